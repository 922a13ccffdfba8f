# lib_tmux.sh - drive the real console in a private tmux server.
#
# Sourced by tests/e2e/console_*.sh.  Needs CPDESK, TOP and WORK (see
# tests/tools/run-e2e.sh).  Every wait polls capture-pane until the text
# appears (10 s at most), never a fixed sleep.

export CPDESK_DATADIR="$TOP/data"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR CPDESK_DB
T_N=0
TMUX_SOCK="cpdesk-test-$$-0"
TODAY=2027-05-10
DB="$WORK/db"

t_tmux() { tmux -u -L "$TMUX_SOCK" -f /dev/null "$@"; }

t_cleanup() {
	t_tmux kill-server >/dev/null 2>&1 || true
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK"
}
trap t_cleanup EXIT INT TERM

fail() {
	echo "FAIL: $*"
	echo "---- screen ----"
	t_screen 2>/dev/null
	echo "----------------"
	exit 1
}

# cpdesk with the test store and the fixed date.
cpd() { "$CPDESK" --db "$DB" --today "$TODAY" "$@"; }

# A small borough: one of each role, a child with an ICPC a week away
# (some of the social worker's steps are already overdue).
t_store() {
	cpd init --policy "$TOP/policies/generic.yaml" >/dev/null || exit 1
	cpd worker add sserv --name "Sam Service" --role service-manager >/dev/null &&
	cpd worker add tman --name "Tom Manager" --role team-manager \
	    --manager sserv >/dev/null &&
	cpd worker add asocial --name "Ann Social" --role social-worker \
	    --manager tman >/dev/null &&
	cpd worker add cchair --name "Carol Chair" --role cp-chair >/dev/null &&
	cpd worker add mminute --name "Mo Minute" --role minute-taker >/dev/null &&
	cpd worker add qadmin --name "Quinn Admin" --role qa-admin >/dev/null &&
	cpd child add AB123 --name "Ada Brown" --social-worker asocial \
	    --dob 2019-03-02 --cin-since 2027-04-01 --family-reports post >/dev/null &&
	cpd meeting add AB123 icpc 2027-05-17 --time 10:00 --chair cchair \
	    --minute-taker mminute --anchor s47-start=2027-04-26 >/dev/null ||
	    { echo "FAIL: could not build the store"; exit 1; }
}

# A second case, out of the first's reach: bsocial (social worker, no
# manager) has CD456, whose ICPC dchair chairs.
t_second_case() {
	cpd worker add bsocial --name "Bea Social" --role social-worker >/dev/null &&
	cpd worker add dchair --name "Dan Chair" --role cp-chair >/dev/null &&
	cpd child add CD456 --name "Cy Dean" --social-worker bsocial >/dev/null &&
	cpd meeting add CD456 icpc 2027-05-18 --time 14:00 --chair dchair \
	    --minute-taker mminute --anchor s47-start=2027-04-27 >/dev/null ||
	    fail "could not add the second case"
}

# t_start COLS ROWS ARGS... - open the console in a new session.  The
# shell after it prints the exit status, so tests can see how it ended.
t_start() {
	cols=$1 rows=$2
	shift 2
	# a fresh server each time: a killed one may still hold its socket
	T_N=$((T_N + 1))
	TMUX_SOCK="cpdesk-test-$$-$T_N"
	t_tmux new-session -d -x "$cols" -y "$rows" \
	    "TERM=${T_TERM:-screen} $CPDESK --db '$DB' --today $TODAY $*; echo \"[exit \$?]\"; sleep 600" ||
	    fail "tmux would not start"
}

t_screen() { t_tmux capture-pane -p -t 0; }
t_keys() { t_tmux send-keys -t 0 "$@"; }
# Literal text (no key names).
t_type() { t_tmux send-keys -t 0 -l "$1"; }

# t_wait TEXT [SECONDS] - until TEXT is on screen.
t_wait() {
	limit=$(( ${2:-10} * 10 )) n=0
	while [ $n -lt $limit ]; do
		t_screen | grep -F -q -- "$1" && return 0
		n=$((n + 1))
		sleep 0.1
	done
	fail "timed out waiting for: $1"
}

# t_gone TEXT [SECONDS] - until TEXT is no longer on screen.
t_gone() {
	limit=$(( ${2:-10} * 10 )) n=0
	while [ $n -lt $limit ]; do
		t_screen | grep -F -q -- "$1" || return 0
		n=$((n + 1))
		sleep 0.1
	done
	fail "timed out waiting for this to go: $1"
}

# t_resize COLS ROWS
t_resize() { t_tmux resize-window -t 0 -x "$1" -y "$2"; }

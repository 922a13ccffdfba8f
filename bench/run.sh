#!/bin/sh
# run.sh - cpdesk's benchmark (issue 7); doc/performance.md explains it.
#
#   sh bench/run.sh BUILD_DIR        (make bench runs it)
#
# BENCH_SCALES   "borough county" (default) or add "national"
# BENCH_REPS     whole-process repetitions (default 30)
# BENCH_SIDE     0 skips the calcurse / taskwarrior comparison
# BENCH_CONSOLE  console runs in tmux (default 10)
# BENCH_LIST_REPS runs of each list (default 30 borough, 10 county, 3 national)
# BENCH_PRIV     0 skips the setgid comparison (root only: a setgid install
#                of its own, timed on a shared store and on one's own)
# BENCH_BEFORE   another cpdesk binary (an earlier build): the queue, the
#                lists and the console's first screen are also timed with
#                it in the same run and the ratios printed; the queue and
#                the lists run in turn with this build's (A B A B), with
#                the ratio pair by pair too.  On the same store when it
#                reads it; when it does not (a store schema newer than it
#                knows), on a store of its own made by its own generator
#                (BENCH_BEFORE_GEN, default bench-gen beside it) from its
#                own tree's policy (BENCH_BEFORE_POLICY, default
#                ../policies/generic.yaml from its directory) with the same
#                children, seed and day: the store that build's bench made
# BENCH_FAMILIES 0: a store without families (the generator's shape before
#                issue 16); default: a third of ICPCs for 2-4 siblings
# Prints ONE table on stdout; progress on stderr.  Never fails on timing.
set -u
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $B in /*) ;; *) B=$top/$B ;; esac
CPDESK=$B/cpdesk REPS=$B/bench-reps GEN=$B/bench-gen QUEUE=$B/bench-queue
MINS=$B/bench-minscreen TMUXT=$B/bench-tmuxtime
SCALES=${BENCH_SCALES:-borough county}
N=${BENCH_REPS:-30}
CN=${BENCH_CONSOLE:-10}
TODAY=2025-03-10
LISTS="week fortnight month exceptions case-mapping"
CPDESK_DATADIR=$top/data; export CPDESK_DATADIR
work=$(mktemp -d "${TMPDIR:-/tmp}/cpdesk-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
say() { echo "bench: $*" >&2; }
row() { printf '| %-46s | %-8s | %12s | %12s | %10s | %s\n' "$@"; }
ms() { awk -v u="$1" 'BEGIN { if (u < 0) print "failed"; else printf "%.2f ms", u / 1000 }'; }
us() { awk -v u="$1" 'BEGIN { printf "%.1f us", u }'; }
secs() { awk -v u="$1" 'BEGIN { printf "%.2f s", u / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.1fx", a / b; else print "-" }'; }
pair() { awk -v r="$1" 'BEGIN { printf "%.2fx", r }'; }   # bench-reps --vs: median of A/B
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print -1 }'; }
p95() { sort -n | awk '{ a[NR] = $1 } END { if (NR) { i = int(NR * 0.95 + 0.5); if (i < 1) i = 1; print a[i] } else print -1 }'; }
# keep FIGURE SCALE VALUE: remembered for the growth rows
keep() { echo "$1 $2 $3" >>"$work/figures"; }
: >"$work/figures"

children_of() { case $1 in borough) echo 1000;; county) echo 10000;; national) echo 150000;; esac; }
# fewer runs of what takes seconds at national scale
reps_for() {
	[ -n "${BENCH_LIST_REPS:-}" ] && { echo "$BENCH_LIST_REPS"; return; }
	case $1 in national) echo 3;; county) echo 10;; *) echo "$N";; esac
}

# ---- the console in a real terminal (tmux) --------------------------------
# bench/tmuxtime.c streams the pane's output through tmux's control mode:
# no polling.  The marker is on the last line each program draws.
console_bench() {   # db login scale
	db=$1 login=$2 sc=$3
	if ! command -v tmux >/dev/null 2>&1; then
		row "console in tmux" "$sc" "no tmux" "" "" ""
		return
	fi
	say "$sc: console in tmux ($CN runs; j, then d Enter Enter y marks a task done)"
	"$TMUXT" "$CN" 100x30 "q quit" "j=~" "d=Mark the task done" \
	    "Enter=>Done on" "Enter=Confirm:" "y=Done:" -- "$CPDESK" --db "$db" --as "$login" \
	    --today $TODAY >"$work/tc" 2>"$work/tc.err"
	say "$sc: minimal ncurses program, and a plain one, in tmux"
	"$TMUXT" "$CN" 100x30 MINSCREEN-DRAWN -- "$MINS" x >"$work/tm" 2>>"$work/tc.err"
	"$TMUXT" "$CN" 100x30 MINSCREEN-PLAIN -- "$MINS" --plain >"$work/tp" 2>>"$work/tc.err"
	[ -s "$work/tc.err" ] && say "tmuxtime: $(sort "$work/tc.err" | uniq -c | head -5)"
	get() { awk -v k="$2" -v c="$3" '$1 == k { print $c; f = 1 } END { if (!f) print -1 }' "$work/$1"; }
	cm=$(get tc first 2) mm=$(get tm first 2) pm=$(get tp first 2)
	ci=$(get tc inside 2) mi=$(get tm inside 2)
	row "console first screen, tmux" "$sc" "$(ms ${cm:--1})" "$(ms "$(get tc first 3)")" \
	    "$(cat "$work/console.rss" 2>/dev/null)" \
	    "$(ratio ${cm:--1} ${mm:--1}) minscreen; $(get tc first 4)/$CN runs"
	row "  the same, its own figure (CPDESK_TIMING)" "$sc" "$(ms ${ci:--1})" \
	    "$(ms "$(get tc inside 3)")" "" "from ui_console_run to the first refresh"
	if [ -n "${BENCH_BEFORE:-}" ] && [ -n "$bdb" ]; then
		say "$sc: console in tmux with $BENCH_BEFORE ($CN runs)"
		"$TMUXT" "$CN" 100x30 "q quit" "j=~" -- "$BENCH_BEFORE" --db "$bdb" \
		    --as "$blogin" --today $TODAY >"$work/tb" 2>>"$work/tc.err"
		bm=$(get tb first 2)
		row "  the same with BENCH_BEFORE" "$sc" "$(ms ${bm:--1})" \
		    "$(ms "$(get tb first 3)")" "" "now/before $(ratio ${cm:--1} ${bm:--1})"
	fi
	row "minscreen first screen, tmux" "$sc" "$(ms ${mm:--1})" "$(ms "$(get tm first 3)")" \
	    "" "its own figure $(ms ${mi:--1})"
	row "plain program first output, tmux (floor)" "$sc" "$(ms ${pm:--1})" \
	    "$(ms "$(get tp first 3)")" "" "what tmux takes to start anything"
	row "console key j (selection) to redraw" "$sc" "$(ms "$(get tc key:j 2)")" \
	    "$(ms "$(get tc key:j 3)")" "" "to the last chunk of the redraw"
	row "console key y (mark done: write) to redraw" "$sc" "$(ms "$(get tc key:y 2)")" \
	    "$(ms "$(get tc key:y 3)")" "" "after d, Enter, Enter: one transaction + redraw"
	keep first "$sc" "${cm:--1}"
	keep first_inside "$sc" "${ci:--1}"
	keep key_j "$sc" "$(get tc key:j 2)"
	keep key_done "$sc" "$(get tc key:y 2)"
}

# Peak RSS of the console: one run under /usr/bin/time inside tmux.
console_rss() {   # db login
	[ -x /usr/bin/time ] && command -v tmux >/dev/null 2>&1 || return
	"$TMUXT" 1 100x30 "q quit" -- /usr/bin/time -f '%M' -o "$work/console.rss" \
	    "$CPDESK" --db "$1" --as "$2" --today $TODAY >/dev/null 2>&1
	[ -s "$work/console.rss" ] && sed -i 's/$/ KB/' "$work/console.rss"
}

# ---- policy use: generic <-> swindon on a copy of the store ---------------
policy_bench() {   # db scale
	db=$1 sc=$2
	k=$(case $sc in national) echo 4;; county) echo 4;; *) echo 10;; esac)
	say "$sc: policy use, $k switches between generic and swindon (a copy of the store)"
	rm -rf "$work/pol"
	cp -r "$db" "$work/pol" || return
	: >"$work/pol.t"
	rss=0 fails=0 i=0
	while [ $i -lt "$k" ]; do
		if [ $((i % 2)) = 0 ]; then p=swindon; else p=generic; fi
		set -- $("$REPS" 1 "$CPDESK" --db "$work/pol" --today $TODAY policy use \
		    "$top/policies/$p.yaml" --reason "bench $i")
		echo "$1" >>"$work/pol.t"
		[ "$3" -gt "$rss" ] && rss=$3
		fails=$((fails + $4))
		i=$((i + 1))
	done
	# what a switch to swindon does (the store is on generic again)
	summary=$("$CPDESK" --db "$work/pol" --today $TODAY policy diff \
	    "$top/policies/swindon.yaml" 2>/dev/null | sed -n 's/^total: //p' | head -1)
	size=$(du -sk "$work/pol" | cut -f1)
	rm -rf "$work/pol"
	m=$(median <"$work/pol.t")
	row "policy use generic <-> swindon" "$sc" "$(ms $m)" "$(ms $(p95 <"$work/pol.t"))" \
	    "$rss KB" "$k switches, fails $fails; store $(du -sk "$db" | cut -f1) -> $size KB; to swindon: $summary"
	keep policy_use "$sc" "$m"
}

# ---- meeting slots (issue 17): the diary's free times ----------------------
# The child of the busiest worker's first open task, its meeting's type,
# chair and minute taker: to the latest lawful date, then six months
# ahead (every chair's, minute taker's and social worker's meetings of
# the window read through their indexes).
slots_bench() {   # db login scale
	db=$1 login=$2 sc=$3
	set -- $("$CPDESK" --db "$db" --today $TODAY task list --user "$login" --tsv |
	    awk -F'\t' 'NR == 2 { print $3, $4, $5 }')
	[ $# = 3 ] || { say "$sc: no open task of $login: no meeting slots row"; return; }
	child=$1 mid=$2 mtype=$3
	"$CPDESK" --db "$db" --today $TODAY meeting show "$mid" >"$work/mshow" 2>/dev/null
	chair=$(sed -n 's/^  Chair: *//p' "$work/mshow")
	clerk=$(sed -n 's/^  Minute taker: *//p' "$work/mshow")
	to=$(date -d "$TODAY + 6 months" +%F 2>/dev/null || echo 2025-09-10)
	for w in latest "$to"; do
		extra=
		[ "$w" = latest ] || extra="--to $w"
		say "$sc: meeting slots $child $mtype ($w), $N runs"
		n=$("$CPDESK" --db "$db" --today $TODAY meeting slots "$child" "$mtype" \
		    --chair "$chair" --minute-taker "$clerk" --tsv $extra 2>/dev/null | tail -n +2 | wc -l)
		set -- $("$REPS" "$N" "$CPDESK" --db "$db" --today $TODAY meeting slots \
		    "$child" "$mtype" --chair "$chair" --minute-taker "$clerk" --tsv $extra)
		row "meeting slots, to $w" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" \
		    "min $(ms $5), fails $4; $n free times; $child $mtype"
		[ "$w" = latest ] && keep slots "$sc" "$1"
	done
}

# ---- cpdesk team: a manager's workers and their heat map --------------------
# The busiest social worker's team manager (bench/gen.c: social worker N
# reports to team manager N/4, in "Team N/4+1"): every staff record read
# once, then the four workers' children and open tasks from the indexes.
# Then the service manager asking for that team by name, and for their
# whole service: the generator puts every team under one service manager,
# so that row reads every worker's figures (the worst case, not a real
# service's).  BENCH_REPS runs; the whole service as many as the lists.
team_bench() {   # db login scale
	db=$1 login=$2 sc=$3
	n=$(echo "${login#sw}" | sed 's/^0*//')
	case ${n:-0} in *[!0-9]*) say "$sc: $login is no generated social worker: no team rows"; return;; esac
	tm=$(printf 'tm%06d' $((${n:-0} / 4))) team="Team $((${n:-0} / 4 + 1))"
	say "$sc: team as $tm, $N runs"
	set -- $("$REPS" "$N" "$CPDESK" --db "$db" --as "$tm" --today $TODAY team)
	row "team (a team manager's 4 workers)" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" \
	    "min $(ms $5), fails $4; $tm"
	keep team "$sc" "$1"
	say "$sc: team --team '$team' as smsafe, $N runs"
	set -- $("$REPS" "$N" "$CPDESK" --db "$db" --as smsafe --today $TODAY team --team "$team")
	row "team --team NAME (a service manager)" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" \
	    "min $(ms $5), fails $4; $team"
	lr=$(reps_for "$sc")
	say "$sc: team as smsafe (the whole service), $lr runs"
	w=$("$CPDESK" --db "$db" --as smsafe --today $TODAY team --format csv 2>/dev/null | tail -n +2 | wc -l)
	set -- $("$REPS" "$lr" "$CPDESK" --db "$db" --as smsafe --today $TODAY team)
	row "team (the service manager: every team)" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" \
	    "min $(ms $5), fails $4; $w workers"
	keep team_service "$sc" "$1"
}

# The month's case mapping (003 point 4; doc/consultations.md): the list
# the QA administration manager allocates from, and each chair's load.
mapping_bench() {   # db scale
	db=$1 sc=$2
	lr=$(reps_for "$sc")
	say "$sc: consult list --case-mapping-due and consult chairs, $lr runs"
	w=$("$CPDESK" --db "$db" --today $TODAY consult list --case-mapping-due --tsv 2>/dev/null | tail -n +2 | wc -l)
	set -- $("$REPS" "$lr" "$CPDESK" --db "$db" --today $TODAY consult list --case-mapping-due)
	row "consult list --case-mapping-due" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" \
	    "min $(ms $5), fails $4; $w children"
	keep mapping_due "$sc" "$1"
	set -- $("$REPS" "$lr" "$CPDESK" --db "$db" --today $TODAY consult chairs)
	row "consult chairs" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" \
	    "min $(ms $5), fails $4"
}

# ---- privileged: a setgid install on a shared store -------------------------
# As root: build and install cpdesk setgid to a group of the bench's own,
# with its own STATEDIR, put a copy of the store there, and time the
# queue through it (open with the group, then give it up) beside the same
# binary on a store of one's own (gives the group up at once).
priv_bench() {   # db login scale
	[ "${BENCH_PRIV:-1}" != 0 ] && [ "$(id -u)" = 0 ] || return
	g="cpdb$$" pp="$work/priv" ps="$work/priv-state"
	say "$3: a setgid install of its own (group $g), for the privileged queue"
	(cd "$top" && make --no-print-directory -j2 BUILD="$pp/build" \
	    STATEDIR="$ps" GROUP="$g" PREFIX="$pp" install) >"$work/priv.log" 2>&1 ||
	    { say "setgid install failed: $(tail -1 "$work/priv.log")"; return; }
	cp -r "$1" "$ps/bench" && chown -R root:"$g" "$ps/bench" &&
	    chmod 2770 "$ps/bench" && chmod 0660 "$ps/bench"/*.mdb
	pdb=$1 login=$2 sc=$3
	"$REPS" 10 "$pp/bin/cpdesk" --db bench --today $TODAY task list --user "$login" --tsv >/dev/null
	set -- $("$REPS" "$N" "$pp/bin/cpdesk" --db bench --today $TODAY task list --user "$login" --tsv)
	priv=$1
	row "task list --user, setgid, shared store" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" "min $(ms $5), fails $4"
	set -- $("$REPS" "$N" "$CPDESK" --db "$pdb" --today $TODAY task list --user "$login" --tsv)
	row "  the same, not setgid, own store" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" \
	    "setgid/not $(ratio "$priv" "$1"); min $(ms $5)"
	rm -rf "$pp" "$ps"
	groupdel "$g" 2>/dev/null
}

# ---- the policy ---------------------------------------------------------------
# An earlier build (BENCH_BEFORE) may not know a key added since
# (permissions: give:, issue 15): then both binaries run on a copy of the
# policy without it, so both read the same store.  One that does not know
# keys of issue 16 (per-child:, during:) reads a store of its own, made
# from its own tree's policy (BPOLICY), below.
POLICY=$top/policies/generic.yaml BPOLICY=
FAMILIES=${BENCH_FAMILIES:-1}
if [ -n "${BENCH_BEFORE:-}" ]; then
	BGEN=${BENCH_BEFORE_GEN:-$(dirname "$BENCH_BEFORE")/bench-gen}
	if "$BENCH_BEFORE" policy check "$POLICY" >/dev/null 2>&1; then
		BPOLICY=$POLICY
	else
		awk '/^  give:/ { skip = 1; next } skip && /^  [^ ]/ { skip = 0 } !skip' \
		    "$POLICY" >"$work/generic.yaml"
		if "$BENCH_BEFORE" policy check "$work/generic.yaml" >/dev/null 2>&1 &&
		    "$CPDESK" policy check "$work/generic.yaml" >/dev/null 2>&1; then
			POLICY=$work/generic.yaml BPOLICY=$work/generic.yaml
			say "BENCH_BEFORE does not know permissions: give: -- both run on the policy without it"
		else
			BPOLICY=${BENCH_BEFORE_POLICY:-$(dirname "$BENCH_BEFORE")/../policies/generic.yaml}
			"$BENCH_BEFORE" policy check "$BPOLICY" >/dev/null 2>&1 ||
			    { say "BENCH_BEFORE cannot read $POLICY nor $BPOLICY (BENCH_BEFORE_POLICY)"; exit 1; }
			say "BENCH_BEFORE does not read this policy: it gets a store of its own from $BPOLICY"
		fi
	fi
fi

# ---- report timeliness (doc/timeliness.md) -------------------------------
# The month before TODAY and the twelve months before it, text, as the
# store's creator (every child: the most work).  Target: under 1 s at
# national scale.
timeliness_bench() {   # db scale
	db=$1 sc=$2
	lr=$(reps_for "$sc")
	for span in "2025-02-01 2025-02-28 month" "2024-03-01 2025-02-28 year"; do
		set -- $span
		from=$1 to=$2 what=$3
		say "$sc: report timeliness, a $what, $lr runs"
		lines=$("$CPDESK" --db "$db" --today $TODAY report timeliness \
		    --from "$from" --to "$to" 2>/dev/null | wc -l)
		set -- $("$REPS" "$lr" "$CPDESK" --db "$db" --today $TODAY report \
		    timeliness --from "$from" --to "$to")
		row "report timeliness, a $what" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" \
		    "$from..$to; $lines lines; fails $4"
		keep "timeliness_$what" "$sc" "$1"
	done
}

# ---- machine --------------------------------------------------------------
cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
echo "# cpdesk benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $cpu; $(nproc) cores; $mem; Linux $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: whole-process figures over $N runs (lists at county/national: $(reps_for county)/$(reps_for national)), console $CN, in-process 2000; min = the fastest run"
echo
echo "| figure                                         | scale    |       median |          p95 |   peak RSS | note"
echo "|------------------------------------------------|----------|--------------|--------------|------------|-----"

for sc in $SCALES; do
	n=$(children_of "$sc")
	[ -n "$n" ] || { say "unknown scale $sc"; continue; }
	db=$work/$sc
	say "building the $sc store ($n children)"
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$work/gen.rss" "$GEN" "$db" "$POLICY" \
		    "$top/data/bank-holidays.json" "$n" 1 $TODAY $FAMILIES >"$work/gen.out" || continue
		rss=$(cat "$work/gen.rss")
	else
		"$GEN" "$db" "$POLICY" "$top/data/bank-holidays.json" \
		    "$n" 1 $TODAY $FAMILIES >"$work/gen.out" || continue
		rss=?
	fi
	set -- $(cat "$work/gen.out")
	tasks=$8 records=${10} secs=${12} login=${14} meetings=$6
	fam=
	[ $# -ge 26 ] && fam="; $meetings meetings; families ${18}: ${22} of ${20} ICPCs for siblings, ${26} children at ICPCs, ${24} siblings no plan"
	row "build store: $tasks tasks, $records records" "$sc" "${secs} s" "" "${rss} KB" \
	    "$(awk -v t=$tasks -v r=$records -v s=$secs 'BEGIN { printf "%.0f tasks/s, %.0f records/s", t / s, r / s }')$fam"
	keep build_tasks_per_s "$sc" "$(awk -v t=$tasks -v s=$secs 'BEGIN { print t / s }')"

	# BENCH_BEFORE on this store, or on one of its own (bdb, blogin)
	bdb=$db blogin=$login
	if [ -n "${BENCH_BEFORE:-}" ] && ! "$BENCH_BEFORE" --db "$db" --today $TODAY \
	    task list --user "$login" --tsv >/dev/null 2>&1; then
		bdb=$work/$sc-before
		say "BENCH_BEFORE cannot read this store: building the $sc store with $BGEN"
		if "$BGEN" "$bdb" "$BPOLICY" "$top/data/bank-holidays.json" "$n" 1 $TODAY \
		    >"$work/bgen.out"; then
			set -- $(cat "$work/bgen.out")
			blogin=${14}
			row "  BENCH_BEFORE's store: $8 tasks" "$sc" "${12} s" "" "" \
			    "its own generator and policy; ${10} records, $6 meetings; busiest $blogin, open ${16}"
		else
			say "$BGEN failed: no BENCH_BEFORE rows"
			bdb=
		fi
	fi

	say "$sc: queue of $login, whole process"
	if [ -n "${BENCH_BEFORE:-}" ] && [ -n "$bdb" ]; then
		# both warmed alike: the store just built is still being written out
		"$REPS" 10 "$CPDESK" --db "$db" --today $TODAY task list --user "$login" --tsv >/dev/null
		"$REPS" 10 "$BENCH_BEFORE" --db "$bdb" --today $TODAY task list --user "$blogin" --tsv >/dev/null
	fi
	if [ -n "${BENCH_BEFORE:-}" ] && [ -n "$bdb" ]; then
		# in turn, now then before, N pairs
		say "$sc: queue of $login, whole process, in turn with $BENCH_BEFORE ($blogin)"
		set -- $("$REPS" "$N" "$CPDESK" --db "$db" --today $TODAY task list --user "$login" --tsv \
		    --vs "$BENCH_BEFORE" --db "$bdb" --today $TODAY task list --user "$blogin" --tsv)
	else
		set -- $("$REPS" "$N" "$CPDESK" --db "$db" --today $TODAY task list --user "$login" --tsv)
	fi
	row "task list --user (whole process)" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" "min $(ms $5), fails $4; $login"
	keep queue_process "$sc" "$1"
	if [ $# -ge 11 ]; then
		row "  the same with BENCH_BEFORE" "$sc" "$(ms $6)" "$(ms $7)" "$8 KB" \
		    "now/before $(ratio "$1" "$6"), pair by pair $(pair "${11}"); min $(ms ${10}); $blogin"
	fi
	set -- $("$REPS" "$N" "$CPDESK" --version)
	row "cpdesk --version (start-up, its libraries)" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" "min $(ms $5)"
	set -- $("$REPS" "$N" /bin/true)
	row "/bin/true (process start, for scale)" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" "min $(ms $5)"

	say "$sc: queue in process"
	set -- $("$QUEUE" "$db" "$login" 2000)
	row "store_tasks_for_assignee, open ($3 rows)" "$sc" "$(us $1)" "$(us $2)" "$7 KB" ""
	row "store_tasks_for_assignee, all ($6 rows)" "$sc" "$(us $4)" "$(us $5)" "" ""
	keep queue_inproc "$sc" "$1"

	lr=$(reps_for "$sc")
	for l in $LISTS; do
		say "$sc: list $l, $lr runs"
		if [ -n "${BENCH_BEFORE:-}" ] && [ -n "$bdb" ]; then
			set -- $("$REPS" "$lr" "$CPDESK" --db "$db" --today $TODAY list "$l" --date $TODAY \
			    --vs "$BENCH_BEFORE" --db "$bdb" --today $TODAY list "$l" --date $TODAY)
		else
			set -- $("$REPS" "$lr" "$CPDESK" --db "$db" --today $TODAY list "$l" --date $TODAY)
		fi
		lines=$("$CPDESK" --db "$db" --today $TODAY list "$l" --date $TODAY 2>/dev/null | wc -l)
		row "list $l --date $TODAY" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" \
		    "$lines lines; fails $4"
		keep "list_$l" "$sc" "$1"
		keep "list_${l}_rss" "$sc" "$3"
		if [ $# -ge 11 ]; then
			lines=$("$BENCH_BEFORE" --db "$bdb" --today $TODAY list "$l" --date $TODAY 2>/dev/null | wc -l)
			row "  the same with BENCH_BEFORE" "$sc" "$(ms $6)" "$(ms $7)" "$8 KB" \
			    "now/before $(ratio "$1" "$6"), pair by pair $(pair "${11}"); $lines lines; fails $9"
		fi
	done

	timeliness_bench "$db" "$sc"
	slots_bench "$db" "$login" "$sc"
	team_bench "$db" "$login" "$sc"
	mapping_bench "$db" "$sc"

	[ "$sc" = "$(echo $SCALES | awk '{ print $1 }')" ] && priv_bench "$db" "$login" "$sc"
	console_rss "$db" "$login"
	console_bench "$db" "$login" "$sc"
	rm -f "$work/console.rss"
	policy_bench "$db" "$sc"

	[ "$sc" = county ] && cp -r "$db" "$work/side-store" 2>/dev/null
	[ "$sc" = county ] && echo "$login" >"$work/side-login"
	rm -rf "$db" "$work/$sc-before"
done

# ---- growth -------------------------------------------------------------
first=$(echo $SCALES | awk '{ print $1 }'); last=$(echo $SCALES | awk '{ print $NF }')
if [ "$first" != "$last" ]; then
	for k in $(awk '{ print $1 }' "$work/figures" | awk '!seen[$0]++'); do
		a=$(awk -v k=$k -v s=$first '$1 == k && $2 == s { print $3 }' "$work/figures")
		b=$(awk -v k=$k -v s=$last '$1 == k && $2 == s { print $3 }' "$work/figures")
		[ -n "$a" ] && [ -n "$b" ] &&
		    row "growth $last/$first: $k" "" "$(ratio "$b" "$a")" "" "" ""
	done
fi

# ---- side by side: calcurse and taskwarrior ------------------------------
side() {
	if [ ! -d "$work/side-store" ]; then say "side by side needs the county store"; return; fi
	need=
	command -v calcurse >/dev/null 2>&1 || need="$need calcurse"
	command -v task >/dev/null 2>&1 || need="$need taskwarrior"
	if [ -n "$need" ]; then
		if [ "$(id -u)" = 0 ]; then
			say "installing$need from Debian"
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >&2 ||
				{ apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >&2; }
		else
			say "not root: skipping calcurse/taskwarrior (apt-get install$need)"
			row "side by side" "" "skipped: not root" "" "" ""
			return
		fi
	fi
	db=$work/side-store login=$(cat "$work/side-login")
	# the same items: the county store's tasks (due date, assignee)
	"$CPDESK" --db "$db" --today $TODAY task list --all --status any --tsv |
		tail -n +2 >"$work/items.tsv"
	total=$(wc -l <"$work/items.tsv")
	q() { "$CPDESK" --db "$db" --today $TODAY task list --user "$login" --due-before 2025-03-17 --tsv "$@"; }
	set -- $("$REPS" "$N" "$CPDESK" --db "$db" --today $TODAY task list --user "$login" --due-before 2025-03-17 --tsv)
	cpd=$1
	rows=$(q | tail -n +2 | awk -F'\t' '{ n++; if ($2 < "2025-03-10") o++ } END { printf "%d rows (%d overdue)", n, o }')
	row "cpdesk: due for one person in 7 days" "county" "$(ms $1)" "$(ms $2)" "$3 KB" \
	    "over all $total items; $rows; min $(ms $5)"
	# every item of the person, then others up to the count: the other
	# tools hold what cpdesk's answer is made of
	awk -F'\t' -v u="$login" '$9 == u' "$work/items.tsv" >"$work/items.mine"
	awk -F'\t' -v u="$login" '$9 != u' "$work/items.tsv" >"$work/items.others"
	mine=$(wc -l <"$work/items.mine")
	for count in 10000 100000; do
		{ cat "$work/items.mine"; head -n $((count - mine)) "$work/items.others"; } \
		    >"$work/items.$count"
		# calcurse: one appointment a task, "assignee: title"
		cdir=$work/cal.$count; mkdir -p "$cdir"
		awk -F'\t' '{ split($2, d, "-"); printf "%s/%s/%s @ 09:00 -> %s/%s/%s @ 09:30 |%s %s %s\n", d[2], d[3], d[1], d[2], d[3], d[1], $9, $7, $1 }' \
		    "$work/items.$count" >"$cdir/apts"
		: >"$cdir/todo"
		cq() { calcurse -D "$cdir" -Q --from 03/10/2025 --days 7 --filter-pattern "$login "; }
		set -- $("$REPS" 5 calcurse -D "$cdir" -Q --from 03/10/2025 --days 7 --filter-pattern "$login ")
		row "calcurse -Q, $count items" "" "$(ms $1)" "$(ms $2)" "$3 KB" \
		    "$(ratio $1 $cpd) cpdesk; $(cq | grep -c "$login ") rows"
		# taskwarrior: import JSON, project = assignee
		tdir=$work/task.$count; mkdir -p "$tdir"
		printf 'data.location=%s\nconfirmation=off\nverbose=nothing\n' "$tdir" >"$tdir/rc"
		awk -F'\t' 'BEGIN { print "[" } { gsub(/-/, "", $2); sep = (NR > 1) ? "," : ""; printf "%s{\"description\":\"%s %s\",\"project\":\"%s\",\"due\":\"%sT090000Z\",\"status\":\"pending\",\"entry\":\"20250101T000000Z\"}\n", sep, $7, $1, $9, $2 } END { print "]" }' \
		    "$work/items.$count" >"$tdir/in.json"
		TASKRC=$tdir/rc task import "$tdir/in.json" >/dev/null 2>&1
		TASKRC=$tdir/rc; export TASKRC
		set -- $("$REPS" 3 task "project:$login" due.after:2025-03-09 due.before:2025-03-17 export)
		rows=$(task "project:$login" due.after:2025-03-09 due.before:2025-03-17 export 2>/dev/null | grep -c '"uuid"')
		unset TASKRC
		row "taskwarrior project: due.before:, $count items" "" "$(ms $1)" "$(ms $2)" "$3 KB" \
		    "$(ratio $1 $cpd) cpdesk; $rows rows"
	done
}
[ "${BENCH_SIDE:-1}" = 0 ] || side

exit 0

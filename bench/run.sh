#!/bin/sh
# run.sh - cpdesk's benchmark (issue 7); doc/performance.md explains it.
#
#   sh bench/run.sh BUILD_DIR        (make bench runs it)
#
# BENCH_SCALES   "borough county" (default) or add "national"
# BENCH_REPS     whole-process repetitions (default 30)
# BENCH_SIDE     0 skips the calcurse / taskwarrior comparison
# Prints ONE table on stdout; progress on stderr.  Never fails on timing.
set -u
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $B in /*) ;; *) B=$top/$B ;; esac
CPDESK=$B/cpdesk REPS=$B/bench-reps GEN=$B/bench-gen QUEUE=$B/bench-queue
MINS=$B/bench-minscreen
SCALES=${BENCH_SCALES:-borough county}
N=${BENCH_REPS:-30}
TODAY=2025-03-10
CPDESK_DATADIR=$top/data; export CPDESK_DATADIR
work=$(mktemp -d "${TMPDIR:-/tmp}/cpdesk-bench.XXXXXX")
sock=cpbench$$
trap 'tmux -L $sock kill-server 2>/dev/null; rm -rf "$work"' EXIT INT TERM
say() { echo "bench: $*" >&2; }
row() { printf '| %-44s | %-8s | %12s | %12s | %10s | %s\n' "$@"; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f ms", u / 1000 }'; }
us() { awk -v u="$1" 'BEGIN { printf "%.1f us", u }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print 0 }'; }
p95() { sort -n | awk '{ a[NR] = $1 } END { if (NR) { i = int(NR * 0.95 + 0.5); if (i < 1) i = 1; print a[i] } else print 0 }'; }
now_us() { echo $(( $(date +%s%N) / 1000 )); }

children_of() { case $1 in borough) echo 1000;; county) echo 10000;; national) echo 150000;; esac; }

# ---- the console in a real terminal (tmux) ------------------------------
# first_screen NAME MARKER CMD...: start CMD in a fresh 100x30 tmux
# session, poll capture-pane until MARKER shows; prints outside_us.
first_screen() {
	marker=$1; shift
	t0=$(now_us)
	tmux -L $sock -f /dev/null new-session -d -x 100 -y 30 "$*"
	i=0
	while [ $i -lt 4000 ]; do
		if tmux -L $sock capture-pane -p 2>/dev/null | grep -q "$marker"; then
			echo $(( $(now_us) - t0 )); return 0
		fi
		i=$((i + 1))
	done
	echo -1
}
quit_tmux() {
	tmux -L $sock send-keys q 2>/dev/null
	i=0
	while tmux -L $sock has-session 2>/dev/null && [ $i -lt 200 ]; do
		sleep 0.01; i=$((i + 1)); done
	tmux -L $sock kill-server 2>/dev/null
}

console_bench() {   # db login scale
	db=$1 login=$2 sc=$3
	: >"$work/c.out"; : >"$work/c.in"; : >"$work/m.out"; : >"$work/m.in"
	: >"$work/key"
	r=0
	while [ $r -lt 10 ]; do
		o=$(first_screen "Welcome" "CPDESK_TIMING=1 $CPDESK --db $db --as $login --today $TODAY 2>>$work/c.timing")
		echo "$o" >>"$work/c.out"
		# keypress to redraw: j moves the selection
		before=$(tmux -L $sock capture-pane -p)
		t0=$(now_us)
		tmux -L $sock send-keys j
		i=0
		while [ $i -lt 2000 ]; do
			[ "$(tmux -L $sock capture-pane -p)" != "$before" ] && break
			i=$((i + 1))
		done
		echo $(( $(now_us) - t0 )) >>"$work/key"
		quit_tmux
		o=$(first_screen "MINSCREEN-DRAWN" "CPDESK_TIMING=1 $MINS 2>>$work/m.timing")
		echo "$o" >>"$work/m.out"
		quit_tmux
		r=$((r + 1))
	done
	sed -n 's/.*first screen in \([0-9.]*\) ms/\1/p' "$work/c.timing" |
		awk '{ print $1 * 1000 }' >"$work/c.in"
	sed -n 's/.*first screen in \([0-9.]*\) ms/\1/p' "$work/m.timing" |
		awk '{ print $1 * 1000 }' >"$work/m.in"
	rm -f "$work/c.timing" "$work/m.timing"
	cm=$(median <"$work/c.out"); cp=$(p95 <"$work/c.out")
	mm=$(median <"$work/m.out"); mp=$(p95 <"$work/m.out")
	row "console first screen, tmux (outside)" "$sc" "$(ms $cm)" "$(ms $cp)" "" \
	    "$(awk -v a=$cm -v b=$mm 'BEGIN { printf "%.1fx minscreen", b ? a / b : 0 }')"
	row "console first screen, CPDESK_TIMING (inside)" "$sc" \
	    "$(ms $(median <"$work/c.in"))" "$(ms $(p95 <"$work/c.in"))" "" ""
	row "minscreen first screen, tmux (outside)" "$sc" "$(ms $mm)" "$(ms $mp)" "" ""
	row "minscreen first screen (inside)" "$sc" \
	    "$(ms $(median <"$work/m.in"))" "$(ms $(p95 <"$work/m.in"))" "" ""
	row "console key j to redraw, tmux" "$sc" "$(ms $(median <"$work/key"))" \
	    "$(ms $(p95 <"$work/key"))" "" ""
	eval "first_$sc=$cm"
}

# ---- machine --------------------------------------------------------------
cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
echo "# cpdesk benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $cpu; $(nproc) cores; $mem; Linux $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: whole-process figures over $N runs, console over 10, in-process over 2000"
echo
echo "| figure                                       | scale    |       median |          p95 |   peak RSS | note"
echo "|----------------------------------------------|----------|--------------|--------------|------------|-----"

for sc in $SCALES; do
	n=$(children_of "$sc")
	[ -n "$n" ] || { say "unknown scale $sc"; continue; }
	db=$work/$sc
	say "building the $sc store ($n children)"
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$work/gen.rss" "$GEN" "$db" "$top/policies/generic.yaml" \
		    "$top/data/bank-holidays.json" "$n" 1 $TODAY >"$work/gen.out" || continue
		rss=$(cat "$work/gen.rss")
	else
		"$GEN" "$db" "$top/policies/generic.yaml" "$top/data/bank-holidays.json" \
		    "$n" 1 $TODAY >"$work/gen.out" || continue
		rss=?
	fi
	set -- $(cat "$work/gen.out")
	tasks=$8 records=${10} secs=${12} login=${14}
	row "build store: $tasks tasks, $records records" "$sc" "${secs} s" "" "${rss} KB" \
	    "$(awk -v t=$tasks -v r=$records -v s=$secs 'BEGIN { printf "%.0f tasks/s, %.0f records/s", t / s, r / s }')"
	eval "build_$sc=\$(awk -v t=$tasks -v s=$secs 'BEGIN { print t / s }')"

	say "$sc: queue of $login, whole process"
	set -- $("$REPS" "$N" "$CPDESK" --db "$db" --today $TODAY task list --user "$login" --tsv)
	row "task list --user (whole process)" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" "fails $4"
	eval "proc_$sc=$1"
	set -- $("$REPS" "$N" /bin/true)
	row "/bin/true (process start, for scale)" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" ""

	say "$sc: queue in process"
	set -- $("$QUEUE" "$db" "$login" 2000)
	row "store_tasks_for_assignee, open ($3 rows)" "$sc" "$(us $1)" "$(us $2)" "$7 KB" ""
	row "store_tasks_for_assignee, all ($6 rows)" "$sc" "$(us $4)" "$(us $5)" "" ""
	eval "inproc_$sc=$1"

	if command -v tmux >/dev/null 2>&1; then
		say "$sc: console in tmux"
		console_bench "$db" "$login" "$sc"
	else
		row "console first screen" "$sc" "no tmux" "" "" ""
	fi

	if "$CPDESK" policy use --help >/dev/null 2>&1; then
		set -- $("$REPS" 3 "$CPDESK" --db "$db" --today $TODAY policy use "$top/policies/hounslow.yaml")
		row "policy use (recompute open tasks)" "$sc" "$(ms $1)" "$(ms $2)" "$3 KB" "fails $4"
	else
		row "policy use" "$sc" "not built yet" "" "" ""
	fi
	if "$CPDESK" list --help >/dev/null 2>&1; then
		row "list week" "$sc" "see cpdesk list" "" "" ""
	else
		row "list week (lists issue)" "$sc" "not built yet" "" "" ""
	fi
	[ "$sc" = county ] && cp -r "$db" "$work/side-store" 2>/dev/null
	[ "$sc" = county ] && echo "$login" >"$work/side-login"
	rm -rf "$db"
done

# ---- growth -------------------------------------------------------------
first=$(echo $SCALES | awk '{ print $1 }'); last=$(echo $SCALES | awk '{ print $NF }')
if [ "$first" != "$last" ]; then
	for k in build proc inproc first; do
		eval "a=\${${k}_$first:-}; b=\${${k}_$last:-}"
		[ -n "$a" ] && [ -n "$b" ] && row "growth $last/$first: $k" "" \
		    "$(awk -v a=$a -v b=$b 'BEGIN { printf "%.2fx", a ? b / a : 0 }')" "" "" ""
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
	set -- $("$REPS" "$N" "$CPDESK" --db "$db" --today $TODAY task list --user "$login" --due-before 2025-03-17 --tsv)
	cpd=$1
	row "cpdesk: due for one person in 7 days ($(wc -l <"$work/items.tsv") items)" "county" "$(ms $1)" "$(ms $2)" "$3 KB" "1.0x"
	for count in 10000 100000; do
		head -n $count "$work/items.tsv" >"$work/items.$count"
		# calcurse: one appointment a task, "assignee: title"
		cdir=$work/cal.$count; mkdir -p "$cdir"
		awk -F'\t' '{ split($2, d, "-"); printf "%s/%s/%s @ 09:00 -> %s/%s/%s @ 09:30 |%s %s %s\n", d[2], d[3], d[1], d[2], d[3], d[1], $9, $7, $1 }' \
		    "$work/items.$count" >"$cdir/apts"
		: >"$cdir/todo"
		set -- $("$REPS" 5 calcurse -D "$cdir" -Q --from 03/10/2025 --days 7 --filter-pattern "$login ")
		row "calcurse -Q, $count items" "" "$(ms $1)" "$(ms $2)" "$3 KB" \
		    "$(awk -v a=$1 -v b=$cpd 'BEGIN { printf "%.0fx cpdesk", a / b }')"
		# taskwarrior: import JSON, project = assignee
		tdir=$work/task.$count; mkdir -p "$tdir"
		printf 'data.location=%s\nconfirmation=off\nverbose=nothing\n' "$tdir" >"$tdir/rc"
		awk -F'\t' 'BEGIN { print "[" } { gsub(/-/, "", $2); sep = (NR > 1) ? "," : ""; printf "%s{\"description\":\"%s %s\",\"project\":\"%s\",\"due\":\"%sT090000Z\",\"status\":\"pending\",\"entry\":\"20250101T000000Z\"}\n", sep, $7, $1, $9, $2 } END { print "]" }' \
		    "$work/items.$count" >"$tdir/in.json"
		TASKRC=$tdir/rc task import "$tdir/in.json" >/dev/null 2>&1
		TASKRC=$tdir/rc; export TASKRC
		set -- $("$REPS" 3 task "project:$login" due.after:2025-03-09 due.before:2025-03-17 export)
		unset TASKRC
		row "taskwarrior project: due.before:, $count items" "" "$(ms $1)" "$(ms $2)" "$3 KB" \
		    "$(awk -v a=$1 -v b=$cpd 'BEGIN { printf "%.0fx cpdesk", a / b }')"
	done
}
[ "${BENCH_SIDE:-1}" = 0 ] || side

exit 0

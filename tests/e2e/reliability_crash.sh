#!/bin/sh
# reliability_crash.sh - SIGKILL every kind of small write at a random
# point (crash_kill.sh covers import and demo): meeting add (a loop of
# adds), meeting move, task done, policy use and reassign (after each
# reassign kill: all of the worker's children and open tasks moved, or
# none; every social-worker task is with its child's social worker).  Each run starts a loop of writes and kills the
# cpdesk process running at a seeded random moment.  After every kill:
# the store opens, check-store passes (indexes match records, every
# meeting has the tasks of its policy timeline), and every write that was
# acknowledged before the kill (exit 0, and the id printed for adds) is
# there.  CRASH_RUNS kills per kind (default 4; make torture: 500);
# CRASH_SEED replays a run.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
seed=${CRASH_SEED:-$$}
RUNS=${CRASH_RUNS:-4}
OPS=${CRASH_OPS:-200}        # writes a loop may do before it is killed
MAXDELAY=${CRASH_DELAY:-0.4} # seconds: kills land within this
echo "CRASH_SEED=$seed CRASH_RUNS=$RUNS"
DB="$WORK/store"
T=$(printf '\t')
fail=0 total_kills=0 total_acked=0
cpd() { "$CPDESK" --db "$DB" --today 2025-03-12 "$@"; }
# The ops below run "$CPDESK" directly (not through cpd) so that $! is
# the cpdesk process itself, the one to kill.
C="--db $DB --today 2025-03-12"
bad() { echo "FAIL $*"; fail=1; }

loop_pid=""
cleanup() {
	[ -n "$loop_pid" ] && kill "$loop_pid" 2>/dev/null
	cur=$(cat "$WORK/cur" 2>/dev/null)
	[ -n "$cur" ] && is_cpdesk "$cur" && kill -9 "$cur" 2>/dev/null
	wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# The store: 40 social workers, a chair, a minute taker, 80 children.
awk 'BEGIN {
	print "record,login,name,roles,manager,id,social_worker,child,type,date,chair,minute_taker"
	print "worker,kchair,K Chair,cp-chair,,,,,,,,"
	print "worker,kchair2,K Chair Two,cp-chair,,,,,,,,"
	print "worker,kmt,K Minutes,minute-taker,,,,,,,,"
	for (i = 1; i <= 40; i++) printf "worker,ksw%d,Worker %d,social-worker,,,,,,,,\n", i, i
	for (i = 1; i <= 80; i++) printf "child,,Child %d,,,K%d,ksw%d,,,,,\n", i, i, i % 40 + 1
	for (i = 1; i <= 80; i++) printf "meeting,,,,,,,K%d,icpc,2025-04-%02d,kchair,kmt\n", i, i % 28 + 1
}' >"$WORK/setup.csv"
cpd init --policy policies/generic.yaml 2>/dev/null || { echo "FAIL init"; exit 1; }
cpd import "$WORK/setup.csv" >/dev/null 2>&1 || { echo "FAIL import"; exit 1; }

delay() { # RUN: a seeded random delay in [0, MAXDELAY)
	awk -v s="$seed" -v r="$1" -v m="$MAXDELAY" \
	    'BEGIN { srand(s * 1000 + r); printf "%.3f", rand() * m }'
}
pick() { # RUN N: a seeded number in 1..N
	awk -v s="$seed" -v r="$1" -v n="$2" \
	    'BEGIN { srand(s * 7 + r); printf "%d", int(rand() * n) + 1 }'
}
is_cpdesk() { # PID: still a cpdesk process (not a reused pid)?
	[ ! -d /proc ] || [ "$(cat "/proc/$1/comm" 2>/dev/null)" = cpdesk ]
}

# The ops: op_KIND I starts one cpdesk in the background ($! its pid)
# after writing what it is about to do to $WORK/inflight; ack_KIND I
# records it in $WORK/acked after exit 0.
day() { printf '2025-04-%02d' $(($1 % 28 + 1)); }
op_add() {
	echo "K$(($1 % 80 + 1))" >"$WORK/inflight"
	"$CPDESK" $C meeting add "K$(($1 % 80 + 1))" icpc "$(day "$1")" --chair kchair --force --reason "a test date" \
	    --minute-taker kmt >"$WORK/op.out" 2>"$WORK/op.err" &
}
ack_add() {
	id=$(cat "$WORK/op.out")
	case $id in ''|*[!0-9]*) echo "add $1: no id printed: $id" >>"$WORK/bad"; return ;; esac
	echo "$id" >>"$WORK/acked"
}
op_move() {
	m=$(sed -n "$(($1 % $(wc -l <"$WORK/targets") + 1))p" "$WORK/targets")
	echo "$m $(day $(($1 * 5 + run)))" >"$WORK/inflight"
	"$CPDESK" $C meeting move "$m" "$(day $(($1 * 5 + run)))" --reason "crash test $run" --force \
	    >"$WORK/op.out" 2>"$WORK/op.err" &
}
ack_move() { cat "$WORK/inflight" >>"$WORK/acked"; }
op_done() {
	k=$(sed -n "${1}p" "$WORK/targets")
	if [ -z "$k" ]; then echo "" >"$WORK/inflight"; true & return; fi
	echo "$k" >"$WORK/inflight"
	"$CPDESK" $C task done "$k" --note "crash $run" >"$WORK/op.out" 2>"$WORK/op.err" &
}
ack_done() { [ -s "$WORK/inflight" ] && cat "$WORK/inflight" >>"$WORK/acked"; }
op_policy() {
	p=policies/generic.yaml
	[ $(($1 % 2)) = 1 ] && p=policies/hounslow.yaml
	echo "$p" >"$WORK/inflight"
	"$CPDESK" $C policy use "$p" --reason "crash test $run" >"$WORK/op.out" 2>"$WORK/op.err" &
}
ack_policy() { cat "$WORK/inflight" >>"$WORK/acked"; }
# What FROM holds before (children, open tasks): after a kill it holds
# all of it (not applied) or none (applied), never part.
holds() { # LOGIN
	nc=$(cpd child list --social-worker "$1" --tsv | tail -n +2 | wc -l)
	nt=$(cpd task list --user "$1" --tsv | tail -n +2 | wc -l)
	echo "$nc $nt" | tr -s ' '
}
op_reassign() {
	a=$(($1 % 40 + 1)) b=$((($1 + 1) % 40 + 1))
	echo "ksw$a ksw$b $(holds "ksw$a")" >"$WORK/inflight"
	"$CPDESK" $C reassign --from "ksw$a" --to "ksw$b" --reason "crash test $run" \
	    >"$WORK/op.out" 2>"$WORK/op.err" &
}
ack_reassign() { cat "$WORK/inflight" >>"$WORK/acked"; }

# writes KIND: the loop; ends at OPS or when its cpdesk was killed.
writes() {
	i=0
	while [ $i -lt "$OPS" ]; do
		i=$((i + 1))
		"op_$1" $i
		echo $! >"$WORK/cur.new" && mv "$WORK/cur.new" "$WORK/cur"
		wait $!
		rc=$?
		if [ $rc = 0 ]; then
			"ack_$1" $i
		elif [ $rc -ge 128 ]; then
			touch "$WORK/killed"
			return
		else
			echo "$1 $i: exit $rc: $(cat "$WORK/op.err")" >>"$WORK/bad"
		fi
	done
}

# crash KIND RUN: one loop, one kill, then the checks common to all.
crash() {
	rm -f "$WORK/acked" "$WORK/killed" "$WORK/cur" "$WORK/bad" "$WORK/inflight"
	: >"$WORK/acked"
	writes "$1" &
	loop_pid=$!
	sleep "$(delay "$2")"
	# Kill whichever cpdesk is running now; poll until one was killed
	# (the loop saw exit 137) or the loop ran out of writes.
	while [ ! -f "$WORK/killed" ] && kill -0 "$loop_pid" 2>/dev/null; do
		cur=$(cat "$WORK/cur" 2>/dev/null)
		[ -n "$cur" ] && is_cpdesk "$cur" && kill -9 "$cur" 2>/dev/null
		sleep 0.002
	done
	wait "$loop_pid"
	loop_pid=""
	[ -f "$WORK/bad" ] && { bad "$1 run $2: a write failed:"; cat "$WORK/bad"; }
	if [ -f "$WORK/killed" ]; then
		total_kills=$((total_kills + 1))
	else
		echo "note: $1 run $2: the loop finished before a kill"
	fi
	total_acked=$((total_acked + $(wc -l <"$WORK/acked")))
	if ! cpd check-store >"$WORK/check.out" 2>&1; then
		bad "$1 run $2: check-store after the kill:"; cat "$WORK/check.out"
	fi
	cpd task list --all --status any --tsv >"$WORK/tasks.tsv" 2>"$WORK/list.err" ||
	    { bad "$1 run $2: task list after the kill: $(cat "$WORK/list.err")"; return; }
	[ -z "$(tail -n +2 "$WORK/tasks.tsv" | cut -f1 | sort | uniq -d)" ] ||
	    bad "$1 run $2: a task id twice"
}

# ---- meeting add -----------------------------------------------------------
run=1
while [ $run -le "$RUNS" ]; do
	crash add $run
	# every acknowledged meeting is there (with its tasks: check-store)
	tail -n +2 "$WORK/tasks.tsv" | cut -f4 | sort -u >"$WORK/have"
	sort -u "$WORK/acked" | comm -23 - "$WORK/have" >"$WORK/lost"
	[ -s "$WORK/lost" ] && bad "add run $run: acknowledged meetings missing: $(tr '\n' ' ' <"$WORK/lost")"
	[ -z "$(sort "$WORK/acked" | uniq -d)" ] || bad "add run $run: an id printed twice"
	cat "$WORK/acked" >>"$WORK/all-added"
	run=$((run + 1))
done
[ -z "$(sort "$WORK/all-added" | uniq -d)" ] || bad "add: a meeting id given twice across runs"
echo "meeting add: $(wc -l <"$WORK/all-added") acknowledged adds kept"

# ---- meeting move -----------------------------------------------------------
# The date each meeting should have: its last acknowledged move, or the
# move in flight when the kill landed.
awk -F"$T" 'NR > 1 && $10 == "open" {print $4}' "$WORK/tasks.tsv" | sort -un |
    head -n 60 >"$WORK/targets"
run=1
while [ $run -le "$RUNS" ]; do
	crash move $run
	awk '{last[$1] = $2} END {for (m in last) print m, last[m]}' "$WORK/acked" |
	while read -r m d; do
		shown=$(cpd meeting show "$m" 2>&1 | awk '/^  Date:/ {print $3; exit}')
		[ "$shown" = "$d" ] && continue
		[ -f "$WORK/killed" ] && [ "$(cat "$WORK/inflight")" = "$m $shown" ] && continue
		echo "move run $run: meeting $m is on $shown, want $d"
	done >"$WORK/lost"
	[ -s "$WORK/lost" ] && { bad "acknowledged moves missing:"; cat "$WORK/lost"; }
	run=$((run + 1))
done
echo "meeting move: done"

# ---- task done --------------------------------------------------------------
run=1
while [ $run -le "$RUNS" ]; do
	cpd task list --all --status open --tsv | tail -n +2 | cut -f1 |
	    awk -v s="$seed$run" 'BEGIN {srand(s)} {print rand() "\t" $0}' |
	    sort | cut -f2 >"$WORK/targets"
	crash done $run
	awk -F"$T" 'NR > 1 && $10 == "done" {print $1}' "$WORK/tasks.tsv" | sort -u >"$WORK/have"
	sort -u "$WORK/acked" | comm -23 - "$WORK/have" >"$WORK/lost"
	[ -s "$WORK/lost" ] && bad "done run $run: acknowledged tasks not done: $(tr '\n' ' ' <"$WORK/lost")"
	run=$((run + 1))
done
cpd audit --tsv >"$WORK/audit.tsv"
[ -z "$(awk -F"$T" '$4 == "task.done" {print $5}' "$WORK/audit.tsv" | sort | uniq -d)" ] ||
    bad "task done: a task done twice in the audit"
echo "task done: done"

# ---- policy use, reassign (issue 6): only when cpdesk has them ---------------
has_cmd() { "$CPDESK" --help 2>&1 | grep -q "^  $1 "; }
if has_cmd "policy use"; then
	OPS=${CRASH_POLICY_OPS:-60}
	run=1
	while [ $run -le "$RUNS" ]; do
		crash policy $run
		run=$((run + 1))
	done
	echo "policy use: done"
else
	echo "skipped: policy use (cpdesk --help does not list it yet)"
fi
if has_cmd "reassign"; then
	OPS=${CRASH_REASSIGN_OPS:-60}
	run=1
	while [ $run -le "$RUNS" ]; do
		crash reassign $run
		# all or nothing: the reassignment in flight when the kill landed
		# moved all of FROM's children and open tasks or none of them
		read -r from to nc nt <"$WORK/inflight"
		now=$(holds "$from")
		if [ "$now" != "$nc $nt" ] && [ "$now" != "0 0" ]; then
			bad "reassign run $run: $from -> $to half done: held $nc children and $nt tasks, now $now"
		fi
		# and no child's open social-worker task is with anyone but the
		# child's social worker (a child moved without its tasks, or
		# tasks without their child)
		cpd child list --tsv | tail -n +2 | cut -f1,4 >"$WORK/sw.tsv"
		awk -F"$T" 'NR == FNR {sw[$1] = $2; next}
		    FNR > 1 && $10 == "open" && $8 == "social-worker" && $9 != sw[$3] {print $1 " " $3 " " $9 " " sw[$3]}' \
		    "$WORK/sw.tsv" "$WORK/tasks.tsv" >"$WORK/astray"
		[ -s "$WORK/astray" ] && { bad "reassign run $run: tasks not with their child's social worker:"; head -5 "$WORK/astray"; }
		# every acknowledged reassignment that moved something is audited
		cpd audit --tsv | awk -F"$T" '$4 == "reassign"' >"$WORK/ra.tsv"
		[ "$(wc -l <"$WORK/ra.tsv")" -ge "$(cat "$WORK/acked" "$WORK/acked-all" 2>/dev/null | awk '$3 + $4 > 0' | wc -l)" ] ||
		    bad "reassign run $run: an acknowledged reassignment is not in the audit trail"
		cat "$WORK/acked" >>"$WORK/acked-all"
		run=$((run + 1))
	done
	echo "reassign: done"
else
	echo "skipped: reassign (cpdesk --help does not list it yet)"
fi

echo "crash: $total_kills kills survived, $total_acked acknowledged writes checked"
exit $fail

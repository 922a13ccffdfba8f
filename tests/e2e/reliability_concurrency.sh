#!/bin/sh
# reliability_concurrency.sh - 16 processes at once share out a fixed
# count of operations (CONC_OPS: 320, 160 under the sanitizers; make
# torture: 20000), each mixing writes (meeting add, task done) and reads
# (task list, child show, audit); one more, build/tests/reader_probe,
# opens the store once and times every read transaction meanwhile.
# Afterwards nothing is lost or duplicated: every meeting id printed is
# distinct and there with all its tasks, every task marked done is done
# once in the audit trail, the task count adds up, check-store passes.
# Prints the worst reader wait.  Timing is reported, not asserted (a loaded
# CI machine must not fail the suite); set CONC_MAX_MS to fail past a bound.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
DB="$WORK/store"
T=$(printf '\t')
P=16
OPS=${CONC_OPS:-320}
# under the sanitizers every process is several times slower
[ -n "$CPDESK_SANITIZED" ] && OPS=${CONC_OPS:-160}
PER=$(((OPS + P - 1) / P))
PROBE=${READER_PROBE:-$(dirname "$CPDESK")/tests/reader_probe}
LIMIT=${CONC_MAX_MS:-}
cpd() { "$CPDESK" --db "$DB" --today 2025-03-12 "$@"; }
die() { echo "FAIL $*"; exit 1; }
[ -x "$PROBE" ] || die "no reader probe at $PROBE (make $(basename "$(dirname "$CPDESK")")/tests/reader_probe)"

probe_pid=""
cleanup() { touch "$WORK/stop"; [ -n "$probe_pid" ] && wait "$probe_pid" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
trap 'exit 1' INT TERM

# One social worker (a team manager too, so that they may schedule
# meetings) and child per process, each child with 2 ICPCs a
# process marks done task by task (more when the count is large).
per_child=$(((PER / 4 + 5) / 6 + 1))
awk -v p=$P -v m=$per_child 'BEGIN {
	print "record,login,name,roles,manager,id,social_worker,child,type,date,chair,minute_taker"
	print "worker,chair1,C Chair,cp-chair,,,,,,,,"
	print "worker,mt1,M Minutes,minute-taker,,,,,,,,"
	for (i = 1; i <= p; i++) {
		printf "worker,sw%d,Worker %d,\"social-worker,team-manager\",,,,,,,,\n", i, i
		printf "child,,Child %d,,,C%d,sw%d,,,,,\n", i, i, i
		for (j = 1; j <= m; j++)
			printf "meeting,,,,,,,C%d,icpc,2025-04-%02d,chair1,mt1\n", i, j % 28 + 1
	}
}' >"$WORK/setup.csv"
cpd init --policy policies/generic.yaml 2>/dev/null || die init
cpd import "$WORK/setup.csv" >/dev/null 2>&1 || die import
cpd task list --all --status any --tsv >"$WORK/pre.tsv" || die "task list"
pre_tasks=$(($(wc -l <"$WORK/pre.tsv") - 1))
pre_meetings=$(tail -n +2 "$WORK/pre.tsv" | cut -f4 | sort -u | wc -l)
per=$((pre_tasks / pre_meetings))

# Process i: op n is a meeting add (n % 4 == 0), a task done (1), a task
# list (2), a child show or an audit read (3).
proc() {
	i=$1 n=0
	# tasks the social worker holds: only a step's holder (or their
	# managers, or the policy's closing: roles) may close it
	awk -F"$T" -v c="C$i" -v w="sw$i" \
	    'NR > 1 && $3 == c && $10 == "open" && $9 == w {print $1}' \
	    "$WORK/pre.tsv" >"$WORK/t$i"
	k=0
	while [ $n -lt "$PER" ]; do
		case $((n % 4)) in
		0)	cpd --as "sw$i" meeting add "C$i" icpc "$(printf '2025-05-%02d' $((n % 28 + 1)))" --force --reason "a test date" \
			    --chair chair1 --minute-taker mt1 >>"$WORK/ids$i" \
			    2>>"$WORK/e$i" || echo "add $n" >>"$WORK/f$i" ;;
		1)	k=$((k + 1))
			id=$(sed -n "${k}p" "$WORK/t$i")
			if [ -n "$id" ]; then
				if cpd --as "sw$i" task done "$id" --note "p$i" 2>>"$WORK/e$i"; then
					echo "$id" >>"$WORK/done$i"
				else
					echo "done $id" >>"$WORK/f$i"
				fi
			fi ;;
		2)	cpd task list --all --status any --tsv >"$WORK/r$i.tsv" 2>>"$WORK/e$i" &&
			head -1 "$WORK/r$i.tsv" | grep -q "^id${T}due" || echo "list $n" >>"$WORK/f$i" ;;
		3)	if [ $((n % 8)) = 3 ]; then
				cpd child show "C$i" >/dev/null 2>>"$WORK/e$i" || echo "show $n" >>"$WORK/f$i"
			else
				cpd audit --limit 20 >/dev/null 2>>"$WORK/e$i" || echo "audit $n" >>"$WORK/f$i"
			fi ;;
		esac
		n=$((n + 1))
	done
}

"$PROBE" "$DB" "$WORK/stop" >"$WORK/probe.out" 2>"$WORK/probe.err" &
probe_pid=$!
start=$(date +%s%N)
pids=""
i=1; while [ $i -le $P ]; do proc $i & pids="$pids $!"; i=$((i + 1)); done
for p in $pids; do wait "$p"; done
secs=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
touch "$WORK/stop"
wait "$probe_pid"; prc=$?
probe_pid=""

fail=0
for f in "$WORK"/f*; do
	[ -f "$f" ] || continue
	echo "FAIL process ${f##*/f}:"; cat "$f"; cat "$WORK/e${f##*/f}"; fail=1
done
[ $prc = 0 ] || { echo "FAIL reader probe: $(cat "$WORK/probe.err")"; fail=1; }
cpd check-store >/dev/null || { echo "FAIL check-store"; fail=1; }
cat "$WORK"/ids* >"$WORK/ids" 2>/dev/null
cat "$WORK"/done* >"$WORK/done" 2>/dev/null
adds=$(wc -l <"$WORK/ids") dones=$(wc -l <"$WORK/done")
[ -z "$(sort "$WORK/ids" | uniq -d)" ] || { echo "FAIL: a meeting id printed twice"; fail=1; }
cpd task list --all --status any --tsv >"$WORK/post.tsv"
[ -z "$(tail -n +2 "$WORK/post.tsv" | cut -f1 | sort | uniq -d)" ] ||
    { echo "FAIL: a task id twice"; fail=1; }
tail -n +2 "$WORK/post.tsv" | cut -f4 | sort -u >"$WORK/have"
[ -z "$(sort -u "$WORK/ids" | comm -23 - "$WORK/have")" ] ||
    { echo "FAIL: a meeting printed is missing"; fail=1; }
[ $(($(wc -l <"$WORK/post.tsv") - 1)) = $((pre_tasks + adds * per)) ] ||
    { echo "FAIL: $(($(wc -l <"$WORK/post.tsv") - 1)) tasks, want $((pre_tasks + adds * per))"; fail=1; }
awk -F"$T" 'NR > 1 && $10 == "done" {print $1}' "$WORK/post.tsv" | sort >"$WORK/done.post"
sort "$WORK/done" | cmp -s - "$WORK/done.post" ||
    { echo "FAIL: the tasks done are not the ones marked"; fail=1; }
cpd audit --tsv >"$WORK/audit.tsv"
[ "$(awk -F"$T" '$4 == "task.done"' "$WORK/audit.tsv" | wc -l)" = "$dones" ] ||
    { echo "FAIL: task.done audit entries"; fail=1; }
[ "$(awk -F"$T" '$4 == "meeting.add"' "$WORK/audit.tsv" | wc -l)" = $((pre_meetings + adds)) ] ||
    { echo "FAIL: meeting.add audit entries"; fail=1; }

ops=$((P * PER))
set -- $(sed 's/[a-z_]*=//g' "$WORK/probe.out")
echo "concurrency: $P processes, $ops operations ($adds meetings added, $dones tasks done) in ${secs}s"
echo "reader probe: $1 reads, worst ${2} ms (begin ${3} ms), mean ${4} ms"
[ -z "$LIMIT" ] || awk -v w="$2" -v l="$LIMIT" 'BEGIN { exit !(w < l) }' ||
    { echo "FAIL: a read took ${2} ms (bound $LIMIT ms)"; fail=1; }
exit $fail

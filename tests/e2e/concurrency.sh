#!/bin/sh
# concurrency.sh - 8 cpdesk processes write at once (tasks done, meetings
# added) while 4 others keep reading; afterwards every write is there
# exactly once: the meeting ids the writers printed are distinct and each
# has its tasks, every task marked done is done once in the audit trail,
# ids are unique, and the store is consistent.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
DB="$WORK/store"
T=$(printf '\t')
W=8 PRE=4 NEW=6
cpd() { "$CPDESK" --db "$DB" --today 2025-03-12 "$@"; }
die() { echo "FAIL $*"; exit 1; }

cpd init --policy policies/generic.yaml 2>/dev/null || die init
cpd worker add iro1 --name "Ivo Reviewer" --role iro 2>/dev/null || die iro
cpd worker add mt1 --name "Mo Minutes" --role minute-taker 2>/dev/null || die mt
i=1
while [ $i -le $W ]; do
	cpd worker add "sw$i" --name "Worker $i" --role social-worker,team-manager 2>/dev/null &&
	cpd child add "C$i" --name "Child $i" --social-worker "sw$i" \
	    --looked-after-since 2025-03-03 2>/dev/null ||
	    die "setup $i"
	j=1
	while [ $j -le $PRE ]; do
		cpd meeting add "C$i" cla-review "2025-04-0$j" --chair iro1 --force --reason "a test date" \
		    --minute-taker mt1 >/dev/null 2>&1 || die "meeting $i $j"
		j=$((j + 1))
	done
	i=$((i + 1))
done
cpd task list --all --tsv >"$WORK/pre.tsv" || die "task list"
pre_tasks=$(($(wc -l <"$WORK/pre.tsv") - 1))

# Writer i: every task of child Ci done, and NEW meetings added, mixed.
writer() {
	i=$1 n=0
	# each done by whoever holds it (only they, their managers or the
	# policy's closing: roles may close a step); a pool's by the store's
	# administrator (this user)
	awk -F"$T" -v c="C$i" 'NR > 1 && $3 == c {print $1, $9}' "$WORK/pre.tsv" |
	while read -r id who; do
		case $who in @*) as= ;; *) as="--as $who" ;; esac
		# shellcheck disable=SC2086
		cpd $as task done "$id" --note "w$i" 2>>"$WORK/w$i.err" ||
		    echo "task $id" >>"$WORK/w$i.fail"
		n=$((n + 1))
		if [ $((n % 2)) = 0 ] && [ $((n / 2)) -le $NEW ]; then
			cpd --as "sw$i" meeting add "C$i" cla-review "2025-05-$((10 + n / 2))" --force --reason "a test date" \
			    --chair iro1 --minute-taker mt1 >>"$WORK/w$i.ids" \
			    2>>"$WORK/w$i.err" || echo "meeting $n" >>"$WORK/w$i.fail"
		fi
	done
}
reader() {
	k=0
	while [ ! -f "$WORK/stop" ]; do
		if cpd task list --all --status any --tsv >"$WORK/r$1.tsv" 2>>"$WORK/r$1.err"; then
			head -1 "$WORK/r$1.tsv" | grep -q "^id${T}due" || echo torn >>"$WORK/r$1.fail"
		else
			echo "list failed" >>"$WORK/r$1.fail"
		fi
		cpd audit --limit 5 >/dev/null 2>>"$WORK/r$1.err" || echo audit >>"$WORK/r$1.fail"
		k=$((k + 1))
	done
	echo $k >"$WORK/r$1.count"
}

r=1; while [ $r -le 4 ]; do reader $r & r=$((r + 1)); done
pids=""
i=1; while [ $i -le $W ]; do writer $i & pids="$pids $!"; i=$((i + 1)); done
for p in $pids; do wait "$p"; done
touch "$WORK/stop"; wait

fail=0
for f in "$WORK"/*.fail; do
	[ -f "$f" ] || continue
	echo "FAIL $(basename "$f"):"; cat "$f"; cat "${f%.fail}.err"; fail=1
done
cpd check-store >/dev/null || { echo "FAIL check-store"; fail=1; }
cat "$WORK"/w*.ids >"$WORK/ids"
[ "$(wc -l <"$WORK/ids")" = $((W * NEW)) ] ||
    { echo "FAIL: $(wc -l <"$WORK/ids") meeting ids printed, want $((W * NEW))"; fail=1; }
[ -z "$(sort "$WORK/ids" | uniq -d)" ] || { echo "FAIL: a meeting id printed twice"; fail=1; }
cpd task list --all --status any --tsv >"$WORK/post.tsv"
[ -z "$(tail -n +2 "$WORK/post.tsv" | cut -f1 | sort | uniq -d)" ] ||
    { echo "FAIL: a task id twice"; fail=1; }
per=$((pre_tasks / (W * PRE)))
while read -r id; do
	n=$(awk -F"$T" -v m="$id" '$4 == m' "$WORK/post.tsv" | wc -l)
	[ "$n" = "$per" ] || { echo "FAIL: meeting $id has $n tasks, want $per"; fail=1; }
done <"$WORK/ids"
[ $(($(wc -l <"$WORK/post.tsv") - 1)) = $((pre_tasks + W * NEW * per)) ] ||
    { echo "FAIL: task count"; fail=1; }
done_n=$(awk -F"$T" '$10 == "done"' "$WORK/post.tsv" | wc -l)
[ "$done_n" = "$pre_tasks" ] || { echo "FAIL: $done_n done, want $pre_tasks"; fail=1; }
cpd audit --tsv >"$WORK/audit.tsv"
[ "$(awk -F"$T" '$4 == "task.done"' "$WORK/audit.tsv" | wc -l)" = "$pre_tasks" ] ||
    { echo "FAIL: task.done audit entries"; fail=1; }
[ -z "$(awk -F"$T" '$4 == "task.done" {print $5}' "$WORK/audit.tsv" | sort | uniq -d)" ] ||
    { echo "FAIL: a task done twice in the audit"; fail=1; }
echo "readers made $(cat "$WORK"/r*.count | tr '\n' ' ')passes"
exit $fail

#!/bin/sh
# policy_switch.sh - issue 6: policy show / diff / use and backup.
#  - a store with meetings of each type under generic.yaml;
#  - policy diff against hounslow.yaml and swindon.yaml (and back, after
#    a switch) shows moved/added/dropped with counts; writes nothing;
#  - policy use with a bad file changes nothing (mdb_dump -a identical);
#  - a good switch re-dates open tasks, leaves done and cancelled tasks
#    exactly as they were, adds no task to a cancelled meeting nor due
#    before today, leaves held meetings alone, prints its totals (every change with --verbose), and is
#    in the audit trail with its reason: one policy.use.tasks entry per
#    meeting changed, found by audit --child and --user;
#  - policy show says "changed on disk" after the file is edited, and
#    "not a regular file" (at once) when a FIFO or a link takes its place;
#  - a backup taken while 4 processes write opens (check-store) and holds
#    every transaction committed before it began.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
fail=0
DB="$WORK/store"
T=$(printf '\t')

run() {
	name=$1; shift
	"$CPDESK" --db "$DB" --today "${TODAY:-2025-03-12}" "$@" >"$WORK/$name.out" \
	    2>"$WORK/$name.err"
	rc=$?
}
expect() { # NAME CODE [STDERR-SUBSTRING]
	if [ "$rc" != "$2" ]; then
		echo "FAIL $1: exit $rc, want $2"; cat "$WORK/$1.err"; fail=1
	fi
	if [ -n "${3:-}" ] && ! grep -qF -- "$3" "$WORK/$1.err"; then
		echo "FAIL $1: stderr lacks '$3':"; cat "$WORK/$1.err"; fail=1
	fi
}
has() { # NAME SUBSTRING (in stdout)
	grep -qF -- "$2" "$WORK/$1.out" ||
	    { echo "FAIL $1: stdout lacks '$2':"; cat "$WORK/$1.out"; fail=1; }
}
check() { # WHAT CONDITION...
	what=$1; shift
	"$@" || { echo "FAIL $what"; fail=1; }
}
dump() { mdb_dump -a "$DB" >"$WORK/$1.dump" 2>&1; }

# ---- a store with a meeting of each type -----------------------------------
cp policies/*.yaml "$WORK/"
run init init --policy "$WORK/generic.yaml"; expect init 0
run w1 worker add sm1 --name "Sam Manager" --role service-manager --team "Service"
for w in "tm1|Tia Lead|team-manager|sm1|Team A" "tm2|Tom Lead|team-manager|sm1|Team B" \
         "sw1|Sol Worker|social-worker|tm1|Team A" "sw2|Sue Worker|social-worker|tm2|Team B" \
         "chair1|Cara Chair|cp-chair|sm1|Chairs" "iro1|Ivo Reviewer|iro|sm1|Chairs" \
         "mt1|Mo Minutes|minute-taker||Admin" "qa1|Quin Admin|qa-admin,qa-manager||QA" \
         "sg1|Sian Safeguarding|safeguarding-manager||Safeguarding"; do
	IFS='|' read -r l n r m tm <<EOW
$w
EOW
	run "w_$l" worker add "$l" --name "$n" --role "$r" ${m:+--manager "$m"} \
	    --team "$tm"
	expect "w_$l" 0
done
run c1 child add C1 --name "Ava Child" --social-worker sw1; expect c1 0
run c2 child add C2 --name "Ben Child" --social-worker sw2 \
    --looked-after-since 2025-02-20; expect c2 0
run c3 child add C3 --name "Cal Child" --social-worker sw2; expect c3 0
run m_str meeting add C1 strategy 2025-03-14 --chair chair1 --minute-taker mt1
expect m_str 0
run m_icpc meeting add C1 icpc 2025-04-02 --time 10:00 --chair chair1 \
    --minute-taker mt1 --anchor s47-start=2025-03-10; expect m_icpc 0
run m_rcpc meeting add C3 rcpc 2025-05-20 --time 14:00 --chair chair1 \
    --minute-taker mt1; expect m_rcpc 0
run m_core meeting add C3 core-group 2025-04-10 --minute-taker mt1   # the social worker chairs it
expect m_core 0
run m_cla meeting add C2 cla-review 2025-03-18 --chair iro1 --minute-taker mt1 \
    --anchor care-start=2025-02-20; expect m_cla 0
MI=$(cat "$WORK/m_icpc.out")
run m_cancel meeting add C3 icpc 2025-06-02 --chair chair1 --minute-taker mt1 \
    --anchor s47-start=2025-05-20; expect m_cancel 0
MC=$(cat "$WORK/m_cancel.out")
run cancel meeting cancel "$MC" --reason "Threshold not met"
expect cancel 0
run cancel_ok --as sg1 approve "$(cat "$WORK/cancel.out")"   # 001's approver
expect cancel_ok 0

# the ICPC held early (its outcome recorded): the steps a switch brings
# before its date are history
TODAY=2025-04-02   # the day it is held
run held meeting outcome "$MI" --decision "No plan needed" --plan no-plan
expect held 0
TODAY=

# one done task of the ICPC (its steps before the day were closed as
# missed by the outcome; the chair's decisions, due on the day, are open)
run tl task list --all --tsv; expect tl 0
TK=$(awk -F"$T" -v m="$MI" '$4 == m && $9 == "chair1" {print $1; exit}' "$WORK/tl.out")
run td --as chair1 task done "$TK" --note "Sent"; expect td 0
run before task list --all --status any --tsv; expect before 0
run ok0 check-store; expect ok0 0

# ---- policy show ---------------------------------------------------------
run show policy show; expect show 0
has show "policy:  generic"; has show "matches"

# ---- policy diff: generic -> hounslow / swindon ---------------------------
dump d0
for p in hounslow swindon; do
	run "diff_$p" policy diff "$WORK/$p.yaml"; expect "diff_$p" 0
	has "diff_$p" "policy generic -> $p"
	has "diff_$p" "by meeting type:"; has "diff_$p" "by team:"
	has "diff_$p" "total: moved"
	run "difft_$p" policy diff "$WORK/$p.yaml" --tsv; expect "difft_$p" 0
	check "$p: tsv header" test "$(head -1 "$WORK/difft_$p.out")" = \
	    "change${T}meeting${T}type${T}child${T}team${T}task${T}step${T}from${T}to"
	check "$p: some change" test "$(tail -n +2 "$WORK/difft_$p.out" | wc -l)" -gt 0
	check "$p: done task never in the diff" test -z \
	    "$(awk -F"$T" -v k="$TK" '$6 == k' "$WORK/difft_$p.out")"
done
# hounslow moves ICPC steps (virtual conferences) -- something moved or added
check "hounslow: moved or added" grep -Eq "^(moved|added)$T" "$WORK/difft_hounslow.out"
check "swindon: moved" grep -Eq "^moved$T" "$WORK/difft_swindon.out"
dump d1
check "diff writes nothing" cmp -s "$WORK/d0.dump" "$WORK/d1.dump"

# ---- policy use with a bad file changes nothing ---------------------------
run use_bad policy use tests/policy-bad/unknown-role.yaml --reason "try"
expect use_bad 2 "unknown-role.yaml:"
check "bad: one line" test "$(wc -l <"$WORK/use_bad.err")" = 1
run use_noreason policy use "$WORK/hounslow.yaml"; expect use_noreason 2 "--reason"
run use_missing policy use "$WORK/nope.yaml" --reason x; expect use_missing 2 "nope.yaml"
dump d2
check "bad switch: store byte-for-byte the same records" \
    cmp -s "$WORK/d0.dump" "$WORK/d2.dump"

# ---- a good switch -----------------------------------------------------------
run use policy use "$WORK/hounslow.yaml" --reason "Virtual conferences from April"
expect use 0
has use "policy generic -> hounslow"
has use "by meeting type:"; has use "audit: #"
check "use: the diff's totals" test "$(grep '^total: ' "$WORK/use.out")" = \
    "$(grep '^total: ' "$WORK/diff_hounslow.out")"
check "use: no change listed without --verbose" \
    test -z "$(grep -E '^(moved|added|dropped|reassigned) ' "$WORK/use.out")"
run after task list --all --status any --tsv; expect after 0
# done and cancelled tasks: rows identical
awk -F"$T" '$10 != "open"' "$WORK/before.out" | sort >"$WORK/closed_before"
awk -F"$T" 'NR == FNR {k[$1] = 1; next} ($1 in k)' "$WORK/closed_before" \
    "$WORK/after.out" | sort >"$WORK/closed_after"
check "done/cancelled tasks untouched" cmp -s "$WORK/closed_before" "$WORK/closed_after"
check "the done task is still done" grep -q "^$TK$T.*${T}done\$" "$WORK/after.out"
# every moved row of the diff is now at its new date
awk -F"$T" '$1 == "moved" {print $6 ":" $9}' "$WORK/difft_hounslow.out" | sort >"$WORK/want_moved"
awk -F"$T" '$10 == "open" {print $1 ":" $2}' "$WORK/after.out" | sort >"$WORK/open_after"
check "moved tasks re-dated" test -z "$(comm -23 "$WORK/want_moved" "$WORK/open_after")"
# dropped tasks cancelled, not deleted
for k in $(awk -F"$T" '$1 == "dropped" {print $6}' "$WORK/difft_hounslow.out"); do
	check "dropped task $k cancelled" grep -q "^$k$T.*${T}cancelled\$" "$WORK/after.out"
done
# history: no new task on the cancelled meeting, none before the held one
ids() { awk -F"$T" -v m="$2" '$4 == m {print $1}' "$WORK/$1.out" | sort; }
check "cancelled meeting: no task added" test "$(ids before "$MC")" = "$(ids after "$MC")"
ids before "$MI" >"$WORK/held_before"
check "held meeting: no task added before its date" test -z "$(awk -F"$T" \
    -v m="$MI" 'NR == FNR {k[$1] = 1; next} $4 == m && !($1 in k) && $2 < $6' \
    "$WORK/held_before" "$WORK/after.out")"
run audit audit; expect audit 0
has audit "policy.use"; has audit "Virtual conferences from April"
has audit "policy=generic"; has audit "policy=hounslow"
has audit "policy.use.tasks"; has audit "history="
# what the switch did to a child's tasks: audit --child finds each task
awk -F"$T" 'NR > 1 && $6 != "-" {print $4, $6}' "$WORK/difft_hounslow.out" |
    sort -u >"$WORK/changed_tasks"
check "some task changed" test -s "$WORK/changed_tasks"
while read -r child task; do
	"$CPDESK" --db "$DB" --today 2025-03-12 audit --child "$child" \
	    >"$WORK/auc.out" 2>&1
	grep -A1 " policy.use.tasks meeting:" "$WORK/auc.out" |
	    grep -Eq "[\" ]$task [a-z]" ||
	    { echo "FAIL audit --child $child lacks task $task"; fail=1; }
done <"$WORK/changed_tasks"
run auditt audit --tsv; expect auditt 0
ME=$(awk -F"$T" '$4 == "policy.use" {print $3; exit}' "$WORK/auditt.out")
run auu audit --user "$ME" --tsv; expect auu 0
check "audit --user finds the per-meeting entries" test \
    "$(grep -c "${T}policy.use.tasks${T}" "$WORK/auu.out")" -gt 0
check "one entry per meeting changed" test \
    "$(grep -c "${T}policy.use.tasks${T}" "$WORK/auditt.out")" = \
    "$(awk -F"$T" 'NR > 1 {print $2}' "$WORK/difft_hounslow.out" | sort -u | wc -l)"
run ok1 check-store; expect ok1 0
run show2 policy show; expect show2 0
has show2 "policy:  hounslow"; has show2 "Virtual conferences from April"
run again policy diff "$WORK/hounslow.yaml" --tsv; expect again 0
check "after the switch, diff to itself is empty" \
    test "$(tail -n +2 "$WORK/again.out" | wc -l)" = 0

# every pair of shipped policies: from hounslow, from swindon, and back
# (back to the policy the latest switch replaced: the diff is its undo)
run hou_gen policy diff "$WORK/generic.yaml"; expect hou_gen 0
has hou_gen "generic.yaml is the policy switch 1 replaced: 'policy use' undoes that switch"
has hou_gen "would undo switch 1 (generic -> hounslow"
grep -qF "total: moved" "$WORK/hou_gen.out" &&
    { echo "FAIL hou_gen: a switch's diff, not the undo"; fail=1; }
run back_sw policy diff "$WORK/swindon.yaml"; expect back_sw 0
has back_sw "policy hounslow -> swindon"
run use_sw policy use "$WORK/swindon.yaml" --reason "Swindon procedures" \
    --verbose
expect use_sw 0
# --verbose lists what the diff listed (added lines gain the new task id)
chg() { grep -E "^($2) " "$WORK/$1.out" | sed 's/ task [0-9]* / /' | sort; }
check "--verbose: every change listed" test \
    "$(chg back_sw 'moved|dropped|reassigned|added')" = \
    "$(chg use_sw 'moved|dropped|reassigned|added')"
check "--verbose: some change" test -n "$(chg use_sw 'moved|added|dropped')"
check "--verbose: added tasks have ids" test -z \
    "$(grep '^added ' "$WORK/use_sw.out" | grep -v ' task [0-9][0-9]* ')"
has use_sw "by team:"; has use_sw "total: moved"
run sw_hou policy diff "$WORK/hounslow.yaml"; expect sw_hou 0
has sw_hou "hounslow.yaml is the policy switch 2 replaced"
has sw_hou "would undo switch 2 (hounslow -> swindon"
run back_gen policy diff "$WORK/generic.yaml"; expect back_gen 0
has back_gen "policy swindon -> generic"
run use_gen policy use "$WORK/generic.yaml" --reason "Back to generic"
expect use_gen 0
run ok2 check-store; expect ok2 0
run final task list --all --status any --tsv
check "done task survives three switches" grep -q "^$TK$T.*${T}done\$" "$WORK/final.out"

# ---- policy show notices an edited file --------------------------------------
echo "# local edit" >>"$WORK/generic.yaml"
run show3 policy show; expect show3 0
has show3 "changed on disk"
mv "$WORK/generic.yaml" "$WORK/generic.moved"
run show4 policy show; expect show4 0
has show4 "missing"
run still task list --all --tsv; expect still 0   # works from its copy

# ---- a FIFO or a link in a policy file's place is never read (issue 15) -----
# policy show compares the stored path with its copy: a FIFO there would
# hang an open or read until someone wrote to it.
tmo() { # NAME ARGS...: run with a time limit (exit 124 when it hangs)
	name=$1; shift
	timeout 10 "$CPDESK" --db "$DB" --today 2025-03-12 "$@" \
	    >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null
	rc=$?
}
mkfifo "$WORK/generic.yaml"
tmo fifo_show policy show; expect fifo_show 0
has fifo_show "not a regular file"
tmo fifo_check policy check "$WORK/generic.yaml"
expect fifo_check 2 "generic.yaml: not a regular file"
tmo fifo_diff policy diff "$WORK/generic.yaml"
expect fifo_diff 2 "generic.yaml: not a regular file"
rm "$WORK/generic.yaml"
ln -s "$WORK/generic.moved" "$WORK/generic.yaml"
tmo link_show policy show; expect link_show 0
has link_show "not a regular file"
rm "$WORK/generic.yaml"

# ---- backup while 4 processes write -----------------------------------------
run bk_bad backup "$WORK/d0.dump"; expect bk_bad 2 "not a directory"
mkdir "$WORK/full"; touch "$WORK/full/x"
run bk_full backup "$WORK/full"; expect bk_full 1 "not empty"
N=${BACKUP_OPS:-40}
i=1
while [ $i -le 4 ]; do
	child=C1; [ $((i % 2)) = 0 ] && child=C3
	(
		j=0
		while [ $j -lt "$N" ]; do
			if [ $((i % 2)) = 1 ]; then
				id=$("$CPDESK" --db "$DB" --today 2025-03-12 meeting add $child \
				    strategy 2025-0$((i + 4))-$((j % 20 + 10)) --chair chair1 \
				    --minute-taker mt1 2>/dev/null) && echo "m $id" >>"$WORK/log.$i"
			else
				k=$("$CPDESK" --db "$DB" --today 2025-03-12 --as sw2 task list \
				    --tsv 2>/dev/null | awk -F"$T" 'NR > 1 {print $1}' |
				    sed -n "$((j % 5 + 1))p")
				[ -n "$k" ] && "$CPDESK" --db "$DB" --as sw2 task done "$k" \
				    2>/dev/null && echo "t $k" >>"$WORK/log.$i"
			fi
			j=$((j + 1))
		done
	) &
	eval "pid$i=\$!"
	i=$((i + 1))
done
# wait until each kind of writer has committed (sanitized builds are slow)
n=0
while [ $n -lt 300 ] && ! { [ -s "$WORK/log.1" ] && [ -s "$WORK/log.2" ]; }; do
	sleep 0.1; n=$((n + 1))
done
cat "$WORK"/log.* 2>/dev/null | sort >"$WORK/committed"   # before the backup
run bk backup "$WORK/backup"; expect bk 0
wait "$pid1" "$pid2" "$pid3" "$pid4"
check "writers committed something first" test -s "$WORK/committed"
check "backup is its maker's alone (0700/0600)" test "$(stat -c %a "$WORK/backup") $(stat -c %a "$WORK/backup/data.mdb")" = "700 600"
"$CPDESK" --db "$WORK/backup" check-store >"$WORK/bcheck.out" 2>&1 ||
    { echo "FAIL backup check-store"; cat "$WORK/bcheck.out"; fail=1; }
"$CPDESK" --db "$WORK/backup" task list --all --status any --tsv \
    >"$WORK/btasks" 2>&1 || { echo "FAIL backup task list"; fail=1; }
while read -r kind id; do
	if [ "$kind" = m ]; then
		"$CPDESK" --db "$WORK/backup" meeting show "$id" >/dev/null 2>&1 ||
		    { echo "FAIL backup lacks meeting $id"; fail=1; }
	else
		grep -q "^$id$T.*${T}done\$" "$WORK/btasks" ||
		    { echo "FAIL backup lacks task $id done"; fail=1; }
	fi
done <"$WORK/committed"
echo "backup held $(wc -l <"$WORK/committed") committed writes"
exit $fail

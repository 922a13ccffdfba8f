#!/bin/sh
# policy_undo.sh - issue 18: switches that leave the past alone, and undo.
# On a demo store (today 2027-05-10), generic -> hounslow -> generic:
#  - neither switch adds a task due before today (policy diff lists them
#    as skipped, with a count); meetings before today (held ones among
#    them) keep every task exactly as it was;
#  - switching straight back to generic undoes the first switch: the open
#    tasks (id, due, assignee) are exactly those before it, and
#    check-store agrees;
#  - policy undo puts a switch back the same way, is audited with its
#    reason, and says there is nothing left to undo after;
#  - a task the switch added and someone did since stops the undo (exit 1
#    naming it) unless --force, which leaves it done and puts back the rest.
TODAY=2027-05-10
. "$TOP/tests/e2e/lib_cli.sh"
GEN="$TOP/policies/generic.yaml"
HOU="$TOP/policies/hounslow.yaml"

# open tasks as "id due assignee", sorted
open_tasks() {
	"$CPDESK" --db "$DB" --today "$TODAY" task list --all --tsv |
	    awk -F '\t' 'NR > 1 && $10 == "open" { print $1, $2, $9 }' | sort
}
# every task of the meetings before today, as it is
past_tasks() {
	"$CPDESK" --db "$DB" --today "$TODAY" task list --all --status any --tsv |
	    awk -F '\t' -v t="$TODAY" 'NR > 1 && $6 != "" && $6 < t' | sort
}
same() { # WHAT FILE1 FILE2
	cmp -s "$2" "$3" ||
	    { echo "FAIL $1:"; diff "$2" "$3" | head -20; fail=1; }
}

ok init init --policy "$GEN"
ok demo demo
open_tasks >"$WORK/open0"
past_tasks >"$WORK/past0"
check "the demo has open tasks" test -s "$WORK/open0"
check "the demo has meetings before today" test -s "$WORK/past0"
maxid=$(cut -d ' ' -f 1 "$WORK/open0" | sort -n | tail -1)

# the preview: skipped rows and their count; nothing added in the past
ok diff_tsv policy diff "$HOU" --tsv
skipped=$(awk -F '\t' '$1 == "skipped"' "$WORK/diff_tsv.out" | wc -l)
check "some step would be due before today ($skipped)" test "$skipped" -gt 0
check "no added row due before today" test "$(awk -F '\t' -v t="$TODAY" \
    '$1 == "added" && $9 < t' "$WORK/diff_tsv.out" | wc -l)" = 0
check "every skipped row due before today" test "$(awk -F '\t' -v t="$TODAY" \
    '$1 == "skipped" && $9 >= t' "$WORK/diff_tsv.out" | wc -l)" = 0
ok diff policy diff "$HOU"
has diff "not added: $skipped steps due before today"
has diff "skipped  meeting "
has diff ", skipped $skipped"

# the switch: nothing new due before today; the past untouched
ok use1 policy use "$HOU" --reason "To Hounslow"
has use1 "kept as switch 1"
has use1 "skipped $skipped"
check "no task added due before today" test "$(open_tasks |
    awk -v m="$maxid" -v t="$TODAY" '$1 > m && $2 < t' | wc -l)" = 0
check "the switch added tasks" test "$(open_tasks |
    awk -v m="$maxid" '$1 > m' | wc -l)" -gt 0
past_tasks >"$WORK/past1"
same "meetings before today changed by the switch" "$WORK/past0" "$WORK/past1"
ok check1 check-store

# straight back: the first switch undone, the open tasks as before
ok diff_back policy diff "$GEN"
has diff_back "is the policy switch 1 replaced: 'policy use' undoes that switch"
has diff_back "would undo switch 1 (generic -> hounslow"
ok back policy use "$GEN" --reason "Back to generic"
has back "is the policy switch 1 replaced: undone"
has back "undid switch 1"
open_tasks >"$WORK/open2"
same "open tasks after the round trip" "$WORK/open0" "$WORK/open2"
past_tasks >"$WORK/past2"
same "meetings before today after the round trip" "$WORK/past0" "$WORK/past2"
ok check2 check-store
ok show2 policy show
has show2 "policy:  generic"
run none policy undo
expect none 1 "nothing to undo"

# policy undo, audited with its reason
ok use3 policy use "$HOU" --reason "Hounslow again"
ok undo3 policy undo --reason "Wrong borough"
has undo3 "undid switch 1 (generic -> hounslow"
open_tasks >"$WORK/open3"
same "open tasks after policy undo" "$WORK/open0" "$WORK/open3"
ok audit3 audit --limit 1 --newest-first
has audit3 "policy.undo policy"
has audit3 'reason="Wrong borough"'
ok check3 check-store

# a task the switch added, done since: refused, then --force
ok use4 policy use "$HOU" --reason "Hounslow once more"
added=$(open_tasks | awk -v m="$maxid" '$1 > m { print $1 }' | sort -n |
        tail -1)
ok done4 task done "$added" --note "done under hounslow"
run undo4 policy undo
expect undo4 1 "task $added (done)"
grep -qF -- "--force" "$WORK/undo4.err" ||
    { echo "FAIL undo4: the refusal does not say --force"; fail=1; }
ok show4 policy show
has show4 "policy:  hounslow"
ok force4 policy undo --force
has force4 "left as they are (changed since): 1: task $added (done)"
open_tasks >"$WORK/open4"
same "open tasks after undo --force" "$WORK/open0" "$WORK/open4"
run done_kept task list --all --status done --tsv
has done_kept "$added$T"
ok check4 check-store

exit $fail

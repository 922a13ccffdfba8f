#!/bin/sh
# step_endings.sh - issue 18, item 1 and 2, through the real binary: a
# step ends done (on the day stated), not needed (a reason, by the roles
# the policy's closing: not-needed names) or missed (the outcome closes
# the steps due before the meeting still open, unless --keep-open); only
# the holder, their managers or the closing: for-others roles close a
# step; Hounslow's steps done-by: outcome are done by the outcome; the
# lists and the exception report say missed.
TODAY=2027-05-03
. "$TOP/tests/e2e/lib_cli.sh"

ok init init --policy policies/generic.yaml
ok w1 worker add sm1 --name "Sam Manager" --role service-manager
ok w2 worker add tm1 --name "Tia Lead" --role team-manager --manager sm1
ok w3 worker add sw1 --name "Sol Worker" --role social-worker --manager tm1
ok w4 worker add sw2 --name "Sue Other" --role social-worker --manager tm1
ok w5 worker add ch1 --name "Cara Chair" --role cp-chair
ok w6 worker add mt1 --name "Mo Minutes" --role minute-taker
ok w7 worker add qa1 --name "Quin Admin" --role qa-admin
ok c1 child add C1 --name "Ada Brown" --social-worker sw1
ok c2 child add C2 --name "Ben Green" --social-worker sw1
ok m1 meeting add C1 icpc 2027-05-17 --time 10:00 --chair ch1 --minute-taker mt1 --anchor s47-start=2027-04-26
M=$(cat "$WORK/m1.out")
ok tl task list --all --tsv
# the social worker's invite list (due before the meeting), and the chair's
inv=$(awk -F'\t' '$7 == "invite-list" { print $1 }' "$WORK/tl.out")
chs=$(awk -F'\t' '$8 == "cp-chair" && $6 == "2027-05-17" { print $1; exit }' "$WORK/tl.out")
rep=$(awk -F'\t' '$9 == "sw1" && $7 != "invite-list" { print $1; exit }' "$WORK/tl.out")
[ -n "$inv" ] && [ -n "$chs" ] && [ -n "$rep" ] || { echo "FAIL: tasks not found"; cat "$WORK/tl.out"; exit 1; }

# ---- who may close a step ---------------------------------------------------
run chair --as ch1 task done "$inv"
expect chair 1 "task $inv is sw1's: only they, their managers or QA administrator"
run peer --as mt1 task done "$inv"
expect peer 1 "only they, their managers"
run future --as sw1 task done "$inv" --on 2027-05-04
expect future 2 "done on 2027-05-04 is after today (2027-05-03)"
ok own --as sw1 task done "$inv" --on 2027-04-30 --note "Sent on Friday"
grep -q "task $inv done (.*) on 2027-04-30" "$WORK/own.err" ||
    { echo "FAIL own: not said in one line"; cat "$WORK/own.err"; fail=1; }
run again --as tm1 task done "$inv"
expect again 1 "was already done by sw1 on 2027-04-30"
ok qa --as qa1 task done "$chs"                 # closing: for-others
# not needed: a reason, and only the roles closing: not-needed names
run nore --as tm1 task skip "$rep"
expect nore 2 "reason"
run swskip --as sw1 task skip "$rep" --reason "No report needed"
expect swskip 1 "marking a step not needed is for Team manager"
ok tmskip --as tm1 task skip "$rep" --reason "Report given at the strategy meeting"
ok showa meeting show "$M"
has showa "done      social-worker  sw1"
has showa "note: Sent on Friday"
has showa "not-needed social-worker  sw1"
has showa "note: Report given at the strategy meeting"
ok closed task list --all --status closed
has closed "Fri 2027-04-30"
has closed "done by sw1: Sent on Friday"
has closed "not-needed by tm1: Report given at the strategy meeting"
lacks closed "Overdue"

# ---- the outcome closes what was due before the meeting -------------------
TODAY=2027-05-17
ok left task list --all --tsv
before=$(awk -F'\t' -v m="$M" '$4 == m && $2 < "2027-05-17"' "$WORK/left.out" | wc -l)
[ "$before" -gt 0 ] || { echo "FAIL: no open preparation step left"; fail=1; }
ok oc --as ch1 meeting outcome "$M" --plan cp-plan:neglect --decision "Plan agreed" --no-next
grep -q "$before steps\{0,1\} due before the meeting still open: closed as missed" "$WORK/oc.err" ||
    { echo "FAIL oc: the missed steps are not said"; cat "$WORK/oc.err"; fail=1; }
grep -q "^cpdesk: meeting $M held: outcome recorded$" "$WORK/oc.err" ||
    { echo "FAIL oc: what it did is not said in one line"; cat "$WORK/oc.err"; fail=1; }
ok over task list --all --overdue --tsv
n=$(awk -F'\t' -v m="$M" '$4 == m' "$WORK/over.out" | wc -l)
[ "$n" = 0 ] || { echo "FAIL: the held meeting left $n steps overdue"; cat "$WORK/over.out"; fail=1; }
ok show2 meeting show "$M"
has show2 "missed    cp-chair"
has show2 "note: the meeting was held without it"
has show2 "open      minute-taker"        # the plan to all: due after
ok exc list exceptions --date 2027-05-17 --format csv
has exc "missed: closed 2027-05-17"

# --keep-open leaves them open
TODAY=2027-05-10
ok m2 meeting add C2 icpc 2027-05-24 --time 10:00 --chair ch1 --minute-taker mt1 --anchor s47-start=2027-05-03
M2=$(cat "$WORK/m2.out")
TODAY=2027-05-24
ok oc2 --as ch1 meeting outcome "$M2" --plan no-plan --decision "No plan" --keep-open
ok over2 task list --all --overdue --tsv
n=$(awk -F'\t' -v m="$M2" '$4 == m' "$WORK/over2.out" | wc -l)
[ "$n" -gt 0 ] || { echo "FAIL: --keep-open closed the steps"; fail=1; }

# ---- Hounslow: the outcome does the steps done-by: outcome ----------------
TODAY=2027-05-10
ok pol policy use policies/hounslow.yaml --reason "Hounslow's procedure"
ok m3 meeting add C2 icpc 2027-05-20 --time 10:00 --chair ch1 --minute-taker mt1 --anchor s47-start=2027-05-06
M3=$(cat "$WORK/m3.out")
TODAY=2027-05-20
ok oc3 --as ch1 meeting outcome "$M3" --plan cp-plan:neglect --decision "Plan agreed" --no-next
grep -q "done by the outcome" "$WORK/oc3.err" ||
    { echo "FAIL oc3: nothing done by the outcome"; cat "$WORK/oc3.err"; fail=1; }
ok show3 meeting show "$M3"
grep "Record the decision on LCS" "$WORK/show3.out" | grep -q "done " ||
    { echo "FAIL: the decision on LCS is not done"; cat "$WORK/show3.out"; fail=1; }
has show3 "note: done by the meeting's outcome"
# ---- a strategy discussion's outcome says whether the ICPC is convened ----
TODAY=2027-06-01
ok c3 child add C3 --name "Cy Dean" --social-worker sw1
ok s1 meeting add C3 strategy 2027-06-01 --time 10:00 --chair ch1 --minute-taker mt1
S1=$(cat "$WORK/s1.out")
run nosay --as ch1 meeting outcome "$S1" --decision "Threshold not met"
expect nosay 2 "says whether the conference it leads to is convened: --convene yes"
ok sno --as ch1 meeting outcome "$S1" --decision "Threshold not met: early help" --convene no
check "no ICPC booked when not convened" test ! -s "$WORK/sno.out"
ok cs3 child show C3
lacks cs3 " icpc "
ok s2 meeting add C3 strategy 2027-06-01 --time 14:00 --chair ch1 --minute-taker mt1 --reason "Second referral"
S2=$(cat "$WORK/s2.out")
ok syes --as ch1 meeting outcome "$S2" --decision "Section 47: ICPC to be convened" --convene yes
check "the ICPC booked when convened" test -s "$WORK/syes.out"
ok cs3b child show C3
has cs3b " icpc "
exit $fail

#!/bin/sh
# diary.sh - issue 17, book first and allocate later, through the real
# binary: an ICPC, an RCPC and a CLA review booked with nobody allocated
# (the chair's and minute taker's steps in the QA administrator's "to
# allocate" queue; meeting show and the week's list say so); a chair
# and a minute taker allocated (their queues); the chair replaced with a
# reason (open steps move, done ones stay); a clash refused, then
# allowed with a reason; a left worker and a wrong role refused; each
# allocation audited.
TODAY=2027-04-26
. "$TOP/tests/e2e/lib_cli.sh"

ok init init --policy policies/generic.yaml
ok w1 worker add sm1 --name "Sam Manager" --role service-manager
ok w2 worker add tm1 --name "Tia Lead" --role team-manager --manager sm1
ok w3 worker add sw1 --name "Sol Worker" --role social-worker --manager tm1
ok w4 worker add ch1 --name "Cara Chair" --role cp-chair
ok w5 worker add ch2 --name "Cal Chair" --role cp-chair
ok w6 worker add iro1 --name "Ivo Reviewer" --role iro
ok w7 worker add mt1 --name "Mo Minutes" --role minute-taker
ok w8 worker add qa1 --name "Quin Admin" --role qa-admin
ok c1 child add C1 --name "Ada Brown" --social-worker sw1
ok c2 child add C2 --name "Ben Green" --social-worker sw1 --looked-after-since 2026-09-01

# ---- booked with nobody allocated ---------------------------------------
ok icpc meeting add C1 icpc 2027-05-12 --time 10:00
M=$(cat "$WORK/icpc.out")
ok rcpc meeting add C1 rcpc 2027-08-11 --time 10:00
ok cla meeting add C2 cla-review 2027-05-13 --time 14:00
L=$(cat "$WORK/cla.out")
ok show meeting show "$M"
has show "Chair:              (to allocate: meeting allocate)"
has show "Minute taker:       (to allocate: meeting allocate)"
ok qaq task list --user qa1 --tsv
n=$(grep -c "${T}@chair${T}" "$WORK/qaq.out")
[ "$n" -gt 0 ] || { echo "FAIL: no chair's steps in the QA admin's queue"; fail=1; }
grep -q "${T}@minute-taker${T}" "$WORK/qaq.out" ||
    { echo "FAIL: no minute taker's steps in the QA admin's queue"; fail=1; }
ok week list week --date 2027-05-10 --format csv
has week "(to allocate)"

# ---- allocated ------------------------------------------------------------
run none meeting allocate "$M"; expect none 2 "--chair LOGIN"
ok al meeting allocate "$M" --chair ch1 --minute-taker mt1
ok chq task list --user ch1 --tsv
[ "$(grep -c "${T}$M${T}\|icpc" "$WORK/chq.out")" -gt 0 ] ||
    { echo "FAIL: ch1's queue lacks the ICPC's steps"; cat "$WORK/chq.out"; fail=1; }
ok show2 meeting show "$M"
has show2 "Chair:              ch1"
before_ch1=$(grep -c "ch1" "$WORK/show2.out")

# ---- one of ch1's steps done, then ch2 replaces ch1 ----------------------
tid=$(awk -F"$T" '$0 ~ /cp-chair/ && $0 ~ /ch1/ { print $1; exit }' "$WORK/chq.out")
[ -n "$tid" ] || { echo "FAIL: no task of ch1's"; fail=1; }
ok done task done "$tid" --note "notified"
run rep meeting allocate "$M" --chair ch2; expect rep 2 "needs a reason"
ok rep2 meeting allocate "$M" --chair ch2 --reason "Cara off sick"
ok show3 meeting show "$M"
has show3 "Chair:              ch2"
n=$(grep -c "done .*ch1" "$WORK/show3.out")
[ "$n" = 1 ] || { echo "FAIL: ch1's done step should stay ch1's ($n)"; cat "$WORK/show3.out"; fail=1; }
lacks show3 "open      cp-chair       ch1"

# ---- a clash, a left worker, a wrong role --------------------------------
ok other meeting add C2 icpc 2027-05-12 --time 11:00 --reason x
O=$(cat "$WORK/other.out")
run clash meeting allocate "$O" --chair ch2; expect clash 1 "has meeting $M at an overlapping time that day"
run clash2 meeting allocate "$O" --chair ch2 --allow-clash
expect clash2 2 "needs a reason"
ok clash3 meeting allocate "$O" --chair ch2 --allow-clash --reason "Siblings, back to back"
grep -q "has meeting $M at an overlapping time that day (allowed: Siblings, back to back)" "$WORK/clash3.err" ||
    { echo "FAIL: the allowed clash is not said"; fail=1; }
# the policy's diary: a chair takes at most two meetings a day (generic's
# per-chair-per-day); a third that day, at a time that overlaps neither,
# is a clash too
ok third meeting add C2 icpc 2027-05-12 --time 15:00 --reason x
T=$(cat "$WORK/third.out")
run clash4 meeting allocate "$T" --chair ch2
expect clash4 1 "chair ch2 already has 2 meetings that day"
ok clash5 meeting allocate "$T" --chair ch1
run role meeting allocate "$L" --chair ch1; expect role 1 "is not a iro"
ok w9 worker add mt2 --name "Lee Left" --role minute-taker
ok lft worker left mt2 --reason "Left the borough"
run left meeting allocate "$L" --minute-taker mt2; expect left 1 "has left"
# within the policy's horizon (10 working days) and not allocated: the
# exception report says so; the RCPC in August is not yet due to be
ok exc list exceptions --date 2027-05-10 --format csv
has exc "unallocated,2027-05-13,C2"
has exc "no chair: cpdesk meeting allocate $L"   # a CLA review needs no minute taker: the IRO records it
lacks exc "unallocated,2027-08-11"
ok al2 meeting allocate "$L" --chair iro1 --minute-taker mt1
ok exc2 list exceptions --date 2027-05-10 --format csv
lacks exc2 "unallocated,2027-05-13"

ok aud audit --tsv
n=$(grep -c "meeting.allocate" "$WORK/aud.out")
[ "$n" = 5 ] || { echo "FAIL: $n meeting.allocate entries, want 5"; fail=1; }
grep "meeting.allocate" "$WORK/aud.out" | grep -q "Cara off sick" ||
    { echo "FAIL: the replacement's reason is not in the audit"; fail=1; }
grep "meeting.allocate" "$WORK/aud.out" | grep -q 'chair-tasks=.*from ch1 to ch2' ||
    { echo "FAIL: the tasks handed over are not in the audit"; fail=1; }
# ---- the diaries in a calendar: a chair's, and the QA team's with what
# waits to be allocated ------------------------------------------------------
ok ics_ch export ics --user ch2 --from 2027-05-01 --to 2027-08-31
has ics_ch "meeting $M"
ok ics_qa export ics --user qa1 --from 2027-08-01 --to 2027-08-31
has ics_qa "Chair: to allocate"

# ---- booked late: steps already due are said -------------------------------
ok soon meeting add C1 rcpc 2027-05-04 --time 10:00
grep -q "of its steps were due before today" "$WORK/soon.err" ||
    { echo "FAIL: steps already due are not said"; cat "$WORK/soon.err"; fail=1; }

# ---- dates that cannot be --------------------------------------------------
run sat meeting add C1 rcpc 2027-05-15 --time 10:00
expect sat 1 "2027-05-15 is not a working day (Saturday)"
run bh meeting add C1 rcpc 2027-05-31 --time 10:00
expect bh 1 "not a working day (Spring bank holiday)"
run past meeting add C1 rcpc 2027-04-01 --time 10:00
expect past 1 "2027-04-01 is in the past"
# the clocks (the UK's, whatever $TZ says): 01:30 on the last Sunday of
# October happens twice, and on the last Sunday of March does not exist;
# the time is said first, then the weekend
run dst meeting add C1 rcpc 2027-10-31 --time 01:30
expect dst 1 "01:30 on 2027-10-31 happens twice (the clocks go back); 2027-10-31 is not a working day (Sunday)"
run dst2 meeting add C1 rcpc 2028-03-26 --time 01:30
expect dst2 1 "01:30 on 2028-03-26 does not exist (the clocks go forward)"
old_tz=${TZ-}
export TZ=America/New_York           # whose clocks changed two weeks before
run dst3 meeting add C1 rcpc 2028-03-26 --time 01:30
if [ -n "$old_tz" ]; then TZ=$old_tz; else unset TZ; fi
expect dst3 1 "01:30 on 2028-03-26 does not exist (the clocks go forward)"
run dst4 meeting add C1 rcpc 2028-03-26 --time 02:00
expect dst4 1 "2028-03-26 is not a working day (Sunday): choose another"
check "dst4: 02:00 is after the change" sh -c '! grep -q clocks "$1"' _ "$WORK/dst4.err"
run nore meeting add C1 rcpc 2027-05-15 --force
expect nore 2 "keeping it needs a reason"
ok forced meeting add C1 rcpc 2027-05-15 --time 10:00 --force --reason "The only day the family can come"
grep -q "kept (The only day the family can come)" "$WORK/forced.err" ||
    { echo "FAIL: the kept date is not said"; cat "$WORK/forced.err"; fail=1; }
F=$(cat "$WORK/forced.out")
run mvsun meeting move "$F" 2027-05-16 --reason "Sunday"
expect mvsun 1 "not a working day (Sunday)"
ok mvmon meeting move "$F" 2027-05-17 --reason "Back to a weekday"
run early meeting outcome "$F" --decision "Plan" --plan cp-plan
expect early 1 "is recorded on or after that day (today is 2027-04-26)"
ok cs check-store
exit $fail

#!/bin/sh
# core_groups.sh - issue 18, item 4, through the real binary: an ICPC
# that starts a plan books the first core group (the social worker's,
# within 10 working days, the diary margin before the latest date, with
# its steps); a core group's outcome books the next at 6 weeks; one not
# held by its latest date is in the exception report; a review deciding
# no plan withdraws the core group booked after it.
TODAY=2027-05-17
. "$TOP/tests/e2e/lib_cli.sh"

ok init init --policy policies/generic.yaml
ok w1 worker add sm1 --name "Sam Manager" --role service-manager
ok w2 worker add tm1 --name "Tia Lead" --role team-manager --manager sm1
ok w3 worker add sw1 --name "Sol Worker" --role social-worker --manager tm1
ok w4 worker add ch1 --name "Cara Chair" --role cp-chair
ok w5 worker add mt1 --name "Mo Minutes" --role minute-taker
# generic.yaml's record-outcomes has no social worker: business support
# records a core group's outcome
ok w6 worker add qa1 --name "Quin Admin" --role qa-admin
ok c1 child add C1 --name "Ada Brown" --social-worker sw1
ok m1 meeting add C1 icpc 2027-05-17 --time 10:00 --chair ch1 --minute-taker mt1 --anchor s47-start=2027-04-26
ICPC=$(cat "$WORK/m1.out")

# ---- the ICPC starts a plan: the review and the first core group -----------
ok oc1 --as ch1 meeting outcome "$ICPC" --plan cp-plan:neglect --decision "Plan agreed"
RCPC=$(cat "$WORK/oc1.out")
CG1=$(sed -n 's/.*also booked: core-group #\([0-9]*\) .*/\1/p' "$WORK/oc1.err")
[ -n "$CG1" ] || { echo "FAIL oc1: no core group booked"; cat "$WORK/oc1.err"; exit 1; }
# 10 working days after Mon 17 May 2027 is Tue 1 June (31 May is a bank
# holiday); booked 5 working days before it: Mon 24 May
check oc1-said grep -q "core-group #$CG1 on 2027-05-24 (due by 2027-06-01), chair sw1" "$WORK/oc1.err"
ok s1 meeting show "$CG1"
has s1 "core-group for child C1"
has s1 "Chair:              sw1"
has s1 "Cadence: by         2027-06-01"
has s1 "2027-05-19  open      social-worker  sw1              Invite the core group"
has s1 "2027-05-24  open      social-worker  sw1              Review the child protection plan"
has s1 "2027-06-01  open      social-worker  sw1              Send the core group's record"
# the social worker's meeting: not in the unallocated rows
ok x0 list exceptions --date 2027-05-17 --format csv
lacks x0 "unallocated"

# ---- the core group's outcome: the next one, 6 weeks on ---------------------
TODAY=2027-05-24
ok oc2 --as qa1 meeting outcome "$CG1" --decision "Plan reviewed"
CG2=$(cat "$WORK/oc2.out")
check oc2-done grep -q "1 step done by the outcome" "$WORK/oc2.err"
ok s2 meeting show "$CG2"
has s2 "core-group for child C1"
has s2 "Chair:              sw1"
# Mon 24 May + 6 weeks = Mon 5 July; 5 working days before: Mon 28 June
has s2 "Date:               Mon 2027-06-28"
has s2 "Cadence: by         2027-07-05"
has s2 "Follows meeting:    $CG1"

# ---- not held by its latest date: the exception report ----------------------
TODAY=2027-07-05
ok x1 list exceptions --date 2027-07-05 --format csv
lacks x1 "not-held"
TODAY=2027-07-06
ok x2 list exceptions --date 2027-07-05 --format csv
has x2 "not-held,2027-07-05,C1,Ada Brown,Sol Worker,core-group 2027-06-28 (#$CG2),Not held by 2027-07-05: Core group meeting,\"booked for 2027-06-28, no outcome recorded\""
ok oc3 --as qa1 meeting outcome "$CG2" --decision "Plan reviewed late"
CG3=$(cat "$WORK/oc3.out")
ok x3 list exceptions --date 2027-07-05 --format csv
lacks x3 "not-held"

# ---- the review decides no plan: the core group after it withdrawn ---------
# the third counts from the second's day (28 June + 6 weeks = 9 August,
# booked on 2 August); the review, due by 17 August, is moved before it
ok s3 meeting show "$CG3"
has s3 "Date:               Mon 2027-08-02"
ok mv --as ch1 meeting move "$RCPC" 2027-07-30 --reason "The family asked for an earlier date"
TODAY=2027-07-30
ok oc4 --as ch1 meeting outcome "$RCPC" --plan no-plan --decision "Plan ended"
ok s4 meeting show "$CG3"
has s4 "Status:             cancelled"
has s4 "plan ended on 2027-07-30"
lacks s4 "open      social-worker"
# the plan is over: no core group is missing
TODAY=2027-09-20
ok x4 list exceptions --date 2027-09-20 --format csv
lacks x4 "not-held"

# ---- a plan ended with plan end: the same ------------------------------------
TODAY=2027-09-20
ok c2 child add C2 --name "Ben Green" --social-worker sw1
ok m2 meeting add C2 icpc 2027-09-20 --time 10:00 --chair ch1 --minute-taker mt1 --anchor s47-start=2027-08-30
ok oc5 --as ch1 meeting outcome "$(cat "$WORK/m2.out")" --plan cp-plan:neglect --decision "Plan agreed"
CG4=$(sed -n 's/.*also booked: core-group #\([0-9]*\) .*/\1/p' "$WORK/oc5.err")
ok pe --as ch1 plan end C2 2027-09-21 --reason "Moved to another authority"
ok s5 meeting show "$CG4"
has s5 "Status:             cancelled"
exit $fail

#!/bin/sh
# approvals.sh - issue 18, item 5: approvals given by the approvers
# themselves.  On Swindon's policy (cancellation: approval: all, the
# operational service manager and the QA & Review service manager, 004
# point 17, whom the QA manager does not stand in for) a cancellation
# is asked for, approved by one approver and still pending (the meeting
# scheduled), approved by the second and then cancelled with its open
# tasks; a service manager outside the child's line is refused, told
# whose approval is needed; a refusal closes a request, the meeting
# stays scheduled and the requester sees why; generic's one approver,
# the safeguarding service manager (001; not the child's own service
# manager), cancels with one approval; the exception report lists
# a cancellation in the week it was made; the audit has each step.
# A late move (generic's approvals: late-move) goes the same way: asked,
# one request at a time, withdrawn by its requester only, approved by
# the safeguarding SM, then moved with its steps; the exception report
# names who approved it.
TODAY=2027-05-03
. "$TOP/tests/e2e/lib_cli.sh"

ok init init --policy policies/swindon.yaml
ok w1 worker add sm1 --name "Sam Manager" --role service-manager
ok w2 worker add sm2 --name "Sid Elsewhere" --role service-manager
ok w3 worker add qm1 --name "Quinn QA" --role qa-manager
ok w3r worker add qr1 --name "Rory Review" --role qa-review-manager
ok w4 worker add tm1 --name "Tia Lead" --role team-manager --manager sm1
ok w5 worker add sw1 --name "Sol Worker" --role social-worker --manager tm1
ok w6 worker add ch1 --name "Cara Chair" --role cp-chair
ok w7 worker add mt1 --name "Mo Minutes" --role minute-taker
ok c1 child add C1 --name "Ada Brown" --social-worker sw1
ok m1 meeting add C1 icpc 2027-05-24 --time 10:00 --chair ch1 --minute-taker mt1 --anchor s47-start=2027-04-26
M=$(cat "$WORK/m1.out")
ok m2 meeting add C1 rcpc 2027-08-16 --time 10:00 --chair ch1 --minute-taker mt1
M2=$(cat "$WORK/m2.out")

# ---- asking: the meeting stays scheduled -------------------------------------
run noreason --as tm1 meeting cancel "$M"
expect noreason 2 "--reason"
run typed --as tm1 meeting cancel "$M" --reason "Moved away" --approved-by sm1
expect typed 2 "--approved-by"
ok ask --as tm1 meeting cancel "$M" --reason "Family moved to Wiltshire"
R=$(cat "$WORK/ask.out")
[ -n "$R" ] || { echo "FAIL ask: no request id"; fail=1; }
grep -q "request $R: meeting $M stays scheduled until Service manager (Sam Manager, sm1) and a QA & Review service manager approve" "$WORK/ask.err" ||
    { echo "FAIL ask: does not say who approves"; cat "$WORK/ask.err"; fail=1; }
run again --as tm1 meeting cancel "$M" --reason "Again"
expect again 1 "waiting for approval already (request $R)"
ok show1 meeting show "$M"
has show1 "scheduled"

ok list approvals
has list "request $R  pending  cancel icpc $M"
has list "asked by Tia Lead (tm1) on 2027-05-03: Family moved to Wiltshire"
ok mine_sm1 --as sm1 approvals --mine
has mine_sm1 "yours to approve or refuse"
ok mine_sw1 --as sw1 approvals --mine
lacks mine_sw1 "request $R"
ok mine_qr1 --as qr1 approvals --mine
has mine_qr1 "yours to approve or refuse"
# the QA manager is not the QA & Review SM: not theirs to approve
ok mine_qm1 --as qm1 approvals --mine
lacks mine_qm1 "request $R"

# ---- who may approve -----------------------------------------------------------
run wrongsm --as sm2 approve "$R"
expect wrongsm 1 "needs the approval of the child's own Service manager (Sam Manager, sm1): sm2 is not in the child's line of management"
run notrole --as sw1 approve "$R"
expect notrole 1 "holds none of those roles"
run qamgr --as qm1 approve "$R"
expect qamgr 1 "needs the approval of service-manager,qa-review-manager (004: 17. "
grep -q "qm1 holds none of those roles" "$WORK/qamgr.err" ||
    { echo "FAIL qamgr: not said"; cat "$WORK/qamgr.err"; fail=1; }
run nosuch --as sm1 approve 999
expect nosuch 2 "no request 999"

# ---- one approval of two: still pending ---------------------------------------
ok a1 --as sm1 approve "$R" --note "Agreed by phone"
grep -q "still needs qa-review-manager; the meeting stays scheduled" "$WORK/a1.err" ||
    { echo "FAIL a1: not said"; cat "$WORK/a1.err"; fail=1; }
run twice --as sm1 approve "$R"
expect twice 1 "you approved request $R already"
ok show2 meeting show "$M"
has show2 "scheduled"
has show2 "Cancellation:       request $R waits for approval (cpdesk approvals)"
lacks show2 "cancelled"
ok tasks2 task list --all --tsv
awk -F'\t' -v m="$M" '$4 == m && $10 == "open"' "$WORK/tasks2.out" | grep -q . ||
    { echo "FAIL tasks2: the meeting's tasks are not open"; fail=1; }

# ---- the second: cancelled in the same transaction ------------------------------
run qamgr2 --as qm1 approve "$R"
expect qamgr2 1 "needs the approval of qa-review-manager (004: 17. "
ok a2 --as qr1 approve "$R"
grep -q "request $R approved: the meeting is cancelled" "$WORK/a2.err" ||
    { echo "FAIL a2: not said"; cat "$WORK/a2.err"; fail=1; }
ok show3 meeting show "$M"
has show3 "cancelled"
has show3 "sm1,qr1"
ok list3 approvals
lacks list3 "request $R "
ok mine3 --as tm1 approvals --mine
has mine3 "approved on 2027-05-03: the meeting is cancelled"
run late --as sm1 approve "$R"
expect late 1 "request $R is approved already"

# ---- a refusal ----------------------------------------------------------------
ok ask2 --as tm1 meeting cancel "$M2" --reason "No longer needed"
R2=$(cat "$WORK/ask2.out")
run refnoreason --as qr1 refuse "$R2"
expect refnoreason 2 "--reason"
run refwrong --as sm2 refuse "$R2" --reason "No"
expect refwrong 1 "sm2 is not in the child's line of management"
run refqm --as qm1 refuse "$R2" --reason "No"
expect refqm 1 "qm1 holds none of those roles"
ok ref --as qr1 refuse "$R2" --reason "The plan is not ending: hold the review"
ok show4 meeting show "$M2"
has show4 "scheduled"
ok mine4 --as tm1 approvals --mine
has mine4 "refused by qr1 on 2027-05-03: The plan is not ending: hold the review"
run afterref --as sm1 approve "$R2"
expect afterref 1 "request $R2 is refused already"
ok ask3 --as tm1 meeting cancel "$M2" --reason "Asked again, with the QA & Review SM"
R3=$(cat "$WORK/ask3.out")
[ "$R3" != "$R2" ] || { echo "FAIL ask3: same request"; fail=1; }

# ---- the audit and the exception report (the week it was made) ----------------
ok audit audit --child C1
has audit "request.add request:$R"
has audit "sm1 request.approve request:$R"
has audit "qr1 request.approve request:$R"
has audit "qr1 meeting.cancel meeting:$M"
has audit "qr1 request.refuse request:$R2"
lacks audit "qm1 request."
ok exc list exceptions --date 2027-05-03 --format csv
grep -q "Meeting cancelled.*Family moved to Wiltshire; approved by Sam Manager, Rory Review" "$WORK/exc.out" ||
    { echo "FAIL exc: the cancellation is not in its week"; cat "$WORK/exc.out"; fail=1; }
ok exc_m list exceptions --date 2027-05-24 --format csv
lacks exc_m "Family moved to Wiltshire"

# ---- generic: one approver (approval: any), the safeguarding SM (001) ---------
DB="$WORK/generic"
ok ginit init --policy policies/generic.yaml
ok g1 worker add sm1 --name "Sam Manager" --role service-manager
ok g1s worker add sg1 --name "Sian Safeguarding" --role safeguarding-manager
ok g2 worker add tm1 --name "Tia Lead" --role team-manager --manager sm1
ok g3 worker add sw1 --name "Sol Worker" --role social-worker --manager tm1
ok g4 worker add ch1 --name "Cara Chair" --role cp-chair
ok gc child add C1 --name "Ada Brown" --social-worker sw1
ok gm meeting add C1 icpc 2027-05-24 --chair ch1 --anchor s47-start=2027-04-26
GM=$(cat "$WORK/gm.out")
ok gask --as tm1 meeting cancel "$GM" --reason "Threshold not met"
GR=$(cat "$WORK/gask.out")
grep -q "stays scheduled until a Safeguarding service manager approves" "$WORK/gask.err" ||
    { echo "FAIL gask: does not say who approves"; cat "$WORK/gask.err"; fail=1; }
# the child's own service manager is not the safeguarding service manager
ok gmine_sm1 --as sm1 approvals --mine
lacks gmine_sm1 "request $GR"
run gsm --as sm1 approve "$GR"
expect gsm 1 "needs the approval of one of: safeguarding-manager (001: "
grep -q "sm1 holds none of those roles" "$WORK/gsm.err" ||
    { echo "FAIL gsm: not said"; cat "$WORK/gsm.err"; fail=1; }
ok gmine_sg1 --as sg1 approvals --mine
has gmine_sg1 "yours to approve or refuse"
ok gapp --as sg1 approve "$GR"
ok gshow meeting show "$GM"
has gshow "cancelled"

# ---- a late move: the same mechanism, for the action generic.yaml also
# marks (approvals: late-move, the safeguarding SM, a choice of the file)
ok gu child add U1 --name "Baby Green" --social-worker sw1 --expected-birth 2027-09-20
ok gum meeting add U1 icpc 2027-06-14 --time 10:00 --chair ch1
UM=$(cat "$WORK/gum.out")
ok gum_show meeting show "$UM"
has gum_show "Cadence: by         2027-07-12"
# within its timescale: moved at once, nobody asked
ok gmv1 --as tm1 meeting move "$UM" 2027-06-21 --reason "Chair on leave"
grep -q "meeting $UM moved to Mon 2027-06-21" "$WORK/gmv1.err" ||
    { echo "FAIL gmv1: not moved"; cat "$WORK/gmv1.err"; fail=1; }
# past it: asked for; the meeting stays where it is
ok gmv2 --as tm1 meeting move "$UM" 2027-07-19 --time 14:00 --reason "Mother in hospital until mid-July"
LR=$(cat "$WORK/gmv2.out")
grep -q "request $LR: a move to 2027-07-19 is later than the cadence allows; meeting $UM stays where it is until a Safeguarding service manager approves (cpdesk approve $LR)" "$WORK/gmv2.err" ||
    { echo "FAIL gmv2: does not say it waits"; cat "$WORK/gmv2.err"; fail=1; }
ok gshow2 meeting show "$UM"
has gshow2 "Mon 2027-06-21 10:00"
has gshow2 "Late move:          request $LR waits for approval (cpdesk approvals)"
run gmv3 --as tm1 meeting move "$UM" 2027-07-26 --reason "Later still"
expect gmv3 1 "meeting $UM's late move is waiting for approval already (request $LR)"
run gcan --as tm1 meeting cancel "$UM" --reason "Not needed"
expect gcan 1 "its requester may withdraw it (cpdesk withdraw $LR)"
ok glist approvals
has glist "request $LR  pending  move icpc $UM from 2027-06-21 to 2027-07-19 14:00 (late), child U1 (Baby Green)"
ok gtsv approvals --tsv
awk -F'\t' -v r="$LR" '$1 == r && $2 == "late-move" && $13 == "2027-07-19"' "$WORK/gtsv.out" | grep -q . ||
    { echo "FAIL gtsv: no late-move row with its date"; cat "$WORK/gtsv.out"; fail=1; }
# only its requester withdraws it
run gwd --as sw1 withdraw "$LR"
expect gwd 1 "only its requester, tm1, may withdraw request $LR"
ok gwd2 --as tm1 withdraw "$LR" --reason "Asked for the wrong week"
grep -q "request $LR withdrawn: the meeting stays as it is" "$WORK/gwd2.err" ||
    { echo "FAIL gwd2: not said"; cat "$WORK/gwd2.err"; fail=1; }
ok gmine --as tm1 approvals --mine
has gmine "withdrawn on 2027-05-03: Asked for the wrong week"
run gap0 --as sg1 approve "$LR"
expect gap0 1 "request $LR is withdrawn already"
# asked again: the child's own service manager is not its approver
ok gmv4 --as tm1 meeting move "$UM" 2027-07-19 --time 14:00 --reason "Mother in hospital until mid-July"
LR2=$(cat "$WORK/gmv4.out")
run gsm2 --as sm1 approve "$LR2"
expect gsm2 1 "needs the approval of one of: safeguarding-manager (choice of this file, after 001: "
ok gap2 --as sg1 approve "$LR2" --note "Agreed: the plan keeps her safe meanwhile"
grep -q "request $LR2 approved: the meeting is moved; its open deadlines moved with it" "$WORK/gap2.err" ||
    { echo "FAIL gap2: not said"; cat "$WORK/gap2.err"; fail=1; }
ok gshow3 meeting show "$UM"
has gshow3 "Mon 2027-07-19 14:00"
has gshow3 "2027-07-12 (EXCEPTION: later than allowed)"
has gshow3 "Approved by:        sg1"
# its open steps moved with it: the decisions go out on the day
grep -q "2027-07-19  open .*Send the CP conference decisions" "$WORK/gshow3.out" ||
    { echo "FAIL gshow3: the steps did not move"; cat "$WORK/gshow3.out"; fail=1; }
ok gexc list exceptions --date 2027-06-21 --format csv
grep -q "Meeting moved,from 2027-06-21 to 2027-07-19: Mother in hospital until mid-July; approved by Sian Safeguarding" "$WORK/gexc.out" ||
    { echo "FAIL gexc: the approved move is not in its week"; cat "$WORK/gexc.out"; fail=1; }
ok gaudit audit --child U1
has gaudit "tm1 request.withdraw request:$LR"
has gaudit "sg1 request.approve request:$LR2"
has gaudit "sg1 meeting.move meeting:$UM"
exit $fail

#!/bin/sh
# case_over_time.sh - issue 16 through the real binary: a family ICPC of
# three children (one set of tasks, a decision each: two plans and one
# none, the next RCPC for the two); a plan ended by plan end (the child
# withdrawn from the family review) and by a review deciding no plan (no
# review due after); two care episodes (20 WD, 3 months, then again from
# the second start; none due between); the case-mapping list before and
# after a plan starts; a transfer-in conference and an unborn child's,
# dated from the record; what a sibling's social worker sees of the
# family meeting; the audit of every change.
TODAY=2025-03-12
. "$TOP/tests/e2e/lib_cli.sh"
field() { # NAME LABEL VALUE: a "  Label:   value" line of meeting show
	grep -q "^  $2 *$3\$" "$WORK/$1.out" ||
	    { echo "FAIL $1: no '$2 $3' line:"; cat "$WORK/$1.out"; fail=1; }
}

# ---- a borough ----------------------------------------------------------
ok init init --policy policies/generic.yaml
ok w_sm worker add sm1 --name "Sam Manager" --role service-manager
ok w_tm worker add tm1 --name "Tia Lead" --role team-manager --manager sm1
ok w_sw1 worker add sw1 --name "Sol Worker" --role social-worker --manager tm1
ok w_sw2 worker add sw2 --name "Sue Worker" --role social-worker --manager tm1
ok w_ch worker add chair1 --name "Cara Chair" --role cp-chair --manager sm1
ok w_iro worker add iro1 --name "Ivo Reviewer" --role iro --manager sm1
ok w_mt worker add mt1 --name "Mo Minutes" --role minute-taker
ok fam family add F1 --name "The Browns"
ok a1 child add A1 --name "Ada Brown" --social-worker sw1 --family F1 --cin-since 2023-01-10
ok a2 child add A2 --name "Ben Brown" --social-worker sw1 --family F1 --cin-since 2023-01-10
ok a3 child add A3 --name "Cy Brown" --social-worker sw2 --family F1 --cin-since 2023-01-10
ok o1 child add O1 --name "Ola Other" --social-worker sw1

# ---- the case-mapping list before a plan: the three are due ------------
ok cm1 list case-mapping --date 2025-03-10 --format csv
for c in A1 A2 A3; do has cm1 ",$c,"; done

# ---- one conference for three siblings ----------------------------------
run bad_fam meeting add A1,O1 icpc 2025-03-20 --chair chair1 --minute-taker mt1
expect bad_fam 1 "not of family F1"
run bad_twice meeting add A1,A1 icpc 2025-03-20 --chair chair1 --minute-taker mt1
expect bad_twice 2 "named twice"
ok icpc meeting add A1,A2,A3 icpc 2025-03-20 --time 10:00 --chair chair1 --minute-taker mt1
M1=$(cat "$WORK/icpc.out")
ok show1 meeting show "$M1"
has show1 "Children:           A1, A2, A3 (Ada Brown, Ben Brown, Cy Brown)"
# one set of tasks: 6 for the meeting, and 2 steps per child (3 each)
n=$(sed -n '/^Tasks:/,/^$/p' "$WORK/show1.out" | grep -c "open")
[ "$n" = 12 ] || { echo "FAIL: the family ICPC has $n tasks, want 12"; fail=1; }
n=$(grep -c "Complete the invite list" "$WORK/show1.out")
[ "$n" = 1 ] || { echo "FAIL: $n invite-list tasks, want 1"; fail=1; }
n=$(grep -c "Send the agreed plan" "$WORK/show1.out")
[ "$n" = 3 ] || { echo "FAIL: $n plan-to-all tasks, want one a child"; fail=1; }
# the week's list shows it once, with its children
ok week list week --date 2025-03-17 --format csv
n=$(grep -c ",icpc," "$WORK/week.out")
[ "$n" = 1 ] || { echo "FAIL: the family ICPC is on the week's list $n times"; cat "$WORK/week.out"; fail=1; }
has week '"A1,A2,A3","Ada Brown, Ben Brown, Cy Brown"'
# in Cy's social worker's calendar (Cy is a sibling, not the index child):
# once, naming the three
ok ics export ics --user sw2 --from 2025-03-01 --to 2025-03-31
n=$(grep -c "^SUMMARY:Initial child protection conference" "$WORK/ics.out")
[ "$n" = 1 ] || { echo "FAIL: the family ICPC is in sw2's calendar $n times"; fail=1; }
has ics 'SUMMARY:Initial child protection conference: A1 A.B.\, A2 B.B.\, A3 C.B.'
# sw2 (Cy's social worker) sees the meeting, and only Cy of its children
run sw2show --as sw2 meeting show "$M1"; expect sw2show 0
has sw2show "Cy Brown and 2 other children"
lacks sw2show "A1"
lacks sw2show "Ada"
run sw2week --as sw2 list week --date 2025-03-17 --format csv; expect sw2week 0
has sw2week ',A3,Cy Brown and 2 other children,Cara Chair,Mo Minutes,Sue Worker,'
lacks sw2week "Ada"
lacks sw2week "Sol Worker"
run sw2chase --as sw2 mail chaser --meeting "$M1" --domain example.org
expect sw2chase 1 "written on a child of the family you do not see"
run sw2aud --as sw2 audit --child A3
lacks sw2aud "A1"

# ---- a decision each -----------------------------------------------------
TODAY=2025-03-20   # the conference's day
run oc_missing meeting outcome "$M1" --plan A1=cp-plan:neglect --plan A2=no-plan \
    --decision "Plans"
expect oc_missing 2 "give a decision for each child"
ok oc1 meeting outcome "$M1" --plan A1=cp-plan:neglect \
    --plan A2=cp-plan:emotional-abuse --plan A3=no-plan --decision "Plans for A1 and A2"
R1=$(cat "$WORK/oc1.out")
[ -n "$R1" ] || { echo "FAIL: no review scheduled"; fail=1; }
ok show_r1 meeting show "$R1"
has show_r1 "Meeting $R1: rcpc for child A1"
has show_r1 "Children:           A1, A2 (Ada Brown, Ben Brown)"
field show_r1 "Cadence: by" 2025-06-20
ok a1show child show A1
has a1show "CP plan since:     2025-03-20, category neglect"
ok a3show child show A3
has a3show "CP plan since:     -"

# ---- the case-mapping list after: the two on a plan are not due ---------
ok cm2 list case-mapping --date 2025-04-01 --format csv
has cm2 ",A3,"
lacks cm2 ",A1,"
lacks cm2 ",A2,"

# ---- a plan ended by plan end: withdrawn from the family review ----------
run pe_noreason plan end A2 2025-04-15
expect pe_noreason 2 "--reason"
ok pe plan end A2 2025-04-15 --reason "Moved to Leeds with father"
grep -qF "1 scheduled meeting of child A2 no longer due" "$WORK/pe.err" ||
    { echo "FAIL: plan end says nothing of the review"; cat "$WORK/pe.err"; fail=1; }
ok show_r1b meeting show "$R1"
has show_r1b "Meeting $R1: rcpc for child A1"
lacks show_r1b "Children:"
run rcpc_a2 meeting add A2 rcpc 2025-07-01 --chair chair1 --minute-taker mt1
expect rcpc_a2 1 "its plan ended on 2025-04-15"
ok a2show child show A2
has a2show "ended: Moved to Leeds with father"

# ---- a plan ended by a review deciding no plan: no review after ---------
TODAY=2025-06-20
ok oc2 meeting outcome "$R1" --plan no-plan --decision "No plan: child in need"
[ ! -s "$WORK/oc2.out" ] || { echo "FAIL: a review was scheduled after no plan"; fail=1; }
run rcpc_a1 meeting add A1 rcpc 2025-09-01 --chair chair1 --minute-taker mt1
expect rcpc_a1 1 "no rcpc is due"

# ---- two care episodes --------------------------------------------------
TODAY=2025-01-20
ok l1 child add L1 --name "Lia Long" --social-worker sw1
run cla_none meeting add L1 cla-review 2025-01-31 --chair iro1 --minute-taker mt1
expect cla_none 1 "care start L1"
ok care1 care start L1 2025-01-06
ok cla1 meeting add L1 cla-review 2025-01-31 --chair iro1 --minute-taker mt1
C1=$(cat "$WORK/cla1.out")
ok show_c1 meeting show "$C1"
field show_c1 "Cadence: by" 2025-02-03
field show_c1 "Anchors:" "care-start 2025-01-06"
TODAY=2025-01-31
ok oc_c1 meeting outcome "$C1" --decision "Care plan endorsed"
C2=$(cat "$WORK/oc_c1.out")
ok show_c2 meeting show "$C2"
field show_c2 "Cadence: by" 2025-04-30
field show_c2 "Number:" 2
ok care_end care end L1 2025-03-01 --reason "Returned home to mother"
ok show_c2b meeting show "$C2"
field show_c2b "Status:" cancelled
run cla_gap meeting add L1 cla-review 2025-05-01 --chair iro1 --minute-taker mt1
expect cla_gap 1 "not looked after on 2025-05-01"
TODAY=2025-06-02
ok care2 care start L1 2025-06-02
ok cla3 meeting add L1 cla-review 2025-06-20 --chair iro1 --minute-taker mt1
ok show_c3 meeting show "$(cat "$WORK/cla3.out")"
field show_c3 "Cadence: by" 2025-06-30
field show_c3 "Number:" 1
run care_again care start L1 2025-07-01
expect care_again 1 "open since 2025-06-02"

# ---- transfer-in, and an unborn child ------------------------------------
TODAY=2025-03-12
ok t1 child add T1 --name "Tom Transfer" --social-worker sw2
ok ti meeting add T1 transfer-in 2025-03-25 --chair chair1 --minute-taker mt1 \
    --anchor transfer-notified=2025-03-10
ok show_ti meeting show "$(cat "$WORK/ti.out")"
field show_ti "Cadence: by" 2025-03-31
ok u1 child add U1 --name "Baby Brown" --social-worker sw1 --family F1 --expected-birth 2025-08-30
ok ub meeting add U1 icpc 2025-05-01 --chair chair1 --minute-taker mt1
ok show_ub meeting show "$(cat "$WORK/ub.out")"
field show_ub "Anchors:" "expected-birth 2025-08-30"
field show_ub "Cadence: by" 2025-06-20
run ub_anchor meeting add U1 icpc 2025-05-02 --chair chair1 --minute-taker mt1 \
    --anchor expected-birth=2025-09-01 --reason x
expect ub_anchor 1 "comes from child U1's record"

# ---- every change on the record ------------------------------------------
ok aud_a1 audit --child A1
has aud_a1 "child.plan"
has aud_a1 "child.plan.end"
ok aud_a2 audit --child A2
has aud_a2 "meeting.withdraw"
ok aud_l1 audit --child L1
has aud_l1 "child.care"
has aud_l1 "child.care.end"
has aud_l1 "meeting.cancel"
ok cs check-store
exit $fail

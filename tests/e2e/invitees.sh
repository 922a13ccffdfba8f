#!/bin/sh
# invitees.sh - issue 18, item 3: a meeting's invite list (an agency or a
# named person, how they take part, a report expected or not), the
# outcome's attendance and apologies (an invitee named in neither:
# absent), and the quorum warned at a conference's outcome.
TODAY=2027-05-03
. "$TOP/tests/e2e/lib_cli.sh"

ok init init --policy policies/generic.yaml
ok w1 worker add sm1 --name "Sam Manager" --role service-manager
ok w2 worker add tm1 --name "Tia Lead" --role team-manager --manager sm1
ok w3 worker add sw1 --name "Sol Worker" --role social-worker --manager tm1
ok w4 worker add ch1 --name "Cara Chair" --role cp-chair
ok w5 worker add mt1 --name "Mo Minutes" --role minute-taker
ok w6 worker add qa1 --name "Quin Admin" --role qa-admin
ok c1 child add C1 --name "Ada Brown" --social-worker sw1
ok m1 meeting add C1 icpc 2027-05-17 --time 10:00 --chair ch1 --minute-taker mt1 --anchor s47-start=2027-04-26
M=$(cat "$WORK/m1.out")

ok i1 --as qa1 meeting invite "$M" Police --person "DC Hale" --how teams
grep -q "invited Police (DC Hale) to meeting $M (teams); a report expected" "$WORK/i1.err" ||
    { echo "FAIL i1: not said"; cat "$WORK/i1.err"; fail=1; }
ok i2 --as qa1 meeting invite "$M" School --how in-person
ok i3 --as qa1 meeting invite "$M" "Health visitor" --how report-only
ok i4 --as qa1 meeting invite "$M" Parents --how in-person --no-report
run i5 --as sw1 meeting invite "$M" GP
expect i5 1 ""
ok s1 meeting show "$M"
has s1 "invited (DC Hale), takes part: teams"
has s1 "invited, takes part: report-only"
# the reports expected come from the invitees (not from the parents)
n=$(grep -c " expected " "$WORK/s1.out")
[ "$n" = 3 ] || { echo "FAIL: $n reports expected, want 3"; cat "$WORK/s1.out"; fail=1; }
# invited again: updated, not doubled
ok i6 --as qa1 meeting invite "$M" Police --person "DS Moss" --how phone
ok s2 meeting show "$M"
has s2 "invited (DS Moss), takes part: phone"
lacks s2 "DC Hale"

# the outcome: two agencies attended, one sent apologies; the rest absent;
# two agencies, and not children's social care: the quorum is not met
TODAY=2027-05-17
ok oc --as ch1 meeting outcome "$M" --plan cp-plan:neglect --decision "Plan agreed" --no-next \
    --attended Police --attended Parents --apologies School
grep -q "quorum not met: 2 agencies attended; the policy asks for 3 including Children's social care" "$WORK/oc.err" ||
    { echo "FAIL oc: no quorum warning"; cat "$WORK/oc.err"; fail=1; }
ok s3 meeting show "$M"
has s3 "takes part: phone; attended"
has s3 "takes part: in-person; apologies"
has s3 "takes part: report-only; absent"
ok aud audit --tsv
grep -q "report.invite" "$WORK/aud.out" || { echo "FAIL: invitations not audited"; fail=1; }

# a quorate conference: no warning
TODAY=2027-05-03
ok c2 child add C2 --name "Ben Green" --social-worker sw1
ok m2 meeting add C2 icpc 2027-05-18 --time 10:00 --chair ch1 --minute-taker mt1 --anchor s47-start=2027-04-27
M2=$(cat "$WORK/m2.out")
TODAY=2027-05-18
ok oc2 --as ch1 meeting outcome "$M2" --plan no-plan --decision "No plan" --no-next \
    --attended "Children's social care" --attended Police --attended School
check "no quorum warning when quorate" sh -c '! grep -q quorum "$1"' _ "$WORK/oc2.err"
# ---- steps for some meetings only (if:) ------------------------------------
# 001: the IRO phones the parents who could not attend a CLA review
TODAY=2027-05-03
ok w7 worker add iro1 --name "Ivo Reviewer" --role iro
ok c3 child add C3 --name "Cy Care" --social-worker sw1 --looked-after-since 2027-01-04
ok m3 meeting add C3 cla-review 2027-05-20 --time 10:00 --chair iro1 --minute-taker mt1
M3=$(cat "$WORK/m3.out")
ok s4 meeting show "$M3"
lacks s4 "Phone the parents"
ok i7 --as qa1 meeting invite "$M3" Parents --how phone --no-report
TODAY=2027-05-20
ok oc3 --as iro1 meeting outcome "$M3" --decision "Plan endorsed" --no-next \
    --attended "Children's social care" --apologies Parents
grep -q "1 step for those who were not there" "$WORK/oc3.err" ||
    { echo "FAIL oc3: the parents' call not made"; cat "$WORK/oc3.err"; fail=1; }
ok s5 meeting show "$M3"
grep "Phone the parents who could not attend" "$WORK/s5.out" | grep -q "2027-05-21  open      iro" ||
    { echo "FAIL: no call to the parents, due the next working day"; cat "$WORK/s5.out"; fail=1; }
ok chk check-store

# Hounslow (002): an RCPC by one-to-one discussion and written reports has
# the chair's four steps; one on Teams has not
TODAY=2027-05-03
ok hou policy use policies/hounslow.yaml --reason "Hounslow's procedure"
ok r1 meeting add C1 rcpc 2027-08-12 --time 10:00 --chair ch1 --minute-taker mt1 --held one-to-one-written
ok r2 meeting add C2 rcpc 2027-08-13 --time 10:00 --chair ch1 --minute-taker mt1 --held teams --reason "Review booked early"
ok s6 meeting show "$(cat "$WORK/r1.out")"
has s6 "Review the written reports submitted for the conference"
has s6 "Make the final decision and tell those involved"
ok s7 meeting show "$(cat "$WORK/r2.out")"
lacks s7 "Review the written reports"
ok chk2 check-store
exit $fail

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
exit $fail

#!/bin/sh
# consult_cycle.sh - the consultation procedure (003) as its people run it:
#   - each kind logged by the roles 003 names, refused for others
#     (point 1: the CP chair; point 3: the frontline service manager);
#   - a strategy meeting chaired by a team manager, the CP chair's
#     consultation recorded against it, closing its step;
#   - the monthly cycle (point 4a) on a borough of 6 children in need
#     12+ months, 2 of them mapped 3 months ago: the list, all 6
#     allocated to two chairs, 4 mapping and 2 review steps due at the
#     month's end; one not done is in the exception report and on next
#     month's list; a child who started a plan drops off;
#   - a duplicate (same child, kind and day) refused unless --again.
TODAY=2026-09-09
. "$TOP/tests/e2e/lib_cli.sh"

fx() { "$CPDESK" --db "$DB" --today 2026-09-09 "$@" >/dev/null 2>&1; }
fx init --policy policies/generic.yaml &&
fx worker add sm1 --name "Sam Manager" --role service-manager &&
fx worker add tm1 --name "Tia Lead" --role team-manager --manager sm1 &&
fx worker add sw1 --name "Sol Worker" --role social-worker --manager tm1 &&
fx worker add ch1 --name "Cleo Chair" --role cp-chair &&
fx worker add ch2 --name "Dev Chair" --role cp-chair &&
fx worker add qam --name "Quinn Manager" --role qa-manager &&
fx worker add mt1 --name "Mo Minutes" --role minute-taker ||
	{ echo "FAIL: could not build the store"; exit 1; }
for i in 1 2 3 4 5 6; do
	fx child add C$i --name "Child $i" --social-worker sw1 \
	    --cin-since 2025-0$i-15 || { echo "FAIL: child C$i"; exit 1; }
done
fx child add C7 --name "Child Seven" --social-worker sw1 --cin-since 2026-06-01 &&
fx child add C8 --name "Child Eight" --social-worker sw1 --cin-since 2025-01-10 ||
	{ echo "FAIL: children"; exit 1; }

# ---- who logs what (003 points 1-3) ----
# point 3: the frontline service manager logs a re-referral case mapping
ok rr5 --as sm1 consult add C5 --kind re-referral-case-mapping --date 2026-09-08 \
    --note "Re-referral: mapped with the team manager and social worker"
ok rr6 --as sm1 consult add C6 --kind re-referral-case-mapping --date 2026-09-09
run rr_chair --as ch1 consult add C5 --kind re-referral-case-mapping --date 2026-09-09
expect rr_chair 1 "is for a service-manager"
run pre_sm --as sm1 consult add C1 --kind pre-s47-discussion --date 2026-09-09
expect pre_sm 1 "logging a pre-s47-discussion is for a cp-chair"
# point 2: the social worker asks a CP chair, who then sees the child
run pre_unasked --as ch1 consult add C1 --kind pre-s47-discussion --date 2026-09-09
expect pre_unasked 2 "no child 'C1'"
run ask_sw --as sw1 consult ask C1 --kind pre-s47-discussion --with sw1
expect ask_sw 1 "the one asked 'sw1' is not a cp-chair"
ok ask1 --as sw1 consult ask C1 --kind pre-s47-discussion --with ch1 \
    --note "Long-standing neglect concerns: conference?"
ok ch1q --as ch1 task list --tsv
has ch1q "asked:pre-s47-discussion"
ok pre_ch --as ch1 consult add C1 --kind pre-s47-discussion --date 2026-09-09
ok ch1q2 --as ch1 task list --tsv
lacks ch1q2 "asked:pre-s47-discussion"
run map_sw --as sw1 consult add C1 --kind case-mapping --date 2026-09-09
expect map_sw 1 "logging a case-mapping is for a cp-chair"
run rev_tm --as tm1 consult add C1 --kind mapping-review --date 2026-09-09
expect rev_tm 1 "logging a mapping-review is for a cp-chair"
run str_tm --as tm1 consult add C1 --kind strategy-consultation --date 2026-09-09
expect str_tm 1 "logging a strategy-consultation is for a cp-chair"
run nokid --as ch1 consult add NOPE --kind pre-s47-discussion --date 2026-09-09
expect nokid 2 "no child 'NOPE'"
# the social worker is told: a step to read it
ok swq --as sw1 task list --tsv
has swq "consultation-read"
# the same child, kind and day again: refused, unless --again
run dup --as ch1 consult add C1 --kind pre-s47-discussion --date 2026-09-09
expect dup 1 "already records a pre-s47-discussion for child C1 on 2026-09-09"
ok dup2 --as ch1 consult add C1 --kind pre-s47-discussion --date 2026-09-09 --again

# point 1: a strategy meeting chaired by the team manager
ok strat --as tm1 meeting add C8 strategy 2026-09-14 --time 10:00 --chair tm1 --minute-taker mt1
mid=$(cat "$WORK/strat.out")
run strat_sw --as tm1 meeting add C8 strategy 2026-09-15 --time 10:00 --chair sw1
expect strat_sw 1 "chair 'sw1' is not a team-manager"
ok tmq --as tm1 task list --tsv
has tmq "chair-consultation"
ok ask8 --as tm1 consult ask C8 --kind strategy-consultation --with ch1 --by 2026-09-14
TODAY=2026-09-14 run sc --as ch1 consult add C8 --kind strategy-consultation --date 2026-09-14 \
    --meeting "$mid" --decision "Bring to an ICPC"
expect sc 0
TODAY=2026-09-14 ok tmq2 --as tm1 task list --tsv
lacks tmq2 "	chair-consultation	"
has tmq2 "consultation-read"
TODAY=2026-09-14 ok mshow --as tm1 meeting show "$mid"
has mshow "done by ch1"
run sc_wrong --as ch1 consult add C8 --kind pre-s47-discussion --date 2026-09-09 --meeting "$mid"
expect sc_wrong 2 "is not held for a meeting"

# ---- the monthly cycle, December 2026 ----
D=2026-12-01
TODAY=$D ok due --as qam consult list --case-mapping-due
for i in 1 2 3 4 5 6 8; do has due "C$i"; done
lacks due "C7"
TODAY=$D ok duet --as qam consult list --case-mapping-due --tsv
check "C5 and C6 are to review (mapped 3 months ago)" \
    sh -c '[ "$(awk -F'\''\t'\'' '\''$6 == "review" { print $1 }'\'' $WORK/duet.out | tr '\''\n'\'' '\'' '\'')" = '\''C5 C6 '\'' ]'
# C8 starts a plan: off the list
TODAY=$D ok plan8 plan start C8 2026-11-20 --category neglect
TODAY=$D ok due2 --as qam consult list --case-mapping-due
lacks due2 "C8"
run month_sw --as sw1 --today $D consult month
expect month_sw 1 "is for a qa-manager"
TODAY=$D ok month --as qam consult month
has month "6 to allocate"
TODAY=$D ok month2 --as qam consult month
has month2 "0 to allocate"
TODAY=$D ok qamq --as qam task list --user @qa-manager --tsv
check "six allocation steps in the QA managers' queue" \
    sh -c '[ $(grep -c '\''case-mapping-allocate'\'' $WORK/qamq.out) -eq 6 ]'
TODAY=$D ok chairs --as qam consult chairs
has chairs "Cleo Chair"
for i in 1 2 3; do TODAY=$D ok al$i --as qam consult allocate C$i --chair ch1; done
for i in 4 5 6; do TODAY=$D ok al$i --as qam consult allocate C$i --chair ch2; done
run al_bad --as qam --today $D consult allocate C7 --chair ch1
expect al_bad 1 "not on the case-mapping list of December 2026"
run al_sw --as qam --today $D consult allocate C1 --chair sw1
expect al_sw 1 "chair 'sw1' is not a cp-chair (CP chair (CPA))"
TODAY=$D ok chairs2 --as qam consult chairs
has chairs2 "ch1    Cleo Chair  3          0     0"
TODAY=$D ok q1 --as ch1 task list --tsv
TODAY=$D ok q2 --as ch2 task list --tsv
check "ch1: 3 mapping steps due 2026-12-31" \
    sh -c '[ $(grep -c '\''2026-12-31.*	case-mapping	'\'' $WORK/q1.out) -eq 3 ]'
check "ch2: 1 mapping and 2 review steps" \
    sh -c '[ $(grep -c '\''	case-mapping	'\'' $WORK/q2.out) -eq 1 ] && [ $(grep -c '\''	mapping-review	'\'' $WORK/q2.out) -eq 2 ]'
TODAY=$D ok qamq2 --as qam task list --user @qa-manager --tsv
lacks qamq2 "case-mapping-allocate"
# ch1 maps C1; ch2, not allocated it, does not see it
TODAY=2026-12-10 run other --as ch2 consult add C1 --kind case-mapping --date 2026-12-10 \
    --took-part "Sol Worker, Tia Lead" --plan "Weekly visits"
expect other 2 "no child 'C1'"
TODAY=2026-12-10 run noform --as ch1 consult add C1 --kind case-mapping --date 2026-12-10
expect noform 2 "records who took part"
TODAY=2026-12-10 ok map1 --as ch1 consult add C1 --kind case-mapping --date 2026-12-10 \
    --took-part "Sol Worker (social worker), Tia Lead (team manager)" \
    --plan "Weekly visits; school and health reviewed monthly" --progressing yes
# ch2 reviews C5: not progressing: a new mapping due by the end of January
TODAY=2026-12-11 ok rev5 --as ch2 consult add C5 --kind mapping-review --date 2026-12-11 \
    --took-part "Sol Worker, Tia Lead" --plan "Re-referral plan" --progressing no \
    --escalation "To the service manager: no progress since September"
TODAY=2026-12-11 ok q2b --as ch2 task list --tsv
has q2b "2027-01-29"
# the others done but C2 (ch1)
for c in 3:ch1 4:ch2 6:ch2; do
	TODAY=2026-12-15 ok done${c%%:*} --as ${c#*:} consult add C${c%%:*} \
	    --kind "$( [ ${c%%:*} = 6 ] && echo mapping-review || echo case-mapping)" \
	    --date 2026-12-15 --took-part "Sol Worker, Tia Lead" --plan "Plan" --progressing yes
done
TODAY=2026-12-15 ok dec --as qam consult list --case-mapping-due --tsv
check "C1 done by ch1" sh -c 'grep -q '\''^C1	.*	done	ch1'\'' $WORK/dec.out'
check "C2 still allocated to ch1" sh -c 'grep -q '\''^C2	.*	allocated	ch1	2026-12-31'\'' $WORK/dec.out'
# January: C2 not done by month end: in the exception report, carried
J=2027-01-04
TODAY=$J ok exc --as qam list exceptions
has exc "C2"
TODAY=$J ok jan --as qam consult month
has jan "(1 carried"
TODAY=$J ok janl --as qam consult list --case-mapping-due --tsv
check "C2 on January's list, carried from 2026-12-31" \
    sh -c 'grep -q '\''^C2	.*	to allocate	.*	2026-12-31$'\'' $WORK/janl.out'
check "C1 off January's list (mapped in December)" sh -c '! grep -q '\''^C1	'\'' $WORK/janl.out'
check "C5 on January's list: the new mapping allocated to ch2" \
    sh -c 'grep -q '\''^C5	.*	map	allocated	ch2	2027-01-29'\'' $WORK/janl.out'
TODAY=$J ok exc2 --as qam list exceptions
has exc2 "missed: closed 2027-01-04 (Cleo Chair): not done by 2026-12-31: carried to the list of January 2027"
exit $fail

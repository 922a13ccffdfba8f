#!/bin/sh
# policy_commands.sh - timeline and next from the command line: exact
# TSV for one meeting under each shipped policy, the readable table, the
# cadence examples of issue 2, bad arguments and --help.
# Expected dates are counted by hand (see tests/unit/test_schedule.c for
# the working); titles are the policies' own.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS
cd "$TOP" || exit 1
fail=0
T=$(printf '\t')

# run NAME ARGS...: stdout to $WORK/NAME.out, stderr to $WORK/NAME.err,
# exit status to $rc.
run() {
	name=$1; shift
	"$CPDESK" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
	rc=$?
}

# same NAME: compare $WORK/NAME.out with $WORK/NAME.want (TABs as '|').
same() {
	if ! cmp -s "$WORK/$1.out" "$WORK/$1.want"; then
		echo "FAIL $1: output differs (- want, + got; TAB shown as |):"
		diff "$WORK/$1.want" "$WORK/$1.out" | tr '\t' '|'
		fail=1
	fi
}

want() { # NAME: the expected stdout from stdin, '|' turned into TAB
	tr '|' '\t' >"$WORK/$1.want"
}

ok_exit() { # NAME
	[ "$rc" = 0 ] || { echo "FAIL $1: exit $rc"; cat "$WORK/$1.err"; fail=1; }
	[ -s "$WORK/$1.err" ] && { echo "FAIL $1: stderr:"; cat "$WORK/$1.err"; fail=1; }
}

bad_exit() { # NAME SUBSTRING: exit 2, nothing on stdout, message on stderr
	[ "$rc" = 2 ] || { echo "FAIL $1: exit $rc, want 2"; fail=1; }
	[ -s "$WORK/$1.out" ] && { echo "FAIL $1: stdout not empty:"; cat "$WORK/$1.out"; fail=1; }
	grep -qF -- "$2" "$WORK/$1.err" ||
		{ echo "FAIL $1: stderr lacks: $2"; sed 's/^/    got: /' "$WORK/$1.err"; fail=1; }
}

# ---- timeline --tsv ---------------------------------------------------------

# Generic ICPC on Wed 6 Jan 2027, across Christmas and New Year.
run generic-icpc timeline --policy policies/generic.yaml icpc 2027-01-06 --tsv
ok_exit generic-icpc
want generic-icpc <<'X'
due|step|role|title
2026-12-18|invite-list|social-worker|Complete the invite list so the CPA can notify the family and professionals
2026-12-18|notify-family-professionals|cp-chair|Notify the family and professionals of the conference date
2026-12-23|family-report-sharing|social-worker|Agree with the family how they will receive reports (secure email, post or by hand) and tell the CPA
2026-12-29|cfa-with-family|social-worker|Go through the CFA report with the family and send it to the CPA
2026-12-29|agency-reports|cp-chair|Other professionals' reports with the CPA; share completed reports with those taking part
2026-12-31|pre-conference-discussion|cp-chair|Discuss with the family, young person, social worker and professionals (mapping structure); gather what the decision rests on
2027-01-06|decisions-and-register|cp-chair|Send the CP conference decisions to all involved and update the CP plan register
2027-01-13|plan-to-all|minute-taker|Send the agreed plan to every participant and the family
X
same generic-icpc

# Hounslow RCPC on Fri 31 Dec 2027: 24 working hours after (issue 18) skip
# the weekend and the 3 Jan substitute bank holiday: Tue 4 Jan, as +1
# working day (escalated Wed 5 Jan).  The chair's four steps of a review held by one-to-one
# discussion and written reports (002) are listed too (made only for one).
run hounslow-rcpc timeline --policy policies/hounslow.yaml rcpc 2027-12-31 --tsv
ok_exit hounslow-rcpc
want hounslow-rcpc <<'X'
due|step|role|title
2027-12-15|pre-conference-core-group|social-worker|Hold the pre-conference core group meeting to inform your report
2027-12-22|share-reports-with-family|social-worker|Share your pre-conference report with the agency partners and with the parents/carers and young person; take in their views
2027-12-30|sw-chair-discussion|social-worker|Pre-conference discussion with the chair: logistics, parents' and young person's participation
2027-12-30|reports-in|minute-taker|Check the CPCC mailbox for reports and forward them to the chair, social worker and professionals
2027-12-30|next-date-check|minute-taker|Check the SQA calendar and propose the date of the next conference (avoid clashes)
2027-12-31|written-reports-reviewed|cp-chair|Review the written reports submitted for the conference
2027-12-31|one-to-one-discussion|cp-chair|Case discussion with the social worker and the parents/carers
2027-12-31|reports-to-professionals|minute-taker|Email the complete set of reports to the professionals
2028-01-04|case-summary-sent|cp-chair|Send the case summary and outline plan, inviting the professionals' recommendations by email
2028-01-04|chair-info-to-minute-taker|cp-chair|Give the minute taker the outcome, attendees, reports submitted, next date, chair's summary and the CP plan
2028-01-04|decision-on-lcs|minute-taker|Record the decision on LCS with the chair (outcome workflow), complete the CP/CiN plan document and email it to the professionals
2028-01-04|plan-to-parents|social-worker|Send the CP/CiN plan to the parents/carers
2028-01-05|escalation:decision-on-lcs|qa-manager|Escalation: Record the decision on LCS with the chair (outcome workflow), complete the CP/CiN plan document and email it to the professionals
2028-01-06|final-decision|cp-chair|Make the final decision and tell those involved
2028-01-31|minutes-out|minute-taker|Send out the minutes
2028-02-01|escalation:minutes-out|qa-manager|Escalation: Send out the minutes
X
same hounslow-rcpc

# Swindon ICPC on Wed 31 Mar 2027 (Easter), s47 enquiry from Mon 22 Mar.
# Escalations a working day late: the report due Thu 25 Mar on Tue 30 Mar
# (Good Friday and Easter Monday skipped), the invite list on Wed 31 Mar.
run swindon-icpc timeline --policy policies/swindon.yaml icpc 2027-03-31 \
	--anchor s47-start=2027-03-22 --tsv
ok_exit swindon-icpc
want swindon-icpc <<'X'
due|step|role|title
2027-03-19|partner-notice|qa-admin|Invite the partners: 6 working days' notice to prepare and share their reports (subject URGENT CLA/CP)
2027-03-24|chair-sw-conversation|cp-chair|Talk with the social worker before the conference; plan for the parents' participation
2027-03-25|reports-available|social-worker|Conference report on the index child available on CD, quality assured by a manager
2027-03-30|invite-list|social-worker|Prepare the ICPC invite list on CD, naming every professional to invite
2027-03-30|invite-list-check|team-manager|Check that the ICPC invite list has been prepared and sent via CD
2027-03-30|escalation:reports-available|service-manager|Escalation: Conference report on the index child available on CD, quality assured by a manager
2027-03-30|escalation:reports-available|director|Escalation: Conference report on the index child available on CD, quality assured by a manager
2027-03-31|decisions-and-register|cp-chair|Send the CP conference decisions to all involved and update the CP plan register
2027-03-31|next-rcpc-date|cp-chair|Set the next RCPC's date with all professionals and parents (at least 3 months ahead)
2027-03-31|escalation:invite-list|team-manager|Escalation: Prepare the ICPC invite list on CD, naming every professional to invite
2027-03-31|escalation:invite-list|service-manager|Escalation: Prepare the ICPC invite list on CD, naming every professional to invite
2027-04-07|plan-to-all|minute-taker|Send the agreed plan to every participant and the family
X
same swindon-icpc

# Swindon CLA review on Wed 3 May 2028: 16 days before is Easter Monday.
# Its reminders (Swindon's procedure, points 12 and 13): 5 weeks before,
# Wed 29 Mar, to the SW and TM; 20 days before, Thu 13 Apr, to the TM and
# SM.  The invite list escalates a working day after Thu 13 Apr: Good
# Friday and Easter Monday skipped, Tue 18 Apr.  The review's report, 5
# working days before: Tue 2 May (1; Mon 1 May a bank holiday), Fri 28
# (2), 27, 26, Tue 25 Apr (5); it escalates a working day after, Wed 26.
run swindon-cla timeline --policy policies/swindon.yaml cla-review 2028-05-03 --tsv
ok_exit swindon-cla
want swindon-cla <<'X'
due|step|role|title
2028-03-29|reminder:invite-list|social-worker|URGENT CLA/CP: SQA asks for the invite list for the CLA review
2028-03-29|reminder:invite-list|team-manager|URGENT CLA/CP: SQA asks for the invite list for the CLA review
2028-04-13|invite-list|social-worker|Send the CLA review invite list via CD (it triggers the consultation documents)
2028-04-13|reminder:invite-list|team-manager|URGENT CLA/CP: reminder from the QA & Review TM - the CLA review invite list is still needed
2028-04-13|reminder:invite-list|service-manager|URGENT CLA/CP: reminder from the QA & Review TM - the CLA review invite list is still needed
2028-04-18|invites-out|qa-admin|Send the invites and consultation documents for the CLA review
2028-04-18|escalation:invite-list|team-manager|Escalation: Send the CLA review invite list via CD (it triggers the consultation documents)
2028-04-18|escalation:invite-list|service-manager|Escalation: Send the CLA review invite list via CD (it triggers the consultation documents)
2028-04-25|review-report|social-worker|CLA review report available on CD, quality assured by a manager
2028-04-26|escalation:review-report|service-manager|Escalation: CLA review report available on CD, quality assured by a manager
2028-04-26|escalation:review-report|director|Escalation: CLA review report available on CD, quality assured by a manager
2028-04-27|iro-sw-conversation|iro|Talk with the social worker before the review; plan for the parents' participation
2028-05-03|minutes-on-mosaic|iro|Enter the minutes and recommendations on the case system and task them to be shared
2028-05-04|update-absent-parents|iro|Phone the parents who could not attend and tell them what the review decided
2028-05-10|plan-to-all|iro|Send the agreed plan to every participant and the family
X
same swindon-cla

# --time: Hounslow ICPC on Thu 25 Mar 2027 at 14:00: 24 working hours
# later skip Good Friday to Easter Monday: Tue 30 Mar 14:00.  On Fri 14 May
# 2027 at 10:00: Mon 17 May (24 clock hours would be the Saturday).
run hounslow-time timeline --policy policies/hounslow.yaml icpc 2027-03-25 --time 14:00 --tsv
ok_exit hounslow-time
grep -q "^2027-03-30${T}decision-on-lcs${T}" "$WORK/hounslow-time.out" ||
	{ echo "FAIL hounslow-time: decision-on-lcs not on 2027-03-30"; cat "$WORK/hounslow-time.out"; fail=1; }
run hounslow-friday timeline --policy policies/hounslow.yaml icpc 2027-05-14 --time 10:00
ok_exit hounslow-friday
grep -q "^Mon 2027-05-17  24 working hours after meeting  Minute taker  *Record the decision on LCS" "$WORK/hounslow-friday.out" ||
	{ echo "FAIL hounslow-friday: decision-on-lcs not on Mon 2027-05-17"; cat "$WORK/hounslow-friday.out"; fail=1; }

# ---- timeline as a table ----------------------------------------------------

run table timeline --policy policies/generic.yaml icpc 2027-01-06
ok_exit table
grep -q '^Initial child protection conference (icpc) on Wed 2027-01-06$' "$WORK/table.out" ||
	{ echo "FAIL table: heading"; fail=1; }
grep -q '== the meeting ==' "$WORK/table.out" || { echo "FAIL table: no meeting marker"; fail=1; }
[ "$(grep -c '== the meeting ==' "$WORK/table.out")" = 1 ] || { echo "FAIL table: marker twice"; fail=1; }
# The marker sits after the steps due on the day and before those after.
marker=$(grep -n '== the meeting ==' "$WORK/table.out" | cut -d: -f1)
onday=$(grep -n '^Wed 2027-01-06 .*update the CP plan register' "$WORK/table.out" | cut -d: -f1)
after=$(grep -n '^Wed 2027-01-13 .*Send the agreed plan' "$WORK/table.out" | cut -d: -f1)
[ -n "$marker" ] && [ -n "$onday" ] && [ -n "$after" ] &&
	[ "$onday" -lt "$marker" ] && [ "$marker" -lt "$after" ] ||
	{ echo "FAIL table: marker out of place"; cat "$WORK/table.out"; fail=1; }
grep -q '^Fri 2026-12-18  10 working days before meeting  CP chair (CPA) ' "$WORK/table.out" ||
	{ echo "FAIL table: local role name or rule missing"; cat "$WORK/table.out"; fail=1; }
[ "$(grep -c '^[A-Z][a-z][a-z] 20[0-9][0-9]-' "$WORK/table.out")" = 9 ] ||
	{ echo "FAIL table: want 8 steps + the meeting"; cat "$WORK/table.out"; fail=1; }
# A meeting whose steps all come on or before its day (a strategy
# discussion's record): the marker is last.
run table2 timeline --policy policies/generic.yaml strategy 2027-03-31
ok_exit table2
tail -n 1 "$WORK/table2.out" | grep -q '^Wed 2027-03-31 .*== the meeting ==' ||
	{ echo "FAIL table2: marker not last"; cat "$WORK/table2.out"; fail=1; }
# a step made only when an agency did not attend says so
run table3 timeline --policy policies/swindon.yaml cla-review 2028-05-03
ok_exit table3
grep -q '^Thu 2028-05-04 .*Phone the parents .*(only if Parents did not attend)$' "$WORK/table3.out" ||
	{ echo "FAIL table3: the condition is not said"; cat "$WORK/table3.out"; fail=1; }

# ---- next: the issue's examples ---------------------------------------------

run next1 next --policy policies/generic.yaml icpc 2027-05-12
ok_exit next1
printf 'core-group\t2027-05-26\nrcpc\t2027-08-12\n' >"$WORK/next1.want"
same next1
run next2 next --policy policies/generic.yaml rcpc 2027-03-31
ok_exit next2
printf 'rcpc\t2027-09-30\n' >"$WORK/next2.want"
same next2
run next3 next --policy policies/generic.yaml icpc 2027-06-11
ok_exit next3
printf 'core-group\t2027-06-25\nrcpc\t2027-09-10\n' >"$WORK/next3.want"
same next3
# The same under the borough policies, which inherit the cadence.
for p in hounslow swindon; do
	run "next-$p" next --policy "policies/$p.yaml" rcpc 2027-03-31
	ok_exit "next-$p"
	cp "$WORK/next2.want" "$WORK/next-$p.want"
	same "next-$p"
done
run next4 next --policy policies/generic.yaml strategy 2027-03-18
ok_exit next4
printf 'icpc\t2027-04-12\n' >"$WORK/next4.want"
same next4
run next5 next --policy policies/generic.yaml care-start 2027-12-13
ok_exit next5
printf 'cla-review\t2028-01-13\n' >"$WORK/next5.want"
same next5
run next6 next --policy policies/generic.yaml cla-review 2027-11-30 --nth 1
ok_exit next6
printf 'cla-review\t2028-02-29\n' >"$WORK/next6.want"
same next6
run next7 next --policy policies/generic.yaml cla-review 2027-05-12 --nth 2
ok_exit next7
printf 'cla-review\t2027-11-12\n' >"$WORK/next7.want"
same next7
run next8 next --policy policies/generic.yaml core-group 2027-05-12
ok_exit next8
# generic.yaml's choice: the next core group within 6 weeks
printf 'core-group\t2027-06-23\n' >"$WORK/next8.want"
same next8

# ---- bad arguments ----------------------------------------------------------

run e1 timeline --policy policies/generic.yaml icpcc 2027-01-06
bad_exit e1 "policy 'generic' has no meeting type 'icpcc'"
run e2 timeline --policy policies/generic.yaml icpc 2027-02-30
bad_exit e2 "'2027-02-30' is not a date: February 2027 has 28 days"
run e3 timeline icpc 2027-01-06
bad_exit e3 "which policy? give --policy NAME or FILE"
run e4 timeline --policy policies/swindon.yaml icpc 2027-03-31
bad_exit e4 "the icpc step 'invite-list' counts from s47-start, which this meeting does not have: give --anchor s47-start=YYYY-MM-DD"
run e5 next --policy policies/generic.yaml conference 2027-05-12
bad_exit e5 "policy 'generic' has no meeting type or event 'conference'"
run e6 next --policy policies/generic.yaml icpc 2027-02-30
bad_exit e6 "'2027-02-30' is not a date"
run e7 next icpc 2027-05-12
bad_exit e7 "which policy? give --policy NAME or FILE"
run e8 next --policy policies/generic.yaml cla-review 2027-05-12
bad_exit e8 "what follows a cla-review depends on which one it was: give --nth N (1 for the first)"
run e9 next --policy policies/generic.yaml cla-review 2027-05-12 --nth 0
bad_exit e9 "--nth '0': a whole number from 1"
run e10 timeline --policy policies/generic.yaml icpc
bad_exit e10 "timeline: give TYPE and DATE"
run e11 next --policy policies/generic.yaml icpc
bad_exit e11 "next: give EVENT and DATE"
run e12 timeline --policy policies/swindon.yaml icpc 2027-03-31 --anchor s47-start
bad_exit e12 "--anchor 's47-start': write NAME=YYYY-MM-DD"
run e13 timeline --policy policies/swindon.yaml icpc 2027-03-31 --anchor s47-start=2027-13-01
bad_exit e13 "--anchor s47-start: '2027-13-01' is not a date"
run e14 timeline --policy policies/generic.yaml icpc 2027-01-06 --time 25:00
bad_exit e14 "--time '25:00': write HH:MM"
run e15 timeline --policy policies/generic.yaml icpc 2035-01-02
bad_exit e15 "is outside the bank holidays known for england-and-wales (2018-2030)"
run e16 timeline --policy "$WORK/none.yaml" icpc 2027-01-06
bad_exit e16 "none.yaml: No such file or directory"
run e17 timeline --policy tests/policy-bad/unknown-role.yaml icpc 2027-01-06
bad_exit e17 "unknown-role.yaml:10:15: unknown role 'cpa'"
run e18 timeline --bogus --policy policies/generic.yaml icpc 2027-01-06
bad_exit e18 "unknown option or missing value '--bogus'"
run e19 timeline --policy policies/generic.yaml icpc 06/01/2027
bad_exit e19 "'06/01/2027' is not a date: write YYYY-MM-DD"

# ---- --help ---------------------------------------------------------------

for cmd in "timeline" "next" "policy check"; do
	# shellcheck disable=SC2086
	run help $cmd --help
	ok_exit "help ($cmd)"
	grep -q "^usage: cpdesk $cmd " "$WORK/help.out" ||
		{ echo "FAIL $cmd --help: no usage line"; cat "$WORK/help.out"; fail=1; }
done
run help timeline --help
grep -q -- '--tsv' "$WORK/help.out" || { echo "FAIL timeline --help lacks --tsv"; fail=1; }
run help next --help
grep -q -- '--nth' "$WORK/help.out" || { echo "FAIL next --help lacks --nth"; fail=1; }

exit $fail

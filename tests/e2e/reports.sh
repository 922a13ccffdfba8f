#!/bin/sh
# reports.sh - issue 18 (item 3): an agency's report kept truthfully on
# the command line.
#  - received and shared with the family are two dates: --shared-with-family
#    alone keeps the day the report came in (it used to become today);
#    each command changes only the dates it names, audited before/after;
#  - a report never received is not shared (exit 1, until --date);
#  - a date after today is bad input (exit 2, saying the date and today);
#    so is shared before it came in, and --expected with a date;
#  - --expected on a report that has come in is refused (exit 1).
TODAY=2027-05-10
. "$TOP/tests/e2e/lib_cli.sh"
# The newest audit entry ACTION: its before (field 7) and after (field 8).
entry() {
	"$CPDESK" --db "$DB" audit --tsv | awk -F"$T" -v a="$1" '$4 == a' |
	    tail -1 >"$WORK/entry"
	cut -f7 "$WORK/entry" >"$WORK/before"
	cut -f8 "$WORK/entry" >"$WORK/after"
	[ -s "$WORK/entry" ] || { echo "FAIL no $1 entry"; fail=1; }
}
in_file() { # FILE SUBSTRING
	grep -qF -- "$2" "$WORK/$1" ||
	    { echo "FAIL $1 lacks '$2':"; cat "$WORK/$1"; fail=1; }
}
not_in_file() { # FILE SUBSTRING
	! grep -qF -- "$2" "$WORK/$1" ||
	    { echo "FAIL $1 has '$2':"; cat "$WORK/$1"; fail=1; }
}

ok init init --policy policies/generic.yaml
ok w1 worker add sw1 --name "Sam Social" --role social-worker
ok w2 worker add chair1 --name "Cat Chair" --role cp-chair
ok c1 child add C1 --name "Ada Brown" --social-worker sw1
ok m1 meeting add C1 icpc 2027-05-17 --time 10:00 --chair chair1 \
    --anchor s47-start=2027-04-26
M=$(cat "$WORK/m1.out")

# received on Friday, shared with the family on Monday (today)
ok r1 report-received "$M" Police --date 2027-05-07
ok r2 report-received "$M" Police --shared-with-family 2027-05-10
grep -q "^cpdesk: meeting $M: Police's report, shared with the family 2027-05-10$" "$WORK/r2.err" ||
    { echo "FAIL r2: what it did is not said in one line"; cat "$WORK/r2.err"; fail=1; }
ok s1 meeting show "$M"
has s1 "Police"
has s1 "2027-05-07"
entry report.shared
in_file before "received=2027-05-07"
not_in_file before "shared-with-family"
in_file after "received=2027-05-07"
in_file after "shared-with-family=2027-05-10"
not_in_file after "received=2027-05-10"

# dates after today: exit 2, saying the date and today
run f1 report-received "$M" School --date 2027-05-11
expect f1 2 "2027-05-11 is after today (2027-05-10)"
run f2 report-received "$M" Police --shared-with-family 2027-05-12
expect f2 2 "2027-05-12 is after today (2027-05-10)"

# shared before it came in: exit 2; never received: refused
run b1 report-received "$M" Health --date 2027-05-07 --shared-with-family 2027-05-06
expect b1 2 "before it came in (2027-05-07)"
ok e1 report-received "$M" School --expected
run n1 report-received "$M" School --shared-with-family 2027-05-10
expect n1 1 "has not come in"
run n2 report-received "$M" GP --shared-with-family 2027-05-10
expect n2 1 "has not come in"
run x1 report-received "$M" School --expected --date 2027-05-07
expect x1 2 "--expected"
# both at once: the day it came in and the day it was shared
ok r3 report-received "$M" School --date 2027-05-06 --shared-with-family 2027-05-07
entry report.received
in_file after "received=2027-05-06"
in_file after "shared-with-family=2027-05-07"
# a later arrival than the day it was shared: exit 2; expected again: 1
run l1 report-received "$M" School --date 2027-05-08
expect l1 2 "shared with the family on 2027-05-07, before it came in"
run x2 report-received "$M" School --expected
expect x2 1 "came in on 2027-05-06"
# no date at all: it came in today
ok t1 report-received "$M" Housing
entry report.received
in_file after "received=2027-05-10"

ok chk check-store
exit $fail

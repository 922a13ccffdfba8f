#!/bin/sh
# Issue 18 in the console, at 80x24: the report form (r) suggests the
# report still to come in (School) with today as its date, highlighted;
# typing "Health" replaces the suggestion (it used to give
# "SchoolHealth"), and the dates follow the agency typed.  The write
# records Health received today and leaves School expected.  A report
# received earlier keeps that day when it is shared.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
cpd --as cchair report-received 1 School --expected >/dev/null &&
cpd --as cchair report-received 1 Police --date 2027-05-07 >/dev/null ||
	fail "report-received"
t_start 80 24 --as cchair
t_wait "Carol Chair (cchair)"
t_keys 2
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06 (1)"
t_keys r
t_wait "Report for ICPC for Ada Brown"
t_wait "School"
t_wait "expected; typing replaces it"
t_type "Health"
t_wait "Health  a new report"
t_screen | grep -q "SchoolHealth" && fail "typing appended to the suggestion"
t_keys Enter
t_wait "2027-05-10  Mon; typing replaces it"
t_keys Enter Enter
t_wait "Confirm: Report for ICPC"
t_wait "Agency: Health"
t_wait "Received: Mon 2027-05-10"
t_wait "Shared with the family: not yet"
t_keys y
t_wait "Recorded the Health report."
# Police came in on Friday: its dates follow the name typed
t_keys r
t_wait "Report for ICPC for Ada Brown"
t_keys BSpace
t_wait "Schoo "
t_keys C-u
t_type "Police"
t_wait "in 2027-05-07"
t_keys Enter
t_wait "2027-05-07  Fri"
t_keys Enter
t_wait "2027-05-10  Mon"
t_keys Enter
t_wait "Received: Fri 2027-05-07"
t_wait "Shared with the family: Mon 2027-05-10"
t_keys y
t_wait "Recorded the Police report."
t_keys q
t_wait "[exit 0]"
t_cleanup
cpd meeting show 1 >"$WORK/show" || fail "meeting show"
grep "Health" "$WORK/show" | grep -q "2027-05-10" || fail "Health not received today"
grep "School" "$WORK/show" | grep -q "expected" || fail "School no longer expected"
grep "Police" "$WORK/show" | grep -q "2027-05-07" || fail "Police lost the day it came in"
exit 0

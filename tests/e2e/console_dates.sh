#!/bin/sh
# Issue 17, item 4, in the console at 80x24: the dates a meeting cannot
# have are said as they are typed, and nothing is written.
#   move: a Saturday, a bank holiday, the past, a time the clocks skip
#         or repeat (a blank time keeps the meeting's own);
#   outcome: before the meeting's day (the form does not open), a next
#         meeting on or before this one, a next date on a bank holiday;
#   booking: the steps already due before today counted before the
#         confirm; a booking later than the cadence allows asks for the
#         exception's reason in its own field.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
M=$(cpd child show AB123 | awk '$0 ~ / icpc / { print $1; exit }')
[ -n "$M" ] || fail "no meeting for AB123"

# the move form: each rule on its field, then the status line says it all
move_says() { # DATE TIME EXPECTED
	t_keys m
	t_wait "New date"
	t_keys C-u
	t_type "$1"
	if [ -n "$2" ]; then t_keys Tab; t_type "$2"; fi
	t_wait "$3"
	t_keys Escape
	t_gone "Reason*:"
}
t_start 80 24 --as qadmin
t_wait "Quinn Admin (qadmin)"
t_keys 2
t_wait "Ada Brown"
move_says 2027-05-22 "" "2027-05-22 is not a working day (Saturday): choose another"
move_says 2027-05-31 "" "2027-05-31 is not a working day (Spring bank holiday)"
move_says 2027-05-07 "" "2027-05-07 is in the past"
move_says 2027-10-31 01:30 "01:30 on 2027-10-31 happens twice (the clocks go back)"
move_says 2028-03-26 01:15 "01:15 on 2028-03-26 does not exist (the clocks go forward)"
# the outcome of a meeting a week away: refused before a form opens
t_keys o
t_wait "its outcome is recorded on or after that day"
t_screen | grep -q "Decision" && fail "the outcome form opened before the day"
t_keys q
t_wait "[exit 0]"
t_cleanup
cpd meeting show "$M" | grep -q "Date: *Mon 2027-05-17" || fail "the meeting moved"

# ---- the outcome, on the day: the next meeting's date as typed --------
TODAY=2027-05-17
t_start 80 24 --as cchair
t_wait "Carol Chair (cchair)"
t_keys 2
t_wait "Ada Brown"
t_keys o
t_wait "Outcome of ICPC"
t_keys Tab
t_type "Plan agreed"
t_keys Tab Tab Tab Tab Tab Tab       # to the next date
t_wait "blank: the cadence's date, less the diary's margin"
t_type "2027-05-17"
t_wait "on or before this meeting: the next one comes after it"
t_keys C-u
t_type "2027-08-30"
t_wait "2027-08-30 is not a working day (Summer bank holiday)"
t_keys Escape
t_gone "Outcome of ICPC"
t_keys q
t_wait "[exit 0]"
t_cleanup
cpd meeting show "$M" | grep -q "Status: *scheduled" || fail "an outcome was recorded"

# ---- booking: steps already due, and a booking past the cadence --------
# a new child's ICPC at the first free time: some of its steps (counted
# back from the meeting) are due before today
cpd child add CY200 --name "Cy Young" --social-worker asocial >/dev/null ||
    fail "could not add CY200"
t_start 80 24 --as qadmin
t_wait "Quinn Admin (qadmin)"
t_keys 3 /
t_type "Cy Young"
t_keys Enter
t_wait "Cy Young"
t_keys b
t_wait "Book a meeting"
t_wait "CY200"
t_keys Tab Tab Tab Tab Tab           # the free times
t_wait "Free time*:      < "
t_keys Enter Enter
t_wait "Confirm: Book a meeting"
t_wait "of its steps are due before today: overdue from the start"
t_keys n
t_gone "Confirm: Book a meeting"
t_keys Escape
t_gone "Book a meeting"
t_keys q
t_wait "[exit 0]"
t_cleanup
cpd child show CY200 | grep -q "icpc" && fail "an ICPC was booked for CY200"

# Ada's ICPC held on 17 May: her RCPC is due by 17 August.  Booked from
# 1 September it is late: the form asks for the exception's reason, and
# the confirmation says by how much
cpd --today 2027-05-17 meeting outcome "$M" --plan cp-plan:neglect \
    --decision "Plan agreed" --no-next >/dev/null || fail "outcome"
TODAY=2027-05-18
t_start 80 24 --as qadmin
t_wait "Quinn Admin (qadmin)"
t_keys 3 /
t_type "Ada Brown"
t_keys Enter
t_wait "AB123"
t_keys b
t_wait "Book a meeting"
t_keys Tab Right                     # the review conference
t_wait "Review child protection conference"
t_keys Tab Tab Tab
t_type "2027-09-01"
t_keys Tab
t_wait "< Wed 2027-09-01 09:30 >  late"
t_keys Enter Enter                   # no exception's reason
t_wait "give the exception's reason"
t_screen | grep -q "Confirm: Book a meeting" && fail "confirmed without a reason"
t_type "Family on holiday until September"
t_keys Enter
t_wait "Confirm: Book a meeting"
t_wait "LATE: the cadence allows it until 2027-08-17; 15 days late"
t_keys y
t_wait "Booked meeting"
t_keys q
t_wait "[exit 0]"
t_cleanup
R=$(cpd child show AB123 | awk '$0 ~ /rcpc/ { print $1; exit }')
[ -n "$R" ] || fail "no RCPC booked"
cpd meeting show "$R" | grep -q "Family on holiday until September" ||
    fail "the exception's reason was not recorded"
exit 0

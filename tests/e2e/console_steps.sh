#!/bin/sh
# Issue 18 in the console, at 80x24: a step done on an earlier day (the
# form's "Done on"; a day after today refused as typed), a step marked
# not needed with its reason by the chair (s; not offered to a social
# worker), and the outcome closing the preparation steps still open as
# missed (its "Steps still open" field), the meeting's timeline marking
# them [m] with the reason.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store

t_start 80 24 --as asocial
t_wait "Overdue (2)"
t_screen | tail -1 | grep -q "s not needed" && fail "a social worker is offered not needed"
t_keys d
t_wait "Mark the task done"
t_type "Sent on Friday"
t_keys Enter
t_type "2027-05-11"
t_wait "after today: the day it was done"
t_keys C-u
t_type "2027-05-07"
t_keys Enter
t_wait "Confirm: Mark the task done"
t_wait "done by you on Fri 2027-05-07 (late)"
t_keys y
t_wait "Done: Complete the invite list"
t_keys q
t_wait "[exit 0]"
t_cleanup
cpd task list --user asocial --status done | grep -q "Fri 2027-05-07" ||
    fail "not recorded as done on the 7th"

# the chair: one of their steps not needed, with the reason
t_start 80 24 --as cchair
t_wait "Carol Chair (cchair)"
t_wait "s not needed"
t_keys s
t_wait "Mark the step not needed"
t_keys Enter
t_wait "Reason*:"
t_type "Family asked for no pre-meeting call"
t_keys Enter
t_wait "Confirm: Mark the step not needed"
t_wait "Reason: Family asked for no pre-meeting call"
t_keys y
t_wait "Not needed:"
t_keys q
t_wait "[exit 0]"
t_cleanup
cpd task list --all --status not-needed | grep -q "not-needed by cchair: Family asked" ||
    fail "the step is not recorded as not needed"

# the conference day: the outcome closes what is still open before it
TODAY=2027-05-17
t_start 80 24 --as cchair
t_wait "Carol Chair (cchair)"
t_keys 2
t_wait "Ada Brown"
t_keys o
t_wait "Outcome of ICPC"
t_wait "Steps still open"
t_wait "due before it: close as missed"
t_keys Tab
t_type "Plan agreed"
t_keys Enter Enter Enter Enter Enter Enter Enter Enter
t_wait "Confirm: Outcome"
t_wait "due before the meeting still open: closed as missed"
t_keys y
t_wait "Outcome recorded"
t_keys Enter
t_wait "Meeting (Esc: back)"
t_wait "[m] 05-06 Thu Agree with the family"
t_wait "[~] 04-30 Fri Notify the family"
t_keys Escape
t_gone "Meeting (Esc: back)"
t_keys q
t_wait "[exit 0]"
t_cleanup
cpd task list --all --overdue --tsv | grep -q "AB123" &&
    fail "the held meeting left steps overdue"
exit 0

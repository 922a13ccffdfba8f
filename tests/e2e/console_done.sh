#!/bin/sh
# A social worker marks an overdue task done in the console; it leaves
# Overdue, the header count drops, and the store agrees.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
t_start 80 24 --as asocial
t_wait "Overdue (2)"
t_wait "! 2027-04-30 Ada Brown"
t_keys d
t_wait "Mark the task done"
t_type "Invite list sent to the CPA"
t_keys Enter                         # to the day it was done
t_wait "blank: today"
t_keys Enter
t_wait "Confirm: Mark the task done"
t_wait "Note: Invite list sent to the CPA"
t_keys y
t_wait "Done: Complete the invite list"
t_wait "Overdue (1)"
t_gone "! 2027-04-30 Ada Brown"
t_wait "Overdue 1  Today 1"
cpd task list --user asocial --status done | grep -q "Complete the invite list" ||
	fail "the store does not have the task done"
t_keys q
t_wait "[exit 0]"

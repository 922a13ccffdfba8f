#!/bin/sh
# Another process completes a task; the open console shows it within a
# second or two without a key, and the selection stays on its task.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
t_start 80 24 --as asocial
t_wait "Overdue (2)"
# select the second overdue task (id 3), then complete the first (id 1)
t_keys j
t_wait "Step due Thu 2027-05-06 (LATE)"
cpd --as asocial task done 1 --note "from another terminal" >/dev/null ||
	fail "task done 1"
t_wait "Overdue (1)" 3
t_gone "! 2027-04-30 Ada Brown" 3
t_wait "Step due Thu 2027-05-06 (LATE)"
t_wait "[x] 04-30 Fri Complete the invite"
# and a write by a chair elsewhere shows too
cpd --as cchair report-received 1 Police --date 2027-05-10 >/dev/null ||
	fail "report-received"
t_wait "Reports: 1 of 1 received" 3
t_keys q
t_wait "[exit 0]"

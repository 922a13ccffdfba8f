#!/bin/sh
# A chair moves a meeting: the form says "not a date" while the date is
# incomplete, the confirmation lists each open deadline old -> new, and
# after y the deadlines have moved (the done one stays).
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
cpd --as asocial task done 1 >/dev/null || fail "task done 1"
t_start 80 24 --as cchair
t_wait "Carol Chair (cchair)"
t_keys 2
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06 (1)"
t_keys Enter
t_wait "Meeting (Esc: back)"
t_keys m
t_wait "Move ICPC for Ada Brown"
t_keys C-u
t_type "2027-05-1"
t_wait "not a date (YYYY-MM-DD)"
t_type "9"
t_wait "Wed; 7 deadlines move"
t_keys Enter Enter
t_type "Chair unwell"
t_keys Enter Enter                   # past the exception's reason (in time)
t_wait "Confirm: Move ICPC"
t_wait "Move from Mon 2027-05-17 to Wed 2027-05-19"
t_wait "05-10 Mon -> 05-12 Wed  Go through the CFA report"
t_wait "kept (done)  Complete the invite list"
t_keys y
t_wait "Moved to Wed 2027-05-19"
t_wait "moved from Mon 2027-05-17: Chair unwell"
t_wait "=== Wed 2027-05-19: MEETING DAY ==="
cpd task list --user asocial | grep "Go through the CFA" | grep -q "2027-05-12" ||
	fail "the CFA deadline did not move in the store"
cpd task list --user asocial --status done | grep "invite list" |
	grep -q "2027-04-30" || fail "the done task moved"
t_keys Escape
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06 (1)"
t_wait "Wed 2027-05-19"
t_keys q
t_wait "[exit 0]"

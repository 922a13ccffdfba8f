#!/bin/sh
# ? lists every key, made from the key table; any other key closes it.
# It lists only what the worker may do: a CP chair gets every work key,
# a social worker not those for scheduling, outcomes and consultations.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
# tall enough for the whole help (the Lists and form keys of issue 19 too)
t_start 80 72 --as cchair
t_wait "Carol Chair (cchair)"
t_keys '?'
t_wait "Help: every key"
for text in "Everywhere" "q                    Quit" "Tab" "Shift-Tab" \
    "Up k" "Down j" "Home g" "End G" "PgUp" "PgDn" "Enter" "Esc" \
    "Mark the task done" "Record a report received" "Move the meeting" \
    "Cancel the meeting" "Record the meeting's outcome" \
    "Log a consultation" "Search children" "In a form" "Confirming a write" \
    "Lists: scroll a column right" "Lists: choose the columns" \
    "Home Ctrl-A" "The start of the field's value"; do
	t_wait "$text" 2
done
t_keys Escape
t_gone "Help: every key"
t_keys q
t_wait "[exit 0]"
t_cleanup

t_start 80 72 --as asocial
t_wait "Overdue (2)"
t_keys '?'
t_wait "Help: every key"
t_wait "Mark the task done"
t_wait "Record a report received"
for text in "Move the meeting" "Cancel the meeting" \
    "Record the meeting's outcome" "Log a consultation"; do
	t_screen | grep -qF "$text" && fail "help offers '$text' to a social worker"
done
t_keys Escape
t_gone "Help: every key"
t_wait "Overdue (2)"
t_keys q
t_wait "[exit 0]"

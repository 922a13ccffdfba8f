#!/bin/sh
# The line-by-line mode on a real terminal (tmux at 80x24), as a screen
# reader user types it: the queue as numbered lines, a prompt on the line
# the cursor is on, done 1 with a note, the task gone from Overdue, quit.
# Long lines wrap as the terminal wraps them; nothing is drawn over.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
t_start 80 24 --as asocial --plain
t_wait "1. Due Fri 2027-04-30, overdue: Ada Brown"
t_wait "Later (0): nothing due"
n=0
until set -- $(t_tmux display -p -t 0 '#{cursor_x} #{cursor_y}') &&
      [ "$1" = 2 ] && t_screen | sed -n "$(($2 + 1))p" | grep -q '^>$'; do
	n=$((n + 1))
	[ $n -lt 50 ] || fail "the cursor ($1 $2) is not after the prompt '> '"
	sleep 0.1
done
t_type "done 1"
t_keys Enter
t_wait "Note:"
t_type "Invite list sent to the CPA"
t_keys Enter
t_wait "Done on; blank: today:"
t_keys Enter
t_wait "Write it? y or n:"
t_type "y"
t_keys Enter
t_wait "Done: Complete the invite list"
t_wait "Overdue (1):"
t_type "quit"
t_keys Enter
t_wait "[exit 0]"
cpd task list --user asocial --status done | grep -q "Complete the invite list" ||
	fail "the store does not have the task done"
exit 0

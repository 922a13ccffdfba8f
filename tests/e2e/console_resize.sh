#!/bin/sh
# Resizing: 80x24 draws every pane; 200x60 uses the room (side by side);
# below 80x24 says so; back to 80x24 redraws cleanly.  Also monochrome
# (TERM=vt100, NO_COLOR) still marks overdue rows.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
t_start 80 24 --as asocial
t_wait "Overdue (2)"
t_wait "-- Detail"
t_wait "Timeline"
t_wait "? help  q quit"
t_resize 200 60
t_wait "-- My queue"
t_screen | grep -q "Overdue (2).*Ada Brown (AB123), born 2019-03-02" ||
	fail "200x60: queue and detail are not side by side"
t_resize 79 24
t_wait "Terminal too small (need 80x24)"
t_resize 80 23
t_wait "now 80x23"
t_resize 80 24
t_wait "Overdue (2)"
t_gone "Terminal too small"
t_keys q
t_wait "[exit 0]"
t_cleanup

NO_COLOR=1 T_TERM=vt100 t_start 80 24 --as asocial
t_wait "! 2027-04-30 Ada Brown"
t_keys q
t_wait "[exit 0]"

#!/bin/sh
# The Team view (7) in a real terminal: a team manager's four workers
# with known work (lib_team.sh) show the same figures and heat map as
# cpdesk team, at 80x24 and wider; Enter opens a worker's queue and
# Enter there a task with its child; Esc comes back.  f with another
# team's worker's login is refused, saying why, as is another team; [ and
# ] step through the teams the manager may see.  A social worker is not
# offered the view.  Colour where the terminal has it; under NO_COLOR the
# same characters without.  `cpdesk team` on a terminal colours its cells
# the same way, and not under NO_COLOR.
. "$TOP/tests/e2e/lib_tmux.sh"
. "$TOP/tests/e2e/lib_team.sh"
team_store "$DB" || { cat "$WORK/team-store.log"; fail "could not build the store"; }
ESC=$(printf '\033')

# t_line TEXT: a line of the screen is exactly TEXT (trailing blanks aside)
t_line() {
	t_screen | sed 's/ *$//' | grep -qxF -- "$1" || fail "no line: '$1'"
}

# ---- 80x24: the figures and the heat map -----------------------------------
t_start 80 24 --as tman
t_wait "Tom Manager (tman)"
t_wait "7 Team"
t_keys 7
t_wait "Your workers (4), Mon 2027-05-10"
t_line "                                       Due  Due  May             Jun"
t_line "Worker          Children Open Overdue This Next   10  17  24  31   7  14  21  28"
t_line " Ann Social            3   16       2    4    8   4+  8#   .   1   .   .   .   ."
t_line " Bea Social            2    9       1    1    0    1   .   2   .   .   .   .  5+"
t_line " Cal Social            1    5       0    0    1    .   1   .   .  4+   .   .   ."
t_line " Dee Social            0    0       0    0    0    .   .   .   .   .   .   .   ."
t_line " Total                 6   30       3    5    9   5+  9#   2   1  4+   .   .  5+"
t_wait "Key: . nothing due, 3 one to three, 5+ four to seven, 9# eight or more"
# colour: the cells' backgrounds (green a light week, yellow busy, red heavy)
t_tmux capture-pane -e -p -t 0 | grep "Ann Social" | grep -q "${ESC}\[41m" ||
	fail "no red for a heavy week"
t_tmux capture-pane -e -p -t 0 | grep "Ann Social" | grep -q "${ESC}\[43m" ||
	fail "no yellow for a busy week"

# ---- drill down: a worker's queue, then a task and its child ---------------
t_keys Enter
t_wait "Ann Social (asocial): their queue (Esc: back)"
t_wait "Overdue (2)"
t_wait "! 2027-04-20 Ada One          STRATEGY 04-20   Visit the child"
t_wait "This week (3)"
t_wait "  2027-05-16 Amy Three        STRATEGY 05-16   Visit the child"
t_wait "Later (10)"
t_keys Enter
t_wait "Ada One (A1), born ?"
t_wait "Involved: SW Ann Social; TM Tom Manager"
t_keys Escape
t_wait "Ann Social (asocial): their queue"
t_keys Escape
t_wait "Your workers (4)"
t_keys j Enter
t_wait "Bea Social (bsocial): their queue"
t_wait "Overdue (1)"
t_keys Escape
t_wait "Your workers (4)"

# ---- another team's worker, another team: refused ----------------------------
t_keys f
t_wait "Team or login: _"
t_type rsocial
t_keys Enter
t_wait "worker rsocial's queue is not yours to see: rsocial is in team Red"
t_wait "Your workers (4)"
t_screen | grep -q "Rob Social" && fail "another team's worker is shown"
t_keys f
t_type Red
t_keys Enter
t_wait "team Red is not yours to see"
t_wait "Your workers (4)"
# a worker of one's own, by login
t_keys f
t_type csocial
t_keys Enter
t_wait "Cal Social (csocial): their queue"
t_keys Escape
# ] and [: the teams the manager may see (their own, by name)
t_keys "]"
t_wait "Team: Blue (4 workers), Mon 2027-05-10"
t_keys "]"
t_wait "Your workers (4)"

# ---- wider: the same figures, words in full ------------------------------
t_resize 120 30
t_wait "Worker                            Children  Open  Overdue  This week  Next week    10   17   24   31    7   14   21   28"
t_line " Ann Social (asocial)                    3    16        2          4          8    4+   8#    .    1    .    .    .    ."
t_line " Dee Social (dsocial)                    0     0        0          0          0     .    .    .    .    .    .    .    ."
t_line " Total                                   6    30        3          5          9    5+   9#    2    1   4+    .    .   5+"
t_keys Enter
t_wait "Ann Social (asocial): their queue"
t_keys q
t_wait "[exit 0]"
t_cleanup
# the queue shown named its children: on the record, as the console's
cpd audit --tsv | grep -F 'how="console: team queue"' | grep -q "A1" ||
	fail "the team queue's read is not on the record"

# ---- a service manager: both teams, [ and ] -------------------------------
t_start 80 24 --as sserv
t_wait "Sam Service (sserv)"
t_keys 7
t_wait "Your workers (7)"
t_line "Blue"
t_line "Red"
t_line " Rob Social            1    1       0    1    0    1   .   .   .   .   .   .   ."
t_keys "["
t_wait "Team: Red (2 workers)"
t_keys "["
t_wait "Team: Blue (5 workers)"
t_keys f
t_type rsocial
t_keys Enter
t_wait "Rob Social (rsocial): their queue"
t_wait "Ray One"
t_keys q
t_wait "[exit 0]"
t_cleanup

# ---- a social worker: not offered ---------------------------------------------
t_start 80 24 --as asocial
t_wait "Ann Social (asocial)"
t_screen | grep -q "7 Team" && fail "the Team view is offered to a social worker"
t_keys 7
t_wait "The Team view is not available to you"
# Shift-Tab from My queue steps over Team and Policy, both not offered
t_keys BTab
t_wait "5 Lists"
t_screen | grep -q "Your workers" && fail "Shift-Tab reached the Team view"
t_screen | grep -q "Policy in force" && fail "Shift-Tab reached the Policy view"
t_keys q
t_wait "[exit 0]"
t_cleanup

# ---- NO_COLOR: the same characters, no colour --------------------------------
NO_COLOR=1 t_start 80 24 --as tman
t_wait "Tom Manager (tman)"
t_keys 7
t_line " Ann Social            3   16       2    4    8   4+  8#   .   1   .   .   .   ."
t_tmux capture-pane -e -p -t 0 | grep "Ann Social" | grep -q "${ESC}\[4[1-3]m" &&
	fail "colour under NO_COLOR"
t_keys q
t_wait "[exit 0]"
t_cleanup

# ---- cpdesk team on a terminal: colour, and none under NO_COLOR ---------------
# in_terminal ENV...: cpdesk team in a tmux pane of its own, run to its end
in_terminal() {
	T_N=$((T_N + 1))
	TMUX_SOCK="cpdesk-test-$$-$T_N"
	t_tmux new-session -d -x 80 -y 24 \
	    "$* TERM=screen $CPDESK --db '$DB' --today $TODAY --as tman team; echo '[exit '\$?']'; sleep 600" ||
		fail "tmux would not start"
	t_wait "[exit 0]"
	t_line "Ann Social (asocial)         4+   8#    .    1    .    .    .    ."
}
in_terminal
t_tmux capture-pane -e -p -t 0 | grep "Ann Social" | grep -q "${ESC}\[" ||
	fail "cpdesk team has no colour on a terminal"
t_cleanup
in_terminal NO_COLOR=1
t_tmux capture-pane -e -p -t 0 | grep "Ann Social" | grep -q "${ESC}\[4[1-3]m" &&
	fail "cpdesk team has colour under NO_COLOR"
exit 0

#!/bin/sh
# The terminal cursor follows the selection (issue 20), so that a screen
# reader and tmux's copy mode read the selected row: on the demo store at
# 80x24, in every view, after moving with j/k and the arrow keys, the
# cursor is visible, on the one row drawn selected (reverse video), at
# its first character; where a page scrolls instead (Lists, Timeliness)
# on its first line; in a form on the current field (where typing goes,
# or the start of a choice's row), on the confirmation page on its first
# line.
. "$TOP/tests/e2e/lib_tmux.sh"
ESC=$(printf '\033')

cpd init --policy "$TOP/policies/generic.yaml" >/dev/null 2>&1 &&
cpd demo >/dev/null 2>&1 || fail "could not build the demo store"

cursor() { t_tmux display -p -t 0 '#{cursor_flag} #{cursor_x} #{cursor_y}'; }

# rev_rows: "ROW COLUMN" for each row of the screen drawn in reverse
# video, COLUMN where it starts (tmux carries attributes across lines).
rev_rows() {
	t_tmux capture-pane -e -p -t 0 | LC_ALL=C awk -v esc="$ESC" '
	{
		line = $0; col = 0; first = -1
		while (length(line)) {
			if (substr(line, 1, 2) == esc "[") {
				i = index(line, "m")
				n = split(substr(line, 3, i - 3), p, ";")
				if (n == 0) rev = 0
				for (k = 1; k <= n; k++)
					if (p[k] == "" || p[k] + 0 == 0 || p[k] == 27) rev = 0
					else if (p[k] == 7) rev = 1
				line = substr(line, i + 1)
				continue
			}
			c = substr(line, 1, 1); line = substr(line, 2)
			if (c >= "\200" && c < "\300") continue  # UTF-8 continuation
			if (rev && first < 0) first = col
			col++
		}
		if (first >= 0) print NR - 1, first
	}'
}

# on_selection WHAT: the cursor is shown, on the first row of the body
# (rows 3 to 21) drawn selected, at its first character (the detail
# pane below a list marks the step selected too).  Waits for the screen
# to settle.  Sets CY to the row.
on_selection() {
	n=0
	while [ $n -lt 50 ]; do
		set -- "$1" $(cursor)
		sel=$(rev_rows | awk '$1 >= 3 && $1 <= 21' | head -n 1)
		[ "$2" = 1 ] && [ "$sel" = "$4 $3" ] && { CY=$4; return 0; }
		n=$((n + 1))
		sleep 0.1
	done
	fail "$1: cursor (shown x y) $2 $3 $4, selected rows: '$sel'"
}

# row Y: the text of screen row Y (0-based)
row() { t_screen | sed -n "$(($1 + 1))p"; }

# moves WHAT DOWN UP: DOWN (j or Down) moves the selection and the cursor
# down a row or more, UP (k or Up) back to where it was.
moves() {
	on_selection "$1: at first"
	y0=$CY
	t_keys "$2"
	n=0
	while [ $n -lt 50 ]; do
		on_selection "$1: after $2"
		[ "$CY" -gt "$y0" ] && break
		n=$((n + 1)); sleep 0.1
	done
	[ "$CY" -gt "$y0" ] || fail "$1: $2 left the cursor on row $CY"
	t_keys "$3"
	n=0
	while [ $n -lt 50 ]; do
		on_selection "$1: after $3"
		[ "$CY" = "$y0" ] && return 0
		n=$((n + 1)); sleep 0.1
	done
	fail "$1: $3 left the cursor on row $CY, not $y0"
}

# ---- the views with a selection -------------------------------------------
t_start 80 24
t_wait "1 Queue"
t_wait "This week (2)"
moves "My queue" j k
moves "My queue" Down Up
t_keys 2
t_wait "-- Diary Mon 2027-05-10"
moves "Meetings" j k
moves "Meetings" Down Up
t_keys 3
t_wait "Your children (6)"
moves "Children" j k
t_keys Enter
t_wait "Meetings (Enter: open"
moves "A child's meetings" j k
t_keys Escape
t_wait "Your children (6)"
t_keys 6
t_wait "Policy files in"
moves "Policy" j k
t_keys 7
t_wait "Your workers (5)"
moves "Team" j k
t_keys j
t_wait "Esme Kettlebor"
on_selection "Team, the second worker"
t_keys Enter
t_wait "Overdue ("
moves "A worker's queue" j k
t_keys Escape
t_wait "Your workers (5)"

# ---- the pages that scroll: the cursor on the first line shown ------------
first_line() { # WHAT TEXT-OF-THE-FIRST-LINE
	n=0
	while [ $n -lt 50 ]; do
		set -- "$1" "$2" $(cursor)
		[ "$3" = 1 ] && [ "$4" = 1 ] && row "$5" | grep -qF -- "$2" &&
			return 0
		n=$((n + 1)); sleep 0.1
	done
	fail "$1: cursor (shown x y) $3 $4 $5, not on the line '$2'"
}
t_keys 5
t_wait "Conferences and CLA reviews, week"
first_line "Lists" "date        child     type"
t_keys 8
t_wait "Cases late (29)"
first_line "Timeliness" "Measure                        Due"
t_keys j j
first_line "Timeliness after j j" "ICPC 15 WD from s47"

# ---- a form: the cursor on the current field ------------------------------
# field WHAT LABEL VALUE: the cursor is on the row of ">LABEL:", where
# typing goes (after VALUE, 18 columns past the '>')
field() {
	n=0
	while [ $n -lt 50 ]; do
		set -- "$1" "$2" "$3" $(cursor)
		line=$(row "$6")
		case $line in *">$2:"*) ;; *) line=; esac
		at=$(printf '%s' "${line%%>$2:*}" | wc -m)   # characters, not bytes
		[ "$4" = 1 ] && [ -n "$line" ] &&
			[ "$5" = $((at + 18 + ${#3})) ] && return 0
		n=$((n + 1)); sleep 0.1
	done
	fail "$1: cursor (shown x y) $4 $5 $6 on '$line', not after '>$2: $3'"
}
t_keys 1
t_wait "This week (2)"
t_keys d
t_wait "Done on"
field "done form" "Note" ""
t_type "rang the family"
field "done form, typed" "Note" "rang the family"
t_keys Down
field "done form, Down" "Done on" ""
t_keys Up
field "done form, Up" "Note" "rang the family"
t_keys Enter Enter
t_wait "Confirm: "
n=0
while :; do
	set -- $(cursor)
	line=$(row "$3")
	case $line in
	*"Mark done: "*)
		[ "$2" = "$(printf '%s' "${line%%Mark done: *}" | wc -m)" ] && break ;;
	esac
	n=$((n + 1))
	[ $n -lt 50 ] || fail "the confirmation page: cursor $2 $3, not on its first line"
	sleep 0.1
done
t_keys n
t_keys Escape
t_gone "Done on"
on_selection "My queue after the form"

# a choice: the cursor at the start of its row; a text field after it
choice() {
	n=0
	while [ $n -lt 50 ]; do
		set -- "$1" "$2" $(cursor)
		line=$(row "$5")
		case $line in *">$2:"*) ;; *) line=; esac
		at=$(printf '%s' "${line%%>$2:*}" | wc -m)
		[ "$3" = 1 ] && [ -n "$line" ] && [ "$4" = "$at" ] && return 0
		n=$((n + 1)); sleep 0.1
	done
	fail "$1: cursor (shown x y) $3 $4 $5 on '$line', not at '>$2:'"
}
t_keys 2
t_wait "-- Diary Mon 2027-05-10"
t_keys o
t_wait "Outcome of CORE-GROUP"
choice "outcome form" "Plan*"
t_keys Down
field "outcome form, Down" "Decision*" ""
t_keys Up
choice "outcome form, Up" "Plan*"
t_keys Escape
t_gone "Outcome of CORE-GROUP"
on_selection "Meetings after the form"

# ---- Consultations: a chair's (the demo's) ---------------------------------------------
t_start 80 24 --as mravensdale
t_wait "4 Consult"
t_keys 4
t_wait "Consultations you logged ("
moves "Consultations" j k
moves "Consultations" Down Up
t_keys q
t_wait "[exit 0]"
exit 0

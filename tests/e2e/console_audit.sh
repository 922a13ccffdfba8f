#!/bin/sh
# Issue 14: every console screen that shows a child's name puts the read
# on the record, once, with where it was seen -- `cpdesk audit --child ID
# --tsv` has a child.view entry with how="console: queue" (meetings,
# children, consultations, lists, a form's lookup), and how="console" for
# a record opened in full (the detail pane, a child) -- and a screen
# re-read because another process wrote, or shown again, showing the same
# children, does not put it there again.  A social worker opens each
# view; a chair the Consultations view, a search and the consultation
# form.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store

# reads LOGIN WHERE [OBJECT]: how many child.view entries for AB123 by
# LOGIN say how="WHERE" (and name OBJECT, e.g. meeting:1).
reads() {
	cpd audit --child AB123 --tsv |
	    awk -F '\t' -v u="$1" -v w="how=\"$2\"" -v o="${3:-}" \
	        '$3 == u && $4 == "child.view" && index($8, w) == 1 &&
	         (o == "" || $5 == o)' | wc -l | tr -d ' '
}
# expect LOGIN WHERE [OBJECT] N
expect() {
	if [ $# = 3 ]; then n=$(reads "$1" "$2"); want=$3
	else n=$(reads "$1" "$2" "$3"); want=$4; fi
	[ "$n" = "$want" ] && return 0
	cpd audit --child AB123 | grep child.view
	fail "$1's reads of AB123 in '$2' ${3:-}: $n, expected $want"
}

[ "$(cpd audit --child AB123 --tsv | grep -c child.view)" = 0 ] ||
	fail "the store starts with reads on record"

# ---- a social worker: each view once --------------------------------------
t_start 80 24 --as asocial
t_wait "Overdue (2)"
t_wait "Ada Brown (AB123), born 2019-03-02"
expect asocial "console: queue" 1
expect asocial "console" meeting:1 1           # the detail pane
t_keys j                                        # the same meeting: not again
t_wait "Step due Thu 2027-05-06 (LATE)"
expect asocial "console" meeting:1 1
t_keys 2
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06 (1)"
t_wait "Ada Brown"
expect asocial "console: meetings" 1
# the header's counts follow a write while the queue is not on screen:
# read without its rows, so nothing is recorded for them
cpd --as asocial task done 1 >/dev/null || fail "task done"
t_wait "Overdue 1  Today 1" 3
expect asocial "console: queue" 1
t_keys 3
t_wait "Your children (1)"
t_wait "Ada Brown"
expect asocial "console: children" 1
t_keys Enter                                    # the child's record in full
t_wait "Social worker Ann Social"
expect asocial "console" child:AB123 1
t_keys Escape
t_wait "Your children (1)"
expect asocial "console: children" 1
t_keys 4
t_wait "Consultations you logged (0)"
expect asocial "console: consultations" 0      # none: no child shown
t_keys 5
t_wait "Lists: week"
t_wait "0 rows"
expect asocial "console: lists" 0
t_keys Enter
t_wait "Lists: fortnight"
t_wait "Ada Brown"
expect asocial "console: lists" 1

# another process writes: each screen is read again, not recorded again
cpd --as cchair report-received 1 Police --date 2027-05-10 >/dev/null ||
	fail "report-received"
t_keys 1
t_wait "Reports: 1 of 1 received" 3
t_keys 2
t_wait "Mo Minute     1/1" 3
t_keys 3
t_wait "Your children (1)"
t_keys 5
t_wait "Lists: fortnight"
t_wait "Ada Brown"
cpd --as cchair report-received 1 Health --date 2027-05-10 >/dev/null ||
	fail "report-received"
t_keys 1
t_wait "Reports: 2 of 2 received" 3
for w in "console: queue" "console: meetings" "console: children" \
    "console: lists"; do
	expect asocial "$w" 1
done
expect asocial "console" meeting:1 1
expect asocial "console" child:AB123 1
# the background reads for the header's counts name no child
expect asocial "console: consultations" 0
t_keys q
t_wait "[exit 0]"
t_cleanup

# ---- a chair: consultations, a search, the consultation form ------------
cpd --as cchair consult add AB123 --kind case-mapping --date 2027-05-03 \
    --decision "Map it" --took-part "Sol and Tia" --plan "Weekly visits" >/dev/null || fail "consult add"
t_start 80 24 --as cchair
t_wait "Carol Chair (cchair)"
t_keys 4
t_wait "Consultations you logged (1)"
t_wait "Ada Brown"
expect cchair "console: consultations" 1
t_keys 3
t_wait "Your children (0)"
expect cchair "console: children" 0
t_keys /
t_type "Ada"
t_wait "Children matching \"Ada\" (1)"
expect cchair "console: children" 1
t_keys Escape 4
t_wait "Consultations you logged (1)"
t_keys a
t_wait "Log a consultation"
t_keys Enter
t_type "AB12"
t_wait "no child with this id"
expect cchair "console: consultation form" 0
t_type "3"
t_wait "Ada Brown"
expect cchair "console: consultation form" 1
t_keys Escape
t_gone "Log a consultation"
# a second consultation about the same child: re-read, not recorded again
cpd --as cchair consult add AB123 --kind case-mapping --date 2027-05-04 \
    --decision "Map it again" --took-part "Sol and Tia" --plan "Weekly visits" >/dev/null || fail "consult add"
t_wait "Consultations you logged (2)" 3
expect cchair "console: consultations" 1
t_keys q
t_wait "[exit 0]"
cpd check-store >/dev/null || fail "check-store after the console"
exit 0

#!/bin/sh
# console_lists_fit.sh - lists and text that fit (issue 19, item 5):
#  - `list week`: two ICPCs on one day, booked 14:00 first, listed 09:30
#    first; Swindon's CLA review shows its report's status;
#  - `list month` run on Monday 3 May 2027 (1 May was a Saturday) lists
#    May; on a plain Monday (10 May) June, as before;
#  - text on a terminal of 100 columns cuts a long title at a word's end
#    with "~"; in a pipe every title is whole;
#  - the console's week list at 80x24 shows date, child, type, chair and
#    report; Right and > scroll sideways to the rest, < back; a column
#    chosen off (c, Space) disappears and stays off for the session;
#  - the detail pane shows a step's long title in full (wrapped); a long
#    value typed in a form scrolls, and Home / Ctrl-A go back to its
#    start, End / Ctrl-E to its end;
#  - the header's roles at 80 columns are never clipped mid-word;
#  - worker list keeps its columns in line with a 30-character team and
#    a name in other letters, under a heading row; child list, the
#    Meetings and the Children views have heading rows too.
. "$TOP/tests/e2e/lib_tmux.sh"
command -v script >/dev/null 2>&1 || fail "script(1) is needed (util-linux)"

cpd init --policy "$TOP/policies/swindon.yaml" >/dev/null &&
cpd worker add sserv --name "Sam Service" --role service-manager >/dev/null &&
cpd worker add tman --name "Tom Manager" --role team-manager \
    --manager sserv >/dev/null &&
cpd worker add asocial --name "Ann Social" --role social-worker \
    --manager tman --team "Safeguarding North East Team 1" >/dev/null &&
cpd worker add zsocial --name "Zoë Ådahl" --role social-worker \
    --manager tman --team "A" >/dev/null &&
cpd worker add cchair --name "Carol Chair" --role cp-chair >/dev/null &&
cpd worker add iiro --name "Ian Reviewer" --role iro >/dev/null &&
cpd worker add mminute --name "Mo Minute" --role minute-taker >/dev/null &&
cpd worker add qmulti --name "Quinn Multirole" \
    --role qa-admin,minute-taker,qa-manager >/dev/null &&
cpd child add AB123 --name "Ada Brown" --social-worker asocial >/dev/null &&
cpd child add CD456 --name "Cy Dean" --social-worker asocial >/dev/null &&
cpd child add LA789 --name "Lee Able" --social-worker asocial \
    --looked-after-since 2027-04-01 >/dev/null &&
cpd meeting add AB123 icpc 2027-05-12 --time 14:00 --chair cchair \
    --minute-taker mminute --anchor s47-start=2027-04-22 >/dev/null 2>&1 &&
cpd meeting add CD456 icpc 2027-05-12 --time 09:30 --chair cchair \
    --minute-taker mminute --anchor s47-start=2027-04-22 >/dev/null 2>&1 &&
cpd meeting add LA789 cla-review 2027-05-13 --time 11:00 --chair iiro \
    --minute-taker mminute --anchor care-start=2027-04-01 \
    --reason "IRO on leave" >/dev/null 2>&1 ||
	fail "could not build the store"

# ---- the command: order, the CLA review's report, the month -------------
cpd list week >"$WORK/week" || fail "list week"
first=$(grep -n "^2027-05-12 .* 09:30 " "$WORK/week" | cut -d: -f1)
second=$(grep -n "^2027-05-12 .* 14:00 " "$WORK/week" | cut -d: -f1)
[ -n "$first" ] && [ -n "$second" ] && [ "$first" -lt "$second" ] ||
	{ cat "$WORK/week"; fail "09:30 is not listed before 14:00"; }
# the review's report: due 5 working days before (Thu 6 May), not done
grep -Eq "^2027-05-13 .* cla-review +LA789 .* 2027-05-06 +late " "$WORK/week" ||
	{ cat "$WORK/week"; fail "the CLA review's report status is not shown"; }
cpd list month --date 2027-05-03 | head -1 | grep -q "(2027-05-01 to 2027-05-31)" ||
	fail "list month on Monday 3 May 2027 is not May"
cpd list month --date 2027-05-10 | head -1 | grep -q "(2027-06-01 to 2027-06-30)" ||
	fail "list month on Monday 10 May 2027 is not June"

# ---- text on a terminal fits it; in a pipe every title is whole ---------
TITLE="Prepare the ICPC invite list on CD, naming every professional to invite"
cpd list exceptions >"$WORK/pipe"
grep -qF "$TITLE" "$WORK/pipe" || fail "a title is cut in a pipe"
grep -q "~" "$WORK/pipe" && fail "a cell is cut in a pipe"
COLUMNS=100 script -qec "$CPDESK --db '$DB' --today $TODAY list exceptions" \
    /dev/null | tr -d '\r' >"$WORK/tty"
grep -q "Prepare the~ " "$WORK/tty" ||
	{ cat "$WORK/tty"; fail "no title cut at a word's end with ~ at 100 columns"; }
grep -qF "$TITLE" "$WORK/tty" && fail "the title was not cut at 100 columns"
grep -Eq "Prepare the [A-Za-z]+~" "$WORK/tty" && fail "a title cut mid-word"

cpd child list | head -1 | grep -Eq "^Child +Name +Social worker +Status$" ||
	fail "child list has no heading row"

# ---- worker list: a heading row, columns in line ------------------------
cpd worker list >"$WORK/workers" || fail "worker list"
python3 - "$WORK/workers" <<'PY' || fail "worker list columns are not in line"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
head = lines[0]
assert head.split() == ["Login", "Name", "Roles", "Team", "Manager"], head
at = head.index("Manager")   # characters: one column each here
rows = [l for l in lines[1:] if l.startswith(("asocial", "zsocial", "tman"))]
assert len(rows) == 3, rows
for l in rows:
    assert l[at - 2:at] == "  " and l[at] != " ", (at, l)
assert "Safeguarding North East Team 1  tman" in "\n".join(rows)
PY

# ---- the console's week list at 80x24 -----------------------------------
t_start 80 24 --as sserv
t_wait "Sam Service (sserv)"
t_keys 5
t_wait "Lists: week"
head=$(t_screen | grep "^ date ")
echo "$head" | grep -Eq "^ date +child +type +chair +report( |$)" ||
	fail "the week list's first columns are not date, child, type, chair, report"
t_screen | grep -Eq "^ 2027-05-13 +LA789 +cla-review +Ian Reviewer +late" ||
	fail "the CLA review's row with its report status"
cd_at=$(t_screen | grep -n " CD456 " | cut -d: -f1)
ab_at=$(t_screen | grep -n " AB123 " | cut -d: -f1)
[ "$cd_at" -lt "$ab_at" ] || fail "the console lists 14:00 before 09:30"
t_screen | grep -q "service_manager" && fail "service_manager shown at 80 before scrolling"
t_wait "Right: more"
# sideways, a column at a time, then to the end; the date stays
t_keys Right
t_wait "Left, <: back"
t_keys ">"
t_wait "agency_reports"
t_screen | grep -Eq "^ date .*agency_reports" || fail "the date column did not stay"
t_screen | grep -q " chair " && fail "chair still shown at the end"
t_keys "<"
t_wait " chair "
# choose chair off: it disappears, and stays off after another list
t_keys c
t_wait "Columns: Space show/hide"
t_keys Down Down Down
t_keys Space Enter
t_gone "Carol Chair"
t_screen | grep "^ date " | grep -q " chair " && fail "chair chosen off is still shown"
t_keys Enter
t_wait "Lists: fortnight"
t_keys h
t_wait "Lists: week"
t_screen | grep "^ date " | grep -q " chair " && fail "the choice was not kept"
t_screen | grep -q "Ian Reviewer" && fail "the chair's name is still shown"
# every list has a heading row: the diary, and the children found
t_keys 2
t_wait "Diary"
t_screen | grep -Eq "^  Time +Type +Children +Chair +Minutes +Rep\. +Status" ||
	fail "the Meetings view has no heading row"
t_keys /
t_type "LA"
t_keys Enter
t_wait "Children matching"
t_screen | grep -Eq "^ Child +Name +Born +Social worker" ||
	fail "the Children view has no heading row"
t_keys q
t_wait "[exit 0]"

# ---- the detail pane and a form field (as the social worker) -------------
t_start 80 24 --as asocial
t_wait "Ann Social (asocial)"
# the first overdue step: its title wraps in full in the detail pane
t_wait "the consultation documents)"
t_keys d
t_wait "Mark the task done"
LONG="Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda"
t_type "$LONG"
t_wait "lambda"
t_screen | grep -q "Alpha" && fail "the start of a long value is still shown"
t_screen | grep -q "…" || fail "no mark for the text out of sight"
t_keys Home
t_wait "Alpha beta"
t_type "X"
t_wait "XAlpha"
t_keys C-e
t_wait "lambda"
t_gone "XAlpha"
t_keys C-a
t_wait "XAlpha"
t_keys Escape
t_wait "nothing written"
t_keys q
t_wait "[exit 0]"

# ---- the header's roles at 80 columns: whole words, then +N -------------
t_start 80 24 --as qmulti
t_wait "Quinn Multirole (qmulti)"
# Conference clerk, SQA (QA Team), QA & Review team manager: short forms
# (Clerk, SQA), then +1 for the one that does not fit whole
t_screen | sed -n 2p | grep -q "| Clerk, SQA, +1 " ||
	fail "the roles are not shortened to whole words"
t_screen | sed -n 2p | grep -Eq "QA & Review t[a-z]*( |$)" && fail "a role clipped"
t_keys q
t_wait "[exit 0]"
exit 0

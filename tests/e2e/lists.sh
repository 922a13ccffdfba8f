#!/bin/sh
# lists.sh - cpdesk list (issue 5): every list in every format against
# golden files (tests/golden/lists/; UPDATE_GOLDEN=1 rewrites them), the
# exceptions list with a late item of each kind, escalations and
# reminders in the right queues on the right day (and not the day
# before) under swindon.yaml and hounslow.yaml, a CSV round trip through
# python3's csv module (agreeing with the JSON), JSON through json.tool,
# cron-style use (no terminal, one-line errors), and the console's Lists
# view showing the command's rows.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
export LANG=C.UTF-8 LC_ALL=C.UTF-8
cd "$TOP" || exit 1
. "$TOP/tests/e2e/lib_lists.sh"
fail=0
G="$TOP/tests/golden/lists"
SW="$WORK/swindon" HO="$WORK/hounslow"
build_store "$SW" policies/swindon.yaml 2>/dev/null || { echo "FAIL swindon store"; exit 1; }
build_store "$HO" policies/hounslow.yaml 2>/dev/null || { echo "FAIL hounslow store"; exit 1; }

golden() { # NAME FILE
	if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$2" "$G/$1"; return; fi
	diff -u "$G/$1" "$2" >"$WORK/diff" ||
	    { echo "FAIL golden $1:"; head -40 "$WORK/diff"; fail=1; }
}

# ---- every list in every format (swindon, as of Friday 2025-03-14) ------
for l in week fortnight month exceptions case-mapping; do
	for f in text csv json; do
		d=2025-03-10; [ "$l" = month ] && d=2025-03-12
		"$CPDESK" --db "$SW" --today 2025-03-14 list "$l" --date "$d" \
		    --format "$f" >"$WORK/$l.$f" 2>"$WORK/$l.$f.err" </dev/null
		rc=$?
		[ "$rc" = 0 ] && [ ! -s "$WORK/$l.$f.err" ] ||
		    { echo "FAIL list $l --format $f: exit $rc"; cat "$WORK/$l.$f.err"; fail=1; }
		golden "swindon-$l.$f" "$WORK/$l.$f"
		case $f in
		json) python3 -m json.tool "$WORK/$l.$f" >/dev/null ||
		          { echo "FAIL json.tool rejects $l.json"; fail=1; } ;;
		esac
	done
done
"$CPDESK" --db "$HO" --today 2025-03-18 list exceptions >"$WORK/ho-exc.text" || fail=1
# the children a list names are on the record, with the list's name
"$CPDESK" --db "$SW" audit | grep -q 'child.view child:.* (how="list week")' ||
    { echo "FAIL list week: not on the record"; fail=1; }
golden hounslow-exceptions.text "$WORK/ho-exc.text"

# ---- the exceptions list has a late item of each kind ---------------------
for k in late-invite-list late-report missed-cadence moved cancelled escalation; do
	grep -q "^$k " "$WORK/exceptions.text" ||
	    { echo "FAIL exceptions lacks $k"; fail=1; }
done
# Swindon: the child's own service manager and the QA & Review service
# manager (004 point 17); Hounslow (generic.yaml): the safeguarding
# service manager alone (001)
grep -q "approved by Sam Manager, Rory Review" "$WORK/exceptions.text" ||
    { echo "FAIL cancellation approvers"; fail=1; }
"$CPDESK" --db "$HO" --today 2025-03-14 list exceptions 2>&1 |
    grep -q "plan ended; approved by Sian Safeguarding$" ||
    { echo "FAIL hounslow cancellation approver"; fail=1; }

# ---- CSV round trip: every field kept, names with commas and quotes -----
python3 - "$WORK/week.csv" "$WORK/week.json" "$WORK/exceptions.csv" \
    "$WORK/exceptions.json" <<'PY' || fail=1
import csv, json, sys
for c, j in ((sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])):
    with open(c, newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f))
    doc = json.load(open(j, encoding='utf-8'))
    assert rows[0] == doc['columns'], (rows[0], doc['columns'])
    # doc/lists.md: JSON's null is CSV's "-"; a cell a spreadsheet would
    # read as a formula gets a leading ' in the CSV; "-" alone does not
    def as_csv(v):
        if v is None:
            return '-'
        inert = v[:1] in ('=', '+', '-', '@', '\t', '\r') and v != '-'
        return "'" + v if inert else v
    body = [[as_csv(r[k]) for k in doc['columns']] for r in doc['rows']]
    assert rows[1:] == body, 'csv and json disagree in ' + c
flat = [x for r in csv.reader(open(sys.argv[1], newline='', encoding='utf-8')) for x in r]
assert 'Smith, Ava "Ace"' in flat, flat
assert "O'Neil, Sol" in flat
assert any('Health, visitor: shared with the family' in x for x in flat)
PY

# ---- escalations: the right queues, the right day, not the day before -----
q() { # DB TODAY LOGIN -> TSV queue (a failure fails the test)
	"$CPDESK" --db "$1" --today "$2" --as "$3" task list --tsv >"$WORK/q.out" ||
	    { echo "FAIL task list --as $3 on $2 exits $?" >&2; echo 1 >"$WORK/q.failed"; }
	cat "$WORK/q.out"
}
# STEP is "CHILD step", e.g. "C1 escalation:invite-list"
has_step() { # WHAT DB TODAY LOGIN STEP
	q "$2" "$3" "$4" | cut -f3,7 | tr '\t' ' ' | grep -qx "$5" ||
	    { echo "FAIL $1: $4 on $3 lacks $5"; fail=1; }
}
lacks_step() {
	q "$2" "$3" "$4" | cut -f3,7 | tr '\t' ' ' | grep -qx "$5" &&
	    { echo "FAIL $1: $4 on $3 has $5"; fail=1; }
	return 0
}
hdr=$(q "$SW" 2025-03-10 tm1 | head -1)
[ "$hdr" = "$(printf 'id\tdue\tchild\tmeeting\ttype\tmeeting_date\tstep\trole\tassignee\tstatus')" ] ||
    { echo "FAIL task list header changed: $hdr"; fail=1; }
# Swindon ICPC invite list due Fri 03-07: escalated Mon 03-10 to TM and SM
for who in tm1 sm1; do
	lacks_step "swindon invite" "$SW" 2025-03-09 $who "C1 escalation:invite-list"
	has_step "swindon invite" "$SW" 2025-03-10 $who "C1 escalation:invite-list"
done
lacks_step "swindon invite not to the SW" "$SW" 2025-03-10 sw1 "C1 escalation:invite-list"
lacks_step "swindon invite not to the director" "$SW" 2025-03-10 dir1 "C1 escalation:invite-list"
# the ICPC report due Wed 03-12: escalated Thu 03-13 to SM and the director
lacks_step "swindon report" "$SW" 2025-03-12 dir1 "C1 escalation:reports-available"
has_step "swindon report" "$SW" 2025-03-13 dir1 "C1 escalation:reports-available"
has_step "swindon report" "$SW" 2025-03-13 sm1 "C1 escalation:reports-available"
lacks_step "swindon report not to the TM" "$SW" 2025-03-13 tm1 "C1 escalation:reports-available"
# Swindon reminder: 5 weeks before the CLA review of 2025-04-16 is 03-12;
# it stays until the invite list is done (tests/e2e/reminders.sh)
for who in sw2 tm1; do
	lacks_step "swindon reminder" "$SW" 2025-03-11 $who "C2 reminder:invite-list"
	has_step "swindon reminder" "$SW" 2025-03-12 $who "C2 reminder:invite-list"
	has_step "swindon reminder" "$SW" 2025-03-13 $who "C2 reminder:invite-list"
done
lacks_step "swindon reminder not to the SM" "$SW" 2025-03-12 sm1 "C2 reminder:invite-list"
# Hounslow: the ICPC decision (minute taker; Fri 03-14's conference, due
# 24 working hours later, Mon 03-17) escalated Tue 03-18 to the QA manager
lacks_step "hounslow decision" "$HO" 2025-03-17 qm1 "C1 escalation:decision-on-lcs"
has_step "hounslow decision" "$HO" 2025-03-18 qm1 "C1 escalation:decision-on-lcs"
lacks_step "hounslow decision not to the TM" "$HO" 2025-03-18 tm1 "C1 escalation:decision-on-lcs"
# marking the step done ends the escalation
"$CPDESK" --db "$SW" --today 2025-03-10 --as sw1 task done \
    "$(q "$SW" 2025-03-10 tm1 | awk -F'\t' '$7=="escalation:invite-list" && $3=="C1" {print $1}')" \
    >/dev/null 2>&1 || { echo "FAIL task done"; fail=1; }
q "$SW" 2025-03-10 tm1 | awk -F'\t' '$7=="escalation:invite-list" && $3=="C1"' | grep -q . &&
    { echo "FAIL escalation stays after the task is done"; fail=1; }
q "$SW" 2025-03-10 tm1 >"$WORK/tmq"
"$CPDESK" --db "$SW" --today 2025-03-12 --as tm1 task list >"$WORK/tm.text"
grep -q '\^ Escalation: ' "$WORK/tm.text" && grep -q '\* URGENT CLA/CP' "$WORK/tm.text" ||
    { echo "FAIL task list marks"; cat "$WORK/tm.text"; fail=1; }

# ---- cron: no terminal, one line on failure ------------------------------
"$CPDESK" --db "$SW" list nonsense >/dev/null 2>"$WORK/e1" </dev/null
rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$WORK/e1")" = 1 ] ||
    { echo "FAIL bad list name: exit $rc"; cat "$WORK/e1"; fail=1; }
"$CPDESK" --db "$SW" list week --format xml >/dev/null 2>"$WORK/e2"
[ $? = 2 ] && grep -q "text, csv or json" "$WORK/e2" || { echo "FAIL bad format"; fail=1; }
"$CPDESK" --db "$WORK/none" list week >/dev/null 2>"$WORK/e3"
[ $? != 0 ] && [ "$(wc -l <"$WORK/e3")" = 1 ] || { echo "FAIL no store"; fail=1; }

# ---- the console's Lists view shows the command's rows -------------------
if command -v tmux >/dev/null 2>&1; then
	. "$TOP/tests/e2e/lib_tmux.sh"
	DB="$SW" TODAY=2025-03-14
	t_start 200 40 --as sm1
	t_wait "Sam Manager"
	t_keys 5
	t_wait "Lists: week"
	for l in week fortnight month exceptions case-mapping; do
		t_wait "Lists: $l"
		"$CPDESK" --db "$SW" --today 2025-03-14 list "$l" >"$WORK/cmd.$l"
		# every row line of the command (up to a screenful) is on screen
		head -30 "$WORK/cmd.$l" | sed "/^$/d" | cut -c1-150 | while IFS= read -r line; do
			t_screen | grep -F -q -- "$line" ||
			    { echo "FAIL console $l lacks: $line"; exit 1; }
		done || fail=1
		t_keys Enter
	done
	t_wait "Lists: week"
	t_keys q
fi
[ -e "$WORK/q.failed" ] && fail=1
exit $fail

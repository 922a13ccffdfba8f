#!/bin/sh
# cpdesk team: a team of four workers with known work (lib_team.sh says
# what is due when), shown exactly as text, CSV and JSON; whom each
# manager may see comes from the policy's permissions (generic.yaml's
# see:); a worker of another team is refused, in cpdesk team and in task
# list --user (exit 1, saying why), not answered with no tasks; nothing
# is put on the record.
TODAY=2027-05-10
. "$TOP/tests/e2e/lib_cli.sh"
. "$TOP/tests/e2e/lib_team.sh"
team_store "$DB" || { echo "FAIL: could not build the store"; cat "$WORK/team-store.log"; exit 1; }

# same NAME: stdout is exactly what follows on stdin
same() {
	cat >"$WORK/$1.want"
	diff -u "$WORK/$1.want" "$WORK/$1.out" ||
	    { echo "FAIL $1: not the output expected"; fail=1; }
}
audit_before=$("$CPDESK" --db "$DB" --today $TODAY audit --tsv | wc -l)

# ---- the team manager: his four workers --------------------------------
ok text --as tman team
same text <<'EOF'
Your workers (4), as of Mon 2027-05-10

Worker                    Children  Open  Overdue  This week  Next week
Ann Social (asocial)             3    16        2          4          8
Bea Social (bsocial)             2     9        1          1          0
Cal Social (csocial)             1     5        0          0          1
Dee Social (dsocial)             0     0        0          0          0
Total                            6    30        3          5          9

Open tasks due a week (weeks from Monday; this week from today)
                           May                 Jun
Worker                       10   17   24   31    7   14   21   28
Ann Social (asocial)         4+   8#    .    1    .    .    .    .
Bea Social (bsocial)          1    .    2    .    .    .    .   5+
Cal Social (csocial)          .    1    .    .   4+    .    .    .
Dee Social (dsocial)          .    .    .    .    .    .    .    .
Key: . nothing due, 3 one to three, 5+ four to seven, 9# eight or more
EOF
# not a terminal: no colour, whatever NO_COLOR says
check "no escape sequences in a file" test -z "$(grep -l "$(printf '\033')" "$WORK/text.out")"
check "text fits 80 columns" test "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$WORK/text.out")" -le 80

ok byname --as tman team --team Blue
has byname "Team: Blue (4 workers), as of Mon 2027-05-10"
has byname "Ann Social (asocial)             3    16        2          4          8"

ok csv --as tman team --format csv
tr -d '\r' <"$WORK/csv.out" >"$WORK/csvlf.out"
cp "$WORK/csvlf.out" "$WORK/csv.out"
same csv <<'EOF'
login,name,team,left,children,open,overdue,this_week,next_week,week_2027-05-10,week_2027-05-17,week_2027-05-24,week_2027-05-31,week_2027-06-07,week_2027-06-14,week_2027-06-21,week_2027-06-28,later
asocial,Ann Social,Blue,no,3,16,2,4,8,4,8,0,1,0,0,0,0,1
bsocial,Bea Social,Blue,no,2,9,1,1,0,1,0,2,0,0,0,0,5,0
csocial,Cal Social,Blue,no,1,5,0,0,1,0,1,0,0,4,0,0,0,0
dsocial,Dee Social,Blue,no,0,0,0,0,0,0,0,0,0,0,0,0,0,0
EOF

ok json --as tman team --format json
same json <<'EOF'
{
  "team": null,
  "today": "2027-05-10",
  "weeks": ["2027-05-10", "2027-05-17", "2027-05-24", "2027-05-31", "2027-06-07", "2027-06-14", "2027-06-21", "2027-06-28"],
  "workers": [
    {"login": "asocial", "name": "Ann Social", "team": "Blue", "left": false, "children": 3, "open": 16, "overdue": 2, "this_week": 4, "next_week": 8, "due_by_week": [4, 8, 0, 1, 0, 0, 0, 0], "later": 1},
    {"login": "bsocial", "name": "Bea Social", "team": "Blue", "left": false, "children": 2, "open": 9, "overdue": 1, "this_week": 1, "next_week": 0, "due_by_week": [1, 0, 2, 0, 0, 0, 0, 5], "later": 0},
    {"login": "csocial", "name": "Cal Social", "team": "Blue", "left": false, "children": 1, "open": 5, "overdue": 0, "this_week": 0, "next_week": 1, "due_by_week": [0, 1, 0, 0, 4, 0, 0, 0], "later": 0},
    {"login": "dsocial", "name": "Dee Social", "team": "Blue", "left": false, "children": 0, "open": 0, "overdue": 0, "this_week": 0, "next_week": 0, "due_by_week": [0, 0, 0, 0, 0, 0, 0, 0], "later": 0}
  ],
  "total": {"children": 6, "open": 30, "overdue": 3, "this_week": 5, "next_week": 9, "due_by_week": [5, 9, 2, 1, 4, 0, 0, 5], "later": 1},
  "teams": ["Blue"]
}
EOF
if command -v python3 >/dev/null 2>&1; then
	check "json parses" python3 -m json.tool "$WORK/json.out" >/dev/null
fi

# a week later the same tasks fall a week earlier: the overdue grow
TODAY=2027-05-17
ok later --as tman team --format csv
has later "asocial,Ann Social,Blue,no,3,16,6,8,0,8,0,1,0,0,0,0,0,1"
TODAY=2027-05-10

# ---- the service manager: both teams ------------------------------------
ok sm --as sserv team
has sm "Your workers (7), as of"
has sm "Blue (5)"
has sm "Red (2)"
has sm "Rob Social (rsocial)             1     1        0          1          0"
has sm "Total                            7    31        3          6          9"
ok smred --as sserv team --team Red --format csv
check "Red: two workers" test "$(tail -n +2 "$WORK/smred.out" | wc -l)" = 2

# ---- every case, none of their own: the teams to choose from -------------
ok qa --as qaman team
has qa "No workers: you manage no one"
has qa "teams you may see: Blue, Red, Service"
ok qared --as qaman team --team Red
has qared "Rob Social (rsocial)"

audit_team=$("$CPDESK" --db "$DB" --today $TODAY audit --tsv | wc -l)
check "cpdesk team put nothing on the record" test "$audit_team" = "$audit_before"

# ---- refusals -------------------------------------------------------------
run red --as tman team --team Red
expect red 1 "team Red is not yours to see"
has_err() { grep -qF -- "$2" "$WORK/$1.err" || { echo "FAIL $1: stderr lacks '$2'"; cat "$WORK/$1.err"; fail=1; }; }
has_err red "you (tman) see as team-manager (their team's cases)"
run nowhere --as tman team --team Nowhere
expect nowhere 2 "no team 'Nowhere' in the store (teams you may see: Blue)"
run sw --as asocial team
expect sw 1 "the team view is for those whose roles see other workers' cases"
run fmt --as tman team --format pdf
expect fmt 2

# task list --user: another team's worker is refused, saying why
run other --as tman task list --user rsocial
expect other 1 "task list: worker rsocial's queue is not yours to see: rsocial is in team Red under rman"
lacks other "No tasks."
run otherq --as rman task list --user asocial --tsv
expect otherq 1 "worker asocial's queue is not yours to see"
run mate --as asocial task list --user bsocial
expect mate 1 "you (asocial) see as social-worker (own cases)"
# their own team's, their own, and a pool's: as before
ok mine --as tman task list --user asocial --tsv
check "tman sees asocial's 16 tasks" test "$(tail -n +2 "$WORK/mine.out" | grep -c "${T}asocial${T}")" = 16
ok own --as rsocial task list --user rsocial --tsv
ok smq --as sserv task list --user rsocial --tsv
check "sserv sees rsocial's task" test "$(tail -n +2 "$WORK/smq.out" | wc -l)" = 1
ok pool --as tman task list --user @qa-admin
run ghost --as tman task list --user ghost
expect ghost 2 "'ghost' is not a worker"

[ "$fail" = 0 ] || exit 1
exit 0

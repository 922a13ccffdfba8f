#!/bin/sh
# The Timeliness view at 80x24: a team manager sees the figures for three
# months ending with today's month (an ICPC held 4 working days after its
# s47 start's 15 allowed, with Easter in them), the case late, and [ moves
# a month earlier; the tabs, seven now, fit the width (the current one
# whole); a social worker is not offered the view (no tab, the key says
# why); the child shown is on the record as "console: timeliness".
. "$TOP/tests/e2e/lib_tmux.sh"

t_store
# booked on 1 April, held on 20 April, recorded on 10 May (TODAY)
"$CPDESK" --db "$DB" --today 2027-04-01 child add CD456 --name "Cy Dean" \
    --social-worker asocial >/dev/null 2>&1 &&
M=$("$CPDESK" --db "$DB" --today 2027-04-01 meeting add CD456 icpc \
    2027-04-20 --time 10:00 --chair cchair --minute-taker mminute \
    --anchor s47-start=2027-03-22 2>/dev/null) &&
cpd meeting outcome "$M" --decision "Plan" --plan CD456=cp-plan:neglect \
    --no-next >/dev/null 2>&1 || fail "cannot hold the ICPC"

# ---- a team manager ---------------------------------------------------------
t_start 80 24 --as tman
t_wait "Tom Manager (tman)"
t_wait "8 Timeliness"
t_keys 8
t_wait "Timeliness 2027-03-01 to 2027-05-10"
t_wait "Measure                        Due   On     %  2027-03 2027-04 2027-05 Change"
t_wait "ICPC 15 WD from s47 (census)     1    0   0.0        -     0.0       -      -"
t_wait "ICPC 15 WD from strategy         0    0     -"
t_wait "Cases late (1): measure, child, meeting, WD late, why"
t_wait "icpc-s47      CD456 Cy Dean, icpc 2027-04-20, 4 WD"
# seven tabs for a team manager (no Policy), too wide for 80 columns
# whole: short names (Queue, Consult), still whole words, a space apart
t_wait "1 Queue 2 Meetings 3 Children 4 Consult 5 Lists 7 Team 8 Timeliness"
t_screen | awk 'length($0) > 80 { bad = 1 } END { exit bad }' ||
	fail "a line is wider than 80 columns"
t_keys '['
t_wait "Timeliness 2027-02-01 to 2027-04-30"
t_wait "Measure                        Due   On     %  2027-02 2027-03 2027-04 Change"
t_keys ']'
t_wait "Timeliness 2027-03-01 to 2027-05-10"
t_keys '?'
t_wait "Timeliness: on time by month, cases late"
t_keys q
t_keys q
t_wait "[exit 0]"
cpd audit --child CD456 >"$WORK/audit" 2>&1 || fail "audit failed"
grep -q 'how="console: timeliness"' "$WORK/audit" ||
	{ cat "$WORK/audit"; fail "the view's read of CD456 is not on the record"; }

# ---- a social worker: not offered ----------------------------------------------
t_start 80 24 --as asocial
t_wait "Ann Social (asocial)"
t_wait "5 Lists"
t_screen | grep -q "8 Timeli" && fail "Timeliness offered to a social worker"
t_wait " 4 Consultations " # six tabs fit whole
t_keys 8
t_wait "The Timeliness view is not available to you"
t_keys q
t_wait "[exit 0]"
exit 0

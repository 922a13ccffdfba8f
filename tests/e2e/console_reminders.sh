#!/bin/sh
# Swindon's reminders in the console at 80x24 (Swindon's procedure,
# points 12 and 13): a CLA review on Wed 2025-04-16 whose invite list is
# open.  The 5-week reminder (Wed 03-12) is in the social worker's and
# the team manager's My queue the day after it began, under Today,
# marked * and dated 03-12, counted in the header; the timeline pane
# shows it and the 20-day one (Thu 03-27) marked [*], the escalation
# [^].  On 03-27 the team manager has both and the service manager the
# second.  Marking the invite list done (d on the reminder row: it is
# the step's) takes them out of the queue.
. "$TOP/tests/e2e/lib_tmux.sh"
TAB=$(printf '\t')
TODAY=2025-03-03
cpd init --policy "$TOP/policies/swindon.yaml" >/dev/null 2>&1 &&
cpd worker add sm1 --name "Sam Manager" --role service-manager >/dev/null 2>&1 &&
cpd worker add tm1 --name "Tia Lead" --role team-manager --manager sm1 >/dev/null 2>&1 &&
cpd worker add sw1 --name "Sol Worker" --role social-worker --manager tm1 >/dev/null 2>&1 &&
cpd worker add iro1 --name "Ivo Reviewer" --role iro >/dev/null 2>&1 &&
cpd worker add mt1 --name "Mo Minutes" --role minute-taker >/dev/null 2>&1 &&
cpd child add C2 --name "Zoe Brown" --social-worker sw1 \
    --looked-after-since 2024-10-01 >/dev/null 2>&1 &&
cpd meeting add C2 cla-review 2025-04-16 --time 14:00 --chair iro1 \
    --minute-taker mt1 --anchor care-start=2024-10-01 \
    --reason "Carer's leave, agreed" >/dev/null 2>&1 ||
    fail "could not build the store"

# ---- the day after it began: the social worker's queue ---------------------
TODAY=2025-03-13
t_start 80 24 --as sw1
t_wait "Today (1)"
t_wait "Today 1"
t_wait "* 2025-03-12 Zoe Brown        CLA-REVIEW 04-16 URGENT CLA/CP: SQA asks"
t_screen | grep -q "^Overdue (0)" || fail "the reminder counts as overdue"
t_keys j                        # the reminder row: its meeting's timeline
t_wait "[*] 03-12 Wed URGENT CLA/CP: SQA"
t_wait "[*] 03-27 Thu URGENT CLA/CP: remi"
t_wait "[^] 04-01 Tue Escalation: Send th"
t_screen | awk 'length($0) > 80 { bad = 1 } END { exit bad }' ||
	fail "a line is wider than 80 columns"
t_keys q
t_wait "[exit 0]"

# ---- the team manager, the same day ---------------------------------------------
t_start 80 24 --as tm1
t_wait "* 2025-03-12 Zoe Brown        CLA-REVIEW 04-16 URGENT CLA/CP: SQA asks"
t_keys q
t_wait "[exit 0]"

# ---- at 20 days: both for the team manager, the second for the SM ------------
TODAY=2025-03-27
t_start 80 24 --as tm1
t_wait "Today (2)"
t_wait "* 2025-03-12 Zoe Brown        CLA-REVIEW 04-16 URGENT CLA/CP: SQA asks"
t_wait "* 2025-03-27 Zoe Brown        CLA-REVIEW 04-16 URGENT CLA/CP: reminde"
t_keys q
t_wait "[exit 0]"
t_start 80 24 --as sm1
t_wait "* 2025-03-27 Zoe Brown        CLA-REVIEW 04-16 URGENT CLA/CP: reminde"
t_gone "URGENT CLA/CP: SQA asks"
t_keys q
t_wait "[exit 0]"

# ---- done from the reminder row: gone ----------------------------------------------
t_start 80 24 --as sw1
t_wait "* 2025-03-12 Zoe Brown        CLA-REVIEW 04-16 URGENT CLA/CP: SQA asks"
t_keys j
t_wait "[*] 03-12 Wed URGENT CLA/CP: SQA"
t_keys d
t_wait "Mark the task done"
t_type "Invite list sent via CD"
t_keys Enter
t_wait "blank: today"
t_keys Enter
t_wait "Confirm: Mark the task done"
t_keys y
t_wait "Done:"
t_gone "* 2025-03-12 Zoe Brown"
t_wait "Today (0)"
t_gone "[*] 03-12"
t_keys q
t_wait "[exit 0]"
cpd --as tm1 task list --tsv >"$WORK/tm1.tsv" ||
	fail "task list --as tm1 failed"
cpd --as sw1 task list --status done --tsv | grep -q "${TAB}invite-list${TAB}" ||
	fail "the invite list is not done"
grep -q "reminder:" "$WORK/tm1.tsv" &&
	fail "the team manager still has a reminder after the step was done"
exit 0

#!/bin/sh
# Issue 16 in the console: siblings conferenced together are booked once
# (one row in the Meetings view naming the children, one invitation task
# in the social worker's queue, not one a child); a sibling's own social
# worker sees the meeting through that child and no other child's name;
# the outcome form records a decision for each child, a plan with its
# category, and the next review is for the children on a plan.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
t_second_case
cpd family add F1 --name "The Browns" >/dev/null &&
cpd child add AB124 --name "Ben Brown" --social-worker asocial --family F1 \
    --cin-since 2027-02-01 >/dev/null &&
cpd child add AB125 --name "Bo Brown" --social-worker bsocial --family F1 \
    --cin-since 2027-02-01 >/dev/null &&
cpd child add AB126 --name "Bea Brown" --social-worker asocial --family F1 \
    --cin-since 2027-02-01 >/dev/null || fail "could not add the family"
M=$(cpd meeting add AB124,AB125,AB126 icpc 2027-05-19 --time 14:00 --chair cchair \
    --minute-taker mminute --anchor s47-start=2027-04-28) || fail "family ICPC"

# ---- the chair: one row for the three, named (at 80 columns, the index
# child and how many more) ----------------------------------------------------
t_start 120 30 --as cchair
t_wait "Carol Chair (cchair)"
t_keys 2
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06 (2)"
t_wait "Ben Brown, Bo Brown, Bea Brown"
n=$(t_screen | grep -c "Ben Brown")
[ "$n" = 1 ] || fail "the family ICPC is shown $n times"
t_resize 80 24
t_wait "Ben Brown +2"
t_keys q
t_wait "[exit 0]"
t_cleanup

# ---- Ann (Ben's and Bea's social worker): one invite-list task for the
# family, not one a child ---------------------------------------------------
t_start 100 30 --as asocial
t_wait "Ann Social (asocial)"
t_wait "Complete the invite list"
n=$(t_screen | grep "Complete the invite list" | grep -c "Ben Brown")
[ "$n" = 1 ] || fail "the family's invite list is in the queue $n times"
t_screen | grep "Complete the invite list" | grep -q "Bea Brown" &&
    fail "a second invite-list task for Bea"
t_cleanup

# ---- Bea (Bo's social worker, another team): the meeting, only Bo named --
t_start 80 24 --as bsocial
t_wait "Bea Social (bsocial)"
t_keys 2
t_wait "Bo Brown +2"
t_resize 120 30
t_wait "Bo Brown and 2 other children"
t_screen | grep -q "Ben Brown" && fail "bsocial sees Ben's name"
t_screen | grep -q "Bea Brown" && fail "bsocial sees Bea's name"
t_cleanup

# ---- the chair records a decision for each child, at 80x24, on the
# conference's day ------------------------------------------------------------
TODAY=2027-05-19
t_start 80 24 --as cchair
t_wait "Carol Chair (cchair)"
t_keys 2
t_wait "Diary Wed 2027-05-19 to Tue 2027-06-15 (1)"
t_keys o
t_wait "Plan Ben Brown"
t_wait "Plan Bea Brown"
t_keys Right                                   # Ben: a plan, neglect
t_keys Tab Right Right Right Right Right Right # Bo: no plan
t_keys Tab Right Right Right                   # Bea: emotional abuse
t_keys Tab
t_type "Plans for Ben and Bea"
t_keys Enter Enter Enter Enter Enter Enter Enter Enter   # and the steps still open
t_wait "Confirm: Outcome"
t_wait "Plan Ben Brown AB124: cp-plan:neglect"
t_wait "Plan Bo Brown AB125: no-plan"
t_wait "Plan Bea Brown AB126: cp-plan:emotional-abuse"
t_keys y
t_wait "Outcome recorded; next meeting scheduled"
t_keys q
t_wait "[exit 0]"
t_cleanup
cpd child show AB124 | grep -q "CP plan since:     2027-05-19, category neglect" ||
    fail "Ben's plan: $(cpd child show AB124 | grep 'CP plan')"
cpd child show AB126 | grep -q "category emotional-abuse" || fail "Bea's plan"
cpd child show AB125 | grep -q "CP plan since:     -" || fail "Bo has a plan"
next=$(cpd meeting show "$M" | sed -n 's/.*Next meeting: .*(meeting \([0-9]*\)).*/\1/p')
[ -n "$next" ] || fail "no next meeting on the outcome"
cpd meeting show "$next" | grep -q "Children:  *AB124, AB126 (Ben Brown, Bea Brown)" ||
    fail "the review: $(cpd meeting show "$next" | head -3)"
exit 0

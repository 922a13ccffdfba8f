#!/bin/sh
# Issue 18, item 5 ("the same mechanism serves any action the policy
# marks as needing approval"), in the console at 80x24: generic.yaml
# marks a move past the latest date the cadence allows (approvals:
# late-move).  The team manager's move form says whose approval such a
# move needs; its confirmation says the meeting stays where it is until
# it is given; the request shows in the safeguarding service manager's
# My queue under Approvals as "Move to 06-14?", where y shows from where
# to where and that it completes the request, and y moves the meeting
# with its steps.  The store agrees, and the audit names ssafe.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
cpd worker add ssafe --name "Sue Safeguard" --role safeguarding-manager \
    >/dev/null || fail "could not add the safeguarding service manager"
# an unborn child: the ICPC is due 10 weeks before the expected birth
cpd child add UB1 --name "Baby Green" --social-worker asocial \
    --expected-birth 2027-08-16 >/dev/null &&
cpd meeting add UB1 icpc 2027-05-24 --time 10:00 --chair cchair \
    --minute-taker mminute >/dev/null || fail "could not add the case"
M=$(cpd child show UB1 | awk '$0 ~ / icpc / { print $1; exit }')
cpd meeting show "$M" | grep -q "Cadence: by *2027-06-07" ||
	fail "the ICPC's cadence is not 2027-06-07"

# ---- asked for in the console ------------------------------------------------
t_start 80 24 --as tman
t_wait "No open tasks are assigned to you."
t_keys 2
t_wait "ICPC       Baby Green"
t_keys Down
t_keys m
t_wait "Move ICPC for Baby Green (Mon 2027-05-24)"
t_wait "A move past the latest date the cadence allows needs the approval of a"
t_keys C-u
t_type 2027-06-14
t_wait "LATE by 7 days"
t_keys Tab Tab
t_type "Mother in hospital"
t_keys Tab
t_type "Birth plan agreed first"
t_keys Enter
t_wait "Confirm: Move ICPC for Baby Green"
t_wait "This asks for approval; it is not moved yet: it stays on Mon 2027-05-24"
t_wait "until a Safeguarding service manager approves; then these deadlines move"
t_keys y
t_wait "Asked (request 1): the move to Mon 2027-06-14 waits for approval."
cpd meeting show "$M" | grep -q "Date: *Mon 2027-05-24" ||
	fail "the meeting moved before it was approved"
t_keys q
t_wait "[exit 0]"

# ---- not the child's own service manager's to approve ------------------------
t_start 80 24 --as sserv
t_wait "No open tasks are assigned to you."
t_gone "Approvals (1)"
t_keys q
t_wait "[exit 0]"

# ---- approved in the safeguarding service manager's queue --------------------
t_start 80 24 --as ssafe
t_wait "Approvals (1): y approve, n refuse"
t_wait "? 2027-05-10 Baby Green       ICPC 05-24       Move to 06-14? Mother in"
t_keys y
t_wait "Request 1: move ICPC of Baby Green (UB1), late. From Mon 2027-05-24 to"
t_type "Agreed"
t_keys Enter
t_wait "Confirm: Approve"
t_wait "From Mon 2027-05-24 to Mon 2027-06-14."
t_wait "Yours completes it: it moves now, its open deadlines with it."
t_keys y
t_wait "Approved request 1: the meeting is moved."
t_gone "Approvals (1)"
t_keys q
t_wait "[exit 0]"
cpd meeting show "$M" > "$WORK/show" || fail "meeting show failed"
grep -q "Date: *Mon 2027-06-14 10:00" "$WORK/show" || fail "not moved"
grep -q "2027-06-07 (EXCEPTION: later than allowed)" "$WORK/show" ||
	fail "the move is not an exception"
grep -q "Approved by: *ssafe" "$WORK/show" || fail "the approver is not kept"
grep -q "2027-06-14  open .*Send the CP conference decisions" "$WORK/show" ||
	fail "the steps did not move with it"
cpd audit --child UB1 | grep -q "ssafe meeting.move meeting:$M" ||
	fail "the move is not in the audit as ssafe's"

#!/bin/sh
# Issue 18, item 5, in the console at 80x24: the team manager's cancel
# form (x) says whose approval it needs before it is filled in, and that
# the meeting stays scheduled until it is given; the request then shows
# in the safeguarding service manager's My queue under Approvals (001:
# theirs, not the child's own service manager's), where y opens the
# approval, a confirmation page says it completes the request, and y
# cancels the meeting.  The store agrees, and the audit names ssafe.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
cpd worker add ssafe --name "Sue Safeguard" --role safeguarding-manager \
    >/dev/null || fail "could not add the safeguarding service manager"
M=1   # t_store's ICPC, the store's first meeting

# ---- the request, asked for in the console ---------------------------------
t_start 80 24 --as tman
t_wait "No open tasks are assigned to you."
t_keys 2
t_wait "Ada Brown"
t_keys x
t_wait "Needs the approval of"
t_wait "a Safeguarding service manager: the meeting stays"
t_wait "scheduled until it is given."
t_type "Family moved to Wiltshire"
t_keys Enter
t_wait "Confirm: Cancel"
t_wait "This asks for approval; it is not cancelled yet."
t_keys y
t_wait "Asked (request 1): the meeting stays scheduled until approved."
cpd meeting show "$M" | grep -q "Status: *scheduled" ||
	fail "the meeting is not scheduled while it waits"
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
t_wait "? 2027-05-10 Ada Brown        ICPC 05-17       Cancel? Family moved to"
t_wait "No open tasks are assigned to you."
t_keys y
t_wait "Request 1: cancel ICPC 2027-05-17 of Ada Brown (AB123)"
t_type "Agreed"
t_keys Enter
t_wait "Confirm: Approve"
t_wait "Yours completes it: the meeting is cancelled now"
t_wait "Given as you (ssafe)."
t_keys y
t_wait "Approved request 1: the meeting is cancelled."
t_gone "Approvals (1)"
t_keys q
t_wait "[exit 0]"
cpd meeting show "$M" | grep -q "Status: *cancelled" ||
	fail "the meeting is not cancelled"
cpd audit --child AB123 | grep -q "ssafe request.approve request:1" ||
	fail "the approval is not in the audit as ssafe's"
cpd audit --child AB123 | grep -q "ssafe meeting.cancel meeting:$M" ||
	fail "the cancellation is not in the audit as ssafe's"

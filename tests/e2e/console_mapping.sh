#!/bin/sh
# The month's case mapping in the Consultations view (003 point 4a), at
# 80x24: the QA administration manager sees the month's list and each
# chair's load, allocates a child to a chair from it (A); the chair sees
# it in their own list and records the mapping from it (a), which closes
# their step; a child mapped this month shows done.
. "$TOP/tests/e2e/lib_tmux.sh"
cpd init --policy "$TOP/policies/generic.yaml" >/dev/null &&
cpd worker add sm1 --name "Sam Manager" --role service-manager >/dev/null &&
cpd worker add tm1 --name "Tia Lead" --role team-manager --manager sm1 >/dev/null &&
cpd worker add sw1 --name "Sol Worker" --role social-worker --manager tm1 >/dev/null &&
cpd worker add ch1 --name "Cleo Chair" --role cp-chair >/dev/null &&
cpd worker add ch2 --name "Dev Chair" --role cp-chair >/dev/null &&
cpd worker add qam --name "Quinn Manager" --role qa-manager >/dev/null &&
cpd child add K1 --name "Kit Long" --social-worker sw1 --cin-since 2026-02-02 >/dev/null &&
cpd child add K2 --name "Lou Short" --social-worker sw1 --cin-since 2026-03-02 >/dev/null &&
cpd child add K3 --name "Max New" --social-worker sw1 --cin-since 2027-01-04 >/dev/null ||
	fail "could not build the store"

t_start 80 24 --as qam
t_wait "Quinn Manager (qam)"
t_keys 4
t_wait "Case mapping 2027-05 (2)"
t_wait "Cleo Chair 0/0/0  Dev Chair 0/0/0"
t_wait "K1         Kit Long"
t_gone "Max New"
t_keys A
t_wait "Allocate a case mapping"
t_wait "< ch1 >  Cleo Chair: 0 open, 0 done, 0 conferences"
t_keys Right
t_wait "< ch2 >"
t_keys Enter
t_wait "Case mapping of 2027-05 to ch2"
t_keys y
t_wait "Kit Long's case mapping allocated to ch2"
t_wait "Dev Chair 1/0/0"
# due the month's last working day: Monday 31 May 2027 is the spring bank holiday
t_wait "allocated    2027-05-28  ch2"
t_keys q
t_wait "[exit 0]"
t_tmux kill-server 2>/dev/null

# the chair: their own case mapping; a with the kind chosen
t_start 80 24 --as ch2
t_wait "Dev Chair (ch2)"
t_keys 4
t_wait "Consultations you logged (0)"
t_keys f
t_wait "Case mapping 2027-05 (1)"
t_wait "K1         Kit Long"
t_keys a
t_wait "< case-mapping >"
t_wait "Kit Long (K1)"
t_keys Enter Enter Enter Enter Enter
t_type "Sol Worker and Tia Lead"
t_keys Enter
t_type "Family support plan, reviewed monthly"
t_keys Enter Enter Enter Enter Enter
t_wait "Confirm: Log a consultation"
t_keys y
t_wait "Consultation 1 logged."
t_wait "done         -           ch2"
cpd --as ch2 task list --tsv | grep -q "	case-mapping	" &&
	fail "the chair's step is still open"
t_keys q
t_wait "[exit 0]"

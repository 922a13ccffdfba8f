#!/bin/sh
# A chair logs a case-mapping consultation; the form checks the child id
# as it is typed, and the consultation lists in view 4.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
t_start 80 24 --as cchair
t_wait "Carol Chair (cchair)"
t_keys 4
t_wait "Consultations you logged (0)"
t_keys a
t_wait "Log a consultation"
# Kind: the fourth of the policy's kinds is case-mapping
t_keys Right Right Right
t_wait "< case-mapping >"
t_keys Enter
t_type "AB12"
t_wait "no child with this id"
t_type "3"
t_wait "Ada Brown"
t_keys Enter Enter Enter
t_type "Case mapping booked for June"
t_keys Enter
t_type "CiN open 13 months"
t_keys Enter
t_wait "Confirm: Log a consultation"
t_keys y
t_wait "Consultation 1 logged."
t_wait "Consultations you logged (1)"
t_wait "Case mapping booked for June"
cpd consult list --chair cchair | grep -q "case-mapping" ||
	fail "the store does not list the consultation"
t_keys q
t_wait "[exit 0]"

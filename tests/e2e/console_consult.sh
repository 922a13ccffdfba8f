#!/bin/sh
# A chair logs a case mapping in the Consultations view (4): the form
# finds the child by name as the Children view does, takes the LL
# Consultation form's parts, and refuses a second one of the same kind
# for the child that day unless the confirmation page is answered y.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
t_start 80 24 --as cchair
t_wait "Carol Chair (cchair)"
t_keys 4
t_wait "Consultations you logged (0)"

# log1: the kinds a CP chair logs (003): strategy, pre-s47, case mapping,
# review; the child by name
log1() {
	t_keys a
	t_wait "Log a consultation"
	t_keys Right Right
	t_wait "< case-mapping >"
	t_keys Enter
	t_type "Zed"
	t_wait "no child with this name or id"
	t_keys C-u
	t_type "Ada"
	t_wait "Ada Brown (AB123)"
	t_keys Enter Enter Enter Enter
	t_type "Ann Social (social worker), Tom Manager (team manager)"
	t_keys Enter
	t_type "Weekly visits; school reviews monthly"
	t_keys Enter Enter Enter
	t_type "Case mapping booked for June"
	t_keys Enter
	t_type "CiN open 13 months"
	t_keys Enter
	t_wait "Confirm: Log a consultation"
}
log1
t_gone "already records"
t_keys y
t_wait "Consultation 1 logged."
t_wait "Consultations you logged (1)"
t_wait "Notes: CiN open 13 months"
cpd consult list --chair cchair --tsv | grep -q "	case-mapping	cchair	AB123	" ||
	fail "the store does not list the consultation"

# the same again that day: the confirmation page says so; n writes nothing
log1
t_wait "Consultation 1 already records a case-mapping for this child that day"
t_keys n
t_wait "Log a consultation"
t_keys Escape
t_gone "Log a consultation"
[ "$(cpd consult list --chair cchair --tsv | grep -c case-mapping)" = 1 ] ||
	fail "a second consultation was written without y"
# ... and y writes it
log1
t_wait "already records a case-mapping"
t_keys y
t_wait "Consultation 2 logged."
t_wait "Consultations you logged (2)"
t_keys q
t_wait "[exit 0]"

#!/bin/sh
# console_unseen.sh - issue 15 in the console (unseen.sh does the
# commands).  Policy: generic.yaml.
#   - a child the worker may not see is searched for, and typed into the
#     consultation form, with the same answer as a child that is not
#     there: the screens are the same but for the id typed;
#   - a child's change history (the audit trail's) is shown only to a
#     role the policy lets read the audit: a team manager sees it, the
#     social worker sees the consultations alone, under a heading that
#     does not promise a history.
#   asocial (social worker, manager tman) has AB123, chaired by cchair;
#   bsocial (social worker, no manager) has CD456, chaired by dchair.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
t_second_case
cpd --as cchair consult add AB123 --kind case-mapping --date 2027-05-03 \
    --decision "Map it" --took-part "Sol and Tia" --plan "Weekly visits" >/dev/null || fail "could not log a consultation"

# The screen with the id typed written as another, for comparing.
shot() { # FILE FROM TO
	t_screen | sed "s/$2/$3/g" >"$WORK/$1"
}
same_screens() { # WHAT A B
	cmp -s "$WORK/$2" "$WORK/$3" || {
		echo "FAIL: $1: the screens differ:"; diff "$WORK/$2" "$WORK/$3"; exit 1; }
}

# ---- the search: an unseen child is answered as a missing one ---------
t_start 100 30 --as asocial
t_wait "Ann Social (asocial)"
t_keys 3
t_wait "Your children (1)"
t_keys /
t_type "CD456"
t_wait "Children matching \"CD456\" (0)"
t_wait "No child matches"
shot unseen.txt CD456 ZZ999
t_keys C-u
t_type "ZZ999"
t_wait "Children matching \"ZZ999\" (0)"
t_wait "No child matches"
shot missing.txt ZZ999 ZZ999
same_screens "search for a child not seen and one not there" unseen.txt missing.txt
t_keys Escape q
t_wait "[exit 0]"
t_cleanup

# ---- the consultation form: the same for a child not seen --------------
t_start 100 30 --as cchair
t_wait "Carol Chair (cchair)"
t_keys 4
t_wait "Consultations you logged (1)"
t_keys a
t_wait "Log a consultation"
t_keys Enter
t_type "CD456"
t_wait "no child with this id"
shot form-unseen.txt CD456 ZZ999
t_keys C-u
t_type "ZZ999"
t_wait "no child with this id"
shot form-missing.txt ZZ999 ZZ999
same_screens "the consultation form's child" form-unseen.txt form-missing.txt
t_keys Escape
t_gone "Log a consultation"
t_keys q
t_wait "[exit 0]"
t_cleanup
cpd audit --child CD456 --tsv | grep -q "cchair" &&
    fail "a read of CD456 was recorded for cchair"

# ---- the history: the team manager's, not the social worker's ----------
t_start 100 30 --as tman
t_wait "Tom Manager (tman)"
t_keys 3
t_wait "Your children (0)"
t_keys /
t_type "AB123"
t_wait "Ada Brown"
t_keys Enter Enter
t_wait "Social worker Ann Social"
t_wait "Case, consultations and history (newest first)"
t_wait "consultation (case-mapping) with Carol Chair: Map it"
t_wait "child.add by"
t_wait "meeting.add by"
t_keys q
t_wait "[exit 0]"
t_cleanup

t_start 100 30 --as asocial
t_wait "Ann Social (asocial)"
t_keys 3
t_wait "Your children (1)"
t_keys Enter
t_wait "Social worker Ann Social"
t_wait "Case and consultations (newest first)"
t_wait "consultation (case-mapping) with Carol Chair: Map it"
t_screen | grep -q "consultations and history" &&
    fail "the social worker is promised a history"
t_screen | grep -q "\.add by" && fail "the social worker sees the audit trail"
t_keys q
t_wait "[exit 0]"
exit 0

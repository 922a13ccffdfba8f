#!/bin/sh
# console_edit.sh - issue 16, part 1 in the console (80x24):
#  - a team manager corrects a child from the Children view (e, shown in
#    the hint line): the form holds the record, checks the new social
#    worker and the household as they are typed, shows each change old ->
#    new and how many open tasks move; after y the record, the tasks and
#    the audit say so;
#  - the team manager is not offered w (worker edit): not in the help,
#    and the key says which role it needs;
#  - a QA administrator corrects a worker (w, the login typed): the
#    record fills in, a bad e-mail address is flagged as typed, the
#    confirmation lists manager and e-mail old -> new; after y the store
#    and the audit (worker.update, before and after) have them.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
cpd worker add tman2 --name "Tina Manager" --role team-manager \
    --manager sserv >/dev/null &&
cpd worker add csocial --name "Carl Social" --role social-worker \
    --manager tman >/dev/null &&
cpd family add BROWN --name "Brown household" >/dev/null 2>&1 ||
	fail "could not add the workers and the household"
SW_TASKS=$(cpd task list --user asocial --tsv | tail -n +2 | wc -l | tr -d ' ')
[ "$SW_TASKS" -gt 0 ] || fail "asocial has no open tasks"

# ---- a team manager corrects a child ---------------------------------------
t_start 80 24 --as tman
t_wait "Tom Manager (tman)"
t_keys 3
t_wait "No children are allocated to you"
t_keys /
t_type "AB123"
t_keys Enter
t_wait "AB123        Ada Brown"
t_wait "e edit"
t_keys e
t_wait "Correct Ada Brown (AB123)"
t_wait "asocial  Ann Social"
t_keys C-u
t_type "Ada Browne"
t_keys Down Down Down C-u
t_type "chair"
t_wait "no worker with this login"
t_keys C-u
t_type "cchair"
t_wait "Carol Chair: not a social worker"
t_keys C-u
t_type "csocial"
t_wait "Carl Social; $SW_TASKS open tasks move"
t_keys Down Right
t_wait "< hand-delivered >"
t_keys Down
t_type "BROWNE"
t_wait "no household with this id"
t_keys BSpace
t_wait "Brown household"
t_keys Enter
t_wait "Confirm: Correct Ada Brown (AB123)"
t_wait "Name: Ada Brown -> Ada Browne"
t_wait "Social worker: asocial -> csocial"
t_wait "Family reports: post -> hand-delivered"
t_wait "Household: (none) -> BROWN"
t_wait "$SW_TASKS open social-worker tasks move from asocial to csocial"
t_keys y
t_wait "Corrected Ada Brown's record; $SW_TASKS open tasks moved to csocial."
t_wait "AB123        Ada Browne"
cpd child show AB123 >"$WORK/show" || fail "child show"
grep -q "Child AB123: Ada Browne" "$WORK/show" || fail "the name is not written"
grep -q "Social worker:     csocial" "$WORK/show" || fail "the social worker is not written"
grep -q "Family:            BROWN" "$WORK/show" || fail "the household is not written"
grep -q "Reports to family: hand-delivered" "$WORK/show" || fail "the reports are not written"
[ "$(cpd task list --user asocial --tsv | tail -n +2 | wc -l | tr -d ' ')" = 0 ] ||
	fail "asocial still has open tasks"
[ "$(cpd task list --user csocial --tsv | tail -n +2 | wc -l | tr -d ' ')" = "$SW_TASKS" ] ||
	fail "csocial did not get the tasks"
cpd audit --child AB123 --tsv >"$WORK/audit" || fail "audit"
awk -F'\t' '$4 == "child.update" && $3 == "tman" && $7 ~ /name="Ada Brown"/ &&
    $8 ~ /name="Ada Browne"/ && $8 ~ /social-worker=csocial/' "$WORK/audit" |
    grep -q . || fail "no child.update with before and after by tman"

# w is not the team manager's: not in the help, and the key says why
t_keys '?'
t_wait "Help: every key"
t_keys NPage NPage
t_wait "Work (on the selected row)"
# down to the end of the Work keys (the Lists' keys come before them)
t_keys j j j j j j j j
t_wait "Correct the selected child's record"
t_screen | grep -A1 "Correct the selected child" | grep -q "Approve the request\|^ *$" || fail "the line after e is not in sight"
t_screen | grep -q "Correct a worker's record" && fail "w offered in the help"
t_keys q
t_wait "Children"
t_keys w
t_wait "needs the role qa-admin"
t_keys q
t_wait "[exit 0]"

# ---- a QA administrator corrects a worker -----------------------------------
t_start 80 24 --as qadmin
t_wait "Quinn Admin (qadmin)"
t_keys w
t_wait "Correct a worker's record"
t_wait "type the worker's login"
t_type "csocial"
t_wait "Carl Social"
t_wait "tman  Tom Manager"
t_keys Down Down Down Down C-u
t_type "tman2"
t_wait "tman2  Tina Manager"
t_keys Down
t_type "carl social@borough"
t_wait "not an e-mail address"
t_keys C-u
t_type "carl.social@borough.gov.uk"
t_gone "not an e-mail address"
t_keys Enter
t_wait "Confirm: Correct a worker's record"
t_wait "Correct the record of Carl Social (csocial):"
t_wait "Manager: tman -> tman2"
t_wait "E-mail: (none) -> carl.social@borough.gov.uk"
t_screen | grep -q "Name:" && fail "an unchanged field is listed"
t_keys y
t_wait "Corrected the record of Carl Social."
cpd worker list --tsv | grep -q "^csocial${T:=	}Carl Social${T}social-worker${T}${T}tman2${T}no\$" ||
	fail "the manager is not written"
cpd audit --tsv >"$WORK/audit2" || fail "audit"
awk -F'\t' '$4 == "worker.update" && $5 == "worker:csocial" && $3 == "qadmin" &&
    $7 ~ /manager=tman$/ && $8 ~ /manager=tman2 email=carl.social@borough.gov.uk/' \
    "$WORK/audit2" | grep -q . || fail "no worker.update with before and after"
t_keys q
t_wait "[exit 0]"

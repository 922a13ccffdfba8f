#!/bin/sh
# Issue 6 in the console: each role sees only the cases it reaches and is
# offered only the keys it may use; a key it may not use names the role
# needed and changes nothing.  Policy: generic.yaml's permissions.
# Roles: social worker, team and service manager, CP chair, QA admin,
# minute taker, director.
#   asocial (social worker, manager tman) has AB123, chaired by cchair;
#   bsocial (social worker, no manager) has CD456, chaired by dchair.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
t_second_case
audit_lines() { cpd audit --tsv | grep -vc "child.view"; }
before=$(audit_lines)

# ---- a social worker: their own child only; no scheduling keys ----------
t_start 100 30 --as asocial
t_wait "Ann Social (asocial)"
t_wait "d done"
t_screen | tail -1 | grep -q "m move" && fail "hints offer move to a social worker"
t_screen | tail -1 | grep -q "o outcome" && fail "hints offer outcome to a social worker"
t_keys m
t_wait "scheduling, moving or cancelling a meeting needs the role team-manager"
t_keys 2
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06 (1)"
t_screen | grep -q "Cy Dean" && fail "a social worker sees another worker's meeting"
t_keys /
t_type "Cy"
t_wait "No child matches"
t_keys C-u
t_type "Ada"
t_wait "Ada Brown"
t_keys q Escape q
t_wait "[exit 0]"
t_cleanup

# ---- the team manager: the team's case, and the scheduling keys --------
t_start 100 30 --as tman
t_wait "Tom Manager (tman)"
t_keys 2
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06 (1)"
t_wait "Ada Brown"
t_screen | grep -q "Cy Dean" && fail "tman sees a case outside the team"
t_wait "m move"
t_keys q
t_wait "[exit 0]"
t_cleanup

# ---- a chair: the meeting they chair; outcome offered; consultations ----
t_start 100 30 --as dchair
t_wait "Dan Chair (dchair)"
t_keys 2
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06 (1)"
t_wait "Cy Dean"
t_screen | grep -q "Ada Brown" && fail "dchair sees a meeting chaired by another"
t_wait "o outcome"
t_keys q
t_wait "[exit 0]"
t_cleanup

# ---- a QA administrator: every case, but no consultations -----------
t_start 100 30 --as qadmin
t_wait "Quinn Admin (qadmin)"
t_keys 2
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06 (2)"
t_keys 4
t_keys a
t_wait "logging a consultation needs the role cp-chair, iro"
t_keys q
t_wait "[exit 0]"
t_cleanup

# ---- a minute taker: outcome yes, move no -----------------------------
t_start 100 30 --as mminute
t_wait "Mo Minute (mminute)"
t_keys 2
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06 (2)"
t_wait "o outcome"
t_screen | tail -1 | grep -q "m move" && fail "hints offer move to a minute taker"
t_keys x
t_wait "scheduling, moving or cancelling a meeting needs the role"
t_keys q
t_wait "[exit 0]"

t_cleanup

# ---- the service manager: their line's case; a director: all, no keys ---
t_start 100 30 --as sserv
t_wait "Sam Service (sserv)"
t_keys 2
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06 (1)"
t_wait "Ada Brown"
t_keys q
t_wait "[exit 0]"
t_cleanup
cpd worker add ddir --name "Dee Director" --role director >/dev/null ||
    fail "could not add the director"
before=$(audit_lines)
t_start 100 30 --as ddir
t_wait "Dee Director (ddir)"
t_keys 2
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06 (2)"
for k in "r report" "m move" "x cancel" "o outcome"; do
	t_screen | tail -1 | grep -q "$k" && fail "hints offer '$k' to a director"
done
t_keys o
t_wait "recording a meeting's outcome needs the role cp-chair, iro, minute-taker, qa-admin, qa-manager; you"
t_keys q
t_wait "[exit 0]"

[ "$(audit_lines)" = "$before" ] || fail "a refused key wrote to the store"
exit 0

#!/bin/sh
# access.sh - issue 6: every role's allowed and refused actions in the
# commands, under policies/generic.yaml's permissions.  The store's
# creator (this user) sets up the borough, then acts --as each worker;
# every refusal is exit 1 with one line naming the role needed, and
# changes nothing (the audit trail does not grow); a case the worker may
# not see is answered as one that is not there (exit 2, issue 15).  As
# root, a real non-administrator (nobody) is refused --as unless the
# policy lets their role act for others.
#
#   sm1 service manager
#     tm1 team manager, North           tm2 team manager, South
#       sw1 social worker, North          sw2 social worker, South
#   chair1 CP chair   iro1 IRO   mt1 minute taker   qa1 QA admin
#   qam QA manager    dir1 director
#   C1 (sw1) has an ICPC chaired by chair1, clerked by mt1; C2 (sw2) an
#   ICPC chaired by chair1 and a CLA review chaired by iro1.
. "$TOP/tests/e2e/lib_access.sh"

# ---- the borough, set up by the store's creator ------------------------
ok init init --policy policies/generic.yaml
w sm1 "Sam Service" service-manager Safeguarding
w tm1 "Tara North" team-manager North sm1
w tm2 "Tom South" team-manager South
w sw1 "Sue Worker" social-worker North tm1
w sw2 "Sid Worker" social-worker South tm2
w chair1 "Cath Chair" cp-chair
w mt1 "Mo Minutes" minute-taker
w qa1 "Quin Admin" qa-admin
w qam "Queenie Manager" qa-manager
w iro1 "Ira Reviewer" iro
w dir1 "Dee Rector" director
ok c1 child add C1 --name "Child One" --social-worker sw1
ok c2 child add C2 --name "Child Two" --social-worker sw2
ok care2 care start C2 2025-03-10
ok m1 meeting add C1 icpc 2025-03-24 --time 10:00 --chair chair1 --minute-taker mt1
M1=$(cat "$WORK/m1.out")
ok m2 meeting add C2 icpc 2025-03-26 --time 10:00 --chair chair1 --minute-taker mt1
M2=$(cat "$WORK/m2.out")
ok m3 meeting add C2 cla-review 2025-04-07 --chair iro1 --minute-taker mt1
M3=$(cat "$WORK/m3.out")

# ---- seeing --------------------------------------------------------------
ok see-sw1 --as sw1 child show C1
gone see-sw1-c2 "child show: no child 'C2' in the store (cpdesk child list shows them)" --as sw1 child show C2
ok see-tm1 --as tm1 child show C1
gone see-tm1-c2 "child show: no child 'C2' in the store (cpdesk child list shows them)" --as tm1 child show C2
ok see-sm1 --as sm1 child show C1
ok see-chair --as chair1 child show C2
ok see-mt1 --as mt1 meeting show "$M1"
ok see-qa1 --as qa1 child show C2
ok see-iro1 --as iro1 meeting show "$M3"
gone see-iro1-m1 "meeting show: no meeting $M1 in the store" --as iro1 meeting show "$M1"
ok see-dir1 --as dir1 child show C1
ok see-sm1-list --as sm1 child list
has see-sm1-list C1
lacks see-sm1-list C2
ok list-sw1 --as sw1 child list
has list-sw1 C1
lacks list-sw1 C2
ok list-tm2 --as tm2 child list
has list-tm2 C2
lacks list-tm2 C1
ok tasks-sw1 --as sw1 task list --all --tsv
lacks tasks-sw1 "${T:-	}C2${T:-	}"
ok week-sw1 --as sw1 list week --date 2025-03-24 --format csv
has week-sw1 C1
lacks week-sw1 C2
ok week-qa1 --as qa1 list week --date 2025-03-24 --format csv
has week-qa1 C2

# ---- acting on cases ---------------------------------------------------
no sched-sw1 "scheduling, moving or cancelling a meeting needs the role team-manager, service-manager, cp-chair, iro, qa-admin, qa-manager, safeguarding-manager, qa-review-manager; you (sw1) hold social-worker" \
    --as sw1 meeting add C1 rcpc 2025-06-16 --chair chair1 --minute-taker mt1
gone sched-tm2 "no meeting $M1 in this store" \
    --as tm2 meeting move "$M1" 2025-03-25 --reason "room"
ok sched-tm1 --as tm1 meeting move "$M1" 2025-03-25 --reason "room booked"
no move-mt1 "scheduling, moving or cancelling a meeting needs the role" \
    --as mt1 meeting move "$M1" 2025-03-26 --reason "x"
ok move-chair --as chair1 meeting move "$M1" 2025-03-24 --reason "back again"
no child-chair "adding a child needs the role social-worker, team-manager" \
    --as chair1 child add C3 --name "Child Three" --social-worker sw1
no child-sw1-other "adding a child for this case needs one of" \
    --as sw1 child add C3 --name "Child Three" --social-worker sw2
ok child-sw1 --as sw1 child add C3 --name "Child Three" --social-worker sw1
no consult-sw1 "logging a strategy-consultation is for a cp-chair" \
    --as sw1 consult add C1 --kind strategy-consultation --date 2025-03-03
ok consult-chair --as chair1 consult add C1 --kind strategy-consultation --date 2025-03-03
gone report-sw2 "no meeting $M1 in this store" \
    --as sw2 report-received "$M1" Police --date 2025-03-03
ok report-sw1 --as sw1 report-received "$M1" Police --date 2025-03-03
TASK=$("$CPDESK" --db "$DB" --as sw1 task list --tsv | awk -F'\t' 'NR>1 {print $1; exit}')
gone done-sw2 "no task $TASK in this store" \
    --as sw2 task done "$TASK"
ok done-tm1 --as tm1 task done "$TASK" --note "done for Sue"
no sched-dir1 "scheduling, moving or cancelling a meeting needs the role team-manager, service-manager, cp-chair, iro, qa-admin, qa-manager, safeguarding-manager, qa-review-manager; you (dir1) hold director" \
    --as dir1 meeting move "$M2" 2025-03-27 --reason "x"
no done-dir1-none "recording a meeting's outcome needs the role" \
    --as dir1 meeting outcome "$M3" --decision "x" --plan n/a --no-next
ok move-iro1 --as iro1 meeting move "$M3" 2025-04-08 --reason "IRO on leave"
no move-iro1-m2 "for this case needs one of" \
    --as iro1 meeting move "$M2" 2025-03-27 --reason "x"
ok move-sm1 --as sm1 meeting move "$M1" 2025-03-25 --reason "room"
no outcome-sw1 "recording a meeting's outcome needs the role cp-chair, iro, minute-taker, qa-admin" \
    --as sw1 meeting outcome "$M2" --decision "x" --plan cp-plan --no-next

# ---- actions about no one case ---------------------------------------
no worker-sw1 "adding or changing staff needs the role qa-admin, qa-manager; you (sw1) hold social-worker" \
    --as sw1 worker add sw9 --name "New" --role social-worker
ok worker-qa1 --as qa1 worker add sw9 --name "Nina New" --role social-worker --team North --manager tm1
no policy-sw1 "switching the policy needs the role qa-manager; you (sw1) hold social-worker" \
    --as sw1 policy use policies/hounslow.yaml --reason "x"
no policy-qa1 "switching the policy needs the role qa-manager; you (qa1) hold qa-admin" \
    --as qa1 policy use policies/hounslow.yaml --reason "x"
ok policy-qam --as qam policy use policies/hounslow.yaml --reason "Hounslow procedure adopted"
printf 'record,login,name,roles,team,manager\nworker,sw8,Ed Eight,social-worker,North,tm1\n' >"$WORK/w.csv"
no import-tm1 "importing needs the role qa-admin, qa-manager; you (tm1) hold team-manager" \
    --as tm1 import "$WORK/w.csv"
ok import-qa1 --as qa1 import "$WORK/w.csv"
no audit-sw1 "reading the audit trail needs the role team-manager" --as sw1 audit
ok audit-qam --as qam audit --tsv
no backup-sw1 "backing up the store needs the role qa-manager" \
    --as sw1 backup "$WORK/bk1"
[ ! -e "$WORK/bk1" ] || { echo "FAIL backup-sw1 made a directory"; fail=1; }
ok backup-qam --as qam backup "$WORK/bk2"
no reassign-sw1 "reassigning work needs the role team-manager, service-manager, qa-manager" \
    --as sw1 reassign --from sw1 --to sw9 --reason "x"
no left-sw1 "reassigning work needs the role" --as sw1 worker left sw9 --reason "x"
ok reassign-tm1 --as tm1 reassign --from sw1 --to sw9 --child C3 --reason "caseload balancing"

# ---- the audit records the real user when acting for another --------
ok as-qa1 --as qa1 task list --user sw1
ok audit-reads --as qam audit --child C1 --tsv
has audit-reads "chair1"

# ---- --as from a real user who is not an administrator (root only) ---
if [ "$(id -u)" = 0 ]; then
	share_db
	ok w-nobody worker add nobody --name "No Body" --role social-worker --team North --manager tm1
	user_data policies/generic.yaml
	AS_USER=nobody
	run nb --as sw1 task list
	[ "$rc" = 1 ] || { echo "FAIL nobody --as: want exit 1"; cat "$WORK/nb.err"; fail=1; }
	grep -qF "acting for another worker (--as) needs the role qa-admin, qa-manager; you (nobody) hold social-worker" "$WORK/nb.err" ||
	    { echo "FAIL nobody --as message:"; cat "$WORK/nb.err"; fail=1; }
	run nb2 task list
	[ "$rc" = 0 ] || { echo "FAIL nobody's own queue:"; cat "$WORK/nb2.err"; fail=1; }
	run nb3 policy use "$WORK/userdata/generic.yaml" --reason x
	[ "$rc" = 1 ] || { echo "FAIL nobody policy use: want exit 1"; fail=1; }
	AS_USER=""
else
	echo "skip: --as from a non-administrator needs root to switch user"
fi

ok check check-store
exit $fail

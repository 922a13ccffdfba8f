#!/bin/sh
# unseen.sh - issue 15: what a worker may not see, they can neither act
# on nor find out about, in the commands (console_unseen.sh does the
# console).  Policy: generic.yaml.
#   - seeing before acting: a chair who does not see a child can neither
#     schedule a meeting for it, nor log a consultation, nor record a
#     report for its meeting (and so never becomes its chair that way);
#     once someone who sees the child makes them chair of one of its
#     meetings, they can;
#   - a child, meeting or task the actor may not see gets exactly the
#     answer one that is not there gets: the same exit code, the same
#     stdout and the same stderr (the id aside), and nothing is written;
#   - a worker marked as left is refused before any other check,
#     administrators included (root only: the store's creator is another
#     Unix user).
#
#   tm1 team manager, North; tm2 team manager, South
#   sw1 social worker (North, tm1) has C1; sw2 (South, tm2) has C2
#   chair1, chair2 CP chairs; mt1, mt2 minute takers; qa1 QA admin
#   M1: C1's ICPC, chair1 and mt1; M2: C2's ICPC, chair2 and mt2
. "$TOP/tests/e2e/lib_access.sh"

# same NAME UNSEEN MISSING 'ARGS' - run ARGS (a string for eval; @ID@
# stands for the id) once with an id the actor may not see and once with
# one that is not there: exit code, stdout and stderr must be the same
# but for the id, the exit code is want (default 2), and nothing is
# written.
same() {
	s=$1 unseen=$2 missing=$3 args=$4 want=${5:-2}
	before=$(audit_count)
	for which in unseen missing; do
		eval "id=\$$which"
		eval "set -- $(printf '%s' "$args" | sed "s/@ID@/$id/g")"
		run "$s.$which" "$@"
		eval "rc_$which=\$rc"
	done
	# the unseen run's text with its id written as the missing one
	for f in out err; do
		sed "s/\\b$unseen\\b/$missing/g" "$WORK/$s.unseen.$f" \
		    >"$WORK/$s.unseen.$f.as"
		cmp -s "$WORK/$s.unseen.$f.as" "$WORK/$s.missing.$f" || {
			echo "FAIL $s: std$f differs for an unseen $unseen and a missing $missing:"
			diff "$WORK/$s.unseen.$f.as" "$WORK/$s.missing.$f"; fail=1; }
	done
	[ "$rc_unseen" = "$rc_missing" ] ||
	    { echo "FAIL $s: exit $rc_unseen for unseen, $rc_missing for missing"; fail=1; }
	[ "$rc_missing" = "$want" ] ||
	    { echo "FAIL $s: exit $rc_missing, want $want"; cat "$WORK/$s.missing.err"; fail=1; }
	[ "$(audit_count)" = "$before" ] ||
	    { echo "FAIL $s: a refusal wrote to the store"; fail=1; }
}

# ---- the borough ------------------------------------------------------
ok init init --policy policies/generic.yaml
cat >"$WORK/borough.csv" <<'CSV'
record,login,name,roles,team,manager,id,social_worker
worker,tm1,Tara North,team-manager,North,,,
worker,tm2,Tom South,team-manager,South,,,
worker,sw1,Sue Worker,social-worker,North,tm1,,
worker,sw2,Sid Worker,social-worker,South,tm2,,
worker,chair1,Cath Chair,cp-chair,,,,
worker,chair2,Cal Chair,cp-chair,,,,
worker,mt1,Mo Minutes,minute-taker,,,,
worker,mt2,Max Minutes,minute-taker,,,,
worker,qa1,Quin Admin,qa-admin,,,,
child,,Child One,,,,C1,sw1
child,,Child Two,,,,C2,sw2
CSV
ok borough import "$WORK/borough.csv"
ok m1 meeting add C1 icpc 2025-03-24 --time 10:00 --chair chair1 --minute-taker mt1
M1=$(cat "$WORK/m1.out")
ok m2 meeting add C2 icpc 2025-03-26 --time 10:00 --chair chair2 --minute-taker mt2
M2=$(cat "$WORK/m2.out")
NOM=99999   # no such meeting, nor task
T2=$("$CPDESK" --db "$DB" --as sw2 task list --tsv | awk -F'\t' 'NR>1 {print $1; exit}')
[ -n "$T2" ] || { echo "FAIL: no task of C2's to try"; fail=1; }

# ---- a child, meeting or task not seen: answered as one not there ------
same show-child C2 C99 '--as sw1 child show @ID@'
grep -qxF "cpdesk: child show: no child 'C99' in the store (cpdesk child list shows them)" \
    "$WORK/show-child.missing.err" || { echo "FAIL show-child message"; cat "$WORK/show-child.missing.err"; fail=1; }
same show-child-tm C2 C99 '--as tm1 child show @ID@'
same show-meeting "$M2" "$NOM" '--as sw1 meeting show @ID@'
grep -qxF "cpdesk: meeting show: no meeting $NOM in the store" \
    "$WORK/show-meeting.missing.err" || { echo "FAIL show-meeting message"; cat "$WORK/show-meeting.missing.err"; fail=1; }
same show-meeting-chair "$M2" "$NOM" '--as chair1 meeting show @ID@'
same chaser "$M2" "$NOM" '--as sw1 mail chaser --meeting @ID@ --domain example.org'
same move "$M2" "$NOM" '--as tm1 meeting move @ID@ 2025-03-27 --reason "room"'
same cancel "$M2" "$NOM" '--as tm1 meeting cancel @ID@ --reason "no longer needed"'
same outcome "$M2" "$NOM" '--as chair1 meeting outcome @ID@ --decision x --plan cp-plan --no-next'
same report "$M2" "$NOM" '--as mt1 report-received @ID@ Police --date 2025-03-03'
same done "$T2" "$NOM" '--as sw1 task done @ID@'
same consult C2 C99 '--as chair1 consult add @ID@ --kind strategy-consultation --date 2025-03-03'
same schedule C2 C99 '--as chair1 meeting add @ID@ rcpc 2025-06-16 --chair chair1 --minute-taker mt1'
same reassign C2 C99 '--as tm1 reassign --from sw1 --to sw2 --child @ID@ --reason x'
# listings name no child the actor may not see, and show the same (none)
same consults C2 C99 '--as tm1 consult list --child @ID@' 0
same audit C2 C99 '--as tm1 audit --child @ID@ --tsv' 0

# A role that does not allow the action is told so whatever the id:
# the role is checked before the record is looked up.
same sched-role C2 C99 '--as sw1 meeting add @ID@ rcpc 2025-06-16 --chair chair1' 1
grep -qF "scheduling, moving or cancelling a meeting needs the role" \
    "$WORK/sched-role.missing.err" || { echo "FAIL sched-role message"; fail=1; }
same move-role "$M1" "$NOM" '--as sw1 meeting move @ID@ 2025-03-27 --reason x' 1

# ---- seeing before acting: a chair and a child they do not see --------
run chair-list --as chair1 child list --tsv
grep -q "^C2" "$WORK/chair-list.out" && { echo "FAIL chair1 lists C2 before"; fail=1; }
# refused above (same schedule / consult / report): still not seen
run chair-still --as chair1 child show C2
[ "$rc" = 2 ] || { echo "FAIL chair1 sees C2 after the refusals: exit $rc"; fail=1; }
# a QA administrator, who sees every case, makes chair1 chair of a
# strategy meeting for C2; from then on chair1 sees C2 and may act
ok qa-schedules --as qa1 meeting add C2 strategy 2025-03-10 --chair chair1 --minute-taker mt1
M3=$(cat "$WORK/qa-schedules.out")
ok chair-sees --as chair1 child show C2
ok chair-schedules --as chair1 meeting add C2 rcpc 2025-06-16 --chair chair1 --minute-taker mt1
ok chair-consults --as chair1 consult add C2 --kind strategy-consultation --date 2025-03-03
ok mt1-reports --as mt1 report-received "$M3" Police --date 2025-03-03
# chair1 sees C2 through their own meetings: M2 is chair2's, and saying
# so tells chair1 nothing new (not "no meeting")
no chair-m2 "meeting $M2 (child C2) is not among the cases you see" \
    --as chair1 meeting show "$M2"

# ---- a worker marked as left is refused first, administrators too ------
if [ "$(id -u)" = 0 ]; then
	# the store's creator (an administrator) is nobody, who then leaves
	user_data policies/generic.yaml
	mkdir "$WORK/nbstore" && chown nobody "$WORK/nbstore" &&
	    chmod 700 "$WORK/nbstore" || { echo "FAIL: nobody's store"; exit 1; }
	DB="$WORK/nbstore" AS_USER=nobody
	ok nb-init init --policy "$WORK/userdata/generic.yaml"
	w nobody "No Body" qa-manager
	w qa9 "Quin Nine" qa-admin
	ok nb-as --as qa9 task list
	ok nb-left worker left nobody --reason "Left the borough"
	left="'nobody' has left (marked in the store): ask your QA administrator if that is wrong"
	no nb-own "$left" task list
	no nb-as-qa9 "$left" --as qa9 task list
	no nb-as-add "$left" --as qa9 worker add x1 --name X --role social-worker
	no nb-add "$left" worker add x2 --name X --role social-worker
	no nb-as-new "$left" --as ghost worker add x3 --name X --role qa-admin
	AS_USER=""
	# a store of one's own opens only for its owner: root takes it over
	# to look
	chown -R root "$WORK/nbstore"
	run nb-list worker list --tsv
	grep -q "^x[123]" "$WORK/nb-list.out" && { echo "FAIL a left administrator added a worker"; fail=1; }
	grep -q "^nobody.*yes$" "$WORK/nb-list.out" || { echo "FAIL root does not see nobody as left"; cat "$WORK/nb-list.out"; fail=1; }
	DB="$WORK/store"
else
	echo "skip: a left administrator needs root to switch user"
fi

ok check check-store
exit $fail

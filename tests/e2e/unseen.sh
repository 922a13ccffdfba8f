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
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
fail=0
DB="$WORK/store"

run() { # NAME ARGS...
	name=$1; shift
	"$CPDESK" --db "$DB" --today 2025-03-03 "$@" >"$WORK/$name.out" \
	    2>"$WORK/$name.err" </dev/null
	rc=$?
}
audit_count() {
	"$CPDESK" --db "$DB" audit --tsv 2>/dev/null | grep -vc "child.view"
}
ok() { # NAME ARGS...: must succeed
	name=$1
	run "$@"
	[ "$rc" = 0 ] || { echo "FAIL $name: exit $rc, want 0"; cat "$WORK/$name.err"; fail=1; }
}
no() { # NAME SUBSTRING ARGS...: refused (exit 1), nothing written
	name=$1; want=$2; shift 2
	before=$(audit_count)
	run "$name" "$@"
	[ "$rc" = 1 ] || { echo "FAIL $name: exit $rc, want 1"; cat "$WORK/$name.err"; fail=1; }
	grep -qF -- "$want" "$WORK/$name.err" ||
	    { echo "FAIL $name: stderr lacks '$want':"; cat "$WORK/$name.err"; fail=1; }
	[ "$(audit_count)" = "$before" ] ||
	    { echo "FAIL $name: a refusal wrote to the store"; fail=1; }
}

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
w() { ok "w-$1" worker add "$1" --name "$2" --role "$3" ${4:+--team "$4"} ${5:+--manager "$5"}; }
w tm1 "Tara North" team-manager North
w tm2 "Tom South" team-manager South
w sw1 "Sue Worker" social-worker North tm1
w sw2 "Sid Worker" social-worker South tm2
w chair1 "Cath Chair" cp-chair
w chair2 "Cal Chair" cp-chair
w mt1 "Mo Minutes" minute-taker
w mt2 "Max Minutes" minute-taker
w qa1 "Quin Admin" qa-admin
ok c1 child add C1 --name "Child One" --social-worker sw1
ok c2 child add C2 --name "Child Two" --social-worker sw2
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
same cancel "$M2" "$NOM" '--as tm1 meeting cancel @ID@ --reason "no longer needed" --approved-by tm1'
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
	chmod o+x "$WORK"
	mkdir -p "$WORK/nbdata" "$WORK/nbstore" &&
	    cp data/bank-holidays.json policies/generic.yaml "$WORK/nbdata/" &&
	    chmod -R o+rX "$WORK/nbdata" && chown nobody "$WORK/nbstore" &&
	    chmod 700 "$WORK/nbstore" ||
	    { echo "FAIL: cannot set up nobody's store"; exit 1; }
	nb() { # NAME ARGS...: as nobody
		name=$1; shift
		env CPDESK_DATADIR="$WORK/nbdata" setpriv --reuid=nobody \
		    --regid=nogroup --clear-groups "$CPDESK" --db "$WORK/nbstore" \
		    --today 2025-03-03 "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null
		rc=$?
	}
	nb nb-init init --policy "$WORK/nbdata/generic.yaml"
	nb nb-self worker add nobody --name "No Body" --role qa-manager
	nb nb-qa9 worker add qa9 --name "Quin Nine" --role qa-admin
	nb nb-as --as qa9 task list
	[ "$rc" = 0 ] || { echo "FAIL nobody --as qa9 before leaving: exit $rc"; cat "$WORK/nb-as.err"; fail=1; }
	nb nb-left worker left nobody --reason "Left the borough"
	[ "$rc" = 0 ] || { echo "FAIL nobody marks themselves left: exit $rc"; cat "$WORK/nb-left.err"; fail=1; }
	for c in "task list" "--as qa9 task list" "--as qa9 worker add x1 --name X --role social-worker" \
	    "worker add x2 --name X --role social-worker" "--as ghost worker add x3 --name X --role qa-admin"; do
		# shellcheck disable=SC2086
		nb nb-refused $c
		[ "$rc" = 1 ] || { echo "FAIL left administrator '$c': exit $rc, want 1"; cat "$WORK/nb-refused.err"; fail=1; }
		grep -qxF "cpdesk: 'nobody' has left (marked in the store): ask your QA administrator if that is wrong" \
		    "$WORK/nb-refused.err" || { echo "FAIL left administrator '$c':"; cat "$WORK/nb-refused.err"; fail=1; }
	done
	"$CPDESK" --db "$WORK/nbstore" worker list --tsv >"$WORK/nb-list.out" 2>&1
	grep -q "^x[123]" "$WORK/nb-list.out" && { echo "FAIL a left administrator added a worker"; fail=1; }
	grep -q "^nobody.*yes$" "$WORK/nb-list.out" || { echo "FAIL root does not see nobody as left"; cat "$WORK/nb-list.out"; fail=1; }
else
	echo "skip: a left administrator needs root to switch user"
fi

ok check check-store
exit $fail

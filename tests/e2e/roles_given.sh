#!/bin/sh
# roles_given.sh - issue 15: who may make or change a worker, and which
# roles they may give, come from the policy's permissions (give:); and
# whatever the policy says, nobody gives a role -- nor acts --as a
# worker -- that does more than their own roles do.  What a worker does
# for another is set down under their own name: the audit and `policy
# show` name the real person.  Policy: generic.yaml, where a QA
# administrator gives social workers, minute takers and QA
# administrators, and a QA manager every role.
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
no() { # NAME MESSAGE ARGS...: refused (exit 1) with exactly this line, nothing written
	name=$1; want=$2; shift 2
	before=$(audit_count)
	run "$name" "$@"
	[ "$rc" = 1 ] || { echo "FAIL $name: exit $rc, want 1"; cat "$WORK/$name.err"; fail=1; }
	[ "$(cat "$WORK/$name.err")" = "cpdesk: $want" ] ||
	    { echo "FAIL $name: want 'cpdesk: $want', got:"; cat "$WORK/$name.err"; fail=1; }
	[ "$(audit_count)" = "$before" ] ||
	    { echo "FAIL $name: a refusal wrote to the store"; fail=1; }
}

ok init init --policy policies/generic.yaml
ok w-qa1 worker add qa1 --name "Quin Admin" --role qa-admin
ok w-qam worker add qam --name "Queenie Manager" --role qa-manager
ok w-tm1 worker add tm1 --name "Tara North" --role team-manager --team North

# ---- a QA administrator gives what give: lets them, and no more ---------
ok give-sw --as qa1 worker add sw1 --name "Sue Worker" --role social-worker --team North --manager tm1
ok give-two --as qa1 worker add mt1 --name "Mo Minutes" --role minute-taker,qa-admin
no give-qam "giving the role qa-manager needs the role qa-manager (the policy's permissions: give:); you (qa1) hold qa-admin" \
    --as qa1 worker add qm2 --name "Quill Manager" --role qa-manager
no give-tm "giving the role team-manager needs the role qa-manager (the policy's permissions: give:); you (qa1) hold qa-admin" \
    --as qa1 worker add tm2 --name "Tom South" --role team-manager
no give-mixed "giving the role cp-chair needs the role qa-manager (the policy's permissions: give:); you (qa1) hold qa-admin" \
    --as qa1 worker add ch1 --name "Cath Chair" --role social-worker,cp-chair
# a team manager may not add staff at all
no give-tm1 "adding or changing staff needs the role qa-admin, qa-manager; you (tm1) hold team-manager" \
    --as tm1 worker add sw2 --name "Sid Worker" --role social-worker

# ---- a QA manager gives every role ----------------------------------------
ok give-qam --as qam worker add qm2 --name "Quill Manager" --role qa-manager
ok give-chair --as qam worker add ch1 --name "Cath Chair" --role cp-chair
ok give-dir --as qam worker add dir1 --name "Dee Rector" --role director
run list worker list --tsv
for l in sw1 mt1 qm2 ch1 dir1; do
	grep -q "^$l	" "$WORK/list.out" || { echo "FAIL $l was not added"; fail=1; }
done

# ---- --as a real worker, not an administrator (root only) ----------------
if [ "$(id -u)" = 0 ]; then
	chgrp -R nogroup "$DB"
	chmod o+x "$WORK"
	mkdir -p "$WORK/nbdata" &&
	    cp data/bank-holidays.json policies/generic.yaml policies/hounslow.yaml "$WORK/nbdata/" &&
	    chmod -R o+rX "$WORK/nbdata" || { echo "FAIL: nobody's data"; exit 1; }
	nb() { # NAME ARGS...: as the Unix user nobody
		name=$1; shift
		env CPDESK_DATADIR="$WORK/nbdata" setpriv --reuid=nobody \
		    --regid=nogroup --clear-groups "$CPDESK" --db "$DB" \
		    --today 2025-03-03 "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null
		rc=$?
	}
	nbno() { # NAME MESSAGE ARGS...
		name=$1; want=$2; shift 2
		before=$(audit_count)
		nb "$name" "$@"
		[ "$rc" = 1 ] || { echo "FAIL $name: exit $rc, want 1"; cat "$WORK/$name.err"; fail=1; }
		[ "$(cat "$WORK/$name.err")" = "cpdesk: $want" ] ||
		    { echo "FAIL $name: want 'cpdesk: $want', got:"; cat "$WORK/$name.err"; fail=1; }
		[ "$(audit_count)" = "$before" ] ||
		    { echo "FAIL $name: a refusal wrote to the store"; fail=1; }
	}
	# nobody is a QA administrator: the hole was to add a QA manager,
	# then act as them
	ok w-nobody worker add nobody --name "No Body" --role qa-admin
	nbno nb-give "giving the role qa-manager needs the role qa-manager (the policy's permissions: give:); you (nobody) hold qa-admin" \
	    worker add qm9 --name "Quick Manager" --role qa-manager
	# the refused login is not there to act as
	nb nb-as-invented --as qm9 task list
	[ "$rc" = 1 ] && grep -qF "no worker 'qm9' in the store" "$WORK/nb-as-invented.err" ||
	    { echo "FAIL nobody --as the refused qm9: exit $rc"; cat "$WORK/nb-as-invented.err"; fail=1; }
	nbno nb-as-qam "acting for qam (--as) is refused: qa-manager may take an action you (nobody) may not: switching the policy (switch-policy); nobody acts with more rights than their own" \
	    --as qam policy use "$WORK/nbdata/hounslow.yaml" --reason "Hounslow"
	nbno nb-as-qam-add "acting for qam (--as) is refused: qa-manager may take an action you (nobody) may not: switching the policy (switch-policy); nobody acts with more rights than their own" \
	    --as qam worker add qm9 --name "Quick Manager" --role qa-manager
	nbno nb-as-tm1 "acting for tm1 (--as) is refused: team-manager may take an action you (nobody) may not: reassigning work (reassign); nobody acts with more rights than their own" \
	    --as tm1 task list
	nb nb-as-sw1 --as sw1 task list
	[ "$rc" = 0 ] || { echo "FAIL nobody --as sw1: exit $rc"; cat "$WORK/nb-as-sw1.err"; fail=1; }
	# a QA administrator may not change a QA manager's record either:
	# import is worker add, whose roles they could not give
	printf 'record,login,name,roles\nworker,qm8,Quincy Eight,qa-manager\n' >"$WORK/nbdata/w.csv"
	chmod o+r "$WORK/nbdata/w.csv"
	nb nb-import import "$WORK/nbdata/w.csv"
	[ "$rc" != 0 ] && grep -qF "giving the role qa-manager needs the role qa-manager" "$WORK/nb-import.err" ||
	    { echo "FAIL nobody imports a QA manager: exit $rc"; cat "$WORK/nb-import.err"; fail=1; }

	# daemon is a QA manager: they may act for qm2, another, and what
	# they do is theirs -- in the audit and in policy show (the hole:
	# policy show named the --as login)
	ok w-daemon worker add daemon --name "Dae Mon" --role qa-manager
	dm() { # NAME ARGS...: as the Unix user daemon
		name=$1; shift
		env CPDESK_DATADIR="$WORK/nbdata" setpriv --reuid=daemon \
		    --regid=nogroup --clear-groups "$CPDESK" --db "$DB" \
		    --today 2025-03-03 "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null
		rc=$?
	}
	dm dm-use --as qm2 policy use "$WORK/nbdata/hounslow.yaml" --reason "Hounslow procedure"
	[ "$rc" = 0 ] || { echo "FAIL daemon --as qm2 policy use: exit $rc"; cat "$WORK/dm-use.err"; fail=1; }
	run show policy show
	grep -q "^set: .* by daemon$" "$WORK/show.out" ||
	    { echo "FAIL policy show does not name daemon:"; cat "$WORK/show.out"; fail=1; }
	run audit-use audit --tsv
	grep "policy.use" "$WORK/audit-use.out" | grep -v "policy.use.tasks" | grep -q "	daemon	" ||
	    { echo "FAIL the audit does not name daemon for policy.use:"; grep "policy.use" "$WORK/audit-use.out"; fail=1; }
	grep "policy.use" "$WORK/audit-use.out" | grep -q "	qm2	" &&
	    { echo "FAIL the audit names qm2 for what daemon did"; fail=1; }
	dm dm-add --as qm2 worker add qm7 --name "Quentin Seven" --role qa-manager
	[ "$rc" = 0 ] || { echo "FAIL daemon --as qm2 worker add: exit $rc"; cat "$WORK/dm-add.err"; fail=1; }
	run audit-add audit --tsv
	grep "worker.add	worker:qm7" "$WORK/audit-add.out" | grep -q "	daemon	" ||
	    { echo "FAIL the audit does not name daemon for worker.add:"; grep "qm7" "$WORK/audit-add.out"; fail=1; }
else
	echo "skip: --as from a real worker needs root to switch user"
fi

ok check check-store
exit $fail

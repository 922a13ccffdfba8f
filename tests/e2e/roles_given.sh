#!/bin/sh
# roles_given.sh - issue 15: who may make or change a worker, and which
# roles they may give, come from the policy's permissions (give:); and
# whatever the policy says, nobody gives a role -- nor acts --as a
# worker -- that does more than their own roles do.  What a worker does
# for another is set down under their own name: the audit and `policy
# show` name the real person.  Policy: generic.yaml, where a QA
# administrator gives social workers, minute takers and QA
# administrators, and a QA manager every role.
. "$TOP/tests/e2e/lib_access.sh"

ok init init --policy policies/generic.yaml
w qa1 "Quin Admin" qa-admin
w qam "Queenie Manager" qa-manager
w tm1 "Tara North" team-manager North

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
# the roles of 001's Safeguarding Service Manager and 004's QA & Review SM
ok give-sg --as qam worker add sg1 --name "Sian Guard" --role safeguarding-manager
ok give-qr --as qam worker add qr1 --name "Rory Review" --role qa-review-manager
no give-sg-qa1 "giving the role safeguarding-manager needs the role qa-manager (the policy's permissions: give:); you (qa1) hold qa-admin" \
    --as qa1 worker add sg2 --name "Sal Guard" --role safeguarding-manager
run list worker list --tsv
grep -q "^sg1	Sian Guard	safeguarding-manager	" "$WORK/list.out" ||
	{ echo "FAIL sg1's role is not listed"; cat "$WORK/list.out"; fail=1; }
grep -q "^qr1	Rory Review	qa-review-manager	" "$WORK/list.out" ||
	{ echo "FAIL qr1's role is not listed"; cat "$WORK/list.out"; fail=1; }
for l in sw1 mt1 qm2 ch1 dir1 sg1 qr1; do
	grep -q "^$l	" "$WORK/list.out" || { echo "FAIL $l was not added"; fail=1; }
done

# ---- --as a real worker, not an administrator (root only) ----------------
if [ "$(id -u)" = 0 ]; then
	share_db
	user_data policies/generic.yaml policies/hounslow.yaml
	# nobody is a QA administrator: the hole was to add a QA manager,
	# then act as them
	w nobody "No Body" qa-admin
	AS_USER=nobody
	no nb-give "giving the role qa-manager needs the role qa-manager (the policy's permissions: give:); you (nobody) hold qa-admin" \
	    worker add qm9 --name "Quick Manager" --role qa-manager
	# the refused login is not there to act as
	no nb-as-invented "no worker 'qm9' in the store" --as qm9 task list
	asqam="acting for qam (--as) is refused: qa-manager may take an action you (nobody) may not: switching the policy (switch-policy); nobody acts with more rights than their own"
	no nb-as-qam "$asqam" --as qam policy use "$WORK/userdata/hounslow.yaml" --reason "Hounslow"
	no nb-as-qam-add "$asqam" --as qam worker add qm9 --name "Quick Manager" --role qa-manager
	no nb-as-tm1 "acting for tm1 (--as) is refused: team-manager may take an action you (nobody) may not: reassigning work (reassign); nobody acts with more rights than their own" \
	    --as tm1 task list
	ok nb-as-sw1 --as sw1 task list
	# import adds workers as worker add does
	printf 'record,login,name,roles\nworker,qm8,Quincy Eight,qa-manager\n' >"$WORK/userdata/w.csv"
	chmod o+r "$WORK/userdata/w.csv"
	run nb-import import "$WORK/userdata/w.csv"
	[ "$rc" != 0 ] && grep -qF "giving the role qa-manager needs the role qa-manager" "$WORK/nb-import.err" ||
	    { echo "FAIL nobody imports a QA manager: exit $rc"; cat "$WORK/nb-import.err"; fail=1; }

	# daemon is a QA manager: they may act for qm2, another, and what
	# they do is theirs -- in the audit and in policy show (the hole:
	# policy show named the --as login)
	AS_USER=""
	w daemon "Dae Mon" qa-manager
	AS_USER=daemon
	ok dm-use --as qm2 policy use "$WORK/userdata/hounslow.yaml" --reason "Hounslow procedure"
	ok dm-add --as qm2 worker add qm7 --name "Quentin Seven" --role qa-manager
	AS_USER=""
	run show policy show
	grep -q "^set: .* by daemon$" "$WORK/show.out" ||
	    { echo "FAIL policy show does not name daemon:"; cat "$WORK/show.out"; fail=1; }
	run audit audit --tsv
	for what in "policy.use	policy" "worker.add	worker:qm7"; do
		grep -F "$what" "$WORK/audit.out" | grep -q "	daemon	" ||
		    { echo "FAIL the audit does not name daemon for $what:"; grep -F "$what" "$WORK/audit.out"; fail=1; }
		grep -F "$what" "$WORK/audit.out" | grep -q "	qm2	" &&
		    { echo "FAIL the audit names qm2 for what daemon did ($what)"; fail=1; }
	done
else
	echo "skip: --as from a real worker needs root to switch user"
fi

ok check check-store
exit $fail

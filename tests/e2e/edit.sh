#!/bin/sh
# edit.sh - issue 16, part 1: corrections, audited, on the command line.
#  - a typo'd manager (worker add ... --manager tjonse) is refused; the
#    worker added without one makes Swindon's ICPC (a team manager's
#    step) refused until worker edit sets the manager, then accepted;
#  - worker edit changes each field given (name, roles, team, manager,
#    e-mail), nothing else, audited as worker.update before and after;
#    the value it has already writes nothing;
#  - refusals: nothing to change, both --manager and --no-manager, no
#    such worker, a bad e-mail, oneself as manager (exit 2); a manager
#    not a worker, in a circle, a role the work still needs, no right to
#    manage workers (exit 1);
#  - child edit changes name, date of birth, how the family gets
#    reports, household, audited as child.update before and after; a new
#    social worker takes the old one's open social-worker tasks (each
#    task.reassign) and nobody else's;
#  - a child the actor may not see is answered as one not there; a
#    social worker may correct their own child but not move it;
#  - an unborn child (--expected-birth) is born with --dob;
#  - family add / list / show: a household's children the actor may not
#    see are neither named nor counted; the show is on the record;
#  - check-store passes.
TODAY=2027-04-20
. "$TOP/tests/e2e/lib_cli.sh"
# The newest audit entry ACTION on OBJECT: its before (field 7) and after
# (field 8) in $WORK/before and $WORK/after.
entry() {
	"$CPDESK" --db "$DB" audit --tsv |
	    awk -F"$T" -v a="$1" -v o="$2" '$4 == a && $5 == o' | tail -1 \
	    >"$WORK/entry"
	cut -f7 "$WORK/entry" >"$WORK/before"
	cut -f8 "$WORK/entry" >"$WORK/after"
	[ -s "$WORK/entry" ] || { echo "FAIL no $1 entry for $2"; fail=1; }
}
before_has() { grep -qF -- "$1" "$WORK/before" ||
	{ echo "FAIL before lacks '$1':"; cat "$WORK/before"; fail=1; }; }
after_has() { grep -qF -- "$1" "$WORK/after" ||
	{ echo "FAIL after lacks '$1':"; cat "$WORK/after"; fail=1; }; }
entries() { # ACTION: how many audit entries
	"$CPDESK" --db "$DB" audit --tsv | awk -F"$T" -v a="$1" '$4 == a' |
	    wc -l | tr -d ' '
}
# open tasks (task list --all --tsv) assigned to LOGIN
open_of() {
	"$CPDESK" --db "$DB" --today 2027-04-20 task list --all --tsv |
	    awk -F"$T" -v w="$1" 'NR > 1 && $9 == w' | wc -l | tr -d ' '
}
consistent() { # WHEN
	run ck check-store
	[ "$rc" = 0 ] || { echo "FAIL check-store after $1:"; cat "$WORK/ck.err"; fail=1; }
}

# ---- a borough, the manager typo'd ---------------------------------------------
run init init --policy policies/swindon.yaml; expect init 0
run sm1 worker add sm1 --name "Sam Manager" --role service-manager --team North
expect sm1 0
run tj worker add tjones --name "Terry Jones" --role team-manager \
    --team North --manager sm1
expect tj 0
run typo worker add sw1 --name "Sol Worker" --role social-worker \
    --team North --manager tjonse
expect typo 1 "manager 'tjonse' is not a worker in this store"
run sw1 worker add sw1 --name "Sol Worker" --role social-worker --team North
expect sw1 0
for w in "tm2|Tia Lead|team-manager|sm1" "sw2|Sue Worker|social-worker|tjones" \
         "sw3|Sid Worker|social-worker|tm2" "chair1|Cara Chair|cp-chair|sm1" \
         "mt1|Mo Minutes|minute-taker|" "qa1|Quin Admin|qa-admin,qa-manager|"; do
	IFS='|' read -r l n r m <<EOW
$w
EOW
	run "w_$l" worker add "$l" --name "$n" --role "$r" ${m:+--manager "$m"} \
	    --team North
	expect "w_$l" 0
done
run c1 child add C1 --name "Ava Child" --social-worker sw1 --dob 2019-03-02
expect c1 0
run c2 child add C2 --name "Ben Child" --social-worker sw3; expect c2 0
ICPC="icpc 2027-05-12 --time 10:00 --chair chair1 --minute-taker mt1 --anchor s47-start=2027-04-26"
# shellcheck disable=SC2086
run icpc1 meeting add C1 $ICPC
expect icpc1 1 "social worker 'sw1' has no manager recorded"
run fix1 worker edit sw1 --manager tjonse
expect fix1 1 "manager 'tjonse' is not a worker in this store"
run fix2 worker edit sw1 --manager tjones
expect fix2 0 "changed worker sw1: manager"
entry worker.update worker:sw1
before_has 'manager=""'; after_has "manager=tjones"
# shellcheck disable=SC2086
run icpc2 meeting add C1 $ICPC; expect icpc2 0
M1=$(cat "$WORK/icpc2.out")
run tl task list --all --tsv; expect tl 0
check "the ICPC's team-manager step is Terry's" \
    grep -q "${T}team-manager${T}tjones${T}" "$WORK/tl.out"
consistent "the ICPC"

# ---- worker edit: each field -----------------------------------------------------
run we1 worker edit sw2 --name "Sue Worker-Smith" --team South \
    --email sue.smith@borough.gov.uk
expect we1 0 "changed worker sw2: name, team, e-mail address"
entry worker.update worker:sw2
before_has 'name="Sue Worker" roles=social-worker team=North manager=tjones'
after_has 'name="Sue Worker-Smith" roles=social-worker team=South manager=tjones email=sue.smith@borough.gov.uk'
run we2 worker edit sw2 --role social-worker,minute-taker; expect we2 0
entry worker.update worker:sw2
after_has "roles=social-worker,minute-taker"
run we3 worker edit sw2 --no-manager --email ""; expect we3 0
entry worker.update worker:sw2
before_has "manager=tjones email=sue.smith"; after_has 'manager=""'
check "e-mail cleared" test -z "$(grep email= "$WORK/after")"
run we4 worker edit sw2 --manager tjones; expect we4 0
run we5 worker edit sw2 --manager ""; expect we5 0
run wl worker list --tsv; expect wl 0
check "sw2's record" grep -q "^sw2${T}Sue Worker-Smith${T}social-worker,minute-taker${T}South${T}${T}no\$" "$WORK/wl.out"
run we6 worker edit sw2 --manager tjones --team North --role social-worker
expect we6 0
N=$(entries worker.update)
run same worker edit sw2 --team North; expect same 0 "nothing written"
check "the same value writes nothing" test "$(entries worker.update)" = "$N"

# ---- worker edit: refusals ----------------------------------------------------------
run wr_none worker edit sw2;                     expect wr_none 2 "nothing to change"
run wr_both worker edit sw2 --manager tjones --no-manager
expect wr_both 2 "not both"
run wr_ghost worker edit ghost --name X;          expect wr_ghost 2 "no worker 'ghost'"
run wr_mail worker edit sw2 --email "sue at home"; expect wr_mail 2 "not an e-mail address"
run wr_mail2 worker add sw9 --name X --role iro --email "a@b@c"
expect wr_mail2 2 "not an e-mail address"
run wr_self worker edit sw2 --manager sw2;        expect wr_self 2 "own manager"
run wr_name worker edit sw2 --name "";            expect wr_name 2 "needs a name"
run wr_circle worker edit sm1 --manager sw1;      expect wr_circle 1 "circle"
run wr_role worker edit sw1 --role iro
expect wr_role 1 "still holds work that needs the role social-worker"
check "the role refusal names reassign" grep -q "cpdesk reassign --from sw1" "$WORK/wr_role.err"
run wr_tm worker edit tjones --role service-manager
expect wr_tm 1 "team-manager"
run wr_as --as sw1 worker edit sw2 --team East
expect wr_as 1 "needs the role"
run wr_login worker edit 'a b' --name X;           expect wr_login 2 "login"

# ---- child edit: each field -----------------------------------------------------------
run fa family add BROWN --name "Brown household"; expect fa 0
run fa2 family add BROWN --name "Again";            expect fa2 1 "already exists"
run fa3 family add GREEN --name "Green household"; expect fa3 0
run ce1 child edit C1 --name "Ava Brown" --dob 2019-03-12 \
    --family-reports hand-delivered --family BROWN
expect ce1 0 "changed child C1"
entry child.update child:C1
before_has 'name="Ava Child" dob=2019-03-02 social-worker=sw1 family-reports=unknown'
after_has 'name="Ava Brown" dob=2019-03-12 social-worker=sw1 family=BROWN family-reports=hand-delivered'
run cs child show C1; expect cs 0
has cs "Child C1: Ava Brown"; has cs "Family:            BROWN"
has cs "Date of birth:     2019-03-12"; has cs "Reports to family: hand-delivered"
run ce2 child edit C2 --family BROWN; expect ce2 0

# a new social worker takes the open social-worker tasks, nobody else's
SW1=$(open_of sw1); CH=$(open_of chair1); TJ=$(open_of tjones)
check "sw1 has open tasks" test "$SW1" -gt 0
R=$(entries task.reassign)
run ce3 child edit C1 --social-worker sw2
expect ce3 0 "$SW1 open social-worker tasks moved to sw2"
check "sw1's tasks moved" test "$(open_of sw1)" = 0
check "sw2 has them" test "$(open_of sw2)" = "$SW1"
check "the chair keeps theirs" test "$(open_of chair1)" = "$CH"
check "the team manager keeps theirs" test "$(open_of tjones)" = "$TJ"
check "one task.reassign a task" test "$(entries task.reassign)" = $((R + SW1))
entry child.update child:C1
before_has "social-worker=sw1"; after_has "social-worker=sw2"
run au audit --child C1; expect au 0
has au "child.update"; has au "task.reassign"
consistent "the move"

# ---- child edit: refusals --------------------------------------------------------------
run cr_none child edit C1;                        expect cr_none 2 "nothing to change"
run cr_ghost child edit NOPE --name X
expect cr_ghost 2 "child edit: no child 'NOPE' in the store"
run cr_chair child edit C1 --social-worker chair1
expect cr_chair 1 "does not hold the role social-worker"
run cr_sw child edit C1 --social-worker ghost;    expect cr_sw 1 "'ghost' is not a worker"
run cr_fam child edit C1 --family NOPE;           expect cr_fam 1 "no family 'NOPE'"
run cr_both child edit C1 --dob 2019-01-01 --expected-birth 2027-06-01
expect cr_both 2 "not both"
run cr_date child edit C1 --dob 2019-02-30;      expect cr_date 2 "--dob"
run cr_pref child edit C1 --family-reports fax;  expect cr_pref 2 "--family-reports"
run cr_name child edit C1 --name "";             expect cr_name 2 "needs a name"
run cr_born child edit C1 --expected-birth 2027-06-01
expect cr_born 1 "has a date of birth"

# ---- who may: a child not seen is not there -------------------------------------------
run un1 --as sw3 child edit C1 --name X
run un2 --as sw3 child edit NOPE --name X
check "unseen: exit 2" test "$rc" = 2
check "an unseen child is answered as one not there" \
    test "$(sed "s/'C1'/'ID'/" "$WORK/un1.err")" = "$(sed "s/'NOPE'/'ID'/" "$WORK/un2.err")"
run own --as sw3 child edit C2 --name "Ben Brown"; expect own 0
run mv --as sw3 child edit C2 --social-worker sw1
expect mv 1 "reassign"
run cs2 child show C2; expect cs2 0; has cs2 "Social worker:     sw3"

# ---- an unborn child -----------------------------------------------------------------
run ub0 child add U1 --name "Baby Brown" --social-worker sw2 --dob 2027-01-01 \
    --expected-birth 2027-08-01
expect ub0 2 "not both"
run ub1 child add U1 --name "Baby Brown" --social-worker sw2 \
    --expected-birth 2027-08-01 --family BROWN
expect ub1 0
run ub2 child show U1; expect ub2 0; has ub2 "Expected birth:    2027-08-01"
has ub2 "Date of birth:     -"
run fsu family show BROWN; expect fsu 0; has fsu "due  2027-08-01"
run ub3 child edit U1 --dob 2027-07-30; expect ub3 0
run ub4 child show U1; expect ub4 0; has ub4 "Date of birth:     2027-07-30"
lacks ub4 "Expected birth"
entry child.update child:U1
before_has "expected-birth=2027-08-01"; after_has "dob=2027-07-30"
run ub5 child add U2 --name X --social-worker chair1
expect ub5 1 "does not hold the role social-worker"
run ub6 child add U2 --name X --social-worker sw2 --family NOPE
expect ub6 1 "no family 'NOPE'"

# ---- households ------------------------------------------------------------------------
run fl family list --tsv; expect fl 0
has fl "BROWN${T}Brown household${T}3"; has fl "GREEN${T}Green household${T}0"
run fs family show BROWN; expect fs 0
has fs "Family BROWN: Brown household"; has fs "C1"; has fs "C2"; has fs "U1"
# sw3 sees C2 alone of the Browns: the others are not named, nor counted
run fs3 --as sw3 family show BROWN; expect fs3 0
has fs3 "C2"; lacks fs3 "C1"; lacks fs3 "Ava"; lacks fs3 "U1"
run fl3 --as sw3 family list --tsv; expect fl3 0
has fl3 "BROWN${T}Brown household${T}1"
# the minute taker clerks C1's ICPC, may not add children: GREEN (none of
# theirs) is not there for them
run fm --as mt1 family show BROWN; expect fm 0; has fm "C1"; lacks fm "C2"
run fg --as mt1 family show GREEN; expect fg 2 "no family 'GREEN'"
run fn --as mt1 family show NOPE;  expect fn 2 "no family 'NOPE'"
run flm --as mt1 family list --tsv; expect flm 0; lacks flm "GREEN"
run fa4 --as mt1 family add PINK --name Pink; expect fa4 1 "needs the role"
run fa5 family add 'a b' --name X;              expect fa5 2 "ID"
run ar audit --child C2; expect ar 0
has ar 'how="family show"'
entry family.add family:BROWN
after_has 'id=BROWN name="Brown household"'
consistent "the end"
exit $fail

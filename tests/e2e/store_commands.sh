#!/bin/sh
# store_commands.sh - every store command's happy path, its refusals
# (exit 1) and bad input (exit 2) with their one-line messages: init,
# workers, children, meetings (add prints only the id; move keeps done
# tasks; cancel needs a reason and the policy's approver; outcome
# schedules the next), the task queue (exact TSV header, groups),
# reports, consultations, import (all-or-nothing, every bad row as
# FILE:LINE:), audit (before/after), demo and check-store.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
fail=0
DB="$WORK/store"
T=$(printf '\t')

# run NAME ARGS...: cpdesk on the test store, as boss unless --as says.
run() {
	name=$1; shift
	"$CPDESK" --db "$DB" --today "${TODAY:-2025-03-12}" "$@" >"$WORK/$name.out" \
	    2>"$WORK/$name.err"
	rc=$?
}
expect() { # NAME CODE [STDERR-SUBSTRING]
	if [ "$rc" != "$2" ]; then
		echo "FAIL $1: exit $rc, want $2"; cat "$WORK/$1.err"; fail=1
	fi
	if [ -n "${3:-}" ] && ! grep -qF -- "$3" "$WORK/$1.err"; then
		echo "FAIL $1: stderr lacks '$3':"; cat "$WORK/$1.err"; fail=1
	fi
	if [ "$2" != 0 ] && [ "$(wc -l <"$WORK/$1.err")" != 1 ] &&
	   [ "${1#imp}" = "$1" ]; then
		echo "FAIL $1: want one line on stderr:"; cat "$WORK/$1.err"; fail=1
	fi
}
has() { # NAME SUBSTRING (in stdout)
	grep -qF -- "$2" "$WORK/$1.out" ||
	    { echo "FAIL $1: stdout lacks '$2':"; cat "$WORK/$1.out"; fail=1; }
}
check() { # WHAT CONDITION...
	what=$1; shift
	"$@" || { echo "FAIL $what"; fail=1; }
}

# ---- init ---------------------------------------------------------------
run init_nopolicy init;                   expect init_nopolicy 2 "--policy"
run init init --policy policies/generic.yaml; expect init 0
run init_again init --policy policies/generic.yaml; expect init_again 1
check "store is its owner's alone (0700/0600)" test "$(stat -c %a "$DB") $(stat -c %a "$DB/data.mdb") $(stat -c %a "$DB/lock.mdb")" = "700 600 600"

# ---- workers ------------------------------------------------------------
run w1 worker add sm1 --name "Sam Manager" --role service-manager
expect w1 0
for w in "tm1|Tia Lead|team-manager|sm1" "sw1|Sol Worker|social-worker|tm1" \
         "sw2|Sue Worker|social-worker|tm1" "chair1|Cara Chair|cp-chair|sm1" \
         "iro1|Ivo Reviewer|iro|sm1" "mt1|Mo Minutes|minute-taker|" \
         "qa1|Quin Admin|qa-admin,qa-manager|"; do
	IFS='|' read -r l n r m <<EOW
$w
EOW
	run "w_$l" worker add "$l" --name "$n" --role "$r" ${m:+--manager "$m"} \
	    --team "Team A"
	expect "w_$l" 0
done
run w_dup worker add sw1 --name X --role social-worker; expect w_dup 1 sw1
run w_role worker add zz --name X --role wizard;        expect w_role 2 "unknown role"
run w_noname worker add zz --role iro;                   expect w_noname 2 "--name"
run w_login worker add 'a b' --name X --role iro;        expect w_login 2 "login"
run wl worker list --tsv; expect wl 0
check "worker list header" test "$(head -1 "$WORK/wl.out")" = \
    "login${T}name${T}roles${T}team${T}manager${T}left"
check "worker list has 8" test "$(tail -n +2 "$WORK/wl.out" | wc -l)" = 8

# ---- children -----------------------------------------------------------
run c1 child add C1 --name "Ava Child" --social-worker sw1 --dob 2015-06-01 \
    --cin-since 2024-01-02 --family-reports post
expect c1 0
run c2 child add C2 --name "Ben Child" --social-worker sw2 --looked-after-since 2025-02-20
expect c2 0
run c_dup child add C1 --name X --social-worker sw1;      expect c_dup 1 C1
run c_sw child add C3 --name X --social-worker nobody;    expect c_sw 1 nobody
run c_date child add C3 --name X --social-worker sw1 --dob 2025-02-30
expect c_date 2 "--dob"
run c_fam child add C3 --name X --social-worker sw1 --family-reports fax
expect c_fam 2 "--family-reports"
run cs child show C1; expect cs 0; has cs "Ava Child"; has cs "post"
run clist child list; expect clist 0; has clist "Ava Child"
run clau audit --child C1; expect clau 0
has clau 'child.view child:C1 child C1 (how="child list")'
run cs_none child show NOPE; expect cs_none 2 NOPE

# ---- meeting add --------------------------------------------------------
run m1 meeting add C1 icpc 2025-04-02 --time 10:00 --chair chair1 \
    --minute-taker mt1 --held teams --anchor s47-start=2025-03-10
expect m1 0
check "meeting add prints only the id" grep -Eqx '[0-9]+' "$WORK/m1.out"
check "meeting add: one line" test "$(wc -l <"$WORK/m1.out")" = 1
M1=$(cat "$WORK/m1.out")
run m_type meeting add C1 wedding 2025-04-02;             expect m_type 2 wedding
run m_child meeting add NOPE icpc 2025-04-02 --chair chair1 --minute-taker mt1
expect m_child 2 NOPE
run m_chair meeting add C1 icpc 2025-04-03 --chair sw1 --minute-taker mt1
expect m_chair 1 sw1
run m_time meeting add C1 icpc 2025-04-02 --time 25:00;   expect m_time 2 "--time"
run m_anchor meeting add C1 icpc 2025-04-02 --anchor s47=x; expect m_anchor 2 "--anchor"
run m_args meeting add C1 icpc;                           expect m_args 2 "CHILD TYPE DATE"
run ms meeting show "$M1"; expect ms 0; has ms "icpc"; has ms "chair1"

# ---- task list ----------------------------------------------------------
run tl --as sw1 task list --tsv; expect tl 0
check "task list --tsv header" test "$(head -1 "$WORK/tl.out")" = \
    "id${T}due${T}child${T}meeting${T}type${T}meeting_date${T}step${T}role${T}assignee${T}status"
check "sw1 has tasks" test "$(tail -n +2 "$WORK/tl.out" | wc -l)" -ge 3
check "rows are sw1's open tasks" test -z \
    "$(tail -n +2 "$WORK/tl.out" | awk -F"$T" '$9 != "sw1" || $10 != "open" || $5 != "icpc"')"
run tlt --as sw1 --today 2025-03-18 task list; expect tlt 0
has tlt "This week"; has tlt "Later"
run tld --as sw1 --today 2025-03-19 task list; has tld "Today"
run tlo --as sw1 --today 2025-03-25 task list --overdue --tsv; expect tlo 0
check "overdue: the two before 25 March" test "$(tail -n +2 "$WORK/tlo.out" | wc -l)" = 2
run tl_both task list --all --user sw1;       expect tl_both 2 "choose one"
run tl_who --as ghost task list;              expect tl_who 2 ghost
run tl_date task list --all --due-before 2025-13-01; expect tl_date 2 "--due-before"
run tl_before task list --all --tsv --due-before 2025-03-26; expect tl_before 0
check "--due-before filters" test -z \
    "$(tail -n +2 "$WORK/tl_before.out" | awk -F"$T" '$2 >= "2025-03-26"')"

# ---- task done, then move: done stays, open moves -----------------------
TK=$(awk -F"$T" 'NR==2 {print $1}' "$WORK/tl.out")
DUE=$(awk -F"$T" 'NR==2 {print $2}' "$WORK/tl.out")
run td --as sw1 task done "$TK" --note "Sent"; expect td 0
run td2 --as sw1 task done "$TK";              expect td2 1 "already done"
run td_bad task done 999999;                   expect td_bad 2 999999
run td_id task done abc;                       expect td_id 2 "task done"
run before task list --all --status any --tsv; expect before 0
run mv_noreason meeting move "$M1" 2025-04-09;  expect mv_noreason 2 "--reason"
run mv meeting move "$M1" 2025-04-09 --reason "Parent in hospital"; expect mv 0
run after task list --all --status any --tsv; expect after 0
check "done task kept its due date" grep -q "^$TK$T$DUE$T.*${T}done\$" "$WORK/after.out"
open_before=$(awk -F"$T" -v m="$M1" '$4 == m && $10 == "open" {print $1 ":" $2}' "$WORK/before.out" | sort)
open_after=$(awk -F"$T" -v m="$M1" '$4 == m && $10 == "open" {print $1 ":" $2}' "$WORK/after.out" | sort)
check "open tasks moved" test -n "$open_before" -a "$open_before" != "$open_after"
check "same open tasks" test "$(echo "$open_before" | cut -d: -f1)" = "$(echo "$open_after" | cut -d: -f1)"
run ms2 meeting show "$M1"; has ms2 "Moved from:"; has ms2 "Parent in hospital"

# ---- cancel -------------------------------------------------------------
run m2 meeting add C2 cla-review 2025-03-18 --chair iro1 --minute-taker mt1 \
    --anchor care-start=2025-02-20
expect m2 0
M2=$(cat "$WORK/m2.out")
run cx_noreason meeting cancel "$M2";                 expect cx_noreason 2 "--reason"
run cx_typed meeting cancel "$M2" --reason "Moved away" --approved-by sm1
expect cx_typed 2 "--approved-by"
run cx meeting cancel "$M2" --reason "Moved away"; expect cx 0
run cx_wrong --as sw2 approve "$(cat "$WORK/cx.out")"; expect cx_wrong 1
# generic.yaml (001): the Safeguarding Service Manager agrees it, not the
# child's own service manager
run cx_sm --as sm1 approve "$(cat "$WORK/cx.out")"
expect cx_sm 1 "needs the approval of one of: safeguarding-manager (001: "
run w_sg worker add sg1 --name "Sian Safeguarding" --role safeguarding-manager
expect w_sg 0
run cx_sg --as sg1 approve "$(cat "$WORK/cx.out")"; expect cx_sg 0
run cx_again meeting cancel "$M2" --reason "Again"; expect cx_again 1
run cxl task list --all --status cancelled --tsv; expect cxl 0
check "cancelled tasks kept" test "$(awk -F"$T" -v m="$M2" '$4 == m' "$WORK/cxl.out" | wc -l)" -ge 1
run cxo task list --all --tsv
check "no open tasks of a cancelled meeting" test -z "$(awk -F"$T" -v m="$M2" '$4 == m' "$WORK/cxo.out")"

# ---- outcome ------------------------------------------------------------
run oc_early meeting outcome "$M1" --decision "Plan" --plan cp-plan
expect oc_early 1 "is recorded on or after that day"
TODAY=$(sed -n 's/^  Date: *[A-Z][a-z]* \([0-9-]*\).*/\1/p' "$WORK/ms2.out")
run oc_next meeting outcome "$M1" --decision "Plan" --plan cp-plan --next "$TODAY"
expect oc_next 2 "must be after this one"
run oc_noplan meeting outcome "$M1" --decision "Plan";   expect oc_noplan 2 "--plan"
run oc_nodec meeting outcome "$M1" --plan cp-plan;       expect oc_nodec 2 "--decision"
run oc meeting outcome "$M1" --decision "CP plan: neglect" --plan cp-plan \
    --attendees "Mother" --attendees "School" --views-not-available "Father declined" \
    --summary "Agreed" --next-type rcpc
expect oc 0
check "outcome prints the next id" grep -Eqx '[0-9]+' "$WORK/oc.out"
NEXT=$(cat "$WORK/oc.out")
run ns meeting show "$NEXT"; expect ns 0; has ns "rcpc"; has ns "scheduled"
run os meeting show "$M1"; has os "held"; has os "Father declined"; has os "Next meeting:"
run oc_again meeting outcome "$M1" --decision X --plan no-plan; expect oc_again 1 held
TODAY=

# ---- reports and consultations -----------------------------------------
run rr report-received "$NEXT" Police --date 2025-03-11 --shared-with-family 2025-03-12
expect rr 0
run rr_bad report-received 99999 Police;     expect rr_bad 2 99999
run rr_date report-received "$NEXT" Police --date 11/03/2025; expect rr_date 2 "--date"
run rs meeting show "$NEXT"; has rs "Police"
run ca --as chair1 consult add C1 --kind strategy-consultation --date 2025-03-10 \
    --decision "Proceed to ICPC"
expect ca 0
check "consult add prints the id" grep -Eqx '[0-9]+' "$WORK/ca.out"
run ca_kind --as chair1 consult add C1 --kind chat --date 2025-03-10; expect ca_kind 2 chat
run ca_nodate --as chair1 consult add C1 --kind case-mapping; expect ca_nodate 2 "--date"
run cl --as chair1 consult list --tsv; expect cl 0; has cl "Proceed to ICPC"
# C1's ICPC decided a plan: a child on a plan is no case mapping's
# (the consultation procedure, 003), and its record says since when
run cmd consult list --case-mapping-due; expect cmd 0
check "a child on a plan is not due a case mapping" test -z "$(grep -w C1 "$WORK/cmd.out")"
run csh child show C1; expect csh 0
check "the ICPC's plan is the child's" grep -Eq "CP plan since: +[0-9]{4}-[0-9]{2}-[0-9]{2}, category unknown" "$WORK/csh.out"
check "its history names the meeting" grep -Eq "^  cp-plan .* to now .* from meeting $M1" "$WORK/csh.out"

# ---- import -------------------------------------------------------------
cat >"$WORK/good.csv" <<'EOC'
record,login,name,roles,team,manager,id,social_worker,cin_since,child,type,date,chair,minute_taker,anchors
child,,"Dee, Child",,,,D1,nsw,2024-02-01,,,,,,
worker,nsw,"New ""Nick"" Worker","social-worker",Team B,tm1,,,,,,,,,
meeting,,,,,,,,,D1,icpc,2025-04-03,chair1,mt1,s47-start=2025-03-11
EOC
printf 'record,login,name,roles\r\nworker,crlf1,"Multi\r\nLine",iro\r\n' >"$WORK/crlf.csv"
printf '\357\273\277Login,Name,Roles\r\ncrlf2,"Crlf, Two","iro,cp-chair"\r\n' >"$WORK/bom.csv"
run imp_bom import "$WORK/bom.csv"; expect imp_bom 0
run imp_bomw worker list --tsv; has imp_bomw "crlf2${T}Crlf, Two${T}cp-chair,iro"
run imp import "$WORK/good.csv"; expect imp 0
run imp_child child show D1; expect imp_child 0; has imp_child "Dee, Child"
run imp_w worker list --tsv; has imp_w 'New "Nick" Worker'
run imp_crlf import "$WORK/crlf.csv"; expect imp_crlf 2 "crlf.csv:2:"
cat >"$WORK/bad.csv" <<'EOC'
record,login,name,roles,id,social_worker,dob
worker,okw,Ok Worker,social-worker,,,
worker,badrole,Bad Role,wizard,,,
child,,Bad Date,,B1,okw,2020-02-30
child,,,,B2,okw,
child,,Dup,,C1,okw,
worker,okw,Again,iro,,,
EOC
run import_bad import "$WORK/bad.csv"; expect import_bad 2
for l in 3 4 5 6 7; do
	grep -Eq "^$WORK/bad.csv:$l:([0-9]+:)? " "$WORK/import_bad.err" ||
	    { echo "FAIL import: no error for line $l"; cat "$WORK/import_bad.err"; fail=1; }
done
check "import: good line 2 not reported" test -z "$(grep "bad.csv:2:" "$WORK/import_bad.err")"
run imp_none worker list --tsv
check "import wrote nothing" test -z "$(grep '^okw' "$WORK/imp_none.out")"
run imp_missing import "$WORK/nope.csv"; expect imp_missing 2 nope.csv
printf 'colour,size\nred,1\n' >"$WORK/hdr.csv"
run imp_hdr import "$WORK/hdr.csv"; expect imp_hdr 2 "hdr.csv:1:"

# ---- audit --------------------------------------------------------------
run au audit --child C1; expect au 0
has au "meeting.move"; has au "before:"; has au "after:"; has au "2025-04-09"
run au_user audit --user sw1 --tsv; expect au_user 0; has au_user "task.done"
check "audit --user only sw1" test -z "$(tail -n +2 "$WORK/au_user.out" | awk -F"$T" '$3 != "sw1"')"
run au_bad audit --from yesterday; expect au_bad 2 "--from"

# ---- demo, check-store, help, no store ---------------------------------
run demo_full demo; expect demo_full 1 "empty store"
DB="$WORK/demo"
run dinit init --policy policies/generic.yaml; expect dinit 0
run demo --as demouser demo --children 40 --seed 7; expect demo 0
run dck check-store; expect dck 0; has dck consistent
run dq --as "$(id -un)" task list; expect dq 0; has dq "Due            Task"
run dbig demo --children 999999; expect dbig 2 "--children"
DB="$WORK/none"
run nostore worker list; expect nostore 2 "init"
for c in "init" "worker add" "worker list" "child add" "child show" \
         "meeting add" "meeting move" "meeting cancel" "meeting outcome" \
         "meeting show" "task list" "task done" "report-received" \
         "consult add" "consult list" "import" "demo" "audit" "check-store"; do
	# shellcheck disable=SC2086
	"$CPDESK" $c --help >"$WORK/help.out" 2>&1 ||
	    { echo "FAIL $c --help exit"; fail=1; }
	grep -q "^usage: cpdesk $c" "$WORK/help.out" ||
	    { echo "FAIL $c --help"; fail=1; }
done
exit $fail

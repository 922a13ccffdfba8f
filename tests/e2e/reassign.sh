#!/bin/sh
# reassign.sh - issue 6: moving work between workers, workers leaving,
# and reads on the record.
#  - reassign --dry-run prints the counts and writes nothing;
#  - refusals (exit 1, one line): TO lacks a role the work needs (named,
#    with the first item and the count), FROM == TO, unknown workers, TO
#    has left; bad input (exit 2): missing --from/--to/--reason;
#  - reassign --child moves one child's allocation and tasks only;
#  - reassign moves children, open tasks (never done ones), chaired and
#    clerked scheduled meetings and managed workers, audited;
#  - nothing to move: exit 0, a note on stderr;
#  - worker left is refused while the worker holds work, then succeeds;
#    worker list shows them as left, --current hides them;
#  - policy diff / use re-assign a step whose role changed;
#  - child show, meeting show and opening a child in the console are in
#    the audit trail (audit --child, --user, --from/--to);
#  - check-store passes after each.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
fail=0
DB="$WORK/store"
T=$(printf '\t')

run() {
	name=$1; shift
	"$CPDESK" --db "$DB" --today 2025-03-12 "$@" >"$WORK/$name.out" \
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
	if [ "$2" != 0 ] && [ "$(wc -l <"$WORK/$1.err")" != 1 ]; then
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
consistent() { # WHEN
	run ck check-store
	[ "$rc" = 0 ] || { echo "FAIL check-store after $1:"; cat "$WORK/ck.err"; fail=1; }
}
# the store's records, to show a command wrote nothing
snapshot() {
	if command -v mdb_dump >/dev/null 2>&1; then
		mdb_dump -a "$DB" >"$WORK/$1.snap" 2>&1
	else
		"$CPDESK" --db "$DB" audit --tsv >"$WORK/$1.snap" 2>&1
	fi
}
# assignee of open tasks (TSV of task list --all): ASSIGNEE -> count
open_of() {
	"$CPDESK" --db "$DB" --today 2025-03-12 task list --all --tsv |
	    awk -F"$T" -v w="$1" 'NR > 1 && $9 == w' | wc -l | tr -d ' '
}

# ---- a small borough -------------------------------------------------------
run init init --policy policies/generic.yaml; expect init 0
for w in "sm1|Sam Manager|service-manager|" "tm1|Tia Lead|team-manager|sm1" \
         "tm2|Tom Lead|team-manager|sm1" "sw1|Sol Worker|social-worker|tm1" \
         "sw2|Sue Worker|social-worker|tm1" "sw3|Sid Worker|social-worker|tm2" \
         "chair1|Cara Chair|cp-chair|sm1" "chair2|Cy Chair|cp-chair|sm1" \
         "mt1|Mo Minutes|minute-taker|" "mt2|Max Minutes|minute-taker|"; do
	IFS='|' read -r l n r m <<EOW
$w
EOW
	run "w_$l" worker add "$l" --name "$n" --role "$r" ${m:+--manager "$m"} \
	    --team "Team A"
	expect "w_$l" 0
done
run c1 child add C1 --name "Ava Child" --social-worker sw1; expect c1 0
run c2 child add C2 --name "Ben Child" --social-worker sw1; expect c2 0
run c3 child add C3 --name "Cal Child" --social-worker sw2; expect c3 0
run m1 meeting add C1 icpc 2025-04-02 --time 10:00 --chair chair1 \
    --minute-taker mt1 --anchor s47-start=2025-03-10; expect m1 0
M1=$(cat "$WORK/m1.out")
run m2 meeting add C2 icpc 2025-04-09 --chair chair1 --minute-taker mt1
expect m2 0
M2=$(cat "$WORK/m2.out")
run m3 meeting add C3 icpc 2025-04-16 --chair chair2 --minute-taker mt1
expect m3 0
# one of sw1's C1 tasks done: it must never move
run tl task list --all --tsv; expect tl 0
TK=$(awk -F"$T" -v m="$M1" '$4 == m && $9 == "sw1" {print $1; exit}' "$WORK/tl.out")
run td --as sw1 task done "$TK" --note "Sent"; expect td 0
check "sw1 has 5 open tasks" test "$(open_of sw1)" = 5
consistent setup

# ---- bad input and refusals: nothing written --------------------------------
snapshot s0
run r_nofrom reassign --to sw3 --reason x;          expect r_nofrom 2 "--from"
run r_noto reassign --from sw1 --reason x;          expect r_noto 2 "--to"
run r_noreason reassign --from sw1 --to sw3;        expect r_noreason 2 "--reason"
run r_login reassign --from 'a b' --to sw3 --reason x; expect r_login 2 "login"
run r_extra reassign --from sw1 --to sw3 --reason x extra; expect r_extra 2 extra
run r_same reassign --from sw1 --to sw1 --reason x;  expect r_same 1 "both 'sw1'"
run r_unknown reassign --from sw1 --to ghost --reason x; expect r_unknown 1 ghost
run r_unfrom reassign --from ghost --to sw3 --reason x;  expect r_unfrom 1 ghost
run r_role reassign --from sw1 --to chair2 --reason x
expect r_role 1 "does not hold the role social-worker"
check "role refusal counts the moves" grep -q "that 7 of the moves need (first: child C1" "$WORK/r_role.err"
run r_chair reassign --from chair1 --to sw3 --reason x
expect r_chair 1 "cp-chair"
run r_tm reassign --from tm1 --to sw3 --reason x
expect r_tm 1 "team-manager"
check "names the managed worker" grep -q "managing social worker sw1" "$WORK/r_tm.err"
run r_child reassign --from sw1 --to sw3 --child NOPE --reason x
expect r_child 2 NOPE

# ---- --dry-run: the counts, nothing written -------------------------------
run dry reassign --from sw1 --to sw3 --reason "Sol leaves" --dry-run
expect dry 0 "dry run"
has dry "reassign sw1 -> sw3, all their work"
has dry "children  2"; has dry "tasks     5"
has dry "meetings  0 (chair 0, minute taker 0)"; has dry "workers   0"
snapshot s1
check "refusals and dry run wrote nothing" cmp -s "$WORK/s0.snap" "$WORK/s1.snap"

# ---- one child ---------------------------------------------------------------
run one reassign --from sw1 --to sw3 --child C1 --reason "Transfer to Team B"
expect one 0
has one "reassign sw1 -> sw3, child C1"; has one "children  1"; has one "tasks     2"
run cl child list --tsv; expect cl 0
check "C1 now sw3's" grep -q "^C1${T}Ava Child${T}[^$T]*${T}sw3${T}" "$WORK/cl.out"
check "C2 still sw1's" grep -q "^C2${T}Ben Child${T}[^$T]*${T}sw1${T}" "$WORK/cl.out"
check "sw1 keeps C2's 3 tasks" test "$(open_of sw1)" = 3
consistent "reassign --child"

# ---- all of sw1's work -------------------------------------------------------
run all reassign --from sw1 --to sw2 --reason "Sol leaves"; expect all 0
has all "children  1"; has all "tasks     3"
check "sw1 has no open tasks" test "$(open_of sw1)" = 0
run after task list --all --status any --tsv; expect after 0
check "the done task kept its assignee" grep -q "^$TK$T.*${T}sw1${T}done\$" "$WORK/after.out"
consistent "reassign"

# ---- a chair's and a minute taker's meetings ---------------------------------
run ch reassign --from chair1 --to chair2 --reason "Chair off sick"; expect ch 0
has ch "meetings  2 (chair 2, minute taker 0)"; has ch "tasks     8"
run ms meeting show "$M2"; expect ms 0; has ms "chair2"
run mt reassign --from mt1 --to mt2 --child C3 --reason "Clerk swap"; expect mt 0
has mt "meetings  1 (chair 0, minute taker 1)"
consistent "chair reassign"

# ---- managed workers ---------------------------------------------------------
run tm reassign --from tm1 --to tm2 --reason "Teams merge"; expect tm 0
has tm "workers   2"
run wl worker list --tsv; expect wl 0
check "sw2 managed by tm2" grep -q "^sw2${T}.*${T}tm2${T}no\$" "$WORK/wl.out"

# ---- nothing to move -----------------------------------------------------------
snapshot s2
run none reassign --from sw1 --to sw2 --reason "again"
expect none 0 "nothing to reassign"
has none "children  0"
snapshot s3
check "nothing to move wrote nothing" cmp -s "$WORK/s2.snap" "$WORK/s3.snap"

# ---- the audit trail of a reassignment ---------------------------------------
run au audit --child C1; expect au 0
has au "child.reassign"; has au "task.reassign"; has au "social-worker=sw3"
run aur audit --tsv; expect aur 0
check "one reassign entry per run" test "$(awk -F"$T" '$4 == "reassign"' "$WORK/aur.out" | wc -l)" = 5
check "the reason is recorded" grep -q 'reason="Sol leaves"' "$WORK/aur.out"

# ---- worker left ----------------------------------------------------------------
run l_busy worker left sw3 --reason "Moving away"
expect l_busy 1 "still holds 1 child and 2 open tasks"
check "names the command to run" grep -q "cpdesk reassign --from sw3 --to LOGIN" "$WORK/l_busy.err"
run l_mgr worker left tm2 --reason "Retiring"
expect l_mgr 1 "current workers they manage"
run l_noreason worker left sw1;                 expect l_noreason 2 "--reason"
run l_ghost worker left ghost --reason x;        expect l_ghost 2 ghost
run l_ok worker left sw1 --reason "Moved to another borough"; expect l_ok 0
run l_again worker left sw1 --reason x;          expect l_again 1 "already left"
run wl2 worker list; expect wl2 0
check "worker list shows the leaver" grep -q "^sw1 .*(left)\$" "$WORK/wl2.out"
run wl3 worker list --current; expect wl3 0
check "--current hides the leaver" test -z "$(grep '^sw1 ' "$WORK/wl3.out")"
run wl4 worker list --tsv; expect wl4 0
check "tsv: left yes" grep -q "^sw1${T}.*${T}yes\$" "$WORK/wl4.out"
run r_left reassign --from sw3 --to sw1 --reason x; expect r_left 1 "has left"
run c_left child add C9 --name "Nine" --social-worker sw1; expect c_left 1 "has left"
run al audit --user "$(id -un)" --tsv; expect al 0
check "worker.left audited with the reason" \
    grep -q "worker.left${T}worker:sw1${T}.*left=yes reason=\"Moved to another borough\"" "$WORK/al.out"
consistent "worker left"

# ---- policy switch: a step that changes role -------------------------------------
cat >"$WORK/rolechange.yaml" <<EOP
policy: rolechange
title: "Generic, with the invite list done by the team manager"
extends: $TOP/policies/generic.yaml
meetings:
  icpc:
    steps:
      - id: invite-list
        role: team-manager
        title: "Complete the invite list"
        due: 10 working days before meeting
        source: "test: the team manager completes the invite list"
EOP
run pd policy diff "$WORK/rolechange.yaml"; expect pd 0
has pd "reassigned meeting"; has pd "invite-list: social-worker"
has pd "-> team-manager tm2"; has pd "reassigned 2"
run pdt policy diff "$WORK/rolechange.yaml" --tsv; expect pdt 0
check "tsv: reassigned rows give logins" \
    test "$(awk -F"$T" '$1 == "reassigned" && $9 == "tm2"' "$WORK/pdt.out" | wc -l)" = 2
run pu policy use "$WORK/rolechange.yaml" --reason "TMs own the invite list"
expect pu 0
has pu "reassigned 2"
run pt task list --all --tsv; expect pt 0
check "invite lists now with tm2" \
    test "$(awk -F"$T" '$7 == "invite-list" && $8 == "team-manager" && $9 == "tm2"' "$WORK/pt.out" | wc -l)" = 2
run pa audit --tsv; expect pa 0
# one compact entry per meeting (policy.use.tasks): the task, its old and new role and holder
check "reassignment audited" test "$(grep -c "${T}policy.use.tasks${T}meeting:.*invite-list social-worker:[a-z0-9]*->team-manager:tm2" "$WORK/pa.out")" = 2
consistent "policy use"

# ---- reads on the record --------------------------------------------------------
run cs --as sw2 child show C2; expect cs 0; has cs "Ben Child"
run mshow --as chair2 meeting show "$M1"; expect mshow 0
run cs_none --as sw2 child show NOPE; expect cs_none 2 NOPE
run ms_none --as sw2 meeting show 9999; expect ms_none 2 9999
run av audit --child C2; expect av 0
check "child show on the record" grep -q "sw2 child.view child:C2 child C2 (how=\"child show\")" "$WORK/av.out"
run av1 audit --child C1; expect av1 0
check "meeting show on the record" grep -q "chair2 child.view meeting:$M1 child C1 (how=\"meeting show\" meeting=$M1)" "$WORK/av1.out"
run avu audit --user sw2 --tsv; expect avu 0
check "audit --user has the read" grep -q "^[0-9]*${T}[^$T]*${T}sw2${T}child.view${T}child:C2${T}C2${T}${T}how=\"child show\"\$" "$WORK/avu.out"
today=$(date +%F)
run avd audit --from "$today" --to "$today" --child C2; expect avd 0
has avd "child.view"
run avy audit --to 2000-01-01 --child C2; expect avy 0
check "audit --to before today: no reads" test -z "$(grep child.view "$WORK/avy.out")"
consistent "reads"

# ---- the console: opening a child's record is on the record ----------------------
(
	WORK="$WORK/console"
	mkdir -p "$WORK"
	. "$TOP/tests/e2e/lib_tmux.sh"
	t_store
	t_start 80 24 --as asocial
	t_wait "Ann Social (asocial)"
	t_keys 3
	t_wait "Ada Brown"
	# the list is a read of the children it names (recorded as such);
	# opening the record is another
	cpd audit --child AB123 >"$WORK/console-list.out" 2>&1
	grep -q 'how="console: children"' "$WORK/console-list.out" ||
	    fail "the children list is not in the audit trail"
	grep -q 'how="console")' "$WORK/console-list.out" &&
	    fail "listing the children is not opening a record"
	t_keys Enter
	t_wait "Social worker Ann Social"
	cpd audit --child AB123 >"$WORK/console-audit.out" 2>&1
	grep -q 'asocial child.view child:AB123 child AB123 (how="console")' \
	    "$WORK/console-audit.out" || { cat "$WORK/console-audit.out";
	    fail "opening the child in the console is not in the audit trail"; }
	# the history of changes is the audit trail's: not for a social
	# worker (issue 15)
	t_wait "Case and consultations (newest first)"
	t_screen | grep -q "child.add by" && fail "a social worker sees the history"
	t_keys Escape q
	t_wait "[exit 0]"
	t_cleanup
	# the console's history of the child, for a team manager, is of
	# changes: reads stay in cpdesk audit and do not push changes out
	t_start 80 24 --as tman
	t_wait "Tom Manager (tman)"
	t_keys 3 /
	t_type "AB123"
	t_wait "Ada Brown"
	t_keys Enter Enter
	t_wait "child.add by"
	t_screen | grep -q "child.view" && fail "the child's history lists reads"
	t_keys Escape q
	t_wait "[exit 0]"
	cpd check-store >/dev/null || fail "check-store after the console"
) || fail=1

# ---- help --------------------------------------------------------------------------
for c in "reassign" "worker left"; do
	# shellcheck disable=SC2086
	"$CPDESK" $c --help >"$WORK/help.out" 2>&1 || { echo "FAIL $c --help exit"; fail=1; }
	grep -q "^usage: cpdesk $c" "$WORK/help.out" || { echo "FAIL $c --help"; fail=1; }
done
"$CPDESK" --help | grep -q "^  reassign " || { echo "FAIL --help lacks reassign"; fail=1; }
exit $fail

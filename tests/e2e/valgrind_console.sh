#!/bin/sh
# valgrind_console.sh - Valgrind memcheck over a scripted console session
# in tmux (80x24): move, open, d done with a note, a form left with Esc,
# view switches, help, a resize, q.  Then `task list`, `policy check` and
# `import` once each under memcheck.  Any memcheck error or a definite or
# indirect leak fails (valgrind exits 99).  tests/valgrind.supp holds the
# few ncurses/tinfo suppressions, each explained.  Skipped when cpdesk is
# built with AddressSanitizer (the sanitize target sets CPDESK_SANITIZED):
# the two do not mix.
if [ -n "$CPDESK_SANITIZED" ] || ldd "$CPDESK" 2>/dev/null | grep -q asan; then
	echo "skipped: valgrind under AddressSanitizer"
	exit 0
fi
command -v valgrind >/dev/null || { echo "FAIL: valgrind not installed (apt-get install valgrind)"; exit 1; }
. "$TOP/tests/e2e/lib_tmux.sh"
REAL=$CPDESK
VG="valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --suppressions=$TOP/tests/valgrind.supp"

# vg_check LOG WHAT: memcheck's summary says no errors, nothing lost.
vg_check() {
	grep -q "ERROR SUMMARY: 0 errors" "$1" ||
	    { echo "FAIL: $2: memcheck errors:"; grep -v "^==[0-9]*== *$" "$1" | head -60; exit 1; }
	if grep -q "definitely lost: [1-9]\|indirectly lost: [1-9]" "$1"; then
		echo "FAIL: $2: leaks:"; head -80 "$1"; exit 1
	fi
	echo "ok: $2: $(grep -o "ERROR SUMMARY.*" "$1" | head -1)"
}

t_store
# A slow start under memcheck: wait longer than the usual 10 s.
W=60
CPDESK="$VG --log-file=$WORK/vg-console.log $REAL"
t_start 80 24 --as asocial
CPDESK=$REAL
t_wait "Overdue (2)" $W
t_keys Down; t_keys Up; t_keys j; t_keys k
t_keys Enter
t_keys Escape
t_wait "Overdue (2)" $W
t_keys d
t_wait "Mark the task done" $W
t_type "Sent, by valgrind"
t_keys Enter Enter
t_wait "Confirm: Mark the task done" $W
t_keys y
t_wait "Overdue (1)" $W
t_keys r
t_wait "Report for" $W
t_type "Poli"
t_keys Escape
t_gone "Report for" $W
t_wait "Overdue (1)" $W
t_keys 2
t_wait "Diary Mon 2027-05-10 to Sun 2027-06-06" $W
t_keys Tab
t_keys 1
t_wait "Overdue (1)" $W
t_keys '?'
t_wait "Help: every key" $W
t_keys Escape
t_gone "Help: every key" $W
t_resize 120 40
t_resize 80 24
t_wait "Overdue (1)" $W
t_keys q
# valgrind writes its summary, then the shell prints the exit status
n=0
while ! t_screen | grep -q "\[exit [0-9]*\]"; do
	n=$((n + 1)); [ $n -gt 600 ] && fail "the console did not exit"
	sleep 0.1
done
t_screen | grep -q "\[exit 0\]" || fail "the console under memcheck exited non-zero"
vg_check "$WORK/vg-console.log" "console session"

# One command of each kind under memcheck.
cpd task list --all --status any --tsv >"$WORK/tasks.tsv" || fail "task list"
$VG --log-file="$WORK/vg-list.log" "$REAL" --db "$DB" --today "$TODAY" \
    task list --all --status any --tsv >"$WORK/tasks-vg.tsv" ||
    { vg_check "$WORK/vg-list.log" "task list"; fail "task list under memcheck"; }
cmp -s "$WORK/tasks.tsv" "$WORK/tasks-vg.tsv" || fail "task list differs under memcheck"
vg_check "$WORK/vg-list.log" "task list"

$VG --log-file="$WORK/vg-policy.log" "$REAL" policy check \
    "$TOP/policies/generic.yaml" "$TOP/policies/hounslow.yaml" >/dev/null ||
    { vg_check "$WORK/vg-policy.log" "policy check"; fail "policy check under memcheck"; }
vg_check "$WORK/vg-policy.log" "policy check"
# a bad policy too: the error paths free what they built
bad=$(ls "$TOP"/tests/policy-bad/*.yaml 2>/dev/null | head -n 1)
if [ -n "$bad" ]; then
	$VG --log-file="$WORK/vg-policy-bad.log" "$REAL" policy check "$bad" >/dev/null 2>&1
	[ $? = 99 ] && { vg_check "$WORK/vg-policy-bad.log" "policy check (bad)"; }
	vg_check "$WORK/vg-policy-bad.log" "policy check of a bad file"
fi

cat >"$WORK/imp.csv" <<'EOF'
record,login,name,roles,manager,id,social_worker,child,type,date,chair,minute_taker
worker,vsw,V Social,social-worker,tman,,,,,,,
child,,Val Grind,,,VG1,vsw,,,,,
meeting,,,,,,,VG1,icpc,2027-05-24,cchair,mminute
EOF
$VG --log-file="$WORK/vg-import.log" "$REAL" --db "$DB" --today "$TODAY" \
    import "$WORK/imp.csv" >/dev/null 2>"$WORK/imp.err" ||
    { vg_check "$WORK/vg-import.log" "import"; fail "import under memcheck: $(cat "$WORK/imp.err")"; }
vg_check "$WORK/vg-import.log" "import"
cpd check-store >/dev/null || fail "check-store after the import"
exit 0

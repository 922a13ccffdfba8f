#!/bin/sh
# audit_reads.sh - every command and export that shows a child's name or
# record puts the read on the record: exactly one child.view entry per
# child it showed, per run (not one per row), with how= naming the
# command; and one that shows no child (ids only) records nothing.  The
# console's screens are counted by console_audit.sh.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
. "$TOP/tests/e2e/lib_lists.sh"
fail=0
DB="$WORK/store"
build_store "$DB" policies/swindon.yaml || { echo "FAIL: building the store"; exit 1; }
T=$(printf '\t')
c() { "$CPDESK" --db "$DB" --today 2025-03-10 "$@"; }

# reads CHILD HOW: how many child.view entries name CHILD with how="HOW"
reads() {
	c audit --child "$1" --tsv |
	    awk -F"$T" -v h="how=\"$2\"" '$4 == "child.view" && index($8, h) == 1 { n++ } END { print n + 0 }'
}
# expect_reads WHAT CHILD HOW N
expect_reads() {
	got=$(reads "$2" "$3")
	[ "$got" = "$4" ] || { echo "FAIL $1: $got reads of $2 with how=\"$3\", want $4"; fail=1; }
}
# run1 WHAT HOW CMD...: run CMD once; every child named in its output was
# read once, the others (of C1..C7) not at all.
run1() {
	what=$1 how=$2; shift 2
	c "$@" >"$WORK/out" 2>"$WORK/err" || { echo "FAIL $what: exit $?"; cat "$WORK/err"; fail=1; }
	for id in C1 C2 C3 C4 C5 C6 C7; do
		if grep -q "$id" "$WORK/out"; then want=1; else want=0; fi
		expect_reads "$what" "$id" "$how" "$want"
	done
}

# the lists: one entry a child named, however many rows
run1 "list week" "list week" list week --date 2025-03-10
expect_reads "list week names C1" C1 "list week" 1
run1 "list fortnight" "list fortnight" list fortnight --date 2025-03-10 --format csv
run1 "list month" "list month" list month --date 2025-03-01 --format json
run1 "list exceptions" "list exceptions" list exceptions --date 2025-03-10
run1 "list case-mapping" "list case-mapping" list case-mapping --date 2025-03-10
expect_reads "case mapping names C5" C5 "list case-mapping" 1
# again: a second run is a second read
c list week --date 2025-03-10 >/dev/null
expect_reads "list week twice" C1 "list week" 2

# children, a child, a meeting
run1 "child list" "child list" child list
expect_reads "child list names all" C7 "child list" 1
c child show C3 >/dev/null
expect_reads "child show" C3 "child show" 1
M1=$(c task list --all --tsv | awk -F"$T" '$3 == "C1" { print $4; exit }')
c meeting show "$M1" >/dev/null
expect_reads "meeting show" C1 "meeting show" 1
run1 "consult list --case-mapping-due" "consult list" consult list --case-mapping-due

# mail drafts and the calendar
run1 "mail week" "mail week" mail week --date 2025-03-10 --to qa@example.org
run1 "mail chaser" "mail chaser" mail chaser --meeting "$M1" --to sw@example.org
run1 "export ics" "export ics" export ics --all --from 2025-03-01 --to 2025-04-30 --names

# ids only: the queue as TSV and the consultation list name no child
before=$(c audit --tsv | grep -c child.view)
c task list --all --tsv >/dev/null
c --as chair1 consult list >/dev/null
after=$(c audit --tsv | grep -c child.view)
[ "$before" = "$after" ] || { echo "FAIL: task list --tsv or consult list recorded reads ($before -> $after)"; fail=1; }

# a reader who may not see a child reads nothing of it, and records nothing
c --as sw2 list week --date 2025-03-10 >"$WORK/sw2.out" 2>&1
grep -q "Smith" "$WORK/sw2.out" && { echo "FAIL: sw2's list week names sw1's child"; fail=1; }
c audit --child C1 --tsv | awk -F"$T" '$3 == "sw2" && $4 == "child.view"' | grep -q . &&
    { echo "FAIL: sw2 recorded as reading C1"; fail=1; }

exit $fail

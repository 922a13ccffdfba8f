#!/bin/sh
# holidays.sh - issue 15: a store's bank holidays are its own.  No file a
# command names ($CPDESK_HOLIDAYS, a data directory) moves the deadlines
# written; `holidays use FILE` does, for those who may switch the policy,
# with a diff first and an audit entry, the future only; check-store
# agrees afterwards.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
fail=0
FAIL() { echo "FAIL: $*"; fail=1; }
DB="$WORK/store"
T=$(printf '\t')
c() { "$CPDESK" --db "$DB" --today 2025-03-10 "$@"; }
c init --policy policies/generic.yaml 2>/dev/null || { echo "FAIL: init"; exit 1; }
c worker add qam --name "Quin Manager" --role qa-manager 2>/dev/null
c worker add sw1 --name "Sol Worker" --role social-worker 2>/dev/null
c worker add chair1 --name "Cara Chair" --role cp-chair 2>/dev/null
c worker add mt1 --name "Mo Minutes" --role minute-taker 2>/dev/null
c child add C1 --name "Ada Brown" --social-worker sw1 2>/dev/null
M1=$(c meeting add C1 icpc 2025-04-11 --time 10:00 --chair chair1 --minute-taker mt1 2>/dev/null) ||
    FAIL "meeting add"
c task list --all --tsv >"$WORK/before" 2>/dev/null

# a file with a closure on Wednesday 2025-04-02: the steps counted back
# from the ICPC on 2025-04-11 across it move back a working day
cp data/bank-holidays.json "$WORK/plus.json"
sed -i '0,/"events": \[/s//"events": [{"title":"Borough closure","date":"2025-04-02","notes":"","bunting":false},/' \
    "$WORK/plus.json"
grep -q "Borough closure" "$WORK/plus.json" || FAIL "making the test file"

# the environment changes nothing written
CPDESK_HOLIDAYS="$WORK/plus.json" c task list --all --tsv >"$WORK/env" 2>/dev/null
cmp -s "$WORK/before" "$WORK/env" || FAIL "\$CPDESK_HOLIDAYS changed the deadlines shown"
M2=$(CPDESK_HOLIDAYS="$WORK/plus.json" c meeting add C1 rcpc 2025-07-11 --chair chair1 \
    --minute-taker mt1 --reason "test" 2>/dev/null) || FAIL "meeting add with \$CPDESK_HOLIDAYS"
c holidays show >"$WORK/show" 2>&1 || FAIL "holidays show"
grep -q "england-and-wales, 2018-2030" "$WORK/show" || { cat "$WORK/show"; FAIL "holidays show's division"; }
grep -q "plus.json" "$WORK/show" && FAIL "the store took the environment's file"

# only those who may switch the policy; a reason; the division
c --as sw1 holidays use "$WORK/plus.json" --reason x >/dev/null 2>"$WORK/sw.err"; rc=$?
[ "$rc" = 1 ] || FAIL "a social worker's holidays use: exit $rc"
c --as qam holidays use "$WORK/plus.json" >/dev/null 2>&1 && FAIL "holidays use with no reason"
printf '{"scotland":{"division":"scotland","events":[]}}' >"$WORK/scot.json"
c --as qam holidays use "$WORK/scot.json" --reason x >/dev/null 2>"$WORK/scot.err"; rc=$?
[ "$rc" = 2 ] || { cat "$WORK/scot.err"; FAIL "a file without the division: exit $rc"; }

# the diff writes nothing; use moves what the diff said
c task list --all --tsv >"$WORK/before" 2>/dev/null
c --as qam holidays diff "$WORK/plus.json" --tsv >"$WORK/diff" 2>/dev/null || FAIL "holidays diff"
c task list --all --tsv >"$WORK/after-diff" 2>/dev/null
cmp -s "$WORK/before" "$WORK/after-diff" || FAIL "holidays diff wrote"
moved=$(grep -c "^moved" "$WORK/diff")
[ "$moved" -gt 0 ] || { cat "$WORK/diff"; FAIL "the diff moves nothing"; }
c --as qam holidays use "$WORK/plus.json" --reason "borough closure day" >"$WORK/use" 2>&1 ||
    { cat "$WORK/use"; FAIL "holidays use"; }
grep -q "total: moved $moved," "$WORK/use" || { cat "$WORK/use"; FAIL "use moved other than the diff said"; }
grep -q "holidays.use" "$WORK/use" || FAIL "use names no audit entry"
c holidays show | grep -q "Borough closure" || FAIL "the store does not keep the new day"
c audit --tsv | awk -F"$T" '$4 == "holidays.use"' >"$WORK/audit"
grep -q 'reason="borough closure day"' "$WORK/audit" || { cat "$WORK/audit"; FAIL "the holidays.use entry"; }
grep -q "days=107" "$WORK/audit" && grep -q "days=108" "$WORK/audit" ||
    FAIL "the entry lacks the holidays before and after"
c check-store >/dev/null 2>&1 || FAIL "check-store after holidays use"
# the file may go: the store keeps its copy
rm "$WORK/plus.json"
c check-store >/dev/null 2>&1 || FAIL "check-store once the file is gone"
c task list --all --tsv >/dev/null 2>&1 || FAIL "task list once the file is gone"
exit $fail

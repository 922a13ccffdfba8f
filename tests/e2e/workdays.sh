#!/bin/sh
# workdays.sh - `cpdesk workdays` against the shipped bank holidays.
set -u
CPDESK_DATADIR="$TOP/data"
export CPDESK_DATADIR
unset CPDESK_HOLIDAYS
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect_out WANT ARGS...: stdout is WANT and the exit status 0.
expect_out() {
	want=$1; shift
	got=$("$CPDESK" workdays "$@" 2>"$WORK/err"); rc=$?
	[ "$rc" = 0 ] || fail "workdays $*: exit $rc: $(cat "$WORK/err")"
	[ "$got" = "$want" ] || fail "workdays $*: got '$got', want '$want'"
}

# expect_err STATUS MESSAGE ARGS...: exit STATUS, stderr is MESSAGE.
expect_err() {
	want_rc=$1; want=$2; shift 2
	got=$("$CPDESK" workdays "$@" 2>&1 >/dev/null); rc=$?
	[ "$rc" = "$want_rc" ] || fail "workdays $*: exit $rc, want $want_rc"
	[ "$got" = "$want" ] || fail "workdays $*: said '$got', want '$want'"
}

expect_out 2027-05-10 2027-05-11 -1
expect_out 2027-05-12 2027-05-11 1
expect_out 2027-05-11 2027-05-11 0
expect_out 2027-05-17 2027-05-15 1          # Saturday
expect_out 2027-06-01 2027-05-29 1          # Saturday before a bank holiday
expect_out 2027-12-29 2027-12-23 2          # Christmas 2027, substitutes
expect_out 2027-12-24 2027-12-29 -1

expect_err 2 "cpdesk: '2027-02-30' is not a date: February 2027 has 28 days" \
	2027-02-30 1
expect_err 2 "cpdesk: 2031-01-02 is outside the bank holidays known for england-and-wales (2018-2030): install a newer bank-holidays.json" \
	2031-01-02 1
expect_err 2 "cpdesk: 'ten' is not a number of working days: write a whole number such as 10 or -5" \
	2027-05-11 ten
expect_err 2 "cpdesk: 2001 working days is too many: at most 2000 either way" \
	2027-05-11 2001

# 2 January 2027 is a Saturday: Scotland takes Monday 4 January off.
grep -q '"date": "2027-01-04"' "$TOP/data/bank-holidays.json" ||
	fail "data/bank-holidays.json has no 2027-01-04 (Scotland's 2 January substitute)"
expect_out 2027-01-04 2027-01-01 1
expect_out 2027-01-04 --division england-and-wales 2027-01-01 1
expect_out 2027-01-05 --division scotland 2027-01-01 1
expect_out 2027-01-04 --division=scotland 2027-01-04 0

# --explain lists the skipped days on stderr, the answer alone on stdout.
got=$("$CPDESK" workdays --explain 2027-12-23 2 2>"$WORK/explain")
[ "$got" = 2027-12-29 ] || fail "--explain: stdout '$got'"
grep -q '^skipped 2027-12-27 Mon: Christmas Day (Substitute day)$' \
	"$WORK/explain" || fail "--explain: $(cat "$WORK/explain")"
[ "$(wc -l <"$WORK/explain")" -eq 4 ] ||
	fail "--explain: want 4 skipped days: $(cat "$WORK/explain")"

# --policy takes the division (and closures) from the policy.
expect_out 2027-12-29 --policy "$TOP/policies/generic.yaml" 2027-12-23 2

# --holidays and $CPDESK_HOLIDAYS pick the file.
expect_err 2 "cpdesk: $WORK/none.json: cannot open: No such file or directory" \
	--holidays "$WORK/none.json" 2027-05-11 1
CPDESK_HOLIDAYS="$WORK/none.json"; export CPDESK_HOLIDAYS
expect_err 2 "cpdesk: $WORK/none.json: cannot open: No such file or directory" \
	2027-05-11 1
unset CPDESK_HOLIDAYS

"$CPDESK" workdays --help >"$WORK/help" || fail "workdays --help: exit $?"
grep -q '^usage: cpdesk workdays ' "$WORK/help" || fail "workdays --help text"

[ "$fails" = 0 ]

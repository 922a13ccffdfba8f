#!/bin/sh
# run-unit.sh BIN... - run each cmocka test binary; fail if any fails.
# Ends with "unit: N passed, N failed" (test cases, summed over binaries).
status=0; passed=0; failed=0
log=$(mktemp "${TMPDIR:-/tmp}/cpdesk-unit.XXXXXX")
for t in "$@"; do
	"$t" >"$log" 2>&1 || { echo "FAILED: $t" >&2; status=1; }
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log")
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log")
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
	# a binary that died before its summary counts as one failure
	[ -z "$p$f" ] && failed=$((failed + 1))
done
rm -f "$log"
echo "unit: $passed passed, $failed failed"
exit $status

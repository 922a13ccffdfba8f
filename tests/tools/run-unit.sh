#!/bin/sh
# run-unit.sh BIN... - run each cmocka test binary; fail if any fails.
status=0
for t in "$@"; do
	"$t" || { echo "FAILED: $t" >&2; status=1; }
done
exit $status

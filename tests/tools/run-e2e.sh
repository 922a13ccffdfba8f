#!/bin/sh
# run-e2e.sh CPDESK SCRIPT... - run end-to-end scripts against the binary.
# Each script gets CPDESK (the binary), TOP (the source tree) and a private
# WORK directory; it exits non-zero on failure.  Prints the summary line
# "e2e: N passed, N failed" that CI reads.
bin=$1; shift
top=$(pwd)
pass=0; fail=0
for s in "$@"; do
	[ -f "$s" ] || continue
	case "$(basename "$s")" in lib_*) continue ;; esac  # sourced helpers
	work=$(mktemp -d "${TMPDIR:-/tmp}/cpdesk-e2e.XXXXXX")
	if CPDESK="$bin" TOP="$top" WORK="$work" sh "$s" >"$work/log" 2>&1; then
		pass=$((pass + 1)); echo "ok   $s"
		rm -rf "$work"
	else
		fail=$((fail + 1)); echo "FAIL $s (log: $work/log)"
		sed 's/^/    /' "$work/log" | tail -n 40
	fi
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" = 0 ]

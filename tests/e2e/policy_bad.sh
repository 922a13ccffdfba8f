#!/bin/sh
# policy_bad.sh - every file of tests/policy-bad/ is refused by
# `cpdesk policy check` with exit status 2, nothing on stdout, and the
# message (FILE:LINE:COL: ...) its first line promises:
#     # expect: <exact substring of the error>
# A file whose first line is "# helper" is only read by others (extends:).
# The shipped policies pass, one "ok" line each.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS
cd "$TOP" || exit 1
fail=0
n=0
for f in tests/policy-bad/*.yaml; do
	first=$(head -n 1 "$f")
	case $first in
	"# helper"*) continue ;;
	"# expect: "*) want=${first#"# expect: "} ;;
	*) echo "FAIL $f: first line is neither '# expect: ...' nor '# helper'"; fail=1; continue ;;
	esac
	n=$((n + 1))
	"$CPDESK" policy check "$f" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	if [ "$rc" != 2 ]; then
		echo "FAIL $f: exit $rc, want 2"; fail=1
	fi
	if [ -s "$WORK/out" ]; then
		echo "FAIL $f: stdout not empty:"; cat "$WORK/out"; fail=1
	fi
	if ! grep -qF -- "$want" "$WORK/err"; then
		echo "FAIL $f: stderr lacks: $want"; sed 's/^/    got: /' "$WORK/err"; fail=1
	fi
	if [ "$(wc -l <"$WORK/err")" != 1 ]; then
		echo "FAIL $f: want one line on stderr:"; cat "$WORK/err"; fail=1
	fi
done
echo "bad policy files checked: $n"
if [ "$n" -lt 24 ]; then
	echo "FAIL: only $n bad files in tests/policy-bad (want at least 24)"; fail=1
fi

# The shipped policies: exit 0, one ok line per file, nothing on stderr.
"$CPDESK" policy check policies/*.yaml >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" = 0 ] || { echo "FAIL: policy check policies/*.yaml exit $rc"; cat "$WORK/err"; fail=1; }
[ -s "$WORK/err" ] && { echo "FAIL: policy check policies/*.yaml wrote to stderr"; cat "$WORK/err"; fail=1; }
want=$(ls policies/*.yaml | wc -l)
got=$(grep -c ': ok: policy ' "$WORK/out")
[ "$got" = "$want" ] && [ "$(wc -l <"$WORK/out")" = "$want" ] ||
	{ echo "FAIL: want $want ok lines, got:"; cat "$WORK/out"; fail=1; }
for p in policies/*.yaml; do
	grep -q "^$p: ok: policy " "$WORK/out" || { echo "FAIL: no ok line for $p"; fail=1; }
done
grep -q '^policies/hounslow.yaml: ok: policy hounslow (.*), policies/hounslow.yaml <- policies/generic.yaml; 7 meeting types, 37 steps, 12 cadence rules; bank holidays england-and-wales 2018-2030$' "$WORK/out" ||
	{ echo "FAIL: hounslow summary"; fail=1; }

# One bad file among good ones: exit 2, the good ones still say ok.
"$CPDESK" policy check policies/generic.yaml tests/policy-bad/empty.yaml \
	policies/swindon.yaml >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" = 2 ] || { echo "FAIL: mixed check exit $rc, want 2"; fail=1; }
[ "$(grep -c ': ok: ' "$WORK/out")" = 2 ] || { echo "FAIL: mixed check stdout:"; cat "$WORK/out"; fail=1; }
grep -qF 'tests/policy-bad/empty.yaml:1:1: the file is empty' "$WORK/err" ||
	{ echo "FAIL: mixed check stderr:"; cat "$WORK/err"; fail=1; }

# No file at all is an error too.
"$CPDESK" policy check >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" = 2 ] && grep -q 'name at least one FILE' "$WORK/err" ||
	{ echo "FAIL: policy check with no FILE: exit $rc"; cat "$WORK/err"; fail=1; }
"$CPDESK" policy check "$WORK/missing.yaml" >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" = 2 ] && grep -qF "$WORK/missing.yaml: No such file or directory" "$WORK/err" ||
	{ echo "FAIL: missing file: exit $rc"; cat "$WORK/err"; fail=1; }

# Escaped control characters in a title are allowed but sanitised: no
# escape sequence reaches the terminal.
printf 'policy: ctl\ntitle: "Red \\e[31mtitle\\a"\ndivision: england-and-wales\n' >"$WORK/ctl.yaml"
"$CPDESK" policy check "$WORK/ctl.yaml" >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" = 0 ] || { echo "FAIL: ctl.yaml exit $rc"; cat "$WORK/err"; fail=1; }
grep -qF '(Red ?[31mtitle?)' "$WORK/out" || { echo "FAIL: ctl.yaml title not sanitised:"; cat -v "$WORK/out"; fail=1; }
if LC_ALL=C grep -q "$(printf '\033')" "$WORK/out"; then
	echo "FAIL: an escape character reached stdout"; fail=1
fi
exit $fail

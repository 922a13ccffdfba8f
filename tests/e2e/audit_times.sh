#!/bin/sh
# audit_times.sh - issue 20 part 9: audit times are ISO 8601 with their
# offset from UTC, in the local time zone ($TZ): `cpdesk audit` as text
# and as TSV, `policy show`, and the console's history of a child.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
ISO='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}'

TZ=UTC cpd audit --limit 1 >"$WORK/utc" || fail "audit"
grep -Eq "^#1 $ISO\+00:00 [^ ]+ store.init " "$WORK/utc" ||
    fail "audit (TZ=UTC): $(cat "$WORK/utc")"
# India has no summer time: +05:30 whatever the day the test runs
TZ=Asia/Kolkata cpd audit --limit 1 >"$WORK/ist" || fail "audit"
grep -Eq "^#1 $ISO\+05:30 " "$WORK/ist" || fail "audit (TZ=Asia/Kolkata): $(cat "$WORK/ist")"
# the same moment, five and a half hours on the clock apart
utc=$(sed -n '1s/^#1 \([^ ]*\) .*/\1/p' "$WORK/utc")
ist=$(sed -n '1s/^#1 \([^ ]*\) .*/\1/p' "$WORK/ist")
[ "$(date -d "$utc" +%s)" = "$(date -d "$ist" +%s)" ] ||
    fail "audit: $utc and $ist are not the same moment"
TZ=America/St_Johns cpd audit --tsv --limit 1 >"$WORK/tsv" || fail "audit --tsv"
awk -F'\t' 'NR == 2 { print $2 }' "$WORK/tsv" | grep -Eq "^$ISO-0[23]:30$" ||
    fail "audit --tsv (TZ=America/St_Johns): $(cat "$WORK/tsv")"
TZ=Asia/Kolkata cpd policy show >"$WORK/show" || fail "policy show"
grep -Eq "^set: +$ISO\+05:30 by " "$WORK/show" || fail "policy show: $(cat "$WORK/show")"

# the console: a child's history (the audit trail's: QA may read it)
TZ=Asia/Kolkata
export TZ
t_start 80 24 --as qadmin
t_keys 3
t_wait "Your children (0)"
t_keys /
t_type AB123
t_keys Enter
t_wait "Ada Brown"
t_keys Enter
t_wait "child.add by"
t_screen | grep -Eq "$ISO\+05:30  child.add by " || fail "the console's history"
exit 0

#!/bin/sh
# Issue 15 in the line-by-line mode: what it reads reaches stdout only
# once it is on the record.  With the store unable to grow (a file-size
# limit of 0: the audit entry cannot be written) --plain stops with exit
# 3 and "cannot record in the audit trail" before a child's name is
# written; the same without the limit writes the name (so the check can
# fail) and the reads are on the record.
TODAY=2027-05-10
. "$TOP/tests/e2e/lib_cli.sh"

ok init init --policy "$TOP/policies/generic.yaml"
ok w1 worker add asocial --name "Ann Social" --role social-worker
ok w2 worker add cchair --name "Carol Chair" --role cp-chair
ok child child add AB123 --name "Ada Brown" --social-worker asocial
ok meeting meeting add AB123 icpc 2027-05-17 --time 10:00 --chair cchair \
    --anchor s47-start=2027-04-26
printf 'children\n1\nquit\n' >"$WORK/in"

# plain NAME LIMIT: --plain as asocial, stdout, stderr and "[exit N]"
# through a pipe into $WORK/NAME.all (a file would be under the limit)
plain() {
	( eval "$2"
	  "$CPDESK" --db "$DB" --today "$TODAY" --as asocial --plain \
	      <"$WORK/in" 2>&1
	  echo "[exit $?]" ) | cat >"$WORK/$1.all"
}

plain limited "trap '' XFSZ; ulimit -f 0"
check "with a full disk: exit 3" grep -qx "\[exit 3\]" "$WORK/limited.all"
check "with a full disk: says why" \
    grep -q "cannot record in the audit trail" "$WORK/limited.all"
check "with a full disk: no child's name without a read on record" \
    sh -c "! grep -q 'Ada Brown' '$WORK/limited.all'"
ok audit0 audit --child AB123 --tsv
check "no read recorded" sh -c "! grep -q child.view '$WORK/audit0.out'"

plain free ""
check "without the limit: exit 0" grep -qx "\[exit 0\]" "$WORK/free.all"
check "without the limit: the name is written (the check above can fail)" \
    grep -q "AB123 Ada Brown" "$WORK/free.all"
ok audit1 audit --child AB123 --tsv
has audit1 "child.view"
[ "$fail" = 0 ] || cat "$WORK/limited.all" "$WORK/free.all"
exit $fail

#!/bin/sh
# The line-by-line mode acts on the row it is told: on the demo store,
# opening row 1 of the queue and then "edit 3" corrects row 3's child,
# not row 1's (the queue takes the child from the detail, which follows
# the row picked as it follows the console's cursor); "edit" alone then
# works on row 3, the one selected.
TODAY=2027-05-10
. "$TOP/tests/e2e/lib_cli.sh"
ok init init --policy "$TOP/policies/generic.yaml"
ok demo demo
printf '1\nedit 3\n.\nedit\n.\nquit\n' >"$WORK/in"
run pick --plain <"$WORK/in"
expect pick 0
child_of() { # ROW: the child named on the queue's row ROW
	grep -m1 "^$1\. Due " "$WORK/pick.out" | sed 's/^[0-9]*\. Due [^:]*: \([^,]*\),.*/\1/'
}
one=$(child_of 1) three=$(child_of 3)
check "rows 1 and 3 name children ('$one', '$three')" test -n "$one" -a -n "$three"
check "rows 1 and 3 are different children (else this proves nothing)" \
    test "$one" != "$three"
has pick "$one ("                       # row 1 opened
check "edit 3, then edit, correct row 3's child" \
    test "$(grep -c "^Correct $three (" "$WORK/pick.out")" = 2
lacks pick "Correct $one ("
exit $fail

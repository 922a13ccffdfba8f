#!/bin/sh
# An unknown login gets one line saying who to ask, exit 1, and no
# curses; TERM=dumb and a non-terminal get one clear line too.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
out=$("$CPDESK" --db "$DB" --as nobody 2>"$WORK/err" </dev/null)
rc=$?
[ "$rc" = 1 ] || fail "unknown login: exit $rc, expected 1"
[ -z "$out" ] || fail "unknown login wrote to stdout: $out"
[ "$(wc -l <"$WORK/err")" = 1 ] || fail "unknown login: not one line: $(cat "$WORK/err")"
grep -q "cpdesk: no worker 'nobody' in the store at $DB: ask your QA administrator to add you (cpdesk worker add)" \
    "$WORK/err" || fail "unknown login message: $(cat "$WORK/err")"

# in a real terminal too: the same line, and the terminal left alone
t_start 80 24 --as nobody
t_wait "cpdesk: no worker 'nobody'"
t_wait "[exit 1]"
t_cleanup

T_TERM=dumb t_start 80 24 --as asocial
t_wait "(TERM is 'dumb')"
t_wait "[exit 2]"
t_cleanup

"$CPDESK" --db "$DB" --as asocial </dev/null >"$WORK/out" 2>"$WORK/err"
[ $? = 2 ] || fail "not a tty: wrong exit"
grep -q "needs a terminal" "$WORK/err" || fail "not a tty: $(cat "$WORK/err")"

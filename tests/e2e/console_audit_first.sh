#!/bin/sh
# Issue 15: what the console shows reaches the terminal only once it is on
# the record.  With the store unable to grow (a file-size limit of 0, so
# the audit entry cannot be written) the console stops with exit 3 and
# "cannot record in the audit" before a child's name is drawn -- seen in
# the raw bytes sent to the terminal, not only on the last screen.  The
# same start without the limit draws the name (so the check can fail).
. "$TOP/tests/e2e/lib_tmux.sh"
t_store

# raw_start NAME LIMIT: the console as asocial, every byte it writes to
# the terminal kept in $WORK/NAME.raw, its stderr and then "[exit N]" in
# $WORK/NAME.err (through a pipe: a file would be under the limit too);
# LIMIT runs first in the console's own shell.
cat >"$WORK/console.sh" <<EOS
#!/bin/sh
while [ ! -e "$WORK/go" ]; do sleep 0.05; done
( eval "\$2"; TERM=screen "$CPDESK" --db "$DB" --today $TODAY --as asocial 2>&1 >/dev/tty
  echo "[exit \$?]" ) | cat >"$WORK/\$1.err"
sleep 600
EOS
raw_start() {
	T_N=$((T_N + 1))
	TMUX_SOCK="cpdesk-test-$$-$T_N"
	rm -f "$WORK/go"
	t_tmux new-session -d -x 80 -y 24 "sh '$WORK/console.sh' '$1' \"$2\"" ||
	    fail "tmux would not start"
	t_tmux pipe-pane -t 0 -o "cat >>'$WORK/$1.raw'" || fail "tmux pipe-pane"
	touch "$WORK/go"
}
# ended NAME: wait for its "[exit N]" line; prints N
ended() {
	for _ in $(seq 1 100); do
		n=$(sed -n 's/^\[exit \([0-9]*\)\]$/\1/p' "$WORK/$1.err" 2>/dev/null)
		[ -n "$n" ] && { echo "$n"; return 0; }
		sleep 0.1
	done
	echo none
}

raw_start limited "trap '' XFSZ; ulimit -f 0"
[ "$(ended limited)" = 3 ] || { cat "$WORK/limited.err"; fail "the console with a full disk: want exit 3"; }
grep -q "cannot record in the audit" "$WORK/limited.err" ||
	{ cat "$WORK/limited.err"; fail "the console did not say why it stopped"; }
grep -q "Ada Brown" "$WORK/limited.raw" && fail "a child's name reached the terminal with no read on record"
[ "$(cpd audit --child AB123 --tsv | grep -c child.view)" = 0 ] ||
	fail "a read was recorded though the audit could not be written"
t_cleanup

raw_start free ""
t_wait "Ada Brown (AB123)"
t_keys q
[ "$(ended free)" = 0 ] || { cat "$WORK/free.err"; fail "the console without the limit: want exit 0"; }
grep -q "Ada Brown" "$WORK/free.raw" || fail "the raw terminal log does not hold what was drawn: the check above proves nothing"
[ "$(cpd audit --child AB123 --tsv | grep -c child.view)" -ge 1 ] ||
	fail "the console's reads were not recorded"
exit 0

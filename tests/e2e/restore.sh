#!/bin/sh
# restore.sh - a backup taken while four processes write, checked with
# backup --verify, restored: the restored store's audit trail, tasks and
# children are those of the backup, byte for byte; the replaced store is
# kept beside it (with the work done after the backup) and still opens.
# Refused, the store untouched: while a reader or a console has the store
# open (exit 1), a copy cut short (exit 2; backup --verify says 2 too),
# the store itself given as the backup (2), someone not its owner (1).
TODAY=2025-03-10
. "$TOP/tests/e2e/lib_cli.sh"
PROBE=${READER_PROBE:-$(dirname "$CPDESK")/tests/reader_probe}
ME=$(id -un)
writers=""
cleanup() {
	touch "$WORK/stop"
	for p in $writers; do wait "$p" 2>/dev/null; done
	[ -n "${TMUX_SOCK:-}" ] && tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM
cpd() { "$CPDESK" --db "$DB" --today "$TODAY" "$@"; }
# the store's identity: a restore changes it, a refusal must not
ident() { stat -c '%i' "$DB/data.mdb"; }
# what a store holds, read as a person would (the audit first: child
# list adds its own reads to the trail)
records() {
	"$CPDESK" --db "$1" --today "$TODAY" audit --tsv >"$2.audit" &&
	"$CPDESK" --db "$1" --today "$TODAY" task list --all --status any \
	    --tsv >"$2.tasks" &&
	"$CPDESK" --db "$1" --today "$TODAY" child list --tsv >"$2.children"
}
kept() { find "$WORK" -maxdepth 1 -name '.store.replaced-*' | wc -l; }

cpd init --policy policies/generic.yaml 2>/dev/null &&
    cpd demo --children 300 >/dev/null 2>&1 || { echo "FAIL: the store"; exit 1; }

# four writers add children until told to stop
for w in 1 2 3 4; do
	( n=0; while [ ! -e "$WORK/stop" ]; do
		n=$((n + 1))
		cpd child add "W${w}N$n" --name "Writer $w child $n" \
		    --social-worker "$ME" >/dev/null 2>&1 || exit 1
	done ) &
	writers="$writers $!"
done
sleep 1
ok backup backup "$WORK/bk"
sleep 0.5
touch "$WORK/stop"
for p in $writers; do wait "$p" || { echo "FAIL: a writer failed"; fail=1; }; done
writers=""
rm -f "$WORK/stop"
ok late child add LATE1 --name "After the backup" --social-worker "$ME"

# backup --verify: a good copy passes; one cut short is exit 2
ok verify backup --verify "$WORK/bk"
has verify "a whole, consistent backup"
cp -r "$WORK/bk" "$WORK/cut"
truncate -s 65536 "$WORK/cut/data.mdb"
run verify_cut backup --verify "$WORK/cut"
expect verify_cut 2 "is not a whole, consistent backup"

# what the backup holds, read from a copy of it (reads leave audit
# entries: the backup itself stays as it was made)
cp -a "$WORK/bk" "$WORK/view"
records "$WORK/view" "$WORK/want" || { echo "FAIL: reading the backup"; fail=1; }
check "the backup has the writers' children" grep -q "Writer 1 child" "$WORK/want.children"
check "the backup lacks what came after" sh -c "! grep -q LATE1 '$WORK/want.children'"

before=$(ident)
# refused while a reader holds the store open
"$PROBE" "$DB" "$WORK/stop" >/dev/null 2>&1 &
probe=$!
sleep 0.5
run busy restore "$WORK/bk"
expect busy 1 "is in use (process $probe has it open)"
touch "$WORK/stop"; wait "$probe"; rm -f "$WORK/stop"
# refused while a console is open
TMUX_SOCK="cpdesk-restore-$$"
tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 100 -y 30 \
    "TERM=screen $CPDESK --db '$DB' --today $TODAY; sleep 600"
i=0
until tmux -L "$TMUX_SOCK" capture-pane -p -t 0 | grep -q "Queue"; do
	i=$((i + 1)); [ $i -gt 100 ] && { echo "FAIL: no console"; fail=1; break; }
	sleep 0.1
done
run busy_console restore "$WORK/bk"
expect busy_console 1 "is in use"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
TMUX_SOCK=""
sleep 0.3
# refused: a copy cut short, the store itself, someone else
run cut restore "$WORK/cut"
expect cut 2 "is not a whole, consistent backup"
run itself restore "$DB"
expect itself 2 "is the store itself"
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	chmod 711 "$WORK"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$CPDESK" --db "$DB" restore "$WORK/bk" >/dev/null 2>"$WORK/other.err"
	rc=$?
	expect other 1 "is not yours"
	chmod 700 "$WORK"
fi
check "a refused restore leaves the store" [ "$(ident)" = "$before" ]
check "a refused restore keeps nothing aside" [ "$(kept)" = 0 ]
ok still child show LATE1

# the restore
ok restore restore "$WORK/bk"
check "one line on stderr" [ "$(wc -l <"$WORK/restore.err")" = 1 ]
check "it says where the old store is" grep -q "kept in $WORK/.store.replaced-" "$WORK/restore.err"
check "the store was replaced" [ "$(ident)" != "$before" ]
check "the store's modes" [ "$(stat -c %a "$DB") $(stat -c %a "$DB/data.mdb")" = "700 600" ]
records "$DB" "$WORK/got" || { echo "FAIL: reading the restored store"; fail=1; }
for f in audit tasks children; do
	cmp -s "$WORK/want.$f" "$WORK/got.$f" ||
	    { echo "FAIL: restored $f differ from the backup's"; diff "$WORK/want.$f" "$WORK/got.$f" | head -5; fail=1; }
done
ok check check-store
run gone child show LATE1
expect gone 2
# the replaced store, kept: whole, with the work after the backup
check "one store kept aside" [ "$(kept)" = 1 ]
old=$(find "$WORK" -maxdepth 1 -name '.store.replaced-*')
"$CPDESK" --db "$old" check-store >/dev/null 2>&1 || { echo "FAIL: the kept store does not check out"; fail=1; }
"$CPDESK" --db "$old" child show LATE1 >/dev/null 2>&1 || { echo "FAIL: the kept store lacks LATE1"; fail=1; }
# and the backup is still a backup (it was copied, not moved)
ok verify_after backup --verify "$WORK/bk"
exit $fail

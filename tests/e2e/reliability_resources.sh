#!/bin/sh
# reliability_resources.sh - running out of disk, map and memory.
#
#  1. a file-size limit (ulimit -f) just above the store's size: a large
#     demo and a large import each fail with exit 3 and one line saying
#     nothing was written;
#  2. a full disk: a 1 MiB tmpfs (root only; skipped when mount fails)
#     holding the store: the same;
#  3. a full map: CPDESK_MAX_MAPSIZE caps the map's growth: "the store is
#     full", exit 3;
#  4. out of memory: ulimit -v a little above what cpdesk needs to start,
#     and a 36 MB CSV: exit 3, "out of memory", no crash (skipped under
#     AddressSanitizer, which needs terabytes of address space).
# After each failure the store is unchanged (the same records, the same
# audit trail), check-store passes, and a small write then works.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB CPDESK_MAX_MAPSIZE
cd "$TOP" || exit 1
fail=0
bad() { echo "FAIL $*"; fail=1; }

MNT=""
cleanup() {
	if [ -n "$MNT" ]; then
		umount "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null
		rmdir "$MNT" 2>/dev/null
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

awk 'BEGIN {
	print "record,login,name,roles,manager,id,social_worker,child,type,date,chair,minute_taker"
	print "worker,kchair,K Chair,cp-chair,,,,,,,,"
	print "worker,kmt,K Minutes,minute-taker,,,,,,,,"
	for (i = 1; i <= 100; i++) printf "worker,ksw%d,Worker %d,social-worker,,,,,,,,\n", i, i
	for (i = 1; i <= 1500; i++) printf "child,,Child %d,,,K%d,ksw%d,,,,,\n", i, i, i % 100 + 1
	for (i = 1; i <= 3000; i++) printf "meeting,,,,,,,K%d,icpc,2025-04-%02d,kchair,kmt\n", i % 1500 + 1, i % 28 + 1
}' >"$WORK/big.csv"

# snapshot DB NAME: what a failed write must not change.
snapshot() {
	{ "$CPDESK" --db "$1" worker list --tsv
	  "$CPDESK" --db "$1" child list --tsv
	  "$CPDESK" --db "$1" task list --all --status any --tsv
	  "$CPDESK" --db "$1" audit --tsv; } >"$WORK/$2" 2>&1
}
# fails_cleanly WHAT WANT-SUBSTRING: the last command's rc in $rc and
# stderr in $WORK/err: exit 3, one line, the substring.
fails_cleanly() {
	if [ "$rc" != 3 ]; then
		bad "$1: exit $rc, want 3: $(head -c 300 "$WORK/err")"
	elif [ "$(wc -l <"$WORK/err")" != 1 ]; then
		bad "$1: want one line on stderr, got:"; head -5 "$WORK/err"
	elif ! grep -q "$2" "$WORK/err"; then
		bad "$1: want '$2' in: $(cat "$WORK/err")"
	else
		echo "ok: $1: $(cat "$WORK/err")"
	fi
}
# still_usable DB WHAT: unchanged since snapshot, consistent, writable.
still_usable() {
	snapshot "$1" after
	cmp -s "$WORK/before" "$WORK/after" || { bad "$2: the failed write changed the store"; diff "$WORK/before" "$WORK/after" | head -5; }
	"$CPDESK" --db "$1" check-store >"$WORK/chk" 2>&1 || { bad "$2: check-store: $(cat "$WORK/chk")"; }
	"$CPDESK" --db "$1" worker add "later$3" --name "Later" --role social-worker \
	    >/dev/null 2>"$WORK/err2" || bad "$2: a small write afterwards failed: $(cat "$WORK/err2")"
	"$CPDESK" --db "$1" check-store >"$WORK/chk" 2>&1 || { bad "$2: check-store after the small write: $(cat "$WORK/chk")"; }
}

# ---- 1. file-size limit -------------------------------------------------------
DB="$WORK/fsize"
"$CPDESK" --db "$DB" init --policy policies/generic.yaml 2>/dev/null || bad "init"
snapshot "$DB" before
# ulimit -f counts 512-byte blocks in sh(1); 64 KiB above the store's size.
blocks=$(( $(wc -c <"$DB/data.mdb") / 512 + 128 ))
( ulimit -f $blocks; exec "$CPDESK" --db "$DB" --today 2025-03-12 demo --children 2000 ) \
    >/dev/null 2>"$WORK/err"
rc=$?
fails_cleanly "demo past ulimit -f" "nothing was written"
still_usable "$DB" "ulimit -f demo" 1
snapshot "$DB" before
blocks=$(( $(wc -c <"$DB/data.mdb") / 512 + 128 ))
( ulimit -f $blocks; exec "$CPDESK" --db "$DB" import "$WORK/big.csv" ) >/dev/null 2>"$WORK/err"
rc=$?
fails_cleanly "import past ulimit -f" "nothing was written"
still_usable "$DB" "ulimit -f import" 2

# ---- 2. a full tmpfs -------------------------------------------------------------
if [ "$(id -u)" = 0 ] && MNT=$(mktemp -d "${TMPDIR:-/tmp}/cpdesk-full.XXXXXX") &&
   mount -t tmpfs -o size=1m,mode=0700 cpdesk-test "$MNT" 2>/dev/null; then
	DB="$MNT/store"
	"$CPDESK" --db "$DB" init --policy policies/generic.yaml 2>/dev/null || bad "init on tmpfs"
	snapshot "$DB" before
	"$CPDESK" --db "$DB" --today 2025-03-12 demo --children 2000 >/dev/null 2>"$WORK/err"
	rc=$?
	fails_cleanly "demo on a full disk" "nothing was written"
	still_usable "$DB" "full disk demo" 3
	snapshot "$DB" before
	"$CPDESK" --db "$DB" import "$WORK/big.csv" >/dev/null 2>"$WORK/err"
	rc=$?
	fails_cleanly "import on a full disk" "nothing was written"
	still_usable "$DB" "full disk import" 4
	umount "$MNT" && rmdir "$MNT" && MNT=""
else
	[ -n "$MNT" ] && rmdir "$MNT" 2>/dev/null
	MNT=""
	echo "skipped: full disk on tmpfs (not root, or mount -t tmpfs failed)"
fi

# ---- 3. a full map ----------------------------------------------------------------
DB="$WORK/map"
CPDESK_MAX_MAPSIZE=512K "$CPDESK" --db "$DB" init --policy policies/generic.yaml 2>/dev/null ||
    bad "init with CPDESK_MAX_MAPSIZE"
# Under the cap throughout: a read may write (the compiled policy and
# bank holidays it keeps), and a write without the cap records the
# default map size in the store.
CPDESK_MAX_MAPSIZE=512K snapshot "$DB" before
CPDESK_MAX_MAPSIZE=512K "$CPDESK" --db "$DB" --today 2025-03-12 demo --children 2000 \
    >/dev/null 2>"$WORK/err"
rc=$?
fails_cleanly "demo past CPDESK_MAX_MAPSIZE" "the store is full"
CPDESK_MAX_MAPSIZE=512K still_usable "$DB" "full map" 5
CPDESK_MAX_MAPSIZE=12x "$CPDESK" --db "$DB" check-store >/dev/null 2>"$WORK/err"
rc=$?
[ $rc = 2 ] && grep -q CPDESK_MAX_MAPSIZE "$WORK/err" ||
    bad "a bad CPDESK_MAX_MAPSIZE: exit $rc: $(cat "$WORK/err")"

# ---- 4. out of memory ---------------------------------------------------------------
if [ -n "$CPDESK_SANITIZED" ] || ldd "$CPDESK" 2>/dev/null | grep -q asan; then
	echo "skipped: out of memory (ulimit -v and AddressSanitizer do not mix)"
else
	DB="$WORK/oom"
	# a 1 MiB map, so the address space limit is about the heap
	export CPDESK_MAX_MAPSIZE=1M
	"$CPDESK" --db "$DB" init --policy policies/generic.yaml 2>/dev/null ||
	    bad "init for oom"
	# the least address space (KiB, in 16 MiB steps) cpdesk needs to list
	base=""
	for kb in 65536 81920 98304 114688 131072 163840 196608 262144 393216 524288; do
		if ( ulimit -v $kb; exec "$CPDESK" --db "$DB" worker list ) >/dev/null 2>&1; then
			base=$kb; break
		fi
	done
	if [ -z "$base" ]; then
		bad "cpdesk would not run even with 512 MiB of address space"
	else
		awk 'BEGIN {
			print "record,login,name,roles,manager,id,social_worker,child,type,date,chair,minute_taker"
			for (i = 1; i <= 400000; i++)
				printf "worker,w%d,Worker number %d with a long name to fill memory,social-worker,,,,,,,,\n", i, i
		}' >"$WORK/huge.csv"
		snapshot "$DB" before
		( ulimit -v $((base + 32768)); exec "$CPDESK" --db "$DB" import "$WORK/huge.csv" ) \
		    >/dev/null 2>"$WORK/err"
		rc=$?
		fails_cleanly "import of 36 MB within $(( (base + 32768) / 1024 )) MiB" "out of memory"
		still_usable "$DB" "out of memory" 6
		rm -f "$WORK/huge.csv"
	fi
	unset CPDESK_MAX_MAPSIZE
fi
exit $fail

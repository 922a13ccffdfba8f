#!/bin/sh
# crash_kill.sh - SIGKILL a writer at random points during a large import
# (20 runs) and a large demo (10 runs).  After each kill the store opens,
# check-store finds every index in step with its records, and the import
# (or the demo) is either all there or not there at all: each is one
# write transaction.  The delays are random but seeded, so a failure can
# be replayed with the same CRASH_SEED.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
seed=${CRASH_SEED:-$$}
echo "CRASH_SEED=$seed"
fail=0 killed=0 whole=0

awk 'BEGIN {
	print "record,login,name,roles,manager,id,social_worker,child,type,date,chair,minute_taker"
	print "worker,kchair,K Chair,cp-chair,,,,,,,,"
	print "worker,kmt,K Minutes,minute-taker,,,,,,,,"
	for (i = 1; i <= 150; i++) printf "worker,ksw%d,Worker %d,social-worker,,,,,,,,\n", i, i
	for (i = 1; i <= 2000; i++) printf "child,,Child %d,,,K%d,ksw%d,,,,,\n", i, i, i % 150 + 1
	for (i = 1; i <= 4000; i++) printf "meeting,,,,,,,K%d,icpc,2025-04-%02d,kchair,kmt\n", i % 2000 + 1, i % 28 + 1
}' >"$WORK/big.csv"

delay() { # RUN MAX-SECONDS: a seeded random delay
	awk -v s="$seed" -v r="$1" -v m="$2" 'BEGIN { srand(s * 100 + r); printf "%.3f", rand() * m }'
}
count() { # DB KIND: rows of `KIND list --tsv`, header excluded
	"$CPDESK" --db "$1" "$2" list --tsv 2>/dev/null | tail -n +2 | wc -l
}

# Time one unkilled import so kills spread over its whole run.
db="$WORK/timing"
"$CPDESK" --db "$db" init --policy policies/generic.yaml 2>/dev/null
start=$(date +%s%N)
"$CPDESK" --db "$db" import "$WORK/big.csv" 2>/dev/null || { echo "FAIL timing import"; exit 1; }
full_w=$(count "$db" worker) full_c=$(count "$db" child)
span=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 * 1.2 }')
rm -rf "$db"

killrun() { # DB RUN SPAN CMD...: start CMD, kill -9 it after a delay
	db=$1 run=$2 max=$3; shift 3
	"$CPDESK" --db "$db" --today 2025-03-12 "$@" >/dev/null 2>&1 &
	pid=$!
	sleep "$(delay "$run" "$max")"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	if ! "$CPDESK" --db "$db" check-store >"$WORK/check.out" 2>&1; then
		echo "FAIL run $run: check-store after kill:"; cat "$WORK/check.out"; fail=1
	fi
}

run=1
while [ $run -le 20 ]; do
	db="$WORK/imp$run"
	"$CPDESK" --db "$db" init --policy policies/generic.yaml 2>/dev/null
	killrun "$db" "$run" "$span" import "$WORK/big.csv"
	w=$(count "$db" worker) c=$(count "$db" child)
	if [ "$w" = "$full_w" ] && [ "$c" = "$full_c" ]; then
		whole=$((whole + 1))
	elif [ "$w" != 0 ] || [ "$c" != 0 ]; then
		echo "FAIL run $run: half an import: $w workers, $c children"; fail=1
	elif [ $run -le 3 ]; then
		# Killed before the commit: the store takes the import afterwards.
		"$CPDESK" --db "$db" import "$WORK/big.csv" 2>/dev/null &&
		[ "$(count "$db" child)" = "$full_c" ] ||
		    { echo "FAIL run $run: import after the kill"; fail=1; }
	fi
	rm -rf "$db"
	run=$((run + 1))
done
echo "import: $killed kills landed, $whole runs had the whole import"

# Time one unkilled demo likewise.
db="$WORK/timing"
"$CPDESK" --db "$db" init --policy policies/generic.yaml 2>/dev/null
start=$(date +%s%N)
"$CPDESK" --db "$db" --today 2025-03-12 demo --children 3000 --families 20 2>/dev/null ||
    { echo "FAIL timing demo"; exit 1; }
dspan=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 * 1.2 }')
rm -rf "$db"

dk=0
while [ $run -le 30 ]; do
	db="$WORK/demo$run"
	"$CPDESK" --db "$db" init --policy policies/generic.yaml 2>/dev/null
	before=$killed
	killrun "$db" "$run" "$dspan" demo --children 3000 --families 20 \
	    --seed "$run"
	dk=$((dk + killed - before))
	# all or nothing: 3000 children and 20 households of 2-4 more
	c=$(count "$db" child) f=$(count "$db" family)
	if [ "$c$f" != 00 ] && { [ "$f" != 20 ] || [ "$c" -lt 3040 ] ||
	                         [ "$c" -gt 3080 ]; }; then
		echo "FAIL run $run: half a demo: $c children, $f families"; fail=1
	fi
	rm -rf "$db"
	run=$((run + 1))
done
echo "demo: $dk kills landed"
exit $fail

#!/bin/sh
# backup_kill.sh - issue 15: `backup` killed (SIGKILL) at a random moment,
# BACKUP_KILLS times (100), leaves either no target directory or a whole
# copy that opens and checks out -- never a half one -- and the store
# itself unharmed.  Random moments are seeded: BACKUP_SEED replays a run.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
fail=0
DB="$WORK/store"
runs=${BACKUP_KILLS:-100}
seed=${BACKUP_SEED:-$$}
echo "BACKUP_SEED=$seed"
"$CPDESK" --db "$DB" init --policy "$TOP/policies/generic.yaml" 2>/dev/null &&
    "$CPDESK" --db "$DB" --today 2025-03-10 demo --children 3000 >/dev/null 2>&1 ||
    { echo "FAIL: making the store"; exit 1; }
# how long a whole backup takes, to spread the kills over it
t0=$(date +%s%N)
"$CPDESK" --db "$DB" backup "$WORK/whole" 2>/dev/null || { echo "FAIL: backup"; exit 1; }
span=$(( ($(date +%s%N) - t0) / 1000 ))      # microseconds
delays=$(awk -v n="$runs" -v s="$seed" -v span="$span" \
    'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.6f\n", rand() * span * 1.2 / 1e6 }')
whole=0 none=0 i=0
for d in $delays; do
	i=$((i + 1))
	t="$WORK/bk.$i"
	"$CPDESK" --db "$DB" backup "$t" 2>/dev/null &
	pid=$!
	sleep "$d"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ -e "$t" ]; then
		if "$CPDESK" --db "$t" check-store >"$WORK/check" 2>&1; then
			whole=$((whole + 1))
		else
			echo "FAIL: run $i (after ${d}s): a target that does not check out:"
			cat "$WORK/check"; fail=1
		fi
		rm -rf "$t"
	else
		none=$((none + 1))
	fi
done
# what killed runs leave is a hidden working directory, never the target
left=$(find "$WORK" -maxdepth 1 -name '.bk.*.cpdesk-*' | wc -l)
echo "$runs kills: $whole whole copies, $none with no target, $left working directories left"
[ $((whole + none)) = "$runs" ] || fail=1
"$CPDESK" --db "$DB" check-store >/dev/null 2>&1 || { echo "FAIL: the store after the kills"; fail=1; }
# a copy cut short (what the old backup left when killed) is refused in
# one line, not a crash of whoever opens it
cp -r "$WORK/whole" "$WORK/cut"
truncate -s 65536 "$WORK/cut/data.mdb"
"$CPDESK" --db "$WORK/cut" check-store >"$WORK/cut.out" 2>&1; rc=$?
[ "$rc" = 3 ] && grep -q "cut short" "$WORK/cut.out" ||
    { echo "FAIL: a cut-short store: exit $rc"; cat "$WORK/cut.out"; fail=1; }
exit $fail

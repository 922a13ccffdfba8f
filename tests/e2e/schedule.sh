#!/bin/sh
# schedule.sh - scheduled work (doc/deployment.md, "Scheduled lists and
# backups"): make install puts the systemd units and timers under
# PREFIX/lib/systemd/system, `systemd-analyze verify` passes them, the
# month-ahead list's condition knows the first working day, and
# cpdesk-mail-list mails a list only when cpdesk made it -- run by a real
# cron, in cron's own environment (PATH=/usr/bin:/bin).
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
fail=0
R="$WORK/root"
UNITS="$R/usr/local/lib/systemd/system"

# ---- install: DESTDIR honoured.  The default PREFIX (/usr/local), the
# one build/ was made with: another would rebuild the shared build tree.
make --no-print-directory install DESTDIR="$R" >"$WORK/install.log" 2>&1 ||
    { echo "FAIL make install:"; tail -n 20 "$WORK/install.log"; exit 1; }
# PREFIX reaches the units (made in a build directory of the test's own).
make --no-print-directory BUILD="$WORK/b" PREFIX=/opt/cp \
    "$WORK/b/systemd/cpdesk-month@.service" >/dev/null 2>&1 &&
    grep -q '^ExecCondition=/opt/cp/lib/cpdesk/cpdesk-first-working-day$' \
        "$WORK/b/systemd/cpdesk-month@.service" ||
    { echo "FAIL PREFIX does not reach the units"; fail=1; }
for u in monday month backup; do
	for k in service timer; do
		[ -f "$UNITS/cpdesk-$u@.$k" ] || { echo "FAIL not installed: cpdesk-$u@.$k"; fail=1; }
	done
done
for f in "$R/usr/local/bin/cpdesk-mail-list" "$R/usr/local/lib/cpdesk/cpdesk-first-working-day"; do
	[ -x "$f" ] || { echo "FAIL not installed: $f"; fail=1; }
done
grep -q '^ExecStart=/usr/local/bin/cpdesk mail week' "$UNITS/cpdesk-monday@.service" ||
    { echo "FAIL the unit does not run PREFIX/bin/cpdesk"; fail=1; }
grep -q '@[A-Z]*@' "$UNITS"/cpdesk-* && { echo "FAIL a placeholder left in a unit"; fail=1; }
# The setgid cpdesk must keep its group: nothing that sets no_new_privs.
for u in "$UNITS"/cpdesk-*@.service; do
	grep -q '^NoNewPrivileges=no' "$u" || { echo "FAIL $u: NoNewPrivileges"; fail=1; }
	grep -Eq '^(PrivateDevices|SystemCallFilter|RestrictSUIDSGID|MemoryDenyWriteExecute|LockPersonality|ProtectKernel[A-Za-z]*|RestrictNamespaces|RestrictAddressFamilies|DynamicUser)=' "$u" &&
	    { echo "FAIL $u: an option that implies NoNewPrivileges"; fail=1; }
	grep -q '^User=cpdesk-qa' "$u" || { echo "FAIL $u: not its own user"; fail=1; }
done

# ---- systemd-analyze verify, offline: in a root of its own (--root)
# that has the system's units and the commands the units run, no
# running systemd needed; --man=no: the man page is not in that root.
mkdir -p "$R/bin" "$R/usr/bin"
cp -L /bin/sh "$R/bin/sh" && cp -L /usr/bin/find "$R/usr/bin/find"
mkdir -p "$R/usr/lib/systemd/system"
cp -an /usr/lib/systemd/system/. "$R/usr/lib/systemd/system/"
verify() { systemd-analyze verify --man=no --root="$R" "$@" >"$WORK/verify.out" 2>&1; }
if ! verify "$UNITS"/cpdesk-*@.service "$UNITS"/cpdesk-*@.timer || [ -s "$WORK/verify.out" ]; then
	echo "FAIL systemd-analyze verify:"; cat "$WORK/verify.out"; fail=1
fi
# ... and it can fail: a unit whose command is not there.
sed 's|^ExecStart=/usr/local/bin/cpdesk |ExecStart=/usr/local/bin/cpdesk-nowhere |' \
    "$UNITS/cpdesk-month@.service" >"$UNITS/cpdesk-broken@.service"
verify "$UNITS/cpdesk-broken@.service" && { echo "FAIL verify passes a broken unit"; fail=1; }

# ---- the month-ahead list's day: the month's first working day
fwd() { env -u CPDESK_DATADIR "$R/usr/local/lib/cpdesk/cpdesk-first-working-day" "$1"; }
for d in 2027-01-04 2027-02-01 2027-05-04; do
	fwd "$d" || { echo "FAIL $d is a first working day"; fail=1; }
done
for d in 2027-01-01 2027-05-03 2027-02-02; do  # a bank holiday, Monday after one, a 2nd
	fwd "$d" && { echo "FAIL $d is no first working day"; fail=1; }
done

# ---- cpdesk-mail-list under a real cron, in cron's environment
ML="$R/usr/local/bin/cpdesk-mail-list"
"$ML" --help | grep -q '^usage: cpdesk-mail-list' || { echo "FAIL cpdesk-mail-list --help"; fail=1; }
"$ML" -s x 2>/dev/null; [ $? = 2 ] || { echo "FAIL cpdesk-mail-list: bad arguments not 2"; fail=1; }
"$CPDESK" --db "$WORK/store" init --policy "$TOP/policies/generic.yaml" 2>/dev/null &&
    "$CPDESK" --db "$WORK/store" demo >/dev/null 2>&1 || { echo "FAIL demo store"; exit 1; }
# The mailer: writes what it was given, so the test sees what was sent.
cat >"$WORK/mailer" <<MAILER
#!/bin/sh
{ echo "args: \$*"; cat; } >"$WORK/mailed.\$3"
MAILER
chmod 755 "$WORK/mailer"
tab="cpdesk-e2e-$$"
cat >"/etc/cron.d/$tab" <<CRON
# cpdesk's e2e test (tests/e2e/schedule.sh); removed when it ends
MAILTO=""
* * * * * root $ML --mailer $WORK/mailer -s "Conferences and CLA reviews due this week" good -- --db $WORK/store list week --format text 2>$WORK/good.err; echo \$? >$WORK/good.rc; env >$WORK/cron.env
* * * * * root $ML --mailer $WORK/mailer -s "Due this week" bad -- --db $WORK/no-store list week --format text 2>$WORK/bad.err; echo \$? >$WORK/bad.rc
CRON
cron_pid=
if ! pidof cron >/dev/null; then
	cron -f >"$WORK/cron.log" 2>&1 &
	cron_pid=$!
fi
trap 'rm -f "/etc/cron.d/$tab"; [ -z "$cron_pid" ] || kill "$cron_pid"' EXIT
i=0
while [ $i -lt 150 ] && ! { [ -s "$WORK/good.rc" ] && [ -s "$WORK/bad.rc" ]; }; do
	sleep 1; i=$((i + 1))
done
rm -f "/etc/cron.d/$tab"
if [ ! -s "$WORK/good.rc" ] || [ ! -s "$WORK/bad.rc" ]; then
	echo "FAIL cron did not run the lines in 150 s"; cat "$WORK/cron.log" 2>/dev/null; exit 1
fi
grep -qx 'PATH=/usr/bin:/bin' "$WORK/cron.env" || { echo "FAIL not cron's PATH:"; cat "$WORK/cron.env"; fail=1; }
[ "$(cat "$WORK/good.rc")" = 0 ] || { echo "FAIL cron: the list exited $(cat "$WORK/good.rc"):"; cat "$WORK/good.err"; fail=1; }
grep -q '^args: -s Conferences and CLA reviews due this week good' "$WORK/mailed.good" 2>/dev/null &&
    grep -q '^Conferences and CLA reviews, week' "$WORK/mailed.good" ||
    { echo "FAIL cron: the list was not mailed whole:"; cat "$WORK/mailed.good"; fail=1; }
[ "$(cat "$WORK/bad.rc")" = 3 ] || [ "$(cat "$WORK/bad.rc")" = 2 ] ||
    { echo "FAIL cron: a failing list exited $(cat "$WORK/bad.rc")"; fail=1; }
[ ! -e "$WORK/mailed.bad" ] || { echo "FAIL cron: a failing list was mailed:"; cat "$WORK/mailed.bad"; fail=1; }
[ "$(wc -l <"$WORK/bad.err")" = 1 ] || { echo "FAIL cron: the failure is not one line:"; cat "$WORK/bad.err"; fail=1; }
exit $fail

#!/bin/sh
# deb.sh - issue 20: the Debian package.  `make deb` builds it (lintian
# must pass it: make deb fails otherwise), then mmdebstrap makes a clean
# Debian root of the host's release from the host's own mirrors (apt's
# sources), installs the package there with apt (so its Depends are
# resolved as on a borough's host) and, inside it:
#   - the installed cpdesk runs (--version), the group cpdesk exists with
#     nobody in it, /usr/bin/cpdesk is root:cpdesk 2755 and
#     /var/lib/cpdesk root:cpdesk 2750, both by dpkg-statoverride;
#   - the man pages, the guides, the completion, the units and the
#     modules are where cpdesk(1) says;
#   - root makes a shared store by name and a worker (a Unix user outside
#     the group) uses it through the setgid cpdesk, and cannot read its
#     files; the iCalendar module (libical) and the chart module (cairo,
#     the DejaVu fonts) load; libcjson (loaded with dlopen, which
#     dpkg-shlibdeps cannot see) came with the package;
#   - purge takes the overrides back and keeps the store and its group;
#     with someone in the group the package does not configure until they
#     are out; with no store left, purge removes the group too.
# As root only (CI runs make check as root); about four minutes, most of
# it downloading the root's packages.
if [ "$(id -u)" != 0 ]; then
	echo "deb.sh: skipped: needs root (dpkg-buildpackage, mmdebstrap --mode=root)"
	exit 0
fi
# The package is built with Debian's flags, not the suite's: once is
# enough (the sanitizers' run of the suite skips it).
if [ -n "$CPDESK_SANITIZED" ]; then
	echo "deb.sh: skipped under the sanitizers: the package is built with its own flags"
	exit 0
fi
for t in mmdebstrap dpkg-buildpackage lintian dh git; do
	command -v "$t" >/dev/null || { echo "FAIL: $t not found (make test-deps)"; exit 1; }
done
cd "$TOP" || exit 1
# A make that runs this test passes its command line down (MAKEFLAGS).
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL

# How long each part takes, in the log (the test has no time limit).
stamp() { echo "$(date +%T) $*"; }

# ---- the package -------------------------------------------------------------
stamp "make deb"
if ! make --no-print-directory BUILD="$WORK/build" deb >"$WORK/make-deb.log" 2>&1; then
	echo "FAIL: make deb:"; tail -n 40 "$WORK/make-deb.log"; exit 1
fi
grep -q '^  LINT ' "$WORK/make-deb.log" || { echo "FAIL: make deb ran no lintian"; exit 1; }
# ... and make deb's lintian fails a package with a warning or an error:
# one with no copyright file, no description, no md5sums.
mkdir -p "$WORK/bad/DEBIAN" "$WORK/bad/usr/bin"
printf 'Package: cpdesk-bad\nVersion: 1\nArchitecture: all\nMaintainer: x <x@example.org>\nDescription: x\n' \
    >"$WORK/bad/DEBIAN/control"
printf '#!/bin/sh\n' >"$WORK/bad/usr/bin/cpdesk-bad"
dpkg-deb -Zgzip --root-owner-group --build "$WORK/bad" "$WORK/bad.deb" >/dev/null 2>&1 &&
    ! lintian --fail-on error,warning "$WORK/bad.deb" >"$WORK/bad.lintian" 2>&1 ||
    { echo "FAIL: lintian --fail-on error,warning passes a broken package"; exit 1; }
deb=$(ls "$WORK"/build/deb/cpdesk_*_"$(dpkg --print-architecture)".deb)
[ -f "$deb" ] || { echo "FAIL: make deb made no package"; exit 1; }
# The package's own claims, before installing it.
dpkg-deb -f "$deb" Depends | grep -q 'libcjson1' ||
    { echo "FAIL: Depends lacks libcjson1 (dlopen'd)"; exit 1; }
dpkg-deb -f "$deb" Depends | grep -q 'fonts-dejavu-core' ||
    { echo "FAIL: Depends lacks fonts-dejavu-core (the chart module's fonts)"; exit 1; }

# ---- the host's mirrors, for the host's release ---------------------------------
# One "deb URI SUITE COMPONENTS" line per suite of this release (bookworm,
# bookworm-updates, bookworm-security) from /etc/apt/sources.list{,.d}, in
# either format; other repositories (a vendor's) are left out.
. /etc/os-release
release=$VERSION_CODENAME
cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' |
    awk -v r="$release" '$1 == "deb" && ($3 == r || index($3, r "-") == 1) {
	    $1 = "deb"; print }' >"$WORK/mirrors"
cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk -v r="$release" 'function out(  n, s, k) {
	    if (types ~ /(^| )deb( |$)/ && uris != "") {
	        n = split(suites, s, " ")
	        for (k = 1; k <= n; k++)
	            if (s[k] == r || index(s[k], r "-") == 1)
	                print "deb " uris " " s[k] " " comps
	    }
	    types = uris = suites = comps = "" }
	/^[ \t]*$/ { out(); next }
	/^#/ { next }
	/^Types:/ { out(); sub(/^Types:[ \t]*/, ""); types = $0 }
	/^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $1 }
	/^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
	/^Components:/ { sub(/^Components:[ \t]*/, ""); comps = $0 }
	END { out() }' >>"$WORK/mirrors"
grep -q " $release " "$WORK/mirrors" ||
    { echo "FAIL: no apt source for $release in /etc/apt/sources.list*"; exit 1; }

# ---- inside the clean root --------------------------------------------------------
cat >"$WORK/inside.sh" <<'EOF'
#!/bin/sh
# Runs as root inside the new root, after apt installed the package.
fail=0
FAIL() { echo "FAIL (installed): $*"; fail=1; }
mode() { stat -c '%U:%G %a' "$1"; }
v=$(cpdesk --version) || FAIL "cpdesk --version: exit $?"
echo "installed: $v"
[ "$(command -v cpdesk)" = /usr/bin/cpdesk ] || FAIL "cpdesk is $(command -v cpdesk)"
entry=$(getent group cpdesk) || FAIL "no group cpdesk"
[ -z "$(echo "$entry" | cut -d: -f4)" ] || FAIL "the group cpdesk has members: $entry"
[ "$(mode /usr/bin/cpdesk)" = "root:cpdesk 2755" ] || FAIL "/usr/bin/cpdesk is $(mode /usr/bin/cpdesk)"
[ "$(mode /var/lib/cpdesk)" = "root:cpdesk 2750" ] || FAIL "/var/lib/cpdesk is $(mode /var/lib/cpdesk)"
dpkg-statoverride --list /usr/bin/cpdesk | grep -qx 'root cpdesk 2755 /usr/bin/cpdesk' ||
    FAIL "no statoverride for /usr/bin/cpdesk"
dpkg-statoverride --list /var/lib/cpdesk | grep -qx 'root cpdesk 2750 /var/lib/cpdesk' ||
    FAIL "no statoverride for /var/lib/cpdesk"
for f in /usr/share/man/man1/cpdesk.1.gz /usr/share/man/man5/cpdesk-policy.5.gz \
    /usr/share/man/man1/cpdesk-mail-list.1.gz /usr/share/bash-completion/completions/cpdesk \
    /usr/share/doc/cpdesk/README.md /usr/share/doc/cpdesk/doc/deployment.md \
    /usr/share/doc/cpdesk/copyright /usr/lib/systemd/system/cpdesk-backup@.timer \
    /usr/lib/cpdesk/cpdesk-ics.so /usr/lib/cpdesk/cpdesk-chart.so \
    /usr/lib/cpdesk/cpdesk-first-working-day /usr/share/cpdesk/bank-holidays.json \
    /usr/share/cpdesk/policies/generic.yaml /usr/bin/cpdesk-mail-list; do
	[ -f "$f" ] || FAIL "not installed: $f"
done
dpkg-query -W -f '${Status}\n' libcjson1 2>/dev/null | grep -q 'ok installed' ||
    FAIL "libcjson1 (dlopen'd by cpdesk) was not installed with it"
cpdesk workdays 2027-05-11 -1 | grep -qx 2027-05-10 || FAIL "workdays"

# A shared store by name, made by root; a worker outside the group.
useradd -M -N -s /bin/sh asmith || FAIL "useradd"
as() { runuser -u asmith -- env -i PATH=/usr/bin:/bin HOME=/ "$@"; }
cd /tmp || exit 1
cpdesk --db borough init --policy /usr/share/cpdesk/policies/generic.yaml ||
    FAIL "root's init of the shared store"
[ "$(mode /var/lib/cpdesk/borough)" = "root:cpdesk 2770" ] ||
    FAIL "the store is $(mode /var/lib/cpdesk/borough)"
cpdesk --db borough worker add asmith --name "Alex Smith" --role qa-admin,qa-manager ||
    FAIL "worker add"
cpdesk --db borough worker add sw1 --name "Sol Worker" --role social-worker || FAIL "worker add sw1"
as cpdesk --db borough child add C1 --name "Ada Brown" --social-worker sw1 ||
    FAIL "a worker adds a child through the setgid cpdesk"
as cpdesk --db borough --today 2027-05-03 meeting add C1 icpc 2027-05-12 --time 10:00 >/dev/null ||
    FAIL "meeting add"
as cpdesk --db borough child list --tsv | grep -q '^C1' || FAIL "child list as the worker"
as cat /var/lib/cpdesk/borough/data.mdb >/dev/null 2>&1 && FAIL "the worker read data.mdb"
as cpdesk --db borough --today 2027-05-03 export ics --all --from 2027-05-01 \
    --to 2027-05-31 >/tmp/c.ics || FAIL "export ics (the module, libical)"
grep -q '^BEGIN:VEVENT' /tmp/c.ics || FAIL "export ics wrote no event"
as cpdesk --db borough report timeliness --from 2027-01-01 --to 2027-03-31 \
    --svg /tmp/t.svg >/dev/null || FAIL "report timeliness --svg (the chart module, cairo, fonts)"
grep -q '<svg' /tmp/t.svg 2>/dev/null || FAIL "no SVG drawn"

# Purge: the overrides go; the store, and so its group, stay.
apt-get purge -y -q cpdesk >/tmp/purge.log 2>&1 || { cat /tmp/purge.log; FAIL "purge"; }
[ -z "$(dpkg-statoverride --list '*cpdesk*')" ] ||
    FAIL "overrides left after purge: $(dpkg-statoverride --list '*cpdesk*')"
[ -f /var/lib/cpdesk/borough/data.mdb ] || FAIL "purge deleted the store"
getent group cpdesk >/dev/null || FAIL "purge removed the group of a store still there"
grep -q 'the group cpdesk is kept' /tmp/purge.log || FAIL "purge did not say it kept the group"
[ -e /usr/bin/cpdesk ] && FAIL "/usr/bin/cpdesk left after purge"

# Installed again while someone is in the group: configuring is refused
# until they are out; then, with no store left, purge removes the group.
rm -rf /var/lib/cpdesk/borough
usermod -a -G cpdesk asmith
deb=$(ls /root/cpdesk_*.deb)
apt-get install -y -q "$deb" >/tmp/again.log 2>&1 &&
    FAIL "the package configured with asmith in the group cpdesk"
grep -q 'the group cpdesk has members (asmith)' /tmp/again.log ||
    { cat /tmp/again.log; FAIL "the refusal does not name the member"; }
gpasswd -d asmith cpdesk >/dev/null
dpkg --configure -a >/tmp/again.log 2>&1 || { cat /tmp/again.log; FAIL "dpkg --configure -a"; }
[ "$(mode /usr/bin/cpdesk)" = "root:cpdesk 2755" ] || FAIL "configured late: $(mode /usr/bin/cpdesk)"
apt-get purge -y -q cpdesk >/tmp/purge.log 2>&1 || { cat /tmp/purge.log; FAIL "purge"; }
getent group cpdesk >/dev/null && FAIL "purge with no store left kept the group"
[ -e /var/lib/cpdesk ] && FAIL "purge with no store left kept /var/lib/cpdesk"
exit $fail
EOF
# mmdebstrap reads sources from standard input when it is not a terminal:
# </dev/null, and the mirrors as arguments.
# force-unsafe-io: dpkg does not sync every file it unpacks (a root that
# is thrown away).  apt inside the root installs the package, so its Depends are resolved
# there (--include would have apt outside pass dpkg a path it cannot see).
set -- --variant=apt --mode=root --dpkgopt=force-unsafe-io \
    --customize-hook="copy-in $deb $WORK/inside.sh /root" \
    --customize-hook="chroot \"\$1\" apt-get install -y -q /root/$(basename "$deb")" \
    --customize-hook='chroot "$1" sh /root/inside.sh' \
    "$release" /dev/null
while IFS= read -r line; do set -- "$@" "$line"; done <"$WORK/mirrors"
stamp "mmdebstrap: a clean $release root, the package installed there"
if ! mmdebstrap "$@" </dev/null >"$WORK/mmdebstrap.log" 2>&1; then
	grep 'FAIL' "$WORK/mmdebstrap.log"
	echo "FAIL: the package in a clean $release root (mmdebstrap):"
	tail -n 30 "$WORK/mmdebstrap.log"
	exit 1
fi
grep '^installed: ' "$WORK/mmdebstrap.log"
stamp "done"
exit 0

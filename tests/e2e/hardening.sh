#!/bin/sh
# hardening.sh - a build with Debian's hardening flags is hardened: the
# Makefile takes CPPFLAGS, CFLAGS and LDFLAGS from the environment into
# every compile and link (doc/deployment.md, "Building for a Debian
# host").  Builds the binary and the two modules into their own
# directory, then hardening-check (devscripts) must pass on each: fortify,
# stack protector, PIE, RELRO and BIND_NOW.
cd "$TOP" || exit 1
fail=0
B="$WORK/build-hardened"
# It builds a binary of its own, whatever binary the suite tests: once is
# enough (the sanitizers' run of the suite skips it).
if [ -n "$CPDESK_SANITIZED" ]; then
	echo "skipped under the sanitizers: the hardened build is the suite's own"
	exit 0
fi
# A make that runs this test passes its command line's variables down
# (MAKEFLAGS): the build here takes its flags from dpkg-buildflags alone.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL
eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
# The flags the build must see, so a test that passes is about them.
case "$CPPFLAGS" in *_FORTIFY_SOURCE*) ;; *) echo "FAIL no fortify in CPPFLAGS"; exit 1 ;; esac
case "$LDFLAGS" in *relro*now*) ;; *) echo "FAIL no relro/now in LDFLAGS"; exit 1 ;; esac
if ! make --no-print-directory -j2 BUILD="$B" "$B/cpdesk" "$B/cpdesk-ics.so" \
        "$B/cpdesk-chart.so" "$B/cpdesk-mail.so" >"$WORK/make.log" 2>&1; then
	echo "FAIL the hardened build:"; tail -n 30 "$WORK/make.log"; exit 1
fi
# The flags reached the compiler and the linker (not only the defaults).
for flag in -D_FORTIFY_SOURCE -fstack-protector-strong -z,relro -z,now; do
	make --no-print-directory -n -B BUILD="$B" "$B/cpdesk" 2>/dev/null |
	    grep -q -- "$flag" || { echo "FAIL $flag not used by make"; fail=1; }
done
# Control-flow protection is required when the flags ask for it
# (-fcf-protection: dpkg >= 1.22 on amd64); Debian 12's do not.
case "$CFLAGS" in *-fcf-protection*) cfp= ;; *) cfp=--nocfprotection ;; esac
# The MIME module (src/work/mail_render.c) has nothing for those two to
# protect -- no array on its stack, no call whose buffer size the
# compiler knows -- so hardening-check finds no sign of them in it: its
# compile line is checked for them instead.
for flag in -D_FORTIFY_SOURCE -fstack-protector-strong; do
	make --no-print-directory -n -B BUILD="$B" "$B/obj/work/mail_render.pic.o" 2>/dev/null |
	    grep -q -- "$flag" || { echo "FAIL $flag not used for the mail module"; fail=1; }
done
for f in "$B/cpdesk" "$B/cpdesk-ics.so" "$B/cpdesk-chart.so" "$B/cpdesk-mail.so"; do
	none=
	case "$f" in *cpdesk-mail.so) none="--nostackprotector --nofortify" ;; esac
	if ! hardening-check $cfp $none "$f" >"$WORK/hc.out" 2>&1; then
		echo "FAIL hardening-check $f:"; cat "$WORK/hc.out"; fail=1
	else
		cat "$WORK/hc.out"
	fi
done
# The check can fail: a program built without the flags is refused.
printf '#include <string.h>\nint main(int c, char **v) { char b[64]; strcpy(b, v[c - 1]); return b[0]; }\n' >"$WORK/soft.c"
cc -O2 -fno-stack-protector -U_FORTIFY_SOURCE -Wl,-z,norelro -Wl,-z,lazy \
    -o "$WORK/soft" "$WORK/soft.c" &&
    ! hardening-check $cfp "$WORK/soft" >/dev/null 2>&1 ||
    { echo "FAIL hardening-check passes an unhardened program"; fail=1; }
exit $fail

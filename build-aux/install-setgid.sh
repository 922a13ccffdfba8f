#!/bin/sh
# install-setgid.sh DESTDIR BIN STATEDIR GROUP - make the installed cpdesk
# setgid GROUP and create the shared stores' directory (doc/deployment.md).
#
# As root with no DESTDIR: the system group GROUP is created when missing
# and refused when anyone is in it (stores-group.sh); BIN becomes
# root:GROUP 2755 and STATEDIR root:GROUP 2750 (only root makes a store
# there; the group enters it).  With DESTDIR (a package being built) or
# not as root, nothing is changed and the lines that do it are printed:
# the Debian package does it in its postinst (debian/postinst) with
# dpkg-statoverride.
set -eu
destdir=$1 bin=$2 statedir=$3 group=$4
say() { echo "install: $*" >&2; }
if [ -n "$destdir" ]; then
	say "DESTDIR is set: the package's postinst must run (debian/postinst):"
	say "  PREFIX/lib/cpdesk/cpdesk-stores-group $group"
	say "  dpkg-statoverride --update --add root $group 2755 ${bin#"$destdir"}"
	say "  dpkg-statoverride --update --add root $group 2750 $statedir"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	say "not root: $bin is not setgid, so it opens only stores of your own."
	say "For shared stores run as root: getent group $group || groupadd --system $group;"
	say "  chgrp $group $bin && chmod 2755 $bin; install -d -o root -g $group -m 2750 $statedir"
	exit 0
fi
sh "$(dirname "$0")/stores-group.sh" "$group"
# chgrp first: it clears the setgid bit, chmod sets it
chgrp "$group" "$bin"
chmod 2755 "$bin"
install -d -o root -g "$group" -m 2750 "$statedir"
say "$bin is setgid $group; shared stores go in $statedir (doc/deployment.md)"

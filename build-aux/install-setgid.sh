#!/bin/sh
# install-setgid.sh DESTDIR BIN STATEDIR GROUP - make the installed cpdesk
# setgid GROUP and create the shared stores' directory (doc/deployment.md).
#
# As root with no DESTDIR: the system group GROUP is created when missing,
# BIN becomes root:GROUP 2755 and STATEDIR root:GROUP 2750 (only root
# makes a store there; the group enters it).  With DESTDIR (a package
# being built) or not as root, nothing is changed and the line that does
# it is printed: a package does it in its postinst with
# dpkg-statoverride.
set -eu
destdir=$1 bin=$2 statedir=$3 group=$4
say() { echo "install: $*" >&2; }
if [ -n "$destdir" ]; then
	say "DESTDIR is set: the package's postinst must run:"
	say "  getent group $group >/dev/null || addgroup --system $group"
	say "  dpkg-statoverride --update --add root $group 2755 $bin"
	say "  install -d -o root -g $group -m 2750 $statedir"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	say "not root: $bin is not setgid, so it opens only stores of your own."
	say "For shared stores run as root: getent group $group || groupadd --system $group;"
	say "  chgrp $group $bin && chmod 2755 $bin; install -d -o root -g $group -m 2750 $statedir"
	exit 0
fi
# Nobody may be in the stores' group: a member opens the files directly.
# An earlier cpdesk shared stores through a group of this name with every
# worker in it (doc/deployment.md, "Moving from a group-shared store").
if entry=$(getent group "$group"); then
	gid=$(echo "$entry" | cut -d: -f3)
	members=$(echo "$entry" | cut -d: -f4)
	primary=$(getent passwd | awk -F: -v g="$gid" '$4 == g { printf "%s%s", s, $1; s = "," }')
	if [ -n "$members$primary" ]; then
		say "the group $group has members (${members}${members:+${primary:+,}}${primary}):"
		say "  nobody may be in the stores' group, or they can open the store's"
		say "  files without cpdesk.  Remove them (gpasswd -d USER $group; a user"
		say "  whose own group it is needs another), end their sessions (loginctl"
		say "  terminate-user USER: a running process keeps the group), and run"
		say "  make install again -- or install with GROUP=another-name."
		exit 1
	fi
else
	groupadd --system "$group"
fi
# chgrp first: it clears the setgid bit, chmod sets it
chgrp "$group" "$bin"
chmod 2755 "$bin"
install -d -o root -g "$group" -m 2750 "$statedir"
say "$bin is setgid $group; shared stores go in $statedir (doc/deployment.md)"

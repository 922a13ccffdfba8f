#!/bin/sh
# stores-group.sh GROUP - the shared stores' group (doc/deployment.md):
# created as a system group when it is missing; refused (exit 1, saying
# how to fix it) when anyone is in it.  Run as root by make install
# (build-aux/install-setgid.sh) and, installed as
# PREFIX/lib/cpdesk/cpdesk-stores-group, by the Debian package's postinst.
set -eu
group=${1:?usage: stores-group.sh GROUP}
say() { echo "cpdesk: $*" >&2; }
if ! entry=$(getent group "$group"); then
	groupadd --system "$group"
	exit 0
fi
# Nobody may be in the stores' group: a member opens the files directly.
# An earlier cpdesk shared stores through a group of this name with every
# worker in it (doc/deployment.md, "Moving from a group-shared store").
gid=$(echo "$entry" | cut -d: -f3)
members=$(echo "$entry" | cut -d: -f4)
primary=$(getent passwd | awk -F: -v g="$gid" '$4 == g { printf "%s%s", s, $1; s = "," }')
[ -z "$members$primary" ] && exit 0
say "the group $group has members (${members}${members:+${primary:+,}}${primary}):"
say "  nobody may be in the stores' group, or they can open the store's"
say "  files without cpdesk.  Remove them (gpasswd -d USER $group; a user"
say "  whose own group it is needs another), end their sessions (loginctl"
say "  terminate-user USER: a running process keeps the group), then install"
say "  again (make install, or dpkg --configure cpdesk) -- or, with make"
say "  install, name another group (GROUP=another-name)."
exit 1

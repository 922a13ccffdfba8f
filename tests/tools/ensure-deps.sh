#!/bin/sh
# ensure-deps.sh "pc:deb pc:deb ..." "tool:deb ..." ["file:deb ..."]
# Checks pkg-config modules, commands and files (fonts, which no
# pkg-config names); installs what is missing with apt-get when run as
# root, otherwise prints the apt-get line and fails.
missing=""
for pair in $1; do
	pc=${pair%%:*}; deb=${pair#*:}
	pkg-config --exists "$pc" 2>/dev/null || missing="$missing $deb"
done
for pair in $2; do
	tool=${pair%%:*}; deb=${pair#*:}
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $deb"
done
for pair in ${3:-}; do
	file=${pair%%:*}; deb=${pair#*:}
	[ -f "$file" ] || case " $missing " in *" $deb "*) ;; *) missing="$missing $deb" ;; esac
done
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config $missing"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "cpdesk: installing missing packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 || exit 1
	# shellcheck disable=SC2086
	apt-get install -y -qq $missing >&2 || exit 1
	exit 0
fi
echo "cpdesk: missing packages:$missing" >&2
echo "run as root:  apt-get install$missing" >&2
exit 1

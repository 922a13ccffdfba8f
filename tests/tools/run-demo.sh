#!/bin/sh
# run-demo.sh BIN DB - `make run`: make the demo store at DB if it is not
# there (init with the generic policy, then demo), then open the console
# on it.  Works from a fresh clone: the shipped data comes from the
# source tree's data/ directory.
set -eu
bin=$1 db=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
CPDESK_DATADIR="$top/data"
export CPDESK_DATADIR
# a demo store made by an earlier cpdesk was group-shared (0770/0660):
# a store of one's own is now its owner's alone, and this one is ours
[ -f "$db/data.mdb" ] && chmod -R go-rwx "$db"
if [ ! -f "$db/data.mdb" ]; then
	mkdir -p "$(dirname "$db")"
	"$bin" --db "$db" init --policy "$top/policies/generic.yaml"
	if ! "$bin" --db "$db" demo; then
		echo "run-demo: the demo failed; removing $db" >&2
		rm -rf "$db"
		exit 1
	fi
fi
exec "$bin" --db "$db"

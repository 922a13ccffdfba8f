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

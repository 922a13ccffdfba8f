# lib_access.sh - the commands of the access tests (access.sh, unseen.sh,
# roles_given.sh), sourced.  Needs CPDESK, TOP and WORK (see
# tests/tools/run-e2e.sh).  Each runs the real binary on $DB as of $TODAY
# -- as the Unix user $AS_USER when set (root only: user_data first) --
# with its stdout and stderr in $WORK/NAME.out and .err and its exit
# status in $rc.  A refusal must change nothing: the audit trail's
# changes (reads aside) do not grow.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
fail=0
DB="$WORK/store"
TODAY=2025-03-03
AS_USER=""

run() { # NAME ARGS...
	name=$1; shift
	# shellcheck disable=SC2086
	${AS_USER:+env CPDESK_DATADIR=$WORK/userdata setpriv --reuid=$AS_USER --regid=nogroup --clear-groups} \
	    "$CPDESK" --db "$DB" --today "$TODAY" "$@" >"$WORK/$name.out" \
	    2>"$WORK/$name.err" </dev/null
	rc=$?
}
audit_count() {
	"$CPDESK" --db "$DB" audit --tsv 2>/dev/null | grep -vc "child.view"
}
ok() { # NAME ARGS...: must succeed
	name=$1
	run "$@"
	[ "$rc" = 0 ] || { echo "FAIL $name: exit $rc, want 0"; cat "$WORK/$name.err"; fail=1; }
}
# refused NAME CODE SUBSTRING ARGS...: exit CODE, one line on stderr
# holding SUBSTRING, nothing written
refused() {
	name=$1; code=$2; want=$3; shift 3
	before=$(audit_count)
	run "$name" "$@"
	[ "$rc" = "$code" ] || { echo "FAIL $name: exit $rc, want $code"; cat "$WORK/$name.err"; fail=1; }
	grep -qF -- "$want" "$WORK/$name.err" ||
	    { echo "FAIL $name: stderr lacks '$want':"; cat "$WORK/$name.err"; fail=1; }
	[ "$(wc -l <"$WORK/$name.err")" = 1 ] ||
	    { echo "FAIL $name: want one line on stderr:"; cat "$WORK/$name.err"; fail=1; }
	[ "$(audit_count)" = "$before" ] ||
	    { echo "FAIL $name: a refusal wrote to the store"; fail=1; }
}
# no NAME SUBSTRING ARGS...: a rule says no (exit 1)
no() { n=$1; shift; refused "$n" 1 "$@"; }
# gone NAME MESSAGE ARGS...: answered as a record that is not there
# (issue 15: a case the actor may not see gets the answer a missing one
# gets): exit 2, exactly "cpdesk: MESSAGE"
gone() { n=$1; m=$2; shift 2; refused "$n" 2 "cpdesk: $m" "$@"; }
has() { grep -qF -- "$2" "$WORK/$1.out" ||
	{ echo "FAIL $1: stdout lacks '$2':"; cat "$WORK/$1.out"; fail=1; }; }
lacks() { ! grep -qF -- "$2" "$WORK/$1.out" ||
	{ echo "FAIL $1: stdout shows '$2':"; cat "$WORK/$1.out"; fail=1; }; }
# w LOGIN NAME ROLES [TEAM [MANAGER]]: a worker, added by whoever runs
w() { ok "w-$1" worker add "$1" --name "$2" --role "$3" ${4:+--team "$4"} ${5:+--manager "$5"}; }

# user_data FILE...: root only: what another Unix user needs (the bank
# holidays, the policies named) in $WORK/userdata, which they can reach
# (the checkout is a 0700 temporary clone), for AS_USER.
user_data() {
	chmod o+x "$WORK"
	mkdir -p "$WORK/userdata" && cp data/bank-holidays.json "$@" "$WORK/userdata/" &&
	    chmod -R o+rX "$WORK/userdata" || { echo "FAIL: cannot set up $WORK/userdata"; exit 1; }
}

# share_db: root only: $DB becomes a shared store, as several Unix users
# reach one (doc/deployment.md) -- the directory $WORK/state/borough,
# root's and the group nogroup's (AS_USER runs with it), modes 2770/0660,
# named --db borough.  A store of one's own opens only for its owner.
share_db() {
	mkdir -p "$WORK/state" && chmod 755 "$WORK/state" &&
	    mv "$DB" "$WORK/state/borough" && chgrp -R nogroup "$WORK/state/borough" &&
	    chmod 2770 "$WORK/state/borough" && chmod 0660 "$WORK/state/borough"/*.mdb ||
	    { echo "FAIL: cannot share $DB"; exit 1; }
	export CPDESK_STATEDIR="$WORK/state"
	DB=borough
}

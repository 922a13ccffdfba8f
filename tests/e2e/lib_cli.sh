# lib_cli.sh - the command line on a test store, for tests/e2e/*.sh that
# source it (after setting TODAY): run a command, then say what must hold.
# Needs CPDESK, TOP and WORK (tests/tools/run-e2e.sh); sets fail=1 on the
# first failure and goes on.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
fail=0
DB="$WORK/store"
T=$(printf '\t')

# run NAME ARGS...: cpdesk on the test store; out and err in $WORK/NAME.*
run() {
	name=$1; shift
	"$CPDESK" --db "$DB" --today "$TODAY" "$@" >"$WORK/$name.out" \
	    2>"$WORK/$name.err"
	rc=$?
}
# expect NAME CODE [STDERR-SUBSTRING]: the exit status; a failure is one
# line on stderr, saying what is given
expect() {
	if [ "$rc" != "$2" ]; then
		echo "FAIL $1: exit $rc, want $2"; cat "$WORK/$1.err"; fail=1
	fi
	if [ -n "${3:-}" ] && ! grep -qF -- "$3" "$WORK/$1.err"; then
		echo "FAIL $1: stderr lacks '$3':"; cat "$WORK/$1.err"; fail=1
	fi
	if [ "$2" != 0 ] && [ "$(wc -l <"$WORK/$1.err")" != 1 ]; then
		echo "FAIL $1: want one line on stderr:"; cat "$WORK/$1.err"; fail=1
	fi
}
# ok NAME ARGS...: run, and it must succeed
ok() { n=$1; shift; run "$n" "$@"; expect "$n" 0; }
has() { # NAME SUBSTRING (in stdout)
	grep -qF -- "$2" "$WORK/$1.out" ||
	    { echo "FAIL $1: stdout lacks '$2':"; cat "$WORK/$1.out"; fail=1; }
}
lacks() { # NAME SUBSTRING (not in stdout)
	! grep -qF -- "$2" "$WORK/$1.out" ||
	    { echo "FAIL $1: stdout has '$2':"; cat "$WORK/$1.out"; fail=1; }
}
check() { # WHAT CONDITION...
	what=$1; shift
	"$@" || { echo "FAIL $what"; fail=1; }
}

#!/bin/sh
# first_run.sh - `cpdesk init` on a new account: with no --db, no
# $CPDESK_DB and no $XDG_DATA_HOME the store is ~/.local/share/cpdesk, and
# the directories above it that are not there yet are made 0700 (the XDG
# Base Directory spec), whatever the umask; a path given by hand is taken
# as written.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB XDG_DATA_HOME
cd "$TOP" || exit 1
fail=0
umask 022
POLICY="$TOP/policies/generic.yaml"
mode() { stat -c %a "$1"; }
want_mode() { # WHAT PATH MODE
	[ "$(mode "$2")" = "$3" ] ||
	    { echo "FAIL $1: $2 is $(mode "$2"), want $3"; fail=1; }
}
# c NAME ARGS...: cpdesk with $HOME as set; exit status in rc
c() {
	n=$1; shift
	"$CPDESK" "$@" >"$WORK/$n.out" 2>"$WORK/$n.err"; rc=$?
}
want() { # NAME CODE [STDERR-SUBSTRING]
	[ "$rc" = "$2" ] || { echo "FAIL $1: exit $rc, want $2"; cat "$WORK/$1.err"; fail=1; }
	[ -z "${3:-}" ] || grep -qF -- "$3" "$WORK/$1.err" ||
	    { echo "FAIL $1: stderr lacks '$3':"; cat "$WORK/$1.err"; fail=1; }
}

# A new account: an empty home, nothing under it.
export HOME="$WORK/home"
mkdir -m 0755 "$HOME"
c init init --policy "$POLICY"
want init 0
want_mode "new ~/.local" "$HOME/.local" 700
want_mode "new ~/.local/share" "$HOME/.local/share" 700
want_mode "the store" "$HOME/.local/share/cpdesk" 700
want_mode "the home, not made by cpdesk" "$HOME" 755
for f in data.mdb lock.mdb; do want_mode "store file $f" "$HOME/.local/share/cpdesk/$f" 600; done
# The store made is the one later commands open with no --db.
c use worker list
want use 0
c again init --policy "$POLICY"
[ "$rc" != 0 ] || { echo "FAIL init twice: exit 0"; fail=1; }

# A ~/.local already there keeps its mode; only what is missing is made.
export HOME="$WORK/home2"
mkdir -p "$HOME/.local" && chmod 0755 "$HOME/.local"
c init2 init --policy "$POLICY"
want init2 0
want_mode "existing ~/.local" "$HOME/.local" 755
want_mode "new share under it" "$HOME/.local/share" 700

# $XDG_DATA_HOME, absolute, wins, and is made too.
export HOME="$WORK/home3"
mkdir "$HOME"
XDG_DATA_HOME="$WORK/xdg/data" c xdg init --policy "$POLICY"
want xdg 0
want_mode "new XDG_DATA_HOME" "$WORK/xdg/data" 700
want_mode "above XDG_DATA_HOME" "$WORK/xdg" 700
[ -f "$WORK/xdg/data/cpdesk/data.mdb" ] || { echo "FAIL no store in XDG_DATA_HOME"; fail=1; }
[ ! -e "$HOME/.local" ] || { echo "FAIL ~/.local made though XDG_DATA_HOME was set"; fail=1; }

# In the way: ~/.local is a file.  One line saying what and what to do.
export HOME="$WORK/home4"
mkdir "$HOME" && : >"$HOME/.local"
c blocked init --policy "$POLICY"
want blocked 3 "is not a directory"
[ "$(wc -l <"$WORK/blocked.err")" = 1 ] || { echo "FAIL blocked: not one line"; cat "$WORK/blocked.err"; fail=1; }

# A path given by hand is taken as written: no parents invented.
c bydb --db "$WORK/nowhere/deep/store" init --policy "$POLICY"
[ "$rc" != 0 ] || { echo "FAIL --db with missing parents: exit 0"; fail=1; }
[ ! -e "$WORK/nowhere" ] || { echo "FAIL --db made $WORK/nowhere"; fail=1; }
exit $fail

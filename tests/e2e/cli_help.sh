#!/bin/sh
# cli_help.sh - help, the man page and the completion come from the
# command table and agree with it (they cannot drift):
#  - `cpdesk help --table` lists every command, argument and option;
#  - each command's --help has a usage line naming it and lists exactly
#    its options, each once;
#  - doc/cpdesk.1 between BEGIN COMMANDS and END COMMANDS is exactly what
#    `cpdesk help --man` writes (run make man), and each command's entry
#    lists exactly its options;
#  - mandoc -T lint finds nothing in the man pages (and does find a
#    fault planted in a copy);
#  - the bash completion (`cpdesk help --bash-completion`, as make writes
#    build/cpdesk.bash) completes the commands, each command's options
#    and each choice's values, policy files, and from a store (with the
#    --db and --as typed) its workers' logins and the child ids one sees,
#    a read on the record (skipped without bash);
#  - cpdesk NOUN --help lists the noun's commands (child: add, edit,
#    list, show), cpdesk --help every command;
#  - a failure (bad input, refusal, no store) is one line on stderr.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
fail=0
T=$(printf '\t')
bad() { echo "FAIL: $*"; fail=1; }

"$CPDESK" help --table >"$WORK/table" || bad "help --table: exit $?"
awk -F"$T" '$2 == "command" { print $1 }' "$WORK/table" >"$WORK/commands"
[ "$(wc -l <"$WORK/commands")" -ge 40 ] ||
	bad "help --table lists $(wc -l <"$WORK/commands") commands"

# The options of command $1 in the table, sorted.
table_opts() {
	awk -F"$T" -v c="$1" '$1 == c && $2 == "opt" { print $3 }' "$WORK/table" |
	    sort
}

# ---- --help --------------------------------------------------------------------
while IFS= read -r c; do
	# shellcheck disable=SC2086
	"$CPDESK" $c --help >"$WORK/help" 2>&1 || bad "$c --help: exit $?"
	head -1 "$WORK/help" | grep -q "^usage: cpdesk $c\( \|\$\)" ||
	    bad "$c --help: no usage line"
	awk '/^  --/ { print $1 }' "$WORK/help" | sort >"$WORK/h.opts"
	table_opts "$c" >"$WORK/t.opts"
	cmp -s "$WORK/h.opts" "$WORK/t.opts" ||
	    bad "$c --help lists $(tr '\n' ' ' <"$WORK/h.opts")but the table has $(tr '\n' ' ' <"$WORK/t.opts")"
	awk -F"$T" -v c="$c" '$1 == c && $2 == "arg" { print $3 }' "$WORK/table" |
	while IFS= read -r a; do
		head -5 "$WORK/help" | grep -q -- "$a" ||
		    echo "FAIL: $c --help: the usage lacks the argument $a"
	done >>"$WORK/fails"
done <"$WORK/commands"

# ---- the man page ------------------------------------------------------------------
"$CPDESK" help --man >"$WORK/man.gen" || bad "help --man: exit $?"
sed -n '/^\.\\" (make man)/,/^\.\\" END COMMANDS/p' doc/cpdesk.1 |
    sed '1d;$d' >"$WORK/man.doc"
cmp -s "$WORK/man.gen" "$WORK/man.doc" ||
    { bad "doc/cpdesk.1 is not what cpdesk help --man writes: run make man";
      diff "$WORK/man.gen" "$WORK/man.doc" | head -20; }
while IFS= read -r c; do
	# the entry: from .SS "CMD" to the next .SS or .SH
	awk -v c="$c" '$0 == ".SS \"" c "\"" { on = 1; next }
	    /^\.S[SH]/ { on = 0 } on' "$WORK/man.gen" >"$WORK/entry"
	[ -s "$WORK/entry" ] || { bad "man: no entry for $c"; continue; }
	awk 'prev == ".TP" && /^\\fB\\-\\-/ {
	        s = $1; gsub(/\\f[BR]/, "", s); gsub(/\\-/, "-", s); print s }
	    { prev = $0 }' "$WORK/entry" | sort >"$WORK/m.opts"
	table_opts "$c" >"$WORK/t.opts"
	cmp -s "$WORK/m.opts" "$WORK/t.opts" ||
	    bad "man entry for $c lists $(tr '\n' ' ' <"$WORK/m.opts")but the table has $(tr '\n' ' ' <"$WORK/t.opts")"
done <"$WORK/commands"

# ---- mandoc -T lint ------------------------------------------------------------------
PAGES="doc/cpdesk.1 doc/cpdesk-policy.5 doc/cpdesk-mail-list.1"
if command -v mandoc >/dev/null; then
	# shellcheck disable=SC2086
	mandoc -T lint $PAGES >"$WORK/lint" 2>&1
	[ -s "$WORK/lint" ] && { bad "mandoc -T lint:"; cat "$WORK/lint"; }
	# the check can fail: a date mandoc cannot read, a line too long
	{ sed '1s/ 20[0-9-]* / "November 2026" /' doc/cpdesk.1
	  printf 'word %.0s' $(seq 20); echo; } >"$WORK/bad.1"
	mandoc -T lint "$WORK/bad.1" 2>&1 | grep -q 'cannot parse date' ||
	    bad "mandoc -T lint passes a page with a date it cannot read"
	mandoc -T lint "$WORK/bad.1" 2>&1 | grep -q 'longer than 80' ||
	    bad "mandoc -T lint passes a line longer than 80 bytes"
else
	bad "mandoc not found (make test-deps installs it)"
fi

# ---- the bash completion -------------------------------------------------------------
"$CPDESK" help --bash-completion >"$WORK/cpdesk.bash" || bad "help --bash-completion: exit $?"
if [ -f "$(dirname "$CPDESK")/cpdesk.bash" ]; then
	cmp -s "$WORK/cpdesk.bash" "$(dirname "$CPDESK")/cpdesk.bash" ||
	    bad "build/cpdesk.bash is not what cpdesk help --bash-completion writes"
fi
if command -v bash >/dev/null; then
	# complete WORDS...: what bash completes after them (the last may be
	# a partial word), one a line, sorted.
	cat >"$WORK/complete.bash" <<'EOB'
. "$1"; shift
COMP_WORDS=("$CPDESK" "$@"); COMP_CWORD=$#
_cpdesk
printf '%s\n' "${COMPREPLY[@]}" | sort
EOB
	complete() { CPDESK="$CPDESK" bash "$WORK/complete.bash" "$WORK/cpdesk.bash" "$@"; }
	complete "" >"$WORK/c.first"
	cut -d' ' -f1 "$WORK/commands" | sort -u >"$WORK/t.first"
	cmp -s "$WORK/c.first" "$WORK/t.first" ||
	    bad "completion of the first word: $(tr '\n' ' ' <"$WORK/c.first")"
	complete child "" >"$WORK/c.child"
	[ "$(tr '\n' ' ' <"$WORK/c.child")" = "--help add edit list show " ] ||
	    bad "completion of child: $(tr '\n' ' ' <"$WORK/c.child")"
	while IFS= read -r c; do
		# shellcheck disable=SC2086
		complete $c -- | grep -v '^--help$' >"$WORK/c.opts"
		table_opts "$c" >"$WORK/t.opts"
		cmp -s "$WORK/c.opts" "$WORK/t.opts" ||
		    bad "completion of $c --: $(tr '\n' ' ' <"$WORK/c.opts")"
	done <"$WORK/commands"
	# every choice's values, after the option
	awk -F"$T" '$2 == "opt" && $5 != "" { print $1 "|" $3 "|" $5 }' "$WORK/table" |
	while IFS='|' read -r c o want; do
		# shellcheck disable=SC2086
		got=$(complete $c "$o" "" | tr '\n' ' ')
		[ "$got" = "$(echo $want | tr ' ' '\n' | sort | tr '\n' ' ')" ] ||
		    echo "FAIL: completion of $c $o: '$got', want '$want'"
	done >>"$WORK/fails"
	# policy files: *.yaml and directories, not other files
	[ "$(complete policy check policies/gen)" = policies/generic.yaml ] ||
	    bad "completion of policy check FILE: $(complete policy check policies/gen)"
	[ -z "$(complete timeline --policy tests/e2e/cli_hel)" ] ||
	    bad "completion of --policy offers a file that is no policy"
	[ "$(complete init --policy tests/policy-ba)" = tests/policy-bad ] ||
	    bad "completion of --policy lacks directories: $(complete init --policy tests/policy-ba)"
	[ "$(complete import tests/e2e/cli_hel)" = tests/e2e/cli_help.sh ] ||
	    bad "completion of import FILE.csv"
	complete list "" >"$WORK/c.list"
	[ "$(tr '\n' ' ' <"$WORK/c.list")" = "case-mapping exceptions fortnight month week " ] ||
	    bad "completion of list NAME: $(tr '\n' ' ' <"$WORK/c.list")"
	# from a store: logins and child ids, with the --db typed
	C="$WORK/cstore"
	"$CPDESK" --db "$C" init --policy policies/generic.yaml 2>/dev/null
	"$CPDESK" --db "$C" worker add asmith --name "Alex Smith" --role social-worker 2>/dev/null
	"$CPDESK" --db "$C" worker add amy --name "Amy Admin" --role qa-admin 2>/dev/null
	"$CPDESK" --db "$C" worker add bo --name "Bo Left" --role social-worker 2>/dev/null
	"$CPDESK" --db "$C" worker left bo --reason "gone" 2>/dev/null
	for id in MOS123 MOS124 ZED9; do
		"$CPDESK" --db "$C" child add "$id" --name "Kim Doe" --social-worker asmith 2>/dev/null
	done
	got=$(complete --db "$C" task list --user a | tr '\n' ' ')
	[ "$got" = "amy asmith " ] || bad "completion of --user LOGIN: '$got'"
	got=$(complete --db "$C" reassign --from "" | tr '\n' ' ')
	[ "$got" = "amy asmith " ] || bad "completion of --from offers who has left: '$got'"
	got=$(complete --db "$C" --as a | tr '\n' ' ')
	[ "$got" = "amy asmith " ] || bad "completion of --as LOGIN: '$got'"
	got=$(complete --db "$C" child show MOS | tr '\n' ' ')
	[ "$got" = "MOS123 MOS124 " ] || bad "completion of child show ID: '$got'"
	got=$(complete --db "$C" meeting add MOS123,MOS12 | tr '\n' ' ')
	[ "$got" = "MOS123,MOS123 MOS123,MOS124 " ] || bad "completion of CHILD,CHILD: '$got'"
	[ -z "$(complete --db "$C" child show "")" ] ||
	    bad "child ids completed from nothing typed (every case read)"
	# as the worker: only their own children (amy, QA, sees every case;
	# asmith only those allocated to them -- here all three)
	"$CPDESK" --db "$C" worker add sw2 --name "Sue Two" --role social-worker 2>/dev/null
	"$CPDESK" --db "$C" child add OTH1 --name "Oth Er" --social-worker sw2 2>/dev/null
	got=$(complete --db "$C" --as asmith audit --child O)
	[ -z "$got" ] || bad "completion offers asmith a child not theirs: '$got'"
	got=$(complete --db "$C" --as sw2 audit --child O | tr '\n' ' ')
	[ "$got" = "OTH1 " ] || bad "completion of --child as sw2: '$got'"
	# the ids offered are a read on the record
	"$CPDESK" --db "$C" audit --child MOS124 >"$WORK/caudit" 2>&1
	grep -q 'child.view child:MOS124.*how="completion"' "$WORK/caudit" ||
	    { bad "a completion of child ids is not in the audit:"; cat "$WORK/caudit"; }
	# worker add's LOGIN is a Unix account, not yet a worker
	got=$(complete --db "$C" worker add roo)
	[ "$got" = root ] || bad "completion of worker add LOGIN: '$got'"
else
	echo "skipped: the completion (no bash)"
fi

# ---- nouns and the whole list ---------------------------------------------------------
"$CPDESK" child --help >"$WORK/noun" 2>&1 || bad "child --help: exit $?"
for c in "child add" "child edit" "child list" "child show"; do
	grep -q "^  $c " "$WORK/noun" || bad "child --help lacks $c"
done
grep -q "worker add" "$WORK/noun" && bad "child --help lists worker add"
"$CPDESK" --help >"$WORK/all"
while IFS= read -r c; do
	grep -q "^  $c " "$WORK/all" || bad "cpdesk --help lacks $c"
done <"$WORK/commands"
grep -q "^  help " "$WORK/all" && bad "cpdesk --help lists the hidden help"

# ---- a failure is one line ------------------------------------------------------------
DB="$WORK/store"
one_line() { # WANT-EXIT ARGS...: the exit status, and one line on stderr
	want=$1; shift
	"$CPDESK" --db "$DB" "$@" >/dev/null 2>"$WORK/err"
	rc=$?
	[ "$rc" = "$want" ] || bad "$*: exit $rc, want $want"
	[ "$(wc -l <"$WORK/err")" = 1 ] && grep -q '^cpdesk: ' "$WORK/err" ||
	    { bad "$*: want one line 'cpdesk: ...' on stderr:"; cat "$WORK/err"; }
}
one_line 2 worker list                            # no store yet
"$CPDESK" --db "$DB" init --policy policies/generic.yaml 2>/dev/null
one_line 1 init --policy policies/generic.yaml    # refused: a store is there
one_line 2 child                                  # a noun alone
one_line 2 child frob
one_line 2 frobnicate
one_line 2 task list --bogus
one_line 2 task list --user
one_line 2 meeting add C1 icpc
one_line 2 meeting move 1 2027-02-30 --reason x
one_line 2 worker add x --name "$(printf 'a\033[2Jb')" --role iro
one_line 2 audit --limit "$(printf '9%.0s' $(seq 200))"
one_line 2 check-store extra
one_line 2 --as nobody task list
# the message quotes what was typed, cut short to fit a line
one_line 2 child add "$(printf '%0300d' 7)" --name x --social-worker y
[ "$(wc -c <"$WORK/err")" -lt 200 ] || bad "a long argument is quoted whole"

[ -s "$WORK/fails" ] && { cat "$WORK/fails"; fail=1; }
exit $fail

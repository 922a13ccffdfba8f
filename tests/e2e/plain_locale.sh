#!/bin/sh
# In a locale whose character set is not UTF-8 (LANG=C: ASCII), names are
# transliterated for the terminal (iconv //TRANSLIT, issue 20): "Zoë
# Brontë" reads "Zoe Bronte", in the line-by-line mode and in the
# console, never "Zo??" (a '?' per byte); a character with no
# transliteration is one '?'.  In a UTF-8 locale the name is as stored.
# Control characters are still made visible first (text_sanitize).
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
cpd child add ZB100 --name "Zoë Brontë" --social-worker asocial >/dev/null 2>&1 &&
cpd child add LI200 --name "Li 李" --social-worker asocial >/dev/null 2>&1 ||
	fail "could not add the children"

printf 'children\nquit\n' >"$WORK/in"
LC_ALL=C "$CPDESK" --db "$DB" --today "$TODAY" --as asocial --plain \
    <"$WORK/in" >"$WORK/c.out" 2>"$WORK/c.err" || fail "plain in LANG=C: $(cat "$WORK/c.err")"
grep -q "ZB100 Zoe Bronte, born" "$WORK/c.out" ||
	{ cat "$WORK/c.out"; fail "LANG=C: not transliterated"; }
grep -q "LI200 Li ?, born" "$WORK/c.out" ||
	{ cat "$WORK/c.out"; fail "LANG=C: no single '?' for what has no transliteration"; }
LC_ALL=C grep -q "$(printf '[\200-\377]')" "$WORK/c.out" &&
	{ cat "$WORK/c.out"; fail "LANG=C: bytes outside ASCII on the terminal"; }

LC_ALL=C.UTF-8 "$CPDESK" --db "$DB" --today "$TODAY" --as asocial --plain \
    <"$WORK/in" >"$WORK/u.out" 2>"$WORK/u.err" || fail "plain in C.UTF-8"
grep -q "ZB100 Zoë Brontë, born" "$WORK/u.out" ||
	{ cat "$WORK/u.out"; fail "C.UTF-8: the name changed"; }
grep -q "LI200 Li 李, born" "$WORK/u.out" ||
	{ cat "$WORK/u.out"; fail "C.UTF-8: the name changed"; }

# the console, in LANG=C: the same names, transliterated
export LC_ALL=C LANG=C
t_start 80 24 --as asocial
t_wait "Ann Social (asocial)"
t_keys 3
t_wait "Your children (3)"
t_wait "ZB100        Zoe Bronte"
t_wait "LI200        Li ?"
t_keys q
t_wait "[exit 0]"
exit 0

#!/bin/sh
# A child's name with an escape sequence never reaches the terminal raw.
# The store refuses such names from the commands; if one gets in another
# way the console draws it sanitised ('?' for the ESC).
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
evil=$(printf 'Evil\033[2JName')
if cpd child add EV1 --name "$evil" --social-worker asocial 2>"$WORK/err"; then
	shown="Evil?[2JName"
else
	grep -q "control characters" "$WORK/err" || fail "refusal: $(cat "$WORK/err")"
	shown=""
fi
cpd child add EV2 --name "Siân Ŵyn Łukasz 李" --social-worker asocial >/dev/null ||
	fail "a UTF-8 name was refused"
t_start 80 24 --as asocial
t_wait "Overdue (2)"
t_keys 3
t_wait "Your children"
t_wait "Siân Ŵyn Łukasz 李"
[ -n "$shown" ] && t_wait "$shown"
# the screen was not cleared by an escape: the header is still there
t_wait "1 My queue"
t_tmux capture-pane -p -e -t 0 | grep -q "$(printf '\033\\[2J')" &&
	fail "a raw escape reached the terminal"
t_keys /
t_type "Łukasz"
t_wait "Children matching \"Łukasz\" (1)"
t_keys Enter Enter
t_wait "Siân Ŵyn Łukasz 李 (EV2)"
t_keys q
t_wait "[exit 0]"

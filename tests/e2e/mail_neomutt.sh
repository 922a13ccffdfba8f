#!/bin/sh
# mail_neomutt.sh - a list drafted into a Maildir, opened read-only by a
# real mail client (neomutt -R) at 80x24: the message listed with its
# subject, its text readable, the CSV shown among its attachments.
. "$TOP/tests/e2e/lib_tmux.sh"

t_store
MD="$WORK/Maildir"
cpd mail fortnight --to qa@example.gov.uk --from cpdesk@example.gov.uk \
    --maildir "$MD" 2>"$WORK/mail.err" || fail "mail fortnight: $(cat "$WORK/mail.err")"

# neomutt on nothing but this Maildir: no system or user configuration
cat >"$WORK/muttrc" <<EOF
set folder="$WORK"
set mbox_type=Maildir
set spool_file="$MD"
set sort=date
EOF
T_N=$((T_N + 1))
TMUX_SOCK="cpdesk-test-$$-$T_N"
t_tmux new-session -d -x 80 -y 24 \
    "TERM=screen HOME='$WORK' neomutt -n -F '$WORK/muttrc' -R -f '$MD'; echo \"[exit \$?]\"; sleep 600" ||
    fail "tmux would not start"

t_wait "Conferences and CLA reviews, next two wee"   # listed
t_screen | grep -q "Msgs:1" || fail "want one message in the folder"
t_keys Enter
t_wait "Mon 2027-05-10 to Sun 2027-05-23: 1 entry:"     # the text part
t_wait "  2027-05-17  Mon  10:00  icpc  AB123"
t_keys v
t_wait "fortnight-2027-05-10.csv"
t_screen | grep -q "fortnight-2027-05-10.csv *\[text/csv, base64, utf-8" ||
    fail "the attachment is not CSV"
t_keys q q q
t_wait "[exit 0]"
exit 0

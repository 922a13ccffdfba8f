#!/bin/sh
# export_mail.sh - `export ics` and `mail` on a store built with commands
# under swindon.yaml and a fixed --today: the .ics re-parsed (stable UIDs,
# SEQUENCE after a move, STATUS:CANCELLED, CRLF, folding); mail drafts in
# a Maildir parsed by python3's email module (Subject decodes to "URGENT
# CLA/CP: ..."), --sendmail through a fake script, nothing sent without
# --sendmail, and one-line errors with the exit codes.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
cd "$TOP" || exit 1
fail=0
DB="$WORK/store"

run() {   # NAME ARGS...
	name=$1; shift
	"$CPDESK" --db "$DB" --today 2025-03-10 --as qa1 "$@" \
	    >"$WORK/$name.out" 2>"$WORK/$name.err"
	rc=$?
}
expect() {   # NAME CODE [STDERR-SUBSTRING]
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
check() {   # WHAT CONDITION...
	what=$1; shift
	"$@" || { echo "FAIL $what"; fail=1; }
}

# ---- the store ------------------------------------------------------------
run init init --policy policies/swindon.yaml; expect init 0
for w in "sm1|Sam Manager|service-manager|" "sm2|Sue Manager|service-manager|" \
         "tm1|Tia Lead|team-manager|sm1" "sw1|Sol Worker|social-worker|tm1" \
         "chair1|Cara Chair|cp-chair,iro|" "mt1|Mo Minutes|minute-taker|" \
         "qa1|Quin Admin|qa-admin,qa-manager|" "dir1|Dee Rector|director|" \
         "qr1|Rory Review|qa-review-manager|"; do
	IFS='|' read -r l n r m <<EOW
$w
EOW
	run "w_$l" worker add "$l" --name "$n" --role "$r" ${m:+--manager "$m"}
	expect "w_$l" 0
done
run c1 child add C1 --name "Ava Child" --social-worker sw1 --cin-since 2024-01-02
expect c1 0
run c2 child add C2 --name 'Bo, "Q"; Zed\X' --social-worker sw1 \
    --looked-after-since 2024-06-01
expect c2 0
run m1 meeting add C1 icpc 2025-03-14 --time 10:00 --chair chair1 \
    --minute-taker mt1 --held teams --anchor s47-start=2025-03-03
expect m1 0; M1=$(cat "$WORK/m1.out")
run m2 meeting add C2 cla-review 2025-03-20 --chair chair1 --minute-taker mt1
expect m2 0; M2=$(cat "$WORK/m2.out")

# ---- export ics -----------------------------------------------------------
run ics1 export ics --user sw1 --deadlines --output "$WORK/a.ics"
expect ics1 0 "wrote"
check "ics: nothing on stdout with --output" test ! -s "$WORK/ics1.out"
check "ics: file is 0600" test "$(stat -c %a "$WORK/a.ics")" = 600
run ics2 export ics --user sw1 --deadlines; expect ics2 0
check "ics: stderr quiet without --output" test ! -s "$WORK/ics2.err"

# A rough parse: CRLF everywhere, lines <= 75 octets, unfolded properties.
cat >"$WORK/ics.py" <<'EOF'
import sys
raw = open(sys.argv[1], 'rb').read()
assert raw.endswith(b'\r\n'), 'no final CRLF'
lines = raw.split(b'\r\n')[:-1]
for l in lines:
    assert b'\n' not in l and b'\r' not in l, 'bare LF or CR'
    assert len(l) <= 75, 'line longer than 75 octets: %r' % l
un = []
for l in lines:
    if l[:1] in (b' ', b'\t'):
        un[-1] += l[1:]
    else:
        un.append(l)
props = [l.decode('utf-8') for l in un]
assert props[0] == 'BEGIN:VCALENDAR' and props[-1] == 'END:VCALENDAR'
stack = []
events = []
for p in props:
    name, _, value = p.partition(':')
    if name == 'BEGIN':
        stack.append(value)
        if value == 'VEVENT':
            events.append({})
    elif name == 'END':
        assert stack.pop() == value, 'unbalanced ' + value
    elif stack and stack[-1] == 'VEVENT':
        events[-1][name.split(';')[0]] = value
assert not stack
for key in ('VERSION:2.0', 'METHOD:PUBLISH'):
    assert key in props, key
assert any(p.startswith('PRODID:') for p in props)
for e in events:
    for k in ('UID', 'DTSTAMP', 'DTSTART', 'SUMMARY', 'SEQUENCE', 'STATUS'):
        assert k in e, 'event lacks ' + k
for e in sorted(events, key=lambda e: e['UID']):
    print(e['UID'], e['SEQUENCE'], e['STATUS'], e['SUMMARY'])
EOF
python3 "$WORK/ics.py" "$WORK/a.ics" >"$WORK/a.txt" ||
    { echo "FAIL ics: parse"; fail=1; }
python3 "$WORK/ics.py" "$WORK/ics2.out" >"$WORK/b.txt" ||
    { echo "FAIL ics: parse 2"; fail=1; }
check "ics: UIDs stable across exports" cmp -s "$WORK/a.txt" "$WORK/b.txt"
check "ics: two meetings" test "$(grep -c '^meeting-' "$WORK/a.txt")" = 2
check "ics: deadlines" grep -q '^task-' "$WORK/a.txt"
check "ics: initials, not names" grep -q "^meeting-$M1\..* 0 CONFIRMED .*: C1 A.C.$" "$WORK/a.txt"
check "ics: no child name by default" test -z "$(grep 'Ava Child' "$WORK/a.ics")"
check "ics: escaping" grep -q 'B\.Q\.Z\.' "$WORK/a.txt"
check "ics: TZID" grep -q '^DTSTART;TZID=Europe/London:20250314T100000' "$WORK/a.ics"
check "ics: VTIMEZONE" grep -q '^BEGIN:VTIMEZONE' "$WORK/a.ics"
# a deadline done: the same UID again, withdrawn (STATUS:CANCELLED, its
# SEQUENCE one higher, "Done:"), so that calendars drop the open one
T1=$(awk '/^task-/ { sub(/^task-/, "", $1); sub(/\..*/, "", $1); print $1; exit }' "$WORK/a.txt")
SEQ1=$(awk -v u="task-$T1." 'index($1, u) == 1 { print $2; exit }' "$WORK/a.txt")
run tdone --as sw1 task done "$T1"; expect tdone 0
run icsd export ics --user sw1 --deadlines; expect icsd 0
python3 "$WORK/ics.py" "$WORK/icsd.out" >"$WORK/d.txt" ||
    { echo "FAIL ics: parse after done"; fail=1; }
check "ics: a done deadline keeps its UID, cancelled, sequence up" \
    grep -q "^task-$T1\..* $((SEQ1 + 1)) CANCELLED Done: " "$WORK/d.txt"
check "ics: the other deadlines as they were" \
    test "$(grep -c ' CONFIRMED ' "$WORK/d.txt")" = "$(($(grep -c ' CONFIRMED ' "$WORK/a.txt") - 1))"
run icsn export ics --user sw1 --names; expect icsn 0
check "ics --names: full name, escaped" grep -q 'Bo\\, "Q"\\; Zed\\\\X' "$WORK/icsn.out"

run mv meeting move "$M1" 2025-03-17 --reason "chair ill"; expect mv 0
run cx meeting cancel "$M2" --reason "moved out of area"
expect cx 0
run cx1 --as sm1 approve "$(cat "$WORK/cx.out")"; expect cx1 0
# Swindon (004 point 17): the QA & Review SM, not the QA manager
run cx2q --as qa1 approve "$(cat "$WORK/cx.out")"; expect cx2q 1 "qa1 holds none of those roles"
run cx2 --as qr1 approve "$(cat "$WORK/cx.out")"; expect cx2 0
run ics3 export ics --user sw1; expect ics3 0
python3 "$WORK/ics.py" "$WORK/ics3.out" >"$WORK/c.txt" ||
    { echo "FAIL ics: parse 3"; fail=1; }
check "ics: SEQUENCE 1 after a move" grep -q "^meeting-$M1\..* 1 CONFIRMED " "$WORK/c.txt"
check "ics: CANCELLED after cancel" grep -q "^meeting-$M2\..* 1 CANCELLED " "$WORK/c.txt"
check "ics: same UIDs after changes" test \
    "$(grep '^meeting' "$WORK/a.txt" | cut -d' ' -f1)" = \
    "$(cut -d' ' -f1 "$WORK/c.txt")"
if python3 -c 'import icalendar' 2>/dev/null; then   # a stricter parse
	python3 -c 'import sys, icalendar; icalendar.Calendar.from_ical(open(sys.argv[1],"rb").read())' \
	    "$WORK/a.ics" || { echo "FAIL ics: icalendar module"; fail=1; }
fi
run ics_who export ics --user ghost; expect ics_who 2 ghost
run ics_win export ics --from 2025-05-01 --to 2025-04-01; expect ics_win 2 "--from"
run ics_date export ics --from 2025-02-30; expect ics_date 2 "--from"
run ics_out export ics --output "$WORK/no/such/dir/x.ics"; expect ics_out 3 "--output"

# ---- mail ---------------------------------------------------------------
# Restore a scheduled meeting for the chaser and the lists.
run m3 meeting add C1 rcpc 2025-03-13 --time 14:00 --chair chair1 \
    --minute-taker mt1 --reason "test"
expect m3 0; M3=$(cat "$WORK/m3.out")

# Every draft parsed under Python's strict policy (a defect is an
# error): headers, a text/plain UTF-8 part, and for a list a CSV
# attachment NAME-DAY.csv whose bytes are `cpdesk list NAME --format csv`'s.
cat >"$WORK/mail.py" <<'EOF'
import sys, email, email.policy, os, re
d = sys.argv[1]
want_prefix = sys.argv[2]
want_csv = open(sys.argv[3], 'rb').read() if len(sys.argv) > 3 else None
names = sorted(os.listdir(os.path.join(d, 'cur')))
assert names, 'no messages'
assert not os.listdir(os.path.join(d, 'tmp')), 'left in tmp'
assert not os.listdir(os.path.join(d, 'new')), 'a draft delivered as new mail'
for n in names:
    assert n.endswith(':2,D'), 'not flagged as a draft: ' + n
    raw = open(os.path.join(d, 'cur', n), 'rb').read()
    head, sep, body = raw.partition(b'\n\n')
    assert sep, 'no blank line after the headers'
    for l in head.split(b'\n'):
        assert len(l) <= 78, 'header line too long: %r' % l
    m = email.message_from_bytes(raw, policy=email.policy.strict)
    for h in ('From', 'To', 'Date', 'Message-ID', 'Subject', 'MIME-Version'):
        assert m[h], 'no ' + h
    assert m['Auto-Submitted'] == 'auto-generated'
    assert str(m['Subject']).startswith(want_prefix), m['Subject']
    att = ''
    for l in body.split(b'\n'):
        assert len(l) <= 78, 'body line too long: %r' % l
    if want_csv is None:
        assert m.get_content_type() == 'text/plain', m.get_content_type()
        text = m
    else:
        assert m.get_content_type() == 'multipart/mixed', m.get_content_type()
        parts = list(m.iter_parts())
        assert len(parts) == 2, 'want a text part and an attachment'
        text, a = parts
        assert a.get_content_type() == 'text/csv', a.get_content_type()
        assert a.get_content_disposition() == 'attachment'
        att = a.get_filename()
        assert re.fullmatch(r'[a-z-]+-\d{4}-\d\d-\d\d\.csv', att), att
        assert a.get_content().encode('utf-8') == want_csv, 'the CSV differs'
        # the text part is for reading, at 72 columns
        for l in text.get_content().split('\n'):
            assert len(l) <= 72, 'text line over 72: %r' % l
    assert text.get_content_type() == 'text/plain'
    assert text.get_content_charset() == 'utf-8'
    words = text.get_content()
    assert words.strip(), 'empty body'
    if want_csv is not None:
        said = 'The full list is attached as CSV (%s)' % att
        assert said in words.replace('\n', ' '), words
    print(m['To'], '|', m.get('Cc', ''), '|', m['Subject'], '|', att)
EOF

run mw mail week --domain example.gov.uk --maildir "$WORK/md" --from qa@example.gov.uk
expect mw 0
run lw list week --format csv; expect lw 0
python3 "$WORK/mail.py" "$WORK/md" "URGENT CLA/CP: " "$WORK/lw.out" >"$WORK/md.txt" ||
    { echo "FAIL mail week: parse"; fail=1; }
check "mail week: to every service manager, the CSV attached" \
    grep -qx 'sm1@example.gov.uk, sm2@example.gov.uk |  | URGENT CLA/CP: Conferences and CLA reviews due this week | week-2025-03-10.csv' "$WORK/md.txt"
check "mail week: the text part says the dates and how many" \
    grep -q '^Mon 2025-03-10 to Sun 2025-03-16: 1 entry:$' "$WORK/md/cur/"*
run mx mail exceptions --to qa@example.gov.uk --maildir "$WORK/mdx"
expect mx 0
run lx list exceptions --format csv; expect lx 0
python3 "$WORK/mail.py" "$WORK/mdx" "URGENT CLA/CP: " "$WORK/lx.out" >"$WORK/mdx.txt" ||
    { echo "FAIL mail exceptions: parse"; fail=1; }
check "mail exceptions: the CSV attached" grep -q '| exceptions-2025-03-10.csv$' "$WORK/mdx.txt"
check "mail week: maildir dirs" test -d "$WORK/md/cur" -a -d "$WORK/md/tmp"
check "mail week: file 0600" test \
    "$(stat -c %a "$WORK/md/cur/"* | sort -u)" = 600

run mc mail chaser --meeting "$M3" --domain example.gov.uk --maildir "$WORK/md2"
expect mc 0
python3 "$WORK/mail.py" "$WORK/md2" "URGENT CLA/CP: Report needed" >"$WORK/md2.txt" ||
    { echo "FAIL mail chaser: parse"; fail=1; }
check "mail chaser: to the social worker, cc the chair" \
    grep -q '^sw1@example.gov.uk | chair1@example.gov.uk |' "$WORK/md2.txt"
"$CPDESK" --db "$DB" audit >"$WORK/mca.out" 2>&1
check "mail chaser: the child named is on the record" \
    grep -qF '(how="mail chaser")' "$WORK/mca.out"
run mc_x mail chaser --meeting "$M2" --domain example.gov.uk
expect mc_x 1 cancelled
run mc_none mail chaser --domain example.gov.uk; expect mc_none 2 "--meeting"

# Escalations: on 10 March the ICPC invite list (day 6 of the s47) and
# the RCPC report are late; each manager hears once per task.
run me mail escalation --domain example.gov.uk --maildir "$WORK/md3"
expect me 0
python3 "$WORK/mail.py" "$WORK/md3" "URGENT CLA/CP: " >"$WORK/md3.txt" ||
    { echo "FAIL mail escalation: parse"; fail=1; }
check "mail escalation: to the service manager" grep -q '^sm1@example.gov.uk |' "$WORK/md3.txt"
check "mail escalation: to the team manager" grep -q '^tm1@example.gov.uk |' "$WORK/md3.txt"
"$CPDESK" --db "$DB" --today 2025-03-11 --as qa1 mail escalation \
    --domain example.gov.uk >"$WORK/me2.out" 2>"$WORK/me2.err"
check "mail escalation: none raised is exit 0" test $? = 0
check "mail escalation: none raised, no output" test ! -s "$WORK/me2.out"
grep -q "nothing to send" "$WORK/me2.err" ||
    { echo "FAIL mail escalation: no note"; fail=1; }

# Non-ASCII subjects are RFC 2047 encoded and decode back.
sed 's/subject-prefix: "URGENT CLA\/CP"/subject-prefix: "URGENT CLA\/CP – Swindon"/' \
    policies/swindon.yaml >"$WORK/utf8.yaml"
cp policies/generic.yaml "$WORK/"   # its extends:
"$CPDESK" --db "$WORK/store2" --as qa1 init --policy "$WORK/utf8.yaml" 2>/dev/null
"$CPDESK" --db "$WORK/store2" --as qa1 --today 2025-03-10 mail month \
    --to a@example.gov.uk --maildir "$WORK/md4" 2>"$WORK/m4.err" ||
    { echo "FAIL utf8: $(cat "$WORK/m4.err")"; fail=1; }
check "utf8: encoded word" grep -q '^Subject: URGENT CLA/CP =?UTF-8?B?4oCT?= Swindon' "$WORK/md4/cur/"*
"$CPDESK" --db "$WORK/store2" --as qa1 --today 2025-03-10 list month \
    --format csv >"$WORK/l4.csv"
python3 "$WORK/mail.py" "$WORK/md4" "URGENT CLA/CP – Swindon: Conferences" "$WORK/l4.csv" >/dev/null ||
    { echo "FAIL utf8: subject does not decode"; fail=1; }

# Nothing is sent without --sendmail: stdout holds mbox drafts only.
cat >"$WORK/sendmail" <<EOF
#!/bin/sh
echo "called \$*" >>"$WORK/sent.log"
cat >>"$WORK/sent.mbox"
EOF
chmod +x "$WORK/sendmail"
PATH="$WORK:$PATH" run mo mail fortnight --domain example.gov.uk
expect mo 0 "nothing sent"
check "stdout: mbox From line" grep -q '^From cpdesk@' "$WORK/mo.out"
check "stdout: no sendmail called" test ! -e "$WORK/sent.log"
run ms mail fortnight --domain example.gov.uk --sendmail "$WORK/sendmail -t -i"
expect ms 0
check "sendmail: called with -t -i" grep -qx 'called -t -i' "$WORK/sent.log"
check "sendmail: got the message" grep -q '^Subject: URGENT CLA/CP: Conferences and CLA reviews in the next two weeks' "$WORK/sent.mbox"
check "sendmail: stdout empty" test ! -s "$WORK/ms.out"
printf '#!/bin/sh\ncat >/dev/null; exit 75\n' >"$WORK/badmail"; chmod +x "$WORK/badmail"
run mbad mail week --domain example.gov.uk --sendmail "$WORK/badmail"
expect mbad 3 "status 75"

run m_nodom mail week;                       expect m_nodom 2 "--domain"
run m_addr mail week --to 'x y@z';           expect m_addr 2 "not a mail address"
run m_both mail week --domain x.uk --maildir a --sendmail b; expect m_both 2 "choose one"
exit $fail

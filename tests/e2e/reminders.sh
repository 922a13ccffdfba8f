#!/bin/sh
# reminders.sh - Swindon's reminders for a CLA review's invite list
# (Swindon's procedure, point 12: five weeks before, the SQA reminds the
# social worker and team manager; point 13: at 20 days the QA & Review
# team manager reminds the team and service managers; point 14: titled
# URGENT CLA/CP) on a store under policies/swindon.yaml:
#   - in the named roles' queues (task list, text and TSV) from the date,
#     still there the days after, dated the day each started, marked *;
#     not in the queues of roles not named; gone once the invite list is
#     done;
#   - mail reminders: one draft a recipient, "URGENT CLA/CP" in the
#     subject, none once done; a policy title holding CR LF cannot add a
#     header;
#   - timeline: the reminders and the escalation with their dates and
#     marks, text and TSV, and --help says so.
TODAY=2025-03-03
. "$TOP/tests/e2e/lib_cli.sh"

# The CLA review on Wed 2025-04-16: reminders Wed 03-12 (5 weeks) and
# Thu 03-27 (20 days); the invite list due Mon 03-31 (16 days).
fx() { "$CPDESK" --db "$DB" --today 2025-03-03 "$@" >/dev/null 2>&1; }
fx init --policy policies/swindon.yaml &&
fx worker add sm1 --name "Sam Manager" --role service-manager &&
fx worker add tm1 --name "Tia Lead" --role team-manager --manager sm1 &&
fx worker add sw1 --name "Sol Worker" --role social-worker --manager tm1 &&
fx worker add iro1 --name "Ivo Reviewer" --role iro &&
fx worker add mt1 --name "Mo Minutes" --role minute-taker &&
fx worker add qa1 --name "Quinn QA" --role qa-admin &&
fx child add C2 --name "Zoe Brown" --social-worker sw1 --looked-after-since 2024-10-01 &&
fx meeting add C2 cla-review 2025-04-16 --time 14:00 --chair iro1 \
    --minute-taker mt1 --anchor care-start=2024-10-01 --reason "Carer's leave, agreed" ||
    { echo "FAIL: could not build the store"; exit 1; }

# q NAME DAY LOGIN: the queue as TSV; rows "DUE STEP" of the reminders
q() {
	TODAY=$2 run "$1" --as "$3" task list --tsv
	expect "$1" 0
	awk -F'\t' '$7 == "reminder:invite-list" { print $2 }' "$WORK/$1.out" \
	    >"$WORK/$1.rem"
}
# reminds NAME DAY LOGIN "DATES": the reminders' dates, in order
reminds() {
	q "$1" "$2" "$3"
	got=$(tr '\n' ' ' <"$WORK/$1.rem" | sed 's/ $//')
	[ "$got" = "$4" ] ||
	    { echo "FAIL $1: $3 on $2: reminders dated '$got', want '$4'"; fail=1; }
}

# ---- five weeks before: the social worker and the team manager ------------
for who in sw1 tm1; do
	reminds "before-$who" 2025-03-11 $who ""
	reminds "first-$who" 2025-03-12 $who "2025-03-12"
	reminds "next-$who" 2025-03-13 $who "2025-03-12"
	reminds "later-$who" 2025-03-26 $who "2025-03-12"
done
reminds not-sm 2025-03-12 sm1 ""
# the table: today's to act on (not overdue), marked *, the day it began
TODAY=2025-03-14 run table --as sw1 task list
expect table 0
awk '/^Today/ { t = 1 } /^(Overdue|This week|Later)/ { t = 0 }
     t && /\* URGENT CLA\/CP: SQA asks for the invite list/' \
    "$WORK/table.out" | grep -q 'Wed 2025-03-12' ||
    { echo "FAIL table: the reminder is not under Today, dated 03-12:"; cat "$WORK/table.out"; fail=1; }
has table "* reminder: from its date until the step is done"

# ---- 20 days before: the team and service managers --------------------------
reminds tm-20 2025-03-27 tm1 "2025-03-12 2025-03-27"
reminds sm-20 2025-03-27 sm1 "2025-03-27"
reminds sm-20-next 2025-03-28 sm1 "2025-03-27"
reminds sm-20-before 2025-03-26 sm1 ""
reminds sw-20 2025-03-27 sw1 "2025-03-12"
TODAY=2025-03-27 run sm-title --as sm1 task list
has sm-title "* URGENT CLA/CP: reminder from the QA & Review TM"

# ---- mail reminders ------------------------------------------------------------
# mailbox NAME DIR: "To | Subject" of each message, one a line, sorted;
# parsed under the strict policy
cat >"$WORK/mbox.py" <<'EOF'
import sys, os, email, email.policy
d = sys.argv[1]
rows = []
for n in sorted(os.listdir(os.path.join(d, 'cur'))):
    raw = open(os.path.join(d, 'cur', n), 'rb').read()
    head = raw.partition(b'\n\n')[0]
    m = email.message_from_bytes(raw, policy=email.policy.strict)  # a defect is an error
    bcc = 'BCC' if m['Bcc'] is not None or b'\nBcc:' in head else ''
    rows.append('%s | %s%s' % (m['To'], str(m['Subject']), bcc))
print('\n'.join(sorted(rows)))
EOF
TODAY=2025-03-12 run m12 --as qa1 mail reminders --domain example.gov.uk \
    --maildir "$WORK/md12"
expect m12 0
python3 "$WORK/mbox.py" "$WORK/md12" >"$WORK/md12.txt"
printf '%s\n' \
    "sw1@example.gov.uk | URGENT CLA/CP: SQA asks for the invite list for the CLA review" \
    "tm1@example.gov.uk | URGENT CLA/CP: SQA asks for the invite list for the CLA review" \
    >"$WORK/md12.want"
cmp -s "$WORK/md12.txt" "$WORK/md12.want" ||
    { echo "FAIL mail 03-12: one draft each to sw1 and tm1:"; cat "$WORK/md12.txt"; fail=1; }
grep -l "Reminder of Wed 2025-03-12" "$WORK/md12/cur/"* >/dev/null ||
    { echo "FAIL mail 03-12: the body does not date the reminder"; fail=1; }
TODAY=2025-03-27 run m27 --as qa1 mail reminders --domain example.gov.uk \
    --maildir "$WORK/md27"
expect m27 0
python3 "$WORK/mbox.py" "$WORK/md27" >"$WORK/md27.txt"
[ "$(wc -l <"$WORK/md27.txt")" = 2 ] &&
    grep -q '^sm1@example.gov.uk | URGENT CLA/CP: reminder from the QA & Review TM' "$WORK/md27.txt" &&
    grep -q '^tm1@example.gov.uk | URGENT CLA/CP: reminder from the QA & Review TM' "$WORK/md27.txt" ||
    { echo "FAIL mail 03-27: to tm1 and sm1:"; cat "$WORK/md27.txt"; fail=1; }
# both of tm1's, from the first day on: one message, both listed
TODAY=2025-03-27 run msince --as qa1 mail reminders --domain example.gov.uk \
    --since 2025-03-10
expect msince 0
[ "$(grep -c '^To: ' "$WORK/msince.out")" = 3 ] ||
    { echo "FAIL mail --since: want 3 messages (sw1, tm1, sm1)"; cat "$WORK/msince.out"; fail=1; }
has msince "Subject: URGENT CLA/CP: 2 reminders dated from 2025-03-10 to"
TODAY=2025-03-27 run mbad --as qa1 mail reminders --domain example.gov.uk --since 2025-03-28
expect mbad 2 "--since is after --date"

# ---- the invite list done: gone from every queue, no mail -----------------------
TODAY=2025-03-20 run ids --as sw1 task list --tsv
id=$(awk -F'\t' '$7 == "invite-list" { print $1 }' "$WORK/ids.out")
TODAY=2025-03-20 ok done --as sw1 task done "$id"
for who in sw1 tm1; do reminds "done-$who" 2025-03-20 $who ""; done
for who in tm1 sm1; do reminds "done27-$who" 2025-03-27 $who ""; done
TODAY=2025-03-27 run mdone --as qa1 mail reminders --domain example.gov.uk
expect mdone 0 "nothing to send"
[ -s "$WORK/mdone.out" ] && { echo "FAIL mail after done: drafted"; fail=1; }

# ---- a policy title with CR LF adds no header -------------------------------
cp policies/generic.yaml "$WORK/generic.yaml"
sed 's|title: "URGENT CLA/CP: SQA asks for the invite list for the CLA review"|title: "URGENT CLA/CP: SQA asks\\r\\nBcc: evil@example.com"|' \
    policies/swindon.yaml >"$WORK/hostile.yaml"
grep -q 'evil@' "$WORK/hostile.yaml" || { echo "FAIL: hostile policy not made"; fail=1; }
DB="$WORK/hostile"
fx init --policy "$WORK/hostile.yaml" &&
fx worker add tm1 --name "Tia Lead" --role team-manager &&
fx worker add sw1 --name "Sol Worker" --role social-worker --manager tm1 &&
fx worker add iro1 --name "Ivo Reviewer" --role iro &&
fx child add C2 --name "Zoe Brown" --social-worker sw1 --looked-after-since 2024-10-01 &&
fx meeting add C2 cla-review 2025-04-16 --chair iro1 \
    --anchor care-start=2024-10-01 --reason "Carer's leave, agreed" ||
    { echo "FAIL: could not build the hostile store"; fail=1; }
TODAY=2025-03-12 run mh mail reminders --domain example.gov.uk --maildir "$WORK/mdh"
expect mh 0
python3 "$WORK/mbox.py" "$WORK/mdh" >"$WORK/mdh.txt"
[ "$(wc -l <"$WORK/mdh.txt")" = 2 ] && ! grep -q 'BCC' "$WORK/mdh.txt" ||
    { echo "FAIL hostile title: a header was added:"; cat "$WORK/mdh.txt"; fail=1; }

# ---- timeline --------------------------------------------------------------------
ok tl timeline --policy policies/swindon.yaml cla-review 2025-04-16
has tl "Wed 2025-03-12  5 weeks before meeting          Social worker       * reminder: URGENT CLA/CP: SQA asks"
has tl "Wed 2025-03-12  5 weeks before meeting          Team manager        * reminder: URGENT CLA/CP: SQA asks"
has tl "Thu 2025-03-27  20 days before meeting          Service manager     * reminder: URGENT CLA/CP: reminder from the QA & Review TM"
has tl "Tue 2025-04-01  1 working day after due         Team manager        ^ escalation: Send the CLA review invite list"
has tl "* reminder: in the queues of those it names from its date until the step is done"
ok tsv timeline --policy policies/swindon.yaml cla-review 2025-04-16 --tsv
has tsv "2025-03-12${T}reminder:invite-list${T}social-worker${T}URGENT CLA/CP: SQA asks"
has tsv "2025-03-27${T}reminder:invite-list${T}service-manager${T}URGENT CLA/CP: reminder"
has tsv "2025-04-01${T}escalation:invite-list${T}service-manager${T}Escalation: Send the CLA review"
lacks tsv "2025-03-27${T}reminder:invite-list${T}social-worker"
ok tlhelp timeline --help
has tlhelp "reminders (remind:) and escalations (escalate:)"
grep -q 'reminder:STEP or escalation:STEP' doc/cpdesk.1 ||
    { echo "FAIL the man page does not say timeline lists reminders"; fail=1; }
exit $fail

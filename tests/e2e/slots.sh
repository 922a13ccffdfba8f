#!/bin/sh
# slots.sh - meeting slots through the real binary (issue 17, "Find a
# slot"): a child's first CLA review (within 20 working days of coming
# into care: by Thu 2027-05-20; generic's margin of 5 working days: book
# by Thu 2027-05-13), with the early May bank holiday in the window, the
# IRO full on two days, the social worker booked all of a third, the
# IRO and the minute taker each booked at one time of a day; the days
# and times left, the marks, --tsv, --from and --to, a latest date
# already past, the refusals, and the read on the record.
TODAY=2027-04-26
. "$TOP/tests/e2e/lib_cli.sh"

ok init init --policy policies/generic.yaml
ok w_sm worker add sm1 --name "Sam Manager" --role service-manager
ok w_sg worker add sg1 --name "Sian Safeguarding" --role safeguarding-manager
ok w_tm worker add tm1 --name "Tia Lead" --role team-manager --manager sm1
ok w_sw1 worker add sw1 --name "Sol Worker" --role social-worker --manager tm1
ok w_sw2 worker add sw2 --name "Sue Worker" --role social-worker --manager tm1
ok w_iro1 worker add iro1 --name "Ivo Reviewer" --role iro --manager sm1
ok w_iro2 worker add iro2 --name "Ina Reviewer" --role iro --manager sm1
ok w_ch worker add chair1 --name "Cara Chair" --role cp-chair --manager sm1
ok w_mt1 worker add mt1 --name "Mo Minutes" --role minute-taker
ok w_mt2 worker add mt2 --name "Mia Minutes" --role minute-taker
ok w_sw3 worker add sw3 --name "Sid Worker" --role social-worker --manager tm1
ok c1 child add C1 --name "Cal One" --social-worker sw1
ok c2 child add C2 --name "Cat Two" --social-worker sw1
for c in C3 C4 C5 C6; do ok "$c" child add "$c" --name "Kid $c" --social-worker sw2; done
ok c7 child add C7 --name "Kit Seven" --social-worker sw3
ok care1 care start C1 2027-04-21
for c in C3 C4 C5 C6; do ok "care$c" care start "$c" 2027-04-12; done

# The IRO's diary: two reviews on Wed 28 April and two on Thu 6 May (at
# most 2 a day: both days full), one at 10:00 on Mon 10 May (09:30 and
# 11:00 overlap it at 90 minutes a meeting; 13:30 and 15:00 are free).
ok m1 meeting add C3 cla-review 2027-04-28 --time 09:30 --chair iro1 --minute-taker mt2
ok m2 meeting add C4 cla-review 2027-04-28 --time 13:30 --chair iro1 --minute-taker mt2
ok m3 meeting add C5 cla-review 2027-05-06 --time 09:30 --chair iro1 --minute-taker mt2
ok m4 meeting add C6 cla-review 2027-05-06 --time 15:00 --chair iro1 --minute-taker mt2
ok m5 meeting add C3 cla-review 2027-05-10 --time 10:00 --chair iro1 --minute-taker mt2 \
    --reason "a second review while the first is still booked: a test"
# The social worker (sw1): C2's conference on Tue 11 May, no time given
# (the whole day).
ok m6 meeting add C2 icpc 2027-05-11 --chair chair1 --minute-taker mt2
# The minute taker: 11:00 on Fri 30 April (09:30 and 13:30 do not overlap it).
ok m8 meeting add C7 icpc 2027-04-30 --time 11:00 --chair chair1 --minute-taker mt1
# A cancelled meeting takes no time: iro1 on Thu 29 April, cancelled.
ok m9 meeting add C4 cla-review 2027-04-29 --time 09:30 --chair iro1 --minute-taker mt2 \
    --reason "booked twice: a test"
M9=$(cat "$WORK/m9.out")
ok m9c meeting cancel "$M9" --reason "booked twice"
ok m9a --as sg1 approve "$(cat "$WORK/m9c.out")"   # generic.yaml's approver (001)

# ---- the free times -------------------------------------------------------
ok slots meeting slots C1 cla-review --chair iro1 --minute-taker mt1
# exactly these days: not the weekends, not Mon 3 May (the bank holiday),
# not 28 April and 6 May (the IRO's two), not 11 May (the social worker's)
days=$(sed -n 's/^[A-Z][a-z][a-z] \(2027-[0-9-]*\) .*/\1/p' "$WORK/slots.out" | tr '\n' ' ')
want="2027-04-26 2027-04-27 2027-04-29 2027-04-30 2027-05-04 2027-05-05 2027-05-07 2027-05-10 2027-05-12 2027-05-13 2027-05-14 2027-05-17 2027-05-18 2027-05-19 2027-05-20 "
[ "$days" = "$want" ] || { echo "FAIL slots: days '$days', want '$want'"; fail=1; }
has slots "Days:         Mon 2027-04-26 to Thu 2027-05-20 (the latest lawful date)"
has slots "Book by:      Thu 2027-05-13 (5 working days before the latest lawful date)"
has slots "Booked:       chair iro1, minute taker mt1, social worker sw1"
has slots "Left out:     7 days not working days, 2 days the chair is full, 7 times someone is booked"
has slots "Fri 2027-04-30  09:30 13:30 15:00"      # the minute taker at 11:00
has slots "Mon 2027-05-10  13:30 15:00"            # the IRO at 10:00
has slots "Thu 2027-04-29  09:30 11:00 13:30 15:00"   # the cancelled one
has slots "Thu 2027-05-13  09:30 11:00 13:30 15:00  <- book by (5 working days before the latest lawful date)"
has slots "Thu 2027-05-20  09:30 11:00 13:30 15:00  <- the latest lawful date"
[ ! -s "$WORK/slots.err" ] || { echo "FAIL slots: stderr:"; cat "$WORK/slots.err"; fail=1; }

# --tsv: a line a free time, earliest first, with the marks
ok tsv meeting slots C1 cla-review --chair iro1 --minute-taker mt1 --tsv
[ "$(head -1 "$WORK/tsv.out")" = "date${T}time${T}mark" ] || { echo "FAIL tsv: header"; fail=1; }
n=$(tail -n +2 "$WORK/tsv.out" | wc -l)
[ "$n" = 57 ] || { echo "FAIL tsv: $n free times, want 15 days x 4 - 3"; fail=1; }
has tsv "2027-04-26${T}09:30${T}"
has tsv "2027-04-30${T}13:30${T}"
lacks tsv "2027-04-30${T}11:00"
lacks tsv "2027-05-03"
lacks tsv "2027-05-11"
has tsv "2027-05-13${T}15:00${T}book-by"
has tsv "2027-05-14${T}09:30${T}in-margin"
has tsv "2027-05-20${T}09:30${T}latest"
tail -n +2 "$WORK/tsv.out" | sort -c 2>/dev/null || { echo "FAIL tsv: not earliest first"; fail=1; }

# without the chair and minute taker: only the social worker's day goes
ok nobody meeting slots C1 cla-review --tsv
has nobody "2027-04-28${T}09:30"
has nobody "2027-04-30${T}11:00"
lacks nobody "2027-05-11"
# another IRO and minute taker: the first IRO's full days are open, but
# mt2 clerks each of iro1's reviews, so those times are still taken
ok iro2 meeting slots C1 cla-review --chair iro2 --minute-taker mt2 --tsv
has iro2 "2027-04-28${T}11:00"
has iro2 "2027-04-28${T}15:00"
lacks iro2 "2027-04-28${T}09:30"
lacks iro2 "2027-04-28${T}13:30"
has iro2 "2027-05-06${T}13:30"
lacks iro2 "2027-05-06${T}15:00"
lacks iro2 "2027-05-10${T}11:00"
has iro2 "2027-05-10${T}13:30"
has iro2 "2027-04-30${T}11:00"     # mt1's, not mt2's

# --from and --to: a later first day; days past the latest, marked late
ok from meeting slots C1 cla-review --chair iro1 --from 2027-05-18 --tsv
[ "$(sed -n 2p "$WORK/from.out")" = "2027-05-18${T}09:30${T}in-margin" ] ||
    { echo "FAIL from: first line"; cat "$WORK/from.out"; fail=1; }
ok to meeting slots C1 cla-review --from 2027-05-19 --to 2027-05-24 --tsv
has to "2027-05-19${T}09:30${T}in-margin"
has to "2027-05-21${T}09:30${T}late"
has to "2027-05-24${T}15:00${T}late"
ok late_text meeting slots C1 cla-review --from 2027-05-20 --to 2027-05-21
has late_text "Days:         Thu 2027-05-20 to Fri 2027-05-21 (the latest lawful date: Thu 2027-05-20)"
has late_text "Fri 2027-05-21  09:30 11:00 13:30 15:00  LATE: after the latest lawful date"
# nothing free: said, not an error
ok full meeting slots C1 cla-review --from 2027-05-06 --to 2027-05-06 --chair iro1
has full "Nothing is free from 2027-05-06 to 2027-05-06."
has full "Left out:     0 days not working days, 1 day the chair is full, 0 times someone is booked"
ok full_tsv meeting slots C1 cla-review --from 2027-05-06 --to 2027-05-06 --chair iro1 --tsv
[ "$(cat "$WORK/full_tsv.out")" = "date${T}time${T}mark" ] || { echo "FAIL full_tsv"; fail=1; }
grep -qF "nothing is free from 2027-05-06 to 2027-05-06" "$WORK/full_tsv.err" ||
    { echo "FAIL full_tsv: no note"; fail=1; }

# ---- the latest lawful date already past ------------------------------------
TODAY=2027-05-24
run past meeting slots C1 cla-review
expect past 1 "meeting slots: child C1's cla-review was due by 2027-05-20, before 2027-05-24: any date now is late"
[ ! -s "$WORK/past.out" ] || { echo "FAIL past: stdout not empty"; fail=1; }
ok past_to meeting slots C1 cla-review --to 2027-05-26 --tsv
[ "$(sed -n 2p "$WORK/past_to.out")" = "2027-05-24${T}09:30${T}late" ] ||
    { echo "FAIL past_to"; cat "$WORK/past_to.out"; fail=1; }
TODAY=2027-04-26

# ---- refusals: one line, what to do ---------------------------------------
run no_cadence meeting slots C7 icpc
expect no_cadence 2 "no cadence rule gives a latest date for child C7's icpc"
grep -qF -- "--to DATE" "$WORK/no_cadence.err" || { echo "FAIL no_cadence: no --to"; fail=1; }
ok no_cadence_to meeting slots C7 icpc --to 2027-04-27 --tsv
has no_cadence_to "2027-04-27${T}09:30${T}"
run not_iro meeting slots C1 cla-review --chair chair1
expect not_iro 1 "chair 'chair1' does not hold the role iro (IRO)"
run not_mt meeting slots C1 cla-review --minute-taker iro2
expect not_mt 1 "minute taker 'iro2' does not hold the role minute-taker"
run no_worker meeting slots C1 cla-review --chair nobody
expect no_worker 1 "chair 'nobody' is not a worker in this store"
run no_child meeting slots C99 cla-review
expect no_child 2 "no child 'C99' in this store"
run no_type meeting slots C1 cla-revue
expect no_type 2 "has no meeting type 'cla-revue'"
run not_during meeting slots C2 cla-review --to 2027-05-01
expect not_during 1 "child C2 is not looked after on 2027-04-26"
run before meeting slots C1 cla-review --from 2027-04-23
expect before 2 "--from 2027-04-23 is before today (2027-04-26)"
run year meeting slots C1 cla-review --to 2028-05-01
expect year 2 "more than 366 days"
run no_args meeting slots C1
expect no_args 2 ""
# a child the actor may not see is answered as one that is not there
run unseen --as sw3 meeting slots C1 cla-review
expect unseen 2 "no child 'C1' in this store"
run seen --as sw1 meeting slots C1 cla-review --tsv
expect seen 0

# ---- on the record: the child's record was read ------------------------
ok audit audit --child C1
n=$(grep -c 'child.view.*how="meeting slots"' "$WORK/audit.out")
[ "$n" -ge 1 ] || { echo "FAIL audit: no read by meeting slots"; cat "$WORK/audit.out"; fail=1; }
grep 'child.view.*how="meeting slots"' "$WORK/audit.out" | grep -q sw1 ||
    { echo "FAIL audit: sw1's read not recorded"; fail=1; }
ok audit7 audit --child C1
grep 'how="meeting slots"' "$WORK/audit7.out" | grep -q sw3 &&
    { echo "FAIL audit: sw3's refused read recorded"; fail=1; }
exit $fail

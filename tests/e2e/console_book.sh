#!/bin/sh
# Issue 17 in the console, at 80x24: the QA administrator books a
# meeting for a child at a free time the diary offers (b, from the
# meeting's row in Meetings: the child filled in, the types of the
# policy, the free times; nobody allocated yet), the confirmation page
# says how it stands, and then allocates its chair and minute taker (A).
# A social worker is not offered b.
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
cpd worker add ch2 --name "Cal Second" --role cp-chair >/dev/null ||
    fail "could not add a chair"

t_start 80 24 --as asocial
t_wait "Ann Social (asocial)"
t_keys 2
t_wait "Ada Brown"
t_keys b
t_wait "needs the role"
t_keys q
t_wait "[exit 0]"
t_cleanup

t_start 80 24 --as qadmin
t_wait "Quinn Admin (qadmin)"
t_keys 2
t_wait "Ada Brown"
t_keys b
t_wait "Book a meeting"
t_wait "AB123"
t_wait "Initial child protection conference"
t_keys Tab Right                     # the review conference
t_wait "Review child protection conference"
t_keys Tab Tab Tab                   # chair, minute taker, from: blank
t_wait "blank: from today"
t_keys Tab                           # the free times, this week
t_wait "Free time*:      < "
t_keys Enter Enter
t_wait "Confirm: Book a meeting"
t_wait "Chair: (to allocate); minute taker: (to allocate)"
t_keys y
t_wait "Booked meeting"
t_cleanup
new=$(cpd child show AB123 | awk '$0 ~ /rcpc/ { print $1; exit }')
[ -n "$new" ] || fail "no RCPC booked for AB123"
cpd meeting show "$new" | grep -q "Chair:  *(to allocate" || fail "booked with a chair"
day=$(cpd meeting show "$new" | sed -n 's/^  Date: *\([A-Z][a-z]*\) .*/\1/p')
case "$day" in Sat|Sun|"") fail "booked on '$day'";; esac
when=$(cpd meeting show "$new" | sed -n 's/^  Date: *[A-Z][a-z]* \([0-9-]*\).*/\1/p')
[ "$when" \< 2027-05-17 ] || fail "the first free time, $when, is not before the ICPC"

# ---- booked months ahead: the first day to look from --------------------
t_start 80 24 --as qadmin
t_wait "Quinn Admin (qadmin)"
t_keys 2
t_wait "Ada Brown"
t_keys b
t_wait "Book a meeting"
t_keys Tab Right Tab Tab Tab
t_type "2027-08-1"
t_wait "not a date (YYYY-MM-DD)"
t_type "6"
t_wait "< Mon 2027-08-16 09:30 >"        # the first free time from then
t_keys C-u
t_type "2027-05-01"
t_wait "before today"
t_keys C-u
t_type "2027-08-16"
t_keys Tab
t_wait "< Mon 2027-08-16 09:30 >"
# another time chosen stays chosen while the rest is typed
t_keys Right
t_wait "< Mon 2027-08-16 11:00 >"
t_keys Tab
t_type "Family asked for later"
t_wait "Family asked for later"
t_screen | grep -q "< Mon 2027-08-16 11:00 >" || fail "the time chosen went back"
t_keys Escape
t_gone "Book a meeting"
t_keys q
t_wait "[exit 0]"
t_cleanup

# ---- and allocated, from Meetings ---------------------------------------
t_start 80 24 --as qadmin
t_wait "Quinn Admin (qadmin)"
t_keys 2
t_wait "to allocate"
# the first free time is before Ada's ICPC (17 May): the first row
t_keys A
t_wait "Allocate RCPC for Ada Brown"
t_type "ch2"
t_wait "Cal Second"
t_keys Tab
t_type "mminute"
t_keys Enter Enter Enter
t_wait "Chair: (to allocate) -> ch2"
t_keys y
t_wait "Allocated;"
t_keys q
t_wait "[exit 0]"
t_cleanup
cpd meeting show "$new" | grep -q "Chair:  *ch2$" || fail "the booked meeting was not allocated"
exit 0

#!/bin/sh
# Issue 17 in the console, at 80x24: a meeting booked with nobody
# allocated shows "to allocate" in Meetings; the QA administrator
# allocates its chair and minute taker from there (A: the form names
# each worker as typed; the confirmation page shows old -> new); the
# steps move to them; a social worker is not offered the key.  (The date
# rules in the console: console_dates.sh.)
. "$TOP/tests/e2e/lib_tmux.sh"
t_store
cpd child add ZZ100 --name "Zoe Zed" --social-worker asocial >/dev/null &&
M=$(cpd meeting add ZZ100 icpc 2027-05-19 --time 14:00 --anchor s47-start=2027-04-28) ||
    fail "could not book the meeting"
cpd meeting show "$M" | grep -q "Chair:  *(to allocate" || fail "booked with a chair?"

t_start 80 24 --as asocial
t_wait "Ann Social (asocial)"
t_keys 2
t_wait "to allocate"
t_screen | tail -1 | grep -q "A allocate" && fail "a social worker is offered allocate"
t_keys q
t_wait "[exit 0]"
t_cleanup

t_start 80 24 --as qadmin
t_wait "Quinn Admin (qadmin)"
t_keys 2
t_wait "to allocate"
t_wait "A allocate"
t_keys Down
t_keys A
t_wait "Allocate ICPC for Zoe Zed"
t_type "cchair"
t_wait "Carol Chair"
t_keys Tab
t_type "nobody"
t_wait "not a worker"
t_keys C-u
t_type "mminute"
t_wait "Mo Minute"
t_keys Enter Enter Enter
t_wait "Chair: (to allocate) -> cchair"
t_wait "Minute taker: (to allocate) -> mminute"
t_keys y
t_wait "Allocated;"
t_wait "Carol Chair"
# the diary filtered to the selected meeting's chair, then minute taker
t_keys f
t_wait "(2): Carol Chair as chair"
t_keys f
t_wait "(2): Mo Minute as minute taker"
t_keys f
t_wait "Meetings: everyone's"
t_keys q
t_wait "[exit 0]"
t_cleanup
cpd meeting show "$M" | grep -q "Chair:  *cchair$" || fail "the chair was not allocated"
cpd task list --user cchair --tsv | grep -q "ZZ100" || fail "the chair's steps did not move"
cpd task list --user qadmin --tsv | grep "ZZ100" | grep -q "@chair" &&
    fail "steps still wait in the pool"
exit 0

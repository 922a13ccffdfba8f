#!/bin/sh
# A social worker's Monday in the line-by-line mode (issue 20), typed
# through a pipe as a screen reader or braille display would send it:
# the queue as numbered lines, a task opened by its number (the step in
# full, the rule, the timeline), marked done with a note (each field a
# line, then the confirmation), and gone from Overdue; the meetings and
# children views by name, a search; what the console refuses a social
# worker is refused here too, saying why; a form left with a full stop
# writes nothing; no drawing characters or escape sequences; what was
# read and written is on the record.  `cpdesk --plain` is `cpdesk
# console --plain`.
TODAY=2027-05-10
. "$TOP/tests/e2e/lib_cli.sh"

run init init --policy "$TOP/policies/generic.yaml"
ok w1 worker add sserv --name "Sam Service" --role service-manager
ok w2 worker add tman --name "Tom Manager" --role team-manager --manager sserv
ok w3 worker add asocial --name "Ann Social" --role social-worker \
    --manager tman
ok w4 worker add cchair --name "Carol Chair" --role cp-chair
ok w5 worker add mminute --name "Mo Minute" --role minute-taker
ok child child add AB123 --name "Ada Brown" --social-worker asocial \
    --dob 2019-03-02 --cin-since 2027-04-01 --family-reports post
ok meeting meeting add AB123 icpc 2027-05-17 --time 10:00 --chair cchair \
    --minute-taker mminute --anchor s47-start=2027-04-26

# ---- the Monday ---------------------------------------------------------------
cat >"$WORK/monday.in" <<'EOF'
1
done 1
Invite list sent to the CPA

y
meetings
done 1
children
search ada
view 7
done 99
frobnicate
done x
queue
approve 1
done 1
typo

n
-

n
.
quit
EOF
run monday --as asocial --plain <"$WORK/monday.in"
expect monday 0
has monday "cpdesk, line by line. You are Ann Social (asocial); today is Mon 2027-05-10."
has monday "My queue:"
has monday "Overdue (2):"
has monday "1. Due Fri 2027-04-30, overdue: Ada Brown, ICPC 05-17: Complete the invite list"
has monday "2. Due Thu 2027-05-06, overdue: Ada Brown, ICPC 05-17: Agree with the family"
has monday "Today (1):"
has monday "3. Due Mon 2027-05-10: Ada Brown, ICPC 05-17: Go through the CFA report"
# 1: the task in full
has monday "Ada Brown (AB123), born 2019-03-02"
has monday "Step due Fri 2027-04-30 (LATE): Complete the invite list"
has monday "Rule: \""
has monday "Timeline:"
has monday "=== Mon 2027-05-17: MEETING DAY ==="
# done 1: a line a field, the confirmation, written
has monday "Mark the task done. One line a field"
has monday "Confirm: Mark the task done"
has monday "Note: Invite list sent to the CPA"
has monday "Write it? y or n:"
has monday "Done: Complete the invite list"
has monday "Overdue (1):"
sed -n '/^Done: Complete the invite list/,/^Today/p' "$WORK/monday.out" |
    tail -n +2 >"$WORK/after"
check "the queue after it lists the other overdue task first" \
    grep -q "^1. Due Thu 2027-05-06, overdue: Ada Brown" "$WORK/after"
check "the queue after it lacks the done task" \
    sh -c "! grep -q 'Complete the invite list' '$WORK/after'"
# the other views by name
has monday "Meetings:"
has monday "10:00 ICPC: Ada Brown; chair Carol Chair; minutes Mo Minute"
has monday "d works on a task in My queue (type view 1)"
has monday "Your children (1):"
has monday "1. AB123 Ada Brown, born 2019-03-02, social worker Ann Social"
has monday "Children matching \"ada\" (1):"
# refused as in the console, saying why
has monday "The Team view is not available to you"
has monday "Error: only the approvers the policy names"
has monday "No row 99 here"
has monday "Not a command: 'frobnicate' (help lists them)."
has monday "done takes the number of a row, e.g. done 1."
has monday "Note: typo"
has monday "Note, Enter keeps typo: "
has monday "Note: (none)"                   # emptied with a minus sign
has monday "Left the form; nothing written."
check "no escape sequences" sh -c "! grep -q \"$(printf '\033')\" '$WORK/monday.out'"
check "no drawing characters" sh -c "! grep -q '[│┌┐└┘─]' '$WORK/monday.out'"

ok done task list --user asocial --status done --tsv
has done "invite-list"
check "only the one task done (the form left wrote nothing)" \
    test "$(grep -c . "$WORK/done.out")" -le 2
ok audit audit --child AB123
has audit "Invite list sent to the CPA"
has audit "console"

# ---- cpdesk --plain; the end of input ends it -----------------------------
printf 'help\n' >"$WORK/help.in"
run plain --as asocial --plain <"$WORK/help.in"
expect plain 0
has plain "Commands, one a line:"
has plain "done and a number, or d: Mark the task done"
lacks plain "approve and a number"      # not offered to a social worker
run console --as asocial console --plain </dev/null
expect console 0
has console "Overdue (1):"

# ---- a team manager: the Team view, a worker's queue by login ----------------
printf 'team\nfilter asocial\n1\nback\nmeetings\nfilter\nquit\n' >"$WORK/tm.in"
run tm --as tman --plain <"$WORK/tm.in"
expect tm 0
has tm "1. Ann Social (asocial): children 1, open 2, overdue 1, due this week 1, next week 0; by week 1 0 0 0 0 0 0 0"
has tm "Ann Social's queue (back: the team):"
has tm "1. Due Thu 2027-05-06, overdue: Ada Brown, ICPC 05-17: Agree with the family"
has tm "Initial child protection conference"
has tm "Meetings: only Carol Chair's, as chair"

# ---- not a worker: refused as the console refuses --------------------------
run nobody --as nobody --plain </dev/null
expect nobody 1

exit $fail

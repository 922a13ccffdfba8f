#!/bin/sh
# The Policy view (issue 6): the store's creator sees the policy in
# force and every file of the policies directory checked (a bad one with
# its FILE:LINE:COL error, and it cannot be previewed or used), previews
# a switch to swindon.yaml and makes it with a reason; `policy show` and
# `audit` agree.  A worker who may not switch the policy is not offered
# the view (no tab, no help line; the key says it is not available); a
# QA manager is.
. "$TOP/tests/e2e/lib_tmux.sh"

# A data directory of our own (CPDESK_DATADIR): the shipped holidays and
# policies, a bad policy beside them, and one whose name and title hold
# an escape sequence (drawn sanitised: '?' for the ESC).
mkdir -p "$WORK/data/policies" || exit 1
cp "$TOP/data/bank-holidays.json" "$WORK/data/" &&
cp "$TOP/policies/"*.yaml "$WORK/data/policies/" &&
cp "$TOP/tests/policy-bad/step-typo-key.yaml" \
   "$WORK/data/policies/zz-bad.yaml" || fail "cannot make the data directory"
sed 's/^title: .*/title: "Evil\\e[2JTitle"/' "$TOP/policies/generic.yaml" \
    >"$WORK/data/policies/$(printf 'ev\033[2Jil.yaml')" || fail "evil file"
export CPDESK_DATADIR="$WORK/data"

t_store
ME=$(id -un)
# the creator is also a social worker in team North, with a child of
# their own (so the preview counts two teams, and their queue has rows)
cpd worker add "$ME" --name "Store Owner" --role qa-admin,social-worker \
    --team North --manager tman >/dev/null 2>&1 ||
	fail "cannot add the store's creator as a worker"
cpd child add CD456 --name "Cal Dune" --social-worker "$ME" \
    --dob 2020-01-02 --cin-since 2027-04-01 --family-reports post \
    >/dev/null 2>&1 &&
cpd meeting add CD456 icpc 2027-05-20 --time 11:00 --chair cchair \
    --minute-taker mminute --anchor s47-start=2027-04-29 >/dev/null 2>&1 ||
	fail "cannot add the creator's child and meeting"
# (qa-admin too: an empty queue trips UBSan in ui_queue.c's qsort)
cpd worker add qman --name "Quin Manager" --role qa-manager,qa-admin \
    >/dev/null 2>&1 ||
	fail "cannot add a QA manager"

# ---- the store's creator ------------------------------------------------
t_start 80 24
t_wait "Store Owner ($ME)"
t_wait "6 Policy"
t_keys 6
t_wait "Policy in force"
t_wait "generic: Generic: national timescales"
t_wait "Set "
t_wait "by Store Owner ($ME)"
t_screen | grep -Eq "^ Set [0-9-]{10}T[0-9:]{8}[+-][0-9]{2}:[0-9]{2} by Store Owner" ||
    fail "the time the policy was set is not ISO 8601 with its offset"
t_wait "Files on disk: all match (generic.yaml)"
t_wait "Policy files in $WORK/data/policies (5)"
t_wait "ev?[2Jil.yaml        OK    generic: Evil?[2JTitle"
t_tmux capture-pane -p -e -t 0 | grep -q "$(printf '\033\\[2J')" &&
	fail "a raw escape reached the terminal"
t_wait "*generic.yaml"
t_wait "hounslow.yaml        OK"
t_wait "swindon.yaml         OK"
t_wait "zz-bad.yaml          ERROR zz-bad.yaml:11:9: unknown key 'tittle'"
t_wait "Enter preview  u switch policy"

# the bad file: its error in full, and neither Enter nor u gets further
t_keys G
t_wait "Fails its checks, cannot be previewed or used: zz-bad.yaml:11:9:"
t_keys Enter
t_wait "zz-bad.yaml cannot be previewed or used: zz-bad.yaml:11:9"
t_keys u
t_wait "zz-bad.yaml cannot be previewed or used"
t_screen | grep -q "Switch the policy to zz-bad" && fail "a bad file got a form"
t_screen | grep -q "Preview: switch to zz-bad" && fail "a bad file previewed"

# preview swindon.yaml: counts per type and team, the changes, scrolling
t_keys k
t_wait "-- swindon.yaml --"
t_keys Enter
t_wait "Preview: switch to swindon.yaml (writes nothing)"
# (generic's decisions on the day and plan to all kept; the next RCPC's
# date added)
t_wait "generic -> swindon: 2 meetings looked at; moved 0, added 7, dropped 10"
# the future only: swindon's steps that would be due before today
# (2027-05-10) are counted, not added
t_wait "3 steps due before today are not added; 0 held or past meetings untouched"
t_wait "By meeting type:"
t_wait "ICPC                     moved 0, added 7, dropped 10"
t_wait "By team:"
t_wait "(no team)                moved 0, added 3, dropped 5"
t_wait "North                    moved 0, added 4, dropped 5"
t_wait "Changes (20): meeting, child, step, from -> to"
t_wait "dropped ICPC 05-17 Ada Brown        notify-family-pro 2027-04-30 -> cancelled"
t_keys j
t_gone "generic -> swindon:"
t_keys G
t_wait "added   ICPC 05-20 Cal Dune         reports-available (none)     -> 2027-05-18"
t_gone "By meeting type:"
t_keys g
t_wait "generic -> swindon:"
cpd policy show | grep -q "^policy:  generic" || fail "the preview wrote"

# Esc goes back; u from the list previews and opens the form
t_keys Escape
t_wait "Policy files in"
t_keys u
t_wait "Switch the policy to swindon.yaml"
t_wait "Reason*:"
t_keys Enter
t_wait "Reason: required"
t_type "Moving to the Swindon procedure"
t_keys Enter
t_wait "Confirm: Switch the policy to swindon.yaml"
t_wait "Switch to swindon.yaml: 0 moved, 7 added, 10 dropped? y/n"
t_wait "Held meetings and those before today are left as they are; 3 steps"
t_wait "Reason: Moving to the Swindon procedure"
# the children the preview names are on the record, once each however
# often it is worked out (Enter, then u again; issue 14)
for c in AB123 CD456; do
	n=$(cpd audit --child "$c" --tsv | awk -F '\t' -v u="$ME" \
	    '$3 == u && $4 == "child.view" && $8 == "how=\"console: policy preview\""' |
	    wc -l)
	[ "$n" = 1 ] || fail "the preview's reads of $c on record: $n, expected 1"
done
t_keys y
t_wait "Switched to swindon (swindon.yaml): 0 moved, 7 added, 10 dropped."
# every view follows the new policy: the header, the policy in force
t_wait "cpdesk | Swindon Children's Services"
t_wait "swindon: Swindon Children's Services"
t_wait " Why: Moving to the Swindon procedure"
t_wait "*swindon.yaml"
t_keys 1
t_wait "Overdue"
t_keys q
t_wait "[exit 0]"
t_cleanup   # this session's server: the next t_start makes another

cpd policy show | grep -q "^policy:  swindon" ||
	fail "policy show does not show swindon: $(cpd policy show 2>&1)"
cpd policy show | grep -q "^reason:  Moving to the Swindon procedure" ||
	fail "policy show lacks the reason"
cpd audit 2>/dev/null | grep -A 2 " policy.use policy" |
	grep -q 'reason="Moving to the Swindon procedure"' ||
	fail "the audit trail lacks the switch and its reason"

# ---- a social worker: no Policy view ----------------------------------------
t_start 80 60 --as asocial
t_wait "Ann Social (asocial)"
t_wait "5 Lists"
t_screen | grep -q "6 Policy" && fail "the header offers Policy to asocial"
t_keys 6
t_wait "The Policy view is not available to you"
t_screen | grep -q "Policy in force" && fail "asocial reached the Policy view"
# Tab from Lists wraps to My queue, never to Policy
t_keys 5
t_wait "Lists: "
t_keys Tab
t_wait "Overdue (" 
t_screen | grep -q "Policy in force" && fail "Tab reached the Policy view"
t_keys u
t_screen | grep -q "Switch the policy" && fail "u opened a switch for asocial"
t_keys '?'
t_wait "Help: every key"
t_wait "Mark the task done"
t_screen | grep -q "Policy: files checked" && fail "help offers Policy to asocial"
t_screen | grep -q "Switch to the selected policy" && fail "help offers u to asocial"
t_keys Escape
t_keys q
t_wait "[exit 0]"
t_cleanup   # this session's server: the next t_start makes another

# ---- a QA manager: the view is offered ------------------------------------
t_start 80 24 --as qman
t_wait "Quin Manager (qman)"
t_wait "6 Policy"
t_keys 6
t_wait "swindon: Swindon Children's Services"
t_keys q
t_wait "[exit 0]"
t_cleanup   # this session's server: the next t_start makes another
echo "ok: the Policy view"

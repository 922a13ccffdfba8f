# lib_lists.sh - sourced by tests/e2e/lists*.sh: build_store DB POLICY
# builds a fixed borough (dates around the week of Monday 2025-03-10)
# with every command given --today, so its lists are deterministic.
# Names hold commas, quotes and non-ASCII to test CSV, JSON and text.
fx() { "$CPDESK" --db "$FX_DB" --today 2025-03-03 "$@"; }
build_store() {
	FX_DB=$1
	fx init --policy "$2" >/dev/null || return 1
	fx worker add dir1 --name "Dee Director" --role director >/dev/null &&
	fx worker add sm1 --name "Sam Manager" --role service-manager >/dev/null &&
	fx worker add qm1 --name "Quinn QA" --role qa-manager,qa-admin >/dev/null &&
	fx worker add sg1 --name "Sian Safeguarding" --role safeguarding-manager >/dev/null &&
	fx worker add qr1 --name "Rory Review" --role qa-review-manager >/dev/null &&
	fx worker add tm1 --name "Tia Lead" --role team-manager --manager sm1 >/dev/null &&
	fx worker add sw1 --name "O'Neil, Sol" --role social-worker --manager tm1 >/dev/null &&
	fx worker add sw2 --name "Sue Worker" --role social-worker --manager tm1 >/dev/null &&
	fx worker add chair1 --name "Cara Chair" --role cp-chair >/dev/null &&
	fx worker add iro1 --name "Ivo Reviewer" --role iro >/dev/null &&
	fx worker add mt1 --name "Mo Minutes" --role minute-taker >/dev/null || return 1
	fx child add C1 --name 'Smith, Ava "Ace"' --social-worker sw1 --cp-since 2025-01-01 >/dev/null &&
	fx child add C2 --name "Zoë Brown" --social-worker sw2 --looked-after-since 2024-10-01 >/dev/null &&
	fx child add C3 --name "Cal Green" --social-worker sw1 --cp-since 2024-12-01 >/dev/null &&
	fx child add C4 --name "Dan White" --social-worker sw2 --cp-since 2024-12-01 >/dev/null &&
	fx child add C5 --name "Eve Black" --social-worker sw1 --cin-since 2023-01-10 >/dev/null &&
	fx child add C6 --name "Fay Grey" --social-worker sw2 --cin-since 2023-06-01 >/dev/null &&
	fx child add C7 --name "Gus Blue" --social-worker sw1 --looked-after-since 2025-02-10 >/dev/null || return 1
	# ICPC on Friday 2025-03-14, s47 from 2025-03-03
	M1=$(fx meeting add C1 icpc 2025-03-14 --time 10:00 --chair chair1 \
	    --minute-taker mt1 --anchor s47-start=2025-03-03 2>/dev/null) || return 1
	# CLA review on 2025-04-16 (Swindon: a reminder 5 weeks before, 03-12)
	M2=$(fx meeting add C2 cla-review 2025-04-16 --time 14:00 --chair iro1 \
	    --minute-taker mt1 --anchor care-start=2024-10-01 --reason "Carer's leave, agreed" 2>/dev/null) || return 1
	# RCPCs: one cancelled, one moved out of the week
	M3=$(fx meeting add C3 rcpc 2025-03-13 --chair chair1 --minute-taker mt1 \
	    --reason "Late: family bereavement" 2>/dev/null) || return 1
	M4=$(fx meeting add C4 rcpc 2025-03-11 --chair chair1 --minute-taker mt1 \
	    --reason "Late: family bereavement" 2>/dev/null) || return 1
	# asked for on the 3rd, approved on the 13th: in that week's exceptions
	R3=$(fx meeting cancel "$M3" --reason "Child moved out of the borough, plan ended" \
	    2>/dev/null) || return 1
	# the policy's approvers: Hounslow (generic.yaml) the safeguarding
	# service manager (001); Swindon the child's own service manager and
	# the QA & Review service manager (004 point 17).  Those not needed
	# (any more) are refused.
	for a in sm1 sg1 qr1; do
		"$CPDESK" --db "$FX_DB" --today 2025-03-13 --as "$a" approve "$R3" \
		    >/dev/null 2>&1
	done
	fx meeting show "$M3" 2>/dev/null | grep -q 'Status: *cancelled' || return 1
	fx meeting move "$M4" 2025-03-20 --reason "Parent in hospital, \"urgent\"" \
	    >/dev/null 2>&1 || return 1
	# a first CLA review later than the cadence allows (due in the week)
	fx meeting add C7 cla-review 2025-03-20 --chair iro1 --minute-taker mt1 \
	    --anchor care-start=2025-02-10 --reason "IRO on leave; agreed by the SM" \
	    >/dev/null 2>&1 || return 1
	# agency reports for the ICPC
	fx report-received "$M1" Police --date 2025-03-03 >/dev/null &&
	fx report-received "$M1" School --expected >/dev/null &&
	fx report-received "$M1" "Health, visitor" --date 2025-03-03 \
	    --shared-with-family 2025-03-03 >/dev/null || return 1
	# case mappings: C6 mapped on 2025-03-05 by chair1; C5 never
	"$CPDESK" --db "$FX_DB" --today 2025-03-05 consult add C6 --kind case-mapping \
	    --date 2025-03-05 --chair chair1 --decision "Step down, to early help" \
	    --took-part "The social worker and team manager" \
	    --plan "Early help plan" >/dev/null || return 1
	return 0
}

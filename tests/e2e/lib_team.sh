# lib_team.sh - a store with two teams whose work is known to the day, for
# tests/e2e/team.sh and console_team.sh.  Needs CPDESK, TOP and WORK.
#
# The policy (written here) extends generic.yaml: a strategy discussion
# makes one task, the child's social worker's visit, due on its day, so
# each meeting below is one task due on a day the test chooses.  Today is
# Monday 2027-05-10; weeks run Monday to Sunday:
#   W0 05-10..05-16  W1 05-17..05-23  W2 05-24..05-30  W3 05-31..06-06
#   W4 06-07..06-13  W5 06-14..06-20  W6 06-21..06-27  W7 06-28..07-04
#
# Team Blue: tman (team manager, under sserv), and his four workers:
#   asocial  3 children  overdue 04-20 05-06; W0 05-10 05-12 05-14 and
#            Sunday 05-16; W1 eight (05-17 x3, 05-18 x3, 05-19 x2);
#            W3 06-01; later 07-12                      open 16
#   bsocial  2 children  overdue 05-07; W0 05-11; W2 05-24 05-25;
#            W7 06-28 06-29 06-30 07-01 07-02           open 9
#   csocial  1 child     W1 05-20; W4 06-07 06-08 06-09 06-10; and one
#            done (05-13) and one not needed (05-14): not counted
#                                                       open 5
#   dsocial  no children, no tasks
# Team Red: rman (team manager, under sserv) and rsocial (1 child, W0
# 05-11).  sserv (service manager) sees both teams; qaman (QA manager)
# every case.
#
#              children open overdue  W0 W1 W2 W3 W4 W5 W6 W7 later
#   asocial        3     16     2      4  8  .  1  .  .  .  .   1
#   bsocial        2      9     1      1  .  2  .  .  .  .  5   .
#   csocial        1      5     .      .  1  .  .  4  .  .  .   .
#   dsocial        .      .     .      .  .  .  .  .  .  .  .   .
#   Blue           6     30     3      5  9  2  1  4  .  .  5   1

TEAM_TODAY=2027-05-10

# team_store DB: build it (as its creator: the store's administrator).
team_store() {
	tdb=$1
	mkdir -p "$WORK/pol" &&
	cp "$TOP/policies/generic.yaml" "$WORK/pol/" &&
	cat >"$WORK/pol/teamtest.yaml" <<'EOF' || return 1
policy: teamtest
title: "Team view test: a visit a meeting"
extends: generic.yaml
meetings:
  strategy:
    drop-steps: [chair-consultation]
    steps:
      - id: visit
        role: social-worker
        title: "Visit the child"
        due: on meeting
        source: "tests/e2e/lib_team.sh"
EOF
	# meetings are booked a month before, so that past days may be
	tc() { "$CPDESK" --db "$tdb" --today 2027-04-01 "$@" >/dev/null \
	    2>>"$WORK/team-store.log"; }
	tc init --policy "$WORK/pol/teamtest.yaml" &&
	tc worker add sserv --name "Sam Service" --role service-manager \
	    --team Service &&
	tc worker add qaman --name "Quin Manager" --role qa-manager --team QA &&
	tc worker add tman --name "Tom Manager" --role team-manager --team Blue \
	    --manager sserv &&
	tc worker add rman --name "Rita Manager" --role team-manager --team Red \
	    --manager sserv || return 1
	for w in "asocial Ann" "bsocial Bea" "csocial Cal" "dsocial Dee"; do
		set -- $w
		tc worker add "$1" --name "$2 Social" --role social-worker \
		    --team Blue --manager tman || return 1
	done
	tc worker add rsocial --name "Rob Social" --role social-worker \
	    --team Red --manager rman &&
	tc child add A1 --name "Ada One" --social-worker asocial &&
	tc child add A2 --name "Abe Two" --social-worker asocial &&
	tc child add A3 --name "Amy Three" --social-worker asocial &&
	tc child add B1 --name "Ben One" --social-worker bsocial &&
	tc child add B2 --name "Bo Two" --social-worker bsocial &&
	tc child add C1 --name "Cy One" --social-worker csocial &&
	tc child add R1 --name "Ray One" --social-worker rsocial || return 1
	for m in A1:2027-04-20 A2:2027-05-06 A1:2027-05-10 A2:2027-05-12 \
	    A3:2027-05-14 A1:2027-05-17 A2:2027-05-17 A3:2027-05-17 \
	    A1:2027-05-18 A2:2027-05-18 A3:2027-05-18 A1:2027-05-19 \
	    A2:2027-05-19 A1:2027-06-01 A2:2027-07-12 \
	    B1:2027-05-07 B2:2027-05-11 B1:2027-05-24 B2:2027-05-25 \
	    B1:2027-06-28 B2:2027-06-29 B1:2027-06-30 B2:2027-07-01 \
	    B1:2027-07-02 \
	    C1:2027-05-20 C1:2027-06-07 C1:2027-06-08 C1:2027-06-09 \
	    C1:2027-06-10 C1:2027-05-13 C1:2027-05-14 R1:2027-05-11; do
		tc meeting add "${m%%:*}" strategy "${m#*:}" || return 1
	done
	# a Sunday: kept with --force, counted in the week it ends
	tc meeting add A3 strategy 2027-05-16 --force \
	    --reason "a weekend visit" || return 1
	# csocial's 05-13 visit done, the 05-14 one not needed
	tt=$("$CPDESK" --db "$tdb" --today 2027-04-01 task list --user csocial \
	    --tsv | awk -F'\t' '$2 == "2027-05-13" { print $1 }')
	ts=$("$CPDESK" --db "$tdb" --today 2027-04-01 task list --user csocial \
	    --tsv | awk -F'\t' '$2 == "2027-05-14" { print $1 }')
	[ -n "$tt" ] && [ -n "$ts" ] || return 1
	tc --as csocial task done "$tt" &&
	tc --as tman task skip "$ts" --reason "seen at school instead"
}

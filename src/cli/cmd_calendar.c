/* cmd_calendar.c - workdays, timeline and next: working-day arithmetic
 * and the policy's timetable from the command line, so a chair can
 * check a deadline by hand. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cli.h"
#include "paths.h"
#include "policy.h"
#include "policy_cal.h"
#include "schedule.h"
#include "schedule_marks.h"

#define WORKDAYS_MAX 2000
#define DEFAULT_DIVISION "england-and-wales"

static const char *const division_choices[] = {
	"england-and-wales", "scotland", "northern-ireland", NULL
};

static struct {
	char *policy, *holidays, *date, *n, *type, *event;
	const char *division;
	bool explain, tsv;
	cp_date day;
	int minutes;
	unsigned long nth;
	cli_anchors anchors;
} given = { .minutes = -1 };

/* ---- workdays ---------------------------------------------------------- */

static cp_status check_workdays(const cli_ctx *ctx, cp_error *err)
{
	(void)ctx;
	if (given.policy && given.division)
		return cp_fail(err, CP_BADINPUT,
		               "workdays: give --policy or --division, not both "
		               "(a policy names its own division)");
	return CP_OK;
}

static cp_status parse_count(const char *s, int *out, cp_error *err)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || end == s || s[0] == ' ')
		return cp_fail(err, CP_BADINPUT,
		               "'%.40s' is not a number of working days: write a "
		               "whole number such as 10 or -5", s);
	if (errno == ERANGE || v > WORKDAYS_MAX || v < -WORKDAYS_MAX)
		return cp_fail(err, CP_BADINPUT,
		               "%.40s working days is too many: at most %d either "
		               "way", s, WORKDAYS_MAX);
	*out = (int)v;
	return CP_OK;
}

/* Each day strictly between from and to that is not a working day. */
static void explain(const calendar *cal, cp_date from, cp_date to)
{
	int dir = to < from ? -1 : 1;
	const char *start = calendar_reason_closed(cal, from);
	if (start) {
		char buf[CP_DATE_STRLEN];
		date_format(from, buf);
		fprintf(stderr, "start   %s %s is not a working day: %s\n", buf,
		        date_weekday_name(from), start);
	}
	for (cp_date d = from + dir; d != to && to != from; d += dir) {
		const char *why = calendar_reason_closed(cal, d);
		if (!why)
			continue;
		char buf[CP_DATE_STRLEN];
		date_format(d, buf);
		fprintf(stderr, "skipped %s %s: %s\n", buf, date_weekday_name(d),
		        why);
	}
}

/* The policy (if any), then the calendar of its division or --division. */
static cp_status open_calendar(policy **pol, policy_cal *cc, cp_error *err)
{
	char file[PATH_MAX];
	if (given.policy) {
		CP_TRY(paths_policy(given.policy, file, sizeof file, err));
		CP_TRY(policy_load(file, pol, err));
	}
	return policy_cal_open(cc, given.holidays, *pol,
	                       given.division ? given.division : DEFAULT_DIVISION,
	                       err);
}

static cp_status run_workdays(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	(void)cw;
	policy *pol = NULL;
	policy_cal cc = { 0 };
	cp_date from = 0, to = 0;
	int n = 0;
	/* DATE and N are parsed here: their messages are the command's own. */
	cp_status st = date_parse(given.date, &from, err);
	if (st == CP_OK)
		st = parse_count(given.n, &n, err);
	if (st == CP_OK)
		st = open_calendar(&pol, &cc, err);
	if (st == CP_OK)
		st = calendar_add_workdays(&cc.cal, from, n, &to, err);
	if (st == CP_OK) {
		char buf[CP_DATE_STRLEN];
		if (given.explain)
			explain(&cc.cal, from, to);
		date_format(to, buf);
		printf("%s\n", buf);
		if (fflush(stdout) != 0)
			st = cp_fail(err, CP_FAILED, "cannot write the result: %s",
			             strerror(errno));
	}
	policy_cal_close(&cc);
	if (pol)
		policy_free(pol);
	return st;
}

static const cli_opt workdays_args[] = {
	CLI_OPT(STR, "DATE", &given.date, .help = "the day to count from"),
	CLI_OPT(STR, "N", &given.n,
	        .help = "working days after it (before it when negative)"),
	{ 0 }
};

static const cli_opt workdays_opts[] = {
	CLI_OPT(STR, "policy", &given.policy, .value = "NAME|FILE",
	        .help = "use the policy's division and local closures (an "
	                "installed policy's name, or a file)"),
	CLI_OPT(CHOICE, "division", &given.division, .choices = division_choices,
	        .help = "bank-holiday division (default england-and-wales)"),
	CLI_OPT(STR, "holidays", &given.holidays, .value = "FILE",
	        .help = "bank-holidays.json to use (default $CPDESK_HOLIDAYS, "
	                "else the one shipped with cpdesk)"),
	CLI_OPT(FLAG, "explain", &given.explain,
	        .help = "list on stderr each day skipped, and why"),
	{ 0 }
};

/* ---- timeline and next ------------------------------------------------- */

static cp_status load_policy(policy **p, policy_cal *cc, cp_error *err)
{
	char file[PATH_MAX];
	CP_TRY(paths_policy(given.policy, file, sizeof file, err));
	CP_TRY(policy_load(file, p, err));
	cp_status st = policy_cal_check(cc, given.holidays, *p, NULL, err);
	if (st != CP_OK) {
		policy_free(*p);
		*p = NULL;
	}
	return st;
}

/* A timeline: the steps, and their reminders and escalations. */
typedef struct timeline {
	const policy *p;
	const calendar *cal;
	const policy_meeting *m;
	cp_date date;
	const timeline_entry *t;
	size_t n;
	const timeline_mark *k;
	size_t nk;
} timeline;

/* The next row in date order: a step (true, *i) or a mark (*j); on one
 * day the steps come first. */
static bool next_is_step(const timeline *tl, size_t i, size_t j)
{
	return j >= tl->nk || (i < tl->n && tl->t[i].due <= tl->k[j].date);
}

static void print_closed_note(const calendar *cal, cp_date d)
{
	const char *closed = calendar_reason_closed(cal, d);
	if (closed)
		printf("  [not a working day: %s]", closed);
}

static void print_step_row(const timeline *tl, const timeline_entry *e)
{
	char due[CP_DATE_STRLEN], rule[64], cond[128] = "";
	const policy_step *s = e->step;
	date_format(e->due, due);
	offset_format(&s->due, rule, sizeof rule);
	if (s->if_how != HOW_UNKNOWN)
		snprintf(cond, sizeof cond, "  (only if held %s)",
		         meeting_how_name((meeting_how)s->if_how));
	else if (s->if_absent)
		snprintf(cond, sizeof cond, "  (only if %s did not attend)",
		         s->if_absent);
	printf("%s %s  %-30s  %-18s  %s%s", date_weekday_name(e->due), due,
	       rule, policy_role_title(tl->p, s->role), s->title, cond);
	print_closed_note(tl->cal, e->due);
	printf("\n");
}

/* One row a role it goes to, marked as the queues mark it: "* reminder"
 * or "^ escalation". */
static void print_mark_rows(const timeline *tl, const timeline_mark *k)
{
	char date[CP_DATE_STRLEN], rule[64], tbuf[512];
	/* the mark says "escalation": not "Escalation: " again */
	const char *title = k->escalation && !k->step->escalate.title
	                    ? k->step->title : schedule_mark_title(k, tbuf,
	                                                           sizeof tbuf);
	date_format(k->date, date);
	offset_format(k->escalation ? &k->step->escalate.after
	                            : &k->reminder->at, rule, sizeof rule);
	role_set to = schedule_mark_roles(k);
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!(to & ROLE_BIT(r)))
			continue;
		printf("%s %s  %-30s  %-18s  %s %s", date_weekday_name(k->date),
		       date, rule, policy_role_title(tl->p, (cp_role)r),
		       k->escalation ? "^ escalation:" : "* reminder:", title);
		print_closed_note(tl->cal, k->date);
		printf("\n");
	}
}

static void print_meeting_row(const timeline *tl)
{
	char ds[CP_DATE_STRLEN];
	date_format(tl->date, ds);
	printf("%s %s  %-30s  %-18s  %s\n", date_weekday_name(tl->date), ds, "",
	       "", "== the meeting ==");
}

static void print_timeline_table(const timeline *tl)
{
	char ds[CP_DATE_STRLEN];
	date_format(tl->date, ds);
	printf("%s (%s) on %s %s\nPolicy: %s (%s)\n\n", tl->m->title,
	       tl->m->type, date_weekday_name(tl->date), ds, tl->p->title,
	       tl->p->chain);
	printf("%-14s  %-30s  %-18s  %s\n", "Due", "Rule", "Who", "What");
	bool meeting_shown = false;
	for (size_t i = 0, j = 0; i < tl->n || j < tl->nk;) {
		bool step = next_is_step(tl, i, j);
		cp_date d = step ? tl->t[i].due : tl->k[j].date;
		if (!meeting_shown && d > tl->date) {
			print_meeting_row(tl);
			meeting_shown = true;
		}
		if (step)
			print_step_row(tl, &tl->t[i++]);
		else
			print_mark_rows(tl, &tl->k[j++]);
	}
	if (!meeting_shown)
		print_meeting_row(tl);
	if (tl->nk)
		printf("\n* reminder: in the queues of those it names from its date "
		       "until the step is done\n^ escalation: the step is late: "
		       "in their queues until it is done\n");
}

/* Reminders and escalations as the queues' TSV names them: step
 * "reminder:STEP" / "escalation:STEP", one row a role. */
static void print_timeline_tsv(const timeline *tl)
{
	printf("due\tstep\trole\ttitle\n");
	for (size_t i = 0, j = 0; i < tl->n || j < tl->nk;) {
		char due[CP_DATE_STRLEN], tbuf[512];
		if (next_is_step(tl, i, j)) {
			const timeline_entry *e = &tl->t[i++];
			date_format(e->due, due);
			printf("%s\t%s\t%s\t%s\n", due, e->step->id,
			       role_name(e->step->role), e->step->title);
			continue;
		}
		const timeline_mark *k = &tl->k[j++];
		role_set to = schedule_mark_roles(k);
		date_format(k->date, due);
		for (int r = 0; r < ROLE_COUNT; r++)
			if (to & ROLE_BIT(r))
				printf("%s\t%s:%s\t%s\t%s\n", due,
				       k->escalation ? "escalation" : "reminder",
				       k->step->id, role_name((cp_role)r),
				       schedule_mark_title(k, tbuf, sizeof tbuf));
	}
}

static cp_status run_timeline(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	(void)cw;
	policy *p;
	policy_cal cc;
	timeline_entry *t = NULL;
	timeline_mark *k = NULL;
	size_t n = 0, nk = 0;
	CP_TRY(load_policy(&p, &cc, err));
	const policy_meeting *m = policy_meeting_find(p, given.type);
	cp_status st = schedule_timeline(p, &cc.cal, given.type, given.day,
	                                 given.minutes, given.anchors.v,
	                                 given.anchors.n, &t, &n, err);
	if (st == CP_OK)
		st = schedule_marks(m, &cc.cal, given.day, given.minutes,
		                    given.anchors.v, given.anchors.n, t, n, &k, &nk,
		                    err);
	if (st == CP_OK) {
		timeline tl = { p, &cc.cal, m, given.day, t, n, k, nk };
		if (given.tsv)
			print_timeline_tsv(&tl);
		else
			print_timeline_table(&tl);
	}
	free(t);
	free(k);
	policy_cal_close(&cc);
	policy_free(p);
	return st;
}

static cp_status run_next(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	(void)cw;
	policy *p;
	policy_cal cc;
	next_meeting *nm;
	size_t n;
	CP_TRY(load_policy(&p, &cc, err));
	cp_status st = schedule_next(p, &cc.cal, given.event, (int)given.nth,
	                             given.day, &nm, &n, err);
	if (st == CP_OK) {
		for (size_t i = 0; i < n; i++) {
			char by[CP_DATE_STRLEN];
			date_format(nm[i].by, by);
			printf("%s\t%s\n", nm[i].type, by);
		}
		free(nm);
	}
	policy_cal_close(&cc);
	policy_free(p);
	return st;
}

#define POLICY_OPT                                                          \
	CLI_OPT(STR, "policy", &given.policy, .value = "NAME|FILE",              \
	        .flags = CLI_REQUIRED,                                         \
	        .missing = "which policy? give --policy NAME or FILE (e.g. "   \
	                   "swindon or policies/generic.yaml)",                \
	        .help = "an installed policy's name (generic, hounslow, "      \
	                "swindon) or a policy file")
#define HOLIDAYS_OPT                                                        \
	CLI_OPT(STR, "holidays", &given.holidays, .value = "FILE",               \
	        .help = "bank holidays (default: $CPDESK_HOLIDAYS, else "      \
	                "shipped)")

static const cli_opt timeline_args[] = {
	CLI_OPT(STR, "TYPE", &given.type,
	        .help = "a meeting type of the policy (icpc, rcpc, cla-review, "
	                "...)"),
	CLI_OPT(DATE, "DATE", &given.day, .help = "the meeting's date"),
	{ 0 }
};

static const cli_opt timeline_opts[] = {
	POLICY_OPT,
	CLI_OPT(TIME, "time", &given.minutes,
	        .help = "the meeting's start, for steps counted in hours"),
	CLI_OPT(ANCHOR, "anchor", &given.anchors,
	        .help = "an anchor steps count from (s47-start, care-start)"),
	CLI_OPT(FLAG, "tsv", &given.tsv,
	        .help = "due<TAB>step<TAB>role<TAB>title, one step (reminder, "
	                "escalation) a line"),
	HOLIDAYS_OPT,
	{ 0 }
};

static const cli_opt next_args[] = {
	CLI_OPT(STR, "EVENT", &given.event,
	        .help = "strategy, icpc, rcpc, care-start, cla-review, ..."),
	CLI_OPT(DATE, "DATE", &given.day, .help = "when it happened"),
	{ 0 }
};

static const cli_opt next_opts[] = {
	POLICY_OPT,
	CLI_OPT(COUNT, "nth", &given.nth, .min = 1, .max = 999,
	        .help = "which one EVENT was (1 for the first; CLA reviews "
	                "need it)"),
	HOLIDAYS_OPT,
	{ 0 }
};

/* ---- the table --------------------------------------------------------- */

static const cli_command commands[] = {
	{ .name = "workdays",
	  .summary = "the date N working days after DATE (before, when N < 0)",
	  .args = workdays_args, .opts = workdays_opts, .check = check_workdays,
	  .run = run_workdays,
	  .help =
	  "Counts N working days from DATE, not counting DATE itself: from\n"
	  "Tuesday 2027-05-11, 1 is Wednesday 2027-05-12 and -1 Monday\n"
	  "2027-05-10.  From a weekend or holiday, 1 is the next working day.\n"
	  "0 gives DATE.  Weekends, the division's bank holidays and (with\n"
	  "--policy) the policy's local closures are not working days.  N is\n"
	  "at most 2000 either way.  --policy and --division do not go\n"
	  "together: a policy names its own division.\n"
	  "\n"
	  "Dates outside the years the bank-holiday file covers are an\n"
	  "error: install a newer bank-holidays.json from\n"
	  "https://www.gov.uk/bank-holidays.json.\n" },
	{ .name = "timeline",
	  .summary = "every step of a meeting with its due date",
	  .args = timeline_args, .opts = timeline_opts, .run = run_timeline,
	  .help =
	  "Every step of a meeting of TYPE on DATE with its due date, sorted by\n"
	  "date, and where the meeting falls among them.  Steps that count from\n"
	  "an anchor (s47-start, care-start) need --anchor NAME=DATE.  With\n"
	  "--tsv the first line is due<TAB>step<TAB>role<TAB>title and each\n"
	  "row gives the due date as YYYY-MM-DD.\n"
	  "\n"
	  "The steps' reminders (remind:) and escalations (escalate:) are\n"
	  "listed among them on their dates, one row for each role they go\n"
	  "to, marked as the queues mark them: \"* reminder:\" (from its date\n"
	  "until the step is done) and \"^ escalation:\" (the step late: the\n"
	  "day after its due date unless the policy says otherwise).  In the\n"
	  "TSV their step is reminder:STEP or escalation:STEP, as in\n"
	  "`task list --tsv`.\n" },
	{ .name = "next",
	  .summary = "which meetings must follow an event, and by when",
	  .args = next_args, .opts = next_opts, .run = run_next,
	  .help =
	  "EVENT is strategy, icpc, rcpc, care-start or cla-review (or any\n"
	  "meeting type or anchor the policy's cadence names).  Prints\n"
	  "TYPE<TAB>YYYY-MM-DD for each meeting that must follow: the last\n"
	  "date it may be held.  For cla-review give --nth N: the first\n"
	  "review is followed within 3 months, later ones within 6.\n"
	  "\n"
	  "'Within N months' is the same day of the month N months on, the\n"
	  "month's last day where it is shorter, and the last working day on\n"
	  "or before that where that day is not a working day.\n" },
	{ 0 }
};

const cli_group cmds_calendar = { "calendar", "Calendar", commands };

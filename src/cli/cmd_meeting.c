/* cmd_meeting.c - meeting add, move, cancel, outcome and show. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_util.h"
#include "text.h"

#define MAX_ANCHORS 8
#define MAX_LIST 64   /* --approved-by, --attendees, --reports */

static cp_status parse_anchor(const char *arg, anchor_date *a, cp_error *err)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || (size_t)(eq - arg) >= OFFSET_ANCHOR_LEN)
		return cp_fail(err, CP_BADINPUT,
		    "--anchor '%s': write NAME=YYYY-MM-DD, e.g. s47-start=2027-04-20",
		    cmd_s(arg));
	memcpy(a->name, arg, (size_t)(eq - arg));
	a->name[eq - arg] = '\0';
	cp_status st = date_parse(eq + 1, &a->date, err);
	if (st != CP_OK)
		cp_error_prefix(err, "--anchor %s: ", cmd_s(a->name));
	return st;
}

static cp_status check_clean(const char *opt, const char *s, cp_error *err)
{
	if (s && !text_is_clean(s))
		return cp_fail(err, CP_BADINPUT,
		               "%s holds control characters or invalid UTF-8", opt);
	return CP_OK;
}

/* ---- add ------------------------------------------------------------------ */

typedef struct add_args {
	cw_meeting_new m;
	anchor_date anchors[MAX_ANCHORS];
} add_args;

static cp_status add_option(int c, add_args *a, cp_error *err)
{
	switch (c) {
	case 't': return cmd_parse_time("--time", optarg, &a->m.minutes, err);
	case 'c': a->m.chair = optarg; return CP_OK;
	case 'm': a->m.minute_taker = optarg; return CP_OK;
	case 'r': a->m.reason = optarg; return check_clean("--reason", optarg, err);
	case 'h':
		if (!meeting_how_parse(optarg, &a->m.how) || a->m.how == HOW_UNKNOWN)
			return cp_fail(err, CP_BADINPUT,
			    "--held '%s': teams, skype, phone, in-person or "
			    "one-to-one-written", cmd_s(optarg));
		return CP_OK;
	case 'a':
		if (a->m.nanchors == MAX_ANCHORS)
			return cp_fail(err, CP_BADINPUT, "at most %d --anchor options",
			               MAX_ANCHORS);
		return parse_anchor(optarg, &a->anchors[a->m.nanchors++], err);
	}
	return CP_BADINPUT;
}

static cp_status add_parse(int argc, char **argv, add_args *a, cp_error *err)
{
	static const struct option opts[] = {
		{ "time", required_argument, NULL, 't' },
		{ "chair", required_argument, NULL, 'c' },
		{ "minute-taker", required_argument, NULL, 'm' },
		{ "held", required_argument, NULL, 'h' },
		{ "anchor", required_argument, NULL, 'a' },
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	memset(a, 0, sizeof *a);
	a->m.minutes = -1;
	a->m.anchors = a->anchors;
	cp_status st = CP_OK;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		st = (c == '?' || c == ':')
		         ? cmd_bad_option("meeting add", argc, argv, err)
		         : add_option(c, a, err);
	if (st != CP_OK)
		return st;
	if (argc - optind != 3)
		return cp_fail(err, CP_BADINPUT,
		    "meeting add: give CHILD TYPE DATE, e.g. AB123 icpc 2027-05-04 "
		    "(try --help)");
	a->m.child_id = argv[optind];
	a->m.type = argv[optind + 1];
	return cmd_parse_date("meeting add: DATE", argv[optind + 2], &a->m.date,
	                      err);
}

cp_status cmd_meeting_add(const cli_ctx *ctx, int argc, char **argv)
{
	add_args a;
	cp_error err;
	cp_status st = add_parse(argc, argv, &a, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	casework cw;
	if ((st = cmd_open(ctx, &cw, &err)) != CP_OK)
		return cli_report(st, &err);
	uint64_t id = 0;
	char warn[CW_WARN_MAX] = "";
	st = casework_meeting_add(&cw, &a.m, &id, warn, &err);
	casework_close(&cw);
	if (st != CP_OK)
		return cli_report(st, &err);
	cmd_warn(warn);
	printf("%llu\n", (unsigned long long)id);
	return CP_OK;
}

/* ---- move ----------------------------------------------------------------- */

cp_status cmd_meeting_move(const cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "time", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	const char *reason = NULL;
	int minutes = -2;
	cp_error err;
	cp_status st = CP_OK;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			reason = optarg;
		else if (c == 't')
			st = cmd_parse_time("--time", optarg, &minutes, &err);
		else
			st = cmd_bad_option("meeting move", argc, argv, &err);
	}
	if (st != CP_OK)
		return cli_report(st, &err);
	uint64_t id;
	cp_date date;
	if (argc - optind != 2)
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "meeting move: give ID and DATE, then --reason TEXT"), &err);
	if ((st = cmd_parse_id("meeting move: ID", argv[optind], &id, &err)) ||
	    (st = cmd_parse_date("meeting move: DATE", argv[optind + 1], &date,
	                         &err)) ||
	    (st = check_clean("--reason", reason, &err)))
		return cli_report(st, &err);
	if (!reason || !*reason)
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "meeting move: give --reason TEXT (why it moves is recorded)"),
		    &err);
	casework cw;
	char warn[CW_WARN_MAX] = "";
	if ((st = cmd_open(ctx, &cw, &err)) != CP_OK)
		return cli_report(st, &err);
	st = casework_meeting_move(&cw, id, date, minutes, reason, warn, &err);
	casework_close(&cw);
	if (st != CP_OK)
		return cli_report(st, &err);
	cmd_warn(warn);
	return CP_OK;
}

/* ---- cancel --------------------------------------------------------------- */

/* Split "a,b" and repeated options into one list of logins; the
 * strings point into copies[] (freed by the caller). */
typedef struct login_list {
	const char *v[MAX_LIST];
	size_t n;
	char *copies[MAX_LIST];
	size_t ncopies;
} login_list;

static cp_status add_logins(const char *arg, login_list *l, cp_error *err)
{
	if (l->ncopies == MAX_LIST)
		return cp_fail(err, CP_BADINPUT, "too many --approved-by options");
	char *copy = strdup(arg);
	if (!copy)
		return cp_oom(err);
	l->copies[l->ncopies++] = copy;
	for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		if (l->n == MAX_LIST)
			return cp_fail(err, CP_BADINPUT, "too many approvers");
		if (!model_id_valid(tok, false))
			return cp_fail(err, CP_BADINPUT,
			               "--approved-by '%s': not a login", cmd_s(tok));
		l->v[l->n++] = tok;
	}
	return CP_OK;
}

cp_status cmd_meeting_cancel(const cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "approved-by", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	const char *reason = NULL;
	login_list l = { .n = 0 };
	cp_error err;
	cp_status st = CP_OK;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			reason = optarg;
		else if (c == 'a')
			st = add_logins(optarg, &l, &err);
		else
			st = cmd_bad_option("meeting cancel", argc, argv, &err);
	}
	uint64_t id = 0;
	if (st == CP_OK && argc - optind != 1)
		st = cp_fail(&err, CP_BADINPUT,
		    "meeting cancel: give one ID, then --reason TEXT");
	if (st == CP_OK)
		st = cmd_parse_id("meeting cancel: ID", argv[optind], &id, &err);
	if (st == CP_OK)
		st = check_clean("--reason", reason, &err);
	if (st == CP_OK && (!reason || !*reason))
		st = cp_fail(&err, CP_BADINPUT,
		    "meeting cancel: give --reason TEXT (a clear rationale is "
		    "recorded on the child's record)");
	casework cw;
	if (st == CP_OK && (st = cmd_open(ctx, &cw, &err)) == CP_OK) {
		st = casework_meeting_cancel(&cw, id, reason, l.v, l.n, &err);
		casework_close(&cw);
	}
	for (size_t i = 0; i < l.ncopies; i++)
		free(l.copies[i]);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

/* ---- outcome -------------------------------------------------------------- */

typedef struct outcome_args {
	cw_outcome o;
	bool plan_given, no_next;
	char *attendees, *reports;   /* joined, one per line */
} outcome_args;

/* Repeated --attendees / --reports become one line each. */
static cp_status append_line(char **dst, const char *s, cp_error *err)
{
	size_t old = *dst ? strlen(*dst) : 0, add = strlen(s);
	char *n = realloc(*dst, old + add + 2);
	if (!n)
		return cp_oom(err);
	if (old)
		n[old++] = '\n';
	memcpy(n + old, s, add + 1);
	*dst = n;
	return CP_OK;
}

static cp_status outcome_option(int c, outcome_args *a, cp_error *err)
{
	switch (c) {
	case 'd': a->o.decision = optarg; break;
	case 'v': a->o.views_missing = optarg; break;
	case 's': a->o.summary = optarg; break;
	case 'N': a->no_next = true; return CP_OK;
	case 'T': a->o.next_type = optarg; return CP_OK;
	case 'R': a->o.next_reason = optarg; break;
	case 'a': return append_line(&a->attendees, optarg, err);
	case 'r': return append_line(&a->reports, optarg, err);
	case 'n': return cmd_parse_date("--next", optarg, &a->o.next_date, err);
	case 'm': return cmd_parse_time("--next-time", optarg,
	                                &a->o.next_minutes, err);
	case 'p':
		a->plan_given = true;
		if (!plan_parse(optarg, &a->o.plan) || a->o.plan == PLAN_UNSET)
			return cp_fail(err, CP_BADINPUT,
			    "--plan '%s': cp-plan, no-plan or n/a", cmd_s(optarg));
		return CP_OK;
	default: return CP_BADINPUT;
	}
	return check_clean("outcome text", optarg, err);
}

static cp_status outcome_parse(int argc, char **argv, outcome_args *a,
                               uint64_t *id, cp_error *err)
{
	static const struct option opts[] = {
		{ "decision", required_argument, NULL, 'd' },
		{ "plan", required_argument, NULL, 'p' },
		{ "attendees", required_argument, NULL, 'a' },
		{ "reports", required_argument, NULL, 'r' },
		{ "views-not-available", required_argument, NULL, 'v' },
		{ "summary", required_argument, NULL, 's' },
		{ "next", required_argument, NULL, 'n' },
		{ "next-type", required_argument, NULL, 'T' },
		{ "next-time", required_argument, NULL, 'm' },
		{ "no-next", no_argument, NULL, 'N' },
		{ "next-reason", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	cp_status st = CP_OK;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		st = (c == '?' || c == ':')
		         ? cmd_bad_option("meeting outcome", argc, argv, err)
		         : outcome_option(c, a, err);
	if (st != CP_OK)
		return st;
	if (argc - optind != 1)
		return cp_fail(err, CP_BADINPUT,
		    "meeting outcome: give one ID, then --decision TEXT (try --help)");
	if ((st = cmd_parse_id("meeting outcome: ID", argv[optind], id, err)))
		return st;
	if (!a->o.decision || !*a->o.decision)
		return cp_fail(err, CP_BADINPUT,
		    "meeting outcome: give --decision TEXT (the decision, or the "
		    "CLA review's recommendations)");
	if (a->no_next && (a->o.next_date != CP_DATE_NONE || a->o.next_type))
		return cp_fail(err, CP_BADINPUT,
		    "meeting outcome: --no-next with --next or --next-type: "
		    "choose one");
	return CP_OK;
}

/* A CP conference decides on a plan; anything else defaults to n/a. */
static cp_status outcome_plan(store *s, uint64_t id, outcome_args *a,
                              cp_error *err)
{
	if (a->plan_given)
		return CP_OK;
	store_txn *t;
	cp_meeting m;
	bool found = false;
	cp_status st = store_read_begin(s, &t, err);
	if (st != CP_OK)
		return st;
	st = store_meeting_get(t, id, &m, &found, err);
	store_read_end(t);
	if (st != CP_OK || !found)
		return st;   /* casework says "no such meeting" */
	bool conference = !strcmp(m.type, "icpc") || !strcmp(m.type, "rcpc");
	cp_meeting_free(&m);
	if (conference)
		return cp_fail(err, CP_BADINPUT,
		    "meeting outcome: meeting %llu is a CP conference: give "
		    "--plan cp-plan or --plan no-plan", (unsigned long long)id);
	a->o.plan = PLAN_NA;
	return CP_OK;
}

cp_status cmd_meeting_outcome(const cli_ctx *ctx, int argc, char **argv)
{
	outcome_args a = { .o = { .next_date = CP_DATE_NONE,
	                          .next_minutes = -2 } };
	uint64_t id = 0, next_id = 0;
	char warn[CW_WARN_MAX] = "";
	cp_error err;
	casework cw;
	cp_status st = outcome_parse(argc, argv, &a, &id, &err);
	if (st == CP_OK && (st = cmd_open(ctx, &cw, &err)) == CP_OK) {
		st = outcome_plan(cw.st, id, &a, &err);
		a.o.attendees = a.attendees;
		a.o.reports = a.reports;
		a.o.schedule_next = !a.no_next && a.o.plan != PLAN_NONE;
		if (st == CP_OK)
			st = casework_meeting_outcome(&cw, id, &a.o, &next_id, warn,
			                              &err);
		casework_close(&cw);
	}
	free(a.attendees);
	free(a.reports);
	if (st != CP_OK)
		return cli_report(st, &err);
	cmd_warn(warn);
	if (next_id)
		printf("%llu\n", (unsigned long long)next_id);
	return CP_OK;
}

/* ---- show ----------------------------------------------------------------- */

static bool print_task_line(void *ctx, const cp_task *k)
{
	(void)ctx;
	printf("  %-6llu %s  %-9s %-14s %-16s %s", (unsigned long long)k->id,
	       cmd_date(k->due), task_status_name(k->status),
	       role_name(k->role) ? role_name(k->role) : "?",
	       cmd_s(k->assignee), cmd_s(k->title));
	if (k->status == TASK_DONE)
		printf(" [done by %s %s]", cmd_s(k->done_by), cmd_moment(k->done_at));
	putchar('\n');
	return true;
}

static bool print_report_line(void *ctx, const cp_report *r)
{
	(void)ctx;
	printf("  %-24s %-9s received %s, shared with family %s\n",
	       cmd_s(r->agency), r->expected ? "expected" : "",
	       cmd_date(r->received), cmd_date(r->shared));
	return true;
}

static void print_multiline(const char *label, const char *s)
{
	if (!s || !*s)
		return;
	printf("  %-20s", label);
	/* One line per entry, indented under the label. */
	for (const char *p = s; *p;) {
		size_t len = strcspn(p, "\n");
		char *line = strndup(p, len);
		cmd_put_clean(stdout, line ? line : "?");
		free(line);
		p += len;
		if (*p == '\n')
			p++;
		printf("\n%s", *p ? "                        " : "");
	}
}

static void print_meeting(const cp_meeting *m)
{
	printf("Meeting %llu: %s for child %s\n", (unsigned long long)m->id,
	       cmd_s(m->type), cmd_s(m->child_id));
	printf("  %-20s%s %s %s\n", "Date:", date_weekday_name(m->date),
	       cmd_date(m->date), cmd_hhmm(m->minutes));
	printf("  %-20s%s\n", "Status:", meeting_status_name(m->status));
	printf("  %-20s%s\n", "Chair:", cmd_s(m->chair));
	printf("  %-20s%s\n", "Minute taker:", cmd_s(m->minute_taker));
	printf("  %-20s%s\n", "Held by:", meeting_how_name(m->how));
	printf("  %-20s%d\n", "Number:", m->nth);
	for (size_t i = 0; i < m->nanchors; i++)
		printf("  %-20s%s %s\n", i ? "" : "Anchors:",
		       cmd_s(m->anchors[i].name), cmd_date(m->anchors[i].date));
	if (m->cadence_by != CP_DATE_NONE)
		printf("  %-20s%s%s\n", "Cadence: by", cmd_date(m->cadence_by),
		       m->cadence_exception ? " (EXCEPTION: later than allowed)" : "");
	if (m->prev_id)
		printf("  %-20s%llu\n", "Follows meeting:",
		       (unsigned long long)m->prev_id);
	if (m->moved_from != CP_DATE_NONE)
		printf("  %-20s%s\n", "Moved from:", cmd_date(m->moved_from));
	print_multiline("Reason:", m->reason);
	if (*m->approved_by)
		printf("  %-20s%s\n", "Approved by:", cmd_s(m->approved_by));
	if (m->status != MEETING_HELD)
		return;
	const cp_outcome *o = &m->outcome;
	printf("  %-20s%s\n", "Plan:", plan_name(o->plan));
	print_multiline("Decision:", o->decision);
	print_multiline("Attendees:", o->attendees);
	print_multiline("Reports:", o->reports);
	print_multiline("Views missing:", o->views_missing);
	print_multiline("Summary:", o->summary);
	if (o->next_date != CP_DATE_NONE)
		printf("  %-20s%s (meeting %llu)\n", "Next meeting:",
		       cmd_date(o->next_date), (unsigned long long)o->next_id);
}

cp_status cmd_meeting_show(const cli_ctx *ctx, int argc, char **argv)
{
	cp_error err;
	uint64_t id;
	cp_status st;
	if (argc != 2)
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "meeting show: give one meeting ID (try --help)"), &err);
	if ((st = cmd_parse_id("meeting show: ID", argv[1], &id, &err)))
		return cli_report(st, &err);
	casework cw;
	store_txn *t;
	if ((st = cmd_open(ctx, &cw, &err)) != CP_OK)
		return cli_report(st, &err);
	/* The child's record is read: on the record first (issue 6). */
	st = casework_meeting_viewed(&cw, id, "meeting show", &err);
	if (st == CP_BADINPUT)
		cp_fail(&err, CP_BADINPUT, "meeting show: no meeting %llu in the "
		        "store", (unsigned long long)id);
	if (st == CP_OK && (st = store_read_begin(cw.st, &t, &err)) == CP_OK) {
		cp_meeting m;
		bool found = false;
		st = store_meeting_get(t, id, &m, &found, &err);
		if (st == CP_OK && !found)
			st = cp_fail(&err, CP_BADINPUT,
			             "meeting show: no meeting %llu in the store",
			             (unsigned long long)id);
		if (st == CP_OK) {
			print_meeting(&m);
			cp_meeting_free(&m);
			printf("\nTasks:\n");
			st = store_tasks_for_meeting(t, id, print_task_line, NULL, &err);
		}
		if (st == CP_OK) {
			printf("\nAgency reports:\n");
			st = store_reports_for_meeting(t, id, print_report_line, NULL,
			                               &err);
		}
		store_read_end(t);
	}
	casework_close(&cw);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

/* cmd_consult.c - consult add and consult list: consultations with a CP
 * chair (the "LL Consultation form", the consultation procedure, 003). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_table.h"
#include "cmd_util.h"
#include "query.h"

/* ---- consult add ------------------------------------------------------- */

static struct {
	char *child, *kind, *decision, *note, *chair, *social_worker;
	char *took_part, *plan, *escalation;
	const char *progressing;
	uint64_t meeting;
	bool again;
	cp_date date;
} add = { .date = CP_DATE_NONE };

static const char *const progress_choices[] = { "yes", "no", NULL };

/* --month YYYY-MM: its first day; "" or NULL: today's month. */
static cp_status month_arg(const char *text, cp_date today, cp_date *out,
                           cp_error *err)
{
	char day[16];
	if (!text || !*text) {
		*out = lists_month_first(today);
		return CP_OK;
	}
	if (strlen(text) != 7 || text[4] != '-')
		return cp_fail(err, CP_BADINPUT, "--month '%.20s': write a month "
		               "as YYYY-MM, e.g. 2027-01", text);
	snprintf(day, sizeof day, "%s-01", text);
	if (date_parse(day, out, err) != CP_OK)
		return cp_fail(err, CP_BADINPUT, "--month '%.20s': write a month "
		               "as YYYY-MM, e.g. 2027-01", text);
	return CP_OK;
}

static cp_status run_add(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cp_consult k;
	uint64_t id = 0;
	cp_consult_init(&k);
	k.child_id = add.child;
	k.kind = add.kind;
	k.date = add.date;
	k.decision = add.decision;
	k.notes = add.note;
	k.chair = add.chair;
	k.social_worker = add.social_worker;
	k.took_part = add.took_part;
	k.plan = add.plan;
	k.escalation = add.escalation;
	k.meeting_id = add.meeting;
	if (add.progressing)
		consult_progress_parse(add.progressing, &k.progressing);
	CP_TRY(casework_consult_add(cw, &k, add.again, &id, err));
	printf("%llu\n", (unsigned long long)id);
	return CP_OK;
}

static const cli_opt add_args[] = {
	CLI_OPT(STR, "CHILD", &add.child, .help = "the child's id"),
	{ 0 }
};

static const cli_opt add_opts[] = {
	CLI_OPT(STR, "kind", &add.kind, .value = "KIND", .flags = CLI_REQUIRED,
	        .help = "one of the policy's consultation kinds"),
	CLI_OPT(DATE, "date", &add.date, .flags = CLI_REQUIRED,
	        .help = "when it took place"),
	CLI_OPT(TEXT, "decision", &add.decision, .help = "the manager's decision"),
	CLI_OPT(TEXT, "note", &add.note, .help = "notes"),
	CLI_OPT(LOGIN, "chair", &add.chair, .help = "the chair (default: you)"),
	CLI_OPT(LOGIN, "social-worker", &add.social_worker,
	        .help = "the social worker (default: the child's)"),
	CLI_OPT(ID, "meeting", &add.meeting,
	        .help = "the meeting it was held for (a strategy meeting)"),
	CLI_OPT(TEXT, "took-part", &add.took_part,
	        .help = "who took part (a case mapping: the social worker and "
	                "their supervisor or team manager)"),
	CLI_OPT(TEXT, "plan", &add.plan, .help = "the plan made or reviewed"),
	CLI_OPT(CHOICE, "progressing", &add.progressing, .value = "yes|no",
	        .choices = progress_choices,
	        .help = "is the plan being progressed (a review)"),
	CLI_OPT(TEXT, "escalation", &add.escalation,
	        .help = "anything escalated, and to whom"),
	CLI_OPT(FLAG, "again", &add.again,
	        .help = "log a second one of this kind for the child that day"),
	{ 0 }
};

/* ---- consult list ------------------------------------------------------ */

static struct {
	char *chair, *child, *month;
	bool all, tsv, due;
	cp_date from, to;
} list = { .from = CP_DATE_NONE, .to = QUERY_DATE_MAX };

static const char *const consult_heads[] = {
	"Id", "Date", "Kind", "Chair", "Child", "Social worker", "Decision"
};

static void print_consult_tsv(const cp_consult *c)
{
	printf("%llu\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
	       (unsigned long long)c->id, cmd_date(c->date), cmd_s(c->kind),
	       cmd_s(c->chair), cmd_s(c->child_id), cmd_s(c->social_worker),
	       cmd_s(c->decision), cmd_s(c->notes));
}

static cp_status table_consult(cmd_table *t, const cp_consult *c,
                               cp_error *err)
{
	char id[24];
	snprintf(id, sizeof id, "%llu", (unsigned long long)c->id);
	const char *cells[] = { id, cmd_date(c->date), c->kind, c->chair,
	                        c->child_id, c->social_worker, c->decision };
	return cmd_table_row(t, cells, err);
}

/* The month's case-mapping list (the consultation procedure, 003,
 * point 4): lists.c works it out (the case-mapping list shows the same
 * children). */
static cp_status list_mapping_due(casework *cw, cp_date month, cp_error *err)
{
	lists_mapping_due *v = NULL;
	size_t n = 0;
	CP_TRY(query_mapping_due(cw, month, "consult list", &v, &n, err));
	static const char *const heads[] = {
		"Child", "Name", "Social worker", "In need since", "Last mapped",
		"Work", "State", "Chair", "Due"
	};
	cmd_table t;
	cp_status st = CP_OK;
	cmd_table_init(&t, 9, heads);
	if (list.tsv)
		printf("child\tname\tsocial_worker\tcin_since\tlast_mapped\t"
		       "work\tstate\tchair\tdue\tcarried_from\n");
	for (size_t i = 0; i < n && st == CP_OK; i++) {
		const lists_mapping_due *e = &v[i];
		char cin[CP_DATE_STRLEN], last[CP_DATE_STRLEN], due[CP_DATE_STRLEN];
		snprintf(cin, sizeof cin, "%s", cmd_date(e->cin_since));
		snprintf(last, sizeof last, "%s", cmd_date(e->last_mapped));
		snprintf(due, sizeof due, "%s", cmd_date(e->due));
		const char *work = e->work == CYCLE_REVIEW ? "review" : "map";
		const char *state = mapping_state_name(e->state);
		const char *cells[] = { e->child_id, e->name, e->social_worker, cin,
		                        last, work, e->carried_from != CP_DATE_NONE
		                        && e->state == MAPPING_TO_ALLOCATE ? "carried" :
		                        state, e->chair, due };
		if (list.tsv)
			printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			       cmd_s(e->child_id), cmd_s(e->name),
			       cmd_s(e->social_worker), cin, last, work, state,
			       cmd_s(e->chair), due, cmd_date(e->carried_from));
		else
			st = cmd_table_row(&t, cells, err);
	}
	if (st == CP_OK)
		cmd_table_print(&t, stdout);
	cmd_table_free(&t);
	lists_mapping_due_free(v, n);
	return st;
}

static cp_status run_list(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	cp_date month = CP_DATE_NONE;
	if (list.due || list.month)
		CP_TRY(month_arg(list.month, ctx->today, &month, err));
	if (list.due)
		return list_mapping_due(cw, month, err);
	query_consult_filter f = { .chair = list.chair, .child_id = list.child,
	                           .all = list.all, .from = list.from,
	                           .to = list.to };
	if (list.month) {
		int y, m, d;
		date_to_ymd(month, &y, &m, &d);
		f.from = month;
		date_from_ymd(y, m, date_days_in_month(y, m), &f.to);
	}
	query_consults v;
	CP_TRY(query_consult_list(cw, &f, "consult list", &v, err));
	cmd_table t;
	cp_status st = CP_OK;
	cmd_table_init(&t, 7, consult_heads);
	if (list.tsv)
		printf("id\tdate\tkind\tchair\tchild\tsocial_worker\tdecision\tnote\n");
	for (size_t i = 0; i < v.n && st == CP_OK; i++) {
		if (list.tsv)
			print_consult_tsv(&v.v[i].consult);
		else
			st = table_consult(&t, &v.v[i].consult, err);
	}
	if (st == CP_OK)
		cmd_table_print(&t, stdout);
	cmd_table_free(&t);
	query_consults_free(&v);
	return st;
}

static const cli_opt list_opts[] = {
	CLI_OPT(STR, "chair", &list.chair, .value = "LOGIN",
	        .help = "those this chair logged (default: yours)"),
	CLI_OPT(STR, "child", &list.child, .value = "ID",
	        .help = "those about this child"),
	CLI_OPT(FLAG, "all", &list.all, .help = "every chair's"),
	CLI_OPT(DATE, "from", &list.from, .help = "from this date"),
	CLI_OPT(DATE, "to", &list.to, .help = "to this date (inclusive)"),
	CLI_OPT(STR, "month", &list.month, .value = "YYYY-MM",
	        .help = "those of this month; with --case-mapping-due, its list "
	                "(default: this month's)"),
	CLI_OPT(FLAG, "case-mapping-due", &list.due,
	        .help = "the month's case-mapping list instead"),
	CLI_OPT(FLAG, "tsv", &list.tsv,
	        .help = "tab-separated, with a header line"),
	{ 0 }
};

/* ---- consult ask --------------------------------------------------------- */
static struct {
	char *child, *kind, *with, *note;
	cp_date by;
} ask = { .by = CP_DATE_NONE };

static cp_status run_ask(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cw_ask q = { .child_id = ask.child, .kind = ask.kind, .who = ask.with,
	             .by = ask.by, .note = ask.note };
	uint64_t id = 0;
	CP_TRY(casework_consult_ask(cw, &q, &id, err));
	printf("%llu\n", (unsigned long long)id);
	return CP_OK;
}

static const cli_opt ask_args[] = {
	CLI_OPT(STR, "CHILD", &ask.child, .help = "the child's id"),
	{ 0 }
};

static const cli_opt ask_opts[] = {
	CLI_OPT(STR, "kind", &ask.kind, .value = "KIND", .flags = CLI_REQUIRED,
	        .help = "one of the policy's consultation kinds"),
	CLI_OPT(LOGIN, "with", &ask.with, .flags = CLI_REQUIRED,
	        .help = "the one to consult (the kind's consulted role)"),
	CLI_OPT(DATE, "by", &ask.by, .help = "when it is wanted (default: today)"),
	CLI_OPT(TEXT, "note", &ask.note, .help = "what it is about"),
	{ 0 }
};

/* ---- consult month, allocate, chairs: the monthly cycle ---------------- */
static struct {
	char *month, *child, *chair;
} cyc;

static cp_status run_month(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	cp_date month;
	size_t opened = 0, carried = 0;
	CP_TRY(month_arg(cyc.month, ctx->today, &month, err));
	CP_TRY(casework_mapping_month(cw, month, &opened, &carried, err));
	printf("%zu to allocate (%zu carried from an earlier month)\n", opened,
	       carried);
	return CP_OK;
}

static cp_status run_allocate(const cli_ctx *ctx, casework *cw,
                              cp_error *err)
{
	cp_date month;
	uint64_t step = 0;
	CP_TRY(month_arg(cyc.month, ctx->today, &month, err));
	CP_TRY(casework_mapping_allocate(cw, cyc.child, cyc.chair, month, &step,
	                                 err));
	printf("%llu\n", (unsigned long long)step);
	return CP_OK;
}

static cp_status run_chairs(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	cp_date month;
	query_mapping_chair *v = NULL;
	size_t n = 0;
	CP_TRY(month_arg(cyc.month, ctx->today, &month, err));
	CP_TRY(query_mapping_chairs(cw, month, &v, &n, err));
	static const char *const heads[] = {
		"Chair", "Name", "Allocated", "Done", "Conferences"
	};
	cmd_table t;
	cp_status st = CP_OK;
	cmd_table_init(&t, 5, heads);
	for (size_t i = 0; i < n && st == CP_OK; i++) {
		char a[16], d[16], c[16];
		snprintf(a, sizeof a, "%u", v[i].allocated);
		snprintf(d, sizeof d, "%u", v[i].done);
		snprintf(c, sizeof c, "%u", v[i].conferences);
		const char *cells[] = { v[i].login, v[i].name, a, d, c };
		st = cmd_table_row(&t, cells, err);
	}
	if (st == CP_OK)
		cmd_table_print(&t, stdout);
	cmd_table_free(&t);
	query_mapping_chairs_free(v, n);
	return st;
}

static const cli_opt month_opts[] = {
	CLI_OPT(STR, "month", &cyc.month, .value = "YYYY-MM",
	        .help = "the month (default: this month)"),
	{ 0 }
};

static const cli_opt allocate_args[] = {
	CLI_OPT(STR, "CHILD", &cyc.child, .help = "the child's id"),
	{ 0 }
};

static const cli_opt allocate_opts[] = {
	CLI_OPT(LOGIN, "chair", &cyc.chair, .flags = CLI_REQUIRED,
	        .help = "the CP chair to complete it"),
	CLI_OPT(STR, "month", &cyc.month, .value = "YYYY-MM",
	        .help = "the month (default: this month)"),
	{ 0 }
};

/* ---- the table --------------------------------------------------------- */

static const cli_command commands[] = {
	{ .name = "consult add",
	  .summary = "log a consultation with a CP chair (LL Consultation form)",
	  .args = add_args, .opts = add_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_add,
	  .help =
	  "KIND is one of the policy's consultation kinds (generic:\n"
	  "strategy-consultation, pre-s47-discussion, re-referral-case-mapping,\n"
	  "case-mapping).  The chair is you unless --chair says otherwise; the\n"
	  "social worker is the child's unless given.  Prints the new id.\n"
	  "You must see the child already; one you may not see is answered as\n"
	  "one that is not there (exit 2).\n" },
	{ .name = "consult list",
	  .summary = "list consultations, or children due a case mapping",
	  .opts = list_opts, .needs = CLI_NEEDS_SESSION, .run = run_list,
	  .help =
	  "By default the consultations you chaired.  With --tsv the first\n"
	  "line is\n"
	  "  id<TAB>date<TAB>kind<TAB>chair<TAB>child<TAB>social_worker<TAB>\n"
	  "  decision<TAB>note\n"
	  "\n"
	  "--case-mapping-due lists instead the month's case-mapping list: the\n"
	  "children in need open 12 months or more (the policy's open-for)\n"
	  "with no chair's mapping or review in the policy's again-after\n"
	  "months (the consultation procedure, 003, point 4); each to map, or\n"
	  "to review when mapped in the recently-mapped months; to allocate,\n"
	  "allocated (to Chair, due Due), done, or carried (not done in an\n"
	  "earlier month).  With --tsv the first line is\n"
	  "  child<TAB>name<TAB>social_worker<TAB>cin_since<TAB>last_mapped<TAB>\n"
	  "  work<TAB>state<TAB>chair<TAB>due<TAB>carried_from\n"
	  "It names the children: the read is on the record, one child.view\n"
	  "entry a child with how=\"consult list\".\n" },
	{ .name = "consult ask",
	  .summary = "ask a CP chair (or service manager) for a consultation",
	  .args = ask_args, .opts = ask_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_ask,
	  .help =
	  "For a child you see: the one asked (holding the kind's consulted\n"
	  "role: a CP chair for a strategy or pre-s47 consultation, a\n"
	  "frontline service manager for a re-referral case mapping) gets a\n"
	  "step in their queue, and sight of the child, until they log it\n"
	  "with consult add, which closes the step (the consultation\n"
	  "procedure, 003, points 1 to 3).  Prints the step's task id.\n" },
	{ .name = "consult month",
	  .summary = "open the month's case mapping: the list to allocate",
	  .opts = month_opts, .needs = CLI_NEEDS_SESSION, .run = run_month,
	  .help =
	  "Puts each child on the month's case-mapping list (consult list\n"
	  "--case-mapping-due) that has no step yet in the QA administration\n"
	  "managers' queue, to allocate to a CP chair within the policy's\n"
	  "allocate-within working days (the consultation procedure, 003,\n"
	  "point 4a).  A chair's step of an earlier month still open is closed\n"
	  "as missed (the exception report of that month keeps it) and the\n"
	  "child is on this month's list again.  For the roles the policy's\n"
	  "case-mapping list goes to; run on the policy's day by the monthly\n"
	  "timer (doc/deployment.md); running it again adds nothing.\n" },
	{ .name = "consult allocate",
	  .summary = "give a child's case mapping or review to a CP chair",
	  .args = allocate_args, .opts = allocate_opts,
	  .needs = CLI_NEEDS_SESSION, .run = run_allocate,
	  .help =
	  "The chair gets a step in their queue due the month's last working\n"
	  "day: to map the case with the social worker and their supervisor\n"
	  "or team manager, or, when it was mapped recently, to review that\n"
	  "mapping; they complete it with consult add --kind case-mapping (or\n"
	  "mapping-review).  A child allocated already goes to the new chair.\n"
	  "consult chairs shows each chair's load first.  Prints the step's\n"
	  "task id.\n" },
	{ .name = "consult chairs",
	  .summary = "each CP chair's case mappings and conferences in a month",
	  .opts = month_opts, .needs = CLI_NEEDS_SESSION, .run = run_chairs,
	  .help =
	  "For allocating fairly: each current CP chair, the month's case\n"
	  "mappings allocated to them and still open, those done, and the\n"
	  "meetings they chair in the month (conference requirements\n"
	  "fluctuate, 003 point 4a).\n" },
	{ 0 }
};

const cli_group cmds_consult = { "consult", "Consultations", commands };

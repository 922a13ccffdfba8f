/* cmd_child.c - child add, child edit, child list, child show. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_table.h"
#include "cmd_util.h"
#include "query.h"

static const char *const family_choices[] = {
	"secure-email", "post", "hand-delivered", NULL
};

/* ---- child add --------------------------------------------------------- */

static struct {
	char *id, *name, *social_worker, *household;
	cp_date dob, expected, cin, cp, lac;
	const char *family;
} add = { .dob = CP_DATE_NONE, .expected = CP_DATE_NONE,
          .cin = CP_DATE_NONE, .cp = CP_DATE_NONE, .lac = CP_DATE_NONE };

/* An unborn child has an expected date of delivery and no birth yet. */
static cp_status check_add(const cli_ctx *ctx, cp_error *err)
{
	(void)ctx;
	if (add.dob != CP_DATE_NONE && add.expected != CP_DATE_NONE)
		return cp_fail(err, CP_BADINPUT, "child add: --dob or "
		               "--expected-birth (an unborn child), not both");
	return CP_OK;
}

static cp_status run_add(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cp_child c;
	cp_child_init(&c);
	c.id = add.id;
	c.name = add.name;
	c.social_worker = add.social_worker;
	c.dob = add.dob;
	c.expected_birth = add.expected;
	c.family_id = add.household;
	if (add.family)
		family_pref_parse(add.family, &c.family_pref);
	cp_status st = child_open_since(&c, add.cin, add.cp, add.lac, err);
	if (st == CP_OK)
		st = casework_child_add(cw, &c, err);
	child_episodes_free(&c);
	CP_TRY(st);
	cmd_note("added child %s", cmd_s(c.id));
	return CP_OK;
}

static const cli_opt add_args[] = {
	CLI_OPT(STR, "ID", &add.id, .valid = cli_valid_id,
	        .expect = CLI_ID_EXPECT,
	        .help = "the borough's case-system id"),
	{ 0 }
};

static const cli_opt add_opts[] = {
	CLI_OPT(TEXT, "name", &add.name, .value = "NAME", .flags = CLI_REQUIRED,
	        .help = "the child's full name"),
	CLI_OPT(LOGIN, "social-worker", &add.social_worker,
	        .flags = CLI_REQUIRED,
	        .help = "the allocated worker (known, and not left)"),
	CLI_OPT(DATE, "dob", &add.dob, .help = "date of birth"),
	CLI_OPT(DATE, "expected-birth", &add.expected,
	        .help = "an unborn child's expected date of delivery"),
	CLI_OPT(STR, "family", &add.household, .value = "ID",
	        .valid = cli_valid_id, .expect = CLI_ID_EXPECT,
	        .help = "the household (cpdesk family add) the child belongs to"),
	CLI_OPT(DATE, "cin-since", &add.cin, .help = "a child in need since"),
	CLI_OPT(DATE, "cp-since", &add.cp,
	        .help = "on a child protection plan since"),
	CLI_OPT(DATE, "looked-after-since", &add.lac,
	        .help = "looked after since"),
	CLI_OPT(CHOICE, "family-reports", &add.family, .choices = family_choices,
	        .help = "how the family receives conference reports "
	                "(the virtual conference procedure, 000)"),
	{ 0 }
};

/* ---- child edit ------------------------------------------------------- */

static struct {
	char *id, *name, *social_worker, *household;
	cp_date dob, expected;
	const char *family;
} ed = { .dob = CP_DATE_NONE, .expected = CP_DATE_NONE };

/* --family "" takes the child out of its household. */
static bool valid_id_or_none(const char *s)
{
	return !*s || cli_valid_id(s);
}

static cp_status check_edit(const cli_ctx *ctx, cp_error *err)
{
	(void)ctx;
	if (!ed.name && ed.dob == CP_DATE_NONE && ed.expected == CP_DATE_NONE &&
	    !ed.social_worker && !ed.family && !ed.household)
		return cp_fail(err, CP_BADINPUT, "child edit %s: nothing to "
		    "change: give --name, --dob, --expected-birth, "
		    "--social-worker, --family-reports or --family",
		    cmd_q(ed.id));
	if (ed.dob != CP_DATE_NONE && ed.expected != CP_DATE_NONE)
		return cp_fail(err, CP_BADINPUT, "child edit: --dob or "
		               "--expected-birth (an unborn child), not both");
	return CP_OK;
}

static cp_status run_edit(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cw_child_edit e = {
		.id = ed.id, .name = ed.name, .social_worker = ed.social_worker,
		.dob_set = ed.dob != CP_DATE_NONE, .dob = ed.dob,
		.expected_set = ed.expected != CP_DATE_NONE,
		.expected_birth = ed.expected, .family_id = ed.household,
		.pref_set = ed.family != NULL,
	};
	if (ed.family)
		family_pref_parse(ed.family, &e.family_pref);
	cw_edited out;
	cp_status st = casework_child_edit(cw, &e, &out, err);
	/* the same answer as child show for a child not there, or not seen */
	if (st == CP_BADINPUT && !strncmp(err->msg, "no child", 8))
		return cp_fail(err, CP_BADINPUT, "child edit: no child '%s' in the "
		               "store (cpdesk child list shows them)", cmd_q(ed.id));
	CP_TRY(st);
	if (!out.changed)
		cmd_note("child %s already had that: nothing written",
		         cmd_s(ed.id));
	else if (ed.social_worker)
		cmd_note("changed child %s; %zu open social-worker task%s moved "
		         "to %s", cmd_s(ed.id), out.tasks_moved,
		         out.tasks_moved == 1 ? "" : "s", cmd_s(ed.social_worker));
	else
		cmd_note("changed child %s", cmd_s(ed.id));
	return CP_OK;
}

static const cli_opt edit_args[] = {
	CLI_OPT(STR, "ID", &ed.id, .help = "the child's id"),
	{ 0 }
};

static const cli_opt edit_opts[] = {
	CLI_OPT(TEXT, "name", &ed.name, .value = "NAME",
	        .help = "the child's full name"),
	CLI_OPT(DATE, "dob", &ed.dob,
	        .help = "date of birth (an unborn child: born)"),
	CLI_OPT(DATE, "expected-birth", &ed.expected,
	        .help = "an unborn child's expected date of delivery"),
	CLI_OPT(LOGIN, "social-worker", &ed.social_worker,
	        .help = "the allocated worker; their open tasks move too"),
	CLI_OPT(CHOICE, "family-reports", &ed.family, .choices = family_choices,
	        .help = "how the family receives conference reports"),
	CLI_OPT(STR, "family", &ed.household, .value = "ID",
	        .valid = valid_id_or_none, .expect = "an id, or \"\"",
	        .help = "the household (\"\" for none)"),
	{ 0 }
};

/* ---- child list -------------------------------------------------------- */

static struct {
	char *social_worker;
	bool tsv;
} list;

static const char *child_status(const cp_child *c)
{
	static char buf[128];
	cp_date lac = child_since(c, EPISODE_LAC), cp = child_since(c, EPISODE_CP),
	        cin = child_since(c, EPISODE_CIN);
	if (lac != CP_DATE_NONE)
		snprintf(buf, sizeof buf, "looked after since %s", cmd_date(lac));
	else if (cp != CP_DATE_NONE)
		snprintf(buf, sizeof buf, "CP plan since %s", cmd_date(cp));
	else if (cin != CP_DATE_NONE)
		snprintf(buf, sizeof buf, "child in need since %s", cmd_date(cin));
	else
		snprintf(buf, sizeof buf, "no status recorded");
	return buf;
}

static const char *const child_heads[] = {
	"Child", "Name", "Social worker", "Status"
};

static void print_child_tsv(const cp_child *c)
{
	printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cmd_s(c->id),
	       cmd_s(c->name), cmd_date(c->dob), cmd_s(c->social_worker),
	       cmd_date(child_since(c, EPISODE_CIN)),
	       cmd_date(child_since(c, EPISODE_CP)),
	       cmd_date(child_since(c, EPISODE_LAC)),
	       family_pref_name(c->family_pref));
}

/* The text form: a heading row, columns aligned by display width. */
static cp_status print_children(const query_children *v, cp_error *err)
{
	cmd_table t;
	cp_status st = CP_OK;
	cmd_table_init(&t, 4, child_heads);
	for (size_t i = 0; i < v->n && st == CP_OK; i++) {
		const cp_child *c = &v->v[i].child;
		const char *cells[] = { c->id, c->name, c->social_worker,
		                        child_status(c) };
		st = cmd_table_row(&t, cells, err);
	}
	if (st == CP_OK)
		cmd_table_print(&t, stdout);
	cmd_table_free(&t);
	return st;
}

static cp_status run_list(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	query_child_filter f = { .social_worker = list.social_worker };
	query_children v;
	CP_TRY(query_child_list(cw, &f, "child list", &v, err));
	cp_status st = CP_OK;
	if (list.tsv) {
		printf("id\tname\tdob\tsocial_worker\tcin_since\tcp_since\t"
		       "looked_after_since\tfamily_reports\n");
		for (size_t i = 0; i < v.n; i++)
			print_child_tsv(&v.v[i].child);
	} else {
		st = print_children(&v, err);
	}
	query_children_free(&v);
	return st;
}

static const cli_opt list_opts[] = {
	CLI_OPT(STR, "social-worker", &list.social_worker,
	        .value = "LOGIN", .help = "only this worker's children"),
	CLI_OPT(FLAG, "tsv", &list.tsv,
	        .help = "tab-separated, every date, with a header line"),
	{ 0 }
};

/* ---- child show -------------------------------------------------------- */

static struct {
	char *id;
} show;

/* Every episode, open or ended, oldest first. */
static void print_history(const cp_child *c)
{
	if (!c->nepisodes)
		return;
	printf("\nHistory:\n");
	for (size_t i = 0; i < c->nepisodes; i++) {
		const cp_episode *e = &c->episodes[i];
		printf("  %-13s %s to %-10s", episode_kind_name(e->kind),
		       cmd_date(e->start),
		       e->end == CP_DATE_NONE ? "now" : cmd_date(e->end));
		if (e->kind == EPISODE_CP)
			printf("  %s", cp_category_name(e->category));
		if (e->start_meeting)
			printf("  from meeting %llu",
			       (unsigned long long)e->start_meeting);
		if (e->end_reason && *e->end_reason)
			printf("  ended: %s", cmd_s(e->end_reason));
		printf("\n");
	}
}

static void print_record(const cp_child *c)
{
	printf("Child %s: %s\n", cmd_s(c->id), cmd_s(c->name));
	printf("  Date of birth:     %s\n", cmd_date(c->dob));
	if (c->expected_birth != CP_DATE_NONE)
		printf("  Expected birth:    %s\n", cmd_date(c->expected_birth));
	printf("  Social worker:     %s\n", cmd_s(c->social_worker));
	printf("  Family:            %s\n",
	       c->family_id && *c->family_id ? cmd_s(c->family_id) : "-");
	const cp_episode *plan = child_open_episode(c, EPISODE_CP);
	printf("  Child in need:     %s\n", cmd_date(child_since(c, EPISODE_CIN)));
	printf("  CP plan since:     %s%s%s\n",
	       cmd_date(plan ? plan->start : CP_DATE_NONE),
	       plan ? ", category " : "",
	       plan ? cp_category_name(plan->category) : "");
	printf("  Looked after since: %s\n", cmd_date(child_since(c, EPISODE_LAC)));
	printf("  Reports to family: %s\n", family_pref_name(c->family_pref));
	print_history(c);
}

/* Each meeting, with the open tasks of a scheduled or held one. */
static void print_meetings(const policy *pol, const query_child_record *r)
{
	printf("\nMeetings:%s\n", r->meetings.n ? "" : " none");
	for (size_t i = 0; i < r->meetings.n; i++) {
		const cp_meeting *m = &r->meetings.v[i].meeting;
		printf("  %-6llu %s %-5s %-12s %-10s chair %s, minute taker %s\n",
		       (unsigned long long)m->id, cmd_date(m->date),
		       cmd_hhmm(m->minutes), cmd_s(m->type),
		       meeting_status_name(m->status),
		       *m->chair ? cmd_s(m->chair) : "(to allocate)",
		       *m->minute_taker ? cmd_s(m->minute_taker)
		       : policy_needs_minute_taker(pol, m->type) ? "(to allocate)"
		                                                 : "none needed");
		for (size_t j = 0; j < r->open_tasks.n; j++) {
			const cp_task *k = &r->open_tasks.v[j].task;
			if (k->meeting_id != m->id)
				continue;
			printf("      task %-6llu due %s  %-14s %-16s %s\n",
			       (unsigned long long)k->id, cmd_date(k->due),
			       role_name(k->role) ? role_name(k->role) : "?",
			       cmd_s(k->assignee), cmd_s(k->title));
		}
	}
}

static cp_status run_show(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	query_child_record r;
	/* On the record before it is shown (issue 6): no record, no show. */
	cp_status st = query_child_get(cw, show.id, QUERY_CHILD_MEETINGS |
	                               QUERY_CHILD_TASKS | QUERY_CHILD_CONSULTS,
	                               "child show", &r, err);
	if (st == CP_BADINPUT)
		return cp_fail(err, CP_BADINPUT, "child show: no child '%s' in the "
		               "store (cpdesk child list shows them)", cmd_q(show.id));
	CP_TRY(st);
	print_record(&r.c.child);
	print_meetings(cw->pol, &r);
	printf("\nConsultations:\n");
	for (size_t i = 0; i < r.consults.n; i++) {
		const cp_consult *c = &r.consults.v[i].consult;
		printf("  %-6llu %s  %-26s chair %-14s %s\n",
		       (unsigned long long)c->id, cmd_date(c->date), cmd_s(c->kind),
		       cmd_s(c->chair), cmd_s(c->decision));
	}
	query_child_record_free(&r);
	return CP_OK;
}

static const cli_opt show_args[] = {
	CLI_OPT(STR, "ID", &show.id, .help = "the child's id"),
	{ 0 }
};

/* ---- the table --------------------------------------------------------- */

static const cli_command commands[] = {
	{ .name = "child add", .summary = "add a child",
	  .args = add_args, .opts = add_opts, .needs = CLI_NEEDS_SESSION,
	  .check = check_add, .run = run_add,
	  .help =
	  "The allocated social worker must be a known worker who has not\n"
	  "left and holds the role social-worker.  The status dates say since\n"
	  "when the child is a child in need, on a child protection plan or\n"
	  "looked after.  An unborn child has --expected-birth and no --dob.\n"
	  "--family names the household (cpdesk family add) of its siblings.\n"
	  "\n"
	  "Refused (exit 1) when ID exists, the social worker is unknown, has\n"
	  "left or is not a social worker, or the household is not there.\n" },
	{ .name = "child edit", .summary = "correct a child's record",
	  .args = edit_args, .opts = edit_opts, .needs = CLI_NEEDS_SESSION,
	  .check = check_edit, .run = run_edit,
	  .help =
	  "Changes only the fields given, in one transaction, audited as\n"
	  "child.update with the record before and after ('cpdesk audit\n"
	  "--child ID' lists it).  Giving a field the value it has writes\n"
	  "nothing.\n"
	  "\n"
	  "Needs add-children reaching the child; a child you may not see is\n"
	  "answered as one that is not there (exit 2).  A new social worker\n"
	  "must be a current worker holding social-worker, and needs reassign\n"
	  "too: the old social worker's open social-worker tasks for the child\n"
	  "move to the new one in the same transaction (each audited as\n"
	  "task.reassign, as 'cpdesk reassign --child' moves them).  --dob on\n"
	  "an unborn child records the birth (the expected date goes);\n"
	  "--expected-birth is for an unborn child only.  --family must name a\n"
	  "household in the store (cpdesk family list); \"\" takes the child\n"
	  "out of its household.\n"
	  "\n"
	  "Exit 2 when nothing is given to change; exit 1 when refused.\n" },
	{ .name = "child list", .summary = "list children",
	  .opts = list_opts, .needs = CLI_NEEDS_SESSION, .run = run_list,
	  .help =
	  "Every child you may see (or one worker's), by id, with their\n"
	  "status.  With --tsv the first line is\n"
	  "  id<TAB>name<TAB>dob<TAB>social_worker<TAB>cin_since<TAB>\n"
	  "  cp_since<TAB>looked_after_since<TAB>family_reports\n"
	  "The list is a read of the children's records: it is on the record,\n"
	  "one child.view entry a child with how=\"child list\" ('cpdesk audit\n"
	  "--child ID' lists them).\n" },
	{ .name = "child show",
	  .summary = "a child's record, meetings, open tasks and consultations",
	  .args = show_args, .needs = CLI_NEEDS_SESSION, .run = run_show,
	  .help =
	  "Prints the child's record, meetings (with the open tasks of those\n"
	  "scheduled or held) and consultations.  The read is on the record\n"
	  "(like meeting show, and opening a child in the console): an audit\n"
	  "entry child.view (who, when, how=\"child show\"), written before\n"
	  "anything is shown ('cpdesk audit --child ID' lists it).  A child you\n"
	  "may not see is answered as one that is not there (exit 2).\n" },
	{ 0 }
};

const cli_group cmds_child = { "child", "Children", commands };

/* cmd_consult.c - consult add and consult list: consultations with a CP
 * chair (the "LL Consultation form", the consultation procedure, 003). */
#include <stdio.h>

#include "cli.h"
#include "cmd_table.h"
#include "cmd_util.h"
#include "query.h"

/* ---- consult add ------------------------------------------------------- */

static struct {
	char *child, *kind, *decision, *note, *chair, *social_worker;
	cp_date date;
} add = { .date = CP_DATE_NONE };

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
	CP_TRY(casework_consult_add(cw, &k, &id, err));
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
	{ 0 }
};

/* ---- consult list ------------------------------------------------------ */

static struct {
	char *chair, *child;
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

/* Children in need open long enough for a chair's case mapping (the
 * consultation procedure, 003, point 4) and not mapped within the policy's look-back: lists.c works them
 * out (the case-mapping list shows the same children). */
static cp_status list_mapping_due(casework *cw, cp_date today, cp_error *err)
{
	lists_mapping_due *v = NULL;
	size_t n = 0;
	CP_TRY(query_mapping_due(cw, today, "consult list", &v, &n, err));
	static const char *const heads[] = {
		"Child", "Name", "Social worker", "Child in need since"
	};
	cmd_table t;
	cp_status st = CP_OK;
	cmd_table_init(&t, 4, heads);
	if (list.tsv)
		printf("child\tname\tsocial_worker\tcin_since\n");
	for (size_t i = 0; i < n && st == CP_OK; i++) {
		const char *cells[] = { v[i].child_id, v[i].name,
		                        v[i].social_worker,
		                        cmd_date(v[i].cin_since) };
		if (list.tsv)
			printf("%s\t%s\t%s\t%s\n", cmd_s(v[i].child_id),
			       cmd_s(v[i].name), cmd_s(v[i].social_worker),
			       cmd_date(v[i].cin_since));
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
	if (list.due)
		return list_mapping_due(cw, ctx->today, err);
	query_consult_filter f = { .chair = list.chair, .child_id = list.child,
	                           .all = list.all, .from = list.from,
	                           .to = list.to };
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
	CLI_OPT(FLAG, "case-mapping-due", &list.due,
	        .help = "the children due a case mapping instead"),
	CLI_OPT(FLAG, "tsv", &list.tsv,
	        .help = "tab-separated, with a header line"),
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
	  "--case-mapping-due lists instead the children in need open 12\n"
	  "months or more (the policy's period) with no case mapping in the\n"
	  "policy's look-back (the consultation procedure, 003, point 4), for\n"
	  "allocation: the monthly list.\n"
	  "It names the children: the read is on the record, one child.view\n"
	  "entry a child with how=\"consult list\".\n" },
	{ 0 }
};

const cli_group cmds_consult = { "consult", "Consultations", commands };

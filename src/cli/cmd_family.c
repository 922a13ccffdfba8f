/* cmd_family.c - family add, family list, family show: households, the
 * siblings a conference can be for. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_table.h"
#include "cmd_util.h"
#include "query.h"

/* ---- family add -------------------------------------------------------- */

static struct {
	char *id, *name;
} add;

static cp_status run_add(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cp_family f = { .id = add.id, .name = add.name };
	CP_TRY(casework_family_add(cw, &f, err));
	cmd_note("added family %s: put children in it with cpdesk child add "
	         "(or edit) --family %s", cmd_s(f.id), cmd_s(f.id));
	return CP_OK;
}

static const cli_opt add_args[] = {
	CLI_OPT(STR, "ID", &add.id, .valid = cli_valid_id,
	        .expect = CLI_ID_EXPECT,
	        .help = "the borough's id for the household"),
	{ 0 }
};

static const cli_opt add_opts[] = {
	CLI_OPT(TEXT, "name", &add.name, .value = "TEXT", .flags = CLI_REQUIRED,
	        .help = "what the household is called, e.g. \"Brown household\""),
	{ 0 }
};

/* ---- family list ------------------------------------------------------- */

static struct {
	bool tsv;
} list;

static cp_status run_list(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	query_families v;
	CP_TRY(query_family_list(cw, &v, err));
	static const char *const heads[] = { "Family", "Name", "Children" };
	cmd_table t;
	cp_status st = CP_OK;
	cmd_table_init(&t, 3, heads);
	if (list.tsv)
		printf("id\tname\tchildren\n");
	for (size_t i = 0; i < v.n && st == CP_OK; i++) {
		const query_family *f = &v.v[i];
		char n[32];
		snprintf(n, sizeof n, "%zu child%s", f->children,
		         f->children == 1 ? "" : "ren");
		const char *cells[] = { f->family.id, f->family.name, n };
		if (list.tsv)
			printf("%s\t%s\t%zu\n", cmd_s(f->family.id),
			       cmd_s(f->family.name), f->children);
		else
			st = cmd_table_row(&t, cells, err);
	}
	if (st == CP_OK)
		cmd_table_print(&t, stdout);
	cmd_table_free(&t);
	query_families_free(&v);
	return st;
}

static const cli_opt list_opts[] = {
	CLI_OPT(FLAG, "tsv", &list.tsv,
	        .help = "id, name, children (those you see), with a header"),
	{ 0 }
};

/* ---- family show ------------------------------------------------------- */

static struct {
	char *id;
} show;

static cp_status run_show(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	query_family_record r;
	/* on the record before it is shown: no record, no show */
	CP_TRY(query_family_get(cw, show.id, true, "family show", &r, err));
	printf("Family %s: %s\n", cmd_s(r.f.family.id), cmd_s(r.f.family.name));
	printf("\nChildren:%s\n", r.children.n ? "" : " none you may see");
	for (size_t i = 0; i < r.children.n; i++) {
		const query_child *c = &r.children.v[i];
		const cp_date born = c->child.dob != CP_DATE_NONE ? c->child.dob
		                                               : c->child.expected_birth;
		printf("  %-12s %-28s %s %s  social worker %s\n",
		       cmd_s(c->child.id), cmd_s(c->child.name),
		       c->child.dob == CP_DATE_NONE &&
		       c->child.expected_birth != CP_DATE_NONE ? "due " : "born",
		       cmd_date(born), cmd_s(c->sw_name));
	}
	query_family_record_free(&r);
	return CP_OK;
}

static const cli_opt show_args[] = {
	CLI_OPT(STR, "ID", &show.id, .help = "the household's id"),
	{ 0 }
};

/* ---- the table --------------------------------------------------------- */

static const cli_command commands[] = {
	{ .name = "family add", .summary = "add a household",
	  .args = add_args, .opts = add_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_add,
	  .help =
	  "A household groups siblings, who are conferenced together: put\n"
	  "children in it with 'cpdesk child add ID ... --family FAMILY' or\n"
	  "'cpdesk child edit ID --family FAMILY'.  Audited as family.add.\n"
	  "Needs the permission to add children.\n"
	  "\n"
	  "Refused (exit 1) when ID exists.\n" },
	{ .name = "family list", .summary = "list the households",
	  .opts = list_opts, .needs = CLI_NEEDS_SESSION, .run = run_list,
	  .help =
	  "Every household you see -- one with a child you may see; every one,\n"
	  "for those who may add children -- with how many of its children you\n"
	  "may see.  With --tsv the first line is\n"
	  "  id<TAB>name<TAB>children\n" },
	{ .name = "family show",
	  .summary = "a household and its children",
	  .args = show_args, .needs = CLI_NEEDS_SESSION, .run = run_show,
	  .help =
	  "The household's name and the children in it that you may see (id,\n"
	  "name, date of birth or, unborn, the expected date, social worker);\n"
	  "the others are not named.  The read is on the record: a child.view\n"
	  "entry for each child shown, how=\"family show\".  A household you\n"
	  "do not see is answered as one that is not there (exit 2).\n" },
	{ 0 }
};

const cli_group cmds_family = { "family", "Households", commands };

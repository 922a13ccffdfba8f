/* cmd_audit.c - audit: who changed what, before and after; who read
 * which child's record. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmd_util.h"
#include "query.h"

static struct {
	char *child, *user;
	cp_date from, to;
	unsigned long limit;
	bool newest, tsv;
} au = { .from = CP_DATE_NONE, .to = CP_DATE_NONE };

static int64_t local_midnight(cp_date d, int add_days)
{
	int y, m, dd;
	date_to_ymd(d + add_days, &y, &m, &dd);
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd,
	                 .tm_isdst = -1 };
	return (int64_t)mktime(&tm);
}

static void print_text(const char *label, const char *s)
{
	if (!*s)
		return;
	fputs(label, stdout);
	cmd_put_clean(stdout, s);
	fputc('\n', stdout);
}

static bool print_entry(void *ctx, const cp_audit *a)
{
	(void)ctx;
	if (au.tsv) {
		printf("%llu\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		       (unsigned long long)a->seq, cmd_moment(a->time),
		       cmd_s(a->login), cmd_s(a->action), cmd_s(a->object),
		       cmd_s(a->child_id), cmd_s(a->before), cmd_s(a->after));
		return true;
	}
	printf("#%llu %s %s %s %s%s%s", (unsigned long long)a->seq,
	       cmd_moment(a->time), cmd_s(a->login), cmd_s(a->action),
	       cmd_s(a->object), *a->child_id ? " child " : "",
	       cmd_s(a->child_id));
	/* A read on the record (casework_child_viewed): one line, saying
	 * where it was read, e.g. (how="child show"). */
	if (!strcmp(a->action, "child.view") && !*a->before) {
		printf(" (%s)\n", cmd_s(a->after));
		return true;
	}
	fputc('\n', stdout);
	print_text("  before: ", a->before);
	print_text("  after:  ", a->after);
	return true;
}

static cp_status run_audit(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	query_audit_filter f = {
		.login = au.user, .child_id = au.child, .limit = au.limit,
		.newest_first = au.newest,
		.since = au.from == CP_DATE_NONE ? 0 : local_midnight(au.from, 0),
		.until = au.to == CP_DATE_NONE ? 0 : local_midnight(au.to, 1) - 1,
	};
	if (au.tsv)
		printf("seq\ttime\tlogin\taction\tobject\tchild\tbefore\tafter\n");
	return query_audit_each(cw, &f, print_entry, NULL, err);
}

static const cli_opt opts[] = {
	CLI_OPT(STR, "child", &au.child, .value = "ID",
	        .help = "only entries about this child (changes and reads)"),
	CLI_OPT(STR, "user", &au.user, .value = "LOGIN",
	        .help = "only entries by this worker"),
	CLI_OPT(DATE, "from", &au.from, .help = "from this day (local time)"),
	CLI_OPT(DATE, "to", &au.to, .help = "to this day (inclusive)"),
	CLI_OPT(COUNT, "limit", &au.limit, .min = 0, .max = 100000000,
	        .help = "at most N entries"),
	CLI_OPT(FLAG, "newest-first", &au.newest, .help = "newest first"),
	CLI_OPT(FLAG, "tsv", &au.tsv,
	        .help = "tab-separated, with a header line"),
	{ 0 }
};

static const cli_command commands[] = {
	{ .name = "audit",
	  .summary = "the audit trail: who changed what, before and after; "
	             "who read what",
	  .opts = opts, .needs = CLI_NEEDS_ACTION, .action = ACCESS_READ_AUDIT,
	  .run = run_audit,
	  .help =
	  "Every change with its time, who made it, the record before and after;\n"
	  "and every read of a child's record (child.view: child show, meeting\n"
	  "show, child list, the lists, exports and mail that name children,\n"
	  "the console), on one line with where it was read, e.g.\n"
	  "  #41 2025-03-12T10:02:37+00:00 sw1 child.view child:C1 child C1 (how=\"child show\")\n"
	  "Times are ISO 8601 in the local time zone ($TZ) with their offset\n"
	  "from UTC, the same in the text and in --tsv; --from and --to are\n"
	  "local days.  Reads are written without telling the consoles to\n"
	  "redraw.  With\n"
	  "--tsv the first line is\n"
	  "  seq<TAB>time<TAB>login<TAB>action<TAB>object<TAB>child<TAB>\n"
	  "  before<TAB>after\n" },
	{ 0 }
};

const cli_group cmds_audit = { "audit", "Audit", commands };

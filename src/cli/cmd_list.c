/* cmd_list.c - cpdesk list NAME: the management lists (issue 5). */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cmd_util.h"
#include "query.h"

static const char *const list_choices[] = {
	"week", "fortnight", "month", "exceptions", "case-mapping", NULL
};
static const char *const format_choices[] = { "text", "csv", "json", NULL };

static struct {
	const char *name, *format;
	cp_date date;
} ls = { .date = CP_DATE_NONE };

static cp_status run_list(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	policy_list_kind kind = LIST_WEEK;
	list_format fmt = LIST_FMT_TEXT;
	list_table lt;
	char *text = NULL, where[32];
	size_t len = 0;
	lists_parse_name(ls.name, &kind);
	if (ls.format)
		lists_parse_format(ls.format, &fmt);
	snprintf(where, sizeof where, "list %s", ls.name);
	CP_TRY(query_list(cw, kind, ls.date != CP_DATE_NONE ? ls.date : ctx->today,
	                  ctx->today, where, &lt, err));
	cp_status st = lists_render(&lt, fmt, &text, &len, err);
	list_table_free(&lt);
	if (st == CP_OK &&
	    (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0))
		st = cp_fail(err, CP_FAILED, "list: cannot write the output");
	free(text);
	return st;
}

static const cli_opt args[] = {
	CLI_OPT(CHOICE, "NAME", &ls.name, .choices = list_choices,
	        .help = "which list"),
	{ 0 }
};

static const cli_opt opts[] = {
	CLI_OPT(DATE, "date", &ls.date,
	        .help = "the list's date (default: --today, or today)"),
	CLI_OPT(CHOICE, "format", &ls.format, .choices = format_choices,
	        .help = "text (aligned), csv (RFC 4180) or json"),
	{ 0 }
};

static const cli_command commands[] = {
	{ .name = "list",
	  .summary = "the management lists: week, fortnight, month, exceptions, "
	             "case-mapping",
	  .args = args, .opts = opts, .needs = CLI_NEEDS_SESSION, .run = run_list,
	  .help =
	  "Prints one of the lists Swindon's procedure (004) asks for, built\n"
	  "from the store and its policy:\n"
	  "  week          conferences and CLA reviews Monday to Sunday of DATE,\n"
	  "                with the state of each report (expected, received,\n"
	  "                shared with the family, late)\n"
	  "  fortnight     the same for the 14 days from DATE\n"
	  "  month         the same for the calendar month starting on the 1st\n"
	  "                on or after DATE (the month-ahead list of the 1st)\n"
	  "  exceptions    the week of DATE: late invite lists and reports,\n"
	  "                missed cadence, moved and cancelled meetings (with\n"
	  "                reason and approver), escalations; grouped by service\n"
	  "                manager and team manager\n"
	  "  case-mapping  children in need due a case mapping, and the chairs'\n"
	  "                case mappings in the month of DATE\n"
	  "Late means late as of --today.  CSV is RFC 4180; JSON is one object.\n"
	  "Needs no terminal (for cron): exits 0 with the list, non-zero with one\n"
	  "line on stderr.  The children a list names are on the record (how=\n"
	  "\"list NAME\").  See doc/lists.md.\n" },
	{ 0 }
};

const cli_group cmds_list = { "list", "Lists", commands };

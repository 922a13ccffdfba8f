/* cmd_list.c - cpdesk list NAME: the management lists (issue 5). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

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

/* The width the text fits: on a terminal, $COLUMNS when it is a number
 * (as the shell sets it), else the terminal's own; in a pipe or a file,
 * none (every column whole, for mail and scripts). */
static int output_width(void)
{
	if (!isatty(STDOUT_FILENO))
		return 0;
	const char *env = getenv("COLUMNS");
	if (env && *env) {
		char *end;
		errno = 0;
		long n = strtol(env, &end, 10);
		if (!*end && !errno && n >= 20 && n <= 10000)
			return (int)n;
	}
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

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
	cp_status st = fmt == LIST_FMT_TEXT
	               ? lists_render_text(&lt, output_width(), &text, &len, err)
	               : lists_render(&lt, fmt, &text, &len, err);
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
	  "                on or after DATE (the month-ahead list of the 1st);\n"
	  "                on a Monday the 2nd or 3rd (the 1st fell on the\n"
	  "                weekend), DATE's own month\n"
	  "  exceptions    the week of DATE: late invite lists and reports,\n"
	  "                missed cadence, moved and cancelled meetings (with\n"
	  "                reason and approver), escalations; grouped by service\n"
	  "                manager and team manager\n"
	  "  case-mapping  children in need due a case mapping, and the chairs'\n"
	  "                case mappings in the month of DATE\n"
	  "Late means late as of --today.  CSV is RFC 4180; JSON is one object.\n"
	  "Text on a terminal fits its width ($COLUMNS, else the terminal's):\n"
	  "the widest columns are narrowed, a cell cut ends \"~\"; in a pipe\n"
	  "every column is whole.  Rows go by date, then time.\n"
	  "Needs no terminal (for cron): exits 0 with the list, non-zero with one\n"
	  "line on stderr.  The children a list names are on the record (how=\n"
	  "\"list NAME\").  See doc/lists.md.\n" },
	{ 0 }
};

const cli_group cmds_list = { "list", "Lists", commands };

/* cmd_list.c - cpdesk list NAME: the management lists (issue 5). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_util.h"
#include "lists.h"

static cp_status run_list(const cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	cp_error err;
	cp_status st = CP_OK;
	cp_date date = ctx->today;
	list_format fmt = LIST_FMT_TEXT;
	policy_list_kind kind = LIST_WEEK;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': st = cmd_parse_date("--date", optarg, &date, &err); break;
		case 'f':
			if (!lists_parse_format(optarg, &fmt))
				st = cp_fail(&err, CP_BADINPUT,
				             "list: --format '%s': text, csv or json",
				             cmd_s(optarg));
			break;
		default: st = cmd_bad_option("list", argc, argv, &err);
		}
	}
	if (st == CP_OK && argc - optind != 1)
		st = cp_fail(&err, CP_BADINPUT,
		             "list: give one list: week, fortnight, month, exceptions or case-mapping");
	if (st == CP_OK && !lists_parse_name(argv[optind], &kind))
		st = cp_fail(&err, CP_BADINPUT,
		             "list: no list '%s': week, fortnight, month, exceptions or case-mapping",
		             cmd_s(argv[optind]));
	if (st != CP_OK)
		return cli_report(st, &err);
	casework cw;
	list_table lt;
	char *text = NULL;
	size_t len = 0;
	if ((st = cmd_open(ctx, &cw, &err)) != CP_OK)
		return cli_report(st, &err);
	st = lists_build(&cw, kind, date, ctx->today, &lt, &err);
	if (st == CP_OK) {
		st = lists_render(&lt, fmt, &text, &len, &err);
		list_table_free(&lt);
	}
	casework_close(&cw);
	if (st == CP_OK) {
		if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
			st = cp_fail(&err, CP_FAILED, "list: cannot write the output");
	}
	free(text);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

const cli_command cmds_list[] = {
	{ "list", "NAME [--date DATE] [--format text|csv|json]",
	  "the management lists: week, fortnight, month, exceptions, case-mapping",
	  "Prints one of the lists seed 004 asks for, built from the store and its\n"
	  "policy.  DATE is --today (or today) unless --date is given.\n"
	  "  week          conferences and CLA reviews Monday to Sunday of DATE,\n"
	  "                with the state of each report (expected, received,\n"
	  "                shared with the family, late)\n"
	  "  fortnight     the same for the 14 days from DATE\n"
	  "  month         the same for the calendar month starting on the 1st\n"
	  "                on or after DATE (the month-ahead list of the 1st)\n"
	  "  exceptions    the week of DATE: late invite lists and reports, missed\n"
	  "                cadence, moved and cancelled meetings, escalations;\n"
	  "                grouped by service manager and team manager\n"
	  "  case-mapping  children in need due a case mapping, and the chairs'\n"
	  "                case mappings in the month of DATE\n"
	  "Late means late as of --today.  --format text (aligned, for a terminal\n"
	  "or an email), csv (RFC 4180) or json.  Needs no terminal: exits 0 with\n"
	  "the list, non-zero with one line on stderr.  See doc/lists.md.\n",
	  run_list },
	{ NULL, NULL, NULL, NULL, NULL }
};

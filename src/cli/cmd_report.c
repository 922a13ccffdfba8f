/* cmd_report.c - report-received: an agency's report for a meeting. */
#include <stdio.h>

#include "cli.h"
#include "cmd_util.h"

static struct {
	uint64_t meeting;
	char *agency;
	cp_date date, shared;
	bool expected;
} rr = { .date = CP_DATE_NONE, .shared = CP_DATE_NONE };

static cp_status check_report(const cli_ctx *ctx, cp_error *err)
{
	(void)ctx;
	if (!*rr.agency)
		return cp_fail(err, CP_BADINPUT, "report-received: AGENCY is empty "
		               "(e.g. Police, School)");
	if (rr.expected && (rr.date != CP_DATE_NONE || rr.shared != CP_DATE_NONE))
		return cp_fail(err, CP_BADINPUT, "report-received: --expected is a "
		               "report not yet in: give it without --date and "
		               "--shared-with-family");
	return CP_OK;
}

/* Each date only as the command names it (issue 18): --shared-with-family
 * alone keeps the day the report came in; nothing at all means it came
 * in today. */
static cp_status run_report(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	cp_date received = rr.date;
	if (!rr.expected && rr.date == CP_DATE_NONE && rr.shared == CP_DATE_NONE)
		received = ctx->today;
	CP_TRY(casework_report_received(cw, rr.meeting, rr.agency, received,
	                                rr.shared, err));
	if (rr.expected)
		cmd_note("meeting %llu: a report expected from %s",
		         (unsigned long long)rr.meeting, cmd_s(rr.agency));
	else
		cmd_note("meeting %llu: %s's report%s%s%s%s",
		         (unsigned long long)rr.meeting, cmd_s(rr.agency),
		         received != CP_DATE_NONE ? " received " : "",
		         received != CP_DATE_NONE ? cmd_date(received) : "",
		         rr.shared != CP_DATE_NONE ? ", shared with the family " : "",
		         rr.shared != CP_DATE_NONE ? cmd_date(rr.shared) : "");
	return CP_OK;
}

static const cli_opt args[] = {
	CLI_OPT(ID, "MEETING", &rr.meeting, .help = "the meeting"),
	CLI_OPT(TEXT, "AGENCY", &rr.agency,
	        .help = "who sent it: Police, School, Health visitor, ..."),
	{ 0 }
};

static const cli_opt opts[] = {
	CLI_OPT(DATE, "date", &rr.date,
	        .help = "when it came in (default: today, unless only "
	                "--shared-with-family is given)"),
	CLI_OPT(DATE, "shared-with-family", &rr.shared,
	        .help = "when it went to the family (keeps the day it came in)"),
	CLI_OPT(FLAG, "expected", &rr.expected,
	        .help = "expected, not yet received"),
	{ 0 }
};

static const cli_command commands[] = {
	{ .name = "report-received",
	  .summary = "record an agency's report for a meeting",
	  .args = args, .opts = opts, .check = check_report,
	  .needs = CLI_NEEDS_SESSION, .run = run_report,
	  .help =
	  "Running it again for the same meeting and agency updates the row,\n"
	  "changing only the dates it names: --shared-with-family alone keeps\n"
	  "the day the report came in.  With neither date it came in today.\n"
	  "A report is shared with the family only once it has come in: one\n"
	  "never received is refused (exit 1) until its --date is given, in\n"
	  "the same command or before.  A date after today, or shared before\n"
	  "it came in, is bad input (exit 2).  --expected on a report that has\n"
	  "come in is refused.  The audit trail keeps the row before and\n"
	  "after.\n"
	  "A meeting of a child you may not see is answered as one that is\n"
	  "not there (exit 2).\n"
	  "The week's and fortnight's lists show each report's state:\n"
	  "expected, received, shared with the family, or late.\n" },
	{ 0 }
};

const cli_group cmds_report = { "report", "Agency reports", commands };

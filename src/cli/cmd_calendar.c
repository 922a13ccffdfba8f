/* cmd_calendar.c - `cpdesk workdays`: working-day arithmetic on the
 * command line, so a chair can check a deadline by hand. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_cal.h"
#include "calendar.h"
#include "cli.h"
#include "policy.h"

#define WORKDAYS_MAX 2000
#define DEFAULT_DIVISION "england-and-wales"

typedef struct workdays_args {
	const char *policy, *division, *holidays;
	const char *date, *n;
	bool explain;
} workdays_args;

/* --name VALUE or --name=VALUE at argv[*i]: 1 matched, 0 not, or an
 * error when the value is missing. */
static int opt_value(int argc, char **argv, int *i, const char *name,
                     const char **out, cp_status *st, cp_error *err)
{
	size_t len = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, len) != 0 || (a[len] && a[len] != '='))
		return 0;
	if (a[len] == '=') {
		*out = a + len + 1;
	} else if (*i + 1 < argc) {
		*out = argv[++*i];
	} else {
		*st = cp_fail(err, CP_BADINPUT, "workdays: %s needs a value", name);
		return -1;
	}
	return 1;
}

/* Options may come anywhere; "-5" is a count, not an option. */
static cp_status parse_args(int argc, char **argv, workdays_args *a,
                            cp_error *err)
{
	const char *pos[2];
	int npos = 0;
	bool opts = true;
	cp_status st = CP_OK;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		int r = 0;
		if (opts && !strcmp(s, "--")) {
			opts = false;
			continue;
		}
		if (opts && !strcmp(s, "--explain")) {
			a->explain = true;
			continue;
		}
		if (opts && s[0] == '-' && s[1] == '-' &&
		    !(r = opt_value(argc, argv, &i, "--policy", &a->policy, &st, err)) &&
		    !(r = opt_value(argc, argv, &i, "--division", &a->division, &st, err)) &&
		    !(r = opt_value(argc, argv, &i, "--holidays", &a->holidays, &st, err)))
			return cp_fail(err, CP_BADINPUT,
			               "workdays: unknown option '%.60s' (try cpdesk "
			               "workdays --help)", s);
		if (r < 0)
			return st;
		if (r > 0)
			continue;
		if (npos == 2)
			return cp_fail(err, CP_BADINPUT,
			               "workdays: too many arguments: give DATE N");
		pos[npos++] = s;
	}
	if (npos < 2)
		return cp_fail(err, CP_BADINPUT,
		               "workdays: give a DATE and a number of working "
		               "days, e.g. cpdesk workdays 2027-05-11 10");
	if (a->policy && a->division)
		return cp_fail(err, CP_BADINPUT,
		               "workdays: give --policy or --division, not both "
		               "(a policy names its own division)");
	a->date = pos[0];
	a->n = pos[1];
	return CP_OK;
}

static cp_status parse_count(const char *s, int *out, cp_error *err)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || end == s || s[0] == ' ')
		return cp_fail(err, CP_BADINPUT,
		               "'%.40s' is not a number of working days: write a "
		               "whole number such as 10 or -5", s);
	if (errno == ERANGE || v > WORKDAYS_MAX || v < -WORKDAYS_MAX)
		return cp_fail(err, CP_BADINPUT,
		               "%.40s working days is too many: at most %d either "
		               "way", s, WORKDAYS_MAX);
	*out = (int)v;
	return CP_OK;
}

/* Each day strictly between from and to that is not a working day. */
static void explain(const calendar *cal, cp_date from, cp_date to)
{
	int dir = to < from ? -1 : 1;
	const char *start = calendar_reason_closed(cal, from);
	if (start) {
		char buf[CP_DATE_STRLEN];
		date_format(from, buf);
		fprintf(stderr, "start   %s %s is not a working day: %s\n", buf,
		        date_weekday_name(from), start);
	}
	for (cp_date d = from + dir; d != to && to != from; d += dir) {
		const char *why = calendar_reason_closed(cal, d);
		if (!why)
			continue;
		char buf[CP_DATE_STRLEN];
		date_format(d, buf);
		fprintf(stderr, "skipped %s %s: %s\n", buf, date_weekday_name(d),
		        why);
	}
}

/* The policy (if any), then the calendar of its division or --division. */
static cp_status open_calendar(const workdays_args *a, policy **pol,
                               policy_cal *cc, cp_error *err)
{
	if (a->policy) {
		cp_status st = policy_load(a->policy, pol, err);
		if (st != CP_OK)
			return st;
	}
	return policy_cal_open(cc, a->holidays, *pol,
	                         a->division ? a->division : DEFAULT_DIVISION,
	                         err);
}

static cp_status run_workdays(const cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	cp_error err;
	workdays_args a = { 0 };
	policy *pol = NULL;
	policy_cal cc = { 0 };
	cp_date from = 0, to = 0;
	int n = 0;
	cp_status st = parse_args(argc, argv, &a, &err);
	if (st == CP_OK)
		st = date_parse(a.date, &from, &err);
	if (st == CP_OK)
		st = parse_count(a.n, &n, &err);
	if (st == CP_OK)
		st = open_calendar(&a, &pol, &cc, &err);
	if (st == CP_OK)
		st = calendar_add_workdays(&cc.cal, from, n, &to, &err);
	if (st == CP_OK) {
		char buf[CP_DATE_STRLEN];
		if (a.explain)
			explain(&cc.cal, from, to);
		date_format(to, buf);
		printf("%s\n", buf);
		if (fflush(stdout) != 0)
			st = cp_fail(&err, CP_FAILED, "cannot write the result: %s",
			             strerror(errno));
	}
	policy_cal_close(&cc);
	if (pol)
		policy_free(pol);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

const cli_command cmds_calendar[] = {
	{
		.name = "workdays",
		.synopsis = "[--policy FILE | --division NAME] [--holidays FILE] "
		            "[--explain] DATE N",
		.summary = "the date N working days after DATE (before, when N < 0)",
		.help =
		    "Counts N working days from DATE, not counting DATE itself:\n"
		    "from a Tuesday, 1 is the Wednesday and -1 the Monday.  From a\n"
		    "weekend or holiday, 1 is the next working day.  0 gives DATE.\n"
		    "Weekends, the division's bank holidays and (with --policy) the\n"
		    "policy's local closures are not working days.  N is at most\n"
		    "2000 either way.\n"
		    "\n"
		    "  --policy FILE    use the policy's division and local closures\n"
		    "  --division NAME  bank-holiday division (default england-and-wales;\n"
		    "                   also scotland, northern-ireland)\n"
		    "  --holidays FILE  bank-holidays.json to use (default\n"
		    "                   $CPDESK_HOLIDAYS, else the one shipped with cpdesk)\n"
		    "  --explain        list on stderr each day skipped, and why\n"
		    "\n"
		    "Dates outside the years the bank-holiday file covers are an\n"
		    "error: install a newer bank-holidays.json from\n"
		    "https://www.gov.uk/bank-holidays.json.\n",
		.run = run_workdays,
	},
	{ 0 }
};

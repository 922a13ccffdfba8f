/* cmd_timeliness.c - cpdesk report timeliness: the figures managers
 * report each month, as a table or a picture (doc/timeliness.md). */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cmd_util.h"
#include "team.h"
#include "timeliness.h"

static const char *const format_choices[] = { "text", "csv", "json", NULL };

static struct {
	cp_date from, to;
	char *team;
	const char *format;
	char *pdf, *png, *svg;
} tl = { .from = CP_DATE_NONE, .to = CP_DATE_NONE };

static cp_status check_timeliness(const cli_ctx *ctx, cp_error *err)
{
	(void)ctx;
	char f[CP_DATE_STRLEN], t[CP_DATE_STRLEN];
	if (tl.to < tl.from) {
		date_format(tl.from, f);
		date_format(tl.to, t);
		return cp_fail(err, CP_BADINPUT, "report timeliness: --to %s is "
		               "before --from %s: give the period's first day with "
		               "--from and its last with --to", t, f);
	}
	return CP_OK;
}

static cp_status write_out(const char *text, size_t len, cp_error *err)
{
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
		return cp_fail(err, CP_FAILED, "report timeliness: cannot write "
		               "the output");
	return CP_OK;
}

/* The team heat map's figures for the PDF: the --team asked for, else
 * the reader's own workers; none for one who sees no other worker's
 * work, or has no workers (*why says so, for after the PDF is written). */
static cp_status heat_of(casework *cw, const cli_ctx *ctx, team_figures *f,
                         bool *have, cp_error *why, cp_error *err)
{
	*have = false;
	if (team_may(cw, why) != CP_OK)
		return CP_OK;
	team_filter tf = { tl.team, ctx->today };
	CP_TRY(team_read(cw, &tf, f, err));
	*have = f->n > 0;
	if (!*have) {
		snprintf(why->msg, sizeof why->msg, "no worker to show");
		team_figures_free(f);
	}
	return CP_OK;
}

static cp_status pictures(const timeliness *t, const team_figures *team,
                          cp_error *err)
{
	const struct { const char *opt, *path; tm_chart_kind kind; } v[] = {
		{ "--pdf", tl.pdf, TM_CHART_PDF }, { "--png", tl.png, TM_CHART_PNG },
		{ "--svg", tl.svg, TM_CHART_SVG },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (!v[i].path)
			continue;
		unsigned char *data = NULL;
		size_t len = 0;
		cp_status st = timeliness_chart(t, v[i].kind, team, &data, &len,
		                                err);
		if (st == CP_OK)
			st = cmd_write_file(v[i].opt, v[i].path, data, len, err);
		free(data);
		CP_TRY(st);
		cmd_note("report timeliness: wrote %s (%zu bytes)", cmd_s(v[i].path),
		         len);
	}
	return CP_OK;
}

static cp_status run_timeliness(const cli_ctx *ctx, casework *cw,
                                cp_error *err)
{
	timeliness t;
	CP_TRY(timeliness_build(cw, tl.from, tl.to, ctx->today, tl.team,
	                        "report timeliness", &t, err));
	team_figures team = { 0 };
	bool have = false;
	cp_error why = { .msg = "" };
	cp_status st = tl.pdf ? heat_of(cw, ctx, &team, &have, &why, err)
	                      : CP_OK;
	if (st == CP_OK)
		st = pictures(&t, have ? &team : NULL, err);
	if (st == CP_OK && tl.pdf && !have)
		cmd_note("report timeliness: the PDF has no heat map page: %s",
		         why.msg);
	if (have)
		team_figures_free(&team);
	bool table = tl.format || !(tl.pdf || tl.png || tl.svg);
	list_format fmt = LIST_FMT_TEXT;
	if (tl.format)
		lists_parse_format(tl.format, &fmt);
	char *text = NULL;
	size_t len = 0;
	if (st == CP_OK && table)
		st = timeliness_render(&t, fmt, &text, &len, err);
	if (st == CP_OK && table)
		st = write_out(text, len, err);
	free(text);
	timeliness_free(&t);
	return st;
}

static const cli_opt opts[] = {
	CLI_OPT(DATE, "from", &tl.from, .flags = CLI_REQUIRED,
	        .help = "the period's first day"),
	CLI_OPT(DATE, "to", &tl.to, .flags = CLI_REQUIRED,
	        .help = "the period's last day"),
	CLI_OPT(TEXT, "team", &tl.team, .value = "NAME",
	        .help = "only the children of this team's social workers"),
	CLI_OPT(CHOICE, "format", &tl.format, .choices = format_choices,
	        .help = "text (default), csv (RFC 4180) or json"),
	CLI_OPT(STR, "pdf", &tl.pdf, .value = "FILE",
	        .help = "draw the monthly trends: a title page, every measure, "
	                "then a page a measure"),
	CLI_OPT(STR, "png", &tl.png, .value = "FILE",
	        .help = "draw every measure's monthly trend as a PNG image"),
	CLI_OPT(STR, "svg", &tl.svg, .value = "FILE",
	        .help = "the same as SVG"),
	{ 0 }
};

static const cli_command commands[] = {
	{ .name = "report timeliness",
	  .summary = "on time by month: conferences, reviews, minutes, reports",
	  .opts = opts, .check = check_timeliness,
	  .needs = CLI_NEEDS_ACTION, .action = ACCESS_READ_TIMELINESS,
	  .run = run_timeliness,
	  .help =
	  "For each measure: how many were due in the period, how many on\n"
	  "time, the percentage, and the cases late (child, meeting, working\n"
	  "days late, the reason recorded); each month with its change from\n"
	  "the month before; agency reports by agency; cancelled meetings and\n"
	  "why.  The measures:\n"
	  "  icpc-strategy  ICPC within 15 working days of the strategy discussion\n"
	  "  icpc-s47       ICPC within 15 working days of the s47 start (census)\n"
	  "  rcpc-first     first RCPC within 3 months of the ICPC\n"
	  "  rcpc-later     later RCPCs within 6 months\n"
	  "  cla-first      first CLA review within 20 working days\n"
	  "  cla-second     second CLA review within 3 months\n"
	  "  cla-later      later CLA reviews within 6 months\n"
	  "  minutes        the step the policy marks minutes: true, by its due date\n"
	  "  reports        agency reports by the report deadline\n"
	  "Each is counted in the month its meeting is held (as the children-\n"
	  "in-need census counts), conferences and reviews one a child.\n"
	  "Only the children you see count: a team manager their team's, a\n"
	  "service manager their service's.  The policy names who may read the\n"
	  "figures (may: read-timeliness); a --team whose children you do not\n"
	  "all see is refused (exit 1), one nobody is in is bad input (exit 2).\n"
	  "--pdf, --png and --svg draw the monthly trends (and print no table\n"
	  "unless --format is given); the PDF ends with the team's heat map of\n"
	  "deadlines per worker per week (cpdesk team), for a reader who sees\n"
	  "other workers' work.  The children named are on the record\n"
	  "(how=\"report timeliness\").  See doc/timeliness.md.\n" },
	{ 0 }
};

const cli_group cmds_timeliness = { "timeliness", "Timeliness figures",
                                    commands };

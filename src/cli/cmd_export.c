/* cmd_export.c - export ics: meetings and deadlines for a calendar. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_util.h"
#include "ics.h"
#include "ics_module.h"

static struct {
	char *user, *output, *organizer;
	bool all, deadlines, names;
	cp_date from, to;
} ex = { .from = CP_DATE_NONE, .to = CP_DATE_NONE };

static cp_status write_stdout(const char *data, size_t len, cp_error *err)
{
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
		return cp_fail(err, CP_FAILED, "writing standard output: %s",
		               strerror(errno));
	return CP_OK;
}

/* The window: Monday of this week, for six months, unless given. */
static cp_status check_export(const cli_ctx *ctx, cp_error *err)
{
	if (ex.output && !*ex.output)
		return cp_fail(err, CP_BADINPUT, "--output: give a file name");
	if (ex.from == CP_DATE_NONE)
		ex.from = date_week_start(ctx->today);
	if (ex.to == CP_DATE_NONE)
		ex.to = date_add_months(ex.from, 6);
	if (ex.from > ex.to)
		return cp_fail(err, CP_BADINPUT, "export ics: --from %s is after "
		               "--to %s", cmd_date(ex.from), cmd_date(ex.to));
	return CP_OK;
}

/* The calendar, made by the writer the module cpdesk-ics.so holds. */
static cp_status export(casework *cw, char **text, size_t *len, size_t *n,
                        cp_error *err)
{
	ics_options o = { .user = ex.user ? ex.user : cw->actor, .all = ex.all,
	                  .from = ex.from, .to = ex.to,
	                  .deadlines = ex.deadlines, .names = ex.names,
	                  .organizer = ex.organizer };
	ics_module mod = { 0 };
	CP_TRY(ics_module_open(&mod, err));
	o.render = mod.render;
	cp_status st = ics_export(cw, &o, text, len, n, err);
	ics_module_close(&mod);
	return st;
}

static cp_status run_export(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	char *text = NULL;
	size_t len = 0, n = 0;
	cp_status st = export(cw, &text, &len, &n, err);
	if (st == CP_OK && ex.output) {
		st = cmd_write_file("--output", ex.output, text, len, err);
		if (st == CP_OK)
			cmd_note("wrote %zu event%s to %s", n, n == 1 ? "" : "s",
			         cmd_s(ex.output));
	} else if (st == CP_OK) {
		st = write_stdout(text, len, err);
	}
	free(text);
	return st;
}

static const cli_opt opts[] = {
	CLI_OPT(LOGIN, "user", &ex.user,
	        .help = "whose calendar (default: you, or --as)"),
	CLI_OPT(FLAG, "all", &ex.all, .help = "every meeting in the window"),
	CLI_OPT(DATE, "from", &ex.from,
	        .help = "first day (default: Monday of this week)"),
	CLI_OPT(DATE, "to", &ex.to,
	        .help = "last day (default: six months after --from)"),
	CLI_OPT(FLAG, "deadlines", &ex.deadlines,
	        .help = "the user's open tasks as all-day events too"),
	CLI_OPT(FLAG, "names", &ex.names,
	        .help = "children's full names in the titles (default: the "
	                "case id and initials)"),
	CLI_OPT(STR, "organizer", &ex.organizer, .value = "ADDRESS",
	        .help = "the events' ORGANIZER (default cpdesk@MAILNAME: /etc/mailname, else the host)"),
	CLI_OPT(STR, "output", &ex.output, .value = "FILE",
	        .help = "write FILE (mode 0600) instead of standard output"),
	{ 0 }
};

static const cli_command commands[] = {
	{ .name = "export ics",
	  .summary = "meetings (and deadlines) as an iCalendar file for Outlook",
	  .opts = opts, .check = check_export, .needs = CLI_NEEDS_SESSION,
	  .run = run_export,
	  .help =
	  "Writes an iCalendar (RFC 5545) file, made with libical, of the\n"
	  "user's meetings: those they chair or take minutes for and those of\n"
	  "the children allocated to them (QA staff, and --all: every meeting).\n"
	  "Import it into Outlook or another calendar; importing a newer export\n"
	  "updates the same events (stable UIDs; SEQUENCE counts moves;\n"
	  "cancelled meetings are STATUS:CANCELLED).  Times are Europe/London; a\n"
	  "meeting with no time is an all-day event.  Titles name a child by\n"
	  "case id and initials unless --names: calendars sync to phones.\n"
	  "\n"
	  "Data goes to standard output (or FILE); messages to standard error.\n"
	  "The children its events name are on the record (how=\"export ics\").\n"
	  "See doc/export.md.\n" },
	{ 0 }
};

const cli_group cmds_export = { "export", "Export", commands };

/* cmd_console.c - the console command (also what `cpdesk` alone runs),
 * full screen or, with --plain, line by line (ui_plain.h). */
#include <stddef.h>

#include "cli.h"
#include "ui_app.h"
#include "ui_plain.h"

static bool plain;

static cp_status run_console(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)cw;
	ui_start start = { .db = ctx->session.db, .as = ctx->session.as,
	                   .login = ctx->session.unix_login,
	                   .today = ctx->today };
	return plain ? ui_plain_run(&start, err) : ui_console_run(&start, err);
}

static const cli_opt opts[] = {
	CLI_OPT(FLAG, "plain", &plain,
	        .help = "line by line, for screen readers and braille displays"),
	{ 0 }
};

static const cli_command commands[] = {
	{ .name = "console",
	  .summary = "open the console: your queue, meetings, children, "
	             "consultations",
	  .opts = opts,
	  .run = run_console, .flags = CLI_OPENS_STORE,
	  .help =
	  "The console is a full-screen view of the store for staff on a\n"
	  "terminal (over SSH too).  It opens on the queue of the worker named\n"
	  "by --as, else by your Unix login.  Press ? inside for every key.\n"
	  "\n"
	  "Views (number keys or Tab): 1 My queue, 2 Meetings, 3 Children,\n"
	  "4 Consultations, 5 Lists.  The screen follows changes other users\n"
	  "make within a second.  Needs a terminal of at least 80x24; colours\n"
	  "are used unless NO_COLOR is set.  The terminal's cursor sits on the\n"
	  "selected row, so screen readers follow it.  See doc/console.md.\n"
	  "\n"
	  "--plain (also `cpdesk --plain`) is the same console line by line,\n"
	  "for screen readers and braille displays: each view as numbered\n"
	  "lines, a row opened by its number, an action by its key or a word\n"
	  "(done 3), each field of a form asked on a line of its own; no\n"
	  "drawing characters, no terminal needed (it reads stdin, writes\n"
	  "stdout).  Type help inside.  See doc/accessibility.md.\n" },
	{ 0 }
};

const cli_group cmds_console = { "console", "Console", commands };

/* cmd_console.c - the console command (also what `cpdesk` alone runs). */
#include <stddef.h>
#include "cli.h"
#include "ui_app.h"

static cp_status run_console(const cli_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		cp_error err;
		return cli_report(cp_fail(&err, CP_BADINPUT,
		                  "console takes no arguments (try cpdesk console "
		                  "--help)"), &err);
	}
	ui_start start = { .db = ctx->db, .as = ctx->as, .login = ctx->login,
	                   .today = ctx->today };
	cp_error err;
	cp_status st = ui_console_run(&start, &err);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

const cli_command cmds_ui[] = {
	{ "console", "",
	  "open the console: your queue, meetings, children, consultations",
	  "The console is a full-screen view of the store for staff on a\n"
	  "terminal (over SSH too).  It opens on the queue of the worker named\n"
	  "by --as, else by your Unix login.  Press ? inside for every key.\n"
	  "\n"
	  "Views (number keys or Tab): 1 My queue, 2 Meetings, 3 Children,\n"
	  "4 Consultations, 5 Lists.  The screen follows changes other users\n"
	  "make within a second.  Needs a terminal of at least 80x24; colours\n"
	  "are used unless NO_COLOR is set.  See doc/console.md.\n",
	  run_console },
	{ NULL, NULL, NULL, NULL, NULL }
};

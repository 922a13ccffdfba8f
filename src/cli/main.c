/* main.c - cpdesk's entry point: the locale, signals, and every group of
 * commands for the dispatcher (cli.c).  With no command cpdesk opens the
 * console. */
#include <locale.h>
#include <signal.h>
#include <stddef.h>

#include "cli.h"
#include "priv.h"

/* In the order cpdesk --help lists them. */
static const cli_group *const groups[] = {
	&cmds_worker, &cmds_child, &cmds_family, &cmds_plan, &cmds_care,
	&cmds_cin, &cmds_meeting, &cmds_approve, &cmds_diary, &cmds_task,
	&cmds_team, &cmds_report, &cmds_timeliness,
	&cmds_consult, &cmds_audit, &cmds_list, &cmds_mail, &cmds_export,
	&cmds_policy, &cmds_calendar, &cmds_admin, &cmds_console, &cmds_help,
	NULL
};

int main(int argc, char **argv)
{
	/* First: a setgid run notes it and turns non-dumpable (priv.h). */
	cp_error err;
	if (priv_start(&err) != CP_OK)
		return (int)cli_report(CP_FAILED, &err);
	/* The characters (ncursesw needs them) and system messages in the
	 * user's language; nothing else: numbers and dates are written the
	 * same everywhere (CSV, JSON), and each category is a file to load
	 * on every start-up. */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	/* Past a file-size limit (ulimit -f) a write should fail with EFBIG,
	 * reported like a full disk, not kill the process mid-commit. */
	signal(SIGXFSZ, SIG_IGN);
	return cli_main(argc, argv, groups);
}

/* main.c - cpdesk's entry point: global options, then one command.
 *
 * With no command cpdesk opens the console. */
#include <errno.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"

/* cmd_reassign.c (issue 6); its place is beside the others in cli.h. */
extern const cli_command cmds_reassign[];

static const cli_command *const command_tables[] = {
	cmds_calendar, cmds_policy, cmds_store, cmds_reassign, cmds_list,
	cmds_export, cmds_mail, cmds_admin, cmds_ui, NULL
};

static void usage(FILE *out)
{
	fprintf(out,
	    "usage: cpdesk [--db DIR] [--as LOGIN] [--today YYYY-MM-DD] [COMMAND [ARGS]]\n"
	    "\n"
	    "With no command, cpdesk opens the console on your queue.\n"
	    "\n"
	    "Commands:\n");
	for (size_t t = 0; command_tables[t]; t++)
		for (const cli_command *c = command_tables[t]; c->name; c++)
			fprintf(out, "  %-18s %s\n", c->name, c->summary);
	fprintf(out,
	    "\n"
	    "Global options:\n"
	    "  --db DIR            the store (default $CPDESK_DB, else $XDG_DATA_HOME/cpdesk)\n"
	    "  --as LOGIN          act as another worker (where the policy allows)\n"
	    "  --today DATE        take DATE as today (for planning and tests)\n"
	    "  --help, --version\n"
	    "\n"
	    "cpdesk COMMAND --help describes a command; see cpdesk(1) and cpdesk-policy(5).\n"
	    "Exit status: 0 done, 1 refused, 2 bad input, 3 system failure.\n");
}

/* Longest command name that matches the leading words of argv. */
static const cli_command *find_command(int argc, char **argv, int *words)
{
	const cli_command *best = NULL;
	int best_words = 0;
	for (size_t t = 0; command_tables[t]; t++) {
		for (const cli_command *c = command_tables[t]; c->name; c++) {
			int n = 0;
			const char *p = c->name;
			while (*p && n < argc) {
				size_t len = strcspn(p, " ");
				if (strlen(argv[n]) != len || strncmp(argv[n], p, len))
					break;
				n++;
				p += len;
				if (*p == ' ')
					p++;
				else
					break;
			}
			if (*p == '\0' && n > best_words) {
				best = c;
				best_words = n;
			}
		}
	}
	*words = best_words;
	return best;
}

static const char *unix_login(void)
{
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		return pw->pw_name;
	const char *u = getenv("USER");
	return u ? u : "";
}

static int option_value(int *i, int argc, char **argv, const char *name,
                        const char **out)
{
	size_t len = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, len) != 0)
		return 0;
	if (a[len] == '=') {
		*out = a + len + 1;
		return 1;
	}
	if (a[len] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "cpdesk: %s needs a value\n", name);
		return -1;
	}
	*out = argv[++*i];
	return 1;
}

int main(int argc, char **argv)
{
	/* The characters (ncursesw needs them) and system messages in the
	 * user's language; nothing else: numbers and dates are written the
	 * same everywhere (CSV, JSON), and each category is a file to load
	 * on every start-up. */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	/* Past a file-size limit (ulimit -f) a write should fail with EFBIG,
	 * reported like a full disk, not kill the process mid-commit. */
	signal(SIGXFSZ, SIG_IGN);
	cli_ctx ctx = { .argv0 = argv[0], .login = unix_login() };
	ctx.db = getenv("CPDESK_DB");
	if (ctx.db && !*ctx.db)
		ctx.db = NULL;
	ctx.today = date_today();
	const char *today = NULL;

	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		int r;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--version")) {
			printf("cpdesk %s\n", CPDESK_VERSION);
			return 0;
		}
		if ((r = option_value(&i, argc, argv, "--db", &ctx.db)) ||
		    (r = option_value(&i, argc, argv, "--as", &ctx.as)) ||
		    (r = option_value(&i, argc, argv, "--today", &today))) {
			if (r < 0)
				return CP_BADINPUT;
			continue;
		}
		if (!strcmp(a, "--"))
			{ i++; break; }
		cp_error e;
		cp_fail(&e, CP_BADINPUT, "unknown option '%.200s' (try cpdesk --help)", a);
		return cli_report(CP_BADINPUT, &e);
	}
	if (today) {
		cp_error err;
		if (date_parse(today, &ctx.today, &err) != CP_OK) {
			cp_error_prefix(&err, "--today: ");
			return cli_report(CP_BADINPUT, &err);
		}
		ctx.today_given = true;
	}

	int words = 0;
	const cli_command *cmd;
	if (i >= argc) {
		cmd = find_command(1, (char *[]){ "console" }, &words);
		words = 0;
	} else {
		cmd = find_command(argc - i, argv + i, &words);
	}
	if (!cmd) {
		cp_error e;
		cp_fail(&e, CP_BADINPUT, "unknown command '%.200s' (try cpdesk --help)",
		        argv[i]);
		return cli_report(CP_BADINPUT, &e);
	}
	int cargc = argc - i - words + 1;
	char **cargv = argv + i + words - 1;
	char *console_argv[] = { "console", NULL };
	if (words == 0) {
		cargc = 1;
		cargv = console_argv;
	}
	if (cli_wants_help(cargc, cargv)) {
		cli_print_help(cmd, stdout);
		return 0;
	}
	return (int)cmd->run(&ctx, cargc, cargv);
}

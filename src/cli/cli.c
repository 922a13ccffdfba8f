/* cli.c - the dispatcher: global options, the command, its session, and
 * a failure as one line on stderr. */
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "priv.h"
#include "cmd_util.h"
#include "model.h"
#include "text.h"

cp_status cli_report(cp_status st, const cp_error *err)
{
	const char *msg = err && err->msg[0] ? err->msg : "failed";
	/* Messages quote what was typed: never echo an escape sequence or
	 * invalid UTF-8 to the terminal ('?' and U+FFFD instead). */
	char clean[sizeof err->msg * 3];
	fprintf(stderr, "cpdesk: %s\n", text_sanitize(msg, clean, sizeof clean));
	return st;
}

cp_status cli_reported(cp_status st, cp_error *err)
{
	err->msg[0] = '\0';
	return st;
}

/* ---- global options ---------------------------------------------------- */

static const char *unix_login(void)
{
	/* Only the password database says who the real user is: $USER is
	 * the user's to set (session_check_actor refuses "" by name). */
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_name ? pw->pw_name : "";
}

/* --name VALUE or --name=VALUE at argv[*i]: 1 taken, 0 not this one. */
static int global_value(int argc, char **argv, int *i, const char *name,
                        const char **out, cp_status *st, cp_error *err)
{
	size_t len = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, len) || (a[len] && a[len] != '='))
		return 0;
	if (a[len] == '=')
		*out = a + len + 1;
	else if (*i + 1 < argc)
		*out = argv[++*i];
	else
		*st = cp_fail(err, CP_BADINPUT, "%s needs a value", name);
	return 1;
}

/* The options before the command; *i is left at the command.  *done is
 * the exit status when --help or --version was all there was to do. */
static cp_status global_options(int argc, char **argv, cli_ctx *ctx, int *i,
                                int *done, cp_error *err)
{
	const char *today = NULL;
	cp_status st = CP_OK;
	for (; *i < argc && argv[*i][0] == '-' && st == CP_OK; ++*i) {
		const char *a = argv[*i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_print_usage(ctx->groups, stdout);
			*done = 0;
			return CP_OK;
		}
		if (!strcmp(a, "--version")) {
			printf("cpdesk %s\n", CPDESK_VERSION);
			*done = 0;
			return CP_OK;
		}
		if (!strcmp(a, "--")) {
			++*i;
			break;
		}
		if (!strcmp(a, "--plain"))   /* the console's: cli_main */
			break;
		if (!global_value(argc, argv, i, "--db", &ctx->session.db, &st,
		                  err) &&
		    !global_value(argc, argv, i, "--as", &ctx->session.as, &st,
		                  err) &&
		    !global_value(argc, argv, i, "--today", &today, &st, err))
			return cp_fail(err, CP_BADINPUT, "unknown option '%s' (try "
			               "cpdesk --help)", cmd_q(a));
	}
	if (st == CP_OK && today &&
	    (st = date_parse(today, &ctx->today, err)) != CP_OK)
		cp_error_prefix(err, "--today: ");
	return st;
}

/* ---- the command ------------------------------------------------------- */

/* How many of argv's leading words name c (0: not all of them). */
static int words_of(const cli_command *c, int argc, char **argv)
{
	int n = 0;
	for (const char *p = c->name; *p; n++) {
		size_t len = strcspn(p, " ");
		if (n >= argc || strlen(argv[n]) != len || strncmp(argv[n], p, len))
			return 0;
		p += len + (p[len] == ' ');
	}
	return n;
}

/* The command the most leading words of argv name. */
static const cli_command *find_command(const cli_group *const *groups,
                                       int argc, char **argv, int *words)
{
	const cli_command *best = NULL;
	*words = 0;
	for (size_t g = 0; groups[g]; g++)
		for (const cli_command *c = groups[g]->commands; c->name; c++) {
			int n = words_of(c, argc, argv);
			if (n > *words) {
				best = c;
				*words = n;
			}
		}
	return best;
}

/* True when argv has -h or --help before any "--". */
static bool wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

/* No command: a noun (cpdesk child --help lists its commands), or a
 * word that is no command at all. */
static int no_command(const cli_ctx *ctx, int argc, char **argv)
{
	cp_error err;
	char which[512];
	const char *noun = cmd_q(argv[0]);
	if (!cli_noun_words(ctx->groups, argv[0], which, sizeof which))
		cp_fail(&err, CP_BADINPUT, "unknown command '%s' (try cpdesk "
		        "--help)", noun);
	else if (wants_help(argc, argv))
		return cli_print_noun(ctx->groups, argv[0], stdout) ? 0 : 3;
	else if (argc > 1 && argv[1][0] != '-')
		cp_fail(&err, CP_BADINPUT, "%s: no command '%s': %s (try cpdesk %s "
		        "--help)", noun, cmd_q(argv[1]), which, noun);
	else
		cp_fail(&err, CP_BADINPUT, "%s: which command? %s (try cpdesk %s "
		        "--help)", noun, which, noun);
	return (int)cli_report(CP_BADINPUT, &err);
}

/* ---- the session ------------------------------------------------------- */

static cp_status run_in_session(const cli_ctx *ctx, const cli_command *c,
                                cp_error *err)
{
	if (c->needs == CLI_NEEDS_NOTHING)
		return c->run(ctx, NULL, err);
	casework cw;
	if (c->needs == CLI_NEEDS_ACTION)
		CP_TRY(session_open_for(&cw, &ctx->session, c->action, err));
	else
		CP_TRY(session_open(&cw, &ctx->session, err));
	cw.dated = true;
	cw.today = ctx->today;
	cp_status st = c->run(ctx, &cw, err);
	session_close(&cw);
	return st;
}

/* Parse, check, open, run, close; a failure said in one line. */
static int run_command(const cli_ctx *ctx, const cli_command *c, int argc,
                       char **argv)
{
	cp_error err = { .msg = "" };
	cp_status st = CP_OK;
	/* A setgid run keeps the stores' group only to open a store
	 * (priv.h): a command that opens none gives it up first. */
	if (c->needs == CLI_NEEDS_NOTHING && !(c->flags & CLI_OPENS_STORE))
		st = priv_drop(&err);
	if (st == CP_OK)
		st = cli_parse(c, argc, argv, &err);
	if (st == CP_OK && c->check)
		st = c->check(ctx, &err);
	if (st == CP_OK)
		st = run_in_session(ctx, c, &err);
	cli_parse_free(c);
	if (st != CP_OK && err.msg[0])
		cli_report(st, &err);
	return (int)st;
}

int cli_main(int argc, char **argv, const cli_group *const *groups)
{
	cli_ctx ctx = { .session = { .unix_login = unix_login(),
	                             .root = getuid() == 0 },
	                .groups = groups, .today = date_today() };
	const char *db = getenv("CPDESK_DB");
	ctx.session.db = db && *db ? db : NULL;
	int i = 1, done = -1;
	cp_error err;
	if (global_options(argc, argv, &ctx, &i, &done, &err) != CP_OK)
		return (int)cli_report(CP_BADINPUT, &err);
	if (done >= 0)
		return done;
	/* With no command, cpdesk opens the console; `cpdesk --plain` is
	 * `cpdesk console --plain`. */
	static char console[] = "console", plain[] = "--plain";
	char *alone[] = { console, plain, NULL };
	if (i >= argc || (i == argc - 1 && !strcmp(argv[i], plain))) {
		argc = i >= argc ? 1 : 2;
		argv = alone;
		i = 0;
	}
	int words;
	const cli_command *c = find_command(groups, argc - i, argv + i, &words);
	if (!c)
		return no_command(&ctx, argc - i, argv + i);
	ctx.cmd = c;
	if (wants_help(argc - i - words, argv + i + words)) {
		cli_print_help(c, stdout);
		return 0;
	}
	return run_command(&ctx, c, argc - i - words, argv + i + words);
}

/* ---- progress ---------------------------------------------------------- */

static bool progress_shown;
static struct timespec progress_last;

static long ms_since(const struct timespec *a, const struct timespec *b)
{
	return (long)(b->tv_sec - a->tv_sec) * 1000 +
	       (b->tv_nsec - a->tv_nsec) / 1000000;
}

void cli_progress(const char *what, size_t done, size_t total)
{
	if (!what) {
		cli_progress_end();
		return;
	}
	if (!isatty(STDERR_FILENO))
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* About ten updates a second: a terminal is slow, an import is not. */
	if (progress_shown && done != total &&
	    ms_since(&progress_last, &now) < 100)
		return;
	progress_last = now;
	progress_shown = true;
	if (total)
		fprintf(stderr, "\r%s: %zu/%zu (%d%%)\033[K", what, done, total,
		        (int)(done >= total ? 100 : done * 100 / total));
	else
		fprintf(stderr, "\r%s: %zu\033[K", what, done);
	fflush(stderr);
}

void cli_progress_end(void)
{
	if (progress_shown && isatty(STDERR_FILENO)) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	progress_shown = false;
}

/* cli.c - what every command shares: errors, help, data files, progress. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
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

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return false;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	}
	return false;
}

void cli_print_help(const cli_command *c, FILE *out)
{
	const char *syn = c->synopsis ? c->synopsis : "";
	const char *help = c->help ? c->help : "";
	size_t hl = strlen(help);
	fprintf(out, "usage: cpdesk %s%s%s\n\n%s\n", c->name, *syn ? " " : "",
	        syn, c->summary ? c->summary : "");
	if (hl)
		fprintf(out, "\n%s%s", help, help[hl - 1] == '\n' ? "" : "\n");
}

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

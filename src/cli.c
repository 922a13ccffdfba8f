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

/* Directory of the running binary (symlinks resolved), or "" when the
 * system does not say. */
static void exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0 || (size_t)n >= size - 1) {
		buf[0] = '\0';
		return;
	}
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (slash)
		*(slash == buf ? slash + 1 : slash) = '\0';
	else
		buf[0] = '\0';
}

/* Try dir/sub/file; on success copy it to buf. */
static bool try_place(const char *dir, const char *sub, const char *file,
                      char *buf, size_t size, char *tried, size_t tsize)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof path, "%s%s/%s", dir, sub, file);
	if (n < 0 || (size_t)n >= sizeof path)
		return false;
	size_t used = strlen(tried);
	snprintf(tried + used, tsize - used, "%s%s", used ? ", " : "", path);
	if (access(path, R_OK) != 0 || (size_t)n >= size)
		return false;
	memcpy(buf, path, (size_t)n + 1);
	return true;
}

/* FILE in $ENV alone when that is set (said out loud: nothing else is
 * tried behind it), else in each SUBS of the binary's directory. */
static cp_status find_beside_exe(const char *file, const char *env_name,
                                 const char *const *subs, size_t nsubs,
                                 char *buf, size_t size, cp_error *err)
{
	char tried[2048] = "";
	const char *env = getenv(env_name);
	if (env && *env) {
		if (try_place(env, "", file, buf, size, tried, sizeof tried))
			return CP_OK;
		return cp_fail(err, CP_FAILED,
		               "cannot find %s in %s (%s): put it there or unset "
		               "%s", file, env_name, env, env_name);
	}
	char dir[PATH_MAX];
	exe_dir(dir, sizeof dir);
	for (size_t i = 0; dir[0] && i < nsubs; i++)
		if (try_place(dir, subs[i], file, buf, size, tried, sizeof tried))
			return CP_OK;
	return cp_fail(err, CP_FAILED,
	               "cannot find %s: tried %s; set %s to the directory that "
	               "holds it", file,
	               tried[0] ? tried : "nowhere (the program's own directory "
	               "is unknown)", env_name);
}

/* The source tree's data/ sits beside build/, the binary's directory, so
 * <exe dir>/../data is tried after <exe dir>/data. */
cp_status cli_data_path(const char *file, char *buf, size_t size,
                        cp_error *err)
{
	static const char *const subs[] = { "/data", "/../data",
	                                    "/../share/cpdesk" };
	return find_beside_exe(file, "CPDESK_DATADIR", subs,
	                       sizeof subs / sizeof subs[0], buf, size, err);
}

/* Modules sit beside the binary in the build tree (build/), and in
 * PREFIX/lib/cpdesk when installed. */
cp_status cli_module_path(const char *file, char *buf, size_t size,
                          cp_error *err)
{
	static const char *const subs[] = { "", "/../lib/cpdesk" };
	return find_beside_exe(file, "CPDESK_LIBDIR", subs,
	                       sizeof subs / sizeof subs[0], buf, size, err);
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

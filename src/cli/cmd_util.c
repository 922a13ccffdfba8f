/* cmd_util.c - printing for the commands, and writing a file. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd_util.h"
#include "text.h"

#define RING 16
#define QUOTE_COLUMNS 60
static char ring[RING][512];
static unsigned ring_next;

static char *ring_buf(void)
{
	return ring[ring_next++ % RING];
}

const char *cmd_s(const char *s)
{
	return text_sanitize(s ? s : "", ring_buf(), sizeof ring[0]);
}

const char *cmd_q(const char *s)
{
	char *b = ring_buf();
	/* 4 bytes a column at most, and room for the "..." */
	text_sanitize(s ? s : "", b, QUOTE_COLUMNS * 4 + 1);
	if (text_width(b) <= QUOTE_COLUMNS)
		return b;
	size_t cut = 0;
	for (int cols = 0; b[cut] && cols < QUOTE_COLUMNS - 3; cols++)
		do   /* a character: its lead byte and continuation bytes */
			cut++;
		while ((b[cut] & 0xC0) == 0x80);
	strcpy(b + cut, "...");
	return b;
}

void cmd_put_clean(FILE *out, const char *s)
{
	char *c = text_sanitize_dup(s ? s : "");
	fputs(c ? c : "?", out);
	free(c);
}

const char *cmd_date(cp_date d)
{
	char *b = ring_buf();
	if (d == CP_DATE_NONE)
		strcpy(b, "-");
	else
		date_format(d, b);
	return b;
}

const char *cmd_hhmm(int minutes)
{
	char *b = ring_buf();
	if (minutes < 0 || minutes >= 24 * 60)
		strcpy(b, "-");
	else
		snprintf(b, sizeof ring[0], "%02d:%02d", minutes / 60,
		         minutes % 60);
	return b;
}

const char *cmd_moment(int64_t t)
{
	_Static_assert(sizeof ring[0] >= CP_MOMENT_STRLEN, "a moment fits");
	return date_moment_format(t, ring_buf());
}

void cmd_warn(const char *warn)
{
	if (warn && *warn)
		fprintf(stderr, "cpdesk: warning: %s\n", cmd_s(warn));
}

void cmd_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("cpdesk: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Write data to path atomically (a temporary file beside it, then
 * rename), mode 0600: the file holds case data. */
cp_status cmd_write_file(const char *opt, const char *path, const void *data,
                         size_t len, cp_error *err)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >=
	    (int)sizeof tmp)
		return cp_fail(err, CP_BADINPUT, "%s: the path is too long", opt);
	mode_t old = umask(077);
	FILE *f = fopen(tmp, "wx");
	umask(old);
	if (!f)
		return cp_fail(err, CP_FAILED, "%s %s: %s", opt, cmd_s(tmp),
		               strerror(errno));
	bool ok = fwrite(data, 1, len, f) == len && fflush(f) == 0 &&
	          fsync(fileno(f)) == 0;
	int e = errno;
	if (fclose(f) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		unlink(tmp);
		return cp_fail(err, CP_FAILED, "%s %s: %s", opt, cmd_s(path),
		               strerror(e));
	}
	return CP_OK;
}

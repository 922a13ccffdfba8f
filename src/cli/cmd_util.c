/* cmd_util.c - printing for the commands. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	char *b = ring_buf();
	time_t tt = (time_t)t;
	struct tm tm;
	if (!t || !localtime_r(&tt, &tm) ||
	    !strftime(b, sizeof ring[0], "%Y-%m-%d %H:%M:%S", &tm))
		strcpy(b, "-");
	return b;
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

/* cmd_util.c - helpers the store commands share. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd_util.h"
#include "model.h"
#include "paths.h"
#include "permit.h"
#include "text.h"

const char *cmd_actor(const cli_ctx *ctx)
{
	return ctx->as && *ctx->as ? ctx->as : ctx->login;
}

cp_status cmd_check_actor(const cli_ctx *ctx, cp_error *err)
{
	const char *a = cmd_actor(ctx);
	if (!a || !model_id_valid(a, false))
		return cp_fail(err, CP_BADINPUT,
		    "acting login '%s' is not usable (letters, digits, . _ -): "
		    "give --as LOGIN", a ? cmd_s(a) : "");
	return CP_OK;
}

cp_status cmd_db_path(const cli_ctx *ctx, char *buf, size_t size,
                      cp_error *err)
{
	return store_default_path(ctx->db, buf, size, err);
}

cp_status cmd_open(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	char dir[PATH_MAX], hol[PATH_MAX];
	cp_status st;
	memset(cw, 0, sizeof *cw);
	if ((st = cmd_check_actor(ctx, err)) != CP_OK ||
	    (st = cmd_db_path(ctx, dir, sizeof dir, err)) != CP_OK ||
	    (st = paths_holidays(hol, sizeof hol, err)) != CP_OK)
		return st;
	if ((st = casework_open(cw, dir, hol, cmd_actor(ctx), err)) != CP_OK)
		return st;
	permit_login in = { .unix_login = ctx->login, .root = getuid() == 0,
	                    .as = ctx->as, .store_dir = dir };
	if ((st = permit_open(cw->st, cw->pol, &in, &cw->pm, err)) != CP_OK) {
		casework_close(cw);
		return st;
	}
	cw->actor = permit_actor(cw->pm);
	return CP_OK;
}

cp_status cmd_open_for(const cli_ctx *ctx, casework *cw, access_action act,
                       cp_error *err)
{
	cp_status st = cmd_open(ctx, cw, err);
	if (st == CP_OK && (st = permit_may(cw->pm, act, err)) != CP_OK)
		casework_close(cw);
	return st;
}

cp_status cmd_parse_time(const char *opt, const char *s, int *minutes,
                         cp_error *err)
{
	int h, m;
	char extra;
	if (strlen(s) != 5 || sscanf(s, "%2d:%2d%c", &h, &m, &extra) != 2 ||
	    h < 0 || h > 23 || m < 0 || m > 59)
		return cp_fail(err, CP_BADINPUT,
		               "%s '%s': write HH:MM (24-hour), e.g. 10:30", opt,
		               cmd_s(s));
	*minutes = h * 60 + m;
	return CP_OK;
}

cp_status cmd_parse_date(const char *opt, const char *s, cp_date *out,
                         cp_error *err)
{
	cp_status st = date_parse(s, out, err);
	if (st != CP_OK)
		cp_error_prefix(err, "%s: ", opt);
	return st;
}

cp_status cmd_parse_id(const char *what, const char *s, uint64_t *out,
                       cp_error *err)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end || errno || v == 0 || s[0] == '-' || s[0] == '+')
		return cp_fail(err, CP_BADINPUT,
		               "%s '%s': write the number cpdesk printed, e.g. 12",
		               what, cmd_s(s));
	*out = (uint64_t)v;
	return CP_OK;
}

cp_status cmd_parse_count(const char *opt, const char *s, unsigned long max,
                          unsigned long *out, cp_error *err)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || errno || s[0] == '-' || v > max)
		return cp_fail(err, CP_BADINPUT,
		               "%s '%s': a whole number from 0 to %lu", opt,
		               cmd_s(s), max);
	*out = v;
	return CP_OK;
}

cp_status cmd_bad_option(const char *cmd, int argc, char **argv,
                         cp_error *err)
{
	const char *arg = optind - 1 < argc && optind > 0 ? argv[optind - 1] : "?";
	return cp_fail(err, CP_BADINPUT,
	               "%s: unknown option or missing value at '%s' "
	               "(try cpdesk %s --help)", cmd, cmd_s(arg), cmd);
}

#define RING 16
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

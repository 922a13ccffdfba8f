/* cmd_export.c - export ics: meetings and deadlines for a calendar. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "cmd_util.h"
#include "ics.h"
#include "ics_module.h"
#include "text.h"

/* Write data to path atomically (a temporary file beside it, then
 * rename), mode 0600: the file holds case data. */
static cp_status write_file(const char *path, const char *data, size_t len,
                            cp_error *err)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >=
	    (int)sizeof tmp)
		return cp_fail(err, CP_BADINPUT, "--output: the path is too long");
	mode_t old = umask(077);
	FILE *f = fopen(tmp, "wx");
	umask(old);
	if (!f)
		return cp_fail(err, CP_FAILED, "--output %s: %s", cmd_s(tmp),
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
		return cp_fail(err, CP_FAILED, "--output %s: %s", cmd_s(path),
		               strerror(e));
	}
	return CP_OK;
}

static cp_status write_stdout(const char *data, size_t len, cp_error *err)
{
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
		return cp_fail(err, CP_FAILED, "writing standard output: %s",
		               strerror(errno));
	return CP_OK;
}

static cp_status run_export_ics(const cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "all", no_argument, NULL, 'a' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "deadlines", no_argument, NULL, 'd' },
		{ "names", no_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "organizer", required_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 }
	};
	ics_options o = { .from = CP_DATE_NONE, .to = CP_DATE_NONE };
	const char *output = NULL;
	cp_error err;
	cp_status st = CP_OK;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u': o.user = optarg; break;
		case 'a': o.all = true; break;
		case 'f': st = cmd_parse_date("--from", optarg, &o.from, &err); break;
		case 't': st = cmd_parse_date("--to", optarg, &o.to, &err); break;
		case 'd': o.deadlines = true; break;
		case 'n': o.names = true; break;
		case 'o': output = optarg; break;
		case 'O': o.organizer = optarg; break;
		default: st = cmd_bad_option("export ics", argc, argv, &err);
		}
	}
	if (st == CP_OK && optind != argc)
		st = cp_fail(&err, CP_BADINPUT,
		             "export ics: unexpected argument '%s' (try --help)",
		             cmd_s(argv[optind]));
	if (st == CP_OK && o.user && !model_id_valid(o.user, false))
		st = cp_fail(&err, CP_BADINPUT, "--user '%s' is not a login",
		             cmd_s(o.user));
	if (st == CP_OK && output && !*output)
		st = cp_fail(&err, CP_BADINPUT, "--output: give a file name");
	if (o.from == CP_DATE_NONE)
		o.from = date_week_start(ctx->today);
	if (o.to == CP_DATE_NONE)
		o.to = date_add_months(o.from, 6);
	if (st == CP_OK && o.from > o.to)
		st = cp_fail(&err, CP_BADINPUT, "export ics: --from %s is after "
		             "--to %s", cmd_date(o.from), cmd_date(o.to));
	if (!o.user)
		o.user = cmd_actor(ctx);
	casework cw;
	char *text = NULL;
	size_t len = 0, n = 0;
	ics_module mod = { 0 };
	char modpath[PATH_MAX];
	if (st == CP_OK &&
	    (st = paths_module("cpdesk-ics.so", modpath, sizeof modpath,
	                          &err)) == CP_OK &&
	    (st = ics_module_open(modpath, &mod, &err)) == CP_OK)
		o.render = mod.render;
	if (st == CP_OK && (st = cmd_open(ctx, &cw, &err)) == CP_OK) {
		st = ics_export(&cw, &o, &text, &len, &n, &err);
		casework_close(&cw);
	}
	ics_module_close(&mod);
	if (st == CP_OK) {
		if (output) {
			st = write_file(output, text, len, &err);
			if (st == CP_OK)
				cmd_note("wrote %zu event%s to %s", n, n == 1 ? "" : "s",
				         cmd_s(output));
		} else {
			st = write_stdout(text, len, &err);
		}
	}
	free(text);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

const cli_command cmds_export[] = {
	{ "export ics", "[--user LOGIN | --all] [--from DATE] [--to DATE] [--deadlines] [--names] [--organizer ADDRESS] [--output FILE]",
	  "meetings (and deadlines) as an iCalendar file for Outlook",
	  "Writes an iCalendar (RFC 5545) file of the user's meetings: those\n"
	  "they chair or take minutes for and those of the children allocated\n"
	  "to them (QA staff, and --all: every meeting).  Import it into\n"
	  "Outlook or another calendar; importing a newer export updates the\n"
	  "same events (stable UIDs; SEQUENCE counts moves; cancelled meetings\n"
	  "are STATUS:CANCELLED).  Times are Europe/London; a meeting with no\n"
	  "time is an all-day event.\n"
	  "\n"
	  "  --user LOGIN  whose calendar (default: you, or --as)\n"
	  "  --all         every meeting in the window\n"
	  "  --from DATE   first day (default: Monday of this week)\n"
	  "  --to DATE     last day (default: six months after --from)\n"
	  "  --deadlines   the user's open tasks as all-day events too\n"
	  "  --names       children's full names in the titles (default: the\n"
	  "                case id and initials, as calendars sync to phones)\n"
	  "  --organizer ADDRESS  the events' ORGANIZER (default cpdesk@HOSTNAME)\n"
	  "  --output FILE write FILE (mode 0600) instead of standard output\n"
	  "\n"
	  "Data goes to standard output (or FILE); messages to standard error.\n"
	  "See doc/export.md.\n",
	  run_export_ics },
	{ NULL, NULL, NULL, NULL, NULL }
};

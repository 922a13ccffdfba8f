/* cmd_policy.c - policy check, timeline and next: the policy engine from
 * the command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_cal.h"
#include "cli.h"
#include "cmd_util.h"
#include "schedule.h"
#include "text.h"
#include "yamltree.h"

#define MAX_ANCHORS 8

typedef struct policy_opts {
	const char *policy;
	const char *holidays;
	anchor_date anchors[MAX_ANCHORS];
	size_t nanchors;
	bool tsv;
	int nth;
	const char *time;
} policy_opts;

enum { OPT_POLICY = 1000, OPT_HOLIDAYS, OPT_ANCHOR, OPT_TSV, OPT_NTH, OPT_TIME };

static const struct option long_opts[] = {
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "holidays", required_argument, NULL, OPT_HOLIDAYS },
	{ "anchor", required_argument, NULL, OPT_ANCHOR },
	{ "tsv", no_argument, NULL, OPT_TSV },
	{ "nth", required_argument, NULL, OPT_NTH },
	{ "time", required_argument, NULL, OPT_TIME },
	{ NULL, 0, NULL, 0 }
};

static cp_status parse_anchor_opt(const char *arg, policy_opts *o,
                                  cp_error *err)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || (size_t)(eq - arg) >= OFFSET_ANCHOR_LEN)
		return cp_fail(err, CP_BADINPUT,
		    "--anchor '%s': write NAME=YYYY-MM-DD, e.g. s47-start=2027-04-20",
		    arg);
	if (o->nanchors == MAX_ANCHORS)
		return cp_fail(err, CP_BADINPUT, "at most %d --anchor options",
		               MAX_ANCHORS);
	anchor_date *a = &o->anchors[o->nanchors];
	memcpy(a->name, arg, (size_t)(eq - arg));
	a->name[eq - arg] = '\0';
	cp_status st = date_parse(eq + 1, &a->date, err);
	if (st != CP_OK) {
		cp_error_prefix(err, "--anchor %s: ", a->name);
		return st;
	}
	o->nanchors++;
	return CP_OK;
}

/* Parse options; leaves positional arguments in argv[optind..]. */
static cp_status parse_opts(int argc, char **argv, policy_opts *o,
                            cp_error *err)
{
	memset(o, 0, sizeof *o);
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		cp_status st = CP_OK;
		char *end;
		switch (c) {
		case OPT_POLICY: o->policy = optarg; break;
		case OPT_HOLIDAYS: o->holidays = optarg; break;
		case OPT_TSV: o->tsv = true; break;
		case OPT_TIME: o->time = optarg; break;
		case OPT_ANCHOR: st = parse_anchor_opt(optarg, o, err); break;
		case OPT_NTH:
			o->nth = (int)strtol(optarg, &end, 10);
			if (*end || o->nth < 1 || o->nth > 999)
				st = cp_fail(err, CP_BADINPUT,
				    "--nth '%s': a whole number from 1", optarg);
			break;
		default:
			return cp_fail(err, CP_BADINPUT,
			    "%s: unknown option or missing value '%s' (try --help)",
			    argv[0], argv[optind - 1]);
		}
		if (st != CP_OK)
			return st;
	}
	return CP_OK;
}

static cp_status load_policy(const policy_opts *o, policy **p,
                             policy_cal *cc, cp_error *err)
{
	if (!o->policy)
		return cp_fail(err, CP_BADINPUT,
		    "which policy? give --policy FILE (e.g. policies/generic.yaml)");
	cp_status st = policy_load(o->policy, p, err);
	if (st != CP_OK)
		return st;
	st = policy_cal_check(cc, o->holidays, *p, err);
	if (st != CP_OK) {
		policy_free(*p);
		*p = NULL;
	}
	return st;
}

/* ---- policy check ------------------------------------------------------- */

static size_t count_steps(const policy *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nmeetings; i++)
		n += p->meetings[i].nsteps;
	return n;
}

static cp_status check_one(const char *path, const char *holidays)
{
	cp_error err;
	policy *p;
	cp_status st = policy_load(path, &p, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	policy_cal cc;
	st = policy_cal_check(&cc, holidays, p, &err);
	if (st != CP_OK) {
		policy_free(p);
		return cli_report(st, &err);
	}
	const holiday_division *hd = cc.cal.hd;
	printf("%s: ok: policy %s (%s), %s; %zu meeting types, %zu steps, "
	       "%zu cadence rules; bank holidays %s %d-%d\n",
	       path, p->id, p->title, p->chain, p->nmeetings, count_steps(p),
	       p->ncadence, p->division, hd->first_year, hd->last_year);
	policy_cal_close(&cc);
	policy_free(p);
	return CP_OK;
}

static cp_status run_check(const cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	policy_opts o;
	cp_error err;
	if (parse_opts(argc, argv, &o, &err) != CP_OK)
		return cli_report(CP_BADINPUT, &err);
	if (optind >= argc) {
		cp_fail(&err, CP_BADINPUT, "policy check: name at least one FILE");
		return cli_report(CP_BADINPUT, &err);
	}
	cp_status worst = CP_OK;
	for (int i = optind; i < argc; i++) {
		cp_status st = check_one(argv[i], o.holidays);
		if (st > worst)
			worst = st;
	}
	return worst;
}

/* ---- timeline ----------------------------------------------------------- */

static cp_status parse_time(const char *s, int *minutes, cp_error *err)
{
	*minutes = -1;
	if (!s)
		return CP_OK;
	int h, m;
	char extra;
	if (sscanf(s, "%2d:%2d%c", &h, &m, &extra) != 2 || strlen(s) != 5 ||
	    h < 0 || h > 23 || m < 0 || m > 59)
		return cp_fail(err, CP_BADINPUT, "--time '%s': write HH:MM (24-hour)", s);
	*minutes = h * 60 + m;
	return CP_OK;
}

static void print_timeline_table(const policy *p, const calendar *cal,
                                 const policy_meeting *m, cp_date date,
                                 const timeline_entry *t, size_t n)
{
	char ds[CP_DATE_STRLEN];
	date_format(date, ds);
	printf("%s (%s) on %s %s\nPolicy: %s (%s)\n\n", m->title, m->type,
	       date_weekday_name(date), ds, p->title, p->chain);
	printf("%-14s  %-30s  %-18s  %s\n", "Due", "Rule", "Who", "What");
	bool meeting_shown = false;
	for (size_t i = 0; i < n; i++) {
		if (!meeting_shown && t[i].due > date) {
			printf("%s %s  %-30s  %-18s  %s\n", date_weekday_name(date),
			       ds, "", "", "== the meeting ==");
			meeting_shown = true;
		}
		char due[CP_DATE_STRLEN], rule[64];
		date_format(t[i].due, due);
		offset_format(&t[i].step->due, rule, sizeof rule);
		const char *closed = calendar_reason_closed(cal, t[i].due);
		printf("%s %s  %-30s  %-18s  %s%s%s%s\n",
		       date_weekday_name(t[i].due), due, rule,
		       policy_role_title(p, t[i].step->role), t[i].step->title,
		       closed ? "  [not a working day: " : "",
		       closed ? closed : "", closed ? "]" : "");
	}
	if (!meeting_shown)
		printf("%s %s  %-30s  %-18s  %s\n", date_weekday_name(date), ds, "",
		       "", "== the meeting ==");
}

static cp_status run_timeline(const cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	policy_opts o;
	cp_error err;
	cp_status st = parse_opts(argc, argv, &o, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	if (argc - optind != 2) {
		cp_fail(&err, CP_BADINPUT, "timeline: give TYPE and DATE (try --help)");
		return cli_report(CP_BADINPUT, &err);
	}
	const char *type = argv[optind];
	cp_date date;
	int minutes;
	if ((st = date_parse(argv[optind + 1], &date, &err)) != CP_OK ||
	    (st = parse_time(o.time, &minutes, &err)) != CP_OK)
		return cli_report(st, &err);
	policy *p;
	policy_cal cc;
	if ((st = load_policy(&o, &p, &cc, &err)) != CP_OK)
		return cli_report(st, &err);
	timeline_entry *t;
	size_t n;
	st = schedule_timeline(p, &cc.cal, type, date, minutes, o.anchors,
	                       o.nanchors, &t, &n, &err);
	if (st == CP_OK) {
		if (o.tsv) {
			printf("due\tstep\trole\ttitle\n");
			for (size_t i = 0; i < n; i++) {
				char due[CP_DATE_STRLEN];
				date_format(t[i].due, due);
				printf("%s\t%s\t%s\t%s\n", due, t[i].step->id,
				       role_name(t[i].step->role), t[i].step->title);
			}
		} else {
			print_timeline_table(p, &cc.cal, policy_meeting_find(p, type),
			                     date, t, n);
		}
		free(t);
	}
	policy_cal_close(&cc);
	policy_free(p);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

/* ---- next --------------------------------------------------------------- */

static cp_status run_next(const cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	policy_opts o;
	cp_error err;
	cp_status st = parse_opts(argc, argv, &o, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	if (argc - optind != 2) {
		cp_fail(&err, CP_BADINPUT, "next: give EVENT and DATE (try --help)");
		return cli_report(CP_BADINPUT, &err);
	}
	cp_date date;
	if ((st = date_parse(argv[optind + 1], &date, &err)) != CP_OK)
		return cli_report(st, &err);
	policy *p;
	policy_cal cc;
	if ((st = load_policy(&o, &p, &cc, &err)) != CP_OK)
		return cli_report(st, &err);
	next_meeting *nm;
	size_t n;
	st = schedule_next(p, &cc.cal, argv[optind], o.nth, date, &nm, &n, &err);
	if (st == CP_OK) {
		for (size_t i = 0; i < n; i++) {
			char by[CP_DATE_STRLEN];
			date_format(nm[i].by, by);
			printf("%s\t%s\n", nm[i].type, by);
		}
		free(nm);
	}
	policy_cal_close(&cc);
	policy_free(p);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

const cli_command cmds_policy[] = {
	{ "policy check", "FILE...",
	  "check policy files; print FILE:LINE:COL: problem, or a summary",
	  "Loads each FILE (following extends:) and checks it strictly: YAML\n"
	  "syntax, unknown or duplicate keys, wrong types, unknown roles,\n"
	  "meeting types and anchors, offsets out of range, extends: cycles,\n"
	  "anchors/aliases, and local closures outside the bank-holiday data.\n"
	  "\n"
	  "  --holidays FILE   bank holidays (default: $CPDESK_HOLIDAYS, else shipped)\n"
	  "\n"
	  "Exit 0 when every file is valid, 2 when one is not.\n",
	  run_check },
	{ "timeline", "--policy FILE TYPE DATE [--time HH:MM] [--anchor NAME=DATE]... [--tsv]",
	  "every step of a meeting with its due date",
	  "TYPE is a meeting type of the policy (icpc, rcpc, cla-review, ...).\n"
	  "Steps that count from an anchor (s47-start, care-start) need\n"
	  "--anchor NAME=DATE.  --time gives the meeting's start, for steps\n"
	  "counted in hours.\n"
	  "\n"
	  "  --tsv             due<TAB>step<TAB>role<TAB>title, one step a line\n"
	  "  --holidays FILE   bank holidays (default: $CPDESK_HOLIDAYS, else shipped)\n",
	  run_timeline },
	{ "next", "--policy FILE EVENT DATE [--nth N]",
	  "which meetings must follow an event, and by when",
	  "EVENT is strategy, icpc, rcpc, care-start or cla-review (or any\n"
	  "meeting type or anchor the policy's cadence names).  Prints\n"
	  "TYPE<TAB>YYYY-MM-DD for each meeting that must follow: the last\n"
	  "date it may be held.  For cla-review give --nth N: the first\n"
	  "review is followed within 3 months, later ones within 6.\n"
	  "\n"
	  "'Within N months' is the same day of the month N months on, the\n"
	  "month's last day where it is shorter, and the last working day on\n"
	  "or before that where that day is not a working day.\n",
	  run_next },
	{ NULL, NULL, NULL, NULL, NULL }
};

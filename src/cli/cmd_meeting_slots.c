/* cmd_meeting_slots.c - meeting slots: the free times in the diary for a
 * child's next meeting (issue 17, "Find a slot"; slots.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmd_util.h"
#include "slots.h"

static struct {
	char *child, *type, *chair, *minute_taker;
	cp_date from, to;
	bool tsv;
} sl = { .from = CP_DATE_NONE, .to = CP_DATE_NONE };

static cp_status check_slots(const cli_ctx *ctx, cp_error *err)
{
	if (sl.from != CP_DATE_NONE && sl.from < ctx->today)
		return cp_fail(err, CP_BADINPUT, "meeting slots: --from %s is "
		               "before today (%s): give today or a later day",
		               cmd_date(sl.from), cmd_date(ctx->today));
	if (sl.to != CP_DATE_NONE && sl.to < ctx->today)
		return cp_fail(err, CP_BADINPUT, "meeting slots: --to %s is before "
		               "today (%s): give a later day", cmd_date(sl.to),
		               cmd_date(ctx->today));
	return CP_OK;
}

/* Minutes past midnight now, when today is the real day; else -1. */
static int now_minutes(cp_date today)
{
	time_t t = time(NULL);
	struct tm tm;
	if (today != date_today() || !localtime_r(&t, &tm))
		return -1;
	return tm.tm_hour * 60 + tm.tm_min;
}

static void print_tsv(const slots_result *r)
{
	printf("date\ttime\tmark\n");
	for (size_t i = 0; i < r->n; i++)
		printf("%s\t%s\t%s\n", cmd_date(r->v[i].date),
		       cmd_hhmm(r->v[i].minutes),
		       slot_mark_name(slots_mark(r, r->v[i].date)));
}

/* One line a day: the day, its free times, and a mark on the days the
 * cadence names (shown even when nothing is free that day). */
static void print_day(const slots_result *r, const policy_diary *dy,
                      cp_date d, size_t *i)
{
	slot_mark m = slots_mark(r, d);
	bool marked = m == SLOT_BOOK_BY || m == SLOT_LATEST;
	char times[POLICY_DIARY_TIMES_MAX * 6 + 1] = "";
	size_t used = 0;
	for (; *i < r->n && r->v[*i].date == d; (*i)++)
		used += (size_t)snprintf(times + used, sizeof times - used, "%s%s",
		                         used ? " " : "",
		                         cmd_hhmm(r->v[*i].minutes));
	if (!used && !marked)
		return;
	int width = (int)dy->ntimes * 6 - 1;
	char note[160] = "";
	if (m == SLOT_BOOK_BY)
		snprintf(note, sizeof note, "  <- book by (%d working days "
		         "before the latest lawful date)", dy->margin);
	else if (m == SLOT_LATEST)
		snprintf(note, sizeof note, "  <- the latest lawful date");
	else if (m == SLOT_LATE)
		snprintf(note, sizeof note, "  LATE: after the latest lawful date");
	printf("%s %s  %-*s%s\n", date_weekday_name(d), cmd_date(d),
	       *note ? width : 0, used ? times : "(nothing free)", note);
}

static void print_text(const cli_ctx *ctx, casework *cw,
                       const slots_result *r)
{
	const policy_diary *dy = &cw->pol->diary;
	const policy_meeting *pm = policy_meeting_find(cw->pol, sl.type);
	printf("Free times for a %s (%s) of child %s\n", cmd_s(sl.type),
	       pm ? cmd_s(pm->title) : "", cmd_s(sl.child));
	printf("  %-14s%s %s to %s %s", "Days:", date_weekday_name(r->from),
	       cmd_date(r->from), date_weekday_name(r->to), cmd_date(r->to));
	if (r->latest == CP_DATE_NONE)
		printf(" (no cadence rule gives a latest date)\n");
	else if (r->to == r->latest)
		printf(" (the latest lawful date)\n");
	else
		printf(" (the latest lawful date: %s %s)\n",
		       date_weekday_name(r->latest), cmd_date(r->latest));
	if (r->latest != CP_DATE_NONE && dy->margin)
		printf("  %-14s%s %s (%d working days before the latest lawful "
		       "date)\n", "Book by:", date_weekday_name(r->book_by),
		       cmd_date(r->book_by), dy->margin);
	printf("  %-14schair %s, minute taker %s, social worker %s\n",
	       "Booked:", sl.chair ? cmd_s(sl.chair) : "(none given)",
	       sl.minute_taker ? cmd_s(sl.minute_taker) : "(none given)",
	       *r->social_worker ? r->social_worker : "(none)");
	printf("  %-14s", "Diary:");
	for (size_t i = 0; i < dy->ntimes; i++)
		printf("%s%s", i ? " " : "", cmd_hhmm(dy->times[i]));
	printf("; %d minutes a meeting; at most %d a chair a day\n",
	       dy->length, dy->per_chair_per_day);
	printf("  %-14s%zu %s not working days, %zu %s the chair is full, "
	       "%zu %s someone is booked\n\n", "Left out:", r->closed_days,
	       r->closed_days == 1 ? "day" : "days", r->chair_full_days,
	       r->chair_full_days == 1 ? "day" : "days", r->busy_times,
	       r->busy_times == 1 ? "time" : "times");
	size_t i = 0;
	for (cp_date d = r->from; d <= r->to; d++)
		print_day(r, dy, d, &i);
	if (!r->n)
		printf("Nothing is free from %s to %s.\n", cmd_date(r->from),
		       cmd_date(r->to));
	(void)ctx;
}

static cp_status run_slots(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	slots_query q = {
		.child = sl.child, .type = sl.type, .chair = sl.chair,
		.minute_taker = sl.minute_taker, .today = ctx->today,
		.from = sl.from, .to = sl.to, .now = now_minutes(ctx->today),
		.where = "meeting slots"
	};
	slots_result r;
	cp_status st = slots_find(cw, &q, &r, err);
	if (st != CP_OK) {
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		cp_fail(err, st, "meeting slots: %s", msg);
		slots_result_free(&r);
		return st;
	}
	if (sl.tsv)
		print_tsv(&r);
	else
		print_text(ctx, cw, &r);
	if (!r.n && sl.tsv)
		cmd_note("meeting slots: nothing is free from %s to %s",
		         cmd_date(r.from), cmd_date(r.to));
	slots_result_free(&r);
	return CP_OK;
}

static const cli_opt slots_args[] = {
	CLI_OPT(STR, "CHILD", &sl.child, .valid = cli_valid_id,
	        .expect = CLI_ID_EXPECT, .help = "the child the meeting is for"),
	CLI_OPT(STR, "TYPE", &sl.type,
	        .help = "a meeting type of the store's policy (rcpc, "
	                "cla-review, ...)"),
	{ 0 }
};

static const cli_opt slots_opts[] = {
	CLI_OPT(LOGIN, "chair", &sl.chair,
	        .help = "leave out the chair's (or IRO's) booked times and full "
	                "days"),
	CLI_OPT(LOGIN, "minute-taker", &sl.minute_taker,
	        .help = "leave out the minute taker's booked times"),
	CLI_OPT(DATE, "from", &sl.from,
	        .help = "the first day to look at (default: today)"),
	CLI_OPT(DATE, "to", &sl.to,
	        .help = "the last day (default: the latest lawful date; later "
	                "days are marked late)"),
	CLI_OPT(FLAG, "tsv", &sl.tsv,
	        .help = "one free time a line: date, time, mark"),
	{ 0 }
};

static const cli_command commands[] = {
	{ .name = "meeting slots",
	  .summary = "free times for a child's next meeting, clash-free",
	  .args = slots_args, .opts = slots_opts, .check = check_slots,
	  .needs = CLI_NEEDS_SESSION, .run = run_slots,
	  .help =
	  "Lists the start times of the policy's diary (cpdesk-policy(5),\n"
	  "DIARY) on which a TYPE meeting of CHILD can be booked, earliest\n"
	  "first, from --from (today by default) to the latest date the\n"
	  "cadence allows, which is marked; so is the date to book by when\n"
	  "the policy asks for a margin.  Left out: weekends, bank holidays\n"
	  "and closures; a time at which the chair or the minute taker\n"
	  "already has a meeting that overlaps it (meetings are held for the\n"
	  "diary's length); a day on which the chair already has as many\n"
	  "meetings as the diary allows a chair in a day; a time at which the\n"
	  "child's social worker is booked (a meeting of any of their\n"
	  "children).  Cancelled meetings take no time.  Hounslow's procedure\n"
	  "(002): the next date comes \"from checking SQA calendar to avoid\n"
	  "clashes\".\n"
	  "\n"
	  "Without a cadence rule leading to TYPE (an ICPC with no strategy\n"
	  "meeting on record) give --to.  When the latest lawful date has\n"
	  "passed, every date is late (exit 1): --to lists days after it,\n"
	  "marked late.  The read is on the record (audit: child.view,\n"
	  "how=\"meeting slots\"); a child you may not see is answered as one\n"
	  "that is not there (exit 2).  With --tsv, one line a free time:\n"
	  "\n"
	  "  date        time   mark (book-by, in-margin, latest, late or empty)\n" },
	{ 0 }
};

const cli_group cmds_diary = { "diary", "The diary", commands };

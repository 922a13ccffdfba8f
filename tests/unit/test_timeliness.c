/* test_timeliness.c - the timeliness figures on a store built by hand:
 * meetings, tasks and reports written with known dates, so each count,
 * percentage and lateness below is worked out in the comments.
 *
 * The period is March to May 2027, as of 30 June 2027.  Bank holidays
 * (England and Wales): Good Friday 26 March, Easter Monday 29 March,
 * 3 May, 31 May 2027.  Children C1-C4 are sw1's (team North), C5 and C6
 * sw2's (team South). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "casework.h"
#include "session.h"
#include "timeliness.h"

static char dir[256];
static casework admin;

#define OK(x) do { cp_error e_; cp_status s_ = (x); \
	if (s_ != CP_OK) fail_msg("%s: %s", #x, e_.msg); } while (0)
#define e e_

static cp_date D(int y, int m, int d)
{
	cp_date out;
	date_from_ymd(y, m, d, &out);
	return out;
}

static void add_worker(const char *login, role_set roles, const char *team,
                       const char *mgr)
{
	cp_worker w = { (char *)login, (char *)login, roles, (char *)team,
	                (char *)mgr, false, "" };
	OK(casework_worker_add(&admin, &w, &e));
}

static void add_child(const char *id, const char *sw)
{
	cp_child c;
	cp_child_init(&c);
	c.id = (char *)id;
	c.name = (char *)id;
	c.social_worker = (char *)sw;
	OK(casework_child_add(&admin, &c, &e));
}

/* ---- records written as they are -------------------------------------- */
typedef struct put {
	cp_meeting m;
	cp_task k;
	cp_report r;
	int what;                 /* 0 meeting, 1 task, 2 report */
	uint64_t id;
} put;

static cp_status put_fn(store_txn *t, void *ctx, cp_error *err)
{
	put *p = ctx;
	if (p->what == 0) {
		CP_TRY(store_next_id(t, SEQ_MEETING, &p->m.id, err));
		p->id = p->m.id;
		return store_meeting_put(t, &p->m, err);
	}
	if (p->what == 1) {
		CP_TRY(store_next_id(t, SEQ_TASK, &p->k.id, err));
		return store_task_put(t, &p->k, err);
	}
	return store_report_put(t, &p->r, err);
}

typedef struct mt {
	const char *child, *type;
	cp_date date;
	meeting_status status;
	int nth;
	uint64_t prev;
	cp_date by, s47;
	const char *reason;
} mt;

#define MT(c, ty, d, st, n, pv, b, s, why) \
	(mt){ .child = (c), .type = (ty), .date = (d), .status = (st), \
	      .nth = (n), .prev = (pv), .by = (b), .s47 = (s), .reason = (why) }

static uint64_t meeting(mt in)
{
	put p = { .what = 0 };
	cp_meeting_init(&p.m);
	anchor_date a = { "s47-start", in.s47 };
	p.m.child_id = (char *)in.child;
	p.m.type = (char *)in.type;
	p.m.date = in.date;
	p.m.status = in.status;
	p.m.nth = in.nth;
	p.m.prev_id = in.prev;
	p.m.cadence_by = in.by ? in.by : CP_DATE_NONE;
	p.m.cadence_exception = in.reason && in.by && in.date > in.by;
	p.m.reason = (char *)in.reason;
	if (in.s47) {
		p.m.anchors = &a;
		p.m.nanchors = 1;
	}
	OK(store_write(admin.st, put_fn, &p, &e));
	return p.id;
}

static void task(uint64_t mid, const char *child, const char *step,
                 cp_date due, task_status st, cp_date done_on,
                 const char *note)
{
	put p = { .what = 1 };
	cp_task_init(&p.k);
	p.k.meeting_id = mid;
	p.k.child_id = (char *)child;
	p.k.step_id = (char *)step;
	p.k.title = (char *)step;
	p.k.assignee = (char *)"sw1";
	p.k.due = due;
	p.k.status = st;
	p.k.done_on = done_on;
	p.k.done_at = done_on ? 1800000000 : 0;
	p.k.note = (char *)note;
	OK(store_write(admin.st, put_fn, &p, &e));
}

static void report(uint64_t mid, const char *agency, bool expected,
                   cp_date received)
{
	put p = { .what = 2 };
	cp_report_init(&p.r);
	p.r.meeting_id = mid;
	p.r.agency = (char *)agency;
	p.r.expected = expected;
	p.r.invited = true;
	p.r.received = received ? received : CP_DATE_NONE;
	OK(store_write(admin.st, put_fn, &p, &e));
}

static void conferences(void)
{
	/* strategy 10 March + 15 working days, Good Friday and Easter
	 * Monday skipped: Friday 2 April (31 March without them) */
	uint64_t s1 = meeting(MT("C1", "strategy", D(2027, 3, 10), MEETING_HELD, 0, 0, 0, 0, NULL));
	uint64_t s2 = meeting(MT("C2", "strategy", D(2027, 3, 10), MEETING_HELD, 0, 0, 0, 0, NULL));
	/* on its last lawful day: on time; s47 8 March + 15 WD = 31 March,
	 * so 2 working days late by the census */
	uint64_t a1 = meeting(MT("C1", "icpc", D(2027, 4, 2), MEETING_HELD, 1, s1, 0, D(2027, 3, 8), NULL));
	/* the day after (Monday 5 April): 1 working day late both ways */
	meeting(MT("C2", "icpc", D(2027, 4, 5), MEETING_HELD, 1, s2, D(2027, 4, 2), D(2027, 3, 10), "Chair ill"));
	/* no strategy discussion: left out; s47 15 March + 15 = 7 April */
	meeting(MT("C3", "icpc", D(2027, 4, 7), MEETING_HELD, 1, 0, 0, D(2027, 3, 15), NULL));
	/* agency reports of a1, due 25 March */
	task(a1, "C1", "agency-reports", D(2027, 3, 25), TASK_DONE,
	     D(2027, 3, 25), "");
	report(a1, "Police", true, D(2027, 3, 25));   /* on the day */
	report(a1, "School", true, D(2027, 3, 30));   /* 1 WD late (Easter) */
	report(a1, "GP", true, 0);                    /* never: 4 WD to 2 Apr */
	report(a1, "Parents", false, 0);              /* no report asked */
	/* first RCPCs: on the day; a day late with the reason */
	meeting(MT("C1", "rcpc", D(2027, 3, 15), MEETING_HELD, 1, a1, D(2027, 3, 15), 0, NULL));
	meeting(MT("C2", "rcpc", D(2027, 3, 16), MEETING_HELD, 1, a1, D(2027, 3, 15), 0, "Family unwell"));
	/* later: Tuesday 4 May after Friday 30 April is 1 WD (3 May a
	 * bank holiday); one on time; one not yet held */
	meeting(MT("C3", "rcpc", D(2027, 5, 4), MEETING_HELD, 2, a1, D(2027, 4, 30), 0, NULL));
	meeting(MT("C4", "rcpc", D(2027, 5, 10), MEETING_HELD, 3, a1, D(2027, 5, 20), 0, NULL));
	meeting(MT("C1", "rcpc", D(2027, 5, 25), MEETING_SCHEDULED, 2, a1, D(2027, 6, 1), 0, NULL));
	/* cancelled, with why; and one outside the period */
	uint64_t x = meeting(MT("C2", "rcpc", D(2027, 4, 20), MEETING_CANCELLED, 2, 0, 0, 0, "Family moved to Leeds"));
	(void)x;
	meeting(MT("C2", "rcpc", D(2027, 2, 20), MEETING_CANCELLED, 2, 0, 0, 0, "Outside"));
}

static void cla_reviews(void)
{
	const char *m = "minutes-on-mosaic";
	uint64_t l1 = meeting(MT("C5", "cla-review", D(2027, 3, 22), MEETING_HELD, 1, 0, D(2027, 3, 22), 0, NULL));
	uint64_t l2 = meeting(MT("C5", "cla-review", D(2027, 5, 24), MEETING_HELD, 2, l1, D(2027, 5, 21), 0, NULL));
	uint64_t l3 = meeting(MT("C6", "cla-review", D(2027, 4, 12), MEETING_HELD, 3, 0, D(2027, 4, 30), 0, NULL));
	uint64_t l4 = meeting(MT("C6", "cla-review", D(2027, 5, 12), MEETING_HELD, 4, 0, 0, 0, NULL));
	uint64_t l6 = meeting(MT("C6", "cla-review", D(2027, 5, 26), MEETING_HELD, 5, l4, D(2027, 6, 1), 0, NULL));
	task(l1, "C5", m, D(2027, 3, 22), TASK_DONE, D(2027, 3, 22), "");
	task(l1, "C5", "gather-views", D(2027, 3, 19), TASK_MISSED, 0, "");
	task(l2, "C5", m, D(2027, 5, 24), TASK_DONE, D(2027, 5, 25),
	     "Typed up the next day");
	task(l3, "C6", m, D(2027, 4, 12), TASK_DONE, D(2027, 4, 12), "");
	/* still open: late to 30 June, 34 WD (31 May a bank holiday) */
	task(l4, "C6", m, D(2027, 5, 12), TASK_OPEN, 0, "");
	task(l6, "C6", m, D(2027, 5, 26), TASK_NOT_NEEDED, 0, "Held by letter");
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/cpdesk-timeliness-XXXXXX");
	assert_non_null(mkdtemp(dir));
	strcat(dir, "/db");
	OK(casework_init(dir, "policies/generic.yaml", "admin", NULL, &e));
	OK(casework_open(&admin, dir, "data/bank-holidays.json", "admin", &e));
	add_worker("sm1", ROLE_BIT(ROLE_SERVICE_MANAGER), "North", NULL);
	add_worker("tm1", ROLE_BIT(ROLE_TEAM_MANAGER), "North", "sm1");
	add_worker("tm2", ROLE_BIT(ROLE_TEAM_MANAGER), "South", "sm1");
	add_worker("sw1", ROLE_BIT(ROLE_SOCIAL_WORKER), "North", "tm1");
	add_worker("sw2", ROLE_BIT(ROLE_SOCIAL_WORKER), "South", "tm2");
	for (int i = 1; i <= 6; i++) {
		char id[16];
		snprintf(id, sizeof id, "C%d", i);
		add_child(id, i <= 4 ? "sw1" : "sw2");
	}
	conferences();
	cla_reviews();
	casework_close(&admin);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	*strrchr(dir, '/') = '\0';
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) != 0 ? -1 : 0;
}

static void open_as(casework *cw, const char *login)
{
	session_opts o = { .db = dir, .unix_login = login,
	                   .holidays = "data/bank-holidays.json" };
	OK(session_open(cw, &o, &e));
}

static void build_as(const char *login, const char *team, timeliness *t)
{
	casework cw;
	open_as(&cw, login);
	OK(timeliness_build(&cw, D(2027, 3, 1), D(2027, 5, 31), D(2027, 6, 30),
	                    team, "test", t, &e));
	casework_close(&cw);
}

static void tally_is(const tm_tally *t, unsigned due, unsigned on,
                     int tenths, unsigned pending, unsigned left_out)
{
	assert_int_equal(t->due, due);
	assert_int_equal(t->on_time, on);
	assert_int_equal(tm_percent_tenths(t), tenths);
	assert_int_equal(t->pending, pending);
	assert_int_equal(t->left_out, left_out);
}

/* The late row of measure m for meeting-date d and what (agency). */
static const tm_late *late_of(const timeliness *t, tm_measure m, cp_date d,
                              const char *what)
{
	for (size_t i = 0; i < t->nlate; i++)
		if (t->late[i].measure == m && t->late[i].meeting_date == d &&
		    !strcmp(t->late[i].what, what))
			return &t->late[i];
	fail_msg("no late row for %s", tm_measure_id(m));
	return NULL;
}

/* ---- tests ------------------------------------------------------------- */
static void test_every_measure_counts_exactly(void **state)
{
	(void)state;
	timeliness t;
	build_as("admin", NULL, &t);
	assert_int_equal(t.nmonths, 3);
	/* strategy: A1 on its last day, A2 a day late, A3 no strategy */
	tally_is(&t.total[TM_ICPC_STRATEGY], 2, 1, 500, 0, 1);
	/* s47: A1 2 WD late, A2 1 WD late, A3 on its day */
	tally_is(&t.total[TM_ICPC_S47], 3, 1, 333, 0, 0);
	tally_is(&t.total[TM_RCPC_FIRST], 2, 1, 500, 0, 0);
	tally_is(&t.total[TM_RCPC_LATER], 2, 1, 500, 1, 0);
	tally_is(&t.total[TM_CLA_FIRST], 1, 1, 1000, 0, 0);
	tally_is(&t.total[TM_CLA_SECOND], 1, 0, 0, 0, 0);
	tally_is(&t.total[TM_CLA_LATER], 2, 2, 1000, 0, 1);
	/* minutes: L1, L3 on time; L2 a day late; L4 still open; L6 not
	 * needed; gather-views is no minutes */
	tally_is(&t.total[TM_MINUTES], 4, 2, 500, 0, 1);
	/* reports: Police on the day; School, GP late; Parents none asked */
	tally_is(&t.total[TM_REPORTS], 3, 1, 333, 0, 0);
	timeliness_free(&t);
}

static void test_lateness_in_working_days_and_reasons(void **state)
{
	(void)state;
	timeliness t;
	build_as("admin", NULL, &t);
	const tm_late *l = late_of(&t, TM_ICPC_STRATEGY, D(2027, 4, 5), "");
	assert_int_equal(l->due, D(2027, 4, 2));    /* Easter skipped */
	assert_int_equal(l->days_late, 1);
	assert_string_equal(l->reason, "Chair ill");
	assert_string_equal(l->child_id, "C2");
	l = late_of(&t, TM_ICPC_S47, D(2027, 4, 2), "");
	assert_int_equal(l->due, D(2027, 3, 31));
	assert_int_equal(l->days_late, 2);
	l = late_of(&t, TM_RCPC_FIRST, D(2027, 3, 16), "");
	assert_int_equal(l->days_late, 1);
	assert_string_equal(l->reason, "Family unwell");
	l = late_of(&t, TM_RCPC_LATER, D(2027, 5, 4), "");
	assert_int_equal(l->days_late, 1);           /* 3 May skipped */
	l = late_of(&t, TM_MINUTES, D(2027, 5, 24), "minutes-on-mosaic");
	assert_int_equal(l->done, D(2027, 5, 25));
	assert_int_equal(l->days_late, 1);
	assert_string_equal(l->reason, "Typed up the next day");
	l = late_of(&t, TM_MINUTES, D(2027, 5, 12), "minutes-on-mosaic");
	assert_int_equal(l->done, CP_DATE_NONE);
	assert_int_equal(l->days_late, 34);
	l = late_of(&t, TM_REPORTS, D(2027, 4, 2), "School");
	assert_int_equal(l->days_late, 1);
	l = late_of(&t, TM_REPORTS, D(2027, 4, 2), "GP");
	assert_int_equal(l->days_late, 4);
	assert_string_equal(l->reason, "not received");
	/* strategy 1, s47 2, RCPCs 1 + 1, second CLA 1, minutes 2,
	 * reports 2 */
	assert_int_equal(t.nlate, 10);
	timeliness_free(&t);
}

static void test_by_month_agency_and_cancellations(void **state)
{
	(void)state;
	timeliness t;
	build_as("admin", NULL, &t);
	assert_int_equal(t.month[1], D(2027, 4, 1));
	tally_is(&t.by_month[0][TM_MINUTES], 1, 1, 1000, 0, 0);   /* March */
	tally_is(&t.by_month[1][TM_MINUTES], 1, 1, 1000, 0, 0);   /* April */
	tally_is(&t.by_month[2][TM_MINUTES], 2, 0, 0, 0, 1);      /* May */
	tally_is(&t.by_month[1][TM_ICPC_S47], 3, 1, 333, 0, 0);
	tally_is(&t.by_month[0][TM_ICPC_S47], 0, 0, -1, 0, 0);
	assert_int_equal(t.nagencies, 3);
	assert_string_equal(t.agencies[0].agency, "GP");
	tally_is(&t.agencies[1].t, 1, 1, 1000, 0, 0);             /* Police */
	assert_int_equal(t.ncancels, 1);
	assert_string_equal(t.cancels[0].reason, "Family moved to Leeds");
	/* the trend: minutes 100.0, 100.0 (+0.0), 0.0 (-100.0) */
	char *csv = NULL;
	OK(timeliness_render(&t, LIST_FMT_CSV, &csv, NULL, &e));
	assert_non_null(strstr(csv, "month,minutes,2027-04,1,1,100.0,+0.0,0,0"));
	assert_non_null(strstr(csv, "month,minutes,2027-05,2,0,0.0,-100.0,0,1"));
	assert_non_null(strstr(csv, "total,reports,,3,1,33.3,,0,0"));
	free(csv);
	timeliness_free(&t);
}

static void test_a_team_manager_sees_their_team(void **state)
{
	(void)state;
	timeliness t;
	build_as("tm1", NULL, &t);
	/* North: C1-C4; the CLA reviews are South's */
	tally_is(&t.total[TM_ICPC_S47], 3, 1, 333, 0, 0);
	tally_is(&t.total[TM_CLA_FIRST], 0, 0, -1, 0, 0);
	tally_is(&t.total[TM_MINUTES], 0, 0, -1, 0, 0);
	timeliness_free(&t);
	build_as("sm1", "South", &t);
	tally_is(&t.total[TM_ICPC_S47], 0, 0, -1, 0, 0);
	tally_is(&t.total[TM_CLA_LATER], 2, 2, 1000, 0, 1);
	timeliness_free(&t);
	casework cw;
	open_as(&cw, "tm1");
	cp_error err;
	assert_int_equal(timeliness_build(&cw, D(2027, 3, 1), D(2027, 5, 31),
	                                  D(2027, 6, 30), "South", "test", &t,
	                                  &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "team 'South' is not yours"));
	assert_int_equal(timeliness_build(&cw, D(2027, 3, 1), D(2027, 5, 31),
	                                  D(2027, 6, 30), "Nowhere", "test", &t,
	                                  &err), CP_BADINPUT);
	assert_int_equal(timeliness_build(&cw, D(2027, 5, 1), D(2027, 3, 31),
	                                  D(2027, 6, 30), NULL, "test", &t,
	                                  &err), CP_BADINPUT);
	casework_close(&cw);
	open_as(&cw, "sw1");
	assert_int_equal(timeliness_build(&cw, D(2027, 3, 1), D(2027, 5, 31),
	                                  D(2027, 6, 30), NULL, "test", &t,
	                                  &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "reading the timeliness figures needs "
	                               "the role team-manager"));
	casework_close(&cw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_measure_counts_exactly),
		cmocka_unit_test(test_lateness_in_working_days_and_reasons),
		cmocka_unit_test(test_by_month_agency_and_cancellations),
		cmocka_unit_test(test_a_team_manager_sees_their_team),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

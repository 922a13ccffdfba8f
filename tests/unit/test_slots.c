/* test_slots.c - meeting slots (slots.h) on a constructed diary: a
 * child's first CLA review, due within 20 working days of coming into
 * care, in a window with a bank holiday, the IRO booked on two days, the
 * social worker on a third and the minute taker on a fourth; exactly the
 * free dates, the margin and latest dates marked, the time of day,
 * cancelled meetings, the refusals, and the read on the record.
 *
 * The policy extends generic.yaml with one start time a day (10:00),
 * meetings of 90 minutes, one a chair a day and a margin of 2 working
 * days, so that a free day is a free date.  Dates by hand from
 * data/bank-holidays.json: the summer bank holiday is Mon 2027-08-30. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "casework.h"
#include "query.h"
#include "session.h"
#include "slots.h"

static char top[200], dir[256], polpath[300];
static casework admin;      /* the trusted in-process caller: no permit */
static uint64_t cancelled;

static cp_date D(int y, int m, int d)
{
	cp_date out;
	date_from_ymd(y, m, d, &out);
	return out;
}

#define OK(x) do { cp_error e_; cp_status s_ = (x); \
	if (s_ != CP_OK) fail_msg("%s: %s", #x, e_.msg); } while (0)
#define e e_

static void add_worker(const char *login, role_set roles, const char *mgr)
{
	cp_worker w = { (char *)login, (char *)login, roles, "North",
	                (char *)mgr, false, "" };
	OK(casework_worker_add(&admin, &w, &e));
}

static void add_child(const char *id, const char *sw, cp_date care)
{
	cp_child c;
	cp_child_init(&c);
	c.id = (char *)id;
	c.name = (char *)id;
	c.social_worker = (char *)sw;
	OK(casework_child_add(&admin, &c, &e));
	if (care == CP_DATE_NONE)
		return;
	char warn[CW_WARN_MAX];
	cw_episode_change ch = { .child_id = id, .kind = EPISODE_LAC,
	                         .start = true, .date = care };
	OK(casework_episode(&admin, &ch, warn, &e));
}

static uint64_t add_meeting(const char *child, const char *type, cp_date d,
                            int minutes, const char *chair, const char *mt)
{
	char warn[CW_WARN_MAX];
	cw_meeting_new in = { .child_id = child, .type = type, .date = d,
	                      .minutes = minutes, .chair = chair,
	                      .minute_taker = mt, .how = HOW_TEAMS };
	uint64_t id = 0;
	OK(casework_meeting_add(&admin, &in, &id, warn, &e));
	return id;
}

static int setup(void **state)
{
	(void)state;
	if (!getcwd(top, sizeof top))
		return -1;
	snprintf(dir, sizeof dir, "/tmp/cpdesk-slots-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(polpath, sizeof polpath, "%s/diary.yaml", dir);
	FILE *f = fopen(polpath, "w");
	assert_non_null(f);
	fprintf(f, "policy: diary\ntitle: \"One time a day\"\n"
	        "extends: %s/policies/generic.yaml\n"
	        "diary:\n  times: [\"10:00\"]\n  length: 90 minutes\n"
	        "  per-chair-per-day: 1\n  margin: 2 working days\n", top);
	fclose(f);
	strcat(dir, "/db");
	OK(casework_init(dir, polpath, "admin", NULL, &e));
	OK(casework_open(&admin, dir, "data/bank-holidays.json", "admin", &e));
	admin.now = (int64_t)D(2027, 8, 20) * 86400 + 12 * 3600;
	add_worker("sm1", ROLE_BIT(ROLE_SERVICE_MANAGER), NULL);
	add_worker("sg1", ROLE_BIT(ROLE_SAFEGUARDING_MANAGER), NULL);
	add_worker("tm1", ROLE_BIT(ROLE_TEAM_MANAGER), "sm1");
	add_worker("sw1", ROLE_BIT(ROLE_SOCIAL_WORKER), "tm1");
	add_worker("sw2", ROLE_BIT(ROLE_SOCIAL_WORKER), "tm1");
	add_worker("sw3", ROLE_BIT(ROLE_SOCIAL_WORKER), "tm1");
	add_worker("iro1", ROLE_BIT(ROLE_IRO), "sm1");
	add_worker("chair1", ROLE_BIT(ROLE_CP_CHAIR), "sm1");
	add_worker("mt1", ROLE_BIT(ROLE_MINUTE_TAKER), NULL);
	add_worker("mt2", ROLE_BIT(ROLE_MINUTE_TAKER), NULL);
	/* C1 in care from Tue 17 August: first review by Wed 15 September
	 * (18-20 Aug, 23-27, 31, 1-3 Sep, 6-10, 13-15: 20 working days, the
	 * 30th a bank holiday); 2 working days before: Mon 13 September */
	add_child("C1", "sw1", D(2027, 8, 17));
	add_child("C2", "sw1", CP_DATE_NONE);
	add_child("C3", "sw2", D(2027, 8, 17));
	add_child("C4", "sw2", D(2027, 8, 17));
	add_child("C5", "sw2", D(2027, 8, 17));
	add_child("C6", "sw3", CP_DATE_NONE);
	/* the IRO on Wed 25 August and Tue 7 September (one a day: full) */
	add_meeting("C3", "cla-review", D(2027, 8, 25), 14 * 60, "iro1", "mt2");
	add_meeting("C4", "cla-review", D(2027, 9, 7), -1, "iro1", "mt2");
	/* the social worker: C2's conference on Thu 2 September at 10:30 */
	add_meeting("C2", "icpc", D(2027, 9, 2), 10 * 60 + 30, "chair1", "mt2");
	/* the minute taker mt1: 11:00 on Thu 9 September (overlaps 10:00) */
	add_meeting("C6", "icpc", D(2027, 9, 9), 11 * 60, "chair1", "mt1");
	/* the IRO on Fri 10 September, cancelled: takes no time */
	cancelled = add_meeting("C5", "cla-review", D(2027, 9, 10), 10 * 60,
	                        "iro1", "mt1");
	const char *approver = "sg1";   /* generic.yaml's (001) */
	OK(casework_meeting_cancel_agreed(&admin, cancelled, "booked twice", &approver,
	                           1, &e));
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

static slots_query query(const char *chair, const char *mt)
{
	return (slots_query){ .child = "C1", .type = "cla-review",
	                      .chair = chair, .minute_taker = mt,
	                      .today = D(2027, 8, 23), .from = CP_DATE_NONE,
	                      .to = CP_DATE_NONE, .now = -1,
	                      .where = "test: slots" };
}

/* The free dates as "MM-DD ..." (one time a day in this policy). */
static void assert_dates(const slots_result *r, const char *want)
{
	char got[400] = "";
	for (size_t i = 0; i < r->n; i++) {
		int y, m, d;
		date_to_ymd(r->v[i].date, &y, &m, &d);
		size_t used = strlen(got);
		snprintf(got + used, sizeof got - used, "%s%02d-%02d", i ? " " : "",
		         m, d);
		assert_int_equal(r->v[i].minutes, 600);
	}
	assert_string_equal(got, want);
}

static void test_the_free_dates(void **state)
{
	(void)state;
	casework cw;
	slots_result r;
	open_as(&cw, "sw1");
	slots_query q = query("iro1", NULL);
	OK(slots_find(&cw, &q, &r, &e));
	assert_int_equal(r.from, D(2027, 8, 23));
	assert_int_equal(r.to, D(2027, 9, 15));
	assert_int_equal(r.latest, D(2027, 9, 15));
	assert_int_equal(r.book_by, D(2027, 9, 13));
	assert_string_equal(r.social_worker, "sw1");
	/* not the weekends, not Mon 30 Aug (bank holiday), not 25 Aug and
	 * 7 Sep (the IRO's), not 2 Sep (the social worker's); 10 Sep's
	 * meeting was cancelled */
	assert_dates(&r, "08-23 08-24 08-26 08-27 08-31 09-01 09-03 09-06 "
	                 "09-08 09-09 09-10 09-13 09-14 09-15");
	assert_int_equal(r.closed_days, 7);      /* 3 weekends, 30 Aug */
	assert_int_equal(r.chair_full_days, 2);
	assert_int_equal(r.busy_times, 1);
	slots_result_free(&r);
	/* the minute taker's 11:00 on 9 September overlaps 10:00 */
	q = query("iro1", "mt1");
	OK(slots_find(&cw, &q, &r, &e));
	assert_dates(&r, "08-23 08-24 08-26 08-27 08-31 09-01 09-03 09-06 "
	                 "09-08 09-10 09-13 09-14 09-15");
	slots_result_free(&r);
	/* with nobody given, only the social worker's day goes */
	q = query(NULL, "");
	OK(slots_find(&cw, &q, &r, &e));
	assert_dates(&r, "08-23 08-24 08-25 08-26 08-27 08-31 09-01 09-03 "
	                 "09-06 09-07 09-08 09-09 09-10 09-13 09-14 09-15");
	slots_result_free(&r);
	session_close(&cw);
}

static void test_the_marks(void **state)
{
	(void)state;
	casework cw;
	slots_result r;
	open_as(&cw, "sw1");
	slots_query q = query("iro1", NULL);
	q.to = D(2027, 9, 17);    /* two days past the latest */
	OK(slots_find(&cw, &q, &r, &e));
	assert_int_equal(slots_mark(&r, D(2027, 9, 10)), SLOT_IN_TIME);
	assert_int_equal(slots_mark(&r, D(2027, 9, 13)), SLOT_BOOK_BY);
	assert_int_equal(slots_mark(&r, D(2027, 9, 14)), SLOT_IN_MARGIN);
	assert_int_equal(slots_mark(&r, D(2027, 9, 15)), SLOT_LATEST);
	assert_int_equal(slots_mark(&r, D(2027, 9, 16)), SLOT_LATE);
	assert_string_equal(slot_mark_name(SLOT_BOOK_BY), "book-by");
	assert_string_equal(slot_mark_name(SLOT_IN_MARGIN), "in-margin");
	assert_string_equal(slot_mark_name(SLOT_LATEST), "latest");
	assert_string_equal(slot_mark_name(SLOT_LATE), "late");
	assert_string_equal(slot_mark_name(SLOT_IN_TIME), "");
	assert_int_equal(r.v[r.n - 1].date, D(2027, 9, 17));
	assert_int_equal(r.v[r.n - 2].date, D(2027, 9, 16));
	slots_result_free(&r);
	/* from a later first day: the window starts there */
	q = query("iro1", NULL);
	q.from = D(2027, 9, 14);
	OK(slots_find(&cw, &q, &r, &e));
	assert_dates(&r, "09-14 09-15");
	slots_result_free(&r);
	/* today at 10:00: today's 10:00 has begun; at 09:59 it has not */
	q = query("iro1", NULL);
	q.now = 600;
	OK(slots_find(&cw, &q, &r, &e));
	assert_int_equal(r.v[0].date, D(2027, 8, 24));
	slots_result_free(&r);
	q.now = 599;
	OK(slots_find(&cw, &q, &r, &e));
	assert_int_equal(r.v[0].date, D(2027, 8, 23));
	slots_result_free(&r);
	session_close(&cw);
}

static void test_refusals(void **state)
{
	(void)state;
	casework cw;
	slots_result r;
	cp_error err;
	open_as(&cw, "sw1");
	/* past the latest date, with no last day: every date is late */
	slots_query q = query("iro1", NULL);
	q.today = D(2027, 9, 16);
	assert_int_equal(slots_find(&cw, &q, &r, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "child C1's cla-review was due by "
	                                "2027-09-15, before 2027-09-16"));
	assert_int_equal(r.n, 0);
	slots_result_free(&r);
	/* a first day before today */
	q = query(NULL, NULL);
	q.from = D(2027, 8, 20);
	assert_int_equal(slots_find(&cw, &q, &r, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "2027-08-20 is before today (2027-08-23)"));
	slots_result_free(&r);
	/* the chair must hold the type's chair role; the minute taker theirs */
	q = query("chair1", NULL);
	assert_int_equal(slots_find(&cw, &q, &r, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "chair 'chair1' does not hold the role iro"));
	slots_result_free(&r);
	q = query(NULL, "sw2");
	assert_int_equal(slots_find(&cw, &q, &r, &err), CP_REFUSED);
	slots_result_free(&r);
	/* no cadence rule to an ICPC here: a last day is needed */
	q = query(NULL, NULL);
	q.child = "C2";
	q.type = "icpc";
	assert_int_equal(slots_find(&cw, &q, &r, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "no cadence rule gives a latest date"));
	slots_result_free(&r);
	q.to = D(2027, 8, 24);
	OK(slots_find(&cw, &q, &r, &e));
	assert_int_equal(r.latest, CP_DATE_NONE);
	assert_int_equal(slots_mark(&r, D(2027, 8, 24)), SLOT_NO_CADENCE);
	assert_dates(&r, "08-23 08-24");
	slots_result_free(&r);
	/* a year at most; the bank holidays' years only */
	q = query(NULL, NULL);
	q.to = D(2028, 8, 24);
	assert_int_equal(slots_find(&cw, &q, &r, &err), CP_BADINPUT);
	slots_result_free(&r);
	q.today = q.from = D(2030, 12, 1);
	q.to = D(2031, 1, 15);
	assert_int_equal(slots_find(&cw, &q, &r, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "outside the years the bank holidays cover"));
	slots_result_free(&r);
	session_close(&cw);
	/* a child the actor does not see: as one not there */
	open_as(&cw, "sw3");
	q = query(NULL, NULL);
	assert_int_equal(slots_find(&cw, &q, &r, &err), CP_BADINPUT);
	assert_string_equal(err.msg, "no child 'C1' in this store");
	slots_result_free(&r);
	q.child = "C99";
	assert_int_equal(slots_find(&cw, &q, &r, &err), CP_BADINPUT);
	assert_string_equal(err.msg, "no child 'C99' in this store");
	slots_result_free(&r);
	session_close(&cw);
}

typedef struct count {
	const char *how, *who;
	int n;
} count;

static bool count_entry(void *ctx, const cp_audit *a)
{
	count *c = ctx;
	if (!strcmp(a->action, "child.view") && strstr(a->after, c->how) &&
	    !strcmp(a->login, c->who))
		c->n++;
	return true;
}

/* The list names no child, but it comes from the child's record. */
static void test_the_read_is_recorded(void **state)
{
	(void)state;
	casework cw;
	slots_result r;
	open_as(&cw, "sw1");
	slots_query q = query("iro1", NULL);
	q.where = "test: recorded";
	OK(slots_find(&cw, &q, &r, &e));
	slots_result_free(&r);
	session_close(&cw);
	count c = { "how=\"test: recorded\"", "sw1", 0 };
	query_audit_filter f = { .child_id = "C1" };
	OK(casework_open(&admin, dir, "data/bank-holidays.json", "admin", &e));
	OK(query_audit_each(&admin, &f, count_entry, &c, &e));
	casework_close(&admin);
	assert_int_equal(c.n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_free_dates),
		cmocka_unit_test(test_the_marks),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_the_read_is_recorded),
	};
	return cmocka_run_group_tests_name("slots", tests, setup, teardown);
}

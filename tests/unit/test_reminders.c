/* test_reminders.c - a reminder's span in the queues under
 * policies/swindon.yaml (Swindon's procedure, points 12 and 13): the CLA
 * review invite list's reminder 5 weeks before goes to the social worker
 * and team manager, the one 20 days before to the team and service
 * managers.  Each is in those queues from its date (not the day before),
 * still there the days after (today's, not overdue), and gone from the
 * day the step is done or closed otherwise.  A reminder date on a bank
 * holiday moves as the step's if-closed rule says (earlier), in the
 * queue and in the timeline's marks alike. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "casework.h"
#include "query.h"
#include "schedule_marks.h"
#include "session.h"

static char dir[256];
static casework admin;      /* the trusted in-process caller: no permit */

static cp_date D(int y, int m, int d)
{
	cp_date out;
	date_from_ymd(y, m, d, &out);
	return out;
}

#define OK(x) do { cp_error e_; cp_status s_ = (x); \
	if (s_ != CP_OK) fail_msg("%s: %s", #x, e_.msg); } while (0)
#define e e_

#define FIVE_WEEKS "URGENT CLA/CP: SQA asks for the invite list for the CLA review"
#define TWENTY_DAYS "URGENT CLA/CP: reminder from the QA & Review TM - the CLA review invite list is still needed"

static void add_worker(const char *login, role_set roles, const char *mgr)
{
	cp_worker w = { (char *)login, (char *)login, roles, "North",
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
	OK(child_open_since(&c, CP_DATE_NONE, CP_DATE_NONE, D(2024, 10, 1), &e));
	OK(casework_child_add(&admin, &c, &e));
	child_episodes_free(&c);
}

static void add_review(const char *child, cp_date d)
{
	char warn[CW_WARN_MAX];
	anchor_date care = { "care-start", 0 };
	care.date = D(2024, 10, 1);
	cw_meeting_new in = { .child_id = child, .type = "cla-review", .date = d,
	                      .minutes = 840, .chair = "iro1",
	                      .minute_taker = "mt1", .how = HOW_IN_PERSON,
	                      .anchors = &care, .nanchors = 1,
	                      .reason = "Carer's leave, agreed" };
	uint64_t id = 0;
	OK(casework_meeting_add(&admin, &in, &id, warn, &e));
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/cpdesk-remind-XXXXXX");
	assert_non_null(mkdtemp(dir));
	strcat(dir, "/db");
	OK(casework_init(dir, "policies/swindon.yaml", "admin", NULL, &e));
	OK(casework_open(&admin, dir, "data/bank-holidays.json", "admin", &e));
	admin.now = 1735689600;   /* 2025-01-01 */
	add_worker("sm1", ROLE_BIT(ROLE_SERVICE_MANAGER), NULL);
	add_worker("tm1", ROLE_BIT(ROLE_TEAM_MANAGER), "sm1");
	add_worker("sw1", ROLE_BIT(ROLE_SOCIAL_WORKER), "tm1");
	add_worker("iro1", ROLE_BIT(ROLE_IRO), NULL);
	add_worker("mt1", ROLE_BIT(ROLE_MINUTE_TAKER), NULL);
	/* C1, C3: reviews on Wed 2025-04-16: reminders on Wed 03-12 and
	 * Thu 03-27, the invite list due Mon 03-31.  C2: on Thu 2027-04-15,
	 * 20 days before is Good Friday, 2027-03-26. */
	add_child("C1", "sw1");
	add_child("C2", "sw1");
	add_child("C3", "sw1");
	add_review("C1", D(2025, 4, 16));
	add_review("C2", D(2027, 4, 15));
	add_review("C3", D(2025, 4, 16));
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

/* The reminders in login's queue on `today` for `child`: how many, and
 * each one's date (the day it started), title and group. */
typedef struct seen {
	size_t n;
	cp_date date[4];
	char title[4][200];
	int group[4];
	uint64_t task[4];
} seen;

static seen reminders(const char *login, cp_date today, const char *child)
{
	casework cw;
	session_opts o = { .db = dir, .unix_login = login,
	                   .holidays = "data/bank-holidays.json" };
	query_queue q;
	seen s = { 0 };
	OK(session_open(&cw, &o, &e));
	OK(query_queue_get(&cw, login, today, 100, "test", &q, &e));
	for (size_t i = 0; i < q.tasks.n; i++) {
		const query_task *r = &q.tasks.v[i];
		if (r->task.kind != TASK_REMINDER || strcmp(r->task.child_id, child))
			continue;
		assert_true(s.n < 4);
		s.date[s.n] = r->task.due;
		snprintf(s.title[s.n], sizeof s.title[0], "%s", r->task.title);
		s.group[s.n] = r->group;
		s.task[s.n++] = r->task.id;
	}
	query_queue_free(&q);
	session_close(&cw);
	return s;
}

static void test_five_weeks_from_its_day_on(void **state)
{
	(void)state;
	cp_date start = D(2025, 3, 12);
	const char *to[] = { "sw1", "tm1" };
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(reminders(to[i], start - 1, "C1").n, 0);
		/* the first day, a day after, and the day before the next */
		const cp_date days[] = { start, start + 1, D(2025, 3, 26) };
		for (size_t d = 0; d < 3; d++) {
			seen s = reminders(to[i], days[d], "C1");
			assert_int_equal(s.n, 1);
			assert_int_equal(s.date[0], start);   /* the day it started */
			assert_string_equal(s.title[0], FIVE_WEEKS);
			/* today's to act on, not overdue, however long ago */
			assert_int_equal(s.group[0], QUERY_GROUP_TODAY);
		}
	}
	assert_int_equal(reminders("sm1", start, "C1").n, 0);
}

static void test_twenty_days_to_the_managers(void **state)
{
	(void)state;
	cp_date day = D(2025, 3, 27);
	seen tm = reminders("tm1", day, "C1");
	assert_int_equal(tm.n, 2);      /* both, the earlier first */
	assert_int_equal(tm.date[0], D(2025, 3, 12));
	assert_int_equal(tm.date[1], day);
	assert_string_equal(tm.title[1], TWENTY_DAYS);
	seen sm = reminders("sm1", day + 2, "C1");
	assert_int_equal(sm.n, 1);
	assert_int_equal(sm.date[0], day);
	seen sw = reminders("sw1", day, "C1");
	assert_int_equal(sw.n, 1);      /* not the managers' one */
	assert_int_equal(sw.date[0], D(2025, 3, 12));
	assert_int_equal(reminders("sm1", day - 1, "C1").n, 0);
}

/* Good Friday 2027-03-26: the invite list moves earlier off a closed day
 * (swindon.yaml), and so does its reminder: Thu 03-25. */
static void test_bank_holiday_moves_it(void **state)
{
	(void)state;
	assert_int_equal(reminders("sm1", D(2027, 3, 24), "C2").n, 0);
	seen s = reminders("sm1", D(2027, 3, 25), "C2");
	assert_int_equal(s.n, 1);
	assert_int_equal(s.date[0], D(2027, 3, 25));
	s = reminders("sm1", D(2027, 3, 29), "C2");   /* Easter Monday */
	assert_int_equal(s.n, 1);
	assert_int_equal(s.date[0], D(2027, 3, 25));

	/* the timeline's marks agree */
	OK(casework_open(&admin, dir, "data/bank-holidays.json", "admin", &e));
	timeline_entry *t;
	timeline_mark *k;
	size_t n, nk;
	anchor_date care = { "care-start", 0 };
	care.date = D(2024, 10, 1);
	OK(schedule_timeline(admin.pol, admin.cal, "cla-review", D(2027, 4, 15),
	                     840, &care, 1, &t, &n, &e));
	OK(schedule_marks(policy_meeting_find(admin.pol, "cla-review"),
	                  admin.cal, D(2027, 4, 15), 840, &care, 1, t, n, &k, &nk,
	                  &e));
	assert_int_equal(nk, 3);
	assert_false(k[0].escalation);
	assert_int_equal(k[0].date, D(2027, 3, 11));
	assert_int_equal(k[1].date, D(2027, 3, 25));
	assert_int_equal(schedule_mark_roles(&k[1]),
	                 ROLE_BIT(ROLE_TEAM_MANAGER) |
	                 ROLE_BIT(ROLE_SERVICE_MANAGER));
	char buf[300];
	assert_string_equal(schedule_mark_title(&k[1], buf, sizeof buf),
	                    TWENTY_DAYS);
	/* the invite list due Tue 03-30, escalated a working day later */
	assert_true(k[2].escalation);
	assert_int_equal(k[2].step_due, D(2027, 3, 30));
	assert_int_equal(k[2].date, D(2027, 3, 31));
	assert_string_equal(schedule_mark_title(&k[2], buf, sizeof buf),
	                    "Escalation: Send the CLA review invite list via CD "
	                    "(it triggers the consultation documents)");
	free(t);
	free(k);
	casework_close(&admin);
}

static void close_step(uint64_t task, task_status as, const char *note)
{
	OK(casework_open(&admin, dir, "data/bank-holidays.json", "admin", &e));
	admin.now = 1742428800;   /* 2025-03-20 */
	cw_close c = { .task_id = task, .as = as, .on = CP_DATE_NONE,
	               .note = note, .by = "sw1" };
	OK(casework_task_close(&admin, &c, &e));
	casework_close(&admin);
}

/* Done on 03-20: gone that day, and the 20-day one never comes.  C3's
 * step marked not needed: the same. */
static void test_gone_once_the_step_is_closed(void **state)
{
	(void)state;
	cp_date done_day = D(2025, 3, 20);
	seen before = reminders("sw1", done_day, "C1");
	assert_int_equal(before.n, 1);
	close_step(before.task[0], TASK_DONE, NULL);
	assert_int_equal(reminders("sw1", done_day, "C1").n, 0);
	assert_int_equal(reminders("tm1", done_day, "C1").n, 0);
	assert_int_equal(reminders("tm1", D(2025, 3, 27), "C1").n, 0);
	assert_int_equal(reminders("sm1", D(2025, 3, 27), "C1").n, 0);

	seen c3 = reminders("tm1", done_day, "C3");
	assert_int_equal(c3.n, 1);
	close_step(c3.task[0], TASK_NOT_NEEDED, "Review moved to a new team");
	assert_int_equal(reminders("tm1", done_day, "C3").n, 0);
	assert_int_equal(reminders("sm1", D(2025, 3, 27), "C3").n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_five_weeks_from_its_day_on),
		cmocka_unit_test(test_twenty_days_to_the_managers),
		cmocka_unit_test(test_bank_holiday_moves_it),
		cmocka_unit_test(test_gone_once_the_step_is_closed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

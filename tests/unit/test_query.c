/* test_query.c - the read seam (query.h) over policies/generic.yaml: rows
 * filtered to what the actor sees, strings sanitised, reads that show
 * children recorded once per call (and not again for the same screen in
 * one session), records asked for by id refused when not seen, the
 * console's queue in groups, clashes, the audit trail's right. */
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

static void add_worker(const char *login, role_set roles, const char *mgr)
{
	cp_worker w = { (char *)login, (char *)login, roles, "North",
	                (char *)mgr, false, "" };
	OK(casework_worker_add(&admin, &w, &e));
}

static void add_child(const char *id, const char *name, const char *sw)
{
	cp_child c;
	cp_child_init(&c);
	c.id = (char *)id;
	c.name = (char *)name;
	c.social_worker = (char *)sw;
	OK(casework_child_add(&admin, &c, &e));
}

static uint64_t add_icpc(const char *child, cp_date d)
{
	char warn[CW_WARN_MAX];
	cw_meeting_new in = { .child_id = child, .type = "icpc", .date = d,
	                      .minutes = 600, .chair = "chair1",
	                      .minute_taker = "mt1", .how = HOW_TEAMS };
	uint64_t id = 0;
	OK(casework_meeting_add(&admin, &in, &id, warn, &e));
	return id;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/cpdesk-query-XXXXXX");
	assert_non_null(mkdtemp(dir));
	strcat(dir, "/db");
	OK(casework_init(dir, "policies/generic.yaml", "admin", NULL, &e));
	OK(casework_open(&admin, dir, "data/bank-holidays.json", "admin", &e));
	admin.now = 1735689600;   /* 2025-01-01 */
	add_worker("sm1", ROLE_BIT(ROLE_SERVICE_MANAGER), NULL);
	add_worker("tm1", ROLE_BIT(ROLE_TEAM_MANAGER), "sm1");
	add_worker("sw1", ROLE_BIT(ROLE_SOCIAL_WORKER), "tm1");
	add_worker("sw2", ROLE_BIT(ROLE_SOCIAL_WORKER), "tm1");
	add_worker("chair1", ROLE_BIT(ROLE_CP_CHAIR), NULL);
	add_worker("mt1", ROLE_BIT(ROLE_MINUTE_TAKER), NULL);
	add_worker("qa1", ROLE_BIT(ROLE_QA_ADMIN), NULL);
	add_child("C1", "Child One", "sw1");
	/* a name that tries to drive the terminal */
	add_child("C2", "Evil\x1b[31mName", "sw2");
	add_icpc("C1", D(2025, 3, 20));
	add_icpc("C2", D(2025, 3, 20));
	/* one handle a store in a process: the sessions open their own */
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
	cw->now = 1735689600;
}

/* How many audit entries name this child with this action and how. */
typedef struct count {
	const char *action, *how;
	int n;
} count;

static bool count_entry(void *ctx, const cp_audit *a)
{
	count *c = ctx;
	char how[96];
	snprintf(how, sizeof how, "how=\"%s\"", c->how);
	if (!strcmp(a->action, c->action) && strstr(a->after, how))
		c->n++;
	return true;
}

/* With no session open (a store opens once in a process). */
static int audit_count(const char *child, const char *action, const char *how)
{
	count c = { action, how, 0 };
	query_audit_filter f = { .child_id = child };
	OK(casework_open(&admin, dir, "data/bank-holidays.json", "admin", &e));
	OK(query_audit_each(&admin, &f, count_entry, &c, &e));
	casework_close(&admin);
	return c.n;
}

/* ---- tests ------------------------------------------------------------- */
static void test_queue_is_the_workers_and_recorded_once(void **state)
{
	(void)state;
	casework cw;
	open_as(&cw, "sw1");
	query_queue q;
	OK(query_queue_get(&cw, "sw1", D(2025, 3, 10), 200, "console: queue",
	                   &q, &e));
	assert_true(q.tasks.n > 0);
	for (size_t i = 0; i < q.tasks.n; i++) {
		assert_string_equal(q.tasks.v[i].task.child_id, "C1");
		assert_string_equal(q.tasks.v[i].child_name, "Child One");
		assert_string_equal(q.tasks.v[i].meeting_type, "icpc");
		assert_int_equal(q.tasks.v[i].meeting_status, MEETING_SCHEDULED);
		assert_true(q.tasks.v[i].task.title[0] != '\0');
		if (i)   /* by group, then due */
			assert_true(q.tasks.v[i - 1].group < q.tasks.v[i].group ||
			            q.tasks.v[i - 1].task.due <= q.tasks.v[i].task.due);
	}
	query_queue_free(&q);
	/* the same screen showing the same child again: not again */
	OK(query_queue_get(&cw, "sw1", D(2025, 3, 10), 200, "console: queue",
	                   &q, &e));
	query_queue_free(&q);
	session_close(&cw);
	assert_int_equal(audit_count("C1", "child.view", "console: queue"), 1);
	/* a new session: recorded again */
	open_as(&cw, "sw1");
	OK(query_queue_get(&cw, "sw1", D(2025, 3, 10), 200, "console: queue",
	                   &q, &e));
	query_queue_free(&q);
	session_close(&cw);
	assert_int_equal(audit_count("C1", "child.view", "console: queue"), 2);
	assert_int_equal(audit_count("C2", "child.view", "console: queue"), 0);
}

/* The console draws first and records straight after (one write). */
static void test_deferred_reads_are_written_at_the_flush(void **state)
{
	(void)state;
	casework cw;
	open_as(&cw, "sw1");
	query_defer_reads(&cw, true);
	query_queue q;
	OK(query_queue_get(&cw, "sw1", D(2025, 3, 10), 200, "console: queue",
	                   &q, &e));
	uint64_t mid = q.tasks.v[0].task.meeting_id;
	query_queue_free(&q);
	query_meeting_record r;
	OK(query_meeting_get(&cw, mid, "console", &r, &e));
	query_meeting_record_free(&r);
	session_close(&cw);      /* never flushed: nothing written */
	assert_int_equal(audit_count("C1", "child.view", "console: queue"), 0);
	open_as(&cw, "sw1");
	query_defer_reads(&cw, true);
	OK(query_queue_get(&cw, "sw1", D(2025, 3, 10), 200, "console: queue",
	                   &q, &e));
	query_queue_free(&q);
	OK(query_meeting_get(&cw, mid, "console", &r, &e));
	query_meeting_record_free(&r);
	OK(query_flush_reads(&cw, &e));
	OK(query_flush_reads(&cw, &e));    /* nothing pending: nothing more */
	session_close(&cw);
	assert_int_equal(audit_count("C1", "child.view", "console: queue"), 1);
	assert_int_equal(audit_count("C1", "child.view", "console"), 1);
}

static void test_task_list_sees_only_own_cases(void **state)
{
	(void)state;
	casework cw;
	open_as(&cw, "sw1");
	query_task_filter f = { .all = true, .from = CP_DATE_NONE,
	                        .to = QUERY_DATE_MAX, .today = D(2025, 3, 10) };
	query_tasks q;
	OK(query_task_list(&cw, &f, "task list", &q, &e));
	assert_true(q.n > 0);
	for (size_t i = 0; i < q.n; i++)
		assert_string_equal(q.v[i].task.child_id, "C1");
	query_tasks_free(&q);
	/* another's queue that is not a worker */
	f.all = false;
	f.assignee = "ghost";
	cp_error err;
	assert_int_equal(query_task_list(&cw, &f, "task list", &q, &err),
	                 CP_BADINPUT);
	assert_non_null(strstr(err.msg, "ghost"));
	session_close(&cw);
	/* ids only: nothing named, nothing recorded */
	assert_int_equal(audit_count("C1", "child.view", "task list"), 0);
}

static void test_strings_are_sanitised(void **state)
{
	(void)state;
	casework cw;
	open_as(&cw, "qa1");
	query_child_filter f = { .search = "evil" };
	query_children q;
	OK(query_child_list(&cw, &f, "child list", &q, &e));
	assert_int_equal(q.n, 1);
	assert_string_equal(q.v[0].child.id, "C2");
	assert_null(strchr(q.v[0].child.name, '\x1b'));
	assert_string_equal(q.v[0].child.name, "Evil?[31mName");
	assert_string_equal(q.v[0].sw_name, "sw2");
	query_children_free(&q);
	session_close(&cw);
	assert_int_equal(audit_count("C2", "child.view", "child list"), 1);
	assert_int_equal(audit_count("C1", "child.view", "child list"), 0);
}

static void test_record_not_seen_is_refused(void **state)
{
	(void)state;
	casework cw;
	open_as(&cw, "sw1");
	query_child_record r;
	cp_error err;
	/* one not seen is answered as one not there (issue 15) */
	assert_int_equal(query_child_get(&cw, "C2", QUERY_CHILD_MEETINGS,
	                                 "child show", &r, &err), CP_BADINPUT);
	assert_string_equal(err.msg, "no child 'C2' in the store");
	assert_int_equal(query_child_get(&cw, "C9", 0, "child show", &r, &err),
	                 CP_BADINPUT);
	assert_string_equal(err.msg, "no child 'C9' in the store");
	assert_int_equal(query_child_get(&cw, "NOPE", 0, "child show", &r, &err),
	                 CP_BADINPUT);
	query_meeting_record mr;
	assert_int_equal(query_meeting_get(&cw, 2, "meeting show", &mr, &err),
	                 CP_BADINPUT);    /* C2's ICPC */
	assert_string_equal(err.msg, "no meeting 2 in the store");
	assert_int_equal(query_meeting_get(&cw, 99, "meeting show", &mr, &err),
	                 CP_BADINPUT);
	assert_string_equal(err.msg, "no meeting 99 in the store");
	OK(query_child_get(&cw, "C1", QUERY_CHILD_MEETINGS | QUERY_CHILD_TASKS |
	                   QUERY_CHILD_CONSULTS | QUERY_CHILD_HISTORY,
	                   "child show", &r, &e));
	assert_string_equal(r.c.child.name, "Child One");
	assert_int_equal(r.meetings.n, 1);
	assert_true(r.meetings.v[0].open_tasks > 0);
	assert_int_equal(r.open_tasks.n, r.meetings.v[0].open_tasks);
	/* the changes are the audit trail's: not for a social worker */
	assert_false(r.history_read);
	assert_int_equal(r.history.n, 0);
	query_child_record_free(&r);
	session_close(&cw);
	open_as(&cw, "tm1");    /* a team manager may read the audit */
	OK(query_child_get(&cw, "C1", QUERY_CHILD_HISTORY, "child show", &r,
	                   &e));
	assert_true(r.history_read);
	assert_true(r.history.n > 0);    /* child.add, meeting.add ... */
	for (size_t i = 0; i < r.history.n; i++)
		assert_string_not_equal(r.history.v[i].action, "child.view");
	query_child_record_free(&r);
	session_close(&cw);
	assert_int_equal(audit_count("C1", "child.view", "child show"), 2);
	assert_int_equal(audit_count("C2", "child.view", "child show"), 0);
}

static void test_meetings_clash_and_record(void **state)
{
	(void)state;
	casework cw;
	open_as(&cw, "chair1");
	query_meeting_filter f = { .from = D(2025, 3, 1), .to = D(2025, 3, 31),
	                           .counts = true };
	query_meetings q;
	OK(query_meeting_list(&cw, &f, "console: meetings", &q, &e));
	assert_int_equal(q.n, 2);    /* the chair sees the meetings they chair */
	assert_string_equal(q.v[0].clash, "chair double-booked");
	assert_string_equal(q.v[1].clash, "chair double-booked");
	assert_string_equal(q.v[0].chair_name, "chair1");
	assert_true(q.v[0].open_tasks > 0);
	uint64_t id = q.v[0].meeting.id;
	query_meetings_free(&q);
	query_meeting_record r;
	OK(query_meeting_get(&cw, id, "meeting show", &r, &e));
	assert_true(r.tasks.n > 0);
	assert_true(r.tasks.v[0].assignee_name[0] != '\0');
	assert_string_equal(r.type_title, "Initial child protection conference");
	query_meeting_record_free(&r);
	session_close(&cw);
	assert_int_equal(audit_count("C1", "child.view", "console: meetings"), 1);
	assert_int_equal(audit_count("C2", "child.view", "console: meetings"), 1);
}

static void test_audit_needs_its_right(void **state)
{
	(void)state;
	casework cw;
	open_as(&cw, "sw1");
	query_audit_filter f = { 0 };
	count c = { "child.add", "", 0 };
	cp_error err;
	assert_int_equal(query_audit_each(&cw, &f, count_entry, &c, &err),
	                 CP_REFUSED);
	session_close(&cw);
	open_as(&cw, "tm1");     /* sees their team's children only */
	OK(query_audit_each(&cw, &f, count_entry, &c, &e));
	session_close(&cw);
}

static void test_lists_record_what_they_name(void **state)
{
	(void)state;
	casework cw;
	open_as(&cw, "qa1");
	list_table lt;
	OK(query_list(&cw, LIST_WEEK, D(2025, 3, 17), D(2025, 3, 10),
	              "list week", &lt, &e));
	assert_true(lt.nrows >= 2);
	list_table_free(&lt);
	session_close(&cw);
	assert_int_equal(audit_count("C1", "child.view", "list week"), 1);
	assert_int_equal(audit_count("C2", "child.view", "list week"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_queue_is_the_workers_and_recorded_once, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_deferred_reads_are_written_at_the_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_task_list_sees_only_own_cases,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_strings_are_sanitised, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_record_not_seen_is_refused,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_meetings_clash_and_record,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_needs_its_right, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_lists_record_what_they_name,
		                                setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

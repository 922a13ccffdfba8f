/* test_team.c - the Team view's figures (team.h): weeks counted from
 * Monday, a task due on Sunday in the week it ends, overdue apart from
 * this week, only open tasks counted (done, cancelled, not needed and
 * missed ones never), children from the index; who is in a manager's
 * team and whom the policy lets them see (policies/generic.yaml); a
 * worker's queue refused to another team's manager (permit_worker). */
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
#include "store.h"
#include "team.h"

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

/* Wednesday: this week is Mon 05-10 to Sun 05-16. */
#define TODAY D(2027, 5, 12)

/* ---- counting, alone ----------------------------------------------------- */

static void assert_weeks(const team_counts *c, const size_t want[TEAM_WEEKS])
{
	for (int i = 0; i < TEAM_WEEKS; i++)
		if (c->week[i] != want[i])
			fail_msg("week %d: %zu, want %zu", i, c->week[i], want[i]);
}

static void test_weeks_run_monday_to_sunday(void **state)
{
	(void)state;
	team_counts c = { 0 };
	team_count_due(&c, D(2027, 5, 10), TODAY);  /* Monday, before today */
	team_count_due(&c, D(2027, 5, 11), TODAY);
	team_count_due(&c, D(2027, 5, 12), TODAY);  /* today: this week */
	team_count_due(&c, D(2027, 5, 16), TODAY);  /* Sunday: this week */
	team_count_due(&c, D(2027, 5, 17), TODAY);  /* Monday: next week */
	team_count_due(&c, D(2027, 5, 23), TODAY);  /* Sunday: next week */
	team_count_due(&c, D(2027, 5, 24), TODAY);
	team_count_due(&c, D(2027, 7, 4), TODAY);   /* the 8th week's Sunday */
	team_count_due(&c, D(2027, 7, 5), TODAY);   /* after it: later */
	team_count_due(&c, D(2026, 12, 31), TODAY); /* long overdue */
	const size_t want[TEAM_WEEKS] = { 2, 2, 1, 0, 0, 0, 0, 1 };
	assert_weeks(&c, want);
	assert_int_equal(c.open, 10);
	assert_int_equal(c.overdue, 3);
	assert_int_equal(TEAM_THIS_WEEK(&c), 2);
	assert_int_equal(TEAM_NEXT_WEEK(&c), 2);
	assert_int_equal(c.later, 1);
}

/* Today a Sunday: this week is that one day; Saturday is overdue, and
 * tomorrow, Monday, is next week.  Today a Monday: the whole week. */
static void test_sunday_and_monday_today(void **state)
{
	(void)state;
	team_counts c = { 0 };
	cp_date sunday = D(2027, 5, 16);
	team_count_due(&c, D(2027, 5, 15), sunday);
	team_count_due(&c, sunday, sunday);
	team_count_due(&c, D(2027, 5, 17), sunday);
	team_count_due(&c, D(2027, 5, 24), sunday);
	const size_t want[TEAM_WEEKS] = { 1, 1, 1, 0, 0, 0, 0, 0 };
	assert_weeks(&c, want);
	assert_int_equal(c.overdue, 1);

	team_counts m = { 0 };
	cp_date monday = D(2027, 5, 10);
	team_count_due(&m, D(2027, 5, 9), monday);    /* yesterday, Sunday */
	team_count_due(&m, monday, monday);
	team_count_due(&m, D(2027, 5, 16), monday);
	const size_t want_m[TEAM_WEEKS] = { 2, 0, 0, 0, 0, 0, 0, 0 };
	assert_weeks(&m, want_m);
	assert_int_equal(m.overdue, 1);
	assert_int_equal(m.open, 3);
}

static void test_heat_cells(void **state)
{
	(void)state;
	char b[16];
	const struct { size_t n; const char *cell; team_heat h; } want[] = {
		{ 0, ".", TEAM_HEAT_NONE }, { 1, "1", TEAM_HEAT_LIGHT },
		{ 3, "3", TEAM_HEAT_LIGHT }, { 4, "4+", TEAM_HEAT_BUSY },
		{ 7, "7+", TEAM_HEAT_BUSY }, { 8, "8#", TEAM_HEAT_HEAVY },
		{ 12, "12#", TEAM_HEAT_HEAVY }, { 5000, "999#", TEAM_HEAT_HEAVY },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		team_heat_cell(want[i].n, b, sizeof b);
		assert_string_equal(b, want[i].cell);
		assert_int_equal(team_heat_of(want[i].n), want[i].h);
	}
}

/* ---- a store with known work -------------------------------------------- */

static void add_worker(const char *login, cp_role role, const char *team,
                       const char *mgr)
{
	cp_worker w = { (char *)login, (char *)login, ROLE_BIT(role),
	                (char *)team, (char *)(mgr ? mgr : ""), false, "" };
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

/* A task of a meeting, due and in a status as given. */
typedef struct due_task {
	const char *child, *assignee;
	int y, m, d;
	task_status status;
} due_task;

static const due_task tasks[] = {
	{ "C1", "sw1", 2027, 5, 10, TASK_OPEN },   /* overdue (Monday) */
	{ "C1", "sw1", 2027, 5, 11, TASK_OPEN },   /* overdue */
	{ "C1", "sw1", 2027, 5, 12, TASK_OPEN },   /* this week: today */
	{ "C2", "sw1", 2027, 5, 16, TASK_OPEN },   /* this week: Sunday */
	{ "C2", "sw1", 2027, 5, 17, TASK_OPEN },   /* next week */
	{ "C2", "sw1", 2027, 5, 23, TASK_OPEN },   /* next week: Sunday */
	{ "C1", "sw1", 2027, 7, 4, TASK_OPEN },    /* the 8th week */
	{ "C1", "sw1", 2027, 7, 5, TASK_OPEN },    /* later */
	{ "C1", "sw1", 2027, 5, 13, TASK_DONE },   /* none of these count */
	{ "C1", "sw1", 2027, 5, 14, TASK_CANCELLED },
	{ "C2", "sw1", 2027, 5, 15, TASK_NOT_NEEDED },
	{ "C2", "sw1", 2027, 5, 9, TASK_MISSED },
	{ "C1", "@qa-admin", 2027, 5, 13, TASK_OPEN }, /* a pool's: nobody's */
	{ "C3", "sw2", 2027, 5, 20, TASK_OPEN },
	{ "C3", "tm1", 2027, 5, 13, TASK_OPEN },   /* the manager's own */
	{ "C5", "sw5", 2027, 5, 12, TASK_OPEN },   /* another team's */
};

static cp_status put_tasks(store_txn *t, void *ctx, cp_error *err)
{
	(void)ctx;
	for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++) {
		const due_task *d = &tasks[i];
		cp_meeting m;
		cp_meeting_init(&m);
		CP_TRY(store_next_id(t, SEQ_MEETING, &m.id, err));
		m.child_id = (char *)d->child;
		m.type = "strategy";
		m.date = D(d->y, d->m, d->d);
		CP_TRY(store_meeting_put(t, &m, err));
		cp_task k;
		cp_task_init(&k);
		CP_TRY(store_next_id(t, SEQ_TASK, &k.id, err));
		k.meeting_id = m.id;
		k.child_id = (char *)d->child;
		k.step_id = "visit";
		k.title = "Visit";
		k.role = ROLE_SOCIAL_WORKER;
		k.assignee = (char *)d->assignee;
		k.due = m.date;
		k.status = d->status;
		if (d->status != TASK_OPEN) {
			k.done_by = "sw1";
			k.done_at = 1778500000;
		}
		CP_TRY(store_task_put(t, &k, err));
	}
	return CP_OK;
}

/* sw4 has left, with nothing left to them. */
static cp_status sw4_left(store_txn *t, void *ctx, cp_error *err)
{
	(void)ctx;
	cp_worker w;
	bool found;
	CP_TRY(store_worker_get(t, "sw4", &w, &found, err));
	w.left = true;
	cp_status st = store_worker_put(t, &w, err);
	cp_worker_free(&w);
	return st;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/cpdesk-team-XXXXXX");
	assert_non_null(mkdtemp(dir));
	strcat(dir, "/db");
	OK(casework_init(dir, "policies/generic.yaml", "admin", NULL, &e));
	OK(casework_open(&admin, dir, "data/bank-holidays.json", "admin", &e));
	admin.now = 1778500000;
	add_worker("sm1", ROLE_SERVICE_MANAGER, "Service", NULL);
	add_worker("tm1", ROLE_TEAM_MANAGER, "North", "sm1");
	add_worker("sw1", ROLE_SOCIAL_WORKER, "North", "tm1");
	add_worker("sw2", ROLE_SOCIAL_WORKER, "North", "tm1");
	add_worker("sw3", ROLE_SOCIAL_WORKER, "North", "tm1");
	add_worker("sw4", ROLE_SOCIAL_WORKER, "North", "tm1");
	add_worker("tm2", ROLE_TEAM_MANAGER, "South", "sm1");
	add_worker("sw5", ROLE_SOCIAL_WORKER, "South", "tm2");
	add_worker("chair1", ROLE_CP_CHAIR, "", NULL);
	add_worker("qa1", ROLE_QA_ADMIN, "QA", NULL);
	add_child("C1", "sw1");
	add_child("C2", "sw1");
	add_child("C3", "sw2");
	add_child("C5", "sw5");
	OK(store_write(admin.st, put_tasks, NULL, &e));
	OK(store_write(admin.st, sw4_left, NULL, &e));
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
	cw->now = 1778500000;
}

static const team_worker *row(const team_figures *t, const char *login)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].login, login))
			return &t->v[i];
	return NULL;
}

static void test_a_team_managers_workers(void **state)
{
	(void)state;
	casework cw;
	open_as(&cw, "tm1");
	team_figures t;
	team_filter f = { .today = TODAY };
	OK(team_read(&cw, &f, &t, &e));
	/* the reports, by name; not the manager; not sw4, who left */
	assert_int_equal(t.n, 3);
	assert_string_equal(t.v[0].login, "sw1");
	assert_string_equal(t.v[1].login, "sw2");
	assert_string_equal(t.v[2].login, "sw3");
	assert_int_equal(t.week0, D(2027, 5, 10));
	const team_worker *w = row(&t, "sw1");
	assert_string_equal(w->team, "North");
	assert_int_equal(w->n.children, 2);
	assert_int_equal(w->n.open, 8);
	assert_int_equal(w->n.overdue, 2);
	assert_int_equal(TEAM_THIS_WEEK(&w->n), 2);
	assert_int_equal(TEAM_NEXT_WEEK(&w->n), 2);
	const size_t want[TEAM_WEEKS] = { 2, 2, 0, 0, 0, 0, 0, 1 };
	assert_weeks(&w->n, want);
	assert_int_equal(w->n.later, 1);
	w = row(&t, "sw2");
	assert_int_equal(w->n.children, 1);
	assert_int_equal(w->n.open, 1);
	assert_int_equal(TEAM_NEXT_WEEK(&w->n), 1);
	w = row(&t, "sw3");
	assert_int_equal(w->n.children, 0);
	assert_int_equal(w->n.open, 0);
	/* the total is the rows' */
	assert_int_equal(t.total.children, 3);
	assert_int_equal(t.total.open, 9);
	assert_int_equal(t.total.overdue, 2);
	assert_int_equal(t.total.week[1], 3);
	/* the teams tm1 may ask for: their own */
	assert_int_equal(t.teams.n, 1);
	assert_string_equal(t.teams.v[0], "North");
	team_figures_free(&t);

	/* by name: the same workers */
	f.team = "North";
	OK(team_read(&cw, &f, &t, &e));
	assert_int_equal(t.n, 3);
	assert_string_equal(t.team, "North");
	team_figures_free(&t);

	/* another team: refused, saying why; one nobody is in: not there */
	cp_error err;
	f.team = "South";
	assert_int_equal(team_read(&cw, &f, &t, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "team South is not yours to see"));
	assert_non_null(strstr(err.msg, "team-manager (their team's cases)"));
	f.team = "Nowhere";
	assert_int_equal(team_read(&cw, &f, &t, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "no team 'Nowhere'"));
	session_close(&cw);
}

static void test_a_service_managers_teams(void **state)
{
	(void)state;
	casework cw;
	open_as(&cw, "sm1");
	team_figures t;
	team_filter f = { .today = TODAY };
	OK(team_read(&cw, &f, &t, &e));
	/* everyone below them, by team: North's manager and three workers,
	 * South's manager and worker */
	assert_int_equal(t.n, 6);
	assert_string_equal(t.v[0].team, "North");
	assert_string_equal(t.v[5].team, "South");
	assert_int_equal(row(&t, "tm1")->n.open, 1);
	assert_int_equal(row(&t, "sw5")->n.open, 1);
	assert_int_equal(TEAM_THIS_WEEK(&row(&t, "sw5")->n), 1);
	assert_null(row(&t, "chair1"));
	assert_null(row(&t, "sm1"));
	assert_int_equal(t.teams.n, 2);
	team_figures_free(&t);
	f.team = "South";
	OK(team_read(&cw, &f, &t, &e));
	assert_int_equal(t.n, 2);
	team_figures_free(&t);
	session_close(&cw);
}

/* Those who see every case may ask for any team; one with none of their
 * own gets no rows, and the teams to choose from. */
static void test_every_case_and_no_team(void **state)
{
	(void)state;
	casework cw;
	open_as(&cw, "qa1");
	team_figures t;
	team_filter f = { .today = TODAY };
	OK(team_read(&cw, &f, &t, &e));
	assert_int_equal(t.n, 0);
	assert_true(t.teams.n >= 3);
	team_figures_free(&t);
	f.team = "South";
	OK(team_read(&cw, &f, &t, &e));
	assert_int_equal(t.n, 2);
	team_figures_free(&t);
	session_close(&cw);
}

/* A social worker and a chair see no other worker's cases. */
static void test_refused_to_those_who_see_no_team(void **state)
{
	(void)state;
	const char *who[] = { "sw1", "chair1" };
	for (size_t i = 0; i < 2; i++) {
		casework cw;
		open_as(&cw, who[i]);
		team_figures t;
		team_filter f = { .today = TODAY };
		cp_error err;
		assert_int_equal(team_may(&cw, &err), CP_REFUSED);
		assert_int_equal(team_read(&cw, &f, &t, &err), CP_REFUSED);
		assert_non_null(strstr(err.msg, "the team view is for"));
		session_close(&cw);
	}
}

/* task list --user: another team's worker is refused, not "no tasks". */
static void test_another_teams_queue_is_refused(void **state)
{
	(void)state;
	casework cw;
	open_as(&cw, "tm1");
	query_task_filter f = { .assignee = "sw5", .from = CP_DATE_NONE,
	                        .to = QUERY_DATE_MAX, .today = TODAY };
	query_tasks q;
	cp_error err;
	assert_int_equal(query_task_list(&cw, &f, "task list", &q, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "worker sw5's queue is not yours to see"));
	assert_non_null(strstr(err.msg, "in team South under tm2"));
	query_queue qq;
	assert_int_equal(query_queue_get(&cw, "sw5", TODAY, 50,
	                                 "console: team queue", &qq, &err),
	                 CP_REFUSED);
	/* their own team's: the tasks */
	f.assignee = "sw1";
	OK(query_task_list(&cw, &f, "task list", &q, &e));
	assert_int_equal(q.n, 8);
	query_tasks_free(&q);
	session_close(&cw);
	/* a social worker: not even a team-mate's */
	open_as(&cw, "sw2");
	assert_int_equal(query_task_list(&cw, &f, "task list", &q, &err),
	                 CP_REFUSED);
	f.assignee = "sw2";
	OK(query_task_list(&cw, &f, "task list", &q, &e));
	query_tasks_free(&q);
	session_close(&cw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weeks_run_monday_to_sunday),
		cmocka_unit_test(test_sunday_and_monday_today),
		cmocka_unit_test(test_heat_cells),
		cmocka_unit_test(test_a_team_managers_workers),
		cmocka_unit_test(test_a_service_managers_teams),
		cmocka_unit_test(test_every_case_and_no_team),
		cmocka_unit_test(test_refused_to_those_who_see_no_team),
		cmocka_unit_test(test_another_teams_queue_is_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

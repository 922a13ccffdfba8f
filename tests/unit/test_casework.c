/* test_casework.c - issue 3 section 3 over policies/generic.yaml: tasks
 * generated and assigned, move, cadence exceptions, cancel approvals,
 * outcome and next meeting, chair clash, task done, reports,
 * consultations, audit, batch writes; indexes stay consistent.  Issue 6:
 * policy switch (with a step changing role), reassign (all work, one
 * child, refusals), a worker leaving, reads on the record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "policy_cal.h"
#include "session.h"
#include "casework.h"
#include "lists.h"
#include "query.h"
#include "cli.h"

/* the result of a move (a late move may ask for approval instead) */
static cw_request_result mv_r;
/* the policy's approvers of a cancellation, and of a late move */
#define CANCEL_APPROVAL (((policy *)cw.pol)->approvals[REQUEST_CANCEL_MEETING])
#define LATE_MOVE_APPROVAL (((policy *)cw.pol)->approvals[REQUEST_LATE_MOVE])

static char dir[256];
static casework cw;

static cp_date D(int y, int m, int d)
{
	cp_date out;
	date_from_ymd(y, m, d, &out);
	return out;
}

#define OK(x) do { cp_error e_; cp_status s_ = (x); \
	if (s_ != CP_OK) fail_msg("%s: %s", #x, e_.msg); } while (0)
/* the error variable the macros use */
#define e e_

static void add_worker(const char *login, role_set roles, const char *mgr)
{
	cp_worker w = { (char *)login, (char *)login, roles, "North",
	                (char *)mgr, false, "" };
	OK(casework_worker_add(&cw, &w, &e));
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/cpdesk-cw-XXXXXX");
	assert_non_null(mkdtemp(dir));
	strcat(dir, "/db");
	OK(casework_init(dir, "policies/generic.yaml", "admin", NULL, &e));
	OK(casework_open(&cw, dir, "data/bank-holidays.json", "admin", &e));
	cw.now = 1735689600;   /* 2025-01-01 */
	add_worker("sm1", ROLE_BIT(ROLE_SERVICE_MANAGER), NULL);
	add_worker("tm1", ROLE_BIT(ROLE_TEAM_MANAGER), "sm1");
	add_worker("sw1", ROLE_BIT(ROLE_SOCIAL_WORKER), "tm1");
	add_worker("sw2", ROLE_BIT(ROLE_SOCIAL_WORKER), NULL);
	add_worker("chair1", ROLE_BIT(ROLE_CP_CHAIR), NULL);
	add_worker("chair2", ROLE_BIT(ROLE_CP_CHAIR), NULL);
	add_worker("iro1", ROLE_BIT(ROLE_IRO), NULL);
	add_worker("mt1", ROLE_BIT(ROLE_MINUTE_TAKER), NULL);
	/* generic.yaml's cancellation approver (001) */
	add_worker("sg1", ROLE_BIT(ROLE_SAFEGUARDING_MANAGER), NULL);
	cp_child c;
	cp_child_init(&c);
	c.id = "C1"; c.name = "Child One"; c.social_worker = "sw1";
	OK(casework_child_add(&cw, &c, &e));
	c.id = "C2"; c.name = "Child Two"; c.social_worker = "sw2";
	OK(casework_child_add(&cw, &c, &e));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cp_error err;
	cp_status st = store_check_consistency(cw.st, &err);
	if (st != CP_OK)
		fprintf(stderr, "consistency: %s\n", err.msg);
	casework_close(&cw);
	char cmd[600];
	*strrchr(dir, '/') = '\0';
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return -1;
	return st == CP_OK ? 0 : -1;
}

/* ---- helpers ----------------------------------------------------------- */
typedef struct tasks {
	int n;
	cp_task k[64];
} tasks;

static bool keep_task(void *ctx, const cp_task *k)
{
	tasks *t = ctx;
	assert_true(t->n < 64);
	cp_task_copy(&t->k[t->n++], k, NULL);
	return true;
}

static void tasks_of(uint64_t mid, tasks *out)
{
	store_txn *t;
	memset(out, 0, sizeof *out);
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_tasks_for_meeting(t, mid, keep_task, out, &e));
	store_read_end(t);
}

static void tasks_free(tasks *ts)
{
	for (int i = 0; i < ts->n; i++)
		cp_task_free(&ts->k[i]);
}

static const cp_task *task_by_step(const tasks *ts, const char *step)
{
	for (int i = 0; i < ts->n; i++)
		if (!strcmp(ts->k[i].step_id, step))
			return &ts->k[i];
	fail_msg("no task for step %s", step);
	return NULL;
}

static void get_meeting(uint64_t id, cp_meeting *m)
{
	store_txn *t;
	bool found;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_meeting_get(t, id, m, &found, &e));
	store_read_end(t);
	assert_true(found);
}

static uint64_t add_icpc(const char *child, cp_date d, const char *chair,
                         const char *mt, char *warn)
{
	cw_meeting_new in = { .child_id = child, .type = "icpc", .date = d,
	                      .minutes = 600, .chair = chair,
	                      .minute_taker = mt, .how = HOW_TEAMS };
	uint64_t id = 0;
	OK(casework_meeting_add(&cw, &in, &id, warn, &e));
	return id;
}

static uint64_t changes(void)
{
	uint64_t n;
	OK(store_change_counter(cw.st, &n, &e));
	return n;
}

/* ---- tests ------------------------------------------------------------- */
static void test_init_refuses_existing(void **state)
{
	(void)state;
	cp_error err;
	assert_int_equal(casework_init(dir, "policies/generic.yaml", "admin",
	                               NULL, &err), CP_REFUSED);
	assert_string_equal(cw.pol->id, "generic");
	cp_worker w = { "sw1", "again", ROLE_BIT(ROLE_SOCIAL_WORKER), "", "",
	                false, "" };
	assert_int_equal(casework_worker_add(&cw, &w, &err), CP_REFUSED);
	cp_child c;
	cp_child_init(&c);
	c.id = "C9"; c.name = "x"; c.social_worker = "nobody";
	assert_int_equal(casework_child_add(&cw, &c, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "nobody"));
}

static void test_meeting_add_generates_tasks(void **state)
{
	(void)state;
	char warn[CW_WARN_MAX];
	cp_date d = D(2025, 3, 12);
	uint64_t id = add_icpc("C1", d, "chair1", "mt1", warn);
	assert_string_equal(warn, "");
	tasks ts;
	tasks_of(id, &ts);
	const policy_meeting *pm = policy_meeting_find(cw.pol, "icpc");
	assert_int_equal(ts.n, (int)pm->nsteps);
	timeline_entry *tl;
	size_t n;
	OK(schedule_timeline(cw.pol, cw.cal, "icpc", d, 600, NULL, 0, &tl, &n, &e));
	for (size_t i = 0; i < n; i++) {
		const cp_task *k = task_by_step(&ts, tl[i].step->id);
		assert_int_equal(k->due, tl[i].due);
		assert_int_equal(k->status, TASK_OPEN);
		const char *want = tl[i].step->role == ROLE_SOCIAL_WORKER ? "sw1"
		                 : tl[i].step->role == ROLE_MINUTE_TAKER ? "mt1"
		                 : "chair1";
		assert_string_equal(k->assignee, want);
	}
	free(tl);
	tasks_free(&ts);
	cp_meeting m;
	get_meeting(id, &m);
	assert_int_equal(m.nth, 1);
	assert_int_equal(m.status, MEETING_SCHEDULED);
	cp_meeting_free(&m);
}

static void test_meeting_add_refusals_write_nothing(void **state)
{
	(void)state;
	cp_error err;
	uint64_t before = changes(), id = 0;
	cw_meeting_new in = { .child_id = "C1", .type = "icpc",
	                      .date = D(2025, 3, 12), .minutes = -1,
	                      .minute_taker = "mt1",
	                      .chair = "iro1" };     /* not a CP chair */
	assert_int_equal(casework_meeting_add(&cw, &in, &id, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "cp-chair"));
	in.minute_taker = "chair1";                   /* not a minute taker */
	in.chair = "chair1";
	assert_int_equal(casework_meeting_add(&cw, &in, &id, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "minute-taker"));
	in.minute_taker = "mt1";
	in.type = "nonsense";
	assert_int_equal(casework_meeting_add(&cw, &in, &id, NULL, &err),
	                 CP_BADINPUT);
	assert_true(changes() == before);
	store_txn *t;
	cp_meeting m;
	bool found;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_meeting_get(t, 1, &m, &found, &e));
	store_read_end(t);
	assert_false(found);
}

static void test_task_done_and_move(void **state)
{
	(void)state;
	cp_error err;
	char warn[CW_WARN_MAX];
	uint64_t id = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", warn);
	tasks ts;
	tasks_of(id, &ts);
	uint64_t done_id = task_by_step(&ts, "invite-list")->id;
	cp_date done_due = task_by_step(&ts, "invite-list")->due;
	tasks_free(&ts);
	OK(casework_task_done(&cw, done_id, "sw1", 0, "sent", &e));
	assert_int_equal(casework_task_done(&cw, done_id, "sw1", 0, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "already done by sw1"));
	assert_int_equal(casework_meeting_move(&cw, id, D(2025, 3, 19), -2, false, "",
	                                       &mv_r, warn, &err), CP_BADINPUT);
	OK(casework_meeting_move(&cw, id, D(2025, 3, 19), -2, false, "chair ill",
	                         &mv_r, warn, &e));
	tasks_of(id, &ts);
	timeline_entry *tl;
	size_t n;
	OK(schedule_timeline(cw.pol, cw.cal, "icpc", D(2025, 3, 19), 600, NULL,
	                     0, &tl, &n, &e));
	for (size_t i = 0; i < n; i++) {
		const cp_task *k = task_by_step(&ts, tl[i].step->id);
		if (k->id == done_id) {
			assert_int_equal(k->status, TASK_DONE);
			assert_int_equal(k->due, done_due);   /* kept as it was */
			assert_string_equal(k->note, "sent");
		} else {
			assert_int_equal(k->due, tl[i].due);
		}
	}
	free(tl);
	tasks_free(&ts);
	cp_meeting m;
	get_meeting(id, &m);
	assert_int_equal(m.date, D(2025, 3, 19));
	assert_int_equal(m.moved_from, D(2025, 3, 12));
	assert_string_equal(m.reason, "chair ill");
	cp_meeting_free(&m);
}

/* Issue 18: who may close a step.  Each actor through a session of their
 * own (the Unix login), the test's own casework closed meanwhile. */
static void as_user(casework *s, const char *login)
{
	session_opts o = { .db = dir, .unix_login = login,
	                   .holidays = "data/bank-holidays.json" };
	OK(session_open(s, &o, &e));
	s->now = 1735689600;
}

static uint64_t task_of(const tasks *ts, const char *assignee, int nth)
{
	for (int i = 0; i < ts->n; i++)
		if (!strcmp(ts->k[i].assignee, assignee) && nth-- == 0)
			return ts->k[i].id;
	fail_msg("no task %d of %s", nth, assignee);
	return 0;
}

static cp_status close_as(const char *login, uint64_t id, task_status as,
                          const char *note, cp_error *err)
{
	casework s;
	as_user(&s, login);
	cw_close c = { .task_id = id, .as = as, .on = CP_DATE_NONE,
	               .note = note };
	cp_status st = casework_task_close(&s, &c, err);
	session_close(&s);
	return st;
}

static void test_close_rules(void **state)
{
	(void)state;
	cp_error err;
	uint64_t id = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	tasks ts;
	tasks_of(id, &ts);
	uint64_t sw[3] = { task_of(&ts, "sw1", 0), task_of(&ts, "sw1", 1),
	                   task_of(&ts, "sw1", 2) };
	uint64_t ch = task_of(&ts, "chair1", 0);
	tasks_free(&ts);
	casework_close(&cw);
	/* another's step: refused, naming who may */
	assert_int_equal(close_as("chair1", sw[0], TASK_DONE, "", &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "is sw1's: only they, their managers"));
	assert_int_equal(close_as("mt1", ch, TASK_DONE, "", &err), CP_REFUSED);
	/* the holder, their manager and the manager's manager may */
	OK(close_as("sw1", sw[0], TASK_DONE, "sent", &e));
	OK(close_as("tm1", sw[1], TASK_DONE, "", &e));
	/* not needed: only the policy's closing: not-needed roles, with a
	 * reason (generic: managers, chairs, IROs, the QA manager) */
	assert_int_equal(close_as("sw1", sw[2], TASK_NOT_NEEDED, "x", &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "closing: not-needed"));
	assert_int_equal(close_as("chair1", sw[2], TASK_NOT_NEEDED, "", &err),
	                 CP_BADINPUT);
	OK(close_as("chair1", sw[2], TASK_NOT_NEEDED, "Given at strategy", &e));
	/* sm1 is in sw1's line of management, not the chair's */
	assert_int_equal(close_as("sm1", ch, TASK_DONE, "", &err), CP_REFUSED);
	OK(close_as("chair1", ch, TASK_DONE, "", &e));
	/* closed once: refused again, saying how */
	assert_int_equal(close_as("chair1", sw[2], TASK_DONE, "", &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "was already not-needed by chair1"));
	OK(casework_open(&cw, dir, "data/bank-holidays.json", "admin", &e));
	cw.now = 1735689600;
	tasks_of(id, &ts);
	for (int i = 0; i < ts.n; i++)
		if (ts.k[i].id == sw[2]) {
			assert_int_equal(ts.k[i].status, TASK_NOT_NEEDED);
			assert_string_equal(ts.k[i].note, "Given at strategy");
		}
	tasks_free(&ts);
}

static void test_cancel_needs_approver(void **state)
{
	(void)state;
	cp_error err;
	uint64_t id = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	tasks ts;
	tasks_of(id, &ts);
	uint64_t done_id = ts.k[0].id;
	tasks_free(&ts);
	OK(casework_task_done(&cw, done_id, NULL, 0, NULL, &e));
	assert_int_equal(casework_meeting_cancel_agreed(&cw, id, NULL, NULL, 0, &err),
	                 CP_BADINPUT);
	assert_int_equal(casework_meeting_cancel_agreed(&cw, id, "family moved", NULL,
	                                         0, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "safeguarding-manager"));
	const char *tm[] = { "tm1" };
	assert_int_equal(casework_meeting_cancel_agreed(&cw, id, "family moved", tm, 1,
	                                         &err), CP_REFUSED);
	/* 001's Safeguarding Service Manager, not any service manager: the
	 * child's own (sm1, in sw1's line) may not */
	const char *sm[] = { "sm1" };
	assert_int_equal(casework_meeting_cancel_agreed(&cw, id, "family moved", sm, 1,
	                                         &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "safeguarding-manager"));
	const char *sg[] = { "sg1" };
	OK(casework_meeting_cancel_agreed(&cw, id, "family moved", sg, 1, &e));
	tasks_of(id, &ts);
	for (int i = 0; i < ts.n; i++)
		assert_int_equal(ts.k[i].status,
		                 ts.k[i].id == done_id ? TASK_DONE : TASK_CANCELLED);
	tasks_free(&ts);
	cp_meeting m;
	get_meeting(id, &m);
	assert_int_equal(m.status, MEETING_CANCELLED);
	assert_string_equal(m.approved_by, "sg1");
	assert_string_equal(m.reason, "family moved");
	cp_meeting_free(&m);
	assert_int_equal(casework_meeting_cancel_agreed(&cw, id, "again", sg, 1, &err),
	                 CP_REFUSED);
	/* The policy may want every approver role (Swindon's procedure, 004
	 * point 17: the operational SM and the QA & Review SM). */
	CANCEL_APPROVAL.approvers = ROLE_BIT(ROLE_SERVICE_MANAGER) |
	                            ROLE_BIT(ROLE_QA_REVIEW_MANAGER);
	CANCEL_APPROVAL.all = true;
	id = add_icpc("C1", D(2025, 3, 26), "chair1", "mt1", NULL);
	assert_int_equal(casework_meeting_cancel_agreed(&cw, id, "x", sm, 1, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "qa-review-manager"));
	/* the QA manager does not stand in for the QA & Review SM */
	add_worker("qam", ROLE_BIT(ROLE_QA_MANAGER), NULL);
	const char *qa[] = { "sm1", "qam" };
	assert_int_equal(casework_meeting_cancel_agreed(&cw, id, "x", qa, 2, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "qa-review-manager"));
	add_worker("qrm", ROLE_BIT(ROLE_QA_REVIEW_MANAGER), NULL);
	const char *both[] = { "sm1", "qrm" };
	OK(casework_meeting_cancel_agreed(&cw, id, "x", both, 2, &e));
}

/* ---- requests for approval (issue 18, item 5) --------------------------- */
static void get_request(uint64_t id, cp_request *q)
{
	store_txn *t;
	bool found = false;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_request_get(t, id, q, &found, &e));
	store_read_end(t);
	assert_true(found);
}

static int open_tasks(uint64_t mid)
{
	tasks ts;
	int n = 0;
	tasks_of(mid, &ts);
	for (int i = 0; i < ts.n; i++)
		n += ts.k[i].status == TASK_OPEN;
	tasks_free(&ts);
	return n;
}

/* Swindon's rule (approval: all): each approver approves themselves; the
 * meeting stays scheduled until the last, which cancels it. */
static void test_request_all(void **state)
{
	(void)state;
	cp_error err;
	cw_request_result r;
	CANCEL_APPROVAL.approvers = ROLE_BIT(ROLE_SERVICE_MANAGER) |
	                            ROLE_BIT(ROLE_QA_REVIEW_MANAGER);
	CANCEL_APPROVAL.all = true;
	add_worker("qam", ROLE_BIT(ROLE_QA_MANAGER), NULL);
	add_worker("qrm", ROLE_BIT(ROLE_QA_REVIEW_MANAGER), NULL);
	add_worker("sm2", ROLE_BIT(ROLE_SERVICE_MANAGER), NULL);
	uint64_t id = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	int open = open_tasks(id);
	cw.actor = "tm1";
	cw.today = D(2025, 1, 6);
	OK(casework_meeting_cancel(&cw, id, "family moved", &r, &e));
	assert_false(r.done);
	assert_int_equal(r.need, CANCEL_APPROVAL.approvers);
	assert_int_equal(casework_meeting_cancel(&cw, id, "again", &r, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "waiting for approval already"));
	uint64_t rid = 1;
	cp_meeting m;
	get_meeting(id, &m);
	assert_int_equal(m.status, MEETING_SCHEDULED);
	cp_meeting_free(&m);
	/* a service manager outside C1's line; someone with no approver role */
	cw.actor = "sm2";
	assert_int_equal(casework_request_approve(&cw, rid, NULL, &r, NULL, &err),
	                 CP_REFUSED);
	if (!strstr(err.msg, "own Service manager (sm1, sm1): sm2 is not in the child's line"))
		fail_msg("%s", err.msg);
	cw.actor = "tm1";
	assert_int_equal(casework_request_approve(&cw, rid, NULL, &r, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "holds none of those roles"));
	/* the first of two: still pending, the meeting as it was */
	cw.actor = "sm1";
	OK(casework_request_approve(&cw, rid, "agreed", &r, NULL, &e));
	assert_false(r.done);
	assert_int_equal(r.as, ROLE_SERVICE_MANAGER);
	assert_int_equal(r.need, ROLE_BIT(ROLE_QA_REVIEW_MANAGER));
	assert_int_equal(open_tasks(id), open);
	assert_int_equal(casework_request_approve(&cw, rid, NULL, &r, NULL, &err),
	                 CP_REFUSED);
	get_meeting(id, &m);
	assert_int_equal(m.status, MEETING_SCHEDULED);
	cp_meeting_free(&m);
	/* the QA manager does not stand in for the QA & Review SM (004) */
	cw.actor = "qam";
	assert_int_equal(casework_request_approve(&cw, rid, NULL, &r, NULL, &err),
	                 CP_REFUSED);
	if (!strstr(err.msg, "qa-review-manager") ||
	    !strstr(err.msg, "holds none of those roles"))
		fail_msg("%s", err.msg);
	assert_int_equal(casework_request_refuse(&cw, rid, "no", &err),
	                 CP_REFUSED);
	/* the second: cancelled in the same transaction */
	cw.actor = "qrm";
	cw.today = D(2025, 1, 8);
	OK(casework_request_approve(&cw, rid, NULL, &r, NULL, &e));
	assert_true(r.done);
	assert_int_equal(r.as, ROLE_QA_REVIEW_MANAGER);
	get_meeting(id, &m);
	assert_int_equal(m.status, MEETING_CANCELLED);
	assert_string_equal(m.approved_by, "sm1,qrm");
	assert_string_equal(m.reason, "family moved");
	cp_meeting_free(&m);
	assert_int_equal(open_tasks(id), 0);
	cp_request q;
	get_request(rid, &q);
	assert_int_equal(q.state, REQUEST_APPROVED);
	assert_string_equal(q.requester, "tm1");
	assert_string_equal(q.closed_by, "qrm");
	assert_int_equal(q.made_on, D(2025, 1, 6));
	assert_int_equal(q.closed_on, D(2025, 1, 8));
	assert_int_equal(q.napprovals, 2);
	assert_string_equal(q.approvals[0].note, "agreed");
	cp_request_free(&q);
	assert_int_equal(casework_request_refuse(&cw, rid, "late", &err),
	                 CP_REFUSED);
	cw.actor = "admin";
	cw.today = CP_DATE_NONE;
}

/* A refusal closes the request, the meeting as it was; with no approvers
 * the policy cancels at once (and the request records the day). */
static void test_request_refused_and_none(void **state)
{
	(void)state;
	cp_error err;
	cw_request_result r;
	uint64_t id = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	int open = open_tasks(id);
	cw.actor = "tm1";
	OK(casework_meeting_cancel(&cw, id, "no longer needed", &r, &e));
	assert_false(r.done);
	/* generic.yaml: the safeguarding service manager decides (001), not
	 * the child's own service manager */
	cw.actor = "sm1";
	assert_int_equal(casework_request_refuse(&cw, r.id, "no", &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "safeguarding-manager"));
	assert_int_equal(casework_request_approve(&cw, r.id, NULL, &r, NULL, &err),
	                 CP_REFUSED);
	cw.actor = "sg1";
	assert_int_equal(casework_request_refuse(&cw, r.id, "", &err),
	                 CP_BADINPUT);
	OK(casework_request_refuse(&cw, r.id, "hold it: the plan goes on", &e));
	cp_request q;
	get_request(r.id, &q);
	assert_int_equal(q.state, REQUEST_REFUSED);
	assert_string_equal(q.closing_note, "hold it: the plan goes on");
	assert_string_equal(q.closed_by, "sg1");
	cp_request_free(&q);
	assert_int_equal(open_tasks(id), open);
	assert_int_equal(casework_request_approve(&cw, r.id, NULL, &r, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "refused already"));
	/* asked again after a refusal: a new request */
	cw.actor = "tm1";
	OK(casework_meeting_cancel(&cw, id, "asked again", &r, &e));
	assert_int_equal(r.id, 2);
	/* no approvers: cancelled at once */
	CANCEL_APPROVAL.approvers = 0;
	uint64_t id2 = add_icpc("C2", D(2025, 3, 19), "chair1", "mt1", NULL);
	OK(casework_meeting_cancel(&cw, id2, "not needed", &r, &e));
	assert_true(r.done);
	cp_meeting m;
	get_meeting(id2, &m);
	assert_int_equal(m.status, MEETING_CANCELLED);
	cp_meeting_free(&m);
	get_request(r.id, &q);
	assert_int_equal(q.state, REQUEST_APPROVED);
	assert_int_equal(q.napprovals, 0);
	cp_request_free(&q);
	cw.actor = "admin";
}

/* The roles of 001 and 004 point 17 are held in common: a step or an
 * escalation for them goes to their pool, which their holders work. */
static void test_new_roles_pools(void **state)
{
	(void)state;
	store_txn *t;
	char who[MODEL_ID_MAX + 1];
	cp_child c;
	cp_child_init(&c);
	c.id = "C1";
	c.social_worker = "sw1";
	OK(store_read_begin(cw.st, &t, &e));
	OK(casework_role_holder(t, &c, NULL, ROLE_SAFEGUARDING_MANAGER, who, &e));
	assert_string_equal(who, "@safeguarding-manager");
	OK(casework_role_holder(t, &c, NULL, ROLE_QA_REVIEW_MANAGER, who, &e));
	assert_string_equal(who, "@qa-review-manager");
	OK(casework_role_holder(t, &c, NULL, ROLE_SERVICE_MANAGER, who, &e));
	assert_string_equal(who, "sm1");   /* the child's own, from the line */
	store_read_end(t);
	add_worker("both", ROLE_BIT(ROLE_SAFEGUARDING_MANAGER) |
	                   ROLE_BIT(ROLE_QA_REVIEW_MANAGER) |
	                   ROLE_BIT(ROLE_DIRECTOR), NULL);
	cw.actor = "both";
	query_me me;
	OK(query_me_get(&cw, &me, &e));
	assert_int_equal(me.npools, 3);
	assert_string_equal(me.pools[0], "@director");
	assert_string_equal(me.pools[1], "@safeguarding-manager");
	assert_string_equal(me.pools[2], "@qa-review-manager");
	query_me_free(&me);
	cw.actor = "admin";
}

static void test_outcome_schedules_next_and_cadence(void **state)
{
	(void)state;
	cp_error err;
	char warn[CW_WARN_MAX];
	uint64_t id = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	/* Another of chair1's meetings on the day the review will fall. */
	next_meeting *nx;
	size_t n;
	OK(schedule_next(cw.pol, cw.cal, "icpc", 1, D(2025, 3, 12), &nx, &n, &e));
	cp_date by = CP_DATE_NONE;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(nx[i].type, "rcpc"))
			by = nx[i].by;
	free(nx);
	assert_true(by != CP_DATE_NONE);
	/* booked the policy's margin (generic: 5 working days) before it */
	cp_date book;
	OK(policy_diary_book_by(cw.pol, cw.cal, by, &book, &e));
	assert_int_equal(book, by - 7);
	uint64_t other = add_icpc("C2", book, "chair1", "mt1", NULL);

	cw_outcome o = { .decision = "CP plan", .plan = PLAN_CP,
	                 .attendees = "mum\ndad", .views_missing = "too young",
	                 .summary = "ok", .schedule_next = true,
	                 .next_date = CP_DATE_NONE, .next_minutes = -2 };
	uint64_t next = 0;
	OK(casework_meeting_outcome(&cw, id, &o, &next, warn, &e));
	assert_true(next != 0);
	assert_non_null(strstr(warn, "chair chair1 already has meeting"));
	assert_non_null(strstr(warn, "core-group"));   /* named, not scheduled */
	cp_meeting m, nm;
	get_meeting(id, &m);
	assert_int_equal(m.status, MEETING_HELD);
	assert_int_equal(m.outcome.plan, PLAN_CP);
	assert_string_equal(m.outcome.views_missing, "too young");
	assert_true(m.outcome.next_id == next);
	get_meeting(next, &nm);
	assert_string_equal(nm.type, "rcpc");
	assert_int_equal(nm.date, book);
	assert_int_equal(nm.cadence_by, by);
	assert_true(nm.prev_id == id);
	assert_string_equal(nm.chair, "chair1");
	assert_int_equal(nm.minutes, 600);
	cp_meeting_free(&m);
	cp_meeting_free(&nm);
	tasks ts;
	tasks_of(next, &ts);
	assert_true(ts.n > 0);
	tasks_free(&ts);
	(void)other;
	uint64_t again = 0;
	assert_int_equal(casework_meeting_outcome(&cw, id, &o, &again, warn, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "held"));

	/* Moving the review past the cadence: allowed with a reason, marked
	 * as an exception (with no approver for a late move: at once); back
	 * inside clears it. */
	LATE_MOVE_APPROVAL.approvers = 0;
	OK(casework_meeting_move(&cw, next, by + 7, -2, false, "family holiday",
	                         &mv_r, warn, &e));
	assert_true(mv_r.done);
	assert_non_null(strstr(warn, "exception"));
	get_meeting(next, &nm);
	assert_true(nm.cadence_exception);
	cp_meeting_free(&nm);
	OK(casework_meeting_move(&cw, next, by - 1, -2, false, "back", &mv_r,
	                         warn, &e));
	get_meeting(next, &nm);
	assert_false(nm.cadence_exception);
	cp_meeting_free(&nm);

	/* A second RCPC added by hand past the cadence of the first needs a
	 * reason; nth counts. */
	cw_outcome o2 = { .plan = PLAN_CP, .next_minutes = -1 };
	OK(casework_meeting_outcome(&cw, next, &o2, NULL, warn, &e));
	cw_meeting_new in = { .child_id = "C1", .type = "rcpc",
	                      .date = by + 400, .minutes = -1, .chair = "chair2",
	                      .minute_taker = "mt1" };
	uint64_t late;
	assert_int_equal(casework_meeting_add(&cw, &in, &late, warn, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "cadence"));
	in.reason = "court timetable";
	OK(casework_meeting_add(&cw, &in, &late, warn, &e));
	get_meeting(late, &nm);
	assert_true(nm.cadence_exception);
	assert_int_equal(nm.nth, 2);
	assert_string_equal(nm.reason, "court timetable");
	cp_meeting_free(&nm);
}

static void test_outcome_no_plan_stops(void **state)
{
	(void)state;
	uint64_t id = add_icpc("C2", D(2025, 4, 2), "chair2", "mt1", NULL);
	cw_outcome o = { .plan = PLAN_NONE, .schedule_next = true,
	                 .next_date = CP_DATE_NONE, .next_minutes = -1 };
	uint64_t next = 99;
	OK(casework_meeting_outcome(&cw, id, &o, &next, NULL, &e));
	assert_true(next == 0);
}

static void get_child(const char *id, cp_child *c)
{
	store_txn *t;
	bool found;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_child_get(t, id, c, &found, &e));
	store_read_end(t);
	assert_true(found);
}

static bool count_plan_audit(void *ctx, const cp_audit *a)
{
	int *n = ctx;
	if (!strcmp(a->action, "child.plan"))
		n[0]++;
	else if (!strcmp(a->action, "child.plan.end"))
		n[1]++;
	return true;
}

/* Issue 16: what a conference decides moves the child's case. */
static void test_outcome_opens_and_ends_plan(void **state)
{
	(void)state;
	uint64_t id = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	cw_outcome o = { .plan = PLAN_CP, .category = CP_CATEGORY_NEGLECT,
	                 .schedule_next = true, .next_date = CP_DATE_NONE,
	                 .next_minutes = -1 };
	uint64_t next = 0;
	OK(casework_meeting_outcome(&cw, id, &o, &next, NULL, &e));
	cp_child c;
	get_child("C1", &c);
	const cp_episode *p = child_open_episode(&c, EPISODE_CP);
	assert_non_null(p);
	assert_int_equal(p->start, D(2025, 3, 12));
	assert_int_equal(p->category, CP_CATEGORY_NEGLECT);
	assert_true(p->start_meeting == id);
	cp_child_free(&c);

	/* The review decides no plan: the plan ends on its date. */
	cw_outcome none = { .plan = PLAN_NONE, .schedule_next = true,
	                    .next_date = CP_DATE_NONE, .next_minutes = -1 };
	uint64_t after = 99;
	OK(casework_meeting_outcome(&cw, next, &none, &after, NULL, &e));
	assert_true(after == 0);
	cp_meeting r;
	get_meeting(next, &r);
	get_child("C1", &c);
	assert_null(child_open_episode(&c, EPISODE_CP));
	p = child_last_episode(&c, EPISODE_CP);
	assert_non_null(p);
	assert_int_equal(p->end, r.date);
	assert_true(p->end_meeting == next);
	assert_non_null(strstr(p->end_reason, "no plan"));
	cp_child_free(&c);
	cp_meeting_free(&r);

	int n[2] = { 0, 0 };
	store_txn *t;
	store_audit_filter f = { .child_id = "C1" };
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_audit_scan(t, &f, count_plan_audit, n, &e));
	store_read_end(t);
	assert_int_equal(n[0], 1);
	assert_int_equal(n[1], 1);
}

/* ---- issue 16: families, plans, care episodes --------------------------- */
typedef struct kin { const char *family; const char *const *kids; } kin;

static cp_status put_family(store_txn *t, void *ctx, cp_error *err)
{
	const kin *k = ctx;
	cp_family f = { (char *)k->family, "The Browns" };
	CP_TRY(store_family_put(t, &f, err));
	for (size_t i = 0; k->kids[i]; i++) {
		cp_child c;
		bool found;
		CP_TRY(store_child_get(t, k->kids[i], &c, &found, err));
		if (!found) {
			cp_child_init(&c);
			c.id = strdup(k->kids[i]);
			c.name = strdup("A Brown");
			c.social_worker = strdup(i % 2 ? "sw2" : "sw1");
			c.family_id = strdup("");
		}
		free(c.family_id);
		c.family_id = strdup(k->family);
		cp_status st = store_child_put(t, &c, err);
		cp_child_free(&c);
		CP_TRY(st);
	}
	return CP_OK;
}

static void family_of(const char *family, const char *const *kids)
{
	kin k = { family, kids };
	OK(store_write(cw.st, put_family, &k, &e));
}

static int count_step(const tasks *ts, const char *step)
{
	int n = 0;
	for (int i = 0; i < ts->n; i++)
		n += !strcmp(ts->k[i].step_id, step);
	return n;
}

static bool count_meeting(void *ctx, const cp_meeting *m)
{
	(void)m;
	++*(int *)ctx;
	return true;
}

/* One ICPC for three siblings: one set of tasks (per-child steps once a
 * child), a decision each, the next review for the two on a plan. */
static void test_family_icpc(void **state)
{
	(void)state;
	static const char *const kids[] = { "C1", "C2", "C3", NULL };
	family_of("F1", kids);
	const char *sib[] = { "C2", "C3" };
	cw_meeting_new in = { .child_id = "C1", .siblings = sib, .nsiblings = 2,
	                      .type = "icpc", .date = D(2025, 3, 12),
	                      .minutes = 600, .chair = "chair1",
	                      .minute_taker = "mt1" };
	uint64_t id;
	OK(casework_meeting_add(&cw, &in, &id, NULL, &e));
	tasks ts;
	tasks_of(id, &ts);
	assert_int_equal(count_step(&ts, "invite-list"), 1);
	assert_string_equal(task_by_step(&ts, "invite-list")->child_id, "C1");
	assert_string_equal(task_by_step(&ts, "invite-list")->assignee, "sw1");
	assert_int_equal(count_step(&ts, "plan-to-all"), 3);
	assert_int_equal(count_step(&ts, "decisions-and-register"), 3);
	assert_int_equal(ts.n, 6 + 3 + 3);
	tasks_free(&ts);
	/* C2's social worker sees the meeting through C2. */
	store_txn *t;
	int n = 0;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_meetings_for_child(t, "C3", count_meeting, &n, &e));
	store_read_end(t);
	assert_int_equal(n, 1);

	cw_child_decision d[] = { { "C1", PLAN_CP, CP_CATEGORY_NEGLECT },
	                          { "C2", PLAN_NONE, CP_CATEGORY_UNKNOWN },
	                          { "C3", PLAN_CP, CP_CATEGORY_EMOTIONAL } };
	cw_outcome o = { .decisions = d, .ndecisions = 3, .schedule_next = true,
	                 .next_date = CP_DATE_NONE, .next_minutes = -1 };
	uint64_t next = 0;
	OK(casework_meeting_outcome(&cw, id, &o, &next, NULL, &e));
	cp_meeting m, nm;
	get_meeting(id, &m);
	assert_int_equal(m.outcome.ndecisions, 3);
	assert_int_equal(meeting_decision(&m, "C3")->category,
	                 CP_CATEGORY_EMOTIONAL);
	get_meeting(next, &nm);
	assert_string_equal(nm.type, "rcpc");
	assert_string_equal(nm.child_id, "C1");
	assert_int_equal(nm.nsiblings, 1);
	assert_string_equal(nm.siblings[0], "C3");
	cp_meeting_free(&m);
	cp_meeting_free(&nm);
	cp_child c;
	get_child("C2", &c);
	assert_null(child_open_episode(&c, EPISODE_CP));
	cp_child_free(&c);
	get_child("C3", &c);
	assert_int_equal(child_open_episode(&c, EPISODE_CP)->category,
	                 CP_CATEGORY_EMOTIONAL);
	cp_child_free(&c);
	/* A decision missing, or for a child not at the meeting: refused. */
	cp_error err;
	uint64_t id2;
	in.date = D(2025, 9, 1);
	in.type = "icpc";
	in.reason = "again";
	OK(casework_meeting_add(&cw, &in, &id2, NULL, &e));
	cw_child_decision bad[] = { { "C1", PLAN_CP, CP_CATEGORY_NEGLECT },
	                            { "C9", PLAN_NONE, CP_CATEGORY_UNKNOWN } };
	cw_outcome ob = { .decisions = bad, .ndecisions = 2,
	                  .next_minutes = -1 };
	assert_int_equal(casework_meeting_outcome(&cw, id2, &ob, NULL, NULL,
	                                          &err), CP_BADINPUT);
	ob.ndecisions = 1;
	assert_int_equal(casework_meeting_outcome(&cw, id2, &ob, NULL, NULL,
	                                          &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "give a decision for each child"));
}

static void test_family_refusals(void **state)
{
	(void)state;
	cp_error err;
	const char *sib[] = { "C2" };
	cw_meeting_new in = { .child_id = "C1", .siblings = sib, .nsiblings = 1,
	                      .type = "icpc", .date = D(2025, 3, 12),
	                      .minutes = -1, .chair = "chair1",
	                      .minute_taker = "mt1" };
	uint64_t id;
	assert_int_equal(casework_meeting_add(&cw, &in, &id, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "of no family"));
	static const char *const one[] = { "C1", NULL };
	static const char *const other[] = { "C2", NULL };
	family_of("F1", one);
	family_of("F2", other);
	assert_int_equal(casework_meeting_add(&cw, &in, &id, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "not of family F1"));
	sib[0] = "C1";
	assert_int_equal(casework_meeting_add(&cw, &in, &id, NULL, &err),
	                 CP_BADINPUT);
	assert_non_null(strstr(err.msg, "named twice"));
}

/* A plan ended by a review, and by plan end: no review due after. */
static void test_plan_ends(void **state)
{
	(void)state;
	cp_error err;
	char warn[CW_WARN_MAX];
	uint64_t icpc = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	cw_outcome o = { .plan = PLAN_CP, .schedule_next = true,
	                 .next_date = CP_DATE_NONE, .next_minutes = -1 };
	uint64_t rcpc = 0;
	OK(casework_meeting_outcome(&cw, icpc, &o, &rcpc, NULL, &e));
	cw_episode_change end = { .child_id = "C1", .kind = EPISODE_CP,
	                          .date = D(2025, 4, 30) };
	assert_int_equal(casework_episode(&cw, &end, warn, &err), CP_BADINPUT);
	end.reason = "moved to another authority";
	OK(casework_episode(&cw, &end, warn, &e));
	assert_non_null(strstr(warn, "1 scheduled meeting of child C1"));
	cp_meeting m;
	get_meeting(rcpc, &m);
	assert_int_equal(m.status, MEETING_CANCELLED);
	assert_non_null(strstr(m.reason, "moved to another authority"));
	cp_meeting_free(&m);
	tasks ts;
	tasks_of(rcpc, &ts);
	for (int i = 0; i < ts.n; i++)
		assert_int_equal(ts.k[i].status, TASK_CANCELLED);
	tasks_free(&ts);
	cw_meeting_new in = { .child_id = "C1", .type = "rcpc",
	                      .date = D(2025, 6, 2), .minutes = -1,
	                      .chair = "chair1", .minute_taker = "mt1" };
	uint64_t late;
	assert_int_equal(casework_meeting_add(&cw, &in, &late, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "ended on 2025-04-30"));
	assert_int_equal(casework_episode(&cw, &end, warn, &err), CP_REFUSED);

	/* C2: ended by a review deciding no plan. */
	icpc = add_icpc("C2", D(2025, 3, 13), "chair2", "mt1", NULL);
	OK(casework_meeting_outcome(&cw, icpc, &o, &rcpc, NULL, &e));
	cw_outcome none = { .plan = PLAN_NONE, .schedule_next = true,
	                    .next_date = CP_DATE_NONE, .next_minutes = -1 };
	uint64_t after = 7;
	OK(casework_meeting_outcome(&cw, rcpc, &none, &after, NULL, &e));
	assert_true(after == 0);
	get_meeting(rcpc, &m);
	in.child_id = "C2";
	in.date = m.date + 60;
	cp_meeting_free(&m);
	assert_int_equal(casework_meeting_add(&cw, &in, &late, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "no rcpc is due"));
}

static cp_date cla_by(const char *child, cp_date date, uint64_t *id)
{
	cw_meeting_new in = { .child_id = child, .type = "cla-review",
	                      .date = date, .minutes = -1, .chair = "iro1",
	                      .minute_taker = "mt1", .reason = "late" };
	OK(casework_meeting_add(&cw, &in, id, NULL, &e));
	cp_meeting m;
	get_meeting(*id, &m);
	cp_date by = m.cadence_by;
	int nth = m.nth;
	cp_meeting_free(&m);
	cw_outcome o = { .plan = PLAN_NA, .next_minutes = -1 };
	OK(casework_meeting_outcome(&cw, *id, &o, NULL, NULL, &e));
	return by * 16 + (cp_date)nth;   /* both, for one assert */
}

static cp_date wd_after(cp_date d, int n)
{
	cp_date out;
	OK(calendar_add_workdays(cw.cal, d, n, &out, &e));
	return out;
}

/* Two care episodes: 20 WD, 3 months, 6 months, then again from the
 * second start; none due between them. */
static void test_care_episodes(void **state)
{
	(void)state;
	cp_error err;
	char warn[CW_WARN_MAX];
	uint64_t id;
	cw_meeting_new in = { .child_id = "C1", .type = "cla-review",
	                      .date = D(2025, 2, 3), .minutes = -1,
	                      .chair = "iro1", .minute_taker = "mt1" };
	assert_int_equal(casework_meeting_add(&cw, &in, &id, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "care start C1"));
	cw_episode_change c = { .child_id = "C1", .kind = EPISODE_LAC,
	                        .start = true, .date = D(2025, 1, 6) };
	OK(casework_episode(&cw, &c, warn, &e));
	cp_date s1 = D(2025, 1, 6);
	assert_int_equal(cla_by("C1", D(2025, 1, 31), &id),
	                 wd_after(s1, 20) * 16 + 1);
	assert_int_equal(cla_by("C1", D(2025, 4, 25), &id),
	                 D(2025, 4, 30) * 16 + 2);  /* 3 months after 31 Jan */
	assert_int_equal(cla_by("C1", D(2025, 10, 1), &id),
	                 D(2025, 10, 24) * 16 + 3); /* 6 months after 25 Apr */
	c.start = false;
	c.date = D(2025, 11, 3);
	c.reason = "returned home";
	OK(casework_episode(&cw, &c, warn, &e));
	in.date = D(2025, 12, 1);
	assert_int_equal(casework_meeting_add(&cw, &in, &id, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "not looked after"));
	in.date = D(2025, 11, 3);   /* the day care ended: not looked after */
	assert_int_equal(casework_meeting_add(&cw, &in, &id, NULL, &err),
	                 CP_REFUSED);
	c.start = true;
	c.date = D(2026, 2, 2);
	c.reason = NULL;
	OK(casework_episode(&cw, &c, warn, &e));
	assert_int_equal(cla_by("C1", D(2026, 2, 20), &id),
	                 wd_after(D(2026, 2, 2), 20) * 16 + 1);
	assert_int_equal(cla_by("C1", D(2026, 5, 1), &id),
	                 D(2026, 5, 20) * 16 + 2);
	/* care-start given: it must agree with the record */
	anchor_date a = { "care-start", D(2026, 1, 1) };
	in.date = D(2026, 6, 1);
	in.anchors = &a;
	in.nanchors = 1;
	assert_int_equal(casework_meeting_add(&cw, &in, &id, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "comes from child C1's record"));
}

/* An unborn child's conference counts back from the expected birth. */
static void test_unborn(void **state)
{
	(void)state;
	cp_child c;
	cp_child_init(&c);
	c.id = "U1"; c.name = "Baby Brown"; c.social_worker = "sw1";
	c.expected_birth = D(2025, 6, 30);
	OK(casework_child_add(&cw, &c, &e));
	uint64_t id = add_icpc("U1", D(2025, 4, 1), "chair1", "mt1", NULL);
	cp_meeting m;
	get_meeting(id, &m);
	/* 10 weeks before is Easter Monday 2025: the working day before
	 * Good Friday */
	assert_int_equal(m.cadence_by, D(2025, 4, 17));
	cp_meeting_free(&m);
}


static bool count_report(void *ctx, const cp_report *r)
{
	(void)r;
	++*(int *)ctx;
	return true;
}

static bool keep_audit(void *ctx, const cp_audit *a)
{
	char *buf = ctx;
	if (!strcmp(a->action, "task.done"))
		snprintf(buf, 512, "%s | %s | %s", a->login, a->before, a->after);
	return true;
}

static bool count_consult(void *ctx, const cp_consult *c)
{
	(void)c;
	++*(int *)ctx;
	return true;
}

static void test_reports_consults_audit(void **state)
{
	(void)state;
	cp_error err;
	uint64_t id = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	OK(casework_report_received(&cw, id, "Police", D(2025, 3, 5),
	                            CP_DATE_NONE, &e));
	OK(casework_report_received(&cw, id, "Police", CP_DATE_NONE,
	                            D(2025, 3, 6), &e));
	OK(casework_report_received(&cw, id, "School", CP_DATE_NONE,
	                            CP_DATE_NONE, &e));
	assert_int_equal(casework_report_received(&cw, id, "GP", D(2025, 3, 6),
	                 D(2025, 3, 1), &err), CP_BADINPUT);
	store_txn *t;
	cp_report r;
	bool found;
	int nrep = 0;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_report_get(t, id, "Police", &r, &found, &e));
	assert_true(found);
	assert_int_equal(r.received, D(2025, 3, 5));
	assert_int_equal(r.shared, D(2025, 3, 6));
	cp_report_free(&r);
	OK(store_reports_for_meeting(t, id, count_report, &nrep, &e));
	store_read_end(t);
	assert_int_equal(nrep, 2);

	cp_consult c;
	cp_consult_init(&c);
	c.kind = "nonsense"; c.child_id = "C1"; c.date = D(2025, 2, 1);
	uint64_t cid;
	assert_int_equal(casework_consult_add(&cw, &c, false, &cid, &err), CP_BADINPUT);
	c.kind = cw.pol->consult_kinds[0].id;
	c.chair = "chair2";
	c.decision = "to conference";
	OK(casework_consult_add(&cw, &c, false, &cid, &e));
	int nc = 0;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_consults_for_chair(t, "chair2", D(2025, 1, 1), D(2025, 12, 31),
	                            0, count_consult, &nc, &e));
	OK(store_consults_for_child(t, "C1", count_consult, &nc, &e));
	cp_consult got;
	OK(store_consult_get(t, cid, &got, &found, &e));
	store_read_end(t);
	assert_int_equal(nc, 2);
	assert_string_equal(got.social_worker, "sw1");   /* the child's */
	cp_consult_free(&got);

	tasks ts;
	tasks_of(id, &ts);
	cw.actor = "sw1";
	OK(casework_task_done(&cw, ts.k[0].id, NULL, 0, "n", &e));
	cw.actor = "admin";
	tasks_free(&ts);
	char line[512] = "";
	store_audit_filter f = { .child_id = "C1" };
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_audit_scan(t, &f, keep_audit, line, &e));
	store_read_end(t);
	assert_non_null(strstr(line, "sw1 | "));
	assert_non_null(strstr(line, "status=open"));
	assert_non_null(strstr(line, "status=done"));
}

static bool keep_report_audit(void *ctx, const cp_audit *a)
{
	char *buf = ctx;
	if (!strncmp(a->action, "report.", 7))
		snprintf(buf, 512, "%s | %s | %s", a->action, a->before, a->after);
	return true;
}

static void report_dates(uint64_t id, const char *agency, cp_date received,
                         cp_date shared)
{
	store_txn *t;
	cp_report r;
	bool found;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_report_get(t, id, agency, &r, &found, &e));
	store_read_end(t);
	assert_true(found);
	assert_int_equal(r.received, received);
	assert_int_equal(r.shared, shared);
	cp_report_free(&r);
}

/* Issue 18: received and shared-with-family are two dates, each set only
 * when given; nothing shared before it came in, or never received; no
 * date after today; the audit keeps before and after. */
static void test_reports_truthful(void **state)
{
	(void)state;
	cp_error err;
	uint64_t id = add_icpc("C1", D(2027, 5, 17), "chair1", "mt1", NULL);
	cw.dated = true;
	cw.today = D(2027, 5, 10);
	OK(casework_report_received(&cw, id, "Police", D(2027, 5, 7),
	                            CP_DATE_NONE, &e));
	OK(casework_report_received(&cw, id, "Police", CP_DATE_NONE,
	                            D(2027, 5, 10), &e));
	report_dates(id, "Police", D(2027, 5, 7), D(2027, 5, 10));
	char line[512] = "";
	store_audit_filter f = { .child_id = "C1" };
	store_txn *t;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_audit_scan(t, &f, keep_report_audit, line, &e));
	store_read_end(t);
	assert_non_null(strstr(line, "report.shared | "));
	/* before: received, not shared; after: both, received unchanged */
	assert_non_null(strstr(line, "received=2027-05-07"));
	assert_non_null(strstr(line, "shared-with-family=2027-05-10"));
	assert_null(strstr(line, "received=2027-05-10"));
	const char *after = strstr(strstr(line, " | ") + 3, " | ");
	assert_non_null(after);
	assert_true(strstr(line, "shared-with-family") > after);

	/* a date after today: bad input, saying both */
	assert_int_equal(casework_report_received(&cw, id, "School",
	                 D(2027, 5, 11), CP_DATE_NONE, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "2027-05-11 is after today (2027-05-10)"));
	assert_int_equal(casework_report_received(&cw, id, "Police",
	                 CP_DATE_NONE, D(2027, 5, 12), &err), CP_BADINPUT);
	report_dates(id, "Police", D(2027, 5, 7), D(2027, 5, 10));

	/* shared but never received: refused; with its arrival: both */
	assert_int_equal(casework_report_received(&cw, id, "School",
	                 CP_DATE_NONE, D(2027, 5, 10), &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "has not come in"));
	OK(casework_report_received(&cw, id, "School", CP_DATE_NONE,
	                            CP_DATE_NONE, &e));
	assert_int_equal(casework_report_received(&cw, id, "School",
	                 CP_DATE_NONE, D(2027, 5, 10), &err), CP_REFUSED);
	OK(casework_report_received(&cw, id, "School", D(2027, 5, 6),
	                            D(2027, 5, 7), &e));
	report_dates(id, "School", D(2027, 5, 6), D(2027, 5, 7));

	/* a later arrival than the day it was shared; expected once in */
	assert_int_equal(casework_report_received(&cw, id, "School",
	                 D(2027, 5, 8), CP_DATE_NONE, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "before it came in (2027-05-08)"));
	assert_int_equal(casework_report_received(&cw, id, "School",
	                 CP_DATE_NONE, CP_DATE_NONE, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "came in on 2027-05-06"));
	report_dates(id, "School", D(2027, 5, 6), D(2027, 5, 7));
	/* a correction of the arrival keeps the day it was shared */
	OK(casework_report_received(&cw, id, "School", D(2027, 5, 5),
	                            CP_DATE_NONE, &e));
	report_dates(id, "School", D(2027, 5, 5), D(2027, 5, 7));
	cw.dated = false;
}

/* Many operations in one write transaction (import, demo). */
typedef struct batch { casework *cw; int n; } batch;
static cp_status batch_fn(store_txn *t, void *ctx, cp_error *err)
{
	batch *b = ctx;
	for (int i = 0; i < b->n; i++) {
		char id[16];
		snprintf(id, sizeof id, "B%03d", i);
		cp_child c;
		cp_child_init(&c);
		c.id = id; c.name = "Batch"; c.social_worker = "sw1";
		if (casework_child_add_txn(b->cw, t, &c, err))
			return CP_FAILED;
		cw_meeting_new in = { .child_id = id, .type = "icpc",
		                      .date = D(2025, 5, 1) + i % 60,
		                      .minutes = -1, .chair = "chair1",
		                      .minute_taker = "mt1" };
		if (casework_meeting_add_txn(b->cw, t, &in, NULL, NULL, err))
			return CP_FAILED;
	}
	return CP_OK;
}

static bool count_task(void *ctx, const cp_task *k)
{
	(void)k;
	++*(int *)ctx;
	return true;
}

static void test_batch(void **state)
{
	(void)state;
	batch b = { &cw, 200 };
	uint64_t before = changes();
	OK(store_write(cw.st, batch_fn, &b, &e));
	assert_true(changes() == before + 1);
	int n = 0;
	store_txn *t;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_tasks_for_assignee(t, "sw1", TASK_OPEN, CP_DATE_NONE,
	                            STORE_DATE_MAX, 0, count_task, &n, &e));
	store_read_end(t);
	assert_int_equal(n, 200 * 3);   /* three social-worker steps per ICPC */
	OK(store_check_consistency(cw.st, &e));
}

static cp_status next_task_id_fn(store_txn *t, void *ctx, cp_error *err)
{
	return store_next_id(t, SEQ_TASK, ctx, err);
}

/* check-store's meetings check: every timeline step has its task. */
typedef struct put_task { const cp_task *k; } put_task;

static cp_status put_task_fn(store_txn *t, void *ctx, cp_error *err)
{
	return store_task_put(t, ((put_task *)ctx)->k, err);
}

static void test_check_meetings(void **state)
{
	(void)state;
	char warn[CW_WARN_MAX];
	size_t nm = 0;
	cp_error err;
	OK(casework_check_meetings(&cw, &nm, &e));
	assert_int_equal(nm, 0);
	uint64_t id = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", warn);
	OK(casework_check_meetings(&cw, &nm, &e));
	assert_int_equal(nm, 1);
	tasks ts;
	tasks_of(id, &ts);
	cp_task k = ts.k[0];
	char *step = k.step_id;
	/* a step's task gone (renamed to a step the policy lacks) */
	k.step_id = "no-such-step";
	put_task p = { &k };
	OK(store_write(cw.st, put_task_fn, &p, &e));
	assert_int_equal(casework_check_meetings(&cw, &nm, &err), CP_FAILED);
	assert_non_null(strstr(err.msg, "no-such-step"));
	/* back, plus a second open task for the same step */
	k.step_id = step;
	OK(store_write(cw.st, put_task_fn, &p, &e));
	OK(casework_check_meetings(&cw, &nm, &e));
	cp_task dup = k;
	OK(store_write(cw.st, next_task_id_fn, &dup.id, &e));
	p.k = &dup;
	OK(store_write(cw.st, put_task_fn, &p, &e));
	assert_int_equal(casework_check_meetings(&cw, &nm, &err), CP_FAILED);
	assert_non_null(strstr(err.msg, step));
	/* cancelled, the duplicate is history */
	dup.status = TASK_CANCELLED;
	OK(store_write(cw.st, put_task_fn, &p, &e));
	OK(casework_check_meetings(&cw, &nm, &e));
	tasks_free(&ts);
}

/* An unborn child's ICPC, 1 April 2025: its cadence counts back from
 * the expected birth (10 weeks before 30 June). */
static uint64_t unborn_icpc(void)
{
	cp_child c;
	cp_child_init(&c);
	c.id = "U2"; c.name = "Baby Green"; c.social_worker = "sw1";
	c.expected_birth = D(2025, 6, 30);
	OK(casework_child_add(&cw, &c, &e));
	return add_icpc("U2", D(2025, 4, 1), "chair1", "mt1", NULL);
}

/* A move past the cadence's latest date is an action generic.yaml marks
 * as needing approval (late-move: the safeguarding service manager): it
 * is asked for, the meeting stays, one request at a time; its requester
 * may withdraw it; the approval moves it (exception, approvers, open
 * deadlines); a move earlier, or within the cadence, needs nobody's. */
static void test_late_move_request(void **state)
{
	(void)state;
	cp_error err;
	char warn[CW_WARN_MAX];
	cw_request_result r;
	uint64_t id = unborn_icpc();
	cp_meeting m;
	get_meeting(id, &m);
	cp_date by = m.cadence_by, was = m.date;
	cp_meeting_free(&m);
	cp_date late = wd_after(by, 5), sooner = wd_after(by, 4);
	cp_date later = wd_after(by, 10);
	assert_true(by != CP_DATE_NONE && by > was + 1);
	cw.actor = "tm1";
	cw.today = D(2025, 3, 3);
	/* within the cadence: moved at once */
	OK(casework_meeting_move(&cw, id, was + 1, -2, false, "room", &r, warn,
	                         &e));
	assert_true(r.done);
	assert_int_equal(r.id, 0);
	/* past it: asked, the meeting where it is */
	OK(casework_meeting_move(&cw, id, late, 14 * 60, false, "family away",
	                         &r, warn, &e));
	assert_false(r.done);
	assert_int_equal(r.kind, REQUEST_LATE_MOVE);
	assert_int_equal(r.need, ROLE_BIT(ROLE_SAFEGUARDING_MANAGER));
	uint64_t rid = r.id;
	get_meeting(id, &m);
	assert_int_equal(m.date, was + 1);
	assert_false(m.cadence_exception);
	cp_meeting_free(&m);
	cp_request q;
	get_request(rid, &q);
	assert_int_equal(q.move_date, late);
	assert_int_equal(q.move_minutes, 14 * 60);
	assert_string_equal(q.reason, "family away");
	cp_request_free(&q);
	/* one request a meeting: another move past it, or a cancellation */
	assert_int_equal(casework_meeting_move(&cw, id, later, -2, false, "x",
	                                       &r, warn, &err), CP_REFUSED);
	if (!strstr(err.msg, "late move is waiting for approval"))
		fail_msg("%s", err.msg);
	assert_int_equal(casework_meeting_cancel(&cw, id, "x", &r, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "withdraw"));
	/* only its requester withdraws it */
	cw.actor = "sg1";
	assert_int_equal(casework_request_withdraw(&cw, rid, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "only its requester, tm1"));
	cw.actor = "tm1";
	OK(casework_request_withdraw(&cw, rid, "asked too soon", &e));
	get_request(rid, &q);
	assert_int_equal(q.state, REQUEST_WITHDRAWN);
	assert_string_equal(q.closing_note, "asked too soon");
	cp_request_free(&q);
	assert_int_equal(casework_request_withdraw(&cw, rid, NULL, &err),
	                 CP_REFUSED);
	/* asked again; the child's own service manager is not the approver */
	OK(casework_meeting_move(&cw, id, late, -2, false, "family away", &r,
	                         warn, &e));
	rid = r.id;
	cw.actor = "sm1";
	assert_int_equal(casework_request_approve(&cw, rid, NULL, &r, warn, &err),
	                 CP_REFUSED);
	cw.actor = "sg1";
	OK(casework_request_approve(&cw, rid, "agreed", &r, warn, &e));
	assert_true(r.done);
	assert_int_equal(r.kind, REQUEST_LATE_MOVE);
	assert_non_null(strstr(warn, "exception"));
	get_meeting(id, &m);
	assert_int_equal(m.date, late);
	assert_int_equal(m.moved_from, was + 1);
	assert_true(m.cadence_exception);
	assert_string_equal(m.approved_by, "sg1");
	assert_string_equal(m.reason, "family away");
	cp_meeting_free(&m);
	/* earlier again, still past the cadence: no approval; none recorded */
	cw.actor = "tm1";
	OK(casework_meeting_move(&cw, id, sooner, -2, false, "a day sooner", &r,
	                         warn, &e));
	assert_true(r.done);
	get_meeting(id, &m);
	assert_true(m.cadence_exception);
	assert_string_equal(m.approved_by, "");
	cp_meeting_free(&m);
	/* a day now past cannot be approved: refused instead */
	OK(casework_meeting_move(&cw, id, later, -2, false, "later still", &r,
	                         warn, &e));
	rid = r.id;
	cw.actor = "sg1";
	cw.today = later + 1;
	cw.dated = true;
	assert_int_equal(casework_request_approve(&cw, rid, NULL, &r, warn, &err),
	                 CP_REFUSED);
	if (!strstr(err.msg, "can no longer be made") ||
	    !strstr(err.msg, "in the past"))
		fail_msg("%s", err.msg);
	cw.dated = false;
	OK(casework_request_refuse(&cw, rid, "too late now", &e));
	get_meeting(id, &m);
	assert_int_equal(m.date, sooner);
	cp_meeting_free(&m);
	cw.actor = "admin";
	cw.today = CP_DATE_NONE;
}

/* approval: all for a late move: the first of two leaves it where it is. */
static void test_late_move_all(void **state)
{
	(void)state;
	char warn[CW_WARN_MAX];
	cw_request_result r;
	LATE_MOVE_APPROVAL.approvers = ROLE_BIT(ROLE_SERVICE_MANAGER) |
	                               ROLE_BIT(ROLE_QA_REVIEW_MANAGER);
	LATE_MOVE_APPROVAL.all = true;
	add_worker("qrm", ROLE_BIT(ROLE_QA_REVIEW_MANAGER), NULL);
	uint64_t id = unborn_icpc();
	cp_meeting m;
	get_meeting(id, &m);
	cp_date late = wd_after(m.cadence_by, 5), was = m.date;
	cp_meeting_free(&m);
	cw.actor = "tm1";
	cw.today = D(2025, 3, 3);
	OK(casework_meeting_move(&cw, id, late, -2, false, "family away", &r,
	                         warn, &e));
	uint64_t rid = r.id;
	cw.actor = "sm1";
	OK(casework_request_approve(&cw, rid, NULL, &r, warn, &e));
	assert_false(r.done);
	assert_int_equal(r.need, ROLE_BIT(ROLE_QA_REVIEW_MANAGER));
	get_meeting(id, &m);
	assert_int_equal(m.date, was);
	cp_meeting_free(&m);
	cw.actor = "qrm";
	OK(casework_request_approve(&cw, rid, NULL, &r, warn, &e));
	assert_true(r.done);
	get_meeting(id, &m);
	assert_int_equal(m.date, late);
	assert_string_equal(m.approved_by, "sm1,qrm");
	cp_meeting_free(&m);
	cw.actor = "admin";
	cw.today = CP_DATE_NONE;
}

/* Issue 6: a switch re-dates open tasks, adds and cancels by step, never
 * touches a done task, and its dry run (the diff) is what it does. */
static void test_policy_switch(void **state)
{
	(void)state;
	anchor_date s47 = { "s47-start", D(2025, 3, 10) };
	cw_meeting_new in = { .child_id = "C1", .type = "icpc",
	                      .date = D(2025, 4, 2), .minutes = 600,
	                      .chair = "chair1", .minute_taker = "mt1",
	                      .how = HOW_TEAMS, .anchors = &s47, .nanchors = 1 };
	uint64_t mid = 0;
	OK(casework_meeting_add(&cw, &in, &mid, NULL, &e));
	tasks before;
	tasks_of(mid, &before);
	const cp_task *first = &before.k[0];
	OK(casework_task_done(&cw, first->id, "sw1", 0, "sent", &e));
	tasks_free(&before);
	tasks_of(mid, &before);
	cw_policy_src src;
	OK(casework_policy_read("policies/swindon.yaml", &src, &e));
	policy_cal cc;
	OK(policy_cal_open(&cc, "data/bank-holidays.json", src.pol, NULL, &e));
	cw_policy_diff d, used;
	OK(casework_policy_diff(&cw, src.pol, &cc.cal, &d, &e));
	assert_true(d.n > 0);
	for (size_t i = 0; i < d.n; i++)
		assert_true(d.v[i].task_id != before.k[0].id);
	cp_error err;
	assert_int_equal(casework_policy_use(&cw, &src, &cc.cal, "", NULL, NULL,
	                                     &err), CP_BADINPUT);
	cw_use_opts list = { .list = true };
	OK(casework_policy_use(&cw, &src, &cc.cal, "Swindon", &list, &used, &e));
	assert_int_equal(used.n, d.n);
	for (int k = 0; k < CW_KIND_COUNT; k++)
		assert_int_equal(used.tot[k], d.tot[k]);
	tasks after;
	tasks_of(mid, &after);
	/* the done task is exactly as it was */
	const cp_task *was = &before.k[0], *now = &after.k[0];
	assert_int_equal(was->id, now->id);
	assert_int_equal(now->status, TASK_DONE);
	assert_int_equal(was->due, now->due);
	assert_string_equal(was->note, now->note);
	for (size_t i = 0; i < d.n; i++) {
		if (d.v[i].kind == CW_ADDED)
			continue;
		for (int j = 0; j < after.n; j++) {
			if (after.k[j].id != d.v[i].task_id)
				continue;
			if (d.v[i].kind == CW_MOVED)
				assert_int_equal(after.k[j].due, d.v[i].to);
			else
				assert_int_equal(after.k[j].status, TASK_CANCELLED);
		}
	}
	/* the store now runs on swindon: its copy, checked against itself */
	casework_close(&cw);
	OK(casework_open(&cw, dir, "data/bank-holidays.json", "admin", &e));
	assert_string_equal(cw.pol->id, "swindon");
	OK(casework_check_meetings(&cw, NULL, &e));
	cw_policy_diff again;
	OK(casework_policy_diff(&cw, src.pol, &cc.cal, &again, &e));
	assert_int_equal(again.n, 0);
	casework_policy_diff_free(&again);
	casework_policy_diff_free(&d);
	casework_policy_diff_free(&used);
	tasks_free(&before);
	tasks_free(&after);
	policy_cal_close(&cc);
	casework_policy_src_free(&src);
}

/* A switch to a policy with a per-child step gives a family meeting a
 * task for each child, each child's social worker's. */
static void test_family_policy_switch(void **state)
{
	(void)state;
	static const char *const kids[] = { "C1", "C2", NULL };
	family_of("F1", kids);
	const char *sib[] = { "C2" };
	anchor_date s47 = { "s47-start", D(2025, 3, 10) };
	cw_meeting_new in = { .child_id = "C1", .siblings = sib, .nsiblings = 1,
	                      .type = "icpc", .date = D(2025, 4, 2),
	                      .minutes = 600, .chair = "chair1",
	                      .minute_taker = "mt1", .anchors = &s47,
	                      .nanchors = 1 };
	uint64_t mid;
	OK(casework_meeting_add(&cw, &in, &mid, NULL, &e));
	cw_policy_src src;
	OK(casework_policy_read("policies/hounslow.yaml", &src, &e));
	policy_cal cc;
	OK(policy_cal_open(&cc, "data/bank-holidays.json", src.pol, NULL, &e));
	cw_use_opts list = { .list = true };
	cw_policy_diff used;
	OK(casework_policy_use(&cw, &src, &cc.cal, "Hounslow", &list, &used,
	                       &e));
	tasks ts;
	tasks_of(mid, &ts);
	int n = 0;
	for (int i = 0; i < ts.n; i++)
		if (!strcmp(ts.k[i].step_id, "plan-to-parents") &&
		    ts.k[i].status == TASK_OPEN) {
			n++;
			assert_string_equal(ts.k[i].assignee,
			                    strcmp(ts.k[i].child_id, "C1") ? "sw2"
			                                                   : "sw1");
		}
	assert_int_equal(n, 2);
	tasks_free(&ts);
	casework_close(&cw);
	OK(casework_open(&cw, dir, "data/bank-holidays.json", "admin", &e));
	OK(casework_check_meetings(&cw, NULL, &e));
	casework_policy_diff_free(&used);
	policy_cal_close(&cc);
	casework_policy_src_free(&src);
}

static void mark_done_step(uint64_t mid, const char *step)
{
	tasks ts;
	tasks_of(mid, &ts);
	for (int i = 0; i < ts.n; i++)
		if (!strcmp(ts.k[i].step_id, step) && ts.k[i].status == TASK_OPEN)
			OK(casework_task_done(&cw, ts.k[i].id, NULL, 0, "", &e));
	tasks_free(&ts);
}

/* The review's second round (issue 16, the review of the change): each
 * sibling's own care start counts; n/a is no decision at a conference;
 * a move past the end of a plan is refused; a child withdrawn after its
 * per-child tasks were done leaves the meeting consistent. */
static void test_family_each_their_own(void **state)
{
	(void)state;
	cp_error err;
	char warn[CW_WARN_MAX];
	static const char *const kids[] = { "C1", "C2", NULL };
	family_of("F1", kids);
	cw_episode_change c = { .child_id = "C1", .kind = EPISODE_LAC,
	                        .start = true, .date = D(2025, 1, 6) };
	OK(casework_episode(&cw, &c, warn, &e));
	c.child_id = "C2";
	c.date = D(2025, 2, 3);
	OK(casework_episode(&cw, &c, warn, &e));
	/* C1's first review was due 20 WD after 6 January: named second,
	 * its date still holds */
	const char *sib[] = { "C1" };
	cw_meeting_new in = { .child_id = "C2", .siblings = sib, .nsiblings = 1,
	                      .type = "cla-review", .date = D(2025, 2, 20),
	                      .minutes = -1, .chair = "iro1",
	                      .minute_taker = "mt1" };
	uint64_t id;
	assert_int_equal(casework_meeting_add(&cw, &in, &id, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "by 2025-02-03"));

	/* a conference decides cp-plan or no-plan for each child */
	const char *sib2[] = { "C2" };
	uint64_t icpc;
	cw_meeting_new ic = { .child_id = "C1", .siblings = sib2, .nsiblings = 1,
	                      .type = "icpc", .date = D(2025, 3, 12),
	                      .minutes = -1, .chair = "chair1",
	                      .minute_taker = "mt1" };
	OK(casework_meeting_add(&cw, &ic, &icpc, NULL, &e));
	cw_child_decision na[] = { { "C1", PLAN_CP, CP_CATEGORY_NEGLECT },
	                           { "C2", PLAN_NA, CP_CATEGORY_UNKNOWN } };
	cw_outcome o = { .decisions = na, .ndecisions = 2, .schedule_next = true,
	                 .next_date = CP_DATE_NONE, .next_minutes = -1 };
	assert_int_equal(casework_meeting_outcome(&cw, icpc, &o, NULL, NULL,
	                                          &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "cp-plan or no-plan for child C2"));
	na[1].plan = PLAN_CP;
	uint64_t rcpc;
	OK(casework_meeting_outcome(&cw, icpc, &o, &rcpc, NULL, &e));
	/* both children's per-child steps done, then C2's plan ends */
	mark_done_step(rcpc, "decisions-and-register");
	cw_episode_change end = { .child_id = "C2", .kind = EPISODE_CP,
	                          .date = D(2025, 4, 1), .reason = "moved away" };
	OK(casework_episode(&cw, &end, warn, &e));
	OK(casework_check_meetings(&cw, NULL, &e));
	/* C1's plan ends after the review's date: the review stands, but may
	 * not be moved past the end */
	cp_meeting m;
	get_meeting(rcpc, &m);
	cp_date was = m.date;
	cp_meeting_free(&m);
	end.child_id = "C1";
	end.date = was + 14;
	OK(casework_episode(&cw, &end, warn, &e));
	get_meeting(rcpc, &m);
	assert_int_equal(m.status, MEETING_SCHEDULED);
	cp_meeting_free(&m);
	assert_int_equal(casework_meeting_move(&cw, rcpc, was + 21, -2, false, "later",
	                                       &mv_r, warn, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "not on a child protection plan"));
	OK(casework_meeting_move(&cw, rcpc, was + 7, -2, false, "a week on", &mv_r, warn, &e));
}

/* ---- issue 17: book first, allocate later -------------------------------- */
static int count_assigned(uint64_t mid, const char *who, task_status st)
{
	tasks ts;
	tasks_of(mid, &ts);
	int n = 0;
	for (int i = 0; i < ts.n; i++)
		n += !strcmp(ts.k[i].assignee, who) && ts.k[i].status == st;
	tasks_free(&ts);
	return n;
}

static void test_book_first_allocate(void **state)
{
	(void)state;
	cp_error err;
	char warn[CW_WARN_MAX];
	size_t moved;
	/* an ICPC, an RCPC and a CLA review, nobody allocated */
	cw_meeting_new in = { .child_id = "C1", .type = "icpc",
	                      .date = D(2025, 3, 12), .minutes = 600 };
	uint64_t icpc, rcpc, cla;
	OK(casework_meeting_add(&cw, &in, &icpc, NULL, &e));
	in.type = "rcpc";
	in.date = D(2025, 6, 11);
	OK(casework_meeting_add(&cw, &in, &rcpc, NULL, &e));
	cw_episode_change care = { .child_id = "C2", .kind = EPISODE_LAC,
	                           .start = true, .date = D(2025, 2, 3) };
	OK(casework_episode(&cw, &care, warn, &e));
	cw_meeting_new cl = { .child_id = "C2", .type = "cla-review",
	                      .date = D(2025, 2, 28), .minutes = 600 };
	OK(casework_meeting_add(&cw, &cl, &cla, NULL, &e));
	assert_true(count_assigned(icpc, POOL_CHAIR, TASK_OPEN) > 0);
	assert_true(count_assigned(icpc, POOL_MINUTE_TAKER, TASK_OPEN) > 0);
	assert_true(count_assigned(cla, POOL_CHAIR, TASK_OPEN) > 0);
	/* allocated: the pool's steps go to them */
	int chair_steps = count_assigned(icpc, POOL_CHAIR, TASK_OPEN);
	cw_allocation a = { .meeting_id = icpc, .chair = "chair1",
	                    .minute_taker = "mt1" };
	OK(casework_meeting_allocate(&cw, &a, &moved, warn, &e));
	assert_int_equal(count_assigned(icpc, POOL_CHAIR, TASK_OPEN), 0);
	assert_int_equal(count_assigned(icpc, POOL_MINUTE_TAKER, TASK_OPEN), 0);
	assert_int_equal(count_assigned(icpc, "chair1", TASK_OPEN), chair_steps);
	/* one of chair1's steps done; then chair2 replaces chair1 */
	tasks ts;
	tasks_of(icpc, &ts);
	for (int i = 0; i < ts.n; i++)
		if (!strcmp(ts.k[i].assignee, "chair1")) {
			OK(casework_task_done(&cw, ts.k[i].id, "chair1", 0, "", &e));
			break;
		}
	tasks_free(&ts);
	cw_allocation r = { .meeting_id = icpc, .chair = "chair2" };
	assert_int_equal(casework_meeting_allocate(&cw, &r, &moved, warn, &err),
	                 CP_BADINPUT);
	assert_non_null(strstr(err.msg, "needs a reason"));
	r.reason = "chair1 off sick";
	OK(casework_meeting_allocate(&cw, &r, &moved, warn, &e));
	assert_int_equal((int)moved, chair_steps - 1);
	assert_int_equal(count_assigned(icpc, "chair1", TASK_DONE), 1);
	assert_int_equal(count_assigned(icpc, "chair1", TASK_OPEN), 0);
	assert_int_equal(count_assigned(icpc, "chair2", TASK_OPEN),
	                 chair_steps - 1);
	/* a clash refused, unless allowed with a reason */
	cw_meeting_new other = { .child_id = "C2", .type = "icpc",
	                         .date = D(2025, 3, 12), .minutes = 660 };
	uint64_t o;
	OK(casework_meeting_add(&cw, &other, &o, NULL, &e));
	cw_allocation c = { .meeting_id = o, .chair = "chair2" };
	assert_int_equal(casework_meeting_allocate(&cw, &c, &moved, warn, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "has meeting"));
	c.allow_clash = true;
	c.reason = "siblings back to back";
	OK(casework_meeting_allocate(&cw, &c, &moved, warn, &e));
	assert_non_null(strstr(warn, "at an overlapping time that day (allowed: "
	                        "siblings back to back)"));
	/* one without the role, and one who has left, refused */
	cw_allocation bad = { .meeting_id = cla, .chair = "chair1" };
	assert_int_equal(casework_meeting_allocate(&cw, &bad, &moved, warn,
	                                           &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "is not a iro"));
	add_worker("mt2", ROLE_BIT(ROLE_MINUTE_TAKER), NULL);
	OK(casework_worker_leave(&cw, "mt2", "left the borough", &e));
	bad.chair = NULL;
	bad.minute_taker = "mt2";
	assert_int_equal(casework_meeting_allocate(&cw, &bad, &moved, warn,
	                                           &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "has left"));
	OK(casework_check_meetings(&cw, NULL, &e));
}

/* Dates that cannot be (issue 17): an outcome before the meeting; a next
 * meeting on or before it. */
static void test_outcome_dates(void **state)
{
	(void)state;
	cp_error err;
	uint64_t id = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	cw.dated = true;
	cw.today = D(2025, 3, 11);
	cw_outcome o = { .plan = PLAN_CP, .schedule_next = true,
	                 .next_date = CP_DATE_NONE, .next_minutes = -1 };
	assert_int_equal(casework_meeting_outcome(&cw, id, &o, NULL, NULL, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "on or after that day"));
	cw.today = D(2025, 3, 12);
	o.next_date = D(2025, 3, 12);
	assert_int_equal(casework_meeting_outcome(&cw, id, &o, NULL, NULL, &err),
	                 CP_BADINPUT);
	assert_non_null(strstr(err.msg, "must be after this one"));
	o.next_date = CP_DATE_NONE;
	uint64_t next = 0;
	OK(casework_meeting_outcome(&cw, id, &o, &next, NULL, &e));
	assert_true(next != 0);
	cw.dated = false;
}

/* Dates a meeting cannot have (issue 17): a weekend, a bank holiday, the
 * past, a time the clocks skip or repeat; kept with force and a reason,
 * every reason said. */
static void test_date_rules(void **state)
{
	(void)state;
	cp_error err;
	char warn[CW_WARN_MAX] = "";
	cw.dated = true;
	cw.today = D(2025, 3, 3);
	assert_int_equal(cw_date_rules(&cw, D(2025, 3, 8), 600, false, NULL,
	                               "--force", warn, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "not a working day (Saturday)"));
	assert_non_null(strstr(err.msg, "or keep it with --force"));
	assert_int_equal(cw_date_rules(&cw, D(2025, 12, 25), 600, false, NULL,
	                               NULL, warn, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "Christmas Day"));
	assert_null(strstr(err.msg, "keep it"));
	assert_int_equal(cw_date_rules(&cw, D(2025, 2, 28), 600, false, NULL,
	                               NULL, warn, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "in the past"));
	OK(cw_date_rules(&cw, D(2025, 3, 31), 600, false, NULL, NULL, warn, &e));
	/* the UK's clocks, whatever $TZ says: Sunday 30 March 2025 01:30 does
	 * not exist, Sunday 26 October 01:30 happens twice */
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(cw_date_rules(&cw, D(2025, 3, 30), 90, false, NULL,
	                               NULL, warn, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "01:30 on 2025-03-30 does not exist (the "
	                       "clocks go forward); 2025-03-30 is not a working "
	                       "day (Sunday)"));
	assert_int_equal(cw_date_rules(&cw, D(2025, 10, 26), 90, false, NULL,
	                               NULL, warn, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "happens twice"));
	assert_int_equal(cw_date_rules(&cw, D(2025, 10, 26), 150, false, NULL,
	                               NULL, warn, &err), CP_REFUSED);
	assert_null(strstr(err.msg, "twice"));
	assert_int_equal(cw_date_rules(&cw, D(2025, 10, 19), 90, false, NULL,
	                               NULL, warn, &err), CP_REFUSED);
	assert_null(strstr(err.msg, "twice"));   /* not the last Sunday */
	unsetenv("TZ");
	tzset();
	warn[0] = '\0';
	OK(cw_date_rules(&cw, D(2025, 3, 30), 90, true, "the family's only day",
	                 NULL, warn, &e));
	assert_non_null(strstr(warn, "does not exist"));
	assert_int_equal(cw_date_rules(&cw, D(2025, 3, 8), 600, true, NULL, NULL,
	                               warn, &err), CP_BADINPUT);
	cw_meeting_new in = { .child_id = "C1", .type = "icpc",
	                      .date = D(2025, 3, 8), .minutes = 600,
	                      .chair = "chair1", .minute_taker = "mt1" };
	uint64_t id;
	assert_int_equal(casework_meeting_add(&cw, &in, &id, warn, &err),
	                 CP_REFUSED);
	in.force = true;
	in.reason = "the only day the family can come";
	OK(casework_meeting_add(&cw, &in, &id, warn, &e));
	assert_non_null(strstr(warn, "kept (the only day"));
	assert_int_equal(casework_meeting_move(&cw, id, D(2025, 3, 9), -2, false,
	                                       "Sunday", &mv_r, warn, &err), CP_REFUSED);
	OK(casework_meeting_move(&cw, id, D(2025, 3, 10), -2, false, "Monday",
	                         &mv_r, warn, &e));
	cw.dated = false;
}

/* An outcome recorded late books the next meeting from today, not on a
 * day already gone; one with steps still waiting to be allocated is
 * refused. */
static void test_outcome_late(void **state)
{
	(void)state;
	cp_error err;
	uint64_t id = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	cw.dated = true;
	cw.today = D(2025, 6, 9);   /* the review is due by 2025-06-12 */
	cw_outcome o = { .plan = PLAN_CP, .schedule_next = true,
	                 .next_date = CP_DATE_NONE, .next_minutes = -1 };
	uint64_t next = 0;
	OK(casework_meeting_outcome(&cw, id, &o, &next, NULL, &e));
	cp_meeting m;
	get_meeting(next, &m);
	assert_int_equal(m.date, D(2025, 6, 9));
	cp_meeting_free(&m);
	cw_meeting_new in = { .child_id = "C2", .type = "icpc",
	                      .date = D(2025, 6, 10), .minutes = 600,
	                      .chair = "chair2" };   /* no minute taker */
	uint64_t bare;
	OK(casework_meeting_add(&cw, &in, &bare, NULL, &e));
	cw.today = D(2025, 6, 10);
	assert_int_equal(casework_meeting_outcome(&cw, bare, &o, NULL, NULL,
	                                          &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "allocate them first"));
	cw.dated = false;
}

/* ---- issue 6: reassign, leaving, reads on the record -------------------- */
typedef struct audit_count {
	const char *action;
	int n;
	char last_after[512];
} audit_count;

static bool count_audit(void *ctx, const cp_audit *a)
{
	audit_count *c = ctx;
	if (!strcmp(a->action, c->action)) {
		c->n++;
		snprintf(c->last_after, sizeof c->last_after, "%s", a->after);
	}
	return true;
}

static int audits(const char *action, const char *child, char *after)
{
	audit_count c = { .action = action };
	store_audit_filter f = { .child_id = child };
	store_txn *t;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_audit_scan(t, &f, count_audit, &c, &e));
	store_read_end(t);
	if (after)
		snprintf(after, 512, "%s", c.last_after);
	return c.n;
}

static void get_worker(const char *login, cp_worker *w)
{
	store_txn *t;
	bool found;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_worker_get(t, login, w, &found, &e));
	store_read_end(t);
	assert_true(found);
}

/* Open tasks assigned to login (any child). */
static int open_tasks_of(const char *login)
{
	int n = 0;
	store_txn *t;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_tasks_for_assignee(t, login, TASK_OPEN, CP_DATE_NONE,
	                            STORE_DATE_MAX, 0, count_task, &n, &e));
	store_read_end(t);
	return n;
}

typedef struct add_task_ctx { casework *cw; cp_task *k; } add_task_ctx;
static cp_status add_task_fn(store_txn *t, void *ctx, cp_error *err)
{
	add_task_ctx *a = ctx;
	return casework_task_add_txn(a->cw, t, a->k, err);
}

static void add_child(const char *id, const char *sw)
{
	cp_child c;
	cp_child_init(&c);
	c.id = (char *)id; c.name = (char *)id; c.social_worker = (char *)sw;
	OK(casework_child_add(&cw, &c, &e));
}

static void test_reassign_all_work(void **state)
{
	(void)state;
	add_worker("sw3", ROLE_BIT(ROLE_SOCIAL_WORKER), "tm1");
	uint64_t m1 = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	uint64_t m2 = add_icpc("C2", D(2025, 3, 19), "chair1", "mt1", NULL);
	tasks ts;
	tasks_of(m1, &ts);
	uint64_t done_id = task_by_step(&ts, "invite-list")->id;
	tasks_free(&ts);
	OK(casework_task_done(&cw, done_id, "sw1", 0, "sent", &e));
	/* an open task of sw1's on a child allocated to someone else */
	cp_task extra;
	cp_task_init(&extra);
	extra.meeting_id = m2; extra.child_id = "C2"; extra.step_id = "visit";
	extra.role = ROLE_SOCIAL_WORKER; extra.title = "Cover visit";
	extra.assignee = "sw1"; extra.due = D(2025, 3, 14);
	extra.status = TASK_OPEN; extra.kind = TASK_ESCALATION;
	add_task_ctx at = { &cw, &extra };
	OK(store_write(cw.st, add_task_fn, &at, &e));
	int sw1_open = open_tasks_of("sw1");
	assert_int_equal(sw1_open, 2 + 1);   /* C1: 3 SW steps, one done */

	/* a dry run counts and writes nothing */
	cw_reassign in = { .from = "sw1", .to = "sw3", .reason = "Left",
	                   .dry_run = true };
	cw_work_counts n, dry;
	uint64_t before = changes();
	OK(casework_reassign(&cw, &in, &dry, &e));
	assert_true(changes() == before);
	assert_int_equal(dry.children, 1);
	assert_int_equal(dry.tasks, 3);
	assert_int_equal(dry.meetings, 0);
	assert_int_equal(open_tasks_of("sw1"), 3);

	in.dry_run = false;
	OK(casework_reassign(&cw, &in, &n, &e));
	assert_memory_equal(&n, &dry, sizeof n);
	cp_child c;
	get_child("C1", &c);
	assert_string_equal(c.social_worker, "sw3");
	cp_child_free(&c);
	get_child("C2", &c);
	assert_string_equal(c.social_worker, "sw2");   /* not sw1's child */
	cp_child_free(&c);
	assert_int_equal(open_tasks_of("sw1"), 0);
	assert_int_equal(open_tasks_of("sw3"), 3);
	/* the done task never changes */
	tasks_of(m1, &ts);
	const cp_task *dk = task_by_step(&ts, "invite-list");
	assert_int_equal(dk->status, TASK_DONE);
	assert_string_equal(dk->assignee, "sw1");
	tasks_free(&ts);
	/* audited: one entry per changed record, one "reassign" */
	char after[512];
	assert_int_equal(audits("child.reassign", "C1", NULL), 1);
	assert_int_equal(audits("task.reassign", NULL, NULL), 3);
	assert_int_equal(audits("reassign", NULL, after), 1);
	assert_non_null(strstr(after, "reason=\"Left\""));
	assert_non_null(strstr(after, "tasks=3"));
	OK(casework_check_meetings(&cw, NULL, &e));

	/* the chair's meetings and tasks: chair1 -> chair2 */
	in = (cw_reassign){ .from = "chair1", .to = "chair2", .reason = "Ill" };
	OK(casework_reassign(&cw, &in, &n, &e));
	assert_int_equal(n.meetings, 2);
	assert_int_equal(n.chaired, 2);
	assert_int_equal(n.clerked, 0);
	assert_int_equal(n.children, 0);
	assert_int_equal(open_tasks_of("chair1"), 0);
	cp_meeting m;
	get_meeting(m2, &m);
	assert_string_equal(m.chair, "chair2");
	assert_string_equal(m.minute_taker, "mt1");
	cp_meeting_free(&m);

	/* managed workers: tm1 -> a new team manager */
	add_worker("tm2", ROLE_BIT(ROLE_TEAM_MANAGER), "sm1");
	in = (cw_reassign){ .from = "tm1", .to = "tm2", .reason = "Restructure" };
	OK(casework_reassign(&cw, &in, &n, &e));
	assert_int_equal(n.workers, 2);   /* sw1 and sw3 */
	cp_worker w;
	get_worker("sw3", &w);
	assert_string_equal(w.manager, "tm2");
	cp_worker_free(&w);
	assert_int_equal(audits("worker.reassign", NULL, NULL), 2);

	/* nothing left to move: CP_OK, all zero, nothing written */
	before = changes();
	in = (cw_reassign){ .from = "sw1", .to = "sw3", .reason = "again" };
	OK(casework_reassign(&cw, &in, &n, &e));
	assert_int_equal(n.children + n.tasks + n.meetings + n.workers, 0);
	assert_true(changes() == before);
	assert_int_equal(audits("reassign", NULL, NULL), 3);
}

static void test_reassign_one_child(void **state)
{
	(void)state;
	add_worker("sw3", ROLE_BIT(ROLE_SOCIAL_WORKER), "tm1");
	add_child("C3", "sw1");
	uint64_t m1 = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	uint64_t m3 = add_icpc("C3", D(2025, 3, 19), "chair1", "mt1", NULL);
	cw_reassign in = { .from = "sw1", .to = "sw3", .child_id = "C1",
	                   .reason = "Transfer" };
	cw_work_counts n;
	OK(casework_reassign(&cw, &in, &n, &e));
	assert_int_equal(n.children, 1);
	assert_int_equal(n.tasks, 3);
	assert_int_equal(n.workers, 0);
	cp_child c;
	get_child("C3", &c);
	assert_string_equal(c.social_worker, "sw1");   /* untouched */
	cp_child_free(&c);
	tasks ts;
	tasks_of(m3, &ts);
	assert_string_equal(task_by_step(&ts, "invite-list")->assignee, "sw1");
	tasks_free(&ts);
	tasks_of(m1, &ts);
	assert_string_equal(task_by_step(&ts, "invite-list")->assignee, "sw3");
	tasks_free(&ts);
	/* a chair hands over one child's conference */
	in = (cw_reassign){ .from = "chair1", .to = "chair2", .child_id = "C3",
	                    .reason = "Clash" };
	OK(casework_reassign(&cw, &in, &n, &e));
	assert_int_equal(n.meetings, 1);
	assert_int_equal(n.children, 0);
	cp_meeting m;
	get_meeting(m1, &m);
	assert_string_equal(m.chair, "chair1");
	cp_meeting_free(&m);
	get_meeting(m3, &m);
	assert_string_equal(m.chair, "chair2");
	cp_meeting_free(&m);
	/* an unknown child is bad input */
	cp_error err;
	in.child_id = "NOPE";
	assert_int_equal(casework_reassign(&cw, &in, &n, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "NOPE"));
}

static void test_reassign_refusals(void **state)
{
	(void)state;
	cp_error err;
	add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	add_worker("gone", ROLE_BIT(ROLE_CP_CHAIR), NULL);
	OK(casework_worker_leave(&cw, "gone", "retired", &e));
	uint64_t before = changes();
	cw_work_counts n;
	cw_reassign in = { .from = "chair1", .to = "sw2", .reason = "x" };
	/* TO lacks the chair's role: the first item and how many */
	assert_int_equal(casework_reassign(&cw, &in, &n, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "cp-chair"));
	assert_non_null(strstr(err.msg, "'sw2'"));
	assert_non_null(strstr(err.msg, "of the moves"));
	/* a team manager's work needs a team manager */
	in = (cw_reassign){ .from = "tm1", .to = "sw2", .reason = "x" };
	assert_int_equal(casework_reassign(&cw, &in, &n, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "team-manager"));
	assert_non_null(strstr(err.msg, "managing social worker sw1"));
	in = (cw_reassign){ .from = "chair1", .to = "chair1", .reason = "x" };
	assert_int_equal(casework_reassign(&cw, &in, &n, &err), CP_REFUSED);
	in.to = "nobody";
	assert_int_equal(casework_reassign(&cw, &in, &n, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "nobody"));
	in = (cw_reassign){ .from = "nobody", .to = "chair2", .reason = "x" };
	assert_int_equal(casework_reassign(&cw, &in, &n, &err), CP_REFUSED);
	in = (cw_reassign){ .from = "chair1", .to = "gone", .reason = "x" };
	assert_int_equal(casework_reassign(&cw, &in, &n, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "has left"));
	in = (cw_reassign){ .from = "chair1", .to = "chair2", .reason = "" };
	assert_int_equal(casework_reassign(&cw, &in, &n, &err), CP_BADINPUT);
	assert_true(changes() == before);
	assert_int_equal(open_tasks_of("chair1"), 4);   /* untouched */
}

static void test_worker_leave(void **state)
{
	(void)state;
	cp_error err;
	add_worker("sw3", ROLE_BIT(ROLE_SOCIAL_WORKER), "tm1");
	add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	/* sw1 holds C1 and its open tasks */
	assert_int_equal(casework_worker_leave(&cw, "sw1", "moving", &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "1 child"));
	assert_non_null(strstr(err.msg, "3 open tasks"));
	assert_non_null(strstr(err.msg, "cpdesk reassign --from sw1"));
	/* tm1 manages current workers */
	assert_int_equal(casework_worker_leave(&cw, "tm1", "moving", &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "current workers"));
	assert_int_equal(casework_worker_leave(&cw, "sw1", "", &err),
	                 CP_BADINPUT);
	assert_int_equal(casework_worker_leave(&cw, "ghost", "x", &err),
	                 CP_BADINPUT);
	cw_reassign in = { .from = "sw1", .to = "sw3", .reason = "Leaving" };
	OK(casework_reassign(&cw, &in, NULL, &e));
	OK(casework_worker_leave(&cw, "sw1", "moving", &e));
	cp_worker w;
	get_worker("sw1", &w);
	assert_true(w.left);
	cp_worker_free(&w);
	char after[512];
	assert_int_equal(audits("worker.left", NULL, after), 1);
	assert_non_null(strstr(after, "reason=\"moving\""));
	assert_int_equal(casework_worker_leave(&cw, "sw1", "again", &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "already left"));
	/* no new work for a leaver */
	cp_child c;
	cp_child_init(&c);
	c.id = "C9"; c.name = "Nine"; c.social_worker = "sw1";
	assert_int_equal(casework_child_add(&cw, &c, &err), CP_REFUSED);
	in = (cw_reassign){ .from = "sw3", .to = "sw1", .reason = "back" };
	assert_int_equal(casework_reassign(&cw, &in, NULL, &err), CP_REFUSED);
}

/* A policy whose ICPC invite list is the team manager's, not the social
 * worker's: the same step id with another role. */
static void write_rolechange(char *path, size_t size)
{
	char *gen = realpath("policies/generic.yaml", NULL);
	assert_non_null(gen);
	snprintf(path, size, "%.200s/rolechange.yaml", dir);
	*strrchr(path, '/') = '\0';
	*strrchr(path, '/') = '\0';
	strcat(path, "/rolechange.yaml");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
	    "policy: rolechange\n"
	    "title: \"Generic, invite list by the team manager\"\n"
	    "extends: %s\n"
	    "meetings:\n"
	    "  icpc:\n"
	    "    steps:\n"
	    "      - id: invite-list\n"
	    "        role: team-manager\n"
	    "        title: \"Complete the invite list\"\n"
	    "        due: 10 working days before meeting\n"
	    "        source: \"test: the team manager does it\"\n", gen);
	fclose(f);
	free(gen);
}

static void test_policy_switch_reassigns_role(void **state)
{
	(void)state;
	cp_error err;
	char path[512];
	write_rolechange(path, sizeof path);
	uint64_t m1 = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	uint64_t m2 = add_icpc("C2", D(2025, 3, 19), "chair1", "mt1", NULL);
	cw_policy_src src;
	OK(casework_policy_read(path, &src, &e));
	policy_cal cc;
	OK(policy_cal_open(&cc, "data/bank-holidays.json", src.pol, NULL, &e));
	/* C2's social worker sw2 has no manager: nobody holds the new role */
	cw_policy_diff d;
	assert_int_equal(casework_policy_diff(&cw, src.pol, &cc.cal, &d, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "sw2"));
	assert_non_null(strstr(err.msg, "manager"));
	assert_int_equal(casework_policy_use(&cw, &src, &cc.cal, "TM", NULL,
	                                     NULL, &err), CP_REFUSED);
	const char *sg[] = { "sg1" };
	OK(casework_meeting_cancel_agreed(&cw, m2, "not needed", sg, 1, &e));
	OK(casework_policy_diff(&cw, src.pol, &cc.cal, &d, &e));
	size_t nre = 0;
	uint64_t tid = 0;
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].kind == CW_REASSIGNED) {
			nre++;
			tid = d.v[i].task_id;
			assert_string_equal(d.v[i].from_login, "sw1");
			assert_string_equal(d.v[i].to_login, "tm1");
			assert_int_equal(d.v[i].role_from, ROLE_SOCIAL_WORKER);
			assert_int_equal(d.v[i].role_to, ROLE_TEAM_MANAGER);
		}
	assert_int_equal(nre, 1);
	cw_policy_diff used;
	cw_use_opts list = { .list = true };
	OK(casework_policy_use(&cw, &src, &cc.cal, "TM does invites", &list,
	                       &used, &e));
	assert_int_equal(used.n, d.n);
	tasks ts;
	tasks_of(m1, &ts);
	const cp_task *k = task_by_step(&ts, "invite-list");
	assert_true(k->id == tid);
	assert_string_equal(k->assignee, "tm1");
	assert_int_equal(k->role, ROLE_TEAM_MANAGER);
	assert_int_equal(k->status, TASK_OPEN);
	tasks_free(&ts);
	char after[512], want[128];
	/* one compact entry for the meeting, under its child */
	assert_int_equal(audits("policy.use.tasks", "C1", after), 1);
	snprintf(want, sizeof want, "reassigned=\"%llu invite-list "
	         "social-worker:sw1->team-manager:tm1\"", (unsigned long long)tid);
	assert_non_null(strstr(after, want));
	assert_int_equal(audits("task.reassign", NULL, NULL), 0);
	assert_int_equal(audits("policy.use", NULL, after), 1);
	assert_non_null(strstr(after, "reassigned=1"));
	/* switched: the same policy again changes nothing */
	casework_close(&cw);
	OK(casework_open(&cw, dir, "data/bank-holidays.json", "admin", &e));
	OK(casework_check_meetings(&cw, NULL, &e));
	cw_policy_diff again;
	OK(casework_policy_diff(&cw, src.pol, &cc.cal, &again, &e));
	for (size_t i = 0; i < again.n; i++)
		assert_true(again.v[i].kind != CW_REASSIGNED);
	casework_policy_diff_free(&again);
	casework_policy_diff_free(&d);
	casework_policy_diff_free(&used);
	policy_cal_close(&cc);
	casework_policy_src_free(&src);
	remove(path);
}

/* A policy with two new ICPC steps, one before the meeting and one
 * after it. */
static void write_newsteps(char *path, size_t size)
{
	char *gen = realpath("policies/generic.yaml", NULL);
	assert_non_null(gen);
	snprintf(path, size, "%.200s", dir);
	*strrchr(path, '/') = '\0';
	strcat(path, "/newsteps.yaml");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
	    "policy: newsteps\n"
	    "title: \"Generic, with two more ICPC steps\"\n"
	    "extends: %s\n"
	    "meetings:\n"
	    "  icpc:\n"
	    "    steps:\n"
	    "      - id: early-check\n"
	    "        role: social-worker\n"
	    "        title: \"Check the invite list again\"\n"
	    "        due: 4 working days before meeting\n"
	    "        source: \"test: a new step before the meeting\"\n"
	    "      - id: late-letter\n"
	    "        role: social-worker\n"
	    "        title: \"Write to the family\"\n"
	    "        due: 2 working days after meeting\n"
	    "        source: \"test: a new step after the meeting\"\n", gen);
	fclose(f);
	free(gen);
}

static const cp_task *task_of_step(const tasks *ts, const char *step)
{
	for (int i = 0; i < ts->n; i++)
		if (!strcmp(ts->k[i].step_id, step))
			return &ts->k[i];
	return NULL;
}

static int policy_tasks_by(const char *login)
{
	audit_count c = { .action = "policy.use.tasks" };
	store_audit_filter f = { .login = login };
	store_txn *t;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_audit_scan(t, &f, count_audit, &c, &e));
	store_read_end(t);
	return c.n;
}

/* A switch changes the future, not history: a held meeting is left as
 * it is, a cancelled one gets no task, and a new step due before today
 * is skipped (counted, listed, never added).  One compact audit entry
 * per meeting changed, found by child and by user; check-store passes
 * after (the skipped step may have no task), and still finds a missing
 * one. */
static void test_policy_switch_leaves_history(void **state)
{
	(void)state;
	cp_error err;
	char path[512], after[512], want[160];
	write_newsteps(path, sizeof path);
	uint64_t held = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	cw_outcome o = { .plan = PLAN_NONE, .next_minutes = -1 };
	OK(casework_meeting_outcome(&cw, held, &o, NULL, NULL, &e));
	uint64_t sched = add_icpc("C2", D(2025, 4, 2), "chair2", "mt1", NULL);
	uint64_t canc = add_icpc("C2", D(2025, 6, 4), "chair2", "mt1", NULL);
	const char *sg[] = { "sg1" };
	OK(casework_meeting_cancel_agreed(&cw, canc, "not needed", sg, 1, &e));
	tasks th0;
	tasks_of(held, &th0);
	/* today falls between sched's new early-check (due 2025-03-27) and
	 * its late-letter (2025-04-04) */
	cw.dated = true;
	cw.today = D(2025, 3, 28);
	cw_policy_src src;
	OK(casework_policy_read(path, &src, &e));
	policy_cal cc;
	OK(policy_cal_open(&cc, "data/bank-holidays.json", src.pol, NULL, &e));
	cw_policy_diff d;
	OK(casework_policy_diff(&cw, src.pol, &cc.cal, &d, &e));
	assert_int_equal(d.meetings, 3);
	assert_int_equal(d.history, 1);
	assert_int_equal(d.tot[CW_ADDED], 1);
	assert_int_equal(d.tot[CW_SKIPPED], 1);
	assert_int_equal(d.changed, 1);
	assert_int_equal(d.n, 2);
	for (size_t i = 0; i < d.n; i++) {
		assert_int_equal(d.v[i].meeting_id, sched);
		assert_string_equal(d.v[i].step_id, d.v[i].kind == CW_SKIPPED ?
		                    "early-check" : "late-letter");
		assert_true(d.v[i].kind == CW_SKIPPED ? d.v[i].to < cw.today
		                                      : d.v[i].to >= cw.today);
	}
	casework_policy_diff_free(&d);
	/* the short form: counts, no list */
	OK(casework_policy_use(&cw, &src, &cc.cal, "New steps", NULL, &d, &e));
	assert_int_equal(d.n, 0);
	assert_int_equal(d.tot[CW_ADDED], 1);
	assert_int_equal(d.tot[CW_SKIPPED], 1);
	assert_true(d.audit_first > 0 && d.audit_last == d.audit_first);
	assert_true(d.audit_switch == d.audit_last + 1);
	casework_policy_diff_free(&d);
	tasks th, ts, tc;
	tasks_of(held, &th);
	tasks_of(sched, &ts);
	tasks_of(canc, &tc);
	/* the held meeting: every task exactly as before */
	assert_int_equal(th.n, th0.n);
	for (int i = 0; i < th.n; i++) {
		assert_int_equal(th.k[i].id, th0.k[i].id);
		assert_int_equal(th.k[i].status, th0.k[i].status);
		assert_int_equal(th.k[i].due, th0.k[i].due);
		assert_string_equal(th.k[i].assignee, th0.k[i].assignee);
	}
	assert_null(task_of_step(&th, "late-letter"));
	assert_null(task_of_step(&ts, "early-check"));   /* before today */
	const cp_task *late = task_of_step(&ts, "late-letter");
	assert_non_null(late);
	assert_int_equal(late->status, TASK_OPEN);
	assert_int_equal(late->due, D(2025, 4, 4));
	assert_null(task_of_step(&tc, "early-check"));
	assert_null(task_of_step(&tc, "late-letter"));
	/* audit: per meeting changed, by child and by the user who switched */
	assert_int_equal(audits("policy.use.tasks", "C1", after), 0);
	assert_int_equal(audits("policy.use.tasks", "C2", after), 1);
	snprintf(want, sizeof want, "added=\"%llu late-letter due 2025-04-04 "
	         "to sw2\"", (unsigned long long)late->id);
	assert_non_null(strstr(after, want));
	assert_non_null(strstr(after, "skipped=\"early-check due 2025-03-27\""));
	assert_non_null(strstr(after, "policy=generic->newsteps"));
	snprintf(want, sizeof want, "meeting=%llu type=icpc date=2025-04-02 "
	         "status=scheduled", (unsigned long long)sched);
	assert_non_null(strstr(after, want));
	assert_int_equal(policy_tasks_by("admin"), 1);
	assert_int_equal(policy_tasks_by("sw1"), 0);
	assert_int_equal(audits("task.add", NULL, NULL), 0);
	assert_int_equal(audits("policy.use", NULL, after), 1);
	assert_non_null(strstr(after, "added=1"));
	assert_non_null(strstr(after, "skipped=1"));
	assert_non_null(strstr(after, "history-meetings=1"));
	assert_non_null(strstr(after, "reason=\"New steps\""));
	/* check-store agrees as of that day, and still finds the scheduled
	 * meeting's later step gone (its task put under another step) */
	casework_close(&cw);
	OK(casework_open(&cw, dir, "data/bank-holidays.json", "admin", &e));
	cw.dated = true;
	cw.today = D(2025, 3, 28);
	OK(casework_check_meetings(&cw, NULL, &e));
	cp_task k = *late;
	k.step_id = "early-check";
	put_task p = { &k };
	OK(store_write(cw.st, put_task_fn, &p, &e));
	assert_int_equal(casework_check_meetings(&cw, NULL, &err), CP_FAILED);
	assert_non_null(strstr(err.msg, "'late-letter' has 0 tasks"));
	k.step_id = "late-letter";
	OK(store_write(cw.st, put_task_fn, &p, &e));
	OK(casework_check_meetings(&cw, NULL, &e));
	/* switched: the same policy again changes nothing */
	OK(casework_policy_diff(&cw, src.pol, &cc.cal, &d, &e));
	assert_int_equal(d.n, 1);   /* the skipped step, still before today */
	assert_int_equal(d.v[0].kind, CW_SKIPPED);
	casework_policy_diff_free(&d);
	tasks_free(&th0);
	tasks_free(&th);
	tasks_free(&ts);
	tasks_free(&tc);
	policy_cal_close(&cc);
	casework_policy_src_free(&src);
	remove(path);
}

/* The open tasks of ts, as "id due assignee" lines, in order of id. */
static void open_of(const tasks *ts, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < ts->n; i++)
		if (ts->k[i].status == TASK_OPEN && n < size)
			n += (size_t)snprintf(buf + n, size - n, "%llu %d %s\n",
			                      (unsigned long long)ts->k[i].id,
			                      (int)ts->k[i].due, ts->k[i].assignee);
}

static void open_now(uint64_t m, char *buf, size_t size)
{
	tasks ts;
	tasks_of(m, &ts);
	open_of(&ts, buf, size);
	tasks_free(&ts);
}

/* A switch is kept and undone: policy undo, and policy use of the
 * policy it replaced, put the open tasks back exactly; a task the
 * switch added and someone did since stops the undo unless forced. */
static void test_policy_undo(void **state)
{
	(void)state;
	cp_error err;
	char before[4096], now[4096];
	uint64_t m = add_icpc("C1", D(2025, 4, 2), "chair1", "mt1", NULL);
	cw.dated = true;
	cw.today = D(2025, 3, 1);
	open_now(m, before, sizeof before);
	cw_undo u;
	assert_int_equal(casework_policy_undo(&cw, NULL, false, &u, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "nothing to undo"));
	cw_policy_src hou, gen;
	policy_cal hc, gc;
	OK(casework_policy_read("policies/hounslow.yaml", &hou, &e));
	OK(policy_cal_open(&hc, "data/bank-holidays.json", hou.pol, NULL, &e));
	OK(casework_policy_read("policies/generic.yaml", &gen, &e));
	OK(policy_cal_open(&gc, "data/bank-holidays.json", gen.pol, NULL, &e));
	cw_policy_diff d;
	OK(casework_policy_use(&cw, &hou, &hc.cal, "To Hounslow", NULL, &d, &e));
	assert_int_equal(d.switch_id, 1);
	assert_null(d.back);
	assert_true(d.tot[CW_ADDED] > 0 && d.tot[CW_DROPPED] > 0);
	casework_policy_diff_free(&d);
	open_now(m, now, sizeof now);
	assert_string_not_equal(now, before);
	/* the preview, then policy undo */
	OK(casework_policy_undo_preview(&cw, &gen, &u, &e));
	assert_int_equal(u.id, 1);
	assert_true(u.undoable);
	OK(casework_policy_undo_preview(&cw, &hou, &u, &e));
	assert_int_equal(u.id, 0);   /* not the policy it replaced */
	OK(casework_policy_undo(&cw, "Wrong file", false, &u, &e));
	assert_int_equal(u.id, 1);
	assert_true(u.reopened > 0 && u.cancelled > 0 && !u.changed);
	assert_true(u.audit_undo > 0);
	open_now(m, now, sizeof now);
	assert_string_equal(now, before);
	OK(casework_check_meetings(&cw, NULL, &e));
	assert_int_equal(casework_policy_undo(&cw, NULL, false, &u, &err),
	                 CP_REFUSED);
	/* policy use of the policy replaced: the same undo */
	OK(casework_policy_use(&cw, &hou, &hc.cal, "Again", NULL, &d, &e));
	casework_policy_diff_free(&d);
	OK(casework_policy_use(&cw, &gen, &gc.cal, "Back", NULL, &d, &e));
	assert_non_null(d.back);
	assert_true(d.back->undoable);
	assert_int_equal(d.switch_id, 0);
	casework_policy_diff_free(&d);
	open_now(m, now, sizeof now);
	assert_string_equal(now, before);
	/* a task the switch added, done since: refused, then forced */
	OK(casework_policy_use(&cw, &hou, &hc.cal, "Once more", NULL, &d, &e));
	casework_policy_diff_free(&d);
	tasks ts;
	tasks_of(m, &ts);
	uint64_t added = 0;
	for (int i = 0; i < ts.n; i++)
		if (ts.k[i].status == TASK_OPEN && ts.k[i].id > added)
			added = ts.k[i].id;
	tasks_free(&ts);
	OK(casework_task_done(&cw, added, "sw1", 0, NULL, &e));
	assert_int_equal(casework_policy_undo(&cw, NULL, false, &u, &err),
	                 CP_REFUSED);
	char want[64];
	snprintf(want, sizeof want, "task %llu (done)", (unsigned long long)added);
	assert_non_null(strstr(err.msg, want));
	assert_non_null(strstr(err.msg, "--force"));
	OK(casework_policy_undo(&cw, NULL, true, &u, &e));
	assert_int_equal(u.changed, 1);
	open_now(m, now, sizeof now);
	assert_string_equal(now, before);
	tasks_of(m, &ts);
	for (int i = 0; i < ts.n; i++)
		if (ts.k[i].id == added)
			assert_int_equal(ts.k[i].status, TASK_DONE);
	tasks_free(&ts);
	policy_cal_close(&hc);
	policy_cal_close(&gc);
	casework_policy_src_free(&hou);
	casework_policy_src_free(&gen);
}

static void test_child_viewed(void **state)
{
	(void)state;
	cp_error err;
	uint64_t m1 = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	uint64_t before = changes();
	cw.actor = "sw1";
	OK(casework_child_viewed(&cw, "C1", "console", &e));
	OK(casework_meeting_viewed(&cw, m1, "meeting show", &e));
	cw.actor = "admin";
	/* on the record, but no console is told to redraw */
	assert_true(changes() == before);
	char after[512];
	assert_int_equal(audits("child.view", "C1", after), 2);
	assert_non_null(strstr(after, "how=\"meeting show\""));
	store_audit_filter f = { .login = "sw1" };
	audit_count c = { .action = "child.view" };
	store_txn *t;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_audit_scan(t, &f, count_audit, &c, &e));
	store_read_end(t);
	assert_int_equal(c.n, 2);
	assert_int_equal(casework_child_viewed(&cw, "NOPE", "console", &err),
	                 CP_BADINPUT);
	assert_int_equal(casework_meeting_viewed(&cw, 999, "meeting show", &err),
	                 CP_BADINPUT);
	assert_int_equal(casework_child_viewed(&cw, "C1", "", &err),
	                 CP_BADINPUT);
	assert_int_equal(audits("child.view", NULL, NULL), 2);
}

/* The store's bank holidays are its own: a file is read only for a
 * division the store keeps none of, and a copy is kept; after that a
 * changed or removed file changes nothing (issue 15: nobody's file may
 * move the dates written for everyone; `holidays use` does, audited). */
static void test_holidays_kept(void **state)
{
	(void)state;
	char path[300], cmd[700];
	snprintf(path, sizeof path, "%s.bh.json", dir);
	snprintf(cmd, sizeof cmd, "cp data/bank-holidays.json '%s'", path);
	assert_int_equal(system(cmd), 0);
	holiday_file *hf = NULL;
	/* the store keeps england-and-wales since it opened: the file is not
	 * read for it, even one that does not exist */
	OK(casework_load_holidays(cw.st, "/nonexistent.json", "england-and-wales",
	                          &hf, &e));
	assert_int_equal(hf->ndivisions, 1);
	holidays_free(hf);
	/* another division: the file (every division), and a copy kept */
	OK(casework_load_holidays(cw.st, path, "scotland", &hf, &e));
	assert_true(hf->ndivisions > 1);
	holidays_free(hf);
	OK(casework_load_holidays(cw.st, path, "scotland", &hf, &e));
	assert_int_equal(hf->ndivisions, 1);
	assert_string_equal(hf->divisions[0].name, "scotland");
	assert_non_null(holidays_division(hf, "scotland"));
	assert_string_equal(hf->path, path);    /* where the copy came from */
	holidays_free(hf);
	/* the file rewritten, then gone: the kept copy all the same */
	snprintf(cmd, sizeof cmd, "sleep 0.01; touch '%s'", path);
	assert_int_equal(system(cmd), 0);
	OK(casework_load_holidays(cw.st, path, "scotland", &hf, &e));
	assert_int_equal(hf->ndivisions, 1);
	holidays_free(hf);
	snprintf(cmd, sizeof cmd, "rm '%s'", path);
	assert_int_equal(system(cmd), 0);
	OK(casework_load_holidays(cw.st, path, "scotland", &hf, &e));
	assert_int_equal(hf->ndivisions, 1);
	holidays_free(hf);
	/* a division it keeps none of, with no file: an error naming it */
	cp_error gone;
	assert_int_equal(casework_load_holidays(cw.st, path, "northern-ireland",
	                                        &hf, &gone), CP_BADINPUT);
	assert_non_null(strstr(gone.msg, path));
}

/* ---- core groups (issue 18, item 4) ------------------------------------ */
typedef struct child_meetings {
	const char *type;
	int n;
	cp_meeting m[8];
} child_meetings;

static bool keep_of_type(void *ctx, const cp_meeting *m)
{
	child_meetings *c = ctx;
	if (strcmp(m->type, c->type) || c->n == 8)
		return true;
	cp_meeting_copy(&c->m[c->n++], m, NULL);
	return true;
}

static void meetings_of(const char *child, const char *type,
                        child_meetings *out)
{
	store_txn *t;
	memset(out, 0, sizeof *out);
	out->type = type;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_meetings_for_child(t, child, keep_of_type, out, &e));
	store_read_end(t);
}

static void meetings_free(child_meetings *c)
{
	for (int i = 0; i < c->n; i++)
		cp_meeting_free(&c->m[i]);
}

/* Rows of kind k in the exception report of the week of `date`. */
static size_t exception_rows(cp_date date, list_exception_kind k,
                             const char *item)
{
	list_table lt;
	size_t n = 0;
	OK(lists_build(&cw, LIST_EXCEPTIONS, date, cw.today, &lt, &e));
	for (size_t i = 0; i < lt.nrows; i++)
		n += lt.rows[i].kind == k &&
		     strstr(lt.rows[i].cells[6], item) != NULL;
	list_table_free(&lt);
	return n;
}

/* An ICPC that starts a plan books the first core group (chaired by
 * the social worker, within 10 working days, the policy's margin before
 * it) with its steps; its outcome books the next at 6 weeks; one not
 * held by its latest date is an exception; a review deciding no plan
 * withdraws the core group booked after it. */
static void test_core_groups(void **state)
{
	(void)state;
	char warn[CW_WARN_MAX];
	cw.dated = true;
	cw.today = D(2025, 3, 12);
	uint64_t icpc = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	cw_outcome o = { .plan = PLAN_CP, .schedule_next = true,
	                 .next_date = CP_DATE_NONE, .next_minutes = -2 };
	uint64_t rcpc = 0, next = 0;
	OK(casework_meeting_outcome(&cw, icpc, &o, &rcpc, warn, &e));
	assert_non_null(strstr(warn, "also booked: core-group"));
	child_meetings cg;
	meetings_of("C1", "core-group", &cg);
	assert_int_equal(cg.n, 1);
	/* latest Wed 26 March (10 working days); booked 5 before it */
	assert_int_equal(cg.m[0].cadence_by, D(2025, 3, 26));
	assert_int_equal(cg.m[0].date, D(2025, 3, 19));
	assert_string_equal(cg.m[0].chair, "sw1");
	assert_string_equal(cg.m[0].minute_taker, "");
	uint64_t first = cg.m[0].id;
	meetings_free(&cg);
	tasks ts;
	tasks_of(first, &ts);
	assert_int_equal(ts.n, 3);
	assert_int_equal(task_by_step(&ts, "invite-core-group")->due,
	                 D(2025, 3, 14));
	assert_string_equal(task_by_step(&ts, "plan-reviewed")->assignee, "sw1");
	assert_int_equal(task_by_step(&ts, "notes-circulated")->due,
	                 D(2025, 3, 26));
	tasks_free(&ts);
	/* the core group's outcome: the plan reviewed, the next booked:
	 * latest Wed 30 April (6 weeks), 5 working days before: 23 April */
	cw.today = D(2025, 3, 19);
	cw_outcome cgo = { .plan = PLAN_NA, .schedule_next = true,
	                   .next_date = CP_DATE_NONE, .next_minutes = -2 };
	OK(casework_meeting_outcome(&cw, first, &cgo, &next, warn, &e));
	assert_non_null(strstr(warn, "1 step done by the outcome"));
	cp_meeting m;
	get_meeting(next, &m);
	assert_string_equal(m.type, "core-group");
	assert_int_equal(m.cadence_by, D(2025, 4, 30));
	assert_int_equal(m.date, D(2025, 4, 23));
	assert_string_equal(m.chair, "sw1");
	cp_meeting_free(&m);
	/* not held by 30 April: in that week's exception report, not before */
	cw.today = D(2025, 4, 30);
	assert_int_equal(exception_rows(D(2025, 4, 28), LX_NOT_HELD,
	                                "Not held by 2025-04-30"), 0);
	cw.today = D(2025, 5, 6);
	assert_int_equal(exception_rows(D(2025, 4, 28), LX_NOT_HELD,
	                                "Not held by 2025-04-30"), 1);
	/* held late (recorded today): the next counts from it */
	uint64_t third = 0;
	OK(casework_meeting_outcome(&cw, next, &cgo, &third, warn, &e));
	assert_int_equal(exception_rows(D(2025, 4, 28), LX_NOT_HELD, ""), 0);
	get_meeting(third, &m);
	assert_int_equal(m.date, D(2025, 5, 28));
	cp_meeting_free(&m);
	/* the review, moved before it, decides no plan: withdrawn */
	OK(casework_meeting_move(&cw, rcpc, D(2025, 5, 20), -2, false,
	                         "the chair's diary", &mv_r, warn, &e));
	cw.today = D(2025, 5, 20);
	cw_outcome none = { .plan = PLAN_NONE, .schedule_next = false };
	OK(casework_meeting_outcome(&cw, rcpc, &none, &next, warn, &e));
	get_meeting(third, &m);
	assert_int_equal(m.status, MEETING_CANCELLED);
	assert_non_null(strstr(m.reason, "plan ended"));
	cp_meeting_free(&m);
	tasks_of(third, &ts);
	for (int i = 0; i < ts.n; i++)
		assert_int_equal(ts.k[i].status, TASK_CANCELLED);
	tasks_free(&ts);
	/* and no core group is missing now the plan is over */
	cw.today = D(2025, 7, 14);
	assert_int_equal(exception_rows(D(2025, 7, 7), LX_NOT_HELD, ""), 0);
	cw.dated = false;
}

/* A core group already booked is not booked twice; one past its latest
 * date when the outcome is recorded is left to book by hand (warn) and
 * listed as not booked. */
static void test_core_group_late_or_booked(void **state)
{
	(void)state;
	char warn[CW_WARN_MAX];
	cw.dated = true;
	cw.today = D(2025, 3, 12);
	uint64_t icpc = add_icpc("C1", D(2025, 3, 12), "chair1", "mt1", NULL);
	cw_meeting_new in = { .child_id = "C1", .type = "core-group",
	                      .date = D(2025, 3, 20), .minutes = -1 };
	uint64_t mine;
	OK(casework_meeting_add(&cw, &in, &mine, warn, &e));
	cw_outcome o = { .plan = PLAN_CP, .schedule_next = true,
	                 .next_date = CP_DATE_NONE, .next_minutes = -2 };
	uint64_t rcpc;
	OK(casework_meeting_outcome(&cw, icpc, &o, &rcpc, warn, &e));
	assert_non_null(strstr(warn, "is booked already"));
	child_meetings cg;
	meetings_of("C1", "core-group", &cg);
	assert_int_equal(cg.n, 1);
	assert_string_equal(cg.m[0].chair, "sw1");
	meetings_free(&cg);
	/* C2's ICPC recorded three weeks late */
	uint64_t late = add_icpc("C2", D(2025, 3, 12), "chair1", "mt1", NULL);
	cw.today = D(2025, 4, 2);
	OK(casework_meeting_outcome(&cw, late, &o, &rcpc, warn, &e));
	assert_non_null(strstr(warn, "already past: not booked"));
	meetings_of("C2", "core-group", &cg);
	assert_int_equal(cg.n, 0);
	assert_int_equal(exception_rows(D(2025, 3, 24), LX_NOT_HELD,
	                                "Not booked: Core group meeting"), 1);
	cw.dated = false;
}

/* ---- the monthly case mapping (003 point 4) ----------------------------- */
static void in_need(const char *id, const char *sw, cp_date since)
{
	cp_child c;
	cp_child_init(&c);
	c.id = (char *)id; c.name = (char *)id; c.social_worker = (char *)sw;
	OK(child_open_since(&c, since, CP_DATE_NONE, CP_DATE_NONE, &e));
	OK(casework_child_add(&cw, &c, &e));
	child_episodes_free(&c);
}

/* The child's row of the month's list, or NULL (rows freed by caller). */
static const lists_mapping_due *row_of(lists_mapping_due *v, size_t n,
                                       const char *child)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].child_id, child))
			return &v[i];
	return NULL;
}

static void month_list(cp_date month, lists_mapping_due **v, size_t *n)
{
	store_txn *t;
	OK(store_read_begin(cw.st, &t, &e));
	OK(lists_mapping_due_txn(&cw, t, month, v, n, &e));
	store_read_end(t);
}

static cp_consult mapping(const char *kind, const char *child,
                          const char *chair, cp_date d)
{
	cp_consult c;
	cp_consult_init(&c);
	c.kind = (char *)kind; c.child_id = (char *)child;
	c.chair = (char *)chair; c.date = d;
	c.took_part = "sw1 and tm1"; c.plan = "Family support plan";
	return c;
}

static void test_consult_cycle(void **state)
{
	(void)state;
	cp_error err;
	lists_mapping_due *v;
	size_t n, opened, carried;
	cw.dated = true;
	cw.today = D(2025, 3, 3);
	in_need("C3", "sw1", D(2024, 1, 10));
	in_need("C4", "sw1", D(2024, 2, 10));
	in_need("C5", "sw1", D(2024, 9, 1));    /* 6 months: not yet */
	/* C4 mapped by a frontline service manager (003 point 3) lately */
	cp_consult c = mapping("re-referral-case-mapping", "C4", "sm1",
	                       D(2025, 1, 15));
	uint64_t id;
	OK(casework_consult_add(&cw, &c, false, &id, &e));
	/* a second one that day: refused unless meant */
	assert_int_equal(casework_consult_add(&cw, &c, false, &id, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "--again"));

	OK(casework_mapping_month(&cw, D(2025, 3, 1), &opened, &carried, &e));
	assert_int_equal(opened, 2);
	assert_int_equal(carried, 0);
	OK(casework_mapping_month(&cw, D(2025, 3, 1), &opened, &carried, &e));
	assert_int_equal(opened, 0);
	month_list(D(2025, 3, 1), &v, &n);
	assert_int_equal(n, 2);
	assert_null(row_of(v, n, "C5"));
	assert_int_equal(row_of(v, n, "C3")->work, CYCLE_MAP);
	assert_int_equal(row_of(v, n, "C4")->work, CYCLE_REVIEW);
	assert_int_equal(row_of(v, n, "C4")->state, MAPPING_TO_ALLOCATE);
	/* allocated within the month's first 5 working days */
	assert_int_equal(row_of(v, n, "C4")->due, D(2025, 3, 7));
	lists_mapping_due_free(v, n);

	/* C4 to chair1, then to chair2: one step, due Monday 31 March */
	uint64_t s1, s2;
	assert_int_equal(casework_mapping_allocate(&cw, "C4", "sw1",
	                 D(2025, 3, 1), &s1, &err), CP_REFUSED);
	OK(casework_mapping_allocate(&cw, "C4", "chair1", D(2025, 3, 1), &s1, &e));
	OK(casework_mapping_allocate(&cw, "C4", "chair2", D(2025, 3, 1), &s2, &e));
	assert_true(s1 == s2);
	month_list(D(2025, 3, 1), &v, &n);
	assert_string_equal(row_of(v, n, "C4")->chair, "chair2");
	assert_int_equal(row_of(v, n, "C4")->due, D(2025, 3, 31));
	lists_mapping_due_free(v, n);
	assert_int_equal(casework_mapping_allocate(&cw, "C5", "chair1",
	                 D(2025, 3, 1), &s1, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "not on the case-mapping list of March 2025"));

	/* the review: no plan said, refused; not progressing: a new
	 * mapping, chair2's, by the end of April (Wednesday 30th) */
	cw.today = D(2025, 3, 20);
	c = mapping("mapping-review", "C4", "chair2", D(2025, 3, 20));
	assert_int_equal(casework_consult_add(&cw, &c, false, &id, &err),
	                 CP_BADINPUT);
	assert_non_null(strstr(err.msg, "--progressing"));
	c.progressing = PROGRESS_NO;
	OK(casework_consult_add(&cw, &c, false, &id, &e));
	tasks ts;
	tasks_of(TASK_NO_MEETING, &ts);
	int remaps = 0, reviews_open = 0;
	for (int i = 0; i < ts.n; i++) {
		const cp_task *k = &ts.k[i];
		if (!strcmp(k->step_id, "case-mapping") && k->status == TASK_OPEN &&
		    !strcmp(k->assignee, "chair2") && k->due == D(2025, 4, 30))
			remaps++;
		reviews_open += !strcmp(k->step_id, "mapping-review") &&
		                k->status == TASK_OPEN;
	}
	tasks_free(&ts);
	assert_int_equal(remaps, 1);
	assert_int_equal(reviews_open, 0);

	/* April: C3 was never allocated: its step carried, missed */
	cw.today = D(2025, 4, 1);
	assert_int_equal(casework_mapping_month(&cw, D(2025, 3, 1), &opened,
	                 &carried, &err), CP_REFUSED);
	OK(casework_mapping_month(&cw, D(2025, 4, 1), &opened, &carried, &e));
	assert_int_equal(opened, 1);
	assert_int_equal(carried, 1);
	month_list(D(2025, 4, 1), &v, &n);
	assert_int_equal(row_of(v, n, "C3")->carried_from, D(2025, 3, 7));
	assert_int_equal(row_of(v, n, "C4")->state, MAPPING_ALLOCATED);
	assert_int_equal(row_of(v, n, "C4")->work, CYCLE_MAP);
	lists_mapping_due_free(v, n);
	/* May opened early, on 10 April: April's steps are not carried
	 * before April is over, and are not taken from their chairs */
	cw.today = D(2025, 4, 10);
	OK(casework_mapping_month(&cw, D(2025, 5, 1), &opened, &carried, &e));
	assert_int_equal(carried, 0);
	assert_int_equal(opened, 0);
	assert_int_equal(casework_mapping_allocate(&cw, "C4", "chair1",
	                 D(2025, 5, 1), &s1, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "is chair2's, due 2025-04-30"));
	/* C3 mapped in April; back on November's list (again-after: 6
	 * months), not carried: March's missed step came before the mapping */
	cw.today = D(2025, 4, 15);
	OK(casework_mapping_allocate(&cw, "C3", "chair1", D(2025, 4, 1), &s1, &e));
	c = mapping("case-mapping", "C3", "chair1", D(2025, 4, 15));
	OK(casework_consult_add(&cw, &c, false, &id, &e));
	cw.today = D(2025, 11, 3);
	month_list(D(2025, 11, 1), &v, &n);
	assert_non_null(row_of(v, n, "C3"));
	assert_int_equal(row_of(v, n, "C3")->state, MAPPING_TO_ALLOCATE);
	assert_int_equal(row_of(v, n, "C3")->carried_from, CP_DATE_NONE);
	lists_mapping_due_free(v, n);
	cw.dated = false;
	cw.today = CP_DATE_NONE;
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_consult_cycle),
		T(test_holidays_kept),
		T(test_init_refuses_existing),
		T(test_meeting_add_generates_tasks),
		T(test_meeting_add_refusals_write_nothing),
		T(test_task_done_and_move),
		T(test_cancel_needs_approver),
		T(test_close_rules),
		T(test_request_all),
		T(test_request_refused_and_none),
		T(test_late_move_request),
		T(test_late_move_all),
		T(test_new_roles_pools),
		T(test_outcome_schedules_next_and_cadence),
		T(test_outcome_no_plan_stops),
		T(test_core_groups),
		T(test_core_group_late_or_booked),
		T(test_outcome_opens_and_ends_plan),
		T(test_family_icpc),
		T(test_family_refusals),
		T(test_plan_ends),
		T(test_care_episodes),
		T(test_unborn),
		T(test_family_policy_switch),
		T(test_family_each_their_own),
		T(test_book_first_allocate),
		T(test_outcome_dates),
		T(test_date_rules),
		T(test_outcome_late),
		T(test_reports_consults_audit),
		T(test_reports_truthful),
		T(test_batch),
		T(test_check_meetings),
		T(test_policy_switch),
		T(test_reassign_all_work),
		T(test_reassign_one_child),
		T(test_reassign_refusals),
		T(test_worker_leave),
		T(test_policy_switch_reassigns_role),
		T(test_policy_switch_leaves_history),
		T(test_policy_undo),
		T(test_child_viewed),
	};
	return cmocka_run_group_tests_name("casework", tests, NULL, NULL);
}

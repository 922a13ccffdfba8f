/* test_edit.c - issue 16, part 1: corrections, audited.  worker edit and
 * child edit change only what is given, in one transaction, with the
 * record before and after in the audit; every reference is checked (a
 * manager is a current worker, not oneself, not below oneself; a social
 * worker holds the role; a household exists); a new social worker takes
 * the child's open social-worker tasks; a role the work needs stays.  A
 * typo'd manager (an older store kept it) refused Swindon's ICPC; the
 * edit puts it right.  Households; an import lists managers anywhere.
 *
 * Over policies/swindon.yaml (its ICPC has a team manager's step):
 *   sm1 service manager
 *     tm1 team manager, North            tm2 team manager, South
 *       sw1, sw2 social workers, North     sw3 social worker, South
 *   chair1 CP chair, mt1 minute taker, qa1 QA admin, qam QA manager,
 *   gone a social worker who has left.  C1 (sw1), C2 (sw3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "casework.h"
#include "import.h"
#include "permit.h"

static char dir[256];
static casework cw;

#define OK(x) do { cp_error e_; cp_status s_ = (x); \
	if (s_ != CP_OK) fail_msg("%s: %s", #x, e_.msg); } while (0)
#define e e_
/* x fails with status st and a message holding text. */
#define FAILS(x, st, text) do { cp_error e_ = { "" }; \
	cp_status s_ = (x); \
	if (s_ != (st)) fail_msg("%s: status %d, want %d: %s", #x, s_, st, \
	                         s_ == CP_OK ? "" : e_.msg); \
	if (!strstr(e_.msg, text)) \
		fail_msg("%s: '%s' lacks '%s'", #x, e_.msg, text); } while (0)

static cp_date D(int y, int m, int d)
{
	cp_date out;
	date_from_ymd(y, m, d, &out);
	return out;
}

static void add_worker(const char *login, cp_role role, const char *team,
                       const char *mgr)
{
	cp_worker w = { (char *)login, (char *)login, ROLE_BIT(role),
	                (char *)team, (char *)mgr, false, "" };
	OK(casework_worker_add(&cw, &w, &e));
}

static void add_child(const char *id, const char *sw)
{
	cp_child c;
	cp_child_init(&c);
	c.id = (char *)id;
	c.name = (char *)id;
	c.social_worker = (char *)sw;
	OK(casework_child_add(&cw, &c, &e));
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/cpdesk-edit-XXXXXX");
	assert_non_null(mkdtemp(dir));
	strcat(dir, "/db");
	OK(casework_init(dir, "policies/swindon.yaml", "admin", NULL, &e));
	OK(casework_open(&cw, dir, "data/bank-holidays.json", "admin", &e));
	cw.now = 1735689600;   /* 2025-01-01 */
	add_worker("sm1", ROLE_SERVICE_MANAGER, "Safeguarding", "");
	add_worker("tm1", ROLE_TEAM_MANAGER, "North", "sm1");
	add_worker("tm2", ROLE_TEAM_MANAGER, "South", "sm1");
	add_worker("sw1", ROLE_SOCIAL_WORKER, "North", "tm1");
	add_worker("sw2", ROLE_SOCIAL_WORKER, "North", "tm1");
	add_worker("sw3", ROLE_SOCIAL_WORKER, "South", "tm2");
	add_worker("chair1", ROLE_CP_CHAIR, "", "sm1");
	add_worker("mt1", ROLE_MINUTE_TAKER, "", "");
	add_worker("qa1", ROLE_QA_ADMIN, "", "");
	add_worker("qam", ROLE_QA_MANAGER, "", "");
	add_worker("gone", ROLE_SOCIAL_WORKER, "North", "tm1");
	OK(casework_worker_leave(&cw, "gone", "Left", &e));
	add_child("C1", "sw1");
	add_child("C2", "sw3");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cp_error err;
	cp_status st = store_check_consistency(cw.st, &err);
	if (st != CP_OK)
		fprintf(stderr, "consistency: %s\n", err.msg);
	permit_free(cw.pm);
	cw.pm = NULL;
	casework_close(&cw);
	char cmd[600];
	*strrchr(dir, '/') = '\0';
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return -1;
	return st == CP_OK ? 0 : -1;
}

/* Act as a worker (their permit) from now on in this test. */
static void act_as(const char *login)
{
	permit_login in = { .unix_login = login, .store_dir = dir };
	permit_free(cw.pm);
	cw.pm = NULL;
	OK(permit_open(cw.st, cw.pol, &in, &cw.pm, &e));
	cw.actor = permit_actor(cw.pm);
}

/* ---- reading the store back --------------------------------------------- */
static cp_worker worker(const char *login)
{
	store_txn *t;
	cp_worker w;
	bool found = false;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_worker_get(t, login, &w, &found, &e));
	store_read_end(t);
	assert_true(found);
	return w;
}

static cp_child child(const char *id)
{
	store_txn *t;
	cp_child c;
	bool found = false;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_child_get(t, id, &c, &found, &e));
	store_read_end(t);
	assert_true(found);
	return c;
}

static bool keep_last(void *ctx, const cp_audit *a)
{
	cp_audit_copy(ctx, a, NULL);
	return false;
}

/* The newest audit entry (the caller frees it). */
static cp_audit last_audit(void)
{
	store_txn *t;
	cp_audit a = { 0 };
	store_audit_filter f = { .newest_first = true, .limit = 1 };
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_audit_scan(t, &f, keep_last, &a, &e));
	store_read_end(t);
	return a;
}

typedef struct count_ctx {
	const char *action;
	size_t n;
} count_ctx;

static bool count_action(void *ctx, const cp_audit *a)
{
	count_ctx *c = ctx;
	c->n += !strcmp(a->action, c->action);
	return true;
}

static size_t audit_count(const char *action)
{
	store_txn *t;
	count_ctx c = { action, 0 };
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_audit_scan(t, NULL, count_action, &c, &e));
	store_read_end(t);
	return c.n;
}

static uint64_t add_icpc(const char *child_id, cp_status want,
                         const char *text)
{
	anchor_date an = { .name = "s47-start", .date = D(2025, 3, 10) };
	cw_meeting_new in = { .child_id = child_id, .type = "icpc",
	                      .date = D(2025, 4, 2), .minutes = 600,
	                      .chair = "chair1", .minute_taker = "mt1",
	                      .how = HOW_TEAMS, .anchors = &an, .nanchors = 1 };
	uint64_t id = 0;
	char warn[CW_WARN_MAX];
	cp_error err = { "" };
	cp_status st = casework_meeting_add(&cw, &in, &id, warn, &err);
	if (st != want)
		fail_msg("meeting add %s: status %d, want %d: %s", child_id, st,
		         want, err.msg);
	if (text && !strstr(err.msg, text))
		fail_msg("meeting add %s: '%s' lacks '%s'", child_id, err.msg, text);
	return id;
}

/* ---- workers -------------------------------------------------------------- */
static void test_worker_edit_fields(void **state)
{
	(void)state;
	cw_worker_edit in = { .login = "sw2", .name = "Sue Worker",
	                      .team = "South", .manager = "tm2",
	                      .email = "sue.worker@borough.gov.uk" };
	cw_edited out;
	OK(casework_worker_edit(&cw, &in, &out, &e));
	assert_true(out.changed);
	cp_worker w = worker("sw2");
	assert_string_equal(w.name, "Sue Worker");
	assert_string_equal(w.team, "South");
	assert_string_equal(w.manager, "tm2");
	assert_string_equal(w.email, "sue.worker@borough.gov.uk");
	assert_int_equal(w.roles, ROLE_BIT(ROLE_SOCIAL_WORKER));  /* kept */
	cp_worker_free(&w);
	cp_audit a = last_audit();
	assert_string_equal(a.action, "worker.update");
	assert_string_equal(a.object, "worker:sw2");
	assert_non_null(strstr(a.before, "name=sw2"));
	assert_non_null(strstr(a.before, "team=North manager=tm1"));
	assert_null(strstr(a.before, "email="));
	assert_non_null(strstr(a.after, "name=\"Sue Worker\""));
	assert_non_null(strstr(a.after, "team=South manager=tm2 "
	                       "email=sue.worker@borough.gov.uk"));
	cp_audit_free(&a);
	/* roles replace roles; "" clears team, manager and e-mail */
	cw_worker_edit clear = { .login = "sw2", .team = "", .manager = "",
	                         .email = "",
	                         .roles = ROLE_BIT(ROLE_SOCIAL_WORKER) |
	                                  ROLE_BIT(ROLE_MINUTE_TAKER) };
	OK(casework_worker_edit(&cw, &clear, &out, &e));
	w = worker("sw2");
	assert_string_equal(w.team, "");
	assert_string_equal(w.manager, "");
	assert_string_equal(w.email, "");
	assert_int_equal(w.roles, ROLE_BIT(ROLE_SOCIAL_WORKER) |
	                          ROLE_BIT(ROLE_MINUTE_TAKER));
	assert_string_equal(w.name, "Sue Worker");
	cp_worker_free(&w);
}

static void test_worker_edit_nothing(void **state)
{
	(void)state;
	cw_worker_edit none = { .login = "sw2" };
	FAILS(casework_worker_edit(&cw, &none, NULL, &e), CP_BADINPUT,
	      "nothing to change");
	cw_worker_edit ghost = { .login = "ghost", .name = "X" };
	FAILS(casework_worker_edit(&cw, &ghost, NULL, &e), CP_BADINPUT,
	      "no worker 'ghost'");
	/* the value it has already: nothing written */
	size_t before = audit_count("worker.update");
	cw_worker_edit same = { .login = "sw2", .team = "North" };
	cw_edited out = { .changed = true };
	OK(casework_worker_edit(&cw, &same, &out, &e));
	assert_false(out.changed);
	assert_int_equal(audit_count("worker.update"), before);
	cw_worker_edit noname = { .login = "sw2", .name = "" };
	FAILS(casework_worker_edit(&cw, &noname, NULL, &e), CP_BADINPUT,
	      "needs a name");
	cw_worker_edit mail = { .login = "sw2", .email = "sue at borough" };
	FAILS(casework_worker_edit(&cw, &mail, NULL, &e), CP_BADINPUT,
	      "not an e-mail address");
}

static void test_worker_edit_manager(void **state)
{
	(void)state;
	cw_worker_edit typo = { .login = "sw2", .manager = "tjonse" };
	FAILS(casework_worker_edit(&cw, &typo, NULL, &e), CP_REFUSED,
	      "manager 'tjonse' is not a worker");
	cw_worker_edit self = { .login = "sw2", .manager = "sw2" };
	FAILS(casework_worker_edit(&cw, &self, NULL, &e), CP_BADINPUT,
	      "their own manager");
	cw_worker_edit left = { .login = "sw2", .manager = "gone" };
	FAILS(casework_worker_edit(&cw, &left, NULL, &e), CP_REFUSED,
	      "has left");
	/* sw1 -> tm1 -> sm1: sm1 reporting to sw1 would close a circle */
	cw_worker_edit circle = { .login = "sm1", .manager = "sw1" };
	FAILS(casework_worker_edit(&cw, &circle, NULL, &e), CP_REFUSED,
	      "circle");
	cp_worker w = worker("sw2");
	assert_string_equal(w.manager, "tm1");   /* nothing written */
	cp_worker_free(&w);
}

static void test_worker_add_checks(void **state)
{
	(void)state;
	cp_worker typo = { "sw9", "Sol Nine", ROLE_BIT(ROLE_SOCIAL_WORKER),
	                   "North", "tjonse", false, "" };
	FAILS(casework_worker_add(&cw, &typo, &e), CP_REFUSED, "tjonse");
	cp_worker mail = { "sw9", "Sol Nine", ROLE_BIT(ROLE_SOCIAL_WORKER),
	                   "North", "tm1", false, "sol@@borough.gov.uk" };
	FAILS(casework_worker_add(&cw, &mail, &e), CP_BADINPUT, "e-mail");
	mail.email = "sol.nine@borough.gov.uk";
	OK(casework_worker_add(&cw, &mail, &e));
}

/* An older store kept a typo'd manager: Swindon's ICPC (a team
 * manager's step) is refused until the manager is corrected. */
static cp_status put_typo(store_txn *t, void *ctx, cp_error *err)
{
	(void)ctx;
	cp_worker w = { "sw9", "Sol Nine", ROLE_BIT(ROLE_SOCIAL_WORKER),
	                "North", "tjonse", false, "" };
	return store_worker_put(t, &w, err);
}

static void test_typo_manager_corrected(void **state)
{
	(void)state;
	OK(store_write(cw.st, put_typo, NULL, &e));
	add_child("C9", "sw9");
	add_icpc("C9", CP_REFUSED, "tjonse");
	cw_worker_edit fix = { .login = "sw9", .manager = "tm1" };
	OK(casework_worker_edit(&cw, &fix, NULL, &e));
	cp_audit a = last_audit();
	assert_non_null(strstr(a.before, "manager=tjonse"));
	assert_non_null(strstr(a.after, "manager=tm1"));
	cp_audit_free(&a);
	assert_true(add_icpc("C9", CP_OK, NULL) > 0);
}

static void test_worker_edit_roles_kept_for_work(void **state)
{
	(void)state;
	add_icpc("C1", CP_OK, NULL);
	/* sw1 holds C1 and its social-worker tasks */
	cw_worker_edit sw1 = { .login = "sw1", .roles = ROLE_BIT(ROLE_IRO) };
	FAILS(casework_worker_edit(&cw, &sw1, NULL, &e), CP_REFUSED,
	      "needs the role social-worker");
	FAILS(casework_worker_edit(&cw, &sw1, NULL, &e), CP_REFUSED,
	      "cpdesk reassign --from sw1");
	/* tm1 manages sw1 and sw2, and holds the ICPC's check step */
	cw_worker_edit tm1 = { .login = "tm1",
	                       .roles = ROLE_BIT(ROLE_SERVICE_MANAGER) };
	FAILS(casework_worker_edit(&cw, &tm1, NULL, &e), CP_REFUSED,
	      "team-manager");
	/* chair1 chairs the scheduled ICPC */
	cw_worker_edit ch = { .login = "chair1", .roles = ROLE_BIT(ROLE_IRO) };
	FAILS(casework_worker_edit(&cw, &ch, NULL, &e), CP_REFUSED,
	      "cp-chair");
	/* adding a role beside the one the work needs is fine */
	cw_worker_edit more = { .login = "sw1",
	                        .roles = ROLE_BIT(ROLE_SOCIAL_WORKER) |
	                                 ROLE_BIT(ROLE_IRO) };
	OK(casework_worker_edit(&cw, &more, NULL, &e));
	/* sw2 holds nothing: a role may go */
	cw_worker_edit sw2 = { .login = "sw2", .roles = ROLE_BIT(ROLE_IRO) };
	OK(casework_worker_edit(&cw, &sw2, NULL, &e));
}

static void test_worker_edit_may_give(void **state)
{
	(void)state;
	/* a QA admin gives social-worker, minute-taker, qa-admin: a team
	 * manager's record is not theirs to change */
	act_as("qa1");
	cw_worker_edit tm = { .login = "tm1", .team = "East" };
	FAILS(casework_worker_edit(&cw, &tm, NULL, &e), CP_REFUSED,
	      "team-manager");
	cw_worker_edit sw = { .login = "sw2", .team = "East" };
	OK(casework_worker_edit(&cw, &sw, NULL, &e));
	cp_audit a = last_audit();
	assert_string_equal(a.login, "qa1");
	cp_audit_free(&a);
	/* a social worker manages no one's record */
	act_as("sw1");
	FAILS(casework_worker_edit(&cw, &sw, NULL, &e), CP_REFUSED,
	      "qa-admin");
}

/* ---- children ------------------------------------------------------------- */
static void test_child_edit_fields(void **state)
{
	(void)state;
	cp_family f = { "BROWN", "Brown household" };
	OK(casework_family_add(&cw, &f, &e));
	cw_child_edit in = { .id = "C1", .name = "Ava Brown", .dob_set = true,
	                     .dob = D(2019, 3, 2), .pref_set = true,
	                     .family_pref = FAMILY_PREF_POST,
	                     .family_id = "BROWN" };
	cw_edited out;
	OK(casework_child_edit(&cw, &in, &out, &e));
	assert_true(out.changed);
	assert_int_equal(out.tasks_moved, 0);
	cp_child c = child("C1");
	assert_string_equal(c.name, "Ava Brown");
	assert_int_equal(c.dob, D(2019, 3, 2));
	assert_int_equal(c.family_pref, FAMILY_PREF_POST);
	assert_string_equal(c.family_id, "BROWN");
	assert_string_equal(c.social_worker, "sw1");   /* kept */
	cp_child_free(&c);
	cp_audit a = last_audit();
	assert_string_equal(a.action, "child.update");
	assert_string_equal(a.object, "child:C1");
	assert_string_equal(a.child_id, "C1");
	assert_non_null(strstr(a.before, "name=C1 social-worker=sw1"));
	assert_null(strstr(a.before, "family=BROWN"));
	assert_non_null(strstr(a.after, "name=\"Ava Brown\" dob=2019-03-02"));
	assert_non_null(strstr(a.after, "family=BROWN"));
	assert_non_null(strstr(a.after, "family-reports=post"));
	cp_audit_free(&a);
	/* "" takes the child out of the household */
	cw_child_edit out_of = { .id = "C1", .family_id = "" };
	OK(casework_child_edit(&cw, &out_of, NULL, &e));
	c = child("C1");
	assert_string_equal(c.family_id, "");
	cp_child_free(&c);
	size_t n = audit_count("child.update");
	OK(casework_child_edit(&cw, &out_of, &out, &e));   /* again: nothing */
	assert_false(out.changed);
	assert_int_equal(audit_count("child.update"), n);
}

static void test_child_edit_refused(void **state)
{
	(void)state;
	cw_child_edit none = { .id = "C1" };
	FAILS(casework_child_edit(&cw, &none, NULL, &e), CP_BADINPUT,
	      "nothing to change");
	cw_child_edit ghost = { .id = "NOPE", .name = "X" };
	FAILS(casework_child_edit(&cw, &ghost, NULL, &e), CP_BADINPUT,
	      "no child 'NOPE'");
	cw_child_edit chair = { .id = "C1", .social_worker = "chair1" };
	FAILS(casework_child_edit(&cw, &chair, NULL, &e), CP_REFUSED,
	      "does not hold the role social-worker");
	cw_child_edit left = { .id = "C1", .social_worker = "gone" };
	FAILS(casework_child_edit(&cw, &left, NULL, &e), CP_REFUSED,
	      "has left");
	cw_child_edit nobody = { .id = "C1", .social_worker = "ghost" };
	FAILS(casework_child_edit(&cw, &nobody, NULL, &e), CP_REFUSED,
	      "'ghost' is not a worker");
	cw_child_edit fam = { .id = "C1", .family_id = "NOPE" };
	FAILS(casework_child_edit(&cw, &fam, NULL, &e), CP_REFUSED,
	      "no family 'NOPE'");
	cw_child_edit noname = { .id = "C1", .name = "" };
	FAILS(casework_child_edit(&cw, &noname, NULL, &e), CP_BADINPUT,
	      "needs a name");
	cw_child_edit both = { .id = "C1", .dob_set = true,
	                       .dob = D(2019, 1, 1), .expected_set = true,
	                       .expected_birth = D(2025, 6, 1) };
	FAILS(casework_child_edit(&cw, &both, NULL, &e), CP_BADINPUT,
	      "not both");
	cp_child c = child("C1");
	assert_string_equal(c.social_worker, "sw1");   /* nothing written */
	cp_child_free(&c);
}

static void test_child_unborn(void **state)
{
	(void)state;
	cp_child u;
	cp_child_init(&u);
	u.id = "U1";
	u.name = "Baby Brown";
	u.social_worker = "sw1";
	u.expected_birth = D(2025, 6, 1);
	u.dob = D(2025, 1, 1);
	FAILS(casework_child_add(&cw, &u, &e), CP_BADINPUT, "not both");
	u.dob = CP_DATE_NONE;
	OK(casework_child_add(&cw, &u, &e));
	cw_child_edit later = { .id = "U1", .expected_set = true,
	                        .expected_birth = D(2025, 6, 20) };
	OK(casework_child_edit(&cw, &later, NULL, &e));
	cw_child_edit born = { .id = "U1", .dob_set = true,
	                       .dob = D(2025, 6, 18) };
	OK(casework_child_edit(&cw, &born, NULL, &e));
	cp_child c = child("U1");
	assert_int_equal(c.dob, D(2025, 6, 18));
	assert_int_equal(c.expected_birth, CP_DATE_NONE);   /* born */
	cp_child_free(&c);
	cp_audit a = last_audit();
	assert_non_null(strstr(a.before, "expected-birth=2025-06-20"));
	assert_non_null(strstr(a.after, "dob=2025-06-18 social-worker=sw1"));
	cp_audit_free(&a);
	FAILS(casework_child_edit(&cw, &later, NULL, &e), CP_REFUSED,
	      "has a date of birth");
}

typedef struct tally {
	size_t sw1, sw2, other, done_sw1;
} tally;

static bool tally_task(void *ctx, const cp_task *k)
{
	tally *t = ctx;
	if (k->status == TASK_DONE) {
		t->done_sw1 += !strcmp(k->assignee, "sw1");
		return true;
	}
	if (k->status != TASK_OPEN)
		return true;
	if (!strcmp(k->assignee, "sw1"))
		t->sw1++;
	else if (!strcmp(k->assignee, "sw2"))
		t->sw2++;
	else
		t->other++;
	return true;
}

static tally tasks_of(uint64_t mid)
{
	store_txn *t;
	tally n = { 0 };
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_tasks_for_meeting(t, mid, tally_task, &n, &e));
	store_read_end(t);
	return n;
}

static bool first_open_sw1(void *ctx, const cp_task *k)
{
	if (k->status != TASK_OPEN || strcmp(k->assignee, "sw1"))
		return true;
	*(uint64_t *)ctx = k->id;
	return false;
}

static void test_child_edit_social_worker(void **state)
{
	(void)state;
	uint64_t mid = add_icpc("C1", CP_OK, NULL);
	uint64_t done = 0;
	store_txn *t;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_tasks_for_meeting(t, mid, first_open_sw1, &done, &e));
	store_read_end(t);
	assert_true(done > 0);
	OK(casework_task_done(&cw, done, "sw1", 0, "Sent", &e));
	tally was = tasks_of(mid);
	assert_true(was.sw1 >= 1);
	assert_true(was.other >= 1);   /* the chair's, the team manager's */
	size_t reassigned = audit_count("task.reassign");
	cw_child_edit in = { .id = "C1", .social_worker = "sw2" };
	cw_edited out;
	OK(casework_child_edit(&cw, &in, &out, &e));
	assert_int_equal(out.tasks_moved, was.sw1);
	tally now = tasks_of(mid);
	assert_int_equal(now.sw1, 0);
	assert_int_equal(now.sw2, was.sw1);
	assert_int_equal(now.other, was.other);     /* others keep theirs */
	assert_int_equal(now.done_sw1, 1);          /* history stays */
	assert_int_equal(audit_count("task.reassign"), reassigned + was.sw1);
	cp_child c = child("C1");
	assert_string_equal(c.social_worker, "sw2");
	cp_child_free(&c);
}

static void test_child_edit_as_workers(void **state)
{
	(void)state;
	/* sw3 sees only C2: C1 is answered as a child not there */
	act_as("sw3");
	cw_child_edit c1 = { .id = "C1", .name = "X" };
	FAILS(casework_child_edit(&cw, &c1, NULL, &e), CP_BADINPUT,
	      "no child 'C1' in this store");
	cw_child_edit c2 = { .id = "C2", .name = "Cy Dean" };
	OK(casework_child_edit(&cw, &c2, NULL, &e));
	/* a social worker may not move a child: that is reassign's */
	cw_child_edit move = { .id = "C2", .social_worker = "sw1" };
	FAILS(casework_child_edit(&cw, &move, NULL, &e), CP_REFUSED,
	      "reassign");
	/* a QA admin corrects any child, and moves none */
	act_as("qa1");
	OK(casework_child_edit(&cw, &c1, NULL, &e));
	FAILS(casework_child_edit(&cw, &move, NULL, &e), CP_REFUSED,
	      "reassign");
	/* the team manager moves a child of their team */
	act_as("tm1");
	cw_child_edit to_sw2 = { .id = "C1", .social_worker = "sw2" };
	OK(casework_child_edit(&cw, &to_sw2, NULL, &e));
	cp_audit a = last_audit();
	assert_string_equal(a.login, "tm1");
	assert_non_null(strstr(a.after, "social-worker=sw2"));
	cp_audit_free(&a);
}

/* ---- households ----------------------------------------------------------- */
static void test_family_add(void **state)
{
	(void)state;
	cp_family f = { "BROWN", "Brown household" };
	OK(casework_family_add(&cw, &f, &e));
	cp_audit a = last_audit();
	assert_string_equal(a.action, "family.add");
	assert_string_equal(a.object, "family:BROWN");
	assert_non_null(strstr(a.after, "name=\"Brown household\""));
	cp_audit_free(&a);
	FAILS(casework_family_add(&cw, &f, &e), CP_REFUSED, "already exists");
	cp_family bad = { "a b", "X" };
	FAILS(casework_family_add(&cw, &bad, &e), CP_BADINPUT, "bad family id");
	cp_family noname = { "GREEN", "" };
	FAILS(casework_family_add(&cw, &noname, &e), CP_BADINPUT, "name");
	cp_child c;
	cp_child_init(&c);
	c.id = "C7";
	c.name = "Seven";
	c.social_worker = "sw1";
	c.family_id = "GREEN";
	FAILS(casework_child_add(&cw, &c, &e), CP_REFUSED, "no family 'GREEN'");
	c.family_id = "BROWN";
	OK(casework_child_add(&cw, &c, &e));
	/* a social worker has no households to make */
	act_as("mt1");
	cp_family g = { "GREEN", "Green household" };
	FAILS(casework_family_add(&cw, &g, &e), CP_REFUSED, "needs the role");
}

/* ---- an import lists managers anywhere ------------------------------------ */
static cp_status import_text(const char *csv, import_result *res,
                             cp_error *err)
{
	char path[300];
	snprintf(path, sizeof path, "%s.csv", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(csv, fp);
	fclose(fp);
	return import_csv(&cw, path, NULL, res, err);
}

static void test_import_managers_first(void **state)
{
	(void)state;
	import_result res;
	cp_error err;
	/* the social worker first, their service manager last */
	OK(import_text("login,name,roles,team,manager\n"
	               "nsw,Nia Worker,social-worker,East,ntm\n"
	               "ntm,Ned Lead,team-manager,East,nsm\n"
	               "nsm,Nora Head,service-manager,East,\n", &res, &e));
	assert_int_equal(res.workers, 3);
	import_result_free(&res);
	cp_worker w = worker("nsw");
	assert_string_equal(w.manager, "ntm");
	cp_worker_free(&w);
	/* a typo is a bad row, named by its line; nothing is written */
	assert_int_equal(import_text("login,name,roles,manager\n"
	                             "ok1,Ok One,social-worker,ntm\n"
	                             "ty1,Ty Po,social-worker,tjonse\n",
	                             &res, &err), CP_BADINPUT);
	assert_int_equal(res.nproblems, 1);
	assert_int_equal(res.problems[0].line, 3);
	assert_non_null(strstr(res.problems[0].msg, "tjonse"));
	import_result_free(&res);
	/* a circle of managers in the file: each of its rows */
	assert_int_equal(import_text("login,name,roles,manager\n"
	                             "ca,Cee A,team-manager,cb\n"
	                             "cb,Cee B,team-manager,ca\n"
	                             "cc,Cee C,social-worker,ca\n",
	                             &res, &err), CP_BADINPUT);
	assert_int_equal(res.nproblems, 3);
	for (size_t i = 0; i < res.nproblems; i++)
		assert_non_null(strstr(res.problems[i].msg, "circle"));
	import_result_free(&res);
	store_txn *t;
	cp_worker none;
	bool found = true;
	OK(store_read_begin(cw.st, &t, &e));
	OK(store_worker_get(t, "ok1", &none, &found, &e));
	store_read_end(t);
	assert_false(found);
}

static void test_email_ok(void **state)
{
	(void)state;
	assert_true(casework_email_ok("a.smith@myborough.gov.uk"));
	assert_true(casework_email_ok("x+lists@b-c.example"));
	assert_false(casework_email_ok(""));
	assert_false(casework_email_ok("a.smith"));
	assert_false(casework_email_ok("@borough.gov.uk"));
	assert_false(casework_email_ok("a@"));
	assert_false(casework_email_ok("a@b@c"));
	assert_false(casework_email_ok("a smith@b.uk"));
	assert_false(casework_email_ok("a@b.uk\nBcc: x@y.z"));
	assert_false(casework_email_ok("<a@b.uk>"));
	assert_false(casework_email_ok("a@.b.uk"));
	assert_false(casework_email_ok("a@b..uk"));
	assert_false(casework_email_ok("a@b_c.uk"));
	assert_false(casework_email_ok("ann@bórough.uk"));
	char longest[CW_EMAIL_MAX + 2];
	memset(longest, 'a', sizeof longest);
	memcpy(longest + CW_EMAIL_MAX - 5, "@b.uk", 6);
	assert_true(casework_email_ok(longest));
	memset(longest, 'a', sizeof longest);
	memcpy(longest + CW_EMAIL_MAX - 4, "@b.uk", 6);
	assert_false(casework_email_ok(longest));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_worker_edit_fields, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_worker_edit_nothing, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_worker_edit_manager, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_worker_add_checks, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_typo_manager_corrected, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_worker_edit_roles_kept_for_work,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_worker_edit_may_give, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_child_edit_fields, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_child_edit_refused, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_child_unborn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_edit_social_worker, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_child_edit_as_workers, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_family_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_managers_first, setup,
		                                teardown),
		cmocka_unit_test(test_email_ok),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_access.c - issue 6 section 2: the scopes and actions of
 * policies/generic.yaml's permissions, decided by access.c with the
 * facts permit.c looks up in a real store.
 *
 * The borough in setup:
 *   sm1 service manager
 *     tm1 team manager, team North      tm2 team manager, team South
 *       sw1 social worker, North          sw2 social worker, South
 *   chair1 CP chair, mt1 minute taker, qa1 QA admin, qam QA manager,
 *   sg1 safeguarding service manager, qr1 QA & review service manager,
 *   gone social worker who has left.
 *   C1 (sw1) has an ICPC chaired by chair1 and clerked by mt1; C2 (sw2)
 *   has none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "access.h"
#include "casework.h"
#include "permit.h"

static char dir[256];
static casework cw;
static uint64_t icpc;

#define OK(x) do { cp_error e_; cp_status s_ = (x); \
	if (s_ != CP_OK) fail_msg("%s: %s", #x, e_.msg); } while (0)
#define e e_

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
	snprintf(dir, sizeof dir, "/tmp/cpdesk-access-XXXXXX");
	assert_non_null(mkdtemp(dir));
	strcat(dir, "/db");
	OK(casework_init(dir, "policies/generic.yaml", "admin", NULL, &e));
	OK(casework_open(&cw, dir, "data/bank-holidays.json", "admin", &e));
	cw.now = 1735689600;   /* 2025-01-01 */
	add_worker("sm1", ROLE_SERVICE_MANAGER, "Safeguarding", "");
	add_worker("tm1", ROLE_TEAM_MANAGER, "North", "sm1");
	add_worker("tm2", ROLE_TEAM_MANAGER, "South", "");
	add_worker("sw1", ROLE_SOCIAL_WORKER, "North", "tm1");
	add_worker("sw2", ROLE_SOCIAL_WORKER, "South", "tm2");
	add_worker("chair1", ROLE_CP_CHAIR, "", "");
	add_worker("mt1", ROLE_MINUTE_TAKER, "", "");
	add_worker("qa1", ROLE_QA_ADMIN, "", "");
	add_worker("qam", ROLE_QA_MANAGER, "", "");
	add_worker("sg1", ROLE_SAFEGUARDING_MANAGER, "", "");
	add_worker("qr1", ROLE_QA_REVIEW_MANAGER, "", "");
	cp_worker gone = { "gone", "Gone", ROLE_BIT(ROLE_SOCIAL_WORKER),
	                   "North", "tm1", true, "" };
	OK(casework_worker_add(&cw, &gone, &e));
	add_child("C1", "sw1");
	add_child("C2", "sw2");
	cp_date d;
	date_from_ymd(2025, 3, 12, &d);
	cw_meeting_new in = { .child_id = "C1", .type = "icpc", .date = d,
	                      .minutes = 600, .chair = "chair1",
	                      .minute_taker = "mt1", .how = HOW_TEAMS };
	OK(casework_meeting_add(&cw, &in, &icpc, NULL, &e));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	casework_close(&cw);
	char cmd[600];
	*strrchr(dir, '/') = '\0';
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static permit *as(const char *unix_login, const char *as_login)
{
	permit_login in = { .unix_login = unix_login, .as = as_login,
	                    .store_dir = dir };
	permit *pm = NULL;
	OK(permit_open(cw.st, cw.pol, &in, &pm, &e));
	return pm;
}

static cp_status open_as(const char *unix_login, bool root,
                         const char *as_login, cp_error *err)
{
	permit_login in = { .unix_login = unix_login, .root = root,
	                    .as = as_login, .store_dir = dir };
	permit *pm = NULL;
	cp_status s = permit_open(cw.st, cw.pol, &in, &pm, err);
	permit_free(pm);
	return s;
}

static cp_child child(const char *id, const char *sw)
{
	cp_child c;
	cp_child_init(&c);
	c.id = (char *)id;
	c.social_worker = (char *)sw;
	return c;
}

/* sees C1 / C2 as the worker `login` */
static void check_sees(const char *login, bool c1, bool c2)
{
	permit *pm = as(login, NULL);
	store_txn *t;
	OK(store_read_begin(cw.st, &t, &e));
	cp_child a = child("C1", "sw1"), b = child("C2", "sw2");
	if (permit_sees_child(pm, t, &a) != c1)
		fail_msg("%s: sees C1 should be %d", login, c1);
	if (permit_sees_child(pm, t, &b) != c2)
		fail_msg("%s: sees C2 should be %d", login, c2);
	store_read_end(t);
	permit_free(pm);
}

static void names_and_parse(void **state)
{
	(void)state;
	access_scope s;
	access_action a;
	assert_true(access_scope_parse("service", &s));
	assert_int_equal(s, SCOPE_SERVICE);
	assert_false(access_scope_parse("everyone", &s));
	assert_true(access_action_parse("switch-policy", &a));
	assert_int_equal(a, ACCESS_SWITCH_POLICY);
	assert_false(access_action_parse("switch_policy", &a));
	for (int i = 0; i < ACCESS_COUNT; i++) {
		assert_non_null(access_action_name((access_action)i));
		assert_non_null(access_action_title((access_action)i));
	}
	assert_null(access_action_name(ACCESS_COUNT));
}

/* The roles of issue 18, item 7 parse, print and have titles; they were
 * added after the rest, so the bits stored before keep their meaning. */
static void roles_named(void **state)
{
	(void)state;
	cp_role r;
	role_set set;
	char buf[256];
	const char *bad = NULL;
	assert_int_equal(ROLE_DIRECTOR, 8);
	assert_int_equal(ROLE_SAFEGUARDING_MANAGER, 9);
	assert_int_equal(ROLE_QA_REVIEW_MANAGER, 10);
	assert_true(role_parse("safeguarding-manager", &r));
	assert_int_equal(r, ROLE_SAFEGUARDING_MANAGER);
	assert_true(role_parse("qa-review-manager", &r));
	assert_int_equal(r, ROLE_QA_REVIEW_MANAGER);
	assert_false(role_parse("safeguarding", &r));
	assert_string_equal(role_name(ROLE_QA_REVIEW_MANAGER), "qa-review-manager");
	assert_null(role_name(ROLE_COUNT));
	assert_true(role_set_parse("service-manager, qa-review-manager", &set,
	                           &bad));
	assert_int_equal(set, ROLE_BIT(ROLE_SERVICE_MANAGER) |
	                      ROLE_BIT(ROLE_QA_REVIEW_MANAGER));
	role_set_format(set | ROLE_BIT(ROLE_SAFEGUARDING_MANAGER), buf,
	                sizeof buf);
	assert_string_equal(buf,
	    "service-manager,safeguarding-manager,qa-review-manager");
	/* every role at once fits the buffers that print a worker's */
	role_set_format((role_set)((1u << ROLE_COUNT) - 1), buf, sizeof buf);
	assert_non_null(strstr(buf, ",director,safeguarding-manager,"
	                            "qa-review-manager"));
	assert_true(strlen(buf) < 160);
	/* neither is found from a child's line: each has a pool */
	assert_string_equal(role_pool(ROLE_SAFEGUARDING_MANAGER),
	                    "@safeguarding-manager");
	assert_string_equal(role_pool(ROLE_QA_REVIEW_MANAGER),
	                    "@qa-review-manager");
	assert_null(role_pool(ROLE_SERVICE_MANAGER));
	assert_true(pool_role("@qa-review-manager", &r));
	assert_int_equal(r, ROLE_QA_REVIEW_MANAGER);
	assert_false(pool_role("@chair", &r));
	int pools = 0;
	for (int i = 0; i < ROLE_COUNT; i++)
		pools += role_pool((cp_role)i) != NULL;
	assert_int_equal(pools, ROLE_POOLS);
}

/* What generic.yaml declares, as loaded. */
static void generic_rules(void **state)
{
	(void)state;
	const access_rules *r = &cw.pol->access;
	assert_int_equal(r->see[ROLE_SOCIAL_WORKER], SCOPE_OWN);
	assert_int_equal(r->see[ROLE_SERVICE_MANAGER], SCOPE_SERVICE);
	assert_int_equal(r->see[ROLE_MINUTE_TAKER], SCOPE_CLERKED);
	assert_int_equal(r->may[ACCESS_SWITCH_POLICY],
	                 ROLE_BIT(ROLE_QA_MANAGER));
	assert_true(r->may[ACCESS_FOR_OTHERS] & ROLE_BIT(ROLE_QA_ADMIN));
	assert_false(r->may[ACCESS_FOR_OTHERS] & ROLE_BIT(ROLE_SOCIAL_WORKER));
}

static void identity(void **state)
{
	(void)state;
	cp_error err;
	/* The creator needs no worker record and may do anything. */
	permit *pm = as("admin", NULL);
	assert_true(permit_who(pm)->admin);
	assert_true(permit_sees_all(pm));
	assert_true(permit_allows(pm, ACCESS_SWITCH_POLICY));
	permit_free(pm);
	/* A stranger is told who to ask. */
	assert_int_equal(open_as("stranger", false, NULL, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "no worker 'stranger'"));
	assert_non_null(strstr(err.msg, "cpdesk worker add"));
	/* Someone who has left may not work. */
	assert_int_equal(open_as("gone", false, NULL, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "'gone' has left"));
	/* --as: refused to a social worker, naming the role needed. */
	assert_int_equal(open_as("sw1", false, "sw2", &err), CP_REFUSED);
	assert_string_equal(err.msg,
	    "acting for another worker (--as) needs the role qa-admin, "
	    "qa-manager; you (sw1) hold social-worker");
	/* A QA administrator may, with the other's rights, audited as
	 * themselves. */
	pm = as("qa1", "sw1");
	assert_string_equal(permit_actor(pm), "sw1");
	assert_string_equal(permit_audit_login(pm), "qa1");
	assert_false(permit_who(pm)->admin);
	assert_false(permit_sees_all(pm));
	permit_free(pm);
	/* Root acting as a worker has that worker's rights, not root's. */
	permit_login in = { .unix_login = "root", .root = true, .as = "sw1",
	                    .store_dir = dir };
	OK(permit_open(cw.st, cw.pol, &in, &pm, &e));
	assert_false(permit_who(pm)->admin);
	assert_false(permit_allows(pm, ACCESS_SWITCH_POLICY));
	permit_free(pm);
	/* An administrator may name someone not (yet) a worker, to
	 * bootstrap: their own rights under that name, audited as named. */
	pm = as("admin", "qa9");
	assert_true(permit_who(pm)->admin);
	assert_string_equal(permit_audit_login(pm), "qa9");
	permit_free(pm);
	/* ... and acting as a worker they have that worker's rights; the
	 * audit takes their --as at its word (they own the files anyway). */
	pm = as("admin", "sw1");
	assert_false(permit_who(pm)->admin);
	assert_string_equal(permit_audit_login(pm), "sw1");
	permit_free(pm);
	/* An unusable login never reaches a message. */
	assert_int_equal(open_as("admin", false, "x\033[2J", &err),
	                 CP_BADINPUT);
}

/* Issue 15: nobody gives a role, or acts --as a worker, that does more
 * than their own roles do -- whatever the policy's give: says -- and a
 * worker marked as left is refused before anything else. */
static void giving(void **state)
{
	(void)state;
	cp_error err;
	const access_rules *r = &cw.pol->access;
	/* --as a worker whose roles do more is refused; less is fine */
	assert_int_equal(open_as("qa1", false, "qam", &err), CP_REFUSED);
	assert_string_equal(err.msg, "acting for qam (--as) is refused: "
	    "qa-manager may take an action you (qa1) may not: switching the "
	    "policy (switch-policy); nobody acts with more rights than their own");
	assert_int_equal(open_as("qa1", false, "tm1", &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "reassigning work (reassign)"));
	OK(open_as("qa1", false, "mt1", &e));
	OK(open_as("qam", false, "qa1", &e));
	OK(open_as("qam", false, "chair1", &e));
	/* giving: what give: names, and never more than one's own */
	access_gives g = { { 0 } };
	g.of[ROLE_QA_ADMIN] = ROLE_BIT(ROLE_SOCIAL_WORKER);
	access_actor qa1 = { "qa1", ROLE_BIT(ROLE_QA_ADMIN), "", false };
	OK(access_may_give(r, &g, &qa1, ROLE_BIT(ROLE_SOCIAL_WORKER), &e));
	assert_int_equal(access_may_give(r, &g, &qa1,
	                 ROLE_BIT(ROLE_MINUTE_TAKER), &err), CP_REFUSED);
	assert_string_equal(err.msg, "giving the role minute-taker needs the "
	    "store's administrators (the policy's permissions: give:); you "
	    "(qa1) hold qa-admin");
	g.of[ROLE_QA_MANAGER] = ROLE_BIT(ROLE_QA_MANAGER);
	assert_int_equal(access_may_give(r, &g, &qa1,
	                 ROLE_BIT(ROLE_QA_MANAGER), &err), CP_REFUSED);
	assert_string_equal(err.msg, "giving the role qa-manager needs the "
	    "role qa-manager (the policy's permissions: give:); you (qa1) hold "
	    "qa-admin");
	g.of[ROLE_QA_ADMIN] |= ROLE_BIT(ROLE_QA_MANAGER);   /* a bad policy */
	assert_int_equal(access_may_give(r, &g, &qa1,
	                 ROLE_BIT(ROLE_QA_MANAGER), &err), CP_REFUSED);
	assert_string_equal(err.msg, "giving the role qa-manager is refused: "
	    "qa-manager may take an action you (qa1) may not: switching the "
	    "policy (switch-policy); nobody gives a role that does more than "
	    "their own");
	/* the scope counts too: a team's reach is not a service's */
	access_rules wide;
	memset(&wide, 0, sizeof wide);
	wide.see[ROLE_TEAM_MANAGER] = SCOPE_TEAM;
	wide.see[ROLE_SERVICE_MANAGER] = SCOPE_SERVICE;
	wide.see[ROLE_SOCIAL_WORKER] = SCOPE_OWN;
	g.of[ROLE_TEAM_MANAGER] = ROLE_BIT(ROLE_SERVICE_MANAGER) |
	                          ROLE_BIT(ROLE_SOCIAL_WORKER);
	access_actor tm1 = { "tm1", ROLE_BIT(ROLE_TEAM_MANAGER), "North", false };
	OK(access_may_give(&wide, &g, &tm1, ROLE_BIT(ROLE_SOCIAL_WORKER), &e));
	assert_int_equal(access_may_give(&wide, &g, &tm1,
	                 ROLE_BIT(ROLE_SERVICE_MANAGER), &err), CP_REFUSED);
	assert_string_equal(err.msg, "giving the role service-manager is "
	    "refused: service-manager sees their service's cases, more than "
	    "you (tm1) do; nobody gives a role that does more than their own");
	access_actor admin = { "admin", 0, "", true };
	OK(access_may_give(r, &g, &admin, ROLE_BIT(ROLE_QA_MANAGER), &e));
	/* a worker marked as left is refused first, the creator too */
	cp_worker me = { "admin", "The Creator", ROLE_BIT(ROLE_QA_MANAGER), "",
	                 "", true, "" };
	OK(casework_worker_add(&cw, &me, &e));
	assert_int_equal(open_as("admin", false, "sw1", &err), CP_REFUSED);
	assert_string_equal(err.msg, "'admin' has left (marked in the store): "
	    "ask your QA administrator if that is wrong");
	assert_int_equal(open_as("admin", false, NULL, &err), CP_REFUSED);
	OK(open_as("root", true, "sw1", &e));   /* root is not 'admin' */
}

static void scopes(void **state)
{
	(void)state;
	check_sees("sw1", true, false);     /* own */
	check_sees("sw2", false, true);
	check_sees("tm1", true, false);     /* team North */
	check_sees("tm2", false, true);     /* team South */
	check_sees("sm1", true, false);     /* tm1 reports to sm1 */
	check_sees("chair1", true, false);  /* chairs C1's ICPC */
	check_sees("mt1", true, false);     /* clerks it */
	check_sees("qa1", true, true);
	check_sees("qam", true, true);
	/* every case: 001's safeguarding service manager agrees cancelling
	 * LAC reviews as well as conferences; Swindon's QA & Review SM */
	check_sees("sg1", true, true);
	check_sees("qr1", true, true);
}

static void refusals(void **state)
{
	(void)state;
	cp_error err;
	store_txn *t;
	permit *pm = as("sw1", NULL), *tm1 = as("tm1", NULL),
	       *mt1 = as("mt1", NULL);
	OK(store_read_begin(cw.st, &t, &e));
	cp_child c2 = child("C2", "sw2");
	assert_int_equal(permit_may(pm, ACCESS_SWITCH_POLICY, &err),
	                 CP_REFUSED);
	assert_string_equal(err.msg, "switching the policy needs the role "
	                    "qa-manager; you (sw1) hold social-worker");
	assert_int_equal(permit_child(pm, t, PERMIT_SEE, &c2, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "child C2 is not among the cases you see"));
	assert_non_null(strstr(err.msg, "team-manager (their team's cases)"));
	assert_non_null(strstr(err.msg, "you (sw1) hold social-worker"));
	permit_free(pm);

	/* tm1 may schedule for their team, not for another team. */
	pm = tm1;
	cp_child c1 = child("C1", "sw1");
	OK(permit_child(pm, t, ACCESS_SCHEDULE, &c1, &e));
	assert_int_equal(permit_child(pm, t, ACCESS_SCHEDULE, &c2, &err),
	                 CP_REFUSED);
	assert_non_null(strstr(err.msg, "scheduling, moving or cancelling a "
	                       "meeting for this case needs one of"));
	assert_int_equal(permit_may(pm, ACCESS_IMPORT, &err), CP_REFUSED);
	assert_non_null(strstr(err.msg, "importing needs the role qa-admin, "
	                       "qa-manager"));
	permit_free(pm);

	/* A minute taker sees the meeting they clerk but may not schedule. */
	pm = mt1;
	cp_meeting m = { 0 };
	bool found;
	OK(store_meeting_get(t, icpc, &m, &found, &e));
	assert_true(found);
	OK(permit_meeting(pm, t, PERMIT_SEE, &m, &e));
	OK(permit_meeting(pm, t, ACCESS_RECORD_OUTCOMES, &m, &e));
	assert_int_equal(permit_meeting(pm, t, ACCESS_SCHEDULE, &m, &err),
	                 CP_REFUSED);
	permit_free(pm);
	cp_meeting_free(&m);
	store_read_end(t);
}

typedef struct task_pick {
	const char *assignee;
	cp_task k;
} task_pick;

static bool pick(void *ctx, const cp_task *k)
{
	task_pick *p = ctx;
	if (p->k.id || strcmp(k->assignee, p->assignee))
		return true;
	p->k = *k;
	p->k.child_id = strdup(k->child_id);
	p->k.assignee = strdup(k->assignee);
	p->k.step_id = p->k.title = p->k.done_by = p->k.note = NULL;
	return true;
}

/* Tasks: the assignee and pool members see them; the social worker of
 * another child does not. */
static void tasks(void **state)
{
	(void)state;
	store_txn *t;
	OK(store_read_begin(cw.st, &t, &e));
	task_pick sw = { .assignee = "sw1" }, chair = { .assignee = "chair1" };
	OK(store_tasks_for_meeting(t, icpc, pick, &sw, &e));
	OK(store_tasks_for_meeting(t, icpc, pick, &chair, &e));
	assert_true(sw.k.id && chair.k.id);
	store_read_end(t);
	struct { const char *who; bool sees_sw, sees_chair; } rows[] = {
		{ "sw1", true, true },      /* C1 is theirs */
		{ "sw2", false, false },
		{ "chair1", true, true },   /* chairs the meeting */
		{ "tm2", false, false },
		{ "qa1", true, true },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		permit *pm = as(rows[i].who, NULL);
		OK(store_read_begin(cw.st, &t, &e));
		if (permit_sees_task(pm, t, &sw.k) != rows[i].sees_sw ||
		    permit_sees_task(pm, t, &chair.k) != rows[i].sees_chair)
			fail_msg("%s: wrong task visibility", rows[i].who);
		store_read_end(t);
		permit_free(pm);
	}
	/* A pool task is seen by holders of the pool's role. */
	cp_task pool = sw.k;
	pool.assignee = "@qa-admin";
	pool.child_id = "C2";
	permit *qa = as("qa1", NULL), *sw1 = as("sw1", NULL);
	OK(store_read_begin(cw.st, &t, &e));
	assert_true(permit_sees_task(qa, t, &pool));
	assert_false(permit_sees_task(sw1, t, &pool));
	permit_free(qa);
	permit_free(sw1);
	free(sw.k.child_id);
	free(sw.k.assignee);
	free(chair.k.child_id);
	free(chair.k.assignee);
	store_read_end(t);
}

/* A NULL permit is the trusted in-process caller. */
static void trusted(void **state)
{
	(void)state;
	assert_true(permit_sees_all(NULL));
	assert_true(permit_allows(NULL, ACCESS_SWITCH_POLICY));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_and_parse),
		cmocka_unit_test(roles_named),
		cmocka_unit_test_setup_teardown(generic_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(identity, setup, teardown),
		cmocka_unit_test_setup_teardown(giving, setup, teardown),
		cmocka_unit_test_setup_teardown(scopes, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(tasks, setup, teardown),
		cmocka_unit_test(trusted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

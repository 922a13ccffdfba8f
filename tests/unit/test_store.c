/* test_store.c - the LMDB layer: create/open rules, indexes, scans,
 * migration, newer schema, permissions, map growth, consistency. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <lmdb.h>
#include <cmocka.h>

#include "codec.h"
#include "store.h"

static char dir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/cpdesk-store-XXXXXX");
	assert_non_null(mkdtemp(dir));
	strcat(dir, "/db");     /* store_open makes it */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	*strrchr(dir, '/') = '\0';
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static cp_date D(int y, int m, int d)
{
	cp_date out;
	date_from_ymd(y, m, d, &out);
	return out;
}

static store *open_new(size_t mapsize)
{
	store *s;
	cp_error e;
	store_open_opts o = { .create = true, .mapsize = mapsize, .login = "t" };
	cp_status st = store_open(dir, &o, &s, &e);
	if (st != CP_OK)
		fail_msg("%s", e.msg);
	return s;
}

/* ---- a little writer for tests ----------------------------------------- */
typedef struct seed {
	int nchildren, ntasks;
	const char *sw;
} seed;

static cp_status seed_fn(store_txn *t, void *ctx, cp_error *err)
{
	seed *sd = ctx;
	cp_worker w = { (char *)sd->sw, "Worker", ROLE_BIT(ROLE_SOCIAL_WORKER),
	                "T", "", false, "" };
	if (store_worker_put(t, &w, err))
		return CP_FAILED;
	for (int i = 0; i < sd->nchildren; i++) {
		char id[32];
		cp_child c;
		cp_child_init(&c);
		snprintf(id, sizeof id, "C%04d", i);
		c.id = id;
		c.name = "A child with a fairly long name for filling the map";
		c.social_worker = (char *)sd->sw;
		if (store_child_put(t, &c, err))
			return CP_FAILED;
		cp_meeting m;
		cp_meeting_init(&m);
		if (store_next_id(t, SEQ_MEETING, &m.id, err))
			return CP_FAILED;
		m.child_id = id;
		m.type = "icpc";
		m.date = D(2025, 3, 1) + i % 30;
		m.chair = i % 2 ? "chair1" : "chair2";
		if (store_meeting_put(t, &m, err))
			return CP_FAILED;
		for (int k = 0; k < sd->ntasks; k++) {
			cp_task tk;
			cp_task_init(&tk);
			if (store_next_id(t, SEQ_TASK, &tk.id, err))
				return CP_FAILED;
			tk.meeting_id = m.id;
			tk.child_id = id;
			tk.step_id = "step";
			tk.title = "A task title long enough to take some room in the map";
			tk.assignee = k % 3 ? (char *)sd->sw : POOL_QA_ADMIN;
			tk.due = m.date - 10 + k;
			if (store_task_put(t, &tk, err))
				return CP_FAILED;
		}
	}
	return CP_OK;
}

static void test_create_and_permissions(void **state)
{
	(void)state;
	cp_error e;
	store *s;
	/* Not there and not asked to create. */
	assert_int_equal(store_open(dir, NULL, &s, &e), CP_BADINPUT);
	assert_non_null(strstr(e.msg, "cpdesk init"));
	s = open_new(0);
	assert_true(store_was_created(s));
	store_close(s);
	struct stat sb;
	char p[512];
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	snprintf(p, sizeof p, "%s/data.mdb", dir);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(p, sizeof p, "%s/lock.mdb", dir);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(p, sizeof p, "%s/data.mdb", dir);
	/* Reopen: not created again; never twice in one process. */
	assert_int_equal(store_open(dir, NULL, &s, &e), CP_OK);
	assert_false(store_was_created(s));
	store *s2;
	assert_int_equal(store_open(dir, NULL, &s2, &e), CP_FAILED);
	assert_non_null(strstr(e.msg, "already open"));
	assert_int_equal(store_opened_schema(s), STORE_SCHEMA_VERSION);
	store_close(s);
	/* A store of one's own is its owner's alone: readable by the group
	 * or others, refused, saying how to fix it. */
	chmod(p, 0640);
	assert_int_equal(store_open(dir, NULL, &s, &e), CP_REFUSED);
	assert_non_null(strstr(e.msg, "chmod 700"));
	chmod(p, 0604);
	assert_int_equal(store_open(dir, NULL, &s, &e), CP_REFUSED);
	chmod(p, 0600);
	chmod(dir, 0750);
	assert_int_equal(store_open(dir, NULL, &s, &e), CP_REFUSED);
	assert_non_null(strstr(e.msg, "mode 750"));
	chmod(dir, 0700);
	/* Its lock file a link: refused before LMDB follows it. */
	char lock[512], moved[512];
	snprintf(lock, sizeof lock, "%s/lock.mdb", dir);
	snprintf(moved, sizeof moved, "%s.lock", dir);
	assert_int_equal(rename(lock, moved), 0);
	assert_int_equal(symlink(moved, lock), 0);
	assert_int_equal(store_open(dir, NULL, &s, &e), CP_REFUSED);
	assert_non_null(strstr(e.msg, "not a regular file"));
	unlink(lock);
	assert_int_equal(rename(moved, lock), 0);
	assert_int_equal(store_open(dir, NULL, &s, &e), CP_OK);
	store_close(s);
}

static void test_default_path(void **state)
{
	(void)state;
	char buf[512];
	cp_error e;
	assert_int_equal(store_default_path("/x/y", buf, sizeof buf, &e), CP_OK);
	assert_string_equal(buf, "/x/y");
	setenv("CPDESK_DB", "/env/db", 1);
	assert_int_equal(store_default_path(NULL, buf, sizeof buf, &e), CP_OK);
	assert_string_equal(buf, "/env/db");
	unsetenv("CPDESK_DB");
	setenv("XDG_DATA_HOME", "/xdg", 1);
	assert_int_equal(store_default_path(NULL, buf, sizeof buf, &e), CP_OK);
	assert_string_equal(buf, "/xdg/cpdesk");
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/u", 1);
	assert_int_equal(store_default_path(NULL, buf, sizeof buf, &e), CP_OK);
	assert_string_equal(buf, "/home/u/.local/share/cpdesk");
}

/* ---- scans ------------------------------------------------------------- */
typedef struct acc {
	int n;
	uint64_t ids[512];
	cp_date dates[512];
} acc;

static bool acc_task(void *ctx, const cp_task *k)
{
	acc *a = ctx;
	a->dates[a->n] = k->due;
	a->ids[a->n++] = k->id;
	return true;
}

static bool acc_meeting(void *ctx, const cp_meeting *m)
{
	acc *a = ctx;
	a->dates[a->n] = m->date;
	a->ids[a->n++] = m->id;
	return true;
}

static bool acc_child(void *ctx, const cp_child *c)
{
	(void)c;
	((acc *)ctx)->n++;
	return true;
}

static bool acc_audit(void *ctx, const cp_audit *a)
{
	acc *x = ctx;
	x->ids[x->n++] = a->seq;
	return true;
}

typedef struct flip { uint64_t id; cp_date due; task_status st; } flip;
static cp_status flip_fn(store_txn *t, void *ctx, cp_error *err)
{
	flip *f = ctx;
	cp_task k;
	bool found;
	if (store_task_get(t, f->id, &k, &found, err) || !found)
		return CP_FAILED;
	k.status = f->st;
	k.due = f->due;
	cp_status st = store_task_put(t, &k, err);
	cp_task_free(&k);
	return st;
}

static void test_indexes_and_scans(void **state)
{
	(void)state;
	cp_error e;
	store *s = open_new(0);
	uint64_t c0, c1;
	assert_int_equal(store_change_counter(s, &c0, &e), CP_OK);
	seed sd = { 10, 6, "sw1" };
	assert_int_equal(store_write(s, seed_fn, &sd, &e), CP_OK);
	assert_int_equal(store_change_counter(s, &c1, &e), CP_OK);
	assert_true(c1 == c0 + 1);
	assert_int_equal(store_check_consistency(s, &e), CP_OK);

	store_txn *t;
	acc a = {0};
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	/* A second read on the same handle is a programming error. */
	store_txn *t2;
	assert_int_equal(store_read_begin(s, &t2, &e), CP_FAILED);
	/* sw1 has 4 of 6 tasks per child: 40, in due order. */
	assert_int_equal(store_tasks_for_assignee(t, "sw1", TASK_OPEN,
	                 CP_DATE_NONE, STORE_DATE_MAX, 0, acc_task, &a, &e), CP_OK);
	assert_int_equal(a.n, 40);
	for (int i = 1; i < a.n; i++)
		assert_true(a.dates[i - 1] <= a.dates[i]);
	/* A date window and a limit. */
	memset(&a, 0, sizeof a);
	cp_date from = D(2025, 2, 20), to = D(2025, 2, 22);
	assert_int_equal(store_tasks_for_assignee(t, "sw1", TASK_OPEN, from, to,
	                 3, acc_task, &a, &e), CP_OK);
	assert_int_equal(a.n, 3);
	for (int i = 0; i < a.n; i++)
		assert_true(a.dates[i] >= from && a.dates[i] <= to);
	memset(&a, 0, sizeof a);
	assert_int_equal(store_tasks_for_assignee(t, POOL_QA_ADMIN, TASK_OPEN,
	                 CP_DATE_NONE, STORE_DATE_MAX, 0, acc_task, &a, &e), CP_OK);
	assert_int_equal(a.n, 20);
	memset(&a, 0, sizeof a);
	assert_int_equal(store_tasks_for_assignee(t, "sw1", TASK_DONE,
	                 CP_DATE_NONE, STORE_DATE_MAX, 0, acc_task, &a, &e), CP_OK);
	assert_int_equal(a.n, 0);
	memset(&a, 0, sizeof a);
	assert_int_equal(store_meetings_between(t, D(2025, 3, 2), D(2025, 3, 4),
	                 0, acc_meeting, &a, &e), CP_OK);
	assert_int_equal(a.n, 3);
	assert_true(a.dates[0] == D(2025, 3, 2) && a.dates[2] == D(2025, 3, 4));
	memset(&a, 0, sizeof a);
	assert_int_equal(store_meetings_for_chair(t, "chair1", CP_DATE_NONE,
	                 STORE_DATE_MAX, 0, acc_meeting, &a, &e), CP_OK);
	assert_int_equal(a.n, 5);
	memset(&a, 0, sizeof a);
	assert_int_equal(store_meetings_for_child(t, "C0003", acc_meeting, &a,
	                 &e), CP_OK);
	assert_int_equal(a.n, 1);
	uint64_t mid = a.ids[0];
	memset(&a, 0, sizeof a);
	assert_int_equal(store_tasks_for_meeting(t, mid, acc_task, &a, &e), CP_OK);
	assert_int_equal(a.n, 6);
	uint64_t tid = a.ids[0];
	memset(&a, 0, sizeof a);
	assert_int_equal(store_children_for_worker(t, "sw1", acc_child, &a, &e),
	                 CP_OK);
	assert_int_equal(a.n, 10);
	store_read_end(t);

	/* A task changing status and date moves in the assignee index. */
	cp_task k;
	bool found;
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	assert_int_equal(store_task_get(t, tid, &k, &found, &e), CP_OK);
	assert_true(found);
	store_read_end(t);
	flip f = { tid, D(2030, 1, 1), TASK_DONE };
	assert_int_equal(store_write(s, flip_fn, &f, &e), CP_OK);
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	memset(&a, 0, sizeof a);
	assert_int_equal(store_tasks_for_assignee(t, k.assignee, TASK_DONE,
	                 CP_DATE_NONE, STORE_DATE_MAX, 0, acc_task, &a, &e), CP_OK);
	assert_int_equal(a.n, 1);
	assert_true(a.ids[0] == tid && a.dates[0] == D(2030, 1, 1));
	store_read_end(t);
	cp_task_free(&k);
	assert_int_equal(store_check_consistency(s, &e), CP_OK);
	store_close(s);
}

/* ---- child reallocation moves the children index ----------------------- */
static cp_status realloc_fn(store_txn *t, void *ctx, cp_error *err)
{
	(void)ctx;
	cp_child c;
	bool found;
	if (store_child_get(t, "C0001", &c, &found, err) || !found)
		return CP_FAILED;
	free(c.social_worker);
	c.social_worker = strdup("sw2");
	cp_status st = store_child_put(t, &c, err);
	cp_child_free(&c);
	cp_audit a = { 0, 100, "admin", "child.update", "child:C0001", "C0001",
	               "sw=sw1", "sw=sw2" };
	if (st == CP_OK)
		st = store_audit_append(t, &a, err);
	cp_audit b = { 0, 200, "other", "x", "y", "", "", "" };
	if (st == CP_OK)
		st = store_audit_append(t, &b, err);
	return st;
}

/* Meetings dated in the opposite order to their ids: by date, and the
 * same meetings in id order (store_meetings_between_by_id); a callback
 * saying stop stops it. */
static cp_status backwards_fn(store_txn *t, void *ctx, cp_error *err)
{
	(void)ctx;
	for (int i = 0; i < 8; i++) {
		cp_meeting m;
		cp_meeting_init(&m);
		if (store_next_id(t, SEQ_MEETING, &m.id, err))
			return CP_FAILED;
		m.child_id = "C1";
		m.type = "rcpc";
		m.date = D(2025, 5, 20) - 2 * i;
		if (store_meeting_put(t, &m, err))
			return CP_FAILED;
	}
	return CP_OK;
}

static bool acc_two(void *ctx, const cp_meeting *m)
{
	acc_meeting(ctx, m);
	return ((acc *)ctx)->n < 2;
}

static void test_meetings_by_id(void **state)
{
	(void)state;
	cp_error e;
	store *s = open_new(0);
	assert_int_equal(store_write(s, backwards_fn, NULL, &e), CP_OK);
	store_txn *t;
	acc d = {0}, i = {0}, two = {0};
	cp_date from = D(2025, 5, 8), to = D(2025, 5, 16);  /* ids 3..7 */
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	assert_int_equal(store_meetings_between(t, from, to, 0, acc_meeting, &d,
	                 &e), CP_OK);
	assert_int_equal(store_meetings_between_by_id(t, from, to, acc_meeting,
	                 &i, &e), CP_OK);
	assert_int_equal(store_meetings_between_by_id(t, from, to, acc_two,
	                 &two, &e), CP_OK);
	store_read_end(t);
	assert_int_equal(d.n, 5);
	assert_int_equal(i.n, 5);
	for (int k = 0; k < 5; k++) {
		assert_true(d.dates[k] == from + 2 * k);     /* by date */
		assert_true(i.ids[k] == (uint64_t)(3 + k));  /* by id */
		assert_true(i.ids[k] == d.ids[4 - k]);
	}
	assert_int_equal(two.n, 2);
	store_close(s);
}

static void test_reallocate_and_audit(void **state)
{
	(void)state;
	cp_error e;
	store *s = open_new(0);
	seed sd = { 3, 1, "sw1" };
	assert_int_equal(store_write(s, seed_fn, &sd, &e), CP_OK);
	assert_int_equal(store_write(s, realloc_fn, NULL, &e), CP_OK);
	store_txn *t;
	acc a = {0};
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	store_children_for_worker(t, "sw1", acc_child, &a, &e);
	assert_int_equal(a.n, 2);
	memset(&a, 0, sizeof a);
	store_children_for_worker(t, "sw2", acc_child, &a, &e);
	assert_int_equal(a.n, 1);
	memset(&a, 0, sizeof a);
	store_audit_filter f = { .child_id = "C0001" };
	assert_int_equal(store_audit_scan(t, &f, acc_audit, &a, &e), CP_OK);
	assert_int_equal(a.n, 1);
	memset(&a, 0, sizeof a);
	store_audit_filter g = { .newest_first = true, .limit = 1 };
	assert_int_equal(store_audit_scan(t, &g, acc_audit, &a, &e), CP_OK);
	assert_int_equal(a.n, 1);
	assert_true(a.ids[0] == 2);
	memset(&a, 0, sizeof a);
	store_audit_filter h = { .login = "admin", .since = 150 };
	assert_int_equal(store_audit_scan(t, &h, acc_audit, &a, &e), CP_OK);
	assert_int_equal(a.n, 0);
	store_read_end(t);
	assert_int_equal(store_check_consistency(s, &e), CP_OK);
	store_close(s);
}

/* ---- map growth -------------------------------------------------------- */
static void test_map_growth(void **state)
{
	(void)state;
	cp_error e;
	store *s = open_new(64 * 1024);
	size_t before = store_mapsize(s);
	seed sd = { 300, 8, "sw1" };     /* several MB: many doublings */
	assert_int_equal(store_write(s, seed_fn, &sd, &e), CP_OK);
	assert_true(store_mapsize(s) > before);
	store_txn *t;
	acc a = {0};
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	store_children_for_worker(t, "sw1", acc_child, &a, &e);
	assert_int_equal(a.n, 300);
	store_read_end(t);
	assert_int_equal(store_check_consistency(s, &e), CP_OK);
	store_close(s);
	/* Reopens with the grown size. */
	assert_int_equal(store_open(dir, NULL, &s, &e), CP_OK);
	assert_int_equal(store_check_consistency(s, &e), CP_OK);
	store_close(s);
}

/* ---- raw LMDB, for damage, old and new stores ------------------------- */
static MDB_env *raw_open(void)
{
	MDB_env *env;
	assert_int_equal(mdb_env_create(&env), 0);
	mdb_env_set_maxdbs(env, 64);
	mdb_env_set_mapsize(env, 1 << 24);
	assert_int_equal(mdb_env_open(env, dir, 0, 0660), 0);
	return env;
}

static void raw_put(MDB_txn *txn, const char *db, const void *k, size_t kl,
                    const void *v, size_t vl)
{
	MDB_dbi dbi;
	assert_int_equal(mdb_dbi_open(txn, db, MDB_CREATE, &dbi), 0);
	MDB_val key = { kl, (void *)k }, val = { vl, (void *)v };
	assert_int_equal(mdb_put(txn, dbi, &key, &val, 0), 0);
}

static void test_newer_schema_refused(void **state)
{
	(void)state;
	cp_error e;
	store *s = open_new(0);
	store_close(s);
	MDB_env *env = raw_open();
	MDB_txn *txn;
	unsigned char v[4];
	codec_put_u32(v, STORE_SCHEMA_VERSION + 1);
	mdb_txn_begin(env, NULL, 0, &txn);
	raw_put(txn, "meta", "schema", 6, v, 4);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	char p[512], cmd[1200];
	snprintf(p, sizeof p, "%s/data.mdb", dir);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s.before'", p, p);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(store_open(dir, NULL, &s, &e), CP_REFUSED);
	assert_non_null(strstr(e.msg, "newer"));
	snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s.before'", p, p);
	assert_int_equal(system(cmd), 0);   /* byte for byte untouched */
}

/* A v0 store: records and meta only (no indexes, no counters). */
static void test_migrate_v0(void **state)
{
	(void)state;
	cp_error e;
	mkdir(dir, 0700);
	MDB_env *env = raw_open();
	MDB_txn *txn;
	unsigned char v[4], *buf, k[8];
	size_t len;
	mdb_txn_begin(env, NULL, 0, &txn);
	codec_put_u32(v, 0);
	raw_put(txn, "meta", "schema", 6, v, 4);
	cp_worker w = { "sw1", "W", ROLE_BIT(ROLE_SOCIAL_WORKER), "", "", false, "" };
	codec_encode_worker(&w, &buf, &len, &e);
	raw_put(txn, "workers", "sw1", 3, buf, len);
	free(buf);
	cp_child c;
	cp_child_init(&c);
	c.id = "OLD1"; c.name = "Old"; c.social_worker = "sw1";
	codec_encode_child(&c, &buf, &len, &e);
	raw_put(txn, "children", "OLD1", 4, buf, len);
	free(buf);
	cp_meeting m;
	cp_meeting_init(&m);
	m.id = 41; m.child_id = "OLD1"; m.type = "icpc"; m.date = D(2024, 5, 1);
	m.chair = "chair1";
	codec_encode_meeting(&m, &buf, &len, &e);
	codec_put_u64(k, 41);
	raw_put(txn, "meetings", k, 8, buf, len);
	free(buf);
	cp_task t0;
	cp_task_init(&t0);
	t0.id = 17; t0.meeting_id = 41; t0.child_id = "OLD1"; t0.step_id = "s";
	t0.title = "x"; t0.assignee = "sw1"; t0.due = D(2024, 4, 20);
	codec_encode_task(&t0, &buf, &len, &e);
	codec_put_u64(k, 17);
	raw_put(txn, "tasks", k, 8, buf, len);
	free(buf);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	chmod(dir, 0700);
	char p[512];
	snprintf(p, sizeof p, "%s/data.mdb", dir);
	chmod(p, 0600);
	snprintf(p, sizeof p, "%s/lock.mdb", dir);
	chmod(p, 0600);

	store *s;
	assert_int_equal(store_open(dir, NULL, &s, &e), CP_OK);
	assert_int_equal(store_opened_schema(s), 0);
	assert_int_equal(store_check_consistency(s, &e), CP_OK);
	store_txn *t;
	acc a = {0};
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	store_children_for_worker(t, "sw1", acc_child, &a, &e);
	assert_int_equal(a.n, 1);
	memset(&a, 0, sizeof a);
	store_tasks_for_assignee(t, "sw1", TASK_OPEN, CP_DATE_NONE,
	                         STORE_DATE_MAX, 0, acc_task, &a, &e);
	assert_int_equal(a.n, 1);
	store_read_end(t);
	/* Ids continue after the old ones. */
	seed sd = { 1, 1, "sw9" };
	assert_int_equal(store_write(s, seed_fn, &sd, &e), CP_OK);
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	memset(&a, 0, sizeof a);
	store_meetings_for_child(t, "C0000", acc_meeting, &a, &e);
	assert_true(a.n == 1 && a.ids[0] == 42);
	store_read_end(t);
	store_close(s);
	assert_int_equal(store_open(dir, NULL, &s, &e), CP_OK);
	assert_int_equal(store_opened_schema(s), STORE_SCHEMA_VERSION);
	store_close(s);
}

/* The checker notices an index entry gone missing. */
/* ---- schema 3 -> 4: format-1 records, plans from decisions ------------- */
typedef struct v1buf { unsigned char b[512]; size_t n; } v1buf;
static void v1_u8(v1buf *o, unsigned v) { o->b[o->n++] = (unsigned char)v; }
static void v1_u32(v1buf *o, uint32_t v) { codec_put_u32(o->b + o->n, v); o->n += 4; }
static void v1_u64(v1buf *o, uint64_t v) { codec_put_u64(o->b + o->n, v); o->n += 8; }
static void v1_str(v1buf *o, const char *s)
{
	v1_u32(o, (uint32_t)strlen(s));
	memcpy(o->b + o->n, s, strlen(s));
	o->n += strlen(s);
}

/* A child as format 1 wrote it: three "since" dates. */
static void v1_child(MDB_txn *txn, const char *id, cp_date cin, cp_date cp)
{
	v1buf o = { .n = 0 };
	v1_u8(&o, 1); v1_u8(&o, REC_CHILD);
	v1_str(&o, id); v1_str(&o, "Old child"); v1_u32(&o, (uint32_t)D(2019, 1, 1));
	v1_str(&o, "sw1");
	v1_u32(&o, (uint32_t)cin); v1_u32(&o, (uint32_t)cp);
	v1_u32(&o, (uint32_t)CP_DATE_NONE);
	v1_u8(&o, FAMILY_PREF_POST);
	raw_put(txn, "children", id, strlen(id), o.b, o.n);
}

/* A held meeting as format 1 wrote it: one child, one plan. */
static void v1_meeting(MDB_txn *txn, uint64_t id, const char *child,
                       const char *type, cp_date date, plan_decision plan)
{
	v1buf o = { .n = 0 };
	unsigned char k[8];
	v1_u8(&o, 1); v1_u8(&o, REC_MEETING);
	v1_u64(&o, id); v1_str(&o, child); v1_str(&o, type);
	v1_u32(&o, (uint32_t)date); v1_u32(&o, (uint32_t)-1);
	v1_str(&o, "ch1"); v1_str(&o, "mt1"); v1_u8(&o, HOW_TEAMS);
	v1_u32(&o, 0);                               /* anchors */
	v1_u8(&o, MEETING_HELD); v1_u32(&o, 1); v1_u64(&o, 0);
	v1_u32(&o, (uint32_t)CP_DATE_NONE); v1_u8(&o, 0);
	v1_u32(&o, (uint32_t)CP_DATE_NONE); v1_str(&o, ""); v1_str(&o, "");
	v1_str(&o, "decided"); v1_u8(&o, plan);
	v1_str(&o, ""); v1_str(&o, ""); v1_str(&o, ""); v1_str(&o, "");
	v1_u32(&o, (uint32_t)CP_DATE_NONE); v1_u64(&o, 0);
	codec_put_u64(k, id);
	raw_put(txn, "meetings", k, 8, o.b, o.n);
}

static bool acc_id(void *ctx, const cp_child *c)
{
	char *ids = ctx;
	strcat(strcat(ids, c->id), " ");
	return true;
}

/* Schema 4 records of the children and meetings of test_migrate_v3
 * (their index entries), before they are written over as format 1. */
static cp_status v3_fill(store_txn *t, void *ctx, cp_error *err)
{
	(void)ctx;
	const char *kids[] = { "P1", "N1", "H1" };
	for (size_t i = 0; i < 3; i++) {
		cp_child c;
		cp_child_init(&c);
		c.id = (char *)kids[i]; c.name = "Old child"; c.social_worker = "sw1";
		cp_status st = child_open_since(&c, D(2024, 1, 8), i == 2 ?
		                                D(2024, 2, 1) : CP_DATE_NONE,
		                                CP_DATE_NONE, err);
		if (st == CP_OK)
			st = store_child_put(t, &c, err);
		child_episodes_free(&c);
		CP_TRY(st);
	}
	static const struct { uint64_t id; const char *child, *type; int d; } mt[] = {
		{ 1, "P1", "icpc", 3 }, { 2, "P1", "rcpc", 5 },
		{ 3, "N1", "icpc", 4 }, { 4, "N1", "rcpc", 6 },
		{ 5, "H1", "icpc", 3 }, { 6, "N1", "cla-review", 7 },
	};
	for (size_t i = 0; i < 6; i++) {
		cp_meeting m;
		cp_meeting_init(&m);
		m.id = mt[i].id; m.child_id = (char *)mt[i].child;
		m.type = (char *)mt[i].type; m.date = D(2024, mt[i].d, 4);
		m.status = MEETING_HELD;
		m.chair = "ch1";
		m.minute_taker = "mt1";
		CP_TRY(store_meeting_put(t, &m, err));
	}
	return CP_OK;
}

static void test_migrate_v3(void **state)
{
	(void)state;
	cp_error e;
	cp_date cin = D(2024, 1, 8);
	/* Written as schema 4 first (the index entries), then every record
	 * as format 1 and the store set back to schema 3 without the
	 * households' databases. */
	store *s = open_new(0);
	store_txn *t;
	assert_int_equal(store_write(s, v3_fill, NULL, &e), CP_OK);
	store_close(s);
	MDB_env *env = raw_open();
	MDB_txn *txn;
	MDB_dbi dbi;
	unsigned char v[4];
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	v1_child(txn, "P1", cin, CP_DATE_NONE);
	v1_child(txn, "N1", cin, CP_DATE_NONE);
	v1_child(txn, "H1", cin, D(2024, 2, 1));
	v1_meeting(txn, 1, "P1", "icpc", D(2024, 3, 4), PLAN_CP);   /* plan */
	v1_meeting(txn, 2, "P1", "rcpc", D(2024, 5, 4), PLAN_CP);
	v1_meeting(txn, 3, "N1", "icpc", D(2024, 4, 4), PLAN_CP);   /* ended */
	v1_meeting(txn, 4, "N1", "rcpc", D(2024, 6, 4), PLAN_NONE);
	v1_meeting(txn, 5, "H1", "icpc", D(2024, 3, 4), PLAN_CP);   /* by hand */
	v1_meeting(txn, 6, "N1", "cla-review", D(2024, 7, 4), PLAN_NA);
	for (size_t i = 0; i < 2; i++) {
		const char *gone[] = { "families", "ix.children.family" };
		assert_int_equal(mdb_dbi_open(txn, gone[i], 0, &dbi), 0);
		assert_int_equal(mdb_drop(txn, dbi, 1), 0);
	}
	codec_put_u32(v, 3);
	raw_put(txn, "meta", "schema", 6, v, 4);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);

	assert_int_equal(store_open(dir, NULL, &s, &e), CP_OK);
	assert_int_equal(store_opened_schema(s), 3);
	if (store_check_consistency(s, &e) != CP_OK)
		fail_msg("%s", e.msg);
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	cp_child c;
	bool found;
	/* P1: the plan its ICPC decided, from the ICPC, category unknown */
	assert_int_equal(store_child_get(t, "P1", &c, &found, &e), CP_OK);
	const cp_episode *p = child_open_episode(&c, EPISODE_CP);
	assert_non_null(p);
	assert_int_equal(p->start, D(2024, 3, 4));
	assert_int_equal(p->start_meeting, 1);
	assert_int_equal(p->category, CP_CATEGORY_UNKNOWN);
	assert_int_equal(child_since(&c, EPISODE_CIN), cin);
	cp_child_free(&c);
	/* N1: its review decided no plan: none; looked after from its first
	 * CLA review, an episode already running then */
	assert_int_equal(store_child_get(t, "N1", &c, &found, &e), CP_OK);
	assert_null(child_last_episode(&c, EPISODE_CP));
	p = child_open_episode(&c, EPISODE_LAC);
	assert_non_null(p);
	assert_int_equal(p->start, D(2024, 7, 4));
	assert_true(p->running);
	cp_child_free(&c);
	/* H1: the plan recorded by hand stands */
	assert_int_equal(store_child_get(t, "H1", &c, &found, &e), CP_OK);
	assert_int_equal(child_since(&c, EPISODE_CP), D(2024, 2, 1));
	assert_int_equal(child_open_episode(&c, EPISODE_CP)->start_meeting, 0);
	cp_child_free(&c);
	/* the meetings' decisions are their child's */
	cp_meeting m;
	assert_int_equal(store_meeting_get(t, 4, &m, &found, &e), CP_OK);
	assert_int_equal(m.outcome.ndecisions, 1);
	assert_string_equal(m.outcome.decisions[0].child_id, "N1");
	assert_int_equal(m.outcome.decisions[0].plan, PLAN_NONE);
	assert_int_equal(m.nsiblings, 0);
	cp_meeting_free(&m);
	/* a child in need only is N1 alone now */
	char ids[64] = "";
	assert_int_equal(store_children_cin_between(t, cin, cin, acc_id, ids, &e),
	                 CP_OK);
	assert_string_equal(ids, "");   /* N1 is looked after */
	store_read_end(t);
	store_close(s);
}

static void test_consistency_detects_damage(void **state)
{
	(void)state;
	cp_error e;
	store *s = open_new(0);
	seed sd = { 2, 2, "sw1" };
	assert_int_equal(store_write(s, seed_fn, &sd, &e), CP_OK);
	store_close(s);
	MDB_env *env = raw_open();
	MDB_txn *txn;
	MDB_dbi dbi;
	mdb_txn_begin(env, NULL, 0, &txn);
	assert_int_equal(mdb_dbi_open(txn, "ix.children.worker", MDB_DUPSORT,
	                              &dbi), 0);
	MDB_val key = { 3, "sw1" }, val = { 5, "C0001" };
	assert_int_equal(mdb_del(txn, dbi, &key, &val), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	assert_int_equal(store_open(dir, NULL, &s, &e), CP_OK);
	assert_int_equal(store_check_consistency(s, &e), CP_FAILED);
	assert_non_null(strstr(e.msg, "ix.children.worker"));
	store_close(s);
}

/* ---- walking every meeting in batches; editing tasks in place ---------- */
static bool acc_meeting_task(void *ctx, const cp_task *k)
{
	acc *a = ctx;
	assert_true(a->n < 512);
	a->dates[a->n] = (cp_date)k->meeting_id;
	a->ids[a->n++] = k->id;
	return true;
}

/* Cancel the task with a note that makes the record longer: on pages
 * that bulk appends filled, each such edit splits one. */
static cp_status grow_fn(void *ctx, cp_task *k, cp_error *err)
{
	(void)err;
	if (ctx)
		k->id++;   /* not allowed */
	k->status = TASK_CANCELLED;
	free(k->note);
	k->note = strdup("cancelled by the test, with a note long enough to "
	                 "split a full page");
	return k->note ? CP_OK : CP_FAILED;
}

typedef struct grow { uint64_t first, last; int found; } grow;
static cp_status grow_all_fn(store_txn *t, void *ctx, cp_error *err)
{
	grow *g = ctx;
	for (uint64_t id = g->first; id <= g->last; id++) {
		bool found;
		if (store_task_update(t, id, grow_fn, NULL, &found, err) != CP_OK)
			return CP_FAILED;
		g->found += found;
	}
	return CP_OK;
}

static cp_status bad_edit_fn(store_txn *t, void *ctx, cp_error *err)
{
	bool found;
	return store_task_update(t, *(uint64_t *)ctx, grow_fn, "x", &found, err);
}

static void test_batches_and_task_update(void **state)
{
	(void)state;
	cp_error e;
	store *s = open_new(0);
	seed sd = { 40, 6, "sw1" };
	assert_int_equal(store_write(s, seed_fn, &sd, &e), CP_OK);
	store_txn *t;
	cp_meeting m[16];
	size_t n, total;
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	assert_int_equal(store_meeting_count(t, &total, &e), CP_OK);
	assert_int_equal(total, 40);
	assert_int_equal(store_meetings_from(t, 1, 16, m, &n, &e), CP_OK);
	assert_int_equal(n, 16);
	for (size_t i = 1; i < n; i++)
		assert_true(m[i].id > m[i - 1].id);
	/* the tasks of meetings 5..12, by meeting then task id */
	acc a = {0};
	assert_int_equal(store_tasks_for_meetings(t, m[4].id, m[11].id,
	                 acc_meeting_task, &a, &e), CP_OK);
	assert_int_equal(a.n, 8 * 6);
	assert_true((uint64_t)a.dates[0] == m[4].id);
	assert_true((uint64_t)a.dates[a.n - 1] == m[11].id);
	for (int i = 1; i < a.n; i++)
		assert_true(a.dates[i] > a.dates[i - 1] ||
		            (a.dates[i] == a.dates[i - 1] && a.ids[i] > a.ids[i - 1]));
	uint64_t last = m[n - 1].id;
	for (size_t i = 0; i < n; i++)
		cp_meeting_free(&m[i]);
	assert_int_equal(store_meetings_from(t, last + 1, 16, m, &n, &e), CP_OK);
	assert_int_equal(n, 16);
	assert_true(m[0].id == last + 1);
	for (size_t i = 0; i < n; i++)
		cp_meeting_free(&m[i]);
	assert_int_equal(store_meetings_from(t, 1000, 16, m, &n, &e), CP_OK);
	assert_int_equal(n, 0);
	store_read_end(t);

	/* every task longer and cancelled: found where it was, indexes kept */
	grow g = { 1, 240 + 5, 0 };
	assert_int_equal(store_write(s, grow_all_fn, &g, &e), CP_OK);
	assert_int_equal(g.found, 240);
	assert_int_equal(store_check_consistency(s, &e), CP_OK);
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	for (uint64_t id = 1; id <= 240; id++) {
		cp_task k;
		bool found;
		assert_int_equal(store_task_get(t, id, &k, &found, &e), CP_OK);
		assert_true(found);
		assert_int_equal(k.status, TASK_CANCELLED);
		assert_non_null(strstr(k.note, "split a full page"));
		cp_task_free(&k);
	}
	memset(&a, 0, sizeof a);
	assert_int_equal(store_tasks_for_assignee(t, "sw1", TASK_OPEN,
	                 CP_DATE_NONE, STORE_DATE_MAX, 0, acc_task, &a, &e), CP_OK);
	assert_int_equal(a.n, 0);
	assert_int_equal(store_tasks_for_assignee(t, "sw1", TASK_CANCELLED,
	                 CP_DATE_NONE, STORE_DATE_MAX, 0, acc_task, &a, &e), CP_OK);
	assert_int_equal(a.n, 160);
	store_read_end(t);
	/* an edit may not change the id: refused, nothing written */
	uint64_t id = 7;
	assert_int_equal(store_write(s, bad_edit_fn, &id, &e), CP_FAILED);
	assert_non_null(strstr(e.msg, "id"));
	assert_int_equal(store_check_consistency(s, &e), CP_OK);
	store_close(s);
}

/* ---- a snapshot beside a write ------------------------------------------ */
typedef struct snap { store *s; int before, after; } snap;
static bool count_any(void *ctx, const cp_task *k)
{
	(void)k;
	++*(int *)ctx;
	return true;
}

/* Inside a write that cancels task 1, a snapshot still sees it open. */
static cp_status snap_fn(store_txn *t, void *ctx, cp_error *err)
{
	snap *sn = ctx;
	bool found;
	if (store_task_update(t, 1, grow_fn, NULL, &found, err) != CP_OK)
		return CP_FAILED;
	store_txn *rt;
	if (store_snapshot_begin(sn->s, &rt, err) != CP_OK)
		return CP_FAILED;
	cp_status st = store_tasks_for_assignee(rt, POOL_QA_ADMIN, TASK_OPEN,
	    CP_DATE_NONE, STORE_DATE_MAX, 0, count_any, &sn->before, err);
	store_snapshot_end(rt);
	if (st == CP_OK)
		st = store_tasks_for_assignee(t, POOL_QA_ADMIN, TASK_OPEN,
		    CP_DATE_NONE, STORE_DATE_MAX, 0, count_any, &sn->after, err);
	return st;
}

static void test_snapshot_in_write(void **state)
{
	(void)state;
	cp_error e;
	store *s = open_new(0);
	seed sd = { 2, 3, "sw1" };   /* task 1 of each child is @qa-admin's */
	assert_int_equal(store_write(s, seed_fn, &sd, &e), CP_OK);
	snap sn = { s, 0, 0 };
	assert_int_equal(store_write(s, snap_fn, &sn, &e), CP_OK);
	assert_int_equal(sn.before, 2);   /* as the write found the store */
	assert_int_equal(sn.after, 1);    /* the write's own view */
	assert_int_equal(store_check_consistency(s, &e), CP_OK);
	store_close(s);
}

/* ---- the stored policy ------------------------------------------------- */
static cp_status policy_fn(store_txn *t, void *ctx, cp_error *err)
{
	return store_policy_put(t, ctx, 2, "admin", 1234, "test", err);
}

static bool has_compiled(store *s)
{
	cp_error e;
	store_txn *t;
	char *v = NULL;
	bool found = false;
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	assert_int_equal(store_meta_get(t, "policy.compiled", &v, NULL, &found,
	                                &e), CP_OK);
	store_read_end(t);
	free(v);
	return found;
}

static cp_status put_meta_fn(store_txn *t, void *ctx, cp_error *err)
{
	const MDB_val *v = ctx;
	return store_meta_put(t, "policy.compiled", v->mv_data, v->mv_size, err);
}

/* The first load kept a compiled copy; later loads give the same policy
 * from it; putting the policy drops it; a damaged or wrong copy is
 * mended or reported. */
static void check_compiled(store *s, const policy *p, cp_policy_file *files)
{
	cp_error e;
	policy *q = NULL;
	uint64_t h[2] = { files[0].hash, files[1].hash };
	unsigned char *a, *b;
	size_t alen, blen;
	assert_true(has_compiled(s));
	if (store_policy_load(s, &q, &e) != CP_OK)
		fail_msg("%s", e.msg);
	assert_int_equal(codec_encode_policy(p, h, 2, &a, &alen, &e), CP_OK);
	assert_int_equal(codec_encode_policy(q, h, 2, &b, &blen, &e), CP_OK);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	policy_free(q);
	free(b);
	assert_int_equal(store_check_consistency(s, &e), CP_OK);
	/* Damaged: loading parses around it and keeps a good one again. */
	MDB_val junk = { alen / 2, a };
	assert_int_equal(store_write(s, put_meta_fn, &junk, &e), CP_OK);
	assert_int_equal(store_check_consistency(s, &e), CP_FAILED);
	assert_non_null(strstr(e.msg, "compiled policy"));
	if (store_policy_load(s, &q, &e) != CP_OK)
		fail_msg("%s", e.msg);
	assert_string_equal(q->id, "kid");
	policy_free(q);
	assert_int_equal(store_check_consistency(s, &e), CP_OK);
	/* Well formed but not what the YAML says: check-store finds it. */
	policy *wrong = NULL;
	assert_int_equal(policy_load("policies/swindon.yaml", &wrong, &e), CP_OK);
	assert_int_equal(codec_encode_policy(wrong, h, 2, &b, &blen, &e), CP_OK);
	MDB_val other = { blen, b };
	assert_int_equal(store_write(s, put_meta_fn, &other, &e), CP_OK);
	assert_int_equal(store_check_consistency(s, &e), CP_FAILED);
	assert_non_null(strstr(e.msg, "differs from its YAML"));
	/* Putting the policy again is the mend the message gives. */
	assert_int_equal(store_write(s, policy_fn, files, &e), CP_OK);
	assert_false(has_compiled(s));
	if (store_policy_load(s, &q, &e) != CP_OK)
		fail_msg("%s", e.msg);
	assert_string_equal(q->id, "kid");
	assert_true(has_compiled(s));
	assert_int_equal(store_check_consistency(s, &e), CP_OK);
	policy_free(q);
	policy_free(wrong);
	free(a);
	free(b);
}

static void test_policy_store(void **state)
{
	(void)state;
	cp_error e;
	store *s = open_new(0);
	policy *p;
	assert_int_equal(store_policy_load(s, &p, &e), CP_BADINPUT);
	FILE *f = fopen("policies/generic.yaml", "rb");
	if (!f)
		skip();
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	const char *kid = "policy: kid\ntitle: \"A borough\"\nextends: generic.yaml\n";
	cp_policy_file files[2] = {
		{ "p/kid.yaml", "/x/p/kid.yaml", (char *)kid, strlen(kid),
		  model_hash(kid, strlen(kid)) },
		{ "p/generic.yaml", "/x/p/generic.yaml", text, n,
		  model_hash(text, n) },
	};
	assert_int_equal(store_write(s, policy_fn, files, &e), CP_OK);
	store_txn *t;
	store_policy_info pi;
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	assert_int_equal(store_policy_get(t, &pi, &e), CP_OK);
	store_read_end(t);
	assert_int_equal(pi.nfiles, 2);
	assert_string_equal(pi.set_by, "admin");
	assert_true(pi.set_at == 1234);
	assert_true(pi.files[1].hash == model_hash(text, n));
	store_policy_info_free(&pi);
	if (store_policy_load(s, &p, &e) != CP_OK)
		fail_msg("%s", e.msg);
	assert_string_equal(p->id, "kid");
	assert_non_null(policy_meeting_find(p, "icpc"));
	check_compiled(s, p, files);
	policy_free(p);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_permissions, setup, teardown),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test_setup_teardown(test_indexes_and_scans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meetings_by_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reallocate_and_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_growth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v0, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consistency_detects_damage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batches_and_task_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_in_write, setup, teardown),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}

/* test_store_ix.c - the indexes the management lists read (schema 2):
 * open tasks by due date, done tasks by UTC day done, meetings by
 * cadence-exception and moved-from date, children in need only by date;
 * the queue (schema 3): each person's open tasks with their meetings'
 * type and date; and a minute taker's meetings (schema 5, the diary).
 * Each range scan is compared with a full scan of the records, filtered
 * and sorted here, after a random mix of puts and updates (status, due,
 * done time, assignee, moves, a meeting's type and minute taker, cadence
 * exceptions, a child's plan); a store from schema 1, 2 or 4 gets them
 * at open; check-store notices one missing, extra or stale. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lmdb.h>
#include <cmocka.h>

#include "codec.h"
#include "store.h"

static char dir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/cpdesk-storeix-XXXXXX");
	assert_non_null(mkdtemp(dir));
	strcat(dir, "/db");
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

#define OK(x) do { cp_error e_; cp_status s_ = (x); \
	if (s_ != CP_OK) fail_msg("%s: %s", #x, e_.msg); } while (0)
#define e e_

static store *open_store(bool create)
{
	store *s;
	cp_error err;
	store_open_opts o = { .create = create, .login = "t" };
	if (store_open(dir, &o, &s, &err) != CP_OK)
		fail_msg("%s", err.msg);
	return s;
}

/* ---- a random store ---------------------------------------------------- */
static uint64_t rng = 12345;
static int rn(int n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int)((rng >> 33) % (uint64_t)n);
}

#define BASE 20150                 /* 2025-03-03 as a day number */
#define NCHILD 40
static cp_date rdate(void) { return BASE - 30 + rn(60); }

/* Near a day boundary, sometimes before 1970 or unknown (0). */
static int64_t rtime(void)
{
	switch (rn(8)) {
	case 0: return 0;
	case 1: return -86400LL * rn(3) - rn(2);
	default: return (int64_t)rdate() * 86400 + rn(3) * 43200 - rn(2);
	}
}

static void child_status(cp_child *c)
{
	int k = rn(5);
	cp_error e;
	child_episodes_free(c);
	assert_int_equal(child_open_since(c, k == 0 ? CP_DATE_NONE : rdate(),
	                                  k == 3 ? rdate() : CP_DATE_NONE,
	                                  k == 4 ? rdate() : CP_DATE_NONE, &e),
	                 CP_OK);
}

/* A child in need only: its episode's start, else CP_DATE_NONE. */
static cp_date cin_only(const cp_child *c)
{
	if (child_open_episode(c, EPISODE_CP) || child_open_episode(c, EPISODE_LAC))
		return CP_DATE_NONE;
	return child_since(c, EPISODE_CIN);
}

/* The minute takers the meetings have: two, or none yet. */
static const char *const clerks[] = { "mt1", "mt2", "" };

static void meeting_marks(cp_meeting *m)
{
	m->cadence_exception = rn(3) == 0;
	m->cadence_by = rn(4) ? rdate() : CP_DATE_NONE;
	m->moved_from = rn(3) == 0 ? rdate() : CP_DATE_NONE;
	if (rn(4) == 0)
		m->moved_from = m->cadence_by;   /* the same day twice */
}

static void task_state(cp_task *k)
{
	k->status = (task_status)rn(TASK_STATUS_COUNT);
	k->due = rn(20) ? rdate() : CP_DATE_NONE;
	k->done_at = rtime();
}

static cp_status fill_fn(store_txn *t, void *ctx, cp_error *err)
{
	(void)ctx;
	for (int i = 0; i < NCHILD; i++) {
		char id[16];
		cp_child c;
		cp_child_init(&c);
		snprintf(id, sizeof id, "C%02d", i);
		c.id = id;
		c.name = "Child";
		c.social_worker = "sw1";
		child_status(&c);
		cp_status put = store_child_put(t, &c, err);
		child_episodes_free(&c);
		if (put)
			return CP_FAILED;
		for (int j = rn(3); j >= 0; j--) {
			cp_meeting m;
			cp_meeting_init(&m);
			if (store_next_id(t, SEQ_MEETING, &m.id, err))
				return CP_FAILED;
			m.child_id = id;
			m.type = "icpc";
			m.date = rdate();
			m.minute_taker = (char *)clerks[rn(3)];
			meeting_marks(&m);
			if (store_meeting_put(t, &m, err))
				return CP_FAILED;
			for (int n = rn(6); n > 0; n--) {
				cp_task k;
				cp_task_init(&k);
				if (store_next_id(t, SEQ_TASK, &k.id, err))
					return CP_FAILED;
				k.meeting_id = m.id;
				k.child_id = id;
				k.step_id = "s";
				k.title = "t";
				k.assignee = rn(2) ? "sw1" : POOL_QA_ADMIN;
				task_state(&k);
				if (store_task_put(t, &k, err))
					return CP_FAILED;
			}
		}
	}
	return CP_OK;
}

/* store_task_update's edit: become the task in ctx (fields borrowed
 * from it are copied). */
static cp_status copy_edit(void *ctx, cp_task *k, cp_error *err)
{
	cp_task_free(k);
	return cp_task_copy(k, ctx, err);
}

/* Change some records: a task's status, due date, assignee or done time
 * (by a put or an edit), a meeting's date, type and marks, a child's
 * plan. */
static cp_status change_fn(store_txn *t, void *ctx, cp_error *err)
{
	uint64_t ntasks = *(uint64_t *)ctx;
	for (int i = 0; i < 30; i++) {
		cp_task k;
		bool found;
		uint64_t id = 1 + (uint64_t)rn((int)ntasks);
		if (store_task_get(t, id, &k, &found, err))
			return CP_FAILED;
		if (!found)
			continue;
		switch (rn(4)) {
		case 0: k.status = (task_status)rn(TASK_STATUS_COUNT); break;
		case 1: k.due = rdate(); break;
		case 2:
			free(k.assignee);
			k.assignee = strdup(rn(2) ? "sw1" : POOL_QA_ADMIN);
			break;
		default: k.done_at = rtime(); break;
		}
		/* both write paths: a whole put, and an edit in place */
		cp_status st = rn(2) ? store_task_put(t, &k, err)
		                     : store_task_update(t, k.id, copy_edit, &k,
		                                         &found, err);
		cp_task_free(&k);
		if (st)
			return st;
	}
	for (int i = 0; i < 5; i++) {
		cp_meeting m;
		bool found;
		if (store_meeting_get(t, 1 + (uint64_t)rn(NCHILD), &m, &found, err))
			return CP_FAILED;
		if (!found)
			continue;
		if (rn(3))
			m.date = rdate();
		if (rn(4) == 0) {
			free(m.type);
			m.type = strdup(rn(2) ? "rcpc" : "icpc");
		}
		if (rn(3) == 0) {   /* allocated, replaced or taken off */
			free(m.minute_taker);
			m.minute_taker = strdup(clerks[rn(3)]);
		}
		meeting_marks(&m);
		cp_status st = store_meeting_put(t, &m, err);
		cp_meeting_free(&m);
		if (st)
			return st;
	}
	char id[16];
	cp_child c;
	bool found;
	snprintf(id, sizeof id, "C%02d", rn(NCHILD));
	if (store_child_get(t, id, &c, &found, err) || !found)
		return CP_FAILED;
	child_status(&c);
	cp_status st = store_child_put(t, &c, err);
	cp_child_free(&c);
	return st;
}

/* ---- references from full scans ---------------------------------------- */
typedef struct ent { cp_date key; uint64_t id; char cid[16]; } ent;
typedef struct ents { int n; ent v[2048]; } ents;

static void add(ents *x, cp_date key, uint64_t id, const char *cid)
{
	assert_true(x->n < 2048);
	ent *p = &x->v[x->n++];
	p->key = key;
	p->id = id;
	snprintf(p->cid, sizeof p->cid, "%s", cid ? cid : "");
}

static int ent_cmp(const void *a, const void *b)
{
	const ent *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->cid, y->cid);
}

/* The UTC day, by another route than the store's. */
static cp_date day_of(int64_t t)
{
	int64_t r = ((t % 86400) + 86400) % 86400;
	return (cp_date)((t - r) / 86400);
}

typedef struct ref { ents open, done, marked, cin, queue[2], clerk[2]; } ref;
static const char *const queue_of[2] = { "sw1", POOL_QA_ADMIN };

/* Every meeting's type and date, for the queue's copies of them. */
static struct { uint64_t id; cp_date date; char type[16]; } facts[512];
static int nfacts;

static bool ref_task(void *ctx, const cp_task *k)
{
	ref *r = ctx;
	if (k->status == TASK_OPEN)
		add(&r->open, k->due, k->id, NULL);
	for (int q = 0; q < 2; q++)
		if (k->status == TASK_OPEN && !strcmp(k->assignee, queue_of[q]))
			add(&r->queue[q], k->due, k->id, NULL);
	if ((k->status == TASK_DONE || k->status == TASK_MISSED ||
	     k->status == TASK_NOT_NEEDED) && k->done_at)
		add(&r->done, k->done_on != CP_DATE_NONE ? k->done_on
		              : day_of(k->done_at), k->id, NULL);
	return true;
}

static bool ref_meeting(void *ctx, const cp_meeting *m)
{
	ref *r = ctx;
	cp_date cad = m->cadence_exception ? m->cadence_by : CP_DATE_NONE;
	assert_true(nfacts < 512);
	facts[nfacts].id = m->id;
	facts[nfacts].date = m->date;
	snprintf(facts[nfacts++].type, sizeof facts->type, "%s", m->type);
	if (cad != CP_DATE_NONE)
		add(&r->marked, cad, m->id, NULL);
	if (m->moved_from != CP_DATE_NONE && m->moved_from != cad)
		add(&r->marked, m->moved_from, m->id, NULL);
	for (int q = 0; q < 2; q++)
		if (!strcmp(m->minute_taker, clerks[q]))
			add(&r->clerk[q], m->date, m->id, NULL);
	return true;
}

/* A minute taker's meeting, by its date. */
static const char *clerk_wanted;
static bool got_clerked(void *ctx, const cp_meeting *m)
{
	assert_string_equal(m->minute_taker, clerk_wanted);
	add(ctx, m->date, m->id, NULL);
	return true;
}

static bool ref_child(void *ctx, const cp_child *c)
{
	ref *r = ctx;
	if (cin_only(c) != CP_DATE_NONE)
		add(&r->cin, cin_only(c), 0, c->id);
	return true;
}

/* What a range scan gave, in its order. */
static bool got_open(void *ctx, const cp_task *k)
{
	add(ctx, k->due, k->id, NULL);
	return true;
}

/* A queue entry: an open task as its record says, and its meeting as
 * the meeting's record says. */
static store_txn *cur_t;
static bool got_queued(void *ctx, const store_queue_row *r)
{
	int i = 0;
	cp_task k;
	bool found;
	while (i < nfacts && facts[i].id != r->meeting_id)
		i++;
	assert_true(i < nfacts);
	if (facts[i].date != r->meeting_date || strcmp(facts[i].type,
	                                               r->meeting_type))
		fail_msg("queue: task %llu has meeting %s %d, the meeting says "
		         "%s %d", (unsigned long long)r->id, r->meeting_type,
		         r->meeting_date, facts[i].type, facts[i].date);
	OK(store_task_get(cur_t, r->id, &k, &found, &e));
	assert_true(found);
	assert_int_equal(k.status, TASK_OPEN);
	assert_int_equal(k.due, r->due);
	assert_true(k.meeting_id == r->meeting_id);
	assert_int_equal(k.role, r->role);
	assert_int_equal(k.kind, r->kind);
	assert_string_equal(k.assignee, r->assignee);
	assert_string_equal(k.child_id, r->child_id);
	assert_string_equal(k.step_id, r->step_id);
	cp_task_free(&k);
	add(ctx, r->due, r->id, NULL);
	return true;
}

static bool got_done(void *ctx, const cp_task *k)
{
	add(ctx, day_of(k->done_at), k->id, NULL);
	return true;
}

/* The scan lends the meeting, not the entry: which of its dates brought
 * it is worked out from the range asked.  With both in range it comes
 * twice, the earlier date first. */
static cp_date mark_lo, mark_hi;
static bool got_marked(void *ctx, const cp_meeting *m)
{
	ents *x = ctx;
	cp_date cad = m->cadence_exception ? m->cadence_by : CP_DATE_NONE;
	bool c_in = cad != CP_DATE_NONE && cad >= mark_lo && cad <= mark_hi;
	bool m_in = m->moved_from != CP_DATE_NONE && m->moved_from != cad &&
	            m->moved_from >= mark_lo && m->moved_from <= mark_hi;
	int seen = 0;
	for (int i = 0; i < x->n; i++)
		seen += x->v[i].id == m->id;
	cp_date d = c_in && m_in ? (seen ? (cad > m->moved_from ? cad : m->moved_from)
	                                 : (cad < m->moved_from ? cad : m->moved_from))
	                         : c_in ? cad : m_in ? m->moved_from : CP_DATE_NONE;
	add(x, d, m->id, NULL);
	return true;
}

static bool got_child(void *ctx, const cp_child *c)
{
	add(ctx, child_since(c, EPISODE_CIN), 0, c->id);
	return true;
}

static void expect_range(const ents *all, cp_date lo, cp_date hi,
                         const ents *got, const char *what)
{
	ents want = { 0 };
	for (int i = 0; i < all->n; i++)
		if (all->v[i].key >= lo && all->v[i].key <= hi)
			want.v[want.n++] = all->v[i];
	qsort(want.v, (size_t)want.n, sizeof *want.v, ent_cmp);
	if (want.n != got->n)
		fail_msg("%s %d..%d: %d entries, the records imply %d", what, lo, hi,
		         got->n, want.n);
	for (int i = 0; i < want.n; i++)
		if (ent_cmp(&want.v[i], &got->v[i]))
			fail_msg("%s %d..%d: entry %d is %d/%llu/%s, not %d/%llu/%s",
			         what, lo, hi, i, got->v[i].key,
			         (unsigned long long)got->v[i].id, got->v[i].cid,
			         want.v[i].key, (unsigned long long)want.v[i].id,
			         want.v[i].cid);
}

/* Every range scan against the records, over ranges open and closed. */
static void verify(store *s)
{
	static ref r;
	store_txn *t;
	memset(&r, 0, sizeof r);
	nfacts = 0;
	OK(store_check_consistency(s, &e));
	OK(store_read_begin(s, &t, &e));
	cur_t = t;
	OK(store_tasks_all(t, ref_task, &r, &e));
	OK(store_meetings_between(t, CP_DATE_NONE, STORE_DATE_MAX, 0,
	                          ref_meeting, &r, &e));
	OK(store_children_all(t, ref_child, &r, &e));
	assert_true(r.open.n > 0 && r.done.n > 0 && r.marked.n > 0 && r.cin.n > 0);
	assert_true(r.clerk[0].n > 0 && r.clerk[1].n > 0);
	for (int i = 0; i < 12; i++) {
		cp_date lo = i == 0 ? CP_DATE_NONE : BASE - 35 + rn(40);
		cp_date hi = i == 1 ? STORE_DATE_MAX : lo + rn(20);
		if (i == 0)
			hi = BASE;
		static ents got;
		got.n = 0;
		OK(store_tasks_open_due(t, lo, hi, got_open, &got, &e));
		expect_range(&r.open, lo, hi, &got, "ix.tasks.open.due");
		got.n = 0;
		OK(store_tasks_done_between(t, lo, hi, got_done, &got, &e));
		expect_range(&r.done, lo, hi, &got, "ix.tasks.done.day");
		got.n = 0;
		mark_lo = lo;
		mark_hi = hi;
		OK(store_meetings_marked_between(t, lo, hi, got_marked, &got, &e));
		expect_range(&r.marked, lo, hi, &got, "ix.meetings.marked");
		got.n = 0;
		OK(store_children_cin_between(t, lo, hi, got_child, &got, &e));
		/* handed over by child id (read in key order), then checked
		 * against the records as the others are */
		for (int j = 1; j < got.n; j++)
			assert_true(strcmp(got.v[j - 1].cid, got.v[j].cid) < 0);
		qsort(got.v, (size_t)got.n, sizeof *got.v, ent_cmp);
		expect_range(&r.cin, lo, hi, &got, "ix.children.cin");
		for (int q = 0; q < 2; q++) {
			got.n = 0;
			OK(store_queue_for_assignee(t, queue_of[q], lo, hi, 0,
			                            got_queued, &got, &e));
			expect_range(&r.queue[q], lo, hi, &got, "ix.tasks.queue");
			got.n = 0;
			OK(store_tasks_for_assignee(t, queue_of[q], TASK_OPEN, lo, hi,
			                            0, got_open, &got, &e));
			expect_range(&r.queue[q], lo, hi, &got, "open tasks of one");
			got.n = 0;
			clerk_wanted = clerks[q];
			OK(store_meetings_for_minute_taker(t, clerks[q], lo, hi, 0,
			                                   got_clerked, &got, &e));
			expect_range(&r.clerk[q], lo, hi, &got,
			             "ix.meetings.minute_taker");
		}
	}
	store_read_end(t);
}

static cp_status worker_fn(store_txn *t, void *ctx, cp_error *err)
{
	(void)ctx;
	cp_worker w = { "sw1", "Worker", ROLE_BIT(ROLE_SOCIAL_WORKER), "T", "",
	                false, "" };
	return store_worker_put(t, &w, err);
}

static uint64_t fill(store *s)
{
	store_txn *t;
	uint64_t n = 0;
	char *v;
	size_t len;
	bool found;
	OK(store_write(s, worker_fn, NULL, &e));
	OK(store_write(s, fill_fn, NULL, &e));
	OK(store_read_begin(s, &t, &e));
	OK(store_meta_get(t, "seq.task", &v, &len, &found, &e));
	assert_true(found && len == 8);
	n = codec_get_u64((unsigned char *)v);
	free(v);
	store_read_end(t);
	return n;
}

static void test_ranges_after_changes(void **state)
{
	(void)state;
	store *s = open_store(true);
	/* loaded in bulk (no flush a commit, one at the end): the same store */
	OK(store_bulk_load_begin(s, &e));
	uint64_t ntasks = fill(s);
	OK(store_bulk_load_end(s, &e));
	store_close(s);
	s = open_store(false);
	verify(s);
	for (int round = 0; round < 25; round++) {
		OK(store_write(s, change_fn, &ntasks, &e));
		verify(s);
	}
	store_close(s);
}

/* ---- schema 1 -> 2 ----------------------------------------------------- */
static const char *const v2_indexes[] = {
	"ix.tasks.open.due", "ix.tasks.done.day", "ix.meetings.marked",
	"ix.children.cin"
};
static const unsigned v2_flags[] = {
	MDB_DUPSORT | MDB_DUPFIXED, MDB_DUPSORT | MDB_DUPFIXED,
	MDB_DUPSORT | MDB_DUPFIXED, MDB_DUPSORT
};

/* The store's LMDB environment, and a write transaction in it. */
static MDB_env *raw_open(MDB_txn **txn)
{
	MDB_env *env;
	assert_int_equal(mdb_env_create(&env), 0);
	mdb_env_set_maxdbs(env, 64);
	assert_int_equal(mdb_env_open(env, dir, 0, 0660), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, txn), 0);
	return env;
}

/* Make the store what schema 1 wrote: no v2 indexes, schema 1. */
static void make_v1(void)
{
	MDB_txn *txn;
	MDB_env *env = raw_open(&txn);
	MDB_dbi dbi;
	unsigned char v[4];
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(mdb_dbi_open(txn, v2_indexes[i], v2_flags[i], &dbi),
		                 0);
		assert_int_equal(mdb_drop(txn, dbi, 1), 0);
	}
	assert_int_equal(mdb_dbi_open(txn, "meta", 0, &dbi), 0);
	codec_put_u32(v, 1);
	MDB_val key = { 6, "schema" }, val = { 4, v };
	assert_int_equal(mdb_put(txn, dbi, &key, &val, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

static void test_migrate_v1(void **state)
{
	(void)state;
	store *s = open_store(true);
	uint64_t ntasks = fill(s);
	OK(store_write(s, change_fn, &ntasks, &e));
	store_close(s);
	make_v1();
	s = open_store(false);
	assert_int_equal(store_opened_schema(s), 1);
	verify(s);
	store_close(s);
	s = open_store(false);
	assert_int_equal(store_opened_schema(s), STORE_SCHEMA_VERSION);
	store_close(s);
}

/* ---- check-store notices a stale list index --------------------------- */
/* Delete the first entry of index i, or add one naming task 999999. */
static void damage(size_t i, bool add_one)
{
	MDB_txn *txn;
	MDB_env *env = raw_open(&txn);
	MDB_dbi dbi;
	MDB_cursor *c;
	MDB_val k, v;
	unsigned char key[4], val[8];
	assert_int_equal(mdb_dbi_open(txn, v2_indexes[i], v2_flags[i], &dbi), 0);
	if (add_one) {
		codec_put_date(key, BASE);
		codec_put_u64(val, 999999);
		k = (MDB_val){ 4, key };
		v = (MDB_val){ 8, val };
		assert_int_equal(mdb_put(txn, dbi, &k, &v, 0), 0);
	} else {
		assert_int_equal(mdb_cursor_open(txn, dbi, &c), 0);
		assert_int_equal(mdb_cursor_get(c, &k, &v, MDB_FIRST), 0);
		assert_int_equal(mdb_cursor_del(c, 0), 0);
		mdb_cursor_close(c);
	}
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

static void test_check_notices(void **state)
{
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		store *s = open_store(true);
		if (store_was_created(s))
			fill(s);
		verify(s);
		store_close(s);
		damage(i, false);
		s = open_store(false);
		cp_error err;
		assert_int_equal(store_check_consistency(s, &err), CP_FAILED);
		if (!strstr(err.msg, v2_indexes[i]))
			fail_msg("%s: %s", v2_indexes[i], err.msg);
		store_close(s);
		/* put it right: schema 1 again rebuilds the v2 indexes */
		make_v1();
		s = open_store(false);
		verify(s);
		store_close(s);
	}
	damage(0, true);
	store *s = open_store(false);
	cp_error err;
	assert_int_equal(store_check_consistency(s, &err), CP_FAILED);
	assert_non_null(strstr(err.msg, "indexes hold"));
	store_close(s);
}

/* ---- schema 2 -> 3: the queue ------------------------------------------ */

/* Make the store what schema 2 wrote: no queue, open tasks in
 * ix.tasks.assignee as status 0, due, id; schema 2. */
static void make_v2(void)
{
	MDB_txn *txn;
	MDB_env *env = raw_open(&txn);
	MDB_dbi q, a, meta;
	MDB_cursor *c;
	MDB_val k, v;
	unsigned char val[13], sv[4];
	assert_int_equal(mdb_dbi_open(txn, "ix.tasks.queue", 0, &q), 0);
	assert_int_equal(mdb_dbi_open(txn, "ix.tasks.assignee",
	                              MDB_DUPSORT | MDB_DUPFIXED, &a), 0);
	assert_int_equal(mdb_cursor_open(txn, q, &c), 0);
	int rc = mdb_cursor_get(c, &k, &v, MDB_FIRST);
	for (; rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		const unsigned char *p = k.mv_data;
		MDB_val ak = { k.mv_size - 13, k.mv_data }, av = { 13, val };
		val[0] = 0;   /* TASK_OPEN */
		memcpy(val + 1, p + k.mv_size - 12, 12);
		assert_int_equal(mdb_put(txn, a, &ak, &av, 0), 0);
	}
	assert_int_equal(rc, MDB_NOTFOUND);
	mdb_cursor_close(c);
	assert_int_equal(mdb_drop(txn, q, 1), 0);
	assert_int_equal(mdb_dbi_open(txn, "meta", 0, &meta), 0);
	codec_put_u32(sv, 2);
	k = (MDB_val){ 6, "schema" };
	v = (MDB_val){ 4, sv };
	assert_int_equal(mdb_put(txn, meta, &k, &v, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

static void test_migrate_v2(void **state)
{
	(void)state;
	store *s = open_store(true);
	uint64_t ntasks = fill(s);
	OK(store_write(s, change_fn, &ntasks, &e));
	store_close(s);
	make_v2();
	s = open_store(false);
	assert_int_equal(store_opened_schema(s), 2);
	verify(s);
	OK(store_write(s, change_fn, &ntasks, &e));
	verify(s);
	store_close(s);
}

/* Change the first queue entry's meeting id, delete it, or cut it short
 * (how: 0, 1, 2). */
static void damage_queue(int how)
{
	MDB_txn *txn;
	MDB_env *env = raw_open(&txn);
	MDB_dbi q;
	MDB_cursor *c;
	MDB_val k, v;
	unsigned char buf[1024];
	assert_int_equal(mdb_dbi_open(txn, "ix.tasks.queue", 0, &q), 0);
	assert_int_equal(mdb_cursor_open(txn, q, &c), 0);
	assert_int_equal(mdb_cursor_get(c, &k, &v, MDB_FIRST), 0);
	if (how == 1) {
		assert_int_equal(mdb_cursor_del(c, 0), 0);
	} else {
		assert_true(v.mv_size <= sizeof buf);
		memcpy(buf, v.mv_data, v.mv_size);
		buf[7] ^= 1;
		v.mv_data = buf;
		if (how == 2)
			v.mv_size = 15;
		assert_int_equal(mdb_cursor_put(c, &k, &v, MDB_CURRENT), 0);
	}
	mdb_cursor_close(c);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

static void test_check_queue(void **state)
{
	(void)state;
	static const char *const says[] = { "differs from the task",
	                                     "has no entry" };
	store *s = open_store(true);
	fill(s);
	verify(s);
	store_close(s);
	for (int drop = 0; drop < 2; drop++) {
		cp_error err;
		damage_queue(drop);
		s = open_store(false);
		assert_int_equal(store_check_consistency(s, &err), CP_FAILED);
		if (!strstr(err.msg, "ix.tasks.queue") || !strstr(err.msg, says[drop]))
			fail_msg("%s", err.msg);
		store_close(s);
		make_v2();   /* schema 2 again: the queue is made anew */
		s = open_store(false);
		verify(s);
		store_close(s);
	}
	/* a value cut short: reading the queue says the store is damaged */
	damage_queue(2);
	s = open_store(false);
	bool stopped = false;
	for (int q = 0; q < 2 && !stopped; q++) {
		store_txn *t;
		static ents got;
		cp_error err;
		got.n = 0;
		OK(store_read_begin(s, &t, &e));
		cur_t = t;
		stopped = store_queue_for_assignee(t, queue_of[q], CP_DATE_NONE,
		                                   STORE_DATE_MAX, 0, got_queued,
		                                   &got, &err) == CP_FAILED;
		if (stopped && !strstr(err.msg, "damaged"))
			fail_msg("%s", err.msg);
		store_read_end(t);
	}
	assert_true(stopped);
	store_close(s);
}

/* ---- schema 4 -> 5: meetings by minute taker ------------------------- */
/* Make the store what schema 4 wrote: no minute takers' index. */
static void make_v4(void)
{
	MDB_txn *txn;
	MDB_env *env = raw_open(&txn);
	MDB_dbi dbi;
	unsigned char v[4];
	assert_int_equal(mdb_dbi_open(txn, "ix.meetings.minute_taker",
	                              MDB_DUPSORT | MDB_DUPFIXED, &dbi), 0);
	assert_int_equal(mdb_drop(txn, dbi, 1), 0);
	assert_int_equal(mdb_dbi_open(txn, "meta", 0, &dbi), 0);
	codec_put_u32(v, 4);
	MDB_val key = { 6, "schema" }, val = { 4, v };
	assert_int_equal(mdb_put(txn, dbi, &key, &val, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

static void test_migrate_v4(void **state)
{
	(void)state;
	store *s = open_store(true);
	uint64_t ntasks = fill(s);
	OK(store_write(s, change_fn, &ntasks, &e));
	store_close(s);
	make_v4();
	s = open_store(false);
	assert_int_equal(store_opened_schema(s), 4);
	verify(s);
	OK(store_write(s, change_fn, &ntasks, &e));
	verify(s);
	store_close(s);
	s = open_store(false);
	assert_int_equal(store_opened_schema(s), STORE_SCHEMA_VERSION);
	store_close(s);
	/* an entry missing: check-store says which index */
	MDB_txn *txn;
	MDB_env *env = raw_open(&txn);
	MDB_dbi dbi;
	MDB_cursor *c;
	MDB_val k, v;
	assert_int_equal(mdb_dbi_open(txn, "ix.meetings.minute_taker",
	                              MDB_DUPSORT | MDB_DUPFIXED, &dbi), 0);
	assert_int_equal(mdb_cursor_open(txn, dbi, &c), 0);
	assert_int_equal(mdb_cursor_get(c, &k, &v, MDB_FIRST), 0);
	assert_int_equal(mdb_cursor_del(c, 0), 0);
	mdb_cursor_close(c);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	s = open_store(false);
	cp_error err;
	assert_int_equal(store_check_consistency(s, &err), CP_FAILED);
	if (!strstr(err.msg, "ix.meetings.minute_taker"))
		fail_msg("%s", err.msg);
	store_close(s);
}

/* ---- schema 5 (or 6) -> 7: requests for approval ----------------------- */
/* Make the store what schema `v` wrote: no requests' database. */
static void make_before_requests(uint32_t v)
{
	MDB_txn *txn;
	MDB_env *env = raw_open(&txn);
	MDB_dbi dbi;
	unsigned char b[4];
	assert_int_equal(mdb_dbi_open(txn, "requests", 0, &dbi), 0);
	assert_int_equal(mdb_drop(txn, dbi, 1), 0);
	assert_int_equal(mdb_dbi_open(txn, "meta", 0, &dbi), 0);
	codec_put_u32(b, v);
	MDB_val key = { 6, "schema" }, val = { 4, b };
	assert_int_equal(mdb_put(txn, dbi, &key, &val, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

static cp_status request_fn(store_txn *t, void *ctx, cp_error *err)
{
	cp_request q;
	cp_request_init(&q);
	CP_TRY(store_next_id(t, SEQ_REQUEST, &q.id, err));
	*(uint64_t *)ctx = q.id;
	q.object_id = 1;
	q.child_id = "C01";
	q.requester = "tm1";
	q.reason = "moved";
	return store_request_put(t, &q, err);
}

static bool count_request(void *ctx, const cp_request *q)
{
	(void)q;
	++*(int *)ctx;
	return true;
}

static void test_migrate_requests(void **state)
{
	(void)state;
	for (uint32_t v = 5; v <= 6; v++) {
		store *s = open_store(v == 5);
		if (v == 5)
			fill(s);
		store_close(s);
		make_before_requests(v);
		s = open_store(false);
		assert_int_equal(store_opened_schema(s), (int)v);
		uint64_t id = 0;
		OK(store_write(s, request_fn, &id, &e));
		store_txn *t;
		int n = 0;
		cp_request q;
		bool found = false;
		OK(store_read_begin(s, &t, &e));
		OK(store_requests_all(t, count_request, &n, &e));
		OK(store_request_get(t, id, &q, &found, &e));
		store_read_end(t);
		assert_int_equal(n, 1);   /* the database was made empty */
		assert_true(found);
		assert_string_equal(q.reason, "moved");
		cp_request_free(&q);
		OK(store_check_consistency(s, &e));
		store_close(s);
		s = open_store(false);
		assert_int_equal(store_opened_schema(s), STORE_SCHEMA_VERSION);
		store_close(s);
	}
}

/* An open task's queue entry copies its meeting: the meeting comes first. */
static cp_status orphan_fn(store_txn *t, void *ctx, cp_error *err)
{
	cp_task k;
	(void)ctx;
	cp_task_init(&k);
	k.id = 1;
	k.meeting_id = 4242;
	k.child_id = "C01";
	k.step_id = "s";
	k.title = "t";
	k.assignee = "sw1";
	k.due = BASE;
	return store_task_put(t, &k, err);
}

static void test_meeting_first(void **state)
{
	(void)state;
	store *s = open_store(true);
	cp_error err;
	assert_int_equal(store_write(s, orphan_fn, NULL, &err), CP_FAILED);
	if (!strstr(err.msg, "meeting 4242") || !strstr(err.msg, "before"))
		fail_msg("%s", err.msg);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ranges_after_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_notices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meeting_first, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

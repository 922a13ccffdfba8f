/* store_scan.c - reading many records: range scans over the indexes
 * (meetings by chair, child, date or mark; tasks by assignee, meeting,
 * due or done day; children, consultations, reports), one person's
 * open-task queue, walks over whole databases, batches of meetings and
 * their tasks for a policy switch, and the audit trail. */
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "vec.h"
#include "store_priv.h"

/* ---- scanning ---------------------------------------------------------- */
typedef struct visit visit;
/* Load record id and hand it to the caller's callback (visit_meeting,
 * visit_task, visit_consult). */
typedef cp_status (*visit_fn)(store_txn *t, uint64_t id, visit *vi,
                              bool *more, cp_error *err);

/* Load one record by numeric id and hand it to a user callback. */
struct visit {
	union {
		store_meeting_cb meeting;
		store_task_cb task;
		store_consult_cb consult;
		store_audit_cb audit;
		store_child_cb child;
	} cb;
	void *ctx;
	visit_fn one;        /* for an id from a dated index */
	const char *index;   /* its name, when it is damaged */
	cp_date to;          /* for dated index values */
	size_t limit, seen;
	int status;          /* for the assignee index */
	const store_audit_filter *af;
	str_vec *ids;        /* ids gathered before they are read */
};

/* visit_NAME: record id (a TYPE, read by get) to vi->cb.NAME; *more is
 * false when that says stop or at vi->limit records.  Missing: the
 * index names a record that is not there (what). */
#define VISIT_BY_ID(name, type, get, release, what)                        \
	static cp_status visit_##name(store_txn *t, uint64_t id, visit *vi,  \
	                              bool *more, cp_error *err)             \
	{                                                                  \
		type r;                                                    \
		bool found;                                                \
		if (get(t, id, &r, &found, err) != CP_OK)                  \
			return CP_FAILED;                                  \
		if (!found)                                                \
			return db_dangling(what, id, err);                 \
		*more = vi->cb.name(vi->ctx, &r);                          \
		release(&r);                                               \
		if (vi->limit && ++vi->seen >= vi->limit)                  \
			*more = false;                                     \
		return CP_OK;                                              \
	}
VISIT_BY_ID(meeting, cp_meeting, store_meeting_get, cp_meeting_free,
            "meeting")
VISIT_BY_ID(task, cp_task, store_task_get, cp_task_free, "task")
VISIT_BY_ID(consult, cp_consult, store_consult_get, cp_consult_free,
            "consultation")
#undef VISIT_BY_ID

/* A walk past its range: it stops, without error. */
static cp_status stop(bool *more)
{
	*more = false;
	return CP_OK;
}

/* Index value date(4) id(8): stop past vi->to. */
static cp_status dated(store_txn *t, const MDB_val *v, void *ctx,
                       bool *more, cp_error *err)
{
	visit *vi = ctx;
	const unsigned char *p = v->mv_data;
	if (v->mv_size != 12)
		return cp_fail(err, CP_FAILED, "store: damaged %s", vi->index);
	if (codec_get_date(p) > vi->to)
		return stop(more);
	return vi->one(t, codec_get_u64(p + 4), vi, more, err);
}

/* Index key date(4), value id(8): stop past vi->to. */
static cp_status by_day(store_txn *t, const MDB_val *k, const MDB_val *v,
                        void *ctx, bool *more, cp_error *err)
{
	visit *vi = ctx;
	if (k->mv_size != 4 || v->mv_size != 8)
		return cp_fail(err, CP_FAILED, "store: damaged %s", vi->index);
	if (codec_get_date(k->mv_data) > vi->to)
		return stop(more);
	return vi->one(t, codec_get_u64(v->mv_data), vi, more, err);
}

/* The records of a date-keyed index (by_day) from day `from` on. */
static cp_status by_days(store_txn *t, int ix, cp_date from, visit *vi,
                         cp_error *err)
{
	unsigned char k[4];
	codec_put_date(k, from);
	/* MDB_NEXT walks the duplicates of each date too. */
	return db_walk(t, ix, k, 4, false, by_day, vi, err);
}

static bool key_ok(const char *s)
{
	return s && *s && strlen(s) <= MODEL_ID_MAX;
}

/* The records of a dated index (values date(4) id(8)) under key: from
 * day *from on, or all of them when from is NULL. */
static cp_status dated_under(store_txn *t, int ix, const char *key,
                             const cp_date *from, visit *vi, cp_error *err)
{
	unsigned char start[12];
	if (!key_ok(key))
		return CP_OK;
	if (from) {
		codec_put_date(start, *from);
		codec_put_u64(start + 4, 0);
	}
	return db_dup_range(t, ix, key, strlen(key), from ? start : NULL,
	                    from ? sizeof start : 0, dated, vi, err);
}

cp_status store_meetings_for_chair(store_txn *t, const char *chair,
                                   cp_date from, cp_date to, size_t limit,
                                   store_meeting_cb cb, void *ctx,
                                   cp_error *err)
{
	visit vi = { .cb.meeting = cb, .ctx = ctx, .one = visit_meeting,
	             .index = "meeting index", .to = to, .limit = limit };
	return dated_under(t, IX_MEETING_CHAIR, chair, &from, &vi, err);
}

cp_status store_meetings_for_minute_taker(store_txn *t, const char *login,
                                          cp_date from, cp_date to,
                                          size_t limit, store_meeting_cb cb,
                                          void *ctx, cp_error *err)
{
	visit vi = { .cb.meeting = cb, .ctx = ctx, .one = visit_meeting,
	             .index = "meeting index", .to = to, .limit = limit };
	return dated_under(t, IX_MEETING_MINUTE_TAKER, login, &from, &vi, err);
}

cp_status store_meetings_for_child(store_txn *t, const char *child_id,
                                   store_meeting_cb cb, void *ctx,
                                   cp_error *err)
{
	visit vi = { .cb.meeting = cb, .ctx = ctx, .one = visit_meeting,
	             .index = "meeting index", .to = STORE_DATE_MAX };
	return dated_under(t, IX_MEETING_CHILD, child_id, NULL, &vi, err);
}

cp_status store_meetings_between(store_txn *t, cp_date from, cp_date to,
                                 size_t limit, store_meeting_cb cb, void *ctx,
                                 cp_error *err)
{
	visit vi = { .cb.meeting = cb, .ctx = ctx, .one = visit_meeting,
	             .index = "meeting date index", .to = to, .limit = limit };
	return by_days(t, IX_MEETING_DATE, from, &vi, err);
}

/* The ids of the date index's meetings from..to, to be read in id order. */
typedef struct id_list {
	uint64_t *v;
	size_t n, cap;
	cp_date to;
	bool oom;
} id_list;

static cp_status note_id(store_txn *t, const MDB_val *k, const MDB_val *v,
                         void *ctx, bool *more, cp_error *err)
{
	(void)t;
	id_list *l = ctx;
	if (k->mv_size != 4 || v->mv_size != 8)
		return cp_fail(err, CP_FAILED, "store: damaged meeting date index");
	if (codec_get_date(k->mv_data) > l->to)
		return stop(more);
	if (!vec_room((void **)&l->v, &l->cap, l->n, sizeof *l->v, 1024)) {
		l->oom = true;
		return cp_oom(err);
	}
	l->v[l->n++] = codec_get_u64(v->mv_data);
	return CP_OK;
}

static int cmp_id(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Each meeting of ids (ascending) through one cursor: LMDB finds a key
 * on the leaf page the cursor is on without searching from the root,
 * and meetings close in id are close in the tree. */
static cp_status meetings_in_order(store_txn *t, const id_list *l,
                                   store_meeting_cb cb, void *ctx,
                                   cp_error *err)
{
	MDB_cursor *c;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[DB_MEETINGS], &c);
	if (rc)
		return db_fail(t, rc, err, "scan");
	cp_status st = CP_OK;
	bool more = true;
	for (size_t i = 0; i < l->n && more && st == CP_OK; i++) {
		unsigned char k[8];
		codec_put_u64(k, l->v[i]);
		MDB_val key = { 8, k }, v;
		rc = mdb_cursor_get(c, &key, &v, MDB_SET_KEY);
		if (rc == MDB_NOTFOUND) {
			st = db_dangling("meeting", l->v[i], err);
			rc = 0;
		}
		if (rc || st != CP_OK)
			break;
		cp_meeting m;
		st = codec_decode_meeting(v.mv_data, v.mv_size, &m, err);
		if (st == CP_OK) {
			more = cb(ctx, &m);
			cp_meeting_free(&m);
		}
	}
	return db_cursor_end(t, c, st, rc, err);
}

cp_status store_meetings_between_by_id(store_txn *t, cp_date from,
                                       cp_date to, store_meeting_cb cb,
                                       void *ctx, cp_error *err)
{
	id_list l = { .to = to };
	unsigned char k[4];
	codec_put_date(k, from);
	cp_status st = db_walk(t, IX_MEETING_DATE, k, 4, false, note_id, &l, err);
	if (st == CP_OK && l.n)
		qsort(l.v, l.n, sizeof *l.v, cmp_id);
	if (st == CP_OK)
		st = meetings_in_order(t, &l, cb, ctx, err);
	free(l.v);
	return st;
}

cp_status store_meetings_marked_between(store_txn *t, cp_date from,
                                        cp_date to, store_meeting_cb cb,
                                        void *ctx, cp_error *err)
{
	visit vi = { .cb.meeting = cb, .ctx = ctx, .one = visit_meeting,
	             .index = "meeting mark index", .to = to };
	return by_days(t, IX_MEETING_MARKED, from, &vi, err);
}

/* Index key date(4) (due, or day done), value task id(8). */
cp_status store_tasks_open_due(store_txn *t, cp_date from, cp_date to,
                               store_task_cb cb, void *ctx, cp_error *err)
{
	visit vi = { .cb.task = cb, .ctx = ctx, .one = visit_task,
	             .index = "task date index", .to = to };
	return by_days(t, IX_TASK_OPEN_DUE, from, &vi, err);
}

cp_status store_tasks_done_between(store_txn *t, cp_date from, cp_date to,
                                   store_task_cb cb, void *ctx,
                                   cp_error *err)
{
	visit vi = { .cb.task = cb, .ctx = ctx, .one = visit_task,
	             .index = "task date index", .to = to };
	return by_days(t, IX_TASK_DONE_DAY, from, &vi, err);
}

static cp_status assignee_task(store_txn *t, const MDB_val *v, void *ctx,
                               bool *more, cp_error *err)
{
	visit *vi = ctx;
	const unsigned char *p = v->mv_data;
	if (v->mv_size != 13)
		return cp_fail(err, CP_FAILED, "store: damaged task index");
	/* Past the wanted status or the last date: done. */
	if (p[0] != (unsigned char)vi->status || codec_get_date(p + 1) > vi->to)
		return stop(more);
	return visit_task(t, codec_get_u64(p + 5), vi, more, err);
}

/* One queue entry as a row; its strings are copied into buf, which
 * grows as needed (the caller frees it). */
static cp_status queue_row(const MDB_val *k, const MDB_val *v,
                           store_queue_row *r, char **buf, size_t *cap,
                           cp_error *err)
{
	const unsigned char *p = v->mv_data, *end = p + v->mv_size;
	const unsigned char *kp = k->mv_data;
	size_t need = k->mv_size;   /* the assignee's bytes and its NUL */
	const unsigned char *str[3];
	size_t sl[3];
	if (k->mv_size < 14 || v->mv_size < 14)
		goto damaged;
	p += 14;
	for (int i = 0; i < 3; i++) {
		if (end - p < 2 || (size_t)(end - p - 2) < ((size_t)p[0] << 8 | p[1]))
			goto damaged;
		sl[i] = (size_t)p[0] << 8 | p[1];
		str[i] = p + 2;
		p += 2 + sl[i];
		need += sl[i] + 1;
	}
	if (p != end || ((const unsigned char *)v->mv_data)[12] >= ROLE_COUNT ||
	    ((const unsigned char *)v->mv_data)[13] >= TASK_KIND_COUNT)
		goto damaged;
	if (!vec_reserve((void **)buf, cap, need, 1, need))
		return cp_oom(err);
	p = v->mv_data;
	char *w = *buf;
	const char **dst[4] = { &r->assignee, &r->meeting_type, &r->child_id,
	                        &r->step_id };
	memcpy(w, kp, k->mv_size - 13);
	w[k->mv_size - 13] = 0;
	*dst[0] = w;
	w += k->mv_size - 12;
	for (int i = 0; i < 3; i++) {
		memcpy(w, str[i], sl[i]);
		w[sl[i]] = 0;
		*dst[i + 1] = w;
		w += sl[i] + 1;
	}
	r->due = codec_get_date(kp + k->mv_size - 12);
	r->id = codec_get_u64(kp + k->mv_size - 8);
	r->meeting_id = codec_get_u64(p);
	r->meeting_date = codec_get_date(p + 8);
	r->role = (cp_role)p[12];
	r->kind = (task_kind)p[13];
	return CP_OK;
damaged:
	return cp_fail(err, CP_FAILED, "store: a queue entry is damaged "
	               "(the store is damaged)");
}

cp_status store_queue_for_assignee(store_txn *t, const char *assignee,
                                   cp_date from, cp_date to, size_t limit,
                                   store_queue_cb cb, void *ctx,
                                   cp_error *err)
{
	unsigned char k0[QK_MAX];
	MDB_cursor *c;
	if (!key_ok(assignee) || to < from)
		return CP_OK;
	size_t pl = strlen(assignee) + 1;   /* assignee NUL */
	size_t kl = queue_key(k0, assignee, from, 0);
	int rc = mdb_cursor_open(t->txn, t->s->dbi[IX_TASK_QUEUE], &c);
	if (rc)
		return db_fail(t, rc, err, "scan");
	MDB_val k = mv(k0, kl), v;
	cp_status st = CP_OK;
	bool more = true;
	size_t seen = 0, cap = 0;
	char *buf = NULL;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	while (rc == 0 && more && st == CP_OK) {
		const unsigned char *kp = k.mv_data;
		if (k.mv_size != pl + 12 || memcmp(kp, k0, pl) ||
		    codec_get_date(kp + pl) > to)
			break;
		store_queue_row r;
		st = queue_row(&k, &v, &r, &buf, &cap, err);
		if (st != CP_OK)
			break;
		more = cb(ctx, &r) && !(limit && ++seen >= limit);
		if (more)
			rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	free(buf);
	return db_cursor_end(t, c, st, rc, err);
}

/* Open tasks whole: the queue's ids, each task read (title, notes). */
typedef struct queue_ids {
	uint64_t *v;
	size_t n, cap;
	bool oom;
} queue_ids;

static bool queue_id(void *ctx, const store_queue_row *r)
{
	queue_ids *q = ctx;
	if (!vec_room((void **)&q->v, &q->cap, q->n, sizeof *q->v, 64))
		return !(q->oom = true);
	q->v[q->n++] = r->id;
	return true;
}

static cp_status open_tasks_of(store_txn *t, const char *assignee,
                               cp_date from, cp_date to, visit *vi,
                               cp_error *err)
{
	queue_ids q = { 0 };
	bool more = true;
	cp_status st = store_queue_for_assignee(t, assignee, from, to,
	                                        vi->limit, queue_id, &q, err);
	if (st == CP_OK && q.oom)
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && more && i < q.n; i++)
		st = visit_task(t, q.v[i], vi, &more, err);
	free(q.v);
	return st;
}

cp_status store_tasks_for_assignee(store_txn *t, const char *assignee,
                                   task_status status, cp_date from,
                                   cp_date to, size_t limit,
                                   store_task_cb cb, void *ctx,
                                   cp_error *err)
{
	visit vi = { .cb.task = cb, .ctx = ctx, .to = to, .limit = limit,
	             .status = (int)status };
	unsigned char start[13];
	if ((unsigned)status >= TASK_STATUS_COUNT)
		return cp_fail(err, CP_BADINPUT, "store: no such task status");
	if (!key_ok(assignee))
		return CP_OK;
	if (status == TASK_OPEN)
		return open_tasks_of(t, assignee, from, to, &vi, err);
	start[0] = (unsigned char)status;
	codec_put_date(start + 1, from);
	codec_put_u64(start + 5, 0);
	return db_dup_range(t, IX_TASK_ASSIGNEE, assignee, strlen(assignee),
	                    start, 13, assignee_task, &vi, err);
}

static cp_status id_task(store_txn *t, const MDB_val *v, void *ctx,
                         bool *more, cp_error *err)
{
	if (v->mv_size != 8)
		return cp_fail(err, CP_FAILED, "store: damaged task index");
	return visit_task(t, codec_get_u64(v->mv_data), ctx, more, err);
}

cp_status store_tasks_for_meeting(store_txn *t, uint64_t meeting_id,
                                  store_task_cb cb, void *ctx, cp_error *err)
{
	visit vi = { .cb.task = cb, .ctx = ctx };
	unsigned char k[8];
	codec_put_u64(k, meeting_id);
	return db_dup_range(t, IX_TASK_MEETING, k, 8, NULL, 0, id_task, &vi,
	                    err);
}

/* ---- walks over every meeting (policy use) ----------------------------- */
cp_status store_meeting_count(store_txn *t, size_t *n, cp_error *err)
{
	MDB_stat ms;
	int rc = mdb_stat(t->txn, t->s->dbi[DB_MEETINGS], &ms);
	*n = rc ? 0 : ms.ms_entries;
	return rc ? db_fail(t, rc, err, "count") : CP_OK;
}

cp_status store_meetings_from(store_txn *t, uint64_t from, size_t max,
                              cp_meeting *out, size_t *n, cp_error *err)
{
	MDB_cursor *c;
	unsigned char k[8];
	*n = 0;
	codec_put_u64(k, from);
	MDB_val key = mv(k, 8), v;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[DB_MEETINGS], &c);
	if (rc)
		return db_fail(t, rc, err, "scan");
	rc = mdb_cursor_get(c, &key, &v, MDB_SET_RANGE);
	cp_status st = CP_OK;
	while (rc == 0 && *n < max && st == CP_OK) {
		st = codec_decode_meeting(v.mv_data, v.mv_size, &out[*n], err);
		if (st == CP_OK)
			++*n;
		if (st == CP_OK && *n < max)
			rc = mdb_cursor_get(c, &key, &v, MDB_NEXT);
	}
	st = db_cursor_end(t, c, st, rc, err);
	if (st != CP_OK) {
		while (*n)
			cp_meeting_free(&out[--*n]);
	}
	return st;
}

/* The task the meeting index names, through cursor tc: tasks made
 * together share pages, and LMDB then searches only the page it is on
 * instead of the tree from the root. */
static cp_status task_at(store_txn *t, MDB_cursor *tc, uint64_t id,
                         cp_task *out, cp_error *err)
{
	unsigned char k[8];
	codec_put_u64(k, id);
	MDB_val key = mv(k, 8), v;
	int rc = mdb_cursor_get(tc, &key, &v, MDB_SET_KEY);
	if (rc == MDB_NOTFOUND)
		return db_dangling("task", id, err);
	if (rc)
		return db_fail(t, rc, err, "read");
	return codec_decode_task(v.mv_data, v.mv_size, out, err);
}

static cp_status tasks_between(store_txn *t, MDB_cursor *ix, MDB_cursor *tc,
                               uint64_t first, uint64_t last,
                               store_task_cb cb, void *ctx, cp_error *err)
{
	unsigned char k[8];
	codec_put_u64(k, first);
	MDB_val key = mv(k, 8), v;
	int rc = mdb_cursor_get(ix, &key, &v, MDB_SET_RANGE);
	cp_status st = CP_OK;
	bool more = true;
	while (rc == 0 && more && st == CP_OK) {
		if (key.mv_size != 8 || v.mv_size != 8)
			return cp_fail(err, CP_FAILED, "store: damaged task index");
		if (codec_get_u64(key.mv_data) > last)
			break;
		cp_task task;
		st = task_at(t, tc, codec_get_u64(v.mv_data), &task, err);
		if (st != CP_OK)
			break;
		more = cb(ctx, &task);
		cp_task_free(&task);
		rc = mdb_cursor_get(ix, &key, &v, MDB_NEXT);
	}
	if (st == CP_OK && rc && rc != MDB_NOTFOUND)
		st = db_fail(t, rc, err, "scan");
	return st;
}

cp_status store_tasks_for_meetings(store_txn *t, uint64_t first,
                                   uint64_t last, store_task_cb cb,
                                   void *ctx, cp_error *err)
{
	MDB_cursor *ix, *tc;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[IX_TASK_MEETING], &ix);
	if (rc)
		return db_fail(t, rc, err, "scan");
	rc = mdb_cursor_open(t->txn, t->s->dbi[DB_TASKS], &tc);
	if (rc) {
		mdb_cursor_close(ix);
		return db_fail(t, rc, err, "scan");
	}
	cp_status st = tasks_between(t, ix, tc, first, last, cb, ctx, err);
	mdb_cursor_close(tc);
	mdb_cursor_close(ix);
	return st;
}

/* ---- whole databases; children, reports, consultations ----------------- */
/* Generic decode-and-call for whole-database walks. */
typedef struct walk {
	void *cb;
	void *ctx;
	int kind;   /* REC_* */
} walk;

static cp_status walk_rec(store_txn *t, const MDB_val *k, const MDB_val *v,
                          void *ctx, bool *more, cp_error *err)
{
	(void)t; (void)k;
	walk *w = ctx;
	union { cp_worker w; cp_child c; cp_task k; cp_report r; cp_family f; } u;
	switch (w->kind) {
	case REC_FAMILY:
		if (codec_decode_family(v->mv_data, v->mv_size, &u.f, err))
			return CP_FAILED;
		*more = ((store_family_cb)w->cb)(w->ctx, &u.f);
		cp_family_free(&u.f);
		break;
	case REC_WORKER:
		if (codec_decode_worker(v->mv_data, v->mv_size, &u.w, err))
			return CP_FAILED;
		*more = ((store_worker_cb)w->cb)(w->ctx, &u.w);
		cp_worker_free(&u.w);
		break;
	case REC_CHILD:
		if (codec_decode_child(v->mv_data, v->mv_size, &u.c, err))
			return CP_FAILED;
		*more = ((store_child_cb)w->cb)(w->ctx, &u.c);
		cp_child_free(&u.c);
		break;
	case REC_TASK:
		if (codec_decode_task(v->mv_data, v->mv_size, &u.k, err))
			return CP_FAILED;
		*more = ((store_task_cb)w->cb)(w->ctx, &u.k);
		cp_task_free(&u.k);
		break;
	default:
		return cp_fail(err, CP_FAILED, "store: internal error (walk)");
	}
	return CP_OK;
}

cp_status store_worker_list(store_txn *t, store_worker_cb cb, void *ctx,
                            cp_error *err)
{
	walk w = { (void *)cb, ctx, REC_WORKER };
	return db_walk(t, DB_WORKERS, NULL, 0, false, walk_rec, &w, err);
}

cp_status store_families_all(store_txn *t, store_family_cb cb, void *ctx,
                             cp_error *err)
{
	walk w = { (void *)cb, ctx, REC_FAMILY };
	return db_walk(t, DB_FAMILIES, NULL, 0, false, walk_rec, &w, err);
}

cp_status store_children_all(store_txn *t, store_child_cb cb, void *ctx,
                             cp_error *err)
{
	walk w = { (void *)cb, ctx, REC_CHILD };
	return db_walk(t, DB_CHILDREN, NULL, 0, false, walk_rec, &w, err);
}

cp_status store_tasks_all(store_txn *t, store_task_cb cb, void *ctx,
                          cp_error *err)
{
	walk w = { (void *)cb, ctx, REC_TASK };
	return db_walk(t, DB_TASKS, NULL, 0, false, walk_rec, &w, err);
}

static cp_status child_by_val(store_txn *t, const MDB_val *v, void *ctx,
                              bool *more, cp_error *err)
{
	visit *vi = ctx;
	cp_child c;
	bool found;
	char id[MODEL_ID_MAX + 1];
	if (v->mv_size == 0 || v->mv_size > MODEL_ID_MAX)
		return cp_fail(err, CP_FAILED, "store: damaged children index");
	memcpy(id, v->mv_data, v->mv_size);
	id[v->mv_size] = '\0';
	if (store_child_get(t, id, &c, &found, err) != CP_OK)
		return CP_FAILED;
	if (!found)
		return cp_fail(err, CP_FAILED,
		    "store: an index names child %s, which is missing (the store is damaged)",
		    id);
	*more = vi->cb.child(vi->ctx, &c);
	cp_child_free(&c);
	return CP_OK;
}

/* The ids the children-in-need index names from..to, gathered. */
static cp_status cin_id(store_txn *t, const MDB_val *k, const MDB_val *v,
                        void *ctx, bool *more, cp_error *err)
{
	(void)t;
	visit *vi = ctx;
	str_vec *ids = vi->ids;
	if (k->mv_size != 4 || v->mv_size == 0 || v->mv_size > MODEL_ID_MAX)
		return cp_fail(err, CP_FAILED, "store: damaged children index");
	if (codec_get_date(k->mv_data) > vi->to)
		return stop(more);
	char id[MODEL_ID_MAX + 1];
	memcpy(id, v->mv_data, v->mv_size);
	id[v->mv_size] = '\0';
	return str_vec_add(ids, id) ? CP_OK : cp_oom(err);
}

static int id_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each child of ids (sorted) through one cursor: a key on the leaf page
 * the cursor is on is found without a search from the root, so children
 * read in key order cost a fraction of as many lookups by id. */
static cp_status children_in_order(store_txn *t, const str_vec *ids,
                                   visit *vi, cp_error *err)
{
	MDB_cursor *c;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[DB_CHILDREN], &c);
	if (rc)
		return db_fail(t, rc, err, "scan");
	cp_status st = CP_OK;
	bool more = true;
	for (size_t i = 0; st == CP_OK && more && i < ids->n; i++) {
		MDB_val k = mv(ids->v[i], strlen(ids->v[i])), v;
		rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
		if (rc == MDB_NOTFOUND) {
			st = cp_fail(err, CP_FAILED, "store: an index names child %s, "
			             "which is missing (the store is damaged)",
			             ids->v[i]);
			break;
		}
		if (rc)
			break;
		cp_child ch;
		st = codec_decode_child(v.mv_data, v.mv_size, &ch, err);
		if (st == CP_OK) {
			more = vi->cb.child(vi->ctx, &ch);
			cp_child_free(&ch);
		}
	}
	return db_cursor_end(t, c, st, rc, err);
}

cp_status store_children_cin_between(store_txn *t, cp_date from, cp_date to,
                                     store_child_cb cb, void *ctx,
                                     cp_error *err)
{
	str_vec ids = { 0 };
	visit vi = { .cb.child = cb, .ctx = ctx, .to = to, .ids = &ids };
	unsigned char k[4];
	codec_put_date(k, from);
	cp_status st = db_walk(t, IX_CHILD_CIN, k, 4, false, cin_id, &vi, err);
	if (st == CP_OK && ids.n > 1)
		qsort(ids.v, ids.n, sizeof *ids.v, id_cmp);
	if (st == CP_OK)
		st = children_in_order(t, &ids, &vi, err);
	str_vec_free(&ids);
	return st;
}

cp_status store_children_for_worker(store_txn *t, const char *login,
                                    store_child_cb cb, void *ctx,
                                    cp_error *err)
{
	visit vi = { .cb.child = cb, .ctx = ctx };
	if (!key_ok(login))
		return CP_OK;
	return db_dup_range(t, IX_CHILD_WORKER, login, strlen(login), NULL, 0,
	                    child_by_val, &vi, err);
}

cp_status store_children_count_for_worker(store_txn *t, const char *login,
                                          size_t *n, cp_error *err)
{
	MDB_cursor *c;
	*n = 0;
	if (!key_ok(login))
		return CP_OK;
	MDB_val k = mv(login, strlen(login)), v;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[IX_CHILD_WORKER], &c);
	if (rc)
		return db_fail(t, rc, err, "scan");
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
	size_t count = 0;
	if (rc == 0)
		rc = mdb_cursor_count(c, &count);
	if (rc == 0)
		*n = count;
	return db_cursor_end(t, c, CP_OK, rc, err);
}

cp_status store_children_of_family(store_txn *t, const char *family_id,
                                   store_child_cb cb, void *ctx,
                                   cp_error *err)
{
	visit vi = { .cb.child = cb, .ctx = ctx };
	if (!key_ok(family_id))
		return CP_OK;
	return db_dup_range(t, IX_CHILD_FAMILY, family_id, strlen(family_id),
	                    NULL, 0, child_by_val, &vi, err);
}

typedef struct report_walk {
	uint64_t mid;
	store_report_cb cb;
	void *ctx;
} report_walk;

static cp_status report_rec(store_txn *t, const MDB_val *k, const MDB_val *v,
                            void *ctx, bool *more, cp_error *err)
{
	(void)t;
	report_walk *rw = ctx;
	if (k->mv_size < 8 || codec_get_u64(k->mv_data) != rw->mid)
		return stop(more);
	cp_report r;
	if (codec_decode_report(v->mv_data, v->mv_size, &r, err) != CP_OK)
		return CP_FAILED;
	*more = rw->cb(rw->ctx, &r);
	cp_report_free(&r);
	return CP_OK;
}

cp_status store_reports_for_meeting(store_txn *t, uint64_t meeting_id,
                                    store_report_cb cb, void *ctx,
                                    cp_error *err)
{
	report_walk rw = { meeting_id, cb, ctx };
	unsigned char k[8];
	codec_put_u64(k, meeting_id);
	return db_walk(t, DB_REPORTS, k, 8, false, report_rec, &rw, err);
}

cp_status store_consults_for_chair(store_txn *t, const char *chair,
                                   cp_date from, cp_date to, size_t limit,
                                   store_consult_cb cb, void *ctx,
                                   cp_error *err)
{
	visit vi = { .cb.consult = cb, .ctx = ctx, .one = visit_consult,
	             .index = "consultation index", .to = to, .limit = limit };
	return dated_under(t, IX_CONSULT_CHAIR, chair, &from, &vi, err);
}

cp_status store_consults_for_child(store_txn *t, const char *child_id,
                                   store_consult_cb cb, void *ctx,
                                   cp_error *err)
{
	visit vi = { .cb.consult = cb, .ctx = ctx, .one = visit_consult,
	             .index = "consultation index", .to = STORE_DATE_MAX };
	return dated_under(t, IX_CONSULT_CHILD, child_id, NULL, &vi, err);
}

/* ---- audit scan -------------------------------------------------------- */
static bool audit_match(const store_audit_filter *f, const cp_audit *a)
{
	if (!f)
		return true;
	if (f->login && strcmp(f->login, a->login))
		return false;
	if (f->child_id && strcmp(f->child_id, a->child_id))
		return false;
	if (f->since && a->time < f->since)
		return false;
	if (f->until && a->time > f->until)
		return false;
	return true;
}

static cp_status visit_audit(store_txn *t, const MDB_val *v, visit *vi,
                             bool *more, cp_error *err)
{
	(void)t;
	cp_audit a;
	if (codec_decode_audit(v->mv_data, v->mv_size, &a, err) != CP_OK)
		return CP_FAILED;
	if (audit_match(vi->af, &a)) {
		*more = vi->cb.audit(vi->ctx, &a);
		if (vi->limit && ++vi->seen >= vi->limit)
			*more = false;
	}
	cp_audit_free(&a);
	return CP_OK;
}

static cp_status audit_rec(store_txn *t, const MDB_val *k, const MDB_val *v,
                           void *ctx, bool *more, cp_error *err)
{
	(void)k;
	return visit_audit(t, v, ctx, more, err);
}

static cp_status audit_by_seq(store_txn *t, uint64_t seq, visit *vi,
                              bool *more, cp_error *err)
{
	unsigned char k[8];
	MDB_val v;
	bool found;
	codec_put_u64(k, seq);
	if (db_get(t, DB_AUDIT, k, 8, &v, &found, err) != CP_OK)
		return CP_FAILED;
	if (!found)
		return db_dangling("audit entry", seq, err);
	return visit_audit(t, &v, vi, more, err);
}

/* An audit index, newest first or oldest first. */
static cp_status audit_index(store_txn *t, int ix, const char *key,
                             visit *vi, bool backward, cp_error *err)
{
	MDB_cursor *c;
	MDB_val k = mv(key, strlen(key)), v;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[ix], &c);
	if (rc)
		return db_fail(t, rc, err, "scan");
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
	if (rc == 0 && backward)
		rc = mdb_cursor_get(c, &k, &v, MDB_LAST_DUP);
	cp_status st = CP_OK;
	bool more = true;
	while (rc == 0 && more && st == CP_OK) {
		if (v.mv_size != 8)
			st = cp_fail(err, CP_FAILED, "store: damaged audit index");
		else
			st = audit_by_seq(t, codec_get_u64(v.mv_data), vi, &more,
			                  err);
		if (st == CP_OK && more)
			rc = mdb_cursor_get(c, &k, &v, backward ? MDB_PREV_DUP
			                                       : MDB_NEXT_DUP);
	}
	return db_cursor_end(t, c, st, rc, err);
}

cp_status store_audit_scan(store_txn *t, const store_audit_filter *f,
                           store_audit_cb cb, void *ctx, cp_error *err)
{
	visit vi = { .cb.audit = cb, .ctx = ctx, .af = f,
	             .limit = f ? f->limit : 0 };
	bool back = f && f->newest_first;
	if (f && f->login)
		return key_ok(f->login) ? audit_index(t, IX_AUDIT_LOGIN, f->login,
		                                      &vi, back, err) : CP_OK;
	if (f && f->child_id)
		return key_ok(f->child_id) ? audit_index(t, IX_AUDIT_CHILD,
		                                         f->child_id, &vi, back,
		                                         err) : CP_OK;
	return db_walk(t, DB_AUDIT, NULL, 0, back, audit_rec, &vi, err);
}

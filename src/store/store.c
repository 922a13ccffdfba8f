/* store.c - the case store over LMDB (see store.h). */
#include <dirent.h>
#include <errno.h>
#include <lmdb.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "codec.h"
#include "text.h"
#include "heap.h"
#include "store.h"
#include "vec.h"

/* ---- databases --------------------------------------------------------- */
enum {
	DB_META, DB_WORKERS, DB_CHILDREN, DB_MEETINGS, DB_TASKS, DB_REPORTS,
	DB_CONSULTS, DB_AUDIT, DB_POLICY,
	IX_FIRST,
	IX_TASK_ASSIGNEE = IX_FIRST, IX_TASK_MEETING, IX_MEETING_DATE,
	IX_MEETING_CHAIR, IX_MEETING_CHILD, IX_CHILD_WORKER, IX_CONSULT_CHAIR,
	IX_CONSULT_CHILD, IX_AUDIT_LOGIN, IX_AUDIT_CHILD,
	/* schema 2: what the management lists need (doc/lists.md) */
	IX_V2_FIRST,
	IX_TASK_OPEN_DUE = IX_V2_FIRST, IX_TASK_DONE_DAY, IX_MEETING_MARKED,
	IX_CHILD_CIN,
	/* schema 3: every worker's open tasks in one range (the queue) */
	IX_V3_FIRST,
	IX_TASK_QUEUE = IX_V3_FIRST,
	DB_COUNT
};

#define DUPF (MDB_DUPSORT | MDB_DUPFIXED)
static const struct {
	const char *name;
	unsigned flags;
} dbdefs[DB_COUNT] = {
	[DB_META] = { "meta", 0 },
	[DB_WORKERS] = { "workers", 0 },
	[DB_CHILDREN] = { "children", 0 },
	[DB_MEETINGS] = { "meetings", 0 },
	[DB_TASKS] = { "tasks", 0 },
	[DB_REPORTS] = { "reports", 0 },
	[DB_CONSULTS] = { "consultations", 0 },
	[DB_AUDIT] = { "audit", 0 },
	[DB_POLICY] = { "policy", 0 },
	/* key: assignee; value: status(1) due(4) task id(8) */
	[IX_TASK_ASSIGNEE] = { "ix.tasks.assignee", DUPF },
	/* key: meeting id; value: task id */
	[IX_TASK_MEETING] = { "ix.tasks.meeting", DUPF },
	/* key: date; value: meeting id */
	[IX_MEETING_DATE] = { "ix.meetings.date", DUPF },
	/* key: chair / child; value: date(4) meeting id(8) */
	[IX_MEETING_CHAIR] = { "ix.meetings.chair", DUPF },
	[IX_MEETING_CHILD] = { "ix.meetings.child", DUPF },
	/* key: social worker; value: child id (variable: no DUPFIXED) */
	[IX_CHILD_WORKER] = { "ix.children.worker", MDB_DUPSORT },
	/* key: chair / child; value: date(4) consultation id(8) */
	[IX_CONSULT_CHAIR] = { "ix.consultations.chair", DUPF },
	[IX_CONSULT_CHILD] = { "ix.consultations.child", DUPF },
	/* key: login / child; value: audit seq */
	[IX_AUDIT_LOGIN] = { "ix.audit.login", DUPF },
	[IX_AUDIT_CHILD] = { "ix.audit.child", DUPF },
	/* key: due; value: task id.  Open tasks only: the overdue ones are a
	 * range, whatever the history holds. */
	[IX_TASK_OPEN_DUE] = { "ix.tasks.open.due", DUPF },
	/* key: the UTC day of done_at; value: task id.  Done tasks with a
	 * done time only.  UTC, so the index does not depend on $TZ. */
	[IX_TASK_DONE_DAY] = { "ix.tasks.done.day", DUPF },
	/* key: cadence_by of a cadence exception, moved_from of a moved
	 * meeting (one entry when they are the same day); value: meeting id */
	[IX_MEETING_MARKED] = { "ix.meetings.marked", DUPF },
	/* key: cin_since of a child in need only (no plan, not looked
	 * after); value: child id (variable: no DUPFIXED) */
	[IX_CHILD_CIN] = { "ix.children.cin", MDB_DUPSORT },
	/* key: assignee NUL due id; value: what a queue line shows (the
	 * meeting's type and date with it).  Open tasks only (and those only
	 * here, not in ix.tasks.assignee): see "the open-task queue" below. */
	[IX_TASK_QUEUE] = { "ix.tasks.queue", 0 },
};

static const char *const seq_keys[SEQ_COUNT] = {
	"seq.meeting", "seq.task", "seq.consult", "seq.audit" };

struct store_txn {
	store *s;
	MDB_txn *txn;
	bool write;
	bool active;
	bool map_full;   /* a write hit MDB_MAP_FULL: store_write grows, retries */
	/* the last meeting a queue entry was made for (queue_facts) */
	bool qf_valid;
	uint64_t qf_id;
	cp_date qf_date;
	char qf_type[MODEL_ID_MAX + 1];
};

struct store {
	dev_t dev;       /* the directory, for the one-open-per-process rule */
	ino_t ino;
	store *next_open;
	MDB_env *env;
	MDB_dbi dbi[DB_COUNT];
	char *path;
	bool created;
	int opened_schema;
	store_txn rd;    /* the reused read transaction */
	size_t max_map;  /* $CPDESK_MAX_MAPSIZE, or 0 */
};

/* LMDB forbids opening one environment twice in a process: closing the
 * second handle would free the first one's reader slots and locks.  The
 * stores open in this process, by directory identity (one thread). */
static store *open_stores;

static bool already_open(dev_t dev, ino_t ino)
{
	for (store *s = open_stores; s; s = s->next_open)
		if (s->dev == dev && s->ino == ino)
			return true;
	return false;
}

static void forget_open(store *s)
{
	for (store **p = &open_stores; *p; p = &(*p)->next_open)
		if (*p == s) {
			*p = s->next_open;
			return;
		}
}

/* ---- errors ------------------------------------------------------------ */
static cp_status mdb_fail(store_txn *t, int rc, cp_error *err,
                          const char *what)
{
	if (rc == MDB_MAP_FULL && t)
		t->map_full = true;
	if (rc == ENOSPC || rc == EDQUOT)
		return cp_fail(err, CP_FAILED,
		    "store: %s: the disk is full; nothing was written", what);
	/* LMDB reports a short write at commit (the disk filled, or the
	 * file-size limit, part way) as EIO; the commit is then undone. */
	if (rc == EIO && t && t->write)
		return cp_fail(err, CP_FAILED,
		    "store: %s: the store file could not be written (a full disk or a file-size limit?); nothing was written",
		    what);
	if (rc == EFBIG)
		return cp_fail(err, CP_FAILED,
		    "store: %s: the store file reached its size limit (ulimit -f); nothing was written",
		    what);
	return cp_fail(err, CP_FAILED, "store: %s: %s", what, mdb_strerror(rc));
}


static cp_status need_write(store_txn *t, cp_error *err)
{
	if (!t || !t->active || !t->write)
		return cp_fail(err, CP_FAILED,
		               "store: internal error: a write outside store_write");
	return CP_OK;
}

/* ---- raw access -------------------------------------------------------- */
static MDB_val mv(const void *p, size_t n)
{
	MDB_val v = { n, (void *)p };
	return v;
}

static cp_status db_get(store_txn *t, int db, const void *k, size_t kl,
                        MDB_val *out, bool *found, cp_error *err)
{
	MDB_val key = mv(k, kl);
	int rc = mdb_get(t->txn, t->s->dbi[db], &key, out);
	*found = rc == 0;
	if (rc == 0 || rc == MDB_NOTFOUND)
		return CP_OK;
	return mdb_fail(t, rc, err, "read");
}

static cp_status db_put(store_txn *t, int db, const void *k, size_t kl,
                        const void *v, size_t vl, unsigned flags,
                        cp_error *err)
{
	MDB_val key = mv(k, kl), val = mv(v, vl);
	int rc = mdb_put(t->txn, t->s->dbi[db], &key, &val, flags);
	if (rc == 0 || rc == MDB_KEYEXIST)
		return CP_OK;
	return mdb_fail(t, rc, err, "write");
}

/* Delete a key (v NULL) or one duplicate; absent is not an error: the
 * aim is that it is not there. */
static cp_status db_del(store_txn *t, int db, const void *k, size_t kl,
                        const void *v, size_t vl, cp_error *err)
{
	MDB_val key = mv(k, kl), val = mv(v, vl);
	int rc = mdb_del(t->txn, t->s->dbi[db], &key, v ? &val : NULL);
	if (rc == 0 || rc == MDB_NOTFOUND)
		return CP_OK;
	return mdb_fail(t, rc, err, "delete");
}

static cp_status put_encoded(store_txn *t, int db, const void *k, size_t kl,
                             cp_status est, unsigned char *buf, size_t len,
                             cp_error *err)
{
	if (est != CP_OK)
		return est;
	cp_status st = db_put(t, db, k, kl, buf, len, 0, err);
	free(buf);
	return st;
}

/* ---- index entries ----------------------------------------------------- */
#define IXK_MAX (MODEL_ID_MAX + 8)
typedef struct ixent {
	int db;
	size_t kl, vl;
	unsigned char k[IXK_MAX], v[IXK_MAX];
} ixent;
#define IX_PER_REC 6

static void ix_str_key(ixent *e, int db, const char *s)
{
	e->db = db;
	e->kl = strlen(s);
	memcpy(e->k, s, e->kl);
}

static void ix_id_key(ixent *e, int db, uint64_t id)
{
	e->db = db;
	e->kl = 8;
	codec_put_u64(e->k, id);
}

static void ix_date_id_val(ixent *e, cp_date d, uint64_t id)
{
	codec_put_date(e->v, d);
	codec_put_u64(e->v + 4, id);
	e->vl = 12;
}


/* Index entries of each record; a string key must be valid (checked at
 * put) or is left out when empty. */
static void ix_child_id_val(ixent *e, const cp_child *c)
{
	e->vl = strlen(c->id);
	memcpy(e->v, c->id, e->vl);
}

static size_t ix_child(const cp_child *c, ixent *e)
{
	size_t n = 0;
	if (text_nonempty(c->social_worker)) {
		ix_str_key(&e[n], IX_CHILD_WORKER, c->social_worker);
		ix_child_id_val(&e[n++], c);
	}
	if (c->cin_since != CP_DATE_NONE && c->cp_since == CP_DATE_NONE &&
	    c->looked_after_since == CP_DATE_NONE) {
		e[n].db = IX_CHILD_CIN;
		e[n].kl = 4;
		codec_put_date(e[n].k, c->cin_since);
		ix_child_id_val(&e[n++], c);
	}
	return n;
}

/* A date(4) -> id(8) entry. */
static void ix_date_id(ixent *e, int db, cp_date d, uint64_t id)
{
	e->db = db;
	e->kl = 4;
	codec_put_date(e->k, d);
	codec_put_u64(e->v, id);
	e->vl = 8;
}

static size_t ix_meeting(const cp_meeting *m, ixent *e)
{
	size_t n = 0;
	ix_date_id(&e[n++], IX_MEETING_DATE, m->date, m->id);
	cp_date cad = m->cadence_exception ? m->cadence_by : CP_DATE_NONE;
	if (cad != CP_DATE_NONE)
		ix_date_id(&e[n++], IX_MEETING_MARKED, cad, m->id);
	if (m->moved_from != CP_DATE_NONE && m->moved_from != cad)
		ix_date_id(&e[n++], IX_MEETING_MARKED, m->moved_from, m->id);
	ix_str_key(&e[n], IX_MEETING_CHILD, m->child_id);
	ix_date_id_val(&e[n++], m->date, m->id);
	if (text_nonempty(m->chair)) {
		ix_str_key(&e[n], IX_MEETING_CHAIR, m->chair);
		ix_date_id_val(&e[n++], m->date, m->id);
	}
	return n;
}

/* The UTC day of a Unix time, held in a cp_date (clamped: far-off times
 * keep their order, which is all a range scan needs). */
static cp_date utc_day(int64_t t)
{
	int64_t d = t / 86400 - (t % 86400 < 0);
	if (d <= (int64_t)CP_DATE_NONE)
		return CP_DATE_NONE + 1;
	return d > INT32_MAX ? INT32_MAX : (cp_date)d;
}

/* An open task's assignee entry is its queue entry (ix.tasks.queue,
 * written by queue_sync), not one here. */
static size_t ix_task(const cp_task *k, ixent *e)
{
	size_t n = 0;
	if (k->status != TASK_OPEN) {
		ix_str_key(&e[n], IX_TASK_ASSIGNEE, k->assignee);
		e[n].v[0] = (unsigned char)k->status;
		codec_put_date(e[n].v + 1, k->due);
		codec_put_u64(e[n].v + 5, k->id);
		e[n++].vl = 13;
	}
	ix_id_key(&e[n], IX_TASK_MEETING, k->meeting_id);
	codec_put_u64(e[n].v, k->id);
	e[n++].vl = 8;
	if (k->status == TASK_OPEN)
		ix_date_id(&e[n++], IX_TASK_OPEN_DUE, k->due, k->id);
	else if (k->status == TASK_DONE && k->done_at != 0)
		ix_date_id(&e[n++], IX_TASK_DONE_DAY, utc_day(k->done_at), k->id);
	return n;
}

static size_t ix_consult(const cp_consult *c, ixent *e)
{
	size_t n = 0;
	ix_str_key(&e[n], IX_CONSULT_CHILD, c->child_id);
	ix_date_id_val(&e[n++], c->date, c->id);
	if (text_nonempty(c->chair)) {
		ix_str_key(&e[n], IX_CONSULT_CHAIR, c->chair);
		ix_date_id_val(&e[n++], c->date, c->id);
	}
	return n;
}

static size_t ix_audit(const cp_audit *a, ixent *e)
{
	size_t n = 0;
	if (text_nonempty(a->login) && strlen(a->login) <= MODEL_ID_MAX) {
		ix_str_key(&e[n], IX_AUDIT_LOGIN, a->login);
		codec_put_u64(e[n].v, a->seq);
		e[n++].vl = 8;
	}
	if (text_nonempty(a->child_id) && strlen(a->child_id) <= MODEL_ID_MAX) {
		ix_str_key(&e[n], IX_AUDIT_CHILD, a->child_id);
		codec_put_u64(e[n].v, a->seq);
		e[n++].vl = 8;
	}
	return n;
}

static bool ix_same(const ixent *a, const ixent *b)
{
	return a->db == b->db && a->kl == b->kl && a->vl == b->vl &&
	       !memcmp(a->k, b->k, a->kl) && !memcmp(a->v, b->v, a->vl);
}

/* Replace index entries old[] by new[], touching only those that differ
 * (a task marked done changes one entry of two). */
static cp_status ix_update(store_txn *t, const ixent *old, size_t nold,
                           const ixent *nw, size_t nnew, cp_error *err)
{
	for (size_t i = 0; i < nold; i++) {
		bool keep = false;
		for (size_t j = 0; j < nnew && !keep; j++)
			keep = ix_same(&old[i], &nw[j]);
		if (!keep && db_del(t, old[i].db, old[i].k, old[i].kl, old[i].v,
		                    old[i].vl, err) != CP_OK)
			return CP_FAILED;
	}
	for (size_t j = 0; j < nnew; j++) {
		bool had = false;
		for (size_t i = 0; i < nold && !had; i++)
			had = ix_same(&old[i], &nw[j]);
		if (!had && db_put(t, nw[j].db, nw[j].k, nw[j].kl, nw[j].v,
		                   nw[j].vl, MDB_NODUPDATA, err) != CP_OK)
			return CP_FAILED;
	}
	return CP_OK;
}

/* ---- the open-task queue (ix.tasks.queue) ------------------------------
 * Every queue (task list, the console, the calendar export) asks for one
 * person's open tasks.  In the tasks database those lie on pages spread
 * over the file (ids rise with time, not by person), and each names a
 * meeting on yet another page: at national scale a queue of 30 tasks
 * touched ~50 pages, and a page touched for the first time is what a
 * short-lived process pays for most.  So each open task is also kept
 * here, under assignee NUL due id, with what a queue line shows -- its
 * meeting's type and date included, its title and notes not (they would
 * make the index twice the size, and every switch and bulk load write
 * it): a queue is one short range.  The store keeps it on every task and
 * meeting write (queue_sync, queue_refresh_meeting); rebuild_indexes
 * makes it from the records; check-store compares every entry with them.
 * Value: meeting id(8), meeting date(4), role(1), kind(1), then the
 * meeting type, child id and step id, each a length(2) and its bytes. */
#define QK_MAX (MODEL_ID_MAX + 13)

static size_t queue_key(unsigned char *k, const char *assignee, cp_date due,
                        uint64_t id)
{
	size_t n = strlen(assignee);
	memcpy(k, assignee, n);
	k[n] = 0;
	codec_put_date(k + n + 1, due);
	codec_put_u64(k + n + 5, id);
	return n + 13;
}

/* An open task's key, or 0 for any other (none in the queue). */
static size_t queue_key_of(unsigned char *k, const cp_task *task)
{
	if (task->status != TASK_OPEN)
		return 0;
	return queue_key(k, task->assignee, task->due, task->id);
}

/* The type and date of meeting mid, in t->qf_* (one lookup for a run of
 * tasks of one meeting). */
static cp_status queue_facts(store_txn *t, uint64_t mid, cp_error *err)
{
	cp_meeting m;
	bool found;
	if (t->qf_valid && t->qf_id == mid)
		return CP_OK;
	t->qf_valid = false;
	if (store_meeting_get(t, mid, &m, &found, err) != CP_OK)
		return CP_FAILED;
	if (!found)
		return cp_fail(err, CP_FAILED,
		    "store: an open task names meeting %llu, which is not in the "
		    "store (write the meeting before its tasks)",
		    (unsigned long long)mid);
	size_t tl = m.type ? strlen(m.type) : 0;
	cp_status st = tl <= MODEL_ID_MAX ? CP_OK :
	    cp_fail(err, CP_BADINPUT, "store: meeting %llu: type longer than "
	            "%d bytes", (unsigned long long)mid, MODEL_ID_MAX);
	if (st == CP_OK) {
		memcpy(t->qf_type, m.type ? m.type : "", tl + 1);
		t->qf_date = m.date;
		t->qf_id = mid;
		t->qf_valid = true;
	}
	cp_meeting_free(&m);
	return st;
}

static unsigned char *put_str16(unsigned char *p, const char *s, size_t n)
{
	p[0] = (unsigned char)(n >> 8);
	p[1] = (unsigned char)n;
	memcpy(p + 2, s, n);
	return p + 2 + n;
}

/* The queue value of an open task (malloc'd). */
static cp_status queue_value(store_txn *t, const cp_task *task,
                             unsigned char **out, size_t *len, cp_error *err)
{
	const char *child = task->child_id ? task->child_id : "";
	const char *step = task->step_id ? task->step_id : "";
	size_t tl, cl = strlen(child), sl = strlen(step);
	if (queue_facts(t, task->meeting_id, err) != CP_OK)
		return CP_FAILED;
	tl = strlen(t->qf_type);
	if (sl > 0xffff)
		return cp_fail(err, CP_BADINPUT, "store: task %llu: step id "
		               "longer than 65535 bytes",
		               (unsigned long long)task->id);
	unsigned char *v = malloc(14 + 6 + tl + cl + sl), *p = v;
	if (!v)
		return cp_oom(err);
	codec_put_u64(p, task->meeting_id);
	codec_put_date(p + 8, t->qf_date);
	p[12] = (unsigned char)task->role;
	p[13] = (unsigned char)task->kind;
	p = put_str16(p + 14, t->qf_type, tl);
	p = put_str16(p, child, cl);
	p = put_str16(p, step, sl);
	*out = v;
	*len = (size_t)(p - v);
	return CP_OK;
}

static cp_status queue_put(store_txn *t, const cp_task *task, cp_error *err)
{
	unsigned char k[QK_MAX], *v = NULL;
	size_t len = 0;
	if (queue_value(t, task, &v, &len, err) != CP_OK)
		return CP_FAILED;
	cp_status st = db_put(t, IX_TASK_QUEUE, k, queue_key_of(k, task), v, len,
	                      0, err);
	free(v);
	return st;
}

/* A task was written: old_k (old_kl bytes, 0 when it was not open or is
 * new) is its queue key before, nw the record now. */
static cp_status queue_sync(store_txn *t, const unsigned char *old_k,
                            size_t old_kl, const cp_task *nw, cp_error *err)
{
	unsigned char k[QK_MAX];
	size_t kl = queue_key_of(k, nw);
	if (old_kl && !(kl == old_kl && !memcmp(k, old_k, kl)) &&
	    db_del(t, IX_TASK_QUEUE, old_k, old_kl, NULL, 0, err) != CP_OK)
		return CP_FAILED;
	return kl ? queue_put(t, nw, err) : CP_OK;
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
	if (need > *cap) {
		char *nb = realloc(*buf, need);
		if (!nb)
			return cp_oom(err);
		*buf = nb;
		*cap = need;
	}
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

/* ---- paths and permissions -------------------------------------------- */
cp_status store_default_path(const char *explicit_dir, char *buf,
                             size_t size, cp_error *err)
{
	const char *e;
	int n;
	if (explicit_dir && *explicit_dir)
		n = snprintf(buf, size, "%s", explicit_dir);
	else if ((e = getenv("CPDESK_DB")) && *e)
		n = snprintf(buf, size, "%s", e);
	else if ((e = getenv("XDG_DATA_HOME")) && *e == '/')
		n = snprintf(buf, size, "%s/cpdesk", e);
	else {
		const char *home = getenv("HOME");
		if (!home || !*home) {
			struct passwd *pw = getpwuid(getuid());
			home = pw ? pw->pw_dir : NULL;
		}
		if (!home || !*home)
			return cp_fail(err, CP_BADINPUT,
			    "no store given and no home directory: use --db DIR or set CPDESK_DB");
		n = snprintf(buf, size, "%s/.local/share/cpdesk", home);
	}
	if (n < 0 || (size_t)n >= size)
		return cp_fail(err, CP_BADINPUT, "store path is too long");
	return CP_OK;
}

/* Others must have no access: this is child-protection data. */
static cp_status check_perms(const char *dir, cp_error *err)
{
	static const char *const files[] = { "", "/data.mdb", "/lock.mdb" };
	for (size_t i = 0; i < 3; i++) {
		char p[4096];
		struct stat sb;
		snprintf(p, sizeof p, "%s%s", dir, files[i]);
		if (stat(p, &sb) != 0) {
			if (errno == ENOENT && i > 0)
				continue;
			return cp_fail(err, CP_BADINPUT, "store %s: %s", p,
			               strerror(errno));
		}
		if (i == 0 && !S_ISDIR(sb.st_mode))
			return cp_fail(err, CP_BADINPUT,
			               "store %s is not a directory", dir);
		if (sb.st_mode & S_IRWXO)
			return cp_fail(err, CP_REFUSED,
			    "store %s can be read or written by others; fix it with: chmod o-rwx %s %s/*.mdb",
			    p, dir, dir);
	}
	return CP_OK;
}

static bool file_exists(const char *dir, const char *name)
{
	char p[4096];
	struct stat sb;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return stat(p, &sb) == 0;
}

/* ---- meta helpers ------------------------------------------------------ */
static cp_status meta_get_u64(store_txn *t, const char *key, uint64_t *out,
                              bool *found, cp_error *err)
{
	MDB_val v;
	*out = 0;
	if (db_get(t, DB_META, key, strlen(key), &v, found, err) != CP_OK)
		return CP_FAILED;
	if (!*found)
		return CP_OK;
	if (v.mv_size != 8)
		return cp_fail(err, CP_FAILED,
		               "store: damaged meta value '%s'", key);
	*out = codec_get_u64(v.mv_data);
	return CP_OK;
}

static cp_status meta_put_u64(store_txn *t, const char *key, uint64_t v,
                              cp_error *err)
{
	unsigned char b[8];
	codec_put_u64(b, v);
	return db_put(t, DB_META, key, strlen(key), b, 8, 0, err);
}

cp_status store_meta_get(store_txn *t, const char *key, char **val,
                         size_t *len, bool *found, cp_error *err)
{
	MDB_val v;
	*val = NULL;
	if (db_get(t, DB_META, key, strlen(key), &v, found, err) != CP_OK)
		return CP_FAILED;
	if (!*found)
		return CP_OK;
	if (!(*val = malloc(v.mv_size + 1)))
		return cp_oom(err);
	memcpy(*val, v.mv_data, v.mv_size);
	(*val)[v.mv_size] = '\0';
	if (len)
		*len = v.mv_size;
	return CP_OK;
}

cp_status store_meta_put(store_txn *t, const char *key, const void *val,
                         size_t len, cp_error *err)
{
	if (need_write(t, err) != CP_OK)
		return CP_FAILED;
	return db_put(t, DB_META, key, strlen(key), val, len, 0, err);
}

static cp_status meta_put_str(store_txn *t, const char *key, const char *s,
                              cp_error *err)
{
	return db_put(t, DB_META, key, strlen(key), s ? s : "",
	              s ? strlen(s) : 0, 0, err);
}

/* ---- open, create, migrate -------------------------------------------- */
static cp_status open_dbis(store_txn *t, bool create, cp_error *err)
{
	for (int i = 0; i < DB_COUNT; i++) {
		int rc = mdb_dbi_open(t->txn, dbdefs[i].name,
		                      dbdefs[i].flags | (create ? MDB_CREATE : 0),
		                      &t->s->dbi[i]);
		if (rc == MDB_NOTFOUND)
			return cp_fail(err, CP_FAILED,
			    "store %s is damaged: database '%s' is missing",
			    t->s->path, dbdefs[i].name);
		if (rc)
			return mdb_fail(t, rc, err, dbdefs[i].name);
	}
	return CP_OK;
}

static cp_status rebuild_indexes(store_txn *t, int first, int end,
                                 cp_error *err);

/* v0 (the pre-release layout): records and meta, but no index databases
 * and no id counters.  Migrating means building every index from the
 * records and starting the counters after the largest ids. */
static cp_status migrate_v0_v1(store_txn *t, cp_error *err)
{
	if (rebuild_indexes(t, IX_FIRST, DB_COUNT, err) != CP_OK)
		return CP_FAILED;
	static const int seq_db[SEQ_COUNT] = { DB_MEETINGS, DB_TASKS,
	                                       DB_CONSULTS, DB_AUDIT };
	for (int i = 0; i < SEQ_COUNT; i++) {
		MDB_cursor *c;
		MDB_val k, v;
		uint64_t last = 0;
		int rc = mdb_cursor_open(t->txn, t->s->dbi[seq_db[i]], &c);
		if (rc)
			return mdb_fail(t, rc, err, "migrate");
		rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
		if (rc == 0 && k.mv_size == 8)
			last = codec_get_u64(k.mv_data);
		mdb_cursor_close(c);
		if (rc && rc != MDB_NOTFOUND)
			return mdb_fail(t, rc, err, "migrate");
		if (meta_put_u64(t, seq_keys[i], last, err) != CP_OK)
			return CP_FAILED;
	}
	return CP_OK;
}

/* v1 -> v2: the indexes the management lists read (open tasks by due
 * date, done tasks by day done, meetings by cadence-exception and
 * moved-from date, children in need only by date), built from the
 * records in the one write transaction of store_open.  A v1 cpdesk then
 * refuses the store (newer schema) rather than leave them stale. */
static cp_status migrate_v1_v2(store_txn *t, cp_error *err)
{
	return rebuild_indexes(t, IX_V2_FIRST, DB_COUNT, err);
}

/* v2 -> v3: the queue index.  Open tasks move from ix.tasks.assignee
 * to ix.tasks.queue (with their meetings' type and date); both are made
 * again from the records. */
static cp_status migrate_v2_v3(store_txn *t, cp_error *err)
{
	if (rebuild_indexes(t, IX_TASK_ASSIGNEE, IX_TASK_ASSIGNEE + 1, err))
		return CP_FAILED;
	return rebuild_indexes(t, IX_V3_FIRST, DB_COUNT, err);
}

typedef cp_status (*migration_fn)(store_txn *t, cp_error *err);
static const migration_fn migrations[STORE_SCHEMA_VERSION] = {
	[0] = migrate_v0_v1,   /* index i migrates version i to i+1 */
	[1] = migrate_v1_v2,
	[2] = migrate_v2_v3,
};

static cp_status put_schema(store_txn *t, uint32_t v, cp_error *err)
{
	unsigned char b[4];
	codec_put_u32(b, v);
	return db_put(t, DB_META, "schema", 6, b, 4, 0, err);
}

static cp_status read_schema(store_txn *t, MDB_dbi meta, int *out,
                             bool *found, cp_error *err)
{
	MDB_val k = mv("schema", 6), v;
	int rc = mdb_get(t->txn, meta, &k, &v);
	*found = rc == 0;
	if (rc == MDB_NOTFOUND)
		return CP_OK;
	if (rc)
		return mdb_fail(t, rc, err, "read schema");
	if (v.mv_size != 4 || codec_get_u32(v.mv_data) > 1000000)
		return cp_fail(err, CP_FAILED,
		               "store %s is damaged: bad schema version", t->s->path);
	*out = (int)codec_get_u32(v.mv_data);
	return CP_OK;
}

typedef struct setup_ctx {
	bool create;
	const char *login;
	int found_schema;   /* -1: no store yet */
	bool did_create;
} setup_ctx;

/* One write transaction: create an empty store, or migrate an old one.
 * The schema is read again here: another process may have done it. */
static cp_status setup_write(store_txn *t, setup_ctx *sc, cp_error *err)
{
	MDB_dbi meta;
	int rc = mdb_dbi_open(t->txn, "meta", MDB_CREATE, &meta);
	if (rc)
		return mdb_fail(t, rc, err, "meta");
	int v = -1;
	bool found;
	if (read_schema(t, meta, &v, &found, err) != CP_OK)
		return CP_FAILED;
	if (!found)
		v = -1;
	sc->found_schema = v;
	if (v > STORE_SCHEMA_VERSION)
		return cp_fail(err, CP_REFUSED,
		    "store %s has schema %d, newer than this cpdesk's %d: use a newer cpdesk (the store was not changed)",
		    t->s->path, v, STORE_SCHEMA_VERSION);
	if (v < 0 && !sc->create)
		return cp_fail(err, CP_BADINPUT,
		    "%s is not a cpdesk store: run 'cpdesk init --policy FILE' first",
		    t->s->path);
	if (open_dbis(t, true, err) != CP_OK)
		return CP_FAILED;
	if (v < 0) {
		uid_t uid = getuid();
		sc->did_create = true;
		if (put_schema(t, STORE_SCHEMA_VERSION, err) != CP_OK ||
		    meta_put_str(t, "created-by", sc->login, err) != CP_OK ||
		    meta_put_u64(t, "created-uid", (uint64_t)uid, err) != CP_OK ||
		    meta_put_u64(t, "created-at", (uint64_t)time(NULL), err) != CP_OK)
			return CP_FAILED;
		for (int i = 0; i < SEQ_COUNT; i++)
			if (meta_put_u64(t, seq_keys[i], 0, err) != CP_OK)
				return CP_FAILED;
		return meta_put_u64(t, "changes", 1, err);
	}
	for (; v < STORE_SCHEMA_VERSION; v++) {
		if (migrations[v](t, err) != CP_OK) {
			cp_error_prefix(err, "migrating store from schema %d: ", v);
			return CP_FAILED;
		}
		if (put_schema(t, (uint32_t)v + 1, err) != CP_OK)
			return CP_FAILED;
	}
	return CP_OK;
}

static cp_status setup_write_fn(store_txn *t, void *ctx, cp_error *err)
{
	return setup_write(t, ctx, err);
}

/* Read the schema without writing anything: a newer store must be left
 * exactly as it is; a current one just needs its handles. */
static cp_status setup_read(store *s, int *schema, cp_error *err)
{
	store_txn t = { .s = s, .active = true };
	int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &t.txn);
	if (rc)
		return mdb_fail(NULL, rc, err, "open");
	MDB_dbi meta;
	bool found = false;
	*schema = -1;
	cp_status st = CP_OK;
	rc = mdb_dbi_open(t.txn, "meta", 0, &meta);
	if (rc == 0)
		st = read_schema(&t, meta, schema, &found, err);
	else if (rc != MDB_NOTFOUND)
		st = mdb_fail(NULL, rc, err, "open");
	if (st == CP_OK && found && *schema > STORE_SCHEMA_VERSION)
		st = cp_fail(err, CP_REFUSED,
		    "store %s has schema %d, newer than this cpdesk's %d: use a newer cpdesk (the store was not changed)",
		    s->path, *schema, STORE_SCHEMA_VERSION);
	if (st == CP_OK && found && *schema == STORE_SCHEMA_VERSION) {
		st = open_dbis(&t, false, err);
		if (st == CP_OK) {
			rc = mdb_txn_commit(t.txn);   /* commit keeps the handles */
			return rc ? mdb_fail(NULL, rc, err, "open") : CP_OK;
		}
	}
	mdb_txn_abort(t.txn);
	if (!found && st == CP_OK)
		*schema = -1;
	return st;
}

/* $CPDESK_MAX_MAPSIZE: the most the map may grow to, in bytes (a K, M
 * or G suffix multiplies), rounded up to whole pages; 0 when unset (the
 * only limit is then 1 TiB).  Bad values are refused at open. */
static cp_status max_mapsize(size_t *out, cp_error *err)
{
	*out = 0;
	const char *e = getenv("CPDESK_MAX_MAPSIZE");
	if (!e || !*e)
		return CP_OK;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(e, &end, 10);
	unsigned long long mul = 1;
	switch (*end) {
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	default: break;
	}
	long page = sysconf(_SC_PAGESIZE);
	if (page <= 0)
		page = 4096;
	if (errno || end == e || *end || *e == '-' || v == 0 ||
	    v > (1ULL << 40) / mul || v * mul < 16 * (unsigned long long)page)
		return cp_fail(err, CP_BADINPUT,
		    "$CPDESK_MAX_MAPSIZE '%.40s': give bytes (at least %ld) with an optional K, M or G, up to 1024G",
		    e, 16 * page);
	v *= mul;
	v = (v + (unsigned long long)page - 1) / (unsigned long long)page *
	    (unsigned long long)page;
	*out = (size_t)v;
	return CP_OK;
}

static cp_status env_open(store *s, const store_open_opts *o, bool existed,
                          cp_error *err)
{
	cp_status st = max_mapsize(&s->max_map, err);
	if (st != CP_OK)
		return st;
	int rc = mdb_env_create(&s->env);
	if (rc)
		return mdb_fail(NULL, rc, err, "open");
	size_t want = o && o->mapsize ? o->mapsize : STORE_DEFAULT_MAPSIZE;
	if (s->max_map && want > s->max_map)
		want = s->max_map;
	if ((rc = mdb_env_set_maxdbs(s->env, DB_COUNT + 4)) ||
	    (rc = mdb_env_set_maxreaders(s->env, STORE_MAXREADERS)) ||
	    (!existed && (rc = mdb_env_set_mapsize(s->env, want))))
		return mdb_fail(NULL, rc, err, "open");
	/* NOTLS: the reused read transaction is tied to its handle, not to
	 * a thread's slot. */
	mode_t old = umask(007);
	rc = mdb_env_open(s->env, s->path, MDB_NOTLS, 0660);
	umask(old);
	if (rc)
		return cp_fail(err, CP_FAILED, "store %s: %s", s->path,
		               mdb_strerror(rc));
	/* An existing store keeps the larger of its recorded size and ours. */
	MDB_envinfo info;
	mdb_env_info(s->env, &info);
	if (existed && info.me_mapsize < want &&
	    (rc = mdb_env_set_mapsize(s->env, want)))
		return mdb_fail(NULL, rc, err, "open");
	int dead = 0;
	mdb_reader_check(s->env, &dead);
	return CP_OK;
}

cp_status store_open(const char *dir, const store_open_opts *opts,
                     store **out, cp_error *err)
{
	*out = NULL;
	bool create = opts && opts->create;
	if (!dir || !*dir)
		return cp_fail(err, CP_BADINPUT, "no store directory given");
	if (create) {
		mode_t old = umask(007);
		int rc = mkdir(dir, 0770);
		umask(old);
		if (rc != 0 && errno != EEXIST)
			return cp_fail(err, CP_FAILED, "cannot create store %s: %s",
			               dir, strerror(errno));
	}
	struct stat sb;
	if (stat(dir, &sb) != 0 || (!create && !file_exists(dir, "data.mdb")))
		return cp_fail(err, CP_BADINPUT,
		    "no store at %s: run 'cpdesk init --policy FILE' (or give --db DIR)",
		    dir);
	cp_status st = check_perms(dir, err);
	if (st != CP_OK)
		return st;
	if (already_open(sb.st_dev, sb.st_ino))
		return cp_fail(err, CP_FAILED,
		    "store %s is already open in this process", dir);
	store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(dir))) {
		free(s);
		return cp_oom(err);
	}
	s->rd.s = s;
	s->dev = sb.st_dev;
	s->ino = sb.st_ino;
	s->next_open = open_stores;
	open_stores = s;
	st = env_open(s, opts, file_exists(dir, "data.mdb"), err);
	int schema = -1;
	if (st == CP_OK)
		st = setup_read(s, &schema, err);
	s->opened_schema = schema;
	if (st == CP_OK && schema != STORE_SCHEMA_VERSION) {
		setup_ctx sc = { .create = create,
		                 .login = opts ? opts->login : NULL };
		st = store_write(s, setup_write_fn, &sc, err);
		s->created = sc.did_create;
		s->opened_schema = sc.found_schema;
	}
	if (st == CP_OK)
		st = check_perms(dir, err);   /* files made just now */
	if (st != CP_OK) {
		store_close(s);
		return st;
	}
	*out = s;
	return CP_OK;
}

void store_close(store *s)
{
	if (!s)
		return;
	forget_open(s);
	if (s->rd.txn)
		mdb_txn_abort(s->rd.txn);
	if (s->env)
		mdb_env_close(s->env);
	free(s->path);
	free(s);
}

const char *store_path(const store *s) { return s->path; }
bool store_was_created(const store *s) { return s->created; }
int store_opened_schema(const store *s) { return s->opened_schema; }

cp_status store_bulk_load_begin(store *s, cp_error *err)
{
	int rc = mdb_env_set_flags(s->env, MDB_NOSYNC, 1);
	return rc ? mdb_fail(NULL, rc, err, "bulk load") : CP_OK;
}

cp_status store_bulk_load_end(store *s, cp_error *err)
{
	int rc = mdb_env_sync(s->env, 1);
	int rc2 = mdb_env_set_flags(s->env, MDB_NOSYNC, 0);
	if (rc || rc2)
		return mdb_fail(NULL, rc ? rc : rc2, err, "bulk load: sync");
	return CP_OK;
}

void store_expect_big_write(store *s)
{
	MDB_envinfo info;
	MDB_stat st;
	if (mdb_env_info(s->env, &info) || mdb_env_stat(s->env, &st))
		return;
	heap_prefer_huge_pages(((size_t)info.me_last_pgno + 1) * st.ms_psize);
}

size_t store_mapsize(const store *s)
{
	MDB_envinfo info;
	mdb_env_info(s->env, &info);
	return info.me_mapsize;
}

/* ---- transactions ------------------------------------------------------ */
cp_status store_read_begin(store *s, store_txn **out, cp_error *err)
{
	*out = NULL;
	if (s->rd.active)
		return cp_fail(err, CP_FAILED,
		    "store: internal error: a read is already open on this handle");
	for (int tries = 0; tries < 3; tries++) {
		int rc = s->rd.txn ? mdb_txn_renew(s->rd.txn)
		                   : mdb_txn_begin(s->env, NULL, MDB_RDONLY,
		                                   &s->rd.txn);
		if (rc == 0) {
			s->rd.active = true;
			s->rd.write = false;
			s->rd.qf_valid = false;
			*out = &s->rd;
			return CP_OK;
		}
		if (s->rd.txn && rc != 0) {
			mdb_txn_abort(s->rd.txn);
		}
		s->rd.txn = NULL;
		if (rc == MDB_BAD_RSLOT)
			continue;   /* slot lost (e.g. cleared): a fresh txn */
		if (rc != MDB_MAP_RESIZED)
			return mdb_fail(NULL, rc, err, "read");
		/* Another process grew the map: adopt its size and retry. */
		mdb_env_set_mapsize(s->env, 0);
	}
	return cp_fail(err, CP_FAILED, "store: could not begin a read");
}

cp_status store_snapshot_begin(store *s, store_txn **out, cp_error *err)
{
	store_txn *t = calloc(1, sizeof *t);
	*out = NULL;
	if (!t)
		return cp_oom(err);
	t->s = s;
	/* MDB_NOTLS (env_open): a read of its own beside the write, usable
	 * from another thread */
	int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &t->txn);
	if (rc) {
		free(t);
		return mdb_fail(NULL, rc, err, "read");
	}
	t->active = true;
	*out = t;
	return CP_OK;
}

void store_snapshot_end(store_txn *t)
{
	if (!t)
		return;
	mdb_txn_abort(t->txn);
	free(t);
}

void store_read_end(store_txn *t)
{
	if (!t || !t->active || t->write)
		return;
	mdb_txn_reset(t->txn);
	t->active = false;
}

static cp_status bump_changes(store_txn *t, cp_error *err)
{
	uint64_t n;
	bool found;
	if (meta_get_u64(t, "changes", &n, &found, err) != CP_OK)
		return CP_FAILED;
	return meta_put_u64(t, "changes", n + 1, err);
}

/* Double the map (no transaction of ours may be open). */
static cp_status grow_map(store *s, cp_error *err)
{
	if (s->rd.txn) {   /* reset, not active: drop it to be safe */
		mdb_txn_abort(s->rd.txn);
		s->rd.txn = NULL;
	}
	MDB_envinfo info;
	mdb_env_info(s->env, &info);
	size_t next = info.me_mapsize * 2;
	size_t cap = s->max_map ? s->max_map : (size_t)1 << 40;
	if (next < info.me_mapsize || next > cap)
		next = cap;
	if (next <= info.me_mapsize)
		return cp_fail(err, CP_FAILED,
		    "store: the store is full: its map cannot grow past %zu bytes%s; nothing was written",
		    info.me_mapsize,
		    s->max_map ? " ($CPDESK_MAX_MAPSIZE)" : "");
	int rc = mdb_env_set_mapsize(s->env, next);
	return rc ? mdb_fail(NULL, rc, err, "grow map") : CP_OK;
}

static cp_status write_txn(store *s, store_write_fn fn, void *ctx,
                           bool bump, cp_error *err)
{
	if (s->rd.active)
		return cp_fail(err, CP_FAILED,
		    "store: internal error: store_write while a read is open");
	for (int attempt = 0; attempt < 24; attempt++) {
		store_txn t = { .s = s, .write = true, .active = true };
		int rc = mdb_txn_begin(s->env, NULL, 0, &t.txn);
		if (rc == MDB_MAP_RESIZED) {
			mdb_env_set_mapsize(s->env, 0);
			continue;
		}
		if (rc)
			return mdb_fail(NULL, rc, err, "begin write");
		cp_status st = fn(&t, ctx, err);
		if (st == CP_OK && !t.map_full && bump)
			st = bump_changes(&t, err);
		if (st == CP_OK && !t.map_full) {
			rc = mdb_txn_commit(t.txn);   /* frees t.txn either way */
			if (rc == 0)
				return CP_OK;
			st = mdb_fail(&t, rc, err, "commit");
		} else {
			mdb_txn_abort(t.txn);
		}
		if (!t.map_full)
			return st;
		if (grow_map(s, err) != CP_OK)
			return CP_FAILED;
	}
	return cp_fail(err, CP_FAILED, "store: the write did not fit after growing the map");
}

cp_status store_write(store *s, store_write_fn fn, void *ctx, cp_error *err)
{
	return write_txn(s, fn, ctx, true, err);
}

cp_status store_write_quiet(store *s, store_write_fn fn, void *ctx,
                            cp_error *err)
{
	return write_txn(s, fn, ctx, false, err);
}

cp_status store_change_counter(store *s, uint64_t *out, cp_error *err)
{
	store_txn *t;
	bool found, was_active = s->rd.active;
	if (was_active)
		t = &s->rd;
	else if (store_read_begin(s, &t, err) != CP_OK)
		return CP_FAILED;
	cp_status st = meta_get_u64(t, "changes", out, &found, err);
	if (!was_active)
		store_read_end(t);
	return st;
}

cp_status store_next_id(store_txn *t, store_seq which, uint64_t *out,
                        cp_error *err)
{
	uint64_t n;
	bool found;
	if (need_write(t, err) != CP_OK || (unsigned)which >= SEQ_COUNT)
		return CP_FAILED;
	if (meta_get_u64(t, seq_keys[which], &n, &found, err) != CP_OK ||
	    meta_put_u64(t, seq_keys[which], n + 1, err) != CP_OK)
		return CP_FAILED;
	*out = n + 1;
	return CP_OK;
}

/* ---- get --------------------------------------------------------------- */
static cp_status key_str(const char *s, bool pool, const char *what,
                         cp_error *err)
{
	if (!model_id_valid(s, pool))
		return cp_fail(err, CP_BADINPUT,
		    "bad %s '%.*s': use 1-%d letters, digits, '.', '_' or '-'",
		    what, 64, s ? s : "", MODEL_ID_MAX);
	return CP_OK;
}

#define GET_BY(db, k, kl, decode, out, found)                             \
	do {                                                              \
		MDB_val v_;                                               \
		if (db_get(t, db, k, kl, &v_, found, err) != CP_OK)       \
			return CP_FAILED;                                 \
		if (!*(found))                                            \
			return CP_OK;                                     \
		return decode(v_.mv_data, v_.mv_size, out, err);          \
	} while (0)

cp_status store_worker_get(store_txn *t, const char *login, cp_worker *out,
                           bool *found, cp_error *err)
{
	*found = false;
	if (!login || !*login || strlen(login) > MODEL_ID_MAX)
		return CP_OK;
	GET_BY(DB_WORKERS, login, strlen(login), codec_decode_worker, out, found);
}

cp_status store_child_get(store_txn *t, const char *id, cp_child *out,
                          bool *found, cp_error *err)
{
	*found = false;
	if (!id || !*id || strlen(id) > MODEL_ID_MAX)
		return CP_OK;
	GET_BY(DB_CHILDREN, id, strlen(id), codec_decode_child, out, found);
}

cp_status store_meeting_get(store_txn *t, uint64_t id, cp_meeting *out,
                            bool *found, cp_error *err)
{
	unsigned char k[8];
	codec_put_u64(k, id);
	GET_BY(DB_MEETINGS, k, 8, codec_decode_meeting, out, found);
}

cp_status store_task_get(store_txn *t, uint64_t id, cp_task *out,
                         bool *found, cp_error *err)
{
	unsigned char k[8];
	codec_put_u64(k, id);
	GET_BY(DB_TASKS, k, 8, codec_decode_task, out, found);
}

cp_status store_consult_get(store_txn *t, uint64_t id, cp_consult *out,
                            bool *found, cp_error *err)
{
	unsigned char k[8];
	codec_put_u64(k, id);
	GET_BY(DB_CONSULTS, k, 8, codec_decode_consult, out, found);
}

/* Report key: meeting id, then the agency name. */
static size_t report_key(unsigned char *k, uint64_t mid, const char *agency)
{
	size_t n = strlen(agency);
	codec_put_u64(k, mid);
	memcpy(k + 8, agency, n);
	return 8 + n;
}

#define AGENCY_MAX 200
cp_status store_report_get(store_txn *t, uint64_t meeting_id,
                           const char *agency, cp_report *out, bool *found,
                           cp_error *err)
{
	unsigned char k[8 + AGENCY_MAX];
	*found = false;
	if (!agency || !*agency || strlen(agency) > AGENCY_MAX)
		return CP_OK;
	size_t kl = report_key(k, meeting_id, agency);
	GET_BY(DB_REPORTS, k, kl, codec_decode_report, out, found);
}

/* ---- put --------------------------------------------------------------- */
cp_status store_worker_put(store_txn *t, const cp_worker *w, cp_error *err)
{
	unsigned char *buf;
	size_t len;
	if (need_write(t, err) != CP_OK ||
	    key_str(w->login, false, "login", err) != CP_OK)
		return CP_FAILED;
	if (text_nonempty(w->manager) &&
	    key_str(w->manager, false, "manager login", err) != CP_OK)
		return CP_BADINPUT;
	cp_status st = codec_encode_worker(w, &buf, &len, err);
	return put_encoded(t, DB_WORKERS, w->login, strlen(w->login), st, buf,
	                   len, err);
}

/* Write a record.  A new record whose key sorts after every key in its
 * database (rising ids: meetings, tasks, consultations) is appended in
 * key order (MDB_APPEND): no search, and pages fill up instead of being
 * split in half, so bulk loads write about half the pages.  A key that
 * does not sort last falls back to an ordinary put. */
static cp_status put_new_or_replace(store_txn *t, int db, const void *k,
                                    size_t kl, const void *v, size_t vl,
                                    bool is_new, cp_error *err)
{
	if (is_new) {
		MDB_val key = mv(k, kl), val = mv(v, vl);
		int rc = mdb_put(t->txn, t->s->dbi[db], &key, &val, MDB_APPEND);
		if (rc == 0)
			return CP_OK;
		if (rc != MDB_KEYEXIST)
			return mdb_fail(t, rc, err, "write");
	}
	return db_put(t, db, k, kl, v, vl, 0, err);
}

/* The shape shared by every indexed put: read the old record (if any)
 * for its index entries, write the new record, fix the indexes, then let
 * sync(t, old or NULL, new, err) keep what else depends on the record. */
#define INDEXED_PUT(DBX, key, kl, rec_t, decode, freef, ixf, encode, rec, \
                    sync)                                             \
	do {                                                              \
		ixent old_[IX_PER_REC], new_[IX_PER_REC];                 \
		size_t nold_ = 0, nnew_;                                  \
		MDB_val v_;                                               \
		bool found_;                                              \
		unsigned char *buf_;                                      \
		size_t len_;                                              \
		rec_t o_;                                                 \
		if (db_get(t, DBX, key, kl, &v_, &found_, err) != CP_OK)  \
			return CP_FAILED;                                 \
		if (found_) {                                             \
			if (decode(v_.mv_data, v_.mv_size, &o_, err)      \
			    != CP_OK)                                     \
				return CP_FAILED;                         \
			nold_ = ixf(&o_, old_);                           \
		}                                                         \
		nnew_ = ixf(rec, new_);                                   \
		cp_status st_ = encode(rec, &buf_, &len_, err);           \
		if (st_ == CP_OK) {                                       \
			st_ = put_new_or_replace(t, DBX, key, kl, buf_,   \
			                         len_, !found_, err);     \
			free(buf_);                                       \
		}                                                         \
		if (st_ == CP_OK)                                         \
			st_ = ix_update(t, old_, nold_, new_, nnew_, err); \
		if (st_ == CP_OK)                                         \
			st_ = sync(t, found_ ? &o_ : NULL, rec, err);     \
		if (found_)                                               \
			freef(&o_);                                       \
		return st_;                                               \
	} while (0)

/* What depends on a record beyond its index entries. */
static cp_status child_sync(store_txn *t, const cp_child *old,
                            const cp_child *nw, cp_error *err)
{
	(void)t; (void)old; (void)nw; (void)err;
	return CP_OK;
}

static cp_status consult_sync(store_txn *t, const cp_consult *old,
                              const cp_consult *nw, cp_error *err)
{
	(void)t; (void)old; (void)nw; (void)err;
	return CP_OK;
}

static cp_status task_sync(store_txn *t, const cp_task *old,
                           const cp_task *nw, cp_error *err)
{
	unsigned char k[QK_MAX];
	return queue_sync(t, k, old ? queue_key_of(k, old) : 0, nw, err);
}

static cp_status queue_refresh_meeting(store_txn *t, uint64_t mid,
                                       cp_error *err);

/* A meeting's type or date is in its open tasks' queue entries. */
static cp_status meeting_sync(store_txn *t, const cp_meeting *old,
                              const cp_meeting *nw, cp_error *err)
{
	if (t->qf_id == nw->id)
		t->qf_valid = false;
	if (!old || (old->date == nw->date &&
	             !strcmp(old->type ? old->type : "",
	                     nw->type ? nw->type : "")))
		return CP_OK;
	return queue_refresh_meeting(t, nw->id, err);
}

cp_status store_child_put(store_txn *t, const cp_child *c, cp_error *err)
{
	if (need_write(t, err) != CP_OK)
		return CP_FAILED;
	if (key_str(c->id, false, "child id", err) != CP_OK ||
	    (text_nonempty(c->social_worker) &&
	     key_str(c->social_worker, false, "social worker login", err)))
		return CP_BADINPUT;
	INDEXED_PUT(DB_CHILDREN, c->id, strlen(c->id), cp_child,
	            codec_decode_child, cp_child_free, ix_child,
	            codec_encode_child, c, child_sync);
}

cp_status store_meeting_put(store_txn *t, const cp_meeting *m, cp_error *err)
{
	unsigned char k[8];
	if (need_write(t, err) != CP_OK)
		return CP_FAILED;
	if (m->id == 0)
		return cp_fail(err, CP_FAILED, "store: a meeting needs an id");
	if (key_str(m->child_id, false, "child id", err) != CP_OK ||
	    (text_nonempty(m->chair) && key_str(m->chair, false, "chair login", err)))
		return CP_BADINPUT;
	codec_put_u64(k, m->id);
	INDEXED_PUT(DB_MEETINGS, k, 8, cp_meeting, codec_decode_meeting,
	            cp_meeting_free, ix_meeting, codec_encode_meeting, m,
	            meeting_sync);
}

/* What a task record must have before it is written. */
static cp_status task_ok(const cp_task *task, cp_error *err)
{
	if (task->id == 0 || task->meeting_id == 0)
		return cp_fail(err, CP_FAILED,
		               "store: a task needs an id and a meeting");
	if (key_str(task->assignee, true, "assignee", err) != CP_OK ||
	    key_str(task->child_id, false, "child id", err) != CP_OK)
		return CP_BADINPUT;
	return CP_OK;
}

cp_status store_task_put(store_txn *t, const cp_task *task, cp_error *err)
{
	unsigned char k[8];
	if (need_write(t, err) != CP_OK)
		return CP_FAILED;
	cp_status ok = task_ok(task, err);
	if (ok != CP_OK)
		return ok;
	codec_put_u64(k, task->id);
	INDEXED_PUT(DB_TASKS, k, 8, cp_task, codec_decode_task, cp_task_free,
	            ix_task, codec_encode_task, task, task_sync);
}

cp_status store_task_insert(store_txn *t, const cp_task *task, cp_error *err)
{
	unsigned char k[8], *buf;
	size_t len;
	ixent e[IX_PER_REC];
	if (need_write(t, err) != CP_OK)
		return CP_FAILED;
	cp_status st = task_ok(task, err);
	if (st == CP_OK)
		st = codec_encode_task(task, &buf, &len, err);
	if (st != CP_OK)
		return st;
	codec_put_u64(k, task->id);
	MDB_val key = mv(k, 8), val = mv(buf, len);
	/* ids rise: an append; else an insert that must not replace */
	int rc = mdb_put(t->txn, t->s->dbi[DB_TASKS], &key, &val, MDB_APPEND);
	if (rc == MDB_KEYEXIST)
		rc = mdb_put(t->txn, t->s->dbi[DB_TASKS], &key, &val,
		             MDB_NOOVERWRITE);
	free(buf);
	if (rc == MDB_KEYEXIST)
		return cp_fail(err, CP_FAILED, "store: task %llu already exists",
		               (unsigned long long)task->id);
	if (rc)
		return mdb_fail(t, rc, err, "write");
	if (ix_update(t, NULL, 0, e, ix_task(task, e), err) != CP_OK)
		return CP_FAILED;
	return queue_sync(t, NULL, 0, task, err);
}

cp_status store_consult_put(store_txn *t, const cp_consult *c, cp_error *err)
{
	unsigned char k[8];
	if (need_write(t, err) != CP_OK)
		return CP_FAILED;
	if (c->id == 0)
		return cp_fail(err, CP_FAILED, "store: a consultation needs an id");
	if (key_str(c->child_id, false, "child id", err) != CP_OK ||
	    (text_nonempty(c->chair) && key_str(c->chair, false, "chair login", err)))
		return CP_BADINPUT;
	codec_put_u64(k, c->id);
	INDEXED_PUT(DB_CONSULTS, k, 8, cp_consult, codec_decode_consult,
	            cp_consult_free, ix_consult, codec_encode_consult, c,
	            consult_sync);
}

cp_status store_report_put(store_txn *t, const cp_report *r, cp_error *err)
{
	unsigned char k[8 + AGENCY_MAX], *buf;
	size_t len;
	if (need_write(t, err) != CP_OK)
		return CP_FAILED;
	if (!text_nonempty(r->agency) || strlen(r->agency) > AGENCY_MAX)
		return cp_fail(err, CP_BADINPUT,
		               "an agency name is 1 to %d bytes", AGENCY_MAX);
	size_t kl = report_key(k, r->meeting_id, r->agency);
	cp_status st = codec_encode_report(r, &buf, &len, err);
	return put_encoded(t, DB_REPORTS, k, kl, st, buf, len, err);
}

cp_status store_audit_append(store_txn *t, cp_audit *a, cp_error *err)
{
	unsigned char k[8], *buf;
	size_t len;
	ixent e[IX_PER_REC];
	if (store_next_id(t, SEQ_AUDIT, &a->seq, err) != CP_OK)
		return CP_FAILED;
	codec_put_u64(k, a->seq);
	cp_status st = codec_encode_audit(a, &buf, &len, err);
	if (st != CP_OK)
		return st;
	/* seq only rises: an append (see put_new_or_replace) */
	st = put_new_or_replace(t, DB_AUDIT, k, 8, buf, len, true, err);
	free(buf);
	if (st != CP_OK)
		return CP_FAILED;
	return ix_update(t, NULL, 0, e, ix_audit(a, e), err);
}

/* ---- scanning ---------------------------------------------------------- */
/* Called per index value; sets *more false to stop. */
typedef cp_status (*val_fn)(store_txn *t, const MDB_val *val, void *ctx,
                            bool *more, cp_error *err);

/* The duplicates of key in ix, from the first value >= start (all when
 * start is NULL), in order. */
static cp_status dup_range(store_txn *t, int ix, const void *key, size_t kl,
                           const void *start, size_t sl, val_fn each,
                           void *ctx, cp_error *err)
{
	MDB_cursor *c;
	MDB_val k = mv(key, kl), v = mv(start, sl);
	int rc = mdb_cursor_open(t->txn, t->s->dbi[ix], &c);
	if (rc)
		return mdb_fail(t, rc, err, "scan");
	rc = start ? mdb_cursor_get(c, &k, &v, MDB_GET_BOTH_RANGE)
	           : mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
	cp_status st = CP_OK;
	bool more = true;
	while (rc == 0 && more && st == CP_OK) {
		st = each(t, &v, ctx, &more, err);
		if (st == CP_OK && more)
			rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP);
	}
	mdb_cursor_close(c);
	if (st == CP_OK && rc && rc != MDB_NOTFOUND)
		st = mdb_fail(t, rc, err, "scan");
	return st;
}

/* Every record of a main database, forward or backward. */
typedef cp_status (*kv_fn)(store_txn *t, const MDB_val *k, const MDB_val *v,
                           void *ctx, bool *more, cp_error *err);
static cp_status db_walk(store_txn *t, int db, const void *from, size_t fl,
                         bool backward, kv_fn each, void *ctx, cp_error *err)
{
	MDB_cursor *c;
	MDB_val k = mv(from, fl), v;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[db], &c);
	if (rc)
		return mdb_fail(t, rc, err, "scan");
	if (from)
		rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	else
		rc = mdb_cursor_get(c, &k, &v, backward ? MDB_LAST : MDB_FIRST);
	cp_status st = CP_OK;
	bool more = true;
	while (rc == 0 && more && st == CP_OK) {
		st = each(t, &k, &v, ctx, &more, err);
		if (st == CP_OK && more)
			rc = mdb_cursor_get(c, &k, &v, backward ? MDB_PREV
			                                       : MDB_NEXT);
	}
	mdb_cursor_close(c);
	if (st == CP_OK && rc && rc != MDB_NOTFOUND)
		st = mdb_fail(t, rc, err, "scan");
	return st;
}

static cp_status dangling(store_txn *t, const char *what, uint64_t id,
                          cp_error *err)
{
	(void)t;
	return cp_fail(err, CP_FAILED,
	    "store: an index names %s %llu, which is missing (the store is damaged)",
	    what, (unsigned long long)id);
}

/* Load one record by numeric id and hand it to a user callback. */
typedef struct visit {
	union {
		store_meeting_cb meeting;
		store_task_cb task;
		store_consult_cb consult;
		store_audit_cb audit;
		store_child_cb child;
	} cb;
	void *ctx;
	cp_date to;          /* for dated index values */
	size_t limit, seen;
	int status;          /* for the assignee index */
	const store_audit_filter *af;
} visit;

static cp_status visit_meeting(store_txn *t, uint64_t id, visit *vi,
                               bool *more, cp_error *err)
{
	cp_meeting m;
	bool found;
	if (store_meeting_get(t, id, &m, &found, err) != CP_OK)
		return CP_FAILED;
	if (!found)
		return dangling(t, "meeting", id, err);
	*more = vi->cb.meeting(vi->ctx, &m);
	cp_meeting_free(&m);
	if (vi->limit && ++vi->seen >= vi->limit)
		*more = false;
	return CP_OK;
}

static cp_status visit_task(store_txn *t, uint64_t id, visit *vi,
                            bool *more, cp_error *err)
{
	cp_task k;
	bool found;
	if (store_task_get(t, id, &k, &found, err) != CP_OK)
		return CP_FAILED;
	if (!found)
		return dangling(t, "task", id, err);
	*more = vi->cb.task(vi->ctx, &k);
	cp_task_free(&k);
	if (vi->limit && ++vi->seen >= vi->limit)
		*more = false;
	return CP_OK;
}

static cp_status visit_consult(store_txn *t, uint64_t id, visit *vi,
                               bool *more, cp_error *err)
{
	cp_consult c;
	bool found;
	if (store_consult_get(t, id, &c, &found, err) != CP_OK)
		return CP_FAILED;
	if (!found)
		return dangling(t, "consultation", id, err);
	*more = vi->cb.consult(vi->ctx, &c);
	cp_consult_free(&c);
	if (vi->limit && ++vi->seen >= vi->limit)
		*more = false;
	return CP_OK;
}

/* Index value date(4) id(8): stop past vi->to. */
static cp_status dated_meeting(store_txn *t, const MDB_val *v, void *ctx,
                               bool *more, cp_error *err)
{
	visit *vi = ctx;
	if (v->mv_size != 12)
		return cp_fail(err, CP_FAILED, "store: damaged meeting index");
	if (codec_get_date(v->mv_data) > vi->to) {
		*more = false;
		return CP_OK;
	}
	return visit_meeting(t, codec_get_u64((unsigned char *)v->mv_data + 4),
	                     vi, more, err);
}

static cp_status dated_consult(store_txn *t, const MDB_val *v, void *ctx,
                               bool *more, cp_error *err)
{
	visit *vi = ctx;
	if (v->mv_size != 12)
		return cp_fail(err, CP_FAILED, "store: damaged consultation index");
	if (codec_get_date(v->mv_data) > vi->to) {
		*more = false;
		return CP_OK;
	}
	return visit_consult(t, codec_get_u64((unsigned char *)v->mv_data + 4),
	                     vi, more, err);
}

static bool key_ok(const char *s)
{
	return s && *s && strlen(s) <= MODEL_ID_MAX;
}

cp_status store_meetings_for_chair(store_txn *t, const char *chair,
                                   cp_date from, cp_date to, size_t limit,
                                   store_meeting_cb cb, void *ctx,
                                   cp_error *err)
{
	visit vi = { .cb.meeting = cb, .ctx = ctx, .to = to, .limit = limit };
	unsigned char start[12];
	if (!key_ok(chair))
		return CP_OK;
	codec_put_date(start, from);
	codec_put_u64(start + 4, 0);
	return dup_range(t, IX_MEETING_CHAIR, chair, strlen(chair), start, 12,
	                 dated_meeting, &vi, err);
}

cp_status store_meetings_for_child(store_txn *t, const char *child_id,
                                   store_meeting_cb cb, void *ctx,
                                   cp_error *err)
{
	visit vi = { .cb.meeting = cb, .ctx = ctx, .to = STORE_DATE_MAX };
	if (!key_ok(child_id))
		return CP_OK;
	return dup_range(t, IX_MEETING_CHILD, child_id, strlen(child_id), NULL,
	                 0, dated_meeting, &vi, err);
}

static cp_status meeting_by_date(store_txn *t, const MDB_val *k,
                                 const MDB_val *v, void *ctx, bool *more,
                                 cp_error *err)
{
	visit *vi = ctx;
	if (k->mv_size != 4 || v->mv_size != 8)
		return cp_fail(err, CP_FAILED, "store: damaged meeting date index");
	if (codec_get_date(k->mv_data) > vi->to) {
		*more = false;
		return CP_OK;
	}
	return visit_meeting(t, codec_get_u64(v->mv_data), vi, more, err);
}

cp_status store_meetings_between(store_txn *t, cp_date from, cp_date to,
                                 size_t limit, store_meeting_cb cb, void *ctx,
                                 cp_error *err)
{
	visit vi = { .cb.meeting = cb, .ctx = ctx, .to = to, .limit = limit };
	unsigned char k[4];
	codec_put_date(k, from);
	/* MDB_NEXT walks the duplicates of each date too. */
	return db_walk(t, IX_MEETING_DATE, k, 4, false, meeting_by_date, &vi,
	               err);
}

static cp_status meeting_by_mark(store_txn *t, const MDB_val *k,
                                 const MDB_val *v, void *ctx, bool *more,
                                 cp_error *err)
{
	visit *vi = ctx;
	if (k->mv_size != 4 || v->mv_size != 8)
		return cp_fail(err, CP_FAILED, "store: damaged meeting mark index");
	if (codec_get_date(k->mv_data) > vi->to) {
		*more = false;
		return CP_OK;
	}
	return visit_meeting(t, codec_get_u64(v->mv_data), vi, more, err);
}

cp_status store_meetings_marked_between(store_txn *t, cp_date from,
                                        cp_date to, store_meeting_cb cb,
                                        void *ctx, cp_error *err)
{
	visit vi = { .cb.meeting = cb, .ctx = ctx, .to = to };
	unsigned char k[4];
	codec_put_date(k, from);
	return db_walk(t, IX_MEETING_MARKED, k, 4, false, meeting_by_mark, &vi,
	               err);
}

/* Index key date(4) (due, or day done), value task id(8). */
static cp_status task_by_date(store_txn *t, const MDB_val *k,
                              const MDB_val *v, void *ctx, bool *more,
                              cp_error *err)
{
	visit *vi = ctx;
	if (k->mv_size != 4 || v->mv_size != 8)
		return cp_fail(err, CP_FAILED, "store: damaged task date index");
	if (codec_get_date(k->mv_data) > vi->to) {
		*more = false;
		return CP_OK;
	}
	return visit_task(t, codec_get_u64(v->mv_data), vi, more, err);
}

cp_status store_tasks_open_due(store_txn *t, cp_date from, cp_date to,
                               store_task_cb cb, void *ctx, cp_error *err)
{
	visit vi = { .cb.task = cb, .ctx = ctx, .to = to };
	unsigned char k[4];
	codec_put_date(k, from);
	return db_walk(t, IX_TASK_OPEN_DUE, k, 4, false, task_by_date, &vi, err);
}

cp_status store_tasks_done_between(store_txn *t, cp_date from, cp_date to,
                                   store_task_cb cb, void *ctx,
                                   cp_error *err)
{
	visit vi = { .cb.task = cb, .ctx = ctx, .to = to };
	unsigned char k[4];
	codec_put_date(k, from);
	return db_walk(t, IX_TASK_DONE_DAY, k, 4, false, task_by_date, &vi, err);
}

static cp_status assignee_task(store_txn *t, const MDB_val *v, void *ctx,
                               bool *more, cp_error *err)
{
	visit *vi = ctx;
	const unsigned char *p = v->mv_data;
	if (v->mv_size != 13)
		return cp_fail(err, CP_FAILED, "store: damaged task index");
	/* Past the wanted status or the last date: done. */
	if (p[0] != (unsigned char)vi->status || codec_get_date(p + 1) > vi->to) {
		*more = false;
		return CP_OK;
	}
	return visit_task(t, codec_get_u64(p + 5), vi, more, err);
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
		return mdb_fail(t, rc, err, "scan");
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
	mdb_cursor_close(c);
	free(buf);
	if (st == CP_OK && rc && rc != MDB_NOTFOUND)
		st = mdb_fail(t, rc, err, "scan");
	return st;
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
	return dup_range(t, IX_TASK_ASSIGNEE, assignee, strlen(assignee), start,
	                 13, assignee_task, &vi, err);
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
	return dup_range(t, IX_TASK_MEETING, k, 8, NULL, 0, id_task, &vi, err);
}

/* ---- walks over every meeting (policy use) ------------------------------ */
/* Meeting mid's type or date changed: rewrite its open tasks' queue
 * entries.  The ids first, then the writes: no cursor is open across
 * them. */
typedef struct id_list {
	uint64_t *v;
	size_t n, cap;
} id_list;

static cp_status collect_id(store_txn *t, const MDB_val *v, void *ctx,
                            bool *more, cp_error *err)
{
	(void)t; (void)more;
	id_list *l = ctx;
	if (v->mv_size != 8)
		return cp_fail(err, CP_FAILED, "store: damaged task index");
	if (!vec_room((void **)&l->v, &l->cap, l->n, sizeof *l->v, 16))
		return cp_oom(err);
	l->v[l->n++] = codec_get_u64(v->mv_data);
	return CP_OK;
}

static cp_status queue_refresh_meeting(store_txn *t, uint64_t mid,
                                       cp_error *err)
{
	unsigned char k[8];
	id_list ids = { 0 };
	codec_put_u64(k, mid);
	cp_status st = dup_range(t, IX_TASK_MEETING, k, 8, NULL, 0, collect_id,
	                         &ids, err);
	for (size_t i = 0; st == CP_OK && i < ids.n; i++) {
		cp_task task;
		bool found;
		st = store_task_get(t, ids.v[i], &task, &found, err);
		if (st == CP_OK && !found)
			st = dangling(t, "task", ids.v[i], err);
		if (st != CP_OK)
			break;
		if (task.status == TASK_OPEN)
			st = queue_put(t, &task, err);
		cp_task_free(&task);
	}
	free(ids.v);
	return st;
}

cp_status store_meeting_count(store_txn *t, size_t *n, cp_error *err)
{
	MDB_stat ms;
	int rc = mdb_stat(t->txn, t->s->dbi[DB_MEETINGS], &ms);
	*n = rc ? 0 : ms.ms_entries;
	return rc ? mdb_fail(t, rc, err, "count") : CP_OK;
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
		return mdb_fail(t, rc, err, "scan");
	rc = mdb_cursor_get(c, &key, &v, MDB_SET_RANGE);
	cp_status st = CP_OK;
	while (rc == 0 && *n < max && st == CP_OK) {
		st = codec_decode_meeting(v.mv_data, v.mv_size, &out[*n], err);
		if (st == CP_OK)
			++*n;
		if (st == CP_OK && *n < max)
			rc = mdb_cursor_get(c, &key, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	if (st == CP_OK && rc && rc != MDB_NOTFOUND)
		st = mdb_fail(t, rc, err, "scan");
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
		return dangling(t, "task", id, err);
	if (rc)
		return mdb_fail(t, rc, err, "read");
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
		st = mdb_fail(t, rc, err, "scan");
	return st;
}

cp_status store_tasks_for_meetings(store_txn *t, uint64_t first,
                                   uint64_t last, store_task_cb cb,
                                   void *ctx, cp_error *err)
{
	MDB_cursor *ix, *tc;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[IX_TASK_MEETING], &ix);
	if (rc)
		return mdb_fail(t, rc, err, "scan");
	rc = mdb_cursor_open(t->txn, t->s->dbi[DB_TASKS], &tc);
	if (rc) {
		mdb_cursor_close(ix);
		return mdb_fail(t, rc, err, "scan");
	}
	cp_status st = tasks_between(t, ix, tc, first, last, cb, ctx, err);
	mdb_cursor_close(tc);
	mdb_cursor_close(ix);
	return st;
}

/* Write the edited record at the cursor, then its index entries. */
static cp_status task_rewrite(store_txn *t, MDB_cursor *c, MDB_val *key,
                              const ixent *old, size_t nold,
                              const unsigned char *old_qk, size_t old_qkl,
                              const cp_task *k, cp_error *err)
{
	ixent nw[IX_PER_REC];
	unsigned char *buf;
	size_t len;
	cp_status st = codec_encode_task(k, &buf, &len, err);
	if (st != CP_OK)
		return st;
	MDB_val v = mv(buf, len);
	int rc = mdb_cursor_put(c, key, &v, MDB_CURRENT);
	free(buf);
	if (rc)
		return mdb_fail(t, rc, err, "write");
	if (ix_update(t, old, nold, nw, ix_task(k, nw), err) != CP_OK)
		return CP_FAILED;
	return queue_sync(t, old_qk, old_qkl, k, err);
}

cp_status store_task_update(store_txn *t, uint64_t id,
                            store_task_edit_fn edit, void *ctx, bool *found,
                            cp_error *err)
{
	MDB_cursor *c;
	cp_task k;
	*found = false;
	if (need_write(t, err) != CP_OK)
		return CP_FAILED;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[DB_TASKS], &c);
	if (rc)
		return mdb_fail(t, rc, err, "read");
	unsigned char kb[8];
	codec_put_u64(kb, id);
	MDB_val key = mv(kb, 8), v;
	rc = mdb_cursor_get(c, &key, &v, MDB_SET_KEY);
	cp_status st = rc == 0 ? codec_decode_task(v.mv_data, v.mv_size, &k, err)
	             : rc == MDB_NOTFOUND ? CP_OK : mdb_fail(t, rc, err, "read");
	if (rc == 0 && st == CP_OK) {
		ixent old[IX_PER_REC];
		size_t nold = ix_task(&k, old);
		unsigned char qk[QK_MAX];
		size_t qkl = queue_key_of(qk, &k);
		*found = true;
		st = edit(ctx, &k, err);
		if (st == CP_OK && k.id != id)
			st = cp_fail(err, CP_FAILED, "store: an edit changed a task's id");
		if (st == CP_OK)
			st = task_ok(&k, err);
		/* our copy of the key: the one the cursor lent points into
		 * the page, which the put may rearrange before it reads it */
		key = mv(kb, 8);
		if (st == CP_OK)
			st = task_rewrite(t, c, &key, old, nold, qk, qkl, &k,
			                  err);
		cp_task_free(&k);
	}
	mdb_cursor_close(c);
	return st;
}

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
	union { cp_worker w; cp_child c; cp_task k; cp_report r; } u;
	switch (w->kind) {
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

static cp_status cin_child(store_txn *t, const MDB_val *k, const MDB_val *v,
                           void *ctx, bool *more, cp_error *err)
{
	visit *vi = ctx;
	if (k->mv_size != 4)
		return cp_fail(err, CP_FAILED, "store: damaged children index");
	if (codec_get_date(k->mv_data) > vi->to) {
		*more = false;
		return CP_OK;
	}
	return child_by_val(t, v, ctx, more, err);
}

cp_status store_children_cin_between(store_txn *t, cp_date from, cp_date to,
                                     store_child_cb cb, void *ctx,
                                     cp_error *err)
{
	visit vi = { .cb.child = cb, .ctx = ctx, .to = to };
	unsigned char k[4];
	codec_put_date(k, from);
	return db_walk(t, IX_CHILD_CIN, k, 4, false, cin_child, &vi, err);
}

cp_status store_children_for_worker(store_txn *t, const char *login,
                                    store_child_cb cb, void *ctx,
                                    cp_error *err)
{
	visit vi = { .cb.child = cb, .ctx = ctx };
	if (!key_ok(login))
		return CP_OK;
	return dup_range(t, IX_CHILD_WORKER, login, strlen(login), NULL, 0,
	                 child_by_val, &vi, err);
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
	if (k->mv_size < 8 || codec_get_u64(k->mv_data) != rw->mid) {
		*more = false;
		return CP_OK;
	}
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
	visit vi = { .cb.consult = cb, .ctx = ctx, .to = to, .limit = limit };
	unsigned char start[12];
	if (!key_ok(chair))
		return CP_OK;
	codec_put_date(start, from);
	codec_put_u64(start + 4, 0);
	return dup_range(t, IX_CONSULT_CHAIR, chair, strlen(chair), start, 12,
	                 dated_consult, &vi, err);
}

cp_status store_consults_for_child(store_txn *t, const char *child_id,
                                   store_consult_cb cb, void *ctx,
                                   cp_error *err)
{
	visit vi = { .cb.consult = cb, .ctx = ctx, .to = STORE_DATE_MAX };
	if (!key_ok(child_id))
		return CP_OK;
	return dup_range(t, IX_CONSULT_CHILD, child_id, strlen(child_id), NULL,
	                 0, dated_consult, &vi, err);
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
		return dangling(t, "audit entry", seq, err);
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
		return mdb_fail(t, rc, err, "scan");
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
	mdb_cursor_close(c);
	if (st == CP_OK && rc && rc != MDB_NOTFOUND)
		st = mdb_fail(t, rc, err, "scan");
	return st;
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

/* ---- policy ------------------------------------------------------------ */
void store_policy_info_free(store_policy_info *pi)
{
	if (!pi)
		return;
	for (size_t i = 0; i < pi->nfiles; i++)
		cp_policy_file_free(&pi->files[i]);
	free(pi->files);
	free(pi->set_by);
	free(pi->reason);
	memset(pi, 0, sizeof *pi);
}

/* The policy compiled for quick loading (store_policy_load). */
#define META_POLICY_COMPILED "policy.compiled"

cp_status store_policy_put(store_txn *t, const cp_policy_file *files,
                           size_t nfiles, const char *set_by, int64_t set_at,
                           const char *reason, cp_error *err)
{
	if (need_write(t, err) != CP_OK)
		return CP_FAILED;
	if (nfiles == 0)
		return cp_fail(err, CP_BADINPUT, "no policy file to store");
	int rc = mdb_drop(t->txn, t->s->dbi[DB_POLICY], 0);
	if (rc)
		return mdb_fail(t, rc, err, "policy");
	/* Compiled afresh at the next load, even for the same files: putting
	 * a policy again is how a bad compiled copy is mended. */
	if (db_del(t, DB_META, META_POLICY_COMPILED,
	           strlen(META_POLICY_COMPILED), NULL, 0, err) != CP_OK)
		return CP_FAILED;
	for (size_t i = 0; i < nfiles; i++) {
		unsigned char k[4], *buf;
		size_t len;
		codec_put_u32(k, (uint32_t)i);
		cp_status st = codec_encode_policy_file(&files[i], &buf, &len, err);
		if (put_encoded(t, DB_POLICY, k, 4, st, buf, len, err) != CP_OK)
			return CP_FAILED;
	}
	if (meta_put_str(t, "policy.set-by", set_by, err) != CP_OK ||
	    meta_put_u64(t, "policy.set-at", (uint64_t)set_at, err) != CP_OK ||
	    meta_put_str(t, "policy.reason", reason, err) != CP_OK)
		return CP_FAILED;
	return CP_OK;
}

static cp_status policy_rec(store_txn *t, const MDB_val *k, const MDB_val *v,
                            void *ctx, bool *more, cp_error *err)
{
	(void)t; (void)k; (void)more;
	store_policy_info *pi = ctx;
	cp_policy_file *nf = realloc(pi->files, (pi->nfiles + 1) * sizeof *nf);
	if (!nf)
		return cp_oom(err);
	pi->files = nf;
	if (codec_decode_policy_file(v->mv_data, v->mv_size,
	                             &pi->files[pi->nfiles], err) != CP_OK)
		return CP_FAILED;
	pi->nfiles++;
	return CP_OK;
}

cp_status store_policy_get(store_txn *t, store_policy_info *out,
                           cp_error *err)
{
	memset(out, 0, sizeof *out);
	uint64_t at = 0;
	bool found;
	size_t len;
	cp_status st = db_walk(t, DB_POLICY, NULL, 0, false, policy_rec, out,
	                       err);
	if (st == CP_OK)
		st = store_meta_get(t, "policy.set-by", &out->set_by, &len,
		                    &found, err);
	if (st == CP_OK)
		st = store_meta_get(t, "policy.reason", &out->reason, &len,
		                    &found, err);
	if (st == CP_OK)
		st = meta_get_u64(t, "policy.set-at", &at, &found, err);
	out->set_at = (int64_t)at;
	if (st == CP_OK && out->nfiles == 0)
		st = cp_fail(err, CP_BADINPUT,
		    "store %s holds no policy: run 'cpdesk init --policy FILE'",
		    t->s->path);
	if (st != CP_OK)
		store_policy_info_free(out);
	return st;
}

/* extends: names resolve to the stored texts, never to the disk. */
static cp_status stored_reader(void *ctx, const char *name, char **text,
                               size_t *len, cp_error *err)
{
	const store_policy_info *pi = ctx;
	for (size_t i = 0; i < pi->nfiles; i++) {
		if (strcmp(pi->files[i].name, name))
			continue;
		if (!(*text = malloc(pi->files[i].len + 1)))
			return cp_oom(err);
		memcpy(*text, pi->files[i].text, pi->files[i].len + 1);
		*len = pi->files[i].len;
		return CP_OK;
	}
	return cp_fail(err, CP_FAILED, "the store does not hold '%s'", name);
}

static void policy_hashes(const store_policy_info *pi, uint64_t *h)
{
	for (size_t i = 0; i < pi->nfiles; i++)
		h[i] = pi->files[i].hash;
}

typedef struct compile_ctx {
	const policy *p;
	const uint64_t *hashes;   /* of the files it was parsed from */
	size_t nhashes;
} compile_ctx;

/* Keep the compiled copy, unless the stored policy changed meanwhile. */
static cp_status compile_write(store_txn *t, void *ctx, cp_error *err)
{
	compile_ctx *c = ctx;
	store_policy_info pi;
	if (store_policy_get(t, &pi, err) != CP_OK)
		return CP_FAILED;
	bool same = pi.nfiles == c->nhashes;
	for (size_t i = 0; same && i < pi.nfiles; i++)
		same = pi.files[i].hash == c->hashes[i];
	store_policy_info_free(&pi);
	if (!same)
		return CP_OK;
	unsigned char *buf;
	size_t len;
	if (codec_encode_policy(c->p, c->hashes, c->nhashes, &buf, &len,
	                        err) != CP_OK)
		return CP_FAILED;
	cp_status st = store_meta_put(t, META_POLICY_COMPILED, buf, len, err);
	free(buf);
	return st;
}

typedef struct hash_list {
	uint64_t *v;
	size_t n;
} hash_list;

static cp_status hash_rec(store_txn *t, const MDB_val *k, const MDB_val *v,
                          void *ctx, bool *more, cp_error *err)
{
	(void)t; (void)k; (void)more;
	hash_list *hl = ctx;
	uint64_t *nv = realloc(hl->v, (hl->n + 1) * sizeof *nv);
	if (!nv)
		return cp_oom(err);
	hl->v = nv;
	return codec_policy_file_hash(v->mv_data, v->mv_size, &hl->v[hl->n++],
	                              err);
}

/* The compiled copy, when there is one for the stored files (their
 * hashes read without copying their text). */
static cp_status policy_quick(store *s, policy **out, cp_error *err)
{
	store_txn *t;
	hash_list hl = { 0 };
	*out = NULL;
	if (store_read_begin(s, &t, err) != CP_OK)
		return CP_FAILED;
	cp_status st = db_walk(t, DB_POLICY, NULL, 0, false, hash_rec, &hl, err);
	MDB_val v;
	bool found = false;
	if (st == CP_OK && hl.n)
		st = db_get(t, DB_META, META_POLICY_COMPILED,
		            strlen(META_POLICY_COMPILED), &v, &found, err);
	if (st == CP_OK && found)
		st = codec_decode_policy(v.mv_data, v.mv_size, hl.v, hl.n, out, err);
	store_read_end(t);
	free(hl.v);
	return st;
}

/* The YAML is the truth; the compiled copy saves parsing it (~6 M
 * instructions, most of a command's start-up) and is used only while it
 * names the stored files.  When it does not (a new policy, an older
 * cpdesk wrote it) the files are parsed and a fresh copy kept, in a
 * quiet write that other consoles do not redraw for. */
cp_status store_policy_load(store *s, policy **out, cp_error *err)
{
	cp_error ignored;
	/* A damaged copy is parsed around, and replaced below. */
	if (policy_quick(s, out, &ignored) == CP_OK && *out)
		return CP_OK;
	store_txn *t;
	store_policy_info pi;
	*out = NULL;
	if (store_read_begin(s, &t, err) != CP_OK)
		return CP_FAILED;
	cp_status st = store_policy_get(t, &pi, err);
	store_read_end(t);
	uint64_t *hashes = st == CP_OK ? calloc(pi.nfiles, sizeof *hashes) : NULL;
	if (st == CP_OK && !hashes)
		st = cp_oom(err);
	if (st == CP_OK) {
		policy_hashes(&pi, hashes);
		st = policy_load_mem(pi.files[0].name, pi.files[0].text,
		                     pi.files[0].len, stored_reader, &pi, out, err);
		if (st != CP_OK)
			cp_error_prefix(err, "the store's policy: ");
	}
	compile_ctx c = { *out, hashes, st == CP_OK ? pi.nfiles : 0 };
	/* Only a saving: when it cannot be kept (a full disk, a read still
	 * open in this process) the next command parses again. */
	if (st == CP_OK)
		(void)store_write_quiet(s, compile_write, &c, &ignored);
	store_policy_info_free(&pi);
	free(hashes);
	return st;
}

/* ---- consistency and rebuilding --------------------------------------- */
/* Index entries of the record in v of main database db.  For a task,
 * *task_out (when not NULL) is given the decoded task, to free; it is
 * zeroed otherwise. */
static cp_status rec_entries(int db, const MDB_val *v, ixent *e, size_t *n,
                             cp_task *task_out, cp_error *err)
{
	if (task_out)
		memset(task_out, 0, sizeof *task_out);
	union { cp_child c; cp_meeting m; cp_task k; cp_consult o; cp_audit a; } u;
	*n = 0;
	switch (db) {
	case DB_CHILDREN:
		if (codec_decode_child(v->mv_data, v->mv_size, &u.c, err))
			return CP_FAILED;
		*n = ix_child(&u.c, e);
		cp_child_free(&u.c);
		break;
	case DB_MEETINGS:
		if (codec_decode_meeting(v->mv_data, v->mv_size, &u.m, err))
			return CP_FAILED;
		*n = ix_meeting(&u.m, e);
		cp_meeting_free(&u.m);
		break;
	case DB_TASKS:
		if (codec_decode_task(v->mv_data, v->mv_size, &u.k, err))
			return CP_FAILED;
		*n = ix_task(&u.k, e);
		if (task_out)
			*task_out = u.k;
		else
			cp_task_free(&u.k);
		break;
	case DB_CONSULTS:
		if (codec_decode_consult(v->mv_data, v->mv_size, &u.o, err))
			return CP_FAILED;
		*n = ix_consult(&u.o, e);
		cp_consult_free(&u.o);
		break;
	case DB_AUDIT:
		if (codec_decode_audit(v->mv_data, v->mv_size, &u.a, err))
			return CP_FAILED;
		*n = ix_audit(&u.a, e);
		cp_audit_free(&u.a);
		break;
	default:
		break;
	}
	return CP_OK;
}

static const int indexed_dbs[] = { DB_CHILDREN, DB_MEETINGS, DB_TASKS,
                                   DB_CONSULTS, DB_AUDIT };

typedef struct check_ctx {
	int db;
	size_t entries;      /* index entries the records imply */
	size_t problems;
	char first[512];
} check_ctx;

static void problem(check_ctx *cc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(check_ctx *cc, const char *fmt, ...)
{
	if (cc->problems++ == 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(cc->first, sizeof cc->first, fmt, ap);
		va_end(ap);
	}
}

typedef struct rebuild_ctx {
	int db;              /* the records walked */
	int first, end;      /* the indexes rebuilt: first..end-1 */
} rebuild_ctx;

static cp_status rebuild_rec(store_txn *t, const MDB_val *k, const MDB_val *v,
                             void *ctx, bool *more, cp_error *err)
{
	(void)k; (void)more;
	const rebuild_ctx *rc = ctx;
	ixent e[IX_PER_REC];
	size_t n, keep = 0;
	cp_task task;
	if (rec_entries(rc->db, v, e, &n, &task, err) != CP_OK)
		return CP_FAILED;
	for (size_t i = 0; i < n; i++)
		if (e[i].db >= rc->first && e[i].db < rc->end)
			e[keep++] = e[i];
	cp_status st = ix_update(t, NULL, 0, e, keep, err);
	if (st == CP_OK && rc->db == DB_TASKS && IX_TASK_QUEUE >= rc->first &&
	    IX_TASK_QUEUE < rc->end)
		st = queue_sync(t, NULL, 0, &task, err);
	cp_task_free(&task);
	return st;
}

/* The records each index is made from. */
static const int ix_source[DB_COUNT] = {
	[IX_TASK_ASSIGNEE] = DB_TASKS, [IX_TASK_MEETING] = DB_TASKS,
	[IX_MEETING_DATE] = DB_MEETINGS, [IX_MEETING_CHAIR] = DB_MEETINGS,
	[IX_MEETING_CHILD] = DB_MEETINGS, [IX_CHILD_WORKER] = DB_CHILDREN,
	[IX_CONSULT_CHAIR] = DB_CONSULTS, [IX_CONSULT_CHILD] = DB_CONSULTS,
	[IX_AUDIT_LOGIN] = DB_AUDIT, [IX_AUDIT_CHILD] = DB_AUDIT,
	[IX_TASK_OPEN_DUE] = DB_TASKS, [IX_TASK_DONE_DAY] = DB_TASKS,
	[IX_MEETING_MARKED] = DB_MEETINGS, [IX_CHILD_CIN] = DB_CHILDREN,
	[IX_TASK_QUEUE] = DB_TASKS,
};

/* Empty the indexes first..end-1 and fill them from the records, walking
 * only the records they are made from (not the audit trail for a task
 * index). */
static cp_status rebuild_indexes(store_txn *t, int first, int end,
                                 cp_error *err)
{
	bool from_db[DB_COUNT] = { false };
	for (int ix = first; ix < end; ix++) {
		int rc = mdb_drop(t->txn, t->s->dbi[ix], 0);
		if (rc)
			return mdb_fail(t, rc, err, "rebuild index");
		from_db[ix_source[ix]] = true;
	}
	rebuild_ctx rc = { .first = first, .end = end };
	for (size_t i = 0; i < sizeof indexed_dbs / sizeof *indexed_dbs; i++) {
		rc.db = indexed_dbs[i];
		if (from_db[rc.db] &&
		    db_walk(t, rc.db, NULL, 0, false, rebuild_rec, &rc, err))
			return CP_FAILED;
	}
	return CP_OK;
}

/* An open task's queue entry is there and says what the task and its
 * meeting say now. */
static cp_status check_queue(store_txn *t, const cp_task *task,
                             check_ctx *cc, cp_error *err)
{
	cp_error e2;
	unsigned char k[QK_MAX], *want = NULL;
	size_t kl, wl = 0;
	MDB_val have;
	bool found;
	kl = queue_key_of(k, task);
	cp_status st = CP_OK;
	if (kl && queue_value(t, task, &want, &wl, &e2) != CP_OK)
		problem(cc, "%s: task %llu: %s", dbdefs[IX_TASK_QUEUE].name,
		        (unsigned long long)task->id, e2.msg);
	else if (kl && (st = db_get(t, IX_TASK_QUEUE, k, kl, &have, &found,
	                            err)) == CP_OK) {
		if (!found)
			problem(cc, "%s: open task %llu has no entry",
			        dbdefs[IX_TASK_QUEUE].name,
			        (unsigned long long)task->id);
		else if (have.mv_size != wl || memcmp(have.mv_data, want, wl))
			problem(cc, "%s: the entry of task %llu differs from the "
			        "task or its meeting", dbdefs[IX_TASK_QUEUE].name,
			        (unsigned long long)task->id);
	}
	if (kl)
		cc->entries++;
	free(want);
	return st;
}

/* Records -> indexes: every entry a record implies is there. */
static cp_status check_rec(store_txn *t, const MDB_val *k, const MDB_val *v,
                           void *ctx, bool *more, cp_error *err)
{
	(void)k; (void)more;
	check_ctx *cc = ctx;
	ixent e[IX_PER_REC];
	size_t n;
	cp_error e2;
	cp_task task;
	if (rec_entries(cc->db, v, e, &n, &task, &e2) != CP_OK) {
		problem(cc, "%s: %s", dbdefs[cc->db].name, e2.msg);
		return CP_OK;
	}
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < n; i++) {
		MDB_cursor *c;
		MDB_val key = mv(e[i].k, e[i].kl), val = mv(e[i].v, e[i].vl);
		int rc = mdb_cursor_open(t->txn, t->s->dbi[e[i].db], &c);
		if (rc == 0) {
			rc = mdb_cursor_get(c, &key, &val, MDB_GET_BOTH);
			mdb_cursor_close(c);
		}
		if (rc == MDB_NOTFOUND)
			problem(cc, "%s: a record's entry is missing",
			        dbdefs[e[i].db].name);
		else if (rc)
			st = mdb_fail(t, rc, err, "check");
		cc->entries++;
	}
	if (st == CP_OK && cc->db == DB_TASKS)
		st = check_queue(t, &task, cc, err);
	cp_task_free(&task);
	return st;
}

/* Tasks -> meeting and child; meetings -> child. */
static cp_status check_refs(store_txn *t, const MDB_val *k, const MDB_val *v,
                            void *ctx, bool *more, cp_error *err)
{
	(void)k; (void)more;
	check_ctx *cc = ctx;
	MDB_val rv;
	bool found;
	unsigned char mk[8];
	cp_error e2;
	if (cc->db == DB_TASKS) {
		cp_task tk;
		if (codec_decode_task(v->mv_data, v->mv_size, &tk, &e2))
			return CP_OK;   /* reported by check_rec */
		codec_put_u64(mk, tk.meeting_id);
		if (db_get(t, DB_MEETINGS, mk, 8, &rv, &found, err) != CP_OK) {
			cp_task_free(&tk);
			return CP_FAILED;
		}
		if (!found)
			problem(cc, "task %llu names meeting %llu, which is missing",
			        (unsigned long long)tk.id,
			        (unsigned long long)tk.meeting_id);
		cp_task_free(&tk);
	} else {
		cp_meeting m;
		if (codec_decode_meeting(v->mv_data, v->mv_size, &m, &e2))
			return CP_OK;
		if (db_get(t, DB_CHILDREN, m.child_id, strlen(m.child_id), &rv,
		           &found, err) != CP_OK) {
			cp_meeting_free(&m);
			return CP_FAILED;
		}
		if (!found)
			problem(cc, "meeting %llu names child %s, which is missing",
			        (unsigned long long)m.id, m.child_id);
		cp_meeting_free(&m);
	}
	return CP_OK;
}

/* Indexes -> records: counts must match what the records imply. */
static cp_status count_entries(store_txn *t, size_t *out, cp_error *err)
{
	*out = 0;
	for (int ix = IX_FIRST; ix < DB_COUNT; ix++) {
		MDB_stat ms;
		int rc = mdb_stat(t->txn, t->s->dbi[ix], &ms);
		if (rc)
			return mdb_fail(t, rc, err, "check");
		*out += ms.ms_entries;
	}
	return CP_OK;
}

/* The compiled policy, when there is one for the stored files, must be
 * what parsing them gives now, byte for byte. */
static cp_status check_compiled_policy(store_txn *t, check_ctx *cc,
                                       cp_error *err)
{
	MDB_val v;
	bool found;
	if (db_get(t, DB_META, META_POLICY_COMPILED,
	           strlen(META_POLICY_COMPILED), &v, &found, err) != CP_OK)
		return CP_FAILED;
	store_policy_info pi;
	if (!found || store_policy_get(t, &pi, err) != CP_OK)
		return found ? CP_FAILED : CP_OK;
	uint64_t *h = calloc(pi.nfiles, sizeof *h);
	policy *fresh = NULL, *kept = NULL;
	unsigned char *buf = NULL;
	size_t len = 0;
	cp_error e2;
	cp_status st = h ? CP_OK : cp_oom(err);
	if (st == CP_OK) {
		policy_hashes(&pi, h);
		if (codec_decode_policy(v.mv_data, v.mv_size, h, pi.nfiles, &kept,
		                        &e2) != CP_OK)
			problem(cc, "the compiled policy: %s (put the policy again: "
			        "cpdesk policy use FILE)", e2.msg);
	}
	if (kept && policy_load_mem(pi.files[0].name, pi.files[0].text,
	                            pi.files[0].len, stored_reader, &pi, &fresh,
	                            &e2) == CP_OK &&
	    codec_encode_policy(fresh, h, pi.nfiles, &buf, &len, &e2) == CP_OK &&
	    (len != v.mv_size || memcmp(buf, v.mv_data, len)))
		problem(cc, "the compiled policy differs from its YAML (put the "
		        "policy again: cpdesk policy use FILE)");
	free(buf);
	policy_free(fresh);
	policy_free(kept);
	free(h);
	store_policy_info_free(&pi);
	return st;
}

cp_status store_check_consistency(store *s, cp_error *err)
{
	store_txn *t;
	check_ctx cc = {0};
	size_t have = 0;
	if (store_read_begin(s, &t, err) != CP_OK)
		return CP_FAILED;
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK &&
	     i < sizeof indexed_dbs / sizeof *indexed_dbs; i++) {
		cc.db = indexed_dbs[i];
		st = db_walk(t, cc.db, NULL, 0, false, check_rec, &cc, err);
	}
	cc.db = DB_TASKS;
	if (st == CP_OK)
		st = db_walk(t, DB_TASKS, NULL, 0, false, check_refs, &cc, err);
	cc.db = DB_MEETINGS;
	if (st == CP_OK)
		st = db_walk(t, DB_MEETINGS, NULL, 0, false, check_refs, &cc, err);
	if (st == CP_OK)
		st = count_entries(t, &have, err);
	if (st == CP_OK)
		st = check_compiled_policy(t, &cc, err);
	store_read_end(t);
	if (st != CP_OK)
		return st;
	/* Every implied entry was found; equal counts mean no extra ones
	 * (entries are unique: MDB_NODUPDATA). */
	if (have != cc.entries)
		problem(&cc, "indexes hold %zu entries but the records imply %zu",
		        have, cc.entries);
	if (cc.problems)
		return cp_fail(err, CP_FAILED,
		               "store %s is inconsistent (%zu problems): %s",
		               s->path, cc.problems, cc.first);
	return CP_OK;
}

/* ---- backup ------------------------------------------------------------ */
cp_status store_backup(store *s, const char *dir, cp_error *err)
{
	if (!dir || !*dir)
		return cp_fail(err, CP_BADINPUT, "backup: no directory given");
	mode_t old = umask(007);
	int rc = mkdir(dir, 0770);
	umask(old);
	if (rc != 0 && errno != EEXIST)
		return cp_fail(err, CP_FAILED, "backup %s: cannot create it: %s",
		               dir, strerror(errno));
	DIR *d = opendir(dir);
	if (!d && errno == ENOTDIR)
		return cp_fail(err, CP_BADINPUT,
		    "backup %s exists and is not a directory: give a new or empty "
		    "directory", dir);
	if (!d)
		return cp_fail(err, CP_FAILED, "backup %s: %s", dir, strerror(errno));
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	if (!empty)
		return cp_fail(err, CP_REFUSED,
		    "backup %s is not empty: give a new or empty directory "
		    "(nothing was written)", dir);
	struct stat sb;
	if (stat(dir, &sb) != 0)
		return cp_fail(err, CP_FAILED, "backup %s: %s", dir, strerror(errno));
	if (sb.st_mode & 0007)
		return cp_fail(err, CP_REFUSED,
		    "backup %s is open to others: chmod o-rwx %s first (nothing was "
		    "written)", dir, dir);
	old = umask(007);
	rc = mdb_env_copy2(s->env, dir, MDB_CP_COMPACT);
	umask(old);
	if (rc)
		return cp_fail(err, CP_FAILED,
		    "backup of %s into %s failed: %s (remove %s and try again)",
		    s->path, dir, mdb_strerror(rc), dir);
	char f[4096];
	snprintf(f, sizeof f, "%s/data.mdb", dir);
	if (chmod(f, 0660) != 0)
		return cp_fail(err, CP_FAILED, "backup %s: chmod: %s", f,
		               strerror(errno));
	return CP_OK;
}

/* store_records.c - the records: get, put, insert and update of workers,
 * children, meetings, tasks, consultations, reports and audit entries,
 * each put keeping the record's index entries (store_index.c) and the
 * open-task queue's entries in step. */
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "text.h"
#include "vec.h"
#include "store_priv.h"

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

cp_status store_family_get(store_txn *t, const char *id, cp_family *out,
                           bool *found, cp_error *err)
{
	*found = false;
	if (!id || !*id || strlen(id) > MODEL_ID_MAX)
		return CP_OK;
	GET_BY(DB_FAMILIES, id, strlen(id), codec_decode_family, out, found);
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
	if (db_need_write(t, err) != CP_OK ||
	    key_str(w->login, false, "login", err) != CP_OK)
		return CP_FAILED;
	if (text_nonempty(w->manager) &&
	    key_str(w->manager, false, "manager login", err) != CP_OK)
		return CP_BADINPUT;
	cp_status st = codec_encode_worker(w, &buf, &len, err);
	return db_put_encoded(t, DB_WORKERS, w->login, strlen(w->login), st,
	                      buf, len, err);
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
			return db_fail(t, rc, err, "write");
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

cp_status store_family_put(store_txn *t, const cp_family *f, cp_error *err)
{
	unsigned char *buf;
	size_t len;
	if (db_need_write(t, err) != CP_OK)
		return CP_FAILED;
	if (key_str(f->id, false, "family id", err) != CP_OK)
		return CP_BADINPUT;
	cp_status st = codec_encode_family(f, &buf, &len, err);
	return db_put_encoded(t, DB_FAMILIES, f->id, strlen(f->id), st, buf,
	                      len, err);
}

cp_status store_child_put(store_txn *t, const cp_child *c, cp_error *err)
{
	if (db_need_write(t, err) != CP_OK)
		return CP_FAILED;
	if (key_str(c->id, false, "child id", err) != CP_OK ||
	    (text_nonempty(c->social_worker) &&
	     key_str(c->social_worker, false, "social worker login", err)) ||
	    (text_nonempty(c->family_id) &&
	     key_str(c->family_id, false, "family id", err)))
		return CP_BADINPUT;
	INDEXED_PUT(DB_CHILDREN, c->id, strlen(c->id), cp_child,
	            codec_decode_child, cp_child_free, ix_child,
	            codec_encode_child, c, child_sync);
}

/* What a meeting or consultation (what) must have before it is written:
 * an id, a valid child id, a valid chair login if it has a chair. */
static cp_status dated_ok(store_txn *t, uint64_t id, const char *what,
                          const char *child_id, const char *chair,
                          cp_error *err)
{
	if (db_need_write(t, err) != CP_OK)
		return CP_FAILED;
	if (id == 0)
		return cp_fail(err, CP_FAILED, "store: a %s needs an id", what);
	if (key_str(child_id, false, "child id", err) != CP_OK ||
	    (text_nonempty(chair) && key_str(chair, false, "chair login", err)))
		return CP_BADINPUT;
	return CP_OK;
}

cp_status store_meeting_put(store_txn *t, const cp_meeting *m, cp_error *err)
{
	unsigned char k[8];
	cp_status ok = dated_ok(t, m->id, "meeting", m->child_id, m->chair, err);
	if (ok != CP_OK)
		return ok;
	codec_put_u64(k, m->id);
	INDEXED_PUT(DB_MEETINGS, k, 8, cp_meeting, codec_decode_meeting,
	            cp_meeting_free, ix_meeting, codec_encode_meeting, m,
	            meeting_sync);
}

/* What a task record must have before it is written. */
static cp_status task_ok(const cp_task *task, cp_error *err)
{
	/* meeting 0: a step of the child's own (TASK_NO_MEETING) */
	if (task->id == 0)
		return cp_fail(err, CP_FAILED, "store: a task needs an id");
	if (key_str(task->assignee, true, "assignee", err) != CP_OK ||
	    key_str(task->child_id, false, "child id", err) != CP_OK)
		return CP_BADINPUT;
	return CP_OK;
}

cp_status store_task_put(store_txn *t, const cp_task *task, cp_error *err)
{
	unsigned char k[8];
	if (db_need_write(t, err) != CP_OK)
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
	if (db_need_write(t, err) != CP_OK)
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
		return db_fail(t, rc, err, "write");
	if (ix_update(t, NULL, 0, e, ix_task(task, e), err) != CP_OK)
		return CP_FAILED;
	return queue_sync(t, NULL, 0, task, err);
}

cp_status store_consult_put(store_txn *t, const cp_consult *c, cp_error *err)
{
	unsigned char k[8];
	cp_status ok = dated_ok(t, c->id, "consultation", c->child_id, c->chair,
	                        err);
	if (ok != CP_OK)
		return ok;
	codec_put_u64(k, c->id);
	INDEXED_PUT(DB_CONSULTS, k, 8, cp_consult, codec_decode_consult,
	            cp_consult_free, ix_consult, codec_encode_consult, c,
	            consult_sync);
}

cp_status store_report_put(store_txn *t, const cp_report *r, cp_error *err)
{
	unsigned char k[8 + AGENCY_MAX], *buf;
	size_t len;
	if (db_need_write(t, err) != CP_OK)
		return CP_FAILED;
	if (!text_nonempty(r->agency) || strlen(r->agency) > AGENCY_MAX)
		return cp_fail(err, CP_BADINPUT,
		               "an agency name is 1 to %d bytes", AGENCY_MAX);
	size_t kl = report_key(k, r->meeting_id, r->agency);
	cp_status st = codec_encode_report(r, &buf, &len, err);
	return db_put_encoded(t, DB_REPORTS, k, kl, st, buf, len, err);
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

/* ---- update in place --------------------------------------------------- */
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
		return db_fail(t, rc, err, "write");
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
	if (db_need_write(t, err) != CP_OK)
		return CP_FAILED;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[DB_TASKS], &c);
	if (rc)
		return db_fail(t, rc, err, "read");
	unsigned char kb[8];
	codec_put_u64(kb, id);
	MDB_val key = mv(kb, 8), v;
	rc = mdb_cursor_get(c, &key, &v, MDB_SET_KEY);
	cp_status st = rc == 0 ? codec_decode_task(v.mv_data, v.mv_size, &k, err)
	             : rc == MDB_NOTFOUND ? CP_OK : db_fail(t, rc, err, "read");
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

/* ---- the queue's entries, kept with each write (store_index.c) --------- */
/* The type and date of meeting mid, in t->qf_* (one lookup for a run of
 * tasks of one meeting). */
static cp_status queue_facts(store_txn *t, uint64_t mid, cp_error *err)
{
	cp_meeting m;
	bool found;
	if (t->qf_valid && t->qf_id == mid)
		return CP_OK;
	t->qf_valid = false;
	if (mid == TASK_NO_MEETING) {   /* a step of the child's own */
		t->qf_type[0] = '\0';
		t->qf_date = CP_DATE_NONE;
		t->qf_id = mid;
		t->qf_valid = true;
		return CP_OK;
	}
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
cp_status queue_value(store_txn *t, const cp_task *task,
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
cp_status queue_sync(store_txn *t, const unsigned char *old_k,
                     size_t old_kl, const cp_task *nw, cp_error *err)
{
	unsigned char k[QK_MAX];
	size_t kl = queue_key_of(k, nw);
	if (old_kl && !(kl == old_kl && !memcmp(k, old_k, kl)) &&
	    db_del(t, IX_TASK_QUEUE, old_k, old_kl, NULL, 0, err) != CP_OK)
		return CP_FAILED;
	return kl ? queue_put(t, nw, err) : CP_OK;
}

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
	cp_status st = db_dup_range(t, IX_TASK_MEETING, k, 8, NULL, 0,
	                            collect_id, &ids, err);
	for (size_t i = 0; st == CP_OK && i < ids.n; i++) {
		cp_task task;
		bool found;
		st = store_task_get(t, ids.v[i], &task, &found, err);
		if (st == CP_OK && !found)
			st = db_dangling("task", ids.v[i], err);
		if (st != CP_OK)
			break;
		if (task.status == TASK_OPEN)
			st = queue_put(t, &task, err);
		cp_task_free(&task);
	}
	free(ids.v);
	return st;
}

/* store_db.c - raw access to the store's LMDB databases: their table,
 * LMDB's errors as the store's, get/put/delete of one key, cursor walks
 * over a database or over one key's duplicates, the meta values and the
 * id counters.  The lowest of the store's files (store_priv.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "store_priv.h"

/* ---- databases --------------------------------------------------------- */
#define DUPF (MDB_DUPSORT | MDB_DUPFIXED)
const db_def db_defs[DB_COUNT] = {
	[DB_META] = { "meta", 0 },
	[DB_WORKERS] = { "workers", 0 },
	[DB_CHILDREN] = { "children", 0 },
	[DB_MEETINGS] = { "meetings", 0 },
	[DB_TASKS] = { "tasks", 0 },
	[DB_REPORTS] = { "reports", 0 },
	[DB_CONSULTS] = { "consultations", 0 },
	[DB_AUDIT] = { "audit", 0 },
	[DB_POLICY] = { "policy", 0 },
	[DB_FAMILIES] = { "families", 0 },
	/* key: switch id(8) record(4): 0 the head, then its tasks */
	[DB_SWITCHES] = { "switches", 0 },
	/* key: request id; value: the request (schema 7) */
	[DB_REQUESTS] = { "requests", 0 },
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
	/* key: the start of the open child-in-need episode of a child with
	 * no open plan and not looked after; value: child id (variable: no
	 * DUPFIXED) */
	[IX_CHILD_CIN] = { "ix.children.cin", MDB_DUPSORT },
	/* key: assignee NUL due id; value: what a queue line shows (the
	 * meeting's type and date with it).  Open tasks only (and those only
	 * here, not in ix.tasks.assignee): see "the open-task queue" in
	 * store_index.c. */
	[IX_TASK_QUEUE] = { "ix.tasks.queue", 0 },
	/* key: family id; value: child id (variable: no DUPFIXED) */
	[IX_CHILD_FAMILY] = { "ix.children.family", MDB_DUPSORT },
	/* key: minute taker; value: date(4) meeting id(8) */
	[IX_MEETING_MINUTE_TAKER] = { "ix.meetings.minute_taker", DUPF },
};

const char *const db_seq_keys[SEQ_COUNT] = {
	"seq.meeting", "seq.task", "seq.consult", "seq.audit",
	"seq.request" };

/* ---- errors ------------------------------------------------------------ */
cp_status db_fail(store_txn *t, int rc, cp_error *err, const char *what)
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


cp_status db_need_write(store_txn *t, cp_error *err)
{
	if (!t || !t->active || !t->write)
		return cp_fail(err, CP_FAILED,
		               "store: internal error: a write outside store_write");
	return CP_OK;
}

/* ---- raw access -------------------------------------------------------- */
cp_status db_get(store_txn *t, int db, const void *k, size_t kl,
                 MDB_val *out, bool *found, cp_error *err)
{
	MDB_val key = mv(k, kl);
	int rc = mdb_get(t->txn, t->s->dbi[db], &key, out);
	*found = rc == 0;
	if (rc == 0 || rc == MDB_NOTFOUND)
		return CP_OK;
	return db_fail(t, rc, err, "read");
}

cp_status db_put(store_txn *t, int db, const void *k, size_t kl,
                 const void *v, size_t vl, unsigned flags,
                 cp_error *err)
{
	MDB_val key = mv(k, kl), val = mv(v, vl);
	int rc = mdb_put(t->txn, t->s->dbi[db], &key, &val, flags);
	if (rc == 0 || rc == MDB_KEYEXIST)
		return CP_OK;
	return db_fail(t, rc, err, "write");
}

/* Delete a key (v NULL) or one duplicate; absent is not an error: the
 * aim is that it is not there. */
cp_status db_del(store_txn *t, int db, const void *k, size_t kl,
                 const void *v, size_t vl, cp_error *err)
{
	MDB_val key = mv(k, kl), val = mv(v, vl);
	int rc = mdb_del(t->txn, t->s->dbi[db], &key, v ? &val : NULL);
	if (rc == 0 || rc == MDB_NOTFOUND)
		return CP_OK;
	return db_fail(t, rc, err, "delete");
}

cp_status db_put_encoded(store_txn *t, int db, const void *k, size_t kl,
                         cp_status est, unsigned char *buf, size_t len,
                         cp_error *err)
{
	if (est != CP_OK)
		return est;
	cp_status st = db_put(t, db, k, kl, buf, len, 0, err);
	free(buf);
	return st;
}

/* ---- cursor walks ------------------------------------------------------ */
/* The end of a walk with cursor c (closed here): st, or the cursor's
 * error when it stopped on one (rc) rather than at the end. */
cp_status db_cursor_end(store_txn *t, MDB_cursor *c, cp_status st, int rc,
                        cp_error *err)
{
	mdb_cursor_close(c);
	if (st == CP_OK && rc && rc != MDB_NOTFOUND)
		st = db_fail(t, rc, err, "scan");
	return st;
}

/* The duplicates of key in ix, from the first value >= start (all when
 * start is NULL), in order. */
cp_status db_dup_range(store_txn *t, int ix, const void *key, size_t kl,
                       const void *start, size_t sl, val_fn each,
                       void *ctx, cp_error *err)
{
	MDB_cursor *c;
	MDB_val k = mv(key, kl), v = mv(start, sl);
	int rc = mdb_cursor_open(t->txn, t->s->dbi[ix], &c);
	if (rc)
		return db_fail(t, rc, err, "scan");
	rc = start ? mdb_cursor_get(c, &k, &v, MDB_GET_BOTH_RANGE)
	           : mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
	cp_status st = CP_OK;
	bool more = true;
	while (rc == 0 && more && st == CP_OK) {
		st = each(t, &v, ctx, &more, err);
		if (st == CP_OK && more)
			rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP);
	}
	return db_cursor_end(t, c, st, rc, err);
}

/* Every record of a main database, forward or backward. */
cp_status db_walk(store_txn *t, int db, const void *from, size_t fl,
                  bool backward, kv_fn each, void *ctx, cp_error *err)
{
	MDB_cursor *c;
	MDB_val k = mv(from, fl), v;
	int rc = mdb_cursor_open(t->txn, t->s->dbi[db], &c);
	if (rc)
		return db_fail(t, rc, err, "scan");
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
	return db_cursor_end(t, c, st, rc, err);
}

cp_status db_dangling(const char *what, uint64_t id, cp_error *err)
{
	return cp_fail(err, CP_FAILED,
	    "store: an index names %s %llu, which is missing (the store is damaged)",
	    what, (unsigned long long)id);
}

/* ---- meta helpers ------------------------------------------------------ */
cp_status meta_get_u64(store_txn *t, const char *key, uint64_t *out,
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

cp_status meta_put_u64(store_txn *t, const char *key, uint64_t v,
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
	if (db_need_write(t, err) != CP_OK)
		return CP_FAILED;
	return db_put(t, DB_META, key, strlen(key), val, len, 0, err);
}

cp_status meta_put_str(store_txn *t, const char *key, const char *s,
                       cp_error *err)
{
	return db_put(t, DB_META, key, strlen(key), s ? s : "",
	              s ? strlen(s) : 0, 0, err);
}

cp_status store_last_id(store_txn *t, store_seq which, uint64_t *out,
                        cp_error *err)
{
	bool found;
	if ((unsigned)which >= SEQ_COUNT)
		return cp_fail(err, CP_FAILED, "internal error: no sequence %d",
		               (int)which);
	return meta_get_u64(t, db_seq_keys[which], out, &found, err);
}

cp_status store_next_id(store_txn *t, store_seq which, uint64_t *out,
                        cp_error *err)
{
	uint64_t n;
	bool found;
	if (db_need_write(t, err) != CP_OK || (unsigned)which >= SEQ_COUNT)
		return CP_FAILED;
	if (meta_get_u64(t, db_seq_keys[which], &n, &found, err) != CP_OK ||
	    meta_put_u64(t, db_seq_keys[which], n + 1, err) != CP_OK)
		return CP_FAILED;
	*out = n + 1;
	return CP_OK;
}

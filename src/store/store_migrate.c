/* store_migrate.c - setting a store up: reading its schema without
 * writing (a newer store is left as it is), creating an empty store,
 * migrating an older one schema by schema in one write transaction, and
 * rebuilding indexes from the records (migrations need it). */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "codec.h"
#include "store_priv.h"

/* The handles of every database (created when create). */
static cp_status open_dbis(store_txn *t, bool create, cp_error *err)
{
	for (int i = 0; i < DB_COUNT; i++) {
		int rc = mdb_dbi_open(t->txn, db_defs[i].name,
		                      db_defs[i].flags | (create ? MDB_CREATE : 0),
		                      &t->s->dbi[i]);
		if (rc == MDB_NOTFOUND)
			return cp_fail(err, CP_FAILED,
			    "store %s is damaged: database '%s' is missing",
			    t->s->path, db_defs[i].name);
		if (rc)
			return db_fail(t, rc, err, db_defs[i].name);
	}
	return CP_OK;
}

/* ---- rebuilding indexes ------------------------------------------------ */
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
	if (ix_rec_entries(rc->db, v, e, &n, &task, err) != CP_OK)
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
	[IX_TASK_QUEUE] = DB_TASKS, [IX_CHILD_FAMILY] = DB_CHILDREN,
	[IX_MEETING_MINUTE_TAKER] = DB_MEETINGS,
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
			return db_fail(t, rc, err, "rebuild index");
		from_db[ix_source[ix]] = true;
	}
	rebuild_ctx rc = { .first = first, .end = end };
	for (size_t i = 0; i < INDEXED_DB_COUNT; i++) {
		rc.db = ix_indexed_dbs[i];
		if (from_db[rc.db] &&
		    db_walk(t, rc.db, NULL, 0, false, rebuild_rec, &rc, err))
			return CP_FAILED;
	}
	return CP_OK;
}

/* ---- plans from decisions (v3 -> v4) ------------------------------------- */
/* The plan a child's held meetings decided: the earliest of the latest
 * run of cp-plan decisions, unless a later one decided no plan. */
typedef struct plan_seen {
	const char *child;
	cp_date start;
	uint64_t by;
	bool oom;
} plan_seen;

static bool see_decision(void *ctx, const cp_meeting *m)
{
	plan_seen *p = ctx;
	const cp_decision *d = meeting_decision(m, p->child);
	if (m->status != MEETING_HELD || !d)
		return true;
	if (d->plan == PLAN_NONE) {
		p->start = CP_DATE_NONE;
		p->by = 0;
	} else if (d->plan == PLAN_CP && p->start == CP_DATE_NONE) {
		p->start = m->date;
		p->by = m->id;
	}
	return true;
}

/* A child's care before schema 4: the earliest care-start anchor of its
 * meetings (its reviews then counted from it), else its first CLA review
 * (the built-in type: a child reviewed as looked after was), an episode
 * already running then whose earlier reviews the store never held. */
typedef struct care_seen {
	cp_date anchored, reviewed;
} care_seen;

static bool see_care(void *ctx, const cp_meeting *m)
{
	care_seen *c = ctx;
	if (m->status == MEETING_CANCELLED)
		return true;
	for (size_t i = 0; i < m->nanchors; i++)
		if (!strcmp(m->anchors[i].name, "care-start") &&
		    m->anchors[i].date < c->anchored)
			c->anchored = m->anchors[i].date;
	if (!strcmp(m->type, "cla-review") && m->date < c->reviewed)
		c->reviewed = m->date;
	return true;
}

static cp_status migrate_care(store_txn *t, cp_child *c, bool *changed,
                              cp_error *err)
{
	care_seen k = { STORE_DATE_MAX, STORE_DATE_MAX };
	if (child_last_episode(c, EPISODE_LAC))
		return CP_OK;   /* recorded by hand: it stands */
	CP_TRY(store_meetings_for_child(t, c->id, see_care, &k, err));
	cp_date start = k.anchored < k.reviewed ? k.anchored : k.reviewed;
	if (start == STORE_DATE_MAX)
		return CP_OK;
	CP_TRY(child_episode_start(c, EPISODE_LAC, start, CP_CATEGORY_UNKNOWN, 0,
	                           err));
	((cp_episode *)child_open_episode(c, EPISODE_LAC))->running =
	    start != k.anchored;
	*changed = true;
	return CP_OK;
}

typedef struct kept_children {
	cp_child_vec v;
	bool oom;
} kept_children;

static bool keep_child(void *ctx, const cp_child *c)
{
	kept_children *k = ctx;
	cp_error ignored;
	return !(k->oom = cp_child_vec_push(&k->v, c, &ignored) != CP_OK);
}

/* The children are read first, then written: LMDB's cursor is not kept
 * over writes to the database it walks. */
static cp_status migrate_plans(store_txn *t, cp_error *err)
{
	kept_children all = {0};
	cp_status st = store_children_all(t, keep_child, &all, err);
	if (st == CP_OK && all.oom)
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < all.v.n; i++) {
		cp_child *c = &all.v.v[i];
		plan_seen p = { .child = c->id, .start = CP_DATE_NONE };
		bool changed = false;
		/* a plan recorded by hand stands */
		if (!child_last_episode(c, EPISODE_CP))
			st = store_meetings_for_child(t, c->id, see_decision, &p, err);
		if (st == CP_OK && p.start != CP_DATE_NONE) {
			st = child_episode_start(c, EPISODE_CP, p.start,
			                         CP_CATEGORY_UNKNOWN, p.by, err);
			changed = true;
		}
		if (st == CP_OK)
			st = migrate_care(t, c, &changed, err);
		if (st == CP_OK && changed)
			st = store_child_put(t, c, err);
	}
	cp_child_vec_free(&all.v);
	return st;
}

/* ---- migrations -------------------------------------------------------- */
/* v0 (the pre-release layout): records and meta, but no index databases
 * and no id counters.  Migrating means building every index from the
 * records and starting the counters after the largest ids. */
static cp_status migrate_v0_v1(store_txn *t, cp_error *err)
{
	if (rebuild_indexes(t, IX_FIRST, DB_COUNT, err) != CP_OK)
		return CP_FAILED;
	static const int seq_db[SEQ_COUNT] = { DB_MEETINGS, DB_TASKS,
	                                       DB_CONSULTS, DB_AUDIT,
	                                       DB_REQUESTS };
	for (int i = 0; i < SEQ_COUNT; i++) {
		MDB_cursor *c;
		MDB_val k, v;
		uint64_t last = 0;
		int rc = mdb_cursor_open(t->txn, t->s->dbi[seq_db[i]], &c);
		if (rc)
			return db_fail(t, rc, err, "migrate");
		rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
		if (rc == 0 && k.mv_size == 8)
			last = codec_get_u64(k.mv_data);
		mdb_cursor_close(c);
		if (rc && rc != MDB_NOTFOUND)
			return db_fail(t, rc, err, "migrate");
		if (meta_put_u64(t, db_seq_keys[i], last, err) != CP_OK)
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

/* v3 -> v4: households, episodes and decisions per child.  Records
 * keep format 1 until they are next written (codec.h); a child whose
 * held conference decided a plan, with no later decision of none and
 * no plan recorded, gets the plan open from that conference, category
 * unknown (migrate_plans); a child with CLA reviews and no care
 * recorded is looked after from its first care-start anchor or review
 * (migrate_care).  Then the households' index, empty. */
static cp_status migrate_v3_v4(store_txn *t, cp_error *err)
{
	if (migrate_plans(t, err) != CP_OK)
		return CP_FAILED;
	return rebuild_indexes(t, IX_V4_FIRST, IX_V5_FIRST, err);
}

/* v4 -> v5: meetings by minute taker (meeting slots leaves out their
 * booked times without reading every meeting of the days), from the
 * meetings. */
static cp_status migrate_v4_v5(store_txn *t, cp_error *err)
{
	return rebuild_indexes(t, IX_V5_FIRST, DB_COUNT, err);
}

/* v5 -> v6: policy switches kept for undoing them (the "switches"
 * database, made empty by open_dbis).  Switches made before are not
 * kept, so they cannot be undone. */
static cp_status migrate_v5_v6(store_txn *t, cp_error *err)
{
	(void)t;
	(void)err;
	return CP_OK;
}

/* ---- schema 7: requests for approval ------------------------------------ */
/* v6 -> v7: the requests' database, empty (store_requests.c).  It only
 * creates it -- open_dbis has already, when the store was opened to
 * migrate -- and reads nothing of schema 6, so it follows 5 as well. */
static cp_status migrate_v6_v7(store_txn *t, cp_error *err)
{
	int rc = mdb_dbi_open(t->txn, db_defs[DB_REQUESTS].name,
	                      db_defs[DB_REQUESTS].flags | MDB_CREATE,
	                      &t->s->dbi[DB_REQUESTS]);
	return rc ? db_fail(t, rc, err, "create the requests' database")
	          : CP_OK;
}

/* ---- schema 8: a late move's request ----------------------------------- */
/* v7 -> v8: nothing to build.  Records are now written in format 4 (a
 * request holds the move it asks for), which a schema-7 cpdesk cannot
 * read: the new number makes it refuse the store whole, as it refuses
 * any newer one, rather than fail on the first new record it meets. */
static cp_status migrate_v7_v8(store_txn *t, cp_error *err)
{
	(void)t;
	(void)err;
	return CP_OK;
}

/* ---- schema 9: the LL Consultation form -------------------------------- */
/* v8 -> v9: nothing to build; consultations are written in format 5 (the
 * form's rest), which a schema-8 cpdesk cannot read (see v7 -> v8). */
static cp_status migrate_v8_v9(store_txn *t, cp_error *err)
{
	(void)t;
	(void)err;
	return CP_OK;
}

typedef cp_status (*migration_fn)(store_txn *t, cp_error *err);
static const migration_fn migrations[STORE_SCHEMA_VERSION] = {
	[0] = migrate_v0_v1,   /* index i migrates version i to i+1 */
	[1] = migrate_v1_v2,
	[2] = migrate_v2_v3,
	[3] = migrate_v3_v4,
	[4] = migrate_v4_v5,
	[5] = migrate_v5_v6,
	[6] = migrate_v6_v7,
	[7] = migrate_v7_v8,
	[8] = migrate_v8_v9,
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
		return db_fail(t, rc, err, "read schema");
	if (v.mv_size != 4 || codec_get_u32(v.mv_data) > 1000000)
		return cp_fail(err, CP_FAILED,
		               "store %s is damaged: bad schema version", t->s->path);
	*out = (int)codec_get_u32(v.mv_data);
	return CP_OK;
}

/* ---- setting up -------------------------------------------------------- */
/* One write transaction: create an empty store, or migrate an old one.
 * The schema is read again here: another process may have done it. */
cp_status migrate_write(store_txn *t, void *ctx, cp_error *err)
{
	migrate_ctx *sc = ctx;
	MDB_dbi meta;
	int rc = mdb_dbi_open(t->txn, "meta", MDB_CREATE, &meta);
	if (rc)
		return db_fail(t, rc, err, "meta");
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
			if (meta_put_u64(t, db_seq_keys[i], 0, err) != CP_OK)
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

/* Read the schema without writing anything: a newer store must be left
 * exactly as it is; a current one just needs its handles. */
cp_status migrate_read(store *s, int *schema, cp_error *err)
{
	store_txn t = { .s = s, .active = true };
	int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &t.txn);
	if (rc)
		return db_fail(NULL, rc, err, "open");
	MDB_dbi meta;
	bool found = false;
	*schema = -1;
	cp_status st = CP_OK;
	rc = mdb_dbi_open(t.txn, "meta", 0, &meta);
	if (rc == 0)
		st = read_schema(&t, meta, schema, &found, err);
	else if (rc != MDB_NOTFOUND)
		st = db_fail(NULL, rc, err, "open");
	if (st == CP_OK && found && *schema > STORE_SCHEMA_VERSION)
		st = cp_fail(err, CP_REFUSED,
		    "store %s has schema %d, newer than this cpdesk's %d: use a newer cpdesk (the store was not changed)",
		    s->path, *schema, STORE_SCHEMA_VERSION);
	if (st == CP_OK && found && *schema == STORE_SCHEMA_VERSION) {
		st = open_dbis(&t, false, err);
		if (st == CP_OK) {
			rc = mdb_txn_commit(t.txn);   /* commit keeps the handles */
			return rc ? db_fail(NULL, rc, err, "open") : CP_OK;
		}
	}
	mdb_txn_abort(t.txn);
	if (!found && st == CP_OK)
		*schema = -1;
	return st;
}

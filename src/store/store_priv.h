/* store_priv.h - what the store's files (src/store/store*.c) share: the
 * LMDB databases and their table, the handles behind store.h's opaque
 * types, and the helpers one file offers the others.  Not an API: only
 * src/store includes it, and it is the one header that includes
 * <lmdb.h>.  The files, lowest first (each calls only those before it):
 *   store_db.c       raw access: LMDB errors, get/put/delete, cursor
 *                    walks, meta values, id counters, the table;
 *   store_index.c    index entries: what each record implies, writing
 *                    the differences, the queue's keys;
 *   store_records.c  records: get, put, insert, update, and the queue
 *                    entries a write keeps in step;
 *   store_scan.c     range scans over the indexes, the queue, walks;
 *   store_migrate.c  setting a store up, schema migrations, rebuilding
 *                    indexes;
 *   store.c          the default path, the environment, open/close,
 *                    transactions, the change counter;
 *   store_policy.c   the stored policy and its compiled copy;
 *   store_switch.c   policy switches kept for undoing them;
 *   store_check.c    store_check_consistency;
 *   store_backup.c   store_backup;
 *   store_requests.c requests for approval (schema 7). */
#ifndef CPDESK_STORE_PRIV_H
#define CPDESK_STORE_PRIV_H

#include <lmdb.h>
#include <sys/types.h>

#include "store.h"

/* ---- databases --------------------------------------------------------- */
enum {
	DB_META, DB_WORKERS, DB_CHILDREN, DB_MEETINGS, DB_TASKS, DB_REPORTS,
	DB_CONSULTS, DB_AUDIT, DB_POLICY,
	DB_FAMILIES,   /* schema 4 */
	DB_SWITCHES,   /* schema 6: policy switches, for undo */
	DB_REQUESTS,   /* schema 7: requests for approval (store_requests.c) */
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
	/* schema 4: households (a family's children) */
	IX_V4_FIRST,
	IX_CHILD_FAMILY = IX_V4_FIRST,
	/* schema 5: a minute taker's meetings (the diary's free times) */
	IX_V5_FIRST,
	IX_MEETING_MINUTE_TAKER = IX_V5_FIRST,
	DB_COUNT
};

/* Name and flags of each database (store_db.c). */
typedef struct db_def {
	const char *name;
	unsigned flags;
} db_def;
extern const db_def db_defs[DB_COUNT];
/* The meta keys of the id counters, by store_seq. */
extern const char *const db_seq_keys[SEQ_COUNT];

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
	char *path;      /* as the person named it, for messages */
	int dfd;         /* the directory LMDB opened (store_files.c) */
	bool shared;     /* a shared store's rules apply */
	bool created;
	int opened_schema;
	store_txn rd;    /* the reused read transaction */
	size_t max_map;  /* $CPDESK_MAX_MAPSIZE, or 0 */
};

/* The policy compiled for quick loading (store_policy_load). */
#define META_POLICY_COMPILED "policy.compiled"

/* ---- raw access (store_db.c) ------------------------------------------- */
static inline MDB_val mv(const void *p, size_t n)
{
	MDB_val v = { n, (void *)p };
	return v;
}

/* LMDB's rc as err (what: the operation); notes MDB_MAP_FULL in t (may
 * be NULL) for store_write to grow the map and retry. */
cp_status db_fail(store_txn *t, int rc, cp_error *err, const char *what);
/* CP_FAILED unless t is an active write transaction. */
cp_status db_need_write(store_txn *t, cp_error *err);
cp_status db_get(store_txn *t, int db, const void *k, size_t kl,
                 MDB_val *out, bool *found, cp_error *err);
cp_status db_put(store_txn *t, int db, const void *k, size_t kl,
                 const void *v, size_t vl, unsigned flags, cp_error *err);
/* Delete a key (v NULL) or one duplicate; absent is not an error. */
cp_status db_del(store_txn *t, int db, const void *k, size_t kl,
                 const void *v, size_t vl, cp_error *err);
/* Put buf (len bytes, freed here) when est, how encoding went, is OK. */
cp_status db_put_encoded(store_txn *t, int db, const void *k, size_t kl,
                         cp_status est, unsigned char *buf, size_t len,
                         cp_error *err);

/* Called per index value; sets *more false to stop. */
typedef cp_status (*val_fn)(store_txn *t, const MDB_val *val, void *ctx,
                            bool *more, cp_error *err);
/* The duplicates of key in ix, from the first value >= start (all when
 * start is NULL), in order. */
cp_status db_dup_range(store_txn *t, int ix, const void *key, size_t kl,
                       const void *start, size_t sl, val_fn each,
                       void *ctx, cp_error *err);
/* Called per record; sets *more false to stop. */
typedef cp_status (*kv_fn)(store_txn *t, const MDB_val *k, const MDB_val *v,
                           void *ctx, bool *more, cp_error *err);
/* Every record of a database from key `from` (NULL: the first, or the
 * last when backward), forward or backward. */
cp_status db_walk(store_txn *t, int db, const void *from, size_t fl,
                  bool backward, kv_fn each, void *ctx, cp_error *err);
/* The end of a walk with cursor c (closed here): st, or the cursor's
 * error when it stopped on one (rc) rather than at the end. */
cp_status db_cursor_end(store_txn *t, MDB_cursor *c, cp_status st, int rc,
                        cp_error *err);
/* An index names a record (what, id) that is missing. */
cp_status db_dangling(const char *what, uint64_t id, cp_error *err);

cp_status meta_get_u64(store_txn *t, const char *key, uint64_t *out,
                       bool *found, cp_error *err);
cp_status meta_put_u64(store_txn *t, const char *key, uint64_t v,
                       cp_error *err);
cp_status meta_put_str(store_txn *t, const char *key, const char *s,
                       cp_error *err);

/* ---- index entries (store_index.c) -------------------------------------- */
#define IXK_MAX (MODEL_ID_MAX + 8)
typedef struct ixent {
	int db;
	size_t kl, vl;
	unsigned char k[IXK_MAX], v[IXK_MAX];
} ixent;
/* A meeting: its date, two marks, its chair, its minute taker, and an
 * entry for each of its children (a family meeting). */
#define IX_PER_REC (5 + MEETING_CHILDREN_MAX)

/* The index entries of each record (at most IX_PER_REC): their count. */
size_t ix_child(const cp_child *c, ixent *e);
size_t ix_meeting(const cp_meeting *m, ixent *e);
size_t ix_task(const cp_task *k, ixent *e);
size_t ix_consult(const cp_consult *c, ixent *e);
size_t ix_audit(const cp_audit *a, ixent *e);
/* Replace index entries old[] by new[], touching only those that
 * differ. */
cp_status ix_update(store_txn *t, const ixent *old, size_t nold,
                    const ixent *nw, size_t nnew, cp_error *err);
/* The main databases that have index entries, and those of the record
 * in v of one of them (a task: *task_out, when not NULL, gets the
 * decoded task to free; zeroed otherwise). */
#define INDEXED_DB_COUNT 5
extern const int ix_indexed_dbs[INDEXED_DB_COUNT];
cp_status ix_rec_entries(int db, const MDB_val *v, ixent *e, size_t *n,
                         cp_task *task_out, cp_error *err);

/* The queue's keys (ix.tasks.queue; see store_index.c): assignee NUL
 * due(4) id(8), at most QK_MAX bytes; an open task's, or 0 for any
 * other task (none in the queue). */
#define QK_MAX (MODEL_ID_MAX + 13)
size_t queue_key(unsigned char *k, const char *assignee, cp_date due,
                 uint64_t id);
size_t queue_key_of(unsigned char *k, const cp_task *task);

/* ---- the queue entries a write keeps (store_records.c) ------------------ */
/* The queue value of an open task (malloc'd). */
cp_status queue_value(store_txn *t, const cp_task *task, unsigned char **out,
                      size_t *len, cp_error *err);
/* A task was written: old_k (old_kl bytes, 0 when it was not open or is
 * new) is its queue key before, nw the record now. */
cp_status queue_sync(store_txn *t, const unsigned char *old_k,
                     size_t old_kl, const cp_task *nw, cp_error *err);

/* ---- the directory (store_files.c) --------------------------------------- */
typedef struct store_file_id {
	bool present;
	dev_t dev;
	ino_t ino;
} store_file_id;
/* The shared store NAME: paths_statedir() reached one directory at a time
 * without links (in a privileged run each root's alone), then NAME, not a
 * link.  *dfd owned by the caller; shown gets "STATEDIR/NAME". */
cp_status store_dir_by_name(const char *name, int *dfd, char *shown,
                            size_t size, cp_error *err);
/* dir as given (a shared store's last name not a link). */
cp_status store_dir_by_path(const char *dir, bool shared, int *dfd,
                            cp_error *err);
/* The name LMDB is given for the open directory dfd: /proc/self/fd/N,
 * checked to be that directory. */
cp_status store_lmdb_path(int dfd, const char *dir, char *buf, size_t size,
                          cp_error *err);
/* Before LMDB opens them: the directory dfd (dir in messages) and its
 * data.mdb and lock.mdb (those present: ids[0], ids[1]), not following
 * links; CP_REFUSED saying what is wrong. */
cp_status store_check_files(int dfd, const char *dir, bool shared,
                            store_file_id ids[2], cp_error *err);
/* After: the data file opened is the one checked, the lock file still a
 * regular file (the same one when it was there before). */
cp_status store_check_opened(store *s, const store_file_id ids[2],
                             cp_error *err);
/* Open the store in the directory dfd, which it takes (closed on failure
 * too); dir names it in messages. */
cp_status store_open_dirfd(int dfd, const char *dir, bool shared,
                           const store_open_opts *opts, store **out,
                           cp_error *err);

/* ---- setting up and migrating (store_migrate.c) ------------------------- */
/* Read the schema without writing anything (*schema -1: no store yet);
 * a current store just gets its handles. */
cp_status migrate_read(store *s, int *schema, cp_error *err);
/* The store_write callback that creates an empty store or migrates an
 * old one, given a migrate_ctx. */
typedef struct migrate_ctx {
	bool create;
	const char *login;
	int found_schema;   /* -1: no store yet */
	bool did_create;
} migrate_ctx;
cp_status migrate_write(store_txn *t, void *ctx, cp_error *err);

/* ---- the stored policy (store_policy.c) --------------------------------- */
/* The hashes of the stored files, in order, into h (nfiles of them). */
void stored_policy_hashes(const store_policy_info *pi, uint64_t *h);
/* A policy_load_mem reader: extends: names resolve to the stored texts
 * (ctx: the store_policy_info), never to the disk. */
cp_status stored_policy_reader(void *ctx, const char *name, char **text,
                               size_t *len, cp_error *err);

#endif

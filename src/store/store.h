/* store.h - a borough's case store: one LMDB environment (a directory).
 *
 * The store keeps records and their indexes; it knows nothing of what a
 * policy means nor of the screen (casework.h combines them).
 *
 * Transactions.  Everything goes through a store_txn:
 *   - reads:  store_read_begin() .. store_read_end(); short, never held
 *     while waiting for a key.  The store keeps one read transaction per
 *     handle and reuses it (mdb_txn_reset/renew), so begin/end is cheap;
 *     only one read may be open per store handle at a time.
 *   - writes: store_write(store, fn, ctx, err) runs fn inside one write
 *     transaction and commits when fn returns CP_OK (aborts otherwise).
 *     When the map fills, store_write aborts, doubles the map and runs fn
 *     again from the start, so fn must not keep state between runs other
 *     than outputs it overwrites.  One store_write may hold thousands of
 *     operations (the batch API for import and demo).  No read may be
 *     open on the same handle during store_write.
 * Every read function below works in both kinds of transaction; the
 * *_put / append / next_id functions need a write transaction.
 *
 * A store handle is for one thread.  Many processes may open the same
 * store at once: readers never wait for writers; LMDB serialises writers.
 *
 * Scans call a callback per record, in index order; the record is lent
 * for the call only (copy it with cp_*_copy to keep it).  The callback
 * returns true to go on, false to stop.  limit 0 means no limit.  Date
 * ranges are inclusive; pass CP_DATE_NONE / STORE_DATE_MAX for open
 * ends. */
#ifndef CPDESK_STORE_H
#define CPDESK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"
#include "policy.h"
#include "status.h"

#define STORE_SCHEMA_VERSION 9
#define STORE_MAXREADERS 126
#define STORE_DEFAULT_MAPSIZE ((size_t)1 << 30)   /* 1 GiB; grows */
/* The map grows (doubling) up to 1 TiB, or up to $CPDESK_MAX_MAPSIZE
 * (bytes, K/M/G suffix) when set: a write that does not fit then fails
 * with "the store is full" (CP_FAILED) and nothing is written.  A new
 * store starts at the smaller of the two.  Meant for tests and for
 * capping a store's disk use. */
#define STORE_DATE_MAX INT32_MAX

typedef struct store store;
typedef struct store_txn store_txn;

typedef struct store_open_opts {
	bool create;          /* make the directory and an empty store if absent */
	size_t mapsize;       /* initial map size; 0 = STORE_DEFAULT_MAPSIZE */
	const char *login;    /* recorded as creator (meta) when creating */
} store_open_opts;

/* Where the store is when not given: $CPDESK_DB, else
 * $XDG_DATA_HOME/cpdesk, else ~/.local/share/cpdesk.  `explicit_dir` (the
 * --db option) wins when not NULL.  Writes into buf. */
cp_status store_default_path(const char *explicit_dir, char *buf,
                             size_t size, cp_error *err);

/* Open (or with opts->create, create) the store in dir.
 *  - a store of one's own: dir and files are created 0700/0600, and
 *    must belong to the person running cpdesk with nothing for anyone
 *    else (CP_REFUSED, saying whose it is or how to chmod it);
 *  - a shared store (dir directly in paths_statedir()): 2770/0660, the
 *    directory's owner and group (store_files.c);
 *  - data.mdb and lock.mdb must be regular files, never links; LMDB is
 *    given the directory that was checked (/proc/self/fd/N);
 *  - no store there and not create: CP_BADINPUT ("run cpdesk init");
 *  - a newer schema is refused untouched (CP_REFUSED); an older one is
 *    migrated in one write transaction;
 *  - stale reader slots are cleared (mdb_reader_check);
 *  - the same store already open in this process is refused (CP_FAILED):
 *    LMDB must not open one environment twice in a process.
 * opts may be NULL (open an existing store, default map size). */
cp_status store_open(const char *dir, const store_open_opts *opts,
                     store **out, cp_error *err);
/* Open the shared store NAME, a directory of paths_statedir(), reached
 * without following a link (in a privileged run, through directories only
 * root may change): the only way a privileged run opens a store while it
 * holds the stores' group.  Never creates one. */
cp_status store_open_shared(const char *name, const store_open_opts *opts,
                            store **out, cp_error *err);
void store_close(store *s);           /* NULL is fine */
/* Is dir directly in the stores' directory (paths_statedir(),
 * doc/deployment.md): a shared store's rules apply to it. */
bool store_is_shared_dir(const char *dir);
const char *store_path(const store *s);
/* Opened with a shared store's rules (in the stores' directory). */
bool store_shared(const store *s);
/* True when store_open just created this store (it was empty). */
bool store_was_created(const store *s);
/* The schema version found on disk before any migration at open. */
int store_opened_schema(const store *s);
/* Loading a new store in bulk, in several write transactions: their
 * commits are not flushed to disk one by one (each flush waits for the
 * disk, and rewrites the index pages every batch touches) but once, by
 * store_bulk_load_end.  Only for a store nobody uses yet: a crash of the
 * process loses nothing committed, but a crash of the system before the
 * end can leave the store damaged -- load it again. */
cp_status store_bulk_load_begin(store *s, cp_error *err);
cp_status store_bulk_load_end(store *s, cp_error *err);
/* The next write transaction will rewrite much of the store (a policy
 * switch): LMDB mallocs every page it dirties, so ask for huge pages on
 * the heap, up to the store's size (heap.h).  Only a hint, for a command
 * that ends with its write: the heap is not trimmed afterwards. */
void store_expect_big_write(store *s);
/* Current map size in bytes (grows on demand). */
size_t store_mapsize(const store *s);

/* ---- transactions ------------------------------------------------------ */
cp_status store_read_begin(store *s, store_txn **out, cp_error *err);
void store_read_end(store_txn *t);    /* NULL is fine */

/* A read transaction of its own, for a helper thread of a write: begun
 * inside store_write's fn it sees the store as that write began (LMDB
 * lets only one writer in); it may be used from another thread (one at
 * a time) and is ended, with store_snapshot_end, before fn returns.
 * Other handle reads (store_read_begin) are unaffected. */
cp_status store_snapshot_begin(store *s, store_txn **out, cp_error *err);
void store_snapshot_end(store_txn *t);   /* NULL is fine */

typedef cp_status (*store_write_fn)(store_txn *t, void *ctx, cp_error *err);
/* Run fn in one write transaction (see above); bumps the change counter. */
cp_status store_write(store *s, store_write_fn fn, void *ctx, cp_error *err);
/* The same without bumping the change counter: for writes that change
 * nothing a screen shows, i.e. audit entries recording that someone read
 * a record (casework_child_viewed).  Consoles then do not redraw because
 * someone looked at a child.  Only audit appends belong here. */
cp_status store_write_quiet(store *s, store_write_fn fn, void *ctx,
                            cp_error *err);

/* A number that changes whenever any process commits a write (but not
 * a store_write_quiet one).  Cheap: a console polls it once a second and
 * redraws only when it changed. */
cp_status store_change_counter(store *s, uint64_t *out, cp_error *err);

/* ---- ids --------------------------------------------------------------- */
typedef enum { SEQ_MEETING, SEQ_TASK, SEQ_CONSULT, SEQ_AUDIT,
               SEQ_REQUEST,   /* schema 7: requests for approval */
               SEQ_COUNT }
	store_seq;
/* Next id of a kind: 1, 2, 3 ... never reused (kept in meta). */
cp_status store_next_id(store_txn *t, store_seq which, uint64_t *out,
                        cp_error *err);
/* The last id given (0: none yet), without taking one. */
cp_status store_last_id(store_txn *t, store_seq which, uint64_t *out,
                        cp_error *err);

/* ---- single records ---------------------------------------------------- */
/* *found says whether it exists; out is filled (caller frees) only then. */
cp_status store_worker_get(store_txn *t, const char *login, cp_worker *out,
                           bool *found, cp_error *err);
cp_status store_child_get(store_txn *t, const char *id, cp_child *out,
                          bool *found, cp_error *err);
cp_status store_family_get(store_txn *t, const char *id, cp_family *out,
                           bool *found, cp_error *err);
cp_status store_meeting_get(store_txn *t, uint64_t id, cp_meeting *out,
                            bool *found, cp_error *err);
cp_status store_task_get(store_txn *t, uint64_t id, cp_task *out,
                         bool *found, cp_error *err);
cp_status store_report_get(store_txn *t, uint64_t meeting_id,
                           const char *agency, cp_report *out, bool *found,
                           cp_error *err);
cp_status store_consult_get(store_txn *t, uint64_t id, cp_consult *out,
                            bool *found, cp_error *err);

/* Insert or replace a record, keeping every index in step (old index
 * entries of a replaced record are removed in the same transaction).
 * Keys (login, child id) are checked with model_id_valid.  Ids come from
 * store_next_id.  Write transactions only. */
cp_status store_worker_put(store_txn *t, const cp_worker *w, cp_error *err);
cp_status store_child_put(store_txn *t, const cp_child *c, cp_error *err);
cp_status store_family_put(store_txn *t, const cp_family *f, cp_error *err);
cp_status store_meeting_put(store_txn *t, const cp_meeting *m, cp_error *err);
cp_status store_task_put(store_txn *t, const cp_task *k, cp_error *err);
cp_status store_report_put(store_txn *t, const cp_report *r, cp_error *err);
cp_status store_consult_put(store_txn *t, const cp_consult *c, cp_error *err);
/* A task whose id is new (store_next_id): written without first reading
 * for an old record to replace; an id in use is an error. */
cp_status store_task_insert(store_txn *t, const cp_task *k, cp_error *err);
/* Change task id where it is: edit changes the record read (not its
 * id), which is written back with its index entries -- one read and one
 * write, where a get and a put read it twice.  *found is false (edit
 * not called, nothing written) when there is no such task; an edit's
 * failure writes nothing. */
typedef cp_status (*store_task_edit_fn)(void *ctx, cp_task *k, cp_error *err);
cp_status store_task_update(store_txn *t, uint64_t id,
                            store_task_edit_fn edit, void *ctx, bool *found,
                            cp_error *err);
/* Append to the audit trail; a->seq is assigned (and written back). */
cp_status store_audit_append(store_txn *t, cp_audit *a, cp_error *err);

/* ---- scans (index range scans; never a full scan unless named _all) --- */
typedef bool (*store_worker_cb)(void *ctx, const cp_worker *w);
typedef bool (*store_child_cb)(void *ctx, const cp_child *c);
typedef bool (*store_meeting_cb)(void *ctx, const cp_meeting *m);
typedef bool (*store_task_cb)(void *ctx, const cp_task *k);
typedef bool (*store_report_cb)(void *ctx, const cp_report *r);
typedef bool (*store_consult_cb)(void *ctx, const cp_consult *c);
typedef bool (*store_audit_cb)(void *ctx, const cp_audit *a);

/* All workers / children, by login / id. */
cp_status store_worker_list(store_txn *t, store_worker_cb cb, void *ctx,
                            cp_error *err);
cp_status store_children_all(store_txn *t, store_child_cb cb, void *ctx,
                             cp_error *err);
/* All households, by id; the children of one, by child id. */
typedef bool (*store_family_cb)(void *ctx, const cp_family *f);
cp_status store_families_all(store_txn *t, store_family_cb cb, void *ctx,
                             cp_error *err);
cp_status store_children_of_family(store_txn *t, const char *family_id,
                                   store_child_cb cb, void *ctx,
                                   cp_error *err);
/* Children allocated to a social worker, by child id. */
cp_status store_children_for_worker(store_txn *t, const char *login,
                                    store_child_cb cb, void *ctx,
                                    cp_error *err);
/* How many children are allocated to a social worker: the index's
 * count for them, no child read (the Team view). */
cp_status store_children_count_for_worker(store_txn *t, const char *login,
                                          size_t *n, cp_error *err);
/* Children in need only (cin_since set, no cp_since, no
 * looked_after_since) whose cin_since is from..to, by child id (read in
 * key order through one cursor): the candidates for a case mapping,
 * without reading every child. */
cp_status store_children_cin_between(store_txn *t, cp_date from, cp_date to,
                                     store_child_cb cb, void *ctx,
                                     cp_error *err);

/* Meetings dated from..to, by date then id. */
cp_status store_meetings_between(store_txn *t, cp_date from, cp_date to,
                                 size_t limit, store_meeting_cb cb, void *ctx,
                                 cp_error *err);
/* The same meetings in id order, not date order: for a reader of many
 * (a year's, at national scale), read far faster (one cursor through the
 * meetings in key order rather than a search of the tree each). */
cp_status store_meetings_between_by_id(store_txn *t, cp_date from,
                                       cp_date to, store_meeting_cb cb,
                                       void *ctx, cp_error *err);
/* A chair's meetings dated from..to, by date then id. */
cp_status store_meetings_for_chair(store_txn *t, const char *chair,
                                   cp_date from, cp_date to, size_t limit,
                                   store_meeting_cb cb, void *ctx,
                                   cp_error *err);
/* A minute taker's meetings dated from..to, by date then id (schema 5). */
cp_status store_meetings_for_minute_taker(store_txn *t, const char *login,
                                          cp_date from, cp_date to,
                                          size_t limit, store_meeting_cb cb,
                                          void *ctx, cp_error *err);
/* A child's meetings, by date then id. */
cp_status store_meetings_for_child(store_txn *t, const char *child_id,
                                   store_meeting_cb cb, void *ctx,
                                   cp_error *err);
/* Meetings marked with a date other than their own, from..to, by that
 * date then id: a cadence exception by its cadence_by, a moved meeting by
 * its moved_from.  A meeting whose two dates differ and both fall in the
 * range is visited twice.  For the exception report. */
cp_status store_meetings_marked_between(store_txn *t, cp_date from,
                                        cp_date to, store_meeting_cb cb,
                                        void *ctx, cp_error *err);

/* A line of a worker's queue: an open task as the queue index holds it,
 * with its meeting's type and date, without its title and notes (read the
 * task for those).  Strings are lent for the callback. */
typedef struct store_queue_row {
	uint64_t id, meeting_id;
	cp_date due, meeting_date;
	cp_role role;
	task_kind kind;
	const char *assignee, *child_id, *step_id, *meeting_type;
} store_queue_row;
/* A worker's (or pool's) open tasks due from..to, by due date then id (at
 * most limit, 0 = all): one range of the queue index (ix.tasks.queue),
 * which the store keeps on every task and meeting write, so a queue
 * touches a few pages and no other record.  cb returns false to stop. */
typedef bool (*store_queue_cb)(void *ctx, const store_queue_row *r);
cp_status store_queue_for_assignee(store_txn *t, const char *assignee,
                                   cp_date from, cp_date to, size_t limit,
                                   store_queue_cb cb, void *ctx,
                                   cp_error *err);
/* A worker's (or pool's) tasks in one status, due from..to, by due date
 * then id: the queue.  Tens of microseconds for a screenful.  Open tasks:
 * the queue index's range, then each task read whole. */
cp_status store_tasks_for_assignee(store_txn *t, const char *assignee,
                                   task_status status, cp_date from,
                                   cp_date to, size_t limit,
                                   store_task_cb cb, void *ctx,
                                   cp_error *err);
/* Open tasks of every assignee due from..to, by due date then id: the
 * overdue ones are a short range however long the history. */
cp_status store_tasks_open_due(store_txn *t, cp_date from, cp_date to,
                               store_task_cb cb, void *ctx, cp_error *err);
/* Done tasks whose done_at falls on a UTC day from..to (days as cp_date),
 * by that day then id; tasks with no done time (done_at 0) are left out.
 * UTC, so the index does not depend on the reader's $TZ: a caller that
 * wants a local date asks for a day either side and filters. */
cp_status store_tasks_done_between(store_txn *t, cp_date from, cp_date to,
                                   store_task_cb cb, void *ctx,
                                   cp_error *err);
/* A meeting's tasks, by task id. */
cp_status store_tasks_for_meeting(store_txn *t, uint64_t meeting_id,
                                  store_task_cb cb, void *ctx, cp_error *err);
/* Every task, by id (admin listings and checks). */
cp_status store_tasks_all(store_txn *t, store_task_cb cb, void *ctx,
                          cp_error *err);

/* Walking every meeting and its tasks (policy use), in batches with
 * writes between them: no cursor stays open across a write.
 * store_meeting_count: how many there are, without reading one.
 * store_meetings_from: up to max meetings with id >= from, rising,
 * decoded into out[0..*n) (the caller frees each).
 * store_tasks_for_meetings: the tasks of meetings first..last (ids), by
 * meeting id then task id, read through one cursor: a meeting's tasks
 * were made with it and share its neighbours' pages, so LMDB searches
 * the page it is on instead of the tree from the root. */
cp_status store_meeting_count(store_txn *t, size_t *n, cp_error *err);
cp_status store_meetings_from(store_txn *t, uint64_t from, size_t max,
                              cp_meeting *out, size_t *n, cp_error *err);
cp_status store_tasks_for_meetings(store_txn *t, uint64_t first,
                                   uint64_t last, store_task_cb cb,
                                   void *ctx, cp_error *err);

/* A meeting's agency reports, by agency name. */
cp_status store_reports_for_meeting(store_txn *t, uint64_t meeting_id,
                                    store_report_cb cb, void *ctx,
                                    cp_error *err);

/* Consultations a chair logged dated from..to; a child's consultations. */
cp_status store_consults_for_chair(store_txn *t, const char *chair,
                                   cp_date from, cp_date to, size_t limit,
                                   store_consult_cb cb, void *ctx,
                                   cp_error *err);
cp_status store_consults_for_child(store_txn *t, const char *child_id,
                                   store_consult_cb cb, void *ctx,
                                   cp_error *err);

typedef struct store_audit_filter {
	const char *login;    /* only this actor (indexed), or NULL */
	const char *child_id; /* only this child (indexed), or NULL */
	int64_t since, until; /* Unix seconds, inclusive; 0 = open */
	bool newest_first;
	size_t limit;         /* 0 = all */
} store_audit_filter;
/* Audit entries matching f (NULL: all), oldest first unless asked. */
cp_status store_audit_scan(store_txn *t, const store_audit_filter *f,
                           store_audit_cb cb, void *ctx, cp_error *err);

/* ---- meta -------------------------------------------------------------- */
/* Small named values ("created-by", later issues' settings).  *val is
 * malloc'd and NUL-terminated (caller frees). */
cp_status store_meta_get(store_txn *t, const char *key, char **val,
                         size_t *len, bool *found, cp_error *err);
cp_status store_meta_put(store_txn *t, const char *key, const void *val,
                         size_t len, cp_error *err);

/* ---- policy switches, kept for undoing them (schema 6) ---------------
 * A switch (casework_policy_use) records the policy it replaced and,
 * for every task it changed, the task as it found and as it left it;
 * casework_policy_undo puts them back.  Kept by rising id; the records
 * of a switch undone are deleted. */
typedef struct store_sw_state {
	task_status status;
	cp_date due;
	cp_role role;
	char *assignee;            /* owned ("" for none) */
	char *note;                /* owned; NULL: none */
} store_sw_state;

typedef struct store_sw_task {
	uint64_t id;
	bool added;                /* the switch made it: was[0] unused */
	store_sw_state was[2];     /* [0] before the switch, [1] after */
} store_sw_task;
void store_sw_task_free(store_sw_task *k);   /* NULL is fine; zeroes */

typedef struct store_switch {
	uint64_t id;               /* 1, 2, ...: store_switch_last() + 1 */
	int64_t at;                /* Unix seconds */
	char *login, *reason, *from_id, *to_id;   /* owned */
	uint64_t to_hash;          /* root file hash of the policy switched to */
	uint64_t audit;            /* its policy.use entry */
	uint64_t last_meeting;     /* the last meeting id when it was made */
	uint32_t nchunks;          /* task records 1..nchunks */
	cp_policy_file *files;     /* the policy before: root, then chain */
	size_t nfiles;
} store_switch;
void store_switch_free(store_switch *s);     /* NULL is fine; zeroes */

/* The switch's head record (its tasks go by store_sw_writer). */
cp_status store_switch_put(store_txn *t, const store_switch *s,
                           cp_error *err);
/* The latest switch kept; *found false when none. */
cp_status store_switch_last(store_txn *t, store_switch *out, bool *found,
                            cp_error *err);
/* Every task of switch id, in the order written (k lent for the call);
 * each's error stops the walk. */
typedef cp_status (*store_sw_task_fn)(void *ctx, const store_sw_task *k,
                                      cp_error *err);
cp_status store_switch_tasks(store_txn *t, uint64_t id, store_sw_task_fn each,
                             void *ctx, cp_error *err);
/* Delete switch id: its head and its tasks. */
cp_status store_switch_delete(store_txn *t, uint64_t id, cp_error *err);

/* Writing a switch's tasks as it goes, in records of a few hundred KB
 * (strings copied at once: k may be freed after the call). */
typedef struct store_sw_writer store_sw_writer;
cp_status store_sw_writer_new(uint64_t id, store_sw_writer **out,
                              cp_error *err);
cp_status store_sw_writer_add(store_txn *t, store_sw_writer *w,
                              const store_sw_task *k, cp_error *err);
/* Write what is left; *nchunks gets the records written. */
cp_status store_sw_writer_end(store_txn *t, store_sw_writer *w,
                              uint32_t *nchunks, cp_error *err);
void store_sw_writer_free(store_sw_writer *w);   /* NULL is fine */

/* ---- the policy kept in the store ------------------------------------- */
typedef struct store_policy_info {
	cp_policy_file *files;   /* [0] is the root; then its extends: chain */
	size_t nfiles;
	char *set_by;
	int64_t set_at;          /* Unix seconds */
	char *reason;
} store_policy_info;
void store_policy_info_free(store_policy_info *pi);

/* Replace the stored policy with these files (files[0] the root). */
cp_status store_policy_put(store_txn *t, const cp_policy_file *files,
                           size_t nfiles, const char *set_by, int64_t set_at,
                           const char *reason, cp_error *err);
/* The stored files; CP_BADINPUT when the store has no policy. */
cp_status store_policy_get(store_txn *t, store_policy_info *out,
                           cp_error *err);
/* Load the stored policy with policy_load_mem, extends: names resolved
 * from the stored texts (the disk is never read). */
cp_status store_policy_load(store *s, policy **out, cp_error *err);

/* ---- backup ------------------------------------------------------------ */
/* A hot, compacting copy of the store into dir (mdb_env_copy2 with
 * MDB_CP_COMPACT): a consistent snapshot as of its start, taken while
 * others read and write.  dir is created 0700/0600, the maker's own, and
 * must be new or empty; it is then a store of its own (store_restore
 * puts it back). */
cp_status store_backup(store *s, const char *dir, cp_error *err);
/* Replace the store in dir (the shared store shared_name, reached as an
 * open reaches it, when not NULL) by a compacted copy of src, an open
 * backup the caller has checked: refused (CP_REFUSED, untouched) while
 * any process has it open -- an exclusive lock on LMDB's lock.mdb, held
 * until the end, which every open's shared one waits for -- or when its
 * files break the rules of an open (store_files.c).  The copy is made
 * and checked beside it with its owner, group and modes, then swapped
 * in with one rename; the replaced store is kept beside it as
 * ".NAME.replaced-DATETIME", its path in aside. */
cp_status store_restore(store *src, const char *dir, const char *shared_name,
                        char *aside, size_t asize, cp_error *err);

/* ---- checking -------------------------------------------------------- */
/* Walk every index against its records and back, and every task against
 * its meeting and child.  CP_OK when all agree; otherwise CP_FAILED with
 * the first problem and the count.  Used by crash tests (issue 8). */
cp_status store_check_consistency(store *s, cp_error *err);

/* ---- requests for approval (schema 7, store_requests.c) ---------------- */
/* *found says whether it exists; out is filled (caller frees) only then. */
cp_status store_request_get(store_txn *t, uint64_t id, cp_request *out,
                            bool *found, cp_error *err);
/* Insert or replace (q->id from store_next_id(SEQ_REQUEST)). */
cp_status store_request_put(store_txn *t, const cp_request *q, cp_error *err);
/* Every request, newest (highest id) first; the request is lent for the
 * call.  cb returns false to stop. */
typedef bool (*store_request_cb)(void *ctx, const cp_request *q);
cp_status store_requests_all(store_txn *t, store_request_cb cb, void *ctx,
                             cp_error *err);

#endif

/* query_priv.h - what the query files (query*.c) share: one read
 * transaction, sanitised copies of records, display names.  Not an API:
 * the front ends use query.h. */
#ifndef CPDESK_QUERY_PRIV_H
#define CPDESK_QUERY_PRIV_H

#include "permit.h"
#include "query.h"
#include "store.h"

/* Begin the session's read (store_read_begin). */
cp_status q_read(casework *cw, store_txn **t, cp_error *err);

/* A malloc'd sanitised copy of s (NULL as ""); NULL on out of memory. */
char *q_clean(const char *s);
/* Replace *s (owned, may be NULL) with its sanitised copy. */
bool q_clean_in_place(char **s);

/* Sanitise every string of a record in place (CP_FAILED on out of
 * memory, the record still whole and freeable). */
cp_status q_clean_worker(cp_worker *w, cp_error *err);
cp_status q_clean_child(cp_child *c, cp_error *err);
cp_status q_clean_meeting(cp_meeting *m, cp_error *err);
cp_status q_clean_task(cp_task *k, cp_error *err);
cp_status q_clean_report(cp_report *r, cp_error *err);
cp_status q_clean_consult(cp_consult *c, cp_error *err);
cp_status q_clean_audit(cp_audit *a, cp_error *err);

/* The display name of a login in t: the worker's name, else the login,
 * "" for ""; a pool as it is.  Malloc'd, sanitised; NULL on out of
 * memory. */
char *q_worker_name(store_txn *t, const char *login);
/* The child's name (sanitised, malloc'd), or its id when unknown; *seen
 * (may be NULL) says whether the actor may see it (when not, the id). */
char *q_child_name(casework *cw, store_txn *t, const char *id, bool *seen);

/* Child ids gathered while reading, for query_note_children. */
typedef struct q_ids {
	const char **v;          /* borrowed from the rows being returned */
	size_t n, cap;
} q_ids;
cp_status q_ids_add(q_ids *ids, const char *id, cp_error *err);
/* Record them (query_note_children) and free the list. */
cp_status q_ids_note(casework *cw, const char *where, q_ids *ids,
                     cp_error *err);

/* Record that `where` showed the record of child_id (meeting_id 0) or
 * of meeting meeting_id (of child_id): unless the session last recorded
 * the same record there (query.h). */
cp_status q_note_record(casework *cw, const char *where, const char *child_id,
                        uint64_t meeting_id, cp_error *err);

/* A child row (query.h) from a lent child: copies and sanitises it,
 * with its social worker's name (read in t). */
cp_status q_children_push(query_children *q, store_txn *t,
                          const cp_child *c, cp_error *err);

/* A task row (query.h) from a lent task: copies and sanitises it. */
cp_status q_task_row(query_task *row, const cp_task *k, cp_error *err);
cp_status q_tasks_push(query_tasks *q, const cp_task *k, cp_error *err);

/* A meeting row with its names (and counts when asked). */
cp_status q_meeting_row(casework *cw, store_txn *t, const cp_meeting *m,
                        bool counts, query_meeting *row, cp_error *err);
void q_meeting_row_free(query_meeting *row);

/* Consultations in the caller's read (query_consult_list without the
 * read audit: the caller records what it shows). */
cp_status q_consults_in(casework *cw, store_txn *t,
                        const query_consult_filter *f, query_consults *out,
                        cp_error *err);

#endif

/* session.h - a front end's session on a store: who acts, with what rights.
 *
 * The commands and the console open the store the same way: the store's
 * directory (--db, $CPDESK_DB, the default), the bank-holiday file, the
 * acting worker worked out from the Unix user and --as (permit.h).  The
 * session is a casework (casework.h) with its permit set, so the same
 * handle writes (casework_*) and reads (query.h).  Close it with
 * session_close, which also forgets what the read audit remembered.
 *
 * Nothing here reads the terminal or prints: failures come back in err. */
#ifndef CPDESK_SESSION_H
#define CPDESK_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include "access.h"
#include "casework.h"
#include "status.h"

/* Who opens which store. */
typedef struct session_opts {
	const char *db;          /* --db or $CPDESK_DB; NULL: the default */
	const char *unix_login;  /* the Unix user running cpdesk */
	bool root;               /* uid 0 */
	const char *as;          /* --as LOGIN, or NULL */
	const char *holidays;    /* a bank-holiday file; NULL: paths_holidays() */
} session_opts;

/* The store's directory as the options name it (--db, else $CPDESK_DB,
 * else $XDG_DATA_HOME/cpdesk, else ~/.local/share/cpdesk). */
cp_status session_store_dir(const session_opts *o, char *buf, size_t size,
                            cp_error *err);

/* Open the store with its policy, calendar and permit: cw->actor is the
 * acting login.  Refusals (unknown worker, left, --as not allowed) are
 * CP_REFUSED with what to do.  On failure nothing is left open. */
cp_status session_open(casework *cw, const session_opts *o, cp_error *err);
/* The same for a command only some roles may run at all (import, policy
 * use, backup, audit): refused with the role needed otherwise. */
cp_status session_open_for(casework *cw, const session_opts *o,
                           access_action act, cp_error *err);
void session_close(casework *cw);

/* Create a store (cpdesk init) with the policy at policy_path; the Unix
 * user who creates it is its administrator (with root). */
cp_status session_init(const session_opts *o, const char *policy_path,
                       char *dir, size_t dir_size, cp_error *err);

/* The acting login is usable as an audit "who" (letters, digits, . _ -):
 * --as, else the Unix login.  CP_BADINPUT saying what to give. */
cp_status session_check_actor(const session_opts *o, cp_error *err);
const char *session_actor(const session_opts *o);

/* Whether any process has written since *counter (which is updated): a
 * console polls this once a second and redraws only on a change. */
cp_status session_changed(casework *cw, uint64_t *counter, bool *changed,
                          cp_error *err);

/* check-store: every index against its records, then every meeting's
 * tasks against the stored policy as of today (store_check_consistency,
 * then casework_check_meetings).  Opens the store itself (no worker
 * needed: whoever may open its files may check them). */
cp_status session_check_store(const session_opts *o, cp_date today,
                              size_t *nmeetings, cp_error *err);
/* backup: a hot, compacting copy of the store into dir, for an actor
 * with ACCESS_BACKUP (session_open_for). */
cp_status session_backup(casework *cw, const char *dir, cp_error *err);
/* backup --verify: the backup in dir (a path) opened and checked as
 * check-store checks a store; one that does not open or check out is
 * CP_BADINPUT.  Writes nothing to it but LMDB's lock.mdb. */
cp_status session_verify_backup(const session_opts *o, cp_date today,
                                const char *dir, size_t *nmeetings,
                                cp_error *err);
/* restore: the backup checked as session_verify_backup does (CP_BADINPUT
 * when it does not check out), then put in place of the store o names
 * (store_restore; its path in dir, the replaced one's in aside) by its
 * administrator: root, or for a store of one's own its owner. */
cp_status session_restore(const session_opts *o, cp_date today,
                          const char *backup, char *dir, size_t dsize,
                          char *aside, size_t asize, cp_error *err);

#endif

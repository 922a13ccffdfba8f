/* permit.h - the policy's access rules applied to the store's records.
 *
 * access.h decides from facts; this looks the facts up in the store: who
 * the acting worker is, a child's social worker and that worker's line
 * of management, a meeting's chair and minute taker.  Both front ends
 * (the commands and the console) go through here, and casework asks
 * here before it writes.
 *
 * A NULL permit is the trusted in-process caller (unit tests, the bench,
 * the demo generator): every check passes.  The commands and the console
 * always open one. */
#ifndef CPDESK_PERMIT_H
#define CPDESK_PERMIT_H

#include <stdbool.h>
#include "access.h"
#include "model.h"
#include "policy.h"
#include "status.h"
#include "store.h"

typedef struct permit permit;

/* Who runs the program, and for whom. */
typedef struct permit_login {
	const char *unix_login;   /* the Unix user running cpdesk */
	bool root;                /* uid 0 */
	const char *as;           /* --as LOGIN, or NULL */
	const char *store_dir;    /* for messages */
} permit_login;

/* Work out who acts and with what rights:
 *   - a Unix user who is a worker marked as left is refused first,
 *     whatever else they are (administrators included);
 *   - the store's administrators are root and, for a store of one's own
 *     (not a shared one), the Unix user who created it (meta
 *     "created-by"); they may do everything, even when they are not a
 *     worker in the store;
 *   - --as LOGIN (another login) is allowed to administrators and to
 *     workers holding a role the policy allows to act-for-others, for a
 *     worker whose roles do no more than their own (access_may_act_for);
 *     the actor then has LOGIN's rights.  An administrator naming a
 *     login that is no worker keeps their own rights under that name (to
 *     bootstrap).  The audit (and a policy's set-by) records the real
 *     user when a worker acts for another, the --as name when an
 *     administrator does;
 *   - anyone else must be a current worker in the store.
 * Refusals (unknown worker, left, --as not allowed) are CP_REFUSED with
 * one line saying what to do. */
cp_status permit_open(store *st, const policy *pol, const permit_login *in,
                      permit **out, cp_error *err);
void permit_free(permit *pm);   /* NULL is fine */

/* After the store's policy is reloaded (a switch): its rules apply.  r
 * must outlive the permit, like the policy given to permit_open. */
void permit_set_rules(permit *pm, const access_rules *r);

/* The login work is done as (done-by, a chair's own consultations). */
const char *permit_actor(const permit *pm);
/* The login the audit records: the real user when acting for another. */
const char *permit_audit_login(const permit *pm);
/* The Unix user running cpdesk, whoever they act as. */
const char *permit_real_login(const permit *pm);
const access_actor *permit_who(const permit *pm);
const access_rules *permit_rules(const permit *pm);

/* An action about no one case (switch-policy, import, backup). */
cp_status permit_may(permit *pm, access_action act, cp_error *err);
bool permit_allows(permit *pm, access_action act);

/* What a check is for: seeing the record, or an action on it. */
#define PERMIT_SEE ((access_action)ACCESS_COUNT)

/* May the actor see (PERMIT_SEE) or take `act` on this record?  CP_OK,
 * CP_REFUSED naming the role needed, or CP_FAILED if the store fails. */
cp_status permit_child(permit *pm, store_txn *t, access_action act,
                       const cp_child *c, cp_error *err);
cp_status permit_meeting(permit *pm, store_txn *t, access_action act,
                         const cp_meeting *m, cp_error *err);
cp_status permit_task(permit *pm, store_txn *t, access_action act,
                      const cp_task *k, cp_error *err);
cp_status permit_consult(permit *pm, store_txn *t, access_action act,
                         const cp_consult *c, cp_error *err);

/* Saying nothing of what is not seen (issue 15).  Called when a check
 * of a record about child_id was refused (its refusal in err): is the
 * record to be answered as one that is not there?  CP_OK with *hidden
 * when the actor does not see that child either (or there is none).
 * When they do -- a chair who sees the child through another of its
 * meetings -- the refusal stands (CP_REFUSED, err as it was): it tells
 * them nothing they cannot see.  CP_FAILED when the store fails. */
cp_status permit_hides(permit *pm, store_txn *t, const char *child_id,
                       bool *hidden, cp_error *err);

/* Seeing a worker's work -- their queue (task list --user, the Team
 * view's drill-down) and their figures (team.h) -- is as seeing a child
 * allocated to them: the actor's roles' scopes must reach such a case
 * (access.h: same team or reporting to them for a team manager, anyone
 * below them in the line for a service manager, everyone for the roles
 * that see every case), and one's own work always.  CP_OK, CP_REFUSED
 * saying who may, or CP_FAILED if the store fails.  login must be a
 * worker (the caller says when it is not). */
cp_status permit_worker(permit *pm, store_txn *t, const char *login,
                        cp_error *err);
/* The same decided from facts the caller read (a scan of the staff):
 * the worker's team and managers, nearest first. */
bool permit_sees_worker(const permit *pm, const char *login,
                        const char *team, const char *const *line,
                        size_t nline);

/* For filtering listings: does the actor see it?  A store failure while
 * looking up the facts hides the row (never shows one wrongly). */
bool permit_sees_child(permit *pm, store_txn *t, const cp_child *c);
bool permit_sees_meeting(permit *pm, store_txn *t, const cp_meeting *m);
bool permit_sees_task(permit *pm, store_txn *t, const cp_task *k);
bool permit_sees_consult(permit *pm, store_txn *t, const cp_consult *c);

/* True when the actor sees every case (filters can be skipped). */
bool permit_sees_all(const permit *pm);

#endif

/* casework_priv.h - what the casework files (casework*.c) and the policy
 * switch's planner (switch_plan.c) share: helpers of the work layer's
 * writers, not an API.  Nothing outside src/work includes it.  Defined
 * in casework.c, except cw_assignee_for (casework_meeting.c) and the
 * people's checks (casework_people.c). */
#ifndef CPDESK_CASEWORK_PRIV_H
#define CPDESK_CASEWORK_PRIV_H

#include "casework.h"
#include "text.h"

/* Unix seconds for audit entries: cw->now when set, else the clock. */
int64_t cw_now(const casework *cw);
/* Typed text has a length limit (CP_BADINPUT naming what). */
cp_status cw_too_long(const char *what, const char *s, size_t max,
                      cp_error *err);
/* Replace *field (owned) with a copy of s. */
cp_status cw_set_str(char **field, const char *s, cp_error *err);
/* Who the audit names: the real user, also when acting for another. */
const char *cw_audit_login(const casework *cw);
/* A date as YYYY-MM-DD, "(none)" when absent. */
void cw_date_str(cp_date d, char buf[CP_DATE_STRLEN]);
/* "policy=ID chain="..." hash=HEX": the audit's view of a policy. */
char *cw_describe_policy(const policy *p, uint64_t root_hash);
/* The store's kept bank holidays for division, in t; NULL if none. */
holiday_file *cw_kept_holidays_txn(store_txn *t, const char *division);
/* Keep hd (from the file at path) as the store's bank holidays, inside
 * the caller's write (holidays use). */
cp_status cw_keep_holidays_txn(store_txn *t, const char *path,
                               const holiday_division *hd, cp_error *err);
/* Store a policy chain as the store's policy (init and policy use). */
cp_status cw_put_chain(casework *cw, store_txn *t,
                       const cp_policy_file *files, size_t n,
                       const char *reason, cp_error *err);

/* Undo switch s inside the caller's write t (dry: in any transaction,
 * only out is filled); casework_undo.c, which casework_policy_use calls
 * when switching back to the policy s replaced (cw_undo_is_previous). */
cp_status cw_undo_txn(casework *cw, store_txn *t, const store_switch *s,
                      const char *reason, bool force, bool dry, cw_undo *out,
                      cp_error *err);
bool cw_undo_is_previous(const store_switch *s, const cw_policy_src *src);

/* ---- audit entries ------------------------------------------------------ */
/* Append an audit entry.  Takes before and after (malloc'd, from
 * model_*_describe: NULL there, or no before when want_before, means it
 * ran out of memory). */
cp_status cw_audit(casework *cw, store_txn *t, const char *action,
                   const char *object, const char *child, char *before,
                   bool want_before, char *after, cp_error *err);
/* The entry of a record just added, when st (how that went) is CP_OK;
 * else st.  Object "KIND:ID" (kind "meeting", "task"...), no before.
 * Takes after either way. */
cp_status cw_audit_added(casework *cw, store_txn *t, cp_status st,
                         const char *action, const char *kind, uint64_t id,
                         const char *child, char *after, cp_error *err);
/* The entry of a meeting or task record just changed, when st (how the
 * change went) is CP_OK; else st.  Object "meeting:ID" / "task:ID",
 * after = the record now.  Takes before either way. */
cp_status cw_audit_meeting(casework *cw, store_txn *t, cp_status st,
                           const char *action, const cp_meeting *m,
                           char *before, cp_error *err);
/* The same, the entry about `child` (one withdrawn from the meeting)
 * and `more` appended to the meeting's after ("" for nothing). */
cp_status cw_audit_meeting_for(casework *cw, store_txn *t, cp_status st,
                               const char *action, const cp_meeting *m,
                               const char *child, const char *more,
                               char *before, cp_error *err);
cp_status cw_audit_task(casework *cw, store_txn *t, cp_status st,
                        const char *action, const cp_task *k, char *before,
                        cp_error *err);

/* ---- the case over time (casework_case.c) -------------------------------- */
/* The held meeting's decision for each of its children, from o (every
 * child decided once; CP_BADINPUT naming what is wrong). */
cp_status cw_decide(const cp_meeting *m, const cw_outcome *o,
                    bool decides_plan, cp_outcome *out, cp_error *err);
/* What the held meeting's decisions do to each child's episodes (a plan
 * opened or ended), each child written with its audit entry. */
cp_status cw_follow_decisions(casework *cw, store_txn *t,
                              const cp_meeting *m, cp_error *err);

/* The children of a new meeting, loaded: the index child first, then
 * its siblings; distinct, and of one family when more than one. */
typedef struct cw_children {
	cp_child v[MEETING_CHILDREN_MAX];
	size_t n;
} cw_children;
cp_status cw_children_load(store_txn *t, const char *index,
                           const char *const *siblings, size_t nsiblings,
                           cw_children *k, cp_error *err);
void cw_children_free(cw_children *k);
/* May a meeting of pm be held for child c on `date` (policy during:)?
 * *since: the start of the episode it falls in (CP_DATE_NONE: counted
 * over the child's life). */
cp_status cw_check_during(const policy *p, const policy_meeting *pm,
                          const cp_child *c, cp_date date, cp_date *since,
                          cp_error *err);
/* The anchors of a meeting of pm for child c on `date`: those given,
 * and those of the child's record the type counts from (a given one
 * that disagrees with the record is refused). */
cp_status cw_record_anchors(const policy *p, const policy_meeting *pm,
                            const cp_child *c, cp_date date,
                            const anchor_date *given, size_t ngiven,
                            anchor_date out[ANCHORS_MAX], size_t *n,
                            cp_error *err);

/* Change each open task of meeting mid (change says whether it did; it
 * may not write) and write back the changed ones; *count gets how many
 * (casework_roles.c). */
cp_status cw_change_open_tasks(store_txn *t, uint64_t mid,
                               bool (*change)(void *ctx, cp_task *k),
                               void *ctx, size_t *count, cp_error *err);
/* Child leaves scheduled meeting mid (an episode it was held in ended,
 * why says so): cancelled when it was the child's alone, with its open
 * tasks; else it goes on for the others, the child's own tasks cancelled
 * and, when it was the index child, the meeting's tasks moved to the
 * next child's (and its role holders).  Audited. */
cp_status cw_withdraw_child(casework *cw, store_txn *t, uint64_t mid,
                            const char *child, const char *why,
                            cp_error *err);

/* Close open task k as c says (c->task_id unused), with no question of
 * who may: the caller's record is the authority (a consultation logged
 * closes the step it answers).  Writes k and its audit entry. */
cp_status cw_task_close_as(casework *cw, store_txn *t, cp_task *k,
                           const cw_close *c, cp_error *err);
/* A worker who must be current and hold one of the roles need (what:
 * "chair"); an empty login is no one, and fine (casework_meeting.c). */
cp_status cw_check_person(store_txn *t, const char *login, role_set need,
                          const char *what, const policy *p, cp_error *err);
/* Who may chair a meeting of type pm: its chair role and those that
 * also chair it (003 point 1). */
role_set cw_chair_roles(const policy_meeting *pm);
/* Cancel scheduled meeting m (read by the caller, who frees it), as
 * agreed by approved_by ("a,b" or ""): its reason, status and open
 * tasks, audited as meeting.cancel (casework_meeting.c).  The checks of
 * who may ask and who approves are the caller's. */
cp_status cw_meeting_cancel_apply(casework *cw, store_txn *t, cp_meeting *m,
                                  const char *reason, const char *approved_by,
                                  cp_error *err);
/* May scheduled meeting m move to new_date (minutes: -2 keeps its
 * time)?  A reason, the date rules (force keeps a date they refuse; keep
 * says how, or NULL), the children's episodes (casework_meeting.c). */
cp_status cw_move_rules(casework *cw, store_txn *t, const cp_meeting *m,
                        cp_date new_date, int minutes, bool force,
                        const char *reason, const char *keep, char *warn,
                        cp_error *err);
/* Is moving m to new_date a late move: later than it is now, and past
 * the latest date its cadence allows? */
bool cw_move_is_late(const cp_meeting *m, cp_date new_date);
/* Move checked meeting m: its date (and time), its open steps' due
 * dates, a cadence exception when past cadence_by, approved_by (the
 * late move's approvers, or NULL: none); audited as meeting.move; a
 * chair clash or exception said in warn. */
cp_status cw_meeting_move_apply(casework *cw, store_txn *t, cp_meeting *m,
                                cp_date new_date, int minutes,
                                const char *reason, const char *approved_by,
                                char *warn, cp_error *err);
/* Meeting id, to be changed (doing: "moved"): seen, the actor's to act
 * on with act, and still scheduled; *m is the caller's to free. */
cp_status cw_change_scheduled(casework *cw, store_txn *t, uint64_t id,
                              access_action act, const char *doing,
                              cp_meeting *m, cp_error *err);

/* ---- lookups ------------------------------------------------------------ */
/* The worker (zeroed first; *found false when there is none). */
cp_status cw_get_worker(store_txn *t, const char *login, cp_worker *w,
                        bool *found, cp_error *err);
/* A worker who must exist and still be here (CP_REFUSED naming what). */
cp_status cw_need_worker(store_txn *t, const char *login, const char *what,
                         cp_worker *w, cp_error *err);
/* The child, or CP_BADINPUT naming it. */
cp_status cw_need_child(store_txn *t, const char *id, cp_child *c,
                        cp_error *err);
/* The meeting, or CP_BADINPUT naming it. */
cp_status cw_need_meeting(store_txn *t, uint64_t id, cp_meeting *m,
                          cp_error *err);
/* Seeing before acting, and saying nothing of what is not seen (issue
 * 15): the child, when the actor may see it; one they may not see is
 * answered exactly as one that is not there (CP_BADINPUT "no child ...").
 * On failure nothing is left to free. */
cp_status cw_seen_child(casework *cw, store_txn *t, const char *id,
                        cp_child *c, cp_error *err);
/* The same for a meeting: hidden when the actor sees neither it nor its
 * child (permit_hides).  One whose child they see is returned: the
 * action's own check then says why not, which tells them nothing new. */
cp_status cw_seen_meeting(casework *cw, store_txn *t, uint64_t id,
                          cp_meeting *m, cp_error *err);
/* "no task ID in this store": for a task not there, and one hidden. */
cp_status cw_no_task(uint64_t id, cp_error *err);

/* ---- the one-transaction forms ------------------------------------------ */
/* An operation's _txn form, called with the arguments its public form
 * packed (args) and the caller's warn buffer (may be NULL). */
typedef cp_status (*cw_txn_fn)(casework *cw, store_txn *t, const void *args,
                               char *warn, cp_error *err);
/* Run fn in a write transaction of its own (store_write), warn cleared
 * to "" first on every try. */
cp_status cw_run(casework *cw, cw_txn_fn fn, const void *args, char *warn,
                 cp_error *err);
/* Define the trampoline `name` a public form gives cw_run: it sees the
 * packed arguments as `a` (a const type *) and returns `call`, in which
 * cw, t, warn and err are the runner's. */
#define CW_TRAMPOLINE(name, type, call)                                    \
	static cp_status name(casework *cw, store_txn *t, const void *args,  \
	                      char *warn, cp_error *err)                     \
	{                                                                  \
		const type *a = args;                                      \
		(void)warn;                                                \
		return call;                                               \
	}

/* ---- who does each step of a meeting ------------------------------------ */
/* Who does each step of a meeting: the child's social worker, managers
 * looked up only when a step needs them, the chair, the minute taker. */
typedef struct cw_people {
	const cp_child *child;
	const char *chair, *minute_taker;
	char tm[MODEL_ID_MAX + 1], sm[MODEL_ID_MAX + 1];
	bool tm_known, sm_known;
} cw_people;
cp_status cw_assignee_for(store_txn *t, cw_people *pp, cp_role r,
                          const char *step, const char *type,
                          const char **out, cp_error *err);

/* ---- people (casework_people.c), shared with the edits (casework_edit.c)
 */
/* A worker's record on its own: login, name, at least one role, a
 * manager other than themself, team length, e-mail (CP_BADINPUT). */
cp_status cw_check_worker(const cp_worker *w, cp_error *err);
/* A child's record on its own: id, name, social worker named, family id,
 * not both a date of birth and an expected one (CP_BADINPUT). */
cp_status cw_check_child(const cp_child *c, cp_error *err);
/* The manager given to worker login ("" / NULL: none): a current worker,
 * not login, and not below login in the line of management (a circle).
 * CP_REFUSED naming what is wrong. */
cp_status cw_check_manager(store_txn *t, const char *login,
                           const char *manager, cp_error *err);
/* A current worker holding the role social-worker (CP_REFUSED). */
cp_status cw_need_social_worker(store_txn *t, const char *login,
                                cp_error *err);
/* The household id ("" / NULL: none) exists (CP_REFUSED). */
cp_status cw_need_family(store_txn *t, const char *id, cp_error *err);
/* May the actor give these roles (worker add and every change)? */
cp_status cw_may_give(casework *cw, role_set roles, cp_error *err);
/* The entry of worker login's record (object worker:LOGIN); takes
 * before and after (cw_audit). */
cp_status cw_audit_worker(casework *cw, store_txn *t, const char *action,
                          const char *login, char *before, bool want_before,
                          char *after, cp_error *err);
/* Does login hold work that needs one of `roles` (children allocated,
 * open tasks, scheduled meetings as chair or minute taker, workers they
 * manage: what reassign moves)?  CP_REFUSED naming the first role, how
 * many items need it and the reassign command to run. */
cp_status cw_work_needs(casework *cw, store_txn *t, const char *login,
                        role_set roles, cp_error *err);
/* Move FROM's open tasks of role `role` for child_id to TO, each audited
 * as task.reassign (reassign --child's task moves); *moved says how
 * many. */
cp_status cw_move_child_tasks(casework *cw, store_txn *t,
                              const char *child_id, const char *from,
                              const char *to, cp_role role, size_t *moved,
                              cp_error *err);

#endif

/* casework.h - what staff do to a case, as store transactions.
 *
 * Each operation is one write transaction that changes records, keeps
 * indexes in step and writes audit entries (who, when, before, after):
 * a meeting and its generated tasks appear together or not at all.
 *
 * Each operation comes in two forms:
 *   casework_X(cw, ...)            its own transaction (store_write);
 *   casework_X_txn(cw, txn, ...)   inside the caller's write transaction,
 *                                  so that import and demo can put
 *                                  thousands in one (the batch API).
 * A _txn form that fails leaves the transaction to be aborted by the
 * caller (return its status from the store_write callback).
 *
 * Refusals (a rule says no) are CP_REFUSED, bad arguments CP_BADINPUT,
 * system failures CP_FAILED; always with one line in err.  With a permit,
 * an operation checks the actor's role for it first, then looks up the
 * child, meeting or task it is about: one the actor may not see is
 * answered exactly as one that is not there (CP_BADINPUT "no child 'ID'
 * in this store"), and acting on a case needs seeing it already --
 * scheduling a meeting, logging a consultation or recording a report
 * never opens a case to someone who did not see it (issue 15).  Warnings
 * (not refusals) come back in `warn` when the caller passes one: a
 * caller-provided buffer, "" when there is nothing to say. */
#ifndef CPDESK_CASEWORK_H
#define CPDESK_CASEWORK_H

#include <stdbool.h>
#include <stdint.h>
#include "calendar.h"
#include "model.h"
#include "policy.h"
#include "status.h"
#include "store.h"

#define CW_WARN_MAX 512
/* Longest name (worker, child) and note or reason (task done, meeting
 * move and cancel), in bytes; longer is CP_BADINPUT. */
#define CW_NAME_MAX 200
/* Longest e-mail address (RFC 5321's path limit), in bytes. */
#define CW_EMAIL_MAX 254
#define CW_NOTE_MAX 4096

typedef struct casework {
	store *st;
	const policy *pol;
	const calendar *cal;
	const char *actor;    /* login acting (audit "who") */
	int64_t now;          /* Unix seconds for audit and done-at; 0 = clock */
	bool dated;           /* the date rules hold to `today` (an outcome
	                         is not recorded before its meeting); false:
	                         the trusted in-process caller, unchecked */
	cp_date today;
	/* owned by casework_open; NULL when the caller filled the fields */
	policy *own_pol;
	holiday_file *own_hf;    /* may hold only the policy's division */
	char *own_holidays_path; /* where own_hf was read from */
	calendar *own_cal;
	closure *own_closures;
	/* Who may see and do what (permit.h): NULL for the trusted
	 * in-process caller; the commands and the console set one, and the
	 * operations below refuse what it does not allow.  Owned by whoever
	 * set it (casework_close does not free it). */
	struct permit *pm;
	/* What the read audit remembers for this session (query.c): freed
	 * by casework_close through read_memo_free. */
	void *read_memo;
	void (*read_memo_free)(void *memo);
} casework;

/* Create the store in dir with the policy at policy_path (every file of
 * its extends: chain is read, validated and stored with its hash).
 * Refuses (CP_REFUSED) when dir already holds a store.  opts may be NULL;
 * its create flag is implied. */
cp_status casework_init(const char *dir, const char *policy_path,
                        const char *actor, const store_open_opts *opts,
                        cp_error *err);

/* The store's bank holidays for `division`: the copy the store keeps,
 * whatever file path names; only when it keeps none for the division,
 * the file at path is read and a copy kept (casework.c says why).  *out
 * may then hold that division alone. */
cp_status casework_load_holidays(store *st, const char *path,
                                 const char *division, holiday_file **out,
                                 cp_error *err);
/* The store's kept copy for division (a fresh holiday_file the caller
 * frees), or NULL when it keeps none for it. */
holiday_file *casework_kept_holidays(casework *cw, const char *division);

/* Open the store in dir, load its stored policy and a calendar from the
 * bank-holiday file; fills cw (free with casework_close).  Or fill a
 * casework by hand: st, pol, cal, actor (tests do). */
cp_status casework_open(casework *cw, const char *dir,
                        const char *holidays_path, const char *actor,
                        cp_error *err);
/* The same on a store already open (check-store opens it with the
 * stores' group, then gives the group up: priv.h); s is the casework's
 * from then on, closed with it, also on failure. */
cp_status casework_open_store(casework *cw, store *s,
                              const char *holidays_path, const char *actor,
                              cp_error *err);
void casework_close(casework *cw);   /* closes the store too */

/* The store's stable id (32 hex digits): made (from /dev/urandom) and
 * kept in the store the first time it is asked for, the same for every
 * process after that.  Calendars use it in UIDs. */
cp_status casework_store_id(casework *cw, char out[33], cp_error *err);

/* ---- workers and children ---------------------------------------------- */
/* Add a worker; refused when the login exists.  A manager must be a
 * current worker already (an import orders its rows so), not the worker
 * themself, and not below them in the line of management: a typo is
 * refused, not kept to refuse every meeting of the worker's children
 * later.  An e-mail address, when given, is one (casework_email_ok). */
cp_status casework_worker_add(casework *cw, const cp_worker *w, cp_error *err);
cp_status casework_worker_add_txn(casework *cw, store_txn *t,
                                  const cp_worker *w, cp_error *err);
/* Replace a worker's record (name, roles, team, manager, left). */
cp_status casework_worker_update(casework *cw, const cp_worker *w,
                                 cp_error *err);
cp_status casework_worker_update_txn(casework *cw, store_txn *t,
                                     const cp_worker *w, cp_error *err);

/* Add a child; refused when the id exists, the social worker is not a
 * current worker holding the role social-worker, or the household
 * (family_id, when set) is not in the store.  A child has a date of
 * birth, or (unborn) an expected date of delivery, or neither known:
 * never both (CP_BADINPUT). */
cp_status casework_child_add(casework *cw, const cp_child *c, cp_error *err);
cp_status casework_child_add_txn(casework *cw, store_txn *t,
                                 const cp_child *c, cp_error *err);

/* ---- meetings ---------------------------------------------------------- */
typedef struct cw_meeting_new {
	const char *child_id;      /* the index child (reports are on it) */
	const char *const *siblings; /* its siblings at the same meeting, all
	                              of the index child's family (or none) */
	size_t nsiblings;          /* at most MEETING_CHILDREN_MAX - 1 */
	const char *type;          /* a policy meeting type */
	cp_date date;
	int minutes;               /* or -1 */
	const char *chair;         /* login or NULL */
	const char *minute_taker;  /* login or NULL */
	meeting_how how;
	const anchor_date *anchors;
	size_t nanchors;
	const char *reason;        /* needed only when the date breaks the
	                              cadence (recorded as an exception), or
	                              with force */
	bool force;                /* a date the rules refuse (a weekend, a
	                              bank holiday or closure, the past, a
	                              time the clocks skip or repeat), kept
	                              with the reason: cw_date_rules */
	bool from_outcome;         /* booked by an outcome: a refusal says to
	                              choose another (--next), not --force */
} cw_meeting_new;

/* The dates a meeting cannot have, when cw->dated: not a working day
 * (a weekend, a bank holiday of the policy's division, a closure), before
 * today, or a UK local time that does not exist or happens twice at a
 * clock change (every reason that applies is said).  Refused
 * (CP_REFUSED: which, and "choose another, or keep it with KEEP" when
 * keep is not NULL) unless force with a reason: then said in warn. */
cp_status cw_date_rules(const casework *cw, cp_date date, int minutes,
                        bool force, const char *reason, const char *keep,
                        char *warn, cp_error *err);

/* Schedule a meeting and generate its tasks from the policy timeline,
 * each assigned to whoever holds the step's role for this child and
 * meeting: social-worker -> the allocated worker; team-manager -> that
 * worker's manager; service-manager -> the team manager's manager;
 * cp-chair / iro -> the meeting's chair; minute-taker -> its minute
 * taker; qa-admin / qa-manager / director -> the pools @qa-admin,
 * @qa-manager, @director.  Someone needed but missing (or left) is a
 * refusal naming who, never a task assigned to nobody.  The chair must
 * hold the policy's chair role for the type.
 * A family meeting (siblings) is one meeting with one set of tasks, the
 * index child's; a step the policy marks per-child gets a task for each
 * child (its own social worker's).  The children must be of one family.
 * Episodes (policy during:): a type held during a plan or a care episode
 * is refused for a child whose episode has ended (and, looked after,
 * for one never recorded as looked after); its nth and cadence count
 * within the episode.  nth counts the index child's earlier meetings of
 * the type that were not cancelled.  Cadence: the latest date allowed
 * follows from each child's last held meeting (or the meeting's anchors
 * as events, e.g. care-start), the earliest of the children's; a later
 * date needs `reason` and is recorded as a cadence exception.  Anchors
 * the child's record holds (care-start, plan-start, birth,
 * expected-birth) come from it, and one given that disagrees is
 * refused.  warn: chair clash. */
cp_status casework_meeting_add(casework *cw, const cw_meeting_new *in,
                               uint64_t *id, char warn[CW_WARN_MAX],
                               cp_error *err);
cp_status casework_meeting_add_txn(casework *cw, store_txn *t,
                                   const cw_meeting_new *in, uint64_t *id,
                                   char warn[CW_WARN_MAX], cp_error *err);

/* The latest date the cadence allows a `type` meeting of child, held
 * on or after `on` (which episode it falls in): *by, or CP_DATE_NONE
 * when no rule leads to it.  Refused as meeting add would be when the
 * child's episodes do not allow the type then.  A read, in the caller's
 * transaction. */
cp_status casework_cadence_latest_txn(casework *cw, store_txn *t,
                                      const char *child, const char *type,
                                      cp_date on, cp_date *by, cp_error *err);
/* The same, and *prev: the held meeting the date counts from (0 when it
 * counts from an anchor, or none does). */
cp_status casework_cadence_due_txn(casework *cw, store_txn *t,
                                   const char *child, const char *type,
                                   cp_date on, cp_date *by, uint64_t *prev,
                                   cp_error *err);

/* Allocate or change a booked meeting's chair and minute taker, one
 * meeting at a time (casework_allocate.c): each given must hold the role
 * (the type's chair role; minute-taker) and not have left; replacing
 * someone needs a reason; one with another meeting overlapping it that
 * day (the policy's diary: length; a meeting with no time: the day) is
 * refused unless allow_clash, with a reason.  The meeting's open steps of the role move
 * from the one replaced (or from the "to allocate" pool) to the new one;
 * done ones stay theirs.  *moved: how many moved.  Audited
 * (meeting.allocate). */
typedef struct cw_allocation {
	uint64_t meeting_id;
	const char *chair;         /* NULL: unchanged */
	const char *minute_taker;  /* NULL: unchanged */
	const char *reason;        /* needed to replace or allow a clash */
	bool allow_clash;
} cw_allocation;
cp_status casework_meeting_allocate(casework *cw, const cw_allocation *a,
                                    size_t *moved, char warn[CW_WARN_MAX],
                                    cp_error *err);
cp_status casework_meeting_allocate_txn(casework *cw, store_txn *t,
                                        const cw_allocation *a,
                                        size_t *moved, char warn[CW_WARN_MAX],
                                        cp_error *err);

/* ---- moving, cancelling, and requests for approval (casework_request.c)
 * The actions a policy may mark as needing approval (approvals:,
 * approval.h): cancelling a scheduled meeting, and moving one past the
 * latest date its cadence allows.  Taking one (a reason required; the
 * actor must be allowed to schedule the meeting) makes a request for
 * approval (cp_request) when the policy names approvers for it: the
 * meeting stays as it is until they approve it themselves
 * (casework_request_approve) -- one of them, or with approval: all every
 * role -- and the last approval takes the action in its transaction.  A
 * second request for a meeting with one waiting is refused.  Audited:
 * request.add, request.approve, request.refuse, request.withdraw,
 * meeting.cancel, meeting.move. */
typedef struct cw_request_result {
	uint64_t id;        /* the request (0: a move needing none) */
	request_kind kind;
	bool done;          /* the action is taken (cancelled; moved) */
	role_set need;      /* the roles still to approve (after asking: all) */
	bool need_all;      /* every one of them (else one) */
	cp_role as;         /* approving: the role the approval counts for */
} cw_request_result;

/* Cancel a scheduled meeting: a request; with no approvers it is
 * cancelled at once and the request closed with it (it records the
 * day).  Cancelled: its reason, the approvers' logins in approved_by,
 * its open tasks cancelled (kept). */
cp_status casework_meeting_cancel(casework *cw, uint64_t id,
                                  const char *reason, cw_request_result *out,
                                  cp_error *err);
cp_status casework_meeting_cancel_txn(casework *cw, store_txn *t, uint64_t id,
                                      const char *reason,
                                      cw_request_result *out, cp_error *err);
/* Move a scheduled meeting to new_date (minutes: new time, -1 none, -2
 * keep).  Reason required.  Open tasks get due dates for the new date;
 * done and cancelled ones are kept as they are.  A date later than the
 * cadence allows is recorded as a cadence exception (with the reason).
 * A date the rules refuse (cw_date_rules) needs force.  A late move (to
 * a later date past the cadence's) where the policy's late-move names
 * approvers is a request instead (out->done false): made when approved,
 * the rules checked again then.  warn: chair clash, exception, a date
 * kept by force. */
cp_status casework_meeting_move(casework *cw, uint64_t id, cp_date new_date,
                                int minutes, bool force, const char *reason,
                                cw_request_result *out,
                                char warn[CW_WARN_MAX], cp_error *err);
cp_status casework_meeting_move_txn(casework *cw, store_txn *t, uint64_t id,
                                    cp_date new_date, int minutes, bool force,
                                    const char *reason,
                                    cw_request_result *out,
                                    char warn[CW_WARN_MAX], cp_error *err);
/* The acting worker (cw->actor: the real user, or --as) approves
 * pending request id, with an optional note.  They must hold a role the
 * request still needs, and where that role has a holder for the child
 * (its service or team manager: the social worker's manager's manager
 * or manager; the meeting's chair) be that holder: anyone else is
 * CP_REFUSED naming whose approval is needed.  A pool role (a QA
 * manager) may be approved by any holder.  One approval a person. */
cp_status casework_request_approve(casework *cw, uint64_t id,
                                   const char *note, cw_request_result *out,
                                   char warn[CW_WARN_MAX], cp_error *err);
cp_status casework_request_approve_txn(casework *cw, store_txn *t,
                                       uint64_t id, const char *note,
                                       cw_request_result *out,
                                       char warn[CW_WARN_MAX], cp_error *err);
/* An approver (as for approving) refuses it, with a reason: the request
 * is closed, its requester sees why (cpdesk approvals --mine), and the
 * meeting stays as it is. */
cp_status casework_request_refuse(casework *cw, uint64_t id,
                                  const char *reason, cp_error *err);
cp_status casework_request_refuse_txn(casework *cw, store_txn *t, uint64_t id,
                                      const char *reason, cp_error *err);
/* Its requester withdraws a pending request (reason optional): closed,
 * nothing done; a new one may then be asked. */
cp_status casework_request_withdraw(casework *cw, uint64_t id,
                                    const char *reason, cp_error *err);
cp_status casework_request_withdraw_txn(casework *cw, store_txn *t,
                                        uint64_t id, const char *reason,
                                        cp_error *err);
/* May the actor approve (or refuse) q, about meeting m: CP_OK with the
 * role it counts for in *as, else CP_REFUSED saying whose approval is
 * needed. */
cp_status casework_request_approver(casework *cw, store_txn *t,
                                    const cp_request *q, const cp_meeting *m,
                                    cp_role *as, cp_error *err);
/* Who approves `need` (need_all: every one) for meeting m, as one line
 * for people: "the service manager (Sam Manager, sm1) and a QA & Review
 * manager" -- a named holder where the role has one for the child. */
cp_status casework_approvers_text(casework *cw, store_txn *t,
                                  const cp_meeting *m, role_set need,
                                  bool need_all, char *buf, size_t size,
                                  cp_error *err);
/* The request of a meeting waiting for approval (*request_id 0: none),
 * and its kind (kind may be NULL). */
cp_status casework_pending_request(store_txn *t, uint64_t meeting_id,
                                   uint64_t *request_id, request_kind *kind,
                                   cp_error *err);
/* For history only -- the trusted in-process caller (no permit: tests)
 * or a writer of history (the demo: cw->dated false) -- cancel at once as
 * agreed with `approvers` (logins), who must hold the policy's approver
 * roles (one, or with approval: all every one); no request is kept,
 * so the exception report lists it by the meeting's date.  From a front
 * end (a permit, dated) it is CP_REFUSED: people approve for
 * themselves. */
cp_status casework_meeting_cancel_agreed(casework *cw, uint64_t id,
                                         const char *reason,
                                         const char *const *approvers,
                                         size_t napprovers, cp_error *err);
cp_status casework_meeting_cancel_agreed_txn(casework *cw, store_txn *t,
                                             uint64_t id, const char *reason,
                                             const char *const *approvers,
                                             size_t napprovers, cp_error *err);

/* The decision for one child of a (family) meeting. */
typedef struct cw_child_decision {
	const char *child_id;
	plan_decision plan;
	cp_category category;      /* of a plan */
} cw_child_decision;

typedef enum { CONVENE_UNSAID, CONVENE_YES, CONVENE_NO } cw_convene;

typedef struct cw_outcome {
	const char *decision;
	plan_decision plan;        /* for every child, unless decisions says
	                              per child; PLAN_NONE: no further CP
	                              meeting */
	cp_category category;      /* of that plan */
	const cw_child_decision *decisions; /* one a child of the meeting, or
	                              none (then plan and category hold) */
	size_t ndecisions;
	const char *attendees;
	const char *reports;
	const char *views_missing;
	const char *summary;
	bool schedule_next;        /* schedule the next meeting per cadence */
	const char *next_type;     /* NULL: the cadence rule for this same
	                              type, else the one with the latest date
	                              (the review conference, not the core
	                              group); others are named in warn */
	cp_date next_date;         /* CP_DATE_NONE: the latest date allowed */
	int next_minutes;          /* -1: none; -2: same as this meeting */
	const char *next_reason;   /* needed when next_date breaks the cadence */
	bool keep_open;            /* leave the open steps due by the meeting
	                              open; else they are closed as missed */
	const char *const *attended;  /* agencies that attended, and those */
	size_t nattended;             /* that sent apologies: kept on their */
	const char *const *apologies; /* rows of the invite list (invitees */
	size_t napologies;            /* named in neither: absent) */
	cw_convene convene;        /* a meeting leading to a conference (a
	                              strategy discussion): whether it is
	                              convened; not said is refused for one */
} cw_outcome;

/* Record the outcome of a scheduled meeting: status held, and a decision
 * for each of its children.  What was decided moves each child's case:
 * cp-plan opens a child protection plan from the meeting's date (with
 * its category) unless one is open; no-plan ends the open one there
 * (casework_case.c); each child's record changes with an audit entry.
 * With
 * schedule_next (and a plan other than PLAN_NONE) the next meeting is
 * scheduled like casework_meeting_add (same chair, minute taker, way of
 * meeting and anchors; its tasks generated) and its id returned in
 * *next_id (0 if none).  Open tasks of the held meeting stay open (the
 * post-meeting steps are still to do).  warn: the chair already has a
 * meeting that day (Hounslow's procedure, 002), or no cadence rule follows. */
cp_status casework_meeting_outcome(casework *cw, uint64_t id,
                                   const cw_outcome *o, uint64_t *next_id,
                                   char warn[CW_WARN_MAX], cp_error *err);
cp_status casework_meeting_outcome_txn(casework *cw, store_txn *t,
                                       uint64_t id, const cw_outcome *o,
                                       uint64_t *next_id,
                                       char warn[CW_WARN_MAX], cp_error *err);

/* ---- a child's episodes ------------------------------------------------ */
/* What happens to a child outside a conference, recorded on its case
 * (casework_case.c), each audited with the child's record before and
 * after:
 *   plan start: a child protection plan from `date` (a child who moved
 *     in on another authority's plan, or one from before cpdesk) -- a
 *     conference's cp-plan decision opens one by itself;
 *   plan end: the open plan ends (moved away, turned 18): reviews stop;
 *   care start / care end: an episode of being looked after; its first
 *     review counts from its start;
 *   cin start / cin end: a child-in-need episode (case mapping counts
 *     from its start).
 * Ending an episode withdraws the child from the scheduled meetings of
 * types held during it (policy during:) on or after the end: a meeting
 * of that child alone is cancelled (its open tasks with it), a family
 * meeting goes on for the others.  A plan needs ACCESS_RECORD_OUTCOMES,
 * care and child in need ACCESS_ADD_CHILDREN, each for that child.
 * Refused: a start while one is open or before the last one ended, an
 * end with none open or before its start, an end without a reason. */
typedef struct cw_episode_change {
	const char *child_id;
	episode_kind kind;
	bool start;                /* else end */
	cp_date date;
	cp_category category;      /* a plan's start */
	const char *reason;        /* an end's: required */
} cw_episode_change;
cp_status casework_episode(casework *cw, const cw_episode_change *c,
                           char warn[CW_WARN_MAX], cp_error *err);
cp_status casework_episode_txn(casework *cw, store_txn *t,
                               const cw_episode_change *c,
                               char warn[CW_WARN_MAX], cp_error *err);

/* ---- tasks, reports, consultations ------------------------------------ */
/* How an open step ends (issue 18): done (on a day, with an optional
 * note), not needed (a reason), or missed (a reason: its meeting was
 * held without it; kept for the exception report). */
typedef struct cw_close {
	uint64_t task_id;
	task_status as;            /* TASK_DONE, TASK_NOT_NEEDED, TASK_MISSED */
	cp_date on;                /* done: the day it was done (not after
	                              today); CP_DATE_NONE: the day recorded */
	const char *note;          /* done: optional; otherwise the reason */
	const char *by;            /* who did it; NULL/"": the actor */
	int64_t when;              /* recorded at; 0: cw->now or the clock */
	char *title;               /* NULL, or CW_TITLE_MAX bytes: gets the
	                              step's title when it is closed */
} cw_close;
#define CW_TITLE_MAX 160

/* Close an open task as c says.  Who may: the task's holder (for a pool,
 * anyone holding its role), their managers up the line, and the roles
 * the policy's closing: for-others names; marking one not needed, only
 * the roles closing: not-needed names; administrators always.  Refused
 * (CP_REFUSED) otherwise, naming who may; a closed task is refused
 * saying how and when it was closed. */
cp_status casework_task_close(casework *cw, const cw_close *c,
                              cp_error *err);
cp_status casework_task_close_txn(casework *cw, store_txn *t,
                                  const cw_close *c, cp_error *err);
/* Mark an open task done by `by` at `when` (Unix seconds; 0 = cw->now or
 * the clock): casework_task_close with TASK_DONE, on the day recorded. */
cp_status casework_task_done(casework *cw, uint64_t task_id, const char *by,
                             int64_t when, const char *note, cp_error *err);
cp_status casework_task_done_txn(casework *cw, store_txn *t, uint64_t task_id,
                                 const char *by, int64_t when,
                                 const char *note, cp_error *err);

/* Hook for escalations and reminders (a later issue): add a task of any
 * kind to an existing meeting.  k->id is assigned and written back. */
cp_status casework_task_add_txn(casework *cw, store_txn *t, cp_task *k,
                                cp_error *err);

/* Record an agency's report for a meeting: received on `received`,
 * shared with the family on `shared`; each date is set only when given
 * (CP_DATE_NONE keeps the row's), so sharing keeps the day it came in.
 * Both NONE: expected only (refused once it has come in).  Creates or
 * updates the row, audited before and after.  Refused: shared but never
 * received.  Bad input (when cw->dated): a date after cw->today; shared
 * before received. */
cp_status casework_report_received(casework *cw, uint64_t meeting_id,
                                   const char *agency, cp_date received,
                                   cp_date shared, cp_error *err);
cp_status casework_report_received_txn(casework *cw, store_txn *t,
                                       uint64_t meeting_id,
                                       const char *agency, cp_date received,
                                       cp_date shared, cp_error *err);

/* Invite an agency (or a named person of it) to a scheduled meeting,
 * saying how it takes part and whether a report is expected from it:
 * the meeting's invite list, from which the reports expected come.
 * Invited again, the invitation is updated.  Needs the role that
 * schedules meetings; audited (report.invite). */
typedef struct cw_invite {
	uint64_t meeting_id;
	const char *agency;        /* 1..200 bytes */
	const char *person;        /* NULL / "": the agency */
	take_part how;
	bool report;               /* a report is expected from it */
} cw_invite;
cp_status casework_meeting_invite(casework *cw, const cw_invite *in,
                                  cp_error *err);
cp_status casework_meeting_invite_txn(casework *cw, store_txn *t,
                                      const cw_invite *in, cp_error *err);

/* Log a consultation (the consultation procedure, 003; casework_consult.c).
 * kind must be one of the policy's consultation kinds, logged by a role
 * its logged-by: names (else the permission log-consultations); chair
 * "" / NULL means cw->actor, who must hold the kind's consulted: role;
 * social worker NULL means the child's; meeting_id, when given, a
 * meeting of the child of the kind's meeting: type (its closes: step is
 * closed).  The same child, kind and day logged before is refused unless
 * `again`.  A cycle kind (map, review) closes the child's open chair's
 * step, which must be the chair's if there is one; a review finding the
 * plan not progressing makes a new mapping due.  The told roles' holders
 * get it to read.  c->id is ignored; *id gets the new one. */
cp_status casework_consult_add(casework *cw, const cp_consult *c, bool again,
                               uint64_t *id, cp_error *err);
cp_status casework_consult_add_txn(casework *cw, store_txn *t,
                                   const cp_consult *c, bool again,
                                   uint64_t *id, cp_error *err);

/* Ask for a consultation (003 points 1-3): who sees the child asks the
 * one to be consulted (holding the kind's consulted: role), who gets a
 * step in their queue, due `by` (NONE: today), and with it sight of the
 * child until they log it (which closes the step).  Not for the monthly
 * cycle's kinds (those are allocated).  *id gets the step's id. */
typedef struct cw_ask {
	const char *child_id;
	const char *kind;
	const char *who;           /* the one asked */
	cp_date by;
	const char *note;          /* what it is about, or NULL */
} cw_ask;
cp_status casework_consult_ask(casework *cw, const cw_ask *q, uint64_t *id,
                               cp_error *err);

/* Open the month's case-mapping cycle (003 point 4a): each child on the
 * month's list with no open step gets an allocation step in the QA
 * administration manager's queue (due allocate-within working days into
 * the month); a chair's step of an earlier month still open is closed
 * as missed (it stays in that month's exception report) and the child is
 * carried to this month's list.  Who may: the roles the case-mapping
 * list goes to.  Running it twice adds nothing the second time. */
cp_status casework_mapping_month(casework *cw, cp_date month, size_t *opened,
                                 size_t *carried, cp_error *err);
/* Give the child's case mapping (or review) of the month to a chair: a
 * step in their queue due the month's last working day, the allocation
 * step closed; a child allocated already goes to the new chair (with
 * its step).  *step gets the chair's step's id. */
cp_status casework_mapping_allocate(casework *cw, const char *child_id,
                                    const char *chair, cp_date month,
                                    uint64_t *step, cp_error *err);

/* Who holds role r for meeting m of child c, by the rules that assign a
 * meeting's step tasks (casework_meeting_add): a login, or a pool name
 * ("@director").  Someone missing is CP_REFUSED naming who.  Used by
 * escalations and reminders (escalate.h). */
cp_status casework_role_holder(store_txn *t, const cp_child *child,
                               const cp_meeting *m, cp_role r,
                               char out[MODEL_ID_MAX + 1], cp_error *err);

/* ---- checking ---------------------------------------------------------- */
/* Every meeting's step tasks against its policy timeline
 * (schedule_timeline for its type, date, time and anchors, with the
 * stored policy): at most one task a step open or done, others
 * cancelled, and no open step task the timeline lacks (done and
 * cancelled ones of an earlier policy's steps are history).  Each step
 * must have a task on a scheduled meeting from today on (cw->today when
 * cw->dated), unless due before today; a held meeting, one before
 * today, or a cancelled one may lack any: a policy switch changes the
 * future, not history, and adds no task there (casework_policy_use).  A
 * held or past meeting may keep an earlier policy's open tasks (a switch
 * left it alone).  A cancelled, held or past meeting whose type or
 * anchors the policy lacks is checked for its children's tasks only.  Escalation and reminder tasks are not
 * counted.  CP_OK when all agree, else CP_FAILED with the first problem
 * and the count.  *nmeetings (may be NULL) gets the number checked.
 * Used by check-store (issue 8). */
cp_status casework_check_meetings(casework *cw, size_t *nmeetings,
                                  cp_error *err);

/* ---- switching policy -------------------------------------------------- */
/* A policy file read for a switch: the loaded policy and the text and
 * hash of every file of its extends: chain (what the store keeps). */
typedef struct cw_policy_src {
	policy *pol;
	cp_policy_file *files;   /* [0] the root, then its chain */
	size_t nfiles;
} cw_policy_src;

/* Read and strictly load the policy at path (errors FILE:LINE:COL). */
cp_status casework_policy_read(const char *path, cw_policy_src *out,
                               cp_error *err);
void casework_policy_src_free(cw_policy_src *s);   /* NULL is fine */

/* CW_SKIPPED: a step np has that would be added but is due before
 * today: counted and listed, never added (a switch changes the future). */
typedef enum { CW_MOVED, CW_ADDED, CW_DROPPED, CW_REASSIGNED, CW_SKIPPED,
               CW_KIND_COUNT } cw_change_kind;

/* One change a switch makes to a meeting's step tasks. */
typedef struct cw_policy_change {
	cw_change_kind kind;
	uint64_t meeting_id;
	uint64_t task_id;        /* added: 0 in a diff, the new task's id in
	                            what a switch did */
	char *meeting_type;
	char *child_id;
	char *team;              /* the social worker's team, or "" */
	char *step_id;
	cp_date from, to;        /* moved: old and new due; added: to */
	/* reassigned: the step keeps its id but np gives it another role;
	 * the open task goes to whoever holds the new role
	 * (casework_role_holder).  added: to_login is who gets the task.
	 * NULL / unused otherwise. */
	cp_role role_from, role_to;
	char *from_login, *to_login;
} cw_policy_change;

/* Changes counted by a key: a meeting type or a team ("" for none). */
typedef struct cw_tally {
	char *key;
	size_t n[CW_KIND_COUNT];
} cw_tally;

typedef struct cw_policy_diff {
	cw_policy_change *v;     /* every change, when asked for */
	size_t n, cap;           /* cap: room in v */
	size_t meetings;         /* meetings looked at (all of the store's) */
	size_t changed;          /* of which with a change (not just skipped) */
	size_t history;          /* of which left alone: held, or before today */
	size_t tot[CW_KIND_COUNT];
	cw_tally *types, *teams; /* sorted by key */
	size_t ntypes, nteams;
	/* policy use: the audit entries written -- policy.use.tasks, one a
	 * meeting changed, seq first..last (0 when none), then policy.use */
	uint64_t audit_first, audit_last, audit_switch;
	/* policy use: the switch kept for undo (0: none, e.g. holidays);
	 * back.id when src was the policy the latest switch replaced:
	 * back.undoable, it was undone instead (the counts above stay 0),
	 * else back.why says why it was switched as any other file */
	uint64_t switch_id;
	struct cw_undo *back;    /* malloc'd when set; freed by _diff_free */
} cw_policy_diff;
void casework_policy_diff_free(cw_policy_diff *d);  /* zeroes it */

/* Progress of a long walk (cli_progress fits); may be NULL. */
typedef void (*cw_progress_fn)(const char *what, size_t done, size_t total);

/* What switching to policy np (calendar ncal) would do.  A switch
 * changes the future, not history: a held meeting, and any meeting
 * dated before today (cw->today when cw->dated), is left exactly as it
 * is (out->history counts them).  Every open step task of the other
 * meetings is moved (a new due date), dropped (np lacks its step: the
 * task will be cancelled) or reassigned (np gives the step another
 * role: the task goes to the new role's holder; a task can be both
 * moved and reassigned, two changes); a step of np with no open or done
 * task is added to a scheduled meeting -- unless it is due before
 * today: then it is CW_SKIPPED, counted and listed but never added --
 * and never to a cancelled one.  A scheduled meeting from today on
 * whose type np lacks, or whose anchors np's timeline needs but the
 * meeting has not, is CP_REFUSED naming it; so is a step (new, or
 * changing role) whose role nobody holds for the meeting (naming who is
 * missing, as meeting add does).  Writes nothing.  out gets the counts
 * and every change. */
cp_status casework_policy_diff(casework *cw, const policy *np,
                               const calendar *ncal, cw_policy_diff *out,
                               cp_error *err);

/* The same, streamed: each(ctx, c) for every change, by rising meeting
 * id (c and its strings are lent for the call; out->meetings is already
 * set at the first call); out gets the counts but no list, so memory
 * does not grow with the store.  each returning an error stops the walk.
 * progress (may be NULL) hears of the meetings looked at. */
typedef cp_status (*cw_change_fn)(void *ctx, const cw_policy_diff *sum,
                                  const cw_policy_change *c, cp_error *err);
cp_status casework_policy_diff_each(casework *cw, const policy *np,
                                    const calendar *ncal, cw_change_fn each,
                                    void *ctx, cw_progress_fn progress,
                                    cw_policy_diff *out, cp_error *err);

typedef struct cw_use_opts {
	bool list;               /* out->v gets every change made */
	cw_progress_fn progress;
} cw_use_opts;

/* Switch the store to src (calendar ncal) in one write transaction:
 * store its files and hashes and make the changes the diff names
 * (re-date moved tasks, add tasks for added steps, cancel -- never
 * delete -- dropped ones, give reassigned ones their new role and
 * holder; done and cancelled tasks are not touched).  Audited compactly:
 * one "policy.use.tasks" entry per meeting changed (object meeting:ID,
 * the meeting's child, so 'audit --child' finds it) listing each task
 * id and its change, then one "policy.use" entry with the old and new
 * policy, the counts, the range of those entries and the reason.  out
 * (may be NULL) gets the counts, and with opts->list every change.
 * opts may be NULL.  Reason required. */
cp_status casework_policy_use(casework *cw, const cw_policy_src *src,
                              const calendar *ncal, const char *reason,
                              const cw_use_opts *opts, cw_policy_diff *out,
                              cp_error *err);

/* ---- undoing a switch ---------------------------------------------------
 * casework_policy_use keeps what it changed (store.h, schema 6): the
 * policy it replaced, and each task it moved, reassigned, cancelled
 * (dropped) or added, as it found and as it left it. */
typedef struct cw_undo {
	uint64_t id;             /* the switch; 0: none kept (or, previewing
	                            a file, not the one it replaced) */
	int64_t at;
	uint64_t audit_switch;   /* its policy.use entry */
	char login[MODEL_ID_MAX + 1];
	char from_id[CW_NAME_MAX + 1], to_id[CW_NAME_MAX + 1];
	size_t tasks;            /* tasks it changed */
	/* of which put back (or that would be): due dates, assignees, tasks
	 * it cancelled opened again, tasks it added cancelled */
	size_t redated, reassigned, reopened, cancelled;
	size_t changed;          /* changed since: left as they are */
	char changed_say[320];   /* the first five: "task 12 (done), ..." */
	size_t new_meetings;     /* booked since: undo refused */
	bool undoable;           /* else why says why */
	char why[700];
	/* the entries written: policy.undo.tasks, one a meeting, then
	 * policy.undo */
	uint64_t audit_first, audit_last, audit_undo;
} cw_undo;

/* Undo the latest switch kept, in one write transaction: every task it
 * changed as it found it (due date, role and assignee, open again if it
 * cancelled it, its note), every task it added cancelled, and the
 * policy it replaced the store's again; one "policy.undo.tasks" entry a
 * meeting (under its child) and one "policy.undo" with the counts and
 * the reason (NULL/"": "undo of policy switch N").  The switch is then
 * forgotten: the one before it is the next to undo.  CP_REFUSED, saying
 * why and what to do, when none is kept, when the store's policy is not
 * the one it made, when meetings were booked since (their tasks follow
 * the policy it made), or when tasks it changed have been changed since
 * (naming the first five) -- with force those are left as they are and
 * the rest put back.  For those who may switch the policy. */
cp_status casework_policy_undo(casework *cw, const char *reason, bool force,
                               cw_undo *out, cp_error *err);
/* What undoing would do, writing nothing: out->id 0 when no switch is
 * kept, or src (may be NULL: any) is not the policy the latest one
 * replaced; else the counts, and out->undoable or out->why. */
cp_status casework_policy_undo_preview(casework *cw, const cw_policy_src *src,
                                       cw_undo *out, cp_error *err);

/* Change the bank holidays the store counts working days with to those
 * of hf (the policy's division; ncal: the policy's calendar with them),
 * the way a policy switch changes it: every open step task re-dated
 * (moved), the future only (casework_policy_use says what is touched),
 * the division kept as the store's own copy, audited as one
 * "holidays.use" entry (the holidays before and after, the counts, the
 * reason) after the per-meeting entries.  casework_policy_diff_each
 * with the store's policy and ncal previews it.  For those who may
 * switch the policy.  Reason required. */
cp_status casework_holidays_use(casework *cw, const holiday_file *hf,
                                const calendar *ncal, const char *reason,
                                const cw_use_opts *opts, cw_policy_diff *out,
                                cp_error *err);

/* ---- reassignment, leaving, and reads on the record ------------------ */
/* What a worker holds: the work reassign moves and worker leave checks. */
typedef struct cw_work_counts {
	size_t children;   /* children allocated to them (social worker) */
	size_t tasks;      /* open tasks assigned to them, any kind */
	size_t meetings;   /* scheduled meetings they chair or clerk */
	size_t chaired;    /* of which as chair */
	size_t clerked;    /* of which as minute taker (a meeting can be both) */
	size_t workers;    /* current (not left) workers they manage */
} cw_work_counts;

typedef struct cw_reassign {
	const char *from;      /* whose work moves (may have left) */
	const char *to;        /* who takes it: a current worker */
	const char *child_id;  /* NULL: all of FROM's work; else this child's */
	const char *reason;    /* required; in the "reassign" audit entry */
	bool dry_run;          /* check and count only: write nothing */
} cw_reassign;

/* Move FROM's work to TO in one write transaction.  With child_id, only
 * that child's: its allocation if FROM is its social worker, FROM's open
 * tasks for it, and its scheduled meetings FROM chairs or clerks.
 * Without: every child allocated to FROM, every open task assigned to
 * FROM (whatever the child), every scheduled meeting FROM chairs or
 * clerks, and every current worker FROM manages (TO's own manager, if it
 * was FROM, becomes FROM's manager).  Done and cancelled tasks, held and
 * cancelled meetings never change.  Audit: one entry per changed record
 * (child.reassign, task.reassign, meeting.reassign, worker.reassign)
 * and one "reassign" entry with the reason and the counts.
 * Refused (CP_REFUSED): FROM or TO not a worker, TO has left, FROM ==
 * TO, or TO lacks a role the moved work needs -- social-worker for a
 * child, each task's role, the meeting type's chair role for chairing,
 * minute-taker for clerking, team-manager to manage a social worker,
 * service-manager to manage a team manager -- naming the first item that
 * needs it and how many do.  An unknown child_id is CP_BADINPUT.
 * Nothing to move is CP_OK with *out all zero and nothing written.
 * out (may be NULL) gets what moved (or would, with dry_run).  The _txn
 * form with dry_run writes nothing and works in a read transaction. */
cp_status casework_reassign(casework *cw, const cw_reassign *in,
                            cw_work_counts *out, cp_error *err);
cp_status casework_reassign_txn(casework *cw, store_txn *t,
                                const cw_reassign *in, cw_work_counts *out,
                                cp_error *err);

/* What login holds now (any transaction).  CP_BADINPUT when unknown. */
cp_status casework_worker_work_txn(casework *cw, store_txn *t,
                                   const char *login, cw_work_counts *out,
                                   cp_error *err);

/* Mark a worker as left (no new work is given to them), audited as
 * "worker.left" with the reason.  Refused while they hold children, open
 * tasks, scheduled meetings as chair or minute taker, or manage current
 * workers (the message gives the counts and the reassign command to
 * run), and when they have already left.  Unknown: CP_BADINPUT. */
cp_status casework_worker_leave(casework *cw, const char *login,
                                const char *reason, cp_error *err);
cp_status casework_worker_leave_txn(casework *cw, store_txn *t,
                                    const char *login, const char *reason,
                                    cp_error *err);

/* Put a read on the record: an audit entry "child.view" (who: cw->actor,
 * when, the child, after: how="HOW") in its own small write transaction
 * that does not bump the change counter (store_write_quiet), so other
 * consoles do not redraw.  how says where: "child show", "console",
 * "meeting show" (1-64 bytes of text).  Unknown child: CP_BADINPUT.
 * Call it before showing the record: if it fails, show nothing. */
cp_status casework_child_viewed(casework *cw, const char *child_id,
                                const char *how, cp_error *err);
/* Reads on the record in one quiet write (casework_read.c): one
 * "child.view" entry each -- object child:ID, or meeting:ID with
 * meeting=ID when a meeting's record was shown -- how="HOW" (1-64
 * bytes).  The caller (query.h) has already checked that each exists and
 * that the actor sees it.  n 0 writes nothing. */
typedef struct cw_read {
	const char *child_id;
	uint64_t meeting_id;     /* 0: the child's record or a listing */
	const char *how;
} cw_read;
cp_status casework_reads_record(casework *cw, const cw_read *reads, size_t n,
                                cp_error *err);
/* The same for a meeting's record: the entry names the meeting
 * (object meeting:ID) and its child.  Unknown meeting: CP_BADINPUT. */
cp_status casework_meeting_viewed(casework *cw, uint64_t meeting_id,
                                  const char *how, cp_error *err);

/* ---- corrections, audited (casework_edit.c) ---------------------------- */
/* Is s an e-mail address cpdesk takes: one '@', a local part and a
 * domain, printable ASCII with no spaces nor the characters that
 * structure a mail header, at most CW_EMAIL_MAX bytes? */
bool casework_email_ok(const char *s);

/* What a worker edit changes: a NULL string (or roles 0) leaves that
 * field as it is; "" clears team, manager and e-mail. */
typedef struct cw_worker_edit {
	const char *login;
	const char *name;
	role_set roles;            /* replaces their roles */
	const char *team;
	const char *manager;       /* a current worker, not below them */
	const char *email;
} cw_worker_edit;

/* What an edit did: whether anything changed (an edit that changes
 * nothing writes nothing), and the open tasks it moved. */
typedef struct cw_edited {
	bool changed;
	size_t tasks_moved;
} cw_edited;

/* Correct a worker's record in one transaction, audited as
 * "worker.update" with the record before and after.  Needs
 * manage-workers and the right to give both their old roles and their
 * new ones (as worker add).  Nothing to change: CP_BADINPUT; no such
 * worker: CP_BADINPUT.  Refused (CP_REFUSED): a manager who is not a
 * current worker, the worker themself or below them; taking away a role
 * their work still needs (children allocated, open tasks, scheduled
 * meetings they chair or clerk, workers they manage: the message gives
 * the count and the reassign command).  Open tasks already assigned
 * stay where they are (a new manager takes the next ones).  out may be
 * NULL. */
cp_status casework_worker_edit(casework *cw, const cw_worker_edit *in,
                               cw_edited *out, cp_error *err);
cp_status casework_worker_edit_txn(casework *cw, store_txn *t,
                                   const cw_worker_edit *in, cw_edited *out,
                                   cp_error *err);

/* What a child edit changes: NULL strings and the dates and preference
 * not marked as set are left as they are; family_id "" takes the child
 * out of its household. */
typedef struct cw_child_edit {
	const char *id;
	const char *name;
	bool dob_set;
	cp_date dob;               /* born: the expected date is cleared */
	bool expected_set;
	cp_date expected_birth;    /* an unborn child's */
	const char *social_worker;
	bool pref_set;
	family_pref family_pref;   /* how the family receives reports */
	const char *family_id;     /* the household (cpdesk family add) */
} cw_child_edit;

/* Correct a child's record in one transaction, audited as
 * "child.update" with the record before and after.  Needs add-children
 * reaching the child; a child the actor does not see is answered as one
 * not there (CP_BADINPUT "no child 'ID' in this store").  A new social
 * worker must be a current worker holding social-worker, and needs also
 * the reassign permission reaching the child: the old social worker's
 * open social-worker tasks for the child move to the new one in the same
 * transaction, each audited as task.reassign (as reassign --child moves
 * them; out->tasks_moved counts them).  The household must exist.  A
 * date of birth given to an unborn child clears its expected date; an
 * expected date for a child born is refused.  Nothing to change:
 * CP_BADINPUT.  out may be NULL. */
cp_status casework_child_edit(casework *cw, const cw_child_edit *in,
                              cw_edited *out, cp_error *err);
cp_status casework_child_edit_txn(casework *cw, store_txn *t,
                                  const cw_child_edit *in, cw_edited *out,
                                  cp_error *err);

/* Add a household (family:ID, audited as "family.add"): id a key like a
 * child's, a name (e.g. "Brown household").  Needs add-children.
 * Refused when the id exists. */
cp_status casework_family_add(casework *cw, const cp_family *f,
                              cp_error *err);
cp_status casework_family_add_txn(casework *cw, store_txn *t,
                                  const cp_family *f, cp_error *err);

#endif

/* query.h - the read seam: what the front ends show, read here alone.
 *
 * The console and the commands never read the store themselves (make
 * layers checks it); every screen, listing and export reads through a
 * function below, which
 *   - takes the session (session.h: an open casework with its permit) and
 *     reads in one short read transaction;
 *   - leaves out what the actor may not see (permit.h), and answers a
 *     record asked for by id that the actor may not see as it answers one
 *     that is not there (CP_BADINPUT, "no child ..."), where the function
 *     says so;
 *   - returns rows the caller owns (free each with its _free), every
 *     string from the store already made safe for a terminal, a TSV cell
 *     or a CSV field (text_sanitize: no control characters, no invalid
 *     UTF-8, no bidirectional overrides);
 *   - puts the read on the record where what it returns names children
 *     (their names, or what identifies them): for each call, one
 *     "child.view" entry per child shown (not per row), how="WHERE", all
 *     in one transaction written before the rows are returned; when it
 *     cannot be written, the rows are not returned.  A console reloads a
 *     screen whenever anyone writes: the same screen showing the same
 *     children again in one session is not recorded again (the session
 *     remembers the last set per screen).
 * `where` names the command or screen ("child list", "console: queue"):
 * it is what `cpdesk audit --child ID` shows as where a child was seen.
 *
 * A record read by id for its full detail (child show, meeting show, the
 * console's detail pane) is one "child.view" entry too: object child:ID,
 * or meeting:ID with meeting=ID, as `child show` has always written.
 *
 * Work-layer producers that show children without a query function of
 * their own (the lists, mail drafts, the calendar export) record what
 * they showed with query_note_children.  A manager's team (team.h:
 * team_read, for the Team view, `cpdesk team` and a PDF of it) is read
 * by the same rules: filtered by permit, sanitised, naming no child. */
#ifndef CPDESK_QUERY_H
#define CPDESK_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "casework.h"
#include "lists.h"
#include "model.h"
#include "status.h"

/* The open end of a date range. */
#define QUERY_DATE_MAX INT32_MAX

/* ---- the read audit -------------------------------------------------- */
/* Record that `where` showed these children (ids; duplicates and ""
 * ignored): a "child.view" entry for each, unless this session recorded
 * the same set for the same `where` last time.  Nothing when n is 0. */
cp_status query_note_children(casework *cw, const char *where,
                              const char *const *ids, size_t n,
                              cp_error *err);
/* Forget what the session recorded (the memo behind "not again"). */
void query_memo_free(casework *cw);
/* A console draws a screen before its reads are written, then writes
 * them all in one transaction (query_flush_reads) straight after: the
 * screen does not wait for the disk.  A front end that defers must flush
 * after every screen it draws, and show nothing more if the flush fails
 * (the console ends with the error). */
void query_defer_reads(casework *cw, bool defer);
cp_status query_flush_reads(casework *cw, cp_error *err);

/* ---- who is acting ---------------------------------------------------- */
typedef struct query_me {
	cp_worker worker;        /* sanitised; an administrator who is not a
	                            worker gets a record of their login with
	                            no roles */
	bool is_worker;          /* false: an administrator, not in the store */
	const char *pools[ROLE_POOLS + 2]; /* the task pools the worker's
	                            roles serve (POOL_QA_ADMIN ..., and the
	                            allocators' two), static strings */
	size_t npools;
} query_me;
/* The acting worker (cw->actor).  Not a worker and not an administrator:
 * CP_REFUSED saying to ask for a worker record. */
cp_status query_me_get(casework *cw, query_me *out, cp_error *err);
void query_me_free(query_me *me);

/* ---- staff ------------------------------------------------------------ */
/* One worker by login: *found false when there is none. */
cp_status query_worker(casework *cw, const char *login, cp_worker *out,
                       bool *found, cp_error *err);
/* Workers by login; only those holding a role of `roles` (0: any), and
 * with current, only those who have not left. */
cp_status query_workers(casework *cw, role_set roles, bool current,
                        cp_worker_vec *out, cp_error *err);
/* Display names for logins: the worker's name, else the login; "" for ""
 * and a pool name ("@qa-admin") as it is.  names[i] is malloc'd. */
cp_status query_worker_names(casework *cw, const char *const *logins,
                             size_t n, char **names, cp_error *err);

/* ---- tasks: the queue and task list ----------------------------------- */
/* Which statuses a task query wants: a bit per task_status. */
#define QUERY_STATUS(s) (1u << (s))
#define QUERY_STATUS_ANY                                                 \
	(QUERY_STATUS(TASK_OPEN) | QUERY_STATUS(TASK_DONE) |              \
	 QUERY_STATUS(TASK_CANCELLED))

typedef struct query_task {
	cp_task task;            /* sanitised; derived rows (escalations and
	                            reminders) have id of the step task they
	                            are about, kind TASK_ESCALATION or
	                            TASK_REMINDER, step "KIND:STEP", due the
	                            day raised and assignee who it went to */
	char *meeting_type;      /* "" when the meeting is unknown */
	cp_date meeting_date;    /* CP_DATE_NONE when unknown */
	meeting_status meeting_status; /* MEETING_STATUS_COUNT: not read */
	char *child_name;        /* with names; else "" */
	char *assignee_name;     /* in a meeting's record; else "" */
	int group;               /* QUERY_GROUP_* of its due date (queue) */
} query_task;

typedef struct query_tasks {
	query_task *v;
	size_t n, cap;
} query_tasks;
void query_tasks_free(query_tasks *q);

typedef struct query_task_filter {
	const char *assignee;    /* a login or pool; NULL: the actor */
	bool all;                /* every assignee (admin listings); else
	                            the assignee and the pools their roles
	                            serve */
	unsigned statuses;       /* QUERY_STATUS bits; 0: open only */
	cp_date from, to;        /* due, inclusive: CP_DATE_NONE ..
	                            QUERY_DATE_MAX for all */
	bool overdue;            /* open and due before today only */
	bool derived;            /* add the escalations and reminders in
	                            force for the assignee (open only; a
	                            reminder is listed when it started by
	                            `to`, never as overdue) */
	bool details;            /* titles and meetings' status (each task
	                            and meeting is read); without: open tasks
	                            from the queue index alone */
	bool names;              /* children's names (each child is read, and
	                            the read recorded) */
	cp_date today;
} query_task_filter;

/* Tasks by due date, then kind, then id.  An assignee who is not a worker
 * (and not a pool) is CP_BADINPUT naming them; a worker whose queue the
 * actor may not see (permit_worker: another team's) is CP_REFUSED saying
 * why, not an empty list. */
cp_status query_task_list(casework *cw, const query_task_filter *f,
                          const char *where, query_tasks *out,
                          cp_error *err);

/* The queue's groups: overdue, today, the rest of this week (to Sunday),
 * later. */
enum { QUERY_GROUP_OVERDUE, QUERY_GROUP_TODAY, QUERY_GROUP_WEEK,
       QUERY_GROUP_LATER, QUERY_GROUP_COUNT };
int query_due_group(cp_date due, cp_date today);
/* The group of an escalation (overdue once raised before today) or a
 * reminder (today's from the day it starts until its step is closed). */
int query_derived_group(const cp_task *k, cp_date today);
const char *query_group_name(int group);   /* "Overdue" ... */

/* A worker's queue as the console shows it: their open tasks and those
 * of their pools, with details, at most `limit` a group (the group's
 * count says how many were read, more[] that there were more), plus the
 * escalations and reminders in force; by group, due, kind, id.
 * Another worker's queue (the Team view's drill-down) only as the policy
 * lets the actor see it: else CP_REFUSED, as query_task_list. */
typedef struct query_queue {
	query_tasks tasks;
	size_t counts[QUERY_GROUP_COUNT];
	bool more[QUERY_GROUP_COUNT];
} query_queue;
cp_status query_queue_get(casework *cw, const char *login, cp_date today,
                          size_t limit, const char *where, query_queue *out,
                          cp_error *err);
void query_queue_free(query_queue *q);

/* ---- meetings ---------------------------------------------------------- */
#define QUERY_CLASH_MAX 64
typedef struct query_meeting {
	cp_meeting meeting;      /* sanitised; of a family meeting only the
	                            children the reader sees (the first seen
	                            as child_id), and their decisions */
	char *child_name;
	char *children;          /* "Ada Brown, Ben Brown and 1 other child";
	                            the child's name for a meeting of one */
	size_t children_hidden;  /* children of the meeting not seen */
	char *chair_name;        /* display names; "" when none */
	char *minute_taker_name;
	int reports_in, reports_expected;  /* with counts */
	size_t open_tasks;       /* with counts */
	char clash[QUERY_CLASH_MAX]; /* why it clashes with another meeting
	                            read ("chair double-booked"); "" none */
} query_meeting;

typedef struct query_meetings {
	query_meeting *v;
	size_t n, cap;
	bool more;               /* the limit cut the list */
} query_meetings;
void query_meetings_free(query_meetings *q);

typedef struct query_meeting_filter {
	cp_date from, to;        /* the meeting's date, inclusive */
	const char *chair;       /* only this chair's; NULL: all */
	const char *child_id;    /* only this child's; NULL: all */
	size_t limit;            /* 0: all */
	bool counts;             /* reports and open tasks counted (reads
	                            each meeting's reports and tasks) */
} query_meeting_filter;

/* Meetings by date then id, that the actor sees. */
cp_status query_meeting_list(casework *cw, const query_meeting_filter *f,
                             const char *where, query_meetings *out,
                             cp_error *err);

/* A meeting in full, for meeting show, the detail pane and the forms. */
typedef struct query_meeting_record {
	query_meeting m;         /* with names and counts */
	char *type_title;        /* the policy's title for its type */
	cp_child child;          /* sanitised */
	char *sw_name, *tm_login, *tm_name;   /* social worker, team manager */
	query_tasks tasks;       /* every task of the meeting, by id, with
	                            titles (child_name left "") */
	cp_report_vec reports;   /* by agency */
} query_meeting_record;
/* No such meeting, or one of a child the actor may not see: CP_BADINPUT
 * ("no meeting ID in the store"), the same answer for both.  One whose
 * child they see but not the meeting itself (a chair's colleague's
 * meeting): CP_REFUSED saying so.  Recorded as "meeting.view"
 * (how=where) first. */
cp_status query_meeting_get(casework *cw, uint64_t id, const char *where,
                            query_meeting_record *out, cp_error *err);
void query_meeting_record_free(query_meeting_record *r);

/* A meeting's agency reports, by agency (for the report form). */
cp_status query_reports(casework *cw, uint64_t meeting_id,
                        cp_report_vec *out, cp_error *err);

/* ---- children ---------------------------------------------------------- */
typedef struct query_child {
	cp_child child;          /* sanitised */
	char *sw_name;           /* the social worker's display name */
} query_child;

typedef struct query_children {
	query_child *v;
	size_t n, cap;
	bool more;               /* the limit cut the list */
} query_children;
void query_children_free(query_children *q);

typedef struct query_child_filter {
	const char *social_worker; /* only their children; NULL: all */
	const char *search;      /* the child with this id first, then those
	                            whose name or id contains it (ASCII
	                            letters ignoring case); NULL or "": all */
	size_t limit;            /* 0: all */
} query_child_filter;

/* Children by id that the actor sees. */
cp_status query_child_list(casework *cw, const query_child_filter *f,
                           const char *where, query_children *out,
                           cp_error *err);

/* What of a child's record to read besides the child. */
enum {
	QUERY_CHILD_MEETINGS = 1,   /* its meetings, with counts */
	QUERY_CHILD_TASKS = 2,      /* open tasks of its scheduled and held
	                               meetings */
	QUERY_CHILD_CONSULTS = 4,   /* its consultations */
	QUERY_CHILD_HISTORY = 8     /* the changes to its record (the audit
	                               trail without reads), newest first, at
	                               most QUERY_HISTORY_MAX; only for an
	                               actor the policy lets read the audit
	                               (read-audit), else left empty */
};
#define QUERY_HISTORY_MAX 40

typedef struct query_consult query_consult;
typedef struct query_consults {
	query_consult *v;
	size_t n, cap;
} query_consults;

typedef struct query_child_record {
	query_child c;
	query_meetings meetings;
	query_tasks open_tasks;
	query_consults consults;
	cp_audit_vec history;
	bool history_read;       /* asked for, and the actor may read the
	                            audit: an empty history means none */
} query_child_record;
/* No such child, or one the actor may not see: CP_BADINPUT ("no child
 * 'ID' in the store"), the same answer for both, so that nobody can test
 * which ids exist.  Recorded as "child.view" (how=where) first. */
cp_status query_child_get(casework *cw, const char *id, unsigned parts,
                          const char *where, query_child_record *out,
                          cp_error *err);
void query_child_record_free(query_child_record *r);

/* Names for child ids (the id itself for a child unknown or not seen);
 * names[i] malloc'd.  Recorded as a read of the children named. */
cp_status query_child_names(casework *cw, const char *const *ids, size_t n,
                            const char *where, char **names, cp_error *err);

/* ---- consultations ----------------------------------------------------- */
struct query_consult {
	cp_consult consult;      /* sanitised */
	char *kind_title;        /* the policy's title for the kind */
	char *child_name;        /* with names; else "" */
	char *chair_name, *sw_name;   /* with names; else "" */
};
void query_consults_free(query_consults *q);

typedef struct query_consult_filter {
	const char *chair;       /* logged by this chair (NULL: the actor,
	                            unless child_id or all) */
	const char *child_id;    /* about this child */
	bool all;                /* every chair's */
	cp_date from, to;        /* the consultation's date, inclusive */
	size_t limit;            /* 0: all */
	bool names;              /* children's, chairs' and social workers'
	                            names (the children's read recorded) */
} query_consult_filter;

/* Consultations by date then id (a child's: by date), that the actor
 * sees. */
cp_status query_consult_list(casework *cw, const query_consult_filter *f,
                             const char *where, query_consults *out,
                             cp_error *err);

/* The case-mapping list of the month `month` falls in
 * (lists_mapping_due_txn), recorded. */
cp_status query_mapping_due(casework *cw, cp_date month, const char *where,
                            lists_mapping_due **out, size_t *n,
                            cp_error *err);

/* Each current CP chair's part in a month's cycle, for allocating it
 * fairly (003 point 4a: "CP conference requirements ... fluctuate"). */
typedef struct query_mapping_chair {
	char *login, *name;      /* sanitised */
	unsigned allocated;      /* the month's list allocated to them, open */
	unsigned done;           /* mapped or reviewed by them in the month */
	unsigned conferences;    /* meetings they chair in the month */
} query_mapping_chair;
cp_status query_mapping_chairs(casework *cw, cp_date month,
                               query_mapping_chair **out, size_t *n,
                               cp_error *err);
void query_mapping_chairs_free(query_mapping_chair *v, size_t n);

/* ---- the management lists ---------------------------------------------- */
/* lists_build, recorded as a read of every child its rows name. */
cp_status query_list(casework *cw, policy_list_kind kind, cp_date date,
                     cp_date today, const char *where, list_table *out,
                     cp_error *err);

/* ---- the audit trail --------------------------------------------------- */
typedef struct query_audit_filter {
	const char *login;       /* only this actor's */
	const char *child_id;    /* only entries naming this child */
	int64_t since, until;    /* Unix seconds, inclusive; 0: open */
	bool newest_first;
	size_t limit;            /* 0: all */
} query_audit_filter;

/* Each matching entry (sanitised, lent for the call) that the actor may
 * see: entries about children they do not see are left out.  Needs
 * ACCESS_READ_AUDIT (CP_REFUSED otherwise).  each returns false to stop. */
typedef bool (*query_audit_fn)(void *ctx, const cp_audit *a);
cp_status query_audit_each(casework *cw, const query_audit_filter *f,
                           query_audit_fn each, void *ctx, cp_error *err);

/* ---- the console's own reads (query_ui.c) -----------------------------
 * Added for the console (src/ui); the rules above apply. */

/* The counts of the acting worker's queue as query_queue_get gives them
 * (at most `limit` a group, more[] when cut, plus the escalations and
 * reminders), without its rows: for the console's header while another
 * view is on screen.  Read from the queue index alone and naming no
 * child, so nothing is recorded.  me: query_me_get's; not a worker: all
 * 0.  out->tasks is left empty. */
cp_status query_queue_counts(casework *cw, const query_me *me, cp_date today,
                             size_t limit, query_queue *out, cp_error *err);

/* May the actor take `act` on this meeting (their role must reach its
 * case)?  CP_OK, or CP_REFUSED naming the role needed (permit_meeting):
 * a form says so before anything is typed. */
cp_status query_meeting_may(casework *cw, const cp_meeting *m,
                            access_action act, cp_error *err);

/* The date of each meeting of ids[0..n) the actor sees, else
 * CP_DATE_NONE.  Dates alone name no child: nothing is recorded. */
cp_status query_meeting_dates(casework *cw, const uint64_t *ids, size_t n,
                              cp_date *dates, cp_error *err);

/* ==== for the command line (query_cli.c) ===============================
 * Reads `cpdesk` needs that the seam above does not give; the same rules
 * apply (permit, sanitised strings, reads that name children recorded). */

/* A meeting's type and status, and its texts that hold one entry a line
 * (the reason; the outcome's decision, attendees, reports, views and
 * summary), every line sanitised and the newlines kept (query_meeting_get
 * gives each on one line).  Names no child: not recorded.  A meeting the
 * actor may not see is CP_BADINPUT "no meeting ID", as one not there. */
typedef struct query_meeting_texts {
	char *type;
	meeting_status status;
	char *reason, *decision, *attendees, *reports, *views_missing, *summary;
} query_meeting_texts;
cp_status query_meeting_texts_get(casework *cw, uint64_t id,
                                  query_meeting_texts *out, cp_error *err);
void query_meeting_texts_free(query_meeting_texts *t);

/* ==== households and corrections (query_family.c) ======================
 * For family list / show and the console's edit forms; the rules above
 * apply. */

/* A household as its actor sees it. */
typedef struct query_family {
	cp_family family;        /* sanitised */
	size_t children;         /* its children the actor sees */
} query_family;

typedef struct query_families {
	query_family *v;
	size_t n, cap;
} query_families;
void query_families_free(query_families *q);

/* Households by id that the actor sees: those with a child they see,
 * and every one for those who may add children (they put children in
 * them).  Counts name no child: nothing is recorded. */
cp_status query_family_list(casework *cw, query_families *out,
                            cp_error *err);

/* One household, and with `children` its children the actor sees (by
 * id; the others are neither named nor counted), recorded as read by
 * `where`.  One not there, or not seen: CP_BADINPUT "no family 'ID' in
 * this store", the same answer for both. */
typedef struct query_family_record {
	query_family f;
	query_children children;
} query_family_record;
cp_status query_family_get(casework *cw, const char *id, bool children,
                           const char *where, query_family_record *out,
                           cp_error *err);
void query_family_record_free(query_family_record *r);

/* May the actor take `act` on this child (their role must reach its
 * case)?  A child not there or not seen: CP_BADINPUT "no child"; else
 * CP_OK, or CP_REFUSED naming the role needed: a form says so before
 * anything is typed.  Names nothing: not recorded. */
cp_status query_child_may(casework *cw, const char *id, access_action act,
                          cp_error *err);

/* ---- requests for approval (query_request.c) --------------------------- */
typedef struct query_request {
	cp_request req;           /* sanitised */
	cp_date meeting_date;
	char *meeting_type;
	char *child_name;         /* or the id */
	char *requester_name;
	char *waiting;            /* who approves what is missing, as a line */
	bool may_approve;         /* the actor may approve or refuse it now */
	char *why_not;            /* pending, not theirs: whose it is, or "" */
} query_request;
typedef struct query_requests {
	query_request *v;
	size_t n, cap;
} query_requests;
/* The pending requests whose meetings the actor sees, newest first;
 * mine: only those the actor may approve, and the actor's own requests
 * however they ended (a refusal's reason is its closing_note).  Records
 * the children shown under `where`. */
cp_status query_requests_get(casework *cw, bool mine, const char *where,
                             query_requests *out, cp_error *err);
void query_requests_free(query_requests *q);
void query_request_free(query_request *r);   /* one row; zeroed */
/* Who must approve `kind` for meeting_id (casework_approvers_text; ""
 * when the policy names nobody or the meeting is not the actor's to
 * see), and *pending the request already waiting, of *pending_kind (0:
 * none; pending_kind may be NULL). */
cp_status query_approvers(casework *cw, uint64_t meeting_id,
                          request_kind kind, char *buf, size_t size,
                          uint64_t *pending, request_kind *pending_kind,
                          cp_error *err);

#endif

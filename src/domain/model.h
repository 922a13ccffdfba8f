/* model.h - the domain records of a borough's case store, as plain C.
 *
 * No LMDB here: these are what the codec encodes, the store keeps and the
 * console shows.  Every string field is owned by its record (malloc'd);
 * records that come out of the store (decoder, scans) never have NULL
 * strings -- an absent value is "".  Records built by callers may leave
 * optional strings NULL; the store treats NULL as "".  Each record has a
 * *_free() that frees its fields (not the struct itself) and zeroes it,
 * so a zeroed record may be freed safely.
 *
 * Dates are cp_date (CP_DATE_NONE when unknown); times of day are minutes
 * past midnight or -1; moments (audit, task done) are Unix seconds. */
#ifndef CPDESK_MODEL_H
#define CPDESK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "approval.h"
#include "date.h"
#include "role.h"
#include "schedule.h"   /* anchor_date */
#include "status.h"

/* Logins and child ids are LMDB keys (at most 511 bytes): keep them short. */
#define MODEL_ID_MAX 128

/* Task pools: assignee names that are not a login. */
#define POOL_QA_ADMIN   "@qa-admin"
#define POOL_QA_MANAGER "@qa-manager"
#define POOL_DIRECTOR   "@director"
#define POOL_SAFEGUARDING_MANAGER "@safeguarding-manager"
#define POOL_QA_REVIEW_MANAGER    "@qa-review-manager"
/* The roles whose holders are not found from a child's line of
 * management have a pool each: so many of them. */
#define ROLE_POOLS 5
/* A meeting's steps for a chair (or IRO) or minute taker not yet
 * allocated: the allocators' (QA administrators) "to allocate". */
#define POOL_CHAIR        "@chair"
#define POOL_MINUTE_TAKER "@minute-taker"
/* Is login a pool rather than a person? */
#define POOL_IS(login) ((login)[0] == '@')
/* The pool of role r ("@qa-admin"), or NULL when r's holder for a child
 * is a person found from the child (their line, the meeting's chair). */
const char *role_pool(cp_role r);
/* The role whose pool is `login`; false when it is no role's pool. */
bool pool_role(const char *login, cp_role *out);

/* ---- worker ------------------------------------------------------------ */
typedef struct cp_worker {
	char *login;          /* the Unix user name; key */
	char *name;           /* display name */
	role_set roles;
	char *team;
	char *manager;        /* manager's login, or "" */
	bool left;            /* has left: no new work is assigned */
	char *email;          /* where the lists and reminders go, or "" */
} cp_worker;

/* ---- family (a household: siblings conferenced together) --------------- */
typedef struct cp_family {
	char *id;             /* the borough's id for the household; key */
	char *name;           /* "Brown household" */
} cp_family;

/* ---- child ------------------------------------------------------------- */
typedef enum {
	FAMILY_PREF_UNKNOWN,
	FAMILY_PREF_SECURE_EMAIL,
	FAMILY_PREF_POST,
	FAMILY_PREF_HAND_DELIVERED,
	FAMILY_PREF_COUNT
} family_pref;            /* how the family gets reports (the virtual
                             conference procedure, 000) */

/* What a child's case is over time: child in need, a child protection
 * plan, looked after -- each an episode with a start and (once closed)
 * an end.  Episodes of one kind never overlap; a child may be in need
 * and on a plan at once. */
typedef enum {
	EPISODE_CIN,          /* child in need */
	EPISODE_CP,           /* child protection plan */
	EPISODE_LAC,          /* looked after (a care episode) */
	EPISODE_KIND_COUNT
} episode_kind;

/* A child protection plan's category: Working Together, and the
 * children-in-need census's "category of abuse". */
typedef enum {
	CP_CATEGORY_UNKNOWN,  /* not recorded (a plan from before schema 4) */
	CP_CATEGORY_NEGLECT,
	CP_CATEGORY_PHYSICAL,
	CP_CATEGORY_EMOTIONAL,
	CP_CATEGORY_SEXUAL,
	CP_CATEGORY_MULTIPLE,
	CP_CATEGORY_COUNT
} cp_category;

typedef struct cp_episode {
	episode_kind kind;
	cp_date start;
	cp_date end;          /* CP_DATE_NONE while open */
	cp_category category; /* plans only */
	uint64_t start_meeting; /* the meeting that decided it, or 0 */
	uint64_t end_meeting;
	char *end_reason;     /* why it ended ("" while open) */
	bool running;         /* already running when recorded (child add
	                         --looked-after-since, import): its meetings
	                         before cpdesk are unknown, so its first one
	                         here does not count from its start */
} cp_episode;

typedef struct cp_child {
	char *id;             /* the borough's case-system id; key */
	char *name;
	cp_date dob;          /* CP_DATE_NONE for an unborn child */
	char *social_worker;  /* allocated social worker's login */
	family_pref family_pref;
	char *family_id;      /* the household (cp_family), or "" */
	cp_date expected_birth; /* an unborn child's expected date of
	                           delivery, or CP_DATE_NONE */
	cp_episode *episodes; /* by start date, then kind */
	size_t nepisodes;
} cp_child;

/* ---- meeting ----------------------------------------------------------- */
typedef enum {
	HOW_UNKNOWN,
	HOW_TEAMS,
	HOW_SKYPE,
	HOW_PHONE,
	HOW_IN_PERSON,
	HOW_ONE_TO_ONE_WRITTEN, /* Hounslow's procedure (002): an RCPC by
	                           discussion and written reports */
	HOW_COUNT
} meeting_how;

typedef enum {
	MEETING_SCHEDULED,
	MEETING_HELD,
	MEETING_CANCELLED,
	MEETING_STATUS_COUNT
} meeting_status;

typedef enum {
	PLAN_UNSET,           /* no outcome yet */
	PLAN_CP,              /* child protection plan */
	PLAN_NONE,            /* no plan (CP meeting decided none) */
	PLAN_NA,              /* not applicable (CLA review) */
	PLAN_COUNT
} plan_decision;

/* The decision for one child of the meeting. */
typedef struct cp_decision {
	char *child_id;
	plan_decision plan;
	cp_category category; /* of a plan */
} cp_decision;

typedef struct cp_outcome {   /* what Hounslow's procedure (002) asks
                                 to be recorded */
	char *decision;       /* decision / CLA recommendations */
	plan_decision plan;   /* cp-plan when any child's plan is, no-plan
	                         when none is, n/a for a CLA review */
	cp_decision *decisions; /* one a child of the meeting, when held */
	size_t ndecisions;
	char *attendees;      /* one per line */
	char *reports;        /* reports submitted, one per line */
	char *views_missing;  /* why child's/parents' views were not
	                         available (the interim remote-meeting
	                         guidance, 001), or "" */
	char *summary;        /* chair's summary */
	cp_date next_date;    /* date of the next meeting, or CP_DATE_NONE */
	uint64_t next_id;     /* the meeting scheduled for it, or 0 */
} cp_outcome;

/* Most a family meeting is for: the index child and its siblings. */
#define MEETING_CHILDREN_MAX 8

typedef struct cp_meeting {
	uint64_t id;          /* key; from store_next_id() */
	char *child_id;       /* the index child (Swindon's procedure, 004-15:
	                         conference reports are written on it) */
	char **siblings;      /* the other children of a family meeting, of
	                         the index child's household */
	size_t nsiblings;     /* at most MEETING_CHILDREN_MAX - 1 */
	char *type;           /* policy meeting type: "icpc", "cla-review" ... */
	cp_date date;
	int minutes;          /* time of day, or -1 */
	char *chair;          /* CP chair / IRO login, or "" */
	char *minute_taker;   /* login, or "" */
	meeting_how how;
	anchor_date *anchors; /* strategy discussion, s47 start, care start */
	size_t nanchors;
	meeting_status status;
	int nth;              /* 1 for the child's first of this type */
	uint64_t prev_id;     /* the held meeting whose cadence led here, or 0 */
	cp_date cadence_by;   /* latest date the cadence allows, or NONE */
	bool cadence_exception; /* held later than cadence_by, with a reason */
	cp_date moved_from;   /* date before the last move, or NONE */
	char *reason;         /* last move/cancel/exception reason, or "" */
	char *approved_by;    /* approvers of its cancellation or of its last
	                         move (a late move), "a,b", or "" */
	cp_outcome outcome;   /* filled when held */
} cp_meeting;

/* ---- task -------------------------------------------------------------- */
/* How a step ended (issue 18): done, or not needed (with a reason, by a
 * role the policy allows), or missed (closed late: its meeting was held
 * without it, kept for the exception report); cancelled is the meeting's
 * (cancelled, withdrawn, or a policy switch dropped the step). */
typedef enum { TASK_OPEN, TASK_DONE, TASK_CANCELLED, TASK_NOT_NEEDED,
               TASK_MISSED, TASK_STATUS_COUNT }
	task_status;
typedef enum { TASK_STEP, TASK_ESCALATION, TASK_REMINDER, TASK_KIND_COUNT }
	task_kind;

typedef struct cp_task {
	uint64_t id;          /* key */
	uint64_t meeting_id;
	char *child_id;
	char *step_id;        /* policy step id */
	cp_role role;         /* the step's role */
	char *title;
	char *assignee;       /* login, or a pool ("@qa-admin") */
	cp_date due;
	task_status status;
	char *done_by;        /* who closed it (done, not needed, missed):
	                         login, or "" */
	int64_t done_at;      /* when that was recorded: Unix seconds, or 0 */
	cp_date done_on;      /* the day it was done, as stated (work done
	                         on Friday, recorded on Monday); CP_DATE_NONE:
	                         the day it was recorded */
	char *note;           /* done: the note; not needed / missed: why */
	task_kind kind;
} cp_task;

/* ---- an agency at a meeting: invited, its report, its attendance
 * (key: meeting id + agency) ------------------------------------------- */
typedef enum {
	TAKE_UNKNOWN, TAKE_IN_PERSON, TAKE_TEAMS, TAKE_PHONE, TAKE_REPORT_ONLY,
	TAKE_COUNT
} take_part;             /* how an invitee takes part */

typedef enum {
	ATTEND_UNKNOWN, ATTEND_ATTENDED, ATTEND_APOLOGIES, ATTEND_ABSENT,
	ATTEND_COUNT
} attendance;            /* recorded with the outcome */

typedef struct cp_report {
	uint64_t meeting_id;
	char *agency;         /* "Police", "Health visitor", "School",
	                         "Parents" ... */
	bool expected;        /* a report is expected from it */
	cp_date received;     /* or CP_DATE_NONE */
	cp_date shared;       /* shared with the family, or CP_DATE_NONE */
	bool invited;         /* on the meeting's invite list (format 3) */
	char *person;         /* the person invited, or "" */
	take_part how;
	attendance attended;
} cp_report;

/* Whether the plan a case mapping made or reviewed is being progressed
 * (the consultation procedure, 003 point 4a: "a good plan which is being
 * progressed"). */
typedef enum { PROGRESS_UNKNOWN, PROGRESS_YES, PROGRESS_NO,
               PROGRESS_COUNT } consult_progress;

/* ---- consultation (the consultation procedure, 003: the "LL
 * Consultation form") ---------------------------------------------------- */
typedef struct cp_consult {
	uint64_t id;          /* key */
	char *kind;           /* policy consultation kind id */
	cp_date date;
	char *chair;          /* login of the chair who ran it */
	char *child_id;
	char *social_worker;  /* login */
	char *decision;       /* the manager's decision */
	char *notes;
	/* format 5: the rest of the LL Consultation form (the consultation
	 * procedure, 003 point 4) and the meeting it was held for */
	char *took_part;      /* who took part: the social worker and their
	                         supervisor or team manager ..., or "" */
	char *plan;           /* the plan made, or the one reviewed, or "" */
	consult_progress progressing; /* is that plan being progressed? */
	char *escalation;     /* what was escalated, to whom, or "" */
	uint64_t meeting_id;  /* the meeting it was held for (a strategy
	                         meeting, 003 point 1), or 0 */
} cp_consult;

/* A cycle step (the consultation procedure, 003 point 4a: the monthly
 * case-mapping allocation, a chair's mapping or review) is the child's,
 * not a meeting's: its meeting_id is this. */
#define TASK_NO_MEETING 0

/* ---- audit ------------------------------------------------------------- */
typedef struct cp_audit {
	uint64_t seq;         /* key; assigned by store_audit_append() */
	int64_t time;         /* Unix seconds */
	char *login;          /* who */
	char *action;         /* "meeting.add", "task.done", ... */
	char *object;         /* "meeting:12", "child:AB123", "worker:jsmith" */
	char *child_id;       /* the child concerned, or "" */
	char *before;         /* record before (model_*_describe), or "" */
	char *after;          /* record after, or "" */
} cp_audit;

/* ---- a policy file kept in the store (issue 3: the store keeps working
 * when the file on disk changes) ----------------------------------------- */
typedef struct cp_policy_file {
	char *name;           /* as named by extends: (the root: its base name) */
	char *path;           /* where it was read from */
	char *text;           /* full text, NUL-terminated */
	size_t len;           /* bytes of text */
	uint64_t hash;        /* model_hash(text, len) */
} cp_policy_file;

/* Free the fields of a record and zero it.  NULL is accepted. */
void cp_worker_free(cp_worker *w);
void cp_family_free(cp_family *f);
void cp_child_free(cp_child *c);
void cp_outcome_free(cp_outcome *o);
void cp_meeting_free(cp_meeting *m);   /* frees the outcome too */
void cp_task_free(cp_task *t);
void cp_report_free(cp_report *r);
void cp_consult_free(cp_consult *c);
void cp_audit_free(cp_audit *a);
void cp_policy_file_free(cp_policy_file *f);

/* Deep copies (for keeping a record a scan callback lends you).  On
 * CP_FAILED (out of memory) dst is zeroed. */
cp_status cp_worker_copy(cp_worker *dst, const cp_worker *src, cp_error *err);
cp_status cp_family_copy(cp_family *dst, const cp_family *src, cp_error *err);
cp_status cp_child_copy(cp_child *dst, const cp_child *src, cp_error *err);
cp_status cp_meeting_copy(cp_meeting *dst, const cp_meeting *src,
                          cp_error *err);
cp_status cp_task_copy(cp_task *dst, const cp_task *src, cp_error *err);
cp_status cp_report_copy(cp_report *dst, const cp_report *src,
                         cp_error *err);
cp_status cp_consult_copy(cp_consult *dst, const cp_consult *src,
                          cp_error *err);
cp_status cp_audit_copy(cp_audit *dst, const cp_audit *src, cp_error *err);

/* Growable arrays of records that own their elements: _push keeps a deep
 * copy (cp_*_copy), _free frees every element and zeroes the vector.  A
 * zeroed vector is empty. */
#define CP_VEC_DECLARE(name, type)                                         \
	typedef struct name { type *v; size_t n, cap; } name;              \
	cp_status name##_push(name *vec, const type *item, cp_error *err); \
	void name##_free(name *vec);
CP_VEC_DECLARE(cp_worker_vec, cp_worker)
CP_VEC_DECLARE(cp_family_vec, cp_family)
CP_VEC_DECLARE(cp_child_vec, cp_child)
CP_VEC_DECLARE(cp_meeting_vec, cp_meeting)
CP_VEC_DECLARE(cp_task_vec, cp_task)
CP_VEC_DECLARE(cp_report_vec, cp_report)
CP_VEC_DECLARE(cp_consult_vec, cp_consult)
CP_VEC_DECLARE(cp_audit_vec, cp_audit)
#undef CP_VEC_DECLARE

/* Initialise a record with its "nothing known" values (dates NONE,
 * minutes -1, strings NULL).  Use before filling one in by hand. */
void cp_child_init(cp_child *c);
void cp_meeting_init(cp_meeting *m);
void cp_task_init(cp_task *t);
void cp_report_init(cp_report *r);
void cp_consult_init(cp_consult *c);

/* Names used on the command line, in TSV and in the codec's tests:
 * family_pref "secure-email" | "post" | "hand-delivered" | "unknown";
 * meeting_how "teams" | "skype" | "phone" | "in-person" |
 *             "one-to-one-written" | "unknown";
 * meeting_status "scheduled" | "held" | "cancelled";
 * plan "cp-plan" | "no-plan" | "n/a" | "" (unset);
 * task_status "open" | "done" | "cancelled" | "not-needed" | "missed";
 * task_kind "step" | "escalation" | "reminder";
 * take_part "unknown" | "in-person" | "teams" | "phone" | "report-only";
 * attendance "unknown" | "attended" | "apologies" | "absent";
 * episode_kind "child-in-need" | "cp-plan" | "looked-after";
 * cp_category "neglect" | "physical-abuse" | "emotional-abuse" |
 *             "sexual-abuse" | "multiple" | "unknown".
 * *_name returns "?" for out-of-range values; *_parse returns false for
 * an unknown name. */
const char *family_pref_name(family_pref p);
bool family_pref_parse(const char *s, family_pref *out);
const char *meeting_how_name(meeting_how h);
bool meeting_how_parse(const char *s, meeting_how *out);
const char *meeting_status_name(meeting_status s);
bool meeting_status_parse(const char *s, meeting_status *out);
const char *plan_name(plan_decision p);
bool plan_parse(const char *s, plan_decision *out);
const char *task_status_name(task_status s);
bool task_status_parse(const char *s, task_status *out);
const char *task_kind_name(task_kind k);
const char *take_part_name(take_part t);
bool take_part_parse(const char *s, take_part *out);
const char *attendance_name(attendance a);
bool attendance_parse(const char *s, attendance *out);
const char *consult_progress_name(consult_progress p); /* "", yes, no */
bool consult_progress_parse(const char *s, consult_progress *out);
bool task_kind_parse(const char *s, task_kind *out);
const char *episode_kind_name(episode_kind k);
bool episode_kind_parse(const char *s, episode_kind *out);
const char *cp_category_name(cp_category c);
bool cp_category_parse(const char *s, cp_category *out);

/* ---- the case over time (model_case.c) --------------------------------- */
/* The child's open episode of kind k, or NULL. */
const cp_episode *child_open_episode(const cp_child *c, episode_kind k);
/* Its start, or CP_DATE_NONE when none is open. */
cp_date child_since(const cp_child *c, episode_kind k);
/* The episode of kind k that day d falls in (from its start, included,
 * to its end, not included: a child whose care ends on d is not looked
 * after on d), or NULL. */
const cp_episode *child_episode_at(const cp_child *c, episode_kind k,
                                   cp_date d);
/* Has the child ever had an episode of kind k? */
bool child_ever(const cp_child *c, episode_kind k);
/* The latest episode of kind k (open or closed), or NULL. */
const cp_episode *child_last_episode(const cp_child *c, episode_kind k);
/* Open an episode of kind k from `start` (decided at meeting `by`, or 0).
 * CP_REFUSED when one is open already or `start` is before the end of
 * the last one (episodes of a kind never overlap). */
cp_status child_episode_start(cp_child *c, episode_kind k, cp_date start,
                              cp_category category, uint64_t by,
                              cp_error *err);
/* Close the open episode of kind k on `end` (on or after its start), with
 * a reason (copied).  CP_REFUSED when none is open or `end` is before its
 * start. */
cp_status child_episode_end(cp_child *c, episode_kind k, cp_date end,
                            uint64_t by, const char *reason, cp_error *err);
/* Open episodes from the dates given (each CP_DATE_NONE or a start): a
 * child in need since cin, on a plan since cp (category unknown),
 * looked after since lac -- the "since" dates of child add and import. */
cp_status child_open_since(cp_child *c, cp_date cin, cp_date cp, cp_date lac,
                           cp_error *err);
/* Free only the episodes (a child whose strings are borrowed). */
void child_episodes_free(cp_child *c);
/* Is the child one of the meeting's (the index child or a sibling)? */
bool meeting_has_child(const cp_meeting *m, const char *child_id);
/* The decision recorded for one child of a held meeting, or NULL. */
const cp_decision *meeting_decision(const cp_meeting *m,
                                    const char *child_id);

/* One-line "key=value key=value" renderings for the audit trail's
 * before/after text (values with spaces are quoted).  malloc'd; NULL on
 * out of memory. */
char *model_worker_describe(const cp_worker *w);
char *model_family_describe(const cp_family *f);
char *model_child_describe(const cp_child *c);
char *model_meeting_describe(const cp_meeting *m);
char *model_task_describe(const cp_task *t);
char *model_report_describe(const cp_report *r);
char *model_consult_describe(const cp_consult *c);

/* ---- a request for approval (issue 18: approvals given by the
 * approvers themselves).  Generic: what is asked (kind, approval.h)
 * about which record (object_id: a meeting, for both kinds), by whom and
 * why, the approvals given so far and how it ended.  A cancellation's
 * record is also the cancellation's own (the day it was made:
 * closed_on); a late move's holds the move asked for. */
typedef enum {
	REQUEST_PENDING,    /* waiting for approvals */
	REQUEST_APPROVED,   /* done: the action was taken */
	REQUEST_REFUSED,    /* an approver said no: nothing was done */
	REQUEST_WITHDRAWN,  /* the requester took it back: nothing was done */
	REQUEST_STATE_COUNT
} request_state;

typedef struct cp_approval {
	char *login;          /* who approved: the acting worker */
	cp_role role;         /* the approver role it counts for */
	int64_t at;           /* Unix seconds */
	char *note;           /* their note, or "" */
} cp_approval;

#define REQUEST_APPROVALS_MAX ROLE_COUNT

typedef struct cp_request {
	uint64_t id;          /* key */
	request_kind kind;
	uint64_t object_id;   /* the meeting, for REQUEST_CANCEL_MEETING */
	char *child_id;       /* the object's (index) child */
	char *requester;      /* login who asked */
	char *reason;         /* why (the cancellation's or the move's) */
	cp_date move_date;    /* REQUEST_LATE_MOVE: the day asked for */
	int move_minutes;     /* its time: -2 keep the meeting's, -1 none */
	bool move_force;      /* a date the rules refuse kept (--force) */
	int64_t made_at;      /* Unix seconds */
	cp_date made_on;      /* the day asked (the session's today) */
	role_set need;        /* the policy's approver roles when asked */
	bool need_all;        /* every one of them (approval: all) */
	cp_approval *approvals;   /* in the order given */
	size_t napprovals;
	request_state state;
	char *closed_by;      /* who approved last, refused or withdrew */
	int64_t closed_at;    /* Unix seconds, or 0 while pending */
	cp_date closed_on;    /* the day it ended (CP_DATE_NONE: pending) */
	char *closing_note;   /* a refusal's or withdrawal's reason, or "" */
} cp_request;

void cp_request_init(cp_request *r);
void cp_request_free(cp_request *r);
cp_status cp_request_copy(cp_request *dst, const cp_request *src,
                          cp_error *err);
/* Append an approval (strings copied). */
cp_status cp_request_add_approval(cp_request *r, const char *login,
                                  cp_role role, int64_t at, const char *note,
                                  cp_error *err);
/* The roles of `need` no approval given yet counts for. */
role_set request_missing(const cp_request *r);
/* Are the approvals enough (one of need, or all of it)? */
bool request_satisfied(const cp_request *r);
/* request_state "pending" | "approved" | "refused" | "withdrawn"; "?"
 * out of range. */
const char *request_state_name(request_state s);
char *model_request_describe(const cp_request *r);

/* True when s is usable as a login or child id: 1..MODEL_ID_MAX bytes of
 * letters, digits and ". _ -" (a pool name "@..." when allow_pool). */
bool model_id_valid(const char *s, bool allow_pool);

/* 64-bit FNV-1a: detects a policy file edited since it was stored. */
uint64_t model_hash(const void *data, size_t len);

#endif

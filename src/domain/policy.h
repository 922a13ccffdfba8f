/* policy.h - a borough's policy timeline, loaded from YAML.
 *
 * The schema is documented in doc/cpdesk-policy.5.  A policy says, for
 * each meeting type, the steps that lead up to and follow it (who, what,
 * when, and the sentence of the procedure it comes from), how late steps
 * escalate, which reminders go out, which meeting must follow which
 * (cadence), local names of roles, who approves what (a cancellation, a
 * late move), when the management lists go out, and the consultation
 * kinds chairs log.
 *
 * The loader is strict: unknown or duplicate keys, wrong types, unknown
 * roles, meeting types or anchors, offsets out of range, extends: cycles,
 * and YAML anchors/aliases are errors reported as FILE:LINE:COL. */
#ifndef CPDESK_POLICY_H
#define CPDESK_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include "access.h"
#include "approval.h"
#include "calendar.h"
#include "offset.h"
#include "role.h"
#include "status.h"

#define POLICY_MAX_EXTENDS 8   /* depth of an extends: chain */
/* Longest text a policy may give, in bytes: a title (steps, meetings,
 * anchors, closures, consultation kinds, the policy's own), a role's
 * local name, a subject; and a source or note. */
#define POLICY_TITLE_MAX 200
#define POLICY_SOURCE_MAX 1000

typedef struct policy_escalation {
	bool present;
	role_set to;             /* roles relative to the step's owner */
	offset after;            /* when, counted from the step's due date */
	bool exception_report;   /* listed in the weekly exception report */
	char *title;             /* may be NULL: "Escalation: <step title>" */
	char *source;
	char *where;             /* FILE:LINE:COL it was declared at */
} policy_escalation;

typedef struct policy_reminder {
	offset at;               /* counted like a step's due */
	role_set to;
	char *title;
	char *source;
	char *where;
} policy_reminder;

typedef struct policy_step {
	char *id;                /* unique within its meeting type */
	cp_role role;            /* who must do it */
	char *title;
	offset due;
	closed_rule if_closed;
	bool report_deadline;    /* the date agency reports are due */
	bool per_child;          /* one task for each child of a family
	                            meeting (each child's own plan, say);
	                            else one for the meeting */
	bool done_by_outcome;    /* done-by: outcome: recording the meeting's
	                            outcome does it (the decision recorded) */
	bool minutes;            /* minutes: true: this step is the meeting's
	                            minutes, for the timeliness figures
	                            (doc/timeliness.md); one a meeting type */
	/* if: the step is for some meetings only.  if_how: held this way
	 * (meeting_how; HOW_UNKNOWN: any); if_absent: made when the outcome
	 * records this agency absent or sending apologies (NULL: not) */
	int if_how;
	char *if_absent;
	char *source;            /* "NNN: sentence" quoted from a seed */
	char *note;              /* why an ambiguous rule was read this way */
	policy_escalation escalate;
	policy_reminder *reminders;
	size_t nreminders;
	char *where;
} policy_step;

typedef struct policy_meeting {
	char *type;              /* "icpc", "rcpc", "cla-review", ... */
	char *title;             /* "Initial child protection conference" */
	cp_role chair_role;      /* ROLE_CP_CHAIR, ROLE_IRO, or
	                            ROLE_SOCIAL_WORKER: the child's own
	                            social worker chairs (a core group), and
	                            the service allocates nobody to it */
	role_set also_chaired_by; /* roles that may chair it besides
	                            chair_role, and are never allocated to it
	                            (003 point 1: a strategy meeting chaired
	                            by the frontline manager) */
	bool custom;             /* a type of the borough's own, not built in */
	/* Held only while the child has this episode open (during: cp-plan,
	 * during: looked-after), its cadence counted within that episode;
	 * EPISODE_KIND_COUNT: at any time, counted over the child's life. */
	int during;
	policy_step *steps;
	size_t nsteps;
} policy_meeting;

typedef struct policy_cadence {
	char *after;             /* a meeting type or an anchor event */
	int nth_min, nth_max;    /* which occurrence of `after` (1-based); 0 = any */
	char *next;              /* meeting type that must follow */
	offset within;           /* last date, counted from `after` */
	char *source;
	char *where;
} policy_cadence;

typedef struct policy_anchor {
	char *name;              /* "s47-start", "care-start", ... */
	char *title;
} policy_anchor;


typedef enum { LIST_WEEK, LIST_FORTNIGHT, LIST_MONTH, LIST_EXCEPTIONS,
               LIST_CASE_MAPPING, LIST_COUNT } policy_list_kind;

typedef struct policy_list {
	bool present;
	int weekday;             /* 1..7 the day it goes out, or 0 */
	int day_of_month;        /* 1..28, or 0 */
	role_set to;
	char *subject;
	char *source;
} policy_list;

/* Its part in the monthly case-mapping cycle (003 point 4). */
typedef enum { CYCLE_NONE, CYCLE_MAP, CYCLE_REVIEW } consult_cycle;

typedef struct policy_consultation_kind {
	char *id;                /* "strategy-consultation", "case-mapping" ... */
	char *title;
	char *source;
	role_set logged_by;      /* who may log it; 0: whoever the permission
	                            log-consultations names */
	cp_role consulted;       /* the role of the one consulted (the record's
	                            "chair"), or ROLE_COUNT: no role asked */
	role_set told;           /* the child's holders of these roles get it
	                            in their queue to read */
	char *meeting;           /* the meeting type it is held for, or NULL */
	char *closes;            /* that meeting's step it closes, or NULL */
	bool mapping;            /* it is a case mapping (recently mapped) */
	consult_cycle cycle;     /* the cycle's mapping or review, or none */
} policy_consultation_kind;

typedef struct policy_closure {
	cp_date date;
	char *title;
} policy_closure;

/* The conference diary (diary:): when the service holds meetings, how
 * many a chair takes, and who allocates them.  Every field has a value
 * after load (the defaults, doc/cpdesk-policy.5, when a policy says
 * nothing).  Hounslow's procedure, 002: the next date is found "from
 * checking SQA calendar to avoid clashes" (meeting slots). */
#define POLICY_DIARY_TIMES_MAX 16
typedef struct policy_diary {
	int times[POLICY_DIARY_TIMES_MAX]; /* start times the service books,
	                                      minutes past midnight, rising */
	size_t ntimes;           /* 1..POLICY_DIARY_TIMES_MAX */
	int length;              /* minutes a meeting is held for: two
	                            meetings overlap when their starts are
	                            closer than this */
	int per_chair_per_day;   /* most meetings a chair takes in a day */
	int margin;              /* working days before the latest lawful
	                            date to book the next meeting by; 0 none */
	role_set allocate;       /* who allocates chairs and minute takers
	                            (their "to allocate" pool) */
	int unallocated_within;  /* working days: the exception report lists
	                            meetings still unallocated this close */
	char *source;            /* may be NULL */
	char *where;             /* FILE:LINE:COL of the last diary: read,
	                            or NULL when no file has one */
} policy_diary;

/* An action the policy marks as needing approval (approvals:). */
typedef struct policy_approval {
	role_set approvers;      /* none: the action needs no approval */
	bool all;                /* every approver role must agree (Swindon's
	                            procedure, 004 point 17), else one */
	char *source;            /* the procedure's words, or NULL */
} policy_approval;

typedef struct policy {
	char *path;              /* as given */
	char *id;                /* "generic", "hounslow", ... */
	char *title;
	char *division;          /* bank-holiday division */
	char *chain;             /* "hounslow.yaml <- generic.yaml" */
	char **files;            /* every file of the chain, parent first */
	size_t nfiles;
	policy_closure *closures;
	size_t nclosures;
	char *role_titles[ROLE_COUNT]; /* local names; never NULL after load */
	policy_anchor *anchors;
	size_t nanchors;
	policy_meeting *meetings;
	size_t nmeetings;
	policy_cadence *cadence;
	size_t ncadence;
	/* approvals: who approves each action that needs approval (the
	 * older cancellation: section is cancel-meeting's) */
	policy_approval approvals[REQUEST_KIND_COUNT];
	policy_list lists[LIST_COUNT];
	char *mail_subject_prefix;
	policy_consultation_kind *consult_kinds;
	size_t nconsult_kinds;
	int case_mapping_open_months;     /* CiN open this long or more */
	int case_mapping_lookback_months; /* mapped within this: reviewed,
	                                     not mapped again */
	int case_mapping_again_months;    /* a chair's mapping or review done
	                                     within this: not on the list */
	int case_mapping_remap_months;    /* a review that finds the plan not
	                                     progressing: a new mapping by the
	                                     end of the month this many after */
	int case_mapping_allocate_days;   /* working days from the month's
	                                     first to allocate its list by */
	char *case_mapping_source;
	access_rules access;     /* permissions: who sees and may do what */
	access_gives gives;      /* permissions: give:, checked against access */
	char *access_source;
	policy_diary diary;      /* diary: (never absent: defaults) */
	/* closing: who may close steps that are not theirs (issue 18).  A
	 * step's holder and their managers always may mark it done; these
	 * roles may too (for-others), and only these mark one not needed. */
	role_set close_for_others;
	role_set close_not_needed;
	char *closing_source;
	/* quorum: at a conference (a type that decides a plan), at least
	 * this many agencies attend, one of them `including` (0: none set);
	 * warned at the outcome when attendance says otherwise */
	int quorum_agencies;
	char *quorum_including;
	char *quorum_source;
} policy;

/* Reads a file named in extends: (relative to the including file's
 * directory), for loaders that do not read the disk. */
typedef cp_status (*policy_reader)(void *ctx, const char *name,
                                   char **text, size_t *len, cp_error *err);

cp_status policy_load(const char *path, policy **out, cp_error *err);
/* Load from memory; extends: names go through reader (may be NULL:
 * then extends: is an error). */
cp_status policy_load_mem(const char *name, const char *text, size_t len,
                          policy_reader reader, void *ctx, policy **out,
                          cp_error *err);
void policy_free(policy *p);
/* Read a policy file's bytes (NUL-terminated; size-limited), for callers
 * that keep a copy of the text, such as the store.  Never waits: only a
 * regular file is read (a FIFO or a device is refused at once as "not a
 * regular file"). */
cp_status policy_read_file(const char *path, char **text, size_t *len,
                           cp_error *err);
/* The same for the path a stored policy was read from (resolved when it
 * was stored): a symbolic link now in its place is not followed.
 * *regular (may be NULL) is false when what is there is not a regular
 * file (a FIFO, a device, a directory, a symbolic link). */
cp_status policy_read_stored(const char *path, char **text, size_t *len,
                             bool *regular, cp_error *err);


const policy_meeting *policy_meeting_find(const policy *p, const char *type);
/* The step of meeting type m (may be NULL) with this id, or NULL. */
const policy_step *policy_step_find(const policy_meeting *m, const char *id);
/* How many steps the policy's meeting types have in all. */
size_t policy_step_count(const policy *p);
/* The step `id` of meeting type `type`, or NULL. */
const policy_step *policy_type_step(const policy *p, const char *type,
                                    const char *id);
const policy_anchor *policy_anchor_find(const policy *p, const char *name);
/* Anchors whose dates come from the child's record, never from the
 * meeting: care-start (the start of the care episode the meeting falls
 * in), plan-start (of the child protection plan), birth (the date of
 * birth) and expected-birth (an unborn child's expected date of
 * delivery).  A policy uses them by declaring them under anchors:. */
bool policy_anchor_from_record(const char *name);
/* May a meeting type be chaired by r (cp-chair, iro, social-worker)? */
bool policy_chair_role_ok(cp_role r);
/* Does a meeting of `type` decide whether a child has a child protection
 * plan?  It does when a cadence rule leads from it to a type held during
 * a plan (icpc, rcpc and transfer-in in the shipped policies), unless
 * the social worker chairs it (a core group, which leads to the next
 * one: it carries the plan out, a conference decides it). */
bool policy_decides_plan(const policy *p, const char *type);
/* Does a meeting of `type` lead to one that decides a plan (a strategy
 * discussion to the ICPC: a cadence rule from it to a type that decides
 * a plan)?  Its outcome then says whether that conference is convened. */
bool policy_leads_to_conference(const policy *p, const char *type);
/* Does a meeting of `type` need a minute taker: has it a step of the
 * minute taker's (a CLA review whose record is the IRO's, a core group
 * the social worker records, need none)?  An unknown type: true. */
bool policy_needs_minute_taker(const policy *p, const char *type);
/* Does a meeting of `type` count from anchor `name` (a step or reminder
 * of it, or a cadence rule from the anchor to it)? */
bool policy_type_uses_anchor(const policy *p, const char *type,
                             const char *name);
const policy_consultation_kind *policy_consult_kind_find(const policy *p,
                                                         const char *id);
const char *policy_role_title(const policy *p, cp_role r);
const char *policy_list_name(policy_list_kind k);

/* The diary's defaults (doc/cpdesk-policy.5): what a policy that says
 * nothing of its diary gets. */
void policy_diary_defaults(policy_diary *d);
/* Do two meetings starting at a and b (minutes past midnight; -1: time
 * not known, which overlaps any) on the same day overlap, each held for
 * the diary's length? */
bool policy_diary_overlap(const policy_diary *d, int a, int b);
/* The date to book a meeting by whose latest lawful date is `latest`:
 * the diary's margin in working days before it (latest itself when the
 * margin is 0; CP_DATE_NONE when latest is).  A date the calendar does
 * not cover is an error. */
cp_status policy_diary_book_by(const policy *p, const calendar *cal,
                               cp_date latest, cp_date *out, cp_error *err);
/* The last day of the exception report's unallocated horizon from
 * today: unallocated-within working days after it. */
cp_status policy_diary_unallocated_until(const policy *p, const calendar *cal,
                                         cp_date today, cp_date *out,
                                         cp_error *err);

/* The list of closures in the form calendar_init wants; owned by caller
 * (free()). */
closure *policy_closures(const policy *p);

#endif

/* schedule.h - from a policy and a meeting date to the dates that follow.
 *
 * timeline: every step of one meeting with its due date;
 * next: which meetings must follow an event, and by when. */
#ifndef CPDESK_SCHEDULE_H
#define CPDESK_SCHEDULE_H

#include <stddef.h>
#include "calendar.h"
#include "policy.h"

typedef struct anchor_date {
	char name[OFFSET_ANCHOR_LEN];
	cp_date date;
} anchor_date;

/* The most anchors a meeting (or a timeline asked for) carries. */
#define ANCHORS_MAX 8

/* Add one anchor written NAME=YYYY-MM-DD (len bytes of s, e.g. an
 * option's value or a field of a list) to list[0..*n), at most
 * ANCHORS_MAX.  CP_BADINPUT says what is wrong without naming where it
 * was written: the caller prefixes the option or field. */
cp_status anchor_add(anchor_date list[ANCHORS_MAX], size_t *n,
                     const char *s, size_t len, cp_error *err);

typedef struct timeline_entry {
	cp_date due;
	const policy_step *step;  /* borrowed from the policy */
	size_t step_index;        /* index in its meeting type */
} timeline_entry;

/* Steps of a meeting of `type` held on `date` (time `minutes` past
 * midnight, or -1), sorted by due date then policy order.  An anchor a
 * step counts from that is not given is an error naming it.  *out is
 * malloc'd; the caller frees it. */
cp_status schedule_timeline(const policy *p, const calendar *cal,
                            const char *type, cp_date date, int minutes,
                            const anchor_date *anchors, size_t nanchors,
                            timeline_entry **out, size_t *n, cp_error *err);
/* Keep, in order, the entries of a timeline whose steps a meeting held
 * `how` (a meeting_how) gets when it is booked: not a step of another
 * format (if: how:)
 * nor one that waits for the outcome's attendance (if: absent:).
 * Returns how many are kept (at the front of t). */
size_t schedule_keep_booked(timeline_entry *t, size_t n, int how);

typedef struct next_meeting {
	const char *type;          /* borrowed from the policy */
	cp_date by;                /* the last date it may be held */
	const policy_cadence *rule;
} next_meeting;

/* What must follow `event` (a meeting type or anchor event such as
 * "care-start") held on `date`; nth is which occurrence it was (1 for the
 * first; used by CLA reviews).  *out is malloc'd. */
cp_status schedule_next(const policy *p, const calendar *cal,
                        const char *event, int nth, cp_date date,
                        next_meeting **out, size_t *n, cp_error *err);

/* The escalation date for a step due on `due` (its first late working
 * day unless the policy says otherwise). */
cp_status schedule_escalation_date(const policy_step *s, const calendar *cal,
                                   cp_date due, cp_date *out, cp_error *err);

/* The date of a step's reminder for a meeting of type m held on `date`
 * (time `minutes` or -1), counted like the step's due (its anchor from
 * `anchors`, the step's if-closed rule). */
cp_status schedule_reminder_date(const policy_meeting *m,
                                 const policy_step *s,
                                 const policy_reminder *r,
                                 const calendar *cal, cp_date date,
                                 int minutes, const anchor_date *anchors,
                                 size_t nanchors, cp_date *out,
                                 cp_error *err);

#endif

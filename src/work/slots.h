/* slots.h - the conference diary's free times (issue 17, "Find a slot").
 *
 * A meeting of a child is due by the latest date its cadence allows
 * (casework_cadence_latest_txn); the service books meetings at the start
 * times of its policy's diary (policy.h, policy_diary).  slots_find lists
 * the start times from a first day to a last one, earliest first, that
 * are free for the people the meeting needs:
 *   - working days only: weekends, bank holidays and the policy's local
 *     closures are left out (the store's calendar);
 *   - not a time at which the chair or the minute taker (when given)
 *     already has a meeting that overlaps it: two meetings overlap when
 *     their start times are closer than the diary's length (a meeting
 *     with no start time takes the whole day);
 *   - not a day on which the chair already has the diary's
 *     per-chair-per-day meetings;
 *   - not a time at which the child's social worker is booked: a
 *     meeting of any of their children that overlaps it.
 * Cancelled meetings take no time; held ones do (today's).
 *
 * Everything is read in one read transaction, through the session's
 * permit: the child must be one the actor sees (one they do not is
 * answered as one not there).  The list names no child, but it is worked
 * out from the child's record (its episodes and meetings: the latest
 * lawful date says when its last meeting was), so it is put on the
 * record as a read of the child (query_note_children, how=where) before
 * it is returned. */
#ifndef CPDESK_SLOTS_H
#define CPDESK_SLOTS_H

#include <stdbool.h>
#include <stddef.h>
#include "casework.h"
#include "date.h"
#include "status.h"

/* At most this many days from the first to the last day asked for. */
#define SLOTS_DAYS_MAX 366

typedef struct slots_query {
	const char *child;         /* the child the meeting is for */
	const char *type;          /* a meeting type of the store's policy */
	const char *chair;         /* login, or NULL / "": none yet */
	const char *minute_taker;  /* login, or NULL / "": none yet */
	cp_date today;
	cp_date from;              /* first day: CP_DATE_NONE is today; one
	                              before today is refused (CP_BADINPUT) */
	cp_date to;                /* last day: CP_DATE_NONE is the latest
	                              lawful date (needed then: CP_BADINPUT
	                              when no cadence rule gives one); may be
	                              later, for a meeting that will be late */
	int now;                   /* minutes past midnight now, or -1:
	                              today's start times not after it are
	                              left out */
	const char *where;         /* the read audit's how ("meeting slots") */
} slots_query;

typedef struct slot {
	cp_date date;
	int minutes;               /* start time, minutes past midnight */
} slot;

typedef struct slots_result {
	slot *v;                   /* free start times, earliest first */
	size_t n, cap;
	cp_date from, to;          /* the days looked at */
	cp_date latest;            /* the latest date the cadence allows, or
	                              CP_DATE_NONE when no rule leads to it */
	cp_date book_by;           /* latest less the diary's margin (latest
	                              itself when the policy has none);
	                              CP_DATE_NONE with latest */
	char *social_worker;       /* whose bookings were checked (sanitised;
	                              "" when the child has none) */
	size_t closed_days;        /* days left out: not working days */
	size_t chair_full_days;    /* days left out: the chair's limit */
	size_t busy_times;         /* start times left out: someone booked */
} slots_result;

/* Where a day stands against the cadence. */
typedef enum {
	SLOT_IN_TIME,              /* before the margin date */
	SLOT_BOOK_BY,              /* the margin date (policy diary margin:) */
	SLOT_IN_MARGIN,            /* after it, up to the latest lawful date */
	SLOT_LATEST,               /* the latest lawful date */
	SLOT_LATE,                 /* after it: a cadence exception */
	SLOT_NO_CADENCE            /* no rule gives a latest date */
} slot_mark;

/* The free start times for a `type` meeting of q->child (above).
 * Refused (CP_REFUSED) when the child's episodes do not allow the type
 * then, when the chair or minute taker is not a current worker holding
 * the role, and when the latest lawful date is before the first day and
 * no last day was given (every date is then late: book with a reason).
 * A day outside the bank-holiday file is CP_BADINPUT, never a guess.
 * No free time is not an error: out->n is 0.  Free with
 * slots_result_free (also after a failure). */
cp_status slots_find(casework *cw, const slots_query *q, slots_result *out,
                     cp_error *err);
void slots_result_free(slots_result *r);

slot_mark slots_mark(const slots_result *r, cp_date d);
/* "", "book-by", "in-margin", "latest", "late" ("" also without a
 * cadence): the TSV column. */
const char *slot_mark_name(slot_mark m);

#endif

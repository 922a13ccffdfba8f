/* schedule_marks.h - the reminders and escalations of a meeting's steps,
 * with their dates, for a timeline (cpdesk timeline, the console's
 * timeline pane).
 *
 * A step's `remind:` entries fall on their own dates (counted like the
 * step's due, its if-closed rule moving one off a closed day); its
 * `escalate:` falls `after` its due date (the next working day when that
 * is closed).  In the store they are not records: the queues work them
 * out from the same rules (work/escalate.h). */
#ifndef CPDESK_SCHEDULE_MARKS_H
#define CPDESK_SCHEDULE_MARKS_H

#include <stdbool.h>
#include <stddef.h>
#include "schedule.h"

typedef struct timeline_mark {
	cp_date date;
	bool escalation;                  /* else a reminder */
	const policy_step *step;          /* borrowed from the policy */
	const policy_reminder *reminder;  /* the reminder; NULL: escalation */
	cp_date step_due;                 /* the step's due date */
} timeline_mark;

/* The marks of the steps t[0..n) of a meeting of type m held on `date`
 * (time `minutes` or -1, its anchors), sorted by date, then reminders
 * before escalations, then policy order.  *out is malloc'd (NULL when
 * *nout is 0); the caller frees it. */
cp_status schedule_marks(const policy_meeting *m, const calendar *cal,
                         cp_date date, int minutes,
                         const anchor_date *anchors, size_t nanchors,
                         const timeline_entry *t, size_t n,
                         timeline_mark **out, size_t *nout, cp_error *err);

/* The mark's title: the reminder's (the step's when it has none), or
 * the escalation's (else "Escalation: <step title>", written in buf). */
const char *schedule_mark_title(const timeline_mark *k, char *buf,
                                size_t size);
/* The roles it goes to. */
role_set schedule_mark_roles(const timeline_mark *k);

#endif

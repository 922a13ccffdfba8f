/* escalate.h - escalations and reminders, worked out from the date.
 *
 * Nothing is written: for a store opened on day D, an open task whose
 * policy step has `escalate:` and whose escalation date
 * (schedule_escalation_date) is on or before D is escalated to each role
 * of `escalate.to`; a step's `remind:` entries fall on their dates.  The
 * roles are resolved for the task's child and meeting exactly as
 * casework resolves a step's assignee (casework_role_holder): the team
 * manager is the social worker's manager, the service manager that
 * manager's manager, the director and QA manager the pools.  Marking the
 * task done ends its escalation and its reminders (a reminder stays from
 * its date until then); moving the meeting moves them.  Derived at
 * read time, so there is nothing to go stale (doc/lists.md).
 *
 * Cost: a viewer's items are found by range scans of the open tasks of
 * the viewer and the people who report to them (two levels of manager),
 * or, for a member of a pool an escalation or reminder can go to, of
 * every worker and pool -- never by reading every task.  The exception
 * report's (escalate_raised_between) come from the open tasks due in its
 * reach and the tasks done since it began (ix.tasks.open.due,
 * ix.tasks.done.day), not from every assignee's history. */
#ifndef CPDESK_ESCALATE_H
#define CPDESK_ESCALATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "casework.h"
#include "model.h"
#include "status.h"
#include "store.h"

typedef struct esc_item {
	task_kind kind;          /* TASK_ESCALATION or TASK_REMINDER */
	cp_date date;            /* escalated on / reminder on */
	cp_task task;            /* the step task it is about (a copy) */
	char *meeting_type;
	cp_date meeting_date;
	cp_role to_role;         /* the role it goes to */
	char *to;                /* login or pool it goes to */
	char *title;             /* "Escalation: <step title>" or the reminder's */
	bool exception_report;   /* escalation listed in the exception report */
} esc_item;

typedef struct esc_list {
	esc_item *v;
	size_t n, cap;
} esc_list;

void esc_list_free(esc_list *l);   /* frees the items; zeroes l */

/* Items for `login` (and the pools the worker's roles put them in): every
 * escalation in force on `today` (open task, escalation date <= today)
 * and every reminder dated from..to whose step is still open.  A reminder
 * is in force from its date until its step is done or closed: from
 * CP_DATE_NONE and to `today` gives every reminder in force today, each
 * dated the day it started.  Sorted by date, kind, task id.  Appends to
 * *out. */
cp_status escalate_for_viewer(casework *cw, store_txn *t, const char *login,
                              cp_date today, cp_date from, cp_date to,
                              esc_list *out, cp_error *err);

/* Every escalation raised from..to (escalation date in the span): the
 * task open on `today`, or done on or after its escalation date.  For
 * the exception report.  One item per task and role it went to. */
cp_status escalate_raised_between(casework *cw, store_txn *t, cp_date from,
                                  cp_date to, cp_date today, esc_list *out,
                                  cp_error *err);

/* Every reminder dated from..to whose step is open, whoever it goes to
 * (one item per task, reminder date and person; a role nobody holds
 * is left out): `cpdesk mail reminders`.  From the index of open tasks by
 * due date, over the window a reminder can fall in. */
cp_status escalate_reminders_between(casework *cw, store_txn *t,
                                     cp_date from, cp_date to, esc_list *out,
                                     cp_error *err);

/* The escalation/reminder title for a step: the policy's, or
 * "Escalation: <step title>".  Borrowed. */
const char *escalate_title(const policy_step *s, char *buf, size_t size);

#endif

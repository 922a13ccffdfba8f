/* switch_plan.h - what a new policy changes in the step tasks of every
 * meeting of a store, worked out batch by batch ahead of whoever uses
 * it: the policy diff, or the switch that writes the changes
 * (casework_switch.c).  Private to casework; see casework.h for the
 * rules (a switch changes the future, not history). */
#ifndef CPDESK_SWITCH_PLAN_H
#define CPDESK_SWITCH_PLAN_H

#include "casework.h"

#define SW_NONE ((size_t)-1)

/* A meeting's step task, as much as a switch needs of it; strings are
 * offsets into the batch's text. */
typedef struct sw_task {
	uint64_t id;
	task_status status;
	cp_role role;
	cp_date due;
	size_t step, assignee;
	unsigned char child;           /* whose: 0 the meeting's index child,
	                                  i its sibling i - 1 */
} sw_task;

/* One change; a task's changes (moved and reassigned) are adjacent. */
typedef struct sw_change {
	cw_change_kind kind;
	size_t task;                   /* index in the meeting's tasks;
	                                  SW_NONE: added */
	uint64_t new_id;               /* added: set by whoever writes it */
	const policy_step *step;       /* the new policy's; NULL: dropped */
	                               /* added, skipped: task SW_NONE */
	cp_date from, to;
	char login[MODEL_ID_MAX + 1];  /* added, reassigned: who gets it */
	unsigned char child;           /* added: for which child (sw_task) */
} sw_change;

/* The id of child i of meeting m (sw_task.child). */
const char *sw_child_id(const cp_meeting *m, unsigned char i);

/* A meeting with changes, lent until the next sw_plan_next. */
typedef struct sw_view {
	const policy *np;
	const cp_meeting *m;
	const sw_task *tasks;
	const char *text;              /* the tasks' strings */
	sw_change *ch;
	size_t nch;
	const char *team;              /* the social worker's, or "" */
} sw_view;

typedef struct sw_plan sw_plan;

/* Work out what np (calendar ncal) changes in every meeting of the
 * store as rt sees it, by rising meeting id, in batches.  History is
 * left alone: a held meeting, or one before today, gets no change; a
 * new step due before today is a CW_SKIPPED change, never added
 * (today CP_DATE_NONE: none is).  rt belongs to
 * the plan until sw_plan_end: a helper thread reads with it while the
 * caller uses the batches (it works inline when no thread can start).
 * The store and rt must stay open until sw_plan_end. */
cp_status sw_plan_begin(store_txn *rt, const policy *np,
                        const calendar *ncal, cp_date today, sw_plan **out,
                        cp_error *err);
/* The next batch: *looked meetings looked at (0: the walk is over), of
 * which *n have changes, in views[0..*n) (lent until the next call),
 * and *history were left alone. */
cp_status sw_plan_next(sw_plan *p, sw_view **views, size_t *n,
                       size_t *looked, size_t *history, cp_error *err);
/* Stop (also early) and free; NULL is fine. */
void sw_plan_end(sw_plan *p);

#endif

/* casework_check.c - the consistency check of every meeting's step
 * tasks against its policy timeline (casework_check_meetings, for
 * check-store; see casework.h for what counts as a problem). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "text.h"
#include "schedule.h"

/* ---- checking ---------------------------------------------------------- */
typedef struct meet_check {
	casework *cw;
	store_txn *t;
	size_t meetings, problems;
	cp_status st;
	cp_error *err;
	char first[512];
	/* the current meeting's step tasks, by step id */
	const timeline_entry *tl;
	size_t ntl;
	unsigned *seen;       /* tasks a step, any status */
	unsigned *live;       /* open or done, a step and child (KIDS each) */
	unsigned *open;       /* open, a step */
	const cp_meeting *m;
	uint64_t mid;
	size_t extra;
	bool history;         /* held or before today: as an earlier policy
	                         left it (a switch leaves it alone) */
} meet_check;

static void meet_problem(meet_check *mc, uint64_t mid, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void meet_problem(meet_check *mc, uint64_t mid, const char *fmt, ...)
{
	if (mc->problems++ == 0) {
		int n = snprintf(mc->first, sizeof mc->first, "meeting %llu: ",
		                 (unsigned long long)mid);
		va_list ap;
		va_start(ap, fmt);
		if (n > 0 && (size_t)n < sizeof mc->first)
			vsnprintf(mc->first + n, sizeof mc->first - (size_t)n, fmt, ap);
		va_end(ap);
	}
}

#define KIDS MEETING_CHILDREN_MAX

/* Which of the meeting's children the task is for (0 its index child),
 * or -1: a child no longer at it (withdrawn when an episode ended). */
static int child_slot(const cp_meeting *m, const char *child)
{
	if (!strcmp(m->child_id, child))
		return 0;
	for (size_t i = 0; i < m->nsiblings && i + 1 < KIDS; i++)
		if (!strcmp(m->siblings[i], child))
			return (int)i + 1;
	return -1;
}

static bool check_task_step(void *ctx, const cp_task *k)
{
	meet_check *mc = ctx;
	if (k->kind != TASK_STEP)
		return true;   /* escalations and reminders come and go */
	int slot = child_slot(mc->m, text_or_empty(k->child_id));
	if (slot < 0) {    /* history, unless still open */
		if (k->status == TASK_OPEN)
			meet_problem(mc, mc->mid, "open task %llu is for child %s, "
			             "no longer one of the meeting's",
			             (unsigned long long)k->id,
			             text_or_empty(k->child_id));
		return true;
	}
	for (size_t i = 0; i < mc->ntl; i++)
		if (!strcmp(mc->tl[i].step->id, text_or_empty(k->step_id))) {
			mc->seen[i]++;
			if (k->status != TASK_CANCELLED)
				mc->live[i * KIDS + (size_t)slot]++;
			if (k->status == TASK_OPEN)
				mc->open[i]++;
			return true;
		}
	/* A done or cancelled task of a step an earlier policy had is
	 * history; an open one is work nobody's policy asks for. */
	if (k->status == TASK_OPEN && !mc->history) {
		mc->extra++;
		meet_problem(mc, mc->mid,
		    "open task %llu is for step '%s', not in the policy's timeline",
		    (unsigned long long)k->id, text_or_empty(k->step_id));
	}
	return true;
}

/* Must step task e of meeting m exist?  A policy switch changes the
 * future, not history: it leaves held meetings and those before today
 * as they were, adds no task to a cancelled meeting, nor one due before
 * today, so those steps may have none.  Any task there is still checked
 * (one open or done at most; none open for a step the timeline lacks,
 * but on a meeting of the past, which an earlier policy may have had). */
static bool step_required(const meet_check *mc, const cp_meeting *m,
                          const timeline_entry *e)
{
	if (m->status == MEETING_CANCELLED || mc->history)
		return false;
	return !mc->cw->dated || e->due >= mc->cw->today;
}

/* The meeting's step tasks against timeline tl (n steps; none: every
 * open step task is a problem). */
static bool check_tasks(meet_check *mc, const cp_meeting *m,
                        const timeline_entry *tl, size_t n)
{
	unsigned *seen = calloc(n ? (2 + KIDS) * n : 1, sizeof *seen);
	if (!seen) {
		mc->st = cp_oom(mc->err);
		return false;
	}
	mc->tl = tl;
	mc->ntl = n;
	mc->seen = seen;
	mc->open = seen + n;
	mc->live = seen + 2 * n;
	mc->m = m;
	mc->mid = m->id;
	mc->st = store_tasks_for_meeting(mc->t, m->id, check_task_step, mc,
	                                 mc->err);
	/* One task open or done a step and child (a step per child: for
	 * each child of a family meeting; else the index child's, at most
	 * one open in all). */
	for (size_t i = 0; mc->st == CP_OK && i < n; i++) {
		unsigned most = 0;
		for (size_t c = 0; c < KIDS; c++)
			if (mc->live[i * KIDS + c] > most)
				most = mc->live[i * KIDS + c];
		if ((seen[i] == 0 && step_required(mc, m, &tl[i])) || most > 1 ||
		    (!tl[i].step->per_child && mc->open[i] > 1))
			meet_problem(mc, m->id,
			    "step '%s' has %u tasks (%u open), want one%s",
			    tl[i].step->id, seen[i], mc->open[i],
			    tl[i].step->per_child ? " a child" : "");
	}
	free(seen);
	mc->tl = NULL;
	mc->seen = mc->live = mc->open = NULL;
	return mc->st == CP_OK;
}

static bool check_one_meeting(void *ctx, const cp_meeting *m)
{
	meet_check *mc = ctx;
	mc->meetings++;
	timeline_entry *tl = NULL;
	size_t n = 0;
	cp_error e;
	bool cancelled = m->status == MEETING_CANCELLED;
	mc->history = m->status == MEETING_HELD ||
	              (mc->cw->dated && m->date < mc->cw->today);
	/* A cancelled meeting of a type or with anchors a later policy
	 * lacks is history (a switch allows it): no open step task only; a
	 * held or past one is as an earlier policy left it. */
	if (!policy_meeting_find(mc->cw->pol, text_or_empty(m->type))) {
		if (cancelled || mc->history)
			return check_tasks(mc, m, NULL, 0);
		meet_problem(mc, m->id, "type '%s' is not in the store's policy",
		             text_or_empty(m->type));
		return true;
	}
	if (schedule_timeline(mc->cw->pol, mc->cw->cal, m->type, m->date,
	                      m->minutes, m->anchors, m->nanchors, &tl, &n,
	                      &e) != CP_OK) {
		if (cancelled || mc->history)
			return check_tasks(mc, m, NULL, 0);
		meet_problem(mc, m->id, "no timeline: %s", e.msg);
		return true;
	}
	/* steps an outcome made (if: absent:) are checked as the store has
	 * them: a held meeting may have them, a booked one not */
	bool more = check_tasks(mc, m, tl, m->status == MEETING_HELD ? n
	                        : schedule_keep_booked(tl, n, m->how));
	free(tl);
	return more;
}

cp_status casework_check_meetings(casework *cw, size_t *nmeetings,
                                  cp_error *err)
{
	store_txn *t;
	meet_check mc = { .cw = cw, .st = CP_OK, .err = err };
	if (nmeetings)
		*nmeetings = 0;
	CP_TRY(store_read_begin(cw->st, &t, err));
	mc.t = t;
	cp_status st = store_meetings_between(t, CP_DATE_NONE, STORE_DATE_MAX, 0,
	                                      check_one_meeting, &mc, err);
	store_read_end(t);
	if (st == CP_OK)
		st = mc.st;
	if (st != CP_OK)
		return st;
	if (nmeetings)
		*nmeetings = mc.meetings;
	if (mc.problems)
		return cp_fail(err, CP_FAILED,
		    "store %s: %zu problems with meetings' tasks: %s",
		    store_path(cw->st), mc.problems, mc.first);
	return CP_OK;
}


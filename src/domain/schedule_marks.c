/* schedule_marks.c - a timeline's reminders and escalations
 * (schedule_marks.h). */
#include <stdio.h>
#include <stdlib.h>

#include "schedule_marks.h"
#include "vec.h"

typedef struct marks {
	timeline_mark *v;
	size_t n, cap;
} marks;

static cp_status mark_add(marks *mk, const timeline_mark *k, cp_error *err)
{
	if (!vec_room((void **)&mk->v, &mk->cap, mk->n, sizeof *mk->v, 8))
		return cp_oom(err);
	mk->v[mk->n++] = *k;
	return CP_OK;
}

/* One step's marks. */
static cp_status step_marks(const policy_meeting *m, const calendar *cal,
                            cp_date date, int minutes,
                            const anchor_date *anchors, size_t nanchors,
                            const timeline_entry *e, marks *mk,
                            cp_error *err)
{
	const policy_step *s = e->step;
	for (size_t r = 0; r < s->nreminders; r++) {
		timeline_mark k = { .step = s, .reminder = &s->reminders[r],
		                    .step_due = e->due };
		CP_TRY(schedule_reminder_date(m, s, k.reminder, cal, date, minutes,
		                              anchors, nanchors, &k.date, err));
		CP_TRY(mark_add(mk, &k, err));
	}
	if (s->escalate.present) {
		timeline_mark k = { .step = s, .escalation = true,
		                    .step_due = e->due };
		CP_TRY(schedule_escalation_date(s, cal, e->due, &k.date, err));
		CP_TRY(mark_add(mk, &k, err));
	}
	return CP_OK;
}

static int mark_cmp(const void *a, const void *b)
{
	const timeline_mark *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->escalation != y->escalation)
		return x->escalation ? 1 : -1;
	if (x->step != y->step)   /* steps are one array: policy order */
		return x->step < y->step ? -1 : 1;
	return x->reminder < y->reminder ? -1 : x->reminder > y->reminder;
}

cp_status schedule_marks(const policy_meeting *m, const calendar *cal,
                         cp_date date, int minutes,
                         const anchor_date *anchors, size_t nanchors,
                         const timeline_entry *t, size_t n,
                         timeline_mark **out, size_t *nout, cp_error *err)
{
	marks mk = { 0 };
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < n; i++)
		st = step_marks(m, cal, date, minutes, anchors, nanchors, &t[i], &mk,
		                err);
	if (st != CP_OK) {
		free(mk.v);
		return st;
	}
	if (mk.n > 1)
		qsort(mk.v, mk.n, sizeof *mk.v, mark_cmp);
	*out = mk.v;
	*nout = mk.n;
	return CP_OK;
}

const char *schedule_mark_title(const timeline_mark *k, char *buf,
                                size_t size)
{
	const policy_step *s = k->step;
	if (!k->escalation)
		return k->reminder->title ? k->reminder->title : s->title;
	if (s->escalate.title)
		return s->escalate.title;
	snprintf(buf, size, "Escalation: %s", s->title ? s->title : "");
	return buf;
}

role_set schedule_mark_roles(const timeline_mark *k)
{
	return k->escalation ? k->step->escalate.to : k->reminder->to;
}

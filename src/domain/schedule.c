/* schedule.c - due dates for a meeting's steps, and what must follow it. */
#include <stdlib.h>
#include <string.h>

#include "model.h"   /* meeting_how, for if: how: */
#include "schedule.h"

cp_status anchor_add(anchor_date list[ANCHORS_MAX], size_t *n,
                     const char *s, size_t len, cp_error *err)
{
	const char *eq = memchr(s, '=', len);
	size_t nlen = eq ? (size_t)(eq - s) : 0;
	char date[CP_DATE_STRLEN + 8];
	size_t dlen = eq ? len - nlen - 1 : 0;
	if (!eq || nlen == 0 || nlen >= OFFSET_ANCHOR_LEN || dlen >= sizeof date)
		return cp_fail(err, CP_BADINPUT, "'%.*s': write NAME=YYYY-MM-DD, "
		               "e.g. s47-start=2027-04-20",
		               (int)(len > 80 ? 80 : len), s);
	if (*n >= ANCHORS_MAX)
		return cp_fail(err, CP_BADINPUT, "at most %d anchors", ANCHORS_MAX);
	anchor_date *a = &list[*n];
	memcpy(a->name, s, nlen);
	a->name[nlen] = '\0';
	memcpy(date, eq + 1, dlen);
	date[dlen] = '\0';
	cp_status st = date_parse(date, &a->date, err);
	if (st != CP_OK) {
		cp_error_prefix(err, "%s: ", a->name);
		return st;
	}
	(*n)++;
	return CP_OK;
}

/* The date `anchor` names: the meeting's own, or one of `anchors`. */
static bool anchor_date_of(const char *anchor, cp_date meeting,
                           const anchor_date *anchors, size_t nanchors,
                           cp_date *out)
{
	if (!strcmp(anchor, "meeting")) {
		*out = meeting;
		return true;
	}
	for (size_t i = 0; i < nanchors; i++)
		if (!strcmp(anchors[i].name, anchor)) {
			*out = anchors[i].date;
			return true;
		}
	return false;
}

static cp_status anchor_base(const policy_meeting *m, const policy_step *s,
                             cp_date meeting, const anchor_date *anchors,
                             size_t nanchors, cp_date *out, cp_error *err)
{
	if (anchor_date_of(s->due.anchor, meeting, anchors, nanchors, out))
		return CP_OK;
	return cp_fail(err, CP_BADINPUT,
	    "the %s step '%s' counts from %s, which this meeting does not have: give --anchor %s=YYYY-MM-DD",
	    m->type, s->id, s->due.anchor, s->due.anchor);
}

static int by_due_then_order(const void *a, const void *b)
{
	const timeline_entry *x = a, *y = b;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->step_index < y->step_index ? -1 : x->step_index > y->step_index;
}

cp_status schedule_timeline(const policy *p, const calendar *cal,
                            const char *type, cp_date date, int minutes,
                            const anchor_date *anchors, size_t nanchors,
                            timeline_entry **out, size_t *n, cp_error *err)
{
	*out = NULL;
	*n = 0;
	const policy_meeting *m = policy_meeting_find(p, type);
	if (!m)
		return cp_fail(err, CP_BADINPUT,
		    "policy '%s' has no meeting type '%s'", p->id, type);
	timeline_entry *t = calloc(m->nsteps ? m->nsteps : 1, sizeof *t);
	if (!t)
		return cp_oom(err);
	for (size_t i = 0; i < m->nsteps; i++) {
		const policy_step *s = &m->steps[i];
		cp_date base = date;
		cp_status st = anchor_base(m, s, date, anchors, nanchors, &base, err);
		if (st == CP_OK)
			st = offset_apply(&s->due, cal, base,
			                  strcmp(s->due.anchor, "meeting") ? -1 : minutes,
			                  s->if_closed, &t[i].due, err);
		if (st != CP_OK) {
			free(t);
			return st;
		}
		t[i].step = s;
		t[i].step_index = i;
	}
	if (m->nsteps > 1)
		qsort(t, m->nsteps, sizeof *t, by_due_then_order);
	*out = t;
	*n = m->nsteps;
	return CP_OK;
}

size_t schedule_keep_booked(timeline_entry *t, size_t n, int how)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		const policy_step *s = t[i].step;
		if (s->if_absent || (s->if_how != HOW_UNKNOWN &&
		                     s->if_how != how))
			continue;
		t[kept++] = t[i];
	}
	return kept;
}

static bool nth_matches(const policy_cadence *c, int nth)
{
	if (c->nth_min == 0)
		return true;
	if (nth < c->nth_min)
		return false;
	return c->nth_max == 0 || nth <= c->nth_max;
}

cp_status schedule_next(const policy *p, const calendar *cal,
                        const char *event, int nth, cp_date date,
                        next_meeting **out, size_t *n, cp_error *err)
{
	*out = NULL;
	*n = 0;
	if (!policy_meeting_find(p, event) && !policy_anchor_find(p, event))
		return cp_fail(err, CP_BADINPUT,
		    "policy '%s' has no meeting type or event '%s'", p->id, event);
	next_meeting *r = calloc(p->ncadence ? p->ncadence : 1, sizeof *r);
	if (!r)
		return cp_oom(err);
	size_t count = 0;
	for (size_t i = 0; i < p->ncadence; i++) {
		const policy_cadence *c = &p->cadence[i];
		if (strcmp(c->after, event))
			continue;
		if (c->nth_min && nth <= 0) {
			free(r);
			return cp_fail(err, CP_BADINPUT,
			    "what follows a %s depends on which one it was: give --nth N (1 for the first)",
			    event);
		}
		if (!nth_matches(c, nth))
			continue;
		cp_status st = offset_apply(&c->within, cal, date, -1,
		                            CLOSED_EARLIER, &r[count].by, err);
		if (st != CP_OK) {
			free(r);
			return st;
		}
		r[count].type = c->next;
		r[count].rule = c;
		count++;
	}
	*out = r;
	*n = count;
	return CP_OK;
}

cp_status schedule_escalation_date(const policy_step *s, const calendar *cal,
                                   cp_date due, cp_date *out, cp_error *err)
{
	if (!s->escalate.present)
		return cp_fail(err, CP_BADINPUT, "step '%s' does not escalate", s->id);
	/* Nobody escalates on a closed day: the next working day instead. */
	return offset_apply(&s->escalate.after, cal, due, -1, CLOSED_LATER, out,
	                    err);
}

cp_status schedule_reminder_date(const policy_meeting *m,
                                 const policy_step *s,
                                 const policy_reminder *r,
                                 const calendar *cal, cp_date date,
                                 int minutes, const anchor_date *anchors,
                                 size_t nanchors, cp_date *out,
                                 cp_error *err)
{
	cp_date base;
	bool at_meeting = !strcmp(r->at.anchor, "meeting");
	if (!anchor_date_of(r->at.anchor, date, anchors, nanchors, &base))
		return cp_fail(err, CP_BADINPUT,
		    "the %s step '%s' has a reminder counted from %s, which this meeting does not have",
		    m->type, s->id, r->at.anchor);
	return offset_apply(&r->at, cal, base, at_meeting ? minutes : -1,
	                    s->if_closed, out, err);
}

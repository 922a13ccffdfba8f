/* casework_meeting.c - meetings (see casework.h): who does each step
 * (role holders, the assignees of generated tasks), the cadence a
 * meeting keeps to, clashes of the chair, and adding, moving,
 * cancelling (with its approvals) and recording the outcome of a
 * meeting, with their one-transaction forms. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "text.h"
#include "permit.h"
#include "schedule.h"

static void warn_add(char *warn, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void warn_add(char *warn, const char *fmt, ...)
{
	if (!warn)
		return;
	size_t used = strlen(warn);
	if (used + 3 >= CW_WARN_MAX)
		return;
	if (used) {
		strcpy(warn + used, "; ");
		used += 2;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(warn + used, CW_WARN_MAX - used, fmt, ap);
	va_end(ap);
}

/* A date later than the cadence allows, recorded as an exception. */
static void warn_exception(char *warn, const char *type, cp_date d,
                           cp_date by)
{
	char ds[CP_DATE_STRLEN], bs[CP_DATE_STRLEN];
	date_format(d, ds);
	date_format(by, bs);
	warn_add(warn, "%s on %s is later than the cadence allows (by %s): recorded as an exception",
	         type, ds, bs);
}

/* ---- cadence ----------------------------------------------------------- */
typedef struct held_list {
	cp_meeting_vec held; /* the held meetings, by date */
	int same_type;       /* earlier meetings of the type, not cancelled */
	const char *type;
	uint64_t skip;
	cp_date since;       /* only those of the episode from here, or NONE */
	struct { char type[32]; int n; } seen[16]; /* meetings so far a type */
	size_t nseen;
	bool oom;
} held_list;

/* Count m among the child's meetings of its type: which one it is, for
 * this child (a family meeting's stored nth is its index child's). */
static int count_type(held_list *h, const char *type)
{
	size_t i = 0;
	while (i < h->nseen && strcmp(h->seen[i].type, type))
		i++;
	if (i == h->nseen) {
		if (h->nseen == sizeof h->seen / sizeof h->seen[0])
			return 1;
		snprintf(h->seen[i].type, sizeof h->seen[i].type, "%s", type);
		h->seen[h->nseen++].n = 0;
	}
	return ++h->seen[i].n;
}

static bool collect_meeting(void *ctx, const cp_meeting *m)
{
	held_list *h = ctx;
	if (m->id == h->skip ||
	    (h->since != CP_DATE_NONE && m->date < h->since) ||
	    m->status == MEETING_CANCELLED)
		return true;
	int nth = count_type(h, m->type);
	if (!strcmp(m->type, h->type))
		h->same_type++;
	if (m->status != MEETING_HELD)
		return true;
	cp_error ignored;
	if (cp_meeting_vec_push(&h->held, m, &ignored) != CP_OK)
		return !(h->oom = true);
	h->held.v[h->held.n - 1].nth = nth;
	return true;
}

/* The latest date the cadence allows for a `type` meeting of this child:
 * from the latest held meeting that a cadence rule leads from to `type`,
 * else from the meeting's anchors as events (care-start).  *by stays
 * CP_DATE_NONE when no rule applies.  Also counts nth.  Only meetings
 * from `since` count (the episode's start; CP_DATE_NONE: all). */
static cp_status cadence_for(casework *cw, store_txn *t, const char *child,
                             const char *type, uint64_t self, cp_date since,
                             const anchor_date *anchors, size_t nanchors,
                             cp_date *by, uint64_t *prev, int *nth,
                             cp_error *err)
{
	held_list h = { .type = type, .skip = self, .since = since };
	*by = CP_DATE_NONE;
	*prev = 0;
	cp_status st = store_meetings_for_child(t, child, collect_meeting, &h,
	                                        err);
	if (st == CP_OK && h.oom)
		st = cp_oom(err);
	*nth = h.same_type + 1;
	/* Meetings come by date: walk back from the latest. */
	for (size_t i = h.held.n; st == CP_OK && i-- > 0 &&
	     *by == CP_DATE_NONE;) {
		const cp_meeting *hm = &h.held.v[i];
		next_meeting *nx;
		size_t n;
		st = schedule_next(cw->pol, cw->cal, hm->type,
		                   hm->nth > 0 ? hm->nth : 1, hm->date, &nx, &n,
		                   err);
		for (size_t j = 0; st == CP_OK && j < n; j++)
			if (!strcmp(nx[j].type, type)) {
				*by = nx[j].by;
				*prev = hm->id;
				break;
			}
		if (st == CP_OK)
			free(nx);
	}
	/* An anchor's rule applies when no held meeting leads here (the
	 * first review of a care episode), or always when it counts back
	 * from an event ahead (a conference before an expected birth). */
	bool from_held = *by != CP_DATE_NONE;
	for (size_t i = 0; st == CP_OK && i < nanchors; i++) {
		next_meeting *nx;
		size_t n;
		if (!policy_anchor_find(cw->pol, anchors[i].name))
			continue;
		st = schedule_next(cw->pol, cw->cal, anchors[i].name, 1,
		                   anchors[i].date, &nx, &n, err);
		for (size_t j = 0; st == CP_OK && j < n; j++)
			if (!strcmp(nx[j].type, type) &&
			    (!from_held || nx[j].rule->within.amount < 0) &&
			    (*by == CP_DATE_NONE || nx[j].by < *by))
				*by = nx[j].by;
		if (st == CP_OK)
			free(nx);
	}
	cp_meeting_vec_free(&h.held);
	return st;
}

cp_status casework_cadence_due_txn(casework *cw, store_txn *t,
                                   const char *child, const char *type,
                                   cp_date on, cp_date *by, uint64_t *prev,
                                   cp_error *err)
{
	const policy_meeting *pm = policy_meeting_find(cw->pol,
	                                               text_or_empty(type));
	*by = CP_DATE_NONE;
	*prev = 0;
	if (!pm)
		return cp_fail(err, CP_BADINPUT, "policy '%s' has no meeting type "
		               "'%s'", cw->pol->id, text_or_empty(type));
	cp_child c;
	CP_TRY(cw_need_child(t, text_or_empty(child), &c, err));
	cp_date since = CP_DATE_NONE;
	anchor_date a[ANCHORS_MAX];
	size_t na = 0;
	int nth;
	cp_status st = cw_check_during(cw->pol, pm, &c, on, &since, err);
	if (st == CP_OK)
		st = cw_record_anchors(cw->pol, pm, &c, on, NULL, 0, a, &na, err);
	if (st == CP_OK)
		st = cadence_for(cw, t, c.id, pm->type, 0, since, a, na, by, prev,
		                 &nth, err);
	cp_child_free(&c);
	return st;
}

cp_status casework_cadence_latest_txn(casework *cw, store_txn *t,
                                      const char *child, const char *type,
                                      cp_date on, cp_date *by, cp_error *err)
{
	uint64_t prev;
	return casework_cadence_due_txn(cw, t, child, type, on, by, &prev, err);
}

typedef struct clash {
	uint64_t skip;
	uint64_t other;
	const char *type;
	char typebuf[64];
} clash;

static bool find_clash(void *ctx, const cp_meeting *m)
{
	clash *c = ctx;
	if (m->id == c->skip || m->status == MEETING_CANCELLED)
		return true;
	c->other = m->id;
	snprintf(c->typebuf, sizeof c->typebuf, "%s", m->type);
	return false;
}

/* Hounslow's procedure, 002: avoid clashes.  A warning, never a refusal. */
static cp_status chair_clash(store_txn *t, const char *chair, cp_date d,
                             uint64_t self, char *warn, cp_error *err)
{
	clash c = { .skip = self };
	if (!text_nonempty(chair))
		return CP_OK;
	CP_TRY(store_meetings_for_chair(t, chair, d, d, 0, find_clash, &c, err));
	if (c.other) {
		char ds[CP_DATE_STRLEN];
		date_format(d, ds);
		warn_add(warn, "chair %s already has meeting %llu (%s) on %s",
		         chair, (unsigned long long)c.other, c.typebuf, ds);
	}
	return CP_OK;
}

/* ---- dates that cannot be ---------------------------------------------- */
/* The local time `minutes` on d in the United Kingdom (every division
 * the policies name): clocks go forward at 01:00 on the last Sunday of
 * March (01:00-01:59 does not exist) and back at 02:00 on the last
 * Sunday of October (01:00-01:59 happens twice).  Worked out here, not
 * from the process's $TZ: the store's times are the service's. */
static const char *clock_change(cp_date d, int minutes)
{
	int y, mo, dd;
	date_to_ymd(d, &y, &mo, &dd);
	if ((mo != 3 && mo != 10) || date_weekday(d) != 7 || dd + 7 <= 31 ||
	    minutes < 60 || minutes >= 120)
		return NULL;
	return mo == 3 ? "does not exist (the clocks go forward)"
	               : "happens twice (the clocks go back)";
}

/* Every reason the rules have against d at minutes, in why. */
static bool date_problems(const casework *cw, cp_date date, int minutes,
                          char *why, size_t size)
{
	char ds[CP_DATE_STRLEN];
	size_t used = 0;
	cw_date_str(date, ds);
	const char *closed = calendar_reason_closed(cw->cal, date);
	const char *clock = minutes >= 0 ? clock_change(date, minutes) : NULL;
	why[0] = '\0';
	/* the time first: a clock change falls on a Sunday, said second */
	if (clock)
		used += (size_t)snprintf(why, size, "%02d:%02d on %s %s",
		                         minutes / 60, minutes % 60, ds, clock);
	if (closed && used < size)
		used += (size_t)snprintf(why + used, size - used,
		                         "%s%s is not a working day (%s)",
		                         used ? "; " : "", ds, closed);
	if (date < cw->today && used < size)
		snprintf(why + used, size - used, "%s%s is in the past",
		         used ? "; " : "", ds);
	return why[0] != '\0';
}

cp_status cw_date_rules(const casework *cw, cp_date date, int minutes,
                        bool force, const char *reason, const char *keep,
                        char *warn, cp_error *err)
{
	char why[320];
	if (!cw->dated || !date_problems(cw, date, minutes, why, sizeof why))
		return CP_OK;
	if (!force)
		return cp_fail(err, CP_REFUSED, "%s: choose another%s%s", why,
		               keep ? ", or keep it with " : "", keep ? keep : "");
	if (!text_nonempty(reason))
		return cp_fail(err, CP_BADINPUT, "%s: keeping it needs a reason "
		               "(--reason TEXT)", why);
	warn_add(warn, "%s: kept (%s)", why, reason);
	return CP_OK;
}

/* ---- meeting add ------------------------------------------------------- */
cp_status cw_check_person(store_txn *t, const char *login, role_set need,
                          const char *what, const policy *p, cp_error *err)
{
	cp_worker w;
	if (!text_nonempty(login))
		return CP_OK;
	CP_TRY(cw_need_worker(t, login, what, &w, err));
	bool ok = w.roles & need;
	cp_worker_free(&w);
	if (ok)
		return CP_OK;
	char roles[256] = "";
	for (int r = 0; r < ROLE_COUNT; r++)
		if (need & ROLE_BIT(r)) {
			size_t used = strlen(roles);
			snprintf(roles + used, sizeof roles - used, "%s%s (%s)",
			         used ? " or " : "", role_name((cp_role)r),
			         policy_role_title(p, (cp_role)r));
		}
	return cp_fail(err, CP_REFUSED, "%s '%s' is not a %s", what, login,
	               roles);
}

role_set cw_chair_roles(const policy_meeting *pm)
{
	return pm ? ROLE_BIT(pm->chair_role) | pm->also_chaired_by
	          : ROLE_BIT(ROLE_CP_CHAIR);
}

/* One task of step s for child pp->child (due `due`). */
static cp_status make_task(store_txn *t, const cp_meeting *m,
                           const policy_step *s, cp_date due, cw_people *pp,
                           cp_error *err)
{
	cp_task k;
	cp_task_init(&k);
	const char *who = NULL;
	CP_TRY(cw_assignee_for(t, pp, s->role, s->id, m->type, &who, err));
	CP_TRY(store_next_id(t, SEQ_TASK, &k.id, err));
	k.meeting_id = m->id;
	k.child_id = pp->child->id;
	k.step_id = s->id;
	k.role = s->role;
	k.title = s->title;
	k.assignee = (char *)who;
	k.due = due;
	k.status = TASK_OPEN;
	k.kind = TASK_STEP;
	return store_task_put(t, &k, err);   /* borrowed strings: no free */
}

/* Generate and store the tasks of meeting m for its children kids (the
 * index child first): one set, the index child's, and a task for each
 * child where the policy marks a step per-child. */
static cp_status make_tasks(casework *cw, store_txn *t, const cp_meeting *m,
                            const cw_children *kids, char *warn,
                            cp_error *err)
{
	timeline_entry *tl;
	size_t n, made = 0, late = 0;
	cw_people pp[MEETING_CHILDREN_MAX];
	for (size_t c = 0; c < kids->n; c++)
		pp[c] = (cw_people){ .child = &kids->v[c], .chair = m->chair,
		                     .minute_taker = m->minute_taker };
	CP_TRY(schedule_timeline(cw->pol, cw->cal, m->type, m->date, m->minutes,
	                      m->anchors, m->nanchors, &tl, &n, err));
	n = schedule_keep_booked(tl, n, m->how);
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < n; i++) {
		size_t each = tl[i].step->per_child ? kids->n : 1;
		for (size_t c = 0; st == CP_OK && c < each; c++, made++)
			st = make_task(t, m, tl[i].step, tl[i].due, &pp[c], err);
		late += cw->dated && tl[i].due < cw->today ? each : 0;
	}
	/* booked late: steps already overdue the day it is booked */
	if (late)
		warn_add(warn, "%zu of its steps were due before today: they are "
		         "overdue from the start", late);
	free(tl);
	char *after = st == CP_OK ? malloc(64) : NULL;
	if (after)
		snprintf(after, 64, "meeting=%llu tasks=%zu",
		         (unsigned long long)m->id, made);
	return cw_audit_added(cw, t, st, "tasks.generate", "meeting", m->id,
	                      m->child_id, after, err);
}

static cp_status check_anchors(const policy *p, const anchor_date *a,
                               size_t n, cp_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (!policy_anchor_find(p, a[i].name))
			return cp_fail(err, CP_BADINPUT,
			    "policy '%s' has no anchor '%s'", p->id, a[i].name);
		if (a[i].date == CP_DATE_NONE)
			return cp_fail(err, CP_BADINPUT, "anchor %s has no date",
			               a[i].name);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(a[i].name, a[j].name))
				return cp_fail(err, CP_BADINPUT,
				               "anchor %s given twice", a[i].name);
	}
	return CP_OK;
}

/* What a new meeting must have before the store is read: a type of the
 * policy (*pm), a date, a time and way of meeting, known anchors. */
static cp_status check_new(const policy *p, const cw_meeting_new *in,
                           const policy_meeting **pm, cp_error *err)
{
	*pm = policy_meeting_find(p, text_or_empty(in->type));
	if (!*pm)
		return cp_fail(err, CP_BADINPUT, "policy '%s' has no meeting type '%s'",
		               p->id, text_or_empty(in->type));
	if (in->date == CP_DATE_NONE)
		return cp_fail(err, CP_BADINPUT, "a meeting needs a date");
	if (in->minutes < -1 || in->minutes > 1439 ||
	    (unsigned)in->how >= HOW_COUNT)
		return cp_fail(err, CP_BADINPUT, "bad meeting time or way of meeting");
	return check_anchors(p, in->anchors, in->nanchors, err);
}

/* What each child's record gives a new meeting: whether it may have a
 * meeting of this type then (since: its episode's start), and its own
 * anchors (its care start, its expected birth). */
typedef struct kid_facts {
	cp_date since[MEETING_CHILDREN_MAX];
	anchor_date anchors[MEETING_CHILDREN_MAX][ANCHORS_MAX];
	size_t nanchors[MEETING_CHILDREN_MAX];
} kid_facts;

/* The new meeting m's cadence (latest date allowed, the meeting before,
 * nth): the earliest any of its children's cadence allows, nth the index
 * child's.  A later date needs a reason: it is then an exception, and
 * said so in warn. */
static cp_status new_cadence(casework *cw, store_txn *t,
                             const cw_meeting_new *in, const cw_children *kids,
                             const kid_facts *f, cp_meeting *m, char *warn,
                             cp_error *err)
{
	m->cadence_by = CP_DATE_NONE;
	for (size_t i = 0; i < kids->n; i++) {
		cp_date by;
		uint64_t prev;
		int nth;
		CP_TRY(cadence_for(cw, t, kids->v[i].id, m->type, 0, f->since[i],
		                   f->anchors[i], f->nanchors[i], &by, &prev, &nth,
		                   err));
		if (i == 0)
			m->nth = nth;
		if (by != CP_DATE_NONE &&
		    (m->cadence_by == CP_DATE_NONE || by < m->cadence_by)) {
			m->cadence_by = by;
			m->prev_id = prev;
		}
	}
	if (m->cadence_by == CP_DATE_NONE || in->date <= m->cadence_by)
		return CP_OK;
	if (!text_nonempty(in->reason)) {
		char ds[CP_DATE_STRLEN], bs[CP_DATE_STRLEN];
		date_format(in->date, ds);
		date_format(m->cadence_by, bs);
		return cp_fail(err, CP_REFUSED,
		    "a %s on %s is later than the cadence allows (by %s): give a reason to record it as an exception",
		    m->type, ds, bs);
	}
	m->cadence_exception = true;
	warn_exception(warn, m->type, in->date, m->cadence_by);
	return CP_OK;
}


static cp_status from_records(casework *cw, const policy_meeting *pm,
                              const cw_meeting_new *in,
                              const cw_children *kids, kid_facts *f,
                              cp_error *err)
{
	for (size_t i = 0; i < kids->n; i++) {
		CP_TRY(cw_check_during(cw->pol, pm, &kids->v[i], in->date,
		                       &f->since[i], err));
		CP_TRY(cw_record_anchors(cw->pol, pm, &kids->v[i], in->date,
		                         in->anchors, in->nanchors, f->anchors[i],
		                         &f->nanchors[i], err));
	}
	return CP_OK;
}

/* Fill m (its strings borrowed from in, kids and pm) and store it. */
static cp_status put_new(casework *cw, store_txn *t, const cw_meeting_new *in,
                         const policy_meeting *pm, const cw_children *kids,
                         char **sib, cp_meeting *m, char *warn, cp_error *err)
{
	for (size_t i = 1; i < kids->n; i++)
		sib[i - 1] = kids->v[i].id;
	m->child_id = kids->v[0].id;
	m->siblings = kids->n > 1 ? sib : NULL;
	m->nsiblings = kids->n - 1;
	m->type = pm->type;
	m->date = in->date;
	m->minutes = in->minutes;
	m->chair = (char *)text_or_empty(in->chair);
	m->minute_taker = (char *)text_or_empty(in->minute_taker);
	m->how = in->how;
	m->status = MEETING_SCHEDULED;
	kid_facts *f = calloc(1, sizeof *f);
	if (!f)
		return cp_oom(err);
	cp_status st = from_records(cw, pm, in, kids, f, err);
	if (st == CP_OK) {
		/* the meeting's steps count from its index child's */
		memcpy(m->anchors, f->anchors[0], f->nanchors[0] * sizeof *m->anchors);
		m->nanchors = f->nanchors[0];
		st = new_cadence(cw, t, in, kids, f, m, warn, err);
	}
	free(f);
	CP_TRY(st);
	m->reason = m->cadence_exception || in->force ? (char *)in->reason : "";
	CP_TRY(store_next_id(t, SEQ_MEETING, &m->id, err));
	return store_meeting_put(t, m, err);
}

static cp_status meeting_add(casework *cw, store_txn *t,
                             const cw_meeting_new *in, uint64_t *id,
                             char *warn, cp_error *err)
{
	const policy_meeting *pm;
	CP_TRY(check_new(cw->pol, in, &pm, err));
	CP_TRY(cw_date_rules(cw, in->date, in->minutes, in->force, in->reason,
	                     in->from_outcome ? NULL
	                     : "--force and a --reason (recorded)",
	                     warn, err));
	cw_children kids;
	CP_TRY(cw_children_load(t, in->child_id, in->siblings, in->nsiblings,
	                        &kids, err));
	/* Borrowed strings: m is not freed below. */
	cp_meeting m;
	cp_meeting_init(&m);
	anchor_date anchors[ANCHORS_MAX];
	char *sib[MEETING_CHILDREN_MAX];
	m.anchors = anchors;
	/* A type the social worker chairs (a core group): the index child's,
	 * unless another is named. */
	cw_meeting_new own = *in;
	if (pm->chair_role == ROLE_SOCIAL_WORKER && !text_nonempty(in->chair))
		own.chair = kids.v[0].social_worker;
	in = &own;
	cp_status st = cw_check_person(t, in->chair, cw_chair_roles(pm),
	                               "chair", cw->pol, err);
	if (st == CP_OK)
		st = cw_check_person(t, in->minute_taker, ROLE_BIT(ROLE_MINUTE_TAKER),
		                  "minute taker", cw->pol, err);
	if (st == CP_OK)
		st = put_new(cw, t, in, pm, &kids, sib, &m, warn, err);
	if (st == CP_OK)
		st = make_tasks(cw, t, &m, &kids, warn, err);
	if (st == CP_OK)
		st = chair_clash(t, m.chair, m.date, m.id, warn, err);
	st = cw_audit_added(cw, t, st, "meeting.add", "meeting", m.id,
	                    kids.v[0].id, st == CP_OK ?
	                    model_meeting_describe(&m) : NULL, err);
	if (st == CP_OK && id)
		*id = m.id;
	cw_children_free(&kids);
	return st;
}

cp_status casework_meeting_add_txn(casework *cw, store_txn *t,
                                   const cw_meeting_new *in, uint64_t *id,
                                   char warn[CW_WARN_MAX], cp_error *err)
{
	if (warn)
		warn[0] = '\0';
	/* The role first (that tells nothing of the child); then the actor
	 * must see the child already -- naming themselves its chair would
	 * otherwise open its record to them -- and one they do not see is
	 * answered as one not there (issue 15); then the case as it will
	 * be: the child's, with this chair and clerk. */
	CP_TRY(permit_may(cw->pm, ACCESS_SCHEDULE, err));
	if (in->nsiblings > MEETING_CHILDREN_MAX - 1)
		return cp_fail(err, CP_BADINPUT, "a meeting is for at most %d "
		               "children", MEETING_CHILDREN_MAX);
	/* Each child: seen, and the actor's to schedule for. */
	for (size_t i = 0; i <= in->nsiblings; i++) {
		const char *cid = text_or_empty(i ? in->siblings[i - 1]
		                                : in->child_id);
		cp_child seen;
		CP_TRY(cw_seen_child(cw, t, cid, &seen, err));
		cp_child_free(&seen);
		cp_meeting probe = { .child_id = (char *)cid,
		                     .chair = (char *)text_or_empty(in->chair),
		                     .minute_taker = (char *)text_or_empty(in->minute_taker) };
		CP_TRY(permit_meeting(cw->pm, t, ACCESS_SCHEDULE, &probe, err));
	}
	return meeting_add(cw, t, in, id, warn, err);
}

/* ---- move -------------------------------------------------------------- */
static cp_status need_scheduled(const cp_meeting *m, const char *doing,
                                cp_error *err)
{
	if (m->status == MEETING_SCHEDULED)
		return CP_OK;
	return cp_fail(err, CP_REFUSED, "meeting %llu is %s: it cannot be %s",
	               (unsigned long long)m->id, meeting_status_name(m->status),
	               doing);
}

/* Meeting id for a change: it must be scheduled, and the user may do
 * act to it: the role first, then the meeting (one they may not see is
 * answered as one not there), then their role must reach its case.  On
 * failure nothing is left to free. */
cp_status cw_change_scheduled(casework *cw, store_txn *t, uint64_t id,
                              access_action act, const char *doing,
                              cp_meeting *m, cp_error *err)
{
	CP_TRY(permit_may(cw->pm, act, err));
	CP_TRY(cw_seen_meeting(cw, t, id, m, err));
	cp_status st = permit_meeting(cw->pm, t, act, m, err);
	if (st == CP_OK)
		st = need_scheduled(m, doing, err);
	if (st != CP_OK)
		cp_meeting_free(m);
	return st;
}

typedef struct timeline {
	timeline_entry *v;
	size_t n;
} timeline;

/* A step task's due date by the new timeline: true when it changed. */
static bool retime_task(void *ctx, cp_task *k)
{
	const timeline *tl = ctx;
	for (size_t j = 0; k->kind == TASK_STEP && j < tl->n; j++) {
		if (strcmp(tl->v[j].step->id, k->step_id) || k->due == tl->v[j].due)
			continue;
		k->due = tl->v[j].due;
		return true;
	}
	return false;
}

/* New due dates for m's open step tasks (m already has the new date). */
static cp_status retime_tasks(casework *cw, store_txn *t, const cp_meeting *m,
                              size_t *moved, cp_error *err)
{
	timeline tl;
	*moved = 0;
	CP_TRY(schedule_timeline(cw->pol, cw->cal, m->type, m->date, m->minutes,
	                         m->anchors, m->nanchors, &tl.v, &tl.n, err));
	cp_status st = cw_change_open_tasks(t, m->id, retime_task, &tl, moved, err);
	free(tl.v);
	return st;
}

/* Each child of m may have a meeting of its type on `date` (its
 * episodes: policy during:). */
static cp_status may_hold_on(casework *cw, store_txn *t, const cp_meeting *m,
                             cp_date date, cp_error *err)
{
	const policy_meeting *pm = policy_meeting_find(cw->pol, m->type);
	for (size_t i = 0; pm && i <= m->nsiblings; i++) {
		cp_child c;
		cp_date since;
		CP_TRY(cw_need_child(t, i ? m->siblings[i - 1] : m->child_id, &c,
		                     err));
		cp_status st = cw_check_during(cw->pol, pm, &c, date, &since, err);
		cp_child_free(&c);
		CP_TRY(st);
	}
	return CP_OK;
}

cp_status cw_move_rules(casework *cw, store_txn *t, const cp_meeting *m,
                        cp_date new_date, int minutes, bool force,
                        const char *reason, const char *keep, char *warn,
                        cp_error *err)
{
	if (!text_nonempty(reason))
		return cp_fail(err, CP_BADINPUT, "moving a meeting needs a reason (--reason TEXT)");
	CP_TRY(cw_too_long("the reason", reason, CW_NOTE_MAX, err));
	if (new_date == CP_DATE_NONE || minutes < -2 || minutes > 1439)
		return cp_fail(err, CP_BADINPUT, "bad new date or time");
	CP_TRY(cw_date_rules(cw, new_date, minutes == -2 ? m->minutes : minutes,
	                     force, reason, keep, warn, err));
	return may_hold_on(cw, t, m, new_date, err);
}

bool cw_move_is_late(const cp_meeting *m, cp_date new_date)
{
	return m->cadence_by != CP_DATE_NONE && new_date > m->cadence_by &&
	       new_date > m->date;
}

cp_status cw_meeting_move_apply(casework *cw, store_txn *t, cp_meeting *m,
                                cp_date new_date, int minutes,
                                const char *reason, const char *approved_by,
                                char *warn, cp_error *err)
{
	char *before = model_meeting_describe(m);
	if (!before)
		return cp_oom(err);
	cp_status st = cw_set_str(&m->reason, reason, err);
	if (st == CP_OK)
		st = cw_set_str(&m->approved_by, text_or_empty(approved_by), err);
	if (st == CP_OK) {
		m->moved_from = m->date;
		m->date = new_date;
		if (minutes != -2)
			m->minutes = minutes;
		m->cadence_exception = m->cadence_by != CP_DATE_NONE &&
		                       new_date > m->cadence_by;
	}
	if (st == CP_OK && m->cadence_exception)
		warn_exception(warn, m->type, new_date, m->cadence_by);
	size_t moved = 0;
	if (st == CP_OK)
		st = store_meeting_put(t, m, err);
	if (st == CP_OK)
		st = retime_tasks(cw, t, m, &moved, err);
	if (st == CP_OK)
		st = chair_clash(t, m->chair, m->date, m->id, warn, err);
	return cw_audit_meeting(cw, t, st, "meeting.move", m, before, err);
}

/* ---- cancel ------------------------------------------------------------ */
static cp_status approvals(casework *cw, store_txn *t,
                           const char *const *approvers, size_t n,
                           char **joined, cp_error *err)
{
	const policy_approval *pa = &cw->pol->approvals[REQUEST_CANCEL_MEETING];
	role_set need = pa->approvers, have = 0;
	size_t len = 1;
	*joined = NULL;
	for (size_t i = 0; i < n; i++) {
		cp_worker w;
		bool found;
		CP_TRY(cw_get_worker(t, approvers[i], &w, &found, err));
		if (!found)
			return cp_fail(err, CP_BADINPUT, "approver '%.64s' is not a worker",
			               text_or_empty(approvers[i]));
		have |= w.roles;
		cp_worker_free(&w);
		len += strlen(approvers[i]) + 1;
	}
	bool ok = !need || (pa->all ? (have & need) == need : (have & need) != 0);
	if (!ok) {
		char roles[256];
		role_set_format(pa->all ? need & ~have : need, roles, sizeof roles);
		return cp_fail(err, CP_REFUSED,
		    "cancelling needs the agreement of %s%s (%s): give --approved-by LOGIN",
		    pa->all ? "every one of: " : "one of: ",
		    roles, text_or_empty(pa->source));
	}
	if (!(*joined = calloc(1, len)))
		return cp_oom(err);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(*joined, ",");
		strcat(*joined, approvers[i]);
	}
	return CP_OK;
}

static bool cancel_task(void *ctx, cp_task *k)
{
	(void)ctx;
	k->status = TASK_CANCELLED;
	return true;
}

cp_status cw_meeting_cancel_apply(casework *cw, store_txn *t, cp_meeting *m,
                                  const char *reason, const char *approved_by,
                                  cp_error *err)
{
	CP_TRY(need_scheduled(m, "cancelled", err));
	char *before = model_meeting_describe(m);
	if (!before)
		return cp_oom(err);
	cp_status st = cw_set_str(&m->reason, reason, err);
	if (st == CP_OK)
		st = cw_set_str(&m->approved_by, approved_by, err);
	if (st == CP_OK) {
		m->status = MEETING_CANCELLED;
		st = store_meeting_put(t, m, err);
	}
	size_t n = 0;
	if (st == CP_OK)
		st = cw_change_open_tasks(t, m->id, cancel_task, NULL, &n, err);
	return cw_audit_meeting(cw, t, st, "meeting.cancel", m, before, err);
}

cp_status casework_meeting_cancel_agreed_txn(casework *cw, store_txn *t,
                                             uint64_t id, const char *reason,
                                             const char *const *approvers,
                                             size_t napprovers, cp_error *err)
{
	/* people approve for themselves: only history (the demo, an import:
	 * not dated) or the trusted caller (no permit) records it so */
	if (cw->pm && cw->dated)
		return cp_fail(err, CP_REFUSED,
		    "approvals are given by the approvers themselves (cpdesk approve)");
	if (!text_nonempty(reason))
		return cp_fail(err, CP_BADINPUT,
		               "cancelling a meeting needs a reason (--reason TEXT)");
	CP_TRY(cw_too_long("the reason", reason, CW_NOTE_MAX, err));
	cp_meeting m;
	char *joined = NULL;
	CP_TRY(cw_change_scheduled(cw, t, id, ACCESS_SCHEDULE, "cancelled", &m,
	                        err));
	cp_status st = approvals(cw, t, approvers, napprovers, &joined, err);
	if (st == CP_OK)
		st = cw_meeting_cancel_apply(cw, t, &m, reason, joined, err);
	free(joined);
	cp_meeting_free(&m);
	return st;
}

/* ---- outcome ----------------------------------------------------------- */
static cp_status set_outcome(const policy *p, cp_meeting *m,
                             const cw_outcome *o,
                             cp_error *err)
{
	cp_outcome *out = &m->outcome;
	cp_outcome_free(out);
	out->next_date = CP_DATE_NONE;
	CP_TRY(cw_decide(m, o, policy_decides_plan(p, m->type), out, err));
	out->decision = strdup(text_or_empty(o->decision));
	out->attendees = strdup(text_or_empty(o->attendees));
	out->reports = strdup(text_or_empty(o->reports));
	out->views_missing = strdup(text_or_empty(o->views_missing));
	out->summary = strdup(text_or_empty(o->summary));
	if (!out->decision || !out->attendees || !out->reports ||
	    !out->views_missing || !out->summary)
		return cp_oom(err);
	m->status = MEETING_HELD;
	return CP_OK;
}

/* Which cadence rule to follow: the one asked for, else one for the same
 * type, else the latest (the review, not an interim meeting). */
static const next_meeting *pick_next(const next_meeting *nx, size_t n,
                                     const char *want, const char *type)
{
	const next_meeting *best = NULL;
	for (size_t i = 0; i < n; i++) {
		if (want) {
			if (!strcmp(nx[i].type, want))
				return &nx[i];
			continue;
		}
		if (!strcmp(nx[i].type, type))
			return &nx[i];
		if (!best || nx[i].by > best->by)
			best = &nx[i];
	}
	return best;
}

/* The next meeting's date when none is asked for: the policy's margin
 * before the last lawful day, so that a slip is not a breach -- but not
 * before today (an outcome recorded late) nor on or before the meeting
 * itself: then the first working day after both, up to the last lawful
 * day (later, the booking asks for the exception's reason). */
static cp_status default_next(casework *cw, const cp_meeting *m, cp_date by,
                              cp_date *when, cp_error *err)
{
	CP_TRY(policy_diary_book_by(cw->pol, cw->cal, by, when, err));
	CP_TRY(calendar_workday_on_or_before(cw->cal, *when, when, err));
	cp_date floor = m->date + 1;
	if (cw->dated && cw->today > floor)
		floor = cw->today;
	if (*when >= floor)
		return CP_OK;
	return calendar_workday_on_or_after(cw->cal, floor, when, err);
}

/* The children the next meeting (of pm) is for (the index child first
 * while it stays): for one held during a plan, those the held one
 * decided a plan for; else those it did not decide no plan for; then
 * only those whose episodes allow it on `when` (a child whose care
 * ended since: said in warn).  None: *n is 0. */
static cp_status following_children(casework *cw, store_txn *t,
                                     const cp_meeting *m,
                                     const policy_meeting *pm, cp_date when,
                                     const char *out[MEETING_CHILDREN_MAX],
                                     size_t *n, char *warn, cp_error *err)
{
	*n = 0;
	for (size_t i = 0; i <= m->nsiblings && i < MEETING_CHILDREN_MAX; i++) {
		const char *id = i ? m->siblings[i - 1] : m->child_id;
		const cp_decision *d = meeting_decision(m, id);
		/* n/a: this meeting decided nothing (a core group): the
		 * child's episodes say, below */
		if (d && d->plan != PLAN_NA &&
		    (pm->during == EPISODE_CP ? d->plan != PLAN_CP
		                              : d->plan == PLAN_NONE))
			continue;
		cp_child c;
		cp_date since;
		cp_error why;
		CP_TRY(cw_need_child(t, id, &c, err));
		cp_status st = cw_check_during(cw->pol, pm, &c, when, &since, &why);
		cp_child_free(&c);
		if (st == CP_OK)
			out[(*n)++] = id;
		else if (st == CP_REFUSED)
			warn_add(warn, "no %s booked for child %s: %s", pm->type, id,
			         why.msg);
		else
			return cp_fail(err, st, "%s", why.msg);
	}
	return CP_OK;
}

/* Who the next meeting (of npm) is given to: this one's chair and
 * clerk when the same role chairs it; none (to allocate) when another
 * does; the child's social worker (meeting_add) when it chairs -- a core
 * group is the social worker's to arrange, with no clerk. */
static void following_people(const policy *p, const cp_meeting *m,
                             const policy_meeting *npm, cw_meeting_new *in)
{
	const policy_meeting *pm = policy_meeting_find(p, m->type);
	bool same = pm && pm->chair_role == npm->chair_role;
	bool sw = npm->chair_role == ROLE_SOCIAL_WORKER;
	in->chair = same && !sw ? m->chair : NULL;
	in->minute_taker = sw ? NULL : m->minute_taker;
}

/* Book the meeting of rule nx that follows m, on `when` (CP_DATE_NONE:
 * the policy's margin before its last lawful day), for the children it
 * is due for; *id stays 0 when none is (warn says why). */
static cp_status book_following(casework *cw, store_txn *t, const cp_meeting *m,
                                const next_meeting *nx, cp_date when,
                                int minutes, const char *reason, uint64_t *id,
                                char *warn, cp_error *err)
{
	const policy_meeting *npm = policy_meeting_find(cw->pol, nx->type);
	const char *kids[MEETING_CHILDREN_MAX];
	size_t nkids = 0;
	*id = 0;
	if (!npm)
		return cp_fail(err, CP_FAILED, "policy '%s' has no meeting type "
		               "'%s'", cw->pol->id, nx->type);
	if (when == CP_DATE_NONE)
		CP_TRY(default_next(cw, m, nx->by, &when, err));
	CP_TRY(following_children(cw, t, m, npm, when, kids, &nkids, warn, err));
	if (!nkids)   /* none: warn says why */
		return CP_OK;
	anchor_date given[ANCHORS_MAX];
	size_t ngiven = 0;
	for (size_t i = 0; i < m->nanchors; i++)
		if (!policy_anchor_from_record(m->anchors[i].name))
			given[ngiven++] = m->anchors[i];
	cw_meeting_new in = {
		.child_id = kids[0], .siblings = kids + 1, .nsiblings = nkids - 1,
		.type = npm->type, .date = when, .minutes = minutes, .how = m->how,
		.anchors = given, .nanchors = ngiven,
		.reason = reason, .from_outcome = true,
	};
	following_people(cw->pol, m, npm, &in);
	return meeting_add(cw, t, &in, id, warn, err);
}

typedef struct booked {
	const char *type;
	cp_date after;
	uint64_t id;
	cp_date date;
} booked;

static bool find_booked(void *ctx, const cp_meeting *m)
{
	booked *b = ctx;
	if (m->status != MEETING_SCHEDULED || m->date <= b->after ||
	    strcmp(m->type, b->type))
		return true;
	b->id = m->id;
	b->date = m->date;
	return false;
}

/* Another meeting m's cadence calls for besides the one chosen (a core
 * group after the conference that starts a plan, as well as the review):
 * booked too, unless its index child has one booked after m already. */
static cp_status book_also(casework *cw, store_txn *t, const cp_meeting *m,
                           const next_meeting *nx, const cw_outcome *o,
                           char *warn, cp_error *err)
{
	char bs[CP_DATE_STRLEN], ds[CP_DATE_STRLEN];
	cw_date_str(nx->by, bs);
	booked b = { .type = nx->type, .after = m->date };
	CP_TRY(store_meetings_for_child(t, m->child_id, find_booked, &b, err));
	if (b.id) {
		cw_date_str(b.date, ds);
		warn_add(warn, "also due: a %s by %s: #%llu on %s is booked already",
		         nx->type, bs, (unsigned long long)b.id, ds);
		return CP_OK;
	}
	/* recorded after it was due: booked only with the reason the
	 * outcome gives for lateness (--next-reason), else left to book by
	 * hand; the exception report lists it meanwhile */
	cp_date when;
	CP_TRY(default_next(cw, m, nx->by, &when, err));
	if (when > nx->by && !text_nonempty(o->next_reason)) {
		warn_add(warn, "also due: a %s by %s, already past: not booked "
		         "(book it with a reason: cpdesk meeting add %s %s DATE "
		         "--reason TEXT)", nx->type, bs, m->child_id, nx->type);
		return CP_OK;
	}
	uint64_t id;
	CP_TRY(book_following(cw, t, m, nx, when, -1, o->next_reason, &id, warn,
	                      err));
	cp_meeting nm;
	if (id) {
		CP_TRY(cw_need_meeting(t, id, &nm, err));
		cw_date_str(nm.date, ds);
		warn_add(warn, "also booked: %s #%llu on %s (due by %s), chair %s; "
		         "its time to be set (meeting move)", nx->type,
		         (unsigned long long)id, ds, bs,
		         *nm.chair ? nm.chair : "to allocate");
		cp_meeting_free(&nm);
	}
	return CP_OK;
}

static cp_status schedule_following(casework *cw, store_txn *t,
                                    cp_meeting *m, const cw_outcome *o,
                                    uint64_t *next_id, char *warn,
                                    cp_error *err)
{
	next_meeting *nx;
	size_t n;
	CP_TRY(schedule_next(cw->pol, cw->cal, m->type, m->nth > 0 ? m->nth : 1,
	                  m->date, &nx, &n, err));
	const next_meeting *pick = pick_next(nx, n, o->next_type, m->type);
	cp_status st = CP_OK;
	if (!pick) {
		if (o->next_type)
			st = cp_fail(err, CP_BADINPUT,
			    "policy '%s' has no cadence rule from %s to %s",
			    cw->pol->id, m->type, o->next_type);
		else
			warn_add(warn, "no cadence rule follows a %s: no next meeting scheduled",
			         m->type);
		free(nx);
		return st;
	}
	st = book_following(cw, t, m, pick, o->next_date,
	                    o->next_minutes == -2 ? m->minutes : o->next_minutes,
	                    o->next_reason, next_id, warn, err);
	if (st == CP_OK && *next_id) {
		cp_meeting nm;
		st = cw_need_meeting(t, *next_id, &nm, err);
		if (st == CP_OK) {
			m->outcome.next_date = nm.date;
			m->outcome.next_id = *next_id;
			cp_meeting_free(&nm);
		}
	}
	for (size_t i = 0; st == CP_OK && i < n; i++)
		if (&nx[i] != pick)
			st = book_also(cw, t, m, &nx[i], o, warn, err);
	free(nx);
	if (st != CP_OK)
		cp_error_prefix(err, "scheduling the next meeting: ");
	return st;
}

static bool in_pool(void *ctx, const cp_task *k)
{
	if (k->status == TASK_OPEN && (!strcmp(k->assignee, POOL_CHAIR) ||
	                               !strcmp(k->assignee, POOL_MINUTE_TAKER)))
		*(size_t *)ctx += 1;
	return true;
}

/* A meeting held with steps nobody has: they would wait in the pools
 * for ever (allocation is for meetings still to be held). */
static cp_status nothing_to_allocate(store_txn *t, const cp_meeting *m,
                                     cp_error *err)
{
	size_t n = 0;
	CP_TRY(store_tasks_for_meeting(t, m->id, in_pool, &n, err));
	if (!n)
		return CP_OK;
	return cp_fail(err, CP_REFUSED, "meeting %llu has %zu open step%s for a "
	               "chair or minute taker not allocated: allocate them first "
	               "(cpdesk meeting allocate %llu --chair LOGIN "
	               "--minute-taker LOGIN)", (unsigned long long)m->id, n,
	               n == 1 ? "" : "s", (unsigned long long)m->id);
}

/* ---- the outcome closes the steps ------------------------------------- */
typedef struct outcome_close {
	casework *cw;
	store_txn *t;
	const cp_meeting *m;
	bool keep_open;
	size_t done, missed;
	cp_status st;
	cp_error *err;
} outcome_close;

/* An open task of the held meeting: done when its step is done by the
 * outcome; missed when it was due before the meeting's day (a
 * preparation step the meeting went ahead without), unless kept open;
 * else left (what is due on the day or after is the outcome's work). */
static bool close_by_outcome(void *ctx, cp_task *k)
{
	outcome_close *c = ctx;
	const policy_step *s = policy_type_step(c->cw->pol, c->m->type,
	                                        text_or_empty(k->step_id));
	bool by_outcome = k->kind == TASK_STEP && s && s->done_by_outcome;
	if (c->st != CP_OK ||
	    (!by_outcome && (c->keep_open || k->due >= c->m->date)))
		return false;
	char *before = model_task_describe(k);
	char *by = strdup(text_or_empty(c->cw->actor));
	char *note = strdup(by_outcome ? "done by the meeting's outcome" :
	                    "the meeting was held without it");
	if (!before || !by || !note) {
		free(before), free(by), free(note);
		c->st = cp_oom(c->err);
		return false;
	}
	free(k->done_by), free(k->note);
	k->done_by = by;
	k->note = note;
	k->done_at = cw_now(c->cw);
	k->done_on = c->cw->dated ? c->cw->today : CP_DATE_NONE;
	k->status = by_outcome ? TASK_DONE : TASK_MISSED;
	*(by_outcome ? &c->done : &c->missed) += 1;
	c->st = cw_audit_task(c->cw, c->t, CP_OK, by_outcome ? "task.done" :
	                      "task.missed", k, before, c->err);
	return c->st == CP_OK;
}

/* What the outcome closes, said in warn ("2 steps done by the outcome;
 * 3 preparation steps still open closed as missed"). */
static cp_status outcome_closes(casework *cw, store_txn *t,
                                const cp_meeting *m, bool keep_open,
                                char *warn, cp_error *err)
{
	outcome_close c = { .cw = cw, .t = t, .m = m, .keep_open = keep_open,
	                    .st = CP_OK, .err = err };
	size_t n;
	cp_status st = cw_change_open_tasks(t, m->id, close_by_outcome, &c, &n,
	                                    err);
	if (st == CP_OK)
		st = c.st;
	if (st == CP_OK && c.done)
		warn_add(warn, "%zu step%s done by the outcome", c.done,
		         c.done == 1 ? "" : "s");
	if (st == CP_OK && c.missed)
		warn_add(warn, "%zu step%s due before the meeting still open: closed "
		         "as missed (kept for the exception report)", c.missed,
		         c.missed == 1 ? "" : "s");
	return st;
}

/* ---- attendance ------------------------------------------------------- */
typedef struct rows {
	cp_report_vec vec;
	bool oom;
} rows;

static bool keep_row(void *ctx, const cp_report *r)
{
	rows *v = ctx;
	return cp_report_vec_push(&v->vec, r, NULL) == CP_OK || !(v->oom = true);
}

static bool named(const char *agency, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(agency, v[i]))
			return true;
	return false;
}

/* The agencies of the outcome's attendance, on the meeting's rows: each
 * named one attended or sent apologies; an invitee named in neither was
 * absent.  New rows for agencies there but not invited. */
static cp_status set_attendance(store_txn *t, const cp_meeting *m,
                                const cw_outcome *o, rows *v, cp_error *err)
{
	for (size_t pass = 0; pass < 2; pass++) {
		const char *const *names = pass ? o->apologies : o->attended;
		size_t n = pass ? o->napologies : o->nattended;
		for (size_t i = 0; i < n; i++) {
			bool have = false;
			for (size_t j = 0; j < v->vec.n; j++)
				have |= !strcasecmp(v->vec.v[j].agency, names[i]);
			if (have)
				continue;
			cp_report r;
			cp_report_init(&r);
			r.meeting_id = m->id;
			r.agency = (char *)names[i];
			CP_TRY(cp_report_vec_push(&v->vec, &r, err));
		}
	}
	for (size_t j = 0; j < v->vec.n; j++) {
		cp_report *r = &v->vec.v[j];
		attendance was = r->attended;
		r->attended = named(r->agency, o->attended, o->nattended)
		              ? ATTEND_ATTENDED
		              : named(r->agency, o->apologies, o->napologies)
		              ? ATTEND_APOLOGIES
		              : r->invited ? ATTEND_ABSENT : r->attended;
		if (r->attended != was)
			CP_TRY(store_report_put(t, r, err));
	}
	return CP_OK;
}

/* Working Together's quorum, as the policy states it: warned, not
 * refused (the conference was held; the chair records why). */
static void quorum_warning(const policy *p, const cp_meeting *m,
                           const rows *v, char *warn)
{
	if (!p->quorum_agencies || !policy_decides_plan(p, m->type))
		return;
	int n = 0;
	bool with = !p->quorum_including;
	for (size_t j = 0; j < v->vec.n; j++)
		if (v->vec.v[j].attended == ATTEND_ATTENDED) {
			n++;
			with |= !strcasecmp(v->vec.v[j].agency, p->quorum_including);
		}
	if (n >= p->quorum_agencies && with)
		return;
	warn_add(warn, "quorum not met: %d agenc%s attended; the policy asks "
	         "for %d%s%s (%s)", n, n == 1 ? "y" : "ies", p->quorum_agencies,
	         p->quorum_including ? " including " : "",
	         p->quorum_including ? p->quorum_including : "",
	         p->quorum_source ? p->quorum_source : "quorum:");
}

/* Was `agency` absent, or did it send apologies, by the rows? */
static bool was_absent(const rows *v, const char *agency)
{
	for (size_t j = 0; j < v->vec.n; j++)
		if (!strcasecmp(v->vec.v[j].agency, agency))
			return v->vec.v[j].attended == ATTEND_ABSENT ||
			       v->vec.v[j].attended == ATTEND_APOLOGIES;
	return false;
}

/* The steps the policy makes when an agency was not there (if: absent:,
 * 001: the IRO updates the parents who could not attend), due from the
 * meeting as their offsets say, the index child's. */
static cp_status absent_steps(casework *cw, store_txn *t, const cp_meeting *m,
                              const rows *v, char *warn, cp_error *err)
{
	timeline_entry *tl;
	size_t n, made = 0;
	CP_TRY(schedule_timeline(cw->pol, cw->cal, m->type, m->date, m->minutes,
	                         m->anchors, m->nanchors, &tl, &n, err));
	cp_child c;
	bool found = false;
	cp_status st = store_child_get(t, m->child_id, &c, &found, err);
	cw_people pp = { .child = &c, .chair = m->chair,
	                 .minute_taker = m->minute_taker };
	for (size_t i = 0; st == CP_OK && found && i < n; i++) {
		const policy_step *s = tl[i].step;
		if (!s->if_absent || !was_absent(v, s->if_absent))
			continue;
		st = make_task(t, m, s, tl[i].due, &pp, err);
		made += st == CP_OK;
	}
	if (st == CP_OK && made)
		warn_add(warn, "%zu step%s for those who were not there", made,
		         made == 1 ? "" : "s");
	if (found)
		cp_child_free(&c);
	free(tl);
	return st;
}

static cp_status record_attendance(casework *cw, store_txn *t,
                                   const cp_meeting *m, const cw_outcome *o,
                                   char *warn, cp_error *err)
{
	if (!o->nattended && !o->napologies)
		return CP_OK;
	for (size_t i = 0; i < o->nattended + o->napologies; i++) {
		const char *a = i < o->nattended ? o->attended[i]
		                                 : o->apologies[i - o->nattended];
		if (!text_nonempty(a) || strlen(a) > 200)
			return cp_fail(err, CP_BADINPUT, "an agency name is 1 to 200 "
			               "bytes");
	}
	rows v = { 0 };
	cp_status st = store_reports_for_meeting(t, m->id, keep_row, &v, err);
	if (st == CP_OK && v.oom)
		st = cp_oom(err);
	if (st == CP_OK)
		st = set_attendance(t, m, o, &v, err);
	if (st == CP_OK)
		quorum_warning(cw->pol, m, &v, warn);
	if (st == CP_OK)
		st = absent_steps(cw, t, m, &v, warn, err);
	cp_report_vec_free(&v.vec);
	return st;
}

/* A strategy discussion's outcome says whether the conference it leads
 * to is convened (Working Together: only when the child is judged at
 * risk of significant harm): never booked by default. */
static cp_status convene_said(const casework *cw, const cp_meeting *m,
                              const cw_outcome *o, cp_error *err)
{
	if (!policy_leads_to_conference(cw->pol, m->type) ||
	    o->convene != CONVENE_UNSAID)
		return CP_OK;
	return cp_fail(err, CP_BADINPUT, "the outcome of a %s says whether the "
	               "conference it leads to is convened: --convene yes (booked "
	               "as the cadence says) or --convene no", m->type);
}

/* Dates that cannot be: an outcome before the meeting is held, a next
 * meeting on or before this one. */
static cp_status outcome_dates(const casework *cw, const cp_meeting *m,
                               const cw_outcome *o, cp_error *err)
{
	char ds[CP_DATE_STRLEN], ts[CP_DATE_STRLEN];
	cw_date_str(m->date, ds);
	if (cw->dated && cw->today < m->date) {
		cw_date_str(cw->today, ts);
		return cp_fail(err, CP_REFUSED, "meeting %llu is on %s: its "
		               "outcome is recorded on or after that day (today is "
		               "%s); if the date is wrong, move it first",
		               (unsigned long long)m->id, ds, ts);
	}
	if (o->schedule_next && o->next_date != CP_DATE_NONE &&
	    o->next_date <= m->date) {
		cw_date_str(o->next_date, ts);
		return cp_fail(err, CP_BADINPUT, "the next meeting (%s) must be "
		               "after this one (%s)", ts, ds);
	}
	return CP_OK;
}

cp_status casework_meeting_outcome_txn(casework *cw, store_txn *t,
                                       uint64_t id, const cw_outcome *o,
                                       uint64_t *next_id,
                                       char warn[CW_WARN_MAX], cp_error *err)
{
	uint64_t nid = 0;
	if (warn)
		warn[0] = '\0';
	if ((unsigned)o->plan >= PLAN_COUNT ||
	    (unsigned)o->category >= CP_CATEGORY_COUNT || o->next_minutes < -2 ||
	    o->next_minutes > 1439)
		return cp_fail(err, CP_BADINPUT, "bad plan or next meeting time");
	cp_meeting m;
	CP_TRY(cw_change_scheduled(cw, t, id, ACCESS_RECORD_OUTCOMES,
	                        "given an outcome", &m, err));
	cp_status dst = outcome_dates(cw, &m, o, err);
	if (dst == CP_OK)
		dst = convene_said(cw, &m, o, err);
	if (dst == CP_OK)
		dst = nothing_to_allocate(t, &m, err);
	if (dst != CP_OK) {
		cp_meeting_free(&m);
		return dst;
	}
	char *before = model_meeting_describe(&m);
	cp_status st = before ? CP_OK : cp_oom(err);
	if (st == CP_OK)
		st = set_outcome(cw->pol, &m, o, err);
	/* Held first, so the next meeting's cadence counts from this one. */
	if (st == CP_OK)
		st = store_meeting_put(t, &m, err);
	if (st == CP_OK)
		st = cw_follow_decisions(cw, t, &m, err);
	if (st == CP_OK)
		st = outcome_closes(cw, t, &m, o->keep_open, warn, err);
	if (st == CP_OK)
		st = record_attendance(cw, t, &m, o, warn, err);
	bool next = o->schedule_next && m.outcome.plan != PLAN_NONE &&
	            o->convene != CONVENE_NO;
	if (st == CP_OK && next) {
		st = schedule_following(cw, t, &m, o, &nid, warn, err);
		if (st == CP_OK)
			st = store_meeting_put(t, &m, err);
	}
	st = cw_audit_meeting(cw, t, st, "meeting.outcome", &m, before, err);
	if (st == CP_OK && next_id)
		*next_id = nid;
	cp_meeting_free(&m);
	return st;
}

/* ---- the one-transaction forms (cw_run) ------------------------------- */
typedef struct add_args {
	const cw_meeting_new *in;
	uint64_t *id;
} add_args;

CW_TRAMPOLINE(add_run, add_args,
              casework_meeting_add_txn(cw, t, a->in, a->id, warn, err))

cp_status casework_meeting_add(casework *cw, const cw_meeting_new *in,
                               uint64_t *id, char warn[CW_WARN_MAX],
                               cp_error *err)
{
	add_args a = { in, id };
	return cw_run(cw, add_run, &a, warn, err);
}

typedef struct cancel_args {
	uint64_t id;
	const char *reason;
	const char *const *approvers;
	size_t napprovers;
} cancel_args;

CW_TRAMPOLINE(cancel_run, cancel_args,
              casework_meeting_cancel_agreed_txn(cw, t, a->id, a->reason,
                                                 a->approvers, a->napprovers,
                                                 err))

cp_status casework_meeting_cancel_agreed(casework *cw, uint64_t id,
                                         const char *reason,
                                         const char *const *approvers,
                                         size_t napprovers, cp_error *err)
{
	cancel_args a = { id, reason, approvers, napprovers };
	return cw_run(cw, cancel_run, &a, NULL, err);
}

typedef struct outcome_args {
	uint64_t id;
	const cw_outcome *o;
	uint64_t *next_id;
} outcome_args;

CW_TRAMPOLINE(outcome_run, outcome_args,
              casework_meeting_outcome_txn(cw, t, a->id, a->o, a->next_id,
                                           warn, err))

cp_status casework_meeting_outcome(casework *cw, uint64_t id,
                                   const cw_outcome *oc, uint64_t *next_id,
                                   char warn[CW_WARN_MAX], cp_error *err)
{
	outcome_args a = { id, oc, next_id };
	return cw_run(cw, outcome_run, &a, warn, err);
}

/* lists_mapping.c - the month's case-mapping list (the consultation
 * procedure, 003 point 4): which children in need are due a chair's
 * mapping or review this month, and where each stands (to allocate,
 * allocated to a chair, done), read from the children in need index,
 * each child's consultations and the cycle's steps (tasks of no
 * meeting, TASK_NO_MEETING). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "permit.h"
#include "vec.h"

static const char *const state_names[MAPPING_STATE_COUNT] = {
	"to allocate", "allocated", "done"
};

const char *mapping_state_name(mapping_state s)
{
	return (unsigned)s < MAPPING_STATE_COUNT ? state_names[s] : "?";
}

cp_date lists_month_first(cp_date d)
{
	int y, m, dd;
	cp_date out = d;
	date_to_ymd(d, &y, &m, &dd);
	date_from_ymd(y, m, 1, &out);
	return out;
}

cp_status lists_month_due(const casework *cw, cp_date month, cp_date *out,
                          cp_error *err)
{
	int y, m, dd;
	cp_date last;
	date_to_ymd(month, &y, &m, &dd);
	date_from_ymd(y, m, date_days_in_month(y, m), &last);
	return calendar_workday_on_or_before(cw->cal, last, out, err);
}

const policy_consultation_kind *lists_cycle_kind(const policy *p,
                                                 consult_cycle c)
{
	for (size_t i = 0; i < p->nconsult_kinds; i++)
		if (p->consult_kinds[i].cycle == c)
			return &p->consult_kinds[i];
	return NULL;
}

/* ---- the cycle's steps, by child ---------------------------------------- */
typedef struct steps {
	const char *child;       /* one child's, or NULL: every child's */
	cp_task_vec v;
	const policy *pol;
	cp_status st;
	cp_error *err;
} steps;

static bool is_chair_step(const policy *p, const char *step)
{
	for (size_t i = 0; i < p->nconsult_kinds; i++)
		if (p->consult_kinds[i].cycle != CYCLE_NONE &&
		    !strcmp(p->consult_kinds[i].id, step))
			return true;
	return false;
}

/* Open allocation and chair steps, and those missed (carried). */
static bool keep_step(void *ctx, const cp_task *k)
{
	steps *s = ctx;
	if (s->child && strcmp(k->child_id, s->child))
		return true;
	bool alloc = !strcmp(k->step_id, STEP_MAPPING_ALLOCATE);
	bool chair = is_chair_step(s->pol, k->step_id);
	if ((alloc || chair) &&
	    (k->status == TASK_OPEN || k->status == TASK_MISSED))
		s->st = cp_task_vec_push(&s->v, k, s->err);
	return s->st == CP_OK;
}

static int step_cmp(const void *a, const void *b)
{
	const cp_task *x = a, *y = b;
	int c = strcmp(x->child_id, y->child_id);
	return c ? c : (x->id < y->id ? -1 : x->id > y->id);
}

/* ---- the children ------------------------------------------------------- */
typedef struct due_ctx {
	cp_date opened_by;
	lists_mapping_due *v;
	size_t n, cap;
	bool oom;
	permit *pm;
	store_txn *t;
} due_ctx;

static bool collect_cin(void *vctx, const cp_child *c)
{
	due_ctx *d = vctx;
	/* From the start of the current child-in-need episode; not a child
	 * on a plan or looked after (the consultation procedure, 003). */
	cp_date cin = child_since(c, EPISODE_CIN);
	if (cin == CP_DATE_NONE || cin > d->opened_by ||
	    child_open_episode(c, EPISODE_CP) || child_open_episode(c, EPISODE_LAC))
		return true;
	if (!permit_sees_child(d->pm, d->t, c))
		return true;
	if (!vec_room((void **)&d->v, &d->cap, d->n, sizeof *d->v, 64))
		return !(d->oom = true);
	lists_mapping_due *e = &d->v[d->n];
	memset(e, 0, sizeof *e);
	e->child_id = strdup(c->id);
	e->name = strdup(c->name);
	e->social_worker = strdup(c->social_worker);
	e->cin_since = cin;
	e->last_mapped = e->due = e->carried_from = CP_DATE_NONE;
	d->n++;
	if (!e->child_id || !e->name || !e->social_worker)
		return !(d->oom = true);
	return true;
}

/* A child's consultations: its latest mapping, and its latest chair's
 * mapping or review (with who did it and which). */
typedef struct history {
	const policy *pol;
	cp_date until;           /* the month's last day: later is not read */
	cp_date mapped, over;
	consult_cycle over_cycle;
	char over_chair[MODEL_ID_MAX + 1];
} history;

static bool read_history(void *ctx, const cp_consult *c)
{
	history *h = ctx;
	const policy_consultation_kind *k = policy_consult_kind_find(h->pol,
	                                                             c->kind);
	if (!k || c->date > h->until)
		return true;
	if (k->mapping && (h->mapped == CP_DATE_NONE || c->date > h->mapped))
		h->mapped = c->date;
	if (k->cycle != CYCLE_NONE &&
	    (h->over == CP_DATE_NONE || c->date >= h->over)) {
		h->over = c->date;
		h->over_cycle = k->cycle;
		snprintf(h->over_chair, sizeof h->over_chair, "%s", c->chair);
	}
	return true;
}

void lists_mapping_due_free(lists_mapping_due *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].child_id);
		free(v[i].name);
		free(v[i].social_worker);
		free(v[i].chair);
	}
	free(v);
}

/* The child's steps in s (sorted by child), or NULL when none. */
static const cp_task *first_step(const steps *s, const char *child,
                                 size_t *count)
{
	size_t lo = 0, hi = s->v.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(s->v.v[mid].child_id, child) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < s->v.n && !strcmp(s->v.v[end].child_id, child))
		end++;
	*count = end - lo;
	return *count ? &s->v.v[lo] : NULL;
}

/* Where child e stands in the month from its steps k[0..nk) and its
 * history h; false when it is not on the month's list at all. */
static bool place(const casework *cw, cp_date month, lists_mapping_due *e,
                  const cp_task *k, size_t nk, const history *h)
{
	const policy *p = cw->pol;
	e->last_mapped = h->mapped;
	e->work = h->mapped != CP_DATE_NONE &&
	          h->mapped >= date_add_months(month,
	                                       -p->case_mapping_lookback_months)
	          ? CYCLE_REVIEW : CYCLE_MAP;
	const cp_task *open = NULL;
	for (size_t i = 0; i < nk; i++) {
		/* missed before this month and since the case was last
		 * mapped or reviewed: it is carried */
		if (k[i].status == TASK_MISSED && k[i].due < month &&
		    (h->over == CP_DATE_NONE || k[i].due > h->over) &&
		    (e->carried_from == CP_DATE_NONE || k[i].due > e->carried_from))
			e->carried_from = k[i].due;
		/* a chair's open step outranks an allocation still open */
		if (k[i].status == TASK_OPEN &&
		    (!open || strcmp(k[i].step_id, STEP_MAPPING_ALLOCATE)))
			open = &k[i];
	}
	if (open) {
		bool alloc = !strcmp(open->step_id, STEP_MAPPING_ALLOCATE);
		e->state = alloc ? MAPPING_TO_ALLOCATE : MAPPING_ALLOCATED;
		e->step = open->id;
		e->due = open->due;
		if (!alloc) {
			const policy_consultation_kind *ck =
			    policy_consult_kind_find(p, open->step_id);
			e->work = ck ? ck->cycle : e->work;
			e->chair = strdup(open->assignee);
		}
		if (open->due < month && e->carried_from == CP_DATE_NONE)
			e->carried_from = open->due;
		return true;
	}
	if (h->over != CP_DATE_NONE && h->over >= month) {
		e->state = MAPPING_DONE;
		e->work = h->over_cycle;
		e->chair = strdup(h->over_chair);
		return true;
	}
	if (h->over != CP_DATE_NONE &&
	    h->over >= date_add_months(month, -p->case_mapping_again_months))
		return false;
	e->state = MAPPING_TO_ALLOCATE;
	return true;
}

/* Keep the children of d on the month's list, placed. */
static cp_status place_all(const casework *cw, store_txn *t, cp_date month,
                           due_ctx *d, const steps *s, cp_error *err)
{
	size_t keep = 0;
	cp_status st = CP_OK;
	int y, m, dd;
	cp_date until = month;
	date_to_ymd(month, &y, &m, &dd);
	date_from_ymd(y, m, date_days_in_month(y, m), &until);
	for (size_t i = 0; i < d->n; i++) {
		lists_mapping_due *e = &d->v[i];
		history h = { .pol = cw->pol, .until = until,
		              .mapped = CP_DATE_NONE, .over = CP_DATE_NONE };
		size_t nk = 0;
		const cp_task *k = first_step(s, e->child_id, &nk);
		if (st == CP_OK)
			st = store_consults_for_child(t, e->child_id, read_history,
			                              &h, err);
		if (st != CP_OK || !place(cw, month, e, k, nk, &h)) {
			free(e->child_id);
			free(e->name);
			free(e->social_worker);
			free(e->chair);
			continue;
		}
		if (!e->chair && !(e->chair = strdup("")))
			st = cp_oom(err);
		d->v[keep++] = *e;
	}
	d->n = keep;
	return st;
}

/* The children in need of the list (one, when child is given) into d:
 * ix.children.cin, not every child; by child id. */
static cp_status candidates(store_txn *t, const char *child, due_ctx *d,
                            cp_error *err)
{
	if (!child)
		return store_children_cin_between(t, CP_DATE_NONE, d->opened_by,
		                                  collect_cin, d, err);
	cp_child c;
	bool found = false;
	CP_TRY(store_child_get(t, child, &c, &found, err));
	if (found) {
		collect_cin(d, &c);
		cp_child_free(&c);
	}
	return CP_OK;
}

/* The month's list, or one child's row of it (child not NULL). */
static cp_status build(const casework *cw, store_txn *t, cp_date month,
                       const char *child, lists_mapping_due **out,
                       size_t *n, cp_error *err)
{
	month = lists_month_first(month);
	due_ctx d = { .opened_by = date_add_months(month,
	                               -cw->pol->case_mapping_open_months),
	              .pm = cw->pm, .t = t };
	steps s = { .child = child, .pol = cw->pol, .st = CP_OK, .err = err };
	*out = NULL;
	*n = 0;
	cp_status st = candidates(t, child, &d, err);
	if (st == CP_OK && d.oom)
		st = cp_oom(err);
	if (st == CP_OK)
		st = store_tasks_for_meeting(t, TASK_NO_MEETING, keep_step, &s,
		                             err);
	if (st == CP_OK)
		st = s.st;
	if (st == CP_OK && s.v.n > 1)
		qsort(s.v.v, s.v.n, sizeof *s.v.v, step_cmp);
	if (st == CP_OK)
		st = place_all(cw, t, month, &d, &s, err);
	cp_task_vec_free(&s.v);
	if (st != CP_OK) {
		lists_mapping_due_free(d.v, d.n);
		return st;
	}
	*out = d.v;
	*n = d.n;
	return CP_OK;
}

cp_status lists_mapping_due_txn(const casework *cw, store_txn *t,
                                cp_date month, lists_mapping_due **out,
                                size_t *n, cp_error *err)
{
	return build(cw, t, month, NULL, out, n, err);
}

cp_status lists_mapping_child_txn(const casework *cw, store_txn *t,
                                  cp_date month, const char *child_id,
                                  lists_mapping_due **out, size_t *n,
                                  cp_error *err)
{
	return build(cw, t, month, child_id, out, n, err);
}

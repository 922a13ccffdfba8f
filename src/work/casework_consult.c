/* casework_consult.c - consultations as the consultation procedure (003)
 * runs them: who logs each kind, who is consulted and told, the meeting
 * a strategy consultation is held for, and the monthly case-mapping
 * cycle (the QA administration manager's allocation, a chair's mapping
 * or review due by the month's end, what was not done carried on). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "lists.h"
#include "permit.h"
#include "text.h"

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

static void month_text(cp_date month, char buf[32])
{
	int y, m, d;
	date_to_ymd(month, &y, &m, &d);
	snprintf(buf, 32, "%s %d", month_names[(m - 1) % 12], y);
}

/* May the actor act with the roles in `need` (0: the permission act)? */
static cp_status may_as(casework *cw, role_set need, access_action act,
                        const char *doing, const char *why, cp_error *err)
{
	const access_actor *a = cw->pm ? permit_who(cw->pm) : NULL;
	if (!a || a->admin)
		return CP_OK;
	if (!need)
		return permit_may(cw->pm, act, err);
	if (a->roles & need)
		return CP_OK;
	char roles[256];
	cw_roles_or(cw->pol, need, roles, sizeof roles);
	return cp_fail(err, CP_REFUSED, "%s is for a %s (%s)", doing, roles,
	               why);
}

/* A step of the child's, of no meeting (a cycle step, a consultation to
 * read): written and audited; *id gets its id when id is not NULL. */
static cp_status add_step(casework *cw, store_txn *t, const char *child,
                          const char *step, cp_role role, const char *title,
                          const char *assignee, cp_date due, uint64_t *id,
                          cp_error *err)
{
	cp_task k;
	cp_task_init(&k);
	k.meeting_id = TASK_NO_MEETING;
	k.child_id = (char *)child;
	k.step_id = (char *)step;
	k.role = role;
	k.title = (char *)title;
	k.assignee = (char *)assignee;
	k.due = due;
	k.kind = TASK_STEP;
	cp_status st = store_next_id(t, SEQ_TASK, &k.id, err);
	if (st == CP_OK)
		st = store_task_put(t, &k, err);
	st = cw_audit_added(cw, t, st, "task.add", "task", k.id, child,
	                    st == CP_OK ? model_task_describe(&k) : NULL, err);
	if (st == CP_OK && id)
		*id = k.id;
	return st;
}

/* ---- the child's steps of no meeting ------------------------------------ */
typedef struct open_steps {
	const char *child;
	cp_task_vec v;
	cp_status st;
	cp_error *err;
} open_steps;

static bool keep_open(void *ctx, const cp_task *k)
{
	open_steps *o = ctx;
	if (k->status == TASK_OPEN && !strcmp(k->child_id, o->child))
		o->st = cp_task_vec_push(&o->v, k, o->err);
	return o->st == CP_OK;
}

static cp_status child_open_steps(store_txn *t, const char *child,
                                  open_steps *o, cp_error *err)
{
	*o = (open_steps){ .child = child, .st = CP_OK, .err = err };
	CP_TRY(store_tasks_for_meeting(t, TASK_NO_MEETING, keep_open, o, err));
	return o->st;
}

static bool is_cycle_step(const policy *p, const cp_task *k)
{
	const policy_consultation_kind *ck = policy_consult_kind_find(p,
	                                                              k->step_id);
	return ck && ck->cycle != CYCLE_NONE;
}

static cp_status close_step(casework *cw, store_txn *t, cp_task *k,
                            task_status as, const char *note, cp_error *err)
{
	cw_close c = { .task_id = k->id, .as = as, .on = CP_DATE_NONE,
	               .note = note };
	return cw_task_close_as(cw, t, k, &c, err);
}

/* ---- logging a consultation --------------------------------------------- */
typedef struct dup_probe {
	const char *kind;
	cp_date date;
	uint64_t id;
} dup_probe;

static bool probe_dup(void *ctx, const cp_consult *c)
{
	dup_probe *d = ctx;
	if (c->date == d->date && !strcmp(c->kind, d->kind))
		d->id = c->id;
	return !d->id;
}

static cp_status not_twice(store_txn *t, const cp_consult *c, bool again,
                           cp_error *err)
{
	dup_probe d = { .kind = c->kind, .date = c->date };
	if (again)
		return CP_OK;
	CP_TRY(store_consults_for_child(t, c->child_id, probe_dup, &d, err));
	if (!d.id)
		return CP_OK;
	char ds[CP_DATE_STRLEN];
	cw_date_str(c->date, ds);
	return cp_fail(err, CP_REFUSED, "consultation %llu already records a %s "
	               "for child %s on %s: to log a second one that day, say "
	               "so (--again)", (unsigned long long)d.id, c->kind,
	               c->child_id, ds);
}

/* The meeting a consultation is held for: the child's, of the kind's
 * type; its closes: step closed. */
static cp_status held_for(casework *cw, store_txn *t,
                          const policy_consultation_kind *k,
                          const cp_consult *c, cp_error *err)
{
	if (!c->meeting_id)
		return CP_OK;
	if (!k->meeting)
		return cp_fail(err, CP_BADINPUT, "a %s is not held for a meeting: "
		               "leave out --meeting", k->id);
	/* the actor sees the child: its meeting is theirs to name (the
	 * CP chair consulted on a strategy meeting does not chair it) */
	cp_meeting m;
	CP_TRY(cw_need_meeting(t, c->meeting_id, &m, err));
	cp_status st = CP_OK;
	if (strcmp(m.type, k->meeting))
		st = cp_fail(err, CP_BADINPUT, "a %s is held for a %s; meeting %llu "
		             "is a %s", k->id, k->meeting,
		             (unsigned long long)m.id, m.type);
	else if (!meeting_has_child(&m, c->child_id))
		st = cp_fail(err, CP_BADINPUT, "meeting %llu is not child %s's",
		             (unsigned long long)m.id, c->child_id);
	cp_meeting_free(&m);
	if (st != CP_OK || !k->closes)
		return st;
	open_steps o = { .child = c->child_id, .st = CP_OK, .err = err };
	st = store_tasks_for_meeting(t, c->meeting_id, keep_open, &o, err);
	if (st == CP_OK)
		st = o.st;
	char note[96];
	snprintf(note, sizeof note, "consultation %llu (%s)",
	         (unsigned long long)c->id, k->id);
	for (size_t i = 0; st == CP_OK && i < o.v.n; i++)
		if (!strcmp(o.v.v[i].step_id, k->closes))
			st = close_step(cw, t, &o.v.v[i], TASK_DONE, note, err);
	cp_task_vec_free(&o.v);
	return st;
}

/* The step id of a consultation of kind `kind` asked for. */
static void asked_step(const char *kind, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", STEP_CONSULT_ASKED, kind);
}

/* A consultation logged answers what asked for it: the one consulted's
 * step asking for it (consult ask), and for a mapping or review the
 * child's open chair's step: the chair's own, never another chair's
 * (003 point 4a: the chair it is allocated to completes it). */
static cp_status answer_steps(casework *cw, store_txn *t,
                              const policy_consultation_kind *k,
                              const cp_consult *c, cp_error *err)
{
	open_steps o;
	cp_status st = child_open_steps(t, c->child_id, &o, err);
	char note[96], asked[MODEL_ID_MAX + 16];
	snprintf(note, sizeof note, "consultation %llu (%s)",
	         (unsigned long long)c->id, k->id);
	asked_step(k->id, asked, sizeof asked);
	for (size_t i = 0; st == CP_OK && i < o.v.n; i++) {
		cp_task *s = &o.v.v[i];
		if (!strcmp(s->step_id, asked) && !strcmp(s->assignee, c->chair)) {
			st = close_step(cw, t, s, TASK_DONE, note, err);
			continue;
		}
		if (k->cycle == CYCLE_NONE || (!is_cycle_step(cw->pol, s) &&
		    strcmp(s->step_id, STEP_MAPPING_ALLOCATE)))
			continue;
		if (is_cycle_step(cw->pol, s) && strcmp(s->assignee, c->chair))
			st = cp_fail(err, CP_REFUSED, "child %s's %s is allocated to "
			             "%s (task %llu): they record it, or the QA "
			             "administration manager allocates it to you "
			             "(consult allocate)", c->child_id, s->step_id,
			             s->assignee, (unsigned long long)s->id);
		else
			st = close_step(cw, t, s, TASK_DONE, note, err);
	}
	cp_task_vec_free(&o.v);
	return st;
}

/* A review that finds the plan not progressing: a new mapping by the
 * end of the month new-mapping-by months on, the same chair's. */
static cp_status remap(casework *cw, store_txn *t, const cp_consult *c,
                       cp_error *err)
{
	const policy_consultation_kind *map = lists_cycle_kind(cw->pol,
	                                                       CYCLE_MAP);
	if (!map)
		return cp_fail(err, CP_BADINPUT, "policy '%s' has no consultation "
		               "kind with cycle: map for the new mapping",
		               cw->pol->id);
	cp_date month = date_add_months(lists_month_first(c->date),
	                                cw->pol->case_mapping_remap_months);
	cp_date due;
	char title[160], mt[32];
	CP_TRY(lists_month_due(cw, month, &due, err));
	month_text(month, mt);
	snprintf(title, sizeof title, "New case mapping: the review found the "
	         "plan not progressing (consultation %llu), by the end of %s",
	         (unsigned long long)c->id, mt);
	return add_step(cw, t, c->child_id, map->id, map->consulted == ROLE_COUNT
	                ? ROLE_CP_CHAIR : map->consulted, title, c->chair, due,
	                NULL, err);
}

/* The told roles' holders for the child get it in their queue to read. */
static cp_status tell(casework *cw, store_txn *t,
                      const policy_consultation_kind *k,
                      const cp_child *child, const cp_consult *c,
                      cp_error *err)
{
	char title[200], ds[CP_DATE_STRLEN];
	cw_date_str(c->date, ds);
	snprintf(title, sizeof title, "Read the %s of %s with %s "
	         "(consultation %llu)", k->title, ds, c->chair,
	         (unsigned long long)c->id);
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!(k->told & ROLE_BIT(r)))
			continue;
		char who[MODEL_ID_MAX + 1];
		cp_error missing;
		/* one the child's line lacks (a social worker with no manager
		 * recorded) is not told: the record itself is not refused */
		cp_status st = casework_role_holder(t, child, NULL, (cp_role)r, who,
		                                    &missing);
		if (st == CP_REFUSED)
			continue;
		if (st != CP_OK) {
			*err = missing;
			return st;
		}
		if (!*who || !strcmp(who, text_or_empty(cw->actor)))
			continue;
		CP_TRY(add_step(cw, t, child->id, STEP_CONSULT_READ, (cp_role)r,
		                title, who, c->date, NULL, err));
	}
	return CP_OK;
}

/* The LL Consultation form's parts a cycle kind must have. */
static cp_status form_whole(const policy_consultation_kind *k,
                            const cp_consult *c, cp_error *err)
{
	if (k->cycle == CYCLE_NONE)
		return CP_OK;
	if (!text_nonempty(c->took_part) || !text_nonempty(c->plan))
		return cp_fail(err, CP_BADINPUT, "a %s records who took part "
		               "(--took-part: the social worker and their "
		               "supervisor or team manager) and the plan (--plan)",
		               k->id);
	if (k->cycle == CYCLE_REVIEW && c->progressing == PROGRESS_UNKNOWN)
		return cp_fail(err, CP_BADINPUT, "a %s says whether the plan is "
		               "being progressed (--progressing yes|no)", k->id);
	return CP_OK;
}

static cp_status consult_checks(casework *cw, store_txn *t,
                                const policy_consultation_kind *k,
                                const cp_consult *c, bool again,
                                cp_error *err)
{
	cp_worker w;
	char doing[160];
	snprintf(doing, sizeof doing, "logging a %s", k->id);
	CP_TRY(may_as(cw, k->logged_by, ACCESS_LOG_CONSULTATIONS, doing,
	              "the policy's consultations: logged-by", err));
	CP_TRY(form_whole(k, c, err));
	if (!k->logged_by)
		CP_TRY(permit_consult(cw->pm, t, ACCESS_LOG_CONSULTATIONS, c,
		                      err));
	if (k->consulted != ROLE_COUNT)
		CP_TRY(cw_check_person(t, c->chair, ROLE_BIT(k->consulted),
		                       "the one consulted", cw->pol, err));
	CP_TRY(cw_need_worker(t, c->chair, "chair", &w, err));
	cp_worker_free(&w);
	return not_twice(t, c, again, err);
}

cp_status casework_consult_add_txn(casework *cw, store_txn *t,
                                   const cp_consult *c, bool again,
                                   uint64_t *id, cp_error *err)
{
	const policy_consultation_kind *k =
	    policy_consult_kind_find(cw->pol, text_or_empty(c->kind));
	if (!k)
		return cp_fail(err, CP_BADINPUT,
		               "policy '%s' has no consultation kind '%s'",
		               cw->pol->id, text_or_empty(c->kind));
	if (c->date == CP_DATE_NONE)
		return cp_fail(err, CP_BADINPUT, "a consultation needs a date");
	if (cw->dated && c->date > cw->today)
		return cp_fail(err, CP_BADINPUT, "a consultation is logged on or "
		               "after the day it took place");
	/* The actor must see the child already (a chair logging one would
	 * otherwise come to see its record): one they do not see is
	 * answered as one not there (issue 15).  The one consulted sees it
	 * when asked (consult ask) or allocated (consult allocate). */
	cp_child child;
	char doing[160];
	snprintf(doing, sizeof doing, "logging a %s", k->id);
	if (k->logged_by)   /* before the child: a refusal tells nothing */
		CP_TRY(may_as(cw, k->logged_by, ACCESS_LOG_CONSULTATIONS, doing,
		              "the policy's consultations: logged-by", err));
	CP_TRY(cw_seen_child(cw, t, c->child_id, &child, err));
	cp_consult r = *c;
	r.chair = (char *)(text_nonempty(c->chair) ? c->chair
	                                           : text_or_empty(cw->actor));
	r.social_worker = c->social_worker ? c->social_worker
	                                   : child.social_worker;
	cp_status st = consult_checks(cw, t, k, &r, again, err);
	if (st == CP_OK)
		st = store_next_id(t, SEQ_CONSULT, &r.id, err);
	if (st == CP_OK)
		st = held_for(cw, t, k, &r, err);
	if (st == CP_OK)
		st = answer_steps(cw, t, k, &r, err);
	if (st == CP_OK && k->cycle == CYCLE_REVIEW &&
	    r.progressing == PROGRESS_NO)
		st = remap(cw, t, &r, err);
	if (st == CP_OK)
		st = tell(cw, t, k, &child, &r, err);
	if (st == CP_OK)
		st = store_consult_put(t, &r, err);
	st = cw_audit_added(cw, t, st, "consultation.add", "consultation", r.id,
	                    child.id, st == CP_OK ? model_consult_describe(&r)
	                                          : NULL, err);
	if (st == CP_OK && id)
		*id = r.id;
	cp_child_free(&child);
	return st;
}

typedef struct consult_args {
	const cp_consult *c;
	bool again;
	uint64_t *id;
} consult_args;

CW_TRAMPOLINE(consult_run, consult_args,
              casework_consult_add_txn(cw, t, a->c, a->again, a->id, err))

cp_status casework_consult_add(casework *cw, const cp_consult *c, bool again,
                               uint64_t *id, cp_error *err)
{
	consult_args a = { c, again, id };
	return cw_run(cw, consult_run, &a, NULL, err);
}

/* ---- asking for one ---------------------------------------------------- */
/* 003: the social worker has a discussion with a CP chair (point 2), the
 * team manager and social worker book a case mapping with a frontline
 * service manager (point 3), the frontline manager consults a CP chair
 * (point 1).  Whoever sees the child asks; the one asked gets a step,
 * and with it sight of the child, until they log it. */
static cp_status ask_txn(casework *cw, store_txn *t, const cw_ask *q,
                         uint64_t *id, cp_error *err)
{
	const policy_consultation_kind *k =
	    policy_consult_kind_find(cw->pol, text_or_empty(q->kind));
	if (!k)
		return cp_fail(err, CP_BADINPUT,
		               "policy '%s' has no consultation kind '%s'",
		               cw->pol->id, text_or_empty(q->kind));
	if (k->cycle != CYCLE_NONE)
		return cp_fail(err, CP_BADINPUT, "a %s is allocated by the QA "
		               "administration manager (consult allocate), not "
		               "asked for", k->id);
	cp_child child;
	CP_TRY(cw_seen_child(cw, t, q->child_id, &child, err));
	cp_role who = k->consulted == ROLE_COUNT ? ROLE_CP_CHAIR : k->consulted;
	cp_status st = cw_check_person(t, q->who, ROLE_BIT(who), "the one asked",
	                               cw->pol, err);
	if (st == CP_OK && !text_nonempty(q->who))
		st = cp_fail(err, CP_BADINPUT, "say whom you ask (--with LOGIN)");
	char step[MODEL_ID_MAX + 16], title[240];
	cp_date due = q->by == CP_DATE_NONE ? cw->today : q->by;
	asked_step(k->id, step, sizeof step);
	snprintf(title, sizeof title, "%s, asked by %s%s%.100s: record it on "
	         "the LL Consultation form", k->title, text_or_empty(cw->actor),
	         text_nonempty(q->note) ? ": " : "", text_or_empty(q->note));
	if (st == CP_OK)
		st = add_step(cw, t, child.id, step, who, title, q->who, due, id,
		              err);
	cp_child_free(&child);
	return st;
}

typedef struct ask_args {
	const cw_ask *q;
	uint64_t *id;
} ask_args;

CW_TRAMPOLINE(ask_run, ask_args, ask_txn(cw, t, a->q, a->id, err))

cp_status casework_consult_ask(casework *cw, const cw_ask *q, uint64_t *id,
                               cp_error *err)
{
	uint64_t s = 0;
	CP_TRY(cw_too_long("the note", q->note, 200, err));
	ask_args a = { q, id ? id : &s };
	return cw_run(cw, ask_run, &a, NULL, err);
}

/* ---- the month's cycle -------------------------------------------------- */
static cp_status may_allocate(casework *cw, const char *doing, cp_error *err)
{
	return may_as(cw, cw->pol->lists[LIST_CASE_MAPPING].to
	              ? cw->pol->lists[LIST_CASE_MAPPING].to
	              : ROLE_BIT(ROLE_QA_MANAGER), ACCESS_LOG_CONSULTATIONS,
	              doing, "the roles the policy's case-mapping list goes to",
	              err);
}

/* The month asked for: this month or a later one, never one over. */
static cp_status month_open(const casework *cw, cp_date *month,
                            cp_error *err)
{
	cp_date now = lists_month_first(cw->today);
	*month = *month == CP_DATE_NONE ? now : lists_month_first(*month);
	if (cw->dated && *month < now) {
		char mt[32];
		month_text(*month, mt);
		return cp_fail(err, CP_REFUSED, "%s is over: its steps not done "
		               "were carried to the next month's list", mt);
	}
	return CP_OK;
}

static cp_status allocation_step(casework *cw, store_txn *t,
                                 const lists_mapping_due *e, cp_date month,
                                 cp_error *err)
{
	cp_date first, due;
	char title[200], mt[32];
	CP_TRY(calendar_workday_on_or_after(cw->cal, month, &first, err));
	CP_TRY(calendar_add_workdays(cw->cal, first,
	                             cw->pol->case_mapping_allocate_days - 1,
	                             &due, err));
	month_text(month, mt);
	snprintf(title, sizeof title, "Allocate the %s to a CP chair, to "
	         "complete in %s", e->work == CYCLE_REVIEW ?
	         "review of the recent case mapping" : "case mapping", mt);
	return add_step(cw, t, e->child_id, STEP_MAPPING_ALLOCATE,
	                ROLE_QA_MANAGER, title, POOL_QA_MANAGER, due, NULL, err);
}

static cp_status close_id(casework *cw, store_txn *t, uint64_t id,
                          task_status as, const char *note, cp_error *err)
{
	cp_task k;
	bool found;
	CP_TRY(store_task_get(t, id, &k, &found, err));
	if (!found)
		return cw_no_task(id, err);
	cp_status st = close_step(cw, t, &k, as, note, err);
	cp_task_free(&k);
	return st;
}

/* A step of an earlier month still open, due `due`: missed, carried to
 * `month`. */
static cp_status carry(casework *cw, store_txn *t, uint64_t id, cp_date due,
                       cp_date month, cp_error *err)
{
	char note[160], mt[32], ds[CP_DATE_STRLEN];
	month_text(month, mt);
	cw_date_str(due, ds);
	snprintf(note, sizeof note, "not done by %s: carried to the list of %s",
	         ds, mt);
	return close_id(cw, t, id, TASK_MISSED, note, err);
}

/* Is row e's step still in its month (a later month opened early)?
 * It is carried once its month is over, not before. */
static bool still_running(const casework *cw, const lists_mapping_due *e)
{
	return cw->dated &&
	       cw->today < date_add_months(lists_month_first(e->due), 1);
}

static cp_status month_txn(casework *cw, store_txn *t, cp_date month,
                           size_t *opened, size_t *carried, cp_error *err)
{
	lists_mapping_due *v = NULL;
	size_t n = 0;
	*opened = *carried = 0;
	CP_TRY(may_allocate(cw, "opening the month's case-mapping list", err));
	CP_TRY(month_open(cw, &month, err));
	CP_TRY(lists_mapping_due_txn(cw, t, month, &v, &n, err));
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < n; i++) {
		lists_mapping_due *e = &v[i];
		/* done; opened already; or an earlier month's step whose day
		 * has not passed (a later month opened early) */
		if (e->state == MAPPING_DONE || (e->step && e->due >= month) ||
		    (e->step && still_running(cw, e)))
			continue;
		if (e->step) {
			st = carry(cw, t, e->step, e->due, month, err);
			++*carried;
		}
		if (st == CP_OK)
			st = allocation_step(cw, t, e, month, err);
		++*opened;
	}
	lists_mapping_due_free(v, n);
	return st;
}

typedef struct month_args {
	cp_date month;
	size_t *opened, *carried;
} month_args;

CW_TRAMPOLINE(month_run, month_args,
              month_txn(cw, t, a->month, a->opened, a->carried, err))

cp_status casework_mapping_month(casework *cw, cp_date month, size_t *opened,
                                 size_t *carried, cp_error *err)
{
	size_t o, c;
	month_args a = { month, opened ? opened : &o, carried ? carried : &c };
	return cw_run(cw, month_run, &a, NULL, err);
}

/* The child's row of the month's list, or CP_REFUSED saying why not. */
static cp_status listed(casework *cw, store_txn *t, const char *child_id,
                        cp_date month, lists_mapping_due **v, size_t *n,
                        lists_mapping_due **row, cp_error *err)
{
	CP_TRY(lists_mapping_child_txn(cw, t, month, child_id, v, n, err));
	if (*n) {
		*row = &(*v)[0];
		return CP_OK;
	}
	char mt[32];
	month_text(month, mt);
	return cp_fail(err, CP_REFUSED, "child %s is not on the case-mapping "
	               "list of %s: not a child in need open %d months or more, "
	               "or mapped or reviewed by a chair in the last %d months",
	               child_id, mt, cw->pol->case_mapping_open_months,
	               cw->pol->case_mapping_again_months);
}

/* Give row e's open chair's step to chair (a reallocation). */
static cp_status reallocate(casework *cw, store_txn *t,
                            const lists_mapping_due *e, const char *chair,
                            cp_error *err)
{
	cp_task k;
	bool found;
	CP_TRY(store_task_get(t, e->step, &k, &found, err));
	if (!found)
		return cw_no_task(e->step, err);
	char *before = model_task_describe(&k);
	char *to = strdup(chair);
	cp_status st = before && to ? CP_OK : cp_oom(err);
	if (st == CP_OK) {
		free(k.assignee);
		k.assignee = to;
		to = NULL;
		st = store_task_put(t, &k, err);
	}
	free(to);
	st = cw_audit_task(cw, t, st, "task.reassign", &k, before, err);
	cp_task_free(&k);
	return st;
}

static cp_status chair_step(casework *cw, store_txn *t,
                            const lists_mapping_due *e, const char *chair,
                            cp_date month, uint64_t *step, cp_error *err)
{
	const policy_consultation_kind *k = lists_cycle_kind(cw->pol, e->work);
	if (!k)
		return cp_fail(err, CP_BADINPUT, "policy '%s' has no consultation "
		               "kind with cycle: %s", cw->pol->id,
		               e->work == CYCLE_REVIEW ? "review" : "map");
	cp_date due;
	char title[200], mt[32];
	CP_TRY(lists_month_due(cw, month, &due, err));
	month_text(month, mt);
	if (e->work == CYCLE_REVIEW)
		snprintf(title, sizeof title, "Review the recent case mapping: a "
		         "good plan, being progressed? (%s)", mt);
	else
		snprintf(title, sizeof title, "Case mapping with the social worker "
		         "and their supervisor or team manager (%s)", mt);
	return add_step(cw, t, e->child_id, k->id, k->consulted == ROLE_COUNT
	                ? ROLE_CP_CHAIR : k->consulted, title, chair, due, step,
	                err);
}

static cp_status allocate_txn(casework *cw, store_txn *t, const char *child,
                              const char *chair, cp_date month,
                              uint64_t *step, cp_error *err)
{
	lists_mapping_due *v = NULL, *e = NULL;
	size_t n = 0;
	CP_TRY(may_allocate(cw, "allocating a case mapping", err));
	CP_TRY(month_open(cw, &month, err));
	const policy_consultation_kind *map = lists_cycle_kind(cw->pol,
	                                                       CYCLE_MAP);
	CP_TRY(cw_check_person(t, chair, ROLE_BIT(map && map->consulted !=
	                       ROLE_COUNT ? map->consulted : ROLE_CP_CHAIR),
	                       "chair", cw->pol, err));
	cp_status st = listed(cw, t, child, month, &v, &n, &e, err);
	char note[160];
	snprintf(note, sizeof note, "allocated to %s", chair);
	if (st == CP_OK && e->state == MAPPING_DONE)
		st = cp_fail(err, CP_REFUSED, "child %s's case was %s by %s this "
		             "month", child, e->work == CYCLE_REVIEW ? "reviewed"
		             : "mapped", e->chair);
	else if (st == CP_OK && e->state == MAPPING_ALLOCATED && e->due >= month) {
		*step = e->step;
		if (strcmp(e->chair, chair))
			st = reallocate(cw, t, e, chair, err);
	} else if (st == CP_OK && e->state == MAPPING_ALLOCATED &&
	           still_running(cw, e)) {
		char ds[CP_DATE_STRLEN];
		cw_date_str(e->due, ds);
		st = cp_fail(err, CP_REFUSED, "child %s's case mapping is %s's, due "
		             "%s: give it to another chair for that month, or "
		             "allocate it for a later one once that month is over",
		             child, e->chair, ds);
	} else if (st == CP_OK) {
		/* to allocate, or a step of an earlier month not done */
		if (e->step && e->state == MAPPING_ALLOCATED)
			st = carry(cw, t, e->step, e->due, month, err);
		else if (e->step)
			st = close_id(cw, t, e->step, TASK_DONE, note, err);
		if (st == CP_OK)
			st = chair_step(cw, t, e, chair, month, step, err);
	}
	lists_mapping_due_free(v, n);
	return st;
}

typedef struct allocate_args {
	const char *child, *chair;
	cp_date month;
	uint64_t *step;
} allocate_args;

CW_TRAMPOLINE(allocate_run, allocate_args,
              allocate_txn(cw, t, a->child, a->chair, a->month, a->step, err))

cp_status casework_mapping_allocate(casework *cw, const char *child_id,
                                    const char *chair, cp_date month,
                                    uint64_t *step, cp_error *err)
{
	uint64_t s = 0;
	if (!text_nonempty(child_id) || !text_nonempty(chair))
		return cp_fail(err, CP_BADINPUT, "name the child and the chair");
	allocate_args a = { child_id, chair, month, step ? step : &s };
	return cw_run(cw, allocate_run, &a, NULL, err);
}

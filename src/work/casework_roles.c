/* casework_roles.c - who does a meeting's steps (the holders of its
 * roles for its child), changing a meeting's open tasks, and taking a
 * child out of a meeting whose episode ended (casework_priv.h).  Below
 * both casework_meeting.c and casework_case.c, which call it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "text.h"

/* ---- meetings: who does each step ------------------------------------- */

/* The social worker's manager, and that manager's manager, looked up
 * only when a step needs them. */
static cp_status manager_of(store_txn *t, const char *login, const char *who,
                            char out[MODEL_ID_MAX + 1], cp_error *err)
{
	cp_worker w;
	CP_TRY(cw_need_worker(t, login, who, &w, err));
	bool has = text_nonempty(w.manager);
	if (has)
		snprintf(out, MODEL_ID_MAX + 1, "%s", w.manager);
	cp_worker_free(&w);
	if (!has)
		return cp_fail(err, CP_REFUSED,
		    "%s '%s' has no manager recorded: give them one (cpdesk "
		    "worker edit %s --manager LOGIN)", who, login, login);
	cp_worker m;
	CP_TRY(cw_need_worker(t, out, "manager", &m, err));
	cp_worker_free(&m);
	return CP_OK;
}

/* The social worker's manager, in pp->tm (looked up once). */
static cp_status team_manager(store_txn *t, cw_people *pp, cp_error *err)
{
	if (!pp->tm_known)
		CP_TRY(manager_of(t, pp->child->social_worker, "social worker",
		                  pp->tm, err));
	pp->tm_known = true;
	return CP_OK;
}

cp_status cw_assignee_for(store_txn *t, cw_people *pp, cp_role r,
                          const char *step, const char *type,
                          const char **out, cp_error *err)
{
	switch (r) {
	case ROLE_SOCIAL_WORKER:
		*out = pp->child->social_worker;
		return CP_OK;
	case ROLE_TEAM_MANAGER:
		CP_TRY(team_manager(t, pp, err));
		*out = pp->tm;
		return CP_OK;
	case ROLE_SERVICE_MANAGER:
		CP_TRY(team_manager(t, pp, err));
		if (!pp->sm_known)
			CP_TRY(manager_of(t, pp->tm, "team manager", pp->sm, err));
		pp->sm_known = true;
		*out = pp->sm;
		return CP_OK;
	/* Booked before they are allocated: the steps wait in the pool the
	 * allocators see (cpdesk meeting allocate gives them to a person). */
	case ROLE_CP_CHAIR:
	case ROLE_IRO:
		*out = text_nonempty(pp->chair) ? pp->chair : POOL_CHAIR;
		return CP_OK;
	case ROLE_MINUTE_TAKER:
		*out = text_nonempty(pp->minute_taker) ? pp->minute_taker
		       : POOL_MINUTE_TAKER;
		return CP_OK;
	default:   /* a role served by a pool (model.h) */
		if ((*out = role_pool(r)))
			return CP_OK;
		break;
	}
	return cp_fail(err, CP_FAILED, "the %s step '%s' has an unknown role",
	               type, step);
}

cp_status casework_role_holder(store_txn *t, const cp_child *child,
                               const cp_meeting *m, cp_role r,
                               char out[MODEL_ID_MAX + 1], cp_error *err)
{
	cw_people pp = { .child = child, .chair = m ? m->chair : NULL,
	              .minute_taker = m ? m->minute_taker : NULL };
	const char *who = NULL;
	CP_TRY(cw_assignee_for(t, &pp, r, role_name(r) ? role_name(r) : "?",
	                 m ? text_or_empty(m->type) : "?", &who, err));
	snprintf(out, MODEL_ID_MAX + 1, "%s", text_or_empty(who));
	return CP_OK;
}


/* ---- a meeting's open tasks ------------------------------------------------ */
typedef struct open_list {
	cp_task_vec tasks;
	cp_status st;
	cp_error *err;
} open_list;

static bool collect_open_task(void *ctx, const cp_task *k)
{
	open_list *l = ctx;
	if (k->status == TASK_OPEN)
		l->st = cp_task_vec_push(&l->tasks, k, l->err);
	return l->st == CP_OK;
}

/* Change each open task of meeting mid (change says whether it did)
 * and write back the changed ones; *count gets how many.  The tasks are
 * copied first and changed after: no writes under an open cursor. */
cp_status cw_change_open_tasks(store_txn *t, uint64_t mid,
                                   bool (*change)(void *ctx, cp_task *k),
                                   void *ctx, size_t *count, cp_error *err)
{
	open_list l = { .st = CP_OK, .err = err };
	*count = 0;
	cp_status st = store_tasks_for_meeting(t, mid, collect_open_task, &l,
	                                       err);
	if (st == CP_OK)
		st = l.st;
	for (size_t i = 0; st == CP_OK && i < l.tasks.n; i++)
		if (change(ctx, &l.tasks.v[i])) {
			st = store_task_put(t, &l.tasks.v[i], err);
			++*count;
		}
	cp_task_vec_free(&l.tasks);
	return st;
}

/* ---- a child withdrawn (its episode ended) ------------------------------ */
typedef struct withdraw_ctx {
	const policy *pol;
	store_txn *t;
	const cp_meeting *m;       /* as it will be */
	const char *gone;
	bool all;                  /* the meeting is cancelled */
	cw_people pp;              /* the new index child's */
	cp_status st;
	cp_error *err;
} withdraw_ctx;

/* The withdrawn child's open task: cancelled with the meeting or when it
 * is the child's own (per-child); else the index child's, now the new
 * index child's and its role holder's. */
static bool withdraw_task(void *ctx, cp_task *k)
{
	withdraw_ctx *w = ctx;
	if (w->st != CP_OK || strcmp(text_or_empty(k->child_id), w->gone))
		return false;
	const policy_step *s = policy_type_step(w->pol, w->m->type,
	                                        text_or_empty(k->step_id));
	if (w->all || (s && s->per_child)) {
		k->status = TASK_CANCELLED;
		return true;
	}
	const char *who = NULL;
	w->st = cw_assignee_for(w->t, &w->pp, k->role, text_or_empty(k->step_id),
	                        w->m->type, &who, w->err);
	char *child = w->st == CP_OK ? strdup(w->m->child_id) : NULL;
	char *as = w->st == CP_OK ? strdup(text_or_empty(who)) : NULL;
	if (w->st == CP_OK && (!child || !as))
		w->st = cp_oom(w->err);
	if (w->st != CP_OK) {
		free(child);
		free(as);
		return false;
	}
	free(k->child_id);
	free(k->assignee);
	k->child_id = child;
	k->assignee = as;
	return true;
}

/* Take child out of scheduled meeting m: the meeting is cancelled when it
 * was the child's alone; else it goes on for the others. */
static cp_status take_out(cp_meeting *m, const char *child, const char *why,
                          cp_error *err)
{
	if (!m->nsiblings) {
		m->status = MEETING_CANCELLED;
		free(m->reason);
		return (m->reason = strdup(why)) ? CP_OK : cp_oom(err);
	}
	size_t at = 0;
	if (!strcmp(m->child_id, child)) {
		free(m->child_id);
		m->child_id = m->siblings[0];
	} else {
		while (at < m->nsiblings && strcmp(m->siblings[at], child))
			at++;
		if (at == m->nsiblings)
			return CP_OK;
		free(m->siblings[at]);
	}
	memmove(&m->siblings[at], &m->siblings[at + 1],
	        (m->nsiblings - at - 1) * sizeof *m->siblings);
	m->nsiblings--;
	return CP_OK;
}

cp_status cw_withdraw_child(casework *cw, store_txn *t, uint64_t mid,
                            const char *child, const char *why,
                            cp_error *err)
{
	cp_meeting m;
	CP_TRY(cw_need_meeting(t, mid, &m, err));
	char *before = model_meeting_describe(&m);
	withdraw_ctx w = { .pol = cw->pol, .t = t, .m = &m, .gone = child,
	                   .all = !m.nsiblings, .st = CP_OK, .err = err };
	cp_child next;
	bool have_next = false;
	cp_status st = before ? take_out(&m, child, why, err) : cp_oom(err);
	if (st == CP_OK && !w.all)
		st = cw_need_child(t, m.child_id, &next, err);
	if (st == CP_OK && !w.all) {
		have_next = true;
		w.pp = (cw_people){ .child = &next, .chair = m.chair,
		                    .minute_taker = m.minute_taker };
	}
	size_t n = 0;
	if (st == CP_OK)
		st = store_meeting_put(t, &m, err);
	if (st == CP_OK)
		st = cw_change_open_tasks(t, mid, withdraw_task, &w, &n, err);
	if (st == CP_OK)
		st = w.st;
	st = cw_audit_meeting_for(cw, t, st, w.all ? "meeting.cancel"
	                          : "meeting.withdraw", &m, child, "", before,
	                          err);
	if (have_next)
		cp_child_free(&next);
	cp_meeting_free(&m);
	return st;
}


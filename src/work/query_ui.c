/* query_ui.c - the console's own reads: its header's counts, whether a
 * form may open on a meeting, the dates of the meetings a policy preview
 * names (query.h, the section at its end).  The rules of query.h hold:
 * one short read transaction, what the actor may not see left out;
 * none of these names a child, so none is recorded. */
#include <string.h>

#include "escalate.h"
#include "query_priv.h"

/* ---- the queue's counts ------------------------------------------------ */
typedef struct qcount {
	casework *cw;
	store_txn *t;
	size_t limit, seen;
	bool full;
} qcount;

/* A row of the queue index counts when the actor sees its task (the
 * permit looks only at its assignee, child and meeting). */
static bool count_row(void *ctx, const store_queue_row *r)
{
	qcount *c = ctx;
	cp_task k = { .id = r->id, .meeting_id = r->meeting_id,
	              .child_id = (char *)r->child_id,
	              .assignee = (char *)r->assignee, .status = TASK_OPEN };
	if (!permit_sees_task(c->cw->pm, c->t, &k))
		return true;
	if (c->seen >= c->limit) {
		c->full = true;
		return false;
	}
	c->seen++;
	return true;
}

/* Each group a range of the worker's and their pools' queue index,
 * stopping one row past the limit. */
static cp_status count_groups(qcount *c, const query_me *me, cp_date today,
                              query_queue *out, cp_error *err)
{
	const cp_date last[QUERY_GROUP_COUNT] = {
		today - 1, today, date_week_start(today) + 6, QUERY_DATE_MAX };
	for (int g = 0; g < QUERY_GROUP_COUNT; g++) {
		cp_date from = g ? last[g - 1] + 1 : CP_DATE_NONE;
		c->seen = 0;
		c->full = false;
		for (size_t p = 0; p <= me->npools && !c->full && from <= last[g];
		     p++)
			CP_TRY(store_queue_for_assignee(c->t, p ? me->pools[p - 1] :
			                                me->worker.login, from, last[g],
			                                c->limit + 1 - c->seen,
			                                count_row, c, err));
		out->counts[g] = c->seen;
		out->more[g] = c->full;
	}
	return CP_OK;
}

cp_status query_queue_counts(casework *cw, const query_me *me, cp_date today,
                             size_t limit, query_queue *out, cp_error *err)
{
	memset(out, 0, sizeof *out);
	if (!me->is_worker)
		return CP_OK;
	qcount c = { .cw = cw, .limit = limit };
	esc_list el = { 0 };
	CP_TRY(q_read(cw, &c.t, err));
	cp_status st = count_groups(&c, me, today, out, err);
	if (st == CP_OK)
		st = escalate_for_viewer(cw, c.t, me->worker.login, today,
		                         CP_DATE_NONE, today, &el, err);
	store_read_end(c.t);
	for (size_t i = 0; st == CP_OK && i < el.n; i++) {
		cp_task k = { .kind = el.v[i].kind, .due = el.v[i].date };
		out->counts[query_derived_group(&k, today)]++;
	}
	esc_list_free(&el);
	return st;
}

/* ---- forms ------------------------------------------------------------- */
cp_status query_meeting_may(casework *cw, const cp_meeting *m,
                            access_action act, cp_error *err)
{
	store_txn *t;
	CP_TRY(q_read(cw, &t, err));
	cp_status st = permit_meeting(cw->pm, t, act, m, err);
	store_read_end(t);
	return st;
}

/* ---- meetings' dates --------------------------------------------------- */
cp_status query_meeting_dates(casework *cw, const uint64_t *ids, size_t n,
                              cp_date *dates, cp_error *err)
{
	store_txn *t;
	cp_status st = CP_OK;
	for (size_t i = 0; i < n; i++)
		dates[i] = CP_DATE_NONE;
	CP_TRY(q_read(cw, &t, err));
	for (size_t i = 0; st == CP_OK && i < n; i++) {
		cp_meeting m;
		bool found = false;
		st = store_meeting_get(t, ids[i], &m, &found, err);
		if (st != CP_OK || !found)
			continue;
		if (permit_sees_meeting(cw->pm, t, &m))
			dates[i] = m.date;
		cp_meeting_free(&m);
	}
	store_read_end(t);
	return st;
}

/* query_request.c - requests for approval as the front ends show them
 * (query.h): those waiting, those one may approve, one's own with how
 * they ended; and who approves an action on a meeting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_priv.h"
#include "text.h"
#include "vec.h"

typedef struct req_list {
	cp_request *v;
	size_t n, cap;
	bool mine;
	const char *me;
	cp_status st;
	cp_error *err;
} req_list;

/* Kept: pending ones, and with mine also the actor's own requests. */
static bool keep_request(void *ctx, const cp_request *q)
{
	req_list *l = ctx;
	bool own = !strcmp(text_or_empty(q->requester), l->me);
	if (q->state != REQUEST_PENDING && !(l->mine && own))
		return true;
	if (!vec_room((void **)&l->v, &l->cap, l->n, sizeof *l->v, 8)) {
		l->st = cp_oom(l->err);
		return false;
	}
	l->st = cp_request_copy(&l->v[l->n], q, l->err);
	l->n += l->st == CP_OK;
	return l->st == CP_OK;
}

void query_request_free(query_request *r)
{
	cp_request_free(&r->req);
	free(r->meeting_type); free(r->child_name); free(r->requester_name);
	free(r->waiting); free(r->why_not);
	memset(r, 0, sizeof *r);
}

void query_requests_free(query_requests *q)
{
	for (size_t i = 0; q && i < q->n; i++)
		query_request_free(&q->v[i]);
	if (q) {
		free(q->v);
		memset(q, 0, sizeof *q);
	}
}

static cp_status clean_request(cp_request *q, cp_error *err)
{
	bool ok = q_clean_in_place(&q->child_id) &&
	          q_clean_in_place(&q->requester) &&
	          q_clean_in_place(&q->reason) &&
	          q_clean_in_place(&q->closed_by) &&
	          q_clean_in_place(&q->closing_note);
	for (size_t i = 0; ok && i < q->napprovals; i++)
		ok = q_clean_in_place(&q->approvals[i].login) &&
		     q_clean_in_place(&q->approvals[i].note);
	return ok ? CP_OK : cp_oom(err);
}

/* A row from request q (taken) about meeting m, or none (*keep false). */
static cp_status request_row(casework *cw, store_txn *t, cp_request *q,
                             const cp_meeting *m, bool mine,
                             query_request *row, bool *keep, cp_error *err)
{
	cp_error why;
	cp_role as;
	char waiting[1200];
	memset(row, 0, sizeof *row);
	cp_status may = q->state == REQUEST_PENDING
	    ? casework_request_approver(cw, t, q, m, &as, &why) : CP_REFUSED;
	if (may == CP_FAILED)
		return *err = why, CP_FAILED;
	bool own = !strcmp(text_or_empty(q->requester), text_or_empty(cw->actor));
	*keep = !mine || may == CP_OK || own;
	if (!*keep)
		return CP_OK;
	row->may_approve = may == CP_OK;
	CP_TRY(casework_approvers_text(cw, t, m, request_missing(q), q->need_all,
	                               waiting, sizeof waiting, err));
	row->req = *q;
	memset(q, 0, sizeof *q);
	row->meeting_date = m->date;
	row->meeting_type = q_clean(m->type);
	row->child_name = q_child_name(cw, t, row->req.child_id, NULL);
	row->requester_name = q_worker_name(t, row->req.requester);
	row->waiting = q_clean(waiting);
	row->why_not = q_clean(may == CP_OK || row->req.state != REQUEST_PENDING
	                       ? "" : why.msg);
	if (!row->meeting_type || !row->child_name || !row->requester_name ||
	    !row->waiting || !row->why_not)
		return cp_oom(err);
	return clean_request(&row->req, err);
}

static cp_status rows_in(casework *cw, store_txn *t, req_list *l,
                         query_requests *out, cp_error *err)
{
	for (size_t i = 0; i < l->n; i++) {
		cp_meeting m;
		bool found = false, keep = false;
		CP_TRY(store_meeting_get(t, l->v[i].object_id, &m, &found, err));
		if (!found || !permit_sees_meeting(cw->pm, t, &m)) {
			if (found)
				cp_meeting_free(&m);
			continue;
		}
		if (!vec_room((void **)&out->v, &out->cap, out->n, sizeof *out->v, 8)) {
			cp_meeting_free(&m);
			return cp_oom(err);
		}
		cp_status st = request_row(cw, t, &l->v[i], &m, l->mine,
		                           &out->v[out->n], &keep, err);
		cp_meeting_free(&m);
		if (keep)
			out->n++;
		CP_TRY(st);
	}
	return CP_OK;
}

cp_status query_requests_get(casework *cw, bool mine, const char *where,
                             query_requests *out, cp_error *err)
{
	store_txn *t;
	req_list l = { .mine = mine, .me = text_or_empty(cw->actor), .st = CP_OK,
	               .err = err };
	memset(out, 0, sizeof *out);
	CP_TRY(q_read(cw, &t, err));
	cp_status st = store_requests_all(t, keep_request, &l, err);
	if (st == CP_OK)
		st = l.st;
	if (st == CP_OK)
		st = rows_in(cw, t, &l, out, err);
	store_read_end(t);
	for (size_t i = 0; i < l.n; i++)
		cp_request_free(&l.v[i]);
	free(l.v);
	q_ids ids = { 0 };
	for (size_t i = 0; st == CP_OK && i < out->n; i++)
		st = q_ids_add(&ids, out->v[i].req.child_id, err);
	if (st == CP_OK)
		st = q_ids_note(cw, where, &ids, err);
	free(ids.v);
	if (st != CP_OK)
		query_requests_free(out);
	return st;
}

cp_status query_approvers(casework *cw, uint64_t meeting_id,
                          request_kind kind, char *buf, size_t size,
                          uint64_t *pending, request_kind *pending_kind,
                          cp_error *err)
{
	store_txn *t;
	cp_meeting m;
	bool found = false;
	const policy_approval *pa = &cw->pol->approvals[kind];
	buf[0] = '\0';
	*pending = 0;
	CP_TRY(q_read(cw, &t, err));
	cp_status st = store_meeting_get(t, meeting_id, &m, &found, err);
	if (st == CP_OK && found && permit_sees_meeting(cw->pm, t, &m))
		st = casework_approvers_text(cw, t, &m, pa->approvers, pa->all, buf,
		                             size, err);
	if (st == CP_OK && found)
		st = casework_pending_request(t, meeting_id, pending, pending_kind,
		                              err);
	if (found)
		cp_meeting_free(&m);
	store_read_end(t);
	if (st == CP_OK) {   /* names from the store: shown as they are safe */
		char *clean = text_sanitize_dup(buf);
		if (!clean)
			return cp_oom(err);
		snprintf(buf, size, "%s", clean);
		free(clean);
	}
	return st;
}

/* query_record.c - a child's record in full, and the audit trail
 * (query.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_priv.h"
#include "text.h"
#include "vec.h"

void query_child_record_free(query_child_record *r)
{
	cp_child_free(&r->c.child);
	free(r->c.sw_name);
	query_meetings_free(&r->meetings);
	query_tasks_free(&r->open_tasks);
	query_consults_free(&r->consults);
	cp_audit_vec_free(&r->history);
	memset(r, 0, sizeof *r);
}

typedef struct rec_scan {
	casework *cw;
	store_txn *t;
	query_child_record *r;
	unsigned parts;
	cp_status st;
	cp_error *err;
} rec_scan;

static bool take_meeting(void *ctx, const cp_meeting *m)
{
	rec_scan *s = ctx;
	query_meetings *q = &s->r->meetings;
	if (!vec_room((void **)&q->v, &q->cap, q->n, sizeof *q->v, 16)) {
		s->st = cp_oom(s->err);
		return false;
	}
	s->st = q_meeting_row(s->cw, s->t, m, true, &q->v[q->n], s->err);
	if (s->st == CP_OK)
		q->n++;
	return s->st == CP_OK;
}

static bool take_open_task(void *ctx, const cp_task *k)
{
	rec_scan *s = ctx;
	if (k->status != TASK_OPEN)
		return true;
	s->st = q_tasks_push(&s->r->open_tasks, k, s->err);
	return s->st == CP_OK;
}

/* ---- a family meeting's other children in the audit --------------------- */
static bool child_seen(casework *cw, store_txn *t, const char *id)
{
	cp_child c;
	bool found = false;
	cp_error e;
	if (store_child_get(t, id, &c, &found, &e) != CP_OK || !found)
		return false;
	bool seen = permit_sees_child(cw->pm, t, &c);
	cp_child_free(&c);
	return seen;
}

/* In text (an entry's before or after), the id of each sibling and each
 * child's decision the reader does not see becomes "?": seeing one
 * child of a family does not tell the others' ids.  In place. */
static void hide_siblings(casework *cw, store_txn *t, char *text)
{
	static const char *const keys[] = { "sibling=", "child-plan=\"",
	                                    "child-plan=" };
	if (!text || permit_sees_all(cw->pm))
		return;
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
		for (char *p = strstr(text, keys[k]); p; p = strstr(p, keys[k])) {
			char *q = p + strlen(keys[k]), id[MODEL_ID_MAX + 1];
			size_t n = strcspn(q, " \"=");
			p = q;
			if (!n || *q == '?' || n > MODEL_ID_MAX)
				continue;
			snprintf(id, sizeof id, "%.*s", (int)n, q);
			if (child_seen(cw, t, id))
				continue;
			*q = '?';
			memmove(q + 1, q + n, strlen(q + n) + 1);
		}
}

static void hide_in_entry(casework *cw, store_txn *t, cp_audit *a)
{
	hide_siblings(cw, t, a->before);
	hide_siblings(cw, t, a->after);
}

/* Changes only: who read the record is in `cpdesk audit`. */
static bool take_change(void *ctx, const cp_audit *a)
{
	rec_scan *s = ctx;
	cp_audit_vec *h = &s->r->history;
	if (!strcmp(a->action, "child.view"))
		return true;
	if (h->n >= QUERY_HISTORY_MAX)
		return false;
	s->st = cp_audit_vec_push(h, a, s->err);
	if (s->st == CP_OK)
		s->st = q_clean_audit(&h->v[h->n - 1], s->err);
	if (s->st == CP_OK)
		hide_in_entry(s->cw, s->t, &h->v[h->n - 1]);
	return s->st == CP_OK;
}

/* Open tasks of the scheduled and held meetings, by meeting. */
static cp_status read_open_tasks(rec_scan *s)
{
	const query_meetings *q = &s->r->meetings;
	for (size_t i = 0; i < q->n; i++) {
		const cp_meeting *m = &q->v[i].meeting;
		if (m->status == MEETING_CANCELLED)
			continue;
		CP_TRY(store_tasks_for_meeting(s->t, m->id, take_open_task, s,
		                               s->err));
		CP_TRY(s->st);
	}
	return CP_OK;
}

static cp_status read_parts(rec_scan *s, const char *id)
{
	if (s->parts & (QUERY_CHILD_MEETINGS | QUERY_CHILD_TASKS)) {
		CP_TRY(store_meetings_for_child(s->t, id, take_meeting, s, s->err));
		CP_TRY(s->st);
	}
	if (s->parts & QUERY_CHILD_TASKS)
		CP_TRY(read_open_tasks(s));
	if (s->parts & QUERY_CHILD_CONSULTS) {
		query_consult_filter f = { .child_id = id, .from = CP_DATE_NONE,
		                           .to = QUERY_DATE_MAX, .names = true };
		CP_TRY(q_consults_in(s->cw, s->t, &f, &s->r->consults, s->err));
	}
	/* The changes are the audit trail's: for those who may read it. */
	s->r->history_read = (s->parts & QUERY_CHILD_HISTORY) &&
	                     permit_allows(s->cw->pm, ACCESS_READ_AUDIT);
	if (s->r->history_read) {
		store_audit_filter af = { .child_id = id, .newest_first = true };
		CP_TRY(store_audit_scan(s->t, &af, take_change, s, s->err));
		CP_TRY(s->st);
	}
	return CP_OK;
}

static cp_status read_child(rec_scan *s, const char *id)
{
	bool found = false;
	query_child *c = &s->r->c;
	CP_TRY(store_child_get(s->t, id, &c->child, &found, s->err));
	/* only what the reader may see is shown (and recorded); a child
	 * they may not see is answered as one not there (issue 15) */
	cp_status st = found ? permit_child(s->cw->pm, s->t, PERMIT_SEE,
	                                    &c->child, s->err)
	                     : CP_REFUSED;
	if (st == CP_REFUSED)
		return cp_fail(s->err, CP_BADINPUT, "no child '%s' in the store",
		               id);
	CP_TRY(st);
	CP_TRY(q_clean_child(&c->child, s->err));
	if (!(c->sw_name = q_worker_name(s->t, c->child.social_worker)))
		return cp_oom(s->err);
	return read_parts(s, id);
}

cp_status query_child_get(casework *cw, const char *id, unsigned parts,
                          const char *where, query_child_record *out,
                          cp_error *err)
{
	memset(out, 0, sizeof *out);
	if (!model_id_valid(id, false))
		return cp_fail(err, CP_BADINPUT, "no child with that id in the store");
	rec_scan s = { .cw = cw, .r = out, .parts = parts, .st = CP_OK,
	               .err = err };
	CP_TRY(q_read(cw, &s.t, err));
	cp_status st = read_child(&s, id);
	store_read_end(s.t);
	/* On the record before it is returned: no record, no show. */
	if (st == CP_OK)
		st = q_note_record(cw, where, id, 0, err);
	if (st != CP_OK)
		query_child_record_free(out);
	return st;
}

/* ---- the audit trail --------------------------------------------------- */
typedef struct audit_scan {
	casework *cw;
	store_txn *t;
	const query_audit_filter *f;
	query_audit_fn each;
	void *ctx;
	cp_status st;
	cp_error *err;
} audit_scan;

/* Entries about a child the reader cannot see are left out. */
static bool audit_seen(audit_scan *s, const cp_audit *a)
{
	if (permit_sees_all(s->cw->pm) || !a->child_id[0])
		return true;
	cp_child c;
	bool found = false;
	cp_error e;
	if (store_child_get(s->t, a->child_id, &c, &found, &e) != CP_OK || !found)
		return false;
	bool seen = permit_sees_child(s->cw->pm, s->t, &c);
	cp_child_free(&c);
	return seen;
}

static bool take_audit(void *ctx, const cp_audit *a)
{
	audit_scan *s = ctx;
	const query_audit_filter *f = s->f;
	/* Both filters apply even if the store indexes only one of them. */
	if ((f->login && strcmp(f->login, a->login)) ||
	    (f->child_id && strcmp(f->child_id, a->child_id)) ||
	    (f->since && a->time < f->since) || (f->until && a->time > f->until) ||
	    !audit_seen(s, a))
		return true;
	cp_audit c;
	s->st = cp_audit_copy(&c, a, s->err);
	if (s->st == CP_OK && (s->st = q_clean_audit(&c, s->err)) == CP_OK) {
		hide_in_entry(s->cw, s->t, &c);
		bool more = s->each(s->ctx, &c);
		cp_audit_free(&c);
		return more;
	}
	cp_audit_free(&c);
	return false;
}

cp_status query_audit_each(casework *cw, const query_audit_filter *f,
                           query_audit_fn each, void *ctx, cp_error *err)
{
	CP_TRY(permit_may(cw->pm, ACCESS_READ_AUDIT, err));
	audit_scan s = { .cw = cw, .f = f, .each = each, .ctx = ctx,
	                 .st = CP_OK, .err = err };
	store_audit_filter sf = { .login = f->login, .child_id = f->child_id,
	                          .since = f->since, .until = f->until,
	                          .newest_first = f->newest_first,
	                          .limit = f->limit };
	CP_TRY(q_read(cw, &s.t, err));
	cp_status st = store_audit_scan(s.t, &sf, take_audit, &s, err);
	store_read_end(s.t);
	return st != CP_OK ? st : s.st;
}

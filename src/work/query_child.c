/* query_child.c - children, a child's record, consultations, the
 * case-mapping candidates and the management lists (query.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "query_priv.h"
#include "text.h"
#include "vec.h"

/* ---- children ---------------------------------------------------------- */
void query_children_free(query_children *q)
{
	for (size_t i = 0; i < q->n; i++) {
		cp_child_free(&q->v[i].child);
		free(q->v[i].sw_name);
	}
	free(q->v);
	memset(q, 0, sizeof *q);
}

/* ASCII case-insensitive substring (names are UTF-8; other bytes compare
 * exactly).  There is no name index: a borough's few thousand children
 * take a few milliseconds, and only when someone searches. */
static bool contains(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < nl && hay[i] && tolower((unsigned char)hay[i]) ==
		                           tolower((unsigned char)needle[i]))
			i++;
		if (i == nl)
			return true;
	}
	return nl == 0;
}

typedef struct cscan {
	casework *cw;
	store_txn *t;
	const query_child_filter *f;
	query_children *out;
	const char *exact;       /* the id matched first, not again */
	cp_status st;
	cp_error *err;
} cscan;

cp_status q_children_push(query_children *q, store_txn *t,
                          const cp_child *c, cp_error *err)
{
	if (!vec_room((void **)&q->v, &q->cap, q->n, sizeof *q->v, 32))
		return cp_oom(err);
	query_child *row = &q->v[q->n];
	memset(row, 0, sizeof *row);
	CP_TRY(cp_child_copy(&row->child, c, err));
	if (q_clean_child(&row->child, err) != CP_OK ||
	    !(row->sw_name = q_worker_name(t, c->social_worker))) {
		cp_child_free(&row->child);
		return cp_oom(err);
	}
	q->n++;
	return CP_OK;
}

static cp_status push_child(cscan *s, const cp_child *c)
{
	return q_children_push(s->out, s->t, c, s->err);
}

static bool take_child(void *ctx, const cp_child *c)
{
	cscan *s = ctx;
	const char *q = s->f->search;
	if ((text_nonempty(q) && !contains(c->name, q) && !contains(c->id, q)) ||
	    (s->exact && !strcmp(s->exact, c->id)) ||
	    !permit_sees_child(s->cw->pm, s->t, c))
		return true;
	if (s->f->limit && s->out->n >= s->f->limit) {
		s->out->more = true;
		return false;
	}
	s->st = push_child(s, c);
	return s->st == CP_OK;
}

/* The child whose id is the search text, first. */
static cp_status exact_first(cscan *s)
{
	cp_child c;
	bool found = false;
	CP_TRY(store_child_get(s->t, s->f->search, &c, &found, s->err));
	if (!found)
		return CP_OK;
	if (permit_sees_child(s->cw->pm, s->t, &c)) {
		s->st = push_child(s, &c);
		s->exact = s->f->search;
	}
	cp_child_free(&c);
	return s->st;
}

static cp_status scan_children(cscan *s)
{
	const query_child_filter *f = s->f;
	cp_status st;
	if (text_nonempty(f->search) && model_id_valid(f->search, false))
		CP_TRY(exact_first(s));
	if (f->social_worker)
		st = store_children_for_worker(s->t, f->social_worker, take_child, s,
		                               s->err);
	else
		st = store_children_all(s->t, take_child, s, s->err);
	return st != CP_OK ? st : s->st;
}

cp_status query_child_list(casework *cw, const query_child_filter *f,
                           const char *where, query_children *out,
                           cp_error *err)
{
	memset(out, 0, sizeof *out);
	cscan s = { .cw = cw, .f = f, .out = out, .st = CP_OK, .err = err };
	CP_TRY(q_read(cw, &s.t, err));
	cp_status st = scan_children(&s);
	store_read_end(s.t);
	q_ids ids = { 0 };
	for (size_t i = 0; st == CP_OK && i < out->n; i++)
		st = q_ids_add(&ids, out->v[i].child.id, err);
	if (st == CP_OK)
		st = q_ids_note(cw, where, &ids, err);
	free(ids.v);
	if (st != CP_OK)
		query_children_free(out);
	return st;
}

cp_status query_child_names(casework *cw, const char *const *ids, size_t n,
                            const char *where, char **names, cp_error *err)
{
	store_txn *t;
	q_ids seen = { 0 };
	memset(names, 0, n * sizeof *names);
	CP_TRY(q_read(cw, &t, err));
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < n; i++) {
		bool ok = false;
		if (!(names[i] = q_child_name(cw, t, ids[i], &ok)))
			st = cp_oom(err);
		else if (ok)
			st = q_ids_add(&seen, ids[i], err);
	}
	store_read_end(t);
	if (st == CP_OK)
		st = q_ids_note(cw, where, &seen, err);
	free(seen.v);
	for (size_t i = 0; st != CP_OK && i < n; i++) {
		free(names[i]);
		names[i] = NULL;
	}
	return st;
}

/* ---- consultations ----------------------------------------------------- */
void query_consults_free(query_consults *q)
{
	for (size_t i = 0; i < q->n; i++) {
		query_consult *r = &q->v[i];
		cp_consult_free(&r->consult);
		free(r->kind_title);
		free(r->child_name);
		free(r->chair_name);
		free(r->sw_name);
	}
	free(q->v);
	memset(q, 0, sizeof *q);
}

typedef struct kscan {
	casework *cw;
	store_txn *t;
	const query_consult_filter *f;
	query_consults *out;
	cp_status st;
	cp_error *err;
} kscan;

static cp_status consult_names(kscan *s, query_consult *r, const cp_consult *c)
{
	const policy_consultation_kind *k =
	    policy_consult_kind_find(s->cw->pol, c->kind);
	r->kind_title = q_clean(k && text_nonempty(k->title) ? k->title : c->kind);
	if (s->f->names) {
		r->child_name = q_child_name(s->cw, s->t, c->child_id, NULL);
		r->chair_name = q_worker_name(s->t, c->chair);
		r->sw_name = q_worker_name(s->t, c->social_worker);
	} else {
		r->child_name = strdup("");
		r->chair_name = strdup("");
		r->sw_name = strdup("");
	}
	if (!r->kind_title || !r->child_name || !r->chair_name || !r->sw_name)
		return cp_oom(s->err);
	return CP_OK;
}

static cp_status push_consult(kscan *s, const cp_consult *c)
{
	query_consults *q = s->out;
	if (!vec_room((void **)&q->v, &q->cap, q->n, sizeof *q->v, 32))
		return cp_oom(s->err);
	query_consult *r = &q->v[q->n++];
	memset(r, 0, sizeof *r);
	CP_TRY(cp_consult_copy(&r->consult, c, s->err));
	CP_TRY(q_clean_consult(&r->consult, s->err));
	return consult_names(s, r, c);
}

static bool take_consult(void *ctx, const cp_consult *c)
{
	kscan *s = ctx;
	const query_consult_filter *f = s->f;
	if ((f->child_id && strcmp(f->child_id, c->child_id)) ||
	    c->date < f->from || c->date > f->to ||
	    !permit_sees_consult(s->cw->pm, s->t, c))
		return true;
	if (f->limit && s->out->n >= f->limit)
		return false;
	s->st = push_consult(s, c);
	return s->st == CP_OK;
}

static bool take_chair(void *ctx, const cp_worker *w)
{
	kscan *s = ctx;
	cp_status st = store_consults_for_chair(s->t, w->login, s->f->from,
	                                        s->f->to, 0, take_consult, s,
	                                        s->err);
	if (st != CP_OK && s->st == CP_OK)
		s->st = st;
	return s->st == CP_OK;
}

static cp_status scan_consults(kscan *s)
{
	const query_consult_filter *f = s->f;
	cp_status st;
	if (f->all)
		st = store_worker_list(s->t, take_chair, s, s->err);
	else if (f->child_id && !f->chair)
		st = store_consults_for_child(s->t, f->child_id, take_consult, s,
		                              s->err);
	else
		st = store_consults_for_chair(s->t, f->chair ? f->chair : s->cw->actor,
		                              f->from, f->to, 0, take_consult, s,
		                              s->err);
	return st != CP_OK ? st : s->st;
}

cp_status q_consults_in(casework *cw, store_txn *t,
                        const query_consult_filter *f, query_consults *out,
                        cp_error *err)
{
	kscan s = { .cw = cw, .t = t, .f = f, .out = out, .st = CP_OK,
	            .err = err };
	return scan_consults(&s);
}

cp_status query_consult_list(casework *cw, const query_consult_filter *f,
                             const char *where, query_consults *out,
                             cp_error *err)
{
	store_txn *t;
	memset(out, 0, sizeof *out);
	CP_TRY(q_read(cw, &t, err));
	cp_status st = q_consults_in(cw, t, f, out, err);
	store_read_end(t);
	q_ids ids = { 0 };
	for (size_t i = 0; st == CP_OK && f->names && i < out->n; i++)
		st = q_ids_add(&ids, out->v[i].consult.child_id, err);
	if (st == CP_OK)
		st = q_ids_note(cw, where, &ids, err);
	free(ids.v);
	if (st != CP_OK)
		query_consults_free(out);
	return st;
}

/* ---- the case-mapping candidates, and the lists ------------------------ */
cp_status query_mapping_due(casework *cw, cp_date month, const char *where,
                            lists_mapping_due **out, size_t *n,
                            cp_error *err)
{
	store_txn *t;
	*out = NULL;
	*n = 0;
	CP_TRY(q_read(cw, &t, err));
	cp_status st = lists_mapping_due_txn(cw, t, month, out, n, err);
	store_read_end(t);
	q_ids ids = { 0 };
	for (size_t i = 0; st == CP_OK && i < *n; i++) {
		lists_mapping_due *d = &(*out)[i];
		if (!q_clean_in_place(&d->child_id) || !q_clean_in_place(&d->name) ||
		    !q_clean_in_place(&d->social_worker) ||
		    !q_clean_in_place(&d->chair))
			st = cp_oom(err);
		else
			st = q_ids_add(&ids, d->child_id, err);
	}
	if (st == CP_OK)
		st = q_ids_note(cw, where, &ids, err);
	free(ids.v);
	if (st != CP_OK) {
		lists_mapping_due_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}

/* ---- the chairs of a month's cycle -------------------------------------- */
typedef struct chairs_scan {
	query_mapping_chair *v;
	size_t n, cap;
	bool oom;
} chairs_scan;

static bool take_cp_chair(void *ctx, const cp_worker *w)
{
	chairs_scan *s = ctx;
	if (w->left || !(w->roles & ROLE_BIT(ROLE_CP_CHAIR)))
		return true;
	if (!vec_room((void **)&s->v, &s->cap, s->n, sizeof *s->v, 16))
		return !(s->oom = true);
	query_mapping_chair *c = &s->v[s->n++];
	memset(c, 0, sizeof *c);
	c->login = q_clean(w->login);
	c->name = q_clean(w->name);
	return !(s->oom = !c->login || !c->name);
}

static bool count_meeting(void *ctx, const cp_meeting *m)
{
	unsigned *n = ctx;
	*n += m->status != MEETING_CANCELLED;
	return true;
}

void query_mapping_chairs_free(query_mapping_chair *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].login);
		free(v[i].name);
	}
	free(v);
}

/* The chairs' meetings in the month, and their rows of its list. */
static cp_status count_chairs(casework *cw, store_txn *t, cp_date month,
                              chairs_scan *s, cp_error *err)
{
	cp_date last;
	int y, m, d;
	date_to_ymd(month, &y, &m, &d);
	date_from_ymd(y, m, date_days_in_month(y, m), &last);
	lists_mapping_due *v = NULL;
	size_t n = 0;
	cp_status st = lists_mapping_due_txn(cw, t, month, &v, &n, err);
	for (size_t i = 0; st == CP_OK && i < s->n; i++) {
		query_mapping_chair *c = &s->v[i];
		st = store_meetings_for_chair(t, c->login, month, last, 0,
		                              count_meeting, &c->conferences, err);
		for (size_t j = 0; st == CP_OK && j < n; j++)
			if (!strcmp(v[j].chair, c->login)) {
				c->allocated += v[j].state == MAPPING_ALLOCATED;
				c->done += v[j].state == MAPPING_DONE;
			}
	}
	lists_mapping_due_free(v, n);
	return st;
}

cp_status query_mapping_chairs(casework *cw, cp_date month,
                               query_mapping_chair **out, size_t *n,
                               cp_error *err)
{
	store_txn *t;
	chairs_scan s = { 0 };
	*out = NULL;
	*n = 0;
	month = lists_month_first(month);
	CP_TRY(q_read(cw, &t, err));
	cp_status st = store_worker_list(t, take_cp_chair, &s, err);
	if (st == CP_OK && s.oom)
		st = cp_oom(err);
	if (st == CP_OK)
		st = count_chairs(cw, t, month, &s, err);
	store_read_end(t);
	if (st != CP_OK) {
		query_mapping_chairs_free(s.v, s.n);
		return st;
	}
	*out = s.v;
	*n = s.n;
	return CP_OK;
}

cp_status query_list(casework *cw, policy_list_kind kind, cp_date date,
                     cp_date today, const char *where, list_table *out,
                     cp_error *err)
{
	CP_TRY(lists_build(cw, kind, date, today, out, err));
	q_ids ids = { 0 };
	cp_status st = CP_OK;
	/* every child a row names: a family meeting's row, those the reader
	 * sees, split from "C1,C2" into a copy (q_ids borrows) */
	char *split = NULL;
	size_t total = 1;
	for (size_t i = 0; i < out->nrows; i++)
		total += strlen(out->rows[i].children) + 1;
	if (!(split = malloc(total)))
		st = cp_oom(err);
	char *at = split;
	for (size_t i = 0; st == CP_OK && i < out->nrows; i++) {
		const list_row *r = &out->rows[i];
		if (!*r->children) {
			st = q_ids_add(&ids, r->child_id, err);
			continue;
		}
		strcpy(at, r->children);
		for (char *p = at, *e; st == CP_OK && p; p = e) {
			if ((e = strchr(p, ',')))
				*e++ = '\0';
			st = q_ids_add(&ids, p, err);
		}
		at += strlen(r->children) + 1;
	}
	if (st == CP_OK)
		st = q_ids_note(cw, where, &ids, err);
	free(ids.v);
	free(split);
	if (st != CP_OK)
		list_table_free(out);
	return st;
}

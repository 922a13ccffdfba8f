/* query_family.c - households, and whether the actor may act on a child
 * (query.h).  A household is seen through its children: by whoever sees
 * one of them, and by those who may add children (who put children in
 * households).  Its other children are neither named nor counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_priv.h"
#include "text.h"
#include "vec.h"

void query_families_free(query_families *q)
{
	for (size_t i = 0; i < q->n; i++)
		cp_family_free(&q->v[i].family);
	free(q->v);
	memset(q, 0, sizeof *q);
}

void query_family_record_free(query_family_record *r)
{
	cp_family_free(&r->f.family);
	query_children_free(&r->children);
	memset(r, 0, sizeof *r);
}

/* The children of one household the actor sees: counted, and with
 * `keep` kept (sanitised, with their social workers' names). */
typedef struct fscan {
	casework *cw;
	store_txn *t;
	size_t seen;
	query_children *keep;    /* NULL: count only */
	cp_status st;
	cp_error *err;
} fscan;

static bool take_member(void *ctx, const cp_child *c)
{
	fscan *s = ctx;
	if (!permit_sees_child(s->cw->pm, s->t, c))
		return true;
	s->seen++;
	if (s->keep)
		s->st = q_children_push(s->keep, s->t, c, s->err);
	return s->st == CP_OK;
}

static cp_status members(fscan *s, const char *family_id)
{
	cp_status st = store_children_of_family(s->t, family_id, take_member,
	                                        s, s->err);
	return st != CP_OK ? st : s->st;
}

/* Does the actor see households they have no child of? */
static bool sees_every_family(casework *cw)
{
	return permit_sees_all(cw->pm) ||
	       permit_allows(cw->pm, ACCESS_ADD_CHILDREN);
}

/* ---- the list ---------------------------------------------------------- */
typedef struct lscan {
	casework *cw;
	store_txn *t;
	query_families *out;
	cp_status st;
	cp_error *err;
} lscan;

static cp_status push_family(lscan *s, const cp_family *f, size_t seen)
{
	query_families *q = s->out;
	if (!vec_room((void **)&q->v, &q->cap, q->n, sizeof *q->v, 16))
		return cp_oom(s->err);
	query_family *row = &q->v[q->n];
	memset(row, 0, sizeof *row);
	CP_TRY(cp_family_copy(&row->family, f, s->err));
	if (!q_clean_in_place(&row->family.id) ||
	    !q_clean_in_place(&row->family.name)) {
		cp_family_free(&row->family);
		return cp_oom(s->err);
	}
	row->children = seen;
	q->n++;
	return CP_OK;
}

static bool take_family(void *ctx, const cp_family *f)
{
	lscan *s = ctx;
	fscan m = { .cw = s->cw, .t = s->t, .st = CP_OK, .err = s->err };
	s->st = members(&m, f->id);
	if (s->st == CP_OK && (m.seen || sees_every_family(s->cw)))
		s->st = push_family(s, f, m.seen);
	return s->st == CP_OK;
}

cp_status query_family_list(casework *cw, query_families *out,
                            cp_error *err)
{
	memset(out, 0, sizeof *out);
	lscan s = { .cw = cw, .out = out, .st = CP_OK, .err = err };
	CP_TRY(q_read(cw, &s.t, err));
	cp_status st = store_families_all(s.t, take_family, &s, err);
	if (st == CP_OK)
		st = s.st;
	store_read_end(s.t);
	if (st != CP_OK)
		query_families_free(out);
	return st;
}

/* ---- one household ----------------------------------------------------- */
static cp_status no_family(const char *id, cp_error *err)
{
	return cp_fail(err, CP_BADINPUT, "no family '%s' in this store "
	               "(cpdesk family list shows them)", text_or_empty(id));
}

/* Read in t: the household, and its children seen (kept with keep). */
static cp_status family_in(casework *cw, store_txn *t, const char *id,
                           bool keep, query_family_record *out,
                           cp_error *err)
{
	cp_family f;
	bool found = false;
	memset(&f, 0, sizeof f);
	if (!model_id_valid(text_or_empty(id), false))
		return no_family(id, err);
	CP_TRY(store_family_get(t, id, &f, &found, err));
	fscan m = { .cw = cw, .t = t, .keep = keep ? &out->children : NULL,
	            .st = CP_OK, .err = err };
	cp_status st = found ? members(&m, id) : no_family(id, err);
	if (st == CP_OK && !m.seen && !sees_every_family(cw))
		st = no_family(id, err);
	if (st == CP_OK) {
		out->f.family = f;
		out->f.children = m.seen;
		memset(&f, 0, sizeof f);
		if (!q_clean_in_place(&out->f.family.id) ||
		    !q_clean_in_place(&out->f.family.name))
			st = cp_oom(err);
	}
	cp_family_free(&f);
	return st;
}

cp_status query_family_get(casework *cw, const char *id, bool children,
                           const char *where, query_family_record *out,
                           cp_error *err)
{
	memset(out, 0, sizeof *out);
	store_txn *t;
	CP_TRY(q_read(cw, &t, err));
	cp_status st = family_in(cw, t, id, children, out, err);
	store_read_end(t);
	q_ids ids = { 0 };
	for (size_t i = 0; st == CP_OK && i < out->children.n; i++)
		st = q_ids_add(&ids, out->children.v[i].child.id, err);
	if (st == CP_OK)
		st = q_ids_note(cw, where, &ids, err);
	free(ids.v);
	if (st != CP_OK)
		query_family_record_free(out);
	return st;
}

/* ---- acting on a child ------------------------------------------------- */
cp_status query_child_may(casework *cw, const char *id, access_action act,
                          cp_error *err)
{
	store_txn *t;
	cp_child c;
	bool found = false;
	memset(&c, 0, sizeof c);
	CP_TRY(q_read(cw, &t, err));
	cp_status st = store_child_get(t, text_or_empty(id), &c, &found, err);
	if (st == CP_OK && (!found || !permit_sees_child(cw->pm, t, &c)))
		st = cp_fail(err, CP_BADINPUT, "no child '%s' in this store",
		             text_or_empty(id));
	if (st == CP_OK)
		st = permit_child(cw->pm, t, act, &c, err);
	store_read_end(t);
	cp_child_free(&c);
	return st;
}

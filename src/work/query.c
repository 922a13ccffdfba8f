/* query.c - the read seam's common parts: the read audit and its memo,
 * sanitised records, who is acting, and the staff (query.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_priv.h"
#include "text.h"
#include "vec.h"

cp_status q_read(casework *cw, store_txn **t, cp_error *err)
{
	return store_read_begin(cw->st, t, err);
}

/* ---- sanitised copies -------------------------------------------------- */
char *q_clean(const char *s)
{
	return text_sanitize_dup(text_or_empty(s));
}

bool q_clean_in_place(char **s)
{
	char *c = q_clean(*s);
	if (!c)
		return false;
	free(*s);
	*s = c;
	return true;
}

/* Each of a record's strings, until one fails. */
static cp_status clean_all(char **const *fields, size_t n, cp_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (!q_clean_in_place(fields[i]))
			return cp_oom(err);
	return CP_OK;
}
#define CLEAN(err, ...)                                                   \
	clean_all((char **const[]){ __VA_ARGS__ },                         \
	          sizeof((char **const[]){ __VA_ARGS__ }) / sizeof(char **), err)

cp_status q_clean_worker(cp_worker *w, cp_error *err)
{
	return CLEAN(err, &w->login, &w->name, &w->team, &w->manager,
	             &w->email);
}

cp_status q_clean_child(cp_child *c, cp_error *err)
{
	for (size_t i = 0; i < c->nepisodes; i++)
		CP_TRY(CLEAN(err, &c->episodes[i].end_reason));
	return CLEAN(err, &c->id, &c->name, &c->social_worker, &c->family_id);
}

cp_status q_clean_meeting(cp_meeting *m, cp_error *err)
{
	cp_outcome *o = &m->outcome;
	for (size_t i = 0; i < m->nanchors; i++)
		text_sanitize(m->anchors[i].name, m->anchors[i].name,
		              sizeof m->anchors[i].name);
	return CLEAN(err, &m->child_id, &m->type, &m->chair, &m->minute_taker,
	             &m->reason, &m->approved_by, &o->decision, &o->attendees,
	             &o->reports, &o->views_missing, &o->summary);
}

cp_status q_clean_task(cp_task *k, cp_error *err)
{
	return CLEAN(err, &k->child_id, &k->step_id, &k->title, &k->assignee,
	             &k->done_by, &k->note);
}

cp_status q_clean_report(cp_report *r, cp_error *err)
{
	return CLEAN(err, &r->agency);
}

cp_status q_clean_consult(cp_consult *c, cp_error *err)
{
	return CLEAN(err, &c->kind, &c->chair, &c->child_id, &c->social_worker,
	             &c->decision, &c->notes);
}

cp_status q_clean_audit(cp_audit *a, cp_error *err)
{
	return CLEAN(err, &a->login, &a->action, &a->object, &a->child_id,
	             &a->before, &a->after);
}

/* ---- names ------------------------------------------------------------- */
char *q_worker_name(store_txn *t, const char *login)
{
	if (!text_nonempty(login) || login[0] == '@')
		return q_clean(login);
	cp_worker w = { 0 };
	bool found = false;
	cp_error e;
	char *name = NULL;
	if (store_worker_get(t, login, &w, &found, &e) == CP_OK && found &&
	    text_nonempty(w.name))
		name = q_clean(w.name);
	else
		name = q_clean(login);
	cp_worker_free(&w);
	return name;
}

char *q_child_name(casework *cw, store_txn *t, const char *id, bool *seen)
{
	cp_child c = { 0 };
	bool found = false;
	cp_error e;
	bool ok = store_child_get(t, id, &c, &found, &e) == CP_OK && found &&
	          permit_sees_child(cw->pm, t, &c);
	char *name = q_clean(ok && text_nonempty(c.name) ? c.name : id);
	if (seen)
		*seen = ok;
	cp_child_free(&c);
	return name;
}

/* ---- the read audit ---------------------------------------------------- */
/* The last reads each screen recorded in this session, and, while reads
 * are deferred, those not yet written. */
typedef struct memo_entry {
	char where[80];
	uint64_t hash;
} memo_entry;

typedef struct pending_read {
	char child_id[MODEL_ID_MAX + 1];
	uint64_t meeting_id;
	char how[65];
} pending_read;

typedef struct read_memo {
	memo_entry *v;
	size_t n, cap;
	bool defer;
	pending_read *p;
	size_t np, capp;
} read_memo;

static void memo_free(void *vm)
{
	read_memo *m = vm;
	if (m) {
		free(m->v);
		free(m->p);
	}
	free(m);
}

void query_memo_free(casework *cw)
{
	memo_free(cw->read_memo);
	cw->read_memo = NULL;
}

static read_memo *memo_of(casework *cw)
{
	if (!cw->read_memo && (cw->read_memo = calloc(1, sizeof(read_memo))))
		cw->read_memo_free = memo_free;
	return cw->read_memo;
}

static int id_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct non-empty ids, sorted, into a new array; *n updated. */
static const char **distinct_ids(const char *const *ids, size_t *n)
{
	const char **v = malloc((*n ? *n : 1) * sizeof *v);
	size_t m = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < *n; i++)
		if (text_nonempty(ids[i]))
			v[m++] = ids[i];
	if (m > 1)
		qsort(v, m, sizeof *v, id_cmp);
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		if (!k || strcmp(v[k - 1], v[i]))
			v[k++] = v[i];
	*n = k;
	return v;
}

static uint64_t ids_hash(const char *const *ids, size_t n, uint64_t meeting)
{
	uint64_t h = model_hash(&meeting, sizeof meeting);
	for (size_t i = 0; i < n; i++) {
		uint64_t x = model_hash(ids[i], strlen(ids[i]) + 1);
		h = (h ^ x) * 0x100000001b3ULL;
	}
	return h ? h : 1;
}

/* The memo's entry for key (added when absent); NULL on out of memory. */
static memo_entry *memo_slot(read_memo *m, const char *key)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->v[i].where, key))
			return &m->v[i];
	if (!vec_room((void **)&m->v, &m->cap, m->n, sizeof *m->v, 8))
		return NULL;
	memo_entry *e = &m->v[m->n++];
	memset(e, 0, sizeof *e);
	snprintf(e->where, sizeof e->where, "%s", key);
	return e;
}

/* Keep reads to write at the next query_flush_reads. */
static cp_status defer_reads(read_memo *m, const cw_read *r, size_t n,
                             cp_error *err)
{
	if (!vec_reserve((void **)&m->p, &m->capp, m->np + n, sizeof *m->p, 32))
		return cp_oom(err);
	for (size_t i = 0; i < n; i++) {
		pending_read *p = &m->p[m->np++];
		snprintf(p->child_id, sizeof p->child_id, "%s", r[i].child_id);
		snprintf(p->how, sizeof p->how, "%s", r[i].how);
		p->meeting_id = r[i].meeting_id;
	}
	return CP_OK;
}

/* Record reads[0..n) under key unless the session last recorded the same
 * (hash) there: now, or at the next flush while reads are deferred. */
static cp_status note_reads(casework *cw, const char *key, uint64_t hash,
                            const cw_read *reads, size_t n, cp_error *err)
{
	read_memo *m = memo_of(cw);
	memo_entry *e = m ? memo_slot(m, key) : NULL;
	if (!e)
		return cp_oom(err);
	if (e->hash == hash || n == 0)
		return CP_OK;
	if (m->defer)
		CP_TRY(defer_reads(m, reads, n, err));
	else
		CP_TRY(casework_reads_record(cw, reads, n, err));
	e->hash = hash;
	return CP_OK;
}

cp_status q_note_record(casework *cw, const char *where, const char *child_id,
                        uint64_t meeting_id, cp_error *err)
{
	char key[96];
	snprintf(key, sizeof key, "%s:%s", meeting_id ? "meeting" : "child", where);
	const char *ids[1] = { child_id };
	cw_read r = { child_id, meeting_id, where };
	return note_reads(cw, key, ids_hash(ids, 1, meeting_id), &r, 1, err);
}

cp_status query_note_children(casework *cw, const char *where,
                              const char *const *ids, size_t n,
                              cp_error *err)
{
	const char **v = distinct_ids(ids, &n);
	cw_read *r = malloc((n ? n : 1) * sizeof *r);
	cp_status st = v && r ? CP_OK : cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < n; i++)
		r[i] = (cw_read){ v[i], 0, where };
	if (st == CP_OK && n)
		st = note_reads(cw, where, ids_hash(v, n, 0), r, n, err);
	free(r);
	free(v);
	return st;
}

void query_defer_reads(casework *cw, bool defer)
{
	read_memo *m = memo_of(cw);
	if (m)
		m->defer = defer;
}

cp_status query_flush_reads(casework *cw, cp_error *err)
{
	read_memo *m = cw->read_memo;
	if (!m || !m->np)
		return CP_OK;
	cw_read *r = malloc(m->np * sizeof *r);
	if (!r)
		return cp_oom(err);
	for (size_t i = 0; i < m->np; i++)
		r[i] = (cw_read){ m->p[i].child_id, m->p[i].meeting_id, m->p[i].how };
	cp_status st = casework_reads_record(cw, r, m->np, err);
	free(r);
	if (st == CP_OK)
		m->np = 0;
	return st;
}

cp_status q_ids_add(q_ids *ids, const char *id, cp_error *err)
{
	if (!text_nonempty(id))
		return CP_OK;
	if (!vec_room((void **)&ids->v, &ids->cap, ids->n, sizeof *ids->v, 32))
		return cp_oom(err);
	ids->v[ids->n++] = id;
	return CP_OK;
}

cp_status q_ids_note(casework *cw, const char *where, q_ids *ids,
                     cp_error *err)
{
	cp_status st = query_note_children(cw, where, ids->v, ids->n, err);
	free(ids->v);
	memset(ids, 0, sizeof *ids);
	return st;
}

/* ---- who is acting ----------------------------------------------------- */
static void pools_of(const policy *p, query_me *me)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if ((me->worker.roles & ROLE_BIT(r)) && role_pool((cp_role)r))
			me->pools[me->npools++] = role_pool((cp_role)r);
	/* the allocators (the policy's diary): steps of meetings with no
	 * chair or minute taker yet */
	if (me->worker.roles & p->diary.allocate) {
		me->pools[me->npools++] = POOL_CHAIR;
		me->pools[me->npools++] = POOL_MINUTE_TAKER;
	}
}

/* The store's administrator who is not a worker: no queue of their own,
 * every case to see (a name given with --as must be a worker). */
static cp_status admin_me(casework *cw, query_me *me, cp_error *err)
{
	cp_worker *w = &me->worker;
	if (!(w->login = q_clean(cw->actor)) || !(w->name = q_clean(cw->actor)) ||
	    !(w->team = strdup("")) || !(w->manager = strdup("")))
		return cp_oom(err);
	return CP_OK;
}

static cp_status not_a_worker(casework *cw, cp_error *err)
{
	char clean[MODEL_ID_MAX + 1];
	text_sanitize(cw->actor, clean, sizeof clean);
	return cp_fail(err, CP_REFUSED, "no worker '%s' in the store at %s: "
	               "ask your QA administrator to add you (cpdesk worker add)",
	               clean, store_path(cw->st));
}

cp_status query_me_get(casework *cw, query_me *out, cp_error *err)
{
	store_txn *t;
	bool found = false;
	memset(out, 0, sizeof *out);
	CP_TRY(q_read(cw, &t, err));
	cp_status st = store_worker_get(t, cw->actor, &out->worker, &found, err);
	store_read_end(t);
	CP_TRY(st);
	out->is_worker = found;
	if (found)
		st = q_clean_worker(&out->worker, err);
	else if (cw->pm && permit_who(cw->pm)->admin &&
	         !strcmp(cw->actor, permit_real_login(cw->pm)))
		st = admin_me(cw, out, err);
	else
		st = not_a_worker(cw, err);
	if (st == CP_OK)
		pools_of(cw->pol, out);
	else
		query_me_free(out);
	return st;
}

void query_me_free(query_me *me)
{
	cp_worker_free(&me->worker);
	memset(me, 0, sizeof *me);
}

/* ---- staff ------------------------------------------------------------- */
cp_status query_worker(casework *cw, const char *login, cp_worker *out,
                       bool *found, cp_error *err)
{
	store_txn *t;
	*found = false;
	memset(out, 0, sizeof *out);
	if (!model_id_valid(login, false))
		return CP_OK;
	CP_TRY(q_read(cw, &t, err));
	cp_status st = store_worker_get(t, login, out, found, err);
	store_read_end(t);
	if (st == CP_OK && *found && (st = q_clean_worker(out, err)) != CP_OK)
		cp_worker_free(out);
	return st;
}

typedef struct worker_scan {
	role_set roles;
	bool current;
	cp_worker_vec *out;
	cp_status st;
	cp_error *err;
} worker_scan;

static bool take_worker(void *ctx, const cp_worker *w)
{
	worker_scan *s = ctx;
	if ((s->roles && !(w->roles & s->roles)) || (s->current && w->left))
		return true;
	s->st = cp_worker_vec_push(s->out, w, s->err);
	if (s->st == CP_OK)
		s->st = q_clean_worker(&s->out->v[s->out->n - 1], s->err);
	return s->st == CP_OK;
}

cp_status query_workers(casework *cw, role_set roles, bool current,
                        cp_worker_vec *out, cp_error *err)
{
	store_txn *t;
	worker_scan s = { roles, current, out, CP_OK, err };
	memset(out, 0, sizeof *out);
	CP_TRY(q_read(cw, &t, err));
	cp_status st = store_worker_list(t, take_worker, &s, err);
	store_read_end(t);
	if (st == CP_OK)
		st = s.st;
	if (st != CP_OK)
		cp_worker_vec_free(out);
	return st;
}

cp_status query_worker_names(casework *cw, const char *const *logins,
                             size_t n, char **names, cp_error *err)
{
	store_txn *t;
	memset(names, 0, n * sizeof *names);
	CP_TRY(q_read(cw, &t, err));
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < n; i++)
		if (!(names[i] = q_worker_name(t, logins[i])))
			st = cp_oom(err);
	store_read_end(t);
	for (size_t i = 0; st != CP_OK && i < n; i++) {
		free(names[i]);
		names[i] = NULL;
	}
	return st;
}

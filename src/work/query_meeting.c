/* query_meeting.c - meetings: a span of the diary, one meeting in full,
 * its reports (query.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting_children.h"
#include "query_priv.h"
#include "text.h"
#include "vec.h"

/* ---- one row ----------------------------------------------------------- */
void q_meeting_row_free(query_meeting *row)
{
	cp_meeting_free(&row->meeting);
	free(row->child_name);
	free(row->children);
	free(row->chair_name);
	free(row->minute_taker_name);
	memset(row, 0, sizeof *row);
}

static bool count_report(void *ctx, const cp_report *r)
{
	query_meeting *row = ctx;
	row->reports_expected++;
	row->reports_in += r->received != CP_DATE_NONE;
	return true;
}

static bool count_open(void *ctx, const cp_task *k)
{
	query_meeting *row = ctx;
	row->open_tasks += k->status == TASK_OPEN;
	return true;
}

/* Keep of a family meeting's children only those seen (k), the first
 * as its child, with their decisions. */
static cp_status keep_seen(cp_meeting *m, const meeting_children *k,
                           cp_error *err)
{
	char *first = strdup(k->n ? k->id[0] : "");
	if (!first)
		return cp_oom(err);
	for (size_t i = 0; i < m->nsiblings; i++)
		free(m->siblings[i]);
	m->nsiblings = 0;
	for (size_t i = 1; i < k->n; i++)
		if (!(m->siblings[m->nsiblings++] = strdup(k->id[i]))) {
			m->nsiblings--;
			free(first);
			return cp_oom(err);
		}
	size_t kept = 0;
	cp_outcome *o = &m->outcome;
	for (size_t i = 0; i < o->ndecisions; i++) {
		bool seen = false;
		for (size_t j = 0; j < k->n; j++)
			seen |= !strcmp(o->decisions[i].child_id, k->id[j]);
		if (seen)
			o->decisions[kept++] = o->decisions[i];
		else
			free(o->decisions[i].child_id);
	}
	o->ndecisions = kept;
	free(m->child_id);
	m->child_id = first;
	return CP_OK;
}

/* The children of a family meeting, as the reader sees them. */
static cp_status family_of(casework *cw, store_txn *t, const cp_meeting *m,
                           query_meeting *row, cp_error *err)
{
	meeting_children k;
	CP_TRY(meeting_children_get(cw->pm, t, m, &k, err));
	char *names = meeting_children_names(&k);
	cp_status st = names ? CP_OK : cp_oom(err);
	if (st == CP_OK && !(row->children = q_clean(names)))
		st = cp_oom(err);
	if (st == CP_OK && !(row->child_name = q_clean(k.n ? k.name[0] : "")))
		st = cp_oom(err);
	row->children_hidden = k.hidden;
	if (st == CP_OK && k.hidden)
		st = keep_seen(&row->meeting, &k, err);
	free(names);
	meeting_children_free(&k);
	return st;
}

cp_status q_meeting_row(casework *cw, store_txn *t, const cp_meeting *m,
                        bool with_counts, query_meeting *row, cp_error *err)
{
	memset(row, 0, sizeof *row);
	CP_TRY(cp_meeting_copy(&row->meeting, m, err));
	cp_status st = q_clean_meeting(&row->meeting, err);
	if (st == CP_OK && m->nsiblings)
		st = family_of(cw, t, m, row, err);
	else if (st == CP_OK &&
	         (!(row->child_name = q_child_name(cw, t, m->child_id, NULL)) ||
	          !(row->children = strdup(row->child_name))))
		st = cp_oom(err);
	if (st == CP_OK &&
	    (!(row->chair_name = q_worker_name(t, m->chair)) ||
	     !(row->minute_taker_name = q_worker_name(t, m->minute_taker))))
		st = cp_oom(err);
	if (st == CP_OK && with_counts)
		st = store_reports_for_meeting(t, m->id, count_report, row, err);
	if (st == CP_OK && with_counts)
		st = store_tasks_for_meeting(t, m->id, count_open, row, err);
	if (st != CP_OK)
		q_meeting_row_free(row);
	return st;
}

void query_meetings_free(query_meetings *q)
{
	for (size_t i = 0; i < q->n; i++)
		q_meeting_row_free(&q->v[i]);
	free(q->v);
	memset(q, 0, sizeof *q);
}

/* ---- a span ------------------------------------------------------------ */
typedef struct mscan {
	casework *cw;
	store_txn *t;
	const query_meeting_filter *f;
	query_meetings *out;
	cp_status st;
	cp_error *err;
} mscan;

static bool take_meeting(void *ctx, const cp_meeting *m)
{
	mscan *s = ctx;
	const query_meeting_filter *f = s->f;
	if (m->date < f->from || m->date > f->to ||
	    (f->child_id && strcmp(f->child_id, m->child_id)) ||
	    !permit_sees_meeting(s->cw->pm, s->t, m))
		return true;
	if (f->limit && s->out->n >= f->limit) {
		s->out->more = true;
		return false;
	}
	query_meetings *q = s->out;
	if (!vec_room((void **)&q->v, &q->cap, q->n, sizeof *q->v, 32)) {
		s->st = cp_oom(s->err);
		return false;
	}
	s->st = q_meeting_row(s->cw, s->t, m, f->counts, &q->v[q->n], s->err);
	if (s->st != CP_OK)
		return false;
	q->n++;
	return true;
}

static bool takes_part(const char *login, const cp_meeting *m)
{
	return *login && (!strcmp(login, m->chair) ||
	                  !strcmp(login, m->minute_taker));
}

/* Why meeting i clashes with another read ("" when it does not): its
 * chair has more meetings that day than the diary allows (Hounslow's
 * procedure, 002: one a day), or its chair or minute taker is in another
 * meeting at an overlapping time. */
static void clash_of(const policy_diary *d, query_meetings *q, size_t i)
{
	const cp_meeting *a = &q->v[i].meeting;
	char *why = q->v[i].clash;
	int chaired = 1;
	if (a->status != MEETING_SCHEDULED)
		return;
	for (size_t j = 0; j < q->n; j++) {
		const cp_meeting *b = &q->v[j].meeting;
		if (j == i || b->date != a->date ||
		    b->status != MEETING_SCHEDULED)
			continue;
		chaired += *a->chair && !strcmp(a->chair, b->chair);
		if (!policy_diary_overlap(d, a->minutes, b->minutes))
			continue;
		if (takes_part(a->chair, b))
			snprintf(why, QUERY_CLASH_MAX, "chair double-booked");
		else if (takes_part(a->minute_taker, b) && !*why)
			snprintf(why, QUERY_CLASH_MAX, "minute taker double-booked");
	}
	if (!*why && chaired > d->per_chair_per_day)
		snprintf(why, QUERY_CLASH_MAX, "chair has %d that day (most %d)",
		         chaired, d->per_chair_per_day);
}

static void mark_clashes(const policy_diary *d, query_meetings *q)
{
	for (size_t i = 0; i < q->n; i++)
		clash_of(d, q, i);
}

static cp_status scan_meetings(mscan *s)
{
	const query_meeting_filter *f = s->f;
	cp_status st;
	if (f->child_id)
		st = store_meetings_for_child(s->t, f->child_id, take_meeting, s,
		                              s->err);
	else if (f->chair)
		st = store_meetings_for_chair(s->t, f->chair, f->from, f->to, 0,
		                              take_meeting, s, s->err);
	else
		st = store_meetings_between(s->t, f->from, f->to, 0, take_meeting,
		                            s, s->err);
	return st != CP_OK ? st : s->st;
}

static cp_status note_meetings(casework *cw, const char *where,
                               const query_meetings *q, cp_error *err)
{
	q_ids ids = { 0 };
	for (size_t i = 0; i < q->n; i++)
		if (q_ids_add(&ids, q->v[i].meeting.child_id, err) != CP_OK) {
			free(ids.v);
			return CP_FAILED;
		}
	return q_ids_note(cw, where, &ids, err);
}

cp_status query_meeting_list(casework *cw, const query_meeting_filter *f,
                             const char *where, query_meetings *out,
                             cp_error *err)
{
	memset(out, 0, sizeof *out);
	mscan s = { .cw = cw, .f = f, .out = out, .st = CP_OK, .err = err };
	CP_TRY(q_read(cw, &s.t, err));
	cp_status st = scan_meetings(&s);
	store_read_end(s.t);
	if (st == CP_OK) {
		mark_clashes(&cw->pol->diary, out);
		st = note_meetings(cw, where, out, err);
	}
	if (st != CP_OK)
		query_meetings_free(out);
	return st;
}

/* ---- one meeting in full ------------------------------------------------ */
void query_meeting_record_free(query_meeting_record *r)
{
	q_meeting_row_free(&r->m);
	free(r->type_title);
	cp_child_free(&r->child);
	free(r->sw_name);
	free(r->tm_login);
	free(r->tm_name);
	query_tasks_free(&r->tasks);
	cp_report_vec_free(&r->reports);
	memset(r, 0, sizeof *r);
}

typedef struct rscan {
	store_txn *t;
	query_meeting_record *r;
	cp_status st;
	cp_error *err;
} rscan;

static bool take_report(void *ctx, const cp_report *rep)
{
	rscan *s = ctx;
	s->st = cp_report_vec_push(&s->r->reports, rep, s->err);
	if (s->st == CP_OK)
		s->st = q_clean_report(&s->r->reports.v[s->r->reports.n - 1],
		                       s->err);
	return s->st == CP_OK;
}

static bool take_task(void *ctx, const cp_task *k)
{
	rscan *s = ctx;
	query_tasks *q = &s->r->tasks;
	s->st = q_tasks_push(q, k, s->err);
	if (s->st == CP_OK) {
		query_task *row = &q->v[q->n - 1];
		free(row->assignee_name);
		if (!(row->assignee_name = q_worker_name(s->t, k->assignee)))
			s->st = cp_oom(s->err);
	}
	return s->st == CP_OK;
}

/* The child, their social worker and team manager. */
static cp_status read_people(store_txn *t, query_meeting_record *r,
                             cp_error *err)
{
	bool found = false;
	cp_worker sw = { 0 };
	CP_TRY(store_child_get(t, r->m.meeting.child_id, &r->child, &found, err));
	if (!found)
		cp_child_init(&r->child);
	CP_TRY(q_clean_child(&r->child, err));
	if (!(r->sw_name = q_worker_name(t, r->child.social_worker)))
		return cp_oom(err);
	CP_TRY(store_worker_get(t, r->child.social_worker, &sw, &found, err));
	r->tm_login = q_clean(found ? sw.manager : "");
	cp_worker_free(&sw);
	if (!r->tm_login || !(r->tm_name = q_worker_name(t, r->tm_login)))
		return cp_oom(err);
	return CP_OK;
}

static cp_status read_record(casework *cw, store_txn *t, uint64_t id,
                             query_meeting_record *r, cp_error *err)
{
	cp_meeting m;
	bool found = false;
	CP_TRY(store_meeting_get(t, id, &m, &found, err));
	/* only what the reader may see is shown (and recorded); a meeting
	 * of a child they may not see is answered as one not there */
	bool hidden = !found;
	cp_status st = found ? permit_meeting(cw->pm, t, PERMIT_SEE, &m, err)
	                     : CP_OK;
	if (st == CP_REFUSED)
		st = permit_hides(cw->pm, t, m.child_id, &hidden, err);
	if (st == CP_OK && hidden)
		st = cp_fail(err, CP_BADINPUT, "no meeting %llu in the store",
		             (unsigned long long)id);
	if (st == CP_OK)
		st = q_meeting_row(cw, t, &m, true, &r->m, err);
	if (found)
		cp_meeting_free(&m);
	CP_TRY(st);
	const policy_meeting *pm = policy_meeting_find(cw->pol, r->m.meeting.type);
	if (!(r->type_title = q_clean(pm && text_nonempty(pm->title)
	                              ? pm->title : r->m.meeting.type)))
		return cp_oom(err);
	CP_TRY(read_people(t, r, err));
	rscan s = { t, r, CP_OK, err };
	CP_TRY(store_tasks_for_meeting(t, id, take_task, &s, err));
	CP_TRY(s.st);
	CP_TRY(store_reports_for_meeting(t, id, take_report, &s, err));
	return s.st;
}

cp_status query_meeting_get(casework *cw, uint64_t id, const char *where,
                            query_meeting_record *out, cp_error *err)
{
	memset(out, 0, sizeof *out);
	store_txn *t;
	CP_TRY(q_read(cw, &t, err));
	cp_status st = read_record(cw, t, id, out, err);
	store_read_end(t);
	/* On the record before it is returned: no record, no show; for a
	 * family meeting each child whose record is shown. */
	const cp_meeting *m = &out->m.meeting;
	if (st == CP_OK)
		st = q_note_record(cw, where, m->child_id, id, err);
	for (size_t i = 0; st == CP_OK && i < m->nsiblings; i++)
		st = q_note_record(cw, where, m->siblings[i], id, err);
	if (st != CP_OK)
		query_meeting_record_free(out);
	return st;
}

cp_status query_reports(casework *cw, uint64_t meeting_id,
                        cp_report_vec *out, cp_error *err)
{
	store_txn *t;
	cp_meeting m;
	bool found = false;
	memset(out, 0, sizeof *out);
	CP_TRY(q_read(cw, &t, err));
	cp_status st = store_meeting_get(t, meeting_id, &m, &found, err);
	bool seen = st == CP_OK && found && permit_sees_meeting(cw->pm, t, &m);
	if (st == CP_OK && found)
		cp_meeting_free(&m);
	query_meeting_record r = { 0 };
	rscan s = { t, &r, CP_OK, err };
	if (st == CP_OK && seen)
		st = store_reports_for_meeting(t, meeting_id, take_report, &s, err);
	store_read_end(t);
	if (st == CP_OK)
		st = s.st;
	if (st == CP_OK)
		*out = r.reports;
	else
		cp_report_vec_free(&r.reports);
	return st;
}

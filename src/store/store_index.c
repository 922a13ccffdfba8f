/* store_index.c - index entries: what each record implies in the index
 * databases (ix_child, ix_meeting, ix_task, ix_consult, ix_audit, and
 * ix_rec_entries for a record as stored), writing only the entries
 * that differ (ix_update), and the keys of the open-task queue, whose
 * design is described here. */
#include <string.h>

#include "codec.h"
#include "text.h"
#include "store_priv.h"

/* ---- index entries ----------------------------------------------------- */
static void ix_str_key(ixent *e, int db, const char *s)
{
	e->db = db;
	e->kl = strlen(s);
	memcpy(e->k, s, e->kl);
}

static void ix_id_key(ixent *e, int db, uint64_t id)
{
	e->db = db;
	e->kl = 8;
	codec_put_u64(e->k, id);
}

static void ix_date_id_val(ixent *e, cp_date d, uint64_t id)
{
	codec_put_date(e->v, d);
	codec_put_u64(e->v + 4, id);
	e->vl = 12;
}


/* Index entries of each record; a string key must be valid (checked at
 * put) or is left out when empty. */
static void ix_child_id_val(ixent *e, const cp_child *c)
{
	e->vl = strlen(c->id);
	memcpy(e->v, c->id, e->vl);
}

size_t ix_child(const cp_child *c, ixent *e)
{
	size_t n = 0;
	if (text_nonempty(c->social_worker)) {
		ix_str_key(&e[n], IX_CHILD_WORKER, c->social_worker);
		ix_child_id_val(&e[n++], c);
	}
	cp_date cin = child_since(c, EPISODE_CIN);
	if (cin != CP_DATE_NONE && !child_open_episode(c, EPISODE_CP) &&
	    !child_open_episode(c, EPISODE_LAC)) {
		e[n].db = IX_CHILD_CIN;
		e[n].kl = 4;
		codec_put_date(e[n].k, cin);
		ix_child_id_val(&e[n++], c);
	}
	if (text_nonempty(c->family_id)) {
		ix_str_key(&e[n], IX_CHILD_FAMILY, c->family_id);
		ix_child_id_val(&e[n++], c);
	}
	return n;
}

/* A date(4) -> id(8) entry. */
static void ix_date_id(ixent *e, int db, cp_date d, uint64_t id)
{
	e->db = db;
	e->kl = 4;
	codec_put_date(e->k, d);
	codec_put_u64(e->v, id);
	e->vl = 8;
}

size_t ix_meeting(const cp_meeting *m, ixent *e)
{
	size_t n = 0;
	ix_date_id(&e[n++], IX_MEETING_DATE, m->date, m->id);
	cp_date cad = m->cadence_exception ? m->cadence_by : CP_DATE_NONE;
	if (cad != CP_DATE_NONE)
		ix_date_id(&e[n++], IX_MEETING_MARKED, cad, m->id);
	if (m->moved_from != CP_DATE_NONE && m->moved_from != cad)
		ix_date_id(&e[n++], IX_MEETING_MARKED, m->moved_from, m->id);
	ix_str_key(&e[n], IX_MEETING_CHILD, m->child_id);
	ix_date_id_val(&e[n++], m->date, m->id);
	for (size_t i = 0; i < m->nsiblings && i + 1 < MEETING_CHILDREN_MAX; i++) {
		ix_str_key(&e[n], IX_MEETING_CHILD, m->siblings[i]);
		ix_date_id_val(&e[n++], m->date, m->id);
	}
	if (text_nonempty(m->chair)) {
		ix_str_key(&e[n], IX_MEETING_CHAIR, m->chair);
		ix_date_id_val(&e[n++], m->date, m->id);
	}
	if (text_nonempty(m->minute_taker)) {
		ix_str_key(&e[n], IX_MEETING_MINUTE_TAKER, m->minute_taker);
		ix_date_id_val(&e[n++], m->date, m->id);
	}
	return n;
}

/* The UTC day of a Unix time, held in a cp_date (clamped: far-off times
 * keep their order, which is all a range scan needs). */
static cp_date utc_day(int64_t t)
{
	int64_t d = t / 86400 - (t % 86400 < 0);
	if (d <= (int64_t)CP_DATE_NONE)
		return CP_DATE_NONE + 1;
	return d > INT32_MAX ? INT32_MAX : (cp_date)d;
}

/* An open task's assignee entry is its queue entry (ix.tasks.queue,
 * written by queue_sync), not one here. */
size_t ix_task(const cp_task *k, ixent *e)
{
	size_t n = 0;
	if (k->status != TASK_OPEN) {
		ix_str_key(&e[n], IX_TASK_ASSIGNEE, k->assignee);
		e[n].v[0] = (unsigned char)k->status;
		codec_put_date(e[n].v + 1, k->due);
		codec_put_u64(e[n].v + 5, k->id);
		e[n++].vl = 13;
	}
	ix_id_key(&e[n], IX_TASK_MEETING, k->meeting_id);
	codec_put_u64(e[n].v, k->id);
	e[n++].vl = 8;
	if (k->status == TASK_OPEN)
		ix_date_id(&e[n++], IX_TASK_OPEN_DUE, k->due, k->id);
	else if ((k->status == TASK_DONE || k->status == TASK_MISSED ||
	          k->status == TASK_NOT_NEEDED) && k->done_at != 0)
		/* by the day it was done, as stated (task record format 3) */
		ix_date_id(&e[n++], IX_TASK_DONE_DAY, k->done_on != CP_DATE_NONE
		           ? k->done_on : utc_day(k->done_at), k->id);
	return n;
}

size_t ix_consult(const cp_consult *c, ixent *e)
{
	size_t n = 0;
	ix_str_key(&e[n], IX_CONSULT_CHILD, c->child_id);
	ix_date_id_val(&e[n++], c->date, c->id);
	if (text_nonempty(c->chair)) {
		ix_str_key(&e[n], IX_CONSULT_CHAIR, c->chair);
		ix_date_id_val(&e[n++], c->date, c->id);
	}
	return n;
}

size_t ix_audit(const cp_audit *a, ixent *e)
{
	size_t n = 0;
	if (text_nonempty(a->login) && strlen(a->login) <= MODEL_ID_MAX) {
		ix_str_key(&e[n], IX_AUDIT_LOGIN, a->login);
		codec_put_u64(e[n].v, a->seq);
		e[n++].vl = 8;
	}
	if (text_nonempty(a->child_id) && strlen(a->child_id) <= MODEL_ID_MAX) {
		ix_str_key(&e[n], IX_AUDIT_CHILD, a->child_id);
		codec_put_u64(e[n].v, a->seq);
		e[n++].vl = 8;
	}
	return n;
}

static bool ix_same(const ixent *a, const ixent *b)
{
	return a->db == b->db && a->kl == b->kl && a->vl == b->vl &&
	       !memcmp(a->k, b->k, a->kl) && !memcmp(a->v, b->v, a->vl);
}

/* Replace index entries old[] by new[], touching only those that differ
 * (a task marked done changes one entry of two). */
cp_status ix_update(store_txn *t, const ixent *old, size_t nold,
                    const ixent *nw, size_t nnew, cp_error *err)
{
	for (size_t i = 0; i < nold; i++) {
		bool keep = false;
		for (size_t j = 0; j < nnew && !keep; j++)
			keep = ix_same(&old[i], &nw[j]);
		if (!keep && db_del(t, old[i].db, old[i].k, old[i].kl, old[i].v,
		                    old[i].vl, err) != CP_OK)
			return CP_FAILED;
	}
	for (size_t j = 0; j < nnew; j++) {
		bool had = false;
		for (size_t i = 0; i < nold && !had; i++)
			had = ix_same(&old[i], &nw[j]);
		if (!had && db_put(t, nw[j].db, nw[j].k, nw[j].kl, nw[j].v,
		                   nw[j].vl, MDB_NODUPDATA, err) != CP_OK)
			return CP_FAILED;
	}
	return CP_OK;
}

/* ---- the open-task queue (ix.tasks.queue) ------------------------------
 * Every queue (task list, the console, the calendar export) asks for one
 * person's open tasks.  In the tasks database those lie on pages spread
 * over the file (ids rise with time, not by person), and each names a
 * meeting on yet another page: at national scale a queue of 30 tasks
 * touched ~50 pages, and a page touched for the first time is what a
 * short-lived process pays for most.  So each open task is also kept
 * here, under assignee NUL due id, with what a queue line shows -- its
 * meeting's type and date included, its title and notes not (they would
 * make the index twice the size, and every switch and bulk load write
 * it): a queue is one short range.  The store keeps it on every task and
 * meeting write (queue_sync, queue_refresh_meeting: store_records.c);
 * rebuild_indexes makes it from the records; check-store compares every
 * entry with them.  Key: assignee NUL due(4) id(8) (QK_MAX at most).
 * Value: meeting id(8), meeting date(4), role(1), kind(1), then the
 * meeting type, child id and step id, each a length(2) and its bytes. */

size_t queue_key(unsigned char *k, const char *assignee, cp_date due,
                 uint64_t id)
{
	size_t n = strlen(assignee);
	memcpy(k, assignee, n);
	k[n] = 0;
	codec_put_date(k + n + 1, due);
	codec_put_u64(k + n + 5, id);
	return n + 13;
}

/* An open task's key, or 0 for any other (none in the queue). */
size_t queue_key_of(unsigned char *k, const cp_task *task)
{
	if (task->status != TASK_OPEN)
		return 0;
	return queue_key(k, task->assignee, task->due, task->id);
}

/* ---- a record as stored ------------------------------------------------ */
/* Index entries of the record in v of main database db (rebuilding and
 * checking the indexes).  For a task, *task_out (when not NULL) is given
 * the decoded task, to free; it is zeroed otherwise. */
cp_status ix_rec_entries(int db, const MDB_val *v, ixent *e, size_t *n,
                         cp_task *task_out, cp_error *err)
{
	if (task_out)
		memset(task_out, 0, sizeof *task_out);
	union { cp_child c; cp_meeting m; cp_task k; cp_consult o; cp_audit a; } u;
	*n = 0;
	switch (db) {
	case DB_CHILDREN:
		if (codec_decode_child(v->mv_data, v->mv_size, &u.c, err))
			return CP_FAILED;
		*n = ix_child(&u.c, e);
		cp_child_free(&u.c);
		break;
	case DB_MEETINGS:
		if (codec_decode_meeting(v->mv_data, v->mv_size, &u.m, err))
			return CP_FAILED;
		*n = ix_meeting(&u.m, e);
		cp_meeting_free(&u.m);
		break;
	case DB_TASKS:
		if (codec_decode_task(v->mv_data, v->mv_size, &u.k, err))
			return CP_FAILED;
		*n = ix_task(&u.k, e);
		if (task_out)
			*task_out = u.k;
		else
			cp_task_free(&u.k);
		break;
	case DB_CONSULTS:
		if (codec_decode_consult(v->mv_data, v->mv_size, &u.o, err))
			return CP_FAILED;
		*n = ix_consult(&u.o, e);
		cp_consult_free(&u.o);
		break;
	case DB_AUDIT:
		if (codec_decode_audit(v->mv_data, v->mv_size, &u.a, err))
			return CP_FAILED;
		*n = ix_audit(&u.a, e);
		cp_audit_free(&u.a);
		break;
	default:
		break;
	}
	return CP_OK;
}

const int ix_indexed_dbs[INDEXED_DB_COUNT] = {
	DB_CHILDREN, DB_MEETINGS, DB_TASKS, DB_CONSULTS, DB_AUDIT };

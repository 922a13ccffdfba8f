/* query_task.c - tasks as the queue and `task list` show them (query.h).
 *
 * A worker's open tasks come from the queue index (store schema 3) by
 * assignee and due date; done and cancelled ones from the task index.
 * Escalations and reminders are worked out from the date (escalate.h)
 * and added as rows of their own.  Meetings and children are looked up
 * once each, after the tasks are read, so a queue of thousands stays
 * fast. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate.h"
#include "query_priv.h"
#include "text.h"
#include "vec.h"

static const char *const group_names[QUERY_GROUP_COUNT] = {
	"Overdue", "Today", "This week", "Later",
};

int query_due_group(cp_date due, cp_date today)
{
	if (due < today)
		return QUERY_GROUP_OVERDUE;
	if (due == today)
		return QUERY_GROUP_TODAY;
	return due <= date_week_start(today) + 6 ? QUERY_GROUP_WEEK
	                                         : QUERY_GROUP_LATER;
}

const char *query_group_name(int group)
{
	return group >= 0 && group < QUERY_GROUP_COUNT ? group_names[group] : "?";
}

/* ---- rows -------------------------------------------------------------- */
cp_status q_task_row(query_task *row, const cp_task *k, cp_error *err)
{
	memset(row, 0, sizeof *row);
	row->meeting_date = CP_DATE_NONE;
	row->meeting_status = MEETING_STATUS_COUNT;
	CP_TRY(cp_task_copy(&row->task, k, err));
	if (q_clean_task(&row->task, err) != CP_OK ||
	    !(row->meeting_type = strdup("")) || !(row->child_name = strdup("")) ||
	    !(row->assignee_name = strdup(""))) {
		cp_task_free(&row->task);
		free(row->meeting_type);
		free(row->child_name);
		return cp_oom(err);
	}
	return CP_OK;
}

cp_status q_tasks_push(query_tasks *q, const cp_task *k, cp_error *err)
{
	if (!vec_room((void **)&q->v, &q->cap, q->n, sizeof *q->v, 64))
		return cp_oom(err);
	CP_TRY(q_task_row(&q->v[q->n], k, err));
	q->n++;
	return CP_OK;
}

void query_tasks_free(query_tasks *q)
{
	for (size_t i = 0; i < q->n; i++) {
		cp_task_free(&q->v[i].task);
		free(q->v[i].meeting_type);
		free(q->v[i].child_name);
		free(q->v[i].assignee_name);
	}
	free(q->v);
	memset(q, 0, sizeof *q);
}

static int task_cmp(const void *a, const void *b)
{
	const query_task *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->task.due != y->task.due)
		return x->task.due < y->task.due ? -1 : 1;
	if (x->task.kind != y->task.kind)
		return x->task.kind < y->task.kind ? -1 : 1;
	return x->task.id < y->task.id ? -1 : x->task.id > y->task.id;
}

/* ---- one scan ---------------------------------------------------------- */
typedef struct tscan {
	casework *cw;
	store_txn *t;
	const query_task_filter *f;
	query_tasks *out;
	size_t limit, seen;      /* a queue group's cap, and rows so far */
	bool full;
	cp_status st;
	cp_error *err;
} tscan;

static bool wanted(const query_task_filter *f, const cp_task *k)
{
	unsigned want = f->statuses ? f->statuses : QUERY_STATUS(TASK_OPEN);
	if (!(want & QUERY_STATUS(k->status)))
		return false;
	if (f->overdue && (k->status != TASK_OPEN || k->due >= f->today))
		return false;
	return k->due >= f->from && k->due <= f->to;
}

static bool take_task(void *ctx, const cp_task *k)
{
	tscan *s = ctx;
	if (!wanted(s->f, k) || !permit_sees_task(s->cw->pm, s->t, k))
		return true;
	if (s->limit && s->seen >= s->limit) {
		s->full = true;
		return false;
	}
	s->st = q_tasks_push(s->out, k, s->err);
	s->seen++;
	return s->st == CP_OK;
}

/* An open task as the queue index holds it: its meeting's type and date
 * come with it, so no record is read (task list --tsv). */
static bool take_queued(void *ctx, const store_queue_row *r)
{
	tscan *s = ctx;
	cp_task k = { .id = r->id, .meeting_id = r->meeting_id,
	              .child_id = (char *)r->child_id,
	              .step_id = (char *)r->step_id, .role = r->role,
	              .assignee = (char *)r->assignee, .due = r->due,
	              .status = TASK_OPEN, .kind = r->kind };
	size_t before = s->out->n;
	if (!take_task(s, &k) || s->out->n == before)
		return s->st == CP_OK && !s->full;
	query_task *row = &s->out->v[before];
	free(row->meeting_type);
	row->meeting_type = q_clean(r->meeting_type);
	row->meeting_date = r->meeting_date;
	if (!row->meeting_type)
		s->st = cp_oom(s->err);
	return s->st == CP_OK;
}

static cp_status scan_status(tscan *s, const char *who, task_status status,
                             cp_date from, cp_date to)
{
	cp_status st;
	if (status == TASK_OPEN && !s->f->details)
		st = store_queue_for_assignee(s->t, who, from, to, 0, take_queued,
		                              s, s->err);
	else
		st = store_tasks_for_assignee(s->t, who, status, from, to,
		                              s->limit ? s->limit + 1 - s->seen : 0,
		                              take_task, s, s->err);
	return st != CP_OK ? st : s->st;
}

/* One assignee's tasks, every status wanted. */
static cp_status scan_assignee(tscan *s, const char *who, cp_date from,
                               cp_date to)
{
	const query_task_filter *f = s->f;
	unsigned want = f->statuses ? f->statuses : QUERY_STATUS(TASK_OPEN);
	if (f->overdue && f->today - 1 < to)
		to = f->today - 1;
	for (int st = 0; st < TASK_STATUS_COUNT; st++)
		if ((want & QUERY_STATUS(st)) && from <= to)
			CP_TRY(scan_status(s, who, (task_status)st, from, to));
	return CP_OK;
}

/* The assignee and the pools their roles serve; "@pool" alone. */
static cp_status assignees(store_txn *t, const policy *p, const char *who,
                           const char **out, size_t *n, cp_error *err)
{
	cp_worker w;
	bool found = false;
	*n = 0;
	CP_TRY(store_worker_get(t, who, &w, &found, err));
	out[(*n)++] = who;
	if (!found) {
		if (who[0] == '@')
			return CP_OK;
		char clean[MODEL_ID_MAX + 1];
		text_sanitize(who, clean, sizeof clean);
		return cp_fail(err, CP_BADINPUT, "'%s' is not a worker in this "
		               "store (cpdesk worker list)", clean);
	}
	if (w.roles & ROLE_BIT(ROLE_QA_ADMIN))
		out[(*n)++] = POOL_QA_ADMIN;
	if (w.roles & p->diary.allocate) {       /* to allocate */
		out[(*n)++] = POOL_CHAIR;
		out[(*n)++] = POOL_MINUTE_TAKER;
	}
	for (int r = ROLE_QA_ADMIN + 1; r < ROLE_COUNT; r++) /* the others */
		if ((w.roles & ROLE_BIT(r)) && role_pool((cp_role)r))
			out[(*n)++] = role_pool((cp_role)r);
	cp_worker_free(&w);
	return CP_OK;
}

/* A worker's queue is theirs and their managers' to see, as the policy
 * says (permit_worker): another team's is refused, saying why, not
 * answered with no tasks.  A pool's rows are filtered one by one. */
static cp_status may_see_queue(casework *cw, store_txn *t, const char *who,
                               cp_error *err)
{
	return who[0] == '@' ? CP_OK : permit_worker(cw->pm, t, who, err);
}

/* ---- escalations and reminders ----------------------------------------- */
/* A reminder is in force from its date until its step is closed: a list
 * up to some day has those that started by then, however long ago, and
 * a list of overdue tasks none (a reminder is not late). */
static bool reminder_wanted(const query_task_filter *f, const cp_task *k)
{
	return !f->overdue && k->due <= f->to;
}

/* filter: as the list's other rows (its dates, and what the actor sees);
 * the console's queue shows every one.  Reminders in force are every
 * one started by today whose step is open (escalate.h). */
static cp_status add_derived(tscan *s, const char *who, cp_date today,
                             bool filter)
{
	esc_list el = { 0 };
	cp_status st = escalate_for_viewer(s->cw, s->t, who, today, CP_DATE_NONE,
	                                   today, &el, s->err);
	for (size_t i = 0; st == CP_OK && i < el.n; i++) {
		const esc_item *it = &el.v[i];
		char step[320];
		snprintf(step, sizeof step, "%s:%s", task_kind_name(it->kind),
		         it->task.step_id);
		cp_task k = it->task;     /* borrowed fields; copied below */
		k.kind = it->kind;
		k.step_id = step;
		k.title = it->title;
		k.assignee = it->to;
		k.role = it->to_role;
		k.due = it->date;
		k.status = TASK_OPEN;
		size_t before = s->out->n;
		if (filter && k.kind == TASK_REMINDER)
			st = !reminder_wanted(s->f, &k) ? CP_OK
			     : permit_sees_task(s->cw->pm, s->t, &k)
			     ? q_tasks_push(s->out, &k, s->err) : CP_OK;
		else if (filter)
			st = take_task(s, &k) ? CP_OK : s->st;
		else
			st = q_tasks_push(s->out, &k, s->err);
		if (st != CP_OK || s->out->n == before)
			continue;
		query_task *row = &s->out->v[s->out->n - 1];
		free(row->meeting_type);
		row->meeting_type = q_clean(it->meeting_type);
		row->meeting_date = it->meeting_date;
		if (!row->meeting_type)
			st = cp_oom(s->err);
	}
	esc_list_free(&el);
	return st;
}

/* ---- meetings and names, once each ------------------------------------- */
typedef struct fact {
	uint64_t id;
	cp_meeting m;
	bool found;
} fact;

static int fact_cmp(const void *a, const void *b)
{
	const fact *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The distinct meetings of rows without their facts, sorted by id. */
static cp_status read_facts(tscan *s, fact **out, size_t *nout)
{
	query_tasks *q = s->out;
	fact *f = calloc(q->n ? q->n : 1, sizeof *f);
	size_t n = 0;
	if (!f)
		return cp_oom(s->err);
	for (size_t i = 0; i < q->n; i++)
		if (q->v[i].meeting_date == CP_DATE_NONE || s->f->details)
			f[n++].id = q->v[i].task.meeting_id;
	if (n > 1)
		qsort(f, n, sizeof *f, fact_cmp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || f[k - 1].id != f[i].id)
			f[k++].id = f[i].id;
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < k; i++)
		st = store_meeting_get(s->t, f[i].id, &f[i].m, &f[i].found, s->err);
	*out = f;
	*nout = k;
	return st;
}

static cp_status apply_fact(query_task *row, const fact *f, cp_error *err)
{
	if (!f || !f->found)
		return CP_OK;
	row->meeting_date = f->m.date;
	row->meeting_status = f->m.status;
	free(row->meeting_type);
	row->meeting_type = q_clean(f->m.type);
	return row->meeting_type ? CP_OK : cp_oom(err);
}

static cp_status resolve_meetings(tscan *s)
{
	fact *f = NULL;
	size_t n = 0;
	cp_status st = read_facts(s, &f, &n);
	for (size_t i = 0; st == CP_OK && i < s->out->n; i++) {
		fact key = { .id = s->out->v[i].task.meeting_id };
		const fact *hit = n ? bsearch(&key, f, n, sizeof *f, fact_cmp) : NULL;
		st = apply_fact(&s->out->v[i], hit, s->err);
	}
	for (size_t i = 0; i < n; i++)
		if (f[i].found)
			cp_meeting_free(&f[i].m);
	free(f);
	return st;
}

/* Children's names; ids gets the children named, for the read audit
 * once the read is over. */
static cp_status resolve_names(tscan *s, q_ids *ids)
{
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < s->out->n; i++) {
		query_task *row = &s->out->v[i];
		bool same = i && !strcmp(row->task.child_id,
		                         s->out->v[i - 1].task.child_id);
		char *name = same ? strdup(s->out->v[i - 1].child_name)
		                  : q_child_name(s->cw, s->t, row->task.child_id, NULL);
		if (!name) {
			st = cp_oom(s->err);
			break;
		}
		free(row->child_name);
		row->child_name = name;
		st = q_ids_add(ids, row->task.child_id, s->err);
	}
	return st;
}

/* Rows read (st CP_OK): sorted, their meetings and names looked up, the
 * read ended and, with names, recorded (query.h). */
static cp_status finish(tscan *s, cp_status st, bool names, const char *where)
{
	query_tasks *q = s->out;
	if (st == CP_OK && q->n > 1)
		qsort(q->v, q->n, sizeof *q->v, task_cmp);
	if (st == CP_OK)
		st = resolve_meetings(s);
	q_ids ids = { 0 };
	if (st == CP_OK && names)
		st = resolve_names(s, &ids);
	store_read_end(s->t);
	if (st == CP_OK)
		st = q_ids_note(s->cw, where, &ids, s->err);
	free(ids.v);
	return st;
}

/* ---- task list --------------------------------------------------------- */
static cp_status list_in(tscan *s)
{
	const query_task_filter *f = s->f;
	if (f->all) {
		CP_TRY(store_tasks_all(s->t, take_task, s, s->err));
		return s->st;
	}
	const char *who[ROLE_POOLS + 3]; /* them, pools, to allocate */
	size_t n;
	CP_TRY(assignees(s->t, s->cw->pol, f->assignee ? f->assignee
	                 : s->cw->actor, who, &n,
	                 s->err));
	CP_TRY(may_see_queue(s->cw, s->t, who[0], s->err));
	for (size_t i = 0; i < n; i++)
		CP_TRY(scan_assignee(s, who[i], f->from, f->to));
	unsigned want = f->statuses ? f->statuses : QUERY_STATUS(TASK_OPEN);
	if (f->derived && (want & QUERY_STATUS(TASK_OPEN)))
		CP_TRY(add_derived(s, who[0], f->today, true));
	return CP_OK;
}

cp_status query_task_list(casework *cw, const query_task_filter *f,
                          const char *where, query_tasks *out,
                          cp_error *err)
{
	memset(out, 0, sizeof *out);
	tscan s = { .cw = cw, .f = f, .out = out, .st = CP_OK, .err = err };
	CP_TRY(q_read(cw, &s.t, err));
	cp_status st = list_in(&s);
	for (size_t i = 0; st == CP_OK && i < out->n; i++)
		out->v[i].group = out->v[i].task.kind == TASK_STEP
		                  ? query_due_group(out->v[i].task.due, f->today)
		                  : query_derived_group(&out->v[i].task, f->today);
	st = finish(&s, st, f->names, where);
	if (st != CP_OK)
		query_tasks_free(out);
	return st;
}

/* ---- the console's queue ----------------------------------------------- */
static cp_status queue_groups(tscan *s, const char *const *who, size_t nwho,
                              query_queue *q)
{
	cp_date today = s->f->today, week_end = date_week_start(today) + 6;
	const cp_date from[QUERY_GROUP_COUNT] = { CP_DATE_NONE, today,
	                                          today + 1, week_end + 1 };
	const cp_date to[QUERY_GROUP_COUNT] = { today - 1, today, week_end,
	                                        QUERY_DATE_MAX };
	for (int g = 0; g < QUERY_GROUP_COUNT; g++) {
		size_t first = s->out->n;
		s->seen = 0;
		s->full = false;
		for (size_t p = 0; p < nwho && !s->full && from[g] <= to[g]; p++)
			CP_TRY(scan_status(s, who[p], TASK_OPEN, from[g], to[g]));
		for (size_t i = first; i < s->out->n; i++)
			s->out->v[i].group = g;
		q->counts[g] = s->seen;
		q->more[g] = s->full;
	}
	return CP_OK;
}

/* Escalations and reminders in force: an escalation raised before today
 * is overdue; a reminder, whenever it started, is today's to act on. */
int query_derived_group(const cp_task *k, cp_date today)
{
	return k->kind == TASK_ESCALATION && k->due < today ? QUERY_GROUP_OVERDUE
	                                                    : QUERY_GROUP_TODAY;
}

static cp_status queue_derived(tscan *s, const char *who, query_queue *q)
{
	size_t first = s->out->n;
	s->limit = 0;
	CP_TRY(add_derived(s, who, s->f->today, false));
	for (size_t i = first; i < s->out->n; i++) {
		int g = query_derived_group(&s->out->v[i].task, s->f->today);
		s->out->v[i].group = g;
		q->counts[g]++;
	}
	return CP_OK;
}

cp_status query_queue_get(casework *cw, const char *login, cp_date today,
                          size_t limit, const char *where, query_queue *out,
                          cp_error *err)
{
	memset(out, 0, sizeof *out);
	query_task_filter f = { .assignee = login, .from = CP_DATE_NONE,
	                        .to = QUERY_DATE_MAX, .details = true,
	                        .names = true, .today = today };
	tscan s = { .cw = cw, .f = &f, .out = &out->tasks, .limit = limit,
	            .st = CP_OK, .err = err };
	const char *who[ROLE_POOLS + 3]; /* them, pools, to allocate */
	size_t n = 0;
	CP_TRY(q_read(cw, &s.t, err));
	cp_status st = assignees(s.t, cw->pol, login, who, &n, err);
	if (st == CP_OK)
		st = may_see_queue(cw, s.t, login, err);
	if (st == CP_OK)
		st = queue_groups(&s, who, n, out);
	if (st == CP_OK)
		st = queue_derived(&s, login, out);
	st = finish(&s, st, true, where);
	if (st != CP_OK)
		query_queue_free(out);
	return st;
}

void query_queue_free(query_queue *q)
{
	query_tasks_free(&q->tasks);
	memset(q, 0, sizeof *q);
}

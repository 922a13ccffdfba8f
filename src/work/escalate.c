/* escalate.c - escalations and reminders derived from the date (see
 * escalate.h).  Read-only: works in any transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "escalate.h"
#include "text.h"
#include "hidx.h"
#include "vec.h"
#include "schedule.h"


/* How far a reminder may fall before its step's due date (and after). */
#define REMIND_AHEAD 400
#define REMIND_AFTER 31
/* How long after its due date a step can escalate (the longest span a
 * policy may write: a year of working days is under 400 days). */
#define ESCALATE_AFTER 800



void esc_list_free(esc_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		cp_task_free(&l->v[i].task);
		free(l->v[i].meeting_type);
		free(l->v[i].to);
		free(l->v[i].title);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

const char *escalate_title(const policy_step *s, char *buf, size_t size)
{
	if (s->escalate.title)
		return s->escalate.title;
	snprintf(buf, size, "Escalation: %s", text_or_empty(s->title));
	return buf;
}

/* ---- small caches: a meeting and a child looked up once -------------- */
/* Hashed: the exception report considers tens of thousands of tasks at
 * national scale, and a linear search made that quadratic. */
typedef struct cache {
	cp_meeting *m;
	size_t nm, capm;
	hidx mix;            /* meetings by id */
	cp_child *c;
	size_t nc, capc;
	hidx cix;            /* children by id */
	struct known { char *login; bool on_record; } *w;
	size_t nw, capw;
	hidx wix;            /* logins looked up: workers or not */
} cache;

static void cache_free(cache *k)
{
	for (size_t i = 0; i < k->nm; i++)
		cp_meeting_free(&k->m[i]);
	for (size_t i = 0; i < k->nc; i++)
		cp_child_free(&k->c[i]);
	for (size_t i = 0; i < k->nw; i++)
		free(k->w[i].login);
	free(k->m);
	free(k->c);
	free(k->w);
	hidx_free(&k->mix);
	hidx_free(&k->cix);
	hidx_free(&k->wix);
}

typedef struct meeting_key {
	const cp_meeting *m;
	uint64_t id;
} meeting_key;

static bool meeting_is(const void *ctx, size_t pos)
{
	const meeting_key *q = ctx;
	return q->m[pos].id == q->id;
}

static cp_status cache_meeting(store_txn *t, cache *k, uint64_t id,
                               const cp_meeting **out, cp_error *err)
{
	*out = NULL;
	uint64_t h = hidx_hash_u64(id);
	meeting_key q = { k->m, id };
	size_t i = hidx_find(&k->mix, h, meeting_is, &q);
	if (i != HIDX_NONE) {
		*out = &k->m[i];
		return CP_OK;
	}
	if (!vec_room((void **)&k->m, &k->capm, k->nm,
	              sizeof *k->m, 32))
		return cp_oom(err);
	bool found = false;
	CP_TRY(store_meeting_get(t, id, &k->m[k->nm], &found, err));
	if (!found)
		return CP_OK;
	if (!hidx_add(&k->mix, h, k->nm)) {
		cp_meeting_free(&k->m[k->nm]);
		return cp_oom(err);
	}
	*out = &k->m[k->nm++];
	return CP_OK;
}

typedef struct child_key {
	const cp_child *c;
	const char *id;
} child_key;

static bool child_is(const void *ctx, size_t pos)
{
	const child_key *q = ctx;
	return !strcmp(q->c[pos].id, q->id);
}

static cp_status cache_child(store_txn *t, cache *k, const char *id,
                             const cp_child **out, cp_error *err)
{
	*out = NULL;
	uint64_t h = hidx_hash_str(id);
	child_key q = { k->c, id };
	size_t i = hidx_find(&k->cix, h, child_is, &q);
	if (i != HIDX_NONE) {
		*out = &k->c[i];
		return CP_OK;
	}
	if (!vec_room((void **)&k->c, &k->capc, k->nc,
	              sizeof *k->c, 32))
		return cp_oom(err);
	bool found = false;
	CP_TRY(store_child_get(t, id, &k->c[k->nc], &found, err));
	if (!found)
		return CP_OK;
	if (!hidx_add(&k->cix, h, k->nc)) {
		cp_child_free(&k->c[k->nc]);
		return cp_oom(err);
	}
	*out = &k->c[k->nc++];
	return CP_OK;
}

typedef struct login_key {
	const struct known *w;
	const char *login;
} login_key;

static bool login_is(const void *ctx, size_t pos)
{
	const login_key *q = ctx;
	return !strcmp(q->w[pos].login, q->login);
}

/* Is login a worker on record (looked up once)? */
static cp_status cache_on_record(store_txn *t, cache *k, const char *login,
                                 bool *yes, cp_error *err)
{
	uint64_t h = hidx_hash_str(login);
	login_key q = { k->w, login };
	size_t i = hidx_find(&k->wix, h, login_is, &q);
	if (i != HIDX_NONE) {
		*yes = k->w[i].on_record;
		return CP_OK;
	}
	cp_worker w;
	*yes = false;
	CP_TRY(store_worker_get(t, login, &w, yes, err));
	if (*yes)
		cp_worker_free(&w);
	if (!vec_room((void **)&k->w, &k->capw, k->nw, sizeof *k->w, 32))
		return cp_oom(err);
	k->w[k->nw].on_record = *yes;
	if (!(k->w[k->nw].login = strdup(login)))
		return cp_oom(err);
	if (!hidx_add(&k->wix, h, k->nw)) {
		free(k->w[k->nw].login);
		return cp_oom(err);
	}
	k->nw++;
	return CP_OK;
}

/* ---- the work ---------------------------------------------------------- */
typedef struct job {
	casework *cw;
	store_txn *t;
	const char *targets[1 + ROLE_POOLS]; /* logins/pools the items are for;
	                                        NULL: any */
	size_t ntargets;
	bool any_target;
	cp_date today, from, to;
	bool want_esc, want_remind, raised;  /* raised: exception-report mode */
	esc_list *out;
	size_t first;            /* out->v[first..] came from this consider() */
	cache k;
	/* tasks of one scan, copied: the scan lends records only; only
	 * those due lo..hi are kept */
	cp_task *tv;
	size_t tn, tcap;
	cp_date lo, hi;
	bool oom;
} job;

/* True when some meeting type has a step of this id that escalates
 * (esc) or reminds: tasks of other steps are skipped without a read. */
static bool step_id_may(const policy *p, const char *id, bool esc)
{
	for (size_t i = 0; i < p->nmeetings; i++)
		for (size_t s = 0; s < p->meetings[i].nsteps; s++) {
			const policy_step *st = &p->meetings[i].steps[s];
			if (strcmp(st->id, id))
				continue;
			if (esc ? st->escalate.present : st->nreminders > 0)
				return true;
		}
	return false;
}

/* Worth copying: due lo..hi and, in a viewer's scan, of a step that can
 * escalate (and overdue) or remind; most of a queue is neither. */
static bool may_matter(const job *j, const cp_task *k)
{
	if (k->due < j->lo || k->due > j->hi)
		return false;
	if (j->raised)
		return step_id_may(j->cw->pol, k->step_id, true);
	return (j->want_esc && k->due < j->today &&
	        step_id_may(j->cw->pol, k->step_id, true)) ||
	       (j->want_remind && step_id_may(j->cw->pol, k->step_id, false));
}

static bool collect(void *ctx, const cp_task *k)
{
	job *j = ctx;
	if (!may_matter(j, k))
		return true;
	if (!vec_room((void **)&j->tv, &j->tcap, j->tn,
	              sizeof *j->tv, 64))
		return !(j->oom = true);
	if (cp_task_copy(&j->tv[j->tn], k, NULL) != CP_OK)
		return !(j->oom = true);
	j->tn++;
	return true;
}

static void drop_tasks(job *j)
{
	for (size_t i = 0; i < j->tn; i++)
		cp_task_free(&j->tv[i]);
	j->tn = 0;
}

static bool is_target(const job *j, const char *who)
{
	if (j->any_target)
		return *who != '\0';
	for (size_t i = 0; i < j->ntargets; i++)
		if (!strcmp(j->targets[i], who))
			return true;
	return false;
}

static const policy_step *step_of(const policy *p, const char *type,
                                  const char *step_id,
                                  const policy_meeting **pm)
{
	*pm = policy_meeting_find(p, type);
	return policy_step_find(*pm, step_id);
}

static cp_status add_item(job *j, task_kind kind, cp_date date,
                          const cp_task *k, const cp_meeting *m,
                          cp_role role, const char *to, const char *title,
                          bool exc, cp_error *err)
{
	esc_list *l = j->out;
	/* One item per task, kind, date and person (a person holding two of
	 * the roles an item goes to sees it once).  A job considers a task
	 * once per kind, so only this consider()'s items can repeat: looking
	 * further back made the exception report quadratic. */
	for (size_t i = j->first; i < l->n; i++)
		if (l->v[i].task.id == k->id && l->v[i].kind == kind &&
		    l->v[i].date == date && !strcmp(l->v[i].to, to) &&
		    (j->raised ? l->v[i].to_role == role : true))
			return CP_OK;
	if (!vec_room((void **)&l->v, &l->cap, l->n,
	              sizeof *l->v, 16))
		return cp_oom(err);
	esc_item *it = &l->v[l->n];
	memset(it, 0, sizeof *it);
	if (cp_task_copy(&it->task, k, err) != CP_OK)
		return CP_FAILED;
	it->kind = kind;
	it->date = date;
	it->meeting_type = strdup(text_or_empty(m->type));
	it->meeting_date = m->date;
	it->to_role = role;
	it->to = strdup(to);
	it->title = strdup(text_or_empty(title));
	it->exception_report = exc;
	if (!it->meeting_type || !it->to || !it->title) {
		cp_task_free(&it->task);
		free(it->meeting_type);
		free(it->to);
		free(it->title);
		return cp_oom(err);
	}
	l->n++;
	return CP_OK;
}

/* Resolve role r for the task's child and meeting; "" when nobody holds
 * it (no manager recorded): an escalation to nobody is shown as such in
 * the exception report, and in nobody's queue. */
static cp_status holder(job *j, const cp_child *c, const cp_meeting *m,
                        cp_role r, char out[MODEL_ID_MAX + 1], cp_error *err)
{
	cp_error e;
	cp_status st = casework_role_holder(j->t, c, m, r, out, &e);
	if (st == CP_REFUSED || st == CP_BADINPUT) {
		out[0] = '\0';
		return CP_OK;
	}
	if (st != CP_OK && err)
		*err = e;
	return st;
}

static cp_date local_date_of(int64_t unix_seconds)
{
	time_t tt = (time_t)unix_seconds;
	struct tm tm;
	cp_date d = CP_DATE_NONE;
	if (localtime_r(&tt, &tm))
		date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d);
	return d;
}

static cp_status consider(job *j, const cp_task *k, bool esc, cp_error *err)
{
	const cp_meeting *m;
	const cp_child *c;
	const policy_meeting *pm;
	j->first = j->out->n;
	CP_TRY(cache_meeting(j->t, &j->k, k->meeting_id, &m, err));
	if (!m || m->status == MEETING_CANCELLED)
		return CP_OK;
	const policy_step *s = step_of(j->cw->pol, m->type, k->step_id, &pm);
	if (!s)
		return CP_OK;
	CP_TRY(cache_child(j->t, &j->k, k->child_id, &c, err));
	if (!c)
		return CP_OK;
	char who[MODEL_ID_MAX + 1], tbuf[512];
	if (esc) {
		if (!s->escalate.present)
			return CP_OK;
		cp_date when;
		CP_TRY(schedule_escalation_date(s, j->cw->cal, k->due, &when, err));
		if (j->raised) {
			if (when < j->from || when > j->to || when > j->today)
				return CP_OK;
			if (k->status == TASK_DONE &&
			    (k->done_at == 0 || local_date_of(k->done_at) < when))
				return CP_OK;
			if (k->status == TASK_CANCELLED)
				return CP_OK;
		} else if (when > j->today) {
			return CP_OK;
		}
		for (int r = 0; r < ROLE_COUNT; r++) {
			if (!(s->escalate.to & ROLE_BIT(r)))
				continue;
			CP_TRY(holder(j, c, m, (cp_role)r, who, err));
			if (j->raised || is_target(j, who))
				CP_TRY(add_item(j, TASK_ESCALATION, when, k, m, (cp_role)r,
				             who, escalate_title(s, tbuf, sizeof tbuf),
				             s->escalate.exception_report, err));
		}
		return CP_OK;
	}
	for (size_t i = 0; i < s->nreminders; i++) {
		const policy_reminder *rm = &s->reminders[i];
		cp_date when;
		CP_TRY(schedule_reminder_date(pm, s, rm, j->cw->cal, m->date,
		                           m->minutes, m->anchors, m->nanchors,
		                           &when, err));
		if (when < j->from || when > j->to)
			continue;
		for (int r = 0; r < ROLE_COUNT; r++) {
			if (!(rm->to & ROLE_BIT(r)))
				continue;
			CP_TRY(holder(j, c, m, (cp_role)r, who, err));
			if (is_target(j, who))
				CP_TRY(add_item(j, TASK_REMINDER, when, k, m, (cp_role)r, who,
				             rm->title ? rm->title : s->title, false, err));
		}
	}
	return CP_OK;
}

/* The reminders' window: a step's reminder falls at most REMIND_AHEAD
 * days before its due date and REMIND_AFTER after, so one dated from..to
 * is on a task due from - REMIND_AFTER .. to + REMIND_AHEAD (from
 * CP_DATE_NONE: no lower bound, every reminder in force by `to`). */
static cp_date remind_lo(cp_date from)
{
	return from == CP_DATE_NONE ? CP_DATE_NONE : from - REMIND_AFTER;
}

/* Consider each task collected for what it may bring: an escalation
 * (overdue) and its reminders (due in the reminders' window). */
static cp_status consider_collected(job *j, cp_error *err)
{
	cp_status st = CP_OK;
	cp_date rlo = remind_lo(j->from), rhi = j->to + REMIND_AHEAD;
	for (size_t i = 0; st == CP_OK && i < j->tn; i++) {
		const cp_task *k = &j->tv[i];
		if (j->want_esc && k->due < j->today &&
		    step_id_may(j->cw->pol, k->step_id, true))
			st = consider(j, k, true, err);
		if (st == CP_OK && j->want_remind && k->due >= rlo &&
		    k->due <= rhi && step_id_may(j->cw->pol, k->step_id, false))
			st = consider(j, k, false, err);
	}
	return st;
}

/* One assignee's open tasks, in one range scan of the index that covers
 * both the overdue ones (escalations) and the reminders' window. */
static cp_status scan_who(job *j, const char *who, cp_error *err)
{
	cp_date lo = STORE_DATE_MAX, hi = CP_DATE_NONE;
	if (j->want_esc) {
		lo = CP_DATE_NONE;
		hi = j->today - 1;
	}
	if (j->want_remind) {
		cp_date rlo = remind_lo(j->from), rhi = j->to + REMIND_AHEAD;
		lo = rlo < lo ? rlo : lo;
		hi = rhi > hi ? rhi : hi;
	}
	if (hi < lo)
		return CP_OK;
	drop_tasks(j);
	j->lo = lo;
	j->hi = hi;
	CP_TRY(store_tasks_for_assignee(j->t, who, TASK_OPEN, lo, hi, 0, collect,
	                             j, err));
	cp_status st = j->oom ? cp_oom(err) : consider_collected(j, err);
	drop_tasks(j);
	return st;
}

/* The exception report's candidates, from the indexes rather than every
 * assignee's history: open tasks due lo..hi, and tasks due lo..hi done
 * since the UTC day before `from` (one escalated from..to and done on or
 * after its escalation date was done on or after `from`, local time; the
 * day before covers every UTC offset).  Only the tasks of workers on
 * record and of the pools: the queues the report has always read. */
static cp_status scan_raised(job *j, cp_error *err)
{
	drop_tasks(j);
	j->lo = j->from - ESCALATE_AFTER;
	j->hi = j->to - 1;
	CP_TRY(store_tasks_open_due(j->t, j->lo, j->hi, collect, j, err));
	CP_TRY(store_tasks_done_between(j->t, j->from - 1, STORE_DATE_MAX, collect,
	                             j, err));
	if (j->oom)
		return cp_oom(err);
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < j->tn; i++) {
		const cp_task *k = &j->tv[i];
		cp_role pool;
		bool known = pool_role(k->assignee, &pool);
		if (!step_id_may(j->cw->pol, k->step_id, true))
			continue;
		if (!known && *k->assignee)
			st = cache_on_record(j->t, &j->k, k->assignee, &known, err);
		if (st == CP_OK && known)
			st = consider(j, k, true, err);
	}
	drop_tasks(j);
	return st;
}

/* ---- who to scan -------------------------------------------------------- */
typedef struct names {
	str_vec list;
	bool oom;
	const char *manager;   /* collect reports of any of mgrs[] */
	char **mgrs;
	size_t nmgrs;
} names;

static bool names_add(names *nm, const char *s)
{
	return str_vec_add_once(&nm->list, s) || !(nm->oom = true);
}

static void names_free(names *nm)
{
	str_vec_free(&nm->list);
	memset(nm, 0, sizeof *nm);
}

/* Workers whose manager is among nm->mgrs[0..nmgrs) (or, with no
 * managers given, every worker). */
static bool collect_reports(void *ctx, const cp_worker *w)
{
	names *nm = ctx;
	if (!nm->nmgrs)
		return names_add(nm, w->login);
	for (size_t i = 0; i < nm->nmgrs; i++)
		if (!strcmp(w->manager, nm->mgrs[i]))
			return names_add(nm, w->login);
	return true;
}

static role_set routed_roles(const policy *p)
{
	role_set rs = 0;
	for (size_t i = 0; i < p->nmeetings; i++)
		for (size_t s = 0; s < p->meetings[i].nsteps; s++) {
			const policy_step *st = &p->meetings[i].steps[s];
			if (st->escalate.present)
				rs |= st->escalate.to;
			for (size_t r = 0; r < st->nreminders; r++)
				rs |= st->reminders[r].to;
		}
	return rs;
}

/* Everyone whose tasks can be routed to anyone: every worker and pool. */
static cp_status everyone(job *j, names *nm, cp_error *err)
{
	CP_TRY(store_worker_list(j->t, collect_reports, nm, err));
	names_add(nm, POOL_QA_ADMIN);
	names_add(nm, POOL_QA_MANAGER);
	names_add(nm, POOL_DIRECTOR);
	return nm->oom ? cp_oom(err) : CP_OK;
}

static cp_status run_job(job *j, names *scope, cp_error *err)
{
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < scope->list.n; i++)
		st = scan_who(j, scope->list.v[i], err);
	return st;
}

static int item_cmp(const void *a, const void *b)
{
	const esc_item *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->task.id != y->task.id)
		return x->task.id < y->task.id ? -1 : 1;
	if (x->to_role != y->to_role)
		return x->to_role < y->to_role ? -1 : 1;
	return strcmp(x->to, y->to);
}

static void job_end(job *j)
{
	drop_tasks(j);
	free(j->tv);
	cache_free(&j->k);
}

cp_status escalate_for_viewer(casework *cw, store_txn *t, const char *login,
                              cp_date today, cp_date from, cp_date to,
                              esc_list *out, cp_error *err)
{
	job j = { .cw = cw, .t = t, .today = today, .from = from, .to = to,
	          .want_esc = true, .want_remind = from <= to, .out = out };
	names scope = { 0 };
	cp_worker w;
	bool found = false;
	role_set mine = 0;
	size_t before = out->n;
	CP_TRY(store_worker_get(t, login, &w, &found, err));
	j.targets[j.ntargets++] = login;
	if (found) {
		mine = w.roles;
		cp_worker_free(&w);
		for (int r = 0; r < ROLE_COUNT; r++)
			if ((mine & ROLE_BIT(r)) && role_pool((cp_role)r))
				j.targets[j.ntargets++] = role_pool((cp_role)r);
	} else {
		cp_role r;
		mine = pool_role(login, &r) ? ROLE_BIT(r) : 0;
	}
	role_set routed = routed_roles(cw->pol);
	if (!(routed & mine) && found)
		return CP_OK;  /* nothing can reach this person */
	/* Roles whose holder is not found from the line of management: the
	 * pools, chairs, minute takers.  Then every assignee's tasks are
	 * candidates (still only overdue or within the reminder window). */
	role_set line = ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_TEAM_MANAGER) |
	                ROLE_BIT(ROLE_SERVICE_MANAGER);
	cp_status st;
	if (routed & mine & ~line) {
		st = everyone(&j, &scope, err);
	} else {
		/* The viewer, their reports, and their reports' reports. */
		names_add(&scope, login);
		size_t lo = 0;
		st = CP_OK;
		for (int level = 0; st == CP_OK && level < 2; level++) {
			size_t hi = scope.list.n;
			names lvl = { 0 };
			lvl.mgrs = scope.list.v + lo;
			lvl.nmgrs = hi - lo;
			if (!lvl.nmgrs)
				break;
			st = store_worker_list(t, collect_reports, &lvl, err);
			if (st == CP_OK && lvl.oom)
				st = cp_oom(err);
			for (size_t i = 0; st == CP_OK && i < lvl.list.n; i++)
				if (!names_add(&scope, lvl.list.v[i]))
					st = cp_oom(err);
			names_free(&lvl);
			lo = hi;
		}
		if (st == CP_OK && scope.oom)
			st = cp_oom(err);
	}
	if (st == CP_OK)
		st = run_job(&j, &scope, err);
	names_free(&scope);
	job_end(&j);
	if (st == CP_OK && out->n > before)
		qsort(out->v + before, out->n - before, sizeof *out->v, item_cmp);
	return st;
}

cp_status escalate_raised_between(casework *cw, store_txn *t, cp_date from,
                                  cp_date to, cp_date today, esc_list *out,
                                  cp_error *err)
{
	job j = { .cw = cw, .t = t, .today = today, .from = from, .to = to,
	          .raised = true, .any_target = true, .out = out };
	size_t before = out->n;
	cp_status st = scan_raised(&j, err);
	job_end(&j);
	if (st == CP_OK && out->n > before)
		qsort(out->v + before, out->n - before, sizeof *out->v, item_cmp);
	return st;
}

/* The open tasks due in the reminders' window, from the index of open
 * tasks by due date (not every assignee's, not every task). */
static cp_status scan_reminders(job *j, cp_error *err)
{
	drop_tasks(j);
	j->lo = remind_lo(j->from);
	j->hi = j->to + REMIND_AHEAD;
	CP_TRY(store_tasks_open_due(j->t, j->lo, j->hi, collect, j, err));
	cp_status st = j->oom ? cp_oom(err) : consider_collected(j, err);
	drop_tasks(j);
	return st;
}

cp_status escalate_reminders_between(casework *cw, store_txn *t,
                                     cp_date from, cp_date to, esc_list *out,
                                     cp_error *err)
{
	job j = { .cw = cw, .t = t, .today = to, .from = from, .to = to,
	          .want_remind = from <= to, .any_target = true, .out = out };
	size_t before = out->n;
	cp_status st = j.want_remind ? scan_reminders(&j, err) : CP_OK;
	job_end(&j);
	if (st == CP_OK && out->n > before)
		qsort(out->v + before, out->n - before, sizeof *out->v, item_cmp);
	return st;
}

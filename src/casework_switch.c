/* casework_switch.c - switching a store's policy (issue 6): what a new
 * policy changes in every meeting's step tasks (casework_policy_diff)
 * and the switch itself (casework_policy_use), one write transaction.
 * A switch changes the future, not history; see casework.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "permit.h"
#include "schedule.h"
#include "vec.h"

static void change_free(cw_policy_change *c)
{
	free(c->meeting_type);
	free(c->child_id);
	free(c->team);
	free(c->step_id);
	free(c->from_login);
	free(c->to_login);
}

static void tallies_free(cw_tally *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].key);
	free(v);
}

void casework_policy_diff_free(cw_policy_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		change_free(&d->v[i]);
	free(d->v);
	tallies_free(d->types, d->ntypes);
	tallies_free(d->teams, d->nteams);
	memset(d, 0, sizeof *d);
}

/* The tally of key in v (sorted by key), added when new; NULL when out
 * of memory.  Binary search: a national store has thousands of teams. */
static cw_tally *tally_of(cw_tally **v, size_t *n, const char *key)
{
	size_t lo = 0, hi = *n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp((*v)[mid].key, key);
		if (c == 0)
			return &(*v)[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	char *k = strdup(key);
	cw_tally *nv = k ? realloc(*v, (*n + 1) * sizeof *nv) : NULL;
	if (!nv) {
		free(k);
		return NULL;
	}
	*v = nv;
	memmove(&nv[lo + 1], &nv[lo], (*n - lo) * sizeof *nv);
	nv[lo] = (cw_tally){ .key = k };
	(*n)++;
	return &nv[lo];
}

/* The team of a worker / of a child's social worker, or "". */
static cp_status worker_team(store_txn *t, const char *login, char *buf,
                             size_t size, cp_error *err)
{
	cp_worker w;
	bool found;
	buf[0] = '\0';
	if (!nonempty(login))
		return CP_OK;
	memset(&w, 0, sizeof w);
	TRY(store_worker_get(t, login, &w, &found, err));
	if (found) {
		snprintf(buf, size, "%s", str0(w.team));
		cp_worker_free(&w);
	}
	return CP_OK;
}

static cp_status team_of(store_txn *t, const char *child, char *buf,
                         size_t size, cp_error *err)
{
	cp_child c;
	bool found;
	buf[0] = '\0';
	memset(&c, 0, sizeof c);
	TRY(store_child_get(t, child, &c, &found, err));
	if (!found)
		return CP_OK;
	cp_status st = worker_team(t, c.social_worker, buf, size, err);
	cp_child_free(&c);
	return st;
}

/* ---- switching policy: the walk ------------------------------------------
 * A switch changes the future, not history (casework.h): open step tasks
 * move, drop or change hands; new steps get a task on scheduled meetings
 * and after the date of held ones; cancelled meetings and the steps
 * before a held meeting get none (check-store expects none there).
 * Diff and switch share one pass over the meetings, one at a time, in
 * buffers reused from meeting to meeting: memory does not grow with the
 * store (but for the meeting ids, 8 bytes each). */
#define SW_NONE ((size_t)-1)

/* A meeting's step task, as much as a switch needs of it; strings are
 * offsets into sw_meet.text (which moves as it grows). */
typedef struct sw_task {
	uint64_t id;
	task_status status;
	cp_role role;
	cp_date due;
	size_t step, assignee;
} sw_task;

/* One change; a task's changes (moved and reassigned) are adjacent. */
typedef struct sw_change {
	cw_change_kind kind;
	size_t task;                   /* index in sw_meet.tasks; SW_NONE:
	                                  added */
	uint64_t new_id;               /* added: the task written */
	const policy_step *step;       /* the new policy's; NULL: dropped */
	cp_date from, to;
	char login[MODEL_ID_MAX + 1];  /* added, reassigned: who gets it */
} sw_change;

/* A batch of meetings (rising ids) and their step tasks, read with the
 * cursors closed before anything is written. */
#define SW_BATCH 256
typedef struct sw_batch {
	cp_meeting m[SW_BATCH];
	size_t nm;
	size_t first[SW_BATCH + 1];    /* m[i]'s: tasks[first[i]..first[i+1]) */
	size_t cur;                    /* the meeting being filled */
	sw_task *tasks;
	size_t ntasks, captasks;
	char *text;
	size_t ntext, captext;
	bool oom;
} sw_batch;

/* One meeting of the batch and what the new policy changes there. */
typedef struct sw_meet {
	const policy *np;
	const calendar *ncal;
	const cp_meeting *m;
	const sw_task *tasks;
	size_t ntasks;
	const char *text;
	bool have_child, have_team;
	timeline_entry *tl;
	size_t ntl;
	sw_change *ch;
	size_t nch, capch;
	cp_child child;
	cw_people pp;                     /* assignee_for, once the child is in */
	char team[CW_NAME_MAX + 1];
} sw_meet;

#define SW_STR(sm, off) ((sm)->text + (off))

static size_t sw_text(sw_batch *b, const char *s)
{
	size_t n = strlen(str0(s)) + 1, at = b->ntext;
	if (at + n > b->captext) {
		size_t cap = b->captext ? b->captext : 4096;
		while (cap < at + n)
			cap *= 2;
		char *p = realloc(b->text, cap);
		if (!p) {
			b->oom = true;
			return 0;
		}
		b->text = p;
		b->captext = cap;
	}
	memcpy(b->text + at, str0(s), n);
	b->ntext += n;
	return at;
}

/* A task of the batch's meetings (they come by meeting id). */
static bool sw_take_task(void *ctx, const cp_task *k)
{
	sw_batch *b = ctx;
	while (b->cur < b->nm && b->m[b->cur].id < k->meeting_id)
		b->first[++b->cur] = b->ntasks;
	/* escalations and reminders are not the policy's steps; a task of a
	 * meeting the store lacks is check-store's business */
	if (k->kind != TASK_STEP || b->cur == b->nm ||
	    b->m[b->cur].id != k->meeting_id)
		return true;
	if (!vec_room((void **)&b->tasks, &b->captasks, b->ntasks,
	              sizeof *b->tasks, 256)) {
		b->oom = true;
		return false;
	}
	sw_task *s = &b->tasks[b->ntasks];
	*s = (sw_task){ .id = k->id, .status = k->status, .role = k->role,
	                .due = k->due };
	s->step = sw_text(b, k->step_id);
	s->assignee = sw_text(b, k->assignee);
	if (b->oom)
		return false;
	b->ntasks++;
	return true;
}

static void sw_batch_clear(sw_batch *b)
{
	for (size_t i = 0; i < b->nm; i++)
		cp_meeting_free(&b->m[i]);
	b->nm = b->cur = b->ntasks = b->ntext = 0;
	b->oom = false;
}

/* The next batch: meetings from id `from` on, and their step tasks. */
static cp_status sw_batch_read(store_txn *t, sw_batch *b, uint64_t from,
                               cp_error *err)
{
	sw_batch_clear(b);
	TRY(store_meetings_from(t, from, SW_BATCH, b->m, &b->nm, err));
	if (!b->nm)
		return CP_OK;
	b->first[0] = 0;
	TRY(store_tasks_for_meetings(t, b->m[0].id, b->m[b->nm - 1].id,
	                             sw_take_task, b, err));
	if (b->oom)
		return cw_oom(err);
	while (b->cur < b->nm)
		b->first[++b->cur] = b->ntasks;
	return CP_OK;
}

static void sw_reset(sw_meet *sm)
{
	if (sm->have_child)
		cp_child_free(&sm->child);
	free(sm->tl);
	sm->tl = NULL;
	sm->ntl = sm->nch = 0;
	sm->have_child = sm->have_team = false;
}

static void sw_free(sw_meet *sm)
{
	sw_reset(sm);
	free(sm->ch);
}

/* The meeting's child (read once, when a change needs it). */
static cp_status sw_child(store_txn *t, sw_meet *sm, cp_error *err)
{
	if (sm->have_child)
		return CP_OK;
	TRY(cw_need_child(t, sm->m->child_id, &sm->child, err));
	sm->have_child = true;
	sm->pp = (cw_people){ .child = &sm->child, .chair = sm->m->chair,
	                   .minute_taker = sm->m->minute_taker };
	return CP_OK;
}

static cp_status sw_team(store_txn *t, sw_meet *sm, cp_error *err)
{
	if (sm->have_team)
		return CP_OK;
	sm->have_team = true;
	if (sm->have_child)
		return worker_team(t, sm->child.social_worker, sm->team,
		                   sizeof sm->team, err);
	return team_of(t, sm->m->child_id, sm->team, sizeof sm->team, err);
}

/* A login into a MODEL_ID_MAX buffer (cut short if ever longer). */
static void copy_id(char out[MODEL_ID_MAX + 1], const char *s)
{
	size_t n = strlen(str0(s));
	if (n > MODEL_ID_MAX)
		n = MODEL_ID_MAX;
	memcpy(out, str0(s), n);
	out[n] = '\0';
}

static cp_status sw_change_add(sw_meet *sm, cw_change_kind kind, size_t task,
                               const policy_step *s, cp_date from,
                               cp_date to, cp_error *err)
{
	if (!vec_room((void **)&sm->ch, &sm->capch, sm->nch, sizeof *sm->ch, 8))
		return cw_oom(err);
	sw_change *c = &sm->ch[sm->nch++];
	c->kind = kind;
	c->task = task;
	c->new_id = 0;
	c->step = s;
	c->from = from;
	c->to = to;
	c->login[0] = '\0';
	return CP_OK;
}

static const timeline_entry *sw_step(const sw_meet *sm, const char *id)
{
	for (size_t j = 0; j < sm->ntl; j++)
		if (!strcmp(sm->tl[j].step->id, id))
			return &sm->tl[j];
	return NULL;
}

/* Task i keeps its step, whose role the new policy changes: it goes to
 * whoever holds the new role for the meeting. */
static cp_status sw_role_change(store_txn *t, sw_meet *sm, size_t i,
                                const policy_step *s, cp_error *err)
{
	const sw_task *k = &sm->tasks[i];
	TRY(sw_change_add(sm, CW_REASSIGNED, i, s, k->due, k->due, err));
	cp_status st = sw_child(t, sm, err);
	if (st == CP_OK)
		st = casework_role_holder(t, &sm->child, sm->m, s->role,
		                          sm->ch[sm->nch - 1].login, err);
	if (st != CP_OK)
		cp_error_prefix(err, "meeting %llu (child %s) under policy '%s': "
		                "step '%s' becomes the %s's, and ",
		                (unsigned long long)sm->m->id, str0(sm->m->child_id),
		                sm->np->id, s->id, role_name(s->role));
	return st;
}

/* Open tasks: moved, reassigned or dropped. */
static cp_status sw_open_tasks(store_txn *t, sw_meet *sm, cp_error *err)
{
	for (size_t i = 0; i < sm->ntasks; i++) {
		const sw_task *k = &sm->tasks[i];
		if (k->status != TASK_OPEN)
			continue;   /* done and cancelled tasks are never touched */
		const timeline_entry *e = sw_step(sm, SW_STR(sm, k->step));
		if (!e) {
			TRY(sw_change_add(sm, CW_DROPPED, i, NULL, k->due,
			                  CP_DATE_NONE, err));
			continue;
		}
		if (e->due != k->due)
			TRY(sw_change_add(sm, CW_MOVED, i, e->step, k->due, e->due,
			                  err));
		if (e->step->role != k->role)
			TRY(sw_role_change(t, sm, i, e->step, err));
	}
	return CP_OK;
}

/* Steps with no open or done task get one, assigned as when a meeting
 * is added; but not before a held meeting: that is history. */
static cp_status sw_new_steps(store_txn *t, sw_meet *sm, cp_error *err)
{
	const cp_meeting *m = sm->m;
	for (size_t j = 0; j < sm->ntl; j++) {
		const timeline_entry *e = &sm->tl[j];
		if (m->status == MEETING_HELD && e->due < m->date)
			continue;
		bool live = false;
		for (size_t i = 0; i < sm->ntasks && !live; i++)
			live = sm->tasks[i].status != TASK_CANCELLED &&
			       !strcmp(SW_STR(sm, sm->tasks[i].step), e->step->id);
		if (live)
			continue;
		TRY(sw_change_add(sm, CW_ADDED, SW_NONE, e->step, CP_DATE_NONE,
		                  e->due, err));
		const char *who = NULL;
		cp_status st = sw_child(t, sm, err);
		if (st == CP_OK)
			st = cw_assignee_for(t, &sm->pp, e->step->role, e->step->id,
			                  m->type, &who, err);
		if (st != CP_OK) {
			cp_error_prefix(err, "meeting %llu, new step '%s': ",
			                (unsigned long long)m->id, e->step->id);
			return st;
		}
		copy_id(sm->ch[sm->nch - 1].login, who);
	}
	return CP_OK;
}

static bool sw_any_open(const sw_meet *sm)
{
	for (size_t i = 0; i < sm->ntasks; i++)
		if (sm->tasks[i].status == TASK_OPEN)
			return true;
	return false;
}

/* What the new policy changes for the meeting in sm->m: sm->ch. */
static cp_status sw_diff_meeting(store_txn *t, sw_meet *sm, cp_error *err)
{
	const cp_meeting *m = sm->m;
	bool cancelled = m->status == MEETING_CANCELLED;
	if (cancelled && !sw_any_open(sm))
		return CP_OK;   /* history: nothing to change */
	if (!policy_meeting_find(sm->np, str0(m->type))) {
		if (cancelled)
			return CP_OK;
		return cp_fail(err, CP_REFUSED,
		    "meeting %llu (child %s) is a '%s' meeting, which policy '%s' "
		    "does not have: add the type to the policy or cancel the "
		    "meeting first", (unsigned long long)m->id, str0(m->child_id),
		    str0(m->type), sm->np->id);
	}
	cp_status st = schedule_timeline(sm->np, sm->ncal, m->type, m->date,
	                                 m->minutes, m->anchors, m->nanchors,
	                                 &sm->tl, &sm->ntl, err);
	if (st != CP_OK) {
		sm->tl = NULL;
		sm->ntl = 0;
		if (cancelled)
			return CP_OK;
		cp_error_prefix(err, "meeting %llu (child %s) under policy '%s': ",
		                (unsigned long long)m->id, str0(m->child_id),
		                sm->np->id);
		return st == CP_BADINPUT ? CP_REFUSED : st;
	}
	TRY(sw_open_tasks(t, sm, err));
	return cancelled ? CP_OK : sw_new_steps(t, sm, err);
}

/* Count the meeting's changes: totals, by meeting type, by team. */
static cp_status sw_count(store_txn *t, sw_meet *sm, cw_policy_diff *out,
                          cp_error *err)
{
	TRY(sw_team(t, sm, err));
	cw_tally *ty = tally_of(&out->types, &out->ntypes, str0(sm->m->type));
	cw_tally *tm = ty ? tally_of(&out->teams, &out->nteams, sm->team) : NULL;
	if (!tm)
		return cw_oom(err);
	out->changed++;
	for (size_t i = 0; i < sm->nch; i++) {
		cw_change_kind k = sm->ch[i].kind;
		out->tot[k]++;
		ty->n[k]++;
		tm->n[k]++;
	}
	return CP_OK;
}

/* A change as the public struct, its strings lent from sm. */
static void sw_lend(const sw_meet *sm, const sw_change *c,
                    cw_policy_change *out)
{
	const sw_task *k = c->task == SW_NONE ? NULL : &sm->tasks[c->task];
	*out = (cw_policy_change){
		.kind = c->kind, .meeting_id = sm->m->id,
		.task_id = k ? k->id : c->new_id,
		.meeting_type = sm->m->type, .child_id = sm->m->child_id,
		.team = (char *)sm->team,
		.step_id = c->step ? c->step->id : (char *)SW_STR(sm, k->step),
		.from = c->from, .to = c->to,
	};
	if (c->kind == CW_REASSIGNED) {
		out->role_from = k->role;
		out->role_to = c->step->role;
		out->from_login = (char *)SW_STR(sm, k->assignee);
	}
	if (c->kind == CW_REASSIGNED || c->kind == CW_ADDED)
		out->to_login = (char *)c->login;
}

static char *dup_or_null(const char *s, bool *oom_)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	*oom_ |= !d;
	return d;
}

/* Keep a copy of c in d->v. */
static cp_status change_keep(cw_policy_diff *d, const cw_policy_change *c,
                             cp_error *err)
{
	if (!vec_room((void **)&d->v, &d->cap, d->n, sizeof *d->v, 64))
		return cw_oom(err);
	bool bad = false;
	cw_policy_change *k = &d->v[d->n++];
	*k = *c;
	k->meeting_type = dup_or_null(str0(c->meeting_type), &bad);
	k->child_id = dup_or_null(str0(c->child_id), &bad);
	k->team = dup_or_null(str0(c->team), &bad);
	k->step_id = dup_or_null(str0(c->step_id), &bad);
	k->from_login = dup_or_null(c->from_login, &bad);
	k->to_login = dup_or_null(c->to_login, &bad);
	return bad ? cw_oom(err) : CP_OK;
}

static cp_status sw_keep_all(const sw_meet *sm, cw_policy_diff *d,
                             cp_error *err)
{
	for (size_t i = 0; i < sm->nch; i++) {
		cw_policy_change c;
		sw_lend(sm, &sm->ch[i], &c);
		TRY(change_keep(d, &c, err));
	}
	return CP_OK;
}

/* Called for each meeting with changes, in meeting-date order. */
typedef cp_status (*sw_each_fn)(store_txn *t, sw_meet *sm, void *ctx,
                                cp_error *err);

/* Meeting i of batch b: its changes counted, and handed to each. */
static cp_status sw_one(store_txn *t, sw_batch *b, size_t i, sw_meet *sm,
                        cw_policy_diff *out, sw_each_fn each, void *ctx,
                        cp_error *err)
{
	sw_reset(sm);
	sm->m = &b->m[i];
	sm->tasks = b->tasks + b->first[i];
	sm->ntasks = b->first[i + 1] - b->first[i];
	sm->text = b->text;
	TRY(sw_diff_meeting(t, sm, err));
	if (!sm->nch)
		return CP_OK;
	TRY(sw_count(t, sm, out, err));
	return each(t, sm, ctx, err);
}

/* Every meeting of the store, against np: out gets the counts, each
 * the meetings with changes.  By rising id, in batches: a meeting's
 * tasks were made with it, so the walk sweeps the tasks in order rather
 * than hopping about the store, and memory stays one batch. */
static cp_status sw_walk(store_txn *t, const policy *np, const calendar *ncal,
                         const char *what, cw_progress_fn progress,
                         cw_policy_diff *out, sw_each_fn each, void *ctx,
                         cp_error *err)
{
	size_t total, done = 0;
	TRY(store_meeting_count(t, &total, err));
	out->meetings = total;
	sw_batch *b = calloc(1, sizeof *b);
	if (!b)
		return cw_oom(err);
	sw_meet sm = { .np = np, .ncal = ncal };
	uint64_t next = 1;   /* ids start at 1 */
	cp_status st;
	while ((st = sw_batch_read(t, b, next, err)) == CP_OK && b->nm) {
		for (size_t i = 0; st == CP_OK && i < b->nm; i++)
			st = sw_one(t, b, i, &sm, out, each, ctx, err);
		if (st != CP_OK)
			break;
		next = b->m[b->nm - 1].id + 1;
		done += b->nm;
		if (progress)
			progress(what, done, total > done ? total : done);
	}
	sw_batch_clear(b);
	free(b->tasks);
	free(b->text);
	free(b);
	sw_free(&sm);
	return st;
}

/* ---- policy diff -------------------------------------------------------- */
typedef struct diff_ctx {
	cw_change_fn each;
	void *ctx;
	cw_policy_diff *out;
} diff_ctx;

static cp_status diff_report(store_txn *t, sw_meet *sm, void *ctx,
                             cp_error *err)
{
	(void)t;
	diff_ctx *dc = ctx;
	for (size_t i = 0; i < sm->nch; i++) {
		cw_policy_change c;
		sw_lend(sm, &sm->ch[i], &c);
		TRY(dc->each(dc->ctx, dc->out, &c, err));
	}
	return CP_OK;
}

cp_status casework_policy_diff_each(casework *cw, const policy *np,
                                    const calendar *ncal, cw_change_fn each,
                                    void *ctx, cw_progress_fn progress,
                                    cw_policy_diff *out, cp_error *err)
{
	store_txn *t;
	memset(out, 0, sizeof *out);
	TRY(store_read_begin(cw->st, &t, err));
	diff_ctx dc = { each, ctx, out };
	cp_status st = sw_walk(t, np, ncal, "policy diff", progress, out,
	                       diff_report, &dc, err);
	store_read_end(t);
	if (st != CP_OK)
		casework_policy_diff_free(out);
	return st;
}

static cp_status diff_keep(void *ctx, const cw_policy_diff *sum,
                           const cw_policy_change *c, cp_error *err)
{
	(void)sum;
	return change_keep(ctx, c, err);
}

cp_status casework_policy_diff(casework *cw, const policy *np,
                               const calendar *ncal, cw_policy_diff *out,
                               cp_error *err)
{
	return casework_policy_diff_each(cw, np, ncal, diff_keep, out, NULL,
	                                 out, err);
}

/* ---- policy use --------------------------------------------------------- */
typedef struct use_ctx {
	casework *cw;
	const cw_policy_src *src;
	const calendar *ncal;
	const char *reason;
	cw_use_opts o;
	cw_policy_diff out;
	char *buf;             /* an audit entry's text, reused */
	size_t nbuf, capbuf;
	bool oom;
} use_ctx;

static void ubuf_add(use_ctx *u, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void ubuf_add(use_ctx *u, const char *fmt, ...)
{
	for (int pass = 0; pass < 2 && !u->oom; pass++) {
		va_list ap;
		va_start(ap, fmt);
		size_t room = u->capbuf - u->nbuf;
		int n = vsnprintf(u->buf ? u->buf + u->nbuf : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			u->oom = true;
		} else if ((size_t)n < room) {
			u->nbuf += (size_t)n;
			return;
		} else {
			size_t cap = u->capbuf ? u->capbuf : 512;
			while (cap <= u->nbuf + (size_t)n)
				cap *= 2;
			char *p = realloc(u->buf, cap);
			if (!p)
				u->oom = true;
			else {
				u->buf = p;
				u->capbuf = cap;
			}
		}
	}
}

static cp_status drop_note(cp_task *k, const char *policy_id, cp_error *err)
{
	static const char say[] = "step dropped by policy ";
	size_t n = strlen(policy_id);
	char *note = malloc(sizeof say + n);
	if (!note)
		return cw_oom(err);
	memcpy(note, say, sizeof say - 1);
	memcpy(note + sizeof say - 1, policy_id, n + 1);
	free(k->note);
	k->note = note;
	return CP_OK;
}

typedef struct sw_edit {
	const sw_meet *sm;
	const sw_change *c;
	size_t n;
} sw_edit;

static cp_status sw_edit_task(void *ctx, cp_task *k, cp_error *err)
{
	const sw_edit *ed = ctx;
	for (size_t i = 0; i < ed->n; i++) {
		const sw_change *c = &ed->c[i];
		if (c->kind == CW_MOVED) {
			k->due = c->to;
		} else if (c->kind == CW_REASSIGNED) {
			TRY(cw_set_str(&k->assignee, c->login, err));
			k->role = c->step->role;
		} else if (c->kind == CW_DROPPED) {
			k->status = TASK_CANCELLED;
			TRY(drop_note(k, ed->sm->np->id, err));
		}
	}
	return CP_OK;
}

/* A task's changes (n adjacent ones: moved and/or reassigned, or
 * dropped), in one read and one write of the record. */
static cp_status sw_change_task(store_txn *t, const sw_meet *sm,
                                const sw_change *c, size_t n, cp_error *err)
{
	uint64_t id = sm->tasks[c->task].id;
	sw_edit ed = { sm, c, n };
	bool found;
	TRY(store_task_update(t, id, sw_edit_task, &ed, &found, err));
	if (!found)
		return cp_fail(err, CP_FAILED, "task %llu vanished during the switch",
		               (unsigned long long)id);
	return CP_OK;
}

/* An added step's task, assigned as a meeting's generated tasks are. */
static cp_status sw_add_task(store_txn *t, const sw_meet *sm, sw_change *c,
                             cp_error *err)
{
	const policy_step *s = c->step;
	cp_task k;
	cp_task_init(&k);
	TRY(store_next_id(t, SEQ_TASK, &k.id, err));
	k.meeting_id = sm->m->id;
	k.child_id = sm->m->child_id;
	k.step_id = s->id;
	k.role = s->role;
	k.title = s->title;
	k.assignee = c->login;
	k.due = c->to;
	k.status = TASK_OPEN;
	k.kind = TASK_STEP;
	c->new_id = k.id;
	return store_task_insert(t, &k, err);   /* borrowed strings: no free */
}

/* The per-meeting text is built by hand: printf-style formatting cost
 * more than the rest of the audit entry. */
static void ubuf_str(use_ctx *u, const char *s)
{
	size_t n = strlen(str0(s));
	if (u->nbuf + n + 1 > u->capbuf) {
		size_t cap = u->capbuf ? u->capbuf : 512;
		while (cap < u->nbuf + n + 1)
			cap *= 2;
		char *p = realloc(u->buf, cap);
		if (!p) {
			u->oom = true;
			return;
		}
		u->buf = p;
		u->capbuf = cap;
	}
	memcpy(u->buf + u->nbuf, str0(s), n + 1);
	u->nbuf += n;
}

static void ubuf_u64(use_ctx *u, uint64_t v)
{
	char d[24], *p = d + sizeof d - 1;
	*p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10));
	ubuf_str(u, p);
}

static void ubuf_date(use_ctx *u, cp_date d)
{
	char buf[CP_DATE_STRLEN];
	cw_date_str(d, buf);
	ubuf_str(u, buf);
}

/* One change: `ID STEP` and what happened to it. */
static void sw_audit_change(use_ctx *u, const sw_meet *sm, const sw_change *c)
{
	cw_policy_change x;
	sw_lend(sm, c, &x);
	ubuf_u64(u, x.task_id);
	ubuf_str(u, " ");
	ubuf_str(u, x.step_id);
	if (c->kind == CW_MOVED) {
		ubuf_str(u, " ");
		ubuf_date(u, x.from);
		ubuf_str(u, "->");
		ubuf_date(u, x.to);
	} else if (c->kind == CW_DROPPED) {
		ubuf_str(u, " was due ");
		ubuf_date(u, x.from);
	} else if (c->kind == CW_ADDED) {
		ubuf_str(u, " due ");
		ubuf_date(u, x.to);
		ubuf_str(u, " to ");
		ubuf_str(u, x.to_login);
	} else {
		const char *w[] = { " ", role_name(x.role_from), ":", x.from_login,
		                    "->", role_name(x.role_to), ":", x.to_login };
		for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
			ubuf_str(u, w[i]);
	}
}

/* One kind's changes of the meeting: ` KIND="ID STEP ..., ..."`. */
static void sw_audit_kind(use_ctx *u, const sw_meet *sm, cw_change_kind kind,
                          const char *word)
{
	bool first = true;
	for (size_t i = 0; i < sm->nch; i++) {
		if (sm->ch[i].kind != kind)
			continue;
		if (first) {
			ubuf_str(u, " ");
			ubuf_str(u, word);
			ubuf_str(u, "=\"");
		} else {
			ubuf_str(u, ", ");
		}
		sw_audit_change(u, sm, &sm->ch[i]);
		first = false;
	}
	if (!first)
		ubuf_str(u, "\"");
}

/* The meeting's policy.use.tasks entry: every task id and its change,
 * compactly, under the meeting's child ('audit --child' finds it). */
static cp_status sw_audit_meeting(use_ctx *u, store_txn *t, const sw_meet *sm,
                                  cp_error *err)
{
	static const struct { cw_change_kind k; const char *word; } kinds[] = {
		{ CW_MOVED, "moved" }, { CW_REASSIGNED, "reassigned" },
		{ CW_DROPPED, "dropped" }, { CW_ADDED, "added" } };
	const cp_meeting *m = sm->m;
	char obj[40];
	u->nbuf = 0;
	ubuf_str(u, "policy=");
	ubuf_str(u, u->cw->pol ? u->cw->pol->id : "");
	ubuf_str(u, "->");
	ubuf_str(u, sm->np->id);
	ubuf_str(u, " meeting=");
	ubuf_u64(u, m->id);
	ubuf_str(u, " type=");
	ubuf_str(u, m->type);
	ubuf_str(u, " date=");
	ubuf_date(u, m->date);
	ubuf_str(u, " status=");
	ubuf_str(u, meeting_status_name(m->status));
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		sw_audit_kind(u, sm, kinds[i].k, kinds[i].word);
	if (u->oom)
		return cw_oom(err);
	snprintf(obj, sizeof obj, "meeting:%llu", (unsigned long long)m->id);
	cp_audit a = {
		.time = cw_now(u->cw), .login = (char *)cw_audit_login(u->cw),
		.action = (char *)"policy.use.tasks", .object = obj,
		.child_id = (char *)str0(m->child_id), .before = (char *)"",
		.after = u->buf,
	};
	TRY(store_audit_append(t, &a, err));
	if (!u->out.audit_first)
		u->out.audit_first = a.seq;
	u->out.audit_last = a.seq;
	return CP_OK;
}

/* Make one meeting's changes, then audit them. */
static cp_status sw_apply(store_txn *t, sw_meet *sm, void *ctx,
                          cp_error *err)
{
	use_ctx *u = ctx;
	for (size_t i = 0, j; i < sm->nch; i = j) {
		j = i + 1;
		if (sm->ch[i].kind == CW_ADDED) {
			TRY(sw_add_task(t, sm, &sm->ch[i], err));
			continue;
		}
		while (j < sm->nch && sm->ch[j].kind != CW_ADDED &&
		       sm->ch[j].task == sm->ch[i].task)
			j++;
		TRY(sw_change_task(t, sm, &sm->ch[i], j - i, err));
	}
	TRY(sw_audit_meeting(u, t, sm, err));
	return u->o.list ? sw_keep_all(sm, &u->out, err) : CP_OK;
}

/* The policy.use entry: old and new policy, the counts, where the
 * per-meeting entries are, what a switch leaves alone, the reason. */
static cp_status use_audit(use_ctx *u, store_txn *t, char *before,
                           cp_error *err)
{
	const cw_policy_diff *d = &u->out;
	char *desc = cw_describe_policy(u->src->pol, u->src->files[0].hash);
	u->nbuf = 0;
	if (!desc)
		u->oom = true;
	else
		ubuf_add(u, "%s moved=%zu added=%zu dropped=%zu reassigned=%zu "
		         "meetings=%zu changed-meetings=%zu", desc, d->tot[CW_MOVED],
		         d->tot[CW_ADDED], d->tot[CW_DROPPED],
		         d->tot[CW_REASSIGNED], d->meetings, d->changed);
	free(desc);
	if (d->audit_first)
		ubuf_add(u, " entries=#%llu-#%llu",
		         (unsigned long long)d->audit_first,
		         (unsigned long long)d->audit_last);
	ubuf_add(u, " history=\"done and cancelled tasks untouched; no task "
	         "added to a cancelled meeting or for a step due before a held "
	         "one\" reason=\"%s\"", u->reason);
	if (u->oom || !before) {
		free(before);
		return cw_oom(err);
	}
	cp_audit a = {
		.time = cw_now(u->cw), .login = (char *)cw_audit_login(u->cw),
		.action = (char *)"policy.use", .object = (char *)"policy",
		.child_id = (char *)"", .before = before, .after = u->buf,
	};
	cp_status st = store_audit_append(t, &a, err);
	free(before);
	u->out.audit_switch = a.seq;
	return st;
}

static cp_status use_write(store_txn *t, void *ctx, cp_error *err)
{
	use_ctx *u = ctx;
	casework_policy_diff_free(&u->out);   /* a retry starts afresh */
	u->oom = false;
	TRY(sw_walk(t, u->src->pol, u->ncal, "policy use", u->o.progress,
	            &u->out, sw_apply, u, err));
	store_policy_info old;
	TRY(store_policy_get(t, &old, err));
	char *before = u->cw->pol ? cw_describe_policy(u->cw->pol, old.nfiles ?
	                                            old.files[0].hash : 0)
	                          : strdup("");
	store_policy_info_free(&old);
	cp_status st = cw_put_chain(u->cw, t, u->src->files, u->src->nfiles,
	                         u->reason, err);
	if (st != CP_OK) {
		free(before);
		return st;
	}
	return use_audit(u, t, before, err);
}

cp_status casework_policy_use(casework *cw, const cw_policy_src *src,
                              const calendar *ncal, const char *reason,
                              const cw_use_opts *opts, cw_policy_diff *out,
                              cp_error *err)
{
	if (out)
		memset(out, 0, sizeof *out);
	if (!nonempty(reason))
		return cp_fail(err, CP_BADINPUT,
		    "switching policy needs a reason (--reason TEXT)");
	TRY(cw_too_long("the reason", reason, CW_NOTE_MAX, err));
	if (!src || !src->pol || !src->nfiles)
		return cp_fail(err, CP_BADINPUT, "no policy to switch to");
	TRY(permit_may(cw->pm, ACCESS_SWITCH_POLICY, err));
	use_ctx u = { .cw = cw, .src = src, .ncal = ncal, .reason = reason };
	if (opts)
		u.o = *opts;
	cp_status st = store_write(cw->st, use_write, &u, err);
	free(u.buf);
	if (st == CP_OK && out)
		*out = u.out;
	else
		casework_policy_diff_free(&u.out);
	return st;
}

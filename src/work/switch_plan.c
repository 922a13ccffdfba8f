/* switch_plan.c - what a new policy changes, meeting by meeting
 * (switch_plan.h).  A helper thread reads the store's meetings and
 * their tasks in batches through its own read transaction and works out
 * each meeting's changes, while the caller uses (or writes) the batch
 * before: the reading is about a quarter of a national switch's work,
 * and it overlaps the writing.  Memory is a few batches, whatever the
 * store's size. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "text.h"
#include "schedule.h"
#include "switch_plan.h"
#include "vec.h"

/* A batch of meetings (rising ids), their step tasks and their changes,
 * read with the cursors closed before anyone writes. */
#define SW_BATCH 256
typedef struct sw_batch {
	cp_meeting m[SW_BATCH];
	size_t nm;
	size_t history;                /* of which left alone: held or past */
	size_t first[SW_BATCH + 1];    /* m[i]'s: tasks[first[i]..first[i+1]) */
	size_t chfirst[SW_BATCH + 1];  /* and ch[chfirst[i]..chfirst[i+1]) */
	size_t team[SW_BATCH];         /* text offset, for those with changes */
	size_t cur;                    /* the meeting being filled */
	sw_task *tasks;
	size_t ntasks, captasks;
	sw_change *ch;
	size_t nch, capch;
	char *text;
	size_t ntext, captext;
	sw_view views[SW_BATCH];       /* the meetings with changes */
	size_t nviews;
	bool oom;
} sw_batch;

/* The meeting being worked out, and what the new policy changes there. */
typedef struct sw_meet {
	const policy *np;
	const calendar *ncal;
	cp_date today;                 /* steps due before it are not added */
	sw_batch *b;
	const cp_meeting *m;
	const sw_task *tasks;
	size_t ntasks;
	bool have_child, have_team;
	timeline_entry *tl;
	size_t ntl;
	sw_change *ch;
	size_t nch, capch;
	cp_child child;
	cw_people pp;                  /* assignee_for, once the child is in */
	char team[CW_NAME_MAX + 1];
} sw_meet;

/* The batch's text moves as it grows: strings are found when used. */
#define SW_STR(sm, off) ((sm)->b->text + (off))

/* The team of a worker / of a child's social worker, or "". */
static cp_status worker_team(store_txn *t, const char *login, char *buf,
                             size_t size, cp_error *err)
{
	cp_worker w;
	bool found;
	buf[0] = '\0';
	if (!text_nonempty(login))
		return CP_OK;
	memset(&w, 0, sizeof w);
	CP_TRY(store_worker_get(t, login, &w, &found, err));
	if (found) {
		snprintf(buf, size, "%s", text_or_empty(w.team));
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
	CP_TRY(store_child_get(t, child, &c, &found, err));
	if (!found)
		return CP_OK;
	cp_status st = worker_team(t, c.social_worker, buf, size, err);
	cp_child_free(&c);
	return st;
}

static size_t sw_text(sw_batch *b, const char *s)
{
	size_t n = strlen(text_or_empty(s)) + 1, at = b->ntext;
	if (!vec_reserve((void **)&b->text, &b->captext, at + n, 1, 4096)) {
		b->oom = true;
		return 0;
	}
	memcpy(b->text + at, text_or_empty(s), n);
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
	const cp_meeting *m = &b->m[b->cur];
	for (size_t i = 0; i < m->nsiblings; i++)
		if (!strcmp(m->siblings[i], text_or_empty(k->child_id)))
			s->child = (unsigned char)(i + 1);
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
	b->nm = b->cur = b->ntasks = b->ntext = b->nch = b->nviews = 0;
	b->history = 0;
	b->oom = false;
}

/* The next batch: meetings from id `from` on, and their step tasks. */
static cp_status sw_batch_read(store_txn *t, sw_batch *b, uint64_t from,
                               cp_error *err)
{
	sw_batch_clear(b);
	CP_TRY(store_meetings_from(t, from, SW_BATCH, b->m, &b->nm, err));
	if (!b->nm)
		return CP_OK;
	b->first[0] = 0;
	CP_TRY(store_tasks_for_meetings(t, b->m[0].id, b->m[b->nm - 1].id,
	                             sw_take_task, b, err));
	if (b->oom)
		return cp_oom(err);
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
	CP_TRY(cw_need_child(t, sm->m->child_id, &sm->child, err));
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
	size_t n = strlen(text_or_empty(s));
	if (n > MODEL_ID_MAX)
		n = MODEL_ID_MAX;
	memcpy(out, text_or_empty(s), n);
	out[n] = '\0';
}

const char *sw_child_id(const cp_meeting *m, unsigned char i)
{
	return i && i <= m->nsiblings ? m->siblings[i - 1] : m->child_id;
}

/* Who holds role r for child i of the meeting: the index child's people
 * are kept (sm->pp); a sibling's are read for the one step. */
static cp_status sw_holder(store_txn *t, sw_meet *sm, unsigned char i,
                           cp_role r, const char *step,
                           char out[MODEL_ID_MAX + 1], cp_error *err)
{
	if (!i) {
		const char *who = NULL;
		CP_TRY(sw_child(t, sm, err));
		CP_TRY(cw_assignee_for(t, &sm->pp, r, step, sm->m->type, &who, err));
		copy_id(out, who);
		return CP_OK;
	}
	cp_child c;
	CP_TRY(cw_need_child(t, sw_child_id(sm->m, i), &c, err));
	cp_status st = casework_role_holder(t, &c, sm->m, r, out, err);
	cp_child_free(&c);
	return st;
}

static cp_status sw_change_add(sw_meet *sm, cw_change_kind kind, size_t task,
                               const policy_step *s, cp_date from,
                               cp_date to, cp_error *err)
{
	if (!vec_room((void **)&sm->ch, &sm->capch, sm->nch, sizeof *sm->ch, 8))
		return cp_oom(err);
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
	CP_TRY(sw_change_add(sm, CW_REASSIGNED, i, s, k->due, k->due, err));
	cp_status st = sw_holder(t, sm, k->child, s->role, s->id,
	                         sm->ch[sm->nch - 1].login, err);
	if (st != CP_OK)
		cp_error_prefix(err, "meeting %llu (child %s) under policy '%s': "
		                "step '%s' becomes the %s's, and ",
		                (unsigned long long)sm->m->id, text_or_empty(sm->m->child_id),
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
		/* a step no longer per-child: the index child's task stays */
		if (e && !e->step->per_child && k->child)
			e = NULL;
		if (!e) {
			CP_TRY(sw_change_add(sm, CW_DROPPED, i, NULL, k->due,
			                  CP_DATE_NONE, err));
			continue;
		}
		if (e->due != k->due)
			CP_TRY(sw_change_add(sm, CW_MOVED, i, e->step, k->due, e->due,
			                  err));
		if (e->step->role != k->role)
			CP_TRY(sw_role_change(t, sm, i, e->step, err));
	}
	return CP_OK;
}

/* Step e for child c of the meeting: a task unless one is live. */
static cp_status sw_new_step(store_txn *t, sw_meet *sm,
                             const timeline_entry *e, unsigned char c,
                             cp_error *err)
{
	for (size_t i = 0; i < sm->ntasks; i++)
		if (sm->tasks[i].status != TASK_CANCELLED &&
		    (!e->step->per_child || sm->tasks[i].child == c) &&
		    !strcmp(SW_STR(sm, sm->tasks[i].step), e->step->id))
			return CP_OK;
	bool past = e->due < sm->today;
	CP_TRY(sw_change_add(sm, past ? CW_SKIPPED : CW_ADDED, SW_NONE, e->step,
	                     CP_DATE_NONE, e->due, err));
	sm->ch[sm->nch - 1].child = c;
	if (past)   /* it would start overdue: counted, never added */
		return CP_OK;
	cp_status st = sw_holder(t, sm, c, e->step->role, e->step->id,
	                         sm->ch[sm->nch - 1].login, err);
	if (st != CP_OK)
		cp_error_prefix(err, "meeting %llu, new step '%s': ",
		                (unsigned long long)sm->m->id, e->step->id);
	return st;
}

/* Steps with no open or done task get one, assigned as when a meeting
 * is added; one due before today is skipped (sw_new_step). */
static cp_status sw_new_steps(store_txn *t, sw_meet *sm, cp_error *err)
{
	const cp_meeting *m = sm->m;
	for (size_t j = 0; j < sm->ntl; j++) {
		const timeline_entry *e = &sm->tl[j];
		/* a step per child: a task for each child of the meeting */
		size_t each = e->step->per_child ? 1 + m->nsiblings : 1;
		for (unsigned char c = 0; c < each; c++)
			CP_TRY(sw_new_step(t, sm, e, c, err));
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
	/* history: a held meeting, or any before today, is left as it is */
	if (m->status == MEETING_HELD || m->date < sm->today) {
		sm->b->history++;
		return CP_OK;
	}
	if (cancelled && !sw_any_open(sm))
		return CP_OK;   /* nothing open to change */
	if (!policy_meeting_find(sm->np, text_or_empty(m->type))) {
		if (cancelled)
			return CP_OK;
		return cp_fail(err, CP_REFUSED,
		    "meeting %llu (child %s) is a '%s' meeting, which policy '%s' "
		    "does not have: add the type to the policy or cancel the "
		    "meeting first", (unsigned long long)m->id, text_or_empty(m->child_id),
		    text_or_empty(m->type), sm->np->id);
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
		                (unsigned long long)m->id, text_or_empty(m->child_id),
		                sm->np->id);
		return st == CP_BADINPUT ? CP_REFUSED : st;
	}
	sm->ntl = schedule_keep_booked(sm->tl, sm->ntl, m->how);
	CP_TRY(sw_open_tasks(t, sm, err));
	return cancelled ? CP_OK : sw_new_steps(t, sm, err);
}

/* ---- a batch at a time ------------------------------------------------- */
#define SW_NB 3   /* batches: the one the caller has, two read ahead */

struct sw_plan {
	store_txn *rt;                 /* the reader's, until sw_plan_end */
	sw_meet sm;                    /* the reader's working meeting */
	uint64_t next;                 /* the next meeting id to read */
	sw_batch *b[SW_NB];            /* used in turn: b[n % SW_NB] */
	size_t filled, taken;          /* batches filled / handed out */
	bool holding;                  /* the caller has b[taken % SW_NB] */
	bool threaded, stop, done;
	cp_status st;                  /* the reader's failure */
	cp_error err;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t th;
};

/* Meeting i of batch b: its changes and team go into the batch. */
static cp_status sw_work_out(sw_plan *p, sw_batch *b, size_t i,
                             cp_error *err)
{
	sw_meet *sm = &p->sm;
	sw_reset(sm);
	sm->b = b;
	sm->m = &b->m[i];
	sm->tasks = b->tasks + b->first[i];
	sm->ntasks = b->first[i + 1] - b->first[i];
	b->chfirst[i] = b->nch;
	CP_TRY(sw_diff_meeting(p->rt, sm, err));
	if (!sm->nch)
		return CP_OK;
	CP_TRY(sw_team(p->rt, sm, err));
	b->team[i] = sw_text(b, sm->team);
	for (size_t k = 0; k < sm->nch && !b->oom; k++) {
		if (!vec_room((void **)&b->ch, &b->capch, b->nch, sizeof *b->ch,
		              256))
			b->oom = true;
		else
			b->ch[b->nch++] = sm->ch[k];
	}
	return b->oom ? cp_oom(err) : CP_OK;
}

/* The views of the meetings with changes, once the batch stops moving. */
static void sw_views(const sw_plan *p, sw_batch *b)
{
	b->chfirst[b->nm] = b->nch;
	for (size_t i = 0; i < b->nm; i++) {
		size_t n = b->chfirst[i + 1] - b->chfirst[i];
		if (!n)
			continue;
		b->views[b->nviews++] = (sw_view){
			.np = p->sm.np, .m = &b->m[i], .tasks = b->tasks + b->first[i],
			.text = b->text, .ch = b->ch + b->chfirst[i], .nch = n,
			.team = b->text + b->team[i],
		};
	}
}

/* The next batch of meetings read and worked out (none: the end). */
static cp_status sw_fill(sw_plan *p, sw_batch *b, cp_error *err)
{
	CP_TRY(sw_batch_read(p->rt, b, p->next, err));
	for (size_t i = 0; i < b->nm; i++)
		CP_TRY(sw_work_out(p, b, i, err));
	if (b->nm)
		p->next = b->m[b->nm - 1].id + 1;
	sw_views(p, b);
	return CP_OK;
}

/* The helper thread: fills batches while there is room, in order. */
static void *sw_reader(void *arg)
{
	sw_plan *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->stop && !p->done) {
		if (p->filled >= p->taken + SW_NB) {
			pthread_cond_wait(&p->cv, &p->mu);
			continue;
		}
		sw_batch *b = p->b[p->filled % SW_NB];
		pthread_mutex_unlock(&p->mu);
		cp_error e;
		cp_status st = sw_fill(p, b, &e);
		pthread_mutex_lock(&p->mu);
		if (st != CP_OK) {
			p->st = st;
			p->err = e;
			p->done = true;
		} else {
			p->filled++;
			p->done = b->nm == 0;
		}
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

cp_status sw_plan_begin(store_txn *rt, const policy *np,
                        const calendar *ncal, cp_date today, sw_plan **out,
                        cp_error *err)
{
	sw_plan *p = calloc(1, sizeof *p);
	*out = NULL;
	if (!p)
		return cp_oom(err);
	p->rt = rt;
	p->sm = (sw_meet){ .np = np, .ncal = ncal, .today = today };
	p->next = 1;   /* ids start at 1 */
	for (size_t i = 0; i < SW_NB; i++)
		if (!(p->b[i] = calloc(1, sizeof *p->b[i]))) {
			sw_plan_end(p);
			return cp_oom(err);
		}
	*out = p;
	if (pthread_mutex_init(&p->mu, NULL))
		return CP_OK;   /* no helper: sw_plan_next works inline */
	if (pthread_cond_init(&p->cv, NULL)) {
		pthread_mutex_destroy(&p->mu);
		return CP_OK;
	}
	p->threaded = pthread_create(&p->th, NULL, sw_reader, p) == 0;
	if (!p->threaded) {
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
	}
	return CP_OK;
}

/* Give back the batch the caller had; *out the next (NULL: the end). */
static cp_status sw_next_inline(sw_plan *p, sw_batch **out, cp_error *err)
{
	if (p->holding)
		p->taken++;
	p->holding = false;
	sw_batch *b = p->b[p->filled % SW_NB];
	CP_TRY(sw_fill(p, b, err));
	p->filled++;
	*out = b;
	return CP_OK;
}

static cp_status sw_next_threaded(sw_plan *p, sw_batch **out, cp_error *err)
{
	cp_status st = CP_OK;
	pthread_mutex_lock(&p->mu);
	if (p->holding) {
		p->taken++;
		p->holding = false;
		pthread_cond_broadcast(&p->cv);
	}
	while (p->filled == p->taken && !p->done)
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->filled > p->taken) {
		*out = p->b[p->taken % SW_NB];
	} else if (p->st != CP_OK) {
		st = p->st;
		*err = p->err;
	}
	pthread_mutex_unlock(&p->mu);
	return st;
}

cp_status sw_plan_next(sw_plan *p, sw_view **views, size_t *n,
                       size_t *looked, size_t *history, cp_error *err)
{
	sw_batch *b = NULL;
	*views = NULL;
	*n = *looked = *history = 0;
	CP_TRY(p->threaded ? sw_next_threaded(p, &b, err)
	                : sw_next_inline(p, &b, err));
	if (!b)
		return CP_OK;
	p->holding = true;
	*views = b->views;
	*n = b->nviews;
	*looked = b->nm;
	*history = b->history;
	return CP_OK;
}

void sw_plan_end(sw_plan *p)
{
	if (!p)
		return;
	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		p->stop = true;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->th, NULL);
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
	}
	for (size_t i = 0; i < SW_NB; i++) {
		if (!p->b[i])
			continue;
		sw_batch_clear(p->b[i]);
		free(p->b[i]->tasks);
		free(p->b[i]->ch);
		free(p->b[i]->text);
		free(p->b[i]);
	}
	sw_free(&p->sm);
	free(p);
}

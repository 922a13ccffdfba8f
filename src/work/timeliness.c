/* timeliness.c - the timeliness figures (timeliness.h, doc/timeliness.md).
 *
 * One read transaction: the meetings dated in the period by their date
 * index, and for each conference or review its children, its tasks (the
 * minutes step and the report deadline) and its agency reports; a
 * strategy discussion is read by the ICPC's prev_id.  Children are read
 * only to decide whether the reader sees them and whether they are of
 * the team asked for (a reader who sees every case, with no team, reads
 * only the children the report names). */
#include <stdlib.h>
#include <string.h>

#include "hidx.h"
#include "permit.h"
#include "query.h"
#include "text.h"
#include "timeliness.h"
#include "vec.h"

static const char *const measure_ids[TM_COUNT] = {
	[TM_ICPC_STRATEGY] = "icpc-strategy",
	[TM_ICPC_S47] = "icpc-s47",
	[TM_RCPC_FIRST] = "rcpc-first",
	[TM_RCPC_LATER] = "rcpc-later",
	[TM_CLA_FIRST] = "cla-first",
	[TM_CLA_SECOND] = "cla-second",
	[TM_CLA_LATER] = "cla-later",
	[TM_MINUTES] = "minutes",
	[TM_REPORTS] = "reports",
};

static const char *const measure_titles[TM_COUNT] = {
	[TM_ICPC_STRATEGY] = "ICPC within 15 WD of strategy discussion",
	[TM_ICPC_S47] = "ICPC within 15 WD of s47 start (census)",
	[TM_RCPC_FIRST] = "First RCPC within 3 months of the ICPC",
	[TM_RCPC_LATER] = "Later RCPCs within 6 months",
	[TM_CLA_FIRST] = "First CLA review within 20 WD",
	[TM_CLA_SECOND] = "Second CLA review within 3 months",
	[TM_CLA_LATER] = "Later CLA reviews within 6 months",
	[TM_MINUTES] = "Minutes by the policy's due date",
	[TM_REPORTS] = "Agency reports by the report deadline",
};

const char *tm_measure_id(tm_measure m)
{
	return (unsigned)m < TM_COUNT ? measure_ids[m] : "?";
}

const char *tm_measure_title(tm_measure m)
{
	return (unsigned)m < TM_COUNT ? measure_titles[m] : "?";
}

int tm_percent_tenths(const tm_tally *t)
{
	if (!t->due)
		return -1;
	return (int)(((unsigned long)t->on_time * 1000 + t->due / 2) / t->due);
}

/* ---- freeing ------------------------------------------------------------ */
static void late_free(tm_late *l)
{
	free(l->child_id);
	free(l->child_name);
	free(l->meeting_type);
	free(l->what);
	free(l->reason);
}

static void cancel_free(tm_cancel *c)
{
	free(c->meeting_type);
	free(c->child_id);
	free(c->child_name);
	free(c->reason);
	free(c->approved_by);
}

void timeliness_free(timeliness *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nlate; i++)
		late_free(&t->late[i]);
	for (size_t i = 0; i < t->nagencies; i++)
		free(t->agencies[i].agency);
	for (size_t i = 0; i < t->ncancels; i++)
		cancel_free(&t->cancels[i]);
	free(t->late);
	free(t->agencies);
	free(t->cancels);
	free(t->team);
	free(t->policy_id);
	free(t->policy_title);
	memset(t, 0, sizeof *t);
}

/* ---- the builder -------------------------------------------------------- */
/* A child met once: whether it counts for this reader and team. */
typedef struct kid {
	char *id;
	char *name;         /* sanitised; NULL until read */
	bool counts;
} kid;

typedef struct worker_team {
	char *login, *team;
} worker_team;

typedef struct builder {
	casework *cw;
	store_txn *t;
	timeliness *out;
	const char *team;           /* NULL: any */
	bool sees_all;
	kid **kids;                 /* each its own allocation: a kid * stays
	                               valid while more are added */
	size_t nkids, capkids;
	hidx kix;
	worker_team *wt;            /* a team's lookups: login -> team */
	size_t nwt, capwt;
	hidx wix;
	size_t caplate, capcancel, capagency;
	bool oom;
	cp_status st;               /* a failure inside a scan callback */
	cp_error *err;
} builder;

static void builder_end(builder *b)
{
	for (size_t i = 0; i < b->nkids; i++) {
		free(b->kids[i]->id);
		free(b->kids[i]->name);
		free(b->kids[i]);
	}
	for (size_t i = 0; i < b->nwt; i++) {
		free(b->wt[i].login);
		free(b->wt[i].team);
	}
	free(b->kids);
	free(b->wt);
	hidx_free(&b->kix);
	hidx_free(&b->wix);
}

static char *clean_dup(const char *s)
{
	return text_sanitize_dup(s ? s : "");
}

typedef struct key_ctx {
	const builder *b;
	const char *key;
} key_ctx;

static bool kid_is(const void *ctx, size_t pos)
{
	const key_ctx *k = ctx;
	return !strcmp(k->b->kids[pos]->id, k->key);
}

static bool worker_is(const void *ctx, size_t pos)
{
	const key_ctx *k = ctx;
	return !strcmp(k->b->wt[pos].login, k->key);
}

/* The team of a social worker (login), read once; "" when none. */
static cp_status team_of(builder *b, const char *login, const char **out,
                         cp_error *err)
{
	key_ctx k = { b, login };
	uint64_t h = hidx_hash_str(login);
	size_t i = hidx_find(&b->wix, h, worker_is, &k);
	if (i != HIDX_NONE) {
		*out = b->wt[i].team;
		return CP_OK;
	}
	cp_worker w = { 0 };
	bool found = false;
	CP_TRY(store_worker_get(b->t, login, &w, &found, err));
	worker_team e = { strdup(login), strdup(found ? w.team : "") };
	cp_worker_free(&w);
	if (!e.login || !e.team ||
	    !vec_room((void **)&b->wt, &b->capwt, b->nwt, sizeof *b->wt, 64) ||
	    !hidx_add(&b->wix, h, b->nwt)) {
		free(e.login);
		free(e.team);
		return cp_oom(err);
	}
	b->wt[b->nwt] = e;
	*out = b->wt[b->nwt++].team;
	return CP_OK;
}

/* Does the child count: seen by the reader, of the team asked for? */
static cp_status kid_judge(builder *b, kid *k, cp_error *err)
{
	cp_child c = { 0 };
	bool found = false;
	CP_TRY(store_child_get(b->t, k->id, &c, &found, err));
	cp_status st = CP_OK;
	k->counts = found && permit_sees_child(b->cw->pm, b->t, &c);
	if (k->counts && b->team) {
		const char *team = "";
		st = team_of(b, c.social_worker, &team, err);
		k->counts = st == CP_OK && !strcmp(team, b->team);
	}
	if (st == CP_OK && found && !(k->name = clean_dup(c.name)))
		st = cp_oom(err);
	cp_child_free(&c);
	return st;
}

/* The child id's entry, judged the first time it is met. */
static cp_status kid_get(builder *b, const char *id, kid **out, cp_error *err)
{
	key_ctx k = { b, id };
	uint64_t h = hidx_hash_str(id);
	size_t i = hidx_find(&b->kix, h, kid_is, &k);
	if (i != HIDX_NONE) {
		*out = b->kids[i];
		return CP_OK;
	}
	kid *e = calloc(1, sizeof *e);
	if (!e || !(e->id = strdup(id)) ||
	    !vec_room((void **)&b->kids, &b->capkids, b->nkids, sizeof *b->kids,
	              256) || !hidx_add(&b->kix, h, b->nkids)) {
		if (e)
			free(e->id);
		free(e);
		return cp_oom(err);
	}
	e->counts = true;
	b->kids[b->nkids++] = e;
	*out = e;
	if (b->sees_all && !b->team)
		return CP_OK;          /* counts; its name is read if needed */
	return kid_judge(b, e, err);
}

/* A child's name for a row (read now when it was not before). */
static cp_status kid_name(builder *b, kid *k, const char **out, cp_error *err)
{
	if (!k->name) {
		cp_child c = { 0 };
		bool found = false;
		CP_TRY(store_child_get(b->t, k->id, &c, &found, err));
		k->name = clean_dup(found ? c.name : "");
		cp_child_free(&c);
		if (!k->name)
			return cp_oom(err);
	}
	*out = k->name;
	return CP_OK;
}

/* ---- tallies and rows --------------------------------------------------- */
static size_t month_of(const timeliness *o, cp_date d)
{
	size_t i = 0;
	while (i + 1 < o->nmonths && d >= o->month[i + 1])
		i++;
	return i;
}

typedef enum { T_ON_TIME, T_LATE, T_PENDING, T_LEFT_OUT } tally_kind;

static void tally(timeliness *o, tm_measure m, cp_date when, tally_kind k)
{
	tm_tally *t[2] = { &o->total[m], &o->by_month[month_of(o, when)][m] };
	for (int i = 0; i < 2; i++) {
		if (k == T_ON_TIME || k == T_LATE)
			t[i]->due++;
		if (k == T_ON_TIME)
			t[i]->on_time++;
		if (k == T_PENDING)
			t[i]->pending++;
		if (k == T_LEFT_OUT)
			t[i]->left_out++;
	}
}

/* Working days from due to `to`; a day that is no working day counts
 * as the next one (a report in on Sunday is used on Monday), so late is
 * never 0 days late. */
static cp_status workdays_late(const builder *b, cp_date due, cp_date to,
                               int *out, cp_error *err)
{
	CP_TRY(calendar_workday_on_or_after(b->cw->cal, to, &to, err));
	return calendar_workdays_between(b->cw->cal, due, to, out, err);
}

/* Working days from due to done; not done, to today (on a day that is
 * no working day, to the working day before: still not done on Sunday
 * is as late as on Friday). */
static cp_status days_after(const builder *b, cp_date due, cp_date done,
                            int *out, cp_error *err)
{
	if (done != CP_DATE_NONE)
		return workdays_late(b, due, done, out, err);
	cp_date to;
	CP_TRY(calendar_workday_on_or_before(b->cw->cal, b->out->today, &to, err));
	return calendar_workdays_between(b->cw->cal, due, to, out, err);
}

typedef struct late_in {
	tm_measure measure;
	const cp_meeting *m;
	kid *k;
	cp_date due, done;
	int days;
	const char *what, *reason;
} late_in;

static cp_status add_late(builder *b, const late_in *in, cp_error *err)
{
	timeliness *o = b->out;
	const char *name = "";
	CP_TRY(kid_name(b, in->k, &name, err));
	if (!vec_room((void **)&o->late, &b->caplate, o->nlate, sizeof *o->late, 64))
		return cp_oom(err);
	tm_late *l = &o->late[o->nlate];
	*l = (tm_late){
		.measure = in->measure, .meeting_id = in->m->id,
		.meeting_date = in->m->date, .due = in->due, .done = in->done,
		.days_late = in->days,
		.child_id = clean_dup(in->k->id), .child_name = clean_dup(name),
		.meeting_type = clean_dup(in->m->type), .what = clean_dup(in->what),
		.reason = clean_dup(in->reason),
	};
	o->nlate++;
	if (!l->child_id || !l->child_name || !l->meeting_type || !l->what ||
	    !l->reason)
		return cp_oom(err);
	return CP_OK;
}

/* ---- conferences and reviews --------------------------------------------- */
/* Which measure a held meeting is, and its last lawful day; *measure is
 * TM_COUNT when it is none of them. */
static cp_status icpc_strategy_due(builder *b, const cp_meeting *m,
                                   cp_date *due, cp_error *err)
{
	*due = CP_DATE_NONE;
	if (!m->prev_id)
		return CP_OK;
	cp_meeting s;
	bool found = false;
	CP_TRY(store_meeting_get(b->t, m->prev_id, &s, &found, err));
	cp_status st = CP_OK;
	if (found && !strcmp(s.type, "strategy"))
		st = calendar_add_workdays(b->cw->cal, s.date, 15, due, err);
	if (found)
		cp_meeting_free(&s);
	return st;
}

static cp_status icpc_s47_due(builder *b, const cp_meeting *m, cp_date *due,
                              cp_error *err)
{
	*due = CP_DATE_NONE;
	for (size_t i = 0; i < m->nanchors; i++)
		if (!strcmp(m->anchors[i].name, "s47-start"))
			return calendar_add_workdays(b->cw->cal, m->anchors[i].date,
			                             15, due, err);
	return CP_OK;
}

static tm_measure review_measure(const cp_meeting *m)
{
	if (!strcmp(m->type, "rcpc"))
		return m->nth <= 1 ? TM_RCPC_FIRST : TM_RCPC_LATER;
	if (!strcmp(m->type, "cla-review"))
		return m->nth <= 1 ? TM_CLA_FIRST :
		       m->nth == 2 ? TM_CLA_SECOND : TM_CLA_LATER;
	return TM_COUNT;
}

/* One measure of a meeting, for each child of it that counts. */
static cp_status judge_meeting(builder *b, const cp_meeting *m,
                               tm_measure measure, cp_date due,
                               kid **kids, size_t nkids, cp_error *err)
{
	timeliness *o = b->out;
	for (size_t i = 0; i < nkids; i++) {
		if (m->status != MEETING_HELD) {
			tally(o, measure, m->date, T_PENDING);
			continue;
		}
		if (due == CP_DATE_NONE) {
			tally(o, measure, m->date, T_LEFT_OUT);
			continue;
		}
		bool on_time = m->date <= due;
		tally(o, measure, m->date, on_time ? T_ON_TIME : T_LATE);
		if (on_time)
			continue;
		late_in in = { measure, m, kids[i], due, m->date, 0, "",
		               m->cadence_exception ? m->reason : "" };
		CP_TRY(days_after(b, due, m->date, &in.days, err));
		CP_TRY(add_late(b, &in, err));
	}
	return CP_OK;
}

static cp_status conferences(builder *b, const cp_meeting *m, kid **kids,
                             size_t nkids, cp_error *err)
{
	cp_date due;
	if (!strcmp(m->type, "icpc")) {
		CP_TRY(icpc_strategy_due(b, m, &due, err));
		CP_TRY(judge_meeting(b, m, TM_ICPC_STRATEGY, due, kids, nkids, err));
		CP_TRY(icpc_s47_due(b, m, &due, err));
		return judge_meeting(b, m, TM_ICPC_S47, due, kids, nkids, err);
	}
	tm_measure r = review_measure(m);
	if (r == TM_COUNT)
		return CP_OK;
	return judge_meeting(b, m, r, m->cadence_by, kids, nkids, err);
}

/* ---- minutes and reports --------------------------------------------------- */
typedef struct steps_seen {
	const policy_step *minutes, *deadline;
	cp_task_vec minutes_tasks;
	cp_date report_due;          /* the report-deadline task's due */
	bool oom;
} steps_seen;

static bool see_task(void *ctx, const cp_task *k)
{
	steps_seen *s = ctx;
	if (k->kind != TASK_STEP)
		return true;
	if (s->deadline && s->report_due == CP_DATE_NONE &&
	    !strcmp(k->step_id, s->deadline->id))
		s->report_due = k->due;
	if (s->minutes && !strcmp(k->step_id, s->minutes->id) &&
	    cp_task_vec_push(&s->minutes_tasks, k, NULL) != CP_OK)
		return !(s->oom = true);
	return true;
}

static cp_date task_done_day(const cp_task *k)
{
	return k->done_on != CP_DATE_NONE ? k->done_on : date_of_moment(k->done_at);
}

static cp_status one_minutes(builder *b, const cp_meeting *m,
                             const cp_task *k, cp_error *err)
{
	timeliness *o = b->out;
	kid *c;
	CP_TRY(kid_get(b, k->child_id, &c, err));
	if (!c->counts)
		return CP_OK;
	if (k->status == TASK_NOT_NEEDED || k->status == TASK_CANCELLED) {
		tally(o, TM_MINUTES, m->date, T_LEFT_OUT);
		return CP_OK;
	}
	cp_date done = k->status == TASK_DONE ? task_done_day(k) : CP_DATE_NONE;
	if (k->status == TASK_OPEN && k->due >= o->today) {
		tally(o, TM_MINUTES, m->date, T_PENDING);
		return CP_OK;
	}
	bool on_time = done != CP_DATE_NONE && done <= k->due;
	tally(o, TM_MINUTES, m->date, on_time ? T_ON_TIME : T_LATE);
	if (on_time)
		return CP_OK;
	late_in in = { TM_MINUTES, m, c, k->due, done, 0, k->step_id, k->note };
	CP_TRY(days_after(b, k->due, done, &in.days, err));
	return add_late(b, &in, err);
}

static cp_status agency_tally(builder *b, const char *agency, bool on_time,
                              cp_error *err)
{
	timeliness *o = b->out;
	char *name = clean_dup(agency);
	if (!name)
		return cp_oom(err);
	size_t i = 0;
	while (i < o->nagencies && strcmp(o->agencies[i].agency, name))
		i++;
	if (i == o->nagencies) {
		if (!vec_room((void **)&o->agencies, &b->capagency, o->nagencies,
		              sizeof *o->agencies, 16)) {
			free(name);
			return cp_oom(err);
		}
		o->agencies[o->nagencies++] = (tm_agency){ .agency = name };
	} else {
		free(name);
	}
	o->agencies[i].t.due++;
	o->agencies[i].t.on_time += on_time;
	return CP_OK;
}

typedef struct report_walk {
	builder *b;
	const cp_meeting *m;
	kid *k;
	cp_date due;
	cp_status st;
	cp_error *err;
} report_walk;

static cp_status one_report(report_walk *w, const cp_report *r)
{
	builder *b = w->b;
	if (!r->expected && r->received == CP_DATE_NONE)
		return CP_OK;           /* invited, no report asked for */
	if (w->due == CP_DATE_NONE) {
		tally(b->out, TM_REPORTS, w->m->date, T_LEFT_OUT);
		return CP_OK;
	}
	bool on_time = r->received != CP_DATE_NONE && r->received <= w->due;
	tally(b->out, TM_REPORTS, w->m->date, on_time ? T_ON_TIME : T_LATE);
	CP_TRY(agency_tally(b, r->agency, on_time, w->err));
	if (on_time)
		return CP_OK;
	/* never received: late by the meeting, which was held without it */
	cp_date to = r->received != CP_DATE_NONE ? r->received : w->m->date;
	late_in in = { TM_REPORTS, w->m, w->k, w->due, r->received, 0, r->agency,
	               r->received == CP_DATE_NONE ? "not received" : "" };
	CP_TRY(workdays_late(b, w->due, to, &in.days, w->err));
	return add_late(b, &in, w->err);
}

typedef struct reports_in {
	cp_report_vec v;
	bool asked;               /* any report asked for, or come in */
	bool oom;
} reports_in;

static bool keep_report(void *ctx, const cp_report *r)
{
	reports_in *ri = ctx;
	ri->asked |= r->expected || r->received != CP_DATE_NONE;
	return cp_report_vec_push(&ri->v, r, NULL) == CP_OK || !(ri->oom = true);
}

/* The meeting's minutes tasks and report deadline: its tasks read only
 * when the policy gives its type a minutes step, or it has reports to
 * hold to a deadline (most of the cost at national scale); through one
 * cursor, so its tasks, made together, cost one search of the tree. */
static cp_status meeting_steps(builder *b, const cp_meeting *m, bool reports,
                               steps_seen *s, cp_error *err)
{
	const policy_meeting *pm = policy_meeting_find(b->cw->pol, m->type);
	for (size_t i = 0; pm && i < pm->nsteps; i++) {
		if (pm->steps[i].minutes && !s->minutes)
			s->minutes = &pm->steps[i];
		if (pm->steps[i].report_deadline && !s->deadline)
			s->deadline = &pm->steps[i];
	}
	if (!s->minutes && !(s->deadline && reports))
		return CP_OK;
	CP_TRY(store_tasks_for_meetings(b->t, m->id, m->id, see_task, s, err));
	return s->oom ? cp_oom(err) : CP_OK;
}

static cp_status minutes_and_reports(builder *b, const cp_meeting *m,
                                     kid *index, cp_error *err)
{
	reports_in ri = { 0 };
	steps_seen s = { .report_due = CP_DATE_NONE };
	cp_status st = store_reports_for_meeting(b->t, m->id, keep_report, &ri,
	                                         err);
	if (st == CP_OK && ri.oom)
		st = cp_oom(err);
	if (st == CP_OK)
		st = meeting_steps(b, m, ri.asked, &s, err);
	for (size_t i = 0; st == CP_OK && i < s.minutes_tasks.n; i++)
		st = one_minutes(b, m, &s.minutes_tasks.v[i], err);
	report_walk w = { b, m, index, s.report_due, CP_OK, err };
	for (size_t i = 0; st == CP_OK && index->counts && i < ri.v.n; i++)
		st = one_report(&w, &ri.v.v[i]);
	cp_task_vec_free(&s.minutes_tasks);
	cp_report_vec_free(&ri.v);
	return st;
}

/* ---- cancellations ---------------------------------------------------------- */
static cp_status add_cancel(builder *b, const cp_meeting *m, kid *k,
                            cp_error *err)
{
	timeliness *o = b->out;
	const char *name = "";
	CP_TRY(kid_name(b, k, &name, err));
	if (!vec_room((void **)&o->cancels, &b->capcancel, o->ncancels,
	              sizeof *o->cancels, 16))
		return cp_oom(err);
	tm_cancel *c = &o->cancels[o->ncancels++];
	*c = (tm_cancel){
		.date = m->date, .meeting_id = m->id,
		.meeting_type = clean_dup(m->type), .child_id = clean_dup(k->id),
		.child_name = clean_dup(name), .reason = clean_dup(m->reason),
		.approved_by = clean_dup(m->approved_by),
	};
	if (!c->meeting_type || !c->child_id || !c->child_name || !c->reason ||
	    !c->approved_by)
		return cp_oom(err);
	return CP_OK;
}

/* ---- the walk ------------------------------------------------------------- */
static bool wanted(const cp_meeting *m)
{
	return m->status == MEETING_CANCELLED || !strcmp(m->type, "icpc") ||
	       !strcmp(m->type, "rcpc") || !strcmp(m->type, "cla-review");
}

static cp_status one_meeting(builder *b, const cp_meeting *m, cp_error *err);

/* Each meeting counted as the store hands it over (in id order), not
 * kept: copying a year's meetings at national scale cost a quarter of
 * the time.  Its reads use cursors of their own in the same
 * transaction. */
static bool count_meeting(void *ctx, const cp_meeting *m)
{
	builder *b = ctx;
	if (!wanted(m))
		return true;
	b->st = one_meeting(b, m, b->err);
	return b->st == CP_OK;
}

static cp_status one_meeting(builder *b, const cp_meeting *m, cp_error *err)
{
	kid *kids[MEETING_CHILDREN_MAX];
	size_t n = 0;
	for (size_t i = 0; i <= m->nsiblings && i < MEETING_CHILDREN_MAX; i++) {
		kid *k;
		CP_TRY(kid_get(b, i ? m->siblings[i - 1] : m->child_id, &k, err));
		if (k->counts)
			kids[n++] = k;
	}
	if (!n)
		return CP_OK;
	if (m->status == MEETING_CANCELLED)
		return add_cancel(b, m, kids[0], err);
	CP_TRY(conferences(b, m, kids, n, err));
	if (m->status != MEETING_HELD)
		return CP_OK;
	return minutes_and_reports(b, m, kids[0], err);
}

/* A team is the reader's when they see the children of every worker in
 * it (a team manager's own team, a service manager's teams below). */
typedef struct team_walk {
	builder *b;
	const char *team;
	size_t members;
	char *unseen;            /* the first member the reader does not see */
	bool oom;
} team_walk;

static bool see_member(void *ctx, const cp_worker *w)
{
	team_walk *tw = ctx;
	if (strcmp(w->team, tw->team))
		return true;
	tw->members++;
	cp_child probe;
	cp_child_init(&probe);
	probe.id = (char *)"";
	probe.social_worker = w->login;
	if (tw->unseen || permit_sees_child(tw->b->cw->pm, tw->b->t, &probe))
		return true;
	if (!(tw->unseen = strdup(w->login)))
		tw->oom = true;
	return !tw->oom;
}

static cp_status check_team(builder *b, const char *team, cp_error *err)
{
	team_walk tw = { b, team, 0, NULL, false };
	CP_TRY(store_worker_list(b->t, see_member, &tw, err));
	cp_status st = CP_OK;
	char *safe = clean_dup(team);
	if (tw.oom || !safe)
		st = cp_oom(err);
	else if (!tw.members)
		st = cp_fail(err, CP_BADINPUT, "no worker is in team '%s' (cpdesk "
		             "worker list shows each worker's team)", safe);
	else if (tw.unseen)
		st = cp_fail(err, CP_REFUSED, "team '%s' is not yours to see: you "
		             "do not see the children of %s, who is in it", safe,
		             tw.unseen);
	free(safe);
	free(tw.unseen);
	return st;
}

static cp_status walk(builder *b, cp_error *err)
{
	timeliness *o = b->out;
	if (b->team)
		CP_TRY(check_team(b, b->team, err));
	/* by id: a meeting's tasks and reports are keyed near it, so the
	 * reads below go through the store in its own order */
	b->st = CP_OK;
	b->err = err;
	cp_status st = store_meetings_between_by_id(b->t, o->from, o->to,
	                                            count_meeting, b, err);
	return st == CP_OK ? b->st : st;
}

/* ---- order, the record, the whole ------------------------------------------ */
static int late_order(const void *a, const void *b)
{
	const tm_late *x = a, *y = b;
	if (x->measure != y->measure)
		return x->measure < y->measure ? -1 : 1;
	if (x->meeting_date != y->meeting_date)
		return x->meeting_date < y->meeting_date ? -1 : 1;
	if (x->meeting_id != y->meeting_id)
		return x->meeting_id < y->meeting_id ? -1 : 1;
	int c = strcmp(x->child_id, y->child_id);
	return c ? c : strcmp(x->what, y->what);
}

static int cancel_order(const void *a, const void *b)
{
	const tm_cancel *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->meeting_id < y->meeting_id ? -1 : x->meeting_id > y->meeting_id;
}

static int agency_order(const void *a, const void *b)
{
	return strcmp(((const tm_agency *)a)->agency,
	              ((const tm_agency *)b)->agency);
}

/* Every child the report names, on the record. */
static cp_status note_named(casework *cw, const timeliness *o,
                            const char *where, cp_error *err)
{
	size_t n = 0;
	const char **ids = malloc((o->nlate + o->ncancels + 1) * sizeof *ids);
	if (!ids)
		return cp_oom(err);
	for (size_t i = 0; i < o->nlate; i++)
		ids[n++] = o->late[i].child_id;
	for (size_t i = 0; i < o->ncancels; i++)
		ids[n++] = o->cancels[i].child_id;
	cp_status st = query_note_children(cw, where, ids, n, err);
	free(ids);
	return st;
}

static cp_status set_period(timeliness *o, cp_date from, cp_date to,
                            cp_error *err)
{
	char fs[CP_DATE_STRLEN], ts[CP_DATE_STRLEN];
	date_format(from, fs);
	date_format(to, ts);
	if (from == CP_DATE_NONE || to == CP_DATE_NONE)
		return cp_fail(err, CP_BADINPUT, "timeliness: the period needs a "
		               "first and a last day");
	if (to < from)
		return cp_fail(err, CP_BADINPUT, "timeliness: the period ends (%s) "
		               "before it starts (%s): give the later date last", ts, fs);
	int y, m, d;
	date_to_ymd(from, &y, &m, &d);
	cp_date first;
	date_from_ymd(y, m, 1, &first);
	for (cp_date at = first; at <= to; at = date_add_months(at, 1)) {
		if (o->nmonths == TM_MONTHS_MAX)
			return cp_fail(err, CP_BADINPUT, "timeliness: %s to %s is more "
			               "than %d months: ask for a shorter period", fs, ts,
			               TM_MONTHS_MAX);
		o->month[o->nmonths++] = at;
	}
	o->from = from;
	o->to = to;
	return CP_OK;
}

static cp_status build_in(builder *b, cp_error *err)
{
	store_txn *t;
	CP_TRY(store_read_begin(b->cw->st, &t, err));
	b->t = t;
	cp_status st = walk(b, err);
	store_read_end(t);
	return st;
}

cp_status timeliness_build(casework *cw, cp_date from, cp_date to,
                           cp_date today, const char *team,
                           const char *where, timeliness *out,
                           cp_error *err)
{
	memset(out, 0, sizeof *out);
	CP_TRY(permit_may(cw->pm, ACCESS_READ_TIMELINESS, err));
	timeliness o = { .today = today };
	cp_status st = set_period(&o, from, to, err);
	if (st != CP_OK)
		return st;
	o.team = clean_dup(team);
	o.policy_id = clean_dup(cw->pol->id);
	o.policy_title = clean_dup(cw->pol->title);
	if (!o.team || !o.policy_id || !o.policy_title) {
		timeliness_free(&o);
		return cp_oom(err);
	}
	builder b = { .cw = cw, .out = &o, .team = team && *team ? team : NULL,
	              .sees_all = permit_sees_all(cw->pm) };
	st = build_in(&b, err);
	builder_end(&b);
	if (st == CP_OK) {
		/* (qsort is not given NULL, even for nothing) */
		if (o.nlate)
			qsort(o.late, o.nlate, sizeof *o.late, late_order);
		if (o.ncancels)
			qsort(o.cancels, o.ncancels, sizeof *o.cancels, cancel_order);
		if (o.nagencies)
			qsort(o.agencies, o.nagencies, sizeof *o.agencies, agency_order);
		st = note_named(cw, &o, where, err);
	}
	if (st != CP_OK) {
		timeliness_free(&o);
		return st;
	}
	*out = o;
	return CP_OK;
}

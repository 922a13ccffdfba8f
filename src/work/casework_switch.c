/* casework_switch.c - switching a store's policy (issue 6): what a new
 * policy changes in every meeting's step tasks (casework_policy_diff)
 * and the switch itself (casework_policy_use), one write transaction.
 * A switch changes the future, not history; see casework.h. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "text.h"
#include "permit.h"
#include "switch_plan.h"
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
	free(d->back);
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
	if (!k || !vec_push_zeroed((void **)v, *n, sizeof **v)) {
		free(k);
		return NULL;
	}
	cw_tally *nv = *v;
	memmove(&nv[lo + 1], &nv[lo], (*n - lo) * sizeof *nv);
	nv[lo] = (cw_tally){ .key = k };
	(*n)++;
	return &nv[lo];
}

/* ---- the walk -------------------------------------------------------------
 * switch_plan.c works out each meeting's changes (a batch ahead, in a
 * helper thread reading its own transaction); here they are counted and
 * handed on: listed (policy diff) or written (policy use). */

/* Count the meeting's changes: totals, by meeting type, by team. */
static cp_status sw_count(const sw_view *v, cw_policy_diff *out,
                          cp_error *err)
{
	cw_tally *ty = tally_of(&out->types, &out->ntypes, text_or_empty(v->m->type));
	cw_tally *tm = ty ? tally_of(&out->teams, &out->nteams, v->team) : NULL;
	if (!tm)
		return cp_oom(err);
	bool changed = false;
	for (size_t i = 0; i < v->nch; i++) {
		cw_change_kind k = v->ch[i].kind;
		changed |= k != CW_SKIPPED;
		out->tot[k]++;
		ty->n[k]++;
		tm->n[k]++;
	}
	out->changed += changed;
	return CP_OK;
}

/* A change as the public struct, its strings lent from v. */
static void sw_lend(const sw_view *v, const sw_change *c,
                    cw_policy_change *out)
{
	const sw_task *k = c->task == SW_NONE ? NULL : &v->tasks[c->task];
	*out = (cw_policy_change){
		.kind = c->kind, .meeting_id = v->m->id,
		.task_id = k ? k->id : c->new_id,
		.meeting_type = v->m->type,
		.child_id = (char *)sw_child_id(v->m, k ? k->child : c->child),
		.team = (char *)v->team,
		.step_id = c->step ? c->step->id : (char *)v->text + k->step,
		.from = c->from, .to = c->to,
	};
	if (c->kind == CW_REASSIGNED) {
		out->role_from = k->role;
		out->role_to = c->step->role;
		out->from_login = (char *)v->text + k->assignee;
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
		return cp_oom(err);
	bool bad = false;
	cw_policy_change *k = &d->v[d->n++];
	*k = *c;
	k->meeting_type = dup_or_null(text_or_empty(c->meeting_type), &bad);
	k->child_id = dup_or_null(text_or_empty(c->child_id), &bad);
	k->team = dup_or_null(text_or_empty(c->team), &bad);
	k->step_id = dup_or_null(text_or_empty(c->step_id), &bad);
	k->from_login = dup_or_null(c->from_login, &bad);
	k->to_login = dup_or_null(c->to_login, &bad);
	return bad ? cp_oom(err) : CP_OK;
}

static cp_status sw_keep_all(const sw_view *v, cw_policy_diff *d,
                             cp_error *err)
{
	for (size_t i = 0; i < v->nch; i++) {
		cw_policy_change c;
		sw_lend(v, &v->ch[i], &c);
		CP_TRY(change_keep(d, &c, err));
	}
	return CP_OK;
}

/* Called for each meeting with changes, by rising meeting id; wt is the
 * write transaction (policy use) or NULL (policy diff). */
typedef cp_status (*sw_each_fn)(store_txn *wt, const sw_view *v, void *ctx,
                                cp_error *err);

/* The day before which a switch adds nothing and leaves meetings as
 * they are: today, for a dated session (the commands, the console). */
static cp_date sw_today(const casework *cw)
{
	return cw->dated ? cw->today : CP_DATE_NONE;
}

/* Every meeting of the store as rt sees it, against np: out gets the
 * counts, each the meetings with changes.  rt is the plan's while it
 * runs. */
static cp_status sw_walk(store_txn *rt, store_txn *wt, const policy *np,
                         const calendar *ncal, cp_date today,
                         const char *what, cw_progress_fn progress,
                         cw_policy_diff *out, sw_each_fn each, void *ctx,
                         cp_error *err)
{
	size_t total, done = 0, n, looked, history;
	sw_plan *p;
	sw_view *v;
	CP_TRY(store_meeting_count(rt, &total, err));
	out->meetings = total;
	CP_TRY(sw_plan_begin(rt, np, ncal, today, &p, err));
	cp_status st;
	while ((st = sw_plan_next(p, &v, &n, &looked, &history, err)) == CP_OK &&
	       looked) {
		out->history += history;
		for (size_t i = 0; st == CP_OK && i < n; i++) {
			st = sw_count(&v[i], out, err);
			if (st == CP_OK)
				st = each(wt, &v[i], ctx, err);
		}
		done += looked;
		if (st == CP_OK && progress)
			progress(what, done, total > done ? total : done);
	}
	sw_plan_end(p);
	return st;
}

/* ---- policy diff -------------------------------------------------------- */
typedef struct diff_ctx {
	cw_change_fn each;
	void *ctx;
	cw_policy_diff *out;
} diff_ctx;

static cp_status diff_report(store_txn *wt, const sw_view *v, void *ctx,
                             cp_error *err)
{
	(void)wt;
	diff_ctx *dc = ctx;
	for (size_t i = 0; i < v->nch; i++) {
		cw_policy_change c;
		sw_lend(v, &v->ch[i], &c);
		CP_TRY(dc->each(dc->ctx, dc->out, &c, err));
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
	CP_TRY(store_read_begin(cw->st, &t, err));
	diff_ctx dc = { each, ctx, out };
	cp_status st = sw_walk(t, NULL, np, ncal, sw_today(cw), "policy diff",
	                       progress, out, diff_report, &dc, err);
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
	const cw_policy_src *src;    /* NULL: the policy stays (holidays use) */
	const holiday_file *holidays;/* holidays use: the new bank holidays */
	const calendar *ncal;
	const char *reason;
	cw_use_opts o;
	cw_policy_diff out;
	char *buf;             /* an audit entry's text, reused */
	size_t nbuf, capbuf;
	bool oom;
	store_sw_writer *rec;  /* policy use: what it changed, kept for undo */
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
			if (!vec_reserve((void **)&u->buf, &u->capbuf,
			                 u->nbuf + (size_t)n + 1, 1, 512))
				u->oom = true;
		}
	}
}

/* The note a dropped step's task gets, malloc'd (NULL: out of memory). */
static char *drop_note(const char *policy_id)
{
	static const char say[] = "step dropped by policy ";
	size_t n = strlen(policy_id);
	char *note = malloc(sizeof say + n);
	if (note) {
		memcpy(note, say, sizeof say - 1);
		memcpy(note + sizeof say - 1, policy_id, n + 1);
	}
	return note;
}

typedef struct sw_edit {
	const sw_view *v;
	const sw_change *c;
	size_t n;
	store_txn *t;
	store_sw_writer *rec;          /* NULL: not kept (holidays use) */
} sw_edit;

static store_sw_state sw_state(const cp_task *k)
{
	return (store_sw_state){ .status = k->status, .due = k->due,
	                         .role = k->role, .assignee = k->assignee,
	                         .note = k->note };
}

/* The task's changes; kept as it was and is for undo.  The old strings
 * live until the record has them. */
static cp_status sw_edit_task(void *ctx, cp_task *k, cp_error *err)
{
	const sw_edit *ed = ctx;
	store_sw_task r = { .id = k->id, .was[0] = sw_state(k) };
	char *assignee = NULL, *note = NULL;
	bool oom = false;
	for (size_t i = 0; i < ed->n; i++) {
		const sw_change *c = &ed->c[i];
		if (c->kind == CW_MOVED) {
			k->due = c->to;
		} else if (c->kind == CW_REASSIGNED) {
			oom |= !(assignee = strdup(c->login));
			k->role = c->step->role;
		} else if (c->kind == CW_DROPPED) {
			k->status = TASK_CANCELLED;
			oom |= !(note = drop_note(ed->v->np->id));
		}
	}
	if (oom) {
		free(assignee);
		free(note);
		return cp_oom(err);
	}
	if (assignee)
		k->assignee = assignee;
	if (note)
		k->note = note;
	r.was[1] = sw_state(k);
	cp_status st = ed->rec ? store_sw_writer_add(ed->t, ed->rec, &r, err)
	                       : CP_OK;
	if (assignee)
		free(r.was[0].assignee);
	if (note)
		free(r.was[0].note);
	return st;
}

/* A task's changes (n adjacent ones: moved and/or reassigned, or
 * dropped), in one read and one write of the record. */
static cp_status sw_change_task(store_txn *t, const sw_view *v,
                                const sw_change *c, size_t n,
                                store_sw_writer *rec, cp_error *err)
{
	uint64_t id = v->tasks[c->task].id;
	sw_edit ed = { v, c, n, t, rec };
	bool found;
	CP_TRY(store_task_update(t, id, sw_edit_task, &ed, &found, err));
	if (!found)
		return cp_fail(err, CP_FAILED, "task %llu vanished during the switch",
		               (unsigned long long)id);
	return CP_OK;
}

/* An added step's task, assigned as a meeting's generated tasks are. */
static cp_status sw_add_task(store_txn *t, const sw_view *v, sw_change *c,
                             store_sw_writer *rec, cp_error *err)
{
	const policy_step *s = c->step;
	cp_task k;
	cp_task_init(&k);
	CP_TRY(store_next_id(t, SEQ_TASK, &k.id, err));
	k.meeting_id = v->m->id;
	k.child_id = (char *)sw_child_id(v->m, c->child);
	k.step_id = s->id;
	k.role = s->role;
	k.title = s->title;
	k.assignee = c->login;
	k.due = c->to;
	k.status = TASK_OPEN;
	k.kind = TASK_STEP;
	c->new_id = k.id;
	CP_TRY(store_task_insert(t, &k, err));   /* borrowed strings: no free */
	store_sw_task r = { .id = k.id, .added = true, .was[1] = sw_state(&k) };
	return rec ? store_sw_writer_add(t, rec, &r, err) : CP_OK;
}

/* The per-meeting text is built by hand: printf-style formatting cost
 * more than the rest of the audit entry. */
static void ubuf_str(use_ctx *u, const char *s)
{
	size_t n = strlen(text_or_empty(s));
	if (!vec_reserve((void **)&u->buf, &u->capbuf, u->nbuf + n + 1, 1, 512)) {
		u->oom = true;
		return;
	}
	memcpy(u->buf + u->nbuf, text_or_empty(s), n + 1);
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
static void sw_audit_change(use_ctx *u, const sw_view *v, const sw_change *c)
{
	cw_policy_change x;
	sw_lend(v, c, &x);
	if (c->kind != CW_SKIPPED) {   /* a skipped step has no task */
		ubuf_u64(u, x.task_id);
		ubuf_str(u, " ");
	}
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
	} else if (c->kind == CW_SKIPPED) {
		ubuf_str(u, " due ");
		ubuf_date(u, x.to);
	} else {
		const char *w[] = { " ", role_name(x.role_from), ":", x.from_login,
		                    "->", role_name(x.role_to), ":", x.to_login };
		for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
			ubuf_str(u, w[i]);
	}
}

/* One kind's changes of the meeting: ` KIND="ID STEP ..., ..."`. */
static void sw_audit_kind(use_ctx *u, const sw_view *v, cw_change_kind kind,
                          const char *word)
{
	bool first = true;
	for (size_t i = 0; i < v->nch; i++) {
		if (v->ch[i].kind != kind)
			continue;
		if (first) {
			ubuf_str(u, " ");
			ubuf_str(u, word);
			ubuf_str(u, "=\"");
		} else {
			ubuf_str(u, ", ");
		}
		sw_audit_change(u, v, &v->ch[i]);
		first = false;
	}
	if (!first)
		ubuf_str(u, "\"");
}

/* The meeting's policy.use.tasks entry: every task id and its change,
 * compactly, under the meeting's child ('audit --child' finds it). */
static cp_status sw_audit_meeting(use_ctx *u, store_txn *t, const sw_view *v,
                                  cp_error *err)
{
	static const struct { cw_change_kind k; const char *word; } kinds[] = {
		{ CW_MOVED, "moved" }, { CW_REASSIGNED, "reassigned" },
		{ CW_DROPPED, "dropped" }, { CW_ADDED, "added" },
		{ CW_SKIPPED, "skipped" } };
	const cp_meeting *m = v->m;
	char obj[40];
	u->nbuf = 0;
	ubuf_str(u, "policy=");
	ubuf_str(u, u->cw->pol ? u->cw->pol->id : "");
	ubuf_str(u, "->");
	ubuf_str(u, v->np->id);
	ubuf_str(u, " meeting=");
	ubuf_u64(u, m->id);
	ubuf_str(u, " type=");
	ubuf_str(u, m->type);
	ubuf_str(u, " date=");
	ubuf_date(u, m->date);
	ubuf_str(u, " status=");
	ubuf_str(u, meeting_status_name(m->status));
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		sw_audit_kind(u, v, kinds[i].k, kinds[i].word);
	if (u->oom)
		return cp_oom(err);
	snprintf(obj, sizeof obj, "meeting:%llu", (unsigned long long)m->id);
	cp_audit a = {
		.time = cw_now(u->cw), .login = (char *)cw_audit_login(u->cw),
		.action = (char *)"policy.use.tasks", .object = obj,
		.child_id = (char *)text_or_empty(m->child_id), .before = (char *)"",
		.after = u->buf,
	};
	CP_TRY(store_audit_append(t, &a, err));
	if (!u->out.audit_first)
		u->out.audit_first = a.seq;
	u->out.audit_last = a.seq;
	return CP_OK;
}

/* Make one meeting's changes, then audit them (a meeting with skipped
 * steps only is not changed: the policy.use entry counts them). */
static cp_status sw_apply(store_txn *t, const sw_view *v, void *ctx,
                          cp_error *err)
{
	use_ctx *u = ctx;
	bool changed = false;
	for (size_t i = 0, j; i < v->nch; i = j) {
		j = i + 1;
		if (v->ch[i].kind == CW_SKIPPED)
			continue;
		changed = true;
		if (v->ch[i].kind == CW_ADDED) {
			CP_TRY(sw_add_task(t, v, &v->ch[i], u->rec, err));
			continue;
		}
		while (j < v->nch && v->ch[j].task == v->ch[i].task)
			j++;
		CP_TRY(sw_change_task(t, v, &v->ch[i], j - i, u->rec, err));
	}
	if (changed)
		CP_TRY(sw_audit_meeting(u, t, v, err));
	return u->o.list ? sw_keep_all(v, &u->out, err) : CP_OK;
}

/* The policy.use entry: old and new policy, the counts, where the
 * per-meeting entries are, what a switch leaves alone, the reason. */
/* What the audit says of the store's holidays or of the new policy. */
static char *describe_holidays(const holiday_file *hf, const char *division)
{
	const holiday_division *hd = hf ? holidays_division(hf, division) : NULL;
	char *s = malloc(PATH_MAX + 200);
	if (s && hd)
		snprintf(s, PATH_MAX + 200, "holidays=\"%s\" division=%s years=%d-%d "
		         "days=%zu", text_or_empty(hf->path), hd->name, hd->first_year,
		         hd->last_year, hd->nevents);
	else if (s)
		snprintf(s, PATH_MAX + 200, "holidays=(none kept)");
	return s;
}

static cp_status use_audit(use_ctx *u, store_txn *t, char *before,
                           cp_error *err)
{
	const cw_policy_diff *d = &u->out;
	char *desc = u->src ? cw_describe_policy(u->src->pol,
	                                         u->src->files[0].hash)
	                    : describe_holidays(u->holidays, u->cw->pol->division);
	u->nbuf = 0;
	if (!desc)
		u->oom = true;
	else
		ubuf_add(u, "%s moved=%zu added=%zu dropped=%zu reassigned=%zu "
		         "skipped=%zu meetings=%zu changed-meetings=%zu "
		         "history-meetings=%zu", desc, d->tot[CW_MOVED],
		         d->tot[CW_ADDED], d->tot[CW_DROPPED],
		         d->tot[CW_REASSIGNED], d->tot[CW_SKIPPED], d->meetings,
		         d->changed, d->history);
	free(desc);
	if (d->audit_first)
		ubuf_add(u, " entries=#%llu-#%llu",
		         (unsigned long long)d->audit_first,
		         (unsigned long long)d->audit_last);
	ubuf_add(u, " history=\"done and cancelled tasks untouched; held "
	         "meetings and meetings before today untouched; no task added "
	         "to a cancelled meeting or for a step due before today\" "
	         "reason=\"%s\"", u->reason);
	if (u->oom || !before) {
		free(before);
		return cp_oom(err);
	}
	cp_audit a = {
		.time = cw_now(u->cw), .login = (char *)cw_audit_login(u->cw),
		.action = (char *)(u->src ? "policy.use" : "holidays.use"),
		.object = (char *)(u->src ? "policy" : "holidays"),
		.child_id = (char *)"", .before = before, .after = u->buf,
	};
	cp_status st = store_audit_append(t, &a, err);
	free(before);
	u->out.audit_switch = a.seq;
	return st;
}

/* holidays use: the new division kept as the store's, audited with the
 * one it replaces. */
static cp_status holidays_keep_write(use_ctx *u, store_txn *t, cp_error *err)
{
	const char *division = u->cw->pol->division;
	const holiday_division *hd = holidays_division(u->holidays, division);
	holiday_file *old = cw_kept_holidays_txn(t, division);
	char *before = describe_holidays(old, division);
	holidays_free(old);
	cp_status st = hd ? cw_keep_holidays_txn(t, u->holidays->path, hd, err)
	                  : cp_fail(err, CP_BADINPUT, "%s has no division %s",
	                            u->holidays->path, division);
	if (st != CP_OK) {
		free(before);
		return st;
	}
	return use_audit(u, t, before, err);
}

/* The switch kept for undo: the policy it replaces (old), its tasks
 * (written as it went), who, when, why. */
static cp_status keep_switch(use_ctx *u, store_txn *t, uint64_t id,
                             const store_policy_info *old, cp_error *err)
{
	store_switch s = {
		.id = id, .at = cw_now(u->cw), .login = (char *)cw_audit_login(u->cw),
		.reason = (char *)u->reason,
		.from_id = (char *)(u->cw->pol ? u->cw->pol->id : ""),
		.to_id = u->src->pol->id, .to_hash = u->src->files[0].hash,
		.audit = u->out.audit_switch, .files = old->files,
		.nfiles = old->nfiles,
	};
	CP_TRY(store_last_id(t, SEQ_MEETING, &s.last_meeting, err));
	CP_TRY(store_sw_writer_end(t, u->rec, &s.nchunks, err));
	CP_TRY(store_switch_put(t, &s, err));
	u->out.switch_id = id;
	return CP_OK;
}

/* Switching to the policy the latest switch replaced undoes it, when
 * it can (*done); else out.back says why not, and the switch goes on
 * as to any file.  *next gets the id for this switch. */
static cp_status undo_if_back(use_ctx *u, store_txn *t, uint64_t *next,
                              bool *done, cp_error *err)
{
	store_switch last;
	bool found;
	*done = false;
	CP_TRY(store_switch_last(t, &last, &found, err));
	*next = found ? last.id + 1 : 1;
	cp_status st = CP_OK;
	if (found && cw_undo_is_previous(&last, u->src)) {
		if (!(u->out.back = malloc(sizeof *u->out.back)))
			st = cp_oom(err);
		else
			st = cw_undo_txn(u->cw, t, &last, u->reason, false, true,
			                 u->out.back, err);
		if (st == CP_OK && u->out.back->undoable) {
			st = cw_undo_txn(u->cw, t, &last, u->reason, false, false,
			                 u->out.back, err);
			*done = st == CP_OK;
		}
	}
	if (found)
		store_switch_free(&last);
	return st;
}

static cp_status use_policy(use_ctx *u, store_txn *t, uint64_t id,
                            cp_error *err)
{
	store_policy_info old;
	CP_TRY(store_policy_get(t, &old, err));
	char *before = u->cw->pol ? cw_describe_policy(u->cw->pol, old.nfiles ?
	                                            old.files[0].hash : 0)
	                          : strdup("");
	cp_status st = cw_put_chain(u->cw, t, u->src->files, u->src->nfiles,
	                            u->reason, err);
	if (st == CP_OK)
		st = use_audit(u, t, before, err);   /* takes before */
	else
		free(before);
	if (st == CP_OK)
		st = keep_switch(u, t, id, &old, err);
	store_policy_info_free(&old);
	return st;
}

static cp_status use_write(store_txn *t, void *ctx, cp_error *err)
{
	use_ctx *u = ctx;
	store_txn *rt;
	uint64_t id = 0;
	bool undone = false;
	casework_policy_diff_free(&u->out);   /* a retry starts afresh */
	store_sw_writer_free(u->rec);
	u->rec = NULL;
	u->oom = false;
	if (u->src) {
		CP_TRY(undo_if_back(u, t, &id, &undone, err));
		if (undone)
			return CP_OK;
		CP_TRY(store_sw_writer_new(id, &u->rec, err));
	}
	/* the plan reads through a snapshot begun inside this write: the
	 * store as this transaction found it */
	CP_TRY(store_snapshot_begin(u->cw->st, &rt, err));
	cp_status st = sw_walk(rt, t, u->src ? u->src->pol : u->cw->pol, u->ncal,
	                       sw_today(u->cw),
	                       u->src ? "policy use" : "holidays use",
	                       u->o.progress, &u->out, sw_apply, u, err);
	store_snapshot_end(rt);
	if (st != CP_OK)
		return st;
	if (!u->src)
		return holidays_keep_write(u, t, err);
	return use_policy(u, t, id, err);
}

/* The switch (policy or bank holidays) in one write; *out the changes. */
static cp_status run_use(use_ctx *u, const cw_use_opts *opts,
                         cw_policy_diff *out, cp_error *err)
{
	if (opts)
		u->o = *opts;
	cp_status st = store_write(u->cw->st, use_write, u, err);
	free(u->buf);
	store_sw_writer_free(u->rec);
	if (st == CP_OK && out)
		*out = u->out;
	else
		casework_policy_diff_free(&u->out);
	return st;
}

cp_status casework_holidays_use(casework *cw, const holiday_file *hf,
                                const calendar *ncal, const char *reason,
                                const cw_use_opts *opts, cw_policy_diff *out,
                                cp_error *err)
{
	if (out)
		memset(out, 0, sizeof *out);
	if (!text_nonempty(reason))
		return cp_fail(err, CP_BADINPUT,
		    "changing the bank holidays needs a reason (--reason TEXT)");
	CP_TRY(cw_too_long("the reason", reason, CW_NOTE_MAX, err));
	if (!hf || !holidays_division(hf, cw->pol->division))
		return cp_fail(err, CP_BADINPUT, "%s has no division %s (the "
		               "policy's)", hf ? hf->path : "the file",
		               cw->pol->division);
	CP_TRY(permit_may(cw->pm, ACCESS_SWITCH_POLICY, err));
	use_ctx u = { .cw = cw, .holidays = hf, .ncal = ncal, .reason = reason };
	return run_use(&u, opts, out, err);
}

cp_status casework_policy_use(casework *cw, const cw_policy_src *src,
                              const calendar *ncal, const char *reason,
                              const cw_use_opts *opts, cw_policy_diff *out,
                              cp_error *err)
{
	if (out)
		memset(out, 0, sizeof *out);
	if (!text_nonempty(reason))
		return cp_fail(err, CP_BADINPUT,
		    "switching policy needs a reason (--reason TEXT)");
	CP_TRY(cw_too_long("the reason", reason, CW_NOTE_MAX, err));
	if (!src || !src->pol || !src->nfiles)
		return cp_fail(err, CP_BADINPUT, "no policy to switch to");
	CP_TRY(permit_may(cw->pm, ACCESS_SWITCH_POLICY, err));
	use_ctx u = { .cw = cw, .src = src, .ncal = ncal, .reason = reason };
	return run_use(&u, opts, out, err);
}

/* casework_task.c - tasks, reports and consultations (see casework.h):
 * marking a task done, adding one to a meeting (escalations and
 * reminders), an agency's report received or shared, a consultation
 * logged, with their one-transaction forms; and the read audit, a
 * read of a child's or a meeting's record put on the record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "casework_priv.h"
#include "text.h"
#include "permit.h"

/* ---- tasks ------------------------------------------------------------- */
/* May the actor see task k?  A task of a child they do not see is
 * answered as one that is not there (issue 15). */
static cp_status task_seen(casework *cw, store_txn *t, const cp_task *k,
                           cp_error *err)
{
	bool hidden = false;
	cp_status st = permit_task(cw->pm, t, PERMIT_SEE, k, err);
	if (st == CP_REFUSED)
		st = permit_hides(cw->pm, t, k->child_id, &hidden, err);
	return st == CP_OK && hidden ? cw_no_task(k->id, err) : st;
}

/* "done by sw1 on 2027-05-07 (recorded 2027-05-10 09:12)" */
static void closed_how(const cp_task *k, char *buf, size_t size)
{
	char at[32], on[CP_DATE_STRLEN];
	time_t tt = (time_t)k->done_at;
	struct tm tmv;
	strftime(at, sizeof at, "%Y-%m-%d %H:%M", localtime_r(&tt, &tmv));
	if (k->done_on != CP_DATE_NONE) {
		date_format(k->done_on, on);
		snprintf(buf, size, "%s by %s on %s (recorded %s)",
		         task_status_name(k->status), k->done_by, on, at);
	} else {
		snprintf(buf, size, "%s by %s at %s", task_status_name(k->status),
		         k->done_by, at);
	}
}

/* The logins above `login`, nearest first (its manager, theirs ...). */
static cp_status manager_line(store_txn *t, const char *login,
                              char line[][MODEL_ID_MAX + 1], size_t max,
                              size_t *n, cp_error *err)
{
	char at[MODEL_ID_MAX + 1];
	snprintf(at, sizeof at, "%s", login);
	*n = 0;
	while (*n < max && *at && !POOL_IS(at)) {
		cp_worker w;
		bool found;
		CP_TRY(store_worker_get(t, at, &w, &found, err));
		if (!found)
			break;
		snprintf(at, sizeof at, "%s", text_or_empty(w.manager));
		cp_worker_free(&w);
		if (*at)
			snprintf(line[(*n)++], MODEL_ID_MAX + 1, "%s", at);
	}
	return CP_OK;
}

/* Whose a pool's steps are: a role's pool, or the diary's allocators'. */
static role_set pool_roles(const policy *p, const char *pool)
{
	cp_role r;
	if (!strcmp(pool, POOL_CHAIR) || !strcmp(pool, POOL_MINUTE_TAKER))
		return p->diary.allocate;
	return role_parse(pool + 1, &r) ? ROLE_BIT(r) : 0;
}

static const char *roles_text(const policy *p, role_set s, char *buf,
                              size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int r = 0; r < ROLE_COUNT && used < size; r++)
		if (s & ROLE_BIT(r))
			used += (size_t)snprintf(buf + used, size - used, "%s%s",
			                         used ? ", " : "",
			                         policy_role_title(p, (cp_role)r));
	return used ? buf : "nobody (the policy's closing: names no role)";
}

/* May the actor close task k as `as` (casework.h)? */
static cp_status may_close(casework *cw, store_txn *t, const cp_task *k,
                           task_status as, cp_error *err)
{
	const access_actor *a = cw->pm ? permit_who(cw->pm) : NULL;
	const policy *p = cw->pol;
	char roles[256];
	if (!a || a->admin)
		return CP_OK;
	if (as == TASK_NOT_NEEDED)
		return a->roles & p->close_not_needed ? CP_OK :
		       cp_fail(err, CP_REFUSED, "task %llu: marking a step not "
		               "needed is for %s (the policy's closing: "
		               "not-needed)", (unsigned long long)k->id,
		               roles_text(p, p->close_not_needed, roles,
		                          sizeof roles));
	const char *holder = text_or_empty(k->assignee);
	if (!strcmp(holder, text_or_empty(a->login)) ||
	    (POOL_IS(holder) && (a->roles & pool_roles(p, holder))) ||
	    (a->roles & p->close_for_others))
		return CP_OK;
	char line[4][MODEL_ID_MAX + 1];
	size_t n;
	CP_TRY(manager_line(t, holder, line, 4, &n, err));
	for (size_t i = 0; i < n; i++)
		if (!strcmp(line[i], text_or_empty(a->login)))
			return CP_OK;
	return cp_fail(err, CP_REFUSED, "task %llu is %s's: only they, their "
	               "managers or %s (the policy's closing: for-others) may "
	               "close it", (unsigned long long)k->id, holder,
	               roles_text(p, p->close_for_others, roles, sizeof roles));
}

/* What c asks, checked against the task as it is. */
static cp_status close_check(casework *cw, store_txn *t, const cw_close *c,
                             const cp_task *k, cp_error *err)
{
	char how[160];
	if (k->status == TASK_CANCELLED)
		return cp_fail(err, CP_REFUSED, "task %llu was cancelled with its "
		               "meeting", (unsigned long long)k->id);
	if (k->status != TASK_OPEN) {
		closed_how(k, how, sizeof how);
		return cp_fail(err, CP_REFUSED, "task %llu was already %s",
		               (unsigned long long)k->id, how);
	}
	if (c->as != TASK_DONE && !text_nonempty(c->note))
		return cp_fail(err, CP_BADINPUT, "task %llu: a step %s needs a "
		               "reason (--reason TEXT)", (unsigned long long)k->id,
		               c->as == TASK_MISSED ? "missed" : "not needed");
	if (c->on != CP_DATE_NONE && cw->dated && c->on > cw->today) {
		char on[CP_DATE_STRLEN], today[CP_DATE_STRLEN];
		date_format(c->on, on);
		date_format(cw->today, today);
		return cp_fail(err, CP_BADINPUT, "task %llu: done on %s is after "
		               "today (%s): give the day it was done",
		               (unsigned long long)k->id, on, today);
	}
	return may_close(cw, t, k, c->as, err);
}

cp_status casework_task_close_txn(casework *cw, store_txn *t,
                                  const cw_close *c, cp_error *err)
{
	cp_task k;
	bool found;
	if (c->as != TASK_DONE && c->as != TASK_NOT_NEEDED &&
	    c->as != TASK_MISSED)
		return cp_fail(err, CP_BADINPUT, "a task is closed as done, not "
		               "needed or missed");
	CP_TRY(cw_too_long("the note", c->note, CW_NOTE_MAX, err));
	CP_TRY(store_task_get(t, c->task_id, &k, &found, err));
	if (!found)
		return cw_no_task(c->task_id, err);
	/* refused when not seen: say nothing of the task's state */
	cp_status st = task_seen(cw, t, &k, err);
	if (st == CP_OK)
		st = close_check(cw, t, c, &k, err);
	if (st == CP_OK)
		st = cw_task_close_as(cw, t, &k, c, err);
	cp_task_free(&k);
	return st;
}

cp_status cw_task_close_as(casework *cw, store_txn *t, cp_task *k,
                           const cw_close *c, cp_error *err)
{
	cp_status st = CP_OK;
	char *before = model_task_describe(k);
	if (!before)
		st = cp_oom(err);
	if (st == CP_OK) {
		free(k->done_by);
		free(k->note);
		k->done_by = strdup(text_nonempty(c->by) ? c->by
		                                         : text_or_empty(cw->actor));
		k->note = strdup(text_or_empty(c->note));
		k->done_at = c->when ? c->when : cw_now(cw);
		/* the day it was done: as stated, else today's (the session's
		 * today when dated, which --today sets) */
		k->done_on = c->on != CP_DATE_NONE ? c->on
		             : cw->dated ? cw->today : CP_DATE_NONE;
		k->status = c->as;
		if (!k->done_by || !k->note)
			st = cp_oom(err);
	}
	if (st == CP_OK)
		st = store_task_put(t, k, err);
	if (st == CP_OK && c->title)
		snprintf(c->title, CW_TITLE_MAX, "%s", text_or_empty(k->title));
	return cw_audit_task(cw, t, st, c->as == TASK_DONE ? "task.done" :
	                     c->as == TASK_MISSED ? "task.missed"
	                                          : "task.not-needed",
	                     k, before, err);
}

cp_status casework_task_done_txn(casework *cw, store_txn *t, uint64_t task_id,
                                 const char *by, int64_t when,
                                 const char *note, cp_error *err)
{
	cw_close c = { .task_id = task_id, .as = TASK_DONE, .on = CP_DATE_NONE,
	               .note = note, .by = by, .when = when };
	return casework_task_close_txn(cw, t, &c, err);
}

cp_status casework_task_add_txn(casework *cw, store_txn *t, cp_task *k,
                                cp_error *err)
{
	cp_meeting m;
	CP_TRY(cw_need_meeting(t, k->meeting_id, &m, err));
	cp_status st = CP_OK;
	if (strcmp(m.child_id, text_or_empty(k->child_id)))
		st = cp_fail(err, CP_BADINPUT, "task's child is not its meeting's");
	if (st == CP_OK)
		st = store_next_id(t, SEQ_TASK, &k->id, err);
	if (st == CP_OK)
		st = store_task_put(t, k, err);
	st = cw_audit_added(cw, t, st, "task.add", "task", k->id, k->child_id,
	                    st == CP_OK ? model_task_describe(k) : NULL, err);
	cp_meeting_free(&m);
	return st;
}

/* ---- consultations and reports ---------------------------------------- */
/* A report's date after today cannot be true yet (issue 18). */
static cp_status report_not_ahead(const casework *cw, const char *what,
                                  cp_date d, cp_error *err)
{
	if (!cw->dated || d == CP_DATE_NONE || d <= cw->today)
		return CP_OK;
	char ds[CP_DATE_STRLEN], ts[CP_DATE_STRLEN];
	cw_date_str(d, ds);
	cw_date_str(cw->today, ts);
	return cp_fail(err, CP_BADINPUT, "the %s date %s is after today (%s): "
	               "record it on or after the day it happens", what, ds, ts);
}

/* Set what the caller names on r, keeping the rest (issue 18: sharing
 * a report does not move the day it came in); then the two dates must
 * agree: nothing shared before it came in. */
static cp_status report_apply(cp_report *r, bool found, cp_date received,
                              cp_date shared, cp_error *err)
{
	char rs[CP_DATE_STRLEN], ss[CP_DATE_STRLEN];
	if (found && received == CP_DATE_NONE && shared == CP_DATE_NONE &&
	    r->received != CP_DATE_NONE) {
		cw_date_str(r->received, rs);
		return cp_fail(err, CP_REFUSED, "the %s report for meeting %llu "
		               "came in on %s: it is not expected any more",
		               r->agency, (unsigned long long)r->meeting_id, rs);
	}
	r->expected = true;
	if (received != CP_DATE_NONE)
		r->received = received;
	if (shared != CP_DATE_NONE)
		r->shared = shared;
	if (r->shared != CP_DATE_NONE && r->received == CP_DATE_NONE)
		return cp_fail(err, CP_REFUSED, "the %s report for meeting %llu "
		               "has not come in: record the day it did (--date) "
		               "before, or with, sharing it with the family",
		               r->agency, (unsigned long long)r->meeting_id);
	if (r->shared != CP_DATE_NONE && r->shared < r->received) {
		cw_date_str(r->received, rs);
		cw_date_str(r->shared, ss);
		return cp_fail(err, CP_BADINPUT, "the %s report would be shared "
		               "with the family on %s, before it came in (%s)",
		               r->agency, ss, rs);
	}
	return CP_OK;
}

/* The audit entry's action: what the call set. */
static const char *report_action(cp_date received, cp_date shared)
{
	return received != CP_DATE_NONE ? "report.received" :
	       shared != CP_DATE_NONE ? "report.shared" : "report.expected";
}

cp_status casework_report_received_txn(casework *cw, store_txn *t,
                                       uint64_t meeting_id,
                                       const char *agency, cp_date received,
                                       cp_date shared, cp_error *err)
{
	if (!text_nonempty(agency) || strlen(agency) > 200)
		return cp_fail(err, CP_BADINPUT, "an agency name is 1 to 200 bytes");
	CP_TRY(report_not_ahead(cw, "received", received, err));
	CP_TRY(report_not_ahead(cw, "shared-with-family", shared, err));
	/* the role, then a meeting the actor sees (issue 15), then the case */
	CP_TRY(permit_may(cw->pm, ACCESS_RECORD_REPORTS, err));
	cp_meeting m;
	CP_TRY(cw_seen_meeting(cw, t, meeting_id, &m, err));
	cp_report r;
	bool found = false;
	char *before = NULL;
	cp_report_init(&r);
	cp_status st = permit_meeting(cw->pm, t, ACCESS_RECORD_REPORTS, &m, err);
	if (st == CP_OK)
		st = store_report_get(t, meeting_id, agency, &r, &found, err);
	if (st == CP_OK && found && !(before = model_report_describe(&r)))
		st = cp_oom(err);
	if (st == CP_OK && !found) {
		cp_report_init(&r);
		r.meeting_id = meeting_id;
		if (!(r.agency = strdup(agency)))
			st = cp_oom(err);
	}
	if (st == CP_OK)
		st = report_apply(&r, found, received, shared, err);
	if (st == CP_OK)
		st = store_report_put(t, &r, err);
	if (st == CP_OK) {
		char obj[40];
		snprintf(obj, sizeof obj, "meeting:%llu", (unsigned long long)meeting_id);
		st = cw_audit(cw, t, report_action(received, shared), obj,
		              m.child_id, before, found, model_report_describe(&r),
		              err);
		before = NULL;
	}
	free(before);
	cp_report_free(&r);
	cp_meeting_free(&m);
	return st;
}

/* ---- the one-transaction forms (cw_run) ------------------------------- */
CW_TRAMPOLINE(close_run, cw_close, casework_task_close_txn(cw, t, a, err))

cp_status casework_task_close(casework *cw, const cw_close *c, cp_error *err)
{
	return cw_run(cw, close_run, (void *)c, NULL, err);
}

cp_status casework_task_done(casework *cw, uint64_t task_id, const char *by,
                             int64_t when, const char *note, cp_error *err)
{
	cw_close c = { .task_id = task_id, .as = TASK_DONE, .on = CP_DATE_NONE,
	               .note = note, .by = by, .when = when };
	return casework_task_close(cw, &c, err);
}

typedef struct report_args {
	uint64_t meeting_id;
	const char *agency;
	cp_date received, shared;
} report_args;

CW_TRAMPOLINE(report_run, report_args,
              casework_report_received_txn(cw, t, a->meeting_id, a->agency,
                                           a->received, a->shared, err))

cp_status casework_report_received(casework *cw, uint64_t meeting_id,
                                   const char *agency, cp_date received,
                                   cp_date shared, cp_error *err)
{
	report_args a = { meeting_id, agency, received, shared };
	return cw_run(cw, report_run, &a, NULL, err);
}

/* ---- reads on the record ----------------------------------------------- */
typedef struct view_ctx {
	casework *cw;
	const char *child;
	uint64_t meeting;
	const char *how;
} view_ctx;

/* *field, taken from its record (which is freed after), when st is
 * CP_OK. */
static char *take_if(cp_status st, char **field)
{
	char *s = st == CP_OK ? *field : NULL;
	if (s)
		*field = NULL;
	return s;
}

static cp_status view_write(store_txn *t, void *ctx, cp_error *err)
{
	view_ctx *v = ctx;
	char obj[MODEL_ID_MAX + 16];
	char *child;
	cp_status st;
	/* only what the reader may see is shown (and recorded) */
	if (v->meeting) {
		cp_meeting m;
		CP_TRY(cw_seen_meeting(v->cw, t, v->meeting, &m, err));
		st = permit_meeting(v->cw->pm, t, PERMIT_SEE, &m, err);
		child = take_if(st, &m.child_id);
		cp_meeting_free(&m);
	} else {
		cp_child c;
		st = cw_seen_child(v->cw, t, v->child, &c, err);
		child = take_if(st, &c.id);
		if (st == CP_OK)
			cp_child_free(&c);
	}
	CP_TRY(st);
	if (v->meeting)
		snprintf(obj, sizeof obj, "meeting:%llu",
		         (unsigned long long)v->meeting);
	else
		snprintf(obj, sizeof obj, "child:%s", child);
	size_t need = strlen(v->how) + 48;
	char *after = malloc(need);
	if (after && v->meeting)
		snprintf(after, need, "how=\"%s\" meeting=%llu", v->how,
		         (unsigned long long)v->meeting);
	else if (after)
		snprintf(after, need, "how=\"%s\"", v->how);
	st = cw_audit(v->cw, t, "child.view", obj, child, NULL, false, after,
	              err);
	free(child);
	return st;
}

static cp_status viewed(casework *cw, view_ctx *v, cp_error *err)
{
	size_t n = v->how ? strlen(v->how) : 0;
	if (n == 0 || n > 64 || strchr(v->how, '"'))
		return cp_fail(err, CP_BADINPUT,
		               "internal error: a read's 'how' is 1-64 bytes");
	/* Quiet: a read changes nothing a console shows, so it must not
	 * make every console redraw (store.h). */
	return store_write_quiet(cw->st, view_write, v, err);
}

cp_status casework_child_viewed(casework *cw, const char *child_id,
                                const char *how, cp_error *err)
{
	if (!text_nonempty(child_id))
		return cp_fail(err, CP_BADINPUT, "no child named");
	view_ctx v = { .cw = cw, .child = child_id, .how = how };
	return viewed(cw, &v, err);
}

cp_status casework_meeting_viewed(casework *cw, uint64_t meeting_id,
                                  const char *how, cp_error *err)
{
	view_ctx v = { .cw = cw, .meeting = meeting_id, .how = how };
	if (!meeting_id)
		return cp_fail(err, CP_BADINPUT, "no meeting 0 in this store");
	return viewed(cw, &v, err);
}

/* ---- invitations -------------------------------------------------------- */
cp_status casework_meeting_invite_txn(casework *cw, store_txn *t,
                                      const cw_invite *in, cp_error *err)
{
	if (!text_nonempty(in->agency) || strlen(in->agency) > 200)
		return cp_fail(err, CP_BADINPUT, "an agency name is 1 to 200 bytes");
	CP_TRY(cw_too_long("the person", in->person, 200, err));
	if ((unsigned)in->how >= TAKE_COUNT)
		return cp_fail(err, CP_BADINPUT, "how it takes part: in-person, "
		               "teams, phone or report-only");
	CP_TRY(permit_may(cw->pm, ACCESS_SCHEDULE, err));
	cp_meeting m;
	CP_TRY(cw_seen_meeting(cw, t, in->meeting_id, &m, err));
	cp_report r;
	bool found = false;
	char *before = NULL;
	cp_report_init(&r);
	cp_status st = permit_meeting(cw->pm, t, ACCESS_SCHEDULE, &m, err);
	if (st == CP_OK && m.status != MEETING_SCHEDULED)
		st = cp_fail(err, CP_REFUSED, "meeting %llu is %s: invitations are "
		             "for a meeting still to be held",
		             (unsigned long long)m.id, meeting_status_name(m.status));
	if (st == CP_OK)
		st = store_report_get(t, m.id, in->agency, &r, &found, err);
	if (st == CP_OK && found && !(before = model_report_describe(&r)))
		st = cp_oom(err);
	if (st == CP_OK && !found) {
		cp_report_init(&r);
		r.meeting_id = m.id;
		if (!(r.agency = strdup(in->agency)))
			st = cp_oom(err);
	}
	if (st == CP_OK) {
		free(r.person);
		r.person = strdup(text_or_empty(in->person));
		r.invited = true;
		r.how = in->how;
		/* a report expected from it, or one already in is kept */
		r.expected = in->report || r.received != CP_DATE_NONE;
		if (!r.person)
			st = cp_oom(err);
	}
	if (st == CP_OK)
		st = store_report_put(t, &r, err);
	if (st == CP_OK) {
		char obj[40];
		snprintf(obj, sizeof obj, "meeting:%llu", (unsigned long long)m.id);
		st = cw_audit(cw, t, "report.invite", obj, m.child_id, before, found,
		              model_report_describe(&r), err);
		before = NULL;
	}
	free(before);
	cp_report_free(&r);
	cp_meeting_free(&m);
	return st;
}

CW_TRAMPOLINE(invite_run, cw_invite,
              casework_meeting_invite_txn(cw, t, a, err))

cp_status casework_meeting_invite(casework *cw, const cw_invite *in,
                                  cp_error *err)
{
	return cw_run(cw, invite_run, in, NULL, err);
}

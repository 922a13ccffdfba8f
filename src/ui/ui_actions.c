/* ui_actions.c - the forms that change a case: task done, report,
 * move, cancel, outcome, consultation.  Each reads what it needs through
 * the seam when it opens (query.h), checks fields as they are typed,
 * shows what will be written, and writes through one casework_* call
 * (one write transaction with its audit entries). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "permit.h"
#include "ui_actions.h"
#include "ui_common.h"
#include "ui_draw.h"
#include "ui_form.h"

/* Which keys are offered is ui_common's (the policy's permissions); an
 * action on a case the worker's role does not reach is refused here with
 * the role needed.  casework checks again when it writes, and applies
 * the policy's other rules (cancellation approvers). */

/* The meeting a form is about, in full (a read by id, on the record as
 * "console", as the detail pane is), and the form's title: "VERB ICPC
 * for CHILD (DATE)". */
static bool load_meeting(ui_app *a, ui_form *f, uint64_t mid,
                         const char *verb)
{
	cp_error err;
	if (query_meeting_get(&a->cw, mid, "console", &f->rec, &err) != CP_OK) {
		ui_status(a, true, "cannot read meeting %llu: %s",
		          (unsigned long long)mid, err.msg);
		return false;
	}
	f->meeting_id = mid;
	char type[16], date[32];
	ui_type_short(f->rec.m.meeting.type, type, sizeof type);
	ui_date_long(f->rec.m.meeting.date, date, sizeof date);
	snprintf(f->title, sizeof f->title, "%s %s for %s (%s)", verb, type,
	         f->rec.m.children, date);
	return true;
}

/* May the worker take act on the form's meeting (their role must reach
 * its case)?  Says why not on the status line. */
static bool may_meeting(ui_app *a, ui_form *f, access_action act)
{
	cp_error err;
	cp_status st = query_meeting_may(&a->cw, &f->rec.m.meeting, act, &err);
	if (st != CP_OK)
		ui_status(a, true, "%s", err.msg);
	return st == CP_OK;
}

/* The same, and the meeting is still to be held (move, cancel, outcome). */
static bool may_scheduled(ui_app *a, ui_form *f, access_action act,
                          bool moving)
{
	bool may = may_meeting(a, f, act);
	meeting_status st = f->rec.m.meeting.status;
	if (st != MEETING_SCHEDULED)
		ui_status(a, true, "This meeting is %s%s%s",
		          moving ? "" : "already ", meeting_status_name(st),
		          moving ? ": only a scheduled meeting moves." : ".");
	return may && st == MEETING_SCHEDULED;
}

/* A form on meeting mid for act; NULL (having said why) when it cannot
 * open. */
static ui_form *meeting_form(ui_app *a, const char *name, const char *verb,
                             uint64_t mid, access_action act, bool scheduled,
                             bool moving)
{
	ui_form *f = ui_form_new(name);
	if (f && load_meeting(a, f, mid, verb) &&
	    (scheduled ? may_scheduled(a, f, act, moving) :
	                 may_meeting(a, f, act)))
		return f;
	ui_form_free(f);
	return NULL;
}

static void open_form(ui_app *a, ui_form *f)
{
	ui_form_open(a, f);
	ui_status(a, false, "%s: fill in, Enter on the last field to review.",
	          f->title);
}

/* ---- task done ------------------------------------------------------------ */

/* A form about the selected task (NULL, having said why, when none). */
static ui_form *task_form(ui_app *a, const ui_sel *r, const char *name)
{
	if (!r->task_id) {
		ui_status(a, false, "Select a task first.");
		return NULL;
	}
	ui_form *f = ui_form_new(name);
	if (!f)
		return NULL;
	f->task_id = r->task_id;
	f->task_due = r->task_due;
	snprintf(f->task_title, sizeof f->task_title, "%s",
	         r->task_title ? r->task_title : "");
	return f;
}

/* Close the form's task as `as`, saying `done` with its title. */
static cp_status close_task(ui_app *a, ui_form *f, task_status as,
                            cp_date on, const char *note, const char *done,
                            char *ok, size_t size, cp_error *err)
{
	cw_close c = { .task_id = f->task_id, .as = as, .on = on,
	               .note = note, .by = a->me.worker.login };
	cp_status st = casework_task_close(&a->cw, &c, err);
	if (st == CP_OK)
		snprintf(ok, size, "%s: %s", done, f->task_title);
	return st;
}

enum { DN_NOTE, DN_ON };

/* The day it was done: blank is today; not after today. */
static void done_check(ui_app *a, ui_form *f, size_t i)
{
	ui_field *fl = &f->f[DN_ON];
	cp_date on;
	if (i != DN_ON)
		return;
	if (!fl->value[0]) {
		snprintf(fl->msg, sizeof fl->msg, "blank: today");
		return;
	}
	if (!fl->bad && ui_form_date(fl, &on) && on > a->today) {
		fl->bad = true;
		snprintf(fl->msg, sizeof fl->msg, "after today: the day it was "
		         "done");
	}
}

static cp_date done_on(ui_app *a, ui_form *f)
{
	cp_date on = CP_DATE_NONE;
	if (!f->f[DN_ON].value[0] || !ui_form_date(&f->f[DN_ON], &on) ||
	    on == CP_DATE_NONE)
		return a->today;
	return on;
}

static bool done_preview(ui_app *a, ui_form *f)
{
	char due[32], on[32];
	cp_date d = done_on(a, f);
	ui_date_long(f->task_due, due, sizeof due);
	ui_date_long(d, on, sizeof on);
	ui_form_line(f, "Mark done: %s", f->task_title);
	ui_form_line(f, "Due %s; done by you on %s%s.", due, on,
	             d > f->task_due ? " (late)" : "");
	ui_form_line(f, "Note: %s", f->f[DN_NOTE].value[0] ? f->f[DN_NOTE].value
	                                                   : "(none)");
	return true;
}

static cp_status done_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                             cp_error *err)
{
	return close_task(a, f, TASK_DONE, done_on(a, f), f->f[DN_NOTE].value,
	                  "Done", ok, size, err);
}

void ui_action_done(ui_app *a, const ui_sel *r)
{
	ui_form *f = task_form(a, r, "Mark the task done");
	if (!f)
		return;
	ui_form_add(f, "Note", FLD_TEXT, false, "");
	ui_form_add(f, "Done on", FLD_DATE, false, "");
	f->check = done_check;
	f->preview = done_preview;
	f->submit = done_submit;
	open_form(a, f);
}

/* ---- not needed ------------------------------------------------------------ */

static bool skip_preview(ui_app *a, ui_form *f)
{
	(void)a;
	ui_form_line(f, "Not needed for this meeting: %s", f->task_title);
	ui_form_line(f, "Reason: %s", f->f[0].value);
	ui_form_line(f, "It leaves the queue and is never counted late.");
	return true;
}

static cp_status skip_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                             cp_error *err)
{
	return close_task(a, f, TASK_NOT_NEEDED, CP_DATE_NONE, f->f[0].value,
	                  "Not needed", ok, size, err);
}

void ui_action_skip(ui_app *a, const ui_sel *r)
{
	ui_form *f = task_form(a, r, "Mark the step not needed");
	if (!f)
		return;
	ui_form_add(f, "Reason", FLD_TEXT, true, "");
	f->preview = skip_preview;
	f->submit = skip_submit;
	open_form(a, f);
}

/* ---- report received / shared ---------------------------------------------- */

static bool report_preview(ui_app *a, ui_form *f)
{
	(void)a;
	cp_date r, s;
	ui_form_date(&f->f[1], &r);
	ui_form_date(&f->f[2], &s);
	char rd[32] = "not yet", sd[32] = "not yet";
	if (r != CP_DATE_NONE) ui_date_long(r, rd, sizeof rd);
	if (s != CP_DATE_NONE) ui_date_long(s, sd, sizeof sd);
	ui_form_line(f, "%s", f->title);
	ui_form_line(f, "Agency: %s", f->f[0].value);
	ui_form_line(f, "Received: %s", rd);
	ui_form_line(f, "Shared with the family: %s", sd);
	return true;
}

static cp_status report_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                               cp_error *err)
{
	cp_date r, s;
	ui_form_date(&f->f[1], &r);
	ui_form_date(&f->f[2], &s);
	cp_status st = casework_report_received(&a->cw, f->meeting_id,
	                                        f->f[0].value, r, s, err);
	if (st == CP_OK)
		snprintf(ok, size, "Recorded the %s report.", f->f[0].value);
	return st;
}

/* The report on record for this agency, or NULL: a new one. */
static const cp_report *report_of(const ui_form *f, const char *agency)
{
	for (size_t i = 0; i < f->rec.reports.n; i++)
		if (!strcmp(f->rec.reports.v[i].agency, agency))
			return &f->rec.reports.v[i];
	return NULL;
}

/* The dates to suggest for an agency's report: the day it came in (its
 * own, else today), and once in, the day it was shared (else today). */
static void report_suggest(ui_app *a, ui_form *f, const cp_report *r)
{
	cp_date got = r ? r->received : CP_DATE_NONE;
	char rd[CP_DATE_STRLEN], sd[CP_DATE_STRLEN] = "";
	date_format(got != CP_DATE_NONE ? got : a->today, rd);
	if (got != CP_DATE_NONE)
		date_format(r->shared != CP_DATE_NONE ? r->shared : a->today, sd);
	if (!f->f[1].edited)
		ui_form_suggest(&f->f[1], rd);
	if (!f->f[2].edited)
		ui_form_suggest(&f->f[2], sd);
}

/* The agency: what is on record for it (and dates to match, where they
 * are not typed); the dates: none after today, none shared before in. */
static void report_check(ui_app *a, ui_form *f, size_t i)
{
	cp_date r, s;
	if (i == 0 && f->f[0].value[0]) {
		const cp_report *rep = report_of(f, f->f[0].value);
		if (f->f[0].edited)
			report_suggest(a, f, rep);
		char rd[CP_DATE_STRLEN] = "", sd[CP_DATE_STRLEN] = "";
		if (rep && rep->received != CP_DATE_NONE)
			date_format(rep->received, rd);
		if (rep && rep->shared != CP_DATE_NONE)
			date_format(rep->shared, sd);
		snprintf(f->f[0].msg, sizeof f->f[0].msg, "%s%s%s%s",
		         !rep ? "a new report" : rd[0] ? "in " : "expected",
		         rd, sd[0] ? ", shared " : "", sd);
	}
	if (i == 2 && ui_form_date(&f->f[1], &r) && ui_form_date(&f->f[2], &s) &&
	    s != CP_DATE_NONE && (r == CP_DATE_NONE || s < r)) {
		f->f[2].bad = true;
		snprintf(f->f[2].msg, sizeof f->f[2].msg,
		         "shared before it was received?");
	}
	if ((i == 1 || i == 2) && ui_form_date(&f->f[i], &r) &&
	    r != CP_DATE_NONE && r > a->today) {
		f->f[i].bad = true;
		snprintf(f->f[i].msg, sizeof f->f[i].msg, "in the future");
	}
}

/* The first report still to come in, else the first not yet shared. */
static const cp_report *pick_report(const ui_form *f)
{
	const cp_report *pick = NULL;
	for (size_t i = 0; i < f->rec.reports.n; i++) {
		const cp_report *r = &f->rec.reports.v[i];
		if (r->received == CP_DATE_NONE)
			return r;
		if (!pick && r->shared == CP_DATE_NONE)
			pick = r;
	}
	return pick;
}

void ui_action_report(ui_app *a, uint64_t mid)
{
	ui_form *f = meeting_form(a, "Record a report", "Report for", mid,
	                          ACCESS_RECORD_REPORTS, false, false);
	if (!f)
		return;
	const cp_report *r = pick_report(f);
	char agency[UI_TEXT] = "";
	if (r)
		ui_copy(agency, sizeof agency, r->agency);
	ui_form_add(f, "Agency", FLD_TEXT, true, agency);
	ui_form_add(f, "Received on", FLD_DATE, false, "");
	ui_form_add(f, "Shared (family)", FLD_DATE, false, "");
	report_suggest(a, f, r);
	f->check = report_check;
	f->preview = report_preview;
	f->submit = report_submit;
	open_form(a, f);
}

/* ---- move ------------------------------------------------------------------ */

/* The move and cancel forms' ctx: who must approve (a late move; a
 * cancellation), read when the form opens. */
typedef struct approval_ctx {
	char who[UI_TEXT];      /* "" when the policy names nobody */
	bool plural;            /* approval: all of more than one role */
} approval_ctx;

/* Who approves `kind` for meeting mid into a new ctx (NULL, said on the
 * status line, on failure); *pending: a request already waiting. */
static approval_ctx *approval_read(ui_app *a, const char *what, uint64_t mid,
                                   request_kind kind, uint64_t *pending,
                                   request_kind *pending_kind)
{
	approval_ctx *c = calloc(1, sizeof *c);
	cp_error err;
	if (!c) {
		ui_status(a, true, "%s: out of memory", what);
		return NULL;
	}
	if (query_approvers(&a->cw, mid, kind, c->who, sizeof c->who, pending,
	                    pending_kind, &err) != CP_OK) {
		ui_status(a, true, "%s: %s", what, err.msg);
		free(c);
		return NULL;
	}
	role_set need = a->cw.pol->approvals[kind].approvers;
	c->plural = a->cw.pol->approvals[kind].all && (need & (need - 1));
	return c;
}

/* New due dates for the open step tasks; false when the timeline cannot
 * be worked out (msg says why). */
static bool move_shifts(ui_app *a, ui_form *f, cp_date nd, int minutes,
                        ui_form *out, size_t *moving, char *msg, size_t size)
{
	timeline_entry *tl = NULL;
	size_t n = 0;
	cp_error err;
	const cp_meeting *m = &f->rec.m.meeting;
	if (schedule_timeline(a->cw.pol, a->cw.cal, m->type, nd,
	                      minutes == -2 ? m->minutes : minutes, m->anchors,
	                      m->nanchors, &tl, &n, &err) != CP_OK) {
		snprintf(msg, size, "%.200s", err.msg);
		return false;
	}
	*moving = 0;
	for (size_t i = 0; i < f->rec.tasks.n; i++) {
		const cp_task *it = &f->rec.tasks.v[i].task;
		for (size_t j = 0; j < n; j++) {
			if (strcmp(tl[j].step->id, it->step_id))
				continue;
			char od[32], ndue[32];
			ui_date_short(it->due, od, sizeof od);
			ui_date_short(tl[j].due, ndue, sizeof ndue);
			if (it->status != TASK_OPEN) {
				if (out)
					ui_form_line(out, "  %s  kept (%s)  %s", od,
					             task_status_name(it->status), it->title);
			} else if (tl[j].due != it->due) {
				(*moving)++;
				if (out)
					ui_form_line(out, "  %s -> %s  %s", od, ndue,
					             it->title);
			}
			break;
		}
	}
	free(tl);
	return true;
}

/* The date rules of the command line (cw_date_rules: a weekend, a bank
 * holiday or closure, the past, a time the clocks skip or repeat), said
 * on field fl as it is typed; false when they refuse the date. */
static bool date_rules_ok(ui_app *a, ui_field *fl, cp_date d, int minutes)
{
	char warn[CW_WARN_MAX] = "";
	cp_error err;
	if (cw_date_rules(&a->cw, d, minutes, false, NULL, NULL, warn, &err) ==
	    CP_OK)
		return true;
	fl->bad = true;
	snprintf(fl->msg, sizeof fl->msg, "%.*s", (int)sizeof fl->msg - 1,
	         err.msg);
	return false;
}

static void move_check(ui_app *a, ui_form *f, size_t i)
{
	cp_date nd;
	int minutes;
	ui_field *d = &f->f[0];
	if ((i != 0 && i != 1) || d->bad || !ui_form_date(d, &nd) ||
	    nd == CP_DATE_NONE)
		return;
	if (!ui_form_time(&f->f[1], &minutes))
		return;
	/* a blank time keeps the meeting's: the clock rule checks that one */
	if (!date_rules_ok(a, &f->f[i], nd, minutes < 0 ?
	                   f->rec.m.meeting.minutes : minutes))
		return;
	if (i != 0)
		return;
	size_t moving = 0;
	char why[UI_TEXT];
	if (!move_shifts(a, f, nd, minutes < 0 ? -2 : minutes, NULL, &moving,
	                 why, sizeof why)) {
		d->bad = true;
		snprintf(d->msg, sizeof d->msg, "%s", why);
		return;
	}
	size_t len = strlen(d->msg);
	snprintf(d->msg + len, sizeof d->msg - len, "; %zu deadline%s move",
	         moving, moving == 1 ? "" : "s");
	cp_date by = f->rec.m.meeting.cadence_by;
	const approval_ctx *c = f->ctx;
	len = strlen(d->msg);
	if (by != CP_DATE_NONE && nd > by)
		snprintf(d->msg + len, sizeof d->msg - len, "; LATE by %d days: "
		         "the exception's reason below%s", (int)(nd - by),
		         c->who[0] && nd > f->rec.m.meeting.date
		         ? "; needs approval" : "");
}

/* A move past the latest date the cadence allows: how many days. */
static int move_late(const ui_form *f, cp_date nd)
{
	cp_date by = f->rec.m.meeting.cadence_by;
	return by != CP_DATE_NONE && nd > by ? (int)(nd - by) : 0;
}

/* Does this move wait for approval (a late move, later than now)? */
static bool move_asks(const ui_form *f, cp_date nd)
{
	const approval_ctx *c = f->ctx;
	return c->who[0] && move_late(f, nd) && nd > f->rec.m.meeting.date;
}

static bool move_preview(ui_app *a, ui_form *f)
{
	cp_date nd;
	int minutes;
	ui_form_date(&f->f[0], &nd);
	ui_form_time(&f->f[1], &minutes);
	char from[32], to[32];
	ui_date_long(f->rec.m.meeting.date, from, sizeof from);
	ui_date_long(nd, to, sizeof to);
	ui_form_line(f, "%s", f->title);
	ui_form_line(f, "Move from %s to %s%s%s", from, to,
	             f->f[1].value[0] ? " at " : "", f->f[1].value);
	ui_form_line(f, "Reason: %s", f->f[2].value);
	int late = move_late(f, nd);
	if (late) {
		char by[32];
		ui_date_long(f->rec.m.meeting.cadence_by, by, sizeof by);
		if (!f->f[3].value[0]) {
			ui_status(a, true, "%d days past the cadence's %s: give the "
			          "exception's reason", late, by);
			return false;
		}
		ui_form_line(f, "LATE: the cadence allows it until %s; %d days "
		             "late, an exception: %s", by, late, f->f[3].value);
	}
	if (move_asks(f, nd)) {
		const approval_ctx *c = f->ctx;
		ui_form_line(f, "This asks for approval; it is not moved yet: it "
		             "stays on %s", from);
		ui_form_line(f, "until %s approve%s; then these deadlines move:",
		             c->who, c->plural ? "" : "s");
	} else {
		ui_form_line(f, "Deadlines that move (old -> new):");
	}
	size_t moving = 0;
	char why[UI_TEXT];
	if (!move_shifts(a, f, nd, minutes < 0 ? -2 : minutes, f, &moving, why,
	                 sizeof why)) {
		ui_status(a, true, "%s", why);
		return false;
	}
	if (moving == 0)
		ui_form_line(f, "  (none: no open deadline changes)");
	return true;
}

static cp_status move_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                             cp_error *err)
{
	cp_date nd;
	int minutes;
	ui_form_date(&f->f[0], &nd);
	ui_form_time(&f->f[1], &minutes);
	char warn[CW_WARN_MAX] = "", reason[2 * FORM_VALUE + 32];
	/* a late move's reason says the exception's apart from the move's */
	if (move_late(f, nd))
		snprintf(reason, sizeof reason, "%s (exception: %s)", f->f[2].value,
		         f->f[3].value);
	else
		snprintf(reason, sizeof reason, "%s", f->f[2].value);
	cw_request_result r;
	cp_status st = casework_meeting_move(&a->cw, f->meeting_id, nd,
	                                     minutes < 0 ? -2 : minutes, false,
	                                     reason, &r, warn, err);
	char to[32];
	ui_date_long(nd, to, sizeof to);
	if (st == CP_OK && r.done)
		snprintf(ok, size, "Moved to %s; open deadlines moved.%s%s", to,
		         warn[0] ? " Note: " : "", warn);
	else if (st == CP_OK)
		snprintf(ok, size, "Asked (request %llu): the move to %s waits "
		         "for approval.", (unsigned long long)r.id, to);
	return st;
}

void ui_action_move(ui_app *a, uint64_t mid)
{
	ui_form *f = meeting_form(a, "Move", "Move", mid, ACCESS_SCHEDULE, true,
	                          true);
	if (!f)
		return;
	uint64_t pending = 0;
	approval_ctx *c = approval_read(a, "Move", mid, REQUEST_LATE_MOVE,
	                                &pending, NULL);
	if (!c) {
		ui_form_free(f);
		return;
	}
	f->ctx = c;
	f->ctx_free = free;
	if (c->who[0])
		snprintf(f->note, sizeof f->note, "A move past the latest date "
		         "the cadence allows needs the approval of %s.", c->who);
	char date[CP_DATE_STRLEN];
	date_format(f->rec.m.meeting.date, date);
	ui_form_add(f, "New date", FLD_DATE, true, date);
	ui_form_add(f, "Time (HH:MM)", FLD_TIME, false, "");
	ui_form_add(f, "Reason", FLD_TEXT, true, "");
	ui_form_add(f, "Exception reason", FLD_TEXT, false, "");
	f->check = move_check;
	f->preview = move_preview;
	f->submit = move_submit;
	open_form(a, f);
}

/* ---- cancel ---------------------------------------------------------------- */

static bool cancel_preview(ui_app *a, ui_form *f)
{
	(void)a;
	const approval_ctx *c = f->ctx;
	size_t open = 0;
	for (size_t i = 0; i < f->rec.tasks.n; i++)
		open += f->rec.tasks.v[i].task.status == TASK_OPEN;
	ui_form_line(f, "%s", f->title);
	ui_form_line(f, "Reason: %s", f->f[0].value);
	if (c->who[0]) {
		ui_form_line(f, "This asks for approval; it is not cancelled yet.");
		ui_form_line(f, "It stays scheduled until %s approve%s;", c->who,
		             c->plural ? "" : "s");
		ui_form_line(f, "then %zu open task%s will be cancelled (kept).",
		             open, open == 1 ? "" : "s");
	} else {
		ui_form_line(f, "%zu open task%s will be cancelled (kept on record).",
		             open, open == 1 ? "" : "s");
	}
	return true;
}

static cp_status cancel_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                               cp_error *err)
{
	cw_request_result r;
	cp_status st = casework_meeting_cancel(&a->cw, f->meeting_id,
	                                       f->f[0].value, &r, err);
	if (st == CP_OK && r.done)
		snprintf(ok, size, "Cancelled; its open tasks are cancelled.");
	else if (st == CP_OK)
		snprintf(ok, size, "Asked (request %llu): the meeting stays "
		         "scheduled until approved.", (unsigned long long)r.id);
	return st;
}

void ui_action_cancel(ui_app *a, uint64_t mid)
{
	ui_form *f = meeting_form(a, "Cancel", "Cancel", mid, ACCESS_SCHEDULE,
	                          true, false);
	uint64_t pending = 0;
	request_kind pk;
	approval_ctx *c = f ? approval_read(a, "Cancel", mid,
	                                    REQUEST_CANCEL_MEETING, &pending, &pk)
	                    : NULL;
	if (c && pending) {
		ui_status(a, true, "Cancel: its %s is waiting for approval already "
		          "(request %llu).", request_kind_title(pk),
		          (unsigned long long)pending);
	} else if (c) {
		f->ctx = c;
		f->ctx_free = free;
		if (c->who[0])
			snprintf(f->note, sizeof f->note, "Needs the approval of %s: "
			         "the meeting stays scheduled until it is given.",
			         c->who);
		ui_form_add(f, "Reason", FLD_TEXT, true, "");
		f->preview = cancel_preview;
		f->submit = cancel_submit;
		open_form(a, f);
		return;
	}
	free(c);
	ui_form_free(f);
}

/* ---- outcome --------------------------------------------------------------- */

/* Fields: a plan for each child (f->nplans, the first OC_PLAN), then the
 * rest; OC(f, k) is field k's index. */
enum { OC_PLAN, OC_DECISION, OC_ATTEND, OC_REPORTS, OC_VIEWS, OC_SUMMARY,
       OC_NEXT, OC_NEXT_DATE };
#define OC(f, k) ((k) == OC_PLAN ? 0 : (k) + (f)->nplans - 1)

/* The child of plan field i: the meeting's children as the reader sees
 * them (query_meeting_row). */
static const char *plan_child(const ui_form *f, size_t i)
{
	const cp_meeting *m = &f->rec.m.meeting;
	return i ? m->siblings[i - 1] : m->child_id;
}

/* The meeting's steps due before its day still open, which the outcome
 * closes as missed unless kept (those done by the outcome apart). */
static size_t open_before(ui_app *a, const ui_form *f)
{
	const cp_meeting *m = &f->rec.m.meeting;
	size_t n = 0;
	for (size_t i = 0; i < f->rec.tasks.n; i++) {
		const cp_task *k = &f->rec.tasks.v[i].task;
		const policy_step *s = policy_type_step(a->cw.pol, m->type,
		                                        k->step_id ? k->step_id : "");
		n += k->status == TASK_OPEN && k->due < m->date &&
		     !(k->kind == TASK_STEP && s && s->done_by_outcome);
	}
	return n;
}

/* The form's "Convene" field (a strategy discussion's), or NULL. */
static ui_field *convene_field(ui_form *f)
{
	for (size_t i = 0; i < f->nf; i++)
		if (!strcmp(f->f[i].label, "Convene"))
			return &f->f[i];
	return NULL;
}

static cw_convene convene_choice(ui_form *f)
{
	ui_field *c = convene_field(f);
	const char *v = c ? ui_form_choice(c) : "";
	return !strcmp(v, "yes") ? CONVENE_YES : !strcmp(v, "no") ? CONVENE_NO
	       : CONVENE_UNSAID;
}

static bool keep_open(const ui_form *f)
{
	for (size_t i = 0; i < f->nf; i++)
		if (!strcmp(f->f[i].label, "Steps still open"))
			return !strcmp(ui_form_choice(&f->f[i]), "keep");
	return false;
}

static bool outcome_preview(ui_app *a, ui_form *f)
{
	ui_form_line(f, "%s", f->title);
	for (size_t i = 0; i < f->nplans; i++)
		ui_form_line(f, "%s%s%s: %s", f->nplans > 1 ? f->labels[i] : "Plan",
		             f->nplans > 1 ? " " : "",
		             f->nplans > 1 ? plan_child(f, i) : "",
		             ui_form_choice(&f->f[i]));
	ui_form_line(f, "Decision: %s", f->f[OC(f, OC_DECISION)].value);
	ui_form_line(f, "Attendees: %s", f->f[OC(f, OC_ATTEND)].value);
	ui_form_line(f, "Reports: %s", f->f[OC(f, OC_REPORTS)].value);
	ui_form_line(f, "Views not available: %s", f->f[OC(f, OC_VIEWS)].value);
	ui_form_line(f, "Summary: %s", f->f[OC(f, OC_SUMMARY)].value);
	if (convene_field(f))
		ui_form_line(f, "Conference convened: %s",
		             ui_form_choice(convene_field(f)));
	ui_form_line(f, "Schedule the next meeting: %s %s",
	             ui_form_choice(&f->f[OC(f, OC_NEXT)]),
	             f->f[OC(f, OC_NEXT_DATE)].value[0] ?
	             f->f[OC(f, OC_NEXT_DATE)].value :
	             "(the cadence's date, less the diary's margin)");
	size_t open = open_before(a, f);
	if (open)
		ui_form_line(f, "%zu step%s due before the meeting still open: %s",
		             open, open == 1 ? "" : "s",
		             keep_open(f) ? "kept open" :
		             "closed as missed (the exception report lists them)");
	return true;
}

/* "cp-plan:neglect" and the like, as the command line writes them. */
static void plan_choice(const char *s, plan_decision *plan,
                        cp_category *category)
{
	char word[16];
	const char *colon = strchr(s, ':');
	snprintf(word, sizeof word, "%.*s", colon ? (int)(colon - s) : 15, s);
	*category = CP_CATEGORY_UNKNOWN;
	plan_parse(word, plan);
	if (colon)
		cp_category_parse(colon + 1, category);
}

static cp_status outcome_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                                cp_error *err)
{
	cw_outcome o = { 0 };
	cw_child_decision d[MEETING_CHILDREN_MAX];
	plan_choice(ui_form_choice(&f->f[0]), &o.plan, &o.category);
	for (size_t i = 0; f->nplans > 1 && i < f->nplans; i++) {
		d[i].child_id = plan_child(f, i);
		plan_choice(ui_form_choice(&f->f[i]), &d[i].plan, &d[i].category);
		o.decisions = d;
		o.ndecisions = f->nplans;
	}
	bool any_plan = o.plan != PLAN_NONE;
	for (size_t i = 0; i < o.ndecisions; i++)
		any_plan |= d[i].plan != PLAN_NONE;
	o.decision = f->f[OC(f, OC_DECISION)].value;
	o.attendees = f->f[OC(f, OC_ATTEND)].value;
	o.reports = f->f[OC(f, OC_REPORTS)].value;
	o.views_missing = f->f[OC(f, OC_VIEWS)].value;
	o.summary = f->f[OC(f, OC_SUMMARY)].value;
	o.schedule_next = any_plan &&
	                  !strcmp(ui_form_choice(&f->f[OC(f, OC_NEXT)]), "yes");
	ui_form_date(&f->f[OC(f, OC_NEXT_DATE)], &o.next_date);
	o.next_minutes = -2;
	o.keep_open = keep_open(f);
	o.convene = convene_choice(f);
	uint64_t next = 0;
	char warn[CW_WARN_MAX] = "";
	cp_status st = casework_meeting_outcome(&a->cw, f->meeting_id, &o, &next,
	                                        warn, err);
	if (st == CP_OK)
		snprintf(ok, size, "Outcome recorded%s.%s%s",
		         next ? "; next meeting scheduled" : "",
		         warn[0] ? " Note: " : "", warn);
	return st;
}

static void outcome_check(ui_app *a, ui_form *f, size_t i)
{
	size_t nd = OC(f, OC_NEXT_DATE);
	ui_field *fl = &f->f[nd];
	cp_date next;
	ui_field *cv = convene_field(f);
	if (cv && &f->f[i] == cv && convene_choice(f) == CONVENE_UNSAID) {
		cv->bad = true;
		snprintf(cv->msg, sizeof cv->msg, "say whether the conference is "
		         "convened (Left/Right)");
	}
	if (i != nd)
		return;
	if (!fl->value[0]) {
		snprintf(fl->msg, sizeof fl->msg, "blank: the cadence's date, "
		         "less the diary's margin");
		return;
	}
	if (strcmp(ui_form_choice(&f->f[OC(f, OC_NEXT)]), "yes")) {
		fl->bad = true;
		snprintf(fl->msg, sizeof fl->msg,
		         "set 'Schedule next' to yes, or leave blank");
		return;
	}
	if (fl->bad || !ui_form_date(fl, &next) || next == CP_DATE_NONE)
		return;
	if (next <= f->rec.m.meeting.date) {
		fl->bad = true;
		snprintf(fl->msg, sizeof fl->msg, "on or before this meeting: "
		         "the next one comes after it");
		return;
	}
	date_rules_ok(a, fl, next, -1);
}

/* A plan field: at a conference, a plan with its category or none. */
static void add_plan_field(ui_form *f, const char *label, bool conference)
{
	static const char *const plans[] = {
		"cp-plan", "cp-plan:neglect", "cp-plan:physical-abuse",
		"cp-plan:emotional-abuse", "cp-plan:sexual-abuse",
		"cp-plan:multiple", "no-plan", "n/a" };
	static const char *const labels[] = {
		"child protection plan (category to follow)",
		"child protection plan: neglect",
		"child protection plan: physical abuse",
		"child protection plan: emotional abuse",
		"child protection plan: sexual abuse",
		"child protection plan: multiple categories",
		"no plan: no further CP meeting", "not applicable" };
	ui_field *p = ui_form_add(f, label, FLD_CHOICE, true, "");
	for (size_t i = 0; i < 8; i++) {
		p->choices[i] = plans[i];
		p->choice_labels[i] = labels[i];
	}
	p->nchoices = 8;
	p->choice = conference ? 0 : 7;
}

void ui_action_outcome(ui_app *a, uint64_t mid)
{
	ui_form *f = meeting_form(a, "Outcome", "Outcome of", mid,
	                          ACCESS_RECORD_OUTCOMES, true, false);
	if (!f)
		return;
	const cp_meeting *m = &f->rec.m.meeting;
	if (m->date > a->today) {
		/* as the command line: an outcome comes on or after the day */
		char on[32];
		ui_date_long(m->date, on, sizeof on);
		ui_status(a, true, "This meeting is on %s: its outcome is recorded "
		          "on or after that day (if the date is wrong, move it).",
		          on);
		ui_form_free(f);
		return;
	}
	bool conference = policy_decides_plan(a->cw.pol, m->type);
	/* A decision for each child of a family meeting, by name (the id
	 * when the names cannot be read). */
	f->nplans = 1 + m->nsiblings;
	const char *ids[MEETING_CHILDREN_MAX];
	char *names[MEETING_CHILDREN_MAX] = { 0 };
	cp_error err;
	for (size_t i = 0; i < f->nplans; i++)
		ids[i] = plan_child(f, i);
	if (f->nplans > 1 &&
	    query_child_names(&a->cw, ids, f->nplans, "console: outcome form",
	                      names, &err) != CP_OK)
		memset(names, 0, sizeof names);
	for (size_t i = 0; i < f->nplans; i++) {
		if (f->nplans > 1)
			snprintf(f->labels[i], sizeof f->labels[i], "Plan %s",
			         names[i] ? names[i] : ids[i]);
		add_plan_field(f, f->nplans > 1 ? f->labels[i] : "Plan",
		               conference);
		free(names[i]);
	}
	ui_form_add(f, "Decision", FLD_TEXT, true, "");
	ui_form_add(f, "Attendees", FLD_TEXT, false, "");
	ui_form_add(f, "Reports", FLD_TEXT, false, "");
	ui_form_add(f, "Views missing", FLD_TEXT, false, "");
	ui_form_add(f, "Summary", FLD_TEXT, false, "");
	ui_field *nx = ui_form_add(f, "Schedule next", FLD_CHOICE, false, "");
	nx->choices[0] = "yes";
	nx->choices[1] = "no";
	nx->choice_labels[0] = "as the cadence says";
	nx->choice_labels[1] = "not now";
	nx->nchoices = 2;
	ui_form_add(f, "Next date", FLD_DATE, false, "");
	if (policy_leads_to_conference(a->cw.pol, m->type)) {
		/* a strategy discussion decides whether the ICPC is convened */
		ui_field *cv = ui_form_add(f, "Convene", FLD_CHOICE, true, "");
		cv->choices[0] = "?";
		cv->choices[1] = "yes";
		cv->choices[2] = "no";
		cv->choice_labels[0] = "say whether the conference is convened";
		cv->choice_labels[1] = "the conference is booked as the cadence says";
		cv->choice_labels[2] = "not convened: no conference is booked";
		cv->nchoices = 3;
	}
	size_t open = open_before(a, f);
	if (open) {
		/* the preparation the meeting went ahead without */
		ui_field *k = ui_form_add(f, "Steps still open", FLD_CHOICE, false,
		                          "");
		snprintf(f->choice_label, sizeof f->choice_label,
		         "%zu due before it: close as missed", open);
		k->choices[0] = "missed";
		k->choices[1] = "keep";
		k->choice_labels[0] = f->choice_label;
		k->choice_labels[1] = "keep them open (someone will still do them)";
		k->nchoices = 2;
	}
	f->check = outcome_check;
	f->preview = outcome_preview;
	f->submit = outcome_submit;
	open_form(a, f);
}

/* ---- allocate ------------------------------------------------------------ */

enum { AL_CHAIR, AL_MINUTE, AL_REASON, AL_CLASH };

/* The worker a login field names, as typed. */
static void login_check(ui_app *a, ui_field *fl)
{
	char *name = NULL;
	cp_error err;
	if (!fl->value[0])
		return;
	const char *ids[] = { fl->value };
	if (query_worker_names(&a->cw, ids, 1, &name, &err) != CP_OK) {
		snprintf(fl->msg, sizeof fl->msg, "%.200s", err.msg);
		fl->bad = true;
		return;
	}
	fl->bad = !strcmp(name, fl->value);
	snprintf(fl->msg, sizeof fl->msg, "%s", fl->bad ? "not a worker" : name);
	free(name);
}

static void allocate_check(ui_app *a, ui_form *f, size_t i)
{
	if (i == AL_CHAIR || i == AL_MINUTE)
		login_check(a, &f->f[i]);
}

static bool allocate_preview(ui_app *a, ui_form *f)
{
	(void)a;
	const cp_meeting *m = &f->rec.m.meeting;
	ui_form_line(f, "%s", f->title);
	ui_form_line(f, "Chair: %s -> %s", *m->chair ? m->chair : "(to allocate)",
	             f->f[AL_CHAIR].value[0] ? f->f[AL_CHAIR].value : "(as it is)");
	ui_form_line(f, "Minute taker: %s -> %s",
	             *m->minute_taker ? m->minute_taker : "(to allocate)",
	             f->f[AL_MINUTE].value[0] ? f->f[AL_MINUTE].value
	                                      : "(as it is)");
	ui_form_line(f, "Reason: %s", f->f[AL_REASON].value[0] ?
	             f->f[AL_REASON].value : "(none)");
	ui_form_line(f, "Their open steps for this meeting move to them.");
	return true;
}

static cp_status allocate_submit(ui_app *a, ui_form *f, char *ok,
                                 size_t size, cp_error *err)
{
	cw_allocation al = {
		.meeting_id = f->meeting_id,
		.chair = f->f[AL_CHAIR].value[0] ? f->f[AL_CHAIR].value : NULL,
		.minute_taker = f->f[AL_MINUTE].value[0] ? f->f[AL_MINUTE].value
		                : NULL,
		.reason = f->f[AL_REASON].value[0] ? f->f[AL_REASON].value : NULL,
		.allow_clash = !strcmp(ui_form_choice(&f->f[AL_CLASH]), "yes"),
	};
	size_t moved = 0;
	char warn[CW_WARN_MAX] = "";
	cp_status st = casework_meeting_allocate(&a->cw, &al, &moved, warn, err);
	if (st == CP_OK)
		snprintf(ok, size, "Allocated; %zu open task%s moved.%s%s", moved,
		         moved == 1 ? "" : "s", warn[0] ? " Note: " : "", warn);
	return st;
}

void ui_action_allocate(ui_app *a, uint64_t mid)
{
	ui_form *f = meeting_form(a, "Allocate", "Allocate", mid,
	                          ACCESS_SCHEDULE, true, false);
	if (!f)
		return;
	const cp_meeting *m = &f->rec.m.meeting;
	ui_form_add(f, "Chair", FLD_TEXT, false, m->chair);
	ui_form_add(f, "Minute taker", FLD_TEXT, false, m->minute_taker);
	ui_form_add(f, "Reason", FLD_TEXT, false, "");
	ui_field *c = ui_form_add(f, "Allow a clash", FLD_CHOICE, false, "");
	c->choices[0] = "no";
	c->choices[1] = "yes";
	c->choice_labels[0] = "refuse one with another meeting then";
	c->choice_labels[1] = "allow it (give the reason)";
	c->nchoices = 2;
	f->check = allocate_check;
	f->preview = allocate_preview;
	f->submit = allocate_submit;
	allocate_check(a, f, AL_CHAIR);
	allocate_check(a, f, AL_MINUTE);
	open_form(a, f);
}

/* ---- consultation ---------------------------------------------------------- */

enum { CO_KIND, CO_CHILD, CO_DATE, CO_MEETING, CO_SW, CO_TOOK, CO_PLAN,
       CO_PROGRESS, CO_ESCALATION, CO_DECISION, CO_NOTES };

/* What the form found: the child the Child field names, and whether one
 * of the same kind that day is on record already (its id). */
typedef struct consult_ctx {
	char child[MODEL_ID_MAX + 1];
	uint64_t same_day;
} consult_ctx;

/* The Child field takes a name or an id, as the Children view's search
 * does: the id typed, else the one child whose name has it. */
static void consult_child(ui_app *a, ui_form *f, ui_field *fl)
{
	consult_ctx *cx = f->ctx;
	query_child_filter q = { .search = fl->value, .limit = 3 };
	query_children found = { 0 };
	cp_error err;
	cx->child[0] = '\0';
	if (query_child_list(&a->cw, &q, "console: consultation form", &found,
	                     &err) != CP_OK) {
		fl->bad = true;
		ui_copy(fl->msg, sizeof fl->msg, err.msg);
		return;
	}
	const query_child *hit = found.n && (found.n == 1 ||
	    !strcmp(found.v[0].child.id, fl->value)) ? &found.v[0] : NULL;
	if (hit) {
		ui_copy(cx->child, sizeof cx->child, hit->child.id);
		snprintf(fl->msg, sizeof fl->msg, "%s (%s)", hit->child.name,
		         hit->child.id);
	} else {
		fl->bad = true;
		snprintf(fl->msg, sizeof fl->msg, found.n ? "%zu%s children "
		         "match: type more of the name, or the id" : "no child "
		         "with this name or id", found.n, found.more ? "+" : "");
	}
	query_children_free(&found);
}

static void consult_check(ui_app *a, ui_form *f, size_t i)
{
	ui_field *fl = &f->f[i];
	if ((i != CO_CHILD && i != CO_SW) || !fl->value[0])
		return;
	if (i == CO_CHILD) {
		consult_child(a, f, fl);
		return;
	}
	cp_error err;
	bool found = false;
	cp_worker w;
	if (query_worker(&a->cw, fl->value, &w, &found, &err) == CP_OK &&
	    found) {
		ui_copy(fl->msg, sizeof fl->msg, w.name);
		cp_worker_free(&w);
	}
	if (!found) {
		fl->bad = true;
		snprintf(fl->msg, sizeof fl->msg, "no worker with this login");
	}
}

/* Is a consultation of this kind for the child that day on record? */
static uint64_t consult_same_day(ui_app *a, const char *child,
                                 const char *kind, cp_date d)
{
	query_consult_filter q = { .child_id = child, .all = true, .from = d,
	                           .to = d };
	query_consults v;
	cp_error err;
	uint64_t id = 0;
	if (query_consult_list(&a->cw, &q, "console: consultation form", &v,
	                       &err) != CP_OK)
		return 0;
	for (size_t i = 0; i < v.n && !id; i++)
		if (!strcmp(v.v[i].consult.kind, kind))
			id = v.v[i].consult.id;
	query_consults_free(&v);
	return id;
}

static bool consult_preview(ui_app *a, ui_form *f)
{
	consult_ctx *cx = f->ctx;
	cp_date d = CP_DATE_NONE;
	ui_form_date(&f->f[CO_DATE], &d);
	const char *kind = ui_form_choice(&f->f[CO_KIND]);
	cx->same_day = consult_same_day(a, cx->child, kind, d);
	ui_form_line(f, "Log a consultation (you as the one consulted)");
	if (cx->same_day)
		ui_form_line(f, "Consultation %llu already records a %s for this "
		             "child that day: y logs a second one",
		             (unsigned long long)cx->same_day, kind);
	ui_form_line(f, "Kind: %s", kind);
	ui_form_line(f, "Child: %s", f->f[CO_CHILD].msg);
	ui_form_line(f, "Date: %s", f->f[CO_DATE].value);
	if (f->f[CO_MEETING].value[0])
		ui_form_line(f, "For meeting: %s", f->f[CO_MEETING].value);
	ui_form_line(f, "Social worker: %s", f->f[CO_SW].value[0] ?
	             f->f[CO_SW].value : "(the child's)");
	ui_form_line(f, "Took part: %s", f->f[CO_TOOK].value);
	ui_form_line(f, "Plan: %s", f->f[CO_PLAN].value);
	ui_form_line(f, "Progressing: %s", ui_form_choice(&f->f[CO_PROGRESS]));
	ui_form_line(f, "Escalation: %s", f->f[CO_ESCALATION].value);
	ui_form_line(f, "Decision: %s", f->f[CO_DECISION].value);
	ui_form_line(f, "Notes: %s", f->f[CO_NOTES].value);
	return cx->child[0] != '\0';
}

static cp_status consult_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                                cp_error *err)
{
	consult_ctx *cx = f->ctx;
	cp_consult c;
	cp_consult_init(&c);
	c.kind = (char *)ui_form_choice(&f->f[CO_KIND]);
	c.child_id = cx->child;
	ui_form_date(&f->f[CO_DATE], &c.date);
	c.chair = a->me.worker.login;
	c.social_worker = f->f[CO_SW].value[0] ? f->f[CO_SW].value : NULL;
	c.took_part = f->f[CO_TOOK].value;
	c.plan = f->f[CO_PLAN].value;
	consult_progress_parse(ui_form_choice(&f->f[CO_PROGRESS]),
	                       &c.progressing);
	c.escalation = f->f[CO_ESCALATION].value;
	c.decision = f->f[CO_DECISION].value;
	c.notes = f->f[CO_NOTES].value;
	char *end = NULL;
	if (f->f[CO_MEETING].value[0])
		c.meeting_id = strtoull(f->f[CO_MEETING].value, &end, 10);
	if (end && *end)
		return cp_fail(err, CP_BADINPUT, "the meeting is its number");
	uint64_t id = 0;
	/* a second one the same day: the confirmation page said so */
	cp_status st = casework_consult_add(&a->cw, &c, cx->same_day != 0, &id,
	                                    err);
	if (st == CP_OK)
		snprintf(ok, size, "Consultation %llu logged.",
		         (unsigned long long)id);
	return st;
}

/* The kinds the worker may log: those whose logged-by names one of
 * their roles, or every kind a policy leaves to the permission. */
static void consult_kinds(ui_app *a, ui_field *k, const char *first)
{
	const access_actor *who = a->cw.pm ? permit_who(a->cw.pm) : NULL;
	const policy *p = a->cw.pol;
	for (size_t i = 0; i < p->nconsult_kinds && k->nchoices < UI_CHOICES_MAX;
	     i++) {
		const policy_consultation_kind *ck = &p->consult_kinds[i];
		if (who && !who->admin && ck->logged_by &&
		    !(who->roles & ck->logged_by))
			continue;
		if (first && !strcmp(ck->id, first))
			k->choice = k->nchoices;
		k->choices[k->nchoices] = ck->id;
		k->choice_labels[k->nchoices++] = ck->title;
	}
}

void ui_action_consult_kind(ui_app *a, const char *child_id,
                            const char *kind)
{
	if (!ui_action_offered(a, ACT_CONSULT))
		return;
	ui_form *f = ui_form_new("Log a consultation");
	consult_ctx *cx = calloc(1, sizeof *cx);
	if (!f || !cx) {
		free(cx);
		ui_form_free(f);
		return;
	}
	f->ctx = cx;
	f->ctx_free = free;
	ui_field *k = ui_form_add(f, "Kind", FLD_CHOICE, true, "");
	consult_kinds(a, k, kind);
	char today[CP_DATE_STRLEN];
	date_format(a->today, today);
	ui_form_add(f, "Child", FLD_TEXT, true, child_id);
	ui_form_add(f, "Date", FLD_DATE, true, today);
	ui_form_add(f, "Meeting no.", FLD_TEXT, false, "");
	ui_form_add(f, "Social worker", FLD_TEXT, false, "");
	ui_form_add(f, "Took part", FLD_TEXT, false, "");
	ui_form_add(f, "Plan", FLD_TEXT, false, "");
	ui_field *pr = ui_form_add(f, "Progressing", FLD_CHOICE, false, "");
	static const char *const progress[] = { "unknown", "yes", "no" };
	static const char *const progress_labels[] = {
		"not said", "yes: the plan is being progressed",
		"no: a new mapping is due"
	};
	for (size_t i = 0; i < 3; i++) {
		pr->choices[i] = progress[i];
		pr->choice_labels[i] = progress_labels[i];
	}
	pr->nchoices = 3;
	ui_form_add(f, "Escalation", FLD_TEXT, false, "");
	ui_form_add(f, "Decision", FLD_TEXT, false, "");
	ui_form_add(f, "Notes", FLD_TEXT, false, "");
	f->check = consult_check;
	f->preview = consult_preview;
	f->submit = consult_submit;
	open_form(a, f);
}

void ui_action_consult(ui_app *a, const char *child_id)
{
	ui_action_consult_kind(a, child_id, NULL);
}

/* ---- a month's case mapping given to a chair (003 point 4a) ------------- */
typedef struct mapping_ctx {
	char child[MODEL_ID_MAX + 1];
	char name[UI_TEXT];
	cp_date month;
	bool review;
	char login[UI_CHOICES_MAX][MODEL_ID_MAX + 1];
	char label[UI_CHOICES_MAX][96];
} mapping_ctx;

static bool mapping_preview(ui_app *a, ui_form *f)
{
	(void)a;
	mapping_ctx *cx = f->ctx;
	char m[CP_DATE_STRLEN];
	date_format(cx->month, m);
	m[7] = '\0';   /* YYYY-MM */
	ui_form_line(f, "Child: %s (%s)", cx->name, cx->child);
	ui_form_line(f, "%s of %s to %s", cx->review ? "Review of the recent "
	             "case mapping" : "Case mapping", m,
	             ui_form_choice(&f->f[0]));
	ui_form_line(f, "A step in their queue due the month's last working "
	             "day.");
	return true;
}

static cp_status mapping_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                                cp_error *err)
{
	mapping_ctx *cx = f->ctx;
	uint64_t step = 0;
	const char *chair = ui_form_choice(&f->f[0]);
	CP_TRY(casework_mapping_allocate(&a->cw, cx->child, chair, cx->month,
	                                 &step, err));
	snprintf(ok, size, "%s's %s allocated to %s (task %llu).", cx->name,
	         cx->review ? "review" : "case mapping", chair,
	         (unsigned long long)step);
	return CP_OK;
}

void ui_action_mapping_allocate(ui_app *a, const char *child,
                                const char *name, bool review, cp_date month)
{
	query_mapping_chair *v = NULL;
	size_t n = 0;
	cp_error err;
	if (query_mapping_chairs(&a->cw, month, &v, &n, &err) != CP_OK) {
		ui_status(a, true, "cannot read the chairs: %s", err.msg);
		return;
	}
	ui_form *f = ui_form_new("Allocate a case mapping");
	mapping_ctx *cx = calloc(1, sizeof *cx);
	if (!f || !cx || !n) {
		if (f && cx && !n)
			ui_status(a, true, "no current CP chair to allocate it to");
		free(cx);
		ui_form_free(f);
		query_mapping_chairs_free(v, n);
		return;
	}
	f->ctx = cx;
	f->ctx_free = free;
	ui_copy(cx->child, sizeof cx->child, child);
	ui_copy(cx->name, sizeof cx->name, name);
	cx->month = month;
	cx->review = review;
	ui_field *c = ui_form_add(f, "Chair", FLD_CHOICE, true, "");
	/* each chair's load, conference requirements fluctuating (003) */
	for (size_t i = 0; i < n && i < UI_CHOICES_MAX; i++) {
		ui_copy(cx->login[i], sizeof cx->login[i], v[i].login);
		snprintf(cx->label[i], sizeof cx->label[i], "%s: %u open, %u done, "
		         "%u conferences", v[i].name, v[i].allocated, v[i].done,
		         v[i].conferences);
		c->choices[i] = cx->login[i];
		c->choice_labels[i] = cx->label[i];
		c->nchoices++;
	}
	query_mapping_chairs_free(v, n);
	f->preview = mapping_preview;
	f->submit = mapping_submit;
	open_form(a, f);
}

/* ui_detail.c - the selected task or meeting in full, and its meeting's
 * timeline: every step against the calendar, done / open / late, with
 * the meeting day and today marked, so a chair sees the run-up at once;
 * the open steps' reminders and escalations on their dates, marked as My
 * queue marks them (* and ^), since they reach the queues on those days.
 *
 * Read for the selected row only, as one meeting's record in full
 * (query_meeting_get): a read by id, put on the record as "console"
 * before it is shown -- not again while the same meeting stays shown. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_common.h"
#include "ui_detail.h"
#include "ui_draw.h"
#include "ui_theme.h"

void ui_detail_free(ui_detail *d)
{
	query_meeting_record_free(&d->rec);
	free(d->tl);
	free(d->source);
	free(d->marks);
	memset(d, 0, sizeof *d);
}

static int tl_cmp(const void *x, const void *y)
{
	const query_task *a = *(const query_task *const *)x,
	                 *b = *(const query_task *const *)y;
	if (a->task.due != b->task.due)
		return a->task.due < b->task.due ? -1 : 1;
	return a->task.id < b->task.id ? -1 : a->task.id > b->task.id;
}

/* The task asked for, the timeline by due date, the step's role and the
 * sentence of the procedure it comes from (a copy: the policy may be
 * switched under it). */
static cp_status arrange(ui_app *a, ui_detail *d, cp_error *err)
{
	const query_tasks *ts = &d->rec.tasks;
	if (!(d->tl = malloc((ts->n ? ts->n : 1) * sizeof *d->tl)))
		return cp_oom(err);
	for (size_t i = 0; i < ts->n; i++) {
		d->tl[d->ntl++] = &ts->v[i];
		if (d->task_id && ts->v[i].task.id == d->task_id)
			d->task = &ts->v[i];
	}
	if (d->ntl > 1)
		qsort(d->tl, d->ntl, sizeof *d->tl, tl_cmp);
	if (!d->task)
		return CP_OK;
	ui_copy(d->role, sizeof d->role,
	        policy_role_title(a->cw.pol, d->task->task.role));
	const policy_step *st = policy_type_step(a->cw.pol,
	                                         d->rec.m.meeting.type,
	                                         d->task->task.step_id);
	if (st && st->source && !(d->source = strdup(st->source)))
		return cp_oom(err);
	return CP_OK;
}

/* The reminders and escalations of the meeting's open steps (once a
 * step, however many children's tasks it has): the queues show them only
 * while the step is open (work/escalate.h).  None for a cancelled
 * meeting. */
static cp_status arrange_marks(ui_app *a, ui_detail *d, cp_error *err)
{
	const cp_meeting *m = &d->rec.m.meeting;
	const policy_meeting *pm = policy_meeting_find(a->cw.pol, m->type);
	timeline_entry *e = malloc((d->ntl ? d->ntl : 1) * sizeof *e);
	size_t n = 0;
	if (!e)
		return cp_oom(err);
	for (size_t i = 0; pm && m->status != MEETING_CANCELLED && i < d->ntl;
	     i++) {
		const cp_task *k = &d->tl[i]->task;
		const policy_step *s = policy_step_find(pm, k->step_id);
		bool seen = false;
		for (size_t j = 0; j < n; j++)
			seen |= e[j].step == s;
		if (k->status == TASK_OPEN && k->kind == TASK_STEP && s && !seen &&
		    (s->nreminders || s->escalate.present))
			e[n++] = (timeline_entry){ .due = k->due, .step = s };
	}
	cp_status st = n ? schedule_marks(pm, a->cw.cal, m->date, m->minutes,
	                                  m->anchors, m->nanchors, e, n,
	                                  &d->marks, &d->nmarks, err)
	                 : CP_OK;
	free(e);
	return st;
}

cp_status ui_detail_load(ui_app *a, ui_detail *d, uint64_t task_id,
                         uint64_t meeting_id, cp_error *err)
{
	ui_detail_free(d);
	d->task_id = task_id;
	d->meeting_id = meeting_id;
	if (!meeting_id)
		return CP_OK;
	CP_TRY(query_meeting_get(&a->cw, meeting_id, "console", &d->rec, err));
	d->have_meeting = true;
	d->have_child = d->rec.child.id[0] != '\0';
	CP_TRY(arrange(a, d, err));
	/* a date the policy cannot work out (an anchor gone) loses the marks,
	 * not the pane: the queue says the same at its own read */
	cp_error e;
	if (arrange_marks(a, d, &e) != CP_OK) {
		free(d->marks);
		d->marks = NULL;
		d->nmarks = 0;
	}
	return CP_OK;
}

void ui_detail_show(ui_app *a, ui_detail *d, uint64_t task_id,
                    uint64_t meeting_id)
{
	cp_error err;
	cp_status st = ui_detail_load(a, d, task_id, meeting_id, &err);
	/* gone (or no longer to be seen): the pane says so */
	if (st != CP_OK && st != CP_BADINPUT)
		ui_status(a, true, "cannot read the detail: %s", err.msg);
}

bool ui_detail_open(ui_app *a, ui_detail *d, uint64_t task_id,
                    uint64_t meeting_id)
{
	cp_error err;
	if (ui_detail_load(a, d, task_id, meeting_id, &err) != CP_OK) {
		ui_status(a, true, "cannot open the record: %s", err.msg);
		return false;
	}
	return d->have_meeting;
}

const char *ui_detail_child(const ui_detail *d)
{
	return d->have_child ? d->rec.child.id : NULL;
}

static void reports_line(const ui_detail *d, char *buf, size_t size)
{
	const cp_report_vec *rs = &d->rec.reports;
	size_t in = 0, len;
	for (size_t i = 0; i < rs->n; i++)
		in += rs->v[i].received != CP_DATE_NONE;
	len = (size_t)snprintf(buf, size, "Reports: %zu of %zu received", in,
	                       rs->n);
	for (size_t i = 0; i < rs->n && len < size; i++) {
		const cp_report *r = &rs->v[i];
		char rd[16];
		ui_date_short(r->received, rd, sizeof rd);
		len += (size_t)snprintf(buf + len, size - len, "%s %s %s%s%s",
		        i ? ";" : ":", r->agency,
		        r->received == CP_DATE_NONE ? "expected" : "in ",
		        r->received == CP_DATE_NONE ? "" : rd,
		        r->shared == CP_DATE_NONE ? "" : ", shared");
	}
}

static const char *family_pref_text(family_pref p)
{
	switch (p) {
	case FAMILY_PREF_SECURE_EMAIL: return "secure email";
	case FAMILY_PREF_POST: return "post";
	case FAMILY_PREF_HAND_DELIVERED: return "hand delivered";
	default: return "not yet agreed";
	}
}

/* Where the detail's lines go: a box of the screen (y to ymax), or one
 * line at a time to emit (the line-by-line mode), whole. */
typedef struct out {
	int y, x, w, ymax;
	ui_line_fn emit;
	void *ctx;
} out;

static bool room(const out *o)
{
	return o->emit || o->y < o->ymax;
}

/* A line; wrap: over as many rows as it takes (on the screen). */
static void put(out *o, attr_t at, bool wrap, const char *s)
{
	if (o->emit)
		o->emit(o->ctx, s);
	else if (o->y < o->ymax && wrap)
		o->y = ui_wrap(o->y, o->x, o->w, o->ymax, at, s);
	else if (o->y < o->ymax)
		ui_put(o->y++, o->x, o->w, at, false, s);
}

static void putf(out *o, attr_t at, bool wrap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void putf(out *o, attr_t at, bool wrap, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	put(o, at, wrap, line);
}

static void draw_meeting(const ui_detail *d, out *o)
{
	const cp_meeting *m = &d->rec.m.meeting;
	char type[16], date[32], time[16] = "";
	ui_type_short(m->type, type, sizeof type);
	ui_date_long(m->date, date, sizeof date);
	if (m->minutes >= 0)
		snprintf(time, sizeof time, " %02d:%02d", m->minutes / 60,
		         m->minutes % 60);
	putf(o, A_BOLD, false, "%s %s", type, d->rec.type_title);
	putf(o, A_NORMAL, false, "  %s%s, %s%s%s%s", date, time,
	     m->how != HOW_UNKNOWN ? meeting_how_name(m->how) : "",
	     m->how != HOW_UNKNOWN ? ", " : "",
	     meeting_status_name(m->status),
	     m->cadence_exception ? ", late (exception)" : "");
	if (m->moved_from != CP_DATE_NONE) {
		char from[32];
		ui_date_long(m->moved_from, from, sizeof from);
		bool agreed = m->status != MEETING_CANCELLED && *m->approved_by;
		putf(o, A_NORMAL, false, "  moved from %s: %s%s%s%s",
		     from, m->reason, agreed ? " (approved by " : "",
		     agreed ? m->approved_by : "", agreed ? ")" : "");
	}
	if (m->status == MEETING_CANCELLED)
		putf(o, ui_theme(TH_OVERDUE), false,
		     "  cancelled: %s (approved by %s)", m->reason,
		     m->approved_by);
	if (m->status == MEETING_HELD)
		putf(o, A_NORMAL, false, "  outcome: %s; %s",
		     plan_name(m->outcome.plan), m->outcome.decision);
	putf(o, A_NORMAL, false, "  Chair: %s   Minutes: %s",
	     ui_or_none(d->rec.m.chair_name),
	     ui_or_none(d->rec.m.minute_taker_name));
}

/* The step: when it is due, whose it is, the rule it comes from. */
static void draw_task(ui_app *a, const ui_detail *d, out *o)
{
	const cp_task *k = &d->task->task;
	char due[32];
	ui_date_long(k->due, due, sizeof due);
	bool late = k->status == TASK_OPEN && k->due < a->today;
	/* the title in full, over as many rows as it takes: a step is
	 * known by its words, which a cut can change */
	putf(o, late ? ui_theme(TH_OVERDUE) : A_BOLD, true, "Step due %s%s: %s",
	     due, late ? " (LATE)" : "", k->title);
	putf(o, A_NORMAL, true, "  Role: %s; with %s (%s)", d->role,
	     ui_or_none(d->task->assignee_name), task_status_name(k->status));
	if (k->status != TASK_OPEN && k->status != TASK_CANCELLED) {
		char on[32] = "";
		if (k->done_on != CP_DATE_NONE)
			ui_date_long(k->done_on, on, sizeof on);
		putf(o, A_NORMAL, false, "  %s by %s%s%s",
		     task_status_name(k->status), k->done_by, *on ? " on " : "",
		     on);
	}
}

static void detail_lines(ui_app *a, const ui_detail *d, out *o)
{
	const cp_child *c = &d->rec.child;
	if (!d->have_meeting && d->task_id && !d->meeting_id) {
		/* a step of the child's own (model.h: TASK_NO_MEETING) */
		put(o, A_NORMAL, true, "A step of the child's own, not of a "
		    "meeting (the consultation procedure, 003): a consultation "
		    "you are asked for, the month's case mapping or its "
		    "allocation, or a consultation to read.  Record a "
		    "consultation with a in Consultations (4; f: the month's "
		    "case mapping, A: allocate it); mark one read with d.");
		return;
	}
	if (!d->have_meeting) {
		put(o, A_NORMAL, false, d->task_id || d->meeting_id ?
		    "(not found: changed by someone else?)" :
		    "Select a row to see its detail.");
		return;
	}
	if (d->have_child) {
		char dob[CP_DATE_STRLEN] = "?";
		if (c->dob != CP_DATE_NONE)
			date_format(c->dob, dob);
		putf(o, A_BOLD, false, "%s (%s), born %s", c->name, c->id, dob);
	}
	draw_meeting(d, o);
	/* the meeting's reports with the meeting, before the step, whose
	 * title may take several rows */
	char rep[1024];
	reports_line(d, rep, sizeof rep);
	put(o, A_NORMAL, false, rep);
	if (d->task && room(o))
		draw_task(a, d, o);
	putf(o, A_NORMAL, false, "Involved: SW %s; TM %s",
	     d->have_child ? ui_or_none(d->rec.sw_name) : "",
	     ui_or_none(d->rec.tm_name));
	if (d->have_child)
		putf(o, A_NORMAL, false, "Family gets reports by: %s",
		     family_pref_text(c->family_pref));
	if (d->task && d->source)
		putf(o, ui_theme(TH_DIM), true, "Rule: \"%s\"", d->source);
	if (d->task && d->task->task.note[0])
		putf(o, A_NORMAL, false, "Note: %s", d->task->task.note);
}

void ui_detail_draw(ui_app *a, const ui_detail *d, int y, int x, int h,
                    int w)
{
	out o = { .y = y, .x = x, .w = w, .ymax = y + h };
	detail_lines(a, d, &o);
}

void ui_detail_lines(ui_app *a, const ui_detail *d, ui_line_fn emit,
                     void *ctx)
{
	out o = { .emit = emit, .ctx = ctx };
	detail_lines(a, d, &o);
}

typedef struct tl_line {
	int kind;              /* 0 task, 1 meeting day, 2 today, 3 mark */
	const query_task *it;
	const timeline_mark *mk;
} tl_line;

/* The tasks in due order with the meeting day and today slotted in;
 * *focus is the line to keep on screen (the task, else the meeting). */
static size_t timeline_lines(ui_app *a, const ui_detail *d, tl_line *lines,
                             size_t *focus)
{
	cp_date mdate = d->rec.m.meeting.date;
	bool put_meeting = false, put_today = false;
	size_t n = 0;
	*focus = 0;
	size_t j = 0;   /* the next mark */
	for (size_t i = 0; i <= d->ntl; i++) {
		cp_date due = i < d->ntl ? d->tl[i]->task.due : QUERY_DATE_MAX;
		put_today |= a->today == mdate;
		for (;;) {   /* markers and marks due by now, the earlier first;
		                a mark after the steps of its day */
			cp_date md = j < d->nmarks ? d->marks[j].date : QUERY_DATE_MAX;
			bool mt = !put_meeting && mdate <= due;
			bool td = !put_today && a->today <= due;
			bool mk = j < d->nmarks && (i == d->ntl || md < due);
			if (mt && (!td || mdate <= a->today) && (!mk || mdate <= md)) {
				if (!d->task)
					*focus = n;
				lines[n++].kind = 1;
				put_meeting = true;
			} else if (td && (!mk || a->today <= md)) {
				lines[n++].kind = 2;
				put_today = true;
			} else if (mk) {
				lines[n].kind = 3;
				lines[n++].mk = &d->marks[j++];
			} else {
				break;
			}
		}
		if (i < d->ntl) {
			if (d->tl[i]->task.id == d->task_id)
				*focus = n;
			lines[n].kind = 0;
			lines[n++].it = d->tl[i];
		}
	}
	return n;
}

/* A line of the timeline as text, and its style on the screen. */
static attr_t line_text(ui_app *a, const ui_detail *d, const tl_line *l,
                        char *buf, size_t size)
{
	char date[32];
	if (l->kind == 1) {
		ui_date_long(d->rec.m.meeting.date, date, sizeof date);
		snprintf(buf, size, "=== %s: MEETING DAY ===", date);
		return ui_theme(TH_MEETING_DAY);
	}
	if (l->kind == 2) {
		ui_date_long(a->today, date, sizeof date);
		snprintf(buf, size, "--- today %s ---", date);
		return ui_theme(TH_HEADING);
	}
	if (l->kind == 3) {
		const timeline_mark *k = l->mk;
		char tbuf[512];
		ui_date_short(k->date, date, sizeof date);
		snprintf(buf, size, "[%s] %s %s", k->escalation ? "^" : "*", date,
		         schedule_mark_title(k, tbuf, sizeof tbuf));
		return k->date <= a->today ? A_BOLD : ui_theme(TH_DIM);
	}
	const cp_task *it = &l->it->task;
	bool late = (it->status == TASK_OPEN && it->due < a->today) ||
	            it->status == TASK_MISSED;
	const char *mark = it->status == TASK_DONE ? "[x]" :
	                   it->status == TASK_CANCELLED ? "[-]" :
	                   it->status == TASK_NOT_NEEDED ? "[~]" :
	                   it->status == TASK_MISSED ? "[m]" :
	                   late ? "[!]" : "[ ]";
	attr_t at = late ? ui_theme(TH_OVERDUE) :
	            it->status == TASK_DONE ? ui_theme(TH_DONE) :
	            it->status == TASK_NOT_NEEDED ? ui_theme(TH_DIM) : A_NORMAL;
	if (it->id == d->task_id)
		at |= A_REVERSE;
	ui_date_short(it->due, date, sizeof date);
	/* a step closed otherwise than done says how, and why */
	bool why = (it->status == TASK_NOT_NEEDED || it->status == TASK_MISSED)
	           && it->note && *it->note;
	if (why)
		snprintf(buf, size, "%s %s %s (%s: %s)", mark, date, it->title,
		         task_status_name(it->status), it->note);
	else
		snprintf(buf, size, "%s %s %s", mark, date, it->title);
	return at;
}

static void draw_line(ui_app *a, const ui_detail *d, const tl_line *l, int y,
                      int x, int w)
{
	char text[1024];
	attr_t at = line_text(a, d, l, text, sizeof text);
	ui_put(y, x, w, at, l->kind == 0 || l->kind == 1 || l->kind == 3, text);
}

void ui_timeline_draw(ui_app *a, const ui_detail *d, int y, int x, int h,
                      int w)
{
	if (!d->have_meeting || h <= 0)
		return;
	tl_line *lines = calloc(d->ntl + d->nmarks + 2, sizeof *lines);
	if (!lines)
		return;
	size_t focus, n = timeline_lines(a, d, lines, &focus), top = 0;
	if (n > (size_t)h && focus >= (size_t)h / 2)
		top = focus - (size_t)h / 2;
	if (n > (size_t)h && top > n - (size_t)h)
		top = n - (size_t)h;
	for (int r = 0; r < h && top + (size_t)r < n; r++)
		draw_line(a, d, &lines[top + (size_t)r], y + r, x, w);
	free(lines);
}

void ui_detail_full(ui_app *a, const ui_detail *d, int y, int h,
                    const char *title)
{
	int w = a->cols, dw = w * 55 / 100;
	ui_rule(y, 0, dw, title);
	ui_rule(y, dw, w - dw, "Timeline");
	ui_detail_draw(a, d, y + 1, 0, h - 1, dw - 1);
	ui_timeline_draw(a, d, y + 1, dw + 1, h - 1, w - dw - 1);
}

void ui_timeline_lines(ui_app *a, const ui_detail *d, ui_line_fn emit,
                       void *ctx)
{
	if (!d->have_meeting)
		return;
	tl_line *lines = calloc(d->ntl + d->nmarks + 2, sizeof *lines);
	if (!lines) {
		emit(ctx, "(the timeline: out of memory)");
		return;
	}
	size_t focus, n = timeline_lines(a, d, lines, &focus);
	for (size_t i = 0; i < n; i++) {
		char text[1024];
		line_text(a, d, &lines[i], text, sizeof text);
		emit(ctx, text);
	}
	free(lines);
}

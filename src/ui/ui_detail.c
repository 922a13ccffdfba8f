/* ui_detail.c - the selected task or meeting in full, and its meeting's
 * timeline: every step against the calendar, done / open / late, with
 * the meeting day and today marked, so a chair sees the run-up at once.
 *
 * Loaded only for the selected row (point lookups plus the meeting's
 * task and report index ranges). */
#include <stdlib.h>
#include <string.h>

#include "ui_common.h"
#include "ui_detail.h"
#include "ui_draw.h"
#include "ui_theme.h"

void ui_detail_free(ui_detail *d)
{
	cp_task_free(&d->task);
	cp_meeting_free(&d->meeting);
	cp_child_free(&d->child);
	for (size_t i = 0; i < d->nreports; i++)
		cp_report_free(&d->reports[i]);
	free(d->reports);
	free(d->tl);
	free(d->source);
	memset(d, 0, sizeof *d);
}

typedef struct dscan {
	ui_detail *d;
	ui_app *a;
	store_txn *t;
	bool oom;
} dscan;

static bool take_report(void *ctx, const cp_report *r)
{
	dscan *s = ctx;
	ui_detail *d = s->d;
	cp_report *nr = realloc(d->reports, (d->nreports + 1) * sizeof *nr);
	char *agency = strdup(r->agency ? r->agency : "");
	if (!nr || !agency) {
		free(agency);
		if (nr)
			d->reports = nr;
		s->oom = true;
		return false;
	}
	d->reports = nr;
	nr[d->nreports] = *r;
	nr[d->nreports++].agency = agency;
	return d->nreports < 64;
}

static bool take_task(void *ctx, const cp_task *k)
{
	dscan *s = ctx;
	ui_detail *d = s->d;
	ui_tl_item *n = realloc(d->tl, (d->ntl + 1) * sizeof *n);
	if (!n) {
		s->oom = true;
		return false;
	}
	d->tl = n;
	ui_tl_item *it = &n[d->ntl++];
	memset(it, 0, sizeof *it);
	it->task_id = k->id;
	it->due = k->due;
	it->status = k->status;
	ui_copy(it->title, sizeof it->title, k->title);
	ui_copy(it->step_id, sizeof it->step_id, k->step_id);
	ui_worker_name(s->t, k->assignee, it->who, sizeof it->who);
	return d->ntl < 200;
}

static int tl_cmp(const void *x, const void *y)
{
	const ui_tl_item *a = x, *b = y;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	return a->task_id < b->task_id ? -1 : a->task_id > b->task_id;
}

/* The step's role and the sentence of the procedure it comes from. */
static void step_rule(ui_app *a, ui_detail *d)
{
	const policy_meeting *pm = policy_meeting_find(a->cw.pol, d->meeting.type);
	if (pm)
		ui_copy(d->meeting_title, sizeof d->meeting_title, pm->title);
	if (!d->have_task) {
		return;
	}
	ui_copy(d->role, sizeof d->role, policy_role_title(a->cw.pol, d->task.role));
	for (size_t i = 0; pm && i < pm->nsteps; i++)
		if (!strcmp(pm->steps[i].id, d->task.step_id) &&
		    pm->steps[i].source && !d->source)
			d->source = strdup(pm->steps[i].source);
}

static cp_status load(ui_app *a, store_txn *t, ui_detail *d, cp_error *err)
{
	bool found = false;
	cp_status st = CP_OK;
	if (d->task_id) {
		st = store_task_get(t, d->task_id, &d->task, &found, err);
		d->have_task = st == CP_OK && found;
		if (d->have_task)
			d->meeting_id = d->task.meeting_id;
	}
	if (st == CP_OK && d->meeting_id) {
		st = store_meeting_get(t, d->meeting_id, &d->meeting, &found, err);
		d->have_meeting = st == CP_OK && found;
	}
	if (st != CP_OK || !d->have_meeting)
		return st;
	st = store_child_get(t, d->meeting.child_id, &d->child, &found, err);
	d->have_child = st == CP_OK && found;
	if (st != CP_OK)
		return st;
	if (d->have_task)
		ui_worker_name(t, d->task.assignee, d->assignee, sizeof d->assignee);
	ui_worker_name(t, d->meeting.chair, d->chair, sizeof d->chair);
	ui_worker_name(t, d->meeting.minute_taker, d->minutes, sizeof d->minutes);
	if (d->have_child) {
		cp_worker sw = { 0 };
		ui_worker_name(t, d->child.social_worker, d->sw, sizeof d->sw);
		if (store_worker_get(t, d->child.social_worker, &sw, &found, err) ==
		    CP_OK && found && sw.manager[0])
			ui_worker_name(t, sw.manager, d->tm, sizeof d->tm);
		cp_worker_free(&sw);
	}
	dscan s = { .d = d, .a = a, .t = t };
	st = store_reports_for_meeting(t, d->meeting_id, take_report, &s, err);
	if (st == CP_OK)
		st = store_tasks_for_meeting(t, d->meeting_id, take_task, &s, err);
	if (st == CP_OK && s.oom)
		st = cp_oom(err);
	if (d->ntl > 1)
		qsort(d->tl, d->ntl, sizeof *d->tl, tl_cmp);
	return st;
}

cp_status ui_detail_load(ui_app *a, ui_detail *d, uint64_t task_id,
                         uint64_t meeting_id)
{
	ui_detail_free(d);
	d->task_id = task_id;
	d->meeting_id = meeting_id;
	if (!task_id && !meeting_id)
		return CP_OK;
	store_txn *t = ui_read_begin(a);
	if (!t)
		return CP_FAILED;
	cp_error err;
	cp_status st = load(a, t, d, &err);
	store_read_end(t);
	if (st != CP_OK) {
		ui_status(a, true, "cannot read the detail: %s", err.msg);
		return st;
	}
	step_rule(a, d);
	return CP_OK;
}

static void reports_line(const ui_detail *d, char *buf, size_t size)
{
	size_t in = 0, exp = 0, len;
	for (size_t i = 0; i < d->nreports; i++) {
		exp++;
		in += d->reports[i].received != CP_DATE_NONE;
	}
	len = (size_t)snprintf(buf, size, "Reports: %zu of %zu received", in, exp);
	for (size_t i = 0; i < d->nreports && len < size; i++) {
		const cp_report *r = &d->reports[i];
		char rd[16], sd[16];
		ui_date_short(r->received, rd, sizeof rd);
		ui_date_short(r->shared, sd, sizeof sd);
		len += (size_t)snprintf(buf + len, size - len, "%s %s %s%s%s",
		        i ? ";" : ":", r->agency,
		        r->received == CP_DATE_NONE ? "expected" : "in ",
		        r->received == CP_DATE_NONE ? "" : rd,
		        r->shared == CP_DATE_NONE ? "" : ", shared");
		(void)sd;
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

static int draw_meeting(const ui_detail *d, int y, int x, int ymax, int w)
{
	const cp_meeting *m = &d->meeting;
	char type[16], date[32], time[16] = "";
	ui_type_short(m->type, type, sizeof type);
	ui_date_long(m->date, date, sizeof date);
	if (m->minutes >= 0)
		snprintf(time, sizeof time, " %02d:%02d", m->minutes / 60,
		         m->minutes % 60);
	if (y < ymax)
		ui_putf(y++, x, w, A_BOLD, false, "%s %s", type, d->meeting_title);
	if (y < ymax)
		ui_putf(y++, x, w, A_NORMAL, false, "  %s%s, %s%s%s%s", date, time,
		        m->how != HOW_UNKNOWN ? meeting_how_name(m->how) : "",
		        m->how != HOW_UNKNOWN ? ", " : "",
		        meeting_status_name(m->status),
		        m->cadence_exception ? ", late (exception)" : "");
	if (m->moved_from != CP_DATE_NONE && y < ymax) {
		char from[32];
		ui_date_long(m->moved_from, from, sizeof from);
		ui_putf(y++, x, w, A_NORMAL, false, "  moved from %s: %s", from,
		        m->reason);
	}
	if (m->status == MEETING_CANCELLED && y < ymax)
		ui_putf(y++, x, w, ui_theme(TH_OVERDUE), false,
		        "  cancelled: %s (approved by %s)", m->reason,
		        m->approved_by);
	if (m->status == MEETING_HELD && y < ymax)
		ui_putf(y++, x, w, A_NORMAL, false, "  outcome: %s; %s",
		        plan_name(m->outcome.plan), m->outcome.decision);
	if (y < ymax)
		ui_putf(y++, x, w, A_NORMAL, false, "  Chair: %s   Minutes: %s",
		        d->chair, d->minutes);
	return y;
}

void ui_detail_draw(ui_app *a, const ui_detail *d, int y, int x, int h,
                    int w)
{
	int ymax = y + h;
	if (!d->have_meeting) {
		ui_put(y, x, w, A_NORMAL, false,
		       d->task_id || d->meeting_id ? "(not found: changed by "
		       "someone else?)" : "Select a row to see its detail.");
		return;
	}
	if (d->have_child && y < ymax) {
		char dob[CP_DATE_STRLEN] = "?";
		if (d->child.dob != CP_DATE_NONE)
			date_format(d->child.dob, dob);
		ui_putf(y++, x, w, A_BOLD, false, "%s (%s), born %s",
		        d->child.name, d->child.id, dob);
	}
	y = draw_meeting(d, y, x, ymax, w);
	if (d->have_task && y < ymax) {
		char due[32];
		ui_date_long(d->task.due, due, sizeof due);
		bool late = d->task.status == TASK_OPEN && d->task.due < a->today;
		ui_putf(y++, x, w, late ? ui_theme(TH_OVERDUE) : A_BOLD, false,
		        "Step due %s%s: %s", due, late ? " (LATE)" : "",
		        d->task.title);
	}
	if (d->have_task && y < ymax)
		ui_putf(y++, x, w, A_NORMAL, false, "  Role: %s; with %s (%s)",
		        d->role, d->assignee, task_status_name(d->task.status));
	if (y < ymax)
		ui_putf(y++, x, w, A_NORMAL, false, "Involved: SW %s; TM %s",
		        d->sw, d->tm[0] ? d->tm : "(none)");
	char rep[1024];
	reports_line(d, rep, sizeof rep);
	if (y < ymax)
		ui_put(y++, x, w, A_NORMAL, false, rep);
	if (d->have_child && y < ymax)
		ui_putf(y++, x, w, A_NORMAL, false, "Family gets reports by: %s",
		        family_pref_text(d->child.family_pref));
	if (d->have_task && d->source && y < ymax) {
		char src[2048];
		snprintf(src, sizeof src, "Rule: \"%s\"", d->source);
		y = ui_wrap(y, x, w, ymax, ui_theme(TH_DIM), src);
	}
	if (d->have_task && d->task.note[0] && y < ymax)
		ui_putf(y++, x, w, A_NORMAL, false, "Note: %s", d->task.note);
}

typedef struct tl_line {
	int kind;              /* 0 task, 1 meeting day, 2 today */
	const ui_tl_item *it;
} tl_line;

void ui_timeline_draw(ui_app *a, const ui_detail *d, int y, int x, int h,
                      int w)
{
	if (!d->have_meeting || h <= 0)
		return;
	/* tasks in due order with the meeting day and today slotted in */
	size_t cap = d->ntl + 2, n = 0, focus = 0;
	tl_line *lines = calloc(cap, sizeof *lines);
	if (!lines)
		return;
	bool put_meeting = false, put_today = false;
	for (size_t i = 0; i <= d->ntl; i++) {
		cp_date due = i < d->ntl ? d->tl[i].due : STORE_DATE_MAX;
		put_today |= a->today == d->meeting.date;
		for (;;) {   /* markers due by now, the earlier first */
			bool mt = !put_meeting && d->meeting.date <= due;
			bool td = !put_today && a->today <= due;
			if (mt && (!td || d->meeting.date <= a->today)) {
				if (!d->have_task)
					focus = n;
				lines[n++].kind = 1;
				put_meeting = true;
			} else if (td) {
				lines[n++].kind = 2;
				put_today = true;
			} else {
				break;
			}
		}
		if (i < d->ntl) {
			if (d->tl[i].task_id == d->task_id)
				focus = n;
			lines[n].kind = 0;
			lines[n++].it = &d->tl[i];
		}
	}
	size_t top = 0;
	if (n > (size_t)h && focus >= (size_t)h / 2)
		top = focus - (size_t)h / 2;
	if (n > (size_t)h && top > n - (size_t)h)
		top = n - (size_t)h;
	for (int r = 0; r < h && top + (size_t)r < n; r++) {
		const tl_line *l = &lines[top + (size_t)r];
		char date[32];
		if (l->kind == 1) {
			ui_date_long(d->meeting.date, date, sizeof date);
			ui_putf(y + r, x, w, ui_theme(TH_MEETING_DAY), true,
			        "=== %s: MEETING DAY ===", date);
			continue;
		}
		if (l->kind == 2) {
			ui_date_long(a->today, date, sizeof date);
			ui_putf(y + r, x, w, ui_theme(TH_HEADING), false,
			        "--- today %s ---", date);
			continue;
		}
		const ui_tl_item *it = l->it;
		bool late = it->status == TASK_OPEN && it->due < a->today;
		const char *mark = it->status == TASK_DONE ? "[x]" :
		                   it->status == TASK_CANCELLED ? "[-]" :
		                   late ? "[!]" : "[ ]";
		attr_t at = late ? ui_theme(TH_OVERDUE) :
		            it->status == TASK_DONE ? ui_theme(TH_DONE) : A_NORMAL;
		if (it->task_id == d->task_id)
			at |= A_REVERSE;
		ui_date_short(it->due, date, sizeof date);
		ui_putf(y + r, x, w, at, true, "%s %s %s", mark, date, it->title);
	}
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

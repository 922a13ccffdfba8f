/* ui_meetings.c - Meetings: the next two weeks by day, for chairs and QA.
 *
 * One range scan of the meetings-by-date index (limited), with each
 * meeting's child, chair and report counts; two meetings on one day for
 * one chair are a clash (seed 002: a chair holds one meeting a day). */
#include <stdlib.h>
#include <string.h>

#include "permit.h"
#include "ui_common.h"
#include "ui_detail.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layout.h"
#include "ui_theme.h"
#include "ui_view.h"

#define DAYS 14

typedef struct mrow {
	bool heading;
	cp_date date;
	uint64_t meeting_id;
	int minutes;
	meeting_status status;
	char type[24];
	char child[UI_NAME];
	char chair_login[MODEL_ID_MAX + 1];
	char chair[UI_NAME];
	int reports_in, reports_expected;
	bool clash;
} mrow;

typedef struct meetings_view {
	ui_view base;
	mrow *rows;
	ui_list list;
	bool opened;             /* Enter: the meeting's detail, full size */
	ui_detail det;
} meetings_view;

typedef struct mscan {
	mrow *rows;
	size_t n, cap;
	bool oom;
	permit *pm;           /* only the meetings the worker may see */
	store_txn *t;
} mscan;

static bool take_meeting(void *ctx, const cp_meeting *m)
{
	mscan *s = ctx;
	if (!permit_sees_meeting(s->pm, s->t, m))
		return true;
	if (s->n >= UI_ROWS_MAX)
		return false;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		mrow *r = realloc(s->rows, cap * sizeof *r);
		if (!r) {
			s->oom = true;
			return false;
		}
		s->rows = r;
		s->cap = cap;
	}
	mrow *r = &s->rows[s->n++];
	memset(r, 0, sizeof *r);
	r->date = m->date;
	r->meeting_id = m->id;
	r->minutes = m->minutes;
	r->status = m->status;
	ui_type_short(m->type, r->type, sizeof r->type);
	/* ids for now: names are looked up after the scan */
	ui_copy(r->child, sizeof r->child, m->child_id);
	ui_copy(r->chair_login, sizeof r->chair_login, m->chair);
	return true;
}

static bool count_report(void *ctx, const cp_report *r)
{
	mrow *row = ctx;
	row->reports_expected++;
	row->reports_in += r->received != CP_DATE_NONE;
	return true;
}

static void resolve(store_txn *t, mrow *rows, size_t n)
{
	cp_error err;
	for (size_t i = 0; i < n; i++) {
		cp_child c = { 0 };
		bool found = false;
		if (store_child_get(t, rows[i].child, &c, &found, &err) == CP_OK &&
		    found)
			ui_copy(rows[i].child, sizeof rows[i].child, c.name);
		cp_child_free(&c);
		ui_worker_name(t, rows[i].chair_login, rows[i].chair,
		               sizeof rows[i].chair);
		store_reports_for_meeting(t, rows[i].meeting_id, count_report,
		                          &rows[i], &err);
		for (size_t j = 0; j < n; j++)
			if (j != i && rows[j].date == rows[i].date &&
			    rows[i].chair_login[0] &&
			    rows[i].status == MEETING_SCHEDULED &&
			    rows[j].status == MEETING_SCHEDULED &&
			    !strcmp(rows[j].chair_login, rows[i].chair_login))
				rows[i].clash = true;
	}
}

/* A day's meetings in the order they happen; no time known goes first. */
static int by_date_time(const void *x, const void *y)
{
	const mrow *a = x, *b = y;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->minutes != b->minutes)
		return a->minutes < b->minutes ? -1 : 1;
	return a->meeting_id < b->meeting_id ? -1 : a->meeting_id > b->meeting_id;
}

static bool row_ok(const void *ctx, size_t i)
{
	const meetings_view *v = ctx;
	return !v->rows[i].heading;
}

static uint64_t selected_id(const meetings_view *v)
{
	if (v->list.sel >= v->list.n || v->rows[v->list.sel].heading)
		return 0;
	return v->rows[v->list.sel].meeting_id;
}

/* The rows read, with a heading before each day's first meeting. */
static cp_status day_rows(meetings_view *v, const mrow *read, size_t nread)
{
	mrow *rows = malloc((2 * nread + 1) * sizeof *rows);
	if (!rows)
		return CP_FAILED;
	size_t n = 0;
	for (size_t i = 0; i < nread; i++) {
		if (i == 0 || read[i].date != read[i - 1].date) {
			memset(&rows[n], 0, sizeof rows[n]);
			rows[n].heading = true;
			rows[n++].date = read[i].date;
		}
		rows[n++] = read[i];
	}
	free(v->rows);
	v->rows = rows;
	v->list.n = n;
	return CP_OK;
}

static cp_status read_meetings(meetings_view *v, ui_app *a)
{
	store_txn *t = ui_read_begin(a);
	if (!t)
		return CP_FAILED;
	mscan s = { .pm = a->cw.pm, .t = t };
	cp_error err;
	/* the limit is applied to what the worker sees, in take_meeting */
	cp_status st = store_meetings_between(t, a->today, a->today + DAYS - 1,
	                                      0, take_meeting, &s, &err);
	if (st == CP_OK && s.oom)
		st = cp_oom(&err);
	if (st == CP_OK)
		resolve(t, s.rows, s.n);
	store_read_end(t);
	if (st == CP_OK && s.n > 1)
		qsort(s.rows, s.n, sizeof *s.rows, by_date_time);
	if (st != CP_OK) {
		free(s.rows);
		ui_status(a, true, "cannot read meetings: %s", err.msg);
		return st;
	}
	st = day_rows(v, s.rows, s.n);
	free(s.rows);
	return st;
}

static cp_status meetings_load(ui_view *vv, ui_app *a, bool shown)
{
	meetings_view *v = (meetings_view *)vv;
	uint64_t keep = selected_id(v);
	(void)shown;
	cp_status st = read_meetings(v, a);
	if (st != CP_OK)
		return st;
	for (size_t i = 0; keep && i < v->list.n; i++)
		if (!v->rows[i].heading && v->rows[i].meeting_id == keep)
			v->list.sel = i;
	ui_list_fix(&v->list, 0, row_ok, v);
	if (v->opened)
		ui_detail_load(a, &v->det, 0, selected_id(v));
	return CP_OK;
}

static void draw_row(ui_app *a, const mrow *r, int y, int w, bool sel)
{
	if (r->heading) {
		char date[32];
		ui_date_long(r->date, date, sizeof date);
		ui_putf(y, 0, w, ui_theme(TH_HEADING), true, "%s%s", date,
		        r->date == a->today ? " (today)" : "");
		return;
	}
	attr_t at = r->clash ? ui_theme(TH_OVERDUE) : A_NORMAL;
	if (r->status == MEETING_CANCELLED)
		at = ui_theme(TH_DIM);
	if (sel)
		at |= ui_theme(TH_SELECTED);
	char time[16] = "--:--", rep[24];
	if (r->minutes >= 0)
		snprintf(time, sizeof time, "%02d:%02d", r->minutes / 60,
		         r->minutes % 60);
	snprintf(rep, sizeof rep, "reports %d/%d", r->reports_in,
	         r->reports_expected);
	int cw = w >= 120 ? 30 : 20, chw = w >= 120 ? 24 : 16;
	ui_put(y, 0, w, at, true, "");
	ui_putf(y, 0, 8, at, true, "  %s", time);
	ui_put(y, 8, 11, at, true, r->type);
	ui_put(y, 19, cw, at, true, r->child);
	ui_put(y, 20 + cw, chw, at, true, r->chair);
	ui_put(y, 21 + cw + chw, 13, at, true, rep);
	ui_put(y, 34 + cw + chw, w - 34 - cw - chw, at, true,
	       r->status != MEETING_SCHEDULED ? meeting_status_name(r->status) :
	       r->clash ? "CLASH: chair has 2 that day" : "");
}

static void meetings_draw(ui_view *vv, ui_app *a, int y, int h)
{
	meetings_view *v = (meetings_view *)vv;
	int w = a->cols;
	if (v->opened) {
		ui_detail_full(a, &v->det, y, h, "Meeting (Esc: back)");
		return;
	}
	char title[80];
	size_t count = 0;
	for (size_t i = 0; i < v->list.n; i++)
		count += !v->rows[i].heading;
	snprintf(title, sizeof title, "Meetings in the next two weeks (%zu)",
	         count);
	ui_rule(y, 0, w, title);
	if (v->list.n == 0) {
		ui_put(y + 2, 2, w - 2, A_NORMAL, false,
		       "No meetings in the next two weeks.");
		return;
	}
	ui_list_fix(&v->list, (size_t)h - 1, row_ok, v);
	for (int i = 0; i < h - 1 && v->list.top + (size_t)i < v->list.n; i++) {
		size_t r = v->list.top + (size_t)i;
		draw_row(a, &v->rows[r], y + 1 + i, w, r == v->list.sel);
	}
}

static bool meetings_key(ui_view *vv, ui_app *a, ui_action act, int ch,
                         bool is_char)
{
	meetings_view *v = (meetings_view *)vv;
	uint64_t id = selected_id(v);
	(void)ch;
	(void)is_char;
	if (!v->opened &&
	    ui_list_key(&v->list, act, ui_body_height(a) / 2, row_ok, v))
		return true;
	if (act == ACT_OPEN && id) {
		/* opening the record is on the record (no entry, no record) */
		cp_error err;
		if (casework_meeting_viewed(&a->cw, id, "console", &err) != CP_OK) {
			ui_status(a, true, "cannot open the record: %s", err.msg);
			return true;
		}
		v->opened = true;
		ui_detail_load(a, &v->det, 0, id);
		return true;
	}
	if (act == ACT_BACK && v->opened) {
		v->opened = false;
		return true;
	}
	return false;
}

static void meetings_selected(const ui_view *vv, ui_sel *out)
{
	out->meeting_id = selected_id((const meetings_view *)vv);
}

static bool meetings_opened(const ui_view *vv)
{
	return ((const meetings_view *)vv)->opened;
}

static void meetings_free(ui_view *vv)
{
	meetings_view *v = (meetings_view *)vv;
	free(v->rows);
	ui_detail_free(&v->det);
}

static const ui_action meetings_hints[] = {
	ACT_OPEN, ACT_REPORT, ACT_MOVE, ACT_CANCEL, ACT_OUTCOME, ACT_NONE
};

const ui_view_class ui_meetings_class = {
	.name = "Meetings",
	.size = sizeof(meetings_view),
	.hints = meetings_hints,
	.load = meetings_load,
	.draw = meetings_draw,
	.key = meetings_key,
	.selected = meetings_selected,
	.opened = meetings_opened,
	.free = meetings_free,
};

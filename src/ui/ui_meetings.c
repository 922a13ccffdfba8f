/* ui_meetings.c - Meetings: the conference diary, four weeks day by day,
 * for chairs and QA ([ and ]: four weeks before or after; f: only one
 * chair's or minute taker's).
 *
 * Every working day of the window has its line, so a free day shows as
 * free and a closed one says why; under each day the meetings the worker
 * sees (query_meeting_list, limited), with child, chair, minute taker,
 * report counts and any clash (more than the diary's meetings a day for a
 * chair, or someone in two at once), put on the record as
 * "console: meetings". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_common.h"
#include "ui_detail.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layout.h"
#include "ui_theme.h"
#include "ui_view.h"

#define DAYS 28

typedef struct mrow {
	bool heading;            /* a day: before its meetings, or alone */
	cp_date date;
	const query_meeting *m;  /* into the view's meetings (NULL: heading) */
} mrow;

typedef struct meetings_view {
	ui_view base;
	query_meetings meetings; /* what was read; rows point into it */
	mrow *rows;
	ui_list list;
	bool opened;             /* Enter: the meeting's detail, full size */
	ui_detail det;
	enum { MF_ALL, MF_CHAIR, MF_MINUTES } filter;
	char who[MODEL_ID_MAX + 1];   /* the chair or minute taker shown */
	char who_name[64];
	cp_date from;            /* the window's first day (0: today) */
} meetings_view;

/* A day's meetings in the order they happen; no time known goes first. */
static int by_date_time(const void *x, const void *y)
{
	const cp_meeting *a = &((const query_meeting *)x)->meeting,
	                 *b = &((const query_meeting *)y)->meeting;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->minutes != b->minutes)
		return a->minutes < b->minutes ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
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
	return v->rows[v->list.sel].m->meeting.id;
}

/* Is the meeting one the filter shows? */
static bool wanted(const meetings_view *v, const cp_meeting *m)
{
	if (v->filter == MF_CHAIR)
		return !strcmp(m->chair, v->who);
	if (v->filter == MF_MINUTES)
		return !strcmp(m->minute_taker, v->who);
	return true;
}

/* A heading for d: always for a working day, for a closed one only when
 * a meeting is on it or it is a weekday (a bank holiday says so). */
static bool day_shown(const ui_app *a, cp_date d, bool has_meeting)
{
	const char *closed = calendar_reason_closed(a->cw.cal, d);
	return has_meeting || !closed || date_weekday(d) <= 5;
}

/* The rows of the window: each day's heading, then its meetings the
 * filter keeps (the meetings are in date order). */
static cp_status build_rows(meetings_view *v, const ui_app *a)
{
	const query_meetings *q = &v->meetings;
	mrow *rows = calloc(q->n + DAYS + 1, sizeof *rows);
	if (!rows)
		return CP_FAILED;
	size_t n = 0, i = 0;
	for (cp_date d = v->from; d < v->from + DAYS; d++) {
		size_t first = i;
		while (i < q->n && q->v[i].meeting.date == d)
			i++;
		if (!day_shown(a, d, i > first))
			continue;
		rows[n].heading = true;
		rows[n++].date = d;
		for (size_t j = first; j < i; j++)
			if (wanted(v, &q->v[j].meeting)) {
				rows[n].date = d;
				rows[n++].m = &q->v[j];
			}
	}
	free(v->rows);
	v->rows = rows;
	v->list.n = n;
	if (v->list.sel >= n)
		v->list.sel = 0;
	return CP_OK;
}

/* The meetings read, by time; the view keeps them. */
static cp_status day_rows(meetings_view *v, const ui_app *a,
                          query_meetings *read)
{
	if (read->n > 1)
		qsort(read->v, read->n, sizeof *read->v, by_date_time);
	free(v->rows);
	v->rows = NULL;
	query_meetings_free(&v->meetings);
	v->meetings = *read;
	return build_rows(v, a);
}

/* f: all -> the selected meeting's chair's -> its minute taker's -> all. */
static void next_filter(meetings_view *v, ui_app *a)
{
	const query_meeting *q = v->list.sel < v->list.n &&
	                         !v->rows[v->list.sel].heading
	                         ? v->rows[v->list.sel].m : NULL;
	if (v->filter == MF_ALL && q && *q->meeting.chair) {
		v->filter = MF_CHAIR;
		snprintf(v->who, sizeof v->who, "%s", q->meeting.chair);
		snprintf(v->who_name, sizeof v->who_name, "%s", q->chair_name);
	} else if (v->filter != MF_MINUTES && q && *q->meeting.minute_taker) {
		v->filter = MF_MINUTES;
		snprintf(v->who, sizeof v->who, "%s", q->meeting.minute_taker);
		snprintf(v->who_name, sizeof v->who_name, "%s",
		         q->minute_taker_name);
	} else {
		v->filter = MF_ALL;
	}
	if (build_rows(v, a) != CP_OK)
		ui_status(a, true, "out of memory");
	else if (v->filter == MF_ALL)
		ui_status(a, false, "Meetings: everyone's");
	else
		ui_status(a, false, "Meetings: only %s's, as %s (f: next)",
		          v->who_name, v->filter == MF_CHAIR ? "chair"
		          : "minute taker");
}

static cp_status read_meetings(meetings_view *v, ui_app *a)
{
	if (!v->from)
		v->from = a->today;
	query_meeting_filter f = { .from = v->from, .to = v->from + DAYS - 1,
	                           .limit = UI_ROWS_MAX, .counts = true };
	query_meetings read;
	cp_error err;
	cp_status st = query_meeting_list(&a->cw, &f, "console: meetings", &read,
	                                  &err);
	if (st != CP_OK) {
		ui_status(a, true, "cannot read meetings: %s", err.msg);
		return st;
	}
	if ((st = day_rows(v, a, &read)) != CP_OK)
		query_meetings_free(&read);
	return st;
}

static cp_status meetings_load(ui_view *vv, ui_app *a, bool shown)
{
	meetings_view *v = (meetings_view *)vv;
	uint64_t keep = selected_id(v);
	(void)shown;
	CP_TRY(read_meetings(v, a));
	for (size_t i = 0; keep && i < v->list.n; i++)
		if (!v->rows[i].heading && v->rows[i].m->meeting.id == keep)
			v->list.sel = i;
	ui_list_fix(&v->list, 0, row_ok, v);
	if (v->opened)
		ui_detail_show(a, &v->det, 0, selected_id(v));
	return CP_OK;
}

/* The first clash among the day's meetings from row r+1 (NULL: none):
 * said on the day's line, which has room for it at 80 columns. */
static const char *day_clash(const meetings_view *v, size_t r)
{
	for (size_t i = r + 1; i < v->list.n && !v->rows[i].heading; i++)
		if (v->rows[i].m->clash[0])
			return v->rows[i].m->clash;
	return NULL;
}

/* A day's line: its date, and free, why it is closed, or its clash. */
/* "Mon 2027-05-10 (today): CLASH, ...": a day's heading. */
static void day_text(ui_app *a, const meetings_view *v, size_t r, char *buf,
                     size_t size)
{
	cp_date d = v->rows[r].date;
	bool empty = r + 1 >= v->list.n || v->rows[r + 1].heading;
	const char *closed = calendar_reason_closed(a->cw.cal, d),
	           *clash = day_clash(v, r);
	char date[32];
	ui_date_long(d, date, sizeof date);
	snprintf(buf, size, "%s%s%s%s", date, d == a->today ? " (today)" : "",
	         closed ? ": closed, " : clash ? ": CLASH, " :
	         empty ? ": free" : "", closed ? closed : clash ? clash : "");
}

static void draw_day(ui_app *a, const meetings_view *v, size_t r, int y,
                     int w)
{
	const char *closed = calendar_reason_closed(a->cw.cal, v->rows[r].date),
	           *clash = day_clash(v, r);
	char text[UI_TEXT * 2];
	attr_t at = ui_theme(clash ? TH_OVERDUE : closed ? TH_DIM : TH_HEADING);
	day_text(a, v, r, text, sizeof text);
	ui_put(y, 0, w, at, true, text);
}

/* The columns: time, type, children, chair, minute taker, reports, and
 * the status or clash in what is left (wider screens: wider names). */
static void draw_meeting(const policy *pol, const query_meeting *q, int y,
                         int w, bool sel)
{
	const cp_meeting *m = &q->meeting;
	attr_t at = q->clash[0] ? ui_theme(TH_OVERDUE) : A_NORMAL;
	if (m->status == MEETING_CANCELLED)
		at = ui_theme(TH_DIM);
	if (sel)
		at |= ui_selected_at(y, 0);
	char time[16] = "--:--", rep[24], type[24];
	if (m->minutes >= 0)
		snprintf(time, sizeof time, "%02d:%02d", m->minutes / 60,
		         m->minutes % 60);
	snprintf(rep, sizeof rep, "%d/%d", q->reports_in, q->reports_expected);
	ui_type_short(m->type, type, sizeof type);
	int cw = w >= 120 ? 30 : 16, pw = w >= 120 ? 22 : 13;
	ui_put(y, 0, w, at, true, "");
	ui_putf(y, 0, 8, at, true, "  %s", time);
	ui_put(y, 8, 10, at, true, type);
	/* a family too long for the column: the index child and how many */
	char kids[UI_TEXT];
	size_t others = m->nsiblings + q->children_hidden;
	if (others && strlen(q->children) > (size_t)cw)
		snprintf(kids, sizeof kids, "%s +%zu", q->child_name, others);
	else
		snprintf(kids, sizeof kids, "%s", q->children);
	int x = 19;   /* after the type and a space */
	ui_put(y, x, cw, at, true, kids);
	x += cw + 1;
	ui_put(y, x, pw, at, true, *m->chair ? ui_or_none(q->chair_name)
	       : "to allocate");
	x += pw + 1;
	ui_put(y, x, pw, at, true, *m->minute_taker
	       ? ui_or_none(q->minute_taker_name)
	       : policy_needs_minute_taker(pol, m->type) ? "to allocate" : "-");
	x += pw + 1;
	ui_put(y, x, 6, at, true, rep);
	x += 6;
	char clash[UI_TEXT];
	snprintf(clash, sizeof clash, "CLASH: %s", q->clash);
	ui_put(y, x, w - x, at, true,
	       m->status != MEETING_SCHEDULED ? meeting_status_name(m->status) :
	       !q->clash[0] ? "" : w - x > (int)strlen(clash) ? clash : "CLASH");
}

/* The heading row over the columns draw_meeting draws. */
static void draw_heads(int y, int w)
{
	attr_t at = A_BOLD | A_UNDERLINE;
	int cw = w >= 120 ? 30 : 16, pw = w >= 120 ? 22 : 13, x = 19;
	ui_put(y, 0, w, A_NORMAL, true, "");
	ui_put(y, 2, 6, at, false, "Time");
	ui_put(y, 8, 10, at, false, "Type");
	ui_put(y, x, cw, at, false, "Children");
	x += cw + 1;
	ui_put(y, x, pw, at, false, "Chair");
	x += pw + 1;
	ui_put(y, x, pw, at, false, "Minutes");
	x += pw + 1;
	ui_put(y, x, 6, at, false, "Rep.");
	x += 6;
	ui_put(y, x, w - x, at, false, "Status");
}

static void draw_title(const ui_app *a, const meetings_view *v, int y)
{
	char title[200], from[32], to[32];
	size_t count = 0;
	for (size_t i = 0; i < v->list.n; i++)
		count += !v->rows[i].heading;
	date_format(v->from, from);
	date_format(v->from + DAYS - 1, to);
	int used = snprintf(title, sizeof title, "Diary %s %s to %s %s (%zu)",
	                    date_weekday_name(v->from), from,
	                    date_weekday_name(v->from + DAYS - 1), to, count);
	if (v->filter != MF_ALL && used > 0)
		snprintf(title + used, sizeof title - (size_t)used, ": %s as %s",
		         v->who_name, v->filter == MF_CHAIR ? "chair"
		         : "minute taker");
	ui_rule(y, 0, a->cols, title);
}

static void meetings_draw(ui_view *vv, ui_app *a, int y, int h)
{
	meetings_view *v = (meetings_view *)vv;
	int w = a->cols;
	if (v->opened) {
		ui_detail_full(a, &v->det, y, h, "Meeting (Esc: back)");
		return;
	}
	draw_title(a, v, y);
	draw_heads(y + 1, w);
	ui_list_fix(&v->list, (size_t)h - 2, row_ok, v);
	for (int i = 0; i < h - 2 && v->list.top + (size_t)i < v->list.n; i++) {
		size_t r = v->list.top + (size_t)i;
		if (v->rows[r].heading)
			draw_day(a, v, r, y + 2 + i, w);
		else
			draw_meeting(a->cw.pol, v->rows[r].m, y + 2 + i, w,
			             r == v->list.sel);
	}
}

/* [ and ]: the window four weeks earlier or later, its first meeting
 * selected. */
static void shift_window(meetings_view *v, ui_app *a, int days)
{
	v->from += days;
	v->list.sel = v->list.top = 0;
	if (read_meetings(v, a) == CP_OK)
		ui_list_fix(&v->list, 0, row_ok, v);
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
	if (act == ACT_FILTER && !v->opened) {
		next_filter(v, a);
		return true;
	}
	if ((act == ACT_EARLIER || act == ACT_LATER) && !v->opened) {
		shift_window(v, a, act == ACT_LATER ? DAYS : -DAYS);
		return true;
	}
	if (act == ACT_OPEN && id) {
		/* on the record before it is shown: no entry, no record */
		v->opened = ui_detail_open(a, &v->det, 0, id);
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
	const meetings_view *v = (const meetings_view *)vv;
	out->meeting_id = selected_id(v);
	/* its child (the first the reader sees): for b, e and a */
	if (out->meeting_id)
		out->child_id = v->rows[v->list.sel].m->meeting.child_id;
}

static bool meetings_opened(const ui_view *vv)
{
	return ((const meetings_view *)vv)->opened;
}

static void meetings_free(ui_view *vv)
{
	meetings_view *v = (meetings_view *)vv;
	free(v->rows);
	query_meetings_free(&v->meetings);
	ui_detail_free(&v->det);
}

static const ui_action meetings_hints[] = {
	ACT_OPEN, ACT_REPORT, ACT_MOVE, ACT_CANCEL, ACT_OUTCOME, ACT_ALLOCATE,
	ACT_BOOK, ACT_NONE
};

/* The line-by-line mode: a day's heading, or a meeting in words. */
static bool meetings_plain_row(const ui_view *vv, ui_app *a, size_t i,
                               char *buf, size_t size, bool *pick)
{
	const meetings_view *v = (const meetings_view *)vv;
	if (i >= v->list.n)
		return false;
	*pick = !v->rows[i].heading;
	if (v->rows[i].heading) {
		day_text(a, v, i, buf, size);
		return true;
	}
	const query_meeting *q = v->rows[i].m;
	const cp_meeting *m = &q->meeting;
	char time[24] = "time not set", type[24];
	if (m->minutes >= 0)
		snprintf(time, sizeof time, "%02d:%02d", m->minutes / 60,
		         m->minutes % 60);
	ui_type_short(m->type, type, sizeof type);
	snprintf(buf, size, "%s %s: %s; chair %s; minutes %s; reports %d of %d; "
	         "%s%s%s", time, type, q->children,
	         *m->chair ? ui_or_none(q->chair_name) : "to allocate",
	         *m->minute_taker ? ui_or_none(q->minute_taker_name) :
	         policy_needs_minute_taker(a->cw.pol, m->type) ? "to allocate"
	                                                      : "none",
	         q->reports_in, q->reports_expected,
	         meeting_status_name(m->status), q->clash[0] ? "; " : "",
	         q->clash);
	return true;
}

static void meetings_plain_pick(ui_view *vv, ui_app *a, size_t i)
{
	meetings_view *v = (meetings_view *)vv;
	(void)a;
	v->list.sel = i;
	v->opened = false;
}

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
	.plain_row = meetings_plain_row,
	.plain_pick = meetings_plain_pick,
};

/* ui_timeliness.c - Timeliness: the figures of `cpdesk report timeliness`
 * (timeliness.h) for three months ending with the console's today's
 * month: each measure's due, on time and per cent, each month's per cent
 * and the change in the last, then the cases late and the cancellations,
 * scrollable.  [ and ] move the three months a month earlier or later.
 * Offered to those the policy lets read the figures (may:
 * read-timeliness), each seeing only the children they see.  The
 * children it names are on the record as "console: timeliness".
 *
 * Counting takes most of a second at national scale, and the console
 * reloads the view on every write anyone makes: the figures are counted
 * again when the period changes, and otherwise at most once a minute. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "permit.h"
#include "timeliness.h"
#include "ui_common.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_theme.h"
#include "ui_view.h"

#define TV_MONTHS 3
#define TV_LINE 160
#define TV_RECOUNT_SECONDS 60

typedef struct tline {
	char text[TV_LINE];
	bool heading;
} tline;

typedef struct timeliness_view {
	ui_view base;
	int back;                  /* months before today's month it ends */
	bool loaded;
	cp_date from, to;
	cp_date counted_from, counted_to;   /* the figures shown */
	time_t counted_at;                  /* monotonic seconds */
	tline *lines;              /* owned */
	size_t nlines, cap, top;
} timeliness_view;

static bool tview_allowed(ui_app *a)
{
	return permit_allows(a->cw.pm, ACCESS_READ_TIMELINESS);
}

static void add(timeliness_view *v, bool heading, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add(timeliness_view *v, bool heading, const char *fmt, ...)
{
	if (v->nlines == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		tline *p = realloc(v->lines, cap * sizeof *p);
		if (!p)
			return;            /* shown short; the status says nothing
			                      better than the lines already there */
		v->lines = p;
		v->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->lines[v->nlines].text, TV_LINE, fmt, ap);
	va_end(ap);
	v->lines[v->nlines++].heading = heading;
}

/* "75.0" in 5 columns, or "-". */
static const char *pct(const tm_tally *t, char out[16])
{
	int p = tm_percent_tenths(t);
	if (p < 0)
		snprintf(out, 16, "%5s", "-");
	else
		snprintf(out, 16, "%5.1f", p / 10.0);
	return out;
}

static void period(timeliness_view *v, cp_date today)
{
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	cp_date first;
	date_from_ymd(y, m, 1, &first);
	cp_date end_month = date_add_months(first, -v->back);
	v->from = date_add_months(end_month, -(TV_MONTHS - 1));
	v->to = v->back ? date_add_months(end_month, 1) - 1 : today;
}

/* The measures as 29 columns hold them. */
static const char *const labels[TM_COUNT] = {
	[TM_ICPC_STRATEGY] = "ICPC 15 WD from strategy",
	[TM_ICPC_S47] = "ICPC 15 WD from s47 (census)",
	[TM_RCPC_FIRST] = "First RCPC in 3 months",
	[TM_RCPC_LATER] = "Later RCPCs in 6 months",
	[TM_CLA_FIRST] = "First CLA review in 20 WD",
	[TM_CLA_SECOND] = "Second CLA review in 3 months",
	[TM_CLA_LATER] = "Later CLA reviews in 6 months",
	[TM_MINUTES] = "Minutes by their due date",
	[TM_REPORTS] = "Agency reports by deadline",
};

/* The last month's change from the one before, in points, or "-". */
static const char *change(const timeliness *t, tm_measure m, char out[16])
{
	size_t n = t->nmonths;
	int now = n ? tm_percent_tenths(&t->by_month[n - 1][m]) : -1;
	int was = n > 1 ? tm_percent_tenths(&t->by_month[n - 2][m]) : -1;
	if (now < 0 || was < 0)
		snprintf(out, 16, "-");
	else
		snprintf(out, 16, "%+.1f", (now - was) / 10.0);
	return out;
}

/* The measures: label, due, on time, %, each month's % and the last
 * month's change, in 78 columns. */
static void summary(timeliness_view *v, const timeliness *t)
{
	char mh[TV_MONTHS][8] = { "", "", "" };
	for (size_t i = 0; i < t->nmonths && i < TV_MONTHS; i++) {
		char d[CP_DATE_STRLEN];
		date_format(t->month[i], d);
		snprintf(mh[i], sizeof mh[i], "%.7s", d);
	}
	add(v, true, "%-29s %4s %4s %5s  %7s %7s %7s %6s", "Measure", "Due",
	    "On", "%", mh[0], mh[1], mh[2], "Change");
	for (int m = 0; m < TM_COUNT; m++) {
		char p[16], mo[TV_MONTHS][16];
		for (size_t i = 0; i < TV_MONTHS; i++)
			snprintf(mo[i], sizeof mo[i], "%s", i < t->nmonths ?
			         pct(&t->by_month[i][m], p) : "");
		char c[16];
		add(v, false, "%-29s %4u %4u %5s  %7s %7s %7s %6s", labels[m],
		    t->total[m].due, t->total[m].on_time, pct(&t->total[m], p),
		    mo[0], mo[1], mo[2], change(t, (tm_measure)m, c));
	}
}

static void late_lines(timeliness_view *v, const timeliness *t)
{
	add(v, false, "%s", "");
	add(v, true, "Cases late (%zu): measure, child, meeting, WD late, why",
	    t->nlate);
	for (size_t i = 0; i < t->nlate; i++) {
		const tm_late *l = &t->late[i];
		char d[CP_DATE_STRLEN];
		date_format(l->meeting_date, d);
		add(v, false, "%-13s %s %s, %s %s, %d WD%s%s%s%s",
		    tm_measure_id(l->measure), l->child_id, l->child_name,
		    l->meeting_type, d, l->days_late, *l->what ? ", " : "", l->what,
		    *l->reason ? ": " : "", l->reason);
	}
	add(v, false, "%s", "");
	add(v, true, "Cancelled (%zu)", t->ncancels);
	for (size_t i = 0; i < t->ncancels; i++) {
		const tm_cancel *c = &t->cancels[i];
		char d[CP_DATE_STRLEN];
		date_format(c->date, d);
		add(v, false, "%s %s %s %s: %s", d, c->meeting_type, c->child_id,
		    c->child_name, *c->reason ? c->reason : "(no reason)");
	}
}

static time_t now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static cp_status tview_load(ui_view *vv, ui_app *a, bool shown)
{
	timeliness_view *v = (timeliness_view *)vv;
	size_t top = v->top;
	(void)shown;
	if (!tview_allowed(a)) {
		v->nlines = 0;
		v->loaded = false;
		return CP_OK;
	}
	period(v, a->today);
	if (v->loaded && v->from == v->counted_from && v->to == v->counted_to &&
	    now_s() - v->counted_at < TV_RECOUNT_SECONDS)
		return CP_OK;
	v->nlines = 0;
	v->loaded = false;
	timeliness t;
	cp_error err;
	cp_status st = timeliness_build(&a->cw, v->from, v->to, a->today, NULL,
	                                "console: timeliness", &t, &err);
	if (st != CP_OK) {
		ui_status(a, true, "cannot count the figures: %s", err.msg);
		return st;
	}
	summary(v, &t);
	late_lines(v, &t);
	timeliness_free(&t);
	v->loaded = true;
	v->counted_from = v->from;
	v->counted_to = v->to;
	v->counted_at = now_s();
	v->top = top < v->nlines ? top : 0;
	return CP_OK;
}

static void tview_draw(ui_view *vv, ui_app *a, int y, int h)
{
	timeliness_view *v = (timeliness_view *)vv;
	int w = a->cols, ymax = y + h;
	char head[160], f[CP_DATE_STRLEN], t[CP_DATE_STRLEN];
	date_format(v->from, f);
	date_format(v->to, t);
	snprintf(head, sizeof head, "Timeliness %s to %s ([ ]: a month "
	         "earlier, later)", f, t);
	ui_rule(y++, 0, w, v->loaded ? head : "Timeliness");
	if (!v->loaded) {
		ui_put(y + 1, 2, w - 4, A_NORMAL, false, tview_allowed(a) ?
		       "The figures could not be counted." :
		       "Not available: the policy names who reads the figures "
		       "(read-timeliness).");
		return;
	}
	size_t rows = ymax > y ? (size_t)(ymax - y) : 0;
	if (v->nlines > rows && v->top > v->nlines - rows)
		v->top = v->nlines - rows;
	if (v->nlines)       /* a page that scrolls: its first line */
		ui_cursor_at(y, 1);
	for (size_t i = 0; i < rows && v->top + i < v->nlines; i++) {
		const tline *l = &v->lines[v->top + i];
		ui_put(y + (int)i, 1, w - 2, l->heading ? ui_theme(TH_HEADING) :
		       A_NORMAL, false, l->text);
	}
}

static bool tview_key(ui_view *vv, ui_app *a, ui_action act, int ch,
                      bool is_char)
{
	timeliness_view *v = (timeliness_view *)vv;
	(void)ch;
	(void)is_char;
	size_t page = (size_t)(ui_body_height(a) > 4 ? ui_body_height(a) - 2 : 1);
	switch (act) {
	case ACT_EARLIER:
	case ACT_LATER:
		if (act == ACT_LATER && !v->back)
			return true;       /* the months ahead hold nothing held */
		v->back += act == ACT_EARLIER ? 1 : -1;
		v->top = 0;
		tview_load(vv, a, true);
		return true;
	case ACT_DOWN: if (v->top + 1 < v->nlines) v->top++; return true;
	case ACT_UP: if (v->top) v->top--; return true;
	case ACT_PGDN:
		v->top = v->top + page < v->nlines ? v->top + page : v->top;
		return true;
	case ACT_PGUP: v->top = v->top > page ? v->top - page : 0; return true;
	case ACT_TOP: v->top = 0; return true;
	case ACT_BOTTOM: v->top = v->nlines ? v->nlines - 1 : 0; return true;
	default: return false;
	}
}

static void tview_free(ui_view *vv)
{
	timeliness_view *v = (timeliness_view *)vv;
	free(v->lines);
	v->lines = NULL;
	v->nlines = v->cap = 0;
}

/* [ and ] are named on the view's own rule line */
static const ui_action tview_hints[] = { ACT_NONE };

/* The line-by-line mode: the page's lines, none picked. */
static bool tview_plain_row(const ui_view *vv, ui_app *a, size_t i,
                            char *buf, size_t size, bool *pick)
{
	const timeliness_view *v = (const timeliness_view *)vv;
	(void)a;
	*pick = false;
	if (i == 0) {
		char f[CP_DATE_STRLEN], t[CP_DATE_STRLEN];
		date_format(v->from, f);
		date_format(v->to, t);
		snprintf(buf, size, v->loaded ? "From %s to %s (earlier, later: "
		         "a month):" : "The figures could not be counted.", f, t);
		return true;
	}
	if (!v->loaded || i - 1 >= v->nlines)
		return false;
	snprintf(buf, size, "%s", v->lines[i - 1].text);
	return true;
}

const ui_view_class ui_timeliness_class = {
	.name = "Timeliness",
	.size = sizeof(timeliness_view),
	.hints = tview_hints,
	.available = tview_allowed,
	.unavailable = "The Timeliness view is not available to you: the "
	               "policy names who reads the figures (read-timeliness).",
	.load = tview_load,
	.draw = tview_draw,
	.key = tview_key,
	.free = tview_free,
	.plain_row = tview_plain_row,
};

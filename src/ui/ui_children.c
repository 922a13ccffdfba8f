/* ui_children.c - Children: search by name or id, then a child's
 * meetings, consultations and history.
 *
 * With no search the worker's own children are listed (the social
 * worker index).  A search looks the id up directly, then walks the
 * children by id comparing names, stopping at a screenful of matches:
 * there is no name index, and a borough's few thousand children take a
 * few milliseconds, only when a search is typed. */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "permit.h"
#include "ui_common.h"
#include "ui_detail.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layout.h"
#include "ui_theme.h"
#include "ui_view.h"

#define MATCH_LIMIT 100
#define HISTORY_LIMIT 40

typedef struct crow {
	char id[MODEL_ID_MAX + 1];
	char name[UI_NAME];
	cp_date dob;
	char sw[UI_NAME];
} crow;

typedef struct cmeet {         /* a meeting of the opened child */
	uint64_t id;
	cp_date date;
	meeting_status status;
	char type[24];
	char chair[UI_NAME];
	int open_tasks;
} cmeet;

typedef struct children_view {
	ui_view base;
	char query[128];
	bool typing;             /* keys go to the search field */
	crow *rows;
	ui_list list;
	bool more;
	/* the opened child */
	bool opened;
	char open_id[MODEL_ID_MAX + 1];
	cp_child child;
	char sw[UI_NAME];
	cmeet *meets;
	ui_list mlist;
	char (*history)[UI_TEXT]; /* consultations and audit, newest first */
	size_t nhistory;
	bool meeting_opened;      /* Enter on a meeting: its detail */
	ui_detail det;
} children_view;

static void children_free(ui_view *v)
{
	children_view *c = (children_view *)v;
	free(c->rows);
	c->rows = NULL;
	c->list.n = 0;
	free(c->meets);
	c->meets = NULL;
	c->mlist.n = 0;
	free(c->history);
	c->history = NULL;
	c->nhistory = 0;
	cp_child_free(&c->child);
	ui_detail_free(&c->det);
}

/* ASCII case-insensitive substring (names are UTF-8; non-ASCII bytes
 * compare exactly). */
static bool contains(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < nl && hay[i] &&
		       tolower((unsigned char)hay[i]) ==
		       tolower((unsigned char)needle[i]))
			i++;
		if (i == nl)
			return true;
	}
	return nl == 0;
}

typedef struct cscan {
	children_view *c;
	store_txn *t;
	const char *query;
	bool oom;
	permit *pm;           /* only the children the worker sees */
} cscan;

static bool add_row(cscan *s, const cp_child *ch)
{
	children_view *c = s->c;
	if (!permit_sees_child(s->pm, s->t, ch))
		return true;            /* not among the cases the worker sees */
	for (size_t i = 0; i < c->list.n; i++)
		if (!strcmp(c->rows[i].id, ch->id))
			return true;        /* the exact id match, already in */
	if (c->list.n >= MATCH_LIMIT) {
		c->more = true;
		return false;
	}
	crow *r = realloc(c->rows, (c->list.n + 1) * sizeof *r);
	if (!r) {
		s->oom = true;
		return false;
	}
	c->rows = r;
	r = &c->rows[c->list.n++];
	ui_copy(r->id, sizeof r->id, ch->id);
	ui_copy(r->name, sizeof r->name, ch->name);
	r->dob = ch->dob;
	ui_worker_name(s->t, ch->social_worker, r->sw, sizeof r->sw);
	return true;
}

static bool take_child(void *ctx, const cp_child *ch)
{
	cscan *s = ctx;
	if (s->query && !contains(ch->name, s->query) &&
	    !contains(ch->id, s->query))
		return true;
	return add_row(s, ch);
}

static cp_status load_results(children_view *c, ui_app *a, store_txn *t,
                              cp_error *err)
{
	c->list.n = 0;
	c->more = false;
	cscan s = { .c = c, .t = t, .pm = a->cw.pm };
	cp_status st;
	if (!c->query[0]) {
		st = store_children_for_worker(t, a->me.login, take_child, &s, err);
	} else {
		cp_child exact = { 0 };
		bool found = false;
		st = store_child_get(t, c->query, &exact, &found, err);
		if (st == CP_OK && found)
			add_row(&s, &exact);
		cp_child_free(&exact);
		s.query = c->query;
		if (st == CP_OK)
			st = store_children_all(t, take_child, &s, err);
	}
	if (st == CP_OK && s.oom)
		st = cp_oom(err);
	return st;
}

static void add_history(children_view *c, const char *line)
{
	if (c->nhistory >= HISTORY_LIMIT)
		return;
	char (*h)[UI_TEXT] = realloc(c->history, (c->nhistory + 1) * sizeof *h);
	if (!h)
		return;
	c->history = h;
	ui_copy(h[c->nhistory++], UI_TEXT, line);
}

typedef struct hscan {
	children_view *c;
	store_txn *t;
} hscan;

static bool take_cmeet(void *ctx, const cp_meeting *m)
{
	hscan *s = ctx;
	children_view *c = s->c;
	cmeet *n = realloc(c->meets, (c->mlist.n + 1) * sizeof *n);
	if (!n)
		return false;
	c->meets = n;
	cmeet *cm = &n[c->mlist.n++];
	memset(cm, 0, sizeof *cm);
	cm->id = m->id;
	cm->date = m->date;
	cm->status = m->status;
	ui_type_short(m->type, cm->type, sizeof cm->type);
	ui_worker_name(s->t, m->chair, cm->chair, sizeof cm->chair);
	return c->mlist.n < 200;
}

static bool take_consult(void *ctx, const cp_consult *k)
{
	hscan *s = ctx;
	char date[CP_DATE_STRLEN], chair[UI_NAME], line[UI_TEXT * 2];
	date_format(k->date, date);
	ui_worker_name(s->t, k->chair, chair, sizeof chair);
	snprintf(line, sizeof line, "%s  consultation (%s) with %s: %s", date,
	         k->kind, chair, k->decision);
	add_history(s->c, line);
	return true;
}

static bool take_audit(void *ctx, const cp_audit *au)
{
	hscan *s = ctx;
	/* the history is of changes; who looked is in cpdesk audit */
	if (!strcmp(au->action, "child.view"))
		return true;
	if (s->c->nhistory >= HISTORY_LIMIT)
		return false;
	char when[32], line[UI_TEXT * 2];
	time_t tt = (time_t)au->time;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	snprintf(line, sizeof line, "%s  %s by %s (%s)", when, au->action,
	         au->login, au->object);
	add_history(s->c, line);
	return true;
}

static cp_status load_child(children_view *c, store_txn *t, cp_error *err)
{
	cp_child_free(&c->child);
	free(c->meets);
	c->meets = NULL;
	c->mlist.n = 0;
	c->nhistory = 0;
	bool found = false;
	cp_status st = store_child_get(t, c->open_id, &c->child, &found, err);
	if (st != CP_OK)
		return st;
	if (!found) {
		c->opened = false;
		return cp_fail(err, CP_BADINPUT, "no child '%s' any more",
		               c->open_id);
	}
	ui_worker_name(t, c->child.social_worker, c->sw, sizeof c->sw);
	hscan s = { .c = c, .t = t };
	st = store_meetings_for_child(t, c->open_id, take_cmeet, &s, err);
	if (st == CP_OK)
		st = store_consults_for_child(t, c->open_id, take_consult, &s, err);
	/* no limit here: views are skipped, and take_audit stops when full */
	store_audit_filter f = { .child_id = c->open_id, .newest_first = true };
	if (st == CP_OK)
		st = store_audit_scan(t, &f, take_audit, &s, err);
	return st;
}

static uint64_t selected_meeting(const children_view *c)
{
	if (!c->opened || c->mlist.sel >= c->mlist.n)
		return 0;
	return c->meets[c->mlist.sel].id;
}

static cp_status children_load(ui_view *v, ui_app *a, bool shown)
{
	children_view *c = (children_view *)v;
	char keep[MODEL_ID_MAX + 1] = "";
	uint64_t keep_meeting = selected_meeting(c);
	(void)shown;
	if (c->list.sel < c->list.n)
		memcpy(keep, c->rows[c->list.sel].id, sizeof keep);
	store_txn *t = ui_read_begin(a);
	if (!t)
		return CP_FAILED;
	cp_error err;
	cp_status st = load_results(c, a, t, &err);
	if (st == CP_OK && c->opened)
		st = load_child(c, t, &err);
	store_read_end(t);
	if (st != CP_OK) {
		ui_status(a, true, "%s", err.msg);
		return st;
	}
	c->list.sel = 0;
	for (size_t i = 0; keep[0] && i < c->list.n; i++)
		if (!strcmp(c->rows[i].id, keep))
			c->list.sel = i;
	for (size_t i = 0; keep_meeting && i < c->mlist.n; i++)
		if (c->meets[i].id == keep_meeting)
			c->mlist.sel = i;
	ui_list_fix(&c->list, 0, NULL, NULL);
	ui_list_fix(&c->mlist, 0, NULL, NULL);
	if (c->opened && c->meeting_opened)
		ui_detail_load(a, &c->det, 0, selected_meeting(c));
	return CP_OK;
}

static void children_selected(const ui_view *v, ui_sel *out)
{
	const children_view *c = (const children_view *)v;
	out->meeting_id = selected_meeting(c);
	if (c->opened)
		out->child_id = c->open_id;
	else if (c->list.sel < c->list.n)
		out->child_id = c->rows[c->list.sel].id;
}

static void draw_results(children_view *c, ui_app *a, int y, int h)
{
	int w = a->cols;
	char title[200];
	if (c->query[0])
		snprintf(title, sizeof title, "Children matching \"%s\" (%zu%s)",
		         c->query, c->list.n, c->more ? "+" : "");
	else
		snprintf(title, sizeof title, "Your children (%zu)", c->list.n);
	ui_rule(y + 1, 0, w, title);
	if (c->list.n == 0) {
		ui_put(y + 3, 2, w - 2, A_NORMAL, false, c->query[0] ?
		       "No child matches; try part of a name or the case id." :
		       "No children are allocated to you; press / to search.");
		return;
	}
	size_t hh = (size_t)(h - 2);
	ui_list_fix(&c->list, hh, NULL, NULL);
	int nw = w >= 120 ? 34 : 24;
	for (size_t i = 0; i < hh && c->list.top + i < c->list.n; i++) {
		size_t r = c->list.top + i;
		const crow *row = &c->rows[r];
		attr_t at = r == c->list.sel && !c->typing ?
		            ui_theme(TH_SELECTED) : A_NORMAL;
		char dob[CP_DATE_STRLEN] = "?";
		if (row->dob != CP_DATE_NONE)
			date_format(row->dob, dob);
		int yy = y + 2 + (int)i;
		ui_put(yy, 0, w, at, true, "");
		ui_put(yy, 1, 12, at, true, row->id);
		ui_put(yy, 14, nw, at, true, row->name);
		ui_putf(yy, 15 + nw, 18, at, true, "born %s", dob);
		ui_putf(yy, 34 + nw, w - 34 - nw, at, true, "SW %s", row->sw);
	}
}

static void draw_child(children_view *c, ui_app *a, int y, int h)
{
	int w = a->cols, ymax = y + h;
	const cp_child *ch = &c->child;
	char dob[CP_DATE_STRLEN] = "?", cp[CP_DATE_STRLEN] = "-",
	     la[CP_DATE_STRLEN] = "-";
	if (ch->dob != CP_DATE_NONE) date_format(ch->dob, dob);
	if (ch->cp_since != CP_DATE_NONE) date_format(ch->cp_since, cp);
	if (ch->looked_after_since != CP_DATE_NONE)
		date_format(ch->looked_after_since, la);
	ui_putf(y, 0, w, A_BOLD, true, "%s (%s), born %s", ch->name, ch->id, dob);
	ui_putf(y + 1, 0, w, A_NORMAL, true,
	        "Social worker %s; on a CP plan since %s; looked after since %s; "
	        "family gets reports by %s", c->sw, cp, la,
	        family_pref_name(ch->family_pref));
	int mh = (h - 4) / 2;
	if (mh < 3)
		mh = 3;
	ui_rule(y + 2, 0, w, "Meetings (Enter: open; m move, x cancel, o outcome, r report)");
	ui_list_fix(&c->mlist, (size_t)mh, NULL, NULL);
	for (int i = 0; i < mh && c->mlist.top + (size_t)i < c->mlist.n; i++) {
		size_t r = c->mlist.top + (size_t)i;
		const cmeet *m = &c->meets[r];
		char date[32];
		ui_date_long(m->date, date, sizeof date);
		ui_putf(y + 3 + i, 0, w,
		        r == c->mlist.sel ? ui_theme(TH_SELECTED) : A_NORMAL, true,
		        " %s  %-10s %-10s chair %s", date, m->type,
		        meeting_status_name(m->status), m->chair);
	}
	if (c->mlist.n == 0)
		ui_put(y + 3, 1, w - 1, A_NORMAL, false, "No meetings yet.");
	int hy = y + 3 + mh;
	ui_rule(hy, 0, w, "Consultations and history (newest first)");
	for (size_t i = 0; i < c->nhistory && hy + 1 + (int)i < ymax; i++)
		ui_put(hy + 1 + (int)i, 1, w - 1, A_NORMAL, false, c->history[i]);
}

static void children_draw(ui_view *v, ui_app *a, int y, int h)
{
	children_view *c = (children_view *)v;
	int w = a->cols;
	if (c->opened && c->meeting_opened) {
		ui_detail_full(a, &c->det, y, h, "Meeting (Esc: back)");
		return;
	}
	if (c->opened) {
		draw_child(c, a, y, h);
		return;
	}
	ui_putf(y, 0, w, c->typing ? A_BOLD : A_NORMAL, true,
	        "Search: %s%s", c->query, c->typing ? "_" : "");
	if (!c->typing)
		ui_put(y, 40, w - 40, ui_theme(TH_DIM), false,
		       "(/ to search by name or case id)");
	draw_results(c, a, y, h);
}

static void erase_last(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] & 0xC0) == 0x80)
		n--;
	if (n > 0)
		n--;
	s[n] = '\0';
}

static bool typing_key(children_view *c, ui_app *a, int action, int ch,
                       bool is_char)
{
	switch (action) {
	case ACT_F_ENTER:
	case ACT_F_ABORT:
		c->typing = false;
		a->status[0] = '\0';
		return true;
	case ACT_F_ERASE: erase_last(c->query); break;
	case ACT_F_CLEAR: c->query[0] = '\0'; break;
	default: {
		if (!is_char || ch < 32 || ch == 127)
			return false;
		char mb[MB_LEN_MAX + 1];
		mbstate_t ps;
		memset(&ps, 0, sizeof ps);
		size_t n = wcrtomb(mb, (wchar_t)ch, &ps);
		size_t len = strlen(c->query);
		if (n == (size_t)-1 || len + n + 1 > sizeof c->query)
			return false;
		memcpy(c->query + len, mb, n);
		c->query[len + n] = '\0';
	}
	}
	c->list.sel = c->list.top = 0;
	children_load(&c->base, a, true);
	return true;
}

/* Keys on the opened child: its meetings. */
static bool child_key(children_view *c, ui_app *a, ui_action act)
{
	if (ui_list_key(&c->mlist, act, ui_body_height(a) / 2, NULL, NULL))
		return true;
	if (act == ACT_OPEN && selected_meeting(c)) {
		c->meeting_opened = true;
		ui_detail_load(a, &c->det, 0, selected_meeting(c));
		return true;
	}
	if (act == ACT_BACK) {
		c->opened = false;
		children_load(&c->base, a, true);
		return true;
	}
	return false;
}

/* Enter on a child: opening its record is on the record (issue 6): no
 * audit entry, no record shown.  A quiet write: other consoles do not
 * redraw. */
static void open_child(children_view *c, ui_app *a)
{
	cp_error err;
	if (casework_child_viewed(&a->cw, c->rows[c->list.sel].id, "console",
	                          &err) != CP_OK) {
		ui_status(a, true, "cannot open the record: %s", err.msg);
		return;
	}
	memcpy(c->open_id, c->rows[c->list.sel].id, sizeof c->open_id);
	c->opened = true;
	c->mlist.sel = c->mlist.top = 0;
	children_load(&c->base, a, true);
}

static bool children_key(ui_view *v, ui_app *a, ui_action act, int ch,
                         bool is_char)
{
	children_view *c = (children_view *)v;
	if (c->typing)
		return typing_key(c, a, act, ch, is_char);
	if (c->opened && c->meeting_opened) {
		if (act == ACT_BACK)
			c->meeting_opened = false;
		return act == ACT_BACK;
	}
	if (c->opened)
		return child_key(c, a, act);
	if (ui_list_key(&c->list, act, ui_body_height(a) / 2, NULL, NULL))
		return true;
	if (act == ACT_OPEN && c->list.sel < c->list.n) {
		open_child(c, a);
		return true;
	}
	return false;
}

static bool children_opened(const ui_view *v)
{
	return ((const children_view *)v)->opened;
}

static bool children_typing(const ui_view *v)
{
	return ((const children_view *)v)->typing;
}

/* /: back to the results, typing (the search typed so far stays). */
static const char *children_search(ui_view *v)
{
	children_view *c = (children_view *)v;
	c->opened = c->meeting_opened = false;
	c->typing = true;
	return "Type a name or id; Enter or Down to pick, Esc to stop typing";
}

static const ui_action children_hints[] = {
	ACT_OPEN, ACT_CONSULT, ACT_MOVE, ACT_OUTCOME, ACT_NONE
};

const ui_view_class ui_children_class = {
	.name = "Children",
	.size = sizeof(children_view),
	.hints = children_hints,
	.load = children_load,
	.draw = children_draw,
	.key = children_key,
	.selected = children_selected,
	.opened = children_opened,
	.typing = children_typing,
	.search = children_search,
	.free = children_free,
};

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
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_theme.h"

#define MATCH_LIMIT 100
#define HISTORY_LIMIT 40

void ui_children_free(ui_children *c)
{
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
	ui_children *c;
	store_txn *t;
	const char *query;
	bool oom;
	permit *pm;           /* only the children the worker sees */
} cscan;

static bool add_row(cscan *s, const cp_child *ch)
{
	ui_children *c = s->c;
	if (!permit_sees_child(s->pm, s->t, ch))
		return true;            /* not among the cases the worker sees */
	for (size_t i = 0; i < c->list.n; i++)
		if (!strcmp(c->rows[i].id, ch->id))
			return true;        /* the exact id match, already in */
	if (c->list.n >= MATCH_LIMIT) {
		c->more = true;
		return false;
	}
	ui_crow *r = realloc(c->rows, (c->list.n + 1) * sizeof *r);
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

static cp_status load_results(ui_app *a, store_txn *t, cp_error *err)
{
	ui_children *c = &a->ch;
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

static void add_history(ui_children *c, const char *line)
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
	ui_children *c;
	store_txn *t;
} hscan;

static bool take_cmeet(void *ctx, const cp_meeting *m)
{
	hscan *s = ctx;
	ui_children *c = s->c;
	ui_cmeet *n = realloc(c->meets, (c->mlist.n + 1) * sizeof *n);
	if (!n)
		return false;
	c->meets = n;
	ui_cmeet *cm = &n[c->mlist.n++];
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

static cp_status load_child(ui_app *a, store_txn *t, cp_error *err)
{
	ui_children *c = &a->ch;
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

cp_status ui_children_load(ui_app *a)
{
	ui_children *c = &a->ch;
	char keep[MODEL_ID_MAX + 1] = "";
	uint64_t keep_meeting = ui_children_selected_meeting(a);
	if (c->list.sel < c->list.n)
		memcpy(keep, c->rows[c->list.sel].id, sizeof keep);
	store_txn *t = ui_read_begin(a);
	if (!t)
		return CP_FAILED;
	cp_error err;
	cp_status st = load_results(a, t, &err);
	if (st == CP_OK && c->opened)
		st = load_child(a, t, &err);
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
	return CP_OK;
}

uint64_t ui_children_selected_meeting(const ui_app *a)
{
	const ui_children *c = &a->ch;
	if (!c->opened || c->mlist.sel >= c->mlist.n)
		return 0;
	return c->meets[c->mlist.sel].id;
}

const char *ui_children_selected_child(const ui_app *a)
{
	const ui_children *c = &a->ch;
	if (c->opened)
		return c->open_id;
	return c->list.sel < c->list.n ? c->rows[c->list.sel].id : NULL;
}

static void draw_results(ui_app *a, int y, int h)
{
	ui_children *c = &a->ch;
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
		const ui_crow *row = &c->rows[r];
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

static void draw_child(ui_app *a, int y, int h)
{
	ui_children *c = &a->ch;
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
		const ui_cmeet *m = &c->meets[r];
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

void ui_children_draw(ui_app *a, int y, int h)
{
	ui_children *c = &a->ch;
	int w = a->cols;
	if (c->opened && c->meeting_opened) {
		int dw = w * 55 / 100;
		ui_rule(y, 0, dw, "Meeting (Esc: back)");
		ui_rule(y, dw, w - dw, "Timeline");
		ui_detail_draw(a, y + 1, 0, h - 1, dw - 1);
		ui_timeline_draw(a, y + 1, dw + 1, h - 1, w - dw - 1);
		return;
	}
	if (c->opened) {
		draw_child(a, y, h);
		return;
	}
	ui_putf(y, 0, w, c->typing ? A_BOLD : A_NORMAL, true,
	        "Search: %s%s", c->query, c->typing ? "_" : "");
	if (!c->typing)
		ui_put(y, 40, w - 40, ui_theme(TH_DIM), false,
		       "(/ to search by name or case id)");
	draw_results(a, y, h);
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

static bool typing_key(ui_app *a, int action, int ch, bool is_char)
{
	ui_children *c = &a->ch;
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
	ui_children_load(a);
	return true;
}

bool ui_children_key(ui_app *a, int action, int ch, bool is_char)
{
	ui_children *c = &a->ch;
	long page = ui_body_height(a) / 2;
	if (c->typing)
		return typing_key(a, action, ch, is_char);
	if (c->opened && c->meeting_opened) {
		if (action == ACT_BACK)
			c->meeting_opened = false;
		return action == ACT_BACK;
	}
	if (c->opened) {
		if (ui_list_key(&c->mlist, action, page, NULL, NULL))
			return true;
		if (action == ACT_OPEN && ui_children_selected_meeting(a)) {
			c->meeting_opened = true;
			ui_detail_load(a, 0, ui_children_selected_meeting(a));
			return true;
		}
		if (action == ACT_BACK) {
			c->opened = false;
			ui_children_load(a);
			return true;
		}
		return false;
	}
	if (ui_list_key(&c->list, action, page, NULL, NULL))
		return true;
	if (action == ACT_OPEN && c->list.sel < c->list.n) {
		/* Opening a child's record is on the record (issue 6): no
		 * audit entry, no record shown.  A quiet write: other consoles
		 * do not redraw. */
		cp_error err;
		if (casework_child_viewed(&a->cw, c->rows[c->list.sel].id,
		                          "console", &err) != CP_OK) {
			ui_status(a, true, "cannot open the record: %s", err.msg);
			return true;
		}
		memcpy(c->open_id, c->rows[c->list.sel].id, sizeof c->open_id);
		c->opened = true;
		c->mlist.sel = c->mlist.top = 0;
		ui_children_load(a);
		return true;
	}
	return false;
}

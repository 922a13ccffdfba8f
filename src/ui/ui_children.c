/* ui_children.c - Children: search by name or id, then a child's
 * meetings, consultations and (for those who may read the audit) the
 * changes to its record.
 *
 * With no search the worker's own children are listed; a search finds
 * the child with that id, then those whose name or id contains it, a
 * screenful at most (query_child_list: there is no name index, and a
 * borough's few thousand children take a few milliseconds, only when a
 * search is typed).  The list shown is on the record as "console:
 * children"; a child opened (query_child_get) as "console". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui_common.h"
#include "ui_detail.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layout.h"
#include "ui_theme.h"
#include "ui_view.h"
#include "vec.h"

#define MATCH_LIMIT 100
#define HISTORY_LIMIT QUERY_HISTORY_MAX

typedef struct children_view {
	ui_view base;
	char query[128];
	bool typing;             /* keys go to the search field */
	query_children found;    /* the list: the results, or your children */
	ui_list list;
	/* the opened child */
	bool opened;
	char open_id[MODEL_ID_MAX + 1];
	query_child_record rec;  /* its record; mlist is over rec.meetings */
	ui_list mlist;
	char (*history)[UI_TEXT]; /* consultations and changes, newest first */
	size_t nhistory;
	bool meeting_opened;      /* Enter on a meeting: its detail */
	ui_detail det;
} children_view;

static void forget_child(children_view *c)
{
	query_child_record_free(&c->rec);
	free(c->history);
	c->history = NULL;
	c->nhistory = 0;
	c->mlist.n = 0;
}

static void children_free(ui_view *v)
{
	children_view *c = (children_view *)v;
	query_children_free(&c->found);
	c->list.n = 0;
	forget_child(c);
	ui_detail_free(&c->det);
}

/* The list: the search's results, or the worker's own children. */
static cp_status read_list(children_view *c, ui_app *a)
{
	query_child_filter f = { .limit = MATCH_LIMIT };
	if (c->query[0])
		f.search = c->query;
	else
		f.social_worker = a->me.worker.login;
	query_children read;
	cp_error err;
	cp_status st = query_child_list(&a->cw, &f, "console: children", &read,
	                                &err);
	if (st != CP_OK) {
		ui_status(a, true, "%s", err.msg);
		return st;
	}
	query_children_free(&c->found);
	c->found = read;
	c->list.n = read.n;
	return CP_OK;
}

static void add_history(children_view *c, const char *line)
{
	if (c->nhistory >= HISTORY_LIMIT)
		return;
	char *h = vec_push_zeroed((void **)&c->history, c->nhistory,
	                          sizeof *c->history);
	if (!h)
		return;
	ui_copy(h, UI_TEXT, line);
	c->nhistory++;
}

/* Its case (plans, care, child in need), newest first. */
static void episode_lines(children_view *c)
{
	const cp_child *ch = &c->rec.c.child;
	char line[UI_TEXT * 2], from[CP_DATE_STRLEN], to[CP_DATE_STRLEN];
	for (size_t i = ch->nepisodes; i-- > 0;) {
		const cp_episode *e = &ch->episodes[i];
		date_format(e->start, from);
		snprintf(to, sizeof to, "now");
		if (e->end != CP_DATE_NONE)
			date_format(e->end, to);
		snprintf(line, sizeof line, "%s  %s to %s%s%s%s%s", from,
		         episode_kind_name(e->kind), to,
		         e->kind == EPISODE_CP ? ", " : "",
		         e->kind == EPISODE_CP ? cp_category_name(e->category) : "",
		         e->end_reason && *e->end_reason ? ": " : "",
		         e->end_reason ? e->end_reason : "");
		add_history(c, line);
	}
}

/* Its case, its consultations, then the changes to its record, newest
 * first (who read it is in cpdesk audit). */
static void history_lines(children_view *c)
{
	char line[UI_TEXT * 2], when[32];
	episode_lines(c);
	for (size_t i = 0; i < c->rec.consults.n; i++) {
		const query_consult *q = &c->rec.consults.v[i];
		date_format(q->consult.date, when);
		snprintf(line, sizeof line, "%s  consultation (%s) with %s: %s",
		         when, q->consult.kind, ui_or_none(q->chair_name),
		         q->consult.decision);
		add_history(c, line);
	}
	for (size_t i = 0; i < c->rec.history.n; i++) {
		const cp_audit *au = &c->rec.history.v[i];
		char at[CP_MOMENT_STRLEN];
		snprintf(line, sizeof line, "%s  %s by %s (%s)",
		         date_moment_format(au->time, at), au->action, au->login,
		         au->object);
		add_history(c, line);
	}
}

/* The child open_id; gone (or no longer to be seen): closed. */
static cp_status read_child(children_view *c, ui_app *a, cp_error *err)
{
	forget_child(c);
	cp_status st = query_child_get(&a->cw, c->open_id,
	                               QUERY_CHILD_MEETINGS |
	                               QUERY_CHILD_CONSULTS |
	                               QUERY_CHILD_HISTORY, "console", &c->rec,
	                               err);
	if (st == CP_BADINPUT)
		c->opened = c->meeting_opened = false;
	if (st != CP_OK)
		return st;
	c->mlist.n = c->rec.meetings.n;
	history_lines(c);
	return CP_OK;
}

static uint64_t selected_meeting(const children_view *c)
{
	if (!c->opened || c->mlist.sel >= c->mlist.n)
		return 0;
	return c->rec.meetings.v[c->mlist.sel].meeting.id;
}

static const char *selected_child(const children_view *c)
{
	return c->list.sel < c->list.n ? c->found.v[c->list.sel].child.id : NULL;
}

/* What is on screen: the opened child (and its meeting), else the list. */
static cp_status children_load(ui_view *v, ui_app *a, bool shown)
{
	children_view *c = (children_view *)v;
	(void)shown;
	if (c->opened) {
		uint64_t keep = selected_meeting(c);
		cp_error err;
		cp_status st = read_child(c, a, &err);
		if (st != CP_OK)
			ui_status(a, true, "%s", err.msg);
		if (st != CP_OK && c->opened)
			return st;
		if (st != CP_OK)   /* closed: back to the list, read afresh */
			return children_load(v, a, shown);
		for (size_t i = 0; keep && i < c->mlist.n; i++)
			if (c->rec.meetings.v[i].meeting.id == keep)
				c->mlist.sel = i;
		ui_list_fix(&c->mlist, 0, NULL, NULL);
		if (c->meeting_opened)
			ui_detail_show(a, &c->det, 0, selected_meeting(c));
		return CP_OK;
	}
	char keep[MODEL_ID_MAX + 1] = "";
	if (selected_child(c))
		snprintf(keep, sizeof keep, "%s", selected_child(c));
	CP_TRY(read_list(c, a));
	c->list.sel = 0;
	for (size_t i = 0; keep[0] && i < c->list.n; i++)
		if (!strcmp(c->found.v[i].child.id, keep))
			c->list.sel = i;
	ui_list_fix(&c->list, 0, NULL, NULL);
	return CP_OK;
}

static void children_selected(const ui_view *v, ui_sel *out)
{
	const children_view *c = (const children_view *)v;
	out->meeting_id = selected_meeting(c);
	out->child_id = c->opened ? c->open_id : selected_child(c);
}

static void draw_results(children_view *c, ui_app *a, int y, int h)
{
	int w = a->cols;
	char title[200];
	if (c->query[0])
		snprintf(title, sizeof title, "Children matching \"%s\" (%zu%s)",
		         c->query, c->list.n, c->found.more ? "+" : "");
	else
		snprintf(title, sizeof title, "Your children (%zu)", c->list.n);
	ui_rule(y + 1, 0, w, title);
	if (c->list.n == 0) {
		ui_put(y + 3, 2, w - 2, A_NORMAL, false, c->query[0] ?
		       "No child matches; try part of a name or the case id." :
		       "No children are allocated to you; press / to search.");
		return;
	}
	size_t hh = (size_t)(h > 3 ? h - 3 : 1);
	ui_list_fix(&c->list, hh, NULL, NULL);
	int nw = w >= 120 ? 34 : 24;
	attr_t head = A_BOLD | A_UNDERLINE;
	ui_put(y + 2, 1, 12, head, false, "Child");
	ui_put(y + 2, 14, nw, head, false, "Name");
	ui_put(y + 2, 15 + nw, 18, head, false, "Born");
	ui_put(y + 2, 34 + nw, w - 34 - nw, head, false, "Social worker");
	y++;   /* the rows below the heading row */
	for (size_t i = 0; i < hh && c->list.top + i < c->list.n; i++) {
		size_t r = c->list.top + i;
		const cp_child *row = &c->found.v[r].child;
		int yy = y + 2 + (int)i;
		attr_t at = r == c->list.sel && !c->typing ?
		            ui_selected_at(yy, 0) : A_NORMAL;
		char dob[CP_DATE_STRLEN] = "?";
		if (row->dob != CP_DATE_NONE)
			date_format(row->dob, dob);
		ui_put(yy, 0, w, at, true, "");
		ui_put(yy, 1, 12, at, true, row->id);
		ui_put(yy, 14, nw, at, true, row->name);
		ui_putf(yy, 15 + nw, 18, at, true, "born %s", dob);
		ui_putf(yy, 34 + nw, w - 34 - nw, at, true, "SW %s",
		        ui_or_none(c->found.v[r].sw_name));
	}
}

static void draw_child(children_view *c, ui_app *a, int y, int h)
{
	int w = a->cols, ymax = y + h;
	const cp_child *ch = &c->rec.c.child;
	char dob[CP_DATE_STRLEN] = "?", cp[CP_DATE_STRLEN] = "-",
	     la[CP_DATE_STRLEN] = "-";
	if (ch->dob != CP_DATE_NONE) date_format(ch->dob, dob);
	cp_date cps = child_since(ch, EPISODE_CP), las = child_since(ch, EPISODE_LAC);
	if (cps != CP_DATE_NONE) date_format(cps, cp);
	if (las != CP_DATE_NONE) date_format(las, la);
	ui_putf(y, 0, w, A_BOLD, true, "%s (%s), born %s", ch->name, ch->id, dob);
	ui_putf(y + 1, 0, w, A_NORMAL, true,
	        "Social worker %s; on a CP plan since %s; looked after since %s; "
	        "family gets reports by %s", ui_or_none(c->rec.c.sw_name), cp, la,
	        family_pref_name(ch->family_pref));
	int mh = (h - 4) / 2;
	if (mh < 3)
		mh = 3;
	ui_rule(y + 2, 0, w, "Meetings (Enter: open; m move, x cancel, o outcome, r report)");
	ui_list_fix(&c->mlist, (size_t)mh, NULL, NULL);
	for (int i = 0; i < mh && c->mlist.top + (size_t)i < c->mlist.n; i++) {
		size_t r = c->mlist.top + (size_t)i;
		const query_meeting *m = &c->rec.meetings.v[r];
		char date[32], type[24];
		ui_date_long(m->meeting.date, date, sizeof date);
		ui_type_short(m->meeting.type, type, sizeof type);
		ui_putf(y + 3 + i, 0, w,
		        r == c->mlist.sel ? ui_selected_at(y + 3 + i, 0) : A_NORMAL,
		        true,
		        " %s  %-10s %-10s chair %s", date, type,
		        meeting_status_name(m->meeting.status),
		        ui_or_none(m->chair_name));
	}
	if (c->mlist.n == 0)
		ui_put(y + 3, 1, w - 1, A_NORMAL, false, "No meetings yet.");
	int hy = y + 3 + mh;
	/* the changes are shown only to those who may read the audit */
	ui_rule(hy, 0, w, c->rec.history_read ?
	        "Case, consultations and history (newest first)" :
	        "Case and consultations (newest first)");
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

static bool typing_key(children_view *c, ui_app *a, int action, int ch,
                       bool is_char)
{
	switch (action) {
	case ACT_F_ENTER:
	case ACT_F_ABORT:
		c->typing = false;
		a->status[0] = '\0';
		return true;
	case ACT_F_ERASE: ui_text_erase(c->query); break;
	case ACT_F_CLEAR: c->query[0] = '\0'; break;
	default:
		if (!is_char || ch < 32 || ch == 127 ||
		    !ui_text_append(c->query, sizeof c->query, ch))
			return false;
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
		c->meeting_opened = ui_detail_open(a, &c->det, 0,
		                                   selected_meeting(c));
		return true;
	}
	if (act == ACT_BACK) {
		c->opened = false;
		children_load(&c->base, a, true);
		return true;
	}
	return false;
}

/* Enter on a child: its record is on the record before it is shown
 * (issue 6; query_child_get): no audit entry, no record shown. */
static void open_child(children_view *c, ui_app *a)
{
	cp_error err;
	snprintf(c->open_id, sizeof c->open_id, "%s", selected_child(c));
	c->mlist.sel = c->mlist.top = 0;
	if (read_child(c, a, &err) != CP_OK) {
		ui_status(a, true, "cannot open the record: %s", err.msg);
		return;
	}
	c->opened = true;
	ui_list_fix(&c->mlist, 0, NULL, NULL);
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
	ACT_OPEN, ACT_EDIT_CHILD, ACT_BOOK, ACT_CONSULT, ACT_MOVE, ACT_OUTCOME,
	ACT_NONE
};

/* The line-by-line mode: the list, or the opened child's record, its
 * meetings (picked by number) and its history. */
static bool child_plain_row(const children_view *c, size_t i, char *buf,
                            size_t size, bool *pick)
{
	const cp_child *ch = &c->rec.c.child;
	size_t nm = c->rec.meetings.n;
	*pick = i >= 2 && i < 2 + nm;
	if (i == 0) {
		char dob[CP_DATE_STRLEN] = "?";
		if (ch->dob != CP_DATE_NONE)
			date_format(ch->dob, dob);
		snprintf(buf, size, "%s (%s), born %s; social worker %s. Meetings "
		         "(%zu):", ch->name, ch->id, dob,
		         ui_or_none(c->rec.c.sw_name), nm);
	} else if (i == 1) {
		snprintf(buf, size, "(back: the list of children)");
	} else if (i < 2 + nm) {
		const query_meeting *m = &c->rec.meetings.v[i - 2];
		char date[32], type[24];
		ui_date_long(m->meeting.date, date, sizeof date);
		ui_type_short(m->meeting.type, type, sizeof type);
		snprintf(buf, size, "%s %s, %s, chair %s", type, date,
		         meeting_status_name(m->meeting.status),
		         ui_or_none(m->chair_name));
	} else if (i == 2 + nm) {
		snprintf(buf, size, "Case and history, newest first:");
	} else if (i - 3 - nm < c->nhistory) {
		snprintf(buf, size, "%s", c->history[i - 3 - nm]);
	} else {
		return false;
	}
	return true;
}

static bool children_plain_row(const ui_view *v, ui_app *a, size_t i,
                               char *buf, size_t size, bool *pick)
{
	const children_view *c = (const children_view *)v;
	(void)a;
	if (c->opened)
		return child_plain_row(c, i, buf, size, pick);
	*pick = i > 0;
	if (i == 0)
		snprintf(buf, size, c->query[0] ? "Children matching \"%s\" "
		         "(%zu%s):" : "%sYour children (%zu%s):", c->query,
		         c->list.n, c->found.more ? " or more" : "");
	else if (i - 1 < c->list.n) {
		const query_child *row = &c->found.v[i - 1];
		char dob[CP_DATE_STRLEN] = "?";
		if (row->child.dob != CP_DATE_NONE)
			date_format(row->child.dob, dob);
		snprintf(buf, size, "%s %s, born %s, social worker %s",
		         row->child.id, row->child.name, dob,
		         ui_or_none(row->sw_name));
	} else {
		return false;
	}
	return true;
}

static void children_plain_pick(ui_view *v, ui_app *a, size_t i)
{
	children_view *c = (children_view *)v;
	(void)a;
	if (c->opened) {
		c->mlist.sel = i - 2;
		c->meeting_opened = false;
	} else {
		c->list.sel = i - 1;
	}
}

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
	.plain_row = children_plain_row,
	.plain_pick = children_plain_pick,
};

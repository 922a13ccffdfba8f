/* ui_consults.c - Consultations (the consultation procedure, 003: the LL
 * Consultation form), two lists, f between them:
 *   - what the worker logged, newest first, the selected one in full (the
 *     last two years, query_consult_list, limited; on the record as
 *     "console: consultations");
 *   - the month's case mapping (003 point 4a): to the QA administration
 *     manager (the roles the policy's case-mapping list goes to) every
 *     child on the list and each chair's load, A allocating the selected
 *     child; to a chair the children allocated to them, a logging their
 *     mapping or review.  [ and ] go a month back and on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_actions.h"
#include "ui_common.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layout.h"
#include "ui_theme.h"
#include "ui_view.h"

#define LOOKBACK_DAYS 730

typedef struct consults_view {
	ui_view base;
	bool mapping;            /* showing the month's case mapping */
	bool mode_set;           /* the worker chose (else: by role) */
	query_consults rows;     /* newest first */
	ui_list list;
	cp_date month;           /* the case mapping's month (its first day) */
	lists_mapping_due *due;  /* the month's list, as this worker sees it */
	size_t ndue;
	query_mapping_chair *chairs;
	size_t nchairs;
	ui_list mlist;
} consults_view;

/* Does the worker allocate the month's list (the roles it goes to)? */
static bool allocator(const ui_app *a)
{
	role_set to = a->cw.pol->lists[LIST_CASE_MAPPING].to;
	return a->me.is_worker && (a->me.worker.roles & to);
}

static cp_status load_logged(consults_view *v, ui_app *a)
{
	uint64_t keep = v->list.sel < v->list.n ?
	                v->rows.v[v->list.sel].consult.id : 0;
	query_consult_filter f = { .chair = a->me.worker.login,
	                           .from = a->today - LOOKBACK_DAYS,
	                           .to = QUERY_DATE_MAX, .limit = UI_ROWS_MAX,
	                           .names = true };
	query_consults read;
	cp_error err;
	cp_status st = query_consult_list(&a->cw, &f, "console: consultations",
	                                  &read, &err);
	if (st != CP_OK) {
		ui_status(a, true, "cannot read consultations: %s", err.msg);
		return st;
	}
	for (size_t i = 0; i < read.n / 2; i++) {   /* newest first */
		query_consult tmp = read.v[i];
		read.v[i] = read.v[read.n - 1 - i];
		read.v[read.n - 1 - i] = tmp;
	}
	query_consults_free(&v->rows);
	v->rows = read;
	v->list.n = read.n;
	for (size_t i = 0; keep && i < read.n; i++)
		if (read.v[i].consult.id == keep)
			v->list.sel = i;
	ui_list_fix(&v->list, 0, NULL, NULL);
	return CP_OK;
}

/* A chair sees the children allocated to them (or done by them). */
static void keep_mine(consults_view *v, const char *me)
{
	size_t keep = 0;
	for (size_t i = 0; i < v->ndue; i++) {
		if (!strcmp(v->due[i].chair, me)) {
			v->due[keep++] = v->due[i];
			continue;
		}
		free(v->due[i].child_id);
		free(v->due[i].name);
		free(v->due[i].social_worker);
		free(v->due[i].chair);
	}
	v->ndue = keep;
}

static cp_status load_mapping(consults_view *v, ui_app *a)
{
	cp_error err;
	lists_mapping_due *due = NULL;
	size_t n = 0;
	cp_status st = query_mapping_due(&a->cw, v->month,
	                                 "console: case mapping", &due, &n, &err);
	if (st != CP_OK) {
		ui_status(a, true, "cannot read the case-mapping list: %s", err.msg);
		return st;
	}
	lists_mapping_due_free(v->due, v->ndue);
	v->due = due;
	v->ndue = n;
	query_mapping_chairs_free(v->chairs, v->nchairs);
	v->chairs = NULL;
	v->nchairs = 0;
	if (allocator(a))
		st = query_mapping_chairs(&a->cw, v->month, &v->chairs,
		                          &v->nchairs, &err);
	else
		keep_mine(v, a->me.worker.login);
	if (st != CP_OK)
		ui_status(a, true, "cannot read the chairs: %s", err.msg);
	v->mlist.n = v->ndue;
	ui_list_fix(&v->mlist, 0, NULL, NULL);
	return st;
}

static cp_status consults_load(ui_view *vv, ui_app *a, bool shown)
{
	consults_view *v = (consults_view *)vv;
	(void)shown;
	if (!v->mode_set) {
		v->mapping = allocator(a);
		v->month = lists_month_first(a->today);
	}
	return v->mapping ? load_mapping(v, a) : load_logged(v, a);
}

static void draw_logged(consults_view *v, ui_app *a, int y, int h)
{
	int w = a->cols;
	char title[128];
	snprintf(title, sizeof title, "Consultations you logged (%zu)  a: log "
	         "one  f: case mapping", v->list.n);
	ui_rule(y, 0, w, title);
	if (v->list.n == 0) {
		ui_put(y + 2, 2, w - 2, A_NORMAL, false, "None yet. Press a to log "
		       "one you were consulted on (the LL Consultation form).");
		return;
	}
	int lh = (h - 1) * 55 / 100 - 1;
	if (lh < 1)
		lh = 1;
	ui_list_fix(&v->list, (size_t)lh, NULL, NULL);
	int kw = w >= 120 ? 44 : 26, cw = w >= 120 ? 26 : 18;
	attr_t head = A_BOLD | A_UNDERLINE;
	ui_put(y + 1, 1, 11, head, false, "Date");
	ui_put(y + 1, 12, kw, head, false, "Kind");
	ui_put(y + 1, 13 + kw, cw, head, false, "Child");
	ui_put(y + 1, 14 + kw + cw, w - 14 - kw - cw, head, false, "Decision");
	y++;   /* the rows below the heading row */
	for (int i = 0; i < lh && v->list.top + (size_t)i < v->list.n; i++) {
		size_t r = v->list.top + (size_t)i;
		const query_consult *row = &v->rows.v[r];
		int yy = y + 1 + i;
		attr_t at = r == v->list.sel ? ui_selected_at(yy, 0) : A_NORMAL;
		char date[CP_DATE_STRLEN];
		date_format(row->consult.date, date);
		ui_put(yy, 0, w, at, true, "");
		ui_put(yy, 1, 11, at, true, date);
		ui_put(yy, 12, kw, at, true, row->kind_title);
		ui_put(yy, 13 + kw, cw, at, true, row->child_name);
		ui_put(yy, 14 + kw + cw, w - 14 - kw - cw, at, true,
		       row->consult.decision);
	}
	const query_consult *s = v->list.sel < v->list.n ?
	                         &v->rows.v[v->list.sel] : NULL;
	int dy = y + 1 + lh;
	ui_rule(dy, 0, w, "Selected consultation");
	if (!s)
		return;
	ui_putf(dy + 1, 1, w - 1, A_BOLD, false, "%s for %s (social worker %s)",
	        s->kind_title, s->child_name, ui_or_none(s->sw_name));
	char text[UI_TEXT * 6];
	snprintf(text, sizeof text, "Took part: %s. Plan: %s. Progressing: %s. "
	         "Escalation: %s. Decision: %s. Notes: %s",
	         s->consult.took_part[0] ? s->consult.took_part : "-",
	         s->consult.plan[0] ? s->consult.plan : "-",
	         s->consult.progressing == PROGRESS_UNKNOWN ? "-" :
	         consult_progress_name(s->consult.progressing),
	         s->consult.escalation[0] ? s->consult.escalation : "-",
	         s->consult.decision[0] ? s->consult.decision : "-",
	         s->consult.notes[0] ? s->consult.notes : "-");
	ui_wrap(dy + 2, 1, w - 1, y + h, A_NORMAL, text);
}

/* The chairs' load, one line: "Cleo Chair 3/1/2  Dev Chair ..." */
static void draw_chairs(consults_view *v, int y, int w)
{
	char line[UI_TEXT * 2];
	size_t used = (size_t)snprintf(line, sizeof line, "Chairs (open/done/"
	                               "conferences):");
	for (size_t i = 0; i < v->nchairs && used < sizeof line; i++)
		used += (size_t)snprintf(line + used, sizeof line - used,
		                         "  %s %u/%u/%u", v->chairs[i].name,
		                         v->chairs[i].allocated, v->chairs[i].done,
		                         v->chairs[i].conferences);
	ui_put(y, 1, w - 1, A_NORMAL, true, line);
}

static void mapping_row(const lists_mapping_due *e, int yy, int w, attr_t at)
{
	char due[CP_DATE_STRLEN] = "-";
	if (e->due != CP_DATE_NONE)
		date_format(e->due, due);
	const char *state = e->carried_from != CP_DATE_NONE &&
	                    e->state == MAPPING_TO_ALLOCATE ? "carried" :
	                    mapping_state_name(e->state);
	int nw = w >= 100 ? 30 : 18;
	ui_put(yy, 0, w, at, true, "");
	ui_put(yy, 1, 10, at, true, e->child_id);
	ui_put(yy, 12, nw, at, true, e->name);
	ui_put(yy, 13 + nw, 7, at, true, e->work == CYCLE_REVIEW ? "review"
	                                                         : "map");
	ui_put(yy, 21 + nw, 12, at, true, state);
	ui_put(yy, 34 + nw, 11, at, true, due);
	ui_put(yy, 46 + nw, w - 46 - nw, at, true, e->chair);
}

static void draw_mapping(consults_view *v, ui_app *a, int y, int h)
{
	int w = a->cols, yy = y + 1;
	char title[160], m[CP_DATE_STRLEN];
	date_format(v->month, m);
	m[7] = '\0';   /* YYYY-MM */
	bool alloc = allocator(a);
	snprintf(title, sizeof title, "Case mapping %s (%zu)  %s f: logged  "
	         "[ ]: month", m, v->ndue, alloc ? "A: allocate" : "a: record");
	ui_rule(y, 0, w, title);
	if (alloc)
		draw_chairs(v, yy++, w);
	if (v->ndue == 0) {
		ui_put(yy + 1, 2, w - 2, A_NORMAL, false, alloc ?
		       "No child on this month's list." :
		       "No case mapping allocated to you this month.");
		return;
	}
	int lh = h - (yy - y) - 4;
	if (lh < 1)
		lh = 1;
	ui_list_fix(&v->mlist, (size_t)lh, NULL, NULL);
	int nw = w >= 100 ? 30 : 18;
	attr_t head = A_BOLD | A_UNDERLINE;
	ui_put(yy, 1, 10, head, false, "Child");
	ui_put(yy, 12, nw, head, false, "Name");
	ui_put(yy, 13 + nw, 7, head, false, "Work");
	ui_put(yy, 21 + nw, 12, head, false, "State");
	ui_put(yy, 34 + nw, 11, head, false, "Due");
	ui_put(yy, 46 + nw, w - 46 - nw, head, false, "Chair");
	for (int i = 0; i < lh && v->mlist.top + (size_t)i < v->mlist.n; i++) {
		size_t r = v->mlist.top + (size_t)i;
		mapping_row(&v->due[r], yy + 1 + i, w, r == v->mlist.sel ?
		            ui_selected_at(yy + 1 + i, 0) : A_NORMAL);
	}
	const lists_mapping_due *s = v->mlist.sel < v->ndue ?
	                             &v->due[v->mlist.sel] : NULL;
	int dy = yy + 1 + lh;
	if (!s)
		return;
	char cin[CP_DATE_STRLEN], last[CP_DATE_STRLEN] = "never";
	char carried[CP_DATE_STRLEN + 32] = "";
	date_format(s->cin_since, cin);
	if (s->last_mapped != CP_DATE_NONE)
		date_format(s->last_mapped, last);
	if (s->carried_from != CP_DATE_NONE) {
		char d[CP_DATE_STRLEN];
		date_format(s->carried_from, d);
		snprintf(carried, sizeof carried, "; not done by %s", d);
	}
	char text[UI_TEXT * 2];
	snprintf(text, sizeof text, "%s: in need since %s; last mapped %s%s; "
	         "social worker %s", s->name, cin, last, carried,
	         s->social_worker);
	ui_rule(dy, 0, w, "Selected child");
	ui_wrap(dy + 1, 1, w - 1, y + h, A_NORMAL, text);
}

static void consults_draw(ui_view *vv, ui_app *a, int y, int h)
{
	consults_view *v = (consults_view *)vv;
	if (v->mapping)
		draw_mapping(v, a, y, h);
	else
		draw_logged(v, a, y, h);
}

static bool mapping_key(consults_view *v, ui_app *a, ui_action act)
{
	const lists_mapping_due *s = v->mlist.sel < v->ndue ?
	                             &v->due[v->mlist.sel] : NULL;
	if (act == ACT_EARLIER || act == ACT_LATER) {
		v->month = lists_month_first(v->month + (act == ACT_LATER ? 31 : -1));
		load_mapping(v, a);
		return true;
	}
	if (act == ACT_ALLOCATE) {
		if (!allocator(a))
			ui_status(a, true, "the QA administration manager allocates "
			          "the month's case mapping");
		else if (s && s->state == MAPPING_DONE)
			ui_status(a, true, "%s's case was %s this month", s->name,
			          s->work == CYCLE_REVIEW ? "reviewed" : "mapped");
		else if (s)
			ui_action_mapping_allocate(a, s->child_id, s->name,
			                           s->work == CYCLE_REVIEW, v->month);
		return true;
	}
	if (act == ACT_CONSULT && s) {
		const policy_consultation_kind *k =
		    lists_cycle_kind(a->cw.pol, s->work);
		ui_action_consult_kind(a, s->child_id, k ? k->id : NULL);
		return true;
	}
	return ui_list_key(&v->mlist, act, ui_body_height(a) / 2, NULL, v);
}

static bool consults_key(ui_view *vv, ui_app *a, ui_action act, int ch,
                         bool is_char)
{
	consults_view *v = (consults_view *)vv;
	(void)ch;
	(void)is_char;
	if (act == ACT_FILTER) {
		v->mapping = !v->mapping;
		v->mode_set = true;
		consults_load(vv, a, true);
		return true;
	}
	if (v->mapping)
		return mapping_key(v, a, act);
	return ui_list_key(&v->list, act, ui_body_height(a) / 2, NULL, v);
}

static void consults_selected(const ui_view *vv, ui_sel *out)
{
	const consults_view *v = (const consults_view *)vv;
	/* a logs one for the case-mapping list's child; from the logged
	 * list, the form starts empty (its lookup is a read on the record) */
	if (v->mapping && v->mlist.sel < v->ndue)
		out->child_id = v->due[v->mlist.sel].child_id;
}

static void consults_free(ui_view *vv)
{
	consults_view *v = (consults_view *)vv;
	query_consults_free(&v->rows);
	lists_mapping_due_free(v->due, v->ndue);
	query_mapping_chairs_free(v->chairs, v->nchairs);
}

/* The line-by-line mode: the list shown, its title first, then a row
 * a consultation (or a child of the month's case mapping) in words. */
static bool consults_plain_row(const ui_view *vv, ui_app *a, size_t i,
                               char *buf, size_t size, bool *pick)
{
	const consults_view *v = (const consults_view *)vv;
	*pick = i > 0;
	if (i == 0) {
		char m[CP_DATE_STRLEN];
		date_format(v->month, m);
		m[7] = '\0';
		if (v->mapping)
			snprintf(buf, size, "Case mapping %s, %zu children%s (filter: "
			         "the consultations you logged; earlier, later: a "
			         "month):", m, v->ndue, allocator(a) ?
			         "; allocate N gives one to a chair" :
			         " allocated to you; consult N records one");
		else
			snprintf(buf, size, "Consultations you logged, %zu (filter: the "
			         "month's case mapping):", v->list.n);
		return true;
	}
	if (v->mapping) {
		if (i - 1 >= v->ndue)
			return false;
		const lists_mapping_due *e = &v->due[i - 1];
		char due[CP_DATE_STRLEN] = "-";
		if (e->due != CP_DATE_NONE)
			date_format(e->due, due);
		snprintf(buf, size, "%s (%s): %s, %s%s%s, due %s",
		         e->name, e->child_id, e->work == CYCLE_REVIEW ? "review"
		         : "map", e->carried_from != CP_DATE_NONE &&
		         e->state == MAPPING_TO_ALLOCATE ? "carried" :
		         mapping_state_name(e->state), *e->chair ? " to " : "",
		         e->chair, due);
		return true;
	}
	if (i - 1 >= v->list.n)
		return false;
	const query_consult *r = &v->rows.v[i - 1];
	char date[CP_DATE_STRLEN];
	date_format(r->consult.date, date);
	snprintf(buf, size, "%s: %s for %s; decision: %s", date, r->kind_title,
	         r->child_name, r->consult.decision[0] ? r->consult.decision
	                                               : "-");
	return true;
}

static void consults_plain_pick(ui_view *vv, ui_app *a, size_t i)
{
	consults_view *v = (consults_view *)vv;
	(void)a;
	if (v->mapping)
		v->mlist.sel = i - 1;
	else
		v->list.sel = i - 1;
}

static const ui_action consults_hints[] = {
	ACT_CONSULT, ACT_ALLOCATE, ACT_NONE
};

const ui_view_class ui_consults_class = {
	.name = "Consultations",
	.short_name = "Consult",
	.size = sizeof(consults_view),
	.hints = consults_hints,
	.load = consults_load,
	.draw = consults_draw,
	.key = consults_key,
	.selected = consults_selected,
	.free = consults_free,
	.plain_row = consults_plain_row,
	.plain_pick = consults_plain_pick,
};

/* ui_consults.c - Consultations: what a chair logged (the consultation
 * procedure, 003: the LL Consultation form), newest first, with the selected one in full.
 * The chair's consultations of the last two years (query_consult_list,
 * limited), on the record as "console: consultations". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_common.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layout.h"
#include "ui_theme.h"
#include "ui_view.h"

#define LOOKBACK_DAYS 730

typedef struct consults_view {
	ui_view base;
	query_consults rows;     /* newest first */
	ui_list list;
} consults_view;

static cp_status consults_load(ui_view *vv, ui_app *a, bool shown)
{
	consults_view *v = (consults_view *)vv;
	(void)shown;
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

static void consults_draw(ui_view *vv, ui_app *a, int y, int h)
{
	consults_view *v = (consults_view *)vv;
	int w = a->cols;
	char title[96];
	snprintf(title, sizeof title, "Consultations you logged (%zu)  a: log one",
	         v->list.n);
	ui_rule(y, 0, w, title);
	if (v->list.n == 0) {
		bool chair = a->me.worker.roles & (ROLE_BIT(ROLE_CP_CHAIR) |
		                            ROLE_BIT(ROLE_IRO));
		ui_put(y + 2, 2, w - 2, A_NORMAL, false, chair ?
		       "None yet. Press a to log a case-mapping or strategy "
		       "consultation." :
		       "Consultations are logged by CP chairs and IROs.");
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
	char text[UI_TEXT * 5];
	snprintf(text, sizeof text, "Decision: %s", s->consult.decision);
	int ny = ui_wrap(dy + 2, 1, w - 1, y + h, A_NORMAL, text);
	snprintf(text, sizeof text, "Notes: %s",
	         s->consult.notes[0] ? s->consult.notes : "-");
	ui_wrap(ny, 1, w - 1, y + h, A_NORMAL, text);
}

static bool consults_key(ui_view *vv, ui_app *a, ui_action act, int ch,
                         bool is_char)
{
	consults_view *v = (consults_view *)vv;
	(void)ch;
	(void)is_char;
	return ui_list_key(&v->list, act, ui_body_height(a) / 2, NULL, v);
}


static void consults_free(ui_view *vv)
{
	query_consults_free(&((consults_view *)vv)->rows);
}

static const ui_action consults_hints[] = { ACT_CONSULT, ACT_NONE };

const ui_view_class ui_consults_class = {
	.name = "Consultations",
	.short_name = "Consult",
	.size = sizeof(consults_view),
	.hints = consults_hints,
	.load = consults_load,
	.draw = consults_draw,
	.key = consults_key,
	.free = consults_free,
};

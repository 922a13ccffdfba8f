/* ui_consults.c - Consultations: what a chair logged (seed 003: the LL
 * Consultation form), newest first, with the selected one in full.
 * One range scan of the chair's consultations index, limited. */
#include <stdlib.h>
#include <string.h>

#include "ui_common.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layout.h"
#include "ui_theme.h"
#include "ui_view.h"

#define LOOKBACK_DAYS 730

typedef struct corow {
	uint64_t id;
	cp_date date;
	char kind[UI_TEXT];
	char child[UI_NAME];
	char sw[UI_NAME];
	char decision[UI_TEXT * 2];
	char notes[UI_TEXT * 2];
} corow;

typedef struct consults_view {
	ui_view base;
	corow *rows;
	ui_list list;
} consults_view;

typedef struct coscan {
	ui_app *a;
	store_txn *t;
	corow *rows;
	size_t n;
	bool oom;
} coscan;

static bool take(void *ctx, const cp_consult *k)
{
	coscan *s = ctx;
	corow *r = realloc(s->rows, (s->n + 1) * sizeof *r);
	if (!r) {
		s->oom = true;
		return false;
	}
	s->rows = r;
	r = &r[s->n++];
	memset(r, 0, sizeof *r);
	r->id = k->id;
	r->date = k->date;
	const policy_consultation_kind *pk =
		policy_consult_kind_find(s->a->cw.pol, k->kind);
	ui_copy(r->kind, sizeof r->kind, pk ? pk->title : k->kind);
	cp_child c = { 0 };
	bool found = false;
	cp_error err;
	if (store_child_get(s->t, k->child_id, &c, &found, &err) == CP_OK &&
	    found) {
		char name[UI_NAME];
		ui_copy(name, sizeof name, c.name);
		snprintf(r->child, sizeof r->child, "%s", name);
	} else {
		ui_copy(r->child, sizeof r->child, k->child_id);
	}
	cp_child_free(&c);
	ui_worker_name(s->t, k->social_worker, r->sw, sizeof r->sw);
	ui_copy(r->decision, sizeof r->decision, k->decision);
	ui_copy(r->notes, sizeof r->notes, k->notes);
	return true;
}

static cp_status consults_load(ui_view *vv, ui_app *a, bool shown)
{
	consults_view *v = (consults_view *)vv;
	(void)shown;
	uint64_t keep = v->list.sel < v->list.n ? v->rows[v->list.sel].id : 0;
	store_txn *t = ui_read_begin(a);
	if (!t)
		return CP_FAILED;
	coscan s = { .a = a, .t = t };
	cp_error err;
	cp_status st = store_consults_for_chair(t, a->me.login,
	        a->today - LOOKBACK_DAYS, STORE_DATE_MAX, UI_ROWS_MAX, take, &s,
	        &err);
	store_read_end(t);
	if (st == CP_OK && s.oom)
		st = cp_oom(&err);
	if (st != CP_OK) {
		free(s.rows);
		ui_status(a, true, "cannot read consultations: %s", err.msg);
		return st;
	}
	/* newest first */
	for (size_t i = 0; i < s.n / 2; i++) {
		corow tmp = s.rows[i];
		s.rows[i] = s.rows[s.n - 1 - i];
		s.rows[s.n - 1 - i] = tmp;
	}
	free(v->rows);
	v->rows = s.rows;
	v->list.n = s.n;
	for (size_t i = 0; keep && i < s.n; i++)
		if (s.rows[i].id == keep)
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
		bool chair = a->me.roles & (ROLE_BIT(ROLE_CP_CHAIR) |
		                            ROLE_BIT(ROLE_IRO));
		ui_put(y + 2, 2, w - 2, A_NORMAL, false, chair ?
		       "None yet. Press a to log a case-mapping or strategy "
		       "consultation." :
		       "Consultations are logged by CP chairs and IROs.");
		return;
	}
	int lh = (h - 1) * 55 / 100;
	ui_list_fix(&v->list, (size_t)lh, NULL, NULL);
	int kw = w >= 120 ? 44 : 26, cw = w >= 120 ? 26 : 18;
	for (int i = 0; i < lh && v->list.top + (size_t)i < v->list.n; i++) {
		size_t r = v->list.top + (size_t)i;
		const corow *row = &v->rows[r];
		attr_t at = r == v->list.sel ? ui_theme(TH_SELECTED) : A_NORMAL;
		char date[CP_DATE_STRLEN];
		date_format(row->date, date);
		int yy = y + 1 + i;
		ui_put(yy, 0, w, at, true, "");
		ui_put(yy, 1, 11, at, true, date);
		ui_put(yy, 12, kw, at, true, row->kind);
		ui_put(yy, 13 + kw, cw, at, true, row->child);
		ui_put(yy, 14 + kw + cw, w - 14 - kw - cw, at, true, row->decision);
	}
	const corow *s = v->list.sel < v->list.n ? &v->rows[v->list.sel] : NULL;
	int dy = y + 1 + lh;
	ui_rule(dy, 0, w, "Selected consultation");
	if (!s)
		return;
	ui_putf(dy + 1, 1, w - 1, A_BOLD, false, "%s for %s (social worker %s)",
	        s->kind, s->child, s->sw);
	char text[UI_TEXT * 5];
	snprintf(text, sizeof text, "Decision: %s", s->decision);
	int ny = ui_wrap(dy + 2, 1, w - 1, y + h, A_NORMAL, text);
	snprintf(text, sizeof text, "Notes: %s", s->notes[0] ? s->notes : "-");
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
	free(((consults_view *)vv)->rows);
}

static const ui_action consults_hints[] = { ACT_CONSULT, ACT_NONE };

const ui_view_class ui_consults_class = {
	.name = "Consultations",
	.size = sizeof(consults_view),
	.hints = consults_hints,
	.load = consults_load,
	.draw = consults_draw,
	.key = consults_key,
	.free = consults_free,
};

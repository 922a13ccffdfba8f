/* ui_layout.c - a cursor over rows, some of them headings.
 *
 * Views keep rows (tasks grouped under "Overdue", meetings under their
 * day); the cursor skips headings and scrolls so that it stays visible,
 * showing the heading above it where it can. */
#include "ui_keys.h"
#include "ui_layout.h"

static bool selectable(const ui_list *l, size_t i, ui_row_ok ok,
                       const void *ctx)
{
	return i < l->n && (!ok || ok(ctx, i));
}

void ui_list_move(ui_list *l, long delta, ui_row_ok ok, const void *ctx)
{
	if (l->n == 0)
		return;
	long step = delta < 0 ? -1 : 1;
	long target = (long)l->sel + delta;
	if (target < 0)
		target = 0;
	if (target >= (long)l->n)
		target = (long)l->n - 1;
	/* from the target onwards in the direction of travel, then back */
	for (long i = target; i >= 0 && i < (long)l->n; i += step)
		if (selectable(l, (size_t)i, ok, ctx)) {
			l->sel = (size_t)i;
			return;
		}
	for (long i = target; i >= 0 && i < (long)l->n; i -= step)
		if (selectable(l, (size_t)i, ok, ctx)) {
			l->sel = (size_t)i;
			return;
		}
}

void ui_list_home(ui_list *l, bool end, ui_row_ok ok, const void *ctx)
{
	if (l->n == 0)
		return;
	l->sel = end ? l->n - 1 : 0;
	ui_list_move(l, 0, ok, ctx);
	if (!selectable(l, l->sel, ok, ctx))
		ui_list_move(l, end ? -1 : 1, ok, ctx);
	if (!end)
		l->top = 0;
}

void ui_list_fix(ui_list *l, size_t height, ui_row_ok ok, const void *ctx)
{
	if (l->n == 0) {
		l->sel = l->top = 0;
		return;
	}
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (!selectable(l, l->sel, ok, ctx)) {
		size_t s = l->sel;
		ui_list_move(l, 1, ok, ctx);
		if (!selectable(l, l->sel, ok, ctx) || l->sel == s)
			ui_list_move(l, -1, ok, ctx);
	}
	if (height == 0)
		return;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + height)
		l->top = l->sel - height + 1;
	/* keep the heading just above the cursor on screen */
	if (l->sel > 0 && l->top == l->sel && !selectable(l, l->sel - 1, ok, ctx))
		l->top = l->sel - 1;
	if (l->top + height > l->n)
		l->top = l->n > height ? l->n - height : 0;
	if (l->sel < l->top)
		l->top = l->sel;
}

bool ui_list_key(ui_list *l, int action, long page, ui_row_ok ok,
                 const void *ctx)
{
	switch (action) {
	case ACT_UP: ui_list_move(l, -1, ok, ctx); return true;
	case ACT_DOWN: ui_list_move(l, 1, ok, ctx); return true;
	case ACT_PGUP: ui_list_move(l, -(page > 0 ? page : 1), ok, ctx); return true;
	case ACT_PGDN: ui_list_move(l, page > 0 ? page : 1, ok, ctx); return true;
	case ACT_TOP: ui_list_home(l, false, ok, ctx); return true;
	case ACT_BOTTOM: ui_list_home(l, true, ok, ctx); return true;
	default: return false;
	}
}

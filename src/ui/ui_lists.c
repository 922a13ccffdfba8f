/* ui_lists.c - Lists: the management lists (lists.h) for the week of the
 * console's today, as the same text `cpdesk list NAME` prints, scrollable.
 * Enter (or l) shows the next list, h (or Esc) the one before; the
 * movement keys scroll.  Start the console with --today DATE to see the
 * lists for another date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_theme.h"

void ui_lists_free(ui_lists *l)
{
	if (l->table) {
		list_table_free(l->table);
		free(l->table);
	}
	free(l->text);
	free(l->lines);
	int kind = l->kind;
	memset(l, 0, sizeof *l);
	l->kind = kind;
}

static cp_status split_lines(ui_lists *l)
{
	size_t n = 0;
	for (const char *p = l->text; *p; p++)
		if (*p == '\n')
			n++;
	l->lines = calloc(n + 1, sizeof *l->lines);
	if (!l->lines)
		return CP_FAILED;
	char *p = l->text;
	l->nlines = 0;
	while (*p) {
		l->lines[l->nlines++] = p;
		char *e = strchr(p, '\n');
		if (!e)
			break;
		*e = '\0';
		p = e + 1;
	}
	return CP_OK;
}

cp_status ui_lists_load(ui_app *a)
{
	ui_lists *l = &a->li;
	size_t top = l->top;
	ui_lists_free(l);
	list_table *lt = calloc(1, sizeof *lt);
	if (!lt)
		return CP_FAILED;
	store_txn *t = ui_read_begin(a);
	if (!t) {
		free(lt);
		return CP_FAILED;
	}
	cp_error err;
	cp_status st = lists_build_txn(&a->cw, t, (policy_list_kind)l->kind,
	                               a->today, a->today, lt, &err);
	store_read_end(t);
	if (st != CP_OK) {
		free(lt);
		ui_status(a, true, "cannot build the list: %s", err.msg);
		return st;
	}
	l->table = lt;
	if ((st = lists_render(lt, LIST_FMT_TEXT, &l->text, NULL, &err)) != CP_OK ||
	    (st = split_lines(l)) != CP_OK) {
		ui_lists_free(l);
		ui_status(a, true, "cannot show the list: out of memory");
		return CP_FAILED;
	}
	l->loaded = true;
	l->top = top < l->nlines ? top : 0;
	return CP_OK;
}

void ui_lists_draw(ui_app *a, int y, int h)
{
	ui_lists *l = &a->li;
	int w = a->cols, ymax = y + h;
	char head[160];
	snprintf(head, sizeof head, "Lists: %s  (Enter: next list, h: previous)",
	         policy_list_name((policy_list_kind)l->kind));
	ui_rule(y, 0, w, head);
	y++;
	if (!l->loaded) {
		ui_put(y + 1, 2, w - 4, A_BOLD, false, "The list could not be built.");
		return;
	}
	size_t rows = ymax > y ? (size_t)(ymax - y) : 0;
	if (l->nlines > rows && l->top > l->nlines - rows)
		l->top = l->nlines - rows;
	for (size_t i = 0; i < rows && l->top + i < l->nlines; i++) {
		const char *s = l->lines[l->top + i];
		attr_t at = A_NORMAL;
		if (l->top + i == 0 || !strncmp(s, "Service manager:", 16) ||
		    !strncmp(s, "Due a case", 10) || !strncmp(s, "Case mappings", 13))
			at = ui_theme(TH_HEADING);
		ui_put(y + (int)i, 1, w - 2, at, false, s);
	}
}

bool ui_lists_key(ui_app *a, int action)
{
	ui_lists *l = &a->li;
	size_t page = (size_t)(ui_body_height(a) > 4 ? ui_body_height(a) - 2 : 1);
	switch (action) {
	case ACT_OPEN:
	case ACT_BACK:
		l->kind = (l->kind + (action == ACT_OPEN ? 1 : LIST_COUNT - 1)) %
		          LIST_COUNT;
		l->top = 0;
		ui_lists_load(a);
		return true;
	case ACT_DOWN: if (l->top + 1 < l->nlines) l->top++; return true;
	case ACT_UP: if (l->top) l->top--; return true;
	case ACT_PGDN:
		l->top = l->top + page < l->nlines ? l->top + page : l->top;
		return true;
	case ACT_PGUP: l->top = l->top > page ? l->top - page : 0; return true;
	case ACT_TOP: l->top = 0; return true;
	case ACT_BOTTOM: l->top = l->nlines ? l->nlines - 1 : 0; return true;
	default: return false;
	}
}

/* ui_lists.c - Lists: the management lists (lists.h) for the week of the
 * console's today, as the same text `cpdesk list NAME` prints, scrollable.
 * Enter (or l) shows the next list, h (or Esc) the one before; the
 * movement keys scroll.  Start the console with --today DATE to see the
 * lists for another date.  The children a list names are on the record
 * as "console: lists" (query_list). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "ui_common.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_theme.h"
#include "ui_view.h"

typedef struct lists_view {
	ui_view base;
	int kind;                  /* policy_list_kind shown */
	bool loaded;
	list_table *table;         /* owned */
	char *text;                /* the rendered text, owned */
	char **lines;              /* into text */
	size_t nlines, top;
} lists_view;

/* Frees what was built; keeps which list is shown. */
static void unload(lists_view *l)
{
	if (l->table) {
		list_table_free(l->table);
		free(l->table);
	}
	free(l->text);
	free(l->lines);
	l->table = NULL;
	l->text = NULL;
	l->lines = NULL;
	l->nlines = l->top = 0;
	l->loaded = false;
}

static cp_status split_lines(lists_view *l)
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

static cp_status lists_load(ui_view *v, ui_app *a, bool shown)
{
	lists_view *l = (lists_view *)v;
	size_t top = l->top;
	(void)shown;
	unload(l);
	list_table *lt = calloc(1, sizeof *lt);
	if (!lt)
		return CP_FAILED;
	cp_error err;
	cp_status st = query_list(&a->cw, (policy_list_kind)l->kind, a->today,
	                          a->today, "console: lists", lt, &err);
	if (st != CP_OK) {
		free(lt);
		ui_status(a, true, "cannot build the list: %s", err.msg);
		return st;
	}
	l->table = lt;
	if ((st = lists_render(lt, LIST_FMT_TEXT, &l->text, NULL, &err)) != CP_OK ||
	    (st = split_lines(l)) != CP_OK) {
		unload(l);
		ui_status(a, true, "cannot show the list: out of memory");
		return CP_FAILED;
	}
	l->loaded = true;
	l->top = top < l->nlines ? top : 0;
	return CP_OK;
}

static void lists_draw(ui_view *v, ui_app *a, int y, int h)
{
	lists_view *l = (lists_view *)v;
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

static bool lists_key(ui_view *v, ui_app *a, ui_action action, int ch,
                      bool is_char)
{
	lists_view *l = (lists_view *)v;
	(void)ch;
	(void)is_char;
	size_t page = (size_t)(ui_body_height(a) > 4 ? ui_body_height(a) - 2 : 1);
	switch (action) {
	case ACT_OPEN:
	case ACT_BACK:
		l->kind = (l->kind + (action == ACT_OPEN ? 1 : LIST_COUNT - 1)) %
		          LIST_COUNT;
		l->top = 0;
		lists_load(v, a, true);
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


static void lists_free(ui_view *v)
{
	unload((lists_view *)v);
}

static const ui_action lists_hints[] = { ACT_NONE };

const ui_view_class ui_lists_class = {
	.name = "Lists",
	.size = sizeof(lists_view),
	.hints = lists_hints,
	.load = lists_load,
	.draw = lists_draw,
	.key = lists_key,
	.free = lists_free,
};

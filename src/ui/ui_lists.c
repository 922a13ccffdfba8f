/* ui_lists.c - Lists: the management lists (lists.h) for the week of the
 * console's today, the rows `cpdesk list NAME` prints, as a table that
 * scrolls both ways.  Enter (or l) shows the next list, h (or Esc) the
 * one before; Up/Down and the page keys scroll the rows, Left/Right the
 * columns (< and > jump to the first and the last), c chooses the
 * columns shown and their order.  The first column shown stays put as
 * the others scroll, so a row stays known.
 *
 * The week, fortnight and month lists put the report's state among the
 * first columns (Swindon's procedure, 004: the Monday list "highlighting
 * the status of the report"): at 80 columns, date, child, type, chair,
 * report (and time, when the names leave room): no column is wider than
 * LV_CELL_MAX, so those five always fit.  The choice of columns is kept
 * for each list for the session (the view lives as long as the
 * console).  Start the console with --today DATE to see the lists for
 * another date.  The children a list names are on the record as
 * "console: lists" (query_list). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "text.h"
#include "ui_common.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_theme.h"
#include "ui_view.h"

#define LV_COLS 16        /* the most columns a list has */
#define LV_CELL_MAX 24    /* a column is never wider: the rest is cut ~ */

/* Which columns a list shows, in what order: kept for the session. */
typedef struct col_choice {
	bool set;                  /* filled in from the list's columns */
	size_t n;                  /* the list's columns */
	size_t order[LV_COLS];     /* column index by place */
	bool shown[LV_COLS];       /* by column index */
} col_choice;

/* A line of the table: a group's heading, the heading row, or a row. */
typedef struct lv_line {
	const char *group;         /* a group heading, or NULL */
	const list_row *row;       /* a row, or NULL (with group NULL: the
	                              column headings) */
} lv_line;

typedef struct lists_view {
	ui_view base;
	int kind;                  /* policy_list_kind shown */
	bool loaded;
	list_table *table;         /* owned */
	lv_line *lines;            /* owned; into table */
	size_t nlines, top;
	size_t left;               /* places scrolled past the first shown */
	col_choice cols[LIST_COUNT];
	bool choosing;             /* the column chooser is open */
	size_t choice_at;          /* its cursor: a place */
	bool moving;               /* its cursor's column moves with it */
} lists_view;

/* The meeting lists' first columns by default: the report among them. */
static const char *const meeting_first[] = {
	"date", "child", "type", "chair", "report", "time", "name",
	"social_worker", "service_manager", "status", "report_due",
	"agency_reports", NULL
};

static bool is_meeting_list(int kind)
{
	return kind == LIST_WEEK || kind == LIST_FORTNIGHT || kind == LIST_MONTH;
}

static void choice_init(col_choice *c, const list_table *lt, int kind)
{
	size_t n = lt->ncols < LV_COLS ? lt->ncols : LV_COLS, k = 0;
	bool placed[LV_COLS] = { false };
	for (size_t i = 0; is_meeting_list(kind) && meeting_first[i]; i++)
		for (size_t j = 0; j < n; j++)
			if (!placed[j] && !strcmp(lt->cols[j], meeting_first[i])) {
				c->order[k++] = j;
				placed[j] = true;
			}
	for (size_t j = 0; j < n; j++)
		if (!placed[j])
			c->order[k++] = j;
	for (size_t j = 0; j < n; j++)
		c->shown[j] = true;
	c->n = n;
	c->set = true;
}

/* Frees what was built; keeps which list is shown and the choices. */
static void unload(lists_view *l)
{
	if (l->table) {
		list_table_free(l->table);
		free(l->table);
	}
	free(l->lines);
	l->table = NULL;
	l->lines = NULL;
	l->nlines = 0;
	l->loaded = false;
}

/* The table as lines: the headings, then the rows, a group's heading
 * (and the column headings again) where the group changes. */
static cp_status lay_out(lists_view *l)
{
	const list_table *lt = l->table;
	l->lines = calloc(2 * lt->nrows + 2, sizeof *l->lines);
	if (!l->lines)
		return CP_FAILED;
	const char *group = NULL;
	bool groups = false;
	for (size_t r = 0; r < lt->nrows; r++)
		groups = groups || *lt->rows[r].group;
	if (!groups && lt->nrows)
		l->lines[l->nlines++] = (lv_line){ NULL, NULL };
	for (size_t r = 0; r < lt->nrows; r++) {
		const list_row *row = &lt->rows[r];
		if (*row->group && (!group || strcmp(group, row->group))) {
			group = row->group;
			l->lines[l->nlines++] = (lv_line){ group, NULL };
			l->lines[l->nlines++] = (lv_line){ NULL, NULL };
		}
		l->lines[l->nlines++] = (lv_line){ NULL, row };
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
	if (lay_out(l) != CP_OK) {
		unload(l);
		ui_status(a, true, "cannot show the list: out of memory");
		return CP_FAILED;
	}
	col_choice *c = &l->cols[l->kind];
	if (!c->set || c->n != (lt->ncols < LV_COLS ? lt->ncols : LV_COLS))
		choice_init(c, lt, l->kind);
	l->loaded = true;
	l->top = top < l->nlines ? top : 0;
	return CP_OK;
}

/* The columns shown, in order (indexes); their count. */
static size_t shown_cols(const lists_view *l, size_t out[LV_COLS])
{
	const col_choice *c = &l->cols[l->kind];
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->shown[c->order[i]])
			out[n++] = c->order[i];
	return n;
}

/* A column's width: its widest cell or heading, at most LV_CELL_MAX. */
static int col_width(const list_table *lt, size_t col)
{
	int w = text_width(lt->cols[col]);
	for (size_t r = 0; r < lt->nrows; r++) {
		int k = text_width(lt->rows[r].cells[col]);
		if (k > w)
			w = k;
	}
	return w < LV_CELL_MAX ? w : LV_CELL_MAX;
}

/* The places drawn after the first: from `left`, while they fit. */
typedef struct lv_span {
	size_t cols[LV_COLS];      /* column indexes drawn, the first first */
	int width[LV_COLS];
	size_t n;
	size_t shown;              /* columns shown in all */
	bool more_right;           /* columns past the right edge */
} lv_span;

static void plan_span(const lists_view *l, int w, lv_span *s)
{
	size_t order[LV_COLS];
	memset(s, 0, sizeof *s);
	s->shown = shown_cols(l, order);
	if (!s->shown)
		return;
	int used = 0;
	for (size_t p = 0; p < s->shown; p++) {
		if (p && p < 1 + l->left)
			continue;   /* scrolled past */
		int cw = col_width(l->table, order[p]);
		if (used + cw > w && s->n > 1) {
			s->more_right = true;
			break;
		}
		if (used + cw > w)
			cw = w - used;   /* the first two always show, cut */
		s->cols[s->n] = order[p];
		s->width[s->n++] = cw;
		used += cw + 2;
		if (used >= w && p + 1 < s->shown) {
			s->more_right = true;
			break;
		}
	}
}

static void draw_line(const lists_view *l, const lv_line *ln,
                      const lv_span *s, int y, int x, int w)
{
	if (ln->group) {
		ui_put(y, x, w, ui_theme(TH_HEADING), true, ln->group);
		return;
	}
	attr_t at = ln->row ? (ln->row->late ? ui_theme(TH_OVERDUE) : A_NORMAL)
	                    : A_BOLD | A_UNDERLINE;
	int cx = x;
	for (size_t i = 0; i < s->n && cx < x + w; i++) {
		char cell[256];
		const char *src = ln->row ? ln->row->cells[s->cols[i]]
		                          : l->table->cols[s->cols[i]];
		lists_fit_cell(src, s->width[i], cell, sizeof cell);
		ui_put(y, cx, x + w - cx, at, false, cell);
		cx += s->width[i] + 2;
	}
}

static void draw_chooser(const lists_view *l, int y, int h, int w)
{
	const col_choice *c = &l->cols[l->kind];
	int bw = 50, bx = w - bw - 1, by = y + 1;
	int rows = h - 2 < (int)c->n + 2 ? h - 2 : (int)c->n + 2;
	ui_clear(by, bx, rows + 1, bw);
	ui_put(by, bx, bw, ui_theme(TH_HEADING), true,
	       " Columns: Space show/hide, m move, Enter: done");
	size_t first = l->choice_at >= (size_t)rows - 1 ?
	               l->choice_at - (size_t)rows + 2 : 0;
	for (int i = 1; i < rows && first + (size_t)i - 1 < c->n; i++) {
		size_t p = first + (size_t)i - 1, col = c->order[p];
		bool cur = p == l->choice_at;
		ui_putf(by + i, bx, bw,
		        cur ? ui_selected_at(by + i, bx) : ui_theme(TH_FORM), true,
		        " %s [%c] %s%s", cur && l->moving ? "<>" : "  ",
		        c->shown[col] ? 'x' : ' ', l->table->cols[col],
		        cur && l->moving ? "  (Up/Down moves it)" : "");
	}
}

static void lists_draw(ui_view *v, ui_app *a, int y, int h)
{
	lists_view *l = (lists_view *)v;
	int w = a->cols, ymax = y + h;
	char head[200];
	snprintf(head, sizeof head, "Lists: %s  (Enter next list, Left/Right "
	         "columns, c choose)", policy_list_name((policy_list_kind)l->kind));
	ui_rule(y++, 0, w, head);
	if (!l->loaded) {
		ui_put(y + 1, 2, w - 4, A_BOLD, false, "The list could not be built.");
		return;
	}
	const list_table *lt = l->table;
	char asof[CP_DATE_STRLEN];
	date_format(lt->today, asof);
	lv_span s;
	plan_span(l, w - 2, &s);
	ui_putf(y++, 1, w - 2, ui_theme(TH_HEADING), true, "%s", lt->title);
	ui_putf(y++, 1, w - 2, ui_theme(TH_DIM), true,
	        "as of %s; %zu %s; showing %zu of %zu columns%s%s", asof,
	        lt->nrows, lt->nrows == 1 ? "row" : "rows", s.n, s.shown,
	        s.more_right ? "; Right: more" : "",
	        l->left ? "; Left, <: back" : "");
	if (!lt->nrows)
		ui_put(y + 1, 2, w - 4, A_NORMAL, false, "Nothing to list.");
	size_t rows = ymax > y ? (size_t)(ymax - y) : 0;
	if (l->nlines > rows && l->top > l->nlines - rows)
		l->top = l->nlines - rows;
	if (l->nlines)       /* a page that scrolls: its first line */
		ui_cursor_at(y, 1);
	for (size_t i = 0; i < rows && l->top + i < l->nlines; i++)
		draw_line(l, &l->lines[l->top + i], &s, y + (int)i, 1, w - 2);
	if (l->choosing)
		draw_chooser(l, y - 1, ymax - y + 1, w);
}

/* Scroll the columns: one place, or to either end. */
static void scroll_cols(lists_view *l, ui_action act, int w)
{
	size_t order[LV_COLS], n = shown_cols(l, order);
	size_t last = n > 1 ? n - 2 : 0;   /* the most places scrolled */
	lv_span s;
	switch (act) {
	case ACT_LEFT: if (l->left) l->left--; break;
	case ACT_FAR_LEFT: l->left = 0; break;
	case ACT_RIGHT:
		plan_span(l, w, &s);
		if (s.more_right && l->left < last)
			l->left++;
		break;
	default:   /* ACT_FAR_RIGHT: as far as still fills the width */
		plan_span(l, w, &s);
		while (s.more_right && l->left < last) {
			l->left++;
			plan_span(l, w, &s);
		}
		break;
	}
}

/* A key while the chooser is open (it takes every key). */
static void chooser_key(lists_view *l, ui_action act, int ch, bool is_char)
{
	col_choice *c = &l->cols[l->kind];
	size_t p = l->choice_at;
	bool up = (!is_char && ch == KEY_UP) || (is_char && ch == 'k');
	bool down = (!is_char && ch == KEY_DOWN) || (is_char && ch == 'j');
	if (act == ACT_F_ABORT || (act == ACT_F_ENTER && !down) ||
	    (is_char && (ch == 'c' || ch == 'q'))) {
		l->choosing = l->moving = false;
		l->left = 0;
		return;
	}
	if (is_char && ch == ' ') {
		size_t shown = 0;
		for (size_t i = 0; i < c->n; i++)
			shown += c->shown[i];
		/* one column stays: a table of none shows nothing */
		if (!c->shown[c->order[p]] || shown > 1)
			c->shown[c->order[p]] = !c->shown[c->order[p]];
	} else if (is_char && ch == 'm') {
		l->moving = !l->moving;
	} else if ((up && p > 0) || (down && p + 1 < c->n)) {
		size_t to = up ? p - 1 : p + 1;
		if (l->moving) {
			size_t t = c->order[p];
			c->order[p] = c->order[to];
			c->order[to] = t;
		}
		l->choice_at = to;
	}
}

static bool lists_key(ui_view *v, ui_app *a, ui_action action, int ch,
                      bool is_char)
{
	lists_view *l = (lists_view *)v;
	if (l->choosing) {
		chooser_key(l, action, ch, is_char);
		return true;
	}
	size_t page = (size_t)(ui_body_height(a) > 4 ? ui_body_height(a) - 4 : 1);
	switch (action) {
	case ACT_OPEN:
	case ACT_BACK:
		l->kind = (l->kind + (action == ACT_OPEN ? 1 : LIST_COUNT - 1)) %
		          LIST_COUNT;
		l->top = l->left = 0;
		lists_load(v, a, true);
		return true;
	case ACT_LEFT: case ACT_RIGHT: case ACT_FAR_LEFT: case ACT_FAR_RIGHT:
		if (l->loaded)
			scroll_cols(l, action, a->cols - 2);
		return true;
	case ACT_COLUMNS:
		if (l->loaded && l->cols[l->kind].n) {
			l->choosing = true;
			l->choice_at = 0;
			ui_status(a, false, "Columns: Up/Down, Space show or hide, "
			          "m move, Enter or Esc: done");
		}
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

/* While the chooser is open, every key is its own. */
static bool lists_typing(const ui_view *v)
{
	return ((const lists_view *)v)->choosing;
}

static void lists_free(ui_view *v)
{
	unload((lists_view *)v);
}

static const ui_action lists_hints[] = { ACT_NONE };

/* The line-by-line mode: the list's title, then each row as its
 * columns named ("date 2027-05-13; child DB100045; ..."), in the order
 * chosen and all of them (no room to save), none picked. */
static bool lists_plain_row(const ui_view *v, ui_app *a, size_t i, char *buf,
                            size_t size, bool *pick)
{
	const lists_view *l = (const lists_view *)v;
	const list_table *lt = l->table;
	(void)a;
	*pick = false;
	if (i == 0) {
		snprintf(buf, size, !l->loaded ? "The list could not be built." :
		         "%s; %zu %s (next: the next list):", lt->title, lt->nrows,
		         lt->nrows == 1 ? "row" : "rows");
		return true;
	}
	if (!l->loaded || i - 1 >= l->nlines)
		return false;
	const lv_line *ln = &l->lines[i - 1];
	const col_choice *c = &l->cols[l->kind];
	size_t len = 0;
	buf[0] = '\0';
	if (ln->group)
		snprintf(buf, size, "%s:", ln->group);
	for (size_t k = 0; ln->row && k < c->n && len < size; k++) {
		size_t col = c->order[k];
		len += (size_t)snprintf(buf + len, size - len, "%s%s %s",
		                        k ? "; " : "", lt->cols[col],
		                        ln->row->cells[col]);
	}
	if (!ln->group && !ln->row)   /* the column headings: said in rows */
		snprintf(buf, size, "Rows, each column named:");
	return true;
}

const ui_view_class ui_lists_class = {
	.name = "Lists",
	.size = sizeof(lists_view),
	.hints = lists_hints,
	.load = lists_load,
	.draw = lists_draw,
	.key = lists_key,
	.typing = lists_typing,
	.free = lists_free,
	.plain_row = lists_plain_row,
};

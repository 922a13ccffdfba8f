/* lists_render.c - a list as text, CSV (RFC 4180) or JSON, in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "text.h"
#include "strbuf.h"

typedef strbuf buf;

static bool has_groups(const list_table *lt)
{
	for (size_t i = 0; i < lt->nrows; i++)
		if (*lt->rows[i].group)
			return true;
	return false;
}

/* Cells are sanitised when built; sanitise again here so that a table
 * built by hand can never put a control character on a terminal. */
static void put_clean(buf *b, const char *s)
{
	if (text_is_clean(s)) {
		strbuf_puts(b, s);
		return;
	}
	char *c = text_sanitize_dup(s);
	if (!c) {
		b->oom = true;
		return;
	}
	strbuf_puts(b, c);
	free(c);
}

static int width_of(const char *s)
{
	return text_width(s);
}

/* The narrowest a column is made to fit a terminal: a cell this wide is
 * never cut (a date, a time, "received late"). */
#define TEXT_CUT_FLOOR 14

/* A heading row: the column names, padded to the widths. */
static void put_heading(buf *b, const list_table *lt, const int *w, size_t nc)
{
	for (size_t c = 0; c < nc; c++) {
		strbuf_puts(b, lt->cols[c]);
		if (c + 1 < nc)
			strbuf_pad(b, w[c] - width_of(lt->cols[c]) + 2);
	}
	strbuf_puts(b, "\n");
}

static void put_row(buf *b, const list_row *r, const int *w, size_t nc)
{
	for (size_t c = 0; c < nc; c++) {
		char cut[1024];
		int k = width_of(r->cells[c]);
		if (k <= w[c]) {   /* whole, however long (a pipe's width) */
			put_clean(b, r->cells[c]);
		} else {
			k = lists_fit_cell(r->cells[c], w[c], cut, sizeof cut);
			put_clean(b, cut);
		}
		if (c + 1 < nc)
			strbuf_pad(b, w[c] - k + 2);
	}
	strbuf_puts(b, "\n");
}

/* Each column as wide as its widest cell, then fitted to width. */
static void text_widths(const list_table *lt, size_t nc, int width, int *w)
{
	int natural[64], least[64];
	for (size_t c = 0; c < nc; c++) {
		int head = width_of(lt->cols[c]);
		natural[c] = head;
		for (size_t r = 0; r < lt->nrows; r++) {
			int k = width_of(lt->rows[r].cells[c]);
			if (k > natural[c])
				natural[c] = k;
		}
		/* dates, times, ids and states are never cut: only what is
		 * longer than TEXT_CUT_FLOOR gives way */
		least[c] = natural[c] < TEXT_CUT_FLOOR ? natural[c] : TEXT_CUT_FLOOR;
		if (least[c] < head)
			least[c] = head;
	}
	lists_fit_widths(natural, least, nc, 2, width, w);
}

static void render_text(const list_table *lt, int width, buf *b)
{
	put_clean(b, lt->title);
	strbuf_puts(b, "\n");
	char today[CP_DATE_STRLEN];
	date_format(lt->today, today);
	strbuf_printf(b, "(as of %s; %zu %s)\n", today, lt->nrows,
	     lt->nrows == 1 ? "row" : "rows");
	if (!lt->nrows) {
		strbuf_puts(b, "\nNothing to list.\n");
		return;
	}
	int w[64] = { 0 };
	size_t nc = lt->ncols < 64 ? lt->ncols : 64;
	text_widths(lt, nc, width, w);
	const char *group = NULL;
	if (!has_groups(lt)) {
		strbuf_puts(b, "\n");
		put_heading(b, lt, w, nc);
	}
	for (size_t r = 0; r < lt->nrows; r++) {
		if (*lt->rows[r].group &&
		    (!group || strcmp(group, lt->rows[r].group))) {
			group = lt->rows[r].group;
			strbuf_puts(b, "\n");
			put_clean(b, group);
			strbuf_puts(b, "\n");
			put_heading(b, lt, w, nc);
		}
		put_row(b, &lt->rows[r], w, nc);
	}
}

/* The lists write "-" for a value that is absent (no time, no report
 * due, no report): CSV keeps it, JSON gives null. */
static bool cell_absent(const char *s)
{
	return !strcmp(s, "-");
}

/* A cell a spreadsheet would read as a formula: OWASP's "CSV Injection"
 * list, = + - @ and the tab and CR that some spreadsheets strip before
 * looking.  The lone "-" of an absent value is no formula, and no list
 * column holds a number or a date that begins with '-', so every other
 * cell beginning with '-' is someone's text. */
static bool csv_formula_like(const char *s)
{
	return *s && strchr("=+-@\t\r", *s) && !cell_absent(s);
}

/* RFC 4180, and a formula-like cell made inert as OWASP says: a single
 * quote before it, the field quoted, so a spreadsheet shows it as text. */
static void csv_field(buf *b, const char *s)
{
	bool inert = csv_formula_like(s);
	if (!inert && strpbrk(s, ",\"\r\n") == NULL) {
		strbuf_puts(b, s);
		return;
	}
	strbuf_puts(b, inert ? "\"'" : "\"");
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			strbuf_puts(b, "\"\"");
		else
			strbuf_add(b, p, 1);
	}
	strbuf_puts(b, "\"");
}

static void render_csv(const list_table *lt, buf *b)
{
	bool g = has_groups(lt);
	if (g)
		strbuf_puts(b, "group,");
	for (size_t c = 0; c < lt->ncols; c++) {
		if (c)
			strbuf_puts(b, ",");
		csv_field(b, lt->cols[c]);
	}
	strbuf_puts(b, "\r\n");
	for (size_t r = 0; r < lt->nrows; r++) {
		if (g) {
			csv_field(b, lt->rows[r].group);
			strbuf_puts(b, ",");
		}
		for (size_t c = 0; c < lt->ncols; c++) {
			if (c)
				strbuf_puts(b, ",");
			csv_field(b, lt->rows[r].cells[c]);
		}
		strbuf_puts(b, "\r\n");
	}
}

static void json_str(buf *b, const char *s)
{
	strbuf_puts(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': strbuf_puts(b, "\\\""); break;
		case '\\': strbuf_puts(b, "\\\\"); break;
		case '\n': strbuf_puts(b, "\\n"); break;
		case '\r': strbuf_puts(b, "\\r"); break;
		case '\t': strbuf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				strbuf_printf(b, "\\u%04x", *p);
			else
				strbuf_add(b, (const char *)p, 1);
		}
	}
	strbuf_puts(b, "\"");
}

/* A cell: null where the text shows "-" for an absent value. */
static void json_cell(buf *b, const char *s)
{
	if (cell_absent(s))
		strbuf_puts(b, "null");
	else
		json_str(b, s);
}

static void json_date(buf *b, cp_date d)
{
	char s[CP_DATE_STRLEN];
	if (d == CP_DATE_NONE) {
		strbuf_puts(b, "null");
		return;
	}
	date_format(d, s);
	json_str(b, s);
}

static void render_json(const list_table *lt, buf *b)
{
	strbuf_puts(b, "{\n  \"list\": ");
	json_str(b, policy_list_name(lt->kind));
	strbuf_puts(b, ",\n  \"date\": ");
	json_date(b, lt->date);
	strbuf_puts(b, ",\n  \"from\": ");
	json_date(b, lt->from);
	strbuf_puts(b, ",\n  \"to\": ");
	json_date(b, lt->to);
	strbuf_puts(b, ",\n  \"today\": ");
	json_date(b, lt->today);
	strbuf_puts(b, ",\n  \"title\": ");
	json_str(b, lt->title);
	strbuf_puts(b, ",\n  \"columns\": [");
	bool g = has_groups(lt);
	if (g)
		strbuf_puts(b, "\"group\"");
	for (size_t c = 0; c < lt->ncols; c++) {
		if (c || g)
			strbuf_puts(b, ", ");
		json_str(b, lt->cols[c]);
	}
	strbuf_puts(b, "],\n  \"rows\": [");
	for (size_t r = 0; r < lt->nrows; r++) {
		strbuf_puts(b, r ? ",\n    {" : "\n    {");
		if (g) {
			strbuf_puts(b, "\"group\": ");
			json_str(b, lt->rows[r].group);
		}
		for (size_t c = 0; c < lt->ncols; c++) {
			if (c || g)
				strbuf_puts(b, ", ");
			json_str(b, lt->cols[c]);
			strbuf_puts(b, ": ");
			json_cell(b, lt->rows[r].cells[c]);
		}
		strbuf_puts(b, "}");
	}
	strbuf_puts(b, lt->nrows ? "\n  ]\n}\n" : "]\n}\n");
}

static cp_status render(const list_table *lt, list_format f, int width,
                        char **out, size_t *len, cp_error *err)
{
	buf b = { 0 };
	*out = NULL;
	strbuf_puts(&b, "");
	switch (f) {
	case LIST_FMT_TEXT: render_text(lt, width, &b); break;
	case LIST_FMT_CSV: render_csv(lt, &b); break;
	case LIST_FMT_JSON: render_json(lt, &b); break;
	default:
		free(b.p);
		return cp_fail(err, CP_BADINPUT, "unknown list format");
	}
	if (b.oom) {
		free(b.p);
		return cp_oom(err);
	}
	*out = b.p;
	if (len)
		*len = b.n;
	return CP_OK;
}

cp_status lists_render(const list_table *lt, list_format f, char **out,
                       size_t *len, cp_error *err)
{
	return render(lt, f, 0, out, len, err);
}

cp_status lists_render_text(const list_table *lt, int width, char **out,
                            size_t *len, cp_error *err)
{
	return render(lt, LIST_FMT_TEXT, width > 0 ? width : 0, out, len, err);
}

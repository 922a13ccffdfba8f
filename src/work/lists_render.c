/* lists_render.c - a list as text, CSV (RFC 4180) or JSON, in memory. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "text.h"
#include "vec.h"

typedef struct buf {
	char *p;
	size_t n, cap;
	bool oom;
} buf;

static void put(buf *b, const char *s, size_t len)
{
	if (b->oom)
		return;
	if (!vec_reserve((void **)&b->p, &b->cap, b->n + len + 1, 1, 1024)) {
		b->oom = true;
		return;
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
	b->p[b->n] = '\0';
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void putf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (k > 0)
		put(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

static void pad(buf *b, int n)
{
	while (n-- > 0)
		put(b, " ", 1);
}

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
		puts_(b, s);
		return;
	}
	char *c = text_sanitize_dup(s);
	if (!c) {
		b->oom = true;
		return;
	}
	puts_(b, c);
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
		puts_(b, lt->cols[c]);
		if (c + 1 < nc)
			pad(b, w[c] - width_of(lt->cols[c]) + 2);
	}
	puts_(b, "\n");
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
			pad(b, w[c] - k + 2);
	}
	puts_(b, "\n");
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
	puts_(b, "\n");
	char today[CP_DATE_STRLEN];
	date_format(lt->today, today);
	putf(b, "(as of %s; %zu %s)\n", today, lt->nrows,
	     lt->nrows == 1 ? "row" : "rows");
	if (!lt->nrows) {
		puts_(b, "\nNothing to list.\n");
		return;
	}
	int w[64] = { 0 };
	size_t nc = lt->ncols < 64 ? lt->ncols : 64;
	text_widths(lt, nc, width, w);
	const char *group = NULL;
	if (!has_groups(lt)) {
		puts_(b, "\n");
		put_heading(b, lt, w, nc);
	}
	for (size_t r = 0; r < lt->nrows; r++) {
		if (*lt->rows[r].group &&
		    (!group || strcmp(group, lt->rows[r].group))) {
			group = lt->rows[r].group;
			puts_(b, "\n");
			put_clean(b, group);
			puts_(b, "\n");
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
		puts_(b, s);
		return;
	}
	puts_(b, inert ? "\"'" : "\"");
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			puts_(b, "\"\"");
		else
			put(b, p, 1);
	}
	puts_(b, "\"");
}

static void render_csv(const list_table *lt, buf *b)
{
	bool g = has_groups(lt);
	if (g)
		puts_(b, "group,");
	for (size_t c = 0; c < lt->ncols; c++) {
		if (c)
			puts_(b, ",");
		csv_field(b, lt->cols[c]);
	}
	puts_(b, "\r\n");
	for (size_t r = 0; r < lt->nrows; r++) {
		if (g) {
			csv_field(b, lt->rows[r].group);
			puts_(b, ",");
		}
		for (size_t c = 0; c < lt->ncols; c++) {
			if (c)
				puts_(b, ",");
			csv_field(b, lt->rows[r].cells[c]);
		}
		puts_(b, "\r\n");
	}
}

static void json_str(buf *b, const char *s)
{
	puts_(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': puts_(b, "\\\""); break;
		case '\\': puts_(b, "\\\\"); break;
		case '\n': puts_(b, "\\n"); break;
		case '\r': puts_(b, "\\r"); break;
		case '\t': puts_(b, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				putf(b, "\\u%04x", *p);
			else
				put(b, (const char *)p, 1);
		}
	}
	puts_(b, "\"");
}

/* A cell: null where the text shows "-" for an absent value. */
static void json_cell(buf *b, const char *s)
{
	if (cell_absent(s))
		puts_(b, "null");
	else
		json_str(b, s);
}

static void json_date(buf *b, cp_date d)
{
	char s[CP_DATE_STRLEN];
	if (d == CP_DATE_NONE) {
		puts_(b, "null");
		return;
	}
	date_format(d, s);
	json_str(b, s);
}

static void render_json(const list_table *lt, buf *b)
{
	puts_(b, "{\n  \"list\": ");
	json_str(b, policy_list_name(lt->kind));
	puts_(b, ",\n  \"date\": ");
	json_date(b, lt->date);
	puts_(b, ",\n  \"from\": ");
	json_date(b, lt->from);
	puts_(b, ",\n  \"to\": ");
	json_date(b, lt->to);
	puts_(b, ",\n  \"today\": ");
	json_date(b, lt->today);
	puts_(b, ",\n  \"title\": ");
	json_str(b, lt->title);
	puts_(b, ",\n  \"columns\": [");
	bool g = has_groups(lt);
	if (g)
		puts_(b, "\"group\"");
	for (size_t c = 0; c < lt->ncols; c++) {
		if (c || g)
			puts_(b, ", ");
		json_str(b, lt->cols[c]);
	}
	puts_(b, "],\n  \"rows\": [");
	for (size_t r = 0; r < lt->nrows; r++) {
		puts_(b, r ? ",\n    {" : "\n    {");
		if (g) {
			puts_(b, "\"group\": ");
			json_str(b, lt->rows[r].group);
		}
		for (size_t c = 0; c < lt->ncols; c++) {
			if (c || g)
				puts_(b, ", ");
			json_str(b, lt->cols[c]);
			puts_(b, ": ");
			json_cell(b, lt->rows[r].cells[c]);
		}
		puts_(b, "}");
	}
	puts_(b, lt->nrows ? "\n  ]\n}\n" : "]\n}\n");
}

static cp_status render(const list_table *lt, list_format f, int width,
                        char **out, size_t *len, cp_error *err)
{
	buf b = { 0 };
	*out = NULL;
	puts_(&b, "");
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

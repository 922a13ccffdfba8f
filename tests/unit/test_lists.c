/* test_lists.c - the lists' spans (week, fortnight, month, case-mapping),
 * names and formats, and the renderers: RFC 4180 quoting, cells a
 * spreadsheet would read as formulas made inert (issue 15), JSON escaping
 * of control characters and null for an absent value, text alignment and
 * sanitising.  The lists built
 * from a store are checked end to end by tests/e2e/lists.sh (goldens). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"

static cp_date D(const char *s)
{
	cp_date d;
	cp_error e;
	assert_int_equal(date_parse(s, &d, &e), CP_OK);
	return d;
}

static void span_is(policy_list_kind k, const char *date, const char *from,
                    const char *to)
{
	cp_date f, t;
	lists_span(k, D(date), &f, &t);
	assert_int_equal(f, D(from));
	assert_int_equal(t, D(to));
}

static void test_spans(void **state)
{
	(void)state;
	span_is(LIST_WEEK, "2025-03-12", "2025-03-10", "2025-03-16");
	span_is(LIST_WEEK, "2025-03-16", "2025-03-10", "2025-03-16");
	span_is(LIST_EXCEPTIONS, "2025-03-10", "2025-03-10", "2025-03-16");
	span_is(LIST_FORTNIGHT, "2025-03-12", "2025-03-12", "2025-03-25");
	/* the month starting on the 1st on or after DATE */
	span_is(LIST_MONTH, "2025-03-01", "2025-03-01", "2025-03-31");
	span_is(LIST_MONTH, "2025-03-02", "2025-04-01", "2025-04-30");
	span_is(LIST_MONTH, "2024-01-31", "2024-02-01", "2024-02-29");
	span_is(LIST_MONTH, "2025-12-15", "2026-01-01", "2026-01-31");
	span_is(LIST_CASE_MAPPING, "2025-02-14", "2025-02-01", "2025-02-28");
}

static void test_names(void **state)
{
	(void)state;
	policy_list_kind k;
	list_format f;
	assert_true(lists_parse_name("case-mapping", &k));
	assert_int_equal(k, LIST_CASE_MAPPING);
	assert_false(lists_parse_name("weekly", &k));
	assert_true(lists_parse_format("json", &f));
	assert_int_equal(f, LIST_FMT_JSON);
	assert_false(lists_parse_format("xml", &f));
	assert_string_equal(list_exception_name(LX_MISSED_CADENCE),
	                    "missed-cadence");
}

static const char *const cols[] = { "name", "note" };

/* A hand-built table of one row (cells are normally sanitised by the
 * builder; the renderers must still be safe with raw ones). */
static void one_row(list_table *lt, list_row *r, char **cells,
                    const char *a, const char *b)
{
	memset(lt, 0, sizeof *lt);
	memset(r, 0, sizeof *r);
	cells[0] = (char *)a;
	cells[1] = (char *)b;
	r->cells = cells;
	r->group = (char *)"";
	lt->kind = LIST_WEEK;
	lt->title = (char *)"T";
	lt->cols = cols;
	lt->ncols = 2;
	lt->rows = r;
	lt->nrows = 1;
	lt->date = lt->from = lt->to = lt->today = D("2025-03-10");
}

static void test_csv(void **state)
{
	(void)state;
	list_table lt;
	list_row r;
	char *cells[2], *out;
	size_t len;
	cp_error e;
	one_row(&lt, &r, cells, "Smith, Ava \"Ace\"", "line1\nline2");
	assert_int_equal(lists_render(&lt, LIST_FMT_CSV, &out, &len, &e), CP_OK);
	assert_string_equal(out, "name,note\r\n\"Smith, Ava \"\"Ace\"\"\",\"line1\nline2\"\r\n");
	assert_int_equal(len, strlen(out));
	free(out);
}

/* The CSV line of a one-row table whose first cell is a (malloc'd). */
static char *csv_row_of(const char *a)
{
	list_table lt;
	list_row r;
	char *cells[2], *out;
	cp_error e;
	one_row(&lt, &r, cells, a, "x");
	assert_int_equal(lists_render(&lt, LIST_FMT_CSV, &out, NULL, &e), CP_OK);
	size_t head = strlen("name,note\r\n");
	memmove(out, out + head, strlen(out + head) + 1);
	return out;
}

static void csv_row_is(const char *cell, const char *want)
{
	char *got = csv_row_of(cell);
	assert_string_equal(got, want);
	free(got);
}

/* OWASP "CSV Injection": = + - @ tab CR at the start of a cell get a
 * single quote and the field is quoted; "-" alone (an absent value), a
 * date, a '-' or '=' later in the cell, and a leading space stay. */
static void test_csv_formulas(void **state)
{
	(void)state;
	csv_row_is("=HYPERLINK(\"http://example.invalid\",\"x\")",
	           "\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\",x\r\n");
	csv_row_is("+1+1", "\"'+1+1\",x\r\n");
	csv_row_is("-2+3", "\"'-2+3\",x\r\n");
	csv_row_is("-5", "\"'-5\",x\r\n");
	csv_row_is("--", "\"'--\",x\r\n");
	csv_row_is("@SUM(1,1)", "\"'@SUM(1,1)\",x\r\n");
	csv_row_is("\t=1+1", "\"'\t=1+1\",x\r\n");
	csv_row_is("\r=1+1", "\"'\r=1+1\",x\r\n");
	csv_row_is("-", "-,x\r\n");
	csv_row_is("", ",x\r\n");
	csv_row_is("2025-03-10", "2025-03-10,x\r\n");
	csv_row_is("a=1+1-2", "a=1+1-2,x\r\n");
	csv_row_is(" =1+1", " =1+1,x\r\n");
	csv_row_is("'=1+1", "'=1+1,x\r\n");
}

/* Every kind of cell above, rendered, is the golden that
 * tests/e2e/csv_spreadsheet.sh opens in LibreOffice: the cells cpdesk's
 * own lists cannot hold (a leading tab or CR is refused on the way in and
 * sanitised on the way out) still go through a real spreadsheet.
 * CPDESK_GOLDEN_WRITE=1 writes it instead. */
static const char *const hostile[][2] = {
	{ "=HYPERLINK(\"http://example.invalid\",\"x\")", "equals" },
	{ "+1+1", "plus" },
	{ "-2+3", "minus" },
	{ "-5", "negative" },
	{ "@SUM(1,1)", "at" },
	{ "\t=1+1", "tab" },
	{ "\r=1+1", "cr" },
	{ "-", "absent" },
	{ "2025-03-10", "date" },
	{ "O'Neil, Sol", "plain" },
};
#define NHOSTILE (sizeof hostile / sizeof hostile[0])

static char *hostile_csv(size_t *len)
{
	static const char *const hcols[] = { "name", "kind" };
	list_row rows[NHOSTILE];
	list_table lt = { .kind = LIST_WEEK, .title = (char *)"T", .cols = hcols,
	                  .ncols = 2, .rows = rows, .nrows = NHOSTILE };
	for (size_t i = 0; i < NHOSTILE; i++)
		rows[i] = (list_row){ .cells = (char **)hostile[i],
		                      .group = (char *)"" };
	char *out;
	cp_error e;
	assert_int_equal(lists_render(&lt, LIST_FMT_CSV, &out, len, &e), CP_OK);
	return out;
}

static void test_csv_golden(void **state)
{
	(void)state;
	const char *path = "tests/golden/lists/formula-cells.csv";
	size_t len;
	char *out = hostile_csv(&len);
	const char *w = getenv("CPDESK_GOLDEN_WRITE");
	FILE *f = fopen(path, w && *w == '1' ? "wb" : "rb");
	if (!f)
		fail_msg("cannot open %s (run from the top of the tree)", path);
	if (w && *w == '1') {
		assert_int_equal(fwrite(out, 1, len, f), len);
	} else {
		char *g = calloc(1, len + 2);
		assert_non_null(g);
		size_t n = fread(g, 1, len + 1, f);
		if (n != len || memcmp(g, out, len))
			fail_msg("%s is not what the renderer writes", path);
		free(g);
	}
	assert_int_equal(fclose(f), 0);
	free(out);
}

/* The JSON of a one-row table holds want. */
static void json_has(const char *a, const char *b, const char *want)
{
	list_table lt;
	list_row r;
	char *cells[2], *out;
	cp_error e;
	one_row(&lt, &r, cells, a, b);
	assert_int_equal(lists_render(&lt, LIST_FMT_JSON, &out, NULL, &e), CP_OK);
	if (!strstr(out, want))
		fail_msg("no %s in %s", want, out);
	free(out);
}

/* "-" alone is an absent value: null; any other cell is a string. */
static void test_json_absent(void **state)
{
	(void)state;
	json_has("-", "--", "{\"name\": null, \"note\": \"--\"}");
	json_has("", "-2+3", "{\"name\": \"\", \"note\": \"-2+3\"}");
}

static void test_json(void **state)
{
	(void)state;
	json_has("a\"b\\c", "x\001y\tz",
	         "{\"name\": \"a\\\"b\\\\c\", \"note\": \"x\\u0001y\\tz\"}");
}

static void test_text(void **state)
{
	(void)state;
	list_table lt;
	list_row r;
	char *cells[2], *out;
	cp_error e;
	one_row(&lt, &r, cells, "Zo\xc3\xab", "esc\033[31m");
	assert_int_equal(lists_render(&lt, LIST_FMT_TEXT, &out, NULL, &e), CP_OK);
	assert_null(strchr(out, '\033'));
	/* "Zoë" is 3 columns, "name" 4: padded by columns, not bytes */
	assert_non_null(strstr(out, "\nname  note\n"));
	assert_non_null(strstr(out, "\nZo\xc3\xab   esc?[31m\n"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_formulas),
		cmocka_unit_test(test_csv_golden),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_absent),
		cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

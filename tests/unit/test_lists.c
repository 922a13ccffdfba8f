/* test_lists.c - the lists' spans (week, fortnight, month, case-mapping),
 * names and formats, and the renderers: RFC 4180 quoting, JSON escaping
 * of control characters, text alignment and sanitising.  The lists built
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

static void test_json(void **state)
{
	(void)state;
	list_table lt;
	list_row r;
	char *cells[2], *out;
	cp_error e;
	one_row(&lt, &r, cells, "a\"b\\c", "x\001y\tz");
	assert_int_equal(lists_render(&lt, LIST_FMT_JSON, &out, NULL, &e), CP_OK);
	assert_non_null(strstr(out, "\"name\": \"a\\\"b\\\\c\""));
	assert_non_null(strstr(out, "\"note\": \"x\\u0001y\\tz\""));
	free(out);
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
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

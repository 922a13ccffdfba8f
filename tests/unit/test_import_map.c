/* test_import_map.c - import's column maps, DD/MM/YYYY dates and
 * encodings (work/import_map.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "import_map.h"

#define GOOD_MAP \
	"map: test\n" \
	"title: A test export\n" \
	"source: made up for the tests\n" \
	"encoding: windows-1252\n" \
	"date-format: DD/MM/YYYY\n" \
	"record: child\n" \
	"columns:\n" \
	"  \"Person ID\": id\n" \
	"  Forename: name\n" \
	"  Surname: name\n" \
	"  \"Date of Birth\": dob\n" \
	"  Ethnicity: ignore\n" \
	"  Worker: social-worker\n" \
	"set:\n" \
	"  family_reports: post\n" \
	"values:\n" \
	"  social_worker:\n" \
	"    \"Alex Smith\": asmith\n"

static cp_status load(const char *text, import_map *m, cp_error *e)
{
	return import_map_load_mem("m.yaml", text, strlen(text), m, e);
}

/* The map fails with a message starting at `where` and holding `what`. */
static void refused(const char *text, const char *where, const char *what)
{
	import_map m;
	cp_error e;
	assert_int_equal(load(text, &m, &e), CP_BADINPUT);
	if (strncmp(e.msg, where, strlen(where)) || !strstr(e.msg, what))
		fail_msg("got '%s', wanted %s ... %s", e.msg, where, what);
}

static void test_map_good(void **state)
{
	(void)state;
	import_map m;
	cp_error e;
	assert_int_equal(load(GOOD_MAP, &m, &e), CP_OK);
	assert_string_equal(m.name, "test");
	assert_string_equal(m.encoding, "windows-1252");
	assert_int_equal(m.date_format, IMPORT_DATE_DMY);
	assert_int_equal(m.record, K_CHILD);
	assert_int_equal(m.ncolumns, 6);
	/* headings match without case or the spaces around a cell */
	const import_map_column *c = import_map_column_find(&m, " person id ");
	assert_non_null(c);
	assert_int_equal(c->field, C_ID);
	assert_int_equal(c->line, 8);
	assert_int_equal(c->col, 3);
	assert_int_equal(import_map_column_find(&m, "ethnicity")->field, -1);
	assert_int_equal(import_map_column_find(&m, "Worker")->field,
	                 C_SOCIAL_WORKER);
	assert_null(import_map_column_find(&m, "Shoe size"));
	assert_string_equal(m.set[C_FAMILY], "post");
	/* values: translated; a field without any passes as it is */
	assert_string_equal(import_map_value(&m, C_SOCIAL_WORKER, "alex smith"),
	                    "asmith");
	assert_null(import_map_value(&m, C_SOCIAL_WORKER, "Bo Jones"));
	assert_string_equal(import_map_value(&m, C_NAME, "Zoë"), "Zoë");
	import_map_free(&m);
	import_map_free(&m);   /* zeroed: freeing again is fine */
}

static void test_map_defaults(void **state)
{
	(void)state;
	import_map m;
	cp_error e;
	assert_int_equal(load("map: x\ntitle: t\nsource: s\n"
	                      "columns:\n  ID: id\n", &m, &e), CP_OK);
	assert_null(m.encoding);
	assert_int_equal(m.date_format, IMPORT_DATE_ISO);
	assert_int_equal(m.record, -1);
	import_map_free(&m);
}

static void test_map_errors(void **state)
{
	(void)state;
	const char *head = "map: x\ntitle: t\nsource: s\n";
	char buf[512];
#define WITH(tail) (snprintf(buf, sizeof buf, "%s%s", head, tail), buf)
	refused(WITH("columns:\n  ID: idd\n"), "m.yaml:5:7:",
	        "'idd' is not a cpdesk field or ignore");
	refused(WITH("colums:\n  ID: id\n"), "m.yaml:4:1:", "colums");
	refused("title: t\nsource: s\ncolumns:\n  ID: id\n", "m.yaml:1:1:",
	        "map");
	refused(WITH("columns:\n  ID: id\n  id: name\n"), "m.yaml:6:3:",
	        "heading is already mapped (line 5)");
	refused(WITH("columns:\n  DOB: dob\n  Born: dob\n"), "m.yaml:6:3:",
	        "field is already given by a column (line 5) DOB");
	refused(WITH("date-format: MM/DD/YYYY\ncolumns:\n  ID: id\n"),
	        "m.yaml:4:14:", "DD/MM/YYYY or YYYY-MM-DD");
	refused(WITH("encoding: klingon\ncolumns:\n  ID: id\n"), "m.yaml:4:11:",
	        "not one iconv knows");
	refused(WITH("record: person\ncolumns:\n  ID: id\n"), "m.yaml:4:9:",
	        "worker, child or meeting");
	refused(WITH("columns:\n  ID: id\nset:\n  id: X1\n"), "m.yaml:7:3:",
	        "already given");
	refused(WITH("columns:\n  ID: id\nset:\n  record: child\n"),
	        "m.yaml:7:3:", "record:");
	refused(WITH("columns:\n  ID: id\nvalues:\n  held:\n    Teams: teams\n"
	             "    TEAMS: phone\n"), "m.yaml:9:5:", "given twice");
	refused(WITH("columns:\n  \"a\\u200Bb\": id\n"), "m.yaml:5:3:",
	        "hidden");
	refused(WITH("columns: {}\n"), "m.yaml:4:10:", "at least one");
#undef WITH
}

static void test_date_format_names(void **state)
{
	(void)state;
	import_date_format f;
	assert_true(import_date_format_parse("DD/MM/YYYY", &f));
	assert_int_equal(f, IMPORT_DATE_DMY);
	assert_true(import_date_format_parse("YYYY-MM-DD", &f));
	assert_int_equal(f, IMPORT_DATE_ISO);
	assert_false(import_date_format_parse("dd/mm/yyyy", &f));
	assert_string_equal(import_date_format_name(IMPORT_DATE_DMY),
	                    "DD/MM/YYYY");
}

static void test_dates(void **state)
{
	(void)state;
	cp_date d, want;
	assert_true(date_from_ymd(2016, 3, 5, &want));
	assert_true(import_date_parse("05/03/2016", IMPORT_DATE_DMY, &d));
	assert_int_equal(d, want);
	assert_true(import_date_parse("5/3/2016", IMPORT_DATE_DMY, &d));
	assert_int_equal(d, want);
	assert_true(import_date_parse("2016-03-05", IMPORT_DATE_ISO, &d));
	assert_int_equal(d, want);
	assert_true(import_date_parse("29/02/2024", IMPORT_DATE_DMY, &d));
	static const char *const bad[] = {
		"31/02/2019", "29/02/2023", "00/01/2019", "01/13/2019",
		"2016-03-05", "05/03/16", "05/03/2016 10:00", "05-03-2016",
		"005/03/2016", "05/03/20160", "", "/03/2016", "05/03/1899",
		" 05/03/2016", NULL
	};
	for (int i = 0; bad[i]; i++)
		if (import_date_parse(bad[i], IMPORT_DATE_DMY, &d))
			fail_msg("'%s' was taken as a DD/MM/YYYY date", bad[i]);
	assert_false(import_date_parse("05/03/2016", IMPORT_DATE_ISO, &d));
}

static void test_windows_1252(void **state)
{
	(void)state;
	char *out;
	size_t len;
	cp_error e;
	/* ë, € and a curly quote: one byte each in windows-1252 */
	const char in[] = "name\r\nZo\xEB \x80 \x92s\r\n";
	assert_int_equal(import_to_utf8("f.csv", "windows-1252", in,
	                                sizeof in - 1, &out, &len, &e), CP_OK);
	assert_string_equal(out, "name\r\nZo\xC3\xAB \xE2\x82\xAC "
	                         "\xE2\x80\x99s\r\n");
	assert_int_equal(len, strlen(out));
	free(out);
	/* 0x81 is no character in it: named at its line and column */
	const char bad[] = "a,b\nZo\xEB,\x81x\n";
	assert_int_equal(import_to_utf8("f.csv", "windows-1252", bad,
	                                sizeof bad - 1, &out, &len, &e),
	                 CP_BADINPUT);
	assert_null(out);
	assert_non_null(strstr(e.msg, "f.csv:2:5: byte 0x81 is not a character "
	                              "in windows-1252"));
}

static void test_utf8_checked(void **state)
{
	(void)state;
	char *out;
	size_t len;
	cp_error e;
	/* Windows-1252 read as UTF-8: the ë is a broken sequence */
	const char in[] = "id,name\n1,Zo\xEB\n";
	assert_int_equal(import_to_utf8("f.csv", "UTF-8", in, sizeof in - 1,
	                                &out, &len, &e), CP_BADINPUT);
	assert_non_null(strstr(e.msg, "f.csv:2:5: byte 0xEB is not a character "
	                              "in UTF-8"));
	/* cut in the middle of a character at the end */
	const char cut[] = "id\nZo\xC3";
	assert_int_equal(import_to_utf8("f.csv", "UTF-8", cut, sizeof cut - 1,
	                                &out, &len, &e), CP_BADINPUT);
	assert_non_null(strstr(e.msg, "f.csv:2:3: the file ends inside a "
	                              "character"));
	/* an empty file is empty text */
	assert_int_equal(import_to_utf8("f.csv", "UTF-8", "", 0, &out, &len, &e),
	                 CP_OK);
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	free(out);
}

static void test_unknown_encoding(void **state)
{
	(void)state;
	char *out;
	size_t len;
	cp_error e;
	assert_int_equal(import_encoding_check("klingon", &e), CP_BADINPUT);
	assert_non_null(strstr(e.msg, "'klingon'"));
	assert_int_equal(import_to_utf8("f.csv", "klingon", "a", 1, &out, &len,
	                                &e), CP_BADINPUT);
	assert_int_equal(import_encoding_check("CP1252", &e), CP_OK);
}

static void test_field_names(void **state)
{
	(void)state;
	assert_int_equal(import_field_find("Social Worker"), C_SOCIAL_WORKER);
	assert_int_equal(import_field_find("looked-after-since"), C_LAC);
	assert_int_equal(import_field_find("role"), C_ROLES);
	assert_int_equal(import_field_find("ignore"), -1);
	assert_int_equal(import_field_find("Person ID"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_good),
		cmocka_unit_test(test_map_defaults),
		cmocka_unit_test(test_map_errors),
		cmocka_unit_test(test_date_format_names),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_windows_1252),
		cmocka_unit_test(test_utf8_checked),
		cmocka_unit_test(test_unknown_encoding),
		cmocka_unit_test(test_field_names),
	};
	return cmocka_run_group_tests_name("import_map", tests, NULL, NULL);
}

/* test_calendar.c - bank holidays from the shipped gov.uk file, working-day
 * arithmetic, local closures, and bad holiday files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"

#define HINT "fix the file or download a fresh copy from " \
             "https://www.gov.uk/bank-holidays.json"

static holiday_file *real; /* data/bank-holidays.json, loaded once */

/* `make unit` runs from the repo root; also allow build/tests. */
static int load_real(void **state)
{
	static const char *const places[] = {
		"data/bank-holidays.json", "../data/bank-holidays.json",
		"../../data/bank-holidays.json",
	};
	(void)state;
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
		if (access(places[i], R_OK) != 0)
			continue;
		cp_error err = { "" };
		if (holidays_load(places[i], &real, &err) != CP_OK) {
			fprintf(stderr, "%s\n", err.msg);
			return -1;
		}
		return 0;
	}
	fprintf(stderr, "cannot find data/bank-holidays.json\n");
	return -1;
}

static int free_real(void **state)
{
	(void)state;
	holidays_free(real);
	return 0;
}

static cp_date D(const char *s)
{
	cp_date d = 0;
	cp_error err;
	assert_int_equal(date_parse(s, &d, &err), CP_OK);
	return d;
}

static void open_cal(calendar *cal, const char *division)
{
	cp_error err = { "" };
	cp_status st = calendar_init(cal, real, division, NULL, 0, &err);
	if (st != CP_OK)
		fail_msg("%s", err.msg);
}

static bool workday(const calendar *cal, const char *day)
{
	bool w = false;
	cp_error err = { "" };
	if (calendar_is_workday(cal, D(day), &w, &err) != CP_OK)
		fail_msg("%s", err.msg);
	return w;
}

static void assert_closed(const calendar *cal, const char *day,
                          const char *why)
{
	assert_false(workday(cal, day));
	assert_string_equal(calendar_reason_closed(cal, D(day)), why);
}

static void assert_add(const calendar *cal, const char *from, int n,
                       const char *want)
{
	cp_date out = 0;
	cp_error err = { "" };
	if (calendar_add_workdays(cal, D(from), n, &out, &err) != CP_OK)
		fail_msg("%s + %d: %s", from, n, err.msg);
	char buf[CP_DATE_STRLEN];
	date_format(out, buf);
	assert_string_equal(buf, want);
	/* workdays_between is its inverse. */
	int back = 0;
	assert_int_equal(calendar_workdays_between(cal, D(from), out, &back,
	                                           &err), CP_OK);
	assert_int_equal(back, n);
}

static void test_file_loaded(void **state)
{
	(void)state;
	assert_int_equal(real->ndivisions, 3);
	const holiday_division *ew = holidays_division(real, "england-and-wales");
	assert_non_null(ew);
	assert_non_null(holidays_division(real, "scotland"));
	assert_non_null(holidays_division(real, "northern-ireland"));
	assert_null(holidays_division(real, "wales"));
	assert_int_equal(ew->first_year, 2018);
	assert_int_equal(ew->last_year, 2030);
	for (size_t i = 1; i < ew->nevents; i++)
		assert_true(ew->events[i - 1].date < ew->events[i].date);
	/* The curly apostrophe is valid UTF-8 and survives sanitising. */
	assert_string_equal(ew->events[0].title, "New Year\xE2\x80\x99s Day");
}

static void test_weekends(void **state)
{
	(void)state;
	calendar cal;
	open_cal(&cal, "england-and-wales");
	assert_true(workday(&cal, "2027-05-10"));
	assert_true(workday(&cal, "2027-05-14"));
	assert_closed(&cal, "2027-05-15", "Saturday");
	assert_closed(&cal, "2027-05-16", "Sunday");
	assert_null(calendar_reason_closed(&cal, D("2027-05-11")));
	calendar_fini(&cal);
}

static void test_easter_and_one_offs(void **state)
{
	(void)state;
	calendar cal;
	open_cal(&cal, "england-and-wales");
	assert_closed(&cal, "2027-03-26", "Good Friday");
	assert_closed(&cal, "2027-03-29", "Easter Monday");
	assert_true(workday(&cal, "2027-03-25"));
	assert_true(workday(&cal, "2027-03-30"));
	assert_closed(&cal, "2028-04-14", "Good Friday");
	assert_closed(&cal, "2028-04-17", "Easter Monday");
	assert_closed(&cal, "2022-06-03", "Platinum Jubilee bank holiday");
	assert_closed(&cal, "2022-06-02", "Spring bank holiday");
	assert_closed(&cal, "2022-09-19",
	              "Bank Holiday for the State Funeral of Queen Elizabeth II");
	assert_closed(&cal, "2023-05-08",
	              "Bank holiday for the coronation of King Charles III");
	calendar_fini(&cal);
}

static void test_substitute_days(void **state)
{
	(void)state;
	calendar cal;
	open_cal(&cal, "england-and-wales");
	/* Christmas 2027 is a Saturday, Boxing Day a Sunday. */
	assert_closed(&cal, "2027-12-25", "Saturday");
	assert_closed(&cal, "2027-12-26", "Sunday");
	assert_closed(&cal, "2027-12-27", "Christmas Day (Substitute day)");
	assert_closed(&cal, "2027-12-28", "Boxing Day (Substitute day)");
	assert_true(workday(&cal, "2027-12-24"));
	assert_true(workday(&cal, "2027-12-29"));
	assert_closed(&cal, "2028-01-03", "New Year\xE2\x80\x99s Day (Substitute day)");
	calendar_fini(&cal);
}

static void test_scotland_and_northern_ireland(void **state)
{
	(void)state;
	calendar ew, sc, ni;
	open_cal(&ew, "england-and-wales");
	open_cal(&sc, "scotland");
	open_cal(&ni, "northern-ireland");
	/* 2 January 2027 is a Saturday: Scotland's substitute is Monday 4th. */
	assert_closed(&sc, "2027-01-04", "2nd January (Substitute day)");
	assert_true(workday(&ew, "2027-01-04"));
	/* St Andrew's Day 2025 is a Sunday: substitute Monday 1 December. */
	assert_closed(&sc, "2025-12-01",
	              "St Andrew\xE2\x80\x99s Day (Substitute day)");
	assert_true(workday(&ew, "2025-12-01"));
	assert_closed(&sc, "2027-11-30", "St Andrew\xE2\x80\x99s Day");
	/* No Easter Monday in Scotland; its summer holiday is in August. */
	assert_true(workday(&sc, "2027-03-29"));
	assert_closed(&sc, "2027-08-02", "Summer bank holiday");
	assert_true(workday(&ew, "2027-08-02"));
	assert_closed(&ni, "2027-03-17", "St Patrick\xE2\x80\x99s Day");
	assert_closed(&ni, "2027-07-12",
	              "Battle of the Boyne (Orangemen\xE2\x80\x99s Day)");
	assert_true(workday(&ew, "2027-03-17"));
	assert_true(workday(&ew, "2027-07-12"));
	assert_add(&sc, "2027-01-01", 1, "2027-01-05");
	assert_add(&ew, "2027-01-01", 1, "2027-01-04");
	calendar_fini(&ew);
	calendar_fini(&sc);
	calendar_fini(&ni);
}

static void test_out_of_coverage(void **state)
{
	(void)state;
	calendar cal;
	open_cal(&cal, "england-and-wales");
	bool w;
	cp_date out;
	cp_error err = { "" };
	assert_true(calendar_covers(&cal, D("2018-01-01")));
	assert_true(calendar_covers(&cal, D("2030-12-31")));
	assert_false(calendar_covers(&cal, D("2017-12-31")));
	assert_false(calendar_covers(&cal, D("2031-01-01")));
	assert_int_equal(calendar_is_workday(&cal, D("2031-01-02"), &w, &err),
	                 CP_BADINPUT);
	assert_string_equal(err.msg,
	    "2031-01-02 is outside the bank holidays known for "
	    "england-and-wales (2018-2030): install a newer bank-holidays.json");
	assert_int_equal(calendar_is_workday(&cal, D("2017-06-01"), &w, &err),
	                 CP_BADINPUT);
	assert_string_equal(err.msg,
	    "2017-06-01 is outside the bank holidays known for "
	    "england-and-wales (2018-2030): install a bank-holidays.json "
	    "that covers 2017");
	assert_null(calendar_reason_closed(&cal, D("2031-01-04")));
	assert_int_equal(calendar_add_workdays(&cal, D("2031-01-02"), 0, &out,
	                                       &err), CP_BADINPUT);
	/* Walking off either end is an error, never a guess. */
	assert_int_equal(calendar_add_workdays(&cal, D("2030-12-30"), 5, &out,
	                                       &err), CP_BADINPUT);
	assert_string_equal(err.msg,
	    "counting 5 working days from 2030-12-30: 2031-01-01 is outside "
	    "the bank holidays known for england-and-wales (2018-2030): "
	    "install a newer bank-holidays.json");
	assert_int_equal(calendar_add_workdays(&cal, D("2018-01-03"), -2, &out,
	                                       &err), CP_BADINPUT);
	assert_add(&cal, "2018-01-03", -1, "2018-01-02");
	assert_int_equal(calendar_workday_on_or_before(&cal, D("2018-01-01"),
	                                               &out, &err), CP_BADINPUT);
	calendar_fini(&cal);
}

static void test_add_workdays(void **state)
{
	(void)state;
	calendar cal;
	open_cal(&cal, "england-and-wales");
	assert_add(&cal, "2027-05-11", -1, "2027-05-10");
	assert_add(&cal, "2027-05-11", 1, "2027-05-12");
	assert_add(&cal, "2027-05-11", 0, "2027-05-11");
	assert_add(&cal, "2027-05-15", 0, "2027-05-15");
	assert_add(&cal, "2027-05-15", 1, "2027-05-17");  /* Saturday */
	assert_add(&cal, "2027-05-15", -1, "2027-05-14");
	assert_add(&cal, "2027-05-29", 1, "2027-06-01");  /* bank holiday Monday */
	assert_add(&cal, "2027-05-11", 10, "2027-05-25");
	/* Christmas 2027: Fri 24 counts, then Wed 29. */
	assert_add(&cal, "2027-12-23", 1, "2027-12-24");
	assert_add(&cal, "2027-12-23", 2, "2027-12-29");
	assert_add(&cal, "2027-12-23", 3, "2027-12-30");
	assert_add(&cal, "2027-12-29", -1, "2027-12-24");
	assert_add(&cal, "2027-12-30", -3, "2027-12-23");
	/* Easter 2027: Thursday 25 March to Tuesday 30 March. */
	assert_add(&cal, "2027-03-25", 1, "2027-03-30");
	assert_add(&cal, "2027-03-30", -1, "2027-03-25");
	assert_add(&cal, "2028-04-13", 1, "2028-04-18");
	assert_add(&cal, "2028-04-18", -1, "2028-04-13");
	/* A year: 261 weekdays in 2027, 8 of them bank holidays. */
	assert_add(&cal, "2026-12-31", 253, "2027-12-31");
	calendar_fini(&cal);
}

static void test_nearest_and_between(void **state)
{
	(void)state;
	calendar cal;
	open_cal(&cal, "england-and-wales");
	cp_date out;
	cp_error err;
	int n;
	assert_int_equal(calendar_workday_on_or_before(&cal, D("2027-12-27"),
	                                               &out, &err), CP_OK);
	assert_int_equal(out, D("2027-12-24"));
	assert_int_equal(calendar_workday_on_or_after(&cal, D("2027-12-25"),
	                                              &out, &err), CP_OK);
	assert_int_equal(out, D("2027-12-29"));
	assert_int_equal(calendar_workday_on_or_after(&cal, D("2027-05-11"),
	                                              &out, &err), CP_OK);
	assert_int_equal(out, D("2027-05-11"));
	assert_int_equal(calendar_workdays_between(&cal, D("2027-05-11"),
	                                           D("2027-05-11"), &n, &err),
	                 CP_OK);
	assert_int_equal(n, 0);
	/* Inverse of add_workdays over every day of a year, both ways. */
	for (cp_date d = D("2027-01-01"); d <= D("2027-12-31"); d++) {
		for (int k = -30; k <= 30; k += 7) {
			cp_date to;
			assert_int_equal(calendar_add_workdays(&cal, d, k, &to, &err),
			                 CP_OK);
			assert_int_equal(calendar_workdays_between(&cal, d, to, &n,
			                                           &err), CP_OK);
			assert_int_equal(n, k);
		}
	}
	calendar_fini(&cal);
}

static void test_closures(void **state)
{
	(void)state;
	const closure cl[] = {
		{ D("2027-05-12"), "Local closure: staff training" },
		{ D("2027-12-24"), "Local closure: Christmas Eve" },
	};
	calendar cal;
	cp_error err = { "" };
	assert_int_equal(calendar_init(&cal, real, "england-and-wales", cl, 2,
	                               &err), CP_OK);
	assert_closed(&cal, "2027-05-12", "Local closure: staff training");
	assert_add(&cal, "2027-05-11", 1, "2027-05-13");
	assert_add(&cal, "2027-12-23", 1, "2027-12-29");
	calendar_fini(&cal);

	const closure late[] = { { D("2031-01-02"), "Away day" } };
	assert_int_equal(calendar_init(&cal, real, "england-and-wales", late, 1,
	                               &err), CP_BADINPUT);
	assert_string_equal(err.msg,
	    "local closure 'Away day': 2031-01-02 is outside the bank holidays "
	    "known for england-and-wales (2018-2030): install a newer "
	    "bank-holidays.json");
	assert_null(cal.closed);

	assert_int_equal(calendar_init(&cal, real, "wales", NULL, 0, &err),
	                 CP_BADINPUT);
	assert_non_null(strstr(err.msg, "no division 'wales' in "));
	assert_non_null(strstr(err.msg, ": it has england-and-wales, scotland, "
	                                "northern-ireland"));
}

/* ---- bad files ----------------------------------------------------------- */

static void expect_bad(const char *text, const char *msg)
{
	holiday_file *hf = (holiday_file *)1;
	cp_error err = { "" };
	assert_int_equal(holidays_parse("t.json", (const unsigned char *)text,
	                                strlen(text), &hf, &err), CP_BADINPUT);
	assert_null(hf);
	assert_string_equal(err.msg, msg);
}

static holiday_file *expect_good(const char *text)
{
	holiday_file *hf = NULL;
	cp_error err = { "" };
	if (holidays_parse("t.json", (const unsigned char *)text, strlen(text),
	                   &hf, &err) != CP_OK)
		fail_msg("%s", err.msg);
	return hf;
}

static void test_bad_files(void **state)
{
	(void)state;
	expect_bad("{\"a\": {\"events\": [ {\"title\": \"x\", \"date\": "
	           "\"2027-01-01\"}\n  {\"title\": \"y\"}]}}",
	           "t.json:2:3: not valid JSON/YAML: did not find expected ',' "
	           "or ']' while parsing a flow sequence; " HINT);
	expect_bad("{\"a\": {\"events\": [\n {\"title\": \"x\"}]}}",
	           "t.json:2:2: this event has no 'date': every event needs a "
	           "'title' and a 'date' (YYYY-MM-DD); " HINT);
	expect_bad("{\"a\": {\"events\": [\n {\"title\": \"x\", \"date\": "
	           "\"2027-02-30\"}]}}",
	           "t.json:2:25: '2027-02-30' is not a date: February 2027 has "
	           "28 days; " HINT);
	expect_bad("{\"a\": {\"events\": [\n"
	           " {\"title\": \"x\", \"date\": \"2027-01-01\"},\n"
	           " {\"title\": \"y\", \"date\": \"2029-01-01\"}]}}",
	           "t.json:1:18: division 'a' has no bank holidays in 2028, "
	           "although it covers 2027 to 2029: the file is incomplete; "
	           HINT);
	expect_bad("a: {events: [ &e {title: x, date: 2027-01-01}, *e ]}",
	           "t.json:1:15: YAML anchors (&name) are not allowed in a "
	           "bank-holidays file; " HINT);
	expect_bad("a: {events: [ {title: x, date: 2027-01-01}, *e ]}",
	           "t.json:1:45: YAML aliases (*name) are not allowed in a "
	           "bank-holidays file; " HINT);
	expect_bad("", "t.json:1:1: the file is empty; " HINT);
	expect_bad("[1]", "t.json:1:1: the file must be an object, not a "
	                  "list; " HINT);
	expect_bad("{\"a\": {\"events\": {}}}",
	           "t.json:1:18: 'events' must be a list, not an object; " HINT);
	expect_bad("{\"a\": {\"division\": \"a\"}}",
	           "t.json:1:7: division 'a' has no 'events' list; " HINT);
	expect_bad("{\"a\": {\"events\": [ {\"title\": [1], \"date\": "
	           "\"2027-01-01\"}]}}",
	           "t.json:1:30: 'title' must be a string, not a list; " HINT);
	expect_bad("{\"a\": {\"events\": [ {\"title\": \"x\", \"date\": "
	           "\"2027-01-01\", \"bunting\": 3}]}}",
	           "t.json:1:68: 'bunting' must be true or false, not '3'; " HINT);
	expect_bad("[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]",
	           "t.json:1:17: nested more than 16 levels deep; " HINT);
	expect_bad("{\"a\": {\"events\": [\n {\"title\": \"x\", \"date\": "
	           "\"2027-01-01\"}]}}\n\xff",
	           "t.json:3:1: not valid JSON/YAML: invalid leading UTF-8 "
	           "octet; " HINT);
}

static void test_lenient_parts(void **state)
{
	(void)state;
	/* Unknown keys are ignored, notes/bunting optional, duplicates merged,
	 * controls in titles replaced. */
	holiday_file *hf = expect_good(
	    "{\"x\": {\"division\": \"x\", \"colour\": \"red\", \"events\": [\n"
	    " {\"title\": \"B\", \"date\": \"2027-06-01\", \"new\": [1]},\n"
	    " {\"title\": \"A\\u001b[2J\", \"date\": \"2027-01-01\"},\n"
	    " {\"title\": \"B\", \"date\": \"2027-06-01\", \"bunting\": false}]}}");
	const holiday_division *hd = holidays_division(hf, "x");
	assert_non_null(hd);
	assert_int_equal(hd->nevents, 2);
	assert_string_equal(hd->events[0].title, "A?[2J");
	assert_string_equal(hd->events[1].title, "B");
	assert_int_equal(hd->first_year, 2027);
	assert_int_equal(hd->last_year, 2027);
	calendar cal;
	cp_error err;
	assert_int_equal(calendar_init(&cal, hf, "x", NULL, 0, &err), CP_OK);
	assert_int_equal(cal.first, D("2027-01-01"));
	assert_int_equal(cal.last, D("2027-12-31"));
	calendar_fini(&cal);
	holidays_free(hf);
}

/* holidays_parse reads plain JSON with cJSON and hands everything else to
 * libyaml (holidays_parse_yaml): both must give the same file. */
static void assert_same_file(const holiday_file *a, const holiday_file *b)
{
	assert_int_equal(a->ndivisions, b->ndivisions);
	for (size_t i = 0; i < a->ndivisions; i++) {
		const holiday_division *p = &a->divisions[i], *q = &b->divisions[i];
		assert_string_equal(p->name, q->name);
		assert_int_equal(p->nevents, q->nevents);
		assert_int_equal(p->first_year, q->first_year);
		assert_int_equal(p->last_year, q->last_year);
		for (size_t j = 0; j < p->nevents; j++) {
			assert_int_equal(p->events[j].date, q->events[j].date);
			assert_string_equal(p->events[j].title, q->events[j].title);
		}
	}
}

static void assert_readers_agree(const char *text)
{
	holiday_file *hf = expect_good(text), *ref = NULL;
	cp_error err = { "" };
	if (holidays_parse_yaml("t.json", (const unsigned char *)text,
	                        strlen(text), &ref, &err) != CP_OK)
		fail_msg("%s", err.msg);
	assert_same_file(hf, ref);
	holidays_free(hf);
	holidays_free(ref);
}

static void test_readers_agree(void **state)
{
	(void)state;
	/* Both readers are here to compare: libcjson, loaded on first use
	 * (it was, for the file this suite loaded), is a build dependency. */
	assert_true(holidays_fast_reader());
	/* The shipped file, all three divisions. */
	FILE *f = fopen(real->path, "rb");
	assert_non_null(f);
	static unsigned char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	holiday_file *ref = NULL;
	cp_error err = { "" };
	if (holidays_parse_yaml("x", buf, n, &ref, &err) != CP_OK)
		fail_msg("%s", err.msg);
	assert_same_file(real, ref);
	holidays_free(ref);

	/* Plain JSON that cJSON reads. */
	assert_readers_agree(
	    "{\"a\":{\"division\":\"a\",\"x\":[1,{\"y\":[true,null,-1.5e3]}],"
	    "\"events\":[{\"title\":\"caf\xC3\xA9 \\u00e9\\/\\b\","
	    "\"date\":\"2027-01-01\",\"notes\":\"n\",\"bunting\":false},"
	    "{\"title\":\"x\",\"date\":\"2027-01-01\"},"
	    "{\"title\":\"A\\u2028B\\u0085\",\"date\":\"2028-01-03\","
	    "\"bunting\":\"true\"}]}}");
	/* What cJSON does not read the same way goes to libyaml: a number as
	 * a title, notes of null, a raw line break (YAML folds it), raw NEL
	 * and LS, a trailing comma, YAML's own spellings. */
	assert_readers_agree(
	    "{\"a\": {\"division\": 5, \"events\": [\n"
	    " {\"title\": 3, \"date\": \"2027-01-01\", \"notes\": null},\n"
	    " {\"title\": \"x\n   y\", \"date\": \"2027-06-01\"},\n"
	    " {\"title\": \"n\xC2\x85l\xE2\x80\xA8s\", \"date\": \"2027-07-01\"},\n"
	    "]}}");
	assert_readers_agree("a: {events: [{title: x, date: 2027-01-01, "
	                     "notes: Substitute day}]}");

	/* Valid JSON that libyaml cannot read is read as JSON: a key and its
	 * ':' on two lines, a tab before the object. */
	holiday_file *hf = expect_good(
	    "\t{\"a\": {\"events\"\n: [{\"title\": \"x\", \"date\": "
	    "\"2027-01-01\"}]}}");
	assert_int_equal(hf->divisions[0].nevents, 1);
	holidays_free(hf);

	/* Errors are libyaml's, with FILE:LINE:COL, whichever reader tried
	 * first: too deep (inside a key we ignore), a division twice, a DEL. */
	expect_bad("{\"a\": {\"z\": [[[[[[[[[[[[[[[1]]]]]]]]]]]]]]], \"events\": "
	           "[{\"title\": \"x\", \"date\": \"2027-01-01\"}]}}",
	           "t.json:1:27: nested more than 16 levels deep; " HINT);
	expect_bad("{\"a\": {\"events\": [{\"title\": \"x\", \"date\": "
	           "\"2027-01-01\"}]},\n \"a\": {\"events\": []}}",
	           "t.json:2:2: division 'a' appears twice; " HINT);
	expect_bad("{\"a\": {\"events\": [{\"title\": \"x\x7F\", \"date\": "
	           "\"2027-01-01\"}]}}",
	           "t.json:1:31: not valid JSON/YAML: control characters are "
	           "not allowed; " HINT);
	expect_bad("{\"a\": {\"events\": [{\"title\": \"x\", \"date\": "
	           "\"2027-01-01\", \"title\": \"y\"}]}}",
	           "t.json:1:56: 'title' appears twice; " HINT);
}

static void test_load_missing_file(void **state)
{
	(void)state;
	holiday_file *hf;
	cp_error err = { "" };
	assert_int_equal(holidays_load("/nonexistent/bank-holidays.json", &hf,
	                                &err), CP_BADINPUT);
	assert_string_equal(err.msg, "/nonexistent/bank-holidays.json: cannot "
	                             "open: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_loaded),
		cmocka_unit_test(test_weekends),
		cmocka_unit_test(test_easter_and_one_offs),
		cmocka_unit_test(test_substitute_days),
		cmocka_unit_test(test_scotland_and_northern_ireland),
		cmocka_unit_test(test_out_of_coverage),
		cmocka_unit_test(test_add_workdays),
		cmocka_unit_test(test_nearest_and_between),
		cmocka_unit_test(test_closures),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_lenient_parts),
		cmocka_unit_test(test_readers_agree),
		cmocka_unit_test(test_load_missing_file),
	};
	return cmocka_run_group_tests_name("calendar", tests, load_real,
	                                   free_real);
}

/* test_date.c - day numbers, strict parsing, month arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

static cp_date ymd(int y, int m, int d)
{
	cp_date out = 0;
	assert_true(date_from_ymd(y, m, d, &out));
	return out;
}

static void assert_date(cp_date d, const char *want)
{
	char buf[CP_DATE_STRLEN];
	date_format(d, buf);
	assert_string_equal(buf, want);
}

static void test_epoch_and_round_trip(void **state)
{
	(void)state;
	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(1969, 12, 31), -1);
	assert_int_equal(ymd(2000, 3, 1), 11017);
	/* Every day from 1900 to 2200 survives the round trip. */
	cp_date first = ymd(CP_YEAR_MIN, 1, 1), last = ymd(CP_YEAR_MAX, 12, 31);
	cp_date prev = first - 1;
	for (cp_date d = first; d <= last; d++) {
		int y, m, dd;
		cp_date back;
		date_to_ymd(d, &y, &m, &dd);
		assert_true(date_from_ymd(y, m, dd, &back));
		assert_int_equal(back, d);
		assert_int_equal(back, prev + 1);
		prev = back;
	}
}

static void test_parse_good(void **state)
{
	(void)state;
	cp_date d;
	cp_error err;
	assert_int_equal(date_parse("2027-05-11", &d, &err), CP_OK);
	assert_int_equal(d, ymd(2027, 5, 11));
	assert_int_equal(date_parse("2028-02-29", &d, &err), CP_OK);
	assert_date(d, "2028-02-29");
	assert_int_equal(date_parse("1900-01-01", &d, &err), CP_OK);
	assert_int_equal(date_parse("2200-12-31", &d, &err), CP_OK);
}

static void expect_bad(const char *text, const char *msg)
{
	cp_date d = 12345;
	cp_error err = { "" };
	assert_int_equal(date_parse(text, &d, &err), CP_BADINPUT);
	assert_int_equal(d, 12345); /* untouched */
	if (msg)
		assert_string_equal(err.msg, msg);
}

static void test_parse_bad(void **state)
{
	(void)state;
	expect_bad("2027-02-30",
	           "'2027-02-30' is not a date: February 2027 has 28 days");
	expect_bad("27-5-1", "'27-5-1' is not a date: write YYYY-MM-DD");
	expect_bad("2027-13-01", "'2027-13-01' is not a date: there is no month 13");
	expect_bad("2027-04-31", "'2027-04-31' is not a date: April 2027 has 30 days");
	expect_bad("2027-00-10", NULL);
	expect_bad("2027-01-00", NULL);
	expect_bad("2027-5-01", NULL);
	expect_bad("2027-05-1", NULL);
	expect_bad("2027-05-011", NULL);
	expect_bad(" 2027-05-01", NULL);
	expect_bad("2027-05-01 ", NULL);
	expect_bad("2027/05/01", NULL);
	expect_bad("+027-05-01", NULL);
	expect_bad("2027-0x-01", NULL);
	expect_bad("", NULL);
	expect_bad("1899-12-31", NULL);
	expect_bad("2201-01-01", NULL);
	expect_bad("2100-02-29",
	           "'2100-02-29' is not a date: February 2100 has 28 days");
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_false(date_is_leap_year(1900));
	assert_true(date_is_leap_year(2000));
	assert_true(date_is_leap_year(2024));
	assert_false(date_is_leap_year(2100));
	assert_false(date_is_leap_year(2027));
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(2027, 4), 30);
	assert_int_equal(date_days_in_month(2027, 12), 31);
	assert_int_equal(date_days_in_month(2027, 13), 0);
	cp_date d;
	assert_false(date_from_ymd(1900, 2, 29, &d));
	assert_true(date_from_ymd(2000, 2, 29, &d));
	assert_true(date_from_ymd(2024, 2, 29, &d));
	assert_false(date_from_ymd(2100, 2, 29, &d));
	/* 2000 and 2024 have 366 days, 1900 and 2100 have 365. */
	assert_int_equal(ymd(2001, 1, 1) - ymd(2000, 1, 1), 366);
	assert_int_equal(ymd(2025, 1, 1) - ymd(2024, 1, 1), 366);
	assert_int_equal(ymd(1901, 1, 1) - ymd(1900, 1, 1), 365);
	assert_int_equal(ymd(2101, 1, 1) - ymd(2100, 1, 1), 365);
}

static void test_add_months(void **state)
{
	(void)state;
	assert_date(date_add_months(ymd(2027, 3, 31), 6), "2027-09-30");
	assert_date(date_add_months(ymd(2028, 1, 31), 1), "2028-02-29");
	assert_date(date_add_months(ymd(2027, 1, 31), 1), "2027-02-28");
	assert_date(date_add_months(ymd(2028, 2, 29), 12), "2029-02-28");
	assert_date(date_add_months(ymd(2028, 2, 29), 48), "2032-02-29");
	assert_date(date_add_months(ymd(2027, 8, 31), -6), "2027-02-28");
	assert_date(date_add_months(ymd(2027, 5, 11), 0), "2027-05-11");
	assert_date(date_add_months(ymd(2027, 11, 15), 3), "2028-02-15");
	assert_date(date_add_months(ymd(2027, 1, 15), -1), "2026-12-15");
	assert_date(date_add_months(ymd(2027, 1, 15), -13), "2025-12-15");
	assert_date(date_add_months(ymd(2027, 12, 31), -24), "2025-12-31");
	assert_date(date_add_months(ymd(2024, 3, 31), -1), "2024-02-29");
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(0), 4); /* 1970-01-01: Thursday */
	assert_int_equal(date_weekday(-1), 3);
	assert_int_equal(date_weekday(ymd(2027, 5, 10)), 1);
	assert_int_equal(date_weekday(ymd(2027, 5, 11)), 2);
	assert_int_equal(date_weekday(ymd(2027, 5, 15)), 6);
	assert_int_equal(date_weekday(ymd(2027, 5, 16)), 7);
	assert_int_equal(date_weekday(ymd(2027, 12, 25)), 6);
	assert_int_equal(date_weekday(ymd(1900, 1, 1)), 1);
	assert_string_equal(date_weekday_name(ymd(2027, 5, 11)), "Tue");
	assert_string_equal(date_weekday_name(ymd(2027, 5, 16)), "Sun");
}

static void test_week_start(void **state)
{
	(void)state;
	assert_date(date_week_start(ymd(2027, 5, 10)), "2027-05-10");
	assert_date(date_week_start(ymd(2027, 5, 13)), "2027-05-10");
	assert_date(date_week_start(ymd(2027, 5, 16)), "2027-05-10");
	assert_date(date_week_start(ymd(2027, 1, 1)), "2026-12-28");
	assert_date(date_week_start(ymd(1969, 12, 31)), "1969-12-29");
}

static void test_format_and_today(void **state)
{
	(void)state;
	assert_date(ymd(1900, 1, 1), "1900-01-01");
	assert_date(ymd(2200, 12, 31), "2200-12-31");
	cp_date t = date_today();
	int y, m, d;
	date_to_ymd(t, &y, &m, &d);
	assert_true(y >= 2024 && y <= CP_YEAR_MAX);
}

/* Moments: ISO 8601 with the offset of the zone $TZ says. */
static void test_moment_format(void **state)
{
	(void)state;
	char buf[CP_MOMENT_STRLEN];
	const char *was = getenv("TZ");
	char *saved = was ? strdup(was) : NULL;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_string_equal(date_moment_format(1796559783, buf),
	                    "2026-12-06T12:23:03+00:00");
	setenv("TZ", "Europe/London", 1);   /* summer time: +01:00 */
	tzset();
	assert_string_equal(date_moment_format(1783338000, buf),
	                    "2026-07-06T12:40:00+01:00");
	setenv("TZ", "America/St_Johns", 1);   /* a half-hour zone, west */
	tzset();
	assert_string_equal(date_moment_format(1796559783, buf),
	                    "2026-12-06T08:53:03-03:30");
	assert_string_equal(date_moment_format(0, buf), "-");
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_round_trip),
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_week_start),
		cmocka_unit_test(test_format_and_today),
		cmocka_unit_test(test_moment_format),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}

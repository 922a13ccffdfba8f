/* test_offset.c - "10 working days before meeting": parsing every unit
 * and spelling, refusing bad texts with a clear message, and applying
 * offsets on the England and Wales calendar (month ends, leap years,
 * hours across midnight and weekends, weekday units, closed days).
 *
 * Every expected date below is worked out by hand from
 * data/bank-holidays.json; the reasoning is in the comment next to it. */
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
#include "offset.h"

static holiday_file *hf;
static calendar cal;

static int setup(void **state)
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
		if (holidays_load(places[i], &hf, &err) != CP_OK ||
		    calendar_init(&cal, hf, "england-and-wales", NULL, 0, &err) !=
		        CP_OK) {
			fprintf(stderr, "%s\n", err.msg);
			return -1;
		}
		return 0;
	}
	fprintf(stderr, "cannot find data/bank-holidays.json\n");
	return -1;
}

static int teardown(void **state)
{
	(void)state;
	calendar_fini(&cal);
	holidays_free(hf);
	return 0;
}

static cp_date D(const char *s)
{
	cp_date d = 0;
	cp_error err;
	if (date_parse(s, &d, &err) != CP_OK)
		fail_msg("%s", err.msg);
	return d;
}

static offset P(const char *text)
{
	offset o;
	cp_error err = { "" };
	if (offset_parse(text, &o, &err) != CP_OK)
		fail_msg("'%s': %s", text, err.msg);
	return o;
}

static void assert_parses(const char *text, int amount, offset_unit unit,
                          const char *anchor)
{
	offset o = P(text);
	if (o.amount != amount || o.unit != unit || strcmp(o.anchor, anchor))
		fail_msg("'%s' parsed as amount %d unit %d anchor '%s'", text,
		         o.amount, (int)o.unit, o.anchor);
}

static void assert_bad(const char *text, const char *expect)
{
	offset o;
	cp_error err = { "" };
	assert_int_equal(offset_parse(text, &o, &err), CP_BADINPUT);
	if (!strstr(err.msg, expect))
		fail_msg("'%s': got '%s', want '%s'", text, err.msg, expect);
}

/* Apply text from `from` (time `minutes`) and compare with `want`. */
static void check(const char *text, const char *from, int minutes,
                  closed_rule closed, const char *want)
{
	offset o = P(text);
	cp_date out = 0;
	cp_error err = { "" };
	if (offset_apply(&o, &cal, D(from), minutes, closed, &out, &err) != CP_OK)
		fail_msg("'%s' from %s: %s", text, from, err.msg);
	char got[CP_DATE_STRLEN];
	date_format(out, got);
	if (strcmp(got, want))
		fail_msg("'%s' from %s (%d min, %s): got %s, want %s", text, from,
		         minutes, closed == CLOSED_LATER ? "later" : "earlier", got,
		         want);
}

#define E CLOSED_EARLIER
#define L CLOSED_LATER

/* ---- parsing ------------------------------------------------------------ */

static void parse_every_unit(void **state)
{
	(void)state;
	assert_parses("10 working days before meeting", -10, UNIT_WORKING_DAYS, "meeting");
	assert_parses("1 working day after meeting", 1, UNIT_WORKING_DAYS, "meeting");
	assert_parses("400 working days after meeting", 400, UNIT_WORKING_DAYS, "meeting");
	assert_parses("13 days before meeting", -13, UNIT_DAYS, "meeting");
	assert_parses("1 day after s47-start", 1, UNIT_DAYS, "s47-start");
	assert_parses("550 days after meeting", 550, UNIT_DAYS, "meeting");
	assert_parses("5 weeks before meeting", -5, UNIT_WEEKS, "meeting");
	assert_parses("1 week after meeting", 1, UNIT_WEEKS, "meeting");
	assert_parses("80 weeks after meeting", 80, UNIT_WEEKS, "meeting");
	assert_parses("3 months after care-start", 3, UNIT_MONTHS, "care-start");
	assert_parses("1 month before meeting", -1, UNIT_MONTHS, "meeting");
	assert_parses("24 months before meeting", -24, UNIT_MONTHS, "meeting");
	assert_parses("24 hours after meeting", 24, UNIT_HOURS, "meeting");
	assert_parses("1 hour before meeting", -1, UNIT_HOURS, "meeting");
	assert_parses("720 hours after meeting", 720, UNIT_HOURS, "meeting");
	assert_parses("24 working hours after meeting", 24, UNIT_WORKING_HOURS, "meeting");
	assert_parses("1 working hour before meeting", -1, UNIT_WORKING_HOURS, "meeting");
	assert_parses("720 working hours after meeting", 720, UNIT_WORKING_HOURS, "meeting");
	assert_parses("1 monday after meeting", 1, UNIT_MONDAYS, "meeting");
	assert_parses("2 mondays before meeting", -2, UNIT_MONDAYS, "meeting");
	assert_parses("1 tuesday after meeting", 1, UNIT_TUESDAYS, "meeting");
	assert_parses("3 tuesdays after meeting", 3, UNIT_TUESDAYS, "meeting");
	assert_parses("1 wednesday before meeting", -1, UNIT_WEDNESDAYS, "meeting");
	assert_parses("2 wednesdays after meeting", 2, UNIT_WEDNESDAYS, "meeting");
	assert_parses("1 thursday after meeting", 1, UNIT_THURSDAYS, "meeting");
	assert_parses("4 thursdays after meeting", 4, UNIT_THURSDAYS, "meeting");
	assert_parses("1 friday before meeting", -1, UNIT_FRIDAYS, "meeting");
	assert_parses("60 fridays after meeting", 60, UNIT_FRIDAYS, "meeting");
}

static void parse_spelling(void **state)
{
	(void)state;
	/* Singular and plural are both accepted whatever the number. */
	assert_parses("1 working days before meeting", -1, UNIT_WORKING_DAYS, "meeting");
	assert_parses("3 working day before meeting", -3, UNIT_WORKING_DAYS, "meeting");
	assert_parses("2 day after meeting", 2, UNIT_DAYS, "meeting");
	assert_parses("1 mondays after meeting", 1, UNIT_MONDAYS, "meeting");
	/* Extra spaces are harmless. */
	assert_parses("  5   working days   before   meeting  ", -5,
	              UNIT_WORKING_DAYS, "meeting");
	/* Anchors: lower-case letters, digits and '-'. */
	assert_parses("4 working days after s47-start", 4, UNIT_WORKING_DAYS, "s47-start");
	assert_parses("20 working days after care-start", 20, UNIT_WORKING_DAYS, "care-start");
	/* 31 characters is the longest anchor name. */
	assert_parses("1 day after abcdefghijklmnopqrstuvwxyz-1234", 1, UNIT_DAYS,
	              "abcdefghijklmnopqrstuvwxyz-1234");
	/* "0 ... before" is the day itself. */
	offset o = P("0 working days before meeting");
	assert_int_equal(o.amount, 0);
}

static void parse_on(void **state)
{
	(void)state;
	assert_parses("on meeting", 0, UNIT_DAYS, "meeting");
	assert_parses("on s47-start", 0, UNIT_DAYS, "s47-start");
	assert_parses("  on   care-start ", 0, UNIT_DAYS, "care-start");
}

static void parse_bad(void **state)
{
	(void)state;
	assert_bad("", "'' is not an offset: write e.g. '10 working days before meeting' or 'on meeting'");
	assert_bad("ten days before meeting", "is not an offset");
	assert_bad("onmeeting", "is not an offset");
	assert_bad("before meeting", "is not an offset");
	/* Negative numbers: the direction is said in words. */
	assert_bad("-3 days after meeting", "'-3 days after meeting' is not an offset");
	assert_bad("+3 days after meeting", "is not an offset");
	/* No unit, unknown units. */
	assert_bad("10 before meeting", "'10 before meeting': unknown unit; use working days, days, weeks, months, hours, working hours or a weekday");
	assert_bad("10 fortnights after meeting", "unknown unit");
	assert_bad("10 workingdays after meeting", "unknown unit");
	assert_bad("10 Working Days before meeting", "unknown unit");
	assert_bad("1 saturday after meeting", "unknown unit");
	assert_bad("1 sunday after meeting", "unknown unit");
	assert_bad("10daysbefore meeting", "unknown unit");
	assert_bad("10", "unknown unit");
	/* No direction. */
	assert_bad("10 working days meeting", "'10 working days meeting': say 'before' or 'after' after the unit");
	assert_bad("10 working days", "say 'before' or 'after'");
	assert_bad("10 working days from meeting", "say 'before' or 'after'");
	assert_bad("10 working days beforemeeting", "say 'before' or 'after'");
	/* No anchor. */
	assert_bad("10 working days before", "'10 working days before' does not say what it counts from: end with 'meeting' or an anchor such as 's47-start'");
	assert_bad("10 working days before   ", "does not say what it counts from");
	assert_bad("on", "'on' does not say what it counts from");
	assert_bad("on   ", "does not say what it counts from");
	/* Bad anchor characters. */
	assert_bad("10 working days before Meeting", "'10 working days before Meeting': 'Meeting' is not an anchor name (lower-case letters, digits and '-')");
	assert_bad("10 working days before s47_start", "'s47_start' is not an anchor name");
	assert_bad("1 day after the meeting", "'the meeting' is not an anchor name");
	assert_bad("on meeting!", "'meeting!' is not an anchor name");
	assert_bad("on m\xc3\xa9" "eting", "is not an anchor name");
	assert_bad("on meet\ting", "is not an anchor name");
	assert_bad("1 day after abcdefghijklmnopqrstuvwxyz-12345", "anchor name is too long");
}

static void parse_out_of_range(void **state)
{
	(void)state;
	assert_bad("401 working days before meeting", "'401 working days before meeting': 401 working days is out of range (at most 400)");
	assert_bad("900 working days before meeting", "900 working days is out of range (at most 400)");
	assert_bad("551 days after meeting", "551 days is out of range (at most 550)");
	assert_bad("81 weeks before meeting", "81 weeks is out of range (at most 80)");
	assert_bad("25 months after meeting", "25 months is out of range (at most 24)");
	assert_bad("721 hours after meeting", "721 hours is out of range (at most 720)");
	assert_bad("721 working hours after meeting", "721 working hours is out of range (at most 720)");
	assert_bad("61 mondays after meeting", "61 mondays is out of range (at most 60)");
	assert_bad("61 fridays before meeting", "61 fridays is out of range (at most 60)");
	/* Overflowing numbers are out of range, not wrapped round. */
	assert_bad("99999999999999999999999 days after meeting", "is out of range (at most 550)");
	assert_bad("4294967297 days after meeting", "is out of range (at most 550)");
}

static void unit_names_and_limits(void **state)
{
	(void)state;
	assert_int_equal(offset_max_amount(UNIT_WORKING_DAYS), 400);
	assert_int_equal(offset_max_amount(UNIT_DAYS), 550);
	assert_int_equal(offset_max_amount(UNIT_WEEKS), 80);
	assert_int_equal(offset_max_amount(UNIT_MONTHS), 24);
	assert_int_equal(offset_max_amount(UNIT_HOURS), 720);
	assert_int_equal(offset_max_amount(UNIT_MONDAYS), 60);
	assert_int_equal(offset_max_amount(UNIT_FRIDAYS), 60);
	assert_string_equal(offset_unit_name(UNIT_WORKING_DAYS, 1), "working day");
	assert_string_equal(offset_unit_name(UNIT_WORKING_DAYS, -1), "working day");
	assert_string_equal(offset_unit_name(UNIT_WORKING_DAYS, 2), "working days");
	assert_string_equal(offset_unit_name(UNIT_HOURS, 24), "hours");
	assert_int_equal(offset_max_amount(UNIT_WORKING_HOURS), 720);
	assert_string_equal(offset_unit_name(UNIT_WORKING_HOURS, 1), "working hour");
	assert_string_equal(offset_unit_name(UNIT_WORKING_HOURS, 24), "working hours");
	assert_string_equal(offset_unit_name(UNIT_THURSDAYS, 1), "thursday");
	assert_string_equal(offset_unit_name(UNIT_THURSDAYS, 3), "thursdays");
}

static void format_round_trip(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"10 working days before meeting", "1 working day after meeting",
		"on meeting", "on s47-start", "13 days before meeting",
		"1 day after care-start", "5 weeks before meeting",
		"1 week after meeting", "3 months after care-start",
		"24 hours after meeting", "1 hour before meeting",
		"24 working hours after meeting", "1 working hour before meeting",
		"1 monday after meeting", "2 fridays before meeting",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		offset o = P(texts[i]);
		char buf[96];
		offset_format(&o, buf, sizeof buf);
		assert_string_equal(buf, texts[i]);
	}
	/* The canonical spelling follows the number. */
	offset o = P("1 working days before meeting");
	char buf[96];
	offset_format(&o, buf, sizeof buf);
	assert_string_equal(buf, "1 working day before meeting");
	o = P("0 days after meeting");
	offset_format(&o, buf, sizeof buf);
	assert_string_equal(buf, "on meeting");
}

/* ---- applying ----------------------------------------------------------- */

static void apply_working_days(void **state)
{
	(void)state;
	/* 10 WD before Wed 6 Jan 2027: 5, 4 Jan (2); 1 Jan New Year, 2-3
	 * weekend skipped; 31, 30, 29 Dec (5); 28 Dec (Boxing Day
	 * substitute), 26-27 weekend, 25 Dec Christmas skipped; 24, 23, 22,
	 * 21 (9); 19-20 weekend; Fri 18 Dec (10). */
	check("10 working days before meeting", "2027-01-06", -1, E, "2026-12-18");
	/* Working days land on working days whatever if-closed says. */
	check("10 working days before meeting", "2027-01-06", -1, L, "2026-12-18");
	/* 5 WD after Wed 31 Mar 2027: 1, 2 Apr (2), 3-4 weekend, 5, 6, 7. */
	check("5 working days after meeting", "2027-03-31", -1, E, "2027-04-07");
	/* 1 WD before Tue 30 Mar 2027: Mon 29 Easter Monday, 27-28 weekend,
	 * Fri 26 Good Friday: Thu 25 Mar. */
	check("1 working day before meeting", "2027-03-30", -1, E, "2027-03-25");
	/* From a Saturday, +1 is the next working day (Mon 17 May 2027). */
	check("1 working day after meeting", "2027-05-15", -1, E, "2027-05-17");
	/* 0 working days: the day itself. */
	check("0 working days after meeting", "2027-05-12", -1, E, "2027-05-12");
}

static void apply_months_month_end(void **state)
{
	(void)state;
	/* Same day of the month, N months on. */
	check("3 months after meeting", "2027-05-12", -1, E, "2027-08-12");
	/* 31st -> 30th: 31 Mar + 6 months = 30 Sep 2027 (a Thursday). */
	check("6 months after meeting", "2027-03-31", -1, E, "2027-09-30");
	/* 31 May + 1 month = 30 Jun 2027 (Wednesday). */
	check("1 month after meeting", "2027-05-31", -1, E, "2027-06-30");
	/* 31 Aug + 3 months = 30 Nov 2027 (Tuesday). */
	check("3 months after meeting", "2027-08-31", -1, E, "2027-11-30");
	/* Leap year: 31 Jan 2028 + 1 month = Tue 29 Feb 2028. */
	check("1 month after meeting", "2028-01-31", -1, E, "2028-02-29");
	/* 30 Nov 2027 + 3 months: February 2028 has 29 days: Tue 29 Feb. */
	check("3 months after meeting", "2027-11-30", -1, E, "2028-02-29");
	/* Across the year end: 31 Dec 2027 + 2 months = Tue 29 Feb 2028. */
	check("2 months after meeting", "2027-12-31", -1, E, "2028-02-29");
	/* 29 Feb 2028 + 12 months = Wed 28 Feb 2029 (no 29th in 2029). */
	check("12 months after meeting", "2028-02-29", -1, E, "2029-02-28");
	/* Non-leap year: 31 Jan 2027 + 1 month = 28 Feb 2027, a Sunday:
	 * earlier -> Fri 26 Feb; later -> Mon 1 Mar. */
	check("1 month after meeting", "2027-01-31", -1, E, "2027-02-26");
	check("1 month after meeting", "2027-01-31", -1, L, "2027-03-01");
	/* Backwards: 31 Mar 2027 - 1 month = Sun 28 Feb 2027 -> 26 Feb /
	 * 1 Mar; 31 Mar 2028 - 1 month = Tue 29 Feb 2028. */
	check("1 month before meeting", "2027-03-31", -1, E, "2027-02-26");
	check("1 month before meeting", "2027-03-31", -1, L, "2027-03-01");
	check("1 month before meeting", "2028-03-31", -1, E, "2028-02-29");
	/* 31 Dec 2027 - 3 months = Thu 30 Sep 2027. */
	check("3 months before meeting", "2027-12-31", -1, E, "2027-09-30");
	/* Landing on Good Friday 26 Mar 2027 (26 Feb + 1 month): earlier
	 * Thu 25 Mar; later: 27-28 weekend, 29 Easter Monday -> Tue 30. */
	check("1 month after meeting", "2027-02-26", -1, E, "2027-03-25");
	check("1 month after meeting", "2027-02-26", -1, L, "2027-03-30");
}

static void apply_calendar_days_and_weeks(void **state)
{
	(void)state;
	/* Wed 6 Jan 2027 + 3 days = Sat 9 Jan: earlier Fri 8, later Mon 11. */
	check("3 days after meeting", "2027-01-06", -1, E, "2027-01-08");
	check("3 days after meeting", "2027-01-06", -1, L, "2027-01-11");
	/* Mon 20 Dec 2027 + 7 days = Mon 27 Dec (Christmas substitute):
	 * earlier: 26, 25 weekend -> Fri 24 Dec; later: 28 Dec (Boxing
	 * Day substitute) -> Wed 29 Dec. */
	check("7 days after meeting", "2027-12-20", -1, E, "2027-12-24");
	check("7 days after meeting", "2027-12-20", -1, L, "2027-12-29");
	/* Thu 8 Apr 2027 - 13 days = Good Friday 26 Mar: earlier Thu 25;
	 * later: weekend, Easter Monday 29 -> Tue 30 Mar. */
	check("13 days before meeting", "2027-04-08", -1, E, "2027-03-25");
	check("13 days before meeting", "2027-04-08", -1, L, "2027-03-30");
	/* An open day stays put. */
	check("2 days before meeting", "2027-01-06", -1, E, "2027-01-04");
	check("2 days before meeting", "2027-01-06", -1, L, "2027-01-04");
	/* Weeks: Wed 6 Jan 2027 - 5 weeks = Wed 2 Dec 2026. */
	check("5 weeks before meeting", "2027-01-06", -1, E, "2026-12-02");
	/* Mon 20 Dec 2027 + 1 week = Mon 27 Dec: 24 Dec / 29 Dec. */
	check("1 week after meeting", "2027-12-20", -1, E, "2027-12-24");
	check("1 week after meeting", "2027-12-20", -1, L, "2027-12-29");
	/* "on meeting" is the day itself, even a Saturday. */
	check("on meeting", "2027-05-15", -1, E, "2027-05-15");
	check("on meeting", "2027-05-15", -1, L, "2027-05-15");
	check("on meeting", "2027-12-27", -1, E, "2027-12-27");
}

static void apply_hours(void **state)
{
	(void)state;
	/* 24 hours after Wed 12 May 2027 10:00 is Thu 13 May 10:00. */
	check("24 hours after meeting", "2027-05-12", 600, E, "2027-05-13");
	/* No time: count from the start of the day: 24 h -> Thu 13 00:00. */
	check("24 hours after meeting", "2027-05-12", -1, E, "2027-05-13");
	/* 23 hours: from 00:00 (no time) it is still Wed 12 May 23:00; from
	 * 14:00 it crosses midnight to Thu 13 May 13:00; from 00:30 it is
	 * 23:30 on the 12th. */
	check("23 hours after meeting", "2027-05-12", -1, E, "2027-05-12");
	check("23 hours after meeting", "2027-05-12", 14 * 60, E, "2027-05-13");
	check("23 hours after meeting", "2027-05-12", 30, E, "2027-05-12");
	/* From 23:59, 1 hour crosses midnight: Thu 13 May 00:59. */
	check("1 hour after meeting", "2027-05-12", 23 * 60 + 59, E, "2027-05-13");
	/* Crossing midnight into a weekend: Fri 14 May 2027 15:00 + 24 h =
	 * Sat 15 May 15:00: earlier -> Fri 14; later -> Mon 17. */
	check("24 hours after meeting", "2027-05-14", 15 * 60, E, "2027-05-14");
	check("24 hours after meeting", "2027-05-14", 15 * 60, L, "2027-05-17");
	/* Thu 13 May 09:00 + 48 h = Sat 15 May 09:00: Fri 14 / Mon 17. */
	check("48 hours after meeting", "2027-05-13", 9 * 60, E, "2027-05-14");
	check("48 hours after meeting", "2027-05-13", 9 * 60, L, "2027-05-17");
	/* Fri 31 Dec 2027, no time: + 24 h = Sat 1 Jan 2028: earlier Fri 31
	 * Dec; later: 2 Sunday, 3 New Year substitute -> Tue 4 Jan. */
	check("24 hours after meeting", "2027-12-31", -1, E, "2027-12-31");
	check("24 hours after meeting", "2027-12-31", -1, L, "2028-01-04");
	/* Before: Mon 17 May 01:00 - 2 h = Sun 16 May 23:00: Fri 14 / Mon 17. */
	check("2 hours before meeting", "2027-05-17", 60, E, "2027-05-14");
	check("2 hours before meeting", "2027-05-17", 60, L, "2027-05-17");
	/* No time: 1 hour before the start of Wed 12 May is Tue 11 23:00;
	 * 24 hours before is Tue 11 00:00; 25 hours before is Mon 10 23:00. */
	check("1 hour before meeting", "2027-05-12", -1, E, "2027-05-11");
	check("24 hours before meeting", "2027-05-12", -1, E, "2027-05-11");
	check("25 hours before meeting", "2027-05-12", -1, E, "2027-05-10");
	/* With 10:00: 10 hours before is 00:00 the same day. */
	check("10 hours before meeting", "2027-05-12", 600, E, "2027-05-12");
	check("11 hours before meeting", "2027-05-12", 600, E, "2027-05-11");
	/* 720 hours = 30 days: Wed 12 May + 30 = Fri 11 Jun 2027. */
	check("720 hours after meeting", "2027-05-12", -1, E, "2027-06-11");
}

/* Working hours (issue 18): the 24 hours of each working day count,
 * those of weekends, bank holidays and closures do not.  2027: Fri 14
 * May; Mon 31 May and Good Friday 26 / Easter Monday 29 March are bank
 * holidays. */
static void apply_working_hours(void **state)
{
	(void)state;
	/* Fri 10:00: 14 hours of Friday, then 10 of Monday: Mon 10:00 (24
	 * plain hours would be Saturday, moved back to Friday). */
	check("24 working hours after meeting", "2027-05-14", 600, E, "2027-05-17");
	check("24 hours after meeting", "2027-05-14", 600, E, "2027-05-14");
	check("48 working hours after meeting", "2027-05-14", 600, L, "2027-05-18");
	/* 12 working hours after Fri 10:00 is Fri 22:00; after Fri 20:00,
	 * 4 of Friday and 8 of Monday: Mon 08:00. */
	check("12 working hours after meeting", "2027-05-14", 600, E, "2027-05-14");
	check("12 working hours after meeting", "2027-05-14", 1200, E, "2027-05-17");
	/* No time known: from Friday 00:00, never later than the rule:
	 * 24 working hours end Mon 00:00; 23 end Fri 23:00. */
	check("24 working hours after meeting", "2027-05-14", -1, E, "2027-05-17");
	check("23 working hours after meeting", "2027-05-14", -1, E, "2027-05-14");
	/* Fri 28 May 10:00, bank holiday Monday 31 May: Tue 1 June 10:00. */
	check("24 working hours after meeting", "2027-05-28", 600, E, "2027-06-01");
	check("24 working hours after meeting", "2027-05-28", -1, L, "2027-06-01");
	/* Thu 25 March 15:00 before Easter: Good Friday to Easter Monday
	 * skipped, Thu's 9 hours then 15 of Tuesday 30 March. */
	check("24 working hours after meeting", "2027-03-25", 900, E, "2027-03-30");
	/* Before: 24 working hours before Mon 17 May 10:00 is Fri 10:00;
	 * before Tue 1 June 10:00 (bank holiday Monday) is Fri 28 May. */
	check("24 working hours before meeting", "2027-05-17", 600, E, "2027-05-14");
	check("24 working hours before meeting", "2027-06-01", 600, E, "2027-05-28");
	check("10 working hours before meeting", "2027-05-17", 600, E, "2027-05-17");
	check("11 working hours before meeting", "2027-05-17", 600, E, "2027-05-14");
	/* From a closed day (a Saturday, forced): its hours do not count,
	 * as if held at the start of Monday (after) or the end of Friday
	 * (before). */
	check("24 working hours after meeting", "2027-05-15", 600, E, "2027-05-18");
	check("23 working hours after meeting", "2027-05-15", 600, E, "2027-05-17");
	check("1 working hour before meeting", "2027-05-15", 600, E, "2027-05-14");
	/* 720 working hours = 30 working days: Fri 14 May + 30 working
	 * days (bank holiday 31 May skipped) = Mon 28 June. */
	check("720 working hours after meeting", "2027-05-14", -1, E, "2027-06-28");
}

static void apply_weekdays(void **state)
{
	(void)state;
	/* From Friday 14 May 2027 the first Monday after is the 17th. */
	check("1 monday after meeting", "2027-05-14", -1, L, "2027-05-17");
	/* From Monday 17 May: strictly after, so the 24th. */
	check("1 monday after meeting", "2027-05-17", -1, L, "2027-05-24");
	check("2 mondays after meeting", "2027-05-14", -1, L, "2027-05-24");
	/* From Fri 28 May 2027 the Monday is 31 May, the Spring bank
	 * holiday: later -> Tue 1 Jun; earlier -> Fri 28 May. */
	check("1 monday after meeting", "2027-05-28", -1, L, "2027-06-01");
	check("1 monday after meeting", "2027-05-28", -1, E, "2027-05-28");
	/* From Wed 22 Dec 2027 the Monday is 27 Dec (Christmas substitute),
	 * the 28th is closed too: later -> Wed 29 Dec. */
	check("1 monday after meeting", "2027-12-22", -1, L, "2027-12-29");
	/* The other weekdays. */
	check("1 tuesday after meeting", "2027-05-12", -1, E, "2027-05-18");
	check("1 wednesday after meeting", "2027-05-12", -1, E, "2027-05-19");
	check("1 wednesday before meeting", "2027-05-12", -1, E, "2027-05-05");
	check("1 thursday after meeting", "2027-05-12", -1, E, "2027-05-13");
	check("1 friday after meeting", "2027-05-12", -1, E, "2027-05-14");
	/* The Friday before Mon 29 Mar 2027 is Good Friday: earlier Thu 25;
	 * later: weekend, Easter Monday -> Tue 30 Mar. */
	check("1 friday before meeting", "2027-03-29", -1, E, "2027-03-25");
	check("1 friday before meeting", "2027-03-29", -1, L, "2027-03-30");
}

static void apply_outside_calendar(void **state)
{
	(void)state;
	cp_error err = { "" };
	cp_date out;
	offset o = P("10 working days before meeting");
	assert_int_equal(offset_apply(&o, &cal, D("2035-01-02"), -1, E, &out, &err),
	                 CP_BADINPUT);
	assert_non_null(strstr(err.msg, "outside the bank holidays known for england-and-wales"));
	/* A month offset that leaves the covered years is refused too:
	 * 15 Dec 2030 + 1 month = 15 Jan 2031. */
	o = P("1 month after meeting");
	assert_int_equal(offset_apply(&o, &cal, D("2030-12-15"), -1, E, &out, &err),
	                 CP_BADINPUT);
	assert_non_null(strstr(err.msg, "2031-01-15 is outside the bank holidays"));
	o = P("on meeting");
	assert_int_equal(offset_apply(&o, &cal, D("2017-06-01"), -1, E, &out, &err),
	                 CP_BADINPUT);
	assert_non_null(strstr(err.msg, "2017-06-01 is outside"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_every_unit),
		cmocka_unit_test(parse_spelling),
		cmocka_unit_test(parse_on),
		cmocka_unit_test(parse_bad),
		cmocka_unit_test(parse_out_of_range),
		cmocka_unit_test(unit_names_and_limits),
		cmocka_unit_test(format_round_trip),
		cmocka_unit_test(apply_working_days),
		cmocka_unit_test(apply_months_month_end),
		cmocka_unit_test(apply_calendar_days_and_weeks),
		cmocka_unit_test(apply_hours),
		cmocka_unit_test(apply_working_hours),
		cmocka_unit_test(apply_weekdays),
		cmocka_unit_test(apply_outside_calendar),
	};
	return cmocka_run_group_tests_name("offset", tests, setup, teardown);
}

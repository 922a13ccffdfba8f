/* date.c - civil dates as day numbers since 1970-01-01 (proleptic
 * Gregorian), parsing, formatting and month arithmetic. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

bool date_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	                              30, 31 };
	if (month < 1 || month > 12)
		return 0;
	return month == 2 && date_is_leap_year(year) ? 29 : days[month - 1];
}

/* Days from civil: count in 400-year eras that start on 1 March, so the
 * leap day is the last day of the (shifted) year. */
static cp_date days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;                              /* 0..399 */
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* 0..365 */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;      /* 0..146096 */
	return era * 146097 + doe - 719468;
}

bool date_from_ymd(int year, int month, int day, cp_date *out)
{
	if (year < CP_YEAR_MIN || year > CP_YEAR_MAX || month < 1 ||
	    month > 12 || day < 1 || day > date_days_in_month(year, month))
		return false;
	*out = days_from_civil(year, month, day);
	return true;
}

void date_to_ymd(cp_date z, int *year, int *month, int *day)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;                                  /* 0..146096 */
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);           /* 0..365 */
	int mp = (5 * doy + 2) / 153;                                /* 0..11 */
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp < 10 ? mp + 3 : mp - 9;
	*year = yoe + era * 400 + (m <= 2);
	*month = m;
	*day = d;
}

/* Exactly n ASCII digits at s, as a number; -1 otherwise. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

cp_status date_parse(const char *text, cp_date *out, cp_error *err)
{
	if (!text)
		return cp_fail(err, CP_BADINPUT, "no date given: write YYYY-MM-DD");
	int y = -1, m = -1, d = -1;
	if (strlen(text) == 10 && text[4] == '-' && text[7] == '-') {
		y = digits(text, 4);
		m = digits(text + 5, 2);
		d = digits(text + 8, 2);
	}
	if (y < 0 || m < 0 || d < 0)
		return cp_fail(err, CP_BADINPUT,
		               "'%.40s' is not a date: write YYYY-MM-DD", text);
	if (y < CP_YEAR_MIN || y > CP_YEAR_MAX)
		return cp_fail(err, CP_BADINPUT,
		               "'%s' is not a date cpdesk accepts: the year must "
		               "be %d to %d", text, CP_YEAR_MIN, CP_YEAR_MAX);
	if (m < 1 || m > 12)
		return cp_fail(err, CP_BADINPUT,
		               "'%s' is not a date: there is no month %02d", text, m);
	int dim = date_days_in_month(y, m);
	if (d < 1 || d > dim)
		return cp_fail(err, CP_BADINPUT,
		               "'%s' is not a date: %s %d has %d days", text,
		               month_names[m - 1], y, dim);
	*out = days_from_civil(y, m, d);
	return CP_OK;
}

void date_format(cp_date d, char buf[CP_DATE_STRLEN])
{
	int y, m, dd;
	if (d == CP_DATE_NONE) {
		memcpy(buf, "----------", CP_DATE_STRLEN);
		return;
	}
	date_to_ymd(d, &y, &m, &dd);
	/* Clamp so the text always fits; real dates stay within 4 digits. */
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	/* by hand: snprintf took ~1,700 instructions a date, and a policy
	 * switch formats a few for every task it changes */
	const int v[3] = { y, m, dd }, w[3] = { 4, 2, 2 };
	char *p = buf;
	for (int i = 0; i < 3; i++) {
		for (int k = w[i] - 1, n = v[i]; k >= 0; k--, n /= 10)
			p[k] = (char)('0' + n % 10);
		p += w[i];
		*p++ = i < 2 ? '-' : '\0';
	}
}

int date_weekday(cp_date d)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int w = (int)((d % 7 + 7) % 7); /* 0 = Thursday */
	return (w + 3) % 7 + 1;
}

const char *date_weekday_name(cp_date d)
{
	static const char *const names[7] = { "Mon", "Tue", "Wed", "Thu",
	                                      "Fri", "Sat", "Sun" };
	return names[date_weekday(d) - 1];
}

cp_date date_add_months(cp_date d, int months)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	int idx = y * 12 + (m - 1) + months;
	int ny = idx >= 0 ? idx / 12 : -((-idx + 11) / 12);
	int nm = idx - ny * 12 + 1;
	int dim = date_days_in_month(ny, nm);
	return days_from_civil(ny, nm, dd > dim ? dim : dd);
}

cp_date date_week_start(cp_date d)
{
	return d - (date_weekday(d) - 1);
}

cp_date date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return days_from_civil(1970, 1, 1) + (cp_date)(now / 86400);
	return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

char *date_moment_format(int64_t unix_seconds, char buf[CP_MOMENT_STRLEN])
{
	time_t tt = (time_t)unix_seconds;
	struct tm tm;
	if (!unix_seconds || !localtime_r(&tt, &tm) ||
	    !strftime(buf, CP_MOMENT_STRLEN, "%Y-%m-%dT%H:%M:%S", &tm)) {
		strcpy(buf, "-");
		return buf;
	}
	/* %z gives +0000; ISO 8601's extended form wants +00:00 */
	long off = tm.tm_gmtoff / 60;
	char sign = off < 0 ? '-' : '+';
	off = off < 0 ? -off : off;
	size_t n = strlen(buf);
	snprintf(buf + n, CP_MOMENT_STRLEN - n, "%c%02ld:%02ld", sign, off / 60,
	         off % 60);
	return buf;
}

cp_date date_of_moment(int64_t unix_seconds)
{
	time_t tt = (time_t)unix_seconds;
	struct tm tm;
	cp_date d = CP_DATE_NONE;
	if (unix_seconds && localtime_r(&tt, &tm))
		date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d);
	return d;
}

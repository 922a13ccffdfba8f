/* date.h - civil dates as day numbers, and month arithmetic.
 *
 * A cp_date counts days since 1970-01-01 in the proleptic Gregorian
 * calendar, so adding days is adding integers and dates compare with <. */
#ifndef CPDESK_DATE_H
#define CPDESK_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include "status.h"

typedef int32_t cp_date;

#define CP_DATE_STRLEN 11 /* "YYYY-MM-DD" and its NUL */
#define CP_DATE_NONE INT32_MIN

/* Years cpdesk accepts anywhere: far outside any bank-holiday file, but
 * small enough that arithmetic never overflows. */
#define CP_YEAR_MIN 1900
#define CP_YEAR_MAX 2200

bool date_from_ymd(int year, int month, int day, cp_date *out);
void date_to_ymd(cp_date d, int *year, int *month, int *day);
int date_days_in_month(int year, int month);
bool date_is_leap_year(int year);

/* Strict YYYY-MM-DD: zero-padded, a real calendar day, year in range. */
cp_status date_parse(const char *text, cp_date *out, cp_error *err);
void date_format(cp_date d, char buf[CP_DATE_STRLEN]);

/* The local calendar day of a moment (Unix seconds, as a task's done-at
 * is kept); CP_DATE_NONE for 0, "never". */
cp_date date_of_moment(int64_t unix_seconds);

/* A moment (Unix seconds: an audit entry's time, a policy's setting) as
 * ISO 8601 in local time with its offset from UTC, e.g.
 * "2026-12-06T12:15:10+00:00" ($TZ honoured): one form wherever such
 * times are shown, text, TSV or the console.  "-" for 0, "never". */
#define CP_MOMENT_STRLEN 32
char *date_moment_format(int64_t unix_seconds, char buf[CP_MOMENT_STRLEN]);

/* ISO weekday: 1 Monday .. 7 Sunday. */
int date_weekday(cp_date d);
/* Short English name: "Mon" .. "Sun". */
const char *date_weekday_name(cp_date d);

/* The same day of the month `months` months on (or back); the last day of
 * that month when it is shorter. */
cp_date date_add_months(cp_date d, int months);

/* Monday of the ISO week that holds d. */
cp_date date_week_start(cp_date d);

/* Today in local time. */
cp_date date_today(void);

#endif

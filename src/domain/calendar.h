/* calendar.h - working days: weekends, bank holidays, local closures.
 *
 * Bank holidays come from a file in the layout of gov.uk's
 * bank-holidays.json (plain JSON through cJSON; anything else, and every
 * error, through libyaml: JSON is YAML).  A calendar is
 * one division of that file plus a policy's local closure days, and it
 * knows which years it covers: asking about a day outside them is an
 * error, never a guess. */
#ifndef CPDESK_CALENDAR_H
#define CPDESK_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include "date.h"
#include "status.h"

typedef struct holiday {
	cp_date date;
	char *title;   /* sanitised: no control characters */
} holiday;

typedef struct holiday_division {
	char *name;            /* "england-and-wales", "scotland", ... */
	holiday *events;       /* sorted by date, no duplicates */
	size_t nevents;
	int first_year, last_year; /* years the events span */
} holiday_division;

typedef struct holiday_file {
	char *path;
	holiday_division *divisions;
	size_t ndivisions;
} holiday_file;

/* Read a bank-holidays.json file.  Errors name FILE:LINE:COL. */
cp_status holidays_load(const char *path, holiday_file **out, cp_error *err);
/* The same from memory (fuzzing, stored copies); name is used in errors. */
cp_status holidays_parse(const char *name, const unsigned char *buf,
                         size_t len, holiday_file **out, cp_error *err);
/* The same through libyaml alone: the reference reader, which
 * holidays_parse hands anything but plain, valid JSON to and which words
 * every error.  For tests and fuzzing, which check the two agree. */
cp_status holidays_parse_yaml(const char *name, const unsigned char *buf,
                              size_t len, holiday_file **out, cp_error *err);
/* True when the fast reader (libcjson, loaded on first use) is there;
 * without it holidays_parse reads every file with libyaml alone. */
bool holidays_fast_reader(void);
void holidays_free(holiday_file *hf);
const holiday_division *holidays_division(const holiday_file *hf,
                                          const char *name);

typedef struct closure {
	cp_date date;
	const char *title; /* borrowed from the policy */
} closure;

typedef struct calendar {
	char division[64];
	cp_date first, last;       /* 1 Jan of first year .. 31 Dec of last */
	unsigned char *closed;     /* one byte per day first..last: 1 = not a working day */
	const holiday_division *hd;
	const closure *closures;   /* borrowed */
	size_t nclosures;
} calendar;

/* Build a calendar for one division plus local closures (which may be
 * NULL).  The calendar borrows hf and closures: they must outlive it. */
cp_status calendar_init(calendar *cal, const holiday_file *hf,
                        const char *division, const closure *closures,
                        size_t nclosures, cp_error *err);
void calendar_fini(calendar *cal);

bool calendar_covers(const calendar *cal, cp_date d);
cp_status calendar_is_workday(const calendar *cal, cp_date d, bool *out,
                              cp_error *err);
/* Why d is not a working day ("Saturday", "Christmas Day", "Local
 * closure: ..."), or NULL when it is one. */
const char *calendar_reason_closed(const calendar *cal, cp_date d);

/* N working days after d (N < 0: before), counting days after (before)
 * d: from a Tuesday, -1 is the Monday and +1 the Wednesday.  N == 0 gives
 * d itself. */
cp_status calendar_add_workdays(const calendar *cal, cp_date d, int n,
                                cp_date *out, cp_error *err);
/* The last working day on or before d; the first on or after d. */
cp_status calendar_workday_on_or_before(const calendar *cal, cp_date d,
                                        cp_date *out, cp_error *err);
cp_status calendar_workday_on_or_after(const calendar *cal, cp_date d,
                                       cp_date *out, cp_error *err);
/* Working days from a to b: positive when b is later; 0 when equal. */
cp_status calendar_workdays_between(const calendar *cal, cp_date a,
                                    cp_date b, int *out, cp_error *err);

#endif

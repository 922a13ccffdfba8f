/* offset.h - "10 working days before meeting", "3 months after care-start".
 *
 * An offset is how a policy says when a step falls: an amount, a unit,
 * a direction and the anchor it counts from.  Text form:
 *     N UNIT before|after ANCHOR       e.g. 5 working days before meeting
 *     on ANCHOR                        e.g. on meeting
 * UNIT is "working day(s)", "day(s)" (calendar), "week(s)", "month(s)",
 * "hour(s)", "working hour(s)", or a weekday: "1 monday after meeting" is
 * the first Monday after the meeting.  A working hour is an hour of a
 * working day, all 24 of them: the hours of a weekend, bank holiday or
 * closure are not counted, so 24 working hours after a Friday 10:00
 * meeting is Monday 10:00 (issue 18, Hounslow's "within 24 hours"). */
#ifndef CPDESK_OFFSET_H
#define CPDESK_OFFSET_H

#include <stdbool.h>
#include "calendar.h"
#include "date.h"
#include "status.h"

typedef enum {
	UNIT_WORKING_DAYS,
	UNIT_DAYS,
	UNIT_WEEKS,
	UNIT_MONTHS,
	UNIT_HOURS,
	UNIT_MONDAYS, /* the Nth Monday strictly after (before) the anchor */
	UNIT_TUESDAYS,
	UNIT_WEDNESDAYS,
	UNIT_THURSDAYS,
	UNIT_FRIDAYS,
	UNIT_WORKING_HOURS, /* hours of working days only (after the
	                       weekdays: the compiled policy's numbers) */
	UNIT_COUNT
} offset_unit;

#define OFFSET_ANCHOR_LEN 32

typedef struct offset {
	int amount;                   /* signed: negative is before */
	offset_unit unit;
	char anchor[OFFSET_ANCHOR_LEN]; /* "meeting", "s47-start", ... */
} offset;

/* Largest amount accepted for each unit: over a year is a typo. */
int offset_max_amount(offset_unit u);
const char *offset_unit_name(offset_unit u, int amount);

/* Parse the text form.  On failure err says what is wrong with the text
 * (the caller adds the file position). */
cp_status offset_parse(const char *text, offset *out, cp_error *err);
/* Write the text form back (canonical spelling). */
void offset_format(const offset *o, char *buf, unsigned size);

/* What to do when an offset lands on a day that is not a working day. */
typedef enum {
	CLOSED_EARLIER, /* the last working day before: never later than the rule */
	CLOSED_LATER    /* the first working day after */
} closed_rule;

/* The due date for offset o from base date `from`, whose time of day is
 * from_minutes (0..1439, or -1 when unknown: hours, working or not, then
 * count from the start of the day, so the deadline is never later than
 * the rule).  Working-day and working-hour offsets land on working days
 * by construction; other units that land on a closed day move by
 * `closed`.  Months follow the rule of
 * date_add_months. */
cp_status offset_apply(const offset *o, const calendar *cal, cp_date from,
                       int from_minutes, closed_rule closed, cp_date *out,
                       cp_error *err);

#endif

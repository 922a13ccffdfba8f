/* offset.c - parse and apply "N UNIT before|after ANCHOR". */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "offset.h"

static const struct {
	const char *one, *many;
	offset_unit unit;
	int max;
} units[] = {
	{ "working day", "working days", UNIT_WORKING_DAYS, 400 },
	{ "working hour", "working hours", UNIT_WORKING_HOURS, 720 },
	{ "day", "days", UNIT_DAYS, 550 },
	{ "week", "weeks", UNIT_WEEKS, 80 },
	{ "month", "months", UNIT_MONTHS, 24 },
	{ "hour", "hours", UNIT_HOURS, 720 },
	{ "monday", "mondays", UNIT_MONDAYS, 60 },
	{ "tuesday", "tuesdays", UNIT_TUESDAYS, 60 },
	{ "wednesday", "wednesdays", UNIT_WEDNESDAYS, 60 },
	{ "thursday", "thursdays", UNIT_THURSDAYS, 60 },
	{ "friday", "fridays", UNIT_FRIDAYS, 60 },
};

int offset_max_amount(offset_unit u)
{
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (units[i].unit == u)
			return units[i].max;
	return 0;
}

const char *offset_unit_name(offset_unit u, int amount)
{
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (units[i].unit == u)
			return (amount == 1 || amount == -1) ? units[i].one
			                                     : units[i].many;
	return "?";
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* Match word w at s, followed by a space or the end. */
static const char *match_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	if (strncmp(s, w, n) != 0 || (s[n] != ' ' && s[n] != '\0'))
		return NULL;
	return s + n;
}

static cp_status parse_anchor(const char *s, offset *out, const char *text,
                              cp_error *err)
{
	s = skip_spaces(s);
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0)
		return cp_fail(err, CP_BADINPUT,
		    "'%s' does not say what it counts from: end with 'meeting' or an anchor such as 's47-start'",
		    text);
	if (n >= OFFSET_ANCHOR_LEN)
		return cp_fail(err, CP_BADINPUT, "'%s': anchor name is too long", text);
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) &&
		    s[i] != '-')
			return cp_fail(err, CP_BADINPUT,
			    "'%s': '%.*s' is not an anchor name (lower-case letters, digits and '-')",
			    text, (int)n, s);
	memcpy(out->anchor, s, n);
	out->anchor[n] = '\0';
	return CP_OK;
}

cp_status offset_parse(const char *text, offset *out, cp_error *err)
{
	memset(out, 0, sizeof *out);
	const char *s = skip_spaces(text);
	const char *p;
	if ((p = match_word(s, "on"))) {
		out->unit = UNIT_DAYS;
		return parse_anchor(p, out, text, err);
	}
	if (!isdigit((unsigned char)*s))
		return cp_fail(err, CP_BADINPUT,
		    "'%s' is not an offset: write e.g. '10 working days before meeting' or 'on meeting'",
		    text);
	errno = 0;
	char *end;
	long amount = strtol(s, &end, 10);
	if (errno || amount > INT_MAX)
		amount = INT_MAX;
	s = skip_spaces(end);
	size_t u;
	for (u = 0; u < sizeof units / sizeof units[0]; u++) {
		if ((p = match_word(s, units[u].many)) ||
		    (p = match_word(s, units[u].one)))
			break;
	}
	if (u == sizeof units / sizeof units[0])
		return cp_fail(err, CP_BADINPUT,
		    "'%s': unknown unit; use working days, days, weeks, months, hours, working hours or a weekday (mondays..fridays)",
		    text);
	if (amount > units[u].max)
		return cp_fail(err, CP_BADINPUT,
		    "'%s': %ld %s is out of range (at most %d)", text, amount,
		    units[u].many, units[u].max);
	out->unit = units[u].unit;
	s = skip_spaces(p);
	if ((p = match_word(s, "before")))
		out->amount = -(int)amount;
	else if ((p = match_word(s, "after")))
		out->amount = (int)amount;
	else
		return cp_fail(err, CP_BADINPUT,
		    "'%s': say 'before' or 'after' after the unit", text);
	return parse_anchor(p, out, text, err);
}

void offset_format(const offset *o, char *buf, unsigned size)
{
	if (o->amount == 0) {
		snprintf(buf, size, "on %s", o->anchor);
		return;
	}
	int n = o->amount < 0 ? -o->amount : o->amount;
	snprintf(buf, size, "%d %s %s %s", n, offset_unit_name(o->unit, n),
	         o->amount < 0 ? "before" : "after", o->anchor);
}

static cp_status move_off_closed(const calendar *cal, cp_date d,
                                 closed_rule closed, cp_date *out,
                                 cp_error *err)
{
	if (closed == CLOSED_LATER)
		return calendar_workday_on_or_after(cal, d, out, err);
	return calendar_workday_on_or_before(cal, d, out, err);
}

/* The nth given weekday (1 Monday..5 Friday) strictly after d (n > 0) or
 * before it (n < 0). */
static cp_date nth_weekday(cp_date d, int weekday, int n)
{
	int step = n > 0 ? 1 : -1;
	int left = n > 0 ? n : -n;
	while (left > 0) {
		d += step;
		if (date_weekday(d) == weekday)
			left--;
	}
	return d;
}

/* N working hours from `from` at `minutes` (-1: the start of the day):
 * only the 24 hours of each working day count.  From a closed day,
 * counting starts at the next working day's start (after) or the last
 * one's end (before), since none of the closed day's hours count. */
static cp_status add_working_hours(const calendar *cal, cp_date from,
                                   int minutes, int hours, cp_date *out,
                                   cp_error *err)
{
	bool open;
	CP_TRY(calendar_is_workday(cal, from, &open, err));
	long at = minutes < 0 ? 0 : minutes;
	cp_date base = from;
	if (!open && hours >= 0) {
		CP_TRY(calendar_workday_on_or_after(cal, from, &base, err));
		at = 0;
	} else if (!open) {
		CP_TRY(calendar_workday_on_or_before(cal, from, &base, err));
		at = 1440;
	}
	long total = at + 60L * hours;   /* minutes from base's start */
	long days = total >= 0 ? total / 1440 : -((-total + 1439) / 1440);
	return calendar_add_workdays(cal, base, (int)days, out, err);
}

cp_status offset_apply(const offset *o, const calendar *cal, cp_date from,
                       int from_minutes, closed_rule closed, cp_date *out,
                       cp_error *err)
{
	cp_date d;
	switch (o->unit) {
	case UNIT_WORKING_DAYS:
		return calendar_add_workdays(cal, from, o->amount, out, err);
	case UNIT_DAYS:
		if (o->amount == 0) {
			/* "on meeting": the day itself, whatever it is. */
			bool ok;
			cp_status st = calendar_is_workday(cal, from, &ok, err);
			if (st != CP_OK)
				return st;
			*out = from;
			return CP_OK;
		}
		d = from + o->amount;
		break;
	case UNIT_WEEKS:
		d = from + 7 * o->amount;
		break;
	case UNIT_MONTHS:
		d = date_add_months(from, o->amount);
		break;
	case UNIT_HOURS: {
		/* Unknown time: count from the start of the day, so the
		 * deadline is never later than the rule. */
		long minutes = (from_minutes < 0 ? 0 : from_minutes) +
		               60L * o->amount;
		long days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
		d = from + (cp_date)days;
		break;
	}
	case UNIT_WORKING_HOURS:
		return add_working_hours(cal, from, from_minutes, o->amount, out,
		                         err);
	case UNIT_MONDAYS: case UNIT_TUESDAYS: case UNIT_WEDNESDAYS:
	case UNIT_THURSDAYS: case UNIT_FRIDAYS:
		d = nth_weekday(from, 1 + (int)o->unit - UNIT_MONDAYS, o->amount);
		break;
	default:
		return cp_fail(err, CP_FAILED, "internal: unknown offset unit");
	}
	return move_off_closed(cal, d, closed, out, err);
}

/* ics_render.c - iCalendar text from plain event data, with libical
 * (ics_render.h).  Built into the module cpdesk-ics.so; uses nothing of
 * cpdesk but its header, so the module links only libical. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libical/ical.h>

#include "ics_render.h"

/* Europe/London as Outlook writes it: two yearly rules, no history. */
static const char london_vtimezone[] =
	"BEGIN:VTIMEZONE\r\n"
	"TZID:" ICS_RENDER_TZID "\r\n"
	"BEGIN:DAYLIGHT\r\n"
	"TZOFFSETFROM:+0000\r\n"
	"TZOFFSETTO:+0100\r\n"
	"TZNAME:BST\r\n"
	"DTSTART:19700329T010000\r\n"
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
	"END:DAYLIGHT\r\n"
	"BEGIN:STANDARD\r\n"
	"TZOFFSETFROM:+0100\r\n"
	"TZOFFSETTO:+0000\r\n"
	"TZNAME:GMT\r\n"
	"DTSTART:19701025T020000\r\n"
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
	"END:STANDARD\r\n"
	"END:VTIMEZONE\r\n";

static struct icaltimetype ical_when(const ics_when *w)
{
	struct icaltimetype t = w->minutes < 0 ? icaltime_null_date()
	                                       : icaltime_null_time();
	t.year = w->year;
	t.month = w->month;
	t.day = w->day;
	if (w->minutes < 0) {
		t.is_date = 1;
	} else {
		t.hour = w->minutes / 60;
		t.minute = w->minutes % 60;
		t.is_date = 0;
	}
	return t;
}

/* Add a property; false on out-of-memory (p NULL). */
static bool add(icalcomponent *c, icalproperty *p)
{
	if (!p)
		return false;
	icalcomponent_add_property(c, p);
	return true;
}

static bool add_param(icalcomponent *c, icalproperty *p, icalparameter *par)
{
	if (!p || !par) {
		if (p)
			icalproperty_free(p);
		if (par)
			icalparameter_free(par);
		return false;
	}
	icalproperty_add_parameter(p, par);
	icalcomponent_add_property(c, p);
	return true;
}

/* DTSTART/DTEND: a date, or a local time with TZID=Europe/London. */
static bool add_when(icalcomponent *c, bool start, const ics_when *w)
{
	struct icaltimetype t = ical_when(w);
	icalproperty *p = start ? icalproperty_new_dtstart(t)
	                        : icalproperty_new_dtend(t);
	if (w->minutes < 0)
		return add(c, p);
	return add_param(c, p, icalparameter_new_tzid(ICS_RENDER_TZID));
}

static bool add_x(icalcomponent *c, const char *name, const char *value)
{
	icalproperty *p = icalproperty_new_x(value);
	if (!p)
		return false;
	icalproperty_set_x_name(p, name);
	icalcomponent_add_property(c, p);
	return true;
}

static icalcomponent *event(const ics_calendar *cal, const ics_event *e,
                            struct icaltimetype stamp)
{
	icalcomponent *ev = icalcomponent_new_vevent();
	if (!ev)
		return NULL;
	bool ok = add(ev, icalproperty_new_uid(e->uid)) &&
	          add(ev, icalproperty_new_dtstamp(stamp)) &&
	          add_param(ev, icalproperty_new_organizer(cal->organizer),
	                    icalparameter_new_cn("cpdesk")) &&
	          add_when(ev, true, &e->start) &&
	          add_when(ev, false, &e->end) &&
	          add(ev, icalproperty_new_summary(e->summary)) &&
	          add(ev, icalproperty_new_description(e->description)) &&
	          add(ev, icalproperty_new_sequence(e->sequence)) &&
	          add(ev, icalproperty_new_status(e->cancelled ?
	                                          ICAL_STATUS_CANCELLED :
	                                          ICAL_STATUS_CONFIRMED)) &&
	          add(ev, icalproperty_new_class(ICAL_CLASS_PRIVATE)) &&
	          add(ev, icalproperty_new_transp(e->transparent ?
	                                          ICAL_TRANSP_TRANSPARENT :
	                                          ICAL_TRANSP_OPAQUE)) &&
	          add(ev, icalproperty_new_categories(e->categories));
	if (ok && e->location)
		ok = add(ev, icalproperty_new_location(e->location));
	if (!ok) {
		icalcomponent_free(ev);
		return NULL;
	}
	return ev;
}

static bool any_timed(const ics_calendar *cal)
{
	for (size_t i = 0; i < cal->nevents; i++)
		if (cal->events[i].start.minutes >= 0)
			return true;
	return false;
}

static int fail(char *err, size_t errsize, const char *what)
{
	snprintf(err, errsize, "out of memory %s the calendar", what);
	return -1;
}

int ics_render(const ics_calendar *cal, char **out, size_t *len, char *err,
               size_t errsize)
{
	*out = NULL;
	icalcomponent *vc = icalcomponent_new_vcalendar();
	if (!vc)
		return fail(err, errsize, "building");
	bool ok = add(vc, icalproperty_new_prodid(cal->prodid)) &&
	          add(vc, icalproperty_new_version("2.0")) &&
	          add(vc, icalproperty_new_calscale("GREGORIAN")) &&
	          add(vc, icalproperty_new_method(ICAL_METHOD_PUBLISH)) &&
	          add_x(vc, "X-WR-CALNAME", cal->name) &&
	          add_x(vc, "X-WR-TIMEZONE", ICS_RENDER_TZID);
	/* The VTIMEZONE before the events, as most writers put it, and only
	 * when an event has a time. */
	if (ok && any_timed(cal)) {
		icalcomponent *tz = icalcomponent_new_from_string(london_vtimezone);
		if (tz)
			icalcomponent_add_component(vc, tz);
		ok = tz != NULL;
	}
	struct icaltimetype stamp = icaltime_from_timet_with_zone(
	    (time_t)cal->stamp, 0, icaltimezone_get_utc_timezone());
	for (size_t i = 0; ok && i < cal->nevents; i++) {
		icalcomponent *ev = event(cal, &cal->events[i], stamp);
		if (ev)
			icalcomponent_add_component(vc, ev);
		ok = ev != NULL;
	}
	char *text = NULL;
	if (ok) {
		char *s = icalcomponent_as_ical_string_r(vc);
		text = s ? strdup(s) : NULL;
		if (s)
			icalmemory_free_buffer(s);
	}
	icalcomponent_free(vc);
	/* libical keeps the UTC zone and a ring of buffers in statics; the
	 * module is unloaded after one render, so free them now or they
	 * are lost with it. */
	icaltimezone_free_builtin_timezones();
	icalmemory_free_ring();
	if (!text)
		return fail(err, errsize, ok ? "writing" : "building");
	*out = text;
	if (len)
		*len = strlen(text);
	return 0;
}

/* What cpdesk looks up after dlopen (ics_module.c).  Declared here, not
 * in the header: only the module defines it. */
extern const ics_render_module cpdesk_ics_render_module;
const ics_render_module cpdesk_ics_render_module = {
	.head = { ICS_RENDER_ABI, CPDESK_VERSION },
	.render = ics_render,
};

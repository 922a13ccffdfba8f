/* ics_render.h - the iCalendar writer, kept in a module of its own.
 *
 * libical brings ICU and the C++ runtime with it: linked into cpdesk,
 * every command (a worker's queue, the console) paid ~6 ms of dynamic
 * loading for the one command that writes iCalendar.  So ics.c gathers
 * the events as plain data (below) and the libical part, ics_render.c,
 * is built as the module cpdesk-ics.so, which `export ics` loads
 * (ics_module.h).  The module needs nothing from cpdesk but this header:
 * the interface is these structs and one function, checked by
 * ICS_RENDER_ABI and the version string. */
#ifndef CPDESK_ICS_RENDER_H
#define CPDESK_ICS_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "module_head.h"

/* Bump with any change to the structs or the function below. */
#define ICS_RENDER_ABI 1
#define ICS_RENDER_TZID "Europe/London"

typedef struct ics_when {
	int year, month, day;
	int minutes;           /* local time of day (Europe/London); -1 = all day */
} ics_when;

typedef struct ics_event {
	const char *uid;
	const char *summary;
	const char *description;
	const char *categories; /* "cpdesk" or "cpdesk,deadline" */
	const char *location;   /* may be NULL */
	ics_when start;
	ics_when end;           /* all day: the day after; timed: same clock */
	int sequence;
	bool cancelled;         /* STATUS:CANCELLED, else CONFIRMED */
	bool transparent;       /* TRANSP:TRANSPARENT, else OPAQUE */
} ics_event;

typedef struct ics_calendar {
	const char *prodid;     /* "-//cpdesk//cpdesk 0.1.0//EN" */
	const char *name;       /* X-WR-CALNAME */
	const char *organizer;  /* "mailto:..." on every event (iTIP PUBLISH) */
	int64_t stamp;          /* DTSTAMP, Unix seconds (UTC) */
	const ics_event *events;
	size_t nevents;
} ics_calendar;

/* Write cal as iCalendar text: METHOD:PUBLISH, CRLF line ends, folded
 * and escaped by libical; a Europe/London VTIMEZONE when any event has a
 * time.  Returns 0 with *out malloc'd (NUL-terminated) and *len its
 * length; otherwise -1 with the reason in err (out of memory). */
typedef int (*ics_render_fn)(const ics_calendar *cal, char **out,
                             size_t *len, char *err, size_t errsize);

/* What the module exports, under the symbol ICS_RENDER_SYMBOL. */
typedef struct ics_render_module {
	module_head head;       /* ICS_RENDER_ABI, CPDESK_VERSION */
	ics_render_fn render;
} ics_render_module;

#define ICS_RENDER_SYMBOL "cpdesk_ics_render_module"

/* The writer itself (ics_render.c): linked into the module, and into the
 * unit tests directly. */
int ics_render(const ics_calendar *cal, char **out, size_t *len, char *err,
               size_t errsize);

#endif

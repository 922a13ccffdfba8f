/* ics.h - meetings and deadlines as an iCalendar (RFC 5545) file.
 *
 * Written with libical (folding, escaping and the property grammar are
 * its job), loaded as a module of its own (ics_render.h).  What goes in
 * (doc/export.md):
 *   - a VEVENT per meeting of the user in the window: meetings they
 *     chair or take the minutes of, and meetings of the children
 *     allocated to them; every meeting for QA staff (qa-admin,
 *     qa-manager) and with `all`;
 *   - with deadlines, a user's open tasks (and their pools') due in the
 *     window as all-day VEVENTs (Outlook ignores VTODO on import), and
 *     those closed in the last 30 days as STATUS:CANCELLED, SEQUENCE one
 *     higher, so that calendars drop them.
 * UIDs are stable ("meeting-ID.STORE@cpdesk", "task-ID.STORE@cpdesk",
 * STORE the random id kept in the store's meta "store-id"), so importing
 * again updates rather than duplicates; SEQUENCE counts the meeting's
 * moves (from the audit trail) plus one when it is cancelled; a
 * cancelled meeting is STATUS:CANCELLED.
 *
 * Privacy: a calendar syncs to phones and may be shared with delegates,
 * so by default a SUMMARY names the child by case id and initials only;
 * `names` puts the full name in.  Events are CLASS:PRIVATE. */
#ifndef CPDESK_ICS_H
#define CPDESK_ICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "casework.h"
#include "date.h"
#include "ics_render.h"
#include "status.h"

typedef struct ics_options {
	const char *user;      /* login whose calendar it is */
	bool all;              /* every meeting, whoever the user is */
	cp_date from, to;      /* inclusive window */
	bool deadlines;        /* add open tasks as all-day events */
	bool names;            /* children's full names in SUMMARY */
	int64_t now;           /* DTSTAMP (Unix seconds); 0 = the clock */
	const char *organizer; /* ORGANIZER address (METHOD:PUBLISH needs
	                          one); NULL = cpdesk@HOSTNAME */
	ics_render_fn render;  /* the writer: from the module (ics_module.h),
	                          or ics_render itself where libical is linked */
} ics_options;


/* Export: *out is malloc'd, NUL-terminated, CRLF line ends; *len (may
 * be NULL) its length; *nevents (may be NULL) how many VEVENTs.  No read
 * may be open on cw->st. */
cp_status ics_export(casework *cw, const ics_options *o, char **out,
                     size_t *len, size_t *nevents, cp_error *err);

/* "A.B." from "Ava Brown" (first letter of each word, UTF-8 aware). */
void ics_initials(const char *name, char *buf, size_t size);

#endif

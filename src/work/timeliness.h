/* timeliness.h - the timeliness figures managers report each month
 * (doc/timeliness.md): for each measure, how many were due in a period,
 * how many on time, the percentage, the cases late with how late and
 * why, month by month; and the meetings cancelled, with why.
 *
 * Every measure is counted by the month its meeting is held in (as the
 * children-in-need census counts conferences held in the year), so one
 * range of the meetings' date index (store_meetings_between) finds all
 * of them: nothing reads every record.  Conferences and reviews count
 * one a child of the meeting; minutes one a task; reports one an agency.
 *
 * Nothing here prints: timeliness_render() returns text, CSV or JSON
 * (the command and the console share it), and timeliness_chart() hands
 * the monthly trend to the chart module (chart_render.h). */
#ifndef CPDESK_TIMELINESS_H
#define CPDESK_TIMELINESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "casework.h"
#include "date.h"
#include "lists.h"      /* list_format */
#include "status.h"

typedef enum {
	TM_ICPC_STRATEGY,   /* ICPC within 15 WD of the strategy discussion */
	TM_ICPC_S47,        /* ICPC within 15 WD of the s47 start (census) */
	TM_RCPC_FIRST,      /* first RCPC by its cadence (3 months) */
	TM_RCPC_LATER,      /* later RCPCs by their cadence (6 months) */
	TM_CLA_FIRST,       /* first CLA review (20 WD from care start) */
	TM_CLA_SECOND,      /* second (3 months after the first) */
	TM_CLA_LATER,       /* third and later (6 months) */
	TM_MINUTES,         /* the step the policy marks minutes: true */
	TM_REPORTS,         /* agency reports by the report deadline */
	TM_COUNT
} tm_measure;

/* Short id ("icpc-strategy") and a title for people. */
const char *tm_measure_id(tm_measure m);
const char *tm_measure_title(tm_measure m);

/* Most months a report covers (five years). */
#define TM_MONTHS_MAX 60

typedef struct tm_tally {
	unsigned due;       /* counted: on time + late */
	unsigned on_time;
	unsigned pending;   /* in the period, not yet held / not yet due */
	unsigned left_out;  /* no anchor, not needed, no report deadline */
} tm_tally;

/* Tenths of a per cent on time (875 = 87.5%), or -1 when none was due. */
int tm_percent_tenths(const tm_tally *t);

/* A case late.  Strings owned and already sanitised (text_sanitize). */
typedef struct tm_late {
	tm_measure measure;
	char *child_id, *child_name;
	uint64_t meeting_id;
	char *meeting_type;
	cp_date meeting_date;
	cp_date due;        /* the last lawful day */
	cp_date done;       /* held / done / received; NONE: not yet */
	int days_late;      /* working days after `due` (to today if not
	                       done; a report never received: to the meeting) */
	char *what;         /* the agency (reports), the step id (minutes), "" */
	char *reason;       /* the recorded reason, or "" */
} tm_late;

typedef struct tm_agency {
	char *agency;       /* sanitised */
	tm_tally t;
} tm_agency;

typedef struct tm_cancel {
	cp_date date;
	uint64_t meeting_id;
	char *meeting_type, *child_id, *child_name, *reason, *approved_by;
} tm_cancel;

typedef struct timeliness {
	cp_date from, to, today;
	char *team;                 /* "" for every team the reader sees */
	char *policy_id, *policy_title;
	size_t nmonths;
	cp_date month[TM_MONTHS_MAX];   /* the 1st of each month */
	tm_tally total[TM_COUNT];
	tm_tally by_month[TM_MONTHS_MAX][TM_COUNT];
	tm_late *late;              /* by measure, then meeting date */
	size_t nlate;
	tm_agency *agencies;        /* by name */
	size_t nagencies;
	tm_cancel *cancels;         /* by date */
	size_t ncancels;
} timeliness;

/* The figures from..to (inclusive) as of today, for the reader of cw
 * (its permit: only the children they see), of team (NULL or "": every
 * team they see).  Refused (CP_REFUSED) when the reader may not read
 * the figures (the policy's may: read-timeliness) or does not see the
 * team; CP_BADINPUT for to before from, a period over TM_MONTHS_MAX
 * months, a team no worker is in.  The children it names are put on
 * the record with `where`.  out freed with timeliness_free, filled only
 * on CP_OK.  No read may be open on cw->st. */
cp_status timeliness_build(casework *cw, cp_date from, cp_date to,
                           cp_date today, const char *team,
                           const char *where, timeliness *out,
                           cp_error *err);
void timeliness_free(timeliness *t);    /* zeroes it; NULL is fine */

/* Text (a table a measure, the months, the cases late, the agencies,
 * the cancellations), CSV (RFC 4180, one table with a section column;
 * cells a spreadsheet would run made inert) or JSON (one object).
 * *out malloc'd, NUL-terminated; *len (may be NULL) its length. */
cp_status timeliness_render(const timeliness *t, list_format f, char **out,
                            size_t *len, cp_error *err);

/* The picture: PDF (a title page with the period, the team and the
 * policy; every measure on one page; then a page a measure; then, given
 * a team's figures (team.h), its heat map of deadlines per worker per
 * week, 28 workers a page), PNG or SVG (the page of every measure),
 * drawn by the chart module (cpdesk-chart.so, chart_module.h) into *out
 * (malloc'd, *len bytes).  team may be NULL.  CP_FAILED when the module
 * cannot be loaded or cannot draw (a font missing). */
struct team_figures;
typedef enum { TM_CHART_PDF, TM_CHART_PNG, TM_CHART_SVG } tm_chart_kind;
cp_status timeliness_chart(const timeliness *t, tm_chart_kind kind,
                           const struct team_figures *team,
                           unsigned char **out, size_t *len, cp_error *err);

#endif

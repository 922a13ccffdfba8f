/* lists.h - the management lists of Swindon's procedure (004), built
 * from the store and the policy (issue 5).
 *
 *   week        every conference and review Monday..Sunday of DATE, with
 *               child, type, chair, social worker and each report's state;
 *   fortnight   the same for the 14 days from DATE;
 *   month       the same for the calendar month that starts on the 1st
 *               on or after DATE (sent "on the first of every month");
 *   exceptions  for the week of DATE: late invite lists, late reports,
 *               missed cadence, moved and cancelled meetings (reason,
 *               approver) and every escalation raised, grouped by service
 *               manager then team manager;
 *   case-mapping children in need open long enough with no case mapping in
 *               the look-back, and the chairs' case mappings in the month
 *               of DATE.
 *
 * A list is a table: named columns and rows of cells.  Cells are text
 * already made safe (text_sanitize: no control characters, valid UTF-8);
 * a renderer only has to escape for its format.  Rows also carry the
 * facts a mailer or a calendar needs (meeting id, logins of the social
 * worker, team manager and service manager) so nobody parses cells.
 *
 * Nothing here prints: lists_render() returns the text (the command, the
 * console and the mailer share it).  "Late" is as of `today` (the day
 * the store is opened: --today), whatever DATE the list is for. */
#ifndef CPDESK_LISTS_H
#define CPDESK_LISTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "casework.h"
#include "date.h"
#include "policy.h"
#include "status.h"

typedef enum { LIST_FMT_TEXT, LIST_FMT_CSV, LIST_FMT_JSON, LIST_FMT_COUNT }
	list_format;

/* What a row of the exceptions list reports (LX_NONE elsewhere). */
typedef enum {
	LX_NONE,
	LX_LATE_INVITE_LIST,  /* a late step whose id is "invite-list" */
	LX_LATE_REPORT,       /* the report-deadline step, or an agency report */
	LX_LATE_STEP,         /* another step the policy sends to the report */
	LX_MISSED_CADENCE,    /* held later than the cadence allows */
	LX_MOVED,
	LX_CANCELLED,
	LX_ESCALATION,        /* an escalation raised in the week */
	LX_UNALLOCATED,       /* soon, and no chair or minute taker yet */
	LX_NOT_HELD,          /* a meeting an open plan or care episode
	                         requires, not held by its latest date */
	LX_COUNT
} list_exception_kind;

/* "late-invite-list", "late-report", ... ("" for LX_NONE). */
const char *list_exception_name(list_exception_kind k);

typedef struct list_row {
	char **cells;            /* ncols strings, sanitised, never NULL */
	char *group;             /* heading the row falls under, or "" */
	/* facts for other tools (never NULL; "" / 0 / CP_DATE_NONE unknown) */
	list_exception_kind kind;
	cp_date date;            /* the meeting's (or the item's) date */
	int minutes;             /* the meeting's time, or -1 */
	uint64_t meeting_id;
	uint64_t task_id;        /* the late/escalated task, or 0 */
	char *meeting_type;
	char *child_id;          /* whose row (a family meeting's: the first
	                            child the reader sees) */
	char *children;          /* every child the row names, "C1,C2" (a
	                            family meeting's), or "": child_id */
	char *social_worker;     /* logins */
	char *team_manager;
	char *service_manager;
	char *chair;
	bool late;               /* a report (or item) is late as of today */
} list_row;

typedef struct list_table {
	policy_list_kind kind;
	cp_date date;            /* as asked */
	cp_date today;           /* "late" is as of this day */
	cp_date from, to;        /* the span the list covers, inclusive */
	char *title;             /* "Conferences and CLA reviews, week of ..." */
	const char *const *cols; /* ncols column names (static storage) */
	size_t ncols;
	list_row *rows;
	size_t nrows;
} list_table;

/* "week" .. "case-mapping" -> kind; false when unknown. */
bool lists_parse_name(const char *name, policy_list_kind *out);
/* "text" | "csv" | "json"; false when unknown. */
bool lists_parse_format(const char *name, list_format *out);
const char *lists_format_name(list_format f);

/* The span a list covers for DATE (see the head of this file). */
void lists_span(policy_list_kind kind, cp_date date, cp_date *from,
                cp_date *to);

/* Build a list in one read transaction of cw->st.  out is filled (free
 * with list_table_free) only on CP_OK.  No read may be open on cw->st. */
cp_status lists_build(casework *cw, policy_list_kind kind, cp_date date,
                      cp_date today, list_table *out, cp_error *err);
/* The same inside the caller's read (or write) transaction. */
cp_status lists_build_txn(casework *cw, store_txn *t, policy_list_kind kind,
                          cp_date date, cp_date today, list_table *out,
                          cp_error *err);
void list_table_free(list_table *lt);   /* zeroes it; NULL is fine */

/* Render a list: text (aligned columns, group headings, a title line;
 * for a terminal or pasting into an email), CSV (RFC 4180: a header row,
 * CRLF line ends, fields with comma, quote, CR or LF quoted, quotes
 * doubled; the group as a first column when the list has groups) or
 * JSON (an object: list, date, from, to, today, title, columns, rows as
 * objects of column -> string; escaped, control characters as \u00XX).
 * *out is malloc'd and NUL-terminated; *len (may be NULL) its length. */
cp_status lists_render(const list_table *lt, list_format f, char **out,
                       size_t *len, cp_error *err);

/* The text format fitted to `width` display columns: columns as wide as
 * their widest cell, then, while the table is wider than `width`, the
 * widest narrowed a column at a time (never below its heading, nor below
 * 14 columns: a date, a time or a state is never cut, and a table whose
 * columns cannot all fit runs past `width`); a cell too wide is cut at a
 * word's end where one is near, and ends "~".
 * width 0: no limit (each column whole; for a pipe).  As lists_render. */
cp_status lists_render_text(const list_table *lt, int width, char **out,
                            size_t *len, cp_error *err);

/* s (sanitised) in at most w display columns: whole when it fits, else
 * cut as above with "~" last.  out is NUL-terminated; returns the
 * display width written. */
int lists_fit_cell(const char *s, int w, char *out, size_t size);
/* Column widths for a table of n columns with `gap` columns between
 * them: natural[c] each column's widest cell, least[c] the narrowest it
 * may be (its heading); out[c] as lists_render_text says.  width <= 0:
 * out = natural. */
void lists_fit_widths(const int *natural, const int *least, size_t n, int gap,
                      int width, int *out);

/* ---- the month's case-mapping list (lists_mapping.c) ----------------- */
/* The consultation procedure, 003 point 4: children in need open 12
 * months or more, listed monthly for the QA administration manager to
 * allocate to CP chairs, each mapped (or, when recently mapped, its
 * mapping reviewed) within the month. */
typedef enum { MAPPING_TO_ALLOCATE, MAPPING_ALLOCATED, MAPPING_DONE,
               MAPPING_STATE_COUNT } mapping_state;

/* Cycle steps' ids: the QA administration manager's allocation; the
 * chair's step is the cycle kind's id (case-mapping, mapping-review);
 * a consultation's told holders read it. */
#define STEP_MAPPING_ALLOCATE "case-mapping-allocate"
#define STEP_CONSULT_READ     "consultation-read"
/* A consultation asked for: this and the kind's id (consult ask). */
#define STEP_CONSULT_ASKED    "asked:"

typedef struct lists_mapping_due {
	char *child_id;
	char *name;
	char *social_worker;
	cp_date cin_since;
	cp_date last_mapped;     /* latest case mapping of any kind, or NONE */
	consult_cycle work;      /* CYCLE_MAP, or CYCLE_REVIEW (recently mapped) */
	mapping_state state;
	char *chair;             /* allocated to, or who did it; "" */
	uint64_t step;           /* its open allocation or chair step, or 0 */
	cp_date due;             /* that step's due day, or NONE */
	cp_date carried_from;    /* an earlier month's step not done by its
	                            month end (due day), or NONE */
} lists_mapping_due;

/* The list of the month `month` falls in: children in need (not on a
 * plan, not looked after) whose episode had run open-for months by the
 * month's first day, without a chair's mapping or review within
 * again-after months before it (one done in the month is listed, done);
 * by child id.  *out malloc'd (free with lists_mapping_due_free). */
cp_status lists_mapping_due_txn(const casework *cw, store_txn *t,
                                cp_date month, lists_mapping_due **out,
                                size_t *n, cp_error *err);
/* One child's row of that list (*n is 0 when it is not on it): what
 * allocating one child needs, without placing every child. */
cp_status lists_mapping_child_txn(const casework *cw, store_txn *t,
                                  cp_date month, const char *child_id,
                                  lists_mapping_due **out, size_t *n,
                                  cp_error *err);
/* The first day of d's month. */
cp_date lists_month_first(cp_date d);
/* The day a month's cycle steps are due: its last working day. */
cp_status lists_month_due(const casework *cw, cp_date month, cp_date *out,
                          cp_error *err);
/* The cycle kind of the policy for map or review, or NULL. */
const policy_consultation_kind *lists_cycle_kind(const policy *p,
                                                 consult_cycle c);
const char *mapping_state_name(mapping_state s);
void lists_mapping_due_free(lists_mapping_due *v, size_t n);

#endif

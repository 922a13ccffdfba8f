/* ui_app.h - the console's state: who is looking, the terminal, the
 * views and an open form.
 *
 * One ui_app per process.  Each view (ui_view.h) owns its own state and
 * keeps only the rows it shows, read through the seam (query.h: filtered
 * to what the worker may see, sanitised, and put on the record where
 * they name children) in one short read transaction, never held while
 * waiting for a key; it remembers its selection by record id, so a
 * reload after another process wrote keeps the cursor on the same item.
 *
 * The files, lowest first (none calls a file above it):
 *   ui_theme, ui_keys (the key table), ui_layout (a cursor over rows),
 *   ui_draw (safe text), ui_common (status line, names, rights);
 *   ui_detail (the detail pane and timeline), ui_form (forms);
 *   the views: ui_queue, ui_meetings, ui_children, ui_consults,
 *   ui_lists, ui_policy, ui_team; ui_actions and ui_edit (the forms that
 *   write);
 *   ui_chrome (header, hints, help); ui_console (the loop, the
 *   terminal, dispatch through the view table; ui_front.h: what it
 *   shares with ui_plain, the line-by-line mode).  ui_text makes text
 *   fit for the terminal, for both. */
#ifndef CPDESK_UI_APP_H
#define CPDESK_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "casework.h"
#include "model.h"
#include "policy_status.h"
#include "query.h"

#define UI_NAME 96     /* a person's or child's name, sanitised */
#define UI_TEXT 256    /* a title or one line of text */
#define UI_ROWS_MAX 400 /* rows a list view reads at most */
#define UI_VIEWS_MAX 8

/* Who opens the console, on which store (the command line's options). */
typedef struct ui_start {
	const char *db;        /* --db, $CPDESK_DB, or NULL: the default */
	const char *as;        /* --as LOGIN, or NULL */
	const char *login;     /* the Unix user */
	cp_date today;
} ui_start;

struct ui_view;
struct ui_form;

typedef struct ui_app {
	casework cw;               /* the session (session.h): reads go
	                              through query.h, writes casework_* */
	query_me me;               /* who is looking, and their pools */
	char me_name[UI_NAME];
	cp_date today;

	struct ui_view *views[UI_VIEWS_MAX]; /* one of each class, in tab order */
	size_t nviews, cur;        /* cur: the view on screen */
	bool quit, draw, help;
	size_t help_top;
	uint64_t counter;          /* the store's change counter when last read */
	bool line_mode;            /* ui_plain.c: keys are typed as words and
	                              a number is a row, not a view */
	char status[UI_TEXT];
	bool status_error;
	int rows, cols;

	/* the worker's open tasks per group, for the header (the queue
	 * view fills them on every reload); more: there were more */
	size_t counts[QUERY_GROUP_COUNT];
	bool more[QUERY_GROUP_COUNT];
	policy_stamp pol_stamp;    /* the stored policy cw.pol was loaded
	                              from: a switch (here or by another
	                              process) reloads it */
	struct ui_form *form;      /* an open form, drawn over the view */
	/* What a screen showed is recorded straight after it is drawn
	 * (query_defer_reads); when that fails the console ends with it. */
	cp_status read_audit;
	cp_error read_audit_err;
} ui_app;

/* Run the console until the user quits; a failure to start (no
 * terminal, no store, not a worker), or to record what a screen showed,
 * is returned in err. */
cp_status ui_console_run(const ui_start *start, cp_error *err);

#endif

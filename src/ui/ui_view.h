/* ui_view.h - the console's views as a table, after htop's PanelClass.
 *
 * A view is a class (what it does, as functions, and what the chrome
 * says about it) and one instance of it holding its own state: its rows,
 * its cursor, what Enter opened.  The console (ui_console.c) keeps one
 * instance of each class and reaches the current one only through its
 * class.  A view calls only what lies below it -- ui_common, ui_draw,
 * ui_layout, ui_detail, ui_form -- never the console, so no call goes
 * round in a circle; the actions (ui_actions.h) get what is selected from
 * the console, which asks the view's `selected`. */
#ifndef CPDESK_UI_VIEW_H
#define CPDESK_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"
#include "ui_app.h"
#include "ui_keys.h"

/* What is selected, for the actions; 0 / NULL when nothing is.  Strings
 * are the view's, valid until it next loads. */
typedef struct ui_sel {
	uint64_t task_id;
	cp_date task_due;
	const char *task_title;
	uint64_t meeting_id;
	const char *child_id;
} ui_sel;

typedef struct ui_view ui_view;

typedef struct ui_view_class {
	const char *name;          /* its tab: "My queue" */
	const char *short_name;    /* when every tab must be short ("Queue"),
	                              or NULL: name */
	size_t size;               /* of an instance (starting with ui_view) */
	const ui_action *hints;    /* the hint line's keys, ending ACT_NONE */
	const char *open_hint;     /* the hint for Enter: "open", "preview" */
	bool always;               /* loaded on every reload, even when not
	                              shown (the queue: the header's counts) */
	bool lists_tasks;          /* d (task done) is for its rows */
	/* NULL: offered to everyone.  Else whether this worker is offered
	 * it (tab, key, help), and what its key says to one who is not. */
	bool (*available)(ui_app *a);
	const char *unavailable;
	/* Re-read what it shows, keeping the selection; shown false: only
	 * what the header needs (always views). */
	cp_status (*load)(ui_view *v, ui_app *a, bool shown);
	void (*draw)(ui_view *v, ui_app *a, int y, int h);
	/* An action (ui_keys.h); while typing, ch and is_char are the key.
	 * true when the action was the view's. */
	bool (*key)(ui_view *v, ui_app *a, ui_action act, int ch,
	            bool is_char);
	/* Fill in what is selected (out comes zeroed); NULL: never anything. */
	void (*selected)(const ui_view *v, ui_sel *out);
	bool (*opened)(const ui_view *v);   /* Enter opened something */
	bool (*typing)(const ui_view *v);   /* NULL: never; keys go to a field */
	/* NULL: no search.  Else start typing one (before the view is
	 * shown); returns the prompt for the status line. */
	const char *(*search)(ui_view *v);
	void (*free)(ui_view *v);           /* what the instance owns */
	/* The line-by-line mode (ui_plain.c), after load; NULL: the view
	 * is not shown there.  Row i (false past the last) as one line of
	 * text into buf, unsanitised; *pick: a row to select by its number
	 * (a task, a meeting, a child), not a heading. */
	bool (*plain_row)(const ui_view *v, ui_app *a, size_t i, char *buf,
	                  size_t size, bool *pick);
	/* Select row i (one plain_row said may be picked), as moving the
	 * cursor onto it does (the queue's detail follows it). */
	void (*plain_pick)(ui_view *v, ui_app *a, size_t i);
} ui_view_class;

struct ui_view {
	const ui_view_class *cls;
};

/* The views, in tab order (ui_console.c lists them). */
extern const ui_view_class ui_queue_class, ui_meetings_class,
                           ui_children_class, ui_consults_class,
                           ui_lists_class, ui_policy_class, ui_team_class,
                           ui_timeliness_class;

#endif

/* ui_app.h - the console's state, shared by the ui_*.c modules.
 *
 * One ui_app per process.  Each view keeps only the rows it shows, read
 * by index range scans in one short read transaction (never held while
 * waiting for a key), and remembers its selection by record id so that a
 * reload after another process wrote keeps the cursor on the same item.
 *
 * Modules: ui_console (loop, signals, terminal), ui_draw (text, layout,
 * chrome), ui_theme, ui_keys (the key table and help), ui_form (forms),
 * ui_actions (the forms that write), and one module per view (the
 * Policy view's state is its own: ui_policy.h). */
#ifndef CPDESK_UI_APP_H
#define CPDESK_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "casework.h"
#include "model.h"
#include "policy_status.h"
#include "ui_keys.h"

#define UI_NAME 96     /* a person's or child's name, sanitised */
#define UI_TEXT 256    /* a title or one line of text */
#define UI_ROWS_MAX 400 /* rows a list view reads at most */

typedef enum {
	VIEW_QUEUE, VIEW_MEETINGS, VIEW_CHILDREN, VIEW_CONSULTS, VIEW_LISTS,
	VIEW_POLICY,             /* only for those who may switch the policy */
	VIEW_COUNT
} ui_view;

/* Cursor over n rows, some of which may be headings (not selectable). */
typedef struct ui_list {
	size_t n, sel, top;
} ui_list;

/* ---- queue ------------------------------------------------------------ */
enum { GROUP_OVERDUE, GROUP_TODAY, GROUP_WEEK, GROUP_LATER, GROUP_COUNT };

typedef struct ui_qrow {
	bool heading;          /* a group heading, e.g. "Overdue (3)" */
	int group;
	uint64_t task_id, meeting_id;
	cp_date due;
	char child[UI_NAME];
	char meeting[48];      /* "ICPC 2027-05-24" */
	char title[UI_TEXT];
	int kind;              /* task_kind: TASK_ESCALATION / TASK_REMINDER
	                          rows are derived (escalate.h), marked ^ / * */
} ui_qrow;

typedef struct ui_queue {
	ui_qrow *rows;
	size_t cap;
	ui_list list;
	size_t counts[GROUP_COUNT];
	bool more[GROUP_COUNT];  /* the group has more than were read */
	bool opened;             /* Enter: detail and timeline full size */
} ui_queue;

/* ---- detail of a task or meeting, with the meeting's timeline --------- */
typedef struct ui_tl_item {
	uint64_t task_id;
	cp_date due;
	task_status status;
	char title[UI_TEXT];
	char who[UI_NAME];
	char step_id[64];
} ui_tl_item;

typedef struct ui_detail {
	uint64_t task_id, meeting_id;  /* what is loaded (0: nothing) */
	bool have_task, have_meeting, have_child;
	cp_task task;
	cp_meeting meeting;
	cp_child child;
	char meeting_title[UI_TEXT];
	char role[UI_NAME];            /* the step's role, local name */
	const char *source;            /* borrowed from the policy */
	char assignee[UI_NAME], sw[UI_NAME], tm[UI_NAME], chair[UI_NAME],
	     minutes[UI_NAME];
	cp_report *reports;
	size_t nreports;
	ui_tl_item *tl;
	size_t ntl;
} ui_detail;

/* ---- meetings (next two weeks) ---------------------------------------- */
typedef struct ui_mrow {
	bool heading;
	cp_date date;
	uint64_t meeting_id;
	int minutes;
	meeting_status status;
	char type[24];
	char child[UI_NAME];
	char chair_login[MODEL_ID_MAX + 1];
	char chair[UI_NAME];
	int reports_in, reports_expected;
	bool clash;
} ui_mrow;

typedef struct ui_meetings {
	ui_mrow *rows;
	size_t cap;
	ui_list list;
	bool opened;
} ui_meetings;

/* ---- children --------------------------------------------------------- */
typedef struct ui_crow {
	char id[MODEL_ID_MAX + 1];
	char name[UI_NAME];
	cp_date dob;
	char sw[UI_NAME];
} ui_crow;

typedef struct ui_cmeet {      /* a meeting of the opened child */
	uint64_t id;
	cp_date date;
	meeting_status status;
	char type[24];
	char chair[UI_NAME];
	int open_tasks;
} ui_cmeet;

typedef struct ui_children {
	char query[128];
	bool typing;             /* keys go to the search field */
	ui_crow *rows;
	size_t cap;
	ui_list list;
	bool more;
	/* the opened child */
	bool opened;
	char open_id[MODEL_ID_MAX + 1];
	cp_child child;
	char sw[UI_NAME];
	ui_cmeet *meets;
	ui_list mlist;
	char (*history)[UI_TEXT]; /* consultations and audit, newest first */
	size_t nhistory;
	bool meeting_opened;      /* Enter on a meeting: its detail */
} ui_children;

/* ---- consultations ------------------------------------------------------ */
typedef struct ui_corow {
	uint64_t id;
	cp_date date;
	char kind[UI_TEXT];
	char child[UI_NAME];
	char sw[UI_NAME];
	char decision[UI_TEXT * 2];
	char notes[UI_TEXT * 2];
} ui_corow;

typedef struct ui_consults {
	ui_corow *rows;
	size_t cap;
	ui_list list;
} ui_consults;

/* ---- Lists: the management lists of lists.h ------------------------- */
typedef struct ui_lists {
	int kind;                  /* policy_list_kind shown */
	bool loaded;
	void *table;               /* list_table * (lists.h), owned */
	char *text;                /* the rendered text, owned */
	char **lines;              /* into text */
	size_t nlines, top;
} ui_lists;

struct ui_form;
struct ui_policy_view;         /* ui_policy.c */

/* Who opens the console, on which store (the command line's options). */
typedef struct ui_start {
	const char *db;        /* --db, $CPDESK_DB, or NULL: the default */
	const char *as;        /* --as LOGIN, or NULL */
	const char *login;     /* the Unix user */
	cp_date today;
} ui_start;

typedef struct ui_app {
	casework cw;
	const ui_start *start;
	char dir[1024];
	cp_worker me;
	char me_name[UI_NAME];
	char pools[3][16];         /* the task pools the worker's roles serve */
	size_t npools;
	cp_date today;

	ui_view view;
	bool quit, draw, help;
	size_t help_top;
	uint64_t counter;          /* store_change_counter when last read */
	char status[UI_TEXT];
	bool status_error;
	int rows, cols;

	ui_queue q;
	ui_detail det;
	ui_meetings mt;
	ui_children ch;
	ui_consults co;
	ui_lists li;
	struct ui_policy_view *pv; /* the Policy view, once opened */
	policy_stamp pol_stamp;    /* the stored policy cw.pol was loaded
	                              from: a switch (here or by another
	                              process) reloads it */
	struct ui_form *form;      /* an open form, drawn over the view */
} ui_app;

/* ---- ui_console.c ------------------------------------------------------- */
/* Run the console until the user quits; a failure to start (no
 * terminal, no store, not a worker) is returned in err. */
cp_status ui_console_run(const ui_start *start, cp_error *err);
/* Set the status line (printf-style); error lines are drawn to stand out. */
void ui_status(ui_app *a, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Re-read what the current view shows (after a write or a change). */
void ui_reload(ui_app *a);
/* Display name of a login ("Ann Social"), or the login itself. */
void ui_worker_name(store_txn *t, const char *login, char *buf, size_t size);
/* Sanitised copy, for strings from the store. */
void ui_copy(char *dst, size_t size, const char *src);
/* "ICPC" for "icpc": meeting types shown short and upper case. */
void ui_type_short(const char *type, char *buf, size_t size);
/* The one read transaction of a reload; reports failures on the status
 * line.  NULL when the store cannot be read. */
store_txn *ui_read_begin(ui_app *a);

/* ---- ui_list (ui_layout.c) ---------------------------------------------- */
typedef bool (*ui_row_ok)(const void *ctx, size_t i);  /* selectable? */
void ui_list_move(ui_list *l, long delta, ui_row_ok ok, const void *ctx);
void ui_list_home(ui_list *l, bool end, ui_row_ok ok, const void *ctx);
void ui_list_fix(ui_list *l, size_t height, ui_row_ok ok, const void *ctx);
/* Movement keys (ui_keys.h actions); true when the action was one. */
bool ui_list_key(ui_list *l, int action, long page, ui_row_ok ok,
                 const void *ctx);

/* ---- views ---------------------------------------------------------------- */
cp_status ui_queue_load(ui_app *a);
void ui_queue_draw(ui_app *a, int y, int h);
bool ui_queue_key(ui_app *a, int action);
const ui_qrow *ui_queue_selected(const ui_app *a);

cp_status ui_detail_load(ui_app *a, uint64_t task_id, uint64_t meeting_id);
void ui_detail_free(ui_detail *d);
void ui_detail_draw(ui_app *a, int y, int x, int h, int w);
void ui_timeline_draw(ui_app *a, int y, int x, int h, int w);

cp_status ui_meetings_load(ui_app *a);
void ui_meetings_draw(ui_app *a, int y, int h);
bool ui_meetings_key(ui_app *a, int action);
uint64_t ui_meetings_selected(const ui_app *a);

cp_status ui_children_load(ui_app *a);
void ui_children_draw(ui_app *a, int y, int h);
bool ui_children_key(ui_app *a, int action, int ch, bool is_char);
uint64_t ui_children_selected_meeting(const ui_app *a);
const char *ui_children_selected_child(const ui_app *a);
void ui_children_free(ui_children *c);

cp_status ui_consults_load(ui_app *a);
void ui_consults_draw(ui_app *a, int y, int h);
bool ui_consults_key(ui_app *a, int action);

cp_status ui_lists_load(ui_app *a);
void ui_lists_draw(ui_app *a, int y, int h);
bool ui_lists_key(ui_app *a, int action);
void ui_lists_free(ui_lists *l);

/* ---- ui_actions.c: the forms that write ---------------------------------- */
/* Which actions the worker's roles allow (the policy's permissions):
 * the others are not offered in hints, help or keys. */
void ui_actions_offered(ui_app *a, bool offered[ACT_COUNT]);
/* The same for one action; when not offered, says so on the status line. */
bool ui_action_offered(ui_app *a, ui_action act);
void ui_action_done(ui_app *a);
void ui_action_report(ui_app *a, uint64_t meeting_id);
void ui_action_move(ui_app *a, uint64_t meeting_id);
void ui_action_cancel(ui_app *a, uint64_t meeting_id);
void ui_action_outcome(ui_app *a, uint64_t meeting_id);
void ui_action_consult(ui_app *a, const char *child_id);

#endif

/* ui_detail.h - the detail pane: a task or meeting in full with its
 * meeting's timeline.  A component below the views: My queue, Meetings
 * and Children each own one, read for their selected row only. */
#ifndef CPDESK_UI_DETAIL_H
#define CPDESK_UI_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "query.h"
#include "schedule_marks.h"
#include "ui_app.h"

typedef struct ui_detail {
	uint64_t task_id, meeting_id;  /* asked for (0: nothing) */
	bool have_meeting, have_child;
	query_meeting_record rec;      /* the meeting in full */
	const query_task *task;        /* task_id in rec.tasks, or NULL */
	const query_task **tl;         /* rec.tasks by due date */
	size_t ntl;
	char role[UI_NAME];            /* the step's role, local name */
	char *source;                  /* the rule (a copy: the policy may
	                                  be switched under it) */
	timeline_mark *marks;          /* the reminders and escalations of
	                                  the open steps, by date (the
	                                  policy's, borrowed until a switch
	                                  reloads the pane) */
	size_t nmarks;
} ui_detail;

/* Read a meeting (and which of its tasks is selected; task_id may be 0)
 * in full, on the record as "console"; meeting_id 0: nothing.  The
 * status line is left alone. */
cp_status ui_detail_load(ui_app *a, ui_detail *d, uint64_t task_id,
                         uint64_t meeting_id, cp_error *err);
/* The same for the pane beside a list: a failure is said on the status
 * line, but a record gone (or no longer to be seen) the pane says. */
void ui_detail_show(ui_app *a, ui_detail *d, uint64_t task_id,
                    uint64_t meeting_id);
/* The same for Enter: false, saying why, when it cannot be shown. */
bool ui_detail_open(ui_app *a, ui_detail *d, uint64_t task_id,
                    uint64_t meeting_id);
/* The id of the child shown, or NULL. */
const char *ui_detail_child(const ui_detail *d);
void ui_detail_free(ui_detail *d);
void ui_detail_draw(ui_app *a, const ui_detail *d, int y, int x, int h,
                    int w);
void ui_timeline_draw(ui_app *a, const ui_detail *d, int y, int x, int h,
                      int w);
/* The same as lines of text, whole, for the line-by-line mode (each
 * line to emit, unsanitised: emit makes it safe). */
typedef void (*ui_line_fn)(void *ctx, const char *line);
void ui_detail_lines(ui_app *a, const ui_detail *d, ui_line_fn emit,
                     void *ctx);
void ui_timeline_lines(ui_app *a, const ui_detail *d, ui_line_fn emit,
                       void *ctx);
/* Detail and timeline side by side in the whole body (what Enter opens),
 * the detail's rule titled title. */
void ui_detail_full(ui_app *a, const ui_detail *d, int y, int h,
                    const char *title);

#endif

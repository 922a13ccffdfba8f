/* ui_detail.h - the detail pane: a task or meeting in full with its
 * meeting's timeline.  A component below the views: My queue, Meetings
 * and Children each own one, loaded for their selected row only. */
#ifndef CPDESK_UI_DETAIL_H
#define CPDESK_UI_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"
#include "ui_app.h"

/* One task of the meeting, for the timeline (and a move's preview). */
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
	char *source;                  /* the rule (a copy: the policy may
	                                  be switched under it) */
	char assignee[UI_NAME], sw[UI_NAME], tm[UI_NAME], chair[UI_NAME],
	     minutes[UI_NAME];
	cp_report *reports;
	size_t nreports;
	ui_tl_item *tl;
	size_t ntl;
} ui_detail;

/* Load a task (and its meeting) or a meeting; both 0: nothing.  A failure
 * is said on the status line. */
cp_status ui_detail_load(ui_app *a, ui_detail *d, uint64_t task_id,
                         uint64_t meeting_id);
void ui_detail_free(ui_detail *d);
void ui_detail_draw(ui_app *a, const ui_detail *d, int y, int x, int h,
                    int w);
void ui_timeline_draw(ui_app *a, const ui_detail *d, int y, int x, int h,
                      int w);
/* Detail and timeline side by side in the whole body (what Enter opens),
 * the detail's rule titled title. */
void ui_detail_full(ui_app *a, const ui_detail *d, int y, int h,
                    const char *title);

#endif

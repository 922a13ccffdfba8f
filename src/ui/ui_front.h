/* ui_front.h - what the two front ends on a terminal share, defined in
 * ui_console.c: the full-screen console and the line-by-line mode
 * (ui_plain.c) open the same app (the session as the commands open it,
 * who is looking, one instance of each view), reload and switch views
 * the same way, and take the same actions on what a view has selected
 * (the forms of ui_actions.c and ui_edit.c), so each offers exactly
 * what the other does to the same worker. */
#ifndef CPDESK_UI_FRONT_H
#define CPDESK_UI_FRONT_H

#include "ui_app.h"
#include "ui_keys.h"

/* Open the session and the views; nothing on the terminal yet.  On
 * failure nothing is left open. */
cp_status ui_app_open(ui_app *a, const ui_start *start, cp_error *err);
void ui_app_close(ui_app *a);
/* Re-read what the current view shows (and the header's counts),
 * keeping its selection. */
void ui_app_reload(ui_app *a);
/* To view i (dir: +1 or -1 steps over the views not offered, 0 says
 * why one is not), re-read. */
void ui_app_switch(ui_app *a, long i, int dir);
/* A work key (d r m x o a ...) on what the current view has selected:
 * opens a form (a->form), or says on the status line why not. */
void ui_app_act(ui_app *a, ui_action act);

#endif

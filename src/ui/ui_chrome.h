/* ui_chrome.h - what surrounds the current view: the header (policy,
 * today, the worker and their counts, the tabs), the status and key-hint
 * lines, the help page, and the notice that the terminal is too small.
 * Drawn by the console from the view table; the views never call it. */
#ifndef CPDESK_UI_CHROME_H
#define CPDESK_UI_CHROME_H

#include "ui_app.h"

/* Header (3 rows), status and hint lines. */
void ui_draw_chrome(ui_app *a);
void ui_draw_help(ui_app *a);
void ui_draw_too_small(ui_app *a);

#endif

/* ui_plain.h - the line-by-line mode for screen readers and braille
 * displays (issue 20; doc/accessibility.md): the console's views, rows
 * and forms as lines on stdin and stdout. */
#ifndef CPDESK_UI_PLAIN_H
#define CPDESK_UI_PLAIN_H

#include "ui_app.h"

/* Run until quit or the end of input; a failure to start (no store,
 * not a worker), or to record what was read, is returned in err. */
cp_status ui_plain_run(const ui_start *start, cp_error *err);

#endif

/* ui_edit.h - the console's corrections: a child's record (e) and a
 * worker's (w).  The console calls them with what the current view has
 * selected; each opens a form (ui_form.h) or says on the status line why
 * it cannot.  Offered only to the roles that may (ui_common.h). */
#ifndef CPDESK_UI_EDIT_H
#define CPDESK_UI_EDIT_H

#include "ui_app.h"

/* Correct the child child_id (NULL: none selected, said so). */
void ui_edit_child(ui_app *a, const char *child_id);
/* Correct a worker: the form asks for the login, then shows the record. */
void ui_edit_worker(ui_app *a);

#endif

/* ui_policy.h - the console's Policy view, for those who may switch the
 * store's policy (issue 6): the policy in force (when and by whom it was
 * set, whether its files on disk still match), every file in the
 * policies directory checked as `policy check` does, a preview of what a
 * switch would do to the open deadlines (casework_policy_diff, writes
 * nothing) and a switch with a reason, confirmed (casework_policy_use). */
#ifndef CPDESK_UI_POLICY_H
#define CPDESK_UI_POLICY_H

#include <stdbool.h>
#include "ui_app.h"

/* Is the view offered to this worker at all (tab, key, help)? */
bool ui_policy_allowed(const ui_app *a);

/* Re-read the policy in force, the directory (files re-checked only when
 * one changed on disk) and, when a preview is open, the diff. */
cp_status ui_policy_load(ui_app *a);
void ui_policy_draw(ui_app *a, int y, int h);
/* Movement, Enter (preview), Esc (back to the files). */
bool ui_policy_key(ui_app *a, int action);
/* A preview is open (Esc goes back). */
bool ui_policy_opened(const ui_app *a);
/* u: the switch form for the selected (or previewed) file. */
void ui_policy_use(ui_app *a);
void ui_policy_free(ui_app *a);

#endif

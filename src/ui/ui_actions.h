/* ui_actions.h - the forms that change a case: task done, report, move,
 * cancel, outcome, consultation.  The console calls them with what the
 * current view has selected (ui_view.h); each opens a form (ui_form.h)
 * or says on the status line why it cannot. */
#ifndef CPDESK_UI_ACTIONS_H
#define CPDESK_UI_ACTIONS_H

#include <stdint.h>
#include "ui_app.h"
#include "ui_view.h"

void ui_action_done(ui_app *a, const ui_sel *s);
/* s: mark the selected step not needed, with the reason. */
void ui_action_skip(ui_app *a, const ui_sel *s);
void ui_action_report(ui_app *a, uint64_t meeting_id);
void ui_action_move(ui_app *a, uint64_t meeting_id);
void ui_action_cancel(ui_app *a, uint64_t meeting_id);
void ui_action_outcome(ui_app *a, uint64_t meeting_id);
/* Allocate or change the meeting's chair and minute taker. */
void ui_action_allocate(ui_app *a, uint64_t meeting_id);
/* Book a meeting for the child at a free time of the diary (ui_book.c). */
void ui_action_book(ui_app *a, const char *child_id);
void ui_action_consult(ui_app *a, const char *child_id);
/* Give a child's case mapping (or, review, its review) of the month
 * to a CP chair chosen with each chair's load in view (003 point 4a). */
void ui_action_mapping_allocate(ui_app *a, const char *child,
                                const char *name, bool review, cp_date month);
/* The same, the kind chosen first (NULL: the policy's first). */
void ui_action_consult_kind(ui_app *a, const char *child_id,
                            const char *kind);

#endif

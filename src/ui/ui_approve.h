/* ui_approve.h - the approve and refuse forms of My queue (ui_approve.c). */
#ifndef CPDESK_UI_APPROVE_H
#define CPDESK_UI_APPROVE_H

#include <stdbool.h>
#include "ui_app.h"

/* Open the form answering request r (the actor may: r->may_approve). */
void ui_approve_form(ui_app *a, const query_request *r, bool approve);

#endif

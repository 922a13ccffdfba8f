/* ics_module.h - loading the iCalendar writer (ics_render.h) from its
 * module cpdesk-ics.so at run time (module.h), so only `export ics` pays
 * for libical. */
#ifndef CPDESK_ICS_MODULE_H
#define CPDESK_ICS_MODULE_H

#include "ics_render.h"
#include "status.h"

typedef struct ics_module {
	void *handle;
	ics_render_fn render;
} ics_module;

/* Load the module (beside the program, or installed) and check it was
 * built for this cpdesk (ICS_RENDER_ABI and CPDESK_VERSION); on failure
 * nothing stays open and err says which file and why. */
cp_status ics_module_open(ics_module *m, cp_error *err);
void ics_module_close(ics_module *m);

#endif

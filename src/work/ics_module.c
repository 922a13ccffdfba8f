/* ics_module.c - the iCalendar writer's module (ics_module.h). */
#include <string.h>

#include "ics_module.h"
#include "module.h"

static const module_spec ics_spec = {
	.file = "cpdesk-ics.so", .symbol = ICS_RENDER_SYMBOL,
	.abi = ICS_RENDER_ABI, .what = "iCalendar",
	.needs = "is libical installed? apt-get install libical3",
};

cp_status ics_module_open(ics_module *m, cp_error *err)
{
	memset(m, 0, sizeof *m);
	const module_head *head;
	CP_TRY(module_open(&ics_spec, &m->handle, &head, err));
	/* the head is the exported struct's first member */
	m->render = ((const ics_render_module *)head)->render;
	return m->render ? CP_OK : module_refuse(&ics_spec, &m->handle, err);
}

void ics_module_close(ics_module *m)
{
	module_close(&m->handle);
	m->render = NULL;
}

/* chart_module.c - the chart writer's module (chart_module.h). */
#include <string.h>

#include "chart_module.h"
#include "module.h"

/* keep_loaded: pixman (under cairo) allocates its tables when it is
 * loaded and frees them never; unloaded, they would be lost (Valgrind's
 * "definitely lost"), kept loaded they stay reachable */
static const module_spec chart_spec = {
	.file = "cpdesk-chart.so", .symbol = CHART_RENDER_SYMBOL,
	.abi = CHART_RENDER_ABI, .what = "chart",
	.needs = "is cairo installed? apt-get install libcairo2",
	.keep_loaded = true,
};

cp_status chart_module_open(chart_module *m, cp_error *err)
{
	memset(m, 0, sizeof *m);
	const module_head *head;
	CP_TRY(module_open(&chart_spec, &m->handle, &head, err));
	/* the head is the exported struct's first member */
	m->render = ((const chart_render_module *)head)->render;
	return m->render ? CP_OK : module_refuse(&chart_spec, &m->handle, err);
}

void chart_module_close(chart_module *m)
{
	module_close(&m->handle);
	m->render = NULL;
}

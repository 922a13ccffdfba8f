/* chart_module.h - loading the chart writer (chart_render.h) from its
 * module cpdesk-chart.so at run time (module.h), so only a command that
 * draws pays for cairo. */
#ifndef CPDESK_CHART_MODULE_H
#define CPDESK_CHART_MODULE_H

#include "chart_render.h"
#include "status.h"

typedef struct chart_module {
	void *handle;
	chart_render_fn render;
} chart_module;

/* Load the module (beside the program, or installed) and check it was
 * built for this cpdesk (CHART_RENDER_ABI and CPDESK_VERSION); on
 * failure nothing stays open and err says which file and why. */
cp_status chart_module_open(chart_module *m, cp_error *err);
void chart_module_close(chart_module *m);

#endif

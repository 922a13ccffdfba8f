/* chart_module.c - dlopen of the chart writer module (chart_module.h). */
#include <dlfcn.h>
#include <limits.h>
#include <string.h>

#include "chart_module.h"
#include "paths.h"

cp_status chart_module_open(chart_module *m, cp_error *err)
{
	memset(m, 0, sizeof *m);
	char path[PATH_MAX];
	CP_TRY(paths_module("cpdesk-chart.so", path, sizeof path, err));
	/* RTLD_NODELETE: pixman (under cairo) allocates its tables when it
	 * is loaded and frees them never; unloaded, they would be lost
	 * (Valgrind's "definitely lost"), kept loaded they stay reachable */
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!h) {
		const char *why = dlerror();
		return cp_fail(err, CP_FAILED,
		               "cannot load the chart module: %s (is cairo "
		               "installed? apt-get install libcairo2, or "
		               "reinstall cpdesk)", why ? why : path);
	}
	const chart_render_module *mod = dlsym(h, CHART_RENDER_SYMBOL);
	const char *why = NULL;
	if (!mod)
		why = "it is not a cpdesk chart module";
	else if (mod->abi != CHART_RENDER_ABI || !mod->version ||
	         strcmp(mod->version, CPDESK_VERSION) || !mod->render)
		why = "it was built for another version of cpdesk";
	if (why) {
		dlclose(h);
		return cp_fail(err, CP_FAILED, "%s: %s (install the module built "
		               "with this cpdesk %s)", path, why, CPDESK_VERSION);
	}
	m->handle = h;
	m->render = mod->render;
	return CP_OK;
}

void chart_module_close(chart_module *m)
{
	if (m && m->handle)
		dlclose(m->handle);
	if (m)
		memset(m, 0, sizeof *m);
}

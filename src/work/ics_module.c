/* ics_module.c - dlopen of the iCalendar writer module (ics_module.h). */
#include <dlfcn.h>
#include <string.h>

#include "ics_module.h"

cp_status ics_module_open(const char *path, ics_module *m, cp_error *err)
{
	memset(m, 0, sizeof *m);
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *why = dlerror();
		return cp_fail(err, CP_FAILED,
		               "cannot load the iCalendar module: %s (is libical "
		               "installed? apt-get install libical3, or "
		               "reinstall cpdesk)", why ? why : path);
	}
	const ics_render_module *mod = dlsym(h, ICS_RENDER_SYMBOL);
	const char *why = NULL;
	if (!mod)
		why = "it is not a cpdesk iCalendar module";
	else if (mod->abi != ICS_RENDER_ABI || !mod->version ||
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

void ics_module_close(ics_module *m)
{
	if (m && m->handle)
		dlclose(m->handle);
	if (m)
		memset(m, 0, sizeof *m);
}

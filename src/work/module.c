/* module.c - dlopen of the writers' modules (module.h). */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "module.h"
#include "paths.h"

static const char another_version[] =
	"it was built for another version of cpdesk";

static cp_status wrong_build(const module_spec *s, const char *path,
                             const char *why, cp_error *err)
{
	return cp_fail(err, CP_FAILED, "%s: %s (install the %s module built "
	               "with this cpdesk %s)", path, why, s->what,
	               CPDESK_VERSION);
}

cp_status module_open(const module_spec *s, void **handle,
                      const module_head **head, cp_error *err)
{
	*handle = NULL;
	*head = NULL;
	char path[PATH_MAX];
	CP_TRY(paths_module(s->file, path, sizeof path, err));
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL |
	                 (s->keep_loaded ? RTLD_NODELETE : 0));
	if (!h) {
		const char *why = dlerror();
		return cp_fail(err, CP_FAILED, "cannot load the %s module: %s (%s, "
		               "or reinstall cpdesk)", s->what, why ? why : path,
		               s->needs);
	}
	const module_head *mh = dlsym(h, s->symbol);
	char why[120] = "";
	if (!mh)
		snprintf(why, sizeof why, "it is not a cpdesk %s module", s->what);
	else if (mh->abi != s->abi || !mh->version ||
	         strcmp(mh->version, CPDESK_VERSION))
		snprintf(why, sizeof why, "%s", another_version);
	if (why[0]) {
		dlclose(h);
		return wrong_build(s, path, why, err);
	}
	*handle = h;
	*head = mh;
	return CP_OK;
}

cp_status module_refuse(const module_spec *s, void **handle, cp_error *err)
{
	module_close(handle);
	return wrong_build(s, s->file, another_version, err);
}

void module_close(void **handle)
{
	if (*handle)
		dlclose(*handle);
	*handle = NULL;
}

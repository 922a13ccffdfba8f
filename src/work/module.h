/* module.h - loading a writer built as a module of its own (cpdesk-ics.so,
 * cpdesk-chart.so, cpdesk-mail.so), so that only the command that needs
 * its library (libical, cairo, GMime) pays for loading it.
 *
 * The file is found by paths_module (beside the program, or installed;
 * in a privileged run only the LIBDIR built in), its exported struct
 * starts with a module_head, and it is refused unless that says the
 * interface version and the cpdesk version this program expects. */
#ifndef CPDESK_MODULE_H
#define CPDESK_MODULE_H

#include <stdbool.h>
#include "module_head.h"
#include "status.h"

typedef struct module_spec {
	const char *file;       /* "cpdesk-ics.so" */
	const char *symbol;     /* the exported struct's name */
	int abi;                /* the interface version expected */
	const char *what;       /* "iCalendar": "the iCalendar module" */
	const char *needs;      /* what to install when it will not load:
	                           "is libical installed? apt-get install
	                           libical3" */
	bool keep_loaded;       /* RTLD_NODELETE: its library's tables are
	                           allocated once and never freed */
} module_spec;

/* dlopen s->file and check its head; on success *handle is open and
 * *head points at the exported struct (the module's own, which starts
 * with the head).  On failure nothing stays open and err says which
 * file, why and what to do. */
cp_status module_open(const module_spec *s, void **handle,
                      const module_head **head, cp_error *err);

/* Close what module_open opened, refusing it: the exported struct
 * lacked what the interface promises (a NULL function).  Returns the
 * same error as a module of another version. */
cp_status module_refuse(const module_spec *s, void **handle, cp_error *err);

/* dlclose; *handle NULL after (NULL is fine). */
void module_close(void **handle);

#endif

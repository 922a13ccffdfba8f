/* module_head.h - what every module cpdesk loads at run time (the
 * iCalendar, chart and mail writers) exports first, so one loader
 * (module.h) checks them all.  A module includes this header and its
 * own *_render.h, nothing else of cpdesk. */
#ifndef CPDESK_MODULE_HEAD_H
#define CPDESK_MODULE_HEAD_H

typedef struct module_head {
	int abi;                /* the interface version it was built with */
	const char *version;    /* CPDESK_VERSION it was built with */
} module_head;

#endif

/* demo.h - a fictional borough for trying cpdesk and for load tests.
 *
 * demo_fill fills an EMPTY store ("Demo Borough") through the casework
 * batch API in ONE write transaction: all of it or nothing.  Everything
 * follows from the seed and `today`, so the same options give the same
 * borough. */
#ifndef CPDESK_DEMO_H
#define CPDESK_DEMO_H

#include <stddef.h>
#include <stdint.h>
#include "casework.h"

#define DEMO_MAX_CHILDREN 200000UL

typedef struct demo_opts {
	size_t children;      /* 0..DEMO_MAX_CHILDREN */
	size_t families;      /* households of 2-4 siblings conferenced
	                         together, added after the children */
	uint64_t seed;
	cp_date today;        /* meetings are spread around it */
	const char *login;    /* the Unix user: also a social worker and
	                         QA administrator (skipped when unusable) */
	/* Progress (may be NULL): children added so far, then once with
	 * what NULL when the work is over. */
	cw_progress_fn progress;
} demo_opts;

typedef struct demo_stats {
	size_t workers, children, meetings, held, tasks_done, reports,
	       consults, families;
} demo_stats;

/* Refused (CP_REFUSED) when the store holds any worker or child. */
cp_status demo_fill(casework *cw, const demo_opts *o, demo_stats *out,
                    cp_error *err);

#endif

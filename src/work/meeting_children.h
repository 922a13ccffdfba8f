/* meeting_children.h - the children of a (family) meeting as one reader
 * may see them: those they see named, the others only counted (issue
 * 16: access follows each child). */
#ifndef CPDESK_MEETING_CHILDREN_H
#define CPDESK_MEETING_CHILDREN_H

#include "model.h"
#include "permit.h"
#include "store.h"

typedef struct meeting_children {
	const char *id[MEETING_CHILDREN_MAX];  /* seen, borrowed from the
	                                          meeting; index child first */
	char *name[MEETING_CHILDREN_MAX];      /* theirs, raw (malloc'd) */
	size_t n;
	size_t hidden;                         /* children not seen */
} meeting_children;

cp_status meeting_children_get(permit *pm, store_txn *t, const cp_meeting *m,
                               meeting_children *out, cp_error *err);
void meeting_children_free(meeting_children *k);
/* "Ada Brown, Ben Brown and 1 other child"; ids "C1,C2".  malloc'd
 * (NULL: out of memory), raw: the caller neutralises them. */
char *meeting_children_names(const meeting_children *k);
char *meeting_children_ids(const meeting_children *k);

#endif

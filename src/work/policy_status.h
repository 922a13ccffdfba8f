/* policy_status.h - the store's policy as its administrators see it.
 *
 * What `cpdesk policy show` prints and the console's Policy view shows:
 * the policy in force, when and by whom it was set, and whether each
 * file of its extends: chain still matches the copy the store keeps.
 * Also what both need around a switch: checking a policy file as
 * `policy check` does, the directory of shipped policies, and putting
 * the newly stored policy into an open casework. */
#ifndef CPDESK_POLICY_STATUS_H
#define CPDESK_POLICY_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "casework.h"
#include "policy_cal.h"
#include "status.h"
#include "store.h"

/* How a stored policy file compares with the file at its recorded path. */
typedef enum {
	PDISK_MATCHES, PDISK_CHANGED, PDISK_MISSING, PDISK_UNREADABLE,
	PDISK_NOT_REGULAR        /* a FIFO, device or link in its place */
} policy_disk;

/* "matches", "changed on disk", "missing", "unreadable", "not a regular
 * file". */
const char *policy_disk_name(policy_disk d);
/* Reads f->path and compares it byte for byte with the stored text;
 * never waits on what is there (a FIFO is PDISK_NOT_REGULAR). */
policy_disk policy_disk_state(const cp_policy_file *f);

typedef struct policy_status {
	store_policy_info info;   /* files ([0] the root), set_by, set_at,
	                             reason */
	policy_disk *disk;        /* one per info.files */
	bool all_match;           /* every file matches its stored copy */
} policy_status;

/* The stored policy (one short read transaction of the store), then each file
 * compared with the disk (after the transaction has ended).  Free with
 * policy_status_free (also after a failure). */
cp_status policy_status_get(casework *cw, policy_status *out, cp_error *err);
void policy_status_free(policy_status *ps);

/* Read the policy at path with the strict loader and build its calendar,
 * as `policy check` does: errors are FILE:LINE:COL: message.  The bank
 * holidays are the store's own copy when it keeps the policy's division
 * (a switch does not move dates by another file), else the file the
 * session opened with (cw NULL: paths_holidays()).  On CP_OK free src
 * with casework_policy_src_free and cc with policy_cal_close; on
 * failure nothing is left to free. */
cp_status policy_status_load_file(casework *cw, const char *path,
                                  cw_policy_src *src, policy_cal *cc,
                                  cp_error *err);

/* The directory of shipped policies: policies/ in the shipped data
 * directory (paths_data: $CPDESK_DATADIR, or PREFIX/share/cpdesk when
 * installed), else policies/ beside it (the source tree's data/ and
 * policies/). */
cp_status policy_status_dir(char *buf, size_t size, cp_error *err);

/* What identifies the stored policy, to notice that it was switched. */
typedef struct policy_stamp {
	bool known;
	uint64_t hash;            /* the root file's */
	int64_t set_at;
	size_t nfiles;
} policy_stamp;
cp_status policy_status_stamp(casework *cw, policy_stamp *out, cp_error *err);
bool policy_stamp_same(const policy_stamp *a, const policy_stamp *b);

/* Replace the policy and calendar of cw (opened by casework_open) with
 * the store's current policy, keeping its bank-holiday file; after a
 * switch.  loaded (may be NULL) gets the stamp of what was loaded (read
 * in the same transaction).  On failure cw is unchanged.  Pointers into
 * the old policy (titles, steps) are invalid afterwards. */
cp_status policy_status_reload(casework *cw, policy_stamp *loaded,
                               cp_error *err);

#endif

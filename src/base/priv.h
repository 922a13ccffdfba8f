/* priv.h - running setgid: the group that owns the shared stores, and
 * giving it up for good.
 *
 * A shared store lives in a directory only the system group `cpdesk` may
 * enter (doc/deployment.md); workers are not in that group, and cpdesk
 * is installed setgid `cpdesk`.  A privileged run (one started with an
 * effective group other than the real one, or that the kernel marks
 * secure) opens the store's files -- only a shared store found by its
 * name (store_open_shared) -- then gives the group up permanently --
 * setresgid to the real group -- before it reads anything else the user
 * controls.  Nothing in the environment chooses code or data, even after
 * (paths.h ignores $CPDESK_LIBDIR, $CPDESK_DATADIR, $CPDESK_HOLIDAYS and
 * $CPDESK_STATEDIR; priv_start drops $TERMINFO and the like), and the
 * process stays non-dumpable, so the user cannot trace it or read its
 * descriptors.  An ordinary run (a store of the user's own) has nothing
 * to give up. */
#ifndef CPDESK_PRIV_H
#define CPDESK_PRIV_H

#include <stdbool.h>
#include "status.h"

/* Call first in main: notes whether the run is privileged and, if it
 * is, makes the process non-dumpable.  CP_FAILED when it cannot. */
cp_status priv_start(cp_error *err);
/* The run started privileged (setgid): its environment is not trusted,
 * even after the group is given up. */
bool priv_started(void);
/* It still holds the store's group. */
bool priv_held(void);
/* Give the group up for good (real, effective and saved group ids all
 * the real group), and check it is gone.  Nothing to do in an ordinary
 * run.  CP_FAILED when it cannot: the caller must stop. */
cp_status priv_drop(cp_error *err);
/* The group the run started with as its effective group (the stores'
 * group in a privileged run; the real group otherwise). */
unsigned priv_store_gid(void);

#endif

/* paths.h - where cpdesk finds what it ships: data files and modules.
 *
 * The running binary's own directory anchors every search, so a build
 * tree and an installed PREFIX both work without configuration; one
 * environment variable per kind says otherwise, and when it is set
 * nothing else is tried behind it. */
#ifndef CPDESK_PATHS_H
#define CPDESK_PATHS_H

#include <stddef.h>
#include "status.h"

/* Where shipped data lives: $CPDESK_DATADIR when set (and only there),
 * else <exe dir>/data or <exe dir>/../data (the source tree; the binary
 * is in build/), else <exe dir>/../share/cpdesk (installed).  Writes the
 * path of `file` inside it; errors list the places tried. */
cp_status paths_data(const char *file, char *buf, size_t size,
                     cp_error *err);

/* Where a module (a shared object cpdesk loads for one command, e.g.
 * cpdesk-ics.so) lives: $CPDESK_LIBDIR when set (and only there), else
 * beside the binary (the build tree), else <exe dir>/../lib/cpdesk
 * (installed). */
cp_status paths_module(const char *file, char *buf, size_t size,
                       cp_error *err);

/* The policy file a command is given (--policy NAME|FILE, policy check
 * NAME|FILE): a path (it holds a '/' or ends ".yaml") as it is; a bare
 * name such as "swindon" the installed policy NAME.yaml, looked for
 * beside the program (the source tree's policies/, PREFIX/share/cpdesk/
 * policies) and then in SHAREDIR/policies as built; in a privileged run
 * only there.  An unknown name: CP_BADINPUT listing the installed
 * names. */
cp_status paths_policy(const char *given, char *buf, size_t size,
                       cp_error *err);

/* The bank-holiday file: $CPDESK_HOLIDAYS when set, else the shipped
 * data's bank-holidays.json (paths_data). */
cp_status paths_holidays(char *buf, size_t size, cp_error *err);

/* Where the shared stores are, one directory each (doc/deployment.md):
 * STATEDIR as built (make STATEDIR=..., default /var/lib/cpdesk), or
 * $CPDESK_STATEDIR in an ordinary run. */
const char *paths_statedir(void);

/* Make the missing directories above the last part of `path` (not that
 * part itself), each 0700 whatever the umask, as the XDG Base Directory
 * spec asks of a data home that is not there yet ($XDG_DATA_HOME or
 * ~/.local/share).  Directories already there are left as they are; a
 * part that is there but not a directory is an error. */
cp_status paths_make_parents(const char *path, cp_error *err);

/* In a privileged run (priv.h) the environment and the binary's place
 * choose nothing: $CPDESK_DATADIR, $CPDESK_LIBDIR, $CPDESK_HOLIDAYS and
 * $CPDESK_STATEDIR are ignored, and data and modules are found only where
 * make install put them (PREFIX/share/cpdesk, PREFIX/lib/cpdesk, built
 * in), as regular files root's alone on a path only root may change. */

#endif

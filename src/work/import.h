/* import.h - workers, children and meetings from a CSV export (cpdesk
 * import; the columns are in `cpdesk import --help`).
 *
 * Two passes: every row is read and checked on its own first (all bad
 * rows reported, not just the first); then every row is applied through
 * casework in ONE write transaction, in the order workers, children,
 * meetings, so that rows may refer to people listed later in the file
 * (workers too: a manager's row is applied before those of the workers
 * they manage; a circle of managers is a bad row).
 * Any bad row in either pass aborts the transaction: nothing is written
 * unless every row is good. */
#ifndef CPDESK_IMPORT_H
#define CPDESK_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "casework.h"
#include "status.h"

typedef struct import_problem {
	unsigned long line;      /* the file's line */
	unsigned long col;       /* the cell's column (characters), 0: the row */
	char *msg;               /* what is wrong with the row (as read:
	                            sanitise before showing) */
} import_problem;

typedef struct import_result {
	size_t workers, children, meetings;   /* rows applied */
	import_problem *problems;             /* by line */
	size_t nproblems;
} import_result;

/* Import the CSV file at path through the session cw (which must allow
 * ACCESS_IMPORT).  Bad rows: CP_BADINPUT with res->nproblems > 0 and
 * nothing written; anything else that fails (the file, the header, the
 * store) is in err.  progress may be NULL.  Free res with
 * import_result_free, whatever the outcome. */
cp_status import_csv(casework *cw, const char *path, cw_progress_fn progress,
                     import_result *res, cp_error *err);
void import_result_free(import_result *res);

/* How to read another system's export (doc/import.md). */
typedef struct import_options {
	const char *map;          /* a column map (YAML); NULL: cpdesk's own
	                             columns */
	const char *encoding;     /* the file's, for iconv; NULL: the map's,
	                             else UTF-8 */
	const char *date_format;  /* "DD/MM/YYYY" or "YYYY-MM-DD"; NULL: the
	                             map's, else YYYY-MM-DD */
} import_options;

/* import_csv reading the file as o says.  A bad map, an unknown
 * encoding or a byte not in it, a heading the map does not name: err
 * (CP_BADINPUT, FILE:LINE:COL) and nothing written.  A bad cell is a
 * problem with its line and column. */
cp_status import_csv_with(casework *cw, const char *path,
                          const import_options *o, cw_progress_fn progress,
                          import_result *res, cp_error *err);

/* "HH:MM" (24-hour) as minutes past midnight; false when it is not one.
 * The time column, and the command line's --time options. */
bool import_time_parse(const char *s, int *minutes);

#endif

/* cmd_table.h - a table printed as text: a heading row, then the rows,
 * each column as wide as its widest cell in display columns (so a
 * 30-character team name or a name in other letters keeps the columns
 * in line), two spaces between columns, the last not padded.  Every
 * cell is sanitised as cmd_s does.  For the text form of the `... list`
 * commands; their --tsv forms are written as they were. */
#ifndef CPDESK_CMD_TABLE_H
#define CPDESK_CMD_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "status.h"

#define CMD_TABLE_COLS 16   /* the most columns a table has */

typedef struct cmd_table {
	size_t ncols;
	const char *const *heads;  /* ncols headings, lent (static) */
	char **cells;              /* nrows * ncols, owned */
	size_t nrows, cap;
} cmd_table;

/* A table of ncols (at most CMD_TABLE_COLS) columns named heads (ncols
 * strings, static). */
void cmd_table_init(cmd_table *t, size_t ncols, const char *const *heads);
/* Add a row of ncols cells (copied).  CP_FAILED (out of memory, err
 * says so) leaves the table as it was. */
cp_status cmd_table_row(cmd_table *t, const char *const *cells,
                        cp_error *err);
/* The headings and the rows, aligned; nothing when there are no rows. */
void cmd_table_print(const cmd_table *t, FILE *out);
void cmd_table_free(cmd_table *t);   /* zeroes it */

#endif

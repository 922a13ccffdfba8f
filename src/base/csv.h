/* csv.h - an RFC 4180 reader with line numbers.
 *
 * Fields are separated by commas; a field may be quoted with '"', inside
 * which commas, CR/LF and doubled quotes ("") are data.  Records end with
 * LF or CRLF (the last may have no end).  A UTF-8 byte-order mark at the
 * start is skipped.  What RFC 4180 does not allow is an error naming
 * FILE:LINE: a quote inside an unquoted field, text after a closing
 * quote, a quoted field never closed, a NUL byte; and, to bound memory,
 * a field over CSV_FIELD_MAX bytes or a record over CSV_FIELDS_MAX
 * fields. */
#ifndef CPDESK_CSV_H
#define CPDESK_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include "status.h"

#define CSV_FIELD_MAX (64 * 1024)
#define CSV_FIELDS_MAX 256
#define CSV_FILE_MAX ((size_t)1 << 30)

typedef struct csv_reader csv_reader;

/* The whole file's bytes into *data (malloc'd, owned; NULL when empty),
 * at most CSV_FILE_MAX: for a caller that converts them first (import's
 * --encoding) before csv_open_mem. */
cp_status csv_read_file(const char *path, char **data, size_t *len,
                        cp_error *err);
/* Read the whole file (at most CSV_FILE_MAX bytes). */
cp_status csv_open(const char *path, csv_reader **out, cp_error *err);
/* Read from memory (copied); name is used in errors. */
cp_status csv_open_mem(const char *name, const char *data, size_t len,
                       csv_reader **out, cp_error *err);
void csv_close(csv_reader *r);     /* NULL is fine */

/* The next record.  *fields (NUL-terminated strings) stay valid until the
 * next call; *line is the line the record starts on (1-based).  At the
 * end *eof is true and nothing else is set.  An empty line is a record
 * of one empty field. */
cp_status csv_next(csv_reader *r, char ***fields, size_t *nfields,
                   unsigned long *line, bool *eof, cp_error *err);

/* Where field i of the last record starts: its line and its column in
 * characters (1-based), for FILE:LINE:COL messages. */
void csv_field_where(const csv_reader *r, size_t i, unsigned long *line,
                     unsigned long *col);

/* The name given at open (for FILE:LINE messages). */
const char *csv_name(const csv_reader *r);

#endif

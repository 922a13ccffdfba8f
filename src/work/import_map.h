/* import_map.h - reading another system's export: a column map (YAML),
 * its dates and its encoding (cpdesk import --map; doc/import.md).
 *
 * A map names, for one export file, which of its columns gives which of
 * cpdesk's import fields (or that a column is ignored), what the rows
 * are, fixed values, translations of their values into cpdesk's, the
 * file's encoding and its date format.  import.c reads the file through
 * it; this file knows the fields and nothing of the store. */
#ifndef CPDESK_IMPORT_MAP_H
#define CPDESK_IMPORT_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include "date.h"
#include "status.h"

/* cpdesk's import fields: the columns of its own CSV (cpdesk import
 * --help), and what a map's columns name. */
enum import_field {
	C_RECORD, C_ID, C_LOGIN, C_NAME, C_ROLES, C_TEAM, C_MANAGER,
	C_SOCIAL_WORKER, C_DOB, C_CIN, C_CP, C_LAC, C_FAMILY, C_CHILD, C_TYPE,
	C_DATE, C_TIME, C_CHAIR, C_MINUTE_TAKER, C_HELD, C_ANCHORS, C_REASON,
	NCOL
};
extern const char *const import_field_names[NCOL];

enum import_kind { K_WORKER, K_CHILD, K_MEETING, K_COUNT };
extern const char *const import_kind_names[K_COUNT];

typedef enum import_date_format {
	IMPORT_DATE_ISO,    /* YYYY-MM-DD, cpdesk's own */
	IMPORT_DATE_DMY     /* DD/MM/YYYY, as English systems export */
} import_date_format;

/* The field named (case, '-' and spaces do not matter; "role" is
 * roles), or -1. */
int import_field_find(const char *name);

/* "DD/MM/YYYY" or "YYYY-MM-DD"; false for anything else. */
bool import_date_format_parse(const char *s, import_date_format *out);
const char *import_date_format_name(import_date_format f);
/* A date in format f: a real calendar day in cpdesk's years.  DD/MM/YYYY
 * takes one or two digits for the day and month (5/3/2019), four for the
 * year.  false when it is not one. */
bool import_date_parse(const char *s, import_date_format f, cp_date *out);

/* The bytes of a file in `encoding` (a name iconv knows: windows-1252,
 * ISO-8859-1, UTF-8 ...) as UTF-8 in *out (malloc'd, owned, NUL-ended).
 * An unknown encoding is CP_BADINPUT naming it; a byte sequence that is
 * not a character in it is CP_BADINPUT at name:LINE:COL (counted in the
 * text before it). */
cp_status import_to_utf8(const char *name, const char *encoding,
                         const char *in, size_t len, char **out,
                         size_t *outlen, cp_error *err);
/* CP_BADINPUT when iconv does not know the encoding. */
cp_status import_encoding_check(const char *encoding, cp_error *err);

typedef struct import_map_column {
	char *header;            /* their column's heading */
	int field;               /* enum import_field; -1: ignored */
	unsigned long line, col; /* in the map, for messages */
} import_map_column;

typedef struct import_map_pair {
	char *from, *to;         /* their value, cpdesk's */
} import_map_pair;

typedef struct import_map {
	char *file;              /* the map's path, for messages */
	char *name, *title, *source;
	char *encoding;          /* NULL: UTF-8 as it is */
	import_date_format date_format;
	int record;              /* enum import_kind every row is; -1 not said */
	import_map_column *columns;
	size_t ncolumns;
	char *set[NCOL];         /* a value for every row; NULL none */
	import_map_pair *values[NCOL];   /* translations by field */
	size_t nvalues[NCOL];
} import_map;

/* Read the map at path (or text of len bytes, called name in messages).
 * Errors are name:LINE:COL: what.  Free with import_map_free. */
cp_status import_map_load(const char *path, import_map *out, cp_error *err);
cp_status import_map_load_mem(const char *name, const char *text, size_t len,
                              import_map *out, cp_error *err);
void import_map_free(import_map *m);

/* The column of the map whose heading is header (trimmed; case does
 * not matter), or NULL. */
const import_map_column *import_map_column_find(const import_map *m,
                                                const char *header);
/* cpdesk's value for their value v of field f: v itself when the map
 * has no values for f; NULL when it has some but not v. */
const char *import_map_value(const import_map *m, int f, const char *v);

#endif

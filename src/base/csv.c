/* csv.c - RFC 4180 records from a file held in memory.
 *
 * The file is read whole: imports are at most a borough's caseload, and
 * holding it lets every bad row be reported before anything is written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "vec.h"

struct csv_reader {
	char *name;
	char *data;
	size_t len, pos;
	unsigned long line;      /* line of data[pos] */
	size_t line_start;       /* where that line starts in data */
	char *buf;               /* the current record's fields, NUL-separated */
	size_t bufcap;
	char *fields[CSV_FIELDS_MAX];
	unsigned long field_line[CSV_FIELDS_MAX], field_col[CSV_FIELDS_MAX];
};

const char *csv_name(const csv_reader *r)
{
	return r->name;
}

cp_status csv_open_mem(const char *name, const char *data, size_t len,
                       csv_reader **out, cp_error *err)
{
	csv_reader *r = calloc(1, sizeof *r);
	if (!r || !(r->name = strdup(name)) || !(r->data = malloc(len + 1))) {
		csv_close(r);
		return cp_fail(err, CP_FAILED, "%s: out of memory", name);
	}
	memcpy(r->data, data, len);
	r->data[len] = '\0';
	r->len = len;
	r->line = 1;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		r->pos = r->line_start = 3;
	*out = r;
	return CP_OK;
}

cp_status csv_read_file(const char *path, char **data, size_t *len,
                        cp_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cp_fail(err, errno == ENOENT ? CP_BADINPUT : CP_FAILED,
		               "%s: cannot open: %s", path, strerror(errno));
	size_t cap = 0;
	cp_status st = CP_OK;
	*data = NULL;
	*len = 0;
	for (;;) {
		if (*len == cap) {
			if ((cap ? cap * 2 : 65536) > CSV_FILE_MAX + 1) {
				st = cp_fail(err, CP_BADINPUT,
				             "%s: too large (at most %zu MiB): split it",
				             path, CSV_FILE_MAX >> 20);
				break;
			}
			if (!vec_reserve((void **)data, &cap, cap ? cap * 2 : 65536, 1,
			                 65536)) {
				/* a system failure, not the file's fault */
				st = cp_fail(err, CP_FAILED,
				             "%s: out of memory reading it (%zu MiB so far): "
				             "split it or free memory", path, *len >> 20);
				break;
			}
		}
		size_t got = fread(*data + *len, 1, cap - *len, f);
		*len += got;
		if (got == 0) {
			if (ferror(f))
				st = cp_fail(err, CP_FAILED, "%s: read error: %s", path,
				             strerror(errno));
			break;
		}
	}
	fclose(f);
	if (st != CP_OK) {
		free(*data);
		*data = NULL;
		*len = 0;
	}
	return st;
}

cp_status csv_open(const char *path, csv_reader **out, cp_error *err)
{
	char *data;
	size_t len;
	CP_TRY(csv_read_file(path, &data, &len, err));
	cp_status st = csv_open_mem(path, data ? data : "", len, out, err);
	free(data);
	return st;
}

void csv_close(csv_reader *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->data);
	free(r->buf);
	free(r);
}

/* Characters, not bytes: a column as an editor counts it. */
static unsigned long utf8_chars(const char *s, size_t len)
{
	unsigned long n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static cp_status put_byte(csv_reader *r, size_t *used, char c, cp_error *err)
{
	if (!vec_reserve((void **)&r->buf, &r->bufcap, *used + 2, 1, 1024))
		return cp_fail(err, CP_FAILED, "%s: out of memory", r->name);
	r->buf[(*used)++] = c;
	return CP_OK;
}

/* Read one field at r->pos into buf; stops before the ',' or line end. */
static cp_status read_field(csv_reader *r, size_t *used, unsigned long start,
                            cp_error *err)
{
	size_t begin = *used;
	cp_status st = CP_OK;
	bool quoted = r->pos < r->len && r->data[r->pos] == '"';
	if (quoted)
		r->pos++;
	while (st == CP_OK && r->pos < r->len) {
		char c = r->data[r->pos];
		if (c == '\0')
			return cp_fail(err, CP_BADINPUT, "%s:%lu: NUL byte in the file "
			               "(is it really CSV?)", r->name, r->line);
		if (!quoted && (c == ',' || c == '\n' || c == '\r'))
			break;
		if (!quoted && c == '"')
			return cp_fail(err, CP_BADINPUT,
			               "%s:%lu: a quote inside an unquoted field: quote "
			               "the whole field and double the quote (\"\")",
			               r->name, r->line);
		if (quoted && c == '"') {
			if (r->pos + 1 < r->len && r->data[r->pos + 1] == '"') {
				r->pos += 2;
				st = put_byte(r, used, '"', err);
				continue;
			}
			r->pos++;
			quoted = false;
			if (r->pos < r->len && !strchr(",\r\n", r->data[r->pos]))
				return cp_fail(err, CP_BADINPUT,
				               "%s:%lu: text after a closing quote: double "
				               "quotes inside a quoted field (\"\")",
				               r->name, r->line);
			break;
		}
		if (c == '\n') {
			r->line++;
			r->line_start = r->pos + 1;
		}
		r->pos++;
		st = put_byte(r, used, c, err);
		if (*used - begin > CSV_FIELD_MAX)
			return cp_fail(err, CP_BADINPUT,
			               "%s:%lu: a field over %d bytes", r->name, start,
			               CSV_FIELD_MAX);
	}
	if (st == CP_OK && quoted)
		return cp_fail(err, CP_BADINPUT,
		               "%s:%lu: a quoted field opened here is never closed",
		               r->name, start);
	return st == CP_OK ? put_byte(r, used, '\0', err) : st;
}

cp_status csv_next(csv_reader *r, char ***fields, size_t *nfields,
                   unsigned long *line, bool *eof, cp_error *err)
{
	*eof = r->pos >= r->len;
	if (*eof)
		return CP_OK;
	unsigned long start = r->line;
	size_t used = 0, n = 0, offs[CSV_FIELDS_MAX];
	for (;;) {
		if (n == CSV_FIELDS_MAX)
			return cp_fail(err, CP_BADINPUT, "%s:%lu: more than %d fields",
			               r->name, start, CSV_FIELDS_MAX);
		r->field_line[n] = r->line;
		r->field_col[n] = utf8_chars(r->data + r->line_start,
		                             r->pos - r->line_start) + 1;
		offs[n++] = used;
		cp_status st = read_field(r, &used, start, err);
		if (st != CP_OK)
			return st;
		if (r->pos < r->len && r->data[r->pos] == ',') {
			r->pos++;
			continue;
		}
		break;
	}
	/* The record ends at LF, CRLF, a lone CR, or the end of the data. */
	if (r->pos < r->len && r->data[r->pos] == '\r')
		r->pos++;
	if (r->pos < r->len && r->data[r->pos] == '\n')
		r->pos++;
	r->line++;
	r->line_start = r->pos;
	for (size_t i = 0; i < n; i++)
		r->fields[i] = r->buf + offs[i];
	*fields = r->fields;
	*nfields = n;
	*line = start;
	return CP_OK;
}

void csv_field_where(const csv_reader *r, size_t i, unsigned long *line,
                     unsigned long *col)
{
	*line = i < CSV_FIELDS_MAX ? r->field_line[i] : 0;
	*col = i < CSV_FIELDS_MAX ? r->field_col[i] : 0;
}

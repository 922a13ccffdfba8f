/* import_map.c - a column map, dates and encodings for import
 * (import_map.h). */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "import_map.h"
#include "text.h"
#include "vec.h"
#include "yamltree.h"

const char *const import_field_names[NCOL] = {
	"record", "id", "login", "name", "roles", "team", "manager",
	"social_worker", "dob", "cin_since", "cp_since", "looked_after_since",
	"family_reports", "child", "type", "date", "time", "chair",
	"minute_taker", "held", "anchors", "reason"
};

const char *const import_kind_names[K_COUNT] = { "worker", "child",
                                                 "meeting" };

int import_field_find(const char *raw)
{
	char name[64];
	size_t n = 0;
	while (*raw == ' ')
		raw++;
	for (; *raw && n + 1 < sizeof name; raw++)
		name[n++] = (*raw == '-' || *raw == ' ') ? '_'
		          : (char)(*raw >= 'A' && *raw <= 'Z' ? *raw + 32 : *raw);
	while (n && name[n - 1] == '_')
		n--;
	name[n] = '\0';
	if (!strcmp(name, "role"))
		return C_ROLES;
	for (int c = 0; c < NCOL; c++)
		if (!strcmp(name, import_field_names[c]))
			return c;
	return -1;
}

/* ---- dates ------------------------------------------------------------- */

bool import_date_format_parse(const char *s, import_date_format *out)
{
	if (!strcmp(s, "DD/MM/YYYY"))
		*out = IMPORT_DATE_DMY;
	else if (!strcmp(s, "YYYY-MM-DD"))
		*out = IMPORT_DATE_ISO;
	else
		return false;
	return true;
}

const char *import_date_format_name(import_date_format f)
{
	return f == IMPORT_DATE_DMY ? "DD/MM/YYYY" : "YYYY-MM-DD";
}

/* At most `max` (at least `min`) digits at *p as a number. */
static bool digits(const char **p, int min, int max, int *out)
{
	int n = 0, v = 0;
	while (n < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n >= min;
}

bool import_date_parse(const char *s, import_date_format f, cp_date *out)
{
	cp_error e;
	if (f == IMPORT_DATE_ISO)
		return date_parse(s, out, &e) == CP_OK;
	int d, m, y;
	const char *p = s;
	if (!digits(&p, 1, 2, &d) || *p++ != '/' || !digits(&p, 1, 2, &m) ||
	    *p++ != '/' || !digits(&p, 4, 4, &y) || *p)
		return false;
	return y >= CP_YEAR_MIN && y <= CP_YEAR_MAX &&
	       date_from_ymd(y, m, d, out);
}

/* ---- encodings ----------------------------------------------------------- */

cp_status import_encoding_check(const char *encoding, cp_error *err)
{
	iconv_t cd = iconv_open("UTF-8", encoding);
	if (cd == (iconv_t)-1)
		return cp_fail(err, errno == EINVAL ? CP_BADINPUT : CP_FAILED,
		               "encoding '%.60s': %s (iconv -l lists the names it "
		               "knows, e.g. windows-1252, ISO-8859-1, UTF-8)",
		               encoding, errno == EINVAL ? "not one iconv knows"
		                                         : strerror(errno));
	iconv_close(cd);
	return CP_OK;
}

/* Where the next character of the converted text would be: the lines
 * and characters before it. */
static void text_end_where(const char *s, size_t len, unsigned long *line,
                           unsigned long *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n') {
			++*line;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			++*col;
		}
}

static cp_status bad_sequence(const char *name, const char *encoding,
                              const char *out, size_t used, const char *at,
                              size_t left, bool cut, cp_error *err)
{
	unsigned long line, col;
	text_end_where(out, used, &line, &col);
	if (cut)
		return cp_fail(err, CP_BADINPUT, "%s:%lu:%lu: the file ends inside "
		               "a character in %s: is it cut short, or in another "
		               "encoding? (--encoding says which)", name, line, col,
		               encoding);
	return cp_fail(err, CP_BADINPUT, "%s:%lu:%lu: byte 0x%02X is not a "
	               "character in %s: is the file in another encoding? "
	               "(--encoding says which, e.g. %s)", name, line, col,
	               left ? (unsigned char)*at : 0, encoding,
	               strcasecmp(encoding, "UTF-8") ? "UTF-8" : "windows-1252");
}

cp_status import_to_utf8(const char *name, const char *encoding,
                         const char *in, size_t len, char **out,
                         size_t *outlen, cp_error *err)
{
	*out = NULL;
	*outlen = 0;
	CP_TRY(import_encoding_check(encoding, err));
	iconv_t cd = iconv_open("UTF-8", encoding);
	if (cd == (iconv_t)-1)
		return cp_fail(err, CP_FAILED, "encoding %s: %s", encoding,
		               strerror(errno));
	char *buf = NULL, *src = (char *)in;
	size_t cap = 0, used = 0, left = len;
	cp_status st = CP_OK;
	while (st == CP_OK) {
		if (!vec_reserve((void **)&buf, &cap, used + left * 2 + 16, 1, 4096)) {
			st = cp_oom(err);
			break;
		}
		char *dst = buf + used;
		size_t room = cap - used - 1;
		size_t r = iconv(cd, left ? &src : NULL, &left, &dst, &room);
		used = (size_t)(dst - buf);
		if (r != (size_t)-1 && !left)
			break;
		if (r == (size_t)-1 && errno == E2BIG)
			continue;
		if (r == (size_t)-1 && (errno == EILSEQ || errno == EINVAL))
			st = bad_sequence(name, encoding, buf, used, src, left,
			                  errno == EINVAL, err);
		else if (r == (size_t)-1)
			st = cp_fail(err, CP_FAILED, "%s: converting from %s: %s", name,
			             encoding, strerror(errno));
	}
	iconv_close(cd);
	if (st != CP_OK) {
		free(buf);
		return st;
	}
	buf[used] = '\0';
	*out = buf;
	*outlen = used;
	return CP_OK;
}

/* ---- the map file -------------------------------------------------------- */

static const yt_key top_keys[] = {
	{ "map", true }, { "title", true }, { "source", true },
	{ "encoding", false }, { "date-format", false }, { "record", false },
	{ "columns", true }, { "set", false }, { "values", false },
	{ NULL, false }
};

/* A value as written: refused, not sanitised, when it holds what text_is_
 * clean refuses, so what the map says is what is compared. */
static cp_status map_text(yt_doc *d, const yaml_node_t *n, const char *what,
                          char **out)
{
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, what));
	const char *s = yt_str(n);
	if (!n->data.scalar.length || strlen(s) != n->data.scalar.length ||
	    !text_is_clean(s))
		return yt_error(d, n, CP_BADINPUT, "%s: empty, or holding control, "
		                "hidden or invalid characters", what);
	free(*out);
	if (!(*out = strdup(s)))
		return cp_oom(d->err);
	return CP_OK;
}

static cp_status map_field(yt_doc *d, const yaml_node_t *n, bool ignore_ok,
                           int *out)
{
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, "a cpdesk field"));
	if (ignore_ok && !strcmp(yt_str(n), "ignore")) {
		*out = -1;
		return CP_OK;
	}
	if ((*out = import_field_find(yt_str(n))) >= 0)
		return CP_OK;
	return yt_error(d, n, CP_BADINPUT, "'%.60s' is not a cpdesk field%s "
	                "(cpdesk import --help lists them)", yt_str(n),
	                ignore_ok ? " or ignore" : "");
}

/* Several of their columns may make up the name (forename, surname);
 * any other field comes from one column. */
static cp_status column_add(yt_doc *d, import_map *m, yaml_node_pair_t *p,
                            size_t *cap)
{
	yaml_node_t *k = yt_node(d, p->key), *v = yt_node(d, p->value);
	import_map_column c = { .line = k->start_mark.line + 1,
	                        .col = k->start_mark.column + 1 };
	CP_TRY(map_text(d, k, "a column's heading", &c.header));
	cp_status st = map_field(d, v, true, &c.field);
	const import_map_column *same = import_map_column_find(m, c.header);
	for (size_t i = 0; st == CP_OK && !same && i < m->ncolumns; i++)
		if (c.field >= 0 && c.field != C_NAME && m->columns[i].field == c.field)
			same = &m->columns[i];
	if (st == CP_OK && same)
		st = yt_error(d, k, CP_BADINPUT, "%s (line %lu) %s: one column a "
		              "heading, one column a field (but name)",
		              !strcasecmp(same->header, c.header) ? "this heading is "
		              "already mapped" : "this field is already given by "
		              "a column", same->line, same->header);
	if (st == CP_OK && !vec_room((void **)&m->columns, cap, m->ncolumns,
	                             sizeof *m->columns, 16))
		st = cp_oom(d->err);
	if (st != CP_OK) {
		free(c.header);
		return st;
	}
	m->columns[m->ncolumns++] = c;
	return CP_OK;
}

static cp_status read_columns(yt_doc *d, import_map *m, const yaml_node_t *n)
{
	size_t cap = 0;
	CP_TRY(yt_expect(d, n, YAML_MAPPING_NODE, "columns"));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++)
		CP_TRY(column_add(d, m, p, &cap));
	if (!m->ncolumns)
		return yt_error(d, n, CP_BADINPUT, "columns: map at least one");
	return CP_OK;
}

static bool column_gives(const import_map *m, int f)
{
	for (size_t i = 0; i < m->ncolumns; i++)
		if (m->columns[i].field == f)
			return true;
	return false;
}

static cp_status read_set(yt_doc *d, import_map *m, const yaml_node_t *n)
{
	CP_TRY(yt_expect(d, n, YAML_MAPPING_NODE, "set"));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yt_node(d, p->key);
		int f;
		CP_TRY(map_field(d, k, false, &f));
		if (f == C_RECORD)
			return yt_error(d, k, CP_BADINPUT, "say what the rows are with "
			                "record: at the top, not under set");
		if (m->set[f] || column_gives(m, f))
			return yt_error(d, k, CP_BADINPUT, "%s is already given by a "
			                "column or above: once only",
			                import_field_names[f]);
		CP_TRY(map_text(d, yt_node(d, p->value), "a value", &m->set[f]));
	}
	return CP_OK;
}

static cp_status value_add(yt_doc *d, import_map *m, int f,
                           yaml_node_pair_t *p, size_t *cap)
{
	yaml_node_t *k = yt_node(d, p->key);
	import_map_pair v = { 0 };
	cp_status st = map_text(d, k, "their value", &v.from);
	if (st == CP_OK)
		st = map_text(d, yt_node(d, p->value), "cpdesk's value", &v.to);
	for (size_t i = 0; st == CP_OK && i < m->nvalues[f]; i++)
		if (!strcasecmp(m->values[f][i].from, v.from))
			st = yt_error(d, k, CP_BADINPUT, "'%.60s' is given twice",
			              v.from);
	if (st == CP_OK && !vec_room((void **)&m->values[f], cap, m->nvalues[f],
	                             sizeof *m->values[f], 8))
		st = cp_oom(d->err);
	if (st != CP_OK) {
		free(v.from);
		free(v.to);
		return st;
	}
	m->values[f][m->nvalues[f]++] = v;
	return CP_OK;
}

static cp_status read_values(yt_doc *d, import_map *m, const yaml_node_t *n)
{
	CP_TRY(yt_expect(d, n, YAML_MAPPING_NODE, "values"));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yt_node(d, p->key), *v = yt_node(d, p->value);
		int f;
		size_t cap = 0;
		CP_TRY(map_field(d, k, false, &f));
		if (m->nvalues[f])
			return yt_error(d, k, CP_BADINPUT, "values for %s are given "
			                "twice", import_field_names[f]);
		CP_TRY(yt_expect(d, v, YAML_MAPPING_NODE, "their value: cpdesk's"));
		for (yaml_node_pair_t *q = v->data.mapping.pairs.start;
		     q < v->data.mapping.pairs.top; q++)
			CP_TRY(value_add(d, m, f, q, &cap));
	}
	return CP_OK;
}

static cp_status read_kind(yt_doc *d, import_map *m, const yaml_node_t *n)
{
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, "record"));
	for (int k = 0; k < K_COUNT; k++)
		if (!strcmp(yt_str(n), import_kind_names[k])) {
			m->record = k;
			return CP_OK;
		}
	return yt_error(d, n, CP_BADINPUT, "record '%.60s': worker, child or "
	                "meeting", yt_str(n));
}

static cp_status read_format(yt_doc *d, import_map *m, const yaml_node_t *n)
{
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, "date-format"));
	if (!import_date_format_parse(yt_str(n), &m->date_format))
		return yt_error(d, n, CP_BADINPUT, "date-format '%.60s': DD/MM/YYYY "
		                "or YYYY-MM-DD", yt_str(n));
	return CP_OK;
}

static cp_status read_encoding(yt_doc *d, import_map *m, const yaml_node_t *n)
{
	cp_error e;
	CP_TRY(map_text(d, n, "encoding", &m->encoding));
	if (import_encoding_check(m->encoding, &e) != CP_OK)
		return yt_error(d, n, CP_BADINPUT, "%s", e.msg);
	return CP_OK;
}

static cp_status read_map(yt_doc *d, import_map *m)
{
	yaml_node_t *root = yt_root(d), *n;
	CP_TRY(yt_check_keys(d, root, top_keys, "a column map"));
	CP_TRY(map_text(d, yt_get(d, root, "map"), "map", &m->name));
	CP_TRY(map_text(d, yt_get(d, root, "title"), "title", &m->title));
	CP_TRY(map_text(d, yt_get(d, root, "source"), "source", &m->source));
	if ((n = yt_get(d, root, "encoding")))
		CP_TRY(read_encoding(d, m, n));
	if ((n = yt_get(d, root, "date-format")))
		CP_TRY(read_format(d, m, n));
	if ((n = yt_get(d, root, "record")))
		CP_TRY(read_kind(d, m, n));
	CP_TRY(read_columns(d, m, yt_get(d, root, "columns")));
	if ((n = yt_get(d, root, "set")))
		CP_TRY(read_set(d, m, n));
	if ((n = yt_get(d, root, "values")))
		CP_TRY(read_values(d, m, n));
	return CP_OK;
}

cp_status import_map_load_mem(const char *name, const char *text, size_t len,
                              import_map *m, cp_error *err)
{
	memset(m, 0, sizeof *m);
	m->record = -1;
	if (!(m->file = strdup(name)))
		return cp_oom(err);
	yt_doc d;
	cp_status st = yt_load(&d, m->file, (const unsigned char *)text, len,
	                       err);
	if (st == CP_OK)
		st = read_map(&d, m);
	yt_free(&d);
	if (st != CP_OK)
		import_map_free(m);
	return st;
}

cp_status import_map_load(const char *path, import_map *m, cp_error *err)
{
	char *text;
	size_t len;
	memset(m, 0, sizeof *m);
	m->record = -1;
	CP_TRY(csv_read_file(path, &text, &len, err));
	cp_status st = import_map_load_mem(path, text ? text : "", len, m, err);
	free(text);
	return st;
}

void import_map_free(import_map *m)
{
	free(m->file);
	free(m->name);
	free(m->title);
	free(m->source);
	free(m->encoding);
	for (size_t i = 0; i < m->ncolumns; i++)
		free(m->columns[i].header);
	free(m->columns);
	for (int f = 0; f < NCOL; f++) {
		free(m->set[f]);
		for (size_t i = 0; i < m->nvalues[f]; i++) {
			free(m->values[f][i].from);
			free(m->values[f][i].to);
		}
		free(m->values[f]);
	}
	memset(m, 0, sizeof *m);
	m->record = -1;
}

/* Equal but for case and the spaces around a (trimmed) cell. */
static bool same_text(const char *a, const char *cell)
{
	cell += strspn(cell, " \t");
	size_t n = strlen(cell);
	while (n && (cell[n - 1] == ' ' || cell[n - 1] == '\t'))
		n--;
	return strlen(a) == n && !strncasecmp(a, cell, n);
}

const import_map_column *import_map_column_find(const import_map *m,
                                                const char *header)
{
	for (size_t i = 0; i < m->ncolumns; i++)
		if (same_text(m->columns[i].header, header))
			return &m->columns[i];
	return NULL;
}

const char *import_map_value(const import_map *m, int f, const char *v)
{
	if (!m->nvalues[f])
		return v;
	for (size_t i = 0; i < m->nvalues[f]; i++)
		if (same_text(m->values[f][i].from, v))
			return m->values[f][i].to;
	return NULL;
}

/* calendar.c - bank holidays (gov.uk bank-holidays.json) and working days.
 *
 * Two readers, one meaning.  The file is JSON, and JSON is YAML:
 *
 * - libyaml's document API is the reference reader.  Before the document
 *   is built, an event pass refuses anchors, aliases (a "billion laughs"
 *   file would otherwise expand in memory) and deep nesting.  It words
 *   every error, with FILE:LINE:COL, and reads the YAML spellings too.
 * - cJSON reads the plain JSON that gov.uk publishes about ten times
 *   faster (libyaml's scanner cost ~70% of every command's start-up:
 *   doc/performance.md).  It only ever accepts: anything it cannot read,
 *   or that does not pass every check below, goes to the reference
 *   reader, which then accepts it or says what is wrong.  So errors and
 *   the YAML forms behave exactly as before.  Before cJSON sees the
 *   bytes they must be what libyaml's reader accepts (valid UTF-8 of
 *   printable characters, no YAML-only line breaks), and a string we use
 *   must hold no line break (YAML folds a raw one into a space).
 *   tests/fuzz/fuzz_holidays.c checks that both give the same result.
 *   libcjson is loaded (dlopen) the first time a file is parsed, not at
 *   every start: most commands read the holidays the store keeps
 *   compiled, and loading a shared library costs every process ~7 page
 *   faults (doc/performance.md).  Without libcjson.so.1 the reference
 *   reader reads the file: the same result, slower
 *   (holidays_fast_reader says which).
 *
 * Layout:  { DIVISION: { "division": "...", "events": [ { "title": "...",
 * "date": "YYYY-MM-DD", "notes": "...", "bunting": true }, ... ] }, ... }
 * "events", and "title" and "date" in each event, are required.  Keys we do
 * not know are ignored on purpose: gov.uk owns this format and may add
 * fields, and a new field must not stop deadlines being computed.  A known
 * key with the wrong type is still an error. */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <yaml.h>

#include "calendar.h"
#include "text.h"

#define HOLIDAYS_MAX_BYTES (8 * 1024 * 1024)
#define HOLIDAYS_MAX_DEPTH 16
#define FIX_HINT "fix the file or download a fresh copy from " \
                 "https://www.gov.uk/bank-holidays.json"

typedef struct hctx {
	const char *name;
	const unsigned char *buf;
	size_t len;
	yaml_document_t *doc;
	cp_error *err;
} hctx;

/* "NAME:LINE:COL: message"; libyaml marks count from 0. */
static cp_status fail_at(const hctx *c, yaml_mark_t m, cp_status st,
                         const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static cp_status fail_at(const hctx *c, yaml_mark_t m, cp_status st,
                         const char *fmt, ...)
{
	char msg[sizeof c->err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cp_fail(c->err, st, "%s:%zu:%zu: %s", c->name, m.line + 1,
	               m.column + 1, msg);
}

/* A reader error (bad encoding) has only a byte offset: find its line. */
static yaml_mark_t mark_of_offset(const hctx *c, size_t off)
{
	yaml_mark_t m = { 0 };
	for (size_t i = 0; i < off && i < c->len; i++) {
		if (c->buf[i] == '\n')
			m.line++, m.column = 0;
		else
			m.column++;
	}
	return m;
}

static cp_status syntax_error(const hctx *c, const yaml_parser_t *p)
{
	yaml_mark_t m = p->problem_mark;
	if (p->error == YAML_READER_ERROR)
		m = mark_of_offset(c, p->problem_offset);
	return fail_at(c, m, CP_BADINPUT, "not valid JSON/YAML: %s%s%s; %s",
	               p->problem ? p->problem : "syntax error",
	               p->context ? " " : "", p->context ? p->context : "",
	               FIX_HINT);
}

static bool event_has_anchor(const yaml_event_t *e)
{
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		return e->data.scalar.anchor != NULL;
	case YAML_SEQUENCE_START_EVENT:
		return e->data.sequence_start.anchor != NULL;
	case YAML_MAPPING_START_EVENT:
		return e->data.mapping_start.anchor != NULL;
	default:
		return false;
	}
}

/* Check one event of the pre-pass; depth tracks nesting. */
static cp_status prescan_event(const hctx *c, const yaml_event_t *e,
                               int *depth, int *docs)
{
	if (e->type == YAML_ALIAS_EVENT)
		return fail_at(c, e->start_mark, CP_BADINPUT,
		               "YAML aliases (*name) are not allowed in a "
		               "bank-holidays file; %s", FIX_HINT);
	if (event_has_anchor(e))
		return fail_at(c, e->start_mark, CP_BADINPUT,
		               "YAML anchors (&name) are not allowed in a "
		               "bank-holidays file; %s", FIX_HINT);
	if (e->type == YAML_DOCUMENT_START_EVENT && ++*docs > 1)
		return fail_at(c, e->start_mark, CP_BADINPUT,
		               "a second document: the file must hold one "
		               "JSON object; %s", FIX_HINT);
	if (e->type == YAML_SEQUENCE_START_EVENT ||
	    e->type == YAML_MAPPING_START_EVENT) {
		if (++*depth > HOLIDAYS_MAX_DEPTH)
			return fail_at(c, e->start_mark, CP_BADINPUT,
			               "nested more than %d levels deep; %s",
			               HOLIDAYS_MAX_DEPTH, FIX_HINT);
	} else if (e->type == YAML_SEQUENCE_END_EVENT ||
	           e->type == YAML_MAPPING_END_EVENT) {
		--*depth;
	}
	return CP_OK;
}

static cp_status prescan(const hctx *c)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return cp_fail(c->err, CP_FAILED, "%s: out of memory", c->name);
	yaml_parser_set_input_string(&p, c->buf, c->len);
	cp_status st = CP_OK;
	int depth = 0, docs = 0;
	for (bool done = false; !done && st == CP_OK;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			st = syntax_error(c, &p);
			break;
		}
		st = prescan_event(c, &e, &depth, &docs);
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	return st;
}

static const char *node_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return "a single value";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "an object";
	default:
		return "nothing";
	}
}

static cp_status expect(const hctx *c, const yaml_node_t *n,
                        yaml_node_type_t type, const char *what)
{
	static const char *const kinds[] = {
		[YAML_SCALAR_NODE] = "a string",
		[YAML_SEQUENCE_NODE] = "a list",
		[YAML_MAPPING_NODE] = "an object",
	};
	if (n->type == type)
		return CP_OK;
	return fail_at(c, n->start_mark, CP_BADINPUT,
	               "%s must be %s, not %s; %s", what, kinds[type],
	               node_kind(n), FIX_HINT);
}

static const char *scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* Value of key in mapping m, or NULL.  A key given twice is an error. */
static cp_status lookup(const hctx *c, const yaml_node_t *m, const char *key,
                        yaml_node_t **out)
{
	*out = NULL;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
	     p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		if (!k || k->type != YAML_SCALAR_NODE || strcmp(scalar(k), key))
			continue;
		if (*out)
			return fail_at(c, k->start_mark, CP_BADINPUT,
			               "'%s' appears twice; %s", key, FIX_HINT);
		*out = yaml_document_get_node(c->doc, p->value);
	}
	return CP_OK;
}

/* Optional scalar members whose only check is their type. */
static cp_status check_optional(const hctx *c, const yaml_node_t *ev)
{
	yaml_node_t *n;
	cp_status st = lookup(c, ev, "notes", &n);
	if (st == CP_OK && n)
		st = expect(c, n, YAML_SCALAR_NODE, "'notes'");
	if (st == CP_OK)
		st = lookup(c, ev, "bunting", &n);
	if (st == CP_OK && n) {
		st = expect(c, n, YAML_SCALAR_NODE, "'bunting'");
		if (st == CP_OK && strcmp(scalar(n), "true") &&
		    strcmp(scalar(n), "false"))
			st = fail_at(c, n->start_mark, CP_BADINPUT,
			             "'bunting' must be true or false, not '%.40s'; "
			             "%s", scalar(n), FIX_HINT);
	}
	return st;
}

/* "Christmas Day (Substitute day)": gov.uk puts "Substitute day" in the
 * notes, and a chair reading --explain needs to see it.  NULL when out of
 * memory. */
static char *join_title(const char *title, const char *notes)
{
	size_t tl = strlen(title), nl = notes ? strlen(notes) : 0;
	char *raw = malloc(tl + nl + 4);
	if (!raw)
		return NULL;
	memcpy(raw, title, tl);
	if (nl) {
		memcpy(raw + tl, " (", 2);
		memcpy(raw + tl + 2, notes, nl);
		memcpy(raw + tl + 2 + nl, ")", 2);
	} else {
		raw[tl] = '\0';
	}
	/* Printable ASCII is its own sanitised form. */
	for (const unsigned char *p = (const unsigned char *)raw; *p; p++)
		if (*p < 0x20 || *p > 0x7E) {
			char *out = text_sanitize_dup(raw);
			free(raw);
			return out;
		}
	return raw;
}

static cp_status make_title(const hctx *c, const yaml_node_t *ev,
                            const char *title, char **out)
{
	yaml_node_t *notes;
	cp_status st = lookup(c, ev, "notes", &notes);
	if (st != CP_OK)
		return st;
	if (!(*out = join_title(title, notes ? scalar(notes) : NULL)))
		return cp_fail(c->err, CP_FAILED, "%s: out of memory", c->name);
	return CP_OK;
}

static cp_status parse_event(const hctx *c, const yaml_node_t *ev,
                             holiday *out)
{
	yaml_node_t *title, *date;
	cp_status st = expect(c, ev, YAML_MAPPING_NODE, "an event");
	if (st == CP_OK)
		st = lookup(c, ev, "title", &title);
	if (st == CP_OK)
		st = lookup(c, ev, "date", &date);
	if (st != CP_OK)
		return st;
	if (!title || !date)
		return fail_at(c, ev->start_mark, CP_BADINPUT,
		               "this event has no '%s': every event needs a "
		               "'title' and a 'date' (YYYY-MM-DD); %s",
		               title ? "date" : "title", FIX_HINT);
	if ((st = expect(c, title, YAML_SCALAR_NODE, "'title'")) != CP_OK ||
	    (st = expect(c, date, YAML_SCALAR_NODE, "'date'")) != CP_OK ||
	    (st = check_optional(c, ev)) != CP_OK)
		return st;
	if (!*scalar(title))
		return fail_at(c, title->start_mark, CP_BADINPUT,
		               "the event's title is empty; %s", FIX_HINT);
	cp_error derr;
	if (date_parse(scalar(date), &out->date, &derr) != CP_OK)
		return fail_at(c, date->start_mark, CP_BADINPUT, "%s; %s",
		               derr.msg, FIX_HINT);
	return make_title(c, ev, scalar(title), &out->title);
}

static int cmp_holiday(const void *a, const void *b)
{
	const holiday *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->title, y->title); /* deterministic merge order */
}

/* Sort and merge events of one day (titles joined when they differ). */
static cp_status sort_merge(const char *name, holiday_division *hd,
                            cp_error *err)
{
	/* gov.uk lists each division's events in date order. */
	bool sorted = true;
	for (size_t i = 1; sorted && i < hd->nevents; i++)
		sorted = hd->events[i - 1].date < hd->events[i].date;
	if (!sorted)
		qsort(hd->events, hd->nevents, sizeof *hd->events, cmp_holiday);
	size_t w = 0;
	for (size_t r = 0; r < hd->nevents; r++) {
		holiday *h = &hd->events[r];
		if (w == 0 || hd->events[w - 1].date != h->date) {
			hd->events[w++] = *h;
			continue;
		}
		holiday *prev = &hd->events[w - 1];
		if (strcmp(prev->title, h->title)) {
			size_t len = strlen(prev->title) + strlen(h->title) + 3;
			char *t = malloc(len);
			if (!t) {
				/* Owned now: [0, w) and [r, n). */
				for (size_t i = r; i < hd->nevents; i++)
					free(hd->events[i].title);
				hd->nevents = w;
				return cp_fail(err, CP_FAILED, "%s: out of memory",
				               name);
			}
			snprintf(t, len, "%s; %s", prev->title, h->title);
			free(prev->title);
			prev->title = t;
		}
		free(h->title);
	}
	hd->nevents = w;
	return CP_OK;
}

/* Set the years a sorted division spans; the first year inside them
 * without an event, -1 when it has no events at all, 0 when whole. */
static int missing_year(holiday_division *hd)
{
	if (hd->nevents == 0)
		return -1;
	int y, m, d;
	date_to_ymd(hd->events[0].date, &hd->first_year, &m, &d);
	date_to_ymd(hd->events[hd->nevents - 1].date, &hd->last_year, &m, &d);
	int expect_year = hd->first_year;
	for (size_t i = 0; i < hd->nevents; i++) {
		date_to_ymd(hd->events[i].date, &y, &m, &d);
		if (y > expect_year)
			return expect_year;
		expect_year = y + 1;
	}
	return 0;
}

/* A year without events inside the span means a truncated or edited file:
 * trusting it would make that Christmas a working day. */
static cp_status check_years(const hctx *c, const yaml_node_t *events,
                             holiday_division *hd)
{
	int missing = missing_year(hd);
	if (missing < 0)
		return fail_at(c, events->start_mark, CP_BADINPUT,
		               "division '%.60s' has no events; %s", hd->name, FIX_HINT);
	if (missing > 0)
		return fail_at(c, events->start_mark, CP_BADINPUT,
		               "division '%.60s' has no bank holidays in %d, "
		               "although it covers %d to %d: the file is "
		               "incomplete; %s",
		               hd->name, missing, hd->first_year,
		               hd->last_year, FIX_HINT);
	return CP_OK;
}

static cp_status parse_division(const hctx *c, const yaml_node_t *val,
                                holiday_division *hd)
{
	yaml_node_t *events, *div;
	cp_status st = expect(c, val, YAML_MAPPING_NODE, "a division");
	if (st == CP_OK)
		st = lookup(c, val, "division", &div);
	if (st == CP_OK && div)
		st = expect(c, div, YAML_SCALAR_NODE, "'division'");
	if (st == CP_OK)
		st = lookup(c, val, "events", &events);
	if (st != CP_OK)
		return st;
	if (!events)
		return fail_at(c, val->start_mark, CP_BADINPUT,
		               "division '%.60s' has no 'events' list; %s",
		               hd->name, FIX_HINT);
	if ((st = expect(c, events, YAML_SEQUENCE_NODE, "'events'")) != CP_OK)
		return st;
	yaml_node_item_t *it = events->data.sequence.items.start;
	size_t n = (size_t)(events->data.sequence.items.top - it);
	hd->events = calloc(n ? n : 1, sizeof *hd->events);
	if (!hd->events)
		return cp_fail(c->err, CP_FAILED, "%s: out of memory", c->name);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *ev = yaml_document_get_node(c->doc, it[i]);
		if ((st = parse_event(c, ev, &hd->events[i])) != CP_OK)
			return st;
		hd->nevents++;
	}
	if ((st = sort_merge(c->name, hd, c->err)) != CP_OK)
		return st;
	return check_years(c, events, hd);
}

static cp_status parse_root(const hctx *c, holiday_file *hf)
{
	yaml_node_t *root = yaml_document_get_root_node(c->doc);
	if (!root)
		return cp_fail(c->err, CP_BADINPUT, "%s:1:1: the file is empty; %s",
		               c->name, FIX_HINT);
	cp_status st = expect(c, root, YAML_MAPPING_NODE, "the file");
	if (st != CP_OK)
		return st;
	yaml_node_pair_t *p = root->data.mapping.pairs.start;
	size_t n = (size_t)(root->data.mapping.pairs.top - p);
	hf->divisions = calloc(n ? n : 1, sizeof *hf->divisions);
	if (!hf->divisions)
		return cp_fail(c->err, CP_FAILED, "%s: out of memory", c->name);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p[i].key);
		yaml_node_t *v = yaml_document_get_node(c->doc, p[i].value);
		if ((st = expect(c, k, YAML_SCALAR_NODE, "a division name")) != CP_OK)
			return st;
		if (holidays_division(hf, scalar(k)))
			return fail_at(c, k->start_mark, CP_BADINPUT,
			               "division '%.60s' appears twice; %s",
			               scalar(k), FIX_HINT);
		holiday_division *hd = &hf->divisions[hf->ndivisions++];
		if (!(hd->name = text_sanitize_dup(scalar(k))))
			return cp_fail(c->err, CP_FAILED, "%s: out of memory",
			               c->name);
		if ((st = parse_division(c, v, hd)) != CP_OK)
			return st;
	}
	if (n == 0)
		return fail_at(c, root->start_mark, CP_BADINPUT,
		               "no divisions in the file; %s", FIX_HINT);
	return CP_OK;
}

static cp_status load_document(hctx *c, yaml_document_t *doc)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return cp_fail(c->err, CP_FAILED, "%s: out of memory", c->name);
	yaml_parser_set_input_string(&p, c->buf, c->len);
	cp_status st = CP_OK;
	if (!yaml_parser_load(&p, doc))
		st = p.error == YAML_MEMORY_ERROR
		         ? cp_fail(c->err, CP_FAILED, "%s: out of memory", c->name)
		         : syntax_error(c, &p);
	yaml_parser_delete(&p);
	return st;
}

cp_status holidays_parse_yaml(const char *name, const unsigned char *buf,
                              size_t len, holiday_file **out, cp_error *err)
{
	*out = NULL;
	hctx c = { .name = name, .buf = buf, .len = len, .err = err };
	if (len > HOLIDAYS_MAX_BYTES)
		return cp_fail(err, CP_BADINPUT,
		               "%s: larger than %d bytes: not a bank-holidays file",
		               name, HOLIDAYS_MAX_BYTES);
	cp_status st = prescan(&c);
	if (st != CP_OK)
		return st;
	yaml_document_t doc;
	if ((st = load_document(&c, &doc)) != CP_OK)
		return st;
	c.doc = &doc;
	holiday_file *hf = calloc(1, sizeof *hf);
	if (!hf || !(hf->path = strdup(name)))
		st = cp_fail(err, CP_FAILED, "%s: out of memory", name);
	else
		st = parse_root(&c, hf);
	yaml_document_delete(&doc);
	if (st != CP_OK) {
		holidays_free(hf);
		return st;
	}
	*out = hf;
	return CP_OK;
}

/* ---- libcjson, loaded when first needed ---------------------------------- */
typedef struct cjson_api {
	void (*init_hooks)(cJSON_Hooks *hooks);
	cJSON *(*parse)(const char *value, size_t len, const char **end,
	                cJSON_bool require_null_terminated);
	cJSON_bool (*is_object)(const cJSON *item);
	cJSON_bool (*is_array)(const cJSON *item);
	cJSON_bool (*is_string)(const cJSON *item);
	cJSON_bool (*is_bool)(const cJSON *item);
} cjson_api;

static cjson_api cj;
static int cj_state;   /* 0 not tried, 1 loaded, -1 not available */

/* The library once per process, kept loaded (one thread reads holidays). */
static const cjson_api *cjson(void)
{
	if (cj_state)
		return cj_state > 0 ? &cj : NULL;
	void *h = dlopen("libcjson.so.1", RTLD_NOW | RTLD_LOCAL);
	cj_state = -1;
	if (!h)
		return NULL;
	/* POSIX: a function pointer fits in a void * */
	*(void **)&cj.init_hooks = dlsym(h, "cJSON_InitHooks");
	*(void **)&cj.parse = dlsym(h, "cJSON_ParseWithLengthOpts");
	*(void **)&cj.is_object = dlsym(h, "cJSON_IsObject");
	*(void **)&cj.is_array = dlsym(h, "cJSON_IsArray");
	*(void **)&cj.is_string = dlsym(h, "cJSON_IsString");
	*(void **)&cj.is_bool = dlsym(h, "cJSON_IsBool");
	if (!cj.init_hooks || !cj.parse || !cj.is_object ||
	    !cj.is_array || !cj.is_string || !cj.is_bool) {
		dlclose(h);
		return NULL;
	}
	cj_state = 1;
	return &cj;
}

bool holidays_fast_reader(void)
{
	return cjson() != NULL;
}

/* ---- the fast reader: plain JSON through cJSON ----------------------------
 *
 * Every check of the reference reader, as a yes or no: on any "no" the
 * caller hands the bytes to holidays_parse_yaml, which words the error. */

typedef enum { FAST_OK, FAST_DECLINED, FAST_OOM } fast_result;

/* The bytes are valid UTF-8 made of the characters libyaml's reader lets
 * through (tab, LF, CR, printable ASCII, U+00A0..U+D7FF, U+E000..U+FFFD,
 * U+10000..U+10FFFF), less NEL, LS and PS, which YAML 1.1 reads as line
 * breaks and JSON as ordinary characters. */
static bool json_safe_bytes(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		/* printable ASCII, tab, LF, CR */
		while (i < len && ((unsigned)(s[i] - 0x20) < 0x5F || s[i] == '\n' ||
		                   s[i] == '\t' || s[i] == '\r'))
			i++;
		if (i == len)
			break;
		unsigned char b = s[i];
		if (b < 0x80)
			return false;
		uint32_t cp;
		size_t need;
		if (b >= 0xC2 && b <= 0xDF)
			cp = b & 0x1Fu, need = 1;
		else if (b >= 0xE0 && b <= 0xEF)
			cp = b & 0x0Fu, need = 2;
		else if (b >= 0xF0 && b <= 0xF4)
			cp = b & 0x07u, need = 3;
		else
			return false;
		if (len - i <= need)
			return false;
		for (size_t k = 1; k <= need; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3Fu);
		}
		static const uint32_t least[] = { 0, 0x80, 0x800, 0x10000 };
		if (cp < least[need] || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF) ||            /* surrogates */
		    cp < 0xA0 ||                                  /* C1 and NEL */
		    cp == 0x2028 || cp == 0x2029 || cp == 0xFFFE || cp == 0xFFFF)
			return false;
		i += need + 1;
	}
	return true;
}

/* A line break in a string we use: YAML would have folded a raw one. */
static bool has_break(const char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			return true;
	return false;
}

/* Nesting within the limit, and no key anywhere with a line break (a
 * YAML key ends at the end of its line). */
static bool json_shape_ok(const cJSON *n, int depth)
{
	if (!cj.is_object(n) && !cj.is_array(n))
		return true;
	if (depth > HOLIDAYS_MAX_DEPTH)
		return false;
	for (const cJSON *k = n->child; k; k = k->next)
		if ((k->string && has_break(k->string)) ||
		    !json_shape_ok(k, depth + 1))
			return false;
	return true;
}

/* The value of key in object o, or NULL; *twice when it appears twice. */
static const cJSON *json_get(const cJSON *o, const char *key, bool *twice)
{
	const cJSON *found = NULL;
	for (const cJSON *k = o->child; k; k = k->next) {
		if (!k->string || strcmp(k->string, key))
			continue;
		if (found)
			*twice = true;
		found = k;
	}
	return found;
}

/* A string with no line break (a YAML scalar reads the same). */
static const char *json_text(const cJSON *n)
{
	return cj.is_string(n) && n->valuestring && !has_break(n->valuestring)
	           ? n->valuestring : NULL;
}

static fast_result fast_event(const cJSON *ev, holiday *out)
{
	if (!cj.is_object(ev))
		return FAST_DECLINED;
	bool twice = false;
	const cJSON *jt = json_get(ev, "title", &twice);
	const cJSON *jd = json_get(ev, "date", &twice);
	const cJSON *jn = json_get(ev, "notes", &twice);
	const cJSON *jb = json_get(ev, "bunting", &twice);
	const char *title = json_text(jt), *date = json_text(jd);
	const char *notes = jn ? json_text(jn) : "";
	if (twice || !title || !date || !notes || !*title)
		return FAST_DECLINED;
	if (jb && !cj.is_bool(jb) &&
	    !(json_text(jb) && (!strcmp(jb->valuestring, "true") ||
	                        !strcmp(jb->valuestring, "false"))))
		return FAST_DECLINED;
	cp_error derr;
	if (date_parse(date, &out->date, &derr) != CP_OK)
		return FAST_DECLINED;
	return (out->title = join_title(title, notes)) ? FAST_OK : FAST_OOM;
}

static fast_result fast_division(const char *name, const cJSON *val,
                                 holiday_division *hd)
{
	if (!cj.is_object(val))
		return FAST_DECLINED;
	bool twice = false;
	const cJSON *div = json_get(val, "division", &twice);
	const cJSON *events = json_get(val, "events", &twice);
	if (twice || (div && !json_text(div)) || !cj.is_array(events))
		return FAST_DECLINED;
	size_t n = 0;
	for (const cJSON *e = events->child; e; e = e->next)
		n++;
	if (n == 0 || !(hd->events = calloc(n, sizeof *hd->events)))
		return n == 0 ? FAST_DECLINED : FAST_OOM;
	for (const cJSON *e = events->child; e; e = e->next) {
		fast_result r = fast_event(e, &hd->events[hd->nevents]);
		if (r != FAST_OK)
			return r;
		hd->nevents++;
	}
	cp_error err;
	if (sort_merge(name, hd, &err) != CP_OK)
		return FAST_OOM;
	return missing_year(hd) == 0 ? FAST_OK : FAST_DECLINED;
}

static fast_result fast_root(const cJSON *root, holiday_file *hf)
{
	if (!cj.is_object(root) || !root->child ||
	    !json_shape_ok(root, 1))
		return FAST_DECLINED;
	size_t n = 0;
	for (const cJSON *k = root->child; k; k = k->next)
		n++;
	if (!(hf->divisions = calloc(n, sizeof *hf->divisions)))
		return FAST_OOM;
	for (const cJSON *k = root->child; k; k = k->next) {
		if (!k->string || holidays_division(hf, k->string))
			return FAST_DECLINED;
		holiday_division *hd = &hf->divisions[hf->ndivisions++];
		if (!(hd->name = text_sanitize_dup(k->string)))
			return FAST_OOM;
		fast_result r = fast_division(hf->path, k, hd);
		if (r != FAST_OK)
			return r;
	}
	return FAST_OK;
}

/* cJSON's nodes come from one arena, freed at once: malloc and free of
 * some 4,000 small nodes cost more than the parse.  cJSON's allocator
 * hooks are global, so they are set for the parse and put back after it
 * (cpdesk reads bank holidays from one thread). */
typedef struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	max_align_t data[];
} arena_chunk;

static arena_chunk *arena;

static void *arena_alloc(size_t n)
{
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t);
	if (!arena || arena->cap - arena->used < n) {
		size_t cap = n > 4096 ? n : 4096; /* 64 KiB chunks */
		arena_chunk *c = malloc(sizeof *c + cap * sizeof(max_align_t));
		if (!c)
			return NULL;
		c->next = arena, c->used = 0, c->cap = cap;
		arena = c;
	}
	void *p = arena->data + arena->used;
	arena->used += n;
	return p;
}

static void arena_free(void *p)
{
	(void)p; /* all at once, in arena_release */
}

static void arena_release(void)
{
	while (arena) {
		arena_chunk *next = arena->next;
		free(arena);
		arena = next;
	}
}

static fast_result fast_parse(const char *name, const unsigned char *buf,
                              size_t len, holiday_file **out)
{
	if (len > HOLIDAYS_MAX_BYTES || !json_safe_bytes(buf, len))
		return FAST_DECLINED;
	const char *end = NULL;
	if (!cjson())
		return FAST_DECLINED;   /* no libcjson: the reference reader */
	cJSON_Hooks hooks = { .malloc_fn = arena_alloc, .free_fn = arena_free };
	cj.init_hooks(&hooks);
	cJSON *root = cj.parse((const char *)buf, len, &end, 0);
	cj.init_hooks(NULL);
	if (!root) {
		arena_release();
		return FAST_DECLINED; /* not JSON, or out of memory: see libyaml */
	}
	/* One value, then only white space. */
	const char *stop = (const char *)buf + len;
	while (end && end < stop && strchr(" \t\r\n", *end) && *end)
		end++;
	fast_result r = FAST_DECLINED;
	holiday_file *hf = NULL;
	if (end == stop) {
		hf = calloc(1, sizeof *hf);
		r = hf && (hf->path = strdup(name)) ? fast_root(root, hf) : FAST_OOM;
	}
	arena_release(); /* the whole tree */
	if (r == FAST_OK)
		*out = hf;
	else
		holidays_free(hf);
	return r;
}

cp_status holidays_parse(const char *name, const unsigned char *buf,
                         size_t len, holiday_file **out, cp_error *err)
{
	*out = NULL;
	switch (fast_parse(name, buf, len, out)) {
	case FAST_OK:
		return CP_OK;
	case FAST_OOM:
		return cp_fail(err, CP_FAILED, "%s: out of memory", name);
	case FAST_DECLINED:
		break;
	}
	return holidays_parse_yaml(name, buf, len, out, err);
}

/* Read a whole file of at most max bytes into a malloc'd buffer. */
static cp_status read_file(const char *path, size_t max, unsigned char **buf,
                           size_t *len, cp_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cp_fail(err, errno == ENOENT ? CP_BADINPUT : CP_FAILED,
		               "%s: cannot open: %s", path, strerror(errno));
	unsigned char *b = malloc(max + 1);
	size_t n = b ? fread(b, 1, max + 1, f) : 0;
	cp_status st = CP_OK;
	if (!b)
		st = cp_fail(err, CP_FAILED, "%s: out of memory", path);
	else if (ferror(f))
		st = cp_fail(err, CP_FAILED, "%s: cannot read: %s", path,
		             strerror(errno));
	else if (n > max)
		st = cp_fail(err, CP_BADINPUT,
		             "%s: larger than %zu bytes: not a bank-holidays file",
		             path, max);
	fclose(f);
	if (st != CP_OK) {
		free(b);
		return st;
	}
	*buf = b;
	*len = n;
	return CP_OK;
}

cp_status holidays_load(const char *path, holiday_file **out, cp_error *err)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	*out = NULL;
	cp_status st = read_file(path, HOLIDAYS_MAX_BYTES, &buf, &len, err);
	if (st != CP_OK)
		return st;
	st = holidays_parse(path, buf, len, out, err);
	free(buf);
	return st;
}

void holidays_free(holiday_file *hf)
{
	if (!hf)
		return;
	for (size_t i = 0; i < hf->ndivisions; i++) {
		holiday_division *hd = &hf->divisions[i];
		for (size_t j = 0; j < hd->nevents; j++)
			free(hd->events[j].title);
		free(hd->events);
		free(hd->name);
	}
	free(hf->divisions);
	free(hf->path);
	free(hf);
}

const holiday_division *holidays_division(const holiday_file *hf,
                                          const char *name)
{
	for (size_t i = 0; hf && i < hf->ndivisions; i++)
		if (hf->divisions[i].name && !strcmp(hf->divisions[i].name, name))
			return &hf->divisions[i];
	return NULL;
}

/* ---- calendars ---------------------------------------------------------- */

static void year_range(const calendar *cal, int *y0, int *y1)
{
	int m, d;
	date_to_ymd(cal->first, y0, &m, &d);
	date_to_ymd(cal->last, y1, &m, &d);
}

static cp_status outside(const calendar *cal, cp_date d, cp_error *err)
{
	char buf[CP_DATE_STRLEN];
	int y0, y1, y, m, dd;
	year_range(cal, &y0, &y1);
	date_format(d, buf);
	date_to_ymd(d, &y, &m, &dd);
	if (d > cal->last)
		return cp_fail(err, CP_BADINPUT,
		               "%s is outside the bank holidays known for %s "
		               "(%d-%d): install a newer bank-holidays.json",
		               buf, cal->division, y0, y1);
	return cp_fail(err, CP_BADINPUT,
	               "%s is outside the bank holidays known for %s (%d-%d): "
	               "install a bank-holidays.json that covers %d",
	               buf, cal->division, y0, y1, y);
}

static cp_status mark_closures(calendar *cal, cp_error *err)
{
	for (size_t i = 0; i < cal->nclosures; i++) {
		const closure *cl = &cal->closures[i];
		if (cl->date != CP_DATE_NONE && calendar_covers(cal, cl->date)) {
			cal->closed[cl->date - cal->first] = 1;
			continue;
		}
		cp_status st = outside(cal, cl->date, err);
		cp_error_prefix(err, "local closure '%.80s': ",
		                cl->title ? cl->title : "");
		return st;
	}
	return CP_OK;
}

cp_status calendar_init(calendar *cal, const holiday_file *hf,
                        const char *division, const closure *closures,
                        size_t nclosures, cp_error *err)
{
	memset(cal, 0, sizeof *cal);
	if (!hf || !division)
		return cp_fail(err, CP_BADINPUT, "no bank holidays loaded");
	const holiday_division *hd = holidays_division(hf, division);
	if (!hd) {
		char have[512] = "";
		for (size_t i = 0; i < hf->ndivisions; i++) {
			size_t used = strlen(have);
			snprintf(have + used, sizeof have - used, "%s%s",
			         i ? ", " : "", hf->divisions[i].name);
		}
		return cp_fail(err, CP_BADINPUT,
		               "no division '%.64s' in %s: it has %s", division,
		               hf->path ? hf->path : "the bank holidays", have);
	}
	if (strlen(division) >= sizeof cal->division)
		return cp_fail(err, CP_BADINPUT, "division name too long");
	strcpy(cal->division, division);
	if (!date_from_ymd(hd->first_year, 1, 1, &cal->first) ||
	    !date_from_ymd(hd->last_year, 12, 31, &cal->last))
		return cp_fail(err, CP_BADINPUT, "%s: years out of range",
		               division);
	size_t n = (size_t)(cal->last - cal->first) + 1;
	if (!(cal->closed = malloc(n)))
		return cp_oom(err);
	/* 1 January of the first year is weekday w (1 Monday .. 7 Sunday). */
	for (size_t i = 0, w = (size_t)date_weekday(cal->first); i < n;
	     i++, w = w % 7 + 1)
		cal->closed[i] = w >= 6;
	for (size_t i = 0; i < hd->nevents; i++)
		cal->closed[hd->events[i].date - cal->first] = 1;
	cal->hd = hd;
	cal->closures = closures;
	cal->nclosures = closures ? nclosures : 0;
	cp_status st = mark_closures(cal, err);
	if (st != CP_OK)
		calendar_fini(cal);
	return st;
}

void calendar_fini(calendar *cal)
{
	free(cal->closed);
	memset(cal, 0, sizeof *cal);
}

bool calendar_covers(const calendar *cal, cp_date d)
{
	return cal->closed && d >= cal->first && d <= cal->last;
}

cp_status calendar_is_workday(const calendar *cal, cp_date d, bool *out,
                              cp_error *err)
{
	if (!calendar_covers(cal, d))
		return outside(cal, d, err);
	*out = !cal->closed[d - cal->first];
	return CP_OK;
}

static int cmp_date_holiday(const void *key, const void *elem)
{
	cp_date d = *(const cp_date *)key;
	const holiday *h = elem;
	return d < h->date ? -1 : d > h->date;
}

const char *calendar_reason_closed(const calendar *cal, cp_date d)
{
	if (!calendar_covers(cal, d) || !cal->closed[d - cal->first])
		return NULL;
	const holiday *h = bsearch(&d, cal->hd->events, cal->hd->nevents,
	                           sizeof *h, cmp_date_holiday);
	if (h)
		return h->title;
	for (size_t i = 0; i < cal->nclosures; i++)
		if (cal->closures[i].date == d)
			return cal->closures[i].title ? cal->closures[i].title
			                              : "Local closure";
	return date_weekday(d) == 6 ? "Saturday" : "Sunday";
}

static bool closed_at(const calendar *cal, cp_date d)
{
	return cal->closed[d - cal->first];
}

/* Why a walk stopped: it left the covered years. */
static cp_status walked_off(const calendar *cal, cp_date from, int n,
                            cp_date d, cp_error *err)
{
	char buf[CP_DATE_STRLEN];
	cp_status st = outside(cal, d, err);
	date_format(from, buf);
	cp_error_prefix(err, "counting %d working days from %s: ", n, buf);
	return st;
}

cp_status calendar_add_workdays(const calendar *cal, cp_date d, int n,
                                cp_date *out, cp_error *err)
{
	if (!calendar_covers(cal, d))
		return outside(cal, d, err);
	int dir = n < 0 ? -1 : 1;
	/* Negate in long: n may be INT_MIN. */
	long left = n < 0 ? -(long)n : n;
	cp_date at = d;
	while (left > 0) {
		at += dir;
		if (at < cal->first || at > cal->last)
			return walked_off(cal, d, n, at, err);
		left -= !closed_at(cal, at);
	}
	*out = at;
	return CP_OK;
}

/* The first working day from d stepping by dir, d included. */
static cp_status nearest_workday(const calendar *cal, cp_date d, int dir,
                                 cp_date *out, cp_error *err)
{
	if (!calendar_covers(cal, d))
		return outside(cal, d, err);
	cp_date at = d;
	while (closed_at(cal, at)) {
		at += dir;
		if (at < cal->first || at > cal->last) {
			char buf[CP_DATE_STRLEN];
			cp_status st = outside(cal, at, err);
			date_format(d, buf);
			cp_error_prefix(err, "looking for a working day %s %s: ",
			                dir < 0 ? "on or before" : "on or after", buf);
			return st;
		}
	}
	*out = at;
	return CP_OK;
}

cp_status calendar_workday_on_or_before(const calendar *cal, cp_date d,
                                        cp_date *out, cp_error *err)
{
	return nearest_workday(cal, d, -1, out, err);
}

cp_status calendar_workday_on_or_after(const calendar *cal, cp_date d,
                                       cp_date *out, cp_error *err)
{
	return nearest_workday(cal, d, 1, out, err);
}

/* Counts working days in (a, b] when b is later, minus those in [b, a)
 * when earlier: the inverse of calendar_add_workdays. */
cp_status calendar_workdays_between(const calendar *cal, cp_date a,
                                    cp_date b, int *out, cp_error *err)
{
	if (!calendar_covers(cal, a))
		return outside(cal, a, err);
	if (!calendar_covers(cal, b))
		return outside(cal, b, err);
	int n = 0;
	if (b >= a) {
		for (cp_date d = a + 1; d <= b; d++)
			n += !closed_at(cal, d);
	} else {
		for (cp_date d = b; d < a; d++)
			n -= !closed_at(cal, d);
	}
	*out = n;
	return CP_OK;
}

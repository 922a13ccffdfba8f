/* yamltree.c - strict reading of hand-written YAML. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "yamltree.h"

static void mark_error(cp_error *err, const char *name, yaml_mark_t m,
                       const char *what)
{
	cp_fail(err, CP_BADINPUT, "%s:%zu:%zu: %s", name, m.line + 1,
	        m.column + 1, what);
}

/* Byte offset of line/column (0-based; columns count characters, as
 * libyaml's do) in text, or len when past the end. */
static size_t offset_of(const unsigned char *text, size_t len, size_t line,
                        size_t column)
{
	size_t i = 0;
	for (; i < len && line > 0; i++)
		if (text[i] == '\n')
			line--;
	for (; i < len && column > 0; column--) {
		i++;
		while (i < len && (text[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

/* The mark (0-based line, character column) of byte offset off. */
static yaml_mark_t mark_of(const unsigned char *text, size_t len, size_t off)
{
	yaml_mark_t m = { 0, 0, 0 };
	for (size_t i = 0; i < off && i < len; i++) {
		if (text[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if ((text[i] & 0xC0) != 0x80) {
			m.column++;
		}
	}
	m.index = off;
	return m;
}

static cp_status parser_error(const yaml_parser_t *p, const char *name,
                              const unsigned char *text, size_t len,
                              cp_error *err)
{
	char what[512];
	if (p->error == YAML_MEMORY_ERROR)
		return cp_fail(err, CP_FAILED, "%s: out of memory reading YAML", name);
	if (p->error == YAML_READER_ERROR) {
		/* libyaml gives reader errors (control characters, NUL bytes,
		 * bad UTF-8) as a byte offset, not a mark. */
		if (p->problem_value >= 0)
			snprintf(what, sizeof what, "YAML: %s (0x%02X)",
			         p->problem ? p->problem : "unreadable input",
			         (unsigned)p->problem_value);
		else
			snprintf(what, sizeof what, "YAML: %s",
			         p->problem ? p->problem : "unreadable input");
		mark_error(err, name, mark_of(text, len, p->problem_offset), what);
		return CP_BADINPUT;
	}
	size_t at = offset_of(text, len, p->problem_mark.line,
	                      p->problem_mark.column);
	const char *hint = at < len && text[at] == '\t'
	    ? ": a tab; indent YAML with spaces" : "";
	if (p->context)
		snprintf(what, sizeof what, "YAML syntax: %s %s (line %zu)%s",
		         p->problem ? p->problem : "error", p->context,
		         p->context_mark.line + 1, hint);
	else
		snprintf(what, sizeof what, "YAML syntax: %s%s",
		         p->problem ? p->problem : "error", hint);
	mark_error(err, name, p->problem_mark, what);
	return CP_BADINPUT;
}

/* Events a hand-written file has no business using. */
static const char *forbidden(const yaml_event_t *e)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	switch (e->type) {
	case YAML_ALIAS_EVENT:
		return "aliases (*name) are not allowed in this file: write the value out";
	case YAML_SCALAR_EVENT:
		anchor = e->data.scalar.anchor;
		tag = e->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = e->data.sequence_start.anchor;
		tag = e->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = e->data.mapping_start.anchor;
		tag = e->data.mapping_start.tag;
		break;
	default:
		return NULL;
	}
	if (anchor)
		return "anchors (&name) are not allowed in this file: write the value out";
	if (tag)
		return "explicit tags (!tag) are not allowed in this file";
	return NULL;
}

/* First pass over events: refuse anchors, aliases, tags, depth, and more
 * than one document, before anything is built from them. */
static cp_status prescan(const char *name, const unsigned char *text,
                         size_t len, cp_error *err)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return cp_fail(err, CP_FAILED, "%s: out of memory", name);
	yaml_parser_set_input_string(&p, text, len);
	cp_status st = CP_OK;
	int depth = 0, docs = 0;
	for (bool done = false; !done && st == CP_OK;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			st = parser_error(&p, name, text, len, err);
			break;
		}
		const char *bad = forbidden(&e);
		if (bad) {
			mark_error(err, name, e.start_mark, bad);
			st = CP_BADINPUT;
		} else if (e.type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			mark_error(err, name, e.start_mark,
			           "more than one YAML document: keep one per file");
			st = CP_BADINPUT;
		} else if (e.type == YAML_SEQUENCE_START_EVENT ||
		           e.type == YAML_MAPPING_START_EVENT) {
			if (++depth > YT_MAX_DEPTH) {
				mark_error(err, name, e.start_mark,
				           "nested too deeply");
				st = CP_BADINPUT;
			}
		} else if (e.type == YAML_SEQUENCE_END_EVENT ||
		           e.type == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	return st;
}

cp_status yt_load(yt_doc *d, const char *name, const unsigned char *text,
                  size_t len, cp_error *err)
{
	memset(d, 0, sizeof *d);
	d->name = name;
	d->err = err;
	if (len > YT_MAX_BYTES)
		return cp_fail(err, CP_BADINPUT, "%s: file is larger than %d bytes",
		               name, YT_MAX_BYTES);
	cp_status st = prescan(name, text, len, err);
	if (st != CP_OK)
		return st;
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return cp_fail(err, CP_FAILED, "%s: out of memory", name);
	yaml_parser_set_input_string(&p, text, len);
	if (!yaml_parser_load(&p, &d->doc)) {
		st = parser_error(&p, name, text, len, err);
		yaml_parser_delete(&p);
		return st;
	}
	yaml_parser_delete(&p);
	d->loaded = true;
	if (!yaml_document_get_root_node(&d->doc)) {
		yt_free(d);
		return cp_fail(err, CP_BADINPUT, "%s:1:1: the file is empty", name);
	}
	return CP_OK;
}

void yt_free(yt_doc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
	d->loaded = false;
}

yaml_node_t *yt_root(yt_doc *d)
{
	return yaml_document_get_root_node(&d->doc);
}

yaml_node_t *yt_node(yt_doc *d, int index)
{
	return yaml_document_get_node(&d->doc, index);
}

void yt_where(yt_doc *d, const yaml_node_t *n, char *buf, size_t size)
{
	snprintf(buf, size, "%s:%zu:%zu", d->name, n->start_mark.line + 1,
	         n->start_mark.column + 1);
}

cp_status yt_error(yt_doc *d, const yaml_node_t *n, cp_status st,
                   const char *fmt, ...)
{
	char what[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	char where[256];
	yt_where(d, n, where, sizeof where);
	return cp_fail(d->err, st, "%s: %s", where, what);
}

static const char *type_name(yaml_node_type_t t)
{
	switch (t) {
	case YAML_SCALAR_NODE: return "a single value";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping (key: value lines)";
	default: return "nothing";
	}
}

cp_status yt_expect(yt_doc *d, const yaml_node_t *n, yaml_node_type_t type,
                    const char *what)
{
	if (n->type == type)
		return CP_OK;
	return yt_error(d, n, CP_BADINPUT, "%s must be %s, not %s", what,
	                type_name(type), type_name(n->type));
}

const char *yt_str(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

cp_status yt_get_text(yt_doc *d, const yaml_node_t *n, const char *what,
                      char **out)
{
	cp_status st = yt_expect(d, n, YAML_SCALAR_NODE, what);
	if (st != CP_OK)
		return st;
	if (n->data.scalar.length == 0)
		return yt_error(d, n, CP_BADINPUT, "%s is empty", what);
	if (strlen(yt_str(n)) != n->data.scalar.length)
		return yt_error(d, n, CP_BADINPUT, "%s holds a NUL character", what);
	char *s = text_sanitize_dup(yt_str(n));
	if (!s)
		return cp_oom(d->err);
	free(*out);
	*out = s;
	return CP_OK;
}

cp_status yt_get_bool(yt_doc *d, const yaml_node_t *n, bool *out)
{
	cp_status st = yt_expect(d, n, YAML_SCALAR_NODE, "this value");
	if (st != CP_OK)
		return st;
	if (!strcmp(yt_str(n), "true"))
		*out = true;
	else if (!strcmp(yt_str(n), "false"))
		*out = false;
	else
		return yt_error(d, n, CP_BADINPUT,
		                "'%s' is not true or false", yt_str(n));
	return CP_OK;
}

cp_status yt_get_int(yt_doc *d, const yaml_node_t *n, long min, long max,
                     long *out)
{
	cp_status st = yt_expect(d, n, YAML_SCALAR_NODE, "this value");
	if (st != CP_OK)
		return st;
	const char *s = yt_str(n);
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno)
		return yt_error(d, n, CP_BADINPUT, "'%.40s' is not a whole number", s);
	if (v < min || v > max)
		return yt_error(d, n, CP_BADINPUT, "%ld is out of range (%ld to %ld)",
		                v, min, max);
	*out = v;
	return CP_OK;
}

static bool key_allowed(const yt_key *keys, const char *k)
{
	for (; keys->key; keys++)
		if (!strcmp(keys->key, k))
			return true;
	return false;
}

static void key_list(const yt_key *keys, char *buf, size_t size)
{
	buf[0] = '\0';
	for (; keys->key; keys++) {
		size_t used = strlen(buf);
		snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
		         keys->key);
	}
}

cp_status yt_check_keys(yt_doc *d, const yaml_node_t *n, const yt_key *keys,
                        const char *what)
{
	cp_status st = yt_expect(d, n, YAML_MAPPING_NODE, what);
	if (st != CP_OK)
		return st;
	yaml_node_pair_t *a, *b;
	for (a = n->data.mapping.pairs.start; a < n->data.mapping.pairs.top; a++) {
		yaml_node_t *k = yt_node(d, a->key);
		if (k->type != YAML_SCALAR_NODE)
			return yt_error(d, k, CP_BADINPUT, "keys in %s must be plain words", what);
		for (b = n->data.mapping.pairs.start; b < a; b++)
			if (!strcmp(yt_str(yt_node(d, b->key)), yt_str(k)))
				return yt_error(d, k, CP_BADINPUT,
				    "duplicate key '%s' in %s (first at line %zu)",
				    yt_str(k), what,
				    yt_node(d, b->key)->start_mark.line + 1);
		if (keys && !key_allowed(keys, yt_str(k))) {
			char list[512];
			key_list(keys, list, sizeof list);
			char safe[80];
			text_sanitize(yt_str(k), safe, sizeof safe);
			return yt_error(d, k, CP_BADINPUT,
			    "unknown key '%s' in %s (expected one of: %s)", safe,
			    what, list);
		}
	}
	for (; keys && keys->key; keys++)
		if (keys->required && !yt_get(d, n, keys->key))
			return yt_error(d, n, CP_BADINPUT, "%s needs '%s'", what,
			                keys->key);
	return CP_OK;
}

yaml_node_t *yt_get(yt_doc *d, const yaml_node_t *n, const char *key)
{
	if (n->type != YAML_MAPPING_NODE)
		return NULL;
	yaml_node_pair_t *a;
	for (a = n->data.mapping.pairs.start; a < n->data.mapping.pairs.top; a++) {
		yaml_node_t *k = yt_node(d, a->key);
		if (k->type == YAML_SCALAR_NODE && !strcmp(yt_str(k), key))
			return yt_node(d, a->value);
	}
	return NULL;
}

/* yamltree.h - reading configuration YAML strictly, with positions.
 *
 * A thin layer over libyaml's document API for files people write by
 * hand: it refuses anchors, aliases, explicit tags and deep nesting before
 * the document is built, checks mappings for duplicate and unknown keys,
 * converts scalars with range checks, and words every error as
 * FILE:LINE:COL: message. */
#ifndef CPDESK_YAMLTREE_H
#define CPDESK_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>
#include "status.h"

#define YT_MAX_DEPTH 32
#define YT_MAX_BYTES (1024 * 1024)

typedef struct yt_doc {
	const char *name;       /* file name used in messages */
	yaml_document_t doc;
	bool loaded;
	cp_error *err;
} yt_doc;

/* Parse text into d (d->name must be set).  An empty document is an
 * error. */
cp_status yt_load(yt_doc *d, const char *name, const unsigned char *text,
                  size_t len, cp_error *err);
void yt_free(yt_doc *d);

yaml_node_t *yt_root(yt_doc *d);
yaml_node_t *yt_node(yt_doc *d, int index);

/* Report an error at node n: "FILE:LINE:COL: message". */
cp_status yt_error(yt_doc *d, const yaml_node_t *n, cp_status st,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Write "FILE:LINE:COL" of n into buf. */
void yt_where(yt_doc *d, const yaml_node_t *n, char *buf, size_t size);

/* Type checks that report "expected a mapping" etc. */
cp_status yt_expect(yt_doc *d, const yaml_node_t *n, yaml_node_type_t type,
                    const char *what);

/* A scalar's text (NUL-terminated by libyaml). */
const char *yt_str(const yaml_node_t *n);
/* Non-empty string scalar, sanitised and duplicated into *out (freeing
 * the old value). */
cp_status yt_get_text(yt_doc *d, const yaml_node_t *n, const char *what,
                      char **out);
cp_status yt_get_bool(yt_doc *d, const yaml_node_t *n, bool *out);
cp_status yt_get_int(yt_doc *d, const yaml_node_t *n, long min, long max,
                     long *out);

/* Walking a mapping: the caller's table names every allowed key. */
typedef struct yt_key {
	const char *key;
	bool required;
} yt_key;

/* Check n is a mapping whose keys are all in keys[] (NULL-key terminated),
 * none twice, and every required one present.  `what` names the mapping
 * in messages ("a step"). */
cp_status yt_check_keys(yt_doc *d, const yaml_node_t *n, const yt_key *keys,
                        const char *what);
/* Value node for key in mapping n, or NULL. */
yaml_node_t *yt_get(yt_doc *d, const yaml_node_t *n, const char *key);

#endif

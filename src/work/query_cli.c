/* query_cli.c - reads for the command line that query.h's seam did not
 * have (its section "for the command line"). */
#include <stdlib.h>
#include <string.h>

#include "query_priv.h"
#include "text.h"
#include "vec.h"

/* s sanitised line by line, the newlines kept; NULL on out of memory. */
static char *clean_lines(const char *s)
{
	char *out = NULL;
	size_t n = 0, cap = 0;
	s = text_or_empty(s);
	do {
		size_t len = strcspn(s, "\n");
		char *line = strndup(s, len), *c = line ? q_clean(line) : NULL;
		size_t cl = c ? strlen(c) : 0;
		bool ok = c && vec_reserve((void **)&out, &cap, n + cl + 2, 1, 64);
		if (ok) {
			memcpy(out + n, c, cl);
			n += cl;
			if (s[len] == '\n')
				out[n++] = '\n';
			out[n] = '\0';
		}
		free(line);
		free(c);
		if (!ok) {
			free(out);
			return NULL;
		}
		s += len + (s[len] == '\n');
	} while (*s);
	return out;
}

static cp_status texts_of(const cp_meeting *m, query_meeting_texts *out,
                          cp_error *err)
{
	const cp_outcome *o = &m->outcome;
	out->status = m->status;
	if (!(out->type = q_clean(m->type)) ||
	    !(out->reason = clean_lines(m->reason)) ||
	    !(out->decision = clean_lines(o->decision)) ||
	    !(out->attendees = clean_lines(o->attendees)) ||
	    !(out->reports = clean_lines(o->reports)) ||
	    !(out->views_missing = clean_lines(o->views_missing)) ||
	    !(out->summary = clean_lines(o->summary)))
		return cp_oom(err);
	return CP_OK;
}

cp_status query_meeting_texts_get(casework *cw, uint64_t id,
                                  query_meeting_texts *out, cp_error *err)
{
	store_txn *t;
	cp_meeting m;
	bool found = false;
	memset(out, 0, sizeof *out);
	CP_TRY(q_read(cw, &t, err));
	cp_status st = store_meeting_get(t, id, &m, &found, err);
	bool seen = st == CP_OK && found && permit_sees_meeting(cw->pm, t, &m);
	store_read_end(t);
	if (st == CP_OK && !seen)
		st = cp_fail(err, CP_BADINPUT, "no meeting %llu in the store",
		             (unsigned long long)id);
	if (st == CP_OK)
		st = texts_of(&m, out, err);
	if (found)
		cp_meeting_free(&m);
	if (st != CP_OK)
		query_meeting_texts_free(out);
	return st;
}

void query_meeting_texts_free(query_meeting_texts *t)
{
	free(t->type);
	free(t->reason);
	free(t->decision);
	free(t->attendees);
	free(t->reports);
	free(t->views_missing);
	free(t->summary);
	memset(t, 0, sizeof *t);
}

/* meeting_children.c - a meeting's children as a reader sees them
 * (meeting_children.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting_children.h"
#include "text.h"

void meeting_children_free(meeting_children *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->name[i]);
	memset(k, 0, sizeof *k);
}

cp_status meeting_children_get(permit *pm, store_txn *t, const cp_meeting *m,
                               meeting_children *out, cp_error *err)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i <= m->nsiblings && i < MEETING_CHILDREN_MAX; i++) {
		const char *id = i ? m->siblings[i - 1] : m->child_id;
		cp_child c;
		bool found = false;
		cp_status st = store_child_get(t, id, &c, &found, err);
		if (st != CP_OK) {
			meeting_children_free(out);
			return st;
		}
		bool seen = found && permit_sees_child(pm, t, &c);
		if (seen) {
			out->id[out->n] = id;
			out->name[out->n] = strdup(text_nonempty(c.name) ? c.name : id);
			if (!out->name[out->n++]) {
				cp_child_free(&c);
				meeting_children_free(out);
				return cp_oom(err);
			}
		} else {
			out->hidden++;
		}
		if (found)
			cp_child_free(&c);
	}
	return CP_OK;
}

/* The parts joined by sep, then " and N other child(ren)" when some are
 * not seen (nothing of them: not even their ids). */
static char *join(const char *const *part, size_t n, const char *sep,
                  size_t hidden)
{
	size_t len = 48;
	for (size_t i = 0; i < n; i++)
		len += strlen(part[i]) + strlen(sep);
	char *s = malloc(len);
	if (!s)
		return NULL;
	size_t used = 0;
	s[0] = '\0';
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(s + used, len - used, "%s%s", i ? sep : "",
		                         part[i]);
	if (hidden)
		snprintf(s + used, len - used, "%s%zu other child%s",
		         n ? " and " : "", hidden, hidden == 1 ? "" : "ren");
	return s;
}

char *meeting_children_names(const meeting_children *k)
{
	return join((const char *const *)k->name, k->n, ", ", k->hidden);
}

char *meeting_children_ids(const meeting_children *k)
{
	return join(k->id, k->n, ",", 0);
}

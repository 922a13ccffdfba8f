/* casework_read.c - putting reads on the record.
 *
 * A screen or command that shows a child's record, or names children in
 * a list (a queue, a list, an export), is a read of their records: one
 * "child.view" entry per child, with how="WHERE" (and meeting=ID when a
 * meeting's record was shown), as `child show` has always written.  All
 * of a call's reads go in one quiet write (store_write_quiet: a read
 * changes nothing a console shows, so no console redraws for it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "text.h"

typedef struct reads_ctx {
	casework *cw;
	const cw_read *v;
	size_t n;
} reads_ctx;

static cp_status one_read(casework *cw, store_txn *t, const cw_read *r,
                          cp_error *err)
{
	char after[128], obj[MODEL_ID_MAX + 24];
	if (r->meeting_id) {
		snprintf(obj, sizeof obj, "meeting:%llu",
		         (unsigned long long)r->meeting_id);
		snprintf(after, sizeof after, "how=\"%s\" meeting=%llu", r->how,
		         (unsigned long long)r->meeting_id);
	} else {
		snprintf(obj, sizeof obj, "child:%s", r->child_id);
		snprintf(after, sizeof after, "how=\"%s\"", r->how);
	}
	cp_audit a = {
		.time = cw_now(cw), .login = (char *)cw_audit_login(cw),
		.action = (char *)"child.view", .object = obj,
		.child_id = (char *)r->child_id, .before = (char *)"",
		.after = after,
	};
	return store_audit_append(t, &a, err);
}

static cp_status reads_write(store_txn *t, void *ctx, cp_error *err)
{
	const reads_ctx *c = ctx;
	for (size_t i = 0; i < c->n; i++)
		CP_TRY(one_read(c->cw, t, &c->v[i], err));
	return CP_OK;
}

cp_status casework_reads_record(casework *cw, const cw_read *reads, size_t n,
                                cp_error *err)
{
	for (size_t i = 0; i < n; i++) {
		size_t hl = reads[i].how ? strlen(reads[i].how) : 0;
		if (hl == 0 || hl > 64 || strchr(reads[i].how, '"') ||
		    !model_id_valid(reads[i].child_id, false))
			return cp_fail(err, CP_BADINPUT, "internal error: a read is "
			               "1-64 bytes of where, and a child id");
	}
	if (n == 0)
		return CP_OK;
	reads_ctx c = { cw, reads, n };
	return store_write_quiet(cw->st, reads_write, &c, err);
}

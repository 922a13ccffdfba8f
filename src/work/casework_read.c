/* casework_read.c - putting a listing's reads on the record.
 *
 * A screen or command that shows children's names (a queue, a list, an
 * export) is a read of their records: one "child.view" entry per child
 * it names, as `child show` writes for one, with how="WHERE".  All in one
 * quiet write (store_write_quiet: a read changes nothing a console
 * shows, so no console redraws for it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "text.h"

typedef struct list_view {
	casework *cw;
	const char *how;
	const char *const *ids;
	size_t n;
} list_view;

static cp_status list_view_write(store_txn *t, void *ctx, cp_error *err)
{
	const list_view *v = ctx;
	char after[96], obj[MODEL_ID_MAX + 16];
	snprintf(after, sizeof after, "how=\"%s\"", v->how);
	for (size_t i = 0; i < v->n; i++) {
		snprintf(obj, sizeof obj, "child:%s", v->ids[i]);
		cp_audit a = {
			.time = cw_now(v->cw), .login = (char *)cw_audit_login(v->cw),
			.action = (char *)"child.view", .object = obj,
			.child_id = (char *)v->ids[i], .before = (char *)"",
			.after = after,
		};
		CP_TRY(store_audit_append(t, &a, err));
	}
	return CP_OK;
}

cp_status casework_children_viewed(casework *cw, const char *how,
                                   const char *const *ids, size_t n,
                                   cp_error *err)
{
	size_t hl = how ? strlen(how) : 0;
	if (hl == 0 || hl > 64 || strchr(how, '"'))
		return cp_fail(err, CP_BADINPUT,
		               "internal error: a read's 'how' is 1-64 bytes");
	for (size_t i = 0; i < n; i++)
		if (!model_id_valid(ids[i], false))
			return cp_fail(err, CP_BADINPUT,
			               "internal error: a read names no child");
	if (n == 0)
		return CP_OK;
	list_view v = { cw, how, ids, n };
	return store_write_quiet(cw->st, list_view_write, &v, err);
}

/* store_requests.c - requests for approval (schema 7): get, put and a
 * walk of them all, newest first.  Kept apart from the other records:
 * no index (a borough makes a few hundred requests a year; a walk of
 * them all is a few pages), no queue entries.  Calls only store_db.c. */
#include <stdlib.h>

#include "codec.h"
#include "store_priv.h"

cp_status store_request_get(store_txn *t, uint64_t id, cp_request *out,
                            bool *found, cp_error *err)
{
	unsigned char k[8];
	MDB_val v;
	codec_put_u64(k, id);
	CP_TRY(db_get(t, DB_REQUESTS, k, 8, &v, found, err));
	if (!*found)
		return CP_OK;
	return codec_decode_request(v.mv_data, v.mv_size, out, err);
}

cp_status store_request_put(store_txn *t, const cp_request *q, cp_error *err)
{
	CP_TRY(db_need_write(t, err));
	if (!q->id)
		return cp_fail(err, CP_FAILED,
		               "store: internal error: a request without an id");
	unsigned char k[8], *buf = NULL;
	size_t len = 0;
	codec_put_u64(k, q->id);
	cp_status est = codec_encode_request(q, &buf, &len, err);
	return db_put_encoded(t, DB_REQUESTS, k, 8, est, buf, len, err);
}

typedef struct req_walk {
	store_request_cb cb;
	void *ctx;
} req_walk;

static cp_status walk_request(store_txn *t, const MDB_val *k,
                              const MDB_val *v, void *ctx, bool *more,
                              cp_error *err)
{
	(void)t; (void)k;
	req_walk *w = ctx;
	cp_request q;
	CP_TRY(codec_decode_request(v->mv_data, v->mv_size, &q, err));
	*more = w->cb(w->ctx, &q);
	cp_request_free(&q);
	return CP_OK;
}

cp_status store_requests_all(store_txn *t, store_request_cb cb, void *ctx,
                             cp_error *err)
{
	req_walk w = { cb, ctx };
	return db_walk(t, DB_REQUESTS, NULL, 0, true, walk_request, &w, err);
}

/* store_switch.c - policy switches kept for undoing them (schema 6): a
 * head record (the policy replaced, who, when) and the tasks the switch
 * changed, a few hundred KB a record, under the switch's id. */
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "store_priv.h"

/* A record of the big switches is ~256 KB: LMDB writes it as overflow
 * pages in one go, and memory stays small whatever the switch. */
#define SW_CHUNK_BYTES (256 * 1024)

static void sw_key(unsigned char k[12], uint64_t id, uint32_t rec)
{
	codec_put_u64(k, id);
	codec_put_u32(k + 8, rec);
}

cp_status store_switch_put(store_txn *t, const store_switch *s,
                           cp_error *err)
{
	unsigned char k[12], *buf;
	size_t len;
	if (db_need_write(t, err) != CP_OK)
		return CP_FAILED;
	sw_key(k, s->id, 0);
	cp_status st = codec_encode_switch(s, &buf, &len, err);
	return db_put_encoded(t, DB_SWITCHES, k, sizeof k, st, buf, len, err);
}

typedef struct last_ctx {
	store_switch *out;
	bool *found;
} last_ctx;

static cp_status last_rec(store_txn *t, const MDB_val *k, const MDB_val *v,
                          void *ctx, bool *more, cp_error *err)
{
	last_ctx *lc = ctx;
	*more = false;
	if (k->mv_size != 12)
		return cp_fail(err, CP_FAILED, "store %s is damaged: a policy "
		               "switch key of %zu bytes", t->s->path, k->mv_size);
	unsigned char hk[12];
	MDB_val hv;
	bool found;
	/* the last key is the latest switch's last record: read its head */
	sw_key(hk, codec_get_u64(k->mv_data), 0);
	if (memcmp(hk, k->mv_data, 12)) {
		if (db_get(t, DB_SWITCHES, hk, 12, &hv, &found, err) != CP_OK)
			return CP_FAILED;
		if (!found)
			return cp_fail(err, CP_FAILED, "store %s is damaged: policy "
			               "switch %llu has no head record", t->s->path,
			               (unsigned long long)codec_get_u64(hk));
	} else {
		hv = *v;
	}
	if (codec_decode_switch(hv.mv_data, hv.mv_size, lc->out, err) != CP_OK)
		return CP_FAILED;
	*lc->found = true;
	return CP_OK;
}

cp_status store_switch_last(store_txn *t, store_switch *out, bool *found,
                            cp_error *err)
{
	memset(out, 0, sizeof *out);
	*found = false;
	last_ctx lc = { out, found };
	return db_walk(t, DB_SWITCHES, NULL, 0, true, last_rec, &lc, err);
}

typedef struct tasks_ctx {
	uint64_t id;
	store_sw_task_fn each;
	void *ctx;
} tasks_ctx;

static cp_status tasks_rec(store_txn *t, const MDB_val *k, const MDB_val *v,
                           void *ctx, bool *more, cp_error *err)
{
	(void)t;
	tasks_ctx *tc = ctx;
	if (k->mv_size != 12 || codec_get_u64(k->mv_data) != tc->id) {
		*more = false;
		return CP_OK;
	}
	store_sw_task *tv;
	size_t n;
	CP_TRY(codec_decode_switch_tasks(v->mv_data, v->mv_size, &tv, &n, err));
	cp_status st = CP_OK;
	for (size_t i = 0; i < n; i++) {
		if (st == CP_OK)
			st = tc->each(tc->ctx, &tv[i], err);
		store_sw_task_free(&tv[i]);
	}
	free(tv);
	return st;
}

cp_status store_switch_tasks(store_txn *t, uint64_t id, store_sw_task_fn each,
                             void *ctx, cp_error *err)
{
	unsigned char k[12];
	sw_key(k, id, 1);
	tasks_ctx tc = { id, each, ctx };
	return db_walk(t, DB_SWITCHES, k, sizeof k, false, tasks_rec, &tc, err);
}

cp_status store_switch_delete(store_txn *t, uint64_t id, cp_error *err)
{
	if (db_need_write(t, err) != CP_OK)
		return CP_FAILED;
	store_switch s;
	bool found;
	unsigned char k[12];
	sw_key(k, id, 0);
	MDB_val v;
	CP_TRY(db_get(t, DB_SWITCHES, k, sizeof k, &v, &found, err));
	if (!found)
		return CP_OK;
	CP_TRY(codec_decode_switch(v.mv_data, v.mv_size, &s, err));
	uint32_t n = s.nchunks;
	store_switch_free(&s);
	for (uint32_t i = 0; i <= n; i++) {
		sw_key(k, id, i);
		CP_TRY(db_del(t, DB_SWITCHES, k, sizeof k, NULL, 0, err));
	}
	return CP_OK;
}

/* ---- writing a switch's tasks as it goes -------------------------------- */
struct store_sw_writer {
	uint64_t id;
	uint32_t written;
	codec_chunk c;
};

cp_status store_sw_writer_new(uint64_t id, store_sw_writer **out,
                              cp_error *err)
{
	if (!(*out = calloc(1, sizeof **out)))
		return cp_oom(err);
	(*out)->id = id;
	return CP_OK;
}

static cp_status writer_flush(store_txn *t, store_sw_writer *w, cp_error *err)
{
	unsigned char k[12], *buf;
	size_t len;
	if (!w->c.n)
		return CP_OK;
	sw_key(k, w->id, ++w->written);
	cp_status st = codec_chunk_end(&w->c, &buf, &len, err);
	return db_put_encoded(t, DB_SWITCHES, k, sizeof k, st, buf, len, err);
}

cp_status store_sw_writer_add(store_txn *t, store_sw_writer *w,
                              const store_sw_task *k, cp_error *err)
{
	codec_chunk_add(&w->c, k);
	if (w->c.oom)
		return cp_oom(err);
	return w->c.len >= SW_CHUNK_BYTES ? writer_flush(t, w, err) : CP_OK;
}

cp_status store_sw_writer_end(store_txn *t, store_sw_writer *w,
                              uint32_t *nchunks, cp_error *err)
{
	CP_TRY(writer_flush(t, w, err));
	*nchunks = w->written;
	return CP_OK;
}

void store_sw_writer_free(store_sw_writer *w)
{
	if (!w)
		return;
	free(w->c.p);
	free(w);
}

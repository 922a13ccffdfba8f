/* store_policy.c - the stored policy: the files of its extends: chain
 * (text and hash), who set it and why, and its compiled copy, which
 * saves parsing the YAML while it names the stored files. */
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "vec.h"
#include "store_priv.h"

/* ---- policy ------------------------------------------------------------ */
void store_policy_info_free(store_policy_info *pi)
{
	if (!pi)
		return;
	for (size_t i = 0; i < pi->nfiles; i++)
		cp_policy_file_free(&pi->files[i]);
	free(pi->files);
	free(pi->set_by);
	free(pi->reason);
	memset(pi, 0, sizeof *pi);
}

/* The policy compiled for quick loading (store_policy_load). */
#define META_POLICY_COMPILED "policy.compiled"

cp_status store_policy_put(store_txn *t, const cp_policy_file *files,
                           size_t nfiles, const char *set_by, int64_t set_at,
                           const char *reason, cp_error *err)
{
	if (db_need_write(t, err) != CP_OK)
		return CP_FAILED;
	if (nfiles == 0)
		return cp_fail(err, CP_BADINPUT, "no policy file to store");
	int rc = mdb_drop(t->txn, t->s->dbi[DB_POLICY], 0);
	if (rc)
		return db_fail(t, rc, err, "policy");
	/* Compiled afresh at the next load, even for the same files: putting
	 * a policy again is how a bad compiled copy is mended. */
	if (db_del(t, DB_META, META_POLICY_COMPILED,
	           strlen(META_POLICY_COMPILED), NULL, 0, err) != CP_OK)
		return CP_FAILED;
	for (size_t i = 0; i < nfiles; i++) {
		unsigned char k[4], *buf;
		size_t len;
		codec_put_u32(k, (uint32_t)i);
		cp_status st = codec_encode_policy_file(&files[i], &buf, &len, err);
		if (db_put_encoded(t, DB_POLICY, k, 4, st, buf, len, err))
			return CP_FAILED;
	}
	if (meta_put_str(t, "policy.set-by", set_by, err) != CP_OK ||
	    meta_put_u64(t, "policy.set-at", (uint64_t)set_at, err) != CP_OK ||
	    meta_put_str(t, "policy.reason", reason, err) != CP_OK)
		return CP_FAILED;
	return CP_OK;
}

static cp_status policy_rec(store_txn *t, const MDB_val *k, const MDB_val *v,
                            void *ctx, bool *more, cp_error *err)
{
	(void)t; (void)k; (void)more;
	store_policy_info *pi = ctx;
	cp_policy_file *f = vec_push_zeroed((void **)&pi->files, pi->nfiles,
	                                    sizeof *pi->files);
	if (!f)
		return cp_oom(err);
	if (codec_decode_policy_file(v->mv_data, v->mv_size, f, err) != CP_OK)
		return CP_FAILED;
	pi->nfiles++;
	return CP_OK;
}

cp_status store_policy_get(store_txn *t, store_policy_info *out,
                           cp_error *err)
{
	memset(out, 0, sizeof *out);
	uint64_t at = 0;
	bool found;
	size_t len;
	cp_status st = db_walk(t, DB_POLICY, NULL, 0, false, policy_rec, out,
	                       err);
	if (st == CP_OK)
		st = store_meta_get(t, "policy.set-by", &out->set_by, &len,
		                    &found, err);
	if (st == CP_OK)
		st = store_meta_get(t, "policy.reason", &out->reason, &len,
		                    &found, err);
	if (st == CP_OK)
		st = meta_get_u64(t, "policy.set-at", &at, &found, err);
	out->set_at = (int64_t)at;
	if (st == CP_OK && out->nfiles == 0)
		st = cp_fail(err, CP_BADINPUT,
		    "store %s holds no policy: run 'cpdesk init --policy FILE'",
		    t->s->path);
	if (st != CP_OK)
		store_policy_info_free(out);
	return st;
}

/* extends: names resolve to the stored texts, never to the disk. */
cp_status stored_policy_reader(void *ctx, const char *name, char **text,
                               size_t *len, cp_error *err)
{
	const store_policy_info *pi = ctx;
	for (size_t i = 0; i < pi->nfiles; i++) {
		if (strcmp(pi->files[i].name, name))
			continue;
		if (!(*text = malloc(pi->files[i].len + 1)))
			return cp_oom(err);
		memcpy(*text, pi->files[i].text, pi->files[i].len + 1);
		*len = pi->files[i].len;
		return CP_OK;
	}
	return cp_fail(err, CP_FAILED, "the store does not hold '%s'", name);
}

void stored_policy_hashes(const store_policy_info *pi, uint64_t *h)
{
	for (size_t i = 0; i < pi->nfiles; i++)
		h[i] = pi->files[i].hash;
}

typedef struct compile_ctx {
	const policy *p;
	const uint64_t *hashes;   /* of the files it was parsed from */
	size_t nhashes;
} compile_ctx;

/* Keep the compiled copy, unless the stored policy changed meanwhile. */
static cp_status compile_write(store_txn *t, void *ctx, cp_error *err)
{
	compile_ctx *c = ctx;
	store_policy_info pi;
	if (store_policy_get(t, &pi, err) != CP_OK)
		return CP_FAILED;
	bool same = pi.nfiles == c->nhashes;
	for (size_t i = 0; same && i < pi.nfiles; i++)
		same = pi.files[i].hash == c->hashes[i];
	store_policy_info_free(&pi);
	if (!same)
		return CP_OK;
	unsigned char *buf;
	size_t len;
	if (codec_encode_policy(c->p, c->hashes, c->nhashes, &buf, &len,
	                        err) != CP_OK)
		return CP_FAILED;
	cp_status st = store_meta_put(t, META_POLICY_COMPILED, buf, len, err);
	free(buf);
	return st;
}

typedef struct hash_list {
	uint64_t *v;
	size_t n, cap;
} hash_list;

static cp_status hash_rec(store_txn *t, const MDB_val *k, const MDB_val *v,
                          void *ctx, bool *more, cp_error *err)
{
	(void)t; (void)k; (void)more;
	hash_list *hl = ctx;
	if (!vec_room((void **)&hl->v, &hl->cap, hl->n, sizeof *hl->v, 4))
		return cp_oom(err);
	return codec_policy_file_hash(v->mv_data, v->mv_size, &hl->v[hl->n++],
	                              err);
}

/* The compiled copy, when there is one for the stored files (their
 * hashes read without copying their text). */
static cp_status policy_quick(store *s, policy **out, cp_error *err)
{
	store_txn *t;
	hash_list hl = { 0 };
	*out = NULL;
	if (store_read_begin(s, &t, err) != CP_OK)
		return CP_FAILED;
	cp_status st = db_walk(t, DB_POLICY, NULL, 0, false, hash_rec, &hl, err);
	MDB_val v;
	bool found = false;
	if (st == CP_OK && hl.n)
		st = db_get(t, DB_META, META_POLICY_COMPILED,
		            strlen(META_POLICY_COMPILED), &v, &found, err);
	if (st == CP_OK && found)
		st = codec_decode_policy(v.mv_data, v.mv_size, hl.v, hl.n, out, err);
	store_read_end(t);
	free(hl.v);
	return st;
}

/* The YAML is the truth; the compiled copy saves parsing it (~6 M
 * instructions, most of a command's start-up) and is used only while it
 * names the stored files.  When it does not (a new policy, an older
 * cpdesk wrote it) the files are parsed and a fresh copy kept, in a
 * quiet write that other consoles do not redraw for. */
cp_status store_policy_load(store *s, policy **out, cp_error *err)
{
	cp_error ignored;
	/* A damaged copy is parsed around, and replaced below. */
	if (policy_quick(s, out, &ignored) == CP_OK && *out)
		return CP_OK;
	store_txn *t;
	store_policy_info pi;
	*out = NULL;
	if (store_read_begin(s, &t, err) != CP_OK)
		return CP_FAILED;
	cp_status st = store_policy_get(t, &pi, err);
	store_read_end(t);
	uint64_t *hashes = st == CP_OK ? calloc(pi.nfiles, sizeof *hashes) : NULL;
	if (st == CP_OK && !hashes)
		st = cp_oom(err);
	if (st == CP_OK) {
		stored_policy_hashes(&pi, hashes);
		st = policy_load_mem(pi.files[0].name, pi.files[0].text,
		                     pi.files[0].len, stored_policy_reader, &pi,
		                     out, err);
		if (st != CP_OK)
			cp_error_prefix(err, "the store's policy: ");
	}
	compile_ctx c = { *out, hashes, st == CP_OK ? pi.nfiles : 0 };
	/* Only a saving: when it cannot be kept (a full disk, a read still
	 * open in this process) the next command parses again. */
	if (st == CP_OK)
		(void)store_write_quiet(s, compile_write, &c, &ignored);
	store_policy_info_free(&pi);
	free(hashes);
	return st;
}

/* store_check.c - store_check_consistency (check-store): every index
 * entry the records imply is there and no other, the queue's entries
 * say what their tasks and meetings say, tasks and meetings name
 * records that exist, and the compiled policy is what its YAML gives. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "store_priv.h"

typedef struct check_ctx {
	int db;
	size_t entries;      /* index entries the records imply */
	size_t problems;
	char first[512];
} check_ctx;

static void problem(check_ctx *cc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(check_ctx *cc, const char *fmt, ...)
{
	if (cc->problems++ == 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(cc->first, sizeof cc->first, fmt, ap);
		va_end(ap);
	}
}

/* An open task's queue entry is there and says what the task and its
 * meeting say now. */
static cp_status check_queue(store_txn *t, const cp_task *task,
                             check_ctx *cc, cp_error *err)
{
	cp_error e2;
	unsigned char k[QK_MAX], *want = NULL;
	size_t kl, wl = 0;
	MDB_val have;
	bool found;
	kl = queue_key_of(k, task);
	cp_status st = CP_OK;
	if (kl && queue_value(t, task, &want, &wl, &e2) != CP_OK)
		problem(cc, "%s: task %llu: %s", db_defs[IX_TASK_QUEUE].name,
		        (unsigned long long)task->id, e2.msg);
	else if (kl && (st = db_get(t, IX_TASK_QUEUE, k, kl, &have, &found,
	                            err)) == CP_OK) {
		if (!found)
			problem(cc, "%s: open task %llu has no entry",
			        db_defs[IX_TASK_QUEUE].name,
			        (unsigned long long)task->id);
		else if (have.mv_size != wl || memcmp(have.mv_data, want, wl))
			problem(cc, "%s: the entry of task %llu differs from the "
			        "task or its meeting", db_defs[IX_TASK_QUEUE].name,
			        (unsigned long long)task->id);
	}
	if (kl)
		cc->entries++;
	free(want);
	return st;
}

/* Records -> indexes: every entry a record implies is there. */
static cp_status check_rec(store_txn *t, const MDB_val *k, const MDB_val *v,
                           void *ctx, bool *more, cp_error *err)
{
	(void)k; (void)more;
	check_ctx *cc = ctx;
	ixent e[IX_PER_REC];
	size_t n;
	cp_error e2;
	cp_task task;
	if (ix_rec_entries(cc->db, v, e, &n, &task, &e2) != CP_OK) {
		problem(cc, "%s: %s", db_defs[cc->db].name, e2.msg);
		return CP_OK;
	}
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < n; i++) {
		MDB_cursor *c;
		MDB_val key = mv(e[i].k, e[i].kl), val = mv(e[i].v, e[i].vl);
		int rc = mdb_cursor_open(t->txn, t->s->dbi[e[i].db], &c);
		if (rc == 0) {
			rc = mdb_cursor_get(c, &key, &val, MDB_GET_BOTH);
			mdb_cursor_close(c);
		}
		if (rc == MDB_NOTFOUND)
			problem(cc, "%s: a record's entry is missing",
			        db_defs[e[i].db].name);
		else if (rc)
			st = db_fail(t, rc, err, "check");
		cc->entries++;
	}
	if (st == CP_OK && cc->db == DB_TASKS)
		st = check_queue(t, &task, cc, err);
	cp_task_free(&task);
	return st;
}

/* Tasks -> meeting and child; meetings -> child. */
static cp_status check_refs(store_txn *t, const MDB_val *k, const MDB_val *v,
                            void *ctx, bool *more, cp_error *err)
{
	(void)k; (void)more;
	check_ctx *cc = ctx;
	MDB_val rv;
	bool found;
	unsigned char mk[8];
	cp_error e2;
	if (cc->db == DB_TASKS) {
		cp_task tk;
		if (codec_decode_task(v->mv_data, v->mv_size, &tk, &e2))
			return CP_OK;   /* reported by check_rec */
		if (tk.meeting_id == TASK_NO_MEETING) {   /* the child's own */
			cp_task_free(&tk);
			return CP_OK;
		}
		codec_put_u64(mk, tk.meeting_id);
		if (db_get(t, DB_MEETINGS, mk, 8, &rv, &found, err) != CP_OK) {
			cp_task_free(&tk);
			return CP_FAILED;
		}
		if (!found)
			problem(cc, "task %llu names meeting %llu, which is missing",
			        (unsigned long long)tk.id,
			        (unsigned long long)tk.meeting_id);
		cp_task_free(&tk);
	} else {
		cp_meeting m;
		if (codec_decode_meeting(v->mv_data, v->mv_size, &m, &e2))
			return CP_OK;
		if (db_get(t, DB_CHILDREN, m.child_id, strlen(m.child_id), &rv,
		           &found, err) != CP_OK) {
			cp_meeting_free(&m);
			return CP_FAILED;
		}
		if (!found)
			problem(cc, "meeting %llu names child %s, which is missing",
			        (unsigned long long)m.id, m.child_id);
		cp_meeting_free(&m);
	}
	return CP_OK;
}

/* Indexes -> records: counts must match what the records imply. */
static cp_status count_entries(store_txn *t, size_t *out, cp_error *err)
{
	*out = 0;
	for (int ix = IX_FIRST; ix < DB_COUNT; ix++) {
		MDB_stat ms;
		int rc = mdb_stat(t->txn, t->s->dbi[ix], &ms);
		if (rc)
			return db_fail(t, rc, err, "check");
		*out += ms.ms_entries;
	}
	return CP_OK;
}

/* The compiled policy, when there is one for the stored files, must be
 * what parsing them gives now, byte for byte. */
static cp_status check_compiled_policy(store_txn *t, check_ctx *cc,
                                       cp_error *err)
{
	MDB_val v;
	bool found;
	if (db_get(t, DB_META, META_POLICY_COMPILED,
	           strlen(META_POLICY_COMPILED), &v, &found, err) != CP_OK)
		return CP_FAILED;
	store_policy_info pi;
	if (!found || store_policy_get(t, &pi, err) != CP_OK)
		return found ? CP_FAILED : CP_OK;
	uint64_t *h = calloc(pi.nfiles, sizeof *h);
	policy *fresh = NULL, *kept = NULL;
	unsigned char *buf = NULL;
	size_t len = 0;
	cp_error e2;
	cp_status st = h ? CP_OK : cp_oom(err);
	if (st == CP_OK) {
		stored_policy_hashes(&pi, h);
		if (codec_decode_policy(v.mv_data, v.mv_size, h, pi.nfiles, &kept,
		                        &e2) != CP_OK)
			problem(cc, "the compiled policy: %s (put the policy again: "
			        "cpdesk policy use FILE)", e2.msg);
	}
	if (kept && policy_load_mem(pi.files[0].name, pi.files[0].text,
	                            pi.files[0].len, stored_policy_reader, &pi,
	                            &fresh, &e2) == CP_OK &&
	    codec_encode_policy(fresh, h, pi.nfiles, &buf, &len, &e2) == CP_OK &&
	    (len != v.mv_size || memcmp(buf, v.mv_data, len)))
		problem(cc, "the compiled policy differs from its YAML (put the "
		        "policy again: cpdesk policy use FILE)");
	free(buf);
	policy_free(fresh);
	policy_free(kept);
	free(h);
	store_policy_info_free(&pi);
	return st;
}

cp_status store_check_consistency(store *s, cp_error *err)
{
	store_txn *t;
	check_ctx cc = {0};
	size_t have = 0;
	if (store_read_begin(s, &t, err) != CP_OK)
		return CP_FAILED;
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < INDEXED_DB_COUNT; i++) {
		cc.db = ix_indexed_dbs[i];
		st = db_walk(t, cc.db, NULL, 0, false, check_rec, &cc, err);
	}
	cc.db = DB_TASKS;
	if (st == CP_OK)
		st = db_walk(t, DB_TASKS, NULL, 0, false, check_refs, &cc, err);
	cc.db = DB_MEETINGS;
	if (st == CP_OK)
		st = db_walk(t, DB_MEETINGS, NULL, 0, false, check_refs, &cc, err);
	if (st == CP_OK)
		st = count_entries(t, &have, err);
	if (st == CP_OK)
		st = check_compiled_policy(t, &cc, err);
	store_read_end(t);
	if (st != CP_OK)
		return st;
	/* Every implied entry was found; equal counts mean no extra ones
	 * (entries are unique: MDB_NODUPDATA). */
	if (have != cc.entries)
		problem(&cc, "indexes hold %zu entries but the records imply %zu",
		        have, cc.entries);
	if (cc.problems)
		return cp_fail(err, CP_FAILED,
		               "store %s is inconsistent (%zu problems): %s",
		               s->path, cc.problems, cc.first);
	return CP_OK;
}

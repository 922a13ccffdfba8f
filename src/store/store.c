/* store.c - the case store over LMDB (see store.h): the default path and
 * the directory's permissions, opening (once per process) and closing
 * the environment, read, snapshot and write transactions (a write
 * retried after growing the map), the change counter.  The rest of the
 * store is in the store_*.c files (store_priv.h lists them). */
#define _GNU_SOURCE   /* AT_SYMLINK_NOFOLLOW */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "heap.h"
#include "priv.h"
#include "store_priv.h"

/* LMDB forbids opening one environment twice in a process: closing the
 * second handle would free the first one's reader slots and locks.  The
 * stores open in this process, by directory identity (one thread). */
static store *open_stores;

static bool already_open(dev_t dev, ino_t ino)
{
	for (store *s = open_stores; s; s = s->next_open)
		if (s->dev == dev && s->ino == ino)
			return true;
	return false;
}

static void forget_open(store *s)
{
	for (store **p = &open_stores; *p; p = &(*p)->next_open)
		if (*p == s) {
			*p = s->next_open;
			return;
		}
}

/* ---- paths and permissions -------------------------------------------- */
cp_status store_default_path(const char *explicit_dir, char *buf,
                             size_t size, cp_error *err)
{
	const char *e;
	int n;
	if (explicit_dir && *explicit_dir)
		n = snprintf(buf, size, "%s", explicit_dir);
	else if ((e = getenv("CPDESK_DB")) && *e)
		n = snprintf(buf, size, "%s", e);
	else if ((e = getenv("XDG_DATA_HOME")) && *e == '/')
		n = snprintf(buf, size, "%s/cpdesk", e);
	else {
		const char *home = getenv("HOME");
		if (!home || !*home) {
			struct passwd *pw = getpwuid(getuid());
			home = pw ? pw->pw_dir : NULL;
		}
		if (!home || !*home)
			return cp_fail(err, CP_BADINPUT,
			    "no store given and no home directory: use --db DIR or set CPDESK_DB");
		n = snprintf(buf, size, "%s/.local/share/cpdesk", home);
	}
	if (n < 0 || (size_t)n >= size)
		return cp_fail(err, CP_BADINPUT, "store path is too long");
	return CP_OK;
}

/* A new store's directory: the person's alone, or for a shared store its
 * owner's and the stores' group's (set by the stores' directory, which
 * is setgid) -- whatever the umask. */
static bool make_dir(const char *dir, bool shared)
{
	mode_t old = umask(shared ? 007 : 077);
	int rc = mkdir(dir, shared ? 0770 : 0700);
	umask(old);
	return rc == 0 || errno == EEXIST;
}

/* ---- open and close ---------------------------------------------------- */
/* $CPDESK_MAX_MAPSIZE: the most the map may grow to, in bytes (a K, M
 * or G suffix multiplies), rounded up to whole pages; 0 when unset (the
 * only limit is then 1 TiB).  Bad values are refused at open. */
static cp_status max_mapsize(size_t *out, cp_error *err)
{
	*out = 0;
	/* How far a shared store's file grows is not the user's to say. */
	const char *e = priv_started() ? NULL : getenv("CPDESK_MAX_MAPSIZE");
	if (!e || !*e)
		return CP_OK;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(e, &end, 10);
	unsigned long long mul = 1;
	switch (*end) {
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	default: break;
	}
	long page = sysconf(_SC_PAGESIZE);
	if (page <= 0)
		page = 4096;
	if (errno || end == e || *end || *e == '-' || v == 0 ||
	    v > (1ULL << 40) / mul || v * mul < 16 * (unsigned long long)page)
		return cp_fail(err, CP_BADINPUT,
		    "$CPDESK_MAX_MAPSIZE '%.40s': give bytes (at least %ld) with an optional K, M or G, up to 1024G",
		    e, 16 * page);
	v *= mul;
	v = (v + (unsigned long long)page - 1) / (unsigned long long)page *
	    (unsigned long long)page;
	*out = (size_t)v;
	return CP_OK;
}

static cp_status env_open(store *s, const store_open_opts *o, bool existed,
                          cp_error *err)
{
	char where[64];
	CP_TRY(store_lmdb_path(s->dfd, s->path, where, sizeof where, err));
	cp_status st = max_mapsize(&s->max_map, err);
	if (st != CP_OK)
		return st;
	int rc = mdb_env_create(&s->env);
	if (rc)
		return db_fail(NULL, rc, err, "open");
	size_t want = o && o->mapsize ? o->mapsize : STORE_DEFAULT_MAPSIZE;
	if (s->max_map && want > s->max_map)
		want = s->max_map;
	if ((rc = mdb_env_set_maxdbs(s->env, DB_COUNT + 4)) ||
	    (rc = mdb_env_set_maxreaders(s->env, STORE_MAXREADERS)) ||
	    (!existed && (rc = mdb_env_set_mapsize(s->env, want))))
		return db_fail(NULL, rc, err, "open");
	/* NOTLS: the reused read transaction is tied to its handle, not to
	 * a thread's slot. */
	mode_t old = umask(s->shared ? 007 : 077);
	rc = mdb_env_open(s->env, where, MDB_NOTLS, s->shared ? 0660 : 0600);
	umask(old);
	if (rc)
		return cp_fail(err, CP_FAILED, "store %s: %s", s->path,
		               mdb_strerror(rc));
	/* An existing store keeps the larger of its recorded size and ours. */
	MDB_envinfo info;
	mdb_env_info(s->env, &info);
	if (existed && info.me_mapsize < want &&
	    (rc = mdb_env_set_mapsize(s->env, want)))
		return db_fail(NULL, rc, err, "open");
	int dead = 0;
	mdb_reader_check(s->env, &dead);
	return CP_OK;
}

cp_status store_open(const char *dir, const store_open_opts *opts,
                     store **out, cp_error *err)
{
	*out = NULL;
	if (!dir || !*dir)
		return cp_fail(err, CP_BADINPUT, "no store directory given");
	bool shared = store_is_shared_dir(dir);
	if (opts && opts->create && !make_dir(dir, shared))
		return cp_fail(err, CP_FAILED, "cannot create store %s: %s", dir,
		               strerror(errno));
	int dfd;
	CP_TRY(store_dir_by_path(dir, shared, &dfd, err));
	return store_open_dirfd(dfd, dir, shared, opts, out, err);
}

cp_status store_open_shared(const char *name, const store_open_opts *opts,
                            store **out, cp_error *err)
{
	char shown[PATH_MAX];
	int dfd;
	*out = NULL;
	CP_TRY(store_dir_by_name(name, &dfd, shown, sizeof shown, err));
	store_open_opts o = opts ? *opts : (store_open_opts){0};
	o.create = false;   /* root makes one by its path (deployment.md) */
	return store_open_dirfd(dfd, shown, true, &o, out, err);
}

/* The store's handle, before LMDB opens anything: it takes dfd. */
static cp_status store_new(int dfd, const char *dir, bool shared,
                           store **out, cp_error *err)
{
	struct stat sb;
	if (fstat(dfd, &sb) != 0) {
		close(dfd);
		return cp_fail(err, CP_FAILED, "store %s: %s", dir, strerror(errno));
	}
	if (already_open(sb.st_dev, sb.st_ino)) {
		close(dfd);
		return cp_fail(err, CP_FAILED,
		    "store %s is already open in this process", dir);
	}
	store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(dir))) {
		free(s);
		close(dfd);
		return cp_oom(err);
	}
	s->dfd = dfd;
	s->shared = shared;
	s->rd.s = s;
	s->dev = sb.st_dev;
	s->ino = sb.st_ino;
	s->next_open = open_stores;
	open_stores = s;
	*out = s;
	return CP_OK;
}

cp_status store_open_dirfd(int dfd, const char *dir, bool shared,
                           const store_open_opts *opts, store **out,
                           cp_error *err)
{
	struct stat sb;
	store_file_id ids[2];
	bool create = opts && opts->create;
	bool existed = fstatat(dfd, "data.mdb", &sb, AT_SYMLINK_NOFOLLOW) == 0;
	cp_status st = CP_OK;
	*out = NULL;
	if (!create && !existed)
		st = cp_fail(err, CP_BADINPUT, "no store at %s: run 'cpdesk init "
		             "--policy FILE' (or give --db DIR)", dir);
	if (st == CP_OK)
		st = store_check_files(dfd, dir, shared, ids, err);
	if (st != CP_OK) {
		close(dfd);
		return st;
	}
	store *s = NULL;
	CP_TRY(store_new(dfd, dir, shared, &s, err));
	st = env_open(s, opts, existed, err);
	if (st == CP_OK)
		st = store_check_opened(s, ids, err);
	int schema = -1;
	if (st == CP_OK)
		st = migrate_read(s, &schema, err);
	s->opened_schema = schema;
	if (st == CP_OK && schema != STORE_SCHEMA_VERSION) {
		migrate_ctx sc = { .create = create,
		                   .login = opts ? opts->login : NULL };
		st = store_write(s, migrate_write, &sc, err);
		s->created = sc.did_create;
		s->opened_schema = sc.found_schema;
	}
	if (st == CP_OK)   /* files made just now */
		st = store_check_files(dfd, dir, shared, ids, err);
	if (st != CP_OK) {
		store_close(s);
		return st;
	}
	*out = s;
	return CP_OK;
}

void store_close(store *s)
{
	if (!s)
		return;
	forget_open(s);
	if (s->rd.txn)
		mdb_txn_abort(s->rd.txn);
	if (s->env)
		mdb_env_close(s->env);
	if (s->dfd >= 0)
		close(s->dfd);
	free(s->path);
	free(s);
}

const char *store_path(const store *s) { return s->path; }
bool store_shared(const store *s) { return s->shared; }
bool store_was_created(const store *s) { return s->created; }
int store_opened_schema(const store *s) { return s->opened_schema; }

cp_status store_bulk_load_begin(store *s, cp_error *err)
{
	int rc = mdb_env_set_flags(s->env, MDB_NOSYNC, 1);
	return rc ? db_fail(NULL, rc, err, "bulk load") : CP_OK;
}

cp_status store_bulk_load_end(store *s, cp_error *err)
{
	int rc = mdb_env_sync(s->env, 1);
	int rc2 = mdb_env_set_flags(s->env, MDB_NOSYNC, 0);
	if (rc || rc2)
		return db_fail(NULL, rc ? rc : rc2, err, "bulk load: sync");
	return CP_OK;
}

void store_expect_big_write(store *s)
{
	MDB_envinfo info;
	MDB_stat st;
	if (mdb_env_info(s->env, &info) || mdb_env_stat(s->env, &st))
		return;
	heap_prefer_huge_pages(((size_t)info.me_last_pgno + 1) * st.ms_psize);
}

size_t store_mapsize(const store *s)
{
	MDB_envinfo info;
	mdb_env_info(s->env, &info);
	return info.me_mapsize;
}

/* ---- transactions ------------------------------------------------------ */
cp_status store_read_begin(store *s, store_txn **out, cp_error *err)
{
	*out = NULL;
	if (s->rd.active)
		return cp_fail(err, CP_FAILED,
		    "store: internal error: a read is already open on this handle");
	for (int tries = 0; tries < 3; tries++) {
		int rc = s->rd.txn ? mdb_txn_renew(s->rd.txn)
		                   : mdb_txn_begin(s->env, NULL, MDB_RDONLY,
		                                   &s->rd.txn);
		if (rc == 0) {
			s->rd.active = true;
			s->rd.write = false;
			s->rd.qf_valid = false;
			*out = &s->rd;
			return CP_OK;
		}
		if (s->rd.txn && rc != 0) {
			mdb_txn_abort(s->rd.txn);
		}
		s->rd.txn = NULL;
		if (rc == MDB_BAD_RSLOT)
			continue;   /* slot lost (e.g. cleared): a fresh txn */
		if (rc != MDB_MAP_RESIZED)
			return db_fail(NULL, rc, err, "read");
		/* Another process grew the map: adopt its size and retry. */
		mdb_env_set_mapsize(s->env, 0);
	}
	return cp_fail(err, CP_FAILED, "store: could not begin a read");
}

cp_status store_snapshot_begin(store *s, store_txn **out, cp_error *err)
{
	store_txn *t = calloc(1, sizeof *t);
	*out = NULL;
	if (!t)
		return cp_oom(err);
	t->s = s;
	/* MDB_NOTLS (env_open): a read of its own beside the write, usable
	 * from another thread */
	int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &t->txn);
	if (rc) {
		free(t);
		return db_fail(NULL, rc, err, "read");
	}
	t->active = true;
	*out = t;
	return CP_OK;
}

void store_snapshot_end(store_txn *t)
{
	if (!t)
		return;
	mdb_txn_abort(t->txn);
	free(t);
}

void store_read_end(store_txn *t)
{
	if (!t || !t->active || t->write)
		return;
	mdb_txn_reset(t->txn);
	t->active = false;
}

static cp_status bump_changes(store_txn *t, cp_error *err)
{
	uint64_t n;
	bool found;
	if (meta_get_u64(t, "changes", &n, &found, err) != CP_OK)
		return CP_FAILED;
	return meta_put_u64(t, "changes", n + 1, err);
}

/* Double the map (no transaction of ours may be open). */
static cp_status grow_map(store *s, cp_error *err)
{
	if (s->rd.txn) {   /* reset, not active: drop it to be safe */
		mdb_txn_abort(s->rd.txn);
		s->rd.txn = NULL;
	}
	MDB_envinfo info;
	mdb_env_info(s->env, &info);
	size_t next = info.me_mapsize * 2;
	size_t cap = s->max_map ? s->max_map : (size_t)1 << 40;
	if (next < info.me_mapsize || next > cap)
		next = cap;
	if (next <= info.me_mapsize)
		return cp_fail(err, CP_FAILED,
		    "store: the store is full: its map cannot grow past %zu bytes%s; nothing was written",
		    info.me_mapsize,
		    s->max_map ? " ($CPDESK_MAX_MAPSIZE)" : "");
	int rc = mdb_env_set_mapsize(s->env, next);
	return rc ? db_fail(NULL, rc, err, "grow map") : CP_OK;
}

static cp_status write_txn(store *s, store_write_fn fn, void *ctx,
                           bool bump, cp_error *err)
{
	if (s->rd.active)
		return cp_fail(err, CP_FAILED,
		    "store: internal error: store_write while a read is open");
	for (int attempt = 0; attempt < 24; attempt++) {
		store_txn t = { .s = s, .write = true, .active = true };
		int rc = mdb_txn_begin(s->env, NULL, 0, &t.txn);
		if (rc == MDB_MAP_RESIZED) {
			mdb_env_set_mapsize(s->env, 0);
			continue;
		}
		if (rc)
			return db_fail(NULL, rc, err, "begin write");
		cp_status st = fn(&t, ctx, err);
		if (st == CP_OK && !t.map_full && bump)
			st = bump_changes(&t, err);
		if (st == CP_OK && !t.map_full) {
			rc = mdb_txn_commit(t.txn);   /* frees t.txn either way */
			if (rc == 0)
				return CP_OK;
			st = db_fail(&t, rc, err, "commit");
		} else {
			mdb_txn_abort(t.txn);
		}
		if (!t.map_full)
			return st;
		if (grow_map(s, err) != CP_OK)
			return CP_FAILED;
	}
	return cp_fail(err, CP_FAILED, "store: the write did not fit after growing the map");
}

cp_status store_write(store *s, store_write_fn fn, void *ctx, cp_error *err)
{
	return write_txn(s, fn, ctx, true, err);
}

cp_status store_write_quiet(store *s, store_write_fn fn, void *ctx,
                            cp_error *err)
{
	/* One flush, not two: the meta page is written but not flushed, so
	 * a system crash (not a process's) may lose this last transaction --
	 * never a torn one -- until the next write flushes it (LMDB's
	 * MDB_NOMETASYNC keeps atomicity and consistency).  A read's audit
	 * entry is worth half of every screen's start, not a power cut. */
	int rc = mdb_env_set_flags(s->env, MDB_NOMETASYNC, 1);
	cp_status st = write_txn(s, fn, ctx, false, err);
	if (rc == 0)
		mdb_env_set_flags(s->env, MDB_NOMETASYNC, 0);
	return st;
}

cp_status store_change_counter(store *s, uint64_t *out, cp_error *err)
{
	store_txn *t;
	bool found, was_active = s->rd.active;
	if (was_active)
		t = &s->rd;
	else if (store_read_begin(s, &t, err) != CP_OK)
		return CP_FAILED;
	cp_status st = meta_get_u64(t, "changes", out, &found, err);
	if (!was_active)
		store_read_end(t);
	return st;
}


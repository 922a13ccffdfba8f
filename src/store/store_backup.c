/* store_backup.c - store_backup: a compacted copy of the store (LMDB's
 * own copy, in one read transaction), made whole in a private directory
 * beside the target, synced, opened and checked, then renamed into
 * place: a backup killed at any moment leaves no target, never a half
 * one.  store_restore: the same copy of a backup made beside a store
 * nobody has open (held so), then swapped with it in one rename.  Files are made with openat from the directory's descriptor and
 * O_NOFOLLOW, and their modes set on descriptors (fchmod), so nothing
 * planted at a path is followed or changed. */
#define _GNU_SOURCE   /* O_DIRECTORY, O_NOFOLLOW, F_DUPFD_CLOEXEC */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store_priv.h"

/* The target may be new, or an empty directory (replaced whole). */
static cp_status target_free(const char *dir, cp_error *err)
{
	struct stat sb;
	if (lstat(dir, &sb) != 0)
		return errno == ENOENT ? CP_OK
		       : cp_fail(err, CP_FAILED, "backup %s: %s", dir,
		                 strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return cp_fail(err, CP_BADINPUT, "backup %s exists and is not a "
		               "directory: give a new or empty directory", dir);
	DIR *d = opendir(dir);
	if (!d)
		return cp_fail(err, CP_FAILED, "backup %s: %s", dir, strerror(errno));
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	return empty ? CP_OK
	       : cp_fail(err, CP_REFUSED, "backup %s is not empty: give a new or "
	                 "empty directory (nothing was written)", dir);
}

/* dir split into its parent (opened: *pfd) and last name: base gets
 * NAME, tmp "PARENT/.NAME.cpdesk-XXXXXX" (the Xs for make_temp). */
static cp_status split_target(const char *dir, int *pfd, char *base,
                              size_t bsize, char *tmp, size_t tsize,
                              cp_error *err)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	const char *b = dir + n;
	while (b > dir && b[-1] != '/')
		b--;
	size_t plen = (size_t)(b - dir), blen = (size_t)(dir + n - b);
	char parent[PATH_MAX];
	int k = snprintf(parent, sizeof parent, "%.*s", plen ? (int)plen : 1,
	                 plen ? dir : ".");
	int m = snprintf(tmp, tsize, "%s/.%.*s.cpdesk-XXXXXX", parent,
	                 (int)blen, b);
	if (!blen || blen >= bsize || (blen <= 2 && b[0] == '.' &&
	    (blen == 1 || b[1] == '.')) || k < 0 || (size_t)k >= sizeof parent ||
	    m < 0 || (size_t)m >= tsize)
		return cp_fail(err, CP_BADINPUT, "backup %s: not a directory name "
		               "cpdesk can use", dir);
	memcpy(base, b, blen);
	base[blen] = '\0';
	*pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*pfd < 0)
		return cp_fail(err, CP_FAILED, "backup %s: %s: %s", dir, parent,
		               strerror(errno));
	return CP_OK;
}

/* The copy itself, into data.mdb of the open directory dfd: the person's
 * own (a backup is theirs to keep safe: doc/deployment.md). */
static cp_status copy_into(store *s, int dfd, const char *tmp, cp_error *err)
{
	int fd = openat(dfd, "data.mdb",
	                O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	                0600);
	if (fd < 0)
		return cp_fail(err, CP_FAILED, "backup %s: %s", tmp, strerror(errno));
	cp_status st = CP_OK;
	int rc = mdb_env_copyfd2(s->env, fd, MDB_CP_COMPACT);
	if (rc)
		st = cp_fail(err, CP_FAILED, "backup of %s failed: %s", s->path,
		             mdb_strerror(rc));
	else if (fchmod(fd, 0600) != 0 || fsync(fd) != 0)
		st = cp_fail(err, CP_FAILED, "backup %s: %s", tmp, strerror(errno));
	close(fd);
	return st;
}

/* The copy opens as a store (through the directory made, not its name)
 * and every index agrees with its records. */
static cp_status verify(int dfd, const char *tmp, bool shared,
                        const char *what, cp_error *err)
{
	store *c = NULL;
	int own = fcntl(dfd, F_DUPFD_CLOEXEC, 0);
	if (own < 0)
		return cp_fail(err, CP_FAILED, "%s %s: %s", what, tmp,
		               strerror(errno));
	cp_status st = store_open_dirfd(own, tmp, shared, NULL, &c, err);
	if (st == CP_OK)
		st = store_check_consistency(c, err);
	store_close(c);
	if (st != CP_OK)
		cp_error_prefix(err, "%s: the copy does not check out: ", what);
	return st;
}

/* Remove what a failed backup made in its temporary directory. */
static void discard(int pfd, int dfd, const char *tmp_name)
{
	if (dfd >= 0) {
		unlinkat(dfd, "data.mdb", 0);
		unlinkat(dfd, "lock.mdb", 0);
	}
	unlinkat(pfd, tmp_name, AT_REMOVEDIR);
}

/* The working directory, made in the parent opened first (never by
 * path): tmp's Xs become random letters; tmp_name points at its name. */
static cp_status make_temp(int pfd, char *tmp, const char **tmp_name,
                           cp_error *err)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char *x = tmp + strlen(tmp) - 6;
	*tmp_name = strrchr(tmp, '/') + 1;
	for (int tries = 0; tries < 100; tries++) {
		unsigned char r[6];
		if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
			break;
		for (size_t i = 0; i < sizeof r; i++)
			x[i] = letters[r[i] % (sizeof letters - 1)];
		if (mkdirat(pfd, *tmp_name, 0700) == 0)
			return CP_OK;
		if (errno != EEXIST)
			break;
	}
	return cp_fail(err, CP_FAILED, "backup: cannot make a directory beside "
	               "it (%s): %s", tmp, strerror(errno));
}

cp_status store_backup(store *s, const char *dir, cp_error *err)
{
	char tmp[PATH_MAX + NAME_MAX + 32], base[NAME_MAX + 1];
	int pfd = -1;
	if (!dir || !*dir)
		return cp_fail(err, CP_BADINPUT, "backup: no directory given");
	CP_TRY(target_free(dir, err));
	CP_TRY(split_target(dir, &pfd, base, sizeof base, tmp, sizeof tmp, err));
	const char *tmp_name;
	cp_status made = make_temp(pfd, tmp, &tmp_name, err);
	if (made != CP_OK) {
		close(pfd);
		return made;
	}
	/* Through the parent opened first: a directory renamed or linked
	 * in its place since is never written into. */
	int dfd = openat(pfd, tmp_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	                 O_CLOEXEC);
	cp_status st = dfd < 0 || fchmod(dfd, 0700) != 0
	               ? cp_fail(err, CP_FAILED, "backup %s: %s", tmp,
	                         strerror(errno))
	               : copy_into(s, dfd, tmp, err);
	if (st == CP_OK)
		st = verify(dfd, tmp, false, "backup", err);
	if (st == CP_OK && fsync(dfd) != 0)
		st = cp_fail(err, CP_FAILED, "backup %s: %s", tmp, strerror(errno));
	if (st == CP_OK && renameat(pfd, tmp_name, pfd, base) != 0)
		st = cp_fail(err, CP_FAILED, "backup %s: cannot put the copy in "
		             "place: %s", dir, strerror(errno));
	if (st == CP_OK && fsync(pfd) != 0)
		st = cp_fail(err, CP_FAILED, "backup: sync %s: %s", dir,
		             strerror(errno));
	else if (st != CP_OK)
		discard(pfd, dfd, tmp_name);
	if (dfd >= 0)
		close(dfd);
	close(pfd);
	return st;
}

/* ---- restore ------------------------------------------------------------- */

/* The store's directory (*dfd: a shared one by name, checked as an open
 * is), its parent reached from it (*pfd: "..", so a path changed since
 * does not matter) and its name there (base), which must still be it. */
static cp_status restore_target(const char *dir, const char *shared_name,
                                int *pfd, int *dfd, char *base,
                                size_t bsize, struct stat *dsb,
                                cp_error *err)
{
	char shown[PATH_MAX];
	struct stat nb;
	size_t n = strlen(dir);
	*pfd = -1;
	while (n > 1 && dir[n - 1] == '/')
		n--;
	const char *b = dir + n;
	while (b > dir && b[-1] != '/')
		b--;
	size_t blen = (size_t)(dir + n - b);
	if (!blen || blen >= bsize || !strncmp(b, ".", blen) ||
	    !strncmp(b, "..", blen) || b[0] == '/')
		return cp_fail(err, CP_BADINPUT, "restore: %s is not a store "
		               "directory cpdesk can replace", dir);
	memcpy(base, b, blen);
	base[blen] = '\0';
	CP_TRY(shared_name ? store_dir_by_name(shared_name, dfd, shown,
	                                       sizeof shown, err)
	                   : store_dir_by_path(dir, false, dfd, err));
	*pfd = openat(*dfd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*pfd >= 0 && fstat(*dfd, dsb) == 0 &&
	    fstatat(*pfd, base, &nb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    nb.st_dev == dsb->st_dev && nb.st_ino == dsb->st_ino)
		return CP_OK;
	return cp_fail(err, CP_FAILED, "restore: %s is not the directory it "
	               "names (a link, or moved meanwhile): give the store's "
	               "own path; nothing was changed", dir);
}

/* Nobody has the store open, and nobody opens it until the lock goes:
 * every process with LMDB's environment open holds a shared lock on
 * the first byte of lock.mdb (LMDB's own, taken at open), so this
 * exclusive one is refused while any does, and an opener waits for it. */
static cp_status lock_out(int dfd, const char *dir, bool shared,
                          const struct stat *dsb, int *lfd, cp_error *err)
{
	*lfd = openat(dfd, "lock.mdb", O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (*lfd < 0 && errno == ENOENT) {   /* never opened: made as LMDB would */
		*lfd = openat(dfd, "lock.mdb", O_RDWR | O_CREAT | O_EXCL |
		              O_NOFOLLOW | O_CLOEXEC, 0600);
		if (*lfd >= 0 && (fchown(*lfd, dsb->st_uid, dsb->st_gid) != 0 ||
		                  fchmod(*lfd, shared ? 0660 : 0600) != 0)) {
			close(*lfd);
			*lfd = -1;
		}
	}
	if (*lfd < 0)
		return cp_fail(err, CP_FAILED, "restore: %s/lock.mdb: %s", dir,
		               strerror(errno));
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
	                    .l_start = 0, .l_len = 1 };
	if (fcntl(*lfd, F_SETLK, &fl) == 0)
		return CP_OK;
	int e = errno;
	long pid = fcntl(*lfd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK
	           ? (long)fl.l_pid : 0;
	close(*lfd);
	*lfd = -1;
	if (e != EAGAIN && e != EACCES)
		return cp_fail(err, CP_FAILED, "restore: cannot lock %s/lock.mdb: "
		               "%s", dir, strerror(e));
	return cp_fail(err, CP_REFUSED, "restore: store %s is in use (process "
	               "%ld has it open): ask everyone to quit cpdesk ('fuser -v "
	               "%s/lock.mdb' lists them) and run it again; the store was "
	               "not touched", dir, pid, dir);
}

/* The copy of src in the working directory tmp_name of pfd, with the
 * owner, group and modes of the store it replaces (dsb), checked. */
static cp_status restore_copy(store *src, int pfd, const char *tmp,
                              const char *tmp_name, bool shared,
                              const struct stat *dsb, cp_error *err)
{
	int tfd = openat(pfd, tmp_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	                 O_CLOEXEC);
	cp_status st = tfd < 0 ? cp_fail(err, CP_FAILED, "restore %s: %s", tmp,
	                                 strerror(errno))
	               : copy_into(src, tfd, tmp, err);
	/* The directory is ours (0700) until its modes are set last. */
	if (st == CP_OK && shared &&
	    (fchownat(tfd, "data.mdb", dsb->st_uid, dsb->st_gid,
	              AT_SYMLINK_NOFOLLOW) != 0 ||
	     fchmodat(tfd, "data.mdb", 0660, 0) != 0 ||
	     fchown(tfd, dsb->st_uid, dsb->st_gid) != 0 ||
	     fchmod(tfd, dsb->st_mode & 07777) != 0))
		st = cp_fail(err, CP_FAILED, "restore %s: cannot give it the "
		             "store's owner and modes: %s", tmp, strerror(errno));
	if (st == CP_OK)
		st = verify(tfd, tmp, shared, "restore", err);
	if (st == CP_OK && fsync(tfd) != 0)
		st = cp_fail(err, CP_FAILED, "restore %s: %s", tmp, strerror(errno));
	if (st != CP_OK)
		discard(pfd, tfd, tmp_name);
	if (tfd >= 0)
		close(tfd);
	return st;
}

/* The replaced store, now at tmp_name, to ".BASE.replaced-DATETIME"
 * (a dot: never taken for a shared store's name); aside gets its path. */
static void keep_aside(int pfd, const char *dir, const char *tmp,
                       const char *tmp_name, const char *base,
                       char *aside, size_t asize)
{
	char name[NAME_MAX + 1], when[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(when, sizeof when, "%Y-%m-%dT%H%M%S", localtime_r(&now, &tm));
	int n = snprintf(name, sizeof name, ".%s.replaced-%s", base, when);
	const char *slash = strrchr(tmp, '/');
	int plen = slash ? (int)(slash - tmp) : 0;
	if (n > 0 && (size_t)n < sizeof name &&
	    renameat2(pfd, tmp_name, pfd, name, RENAME_NOREPLACE) == 0)
		snprintf(aside, asize, "%.*s/%s", plen, tmp, name);
	else   /* it stays where the swap left it */
		snprintf(aside, asize, "%s", tmp);
	(void)dir;
}

cp_status store_restore(store *src, const char *dir, const char *shared_name,
                        char *aside, size_t asize, cp_error *err)
{
	char tmp[PATH_MAX + NAME_MAX + 32], base[NAME_MAX + 1];
	const char *tmp_name;
	struct stat dsb;
	store_file_id ids[2];
	int pfd = -1, dfd = -1, lfd = -1;
	bool shared = shared_name != NULL;
	aside[0] = '\0';
	cp_status st = restore_target(dir, shared_name, &pfd, &dfd, base,
	                              sizeof base, &dsb, err);
	if (st == CP_OK)   /* the rules of an open: whose it is, its modes */
		st = store_check_files(dfd, dir, shared, ids, err);
	if (st == CP_OK)
		st = lock_out(dfd, dir, shared, &dsb, &lfd, err);
	const char *slash = strrchr(dir, '/');
	int plen = slash ? (int)(slash - dir) : 1;
	snprintf(tmp, sizeof tmp, "%.*s/.%s.cpdesk-XXXXXX", plen,
	         slash ? dir : ".", base);
	if (st == CP_OK)
		st = make_temp(pfd, tmp, &tmp_name, err);
	if (st == CP_OK)
		st = restore_copy(src, pfd, tmp, tmp_name, shared, &dsb, err);
	/* One step: the store's name holds the old store or the new one,
	 * never neither. */
	if (st == CP_OK && renameat2(pfd, tmp_name, pfd, base,
	                             RENAME_EXCHANGE) != 0) {
		st = cp_fail(err, CP_FAILED, "restore %s: cannot put the copy in "
		             "place: %s; the store was not touched", dir,
		             strerror(errno));
		int tfd = openat(pfd, tmp_name, O_RDONLY | O_DIRECTORY |
		                 O_NOFOLLOW | O_CLOEXEC);
		discard(pfd, tfd, tmp_name);
		if (tfd >= 0)
			close(tfd);
	}
	if (st == CP_OK) {
		/* Anyone who reached the old directory and waits for the lock
		 * finds a lock file LMDB cannot map, and fails. */
		if (ftruncate(lfd, 0) != 0 || fsync(pfd) != 0)
			st = cp_fail(err, CP_FAILED, "restore %s: %s", dir,
			             strerror(errno));
		keep_aside(pfd, dir, tmp, tmp_name, base, aside, asize);
		fsync(pfd);
	}
	if (lfd >= 0)
		close(lfd);
	if (dfd >= 0)
		close(dfd);
	if (pfd >= 0)
		close(pfd);
	return st;
}

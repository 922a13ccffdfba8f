/* store_backup.c - store_backup: a compacted copy of the store (LMDB's
 * own copy, in one read transaction), made whole in a private directory
 * beside the target, synced, opened and checked, then renamed into
 * place: a backup killed at any moment leaves no target, never a half
 * one.  Files are made with openat from the directory's descriptor and
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
static cp_status verify(int dfd, const char *tmp, cp_error *err)
{
	store *c = NULL;
	int own = fcntl(dfd, F_DUPFD_CLOEXEC, 0);
	if (own < 0)
		return cp_fail(err, CP_FAILED, "backup %s: %s", tmp, strerror(errno));
	cp_status st = store_open_dirfd(own, tmp, false, NULL, &c, err);
	if (st == CP_OK)
		st = store_check_consistency(c, err);
	store_close(c);
	if (st != CP_OK)
		cp_error_prefix(err, "backup: the copy does not check out: ");
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
		st = verify(dfd, tmp, err);
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

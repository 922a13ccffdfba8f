/* store_backup.c - store_backup: a compacted copy of the store (LMDB's
 * own copy, in one read transaction), made whole in a private directory
 * beside the target, synced, opened and checked, then renamed into
 * place: a backup killed at any moment leaves no target, never a half
 * one.  Files are made with openat from the directory's descriptor and
 * O_NOFOLLOW, and their modes set on descriptors (fchmod), so nothing
 * planted at a path is followed or changed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* "PARENT/.NAME.cpdesk-XXXXXX" for dir "PARENT/NAME" ("NAME": "."). */
static cp_status temp_name(const char *dir, char *tmp, size_t size,
                           char *parent, size_t psize, cp_error *err)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	const char *base = dir + n;
	while (base > dir && base[-1] != '/')
		base--;
	size_t plen = (size_t)(base - dir);
	int k = snprintf(parent, psize, "%.*s", plen ? (int)plen : 1,
	                 plen ? dir : ".");
	int m = snprintf(tmp, size, "%s/.%.*s.cpdesk-XXXXXX", parent,
	                 (int)(dir + n - base), base);
	if (base == dir + n || k < 0 || (size_t)k >= psize || m < 0 ||
	    (size_t)m >= size)
		return cp_fail(err, CP_BADINPUT, "backup %s: not a directory name "
		               "cpdesk can use", dir);
	return CP_OK;
}

/* The copy itself, into data.mdb of the open directory dfd. */
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
	else if (fchmod(fd, 0660) != 0 || fsync(fd) != 0)
		st = cp_fail(err, CP_FAILED, "backup %s: %s", tmp, strerror(errno));
	close(fd);
	return st;
}

/* The copy opens as a store and every index agrees with its records. */
static cp_status verify(const char *tmp, cp_error *err)
{
	store *c = NULL;
	cp_status st = store_open(tmp, NULL, &c, err);
	if (st == CP_OK)
		st = store_check_consistency(c, err);
	store_close(c);
	if (st != CP_OK)
		cp_error_prefix(err, "backup: the copy does not check out: ");
	return st;
}

/* Remove what a failed backup made in its temporary directory. */
static void discard(int dfd, const char *tmp)
{
	if (dfd >= 0) {
		unlinkat(dfd, "data.mdb", 0);
		unlinkat(dfd, "lock.mdb", 0);
	}
	rmdir(tmp);
}

static cp_status sync_dir(const char *path, cp_error *err)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cp_status st = fd >= 0 && fsync(fd) == 0 ? CP_OK
	               : cp_fail(err, CP_FAILED, "backup: sync %s: %s", path,
	                         strerror(errno));
	if (fd >= 0)
		close(fd);
	return st;
}

cp_status store_backup(store *s, const char *dir, cp_error *err)
{
	char tmp[PATH_MAX + NAME_MAX + 32], parent[PATH_MAX];
	if (!dir || !*dir)
		return cp_fail(err, CP_BADINPUT, "backup: no directory given");
	CP_TRY(target_free(dir, err));
	CP_TRY(temp_name(dir, tmp, sizeof tmp, parent, sizeof parent, err));
	if (!mkdtemp(tmp))
		return cp_fail(err, CP_FAILED, "backup %s: cannot make a directory "
		               "in %s: %s", dir, parent, strerror(errno));
	int dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	cp_status st = dfd < 0 || fchmod(dfd, 0770) != 0
	               ? cp_fail(err, CP_FAILED, "backup %s: %s", tmp,
	                         strerror(errno))
	               : copy_into(s, dfd, tmp, err);
	if (st == CP_OK)
		st = verify(tmp, err);
	if (st == CP_OK && fsync(dfd) != 0)
		st = cp_fail(err, CP_FAILED, "backup %s: %s", tmp, strerror(errno));
	if (st == CP_OK && rename(tmp, dir) != 0)
		st = cp_fail(err, CP_FAILED, "backup %s: cannot put the copy in "
		             "place: %s", dir, strerror(errno));
	if (st != CP_OK)
		discard(dfd, tmp);
	if (dfd >= 0)
		close(dfd);
	return st == CP_OK ? sync_dir(parent, err) : st;
}

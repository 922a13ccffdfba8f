/* store_backup.c - store_backup: a compacted copy of the store (LMDB's
 * own copy, in one read transaction) into a new or empty directory that
 * others cannot read. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "store_priv.h"

/* ---- backup ------------------------------------------------------------ */
cp_status store_backup(store *s, const char *dir, cp_error *err)
{
	if (!dir || !*dir)
		return cp_fail(err, CP_BADINPUT, "backup: no directory given");
	if (!private_mkdir(dir))
		return cp_fail(err, CP_FAILED, "backup %s: cannot create it: %s",
		               dir, strerror(errno));
	DIR *d = opendir(dir);
	if (!d && errno == ENOTDIR)
		return cp_fail(err, CP_BADINPUT,
		    "backup %s exists and is not a directory: give a new or empty "
		    "directory", dir);
	if (!d)
		return cp_fail(err, CP_FAILED, "backup %s: %s", dir, strerror(errno));
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	if (!empty)
		return cp_fail(err, CP_REFUSED,
		    "backup %s is not empty: give a new or empty directory "
		    "(nothing was written)", dir);
	struct stat sb;
	if (stat(dir, &sb) != 0)
		return cp_fail(err, CP_FAILED, "backup %s: %s", dir, strerror(errno));
	if (sb.st_mode & 0007)
		return cp_fail(err, CP_REFUSED,
		    "backup %s is open to others: chmod o-rwx %s first (nothing was "
		    "written)", dir, dir);
	mode_t old = umask(007);
	int rc = mdb_env_copy2(s->env, dir, MDB_CP_COMPACT);
	umask(old);
	if (rc)
		return cp_fail(err, CP_FAILED,
		    "backup of %s into %s failed: %s (remove %s and try again)",
		    s->path, dir, mdb_strerror(rc), dir);
	char f[4096];
	snprintf(f, sizeof f, "%s/data.mdb", dir);
	if (chmod(f, 0660) != 0)
		return cp_fail(err, CP_FAILED, "backup %s: chmod: %s", f,
		               strerror(errno));
	return CP_OK;
}

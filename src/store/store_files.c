/* store_files.c - the store's directory and files are what they should
 * be before LMDB opens them.
 *
 * LMDB opens data.mdb and lock.mdb by name, following links and creating
 * lock.mdb when it is missing; the first process to open a store writes
 * into the lock file.  A link planted there would make the next person's
 * cpdesk (root's too) write into the link's target.  So the files must be
 * regular files (not links, FIFOs or devices), nobody else may read or
 * write them, and a shared store (in paths_statedir()) must belong to
 * its directory's owner and the stores' group with exactly its modes.
 * After the open, data.mdb's descriptor is checked to be the file that
 * was checked. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "priv.h"
#include "store_priv.h"

static const char *const store_files[] = { "data.mdb", "lock.mdb" };

bool store_is_shared_dir(const char *dir)
{
	char parent[PATH_MAX], real[PATH_MAX], state[PATH_MAX];
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')   /* "DIR/" names DIR */
		n--;
	while (n > 0 && dir[n - 1] != '/')   /* its parent */
		n--;
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 0 || n >= sizeof parent)
		return false;
	memcpy(parent, dir, n);
	parent[n] = '\0';
	return realpath(parent, real) && realpath(paths_statedir(), state) &&
	       !strcmp(real, state);
}

/* A shared store's directory: the stores' group, 2770 or 0770, and (in a
 * privileged run) the group the program runs with. */
static cp_status shared_dir_ok(const char *dir, const struct stat *sb,
                               cp_error *err)
{
	mode_t m = sb->st_mode & 07777;
	if (m != 02770 && m != 0770)
		return cp_fail(err, CP_REFUSED, "shared store %s has mode %o, not "
		               "2770: fix it with chmod 2770 %s", dir, (unsigned)m,
		               dir);
	if (priv_started() && sb->st_gid != (gid_t)priv_store_gid())
		return cp_fail(err, CP_REFUSED, "shared store %s does not belong "
		               "to cpdesk's group: fix it with chgrp -R cpdesk %s "
		               "(doc/deployment.md)", dir, dir);
	return CP_OK;
}

/* One of its files, by lstat: a regular file, nobody else's business;
 * in a shared store owned as its directory is, mode 0660. */
static cp_status file_ok(const char *dir, const char *name, bool shared,
                         const struct stat *dsb, store_file_id *id,
                         cp_error *err)
{
	char p[PATH_MAX];
	struct stat sb;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	id->present = false;
	if (lstat(p, &sb) != 0)
		return errno == ENOENT ? CP_OK
		       : cp_fail(err, CP_FAILED, "store %s: %s", p, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return cp_fail(err, CP_REFUSED, "store %s is not a regular file "
		               "(a link, a FIFO or a device): it was tampered with; "
		               "ask the store's administrator to restore it", p);
	if (sb.st_mode & S_IRWXO)
		return cp_fail(err, CP_REFUSED, "store %s can be read or written by "
		               "others; fix it with: chmod o-rwx %s/*.mdb", p, dir);
	if (shared && (sb.st_uid != dsb->st_uid || sb.st_gid != dsb->st_gid ||
	               (sb.st_mode & 07777) != 0660))
		return cp_fail(err, CP_REFUSED, "shared store %s is not owned as "
		               "its directory is, mode 0660: ask the store's "
		               "administrator to check it (doc/deployment.md)", p);
	*id = (store_file_id){ true, sb.st_dev, sb.st_ino };
	return CP_OK;
}

cp_status store_check_files(const char *dir, bool shared,
                            store_file_id ids[2], cp_error *err)
{
	struct stat sb;
	if (lstat(dir, &sb) != 0)
		return cp_fail(err, CP_BADINPUT, "store %s: %s", dir, strerror(errno));
	if (shared && !S_ISDIR(sb.st_mode))
		return cp_fail(err, CP_REFUSED, "shared store %s is not a directory "
		               "(a link?): ask the store's administrator", dir);
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return cp_fail(err, CP_BADINPUT, "store %s is not a directory", dir);
	if (sb.st_mode & S_IRWXO)
		return cp_fail(err, CP_REFUSED, "store %s can be read or written by "
		               "others; fix it with: chmod o-rwx %s %s/*.mdb", dir,
		               dir, dir);
	if (shared)
		CP_TRY(shared_dir_ok(dir, &sb, err));
	for (size_t i = 0; i < 2; i++)
		CP_TRY(file_ok(dir, store_files[i], shared, &sb, &ids[i], err));
	return CP_OK;
}

cp_status store_check_opened(store *s, const store_file_id ids[2],
                             cp_error *err)
{
	struct stat fsb;
	int fd = -1;
	if (mdb_env_get_fd(s->env, &fd) != 0 || fstat(fd, &fsb) != 0)
		return cp_fail(err, CP_FAILED, "store %s: cannot check data.mdb",
		               s->path);
	/* LMDB leaves data.mdb's descriptor open across exec (its others are
	 * close-on-exec): a command cpdesk runs (mail --sendmail CMD) must
	 * not inherit write access to a store its user may not open. */
	int fl = fcntl(fd, F_GETFD);
	if (fl < 0 || fcntl(fd, F_SETFD, fl | FD_CLOEXEC) != 0)
		return cp_fail(err, CP_FAILED, "store %s: cannot close data.mdb on "
		               "exec: %s", s->path, strerror(errno));
	if (ids[0].present &&
	    (fsb.st_dev != ids[0].dev || fsb.st_ino != ids[0].ino))
		return cp_fail(err, CP_REFUSED, "store %s: data.mdb was replaced "
		               "while it was opened: it was tampered with", s->path);
	/* A file cut short (a copy killed half way) holds pages its meta
	 * names: reading them would kill the process (SIGBUS), not fail. */
	MDB_envinfo info;
	MDB_stat ms;
	if (mdb_env_info(s->env, &info) == 0 && mdb_env_stat(s->env, &ms) == 0 &&
	    (uint64_t)fsb.st_size < ((uint64_t)info.me_last_pgno + 1) * ms.ms_psize)
		return cp_fail(err, CP_FAILED, "store %s: data.mdb is cut short "
		               "(%lld bytes, its pages need %llu): an unfinished "
		               "copy? restore a whole backup", s->path,
		               (long long)fsb.st_size,
		               ((unsigned long long)info.me_last_pgno + 1) * ms.ms_psize);
	/* lock.mdb is LMDB's alone (no descriptor is lent): it must still be
	 * the file checked, or a regular file LMDB has just made. */
	store_file_id now[2];
	cp_error e;
	if (file_ok(s->path, store_files[1], false, &fsb, &now[1], &e) != CP_OK)
		return cp_fail(err, CP_REFUSED, "%s", e.msg);
	if (ids[1].present && (!now[1].present || now[1].ino != ids[1].ino))
		return cp_fail(err, CP_REFUSED, "store %s: lock.mdb was replaced "
		               "while it was opened: it was tampered with", s->path);
	return CP_OK;
}

/* store_files.c - the store's directory and files are what they should
 * be before LMDB opens them, and LMDB opens the directory that was
 * checked.
 *
 * LMDB opens data.mdb and lock.mdb by name, following links and creating
 * lock.mdb when it is missing; the first process to open a store writes
 * into the lock file.  A link planted there would make the next person's
 * cpdesk (root's too) write into the link's target.  So the directory is
 * opened once, its files are checked through that descriptor, and LMDB
 * is given the descriptor's own name (/proc/self/fd/N): nothing renamed
 * or linked along the way after the check changes what is opened.
 *
 * Two sets of rules.  A shared store, a directory of paths_statedir()
 * found by its name, belongs to its directory's owner and the stores'
 * group with exactly its modes; in a privileged run the stores' directory
 * and every directory above it must be root's, so nobody else can put
 * another directory in its place.  Any other store is a person's own: it
 * and its files belong to the person running cpdesk, and nobody else may
 * read or write them.  After the open, data.mdb's descriptor is checked
 * to be the file that was checked. */
#define _GNU_SOURCE   /* O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
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

/* ---- reaching the directory --------------------------------------------- */

/* Nobody but root may change what this directory holds: root's, and not
 * writable by group or others (a sticky directory, like /tmp, lets
 * nobody move what root put in it, unless it is the last). */
static bool root_only(int fd, bool last)
{
	struct stat sb;
	return fstat(fd, &sb) == 0 && sb.st_uid == 0 &&
	       (!(sb.st_mode & (S_IWGRP | S_IWOTH)) ||
	        (!last && (sb.st_mode & S_ISVTX)));
}

/* The stores' directory, opened one name at a time from "/" without
 * following links; in a privileged run each must be root_only. */
static cp_status statedir_open(int *out, cp_error *err)
{
	const char *path = paths_statedir();
	char copy[PATH_MAX], *save = NULL;
	bool check = priv_started();
	if (path[0] != '/' || strlen(path) >= sizeof copy)
		return cp_fail(err, CP_FAILED, "the stores' directory %s is not an "
		               "absolute path: rebuild with make STATEDIR=/DIR", path);
	memcpy(copy, path, strlen(path) + 1);
	/* O_PATH: passing through needs only search permission. */
	int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	for (char *c = strtok_r(copy, "/", &save); fd >= 0 && c;
	     c = strtok_r(NULL, "/", &save)) {
		if (check && !root_only(fd, false))
			break;
		int next = openat(fd, c, O_PATH | O_DIRECTORY | O_NOFOLLOW |
		                  O_CLOEXEC);
		close(fd);
		fd = next;
	}
	if (fd >= 0 && (!check || root_only(fd, true))) {
		*out = fd;
		return CP_OK;
	}
	if (fd < 0)
		return cp_fail(err, errno == ENOENT ? CP_BADINPUT : CP_FAILED,
		               "cannot reach the stores' directory %s: %s", path,
		               errno == ELOOP ? "a link on the way" : strerror(errno));
	close(fd);
	return cp_fail(err, CP_REFUSED, "the stores' directory %s is not safe: "
	               "it and every directory above it must be root's and "
	               "writable by nobody else (doc/deployment.md)", path);
}

cp_status store_dir_by_name(const char *name, int *dfd, char *shown,
                            size_t size, cp_error *err)
{
	int sfd = -1;
	*dfd = -1;
	snprintf(shown, size, "%s/%s", paths_statedir(), name);
	CP_TRY(statedir_open(&sfd, err));
	*dfd = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int e = errno;
	close(sfd);
	if (*dfd < 0)
		return cp_fail(err, e == ENOENT ? CP_BADINPUT : CP_REFUSED,
		               "shared store %s: %s", shown, strerror(e));
	return CP_OK;
}

cp_status store_dir_by_path(const char *dir, bool shared, int *dfd,
                            cp_error *err)
{
	*dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
	            (shared ? O_NOFOLLOW : 0));
	if (*dfd >= 0)
		return CP_OK;
	if (errno == ENOENT)
		return cp_fail(err, CP_BADINPUT, "no store at %s: run 'cpdesk init "
		               "--policy FILE' (or give --db DIR)", dir);
	return cp_fail(err, errno == ENOTDIR || errno == ELOOP ? CP_BADINPUT
	               : CP_FAILED, "store %s: %s", dir,
	               errno == ENOTDIR || errno == ELOOP ? "not a directory"
	               : strerror(errno));
}

cp_status store_lmdb_path(int dfd, const char *dir, char *buf, size_t size,
                          cp_error *err)
{
	struct stat a, b;
	snprintf(buf, size, "/proc/self/fd/%d", dfd);
	if (fstat(dfd, &a) != 0 || stat(buf, &b) != 0 || a.st_dev != b.st_dev ||
	    a.st_ino != b.st_ino)
		return cp_fail(err, CP_FAILED, "store %s: cannot reach its open "
		               "directory as %s: cpdesk needs /proc mounted", dir, buf);
	return CP_OK;
}

/* ---- the rules ---------------------------------------------------------- */

/* "DIR belongs to USER, not to you": cpdesk opens a person's own store
 * only as that person. */
static cp_status not_yours(const char *what, uid_t uid, cp_error *err)
{
	char who[64];
	struct passwd *pw = getpwuid(uid);
	if (pw && pw->pw_name && strlen(pw->pw_name) < sizeof who)
		snprintf(who, sizeof who, "%s", pw->pw_name);
	else
		snprintf(who, sizeof who, "#%u", (unsigned)uid);
	return cp_fail(err, CP_REFUSED, "store %s belongs to %s, not to you: "
	               "a store of one's own opens only for its owner (sudo -u "
	               "%s cpdesk ...); a shared store is named, --db NAME "
	               "(doc/deployment.md)", what, who, who);
}

static cp_status own_private(const char *what, const char *dir,
                             const struct stat *sb, cp_error *err)
{
	if (sb->st_uid != getuid())
		return not_yours(what, sb->st_uid, err);
	if (sb->st_mode & (S_IRWXG | S_IRWXO))
		return cp_fail(err, CP_REFUSED, "store %s can be read or written by "
		               "others than its owner (mode %o): fix it with chmod "
		               "700 %s && chmod 600 %s/*.mdb", what,
		               (unsigned)(sb->st_mode & 07777), dir, dir);
	return CP_OK;
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

/* One of its files, without following a link: a regular file; in a
 * shared store owned as its directory is, mode 0660; in one's own, the
 * person's alone. */
static cp_status file_ok(int dfd, const char *dir, const char *name,
                         bool shared, const struct stat *dsb,
                         store_file_id *id, cp_error *err)
{
	char p[PATH_MAX];
	struct stat sb;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	id->present = false;
	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? CP_OK
		       : cp_fail(err, CP_FAILED, "store %s: %s", p, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return cp_fail(err, CP_REFUSED, "store %s is not a regular file "
		               "(a link, a FIFO or a device): it was tampered with; "
		               "ask the store's administrator to restore it", p);
	if (!shared)
		CP_TRY(own_private(p, dir, &sb, err));
	else if (sb.st_uid != dsb->st_uid || sb.st_gid != dsb->st_gid ||
	         (sb.st_mode & 07777) != 0660)
		return cp_fail(err, CP_REFUSED, "shared store %s is not owned as "
		               "its directory is, mode 0660: ask the store's "
		               "administrator to check it (doc/deployment.md)", p);
	*id = (store_file_id){ true, sb.st_dev, sb.st_ino };
	return CP_OK;
}

cp_status store_check_files(int dfd, const char *dir, bool shared,
                            store_file_id ids[2], cp_error *err)
{
	struct stat sb;
	if (fstat(dfd, &sb) != 0)
		return cp_fail(err, CP_FAILED, "store %s: %s", dir, strerror(errno));
	CP_TRY(shared ? shared_dir_ok(dir, &sb, err)
	              : own_private(dir, dir, &sb, err));
	for (size_t i = 0; i < 2; i++)
		CP_TRY(file_ok(dfd, dir, store_files[i], shared, &sb, &ids[i], err));
	/* The first to open a store makes its lock file, as themselves: in a
	 * shared store that must be its owner (root), never a worker. */
	if (shared && ids[0].present && !ids[1].present && priv_held() &&
	    getuid() != 0)
		return cp_fail(err, CP_REFUSED, "shared store %s has no lock.mdb: "
		               "ask its administrator to run 'sudo cpdesk --db %s "
		               "check-store', which makes it", dir, dir);
	return CP_OK;
}

cp_status store_check_opened(store *s, const store_file_id ids[2],
                             cp_error *err)
{
	struct stat fsb, dsb;
	int fd = -1;
	if (mdb_env_get_fd(s->env, &fd) != 0 || fstat(fd, &fsb) != 0 ||
	    fstat(s->dfd, &dsb) != 0)
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
	 * names: reading them would kill the process (SIGBUS), not fail.
	 * The meta first, then the size: a writer writes its pages before
	 * the meta naming them, so a commit between the two only makes the
	 * file longer (the size first raced with it and refused a whole
	 * store). */
	MDB_envinfo info;
	MDB_stat ms;
	if (mdb_env_info(s->env, &info) != 0 || mdb_env_stat(s->env, &ms) != 0 ||
	    fstat(fd, &fsb) != 0)
		return cp_fail(err, CP_FAILED, "store %s: cannot check data.mdb's "
		               "size", s->path);
	if ((uint64_t)fsb.st_size < ((uint64_t)info.me_last_pgno + 1) * ms.ms_psize)
		return cp_fail(err, CP_FAILED, "store %s: data.mdb is cut short "
		               "(%lld bytes, its pages need %llu): an unfinished "
		               "copy? restore a whole backup", s->path,
		               (long long)fsb.st_size,
		               ((unsigned long long)info.me_last_pgno + 1) * ms.ms_psize);
	/* lock.mdb is LMDB's alone (no descriptor is lent): it must still be
	 * the file checked, or a regular file LMDB has just made. */
	store_file_id now[2];
	CP_TRY(file_ok(s->dfd, s->path, store_files[1], s->shared, &dsb,
	               &now[1], err));
	if (ids[1].present && (!now[1].present || now[1].ino != ids[1].ino))
		return cp_fail(err, CP_REFUSED, "store %s: lock.mdb was replaced "
		               "while it was opened: it was tampered with", s->path);
	return CP_OK;
}

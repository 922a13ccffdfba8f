/* paths.c - where shipped data and modules are (paths.h). */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "priv.h"
#include "text.h"

/* Where make install puts things (Makefile: PREFIX, STATEDIR). */
#ifndef CPDESK_STATEDIR
#define CPDESK_STATEDIR "/var/lib/cpdesk"
#endif
#ifndef CPDESK_SHAREDIR
#define CPDESK_SHAREDIR "/usr/local/share/cpdesk"
#endif
#ifndef CPDESK_LIBDIR
#define CPDESK_LIBDIR "/usr/local/lib/cpdesk"
#endif

/* The environment, unless the run started privileged (priv.h): then
 * nothing in it chooses code or data. */
static const char *trusted_env(const char *name)
{
	const char *v = priv_started() ? NULL : getenv(name);
	return v && *v ? v : NULL;
}

/* In a privileged run a file is loaded (the iCalendar module is code)
 * only when nobody but root can change it or any directory on its way:
 * every directory of its real path root's and writable by nobody else
 * (sticky ones, like /tmp, protect what root put in them), the file
 * root's, regular and writable by root alone. */
static bool installed_safely(const char *path)
{
	char real[PATH_MAX];
	struct stat sb;
	if (!priv_started())
		return true;
	if (!realpath(path, real) || stat(real, &sb) != 0 ||
	    !S_ISREG(sb.st_mode) || sb.st_uid != 0 ||
	    (sb.st_mode & (S_IWGRP | S_IWOTH)))
		return false;
	for (char *slash = strrchr(real, '/'); slash; slash = strrchr(real, '/')) {
		*(slash == real ? slash + 1 : slash) = '\0';
		if (stat(real, &sb) != 0 || sb.st_uid != 0 ||
		    ((sb.st_mode & (S_IWGRP | S_IWOTH)) && !(sb.st_mode & S_ISVTX)))
			return false;
		if (slash == real)
			break;
	}
	return true;
}

/* Directory of the running binary (symlinks resolved), or "" when the
 * system does not say. */
static void exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0 || (size_t)n >= size - 1) {
		buf[0] = '\0';
		return;
	}
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (slash)
		*(slash == buf ? slash + 1 : slash) = '\0';
	else
		buf[0] = '\0';
}

/* Try dir/sub/file; on success copy it to buf. */
static bool try_place(const char *dir, const char *sub, const char *file,
                      char *buf, size_t size, char *tried, size_t tsize)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof path, "%s%s/%s", dir, sub, file);
	if (n < 0 || (size_t)n >= sizeof path)
		return false;
	size_t used = strlen(tried);
	snprintf(tried + used, tsize - used, "%s%s", used ? ", " : "", path);
	if (access(path, R_OK) != 0 || (size_t)n >= size ||
	    !installed_safely(path))
		return false;
	memcpy(buf, path, (size_t)n + 1);
	return true;
}

/* FILE in $ENV alone when that is set (said out loud: nothing else is
 * tried behind it), else in each SUBS of the binary's directory.  A
 * privileged run ignores both and looks only where make install put it
 * (installed, built in). */
static cp_status find_beside_exe(const char *file, const char *env_name,
                                 const char *const *subs, size_t nsubs,
                                 const char *installed, char *buf,
                                 size_t size, cp_error *err)
{
	char tried[2048] = "";
	const char *env = trusted_env(env_name);
	if (priv_started()) {
		if (try_place(installed, "", file, buf, size, tried, sizeof tried))
			return CP_OK;
		return cp_fail(err, CP_FAILED, "cannot find %s in %s, or it is not "
		               "root's alone (a privileged run loads nothing else): "
		               "install cpdesk again (make install)", file,
		               installed);
	}
	if (env) {
		if (try_place(env, "", file, buf, size, tried, sizeof tried))
			return CP_OK;
		return cp_fail(err, CP_FAILED,
		               "cannot find %s in %s (%s): put it there or unset "
		               "%s", file, env_name, env, env_name);
	}
	char dir[PATH_MAX];
	exe_dir(dir, sizeof dir);
	for (size_t i = 0; dir[0] && i < nsubs; i++)
		if (try_place(dir, subs[i], file, buf, size, tried, sizeof tried))
			return CP_OK;
	return cp_fail(err, CP_FAILED,
	               "cannot find %s: tried %s; set %s to the directory that "
	               "holds it", file,
	               tried[0] ? tried : "nowhere (the program's own directory "
	               "is unknown)", env_name);
}

/* The source tree's data/ sits beside build/, the binary's directory, so
 * <exe dir>/../data is tried after <exe dir>/data. */
cp_status paths_data(const char *file, char *buf, size_t size,
                        cp_error *err)
{
	static const char *const subs[] = { "/data", "/../data",
	                                    "/../share/cpdesk" };
	return find_beside_exe(file, "CPDESK_DATADIR", subs,
	                       sizeof subs / sizeof subs[0], CPDESK_SHAREDIR, buf,
	                       size, err);
}

/* Modules sit beside the binary in the build tree (build/), and in
 * PREFIX/lib/cpdesk when installed. */
cp_status paths_module(const char *file, char *buf, size_t size,
                          cp_error *err)
{
	static const char *const subs[] = { "", "/../lib/cpdesk" };
	return find_beside_exe(file, "CPDESK_LIBDIR", subs,
	                       sizeof subs / sizeof subs[0], CPDESK_LIBDIR, buf,
	                       size, err);
}

/* ---- policies by name ---------------------------------------------------- */

/* A bare name: letters, digits, '-' and '_', at most 64 of them. */
static bool policy_name_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                     "0123456789-_");
	return n && n <= 64 && !s[n];
}

/* Where installed policies are, in the order looked in: only the
 * installed place (SHAREDIR/policies, built in) in a privileged run;
 * otherwise first beside the program (the source tree's policies/, an
 * installed PREFIX/share/cpdesk/policies), then the built-in place. */
static size_t policy_dirs(char dirs[][PATH_MAX], size_t max)
{
	static const char *const subs[] = { "/../policies",
	                                    "/../share/cpdesk/policies" };
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	size_t n = 0;
	if (!priv_started()) {
		exe_dir(exe, sizeof exe);
		/* only those there, as their real paths: messages and the
		 * store's record name ".../policies/swindon.yaml", not
		 * ".../build/../policies/swindon.yaml" */
		for (size_t i = 0; exe[0] && i < 2 && n < max; i++)
			if (snprintf(dir, sizeof dir, "%s%s", exe, subs[i]) <
			    (int)sizeof dir && realpath(dir, dirs[n]))
				n++;
	}
	if (n < max)
		snprintf(dirs[n++], PATH_MAX, "%s/policies", CPDESK_SHAREDIR);
	return n;
}

/* "generic, hounslow, swindon": the NAME.yaml files in dir, sorted. */
static void policy_names(const char *dir, char *buf, size_t size)
{
	struct dirent **v = NULL;
	int n = scandir(dir, &v, NULL, alphasort);
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *f = v[i]->d_name;
		size_t len = strlen(f);
		if (len > 5 && !strcmp(f + len - 5, ".yaml") && used < size)
			used += (size_t)snprintf(buf + used, size - used, "%s%.*s",
			                         used ? ", " : "", (int)(len - 5), f);
		free(v[i]);
	}
	free(v);
}

cp_status paths_policy(const char *given, char *buf, size_t size,
                       cp_error *err)
{
	size_t len = strlen(given);
	if (strchr(given, '/') ||
	    (len >= 5 && !strcmp(given + len - 5, ".yaml"))) {
		if (len >= size)
			return cp_fail(err, CP_BADINPUT, "the policy path %.60s... is "
			               "too long", given);
		memcpy(buf, given, len + 1);
		return CP_OK;
	}
	char dirs[3][PATH_MAX], file[80], tried[2048] = "", names[1024] = "";
	size_t n = policy_dirs(dirs, 3);
	if (policy_name_ok(given)) {
		snprintf(file, sizeof file, "%s.yaml", given);
		for (size_t i = 0; i < n; i++)
			if (try_place(dirs[i], "", file, buf, size, tried,
			              sizeof tried))
				return CP_OK;
	}
	const char *shown = dirs[n - 1];
	for (size_t i = 0; i < n && !names[0]; i++) {
		policy_names(dirs[i], names, sizeof names);
		shown = dirs[i];
	}
	char clean[200];
	text_sanitize(given, clean, sizeof clean);
	return cp_fail(err, CP_BADINPUT, "no installed policy is called '%s' "
	               "(installed in %s: %s): give one of those names, or a "
	               "file (a path with a '/' or ending .yaml)", clean, shown,
	               names[0] ? names : "none");
}

cp_status paths_holidays(char *buf, size_t size, cp_error *err)
{
	const char *env = trusted_env("CPDESK_HOLIDAYS");
	if (env) {
		if (strlen(env) >= size)
			return cp_fail(err, CP_BADINPUT,
			               "$CPDESK_HOLIDAYS is too long a path");
		memcpy(buf, env, strlen(env) + 1);
		return CP_OK;
	}
	return paths_data("bank-holidays.json", buf, size, err);
}

/* One directory of paths_make_parents: made 0700, or already one. */
static cp_status make_parent(const char *dir, const char *path,
                             cp_error *err)
{
	struct stat sb;
	mode_t old = umask(077);
	int rc = mkdir(dir, 0700);
	int saved = errno;
	umask(old);
	if (rc == 0)
		return CP_OK;
	if (saved == EEXIST && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
		return CP_OK;
	if (saved == EEXIST)
		return cp_fail(err, CP_FAILED, "cannot make the directories for "
		               "%s: %s is there but is not a directory: move it "
		               "or give --db DIR", path, dir);
	return cp_fail(err, CP_FAILED, "cannot make %s for %s: %s: make it "
	               "(mkdir -m 0700) or give --db DIR", dir, path,
	               strerror(saved));
}

cp_status paths_make_parents(const char *path, cp_error *err)
{
	char dir[PATH_MAX];
	size_t len = strlen(path);
	if (len >= sizeof dir)
		return cp_fail(err, CP_BADINPUT, "the path %.60s... is too long",
		               path);
	memcpy(dir, path, len + 1);
	char *last = strrchr(dir, '/');
	for (char *p = dir + 1; last && p < last; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = '\0';
		cp_status st = make_parent(dir, path, err);
		*p = '/';
		if (st != CP_OK)
			return st;
	}
	if (last && last > dir) {
		*last = '\0';
		return make_parent(dir, path, err);
	}
	return CP_OK;
}

const char *paths_statedir(void)
{
	const char *env = trusted_env("CPDESK_STATEDIR");
	return env ? env : CPDESK_STATEDIR;
}

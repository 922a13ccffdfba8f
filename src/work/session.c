/* session.c - opening a store as the acting worker (session.h). */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "permit.h"
#include "priv.h"
#include "session.h"
#include "text.h"

const char *session_actor(const session_opts *o)
{
	return text_nonempty(o->as) ? o->as : o->unix_login;
}

cp_status session_check_actor(const session_opts *o, cp_error *err)
{
	if (!text_nonempty(o->unix_login))
		return cp_fail(err, CP_REFUSED, "user id %u has no name in the "
		               "password database, and cpdesk acts as the Unix user "
		               "by name: ask IT to add one", (unsigned)getuid());
	const char *a = session_actor(o);
	if (!a || !model_id_valid(a, false)) {
		char clean[MODEL_ID_MAX + 1];
		text_sanitize(text_or_empty(a), clean, sizeof clean);
		return cp_fail(err, CP_BADINPUT,
		    "acting login '%s' is not usable (letters, digits, . _ -): "
		    "give --as LOGIN", clean);
	}
	return CP_OK;
}

/* NAME, one of the shared stores: paths_statedir()/NAME, a directory. */
static bool shared_named(const char *name, char *buf, size_t size)
{
	struct stat sb;
	if (!name || !model_id_valid(name, false) || name[0] == '.')
		return false;
	int n = snprintf(buf, size, "%s/%s", paths_statedir(), name);
	return n > 0 && (size_t)n < size && stat(buf, &sb) == 0 &&
	       S_ISDIR(sb.st_mode);
}

/* The shared store when there is exactly one (buf ""  when none); more
 * than one must be named.  Their names are not listed: which stores a
 * host keeps is not every user's business. */
static cp_status only_shared(char *buf, size_t size, cp_error *err)
{
	char first[NAME_MAX + 1] = "";
	size_t count = 0;
	DIR *d = opendir(paths_statedir());
	struct dirent *e;
	buf[0] = '\0';
	while (d && (e = readdir(d))) {
		char p[PATH_MAX];
		if (shared_named(e->d_name, p, sizeof p) && !count++)
			snprintf(first, sizeof first, "%s", e->d_name);
	}
	if (d)
		closedir(d);
	if (count > 1)
		return cp_fail(err, CP_BADINPUT, "%zu stores in %s: say which with "
		               "--db NAME or $CPDESK_DB (your QA administrator "
		               "knows its name)", count, paths_statedir());
	if (count == 1 && !shared_named(first, buf, size))
		buf[0] = '\0';
	return CP_OK;
}

/* STATEDIR/NAME for root's init of a new shared store; the stores'
 * directory must be there (make install makes it). */
static cp_status new_shared(const char *name, char *buf, size_t size,
                            cp_error *err)
{
	struct stat sb;
	if (!model_id_valid(name, false) || name[0] == '.')
		return cp_fail(err, CP_BADINPUT, "'%s' is not a store name "
		               "(letters, digits, . _ -, not first a dot)", name);
	if (stat(paths_statedir(), &sb) != 0 || !S_ISDIR(sb.st_mode))
		return cp_fail(err, CP_BADINPUT, "no stores' directory %s: install "
		               "cpdesk first (make install), or give a path for a "
		               "store of your own", paths_statedir());
	int n = snprintf(buf, size, "%s/%s", paths_statedir(), name);
	if (n < 0 || (size_t)n >= size)
		return cp_fail(err, CP_BADINPUT, "the store path is too long");
	return CP_OK;
}

/* Where the store is: *name set (pointing into buf) when it is a shared
 * store found by its name -- the only kind a setgid run opens with the
 * stores' group (store_open_shared); a path is opened without it. */
static cp_status store_target(const session_opts *o, bool creating,
                              char *buf, size_t size, const char **name,
                              cp_error *err)
{
	const char *given = text_nonempty(o->db) ? o->db : getenv("CPDESK_DB");
	*name = NULL;
	if (text_nonempty(given) && !strchr(given, '/')) {
		if (shared_named(given, buf, size)) {
			*name = strrchr(buf, '/') + 1;
			return CP_OK;
		}
		/* Where shared stores are the norm a name means one: a typo must
		 * not open (or make) a store of one's own in the current
		 * directory.  Root makes a shared store by its name. */
		if (priv_started() || getuid() == 0)
			return creating && getuid() == 0
			       ? new_shared(given, buf, size, err)
			       : cp_fail(err, CP_BADINPUT, "no shared store named "
			                 "'%s' in %s: check the name (your QA "
			                 "administrator knows it), or give a path "
			                 "(./%s) for a store of your own", given,
			                 paths_statedir(), given);
	}
	if (!text_nonempty(given) && priv_started()) {
		CP_TRY(only_shared(buf, size, err));
		if (buf[0]) {
			*name = strrchr(buf, '/') + 1;
			return CP_OK;
		}
	}
	CP_TRY(store_default_path(given, buf, size, err));
	/* A new account's data home may not be there yet: the XDG Base
	 * Directory spec says to make it, 0700.  Only for the default store:
	 * a path given by hand is taken as written. */
	if (creating && !text_nonempty(given))
		CP_TRY(paths_make_parents(buf, err));
	return CP_OK;
}

cp_status session_store_dir(const session_opts *o, char *buf, size_t size,
                            cp_error *err)
{
	const char *name;
	return store_target(o, false, buf, size, &name, err);
}

/* Open the store: a shared one by name, holding the group only for
 * that; the group is given up as soon as it is open, before anything
 * else (bank holidays, policy) is read. */
static cp_status open_store(const session_opts *o, char *dir, size_t size,
                            store **s, cp_error *err)
{
	const char *name;
	CP_TRY(store_target(o, false, dir, size, &name, err));
	if (!name)
		CP_TRY(priv_drop(err));
	CP_TRY(name ? store_open_shared(name, NULL, s, err)
	            : store_open(dir, NULL, s, err));
	cp_status st = priv_drop(err);
	if (st != CP_OK) {
		store_close(*s);
		*s = NULL;
	}
	return st;
}

/* The bank-holiday file: the one given, else the shipped data. */
static cp_status holidays_of(const session_opts *o, char *buf, size_t size,
                             cp_error *err)
{
	if (!text_nonempty(o->holidays))
		return paths_holidays(buf, size, err);
	if (strlen(o->holidays) >= size)
		return cp_fail(err, CP_BADINPUT, "the bank-holiday path is too long");
	memcpy(buf, o->holidays, strlen(o->holidays) + 1);
	return CP_OK;
}

cp_status session_open(casework *cw, const session_opts *o, cp_error *err)
{
	char dir[PATH_MAX], hol[PATH_MAX];
	store *s = NULL;
	memset(cw, 0, sizeof *cw);
	CP_TRY(session_check_actor(o, err));
	CP_TRY(holidays_of(o, hol, sizeof hol, err));
	CP_TRY(open_store(o, dir, sizeof dir, &s, err));
	CP_TRY(casework_open_store(cw, s, hol, session_actor(o), err));
	permit_login in = { .unix_login = o->unix_login, .root = o->root,
	                    .as = o->as, .store_dir = dir };
	cp_status st = permit_open(cw->st, cw->pol, &in, &cw->pm, err);
	if (st != CP_OK) {
		casework_close(cw);
		return st;
	}
	cw->actor = permit_actor(cw->pm);
	return CP_OK;
}

cp_status session_open_for(casework *cw, const session_opts *o,
                           access_action act, cp_error *err)
{
	CP_TRY(session_open(cw, o, err));
	cp_status st = permit_may(cw->pm, act, err);
	if (st != CP_OK)
		casework_close(cw);
	return st;
}

void session_close(casework *cw)
{
	casework_close(cw);
}

cp_status session_init(const session_opts *o, const char *policy_path,
                       char *dir, size_t dir_size, cp_error *err)
{
	const char *name;
	CP_TRY(session_check_actor(o, err));
	/* A shared store is made by its path (casework_init refuses one
	 * that holds a store already). */
	CP_TRY(store_target(o, true, dir, dir_size, &name, err));
	/* The policy file is the user's to choose: read it without the
	 * stores' group.  Only root makes a shared store (its directory is
	 * not the group's to write). */
	CP_TRY(priv_drop(err));
	/* The Unix user who creates the store is its administrator (with
	 * root), whatever --as says: see permit.h. */
	store_open_opts so = { .login = o->unix_login };
	return casework_init(dir, policy_path, session_actor(o), &so, err);
}

cp_status session_changed(casework *cw, uint64_t *counter, bool *changed,
                          cp_error *err)
{
	uint64_t now = 0;
	CP_TRY(store_change_counter(cw->st, &now, err));
	*changed = now != *counter;
	*counter = now;
	return CP_OK;
}

cp_status session_check_store(const session_opts *o, cp_date today,
                              size_t *nmeetings, cp_error *err)
{
	casework cw;
	/* Only those who may take a copy may have every record read. */
	CP_TRY(session_open_for(&cw, o, ACCESS_BACKUP, err));
	/* the steps a switch skipped are due before today (casework.h) */
	cw.dated = true;
	cw.today = today;
	cp_status st = store_check_consistency(cw.st, err);
	/* Then every meeting against its policy timeline. */
	if (st == CP_OK)
		st = casework_check_meetings(&cw, nmeetings, err);
	casework_close(&cw);
	return st;
}

cp_status session_backup(casework *cw, const char *dir, cp_error *err)
{
	CP_TRY(permit_may(cw->pm, ACCESS_BACKUP, err));
	return store_backup(cw->st, dir, err);
}

/* The backup at dir, opened as a store of one's own (a path: a name
 * would be a shared store) and checked as check-store checks one: one
 * that does not open or check out is CP_BADINPUT, not a backup to use. */
static cp_status open_backup(casework *cw, const session_opts *o,
                             const char *dir, cp_date today, size_t *nm,
                             cp_error *err)
{
	session_opts bo = *o;
	bo.db = dir;
	if (!text_nonempty(dir) || !strchr(dir, '/'))
		return cp_fail(err, CP_BADINPUT, "give the backup as a path "
		               "(./%s or /DIR/%s), not a store's name",
		               text_or_empty(dir), text_or_empty(dir));
	cp_status st = session_open_for(cw, &bo, ACCESS_BACKUP, err);
	if (st == CP_OK) {
		cw->dated = true;
		cw->today = today;
		st = store_check_consistency(cw->st, err);
		if (st == CP_OK)
			st = casework_check_meetings(cw, nm, err);
		if (st != CP_OK)
			casework_close(cw);
	}
	if (st == CP_FAILED) {
		cp_error_prefix(err, "%s is not a whole, consistent backup: ", dir);
		st = CP_BADINPUT;
	}
	return st;
}

cp_status session_verify_backup(const session_opts *o, cp_date today,
                                const char *dir, size_t *nmeetings,
                                cp_error *err)
{
	casework cw;
	CP_TRY(open_backup(&cw, o, dir, today, nmeetings, err));
	casework_close(&cw);
	return CP_OK;
}

cp_status session_restore(const session_opts *o, cp_date today,
                          const char *backup, char *dir, size_t dsize,
                          char *aside, size_t asize, cp_error *err)
{
	const char *name;
	struct stat a, b;
	casework cw;
	size_t nm = 0;
	CP_TRY(store_target(o, false, dir, dsize, &name, err));
	/* A shared store is root's to administer (permit.h); one's own is
	 * its owner's, which store_restore checks as an open does. */
	if (name && !o->root)
		return cp_fail(err, CP_REFUSED, "restore: only root restores the "
		               "shared store %s: sudo cpdesk --db %s restore %s",
		               dir, name, text_or_empty(backup));
	CP_TRY(priv_drop(err));
	/* Said before the backup is read (store_restore checks it again on
	 * the directory it opens). */
	if (!name && !o->root && stat(dir, &b) == 0 && b.st_uid != getuid())
		return cp_fail(err, CP_REFUSED, "restore: store %s is not yours: "
		               "a store of one's own is restored by its owner, a "
		               "shared one by root", dir);
	if (text_nonempty(backup) && stat(backup, &a) == 0 &&
	    stat(dir, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return cp_fail(err, CP_BADINPUT, "restore: %s is the store itself, "
		               "not a backup of it", backup);
	CP_TRY(open_backup(&cw, o, backup, today, &nm, err));
	cp_status st = store_restore(cw.st, dir, name, aside, asize, err);
	casework_close(&cw);
	return st;
}

/* session.c - opening a store as the acting worker (session.h). */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
 * than one must be named. */
static cp_status only_shared(char *buf, size_t size, cp_error *err)
{
	char names[512] = "", first[NAME_MAX + 1] = "";
	size_t count = 0, used = 0;
	DIR *d = opendir(paths_statedir());
	struct dirent *e;
	buf[0] = '\0';
	while (d && (e = readdir(d))) {
		char p[PATH_MAX];
		if (!shared_named(e->d_name, p, sizeof p))
			continue;
		if (!count++)
			snprintf(first, sizeof first, "%s", e->d_name);
		if (used < sizeof names)
			used += (size_t)snprintf(names + used, sizeof names - used,
			                         "%s%s", used ? ", " : "", e->d_name);
	}
	if (d)
		closedir(d);
	if (count > 1)
		return cp_fail(err, CP_BADINPUT, "%zu stores in %s (%s): say which "
		               "with --db NAME", count, paths_statedir(), names);
	if (count == 1 && !shared_named(first, buf, size))
		buf[0] = '\0';
	return CP_OK;
}

cp_status session_store_dir(const session_opts *o, char *buf, size_t size,
                            cp_error *err)
{
	const char *given = text_nonempty(o->db) ? o->db : getenv("CPDESK_DB");
	if (text_nonempty(given) && shared_named(given, buf, size))
		return CP_OK;
	if (!text_nonempty(given) && priv_started()) {
		CP_TRY(only_shared(buf, size, err));
		if (buf[0])
			return CP_OK;
	}
	return store_default_path(given, buf, size, err);
}

/* A setgid run keeps the stores' group to open a shared store and gives
 * it up at once after; a store of the user's own is opened without it. */
static cp_status drop_unless_shared(const char *dir, cp_error *err)
{
	return store_is_shared_dir(dir) ? CP_OK : priv_drop(err);
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
	memset(cw, 0, sizeof *cw);
	CP_TRY(session_check_actor(o, err));
	CP_TRY(session_store_dir(o, dir, sizeof dir, err));
	CP_TRY(holidays_of(o, hol, sizeof hol, err));
	CP_TRY(drop_unless_shared(dir, err));
	CP_TRY(casework_open(cw, dir, hol, session_actor(o), err));
	cp_status st = priv_drop(err);
	if (st != CP_OK) {
		casework_close(cw);
		return st;
	}
	permit_login in = { .unix_login = o->unix_login, .root = o->root,
	                    .as = o->as, .store_dir = dir };
	st = permit_open(cw->st, cw->pol, &in, &cw->pm, err);
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
	CP_TRY(session_check_actor(o, err));
	CP_TRY(session_store_dir(o, dir, dir_size, err));
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

cp_status session_check_store(const session_opts *o, size_t *nmeetings,
                              cp_error *err)
{
	char dir[PATH_MAX], hol[PATH_MAX];
	store *s = NULL;
	CP_TRY(session_store_dir(o, dir, sizeof dir, err));
	CP_TRY(holidays_of(o, hol, sizeof hol, err));
	CP_TRY(drop_unless_shared(dir, err));
	CP_TRY(store_open(dir, NULL, &s, err));
	cp_status st = priv_drop(err);
	if (st == CP_OK)
		st = store_check_consistency(s, err);
	if (st != CP_OK) {
		store_close(s);
		return st;
	}
	/* Then every meeting against its policy timeline. */
	casework cw;
	CP_TRY(casework_open_store(&cw, s, hol, NULL, err));
	st = casework_check_meetings(&cw, nmeetings, err);
	casework_close(&cw);
	return st;
}

cp_status session_backup(casework *cw, const char *dir, cp_error *err)
{
	CP_TRY(permit_may(cw->pm, ACCESS_BACKUP, err));
	return store_backup(cw->st, dir, err);
}

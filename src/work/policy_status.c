/* policy_status.c - the policy in force and its files on disk, checking a
 * policy file for a switch, the shipped policies' directory, and putting
 * a newly stored policy into an open casework (policy_status.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "permit.h"
#include "policy_status.h"

const char *policy_disk_name(policy_disk d)
{
	switch (d) {
	case PDISK_MATCHES: return "matches";
	case PDISK_CHANGED: return "changed on disk";
	case PDISK_MISSING: return "missing";
	case PDISK_UNREADABLE: return "unreadable";
	case PDISK_NOT_REGULAR: return "not a regular file";
	}
	return "?";
}

/* The stored path is read as it was resolved when stored: a FIFO, device
 * or symbolic link put in its place is reported, never read or waited
 * on (policy_read_stored). */
policy_disk policy_disk_state(const cp_policy_file *f)
{
	if (!f->path || access(f->path, F_OK) != 0)
		return PDISK_MISSING;
	char *text;
	size_t len;
	cp_error e;
	bool regular = true;
	if (policy_read_stored(f->path, &text, &len, &regular, &e) != CP_OK)
		return regular ? PDISK_UNREADABLE : PDISK_NOT_REGULAR;
	bool same = len == f->len && model_hash(text, len) == f->hash &&
	            !memcmp(text, f->text, len);
	free(text);
	return same ? PDISK_MATCHES : PDISK_CHANGED;
}

void policy_status_free(policy_status *ps)
{
	if (!ps)
		return;
	store_policy_info_free(&ps->info);
	free(ps->disk);
	memset(ps, 0, sizeof *ps);
}

cp_status policy_status_get(casework *cw, policy_status *out, cp_error *err)
{
	memset(out, 0, sizeof *out);
	store_txn *t;
	cp_status st = store_read_begin(cw->st, &t, err);
	if (st != CP_OK)
		return st;
	st = store_policy_get(t, &out->info, err);
	store_read_end(t);
	if (st != CP_OK)
		return st;
	/* the disk is read with no transaction open */
	out->disk = calloc(out->info.nfiles ? out->info.nfiles : 1,
	                   sizeof *out->disk);
	if (!out->disk) {
		policy_status_free(out);
		return cp_oom(err);
	}
	out->all_match = true;
	for (size_t i = 0; i < out->info.nfiles; i++) {
		out->disk[i] = policy_disk_state(&out->info.files[i]);
		if (out->disk[i] != PDISK_MATCHES)
			out->all_match = false;
	}
	return CP_OK;
}

cp_status policy_status_load_file(casework *cw, const char *path,
                                  cw_policy_src *src, policy_cal *cc,
                                  cp_error *err)
{
	cp_status st = casework_policy_read(path, src, err);
	if (st != CP_OK)
		return st;
	/* The store's own holidays for its division; another division's
	 * from the file the session trusts (paths.h), never the user's. */
	holiday_file *kept = cw ? casework_kept_holidays(cw, src->pol->division)
	                        : NULL;
	st = policy_cal_check(cc, cw ? cw->own_holidays_path : NULL, src->pol,
	                      kept, err);
	if (st != CP_OK)
		casework_policy_src_free(src);
	return st;
}

static bool is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

cp_status policy_status_dir(char *buf, size_t size, cp_error *err)
{
	/* the shipped data directory is where bank-holidays.json is found */
	char data[PATH_MAX];
	cp_status st = paths_data("bank-holidays.json", data, sizeof data,
	                             err);
	if (st != CP_OK)
		return st;
	char *slash = strrchr(data, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(data, sizeof data, ".");
	static const char *const subs[] = { "/policies", "/../policies" };
	char tried[2 * PATH_MAX + 8] = "";
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
		char path[PATH_MAX];
		int n = snprintf(path, sizeof path, "%s%s", data, subs[i]);
		if (n < 0 || (size_t)n >= sizeof path)
			continue;
		size_t used = strlen(tried);
		snprintf(tried + used, sizeof tried - used, "%s%s",
		         used ? ", " : "", path);
		if (!is_dir(path))
			continue;
		/* /x/build/../data/../policies reads better resolved */
		char real[PATH_MAX];
		const char *show = realpath(path, real) ? real : path;
		if (strlen(show) >= size)
			return cp_fail(err, CP_FAILED, "policies directory path too "
			               "long: %s", show);
		snprintf(buf, size, "%s", show);
		return CP_OK;
	}
	return cp_fail(err, CP_FAILED, "no policies directory: tried %s (set "
	               "CPDESK_DATADIR to a directory that holds "
	               "bank-holidays.json and policies/)", tried);
}

static void stamp_of(const store_policy_info *pi, policy_stamp *out)
{
	memset(out, 0, sizeof *out);
	out->known = true;
	out->hash = pi->nfiles ? pi->files[0].hash : 0;
	out->set_at = pi->set_at;
	out->nfiles = pi->nfiles;
}

cp_status policy_status_stamp(casework *cw, policy_stamp *out, cp_error *err)
{
	memset(out, 0, sizeof *out);
	store_txn *t;
	store_policy_info pi;
	cp_status st = store_read_begin(cw->st, &t, err);
	if (st != CP_OK)
		return st;
	st = store_policy_get(t, &pi, err);
	store_read_end(t);
	if (st != CP_OK)
		return st;
	stamp_of(&pi, out);
	store_policy_info_free(&pi);
	return CP_OK;
}

bool policy_stamp_same(const policy_stamp *a, const policy_stamp *b)
{
	return a->known == b->known && a->hash == b->hash &&
	       a->set_at == b->set_at && a->nfiles == b->nfiles;
}

cp_status policy_status_reload(casework *cw, policy_stamp *loaded,
                               cp_error *err)
{
	if (!cw->own_pol || !cw->own_hf || !cw->own_cal ||
	    !cw->own_holidays_path)
		return cp_fail(err, CP_BADINPUT, "policy reload: the casework was "
		               "not opened by casework_open");
	/* The stamp first: a switch between the two reads is seen as a
	 * change at the next poll and loaded again, never missed. */
	policy_stamp stamp;
	policy *np = NULL;
	closure *cl = NULL;
	calendar *cal = NULL;
	holiday_file *hf = NULL;   /* when the new policy's division is new */
	cp_status st = policy_status_stamp(cw, &stamp, err);
	if (st == CP_OK)
		st = store_policy_load(cw->st, &np, err);
	if (st != CP_OK)
		return st;
	if (!holidays_division(cw->own_hf, np->division))
		st = casework_load_holidays(cw->st, cw->own_holidays_path,
		                            np->division, &hf, err);
	if (st == CP_OK && ((np->nclosures && !(cl = policy_closures(np))) ||
	                    !(cal = calloc(1, sizeof *cal))))
		st = cp_oom(err);
	if (st == CP_OK)
		st = calendar_init(cal, hf ? hf : cw->own_hf, np->division, cl,
		                   np->nclosures, err);
	if (st != CP_OK) {
		free(cal);
		free(cl);
		holidays_free(hf);
		policy_free(np);
		return st;
	}
	calendar_fini(cw->own_cal);
	free(cw->own_cal);
	free(cw->own_closures);
	policy_free(cw->own_pol);
	if (hf) {   /* the old calendar, which pointed into it, is gone */
		holidays_free(cw->own_hf);
		cw->own_hf = hf;
	}
	cw->own_pol = np;
	cw->own_closures = cl;
	cw->own_cal = cal;
	cw->pol = np;
	cw->cal = cal;
	if (cw->pm)   /* the new policy's permissions from now on */
		permit_set_rules(cw->pm, &np->access);
	if (loaded)
		*loaded = stamp;
	return CP_OK;
}

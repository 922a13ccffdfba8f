/* ui_policy.c - Policy: the store's policy for those who may switch it.
 *
 * Top: the policy in force, when and by whom it was set and why, and
 * whether its files on disk still match the stored copy (what `policy
 * show` prints: policy_status.h).  Then every *.yaml in the policies
 * directory (policy_status_dir), each read with the strict loader and
 * its calendar built as `policy check` does: OK, or the first error
 * (FILE:LINE:COL: message).  The files are re-checked only when one of
 * them changed on disk.
 *
 * Enter on a good file previews the switch against the store's open
 * tasks (casework_policy_diff: writes nothing): counts moved / added /
 * dropped per meeting type and per team, then the changes, scrollable.
 * u asks for a reason and confirms with the counts; y switches
 * (casework_policy_use, one audited transaction).  A file that fails its
 * checks, or whose diff is refused, cannot be previewed or used.
 *
 * Everything from the files and the store is sanitised (ui_copy, and
 * ui_put again when drawn). */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "permit.h"
#include "policy_cal.h"
#include "policy_status.h"
#include "query.h"
#include "ui_common.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_keys.h"
#include "ui_layout.h"
#include "ui_theme.h"
#include "ui_view.h"
#include "vec.h"

#define PV_FILES_MAX 200     /* policy files listed at most */
#define PV_ROWS_MAX 500      /* change rows kept for the preview */
#define PV_TALLY_MAX 64      /* meeting types / teams counted apart */
#define PV_NAME 256

typedef struct pv_stat {
	dev_t dev;
	ino_t ino;
	off_t size;
	time_t mtime;
	long mtime_ns;
} pv_stat;

typedef struct pv_file {
	char name[PV_NAME];          /* as on disk */
	char label[PV_NAME];         /* the same, sanitised, for the screen */
	char path[PATH_MAX];
	pv_stat st;
	bool ok;
	char id[64];
	char title[UI_TEXT];
	char about[UI_TEXT * 2];     /* chain, counts, bank holidays */
	char error[sizeof(cp_error)];/* the first error, sanitised */
	uint64_t hash;               /* the root file's */
} pv_file;

typedef struct pv_change {
	int kind;                    /* cw_change_kind */
	uint64_t meeting_id;
	char type[16];               /* short, "ICPC" */
	char child_id[MODEL_ID_MAX + 1];
	char meeting[48];            /* "ICPC 05-17" */
	char child[UI_NAME];
	char step[64];
	cp_date from, to;
} pv_change;

typedef struct pv_tally {
	char key[UI_NAME];
	size_t n[3];                 /* moved, added, dropped */
} pv_tally;

typedef struct policy_view {
	ui_view base;
	/* in force */
	char set_at[CP_MOMENT_STRLEN], set_by[UI_NAME + MODEL_ID_MAX + 8], reason[UI_TEXT],
	     disk[UI_TEXT];
	bool disk_ok;
	uint64_t hash;               /* the stored root file's */
	/* the directory */
	char dir[PATH_MAX];
	char dir_error[sizeof(cp_error)];
	pv_file *files;
	size_t nfiles;
	bool more_files;
	ui_list list;
	/* the file previewed (Enter) or being switched to (u) */
	bool opened;
	char open_name[PV_NAME];     /* the file's name on disk */
	char open_label[PV_NAME];    /* sanitised */
	bool loaded;
	pv_stat loaded_st;
	cw_policy_src src;
	policy_cal cc;
	char open_error[sizeof(cp_error)];   /* load or diff failed */
	bool have_diff;
	size_t meetings, tot[3], nchanges;
	size_t skipped;              /* steps due before today: not added */
	size_t history;              /* meetings held or past: left alone */
	cw_undo back;                /* back.undoable: u undoes switch back.id */
	pv_tally types[PV_TALLY_MAX], teams[PV_TALLY_MAX];
	size_t ntypes, nteams;
	pv_change *rows;
	size_t nrows;
	size_t top;                  /* preview scroll */
	/* what the confirmation page showed, checked again on y */
	uint64_t confirm_hash;
} policy_view;

/* The policy's switch-policy roles, and the store's administrators. */
static bool policy_view_allowed(ui_app *a)
{
	return permit_allows(a->cw.pm, ACCESS_SWITCH_POLICY);
}

/* ---- the files ------------------------------------------------------------ */

static void stat_of(const struct stat *sb, pv_stat *out)
{
	memset(out, 0, sizeof *out);
	out->dev = sb->st_dev;
	out->ino = sb->st_ino;
	out->size = sb->st_size;
	out->mtime = sb->st_mtim.tv_sec;
	out->mtime_ns = sb->st_mtim.tv_nsec;
}

static bool stat_same(const pv_stat *x, const pv_stat *y)
{
	return x->dev == y->dev && x->ino == y->ino && x->size == y->size &&
	       x->mtime == y->mtime && x->mtime_ns == y->mtime_ns;
}

/* Messages name files by path: within the directory, by name alone. */
static void strip_dir(const char *dir, const char *msg, char *out,
                      size_t size)
{
	char buf[sizeof(cp_error) * 2];
	size_t dl = strlen(dir), n = 0;
	for (const char *p = msg; *p && n + 1 < sizeof buf;) {
		if (dl && !strncmp(p, dir, dl) && p[dl] == '/') {
			p += dl + 1;
			continue;
		}
		buf[n++] = *p++;
	}
	buf[n] = '\0';
	ui_copy(out, size, buf);
}

/* Load and check one file as `policy check` does; keep what the list
 * shows, not the policy. */
static void check_file(casework *cw, const char *dir, pv_file *f)
{
	cw_policy_src src;
	policy_cal cc;
	cp_error err = { "" };
	if (policy_status_load_file(cw, f->path, &src, &cc, &err) != CP_OK) {
		f->ok = false;
		strip_dir(dir, err.msg[0] ? err.msg : "cannot be read", f->error,
		          sizeof f->error);
		return;
	}
	f->ok = true;
	ui_copy(f->id, sizeof f->id, src.pol->id);
	ui_copy(f->title, sizeof f->title, src.pol->title);
	char chain[UI_TEXT];
	strip_dir(dir, src.pol->chain ? src.pol->chain : "", chain, sizeof chain);
	const holiday_division *hd = cc.cal.hd;
	char about[UI_TEXT * 2];
	snprintf(about, sizeof about, "%s; %zu meeting types, %zu steps, %zu "
	         "cadence rules; bank holidays %s %d-%d", chain,
	         src.pol->nmeetings, policy_step_count(src.pol), src.pol->ncadence,
	         src.pol->division ? src.pol->division : "?",
	         hd ? hd->first_year : 0, hd ? hd->last_year : 0);
	ui_copy(f->about, sizeof f->about, about);
	f->hash = src.nfiles ? src.files[0].hash : 0;
	policy_cal_close(&cc);
	casework_policy_src_free(&src);
}

static int by_name(const void *x, const void *y)
{
	return strcmp(((const pv_file *)x)->name, ((const pv_file *)y)->name);
}

static bool is_policy_name(const char *n)
{
	size_t len = strlen(n);
	if (n[0] == '.' || len >= PV_NAME)
		return false;
	return (len > 5 && !strcmp(n + len - 5, ".yaml")) ||
	       (len > 4 && !strcmp(n + len - 4, ".yml"));
}

/* The *.yaml regular files of dir (a FIFO would block the loader), by
 * name, PV_FILES_MAX at most (*more when there are others); not yet
 * checked.  NULL when there are none. */
static pv_file *list_dir(DIR *d, const char *dir, size_t *n, bool *more)
{
	pv_file *nf = NULL;
	struct dirent *e;
	*n = 0;
	*more = false;
	while ((e = readdir(d))) {
		if (!is_policy_name(e->d_name))
			continue;
		if (*n >= PV_FILES_MAX) {
			*more = true;
			break;
		}
		char path[PATH_MAX];
		struct stat sb;
		int len = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (len < 0 || (size_t)len >= sizeof path || stat(path, &sb) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		pv_file *f = vec_push_zeroed((void **)&nf, *n, sizeof *nf);
		if (!f)
			break;
		(*n)++;
		snprintf(f->name, sizeof f->name, "%s", e->d_name);
		ui_copy(f->label, sizeof f->label, e->d_name);
		memcpy(f->path, path, (size_t)len + 1);
		stat_of(&sb, &f->st);
	}
	if (*n > 1)
		qsort(nf, *n, sizeof *nf, by_name);
	return nf;
}

/* List the directory; re-check every file when any of them changed (a
 * file's extends: parent may be the one that did). */
static void load_files(policy_view *v, casework *cw)
{
	cp_error err = { "" };
	v->dir_error[0] = '\0';
	if (policy_status_dir(v->dir, sizeof v->dir, &err) != CP_OK) {
		ui_copy(v->dir_error, sizeof v->dir_error, err.msg);
		free(v->files);
		v->files = NULL;
		v->nfiles = v->list.n = 0;
		return;
	}
	DIR *d = opendir(v->dir);
	if (!d) {
		snprintf(v->dir_error, sizeof v->dir_error, "cannot list %.900s",
		         v->dir);
		return;
	}
	size_t n;
	bool more;
	pv_file *nf = list_dir(d, v->dir, &n, &more);
	closedir(d);
	bool same = n == v->nfiles && v->files;
	for (size_t i = 0; same && i < n; i++)
		same = !strcmp(nf[i].name, v->files[i].name) &&
		       stat_same(&nf[i].st, &v->files[i].st);
	if (same) {
		free(nf);
		return;
	}
	/* keep the cursor on the same file */
	char keep[PV_NAME] = "";
	if (v->list.sel < v->nfiles)
		snprintf(keep, sizeof keep, "%s", v->files[v->list.sel].name);
	for (size_t i = 0; i < n; i++)
		check_file(cw, v->dir, &nf[i]);
	free(v->files);
	v->files = nf;
	v->nfiles = v->list.n = n;
	v->more_files = more;
	for (size_t i = 0; keep[0] && i < n; i++)
		if (!strcmp(nf[i].name, keep))
			v->list.sel = i;
	ui_list_fix(&v->list, 0, NULL, NULL);
}

static const pv_file *find_file(const policy_view *v,
                                const char *name)
{
	for (size_t i = 0; i < v->nfiles; i++)
		if (!strcmp(v->files[i].name, name))
			return &v->files[i];
	return NULL;
}

/* ---- the policy in force ---------------------------------------------------- */

static void load_in_force(ui_app *a, policy_view *v)
{
	policy_status ps;
	cp_error err = { "" };
	v->set_at[0] = v->set_by[0] = v->reason[0] = '\0';
	if (policy_status_get(&a->cw, &ps, &err) != CP_OK) {
		ui_copy(v->disk, sizeof v->disk, err.msg);
		v->disk_ok = false;
		v->hash = 0;
		policy_status_free(&ps);
		return;
	}
	date_moment_format(ps.info.set_at, v->set_at);
	ui_copy(v->reason, sizeof v->reason, ps.info.reason ? ps.info.reason :
	        "");
	const char *who = ps.info.set_by ? ps.info.set_by : "";
	char *by = NULL;
	if (query_worker_names(&a->cw, &who, 1, &by, &err) == CP_OK) {
		char login[MODEL_ID_MAX + 1];
		ui_copy(login, sizeof login, who);
		if (strcmp(by, login) && login[0])
			snprintf(v->set_by, sizeof v->set_by, "%s (%s)", by, login);
		else
			snprintf(v->set_by, sizeof v->set_by, "%s", ui_or_none(by));
		free(by);
	}
	v->hash = ps.info.nfiles ? ps.info.files[0].hash : 0;
	v->disk_ok = ps.all_match;
	/* by base name: the paths are in `cpdesk policy show` */
	char buf[UI_TEXT * 2];
	snprintf(buf, sizeof buf, "%s", ps.all_match ? "all match (" : "");
	for (size_t i = 0, k = 0; i < ps.info.nfiles; i++) {
		if (!ps.all_match && ps.disk[i] == PDISK_MATCHES)
			continue;
		const char *name = ps.info.files[i].name ? ps.info.files[i].name : "";
		const char *slash = strrchr(name, '/');
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "%s%s%s%s", k++ ? ", " : "",
		         slash ? slash + 1 : name, ps.all_match ? "" : " ",
		         ps.all_match ? "" : policy_disk_name(ps.disk[i]));
	}
	size_t len = strlen(buf);
	snprintf(buf + len, sizeof buf - len, "%s", ps.all_match ? ")" :
	         " (the store works from its stored copy)");
	ui_copy(v->disk, sizeof v->disk, buf);
	policy_status_free(&ps);
}

/* ---- the preview ------------------------------------------------------------ */

static void unload(policy_view *v)
{
	if (v->loaded) {
		policy_cal_close(&v->cc);
		casework_policy_src_free(&v->src);
	}
	v->loaded = false;
	free(v->rows);
	v->rows = NULL;
	v->nrows = v->nchanges = v->ntypes = v->nteams = 0;
	v->have_diff = false;
	v->open_error[0] = '\0';
	memset(v->tot, 0, sizeof v->tot);
	v->meetings = v->skipped = v->history = 0;
}

static void tally(pv_tally *t, size_t *n, const char *key, int kind)
{
	if (kind < CW_MOVED || kind > CW_DROPPED)
		return;
	char clean[UI_NAME];
	ui_copy(clean, sizeof clean, key && *key ? key : "(no team)");
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(t[i].key, clean)) {
			t[i].n[kind]++;
			return;
		}
	if (*n >= PV_TALLY_MAX)
		return;
	memset(&t[*n], 0, sizeof t[*n]);
	snprintf(t[*n].key, sizeof t[*n].key, "%s", clean);
	t[(*n)++].n[kind] = 1;
}

/* The rows' meetings and children, each once where rows run together
 * (the diff comes by meeting). */
typedef struct pv_names {
	uint64_t *mids;
	cp_date *dates;
	const char **cids;
	char **names;
	size_t nm, nc;
} pv_names;

static void names_free(pv_names *p)
{
	for (size_t i = 0; p->names && i < p->nc; i++)
		free(p->names[i]);
	free(p->mids);
	free(p->dates);
	free(p->cids);
	free(p->names);
}

static bool names_read(ui_app *a, const policy_view *v, pv_names *p)
{
	size_t n = v->nrows ? v->nrows : 1;
	cp_error err;
	memset(p, 0, sizeof *p);
	if (!(p->mids = calloc(n, sizeof *p->mids)) ||
	    !(p->dates = calloc(n, sizeof *p->dates)) ||
	    !(p->cids = calloc(n, sizeof *p->cids)) ||
	    !(p->names = calloc(n, sizeof *p->names)))
		return false;
	for (size_t i = 0; i < v->nrows; i++) {
		const pv_change *r = &v->rows[i];
		if (!p->nm || p->mids[p->nm - 1] != r->meeting_id)
			p->mids[p->nm++] = r->meeting_id;
		if (!p->nc || strcmp(p->cids[p->nc - 1], r->child_id))
			p->cids[p->nc++] = r->child_id;
	}
	/* the children's names on the record before they are shown */
	return query_meeting_dates(&a->cw, p->mids, p->nm, p->dates, &err) ==
	       CP_OK && query_child_names(&a->cw, p->cids, p->nc,
	                                  "console: policy preview", p->names,
	                                  &err) == CP_OK;
}

/* Names for the rows kept: the child's (else its id) and the meeting's
 * day. */
static void name_rows(ui_app *a, policy_view *v)
{
	pv_names p;
	bool ok = names_read(a, v, &p);
	for (size_t i = 0, im = 0, ic = 0; i < v->nrows; i++) {
		pv_change *r = &v->rows[i];
		char date[CP_DATE_STRLEN] = "";
		if (i && r->meeting_id != v->rows[i - 1].meeting_id)
			im++;
		if (i && strcmp(r->child_id, v->rows[i - 1].child_id))
			ic++;
		if (ok && p.dates[im] != CP_DATE_NONE)
			date_format(p.dates[im], date);
		snprintf(r->meeting, sizeof r->meeting, "%s %s", r->type,
		         date[0] ? date + 5 : "");
		ui_copy(r->child, sizeof r->child, ok ? p.names[ic] : r->child_id);
	}
	names_free(&p);
}

/* One change of the diff (streamed: cw_change_fn): counted, and kept
 * as a row while there is room for it. */
static cp_status take_change(void *ctx, const cw_policy_diff *sum,
                             const cw_policy_change *c, cp_error *err)
{
	policy_view *v = ctx;
	int kind = (int)c->kind;
	char type[16];
	(void)sum;
	(void)err;
	ui_type_short(c->meeting_type, type, sizeof type);
	v->nchanges++;
	if (v->rows && v->nrows < PV_ROWS_MAX) {
		pv_change *r = &v->rows[v->nrows++];
		memset(r, 0, sizeof *r);
		r->kind = kind;
		r->meeting_id = c->meeting_id;
		snprintf(r->type, sizeof r->type, "%s", type);
		snprintf(r->child_id, sizeof r->child_id, "%s",
		         c->child_id ? c->child_id : "");
		ui_copy(r->step, sizeof r->step, c->step_id);
		r->from = c->from;
		r->to = c->to;
	}
	v->skipped += c->kind == CW_SKIPPED;
	if (kind < CW_MOVED || kind > CW_DROPPED)
		return CP_OK;
	v->tot[kind]++;
	tally(v->types, &v->ntypes, type, kind);
	tally(v->teams, &v->nteams, c->team, kind);
	return CP_OK;
}

static void compute_diff(ui_app *a, policy_view *v)
{
	free(v->rows);
	v->nrows = v->nchanges = v->ntypes = v->nteams = 0;
	memset(v->tot, 0, sizeof v->tot);
	v->meetings = v->skipped = v->history = 0;
	v->have_diff = false;
	memset(&v->back, 0, sizeof v->back);
	/* the first rows only: a national diff has hundreds of thousands */
	v->rows = calloc(PV_ROWS_MAX, sizeof *v->rows);
	cw_policy_diff d;
	cp_error err = { "" };
	if (casework_policy_diff_each(&a->cw, v->src.pol, &v->cc.cal,
	                              take_change, v, NULL, &d, &err) != CP_OK) {
		char raw[sizeof err.msg + PV_NAME + 32];
		snprintf(raw, sizeof raw, "%s: cannot switch: %s", v->open_label,
		         err.msg);
		strip_dir(v->dir, raw, v->open_error, sizeof v->open_error);
		return;
	}
	v->meetings = d.meetings;
	v->history = d.history;
	casework_policy_diff_free(&d);
	/* the file the latest switch replaced: u undoes that switch */
	if (casework_policy_undo_preview(&a->cw, &v->src, &v->back, &err) != CP_OK)
		memset(&v->back, 0, sizeof v->back);
	name_rows(a, v);
	v->have_diff = true;
}

/* Load the opened file (again when it changed on disk) and its diff. */
static void load_preview(ui_app *a, policy_view *v)
{
	const pv_file *f = find_file(v, v->open_name);
	if (!f) {
		unload(v);
		char raw[PV_NAME + PATH_MAX + 32];
		snprintf(raw, sizeof raw, "%s is no longer in %s", v->open_label,
		         v->dir);
		ui_copy(v->open_error, sizeof v->open_error, raw);
		return;
	}
	if (v->loaded && !stat_same(&v->loaded_st, &f->st))
		unload(v);
	if (!v->loaded) {
		unload(v);
		if (!f->ok) {
			snprintf(v->open_error, sizeof v->open_error, "%s", f->error);
			return;
		}
		cp_error err = { "" };
		if (policy_status_load_file(&a->cw, f->path, &v->src, &v->cc, &err) !=
		    CP_OK) {
			strip_dir(v->dir, err.msg, v->open_error,
			          sizeof v->open_error);
			return;
		}
		v->loaded = true;
		v->loaded_st = f->st;
	}
	v->open_error[0] = '\0';
	compute_diff(a, v);
}

/* ---- loading ------------------------------------------------------------------ */

static cp_status pview_load(ui_view *vv, ui_app *a, bool shown)
{
	policy_view *v = (policy_view *)vv;
	(void)shown;
	if (!policy_view_allowed(a))
		return CP_REFUSED;
	load_in_force(a, v);
	load_files(v, &a->cw);
	if (v->opened)
		load_preview(a, v);
	return CP_OK;
}

static void pview_free(ui_view *vv)
{
	policy_view *v = (policy_view *)vv;
	unload(v);
	free(v->files);
	v->files = NULL;
}

static bool pview_opened(const ui_view *vv)
{
	return ((const policy_view *)vv)->opened;
}

/* ---- drawing ---------------------------------------------------------------- */

static int draw_in_force(ui_app *a, const policy_view *v, int y,
                         int w)
{
	ui_rule(y++, 0, w, "Policy in force");
	ui_putf(y++, 1, w - 2, A_BOLD, false, "%s: %s", a->cw.pol->id,
	        a->cw.pol->title);
	/* the reason on a line of its own: after an ISO 8601 time and a
	 * name it would be cut at 80 columns */
	ui_putf(y++, 1, w - 2, A_NORMAL, false, "Set %s by %s", v->set_at,
	        v->set_by);
	ui_putf(y++, 1, w - 2, A_NORMAL, false, "Why: %s",
	        v->reason[0] ? v->reason : "-");
	ui_putf(y++, 1, w - 2, v->disk_ok ? A_NORMAL : ui_theme(TH_OVERDUE),
	        false, "Files on disk: %s", v->disk);
	return y;
}

static void draw_files(ui_app *a, policy_view *v, int y, int ymax)
{
	int w = a->cols;
	char title[PATH_MAX + 64];
	snprintf(title, sizeof title, "Policy files in %s (%zu%s)  Enter: "
	         "preview", v->dir, v->nfiles, v->more_files ? "+" : "");
	ui_rule(y++, 0, w, title);
	if (v->dir_error[0]) {
		ui_wrap(y + 1, 2, w - 4, ymax, ui_theme(TH_ERROR), v->dir_error);
		return;
	}
	if (v->nfiles == 0) {
		ui_put(y + 1, 2, w - 4, A_NORMAL, false,
		       "No *.yaml files in this directory.");
		return;
	}
	/* the list, then the selected file in full below it */
	int room = ymax - y, lh = (int)v->nfiles;
	if (lh > room - 3)
		lh = room - 3 > 1 ? room - 3 : 1;
	ui_list_fix(&v->list, (size_t)lh, NULL, NULL);
	int nw = w >= 120 ? 28 : 20;
	for (int i = 0; i < lh && v->list.top + (size_t)i < v->nfiles; i++) {
		size_t r = v->list.top + (size_t)i;
		const pv_file *f = &v->files[r];
		bool sel = r == v->list.sel;
		bool in_force = f->ok && v->hash && f->hash == v->hash;
		int yy = y + i;
		attr_t at = sel ? ui_selected_at(yy, 0) : A_NORMAL;
		ui_put(yy, 0, w, at, true, in_force ? "*" : "");
		ui_put(yy, 1, nw, at, true, f->label);
		if (f->ok) {
			ui_put(yy, 2 + nw, 6, at | A_BOLD, true, "OK");
			ui_putf(yy, 8 + nw, w - 9 - nw, at, true, "%s: %s%s", f->id,
			        f->title, in_force ? " (in force)" : "");
		} else {
			ui_put(yy, 2 + nw, 6, sel ? at : ui_theme(TH_OVERDUE), true,
			       "ERROR");
			ui_put(yy, 8 + nw, w - 9 - nw, at, true, f->error);
		}
	}
	int dy = y + lh;
	const pv_file *s = v->list.sel < v->nfiles ? &v->files[v->list.sel] : NULL;
	if (!s || dy >= ymax)
		return;
	ui_rule(dy++, 0, w, s->label);
	if (s->ok) {
		char text[UI_TEXT * 3];
		snprintf(text, sizeof text, "%s. Enter: preview the switch; %s: "
		         "switch to it.", s->about,
		         ui_keys_name(KCTX_WORK, ACT_POLICY_USE));
		ui_wrap(dy, 1, w - 2, ymax, A_NORMAL, text);
	} else {
		char text[sizeof s->error + 64];
		snprintf(text, sizeof text, "Fails its checks, cannot be previewed "
		         "or used: %s", s->error);
		ui_wrap(dy, 1, w - 2, ymax, ui_theme(TH_ERROR), text);
	}
}

/* The preview as lines: summary, tallies, then one line a change. */
static size_t preview_lines(const policy_view *v)
{
	size_t n = 1 + 1 + 1 + v->ntypes + 1 + v->nteams + 1 + v->nrows;
	if (v->nchanges > v->nrows)
		n++;
	if (v->nchanges == 0)
		n++;
	return n;
}

static void tally_text(const pv_tally *t, char *buf, size_t size)
{
	snprintf(buf, size, "  %-24s moved %zu, added %zu, dropped %zu", t->key,
	         t->n[CW_MOVED], t->n[CW_ADDED], t->n[CW_DROPPED]);
}

static void change_line(const pv_change *r, int w, int y, int x)
{
	const char *kind = r->kind == CW_MOVED ? "moved" :
	                   r->kind == CW_ADDED ? "added" :
	                   r->kind == CW_DROPPED ? "dropped" :
	                   r->kind == CW_SKIPPED ? "skipped" : "other";
	char from[CP_DATE_STRLEN] = "(none)", to[CP_DATE_STRLEN] = "(none)";
	if (r->from != CP_DATE_NONE)
		date_format(r->from, from);
	if (r->to != CP_DATE_NONE)
		date_format(r->to, to);
	if (r->kind == CW_DROPPED)
		snprintf(to, sizeof to, "cancelled");
	if (r->kind == CW_SKIPPED)   /* its date, and that it is not added */
		snprintf(from, sizeof from, "not added");
	int cw = w >= 120 ? 24 : 16;
	int sw = w - 8 - 11 - cw - 25 - 2;
	if (sw < 8)
		sw = 8;
	attr_t at = r->kind == CW_DROPPED ? ui_theme(TH_OVERDUE) : A_NORMAL;
	ui_put(y, x, 8, at, true, kind);
	ui_put(y, x + 8, 11, A_NORMAL, true, r->meeting);
	ui_put(y, x + 19, cw, A_NORMAL, true, r->child);
	ui_put(y, x + 20 + cw, sw, A_NORMAL, true, r->step);
	ui_putf(y, x + 21 + cw + sw, w - 21 - cw - sw - x, A_NORMAL, false,
	        "%-10s -> %s", from, to);
}

/* Line i of the preview (preview_lines): the summary, the tallies by
 * meeting type and by team, then the changes. */
static void preview_line(ui_app *a, const policy_view *v, size_t i, int y,
                         int w)
{
	char buf[UI_TEXT * 2];
	if (i == 0) {
		ui_putf(y, 1, w - 2, A_BOLD, false, "%s -> %s: %zu meetings "
		        "looked at; moved %zu, added %zu, dropped %zu",
		        a->cw.pol->id, v->src.pol->id, v->meetings,
		        v->tot[CW_MOVED], v->tot[CW_ADDED], v->tot[CW_DROPPED]);
		return;
	}
	if (i == 1 && v->back.undoable) {   /* switching back is an undo */
		ui_putf(y, 1, w - 2, A_BOLD, false, "u undoes switch %llu instead: "
		        "%zu reopened, %zu added cancelled, %zu re-dated",
		        (unsigned long long)v->back.id, v->back.reopened,
		        v->back.cancelled, v->back.redated);
		return;
	}
	if (i == 1) {   /* what the switch leaves to history */
		ui_putf(y, 1, w - 2, A_NORMAL, false, "%zu steps due before today "
		        "are not added; %zu held or past meetings untouched",
		        v->skipped, v->history);
		return;
	}
	i--;
	const char *heading = i == 1 ? "By meeting type:" :
	                      i == 2 + v->ntypes ? "By team:" : NULL;
	if (heading) {
		ui_put(y, 1, w - 2, ui_theme(TH_HEADING), false, heading);
		return;
	}
	if (i < 2 + v->ntypes || i < 3 + v->ntypes + v->nteams) {
		tally_text(i < 2 + v->ntypes ? &v->types[i - 2] :
		           &v->teams[i - 3 - v->ntypes], buf, sizeof buf);
		ui_put(y, 1, w - 2, A_NORMAL, false, buf);
		return;
	}
	i -= 3 + v->ntypes + v->nteams;
	if (i == 0)
		ui_putf(y, 1, w - 2, ui_theme(TH_HEADING), false,
		        "Changes (%zu): meeting, child, step, from -> to",
		        v->nchanges);
	else if (i - 1 < v->nrows)
		change_line(&v->rows[i - 1], w - 1, y, 1);
	else if (v->nchanges == 0)
		ui_put(y, 1, w - 2, A_NORMAL, false,
		       "  (none: no open deadline changes)");
	else
		ui_putf(y, 1, w - 2, ui_theme(TH_DIM), false, "  ... and %zu "
		        "more: cpdesk policy diff %s lists them all",
		        v->nchanges - v->nrows, v->open_label);
}

static void draw_preview(ui_app *a, policy_view *v, int y, int ymax)
{
	int w = a->cols;
	char title[PV_NAME + 96];
	snprintf(title, sizeof title, "Preview: switch to %s (writes nothing)  "
	         "%s: switch  Esc: back", v->open_label,
	         ui_keys_name(KCTX_WORK, ACT_POLICY_USE));
	ui_rule(y++, 0, w, title);
	if (v->open_error[0] || !v->have_diff) {
		char text[sizeof v->open_error + 64];
		snprintf(text, sizeof text, "Cannot be previewed or used: %s",
		         v->open_error[0] ? v->open_error : "no diff");
		ui_wrap(y + 1, 2, w - 4, ymax, ui_theme(TH_ERROR), text);
		return;
	}
	size_t n = preview_lines(v), rows = ymax > y ? (size_t)(ymax - y) : 0;
	if (n > rows && v->top > n - rows)
		v->top = n - rows;
	if (n <= rows)
		v->top = 0;
	for (size_t k = 0; k < rows && v->top + k < n; k++)
		preview_line(a, v, v->top + k, y + (int)k, w);
}

static void pview_draw(ui_view *vv, ui_app *a, int y, int h)
{
	policy_view *v = (policy_view *)vv;
	int ymax = y + h;
	if (!policy_view_allowed(a)) {
		ui_rule(y, 0, a->cols, "Policy");
		ui_put(y + 2, 2, a->cols - 4, A_NORMAL, false,
		       "Not available: this view is for those who may switch the "
		       "policy.");
		return;
	}
	y = draw_in_force(a, v, y, a->cols);
	if (v->opened)
		draw_preview(a, v, y, ymax);
	else
		draw_files(a, v, y, ymax);
}

/* ---- keys ------------------------------------------------------------------- */

static bool open_selected(ui_app *a, policy_view *v)
{
	if (v->list.sel >= v->nfiles) {
		ui_status(a, false, "No policy file to preview.");
		return false;
	}
	const pv_file *f = &v->files[v->list.sel];
	if (!f->ok) {
		ui_status(a, true, "%s cannot be previewed or used: %s", f->label,
		          f->error);
		return false;
	}
	if (!v->opened || strcmp(v->open_name, f->name)) {
		unload(v);
		snprintf(v->open_name, sizeof v->open_name, "%s", f->name);
		snprintf(v->open_label, sizeof v->open_label, "%s", f->label);
	}
	v->opened = true;
	v->top = 0;
	load_preview(a, v);
	if (v->open_error[0]) {
		ui_status(a, true, "%s", v->open_error);
		return false;
	}
	ui_status(a, false, "Preview only, nothing written. %s: switch to "
	          "%s, %s: back.", ui_keys_name(KCTX_WORK, ACT_POLICY_USE),
	          f->label, a->line_mode ? "back" : "Esc");
	return true;
}

static void pview_use(ui_app *a, policy_view *v);

static bool pview_key(ui_view *vv, ui_app *a, ui_action action, int ch,
                       bool is_char)
{
	policy_view *v = (policy_view *)vv;
	(void)ch;
	(void)is_char;
	if (!policy_view_allowed(a))
		return false;
	if (action == ACT_POLICY_USE) {
		pview_use(a, v);
		return true;
	}
	if (!v->opened) {
		if (action == ACT_OPEN) {
			open_selected(a, v);
			return true;
		}
		return ui_list_key(&v->list, action, ui_body_height(a) / 2, NULL, v);
	}
	size_t n = preview_lines(v);
	size_t page = (size_t)(ui_body_height(a) > 8 ? ui_body_height(a) - 8 : 1);
	switch (action) {
	case ACT_BACK:
		v->opened = false;
		unload(v);
		ui_status(a, false, "Nothing written.");
		return true;
	case ACT_DOWN: if (v->top + 1 < n) v->top++; return true;
	case ACT_UP: if (v->top) v->top--; return true;
	case ACT_PGDN: v->top = v->top + page < n ? v->top + page : v->top;
		return true;
	case ACT_PGUP: v->top = v->top > page ? v->top - page : 0; return true;
	case ACT_TOP: v->top = 0; return true;
	case ACT_BOTTOM: v->top = n ? n - 1 : 0; return true;
	default: return false;
	}
}

/* ---- the switch ------------------------------------------------------------- */

static bool use_preview(ui_app *a, ui_form *f)
{
	policy_view *v = f->ctx;
	if (!v->opened || !v->loaded) {
		ui_status(a, true, "The policy file is no longer loaded: Esc and "
		          "preview it again.");
		return false;
	}
	/* the counts as of now: the store may have changed since Enter */
	compute_diff(a, v);
	if (!v->have_diff) {
		ui_status(a, true, "%s", v->open_error);
		return false;
	}
	v->confirm_hash = v->src.nfiles ? v->src.files[0].hash : 0;
	ui_form_line(f, "Switch to %s: %zu moved, %zu added, %zu dropped? y/n",
	             v->open_label, v->tot[CW_MOVED], v->tot[CW_ADDED],
	             v->tot[CW_DROPPED]);
	ui_form_line(f, "From %s (%s)", a->cw.pol->id, a->cw.pol->title);
	ui_form_line(f, "To   %s (%s)", v->src.pol->id, v->src.pol->title);
	ui_form_line(f, "Reason: %s", f->f[0].value);
	ui_form_line(f, "Open tasks of %zu meetings are re-dated; done and "
	             "cancelled ones", v->meetings);
	ui_form_line(f, "are not touched; dropped ones are cancelled, never "
	             "deleted.");
	ui_form_line(f, "Held meetings and those before today are left as they "
	             "are; %zu steps", v->skipped);
	ui_form_line(f, "due before today are not added.");
	return true;
}

static cp_status use_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                            cp_error *err)
{
	policy_view *v = f->ctx;
	if (!policy_view_allowed(a))
		return cp_fail(err, CP_REFUSED, "switching the policy is not open "
		               "to you");
	if (!v->opened || !v->loaded ||
	    (v->src.nfiles ? v->src.files[0].hash : 0) != v->confirm_hash)
		return cp_fail(err, CP_REFUSED, "the file changed since the "
		               "confirmation: Esc and preview it again");
	cw_policy_diff d;
	cp_status st = casework_policy_use(&a->cw, &v->src, &v->cc.cal,
	                                   f->f[0].value, NULL, &d, err);
	if (st != CP_OK)
		return st;
	char id[64];
	ui_copy(id, sizeof id, v->src.pol->id);
	if (d.back && d.back->undoable)
		snprintf(ok, size, "Undid switch %llu: back to %s (%s): %zu "
		         "reopened, %zu added cancelled, %zu re-dated.",
		         (unsigned long long)d.back->id, id, v->open_label,
		         d.back->reopened, d.back->cancelled, d.back->redated);
	else
		snprintf(ok, size, "Switched to %s (%s): %zu moved, %zu added, %zu "
		         "dropped.", id, v->open_label, d.tot[CW_MOVED],
		         d.tot[CW_ADDED], d.tot[CW_DROPPED]);
	casework_policy_diff_free(&d);
	/* back to the files; the reload after this puts the new policy in
	 * force in every view (ui_reload) */
	v->opened = false;
	unload(v);
	return CP_OK;
}

/* u: the switch form for the selected (or previewed) file. */
static void pview_use(ui_app *a, policy_view *v)
{
	if (!v->opened && !open_selected(a, v))
		return;
	if (v->open_error[0] || !v->have_diff) {
		ui_status(a, true, "%s cannot be used: %s", v->open_label,
		          v->open_error[0] ? v->open_error : "no diff");
		return;
	}
	char title[UI_TEXT];
	snprintf(title, sizeof title, "Switch the policy to %.200s",
	         v->open_label);
	ui_form *f = ui_form_new(title);
	if (!f) {
		ui_status(a, true, "out of memory");
		return;
	}
	ui_form_add(f, "Reason", FLD_TEXT, true, "");
	f->ctx = v;
	f->preview = use_preview;
	f->submit = use_submit;
	ui_form_open(a, f);
	ui_status(a, false, "%s: give the reason (it goes in the audit trail), "
	          "Enter to review.", title);
}


static const ui_action pview_hints[] = {
	ACT_OPEN, ACT_POLICY_USE, ACT_NONE
};

/* The line-by-line mode: the policy in force and the files (a number
 * previews one, use and its number switches to it); a preview is said
 * as its totals, the console shows it change by change. */
static bool pview_plain_row(const ui_view *vv, ui_app *a, size_t i,
                            char *buf, size_t size, bool *pick)
{
	const policy_view *v = (const policy_view *)vv;
	*pick = false;
	if (v->opened) {
		if (i > 0)
			return false;
		if (v->open_error[0] || !v->have_diff)
			snprintf(buf, size, "%s: %s (back: the files)", v->open_label,
			         v->open_error[0] ? v->open_error : "not previewed");
		else
			snprintf(buf, size, "%s -> %s: %zu meetings looked at; moved "
			         "%zu, added %zu, dropped %zu (back: the files; the "
			         "console lists each change)", a->cw.pol->id,
			         v->src.pol->id, v->meetings, v->tot[CW_MOVED],
			         v->tot[CW_ADDED], v->tot[CW_DROPPED]);
		return true;
	}
	if (i == 0) {
		snprintf(buf, size, "In force: %s, set %s by %s%s%s. %s",
		         a->cw.pol->id, v->set_at, v->set_by, v->reason[0] ? ": " : "",
		         v->reason, v->disk);
		return true;
	}
	if (i - 1 >= v->nfiles)
		return false;
	const pv_file *f = &v->files[i - 1];
	bool in_force = f->ok && v->hash && f->hash == v->hash;
	*pick = true;
	if (f->ok)
		snprintf(buf, size, "%s, OK%s: %s: %s. %s", f->label,
		         in_force ? ", in force" : "", f->id, f->title, f->about);
	else
		snprintf(buf, size, "%s, ERROR: %s", f->label, f->error);
	return true;
}

static void pview_plain_pick(ui_view *vv, ui_app *a, size_t i)
{
	policy_view *v = (policy_view *)vv;
	(void)a;
	if (!v->opened)
		v->list.sel = i - 1;
}

const ui_view_class ui_policy_class = {
	.name = "Policy",
	.size = sizeof(policy_view),
	.hints = pview_hints,
	.open_hint = "preview",
	.available = policy_view_allowed,
	.unavailable = "The Policy view is not available to you: it is for "
	               "those who may switch the policy.",
	.load = pview_load,
	.draw = pview_draw,
	.key = pview_key,
	.opened = pview_opened,
	.free = pview_free,
	.plain_row = pview_plain_row,
	.plain_pick = pview_plain_pick,
};

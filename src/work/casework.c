/* casework.c - what every casework operation shares (see casework.h):
 * creating and opening a store (its policy chain read from disk, the
 * bank holidays kept compiled), the store id, the audit entries, the
 * lookups that refuse what is missing, and the one runner that gives
 * each public operation its own write transaction.  The operations
 * themselves live by aggregate in casework_people.c (workers, children,
 * reassignment, leaving), casework_meeting.c, casework_task.c (tasks,
 * reports, consultations, the read audit), casework_check.c and
 * casework_switch.c (the policy switch). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "casework_priv.h"
#include "text.h"
#include "codec.h"
#include "permit.h"
#include "vec.h"

int64_t cw_now(const casework *cw)
{
	return cw->now ? cw->now : (int64_t)time(NULL);
}

/* Typed text has a length limit: a 1 MB name would fill every screen
 * and list it appears on (issue 8's hostile input). */
cp_status cw_too_long(const char *what, const char *s, size_t max,
                      cp_error *err)
{
	size_t n = s ? strlen(s) : 0;
	if (n > max)
		return cp_fail(err, CP_BADINPUT,
		               "%s is %zu bytes long: at most %zu", what, n, max);
	return CP_OK;
}

/* Replace *field (owned) with a copy of s. */
cp_status cw_set_str(char **field, const char *s, cp_error *err)
{
	char *n = strdup(text_or_empty(s));
	if (!n)
		return cp_oom(err);
	free(*field);
	*field = n;
	return CP_OK;
}

/* Who the audit names: the real user, also when acting for another. */
const char *cw_audit_login(const casework *cw)
{
	return cw->pm ? permit_audit_login(cw->pm) : text_or_empty(cw->actor);
}

/* ---- audit entries ----------------------------------------------------- */
/* Append an audit entry; takes ownership of before/after (malloc'd, from
 * model_*_describe; NULL there means it ran out of memory). */
cp_status cw_audit(casework *cw, store_txn *t, const char *action,
                   const char *object, const char *child, char *before,
                   bool want_before, char *after, cp_error *err)
{
	if ((want_before && !before) || !after) {
		free(before);
		free(after);
		return cp_oom(err);
	}
	cp_audit a = {
		.time = cw_now(cw), .login = (char *)cw_audit_login(cw),
		.action = (char *)action, .object = (char *)object,
		.child_id = (char *)text_or_empty(child),
		.before = before ? before : (char *)"",
		.after = after,
	};
	cp_status st = store_audit_append(t, &a, err);
	free(before);
	free(after);
	return st;
}

/* The audit entry of a record just added or changed, when st (how that
 * went) is CP_OK; else st.  Object "KIND:ID".  Takes before and after
 * either way (cw_audit). */
static cp_status audit_record(casework *cw, store_txn *t, cp_status st,
                              const char *action, const char *kind,
                              uint64_t id, const char *child, char *before,
                              bool want_before, char *after, cp_error *err)
{
	char obj[40];
	if (st != CP_OK) {
		free(before);
		free(after);
		return st;
	}
	snprintf(obj, sizeof obj, "%s:%llu", kind, (unsigned long long)id);
	return cw_audit(cw, t, action, obj, child, before, want_before, after,
	                err);
}

cp_status cw_audit_added(casework *cw, store_txn *t, cp_status st,
                         const char *action, const char *kind, uint64_t id,
                         const char *child, char *after, cp_error *err)
{
	return audit_record(cw, t, st, action, kind, id, child, NULL, false,
	                    after, err);
}

cp_status cw_audit_meeting(casework *cw, store_txn *t, cp_status st,
                           const char *action, const cp_meeting *m,
                           char *before, cp_error *err)
{
	return cw_audit_meeting_for(cw, t, st, action, m, m->child_id, "",
	                            before, err);
}

cp_status cw_audit_meeting_for(casework *cw, store_txn *t, cp_status st,
                               const char *action, const cp_meeting *m,
                               const char *child, const char *more,
                               char *before, cp_error *err)
{
	char *desc = st == CP_OK ? model_meeting_describe(m) : NULL, *after = desc;
	if (desc && *more) {
		size_t len = strlen(desc) + strlen(more) + 1;
		if ((after = malloc(len)))
			snprintf(after, len, "%s%s", desc, more);
		free(desc);
	}
	return audit_record(cw, t, st, action, "meeting", m->id, child, before,
	                    true, after, err);
}

cp_status cw_audit_task(casework *cw, store_txn *t, cp_status st,
                        const char *action, const cp_task *k, char *before,
                        cp_error *err)
{
	char *after = st == CP_OK ? model_task_describe(k) : NULL;
	return audit_record(cw, t, st, action, "task", k->id, k->child_id, before,
	                    true, after, err);
}

void cw_date_str(cp_date d, char buf[CP_DATE_STRLEN])
{
	if (d == CP_DATE_NONE)
		strcpy(buf, "(none)");
	else
		date_format(d, buf);
}

/* ---- the store id ------------------------------------------------------ */
static bool hex32_valid(const char *s, size_t len)
{
	if (len != 32)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static cp_status random_hex32(char out[33], cp_error *err)
{
	unsigned char b[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, b, sizeof b) : -1;
	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)sizeof b)
		return cp_fail(err, CP_FAILED,
		               "cannot read /dev/urandom for the store id");
	for (size_t i = 0; i < sizeof b; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	return CP_OK;
}

typedef struct store_id_ctx {
	char fresh[33];
	char *out;
} store_id_ctx;

static cp_status store_id_write(store_txn *t, void *ctx, cp_error *err)
{
	store_id_ctx *c = ctx;
	char *val = NULL;
	size_t len = 0;
	bool found = false;
	cp_status st = store_meta_get(t, "store-id", &val, &len, &found, err);
	if (st != CP_OK)
		return st;
	if (found && hex32_valid(val, len)) {   /* another process was first */
		memcpy(c->out, val, 33);
		free(val);
		return CP_OK;
	}
	free(val);
	memcpy(c->out, c->fresh, 33);
	return store_meta_put(t, "store-id", c->fresh, 32, err);
}

cp_status casework_store_id(casework *cw, char out[33], cp_error *err)
{
	store_txn *t;
	char *val = NULL;
	size_t len = 0;
	bool found = false;
	cp_status st = store_read_begin(cw->st, &t, err);
	if (st != CP_OK)
		return st;
	st = store_meta_get(t, "store-id", &val, &len, &found, err);
	store_read_end(t);
	if (st != CP_OK)
		return st;
	if (found && hex32_valid(val, len)) {
		memcpy(out, val, 33);
		free(val);
		return CP_OK;
	}
	free(val);
	store_id_ctx c = { .out = out };
	if ((st = random_hex32(c.fresh, err)) != CP_OK)
		return st;
	return store_write(cw->st, store_id_write, &c, err);
}

/* ---- the one-transaction forms ----------------------------------------- */
/* Each public operation packs its own arguments and hands them, with a
 * trampoline to its _txn form, to cw_run.  Outputs and warn are written
 * afresh on each run (store_write may retry after growing the map). */
typedef struct run_ctx {
	casework *cw;
	cw_txn_fn fn;
	const void *args;
	char *warn;
} run_ctx;

static cp_status run_write(store_txn *t, void *ctx, cp_error *err)
{
	run_ctx *r = ctx;
	if (r->warn)
		r->warn[0] = '\0';
	return r->fn(r->cw, t, r->args, r->warn, err);
}

cp_status cw_run(casework *cw, cw_txn_fn fn, const void *args, char *warn,
                 cp_error *err)
{
	run_ctx r = { cw, fn, args, warn };
	return store_write(cw->st, run_write, &r, err);
}

/* ---- init / open ------------------------------------------------------- */
typedef struct capture {
	cp_policy_file *files;
	size_t n;
} capture;

static cp_status capture_add(capture *c, const char *name, const char *text,
                             size_t len, cp_error *err)
{
	cp_policy_file *f = vec_push_zeroed((void **)&c->files, c->n,
	                                   sizeof *c->files);
	if (!f)
		return cp_oom(err);
	char *abs = realpath(name, NULL);
	f->name = strdup(name);
	f->path = abs ? abs : strdup(name);
	f->text = malloc(len + 1);
	c->n++;
	if (!f->name || !f->path || !f->text)
		return cp_oom(err);
	memcpy(f->text, text, len);
	f->text[len] = '\0';
	f->len = len;
	f->hash = model_hash(text, len);
	return CP_OK;
}

/* Reads extends: files from disk and keeps a copy of each for the store. */
static cp_status capture_reader(void *ctx, const char *name, char **text,
                                size_t *len, cp_error *err)
{
	CP_TRY(policy_read_file(name, text, len, err));
	return capture_add(ctx, name, *text, *len, err);
}

static void capture_free(capture *c)
{
	for (size_t i = 0; i < c->n; i++)
		cp_policy_file_free(&c->files[i]);
	free(c->files);
}

/* Read the policy at path and every file of its extends: chain, keeping
 * a copy of each (text and hash) for the store: init and policy use. */
static cp_status read_chain(const char *path, capture *cap, policy **pol,
                            cp_error *err)
{
	char *text = NULL;
	size_t len = 0;
	*pol = NULL;
	cp_status st = policy_read_file(path, &text, &len, err);
	if (st == CP_OK)
		st = capture_add(cap, path, text, len, err);
	if (st == CP_OK)
		st = policy_load_mem(path, text, len, capture_reader, cap, pol,
		                     err);
	free(text);
	return st;
}

/* "policy=ID chain="..." hash=HEX": the audit's view of a policy. */
char *cw_describe_policy(const policy *p, uint64_t root_hash)
{
	size_t need = strlen(p->id) + strlen(text_or_empty(p->chain)) + 64;
	char *s = malloc(need);
	if (s)
		snprintf(s, need, "policy=%s chain=\"%s\" hash=%016llx", p->id,
		         text_or_empty(p->chain), (unsigned long long)root_hash);
	return s;
}

/* Store the files of a policy chain as the store's policy (init and
 * policy use share this).  Set by whom the audit names: the real user
 * when a worker acts --as another, so that `policy show` cannot be made
 * to name someone else (issue 15). */
cp_status cw_put_chain(casework *cw, store_txn *t,
                       const cp_policy_file *files, size_t n,
                       const char *reason, cp_error *err)
{
	if (n == 0)
		return cp_fail(err, CP_FAILED, "internal error: empty policy chain");
	return store_policy_put(t, files, n, cw_audit_login(cw), cw_now(cw),
	                        reason, err);
}

typedef struct init_ctx {
	casework *cw;
	capture *cap;
	const policy *pol;
} init_ctx;

static cp_status init_write(store_txn *t, void *ctx, cp_error *err)
{
	init_ctx *ic = ctx;
	CP_TRY(cw_put_chain(ic->cw, t, ic->cap->files, ic->cap->n, "init", err));
	return cw_audit(ic->cw, t, "store.init", "policy", NULL, NULL, false,
	                cw_describe_policy(ic->pol, ic->cap->files[0].hash), err);
}

cp_status casework_init(const char *dir, const char *policy_path,
                        const char *actor, const store_open_opts *opts,
                        cp_error *err)
{
	capture cap = {0};
	policy *pol = NULL;
	cp_status st = read_chain(policy_path, &cap, &pol, err);
	store_open_opts o = opts ? *opts : (store_open_opts){0};
	o.create = true;
	if (!o.login)
		o.login = actor;
	store *s = NULL;
	char data[4096];
	snprintf(data, sizeof data, "%s/data.mdb", dir);
	if (st == CP_OK && access(data, F_OK) == 0)   /* never open it twice */
		st = cp_fail(err, CP_REFUSED,
		    "%s already holds a store: nothing was changed", dir);
	if (st == CP_OK)
		st = store_open(dir, &o, &s, err);
	if (st == CP_OK && !store_was_created(s))
		st = cp_fail(err, CP_REFUSED,
		    "%s already holds a store: nothing was changed", dir);
	if (st == CP_OK) {
		casework cw = { .st = s, .pol = pol, .actor = actor };
		init_ctx ic = { &cw, &cap, pol };
		st = store_write(s, init_write, &ic, err);
	}
	store_close(s);
	policy_free(pol);
	capture_free(&cap);
	return st;
}

/* ---- bank holidays ----------------------------------------------------- */
#define META_HOLIDAYS_COMPILED "holidays.compiled"

static bool file_id(const char *path, codec_file_id *id)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return false;
	*id = (codec_file_id){
		.dev = (uint64_t)sb.st_dev, .ino = (uint64_t)sb.st_ino,
		.size = (uint64_t)sb.st_size,
		.mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 +
		            sb.st_mtim.tv_nsec,
		.ctime_ns = (int64_t)sb.st_ctim.tv_sec * 1000000000 +
		            sb.st_ctim.tv_nsec,
	};
	return true;
}

typedef struct holidays_keep {
	const char *path;
	const codec_file_id *id;
	const holiday_division *hd;
} holidays_keep;

static cp_status holidays_write(store_txn *t, void *ctx, cp_error *err)
{
	holidays_keep *k = ctx;
	unsigned char *buf;
	size_t len;
	CP_TRY(codec_encode_holidays(k->path, k->id, k->hd, &buf, &len, err));
	cp_status st = store_meta_put(t, META_HOLIDAYS_COMPILED, buf, len, err);
	free(buf);
	return st;
}

holiday_file *cw_kept_holidays_txn(store_txn *t, const char *division)
{
	char *val = NULL;
	size_t len = 0;
	bool found = false;
	holiday_file *hf = NULL;
	cp_error ignored;
	if (store_meta_get(t, META_HOLIDAYS_COMPILED, &val, &len, &found,
	                   &ignored) == CP_OK && found &&
	    codec_decode_holidays((const unsigned char *)val, len, NULL, NULL,
	                          division, &hf, &ignored) != CP_OK)
		hf = NULL;
	free(val);
	return hf;
}

static holiday_file *holidays_kept(store *st, const char *division)
{
	store_txn *t;
	cp_error ignored;
	if (store_read_begin(st, &t, &ignored) != CP_OK)
		return NULL;
	holiday_file *hf = cw_kept_holidays_txn(t, division);
	store_read_end(t);
	return hf;
}

/* The store's bank holidays are its own: the copy it keeps of the
 * policy's division is used whatever file a command names, so nobody's
 * file ($CPDESK_HOLIDAYS, --holidays, a data directory) moves the dates
 * written for everyone.  Only when the store keeps none for the division
 * (made before cpdesk kept them; a switch to another division) is the
 * file read -- in a setgid run only the installed one (paths.h) -- and a
 * copy kept from then on.  Changing them is `cpdesk holidays use`,
 * audited (casework_holidays_use).  stat comes before the read, so a
 * file changed in between is never kept under its new identity. */
cp_status casework_load_holidays(store *st, const char *path,
                                 const char *division, holiday_file **out,
                                 cp_error *err)
{
	if ((*out = holidays_kept(st, division)))
		return CP_OK;
	codec_file_id id;
	bool have_id = file_id(path, &id);
	CP_TRY(holidays_load(path, out, err));
	holidays_keep k = { path, &id, holidays_division(*out, division) };
	cp_error ignored;
	/* Quiet: other consoles need not redraw.  When it cannot be kept the
	 * next command reads the file again. */
	if (have_id && k.hd)
		(void)store_write_quiet(st, holidays_write, &k, &ignored);
	return CP_OK;
}

cp_status cw_keep_holidays_txn(store_txn *t, const char *path,
                               const holiday_division *hd, cp_error *err)
{
	codec_file_id id = { 0 };
	(void)file_id(path, &id);    /* only a note of where it came from */
	holidays_keep k = { path, &id, hd };
	return holidays_write(t, &k, err);
}

holiday_file *casework_kept_holidays(casework *cw, const char *division)
{
	return holidays_kept(cw->st, division);
}

cp_status casework_open(casework *cw, const char *dir,
                        const char *holidays_path, const char *actor,
                        cp_error *err)
{
	store *s = NULL;
	memset(cw, 0, sizeof *cw);
	CP_TRY(store_open(dir, NULL, &s, err));
	return casework_open_store(cw, s, holidays_path, actor, err);
}

cp_status casework_open_store(casework *cw, store *s,
                              const char *holidays_path, const char *actor,
                              cp_error *err)
{
	memset(cw, 0, sizeof *cw);
	cw->actor = actor;
	cw->st = s;
	cp_status st = store_policy_load(cw->st, &cw->own_pol, err);
	if (st == CP_OK)
		st = casework_load_holidays(cw->st, holidays_path,
		                            cw->own_pol->division, &cw->own_hf, err);
	if (st == CP_OK && !(cw->own_holidays_path = strdup(holidays_path)))
		st = cp_oom(err);
	if (st == CP_OK && !(cw->own_cal = calloc(1, sizeof *cw->own_cal)))
		st = cp_oom(err);
	if (st == CP_OK && cw->own_pol->nclosures &&
	    !(cw->own_closures = policy_closures(cw->own_pol)))
		st = cp_oom(err);
	if (st == CP_OK)
		st = calendar_init(cw->own_cal, cw->own_hf, cw->own_pol->division,
		                   cw->own_closures, cw->own_pol->nclosures, err);
	if (st != CP_OK) {
		free(cw->own_cal);
		cw->own_cal = NULL;
		casework_close(cw);
		return st;
	}
	cw->pol = cw->own_pol;
	cw->cal = cw->own_cal;
	return CP_OK;
}

void casework_close(casework *cw)
{
	if (!cw)
		return;
	if (cw->own_cal) {
		calendar_fini(cw->own_cal);
		free(cw->own_cal);
	}
	free(cw->own_closures);
	holidays_free(cw->own_hf);
	free(cw->own_holidays_path);
	policy_free(cw->own_pol);
	permit_free(cw->pm);
	if (cw->read_memo_free)
		cw->read_memo_free(cw->read_memo);
	store_close(cw->st);
	memset(cw, 0, sizeof *cw);
}

/* ---- lookups ----------------------------------------------------------- */
cp_status cw_get_worker(store_txn *t, const char *login, cp_worker *w,
                        bool *found, cp_error *err)
{
	memset(w, 0, sizeof *w);
	return store_worker_get(t, login, w, found, err);
}

/* A worker who must exist and still be here. */
cp_status cw_need_worker(store_txn *t, const char *login, const char *what,
                         cp_worker *w, cp_error *err)
{
	bool found;
	CP_TRY(cw_get_worker(t, login, w, &found, err));
	if (!found)
		return cp_fail(err, CP_REFUSED, "%s '%s' is not a worker in this store",
		               what, login);
	if (w->left) {
		cp_worker_free(w);
		return cp_fail(err, CP_REFUSED,
		               "%s '%s' has left: no new work is given to them",
		               what, login);
	}
	return CP_OK;
}

/* What a record that is not there is answered with -- and, so that
 * nobody can test which ids exist, one the actor may not see too. */
static cp_status no_child(const char *id, cp_error *err)
{
	return cp_fail(err, CP_BADINPUT, "no child '%s' in this store",
	               text_or_empty(id));
}

static cp_status no_meeting(uint64_t id, cp_error *err)
{
	return cp_fail(err, CP_BADINPUT, "no meeting %llu in this store",
	               (unsigned long long)id);
}

cp_status cw_no_task(uint64_t id, cp_error *err)
{
	return cp_fail(err, CP_BADINPUT, "no task %llu in this store",
	               (unsigned long long)id);
}

cp_status cw_need_child(store_txn *t, const char *id, cp_child *c,
                        cp_error *err)
{
	bool found;
	memset(c, 0, sizeof *c);
	CP_TRY(store_child_get(t, id, c, &found, err));
	return found ? CP_OK : no_child(id, err);
}

cp_status cw_need_meeting(store_txn *t, uint64_t id, cp_meeting *m,
                          cp_error *err)
{
	bool found;
	memset(m, 0, sizeof *m);
	CP_TRY(store_meeting_get(t, id, m, &found, err));
	return found ? CP_OK : no_meeting(id, err);
}

cp_status cw_seen_child(casework *cw, store_txn *t, const char *id,
                        cp_child *c, cp_error *err)
{
	CP_TRY(cw_need_child(t, id, c, err));
	cp_status st = permit_child(cw->pm, t, PERMIT_SEE, c, err);
	if (st == CP_REFUSED)
		st = no_child(id, err);
	if (st != CP_OK)
		cp_child_free(c);
	return st;
}

cp_status cw_seen_meeting(casework *cw, store_txn *t, uint64_t id,
                          cp_meeting *m, cp_error *err)
{
	CP_TRY(cw_need_meeting(t, id, m, err));
	bool hidden = false;
	cp_status st = permit_meeting(cw->pm, t, PERMIT_SEE, m, err);
	if (st == CP_REFUSED)
		st = permit_hides(cw->pm, t, m->child_id, &hidden, err);
	if (st == CP_REFUSED)   /* its child is seen: the action's check says */
		st = CP_OK;
	if (st == CP_OK && hidden)
		st = no_meeting(id, err);
	if (st != CP_OK)
		cp_meeting_free(m);
	return st;
}

/* ---- a policy file read for a switch (casework_switch.c) --------------- */
cp_status casework_policy_read(const char *path, cw_policy_src *out,
                               cp_error *err)
{
	memset(out, 0, sizeof *out);
	capture cap = {0};
	cp_status st = read_chain(path, &cap, &out->pol, err);
	out->files = cap.files;
	out->nfiles = cap.n;
	if (st != CP_OK)
		casework_policy_src_free(out);
	return st;
}

void casework_policy_src_free(cw_policy_src *s)
{
	if (!s)
		return;
	policy_free(s->pol);
	capture cap = { s->files, s->nfiles };
	capture_free(&cap);
	memset(s, 0, sizeof *s);
}


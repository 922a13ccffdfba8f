/* casework.c - domain operations: policy + calendar + store, one write
 * transaction each, every change audited (see casework.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
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
#include "schedule.h"
#include "vec.h"

int64_t cw_now(const casework *cw)
{
	return cw->now ? cw->now : (int64_t)time(NULL);
}


static void warn_add(char *warn, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void warn_add(char *warn, const char *fmt, ...)
{
	if (!warn)
		return;
	size_t used = strlen(warn);
	if (used + 3 >= CW_WARN_MAX)
		return;
	if (used) {
		strcpy(warn + used, "; ");
		used += 2;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(warn + used, CW_WARN_MAX - used, fmt, ap);
	va_end(ap);
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

/* Append an audit entry; takes ownership of before/after (malloc'd, from
 * model_*_describe; NULL there means it ran out of memory). */
static cp_status audit(casework *cw, store_txn *t, const char *action,
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

/* The audit entry of a meeting or task record just changed: object
 * "meeting:ID" / "task:ID", after = the record now.  Takes `before`
 * (NULL: describing it ran out of memory). */
static cp_status audit_meeting(casework *cw, store_txn *t, const char *action,
                               const cp_meeting *m, char *before,
                               cp_error *err)
{
	char obj[40];
	snprintf(obj, sizeof obj, "meeting:%llu", (unsigned long long)m->id);
	return audit(cw, t, action, obj, m->child_id, before, true,
	             model_meeting_describe(m), err);
}

static cp_status audit_task(casework *cw, store_txn *t, const char *action,
                            const cp_task *k, char *before, cp_error *err)
{
	char obj[40];
	snprintf(obj, sizeof obj, "task:%llu", (unsigned long long)k->id);
	return audit(cw, t, action, obj, k->child_id, before, true,
	             model_task_describe(k), err);
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

/* ---- write wrappers ---------------------------------------------------- */
/* Each public operation packs its arguments and runs its _txn form in
 * store_write.  Outputs are overwritten on each run (store_write may
 * retry after growing the map). */
typedef struct op {
	casework *cw;
	int kind;
	const void *in;
	const void *in2;
	uint64_t id;
	cp_date date, date2;
	int minutes;
	const char *s1, *s2;
	const char *const *list;
	size_t nlist;
	int64_t when;
	uint64_t *out_id;
	char *warn;
} op;

enum { OP_WORKER_ADD, OP_WORKER_UPDATE, OP_CHILD_ADD, OP_MEETING_ADD,
       OP_MOVE, OP_CANCEL, OP_OUTCOME, OP_DONE, OP_REPORT, OP_CONSULT };

static cp_status run_op(store_txn *t, void *ctx, cp_error *err)
{
	op *o = ctx;
	if (o->warn)
		o->warn[0] = '\0';
	switch (o->kind) {
	case OP_WORKER_ADD:
		return casework_worker_add_txn(o->cw, t, o->in, err);
	case OP_WORKER_UPDATE:
		return casework_worker_update_txn(o->cw, t, o->in, err);
	case OP_CHILD_ADD:
		return casework_child_add_txn(o->cw, t, o->in, err);
	case OP_MEETING_ADD:
		return casework_meeting_add_txn(o->cw, t, o->in, o->out_id,
		                                o->warn, err);
	case OP_MOVE:
		return casework_meeting_move_txn(o->cw, t, o->id, o->date,
		                                 o->minutes, o->s1, o->warn, err);
	case OP_CANCEL:
		return casework_meeting_cancel_txn(o->cw, t, o->id, o->s1,
		                                   o->list, o->nlist, err);
	case OP_OUTCOME:
		return casework_meeting_outcome_txn(o->cw, t, o->id, o->in,
		                                    o->out_id, o->warn, err);
	case OP_DONE:
		return casework_task_done_txn(o->cw, t, o->id, o->s1, o->when,
		                              o->s2, err);
	case OP_REPORT:
		return casework_report_received_txn(o->cw, t, o->id, o->s1,
		                                    o->date, o->date2, err);
	case OP_CONSULT:
		return casework_consult_add_txn(o->cw, t, o->in, o->out_id, err);
	}
	return cp_fail(err, CP_FAILED, "internal error: unknown operation");
}

static cp_status run(op *o, cp_error *err)
{
	return store_write(o->cw->st, run_op, o, err);
}

/* ---- init / open ------------------------------------------------------- */
#define POLICY_FILE_MAX (4 << 20)

static cp_status slurp(const char *path, char **text, size_t *len,
                       cp_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cp_fail(err, CP_BADINPUT, "%s: %s", path, strerror(errno));
	char *buf = NULL;
	size_t used = 0, cap = 0, got;
	do {
		if (used == cap) {
			cap = cap ? cap * 2 : 16384;
			char *nb = cap > POLICY_FILE_MAX ? NULL : realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				fclose(f);
				return cp_fail(err, CP_BADINPUT,
				    "%s: too large for a policy file", path);
			}
			buf = nb;
		}
		got = fread(buf + used, 1, cap - used, f);
		used += got;
	} while (got > 0);
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return cp_fail(err, CP_FAILED, "%s: read error", path);
	}
	buf[used] = '\0';
	*text = buf;
	*len = used;
	return CP_OK;
}

typedef struct capture {
	cp_policy_file *files;
	size_t n;
} capture;

static cp_status capture_add(capture *c, const char *name, const char *text,
                             size_t len, cp_error *err)
{
	cp_policy_file *nf = realloc(c->files, (c->n + 1) * sizeof *nf);
	if (!nf)
		return cp_oom(err);
	c->files = nf;
	cp_policy_file *f = &c->files[c->n];
	memset(f, 0, sizeof *f);
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
	CP_TRY(slurp(name, text, len, err));
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
	cp_status st = slurp(path, &text, &len, err);
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
 * policy use share this). */
cp_status cw_put_chain(casework *cw, store_txn *t,
                           const cp_policy_file *files, size_t n,
                           const char *reason, cp_error *err)
{
	if (n == 0)
		return cp_fail(err, CP_FAILED, "internal error: empty policy chain");
	return store_policy_put(t, files, n, text_or_empty(cw->actor), cw_now(cw),
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
	return audit(ic->cw, t, "store.init", "policy", NULL, NULL, false,
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

static holiday_file *holidays_compiled(store *st, const char *path,
                                       const codec_file_id *id,
                                       const char *division)
{
	store_txn *t;
	char *val = NULL;
	size_t len = 0;
	bool found = false;
	holiday_file *hf = NULL;
	cp_error ignored;
	if (store_read_begin(st, &t, &ignored) != CP_OK)
		return NULL;
	if (store_meta_get(t, META_HOLIDAYS_COMPILED, &val, &len, &found,
	                   &ignored) == CP_OK && found &&
	    codec_decode_holidays((const unsigned char *)val, len, path, id,
	                          division, &hf, &ignored) != CP_OK)
		hf = NULL;
	store_read_end(t);
	free(val);
	return hf;
}

/* Parsing the gov.uk file costs ~2.5 M instructions a command, so the
 * store keeps the division read last with the file's identity (device,
 * inode, size, times): used while stat says the file is that file, else
 * the file is read again and a fresh copy kept.  stat comes before the
 * read, so a file changed in between is never kept under its new
 * identity with the old days. */
cp_status casework_load_holidays(store *st, const char *path,
                                 const char *division, holiday_file **out,
                                 cp_error *err)
{
	codec_file_id id;
	bool have_id = file_id(path, &id);
	*out = have_id ? holidays_compiled(st, path, &id, division) : NULL;
	if (*out)
		return CP_OK;
	CP_TRY(holidays_load(path, out, err));
	holidays_keep k = { path, &id, holidays_division(*out, division) };
	cp_error ignored;
	/* Only a saving: when it cannot be kept the next command reads the
	 * file again.  Quiet: other consoles need not redraw. */
	if (have_id && k.hd)
		(void)store_write_quiet(st, holidays_write, &k, &ignored);
	return CP_OK;
}

cp_status casework_open(casework *cw, const char *dir,
                        const char *holidays_path, const char *actor,
                        cp_error *err)
{
	memset(cw, 0, sizeof *cw);
	cw->actor = actor;
	cp_status st = store_open(dir, NULL, &cw->st, err);
	if (st == CP_OK)
		st = store_policy_load(cw->st, &cw->own_pol, err);
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
static cp_status get_worker(store_txn *t, const char *login, cp_worker *w,
                            bool *found, cp_error *err)
{
	memset(w, 0, sizeof *w);
	return store_worker_get(t, login, w, found, err);
}

/* A worker who must exist and still be here. */
static cp_status need_worker(store_txn *t, const char *login,
                             const char *what, cp_worker *w, cp_error *err)
{
	bool found;
	CP_TRY(get_worker(t, login, w, &found, err));
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

cp_status cw_need_child(store_txn *t, const char *id, cp_child *c,
                            cp_error *err)
{
	bool found;
	memset(c, 0, sizeof *c);
	CP_TRY(store_child_get(t, id, c, &found, err));
	if (!found)
		return cp_fail(err, CP_BADINPUT, "no child '%s' in this store",
		               text_or_empty(id));
	return CP_OK;
}

static cp_status need_meeting(store_txn *t, uint64_t id, cp_meeting *m,
                              cp_error *err)
{
	bool found;
	memset(m, 0, sizeof *m);
	CP_TRY(store_meeting_get(t, id, m, &found, err));
	if (!found)
		return cp_fail(err, CP_BADINPUT, "no meeting %llu in this store",
		               (unsigned long long)id);
	return CP_OK;
}

/* ---- workers and children ---------------------------------------------- */
static cp_status check_worker(const cp_worker *w, cp_error *err)
{
	if (!model_id_valid(w->login, false))
		return cp_fail(err, CP_BADINPUT,
		    "bad login '%.64s': use 1-%d letters, digits, '.', '_' or '-'",
		    text_or_empty(w->login), MODEL_ID_MAX);
	if (!text_nonempty(w->name))
		return cp_fail(err, CP_BADINPUT, "worker %s needs a name", w->login);
	CP_TRY(cw_too_long("a worker's name", w->name, CW_NAME_MAX, err));
	if (!w->roles || (w->roles >> ROLE_COUNT))
		return cp_fail(err, CP_BADINPUT, "worker %s needs at least one role",
		               w->login);
	if (text_nonempty(w->manager) && (!model_id_valid(w->manager, false) ||
	                             !strcmp(w->manager, w->login)))
		return cp_fail(err, CP_BADINPUT, "worker %s: bad manager '%.64s'",
		               w->login, w->manager);
	return CP_OK;
}

cp_status casework_worker_add_txn(casework *cw, store_txn *t,
                                  const cp_worker *w, cp_error *err)
{
	cp_worker old;
	bool found;
	CP_TRY(permit_may(cw->pm, ACCESS_MANAGE_WORKERS, err));
	CP_TRY(check_worker(w, err));
	CP_TRY(get_worker(t, w->login, &old, &found, err));
	if (found) {
		cp_worker_free(&old);
		return cp_fail(err, CP_REFUSED, "worker '%s' already exists",
		               w->login);
	}
	CP_TRY(store_worker_put(t, w, err));
	char obj[MODEL_ID_MAX + 16];
	snprintf(obj, sizeof obj, "worker:%s", w->login);
	return audit(cw, t, "worker.add", obj, NULL, NULL, false,
	             model_worker_describe(w), err);
}

cp_status casework_worker_update_txn(casework *cw, store_txn *t,
                                     const cp_worker *w, cp_error *err)
{
	cp_worker old;
	bool found;
	CP_TRY(permit_may(cw->pm, ACCESS_MANAGE_WORKERS, err));
	CP_TRY(check_worker(w, err));
	CP_TRY(get_worker(t, w->login, &old, &found, err));
	if (!found)
		return cp_fail(err, CP_BADINPUT, "no worker '%s'", w->login);
	char *before = model_worker_describe(&old);
	cp_worker_free(&old);
	cp_status st = store_worker_put(t, w, err);
	if (st != CP_OK) {
		free(before);
		return st;
	}
	char obj[MODEL_ID_MAX + 16];
	snprintf(obj, sizeof obj, "worker:%s", w->login);
	return audit(cw, t, "worker.update", obj, NULL, before, true,
	             model_worker_describe(w), err);
}

cp_status casework_child_add_txn(casework *cw, store_txn *t,
                                 const cp_child *c, cp_error *err)
{
	cp_child old;
	cp_worker sw;
	bool found;
	if (!model_id_valid(c->id, false))
		return cp_fail(err, CP_BADINPUT,
		    "bad child id '%.64s': use 1-%d letters, digits, '.', '_' or '-'",
		    text_or_empty(c->id), MODEL_ID_MAX);
	if (!text_nonempty(c->name))
		return cp_fail(err, CP_BADINPUT, "child %s needs a name", c->id);
	CP_TRY(cw_too_long("a child's name", c->name, CW_NAME_MAX, err));
	if ((unsigned)c->family_pref >= FAMILY_PREF_COUNT)
		return cp_fail(err, CP_BADINPUT, "child %s: bad family preference",
		               c->id);
	if (!text_nonempty(c->social_worker))
		return cp_fail(err, CP_BADINPUT,
		               "child %s needs an allocated social worker", c->id);
	CP_TRY(permit_child(cw->pm, t, ACCESS_ADD_CHILDREN, c, err));
	memset(&old, 0, sizeof old);
	CP_TRY(store_child_get(t, c->id, &old, &found, err));
	if (found) {
		cp_child_free(&old);
		return cp_fail(err, CP_REFUSED, "child '%s' already exists", c->id);
	}
	CP_TRY(need_worker(t, c->social_worker, "social worker", &sw, err));
	cp_worker_free(&sw);
	CP_TRY(store_child_put(t, c, err));
	char obj[MODEL_ID_MAX + 16];
	snprintf(obj, sizeof obj, "child:%s", c->id);
	return audit(cw, t, "child.add", obj, c->id, NULL, false,
	             model_child_describe(c), err);
}

/* ---- meetings: who does each step ------------------------------------- */

/* The social worker's manager, and that manager's manager, looked up
 * only when a step needs them. */
static cp_status manager_of(store_txn *t, const char *login, const char *who,
                            char out[MODEL_ID_MAX + 1], cp_error *err)
{
	cp_worker w;
	CP_TRY(need_worker(t, login, who, &w, err));
	bool has = text_nonempty(w.manager);
	if (has)
		snprintf(out, MODEL_ID_MAX + 1, "%s", w.manager);
	cp_worker_free(&w);
	if (!has)
		return cp_fail(err, CP_REFUSED,
		    "%s '%s' has no manager recorded: set one with 'worker' first",
		    who, login);
	cp_worker m;
	CP_TRY(need_worker(t, out, "manager", &m, err));
	cp_worker_free(&m);
	return CP_OK;
}

cp_status cw_assignee_for(store_txn *t, cw_people *pp, cp_role r,
                              const char *step, const char *type,
                              const char **out, cp_error *err)
{
	switch (r) {
	case ROLE_SOCIAL_WORKER:
		*out = pp->child->social_worker;
		return CP_OK;
	case ROLE_TEAM_MANAGER:
		if (!pp->tm_known)
			CP_TRY(manager_of(t, pp->child->social_worker,
			               "social worker", pp->tm, err));
		pp->tm_known = true;
		*out = pp->tm;
		return CP_OK;
	case ROLE_SERVICE_MANAGER:
		if (!pp->tm_known)
			CP_TRY(manager_of(t, pp->child->social_worker,
			               "social worker", pp->tm, err));
		pp->tm_known = true;
		if (!pp->sm_known)
			CP_TRY(manager_of(t, pp->tm, "team manager", pp->sm, err));
		pp->sm_known = true;
		*out = pp->sm;
		return CP_OK;
	case ROLE_CP_CHAIR:
	case ROLE_IRO:
		if (!text_nonempty(pp->chair))
			return cp_fail(err, CP_REFUSED,
			    "the %s step '%s' is the chair's: give the meeting a chair (--chair LOGIN)",
			    type, step);
		*out = pp->chair;
		return CP_OK;
	case ROLE_MINUTE_TAKER:
		if (!text_nonempty(pp->minute_taker))
			return cp_fail(err, CP_REFUSED,
			    "the %s step '%s' is the minute taker's: give the meeting one (--minute-taker LOGIN)",
			    type, step);
		*out = pp->minute_taker;
		return CP_OK;
	case ROLE_QA_ADMIN:
		*out = POOL_QA_ADMIN;
		return CP_OK;
	case ROLE_QA_MANAGER:
		*out = POOL_QA_MANAGER;
		return CP_OK;
	case ROLE_DIRECTOR:
		*out = POOL_DIRECTOR;
		return CP_OK;
	default:
		break;
	}
	return cp_fail(err, CP_FAILED, "step '%s' has an unknown role", step);
}

cp_status casework_role_holder(store_txn *t, const cp_child *child,
                               const cp_meeting *m, cp_role r,
                               char out[MODEL_ID_MAX + 1], cp_error *err)
{
	cw_people pp = { .child = child, .chair = m ? m->chair : NULL,
	              .minute_taker = m ? m->minute_taker : NULL };
	const char *who = NULL;
	CP_TRY(cw_assignee_for(t, &pp, r, role_name(r) ? role_name(r) : "?",
	                 m ? text_or_empty(m->type) : "?", &who, err));
	snprintf(out, MODEL_ID_MAX + 1, "%s", text_or_empty(who));
	return CP_OK;
}

/* ---- cadence ----------------------------------------------------------- */
typedef struct held_list {
	cp_meeting *m;
	size_t n;
	int same_type;       /* earlier meetings of the type, not cancelled */
	const char *type;
	uint64_t skip;
	bool oom;
} held_list;

static bool collect_meeting(void *ctx, const cp_meeting *m)
{
	held_list *h = ctx;
	if (m->id == h->skip)
		return true;
	if (m->status != MEETING_CANCELLED && !strcmp(m->type, h->type))
		h->same_type++;
	if (m->status != MEETING_HELD)
		return true;
	cp_meeting *nm = realloc(h->m, (h->n + 1) * sizeof *nm);
	if (!nm || cp_meeting_copy(&nm[h->n], m, NULL) != CP_OK) {
		if (nm)
			h->m = nm;
		h->oom = true;
		return false;
	}
	h->m = nm;
	h->n++;
	return true;
}

static void held_free(held_list *h)
{
	for (size_t i = 0; i < h->n; i++)
		cp_meeting_free(&h->m[i]);
	free(h->m);
}

/* The latest date the cadence allows for a `type` meeting of this child:
 * from the latest held meeting that a cadence rule leads from to `type`,
 * else from the meeting's anchors as events (care-start).  *by stays
 * CP_DATE_NONE when no rule applies.  Also counts nth. */
static cp_status cadence_for(casework *cw, store_txn *t, const char *child,
                             const char *type, uint64_t self,
                             const anchor_date *anchors, size_t nanchors,
                             cp_date *by, uint64_t *prev, int *nth,
                             cp_error *err)
{
	held_list h = { .type = type, .skip = self };
	*by = CP_DATE_NONE;
	*prev = 0;
	cp_status st = store_meetings_for_child(t, child, collect_meeting, &h,
	                                        err);
	if (st == CP_OK && h.oom)
		st = cp_oom(err);
	*nth = h.same_type + 1;
	/* Meetings come by date: walk back from the latest. */
	for (size_t i = h.n; st == CP_OK && i-- > 0 && *by == CP_DATE_NONE;) {
		next_meeting *nx;
		size_t n;
		st = schedule_next(cw->pol, cw->cal, h.m[i].type,
		                   h.m[i].nth > 0 ? h.m[i].nth : 1, h.m[i].date,
		                   &nx, &n, err);
		for (size_t j = 0; st == CP_OK && j < n; j++)
			if (!strcmp(nx[j].type, type)) {
				*by = nx[j].by;
				*prev = h.m[i].id;
				break;
			}
		if (st == CP_OK)
			free(nx);
	}
	for (size_t i = 0; st == CP_OK && *by == CP_DATE_NONE && i < nanchors;
	     i++) {
		next_meeting *nx;
		size_t n;
		if (!policy_anchor_find(cw->pol, anchors[i].name))
			continue;
		st = schedule_next(cw->pol, cw->cal, anchors[i].name, 1,
		                   anchors[i].date, &nx, &n, err);
		for (size_t j = 0; st == CP_OK && j < n; j++)
			if (!strcmp(nx[j].type, type)) {
				*by = nx[j].by;
				break;
			}
		if (st == CP_OK)
			free(nx);
	}
	held_free(&h);
	return st;
}

typedef struct clash {
	uint64_t skip;
	uint64_t other;
	const char *type;
	char typebuf[64];
} clash;

static bool find_clash(void *ctx, const cp_meeting *m)
{
	clash *c = ctx;
	if (m->id == c->skip || m->status == MEETING_CANCELLED)
		return true;
	c->other = m->id;
	snprintf(c->typebuf, sizeof c->typebuf, "%s", m->type);
	return false;
}

/* Seed 002: avoid clashes.  A warning, never a refusal. */
static cp_status chair_clash(store_txn *t, const char *chair, cp_date d,
                             uint64_t self, char *warn, cp_error *err)
{
	clash c = { .skip = self };
	if (!text_nonempty(chair))
		return CP_OK;
	CP_TRY(store_meetings_for_chair(t, chair, d, d, 0, find_clash, &c, err));
	if (c.other) {
		char ds[CP_DATE_STRLEN];
		date_format(d, ds);
		warn_add(warn, "chair %s already has meeting %llu (%s) on %s",
		         chair, (unsigned long long)c.other, c.typebuf, ds);
	}
	return CP_OK;
}

/* ---- meeting add ------------------------------------------------------- */
static cp_status check_person(store_txn *t, const char *login, cp_role need,
                              const char *what, const policy *p,
                              cp_error *err)
{
	cp_worker w;
	if (!text_nonempty(login))
		return CP_OK;
	CP_TRY(need_worker(t, login, what, &w, err));
	bool ok = w.roles & ROLE_BIT(need);
	cp_worker_free(&w);
	if (!ok)
		return cp_fail(err, CP_REFUSED, "%s '%s' is not a %s (%s)", what,
		               login, role_name(need), policy_role_title(p, need));
	return CP_OK;
}

/* Generate and store the tasks of meeting m. */
static cp_status make_tasks(casework *cw, store_txn *t, const cp_meeting *m,
                            const cp_child *child, cp_error *err)
{
	timeline_entry *tl;
	size_t n;
	cw_people pp = { .child = child, .chair = m->chair,
	              .minute_taker = m->minute_taker };
	CP_TRY(schedule_timeline(cw->pol, cw->cal, m->type, m->date, m->minutes,
	                      m->anchors, m->nanchors, &tl, &n, err));
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < n; i++) {
		const policy_step *s = tl[i].step;
		cp_task k;
		cp_task_init(&k);
		const char *who = NULL;
		st = cw_assignee_for(t, &pp, s->role, s->id, m->type, &who, err);
		if (st == CP_OK)
			st = store_next_id(t, SEQ_TASK, &k.id, err);
		if (st != CP_OK)
			break;
		k.meeting_id = m->id;
		k.child_id = m->child_id;
		k.step_id = s->id;
		k.role = s->role;
		k.title = s->title;
		k.assignee = (char *)who;
		k.due = tl[i].due;
		k.status = TASK_OPEN;
		k.kind = TASK_STEP;
		st = store_task_put(t, &k, err);   /* borrowed strings: no free */
	}
	free(tl);
	if (st == CP_OK) {
		char *after = malloc(64);
		if (after)
			snprintf(after, 64, "meeting=%llu tasks=%zu",
			         (unsigned long long)m->id, n);
		char obj[40];
		snprintf(obj, sizeof obj, "meeting:%llu", (unsigned long long)m->id);
		st = audit(cw, t, "tasks.generate", obj, m->child_id, NULL, false,
		           after, err);
	}
	return st;
}

static cp_status check_anchors(const policy *p, const anchor_date *a,
                               size_t n, cp_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (!policy_anchor_find(p, a[i].name))
			return cp_fail(err, CP_BADINPUT,
			    "policy '%s' has no anchor '%s'", p->id, a[i].name);
		if (a[i].date == CP_DATE_NONE)
			return cp_fail(err, CP_BADINPUT, "anchor %s has no date",
			               a[i].name);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(a[i].name, a[j].name))
				return cp_fail(err, CP_BADINPUT,
				               "anchor %s given twice", a[i].name);
	}
	return CP_OK;
}

static cp_status meeting_add(casework *cw, store_txn *t,
                             const cw_meeting_new *in, uint64_t *id,
                             char *warn, cp_error *err)
{
	const policy_meeting *pm = policy_meeting_find(cw->pol, text_or_empty(in->type));
	if (!pm)
		return cp_fail(err, CP_BADINPUT, "policy '%s' has no meeting type '%s'",
		               cw->pol->id, text_or_empty(in->type));
	if (in->date == CP_DATE_NONE)
		return cp_fail(err, CP_BADINPUT, "a meeting needs a date");
	if (in->minutes < -1 || in->minutes > 1439 ||
	    (unsigned)in->how >= HOW_COUNT)
		return cp_fail(err, CP_BADINPUT, "bad meeting time or way of meeting");
	CP_TRY(check_anchors(cw->pol, in->anchors, in->nanchors, err));
	cp_child child;
	CP_TRY(cw_need_child(t, in->child_id, &child, err));
	cp_meeting m;
	cp_meeting_init(&m);
	cp_status st = check_person(t, in->chair, pm->chair_role, "chair",
	                            cw->pol, err);
	if (st == CP_OK)
		st = check_person(t, in->minute_taker, ROLE_MINUTE_TAKER,
		                  "minute taker", cw->pol, err);
	if (st == CP_OK)
		st = cadence_for(cw, t, child.id, pm->type, 0, in->anchors,
		                 in->nanchors, &m.cadence_by, &m.prev_id, &m.nth,
		                 err);
	char ds[CP_DATE_STRLEN], bs[CP_DATE_STRLEN];
	if (st == CP_OK && m.cadence_by != CP_DATE_NONE && in->date > m.cadence_by) {
		date_format(in->date, ds);
		date_format(m.cadence_by, bs);
		if (!text_nonempty(in->reason))
			st = cp_fail(err, CP_REFUSED,
			    "a %s on %s is later than the cadence allows (by %s): give a reason to record it as an exception",
			    pm->type, ds, bs);
		else {
			m.cadence_exception = true;
			warn_add(warn, "%s on %s is later than the cadence allows (by %s): recorded as an exception",
			         pm->type, ds, bs);
		}
	}
	if (st == CP_OK)
		st = store_next_id(t, SEQ_MEETING, &m.id, err);
	if (st == CP_OK) {
		/* Borrow the caller's strings; m is not freed below. */
		m.child_id = child.id;
		m.type = pm->type;
		m.date = in->date;
		m.minutes = in->minutes;
		m.chair = (char *)text_or_empty(in->chair);
		m.minute_taker = (char *)text_or_empty(in->minute_taker);
		m.how = in->how;
		m.anchors = (anchor_date *)in->anchors;
		m.nanchors = in->nanchors;
		m.status = MEETING_SCHEDULED;
		m.reason = m.cadence_exception ? (char *)in->reason : "";
		st = store_meeting_put(t, &m, err);
	}
	if (st == CP_OK)
		st = make_tasks(cw, t, &m, &child, err);
	if (st == CP_OK)
		st = chair_clash(t, m.chair, m.date, m.id, warn, err);
	if (st == CP_OK) {
		char obj[40];
		snprintf(obj, sizeof obj, "meeting:%llu", (unsigned long long)m.id);
		st = audit(cw, t, "meeting.add", obj, child.id, NULL, false,
		           model_meeting_describe(&m), err);
	}
	if (st == CP_OK && id)
		*id = m.id;
	cp_child_free(&child);
	return st;
}

cp_status casework_meeting_add_txn(casework *cw, store_txn *t,
                                   const cw_meeting_new *in, uint64_t *id,
                                   char warn[CW_WARN_MAX], cp_error *err)
{
	if (warn)
		warn[0] = '\0';
	/* the case as it will be: the child's, with this chair and clerk */
	cp_meeting probe = { .child_id = (char *)text_or_empty(in->child_id),
	                     .chair = (char *)text_or_empty(in->chair),
	                     .minute_taker = (char *)text_or_empty(in->minute_taker) };
	CP_TRY(permit_meeting(cw->pm, t, ACCESS_SCHEDULE, &probe, err));
	return meeting_add(cw, t, in, id, warn, err);
}

/* ---- move -------------------------------------------------------------- */
typedef struct id_list {
	uint64_t *v;
	size_t n;
	bool oom;
} id_list;

static bool collect_open_task(void *ctx, const cp_task *k)
{
	id_list *l = ctx;
	if (k->status != TASK_OPEN)
		return true;
	uint64_t *nv = realloc(l->v, (l->n + 1) * sizeof *nv);
	if (!nv) {
		l->oom = true;
		return false;
	}
	l->v = nv;
	l->v[l->n++] = k->id;
	return true;
}

/* Ids first, changes after: no writes under an open cursor. */
static cp_status open_tasks(store_txn *t, uint64_t mid, id_list *l,
                            cp_error *err)
{
	memset(l, 0, sizeof *l);
	cp_status st = store_tasks_for_meeting(t, mid, collect_open_task, l, err);
	if (st == CP_OK && l->oom)
		st = cp_oom(err);
	if (st != CP_OK) {
		free(l->v);
		l->v = NULL;
	}
	return st;
}

static cp_status need_scheduled(const cp_meeting *m, const char *doing,
                                cp_error *err)
{
	if (m->status == MEETING_SCHEDULED)
		return CP_OK;
	return cp_fail(err, CP_REFUSED, "meeting %llu is %s: it cannot be %s",
	               (unsigned long long)m->id, meeting_status_name(m->status),
	               doing);
}

/* New due dates for m's open step tasks (m already has the new date). */
static cp_status retime_tasks(casework *cw, store_txn *t, const cp_meeting *m,
                              size_t *moved, cp_error *err)
{
	timeline_entry *tl;
	size_t n;
	id_list l;
	*moved = 0;
	CP_TRY(schedule_timeline(cw->pol, cw->cal, m->type, m->date, m->minutes,
	                      m->anchors, m->nanchors, &tl, &n, err));
	cp_status st = open_tasks(t, m->id, &l, err);
	for (size_t i = 0; st == CP_OK && i < l.n; i++) {
		cp_task k;
		bool found;
		st = store_task_get(t, l.v[i], &k, &found, err);
		if (st != CP_OK || !found)
			continue;
		for (size_t j = 0; k.kind == TASK_STEP && j < n; j++) {
			if (strcmp(tl[j].step->id, k.step_id) || k.due == tl[j].due)
				continue;
			k.due = tl[j].due;
			st = store_task_put(t, &k, err);
			++*moved;
			break;
		}
		cp_task_free(&k);
	}
	free(l.v);
	free(tl);
	return st;
}

cp_status casework_meeting_move_txn(casework *cw, store_txn *t, uint64_t id,
                                    cp_date new_date, int minutes,
                                    const char *reason,
                                    char warn[CW_WARN_MAX], cp_error *err)
{
	if (warn)
		warn[0] = '\0';
	if (!text_nonempty(reason))
		return cp_fail(err, CP_BADINPUT, "moving a meeting needs a reason (--reason TEXT)");
	CP_TRY(cw_too_long("the reason", reason, CW_NOTE_MAX, err));
	if (new_date == CP_DATE_NONE || minutes < -2 || minutes > 1439)
		return cp_fail(err, CP_BADINPUT, "bad new date or time");
	cp_meeting m;
	CP_TRY(need_meeting(t, id, &m, err));
	cp_status st = permit_meeting(cw->pm, t, ACCESS_SCHEDULE, &m, err);
	if (st == CP_OK)
		st = need_scheduled(&m, "moved", err);
	char *before = st == CP_OK ? model_meeting_describe(&m) : NULL;
	if (st == CP_OK && !before)
		st = cp_oom(err);
	if (st == CP_OK) {
		m.moved_from = m.date;
		m.date = new_date;
		if (minutes != -2)
			m.minutes = minutes;
		m.cadence_exception = m.cadence_by != CP_DATE_NONE &&
		                      new_date > m.cadence_by;
		free(m.reason);
		m.reason = strdup(reason);
		if (!m.reason)
			st = cp_oom(err);
	}
	if (st == CP_OK && m.cadence_exception) {
		char ds[CP_DATE_STRLEN], bs[CP_DATE_STRLEN];
		date_format(new_date, ds);
		date_format(m.cadence_by, bs);
		warn_add(warn, "%s on %s is later than the cadence allows (by %s): recorded as an exception",
		         m.type, ds, bs);
	}
	size_t moved = 0;
	if (st == CP_OK)
		st = store_meeting_put(t, &m, err);
	if (st == CP_OK)
		st = retime_tasks(cw, t, &m, &moved, err);
	if (st == CP_OK)
		st = chair_clash(t, m.chair, m.date, m.id, warn, err);
	if (st == CP_OK) {
		st = audit_meeting(cw, t, "meeting.move", &m, before, err);
		before = NULL;
	}
	free(before);
	cp_meeting_free(&m);
	return st;
}

/* ---- cancel ------------------------------------------------------------ */
static cp_status approvals(casework *cw, store_txn *t,
                           const char *const *approvers, size_t n,
                           char **joined, cp_error *err)
{
	role_set need = cw->pol->cancel_approvers, have = 0;
	size_t len = 1;
	*joined = NULL;
	for (size_t i = 0; i < n; i++) {
		cp_worker w;
		bool found;
		CP_TRY(get_worker(t, approvers[i], &w, &found, err));
		if (!found)
			return cp_fail(err, CP_BADINPUT, "approver '%.64s' is not a worker",
			               text_or_empty(approvers[i]));
		have |= w.roles;
		cp_worker_free(&w);
		len += strlen(approvers[i]) + 1;
	}
	bool ok = !need || (cw->pol->cancel_needs_all ? (have & need) == need
	                                               : (have & need) != 0);
	if (!ok) {
		char roles[256];
		role_set_format(cw->pol->cancel_needs_all ? need & ~have : need,
		                roles, sizeof roles);
		return cp_fail(err, CP_REFUSED,
		    "cancelling needs the agreement of %s%s (%s): give --approved-by LOGIN",
		    cw->pol->cancel_needs_all ? "every one of: " : "one of: ",
		    roles, text_or_empty(cw->pol->cancel_source));
	}
	if (!(*joined = calloc(1, len)))
		return cp_oom(err);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(*joined, ",");
		strcat(*joined, approvers[i]);
	}
	return CP_OK;
}

static cp_status cancel_tasks(store_txn *t, uint64_t mid, size_t *count,
                              cp_error *err)
{
	id_list l;
	CP_TRY(open_tasks(t, mid, &l, err));
	cp_status st = CP_OK;
	*count = 0;
	for (size_t i = 0; st == CP_OK && i < l.n; i++) {
		cp_task k;
		bool found;
		st = store_task_get(t, l.v[i], &k, &found, err);
		if (st != CP_OK || !found)
			continue;
		k.status = TASK_CANCELLED;
		st = store_task_put(t, &k, err);
		cp_task_free(&k);
		++*count;
	}
	free(l.v);
	return st;
}

cp_status casework_meeting_cancel_txn(casework *cw, store_txn *t, uint64_t id,
                                      const char *reason,
                                      const char *const *approvers,
                                      size_t napprovers, cp_error *err)
{
	if (!text_nonempty(reason))
		return cp_fail(err, CP_BADINPUT,
		               "cancelling a meeting needs a reason (--reason TEXT)");
	CP_TRY(cw_too_long("the reason", reason, CW_NOTE_MAX, err));
	cp_meeting m;
	char *joined = NULL;
	CP_TRY(need_meeting(t, id, &m, err));
	cp_status st = permit_meeting(cw->pm, t, ACCESS_SCHEDULE, &m, err);
	if (st == CP_OK)
		st = need_scheduled(&m, "cancelled", err);
	if (st == CP_OK)
		st = approvals(cw, t, approvers, napprovers, &joined, err);
	char *before = st == CP_OK ? model_meeting_describe(&m) : NULL;
	if (st == CP_OK && !before)
		st = cp_oom(err);
	if (st == CP_OK) {
		m.status = MEETING_CANCELLED;
		free(m.reason);
		free(m.approved_by);
		m.approved_by = joined;
		joined = NULL;
		if (!(m.reason = strdup(reason)))
			st = cp_oom(err);
	}
	size_t n = 0;
	if (st == CP_OK)
		st = store_meeting_put(t, &m, err);
	if (st == CP_OK)
		st = cancel_tasks(t, id, &n, err);
	if (st == CP_OK) {
		st = audit_meeting(cw, t, "meeting.cancel", &m, before, err);
		before = NULL;
	}
	free(before);
	free(joined);
	cp_meeting_free(&m);
	return st;
}

/* ---- outcome ----------------------------------------------------------- */
static cp_status set_outcome(cp_meeting *m, const cw_outcome *o,
                             cp_error *err)
{
	cp_outcome *out = &m->outcome;
	cp_outcome_free(out);
	out->plan = o->plan;
	out->next_date = CP_DATE_NONE;
	out->decision = strdup(text_or_empty(o->decision));
	out->attendees = strdup(text_or_empty(o->attendees));
	out->reports = strdup(text_or_empty(o->reports));
	out->views_missing = strdup(text_or_empty(o->views_missing));
	out->summary = strdup(text_or_empty(o->summary));
	if (!out->decision || !out->attendees || !out->reports ||
	    !out->views_missing || !out->summary)
		return cp_oom(err);
	m->status = MEETING_HELD;
	return CP_OK;
}

/* Which cadence rule to follow: the one asked for, else one for the same
 * type, else the latest (the review, not an interim meeting). */
static const next_meeting *pick_next(const next_meeting *nx, size_t n,
                                     const char *want, const char *type)
{
	const next_meeting *best = NULL;
	for (size_t i = 0; i < n; i++) {
		if (want) {
			if (!strcmp(nx[i].type, want))
				return &nx[i];
			continue;
		}
		if (!strcmp(nx[i].type, type))
			return &nx[i];
		if (!best || nx[i].by > best->by)
			best = &nx[i];
	}
	return best;
}

static cp_status schedule_following(casework *cw, store_txn *t,
                                    cp_meeting *m, const cw_outcome *o,
                                    uint64_t *next_id, char *warn,
                                    cp_error *err)
{
	next_meeting *nx;
	size_t n;
	CP_TRY(schedule_next(cw->pol, cw->cal, m->type, m->nth > 0 ? m->nth : 1,
	                  m->date, &nx, &n, err));
	const next_meeting *pick = pick_next(nx, n, o->next_type, m->type);
	cp_status st = CP_OK;
	if (!pick) {
		if (o->next_type)
			st = cp_fail(err, CP_BADINPUT,
			    "policy '%s' has no cadence rule from %s to %s",
			    cw->pol->id, m->type, o->next_type);
		else
			warn_add(warn, "no cadence rule follows a %s: no next meeting scheduled",
			         m->type);
		free(nx);
		return st;
	}
	for (size_t i = 0; i < n; i++)
		if (&nx[i] != pick) {
			char bs[CP_DATE_STRLEN];
			cw_date_str(nx[i].by, bs);
			warn_add(warn, "also due: a %s by %s (not scheduled)",
			         nx[i].type, bs);
		}
	cp_date when = o->next_date;
	if (when == CP_DATE_NONE)
		st = calendar_workday_on_or_before(cw->cal, pick->by, &when, err);
	cw_meeting_new in = {
		.child_id = m->child_id, .type = pick->type, .date = when,
		.minutes = o->next_minutes == -2 ? m->minutes : o->next_minutes,
		.chair = m->chair, .minute_taker = m->minute_taker, .how = m->how,
		.anchors = m->anchors, .nanchors = m->nanchors,
		.reason = o->next_reason,
	};
	if (st == CP_OK)
		st = meeting_add(cw, t, &in, next_id, warn, err);
	if (st == CP_OK) {
		m->outcome.next_date = when;
		m->outcome.next_id = *next_id;
	}
	free(nx);
	if (st != CP_OK)
		cp_error_prefix(err, "scheduling the next meeting: ");
	return st;
}

cp_status casework_meeting_outcome_txn(casework *cw, store_txn *t,
                                       uint64_t id, const cw_outcome *o,
                                       uint64_t *next_id,
                                       char warn[CW_WARN_MAX], cp_error *err)
{
	uint64_t nid = 0;
	if (warn)
		warn[0] = '\0';
	if ((unsigned)o->plan >= PLAN_COUNT || o->next_minutes < -2 ||
	    o->next_minutes > 1439)
		return cp_fail(err, CP_BADINPUT, "bad plan or next meeting time");
	cp_meeting m;
	CP_TRY(need_meeting(t, id, &m, err));
	cp_status st = permit_meeting(cw->pm, t, ACCESS_RECORD_OUTCOMES, &m, err);
	if (st == CP_OK)
		st = need_scheduled(&m, "given an outcome", err);
	char *before = st == CP_OK ? model_meeting_describe(&m) : NULL;
	if (st == CP_OK && !before)
		st = cp_oom(err);
	if (st == CP_OK)
		st = set_outcome(&m, o, err);
	/* Held first, so the next meeting's cadence counts from this one. */
	if (st == CP_OK)
		st = store_meeting_put(t, &m, err);
	if (st == CP_OK && o->schedule_next && o->plan != PLAN_NONE) {
		st = schedule_following(cw, t, &m, o, &nid, warn, err);
		if (st == CP_OK)
			st = store_meeting_put(t, &m, err);
	}
	if (st == CP_OK) {
		st = audit_meeting(cw, t, "meeting.outcome", &m, before, err);
		before = NULL;
	}
	if (st == CP_OK && next_id)
		*next_id = nid;
	free(before);
	cp_meeting_free(&m);
	return st;
}

/* ---- tasks ------------------------------------------------------------- */
cp_status casework_task_done_txn(casework *cw, store_txn *t, uint64_t task_id,
                                 const char *by, int64_t when,
                                 const char *note, cp_error *err)
{
	cp_task k;
	bool found;
	CP_TRY(cw_too_long("the note", note, CW_NOTE_MAX, err));
	CP_TRY(store_task_get(t, task_id, &k, &found, err));
	if (!found)
		return cp_fail(err, CP_BADINPUT, "no task %llu in this store",
		               (unsigned long long)task_id);
	/* the assignee, a pool's role, or a role that reaches the case */
	cp_status st = permit_task(cw->pm, t, PERMIT_SEE, &k, err);
	if (st != CP_OK) {
		/* refused: say nothing of the task's state */
	} else if (k.status == TASK_DONE) {
		char ds[32];
		time_t tt = (time_t)k.done_at;
		struct tm tmv;
		strftime(ds, sizeof ds, "%Y-%m-%d %H:%M", localtime_r(&tt, &tmv));
		st = cp_fail(err, CP_REFUSED,
		             "task %llu was already done by %s at %s",
		             (unsigned long long)task_id, k.done_by, ds);
	} else if (k.status == TASK_CANCELLED) {
		st = cp_fail(err, CP_REFUSED,
		             "task %llu was cancelled with its meeting",
		             (unsigned long long)task_id);
	}
	char *before = st == CP_OK ? model_task_describe(&k) : NULL;
	if (st == CP_OK && !before)
		st = cp_oom(err);
	if (st == CP_OK) {
		free(k.done_by);
		free(k.note);
		k.done_by = strdup(text_nonempty(by) ? by : text_or_empty(cw->actor));
		k.note = strdup(text_or_empty(note));
		k.done_at = when ? when : cw_now(cw);
		k.status = TASK_DONE;
		if (!k.done_by || !k.note)
			st = cp_oom(err);
	}
	if (st == CP_OK)
		st = store_task_put(t, &k, err);
	if (st == CP_OK) {
		st = audit_task(cw, t, "task.done", &k, before, err);
		before = NULL;
	}
	free(before);
	cp_task_free(&k);
	return st;
}

cp_status casework_task_add_txn(casework *cw, store_txn *t, cp_task *k,
                                cp_error *err)
{
	cp_meeting m;
	CP_TRY(need_meeting(t, k->meeting_id, &m, err));
	cp_status st = CP_OK;
	if (strcmp(m.child_id, text_or_empty(k->child_id)))
		st = cp_fail(err, CP_BADINPUT, "task's child is not its meeting's");
	if (st == CP_OK)
		st = store_next_id(t, SEQ_TASK, &k->id, err);
	if (st == CP_OK)
		st = store_task_put(t, k, err);
	if (st == CP_OK) {
		char obj[40];
		snprintf(obj, sizeof obj, "task:%llu", (unsigned long long)k->id);
		st = audit(cw, t, "task.add", obj, k->child_id, NULL, false,
		           model_task_describe(k), err);
	}
	cp_meeting_free(&m);
	return st;
}

/* ---- reports and consultations ---------------------------------------- */
cp_status casework_report_received_txn(casework *cw, store_txn *t,
                                       uint64_t meeting_id,
                                       const char *agency, cp_date received,
                                       cp_date shared, cp_error *err)
{
	if (!text_nonempty(agency) || strlen(agency) > 200)
		return cp_fail(err, CP_BADINPUT, "an agency name is 1 to 200 bytes");
	if (received != CP_DATE_NONE && shared != CP_DATE_NONE &&
	    shared < received)
		return cp_fail(err, CP_BADINPUT,
		    "a report cannot be shared with the family before it came in");
	cp_meeting m;
	CP_TRY(need_meeting(t, meeting_id, &m, err));
	cp_report r;
	bool found = false;
	char *before = NULL;
	cp_report_init(&r);
	cp_status st = permit_meeting(cw->pm, t, ACCESS_RECORD_REPORTS, &m, err);
	if (st == CP_OK)
		st = store_report_get(t, meeting_id, agency, &r, &found, err);
	if (st == CP_OK && found && !(before = model_report_describe(&r)))
		st = cp_oom(err);
	if (st == CP_OK && !found) {
		cp_report_init(&r);
		r.meeting_id = meeting_id;
		if (!(r.agency = strdup(agency)))
			st = cp_oom(err);
	}
	if (st == CP_OK) {
		r.expected = true;
		if (received != CP_DATE_NONE)
			r.received = received;
		if (shared != CP_DATE_NONE)
			r.shared = shared;
		st = store_report_put(t, &r, err);
	}
	if (st == CP_OK) {
		char obj[40];
		snprintf(obj, sizeof obj, "meeting:%llu", (unsigned long long)meeting_id);
		st = audit(cw, t, "report.received", obj, m.child_id, before,
		           found, model_report_describe(&r), err);
		before = NULL;
	}
	free(before);
	cp_report_free(&r);
	cp_meeting_free(&m);
	return st;
}

cp_status casework_consult_add_txn(casework *cw, store_txn *t,
                                   const cp_consult *c, uint64_t *id,
                                   cp_error *err)
{
	if (!policy_consult_kind_find(cw->pol, text_or_empty(c->kind)))
		return cp_fail(err, CP_BADINPUT,
		               "policy '%s' has no consultation kind '%s'",
		               cw->pol->id, text_or_empty(c->kind));
	if (c->date == CP_DATE_NONE)
		return cp_fail(err, CP_BADINPUT, "a consultation needs a date");
	cp_child child;
	cp_worker w;
	CP_TRY(cw_need_child(t, c->child_id, &child, err));
	cp_consult k = *c;
	k.chair = (char *)(text_nonempty(c->chair) ? c->chair : text_or_empty(cw->actor));
	k.social_worker = c->social_worker ? c->social_worker
	                                   : child.social_worker;
	cp_status st = permit_consult(cw->pm, t, ACCESS_LOG_CONSULTATIONS, &k,
	                              err);
	if (st == CP_OK)
		st = need_worker(t, k.chair, "chair", &w, err);
	if (st == CP_OK)
		cp_worker_free(&w);
	if (st == CP_OK)
		st = store_next_id(t, SEQ_CONSULT, &k.id, err);
	if (st == CP_OK)
		st = store_consult_put(t, &k, err);
	if (st == CP_OK) {
		char obj[40];
		snprintf(obj, sizeof obj, "consultation:%llu",
		         (unsigned long long)k.id);
		st = audit(cw, t, "consultation.add", obj, child.id, NULL, false,
		           model_consult_describe(&k), err);
	}
	if (st == CP_OK && id)
		*id = k.id;
	cp_child_free(&child);
	return st;
}

/* ---- one-transaction forms -------------------------------------------- */
cp_status casework_worker_add(casework *cw, const cp_worker *w, cp_error *err)
{
	op o = { .cw = cw, .kind = OP_WORKER_ADD, .in = w };
	return run(&o, err);
}

cp_status casework_worker_update(casework *cw, const cp_worker *w,
                                 cp_error *err)
{
	op o = { .cw = cw, .kind = OP_WORKER_UPDATE, .in = w };
	return run(&o, err);
}

cp_status casework_child_add(casework *cw, const cp_child *c, cp_error *err)
{
	op o = { .cw = cw, .kind = OP_CHILD_ADD, .in = c };
	return run(&o, err);
}

cp_status casework_meeting_add(casework *cw, const cw_meeting_new *in,
                               uint64_t *id, char warn[CW_WARN_MAX],
                               cp_error *err)
{
	op o = { .cw = cw, .kind = OP_MEETING_ADD, .in = in, .out_id = id,
	         .warn = warn };
	return run(&o, err);
}

cp_status casework_meeting_move(casework *cw, uint64_t id, cp_date new_date,
                                int minutes, const char *reason,
                                char warn[CW_WARN_MAX], cp_error *err)
{
	op o = { .cw = cw, .kind = OP_MOVE, .id = id, .date = new_date,
	         .minutes = minutes, .s1 = reason, .warn = warn };
	return run(&o, err);
}

cp_status casework_meeting_cancel(casework *cw, uint64_t id,
                                  const char *reason,
                                  const char *const *approvers,
                                  size_t napprovers, cp_error *err)
{
	op o = { .cw = cw, .kind = OP_CANCEL, .id = id, .s1 = reason,
	         .list = approvers, .nlist = napprovers };
	return run(&o, err);
}

cp_status casework_meeting_outcome(casework *cw, uint64_t id,
                                   const cw_outcome *oc, uint64_t *next_id,
                                   char warn[CW_WARN_MAX], cp_error *err)
{
	op o = { .cw = cw, .kind = OP_OUTCOME, .id = id, .in = oc,
	         .out_id = next_id, .warn = warn };
	return run(&o, err);
}

cp_status casework_task_done(casework *cw, uint64_t task_id, const char *by,
                             int64_t when, const char *note, cp_error *err)
{
	op o = { .cw = cw, .kind = OP_DONE, .id = task_id, .s1 = by,
	         .when = when, .s2 = note };
	return run(&o, err);
}

cp_status casework_report_received(casework *cw, uint64_t meeting_id,
                                   const char *agency, cp_date received,
                                   cp_date shared, cp_error *err)
{
	op o = { .cw = cw, .kind = OP_REPORT, .id = meeting_id, .s1 = agency,
	         .date = received, .date2 = shared };
	return run(&o, err);
}

cp_status casework_consult_add(casework *cw, const cp_consult *c,
                               uint64_t *id, cp_error *err)
{
	op o = { .cw = cw, .kind = OP_CONSULT, .in = c, .out_id = id };
	return run(&o, err);
}

/* ---- checking ---------------------------------------------------------- */
typedef struct meet_check {
	casework *cw;
	store_txn *t;
	size_t meetings, problems;
	cp_status st;
	cp_error *err;
	char first[512];
	/* the current meeting's step tasks, by step id */
	const timeline_entry *tl;
	size_t ntl;
	unsigned *seen;       /* tasks a step, any status */
	unsigned *live;       /* of which open or done */
	uint64_t mid;
	size_t extra;
} meet_check;

static void meet_problem(meet_check *mc, uint64_t mid, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void meet_problem(meet_check *mc, uint64_t mid, const char *fmt, ...)
{
	if (mc->problems++ == 0) {
		int n = snprintf(mc->first, sizeof mc->first, "meeting %llu: ",
		                 (unsigned long long)mid);
		va_list ap;
		va_start(ap, fmt);
		if (n > 0 && (size_t)n < sizeof mc->first)
			vsnprintf(mc->first + n, sizeof mc->first - (size_t)n, fmt, ap);
		va_end(ap);
	}
}

static bool check_task_step(void *ctx, const cp_task *k)
{
	meet_check *mc = ctx;
	if (k->kind != TASK_STEP)
		return true;   /* escalations and reminders come and go */
	for (size_t i = 0; i < mc->ntl; i++)
		if (!strcmp(mc->tl[i].step->id, text_or_empty(k->step_id))) {
			mc->seen[i]++;
			if (k->status != TASK_CANCELLED)
				mc->live[i]++;
			return true;
		}
	/* A done or cancelled task of a step an earlier policy had is
	 * history; an open one is work nobody's policy asks for. */
	if (k->status == TASK_OPEN) {
		mc->extra++;
		meet_problem(mc, mc->mid,
		    "open task %llu is for step '%s', not in the policy's timeline",
		    (unsigned long long)k->id, text_or_empty(k->step_id));
	}
	return true;
}

/* Must step task e of meeting m exist?  A policy switch changes the
 * future, not history: it adds no task to a cancelled meeting, nor for a
 * step due before a held one, so those steps may have none.  Any task
 * there is still checked (one open or done at most; none open for a
 * step the timeline lacks). */
static bool step_required(const cp_meeting *m, const timeline_entry *e)
{
	if (m->status == MEETING_CANCELLED)
		return false;
	return m->status != MEETING_HELD || e->due >= m->date;
}

/* The meeting's step tasks against timeline tl (n steps; none: every
 * open step task is a problem). */
static bool check_tasks(meet_check *mc, const cp_meeting *m,
                        const timeline_entry *tl, size_t n)
{
	unsigned *seen = calloc(n ? 2 * n : 1, sizeof *seen);
	if (!seen) {
		mc->st = cp_oom(mc->err);
		return false;
	}
	mc->tl = tl;
	mc->ntl = n;
	mc->seen = seen;
	mc->live = seen + n;
	mc->mid = m->id;
	mc->st = store_tasks_for_meeting(mc->t, m->id, check_task_step, mc,
	                                 mc->err);
	for (size_t i = 0; mc->st == CP_OK && i < n; i++)
		if ((seen[i] == 0 && step_required(m, &tl[i])) || mc->live[i] > 1)
			meet_problem(mc, m->id,
			    "step '%s' has %u tasks (%u open or done), want one",
			    tl[i].step->id, seen[i], mc->live[i]);
	free(seen);
	mc->tl = NULL;
	mc->seen = mc->live = NULL;
	return mc->st == CP_OK;
}

static bool check_one_meeting(void *ctx, const cp_meeting *m)
{
	meet_check *mc = ctx;
	mc->meetings++;
	timeline_entry *tl = NULL;
	size_t n = 0;
	cp_error e;
	bool cancelled = m->status == MEETING_CANCELLED;
	/* A cancelled meeting of a type or with anchors a later policy
	 * lacks is history (a switch allows it): no open step task only. */
	if (!policy_meeting_find(mc->cw->pol, text_or_empty(m->type))) {
		if (cancelled)
			return check_tasks(mc, m, NULL, 0);
		meet_problem(mc, m->id, "type '%s' is not in the store's policy",
		             text_or_empty(m->type));
		return true;
	}
	if (schedule_timeline(mc->cw->pol, mc->cw->cal, m->type, m->date,
	                      m->minutes, m->anchors, m->nanchors, &tl, &n,
	                      &e) != CP_OK) {
		if (cancelled)
			return check_tasks(mc, m, NULL, 0);
		meet_problem(mc, m->id, "no timeline: %s", e.msg);
		return true;
	}
	bool more = check_tasks(mc, m, tl, n);
	free(tl);
	return more;
}

cp_status casework_check_meetings(casework *cw, size_t *nmeetings,
                                  cp_error *err)
{
	store_txn *t;
	meet_check mc = { .cw = cw, .st = CP_OK, .err = err };
	if (nmeetings)
		*nmeetings = 0;
	CP_TRY(store_read_begin(cw->st, &t, err));
	mc.t = t;
	cp_status st = store_meetings_between(t, CP_DATE_NONE, STORE_DATE_MAX, 0,
	                                      check_one_meeting, &mc, err);
	store_read_end(t);
	if (st == CP_OK)
		st = mc.st;
	if (st != CP_OK)
		return st;
	if (nmeetings)
		*nmeetings = mc.meetings;
	if (mc.problems)
		return cp_fail(err, CP_FAILED,
		    "store %s: %zu problems with meetings' tasks: %s",
		    store_path(cw->st), mc.problems, mc.first);
	return CP_OK;
}

/* ---- switching policy -------------------------------------------------- */
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

/* ---- reassignment ------------------------------------------------------ */
/* What moves, collected first (ids and logins), then changed: no writes
 * under an open cursor.  The same walk counts what a worker holds for
 * worker leave (to NULL: no role checks). */
typedef char login_buf[MODEL_ID_MAX + 1];

typedef struct rplan {
	const policy *pol;
	const char *from, *to, *child;   /* child: the --child filter or NULL */
	role_set to_roles;               /* every role when only counting */
	login_buf *children;
	size_t nchildren, capchildren;
	uint64_t *tasks;
	size_t ntasks, captasks;
	uint64_t *meetings;
	size_t nmeetings, capmeetings;
	size_t chaired, clerked;
	login_buf *workers;
	size_t nworkers, capworkers;
	/* roles the moved work needs: how many items each, and the first
	 * item (in the order above) that TO cannot take */
	size_t need[ROLE_COUNT];
	int lacking;                     /* a cp_role, or -1 */
	char lacking_what[200];
	bool oom;
} rplan;

static void rplan_free(rplan *p)
{
	free(p->children);
	free(p->tasks);
	free(p->meetings);
	free(p->workers);
	p->children = p->workers = NULL;
	p->tasks = p->meetings = NULL;
	p->nchildren = p->ntasks = p->nmeetings = p->nworkers = 0;
	p->capchildren = p->captasks = p->capmeetings = p->capworkers = 0;
}

/* Item `what` needs role r of TO. */
static void rplan_needs(rplan *p, cp_role r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void rplan_needs(rplan *p, cp_role r, const char *fmt, ...)
{
	if ((unsigned)r >= ROLE_COUNT)
		return;
	p->need[r]++;
	if (p->lacking >= 0 || (p->to_roles & ROLE_BIT(r)))
		return;
	p->lacking = (int)r;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->lacking_what, sizeof p->lacking_what, fmt, ap);
	va_end(ap);
}

static bool rplan_login(login_buf **v, size_t *n, size_t *cap,
                        const char *s)
{
	if (!vec_room((void **)v, cap, *n, sizeof **v, 16))
		return false;
	snprintf((*v)[(*n)++], sizeof **v, "%s", s);
	return true;
}

static bool rplan_id(uint64_t **v, size_t *n, size_t *cap, uint64_t id)
{
	if (!vec_room((void **)v, cap, *n, sizeof **v, 32))
		return false;
	(*v)[(*n)++] = id;
	return true;
}

static bool plan_child(void *ctx, const cp_child *c)
{
	rplan *p = ctx;
	if (strcmp(c->social_worker, p->from))
		return true;
	if (!rplan_login(&p->children, &p->nchildren, &p->capchildren, c->id))
		return !(p->oom = true);
	rplan_needs(p, ROLE_SOCIAL_WORKER, "child %s's allocation", c->id);
	return true;
}

static bool plan_task(void *ctx, const cp_task *k)
{
	rplan *p = ctx;
	if (k->status != TASK_OPEN || strcmp(k->assignee, p->from) ||
	    (p->child && strcmp(k->child_id, p->child)))
		return true;
	if (!rplan_id(&p->tasks, &p->ntasks, &p->captasks, k->id))
		return !(p->oom = true);
	rplan_needs(p, k->role, "task %llu, step '%s' for child %s",
	            (unsigned long long)k->id, k->step_id, k->child_id);
	return true;
}

static bool plan_meeting(void *ctx, const cp_meeting *m)
{
	rplan *p = ctx;
	bool chair = !strcmp(m->chair, p->from);
	bool clerk = !strcmp(m->minute_taker, p->from);
	if (m->status != MEETING_SCHEDULED || (!chair && !clerk))
		return true;
	if (!rplan_id(&p->meetings, &p->nmeetings, &p->capmeetings, m->id))
		return !(p->oom = true);
	if (chair) {
		const policy_meeting *pm = policy_meeting_find(p->pol, m->type);
		p->chaired++;
		rplan_needs(p, pm ? pm->chair_role : ROLE_CP_CHAIR,
		            "chairing meeting %llu (%s for child %s)",
		            (unsigned long long)m->id, m->type, m->child_id);
	}
	if (clerk) {
		p->clerked++;
		rplan_needs(p, ROLE_MINUTE_TAKER,
		            "minutes of meeting %llu (%s for child %s)",
		            (unsigned long long)m->id, m->type, m->child_id);
	}
	return true;
}

/* Current workers FROM manages.  A social worker's manager takes the
 * team-manager steps, a team manager's the service-manager ones. */
static bool plan_worker(void *ctx, const cp_worker *w)
{
	rplan *p = ctx;
	if (w->left || strcmp(w->manager, p->from))
		return true;
	if (!rplan_login(&p->workers, &p->nworkers, &p->capworkers, w->login))
		return !(p->oom = true);
	if (p->to && !strcmp(w->login, p->to))
		return true;   /* TO's own manager: becomes FROM's manager */
	if (w->roles & ROLE_BIT(ROLE_SOCIAL_WORKER))
		rplan_needs(p, ROLE_TEAM_MANAGER, "managing social worker %s",
		            w->login);
	if (w->roles & ROLE_BIT(ROLE_TEAM_MANAGER))
		rplan_needs(p, ROLE_SERVICE_MANAGER, "managing team manager %s",
		            w->login);
	return true;
}

/* Walk the store for what FROM holds (for child, only that child's). */
static cp_status plan_walk(store_txn *t, rplan *p, cp_error *err)
{
	cp_status st = CP_OK;
	if (p->child) {
		cp_child c;
		CP_TRY(cw_need_child(t, p->child, &c, err));
		plan_child(p, &c);
		cp_child_free(&c);
	} else {
		st = store_children_for_worker(t, p->from, plan_child, p, err);
	}
	if (st == CP_OK && !p->oom)
		st = store_tasks_for_assignee(t, p->from, TASK_OPEN, CP_DATE_NONE,
		                              STORE_DATE_MAX, 0, plan_task, p, err);
	/* No minute-taker index: every meeting (or the child's) is read.
	 * Reassigning is rare; a borough's meetings take milliseconds. */
	if (st == CP_OK && !p->oom)
		st = p->child ? store_meetings_for_child(t, p->child, plan_meeting,
		                                         p, err)
		              : store_meetings_between(t, CP_DATE_NONE,
		                                       STORE_DATE_MAX, 0,
		                                       plan_meeting, p, err);
	if (st == CP_OK && !p->oom && !p->child)
		st = store_worker_list(t, plan_worker, p, err);
	if (st == CP_OK && p->oom)
		st = cp_oom(err);
	return st;
}

static void plan_counts(const rplan *p, cw_work_counts *out)
{
	if (!out)
		return;
	*out = (cw_work_counts){
		.children = p->nchildren, .tasks = p->ntasks,
		.meetings = p->nmeetings, .chaired = p->chaired,
		.clerked = p->clerked, .workers = p->nworkers,
	};
}

cp_status casework_worker_work_txn(casework *cw, store_txn *t,
                                   const char *login, cw_work_counts *out,
                                   cp_error *err)
{
	cp_worker w;
	bool found;
	memset(out, 0, sizeof *out);
	CP_TRY(get_worker(t, text_or_empty(login), &w, &found, err));
	if (!found)
		return cp_fail(err, CP_BADINPUT,
		    "no worker '%s' in this store (cpdesk worker list shows them)",
		    text_or_empty(login));
	cp_worker_free(&w);
	rplan p = { .pol = cw->pol, .from = login, .lacking = -1,
	            .to_roles = ~(role_set)0 };
	cp_status st = plan_walk(t, &p, err);
	if (st == CP_OK)
		plan_counts(&p, out);
	rplan_free(&p);
	return st;
}

/* The workers a reassignment names, checked. */
static cp_status reassign_people(store_txn *t, const cw_reassign *in,
                                 cp_worker *from, cp_worker *to,
                                 cp_error *err)
{
	bool found;
	memset(to, 0, sizeof *to);
	if (!text_nonempty(in->from) || !text_nonempty(in->to))
		return cp_fail(err, CP_BADINPUT,
		               "reassigning needs --from LOGIN and --to LOGIN");
	if (!text_nonempty(in->reason))
		return cp_fail(err, CP_BADINPUT,
		               "reassigning needs a reason (--reason TEXT)");
	CP_TRY(cw_too_long("the reason", in->reason, CW_NOTE_MAX, err));
	if (!strcmp(in->from, in->to))
		return cp_fail(err, CP_REFUSED,
		    "--from and --to are both '%s': name the worker who takes "
		    "the work over", in->from);
	CP_TRY(get_worker(t, in->from, from, &found, err));
	if (!found)
		return cp_fail(err, CP_REFUSED,
		    "--from '%s' is not a worker in this store (cpdesk worker "
		    "list shows them)", in->from);
	cp_status st = get_worker(t, in->to, to, &found, err);
	if (st == CP_OK && !found)
		st = cp_fail(err, CP_REFUSED,
		    "--to '%s' is not a worker in this store (cpdesk worker list "
		    "shows them)", in->to);
	else if (st == CP_OK && to->left)
		st = cp_fail(err, CP_REFUSED,
		    "--to '%s' has left: choose a current worker (cpdesk worker "
		    "list --current)", in->to);
	if (st != CP_OK) {
		cp_worker_free(from);
		cp_worker_free(to);
	}
	return st;
}

static cp_status move_child(casework *cw, store_txn *t, const char *id,
                            const char *to, cp_error *err)
{
	cp_child c;
	CP_TRY(cw_need_child(t, id, &c, err));
	char *before = model_child_describe(&c);
	cp_status st = cw_set_str(&c.social_worker, to, err);
	if (st == CP_OK)
		st = store_child_put(t, &c, err);
	if (st == CP_OK) {
		char obj[MODEL_ID_MAX + 16];
		snprintf(obj, sizeof obj, "child:%s", c.id);
		st = audit(cw, t, "child.reassign", obj, c.id, before, true,
		           model_child_describe(&c), err);
		before = NULL;
	}
	free(before);
	cp_child_free(&c);
	return st;
}

static cp_status move_task(casework *cw, store_txn *t, uint64_t id,
                           const char *to, cp_error *err)
{
	cp_task k;
	bool found;
	CP_TRY(store_task_get(t, id, &k, &found, err));
	if (!found)
		return cp_fail(err, CP_FAILED, "task %llu vanished during the "
		               "reassignment", (unsigned long long)id);
	char *before = model_task_describe(&k);
	cp_status st = cw_set_str(&k.assignee, to, err);
	if (st == CP_OK)
		st = store_task_put(t, &k, err);
	if (st == CP_OK) {
		st = audit_task(cw, t, "task.reassign", &k, before, err);
		before = NULL;
	}
	free(before);
	cp_task_free(&k);
	return st;
}

static cp_status move_meeting(casework *cw, store_txn *t, uint64_t id,
                              const char *from, const char *to,
                              cp_error *err)
{
	cp_meeting m;
	CP_TRY(need_meeting(t, id, &m, err));
	char *before = model_meeting_describe(&m);
	cp_status st = CP_OK;
	if (!strcmp(m.chair, from))
		st = cw_set_str(&m.chair, to, err);
	if (st == CP_OK && !strcmp(m.minute_taker, from))
		st = cw_set_str(&m.minute_taker, to, err);
	if (st == CP_OK)
		st = store_meeting_put(t, &m, err);
	if (st == CP_OK) {
		st = audit_meeting(cw, t, "meeting.reassign", &m, before, err);
		before = NULL;
	}
	free(before);
	cp_meeting_free(&m);
	return st;
}

static cp_status move_worker(casework *cw, store_txn *t, const char *login,
                             const char *manager, cp_error *err)
{
	cp_worker w;
	bool found;
	CP_TRY(get_worker(t, login, &w, &found, err));
	if (!found)
		return cp_fail(err, CP_FAILED, "worker %s vanished during the "
		               "reassignment", login);
	char *before = model_worker_describe(&w);
	cp_status st = cw_set_str(&w.manager, manager, err);
	if (st == CP_OK)
		st = store_worker_put(t, &w, err);
	if (st == CP_OK) {
		char obj[MODEL_ID_MAX + 16];
		snprintf(obj, sizeof obj, "worker:%s", w.login);
		st = audit(cw, t, "worker.reassign", obj, NULL, before, true,
		           model_worker_describe(&w), err);
		before = NULL;
	}
	free(before);
	cp_worker_free(&w);
	return st;
}

static cp_status apply_plan(casework *cw, store_txn *t, const cw_reassign *in,
                            const rplan *p, const cp_worker *from,
                            cp_error *err)
{
	for (size_t i = 0; i < p->nchildren; i++)
		CP_TRY(move_child(cw, t, p->children[i], in->to, err));
	for (size_t i = 0; i < p->ntasks; i++)
		CP_TRY(move_task(cw, t, p->tasks[i], in->to, err));
	for (size_t i = 0; i < p->nmeetings; i++)
		CP_TRY(move_meeting(cw, t, p->meetings[i], in->from, in->to, err));
	/* TO's own manager, when it was FROM, becomes FROM's manager (never
	 * TO itself). */
	const char *above = strcmp(from->manager, in->to) ? from->manager : "";
	for (size_t i = 0; i < p->nworkers; i++)
		CP_TRY(move_worker(cw, t, p->workers[i],
		                strcmp(p->workers[i], in->to) ? in->to : above,
		                err));
	size_t need = strlen(in->from) + strlen(in->to) +
	              strlen(text_or_empty(in->child_id)) + strlen(in->reason) + 200;
	char *after = malloc(need);
	if (after)
		snprintf(after, need, "from=%s to=%s%s%s children=%zu tasks=%zu "
		         "meetings=%zu workers=%zu reason=\"%s\"", in->from, in->to,
		         p->child ? " child=" : "", p->child ? p->child : "",
		         p->nchildren, p->ntasks, p->nmeetings, p->nworkers,
		         in->reason);
	char obj[MODEL_ID_MAX + 16];
	snprintf(obj, sizeof obj, "worker:%s", in->from);
	return audit(cw, t, "reassign", obj, in->child_id, NULL, false, after,
	             err);
}

/* *empty: nothing to move (then nothing is written). */
/* Reassigning needs the policy's reassign role, reaching the child (or,
 * for all of a worker's work, that worker's own cases). */
static cp_status may_reassign(casework *cw, store_txn *t, const char *from,
                              const char *child_id, cp_error *err)
{
	if (!cw->pm)
		return CP_OK;
	CP_TRY(permit_may(cw->pm, ACCESS_REASSIGN, err));
	cp_child c;
	bool found = false;
	cp_child_init(&c);
	if (text_nonempty(child_id))
		CP_TRY(store_child_get(t, child_id, &c, &found, err));
	cp_child probe = { .id = (char *)"", .social_worker = (char *)text_or_empty(from) };
	cp_status st = permit_child(cw->pm, t, ACCESS_REASSIGN,
	                            found ? &c : &probe, err);
	if (found)
		cp_child_free(&c);
	return st;
}

static cp_status reassign(casework *cw, store_txn *t, const cw_reassign *in,
                          bool write, cw_work_counts *out, bool *empty,
                          cp_error *err)
{
	cp_worker from, to;
	if (out)
		memset(out, 0, sizeof *out);
	*empty = false;
	CP_TRY(may_reassign(cw, t, in->from, in->child_id, err));
	CP_TRY(reassign_people(t, in, &from, &to, err));
	rplan p = { .pol = cw->pol, .from = in->from, .to = in->to,
	            .child = text_nonempty(in->child_id) ? in->child_id : NULL,
	            .to_roles = to.roles, .lacking = -1 };
	cp_status st = plan_walk(t, &p, err);
	if (st == CP_OK && p.lacking >= 0) {
		cp_role r = (cp_role)p.lacking;
		st = cp_fail(err, CP_REFUSED,
		    "'%s' does not hold the role %s (%s) that %zu of the moves "
		    "need (first: %s): choose a --to who holds it (cpdesk worker "
		    "list --role %s)", in->to, role_name(r),
		    policy_role_title(cw->pol, r), p.need[r], p.lacking_what,
		    role_name(r));
	}
	*empty = !(p.nchildren || p.ntasks || p.nmeetings || p.nworkers);
	if (st == CP_OK)
		plan_counts(&p, out);
	if (st == CP_OK && write && !*empty)
		st = apply_plan(cw, t, in, &p, &from, err);
	rplan_free(&p);
	cp_worker_free(&from);
	cp_worker_free(&to);
	return st;
}

cp_status casework_reassign_txn(casework *cw, store_txn *t,
                                const cw_reassign *in, cw_work_counts *out,
                                cp_error *err)
{
	bool empty;
	return reassign(cw, t, in, !in->dry_run, out, &empty, err);
}

typedef struct reassign_ctx {
	casework *cw;
	const cw_reassign *in;
	cw_work_counts counts;
	bool empty;
} reassign_ctx;

static cp_status reassign_write(store_txn *t, void *ctx, cp_error *err)
{
	reassign_ctx *r = ctx;
	CP_TRY(reassign(r->cw, t, r->in, true, &r->counts, &r->empty, err));
	/* Nothing moved: abort rather than commit an empty transaction
	 * (which would make every console redraw for nothing). */
	return r->empty ? CP_REFUSED : CP_OK;
}

cp_status casework_reassign(casework *cw, const cw_reassign *in,
                            cw_work_counts *out, cp_error *err)
{
	if (out)
		memset(out, 0, sizeof *out);
	reassign_ctx r = { .cw = cw, .in = in };
	cp_status st;
	if (in->dry_run) {
		store_txn *t;
		CP_TRY(store_read_begin(cw->st, &t, err));
		st = reassign(cw, t, in, false, &r.counts, &r.empty, err);
		store_read_end(t);
	} else {
		st = store_write(cw->st, reassign_write, &r, err);
		if (st == CP_REFUSED && r.empty)
			st = CP_OK;
	}
	if (st == CP_OK && out)
		*out = r.counts;
	return st;
}

/* ---- leaving ----------------------------------------------------------- */
cp_status casework_worker_leave_txn(casework *cw, store_txn *t,
                                    const char *login, const char *reason,
                                    cp_error *err)
{
	if (!text_nonempty(reason))
		return cp_fail(err, CP_BADINPUT,
		               "marking a worker as left needs a reason (--reason TEXT)");
	CP_TRY(cw_too_long("the reason", reason, CW_NOTE_MAX, err));
	CP_TRY(may_reassign(cw, t, login, NULL, err));
	cp_worker w;
	bool found;
	CP_TRY(get_worker(t, text_or_empty(login), &w, &found, err));
	if (!found)
		return cp_fail(err, CP_BADINPUT,
		    "no worker '%s' in this store (cpdesk worker list shows them)",
		    text_or_empty(login));
	cw_work_counts n;
	cp_status st = CP_OK;
	if (w.left)
		st = cp_fail(err, CP_REFUSED, "worker '%s' has already left", login);
	if (st == CP_OK)
		st = casework_worker_work_txn(cw, t, login, &n, err);
	if (st == CP_OK && (n.children || n.tasks || n.meetings || n.workers)) {
		/* only what they hold: "2 children, 6 open tasks and 1
		 * scheduled meeting as chair or minute taker" */
		char part[4][96], held[400] = "";
		size_t np = 0;
		if (n.children)
			snprintf(part[np++], sizeof part[0], "%zu %s", n.children,
			         n.children == 1 ? "child" : "children");
		if (n.tasks)
			snprintf(part[np++], sizeof part[0], "%zu open task%s",
			         n.tasks, n.tasks == 1 ? "" : "s");
		if (n.meetings)
			snprintf(part[np++], sizeof part[0], "%zu scheduled meeting%s "
			         "as chair or minute taker", n.meetings,
			         n.meetings == 1 ? "" : "s");
		if (n.workers)
			snprintf(part[np++], sizeof part[0], "%zu current worker%s "
			         "they manage", n.workers, n.workers == 1 ? "" : "s");
		for (size_t i = 0; i < np; i++) {
			size_t used = strlen(held);
			snprintf(held + used, sizeof held - used, "%s%s",
			         i == 0 ? "" : i + 1 == np ? " and " : ", ", part[i]);
		}
		st = cp_fail(err, CP_REFUSED,
		    "worker '%s' still holds %s: move them first with cpdesk "
		    "reassign --from %s --to LOGIN --reason TEXT", login, held,
		    login);
	}
	char *before = st == CP_OK ? model_worker_describe(&w) : NULL;
	if (st == CP_OK && !before)
		st = cp_oom(err);
	if (st == CP_OK) {
		w.left = true;
		st = store_worker_put(t, &w, err);
	}
	if (st == CP_OK) {
		char *desc = model_worker_describe(&w);
		size_t need = (desc ? strlen(desc) : 0) + strlen(reason) + 16;
		char *after = desc ? malloc(need) : NULL;
		if (after)
			snprintf(after, need, "%s reason=\"%s\"", desc, reason);
		free(desc);
		char obj[MODEL_ID_MAX + 16];
		snprintf(obj, sizeof obj, "worker:%s", w.login);
		st = audit(cw, t, "worker.left", obj, NULL, before, true, after,
		           err);
		before = NULL;
	}
	free(before);
	cp_worker_free(&w);
	return st;
}

typedef struct leave_ctx {
	casework *cw;
	const char *login, *reason;
} leave_ctx;

static cp_status leave_write(store_txn *t, void *ctx, cp_error *err)
{
	leave_ctx *l = ctx;
	return casework_worker_leave_txn(l->cw, t, l->login, l->reason, err);
}

cp_status casework_worker_leave(casework *cw, const char *login,
                                const char *reason, cp_error *err)
{
	leave_ctx l = { cw, login, reason };
	return store_write(cw->st, leave_write, &l, err);
}

/* ---- reads on the record ----------------------------------------------- */
typedef struct view_ctx {
	casework *cw;
	const char *child;
	uint64_t meeting;
	const char *how;
} view_ctx;

static cp_status view_write(store_txn *t, void *ctx, cp_error *err)
{
	view_ctx *v = ctx;
	char obj[MODEL_ID_MAX + 16];
	char *child = NULL;
	if (v->meeting) {
		cp_meeting m;
		CP_TRY(need_meeting(t, v->meeting, &m, err));
		/* only what the reader may see is shown (and recorded) */
		cp_status st = permit_meeting(v->cw->pm, t, PERMIT_SEE, &m, err);
		if (st != CP_OK) {
			cp_meeting_free(&m);
			return st;
		}
		child = m.child_id;
		m.child_id = NULL;
		cp_meeting_free(&m);
		snprintf(obj, sizeof obj, "meeting:%llu",
		         (unsigned long long)v->meeting);
	} else {
		cp_child c;
		CP_TRY(cw_need_child(t, v->child, &c, err));
		cp_status st = permit_child(v->cw->pm, t, PERMIT_SEE, &c, err);
		if (st != CP_OK) {
			cp_child_free(&c);
			return st;
		}
		child = c.id;
		c.id = NULL;
		cp_child_free(&c);
		snprintf(obj, sizeof obj, "child:%s", child);
	}
	size_t need = strlen(v->how) + 48;
	char *after = malloc(need);
	if (after && v->meeting)
		snprintf(after, need, "how=\"%s\" meeting=%llu", v->how,
		         (unsigned long long)v->meeting);
	else if (after)
		snprintf(after, need, "how=\"%s\"", v->how);
	cp_status st = audit(v->cw, t, "child.view", obj, child, NULL, false,
	                     after, err);
	free(child);
	return st;
}

static cp_status viewed(casework *cw, view_ctx *v, cp_error *err)
{
	size_t n = v->how ? strlen(v->how) : 0;
	if (n == 0 || n > 64 || strchr(v->how, '"'))
		return cp_fail(err, CP_BADINPUT,
		               "internal error: a read's 'how' is 1-64 bytes");
	/* Quiet: a read changes nothing a console shows, so it must not
	 * make every console redraw (store.h). */
	return store_write_quiet(cw->st, view_write, v, err);
}

cp_status casework_child_viewed(casework *cw, const char *child_id,
                                const char *how, cp_error *err)
{
	if (!text_nonempty(child_id))
		return cp_fail(err, CP_BADINPUT, "no child named");
	view_ctx v = { .cw = cw, .child = child_id, .how = how };
	return viewed(cw, &v, err);
}

cp_status casework_meeting_viewed(casework *cw, uint64_t meeting_id,
                                  const char *how, cp_error *err)
{
	view_ctx v = { .cw = cw, .meeting = meeting_id, .how = how };
	if (!meeting_id)
		return cp_fail(err, CP_BADINPUT, "no meeting 0 in this store");
	return viewed(cw, &v, err);
}

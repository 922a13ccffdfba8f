/* codec.c - versioned, byte-order-independent records (see codec.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

/* ---- key pieces -------------------------------------------------------- */
void codec_put_u32(unsigned char out[4], uint32_t v)
{
	out[0] = (unsigned char)(v >> 24);
	out[1] = (unsigned char)(v >> 16);
	out[2] = (unsigned char)(v >> 8);
	out[3] = (unsigned char)v;
}

void codec_put_u64(unsigned char out[8], uint64_t v)
{
	codec_put_u32(out, (uint32_t)(v >> 32));
	codec_put_u32(out + 4, (uint32_t)v);
}

uint32_t codec_get_u32(const unsigned char in[4])
{
	return (uint32_t)in[0] << 24 | (uint32_t)in[1] << 16 |
	       (uint32_t)in[2] << 8 | (uint32_t)in[3];
}

uint64_t codec_get_u64(const unsigned char in[8])
{
	return (uint64_t)codec_get_u32(in) << 32 | codec_get_u32(in + 4);
}

/* Flipping the sign bit maps INT32_MIN..INT32_MAX onto 0..UINT32_MAX in
 * order, so memcmp sorts dates as numbers. */
void codec_put_date(unsigned char out[4], cp_date d)
{
	codec_put_u32(out, (uint32_t)d ^ 0x80000000u);
}

cp_date codec_get_date(const unsigned char in[4])
{
	uint32_t u = codec_get_u32(in) ^ 0x80000000u;
	return (cp_date)(int32_t)u;   /* implementation-defined, fine on gcc/clang */
}

/* ---- writer ------------------------------------------------------------ */
typedef struct wbuf {
	unsigned char *p;
	size_t len, cap;
	bool oom;
} wbuf;

static void w_raw(wbuf *b, const void *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n)
			cap *= 2;
		unsigned char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void w_u8(wbuf *b, unsigned v)
{
	unsigned char c = (unsigned char)v;
	w_raw(b, &c, 1);
}

static void w_u32(wbuf *b, uint32_t v)
{
	unsigned char k[4];
	codec_put_u32(k, v);
	w_raw(b, k, 4);
}

static void w_u64(wbuf *b, uint64_t v)
{
	unsigned char k[8];
	codec_put_u64(k, v);
	w_raw(b, k, 8);
}

static void w_i32(wbuf *b, int32_t v) { w_u32(b, (uint32_t)v); }
static void w_i64(wbuf *b, int64_t v) { w_u64(b, (uint64_t)v); }

static void w_strn(wbuf *b, const char *s, size_t n)
{
	if (n > UINT32_MAX) {
		b->oom = true;
		return;
	}
	w_u32(b, (uint32_t)n);
	w_raw(b, s, n);
}

static void w_str(wbuf *b, const char *s)
{
	w_strn(b, s ? s : "", s ? strlen(s) : 0);
}

static void w_head(wbuf *b, codec_rec_type type)
{
	w_u8(b, CODEC_VERSION);
	w_u8(b, type);
}

static cp_status w_finish(wbuf *b, unsigned char **buf, size_t *len,
                          cp_error *err)
{
	if (b->oom) {
		free(b->p);
		return cp_fail(err, CP_FAILED,
		               "out of memory (or a field over 4 GiB) encoding a record");
	}
	*buf = b->p;
	*len = b->len;
	return CP_OK;
}

/* ---- reader ------------------------------------------------------------ */
typedef struct rbuf {
	const unsigned char *p;
	size_t len, pos;
	const char *what;     /* "meeting" */
	cp_error *err;
	bool bad;             /* first problem already reported */
	int version;
} rbuf;

static void r_fail(rbuf *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void r_fail(rbuf *r, const char *fmt, ...)
{
	if (r->bad)
		return;
	r->bad = true;
	if (!r->err)
		return;
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	cp_fail(r->err, CP_FAILED, "damaged %s record: %s (%zu bytes)", r->what,
	        tmp, r->len);
}

static bool r_need(rbuf *r, size_t n, const char *field)
{
	if (r->bad)
		return false;
	if (n > r->len - r->pos) {
		r_fail(r, "%s at byte %zu runs past the end", field, r->pos);
		return false;
	}
	return true;
}

static unsigned r_u8(rbuf *r, const char *field)
{
	if (!r_need(r, 1, field))
		return 0;
	return r->p[r->pos++];
}

static uint32_t r_u32(rbuf *r, const char *field)
{
	if (!r_need(r, 4, field))
		return 0;
	uint32_t v = codec_get_u32(r->p + r->pos);
	r->pos += 4;
	return v;
}

static uint64_t r_u64(rbuf *r, const char *field)
{
	if (!r_need(r, 8, field))
		return 0;
	uint64_t v = codec_get_u64(r->p + r->pos);
	r->pos += 8;
	return v;
}

static int32_t r_i32(rbuf *r, const char *field)
{
	return (int32_t)r_u32(r, field);
}

static int64_t r_i64(rbuf *r, const char *field)
{
	return (int64_t)r_u64(r, field);
}

static bool r_flag(rbuf *r, const char *field)
{
	size_t at = r->pos;
	unsigned v = r_u8(r, field);
	if (v > 1)
		r_fail(r, "%s at byte %zu is %u, not 0 or 1", field, at, v);
	return v == 1;
}

/* An enum byte below `count`. */
static int r_enum(rbuf *r, unsigned count, const char *field)
{
	size_t at = r->pos;
	unsigned v = r_u8(r, field);
	if (!r->bad && v >= count) {
		r_fail(r, "%s at byte %zu is %u, out of range", field, at, v);
		return 0;
	}
	return (int)v;
}

/* A date: CP_DATE_NONE or within the years cpdesk accepts, so later
 * arithmetic on a damaged value cannot overflow. */
static cp_date r_date(rbuf *r, const char *field)
{
	size_t at = r->pos;
	cp_date d = r_i32(r, field);
	if (r->bad || d == CP_DATE_NONE)
		return d;
	cp_date date_lo = 0, date_hi = 0;
	date_from_ymd(CP_YEAR_MIN, 1, 1, &date_lo);
	date_from_ymd(CP_YEAR_MAX, 12, 31, &date_hi);
	if (d < date_lo || d > date_hi) {
		r_fail(r, "%s at byte %zu is not a date", field, at);
		return CP_DATE_NONE;
	}
	return d;
}

/* A length-prefixed string, returned malloc'd and NUL-terminated; NULL
 * after a failure (and "" is never NULL). */
static char *r_strn(rbuf *r, size_t *out_len, const char *field)
{
	size_t at = r->pos;
	uint32_t n = r_u32(r, field);
	if (r->bad)
		return NULL;
	if (n > r->len - r->pos) {
		r_fail(r, "%s at byte %zu says %u bytes, past the end", field,
		       at, n);
		return NULL;
	}
	if (memchr(r->p + r->pos, '\0', n)) {
		r_fail(r, "%s at byte %zu holds a NUL byte", field, at);
		return NULL;
	}
	char *s = malloc((size_t)n + 1);
	if (!s) {
		r->bad = true;
		cp_fail(r->err, CP_FAILED, "out of memory decoding a %s record",
		        r->what);
		return NULL;
	}
	memcpy(s, r->p + r->pos, n);
	s[n] = '\0';
	r->pos += n;
	if (out_len)
		*out_len = n;
	return s;
}

static char *r_str(rbuf *r, const char *field)
{
	return r_strn(r, NULL, field);
}

static void r_begin(rbuf *r, const unsigned char *buf, size_t len,
                    codec_rec_type type, const char *what, cp_error *err)
{
	memset(r, 0, sizeof *r);
	r->p = buf;
	r->len = buf ? len : 0;
	r->what = what;
	r->err = err;
	unsigned v = r_u8(r, "version");
	unsigned t = r_u8(r, "record type");
	if (r->bad)
		return;
	if (v == 0 || v > CODEC_VERSION) {
		r_fail(r, "format version %u; this cpdesk reads up to %d "
		       "(a newer cpdesk wrote it?)", v, CODEC_VERSION);
		return;
	}
	if (t != (unsigned)type)
		r_fail(r, "record type %u, expected %u", t, (unsigned)type);
	r->version = (int)v;
}

static cp_status r_end(rbuf *r)
{
	if (!r->bad && r->pos != r->len)
		r_fail(r, "%zu bytes left over after the last field",
		       r->len - r->pos);
	return r->bad ? CP_FAILED : CP_OK;
}

/* ---- worker ------------------------------------------------------------ */
cp_status codec_encode_worker(const cp_worker *w, unsigned char **buf,
                              size_t *len, cp_error *err)
{
	wbuf b = {0};
	w_head(&b, REC_WORKER);
	w_str(&b, w->login);
	w_str(&b, w->name);
	w_u32(&b, w->roles);
	w_str(&b, w->team);
	w_str(&b, w->manager);
	w_u8(&b, w->left);
	return w_finish(&b, buf, len, err);
}

cp_status codec_decode_worker(const unsigned char *buf, size_t len,
                              cp_worker *out, cp_error *err)
{
	rbuf r;
	memset(out, 0, sizeof *out);
	r_begin(&r, buf, len, REC_WORKER, "worker", err);
	out->login = r_str(&r, "login");
	out->name = r_str(&r, "name");
	size_t at = r.pos;
	out->roles = r_u32(&r, "roles");
	if (!r.bad && (out->roles >> ROLE_COUNT))
		r_fail(&r, "roles at byte %zu name an unknown role", at);
	out->team = r_str(&r, "team");
	out->manager = r_str(&r, "manager");
	out->left = r_flag(&r, "left");
	if (r_end(&r) != CP_OK) {
		cp_worker_free(out);
		return CP_FAILED;
	}
	return CP_OK;
}

/* ---- child ------------------------------------------------------------- */
cp_status codec_encode_child(const cp_child *c, unsigned char **buf,
                             size_t *len, cp_error *err)
{
	wbuf b = {0};
	w_head(&b, REC_CHILD);
	w_str(&b, c->id);
	w_str(&b, c->name);
	w_i32(&b, c->dob);
	w_str(&b, c->social_worker);
	w_i32(&b, c->cin_since);
	w_i32(&b, c->cp_since);
	w_i32(&b, c->looked_after_since);
	w_u8(&b, c->family_pref);
	return w_finish(&b, buf, len, err);
}

cp_status codec_decode_child(const unsigned char *buf, size_t len,
                             cp_child *out, cp_error *err)
{
	rbuf r;
	memset(out, 0, sizeof *out);
	r_begin(&r, buf, len, REC_CHILD, "child", err);
	out->id = r_str(&r, "id");
	out->name = r_str(&r, "name");
	out->dob = r_date(&r, "date of birth");
	out->social_worker = r_str(&r, "social worker");
	out->cin_since = r_date(&r, "cin-since");
	out->cp_since = r_date(&r, "cp-since");
	out->looked_after_since = r_date(&r, "looked-after-since");
	out->family_pref = (family_pref)r_enum(&r, FAMILY_PREF_COUNT,
	                                       "family preference");
	if (r_end(&r) != CP_OK) {
		cp_child_free(out);
		return CP_FAILED;
	}
	return CP_OK;
}

/* ---- meeting ----------------------------------------------------------- */
cp_status codec_encode_meeting(const cp_meeting *m, unsigned char **buf,
                               size_t *len, cp_error *err)
{
	wbuf b = {0};
	w_head(&b, REC_MEETING);
	w_u64(&b, m->id);
	w_str(&b, m->child_id);
	w_str(&b, m->type);
	w_i32(&b, m->date);
	w_i32(&b, m->minutes);
	w_str(&b, m->chair);
	w_str(&b, m->minute_taker);
	w_u8(&b, m->how);
	w_u32(&b, (uint32_t)m->nanchors);
	for (size_t i = 0; i < m->nanchors; i++) {
		w_str(&b, m->anchors[i].name);
		w_i32(&b, m->anchors[i].date);
	}
	w_u8(&b, m->status);
	w_i32(&b, m->nth);
	w_u64(&b, m->prev_id);
	w_i32(&b, m->cadence_by);
	w_u8(&b, m->cadence_exception);
	w_i32(&b, m->moved_from);
	w_str(&b, m->reason);
	w_str(&b, m->approved_by);
	const cp_outcome *o = &m->outcome;
	w_str(&b, o->decision);
	w_u8(&b, o->plan);
	w_str(&b, o->attendees);
	w_str(&b, o->reports);
	w_str(&b, o->views_missing);
	w_str(&b, o->summary);
	w_i32(&b, o->next_date);
	w_u64(&b, o->next_id);
	return w_finish(&b, buf, len, err);
}

static void r_anchors(rbuf *r, cp_meeting *m)
{
	size_t at = r->pos;
	uint32_t n = r_u32(r, "anchor count");
	if (r->bad || n == 0)
		return;
	/* Each anchor takes at least 8 bytes: bound n before allocating. */
	if (n > (r->len - r->pos) / 8) {
		r_fail(r, "anchor count at byte %zu (%u) exceeds the record",
		       at, n);
		return;
	}
	m->anchors = calloc(n, sizeof *m->anchors);
	if (!m->anchors) {
		r->bad = true;
		cp_fail(r->err, CP_FAILED, "out of memory decoding a meeting");
		return;
	}
	m->nanchors = n;
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		size_t nlen = 0;
		size_t nat = r->pos;
		char *name = r_strn(r, &nlen, "anchor name");
		if (name && (nlen == 0 || nlen >= OFFSET_ANCHOR_LEN))
			r_fail(r, "anchor name at byte %zu has %zu bytes", nat,
			       nlen);
		if (name && !r->bad)
			memcpy(m->anchors[i].name, name, nlen + 1);
		free(name);
		m->anchors[i].date = r_date(r, "anchor date");
	}
}

cp_status codec_decode_meeting(const unsigned char *buf, size_t len,
                               cp_meeting *out, cp_error *err)
{
	rbuf r;
	memset(out, 0, sizeof *out);
	r_begin(&r, buf, len, REC_MEETING, "meeting", err);
	out->id = r_u64(&r, "id");
	out->child_id = r_str(&r, "child");
	out->type = r_str(&r, "type");
	out->date = r_date(&r, "date");
	size_t at = r.pos;
	out->minutes = r_i32(&r, "time");
	if (!r.bad && (out->minutes < -1 || out->minutes > 1439))
		r_fail(&r, "time at byte %zu is %d minutes", at, out->minutes);
	out->chair = r_str(&r, "chair");
	out->minute_taker = r_str(&r, "minute taker");
	out->how = (meeting_how)r_enum(&r, HOW_COUNT, "how held");
	r_anchors(&r, out);
	out->status = (meeting_status)r_enum(&r, MEETING_STATUS_COUNT, "status");
	out->nth = r_i32(&r, "nth");
	out->prev_id = r_u64(&r, "previous meeting");
	out->cadence_by = r_date(&r, "cadence date");
	out->cadence_exception = r_flag(&r, "cadence exception");
	out->moved_from = r_date(&r, "moved-from");
	out->reason = r_str(&r, "reason");
	out->approved_by = r_str(&r, "approved-by");
	cp_outcome *o = &out->outcome;
	o->decision = r_str(&r, "decision");
	o->plan = (plan_decision)r_enum(&r, PLAN_COUNT, "plan");
	o->attendees = r_str(&r, "attendees");
	o->reports = r_str(&r, "reports");
	o->views_missing = r_str(&r, "views-missing");
	o->summary = r_str(&r, "summary");
	o->next_date = r_date(&r, "next date");
	o->next_id = r_u64(&r, "next meeting");
	if (r_end(&r) != CP_OK) {
		cp_meeting_free(out);
		return CP_FAILED;
	}
	return CP_OK;
}

/* ---- task -------------------------------------------------------------- */
cp_status codec_encode_task(const cp_task *t, unsigned char **buf,
                            size_t *len, cp_error *err)
{
	wbuf b = {0};
	w_head(&b, REC_TASK);
	w_u64(&b, t->id);
	w_u64(&b, t->meeting_id);
	w_str(&b, t->child_id);
	w_str(&b, t->step_id);
	w_u8(&b, t->role);
	w_str(&b, t->title);
	w_str(&b, t->assignee);
	w_i32(&b, t->due);
	w_u8(&b, t->status);
	w_str(&b, t->done_by);
	w_i64(&b, t->done_at);
	w_str(&b, t->note);
	w_u8(&b, t->kind);
	return w_finish(&b, buf, len, err);
}

cp_status codec_decode_task(const unsigned char *buf, size_t len,
                            cp_task *out, cp_error *err)
{
	rbuf r;
	memset(out, 0, sizeof *out);
	r_begin(&r, buf, len, REC_TASK, "task", err);
	out->id = r_u64(&r, "id");
	out->meeting_id = r_u64(&r, "meeting");
	out->child_id = r_str(&r, "child");
	out->step_id = r_str(&r, "step");
	out->role = (cp_role)r_enum(&r, ROLE_COUNT, "role");
	out->title = r_str(&r, "title");
	out->assignee = r_str(&r, "assignee");
	out->due = r_date(&r, "due date");
	out->status = (task_status)r_enum(&r, TASK_STATUS_COUNT, "status");
	out->done_by = r_str(&r, "done-by");
	out->done_at = r_i64(&r, "done-at");
	out->note = r_str(&r, "note");
	out->kind = (task_kind)r_enum(&r, TASK_KIND_COUNT, "kind");
	if (r_end(&r) != CP_OK) {
		cp_task_free(out);
		return CP_FAILED;
	}
	return CP_OK;
}

/* ---- report ------------------------------------------------------------ */
cp_status codec_encode_report(const cp_report *rp, unsigned char **buf,
                              size_t *len, cp_error *err)
{
	wbuf b = {0};
	w_head(&b, REC_REPORT);
	w_u64(&b, rp->meeting_id);
	w_str(&b, rp->agency);
	w_u8(&b, rp->expected);
	w_i32(&b, rp->received);
	w_i32(&b, rp->shared);
	return w_finish(&b, buf, len, err);
}

cp_status codec_decode_report(const unsigned char *buf, size_t len,
                              cp_report *out, cp_error *err)
{
	rbuf r;
	memset(out, 0, sizeof *out);
	r_begin(&r, buf, len, REC_REPORT, "report", err);
	out->meeting_id = r_u64(&r, "meeting");
	out->agency = r_str(&r, "agency");
	out->expected = r_flag(&r, "expected");
	out->received = r_date(&r, "received");
	out->shared = r_date(&r, "shared");
	if (r_end(&r) != CP_OK) {
		cp_report_free(out);
		return CP_FAILED;
	}
	return CP_OK;
}

/* ---- consultation ------------------------------------------------------ */
cp_status codec_encode_consult(const cp_consult *c, unsigned char **buf,
                               size_t *len, cp_error *err)
{
	wbuf b = {0};
	w_head(&b, REC_CONSULT);
	w_u64(&b, c->id);
	w_str(&b, c->kind);
	w_i32(&b, c->date);
	w_str(&b, c->chair);
	w_str(&b, c->child_id);
	w_str(&b, c->social_worker);
	w_str(&b, c->decision);
	w_str(&b, c->notes);
	return w_finish(&b, buf, len, err);
}

cp_status codec_decode_consult(const unsigned char *buf, size_t len,
                               cp_consult *out, cp_error *err)
{
	rbuf r;
	memset(out, 0, sizeof *out);
	r_begin(&r, buf, len, REC_CONSULT, "consultation", err);
	out->id = r_u64(&r, "id");
	out->kind = r_str(&r, "kind");
	out->date = r_date(&r, "date");
	out->chair = r_str(&r, "chair");
	out->child_id = r_str(&r, "child");
	out->social_worker = r_str(&r, "social worker");
	out->decision = r_str(&r, "decision");
	out->notes = r_str(&r, "notes");
	if (r_end(&r) != CP_OK) {
		cp_consult_free(out);
		return CP_FAILED;
	}
	return CP_OK;
}

/* ---- audit ------------------------------------------------------------- */
cp_status codec_encode_audit(const cp_audit *a, unsigned char **buf,
                             size_t *len, cp_error *err)
{
	wbuf b = {0};
	w_head(&b, REC_AUDIT);
	w_u64(&b, a->seq);
	w_i64(&b, a->time);
	w_str(&b, a->login);
	w_str(&b, a->action);
	w_str(&b, a->object);
	w_str(&b, a->child_id);
	w_str(&b, a->before);
	w_str(&b, a->after);
	return w_finish(&b, buf, len, err);
}

cp_status codec_decode_audit(const unsigned char *buf, size_t len,
                             cp_audit *out, cp_error *err)
{
	rbuf r;
	memset(out, 0, sizeof *out);
	r_begin(&r, buf, len, REC_AUDIT, "audit", err);
	out->seq = r_u64(&r, "sequence");
	out->time = r_i64(&r, "time");
	out->login = r_str(&r, "login");
	out->action = r_str(&r, "action");
	out->object = r_str(&r, "object");
	out->child_id = r_str(&r, "child");
	out->before = r_str(&r, "before");
	out->after = r_str(&r, "after");
	if (r_end(&r) != CP_OK) {
		cp_audit_free(out);
		return CP_FAILED;
	}
	return CP_OK;
}

/* ---- policy file ------------------------------------------------------- */
cp_status codec_encode_policy_file(const cp_policy_file *f,
                                   unsigned char **buf, size_t *len,
                                   cp_error *err)
{
	wbuf b = {0};
	w_head(&b, REC_POLICY_FILE);
	w_str(&b, f->name);
	w_str(&b, f->path);
	w_strn(&b, f->text ? f->text : "", f->text ? f->len : 0);
	w_u64(&b, f->hash);
	return w_finish(&b, buf, len, err);
}

cp_status codec_decode_policy_file(const unsigned char *buf, size_t len,
                                   cp_policy_file *out, cp_error *err)
{
	rbuf r;
	memset(out, 0, sizeof *out);
	r_begin(&r, buf, len, REC_POLICY_FILE, "policy file", err);
	out->name = r_str(&r, "name");
	out->path = r_str(&r, "path");
	out->text = r_strn(&r, &out->len, "text");
	out->hash = r_u64(&r, "hash");
	if (r_end(&r) != CP_OK) {
		cp_policy_file_free(out);
		return CP_FAILED;
	}
	return CP_OK;
}

/* ---- fuzzing ----------------------------------------------------------- */
int codec_fuzz_one(const unsigned char *buf, size_t len)
{
	int ok = 0;
	cp_error e;
	union {
		cp_worker w; cp_child c; cp_meeting m; cp_task t;
		cp_report r; cp_consult k; cp_audit a; cp_policy_file f;
	} u;
#define TRY(dec, fr, field) \
	if (dec(buf, len, &u.field, &e) == CP_OK) { ok++; fr(&u.field); }
	TRY(codec_decode_worker, cp_worker_free, w)
	TRY(codec_decode_child, cp_child_free, c)
	TRY(codec_decode_meeting, cp_meeting_free, m)
	TRY(codec_decode_task, cp_task_free, t)
	TRY(codec_decode_report, cp_report_free, r)
	TRY(codec_decode_consult, cp_consult_free, k)
	TRY(codec_decode_audit, cp_audit_free, a)
	TRY(codec_decode_policy_file, cp_policy_file_free, f)
#undef TRY
	return ok;
}

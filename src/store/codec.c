/* codec.c - versioned, byte-order-independent records (see codec.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "vec.h"

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
	if (!vec_reserve((void **)&b->p, &b->cap, b->len + n, 1, 256)) {
		b->oom = true;
		return;
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
		return cp_oom(err);
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
		cp_oom(r->err);
		return NULL;
	}
	memcpy(s, r->p + r->pos, n);
	s[n] = '\0';
	r->pos += n;
	if (out_len)
		*out_len = n;
	return s;
}

static void r_oom(rbuf *r)
{
	if (!r->bad)
		cp_oom(r->err);
	r->bad = true;
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
	w_str(&b, w->email);
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
	out->email = r.version >= 2 ? r_str(&r, "email") : strdup("");
	if (!r.bad && !out->email)
		r_oom(&r);
	if (r_end(&r) != CP_OK) {
		cp_worker_free(out);
		return CP_FAILED;
	}
	return CP_OK;
}

/* ---- family ------------------------------------------------------------ */
cp_status codec_encode_family(const cp_family *f, unsigned char **buf,
                              size_t *len, cp_error *err)
{
	wbuf b = {0};
	w_head(&b, REC_FAMILY);
	w_str(&b, f->id);
	w_str(&b, f->name);
	return w_finish(&b, buf, len, err);
}

cp_status codec_decode_family(const unsigned char *buf, size_t len,
                              cp_family *out, cp_error *err)
{
	rbuf r;
	memset(out, 0, sizeof *out);
	r_begin(&r, buf, len, REC_FAMILY, "family", err);
	out->id = r_str(&r, "id");
	out->name = r_str(&r, "name");
	if (r_end(&r) != CP_OK) {
		cp_family_free(out);
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
	w_u8(&b, c->family_pref);
	w_str(&b, c->family_id);
	w_i32(&b, c->expected_birth);
	w_u32(&b, (uint32_t)c->nepisodes);
	for (size_t i = 0; i < c->nepisodes; i++) {
		const cp_episode *e = &c->episodes[i];
		w_u8(&b, e->kind);
		w_i32(&b, e->start);
		w_i32(&b, e->end);
		w_u8(&b, e->category);
		w_u64(&b, e->start_meeting);
		w_u64(&b, e->end_meeting);
		w_str(&b, e->end_reason);
		w_u8(&b, e->running);
	}
	return w_finish(&b, buf, len, err);
}

/* Format 1 kept three dates, each the start of an open episode. */
static void r_child_v1(rbuf *r, cp_child *c)
{
	static const char *const what[] = { "cin-since", "cp-since",
	                                    "looked-after-since" };
	cp_date since[3];
	for (size_t i = 0; i < 3; i++)
		since[i] = r_date(r, what[i]);
	c->family_pref = (family_pref)r_enum(r, FAMILY_PREF_COUNT,
	                                     "family preference");
	c->family_id = strdup("");
	c->expected_birth = CP_DATE_NONE;
	if (!c->family_id) {
		r_oom(r);
		return;
	}
	if (!r->bad && child_open_since(c, since[0], since[1], since[2],
	                                r->err) != CP_OK)
		r->bad = true;
}

static void r_episodes(rbuf *r, cp_child *c)
{
	size_t at = r->pos;
	uint32_t n = r_u32(r, "episode count");
	if (r->bad || n == 0)
		return;
	/* Each takes at least 30 bytes: bound n before allocating. */
	if (n > (r->len - r->pos) / 30) {
		r_fail(r, "episode count at byte %zu (%u) exceeds the record", at,
		       n);
		return;
	}
	c->episodes = calloc(n, sizeof *c->episodes);
	if (!c->episodes) {
		r_oom(r);
		return;
	}
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		cp_episode *e = &c->episodes[i];
		c->nepisodes = i + 1;
		e->kind = (episode_kind)r_enum(r, EPISODE_KIND_COUNT,
		                               "episode kind");
		e->start = r_date(r, "episode start");
		e->end = r_date(r, "episode end");
		e->category = (cp_category)r_enum(r, CP_CATEGORY_COUNT,
		                                  "plan category");
		e->start_meeting = r_u64(r, "episode's first meeting");
		e->end_meeting = r_u64(r, "episode's last meeting");
		e->end_reason = r_str(r, "episode end reason");
		e->running = r_flag(r, "episode running");
		if (!r->bad && (e->start == CP_DATE_NONE ||
		                (e->end != CP_DATE_NONE && e->end < e->start)))
			r_fail(r, "episode %u's dates are out of order", i + 1);
	}
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
	if (!r.bad && r.version < 2) {
		r_child_v1(&r, out);
	} else {
		out->family_pref = (family_pref)r_enum(&r, FAMILY_PREF_COUNT,
		                                       "family preference");
		out->family_id = r_str(&r, "family");
		out->expected_birth = r_date(&r, "expected birth");
		r_episodes(&r, out);
	}
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
	w_u32(&b, (uint32_t)m->nsiblings);
	for (size_t i = 0; i < m->nsiblings; i++)
		w_str(&b, m->siblings[i]);
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
	w_u32(&b, (uint32_t)o->ndecisions);
	for (size_t i = 0; i < o->ndecisions; i++) {
		w_str(&b, o->decisions[i].child_id);
		w_u8(&b, o->decisions[i].plan);
		w_u8(&b, o->decisions[i].category);
	}
	return w_finish(&b, buf, len, err);
}

/* A count of at most `max` items of at least `least` bytes each. */
static uint32_t r_count_max(rbuf *r, uint32_t max, size_t least,
                        const char *field)
{
	size_t at = r->pos;
	uint32_t n = r_u32(r, field);
	if (!r->bad && (n > max || n > (r->len - r->pos) / least)) {
		r_fail(r, "%s at byte %zu (%u) is out of range", field, at, n);
		return 0;
	}
	return r->bad ? 0 : n;
}

static void r_siblings(rbuf *r, cp_meeting *m)
{
	uint32_t n = r_count_max(r, MEETING_CHILDREN_MAX - 1, 4, "sibling count");
	if (n == 0)
		return;
	if (!(m->siblings = calloc(n, sizeof *m->siblings))) {
		r_oom(r);
		return;
	}
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		m->siblings[i] = r_str(r, "sibling");
		m->nsiblings = i + 1;
	}
}

static void r_decisions(rbuf *r, cp_meeting *m)
{
	cp_outcome *o = &m->outcome;
	uint32_t n = r_count_max(r, MEETING_CHILDREN_MAX, 6, "decision count");
	if (n == 0)
		return;
	if (!(o->decisions = calloc(n, sizeof *o->decisions))) {
		r_oom(r);
		return;
	}
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		cp_decision *d = &o->decisions[i];
		o->ndecisions = i + 1;
		d->child_id = r_str(r, "decision's child");
		d->plan = (plan_decision)r_enum(r, PLAN_COUNT, "child's plan");
		d->category = (cp_category)r_enum(r, CP_CATEGORY_COUNT,
		                                  "plan category");
	}
}

/* Format 1: a meeting of one child, whose decision was the plan. */
static void r_decision_v1(rbuf *r, cp_meeting *m)
{
	cp_outcome *o = &m->outcome;
	if (r->bad || m->status != MEETING_HELD || o->plan == PLAN_UNSET)
		return;
	if (!(o->decisions = calloc(1, sizeof *o->decisions)) ||
	    !(o->decisions[0].child_id = strdup(m->child_id))) {
		r_oom(r);
		return;
	}
	o->ndecisions = 1;
	o->decisions[0].plan = o->plan;
	o->decisions[0].category = CP_CATEGORY_UNKNOWN;
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
		cp_oom(r->err);
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
	if (r.version >= 2)
		r_siblings(&r, out);
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
	if (r.version >= 2)
		r_decisions(&r, out);
	else
		r_decision_v1(&r, out);
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
	w_i32(&b, t->done_on);
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
	out->done_on = r.version >= 3 && !r.bad ? r_date(&r, "done-on day")
	                                        : CP_DATE_NONE;
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
	w_u8(&b, rp->invited);
	w_str(&b, rp->person);
	w_u8(&b, rp->how);
	w_u8(&b, rp->attended);
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
	if (r.version >= 3 && !r.bad) {
		out->invited = r_flag(&r, "invited");
		out->person = r_str(&r, "person");
		out->how = (take_part)r_enum(&r, TAKE_COUNT, "takes part");
		out->attended = (attendance)r_enum(&r, ATTEND_COUNT, "attendance");
	}
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
	w_str(&b, c->took_part);
	w_str(&b, c->plan);
	w_u8(&b, c->progressing);
	w_str(&b, c->escalation);
	w_u64(&b, c->meeting_id);
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
	if (r.version >= 5 && !r.bad) {
		out->took_part = r_str(&r, "took part");
		out->plan = r_str(&r, "plan");
		out->progressing = (consult_progress)r_enum(&r, PROGRESS_COUNT,
		                                            "progressing");
		out->escalation = r_str(&r, "escalation");
		out->meeting_id = r_u64(&r, "meeting");
	} else if (!r.bad) {
		/* format 4 and older: the form's rest was not kept */
		out->took_part = strdup("");
		out->plan = strdup("");
		out->escalation = strdup("");
		if (!out->took_part || !out->plan || !out->escalation) {
			cp_consult_free(out);
			return cp_oom(err);
		}
	}
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

/* ---- the compiled policy ---------------------------------------------- */
/* What policy_load_mem builds, as bytes, so a command reads the policy
 * without parsing YAML (~6 M instructions, most of a queue's start-up).
 * The YAML stays the truth: the record names the stored files' hashes
 * and is used only while they match.  Any field added to these structs
 * must be added here: the sizes below stop the build until it is (they
 * are checked where pointers are 8 bytes, the layout measured). */
#define POLICY_LAYOUT 12  /* bump with any change to what is written
                            (5: the unit working hours; 6: closing: and
                            done-by: outcome; 7: quorum:; 8: a step's
                            if:, issue 18; 9: two more roles, so every
                            table by role is longer; 10: approvals: for
                            each action, not only cancellation; 11: a
                            step's minutes:, and may: read-timeliness) */
#define SIZE_IS(type, n) \
	_Static_assert(sizeof(void *) != 8 || sizeof(type) == (n), \
	               #type " changed: update the compiled policy in codec.c")
SIZE_IS(policy, 760);
SIZE_IS(policy_diary, 112);
SIZE_IS(policy_step, 208);
SIZE_IS(policy_meeting, 48);
SIZE_IS(policy_escalation, 80);
SIZE_IS(policy_reminder, 72);
SIZE_IS(policy_cadence, 80);
SIZE_IS(policy_list, 32);
SIZE_IS(policy_anchor, 16);
SIZE_IS(policy_consultation_kind, 64);
SIZE_IS(policy_closure, 16);
SIZE_IS(offset, 40);
SIZE_IS(access_rules, 96);
SIZE_IS(access_gives, 44);
SIZE_IS(holiday, 16);
SIZE_IS(holiday_division, 32);
#undef SIZE_IS

/* A string that may be NULL: a presence byte, then the string. */
static void w_ostr(wbuf *b, const char *s)
{
	w_u8(b, s != NULL);
	if (s)
		w_str(b, s);
}

static char *r_ostr(rbuf *r, const char *field)
{
	return r_flag(r, field) ? r_str(r, field) : NULL;
}

/* An array count: each element takes at least a byte, so a damaged count
 * cannot ask for more memory than the record could describe. */
static size_t r_count(rbuf *r, const char *field)
{
	size_t at = r->pos;
	uint32_t n = r_u32(r, field);
	if (!r->bad && n > r->len - r->pos) {
		r_fail(r, "%s at byte %zu is %u, more than the record holds",
		       field, at, n);
		return 0;
	}
	return n;
}

/* calloc'd array of n elements (NULL for none); false on out of memory. */
static bool r_array(rbuf *r, void **out, size_t n, size_t size)
{
	*out = NULL;
	if (r->bad || n == 0)
		return !r->bad;
	if (!(*out = calloc(n, size))) {
		r->bad = true;
		cp_oom(r->err);
		return false;
	}
	return true;
}

static role_set r_roles(rbuf *r, const char *field)
{
	size_t at = r->pos;
	role_set v = r_u32(r, field);
	if (!r->bad && (v >> ROLE_COUNT))
		r_fail(r, "%s at byte %zu names an unknown role", field, at);
	return v;
}

static void w_offset(wbuf *b, const offset *o)
{
	w_i32(b, o->amount);
	w_u8(b, o->unit);
	w_str(b, o->anchor);
}

static offset r_offset(rbuf *r, const char *field)
{
	offset o = { .amount = r_i32(r, field) };
	o.unit = (offset_unit)r_enum(r, UNIT_COUNT, field);
	size_t at = r->pos;
	char *a = r_str(r, field);
	if (a && strlen(a) >= sizeof o.anchor)
		r_fail(r, "%s anchor at byte %zu is too long", field, at);
	else if (a)
		memcpy(o.anchor, a, strlen(a) + 1);
	free(a);
	return o;
}

static void w_step(wbuf *b, const policy_step *s)
{
	w_ostr(b, s->id);
	w_u8(b, s->role);
	w_ostr(b, s->title);
	w_offset(b, &s->due);
	w_u8(b, s->if_closed);
	w_u8(b, s->report_deadline);
	w_u8(b, s->per_child);
	w_u8(b, s->done_by_outcome);
	w_u8(b, s->minutes);
	w_u8(b, (unsigned)s->if_how);
	w_ostr(b, s->if_absent);
	w_ostr(b, s->source);
	w_ostr(b, s->note);
	const policy_escalation *e = &s->escalate;
	w_u8(b, e->present);
	w_u32(b, e->to);
	w_offset(b, &e->after);
	w_u8(b, e->exception_report);
	w_ostr(b, e->title);
	w_ostr(b, e->source);
	w_ostr(b, e->where);
	w_u32(b, (uint32_t)s->nreminders);
	for (size_t i = 0; i < s->nreminders; i++) {
		const policy_reminder *m = &s->reminders[i];
		w_offset(b, &m->at);
		w_u32(b, m->to);
		w_ostr(b, m->title);
		w_ostr(b, m->source);
		w_ostr(b, m->where);
	}
	w_ostr(b, s->where);
}

static void r_step(rbuf *r, policy_step *s)
{
	s->id = r_ostr(r, "step id");
	s->role = (cp_role)r_enum(r, ROLE_COUNT, "step role");
	s->title = r_ostr(r, "step title");
	s->due = r_offset(r, "step due");
	s->if_closed = (closed_rule)r_enum(r, CLOSED_LATER + 1, "if-closed");
	s->report_deadline = r_flag(r, "report deadline");
	s->per_child = r_flag(r, "per-child");
	s->done_by_outcome = r_flag(r, "done-by outcome");
	s->minutes = r_flag(r, "minutes");
	s->if_how = (int)r_enum(r, HOW_COUNT, "if how");
	s->if_absent = r_ostr(r, "if absent");
	s->source = r_ostr(r, "step source");
	s->note = r_ostr(r, "step note");
	policy_escalation *e = &s->escalate;
	e->present = r_flag(r, "escalation");
	e->to = r_roles(r, "escalation to");
	e->after = r_offset(r, "escalation after");
	e->exception_report = r_flag(r, "exception report");
	e->title = r_ostr(r, "escalation title");
	e->source = r_ostr(r, "escalation source");
	e->where = r_ostr(r, "escalation where");
	s->nreminders = r_count(r, "reminders");
	if (!r_array(r, (void **)&s->reminders, s->nreminders,
	             sizeof *s->reminders))
		s->nreminders = 0;
	for (size_t i = 0; !r->bad && i < s->nreminders; i++) {
		policy_reminder *m = &s->reminders[i];
		m->at = r_offset(r, "reminder at");
		m->to = r_roles(r, "reminder to");
		m->title = r_ostr(r, "reminder title");
		m->source = r_ostr(r, "reminder source");
		m->where = r_ostr(r, "reminder where");
	}
	s->where = r_ostr(r, "step where");
}

static void w_policy_head(wbuf *b, const uint64_t *hashes, size_t nhashes)
{
	w_head(b, REC_POLICY_COMPILED);
	w_u32(b, POLICY_LAYOUT);
	w_str(b, CPDESK_VERSION);
	w_u32(b, (uint32_t)nhashes);
	for (size_t i = 0; i < nhashes; i++)
		w_u64(b, hashes[i]);
}

static void w_policy_tables(wbuf *b, const policy *p)
{
	w_u32(b, (uint32_t)p->nmeetings);
	for (size_t i = 0; i < p->nmeetings; i++) {
		const policy_meeting *m = &p->meetings[i];
		w_ostr(b, m->type);
		w_ostr(b, m->title);
		w_u8(b, m->chair_role);
		w_u32(b, m->also_chaired_by);
		w_u8(b, m->custom);
		w_u8(b, (uint8_t)m->during);
		w_u32(b, (uint32_t)m->nsteps);
		for (size_t j = 0; j < m->nsteps; j++)
			w_step(b, &m->steps[j]);
	}
	w_u32(b, (uint32_t)p->ncadence);
	for (size_t i = 0; i < p->ncadence; i++) {
		const policy_cadence *c = &p->cadence[i];
		w_ostr(b, c->after);
		w_i32(b, c->nth_min);
		w_i32(b, c->nth_max);
		w_ostr(b, c->next);
		w_offset(b, &c->within);
		w_ostr(b, c->source);
		w_ostr(b, c->where);
	}
}

static void w_diary(wbuf *b, const policy_diary *d)
{
	w_u32(b, (uint32_t)d->ntimes);
	for (size_t i = 0; i < d->ntimes; i++)
		w_i32(b, d->times[i]);
	w_i32(b, d->length);
	w_i32(b, d->per_chair_per_day);
	w_i32(b, d->margin);
	w_u32(b, d->allocate);
	w_i32(b, d->unallocated_within);
	w_ostr(b, d->source);
	w_ostr(b, d->where);
}

/* A number the loader keeps from lo to hi (a damaged record must not
 * give the rest of cpdesk one it never would). */
static int r_int_in(rbuf *r, int lo, int hi, const char *field)
{
	size_t at = r->pos;
	int32_t v = r_i32(r, field);
	if (!r->bad && (v < lo || v > hi))
		r_fail(r, "%s at byte %zu is %d, outside %d..%d", field, at,
		       (int)v, lo, hi);
	return (int)v;
}

static void r_diary(rbuf *r, policy_diary *d)
{
	size_t at = r->pos;
	d->ntimes = r_u32(r, "diary times");
	if (!r->bad && (d->ntimes < 1 || d->ntimes > POLICY_DIARY_TIMES_MAX)) {
		r_fail(r, "diary times at byte %zu is %zu, outside 1..%d", at,
		       d->ntimes, POLICY_DIARY_TIMES_MAX);
		d->ntimes = 0;
	}
	for (size_t i = 0; !r->bad && i < d->ntimes; i++)
		d->times[i] = r_int_in(r, 0, 24 * 60 - 1, "diary time");
	d->length = r_int_in(r, 10, 8 * 60, "diary length");
	d->per_chair_per_day = r_int_in(r, 1, 10, "per-chair-per-day");
	d->margin = r_int_in(r, 0, 60, "diary margin");
	d->allocate = r_roles(r, "diary allocate");
	d->unallocated_within = r_int_in(r, 1, 60, "unallocated-within");
	d->source = r_ostr(r, "diary source");
	d->where = r_ostr(r, "diary where");
}

cp_status codec_encode_policy(const policy *p, const uint64_t *hashes,
                              size_t nhashes, unsigned char **buf,
                              size_t *len, cp_error *err)
{
	wbuf b = {0};
	w_policy_head(&b, hashes, nhashes);
	w_ostr(&b, p->path);
	w_ostr(&b, p->id);
	w_ostr(&b, p->title);
	w_ostr(&b, p->division);
	w_ostr(&b, p->chain);
	w_u32(&b, (uint32_t)p->nfiles);
	for (size_t i = 0; i < p->nfiles; i++)
		w_ostr(&b, p->files[i]);
	w_u32(&b, (uint32_t)p->nclosures);
	for (size_t i = 0; i < p->nclosures; i++) {
		w_i32(&b, p->closures[i].date);
		w_ostr(&b, p->closures[i].title);
	}
	for (int i = 0; i < ROLE_COUNT; i++)
		w_ostr(&b, p->role_titles[i]);
	w_u32(&b, (uint32_t)p->nanchors);
	for (size_t i = 0; i < p->nanchors; i++) {
		w_ostr(&b, p->anchors[i].name);
		w_ostr(&b, p->anchors[i].title);
	}
	w_policy_tables(&b, p);
	for (int k = 0; k < REQUEST_KIND_COUNT; k++) {
		w_u32(&b, p->approvals[k].approvers);
		w_u8(&b, p->approvals[k].all);
		w_ostr(&b, p->approvals[k].source);
	}
	for (int i = 0; i < LIST_COUNT; i++) {
		const policy_list *l = &p->lists[i];
		w_u8(&b, l->present);
		w_i32(&b, l->weekday);
		w_i32(&b, l->day_of_month);
		w_u32(&b, l->to);
		w_ostr(&b, l->subject);
		w_ostr(&b, l->source);
	}
	w_ostr(&b, p->mail_subject_prefix);
	w_u32(&b, (uint32_t)p->nconsult_kinds);
	for (size_t i = 0; i < p->nconsult_kinds; i++) {
		w_ostr(&b, p->consult_kinds[i].id);
		w_ostr(&b, p->consult_kinds[i].title);
		w_ostr(&b, p->consult_kinds[i].source);
		w_u32(&b, p->consult_kinds[i].logged_by);
		w_u8(&b, p->consult_kinds[i].consulted);
		w_u32(&b, p->consult_kinds[i].told);
		w_ostr(&b, p->consult_kinds[i].meeting);
		w_ostr(&b, p->consult_kinds[i].closes);
		w_u8(&b, p->consult_kinds[i].mapping);
		w_u8(&b, p->consult_kinds[i].cycle);
	}
	w_i32(&b, p->case_mapping_open_months);
	w_i32(&b, p->case_mapping_lookback_months);
	w_i32(&b, p->case_mapping_again_months);
	w_i32(&b, p->case_mapping_remap_months);
	w_i32(&b, p->case_mapping_allocate_days);
	w_ostr(&b, p->case_mapping_source);
	for (int i = 0; i < ROLE_COUNT; i++)
		w_u8(&b, p->access.see[i]);
	for (int i = 0; i < ACCESS_COUNT; i++)
		w_u32(&b, p->access.may[i]);
	for (int i = 0; i < ROLE_COUNT; i++)
		w_u32(&b, p->gives.of[i]);
	w_ostr(&b, p->access_source);
	w_diary(&b, &p->diary);
	w_u32(&b, p->close_for_others);
	w_u32(&b, p->close_not_needed);
	w_ostr(&b, p->closing_source);
	w_i32(&b, p->quorum_agencies);
	w_ostr(&b, p->quorum_including);
	w_ostr(&b, p->quorum_source);
	return w_finish(&b, buf, len, err);
}

/* The head: does the record describe these files, in this layout? */
static bool r_policy_head(rbuf *r, const uint64_t *hashes, size_t nhashes)
{
	uint32_t layout = r_u32(r, "layout");
	char *version = r_str(r, "version");
	bool same = !r->bad && layout == POLICY_LAYOUT && version &&
	            !strcmp(version, CPDESK_VERSION);
	free(version);
	size_t n = same ? r_count(r, "hashes") : 0;
	same = same && !r->bad && n == nhashes;
	for (size_t i = 0; same && i < n; i++)
		same = r_u64(r, "hash") == hashes[i] && !r->bad;
	return same;
}

static void r_policy_tables(rbuf *r, policy *p)
{
	p->nmeetings = r_count(r, "meetings");
	if (!r_array(r, (void **)&p->meetings, p->nmeetings, sizeof *p->meetings))
		p->nmeetings = 0;
	for (size_t i = 0; !r->bad && i < p->nmeetings; i++) {
		policy_meeting *m = &p->meetings[i];
		m->type = r_ostr(r, "meeting type");
		m->title = r_ostr(r, "meeting title");
		m->chair_role = (cp_role)r_enum(r, ROLE_COUNT, "chair role");
		m->also_chaired_by = r_roles(r, "also chaired by");
		m->custom = r_flag(r, "custom");
		m->during = (int)r_enum(r, EPISODE_KIND_COUNT + 1, "during");
		m->nsteps = r_count(r, "steps");
		if (!r_array(r, (void **)&m->steps, m->nsteps, sizeof *m->steps))
			m->nsteps = 0;
		for (size_t j = 0; !r->bad && j < m->nsteps; j++)
			r_step(r, &m->steps[j]);
	}
	p->ncadence = r_count(r, "cadence");
	if (!r_array(r, (void **)&p->cadence, p->ncadence, sizeof *p->cadence))
		p->ncadence = 0;
	for (size_t i = 0; !r->bad && i < p->ncadence; i++) {
		policy_cadence *c = &p->cadence[i];
		c->after = r_ostr(r, "cadence after");
		c->nth_min = r_i32(r, "nth min");
		c->nth_max = r_i32(r, "nth max");
		c->next = r_ostr(r, "cadence next");
		c->within = r_offset(r, "cadence within");
		c->source = r_ostr(r, "cadence source");
		c->where = r_ostr(r, "cadence where");
	}
}

static void r_policy_body(rbuf *r, policy *p)
{
	p->path = r_ostr(r, "path");
	p->id = r_ostr(r, "id");
	p->title = r_ostr(r, "title");
	p->division = r_ostr(r, "division");
	p->chain = r_ostr(r, "chain");
	p->nfiles = r_count(r, "files");
	if (!r_array(r, (void **)&p->files, p->nfiles, sizeof *p->files))
		p->nfiles = 0;
	for (size_t i = 0; !r->bad && i < p->nfiles; i++)
		p->files[i] = r_ostr(r, "file");
	p->nclosures = r_count(r, "closures");
	if (!r_array(r, (void **)&p->closures, p->nclosures,
	             sizeof *p->closures))
		p->nclosures = 0;
	for (size_t i = 0; !r->bad && i < p->nclosures; i++) {
		p->closures[i].date = r_date(r, "closure");
		p->closures[i].title = r_ostr(r, "closure title");
	}
	for (int i = 0; i < ROLE_COUNT; i++)
		p->role_titles[i] = r_ostr(r, "role title");
	p->nanchors = r_count(r, "anchors");
	if (!r_array(r, (void **)&p->anchors, p->nanchors, sizeof *p->anchors))
		p->nanchors = 0;
	for (size_t i = 0; !r->bad && i < p->nanchors; i++) {
		p->anchors[i].name = r_ostr(r, "anchor");
		p->anchors[i].title = r_ostr(r, "anchor title");
	}
	r_policy_tables(r, p);
	for (int k = 0; !r->bad && k < REQUEST_KIND_COUNT; k++) {
		p->approvals[k].approvers = r_roles(r, "approvers");
		p->approvals[k].all = r_flag(r, "approval all");
		p->approvals[k].source = r_ostr(r, "approval source");
	}
	for (int i = 0; i < LIST_COUNT; i++) {
		policy_list *l = &p->lists[i];
		l->present = r_flag(r, "list");
		l->weekday = r_i32(r, "list weekday");
		l->day_of_month = r_i32(r, "list day");
		l->to = r_roles(r, "list to");
		l->subject = r_ostr(r, "list subject");
		l->source = r_ostr(r, "list source");
	}
	p->mail_subject_prefix = r_ostr(r, "mail subject prefix");
	p->nconsult_kinds = r_count(r, "consultation kinds");
	if (!r_array(r, (void **)&p->consult_kinds, p->nconsult_kinds,
	             sizeof *p->consult_kinds))
		p->nconsult_kinds = 0;
	for (size_t i = 0; !r->bad && i < p->nconsult_kinds; i++) {
		p->consult_kinds[i].id = r_ostr(r, "consultation kind");
		p->consult_kinds[i].title = r_ostr(r, "consultation title");
		p->consult_kinds[i].source = r_ostr(r, "consultation source");
		policy_consultation_kind *k = &p->consult_kinds[i];
		k->logged_by = r_roles(r, "logged by");
		k->consulted = (cp_role)r_enum(r, ROLE_COUNT + 1, "consulted");
		k->told = r_roles(r, "told");
		k->meeting = r_ostr(r, "consultation meeting");
		k->closes = r_ostr(r, "consultation closes");
		k->mapping = r_flag(r, "mapping");
		k->cycle = (consult_cycle)r_enum(r, CYCLE_REVIEW + 1, "cycle");
	}
	p->case_mapping_open_months = r_i32(r, "case-mapping open");
	p->case_mapping_lookback_months = r_i32(r, "case-mapping lookback");
	p->case_mapping_again_months = r_i32(r, "case-mapping again");
	p->case_mapping_remap_months = r_i32(r, "case-mapping remap");
	p->case_mapping_allocate_days = r_i32(r, "case-mapping allocate");
	p->case_mapping_source = r_ostr(r, "case-mapping source");
	for (int i = 0; i < ROLE_COUNT; i++)
		p->access.see[i] = (access_scope)r_enum(r, SCOPE_COUNT, "see");
	for (int i = 0; i < ACCESS_COUNT; i++)
		p->access.may[i] = r_roles(r, "may");
	for (int i = 0; i < ROLE_COUNT; i++)
		p->gives.of[i] = r_roles(r, "give");
	p->access_source = r_ostr(r, "access source");
	r_diary(r, &p->diary);
	p->close_for_others = r_roles(r, "close for others");
	p->close_not_needed = r_roles(r, "close not needed");
	p->closing_source = r_ostr(r, "closing source");
	p->quorum_agencies = r_i32(r, "quorum agencies");
	p->quorum_including = r_ostr(r, "quorum including");
	p->quorum_source = r_ostr(r, "quorum source");
}

/* A loaded policy never has these NULL; a damaged record must not
 * give the rest of cpdesk one that does. */
static bool policy_complete(const policy *p)
{
	if (!p->id || !p->division || !p->chain)
		return false;
	for (int i = 0; i < ROLE_COUNT; i++)
		if (!p->role_titles[i])
			return false;
	for (size_t i = 0; i < p->nmeetings; i++) {
		if (!p->meetings[i].type)
			return false;
		for (size_t j = 0; j < p->meetings[i].nsteps; j++)
			if (!p->meetings[i].steps[j].id)
				return false;
	}
	return true;
}

cp_status codec_decode_policy(const unsigned char *buf, size_t len,
                              const uint64_t *hashes, size_t nhashes,
                              policy **out, cp_error *err)
{
	rbuf r;
	*out = NULL;
	r_begin(&r, buf, len, REC_POLICY_COMPILED, "compiled policy", err);
	if (!r_policy_head(&r, hashes, nhashes))
		return r.bad ? CP_FAILED : CP_OK;   /* stale: not for these files */
	policy *p = calloc(1, sizeof *p);
	if (!p)
		return cp_oom(err);
	r_policy_body(&r, p);
	if (r_end(&r) == CP_OK && !policy_complete(p))
		r_fail(&r, "a name the policy needs is missing");
	if (r.bad) {
		policy_free(p);
		return CP_FAILED;
	}
	*out = p;
	return CP_OK;
}

/* ---- the compiled bank holidays ---------------------------------------- */
/* One division of a bank-holidays file, with the identity of the file it
 * was read from: used only while the file on disk is still that file. */
static bool same_file(rbuf *r, const codec_file_id *id)
{
	char *p = r_str(r, "path");
	codec_file_id got = {
		.dev = r_u64(r, "device"), .ino = r_u64(r, "inode"),
		.size = r_u64(r, "size"), .mtime_ns = r_i64(r, "mtime"),
		.ctime_ns = r_i64(r, "ctime"),
	};
	/* Not the name: the same file by another ("build/../data") is the
	 * same file, and a new file under the old name is not. */
	bool same = !r->bad && p && got.dev == id->dev &&
	            got.ino == id->ino && got.size == id->size &&
	            got.mtime_ns == id->mtime_ns && got.ctime_ns == id->ctime_ns;
	free(p);
	return same;
}

/* The path a kept copy was read from, its identity skipped. */
static char *kept_path(rbuf *r)
{
	char *p = r_str(r, "path");
	(void)r_u64(r, "device");
	(void)r_u64(r, "inode");
	(void)r_u64(r, "size");
	(void)r_i64(r, "mtime");
	(void)r_i64(r, "ctime");
	return p;
}

cp_status codec_encode_holidays(const char *path, const codec_file_id *id,
                                const holiday_division *hd,
                                unsigned char **buf, size_t *len,
                                cp_error *err)
{
	wbuf b = {0};
	w_head(&b, REC_HOLIDAYS_COMPILED);
	w_str(&b, path);
	w_u64(&b, id->dev);
	w_u64(&b, id->ino);
	w_u64(&b, id->size);
	w_i64(&b, id->mtime_ns);
	w_i64(&b, id->ctime_ns);
	w_str(&b, hd->name);
	w_i32(&b, hd->first_year);
	w_i32(&b, hd->last_year);
	w_u32(&b, (uint32_t)hd->nevents);
	for (size_t i = 0; i < hd->nevents; i++) {
		w_i32(&b, hd->events[i].date);
		w_str(&b, hd->events[i].title);
	}
	return w_finish(&b, buf, len, err);
}

static void r_division(rbuf *r, holiday_division *hd)
{
	hd->name = r_str(r, "division");
	hd->first_year = r_i32(r, "first year");
	hd->last_year = r_i32(r, "last year");
	if (!r->bad && (hd->first_year < CP_YEAR_MIN ||
	                hd->last_year > CP_YEAR_MAX ||
	                hd->first_year > hd->last_year))
		r_fail(r, "years %d-%d are out of range", hd->first_year,
		       hd->last_year);
	hd->nevents = r_count(r, "holidays");
	if (!r_array(r, (void **)&hd->events, hd->nevents, sizeof *hd->events))
		hd->nevents = 0;
	for (size_t i = 0; !r->bad && i < hd->nevents; i++) {
		hd->events[i].date = r_date(r, "holiday");
		hd->events[i].title = r_str(r, "holiday title");
		if (!r->bad && i && hd->events[i].date <= hd->events[i - 1].date)
			r_fail(r, "holidays out of order");
	}
}

cp_status codec_decode_holidays(const unsigned char *buf, size_t len,
                                const char *path, const codec_file_id *id,
                                const char *division, holiday_file **out,
                                cp_error *err)
{
	rbuf r;
	*out = NULL;
	r_begin(&r, buf, len, REC_HOLIDAYS_COMPILED, "compiled holidays", err);
	char *kept = NULL;
	if (id && !same_file(&r, id))
		return r.bad ? CP_FAILED : CP_OK;   /* stale: another file */
	if (!id)    /* the store's own copy: say where it came from */
		kept = kept_path(&r);
	holiday_file *hf = calloc(1, sizeof *hf);
	holiday_division *hd = calloc(1, sizeof *hd);
	char *p = kept ? kept : strdup(path ? path : "");
	if (!hf || !hd || !p) {
		free(hf);
		free(hd);
		free(p);
		return cp_oom(err);
	}
	hf->path = p;
	hf->divisions = hd;
	hf->ndivisions = 1;
	r_division(&r, hd);
	bool wanted = !r.bad && hd->name && !strcmp(hd->name, division);
	if (r_end(&r) != CP_OK || !wanted) {
		holidays_free(hf);
		return r.bad ? CP_FAILED : CP_OK;   /* another division: stale */
	}
	*out = hf;
	return CP_OK;
}

/* The hash alone, without copying the text: a command checks its
 * compiled policy against the stored files at every start-up. */
cp_status codec_policy_file_hash(const unsigned char *buf, size_t len,
                                 uint64_t *hash, cp_error *err)
{
	rbuf r;
	r_begin(&r, buf, len, REC_POLICY_FILE, "policy file", err);
	for (int i = 0; i < 3 && !r.bad; i++) {   /* name, path, text */
		size_t at = r.pos;
		uint32_t n = r_u32(&r, "string");
		if (!r.bad && n > r.len - r.pos)
			r_fail(&r, "string at byte %zu runs past the end", at);
		else if (!r.bad)
			r.pos += n;
	}
	*hash = r_u64(&r, "hash");
	return r_end(&r);
}

/* ---- request for approval (schema 7) ----------------------------------- */
cp_status codec_encode_request(const cp_request *q, unsigned char **buf,
                               size_t *len, cp_error *err)
{
	wbuf b = {0};
	w_head(&b, REC_REQUEST);
	w_u64(&b, q->id);
	w_u8(&b, q->kind);
	w_u64(&b, q->object_id);
	w_str(&b, q->child_id);
	w_str(&b, q->requester);
	w_str(&b, q->reason);
	w_i32(&b, q->move_date);
	w_i32(&b, q->move_minutes);
	w_u8(&b, q->move_force);
	w_i64(&b, q->made_at);
	w_i32(&b, q->made_on);
	w_u32(&b, q->need);
	w_u8(&b, q->need_all);
	w_u32(&b, (uint32_t)q->napprovals);
	for (size_t i = 0; i < q->napprovals; i++) {
		w_str(&b, q->approvals[i].login);
		w_u8(&b, q->approvals[i].role);
		w_i64(&b, q->approvals[i].at);
		w_str(&b, q->approvals[i].note);
	}
	w_u8(&b, q->state);
	w_str(&b, q->closed_by);
	w_i64(&b, q->closed_at);
	w_i32(&b, q->closed_on);
	w_str(&b, q->closing_note);
	return w_finish(&b, buf, len, err);
}

static void r_approvals(rbuf *r, cp_request *q)
{
	/* an approval is at least two empty strings, a role and a time */
	uint32_t n = r_count_max(r, REQUEST_APPROVALS_MAX, 17, "approval count");
	if (!n)
		return;
	if (!(q->approvals = calloc(n, sizeof *q->approvals))) {
		r->bad = true;
		cp_oom(r->err);
		return;
	}
	q->napprovals = n;
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		q->approvals[i].login = r_str(r, "approver");
		q->approvals[i].role = (cp_role)r_enum(r, ROLE_COUNT, "approver role");
		q->approvals[i].at = r_i64(r, "approved at");
		q->approvals[i].note = r_str(r, "approval note");
	}
}

cp_status codec_decode_request(const unsigned char *buf, size_t len,
                               cp_request *out, cp_error *err)
{
	rbuf r;
	memset(out, 0, sizeof *out);
	r_begin(&r, buf, len, REC_REQUEST, "request", err);
	out->id = r_u64(&r, "id");
	out->kind = (request_kind)r_enum(&r, REQUEST_KIND_COUNT, "kind");
	out->object_id = r_u64(&r, "object");
	out->child_id = r_str(&r, "child");
	out->requester = r_str(&r, "requester");
	out->reason = r_str(&r, "reason");
	out->move_date = CP_DATE_NONE;   /* format 3: only cancellations */
	out->move_minutes = -2;
	if (r.version >= 4 && !r.bad) {
		out->move_date = r_date(&r, "move to");
		size_t at = r.pos;
		out->move_minutes = r_i32(&r, "move time");
		if (!r.bad && (out->move_minutes < -2 || out->move_minutes > 1439))
			r_fail(&r, "move time at byte %zu is out of range", at);
		out->move_force = r_flag(&r, "move forced");
	}
	out->made_at = r_i64(&r, "made at");
	out->made_on = r_date(&r, "made on");
	size_t at = r.pos;
	out->need = r_u32(&r, "approver roles");
	if (!r.bad && out->need >> ROLE_COUNT)
		r_fail(&r, "approver roles at byte %zu name an unknown role", at);
	out->need_all = r_flag(&r, "approval all");
	r_approvals(&r, out);
	out->state = (request_state)r_enum(&r, REQUEST_STATE_COUNT, "state");
	out->closed_by = r_str(&r, "closed by");
	out->closed_at = r_i64(&r, "closed at");
	out->closed_on = r_date(&r, "closed on");
	out->closing_note = r_str(&r, "closing note");
	if (r_end(&r) != CP_OK) {
		cp_request_free(out);
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
		cp_family h; cp_request q;
	} u;
#define DECODE_ONE(dec, fr, field) \
	if (dec(buf, len, &u.field, &e) == CP_OK) { ok++; fr(&u.field); }
	DECODE_ONE(codec_decode_worker, cp_worker_free, w)
	DECODE_ONE(codec_decode_child, cp_child_free, c)
	DECODE_ONE(codec_decode_meeting, cp_meeting_free, m)
	DECODE_ONE(codec_decode_task, cp_task_free, t)
	DECODE_ONE(codec_decode_report, cp_report_free, r)
	DECODE_ONE(codec_decode_consult, cp_consult_free, k)
	DECODE_ONE(codec_decode_audit, cp_audit_free, a)
	DECODE_ONE(codec_decode_policy_file, cp_policy_file_free, f)
	DECODE_ONE(codec_decode_family, cp_family_free, h)
	DECODE_ONE(codec_decode_request, cp_request_free, q)
#undef DECODE_ONE
	/* The compiled records decode only for the files named; fuzz them
	 * with no files and with the hash the input starts with. */
	policy *p = NULL;
	uint64_t h = len >= 8 ? codec_get_u64(buf) : 0;
	if (codec_decode_policy(buf, len, NULL, 0, &p, &e) == CP_OK && p)
		ok++;
	policy_free(p);
	p = NULL;
	if (codec_decode_policy(buf, len, &h, 1, &p, &e) == CP_OK && p)
		ok++;
	policy_free(p);
	holiday_file *hf = NULL;
	codec_file_id id = { 0 };
	if (codec_decode_holidays(buf, len, "", &id, "england-and-wales", &hf,
	                          &e) == CP_OK && hf)
		ok++;
	holidays_free(hf);
	return ok;
}

/* ---- policy switches kept for undo (schema 6) --------------------------- */
void store_sw_task_free(store_sw_task *k)
{
	if (!k)
		return;
	for (int i = 0; i < 2; i++) {
		free(k->was[i].assignee);
		free(k->was[i].note);
	}
	memset(k, 0, sizeof *k);
}

void store_switch_free(store_switch *s)
{
	if (!s)
		return;
	free(s->login);
	free(s->reason);
	free(s->from_id);
	free(s->to_id);
	for (size_t i = 0; i < s->nfiles; i++)
		cp_policy_file_free(&s->files[i]);
	free(s->files);
	memset(s, 0, sizeof *s);
}

cp_status codec_encode_switch(const store_switch *s, unsigned char **buf,
                              size_t *len, cp_error *err)
{
	wbuf b = {0};
	w_head(&b, REC_SWITCH);
	w_u64(&b, s->id);
	w_i64(&b, s->at);
	w_str(&b, s->login);
	w_str(&b, s->reason);
	w_str(&b, s->from_id);
	w_str(&b, s->to_id);
	w_u64(&b, s->to_hash);
	w_u64(&b, s->audit);
	w_u64(&b, s->last_meeting);
	w_u32(&b, s->nchunks);
	w_u32(&b, (uint32_t)s->nfiles);
	for (size_t i = 0; i < s->nfiles; i++) {
		const cp_policy_file *f = &s->files[i];
		w_str(&b, f->name);
		w_str(&b, f->path);
		w_strn(&b, f->text ? f->text : "", f->text ? f->len : 0);
		w_u64(&b, f->hash);
	}
	return w_finish(&b, buf, len, err);
}

cp_status codec_decode_switch(const unsigned char *buf, size_t len,
                              store_switch *out, cp_error *err)
{
	rbuf r;
	memset(out, 0, sizeof *out);
	r_begin(&r, buf, len, REC_SWITCH, "policy switch", err);
	out->id = r_u64(&r, "id");
	out->at = r_i64(&r, "time");
	out->login = r_str(&r, "login");
	out->reason = r_str(&r, "reason");
	out->from_id = r_str(&r, "from");
	out->to_id = r_str(&r, "to");
	out->to_hash = r_u64(&r, "to hash");
	out->audit = r_u64(&r, "audit");
	out->last_meeting = r_u64(&r, "last meeting");
	out->nchunks = r_u32(&r, "records");
	/* a file is at least its three lengths and hash */
	size_t n = r_count_max(&r, 64, 20, "files");
	if (!r.bad && n && !r_array(&r, (void **)&out->files, n,
	                            sizeof *out->files))
		r_oom(&r);
	for (size_t i = 0; i < n && !r.bad; i++) {
		cp_policy_file *f = &out->files[i];
		out->nfiles++;
		f->name = r_str(&r, "file name");
		f->path = r_str(&r, "file path");
		f->text = r_strn(&r, &f->len, "file text");
		f->hash = r_u64(&r, "file hash");
	}
	if (r_end(&r) != CP_OK) {
		store_switch_free(out);
		return CP_FAILED;
	}
	return CP_OK;
}

static void w_sw_state(wbuf *b, const store_sw_state *s)
{
	w_u8(b, (unsigned)s->status);
	w_i32(b, s->due);
	w_u8(b, (unsigned)s->role);
	w_str(b, s->assignee);
	w_ostr(b, s->note);
}

static void r_sw_state(rbuf *r, store_sw_state *s)
{
	s->status = (task_status)r_enum(r, TASK_STATUS_COUNT, "status");
	s->due = r_date(r, "due date");
	s->role = (cp_role)r_enum(r, ROLE_COUNT, "role");
	s->assignee = r_str(r, "assignee");
	s->note = r_ostr(r, "note");
}

void codec_chunk_add(codec_chunk *c, const store_sw_task *k)
{
	wbuf b = { c->p, c->len, c->cap, c->oom };
	if (!b.len) {   /* the head; the count is written at the end */
		w_head(&b, REC_SWITCH_TASKS);
		w_u32(&b, 0);
	}
	w_u64(&b, k->id);
	w_u8(&b, k->added);
	w_sw_state(&b, &k->was[0]);
	w_sw_state(&b, &k->was[1]);
	*c = (codec_chunk){ b.p, b.len, b.cap, b.oom, c->n + 1 };
}

cp_status codec_chunk_end(codec_chunk *c, unsigned char **buf, size_t *len,
                          cp_error *err)
{
	wbuf b = { c->p, c->len, c->cap, c->oom };
	if (!b.len) {
		w_head(&b, REC_SWITCH_TASKS);
		w_u32(&b, 0);
	}
	if (!b.oom)
		codec_put_u32(b.p + 2, c->n);
	memset(c, 0, sizeof *c);
	return w_finish(&b, buf, len, err);
}

cp_status codec_decode_switch_tasks(const unsigned char *buf, size_t len,
                                    store_sw_task **v, size_t *n,
                                    cp_error *err)
{
	rbuf r;
	*v = NULL;
	*n = 0;
	r_begin(&r, buf, len, REC_SWITCH_TASKS, "policy switch tasks", err);
	/* a task is at least 8 + 1 + 2 * 11 bytes */
	size_t count = r_count_max(&r, UINT32_MAX, 31, "tasks");
	if (!r.bad && count && !r_array(&r, (void **)v, count, sizeof **v))
		r_oom(&r);
	for (size_t i = 0; i < count && !r.bad; i++) {
		store_sw_task *k = &(*v)[i];
		(*n)++;
		k->id = r_u64(&r, "task id");
		k->added = r_flag(&r, "added");
		r_sw_state(&r, &k->was[0]);
		r_sw_state(&r, &k->was[1]);
	}
	if (r_end(&r) != CP_OK) {
		for (size_t i = 0; i < *n; i++)
			store_sw_task_free(&(*v)[i]);
		free(*v);
		*v = NULL;
		*n = 0;
		return CP_FAILED;
	}
	return CP_OK;
}

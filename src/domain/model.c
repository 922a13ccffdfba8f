/* model.c - freeing, copying, naming and describing domain records. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "text.h"
#include "vec.h"

/* ---- free -------------------------------------------------------------- */
void cp_worker_free(cp_worker *w)
{
	if (!w)
		return;
	free(w->login); free(w->name); free(w->team); free(w->manager);
	free(w->email);
	memset(w, 0, sizeof *w);
}

void cp_family_free(cp_family *f)
{
	if (!f)
		return;
	free(f->id); free(f->name);
	memset(f, 0, sizeof *f);
}

void cp_child_free(cp_child *c)
{
	if (!c)
		return;
	free(c->id); free(c->name); free(c->social_worker); free(c->family_id);
	child_episodes_free(c);
	memset(c, 0, sizeof *c);
}

void cp_outcome_free(cp_outcome *o)
{
	if (!o)
		return;
	free(o->decision); free(o->attendees); free(o->reports);
	free(o->views_missing); free(o->summary);
	for (size_t i = 0; i < o->ndecisions; i++)
		free(o->decisions[i].child_id);
	free(o->decisions);
	memset(o, 0, sizeof *o);
}

void cp_meeting_free(cp_meeting *m)
{
	if (!m)
		return;
	free(m->child_id); free(m->type); free(m->chair); free(m->minute_taker);
	for (size_t i = 0; i < m->nsiblings; i++)
		free(m->siblings[i]);
	free(m->siblings);
	free(m->anchors); free(m->reason); free(m->approved_by);
	cp_outcome_free(&m->outcome);
	memset(m, 0, sizeof *m);
}

void cp_task_free(cp_task *t)
{
	if (!t)
		return;
	free(t->child_id); free(t->step_id); free(t->title); free(t->assignee);
	free(t->done_by); free(t->note);
	memset(t, 0, sizeof *t);
}

void cp_report_free(cp_report *r)
{
	if (!r)
		return;
	free(r->agency);
	free(r->person);
	memset(r, 0, sizeof *r);
}

void cp_consult_free(cp_consult *c)
{
	if (!c)
		return;
	free(c->kind); free(c->chair); free(c->child_id);
	free(c->social_worker); free(c->decision); free(c->notes);
	free(c->took_part); free(c->plan); free(c->escalation);
	memset(c, 0, sizeof *c);
}

void cp_audit_free(cp_audit *a)
{
	if (!a)
		return;
	free(a->login); free(a->action); free(a->object); free(a->child_id);
	free(a->before); free(a->after);
	memset(a, 0, sizeof *a);
}

void cp_policy_file_free(cp_policy_file *f)
{
	if (!f)
		return;
	free(f->name); free(f->path); free(f->text);
	memset(f, 0, sizeof *f);
}

/* ---- init -------------------------------------------------------------- */
void cp_child_init(cp_child *c)
{
	memset(c, 0, sizeof *c);
	c->dob = c->expected_birth = CP_DATE_NONE;
}

void cp_meeting_init(cp_meeting *m)
{
	memset(m, 0, sizeof *m);
	m->date = m->cadence_by = m->moved_from = CP_DATE_NONE;
	m->outcome.next_date = CP_DATE_NONE;
	m->minutes = -1;
}

void cp_task_init(cp_task *t)
{
	memset(t, 0, sizeof *t);
	t->due = t->done_on = CP_DATE_NONE;
}

void cp_report_init(cp_report *r)
{
	memset(r, 0, sizeof *r);
	r->received = r->shared = CP_DATE_NONE;
}

void cp_consult_init(cp_consult *c)
{
	memset(c, 0, sizeof *c);
	c->date = CP_DATE_NONE;
}

/* ---- copy -------------------------------------------------------------- */
/* Duplicate a possibly-NULL string; NULL stays NULL.  *ok goes false on
 * out of memory so a copy can check once at the end. */
static char *dup_or_null(const char *s, bool *ok)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*ok = false;
	return d;
}


cp_status cp_worker_copy(cp_worker *dst, const cp_worker *src, cp_error *err)
{
	bool ok = true;
	*dst = *src;
	dst->login = dup_or_null(src->login, &ok);
	dst->name = dup_or_null(src->name, &ok);
	dst->team = dup_or_null(src->team, &ok);
	dst->manager = dup_or_null(src->manager, &ok);
	dst->email = dup_or_null(src->email, &ok);
	if (ok)
		return CP_OK;
	cp_worker_free(dst);
	return cp_oom(err);
}

cp_status cp_family_copy(cp_family *dst, const cp_family *src, cp_error *err)
{
	bool ok = true;
	dst->id = dup_or_null(src->id, &ok);
	dst->name = dup_or_null(src->name, &ok);
	if (ok)
		return CP_OK;
	cp_family_free(dst);
	return cp_oom(err);
}

cp_status cp_child_copy(cp_child *dst, const cp_child *src, cp_error *err)
{
	bool ok = true;
	*dst = *src;
	dst->id = dup_or_null(src->id, &ok);
	dst->name = dup_or_null(src->name, &ok);
	dst->social_worker = dup_or_null(src->social_worker, &ok);
	dst->family_id = dup_or_null(src->family_id, &ok);
	dst->episodes = NULL;
	dst->nepisodes = 0;
	if (src->nepisodes) {
		dst->episodes = calloc(src->nepisodes, sizeof *dst->episodes);
		if (dst->episodes) {
			dst->nepisodes = src->nepisodes;
			for (size_t i = 0; i < src->nepisodes; i++) {
				dst->episodes[i] = src->episodes[i];
				dst->episodes[i].end_reason =
				    dup_or_null(src->episodes[i].end_reason, &ok);
			}
		} else {
			ok = false;
		}
	}
	if (ok)
		return CP_OK;
	cp_child_free(dst);
	return cp_oom(err);
}

cp_status cp_meeting_copy(cp_meeting *dst, const cp_meeting *src,
                          cp_error *err)
{
	bool ok = true;
	*dst = *src;
	dst->child_id = dup_or_null(src->child_id, &ok);
	dst->type = dup_or_null(src->type, &ok);
	dst->chair = dup_or_null(src->chair, &ok);
	dst->minute_taker = dup_or_null(src->minute_taker, &ok);
	dst->reason = dup_or_null(src->reason, &ok);
	dst->approved_by = dup_or_null(src->approved_by, &ok);
	dst->siblings = NULL;
	dst->nsiblings = 0;
	if (src->nsiblings) {
		dst->siblings = calloc(src->nsiblings, sizeof *dst->siblings);
		if (dst->siblings) {
			dst->nsiblings = src->nsiblings;
			for (size_t i = 0; i < src->nsiblings; i++)
				dst->siblings[i] = dup_or_null(src->siblings[i], &ok);
		} else {
			ok = false;
		}
	}
	dst->anchors = NULL;
	if (src->nanchors) {
		dst->anchors = malloc(src->nanchors * sizeof *dst->anchors);
		if (dst->anchors)
			memcpy(dst->anchors, src->anchors,
			       src->nanchors * sizeof *dst->anchors);
		else
			ok = false;
	}
	cp_outcome *o = &dst->outcome;
	const cp_outcome *so = &src->outcome;
	o->decision = dup_or_null(so->decision, &ok);
	o->attendees = dup_or_null(so->attendees, &ok);
	o->reports = dup_or_null(so->reports, &ok);
	o->views_missing = dup_or_null(so->views_missing, &ok);
	o->summary = dup_or_null(so->summary, &ok);
	o->decisions = NULL;
	o->ndecisions = 0;
	if (so->ndecisions) {
		o->decisions = calloc(so->ndecisions, sizeof *o->decisions);
		if (o->decisions) {
			o->ndecisions = so->ndecisions;
			for (size_t i = 0; i < so->ndecisions; i++) {
				o->decisions[i] = so->decisions[i];
				o->decisions[i].child_id =
				    dup_or_null(so->decisions[i].child_id, &ok);
			}
		} else {
			ok = false;
		}
	}
	if (ok)
		return CP_OK;
	cp_meeting_free(dst);
	return cp_oom(err);
}

cp_status cp_task_copy(cp_task *dst, const cp_task *src, cp_error *err)
{
	bool ok = true;
	*dst = *src;
	dst->child_id = dup_or_null(src->child_id, &ok);
	dst->step_id = dup_or_null(src->step_id, &ok);
	dst->title = dup_or_null(src->title, &ok);
	dst->assignee = dup_or_null(src->assignee, &ok);
	dst->done_by = dup_or_null(src->done_by, &ok);
	dst->note = dup_or_null(src->note, &ok);
	if (ok)
		return CP_OK;
	cp_task_free(dst);
	return cp_oom(err);
}

cp_status cp_report_copy(cp_report *dst, const cp_report *src,
                         cp_error *err)
{
	bool ok = true;
	*dst = *src;
	dst->agency = dup_or_null(src->agency, &ok);
	dst->person = dup_or_null(src->person, &ok);
	if (ok)
		return CP_OK;
	cp_report_free(dst);
	return cp_oom(err);
}

cp_status cp_consult_copy(cp_consult *dst, const cp_consult *src,
                          cp_error *err)
{
	bool ok = true;
	*dst = *src;
	dst->kind = dup_or_null(src->kind, &ok);
	dst->chair = dup_or_null(src->chair, &ok);
	dst->child_id = dup_or_null(src->child_id, &ok);
	dst->social_worker = dup_or_null(src->social_worker, &ok);
	dst->decision = dup_or_null(src->decision, &ok);
	dst->notes = dup_or_null(src->notes, &ok);
	dst->took_part = dup_or_null(src->took_part, &ok);
	dst->plan = dup_or_null(src->plan, &ok);
	dst->escalation = dup_or_null(src->escalation, &ok);
	if (ok)
		return CP_OK;
	cp_consult_free(dst);
	return cp_oom(err);
}

cp_status cp_audit_copy(cp_audit *dst, const cp_audit *src, cp_error *err)
{
	bool ok = true;
	*dst = *src;
	dst->login = dup_or_null(src->login, &ok);
	dst->action = dup_or_null(src->action, &ok);
	dst->object = dup_or_null(src->object, &ok);
	dst->child_id = dup_or_null(src->child_id, &ok);
	dst->before = dup_or_null(src->before, &ok);
	dst->after = dup_or_null(src->after, &ok);
	if (ok)
		return CP_OK;
	cp_audit_free(dst);
	return cp_oom(err);
}

/* ---- vectors of records ------------------------------------------------ */
#define CP_VEC_DEFINE(name, type, copy, release)                           \
	cp_status name##_push(name *vec, const type *item, cp_error *err)  \
	{                                                                  \
		if (!vec_room((void **)&vec->v, &vec->cap, vec->n,         \
		              sizeof *vec->v, 16))                         \
			return cp_oom(err);                                \
		cp_status st = copy(&vec->v[vec->n], item, err);           \
		if (st == CP_OK)                                           \
			vec->n++;                                          \
		return st;                                                 \
	}                                                                  \
	void name##_free(name *vec)                                        \
	{                                                                  \
		for (size_t i = 0; i < vec->n; i++)                        \
			release(&vec->v[i]);                               \
		free(vec->v);                                              \
		memset(vec, 0, sizeof *vec);                               \
	}
CP_VEC_DEFINE(cp_worker_vec, cp_worker, cp_worker_copy, cp_worker_free)
CP_VEC_DEFINE(cp_family_vec, cp_family, cp_family_copy, cp_family_free)
CP_VEC_DEFINE(cp_child_vec, cp_child, cp_child_copy, cp_child_free)
CP_VEC_DEFINE(cp_meeting_vec, cp_meeting, cp_meeting_copy, cp_meeting_free)
CP_VEC_DEFINE(cp_task_vec, cp_task, cp_task_copy, cp_task_free)
CP_VEC_DEFINE(cp_report_vec, cp_report, cp_report_copy, cp_report_free)
CP_VEC_DEFINE(cp_consult_vec, cp_consult, cp_consult_copy, cp_consult_free)
CP_VEC_DEFINE(cp_audit_vec, cp_audit, cp_audit_copy, cp_audit_free)
#undef CP_VEC_DEFINE

/* ---- names ------------------------------------------------------------- */
static const char *const pref_names[FAMILY_PREF_COUNT] = {
	"unknown", "secure-email", "post", "hand-delivered" };
static const char *const how_names[HOW_COUNT] = {
	"unknown", "teams", "skype", "phone", "in-person",
	"one-to-one-written" };
static const char *const mstatus_names[MEETING_STATUS_COUNT] = {
	"scheduled", "held", "cancelled" };
static const char *const plan_names[PLAN_COUNT] = {
	"", "cp-plan", "no-plan", "n/a" };
static const char *const tstatus_names[TASK_STATUS_COUNT] = {
	"open", "done", "cancelled", "not-needed", "missed" };
static const char *const kind_names[TASK_KIND_COUNT] = {
	"step", "escalation", "reminder" };
static const char *const take_names[TAKE_COUNT] = {
	"unknown", "in-person", "teams", "phone", "report-only" };
static const char *const attend_names[ATTEND_COUNT] = {
	"unknown", "attended", "apologies", "absent" };
static const char *const progress_names[PROGRESS_COUNT] = {
	"unknown", "yes", "no" };
static const char *const episode_names[EPISODE_KIND_COUNT] = {
	"child-in-need", "cp-plan", "looked-after" };
static const char *const category_names[CP_CATEGORY_COUNT] = {
	"unknown", "neglect", "physical-abuse", "emotional-abuse",
	"sexual-abuse", "multiple" };

static const char *name_of(const char *const *names, int n, int v)
{
	return v >= 0 && v < n ? names[v] : "?";
}

static bool parse_of(const char *const *names, int n, const char *s, int *out)
{
	if (!s)
		return false;
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i], s) == 0) {
			*out = i;
			return true;
		}
	}
	return false;
}

#define NAME_FUNCS(fname, pname, type, names, count)                      \
	const char *fname(type v)                                          \
	{                                                                  \
		return name_of(names, count, (int)v);                      \
	}                                                                  \
	bool pname(const char *s, type *out)                               \
	{                                                                  \
		int v;                                                     \
		if (!parse_of(names, count, s, &v))                        \
			return false;                                      \
		*out = (type)v;                                            \
		return true;                                               \
	}

NAME_FUNCS(family_pref_name, family_pref_parse, family_pref, pref_names,
           FAMILY_PREF_COUNT)
NAME_FUNCS(meeting_how_name, meeting_how_parse, meeting_how, how_names,
           HOW_COUNT)
NAME_FUNCS(meeting_status_name, meeting_status_parse, meeting_status,
           mstatus_names, MEETING_STATUS_COUNT)
NAME_FUNCS(plan_name, plan_parse, plan_decision, plan_names, PLAN_COUNT)
NAME_FUNCS(task_status_name, task_status_parse, task_status, tstatus_names,
           TASK_STATUS_COUNT)
NAME_FUNCS(task_kind_name, task_kind_parse, task_kind, kind_names,
           TASK_KIND_COUNT)
NAME_FUNCS(take_part_name, take_part_parse, take_part, take_names,
           TAKE_COUNT)
NAME_FUNCS(attendance_name, attendance_parse, attendance, attend_names,
           ATTEND_COUNT)
NAME_FUNCS(consult_progress_name, consult_progress_parse, consult_progress,
           progress_names, PROGRESS_COUNT)
NAME_FUNCS(episode_kind_name, episode_kind_parse, episode_kind,
           episode_names, EPISODE_KIND_COUNT)
NAME_FUNCS(cp_category_name, cp_category_parse, cp_category, category_names,
           CP_CATEGORY_COUNT)

/* ---- describe ---------------------------------------------------------- */
typedef struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
} sbuf;

static void sb_raw(sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (!vec_reserve((void **)&b->p, &b->cap, b->len + n + 1, 1, 128)) {
		b->oom = true;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* key=value, value quoted (with \" and \\ escaped, newlines as \n) when
 * it holds anything but plain characters, so the line parses back. */
static void sb_kv(sbuf *b, const char *key, const char *val)
{
	if (!val)
		val = "";
	if (b->len)
		sb_raw(b, " ", 1);
	sb_raw(b, key, strlen(key));
	sb_raw(b, "=", 1);
	bool plain = *val != '\0';
	for (const char *p = val; *p; p++)
		if (*p == ' ' || *p == '"' || *p == '\\' || *p == '\n' ||
		    *p == '=' || (unsigned char)*p < 0x20)
			plain = false;
	if (plain) {
		sb_raw(b, val, strlen(val));
		return;
	}
	sb_raw(b, "\"", 1);
	for (const char *p = val; *p; p++) {
		if (*p == '"' || *p == '\\') {
			sb_raw(b, "\\", 1);
			sb_raw(b, p, 1);
		} else if (*p == '\n') {
			sb_raw(b, "\\n", 2);
		} else {
			sb_raw(b, p, 1);
		}
	}
	sb_raw(b, "\"", 1);
}

static void sb_kvf(sbuf *b, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void sb_kvf(sbuf *b, const char *key, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	sb_kv(b, key, tmp);
}

static void sb_date(sbuf *b, const char *key, cp_date d)
{
	char buf[CP_DATE_STRLEN];
	if (d == CP_DATE_NONE)
		return;   /* absent dates are left out: shorter audit lines */
	date_format(d, buf);
	sb_kv(b, key, buf);
}

static char *sb_done(sbuf *b)
{
	if (b->oom) {
		free(b->p);
		return NULL;
	}
	if (!b->p)
		return strdup("");
	return b->p;
}

char *model_worker_describe(const cp_worker *w)
{
	sbuf b = {0};
	char roles[256];
	role_set_format(w->roles, roles, sizeof roles);
	sb_kv(&b, "login", w->login);
	sb_kv(&b, "name", w->name);
	sb_kv(&b, "roles", roles);
	sb_kv(&b, "team", w->team);
	sb_kv(&b, "manager", w->manager);
	if (w->email && *w->email)
		sb_kv(&b, "email", w->email);
	if (w->left)
		sb_kv(&b, "left", "yes");
	return sb_done(&b);
}

char *model_family_describe(const cp_family *f)
{
	sbuf b = {0};
	sb_kv(&b, "id", f->id);
	sb_kv(&b, "name", f->name);
	return sb_done(&b);
}

/* "cp-plan=2027-01-10..2027-06-02:neglect" and the like, one per
 * episode: the audit keeps the whole history. */
static void sb_episodes(sbuf *b, const cp_child *c)
{
	for (size_t i = 0; i < c->nepisodes; i++) {
		const cp_episode *e = &c->episodes[i];
		char s[CP_DATE_STRLEN], en[CP_DATE_STRLEN] = "", v[96];
		date_format(e->start, s);
		if (e->end != CP_DATE_NONE)
			date_format(e->end, en);
		snprintf(v, sizeof v, "%s..%s%s%s", s, en,
		         e->kind == EPISODE_CP ? ":" : "",
		         e->kind == EPISODE_CP ? cp_category_name(e->category)
		                               : "");
		sb_kv(b, episode_kind_name(e->kind), v);
		if (e->end_reason && *e->end_reason)
			sb_kv(b, "ended", e->end_reason);
	}
}

char *model_child_describe(const cp_child *c)
{
	sbuf b = {0};
	sb_kv(&b, "id", c->id);
	sb_kv(&b, "name", c->name);
	sb_date(&b, "dob", c->dob);
	sb_date(&b, "expected-birth", c->expected_birth);
	sb_kv(&b, "social-worker", c->social_worker);
	if (c->family_id && *c->family_id)
		sb_kv(&b, "family", c->family_id);
	sb_episodes(&b, c);
	sb_kv(&b, "family-reports", family_pref_name(c->family_pref));
	return sb_done(&b);
}

char *model_meeting_describe(const cp_meeting *m)
{
	sbuf b = {0};
	sb_kvf(&b, "id", "%llu", (unsigned long long)m->id);
	sb_kv(&b, "child", m->child_id);
	for (size_t i = 0; i < m->nsiblings; i++)
		sb_kv(&b, "sibling", m->siblings[i]);
	sb_kv(&b, "type", m->type);
	sb_date(&b, "date", m->date);
	if (m->minutes >= 0)
		sb_kvf(&b, "time", "%02d:%02d", m->minutes / 60, m->minutes % 60);
	sb_kv(&b, "chair", m->chair);
	sb_kv(&b, "minute-taker", m->minute_taker);
	sb_kv(&b, "how", meeting_how_name(m->how));
	for (size_t i = 0; i < m->nanchors; i++)
		sb_date(&b, m->anchors[i].name, m->anchors[i].date);
	sb_kv(&b, "status", meeting_status_name(m->status));
	sb_kvf(&b, "nth", "%d", m->nth);
	sb_date(&b, "cadence-by", m->cadence_by);
	if (m->cadence_exception)
		sb_kv(&b, "cadence-exception", "yes");
	sb_date(&b, "moved-from", m->moved_from);
	if (m->reason && *m->reason)
		sb_kv(&b, "reason", m->reason);
	if (m->approved_by && *m->approved_by)
		sb_kv(&b, "approved-by", m->approved_by);
	if (m->status == MEETING_HELD) {
		const cp_outcome *o = &m->outcome;
		sb_kv(&b, "plan", plan_name(o->plan));
		for (size_t i = 0; o->ndecisions > 1 && i < o->ndecisions; i++) {
			const cp_decision *d = &o->decisions[i];
			char v[MODEL_ID_MAX + 48];
			snprintf(v, sizeof v, "%s=%s%s%s", d->child_id,
			         plan_name(d->plan), d->plan == PLAN_CP ? ":" : "",
			         d->plan == PLAN_CP ? cp_category_name(d->category)
			                            : "");
			sb_kv(&b, "child-plan", v);
		}
		if (o->ndecisions == 1 && o->decisions[0].plan == PLAN_CP)
			sb_kv(&b, "category",
			      cp_category_name(o->decisions[0].category));
		sb_kv(&b, "decision", o->decision);
		sb_kv(&b, "attendees", o->attendees);
		sb_kv(&b, "reports", o->reports);
		sb_kv(&b, "views-missing", o->views_missing);
		sb_kv(&b, "summary", o->summary);
		sb_date(&b, "next-date", o->next_date);
		if (o->next_id)
			sb_kvf(&b, "next-id", "%llu",
			       (unsigned long long)o->next_id);
	}
	return sb_done(&b);
}

char *model_task_describe(const cp_task *t)
{
	sbuf b = {0};
	sb_kvf(&b, "id", "%llu", (unsigned long long)t->id);
	sb_kvf(&b, "meeting", "%llu", (unsigned long long)t->meeting_id);
	sb_kv(&b, "child", t->child_id);
	sb_kv(&b, "step", t->step_id);
	sb_kv(&b, "role", role_name(t->role));
	sb_kv(&b, "assignee", t->assignee);
	sb_date(&b, "due", t->due);
	sb_kv(&b, "status", task_status_name(t->status));
	sb_kv(&b, "kind", task_kind_name(t->kind));
	if (t->status == TASK_DONE || t->status == TASK_NOT_NEEDED ||
	    t->status == TASK_MISSED) {
		sb_kv(&b, "done-by", t->done_by);
		sb_kvf(&b, "done-at", "%lld", (long long)t->done_at);
		if (t->done_on != CP_DATE_NONE)
			sb_date(&b, "done-on", t->done_on);
	}
	if (t->note && *t->note)
		sb_kv(&b, "note", t->note);
	return sb_done(&b);
}

char *model_report_describe(const cp_report *r)
{
	sbuf b = {0};
	sb_kvf(&b, "meeting", "%llu", (unsigned long long)r->meeting_id);
	sb_kv(&b, "agency", r->agency);
	sb_kv(&b, "expected", r->expected ? "yes" : "no");
	sb_date(&b, "received", r->received);
	sb_date(&b, "shared-with-family", r->shared);
	if (r->invited) {
		sb_kv(&b, "invited", "yes");
		if (r->person && *r->person)
			sb_kv(&b, "person", r->person);
		sb_kv(&b, "takes-part", take_part_name(r->how));
	}
	if (r->attended != ATTEND_UNKNOWN)
		sb_kv(&b, "attendance", attendance_name(r->attended));
	return sb_done(&b);
}

char *model_consult_describe(const cp_consult *c)
{
	sbuf b = {0};
	sb_kvf(&b, "id", "%llu", (unsigned long long)c->id);
	sb_kv(&b, "kind", c->kind);
	sb_date(&b, "date", c->date);
	sb_kv(&b, "chair", c->chair);
	sb_kv(&b, "child", c->child_id);
	sb_kv(&b, "social-worker", c->social_worker);
	sb_kv(&b, "decision", c->decision);
	sb_kv(&b, "notes", c->notes);
	if (text_nonempty(c->took_part))
		sb_kv(&b, "took-part", c->took_part);
	if (text_nonempty(c->plan))
		sb_kv(&b, "plan", c->plan);
	if (c->progressing != PROGRESS_UNKNOWN)
		sb_kv(&b, "progressing", consult_progress_name(c->progressing));
	if (text_nonempty(c->escalation))
		sb_kv(&b, "escalation", c->escalation);
	if (c->meeting_id)
		sb_kvf(&b, "meeting", "%llu", (unsigned long long)c->meeting_id);
	return sb_done(&b);
}

char *model_request_describe(const cp_request *r)
{
	sbuf b = {0};
	char roles[256];
	sb_kvf(&b, "id", "%llu", (unsigned long long)r->id);
	sb_kv(&b, "kind", request_kind_name(r->kind));
	sb_kvf(&b, "object", "%llu", (unsigned long long)r->object_id);
	sb_kv(&b, "child", r->child_id);
	sb_kv(&b, "requester", r->requester);
	sb_kv(&b, "reason", r->reason);
	if (r->kind == REQUEST_LATE_MOVE) {
		sb_date(&b, "move-to", r->move_date);
		if (r->move_minutes >= 0)
			sb_kvf(&b, "move-time", "%02d:%02d", r->move_minutes / 60,
			       r->move_minutes % 60);
		if (r->move_force)
			sb_kv(&b, "move-force", "yes");
	}
	sb_date(&b, "made-on", r->made_on);
	role_set_format(r->need, roles, sizeof roles);
	sb_kv(&b, "need", roles);
	sb_kv(&b, "approval", r->need_all ? "all" : "any");
	for (size_t i = 0; i < r->napprovals; i++) {
		char v[MODEL_ID_MAX + 64];
		snprintf(v, sizeof v, "%s as %s", r->approvals[i].login ? r->approvals[i].login : "",
		         role_name(r->approvals[i].role) ? role_name(r->approvals[i].role)
		                                          : "?");
		sb_kv(&b, "approved", v);
		if (r->approvals[i].note && *r->approvals[i].note)
			sb_kv(&b, "note", r->approvals[i].note);
	}
	sb_kv(&b, "state", request_state_name(r->state));
	if (r->state != REQUEST_PENDING)
		sb_kv(&b, "closed-by", r->closed_by);
	sb_date(&b, "closed-on", r->closed_on);
	if (r->closing_note && *r->closing_note)
		sb_kv(&b, "closing-note", r->closing_note);
	return sb_done(&b);
}

/* ---- misc -------------------------------------------------------------- */
static const char *const role_pools[ROLE_COUNT] = {
	[ROLE_QA_ADMIN] = POOL_QA_ADMIN,
	[ROLE_QA_MANAGER] = POOL_QA_MANAGER,
	[ROLE_DIRECTOR] = POOL_DIRECTOR,
	[ROLE_SAFEGUARDING_MANAGER] = POOL_SAFEGUARDING_MANAGER,
	[ROLE_QA_REVIEW_MANAGER] = POOL_QA_REVIEW_MANAGER,
};

const char *role_pool(cp_role r)
{
	return (int)r >= 0 && r < ROLE_COUNT ? role_pools[r] : NULL;
}

bool pool_role(const char *login, cp_role *out)
{
	for (int r = 0; login && r < ROLE_COUNT; r++)
		if (role_pools[r] && !strcmp(login, role_pools[r])) {
			*out = (cp_role)r;
			return true;
		}
	return false;
}

bool model_id_valid(const char *s, bool allow_pool)
{
	if (!s || !*s)
		return false;
	size_t n = strlen(s);
	if (n > MODEL_ID_MAX)
		return false;
	const char *p = s;
	if (*p == '@') {
		if (!allow_pool || !p[1])
			return false;
		p++;
	}
	for (; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

uint64_t model_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

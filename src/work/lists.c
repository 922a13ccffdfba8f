/* lists.c - the management lists built from the store and the policy
 * (see lists.h).  Nothing here prints; lists_render.c renders. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "escalate.h"
#include "hidx.h"
#include "lists.h"
#include "meeting_children.h"
#include "permit.h"
#include "text.h"
#include "vec.h"


/* How far around the week the exceptions list looks for meetings moved
 * out of it or whose cadence date falls in it. */
#define EXC_REACH 400



static const char *const exc_names[LX_COUNT] = {
	"", "late-invite-list", "late-report", "late-step", "missed-cadence",
	"moved", "cancelled", "escalation", "unallocated", "not-held"
};

const char *list_exception_name(list_exception_kind k)
{
	return k < LX_COUNT ? exc_names[k] : "?";
}

bool lists_parse_name(const char *name, policy_list_kind *out)
{
	for (int k = 0; k < LIST_COUNT; k++)
		if (!strcmp(name, policy_list_name((policy_list_kind)k))) {
			*out = (policy_list_kind)k;
			return true;
		}
	return false;
}

static const char *const fmt_names[LIST_FMT_COUNT] = { "text", "csv", "json" };

bool lists_parse_format(const char *name, list_format *out)
{
	for (int f = 0; f < LIST_FMT_COUNT; f++)
		if (!strcmp(name, fmt_names[f])) {
			*out = (list_format)f;
			return true;
		}
	return false;
}

const char *lists_format_name(list_format f)
{
	return f < LIST_FMT_COUNT ? fmt_names[f] : "?";
}

static cp_date first_of_month(cp_date d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	cp_date out = d;
	date_from_ymd(y, m, 1, &out);
	return out;
}

/* A Monday on the 2nd or 3rd: the 1st fell on the weekend before. */
static bool month_monday(cp_date date, int day_of_month)
{
	return date_weekday(date) == 1 && (day_of_month == 2 || day_of_month == 3);
}

void lists_span(policy_list_kind kind, cp_date date, cp_date *from,
                cp_date *to)
{
	int y, m, dd;
	switch (kind) {
	case LIST_FORTNIGHT:
		*from = date;
		*to = date + 13;
		return;
	case LIST_MONTH:
		/* The calendar month that starts on the 1st on or after DATE;
		 * a Monday just after a 1st that fell on a weekend is that
		 * 1st's working day, so it lists its own month (004 point 21:
		 * "on the first of every month"). */
		date_to_ymd(date, &y, &m, &dd);
		*from = dd == 1 || month_monday(date, dd) ? first_of_month(date) :
		        date_add_months(first_of_month(date), 1);
		date_to_ymd(*from, &y, &m, &dd);
		*to = *from + date_days_in_month(y, m) - 1;
		return;
	case LIST_CASE_MAPPING:
		/* The calendar month that holds DATE. */
		*from = first_of_month(date);
		date_to_ymd(*from, &y, &m, &dd);
		*to = *from + date_days_in_month(y, m) - 1;
		return;
	case LIST_WEEK:
	case LIST_EXCEPTIONS:
	default:
		*from = date_week_start(date);
		*to = *from + 6;
		return;
	}
}

/* ---- tables ------------------------------------------------------------ */
static void row_free(list_row *r, size_t ncols)
{
	for (size_t i = 0; r->cells && i < ncols; i++)
		free(r->cells[i]);
	free(r->cells);
	free(r->group);
	free(r->meeting_type);
	free(r->child_id);
	free(r->children);
	free(r->social_worker);
	free(r->team_manager);
	free(r->service_manager);
	free(r->chair);
}

void list_table_free(list_table *lt)
{
	if (!lt)
		return;
	for (size_t i = 0; i < lt->nrows; i++)
		row_free(&lt->rows[i], lt->ncols);
	free(lt->rows);
	free(lt->title);
	memset(lt, 0, sizeof *lt);
}

typedef struct builder {
	casework *cw;
	store_txn *t;
	list_table *lt;
	size_t cap;
	/* workers looked up once, for display names (wix: by login) */
	cp_worker *w;
	size_t nw, capw;
	hidx wix;
} builder;

static void builder_end(builder *b)
{
	for (size_t i = 0; i < b->nw; i++)
		cp_worker_free(&b->w[i]);
	free(b->w);
	hidx_free(&b->wix);
}

/* A fresh row with every cell "" and every fact unknown. */
static cp_status row_new(builder *b, list_row **out, cp_error *err)
{
	list_table *lt = b->lt;
	if (!vec_room((void **)&lt->rows, &b->cap, lt->nrows,
	              sizeof *lt->rows, 32))
		return cp_oom(err);
	list_row *r = &lt->rows[lt->nrows];
	memset(r, 0, sizeof *r);
	r->cells = calloc(lt->ncols, sizeof *r->cells);
	r->date = CP_DATE_NONE;
	r->minutes = -1;
	bool ok = r->cells != NULL;
	for (size_t i = 0; ok && i < lt->ncols; i++)
		ok = (r->cells[i] = strdup("")) != NULL;
	r->group = strdup("");
	r->meeting_type = strdup("");
	r->child_id = strdup("");
	r->children = strdup("");
	r->social_worker = strdup("");
	r->team_manager = strdup("");
	r->service_manager = strdup("");
	r->chair = strdup("");
	if (!ok || !r->group || !r->meeting_type || !r->child_id ||
	    !r->children || !r->social_worker || !r->team_manager || !r->service_manager ||
	    !r->chair) {
		row_free(r, lt->ncols);
		return cp_oom(err);
	}
	lt->nrows++;
	*out = r;
	return CP_OK;
}

/* Replace *slot with the sanitised text of s. */
static cp_status set_str(char **slot, const char *s, cp_error *err)
{
	char *v = text_sanitize_dup(text_or_empty(s));
	if (!v)
		return cp_oom(err);
	free(*slot);
	*slot = v;
	return CP_OK;
}

static cp_status cellf(list_row *r, size_t col, cp_error *err,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static cp_status cellf(list_row *r, size_t col, cp_error *err,
                       const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return set_str(&r->cells[col], buf, err);
}

static cp_status cell(list_row *r, size_t col, const char *s, cp_error *err)
{
	return set_str(&r->cells[col], s, err);
}

static const char *dstr(cp_date d, char buf[CP_DATE_STRLEN])
{
	if (d == CP_DATE_NONE) {
		snprintf(buf, CP_DATE_STRLEN, "-");
		return buf;
	}
	date_format(d, buf);
	return buf;
}

typedef struct worker_key {
	const cp_worker *w;
	const char *login;
} worker_key;

static bool worker_is(const void *ctx, size_t pos)
{
	const worker_key *k = ctx;
	return !strcmp(k->w[pos].login, k->login);
}

/* The worker with this login, looked up once; NULL when there is none.
 * Valid until the next lookup. */
static cp_status worker_of(builder *b, const char *login,
                           const cp_worker **out, cp_error *err)
{
	*out = NULL;
	uint64_t h = hidx_hash_str(login);
	worker_key key = { b->w, login };
	size_t i = hidx_find(&b->wix, h, worker_is, &key);
	if (i != HIDX_NONE) {
		*out = &b->w[i];
		return CP_OK;
	}
	if (!vec_room((void **)&b->w, &b->capw, b->nw,
	              sizeof *b->w, 16))
		return cp_oom(err);
	bool found = false;
	CP_TRY(store_worker_get(b->t, login, &b->w[b->nw], &found, err));
	if (!found)
		return CP_OK;
	if (!hidx_add(&b->wix, h, b->nw)) {
		cp_worker_free(&b->w[b->nw]);
		return cp_oom(err);
	}
	*out = &b->w[b->nw++];
	return CP_OK;
}

static bool is_pool(const char *login)
{
	cp_role r;
	return pool_role(login, &r);
}

/* A worker's display name ("" -> "", unknown -> the login; a pool -> the
 * policy's name for its role).  Borrowed until the builder ends. */
static cp_status name_of(builder *b, const char *login, const char **out,
                         cp_error *err)
{
	*out = text_or_empty(login);
	if (!login || !*login)
		return CP_OK;
	if (is_pool(login)) {
		cp_role r;
		if (pool_role(login, &r))
			*out = policy_role_title(b->cw->pol, r);
		return CP_OK;
	}
	const cp_worker *w;
	CP_TRY(worker_of(b, login, &w, err));
	if (w)
		*out = *w->name ? w->name : w->login;
	return CP_OK;
}

/* The child's team manager and service manager (logins, "" if none). */
static cp_status managers(builder *b, const cp_child *c, const cp_meeting *m,
                          char tm[MODEL_ID_MAX + 1], char sm[MODEL_ID_MAX + 1],
                          cp_error *err)
{
	cp_error e;
	cp_status st = casework_role_holder(b->t, c, m, ROLE_TEAM_MANAGER, tm, &e);
	if (st == CP_REFUSED || st == CP_BADINPUT)
		tm[0] = '\0';
	else if (st != CP_OK)
		return err ? (*err = e, st) : st;
	st = casework_role_holder(b->t, c, m, ROLE_SERVICE_MANAGER, sm, &e);
	if (st == CP_REFUSED || st == CP_BADINPUT)
		sm[0] = '\0';
	else if (st != CP_OK)
		return err ? (*err = e, st) : st;
	return CP_OK;
}

static cp_status row_facts(builder *b, list_row *r, const cp_meeting *m,
                           const cp_child *c, cp_error *err)
{
	char tm[MODEL_ID_MAX + 1] = "", sm[MODEL_ID_MAX + 1] = "";
	if (c)
		CP_TRY(managers(b, c, m, tm, sm, err));
	if (m) {
		r->meeting_id = m->id;
		r->date = m->date;
		r->minutes = m->minutes;
		CP_TRY(set_str(&r->meeting_type, m->type, err));
		CP_TRY(set_str(&r->chair, m->chair, err));
	}
	CP_TRY(set_str(&r->child_id, c ? c->id : m ? m->child_id : "", err));
	CP_TRY(set_str(&r->social_worker, c ? c->social_worker : "", err));
	CP_TRY(set_str(&r->team_manager, tm, err));
	CP_TRY(set_str(&r->service_manager, sm, err));
	return CP_OK;
}

/* ---- the report-deadline step of a meeting ---------------------------- */
typedef struct deadline {
	const policy_meeting *pm;
	bool found;
	cp_task task;       /* the report-deadline step task */
} deadline_info;

static bool find_deadline(void *ctx, const cp_task *k)
{
	deadline_info *d = ctx;
	if (k->kind != TASK_STEP || d->found || !d->pm)
		return true;
	for (size_t i = 0; i < d->pm->nsteps; i++)
		if (d->pm->steps[i].report_deadline &&
		    !strcmp(d->pm->steps[i].id, k->step_id)) {
			if (cp_task_copy(&d->task, k, NULL) == CP_OK)
				d->found = true;
			return false;
		}
	return true;
}

static cp_status meeting_deadline(builder *b, const cp_meeting *m,
                                  deadline_info *d, cp_error *err)
{
	memset(d, 0, sizeof *d);
	d->pm = policy_meeting_find(b->cw->pol, m->type);
	return store_tasks_for_meeting(b->t, m->id, find_deadline, d, err);
}

typedef struct reports {
	cp_report_vec vec;
	bool oom;
} reports;

static bool collect_report(void *ctx, const cp_report *r)
{
	reports *rs = ctx;
	return cp_report_vec_push(&rs->vec, r, NULL) == CP_OK ||
	       !(rs->oom = true);
}

static void reports_free(reports *rs)
{
	cp_report_vec_free(&rs->vec);
}

/* expected | received | shared with the family | late (+ "received late") */
static const char *report_state(const cp_report *r, cp_date deadline,
                                cp_date today)
{
	if (r->shared != CP_DATE_NONE)
		return "shared with the family";
	if (r->received != CP_DATE_NONE)
		return deadline != CP_DATE_NONE && r->received > deadline ?
		       "received late" : "received";
	if (deadline != CP_DATE_NONE && deadline < today)
		return "late";
	return "expected";
}

/* ---- week, fortnight, month ------------------------------------------- */
static const char *const meeting_cols[] = {
	"date", "day", "time", "type", "child", "name", "chair", "minute_taker",
	"social_worker", "service_manager", "status", "report_due", "report",
	"agency_reports"
};
enum { MC_DATE, MC_DAY, MC_TIME, MC_TYPE, MC_CHILD, MC_NAME, MC_CHAIR,
       MC_MINUTES, MC_SW, MC_SM, MC_STATUS, MC_DUE, MC_REPORT, MC_AGENCY,
       MC_COUNT };

static bool is_conference_or_review(const char *type)
{
	return !strcmp(type, "icpc") || !strcmp(type, "rcpc") ||
	       !strcmp(type, "cla-review");
}

typedef struct meeting_vec {
	cp_meeting_vec vec;
	bool oom;
	bool all_types;
} meeting_vec;

static bool collect_meeting(void *ctx, const cp_meeting *m)
{
	meeting_vec *mv = ctx;
	if (!mv->all_types && !is_conference_or_review(m->type))
		return true;
	if (cp_meeting_vec_push(&mv->vec, m, NULL) != CP_OK)
		return !(mv->oom = true);
	return true;
}

static void meeting_vec_free(meeting_vec *mv)
{
	cp_meeting_vec_free(&mv->vec);
}

static const char *hhmm(int minutes, char buf[8])
{
	if (minutes < 0) {
		snprintf(buf, 8, "-");
		return buf;
	}
	snprintf(buf, 8, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
	return buf;
}

/* A family meeting's row names its children, those the reader sees (k). */
static cp_status family_cells(list_row *r, const meeting_children *k,
                              cp_error *err)
{
	char *ids = meeting_children_ids(k), *names = meeting_children_names(k);
	cp_status st = ids && names ? cell(r, MC_CHILD, ids, err) : cp_oom(err);
	if (st == CP_OK)
		st = cell(r, MC_NAME, names, err);
	if (st == CP_OK)
		st = set_str(&r->children, ids, err);
	free(ids);
	free(names);
	return st;
}

static cp_status meeting_row(builder *b, const cp_meeting *m, cp_error *err)
{
	list_table *lt = b->lt;
	cp_child c;
	bool found = false;
	if (!permit_sees_meeting(b->cw->pm, b->t, m))
		return CP_OK;
	/* a family meeting's row is its first child the reader sees: its
	 * social worker and managers, not a hidden sibling's */
	meeting_children kids = { 0 };
	if (m->nsiblings)
		CP_TRY(meeting_children_get(b->cw->pm, b->t, m, &kids, err));
	cp_status st = store_child_get(b->t, kids.n ? kids.id[0] : m->child_id, &c,
	                               &found, err);
	if (st != CP_OK) {
		meeting_children_free(&kids);
		return st;
	}
	list_row *r;
	st = row_new(b, &r, err);
	if (st == CP_OK)
		st = row_facts(b, r, m, found ? &c : NULL, err);
	deadline_info d = { 0 };
	reports rs = { 0 };
	if (st == CP_OK)
		st = meeting_deadline(b, m, &d, err);
	if (st == CP_OK)
		st = store_reports_for_meeting(b->t, m->id, collect_report, &rs, err);
	if (st == CP_OK && rs.oom)
		st = cp_oom(err);
	char ds[CP_DATE_STRLEN], tb[8];
	const char *chair = "", *minutes = "", *sw = "", *sm = "";
	if (st == CP_OK)
		st = name_of(b, m->chair, &chair, err);
	if (st == CP_OK && !*m->chair)
		chair = "(to allocate)";
	if (st == CP_OK)
		st = name_of(b, m->minute_taker, &minutes, err);
	if (st == CP_OK && !*m->minute_taker)
		minutes = policy_needs_minute_taker(b->cw->pol, m->type)
		          ? "(to allocate)" : "-";
	if (st == CP_OK)
		st = name_of(b, found ? c.social_worker : "", &sw, err);
	if (st == CP_OK)
		st = name_of(b, r->service_manager, &sm, err);
	if (st == CP_OK) {
		cp_date due = d.found ? d.task.due : CP_DATE_NONE;
		const char *state = "-";
		if (m->status == MEETING_CANCELLED)
			state = "-";
		else if (d.found && d.task.status == TASK_DONE)
			state = "received";
		else if (d.found && d.task.status == TASK_OPEN)
			state = due < lt->today ? "late" : "expected";
		else if (d.found && d.task.status == TASK_MISSED)
			state = "missed";
		else if (d.found && d.task.status == TASK_NOT_NEEDED)
			state = "not needed";
		r->late = !strcmp(state, "late") || !strcmp(state, "missed");
		/* agency reports: "Police: received; School: late" */
		char agency[1536] = "";
		size_t used = 0;
		for (size_t i = 0; i < rs.vec.n; i++) {
			const cp_report *rep = &rs.vec.v[i];
			if (!rep->expected && rep->received == CP_DATE_NONE)
				continue;
			const char *s = report_state(rep, due, lt->today);
			if (!strcmp(s, "late"))
				r->late = true;
			int k = snprintf(agency + used, sizeof agency - used, "%s%s: %s",
			                 used ? "; " : "", rep->agency, s);
			if (k < 0 || (size_t)k >= sizeof agency - used)
				break;
			used += (size_t)k;
		}
		if (st == CP_OK) st = cell(r, MC_DATE, dstr(m->date, ds), err);
		if (st == CP_OK) st = cell(r, MC_DAY, date_weekday_name(m->date), err);
		if (st == CP_OK) st = cell(r, MC_TIME, hhmm(m->minutes, tb), err);
		if (st == CP_OK) st = cell(r, MC_TYPE, m->type, err);
		if (st == CP_OK && m->nsiblings)
			st = family_cells(r, &kids, err);
		else {
			if (st == CP_OK) st = cell(r, MC_CHILD, m->child_id, err);
			if (st == CP_OK) st = cell(r, MC_NAME, found ? c.name : "", err);
		}
		if (st == CP_OK) st = cell(r, MC_CHAIR, chair, err);
		if (st == CP_OK) st = cell(r, MC_MINUTES, minutes, err);
		if (st == CP_OK) st = cell(r, MC_SW, sw, err);
		if (st == CP_OK) st = cell(r, MC_SM, sm, err);
		if (st == CP_OK) st = cell(r, MC_DUE, dstr(due, ds), err);
		if (st == CP_OK) st = cell(r, MC_REPORT, state, err);
		if (st == CP_OK) st = cell(r, MC_AGENCY, used ? agency : "-", err);
		if (st == CP_OK)
			st = cell(r, MC_STATUS, meeting_status_name(m->status), err);
	}
	if (d.found)
		cp_task_free(&d.task);
	reports_free(&rs);
	if (found)
		cp_child_free(&c);
	meeting_children_free(&kids);
	return st;
}

/* By date, then time (09:30 before 14:00; no time first), then id: the
 * date index gives a day's meetings in the order they were booked. */
static int meeting_date_cmp(const void *a, const void *b)
{
	const cp_meeting *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->minutes != y->minutes)
		return x->minutes < y->minutes ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static cp_status build_meetings(builder *b, cp_error *err)
{
	list_table *lt = b->lt;
	meeting_vec mv = { 0 };
	cp_status st = store_meetings_between(b->t, lt->from, lt->to, 0,
	                                      collect_meeting, &mv, err);
	if (st == CP_OK && mv.oom)
		st = cp_oom(err);
	if (st == CP_OK && mv.vec.n > 1)
		qsort(mv.vec.v, mv.vec.n, sizeof *mv.vec.v, meeting_date_cmp);
	for (size_t i = 0; st == CP_OK && i < mv.vec.n; i++)
		st = meeting_row(b, &mv.vec.v[i], err);
	meeting_vec_free(&mv);
	return st;
}

/* ---- exceptions -------------------------------------------------------- */
static const char *const exc_cols[] = {
	"kind", "date", "child", "name", "social_worker", "meeting", "item",
	"detail"
};
enum { XC_KIND, XC_DATE, XC_CHILD, XC_NAME, XC_SW, XC_MEETING, XC_ITEM,
       XC_DETAIL, XC_COUNT };

/* A row of the exceptions list for child/meeting, grouped under the
 * child's service manager and team manager. */
/* Whose row it is: child, or (NULL) the meeting's first child the
 * reader sees (a family meeting's index child may be hidden from them). */
static cp_status exc_child(builder *b, const cp_meeting *m, const char *child,
                           cp_child *c, bool *found, cp_error *err)
{
	char who[MODEL_ID_MAX + 1];
	snprintf(who, sizeof who, "%s", child ? child : m->child_id);
	if (!child && m->nsiblings) {
		meeting_children k;
		CP_TRY(meeting_children_get(b->cw->pm, b->t, m, &k, err));
		if (k.n)
			snprintf(who, sizeof who, "%s", k.id[0]);
		meeting_children_free(&k);
	}
	CP_TRY(store_child_get(b->t, who, c, found, err));
	/* a sibling's own task: shown only to those who see that child */
	if (*found && child && m->nsiblings &&
	    !permit_sees_child(b->cw->pm, b->t, c)) {
		cp_child_free(c);
		*found = false;
		return CP_REFUSED;
	}
	return CP_OK;
}

static cp_status exc_row(builder *b, list_exception_kind kind, cp_date date,
                         const cp_meeting *m, const char *child,
                         const char *item, const char *detail,
                         uint64_t task_id, cp_error *err)
{
	cp_child c;
	bool found = false;
	if (!permit_sees_meeting(b->cw->pm, b->t, m))
		return CP_OK;
	cp_status seen = exc_child(b, m, child, &c, &found, err);
	if (seen == CP_REFUSED)
		return CP_OK;
	CP_TRY(seen);
	list_row *r;
	cp_status st = row_new(b, &r, err);
	if (st == CP_OK)
		st = row_facts(b, r, m, found ? &c : NULL, err);
	const char *sw = "", *tm = "", *sm = "";
	if (st == CP_OK)
		st = name_of(b, r->social_worker, &sw, err);
	if (st == CP_OK)
		st = name_of(b, r->team_manager, &tm, err);
	if (st == CP_OK)
		st = name_of(b, r->service_manager, &sm, err);
	char ds[CP_DATE_STRLEN], md[CP_DATE_STRLEN];
	if (st == CP_OK) {
		r->kind = kind;
		r->date = date;
		r->task_id = task_id;
		r->late = kind == LX_LATE_INVITE_LIST || kind == LX_LATE_REPORT ||
		          kind == LX_LATE_STEP;
		char grp[600];
		snprintf(grp, sizeof grp, "Service manager: %s; team manager: %s",
		         *sm ? sm : "(none recorded)", *tm ? tm : "(none recorded)");
		st = set_str(&r->group, grp, err);
	}
	if (st == CP_OK) st = cell(r, XC_KIND, list_exception_name(kind), err);
	if (st == CP_OK) st = cell(r, XC_DATE, dstr(date, ds), err);
	if (st == CP_OK) st = cell(r, XC_CHILD, r->child_id, err);
	if (st == CP_OK) st = cell(r, XC_NAME, found ? c.name : "", err);
	if (st == CP_OK) st = cell(r, XC_SW, sw, err);
	if (st == CP_OK && m->id == TASK_NO_MEETING)
		st = cellf(r, XC_MEETING, err, "%s, month to %s", m->type,
		           dstr(m->date, md));
	else if (st == CP_OK)
		st = cellf(r, XC_MEETING, err, "%s %s (#%llu)", m->type,
		           dstr(m->date, md), (unsigned long long)m->id);
	if (st == CP_OK) st = cell(r, XC_ITEM, item, err);
	if (st == CP_OK) st = cell(r, XC_DETAIL, detail, err);
	if (found)
		cp_child_free(&c);
	return st;
}


typedef struct task_vec {
	cp_task_vec vec;
	bool oom;
	cp_date lo, hi;          /* keep step tasks due lo..hi */
} task_vec;

static bool collect_task(void *ctx, const cp_task *k)
{
	task_vec *tv = ctx;
	if (k->kind != TASK_STEP || k->due < tv->lo || k->due > tv->hi)
		return true;
	if (cp_task_vec_push(&tv->vec, k, NULL) != CP_OK)
		return !(tv->oom = true);
	return true;
}

static void task_vec_free(task_vec *tv)
{
	cp_task_vec_free(&tv->vec);
}

typedef struct logins {
	str_vec v;
	bool oom;
} logins;

static bool collect_login(void *ctx, const cp_worker *w)
{
	logins *l = ctx;
	return str_vec_add(&l->v, w->login) || !(l->oom = true);
}

/* Is login a worker on record or a pool?  The report has always read
 * the queues of those only. */
static cp_status on_record(builder *b, const char *login, bool *yes,
                           cp_error *err)
{
	const cp_worker *w = NULL;
	*yes = is_pool(login);
	if (!*yes && *login)
		CP_TRY(worker_of(b, login, &w, err));
	*yes = *yes || w != NULL;
	return CP_OK;
}

/* A chair's case mapping or review not done by its month's end (003
 * point 4a: "to complete in that month"), open or carried (missed): a
 * step of the child's own, shown against no meeting. */
static cp_status late_cycle_step(builder *b, const cp_task *k, cp_date done,
                                 cp_error *err)
{
	const policy_consultation_kind *ck =
	    policy_consult_kind_find(b->cw->pol, k->step_id);
	if (!ck || ck->cycle == CYCLE_NONE)
		return CP_OK;
	cp_meeting m;
	cp_meeting_init(&m);
	m.child_id = k->child_id;
	m.type = k->step_id;
	m.date = k->due;
	m.chair = k->assignee;
	m.minute_taker = (char *)"";
	char detail[256], ds[CP_DATE_STRLEN], dd[CP_DATE_STRLEN];
	const char *owner = "";
	CP_TRY(name_of(b, k->assignee, &owner, err));
	if (k->status == TASK_MISSED)
		snprintf(detail, sizeof detail, "due %s, missed: closed %s (%s): "
		         "%.120s", dstr(k->due, ds), dstr(done, dd), owner,
		         text_or_empty(k->note));
	else if (k->status == TASK_DONE)
		snprintf(detail, sizeof detail, "due %s, done %s (%s)",
		         dstr(k->due, ds), dstr(done, dd), owner);
	else
		snprintf(detail, sizeof detail, "due %s, not done (%s)",
		         dstr(k->due, ds), owner);
	return exc_row(b, LX_LATE_STEP, k->due, &m, k->child_id, k->title,
	               detail, k->id, err);
}

/* Late steps the policy sends to the exception report (escalate with
 * exception-report, or the report deadline): due before the end of the
 * week and before today, and open, or done after the due date, within
 * the week or later (on the day stated, else the day recorded); and every
 * step closed as missed in the week (its meeting held without it).  Read from the open tasks due by then and the tasks done
 * since the week began (ix.tasks.open.due, ix.tasks.done.day), not from
 * the history: the UTC day before the week covers every offset of the
 * local time the done date is taken in. */
static cp_status late_steps(builder *b, cp_error *err)
{
	list_table *lt = b->lt;
	cp_date last = lt->to < lt->today - 1 ? lt->to : lt->today - 1;
	task_vec tv = { .lo = CP_DATE_NONE, .hi = last };
	cp_status st = store_tasks_open_due(b->t, CP_DATE_NONE, last,
	                                    collect_task, &tv, err);
	tv.lo = lt->from - EXC_REACH;
	if (st == CP_OK)
		st = store_tasks_done_between(b->t, lt->from - 1, STORE_DATE_MAX,
		                              collect_task, &tv, err);
	if (st == CP_OK && tv.oom)
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < tv.vec.n; i++) {
		const cp_task *k = &tv.vec.v[i];
		/* done: on the day stated (work done Friday, recorded Monday) */
		cp_date done = k->done_on != CP_DATE_NONE ? k->done_on
		                                          : date_of_moment(k->done_at);
		bool known = false;
		bool closed = k->status == TASK_DONE || k->status == TASK_MISSED;
		if (k->status == TASK_NOT_NEEDED || k->status == TASK_CANCELLED ||
		    (closed && (done == CP_DATE_NONE || done <= k->due ||
		                done < lt->from)))
			continue;
		if ((st = on_record(b, k->assignee, &known, err)) != CP_OK || !known)
			continue;
		if (k->meeting_id == TASK_NO_MEETING) {
			st = late_cycle_step(b, k, done, err);
			continue;
		}
		cp_meeting m;
		bool found = false;
		st = store_meeting_get(b->t, k->meeting_id, &m, &found, err);
		if (st != CP_OK || !found)
			continue;
		const policy_step *s = policy_type_step(b->cw->pol, m.type, k->step_id);
		/* a missed step always: it is what the report is for */
		if (s && m.status != MEETING_CANCELLED &&
		    (k->status == TASK_MISSED || s->report_deadline ||
		     (s->escalate.present && s->escalate.exception_report))) {
			list_exception_kind kind = !strcmp(s->id, "invite-list") ?
			    LX_LATE_INVITE_LIST : s->report_deadline ? LX_LATE_REPORT :
			    LX_LATE_STEP;
			char detail[256], ds[CP_DATE_STRLEN], dd[CP_DATE_STRLEN];
			const char *owner = "";
			st = name_of(b, k->assignee, &owner, err);
			if (k->status == TASK_DONE)
				snprintf(detail, sizeof detail, "due %s, done %s (%s)",
				         dstr(k->due, ds), dstr(done, dd), owner);
			else if (k->status == TASK_MISSED)
				snprintf(detail, sizeof detail, "due %s, missed: closed %s "
				         "(%s): %.120s", dstr(k->due, ds), dstr(done, dd),
				         owner, text_or_empty(k->note));
			else
				snprintf(detail, sizeof detail, "due %s, not done (%s)",
				         dstr(k->due, ds), owner);
			if (st == CP_OK)
				st = exc_row(b, kind, k->due, &m, k->child_id, k->title,
				             detail, k->id, err);
		}
		cp_meeting_free(&m);
	}
	task_vec_free(&tv);
	return st;
}

/* Agency reports not in by the report deadline, for meetings whose
 * deadline has passed by the end of the week. */
static cp_status late_agency_reports(builder *b, const cp_meeting *m,
                                     cp_error *err)
{
	list_table *lt = b->lt;
	if (m->status == MEETING_CANCELLED)
		return CP_OK;
	deadline_info d;
	CP_TRY(meeting_deadline(b, m, &d, err));
	if (!d.found)
		return CP_OK;
	cp_date due = d.task.due;
	cp_task_free(&d.task);
	if (due > lt->to || due >= lt->today || m->date < lt->from)
		return CP_OK;
	reports rs = { 0 };
	cp_status st = store_reports_for_meeting(b->t, m->id, collect_report, &rs,
	                                         err);
	if (st == CP_OK && rs.oom)
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < rs.vec.n; i++) {
		const cp_report *r = &rs.vec.v[i];
		if (!r->expected)
			continue;
		bool late = r->received == CP_DATE_NONE ||
		            (r->received > due && r->received >= lt->from);
		if (!late)
			continue;
		char item[300], detail[128], ds[CP_DATE_STRLEN], rd[CP_DATE_STRLEN];
		snprintf(item, sizeof item, "Agency report: %s", r->agency);
		if (r->received == CP_DATE_NONE)
			snprintf(detail, sizeof detail, "due %s, not received",
			         dstr(due, ds));
		else
			snprintf(detail, sizeof detail, "due %s, received %s",
			         dstr(due, ds), dstr(r->received, rd));
		st = exc_row(b, LX_LATE_REPORT, due, m, NULL, item, detail, 0, err);
	}
	reports_free(&rs);
	return st;
}

static bool in_span(cp_date d, const list_table *lt)
{
	return d != CP_DATE_NONE && d >= lt->from && d <= lt->to;
}


/* The meetings that can give an exception row for the week: those dated
 * in it, and those with a cadence date or a moved-from date in it
 * (ix.meetings.marked), dated within EXC_REACH of it; once each, by date
 * then id. */
static cp_status week_meetings(builder *b, meeting_vec *mv, cp_error *err)
{
	list_table *lt = b->lt;
	cp_status st = store_meetings_between(b->t, lt->from, lt->to, 0,
	                                      collect_meeting, mv, err);
	if (st == CP_OK)
		st = store_meetings_marked_between(b->t, lt->from, lt->to,
		                                   collect_meeting, mv, err);
	if (st == CP_OK && mv->oom)
		st = cp_oom(err);
	if (st != CP_OK || !mv->vec.n)
		return st;
	qsort(mv->vec.v, mv->vec.n, sizeof *mv->vec.v, meeting_date_cmp);
	size_t keep = 0;
	for (size_t i = 0; i < mv->vec.n; i++) {
		cp_meeting *m = &mv->vec.v[i];
		if ((keep && mv->vec.v[keep - 1].id == m->id) ||
		    m->date < lt->from - EXC_REACH || m->date > lt->to + EXC_REACH)
			cp_meeting_free(m);
		else
			mv->vec.v[keep++] = *m;
	}
	mv->vec.n = keep;
	return CP_OK;
}

/* ---- cancellations ----------------------------------------------------- */
/* A cancellation is listed in the week it was made: a meeting cancelled
 * through a request (casework_request.c) on the day its request was
 * approved; one cancelled before requests were kept (schema 7), or
 * loaded as history without one, by its own date as before. */
typedef struct cancel_req {
	uint64_t meeting;
	cp_date on;
} cancel_req;

typedef struct cancel_reqs {
	cancel_req *v;
	size_t n, cap;
	bool oom;
} cancel_reqs;

static bool see_cancel_request(void *ctx, const cp_request *q)
{
	cancel_reqs *cr = ctx;
	if (q->kind != REQUEST_CANCEL_MEETING || q->state != REQUEST_APPROVED)
		return true;
	if (!vec_room((void **)&cr->v, &cr->cap, cr->n, sizeof *cr->v, 16))
		return !(cr->oom = true);
	cr->v[cr->n++] = (cancel_req){ q->object_id, q->closed_on };
	return true;
}

/* Every cancellation made through a request (a few hundred a year). */
static cp_status cancel_requests(builder *b, cancel_reqs *cr, cp_error *err)
{
	CP_TRY(store_requests_all(b->t, see_cancel_request, cr, err));
	return cr->oom ? cp_oom(err) : CP_OK;
}

static bool cancelled_by_request(const cancel_reqs *cr, uint64_t meeting)
{
	for (size_t i = 0; i < cr->n; i++)
		if (cr->v[i].meeting == meeting)
			return true;
	return false;
}

/* Who approved m's cancellation or late move, by name, into appr
 * ("" when nobody is recorded). */
static cp_status approver_names(builder *b, const cp_meeting *m, char *appr,
                                size_t size, cp_error *err)
{
	size_t used = 0;
	const char *p = m->approved_by;
	appr[0] = '\0';
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char login[MODEL_ID_MAX + 1];
		snprintf(login, sizeof login, "%.*s", (int)len, p);
		const char *nm = login;
		CP_TRY(name_of(b, login, &nm, err));
		int k = snprintf(appr + used, size - used, "%s%s", used ? ", " : "",
		                 nm);
		if (k > 0 && (size_t)k < size - used)
			used += (size_t)k;
		p = e ? e + 1 : NULL;
	}
	return CP_OK;
}

/* The row of cancelled meeting m, dated `date`: its reason and who
 * approved it (by name). */
static cp_status cancel_row(builder *b, const cp_meeting *m, cp_date date,
                            cp_error *err)
{
	char appr[600], detail[1400];
	CP_TRY(approver_names(b, m, appr, sizeof appr, err));
	snprintf(detail, sizeof detail, "%s; approved by %s",
	         *m->reason ? m->reason : "(no reason)",
	         appr[0] ? appr : "(nobody recorded)");
	return exc_row(b, LX_CANCELLED, date, m, NULL, "Meeting cancelled",
	               detail, 0, err);
}

/* The row of moved meeting m: from where to where, why, and who approved
 * a late move. */
static cp_status moved_row(builder *b, const cp_meeting *m, cp_error *err)
{
	char appr[600] = "", d1[CP_DATE_STRLEN], d2[CP_DATE_STRLEN], detail[1400];
	if (m->status != MEETING_CANCELLED)
		CP_TRY(approver_names(b, m, appr, sizeof appr, err));
	snprintf(detail, sizeof detail, "from %s to %s: %s%s%s",
	         dstr(m->moved_from, d1), dstr(m->date, d2),
	         *m->reason ? m->reason : "(no reason)",
	         appr[0] ? "; approved by " : "", appr);
	return exc_row(b, LX_MOVED, m->moved_from, m, NULL, "Meeting moved",
	               detail, 0, err);
}

/* The cancellations made in the week, through requests. */
static cp_status request_cancellations(builder *b, const cancel_reqs *cr,
                                       cp_error *err)
{
	for (size_t i = 0; i < cr->n; i++) {
		cp_meeting m;
		bool found = false;
		if (!in_span(cr->v[i].on, b->lt))
			continue;
		CP_TRY(store_meeting_get(b->t, cr->v[i].meeting, &m, &found, err));
		if (!found)
			continue;
		cp_status st = m.status == MEETING_CANCELLED
		               ? cancel_row(b, &m, cr->v[i].on, err) : CP_OK;
		cp_meeting_free(&m);
		CP_TRY(st);
	}
	return CP_OK;
}

static cp_status meeting_exceptions(builder *b, cp_error *err)
{
	list_table *lt = b->lt;
	meeting_vec mv = { .all_types = true };
	cancel_reqs cr = { 0 };
	cp_status st = cancel_requests(b, &cr, err);
	if (st == CP_OK)
		st = week_meetings(b, &mv, err);
	for (size_t i = 0; st == CP_OK && i < mv.vec.n; i++) {
		const cp_meeting *m = &mv.vec.v[i];
		char d1[CP_DATE_STRLEN], d2[CP_DATE_STRLEN], detail[1400];
		if (m->cadence_exception &&
		    (in_span(m->cadence_by, lt) || in_span(m->date, lt))) {
			snprintf(detail, sizeof detail, "due by %s, held %s: %s",
			         dstr(m->cadence_by, d1), dstr(m->date, d2),
			         *m->reason ? m->reason : "(no reason)");
			st = exc_row(b, LX_MISSED_CADENCE,
			             in_span(m->cadence_by, lt) ? m->cadence_by : m->date,
			             m, NULL, "Later than the cadence allows", detail, 0,
			             err);
		}
		if (st == CP_OK && m->moved_from != CP_DATE_NONE &&
		    (in_span(m->moved_from, lt) || in_span(m->date, lt)))
			st = moved_row(b, m, err);
		if (st == CP_OK && m->status == MEETING_CANCELLED &&
		    in_span(m->date, lt) && !cancelled_by_request(&cr, m->id))
			st = cancel_row(b, m, m->date, err);
		if (st == CP_OK && in_span(m->date, lt))
			st = late_agency_reports(b, m, err);
	}
	meeting_vec_free(&mv);
	if (st == CP_OK)
		st = request_cancellations(b, &cr, err);
	free(cr.v);
	return st;
}

static cp_status escalations(builder *b, cp_error *err)
{
	list_table *lt = b->lt;
	esc_list el = { 0 };
	cp_status st = escalate_raised_between(b->cw, b->t, lt->from, lt->to,
	                                       lt->today, &el, err);
	for (size_t i = 0; st == CP_OK && i < el.n;) {
		size_t j = i;
		char to[1024] = "";
		size_t used = 0;
		for (; st == CP_OK && j < el.n && el.v[j].task.id == el.v[i].task.id &&
		       el.v[j].date == el.v[i].date; j++) {
			const char *nm = "";
			st = name_of(b, el.v[j].to, &nm, err);
			const char *rt = policy_role_title(b->cw->pol, el.v[j].to_role);
			int k;
			if (el.v[j].to[0] == '@' || !*nm)
				k = snprintf(to + used, sizeof to - used, "%s%s%s", used ? ", " : "",
				             text_or_empty(rt), *nm ? "" : " (none recorded)");
			else
				k = snprintf(to + used, sizeof to - used, "%s%s (%s)",
				             used ? ", " : "", nm, text_or_empty(rt));
			if (k > 0 && (size_t)k < sizeof to - used)
				used += (size_t)k;
		}
		bool found = false;
		cp_meeting m;
		if (st == CP_OK)
			st = store_meeting_get(b->t, el.v[i].task.meeting_id, &m, &found,
			                       err);
		if (st == CP_OK && found) {
			char detail[1400], ds[CP_DATE_STRLEN];
			snprintf(detail, sizeof detail, "to %s; step due %s%s", to,
			         dstr(el.v[i].task.due, ds),
			         el.v[i].task.status == TASK_DONE ? ", since done" : "");
			st = exc_row(b, LX_ESCALATION, el.v[i].date, &m,
			             el.v[i].task.child_id, el.v[i].title, detail,
			             el.v[i].task.id, err);
			cp_meeting_free(&m);
		}
		i = j;
	}
	esc_list_free(&el);
	return st;
}

static int exc_cmp(const void *a, const void *b)
{
	const list_row *x = a, *y = b;
	int c = strcmp(x->group, y->group);
	if (c)
		return c;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((c = strcmp(x->child_id, y->child_id)))
		return c;
	if (x->meeting_id != y->meeting_id)
		return x->meeting_id < y->meeting_id ? -1 : 1;
	if (x->task_id != y->task_id)
		return x->task_id < y->task_id ? -1 : 1;
	return strcmp(x->cells[XC_ITEM], y->cells[XC_ITEM]);
}

/* Meetings from the list's date to the policy's horizon (diary:
 * unallocated-within) still without a chair or minute taker. */
static cp_status unallocated(builder *b, cp_error *err)
{
	list_table *lt = b->lt;
	cp_date until;
	cp_error past_end;
	/* past the last year of bank holidays known: the list's own span (a
	 * horizon cannot be counted in working days there) */
	if (policy_diary_unallocated_until(b->cw->pol, b->cw->cal, lt->date,
	                                   &until, &past_end) != CP_OK)
		until = lt->to;
	if (until < lt->to)
		until = lt->to;
	/* from the week's first day: one whose day has passed with nobody
	 * allocated is still to be reported */
	meeting_vec mv = { .all_types = true };
	cp_status st = store_meetings_between(b->t, lt->from, until, 0,
	                                      collect_meeting, &mv, err);
	if (st == CP_OK && mv.oom)
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < mv.vec.n; i++) {
		const cp_meeting *m = &mv.vec.v[i];
		const policy_meeting *pm = policy_meeting_find(b->cw->pol, m->type);
		/* no clerk is allocated to a meeting without a minute taker's
		 * step (a core group, the social worker's; a CLA review whose
		 * record is the IRO's) */
		bool own = (pm && pm->chair_role == ROLE_SOCIAL_WORKER) ||
		           !policy_needs_minute_taker(b->cw->pol, m->type);
		if (m->status != MEETING_SCHEDULED ||
		    (*m->chair && (*m->minute_taker || own)))
			continue;
		char detail[128];
		snprintf(detail, sizeof detail, "no %s%s%s: cpdesk meeting allocate "
		         "%llu", *m->chair ? "" : "chair",
		         !*m->chair && !*m->minute_taker && !own ? " or " : "",
		         *m->minute_taker || own ? "" : "minute taker",
		         (unsigned long long)m->id);
		st = exc_row(b, LX_UNALLOCATED, m->date, m, NULL,
		             "Not allocated", detail, 0, err);
	}
	meeting_vec_free(&mv);
	return st;
}

/* ---- meetings not held in time ---------------------------------------- */
typedef struct episode_kids {
	const policy *pol;
	cp_date on;
	str_vec ids;
	bool oom;
} episode_kids;

/* Children with an episode open on `on` that some type is held during. */
static bool collect_episode_kid(void *ctx, const cp_child *c)
{
	episode_kids *e = ctx;
	bool open = false;
	for (size_t i = 0; i < e->pol->nmeetings && !open; i++) {
		int k = e->pol->meetings[i].during;
		open = k >= 0 && k < EPISODE_KIND_COUNT &&
		       child_episode_at(c, (episode_kind)k, e->on) != NULL;
	}
	return !open || str_vec_add(&e->ids, c->id) || !(e->oom = true);
}

typedef struct next_booked {
	const char *type;
	cp_date after;
	cp_meeting m;
	bool found;
	cp_status st;
} next_booked;

static bool find_next_booked(void *ctx, const cp_meeting *m)
{
	next_booked *nb = ctx;
	if (m->status != MEETING_SCHEDULED || m->date <= nb->after ||
	    strcmp(m->type, nb->type))
		return true;
	nb->st = cp_meeting_copy(&nb->m, m, NULL);
	nb->found = nb->st == CP_OK;
	return false;
}

/* Child's meeting of type pm, due by `by` (counted from held meeting
 * prev) and not held: booked by then with no outcome recorded, or not
 * booked at all.  One booked later than `by` is a cadence exception,
 * reported when it was booked. */
static cp_status not_held_one(builder *b, const char *child,
                              const policy_meeting *pm, cp_date by,
                              const cp_meeting *prev, cp_error *err)
{
	next_booked nb = { .type = pm->type, .after = prev->date, .st = CP_OK };
	CP_TRY(store_meetings_for_child(b->t, child, find_next_booked, &nb,
	                                err));
	if (nb.st != CP_OK)
		return cp_oom(err);
	char item[300], detail[300], d1[CP_DATE_STRLEN], d2[CP_DATE_STRLEN];
	cp_status st = CP_OK;
	if (nb.found && nb.m.date <= by) {
		snprintf(item, sizeof item, "Not held by %s: %s", dstr(by, d1),
		         pm->title);
		snprintf(detail, sizeof detail, "booked for %s, no outcome "
		         "recorded", dstr(nb.m.date, d2));
		st = exc_row(b, LX_NOT_HELD, by, &nb.m, child, item, detail, 0, err);
	} else if (!nb.found) {
		snprintf(item, sizeof item, "Not booked: %s", pm->title);
		snprintf(detail, sizeof detail, "due by %s, counted from the %s "
		         "of %s", dstr(by, d1), prev->type, dstr(prev->date, d2));
		st = exc_row(b, LX_NOT_HELD, by, prev, child, item, detail, 0, err);
	}
	if (nb.found)
		cp_meeting_free(&nb.m);
	return st;
}

/* Each type child's open episode requires (held during: it, and a
 * cadence rule leads to it): due in the week, by a day now past. */
static cp_status not_held_child(builder *b, const char *child, cp_date last,
                                cp_error *err)
{
	const policy *p = b->cw->pol;
	for (size_t i = 0; i < p->nmeetings; i++) {
		const policy_meeting *pm = &p->meetings[i];
		if (pm->during < 0 || pm->during >= EPISODE_KIND_COUNT)
			continue;
		cp_date by;
		uint64_t prev;
		cp_error no;
		cp_status st = casework_cadence_due_txn(b->cw, b->t, child, pm->type,
		                                        last, &by, &prev, &no);
		if (st == CP_REFUSED)   /* not in that episode then */
			continue;
		if (st != CP_OK)
			return cp_fail(err, st, "%s", no.msg);
		/* from an anchor (prev 0): no meeting to report it against */
		if (!prev || by < b->lt->from || by > last)
			continue;
		cp_meeting held;
		bool found = false;
		CP_TRY(store_meeting_get(b->t, prev, &held, &found, err));
		if (!found)
			return cp_fail(err, CP_FAILED, "meeting %llu, which child %s's "
			               "cadence counts from, is not in the store: run "
			               "cpdesk check-store", (unsigned long long)prev,
			               child);
		st = not_held_one(b, child, pm, by, &held, err);
		cp_meeting_free(&held);
		CP_TRY(st);
	}
	return CP_OK;
}

/* Meetings a child's open plan or care requires whose latest lawful
 * date fell in the week, before today, with none held by then. */
static cp_status not_held(builder *b, cp_error *err)
{
	list_table *lt = b->lt;
	cp_date last = lt->to < lt->today - 1 ? lt->to : lt->today - 1;
	if (last < lt->from)
		return CP_OK;
	episode_kids e = { .pol = b->cw->pol, .on = last };
	cp_status st = store_children_all(b->t, collect_episode_kid, &e, err);
	if (st == CP_OK && e.oom)
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < e.ids.n; i++)
		st = not_held_child(b, e.ids.v[i], last, err);
	str_vec_free(&e.ids);
	return st;
}

static cp_status build_exceptions(builder *b, cp_error *err)
{
	CP_TRY(late_steps(b, err));
	CP_TRY(meeting_exceptions(b, err));
	CP_TRY(escalations(b, err));
	CP_TRY(unallocated(b, err));
	CP_TRY(not_held(b, err));
	if (b->lt->nrows)
		qsort(b->lt->rows, b->lt->nrows, sizeof *b->lt->rows, exc_cmp);
	return CP_OK;
}

/* ---- case mapping ------------------------------------------------------ */
static const char *const cm_cols[] = {
	"date", "child", "name", "social_worker", "chair", "kind", "detail"
};
enum { CM_DATE, CM_CHILD, CM_NAME, CM_SW, CM_CHAIR, CM_KIND, CM_DETAIL,
       CM_COUNT };

typedef struct consult_vec {
	const policy *pol;
	cp_consult *v;
	size_t n, cap;
	bool oom;
} consult_vec;

static bool collect_consult(void *ctx, const cp_consult *c)
{
	consult_vec *cv = ctx;
	const policy_consultation_kind *k = policy_consult_kind_find(cv->pol,
	                                                             c->kind);
	if (!k || (!k->mapping && k->cycle == CYCLE_NONE))
		return true;
	if (!vec_room((void **)&cv->v, &cv->cap, cv->n,
	              sizeof *cv->v, 16))
		return !(cv->oom = true);
	cp_consult *d = &cv->v[cv->n];
	cp_consult_init(d);
	d->id = c->id;
	d->date = c->date;
	d->kind = strdup(c->kind);
	d->chair = strdup(c->chair);
	d->child_id = strdup(c->child_id);
	d->social_worker = strdup(c->social_worker);
	d->decision = strdup(c->decision);
	cv->n++;
	if (!d->kind || !d->chair || !d->child_id || !d->social_worker ||
	    !d->decision)
		return !(cv->oom = true);
	return true;
}

static int consult_cmp(const void *a, const void *b)
{
	const cp_consult *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static cp_status build_case_mapping(builder *b, cp_error *err)
{
	list_table *lt = b->lt;
	lists_mapping_due *due = NULL;
	size_t ndue = 0;
	char g[256], ds[CP_DATE_STRLEN], d2[CP_DATE_STRLEN], d3[CP_DATE_STRLEN];
	snprintf(g, sizeof g,
	         "Due a case mapping or review: children in need open %d months "
	         "or more", b->cw->pol->case_mapping_open_months);
	cp_status st = lists_mapping_due_txn(b->cw, b->t, lt->date, &due, &ndue,
	                                     err);
	for (size_t i = 0; st == CP_OK && i < ndue; i++) {
		list_row *r;
		const char *sw = "", *ch = "";
		const lists_mapping_due *e = &due[i];
		st = row_new(b, &r, err);
		if (st == CP_OK) st = set_str(&r->group, g, err);
		if (st == CP_OK) st = set_str(&r->child_id, e->child_id, err);
		if (st == CP_OK) st = set_str(&r->social_worker, e->social_worker, err);
		if (st == CP_OK) st = set_str(&r->chair, e->chair, err);
		if (st == CP_OK) st = name_of(b, e->social_worker, &sw, err);
		if (st == CP_OK && *e->chair) st = name_of(b, e->chair, &ch, err);
		r->date = e->cin_since;
		if (st == CP_OK) st = cell(r, CM_DATE, dstr(e->cin_since, ds), err);
		if (st == CP_OK) st = cell(r, CM_CHILD, e->child_id, err);
		if (st == CP_OK) st = cell(r, CM_NAME, e->name, err);
		if (st == CP_OK) st = cell(r, CM_SW, sw, err);
		if (st == CP_OK) st = cell(r, CM_CHAIR, ch, err);
		if (st == CP_OK)
			st = cell(r, CM_KIND, e->work == CYCLE_REVIEW ? "review" : "map",
			          err);
		if (st == CP_OK)
			st = cellf(r, CM_DETAIL, err, "%s; child in need since %s; "
			           "last mapped %s%s%s", mapping_state_name(e->state),
			           dstr(e->cin_since, ds),
			           e->last_mapped == CP_DATE_NONE ? "never" :
			           dstr(e->last_mapped, d2),
			           e->carried_from != CP_DATE_NONE ?
			           "; not done by " : "",
			           e->carried_from != CP_DATE_NONE ?
			           dstr(e->carried_from, d3) : "");
	}
	lists_mapping_due_free(due, ndue);
	if (st != CP_OK)
		return st;
	/* The chairs' case mappings in the month. */
	logins who = { 0 };
	consult_vec cv = { .pol = b->cw->pol };
	st = store_worker_list(b->t, collect_login, &who, err);
	if (st == CP_OK && who.oom)
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < who.v.n; i++)
		st = store_consults_for_chair(b->t, who.v.v[i], lt->from, lt->to, 0,
		                              collect_consult, &cv, err);
	if (st == CP_OK && cv.oom)
		st = cp_oom(err);
	str_vec_free(&who.v);
	if (st == CP_OK && cv.n)
		qsort(cv.v, cv.n, sizeof *cv.v, consult_cmp);
	int y, mo, dd;
	date_to_ymd(lt->from, &y, &mo, &dd);
	snprintf(g, sizeof g, "Case mappings by chairs, %04d-%02d", y, mo);
	for (size_t i = 0; st == CP_OK && i < cv.n; i++) {
		const cp_consult *c = &cv.v[i];
		list_row *r;
		const char *sw = "", *ch = "";
		cp_child child;
		bool found = false;
		if (!permit_sees_consult(b->cw->pm, b->t, c))
			continue;
		st = store_child_get(b->t, c->child_id, &child, &found, err);
		if (st == CP_OK) st = row_new(b, &r, err);
		if (st == CP_OK) st = set_str(&r->group, g, err);
		if (st == CP_OK) st = set_str(&r->child_id, c->child_id, err);
		if (st == CP_OK) st = set_str(&r->social_worker, c->social_worker, err);
		if (st == CP_OK) st = set_str(&r->chair, c->chair, err);
		if (st == CP_OK) st = name_of(b, c->social_worker, &sw, err);
		if (st == CP_OK) st = name_of(b, c->chair, &ch, err);
		if (st == CP_OK) {
			r->date = c->date;
			st = cell(r, CM_DATE, dstr(c->date, ds), err);
		}
		if (st == CP_OK) st = cell(r, CM_CHILD, c->child_id, err);
		if (st == CP_OK) st = cell(r, CM_NAME, found ? child.name : "", err);
		if (st == CP_OK) st = cell(r, CM_SW, sw, err);
		if (st == CP_OK) st = cell(r, CM_CHAIR, ch, err);
		if (st == CP_OK) st = cell(r, CM_KIND, c->kind, err);
		if (st == CP_OK) st = cell(r, CM_DETAIL, c->decision, err);
		if (found)
			cp_child_free(&child);
	}
	for (size_t i = 0; i < cv.n; i++)
		cp_consult_free(&cv.v[i]);
	free(cv.v);
	return st;
}

/* ---- entry points ------------------------------------------------------- */
cp_status lists_build_txn(casework *cw, store_txn *t, policy_list_kind kind,
                          cp_date date, cp_date today, list_table *out,
                          cp_error *err)
{
	memset(out, 0, sizeof *out);
	if (kind >= LIST_COUNT)
		return cp_fail(err, CP_BADINPUT, "no such list");
	list_table lt = { .kind = kind, .date = date, .today = today };
	lists_span(kind, date, &lt.from, &lt.to);
	char f[CP_DATE_STRLEN], to[CP_DATE_STRLEN], title[256];
	date_format(lt.from, f);
	date_format(lt.to, to);
	switch (kind) {
	case LIST_WEEK:
	case LIST_FORTNIGHT:
	case LIST_MONTH:
		lt.cols = meeting_cols;
		lt.ncols = MC_COUNT;
		snprintf(title, sizeof title,
		         "Conferences and CLA reviews, %s (%s to %s)",
		         kind == LIST_WEEK ? "week" :
		         kind == LIST_FORTNIGHT ? "next two weeks" : "month ahead",
		         f, to);
		break;
	case LIST_EXCEPTIONS:
		lt.cols = exc_cols;
		lt.ncols = XC_COUNT;
		snprintf(title, sizeof title, "Exception report, week %s to %s", f,
		         to);
		break;
	default:
		lt.cols = cm_cols;
		lt.ncols = CM_COUNT;
		snprintf(title, sizeof title,
		         "Case mapping: children due, and chairs' case mappings %s to %s",
		         f, to);
		break;
	}
	if (!(lt.title = strdup(title)))
		return cp_oom(err);
	builder b = { .cw = cw, .t = t, .lt = &lt };
	cp_status st;
	switch (kind) {
	case LIST_WEEK:
	case LIST_FORTNIGHT:
	case LIST_MONTH:
		st = build_meetings(&b, err);
		break;
	case LIST_EXCEPTIONS:
		st = build_exceptions(&b, err);
		break;
	default:
		st = build_case_mapping(&b, err);
		break;
	}
	builder_end(&b);
	if (st != CP_OK) {
		list_table_free(&lt);
		return st;
	}
	*out = lt;
	return CP_OK;
}

cp_status lists_build(casework *cw, policy_list_kind kind, cp_date date,
                      cp_date today, list_table *out, cp_error *err)
{
	store_txn *t;
	CP_TRY(store_read_begin(cw->st, &t, err));
	cp_status st = lists_build_txn(cw, t, kind, date, today, out, err);
	store_read_end(t);
	return st;
}

/* slots.c - the conference diary's free times (slots.h): who is booked
 * when, read in one transaction, and the start times left free. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "permit.h"
#include "query.h"
#include "slots.h"
#include "text.h"
#include "vec.h"

/* ---- who is booked ------------------------------------------------------ */
/* A meeting that takes someone's time: its day and start. */
typedef struct busy {
	cp_date date;
	int minutes;             /* -1: no time, the whole day */
} busy;

typedef struct booked {
	busy *v;
	size_t n, cap;
	cp_date from, to;
	int *chair_day;          /* the chair's meetings, a day each from `from` */
	bool oom;
} booked;

static bool add_busy(booked *b, const cp_meeting *m)
{
	if (m->status == MEETING_CANCELLED || m->date < b->from ||
	    m->date > b->to)
		return true;
	if (!vec_room((void **)&b->v, &b->cap, b->n, sizeof *b->v, 64)) {
		b->oom = true;
		return false;
	}
	b->v[b->n++] = (busy){ m->date, m->minutes };
	return true;
}

static bool chair_meeting(void *ctx, const cp_meeting *m)
{
	booked *b = ctx;
	if (m->status != MEETING_CANCELLED && m->date >= b->from &&
	    m->date <= b->to)
		b->chair_day[m->date - b->from]++;
	return add_busy(b, m);
}

static bool any_meeting(void *ctx, const cp_meeting *m)
{
	return add_busy(ctx, m);
}

/* The social worker's children, whose meetings take their time. */
typedef struct kids {
	str_vec ids;
	bool oom;
} kids;

static bool child_id(void *ctx, const cp_child *c)
{
	kids *k = ctx;
	if (!str_vec_add(&k->ids, c->id))
		return !(k->oom = true);
	return true;
}

static cp_status social_worker_busy(store_txn *t, const char *sw, booked *b,
                                    cp_error *err)
{
	kids k = { 0 };
	cp_status st = store_children_for_worker(t, sw, child_id, &k, err);
	if (st == CP_OK && k.oom)
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < k.ids.n; i++) {
		st = store_meetings_for_child(t, k.ids.v[i], any_meeting, b, err);
		if (st == CP_OK && b->oom)
			st = cp_oom(err);
	}
	str_vec_free(&k.ids);
	return st;
}

/* ---- the people and the window ------------------------------------------ */
static cp_status need_role(casework *cw, store_txn *t, const char *login,
                           cp_role need, const char *what, cp_error *err)
{
	cp_worker w;
	CP_TRY(cw_need_worker(t, login, what, &w, err));
	bool ok = w.roles & ROLE_BIT(need);
	cp_worker_free(&w);
	if (!ok)
		return cp_fail(err, CP_REFUSED, "%s '%s' does not hold the role "
		               "%s (%s)", what, login, role_name(need),
		               policy_role_title(cw->pol, need));
	return CP_OK;
}

/* The days to look at: from the first day (today at the earliest) to
 * the last given, else to the latest lawful date. */
static cp_status window(const casework *cw, const slots_query *q,
                        slots_result *out, cp_error *err)
{
	char a[CP_DATE_STRLEN], b[CP_DATE_STRLEN];
	out->to = q->to != CP_DATE_NONE ? q->to : out->latest;
	if (out->to == CP_DATE_NONE)
		return cp_fail(err, CP_BADINPUT, "no cadence rule gives a latest "
		               "date for child %s's %s (from its meetings and "
		               "record): give the last day to look at (--to DATE)",
		               q->child, q->type);
	if (out->to < out->from && q->to == CP_DATE_NONE) {
		date_format(out->latest, a);
		date_format(out->from, b);
		return cp_fail(err, CP_REFUSED, "child %s's %s was due by %s, "
		               "before %s: any date now is late, a cadence "
		               "exception booked with a reason; give the last day to "
		               "look at (--to DATE) to list the free times anyway",
		               q->child, q->type, a, b);
	}
	date_format(out->from, a);
	date_format(out->to, b);
	if (out->to < out->from)
		return cp_fail(err, CP_BADINPUT, "the last day %s is before the "
		               "first, %s", b, a);
	if (out->to - out->from > SLOTS_DAYS_MAX)
		return cp_fail(err, CP_BADINPUT, "%s to %s is more than %d days: "
		               "look at most a year at a time", a, b, SLOTS_DAYS_MAX);
	if (!calendar_covers(cw->cal, out->to))
		return cp_fail(err, CP_BADINPUT, "%s is outside the years the bank "
		               "holidays cover (%s): install a newer bank-holidays "
		               "file (cpdesk holidays use FILE)", b,
		               cw->cal->division);
	return policy_diary_book_by(cw->pol, cw->cal, out->latest, &out->book_by,
	                            err);
}

/* Read the child, its cadence and everyone's meetings (t open). */
static cp_status read_diary(casework *cw, store_txn *t, const slots_query *q,
                            slots_result *out, booked *b, cp_error *err)
{
	const policy_meeting *pm = policy_meeting_find(cw->pol, q->type);
	if (!pm) {
		char types[400] = "";
		size_t used = 0;
		for (size_t i = 0; i < cw->pol->nmeetings && used < sizeof types; i++)
			used += (size_t)snprintf(types + used, sizeof types - used,
			                         "%s%s", i ? ", " : "",
			                         cw->pol->meetings[i].type);
		char safe[64];
		text_sanitize(q->type, safe, sizeof safe);
		return cp_fail(err, CP_BADINPUT, "policy '%s' has no meeting type "
		               "'%s' (its types: %s)", cw->pol->id, safe, types);
	}
	cp_child c;
	CP_TRY(cw_seen_child(cw, t, q->child, &c, err));
	out->social_worker = text_sanitize_dup(c.social_worker);
	char *sw = strdup(c.social_worker);
	cp_child_free(&c);
	cp_status st = out->social_worker && sw ? CP_OK : cp_oom(err);
	if (st == CP_OK && text_nonempty(q->chair))
		st = need_role(cw, t, q->chair, pm->chair_role, "chair", err);
	if (st == CP_OK && text_nonempty(q->minute_taker))
		st = need_role(cw, t, q->minute_taker, ROLE_MINUTE_TAKER,
		               "minute taker", err);
	if (st == CP_OK)
		st = casework_cadence_latest_txn(cw, t, q->child, q->type,
		                                 out->from, &out->latest, err);
	if (st == CP_OK)
		st = window(cw, q, out, err);
	b->from = out->from;
	b->to = out->to;
	if (st == CP_OK && !(b->chair_day = calloc((size_t)(out->to - out->from) + 1,
	                                           sizeof *b->chair_day)))
		st = cp_oom(err);
	if (st == CP_OK && text_nonempty(q->chair))
		st = store_meetings_for_chair(t, q->chair, out->from, out->to, 0,
		                              chair_meeting, b, err);
	if (st == CP_OK && text_nonempty(q->minute_taker))
		st = store_meetings_for_minute_taker(t, q->minute_taker, out->from,
		                                     out->to, 0, any_meeting, b,
		                                     err);
	if (st == CP_OK && text_nonempty(sw))
		st = social_worker_busy(t, sw, b, err);
	if (st == CP_OK && b->oom)
		st = cp_oom(err);
	free(sw);
	return st;
}

/* ---- the free times ----------------------------------------------------- */
static int by_date(const void *pa, const void *pb)
{
	const busy *a = pa, *b = pb;
	return a->date < b->date ? -1 : a->date > b->date;
}

static bool taken(const policy_diary *d, const busy *v, size_t n, int t)
{
	for (size_t i = 0; i < n; i++)
		if (policy_diary_overlap(d, v[i].minutes, t))
			return true;
	return false;
}

static cp_status free_times(casework *cw, const slots_query *q,
                            booked *b, slots_result *out, cp_error *err)
{
	const policy_diary *dy = &cw->pol->diary;
	int limit = text_nonempty(q->chair) ? dy->per_chair_per_day : 0;
	if (b->n)
		qsort(b->v, b->n, sizeof *b->v, by_date);
	size_t i = 0;
	for (cp_date d = out->from; d <= out->to; d++) {
		while (i < b->n && b->v[i].date < d)
			i++;
		size_t day = i;
		while (i < b->n && b->v[i].date == d)
			i++;
		bool open;
		CP_TRY(calendar_is_workday(cw->cal, d, &open, err));
		if (!open) {
			out->closed_days++;
			continue;
		}
		if (limit && b->chair_day[d - out->from] >= limit) {
			out->chair_full_days++;
			continue;
		}
		for (size_t k = 0; k < dy->ntimes; k++) {
			int t = dy->times[k];
			if (d == q->today && q->now >= 0 && t <= q->now)
				continue;
			if (taken(dy, b->v + day, i - day, t)) {
				out->busy_times++;
				continue;
			}
			if (!vec_room((void **)&out->v, &out->cap, out->n,
			              sizeof *out->v, 64))
				return cp_oom(err);
			out->v[out->n++] = (slot){ d, t };
		}
	}
	return CP_OK;
}

cp_status slots_find(casework *cw, const slots_query *q, slots_result *out,
                     cp_error *err)
{
	memset(out, 0, sizeof *out);
	out->from = q->from != CP_DATE_NONE ? q->from : q->today;
	out->to = out->latest = out->book_by = CP_DATE_NONE;
	if (q->today == CP_DATE_NONE || !text_nonempty(q->child) ||
	    !text_nonempty(q->type))
		return cp_fail(err, CP_BADINPUT, "slots: a child, a meeting type "
		               "and today are needed");
	if (out->from < q->today) {
		char a[CP_DATE_STRLEN], b[CP_DATE_STRLEN];
		date_format(out->from, a);
		date_format(q->today, b);
		return cp_fail(err, CP_BADINPUT, "%s is before today (%s): a "
		               "meeting is booked from today on", a, b);
	}
	booked b = { 0 };
	store_txn *t;
	CP_TRY(store_read_begin(cw->st, &t, err));
	cp_status st = read_diary(cw, t, q, out, &b, err);
	store_read_end(t);
	if (st == CP_OK)
		st = free_times(cw, q, &b, out, err);
	free(b.v);
	free(b.chair_day);
	/* on the record before the times are given (slots.h) */
	if (st == CP_OK)
		st = query_note_children(cw, q->where ? q->where : "meeting slots",
		                         &q->child, 1, err);
	if (st != CP_OK) {
		free(out->v);
		out->v = NULL;
		out->n = out->cap = 0;
	}
	return st;
}

void slots_result_free(slots_result *r)
{
	free(r->v);
	free(r->social_worker);
	memset(r, 0, sizeof *r);
}

slot_mark slots_mark(const slots_result *r, cp_date d)
{
	if (r->latest == CP_DATE_NONE)
		return SLOT_NO_CADENCE;
	if (d > r->latest)
		return SLOT_LATE;
	if (d == r->latest)
		return SLOT_LATEST;
	if (d == r->book_by)
		return SLOT_BOOK_BY;
	return d > r->book_by ? SLOT_IN_MARGIN : SLOT_IN_TIME;
}

const char *slot_mark_name(slot_mark m)
{
	static const char *const names[] = {
		[SLOT_IN_TIME] = "", [SLOT_BOOK_BY] = "book-by",
		[SLOT_IN_MARGIN] = "in-margin", [SLOT_LATEST] = "latest",
		[SLOT_LATE] = "late", [SLOT_NO_CADENCE] = "",
	};
	return (unsigned)m < sizeof names / sizeof names[0] ? names[m] : "";
}

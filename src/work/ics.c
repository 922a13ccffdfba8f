/* ics.c - meetings and deadlines as iCalendar, with libical (ics.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ics.h"
#include "meeting_children.h"
#include "ics_render.h"
#include "mail.h"
#include "permit.h"
#include "query.h"
#include "text.h"
#include "vec.h"

#define ICS_MEETING_MINUTES 60   /* a start time is all the store knows */

/* ---- small helpers ----------------------------------------------------- */
void ics_initials(const char *name, char *buf, size_t size)
{
	size_t n = 0;
	bool at_start = true;
	if (!size)
		return;
	for (const unsigned char *p = (const unsigned char *)name; p && *p; p++) {
		bool space = *p == ' ' || *p == '-' || *p == '\t';
		if (space) {
			at_start = true;
			continue;
		}
		bool letter = *p >= 0x80 || (*p >= '0' && *p <= '9') ||
		              ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
		if (at_start && letter) {
			size_t clen = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
			if (n + clen + 2 > size)
				break;
			for (size_t i = 0; i < clen && p[i]; i++)
				buf[n++] = (char)p[i];
			buf[n++] = '.';
			at_start = false;
		}
	}
	buf[n] = '\0';
}

static bool add_child_id(void *ctx, const cp_child *c)
{
	return str_vec_add(ctx, c->id);
}

typedef struct meeting_vec {
	cp_meeting *v;
	size_t n, cap;
	bool oom;
	const ics_options *o;
	const str_vec *children;   /* the user's children */
	bool all;
	bool unallocated;          /* an allocator's: those with nobody yet */
	const policy *pol;         /* which types need a minute taker */
} meeting_vec;

static bool collect_meeting(void *ctx, const cp_meeting *m)
{
	meeting_vec *mv = ctx;
	const char *u = mv->o->user;
	bool theirs = mv->all || !strcmp(m->chair, u) ||
	              !strcmp(m->minute_taker, u) ||
	              str_vec_has(mv->children, m->child_id);
	for (size_t i = 0; !theirs && i < m->nsiblings; i++)
		theirs = str_vec_has(mv->children, m->siblings[i]);
	theirs |= mv->unallocated && m->status == MEETING_SCHEDULED &&
	          (!*m->chair || (!*m->minute_taker &&
	                          policy_needs_minute_taker(mv->pol, m->type)));
	if (!theirs)
		return true;
	if (!vec_room((void **)&mv->v, &mv->cap, mv->n,
	              sizeof *mv->v, 64))
		return !(mv->oom = true);
	if (cp_meeting_copy(&mv->v[mv->n], m, NULL) != CP_OK)
		return !(mv->oom = true);
	mv->n++;
	return true;
}

typedef struct task_scan {
	cp_task_vec v;
	cp_date closed_since;    /* closed tasks closed before it: left out */
	bool oom;
} task_scan;

static bool collect_task(void *ctx, const cp_task *k)
{
	task_scan *ts = ctx;
	/* a closed one only while it was closed recently (a task cancelled
	 * with its meeting has no time: kept while its due date is recent) */
	if (k->status != TASK_OPEN &&
	    (k->done_at ? date_of_moment(k->done_at) : k->due) <
	    ts->closed_since)
		return true;
	for (size_t i = 0; i < ts->v.n; i++)
		if (ts->v.v[i].id == k->id)
			return true;
	if (cp_task_vec_push(&ts->v, k, NULL) != CP_OK)
		return !(ts->oom = true);
	return true;
}

typedef struct move_count {
	const char *object;
	int moves;
} move_count;

static bool count_move(void *ctx, const cp_audit *a)
{
	move_count *mc = ctx;
	if (!strcmp(a->object, mc->object) && !strcmp(a->action, "meeting.move"))
		mc->moves++;
	return true;
}

/* SEQUENCE: moves recorded in the audit trail, plus one for a cancel. */
static cp_status meeting_sequence(store_txn *t, const cp_meeting *m, int *seq,
                                  cp_error *err)
{
	char obj[48];
	snprintf(obj, sizeof obj, "meeting:%llu", (unsigned long long)m->id);
	move_count mc = { obj, 0 };
	store_audit_filter f = { .child_id = m->child_id };
	cp_status st = store_audit_scan(t, &f, count_move, &mc, err);
	*seq = mc.moves + (m->status == MEETING_CANCELLED);
	return st;
}

/* A worker's display name and login, sanitised: "Cara Chair (chair1)". */
static cp_status person(store_txn *t, const char *login, char *buf,
                        size_t size, cp_error *err)
{
	char l[MODEL_ID_MAX + 1], n[160];
	if (!login || !*login) {
		snprintf(buf, size, "to allocate");
		return CP_OK;
	}
	text_sanitize(login, l, sizeof l);
	cp_worker w;
	bool found = false;
	cp_status st = store_worker_get(t, login, &w, &found, err);
	if (st != CP_OK)
		return st;
	if (found && w.name[0]) {
		text_sanitize(w.name, n, sizeof n);
		snprintf(buf, size, "%s (%s)", n, l);
	} else {
		snprintf(buf, size, "%s", l);
	}
	if (found)
		cp_worker_free(&w);
	return CP_OK;
}

/* "C123 A.B." or, with names, "Ava Brown (C123)". */
static cp_status child_label(store_txn *t, const char *child_id, bool names,
                             char *buf, size_t size, cp_error *err)
{
	char id[MODEL_ID_MAX + 1], nm[200], ini[64];
	text_sanitize(child_id, id, sizeof id);
	cp_child c;
	bool found = false;
	cp_status st = store_child_get(t, child_id, &c, &found, err);
	if (st != CP_OK)
		return st;
	if (!found) {
		snprintf(buf, size, "%s", id);
		return CP_OK;
	}
	text_sanitize(c.name, nm, sizeof nm);
	cp_child_free(&c);
	if (names) {
		snprintf(buf, size, "%s (%s)", nm, id);
	} else {
		ics_initials(nm, ini, sizeof ini);
		snprintf(buf, size, "%s%s%s", id, ini[0] ? " " : "", ini);
	}
	return CP_OK;
}

static const char *meeting_title(const policy *p, const char *type, char *buf,
                                 size_t size)
{
	const policy_meeting *pm = p ? policy_meeting_find(p, type) : NULL;
	text_sanitize(pm && pm->title && pm->title[0] ? pm->title : type, buf,
	              size);
	return buf;
}

static ics_when when_day(cp_date d)
{
	ics_when w = { .minutes = -1 };
	date_to_ymd(d, &w.year, &w.month, &w.day);
	return w;
}

static ics_when when_time(cp_date d, int minutes)
{
	d += minutes / (24 * 60);
	ics_when w = { .minutes = minutes % (24 * 60) };
	date_to_ymd(d, &w.year, &w.month, &w.day);
	return w;
}

/* An event and the text it points into. */
typedef struct ics_item {
	ics_event ev;
	char uid[128], summary[800], desc[2048];
	/* whom it names: the read audit */
	char child_id[MEETING_CHILDREN_MAX][MODEL_ID_MAX + 1];
	size_t nchildren;
} ics_item;

typedef struct ics_build {
	casework *cw;
	store_txn *t;
	const ics_options *o;
	const char *store_id;
	ics_item *items;
	size_t nitems, cap;
} ics_build;

static cp_status new_item(ics_build *b, ics_item **out, cp_error *err)
{
	if (!vec_room((void **)&b->items, &b->cap, b->nitems, sizeof *b->items,
	              64))
		return cp_oom(err);
	*out = &b->items[b->nitems++];
	memset(*out, 0, sizeof **out);
	return CP_OK;
}

static const char *how_location(meeting_how how)
{
	switch (how) {
	case HOW_TEAMS: return "Microsoft Teams";
	case HOW_SKYPE: return "Skype";
	case HOW_PHONE: return "Telephone";
	case HOW_IN_PERSON: return "In person";
	default: return NULL;
	}
}

/* A family meeting's children, those the reader sees, each labelled
 * (child_label); it->child_id the ids named. */
static cp_status children_label(ics_build *b, const cp_meeting *m,
                                ics_item *it, char *buf, size_t size,
                                cp_error *err)
{
	meeting_children k;
	CP_TRY(meeting_children_get(b->cw->pm, b->t, m, &k, err));
	cp_status st = CP_OK;
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; st == CP_OK && i < k.n; i++) {
		char one[400];
		st = child_label(b->t, k.id[i], b->o->names, one, sizeof one, err);
		if (st == CP_OK)
			used += (size_t)snprintf(buf + used, size - used, "%s%s",
			                         i ? ", " : "", one);
		if (used >= size)
			used = size - 1;
		snprintf(it->child_id[i], sizeof it->child_id[i], "%s", k.id[i]);
		it->nchildren = i + 1;
	}
	if (st == CP_OK && k.hidden)
		snprintf(buf + used, size - used, "%s%zu other child%s",
		         k.n ? " and " : "", k.hidden, k.hidden == 1 ? "" : "ren");
	meeting_children_free(&k);
	return st;
}

static cp_status meeting_event(ics_build *b, const cp_meeting *m,
                               cp_error *err)
{
	char title[160], child[600], chair[300], mt[300],
	     type[MODEL_ID_MAX + 1];
	int seq = 0;
	cp_status st;
	ics_item *it;
	if ((st = new_item(b, &it, err)) != CP_OK)
		return st;
	if (m->nsiblings)
		st = children_label(b, m, it, child, sizeof child, err);
	else {
		st = child_label(b->t, m->child_id, b->o->names, child,
		                 sizeof child, err);
		snprintf(it->child_id[0], sizeof it->child_id[0], "%s",
		         m->child_id);
		it->nchildren = 1;
	}
	if (st != CP_OK ||
	    (st = meeting_sequence(b->t, m, &seq, err)) != CP_OK ||
	    (st = person(b->t, m->chair, chair, sizeof chair, err)) != CP_OK ||
	    (st = person(b->t, m->minute_taker, mt, sizeof mt, err)) != CP_OK) {
		b->nitems--;
		return st;
	}
	snprintf(it->uid, sizeof it->uid, "meeting-%llu.%s@cpdesk",
	         (unsigned long long)m->id, b->store_id);
	meeting_title(b->cw->pol, m->type, title, sizeof title);
	text_sanitize(m->type, type, sizeof type);
	bool cancelled = m->status == MEETING_CANCELLED;
	snprintf(it->summary, sizeof it->summary, "%s%s: %s",
	         cancelled ? "Cancelled: " : "", title, child);
	int n = snprintf(it->desc, sizeof it->desc,
	                 "%s (%s), meeting %llu\nChild: %s\nChair: %s\n"
	                 "Minute taker: %s\nHeld: %s\nStatus: %s",
	                 title, type, (unsigned long long)m->id, child, chair, mt,
	                 meeting_how_name(m->how), meeting_status_name(m->status));
	if (m->moved_from != CP_DATE_NONE && n > 0 &&
	    (size_t)n < sizeof it->desc) {
		char d[CP_DATE_STRLEN];
		date_format(m->moved_from, d);
		snprintf(it->desc + n, sizeof it->desc - (size_t)n,
		         "\nMoved from %s", d);
	}
	if (m->minutes >= 0) {
		it->ev.start = when_time(m->date, m->minutes);
		it->ev.end = when_time(m->date, m->minutes + ICS_MEETING_MINUTES);
	} else {
		it->ev.start = when_day(m->date);
		it->ev.end = when_day(m->date + 1);
	}
	it->ev.categories = "cpdesk";
	it->ev.location = how_location(m->how);
	it->ev.sequence = seq;
	it->ev.cancelled = cancelled;
	it->ev.transparent = cancelled;
	return CP_OK;
}

/* A deadline closed (done, not needed, missed, cancelled) stays in the
 * export this long after it was closed, STATUS:CANCELLED with its
 * SEQUENCE one higher, so that a calendar that has the open one drops
 * it; after that it is left out (the calendar has had its chance). */
#define ICS_CLOSED_KEEP_DAYS 30

static cp_status task_event(ics_build *b, const cp_task *k, cp_error *err)
{
	char child[400], what[300], mtitle[160] = "", step[MODEL_ID_MAX + 1],
	     who[MODEL_ID_MAX + 1], md[CP_DATE_STRLEN] = "-";
	int seq = 0;
	cp_meeting m;
	bool found = false;
	cp_status st = store_meeting_get(b->t, k->meeting_id, &m, &found, err);
	if (st != CP_OK)
		return st;
	if (found) {
		meeting_title(b->cw->pol, m.type, mtitle, sizeof mtitle);
		date_format(m.date, md);
		st = meeting_sequence(b->t, &m, &seq, err);
		cp_meeting_free(&m);
	}
	if (st == CP_OK)
		st = child_label(b->t, k->child_id, b->o->names, child,
		                 sizeof child, err);
	ics_item *it;
	if (st != CP_OK || (st = new_item(b, &it, err)) != CP_OK)
		return st;
	text_sanitize(k->title, what, sizeof what);
	text_sanitize(k->step_id, step, sizeof step);
	text_sanitize(k->assignee, who, sizeof who);
	snprintf(it->uid, sizeof it->uid, "task-%llu.%s@cpdesk",
	         (unsigned long long)k->id, b->store_id);
	snprintf(it->child_id[0], sizeof it->child_id[0], "%s", k->child_id);
	it->nchildren = 1;
	snprintf(it->summary, sizeof it->summary, "Due: %s (%s)", what, child);
	snprintf(it->desc, sizeof it->desc,
	         "Task %llu: %s\nStep: %s\nFor: %s\nMeeting %llu: %s on %s\n"
	         "Child: %s",
	         (unsigned long long)k->id, what, step, who,
	         (unsigned long long)k->meeting_id, mtitle[0] ? mtitle : "?", md,
	         child);
	it->ev.start = when_day(k->due);
	it->ev.end = when_day(k->due + 1);
	it->ev.categories = "cpdesk,deadline";
	it->ev.sequence = seq;
	it->ev.transparent = true;
	if (k->status != TASK_OPEN) {   /* closed: withdrawn from calendars */
		snprintf(it->summary, sizeof it->summary, "%s: %s (%s)",
		         k->status == TASK_DONE ? "Done" :
		         k->status == TASK_NOT_NEEDED ? "Not needed" :
		         k->status == TASK_MISSED ? "Missed" : "Cancelled", what,
		         child);
		it->ev.sequence = seq + 1;
		it->ev.cancelled = true;
	}
	return CP_OK;
}

static int meeting_cmp(const void *a, const void *b)
{
	const cp_meeting *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int task_cmp(const void *a, const void *b)
{
	const cp_task *x = a, *y = b;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Gather the user's meetings and tasks in one read transaction, then
 * turn them into events (still inside it: names are looked up). */
static cp_status build_events(ics_build *b, cp_error *err)
{
	const ics_options *o = b->o;
	str_vec children = { 0 };
	meeting_vec mv = { .o = o, .children = &children, .all = o->all };
	task_scan ts = { 0 };
	cp_task_vec *tv = &ts.v;
	cp_worker w;
	bool found = false;
	cp_status st = store_worker_get(b->t, o->user, &w, &found, err);
	if (st != CP_OK)
		return st;
	role_set roles = 0;
	if (found) {
		roles = w.roles;
		cp_worker_free(&w);
	} else if (!o->all) {
		char l[MODEL_ID_MAX + 1];
		return cp_fail(err, CP_BADINPUT,
		               "export ics: '%s' is not a worker in this store "
		               "(cpdesk worker list; give --user LOGIN or --all)",
		               text_sanitize(o->user, l, sizeof l));
	}
	if (roles & (ROLE_BIT(ROLE_QA_ADMIN) | ROLE_BIT(ROLE_QA_MANAGER)))
		mv.all = true;
	/* those who allocate (the policy's diary) see what waits for them */
	mv.unallocated = (roles & b->cw->pol->diary.allocate) != 0;
	mv.pol = b->cw->pol;
	if (!mv.all && found)
		st = store_children_for_worker(b->t, o->user, add_child_id,
		                               &children, err);
	if (st == CP_OK)
		st = store_meetings_between(b->t, o->from, o->to, 0,
		                            collect_meeting, &mv, err);
	if (st == CP_OK && o->deadlines && found) {
		const char *who[1 + ROLE_POOLS] = { o->user };
		size_t nwho = 1;
		for (int r = 0; r < ROLE_COUNT; r++)
			if ((roles & ROLE_BIT(r)) && role_pool((cp_role)r))
				who[nwho++] = role_pool((cp_role)r);
		static const task_status kept[] = { TASK_OPEN, TASK_DONE,
			TASK_NOT_NEEDED, TASK_MISSED, TASK_CANCELLED };
		cp_date today = b->cw->today != CP_DATE_NONE ? b->cw->today
		    : date_of_moment(o->now ? o->now : (int64_t)time(NULL));
		ts.closed_since = today - ICS_CLOSED_KEEP_DAYS;
		for (size_t i = 0; st == CP_OK && i < nwho; i++)
			for (size_t j = 0; st == CP_OK && j < 5; j++)
				st = store_tasks_for_assignee(b->t, who[i], kept[j], o->from,
				                              o->to, 0, collect_task, &ts,
				                              err);
	}
	if (st == CP_OK && (mv.oom || ts.oom))
		st = cp_oom(err);
	if (st == CP_OK) {
		if (mv.n)
			qsort(mv.v, mv.n, sizeof *mv.v, meeting_cmp);
		if (tv->n)
			qsort(tv->v, tv->n, sizeof *tv->v, task_cmp);
	}
	for (size_t i = 0; st == CP_OK && i < mv.n; i++) {
		if (permit_sees_meeting(b->cw->pm, b->t, &mv.v[i]))
			st = meeting_event(b, &mv.v[i], err);
	}
	for (size_t i = 0; st == CP_OK && i < tv->n; i++) {
		if (permit_sees_task(b->cw->pm, b->t, &tv->v[i]))
			st = task_event(b, &tv->v[i], err);
	}
	for (size_t i = 0; i < mv.n; i++)
		cp_meeting_free(&mv.v[i]);
	free(mv.v);
	cp_task_vec_free(tv);
	str_vec_free(&children);
	return st;
}

/* The calendar names its children (initials or names, and ids): a read
 * of their records, on the record (query.h). */
static cp_status note_children(const ics_build *b, cp_error *err)
{
	size_t n = 0;
	const char **ids = malloc((b->nitems ? b->nitems : 1) *
	                          MEETING_CHILDREN_MAX * sizeof *ids);
	if (!ids)
		return cp_oom(err);
	for (size_t i = 0; i < b->nitems; i++)
		for (size_t j = 0; j < b->items[i].nchildren; j++)
			ids[n++] = b->items[i].child_id[j];
	cp_status st = query_note_children(b->cw, "export ics", ids, n, err);
	free(ids);
	return st;
}

cp_status ics_export(casework *cw, const ics_options *o, char **out,
                     size_t *len, size_t *nevents, cp_error *err)
{
	char store_id[33], name[200], user[MODEL_ID_MAX + 1],
	     from[MAIL_ADDR_MAX + 1], organizer[MAIL_ADDR_MAX + 8];
	*out = NULL;
	if (!o->user)
		return cp_fail(err, CP_BADINPUT, "export ics: no user given");
	if (!o->render)
		return cp_fail(err, CP_FAILED, "export ics: no iCalendar writer");
	if (o->from == CP_DATE_NONE || o->to == CP_DATE_NONE || o->from > o->to)
		return cp_fail(err, CP_BADINPUT,
		               "export ics: --from is after --to");
	if (o->organizer && !mail_address_valid(o->organizer))
		return cp_fail(err, CP_BADINPUT, "export ics: the organizer is not "
		               "a mail address (write local@domain)");
	cp_status st = casework_store_id(cw, store_id, err);
	if (st != CP_OK)
		return st;
	if (o->organizer)
		snprintf(from, sizeof from, "%s", o->organizer);
	else
		mail_default_from(from, sizeof from);
	snprintf(organizer, sizeof organizer, "mailto:%s", from);
	text_sanitize(o->user, user, sizeof user);
	snprintf(name, sizeof name, "cpdesk: %s", o->all ? "all meetings" : user);
	ics_build b = { .cw = cw, .o = o, .store_id = store_id };
	if ((st = store_read_begin(cw->st, &b.t, err)) == CP_OK) {
		st = build_events(&b, err);
		store_read_end(b.t);
	}
	if (st == CP_OK)
		st = note_children(&b, err);
	ics_event *events = NULL;
	if (st == CP_OK && b.nitems &&
	    !(events = malloc(b.nitems * sizeof *events)))
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < b.nitems; i++) {
		ics_item *it = &b.items[i];
		events[i] = it->ev;
		events[i].uid = it->uid;
		events[i].summary = it->summary;
		events[i].description = it->desc;
	}
	ics_calendar cal = {
		.prodid = "-//cpdesk//cpdesk " CPDESK_VERSION "//EN",
		.name = name, .organizer = organizer,
		.stamp = o->now ? o->now : (int64_t)time(NULL),
		.events = events, .nevents = b.nitems,
	};
	char *text = NULL;
	size_t tlen = 0;
	char why[200];
	if (st == CP_OK && o->render(&cal, &text, &tlen, why, sizeof why) != 0)
		st = cp_fail(err, CP_FAILED, "export ics: %s", why);
	free(events);
	free(b.items);
	if (st != CP_OK)
		return st;
	*out = text;
	if (len)
		*len = tlen;
	if (nevents)
		*nevents = b.nitems;
	return CP_OK;
}

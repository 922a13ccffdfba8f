/* casework_allocate.c - a booked meeting's chair and minute taker,
 * allocated or changed one meeting at a time (casework.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "permit.h"
#include "text.h"

typedef struct busy {
	const policy_diary *diary; /* how long a meeting is held */
	const cp_meeting *m;      /* the meeting being allocated */
	const char *login;
	bool minute_taker;        /* else chair */
	uint64_t other;           /* a meeting overlapping m's time */
	uint64_t same_day;        /* another meeting that day (a chair's) */
	int day_count;            /* how many: the diary's limit a day */
} busy;

/* Two meetings overlap: the same day, and within a meeting's length of
 * each other (the policy's diary; either time unknown: the day). */
static bool overlaps(const policy_diary *d, const cp_meeting *a,
                     const cp_meeting *b)
{
	return a->date == b->date &&
	       policy_diary_overlap(d, a->minutes, b->minutes);
}

static bool find_busy(void *ctx, const cp_meeting *m)
{
	busy *b = ctx;
	const char *who = b->minute_taker ? m->minute_taker : m->chair;
	if (m->id == b->m->id || m->status == MEETING_CANCELLED ||
	    strcmp(text_or_empty(who), b->login) || m->date != b->m->date)
		return true;
	b->same_day = m->id;
	b->day_count++;
	if (!overlaps(b->diary, m, b->m))
		return true;
	b->other = m->id;
	return false;
}

/* A clash for allocating b->login: a meeting at an overlapping time, or
 * (a chair) as many meetings that day as the policy's diary allows. */
static bool clash_text(const busy *b, const char *what, char *buf,
                       size_t size)
{
	if (b->other)
		snprintf(buf, size, "%s %s has meeting %llu at an overlapping time "
		         "that day", what, b->login, (unsigned long long)b->other);
	else if (!b->minute_taker && b->day_count >= b->diary->per_chair_per_day)
		snprintf(buf, size, "%s %s already has %d meeting%s that day (meeting "
		         "%llu), the most the policy's diary allows a chair", what,
		         b->login, b->day_count, b->day_count == 1 ? "" : "s",
		         (unsigned long long)b->same_day);
	else
		return false;
	return true;
}

/* login's other meeting overlapping m, as chair or minute taker (0: none). */
static cp_status other_meeting(casework *cw, store_txn *t,
                               const cp_meeting *m, const char *login,
                               bool minute_taker, busy *b, cp_error *err)
{
	*b = (busy){ .diary = &cw->pol->diary, .m = m, .login = login,
	             .minute_taker = minute_taker };
	if (!minute_taker)
		return store_meetings_for_chair(t, login, m->date, m->date, 0,
		                                find_busy, b, err);
	return store_meetings_for_minute_taker(t, login, m->date, m->date, 0,
	                                       find_busy, b, err);
}

typedef struct handover {
	const policy *pol;
	const cp_meeting *m;
	const char *from;         /* the old holder, or the pool */
	const char *to;
	role_set roles;           /* the steps of these roles */
	char moved[512];          /* "12,13,14": for the audit */
	bool oom;
} handover;

/* The open step tasks of the role held by `from`: `to`'s now (done ones
 * stay whose they were). */
static bool hand_over(void *ctx, cp_task *k)
{
	handover *h = ctx;
	if (!(h->roles & ROLE_BIT(k->role)) ||
	    strcmp(text_or_empty(k->assignee), h->from))
		return false;
	char *to = strdup(h->to);
	if (!to) {
		h->oom = true;
		return false;
	}
	free(k->assignee);
	k->assignee = to;
	size_t used = strlen(h->moved);
	snprintf(h->moved + used, sizeof h->moved - used, "%s%llu",
	         used ? "," : "", (unsigned long long)k->id);
	return true;
}

/* Give the meeting's `what` (chair or minute taker) to login. */
static cp_status allocate_one(casework *cw, store_txn *t, cp_meeting *m,
                              bool minute_taker, const char *login,
                              const cw_allocation *a, size_t *moved,
                              char trail[512], char *warn, cp_error *err)
{
	const policy_meeting *pm = policy_meeting_find(cw->pol, m->type);
	role_set role = minute_taker ? ROLE_BIT(ROLE_MINUTE_TAKER)
	                : cw_chair_roles(pm);
	const char *what = minute_taker ? "minute taker" : "chair";
	char **slot = minute_taker ? &m->minute_taker : &m->chair;
	if (!strcmp(*slot, login))
		return CP_OK;
	CP_TRY(cw_check_person(t, login, role, what, cw->pol, err));
	if (**slot && !text_nonempty(a->reason))
		return cp_fail(err, CP_BADINPUT, "meeting %llu's %s is %s: replacing "
		               "them needs a reason (--reason TEXT)",
		               (unsigned long long)m->id, what, *slot);
	busy b;
	char clash[256];
	CP_TRY(other_meeting(cw, t, m, login, minute_taker, &b, err));
	bool clashes = clash_text(&b, what, clash, sizeof clash);
	if (clashes && !a->allow_clash)
		return cp_fail(err, CP_REFUSED, "%s: choose another, or allow the "
		               "clash with a reason (--allow-clash --reason TEXT)",
		               clash);
	if (clashes && warn) {
		size_t used = strlen(warn);
		snprintf(warn + used, CW_WARN_MAX - used, "%s%s (allowed: %s)",
		         used ? "; " : "", clash, a->reason);
	}
	/* a chair's steps are any chair role's (cw_assignee_for gives both
	 * to the meeting's chair) */
	handover h = { .pol = cw->pol, .m = m,
	               .from = **slot ? *slot
	                       : minute_taker ? POOL_MINUTE_TAKER : POOL_CHAIR,
	               .to = login,
	               .roles = minute_taker ? ROLE_BIT(ROLE_MINUTE_TAKER)
	                        : ROLE_BIT(ROLE_CP_CHAIR) | ROLE_BIT(ROLE_IRO) };
	size_t n = 0;
	CP_TRY(cw_change_open_tasks(t, m->id, hand_over, &h, &n, err));
	if (h.oom)
		return cp_oom(err);
	*moved += n;
	/* which tasks went from whom to whom: the audit's */
	size_t used = strlen(trail);
	if (n)
		snprintf(trail + used, 512 - used, " %s-tasks=\"%s "
		         "from %s to %s\"", minute_taker ? "minute-taker" : "chair",
		         h.moved, h.from, login);
	char *copy = strdup(login);
	if (!copy)
		return cp_oom(err);
	free(*slot);
	*slot = copy;
	return CP_OK;
}

cp_status casework_meeting_allocate_txn(casework *cw, store_txn *t,
                                        const cw_allocation *a,
                                        size_t *moved, char warn[CW_WARN_MAX],
                                        cp_error *err)
{
	if (warn)
		warn[0] = '\0';
	*moved = 0;
	if (!text_nonempty(a->chair) && !text_nonempty(a->minute_taker))
		return cp_fail(err, CP_BADINPUT, "allocate whom? give --chair LOGIN "
		               "or --minute-taker LOGIN");
	if (a->allow_clash && !text_nonempty(a->reason))
		return cp_fail(err, CP_BADINPUT, "a clash allowed needs a reason "
		               "(--reason TEXT)");
	if (a->reason)
		CP_TRY(cw_too_long("the reason", a->reason, CW_NOTE_MAX, err));
	cp_meeting m;
	CP_TRY(cw_change_scheduled(cw, t, a->meeting_id, ACCESS_SCHEDULE,
	                           "allocated", &m, err));
	char *before = model_meeting_describe(&m), trail[512] = "";
	cp_status st = before ? CP_OK : cp_oom(err);
	if (st == CP_OK && text_nonempty(a->chair))
		st = allocate_one(cw, t, &m, false, a->chair, a, moved, trail, warn,
		                  err);
	if (st == CP_OK && text_nonempty(a->minute_taker))
		st = allocate_one(cw, t, &m, true, a->minute_taker, a, moved, trail,
		                  warn, err);
	if (st == CP_OK)
		st = store_meeting_put(t, &m, err);
	/* the reason is the allocation's, in its audit entry (the meeting's
	 * own reason is its move's or its cadence exception's) */
	char more[512 + CW_NOTE_MAX + 16];
	snprintf(more, sizeof more, "%s reason=\"%s\"", trail,
	         text_or_empty(a->reason));
	st = cw_audit_meeting_for(cw, t, st, "meeting.allocate", &m, m.child_id,
	                          more, before, err);
	cp_meeting_free(&m);
	return st;
}

typedef struct allocate_args {
	const cw_allocation *a;
	size_t *moved;
} allocate_args;

CW_TRAMPOLINE(allocate_run, allocate_args,
              casework_meeting_allocate_txn(cw, t, a->a, a->moved, warn, err))

cp_status casework_meeting_allocate(casework *cw, const cw_allocation *a,
                                    size_t *moved, char warn[CW_WARN_MAX],
                                    cp_error *err)
{
	allocate_args x = { a, moved };
	return cw_run(cw, allocate_run, &x, warn, err);
}

/* team.c - a manager's team: who is in it, whom the actor may see, and
 * each worker's figures from the indexes (team.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_priv.h"
#include "team.h"
#include "text.h"

#define LINE_MAX_DEPTH 8   /* managers followed up, as permit.c does */
#define TEAMS_NAMED 6      /* teams a message lists before "and N more" */

/* ---- counting ---------------------------------------------------------- */

void team_count_due(team_counts *c, cp_date due, cp_date today)
{
	c->open++;
	if (due < today) {
		c->overdue++;
		return;
	}
	int64_t week = ((int64_t)due - date_week_start(today)) / 7;
	if (week < TEAM_WEEKS)
		c->week[week]++;
	else
		c->later++;
}

void team_counts_add(team_counts *a, const team_counts *b)
{
	a->children += b->children;
	a->open += b->open;
	a->overdue += b->overdue;
	for (int i = 0; i < TEAM_WEEKS; i++)
		a->week[i] += b->week[i];
	a->later += b->later;
}

/* ---- the heat map ------------------------------------------------------ */

const char team_heat_legend[] =
	"Key: . nothing due, 3 one to three, 5+ four to seven, 9# eight or more";

team_heat team_heat_of(size_t due)
{
	return due >= TEAM_HEAT_HEAVY_FROM ? TEAM_HEAT_HEAVY
	       : due >= TEAM_HEAT_BUSY_FROM ? TEAM_HEAT_BUSY
	       : due ? TEAM_HEAT_LIGHT : TEAM_HEAT_NONE;
}

void team_heat_cell(size_t due, char *buf, size_t size)
{
	static const char mark[TEAM_HEAT_COUNT] = { 0, 0, '+', '#' };
	team_heat h = team_heat_of(due);
	if (h == TEAM_HEAT_NONE)
		snprintf(buf, size, ".");
	else if (due > 999)
		snprintf(buf, size, "999%c", mark[h]);
	else if (mark[h])
		snprintf(buf, size, "%zu%c", due, mark[h]);
	else
		snprintf(buf, size, "%zu", due);
}

/* ---- who may ask ------------------------------------------------------- */

cp_status team_may(casework *cw, cp_error *err)
{
	if (!cw->pm)
		return CP_OK;
	const access_rules *r = permit_rules(cw->pm);
	const access_actor *a = permit_who(cw->pm);
	if (a->admin)
		return CP_OK;
	for (int role = 0; role < ROLE_COUNT; role++) {
		access_scope s = r->see[role];
		if ((a->roles & ROLE_BIT(role)) &&
		    (s == SCOPE_TEAM || s == SCOPE_SERVICE || s == SCOPE_ALL))
			return CP_OK;
	}
	char held[400];
	access_held_scopes(r, a, held, sizeof held);
	return cp_fail(err, CP_REFUSED,
	    "the team view is for those whose roles see other workers' cases "
	    "(a team's, a service's or every case: the policy's permissions); "
	    "you (%s) hold %s", a->login, held);
}

/* ---- the staff --------------------------------------------------------- */

/* Every worker as the store has them (not sanitised): a national store's
 * twenty thousand in one arena, by login (the order the store lists
 * them in), found by bisection.  The staff are read twice in the one
 * transaction, to size the arena and then to fill it: growing it as they
 * came touched every page twice (most of the page faults of a team
 * manager's team at national scale). */
typedef struct staff {
	uint32_t login, team, manager;   /* offsets into the arena */
	bool left;
} staff;

typedef struct roster {
	staff *v;
	size_t n, cap;
	char *arena;
	size_t used, room;
	bool oom, unsorted;
} roster;

static void roster_free(roster *r)
{
	free(r->v);
	free(r->arena);
	memset(r, 0, sizeof *r);
}

/* The first reading: room for every worker and their strings. */
static bool size_staff(void *ctx, const cp_worker *w)
{
	roster *r = ctx;
	r->cap++;
	r->room += strlen(w->login) + strlen(text_or_empty(w->team)) +
	           strlen(text_or_empty(w->manager)) + 3;
	return true;
}

static uint32_t keep_str(roster *r, const char *s)
{
	size_t len = strlen(s) + 1, at = r->used;
	if (!vec_reserve((void **)&r->arena, &r->room, r->used + len, 1, 65536)) {
		r->oom = true;
		return 0;
	}
	memcpy(r->arena + at, s, len);
	r->used += len;
	return (uint32_t)at;
}

#define S(r, off) ((r)->arena + (off))

static bool take_staff(void *ctx, const cp_worker *w)
{
	roster *r = ctx;
	if (!vec_room((void **)&r->v, &r->cap, r->n, sizeof *r->v, 256))
		return !(r->oom = true);
	staff *s = &r->v[r->n];
	s->login = keep_str(r, w->login);
	s->team = keep_str(r, text_or_empty(w->team));
	s->manager = keep_str(r, text_or_empty(w->manager));
	s->left = w->left;
	r->unsorted |= r->n && strcmp(S(r, r->v[r->n - 1].login), w->login) >= 0;
	r->n++;
	return !r->oom;
}

static const roster *sorting;    /* qsort's context: one sort at a time */

static int staff_cmp(const void *a, const void *b)
{
	return strcmp(S(sorting, ((const staff *)a)->login),
	              S(sorting, ((const staff *)b)->login));
}

static const staff *staff_find(const roster *r, const char *login)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(S(r, r->v[mid].login), login);
		if (!c)
			return &r->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* s's managers, nearest first, as far as permit.c follows them. */
static size_t line_of(const roster *r, const staff *s, const char **line)
{
	size_t n = 0;
	const char *next = S(r, s->manager);
	while (*next && n < LINE_MAX_DEPTH) {
		for (size_t i = 0; i < n; i++)
			if (!strcmp(line[i], next))
				return n;            /* a loop in the data */
		line[n++] = next;
		const staff *m = staff_find(r, next);
		next = m ? S(r, m->manager) : "";
	}
	return n;
}

/* ---- choosing and counting --------------------------------------------- */

typedef struct pick {
	casework *cw;
	store_txn *t;
	const roster *r;
	const char *want;        /* the team asked for, or NULL */
	const staff *me;         /* the actor's record, or NULL */
	team_figures *out;
	const char **teams;      /* teams of the workers the actor sees */
	size_t nteams;
	bool team_exists;        /* want is somebody's team */
	cp_error *err;
} pick;

/* Is s one of the workers asked for (team.h)? */
static bool in_scope(const pick *p, const staff *s, const char *const *line,
                     size_t nline)
{
	const char *team = S(p->r, s->team);
	if (p->want)
		return !strcmp(team, p->want);
	const char *mine = p->me ? S(p->r, p->me->team) : "";
	if (*mine && !strcmp(team, mine))
		return true;
	for (size_t i = 0; i < nline; i++)
		if (!strcmp(line[i], p->cw->actor))
			return true;
	return false;
}

typedef struct tally {
	team_counts *n;
	cp_date today;
} tally;

static bool tally_task(void *ctx, const store_queue_row *r)
{
	tally *y = ctx;
	team_count_due(y->n, r->due, y->today);
	return true;
}

/* A row for s: their name (their record read again: the staff's
 * arena keeps no names) and their counts. */
static cp_status add_row(pick *p, const staff *s)
{
	team_figures *o = p->out;
	if (!vec_room((void **)&o->v, &o->cap, o->n, sizeof *o->v, 16))
		return cp_oom(p->err);
	team_worker *w = &o->v[o->n];
	const char *login = S(p->r, s->login);
	memset(w, 0, sizeof *w);
	w->left = s->left;
	cp_worker rec = { 0 };
	bool found = false;
	CP_TRY(store_worker_get(p->t, login, &rec, &found, p->err));
	w->login = q_clean(login);
	w->name = q_clean(found && *text_or_empty(rec.name) ? rec.name : login);
	w->team = q_clean(S(p->r, s->team));
	cp_worker_free(&rec);
	if (!w->login || !w->name || !w->team) {
		free(w->login);
		free(w->name);
		free(w->team);
		return cp_oom(p->err);
	}
	o->n++;
	tally y = { &w->n, o->today };
	CP_TRY(store_children_count_for_worker(p->t, login, &w->n.children,
	                                       p->err));
	return store_queue_for_assignee(p->t, login, CP_DATE_NONE,
	                                QUERY_DATE_MAX, 0, tally_task, &y,
	                                p->err);
}

static cp_status pick_staff(pick *p)
{
	const roster *r = p->r;
	const char *line[LINE_MAX_DEPTH];
	p->teams = calloc(r->n ? r->n : 1, sizeof *p->teams);
	if (!p->teams)
		return cp_oom(p->err);
	for (size_t i = 0; i < r->n; i++) {
		const staff *s = &r->v[i];
		const char *team = S(r, s->team);
		p->team_exists |= p->want && !strcmp(team, p->want);
		if (s == p->me)
			continue;
		size_t nline = line_of(r, s, line);
		if (!permit_sees_worker(p->cw->pm, S(r, s->login), team, line, nline))
			continue;
		if (*team)
			p->teams[p->nteams++] = team;
		if (in_scope(p, s, line, nline))
			CP_TRY(add_row(p, s));
	}
	return CP_OK;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The teams the actor may ask for, sorted, once each. */
static cp_status keep_teams(pick *p)
{
	if (p->nteams > 1)
		qsort(p->teams, p->nteams, sizeof *p->teams, str_cmp);
	for (size_t i = 0; i < p->nteams; i++) {
		if (i && !strcmp(p->teams[i], p->teams[i - 1]))
			continue;
		char *c = q_clean(p->teams[i]);
		bool ok = c && str_vec_add(&p->out->teams, c);
		free(c);
		if (!ok)
			return cp_oom(p->err);
	}
	return CP_OK;
}

/* "A, B and 3 more", or "none". */
static void teams_text(const str_vec *teams, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < teams->n && i < TEAMS_NAMED; i++) {
		int k = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
		                 teams->v[i]);
		if (k < 0 || (size_t)k >= size - used)
			return;
		used += (size_t)k;
	}
	if (teams->n > TEAMS_NAMED)
		snprintf(buf + used, size - used, " and %zu more",
		         teams->n - TEAMS_NAMED);
	else if (!teams->n)
		snprintf(buf, size, "none");
}

/* A team asked for that gave no row: not there, or not the actor's. */
static cp_status no_such_team(pick *p)
{
	char teams[400], held[400], want[96];
	teams_text(&p->out->teams, teams, sizeof teams);
	text_sanitize(p->want, want, sizeof want);
	if (!p->team_exists)
		return cp_fail(p->err, CP_BADINPUT,
		    "no team '%s' in the store (teams you may see: %s)", want,
		    teams);
	const access_actor *a = permit_who(p->cw->pm);
	access_held_scopes(permit_rules(p->cw->pm), a, held, sizeof held);
	return cp_fail(p->err, CP_REFUSED,
	    "team %s is not yours to see: its workers are outside what you "
	    "(%s) see as %s (the policy's permissions; teams you may see: %s)",
	    want, a->login, held, teams);
}

/* ---- the figures ------------------------------------------------------- */

static void worker_free(team_worker *w)
{
	free(w->login);
	free(w->name);
	free(w->team);
}

void team_figures_free(team_figures *t)
{
	for (size_t i = 0; i < t->n; i++)
		worker_free(&t->v[i]);
	free(t->v);
	free(t->team);
	str_vec_free(&t->teams);
	memset(t, 0, sizeof *t);
}

static int worker_cmp(const void *a, const void *b)
{
	const team_worker *x = a, *y = b;
	int c = strcmp(x->team, y->team);
	if (!c)
		c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->login, y->login);
}

/* Leavers with nothing left to them go; the rest sorted and summed. */
static void finish(team_figures *o)
{
	size_t keep = 0;
	for (size_t i = 0; i < o->n; i++) {
		team_worker *w = &o->v[i];
		if (w->left && !w->n.open && !w->n.children) {
			worker_free(w);
			continue;
		}
		o->v[keep++] = *w;
	}
	o->n = keep;
	if (o->n > 1)
		qsort(o->v, o->n, sizeof *o->v, worker_cmp);
	for (size_t i = 0; i < o->n; i++)
		team_counts_add(&o->total, &o->v[i].n);
}

static cp_status read_in(pick *p, roster *r)
{
	CP_TRY(store_worker_list(p->t, size_staff, r, p->err));
	r->v = malloc((r->cap ? r->cap : 1) * sizeof *r->v);
	r->arena = malloc(r->room ? r->room : 1);
	if (!r->v || !r->arena || r->room > UINT32_MAX)
		return cp_oom(p->err);
	CP_TRY(store_worker_list(p->t, take_staff, r, p->err));
	if (r->oom)
		return cp_oom(p->err);
	if (r->unsorted && r->n > 1) {
		sorting = r;
		qsort(r->v, r->n, sizeof *r->v, staff_cmp);
	}
	p->me = staff_find(r, p->cw->actor);
	CP_TRY(pick_staff(p));
	CP_TRY(keep_teams(p));
	return p->want && !p->out->n ? no_such_team(p) : CP_OK;
}

cp_status team_read(casework *cw, const team_filter *f, team_figures *out,
                    cp_error *err)
{
	memset(out, 0, sizeof *out);
	CP_TRY(team_may(cw, err));
	const char *want = f->team && *f->team ? f->team : NULL;
	out->today = f->today;
	out->week0 = date_week_start(f->today);
	if (!(out->team = q_clean(want)))
		return cp_oom(err);
	roster r = { 0 };
	pick p = { .cw = cw, .r = &r, .want = want, .out = out, .err = err };
	cp_status st = q_read(cw, &p.t, err);
	if (st == CP_OK) {
		st = read_in(&p, &r);
		store_read_end(p.t);
	}
	free(p.teams);
	roster_free(&r);
	if (st == CP_OK)
		finish(out);
	else
		team_figures_free(out);
	return st;
}

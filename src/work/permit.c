/* permit.c - access decisions with the facts looked up in the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "permit.h"
#include "text.h"

#define LINE_MAX_DEPTH 8   /* managers looked up above a social worker */

/* What the store says about one social worker, looked up once. */
typedef struct sw_facts {
	char *login;
	char *team;
	char *line[LINE_MAX_DEPTH];
	size_t nline;
} sw_facts;

struct permit {
	const access_rules *rules;
	access_actor who;
	char *actor;          /* the login work is done as */
	char *real;           /* the Unix user */
	char *team;
	bool chairs;          /* holds a role whose scope is chaired/clerked */
	bool audit_real;      /* the audit names the real user */
	bool all;             /* sees every case */
	sw_facts *memo;       /* open addressing, cap a power of two */
	size_t nmemo, capmemo;
};



/* ---- identity ---------------------------------------------------------- */


static bool role_scope_is(const permit *pm, role_set roles, access_scope a,
                          access_scope b)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if ((roles & ROLE_BIT(r)) &&
		    (pm->rules->see[r] == a || pm->rules->see[r] == b))
			return true;
	return false;
}

/* What follows from the rules and the actor's roles. */
static void derive(permit *pm)
{
	pm->all = pm->who.admin ||
	          access_widest(pm->rules, &pm->who) == SCOPE_ALL;
	pm->chairs = role_scope_is(pm, pm->who.roles, SCOPE_CHAIRED,
	                           SCOPE_CLERKED);
}

void permit_set_rules(permit *pm, const access_rules *r)
{
	pm->rules = r;
	derive(pm);
}

static cp_status set_actor(permit *pm, const cp_worker *w, bool admin,
                           cp_error *err)
{
	pm->team = strdup(w ? text_or_empty(w->team) : "");
	if (!pm->team)
		return cp_oom(err);
	pm->who.login = pm->actor;
	pm->who.roles = w ? w->roles : 0;
	pm->who.team = pm->team;
	pm->who.admin = admin;
	derive(pm);
	return CP_OK;
}

/* --as: allowed to administrators, and to act-for-others roles for a
 * worker whose roles do no more than their own: acting for another never
 * gives more rights than one has (access_may_act_for).  real is the Unix
 * user's worker record (found: there is one). */
static cp_status check_acting_for(permit *pm, store_txn *t, bool admin,
                                  const cp_worker *real, bool found,
                                  const permit_login *in, cp_error *err)
{
	if (admin)
		return CP_OK;
	access_actor a = {
		.login = in->unix_login, .roles = found ? real->roles : 0,
		.team = found ? text_or_empty(real->team) : "", .admin = false,
	};
	CP_TRY(access_may(pm->rules, &a, ACCESS_FOR_OTHERS, NULL, err));
	cp_worker other = { 0 };
	bool there = false;
	CP_TRY(store_worker_get(t, in->as, &other, &there, err));
	cp_status s = there ? access_may_act_for(pm->rules, &a, in->as,
	                                         other.roles, err)
	                    : CP_OK;   /* refused as no worker, below */
	cp_worker_free(&other);
	return s;
}

static cp_status refuse_left(const char *login, cp_error *err)
{
	return cp_fail(err, CP_REFUSED,
	    "'%s' has left (marked in the store): ask your QA administrator "
	    "if that is wrong", login);
}

/* Who the Unix user is in the store, and whether they are an
 * administrator.  A worker marked as left is refused here, before any
 * other check and whatever else they are: an administrator who leaves
 * hands over first (deployment.md). */
static cp_status identify_real(store_txn *t, const permit_login *in,
                               bool shared, cp_worker *real, bool *found,
                               bool *admin, cp_error *err)
{
	char *creator = NULL;
	size_t len;
	bool have = false;
	CP_TRY(store_worker_get(t, in->unix_login, real, found, err));
	if (*found && real->left)
		return refuse_left(in->unix_login, err);
	/* A shared store is root's to administer: whoever made it before it
	 * was moved there (a store of their own) may have rewritten it. */
	if (!shared)
		CP_TRY(store_meta_get(t, "created-by", &creator, &len, &have, err));
	*admin = in->root ||
	         (have && creator && !strcmp(creator, in->unix_login));
	free(creator);
	return CP_OK;
}

/* The acting worker, once the real user may act as them. */
static cp_status identify_actor(permit *pm, store_txn *t, bool admin,
                                bool acting_for, const permit_login *in,
                                cp_error *err)
{
	cp_worker w = { 0 };
	bool found = false;
	CP_TRY(store_worker_get(t, pm->actor, &w, &found, err));
	/* An administrator may name someone who is not (yet) a worker, to
	 * bootstrap (cpdesk --as qa1 init, worker add ...): they keep their
	 * own rights under that name.  The console needs a worker. */
	if (!found && admin)
		return set_actor(pm, NULL, true, err);
	if (!found)
		return cp_fail(err, CP_REFUSED,
		    "no worker '%s' in the store at %s: ask your QA "
		    "administrator to add you (cpdesk worker add)",
		    pm->actor, text_or_empty(in->store_dir));
	cp_status s = w.left ? refuse_left(pm->actor, err) : CP_OK;
	/* A worker acting for another is named in the audit; root and the
	 * store's creator can change the store's files anyway, so their
	 * --as is taken at its word. */
	pm->audit_real = acting_for && !admin;
	if (s == CP_OK)
		s = set_actor(pm, &w, admin && !acting_for, err);
	cp_worker_free(&w);
	return s;
}

/* All in one read transaction: this runs at every start-up. */
static cp_status identify(permit *pm, store_txn *t, bool shared,
                          const permit_login *in, cp_error *err)
{
	cp_worker real = { 0 };
	bool found = false, admin = false;
	bool acting_for = in->as && *in->as && strcmp(in->as, in->unix_login);
	cp_status s = identify_real(t, in, shared, &real, &found, &admin, err);
	if (s == CP_OK && acting_for)
		s = check_acting_for(pm, t, admin, &real, found, in, err);
	cp_worker_free(&real);
	if (s == CP_OK)
		s = identify_actor(pm, t, admin, acting_for, in, err);
	return s;
}

cp_status permit_open(store *st, const policy *pol, const permit_login *in,
                      permit **out, cp_error *err)
{
	*out = NULL;
	permit *pm = calloc(1, sizeof *pm);
	if (!pm)
		return cp_oom(err);
	pm->rules = &pol->access;
	const char *acting = in->as && *in->as ? in->as : in->unix_login;
	/* Logins reach messages and the audit: only key characters. */
	if (!model_id_valid(text_or_empty(acting), false)) {
		free(pm);
		return cp_fail(err, CP_BADINPUT,
		    "the acting login is not usable (letters, digits, . _ -): "
		    "give --as LOGIN");
	}
	pm->actor = strdup(text_or_empty(acting));
	pm->real = strdup(text_or_empty(in->unix_login));
	store_txn *t = NULL;
	cp_status s = pm->actor && pm->real ? store_read_begin(st, &t, err)
	                                    : cp_oom(err);
	if (s == CP_OK) {
		s = identify(pm, t, store_shared(st), in, err);
		store_read_end(t);
	}
	if (s != CP_OK) {
		permit_free(pm);
		return s;
	}
	*out = pm;
	return CP_OK;
}

static void facts_free(sw_facts *f)
{
	free(f->login);
	free(f->team);
	for (size_t i = 0; i < f->nline; i++)
		free(f->line[i]);
}

void permit_free(permit *pm)
{
	if (!pm)
		return;
	for (size_t i = 0; i < pm->capmemo; i++)
		if (pm->memo[i].login)
			facts_free(&pm->memo[i]);
	free(pm->memo);
	free(pm->actor);
	free(pm->real);
	free(pm->team);
	free(pm);
}

const char *permit_actor(const permit *pm)
{
	return pm->actor;
}

const char *permit_audit_login(const permit *pm)
{
	return pm->audit_real ? pm->real : pm->actor;
}

const char *permit_real_login(const permit *pm)
{
	return pm->real;
}

const access_actor *permit_who(const permit *pm)
{
	return &pm->who;
}

const access_rules *permit_rules(const permit *pm)
{
	return pm->rules;
}

bool permit_sees_all(const permit *pm)
{
	return !pm || pm->all;
}

cp_status permit_may(permit *pm, access_action act, cp_error *err)
{
	if (!pm)
		return CP_OK;
	return access_may(pm->rules, &pm->who, act, NULL, err);
}

bool permit_allows(permit *pm, access_action act)
{
	cp_error e;
	return permit_may(pm, act, &e) == CP_OK;
}

/* ---- facts about a social worker, memoised ---------------------------- */

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603u;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static cp_status memo_grow(permit *pm, cp_error *err)
{
	size_t cap = pm->capmemo ? pm->capmemo * 2 : 64;
	sw_facts *n = calloc(cap, sizeof *n);
	if (!n)
		return cp_oom(err);
	for (size_t i = 0; i < pm->capmemo; i++) {
		if (!pm->memo[i].login)
			continue;
		size_t j = hash(pm->memo[i].login) & (cap - 1);
		while (n[j].login)
			j = (j + 1) & (cap - 1);
		n[j] = pm->memo[i];
	}
	free(pm->memo);
	pm->memo = n;
	pm->capmemo = cap;
	return CP_OK;
}

static cp_status look_up_line(store_txn *t, sw_facts *f, const char *manager,
                              cp_error *err)
{
	char *next = manager && *manager ? strdup(manager) : NULL;
	if (manager && *manager && !next)
		return cp_oom(err);
	while (next && f->nline < LINE_MAX_DEPTH) {
		for (size_t i = 0; i < f->nline; i++)
			if (!strcmp(f->line[i], next)) {   /* a loop in the data */
				free(next);
				return CP_OK;
			}
		f->line[f->nline++] = next;
		cp_worker w = { 0 };
		bool found = false;
		CP_TRY(store_worker_get(t, next, &w, &found, err));
		next = found && *w.manager ? strdup(w.manager) : NULL;
		bool lost = found && *w.manager && !next;
		cp_worker_free(&w);
		if (lost)
			return cp_oom(err);
	}
	free(next);
	return CP_OK;
}

static cp_status facts_for(permit *pm, store_txn *t, const char *sw,
                           const sw_facts **out, cp_error *err)
{
	if (pm->nmemo * 2 >= pm->capmemo)
		CP_TRY(memo_grow(pm, err));
	size_t j = hash(sw) & (pm->capmemo - 1);
	for (; pm->memo[j].login; j = (j + 1) & (pm->capmemo - 1))
		if (!strcmp(pm->memo[j].login, sw)) {
			*out = &pm->memo[j];
			return CP_OK;
		}
	sw_facts f = { 0 };
	cp_worker w = { 0 };
	bool found = false;
	cp_status s = store_worker_get(t, sw, &w, &found, err);
	if (s == CP_OK && (!(f.login = strdup(sw)) ||
	                   !(f.team = strdup(found ? w.team : ""))))
		s = cp_oom(err);
	if (s == CP_OK && found)
		s = look_up_line(t, &f, w.manager, err);
	cp_worker_free(&w);
	if (s != CP_OK) {
		facts_free(&f);
		return s;
	}
	pm->memo[j] = f;
	pm->nmemo++;
	*out = &pm->memo[j];
	return CP_OK;
}

/* ---- cases ------------------------------------------------------------- */

/* The case of a child allocated to sw. */
static cp_status case_of(permit *pm, store_txn *t, const char *sw,
                         access_case *c, cp_error *err)
{
	memset(c, 0, sizeof *c);
	c->social_worker = sw;
	if (!sw || !*sw)
		return CP_OK;
	const sw_facts *f;
	CP_TRY(facts_for(pm, t, sw, &f, err));
	c->sw_team = f->team;
	c->sw_line = (const char *const *)f->line;
	c->nline = f->nline;
	return CP_OK;
}

static cp_status decide(permit *pm, access_action act, const char *what,
                        const access_case *c, cp_error *err)
{
	if (act == PERMIT_SEE)
		return access_check_sees(pm->rules, &pm->who, what, c, err);
	return access_may(pm->rules, &pm->who, act, c, err);
}

typedef struct chair_probe {
	const char *login;
	const char *child;
	bool chairs, clerks;
} chair_probe;

static bool probe_meeting(void *ctx, const cp_meeting *m)
{
	chair_probe *p = ctx;
	p->chairs |= !strcmp(m->chair, p->login);
	p->clerks |= !strcmp(m->minute_taker, p->login);
	return !(p->chairs && p->clerks);
}

static bool probe_consult(void *ctx, const cp_consult *c)
{
	chair_probe *p = ctx;
	p->chairs |= !strcmp(c->chair, p->login);
	return !p->chairs;
}

static bool probe_step(void *ctx, const cp_task *k)
{
	chair_probe *p = ctx;
	p->chairs |= k->status == TASK_OPEN && !strcmp(k->child_id, p->child) &&
	             !strcmp(k->assignee, p->login);
	return !p->chairs;
}

/* For chairs and minute takers: does the actor chair or clerk any of
 * this child's meetings, log one of its consultations, or hold one of
 * its own steps (a case mapping allocated to them, 003 point 4a)? */
static cp_status probe_child(permit *pm, store_txn *t, const char *child_id,
                             access_case *c, cp_error *err)
{
	chair_probe p = { .login = pm->actor, .child = child_id };
	CP_TRY(store_meetings_for_child(t, child_id, probe_meeting, &p, err));
	if (!p.chairs)
		CP_TRY(store_consults_for_child(t, child_id, probe_consult,
		                                    &p, err));
	if (!p.chairs)
		CP_TRY(store_tasks_for_meeting(t, TASK_NO_MEETING, probe_step,
		                               &p, err));
	if (p.chairs)
		c->chair = pm->actor;
	if (p.clerks)
		c->minute_taker = pm->actor;
	return CP_OK;
}

static void child_what(const cp_child *c, char *buf, size_t size)
{
	snprintf(buf, size, "child %s", c->id);
}

cp_status permit_child(permit *pm, store_txn *t, access_action act,
                       const cp_child *ch, cp_error *err)
{
	if (!pm || pm->who.admin)
		return CP_OK;
	access_case c;
	char what[MODEL_ID_MAX + 16];
	child_what(ch, what, sizeof what);
	CP_TRY(case_of(pm, t, ch->social_worker, &c, err));
	cp_status s = decide(pm, act, what, &c, err);
	if (s != CP_REFUSED || !pm->chairs)
		return s;
	CP_TRY(probe_child(pm, t, ch->id, &c, err));
	return decide(pm, act, what, &c, err);
}

static cp_status child_sw(store_txn *t, const char *child_id, char **sw,
                          cp_error *err)
{
	cp_child ch = { 0 };
	bool found = false;
	*sw = NULL;
	CP_TRY(store_child_get(t, child_id, &ch, &found, err));
	if (found) {
		*sw = ch.social_worker;
		ch.social_worker = NULL;
	}
	cp_child_free(&ch);
	return CP_OK;
}

/* The case of child_id -- its social worker looked up, or fallback_sw
 * when there is no such child -- with the meeting's or task's own facts
 * from `own`, decided. */
static cp_status decide_case(permit *pm, store_txn *t, access_action act,
                             const char *what, const char *child_id,
                             const char *fallback_sw, const access_case *own,
                             cp_error *err)
{
	char *sw = NULL;
	access_case c;
	cp_status s = child_sw(t, child_id, &sw, err);
	if (s == CP_OK)
		s = case_of(pm, t, sw ? sw : fallback_sw, &c, err);
	if (s == CP_OK) {
		c.chair = own->chair;
		c.minute_taker = own->minute_taker;
		c.assignee = own->assignee;
		s = decide(pm, act, what, &c, err);
	}
	free(sw);
	return s;
}

cp_status permit_meeting(permit *pm, store_txn *t, access_action act,
                         const cp_meeting *m, cp_error *err)
{
	if (!pm || pm->who.admin)
		return CP_OK;
	char what[MODEL_ID_MAX + 48];
	snprintf(what, sizeof what, "meeting %llu (child %s)",
	         (unsigned long long)m->id, m->child_id);
	access_case own = { .chair = m->chair, .minute_taker = m->minute_taker };
	cp_status s = decide_case(pm, t, act, what, m->child_id, NULL, &own, err);
	/* A family meeting is any of its children's: whoever may act for
	 * one of them may for it (what they see of the others is theirs). */
	for (size_t i = 0; s == CP_REFUSED && i < m->nsiblings; i++)
		s = decide_case(pm, t, act, what, m->siblings[i], NULL, &own, err);
	return s;
}

cp_status permit_task(permit *pm, store_txn *t, access_action act,
                      const cp_task *k, cp_error *err)
{
	if (!pm || pm->who.admin)
		return CP_OK;
	/* One's own queue needs no look-ups: it is most of what is asked. */
	access_case own = { .assignee = k->assignee };
	if (act == PERMIT_SEE && access_sees(pm->rules, &pm->who, &own))
		return CP_OK;
	char what[MODEL_ID_MAX + 48];
	snprintf(what, sizeof what, "task %llu (child %s)",
	         (unsigned long long)k->id, k->child_id);
	cp_status s = decide_case(pm, t, act, what, k->child_id, NULL, &own, err);
	if (s != CP_REFUSED || !pm->chairs)
		return s;
	/* chairs and minute takers: through the task's meeting */
	cp_meeting m = { 0 };
	bool found = false;
	cp_error e;
	if (store_meeting_get(t, k->meeting_id, &m, &found, &e) != CP_OK) {
		*err = e;
		return CP_FAILED;
	}
	if (found) {
		own.chair = m.chair;
		own.minute_taker = m.minute_taker;
		s = decide_case(pm, t, act, what, k->child_id, NULL, &own, err);
	}
	cp_meeting_free(&m);
	return s;
}

cp_status permit_consult(permit *pm, store_txn *t, access_action act,
                         const cp_consult *k, cp_error *err)
{
	if (!pm || pm->who.admin)
		return CP_OK;
	char what[MODEL_ID_MAX + 48];
	snprintf(what, sizeof what, "consultation %llu (child %s)",
	         (unsigned long long)k->id, k->child_id);
	access_case own = { .chair = k->chair };
	return decide_case(pm, t, act, what, k->child_id, k->social_worker,
	                   &own, err);
}

cp_status permit_worker(permit *pm, store_txn *t, const char *login,
                        cp_error *err)
{
	if (permit_sees_all(pm) || !strcmp(login, pm->actor))
		return CP_OK;
	access_case c;
	CP_TRY(case_of(pm, t, login, &c, err));
	if (access_sees(pm->rules, &pm->who, &c))
		return CP_OK;
	char held[400], team[96], where[MODEL_ID_MAX + 160];
	access_held_scopes(pm->rules, &pm->who, held, sizeof held);
	text_sanitize(text_or_empty(c.sw_team), team, sizeof team);
	snprintf(where, sizeof where, "%s%s%s%s",
	         *team ? " in team " : " in no team", team,
	         c.nline ? " under " : "", c.nline ? c.sw_line[0] : "");
	return cp_fail(err, CP_REFUSED,
	    "worker %s's queue is not yours to see: %s is%s, outside what "
	    "you (%s) see as %s (the policy's permissions)", login, login,
	    where, pm->actor, held);
}

bool permit_sees_worker(const permit *pm, const char *login,
                        const char *team, const char *const *line,
                        size_t nline)
{
	if (permit_sees_all(pm) || !strcmp(login, pm->actor))
		return true;
	access_case c = { .social_worker = login, .sw_team = team,
	                  .sw_line = line, .nline = nline };
	return access_sees(pm->rules, &pm->who, &c);
}

cp_status permit_hides(permit *pm, store_txn *t, const char *child_id,
                       bool *hidden, cp_error *err)
{
	cp_child c = { 0 };
	bool found = false;
	cp_error e;
	*hidden = false;
	cp_status st = store_child_get(t, text_or_empty(child_id), &c, &found,
	                               &e);
	if (st == CP_OK && found)
		st = permit_child(pm, t, PERMIT_SEE, &c, &e);
	cp_child_free(&c);
	if (st == CP_FAILED) {
		*err = e;
		return st;
	}
	*hidden = st != CP_OK || !found;
	return *hidden ? CP_OK : CP_REFUSED;
}

bool permit_sees_child(permit *pm, store_txn *t, const cp_child *c)
{
	cp_error e;
	return permit_sees_all(pm) ||
	       permit_child(pm, t, PERMIT_SEE, c, &e) == CP_OK;
}

bool permit_sees_meeting(permit *pm, store_txn *t, const cp_meeting *m)
{
	cp_error e;
	return permit_sees_all(pm) ||
	       permit_meeting(pm, t, PERMIT_SEE, m, &e) == CP_OK;
}

bool permit_sees_task(permit *pm, store_txn *t, const cp_task *k)
{
	cp_error e;
	return permit_sees_all(pm) ||
	       permit_task(pm, t, PERMIT_SEE, k, &e) == CP_OK;
}

bool permit_sees_consult(permit *pm, store_txn *t, const cp_consult *c)
{
	cp_error e;
	return permit_sees_all(pm) ||
	       permit_consult(pm, t, PERMIT_SEE, c, &e) == CP_OK;
}

/* casework_people.c - workers and children (see casework.h): adding and
 * updating them, reassigning a worker's work to another (children,
 * open tasks, scheduled meetings, the workers they manage), a worker
 * leaving, and what a worker holds (the counts both of those use). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "text.h"
#include "permit.h"
#include "vec.h"

/* ---- workers and children ---------------------------------------------- */
/* A worker's or child's (kind) id (what: "login", "child id") and name:
 * the id a valid key, the name there and not too long. */
static cp_status check_id_name(const char *kind, const char *what,
                               const char *id, const char *name,
                               cp_error *err)
{
	if (!model_id_valid(id, false))
		return cp_fail(err, CP_BADINPUT,
		    "bad %s '%.64s': use 1-%d letters, digits, '.', '_' or '-'",
		    what, text_or_empty(id), MODEL_ID_MAX);
	if (!text_nonempty(name))
		return cp_fail(err, CP_BADINPUT, "%s %s needs a name", kind, id);
	char what_name[32];
	snprintf(what_name, sizeof what_name, "a %s's name", kind);
	return cw_too_long(what_name, name, CW_NAME_MAX, err);
}

/* An address the lists and reminders can be mailed to, and that is safe
 * in a mail header: one '@' between a local part and a domain, printable
 * ASCII without spaces or the characters that structure a header
 * ("(),:;<>[\]), the domain letters, digits, '-' and inner dots. */
bool casework_email_ok(const char *s)
{
	size_t n = strlen(text_or_empty(s));
	const char *at = n ? strchr(s, '@') : NULL;
	if (n > CW_EMAIL_MAX || !at || at == s || strchr(at + 1, '@'))
		return false;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c >= 127 || strchr("\"(),:;<>[\\]", c))
			return false;
	}
	const char *d = at + 1;
	size_t dn = strlen(d);
	if (!dn || d[0] == '.' || d[dn - 1] == '.' || d[0] == '-' ||
	    d[dn - 1] == '-' || strstr(d, ".."))
		return false;
	return strspn(d, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                 "0123456789-.") == dn;
}

cp_status cw_check_worker(const cp_worker *w, cp_error *err)
{
	CP_TRY(check_id_name("worker", "login", w->login, w->name, err));
	if (!w->roles || (w->roles >> ROLE_COUNT))
		return cp_fail(err, CP_BADINPUT, "worker %s needs at least one role",
		               w->login);
	if (text_nonempty(w->manager) && (!model_id_valid(w->manager, false) ||
	                             !strcmp(w->manager, w->login)))
		return cp_fail(err, CP_BADINPUT, "worker %s: bad manager '%.64s'%s",
		               w->login, w->manager,
		               strcmp(w->manager, w->login) ? "" :
		               ": nobody is their own manager");
	CP_TRY(cw_too_long("a team's name", text_or_empty(w->team), CW_NAME_MAX,
	                   err));
	if (text_nonempty(w->email) && !casework_email_ok(w->email))
		return cp_fail(err, CP_BADINPUT,
		    "worker %s: '%.64s' is not an e-mail address (one '@', no "
		    "spaces; e.g. a.smith@myborough.gov.uk)", w->login, w->email);
	return CP_OK;
}

/* How far up a line of management is followed looking for a circle. */
#define LINE_MAX_WALK 32

/* Does login appear above `manager` in the line of management (manager,
 * their manager, ...)?  Then making `manager` login's manager would make
 * a circle, and an escalation would go round it for ever. */
static cp_status manages_circle(store_txn *t, const char *login,
                                const char *manager, bool *circle,
                                cp_error *err)
{
	char next[MODEL_ID_MAX + 1];
	snprintf(next, sizeof next, "%s", manager);
	*circle = false;
	for (int i = 0; i < LINE_MAX_WALK && next[0] && !*circle; i++) {
		cp_worker w;
		bool found;
		CP_TRY(cw_get_worker(t, next, &w, &found, err));
		if (!found)
			break;
		snprintf(next, sizeof next, "%s", w.manager);
		cp_worker_free(&w);
		*circle = !strcmp(next, login);
	}
	return CP_OK;
}

cp_status cw_check_manager(store_txn *t, const char *login,
                           const char *manager, cp_error *err)
{
	if (!text_nonempty(manager))
		return CP_OK;
	if (!strcmp(login, manager))
		return cp_fail(err, CP_BADINPUT, "worker %s cannot be their own "
		               "manager", login);
	cp_worker m;
	bool found, circle = false;
	CP_TRY(cw_get_worker(t, manager, &m, &found, err));
	bool left = found && m.left;
	if (found)
		cp_worker_free(&m);
	if (!found)
		return cp_fail(err, CP_REFUSED,
		    "manager '%s' is not a worker in this store: check the "
		    "spelling (cpdesk worker list), or add them first", manager);
	if (left)
		return cp_fail(err, CP_REFUSED,
		    "manager '%s' has left: name a current worker (cpdesk worker "
		    "list --current)", manager);
	CP_TRY(manages_circle(t, login, manager, &circle, err));
	if (circle)
		return cp_fail(err, CP_REFUSED,
		    "'%s' reports to %s already (through their line of "
		    "management): a line of management cannot go round in a "
		    "circle", manager, login);
	return CP_OK;
}

/* The audit entry of worker login's record: object "worker:LOGIN".
 * Takes before and after (cw_audit). */
cp_status cw_audit_worker(casework *cw, store_txn *t, const char *action,
                          const char *login, char *before, bool want_before,
                          char *after, cp_error *err)
{
	char obj[MODEL_ID_MAX + 16];
	snprintf(obj, sizeof obj, "worker:%s", login);
	return cw_audit(cw, t, action, obj, NULL, before, want_before, after,
	                err);
}

/* May the actor give a worker these roles (the new ones, and for a
 * change the old ones too: a worker whose roles one could not give is
 * not one's to change)?  The policy's give: and, whatever it says, no
 * role that does more than the actor's own (access_may_give). */
cp_status cw_may_give(casework *cw, role_set roles, cp_error *err)
{
	if (!cw->pm || permit_who(cw->pm)->admin)
		return CP_OK;
	return access_may_give(permit_rules(cw->pm), &cw->pol->gives,
	                       permit_who(cw->pm), roles, err);
}

/* Add a worker (add: refused when the login exists) or replace one's
 * record (else: refused when there is none).  The manager, when it is
 * set or changes, must be a current worker (cw_check_manager). */
static cp_status worker_write(casework *cw, store_txn *t, const cp_worker *w,
                              bool add, cp_error *err)
{
	cp_worker old;
	bool found;
	CP_TRY(permit_may(cw->pm, ACCESS_MANAGE_WORKERS, err));
	CP_TRY(cw_check_worker(w, err));
	CP_TRY(cw_get_worker(t, w->login, &old, &found, err));
	char *before = found && !add ? model_worker_describe(&old) : NULL;
	role_set had = found ? old.roles : 0;
	bool new_manager = !found ||
	                   strcmp(old.manager, text_or_empty(w->manager));
	if (found)
		cp_worker_free(&old);
	cp_status st = CP_OK;
	if (found && add)
		st = cp_fail(err, CP_REFUSED, "worker '%s' already exists",
		             w->login);
	else if (!found && !add)
		st = cp_fail(err, CP_BADINPUT, "no worker '%s'", w->login);
	if (st == CP_OK)
		st = cw_may_give(cw, w->roles | had, err);
	if (st == CP_OK && new_manager)
		st = cw_check_manager(t, w->login, w->manager, err);
	if (st == CP_OK)
		st = store_worker_put(t, w, err);
	if (st != CP_OK) {
		free(before);
		return st;
	}
	return cw_audit_worker(cw, t, add ? "worker.add" : "worker.update",
	                    w->login, before, !add, model_worker_describe(w),
	                    err);
}

cp_status casework_worker_add_txn(casework *cw, store_txn *t,
                                  const cp_worker *w, cp_error *err)
{
	return worker_write(cw, t, w, true, err);
}

cp_status casework_worker_update_txn(casework *cw, store_txn *t,
                                     const cp_worker *w, cp_error *err)
{
	return worker_write(cw, t, w, false, err);
}

cp_status cw_need_social_worker(store_txn *t, const char *login,
                                cp_error *err)
{
	cp_worker sw;
	CP_TRY(cw_need_worker(t, login, "social worker", &sw, err));
	bool holds = (sw.roles & ROLE_BIT(ROLE_SOCIAL_WORKER)) != 0;
	cp_worker_free(&sw);
	if (!holds)
		return cp_fail(err, CP_REFUSED,
		    "'%s' does not hold the role social-worker: allocate the "
		    "child to one who does (cpdesk worker list --role "
		    "social-worker --current)", login);
	return CP_OK;
}

cp_status cw_need_family(store_txn *t, const char *id, cp_error *err)
{
	cp_family f;
	bool found;
	if (!text_nonempty(id))
		return CP_OK;
	memset(&f, 0, sizeof f);
	CP_TRY(store_family_get(t, id, &f, &found, err));
	cp_family_free(&f);
	if (!found)
		return cp_fail(err, CP_REFUSED,
		    "no family '%s' in this store: add the household first "
		    "(cpdesk family add %s --name TEXT; cpdesk family list shows "
		    "them)", id, id);
	return CP_OK;
}

cp_status cw_check_child(const cp_child *c, cp_error *err)
{
	CP_TRY(check_id_name("child", "child id", c->id, c->name, err));
	if ((unsigned)c->family_pref >= FAMILY_PREF_COUNT)
		return cp_fail(err, CP_BADINPUT, "child %s: bad family preference",
		               c->id);
	if (!text_nonempty(c->social_worker))
		return cp_fail(err, CP_BADINPUT,
		               "child %s needs an allocated social worker", c->id);
	if (text_nonempty(c->family_id) && !model_id_valid(c->family_id, false))
		return cp_fail(err, CP_BADINPUT, "child %s: bad family id '%.64s'",
		               c->id, c->family_id);
	/* an unborn child has an expected date of delivery, and no birth */
	if (c->dob != CP_DATE_NONE && c->expected_birth != CP_DATE_NONE)
		return cp_fail(err, CP_BADINPUT,
		    "child %s: a date of birth or an expected date of birth (an "
		    "unborn child), not both", c->id);
	return CP_OK;
}

cp_status casework_child_add_txn(casework *cw, store_txn *t,
                                 const cp_child *c, cp_error *err)
{
	cp_child old;
	bool found;
	CP_TRY(cw_check_child(c, err));
	CP_TRY(permit_child(cw->pm, t, ACCESS_ADD_CHILDREN, c, err));
	memset(&old, 0, sizeof old);
	CP_TRY(store_child_get(t, c->id, &old, &found, err));
	if (found) {
		cp_child_free(&old);
		return cp_fail(err, CP_REFUSED, "child '%s' already exists", c->id);
	}
	CP_TRY(cw_need_social_worker(t, c->social_worker, err));
	CP_TRY(cw_need_family(t, c->family_id, err));
	CP_TRY(store_child_put(t, c, err));
	char obj[MODEL_ID_MAX + 16];
	snprintf(obj, sizeof obj, "child:%s", c->id);
	return cw_audit(cw, t, "child.add", obj, c->id, NULL, false,
	                model_child_describe(c), err);
}

/* The one-transaction forms (cw_run). */
CW_TRAMPOLINE(worker_add_run, cp_worker,
              casework_worker_add_txn(cw, t, a, err))

cp_status casework_worker_add(casework *cw, const cp_worker *w, cp_error *err)
{
	return cw_run(cw, worker_add_run, w, NULL, err);
}

CW_TRAMPOLINE(worker_update_run, cp_worker,
              casework_worker_update_txn(cw, t, a, err))

cp_status casework_worker_update(casework *cw, const cp_worker *w,
                                 cp_error *err)
{
	return cw_run(cw, worker_update_run, w, NULL, err);
}

CW_TRAMPOLINE(child_add_run, cp_child,
              casework_child_add_txn(cw, t, a, err))

cp_status casework_child_add(casework *cw, const cp_child *c, cp_error *err)
{
	return cw_run(cw, child_add_run, c, NULL, err);
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
	role_set task_roles;             /* only tasks of these roles; 0: any */
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
	    (p->child && strcmp(k->child_id, p->child)) ||
	    (p->task_roles && ((unsigned)k->role >= ROLE_COUNT ||
	                       !(p->task_roles & ROLE_BIT(k->role)))))
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
	CP_TRY(cw_get_worker(t, text_or_empty(login), &w, &found, err));
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

cp_status cw_work_needs(casework *cw, store_txn *t, const char *login,
                        role_set roles, cp_error *err)
{
	rplan p = { .pol = cw->pol, .from = login, .lacking = -1,
	            .to_roles = ~roles };
	cp_status st = plan_walk(t, &p, err);
	if (st == CP_OK && p.lacking >= 0) {
		cp_role r = (cp_role)p.lacking;
		st = cp_fail(err, CP_REFUSED,
		    "worker '%s' still holds work that needs the role %s (%s): "
		    "%zu item%s (first: %s); move it first with cpdesk reassign "
		    "--from %s --to LOGIN --reason TEXT, or keep the role", login,
		    role_name(r), policy_role_title(cw->pol, r), p.need[r],
		    p.need[r] == 1 ? "" : "s", p.lacking_what, login);
	}
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
	CP_TRY(cw_get_worker(t, in->from, from, &found, err));
	if (!found)
		return cp_fail(err, CP_REFUSED,
		    "--from '%s' is not a worker in this store (cpdesk worker "
		    "list shows them)", in->from);
	cp_status st = cw_get_worker(t, in->to, to, &found, err);
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
		st = cw_audit(cw, t, "child.reassign", obj, c.id, before, true,
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
	st = cw_audit_task(cw, t, st, "task.reassign", &k, before, err);
	cp_task_free(&k);
	return st;
}

/* The tasks move as reassign --child moves them (plan_task, move_task),
 * only those of one role: the child's other workers keep theirs. */
cp_status cw_move_child_tasks(casework *cw, store_txn *t,
                              const char *child_id, const char *from,
                              const char *to, cp_role role, size_t *moved,
                              cp_error *err)
{
	rplan p = { .pol = cw->pol, .from = from, .to = to, .child = child_id,
	            .task_roles = ROLE_BIT(role), .lacking = -1,
	            .to_roles = ~(role_set)0 };
	*moved = 0;
	cp_status st = store_tasks_for_assignee(t, from, TASK_OPEN,
	                                        CP_DATE_NONE, STORE_DATE_MAX, 0,
	                                        plan_task, &p, err);
	if (st == CP_OK && p.oom)
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < p.ntasks; i++)
		st = move_task(cw, t, p.tasks[i], to, err);
	if (st == CP_OK)
		*moved = p.ntasks;
	rplan_free(&p);
	return st;
}

static cp_status move_meeting(casework *cw, store_txn *t, uint64_t id,
                              const char *from, const char *to,
                              cp_error *err)
{
	cp_meeting m;
	CP_TRY(cw_need_meeting(t, id, &m, err));
	char *before = model_meeting_describe(&m);
	cp_status st = CP_OK;
	if (!strcmp(m.chair, from))
		st = cw_set_str(&m.chair, to, err);
	if (st == CP_OK && !strcmp(m.minute_taker, from))
		st = cw_set_str(&m.minute_taker, to, err);
	if (st == CP_OK)
		st = store_meeting_put(t, &m, err);
	st = cw_audit_meeting(cw, t, st, "meeting.reassign", &m, before, err);
	cp_meeting_free(&m);
	return st;
}

static cp_status move_worker(casework *cw, store_txn *t, const char *login,
                             const char *manager, cp_error *err)
{
	cp_worker w;
	bool found;
	CP_TRY(cw_get_worker(t, login, &w, &found, err));
	if (!found)
		return cp_fail(err, CP_FAILED, "worker %s vanished during the "
		               "reassignment", login);
	char *before = model_worker_describe(&w);
	cp_status st = cw_set_str(&w.manager, manager, err);
	if (st == CP_OK)
		st = store_worker_put(t, &w, err);
	if (st == CP_OK) {
		st = cw_audit_worker(cw, t, "worker.reassign", w.login, before, true,
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
	return cw_audit(cw, t, "reassign", obj, in->child_id, NULL, false, after,
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
	bool named = text_nonempty(child_id);
	cp_child_init(&c);
	/* a child the actor may not see is answered as one not there */
	if (named)
		CP_TRY(cw_seen_child(cw, t, child_id, &c, err));
	cp_child probe = { .id = (char *)"", .social_worker = (char *)text_or_empty(from) };
	cp_status st = permit_child(cw->pm, t, ACCESS_REASSIGN,
	                            named ? &c : &probe, err);
	if (named)
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
/* Refused while they hold work, naming only what they hold: "2
 * children, 6 open tasks and 1 scheduled meeting as chair or minute
 * taker". */
static cp_status still_holds(const char *login, const cw_work_counts *n,
                             cp_error *err)
{
	char part[4][96], held[400] = "";
	size_t np = 0;
	if (!(n->children || n->tasks || n->meetings || n->workers))
		return CP_OK;
	if (n->children)
		snprintf(part[np++], sizeof part[0], "%zu %s", n->children,
		         n->children == 1 ? "child" : "children");
	if (n->tasks)
		snprintf(part[np++], sizeof part[0], "%zu open task%s",
		         n->tasks, n->tasks == 1 ? "" : "s");
	if (n->meetings)
		snprintf(part[np++], sizeof part[0], "%zu scheduled meeting%s "
		         "as chair or minute taker", n->meetings,
		         n->meetings == 1 ? "" : "s");
	if (n->workers)
		snprintf(part[np++], sizeof part[0], "%zu current worker%s "
		         "they manage", n->workers, n->workers == 1 ? "" : "s");
	for (size_t i = 0; i < np; i++) {
		size_t used = strlen(held);
		snprintf(held + used, sizeof held - used, "%s%s",
		         i == 0 ? "" : i + 1 == np ? " and " : ", ", part[i]);
	}
	return cp_fail(err, CP_REFUSED,
	    "worker '%s' still holds %s: move them first with cpdesk "
	    "reassign --from %s --to LOGIN --reason TEXT", login, held, login);
}

/* Write w as left, audited with the reason. */
static cp_status mark_left(casework *cw, store_txn *t, cp_worker *w,
                           const char *reason, cp_error *err)
{
	char *before = model_worker_describe(w);
	if (!before)
		return cp_oom(err);
	w->left = true;
	cp_status st = store_worker_put(t, w, err);
	if (st != CP_OK) {
		free(before);
		return st;
	}
	char *desc = model_worker_describe(w);
	size_t need = (desc ? strlen(desc) : 0) + strlen(reason) + 16;
	char *after = desc ? malloc(need) : NULL;
	if (after)
		snprintf(after, need, "%s reason=\"%s\"", desc, reason);
	free(desc);
	return cw_audit_worker(cw, t, "worker.left", w->login, before, true, after,
	                    err);
}

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
	CP_TRY(cw_get_worker(t, text_or_empty(login), &w, &found, err));
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
	if (st == CP_OK)
		st = still_holds(login, &n, err);
	if (st == CP_OK)
		st = mark_left(cw, t, &w, reason, err);
	cp_worker_free(&w);
	return st;
}

typedef struct leave_args {
	const char *login, *reason;
} leave_args;

CW_TRAMPOLINE(leave_run, leave_args,
              casework_worker_leave_txn(cw, t, a->login, a->reason, err))

cp_status casework_worker_leave(casework *cw, const char *login,
                                const char *reason, cp_error *err)
{
	leave_args l = { login, reason };
	return cw_run(cw, leave_run, &l, NULL, err);
}

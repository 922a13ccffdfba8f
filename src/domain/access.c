/* access.c - scopes, actions and the decisions between them. */
#include <stdio.h>
#include <string.h>

#include "access.h"

static const char *const scope_names[SCOPE_COUNT] = {
	[SCOPE_NONE] = "none",
	[SCOPE_OWN] = "own",
	[SCOPE_TEAM] = "team",
	[SCOPE_SERVICE] = "service",
	[SCOPE_CHAIRED] = "chaired",
	[SCOPE_CLERKED] = "clerked",
	[SCOPE_ALL] = "all",
};

/* How a scope reads in a refusal: "team-manager (their team)". */
static const char *const scope_phrases[SCOPE_COUNT] = {
	[SCOPE_NONE] = "no cases",
	[SCOPE_OWN] = "own cases",
	[SCOPE_TEAM] = "their team's cases",
	[SCOPE_SERVICE] = "their service's cases",
	[SCOPE_CHAIRED] = "meetings they chair",
	[SCOPE_CLERKED] = "meetings they clerk",
	[SCOPE_ALL] = "every case",
};

static const char *const action_names[ACCESS_COUNT] = {
	[ACCESS_FOR_OTHERS] = "act-for-others",
	[ACCESS_SWITCH_POLICY] = "switch-policy",
	[ACCESS_REASSIGN] = "reassign",
	[ACCESS_IMPORT] = "import",
	[ACCESS_MANAGE_WORKERS] = "manage-workers",
	[ACCESS_ADD_CHILDREN] = "add-children",
	[ACCESS_SCHEDULE] = "schedule-meetings",
	[ACCESS_RECORD_OUTCOMES] = "record-outcomes",
	[ACCESS_LOG_CONSULTATIONS] = "log-consultations",
	[ACCESS_RECORD_REPORTS] = "record-reports",
	[ACCESS_READ_AUDIT] = "read-audit",
	[ACCESS_BACKUP] = "backup",
	[ACCESS_READ_TIMELINESS] = "read-timeliness",
};

static const char *const action_titles[ACCESS_COUNT] = {
	[ACCESS_FOR_OTHERS] = "acting for another worker (--as)",
	[ACCESS_SWITCH_POLICY] = "switching the policy",
	[ACCESS_REASSIGN] = "reassigning work",
	[ACCESS_IMPORT] = "importing",
	[ACCESS_MANAGE_WORKERS] = "adding or changing staff",
	[ACCESS_ADD_CHILDREN] = "adding a child",
	[ACCESS_SCHEDULE] = "scheduling, moving or cancelling a meeting",
	[ACCESS_RECORD_OUTCOMES] = "recording a meeting's outcome",
	[ACCESS_LOG_CONSULTATIONS] = "logging a consultation",
	[ACCESS_RECORD_REPORTS] = "recording an agency report",
	[ACCESS_READ_AUDIT] = "reading the audit trail",
	[ACCESS_BACKUP] = "backing up the store",
	[ACCESS_READ_TIMELINESS] = "reading the timeliness figures",
};

const char *access_scope_name(access_scope s)
{
	return (int)s >= 0 && s < SCOPE_COUNT ? scope_names[s] : NULL;
}

bool access_scope_parse(const char *name, access_scope *out)
{
	for (int s = 0; s < SCOPE_COUNT; s++)
		if (!strcmp(name, scope_names[s])) {
			*out = (access_scope)s;
			return true;
		}
	return false;
}

const char *access_action_name(access_action a)
{
	return (int)a >= 0 && a < ACCESS_COUNT ? action_names[a] : NULL;
}

bool access_action_parse(const char *name, access_action *out)
{
	for (int a = 0; a < ACCESS_COUNT; a++)
		if (!strcmp(name, action_names[a])) {
			*out = (access_action)a;
			return true;
		}
	return false;
}

const char *access_action_title(access_action a)
{
	return (int)a >= 0 && a < ACCESS_COUNT ? action_titles[a] : NULL;
}

/* Scopes are ordered so that a wider one's number is larger, except
 * that chaired and clerked are beside, not above, service: for display
 * the largest number is a fair summary. */
access_scope access_widest(const access_rules *r, const access_actor *a)
{
	if (a->admin)
		return SCOPE_ALL;
	access_scope best = SCOPE_NONE;
	for (int role = 0; role < ROLE_COUNT; role++)
		if ((a->roles & ROLE_BIT(role)) && r->see[role] > best)
			best = r->see[role];
	return best;
}

static bool same(const char *x, const char *y)
{
	return x && y && *x && !strcmp(x, y);
}

static bool in_line(const access_case *c, const char *login)
{
	for (size_t i = 0; i < c->nline; i++)
		if (same(c->sw_line[i], login))
			return true;
	return false;
}

static bool scope_covers(access_scope s, const access_actor *a,
                         const access_case *c)
{
	switch (s) {
	case SCOPE_ALL:
		return true;
	case SCOPE_OWN:
		return same(c->social_worker, a->login);
	case SCOPE_TEAM:
		return same(c->social_worker, a->login) ||
		       same(c->sw_team, a->team) ||
		       (c->nline > 0 && same(c->sw_line[0], a->login));
	case SCOPE_SERVICE:
		return same(c->social_worker, a->login) ||
		       same(c->sw_team, a->team) || in_line(c, a->login);
	case SCOPE_CHAIRED:
		return same(c->chair, a->login);
	case SCOPE_CLERKED:
		return same(c->minute_taker, a->login);
	default:
		return false;
	}
}

/* A task pool ("@qa-admin") is worked by everyone holding its role. */
static bool assigned_to(const access_actor *a, const char *assignee)
{
	if (!assignee || !*assignee)
		return false;
	if (assignee[0] != '@')
		return same(assignee, a->login);
	cp_role r;
	return role_parse(assignee + 1, &r) && (a->roles & ROLE_BIT(r));
}

static bool sees_through(const access_rules *r, const access_actor *a,
                         role_set through, const access_case *c)
{
	if (assigned_to(a, c->assignee))
		return true;
	for (int role = 0; role < ROLE_COUNT; role++)
		if ((a->roles & through & ROLE_BIT(role)) &&
		    scope_covers(r->see[role], a, c))
			return true;
	return false;
}

bool access_sees(const access_rules *r, const access_actor *a,
                 const access_case *c)
{
	return a->admin || sees_through(r, a, (role_set)~0u, c);
}

/* "team-manager (their team's cases), qa-admin (every case)" for the
 * roles in `allowed` that see anything. */
static void format_allowed(const access_rules *r, role_set allowed,
                           bool with_scope, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int role = 0; role < ROLE_COUNT && used < size; role++) {
		if (!(allowed & ROLE_BIT(role)))
			continue;
		if (with_scope && r->see[role] == SCOPE_NONE)
			continue;
		int n = with_scope
		    ? snprintf(buf + used, size - used, "%s%s (%s)",
		               used ? ", " : "", role_name((cp_role)role),
		               scope_phrases[r->see[role]])
		    : snprintf(buf + used, size - used, "%s%s",
		               used ? ", " : "", role_name((cp_role)role));
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static void format_held(const access_actor *a, char *buf, size_t size)
{
	if (!a->roles) {
		snprintf(buf, size, "no role");
		return;
	}
	char roles[160];
	role_set_format(a->roles, roles, sizeof roles);
	snprintf(buf, size, "%s", roles);
}

void access_held_scopes(const access_rules *r, const access_actor *a,
                        char *buf, size_t size)
{
	format_allowed(r, a->roles, true, buf, size);
	if (!*buf)
		snprintf(buf, size, "no role");
}

cp_status access_check_sees(const access_rules *r, const access_actor *a,
                            const char *what, const access_case *c,
                            cp_error *err)
{
	if (access_sees(r, a, c))
		return CP_OK;
	char allowed[400], held[200];
	format_allowed(r, (role_set)~0u, true, allowed, sizeof allowed);
	format_held(a, held, sizeof held);
	return cp_fail(err, CP_REFUSED,
	    "%s is not among the cases you see: it needs one of %s; "
	    "you (%s) hold %s", what, *allowed ? allowed : "no role",
	    a->login, held);
}

cp_status access_may(const access_rules *r, const access_actor *a,
                     access_action act, const access_case *c,
                     cp_error *err)
{
	if (a->admin)
		return CP_OK;
	role_set allowed = r->may[act];
	char names[400], held[200];
	format_held(a, held, sizeof held);
	if (!allowed)
		return cp_fail(err, CP_REFUSED,
		    "%s is for the store's administrators: the policy names no "
		    "role for %s; you (%s) hold %s", action_titles[act],
		    action_names[act], a->login, held);
	if (!(a->roles & allowed)) {
		format_allowed(r, allowed, false, names, sizeof names);
		return cp_fail(err, CP_REFUSED,
		    "%s needs the role %s; you (%s) hold %s",
		    action_titles[act], names, a->login, held);
	}
	if (!c || sees_through(r, a, allowed, c))
		return CP_OK;
	format_allowed(r, allowed, true, names, sizeof names);
	return cp_fail(err, CP_REFUSED,
	    "%s for this case needs one of %s; you (%s) hold %s, which does "
	    "not reach it", action_titles[act], names, a->login, held);
}

/* ---- giving roles ------------------------------------------------------ */

/* Is scope s within held?  none < own < team < service < all, and
 * chaired and clerked each within all only (a team manager does not see
 * the meetings a chair chairs). */
static bool scope_within(access_scope s, access_scope held)
{
	if (s == SCOPE_NONE || s == held || held == SCOPE_ALL)
		return true;
	if (s == SCOPE_OWN)
		return held == SCOPE_TEAM || held == SCOPE_SERVICE;
	return s == SCOPE_TEAM && held == SCOPE_SERVICE;
}

static bool role_within(const access_rules *r, role_set held, cp_role role,
                        access_action *why)
{
	for (int act = 0; act < ACCESS_COUNT; act++)
		if ((r->may[act] & ROLE_BIT(role)) && !(r->may[act] & held)) {
			*why = (access_action)act;
			return false;
		}
	*why = ACCESS_COUNT;
	if (r->see[role] == SCOPE_NONE)
		return true;
	for (int h = 0; h < ROLE_COUNT; h++)
		if ((held & ROLE_BIT(h)) && scope_within(r->see[role], r->see[h]))
			return true;
	return false;
}

bool access_within(const access_rules *r, role_set held, role_set roles,
                   cp_role *over, access_action *why)
{
	for (int role = 0; role < ROLE_COUNT; role++)
		if ((roles & ROLE_BIT(role)) &&
		    !role_within(r, held, (cp_role)role, why)) {
			*over = (cp_role)role;
			return false;
		}
	return true;
}

/* What role `over` does more than the actor: "qa-manager may take an
 * action you (qa1) may not: switching the policy (switch-policy)" or
 * "team-manager sees their team's cases, more than you (sw1) do". */
static void say_more(const access_rules *r, const access_actor *a,
                     cp_role over, access_action why, char *buf, size_t size)
{
	if (why < ACCESS_COUNT)
		snprintf(buf, size, "%s may take an action you (%s) may not: %s "
		         "(%s)", role_name(over), a->login, action_titles[why],
		         action_names[why]);
	else
		snprintf(buf, size, "%s sees %s, more than you (%s) do",
		         role_name(over), scope_phrases[r->see[over]], a->login);
}

/* The first role of `roles` that no role the actor holds may give. */
static bool ungiven(const access_gives *g, const access_actor *a,
                    role_set roles, cp_role *out)
{
	role_set may = 0;
	for (int h = 0; h < ROLE_COUNT; h++)
		if (a->roles & ROLE_BIT(h))
			may |= g->of[h];
	for (int role = 0; role < ROLE_COUNT; role++)
		if (roles & ~may & ROLE_BIT(role)) {
			*out = (cp_role)role;
			return true;
		}
	return false;
}

cp_status access_may_give(const access_rules *r, const access_gives *g,
                          const access_actor *a, role_set roles,
                          cp_error *err)
{
	if (a->admin)
		return CP_OK;
	cp_role role;
	access_action why;
	char held[200], who[400], more[300];
	format_held(a, held, sizeof held);
	if (ungiven(g, a, roles, &role)) {
		role_set givers = 0;
		for (int h = 0; h < ROLE_COUNT; h++)
			if (g->of[h] & ROLE_BIT(role))
				givers |= ROLE_BIT(h);
		format_allowed(r, givers, false, who, sizeof who);
		return cp_fail(err, CP_REFUSED,
		    "giving the role %s needs %s%s (the policy's permissions: "
		    "give:); you (%s) hold %s", role_name(role),
		    givers ? "the role " : "the store's administrators",
		    givers ? who : "", a->login, held);
	}
	if (access_within(r, a->roles, roles, &role, &why))
		return CP_OK;
	say_more(r, a, role, why, more, sizeof more);
	return cp_fail(err, CP_REFUSED,
	    "giving the role %s is refused: %s; nobody gives a role that does "
	    "more than their own", role_name(role), more);
}

cp_status access_may_act_for(const access_rules *r, const access_actor *a,
                             const char *login, role_set roles,
                             cp_error *err)
{
	cp_role role;
	access_action why;
	char more[300];
	if (a->admin || access_within(r, a->roles, roles, &role, &why))
		return CP_OK;
	say_more(r, a, role, why, more, sizeof more);
	return cp_fail(err, CP_REFUSED,
	    "acting for %s (--as) is refused: %s; nobody acts with more rights "
	    "than their own", login, more);
}

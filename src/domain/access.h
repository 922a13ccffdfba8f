/* access.h - who may see and do what, as a borough's policy declares it.
 *
 * Pure decisions, no store: the caller (casework's permit layer) looks up
 * the facts -- the acting worker, a child's social worker and that
 * worker's line of management, a meeting's chair -- and asks here.
 *
 * Two kinds of rule, both in the policy's `permissions:` section
 * (cpdesk-policy(5)):
 *   see:  each role's scope, the cases its holders see and act on;
 *   may:  the actions only the named roles may take at all (and then,
 *         where the action is about a case, only within their scope).
 * A worker holding several roles has the union.  The store's
 * administrators (the Unix user who created it, and root) are allowed
 * everything; they bootstrap the first workers. */
#ifndef CPDESK_ACCESS_H
#define CPDESK_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include "role.h"
#include "status.h"

typedef enum {
	SCOPE_NONE,     /* nothing beyond tasks assigned to them */
	SCOPE_OWN,      /* children allocated to them */
	SCOPE_TEAM,     /* children of their team: same team, or reporting
	                   to them */
	SCOPE_SERVICE,  /* children of anyone below them in the line of
	                   management, and of their own team */
	SCOPE_CHAIRED,  /* the meetings they chair and those children,
	                   the consultations they logged */
	SCOPE_CLERKED,  /* the meetings they take minutes for, and those
	                   children */
	SCOPE_ALL,      /* every case in the store */
	SCOPE_COUNT
} access_scope;

typedef enum {
	ACCESS_FOR_OTHERS,       /* --as LOGIN */
	ACCESS_SWITCH_POLICY,    /* policy use */
	ACCESS_REASSIGN,         /* reassign; mark a worker as left */
	ACCESS_IMPORT,           /* import, demo */
	ACCESS_MANAGE_WORKERS,   /* worker add */
	ACCESS_ADD_CHILDREN,     /* child add */
	ACCESS_SCHEDULE,         /* meeting add, move, cancel */
	ACCESS_RECORD_OUTCOMES,  /* meeting outcome */
	ACCESS_LOG_CONSULTATIONS,/* consult add */
	ACCESS_RECORD_REPORTS,   /* report-received */
	ACCESS_READ_AUDIT,       /* audit */
	ACCESS_BACKUP,           /* backup */
	ACCESS_READ_TIMELINESS,  /* report timeliness: the figures, within
	                            the actor's scope */
	ACCESS_COUNT
} access_action;

/* The rules a policy declares (policy.h holds one). */
typedef struct access_rules {
	access_scope see[ROLE_COUNT];   /* SCOPE_NONE when not declared */
	role_set may[ACCESS_COUNT];        /* 0: only the store's administrators */
} access_rules;

/* Which roles each role may give a worker (permissions: give:), e.g.
 * of[ROLE_QA_ADMIN] = social worker | minute taker.  0: none. */
typedef struct access_gives {
	role_set of[ROLE_COUNT];
} access_gives;

/* Who is acting. */
typedef struct access_actor {
	const char *login;
	role_set roles;
	const char *team;       /* "" when none */
	bool admin;             /* the store's creator or root */
} access_actor;

/* What a decision is about; NULL or "" fields are unknown/absent. */
typedef struct access_case {
	const char *social_worker;   /* the child's allocated worker */
	const char *sw_team;         /* that worker's team */
	const char *const *sw_line;  /* that worker's managers, nearest first */
	size_t nline;
	const char *chair;           /* the meeting's chair, or a
	                                consultation's chair */
	const char *minute_taker;    /* the meeting's */
	const char *assignee;        /* the task's: a login or a pool */
} access_case;

/* "own", "team", ...; NULL out of range. */
const char *access_scope_name(access_scope s);
bool access_scope_parse(const char *name, access_scope *out);
/* "act-for-others", "switch-policy", ...; NULL out of range. */
const char *access_action_name(access_action a);
bool access_action_parse(const char *name, access_action *out);
/* What the action is, for messages: "switch the policy". */
const char *access_action_title(access_action a);

/* The widest scope the actor holds (the union's best single answer,
 * for display); SCOPE_ALL for an administrator. */
access_scope access_widest(const access_rules *r, const access_actor *a);

/* Does the actor see this case?  A task assigned to them (or to a pool
 * of a role they hold) always; otherwise by their roles' scopes. */
bool access_sees(const access_rules *r, const access_actor *a,
                 const access_case *c);

/* May the actor take action `act`?  c is the case it is about, or NULL
 * for an action about no one case (switch-policy, import).  CP_OK, or
 * CP_REFUSED with one line naming the role needed, e.g.
 *   "switching the policy needs the role qa-manager; you (kim) hold
 *    social-worker". */
cp_status access_may(const access_rules *r, const access_actor *a,
                     access_action act, const access_case *c,
                     cp_error *err);

/* Does the role set `roles` do no more than `held` does?  Every action
 * a role of it may take must be one a held role may take, and each
 * one's scope must lie within a held role's (none < own < team <
 * service < all; chaired and clerked each within all only).  When not,
 * *over is the first role that does more and *why the action it may
 * take that held may not, or ACCESS_COUNT when it is its scope. */
bool access_within(const access_rules *r, role_set held, role_set roles,
                   cp_role *over, access_action *why);

/* May the actor give a worker the roles `roles` (worker add; changing a
 * worker: their roles before and after)?  Each role must be one a role
 * the actor holds may give (g), and -- whatever the policy says -- none
 * may do more than the actor's own roles (access_within): nobody makes
 * a worker who can do what they cannot.  The store's administrators
 * may give any.  CP_OK, or CP_REFUSED with one line saying why. */
cp_status access_may_give(const access_rules *r, const access_gives *g,
                          const access_actor *a, role_set roles,
                          cp_error *err);

/* May the actor act for worker `login` holding `roles` (--as)?  Not when
 * those roles do more than the actor's own (access_within): acting for
 * another never gives more rights than one has.  Administrators may. */
cp_status access_may_act_for(const access_rules *r, const access_actor *a,
                             const char *login, role_set roles,
                             cp_error *err);

/* What the actor's roles see, for messages: "team-manager (their team's
 * cases)", several joined by ", "; "no role" when they hold none that
 * sees anything. */
void access_held_scopes(const access_rules *r, const access_actor *a,
                        char *buf, size_t size);

/* May the actor see case c?  CP_OK or CP_REFUSED naming who may. */
cp_status access_check_sees(const access_rules *r, const access_actor *a,
                            const char *what, const access_case *c,
                            cp_error *err);

#endif

/* cmd_worker.c - worker add, worker edit, worker list, worker left. */
#include <stdio.h>

#include "cli.h"
#include "cmd_table.h"
#include "cmd_util.h"
#include "query.h"

/* ---- worker add -------------------------------------------------------- */

static struct {
	char *login, *name, *team, *manager, *email;
	role_set roles;
} add;

static cp_status run_add(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cp_worker w = { .login = add.login, .name = add.name, .roles = add.roles,
	                .team = add.team, .manager = add.manager,
	                .email = add.email };
	CP_TRY(casework_worker_add(cw, &w, err));
	cmd_note("added worker %s", cmd_s(w.login));
	return CP_OK;
}

static const cli_opt add_args[] = {
	CLI_OPT(LOGIN, "LOGIN", &add.login,
	        .help = "the worker's Unix user name"),
	{ 0 }
};

static const cli_opt add_opts[] = {
	CLI_OPT(TEXT, "name", &add.name, .value = "NAME", .flags = CLI_REQUIRED,
	        .help = "their full name, e.g. \"Ann Social\""),
	CLI_OPT(ROLES, "role", &add.roles, .flags = CLI_REQUIRED,
	        .help = "what they do (several with commas)"),
	CLI_OPT(ROLES, "roles", &add.roles, .flags = CLI_HIDDEN,
	        .help = "the same as --role"),
	CLI_OPT(TEXT, "team", &add.team, .value = "TEAM", .help = "their team"),
	CLI_OPT(LOGIN, "manager", &add.manager,
	        .help = "their line manager: a current worker, added first"),
	CLI_OPT(STR, "email", &add.email, .value = "ADDRESS",
	        .help = "their e-mail address"),
	{ 0 }
};

/* ---- worker edit ------------------------------------------------------- */

static struct {
	char *login, *name, *team, *manager, *email;
	role_set roles;
	bool no_manager;
} ed;

/* --manager "" clears the manager, as --no-manager does. */
static bool valid_login_or_none(const char *s)
{
	return !*s || cli_valid_id(s);
}

static cp_status check_edit(const cli_ctx *ctx, cp_error *err)
{
	(void)ctx;
	if (ed.no_manager && ed.manager)
		return cp_fail(err, CP_BADINPUT, "worker edit: --manager or "
		               "--no-manager, not both");
	if (!ed.name && !ed.roles && !ed.team && !ed.manager && !ed.email &&
	    !ed.no_manager)
		return cp_fail(err, CP_BADINPUT, "worker edit %s: nothing to "
		    "change: give --name, --role, --team, --manager (or "
		    "--no-manager) or --email", cmd_q(ed.login));
	return CP_OK;
}

/* The fields given, for the note: "team, manager". */
static void given_fields(char *buf, size_t size)
{
	static const char *const names[] = {
		"name", "roles", "team", "manager", "e-mail address"
	};
	bool on[] = { ed.name != NULL, ed.roles != 0, ed.team != NULL,
	              ed.manager != NULL || ed.no_manager, ed.email != NULL };
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof on / sizeof on[0] && n < size; i++)
		if (on[i])
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
			                      n ? ", " : "", names[i]);
}

static cp_status run_edit(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cw_worker_edit e = { .login = ed.login, .name = ed.name,
	                     .roles = ed.roles, .team = ed.team,
	                     .manager = ed.no_manager ? "" : ed.manager,
	                     .email = ed.email };
	cw_edited out;
	CP_TRY(casework_worker_edit(cw, &e, &out, err));
	char what[96];
	given_fields(what, sizeof what);
	if (out.changed)
		cmd_note("changed worker %s: %s", cmd_s(ed.login), what);
	else
		cmd_note("worker %s already had that %s: nothing written",
		         cmd_s(ed.login), what);
	return CP_OK;
}

static const cli_opt edit_args[] = {
	CLI_OPT(LOGIN, "LOGIN", &ed.login, .help = "the worker to correct"),
	{ 0 }
};

static const cli_opt edit_opts[] = {
	CLI_OPT(TEXT, "name", &ed.name, .value = "NAME",
	        .help = "their full name"),
	CLI_OPT(ROLES, "role", &ed.roles,
	        .help = "what they do, replacing their roles (several with "
	                "commas)"),
	CLI_OPT(ROLES, "roles", &ed.roles, .flags = CLI_HIDDEN,
	        .help = "the same as --role"),
	CLI_OPT(TEXT, "team", &ed.team, .value = "TEAM",
	        .help = "their team (\"\" for none)"),
	CLI_OPT(STR, "manager", &ed.manager, .value = "LOGIN",
	        .valid = valid_login_or_none, .expect = "a login, or \"\"",
	        .help = "their line manager: a current worker (\"\" for none)"),
	CLI_OPT(FLAG, "no-manager", &ed.no_manager,
	        .help = "no line manager (the same as --manager \"\")"),
	CLI_OPT(STR, "email", &ed.email, .value = "ADDRESS",
	        .help = "their e-mail address (\"\" for none)"),
	{ 0 }
};

/* ---- worker list ------------------------------------------------------- */

static struct {
	bool tsv, current;
	role_set roles;
} list;

static const char *const worker_heads[] = {
	"Login", "Name", "Roles", "Team", "Manager"
};

/* Aligned by display width: a long team name keeps the columns in line. */
static cp_status print_workers(const cp_worker_vec *v, cp_error *err)
{
	cmd_table t;
	cp_status st = CP_OK;
	if (list.tsv)
		printf("login\tname\troles\tteam\tmanager\tleft\n");
	cmd_table_init(&t, 5, worker_heads);
	for (size_t i = 0; i < v->n && st == CP_OK; i++) {
		const cp_worker *w = &v->v[i];
		char roles[256], manager[160];
		role_set_format(w->roles, roles, sizeof roles);
		if (list.tsv) {
			printf("%s\t%s\t%s\t%s\t%s\t%s\n", cmd_s(w->login),
			       cmd_s(w->name), roles, cmd_s(w->team),
			       cmd_s(w->manager), w->left ? "yes" : "no");
			continue;
		}
		snprintf(manager, sizeof manager, "%s%s", w->manager ? w->manager : "",
		         w->left ? " (left)" : "");
		const char *cells[] = { w->login, w->name, roles, w->team, manager };
		st = cmd_table_row(&t, cells, err);
	}
	if (st == CP_OK)
		cmd_table_print(&t, stdout);
	cmd_table_free(&t);
	return st;
}

static cp_status run_list(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cp_worker_vec v;
	CP_TRY(query_workers(cw, list.roles, list.current, &v, err));
	cp_status st = print_workers(&v, err);
	cp_worker_vec_free(&v);
	return st;
}

static const cli_opt list_opts[] = {
	CLI_OPT(ROLES, "role", &list.roles,
	        .help = "only workers holding ROLE (may be repeated)"),
	CLI_OPT(FLAG, "current", &list.current,
	        .help = "only workers who have not left"),
	CLI_OPT(FLAG, "tsv", &list.tsv,
	        .help = "login, name, roles, team, manager, left (yes or no)"),
	{ 0 }
};

/* ---- worker left ------------------------------------------------------- */

static struct {
	char *login, *reason;
} left;

static cp_status run_left(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	CP_TRY(casework_worker_leave(cw, left.login, left.reason, err));
	cmd_note("marked worker %s as left: no new work is given to them",
	         cmd_s(left.login));
	return CP_OK;
}

static const cli_opt left_args[] = {
	CLI_OPT(LOGIN, "LOGIN", &left.login, .help = "the worker who has left"),
	{ 0 }
};

static const cli_opt left_opts[] = {
	CLI_OPT(TEXT, "reason", &left.reason, .flags = CLI_REQUIRED,
	        .help = "why (it goes in the audit trail)"),
	{ 0 }
};

/* ---- the table --------------------------------------------------------- */

static const cli_command commands[] = {
	{ .name = "worker add", .summary = "add a member of staff",
	  .args = add_args, .opts = add_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_add,
	  .help =
	  "Roles: social-worker, team-manager, service-manager, cp-chair, iro,\n"
	  "minute-taker, qa-admin, qa-manager, director, safeguarding-manager\n"
	  "(the Safeguarding Service Manager who agrees cancellations: 001),\n"
	  "qa-review-manager (Swindon's QA & Review Service Manager: 004).\n"
	  "The manager is the worker's line manager (a social worker's team\n"
	  "manager; a team manager's service manager): tasks for those roles\n"
	  "go to them.\n"
	  "\n"
	  "Which roles you may give is the policy's permissions: give: (by\n"
	  "default a QA administrator gives social-worker, minute-taker and\n"
	  "qa-admin, a QA manager every role); whatever it says, nobody gives\n"
	  "a role that may do more than their own (cpdesk-policy(5)).\n"
	  "\n"
	  "The manager must be a current worker already (add the service\n"
	  "manager, then the team managers with --manager, then their workers),\n"
	  "not the worker themself nor one they manage: a misspelt manager is\n"
	  "refused here rather than kept, to refuse every meeting of the\n"
	  "worker's children later.  --email takes one address (one '@', no\n"
	  "spaces).\n"
	  "\n"
	  "Refused (exit 1) when LOGIN exists, a role is not yours to give, or\n"
	  "the manager is not a current worker.\n" },
	{ .name = "worker edit", .summary = "correct a worker's record",
	  .args = edit_args, .opts = edit_opts, .needs = CLI_NEEDS_SESSION,
	  .check = check_edit, .run = run_edit,
	  .help =
	  "Changes only the fields given, in one transaction, audited as\n"
	  "worker.update with the record before and after ('cpdesk audit'\n"
	  "lists it).  --role replaces every role the worker holds.  Giving a\n"
	  "field the value it has already writes nothing.\n"
	  "\n"
	  "Needs the same as worker add: manage-workers, and the right to give\n"
	  "both the roles the worker holds and those they will hold.\n"
	  "\n"
	  "A new manager must be a current worker, not the worker themself and\n"
	  "not one they manage.  A role their work still needs -- children\n"
	  "allocated (social-worker), open tasks of the role, scheduled\n"
	  "meetings they chair or clerk, workers they manage (team-manager,\n"
	  "service-manager) -- is not taken away: the message says how much\n"
	  "work needs it; move it first with 'cpdesk reassign --from LOGIN\n"
	  "--to LOGIN --reason TEXT'.  Open tasks already assigned stay with\n"
	  "whoever has them.\n"
	  "\n"
	  "Exit 2 when nothing is given to change or LOGIN is not a worker;\n"
	  "exit 1 when refused.\n" },
	{ .name = "worker list", .summary = "list the staff",
	  .opts = list_opts, .needs = CLI_NEEDS_SESSION, .run = run_list,
	  .help =
	  "One worker a line: login, name, roles, team, manager, and \"(left)\"\n"
	  "for a worker who has left (--current leaves them out).  With --tsv\n"
	  "the first line is\n"
	  "  login<TAB>name<TAB>roles<TAB>team<TAB>manager<TAB>left\n" },
	{ .name = "worker left", .summary = "mark a worker as left",
	  .args = left_args, .opts = left_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_left,
	  .help =
	  "Records that LOGIN has left: no new work (children, meetings, tasks)\n"
	  "is given to them, and 'worker list' shows them as left.  In the audit\n"
	  "trail as worker.left with the reason.\n"
	  "\n"
	  "Refused (exit 1), nothing written, while they still hold children,\n"
	  "open tasks, scheduled meetings as chair or minute taker, or manage\n"
	  "current workers: the message gives the counts; move the work first\n"
	  "with 'cpdesk reassign --from LOGIN --to LOGIN --reason TEXT'.  Also\n"
	  "refused when LOGIN has already left.\n" },
	{ 0 }
};

const cli_group cmds_worker = { "worker", "Workers", commands };

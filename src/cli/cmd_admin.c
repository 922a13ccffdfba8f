/* cmd_admin.c - the administrator's commands: policy show, policy diff,
 * policy use (switching the store's policy, issue 6) and backup.  The
 * domain work is casework_policy_diff / casework_policy_use and
 * store_backup; this file parses, checks and prints. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy_cal.h"
#include "cmd_util.h"
#include "policy_status.h"
#include "text.h"

/* ---- policy show ---------------------------------------------------------- */

static cp_status run_policy_show(const cli_ctx *ctx, int argc, char **argv)
{
	cp_error err;
	(void)argv;
	if (argc != 1)
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "policy show: takes no arguments (the store is --db DIR)"), &err);
	casework cw;
	cp_status st = cmd_open(ctx, &cw, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	/* what the console's Policy view shows too (policy_status.h) */
	policy_status ps;
	st = policy_status_get(&cw, &ps, &err);
	if (st == CP_OK) {
		const store_policy_info *pi = &ps.info;
		printf("policy:  %s (%s)\n", cmd_s(cw.pol->id), cmd_s(cw.pol->title));
		printf("chain:   %s\n", cmd_s(cw.pol->chain));
		printf("set:     %s by %s\n", cmd_moment(pi->set_at), cmd_s(pi->set_by));
		printf("reason:  %s\n", cmd_s(pi->reason));
		for (size_t i = 0; i < pi->nfiles; i++) {
			const cp_policy_file *f = &pi->files[i];
			printf("file:    %s  %s  hash %016llx  %s\n", cmd_s(f->name),
			       cmd_s(f->path), (unsigned long long)f->hash,
			       policy_disk_name(ps.disk[i]));
		}
	}
	policy_status_free(&ps);
	casework_close(&cw);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

/* ---- policy diff / use ----------------------------------------------------- */

/* Read FILE strictly and build its calendar, as 'policy check' does. */
static cp_status load_new(const char *file, cw_policy_src *src,
                          policy_cal *cc, cp_error *err)
{
	return policy_status_load_file(file, NULL, src, cc, err);
}

static const char *kind_word(const cw_policy_change *c)
{
	switch (c->kind) {
	case CW_MOVED: return "moved";
	case CW_DROPPED: return "dropped";
	case CW_ADDED: return "added";
	case CW_REASSIGNED: return "reassigned";
	case CW_KIND_COUNT: break;
	}
	return "?";
}

typedef struct diff_print {
	const policy *from, *to;
	bool tsv, header;
} diff_print;

static void print_header(diff_print *p, const cw_policy_diff *d)
{
	if (p->header)
		return;
	p->header = true;
	if (p->tsv)
		printf("change\tmeeting\ttype\tchild\tteam\ttask\tstep\tfrom\tto\n");
	else
		printf("policy %s -> %s (%s): %zu meetings\n", cmd_s(p->from->id),
		       cmd_s(p->to->id), cmd_s(p->to->chain), d->meetings);
}

static void print_tsv(const cw_policy_change *c, const char *task)
{
	printf("%s\t%llu\t%s\t%s\t%s\t%s\t%s\t", kind_word(c),
	       (unsigned long long)c->meeting_id, cmd_s(c->meeting_type),
	       cmd_s(c->child_id), cmd_s(c->team), task, cmd_s(c->step_id));
	if (c->kind == CW_REASSIGNED)   /* from, to: logins */
		printf("%s\t%s\n", cmd_s(c->from_login), cmd_s(c->to_login));
	else
		printf("%s\t%s\n", c->from == CP_DATE_NONE ? "" : cmd_date(c->from),
		       c->to == CP_DATE_NONE ? "" : cmd_date(c->to));
}

/* One change, one line (the diff streams them: cw_change_fn). */
static cp_status print_change(void *ctx, const cw_policy_diff *sum,
                              const cw_policy_change *c, cp_error *err)
{
	diff_print *p = ctx;
	(void)err;
	print_header(p, sum);
	char task[32] = "-";
	if (c->task_id)
		snprintf(task, sizeof task, "%llu", (unsigned long long)c->task_id);
	if (p->tsv)
		print_tsv(c, task);
	else if (c->kind == CW_MOVED)
		printf("moved    meeting %llu %s child %s task %s %s: %s -> %s\n",
		       (unsigned long long)c->meeting_id, cmd_s(c->meeting_type),
		       cmd_s(c->child_id), task, cmd_s(c->step_id),
		       cmd_date(c->from), cmd_date(c->to));
	else if (c->kind == CW_REASSIGNED)
		printf("reassigned meeting %llu %s child %s task %s %s: "
		       "%s %s -> %s %s\n", (unsigned long long)c->meeting_id,
		       cmd_s(c->meeting_type), cmd_s(c->child_id), task,
		       cmd_s(c->step_id), role_name(c->role_from),
		       cmd_s(c->from_login), role_name(c->role_to),
		       cmd_s(c->to_login));
	else if (c->kind == CW_DROPPED)
		printf("dropped  meeting %llu %s child %s task %s %s (was due %s): "
		       "cancelled\n", (unsigned long long)c->meeting_id,
		       cmd_s(c->meeting_type), cmd_s(c->child_id), task,
		       cmd_s(c->step_id), cmd_date(c->from));
	else   /* added: a task id once the switch wrote it */
		printf("added    meeting %llu %s child %s %s%s%s%s: due %s\n",
		       (unsigned long long)c->meeting_id, cmd_s(c->meeting_type),
		       cmd_s(c->child_id), c->task_id ? "task " : "",
		       c->task_id ? task : "", c->task_id ? " " : "",
		       cmd_s(c->step_id), cmd_date(c->to));
	return CP_OK;
}

static void print_tallies(const char *title, const cw_tally *v, size_t n)
{
	printf("%s:\n", title);
	if (!n)
		printf("  (none)\n");
	for (size_t i = 0; i < n; i++)
		printf("  %-24s moved %zu, added %zu, dropped %zu, reassigned %zu\n",
		       *v[i].key ? cmd_s(v[i].key) : "(no team)", v[i].n[CW_MOVED],
		       v[i].n[CW_ADDED], v[i].n[CW_DROPPED], v[i].n[CW_REASSIGNED]);
}

/* The counts after the changes: by meeting type, by team (a national
 * store has thousands: not in policy use's short form), in total. */
static void print_counts(diff_print *p, const cw_policy_diff *d, bool teams)
{
	print_header(p, d);
	if (p->tsv)
		return;
	print_tallies("by meeting type", d->types, d->ntypes);
	if (teams)
		print_tallies("by team", d->teams, d->nteams);
	printf("total: moved %zu, added %zu, dropped %zu, reassigned %zu\n",
	       d->tot[CW_MOVED], d->tot[CW_ADDED], d->tot[CW_DROPPED],
	       d->tot[CW_REASSIGNED]);
}

enum { OPT_REASON = 1000, OPT_TSV, OPT_VERBOSE };

/* policy diff takes --tsv, policy use --reason and --verbose. */
static cp_status policy_args(const char *cmd, int argc, char **argv,
                             bool use, const char **file,
                             const char **reason, bool *flag, cp_error *err)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "tsv", no_argument, NULL, OPT_TSV },
		{ "verbose", no_argument, NULL, OPT_VERBOSE },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_REASON && use)
			*reason = optarg;
		else if ((c == OPT_TSV && !use) || (c == OPT_VERBOSE && use))
			*flag = true;
		else
			return cmd_bad_option(cmd, argc, argv, err);
	}
	if (optind + 1 != argc)
		return cp_fail(err, CP_BADINPUT,
		    "%s: name one policy FILE, e.g. policies/hounslow.yaml", cmd);
	*file = argv[optind];
	if (use && (!*reason || !**reason))
		return cp_fail(err, CP_BADINPUT,
		    "%s: give --reason TEXT (it goes in the audit trail)", cmd);
	return CP_OK;
}

static cp_status run_policy_diff(const cli_ctx *ctx, int argc, char **argv)
{
	const char *file = NULL, *reason = NULL;
	bool tsv = false;
	cp_error err;
	cp_status st = policy_args("policy diff", argc, argv, false, &file,
	                           &reason, &tsv, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	cw_policy_src src;
	policy_cal cc;
	if ((st = load_new(file, &src, &cc, &err)) != CP_OK)
		return cli_report(st, &err);
	casework cw;
	cw_policy_diff d;
	if ((st = cmd_open_for(ctx, &cw, ACCESS_SWITCH_POLICY, &err)) == CP_OK) {
		/* streamed: a national store has hundreds of thousands */
		diff_print p = { cw.pol, src.pol, tsv, false };
		st = casework_policy_diff_each(&cw, src.pol, &cc.cal, print_change,
		                               &p, cli_progress, &d, &err);
		cli_progress_end();
		if (st == CP_OK)
			print_counts(&p, &d, true);
		casework_policy_diff_free(&d);
		casework_close(&cw);
	}
	policy_cal_close(&cc);
	casework_policy_src_free(&src);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

/* What a switch did: the counts, every change with --verbose, and where
 * the audit trail has it. */
static void print_use(const policy *from, const policy *to,
                      const cw_policy_diff *d, bool verbose)
{
	diff_print p = { from, to, false, false };
	print_header(&p, d);
	for (size_t i = 0; verbose && i < d->n; i++)
		print_change(&p, d, &d->v[i], NULL);
	print_counts(&p, d, verbose);
	if (d->audit_first)
		printf("audit: #%llu policy.use; #%llu-#%llu policy.use.tasks, one "
		       "a meeting changed (cpdesk audit --child ID)\n",
		       (unsigned long long)d->audit_switch,
		       (unsigned long long)d->audit_first,
		       (unsigned long long)d->audit_last);
	else
		printf("audit: #%llu policy.use\n",
		       (unsigned long long)d->audit_switch);
}

static cp_status run_policy_use(const cli_ctx *ctx, int argc, char **argv)
{
	const char *file = NULL, *reason = NULL;
	bool verbose = false;
	cp_error err;
	cp_status st = policy_args("policy use", argc, argv, true, &file,
	                           &reason, &verbose, &err);
	if (st == CP_OK && !text_is_clean(reason))
		st = cp_fail(&err, CP_BADINPUT,
		    "--reason holds control characters or invalid UTF-8: give "
		    "plain text");
	if (st == CP_OK)
		st = cmd_check_actor(ctx, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	cw_policy_src src;
	policy_cal cc;
	if ((st = load_new(file, &src, &cc, &err)) != CP_OK)
		return cli_report(st, &err);
	casework cw;
	cw_policy_diff d;
	if ((st = cmd_open_for(ctx, &cw, ACCESS_SWITCH_POLICY, &err)) == CP_OK) {
		const policy *old = cw.pol;
		cw_use_opts o = { .list = verbose, .progress = cli_progress };
		store_expect_big_write(cw.st);
		st = casework_policy_use(&cw, &src, &cc.cal, reason, &o, &d, &err);
		cli_progress_end();
		if (st == CP_OK) {
			print_use(old, src.pol, &d, verbose);
			cmd_note("the store now uses policy %s (%s)", cmd_s(src.pol->id),
			         cmd_s(src.pol->chain));
			casework_policy_diff_free(&d);
		}
		casework_close(&cw);
	}
	policy_cal_close(&cc);
	casework_policy_src_free(&src);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

/* ---- backup ---------------------------------------------------------------- */

static cp_status run_backup(const cli_ctx *ctx, int argc, char **argv)
{
	cp_error err;
	if (argc != 2 || argv[1][0] == '-')
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "backup: name one new or empty DIR, e.g. "
		    "cpdesk backup /srv/cpdesk-backups/$(date +%%F)"), &err);
	char dir[PATH_MAX];
	casework cw;
	cp_status st;
	if ((st = cmd_db_path(ctx, dir, sizeof dir, &err)) != CP_OK ||
	    (st = cmd_open_for(ctx, &cw, ACCESS_BACKUP, &err)) != CP_OK)
		return cli_report(st, &err);
	st = store_backup(cw.st, argv[1], &err);
	casework_close(&cw);
	if (st != CP_OK)
		return cli_report(st, &err);
	cmd_note("backed up %s into %s", cmd_s(dir), cmd_s(argv[1]));
	return CP_OK;
}

/* ---- the table -------------------------------------------------------------- */

const cli_command cmds_admin[] = {
	{ "policy show", "", "the policy in force, and whether its files changed",
	  "Prints the store's policy (id, title, extends: chain), when and by\n"
	  "whom it was set and why, and for each file of the chain whether the\n"
	  "file at its recorded path still matches the stored copy: \"matches\",\n"
	  "\"changed on disk\" or \"missing\".  The store always works from its\n"
	  "stored copy.\n",
	  run_policy_show },
	{ "policy diff", "FILE [--tsv]",
	  "how open deadlines would change under FILE (writes nothing)",
	  "Loads FILE strictly (as 'policy check' does) and, for every open step\n"
	  "task of the store's meetings, prints what a switch to FILE would do:\n"
	  "moved (old and new due date), added (a step FILE has that a scheduled\n"
	  "meeting, or a held one on or after its date, has no task for; never\n"
	  "a cancelled meeting), dropped (a task whose step FILE no longer has;\n"
	  "it would be cancelled), reassigned (a step that keeps its id but\n"
	  "changes role: the task goes to whoever holds the new role for that\n"
	  "meeting; refused, naming who is missing, when nobody does), with\n"
	  "counts per meeting type and per team (the social worker's).  Nothing\n"
	  "is written.\n"
	  "\n"
	  "  --tsv   one row a change: change meeting type child team task step\n"
	  "          from to (dates; for reassigned, the old and new logins)\n",
	  run_policy_diff },
	{ "policy use", "FILE --reason TEXT [--verbose]",
	  "switch the store to the policy FILE",
	  "Validates FILE as 'policy check' does (a bad file changes nothing:\n"
	  "exit 2 with FILE:LINE:COL), then in one transaction stores the text\n"
	  "and hash of every file of its chain, re-dates every open task, adds\n"
	  "tasks for new steps, cancels (never deletes) tasks of dropped steps,\n"
	  "and gives tasks whose step changed role to the new role's holder.\n"
	  "A switch changes the future, not history: done and cancelled tasks\n"
	  "are never touched, and no task is added to a cancelled meeting or\n"
	  "for a step due before a held one.  The audit trail gets one\n"
	  "policy.use.tasks entry per meeting changed (each task id and its\n"
	  "change; 'audit --child ID' finds it) and one policy.use entry with\n"
	  "the old and new policy, the counts and the reason.  Prints the\n"
	  "counts by meeting type and in total, and the audit entries.  Run\n"
	  "'policy diff FILE' first.\n"
	  "\n"
	  "  --reason TEXT   why (required)\n"
	  "  --verbose       also every change, one a line, and the counts by\n"
	  "                  team (as policy diff prints them)\n",
	  run_policy_use },
	{ "backup", "DIR", "a hot, compacting copy of the store into DIR",
	  "Copies the store into DIR (created 0770; it must be new or empty)\n"
	  "while others keep working: a consistent snapshot of every\n"
	  "transaction committed before the copy began (LMDB's compacting\n"
	  "copy).  DIR is a store: check it with 'cpdesk --db DIR check-store'.\n"
	  "Restore: stop cpdesk everywhere, move the store directory aside and\n"
	  "put a copy of DIR in its place (see doc/deployment.md).\n",
	  run_backup },
	{ NULL, NULL, NULL, NULL, NULL }
};

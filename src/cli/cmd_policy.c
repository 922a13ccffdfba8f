/* cmd_policy.c - policy check, show, diff and use: the policy engine
 * from the command line, and switching the store's policy (issue 6);
 * and holidays show, diff and use, which change the store's bank
 * holidays the way a switch changes its policy and print the same.  The
 * work is casework_policy_diff_each / casework_policy_use /
 * casework_holidays_use; this file prints. */
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>

#include "cli.h"
#include "cmd_util.h"
#include "heap.h"
#include "paths.h"
#include "policy_cal.h"
#include "policy_status.h"

static struct {
	cli_list files;
	char *file, *reason, *holidays;
	bool tsv, verbose, force;
} pol;

/* ---- policy check ------------------------------------------------------ */

static cp_status check_one(const char *given, cp_error *err)
{
	policy *p;
	policy_cal cc;
	char path[PATH_MAX];
	CP_TRY(paths_policy(given, path, sizeof path, err));
	CP_TRY(policy_load(path, &p, err));
	cp_status st = policy_cal_check(&cc, pol.holidays, p, NULL, err);
	if (st == CP_OK) {
		const holiday_division *hd = cc.cal.hd;
		printf("%s: ok: policy %s (%s), %s; %zu meeting types, %zu steps, "
		       "%zu cadence rules; bank holidays %s %d-%d\n",
		       path, p->id, p->title, p->chain, p->nmeetings,
		       policy_step_count(p), p->ncadence, p->division, hd->first_year,
		       hd->last_year);
		policy_cal_close(&cc);
	}
	policy_free(p);
	return st;
}

/* Every file, each reported on its own line: the worst status. */
static cp_status run_check(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	(void)cw;
	cp_status worst = CP_OK;
	for (size_t i = 0; i < pol.files.n; i++) {
		cp_status st = check_one(pol.files.v[i], err);
		if (st != CP_OK)
			cli_report(st, err);
		if (st > worst)
			worst = st;
	}
	return cli_reported(worst, err);
}

static const cli_opt check_args[] = {
	CLI_OPT(STRS, "FILE", &pol.files,
	        .help = "a policy file, or an installed policy's name"),
	{ 0 }
};

static const cli_opt holidays_opt[] = {
	CLI_OPT(STR, "holidays", &pol.holidays, .value = "FILE",
	        .help = "bank holidays (default: $CPDESK_HOLIDAYS, else shipped)"),
	{ 0 }
};

/* ---- policy show ------------------------------------------------------- */

static cp_status run_show(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	/* what the console's Policy view shows too (policy_status.h) */
	policy_status ps;
	cp_status st = policy_status_get(cw, &ps, err);
	if (st == CP_OK) {
		const store_policy_info *pi = &ps.info;
		printf("policy:  %s (%s)\n", cmd_s(cw->pol->id), cmd_s(cw->pol->title));
		printf("chain:   %s\n", cmd_s(cw->pol->chain));
		printf("set:     %s by %s\n", cmd_moment(pi->set_at),
		       cmd_s(pi->set_by));
		printf("reason:  %s\n", cmd_s(pi->reason));
		for (size_t i = 0; i < pi->nfiles; i++) {
			const cp_policy_file *f = &pi->files[i];
			printf("file:    %s  %s  hash %016llx  %s\n", cmd_s(f->name),
			       cmd_s(f->path), (unsigned long long)f->hash,
			       policy_disk_name(ps.disk[i]));
		}
	}
	policy_status_free(&ps);
	return st;
}

/* ---- policy diff / use ------------------------------------------------- */

static const char *kind_word(const cw_policy_change *c)
{
	switch (c->kind) {
	case CW_MOVED: return "moved";
	case CW_DROPPED: return "dropped";
	case CW_ADDED: return "added";
	case CW_REASSIGNED: return "reassigned";
	case CW_SKIPPED: return "skipped";
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
	else if (c->kind == CW_SKIPPED)
		printf("skipped  meeting %llu %s child %s %s: due %s, before "
		       "today: not added\n", (unsigned long long)c->meeting_id,
		       cmd_s(c->meeting_type), cmd_s(c->child_id),
		       cmd_s(c->step_id), cmd_date(c->to));
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
		printf("  %-24s moved %zu, added %zu, dropped %zu, reassigned %zu, "
		       "skipped %zu\n", *v[i].key ? cmd_s(v[i].key) : "(no team)",
		       v[i].n[CW_MOVED], v[i].n[CW_ADDED], v[i].n[CW_DROPPED],
		       v[i].n[CW_REASSIGNED], v[i].n[CW_SKIPPED]);
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
	printf("total: moved %zu, added %zu, dropped %zu, reassigned %zu, "
	       "skipped %zu\n", d->tot[CW_MOVED], d->tot[CW_ADDED],
	       d->tot[CW_DROPPED], d->tot[CW_REASSIGNED], d->tot[CW_SKIPPED]);
	printf("not added: %zu steps due before today; left as they are: %zu "
	       "meetings held or before today\n", d->tot[CW_SKIPPED],
	       d->history);
}

/* FILE may be an installed policy's name: resolved before the store is
 * opened, so every message names the file read. */
static char policy_path[PATH_MAX];

static cp_status check_policy_file(const cli_ctx *ctx, cp_error *err)
{
	(void)ctx;
	CP_TRY(paths_policy(pol.file, policy_path, sizeof policy_path, err));
	pol.file = policy_path;
	return CP_OK;
}

/* Read FILE strictly and build its calendar, as 'policy check' does. */
static cp_status load_new(casework *cw, cw_policy_src *src, policy_cal *cc,
                          cp_error *err)
{
	return policy_status_load_file(cw, pol.file, src, cc, err);
}

/* What undoing switch u puts back (done: it did). */
static void print_undo(const cw_undo *u, bool done)
{
	printf("%s switch %llu (%s -> %s, %s by %s): %zu tasks it changed\n",
	       done ? "undid" : "would undo", (unsigned long long)u->id,
	       cmd_s(u->from_id), cmd_s(u->to_id), cmd_moment(u->at),
	       cmd_s(u->login), u->tasks);
	printf("put back: %zu due dates, %zu assignees, %zu cancelled tasks "
	       "open again, %zu added tasks cancelled; policy %s again\n",
	       u->redated, u->reassigned, u->reopened, u->cancelled,
	       cmd_s(u->from_id));
	if (u->changed)
		printf("left as they are (changed since): %zu: %s%s\n", u->changed,
		       cmd_s(u->changed_say), u->changed > 5 ? ", ..." : "");
	if (done && u->audit_first)
		printf("audit: #%llu policy.undo; #%llu-#%llu policy.undo.tasks, "
		       "one a meeting\n", (unsigned long long)u->audit_undo,
		       (unsigned long long)u->audit_first,
		       (unsigned long long)u->audit_last);
	else if (done)
		printf("audit: #%llu policy.undo\n",
		       (unsigned long long)u->audit_undo);
}

/* FILE is the policy the latest switch replaced: 'policy use' undoes
 * it when it can (*said: the preview is that, not a diff). */
static cp_status diff_back(casework *cw, const cw_policy_src *src, bool *said,
                           cp_error *err)
{
	cw_undo u;
	*said = false;
	CP_TRY(casework_policy_undo_preview(cw, src, &u, err));
	if (!u.id)
		return CP_OK;
	if (!u.undoable) {
		cmd_note("%s is the policy switch %llu replaced, but %s: "
		         "'policy use' would switch as below", cmd_s(pol.file),
		         (unsigned long long)u.id, cmd_s(u.why));
		return CP_OK;
	}
	if (pol.tsv) {   /* rows are a switch's: say it would not be one */
		cmd_note("%s is the policy switch %llu replaced: 'policy use' "
		         "undoes that switch rather than make these changes",
		         cmd_s(pol.file), (unsigned long long)u.id);
		return CP_OK;
	}
	*said = true;
	printf("%s is the policy switch %llu replaced: 'policy use' undoes "
	       "that switch\n", cmd_s(pol.file), (unsigned long long)u.id);
	print_undo(&u, false);
	return CP_OK;
}

static cp_status run_diff(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cw_policy_src src;
	policy_cal cc;
	cw_policy_diff d;
	bool back = false;
	CP_TRY(load_new(cw, &src, &cc, err));
	cp_status bst = diff_back(cw, &src, &back, err);
	if (bst != CP_OK || back) {
		policy_cal_close(&cc);
		casework_policy_src_free(&src);
		return bst;
	}
	/* streamed: a national store has hundreds of thousands */
	diff_print p = { cw->pol, src.pol, pol.tsv, false };
	cp_status st = casework_policy_diff_each(cw, src.pol, &cc.cal,
	                                         print_change, &p, cli_progress,
	                                         &d, err);
	cli_progress_end();
	if (st == CP_OK)
		print_counts(&p, &d, true);
	casework_policy_diff_free(&d);
	policy_cal_close(&cc);
	casework_policy_src_free(&src);
	return st;
}

/* What a switch did: the counts, every change with --verbose, and where
 * the audit trail has it. */
static void print_use(const policy *from, const policy *to,
                      const cw_policy_diff *d, bool verbose, const char *what)
{
	diff_print p = { from, to, false, false };
	print_header(&p, d);
	for (size_t i = 0; verbose && i < d->n; i++)
		print_change(&p, d, &d->v[i], NULL);
	print_counts(&p, d, verbose);
	if (d->audit_first)
		printf("audit: #%llu %s; #%llu-#%llu policy.use.tasks, one "
		       "a meeting changed (cpdesk audit --child ID)\n",
		       (unsigned long long)d->audit_switch, what,
		       (unsigned long long)d->audit_first,
		       (unsigned long long)d->audit_last);
	else
		printf("audit: #%llu %s\n", (unsigned long long)d->audit_switch,
		       what);
}

/* A switch dirties about as many pages as the store holds: ask for huge
 * pages for the heap LMDB keeps them in (heap.h), sized by the store's
 * data file (cpdesk(1), FILES). */
static void expect_big_write(const cli_ctx *ctx)
{
	char dir[PATH_MAX], file[PATH_MAX + 16];
	struct stat sb;
	cp_error e;
	if (session_store_dir(&ctx->session, dir, sizeof dir, &e) == CP_OK &&
	    snprintf(file, sizeof file, "%s/data.mdb", dir) < (int)sizeof file &&
	    stat(file, &sb) == 0)
		heap_prefer_huge_pages((size_t)sb.st_size);
}

static cp_status run_use(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	cw_policy_src src;
	policy_cal cc;
	cw_policy_diff d;
	const policy *old = cw->pol;
	CP_TRY(load_new(cw, &src, &cc, err));
	cw_use_opts o = { .list = pol.verbose, .progress = cli_progress };
	expect_big_write(ctx);
	cp_status st = casework_policy_use(cw, &src, &cc.cal, pol.reason, &o, &d,
	                                   err);
	cli_progress_end();
	if (st == CP_OK && d.back && d.back->undoable) {
		printf("%s is the policy switch %llu replaced: undone\n",
		       cmd_s(pol.file), (unsigned long long)d.back->id);
		print_undo(d.back, true);
		cmd_note("the store now uses policy %s (%s)", cmd_s(src.pol->id),
		         cmd_s(src.pol->chain));
		casework_policy_diff_free(&d);
	} else if (st == CP_OK) {
		if (d.back)
			cmd_note("%s is the policy switch %llu replaced, but %s: "
			         "switched as to any file", cmd_s(pol.file),
			         (unsigned long long)d.back->id, cmd_s(d.back->why));
		print_use(old, src.pol, &d, pol.verbose, "policy.use");
		printf("kept as switch %llu: 'cpdesk policy undo' puts back what it "
		       "changed\n", (unsigned long long)d.switch_id);
		cmd_note("the store now uses policy %s (%s)", cmd_s(src.pol->id),
		         cmd_s(src.pol->chain));
		casework_policy_diff_free(&d);
	}
	policy_cal_close(&cc);
	casework_policy_src_free(&src);
	return st;
}

static cp_status run_undo(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	cw_undo u;
	expect_big_write(ctx);
	CP_TRY(casework_policy_undo(cw, pol.reason, pol.force, &u, err));
	print_undo(&u, true);
	cmd_note("the store now uses policy %s again", cmd_s(u.from_id));
	return CP_OK;
}

/* ---- holidays show / diff / use ----------------------------------------- */

static cp_status run_holidays_show(const cli_ctx *ctx, casework *cw,
                                   cp_error *err)
{
	holiday_file *hf = casework_kept_holidays(cw, cw->pol->division);
	const holiday_division *hd = hf ? holidays_division(hf,
	                                                    cw->pol->division)
	                                : NULL;
	if (!hd) {
		holidays_free(hf);
		return cp_fail(err, CP_FAILED, "the store keeps no bank holidays "
		               "for %s: run cpdesk check-store", cw->pol->division);
	}
	printf("bank holidays: %s, %d-%d, %zu days\n", cmd_s(hd->name),
	       hd->first_year, hd->last_year, hd->nevents);
	printf("kept from: %s\n", cmd_s(hf->path));
	for (size_t i = 0, shown = 0; i < hd->nevents && shown < 5; i++)
		if (hd->events[i].date >= ctx->today) {
			printf("  %s %s  %s\n", date_weekday_name(hd->events[i].date),
			       cmd_date(hd->events[i].date), cmd_s(hd->events[i].title));
			shown++;
		}
	holidays_free(hf);
	return CP_OK;
}

/* FILE's bank holidays with the store's policy (its division, its
 * closures): FILE is read as the user, never with the stores' group. */
static cp_status load_holidays(casework *cw, policy_cal *cc, cp_error *err)
{
	return policy_cal_open(cc, pol.file, cw->pol, NULL, err);
}

static cp_status run_holidays_diff(const cli_ctx *ctx, casework *cw,
                                   cp_error *err)
{
	(void)ctx;
	policy_cal cc;
	cw_policy_diff d;
	CP_TRY(load_holidays(cw, &cc, err));
	diff_print p = { cw->pol, cw->pol, pol.tsv, false };
	cp_status st = casework_policy_diff_each(cw, cw->pol, &cc.cal,
	                                         print_change, &p, cli_progress,
	                                         &d, err);
	cli_progress_end();
	if (st == CP_OK)
		print_counts(&p, &d, true);
	casework_policy_diff_free(&d);
	policy_cal_close(&cc);
	return st;
}

static cp_status run_holidays_use(const cli_ctx *ctx, casework *cw,
                                  cp_error *err)
{
	policy_cal cc;
	cw_policy_diff d;
	CP_TRY(load_holidays(cw, &cc, err));
	cw_use_opts o = { .list = pol.verbose, .progress = cli_progress };
	expect_big_write(ctx);
	cp_status st = casework_holidays_use(cw, cc.hf, &cc.cal, pol.reason, &o,
	                                     &d, err);
	cli_progress_end();
	if (st == CP_OK) {
		print_use(cw->pol, cw->pol, &d, pol.verbose, "holidays.use");
		cmd_note("the store now counts working days with the bank "
		         "holidays of %s", cmd_s(pol.file));
		casework_policy_diff_free(&d);
	}
	policy_cal_close(&cc);
	return st;
}

static const cli_opt holidays_args[] = {
	CLI_OPT(STR, "FILE", &pol.file,
	        .help = "a bank-holidays file in gov.uk's layout"),
	{ 0 }
};

static const cli_opt file_args[] = {
	CLI_OPT(STR, "FILE", &pol.file,
	        .help = "the policy file, or an installed policy's name "
	                "(generic, hounslow, swindon)"),
	{ 0 }
};

static const cli_opt diff_opts[] = {
	CLI_OPT(FLAG, "tsv", &pol.tsv,
	        .help = "one row a change: change meeting type child team task "
	                "step from to"),
	{ 0 }
};

static const cli_opt use_opts[] = {
	CLI_OPT(TEXT, "reason", &pol.reason, .flags = CLI_REQUIRED,
	        .help = "why (it goes in the audit trail)"),
	CLI_OPT(FLAG, "verbose", &pol.verbose,
	        .help = "also every change, and the counts by team"),
	{ 0 }
};

static const cli_opt undo_opts[] = {
	CLI_OPT(TEXT, "reason", &pol.reason,
	        .help = "why (it goes in the audit trail; default \"undo of "
	                "policy switch N\")"),
	CLI_OPT(FLAG, "force", &pol.force,
	        .help = "put back the tasks nobody has changed since, leaving "
	                "those changed as they are"),
	{ 0 }
};

/* ---- the table --------------------------------------------------------- */

static const cli_command commands[] = {
	{ .name = "policy check",
	  .summary = "check policy files; print FILE:LINE:COL: problem, or a "
	             "summary",
	  .args = check_args, .opts = holidays_opt, .run = run_check,
	  .help =
	  "Loads each FILE (following extends:) and checks it strictly: YAML\n"
	  "syntax, unknown or duplicate keys, wrong types, unknown roles,\n"
	  "meeting types and anchors, offsets out of range, extends: cycles,\n"
	  "anchors/aliases, and local closures outside the bank-holiday data.\n"
	  "Prints one summary line a good file, FILE:LINE:COL: what is wrong\n"
	  "for a bad one.  Exit 0 when every file is valid, 2 when one is not.\n"
	  "See cpdesk-policy(5).\n" },
	{ .name = "policy show",
	  .summary = "the policy in force, and whether its files changed",
	  .needs = CLI_NEEDS_SESSION, .run = run_show,
	  .help =
	  "Prints the store's policy (id, title, extends: chain), when and by\n"
	  "whom it was set and why, and for each file of the chain whether the\n"
	  "file at its recorded path still matches the stored copy: \"matches\",\n"
	  "\"changed on disk\", \"missing\", \"unreadable\" or \"not a regular\n"
	  "file\" (a FIFO, device or link in its place, which is never read or\n"
	  "waited on).  The store always works from its stored copy.\n" },
	{ .name = "policy diff",
	  .summary = "how open deadlines would change under FILE (writes "
	             "nothing)",
	  .args = file_args, .opts = diff_opts, .needs = CLI_NEEDS_ACTION,
	  .action = ACCESS_SWITCH_POLICY, .check = check_policy_file,
	  .run = run_diff,
	  .help =
	  "Loads FILE strictly (as 'policy check' does) and, for every open step\n"
	  "task of the store's meetings from --today on, prints what a switch\n"
	  "to FILE would do: moved (old and new due date), added (a step FILE\n"
	  "has that a scheduled meeting has no task for; never a cancelled\n"
	  "meeting), skipped (such a step due before today: it is not added),\n"
	  "dropped (a task whose step FILE no longer has; it would be\n"
	  "cancelled), reassigned (a step that keeps its id but changes role:\n"
	  "the task goes to whoever holds the new role for that meeting), one\n"
	  "line a change, with counts per meeting type and per team (the social\n"
	  "worker's), and how many steps are skipped and meetings (held, or\n"
	  "before today) left as they are.  A role nobody holds for a\n"
	  "reassigned or added task is a refusal naming who is missing, as the\n"
	  "switch would be.  Nothing is written.  --tsv gives the dates, and for\n"
	  "reassigned the old and new logins, in its from and to columns.\n"
	  "When FILE is the policy the latest switch replaced, 'policy use'\n"
	  "would undo that switch ('policy undo'): that is what is shown.\n" },
	{ .name = "policy use", .summary = "switch the store to the policy FILE",
	  .args = file_args, .opts = use_opts, .needs = CLI_NEEDS_ACTION,
	  .action = ACCESS_SWITCH_POLICY, .check = check_policy_file,
	  .run = run_use,
	  .help =
	  "Validates FILE as 'policy check' does (a bad file changes nothing:\n"
	  "exit 2 with FILE:LINE:COL), then in one transaction stores the text\n"
	  "and hash of every file of its chain, re-dates every open task, adds\n"
	  "tasks for new steps, cancels (never deletes) tasks of dropped steps,\n"
	  "and gives tasks whose step changed role to the new role's holder.\n"
	  "A switch changes the future, not history: done and cancelled tasks\n"
	  "are never touched, a held meeting and any meeting before --today\n"
	  "are left exactly as they are, and no task is added to a cancelled\n"
	  "meeting or for a step due before today (counted as skipped).  The\n"
	  "switch is kept so that 'policy undo' can put it back; using the file\n"
	  "the latest switch replaced undoes that switch (see 'policy undo').\n"
	  "\n"
	  "The audit trail gets one policy.use.tasks entry per meeting changed\n"
	  "(object meeting:ID, under the meeting's child, so 'audit --child ID'\n"
	  "finds it) listing each task id with its change:\n"
	  "  moved       ID step old->new\n"
	  "  reassigned  ID step role:login->role:login\n"
	  "  dropped     ID step was due DATE\n"
	  "  added       ID step due DATE to LOGIN\n"
	  "  skipped     step due DATE\n"
	  "then one policy.use entry with the old and new policy, the counts,\n"
	  "the range of those entries and the reason.  Prints the counts by\n"
	  "meeting type and in total, and the audit entries; --verbose also\n"
	  "prints every change, one a line as 'policy diff' does (added tasks\n"
	  "with their new id).  Run 'policy diff FILE' first.\n" },
	{ .name = "policy undo",
	  .summary = "undo the latest policy switch: its tasks and the policy "
	             "as they were",
	  .opts = undo_opts, .needs = CLI_NEEDS_ACTION,
	  .action = ACCESS_SWITCH_POLICY, .run = run_undo,
	  .help =
	  "Every 'policy use' keeps what it changed: the policy it replaced and\n"
	  "each task it re-dated, reassigned, cancelled (a dropped step) or\n"
	  "added, as it found it and as it left it.  'policy undo' puts the\n"
	  "latest switch back in one transaction: those tasks as they were (due\n"
	  "date, role and assignee, open again if it cancelled them, their\n"
	  "note), the tasks it added cancelled, and the policy it replaced the\n"
	  "store's again.  The switch is then forgotten, so the one before it\n"
	  "is the next to undo.  Audited as one policy.undo.tasks entry a\n"
	  "meeting (under its child) and one policy.undo entry with the counts\n"
	  "and the reason.\n"
	  "\n"
	  "Refused (exit 1, saying why) when no switch is kept (switches made\n"
	  "before store schema 6 were not), when meetings were booked since the\n"
	  "switch (their tasks follow the policy it made: switch back with\n"
	  "'policy use FILE' instead), or when tasks it changed have been\n"
	  "changed since -- done, re-dated, reassigned -- naming the first\n"
	  "five.  --force then puts back the others and leaves those as they\n"
	  "are, listing them in the audit.\n"
	  "\n"
	  "'policy use' of the file the latest switch replaced (the same text\n"
	  "of every file of its chain) does the same undo when it can, so that\n"
	  "switching straight back leaves the open tasks exactly as they were;\n"
	  "when it cannot it says why and switches as to any other file.\n" },
	{ .name = "holidays show",
	  .summary = "the bank holidays the store counts working days with",
	  .needs = CLI_NEEDS_SESSION, .run = run_holidays_show,
	  .help =
	  "The store keeps its own copy of its policy's division of the bank\n"
	  "holidays (gov.uk's bank-holidays.json layout): every deadline is\n"
	  "counted with it, whatever file a command names or the environment\n"
	  "says.  Prints the division, the years it covers, the file it was\n"
	  "kept from, and the next bank holidays.\n" },
	{ .name = "holidays diff",
	  .summary = "how open deadlines would move with FILE's bank holidays "
	             "(writes nothing)",
	  .args = holidays_args, .opts = diff_opts, .needs = CLI_NEEDS_ACTION,
	  .action = ACCESS_SWITCH_POLICY, .run = run_holidays_diff,
	  .help =
	  "Reads FILE (gov.uk's layout; it must hold the policy's division) and\n"
	  "prints, as 'policy diff' does, every open deadline it would move.\n"
	  "Nothing is written.\n" },
	{ .name = "holidays use",
	  .summary = "count working days with FILE's bank holidays from now on",
	  .args = holidays_args, .opts = use_opts, .needs = CLI_NEEDS_ACTION,
	  .action = ACCESS_SWITCH_POLICY, .run = run_holidays_use,
	  .help =
	  "For gov.uk's yearly update, or a corrected day.  In one transaction\n"
	  "keeps FILE's division as the store's bank holidays and re-dates\n"
	  "every open deadline the change moves -- the future only, as\n"
	  "'policy use' does -- with one policy.use.tasks entry per meeting\n"
	  "changed and one holidays.use entry naming the holidays before and\n"
	  "after, the counts and the reason.  Run 'holidays diff FILE' first.\n"
	  "The same people who may switch the policy may do this.\n" },
	{ 0 }
};

const cli_group cmds_policy = { "policy", "Policy", commands };

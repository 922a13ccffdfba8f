/* cmd_reassign.c - reassign: move a worker's children, open tasks,
 * meetings and managed staff to another worker (a leaver, a case
 * transfer), in one audited transaction.  The domain work is
 * casework_reassign; this file parses, checks and prints. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd_util.h"
#include "text.h"

static cp_status check_login(const char *opt, const char *s, cp_error *err)
{
	if (!s || !*s)
		return cp_fail(err, CP_BADINPUT,
		               "reassign: give %s LOGIN (try --help)", opt);
	if (!model_id_valid(s, false))
		return cp_fail(err, CP_BADINPUT,
		               "%s '%s': a login is 1-%d letters, digits, '.', "
		               "'_' or '-'", opt, cmd_s(s), MODEL_ID_MAX);
	return CP_OK;
}

static cp_status reassign_parse(int argc, char **argv, cw_reassign *in,
                                cp_error *err)
{
	enum { O_FROM = 1000, O_TO, O_CHILD, O_REASON, O_DRY };
	static const struct option opts[] = {
		{ "from", required_argument, NULL, O_FROM },
		{ "to", required_argument, NULL, O_TO },
		{ "child", required_argument, NULL, O_CHILD },
		{ "reason", required_argument, NULL, O_REASON },
		{ "dry-run", no_argument, NULL, O_DRY },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_FROM: in->from = optarg; break;
		case O_TO: in->to = optarg; break;
		case O_CHILD: in->child_id = optarg; break;
		case O_REASON: in->reason = optarg; break;
		case O_DRY: in->dry_run = true; break;
		default: return cmd_bad_option("reassign", argc, argv, err);
		}
	}
	if (optind != argc)
		return cp_fail(err, CP_BADINPUT,
		               "reassign: unexpected argument '%s' (try --help)",
		               cmd_s(argv[optind]));
	cp_status st;
	if ((st = check_login("--from", in->from, err)) != CP_OK ||
	    (st = check_login("--to", in->to, err)) != CP_OK)
		return st;
	if (in->child_id && !model_id_valid(in->child_id, false))
		return cp_fail(err, CP_BADINPUT,
		               "--child '%s': 1-%d letters, digits, '.', '_' or '-'",
		               cmd_s(in->child_id), MODEL_ID_MAX);
	if (!in->reason || !*in->reason)
		return cp_fail(err, CP_BADINPUT,
		               "reassign: give --reason TEXT (it goes in the audit "
		               "trail)");
	if (!text_is_clean(in->reason))
		return cp_fail(err, CP_BADINPUT,
		               "--reason holds control characters or invalid "
		               "UTF-8: give plain text");
	return CP_OK;
}

static void print_summary(const cw_reassign *in, const cw_work_counts *n)
{
	if (in->child_id)
		printf("reassign %s -> %s, child %s\n", cmd_s(in->from),
		       cmd_s(in->to), cmd_s(in->child_id));
	else
		printf("reassign %s -> %s, all their work\n", cmd_s(in->from),
		       cmd_s(in->to));
	printf("children  %zu\n", n->children);
	printf("tasks     %zu\n", n->tasks);
	printf("meetings  %zu (chair %zu, minute taker %zu)\n", n->meetings,
	       n->chaired, n->clerked);
	printf("workers   %zu\n", n->workers);
}

static cp_status run_reassign(const cli_ctx *ctx, int argc, char **argv)
{
	cw_reassign in = { 0 };
	cp_error err;
	cp_status st = reassign_parse(argc, argv, &in, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	casework cw;
	cw_work_counts n;
	if ((st = cmd_open(ctx, &cw, &err)) != CP_OK)
		return cli_report(st, &err);
	st = casework_reassign(&cw, &in, &n, &err);
	casework_close(&cw);
	if (st != CP_OK) {
		cp_error_prefix(&err, "reassign: ");
		return cli_report(st, &err);
	}
	print_summary(&in, &n);
	if (!n.children && !n.tasks && !n.meetings && !n.workers)
		cmd_note("nothing to reassign: %s holds no children, open tasks, "
		         "scheduled meetings or current staff%s%s",
		         cmd_s(in.from), in.child_id ? " for child " : "",
		         in.child_id ? cmd_s(in.child_id) : "");
	else if (in.dry_run)
		cmd_note("dry run: nothing was written");
	return CP_OK;
}

const cli_command cmds_reassign[] = {
	{ "reassign", "--from LOGIN --to LOGIN [--child ID] --reason TEXT [--dry-run]",
	  "move a worker's children, open tasks and meetings to another",
	  "For a worker who leaves or a case that transfers: in one audited\n"
	  "transaction, everything FROM holds goes to TO --\n"
	  "  - the children allocated to FROM (TO becomes their social worker);\n"
	  "  - every open task assigned to FROM (done and cancelled tasks never\n"
	  "    change);\n"
	  "  - every scheduled meeting FROM chairs or takes the minutes of (held\n"
	  "    and cancelled meetings never change);\n"
	  "  - every current worker FROM manages (TO becomes their manager; if\n"
	  "    TO was one of them, TO's manager becomes FROM's).\n"
	  "With --child ID, only that child's: its allocation if FROM is its\n"
	  "social worker, FROM's open tasks for it, its scheduled meetings FROM\n"
	  "chairs or clerks.\n"
	  "\n"
	  "  --from LOGIN   whose work moves (may have left)\n"
	  "  --to LOGIN     who takes it: a current worker\n"
	  "  --child ID     only this child's work\n"
	  "  --reason TEXT  why (required; in the audit trail)\n"
	  "  --dry-run      check and print the counts; write nothing\n"
	  "\n"
	  "Prints on stdout:\n"
	  "  reassign FROM -> TO, all their work   (or: , child ID)\n"
	  "  children  N\n"
	  "  tasks     N\n"
	  "  meetings  N (chair N, minute taker N)\n"
	  "  workers   N\n"
	  "The audit trail gets one entry per changed record (child.reassign,\n"
	  "task.reassign, meeting.reassign, worker.reassign) and a \"reassign\"\n"
	  "entry with the reason.  Nothing to move: the counts are 0, a note\n"
	  "says so on stderr, nothing is written, exit 0.\n"
	  "\n"
	  "Refused (exit 1), nothing written: FROM or TO is not a worker; TO has\n"
	  "left; FROM and TO are the same; TO lacks a role the moved work needs\n"
	  "(social-worker for children; each task's role; the meeting type's\n"
	  "chair role to chair; minute-taker to clerk; team-manager to manage\n"
	  "social workers, service-manager to manage team managers), naming\n"
	  "the first item that needs it and how many do.\n",
	  run_reassign },
	{ NULL, NULL, NULL, NULL, NULL }
};

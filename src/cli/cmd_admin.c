/* cmd_admin.c - the administrator's commands: init, demo, import,
 * backup, restore, check-store and reassign. */
#include <limits.h>
#include <stdio.h>

#include "cli.h"
#include "cmd_util.h"
#include "demo.h"
#include "import.h"
#include "paths.h"

static struct {
	char *policy, *file, *dir;
	unsigned long children, families, seed;
	char *from, *to, *child, *reason;   /* reassign */
	bool dry_run, verify;
	char *map, *encoding;                /* import */
	const char *date_format;
} adm = { .children = 60, .families = 6, .seed = 1 };

/* ---- init -------------------------------------------------------------- */

static cp_status run_init(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)cw;
	char dir[PATH_MAX], file[PATH_MAX];
	CP_TRY(paths_policy(adm.policy, file, sizeof file, err));
	CP_TRY(session_init(&ctx->session, file, dir, sizeof dir, err));
	cmd_note("created the store %s with the policy %s", cmd_s(dir),
	         cmd_s(file));
	return CP_OK;
}

static const cli_opt init_opts[] = {
	CLI_OPT(STR, "policy", &adm.policy, .value = "NAME|FILE",
	        .flags = CLI_REQUIRED,
	        .missing = "which policy? give --policy NAME or FILE, e.g. "
	                   "--policy swindon or --policy policies/generic.yaml",
	        .help = "the borough's policy: an installed one by name "
	                "(generic, hounslow, swindon) or a file"),
	{ 0 }
};

/* ---- demo -------------------------------------------------------------- */

static cp_status run_demo(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	demo_opts o = { .children = adm.children, .families = adm.families,
	                .seed = adm.seed,
	                .today = ctx->today, .progress = cli_progress,
	                .login = ctx->session.unix_login };
	demo_stats ds;
	CP_TRY(demo_fill(cw, &o, &ds, err));
	cmd_note("demo: %zu workers, %zu children (%zu families), %zu meetings "
	         "(%zu held), %zu tasks done, %zu reports, %zu consultations",
	         ds.workers, ds.children, ds.families, ds.meetings, ds.held,
	         ds.tasks_done, ds.reports, ds.consults);
	return CP_OK;
}

static const cli_opt demo_opts_table[] = {
	CLI_OPT(COUNT, "children", &adm.children, .min = 0,
	        .max = DEMO_MAX_CHILDREN, .help = "how many (default 60)"),
	CLI_OPT(COUNT, "families", &adm.families, .min = 0,
	        .max = DEMO_MAX_CHILDREN / 4,
	        .help = "households of 2-4 siblings conferenced together, "
	                "besides the children (default 6)"),
	CLI_OPT(COUNT, "seed", &adm.seed, .min = 0, .max = ULONG_MAX,
	        .help = "the same seed gives the same borough (default 1)"),
	{ 0 }
};

/* ---- import ------------------------------------------------------------ */

static const char import_help[] =
	"FILE.csv is RFC 4180 CSV (quoted fields, \"\" for a quote, CRLF or LF,\n"
	"an optional UTF-8 BOM) whose first line names the columns, in any\n"
	"order (case, '-' and spaces do not matter):\n"
	"\n"
	"  record              worker, child or meeting: what the row is\n"
	"  login name roles team manager                       (worker)\n"
	"  id name social_worker dob cin_since cp_since\n"
	"     looked_after_since family_reports                (child)\n"
	"  child type date time chair minute_taker held anchors reason\n"
	"                                                      (meeting)\n"
	"\n"
	"One file may hold all three kinds with a record column, or a file\n"
	"may hold one kind and no record column: a header with roles is\n"
	"workers, with type is meetings, with social_worker is children.\n"
	"Required: worker login, name, roles; child id, name, social_worker;\n"
	"meeting child, type, date.  Empty cells are \"not given\"; a cell in a\n"
	"column that does not apply to the row's kind is an error.  Dates are\n"
	"YYYY-MM-DD, time HH:MM; roles are comma-separated (quote the cell);\n"
	"family_reports is secure-email, post or hand-delivered; held is\n"
	"teams, skype, phone, in-person or one-to-one-written; anchors is\n"
	"NAME=DATE;NAME=DATE (e.g. s47-start=2027-04-20).\n"
	"\n"
	"Rows are applied workers first, then children, then meetings (each\n"
	"with its tasks), so a row may name a worker listed further down.  A\n"
	"manager must be a worker already or a row of the file (applied\n"
	"before the workers they manage); a misspelt one is a bad row.\n"
	"Every bad row is reported as FILE:LINE: what is wrong, and nothing is\n"
	"written unless every row is good: the import is one transaction.\n"
	"Example:\n"
	"\n"
	"  record,login,name,roles,team,manager,id,social_worker,child,type,date\n"
	"  worker,tmgr,Tia Manager,team-manager,Team A,,,,,,\n"
	"  worker,asw,Ann Worker,social-worker,Team A,tmgr,,,,,\n"
	"  child,,Ben Child,,,,AB1,asw,,,\n"
	"  meeting,,,,,,,,AB1,core-group,2027-05-04\n"
	"\n"
	"Another system's export (Mosaic, LCS ...) is read through a column\n"
	"map, --map FILE.yaml: which of its columns gives which field above,\n"
	"which it ignores, what its rows are, fixed values, its values as\n"
	"cpdesk's, its encoding and its date format.  Every column of the file\n"
	"must be in the map; one that is not stops the import at FILE:1:COL.\n"
	"Example maps and exports are shipped in share/cpdesk/import-maps\n"
	"(contrib/import-maps in the source); doc/import.md describes them:\n"
	"\n"
	"  cpdesk import --map mosaic.yaml children.csv\n"
	"\n"
	"--encoding (any name iconv -l lists, e.g. windows-1252) and\n"
	"--date-format say how the file is written, over the map.  A cell that\n"
	"is wrong is reported as FILE:LINE:COL.\n";

/* Every bad row as FILE:LINE[:COL]: what is wrong, then one line saying
 * so. */
static cp_status report_problems(const import_result *res, cp_error *err)
{
	for (size_t i = 0; i < res->nproblems; i++) {
		const import_problem *p = &res->problems[i];
		if (p->col)
			fprintf(stderr, "%s:%lu:%lu: %s\n", cmd_s(adm.file), p->line,
			        p->col, cmd_s(p->msg));
		else
			fprintf(stderr, "%s:%lu: %s\n", cmd_s(adm.file), p->line,
			        cmd_s(p->msg));
	}
	fprintf(stderr, "cpdesk: import: %zu bad row%s in %s; nothing was "
	        "imported (fix %s and run it again)\n", res->nproblems,
	        res->nproblems == 1 ? "" : "s", cmd_s(adm.file),
	        res->nproblems == 1 ? "it" : "them");
	return cli_reported(CP_BADINPUT, err);
}

static cp_status run_import(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	import_result res;
	import_options o = { .map = adm.map, .encoding = adm.encoding,
	                     .date_format = adm.date_format };
	cp_status st = import_csv_with(cw, adm.file, &o, cli_progress, &res,
	                               err);
	if (st == CP_BADINPUT && res.nproblems)
		st = report_problems(&res, err);
	else if (st == CP_OK)
		cmd_note("imported %s: %zu workers, %zu children, %zu meetings",
		         cmd_s(adm.file), res.workers, res.children, res.meetings);
	import_result_free(&res);
	return st;
}

static const char *const date_format_choices[] = { "DD/MM/YYYY",
                                                   "YYYY-MM-DD", NULL };

static const cli_opt import_args[] = {
	CLI_OPT(STR, "FILE.csv", &adm.file, .help = "the CSV file"),
	{ 0 }
};

static const cli_opt import_opts[] = {
	CLI_OPT(STR, "map", &adm.map, .value = "FILE",
	        .help = "a column map (YAML) for another system's export, e.g. "
	                "share/cpdesk/import-maps/mosaic.yaml"),
	CLI_OPT(STR, "encoding", &adm.encoding, .value = "ENC",
	        .help = "the file's encoding, e.g. windows-1252 (default: the "
	                "map's, else UTF-8)"),
	CLI_OPT(CHOICE, "date-format", &adm.date_format,
	        .choices = date_format_choices,
	        .help = "how its dates are written (default: the map's, else "
	                "YYYY-MM-DD)"),
	{ 0 }
};

/* ---- backup, check-store ----------------------------------------------- */

static cp_status run_backup(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	char dir[PATH_MAX];
	size_t nm = 0;
	if (adm.verify) {   /* the copy was checked as it was made: this is
	                       for one kept since, before it is needed */
		CP_TRY(session_verify_backup(&ctx->session, ctx->today, adm.dir,
		                             &nm, err));
		printf("%s: a whole, consistent backup (%zu meetings have all "
		       "their tasks)\n", cmd_s(adm.dir), nm);
		return CP_OK;
	}
	CP_TRY(session_store_dir(&ctx->session, dir, sizeof dir, err));
	CP_TRY(session_backup(cw, adm.dir, err));
	cmd_note("backed up %s into %s", cmd_s(dir), cmd_s(adm.dir));
	return CP_OK;
}

static const cli_opt backup_args[] = {
	CLI_OPT(STR, "DIR", &adm.dir,
	        .help = "a new or empty directory, e.g. "
	                "/srv/cpdesk-backups/$(date +%F)"),
	{ 0 }
};

static const cli_opt backup_opts[] = {
	CLI_OPT(FLAG, "verify", &adm.verify,
	        .help = "check DIR, a backup made before; write nothing"),
	{ 0 }
};

static cp_status run_restore(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)cw;
	char dir[PATH_MAX], aside[PATH_MAX + NAME_MAX + 64];
	CP_TRY(session_restore(&ctx->session, ctx->today, adm.dir, dir,
	                       sizeof dir, aside, sizeof aside, err));
	cmd_note("restored %s from %s; the store it replaced is kept in %s",
	         cmd_s(dir), cmd_s(adm.dir), cmd_s(aside));
	return CP_OK;
}

static const cli_opt restore_args[] = {
	CLI_OPT(STR, "BACKUP", &adm.dir,
	        .help = "a backup's directory (cpdesk backup DIR), e.g. "
	                "/var/backups/cpdesk/2027-05-10"),
	{ 0 }
};

static cp_status run_check_store(const cli_ctx *ctx, casework *cw,
                                 cp_error *err)
{
	(void)cw;
	char dir[PATH_MAX];
	size_t nm = 0;
	CP_TRY(session_store_dir(&ctx->session, dir, sizeof dir, err));
	CP_TRY(session_check_store(&ctx->session, ctx->today, &nm, err));
	printf("%s: consistent (%zu meetings have all their tasks)\n",
	       cmd_s(dir), nm);
	return CP_OK;
}

/* ---- reassign ---------------------------------------------------------- */

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

static cp_status run_reassign(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	const cw_reassign re = { .from = adm.from, .to = adm.to,
	                         .child_id = adm.child, .reason = adm.reason,
	                         .dry_run = adm.dry_run }, *in = &re;
	cw_work_counts n;
	cp_status st = casework_reassign(cw, in, &n, err);
	if (st != CP_OK) {
		cp_error_prefix(err, "reassign: ");
		return st;
	}
	print_summary(in, &n);
	if (!n.children && !n.tasks && !n.meetings && !n.workers)
		cmd_note("nothing to reassign: %s holds no children, open tasks, "
		         "scheduled meetings or current staff%s%s",
		         cmd_s(in->from), in->child_id ? " for child " : "",
		         in->child_id ? cmd_s(in->child_id) : "");
	else if (in->dry_run)
		cmd_note("dry run: nothing was written");
	return CP_OK;
}

static const cli_opt reassign_opts[] = {
	CLI_OPT(LOGIN, "from", &adm.from, .flags = CLI_REQUIRED,
	        .help = "whose work moves (may have left)"),
	CLI_OPT(LOGIN, "to", &adm.to, .flags = CLI_REQUIRED,
	        .help = "who takes it: a current worker"),
	CLI_OPT(STR, "child", &adm.child, .value = "ID", .valid = cli_valid_id,
	        .expect = CLI_ID_EXPECT, .help = "only this child's work"),
	CLI_OPT(TEXT, "reason", &adm.reason, .flags = CLI_REQUIRED,
	        .help = "why (in the audit trail)"),
	CLI_OPT(FLAG, "dry-run", &adm.dry_run,
	        .help = "check and print the counts; write nothing"),
	{ 0 }
};

/* ---- the table --------------------------------------------------------- */

static const cli_command commands[] = {
	{ .name = "init", .summary = "create a borough's store with its policy",
	  .opts = init_opts, .run = run_init, .flags = CLI_OPENS_STORE,
	  .help =
	  "Creates the store (the directory --db, else $CPDESK_DB, else\n"
	  "$XDG_DATA_HOME/cpdesk), yours alone (0700/0600) -- or, made by root\n"
	  "as a directory of the stores' directory, a shared store (2770/0660,\n"
	  "doc/deployment.md) -- and stores a copy\n"
	  "of the policy FILE and every file of its extends: chain, so the\n"
	  "store keeps working when the files on disk change.  The Unix user\n"
	  "who creates it is its administrator (with root), whatever --as\n"
	  "says.\n"
	  "\n"
	  "Refused (exit 1) when DIR already holds a store.\n" },
	{ .name = "demo",
	  .summary = "fill an empty store with a fictional borough",
	  .opts = demo_opts_table, .needs = CLI_NEEDS_ACTION,
	  .action = ACCESS_IMPORT, .run = run_demo,
	  .help =
	  "Fills an EMPTY store (refused otherwise) with \"Demo Borough\":\n"
	  "workers in every role in three teams, you (the Unix login) as a\n"
	  "social worker and QA administrator, and N children (default 60,\n"
	  "at most 200000) at every stage: children in need open over a year,\n"
	  "conferences coming up, CP plans with reviews, looked-after children\n"
	  "with CLA reviews.  Meetings run from about 8 weeks before --today to\n"
	  "12 weeks after; some are held with outcomes, some tasks are done and\n"
	  "some overdue; reports and consultations are logged.  All names are\n"
	  "invented.  The same --seed gives the same borough.  Everything is\n"
	  "written in one transaction: all of it or nothing.\n" },
	{ .name = "import",
	  .summary = "import workers, children and meetings from CSV",
	  .args = import_args, .opts = import_opts, .needs = CLI_NEEDS_ACTION,
	  .action = ACCESS_IMPORT, .run = run_import,
	  .help = import_help },
	{ .name = "backup",
	  .summary = "a hot, compacting copy of the store into DIR",
	  .opts = backup_opts, .args = backup_args, .needs = CLI_NEEDS_ACTION,
	  .action = ACCESS_BACKUP, .run = run_backup,
	  .help =
	  "Copies the store into DIR (created 0700, yours alone; it must be\n"
	  "new or empty)\n"
	  "while others keep working: a consistent snapshot of every\n"
	  "transaction committed before the copy began (LMDB's compacting\n"
	  "copy).  The copy is opened and its indexes checked before it takes\n"
	  "the name DIR: a backup killed half way leaves no DIR.\n"
	  "\n"
	  "--verify DIR checks a backup made before (kept, copied back from\n"
	  "elsewhere) as check-store checks a store, and writes nothing to it\n"
	  "but LMDB's lock.mdb: prints 'DIR: a whole, consistent backup (N\n"
	  "meetings have all their tasks)' and exits 0; exits 2 when DIR does\n"
	  "not open as a store, is cut short or does not check out (it is not\n"
	  "a backup to restore), 1 when it is not yours to open.\n"
	  "Put a backup back with 'cpdesk restore DIR'.\n" },
	{ .name = "restore",
	  .summary = "put a backup in place of the store (nobody using it)",
	  .args = restore_args, .run = run_restore, .flags = CLI_OPENS_STORE,
	  .help =
	  "For the store's administrator: root for a shared store, its owner\n"
	  "for a store of one's own.  The store itself is not opened, so a\n"
	  "damaged one can be replaced.  In order, stopping at the first that\n"
	  "fails, with the store untouched:\n"
	  "  - BACKUP is checked as 'backup --verify' checks it (exit 2 when it\n"
	  "    is not a whole, consistent backup);\n"
	  "  - nobody may have the store open (exit 1, naming a process): it\n"
	  "    takes LMDB's lock on the store's lock.mdb, exclusive, and holds\n"
	  "    it to the end, so a cpdesk started meanwhile waits, then fails;\n"
	  "  - a compacted copy of BACKUP is made beside the store with the\n"
	  "    store's owner, group and modes (2770/0660 for a shared one) and\n"
	  "    checked, then swapped with the store in one rename.\n"
	  "The store it replaced is kept beside it as .NAME.replaced-DATETIME\n"
	  "(delete it when done).  Prints one line saying so on stderr.  Work\n"
	  "done after the backup was taken is lost: compare 'cpdesk --db\n"
	  "KEPT audit --from DATE' to re-enter it.  Exit 3: a system failure\n"
	  "(the message says whether the store was changed).\n" },
	{ .name = "check-store",
	  .summary = "check every index against its records (tests, repair)",
	  .run = run_check_store, .flags = CLI_OPENS_STORE,
	  .help =
	  "Opens the store and walks every index against its records and back\n"
	  "(the queue's copies of each open task and of its meeting's type and\n"
	  "date included), and every task against its meeting and child; then\n"
	  "every meeting's step tasks against its policy timeline (one task a\n"
	  "step, at most one of them open or done, no open task for a step the\n"
	  "timeline lacks).  A step due before a held meeting, or any step of\n"
	  "a cancelled one, may have no task: a policy switch does not add\n"
	  "history.  Prints 'DIR: consistent (N meetings have all their\n"
	  "tasks)' and exits 0, or says what is wrong and exits 3.  It reads\n"
	  "every record: only the store's administrators and those the policy\n"
	  "lets back up may run it.  Used by the crash tests after killing a\n"
	  "writer.\n" },
	{ .name = "reassign",
	  .summary = "move a worker's children, open tasks and meetings to "
	             "another",
	  .opts = reassign_opts, .needs = CLI_NEEDS_SESSION, .run = run_reassign,
	  .help =
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
	  "chairs or clerks.  --dry-run prints the same and writes nothing.\n"
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
},
	{ 0 }
};

const cli_group cmds_admin = { "admin", "Administration", commands };

/* cmd_case.c - plan start/end, care start/end, cin start/end: what
 * happens to a child's case outside a conference (casework_episode). */
#include <stdio.h>

#include "cli.h"
#include "cmd_util.h"

static const char *const category_choices[] = {
	"neglect", "physical-abuse", "emotional-abuse", "sexual-abuse",
	"multiple", "unknown", NULL
};

static struct {
	char *child, *reason;
	const char *category;
	cp_date date;
} ep;

/* One run for the six commands: which episode, start or end. */
static cp_status run_episode(casework *cw, episode_kind k, bool start,
                             cp_error *err)
{
	cw_episode_change c = { .child_id = ep.child, .kind = k,
	                        .start = start, .date = ep.date,
	                        .reason = ep.reason };
	if (ep.category)
		cp_category_parse(ep.category, &c.category);
	char warn[CW_WARN_MAX] = "";
	CP_TRY(casework_episode(cw, &c, warn, err));
	cmd_warn(warn);
	char ds[CP_DATE_STRLEN];
	date_format(ep.date, ds);
	cmd_note("child %s: %s %s on %s", cmd_s(ep.child), episode_kind_name(k),
	         start ? "started" : "ended", ds);
	return CP_OK;
}

#define RUN(name, kind, start) \
	static cp_status name(const cli_ctx *ctx, casework *cw, cp_error *err) \
	{ (void)ctx; return run_episode(cw, kind, start, err); }
RUN(run_plan_start, EPISODE_CP, true)
RUN(run_plan_end, EPISODE_CP, false)
RUN(run_care_start, EPISODE_LAC, true)
RUN(run_care_end, EPISODE_LAC, false)
RUN(run_cin_start, EPISODE_CIN, true)
RUN(run_cin_end, EPISODE_CIN, false)
#undef RUN

static const cli_opt args[] = {
	CLI_OPT(STR, "CHILD", &ep.child, .valid = cli_valid_id,
	        .expect = CLI_ID_EXPECT, .help = "the child's id"),
	CLI_OPT(DATE, "DATE", &ep.date, .help = "the day it starts or ends"),
	{ 0 }
};

static const cli_opt plan_start_opts[] = {
	CLI_OPT(CHOICE, "category", &ep.category, .choices = category_choices,
	        .help = "the plan's category (Working Together; the children "
	                "in need census)"),
	{ 0 }
};

static const cli_opt end_opts[] = {
	CLI_OPT(TEXT, "reason", &ep.reason, .flags = CLI_REQUIRED,
	        .help = "why it ends (moved away, turned 18, returned home, "
	                "...); recorded"),
	{ 0 }
};

static const char end_help[] =
	"Scheduled meetings held only during it (the policy's during:) from\n"
	"DATE on are no longer due: the child is withdrawn from them -- a\n"
	"meeting of that child alone is cancelled with its open tasks, a\n"
	"family meeting goes on for the others.  Each is said on stderr and\n"
	"audited.\n";

static const cli_command plan_commands[] = {
	{ .name = "plan start",
	  .summary = "a child protection plan from DATE (not from a conference)",
	  .args = args, .opts = plan_start_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_plan_start,
	  .help =
	  "A conference's decision (meeting outcome --plan cp-plan) opens a\n"
	  "plan by itself.  This is for a plan cpdesk did not see decided: a\n"
	  "child who moved in on another authority's plan, or one on a plan\n"
	  "since before the borough used cpdesk.  Needs the role that records\n"
	  "outcomes, for this child.  Audited (child.plan).\n" },
	{ .name = "plan end",
	  .summary = "end a child's child protection plan on DATE",
	  .args = args, .opts = end_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_plan_end,
	  .help =
	  "For a plan that ends outside a review (a review deciding no-plan\n"
	  "ends it itself): the child moved away, turned 18.  After it no\n"
	  "review conference is due.\n" },
	{ 0 }
};
const cli_group cmds_plan = { "plan", "Child protection plans",
                              plan_commands };

static const cli_command care_commands[] = {
	{ .name = "care start",
	  .summary = "the child is looked after from DATE",
	  .args = args, .needs = CLI_NEEDS_SESSION, .run = run_care_start,
	  .help =
	  "Starts an episode of care.  Its first CLA review is due within 20\n"
	  "working days of DATE, the second within 3 months of the first,\n"
	  "later ones every 6 months (reg. 33; the policy's cadence): reviews\n"
	  "are counted within each episode, so a child returning to care\n"
	  "starts again at the first.  Needs the role that adds children,\n"
	  "for this child.  Audited (child.care).\n" },
	{ .name = "care end",
	  .summary = "the child stops being looked after on DATE",
	  .args = args, .opts = end_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_care_end, .help = end_help },
	{ 0 }
};
const cli_group cmds_care = { "care", "Looked-after children", care_commands };

static const cli_command cin_commands[] = {
	{ .name = "cin start",
	  .summary = "the child is a child in need from DATE",
	  .args = args, .needs = CLI_NEEDS_SESSION, .run = run_cin_start,
	  .help =
	  "Starts a child-in-need episode.  The case-mapping list (003)\n"
	  "counts from the start of the current one and leaves out children\n"
	  "on a plan or looked after.  Audited (child.cin).\n" },
	{ .name = "cin end",
	  .summary = "the child's child-in-need episode ends on DATE",
	  .args = args, .opts = end_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_cin_end, .help = "Audited (child.cin.end).\n" },
	{ 0 }
};
const cli_group cmds_cin = { "cin", "Children in need", cin_commands };

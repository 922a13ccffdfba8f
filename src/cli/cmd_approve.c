/* cmd_approve.c - approvals (issue 18): approve, refuse, withdraw,
 * approvals.  An approval is given by the approver: the Unix user
 * running cpdesk, or --as where the permit allows it; nobody types
 * another's. */
#include <stdio.h>

#include "cli.h"
#include "cmd_util.h"
#include "query.h"

/* ---- approve ----------------------------------------------------------- */

static struct {
	uint64_t id;
	char *note;
} appr;

static cp_status run_approve(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cw_request_result r;
	char warn[CW_WARN_MAX] = "";
	bool move;
	CP_TRY(casework_request_approve(cw, appr.id, appr.note, &r, warn, err));
	move = r.kind == REQUEST_LATE_MOVE;
	if (r.done && move)
		cmd_note("request %llu approved: the meeting is moved; its open "
		         "deadlines moved with it", (unsigned long long)appr.id);
	else if (r.done)
		cmd_note("request %llu approved: the meeting is cancelled; its open "
		         "tasks are cancelled", (unsigned long long)appr.id);
	if (r.done) {
		cmd_warn(warn);
		return CP_OK;
	}
	char roles[256];
	role_set_format(r.need, roles, sizeof roles);
	cmd_note("request %llu: your approval (as %s) is recorded; it still "
	         "needs %s; the meeting stays %s", (unsigned long long)appr.id,
	         role_name(r.as), roles, move ? "where it is" : "scheduled");
	return CP_OK;
}

static const cli_opt appr_args[] = {
	CLI_OPT(ID, "ID", &appr.id, .help = "the request (cpdesk approvals)"),
	{ 0 }
};

static const cli_opt appr_opts[] = {
	CLI_OPT(TEXT, "note", &appr.note, .help = "a note with your approval"),
	{ 0 }
};

/* ---- refuse ------------------------------------------------------------ */

static struct {
	uint64_t id;
	char *reason;
} refu;

static cp_status run_refuse(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	CP_TRY(casework_request_refuse(cw, refu.id, refu.reason, err));
	cmd_note("request %llu refused: the meeting stays as it is; the "
	         "requester sees why in cpdesk approvals --mine",
	         (unsigned long long)refu.id);
	return CP_OK;
}

/* ---- withdraw ---------------------------------------------------------- */

static struct {
	uint64_t id;
	char *reason;
} wdr;

static cp_status run_withdraw(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	CP_TRY(casework_request_withdraw(cw, wdr.id, wdr.reason, err));
	cmd_note("request %llu withdrawn: the meeting stays as it is",
	         (unsigned long long)wdr.id);
	return CP_OK;
}

static const cli_opt wdr_args[] = {
	CLI_OPT(ID, "ID", &wdr.id, .help = "your request (cpdesk approvals --mine)"),
	{ 0 }
};

static const cli_opt wdr_opts[] = {
	CLI_OPT(TEXT, "reason", &wdr.reason, .help = "why (recorded)"),
	{ 0 }
};

static const cli_opt refu_args[] = {
	CLI_OPT(ID, "ID", &refu.id, .help = "the request (cpdesk approvals)"),
	{ 0 }
};

static const cli_opt refu_opts[] = {
	CLI_OPT(TEXT, "reason", &refu.reason, .flags = CLI_REQUIRED,
	        .help = "why not (the requester is told)"),
	{ 0 }
};

/* ---- approvals --------------------------------------------------------- */

static struct {
	bool mine, tsv;
} lst;

/* What it asks, after the state: "cancel icpc 12 on 2027-05-24" or
 * "move icpc 12 from 2027-05-24 to 2027-06-21 (late)" (once ended, the
 * meeting's date is no longer the one it was asked from: "move icpc 12
 * to 2027-06-21 (late)"). */
static void print_what(const query_request *r)
{
	const cp_request *q = &r->req;
	if (q->kind == REQUEST_LATE_MOVE) {
		printf("move %s %llu", cmd_s(r->meeting_type),
		       (unsigned long long)q->object_id);
		if (q->state == REQUEST_PENDING)
			printf(" from %s", cmd_date(r->meeting_date));
		printf(" to %s", cmd_date(q->move_date));
		if (q->move_minutes >= 0)
			printf(" %02d:%02d", q->move_minutes / 60, q->move_minutes % 60);
		printf(" (late)");
	} else {
		printf("cancel %s %llu on %s", cmd_s(r->meeting_type),
		       (unsigned long long)q->object_id, cmd_date(r->meeting_date));
	}
}

static void print_row(const query_request *r)
{
	const cp_request *q = &r->req;
	if (lst.tsv) {
		printf("%llu\t%s\t%s\t%llu\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t",
		       (unsigned long long)q->id, request_kind_name(q->kind),
		       request_state_name(q->state),
		       (unsigned long long)q->object_id, cmd_s(r->meeting_type),
		       cmd_date(r->meeting_date), cmd_s(q->child_id),
		       cmd_s(q->requester), cmd_s(q->reason),
		       q->state == REQUEST_PENDING ? cmd_s(r->waiting) : "",
		       r->may_approve ? "yes" : "no", cmd_s(q->closing_note));
		printf("%s\n", q->kind == REQUEST_LATE_MOVE
		       ? cmd_date(q->move_date) : "");
		return;
	}
	printf("request %llu  %s  ", (unsigned long long)q->id,
	       request_state_name(q->state));
	print_what(r);
	printf(", child %s (%s)\n", cmd_s(q->child_id), cmd_s(r->child_name));
	printf("  asked by %s (%s) on %s: %s\n", cmd_s(r->requester_name),
	       cmd_s(q->requester), cmd_date(q->made_on), cmd_s(q->reason));
	for (size_t i = 0; i < q->napprovals; i++)
		printf("  approved by %s as %s%s%s\n", cmd_s(q->approvals[i].login),
		       role_name(q->approvals[i].role),
		       *q->approvals[i].note ? ": " : "",
		       cmd_s(q->approvals[i].note));
	if (q->state == REQUEST_PENDING)
		printf("  waiting for %s%s\n", cmd_s(r->waiting),
		       r->may_approve ? " -- yours to approve or refuse" : "");
	else if (q->state == REQUEST_REFUSED)
		printf("  refused by %s on %s: %s\n", cmd_s(q->closed_by),
		       cmd_date(q->closed_on), cmd_s(q->closing_note));
	else if (q->state == REQUEST_WITHDRAWN)
		printf("  withdrawn on %s%s%s\n", cmd_date(q->closed_on),
		       *q->closing_note ? ": " : "", cmd_s(q->closing_note));
	else
		printf("  approved on %s: the meeting is %s\n",
		       cmd_date(q->closed_on),
		       q->kind == REQUEST_LATE_MOVE ? "moved" : "cancelled");
}

static cp_status run_list(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	query_requests q;
	CP_TRY(query_requests_get(cw, lst.mine, "approvals", &q, err));
	if (lst.tsv)
		printf("id\tkind\tstate\tmeeting\ttype\tdate\tchild\trequester\t"
		       "reason\twaiting\tmine\tclosing_note\tmove_to\n");
	for (size_t i = 0; i < q.n; i++)
		print_row(&q.v[i]);
	if (!q.n && !lst.tsv)
		cmd_note("%s", lst.mine ? "nothing for you to approve, and no "
		         "request of yours" : "no request is waiting for approval");
	query_requests_free(&q);
	return CP_OK;
}

static const cli_opt lst_opts[] = {
	CLI_OPT(FLAG, "mine", &lst.mine,
	        .help = "those you may approve, and your own requests"),
	CLI_OPT(FLAG, "tsv", &lst.tsv, .help = "tab-separated, with a header"),
	{ 0 }
};

static const cli_command commands[] = {
	{ .name = "approvals", .summary = "list requests waiting for approval",
	  .opts = lst_opts, .needs = CLI_NEEDS_SESSION, .run = run_list,
	  .help =
	  "The requests for approval waiting, newest first, of the meetings\n"
	  "you may see: a meeting's cancellation, or its move past the latest\n"
	  "date its timescale allows, where the policy's approvals: names\n"
	  "approvers for it.  Each says what it is for, who asked and why, the\n"
	  "approvals given, and whose are still needed.  With --mine, only\n"
	  "those you may approve or refuse, and your own requests however they\n"
	  "ended (a refusal with its reason).  With --tsv the first line is\n"
	  "  id<TAB>kind<TAB>state<TAB>meeting<TAB>type<TAB>date<TAB>child<TAB>\n"
	  "  requester<TAB>reason<TAB>waiting<TAB>mine<TAB>closing_note<TAB>\n"
	  "  move_to\n"
	  "(kind: cancel-meeting or late-move; move_to: a late move's new\n"
	  "date).\n" },
	{ .name = "approve", .summary = "approve a request (yourself)",
	  .args = appr_args, .opts = appr_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_approve,
	  .help =
	  "Approve request ID as yourself: you must hold a role the request\n"
	  "still needs and, where the role is the child's own (its service or\n"
	  "team manager, in the social worker's line of management; the\n"
	  "meeting's chair), be that person -- anyone else is refused, saying\n"
	  "whose approval is needed.  A role held in common (a QA manager) may\n"
	  "be approved by any holder.  One approval a person.  The approval\n"
	  "that completes the request (one, or with approval: all one for each\n"
	  "role) takes the action in the same transaction: the meeting is\n"
	  "cancelled, or moved (its date checked again: a day now past, or\n"
	  "closed, is refused; refuse the request instead).\n"
	  "\n"
	  "Exit 1 when refused; 2 when there is no such request.\n" },
	{ .name = "refuse", .summary = "refuse a request, with a reason",
	  .args = refu_args, .opts = refu_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_refuse,
	  .help =
	  "Refuse request ID: who may refuse is who may approve.  The request\n"
	  "is closed, the meeting stays as it is, and the requester sees the\n"
	  "reason (cpdesk approvals --mine).\n"
	  "\n"
	  "Exit 1 when refused; 2 when there is no such request.\n" },
	{ .name = "withdraw", .summary = "withdraw your own request",
	  .args = wdr_args, .opts = wdr_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_withdraw,
	  .help =
	  "Withdraw request ID, which you asked and which still waits (asked\n"
	  "in error, or no longer wanted): it is closed, nothing is done, and\n"
	  "the meeting may be asked about again.  Only its requester may\n"
	  "withdraw it; an approver refuses it instead.\n"
	  "\n"
	  "Exit 1 when refused; 2 when there is no such request.\n" },
	{ 0 }
};

const cli_group cmds_approve = { "approve", "Approvals", commands };

/* cmd_approve.c - approvals (issue 18): approve, refuse, approvals.  An
 * approval is given by the approver: the Unix user running cpdesk, or
 * --as where the permit allows it; nobody types another's. */
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
	CP_TRY(casework_request_approve(cw, appr.id, appr.note, &r, err));
	if (r.done) {
		cmd_note("request %llu approved: the meeting is cancelled; its open "
		         "tasks are cancelled", (unsigned long long)appr.id);
		return CP_OK;
	}
	char roles[256];
	role_set_format(r.need, roles, sizeof roles);
	cmd_note("request %llu: your approval (as %s) is recorded; it still "
	         "needs %s; the meeting stays scheduled",
	         (unsigned long long)appr.id, role_name(r.as), roles);
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
	cmd_note("request %llu refused: the meeting stays scheduled; the "
	         "requester sees why in cpdesk approvals --mine",
	         (unsigned long long)refu.id);
	return CP_OK;
}

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

static void print_row(const query_request *r)
{
	const cp_request *q = &r->req;
	if (lst.tsv) {
		printf("%llu\t%s\t%s\t%llu\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		       (unsigned long long)q->id, request_kind_name(q->kind),
		       request_state_name(q->state),
		       (unsigned long long)q->object_id, cmd_s(r->meeting_type),
		       cmd_date(r->meeting_date), cmd_s(q->child_id),
		       cmd_s(q->requester), cmd_s(q->reason),
		       q->state == REQUEST_PENDING ? cmd_s(r->waiting) : "",
		       r->may_approve ? "yes" : "no", cmd_s(q->closing_note));
		return;
	}
	printf("request %llu  %s  cancel %s %llu on %s, child %s (%s)\n",
	       (unsigned long long)q->id, request_state_name(q->state),
	       cmd_s(r->meeting_type), (unsigned long long)q->object_id,
	       cmd_date(r->meeting_date), cmd_s(q->child_id),
	       cmd_s(r->child_name));
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
	else
		printf("  approved on %s: the meeting is cancelled\n",
		       cmd_date(q->closed_on));
}

static cp_status run_list(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	query_requests q;
	CP_TRY(query_requests_get(cw, lst.mine, "approvals", &q, err));
	if (lst.tsv)
		printf("id\tkind\tstate\tmeeting\ttype\tdate\tchild\trequester\t"
		       "reason\twaiting\tmine\tclosing_note\n");
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
	  "The requests for approval waiting (a meeting's cancellation, where\n"
	  "the policy's cancellation: names approvers), newest first, of the\n"
	  "meetings you may see: what each is for, who asked and why, the\n"
	  "approvals given, and whose are still needed.  With --mine, only\n"
	  "those you may approve or refuse, and your own requests however they\n"
	  "ended (a refusal with its reason).  With --tsv the first line is\n"
	  "  id<TAB>kind<TAB>state<TAB>meeting<TAB>type<TAB>date<TAB>child<TAB>\n"
	  "  requester<TAB>reason<TAB>waiting<TAB>mine<TAB>closing_note\n" },
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
	  "role) cancels the meeting in the same transaction.\n"
	  "\n"
	  "Exit 1 when refused; 2 when there is no such request.\n" },
	{ .name = "refuse", .summary = "refuse a request, with a reason",
	  .args = refu_args, .opts = refu_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_refuse,
	  .help =
	  "Refuse request ID: who may refuse is who may approve.  The request\n"
	  "is closed, the meeting stays scheduled, and the requester sees the\n"
	  "reason (cpdesk approvals --mine).\n"
	  "\n"
	  "Exit 1 when refused; 2 when there is no such request.\n" },
	{ 0 }
};

const cli_group cmds_approve = { "approve", "Approvals", commands };

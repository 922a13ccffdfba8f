/* ui_approve.c - approving or refusing a request for approval from My
 * queue (issue 18): a form (a note, or a refusal's reason), then a
 * confirmation page saying what the request is for and what the answer
 * does -- the meeting cancelled or moved now, or still waiting for
 * others, or left as it is -- before y writes it.  Below the views: ui_queue.c
 * calls it; the approver is the one running the console. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_approve.h"
#include "ui_common.h"
#include "ui_draw.h"
#include "ui_form.h"

typedef struct approve_ctx {
	uint64_t id;
	request_kind kind;
	bool approve;
	bool completes;          /* an approval now takes the action */
	char what[UI_TEXT];      /* "cancel ICPC 2027-05-24 of Ada Brown (C1)" */
	char move[UI_TEXT];      /* a late move's "From Mon 2027-05-24 to Mon
	                            2027-06-14 14:00.", else "" */
	char asked[UI_TEXT];     /* "Tia Lead: Family moved away" */
	char given[UI_TEXT];     /* "sm1 (service-manager)", or "" */
	char waiting[UI_TEXT];
	char requester[UI_TEXT];
} approve_ctx;

static bool approve_preview(ui_app *a, ui_form *f)
{
	(void)a;
	const approve_ctx *c = f->ctx;
	ui_form_line(f, "%s request %llu: %s", c->approve ? "Approve" : "Refuse",
	             (unsigned long long)c->id, c->what);
	if (c->move[0])
		ui_form_line(f, "%s", c->move);
	ui_form_line(f, "Asked by %s", c->asked);
	if (c->given[0])
		ui_form_line(f, "Approved already by %s", c->given);
	ui_form_line(f, "%s: %s", c->approve ? "Note" : "Reason",
	             f->f[0].value[0] ? f->f[0].value : "(none)");
	bool move = c->kind == REQUEST_LATE_MOVE;
	if (!c->approve)
		ui_form_line(f, "The meeting stays %s; %s is told why.",
		             move ? "where it is" : "scheduled", c->requester);
	else if (c->completes && move)
		ui_form_line(f, "Yours completes it: it moves now, its open "
		             "deadlines with it.");
	else if (c->completes)
		ui_form_line(f, "Yours completes it: the meeting is cancelled now, "
		             "its open tasks with it.");
	else
		ui_form_line(f, "It then waits for %s; the meeting stays %s.",
		             c->waiting, move ? "where it is" : "scheduled");
	ui_form_line(f, "Given as you (%s).", a->me.worker.login);
	return true;
}

static cp_status approve_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                                cp_error *err)
{
	const approve_ctx *c = f->ctx;
	cw_request_result r;
	char warn[CW_WARN_MAX] = "";
	bool move = c->kind == REQUEST_LATE_MOVE;
	if (!c->approve) {
		CP_TRY(casework_request_refuse(&a->cw, c->id, f->f[0].value, err));
		snprintf(ok, size, "Refused request %llu: the meeting stays %s.",
		         (unsigned long long)c->id, move ? "where it is"
		         : "scheduled");
		return CP_OK;
	}
	CP_TRY(casework_request_approve(&a->cw, c->id, f->f[0].value, &r, warn,
	                                err));
	if (!r.done)
		snprintf(ok, size, "Approved request %llu: it waits for the other "
		         "approval.", (unsigned long long)c->id);
	else if (move)
		snprintf(ok, size, "Approved request %llu: the meeting is moved.%s%s",
		         (unsigned long long)c->id, warn[0] ? " Note: " : "", warn);
	else
		snprintf(ok, size, "Approved request %llu: the meeting is "
		         "cancelled.", (unsigned long long)c->id);
	return CP_OK;
}

/* What the confirmation page says about request r. */
static void describe(const query_request *r, approve_ctx *c)
{
	const cp_request *q = &r->req;
	char type[16], date[CP_DATE_STRLEN];
	ui_type_short(r->meeting_type, type, sizeof type);
	date_format(r->meeting_date, date);
	c->id = q->id;
	c->kind = q->kind;
	if (q->kind == REQUEST_LATE_MOVE) {
		char from[32], to[32], at[16] = "";
		ui_date_long(r->meeting_date, from, sizeof from);
		ui_date_long(q->move_date, to, sizeof to);
		if (q->move_minutes >= 0)
			snprintf(at, sizeof at, " %02d:%02d", q->move_minutes / 60,
			         q->move_minutes % 60);
		snprintf(c->what, sizeof c->what, "move %s of %s (%s), late", type,
		         r->child_name, q->child_id);
		snprintf(c->move, sizeof c->move, "From %s to %s%s.", from, to, at);
	} else
		snprintf(c->what, sizeof c->what, "cancel %s %s of %s (%s)", type,
		         date, r->child_name, q->child_id);
	snprintf(c->asked, sizeof c->asked, "%s: %s", r->requester_name,
	         q->reason);
	snprintf(c->requester, sizeof c->requester, "%s", r->requester_name);
	snprintf(c->waiting, sizeof c->waiting, "%s", r->waiting);
	for (size_t i = 0; i < q->napprovals; i++) {
		size_t len = strlen(c->given);
		snprintf(c->given + len, sizeof c->given - len, "%s%s (%s)",
		         len ? ", " : "", q->approvals[i].login,
		         role_name(q->approvals[i].role));
	}
	role_set left = request_missing(q);
	c->completes = !q->need_all || !(left & (left - 1));
}

void ui_approve_form(ui_app *a, const query_request *r, bool approve)
{
	ui_form *f = ui_form_new(approve ? "Approve" : "Refuse");
	approve_ctx *c = f ? calloc(1, sizeof *c) : NULL;
	if (!c) {
		ui_form_free(f);
		ui_status(a, true, "out of memory");
		return;
	}
	describe(r, c);
	c->approve = approve;
	f->ctx = c;
	f->ctx_free = free;
	f->meeting_id = r->req.object_id;
	/* long names and reasons are cut: the confirmation page has them */
	int n = snprintf(f->note, sizeof f->note, "Request %llu: %.200s%s%.100s",
	                 (unsigned long long)c->id, c->what,
	                 c->move[0] ? ". " : "", c->move);
	if (n > 0 && (size_t)n < sizeof f->note)
		snprintf(f->note + n, sizeof f->note - (size_t)n,
		         c->move[0] ? " Asked by %.200s." : ", asked by %.200s.",
		         c->asked);
	ui_form_add(f, approve ? "Note" : "Reason", FLD_TEXT, !approve, "");
	f->preview = approve_preview;
	f->submit = approve_submit;
	ui_form_open(a, f);
	ui_status(a, false, "%s: fill in, Enter on the last field to review.",
	          f->title);
}

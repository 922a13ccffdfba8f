/* casework_request.c - the actions a policy may mark as needing
 * approval (issue 18, approval.h) and their requests: a meeting's
 * cancellation, and a move of a meeting past the latest date its
 * timescale allows.  Asked for, the action waits until the approvers the
 * policy names approve it themselves; the last approval needed takes it
 * in its own transaction (cw_meeting_cancel_apply, cw_meeting_move_apply,
 * the date rules checked again); a refusal, or the requester's
 * withdrawal, closes the request and leaves the meeting as it was.
 * Above casework_meeting.c and casework_roles.c, which it calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "text.h"

/* The day a request ends: the session's today, else the audit clock's. */
static cp_date today_of(const casework *cw)
{
	return cw->today != CP_DATE_NONE ? cw->today : date_of_moment(cw_now(cw));
}

static cp_status audit_request(casework *cw, store_txn *t, cp_status st,
                               const char *action, const cp_request *q,
                               char *before, cp_error *err)
{
	char obj[40];
	char *after = st == CP_OK ? model_request_describe(q) : NULL;
	if (st != CP_OK) {
		free(before);
		return st;
	}
	snprintf(obj, sizeof obj, "request:%llu", (unsigned long long)q->id);
	return cw_audit(cw, t, action, obj, q->child_id, before, before != NULL,
	                after, err);
}

/* ---- a pending request of a meeting ------------------------------------ */
typedef struct find_pending {
	uint64_t meeting, found;
	request_kind kind;
} find_pending;

static bool see_pending(void *ctx, const cp_request *q)
{
	find_pending *f = ctx;
	if (q->object_id == f->meeting && q->state == REQUEST_PENDING) {
		f->found = q->id;
		f->kind = q->kind;
	}
	return !f->found;
}

cp_status casework_pending_request(store_txn *t, uint64_t meeting_id,
                                   uint64_t *request_id, request_kind *kind,
                                   cp_error *err)
{
	find_pending f = { meeting_id, 0, REQUEST_CANCEL_MEETING };
	CP_TRY(store_requests_all(t, see_pending, &f, err));
	*request_id = f.found;
	if (kind)
		*kind = f.kind;
	return CP_OK;
}

/* ---- asking ------------------------------------------------------------- */
static cp_status new_request(casework *cw, store_txn *t, const cp_meeting *m,
                             request_kind kind, const char *reason,
                             cp_request *q, cp_error *err)
{
	const policy_approval *pa = &cw->pol->approvals[kind];
	cp_request_init(q);
	q->kind = kind;
	q->object_id = m->id;
	q->made_at = cw_now(cw);
	q->made_on = today_of(cw);
	q->need = pa->approvers;
	q->need_all = pa->all;
	q->state = REQUEST_PENDING;
	CP_TRY(store_next_id(t, SEQ_REQUEST, &q->id, err));
	CP_TRY(cw_set_str(&q->child_id, m->child_id, err));
	CP_TRY(cw_set_str(&q->requester, cw->actor, err));
	CP_TRY(cw_set_str(&q->reason, reason, err));
	CP_TRY(cw_set_str(&q->closed_by, "", err));
	return cw_set_str(&q->closing_note, "", err);
}

/* The approvers' logins, "a,b" (malloc'd; NULL: out of memory). */
static char *approvers_joined(const cp_request *q)
{
	size_t len = 1;
	for (size_t i = 0; i < q->napprovals; i++)
		len += strlen(q->approvals[i].login) + 1;
	char *joined = calloc(1, len);
	for (size_t i = 0; joined && i < q->napprovals; i++) {
		if (i)
			strcat(joined, ",");
		strcat(joined, q->approvals[i].login);
	}
	return joined;
}

/* The move request q asked for, made now if it still may be: the
 * meeting still scheduled, the date rules as when it was asked (a day
 * now past is refused: the approver refuses the request instead). */
static cp_status late_move_apply(casework *cw, store_txn *t, cp_request *q,
                                 cp_meeting *m, const char *joined,
                                 char *warn, cp_error *err)
{
	cp_error why;
	char to[CP_DATE_STRLEN];
	date_format(q->move_date, to);
	if (m->status != MEETING_SCHEDULED)
		return cp_fail(err, CP_REFUSED,
		    "meeting %llu is %s: request %llu's move to %s can no longer "
		    "be made; refuse it (cpdesk refuse %llu --reason TEXT)",
		    (unsigned long long)m->id, meeting_status_name(m->status),
		    (unsigned long long)q->id, to, (unsigned long long)q->id);
	cp_status st = cw_move_rules(cw, t, m, q->move_date, q->move_minutes,
	                             q->move_force, q->reason, NULL, warn, &why);
	if (st == CP_FAILED)
		return *err = why, st;
	if (st != CP_OK)
		return cp_fail(err, CP_REFUSED,
		    "request %llu's move to %s can no longer be made (%s); refuse "
		    "it (cpdesk refuse %llu --reason TEXT)", (unsigned long long)q->id,
		    to, why.msg, (unsigned long long)q->id);
	return cw_meeting_move_apply(cw, t, m, q->move_date, q->move_minutes,
	                             q->reason, joined, warn, err);
}

/* The request ends approved (by the last approver, or the requester
 * when none was needed): the action it asked for is taken with it. */
static cp_status close_approved(casework *cw, store_txn *t, cp_request *q,
                                cp_meeting *m, char *warn, cp_error *err)
{
	char *joined = approvers_joined(q);
	if (!joined)
		return cp_oom(err);
	cp_status st = q->kind == REQUEST_LATE_MOVE
	    ? late_move_apply(cw, t, q, m, joined, warn, err)
	    : cw_meeting_cancel_apply(cw, t, m, q->reason, joined, err);
	free(joined);
	q->state = REQUEST_APPROVED;
	q->closed_at = cw_now(cw);
	q->closed_on = today_of(cw);
	if (st == CP_OK)
		st = cw_set_str(&q->closed_by, cw->actor, err);
	return st;
}

/* Store request q (made by new_request) about m, unless the meeting has
 * one waiting already; with no approver needed it is approved at once. */
static cp_status ask(casework *cw, store_txn *t, cp_meeting *m, cp_request *q,
                     cw_request_result *out, char *warn, cp_error *err)
{
	uint64_t pending = 0;
	request_kind pk;
	cp_status st = casework_pending_request(t, m->id, &pending, &pk, err);
	if (st == CP_OK && pending)
		st = cp_fail(err, CP_REFUSED,
		    "meeting %llu's %s is waiting for approval already (request "
		    "%llu): see cpdesk approvals; its requester may withdraw it "
		    "(cpdesk withdraw %llu)", (unsigned long long)m->id,
		    request_kind_title(pk), (unsigned long long)pending,
		    (unsigned long long)pending);
	if (st == CP_OK && !q->need)   /* the policy names no approver */
		st = close_approved(cw, t, q, m, warn, err);
	if (st == CP_OK)
		st = store_request_put(t, q, err);
	st = audit_request(cw, t, st, "request.add", q, NULL, err);
	out->id = q->id;
	out->kind = q->kind;
	out->done = q->state == REQUEST_APPROVED;
	out->need = q->need;
	out->need_all = q->need_all;
	return st;
}

cp_status casework_meeting_cancel_txn(casework *cw, store_txn *t, uint64_t id,
                                      const char *reason,
                                      cw_request_result *out, cp_error *err)
{
	memset(out, 0, sizeof *out);
	if (!text_nonempty(reason))
		return cp_fail(err, CP_BADINPUT,
		               "cancelling a meeting needs a reason (--reason TEXT)");
	CP_TRY(cw_too_long("the reason", reason, CW_NOTE_MAX, err));
	cp_meeting m;
	CP_TRY(cw_change_scheduled(cw, t, id, ACCESS_SCHEDULE, "cancelled", &m,
	                           err));
	cp_request q = {0};
	cp_status st = new_request(cw, t, &m, REQUEST_CANCEL_MEETING, reason, &q,
	                           err);
	if (st == CP_OK)
		st = ask(cw, t, &m, &q, out, NULL, err);
	cp_request_free(&q);
	cp_meeting_free(&m);
	return st;
}

cp_status casework_meeting_move_txn(casework *cw, store_txn *t, uint64_t id,
                                    cp_date new_date, int minutes, bool force,
                                    const char *reason,
                                    cw_request_result *out,
                                    char warn[CW_WARN_MAX], cp_error *err)
{
	memset(out, 0, sizeof *out);
	out->kind = REQUEST_LATE_MOVE;
	if (warn)
		warn[0] = '\0';
	cp_meeting m;
	CP_TRY(cw_change_scheduled(cw, t, id, ACCESS_SCHEDULE, "moved", &m, err));
	cp_status st = cw_move_rules(cw, t, &m, new_date, minutes, force, reason,
	                             "--force (the move's reason recorded)", warn,
	                             err);
	bool asks = cw->pol->approvals[REQUEST_LATE_MOVE].approvers &&
	            cw_move_is_late(&m, new_date);
	if (st == CP_OK && !asks) {
		out->done = true;
		st = cw_meeting_move_apply(cw, t, &m, new_date, minutes, reason,
		                           NULL, warn, err);
	} else if (st == CP_OK) {
		cp_request q = {0};
		st = new_request(cw, t, &m, REQUEST_LATE_MOVE, reason, &q, err);
		q.move_date = new_date;
		q.move_minutes = minutes;
		q.move_force = force;
		if (st == CP_OK)
			st = ask(cw, t, &m, &q, out, warn, err);
		cp_request_free(&q);
	}
	cp_meeting_free(&m);
	return st;
}

/* ---- who approves ------------------------------------------------------- */
/* Who holds role r for the request's child: a login must approve
 * themself (the child's own managers, the meeting's chair); a pool
 * ("@qa-manager") or nobody recorded means any holder of the role. */
static cp_status holder_of(store_txn *t, const cp_meeting *m, cp_role r,
                           char out[MODEL_ID_MAX + 1], cp_error *err)
{
	cp_child c;
	out[0] = '\0';
	CP_TRY(cw_need_child(t, m->child_id, &c, err));
	cp_status st = casework_role_holder(t, &c, m, r, out, err);
	cp_child_free(&c);
	if (st == CP_OK && out[0] == '@')
		out[0] = '\0';
	return st;
}

/* "the service manager (Sam Manager, sm1)" into buf. */
static void say_holder(const casework *cw, store_txn *t, cp_role r,
                       const char *login, char *buf, size_t size)
{
	cp_worker w;
	bool found = false;
	cp_error ignored;
	const char *title = policy_role_title(cw->pol, r);
	if (cw_get_worker(t, login, &w, &found, &ignored) == CP_OK && found) {
		snprintf(buf, size, "%s (%s, %s)", text_or_empty(title),
		         text_nonempty(w.name) ? w.name : login, login);
		cp_worker_free(&w);
	} else {
		snprintf(buf, size, "%s (%s)", text_or_empty(title), login);
	}
}

cp_status casework_request_approver(casework *cw, store_txn *t, const cp_request *q,
                              const cp_meeting *m, cp_role *as, cp_error *err)
{
	char roles[256], who[400] = "";
	if (q->state != REQUEST_PENDING)
		return cp_fail(err, CP_REFUSED, "request %llu is %s already",
		               (unsigned long long)q->id,
		               request_state_name(q->state));
	for (size_t i = 0; i < q->napprovals; i++)
		if (!strcmp(q->approvals[i].login, text_or_empty(cw->actor)))
			return cp_fail(err, CP_REFUSED,
			    "you approved request %llu already; it waits for another "
			    "approver", (unsigned long long)q->id);
	role_set missing = request_missing(q);
	role_set_format(missing, roles, sizeof roles);
	cp_worker me;
	bool found = false;
	CP_TRY(cw_get_worker(t, cw->actor, &me, &found, err));
	role_set mine = found && !me.left ? me.roles & missing : 0;
	cp_worker_free(&me);
	if (!mine)
		return cp_fail(err, CP_REFUSED,
		    "request %llu needs the approval of %s%s (%s): %s holds none "
		    "of those roles", (unsigned long long)q->id,
		    q->need_all ? "" : "one of: ", roles,
		    text_or_empty(cw->pol->approvals[q->kind].source),
		    text_or_empty(cw->actor));
	for (int r = 0; r < ROLE_COUNT; r++) {
		char holder[MODEL_ID_MAX + 1];
		if (!(mine & ROLE_BIT(r)))
			continue;
		CP_TRY(holder_of(t, m, (cp_role)r, holder, err));
		if (!holder[0] || !strcmp(holder, cw->actor)) {
			*as = (cp_role)r;
			return CP_OK;
		}
		if (!who[0])
			say_holder(cw, t, (cp_role)r, holder, who, sizeof who);
	}
	return cp_fail(err, CP_REFUSED,
	    "request %llu needs the approval of the child's own %s: %s is not "
	    "in the child's line of management", (unsigned long long)q->id, who,
	    text_or_empty(cw->actor));
}

/* A pending request whose meeting the actor does not see: hidden
 * (CP_BADINPUT) unless they hold a role it still needs -- a service
 * manager of another service asked by mistake is told whose approval it
 * is.  On CP_OK *m is the caller's to free. */
static cp_status hidden_request(casework *cw, store_txn *t,
                                const cp_request *q, cp_meeting *m,
                                cp_error *err)
{
	bool found = false, asked = false;
	cp_worker w;
	CP_TRY(store_meeting_get(t, q->object_id, m, &found, err));
	if (!found)
		return CP_BADINPUT;
	cp_status st = cw_get_worker(t, cw->actor, &w, &found, err);
	if (st == CP_OK && found) {
		asked = (w.roles & request_missing(q)) != 0;
		cp_worker_free(&w);
	}
	cp_role as;
	if (st == CP_OK)
		st = asked ? casework_request_approver(cw, t, q, m, &as, err)
		           : CP_BADINPUT;
	if (st != CP_OK)
		cp_meeting_free(m);
	return st;
}

/* Request id with its meeting (hidden like its meeting: above). */
static cp_status load_request(casework *cw, store_txn *t, uint64_t id,
                              cp_request *q, cp_meeting *m, cp_error *err)
{
	bool found = false;
	CP_TRY(store_request_get(t, id, q, &found, err));
	if (!found)
		return cp_fail(err, CP_BADINPUT, "no request %llu in this store",
		               (unsigned long long)id);
	cp_status st = cw_seen_meeting(cw, t, q->object_id, m, err);
	if (st == CP_BADINPUT && q->state == REQUEST_PENDING)
		st = hidden_request(cw, t, q, m, err);
	if (st == CP_BADINPUT)
		st = cp_fail(err, CP_BADINPUT, "no request %llu in this store",
		             (unsigned long long)id);
	if (st != CP_OK)
		cp_request_free(q);
	return st;
}

/* ---- approving, refusing, withdrawing ---------------------------------- */
cp_status casework_request_approve_txn(casework *cw, store_txn *t,
                                       uint64_t id, const char *note,
                                       cw_request_result *out,
                                       char warn[CW_WARN_MAX], cp_error *err)
{
	memset(out, 0, sizeof *out);
	if (warn)
		warn[0] = '\0';
	if (note && !text_is_clean(note))
		return cp_fail(err, CP_BADINPUT, "the note holds control characters");
	CP_TRY(cw_too_long("the note", text_or_empty(note), CW_NOTE_MAX, err));
	cp_request q;
	cp_meeting m;
	cp_role as = ROLE_COUNT;
	CP_TRY(load_request(cw, t, id, &q, &m, err));
	char *before = model_request_describe(&q);
	cp_status st = before ? casework_request_approver(cw, t, &q, &m, &as, err)
	                      : cp_oom(err);
	if (st == CP_OK)
		st = cp_request_add_approval(&q, cw->actor, as, cw_now(cw), note,
		                             err);
	if (st == CP_OK && request_satisfied(&q))
		st = close_approved(cw, t, &q, &m, warn, err);
	if (st == CP_OK)
		st = store_request_put(t, &q, err);
	st = audit_request(cw, t, st, "request.approve", &q, before, err);
	out->id = q.id;
	out->kind = q.kind;
	out->done = q.state == REQUEST_APPROVED;
	out->need = request_missing(&q);
	out->need_all = q.need_all;
	out->as = as;
	cp_request_free(&q);
	cp_meeting_free(&m);
	return st;
}

/* May the actor withdraw q: its requester, while it waits. */
static cp_status may_withdraw(const casework *cw, const cp_request *q,
                              cp_error *err)
{
	if (q->state != REQUEST_PENDING)
		return cp_fail(err, CP_REFUSED, "request %llu is %s already",
		               (unsigned long long)q->id,
		               request_state_name(q->state));
	if (strcmp(text_or_empty(q->requester), text_or_empty(cw->actor)))
		return cp_fail(err, CP_REFUSED,
		    "only its requester, %s, may withdraw request %llu; an approver "
		    "refuses it (cpdesk refuse %llu --reason TEXT)", q->requester,
		    (unsigned long long)q->id, (unsigned long long)q->id);
	return CP_OK;
}

/* Close request id without its action: refused by an approver (a reason
 * needed) or withdrawn by its requester. */
static cp_status close_unapproved(casework *cw, store_txn *t, uint64_t id,
                                  request_state to, const char *reason,
                                  cp_error *err)
{
	bool refuse = to == REQUEST_REFUSED;
	if (refuse && !text_nonempty(reason))
		return cp_fail(err, CP_BADINPUT,
		               "refusing needs a reason (--reason TEXT)");
	if (reason && !text_is_clean(reason))
		return cp_fail(err, CP_BADINPUT, "the reason holds control characters");
	CP_TRY(cw_too_long("the reason", text_or_empty(reason), CW_NOTE_MAX, err));
	cp_request q;
	cp_meeting m;
	cp_role as;
	CP_TRY(load_request(cw, t, id, &q, &m, err));
	char *before = model_request_describe(&q);
	cp_status st = !before ? cp_oom(err)
	    : refuse ? casework_request_approver(cw, t, &q, &m, &as, err)
	             : may_withdraw(cw, &q, err);
	if (st == CP_OK) {
		q.state = to;
		q.closed_at = cw_now(cw);
		q.closed_on = today_of(cw);
		st = cw_set_str(&q.closed_by, cw->actor, err);
	}
	if (st == CP_OK)
		st = cw_set_str(&q.closing_note, text_or_empty(reason), err);
	if (st == CP_OK)
		st = store_request_put(t, &q, err);
	st = audit_request(cw, t, st, refuse ? "request.refuse"
	                   : "request.withdraw", &q, before, err);
	cp_request_free(&q);
	cp_meeting_free(&m);
	return st;
}

cp_status casework_request_refuse_txn(casework *cw, store_txn *t, uint64_t id,
                                      const char *reason, cp_error *err)
{
	return close_unapproved(cw, t, id, REQUEST_REFUSED, reason, err);
}

cp_status casework_request_withdraw_txn(casework *cw, store_txn *t,
                                        uint64_t id, const char *reason,
                                        cp_error *err)
{
	return close_unapproved(cw, t, id, REQUEST_WITHDRAWN, reason, err);
}

/* ---- the one-transaction forms (cw_run) ------------------------------- */
typedef struct req_args {
	uint64_t id;
	const char *text;
	cw_request_result *out;
} req_args;

CW_TRAMPOLINE(cancel_run, req_args,
              casework_meeting_cancel_txn(cw, t, a->id, a->text, a->out, err))
CW_TRAMPOLINE(refuse_run, req_args,
              casework_request_refuse_txn(cw, t, a->id, a->text, err))
CW_TRAMPOLINE(withdraw_run, req_args,
              casework_request_withdraw_txn(cw, t, a->id, a->text, err))

/* These two say what they warn of (a chair's clash, an exception). */
static cp_status approve_run(casework *cw, store_txn *t, const void *args,
                             char *warn, cp_error *err)
{
	const req_args *a = args;
	return casework_request_approve_txn(cw, t, a->id, a->text, a->out, warn,
	                                    err);
}

typedef struct move_args {
	uint64_t id;
	cp_date date;
	int minutes;
	bool force;
	const char *reason;
	cw_request_result *out;
} move_args;

static cp_status move_run(casework *cw, store_txn *t, const void *args,
                          char *warn, cp_error *err)
{
	const move_args *a = args;
	return casework_meeting_move_txn(cw, t, a->id, a->date, a->minutes,
	                                 a->force, a->reason, a->out, warn, err);
}

cp_status casework_meeting_cancel(casework *cw, uint64_t id,
                                  const char *reason, cw_request_result *out,
                                  cp_error *err)
{
	req_args a = { id, reason, out };
	return cw_run(cw, cancel_run, &a, NULL, err);
}

cp_status casework_meeting_move(casework *cw, uint64_t id, cp_date new_date,
                                int minutes, bool force, const char *reason,
                                cw_request_result *out,
                                char warn[CW_WARN_MAX], cp_error *err)
{
	move_args a = { id, new_date, minutes, force, reason, out };
	return cw_run(cw, move_run, &a, warn, err);
}

cp_status casework_request_approve(casework *cw, uint64_t id,
                                   const char *note, cw_request_result *out,
                                   char warn[CW_WARN_MAX], cp_error *err)
{
	req_args a = { id, note, out };
	return cw_run(cw, approve_run, &a, warn, err);
}

cp_status casework_request_refuse(casework *cw, uint64_t id,
                                  const char *reason, cp_error *err)
{
	req_args a = { id, reason, NULL };
	return cw_run(cw, refuse_run, &a, NULL, err);
}

cp_status casework_request_withdraw(casework *cw, uint64_t id,
                                    const char *reason, cp_error *err)
{
	req_args a = { id, reason, NULL };
	return cw_run(cw, withdraw_run, &a, NULL, err);
}

/* ---- saying who approves ---------------------------------------------- */
cp_status casework_approvers_text(casework *cw, store_txn *t,
                                  const cp_meeting *m, role_set need,
                                  bool need_all, char *buf, size_t size,
                                  cp_error *err)
{
	size_t used = 0;
	int left = 0;
	buf[0] = '\0';
	for (int r = 0; r < ROLE_COUNT; r++)
		left += !!(need & ROLE_BIT(r));
	for (int r = 0; r < ROLE_COUNT; r++) {
		char holder[MODEL_ID_MAX + 1], who[400];
		if (!(need & ROLE_BIT(r)))
			continue;
		cp_status st = holder_of(t, m, (cp_role)r, holder, err);
		if (st == CP_FAILED)
			return st;
		if (st != CP_OK || !holder[0])
			snprintf(who, sizeof who, "a %s",
			         text_or_empty(policy_role_title(cw->pol, (cp_role)r)));
		else
			say_holder(cw, t, (cp_role)r, holder, who, sizeof who);
		left--;
		int k = snprintf(buf + used, size - used, "%s%s", who,
		                 !left ? "" : left == 1 ? (need_all ? " and " : " or ")
		                                        : ", ");
		if (k < 0 || (size_t)k >= size - used)
			break;
		used += (size_t)k;
	}
	return CP_OK;
}

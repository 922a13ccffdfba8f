/* casework_request.c - requests for approval (issue 18): a meeting's
 * cancellation asked for, then approved or refused by the approvers the
 * policy names, themselves.  The last approval needed cancels the
 * meeting in its own transaction (cw_meeting_cancel_apply); a refusal
 * closes the request and leaves the meeting as it was.  Above
 * casework_meeting.c and casework_roles.c, which it calls. */
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
} find_pending;

static bool see_pending(void *ctx, const cp_request *q)
{
	find_pending *f = ctx;
	if (q->kind == REQUEST_CANCEL_MEETING && q->object_id == f->meeting &&
	    q->state == REQUEST_PENDING)
		f->found = q->id;
	return !f->found;
}

cp_status casework_pending_cancel(store_txn *t, uint64_t meeting_id,
                                  uint64_t *request_id, cp_error *err)
{
	find_pending f = { meeting_id, 0 };
	CP_TRY(store_requests_all(t, see_pending, &f, err));
	*request_id = f.found;
	return CP_OK;
}

/* ---- asking ------------------------------------------------------------- */
static cp_status new_request(casework *cw, store_txn *t, const cp_meeting *m,
                             const char *reason, cp_request *q, cp_error *err)
{
	cp_request_init(q);
	q->kind = REQUEST_CANCEL_MEETING;
	q->object_id = m->id;
	q->made_at = cw_now(cw);
	q->made_on = today_of(cw);
	q->need = cw->pol->cancel_approvers;
	q->need_all = cw->pol->cancel_needs_all;
	q->state = REQUEST_PENDING;
	CP_TRY(store_next_id(t, SEQ_REQUEST, &q->id, err));
	CP_TRY(cw_set_str(&q->child_id, m->child_id, err));
	CP_TRY(cw_set_str(&q->requester, cw->actor, err));
	CP_TRY(cw_set_str(&q->reason, reason, err));
	CP_TRY(cw_set_str(&q->closed_by, "", err));
	return cw_set_str(&q->closing_note, "", err);
}

/* The request ends approved (by `by`, the last approver, or the
 * requester when none was needed): the meeting is cancelled with it. */
static cp_status close_approved(casework *cw, store_txn *t, cp_request *q,
                                cp_meeting *m, cp_error *err)
{
	size_t len = 1;
	for (size_t i = 0; i < q->napprovals; i++)
		len += strlen(q->approvals[i].login) + 1;
	char *joined = calloc(1, len);
	if (!joined)
		return cp_oom(err);
	for (size_t i = 0; i < q->napprovals; i++) {
		if (i)
			strcat(joined, ",");
		strcat(joined, q->approvals[i].login);
	}
	cp_status st = cw_meeting_cancel_apply(cw, t, m, q->reason, joined, err);
	free(joined);
	q->state = REQUEST_APPROVED;
	q->closed_at = cw_now(cw);
	q->closed_on = today_of(cw);
	if (st == CP_OK)
		st = cw_set_str(&q->closed_by, cw->actor, err);
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
	uint64_t pending = 0;
	cp_request q = {0};
	cp_status st = casework_pending_cancel(t, id, &pending, err);
	if (st == CP_OK && pending)
		st = cp_fail(err, CP_REFUSED,
		    "meeting %llu's cancellation is waiting for approval already "
		    "(request %llu): see cpdesk approvals",
		    (unsigned long long)id, (unsigned long long)pending);
	if (st == CP_OK)
		st = new_request(cw, t, &m, reason, &q, err);
	if (st == CP_OK && !q.need)   /* the policy names no approver */
		st = close_approved(cw, t, &q, &m, err);
	if (st == CP_OK)
		st = store_request_put(t, &q, err);
	st = audit_request(cw, t, st, "request.add", &q, NULL, err);
	out->id = q.id;
	out->done = q.state == REQUEST_APPROVED;
	out->need = q.need;
	out->need_all = q.need_all;
	cp_request_free(&q);
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
		    text_or_empty(cw->pol->cancel_source), text_or_empty(cw->actor));
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

/* ---- approving and refusing --------------------------------------------- */
cp_status casework_request_approve_txn(casework *cw, store_txn *t,
                                       uint64_t id, const char *note,
                                       cw_request_result *out, cp_error *err)
{
	memset(out, 0, sizeof *out);
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
		st = close_approved(cw, t, &q, &m, err);
	if (st == CP_OK)
		st = store_request_put(t, &q, err);
	st = audit_request(cw, t, st, "request.approve", &q, before, err);
	out->id = q.id;
	out->done = q.state == REQUEST_APPROVED;
	out->need = request_missing(&q);
	out->need_all = q.need_all;
	out->as = as;
	cp_request_free(&q);
	cp_meeting_free(&m);
	return st;
}

cp_status casework_request_refuse_txn(casework *cw, store_txn *t, uint64_t id,
                                      const char *reason, cp_error *err)
{
	if (!text_nonempty(reason))
		return cp_fail(err, CP_BADINPUT,
		               "refusing needs a reason (--reason TEXT)");
	CP_TRY(cw_too_long("the reason", reason, CW_NOTE_MAX, err));
	cp_request q;
	cp_meeting m;
	cp_role as;
	CP_TRY(load_request(cw, t, id, &q, &m, err));
	char *before = model_request_describe(&q);
	cp_status st = before ? casework_request_approver(cw, t, &q, &m, &as, err)
	                      : cp_oom(err);
	if (st == CP_OK) {
		q.state = REQUEST_REFUSED;
		q.closed_at = cw_now(cw);
		q.closed_on = today_of(cw);
		st = cw_set_str(&q.closed_by, cw->actor, err);
	}
	if (st == CP_OK)
		st = cw_set_str(&q.closing_note, reason, err);
	if (st == CP_OK)
		st = store_request_put(t, &q, err);
	st = audit_request(cw, t, st, "request.refuse", &q, before, err);
	cp_request_free(&q);
	cp_meeting_free(&m);
	return st;
}

/* ---- the one-transaction forms (cw_run) ------------------------------- */
typedef struct req_args {
	uint64_t id;
	const char *text;
	cw_request_result *out;
} req_args;

CW_TRAMPOLINE(cancel_run, req_args,
              casework_meeting_cancel_txn(cw, t, a->id, a->text, a->out, err))
CW_TRAMPOLINE(approve_run, req_args,
              casework_request_approve_txn(cw, t, a->id, a->text, a->out,
                                           err))
CW_TRAMPOLINE(refuse_run, req_args,
              casework_request_refuse_txn(cw, t, a->id, a->text, err))

cp_status casework_meeting_cancel(casework *cw, uint64_t id,
                                  const char *reason, cw_request_result *out,
                                  cp_error *err)
{
	req_args a = { id, reason, out };
	return cw_run(cw, cancel_run, &a, NULL, err);
}

cp_status casework_request_approve(casework *cw, uint64_t id,
                                   const char *note, cw_request_result *out,
                                   cp_error *err)
{
	req_args a = { id, note, out };
	return cw_run(cw, approve_run, &a, NULL, err);
}

cp_status casework_request_refuse(casework *cw, uint64_t id,
                                  const char *reason, cp_error *err)
{
	req_args a = { id, reason, NULL };
	return cw_run(cw, refuse_run, &a, NULL, err);
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

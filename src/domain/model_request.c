/* model_request.c - requests for approval: their approvals, whether
 * they are enough, and their records' lifetimes (model.h). */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "vec.h"

static const char *const kind_names[REQUEST_KIND_COUNT] = {
	[REQUEST_CANCEL_MEETING] = "cancel-meeting",
	[REQUEST_LATE_MOVE] = "late-move",
};
static const char *const kind_titles[REQUEST_KIND_COUNT] = {
	[REQUEST_CANCEL_MEETING] = "cancellation",
	[REQUEST_LATE_MOVE] = "late move",
};
static const char *const state_names[REQUEST_STATE_COUNT] = {
	[REQUEST_PENDING] = "pending",
	[REQUEST_APPROVED] = "approved",
	[REQUEST_REFUSED] = "refused",
	[REQUEST_WITHDRAWN] = "withdrawn",
};

const char *request_kind_name(request_kind k)
{
	return (unsigned)k < REQUEST_KIND_COUNT ? kind_names[k] : "?";
}

const char *request_kind_title(request_kind k)
{
	return (unsigned)k < REQUEST_KIND_COUNT ? kind_titles[k] : "?";
}

bool request_kind_parse(const char *s, request_kind *out)
{
	for (int k = 0; s && k < REQUEST_KIND_COUNT; k++)
		if (!strcmp(s, kind_names[k])) {
			*out = (request_kind)k;
			return true;
		}
	return false;
}

const char *request_state_name(request_state s)
{
	return (unsigned)s < REQUEST_STATE_COUNT ? state_names[s] : "?";
}

void cp_request_init(cp_request *r)
{
	memset(r, 0, sizeof *r);
	r->made_on = r->closed_on = r->move_date = CP_DATE_NONE;
	r->move_minutes = -2;
}

static void approval_free(cp_approval *a)
{
	free(a->login);
	free(a->note);
	memset(a, 0, sizeof *a);
}

void cp_request_free(cp_request *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->napprovals; i++)
		approval_free(&r->approvals[i]);
	free(r->approvals);
	free(r->child_id); free(r->requester); free(r->reason);
	free(r->closed_by); free(r->closing_note);
	memset(r, 0, sizeof *r);
}

/* NULL stays NULL; *ok goes false on out of memory. */
static char *dup_opt(const char *s, bool *ok)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*ok = false;
	return d;
}

cp_status cp_request_copy(cp_request *dst, const cp_request *src,
                          cp_error *err)
{
	bool ok = true;
	*dst = *src;
	dst->approvals = NULL;
	dst->napprovals = 0;
	dst->child_id = dup_opt(src->child_id, &ok);
	dst->requester = dup_opt(src->requester, &ok);
	dst->reason = dup_opt(src->reason, &ok);
	dst->closed_by = dup_opt(src->closed_by, &ok);
	dst->closing_note = dup_opt(src->closing_note, &ok);
	for (size_t i = 0; ok && i < src->napprovals; i++) {
		const cp_approval *a = &src->approvals[i];
		ok = cp_request_add_approval(dst, a->login, a->role, a->at, a->note,
		                             err) == CP_OK;
	}
	if (ok)
		return CP_OK;
	cp_request_free(dst);
	return cp_oom(err);
}

cp_status cp_request_add_approval(cp_request *r, const char *login,
                                  cp_role role, int64_t at, const char *note,
                                  cp_error *err)
{
	cp_approval *a = vec_push_zeroed((void **)&r->approvals, r->napprovals,
	                                 sizeof *r->approvals);
	if (!a)
		return cp_oom(err);
	a->role = role;
	a->at = at;
	a->login = strdup(login ? login : "");
	a->note = strdup(note ? note : "");
	if (!a->login || !a->note) {
		approval_free(a);
		return cp_oom(err);
	}
	r->napprovals++;
	return CP_OK;
}

role_set request_missing(const cp_request *r)
{
	role_set have = 0;
	for (size_t i = 0; i < r->napprovals; i++)
		have |= ROLE_BIT(r->approvals[i].role);
	return r->need & ~have;
}

bool request_satisfied(const cp_request *r)
{
	role_set missing = request_missing(r);
	return !r->need || (r->need_all ? !missing : missing != r->need);
}

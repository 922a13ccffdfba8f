/* ui_common.c - the status line, safe strings and rights that the views,
 * the forms and the dispatcher all use. */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "permit.h"
#include "team.h"
#include "text.h"
#include "ui_common.h"

void ui_status(ui_app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->status_error = error;
	a->draw = true;
}

void ui_copy(char *dst, size_t size, const char *src)
{
	text_sanitize(src ? src : "", dst, size);
}

void ui_type_short(const char *type, char *buf, size_t size)
{
	size_t i = 0;
	for (; type && type[i] && i + 1 < size && i < 10; i++)
		buf[i] = (char)toupper((unsigned char)type[i]);
	buf[i] = '\0';
	text_sanitize(buf, buf, size);
}

bool ui_text_append(char *s, size_t size, int ch)
{
	char mb[MB_LEN_MAX + 1];
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	size_t n = wcrtomb(mb, (wchar_t)ch, &ps);
	size_t len = strlen(s);
	if (n == (size_t)-1 || len + n + 1 > size)
		return false;
	/* what the command line refuses (text_is_clean) is not typed in
	 * here either: a zero-width or bidi character would reach the
	 * store unseen */
	mb[n] = '\0';
	if (!text_is_clean(mb))
		return false;
	memcpy(s + len, mb, n);
	s[len + n] = '\0';
	return true;
}

void ui_text_erase(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] & 0xC0) == 0x80)   /* a character's tail */
		n--;
	if (n > 0)
		n--;
	s[n] = '\0';
}

void ui_task_meeting(const query_task *t, char *buf, size_t size)
{
	char type[16], iso[CP_DATE_STRLEN];
	buf[0] = '\0';
	if (t->meeting_status == MEETING_STATUS_COUNT)
		return;
	ui_type_short(t->meeting_type, type, sizeof type);
	date_format(t->meeting_date, iso);
	snprintf(buf, size, "%s %s%s", type, iso + 5,
	         t->meeting_status == MEETING_CANCELLED ? " cancelled" : "");
}

const char *ui_or_none(const char *name)
{
	return name && *name ? name : "(none)";
}

/* Who may do what is the policy's (permit.h): the keys a worker may not
 * use are not offered, and an action on a case their role does not reach
 * is refused with the role needed.  casework checks again when it
 * writes.  The policy's permission for each action key (ACCESS_COUNT:
 * none needed beyond seeing the record, which the views ensure). */
static access_action access_for(ui_action act)
{
	switch (act) {
	case ACT_REPORT: return ACCESS_RECORD_REPORTS;
	case ACT_MOVE: case ACT_CANCEL: case ACT_ALLOCATE: case ACT_BOOK:
		return ACCESS_SCHEDULE;
	case ACT_OUTCOME: return ACCESS_RECORD_OUTCOMES;
	case ACT_CONSULT: return ACCESS_LOG_CONSULTATIONS;
	case ACT_VIEW_POLICY: case ACT_POLICY_USE: return ACCESS_SWITCH_POLICY;
	case ACT_VIEW_TIMELINESS: return ACCESS_READ_TIMELINESS;
	case ACT_EDIT_CHILD: return ACCESS_ADD_CHILDREN;
	case ACT_EDIT_WORKER: return ACCESS_MANAGE_WORKERS;
	default: return ACCESS_COUNT;
	}
}

/* y and n answer requests for approval: offered to a worker holding a
 * role the policy names to approve (casework checks the rest). */
static bool approver(const ui_app *a)
{
	role_set any = 0;
	for (int k = 0; k < REQUEST_KIND_COUNT; k++)
		any |= a->cw.pol->approvals[k].approvers;
	return a->me.is_worker && (a->me.worker.roles & any);
}

/* a logs a consultation: for the roles a kind's logged-by names, as
 * well as those the permission log-consultations does (003). */
static bool logs_a_kind(const ui_app *a)
{
	role_set any = 0;
	for (size_t i = 0; i < a->cw.pol->nconsult_kinds; i++)
		any |= a->cw.pol->consult_kinds[i].logged_by;
	return a->me.is_worker && (a->me.worker.roles & any);
}

void ui_actions_offered(ui_app *a, bool offered[ACT_COUNT])
{
	for (int i = 0; i < ACT_COUNT; i++) {
		access_action need = access_for((ui_action)i);
		offered[i] = need == ACCESS_COUNT ||
		             permit_allows(a->cw.pm, need);
	}
	/* not needed: the roles the policy's closing: not-needed names */
	const access_actor *who = a->cw.pm ? permit_who(a->cw.pm) : NULL;
	offered[ACT_SKIP] = !who || who->admin ||
	                    (who->roles & a->cw.pol->close_not_needed);
	offered[ACT_APPROVE] = offered[ACT_REFUSE] = approver(a);
	offered[ACT_CONSULT] = offered[ACT_CONSULT] || logs_a_kind(a);
	cp_error err;
	offered[ACT_VIEW_TEAM] = team_may(&a->cw, &err) == CP_OK;
}

bool ui_action_offered(ui_app *a, ui_action act)
{
	cp_error err;
	access_action need = access_for(act);
	if (act == ACT_APPROVE || act == ACT_REFUSE) {
		if (!approver(a))
			ui_status(a, true, "only the approvers the policy names "
			          "(cancellation: approvers) approve or refuse");
		return approver(a);
	}
	if (act == ACT_CONSULT && logs_a_kind(a))
		return true;
	if (need == ACCESS_COUNT ||
	    permit_may(a->cw.pm, need, &err) == CP_OK)
		return true;
	ui_status(a, true, "%s", err.msg);
	return false;
}

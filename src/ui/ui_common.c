/* ui_common.c - the status line, safe strings, names and rights that the
 * views, the forms and the dispatcher all use. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>

#include "permit.h"
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

void ui_worker_name(store_txn *t, const char *login, char *buf, size_t size)
{
	if (!login || !*login) {
		snprintf(buf, size, "(none)");
		return;
	}
	if (login[0] == '@') {
		ui_copy(buf, size, login);
		return;
	}
	cp_worker w = { 0 };
	bool found = false;
	cp_error err;
	if (store_worker_get(t, login, &w, &found, &err) == CP_OK && found &&
	    w.name[0])
		ui_copy(buf, size, w.name);
	else
		ui_copy(buf, size, login);
	cp_worker_free(&w);
}

store_txn *ui_read_begin(ui_app *a)
{
	store_txn *t = NULL;
	cp_error err;
	if (store_read_begin(a->cw.st, &t, &err) != CP_OK) {
		ui_status(a, true, "cannot read the store: %s", err.msg);
		return NULL;
	}
	return t;
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
	case ACT_MOVE: case ACT_CANCEL: return ACCESS_SCHEDULE;
	case ACT_OUTCOME: return ACCESS_RECORD_OUTCOMES;
	case ACT_CONSULT: return ACCESS_LOG_CONSULTATIONS;
	case ACT_VIEW_POLICY: case ACT_POLICY_USE: return ACCESS_SWITCH_POLICY;
	default: return ACCESS_COUNT;
	}
}

void ui_actions_offered(ui_app *a, bool offered[ACT_COUNT])
{
	for (int i = 0; i < ACT_COUNT; i++) {
		access_action need = access_for((ui_action)i);
		offered[i] = need == ACCESS_COUNT ||
		             permit_allows(a->cw.pm, need);
	}
}

bool ui_action_offered(ui_app *a, ui_action act)
{
	cp_error err;
	access_action need = access_for(act);
	if (need == ACCESS_COUNT ||
	    permit_may(a->cw.pm, need, &err) == CP_OK)
		return true;
	ui_status(a, true, "%s", err.msg);
	return false;
}

/* ui_edit.c - the console's corrections: a child's record and a
 * worker's.  Each form reads the record through the seam when it opens
 * (the child's read is on the record), checks every field as it is typed
 * (a login that is no worker, a date, a household, an e-mail address),
 * shows each change old -> new before anything is written, and writes
 * only the fields changed through one casework_*_edit call: one
 * transaction, in the audit with the record before and after.
 *
 * What the record was when the form opened is kept here, in fixed
 * buffers: one form is open at a time, and opening one starts afresh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_common.h"
#include "ui_edit.h"
#include "ui_form.h"

/* A field's value as it was, and whether the form has changed it. */
typedef char was_buf[FORM_VALUE];

static struct {
	char key[MODEL_ID_MAX + 1];  /* whose record: login or child id */
	char name[UI_NAME];          /* their name, for titles */
	bool loaded;                 /* worker: the fields hold key's record */
	was_buf was[FORM_FIELDS];
	size_t sw_tasks;             /* child: open tasks its worker holds */
} ed;

static bool changed(const ui_form *f, size_t i)
{
	if (f->f[i].kind == FLD_CHOICE)
		return strcmp(ui_form_choice(&f->f[i]), ed.was[i]) != 0;
	return strcmp(f->f[i].value, ed.was[i]) != 0;
}

static bool any_changed(const ui_form *f)
{
	for (size_t i = 0; i < f->nf; i++)
		if (changed(f, i))
			return true;
	return false;
}

/* "  Team: North -> South" for each changed field of the form. */
static void change_lines(ui_form *f)
{
	for (size_t i = 0; i < f->nf; i++)
		if (changed(f, i))
			ui_form_line(f, "  %s: %s -> %s", f->f[i].label,
			             ed.was[i][0] ? ed.was[i] : "(none)",
			             f->f[i].kind == FLD_CHOICE ?
			             ui_form_choice(&f->f[i]) :
			             f->f[i].value[0] ? f->f[i].value : "(none)");
}

/* The confirmation page's head: whose record, and each change; false
 * (said on the status line) when nothing changed. */
static bool preview_changes(ui_app *a, ui_form *f)
{
	if (!any_changed(f)) {
		ui_status(a, true, "Nothing changed: change a field, or Esc.");
		return false;
	}
	ui_form_line(f, "Correct the record of %s (%s):", ed.name, ed.key);
	change_lines(f);
	ui_form_line(f, "%s", "");
	return true;
}

static void open_form(ui_app *a, ui_form *f)
{
	ui_form_open(a, f);
	ui_status(a, false, "%s: change what is wrong, Enter on the last "
	          "field to review.", f->title);
}

/* The worker login, through the seam; false (msg says why) when none. */
static bool read_worker(ui_app *a, const char *login, cp_worker *w,
                        char *msg, size_t size)
{
	bool found = false;
	cp_error err;
	if (query_worker(&a->cw, login, w, &found, &err) != CP_OK) {
		snprintf(msg, size, "%.200s", err.msg);
		return false;
	}
	if (!found)
		snprintf(msg, size, "no worker with this login");
	return found;
}

/* ---- a worker ---------------------------------------------------------- */
enum { WF_LOGIN, WF_NAME, WF_ROLES, WF_TEAM, WF_MANAGER, WF_EMAIL };

/* The fields from worker w, and what they were. */
static void fill_worker(ui_form *f, const cp_worker *w)
{
	char roles[FORM_VALUE];
	role_set_format(w->roles, roles, sizeof roles);
	const char *v[] = { w->login, w->name, roles, w->team, w->manager,
	                    w->email };
	for (size_t i = 0; i < f->nf; i++) {
		/* the login is being typed: the others are its record's */
		if (i == WF_LOGIN)
			snprintf(f->f[i].value, sizeof f->f[i].value, "%s", v[i]);
		else
			ui_form_suggest(&f->f[i], v[i]);
		snprintf(ed.was[i], sizeof ed.was[i], "%s", v[i]);
	}
	snprintf(ed.key, sizeof ed.key, "%s", w->login);
	snprintf(ed.name, sizeof ed.name, "%s", w->name);
	ed.loaded = true;
}

/* The login: the worker's name when there is one; a worker found for
 * the first time fills the other fields. */
static void check_login(ui_app *a, ui_form *f, ui_field *fl)
{
	cp_worker w;
	if (!fl->value[0] ||
	    !read_worker(a, fl->value, &w, fl->msg, sizeof fl->msg)) {
		fl->bad = true;
		if (!fl->value[0])
			snprintf(fl->msg, sizeof fl->msg, "type the worker's login");
		ed.loaded = false;
		return;
	}
	if (!ed.loaded || strcmp(ed.key, w.login))
		fill_worker(f, &w);
	snprintf(fl->msg, sizeof fl->msg, "%s%s", w.name,
	         w.left ? " (has left)" : "");
	cp_worker_free(&w);
}

/* A manager: a current worker other than the one edited. */
static void check_manager(ui_app *a, ui_form *f, ui_field *fl)
{
	cp_worker w;
	if (!fl->value[0]) {
		snprintf(fl->msg, sizeof fl->msg, "blank: none");
		return;
	}
	if (!read_worker(a, fl->value, &w, fl->msg, sizeof fl->msg)) {
		fl->bad = true;
		return;
	}
	fl->bad = w.left || !strcmp(w.login, f->f[WF_LOGIN].value);
	snprintf(fl->msg, sizeof fl->msg, "%s%s", w.name,
	         w.left ? ": has left" : fl->bad ? ": not their own manager" : "");
	cp_worker_free(&w);
}

static void worker_check(ui_app *a, ui_form *f, size_t i)
{
	ui_field *fl = &f->f[i];
	role_set roles;
	const char *bad = NULL;
	if (i != WF_LOGIN && fl->bad)
		return;             /* the field's own check said why */
	if (i == WF_LOGIN)
		check_login(a, f, fl);
	else if (!ed.loaded)
		snprintf(fl->msg, sizeof fl->msg, "type the login first");
	else if (i == WF_ROLES && (!role_set_parse(fl->value, &roles, &bad) ||
	                           !roles)) {
		fl->bad = true;
		snprintf(fl->msg, sizeof fl->msg, "unknown role at '%.40s'",
		         bad ? bad : fl->value);
	} else if (i == WF_MANAGER) {
		check_manager(a, f, fl);
	} else if (i == WF_EMAIL && fl->value[0] &&
	           !casework_email_ok(fl->value)) {
		fl->bad = true;
		snprintf(fl->msg, sizeof fl->msg, "not an e-mail address");
	} else if ((i == WF_TEAM || i == WF_EMAIL) && !fl->value[0]) {
		snprintf(fl->msg, sizeof fl->msg, "blank: none");
	}
}

static bool worker_preview(ui_app *a, ui_form *f)
{
	if (!preview_changes(a, f))
		return false;
	ui_form_line(f, "In the audit as worker.update, before and after.");
	return true;
}

/* A changed field's value for the edit, else NULL (left as it is). */
static const char *if_changed(const ui_form *f, size_t i)
{
	return changed(f, i) ? f->f[i].value : NULL;
}

static cp_status worker_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                               cp_error *err)
{
	cw_worker_edit e = {
		.login = ed.key, .name = if_changed(f, WF_NAME),
		.team = if_changed(f, WF_TEAM),
		.manager = if_changed(f, WF_MANAGER),
		.email = if_changed(f, WF_EMAIL),
	};
	if (changed(f, WF_ROLES))
		role_set_parse(f->f[WF_ROLES].value, &e.roles, NULL);
	cw_edited out;
	cp_status st = casework_worker_edit(&a->cw, &e, &out, err);
	if (st == CP_OK)
		snprintf(ok, size, "Corrected the record of %s.", ed.name);
	return st;
}

void ui_edit_worker(ui_app *a)
{
	if (!ui_action_offered(a, ACT_EDIT_WORKER))
		return;
	ui_form *f = ui_form_new("Correct a worker's record");
	if (!f)
		return;
	memset(&ed, 0, sizeof ed);
	static const char *const labels[] = {
		"Login", "Name", "Roles", "Team", "Manager", "E-mail"
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		ui_form_add(f, labels[i], FLD_TEXT,
		            i == WF_LOGIN || i == WF_NAME || i == WF_ROLES, "");
	f->check = worker_check;
	f->preview = worker_preview;
	f->submit = worker_submit;
	open_form(a, f);
}

/* ---- a child ----------------------------------------------------------- */
enum { CF_NAME, CF_DOB, CF_EXPECTED, CF_SW, CF_PREF, CF_FAMILY };

static void add_pref(ui_form *f, family_pref now)
{
	static const char *const labels[FAMILY_PREF_COUNT] = {
		[FAMILY_PREF_UNKNOWN] = "not recorded",
		[FAMILY_PREF_SECURE_EMAIL] = "by secure e-mail",
		[FAMILY_PREF_POST] = "by post",
		[FAMILY_PREF_HAND_DELIVERED] = "delivered by hand",
	};
	ui_field *p = ui_form_add(f, "Family reports", FLD_CHOICE, false, "");
	/* "not recorded" only while it is: it is not a choice to make */
	for (int i = now == FAMILY_PREF_UNKNOWN ? 0 : 1; i < FAMILY_PREF_COUNT;
	     i++) {
		if ((family_pref)i == now)
			p->choice = p->nchoices;
		p->choices[p->nchoices] = family_pref_name((family_pref)i);
		p->choice_labels[p->nchoices++] = labels[i];
	}
}

static void date_value(cp_date d, char *buf, size_t size)
{
	char s[CP_DATE_STRLEN] = "";
	if (d != CP_DATE_NONE)
		date_format(d, s);
	snprintf(buf, size, "%s", s);
}

/* The fields from the child's record, and what they were. */
static void fill_child(ui_form *f, const query_child_record *r)
{
	const cp_child *c = &r->c.child;
	char dob[CP_DATE_STRLEN], exp[CP_DATE_STRLEN];
	date_value(c->dob, dob, sizeof dob);
	date_value(c->expected_birth, exp, sizeof exp);
	ui_form_add(f, "Name", FLD_TEXT, true, c->name);
	ui_form_add(f, "Date of birth", FLD_DATE, false, dob);
	ui_form_add(f, "Expected birth", FLD_DATE, false, exp);
	ui_form_add(f, "Social worker", FLD_TEXT, true, c->social_worker);
	add_pref(f, c->family_pref);
	ui_form_add(f, "Household", FLD_TEXT, false, c->family_id);
	for (size_t i = 0; i < f->nf; i++)
		snprintf(ed.was[i], sizeof ed.was[i], "%s",
		         f->f[i].kind == FLD_CHOICE ? ui_form_choice(&f->f[i]) :
		         f->f[i].value);
	snprintf(ed.key, sizeof ed.key, "%s", c->id);
	snprintf(ed.name, sizeof ed.name, "%s", c->name);
	for (size_t i = 0; i < r->open_tasks.n; i++) {
		const cp_task *k = &r->open_tasks.v[i].task;
		ed.sw_tasks += k->role == ROLE_SOCIAL_WORKER &&
		               !strcmp(k->assignee, c->social_worker);
	}
}

/* A date of birth, once recorded, is corrected, never removed; an
 * expected one is for a child not yet born. */
static void check_births(ui_form *f, size_t i)
{
	ui_field *fl = &f->f[i];
	bool dob = f->f[CF_DOB].value[0], exp = f->f[CF_EXPECTED].value[0];
	const char *why = NULL;
	if (i == CF_DOB && !dob && ed.was[CF_DOB][0])
		why = "a date of birth is corrected, not removed";
	else if (i == CF_EXPECTED && dob && exp)
		why = "born: clear the expected date";
	else if (i == CF_EXPECTED && !exp && ed.was[CF_EXPECTED][0] && !dob)
		why = "born? give the date of birth";
	if (why)
		fl->bad = true;
	/* a birthday's weekday and working day say nothing: only blank */
	snprintf(fl->msg, sizeof fl->msg, "%s", why ? why :
	         fl->value[0] ? "" : "blank: none");
}

/* The social worker: a current worker who holds social-worker. */
static void check_sw(ui_app *a, ui_form *f, ui_field *fl)
{
	cp_worker w;
	if (!read_worker(a, fl->value, &w, fl->msg, sizeof fl->msg)) {
		fl->bad = true;
		return;
	}
	bool sw = w.roles & ROLE_BIT(ROLE_SOCIAL_WORKER);
	fl->bad = w.left || !sw;
	if (fl->bad || !changed(f, CF_SW))
		snprintf(fl->msg, sizeof fl->msg, "%s%s", w.name, w.left ?
		         ": has left" : !sw ? ": not a social worker" : "");
	else
		snprintf(fl->msg, sizeof fl->msg, "%s; %zu open task%s move",
		         w.name, ed.sw_tasks, ed.sw_tasks == 1 ? "" : "s");
	cp_worker_free(&w);
}

/* The household: one in the store (its name). */
static void check_family(ui_app *a, ui_field *fl)
{
	query_family_record r;
	cp_error err;
	if (!fl->value[0]) {
		snprintf(fl->msg, sizeof fl->msg, "blank: none");
		return;
	}
	if (query_family_get(&a->cw, fl->value, false, "console: edit child",
	                     &r, &err) != CP_OK) {
		fl->bad = true;
		snprintf(fl->msg, sizeof fl->msg, "no household with this id");
		return;
	}
	snprintf(fl->msg, sizeof fl->msg, "%s", r.f.family.name);
	query_family_record_free(&r);
}

static void child_check(ui_app *a, ui_form *f, size_t i)
{
	ui_field *fl = &f->f[i];
	if (fl->bad)
		return;
	if (i == CF_DOB || i == CF_EXPECTED)
		check_births(f, i);
	else if (i == CF_SW && fl->value[0])
		check_sw(a, f, fl);
	else if (i == CF_FAMILY)
		check_family(a, fl);
}

static bool child_preview(ui_app *a, ui_form *f)
{
	if (!preview_changes(a, f))
		return false;
	if (changed(f, CF_SW))
		ui_form_line(f, "%zu open social-worker task%s move from %s to "
		             "%s with the child.", ed.sw_tasks,
		             ed.sw_tasks == 1 ? "" : "s", ed.was[CF_SW],
		             f->f[CF_SW].value);
	ui_form_line(f, "In the audit as child.update, before and after.");
	return true;
}

static cp_status child_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                              cp_error *err)
{
	cw_child_edit e = {
		.id = ed.key, .name = if_changed(f, CF_NAME),
		.social_worker = if_changed(f, CF_SW),
		.family_id = if_changed(f, CF_FAMILY),
		.dob_set = changed(f, CF_DOB) && f->f[CF_DOB].value[0],
		.expected_set = changed(f, CF_EXPECTED) &&
		                f->f[CF_EXPECTED].value[0],
		.pref_set = changed(f, CF_PREF),
	};
	ui_form_date(&f->f[CF_DOB], &e.dob);
	ui_form_date(&f->f[CF_EXPECTED], &e.expected_birth);
	family_pref_parse(ui_form_choice(&f->f[CF_PREF]), &e.family_pref);
	cw_edited out;
	cp_status st = casework_child_edit(&a->cw, &e, &out, err);
	if (st == CP_OK && out.tasks_moved)
		snprintf(ok, size, "Corrected %s's record; %zu open task%s moved "
		         "to %s.", ed.name, out.tasks_moved,
		         out.tasks_moved == 1 ? "" : "s", f->f[CF_SW].value);
	else if (st == CP_OK)
		snprintf(ok, size, "Corrected %s's record.", ed.name);
	return st;
}

void ui_edit_child(ui_app *a, const char *child_id)
{
	cp_error err;
	query_child_record r;
	if (!ui_action_offered(a, ACT_EDIT_CHILD))
		return;
	if (!child_id || !*child_id) {
		ui_status(a, false, "Select a child first (Children: press 3)");
		return;
	}
	/* the form says so before anything is typed: not this child */
	if (query_child_may(&a->cw, child_id, ACCESS_ADD_CHILDREN, &err) != CP_OK ||
	    query_child_get(&a->cw, child_id, QUERY_CHILD_TASKS,
	                    "console: edit child", &r, &err) != CP_OK) {
		ui_status(a, true, "%s", err.msg);
		return;
	}
	ui_form *f = ui_form_new("");
	if (f) {
		memset(&ed, 0, sizeof ed);
		fill_child(f, &r);
		snprintf(f->title, sizeof f->title, "Correct %s (%s)", ed.name,
		         ed.key);
		f->check = child_check;
		f->preview = child_preview;
		f->submit = child_submit;
		open_form(a, f);
	}
	query_child_record_free(&r);
}

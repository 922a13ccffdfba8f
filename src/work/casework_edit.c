/* casework_edit.c - corrections (casework.h): a worker's record, a
 * child's record, and households.  Each edit reads the record, applies
 * only the fields given, checks the result as worker add and child add
 * check a new one (and every reference it makes), writes it, and puts
 * the record before and after in the audit -- one transaction, or
 * nothing.  An edit that changes nothing writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "permit.h"
#include "text.h"

/* ---- a worker ---------------------------------------------------------- */
static bool worker_edit_empty(const cw_worker_edit *in)
{
	return !in->name && !in->roles && !in->team && !in->manager &&
	       !in->email;
}

/* The worker with the edit's fields applied (w: a copy of the old one). */
static cp_status worker_apply(cp_worker *w, const cw_worker_edit *in,
                              cp_error *err)
{
	if (in->name)
		CP_TRY(cw_set_str(&w->name, in->name, err));
	if (in->roles)
		w->roles = in->roles;
	if (in->team)
		CP_TRY(cw_set_str(&w->team, in->team, err));
	if (in->manager)
		CP_TRY(cw_set_str(&w->manager, in->manager, err));
	if (in->email)
		CP_TRY(cw_set_str(&w->email, in->email, err));
	return CP_OK;
}

/* The new record against the old: each reference it changes, the roles
 * the actor must be able to give, the work a role taken away leaves. */
static cp_status worker_edit_check(casework *cw, store_txn *t,
                                   const cp_worker *old, const cp_worker *w,
                                   cp_error *err)
{
	CP_TRY(cw_check_worker(w, err));
	CP_TRY(cw_may_give(cw, old->roles | w->roles, err));
	if (strcmp(old->manager, w->manager))
		CP_TRY(cw_check_manager(t, w->login, w->manager, err));
	role_set taken = old->roles & ~w->roles;
	if (taken)
		CP_TRY(cw_work_needs(cw, t, w->login, taken, err));
	return CP_OK;
}

/* Write w over old, audited, when it differs. */
static cp_status worker_edit_write(casework *cw, store_txn *t,
                                   const cp_worker *old, const cp_worker *w,
                                   cw_edited *out, cp_error *err)
{
	char *before = model_worker_describe(old);
	char *after = model_worker_describe(w);
	cp_status st = before && after ? CP_OK : cp_oom(err);
	out->changed = st == CP_OK && strcmp(before, after) != 0;
	if (st == CP_OK && out->changed)
		st = store_worker_put(t, w, err);
	if (st != CP_OK || !out->changed) {
		free(before);
		free(after);
		return st;
	}
	return cw_audit_worker(cw, t, "worker.update", w->login, before, true,
	                       after, err);
}

cp_status casework_worker_edit_txn(casework *cw, store_txn *t,
                                   const cw_worker_edit *in, cw_edited *out,
                                   cp_error *err)
{
	cw_edited ignored;
	if (!out)
		out = &ignored;
	memset(out, 0, sizeof *out);
	const char *login = text_or_empty(in->login);
	if (worker_edit_empty(in))
		return cp_fail(err, CP_BADINPUT, "worker edit %s: nothing to "
		    "change: give --name, --role, --team, --manager or --email",
		    login);
	CP_TRY(permit_may(cw->pm, ACCESS_MANAGE_WORKERS, err));
	cp_worker old, w;
	bool found;
	CP_TRY(cw_get_worker(t, login, &old, &found, err));
	if (!found)
		return cp_fail(err, CP_BADINPUT,
		    "no worker '%s' in this store (cpdesk worker list shows them)",
		    login);
	memset(&w, 0, sizeof w);
	cp_status st = cp_worker_copy(&w, &old, err);
	if (st == CP_OK)
		st = worker_apply(&w, in, err);
	if (st == CP_OK)
		st = worker_edit_check(cw, t, &old, &w, err);
	if (st == CP_OK)
		st = worker_edit_write(cw, t, &old, &w, out, err);
	cp_worker_free(&old);
	cp_worker_free(&w);
	return st;
}

/* ---- a child ----------------------------------------------------------- */
static bool child_edit_empty(const cw_child_edit *in)
{
	return !in->name && !in->dob_set && !in->expected_set &&
	       !in->social_worker && !in->pref_set && !in->family_id;
}

/* The input on its own: what it may not say whatever the record. */
static cp_status child_edit_input(const cw_child_edit *in, cp_error *err)
{
	const char *id = text_or_empty(in->id);
	if (child_edit_empty(in))
		return cp_fail(err, CP_BADINPUT, "child edit %s: nothing to "
		    "change: give --name, --dob, --expected-birth, "
		    "--social-worker, --family-reports or --family", id);
	if (in->dob_set && in->expected_set)
		return cp_fail(err, CP_BADINPUT, "child edit %s: a date of birth "
		    "or an expected date of birth (an unborn child), not both",
		    id);
	if ((in->dob_set && in->dob == CP_DATE_NONE) ||
	    (in->expected_set && in->expected_birth == CP_DATE_NONE))
		return cp_fail(err, CP_BADINPUT, "child edit %s: give a date",
		               id);
	if (in->pref_set && (unsigned)in->family_pref >= FAMILY_PREF_COUNT)
		return cp_fail(err, CP_BADINPUT, "child %s: bad family "
		               "preference", id);
	return CP_OK;
}

/* The role first, then the child -- one the actor does not see is not
 * there -- then the role's reach over this child (issue 15).  A new
 * social worker moves work: reassign's permission too, as reassign
 * --child asks it (the child is seen by then: saying so tells nothing). */
static cp_status child_edit_may(casework *cw, store_txn *t,
                                const cw_child_edit *in, cp_child *old,
                                cp_error *err)
{
	CP_TRY(permit_may(cw->pm, ACCESS_ADD_CHILDREN, err));
	CP_TRY(cw_seen_child(cw, t, text_or_empty(in->id), old, err));
	bool moves = in->social_worker &&
	             strcmp(in->social_worker, old->social_worker);
	cp_status st = permit_child(cw->pm, t, ACCESS_ADD_CHILDREN, old, err);
	if (st == CP_OK && moves)
		st = permit_child(cw->pm, t, ACCESS_REASSIGN, old, err);
	if (st != CP_OK)
		cp_child_free(old);
	return st;
}

/* The child with the edit's fields applied (c: a copy of the old one). */
static cp_status child_apply(cp_child *c, const cw_child_edit *in,
                             cp_error *err)
{
	if (in->name)
		CP_TRY(cw_set_str(&c->name, in->name, err));
	if (in->dob_set) {         /* born: no longer expected */
		c->dob = in->dob;
		c->expected_birth = CP_DATE_NONE;
	}
	if (in->expected_set && c->dob != CP_DATE_NONE)
		return cp_fail(err, CP_REFUSED,
		    "child %s has a date of birth: only an unborn child has an "
		    "expected date of birth", c->id);
	if (in->expected_set)
		c->expected_birth = in->expected_birth;
	if (in->social_worker)
		CP_TRY(cw_set_str(&c->social_worker, in->social_worker, err));
	if (in->pref_set)
		c->family_pref = in->family_pref;
	if (in->family_id)
		CP_TRY(cw_set_str(&c->family_id, in->family_id, err));
	return CP_OK;
}

/* The references the edit changes. */
static cp_status child_edit_refs(store_txn *t, const cp_child *old,
                                 const cp_child *c, cp_error *err)
{
	CP_TRY(cw_check_child(c, err));
	if (strcmp(old->social_worker, c->social_worker))
		CP_TRY(cw_need_social_worker(t, c->social_worker, err));
	if (strcmp(old->family_id, text_or_empty(c->family_id)))
		CP_TRY(cw_need_family(t, c->family_id, err));
	return CP_OK;
}

/* Write c over old, audited, and move the old social worker's open
 * social-worker tasks for the child when the allocation changed. */
static cp_status child_edit_write(casework *cw, store_txn *t,
                                  const cp_child *old, const cp_child *c,
                                  cw_edited *out, cp_error *err)
{
	char *before = model_child_describe(old);
	char *after = model_child_describe(c);
	cp_status st = before && after ? CP_OK : cp_oom(err);
	out->changed = st == CP_OK && strcmp(before, after) != 0;
	if (st == CP_OK && out->changed)
		st = store_child_put(t, c, err);
	if (st != CP_OK || !out->changed) {
		free(before);
		free(after);
		return st;
	}
	char obj[MODEL_ID_MAX + 16];
	snprintf(obj, sizeof obj, "child:%s", c->id);
	CP_TRY(cw_audit(cw, t, "child.update", obj, c->id, before, true, after,
	                err));
	if (!strcmp(old->social_worker, c->social_worker))
		return CP_OK;
	return cw_move_child_tasks(cw, t, c->id, old->social_worker,
	                           c->social_worker, ROLE_SOCIAL_WORKER,
	                           &out->tasks_moved, err);
}

cp_status casework_child_edit_txn(casework *cw, store_txn *t,
                                  const cw_child_edit *in, cw_edited *out,
                                  cp_error *err)
{
	cw_edited ignored;
	if (!out)
		out = &ignored;
	memset(out, 0, sizeof *out);
	CP_TRY(child_edit_input(in, err));
	cp_child old, c;
	CP_TRY(child_edit_may(cw, t, in, &old, err));
	memset(&c, 0, sizeof c);
	cp_status st = cp_child_copy(&c, &old, err);
	if (st == CP_OK)
		st = child_apply(&c, in, err);
	if (st == CP_OK)
		st = child_edit_refs(t, &old, &c, err);
	if (st == CP_OK)
		st = child_edit_write(cw, t, &old, &c, out, err);
	cp_child_free(&old);
	cp_child_free(&c);
	return st;
}

/* ---- the one-transaction forms ----------------------------------------- */
/* An edit that changes nothing is not committed (an empty commit would
 * make every console re-read the store for nothing): its transaction is
 * aborted and the edit still answers CP_OK. */
typedef struct edit_ctx {
	casework *cw;
	const void *in;
	bool child;
	cw_edited out;
	bool unchanged;          /* the edit ran, and changed nothing */
} edit_ctx;

static cp_status edit_write(store_txn *t, void *vctx, cp_error *err)
{
	edit_ctx *e = vctx;
	e->unchanged = false;
	cp_status st = e->child
		? casework_child_edit_txn(e->cw, t, e->in, &e->out, err)
		: casework_worker_edit_txn(e->cw, t, e->in, &e->out, err);
	if (st == CP_OK && !e->out.changed) {
		e->unchanged = true;
		return CP_REFUSED;
	}
	return st;
}

static cp_status edit_run(casework *cw, const void *in, bool child,
                          cw_edited *out, cp_error *err)
{
	edit_ctx e = { .cw = cw, .in = in, .child = child };
	cp_status st = store_write(cw->st, edit_write, &e, err);
	if (st == CP_REFUSED && e.unchanged)
		st = CP_OK;
	if (out)
		*out = st == CP_OK ? e.out : (cw_edited){ 0 };
	return st;
}

cp_status casework_worker_edit(casework *cw, const cw_worker_edit *in,
                               cw_edited *out, cp_error *err)
{
	return edit_run(cw, in, false, out, err);
}

cp_status casework_child_edit(casework *cw, const cw_child_edit *in,
                              cw_edited *out, cp_error *err)
{
	return edit_run(cw, in, true, out, err);
}

/* ---- households -------------------------------------------------------- */
cp_status casework_family_add_txn(casework *cw, store_txn *t,
                                  const cp_family *f, cp_error *err)
{
	CP_TRY(permit_may(cw->pm, ACCESS_ADD_CHILDREN, err));
	if (!model_id_valid(f->id, false))
		return cp_fail(err, CP_BADINPUT,
		    "bad family id '%.64s': use 1-%d letters, digits, '.', '_' "
		    "or '-'", text_or_empty(f->id), MODEL_ID_MAX);
	if (!text_nonempty(f->name))
		return cp_fail(err, CP_BADINPUT, "family %s needs a name (--name "
		               "TEXT, e.g. \"Brown household\")", f->id);
	CP_TRY(cw_too_long("a family's name", f->name, CW_NAME_MAX, err));
	cp_family old;
	bool found;
	memset(&old, 0, sizeof old);
	CP_TRY(store_family_get(t, f->id, &old, &found, err));
	cp_family_free(&old);
	if (found)
		return cp_fail(err, CP_REFUSED, "family '%s' already exists",
		               f->id);
	CP_TRY(store_family_put(t, f, err));
	char obj[MODEL_ID_MAX + 16];
	snprintf(obj, sizeof obj, "family:%s", f->id);
	return cw_audit(cw, t, "family.add", obj, NULL, NULL, false,
	                model_family_describe(f), err);
}

CW_TRAMPOLINE(family_add_run, cp_family,
              casework_family_add_txn(cw, t, a, err))

cp_status casework_family_add(casework *cw, const cp_family *f,
                              cp_error *err)
{
	return cw_run(cw, family_add_run, f, NULL, err);
}

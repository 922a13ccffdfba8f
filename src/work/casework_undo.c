/* casework_undo.c - undoing a policy switch (issue 18): what the switch
 * kept (store_switch: the policy it replaced, each task as it found and
 * left it) is put back in one write transaction, after checking that
 * nobody has changed those tasks since.  Also how 'policy use' of the
 * policy a switch replaced undoes it (casework_switch.c calls
 * cw_undo_txn), so that switching straight back is exact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "permit.h"
#include "vec.h"

typedef struct undo_ctx {
	casework *cw;
	store_txn *t;
	const store_switch *s;
	cw_undo *out;
	bool apply;            /* pass 2: write */
	/* the per-meeting audit entry being built */
	uint64_t meeting;
	char child[MODEL_ID_MAX + 1];
	char *buf;
	size_t nbuf, cap;
	bool oom;
} undo_ctx;

static bool same_str(const char *a, const char *b)
{
	return !strcmp(text_or_empty(a), text_or_empty(b));
}

/* How task k differs from the state the switch left it in, or NULL. */
static const char *changed_since(const cp_task *k, const store_sw_state *a)
{
	if (k->status != a->status)
		return task_status_name(k->status);
	if (k->due != a->due)
		return "due date changed";
	if (k->role != a->role || !same_str(k->assignee, a->assignee))
		return "reassigned";
	if (!same_str(k->note, a->note))   /* the store keeps no note as "" */
		return "note changed";
	return NULL;
}

static void say_changed(cw_undo *u, uint64_t id, const char *what)
{
	size_t n = strlen(u->changed_say);
	if (u->changed++ >= 5) {   /* the first few; the count says the rest */
		return;
	}
	snprintf(u->changed_say + n, sizeof u->changed_say - n, "%stask %llu (%s)",
	         n ? ", " : "", (unsigned long long)id, what);
}

static void count_undo(cw_undo *u, const store_sw_task *r)
{
	const store_sw_state *b = &r->was[0], *a = &r->was[1];
	if (r->added) {
		u->cancelled++;
		return;
	}
	u->redated += b->due != a->due;
	u->reassigned += b->role != a->role || !same_str(b->assignee, a->assignee);
	u->reopened += b->status != a->status;
}

/* Pass 1: is each task as the switch left it?  Counts what undo does. */
static cp_status check_task(void *ctx, const store_sw_task *r, cp_error *err)
{
	undo_ctx *uc = ctx;
	cp_task k;
	bool found;
	uc->out->tasks++;
	CP_TRY(store_task_get(uc->t, r->id, &k, &found, err));
	const char *what = found ? changed_since(&k, &r->was[1]) : "gone";
	if (found)
		cp_task_free(&k);
	if (what)
		say_changed(uc->out, r->id, what);
	else
		count_undo(uc->out, r);
	return CP_OK;
}

/* ---- the per-meeting audit entries --------------------------------------- */
static void ub_str(undo_ctx *uc, const char *s)
{
	size_t n = strlen(text_or_empty(s));
	if (uc->oom || !vec_reserve((void **)&uc->buf, &uc->cap, uc->nbuf + n + 1,
	                            1, 512)) {
		uc->oom = true;
		return;
	}
	memcpy(uc->buf + uc->nbuf, text_or_empty(s), n + 1);
	uc->nbuf += n;
}

static cp_status audit_append(undo_ctx *uc, const char *action,
                              const char *object, const char *child,
                              const char *before, uint64_t *seq,
                              cp_error *err)
{
	if (uc->oom)
		return cp_oom(err);
	cp_audit a = {
		.time = cw_now(uc->cw), .login = (char *)cw_audit_login(uc->cw),
		.action = (char *)action, .object = (char *)object,
		.child_id = (char *)child, .before = (char *)before,
		.after = uc->buf,
	};
	CP_TRY(store_audit_append(uc->t, &a, err));
	*seq = a.seq;
	return CP_OK;
}

/* The entry of the meeting whose tasks were put back, if any. */
static cp_status flush_meeting(undo_ctx *uc, cp_error *err)
{
	if (!uc->meeting)
		return CP_OK;
	char obj[40];
	uint64_t seq;
	ub_str(uc, "\"");
	snprintf(obj, sizeof obj, "meeting:%llu", (unsigned long long)uc->meeting);
	CP_TRY(audit_append(uc, "policy.undo.tasks", obj, uc->child, "", &seq,
	                    err));
	if (!uc->out->audit_first)
		uc->out->audit_first = seq;
	uc->out->audit_last = seq;
	uc->meeting = 0;
	return CP_OK;
}

static cp_status note_meeting(undo_ctx *uc, const cp_task *k, cp_error *err)
{
	char head[80];
	if (uc->meeting == k->meeting_id) {
		ub_str(uc, ", ");
		return CP_OK;
	}
	CP_TRY(flush_meeting(uc, err));
	uc->meeting = k->meeting_id;
	snprintf(uc->child, sizeof uc->child, "%s", text_or_empty(k->child_id));
	snprintf(head, sizeof head, "undo=%llu meeting=%llu put-back=\"",
	         (unsigned long long)uc->s->id, (unsigned long long)k->meeting_id);
	uc->nbuf = 0;
	ub_str(uc, head);
	return CP_OK;
}

/* `ID STEP` and what undo did to it. */
static void say_task(undo_ctx *uc, const cp_task *k, const store_sw_task *r)
{
	char n[24], d0[CP_DATE_STRLEN], d1[CP_DATE_STRLEN];
	snprintf(n, sizeof n, "%llu ", (unsigned long long)k->id);
	ub_str(uc, n);
	ub_str(uc, k->step_id);
	if (r->added) {
		ub_str(uc, " cancelled (the switch added it)");
		return;
	}
	const store_sw_state *b = &r->was[0], *a = &r->was[1];
	if (b->status != a->status)
		ub_str(uc, " reopened");
	if (b->due != a->due) {
		cw_date_str(a->due, d1);
		cw_date_str(b->due, d0);
		ub_str(uc, " due ");
		ub_str(uc, d1);
		ub_str(uc, "->");
		ub_str(uc, d0);
	}
	if (b->role != a->role || !same_str(b->assignee, a->assignee)) {
		ub_str(uc, " to ");
		ub_str(uc, role_name(b->role));
		ub_str(uc, ":");
		ub_str(uc, b->assignee);
	}
}

/* ---- pass 2: putting each task back -------------------------------------- */
typedef struct undo_edit {
	undo_ctx *uc;
	const store_sw_task *r;
	bool left;             /* changed since: left as it is (--force) */
} undo_edit;

static cp_status put_back(void *ctx, cp_task *k, cp_error *err)
{
	undo_edit *ed = ctx;
	const store_sw_task *r = ed->r;
	if ((ed->left = changed_since(k, &r->was[1]) != NULL))
		return CP_OK;   /* written back as it is */
	CP_TRY(note_meeting(ed->uc, k, err));
	say_task(ed->uc, k, r);
	if (r->added) {
		char note[64];
		snprintf(note, sizeof note, "added by policy switch %llu, undone",
		         (unsigned long long)ed->uc->s->id);
		k->status = TASK_CANCELLED;
		return cw_set_str(&k->note, note, err);
	}
	const store_sw_state *b = &r->was[0];
	k->status = b->status;
	k->due = b->due;
	k->role = b->role;
	CP_TRY(cw_set_str(&k->assignee, b->assignee, err));
	free(k->note);
	k->note = NULL;
	return b->note ? cw_set_str(&k->note, b->note, err) : CP_OK;
}

static cp_status apply_task(void *ctx, const store_sw_task *r, cp_error *err)
{
	undo_edit ed = { ctx, r, false };
	bool found;
	CP_TRY(store_task_update(ed.uc->t, r->id, put_back, &ed, &found, err));
	return CP_OK;   /* a task gone was counted as changed in pass 1 */
}

/* ---- the switch as a whole ------------------------------------------------- */
static void undo_head(cw_undo *out, const store_switch *s)
{
	memset(out, 0, sizeof *out);
	out->id = s->id;
	out->at = s->at;
	out->audit_switch = s->audit;
	snprintf(out->login, sizeof out->login, "%s", text_or_empty(s->login));
	snprintf(out->from_id, sizeof out->from_id, "%s", text_or_empty(s->from_id));
	snprintf(out->to_id, sizeof out->to_id, "%s", text_or_empty(s->to_id));
}

/* What stops the undo, in out->why ("" when nothing): --force lifts
 * only tasks changed since. */
static cp_status undo_check(undo_ctx *uc, bool force, cp_error *err)
{
	const store_switch *s = uc->s;
	cw_undo *o = uc->out;
	store_policy_info pi;
	uint64_t last;
	CP_TRY(store_switch_tasks(uc->t, s->id, check_task, uc, err));
	CP_TRY(store_policy_get(uc->t, &pi, err));
	bool same = pi.nfiles && pi.files[0].hash == s->to_hash;
	store_policy_info_free(&pi);
	CP_TRY(store_last_id(uc->t, SEQ_MEETING, &last, err));
	o->new_meetings = last > s->last_meeting ? last - s->last_meeting : 0;
	int n = snprintf(o->why, sizeof o->why, "switch %llu (%s -> %s) cannot "
	                 "be undone: ", (unsigned long long)s->id, o->from_id,
	                 o->to_id);
	size_t at = n > 0 ? (size_t)n : 0, room = sizeof o->why - at;
	if (!same)
		snprintf(o->why + at, room, "the store's policy is no longer the "
		         "one it made; switch with 'cpdesk policy use FILE'");
	else if (o->new_meetings)
		snprintf(o->why + at, room, "%zu meetings were booked since, with "
		         "%s's steps, which the policy put back would not have; "
		         "switch back with 'cpdesk policy use FILE' instead",
		         o->new_meetings, o->to_id);
	else if (o->changed && !force)
		snprintf(o->why + at, room, "%zu of the %zu tasks it changed have "
		         "been changed since: %s%s; 'cpdesk policy undo --force' "
		         "puts back the others and leaves these as they are, or "
		         "switch with 'cpdesk policy use FILE'", o->changed, o->tasks,
		         o->changed_say, o->changed > 5 ? ", ..." : "");
	else
		o->why[0] = '\0';
	o->undoable = !o->why[0];
	return CP_OK;
}

/* The policy.undo entry: the switch undone, the counts, the entries of
 * the tasks put back, the reason. */
static cp_status undo_audit(undo_ctx *uc, const char *reason, cp_error *err)
{
	const cw_undo *o = uc->out;
	char before[CW_NAME_MAX + 48];
	char *text = malloc(CW_NOTE_MAX + 1024);
	if (!text)
		return cp_oom(err);
	snprintf(before, sizeof before, "policy=%s hash=%016llx", o->to_id,
	         (unsigned long long)uc->s->to_hash);
	int n = snprintf(text, CW_NOTE_MAX + 1024, "undo=%llu switch=#%llu "
	         "policy=%s->%s hash=%016llx redated=%zu reassigned=%zu "
	         "reopened=%zu cancelled=%zu left-changed=%zu",
	         (unsigned long long)o->id, (unsigned long long)o->audit_switch,
	         o->to_id, o->from_id,
	         (unsigned long long)(uc->s->nfiles ? uc->s->files[0].hash : 0),
	         o->redated, o->reassigned, o->reopened, o->cancelled, o->changed);
	if (o->changed && n > 0)
		n += snprintf(text + n, CW_NOTE_MAX + 1024 - (size_t)n,
		              " left=\"%s%s\"", o->changed_say,
		              o->changed > 5 ? ", ..." : "");
	if (o->audit_first && n > 0)
		n += snprintf(text + n, CW_NOTE_MAX + 1024 - (size_t)n,
		              " entries=#%llu-#%llu",
		              (unsigned long long)o->audit_first,
		              (unsigned long long)o->audit_last);
	if (n > 0)
		snprintf(text + n, CW_NOTE_MAX + 1024 - (size_t)n, " reason=\"%s\"",
		         reason);
	uc->nbuf = 0;
	ub_str(uc, text);
	free(text);
	return audit_append(uc, "policy.undo", "policy", "", before,
	                    &uc->out->audit_undo, err);
}

cp_status cw_undo_txn(casework *cw, store_txn *t, const store_switch *s,
                      const char *reason, bool force, bool dry, cw_undo *out,
                      cp_error *err)
{
	undo_head(out, s);
	undo_ctx uc = { .cw = cw, .t = t, .s = s, .out = out };
	CP_TRY(undo_check(&uc, force, err));
	if (dry)
		return CP_OK;
	if (!out->undoable)
		return cp_fail(err, CP_REFUSED, "%s", out->why);
	cp_status st = store_switch_tasks(t, s->id, apply_task, &uc, err);
	if (st == CP_OK)
		st = flush_meeting(&uc, err);
	if (st == CP_OK)
		st = cw_put_chain(cw, t, s->files, s->nfiles, reason, err);
	if (st == CP_OK)
		st = undo_audit(&uc, reason, err);
	if (st == CP_OK)
		st = store_switch_delete(t, s->id, err);
	free(uc.buf);
	return st;
}

bool cw_undo_is_previous(const store_switch *s, const cw_policy_src *src)
{
	if (!src || s->nfiles != src->nfiles)
		return false;
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].hash != src->files[i].hash)
			return false;
	return true;
}

typedef struct undo_run {
	casework *cw;
	const char *reason;
	bool force;
	cw_undo *out;
} undo_run;

static cp_status undo_write(store_txn *t, void *ctx, cp_error *err)
{
	undo_run *ur = ctx;
	store_switch s;
	bool found;
	CP_TRY(store_switch_last(t, &s, &found, err));
	if (!found)
		return cp_fail(err, CP_REFUSED, "nothing to undo: the store keeps "
		               "no policy switch (one undone is forgotten, and those "
		               "made before cpdesk kept them cannot be undone); "
		               "switch with 'cpdesk policy use FILE'");
	char dflt[64];
	snprintf(dflt, sizeof dflt, "undo of policy switch %llu",
	         (unsigned long long)s.id);
	const char *reason = text_nonempty(ur->reason) ? ur->reason : dflt;
	cp_status st = cw_undo_txn(ur->cw, t, &s, reason, ur->force, false,
	                           ur->out, err);
	store_switch_free(&s);
	return st;
}

cp_status casework_policy_undo(casework *cw, const char *reason, bool force,
                               cw_undo *out, cp_error *err)
{
	memset(out, 0, sizeof *out);
	if (reason)
		CP_TRY(cw_too_long("the reason", reason, CW_NOTE_MAX, err));
	CP_TRY(permit_may(cw->pm, ACCESS_SWITCH_POLICY, err));
	undo_run ur = { cw, reason, force, out };
	return store_write(cw->st, undo_write, &ur, err);
}

cp_status casework_policy_undo_preview(casework *cw, const cw_policy_src *src,
                                       cw_undo *out, cp_error *err)
{
	store_txn *t;
	store_switch s;
	bool found;
	memset(out, 0, sizeof *out);
	CP_TRY(store_read_begin(cw->st, &t, err));
	cp_status st = store_switch_last(t, &s, &found, err);
	if (st == CP_OK && found && (!src || cw_undo_is_previous(&s, src)))
		st = cw_undo_txn(cw, t, &s, "", false, true, out, err);
	if (st == CP_OK && found)
		store_switch_free(&s);
	store_read_end(t);
	return st;
}

/* casework_case.c - the children of a meeting (one family), what a held
 * meeting decides for each of them and what that does to their case (a
 * child protection plan opened or ended), the episodes of a case
 * recorded outside a meeting, and what the record gives a meeting:
 * the episode it is held in, the anchors it counts from
 * (casework_priv.h, casework.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"
#include "permit.h"
#include "text.h"

static cp_status add_decision(cp_outcome *out, const char *child,
                              plan_decision plan, cp_category category,
                              cp_error *err)
{
	cp_decision *d = &out->decisions[out->ndecisions];
	if (!(d->child_id = strdup(child)))
		return cp_oom(err);
	d->plan = plan;
	d->category = plan == PLAN_CP ? category : CP_CATEGORY_UNKNOWN;
	out->ndecisions++;
	return CP_OK;
}

/* The decision o gives the child: its own, or the meeting's. */
static cp_status decision_for(const cp_meeting *m, const cw_outcome *o,
                              const char *child, plan_decision *plan,
                              cp_category *category, cp_error *err)
{
	*plan = o->plan;
	*category = o->category;
	if (!o->ndecisions)
		return CP_OK;
	const cw_child_decision *found = NULL;
	for (size_t i = 0; i < o->ndecisions; i++)
		if (o->decisions[i].child_id &&
		    !strcmp(o->decisions[i].child_id, child)) {
			if (found)
				return cp_fail(err, CP_BADINPUT, "two decisions for "
				               "child %s", child);
			found = &o->decisions[i];
		}
	if (!found)
		return cp_fail(err, CP_BADINPUT, "meeting %llu is for child %s "
		               "too: give a decision for each child (--plan "
		               "%s=...)", (unsigned long long)m->id, child, child);
	*plan = found->plan;
	*category = found->category;
	return CP_OK;
}

cp_status cw_decide(const cp_meeting *m, const cw_outcome *o,
                    bool decides_plan, cp_outcome *out, cp_error *err)
{
	size_t n = 1 + m->nsiblings;
	for (size_t i = 0; i < o->ndecisions; i++)
		if (!meeting_has_child(m, o->decisions[i].child_id))
			return cp_fail(err, CP_BADINPUT, "child %s is not one of "
			               "meeting %llu's children: give decisions for "
			               "those 'meeting show %llu' lists",
			               text_or_empty(o->decisions[i].child_id),
			               (unsigned long long)m->id,
			               (unsigned long long)m->id);
	if (!(out->decisions = calloc(n, sizeof *out->decisions)))
		return cp_oom(err);
	bool any_plan = false, all_none = true;
	for (size_t i = 0; i < n; i++) {
		const char *child = i ? m->siblings[i - 1] : m->child_id;
		plan_decision plan;
		cp_category category;
		CP_TRY(decision_for(m, o, child, &plan, &category, err));
		if ((unsigned)plan >= PLAN_COUNT ||
		    (unsigned)category >= CP_CATEGORY_COUNT)
			return cp_fail(err, CP_BADINPUT, "bad plan for child %s",
			               child);
		/* a conference decides for each child: a plan or none */
		if (decides_plan && plan != PLAN_CP && plan != PLAN_NONE)
			return cp_fail(err, CP_BADINPUT, "a %s decides whether each "
			               "child has a child protection plan: give "
			               "cp-plan or no-plan for child %s", m->type,
			               child);
		CP_TRY(add_decision(out, child, plan, category, err));
		any_plan |= plan == PLAN_CP;
		all_none &= plan == PLAN_NONE;
	}
	/* The meeting's own: a plan for any child keeps the reviews going. */
	out->plan = any_plan ? PLAN_CP : all_none ? PLAN_NONE
	            : out->decisions[0].plan;
	return CP_OK;
}

static cp_status withdraw_from(casework *cw, store_txn *t, const cp_child *c,
                               episode_kind k, cp_date end,
                               const char *reason, char *warn, cp_error *err);

/* One child's plan, as its decision says. */
static cp_status follow_one(casework *cw, store_txn *t, const cp_meeting *m,
                            const cp_decision *d, cp_error *err)
{
	if (d->plan != PLAN_CP && d->plan != PLAN_NONE)
		return CP_OK;
	cp_child c;
	CP_TRY(cw_need_child(t, d->child_id, &c, err));
	/* the plan the child had that day (one ended since stays ended) */
	const cp_episode *open = child_episode_at(&c, EPISODE_CP, m->date);
	cp_status st = CP_OK;
	bool changed = false;
	char *before = model_child_describe(&c);
	if (!before)
		st = cp_oom(err);
	else if (d->plan == PLAN_CP && !open) {
		st = child_episode_start(&c, EPISODE_CP, m->date, d->category, m->id,
		                         err);
		changed = true;
	} else if (d->plan == PLAN_CP && d->category != CP_CATEGORY_UNKNOWN &&
	           open->category != d->category) {
		((cp_episode *)open)->category = d->category;   /* as reviewed */
		changed = true;
	} else if (d->plan == PLAN_NONE && open && open->end == CP_DATE_NONE) {
		char reason[96], date[CP_DATE_STRLEN];
		cw_date_str(m->date, date);
		snprintf(reason, sizeof reason, "the %s of %s decided no plan",
		         m->type, date);
		st = child_episode_end(&c, EPISODE_CP, m->date, m->id, reason, err);
		if (st == CP_OK)   /* a core group booked, say: not due now */
			st = withdraw_from(cw, t, &c, EPISODE_CP, m->date, reason, NULL,
			                   err);
		changed = true;
	}
	if (st == CP_OK && changed)
		st = store_child_put(t, &c, err);
	if (changed) {
		char object[MODEL_ID_MAX + 8];
		snprintf(object, sizeof object, "child:%s", c.id);
		char *after = st == CP_OK ? model_child_describe(&c) : NULL;
		if (st == CP_OK)
			st = cw_audit(cw, t, d->plan == PLAN_CP ? "child.plan"
			              : "child.plan.end", object, c.id, before, true,
			              after, err);
		else {
			free(after);
			free(before);
		}
	} else {
		free(before);
	}
	cp_child_free(&c);
	if (st != CP_OK)
		cp_error_prefix(err, "recording the decision for child %s: ",
		                d->child_id);
	return st;
}

cp_status cw_follow_decisions(casework *cw, store_txn *t,
                              const cp_meeting *m, cp_error *err)
{
	for (size_t i = 0; i < m->outcome.ndecisions; i++)
		CP_TRY(follow_one(cw, t, m, &m->outcome.decisions[i], err));
	return CP_OK;
}

/* ---- the children of a new meeting ------------------------------------- */
void cw_children_free(cw_children *k)
{
	for (size_t i = 0; i < k->n; i++)
		cp_child_free(&k->v[i]);
	k->n = 0;
}

static cp_status same_family(const cw_children *k, cp_error *err)
{
	const char *fam = k->v[0].family_id;
	if (k->n > 1 && !text_nonempty(fam))
		return cp_fail(err, CP_REFUSED, "child %s is of no family: "
		               "siblings are conferenced together only within "
		               "one (cpdesk child edit %s --family FAMILY)",
		               k->v[0].id, k->v[0].id);
	for (size_t i = 1; i < k->n; i++)
		if (strcmp(text_or_empty(k->v[i].family_id), fam))
			return cp_fail(err, CP_REFUSED, "child %s is not of family "
			               "%s, as child %s is: a meeting is for the "
			               "children of one family", k->v[i].id, fam,
			               k->v[0].id);
	return CP_OK;
}

cp_status cw_children_load(store_txn *t, const char *index,
                           const char *const *siblings, size_t nsiblings,
                           cw_children *k, cp_error *err)
{
	k->n = 0;
	if (nsiblings > MEETING_CHILDREN_MAX - 1)
		return cp_fail(err, CP_BADINPUT, "a meeting is for at most %d "
		               "children", MEETING_CHILDREN_MAX);
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i <= nsiblings; i++) {
		const char *id = text_or_empty(i ? siblings[i - 1] : index);
		for (size_t j = 0; st == CP_OK && j < i; j++)
			if (!strcmp(k->v[j].id, id))
				st = cp_fail(err, CP_BADINPUT, "child %s is named twice",
				             id);
		if (st == CP_OK)
			st = cw_need_child(t, id, &k->v[i], err);
		if (st == CP_OK)
			k->n++;
	}
	if (st == CP_OK)
		st = same_family(k, err);
	if (st != CP_OK)
		cw_children_free(k);
	return st;
}

/* ---- what the record gives a meeting ----------------------------------- */
cp_status cw_check_during(const policy *p, const policy_meeting *pm,
                          const cp_child *c, cp_date date, cp_date *since,
                          cp_error *err)
{
	*since = CP_DATE_NONE;
	if (pm->during < 0 || pm->during >= EPISODE_KIND_COUNT)
		return CP_OK;
	episode_kind k = (episode_kind)pm->during;
	const cp_episode *e = child_episode_at(c, k, date);
	char ds[CP_DATE_STRLEN];
	cw_date_str(date, ds);
	if (e) {
		*since = e->start;
		return CP_OK;
	}
	if (k == EPISODE_LAC)
		return cp_fail(err, CP_REFUSED, "child %s is not looked after on "
		               "%s, and a %s is held only while a child is (policy "
		               "'%s'): record its care with cpdesk care start %s "
		               "DATE", c->id, ds, pm->type, p->id, c->id);
	/* Before its first plan here, a child may have had one cpdesk never
	 * saw: only a date after a plan ended (and none since) is refused. */
	const cp_episode *ended = NULL;
	for (size_t i = 0; i < c->nepisodes; i++)
		if (c->episodes[i].kind == k && c->episodes[i].end != CP_DATE_NONE &&
		    c->episodes[i].end <= date)
			ended = &c->episodes[i];
	if (!ended)
		return CP_OK;
	char es[CP_DATE_STRLEN];
	cw_date_str(ended->end, es);
	return cp_fail(err, CP_REFUSED, "child %s is not on a child protection "
	               "plan on %s (its plan ended on %s): no %s is due", c->id,
	               ds, es, pm->type);
}

/* The date the record gives anchor `name` for a meeting on `date`, or
 * CP_DATE_NONE; *fix says how to record it.  *implied: the meeting counts
 * from it unasked -- not the start of an episode already running when
 * recorded, whose first meetings cpdesk never saw (given, it must agree). */
static cp_date record_anchor(const cp_child *c, const char *name,
                             cp_date date, const char **fix, bool *implied)
{
	const cp_episode *e = NULL;
	*implied = true;
	if (!strcmp(name, "care-start")) {
		*fix = "cpdesk care start CHILD DATE";
		e = child_episode_at(c, EPISODE_LAC, date);
	} else if (!strcmp(name, "plan-start")) {
		*fix = "cpdesk plan start CHILD DATE";
		e = child_episode_at(c, EPISODE_CP, date);
	} else if (!strcmp(name, "birth")) {
		*fix = "cpdesk child edit CHILD --dob DATE";
		return c->dob;
	} else {
		*fix = "cpdesk child edit CHILD --expected-birth DATE";
		return c->expected_birth;
	}
	*implied = e && !e->running;
	return e ? e->start : CP_DATE_NONE;
}

static bool step_counts_from(const policy_meeting *pm, const char *name)
{
	for (size_t i = 0; i < pm->nsteps; i++) {
		if (!strcmp(pm->steps[i].due.anchor, name))
			return true;
		for (size_t j = 0; j < pm->steps[i].nreminders; j++)
			if (!strcmp(pm->steps[i].reminders[j].at.anchor, name))
				return true;
	}
	return false;
}

/* Anchor a of the record: as given (when it agrees), or from the record. */
static cp_status one_record_anchor(const policy_meeting *pm,
                                   const cp_child *c, cp_date date,
                                   const char *name, const anchor_date *given,
                                   anchor_date *out, bool *add, cp_error *err)
{
	const char *fix;
	bool implied;
	cp_date have = record_anchor(c, name, date, &fix, &implied);
	char gs[CP_DATE_STRLEN], hs[CP_DATE_STRLEN];
	*add = have != CP_DATE_NONE && (implied || given);
	if (given && have != given->date) {
		cw_date_str(given->date, gs);
		cw_date_str(have, hs);
		return cp_fail(err, CP_REFUSED, "%s comes from child %s's record, "
		               "which says %s, not %s: leave --anchor %s out%s%s",
		               name, c->id, have == CP_DATE_NONE ? "nothing" : hs, gs,
		               name, have == CP_DATE_NONE ? ", and record it: " : "",
		               have == CP_DATE_NONE ? fix : "");
	}
	if (!*add && step_counts_from(pm, name))
		return cp_fail(err, CP_REFUSED, "a %s counts from %s, which child "
		               "%s's record does not hold: record it (%s)", pm->type,
		               name, c->id, fix);
	snprintf(out->name, sizeof out->name, "%s", name);
	out->date = have;
	return CP_OK;
}

cp_status cw_record_anchors(const policy *p, const policy_meeting *pm,
                            const cp_child *c, cp_date date,
                            const anchor_date *given, size_t ngiven,
                            anchor_date out[ANCHORS_MAX], size_t *n,
                            cp_error *err)
{
	*n = 0;
	for (size_t i = 0; i < ngiven && *n < ANCHORS_MAX; i++) {
		bool add = true;
		if (policy_anchor_from_record(given[i].name))
			CP_TRY(one_record_anchor(pm, c, date, given[i].name, &given[i],
			                         &out[*n], &add, err));
		else
			out[*n] = given[i];
		*n += add;
	}
	for (size_t i = 0; i < p->nanchors; i++) {
		const char *name = p->anchors[i].name;
		bool add, dup = false;
		if (!policy_anchor_from_record(name) ||
		    !policy_type_uses_anchor(p, pm->type, name))
			continue;
		for (size_t j = 0; j < ngiven; j++)
			dup |= !strcmp(given[j].name, name);
		if (dup)
			continue;
		if (*n == ANCHORS_MAX)
			return cp_fail(err, CP_BADINPUT, "a meeting counts from at "
			               "most %d anchors", ANCHORS_MAX);
		CP_TRY(one_record_anchor(pm, c, date, name, NULL, &out[*n], &add,
		                         err));
		*n += add;
	}
	return CP_OK;
}

/* ---- episodes recorded outside a meeting ------------------------------- */
static const char *episode_action(episode_kind k, bool start)
{
	static const char *const names[EPISODE_KIND_COUNT][2] = {
		[EPISODE_CIN] = { "child.cin.end", "child.cin" },
		[EPISODE_CP] = { "child.plan.end", "child.plan" },
		[EPISODE_LAC] = { "child.care.end", "child.care" },
	};
	return names[k][start];
}

typedef struct during_list {
	const policy *pol;
	episode_kind kind;
	cp_date from;
	uint64_t ids[64];
	size_t n;
	bool more;           /* another pass is needed */
} during_list;

/* Scheduled meetings from `from` of types held during the episode. */
static bool collect_during(void *ctx, const cp_meeting *m)
{
	during_list *l = ctx;
	const policy_meeting *pm = policy_meeting_find(l->pol,
	                                               text_or_empty(m->type));
	if (m->status != MEETING_SCHEDULED || m->date < l->from || !pm ||
	    pm->during != (int)l->kind)
		return true;
	if (l->n == sizeof l->ids / sizeof l->ids[0])
		return !(l->more = true);
	l->ids[l->n++] = m->id;
	return true;
}

/* The episode of c ended on `end`: its meetings from then are not due. */
static cp_status withdraw_from(casework *cw, store_txn *t, const cp_child *c,
                               episode_kind k, cp_date end,
                               const char *reason, char *warn, cp_error *err)
{
	char why[CW_NOTE_MAX + 128], ds[CP_DATE_STRLEN];
	cw_date_str(end, ds);
	snprintf(why, sizeof why, "child %s's %s ended on %s: %s", c->id,
	         episode_kind_name(k), ds, reason);
	size_t total = 0;
	during_list l = { .pol = cw->pol, .kind = k, .from = end, .more = true };
	while (l.more) {
		l.n = 0;
		l.more = false;
		CP_TRY(store_meetings_for_child(t, c->id, collect_during, &l, err));
		for (size_t i = 0; i < l.n; i++)
			CP_TRY(cw_withdraw_child(cw, t, l.ids[i], c->id, why, err));
		total += l.n;
	}
	if (total && warn) {
		size_t used = strlen(warn);
		snprintf(warn + used, CW_WARN_MAX - used, "%s%zu scheduled "
		         "meeting%s of child %s no longer due: withdrawn",
		         used ? "; " : "", total, total == 1 ? "" : "s", c->id);
	}
	return CP_OK;
}

static cp_status check_change(const cw_episode_change *c, cp_error *err)
{
	if ((unsigned)c->kind >= EPISODE_KIND_COUNT || c->date == CP_DATE_NONE ||
	    (unsigned)c->category >= CP_CATEGORY_COUNT)
		return cp_fail(err, CP_BADINPUT, "an episode needs a kind and a "
		               "date");
	if (c->start)
		return CP_OK;
	if (!text_nonempty(c->reason))
		return cp_fail(err, CP_BADINPUT, "an end needs a reason (--reason "
		               "TEXT): moved away, turned 18, ...");
	return cw_too_long("the reason", c->reason, CW_NOTE_MAX, err);
}

cp_status casework_episode_txn(casework *cw, store_txn *t,
                               const cw_episode_change *c,
                               char warn[CW_WARN_MAX], cp_error *err)
{
	if (warn)
		warn[0] = '\0';
	CP_TRY(check_change(c, err));
	access_action act = c->kind == EPISODE_CP ? ACCESS_RECORD_OUTCOMES
	                    : ACCESS_ADD_CHILDREN;
	CP_TRY(permit_may(cw->pm, act, err));
	cp_child child;
	CP_TRY(cw_seen_child(cw, t, text_or_empty(c->child_id), &child, err));
	cp_status st = permit_child(cw->pm, t, act, &child, err);
	char *before = st == CP_OK ? model_child_describe(&child) : NULL;
	if (st == CP_OK && !before)
		st = cp_oom(err);
	if (st == CP_OK)
		st = c->start ? child_episode_start(&child, c->kind, c->date,
		                                    c->category, 0, err)
		     : child_episode_end(&child, c->kind, c->date, 0, c->reason,
		                         err);
	if (st == CP_OK)
		st = store_child_put(t, &child, err);
	char object[MODEL_ID_MAX + 8];
	snprintf(object, sizeof object, "child:%s", child.id);
	if (st == CP_OK)
		st = cw_audit(cw, t, episode_action(c->kind, c->start), object,
		              child.id, before, true, model_child_describe(&child),
		              err);
	else
		free(before);
	if (st == CP_OK && !c->start)
		st = withdraw_from(cw, t, &child, c->kind, c->date, c->reason, warn,
		                   err);
	cp_child_free(&child);
	return st;
}

CW_TRAMPOLINE(episode_run, cw_episode_change,
              casework_episode_txn(cw, t, a, warn, err))

cp_status casework_episode(casework *cw, const cw_episode_change *c,
                           char warn[CW_WARN_MAX], cp_error *err)
{
	return cw_run(cw, episode_run, c, warn, err);
}

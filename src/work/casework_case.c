/* casework_case.c - what a held meeting decides for each of its children,
 * and what that does to their case: a child protection plan opened or
 * ended (casework_priv.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework_priv.h"

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
		               "too: give a decision for each child",
		               (unsigned long long)m->id, child);
	*plan = found->plan;
	*category = found->category;
	return CP_OK;
}

cp_status cw_decide(const cp_meeting *m, const cw_outcome *o,
                    cp_outcome *out, cp_error *err)
{
	size_t n = 1 + m->nsiblings;
	for (size_t i = 0; i < o->ndecisions; i++)
		if (!meeting_has_child(m, o->decisions[i].child_id))
			return cp_fail(err, CP_BADINPUT, "child %s is not one of "
			               "meeting %llu's", text_or_empty(o->decisions[i]
			               .child_id), (unsigned long long)m->id);
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
		CP_TRY(add_decision(out, child, plan, category, err));
		any_plan |= plan == PLAN_CP;
		all_none &= plan == PLAN_NONE;
	}
	/* The meeting's own: a plan for any child keeps the reviews going. */
	out->plan = any_plan ? PLAN_CP : all_none ? PLAN_NONE
	            : out->decisions[0].plan;
	return CP_OK;
}

/* One child's plan, as its decision says. */
static cp_status follow_one(casework *cw, store_txn *t, const cp_meeting *m,
                            const cp_decision *d, cp_error *err)
{
	if (d->plan != PLAN_CP && d->plan != PLAN_NONE)
		return CP_OK;
	cp_child c;
	CP_TRY(cw_need_child(t, d->child_id, &c, err));
	const cp_episode *open = child_open_episode(&c, EPISODE_CP);
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
	} else if (d->plan == PLAN_NONE && open) {
		char reason[96], date[CP_DATE_STRLEN];
		cw_date_str(m->date, date);
		snprintf(reason, sizeof reason, "the %s of %s decided no plan",
		         m->type, date);
		st = child_episode_end(&c, EPISODE_CP, m->date, m->id, reason, err);
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

/* model_case.c - a child's case over time: its episodes (child in need,
 * child protection plan, looked after) and a meeting's children and
 * decisions (model.h). */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "vec.h"

const cp_episode *child_open_episode(const cp_child *c, episode_kind k)
{
	for (size_t i = c->nepisodes; i-- > 0;)
		if (c->episodes[i].kind == k && c->episodes[i].end == CP_DATE_NONE)
			return &c->episodes[i];
	return NULL;
}

cp_date child_since(const cp_child *c, episode_kind k)
{
	const cp_episode *e = child_open_episode(c, k);
	return e ? e->start : CP_DATE_NONE;
}

const cp_episode *child_last_episode(const cp_child *c, episode_kind k)
{
	for (size_t i = c->nepisodes; i-- > 0;)
		if (c->episodes[i].kind == k)
			return &c->episodes[i];
	return NULL;
}

const cp_episode *child_episode_at(const cp_child *c, episode_kind k,
                                   cp_date d)
{
	for (size_t i = 0; i < c->nepisodes; i++) {
		const cp_episode *e = &c->episodes[i];
		if (e->kind == k && e->start <= d &&
		    (e->end == CP_DATE_NONE || d < e->end))
			return e;
	}
	return NULL;
}

bool child_ever(const cp_child *c, episode_kind k)
{
	return child_last_episode(c, k) != NULL;
}

static const char *episode_title(episode_kind k)
{
	return k == EPISODE_CP ? "child protection plan"
	       : k == EPISODE_LAC ? "care episode" : "child-in-need episode";
}

cp_status child_episode_start(cp_child *c, episode_kind k, cp_date start,
                              cp_category category, uint64_t by,
                              cp_error *err)
{
	char d[CP_DATE_STRLEN];
	if ((unsigned)k >= EPISODE_KIND_COUNT || start == CP_DATE_NONE ||
	    (unsigned)category >= CP_CATEGORY_COUNT)
		return cp_fail(err, CP_BADINPUT, "an episode needs a kind and a "
		               "start date");
	const cp_episode *open = child_open_episode(c, k);
	if (open) {
		date_format(open->start, d);
		return cp_fail(err, CP_REFUSED, "child %s has a %s open since %s: "
		               "end it first", c->id, episode_title(k), d);
	}
	const cp_episode *last = child_last_episode(c, k);
	if (last && start < last->end) {
		date_format(last->end, d);
		return cp_fail(err, CP_REFUSED, "child %s's last %s ended on %s: a "
		               "new one cannot start before that", c->id,
		               episode_title(k), d);
	}
	size_t cap = c->nepisodes;
	if (!vec_room((void **)&c->episodes, &cap, c->nepisodes,
	              sizeof *c->episodes, 4))
		return cp_oom(err);
	/* Kept by start date (then kind): find its place. */
	size_t at = c->nepisodes;
	while (at > 0 && (c->episodes[at - 1].start > start ||
	                  (c->episodes[at - 1].start == start &&
	                   c->episodes[at - 1].kind > k)))
		at--;
	memmove(&c->episodes[at + 1], &c->episodes[at],
	        (c->nepisodes - at) * sizeof *c->episodes);
	c->episodes[at] = (cp_episode){ .kind = k, .start = start,
	                                .end = CP_DATE_NONE,
	                                .category = category,
	                                .start_meeting = by };
	c->nepisodes++;
	return CP_OK;
}

cp_status child_episode_end(cp_child *c, episode_kind k, cp_date end,
                            uint64_t by, const char *reason, cp_error *err)
{
	cp_episode *e = (cp_episode *)child_open_episode(c, k);
	if (!e)
		return cp_fail(err, CP_REFUSED, "child %s has no %s open", c->id,
		               episode_title(k));
	if (end == CP_DATE_NONE || end < e->start) {
		char d[CP_DATE_STRLEN];
		date_format(e->start, d);
		return cp_fail(err, CP_BADINPUT, "child %s's %s started on %s: it "
		               "cannot end before", c->id, episode_title(k), d);
	}
	char *r = strdup(reason ? reason : "");
	if (!r)
		return cp_oom(err);
	free(e->end_reason);
	e->end_reason = r;
	e->end = end;
	e->end_meeting = by;
	return CP_OK;
}

cp_status child_open_since(cp_child *c, cp_date cin, cp_date cp, cp_date lac,
                           cp_error *err)
{
	const cp_date since[] = { cin, cp, lac };
	const episode_kind kind[] = { EPISODE_CIN, EPISODE_CP, EPISODE_LAC };
	for (size_t i = 0; i < 3; i++)
		if (since[i] != CP_DATE_NONE) {
			CP_TRY(child_episode_start(c, kind[i], since[i],
			                           CP_CATEGORY_UNKNOWN, 0, err));
			((cp_episode *)child_open_episode(c, kind[i]))->running = true;
		}
	return CP_OK;
}

void child_episodes_free(cp_child *c)
{
	for (size_t i = 0; i < c->nepisodes; i++)
		free(c->episodes[i].end_reason);
	free(c->episodes);
	c->episodes = NULL;
	c->nepisodes = 0;
}

bool meeting_has_child(const cp_meeting *m, const char *child_id)
{
	if (!child_id)
		return false;
	if (m->child_id && !strcmp(m->child_id, child_id))
		return true;
	for (size_t i = 0; i < m->nsiblings; i++)
		if (!strcmp(m->siblings[i], child_id))
			return true;
	return false;
}

const cp_decision *meeting_decision(const cp_meeting *m,
                                    const char *child_id)
{
	for (size_t i = 0; i < m->outcome.ndecisions; i++)
		if (!strcmp(m->outcome.decisions[i].child_id, child_id))
			return &m->outcome.decisions[i];
	return NULL;
}

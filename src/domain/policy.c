/* policy.c - loading a borough's policy file, with extends: chains.
 *
 * A policy is built by applying each file of its chain, parent first, to
 * one struct: a child file changes what it names and keeps the rest.
 * Cross-references (roles, anchors, meeting types) are checked once the
 * whole chain is applied, with the position where each was written. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "policy.h"
#include "model.h"   /* episode kinds, for during: */
#include "text.h"
#include "yamltree.h"
#include "vec.h"

/* Meeting types cpdesk knows; a borough's own needs `custom: true` so a
 * typo ("icpcc") is not taken for a new type. */
static const char *const builtin_types[] = {
	"strategy", "icpc", "rcpc", "core-group", "cla-review", "case-mapping",
	"transfer-in", NULL
};

static const char *const list_names[LIST_COUNT] = {
	"week", "fortnight", "month", "exceptions", "case-mapping"
};

typedef struct loader {
	policy *p;
	yt_doc *d;
	policy_reader reader;
	void *ctx;
	const char *chain[POLICY_MAX_EXTENDS + 1];
	int depth;
	cp_error *err;
	/* permissions: give:, checked once the chain is applied and then
	 * dropped: `policy` has no room for it (policy.h) */
	access_gives gives;
	char *give_where[ROLE_COUNT];   /* FILE:LINE:COL of each entry */
} loader;

#define GROW(arr, n) grow((void **)&(arr), (n), sizeof *(arr))


/* Make room for one more element, zeroed; returns NULL on failure. */
static void *grow(void **arr, size_t n, size_t size)
{
	return vec_push_zeroed(arr, n, size);
}

static char *where_of(yt_doc *d, const yaml_node_t *n)
{
	char buf[512];
	yt_where(d, n, buf, sizeof buf);
	return strdup(buf);
}

/* Was `where` (FILE:LINE:COL) written in the file d is reading?  Every
 * file of a chain has a different name (extends: refuses cycles). */
static bool from_this_file(const yt_doc *d, const char *where)
{
	size_t n = strlen(d->name);
	return where && !strncmp(where, d->name, n) && where[n] == ':';
}

const char *policy_list_name(policy_list_kind k)
{
	return k < LIST_COUNT ? list_names[k] : "?";
}

/* ---- scalars of the schema ---------------------------------------------- */

static cp_status get_role(yt_doc *d, const yaml_node_t *n, cp_role *out)
{
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, "a role"));
	if (!role_parse(yt_str(n), out)) {
		char safe[64], roles[256] = "";
		text_sanitize(yt_str(n), safe, sizeof safe);
		/* every role, from the one table (role.c) */
		for (int r = 0; r < ROLE_COUNT; r++) {
			size_t used = strlen(roles);
			snprintf(roles + used, sizeof roles - used, "%s%s",
			         r ? ", " : "", role_name((cp_role)r));
		}
		return yt_error(d, n, CP_BADINPUT, "unknown role '%s' (roles: %s)",
		                safe, roles);
	}
	return CP_OK;
}

static cp_status get_roles(yt_doc *d, const yaml_node_t *n, role_set *out)
{
	*out = 0;
	if (n->type == YAML_SCALAR_NODE) {
		cp_role r;
		CP_TRY(get_role(d, n, &r));
		*out = ROLE_BIT(r);
		return CP_OK;
	}
	CP_TRY(yt_expect(d, n, YAML_SEQUENCE_NODE, "a list of roles"));
	yaml_node_item_t *i;
	for (i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		cp_role r;
		CP_TRY(get_role(d, yt_node(d, *i), &r));
		*out |= ROLE_BIT(r);
	}
	if (!*out)
		return yt_error(d, n, CP_BADINPUT, "the list of roles is empty");
	return CP_OK;
}

/* The same, where [] (no role) is allowed. */
static cp_status get_roles_or_none(yt_doc *d, const yaml_node_t *n,
                                   role_set *out)
{
	*out = 0;
	if (n->type == YAML_SEQUENCE_NODE &&
	    n->data.sequence.items.start == n->data.sequence.items.top)
		return CP_OK;
	return get_roles(d, n, out);
}

static cp_status get_offset(yt_doc *d, const yaml_node_t *n, offset *out)
{
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, "an offset"));
	cp_error e;
	if (offset_parse(yt_str(n), out, &e) != CP_OK)
		return yt_error(d, n, CP_BADINPUT, "%s", e.msg);
	return CP_OK;
}

/* "N UNIT" for cadence (within) and escalation (after): no direction. */
static cp_status get_span(yt_doc *d, const yaml_node_t *n, const char *from,
                          bool before_ok, offset *out)
{
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, "a span"));
	char text[256];
	const char *s = yt_str(n), *before = strstr(s, " before");
	/* "N UNIT before" only where the event lies ahead (an unborn
	 * child's expected birth): a meeting due ahead of it. */
	bool ahead = before && !before[7] && before_ok;
	snprintf(text, sizeof text, "%.*s %s %s", ahead ? (int)(before - s)
	         : 200, s, ahead ? "before" : "after", from);
	cp_error e;
	if ((before && !ahead) || strstr(s, "after") || !strncmp(s, "on", 2) ||
	    offset_parse(text, out, &e) != CP_OK) {
		char safe[64];
		text_sanitize(yt_str(n), safe, sizeof safe);
		return yt_error(d, n, CP_BADINPUT,
		    "'%s' is not a span: write a number and a unit, e.g. '15 working days' or '3 months' (a cadence rule from an event ahead, such as expected-birth: '10 weeks before')",
		    safe);
	}
	return CP_OK;
}

static cp_status get_name(yt_doc *d, const yaml_node_t *n, const char *what,
                          char **out)
{
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, what));
	const char *s = yt_str(n);
	size_t len = strlen(s);
	bool ok = len > 0 && len < OFFSET_ANCHOR_LEN && s[0] >= 'a' && s[0] <= 'z';
	for (size_t i = 0; ok && i < len; i++)
		ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		     s[i] == '-';
	if (!ok) {
		char safe[64];
		text_sanitize(s, safe, sizeof safe);
		return yt_error(d, n, CP_BADINPUT,
		    "'%s' is not a valid %s (lower-case letters, digits and '-', at most %d)",
		    safe, what, OFFSET_ANCHOR_LEN - 1);
	}
	free(*out);
	*out = strdup(s);
	return *out ? CP_OK : cp_oom(d->err);
}

/* Policy text reaches every screen and list a step or a meeting is on:
 * a title (what a worker reads in their queue, a role's local name, a
 * subject) is at most POLICY_TITLE_MAX bytes, a source or note (a
 * sentence or two quoted from a procedure) at most POLICY_SOURCE_MAX.
 * A longer one is an error at its FILE:LINE:COL, not cut short. */
static cp_status get_text(yt_doc *d, const yaml_node_t *n, const char *what,
                          size_t max, char **out)
{
	if (n && n->type == YAML_SCALAR_NODE && n->data.scalar.length > max)
		return yt_error(d, n, CP_BADINPUT,
		    "%s is %zu bytes long: shorten it to at most %zu", what,
		    n->data.scalar.length, max);
	return yt_get_text(d, n, what, out);
}

static cp_status get_title(yt_doc *d, const yaml_node_t *n, const char *what,
                           char **out)
{
	return get_text(d, n, what, POLICY_TITLE_MAX, out);
}

static cp_status get_source(yt_doc *d, const yaml_node_t *n,
                            const char *what, char **out)
{
	return get_text(d, n, what, POLICY_SOURCE_MAX, out);
}

/* ---- steps -------------------------------------------------------------- */

static void free_reminder(policy_reminder *r)
{
	free(r->title);
	free(r->source);
	free(r->where);
}

static void free_step(policy_step *s)
{
	free(s->id);
	free(s->title);
	free(s->source);
	free(s->note);
	free(s->if_absent);
	free(s->where);
	free(s->escalate.title);
	free(s->escalate.source);
	free(s->escalate.where);
	for (size_t i = 0; i < s->nreminders; i++)
		free_reminder(&s->reminders[i]);
	free(s->reminders);
	memset(s, 0, sizeof *s);
}

static cp_status parse_escalation(yt_doc *d, const yaml_node_t *n,
                                  policy_escalation *e)
{
	static const yt_key keys[] = {
		{ "to", true }, { "after", false }, { "exception-report", false },
		{ "title", false }, { "source", false }, { NULL, false }
	};
	CP_TRY(yt_check_keys(d, n, keys, "an escalation"));
	e->present = true;
	e->where = where_of(d, n);
	if (!e->where)
		return cp_oom(d->err);
	CP_TRY(get_roles(d, yt_get(d, n, "to"), &e->to));
	const yaml_node_t *v;
	/* By default a step escalates on its first late working day. */
	e->after = (offset){ 1, UNIT_WORKING_DAYS, "due" };
	if ((v = yt_get(d, n, "after")))
		CP_TRY(get_span(d, v, "due", false, &e->after));
	if (e->after.amount < 1)
		return yt_error(d, v, CP_BADINPUT,
		    "an escalation comes after the step is late: at least 1 day");
	if ((v = yt_get(d, n, "exception-report")))
		CP_TRY(yt_get_bool(d, v, &e->exception_report));
	if ((v = yt_get(d, n, "title")))
		CP_TRY(get_title(d, v, "title", &e->title));
	if ((v = yt_get(d, n, "source")))
		CP_TRY(get_source(d, v, "source", &e->source));
	return CP_OK;
}

static cp_status parse_reminders(yt_doc *d, const yaml_node_t *n,
                                 policy_step *s)
{
	static const yt_key keys[] = {
		{ "at", true }, { "to", true }, { "title", true },
		{ "source", false }, { NULL, false }
	};
	CP_TRY(yt_expect(d, n, YAML_SEQUENCE_NODE, "remind"));
	yaml_node_item_t *i;
	for (i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		yaml_node_t *m = yt_node(d, *i);
		CP_TRY(yt_check_keys(d, m, keys, "a reminder"));
		policy_reminder *r = GROW(s->reminders, s->nreminders);
		if (!r)
			return cp_oom(d->err);
		s->nreminders++;
		if (!(r->where = where_of(d, m)))
			return cp_oom(d->err);
		CP_TRY(get_offset(d, yt_get(d, m, "at"), &r->at));
		CP_TRY(get_roles(d, yt_get(d, m, "to"), &r->to));
		CP_TRY(get_title(d, yt_get(d, m, "title"), "title", &r->title));
		const yaml_node_t *v = yt_get(d, m, "source");
		if (v)
			CP_TRY(get_source(d, v, "source", &r->source));
	}
	return CP_OK;
}

/* if: how: FORMAT (the meeting held that way), or absent: AGENCY (the
 * outcome records it absent or sending apologies). */
static cp_status parse_step_if(yt_doc *d, const yaml_node_t *n,
                               policy_step *s)
{
	static const yt_key keys[] = {
		{ "how", false }, { "absent", false }, { NULL, false }
	};
	const yaml_node_t *how, *absent;
	CP_TRY(yt_check_keys(d, n, keys, "if"));
	how = yt_get(d, n, "how");
	absent = yt_get(d, n, "absent");
	if (!how == !absent)
		return yt_error(d, n, CP_BADINPUT, "if: says one of how: (the way "
		                "the meeting is held) or absent: (an agency the "
		                "outcome records absent)");
	if (how) {
		meeting_how h;
		CP_TRY(yt_expect(d, how, YAML_SCALAR_NODE, "how"));
		if (!meeting_how_parse(yt_str(how), &h) || h == HOW_UNKNOWN)
			return yt_error(d, how, CP_BADINPUT, "how is teams, skype, "
			                "phone, in-person or one-to-one-written");
		s->if_how = (int)h;
		return CP_OK;
	}
	return get_title(d, absent, "an agency", &s->if_absent);
}

static cp_status parse_step_fields(yt_doc *d, const yaml_node_t *n,
                                   policy_step *s)
{
	const yaml_node_t *v;
	CP_TRY(get_name(d, yt_get(d, n, "id"), "step id", &s->id));
	CP_TRY(get_role(d, yt_get(d, n, "role"), &s->role));
	CP_TRY(get_title(d, yt_get(d, n, "title"), "title", &s->title));
	CP_TRY(get_offset(d, yt_get(d, n, "due"), &s->due));
	CP_TRY(get_source(d, yt_get(d, n, "source"), "source", &s->source));
	if ((v = yt_get(d, n, "note")))
		CP_TRY(get_source(d, v, "note", &s->note));
	if ((v = yt_get(d, n, "report-deadline")))
		CP_TRY(yt_get_bool(d, v, &s->report_deadline));
	if ((v = yt_get(d, n, "per-child")))
		CP_TRY(yt_get_bool(d, v, &s->per_child));
	if ((v = yt_get(d, n, "minutes")))
		CP_TRY(yt_get_bool(d, v, &s->minutes));
	if ((v = yt_get(d, n, "if")))
		CP_TRY(parse_step_if(d, v, s));
	if ((v = yt_get(d, n, "done-by"))) {
		CP_TRY(yt_expect(d, v, YAML_SCALAR_NODE, "done-by"));
		if (strcmp(yt_str(v), "outcome"))
			return yt_error(d, v, CP_BADINPUT, "done-by is 'outcome' (the "
			                "step is done when the meeting's outcome is "
			                "recorded), or leave it out");
		s->done_by_outcome = true;
	}
	if ((v = yt_get(d, n, "if-closed"))) {
		CP_TRY(yt_expect(d, v, YAML_SCALAR_NODE, "if-closed"));
		if (!strcmp(yt_str(v), "earlier"))
			s->if_closed = CLOSED_EARLIER;
		else if (!strcmp(yt_str(v), "later"))
			s->if_closed = CLOSED_LATER;
		else
			return yt_error(d, v, CP_BADINPUT,
			                "if-closed is 'earlier' or 'later'");
	}
	if ((v = yt_get(d, n, "escalate")))
		CP_TRY(parse_escalation(d, v, &s->escalate));
	if ((v = yt_get(d, n, "remind")))
		CP_TRY(parse_reminders(d, v, s));
	return CP_OK;
}

static cp_status parse_step(yt_doc *d, const yaml_node_t *n, policy_step *s)
{
	static const yt_key keys[] = {
		{ "id", true }, { "role", true }, { "title", true },
		{ "due", true }, { "source", true }, { "note", false },
		{ "if-closed", false }, { "report-deadline", false },
		{ "per-child", false }, { "escalate", false }, { "remind", false },
		{ "done-by", false }, { "if", false }, { "minutes", false },
		{ NULL, false }
	};
	memset(s, 0, sizeof *s);
	cp_status st = yt_check_keys(d, n, keys, "a step");
	if (st == CP_OK && !(s->where = where_of(d, n)))
		st = cp_oom(d->err);
	if (st == CP_OK)
		st = parse_step_fields(d, n, s);
	if (st != CP_OK)
		free_step(s);
	return st;
}

const policy_step *policy_step_find(const policy_meeting *m, const char *id)
{
	for (size_t i = 0; m && i < m->nsteps; i++)
		if (!strcmp(m->steps[i].id, id))
			return &m->steps[i];
	return NULL;
}

size_t policy_step_count(const policy *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nmeetings; i++)
		n += p->meetings[i].nsteps;
	return n;
}

const policy_step *policy_type_step(const policy *p, const char *type,
                                    const char *id)
{
	return policy_step_find(policy_meeting_find(p, type), id);
}

/* The loader's own, writable view of the same lookup. */
static policy_step *find_step(policy_meeting *m, const char *id)
{
	return (policy_step *)policy_step_find(m, id);
}

/* Steps whose id the meeting has already replace it; new ones append. */
static cp_status apply_steps(yt_doc *d, const yaml_node_t *n,
                             policy_meeting *m)
{
	CP_TRY(yt_expect(d, n, YAML_SEQUENCE_NODE, "steps"));
	yaml_node_item_t *i;
	for (i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		yaml_node_t *sn = yt_node(d, *i);
		policy_step s;
		CP_TRY(parse_step(d, sn, &s));
		policy_step *old = find_step(m, s.id);
		/* An id inherited and then replaced in this file is still
		 * this file's: naming it again is a mistake, not a change. */
		if (old && from_this_file(d, old->where)) {
			cp_status st = yt_error(d, sn, CP_BADINPUT,
			    "step '%s' appears twice in this file (first at %s)",
			    s.id, old->where);
			free_step(&s);
			return st;
		}
		if (old) {
			free_step(old);
			*old = s;
			continue;
		}
		policy_step *slot = GROW(m->steps, m->nsteps);
		if (!slot) {
			free_step(&s);
			return cp_oom(d->err);
		}
		*slot = s;
		m->nsteps++;
	}
	return CP_OK;
}

static cp_status drop_steps(yt_doc *d, const yaml_node_t *n,
                            policy_meeting *m)
{
	CP_TRY(yt_expect(d, n, YAML_SEQUENCE_NODE, "drop-steps"));
	yaml_node_item_t *i;
	for (i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		yaml_node_t *v = yt_node(d, *i);
		CP_TRY(yt_expect(d, v, YAML_SCALAR_NODE, "a step id"));
		policy_step *s = find_step(m, yt_str(v));
		if (!s) {
			char safe[64];
			text_sanitize(yt_str(v), safe, sizeof safe);
			return yt_error(d, v, CP_BADINPUT,
			    "cannot drop step '%s': the %s meeting has no such step",
			    safe, m->type);
		}
		free_step(s);
		size_t at = (size_t)(s - m->steps);
		memmove(s, s + 1, (m->nsteps - at - 1) * sizeof *s);
		m->nsteps--;
	}
	return CP_OK;
}

/* ---- meetings ----------------------------------------------------------- */

static bool is_builtin_type(const char *t)
{
	for (size_t i = 0; builtin_types[i]; i++)
		if (!strcmp(builtin_types[i], t))
			return true;
	return false;
}

static void free_meeting(policy_meeting *m)
{
	for (size_t i = 0; i < m->nsteps; i++)
		free_step(&m->steps[i]);
	free(m->steps);
	free(m->type);
	free(m->title);
}

/* during: an episode a meeting type is held in ("always": none). */
static cp_status get_during(yt_doc *d, const yaml_node_t *n, int *out)
{
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, "during"));
	episode_kind k;
	if (!strcmp(yt_str(n), "always")) {
		*out = EPISODE_KIND_COUNT;
		return CP_OK;
	}
	if (!episode_kind_parse(yt_str(n), &k) || k == EPISODE_CIN)
		return yt_error(d, n, CP_BADINPUT,
		                "during is 'cp-plan', 'looked-after' or 'always'");
	*out = (int)k;
	return CP_OK;
}

static cp_status apply_meeting(yt_doc *d, const yaml_node_t *k,
                               const yaml_node_t *n, policy *p)
{
	static const yt_key keys[] = {
		{ "title", false }, { "chair", false }, { "custom", false },
		{ "also-chaired-by", false },
		{ "during", false }, { "steps", false }, { "drop-steps", false },
		{ NULL, false }
	};
	char *type = NULL;
	CP_TRY(get_name(d, k, "meeting type", &type));
	policy_meeting *m = (policy_meeting *)policy_meeting_find(p, type);
	if (!m) {
		m = GROW(p->meetings, p->nmeetings);
		if (!m) {
			free(type);
			return cp_oom(d->err);
		}
		p->nmeetings++;
		m->type = type;
		m->chair_role = ROLE_CP_CHAIR;
		m->during = EPISODE_KIND_COUNT;
	} else {
		free(type);
	}
	CP_TRY(yt_check_keys(d, n, keys, "a meeting type"));
	const yaml_node_t *v;
	if ((v = yt_get(d, n, "custom")))
		CP_TRY(yt_get_bool(d, v, &m->custom));
	if (!m->custom && !is_builtin_type(m->type))
		return yt_error(d, k, CP_BADINPUT,
		    "unknown meeting type '%s' (built in: strategy, icpc, rcpc, core-group, cla-review, case-mapping, transfer-in; a borough's own type needs 'custom: true')",
		    m->type);
	if ((v = yt_get(d, n, "title")))
		CP_TRY(get_title(d, v, "title", &m->title));
	if ((v = yt_get(d, n, "chair"))) {
		CP_TRY(get_role(d, v, &m->chair_role));
		if (!policy_chair_role_ok(m->chair_role))
			return yt_error(d, v, CP_BADINPUT, "chair is cp-chair, iro "
			                "or social-worker (a core group's)");
	}
	if ((v = yt_get(d, n, "also-chaired-by")))
		CP_TRY(get_roles_or_none(d, v, &m->also_chaired_by));
	if ((v = yt_get(d, n, "during")))
		CP_TRY(get_during(d, v, &m->during));
	if ((v = yt_get(d, n, "drop-steps")))
		CP_TRY(drop_steps(d, v, m));
	if ((v = yt_get(d, n, "steps")))
		CP_TRY(apply_steps(d, v, m));
	if (!m->title)
		return yt_error(d, n, CP_BADINPUT, "meeting type '%s' needs a title",
		                m->type);
	return CP_OK;
}

static cp_status apply_meetings(yt_doc *d, const yaml_node_t *n, policy *p)
{
	CP_TRY(yt_check_keys(d, n, NULL, "meetings"));
	yaml_node_pair_t *a;
	for (a = n->data.mapping.pairs.start; a < n->data.mapping.pairs.top; a++)
		CP_TRY(apply_meeting(d, yt_node(d, a->key), yt_node(d, a->value), p));
	return CP_OK;
}

/* ---- cadence ------------------------------------------------------------ */

static void free_cadence(policy_cadence *c)
{
	free(c->after);
	free(c->next);
	free(c->source);
	free(c->where);
}

static cp_status parse_nth(yt_doc *d, const yaml_node_t *n, policy_cadence *c)
{
	/* "1", "2", or "2+" (the second and every later one). */
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, "nth"));
	const char *s = yt_str(n);
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	bool plus = !strcmp(end, "+");
	if (!*s || (*end && !plus) || errno || v < 1 || v > 99)
		return yt_error(d, n, CP_BADINPUT,
		    "nth is a number from 1 to 99, or N+ for the Nth and every later one");
	c->nth_min = (int)v;
	c->nth_max = plus ? 0 : (int)v;
	return CP_OK;
}

static cp_status parse_cadence(yt_doc *d, const yaml_node_t *n,
                               policy_cadence *c)
{
	static const yt_key keys[] = {
		{ "after", true }, { "nth", false }, { "next", true },
		{ "within", true }, { "source", true }, { NULL, false }
	};
	CP_TRY(yt_check_keys(d, n, keys, "a cadence rule"));
	if (!(c->where = where_of(d, n)))
		return cp_oom(d->err);
	CP_TRY(get_name(d, yt_get(d, n, "after"), "event", &c->after));
	CP_TRY(get_name(d, yt_get(d, n, "next"), "meeting type", &c->next));
	const yaml_node_t *v = yt_get(d, n, "nth");
	if (v)
		CP_TRY(parse_nth(d, v, c));
	CP_TRY(get_span(d, yt_get(d, n, "within"), c->after, true, &c->within));
	return get_source(d, yt_get(d, n, "source"), "source", &c->source);
}

static bool same_cadence_key(const policy_cadence *a, const policy_cadence *b)
{
	return !strcmp(a->after, b->after) && !strcmp(a->next, b->next) &&
	       a->nth_min == b->nth_min && a->nth_max == b->nth_max;
}

/* A rule with the same after/nth/next as an inherited one replaces it. */
static cp_status apply_cadence(yt_doc *d, const yaml_node_t *n, policy *p)
{
	CP_TRY(yt_expect(d, n, YAML_SEQUENCE_NODE, "cadence"));
	yaml_node_item_t *i;
	for (i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		policy_cadence c = { 0 };
		cp_status st = parse_cadence(d, yt_node(d, *i), &c);
		if (st != CP_OK) {
			free_cadence(&c);
			return st;
		}
		policy_cadence *slot = NULL;
		for (size_t j = 0; j < p->ncadence && !slot; j++)
			if (same_cadence_key(&p->cadence[j], &c))
				slot = &p->cadence[j];
		if (slot && from_this_file(d, slot->where)) {
			st = yt_error(d, yt_node(d, *i), CP_BADINPUT,
			    "cadence after '%s' -> '%s' appears twice in this file (first at %s)",
			    c.after, c.next, slot->where);
			free_cadence(&c);
			return st;
		}
		if (slot) {
			free_cadence(slot);
		} else if ((slot = GROW(p->cadence, p->ncadence))) {
			p->ncadence++;
		} else {
			free_cadence(&c);
			return cp_oom(d->err);
		}
		*slot = c;
	}
	return CP_OK;
}

/* ---- small sections ----------------------------------------------------- */

/* Each ROLE: VALUE entry of a mapping keyed by role (roles:, see:,
 * give:), handed to fn with the role read. */
typedef cp_status (*role_entry_fn)(yt_doc *d, cp_role r,
                                   const yaml_node_t *v, void *ctx);

static cp_status each_role_entry(yt_doc *d, const yaml_node_t *n,
                                 const char *what, role_entry_fn fn,
                                 void *ctx)
{
	CP_TRY(yt_check_keys(d, n, NULL, what));
	yaml_node_pair_t *a;
	for (a = n->data.mapping.pairs.start; a < n->data.mapping.pairs.top; a++) {
		cp_role r;
		CP_TRY(get_role(d, yt_node(d, a->key), &r));
		CP_TRY(fn(d, r, yt_node(d, a->value), ctx));
	}
	return CP_OK;
}

static cp_status role_title(yt_doc *d, cp_role r, const yaml_node_t *v,
                            void *ctx)
{
	policy *p = ctx;
	return get_title(d, v, "a role's local name", &p->role_titles[r]);
}

static cp_status apply_roles(yt_doc *d, const yaml_node_t *n, policy *p)
{
	return each_role_entry(d, n, "roles", role_title, p);
}

static cp_status apply_anchors(yt_doc *d, const yaml_node_t *n, policy *p)
{
	CP_TRY(yt_check_keys(d, n, NULL, "anchors"));
	yaml_node_pair_t *a;
	for (a = n->data.mapping.pairs.start; a < n->data.mapping.pairs.top; a++) {
		yaml_node_t *k = yt_node(d, a->key);
		char *name = NULL;
		CP_TRY(get_name(d, k, "anchor name", &name));
		if (!strcmp(name, "meeting") || !strcmp(name, "due")) {
			free(name);
			return yt_error(d, k, CP_BADINPUT,
			    "'%s' is built in and cannot be declared", yt_str(k));
		}
		policy_anchor *an = (policy_anchor *)policy_anchor_find(p, name);
		if (an) {
			free(name);
		} else if ((an = GROW(p->anchors, p->nanchors))) {
			p->nanchors++;
			an->name = name;
		} else {
			free(name);
			return cp_oom(d->err);
		}
		CP_TRY(get_title(d, yt_node(d, a->value), "an anchor's title",
		                &an->title));
	}
	return CP_OK;
}

static cp_status apply_closures(yt_doc *d, const yaml_node_t *n, policy *p)
{
	static const yt_key keys[] = {
		{ "date", true }, { "title", true }, { NULL, false }
	};
	CP_TRY(yt_expect(d, n, YAML_SEQUENCE_NODE, "closures"));
	yaml_node_item_t *i;
	for (i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		yaml_node_t *m = yt_node(d, *i);
		CP_TRY(yt_check_keys(d, m, keys, "a closure"));
		yaml_node_t *dn = yt_get(d, m, "date");
		CP_TRY(yt_expect(d, dn, YAML_SCALAR_NODE, "date"));
		cp_date date;
		cp_error e;
		if (date_parse(yt_str(dn), &date, &e) != CP_OK)
			return yt_error(d, dn, CP_BADINPUT, "%s", e.msg);
		policy_closure *c = GROW(p->closures, p->nclosures);
		if (!c)
			return cp_oom(d->err);
		p->nclosures++;
		c->date = date;
		CP_TRY(get_title(d, yt_get(d, m, "title"), "title", &c->title));
	}
	return CP_OK;
}

/* closing: for-others, not-needed (roles), source. */
static cp_status apply_closing(yt_doc *d, const yaml_node_t *n, policy *p)
{
	static const yt_key keys[] = {
		{ "for-others", false }, { "not-needed", false },
		{ "source", false }, { NULL, false }
	};
	const yaml_node_t *v;
	CP_TRY(yt_check_keys(d, n, keys, "closing"));
	if ((v = yt_get(d, n, "for-others")))
		CP_TRY(get_roles(d, v, &p->close_for_others));
	if ((v = yt_get(d, n, "not-needed")))
		CP_TRY(get_roles(d, v, &p->close_not_needed));
	if ((v = yt_get(d, n, "source"))) {
		free(p->closing_source);
		p->closing_source = NULL;
		CP_TRY(get_source(d, v, "source", &p->closing_source));
	}
	return CP_OK;
}

/* quorum: agencies (a count), including (one agency), source. */
static cp_status apply_quorum(yt_doc *d, const yaml_node_t *n, policy *p)
{
	static const yt_key keys[] = {
		{ "agencies", true }, { "including", false }, { "source", true },
		{ NULL, false }
	};
	const yaml_node_t *v;
	long c;
	CP_TRY(yt_check_keys(d, n, keys, "quorum"));
	CP_TRY(yt_get_int(d, yt_get(d, n, "agencies"), 1, 20, &c));
	p->quorum_agencies = (int)c;
	free(p->quorum_including);
	p->quorum_including = NULL;
	if ((v = yt_get(d, n, "including")))
		CP_TRY(get_title(d, v, "an agency", &p->quorum_including));
	free(p->quorum_source);
	p->quorum_source = NULL;
	return get_source(d, yt_get(d, n, "source"), "source", &p->quorum_source);
}

/* One action's approvers: approvers, approval any|all, source. */
static cp_status get_approval(yt_doc *d, const yaml_node_t *n,
                              const char *what, policy_approval *a)
{
	static const yt_key keys[] = {
		{ "approvers", true }, { "approval", false }, { "source", true },
		{ NULL, false }
	};
	CP_TRY(yt_check_keys(d, n, keys, what));
	CP_TRY(get_roles_or_none(d, yt_get(d, n, "approvers"), &a->approvers));
	a->all = false;
	const yaml_node_t *v = yt_get(d, n, "approval");
	if (v) {
		CP_TRY(yt_expect(d, v, YAML_SCALAR_NODE, "approval"));
		if (!strcmp(yt_str(v), "all"))
			a->all = true;
		else if (strcmp(yt_str(v), "any"))
			return yt_error(d, v, CP_BADINPUT,
			    "approval is 'any' (one approver agrees) or 'all' (every approver role agrees)");
	}
	free(a->source);
	a->source = NULL;
	return get_source(d, yt_get(d, n, "source"), "source", &a->source);
}

/* cancellation: the older spelling of approvals: cancel-meeting:. */
static cp_status apply_cancellation(yt_doc *d, const yaml_node_t *n,
                                    policy *p)
{
	return get_approval(d, n, "cancellation",
	                    &p->approvals[REQUEST_CANCEL_MEETING]);
}

/* approvals: maps each action that needs approval to its approvers; a
 * later file of the chain replaces the actions it names.  An action it
 * names with approvers: [] needs no approval. */
static cp_status apply_approvals(yt_doc *d, const yaml_node_t *n, policy *p)
{
	CP_TRY(yt_check_keys(d, n, NULL, "approvals"));
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		const yaml_node_t *k = yt_node(d, pr->key);
		request_kind kind;
		CP_TRY(yt_expect(d, k, YAML_SCALAR_NODE, "an action"));
		if (!request_kind_parse(yt_str(k), &kind))
			return yt_error(d, k, CP_BADINPUT,
			    "unknown action '%.64s' under approvals: one of "
			    "cancel-meeting, late-move", yt_str(k));
		if (kind == REQUEST_CANCEL_MEETING &&
		    yt_get(d, yt_root(d), "cancellation"))
			return yt_error(d, k, CP_BADINPUT,
			    "cancel-meeting is given twice: under approvals: and as "
			    "cancellation: (keep one)");
		CP_TRY(get_approval(d, yt_node(d, pr->value), yt_str(k),
		                    &p->approvals[kind]));
	}
	return CP_OK;
}

/* permissions: see: maps roles to scopes, may: maps actions to role
 * lists; a later file of the chain replaces the entries it names. */
static cp_status role_scope(yt_doc *d, cp_role r, const yaml_node_t *v,
                            void *ctx)
{
	policy *p = ctx;
	CP_TRY(yt_expect(d, v, YAML_SCALAR_NODE, "a scope"));
	if (access_scope_parse(yt_str(v), &p->access.see[r]))
		return CP_OK;
	char safe[64];
	text_sanitize(yt_str(v), safe, sizeof safe);
	return yt_error(d, v, CP_BADINPUT,
	    "unknown scope '%s': write none, own, team, service, chaired, "
	    "clerked or all", safe);
}

static cp_status apply_see(yt_doc *d, const yaml_node_t *n, policy *p)
{
	return each_role_entry(d, n, "see", role_scope, p);
}

static cp_status apply_may(yt_doc *d, const yaml_node_t *n, policy *p)
{
	CP_TRY(yt_check_keys(d, n, NULL, "may"));
	yaml_node_pair_t *a;
	for (a = n->data.mapping.pairs.start; a < n->data.mapping.pairs.top; a++) {
		const yaml_node_t *k = yt_node(d, a->key);
		CP_TRY(yt_expect(d, k, YAML_SCALAR_NODE, "an action"));
		access_action act;
		if (!access_action_parse(yt_str(k), &act)) {
			char known[400], safe[64];
			text_sanitize(yt_str(k), safe, sizeof safe);
			size_t used = 0;
			for (int i = 0; i < ACCESS_COUNT && used < sizeof known; i++)
				used += (size_t)snprintf(known + used,
				    sizeof known - used, "%s%s", i ? ", " : "",
				    access_action_name((access_action)i));
			return yt_error(d, k, CP_BADINPUT,
			    "unknown action '%s': the actions are %s",
			    safe, known);
		}
		/* An empty list is allowed: only the store's administrators. */
		CP_TRY(get_roles_or_none(d, yt_node(d, a->value),
		                         &p->access.may[act]));
	}
	return CP_OK;
}

/* give: maps a role to the role or list of roles its holders may give
 * a worker; [] (or no entry) gives none.  where (may be NULL) keeps the
 * position of each entry for the check against the rest (check_gives). */
typedef struct gives_in {
	access_gives *g;
	char **where;
} gives_in;

static cp_status role_gives(yt_doc *d, cp_role r, const yaml_node_t *v,
                            void *ctx)
{
	gives_in *in = ctx;
	CP_TRY(get_roles_or_none(d, v, &in->g->of[r]));
	if (!in->where)
		return CP_OK;
	free(in->where[r]);
	in->where[r] = where_of(d, v);
	return in->where[r] ? CP_OK : cp_oom(d->err);
}

static cp_status apply_give(yt_doc *d, const yaml_node_t *n, access_gives *g,
                            char **where)
{
	gives_in in = { g, where };
	return each_role_entry(d, n, "give", role_gives, &in);
}

static cp_status apply_permissions(loader *l, const yaml_node_t *n)
{
	static const yt_key keys[] = {
		{ "see", false }, { "may", false }, { "give", false },
		{ "source", false }, { NULL, false }
	};
	yt_doc *d = l->d;
	CP_TRY(yt_check_keys(d, n, keys, "permissions"));
	const yaml_node_t *v;
	if ((v = yt_get(d, n, "see")))
		CP_TRY(apply_see(d, v, l->p));
	if ((v = yt_get(d, n, "may")))
		CP_TRY(apply_may(d, v, l->p));
	if ((v = yt_get(d, n, "give")))
		CP_TRY(apply_give(d, v, &l->gives, l->give_where));
	if ((v = yt_get(d, n, "source")))
		CP_TRY(get_source(d, v, "source", &l->p->access_source));
	return CP_OK;
}

static cp_status get_send_on(yt_doc *d, const yaml_node_t *n, policy_list *l)
{
	static const char *const days[] = { "monday", "tuesday", "wednesday",
		"thursday", "friday", "saturday", "sunday" };
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, "send-on"));
	l->weekday = l->day_of_month = 0;
	for (int i = 0; i < 7; i++)
		if (!strcmp(yt_str(n), days[i])) {
			l->weekday = i + 1;
			return CP_OK;
		}
	long v;
	if (yt_get_int(d, n, 1, 28, &v) != CP_OK)
		return yt_error(d, n, CP_BADINPUT,
		    "send-on is a weekday (monday..sunday) or a day of the month (1 to 28)");
	l->day_of_month = (int)v;
	return CP_OK;
}

static cp_status apply_lists(yt_doc *d, const yaml_node_t *n, policy *p)
{
	static const yt_key names[] = {
		{ "week", false }, { "fortnight", false }, { "month", false },
		{ "exceptions", false }, { "case-mapping", false }, { NULL, false }
	};
	static const yt_key keys[] = {
		{ "send-on", true }, { "to", true }, { "subject", false },
		{ "source", true }, { NULL, false }
	};
	CP_TRY(yt_check_keys(d, n, names, "lists"));
	for (int k = 0; k < LIST_COUNT; k++) {
		yaml_node_t *m = yt_get(d, n, list_names[k]);
		if (!m)
			continue;
		policy_list *l = &p->lists[k];
		CP_TRY(yt_check_keys(d, m, keys, "a list"));
		l->present = true;
		CP_TRY(get_send_on(d, yt_get(d, m, "send-on"), l));
		CP_TRY(get_roles(d, yt_get(d, m, "to"), &l->to));
		const yaml_node_t *v = yt_get(d, m, "subject");
		if (v)
			CP_TRY(get_title(d, v, "subject", &l->subject));
		CP_TRY(get_source(d, yt_get(d, m, "source"), "source", &l->source));
	}
	return CP_OK;
}

static cp_status apply_mail(yt_doc *d, const yaml_node_t *n, policy *p)
{
	static const yt_key keys[] = {
		{ "subject-prefix", true }, { "source", false }, { NULL, false }
	};
	CP_TRY(yt_check_keys(d, n, keys, "mail"));
	return get_title(d, yt_get(d, n, "subject-prefix"), "subject-prefix",
	                   &p->mail_subject_prefix);
}

/* Who logs a kind, who is consulted and told, what it is held for. */
static cp_status apply_consult_parts(yt_doc *d, const yaml_node_t *m,
                                     policy_consultation_kind *k)
{
	const yaml_node_t *v;
	if ((v = yt_get(d, m, "logged-by")))
		CP_TRY(get_roles(d, v, &k->logged_by));
	if ((v = yt_get(d, m, "consulted")))
		CP_TRY(get_role(d, v, &k->consulted));
	if ((v = yt_get(d, m, "told")))
		CP_TRY(get_roles_or_none(d, v, &k->told));
	if ((v = yt_get(d, m, "meeting"))) {
		free(k->meeting);
		k->meeting = NULL;
		CP_TRY(get_name(d, v, "meeting type", &k->meeting));
	}
	if ((v = yt_get(d, m, "closes"))) {
		free(k->closes);
		k->closes = NULL;
		CP_TRY(get_name(d, v, "step", &k->closes));
		if (!k->meeting)
			return yt_error(d, v, CP_BADINPUT, "closes: names a step of "
			                "the kind's meeting: say which (meeting: TYPE)");
	}
	if ((v = yt_get(d, m, "mapping")))
		CP_TRY(yt_get_bool(d, v, &k->mapping));
	if ((v = yt_get(d, m, "cycle"))) {
		CP_TRY(yt_expect(d, v, YAML_SCALAR_NODE, "map or review"));
		if (!strcmp(yt_str(v), "map"))
			k->cycle = CYCLE_MAP;
		else if (!strcmp(yt_str(v), "review"))
			k->cycle = CYCLE_REVIEW;
		else
			return yt_error(d, v, CP_BADINPUT, "cycle is map (the chair "
			                "maps the case) or review (the chair reviews "
			                "a recent mapping)");
		if (k->cycle == CYCLE_MAP)
			k->mapping = true;
	}
	return CP_OK;
}

static cp_status apply_consult_kinds(yt_doc *d, const yaml_node_t *n,
                                     policy *p)
{
	static const yt_key keys[] = {
		{ "id", true }, { "title", true }, { "source", true },
		{ "logged-by", false }, { "consulted", false }, { "told", false },
		{ "meeting", false }, { "closes", false }, { "mapping", false },
		{ "cycle", false }, { NULL, false }
	};
	CP_TRY(yt_expect(d, n, YAML_SEQUENCE_NODE, "kinds"));
	yaml_node_item_t *i;
	for (i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		yaml_node_t *m = yt_node(d, *i);
		CP_TRY(yt_check_keys(d, m, keys, "a consultation kind"));
		char *id = NULL;
		CP_TRY(get_name(d, yt_get(d, m, "id"), "consultation kind", &id));
		for (yaml_node_item_t *j = n->data.sequence.items.start; j < i; j++) {
			yaml_node_t *prev = yt_get(d, yt_node(d, *j), "id");
			if (prev && !strcmp(yt_str(prev), id)) {
				cp_status st = yt_error(d, m, CP_BADINPUT,
				    "consultation kind '%s' appears twice in this file (first at line %zu)",
				    id, prev->start_mark.line + 1);
				free(id);
				return st;
			}
		}
		policy_consultation_kind *k =
		    (policy_consultation_kind *)policy_consult_kind_find(p, id);
		if (k) {
			free(id);
		} else if ((k = GROW(p->consult_kinds, p->nconsult_kinds))) {
			p->nconsult_kinds++;
			k->id = id;
			k->consulted = ROLE_COUNT;
		} else {
			free(id);
			return cp_oom(d->err);
		}
		CP_TRY(get_title(d, yt_get(d, m, "title"), "title", &k->title));
		CP_TRY(get_source(d, yt_get(d, m, "source"), "source", &k->source));
		CP_TRY(apply_consult_parts(d, m, k));
	}
	return CP_OK;
}

static cp_status get_months(yt_doc *d, const yaml_node_t *n, int *out)
{
	offset o;
	CP_TRY(get_span(d, n, "meeting", false, &o));
	if (o.unit != UNIT_MONTHS || o.amount < 1)
		return yt_error(d, n, CP_BADINPUT, "write this in months, e.g. '12 months'");
	*out = o.amount;
	return CP_OK;
}

/* The case-mapping cycle's periods: recently-mapped (the older
 * not-mapped-within, one or the other), again-after, new-mapping-by,
 * allocate-within. */
static cp_status case_mapping_periods(yt_doc *d, const yaml_node_t *v,
                                      policy *p)
{
	const yaml_node_t *recent = yt_get(d, v, "recently-mapped");
	const yaml_node_t *older = yt_get(d, v, "not-mapped-within");
	if (recent && older)
		return yt_error(d, older, CP_BADINPUT, "not-mapped-within is the "
		                "older spelling of recently-mapped: give one");
	if (!recent && !older)
		return yt_error(d, v, CP_BADINPUT, "case-mapping needs "
		                "recently-mapped (e.g. '6 months')");
	CP_TRY(get_months(d, recent ? recent : older,
	                  &p->case_mapping_lookback_months));
	const yaml_node_t *n;
	if ((n = yt_get(d, v, "again-after")))
		CP_TRY(get_months(d, n, &p->case_mapping_again_months));
	if ((n = yt_get(d, v, "new-mapping-by")))
		CP_TRY(get_months(d, n, &p->case_mapping_remap_months));
	if ((n = yt_get(d, v, "allocate-within"))) {
		offset o;
		CP_TRY(get_span(d, n, "meeting", false, &o));
		if (o.unit != UNIT_WORKING_DAYS || o.amount < 1)
			return yt_error(d, n, CP_BADINPUT, "write this in working "
			                "days, e.g. '5 working days'");
		p->case_mapping_allocate_days = o.amount;
	}
	return CP_OK;
}

static cp_status apply_consultations(yt_doc *d, const yaml_node_t *n,
                                     policy *p)
{
	static const yt_key keys[] = {
		{ "kinds", false }, { "case-mapping", false }, { NULL, false }
	};
	static const yt_key cm_keys[] = {
		{ "open-for", true }, { "recently-mapped", false },
		{ "not-mapped-within", false }, { "again-after", false },
		{ "new-mapping-by", false }, { "allocate-within", false },
		{ "source", true }, { NULL, false }
	};
	CP_TRY(yt_check_keys(d, n, keys, "consultations"));
	const yaml_node_t *v = yt_get(d, n, "kinds");
	if (v)
		CP_TRY(apply_consult_kinds(d, v, p));
	if (!(v = yt_get(d, n, "case-mapping")))
		return CP_OK;
	CP_TRY(yt_check_keys(d, v, cm_keys, "case-mapping"));
	CP_TRY(get_months(d, yt_get(d, v, "open-for"), &p->case_mapping_open_months));
	CP_TRY(case_mapping_periods(d, v, p));
	return get_source(d, yt_get(d, v, "source"), "source",
	                   &p->case_mapping_source);
}

/* ---- the diary ---------------------------------------------------------- */

void policy_diary_defaults(policy_diary *d)
{
	static const int times[] = { 9 * 60 + 30, 11 * 60, 13 * 60 + 30, 15 * 60 };
	memset(d, 0, sizeof *d);
	memcpy(d->times, times, sizeof times);
	d->ntimes = sizeof times / sizeof times[0];
	d->length = 90;
	d->per_chair_per_day = 2;
	d->margin = 0;
	d->allocate = ROLE_BIT(ROLE_QA_ADMIN);
	d->unallocated_within = 10;
}

bool policy_diary_overlap(const policy_diary *d, int a, int b)
{
	if (a < 0 || b < 0)
		return true;
	return (a > b ? a - b : b - a) < d->length;
}

cp_status policy_diary_book_by(const policy *p, const calendar *cal,
                               cp_date latest, cp_date *out, cp_error *err)
{
	*out = latest;
	if (latest == CP_DATE_NONE || p->diary.margin == 0)
		return CP_OK;
	return calendar_add_workdays(cal, latest, -p->diary.margin, out, err);
}

cp_status policy_diary_unallocated_until(const policy *p, const calendar *cal,
                                         cp_date today, cp_date *out,
                                         cp_error *err)
{
	return calendar_add_workdays(cal, today, p->diary.unallocated_within,
	                             out, err);
}

/* "HH:MM", two digits each: minutes past midnight. */
static bool parse_hhmm(const char *s, int *out)
{
	if (strlen(s) != 5 || s[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return false;
	*out = h * 60 + m;
	return true;
}

static cp_status get_times(yt_doc *d, const yaml_node_t *n, policy_diary *dy)
{
	CP_TRY(yt_expect(d, n, YAML_SEQUENCE_NODE, "times"));
	size_t count = 0;
	yaml_node_item_t *i;
	int times[POLICY_DIARY_TIMES_MAX];
	for (i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		yaml_node_t *v = yt_node(d, *i);
		CP_TRY(yt_expect(d, v, YAML_SCALAR_NODE, "a start time"));
		char safe[64];
		text_sanitize(yt_str(v), safe, sizeof safe);
		int t;
		if (!parse_hhmm(yt_str(v), &t))
			return yt_error(d, v, CP_BADINPUT,
			    "'%s' is not a start time: write HH:MM, e.g. \"09:30\"",
			    safe);
		if (count == POLICY_DIARY_TIMES_MAX)
			return yt_error(d, v, CP_BADINPUT,
			    "more than %d start times", POLICY_DIARY_TIMES_MAX);
		if (count && t <= times[count - 1])
			return yt_error(d, v, CP_BADINPUT,
			    "start times go earliest first, each once: %s is not later than the one before",
			    safe);
		times[count++] = t;
	}
	if (!count)
		return yt_error(d, n, CP_BADINPUT,
		    "times is empty: give at least one start time, e.g. [\"10:00\"]");
	memcpy(dy->times, times, count * sizeof times[0]);
	dy->ntimes = count;
	return CP_OK;
}

/* "N UNIT" where UNIT is one of units[] (singular and plural spellings
 * alike); N from min to max. */
static bool parse_amount(const char *s, const char *const *units, long min,
                         long max, long *out, size_t *unit)
{
	char *end;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end != ' ' || v < min || v > max)
		return false;
	for (size_t i = 0; units[i]; i++)
		if (!strcmp(end + 1, units[i])) {
			*out = v;
			*unit = i;
			return true;
		}
	return false;
}

static cp_status get_length(yt_doc *d, const yaml_node_t *n, int *out)
{
	static const char *const units[] = {
		"minutes", "minute", "hours", "hour", NULL
	};
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, "length"));
	long v;
	size_t u;
	if (parse_amount(yt_str(n), units, 1, 999, &v, &u)) {
		long minutes = u < 2 ? v : v * 60;
		if (minutes >= 10 && minutes <= 8 * 60) {
			*out = (int)minutes;
			return CP_OK;
		}
	}
	char safe[64];
	text_sanitize(yt_str(n), safe, sizeof safe);
	return yt_error(d, n, CP_BADINPUT,
	    "length '%s': write minutes or hours, from 10 minutes to 8 hours, e.g. '90 minutes' or '2 hours'",
	    safe);
}

/* "N working days", N from min to max. */
static cp_status get_workdays(yt_doc *d, const yaml_node_t *n,
                              const char *what, long min, long max, int *out)
{
	static const char *const units[] = {
		"working days", "working day", NULL
	};
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, what));
	long v;
	size_t u;
	if (parse_amount(yt_str(n), units, min, max, &v, &u)) {
		*out = (int)v;
		return CP_OK;
	}
	char safe[64];
	text_sanitize(yt_str(n), safe, sizeof safe);
	return yt_error(d, n, CP_BADINPUT,
	    "%s '%s': write a number of working days from %ld to %ld, e.g. '%ld working days'",
	    what, safe, min, max, max < 10 ? max : 10);
}

static cp_status apply_diary(yt_doc *d, const yaml_node_t *n, policy *p)
{
	static const yt_key keys[] = {
		{ "times", false }, { "length", false },
		{ "per-chair-per-day", false }, { "margin", false },
		{ "allocate", false }, { "unallocated-within", false },
		{ "source", false }, { NULL, false }
	};
	policy_diary *dy = &p->diary;
	CP_TRY(yt_check_keys(d, n, keys, "diary"));
	free(dy->where);
	if (!(dy->where = where_of(d, n)))
		return cp_oom(d->err);
	const yaml_node_t *v;
	if ((v = yt_get(d, n, "times")))
		CP_TRY(get_times(d, v, dy));
	if ((v = yt_get(d, n, "length")))
		CP_TRY(get_length(d, v, &dy->length));
	if ((v = yt_get(d, n, "per-chair-per-day"))) {
		long c;
		CP_TRY(yt_get_int(d, v, 1, 10, &c));
		dy->per_chair_per_day = (int)c;
	}
	if ((v = yt_get(d, n, "margin")))
		CP_TRY(get_workdays(d, v, "margin", 0, 60, &dy->margin));
	if ((v = yt_get(d, n, "allocate")))
		CP_TRY(get_roles(d, v, &dy->allocate));
	if ((v = yt_get(d, n, "unallocated-within")))
		CP_TRY(get_workdays(d, v, "unallocated-within", 1, 60,
		                    &dy->unallocated_within));
	if ((v = yt_get(d, n, "source")))
		CP_TRY(get_source(d, v, "source", &dy->source));
	return CP_OK;
}

/* ---- a whole file ------------------------------------------------------- */

static cp_status load_chain(loader *l, const char *name, const char *text,
                            size_t len);

static char *join_dir(const char *including, const char *name)
{
	const char *slash = strrchr(including, '/');
	if (name[0] == '/' || !slash)
		return strdup(name);
	size_t dir = (size_t)(slash - including) + 1;
	char *out = malloc(dir + strlen(name) + 1);
	if (out) {
		memcpy(out, including, dir);
		strcpy(out + dir, name);
	}
	return out;
}

static cp_status apply_extends(loader *l, const yaml_node_t *n)
{
	yt_doc *d = l->d;
	CP_TRY(yt_expect(d, n, YAML_SCALAR_NODE, "extends"));
	char *path = join_dir(d->name, yt_str(n));
	if (!path)
		return cp_oom(d->err);
	for (int i = 0; i <= l->depth; i++)
		if (l->chain[i] && !strcmp(l->chain[i], path)) {
			cp_status st = yt_error(d, n, CP_BADINPUT,
			    "extends: cycle: %s already extends (directly or not) this file",
			    path);
			free(path);
			return st;
		}
	if (l->depth + 1 >= POLICY_MAX_EXTENDS) {
		free(path);
		return yt_error(d, n, CP_BADINPUT,
		    "extends: chain is deeper than %d files", POLICY_MAX_EXTENDS);
	}
	char *text = NULL;
	size_t len = 0;
	cp_error e;
	cp_status st = l->reader ? l->reader(l->ctx, path, &text, &len, &e)
	                         : cp_fail(&e, CP_BADINPUT, "extends: is not available here");
	if (st != CP_OK) {
		st = yt_error(d, n, CP_BADINPUT, "extends: cannot read '%s': %s",
		              yt_str(n), e.msg);
		free(path);
		return st;
	}
	yt_doc *saved = l->d;
	l->depth++;
	st = load_chain(l, path, text, len);
	l->depth--;
	l->d = saved;
	free(text);
	free(path);
	return st;
}

static cp_status apply_document(loader *l)
{
	static const yt_key keys[] = {
		{ "policy", true }, { "title", true }, { "extends", false },
		{ "division", false }, { "closures", false }, { "roles", false },
		{ "anchors", false }, { "meetings", false }, { "cadence", false },
		{ "cancellation", false }, { "approvals", false },
		{ "lists", false }, { "mail", false },
		{ "consultations", false }, { "permissions", false },
		{ "diary", false }, { "closing", false }, { "quorum", false },
		{ NULL, false }
	};
	yt_doc *d = l->d;
	policy *p = l->p;
	yaml_node_t *root = yt_root(d);
	CP_TRY(yt_check_keys(d, root, keys, "a policy file"));
	const yaml_node_t *v;
	if ((v = yt_get(d, root, "extends"))) {
		CP_TRY(apply_extends(l, v));
		l->d = d;
	}
	CP_TRY(get_name(d, yt_get(d, root, "policy"), "policy id", &p->id));
	CP_TRY(get_title(d, yt_get(d, root, "title"), "title", &p->title));
	if ((v = yt_get(d, root, "division")))
		CP_TRY(get_name(d, v, "division", &p->division));
	struct { const char *key; cp_status (*fn)(yt_doc *, const yaml_node_t *, policy *); } sections[] = {
		{ "closures", apply_closures }, { "roles", apply_roles },
		{ "anchors", apply_anchors }, { "meetings", apply_meetings },
		{ "cadence", apply_cadence }, { "cancellation", apply_cancellation },
		{ "approvals", apply_approvals },
		{ "lists", apply_lists }, { "mail", apply_mail },
		{ "consultations", apply_consultations }, { "diary", apply_diary },
		{ "closing", apply_closing }, { "quorum", apply_quorum },
	};
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if ((v = yt_get(d, root, sections[i].key)))
			CP_TRY(sections[i].fn(d, v, p));
	if ((v = yt_get(d, root, "permissions")))
		CP_TRY(apply_permissions(l, v));
	return CP_OK;
}

static cp_status note_file(policy *p, const char *name)
{
	char **f = GROW(p->files, p->nfiles);
	if (!f || !(*f = strdup(name)))
		return CP_FAILED;
	p->nfiles++;
	size_t old = p->chain ? strlen(p->chain) : 0;
	char *chain = malloc(old + strlen(name) + 5);
	if (!chain)
		return CP_FAILED;
	if (p->chain)
		sprintf(chain, "%s <- %s", name, p->chain);
	else
		strcpy(chain, name);
	free(p->chain);
	p->chain = chain;
	return CP_OK;
}

static cp_status load_chain(loader *l, const char *name, const char *text,
                            size_t len)
{
	yt_doc doc;
	l->chain[l->depth] = name;
	cp_status st = yt_load(&doc, name, (const unsigned char *)text, len,
	                       l->err);
	if (st != CP_OK)
		return st;
	l->d = &doc;
	st = apply_document(l);
	if (st == CP_OK && note_file(l->p, name) != CP_OK)
		st = cp_oom(l->err);
	yt_free(&doc);
	l->d = NULL; /* doc dies here; apply_extends restores the parent's */
	return st;
}

/* ---- checks once the chain is applied ----------------------------------- */

/* An error at a position remembered from the file: "FILE:LINE:COL: ...". */
static cp_status at(cp_error *err, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static cp_status at(cp_error *err, const char *where, const char *fmt, ...)
{
	char what[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return cp_fail(err, CP_BADINPUT, "%s: %s", where ? where : "?", what);
}

static bool anchor_known(const policy *p, const char *name)
{
	return !strcmp(name, "meeting") || policy_anchor_find(p, name);
}

static cp_status check_step(const policy *p, const policy_meeting *m,
                            const policy_step *s, cp_error *err)
{
	if (!anchor_known(p, s->due.anchor))
		return at(err, s->where,
		    "step '%s' counts from unknown anchor '%s': declare it under anchors: or use 'meeting'",
		    s->id, s->due.anchor);
	for (size_t i = 0; i < s->nreminders; i++)
		if (!anchor_known(p, s->reminders[i].at.anchor))
			return at(err, s->reminders[i].where,
			    "reminder of step '%s' counts from unknown anchor '%s'",
			    s->id, s->reminders[i].at.anchor);
	/* the timeliness figures read one record of the minutes a meeting */
	for (const policy_step *o = m->steps; s->minutes && o < s; o++)
		if (o->minutes)
			return at(err, s->where,
			    "steps '%s' and '%s' of %s are both marked minutes: true; "
			    "a meeting has one record of its minutes", o->id, s->id,
			    m->type);
	return CP_OK;
}

static cp_status check_cadence(const policy *p, const policy_cadence *c,
                               cp_error *err)
{
	if (!policy_meeting_find(p, c->after) && !policy_anchor_find(p, c->after))
		return at(err, c->where,
		    "cadence after '%s': no meeting type or anchor of that name",
		    c->after);
	if (!policy_meeting_find(p, c->next))
		return at(err, c->where,
		    "cadence next '%s': no meeting type of that name", c->next);
	if (c->within.amount < 0 && !policy_anchor_from_record(c->after))
		return at(err, c->where, "cadence after '%s' within '... before': "
		    "only an event of the child's record that lies ahead "
		    "(expected-birth) can be counted back from", c->after);
	return CP_OK;
}

/* The last start time and the length (which may come from different
 * files of a chain): a meeting ends the day it starts. */
static cp_status check_diary(const policy_diary *dy, cp_error *err)
{
	int last = dy->times[dy->ntimes - 1];
	if (last + dy->length <= 24 * 60)
		return CP_OK;
	return at(err, dy->where,
	    "diary: a meeting starting at %02d:%02d and held for %d minutes "
	    "ends after midnight: make the last start time earlier or the "
	    "length shorter", last / 60, last % 60, dy->length);
}

/* A kind's meeting must be the policy's (the step it closes need not:
 * a borough that drops the step keeps the kind); the cycle's periods
 * not given take their defaults (doc/cpdesk-policy.5). */
static cp_status check_consult_kinds(policy *p, const char *top,
                                     cp_error *err)
{
	for (size_t i = 0; i < p->nconsult_kinds; i++) {
		const policy_consultation_kind *k = &p->consult_kinds[i];
		const policy_meeting *m = k->meeting ?
		                          policy_meeting_find(p, k->meeting) : NULL;
		if (k->meeting && !m)
			return cp_fail(err, CP_BADINPUT, "%s: consultation kind "
			               "'%s': no meeting type '%s' in this policy",
			               top, k->id, k->meeting);
	}
	if (!p->case_mapping_open_months)
		p->case_mapping_open_months = 12;
	if (!p->case_mapping_lookback_months)
		p->case_mapping_lookback_months = 6;
	if (!p->case_mapping_again_months)
		p->case_mapping_again_months = p->case_mapping_lookback_months;
	if (!p->case_mapping_remap_months)
		p->case_mapping_remap_months = 1;
	if (!p->case_mapping_allocate_days)
		p->case_mapping_allocate_days = 5;
	return CP_OK;
}

static cp_status validate(policy *p, cp_error *err)
{
	const char *top = p->files ? p->files[p->nfiles - 1] : "policy";
	if (!p->division)
		return cp_fail(err, CP_BADINPUT,
		    "%s:1:1: no division: say which bank holidays apply, e.g. 'division: england-and-wales'",
		    top);
	for (size_t i = 0; i < p->nmeetings; i++) {
		const policy_meeting *m = &p->meetings[i];
		if (!policy_chair_role_ok(m->chair_role))
			return cp_fail(err, CP_BADINPUT,
			    "%s: meeting type '%s': chair is cp-chair, iro or "
			    "social-worker", top, m->type);
		for (size_t j = 0; j < m->nsteps; j++)
			CP_TRY(check_step(p, m, &m->steps[j], err));
	}
	for (size_t i = 0; i < p->ncadence; i++)
		CP_TRY(check_cadence(p, &p->cadence[i], err));
	CP_TRY(check_consult_kinds(p, top, err));
	return check_diary(&p->diary, err);
}

/* Whatever else it says, a policy lets no role give a role that does
 * more than its own (access_within): checked once the chain is applied,
 * since a later file may change what each role may do -- and then it
 * must say again what the roles it changed give. */
static cp_status check_gives(const policy *p, const loader *l, cp_error *err)
{
	const char *top = p->nfiles ? p->files[p->nfiles - 1] : "the policy";
	for (int g = 0; g < ROLE_COUNT; g++) {
		cp_role over;
		access_action why;
		char more[200];
		if (access_within(&p->access, ROLE_BIT(g), l->gives.of[g], &over,
		                  &why))
			continue;
		if (why < ACCESS_COUNT)
			snprintf(more, sizeof more, "%s may %s, which %s may not",
			         role_name(over), access_action_name(why),
			         role_name((cp_role)g));
		else
			snprintf(more, sizeof more, "%s sees '%s', more than %s",
			         role_name(over),
			         access_scope_name(p->access.see[over]),
			         role_name((cp_role)g));
		return at(err, l->give_where[g],
		    "give: %s may not give %s: %s (no role gives one that does "
		    "more than its own): say in %s what %s gives",
		    role_name((cp_role)g), role_name(over), more, top,
		    role_name((cp_role)g));
	}
	return CP_OK;
}

static void loader_free(loader *l)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		free(l->give_where[r]);
}

/* ---- public ------------------------------------------------------------- */

static const char *const default_role_titles[ROLE_COUNT] = {
	"Social worker", "Team manager", "Service manager", "CP chair",
	"IRO", "Minute taker", "QA administrator", "QA manager",
	"Director", "Safeguarding service manager",
	"QA and review service manager"
};

static cp_status fill_defaults(policy *p, cp_error *err)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if (!p->role_titles[r] &&
		    !(p->role_titles[r] = strdup(default_role_titles[r])))
			return cp_oom(err);
	return CP_OK;
}

cp_status policy_load_mem(const char *name, const char *text, size_t len,
                          policy_reader reader, void *ctx, policy **out,
                          cp_error *err)
{
	*out = NULL;
	policy *p = calloc(1, sizeof *p);
	if (!p)
		return cp_oom(err);
	loader l = { .p = p, .reader = reader, .ctx = ctx, .err = err };
	policy_diary_defaults(&p->diary);
	cp_status st = load_chain(&l, name, text, len);
	if (st == CP_OK)
		st = validate(p, err);
	if (st == CP_OK)
		st = check_gives(p, &l, err);
	if (st == CP_OK)
		p->gives = l.gives;
	loader_free(&l);
	if (st == CP_OK)
		st = fill_defaults(p, err);
	if (st == CP_OK && !(p->path = strdup(name)))
		st = cp_oom(err);
	if (st != CP_OK) {
		policy_free(p);
		return st;
	}
	*out = p;
	return CP_OK;
}

/* The bytes of the open file fd (path for messages), at most
 * YT_MAX_BYTES, NUL-terminated. */
static cp_status read_fd(int fd, const char *path, char **text, size_t *len,
                         cp_error *err)
{
	char *buf = NULL;
	size_t used = 0, alloc = 0;   /* alloc: the bytes, one kept for NUL */
	for (;;) {
		if (used + 1 >= alloc && alloc > YT_MAX_BYTES) {
			free(buf);
			return cp_fail(err, CP_BADINPUT,
			    "%s: larger than %d bytes: not a policy file",
			    path, YT_MAX_BYTES);
		}
		if (used + 1 >= alloc &&
		    !vec_reserve((void **)&buf, &alloc, used + 2, 1, 8192)) {
			free(buf);
			return cp_oom(err);
		}
		ssize_t got = read(fd, buf + used, alloc - 1 - used);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			free(buf);
			return cp_fail(err, CP_FAILED, "%s: read error: %s", path,
			               strerror(e));
		}
		if (got == 0)
			break;
		used += (size_t)got;
	}
	buf[used] = '\0';
	*text = buf;
	*len = used;
	return CP_OK;
}

/* Read a policy file without ever waiting on it.  It is opened without
 * blocking (a FIFO put where a policy was would hang an open, or a read,
 * until someone wrote to it) and only a regular file is read: a FIFO, a
 * device or a directory is refused as "not a regular file".  nofollow:
 * the path a stored policy came from, which was resolved when it was
 * stored, so a symbolic link now in its place is not followed either.
 * *regular (may be NULL) is false for those refusals. */
static cp_status read_path(const char *path, bool nofollow, char **text,
                           size_t *len, bool *regular, cp_error *err)
{
	int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
	int fd = open(path, flags | (nofollow ? O_NOFOLLOW : 0));
	struct stat sb;
	bool reg = true;
	if (fd < 0 && !(nofollow && errno == ELOOP))
		return cp_fail(err, CP_BADINPUT, "%s: %s", path, strerror(errno));
	if (fd >= 0 && fstat(fd, &sb) != 0) {
		int e = errno;
		close(fd);
		return cp_fail(err, CP_FAILED, "%s: %s", path, strerror(e));
	}
	reg = fd >= 0 && S_ISREG(sb.st_mode);
	if (regular)
		*regular = reg;
	cp_status st = reg ? read_fd(fd, path, text, len, err)
	                   : cp_fail(err, CP_BADINPUT, "%s: not a regular file "
	                             "(a policy is a YAML file)", path);
	if (fd >= 0)
		close(fd);
	return st;
}

static cp_status read_file(void *ctx, const char *path, char **text,
                           size_t *len, cp_error *err)
{
	(void)ctx;
	return read_path(path, false, text, len, NULL, err);
}

cp_status policy_load(const char *path, policy **out, cp_error *err)
{
	char *text;
	size_t len;
	*out = NULL;
	cp_status st = read_file(NULL, path, &text, &len, err);
	if (st != CP_OK)
		return st;
	st = policy_load_mem(path, text, len, read_file, NULL, out, err);
	free(text);
	return st;
}

cp_status policy_read_file(const char *path, char **text, size_t *len,
                           cp_error *err)
{
	return read_file(NULL, path, text, len, err);
}

cp_status policy_read_stored(const char *path, char **text, size_t *len,
                             bool *regular, cp_error *err)
{
	return read_path(path, true, text, len, regular, err);
}

void policy_free(policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nmeetings; i++)
		free_meeting(&p->meetings[i]);
	free(p->meetings);
	for (size_t i = 0; i < p->ncadence; i++)
		free_cadence(&p->cadence[i]);
	free(p->cadence);
	for (size_t i = 0; i < p->nanchors; i++) {
		free(p->anchors[i].name);
		free(p->anchors[i].title);
	}
	free(p->anchors);
	for (size_t i = 0; i < p->nclosures; i++)
		free(p->closures[i].title);
	free(p->closures);
	for (size_t i = 0; i < p->nconsult_kinds; i++) {
		free(p->consult_kinds[i].id);
		free(p->consult_kinds[i].title);
		free(p->consult_kinds[i].source);
		free(p->consult_kinds[i].meeting);
		free(p->consult_kinds[i].closes);
	}
	free(p->consult_kinds);
	for (int i = 0; i < LIST_COUNT; i++) {
		free(p->lists[i].subject);
		free(p->lists[i].source);
	}
	for (int r = 0; r < ROLE_COUNT; r++)
		free(p->role_titles[r]);
	for (size_t i = 0; i < p->nfiles; i++)
		free(p->files[i]);
	free(p->files);
	free(p->path);
	free(p->id);
	free(p->title);
	free(p->division);
	free(p->chain);
	for (int k = 0; k < REQUEST_KIND_COUNT; k++)
		free(p->approvals[k].source);
	free(p->closing_source);
	free(p->quorum_including);
	free(p->quorum_source);
	free(p->access_source);
	free(p->mail_subject_prefix);
	free(p->case_mapping_source);
	free(p->diary.source);
	free(p->diary.where);
	free(p);
}

const policy_meeting *policy_meeting_find(const policy *p, const char *type)
{
	for (size_t i = 0; i < p->nmeetings; i++)
		if (!strcmp(p->meetings[i].type, type))
			return &p->meetings[i];
	return NULL;
}

bool policy_anchor_from_record(const char *name)
{
	static const char *const names[] = { "care-start", "plan-start",
	                                     "birth", "expected-birth", NULL };
	for (size_t i = 0; names[i]; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

bool policy_chair_role_ok(cp_role r)
{
	return r == ROLE_CP_CHAIR || r == ROLE_IRO || r == ROLE_SOCIAL_WORKER;
}

bool policy_decides_plan(const policy *p, const char *type)
{
	/* Working Together 2023, ch. 4: the conference decides a plan; a
	 * meeting the social worker chairs (the core group) carries it out. */
	const policy_meeting *self = policy_meeting_find(p, type);
	if (self && self->chair_role == ROLE_SOCIAL_WORKER)
		return false;
	for (size_t i = 0; i < p->ncadence; i++) {
		const policy_meeting *next = policy_meeting_find(p, p->cadence[i].next);
		if (!strcmp(p->cadence[i].after, type) && next &&
		    next->during == EPISODE_CP)
			return true;
	}
	return false;
}

bool policy_needs_minute_taker(const policy *p, const char *type)
{
	const policy_meeting *m = policy_meeting_find(p, type);
	if (!m)
		return true;
	for (size_t i = 0; i < m->nsteps; i++)
		if (m->steps[i].role == ROLE_MINUTE_TAKER)
			return true;
	return false;
}

bool policy_leads_to_conference(const policy *p, const char *type)
{
	if (policy_decides_plan(p, type))
		return false;
	for (size_t i = 0; i < p->ncadence; i++)
		if (!strcmp(p->cadence[i].after, type) &&
		    policy_decides_plan(p, p->cadence[i].next))
			return true;
	return false;
}

bool policy_type_uses_anchor(const policy *p, const char *type,
                             const char *name)
{
	const policy_meeting *m = policy_meeting_find(p, type);
	for (size_t i = 0; m && i < m->nsteps; i++) {
		const policy_step *s = &m->steps[i];
		if (!strcmp(s->due.anchor, name))
			return true;
		for (size_t j = 0; j < s->nreminders; j++)
			if (!strcmp(s->reminders[j].at.anchor, name))
				return true;
	}
	for (size_t i = 0; i < p->ncadence; i++)
		if (!strcmp(p->cadence[i].after, name) &&
		    !strcmp(p->cadence[i].next, type))
			return true;
	return false;
}

const policy_anchor *policy_anchor_find(const policy *p, const char *name)
{
	for (size_t i = 0; i < p->nanchors; i++)
		if (!strcmp(p->anchors[i].name, name))
			return &p->anchors[i];
	return NULL;
}

const policy_consultation_kind *policy_consult_kind_find(const policy *p,
                                                         const char *id)
{
	for (size_t i = 0; i < p->nconsult_kinds; i++)
		if (!strcmp(p->consult_kinds[i].id, id))
			return &p->consult_kinds[i];
	return NULL;
}

const char *policy_role_title(const policy *p, cp_role r)
{
	if (r >= ROLE_COUNT)
		return "?";
	return p->role_titles[r] ? p->role_titles[r] : default_role_titles[r];
}

closure *policy_closures(const policy *p)
{
	closure *c = calloc(p->nclosures ? p->nclosures : 1, sizeof *c);
	if (!c)
		return NULL;
	for (size_t i = 0; i < p->nclosures; i++) {
		c[i].date = p->closures[i].date;
		c[i].title = p->closures[i].title;
	}
	return c;
}

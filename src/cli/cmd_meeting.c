/* cmd_meeting.c - meeting add, move, cancel, outcome and show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "query.h"

static const char *const how_choices[] = {
	"teams", "skype", "phone", "in-person", "one-to-one-written", NULL
};

/* ---- add --------------------------------------------------------------- */

static struct {
	char *child, *type, *chair, *minute_taker, *reason;
	const char *held;
	cp_date date;
	int minutes;
	cli_anchors anchors;
	bool force;
} add = { .minutes = -1 };

/* CHILD[,CHILD...]: the index child, then its siblings (split in place). */
static cp_status split_children(char *list, const char *out[MEETING_CHILDREN_MAX],
                                size_t *n, cp_error *err)
{
	*n = 0;
	for (char *p = list, *comma; p; p = comma) {
		if ((comma = strchr(p, ',')))
			*comma++ = '\0';
		if (!*p)
			return cp_fail(err, CP_BADINPUT, "CHILD: an empty child id in "
			               "the list (write CHILD,CHILD,...)");
		if (*n == MEETING_CHILDREN_MAX)
			return cp_fail(err, CP_BADINPUT, "CHILD: a meeting is for at "
			               "most %d children", MEETING_CHILDREN_MAX);
		out[(*n)++] = p;
	}
	return CP_OK;
}

static cp_status run_add(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	const char *kids[MEETING_CHILDREN_MAX];
	size_t nkids;
	CP_TRY(split_children(add.child, kids, &nkids, err));
	cw_meeting_new m = {
		.child_id = kids[0], .siblings = kids + 1, .nsiblings = nkids - 1,
		.type = add.type, .date = add.date,
		.minutes = add.minutes, .chair = add.chair,
		.minute_taker = add.minute_taker, .anchors = add.anchors.v,
		.nanchors = add.anchors.n, .reason = add.reason,
		.force = add.force
	};
	if (add.held)
		meeting_how_parse(add.held, &m.how);
	uint64_t id = 0;
	char warn[CW_WARN_MAX] = "";
	CP_TRY(casework_meeting_add(cw, &m, &id, warn, err));
	cmd_warn(warn);
	printf("%llu\n", (unsigned long long)id);
	return CP_OK;
}

static const cli_opt add_args[] = {
	CLI_OPT(STR, "CHILD", &add.child,
	        .help = "the child's id; siblings conferenced together: "
	                "CHILD,CHILD,... (one family; the first is the index "
	                "child, whom the reports are written on)"),
	CLI_OPT(STR, "TYPE", &add.type,
	        .help = "a meeting type of the store's policy (icpc, rcpc, ...)"),
	CLI_OPT(DATE, "DATE", &add.date, .help = "the day it is held"),
	{ 0 }
};

static const cli_opt add_opts[] = {
	CLI_OPT(TIME, "time", &add.minutes,
	        .help = "start time (steps counted in hours need it)"),
	CLI_OPT(LOGIN, "chair", &add.chair,
	        .help = "the CP chair or IRO (must hold the type's chair role); "
	                "none: allocated later (meeting allocate); a core "
	                "group's is the child's social worker"),
	CLI_OPT(LOGIN, "minute-taker", &add.minute_taker,
	        .help = "who takes the minutes; none: allocated later"),
	CLI_OPT(CHOICE, "held", &add.held, .choices = how_choices,
	        .value = "HOW", .help = "how it is held"),
	CLI_OPT(ANCHOR, "anchor", &add.anchors,
	        .help = "s47-start, transfer-notified, ... (steps and cadence "
	                "count from them; care-start, birth and expected-birth "
	                "come from the child's record)"),
	CLI_OPT(TEXT, "reason", &add.reason,
	        .help = "needed when DATE is later than the cadence allows "
	                "(recorded as a cadence exception), or with --force"),
	CLI_OPT(FLAG, "force", &add.force,
	        .help = "keep a date the rules refuse (a weekend, a bank "
	                "holiday or closure, the past, a time the clocks skip "
	                "or repeat), with --reason"),
	{ 0 }
};

/* ---- move -------------------------------------------------------------- */

static struct {
	uint64_t id;
	cp_date date;
	int minutes;
	char *reason;
	bool force;
} move = { .minutes = -2 };

static cp_status run_move(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	char warn[CW_WARN_MAX] = "", who[1200];
	cw_request_result r;
	uint64_t pending;
	CP_TRY(casework_meeting_move(cw, move.id, move.date, move.minutes, move.force,
	                             move.reason, &r, warn, err));
	if (r.done) {
		cmd_note("meeting %llu moved to %s %s; its open deadlines moved "
		         "with it", (unsigned long long)move.id,
		         date_weekday_name(move.date), cmd_date(move.date));
		cmd_warn(warn);
		return CP_OK;
	}
	CP_TRY(query_approvers(cw, move.id, REQUEST_LATE_MOVE, who, sizeof who,
	                       &pending, NULL, err));
	printf("%llu\n", (unsigned long long)r.id);
	cmd_note("request %llu: a move to %s is later than the cadence allows; "
	         "meeting %llu stays where it is until %s approve%s (cpdesk "
	         "approve %llu)", (unsigned long long)r.id, cmd_date(move.date),
	         (unsigned long long)move.id, who,
	         r.need_all && (r.need & (r.need - 1)) ? "" : "s",
	         (unsigned long long)r.id);
	cmd_warn(warn);
	return CP_OK;
}

static const cli_opt move_args[] = {
	CLI_OPT(ID, "ID", &move.id, .help = "the meeting"),
	CLI_OPT(DATE, "DATE", &move.date, .help = "its new date"),
	{ 0 }
};

static const cli_opt move_opts[] = {
	CLI_OPT(TEXT, "reason", &move.reason, .flags = CLI_REQUIRED,
	        .help = "why it moves (recorded)"),
	CLI_OPT(TIME, "time", &move.minutes,
	        .help = "a new start time (default: keep it)"),
	CLI_OPT(FLAG, "force", &move.force,
	        .help = "keep a date the rules refuse (a weekend, a bank "
	                "holiday or closure, the past, a time the clocks skip "
	                "or repeat); the reason is recorded"),
	{ 0 }
};

/* ---- cancel ------------------------------------------------------------ */

static struct {
	uint64_t id;
	char *reason;
} cancel;

static cp_status run_cancel(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cw_request_result r;
	char who[1200];
	uint64_t pending;
	CP_TRY(casework_meeting_cancel(cw, cancel.id, cancel.reason, &r, err));
	if (r.done) {
		cmd_note("meeting %llu cancelled; its open tasks are cancelled",
		         (unsigned long long)cancel.id);
		return CP_OK;
	}
	CP_TRY(query_approvers(cw, cancel.id, REQUEST_CANCEL_MEETING, who,
	                       sizeof who, &pending, NULL, err));
	printf("%llu\n", (unsigned long long)r.id);
	cmd_note("request %llu: meeting %llu stays scheduled until %s approve%s "
	         "(cpdesk approve %llu)", (unsigned long long)r.id,
	         (unsigned long long)cancel.id, who,
	         r.need_all && (r.need & (r.need - 1)) ? "" : "s",
	         (unsigned long long)r.id);
	return CP_OK;
}

static const cli_opt cancel_args[] = {
	CLI_OPT(ID, "ID", &cancel.id, .help = "the meeting"),
	{ 0 }
};

static const cli_opt cancel_opts[] = {
	CLI_OPT(TEXT, "reason", &cancel.reason, .flags = CLI_REQUIRED,
	        .help = "a clear rationale (recorded on the child's record)"),
	{ 0 }
};

/* ---- outcome ----------------------------------------------------------- */

static struct {
	uint64_t id;
	char *decision, *views, *summary, *next_type, *next_reason;
	cli_list plan;
	cli_list attendees, reports, attended, apologies;
	cp_date next;
	int next_minutes;
	bool no_next;
	bool keep_open;
	const char *convene;
} oc = { .next = CP_DATE_NONE, .next_minutes = -2 };

static cp_status check_outcome(const cli_ctx *ctx, cp_error *err)
{
	(void)ctx;
	if (oc.no_next && (oc.next != CP_DATE_NONE || oc.next_type))
		return cp_fail(err, CP_BADINPUT, "meeting outcome: --no-next with "
		               "--next or --next-type: choose one");
	return CP_OK;
}

/* "cp-plan[:CATEGORY]", "no-plan" or "n/a". */
static cp_status parse_plan(const char *s, plan_decision *plan,
                            cp_category *category, cp_error *err)
{
	char word[32];
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	*category = CP_CATEGORY_UNKNOWN;
	if (n >= sizeof word)
		n = sizeof word - 1;
	memcpy(word, s, n);
	word[n] = '\0';
	if (!plan_parse(word, plan) || *plan == PLAN_UNSET ||
	    (colon && *plan != PLAN_CP) ||
	    (colon && !cp_category_parse(colon + 1, category)))
		return cp_fail(err, CP_BADINPUT, "meeting outcome: --plan '%s': "
		               "give cp-plan[:CATEGORY], no-plan or n/a, for one "
		               "child CHILD=...; CATEGORY is neglect, "
		               "physical-abuse, emotional-abuse, sexual-abuse or "
		               "multiple", cmd_s(s));
	return CP_OK;
}

/* --plan, once for every child, or CHILD=PLAN once for each. */
static cp_status outcome_decisions(cw_outcome *o, cw_child_decision *d,
                                   cp_error *err)
{
	size_t per_child = 0;
	for (size_t i = 0; i < oc.plan.n; i++) {
		const char *v = oc.plan.v[i], *eq = strchr(v, '=');
		if (!eq) {
			if (oc.plan.n > 1)
				return cp_fail(err, CP_BADINPUT, "meeting outcome: one "
				               "--plan for every child, or CHILD=PLAN "
				               "for each");
			return parse_plan(v, &o->plan, &o->category, err);
		}
		if (per_child == MEETING_CHILDREN_MAX)
			return cp_fail(err, CP_BADINPUT, "meeting outcome: more "
			               "--plan than a meeting has children");
		char *child = strndup(v, (size_t)(eq - v));
		if (!child)
			return cp_oom(err);
		d[per_child].child_id = child;
		cp_status st = parse_plan(eq + 1, &d[per_child].plan,
		                          &d[per_child].category, err);
		per_child++;
		o->ndecisions = per_child;
		CP_TRY(st);
	}
	o->decisions = d;
	return CP_OK;
}

/* A CP conference decides on a plan (policy_decides_plan); anything
 * else defaults to n/a. */
static cp_status outcome_plan(casework *cw, cw_outcome *o,
                              cw_child_decision *d, cp_error *err)
{
	if (oc.plan.n)
		return outcome_decisions(o, d, err);
	plan_decision *plan = &o->plan;
	query_meeting_texts m;
	cp_status st = query_meeting_texts_get(cw, oc.id, &m, err);
	*plan = PLAN_NA;
	if (st == CP_BADINPUT)   /* casework says why: none, or not yours */
		return CP_OK;
	CP_TRY(st);
	bool conference = policy_decides_plan(cw->pol, m.type);
	query_meeting_texts_free(&m);
	if (conference)
		return cp_fail(err, CP_BADINPUT,
		    "meeting outcome: meeting %llu is a CP conference: give "
		    "--plan cp-plan or --plan no-plan", (unsigned long long)oc.id);
	return CP_OK;
}

/* Repeated --attendees / --reports: one a line. */
static char *lines_of(const cli_list *l)
{
	size_t len = 1;
	for (size_t i = 0; i < l->n; i++)
		len += strlen(l->v[i]) + 1;
	char *s = calloc(1, len);
	for (size_t i = 0; s && i < l->n; i++)
		strcat(strcat(s, i ? "\n" : ""), l->v[i]);
	return s;
}

static cp_status run_outcome(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cw_outcome o = { .decision = oc.decision, .views_missing = oc.views,
	                 .summary = oc.summary, .next_type = oc.next_type,
	                 .next_date = oc.next, .next_minutes = oc.next_minutes,
	                 .next_reason = oc.next_reason,
	                 .keep_open = oc.keep_open,
	                 .convene = !oc.convene ? CONVENE_UNSAID :
	                            !strcmp(oc.convene, "yes") ? CONVENE_YES
	                                                      : CONVENE_NO,
	                 .attended = (const char *const *)oc.attended.v,
	                 .nattended = oc.attended.n,
	                 .apologies = (const char *const *)oc.apologies.v,
	                 .napologies = oc.apologies.n };
	cw_child_decision d[MEETING_CHILDREN_MAX] = { 0 };
	cp_status st = outcome_plan(cw, &o, d, err);
	char *attendees = lines_of(&oc.attendees), *reports = lines_of(&oc.reports);
	uint64_t next_id = 0;
	char warn[CW_WARN_MAX] = "";
	if (st == CP_OK && (!attendees || !reports))
		st = cp_oom(err);
	o.attendees = attendees;
	o.reports = reports;
	/* No next meeting when nobody is on a plan (casework decides when
	 * some children are). */
	bool any_plan = o.ndecisions ? false : o.plan != PLAN_NONE;
	for (size_t i = 0; i < o.ndecisions; i++)
		any_plan |= d[i].plan != PLAN_NONE;
	o.schedule_next = !oc.no_next && any_plan;
	if (st == CP_OK)
		st = casework_meeting_outcome(cw, oc.id, &o, &next_id, warn, err);
	free(attendees);
	free(reports);
	for (size_t i = 0; i < MEETING_CHILDREN_MAX; i++)
		free((char *)d[i].child_id);
	CP_TRY(st);
	if (next_id)
		cmd_note("meeting %llu held: outcome recorded; next meeting %llu "
		         "booked", (unsigned long long)oc.id,
		         (unsigned long long)next_id);
	else
		cmd_note("meeting %llu held: outcome recorded",
		         (unsigned long long)oc.id);
	cmd_warn(warn);
	if (next_id)
		printf("%llu\n", (unsigned long long)next_id);
	return CP_OK;
}

static const cli_opt outcome_args[] = {
	CLI_OPT(ID, "ID", &oc.id, .help = "the meeting"),
	{ 0 }
};

static const char *const yes_no[] = { "yes", "no", NULL };

static const cli_opt outcome_opts[] = {
	CLI_OPT(TEXT, "decision", &oc.decision, .flags = CLI_REQUIRED,
	        .help = "the decision, or the CLA review's recommendations"),
	CLI_OPT(TEXTS, "plan", &oc.plan, .value = "[CHILD=]PLAN",
	        .help = "cp-plan[:CATEGORY], no-plan or n/a: required for ICPCs "
	                "and RCPCs (others default to n/a); for a family "
	                "meeting once per child, CHILD=PLAN"),
	CLI_OPT(TEXTS, "attendees", &oc.attendees,
	        .help = "who attended, one per option (repeat it)"),
	CLI_OPT(TEXTS, "reports", &oc.reports,
	        .help = "reports submitted, one per option (repeat it)"),
	CLI_OPT(TEXTS, "attended", &oc.attended, .value = "AGENCY",
	        .help = "an agency that attended (repeat it); invitees named "
	                "neither here nor in --apologies were absent"),
	CLI_OPT(TEXTS, "apologies", &oc.apologies, .value = "AGENCY",
	        .help = "an agency that sent apologies (repeat it)"),
	CLI_OPT(TEXT, "views-not-available", &oc.views,
	        .help = "why the child's or parents' views were not available "
	                "(the interim remote-meeting guidance, 001)"),
	CLI_OPT(TEXT, "summary", &oc.summary, .help = "the chair's summary"),
	CLI_OPT(DATE, "next", &oc.next,
	        .help = "the next meeting's date (default: the policy's "
	                "margin before the latest the cadence allows, not "
	                "before today)"),
	CLI_OPT(STR, "next-type", &oc.next_type, .value = "TYPE",
	        .help = "which meeting follows (default: the cadence's first "
	                "rule for this type)"),
	CLI_OPT(TIME, "next-time", &oc.next_minutes,
	        .help = "its start time (default: this meeting's)"),
	CLI_OPT(TEXT, "next-reason", &oc.next_reason,
	        .help = "needed when --next is later than the cadence allows "
	                "(recorded as an exception)"),
	CLI_OPT(FLAG, "no-next", &oc.no_next,
	        .help = "schedule no next meeting"),
	CLI_OPT(CHOICE, "convene", &oc.convene, .choices = yes_no,
	        .help = "a strategy discussion's outcome: whether the conference "
	                "it leads to (the ICPC) is convened; required for one"),
	CLI_OPT(FLAG, "keep-open", &oc.keep_open,
	        .help = "leave its steps due before the meeting that are still "
	                "open open (default: closed as missed)"),
	{ 0 }
};

/* ---- invite ------------------------------------------------------------ */

static const char *const take_choices[] = {
	"in-person", "teams", "phone", "report-only", NULL
};

static struct {
	uint64_t id;
	char *agency, *person;
	const char *how;
	bool no_report;
} inv;

static cp_status run_invite(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	take_part how = TAKE_UNKNOWN;
	if (inv.how)
		take_part_parse(inv.how, &how);
	cw_invite in = { .meeting_id = inv.id, .agency = inv.agency,
	                 .person = inv.person, .how = how,
	                 .report = !inv.no_report };
	CP_TRY(casework_meeting_invite(cw, &in, err));
	cmd_note("invited %s%s%s%s to meeting %llu (%s)%s", cmd_s(inv.agency),
	         inv.person ? " (" : "", inv.person ? cmd_s(inv.person) : "",
	         inv.person ? ")" : "", (unsigned long long)inv.id,
	         take_part_name(how), inv.no_report ? "" : "; a report expected");
	return CP_OK;
}

static const cli_opt invite_args[] = {
	CLI_OPT(ID, "ID", &inv.id, .help = "the meeting"),
	CLI_OPT(TEXT, "AGENCY", &inv.agency,
	        .help = "the agency (Police, School, Health visitor, Parents ...)"),
	{ 0 }
};

static const cli_opt invite_opts[] = {
	CLI_OPT(TEXT, "person", &inv.person,
	        .help = "the person invited, when named"),
	CLI_OPT(CHOICE, "how", &inv.how, .choices = take_choices,
	        .help = "how they take part"),
	CLI_OPT(FLAG, "no-report", &inv.no_report,
	        .help = "no report is expected from them"),
	{ 0 }
};

/* ---- show -------------------------------------------------------------- */

static struct {
	uint64_t id;
} show;

static void print_task_line(const cp_task *k)
{
	printf("  %-6llu %s  %-9s %-14s %-16s %s", (unsigned long long)k->id,
	       cmd_date(k->due), task_status_name(k->status),
	       role_name(k->role) ? role_name(k->role) : "?",
	       cmd_s(k->assignee), cmd_s(k->title));
	if (k->status == TASK_DONE || k->status == TASK_NOT_NEEDED ||
	    k->status == TASK_MISSED)
		printf(" [%s by %s %s]", task_status_name(k->status),
		       cmd_s(k->done_by), k->done_on != CP_DATE_NONE
		       ? cmd_date(k->done_on) : cmd_moment(k->done_at));
	if (k->status != TASK_OPEN && k->note && *k->note)
		printf("\n         note: %s", cmd_s(k->note));
	putchar('\n');
}

static void print_report_line(const cp_report *r)
{
	printf("  %-24s %-9s received %s, shared with family %s\n",
	       cmd_s(r->agency), r->expected ? "expected" : "",
	       cmd_date(r->received), cmd_date(r->shared));
	if (!r->invited && r->attended == ATTEND_UNKNOWN)
		return;
	bool person = r->invited && r->person && *r->person;
	printf("  %-24s ", "");
	if (r->invited)
		printf("invited%s%s%s, takes part: %s", person ? " (" : "",
		       person ? cmd_s(r->person) : "", person ? ")" : "",
		       take_part_name(r->how));
	if (r->attended != ATTEND_UNKNOWN)
		printf("%s%s", r->invited ? "; " : "", attendance_name(r->attended));
	putchar('\n');
}

/* One line per entry, indented under the label. */
static void print_multiline(const char *label, const char *s)
{
	if (!s || !*s)
		return;
	printf("  %-20s", label);
	for (const char *p = s; *p;) {
		size_t len = strcspn(p, "\n");
		printf("%.*s", (int)len, p);
		p += len + (p[len] == '\n');
		printf("\n%s", *p ? "                        " : "");
	}
}

static void print_outcome(const cp_meeting *m, const query_meeting_texts *x)
{
	const cp_outcome *o = &m->outcome;
	if (!m->nsiblings)
		printf("  %-20s%s\n", "Plan:", plan_name(o->plan));
	/* a family meeting: each child's decision (those you see) */
	for (size_t i = 0; m->nsiblings && i < o->ndecisions; i++) {
		const cp_decision *d = &o->decisions[i];
		printf("  %-20s%s %s%s%s\n", i ? "" : "Plans:", cmd_s(d->child_id),
		       plan_name(d->plan), d->plan == PLAN_CP ? ", " : "",
		       d->plan == PLAN_CP ? cp_category_name(d->category) : "");
	}
	print_multiline("Decision:", x->decision);
	print_multiline("Attendees:", x->attendees);
	print_multiline("Reports:", x->reports);
	print_multiline("Views missing:", x->views_missing);
	print_multiline("Summary:", x->summary);
	if (o->next_date != CP_DATE_NONE)
		printf("  %-20s%s (meeting %llu)\n", "Next meeting:",
		       cmd_date(o->next_date), (unsigned long long)o->next_id);
}

static void print_meeting(const policy *pol, const query_meeting *q,
                          const query_meeting_texts *x)
{
	const cp_meeting *m = &q->meeting;
	printf("Meeting %llu: %s for child %s\n", (unsigned long long)m->id,
	       cmd_s(m->type), cmd_s(m->child_id));
	if (m->nsiblings || q->children_hidden) {
		printf("  %-20s%s", "Children:", cmd_s(m->child_id));
		for (size_t i = 0; i < m->nsiblings; i++)
			printf(", %s", cmd_s(m->siblings[i]));
		printf(" (%s)\n", cmd_s(q->children));
	}
	printf("  %-20s%s %s %s\n", "Date:", date_weekday_name(m->date),
	       cmd_date(m->date), cmd_hhmm(m->minutes));
	printf("  %-20s%s\n", "Status:", meeting_status_name(m->status));
	printf("  %-20s%s\n", "Chair:", *m->chair ? cmd_s(m->chair)
	       : "(to allocate: meeting allocate)");
	printf("  %-20s%s\n", "Minute taker:", *m->minute_taker ?
	       cmd_s(m->minute_taker) :
	       !policy_needs_minute_taker(pol, m->type) ? "(none needed)" :
	       "(to allocate: meeting allocate)");
	printf("  %-20s%s\n", "Held by:", meeting_how_name(m->how));
	printf("  %-20s%d\n", "Number:", m->nth);
	for (size_t i = 0; i < m->nanchors; i++)
		printf("  %-20s%s %s\n", i ? "" : "Anchors:",
		       cmd_s(m->anchors[i].name), cmd_date(m->anchors[i].date));
	if (m->cadence_by != CP_DATE_NONE)
		printf("  %-20s%s%s\n", "Cadence: by", cmd_date(m->cadence_by),
		       m->cadence_exception ? " (EXCEPTION: later than allowed)" : "");
	if (m->prev_id)
		printf("  %-20s%llu\n", "Follows meeting:",
		       (unsigned long long)m->prev_id);
	if (m->moved_from != CP_DATE_NONE)
		printf("  %-20s%s\n", "Moved from:", cmd_date(m->moved_from));
	print_multiline("Reason:", x->reason);
	if (*m->approved_by)
		printf("  %-20s%s\n", "Approved by:", cmd_s(m->approved_by));
	if (m->status == MEETING_HELD)
		print_outcome(m, x);
}

static cp_status run_show(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	query_meeting_record r;
	query_meeting_texts x;
	/* The child's record is read: on the record first (issue 6). */
	cp_status st = query_meeting_get(cw, show.id, "meeting show", &r, err);
	if (st == CP_BADINPUT)
		return cp_fail(err, CP_BADINPUT, "meeting show: no meeting %llu in "
		               "the store", (unsigned long long)show.id);
	CP_TRY(st);
	char who[1200], label[40];
	uint64_t pending = 0;
	request_kind pk = REQUEST_CANCEL_MEETING;
	if ((st = query_meeting_texts_get(cw, show.id, &x, err)) == CP_OK &&
	    (st = query_approvers(cw, show.id, REQUEST_CANCEL_MEETING, who,
	                          sizeof who, &pending, &pk, err)) != CP_OK)
		query_meeting_texts_free(&x);
	if (st == CP_OK) {
		print_meeting(cw->pol, &r.m, &x);
		/* asked for, not yet agreed: still as it is */
		snprintf(label, sizeof label, "%s:", request_kind_title(pk));
		label[0] = (char)(label[0] - 'a' + 'A');
		if (pending)
			printf("  %-20srequest %llu waits for approval "
			       "(cpdesk approvals)\n", label,
			       (unsigned long long)pending);
		printf("\nTasks:\n");
		for (size_t i = 0; i < r.tasks.n; i++)
			print_task_line(&r.tasks.v[i].task);
		printf("\nAgency reports:\n");
		for (size_t i = 0; i < r.reports.n; i++)
			print_report_line(&r.reports.v[i]);
		query_meeting_texts_free(&x);
	}
	query_meeting_record_free(&r);
	return st;
}

static const cli_opt show_args[] = {
	CLI_OPT(ID, "ID", &show.id, .help = "the meeting"),
	{ 0 }
};

/* ---- allocate ----------------------------------------------------------- */

static struct {
	uint64_t id;
	char *chair, *minute_taker, *reason;
	bool allow_clash;
} alloc;

static cp_status run_allocate(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	cw_allocation a = { .meeting_id = alloc.id, .chair = alloc.chair,
	                    .minute_taker = alloc.minute_taker,
	                    .reason = alloc.reason,
	                    .allow_clash = alloc.allow_clash };
	size_t moved = 0;
	char warn[CW_WARN_MAX] = "";
	CP_TRY(casework_meeting_allocate(cw, &a, &moved, warn, err));
	cmd_warn(warn);
	cmd_note("meeting %llu allocated; %zu open task%s moved",
	         (unsigned long long)alloc.id, moved, moved == 1 ? "" : "s");
	return CP_OK;
}

static const cli_opt allocate_args[] = {
	CLI_OPT(ID, "ID", &alloc.id, .help = "the meeting"),
	{ 0 }
};

static const cli_opt allocate_opts[] = {
	CLI_OPT(LOGIN, "chair", &alloc.chair,
	        .help = "its CP chair or IRO (the type's chair role)"),
	CLI_OPT(LOGIN, "minute-taker", &alloc.minute_taker,
	        .help = "who takes its minutes"),
	CLI_OPT(TEXT, "reason", &alloc.reason,
	        .help = "why, when someone is replaced or a clash allowed "
	                "(recorded)"),
	CLI_OPT(FLAG, "allow-clash", &alloc.allow_clash,
	        .help = "allocate someone who has another meeting then "
	                "(needs --reason)"),
	{ 0 }
};

/* ---- the table --------------------------------------------------------- */

static const cli_command commands[] = {
	{ .name = "meeting add",
	  .summary = "schedule a meeting and generate its tasks",
	  .args = add_args, .opts = add_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_add,
	  .help =
	  "The tasks of the policy's timeline are generated in the same\n"
	  "transaction, each assigned to whoever holds the step's role: the\n"
	  "social worker, their manager, the chair, the minute taker, or the\n"
	  "QA pools.  Someone needed but missing is a refusal naming who.\n"
	  "You must see the child already (naming yourself chair does not\n"
	  "open a child to you); one you may not see is answered as one that\n"
	  "is not there (exit 2).\n"
	  "\n"
	  "Prints the new meeting's id alone on stdout; warnings (a chair's\n"
	  "clash) go to stderr.\n" },
	{ .name = "meeting allocate",
	  .summary = "give a booked meeting its chair or minute taker",
	  .args = allocate_args, .opts = allocate_opts,
	  .needs = CLI_NEEDS_SESSION, .run = run_allocate,
	  .help =
	  "A meeting may be booked with nobody allocated (meeting add without\n"
	  "--chair or --minute-taker): its chair's and minute taker's steps\n"
	  "wait in the \"to allocate\" pools, in the QA administrators'\n"
	  "queues.  This gives them to a person, one meeting at a time: the\n"
	  "person must hold the role and not have left, and have no other\n"
	  "meeting at an overlapping time (the policy's diary length; a\n"
	  "meeting with no time: that day), and a chair not already the\n"
	  "policy's meetings a day, unless --allow-clash with a --reason.\n"
	  "Replacing someone (a chair off sick) needs a --reason; their open\n"
	  "steps for the meeting move, their done ones stay theirs.  One\n"
	  "audited transaction (meeting.allocate); needs the role that\n"
	  "schedules meetings.\n" },
	{ .name = "meeting move",
	  .summary = "move a meeting; its open tasks move with it",
	  .args = move_args, .opts = move_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_move,
	  .help =
	  "Open tasks get due dates for the new date; done and cancelled ones\n"
	  "stay as they are.  A date later than the cadence allows is recorded\n"
	  "as a cadence exception with the reason.  Where the policy names\n"
	  "approvers for such a move (approvals: late-move:), moving a meeting\n"
	  "later, past that date, asks them instead: it prints the request's\n"
	  "id, and the meeting stays where it is until they approve it\n"
	  "themselves ('cpdesk approve ID'), which moves it, or one refuses it.\n"
	  "\n"
	  "Exit 1 when the meeting is not scheduled, the date is refused, or a\n"
	  "request for it is waiting already.\n" },
	{ .name = "meeting cancel",
	  .summary = "cancel a meeting; its open tasks become cancelled",
	  .args = cancel_args, .opts = cancel_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_cancel,
	  .help =
	  "A reason is required.  Where the policy names approvers (approvals:\n"
	  "cancel-meeting:, e.g. the safeguarding service manager) this asks\n"
	  "them: it prints the request's id, and the meeting stays scheduled\n"
	  "until they approve it themselves ('cpdesk approve ID'; with\n"
	  "approval: all, one of each role), which cancels it, or one refuses\n"
	  "it ('cpdesk refuse'); its requester may withdraw it ('cpdesk\n"
	  "withdraw').\n"
	  "With no approvers it is cancelled at once.  Open tasks become\n"
	  "cancelled (kept, never deleted).\n"
	  "\n"
	  "Exit 1 when the meeting is not scheduled or a request for it is\n"
	  "waiting already.\n" },
	{ .name = "meeting outcome",
	  .summary = "record what a meeting decided; schedule the next one",
	  .args = outcome_args, .opts = outcome_opts, .check = check_outcome,
	  .needs = CLI_NEEDS_SESSION, .run = run_outcome,
	  .help =
	  "Marks the meeting held and records the outcome Hounslow's\n"
	  "procedure (002) lists.\n"
	  "--plan is cp-plan or no-plan for ICPCs and RCPCs; other meetings\n"
	  "default to n/a.  cp-plan:CATEGORY gives the plan's category\n"
	  "(neglect, physical-abuse, emotional-abuse, sexual-abuse, multiple).\n"
	  "For a meeting of several children, give CHILD=PLAN for each.  The\n"
	  "decision moves each child's case: cp-plan opens a child protection\n"
	  "plan from the meeting's date (unless one is open), no-plan ends the\n"
	  "open one; 'child show' lists them.  Unless every plan is no-plan or\n"
	  "--no-next is given,\n"
	  "the next meeting is scheduled per the policy's cadence (same chair,\n"
	  "minute taker and way of meeting) on --next DATE, else on the latest\n"
	  "date the cadence allows; its id is printed alone on stdout.  A chair\n"
	  "already busy that day is a warning on stderr.\n"
	  "Every other meeting the cadence calls for is booked too, its time\n"
	  "to be set (stderr names it): the first core group after a\n"
	  "conference that starts a plan, chaired by the child's social\n"
	  "worker, with no minute taker.  Not one the child has booked after\n"
	  "this meeting already, nor one whose latest date has passed unless\n"
	  "--next-reason says why.  A core group's outcome books the next core\n"
	  "group; a plan's end withdraws the child from those booked.\n"
	  "The outcome closes what it records: steps the policy marks done-by:\n"
	  "outcome are done, and the meeting's steps due before its day that\n"
	  "are still open are closed as missed (kept for the exception report),\n"
	  "unless --keep-open; stderr says how many of each.\n" },
	{ .name = "meeting invite", .summary = "put an agency on a meeting's invite list",
	  .args = invite_args, .opts = invite_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_invite,
	  .help =
	  "The meeting's invitees: an agency, or a named person of it, and how\n"
	  "they take part (in person, Teams, phone, or a report only).  A\n"
	  "report is expected from each invitee unless --no-report: the\n"
	  "reports the lists and the exception report chase come from them.\n"
	  "Invited again, the invitation is updated.  The outcome records who\n"
	  "attended and who sent apologies (meeting outcome --attended,\n"
	  "--apologies); an invitee named in neither was absent.  Needs the\n"
	  "role that schedules meetings; audited (report.invite).\n" },
	{ .name = "meeting show", .summary = "a meeting with its tasks and reports",
	  .args = show_args, .needs = CLI_NEEDS_SESSION, .run = run_show,
	  .help =
	  "Prints the meeting, its tasks and its agency reports.  The read is on\n"
	  "the record: an audit entry child.view for the meeting's child (who,\n"
	  "when, how=\"meeting show\"), written before anything is shown.  A\n"
	  "meeting of a child you may not see is answered as one that is not\n"
	  "there (exit 2).\n" },
	{ 0 }
};

const cli_group cmds_meeting = { "meeting", "Meetings", commands };

/* test_policy.c - loading the shipped policies, the merge semantics of
 * extends:, policy_load_mem with a reader, every cross-reference check,
 * and the cadence examples of issue 2 through schedule_next.
 *
 * Expected dates are worked out by hand from data/bank-holidays.json;
 * the reasoning is in the comment next to each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "calendar.h"
#include "model.h"
#include "policy.h"
#include "schedule.h"

static holiday_file *hf;
static calendar cal;

static int setup(void **state)
{
	(void)state;
	cp_error err = { "" };
	if (access("data/bank-holidays.json", R_OK) != 0) {
		fprintf(stderr, "run from the source tree: no data/bank-holidays.json\n");
		return -1;
	}
	if (holidays_load("data/bank-holidays.json", &hf, &err) != CP_OK ||
	    calendar_init(&cal, hf, "england-and-wales", NULL, 0, &err) != CP_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	calendar_fini(&cal);
	holidays_free(hf);
	return 0;
}

static cp_date D(const char *s)
{
	cp_date d = 0;
	cp_error err;
	if (date_parse(s, &d, &err) != CP_OK)
		fail_msg("%s", err.msg);
	return d;
}

static policy *load(const char *path)
{
	policy *p = NULL;
	cp_error err = { "" };
	if (policy_load(path, &p, &err) != CP_OK)
		fail_msg("%s", err.msg);
	return p;
}

/* ---- in-memory files for policy_load_mem -------------------------------- */

typedef struct memfile {
	const char *name;
	const char *text;
} memfile;

static int reader_calls;

static cp_status mem_reader(void *ctx, const char *name, char **text,
                            size_t *len, cp_error *err)
{
	reader_calls++;
	for (const memfile *f = ctx; f->name; f++)
		if (!strcmp(f->name, name)) {
			*len = strlen(f->text);
			*text = malloc(*len + 1);
			if (!*text)
				return cp_oom(err);
			memcpy(*text, f->text, *len + 1);
			return CP_OK;
		}
	return cp_fail(err, CP_BADINPUT, "%s: no such file", name);
}

/* Load files[0] from memory; the rest are what extends: may read. */
static cp_status load_mem(const memfile *files, policy **p, cp_error *err)
{
	return policy_load_mem(files[0].name, files[0].text,
	                       strlen(files[0].text), mem_reader,
	                       (void *)files, p, err);
}

static policy *mem_ok(const memfile *files)
{
	policy *p = NULL;
	cp_error err = { "" };
	if (load_mem(files, &p, &err) != CP_OK)
		fail_msg("%s", err.msg);
	return p;
}

static void mem_bad(const char *text, const char *expect)
{
	memfile files[] = { { "mem/bad.yaml", text }, { NULL, NULL } };
	policy *p = (policy *)1;
	cp_error err = { "" };
	assert_int_equal(load_mem(files, &p, &err), CP_BADINPUT);
	assert_null(p);
	if (!strstr(err.msg, expect))
		fail_msg("got '%s', want '%s'", err.msg, expect);
}

/* A small valid policy; tests append to it. */
#define HEAD "policy: t\ntitle: \"T\"\ndivision: england-and-wales\n"

static const policy_step *step(const policy *p, const char *type,
                               const char *id)
{
	const policy_meeting *m = policy_meeting_find(p, type);
	assert_non_null(m);
	for (size_t i = 0; i < m->nsteps; i++)
		if (!strcmp(m->steps[i].id, id))
			return &m->steps[i];
	return NULL;
}

static size_t nsteps(const policy *p, const char *type)
{
	const policy_meeting *m = policy_meeting_find(p, type);
	assert_non_null(m);
	return m->nsteps;
}

static void assert_offset(const offset *o, const char *text)
{
	char buf[96];
	offset_format(o, buf, sizeof buf);
	assert_string_equal(buf, text);
}

/* ---- shipped policies --------------------------------------------------- */

static const char *const generic_cp_steps[] = {
	"invite-list", "notify-family-professionals", "family-report-sharing",
	"cfa-with-family", "agency-reports", "pre-conference-discussion",
	"decisions-and-register", "plan-to-all",
};

static void generic_loads(void **state)
{
	(void)state;
	policy *p = load("policies/generic.yaml");
	assert_string_equal(p->id, "generic");
	assert_string_equal(p->division, "england-and-wales");
	assert_string_equal(p->path, "policies/generic.yaml");
	assert_string_equal(p->chain, "policies/generic.yaml");
	assert_int_equal(p->nfiles, 1);
	assert_int_equal(p->nmeetings, 7);
	static const char *const types[] = { "strategy", "icpc", "rcpc",
		"core-group", "cla-review", "case-mapping", "transfer-in" };
	for (size_t i = 0; i < 7; i++)
		assert_non_null(policy_meeting_find(p, types[i]));
	/* Issue 16: reviews follow the plan and the care episode; each
	 * child's decision and plan are its own at a family conference. */
	assert_int_equal(policy_meeting_find(p, "rcpc")->during, EPISODE_CP);
	assert_int_equal(policy_meeting_find(p, "cla-review")->during,
	                 EPISODE_LAC);
	assert_int_equal(policy_meeting_find(p, "icpc")->during,
	                 EPISODE_KIND_COUNT);
	assert_true(step(p, "icpc", "plan-to-all")->per_child);
	assert_false(step(p, "icpc", "invite-list")->per_child);
	assert_true(policy_anchor_from_record("expected-birth"));
	assert_false(policy_anchor_from_record("s47-start"));
	assert_true(policy_type_uses_anchor(p, "cla-review", "care-start"));
	assert_true(policy_type_uses_anchor(p, "icpc", "expected-birth"));
	assert_false(policy_type_uses_anchor(p, "rcpc", "care-start"));
	assert_int_equal(nsteps(p, "strategy"), 1);
	assert_int_equal(nsteps(p, "icpc"), 8);
	assert_int_equal(nsteps(p, "rcpc"), 8);
	/* The core group: the social worker's, three steps, every 6 weeks,
	 * and it decides no plan (the conferences do). */
	assert_int_equal(nsteps(p, "core-group"), 3);
	assert_int_equal(policy_meeting_find(p, "core-group")->chair_role,
	                 ROLE_SOCIAL_WORKER);
	assert_true(step(p, "core-group", "plan-reviewed")->done_by_outcome);
	assert_false(policy_decides_plan(p, "core-group"));
	assert_true(policy_decides_plan(p, "icpc"));
	assert_true(policy_decides_plan(p, "rcpc"));
	assert_int_equal(nsteps(p, "cla-review"), 5);
	/* 001: the IRO phones the parents who could not attend: made by the
	 * outcome, never at booking */
	assert_string_equal(step(p, "cla-review", "update-absent-parents")
	                    ->if_absent, "Parents");
	assert_int_equal(nsteps(p, "case-mapping"), 1);
	for (size_t i = 0; i < 8; i++) {
		assert_non_null(step(p, "icpc", generic_cp_steps[i]));
		assert_non_null(step(p, "rcpc", generic_cp_steps[i]));
	}
	assert_int_equal(policy_meeting_find(p, "cla-review")->chair_role, ROLE_IRO);
	assert_int_equal(policy_meeting_find(p, "icpc")->chair_role, ROLE_CP_CHAIR);
	const policy_step *s = step(p, "icpc", "agency-reports");
	assert_offset(&s->due, "5 working days before meeting");
	assert_true(s->report_deadline);
	assert_non_null(s->note);
	assert_int_equal(strncmp(s->source, "000: ", 5), 0);
	assert_offset(&step(p, "icpc", "plan-to-all")->due, "5 working days after meeting");
	/* minutes: true (the timeliness figures): the CLA review's record
	 * only; the conferences have no minutes step in this file */
	assert_true(step(p, "cla-review", "minutes-on-mosaic")->minutes);
	assert_false(step(p, "icpc", "plan-to-all")->minutes);
	for (const char *const *t = (const char *const[]){ "icpc", "rcpc",
	     "core-group", "strategy", NULL }; *t; t++) {
		const policy_meeting *m = policy_meeting_find(p, *t);
		for (size_t i = 0; i < m->nsteps; i++)
			assert_false(m->steps[i].minutes);
	}
	assert_int_equal(p->access.may[ACCESS_READ_TIMELINESS],
	                 ROLE_BIT(ROLE_TEAM_MANAGER) |
	                 ROLE_BIT(ROLE_SERVICE_MANAGER) |
	                 ROLE_BIT(ROLE_QA_MANAGER) | ROLE_BIT(ROLE_DIRECTOR) |
	                 ROLE_BIT(ROLE_SAFEGUARDING_MANAGER) |
	                 ROLE_BIT(ROLE_QA_REVIEW_MANAGER));
	assert_offset(&step(p, "icpc", "decisions-and-register")->due, "on meeting");
	assert_int_equal(p->nanchors, 5);
	assert_non_null(policy_anchor_find(p, "s47-start"));
	assert_non_null(policy_anchor_find(p, "care-start"));
	assert_null(policy_anchor_find(p, "meeting"));
	assert_int_equal(p->ncadence, 12);
	assert_int_equal(p->approvals[REQUEST_CANCEL_MEETING].approvers, ROLE_BIT(ROLE_SAFEGUARDING_MANAGER));
	assert_false(p->approvals[REQUEST_CANCEL_MEETING].all);
	assert_int_equal(strncmp(p->approvals[REQUEST_CANCEL_MEETING].source, "001: ", 5), 0);
	assert_int_equal(p->nconsult_kinds, 5);
	assert_non_null(policy_consult_kind_find(p, "case-mapping"));
	assert_null(policy_consult_kind_find(p, "nope"));
	assert_int_equal(p->case_mapping_open_months, 12);
	assert_int_equal(p->case_mapping_lookback_months, 6);
	/* 003 point by point: who logs, is consulted, is told */
	const policy_consultation_kind *sk =
	    policy_consult_kind_find(p, "strategy-consultation");
	assert_int_equal(sk->logged_by, ROLE_BIT(ROLE_CP_CHAIR));
	assert_int_equal(sk->consulted, ROLE_CP_CHAIR);
	assert_int_equal(sk->told, ROLE_BIT(ROLE_TEAM_MANAGER));
	assert_string_equal(sk->meeting, "strategy");
	assert_string_equal(sk->closes, "chair-consultation");
	const policy_consultation_kind *rr =
	    policy_consult_kind_find(p, "re-referral-case-mapping");
	assert_int_equal(rr->logged_by, ROLE_BIT(ROLE_SERVICE_MANAGER));
	assert_true(rr->mapping);
	assert_int_equal(rr->cycle, CYCLE_NONE);
	assert_int_equal(policy_consult_kind_find(p, "case-mapping")->cycle,
	                 CYCLE_MAP);
	assert_true(policy_consult_kind_find(p, "case-mapping")->mapping);
	assert_int_equal(policy_consult_kind_find(p, "mapping-review")->cycle,
	                 CYCLE_REVIEW);
	assert_int_equal(p->case_mapping_again_months, 6);
	assert_int_equal(p->case_mapping_remap_months, 1);
	assert_int_equal(p->case_mapping_allocate_days, 5);
	assert_int_equal(policy_meeting_find(p, "strategy")->also_chaired_by,
	                 ROLE_BIT(ROLE_TEAM_MANAGER) |
	                 ROLE_BIT(ROLE_SERVICE_MANAGER));
	assert_true(p->lists[LIST_CASE_MAPPING].present);
	assert_int_equal(p->lists[LIST_CASE_MAPPING].day_of_month, 1);
	assert_int_equal(p->lists[LIST_CASE_MAPPING].to, ROLE_BIT(ROLE_QA_MANAGER));
	assert_false(p->lists[LIST_WEEK].present);
	assert_string_equal(policy_role_title(p, ROLE_CP_CHAIR), "CP chair (CPA)");
	assert_string_equal(policy_role_title(p, ROLE_MINUTE_TAKER), "Conference clerk");
	assert_string_equal(policy_role_title(p, ROLE_SERVICE_MANAGER), "Service manager");
	assert_string_equal(policy_role_title(p, ROLE_SAFEGUARDING_MANAGER),
	                    "Safeguarding service manager");
	assert_string_equal(policy_role_title(p, ROLE_QA_REVIEW_MANAGER),
	                    "QA and review service manager");
	assert_string_equal(policy_role_title(p, ROLE_COUNT), "?");
	assert_string_equal(policy_list_name(LIST_FORTNIGHT), "fortnight");
	assert_int_equal(p->nclosures, 0);
	closure *c = policy_closures(p);
	assert_non_null(c);
	free(c);
	policy_free(p);
}

static void hounslow_merges(void **state)
{
	(void)state;
	policy *p = load("policies/hounslow.yaml");
	assert_string_equal(p->id, "hounslow");
	/* Hounslow's minutes (002: within 20 working days); the CLA
	 * review's are generic's */
	assert_true(step(p, "icpc", "minutes-out")->minutes);
	assert_true(step(p, "rcpc", "minutes-out")->minutes);
	assert_true(step(p, "cla-review", "minutes-on-mosaic")->minutes);
	assert_string_equal(p->chain, "policies/hounslow.yaml <- policies/generic.yaml");
	assert_int_equal(p->nfiles, 2);
	assert_string_equal(p->files[0], "policies/generic.yaml"); /* parent first */
	assert_string_equal(p->files[1], "policies/hounslow.yaml");
	/* Inherited: division, meeting types. */
	assert_string_equal(p->division, "england-and-wales");
	assert_int_equal(p->nmeetings, 7);
	/* Generic's conference steps are dropped... */
	for (size_t i = 0; i < 8; i++) {
		assert_null(step(p, "icpc", generic_cp_steps[i]));
		assert_null(step(p, "rcpc", generic_cp_steps[i]));
	}
	/* ...and Hounslow's written out, in order. */
	assert_int_equal(nsteps(p, "icpc"), 9);
	assert_int_equal(nsteps(p, "rcpc"), 14);
	/* four of them only for a review held by one-to-one discussion and
	 * written reports (002) */
	assert_int_equal(step(p, "rcpc", "written-reports-reviewed")->if_how,
	                 HOW_ONE_TO_ONE_WRITTEN);
	assert_int_equal(step(p, "rcpc", "reports-in")->if_how, HOW_UNKNOWN);
	assert_string_equal(policy_meeting_find(p, "icpc")->steps[0].id, "invite-letters");
	assert_string_equal(policy_meeting_find(p, "icpc")->steps[8].id, "minutes-out");
	assert_string_equal(policy_meeting_find(p, "rcpc")->steps[0].id, "pre-conference-core-group");
	/* The meeting's title is inherited when the child does not give one. */
	assert_string_equal(policy_meeting_find(p, "icpc")->title,
	                    "Initial child protection conference");
	const policy_step *s = step(p, "icpc", "decision-on-lcs");
	assert_offset(&s->due, "24 working hours after meeting");
	assert_int_equal(s->if_closed, CLOSED_EARLIER);
	assert_true(s->escalate.present);
	assert_int_equal(s->escalate.to, ROLE_BIT(ROLE_QA_MANAGER));
	assert_true(s->escalate.exception_report);
	assert_offset(&s->escalate.after, "1 working day after due");
	/* The CLA review, strategy and case mapping are generic's. */
	assert_int_equal(nsteps(p, "cla-review"), 5);
	assert_non_null(step(p, "cla-review", "review-report-invites"));
	assert_int_equal(nsteps(p, "strategy"), 1);
	assert_int_equal(nsteps(p, "case-mapping"), 1);
	/* Cadence, cancellation, consultations: inherited. */
	assert_int_equal(p->ncadence, 12);
	assert_int_equal(p->approvals[REQUEST_CANCEL_MEETING].approvers, ROLE_BIT(ROLE_SAFEGUARDING_MANAGER));
	assert_false(p->approvals[REQUEST_CANCEL_MEETING].all);
	assert_int_equal(strncmp(p->approvals[REQUEST_CANCEL_MEETING].source, "001: ", 5), 0);
	assert_int_equal(p->nconsult_kinds, 5);
	assert_int_equal(p->case_mapping_open_months, 12);
	assert_true(p->lists[LIST_CASE_MAPPING].present);
	/* Role titles: overridden where Hounslow names them, else generic's. */
	assert_string_equal(policy_role_title(p, ROLE_CP_CHAIR), "Independent CP conference chair");
	assert_string_equal(policy_role_title(p, ROLE_QA_ADMIN), "CP administrator");
	assert_string_equal(policy_role_title(p, ROLE_MINUTE_TAKER), "Minute taker");
	assert_string_equal(policy_role_title(p, ROLE_IRO), "IRO");
	assert_string_equal(policy_role_title(p, ROLE_SERVICE_MANAGER), "Service manager");
	assert_string_equal(policy_role_title(p, ROLE_SAFEGUARDING_MANAGER),
	                    "Safeguarding service manager");
	policy_free(p);
}

static void swindon_merges(void **state)
{
	(void)state;
	policy *p = load("policies/swindon.yaml");
	assert_string_equal(p->id, "swindon");
	assert_string_equal(p->chain, "policies/swindon.yaml <- policies/generic.yaml");
	assert_int_equal(p->nmeetings, 8);
	const policy_meeting *t = policy_meeting_find(p, "transfer");
	assert_non_null(t);
	assert_true(t->custom);
	assert_false(policy_meeting_find(p, "icpc")->custom);
	/* Swindon's own, the next RCPC's date (owned by the conference that
	 * sets it: done by its outcome), and generic's two after the day */
	assert_int_equal(nsteps(p, "icpc"), 8);
	assert_int_equal(nsteps(p, "rcpc"), 6);
	/* and 001's call, and the review's report (the lists' report) */
	assert_int_equal(nsteps(p, "cla-review"), 7);
	assert_int_equal(nsteps(p, "transfer"), 1);
	/* Generic's steps before the conference are gone ("invite-list" is
	 * dropped and re-added as Swindon's own, counted from the s47
	 * enquiry); those after it are kept (004 is about invites and
	 * reports). */
	for (size_t i = 1; i < 6; i++)
		assert_null(step(p, "icpc", generic_cp_steps[i]));
	assert_non_null(step(p, "icpc", "decisions-and-register"));
	assert_non_null(step(p, "rcpc", "plan-to-all"));
	assert_null(step(p, "rcpc", "date-set"));
	assert_true(step(p, "rcpc", "next-rcpc-date")->done_by_outcome);
	assert_true(step(p, "icpc", "next-rcpc-date")->done_by_outcome);
	assert_null(step(p, "cla-review", "review-report-invites"));
	assert_true(step(p, "cla-review", "review-report")->report_deadline);
	/* the CLA review's record and plan are the IRO's: no minute taker */
	assert_int_equal(step(p, "cla-review", "plan-to-all")->role, ROLE_IRO);
	assert_false(policy_needs_minute_taker(p, "cla-review"));
	assert_true(policy_needs_minute_taker(p, "icpc"));
	const policy_step *s = step(p, "icpc", "invite-list");
	assert_non_null(s);
	assert_offset(&s->due, "4 working days after s47-start");
	/* generic's kept steps come first, then Swindon's own */
	assert_string_equal(policy_meeting_find(p, "icpc")->steps[2].id, "invite-list");
	assert_true(s->escalate.present);
	assert_int_equal(s->escalate.to,
	                 ROLE_BIT(ROLE_TEAM_MANAGER) | ROLE_BIT(ROLE_SERVICE_MANAGER));
	assert_offset(&s->escalate.after, "1 working day after due");
	assert_true(s->escalate.exception_report);
	s = step(p, "cla-review", "invite-list");
	assert_int_equal(s->nreminders, 2);
	assert_offset(&s->reminders[0].at, "5 weeks before meeting");
	assert_offset(&s->reminders[1].at, "20 days before meeting");
	assert_int_equal(s->reminders[1].to,
	                 ROLE_BIT(ROLE_TEAM_MANAGER) | ROLE_BIT(ROLE_SERVICE_MANAGER));
	s = step(p, "transfer", "notify-sqa");
	assert_offset(&s->due, "1 monday after meeting");
	assert_int_equal(s->if_closed, CLOSED_LATER);
	/* Cancellation overridden: the operational SM and the QA & Review SM
	 * must both agree (004 point 17); the QA manager is neither. */
	assert_int_equal(p->approvals[REQUEST_CANCEL_MEETING].approvers,
	                 ROLE_BIT(ROLE_SERVICE_MANAGER) |
	                 ROLE_BIT(ROLE_QA_REVIEW_MANAGER));
	assert_true(p->approvals[REQUEST_CANCEL_MEETING].all);
	assert_int_equal(strncmp(p->approvals[REQUEST_CANCEL_MEETING].source, "004: ", 5), 0);
	/* Cadence and consultations inherited. */
	assert_int_equal(p->ncadence, 12);
	assert_int_equal(p->nconsult_kinds, 5);
	/* Lists: Swindon's four plus generic's case-mapping list. */
	assert_int_equal(p->lists[LIST_WEEK].weekday, 1);
	assert_int_equal(p->lists[LIST_FORTNIGHT].weekday, 1);
	assert_int_equal(p->lists[LIST_MONTH].day_of_month, 1);
	assert_int_equal(p->lists[LIST_MONTH].weekday, 0);
	assert_true(p->lists[LIST_EXCEPTIONS].present);
	assert_true(p->lists[LIST_CASE_MAPPING].present);
	assert_string_equal(p->mail_subject_prefix, "URGENT CLA/CP");
	/* Role titles. */
	assert_string_equal(policy_role_title(p, ROLE_QA_ADMIN), "SQA (QA Team)");
	assert_string_equal(policy_role_title(p, ROLE_CP_CHAIR), "CP Chair");
	assert_string_equal(policy_role_title(p, ROLE_MINUTE_TAKER), "Conference clerk");
	assert_string_equal(policy_role_title(p, ROLE_QA_REVIEW_MANAGER),
	                    "QA & Review service manager");
	assert_string_equal(policy_role_title(p, ROLE_QA_MANAGER),
	                    "QA & Review team manager");
	/* both new roles see every case (generic.yaml's permissions) */
	assert_int_equal(p->access.see[ROLE_SAFEGUARDING_MANAGER], SCOPE_ALL);
	assert_int_equal(p->access.see[ROLE_QA_REVIEW_MANAGER], SCOPE_ALL);
	policy_free(p);
}

/* ---- policy_load_mem and extends: --------------------------------------- */

static const char base_yaml[] =
	HEAD
	"roles:\n"
	"  cp-chair: \"Chair\"\n"
	"  iro: \"Reviewing officer\"\n"
	"anchors:\n"
	"  s47-start: \"Start of s47\"\n"
	"meetings:\n"
	"  icpc:\n"
	"    title: \"ICPC\"\n"
	"    steps:\n"
	"      - id: a\n"
	"        role: social-worker\n"
	"        title: \"Step A\"\n"
	"        due: 10 working days before meeting\n"
	"        source: \"x\"\n"
	"      - id: b\n"
	"        role: cp-chair\n"
	"        title: \"Step B\"\n"
	"        due: 5 working days before meeting\n"
	"        source: \"x\"\n"
	"      - id: c\n"
	"        role: minute-taker\n"
	"        title: \"Step C\"\n"
	"        due: on meeting\n"
	"        source: \"x\"\n"
	"  rcpc:\n"
	"    title: \"RCPC\"\n"
	"cadence:\n"
	"  - after: icpc\n"
	"    next: rcpc\n"
	"    within: 3 months\n"
	"    source: \"x\"\n"
	"cancellation:\n"
	"  approvers: [service-manager]\n"
	"  source: \"x\"\n";

static void load_mem_with_reader(void **state)
{
	(void)state;
	static const char child[] =
		"policy: child\n"
		"title: \"Child\"\n"
		"extends: base.yaml\n"
		"roles:\n"
		"  cp-chair: \"Local chair\"\n"
		"meetings:\n"
		"  icpc:\n"
		"    drop-steps: [a]\n"
		"    steps:\n"
		"      - id: b\n"
		"        role: qa-admin\n"
		"        title: \"Step B, local\"\n"
		"        due: 3 working days before meeting\n"
		"        source: \"y\"\n"
		"      - id: d\n"
		"        role: social-worker\n"
		"        title: \"Step D\"\n"
		"        due: 2 working days after s47-start\n"
		"        source: \"y\"\n"
		"cadence:\n"
		"  - after: icpc\n"
		"    next: rcpc\n"
		"    within: 2 months\n"
		"    source: \"y\"\n"
		"  - after: rcpc\n"
		"    next: rcpc\n"
		"    within: 6 months\n"
		"    source: \"y\"\n";
	memfile files[] = {
		{ "mem/child.yaml", child }, { "mem/base.yaml", base_yaml },
		{ NULL, NULL }
	};
	reader_calls = 0;
	policy *p = mem_ok(files);
	assert_int_equal(reader_calls, 1); /* base.yaml, relative to mem/ */
	assert_string_equal(p->id, "child");
	assert_string_equal(p->title, "Child");
	assert_string_equal(p->path, "mem/child.yaml");
	assert_string_equal(p->chain, "mem/child.yaml <- mem/base.yaml");
	assert_string_equal(p->division, "england-and-wales");
	/* a dropped; b replaced in place; c kept; d appended. */
	const policy_meeting *m = policy_meeting_find(p, "icpc");
	assert_int_equal(m->nsteps, 3);
	assert_string_equal(m->steps[0].id, "b");
	assert_string_equal(m->steps[0].title, "Step B, local");
	assert_int_equal(m->steps[0].role, ROLE_QA_ADMIN);
	assert_offset(&m->steps[0].due, "3 working days before meeting");
	assert_string_equal(m->steps[1].id, "c");
	assert_string_equal(m->steps[2].id, "d");
	assert_non_null(strstr(m->steps[2].where, "mem/child.yaml:"));
	assert_non_null(strstr(m->steps[1].where, "mem/base.yaml:"));
	/* Cadence with the same after/next replaces; a new one appends. */
	assert_int_equal(p->ncadence, 2);
	assert_offset(&p->cadence[0].within, "2 months after icpc");
	assert_string_equal(p->cadence[1].after, "rcpc");
	/* Role titles: one overridden, one inherited, the rest defaults. */
	assert_string_equal(policy_role_title(p, ROLE_CP_CHAIR), "Local chair");
	assert_string_equal(policy_role_title(p, ROLE_IRO), "Reviewing officer");
	assert_string_equal(policy_role_title(p, ROLE_SOCIAL_WORKER), "Social worker");
	assert_string_equal(policy_role_title(p, ROLE_SAFEGUARDING_MANAGER),
	                    "Safeguarding service manager");
	assert_string_equal(policy_role_title(p, ROLE_QA_REVIEW_MANAGER),
	                    "QA and review service manager");
	assert_int_equal(p->approvals[REQUEST_CANCEL_MEETING].approvers, ROLE_BIT(ROLE_SERVICE_MANAGER));
	policy_free(p);

	/* No reader: extends: is refused with its position. */
	policy *q = (policy *)1;
	cp_error err = { "" };
	assert_int_equal(policy_load_mem("mem/child.yaml", child, strlen(child),
	                                 NULL, NULL, &q, &err), CP_BADINPUT);
	assert_null(q);
	assert_non_null(strstr(err.msg, "mem/child.yaml:3:10: extends: cannot read 'base.yaml': extends: is not available here"));
	/* Reader fails: its message is passed on. */
	memfile lonely[] = { { "mem/child.yaml", child }, { NULL, NULL } };
	assert_int_equal(load_mem(lonely, &q, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "mem/child.yaml:3:10: extends: cannot read 'base.yaml': mem/base.yaml: no such file"));
	/* Naming an inherited step twice in one file is a mistake, not two
	 * changes: refused at the second. */
	memfile twice[] = {
		{ "mem/twice.yaml",
		  "policy: twice\ntitle: \"T\"\nextends: base.yaml\n"
		  "meetings:\n  icpc:\n    steps:\n"
		  "      - id: b\n        role: iro\n        title: \"B1\"\n"
		  "        due: on meeting\n        source: \"y\"\n"
		  "      - id: b\n        role: iro\n        title: \"B2\"\n"
		  "        due: on meeting\n        source: \"y\"\n" },
		{ "mem/base.yaml", base_yaml }, { NULL, NULL }
	};
	assert_int_equal(load_mem(twice, &q, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "mem/twice.yaml:12:9: step 'b' appears twice in this file (first at mem/twice.yaml:7:9)"));
	/* The same for a cadence rule. */
	memfile twice_cadence[] = {
		{ "mem/twice.yaml",
		  "policy: twice\ntitle: \"T\"\nextends: base.yaml\n"
		  "cadence:\n"
		  "  - after: icpc\n    next: rcpc\n    within: 2 months\n    source: \"y\"\n"
		  "  - after: icpc\n    next: rcpc\n    within: 1 month\n    source: \"y\"\n" },
		{ "mem/base.yaml", base_yaml }, { NULL, NULL }
	};
	assert_int_equal(load_mem(twice_cadence, &q, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "mem/twice.yaml:9:5: cadence after 'icpc' -> 'rcpc' appears twice in this file (first at mem/twice.yaml:5:5)"));
	/* A file without a directory part reads its parent by bare name. */
	memfile flat[] = { { "child.yaml", child }, { "base.yaml", base_yaml },
	                   { NULL, NULL } };
	p = mem_ok(flat);
	assert_string_equal(p->chain, "child.yaml <- base.yaml");
	policy_free(p);
}

static cp_status load_chain_of(int n, policy **p, cp_error *err)
{
	static char texts[16][128];
	static char names[16][32];
	memfile files[17];
	for (int i = 0; i < n; i++) {
		snprintf(names[i], sizeof names[i], "d/f%d.yaml", i);
		if (i + 1 < n)
			snprintf(texts[i], sizeof texts[i],
			         "policy: f%d\ntitle: \"F\"\nextends: f%d.yaml\n", i, i + 1);
		else
			snprintf(texts[i], sizeof texts[i],
			         "policy: f%d\ntitle: \"F\"\ndivision: england-and-wales\n", i);
		files[i] = (memfile){ names[i], texts[i] };
	}
	files[n] = (memfile){ NULL, NULL };
	return load_mem(files, p, err);
}

static void extends_cycle_and_depth(void **state)
{
	(void)state;
	memfile cycle[] = {
		{ "m/a.yaml", "policy: a\ntitle: \"A\"\nextends: b.yaml\n" },
		{ "m/b.yaml", "policy: b\ntitle: \"B\"\nextends: a.yaml\n" },
		{ NULL, NULL }
	};
	policy *p = NULL;
	cp_error err = { "" };
	assert_int_equal(load_mem(cycle, &p, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "m/b.yaml:3:10: extends: cycle: m/a.yaml already extends"));
	memfile self[] = {
		{ "m/s.yaml", "policy: s\ntitle: \"S\"\nextends: s.yaml\n" },
		{ NULL, NULL }
	};
	assert_int_equal(load_mem(self, &p, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "m/s.yaml:3:10: extends: cycle"));
	/* f0 extends f1 ... extends f(n-1): eight files load; nine are
	 * deeper than POLICY_MAX_EXTENDS. */
	p = NULL;
	if (load_chain_of(8, &p, &err) != CP_OK)
		fail_msg("%s", err.msg);
	assert_string_equal(p->id, "f0");
	assert_int_equal(p->nfiles, 8);
	assert_string_equal(p->files[0], "d/f7.yaml");
	policy_free(p);
	assert_int_equal(load_chain_of(9, &p, &err), CP_BADINPUT);
	assert_null(p);
	assert_non_null(strstr(err.msg, "d/f7.yaml:3:10: extends: chain is deeper than 8 files"));
}

/* ---- cross-reference and value checks ----------------------------------- */

#define STEP(due) \
	"meetings:\n" \
	"  icpc:\n" \
	"    title: \"ICPC\"\n" \
	"    steps:\n" \
	"      - id: s\n" \
	"        role: social-worker\n" \
	"        title: \"S\"\n" \
	"        due: " due "\n" \
	"        source: \"x\"\n"

static void cross_references(void **state)
{
	(void)state;
	/* Unknown anchor in a step's due: reported at the step. */
	mem_bad(HEAD STEP("4 working days after s47-start"),
	        "mem/bad.yaml:8:9: step 's' counts from unknown anchor 's47-start': declare it under anchors: or use 'meeting'");
	/* Declared in a parent is fine. */
	memfile ok[] = {
		{ "m/c.yaml", "policy: c\ntitle: \"C\"\nextends: p.yaml\n"
		              STEP("4 working days after s47-start") },
		{ "m/p.yaml", HEAD "anchors:\n  s47-start: \"S47\"\n" },
		{ NULL, NULL }
	};
	policy *p = mem_ok(ok);
	policy_free(p);
	/* Unknown anchor in a reminder: reported at the reminder. */
	mem_bad(HEAD STEP("on meeting")
	        "        remind:\n"
	        "          - at: 5 days before review\n"
	        "            to: social-worker\n"
	        "            title: \"R\"\n",
	        "mem/bad.yaml:14:13: reminder of step 's' counts from unknown anchor 'review'");
	/* Cadence naming unknown types or events. */
	mem_bad(HEAD STEP("on meeting")
	        "cadence:\n"
	        "  - after: icpc\n"
	        "    next: rcpc\n"
	        "    within: 3 months\n"
	        "    source: \"x\"\n",
	        "mem/bad.yaml:14:5: cadence next 'rcpc': no meeting type of that name");
	mem_bad(HEAD STEP("on meeting")
	        "cadence:\n"
	        "  - after: care-start\n"
	        "    next: icpc\n"
	        "    within: 20 working days\n"
	        "    source: \"x\"\n",
	        "mem/bad.yaml:14:5: cadence after 'care-start': no meeting type or anchor of that name");
	/* An anchor as the event is fine. */
	p = mem_ok((memfile[]){ { "m/ok.yaml",
		HEAD "anchors:\n  care-start: \"CS\"\n" STEP("on meeting")
		"cadence:\n"
		"  - after: care-start\n"
		"    next: icpc\n"
		"    within: 20 working days\n"
		"    source: \"x\"\n" }, { NULL, NULL } });
	assert_int_equal(p->ncadence, 1);
	policy_free(p);
	/* Unknown roles wherever a role is named. */
	mem_bad(HEAD "meetings:\n  icpc:\n    title: \"I\"\n    steps:\n"
	        "      - id: s\n        role: cpa\n        title: \"S\"\n"
	        "        due: on meeting\n        source: \"x\"\n",
	        "mem/bad.yaml:9:15: unknown role 'cpa' (roles: social-worker, team-manager");
	mem_bad(HEAD "roles:\n  clerk: \"Clerk\"\n", "mem/bad.yaml:5:3: unknown role 'clerk'");
	mem_bad(HEAD "cancellation:\n  approvers: [service-manager, boss]\n  source: \"x\"\n",
	        "mem/bad.yaml:5:32: unknown role 'boss'");
	mem_bad(HEAD "meetings:\n  icpc:\n    title: \"I\"\n    chair: judge\n",
	        "mem/bad.yaml:7:12: unknown role 'judge'");
	mem_bad(HEAD "meetings:\n  icpc:\n    title: \"I\"\n    chair: director\n",
	        "mem/bad.yaml:7:12: chair is cp-chair, iro or social-worker");
	mem_bad(HEAD STEP("on meeting") "        escalate:\n          to: [manager]\n",
	        "mem/bad.yaml:14:16: unknown role 'manager'");
	mem_bad(HEAD "lists:\n  week:\n    send-on: monday\n    to: []\n    source: \"x\"\n",
	        "mem/bad.yaml:7:9: the list of roles is empty");
	/* Unknown meeting type; custom: true makes it the borough's own. */
	mem_bad(HEAD "meetings:\n  icpcc:\n    title: \"I\"\n",
	        "mem/bad.yaml:5:3: unknown meeting type 'icpcc' (built in: strategy, icpc, rcpc, core-group, cla-review, case-mapping, transfer-in; a borough's own type needs 'custom: true')");
	p = mem_ok((memfile[]){ { "m/ok.yaml",
		HEAD "meetings:\n  transfer:\n    title: \"T\"\n    custom: true\n" },
		{ NULL, NULL } });
	assert_true(policy_meeting_find(p, "transfer")->custom);
	policy_free(p);
	/* A meeting type needs a title somewhere in the chain. */
	mem_bad(HEAD "meetings:\n  icpc:\n    chair: cp-chair\n",
	        "mem/bad.yaml:6:5: meeting type 'icpc' needs a title");
	/* Dropping a step that is not there. */
	mem_bad(HEAD "meetings:\n  icpc:\n    title: \"I\"\n    drop-steps: [nope]\n",
	        "mem/bad.yaml:7:18: cannot drop step 'nope': the icpc meeting has no such step");
	/* The built-in anchors cannot be declared. */
	mem_bad(HEAD "anchors:\n  meeting: \"M\"\n",
	        "mem/bad.yaml:5:3: 'meeting' is built in and cannot be declared");
	mem_bad(HEAD "anchors:\n  due: \"D\"\n", "'due' is built in");
	/* No division anywhere in the chain. */
	mem_bad("policy: t\ntitle: \"T\"\n",
	        "mem/bad.yaml:1:1: no division: say which bank holidays apply");
	/* Duplicate step id in one file. */
	mem_bad(HEAD STEP("on meeting")
	        "      - id: s\n        role: iro\n        title: \"S2\"\n"
	        "        due: on meeting\n        source: \"x\"\n",
	        "mem/bad.yaml:13:9: step 's' appears twice in this file");
}

static void value_checks(void **state)
{
	(void)state;
	mem_bad(HEAD STEP("900 working days before meeting"),
	        "mem/bad.yaml:11:14: '900 working days before meeting': 900 working days is out of range (at most 400)");
	mem_bad(HEAD STEP("10 work days before meeting"), "mem/bad.yaml:11:14: '10 work days before meeting': unknown unit");
	mem_bad(HEAD STEP("10 working days meeting"), "say 'before' or 'after'");
	mem_bad(HEAD STEP("on meeting") "        if-closed: sooner\n",
	        "mem/bad.yaml:13:20: if-closed is 'earlier' or 'later'");
	mem_bad(HEAD STEP("on meeting") "        report-deadline: yes\n",
	        "mem/bad.yaml:13:26: 'yes' is not true or false");
	mem_bad(HEAD STEP("on meeting") "        escalate:\n          to: iro\n          after: 0 working days\n",
	        "mem/bad.yaml:15:18: an escalation comes after the step is late: at least 1 day");
	mem_bad(HEAD STEP("on meeting") "        escalate:\n          to: iro\n          after: 2 days before\n",
	        "mem/bad.yaml:15:18: '2 days before' is not a span");
	mem_bad(HEAD "meetings:\n  icpc:\n    title: \"I\"\n  rcpc:\n    title: \"R\"\n"
	        "cadence:\n  - after: icpc\n    next: rcpc\n    within: 3 months after\n    source: \"x\"\n",
	        "mem/bad.yaml:12:13: '3 months after' is not a span");
	mem_bad(HEAD "meetings:\n  icpc:\n    title: \"I\"\n"
	        "cadence:\n  - after: icpc\n    nth: 0\n    next: icpc\n    within: 3 months\n    source: \"x\"\n",
	        "mem/bad.yaml:9:10: nth is a number from 1 to 99, or N+ for the Nth and every later one");
	mem_bad(HEAD "meetings:\n  icpc:\n    title: \"I\"\n"
	        "cadence:\n  - after: icpc\n    nth: 2++\n    next: icpc\n    within: 3 months\n    source: \"x\"\n",
	        "nth is a number from 1 to 99");
	mem_bad(HEAD "lists:\n  week:\n    send-on: someday\n    to: iro\n    source: \"x\"\n",
	        "mem/bad.yaml:6:14: send-on is a weekday (monday..sunday) or a day of the month (1 to 28)");
	mem_bad(HEAD "lists:\n  month:\n    send-on: 31\n    to: iro\n    source: \"x\"\n",
	        "send-on is a weekday");
	mem_bad(HEAD "cancellation:\n  approvers: iro\n  approval: most\n  source: \"x\"\n",
	        "mem/bad.yaml:6:13: approval is 'any' (one approver agrees) or 'all'");
	mem_bad(HEAD "consultations:\n  case-mapping:\n    open-for: 52 weeks\n    not-mapped-within: 6 months\n    source: \"x\"\n",
	        "mem/bad.yaml:6:15: write this in months, e.g. '12 months'");
	mem_bad(HEAD "closures:\n  - date: 2027-02-30\n    title: \"X\"\n",
	        "mem/bad.yaml:5:11: '2027-02-30' is not a date: February 2027 has 28 days");
	mem_bad("policy: T\ntitle: \"T\"\ndivision: england-and-wales\n",
	        "mem/bad.yaml:1:9: 'T' is not a valid policy id");
	mem_bad(HEAD "tittle: \"x\"\n",
	        "mem/bad.yaml:4:1: unknown key 'tittle' in a policy file (expected one of: policy, title, extends,");
	mem_bad(HEAD STEP("on meeting") "        minutes: yes\n",
	        "mem/bad.yaml:13:18: 'yes' is not true or false");
	mem_bad(HEAD STEP("on meeting") "        minutes: true\n"
	        "      - id: t\n        role: iro\n        title: \"T\"\n"
	        "        due: on meeting\n        source: \"x\"\n"
	        "        minutes: true\n",
	        "mem/bad.yaml:14:9: steps 's' and 't' of icpc are both marked "
	        "minutes: true; a meeting has one record of its minutes");
	mem_bad(HEAD STEP("on meeting") "        tittle: \"x\"\n",
	        "mem/bad.yaml:13:9: unknown key 'tittle' in a step (expected one of: id, role, title, due, source,");
	mem_bad("title: \"T\"\ndivision: england-and-wales\n",
	        "mem/bad.yaml:1:1: a policy file needs 'policy'");
	mem_bad(HEAD "meetings:\n  icpc:\n    title: [\"I\"]\n",
	        "mem/bad.yaml:6:12: title must be a single value, not a list");
	mem_bad(HEAD "meetings:\n  - icpc\n",
	        "mem/bad.yaml:5:3: meetings must be a mapping (key: value lines), not a list");
	mem_bad(HEAD "meetings:\n  icpc:\n    title: \"\"\n", "mem/bad.yaml:6:12: title is empty");
	mem_bad(HEAD "consultations:\n  kinds:\n"
	        "    - id: k\n      title: \"K\"\n      source: \"x\"\n"
	        "    - id: k\n      title: \"K2\"\n      source: \"x\"\n",
	        "mem/bad.yaml:9:7: consultation kind 'k' appears twice in this file (first at line 6)");
	/* Control characters in titles are sanitised; NUL is refused. */
	policy *p = mem_ok((memfile[]){ { "m/ok.yaml",
		"policy: t\ntitle: \"T\\x1b[31mred\\x07\"\ndivision: england-and-wales\n" },
		{ NULL, NULL } });
	assert_string_equal(p->title, "T?[31mred?");
	policy_free(p);
	mem_bad("policy: t\ntitle: \"T\\0x\"\ndivision: england-and-wales\n",
	        "mem/bad.yaml:2:8: title holds a NUL character");
}

/* ---- cadence: schedule_next --------------------------------------------- */

static void assert_next(const policy *p, const char *event, int nth,
                        const char *date, const char *want)
{
	next_meeting *nm = NULL;
	size_t n = 0;
	cp_error err = { "" };
	if (schedule_next(p, &cal, event, nth, D(date), &nm, &n, &err) != CP_OK)
		fail_msg("%s %s: %s", event, date, err.msg);
	char got[512] = "";
	for (size_t i = 0; i < n; i++) {
		char by[CP_DATE_STRLEN];
		date_format(nm[i].by, by);
		size_t used = strlen(got);
		snprintf(got + used, sizeof got - used, "%s%s %s", i ? "; " : "",
		         nm[i].type, by);
	}
	free(nm);
	if (strcmp(got, want))
		fail_msg("%s %s (%s, nth %d): got '%s', want '%s'", p->id, event,
		         date, nth, got, want);
}

static void cadence_examples(void **state)
{
	(void)state;
	static const char *const files[] = { "policies/generic.yaml",
		"policies/hounslow.yaml", "policies/swindon.yaml" };
	for (size_t f = 0; f < 3; f++) {
		policy *p = load(files[f]);
		/* After an ICPC on Wed 12 May 2027: first core group within 10
		 * WD (13, 14, 17-21, 24, 25, 26: no holidays between) and the
		 * RCPC by 12 Aug 2027 (a Thursday). */
		assert_next(p, "icpc", 0, "2027-05-12",
		            "core-group 2027-05-26; rcpc 2027-08-12");
		/* After an RCPC on Wed 31 Mar 2027: 30 Sep (no 31st; a Thu). */
		assert_next(p, "rcpc", 0, "2027-03-31", "rcpc 2027-09-30");
		/* After an ICPC on Fri 11 Jun 2027: 11 Sep is a Saturday, so Fri
		 * 10 Sep; core group: 14-18, 21-25 Jun -> Fri 25 Jun. */
		assert_next(p, "icpc", 0, "2027-06-11",
		            "core-group 2027-06-25; rcpc 2027-09-10");
		/* Strategy on Thu 18 Mar 2027 -> ICPC within 15 WD across
		 * Easter: 19, 22-25 (5); 26 Good Friday, 27-28, 29 Easter
		 * Monday skipped; 30, 31, 1 Apr, 2 Apr (9); 5-9 (14); Mon 12 Apr. */
		assert_next(p, "strategy", 0, "2027-03-18", "icpc 2027-04-12");
		/* Care start Mon 13 Dec 2027 -> first CLA review within 20 WD
		 * across Christmas: 14-17 (4), 20-24 (9); 25-26 weekend, 27-28
		 * substitutes; 29-31 (12); 1-2 Jan weekend, 3 Jan New Year
		 * substitute; 4-7 (16), 10-13 (20): Thu 13 Jan 2028. */
		assert_next(p, "care-start", 0, "2027-12-13", "cla-review 2028-01-13");
		/* CLA reviews: after the first, within 3 months; after the
		 * second and later, within 6 months. */
		assert_next(p, "cla-review", 1, "2027-05-12", "cla-review 2027-08-12");
		assert_next(p, "cla-review", 2, "2027-05-12", "cla-review 2027-11-12");
		assert_next(p, "cla-review", 7, "2027-05-12", "cla-review 2027-11-12");
		/* First review on Tue 30 Nov 2027 -> 3 months: 30 Feb does not
		 * exist, 2028 is a leap year: Tue 29 Feb 2028. */
		assert_next(p, "cla-review", 1, "2027-11-30", "cla-review 2028-02-29");
		/* 6 months after Thu 30 Jun 2027 is Thu 30 Dec 2027. */
		assert_next(p, "cla-review", 3, "2027-06-30", "cla-review 2027-12-30");
		/* 6 months after Mon 27 Jun 2027 is Mon 27 Dec, the Christmas
		 * substitute; 25-26 weekend: Fri 24 Dec 2027. */
		assert_next(p, "cla-review", 2, "2027-06-27", "cla-review 2027-12-24");
		/* 3 months after an ICPC on Mon 17 Jan 2028 is Mon 17 Apr,
		 * Easter Monday: 16-15 weekend, 14 Good Friday -> Thu 13 Apr
		 * 2028.  Core group: 18-21 (4), 24-28 (9), Mon 31 Jan (10). */
		assert_next(p, "icpc", 0, "2028-01-17",
		            "core-group 2028-01-31; rcpc 2028-04-13");
		/* A core group follows a core group within 6 weeks (this
		 * file's choice): Wed 12 May 2027 -> Wed 23 June. */
		assert_next(p, "core-group", 0, "2027-05-12",
		            "core-group 2027-06-23");

		next_meeting *nm = (next_meeting *)1;
		size_t n = 9;
		cp_error err = { "" };
		/* nth missing for a CLA review is an error. */
		assert_int_equal(schedule_next(p, &cal, "cla-review", 0,
		                               D("2027-05-12"), &nm, &n, &err),
		                 CP_BADINPUT);
		assert_string_equal(err.msg,
		    "what follows a cla-review depends on which one it was: give --nth N (1 for the first)");
		assert_null(nm);
		assert_int_equal(n, 0);
		/* Unknown event. */
		assert_int_equal(schedule_next(p, &cal, "conference", 0,
		                               D("2027-05-12"), &nm, &n, &err),
		                 CP_BADINPUT);
		assert_non_null(strstr(err.msg, "has no meeting type or event 'conference'"));
		/* Outside the bank-holiday years. */
		assert_int_equal(schedule_next(p, &cal, "rcpc", 0, D("2030-10-01"),
		                               &nm, &n, &err), CP_BADINPUT);
		assert_non_null(strstr(err.msg, "2031-04-01 is outside the bank holidays"));
		policy_free(p);
	}
}

/* The consultation kinds' parts and the case-mapping periods: what is
 * wrong, where. */
static void consult_errors(void **state)
{
	(void)state;
	mem_bad(HEAD "consultations:\n  kinds:\n    - id: k\n      title: K\n"
	        "      source: s\n      closes: chair-consultation\n",
	        "closes: names a step of the kind's meeting");
	mem_bad(HEAD "consultations:\n  kinds:\n    - id: k\n      title: K\n"
	        "      source: s\n      meeting: nosuch\n",
	        "consultation kind 'k': no meeting type 'nosuch'");
	mem_bad(HEAD "consultations:\n  kinds:\n    - id: k\n      title: K\n"
	        "      source: s\n      cycle: sometimes\n",
	        "mem/bad.yaml:9:14: cycle is map");
	mem_bad(HEAD "consultations:\n  kinds:\n    - id: k\n      title: K\n"
	        "      source: s\n      logged-by: [chair]\n",
	        "unknown role 'chair'");
	mem_bad(HEAD "consultations:\n  case-mapping:\n    open-for: 12 months\n"
	        "    recently-mapped: 6 months\n    not-mapped-within: 6 months\n"
	        "    source: s\n", "older spelling of recently-mapped");
	mem_bad(HEAD "consultations:\n  case-mapping:\n    open-for: 12 months\n"
	        "    source: s\n", "case-mapping needs recently-mapped");
	mem_bad(HEAD "consultations:\n  case-mapping:\n    open-for: 12 months\n"
	        "    recently-mapped: 6 months\n    allocate-within: 2 weeks\n"
	        "    source: s\n", "write this in working days");
}

static void load_errors(void **state)
{
	(void)state;
	policy *p = (policy *)1;
	cp_error err = { "" };
	assert_int_equal(policy_load("tests/no-such-policy.yaml", &p, &err), CP_BADINPUT);
	assert_null(p);
	assert_non_null(strstr(err.msg, "tests/no-such-policy.yaml: No such file or directory"));
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(policy_read_file("policies/generic.yaml", &text, &len, &err), CP_OK);
	assert_true(len > 1000);
	assert_int_equal(strlen(text), len);
	/* The same text from memory; generic.yaml has no extends:, so no
	 * reader is needed. */
	assert_int_equal(policy_load_mem("generic.yaml", text, len, NULL, NULL, &p, &err), CP_OK);
	assert_string_equal(p->id, "generic");
	policy_free(p);
	free(text);
}

/* Reading a policy file never waits (issue 15): a FIFO, which would
 * block an open or a read until someone wrote to it, is refused at once;
 * a stored path is not followed through a symbolic link. */
static void read_never_waits(void **state)
{
	(void)state;
	char dir[] = "/tmp/cpdesk-fifo-XXXXXX", fifo[64], link[64], cwd[512];
	assert_non_null(mkdtemp(dir));
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(fifo, sizeof fifo, "%s/p.yaml", dir);
	snprintf(link, sizeof link, "%s/l.yaml", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	char gen[600];
	snprintf(gen, sizeof gen, "%s/policies/generic.yaml", cwd);
	assert_int_equal(symlink(gen, link), 0);
	char *text = NULL;
	size_t len = 0;
	bool regular = true;
	cp_error err = { "" };
	assert_int_equal(policy_read_file(fifo, &text, &len, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "p.yaml: not a regular file"));
	assert_int_equal(policy_read_stored(fifo, &text, &len, &regular, &err),
	                 CP_BADINPUT);
	assert_false(regular);
	assert_int_equal(policy_read_file(dir, &text, &len, &err), CP_BADINPUT);
	assert_non_null(strstr(err.msg, "not a regular file"));
	/* a link is followed for a file given by name, not for a stored path */
	assert_int_equal(policy_read_file(link, &text, &len, &err), CP_OK);
	free(text);
	regular = true;
	assert_int_equal(policy_read_stored(link, &text, &len, &regular, &err),
	                 CP_BADINPUT);
	assert_false(regular);
	unlink(fifo);
	unlink(link);
	rmdir(dir);
}

/* permissions: a borough's file replaces only the entries it names; an
 * empty list leaves an action to the store's administrators. */
static void permissions_merge(void **state)
{
	(void)state;
	char cwd[512], path[] = "/tmp/cpdesk-perm-XXXXXX.yaml";
	assert_non_null(getcwd(cwd, sizeof cwd));
	int fd = mkstemps(path, 5);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	/* qa-admin may now reassign and qa-manager may not: what qa-manager
	 * gives must be said again (check_gives) */
	fprintf(f, "policy: local\ntitle: Local\nextends: %s/policies/generic.yaml\n"
	        "permissions:\n  see:\n    social-worker: team\n"
	        "  may:\n    switch-policy: []\n    reassign: qa-admin\n"
	        "  give:\n    qa-manager: [social-worker, qa-manager]\n", cwd);
	fclose(f);
	policy *p = NULL;
	cp_error err = { "" };
	cp_status st = policy_load(path, &p, &err);
	unlink(path);
	if (st != CP_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(p->access.see[ROLE_SOCIAL_WORKER], SCOPE_TEAM);
	assert_int_equal(p->access.see[ROLE_TEAM_MANAGER], SCOPE_TEAM);
	assert_int_equal(p->access.see[ROLE_QA_ADMIN], SCOPE_ALL);
	assert_int_equal(p->access.may[ACCESS_SWITCH_POLICY], 0);
	assert_int_equal(p->access.may[ACCESS_REASSIGN], ROLE_BIT(ROLE_QA_ADMIN));
	assert_int_equal(p->access.may[ACCESS_IMPORT],
	                 ROLE_BIT(ROLE_QA_ADMIN) | ROLE_BIT(ROLE_QA_MANAGER));
	policy_free(p);
}

/* permissions: give: (issue 15).  No role may give one that does more
 * than its own, whatever a file says: an error at the entry.  The
 * entries are read from the text, parent first, an entry replacing the
 * parent's and [] giving none. */
static void gives(void **state)
{
	(void)state;
	policy *p = NULL;
	cp_error err = { "" };
	assert_int_equal(policy_load("tests/policy-bad/give-beyond-own.yaml", &p,
	                             &err), CP_BADINPUT);
	assert_null(p);
	assert_string_equal(err.msg, "tests/policy-bad/give-beyond-own.yaml:10:15: "
	    "give: qa-admin may not give qa-manager: qa-manager may "
	    "switch-policy, which qa-admin may not (no role gives one that does "
	    "more than its own): say in tests/policy-bad/give-beyond-own.yaml "
	    "what qa-admin gives");
	/* generic's give:, loaded with the rest (and kept compiled) */
	assert_int_equal(policy_load("policies/generic.yaml", &p, &err), CP_OK);
	const access_gives *g = &p->gives;
	assert_int_equal(g->of[ROLE_QA_ADMIN], ROLE_BIT(ROLE_SOCIAL_WORKER) |
	                 ROLE_BIT(ROLE_MINUTE_TAKER) | ROLE_BIT(ROLE_QA_ADMIN));
	assert_true(g->of[ROLE_QA_MANAGER] & ROLE_BIT(ROLE_QA_MANAGER));
	assert_int_equal(g->of[ROLE_SOCIAL_WORKER], 0);
	policy_free(p);
	/* a child file's entries replace those it names, and only those */
	static const char child[] =
	    "policy: c\ntitle: C\nextends: generic.yaml\npermissions:\n"
	    "  give:\n    qa-admin: []\n    director: director\n";
	FILE *f = fopen("policies/.cpdesk-give-child.yaml", "w");
	assert_non_null(f);
	fputs(child, f);
	fclose(f);
	cp_status st = policy_load("policies/.cpdesk-give-child.yaml", &p, &err);
	remove("policies/.cpdesk-give-child.yaml");
	assert_int_equal(st, CP_OK);
	assert_int_equal(p->gives.of[ROLE_QA_ADMIN], 0);
	assert_int_equal(p->gives.of[ROLE_DIRECTOR], ROLE_BIT(ROLE_DIRECTOR));
	assert_true(p->gives.of[ROLE_QA_MANAGER] & ROLE_BIT(ROLE_CP_CHAIR));
	policy_free(p);
}

/* ---- diary: (issue 17) ------------------------------------------------ */

static void assert_times(const policy_diary *d, const char *want)
{
	char got[200] = "";
	for (size_t i = 0; i < d->ntimes; i++) {
		size_t used = strlen(got);
		snprintf(got + used, sizeof got - used, "%s%02d:%02d", i ? " " : "",
		         d->times[i] / 60, d->times[i] % 60);
	}
	assert_string_equal(got, want);
}

/* Every key: the shipped files' choices, the defaults, a child file
 * replacing key by key, and each way a value is refused. */
/* approvals: names who approves each action that needs approval; the
 * older cancellation: is cancel-meeting's; a child file replaces the
 * actions it names; generic asks the safeguarding service manager for a
 * late move, Swindon its two service managers (choices, stated). */
static void approvals_keys(void **state)
{
	(void)state;
	policy *p = load("policies/generic.yaml");
	const policy_approval *late = &p->approvals[REQUEST_LATE_MOVE];
	assert_int_equal(late->approvers, ROLE_BIT(ROLE_SAFEGUARDING_MANAGER));
	assert_false(late->all);
	assert_int_equal(strncmp(late->source, "choice of this file", 19), 0);
	policy_free(p);
	p = load("policies/hounslow.yaml");   /* generic's, inherited */
	assert_int_equal(p->approvals[REQUEST_LATE_MOVE].approvers,
	                 ROLE_BIT(ROLE_SAFEGUARDING_MANAGER));
	policy_free(p);
	p = load("policies/swindon.yaml");
	late = &p->approvals[REQUEST_LATE_MOVE];
	assert_int_equal(late->approvers, ROLE_BIT(ROLE_SERVICE_MANAGER) |
	                                  ROLE_BIT(ROLE_QA_REVIEW_MANAGER));
	assert_true(late->all);
	policy_free(p);

	static const char parent[] = HEAD
	    "approvals:\n"
	    "  late-move:\n"
	    "    approvers: [service-manager]\n"
	    "    source: \"the parent\"\n"
	    "  cancel-meeting:\n"
	    "    approvers: [qa-manager, service-manager]\n"
	    "    approval: all\n"
	    "    source: \"the parent's cancellations\"\n";
	p = mem_ok((memfile[]){ { "m/p.yaml", parent }, { NULL, NULL } });
	assert_int_equal(p->approvals[REQUEST_LATE_MOVE].approvers,
	                 ROLE_BIT(ROLE_SERVICE_MANAGER));
	assert_false(p->approvals[REQUEST_LATE_MOVE].all);
	assert_true(p->approvals[REQUEST_CANCEL_MEETING].all);
	policy_free(p);
	/* a child replaces late-move: none needed; keeps cancel-meeting */
	p = mem_ok((memfile[]){
		{ "m/c.yaml", "policy: c\ntitle: C\nextends: p.yaml\napprovals:\n"
		  "  late-move:\n    approvers: []\n    source: \"none\"\n" },
		{ "m/p.yaml", parent }, { NULL, NULL } });
	assert_int_equal(p->approvals[REQUEST_LATE_MOVE].approvers, 0);
	assert_int_equal(p->approvals[REQUEST_CANCEL_MEETING].approvers,
	                 ROLE_BIT(ROLE_QA_MANAGER) | ROLE_BIT(ROLE_SERVICE_MANAGER));
	policy_free(p);
	/* the older spelling */
	p = mem_ok((memfile[]){ { "m/o.yaml", HEAD "cancellation:\n"
		"  approvers: [director]\n  source: \"old\"\n" }, { NULL, NULL } });
	assert_int_equal(p->approvals[REQUEST_CANCEL_MEETING].approvers,
	                 ROLE_BIT(ROLE_DIRECTOR));
	assert_int_equal(p->approvals[REQUEST_LATE_MOVE].approvers, 0);
	policy_free(p);

	mem_bad(HEAD "approvals:\n  late-booking:\n    approvers: [director]\n"
	        "    source: \"x\"\n",
	        "mem/bad.yaml:5:3: unknown action 'late-booking' under approvals: "
	        "one of cancel-meeting, late-move");
	mem_bad(HEAD "cancellation:\n  approvers: [director]\n  source: \"x\"\n"
	        "approvals:\n  cancel-meeting:\n    approvers: [director]\n"
	        "    source: \"x\"\n",
	        "mem/bad.yaml:8:3: cancel-meeting is given twice");
	mem_bad(HEAD "approvals:\n  late-move:\n    approvers: [director]\n"
	        "    approval: most\n    source: \"x\"\n",
	        "approval is 'any'");
	mem_bad(HEAD "approvals:\n  late-move:\n    approvers: [director]\n",
	        "source");
	mem_bad(HEAD "approvals:\n  late-move:\n    approvers: [nobody]\n"
	        "    source: \"x\"\n", "nobody");
	mem_bad(HEAD "approvals: [late-move]\n", "approvals");
}

static void diary_keys(void **state)
{
	(void)state;
	/* generic states every value */
	policy *p = load("policies/generic.yaml");
	const policy_diary *d = &p->diary;
	assert_times(d, "09:30 11:00 13:30 15:00");
	assert_int_equal(d->length, 90);
	assert_int_equal(d->per_chair_per_day, 2);
	assert_int_equal(d->margin, 5);
	assert_int_equal(d->allocate, ROLE_BIT(ROLE_QA_ADMIN));
	assert_int_equal(d->unallocated_within, 10);
	assert_non_null(strstr(d->source, "000: "));
	assert_non_null(strstr(d->where, "policies/generic.yaml:"));
	policy_free(p);
	/* Hounslow and Swindon keep generic's values, with their own source */
	p = load("policies/hounslow.yaml");
	assert_int_equal(p->diary.margin, 5);
	assert_times(&p->diary, "09:30 11:00 13:30 15:00");
	assert_non_null(strstr(p->diary.source, "SQA calendar to avoid clashes"));
	policy_free(p);
	p = load("policies/swindon.yaml");
	assert_int_equal(p->diary.per_chair_per_day, 2);
	assert_non_null(strstr(p->diary.source, "004: 5. "));
	policy_free(p);

	/* no diary: the defaults (cpdesk-policy(5)) */
	p = mem_ok((memfile[]){ { "m/none.yaml", HEAD }, { NULL, NULL } });
	d = &p->diary;
	assert_times(d, "09:30 11:00 13:30 15:00");
	assert_int_equal(d->length, 90);
	assert_int_equal(d->per_chair_per_day, 2);
	assert_int_equal(d->margin, 0);
	assert_int_equal(d->allocate, ROLE_BIT(ROLE_QA_ADMIN));
	assert_int_equal(d->unallocated_within, 10);
	assert_null(d->source);
	assert_null(d->where);
	policy_free(p);

	/* every key, and a child file that replaces some */
	static const char parent[] = HEAD
	    "diary:\n"
	    "  times: [\"10:00\", \"14:00\"]\n"
	    "  length: 2 hours\n"
	    "  per-chair-per-day: 1\n"
	    "  margin: 1 working day\n"
	    "  allocate: [qa-admin, qa-manager]\n"
	    "  unallocated-within: 15 working days\n"
	    "  source: \"the parent\"\n";
	p = mem_ok((memfile[]){ { "m/p.yaml", parent }, { NULL, NULL } });
	d = &p->diary;
	assert_times(d, "10:00 14:00");
	assert_int_equal(d->length, 120);
	assert_int_equal(d->per_chair_per_day, 1);
	assert_int_equal(d->margin, 1);
	assert_int_equal(d->allocate,
	                 ROLE_BIT(ROLE_QA_ADMIN) | ROLE_BIT(ROLE_QA_MANAGER));
	assert_int_equal(d->unallocated_within, 15);
	assert_string_equal(d->source, "the parent");
	assert_string_equal(d->where, "m/p.yaml:5:3");
	policy_free(p);
	p = mem_ok((memfile[]){
		{ "m/c.yaml", "policy: c\ntitle: C\nextends: p.yaml\ndiary:\n"
		  "  times: [\"09:00\"]\n  margin: 0 working days\n"
		  "  per-chair-per-day: 3\n" },
		{ "m/p.yaml", parent }, { NULL, NULL } });
	d = &p->diary;
	assert_times(d, "09:00");
	assert_int_equal(d->margin, 0);
	assert_int_equal(d->per_chair_per_day, 3);
	assert_int_equal(d->length, 120);              /* the parent's */
	assert_int_equal(d->unallocated_within, 15);
	assert_string_equal(d->source, "the parent");
	assert_string_equal(d->where, "m/c.yaml:5:3");
	policy_free(p);
	/* a length of 1 hour and 45 minutes; 16 times */
	p = mem_ok((memfile[]){ { "m/t.yaml", HEAD "diary:\n  length: 1 hour\n"
		"  times: [\"08:00\", \"08:30\", \"09:00\", \"09:30\", \"10:00\", "
		"\"10:30\", \"11:00\", \"11:30\", \"12:00\", \"12:30\", \"13:00\", "
		"\"13:30\", \"14:00\", \"14:30\", \"15:00\", \"22:59\"]\n" },
		{ NULL, NULL } });
	assert_int_equal(p->diary.length, 60);
	assert_int_equal(p->diary.ntimes, 16);
	policy_free(p);
	p = mem_ok((memfile[]){ { "m/t.yaml", HEAD "diary:\n  length: 45 minutes\n" },
	                         { NULL, NULL } });
	assert_int_equal(p->diary.length, 45);
	policy_free(p);

#define DIARY HEAD "diary:\n"
	/* times */
	mem_bad(DIARY "  times: [\"9:30\"]\n",
	        "mem/bad.yaml:5:11: '9:30' is not a start time: write HH:MM");
	mem_bad(DIARY "  times: [\"24:00\"]\n", "'24:00' is not a start time");
	mem_bad(DIARY "  times: [\"10:60\"]\n", "'10:60' is not a start time");
	mem_bad(DIARY "  times: [\" 9:30\"]\n", "' 9:30' is not a start time");
	mem_bad(DIARY "  times: [\"11:00\", \"11:00\"]\n",
	        "mem/bad.yaml:5:20: start times go earliest first, each once: 11:00");
	mem_bad(DIARY "  times: []\n", "mem/bad.yaml:5:10: times is empty");
	mem_bad(DIARY "  times: \"09:30\"\n", "mem/bad.yaml:5:10: times must be a list");
	mem_bad(DIARY "  times: [\"00:01\", \"00:02\", \"00:03\", \"00:04\", \"00:05\", "
	        "\"00:06\", \"00:07\", \"00:08\", \"00:09\", \"00:10\", \"00:11\", "
	        "\"00:12\", \"00:13\", \"00:14\", \"00:15\", \"00:16\", \"00:17\"]\n",
	        "more than 16 start times");
	/* length */
	mem_bad(DIARY "  length: 9 minutes\n",
	        "mem/bad.yaml:5:11: length '9 minutes': write minutes or hours, from 10 minutes to 8 hours");
	mem_bad(DIARY "  length: 9 hours\n", "length '9 hours'");
	mem_bad(DIARY "  length: 90\n", "length '90'");
	mem_bad(DIARY "  length: -90 minutes\n", "length '-90 minutes'");
	mem_bad(DIARY "  length: 90  minutes\n", "length '90  minutes'");
	mem_bad(DIARY "  times: [\"10:00\", \"22:00\"]\n  length: 3 hours\n",
	        "mem/bad.yaml:5:3: diary: a meeting starting at 22:00 and held for 180 minutes ends after midnight");
	/* the end of the day, with the times and the length in two files */
	cp_error err = { "" };
	policy *bad = NULL;
	assert_int_equal(load_mem((memfile[]){
		{ "m/c.yaml", "policy: c\ntitle: C\nextends: p.yaml\ndiary:\n"
		  "  times: [\"23:00\"]\n" },
		{ "m/p.yaml", parent }, { NULL, NULL } }, &bad, &err), CP_BADINPUT);
	assert_string_equal(err.msg, "m/c.yaml:5:3: diary: a meeting starting at "
	    "23:00 and held for 120 minutes ends after midnight: make the last "
	    "start time earlier or the length shorter");
	/* per-chair-per-day */
	mem_bad(DIARY "  per-chair-per-day: 0\n",
	        "mem/bad.yaml:5:22: 0 is out of range (1 to 10)");
	mem_bad(DIARY "  per-chair-per-day: 11\n", "11 is out of range (1 to 10)");
	mem_bad(DIARY "  per-chair-per-day: two\n", "'two' is not a whole number");
	/* margin */
	mem_bad(DIARY "  margin: 5 days\n",
	        "mem/bad.yaml:5:11: margin '5 days': write a number of working days from 0 to 60");
	mem_bad(DIARY "  margin: 61 working days\n", "margin '61 working days'");
	mem_bad(DIARY "  margin: 5 working days before\n", "margin '5 working days before'");
	/* allocate */
	mem_bad(DIARY "  allocate: []\n", "mem/bad.yaml:5:13: the list of roles is empty");
	mem_bad(DIARY "  allocate: admin\n", "mem/bad.yaml:5:13: unknown role 'admin'");
	/* unallocated-within */
	mem_bad(DIARY "  unallocated-within: 0 working days\n",
	        "mem/bad.yaml:5:23: unallocated-within '0 working days': write a number of working days from 1 to 60");
	mem_bad(DIARY "  unallocated-within: 2 weeks\n", "unallocated-within '2 weeks'");
	/* source */
	mem_bad(DIARY "  source: [\"a\"]\n", "mem/bad.yaml:5:11: source must be a single value, not a list");
	/* the section */
	mem_bad(DIARY "  slots: 4\n",
	        "mem/bad.yaml:5:3: unknown key 'slots' in diary (expected one of: times, length, per-chair-per-day, margin, allocate, unallocated-within, source)");
	mem_bad(DIARY "  margin: 1 working day\n  margin: 2 working days\n",
	        "mem/bad.yaml:6:3: duplicate key 'margin'");
	mem_bad(HEAD "diary: [\"09:30\"]\n", "mem/bad.yaml:4:8: diary must be a mapping");
#undef DIARY
}

/* Overlaps at the diary's length, the margin date, the exception
 * report's horizon. */
static void diary_dates(void **state)
{
	(void)state;
	policy *p = load("policies/generic.yaml");
	const policy_diary *d = &p->diary;
	/* 90 minutes: 09:30 and 11:00 follow each other, 10:00 overlaps both */
	assert_false(policy_diary_overlap(d, 570, 660));
	assert_false(policy_diary_overlap(d, 660, 570));
	assert_true(policy_diary_overlap(d, 570, 600));
	assert_true(policy_diary_overlap(d, 600, 660));
	assert_true(policy_diary_overlap(d, 570, 570));
	assert_true(policy_diary_overlap(d, -1, 900));  /* no time: all day */
	assert_true(policy_diary_overlap(d, 900, -1));
	cp_date by;
	cp_error err = { "" };
	/* 5 working days before Mon 2027-05-03 (a bank holiday; the latest
	 * is never one, but the margin counts from whatever it is given):
	 * Fri 30 Apr, Thu 29, Wed 28, Tue 27, Mon 26 April */
	assert_int_equal(policy_diary_book_by(p, &cal, D("2027-05-03"), &by, &err), CP_OK);
	assert_int_equal(by, D("2027-04-26"));
	/* over Easter 2027 (Good Friday 26 March, Easter Monday 29 March):
	 * from Thu 1 April, 5 back: Wed 31, Tue 30, Thu 25, Wed 24, Tue 23 */
	assert_int_equal(policy_diary_book_by(p, &cal, D("2027-04-01"), &by, &err), CP_OK);
	assert_int_equal(by, D("2027-03-23"));
	assert_int_equal(policy_diary_book_by(p, &cal, CP_DATE_NONE, &by, &err), CP_OK);
	assert_int_equal(by, CP_DATE_NONE);
	/* 10 working days from Mon 2027-12-20: 21, 22, 23, 24, (25-28 closed),
	 * 29, 30, 31, (1-3 Jan closed), 4, 5, 6 January */
	assert_int_equal(policy_diary_unallocated_until(p, &cal, D("2027-12-20"),
	                                                &by, &err), CP_OK);
	assert_int_equal(by, D("2028-01-06"));
	/* outside the bank-holiday file: an error, never a guess */
	assert_int_equal(policy_diary_book_by(p, &cal, D("2031-06-02"), &by, &err),
	                 CP_BADINPUT);
	policy_free(p);
	/* no margin: the latest lawful date itself */
	p = mem_ok((memfile[]){ { "m/none.yaml", HEAD }, { NULL, NULL } });
	assert_int_equal(policy_diary_book_by(p, &cal, D("2027-05-04"), &by, &err), CP_OK);
	assert_int_equal(by, D("2027-05-04"));
	policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generic_loads),
		cmocka_unit_test(hounslow_merges),
		cmocka_unit_test(swindon_merges),
		cmocka_unit_test(load_mem_with_reader),
		cmocka_unit_test(extends_cycle_and_depth),
		cmocka_unit_test(cross_references),
		cmocka_unit_test(value_checks),
		cmocka_unit_test(cadence_examples),
		cmocka_unit_test(load_errors),
		cmocka_unit_test(consult_errors),
		cmocka_unit_test(read_never_waits),
		cmocka_unit_test(permissions_merge),
		cmocka_unit_test(gives),
		cmocka_unit_test(diary_keys),
		cmocka_unit_test(diary_dates),
		cmocka_unit_test(approvals_keys),
	};
	return cmocka_run_group_tests_name("policy", tests, setup, teardown);
}

/* test_ics.c - the iCalendar export parsed back with libical: a valid
 * VCALENDAR, stable UIDs across exports, SEQUENCE bumped by a move,
 * STATUS:CANCELLED after a cancel, long summaries folded, `,;\` and
 * newlines escaped; deadlines as all-day events; initials by default. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libical/ical.h>

#include "casework.h"
#include "ics.h"

/* the result of a move (a late move may ask for approval instead) */
static cw_request_result mv_r;

static char dir[256];
static casework cw;
static uint64_t m1, m2;

static cp_date D(int y, int m, int d)
{
	cp_date out;
	date_from_ymd(y, m, d, &out);
	return out;
}

#define OK(x) do { cp_error e_; cp_status s_ = (x); \
	if (s_ != CP_OK) fail_msg("%s: %s", #x, e_.msg); } while (0)
#define e e_

static void add_worker(const char *login, const char *name, role_set roles,
                       const char *mgr)
{
	cp_worker w = { (char *)login, (char *)name, roles, "North",
	                (char *)mgr, false, "" };
	OK(casework_worker_add(&cw, &w, &e));
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/cpdesk-ics-XXXXXX");
	assert_non_null(mkdtemp(dir));
	strcat(dir, "/db");
	OK(casework_init(dir, "policies/generic.yaml", "admin", NULL, &e));
	OK(casework_open(&cw, dir, "data/bank-holidays.json", "admin", &e));
	cw.now = 1735689600;
	add_worker("sm1", "Sam Manager", ROLE_BIT(ROLE_SERVICE_MANAGER), NULL);
	add_worker("sg1", "Sian Safeguarding", ROLE_BIT(ROLE_SAFEGUARDING_MANAGER),
	           NULL);
	add_worker("tm1", "Tia Lead", ROLE_BIT(ROLE_TEAM_MANAGER), "sm1");
	add_worker("sw1", "Sol Worker", ROLE_BIT(ROLE_SOCIAL_WORKER), "tm1");
	/* a name that needs escaping in a TEXT value */
	add_worker("chair1", "Chair, Cara; \\the\\ chair",
	           ROLE_BIT(ROLE_CP_CHAIR) | ROLE_BIT(ROLE_IRO), "sm1");
	add_worker("mt1", "Mo Minutes", ROLE_BIT(ROLE_MINUTE_TAKER), NULL);
	add_worker("other", "Other Worker", ROLE_BIT(ROLE_SOCIAL_WORKER), "tm1");
	cp_child c;
	cp_child_init(&c);
	c.id = "C1";
	c.name = "Ava Bartholomew-Featherstonehaugh Cholmondeley-Marjoribanks "
	         "Wolfeschlegelsteinhausenbergerdorff";
	c.social_worker = "sw1";
	OK(casework_child_add(&cw, &c, &e));
	c.id = "C2"; c.name = "Ben Child"; c.social_worker = "sw1";
	OK(casework_child_add(&cw, &c, &e));
	cw_meeting_new mn = { .child_id = "C1", .type = "icpc",
	                      .date = D(2025, 4, 2), .minutes = 600,
	                      .chair = "chair1", .minute_taker = "mt1",
	                      .how = HOW_TEAMS };
	anchor_date a = { .name = "s47-start", .date = D(2025, 3, 20) };
	mn.anchors = &a;
	mn.nanchors = 1;
	OK(casework_meeting_add(&cw, &mn, &m1, NULL, &e));
	cw_meeting_new mn2 = { .child_id = "C2", .type = "icpc",
	                       .date = D(2025, 4, 3), .minutes = -1,
	                       .chair = "chair1", .minute_taker = "mt1",
	                       .how = HOW_PHONE, .anchors = &a, .nanchors = 1 };
	OK(casework_meeting_add(&cw, &mn2, &m2, NULL, &e));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	casework_close(&cw);
	char cmd[600];
	*strrchr(dir, '/') = '\0';
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *export(const char *user, bool deadlines, bool names)
{
	ics_options o = { .user = user, .from = D(2025, 1, 1),
	                  .to = D(2025, 12, 31), .deadlines = deadlines,
	                  .names = names, .now = 1741600000,
	                  .render = ics_render };
	char *text = NULL;
	size_t len = 0;
	OK(ics_export(&cw, &o, &text, &len, NULL, &e));
	assert_int_equal(strlen(text), len);
	return text;
}

/* Parse with libical; check it is a valid VCALENDAR. */
static icalcomponent *parse(const char *text)
{
	icalcomponent *c = icalparser_parse_string(text);
	assert_non_null(c);
	assert_int_equal(icalcomponent_isa(c), ICAL_VCALENDAR_COMPONENT);
	assert_int_equal(icalcomponent_count_errors(c), 0);
	assert_true(icalrestriction_check(c));
	assert_int_equal(icalcomponent_count_errors(c), 0);
	return c;
}

static icalcomponent *event_with_uid_prefix(icalcomponent *cal,
                                            const char *prefix)
{
	for (icalcomponent *ev = icalcomponent_get_first_component(cal,
	         ICAL_VEVENT_COMPONENT); ev;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		if (!strncmp(icalcomponent_get_uid(ev), prefix, strlen(prefix)))
			return ev;
	return NULL;
}

static void test_valid_and_stable(void **state)
{
	(void)state;
	char *a = export("sw1", false, false), *b = export("sw1", false, false);
	icalcomponent *ca = parse(a), *cb = parse(b);
	assert_string_equal(icalproperty_get_prodid(
	    icalcomponent_get_first_property(ca, ICAL_PRODID_PROPERTY)),
	    "-//cpdesk//cpdesk " CPDESK_VERSION "//EN");
	assert_int_equal(icalproperty_get_method(
	    icalcomponent_get_first_property(ca, ICAL_METHOD_PROPERTY)),
	    ICAL_METHOD_PUBLISH);
	assert_int_equal(icalcomponent_count_components(ca,
	                 ICAL_VEVENT_COMPONENT), 2);
	assert_int_equal(icalcomponent_count_components(ca,
	                 ICAL_VTIMEZONE_COMPONENT), 1);
	icalcomponent *ea = event_with_uid_prefix(ca, "meeting-1."),
	              *eb = event_with_uid_prefix(cb, "meeting-1.");
	assert_non_null(ea);
	assert_non_null(eb);
	assert_string_equal(icalcomponent_get_uid(ea), icalcomponent_get_uid(eb));
	/* the timed meeting: local time in Europe/London */
	icalproperty *ds = icalcomponent_get_first_property(ea,
	                                                    ICAL_DTSTART_PROPERTY);
	icalparameter *tz = icalproperty_get_first_parameter(ds,
	                                                     ICAL_TZID_PARAMETER);
	assert_non_null(tz);
	assert_string_equal(icalparameter_get_tzid(tz), "Europe/London");
	struct icaltimetype st = icalproperty_get_dtstart(ds);
	assert_int_equal(st.hour, 10);
	assert_false(st.is_date);
	/* no time known: an all-day event */
	icalcomponent *e2 = event_with_uid_prefix(ca, "meeting-2.");
	assert_true(icalcomponent_get_dtstart(e2).is_date);
	/* privacy: initials by default, never the full name */
	const char *sum = icalcomponent_get_summary(ea);
	assert_non_null(strstr(sum, "C1 A.B.F.C.M.W."));
	assert_null(strstr(a, "Wolfeschlegel"));
	assert_int_equal(icalcomponent_get_status(ea), ICAL_STATUS_CONFIRMED);
	assert_int_equal(icalcomponent_get_sequence(ea), 0);
	icalcomponent_free(ca);
	icalcomponent_free(cb);
	free(a);
	free(b);
	/* someone with no meetings gets an empty, still valid calendar */
	char *o = export("other", false, false);
	icalcomponent *co = parse(o);
	assert_int_equal(icalcomponent_count_components(co,
	                 ICAL_VEVENT_COMPONENT), 0);
	assert_int_equal(icalcomponent_count_components(co,
	                 ICAL_VTIMEZONE_COMPONENT), 0);
	icalcomponent_free(co);
	free(o);
}

static void test_folding_and_escaping(void **state)
{
	(void)state;
	char *a = export("chair1", false, true);
	/* every physical line at most 75 octets plus CRLF; CRLF throughout */
	for (const char *p = a; *p;) {
		const char *nl = strstr(p, "\r\n");
		assert_non_null(nl);
		assert_true(nl - p <= 75);
		assert_null(memchr(p, '\n', (size_t)(nl - p)));
		p = nl + 2;
	}
	assert_non_null(strstr(a, "\r\n "));              /* folded */
	assert_non_null(strstr(a, "Chair\\, Cara\\; \\\\the\\\\ chair"));
	assert_non_null(strstr(a, "\\nMinute taker"));    /* newline escaped */
	icalcomponent *c = parse(a);
	icalcomponent *ev = event_with_uid_prefix(c, "meeting-1.");
	const char *sum = icalcomponent_get_summary(ev);
	assert_true(strlen(sum) > 75);                     /* unfolded again */
	assert_non_null(strstr(sum, "Wolfeschlegelsteinhausenbergerdorff (C1)"));
	const char *desc = icalcomponent_get_description(ev);
	assert_non_null(strstr(desc, "Chair: Chair, Cara; \\the\\ chair (chair1)\n"
	                             "Minute taker: Mo Minutes (mt1)"));
	icalcomponent_free(c);
	free(a);
}

static void test_move_and_cancel(void **state)
{
	(void)state;
	char warn[CW_WARN_MAX];
	OK(casework_meeting_move(&cw, m1, D(2025, 4, 4), -2, false, "chair ill", &mv_r, warn,
	                         &e));
	char *a = export("sw1", false, false);
	icalcomponent *c = parse(a);
	icalcomponent *ev = event_with_uid_prefix(c, "meeting-1.");
	assert_int_equal(icalcomponent_get_sequence(ev), 1);
	assert_int_equal(icalcomponent_get_dtstart(ev).day, 4);
	icalcomponent_free(c);
	free(a);

	const char *approvers[] = { "sg1" };   /* generic.yaml's (001) */
	cp_error err;
	cp_status st = casework_meeting_cancel_agreed(&cw, m1, "family moved away",
	                                       approvers, 1, &err);
	if (st != CP_OK)   /* generic.yaml may want other approvers */
		fail_msg("cancel: %s", err.msg);
	a = export("sw1", false, false);
	c = parse(a);
	ev = event_with_uid_prefix(c, "meeting-1.");
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_sequence(ev), 2);
	assert_non_null(strstr(icalcomponent_get_summary(ev), "Cancelled"));
	icalcomponent_free(c);
	free(a);
}

static void test_deadlines(void **state)
{
	(void)state;
	char *a = export("sw1", true, false);
	icalcomponent *c = parse(a);
	icalcomponent *ev = event_with_uid_prefix(c, "task-");
	assert_non_null(ev);
	assert_true(icalcomponent_get_dtstart(ev).is_date);
	assert_true(icalcomponent_get_dtend(ev).is_date);
	assert_non_null(strstr(icalcomponent_get_summary(ev), "Due: "));
	char uid[200];
	snprintf(uid, sizeof uid, "%s", icalcomponent_get_uid(ev));
	icalcomponent_free(c);
	free(a);
	a = export("sw1", true, false);
	assert_non_null(strstr(a, uid));
	free(a);
}

static void test_initials(void **state)
{
	(void)state;
	char b[32];
	ics_initials("Ava Brown", b, sizeof b);
	assert_string_equal(b, "A.B.");
	ics_initials("  \"Émile\" d'Arc-Zola", b, sizeof b);
	assert_string_equal(b, "É.d.Z.");
	ics_initials("", b, sizeof b);
	assert_string_equal(b, "");
	ics_initials("Ava Brown", b, 4);
	assert_string_equal(b, "A.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_valid_and_stable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_folding_and_escaping, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_move_and_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deadlines, setup, teardown),
		cmocka_unit_test(test_initials),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

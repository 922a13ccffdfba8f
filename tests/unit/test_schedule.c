/* test_schedule.c - every shipped policy's timelines for the ICPC, the
 * RCPC and the CLA review across Christmas and Easter, with every due
 * date asserted, and escalation dates.
 *
 * Each expected date is worked out by hand from data/bank-holidays.json
 * (England and Wales) and the policy's rules; the count is in the
 * comment above it.  Closed days used below:
 *   2026: Fri 25 Dec Christmas, Mon 28 Dec Boxing Day (substitute)
 *   2027: Fri 1 Jan, Good Friday 26 Mar, Easter Monday 29 Mar,
 *         Mon 31 May, Mon 27 + Tue 28 Dec (Christmas and Boxing Day
 *         substitutes: 25-26 Dec are a weekend)
 *   2028: Mon 3 Jan (New Year substitute), Good Friday 14 Apr, Easter
 *         Monday 17 Apr, Mon 1 May
 * Rows are "DUE STEP-ID", sorted by due date then policy order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "policy.h"
#include "schedule.h"

static holiday_file *hf;
static policy *generic, *hounslow, *swindon;
static calendar cal;

static policy *load(const char *path)
{
	policy *p = NULL;
	cp_error err = { "" };
	if (policy_load(path, &p, &err) != CP_OK)
		fprintf(stderr, "%s\n", err.msg);
	return p;
}

static int setup(void **state)
{
	(void)state;
	cp_error err = { "" };
	if (holidays_load("data/bank-holidays.json", &hf, &err) != CP_OK ||
	    calendar_init(&cal, hf, "england-and-wales", NULL, 0, &err) != CP_OK) {
		fprintf(stderr, "%s (run from the source tree)\n", err.msg);
		return -1;
	}
	generic = load("policies/generic.yaml");
	hounslow = load("policies/hounslow.yaml");
	swindon = load("policies/swindon.yaml");
	return generic && hounslow && swindon ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	policy_free(generic);
	policy_free(hounslow);
	policy_free(swindon);
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

/* The timeline as "DUE ID\n" rows. */
static void timeline_text(const policy *p, const char *type, const char *date,
                          int minutes, const char *anchor, const char *adate,
                          char *buf, size_t size)
{
	anchor_date a[1];
	size_t na = 0;
	if (anchor) {
		snprintf(a[0].name, sizeof a[0].name, "%s", anchor);
		a[0].date = D(adate);
		na = 1;
	}
	timeline_entry *t = NULL;
	size_t n = 0;
	cp_error err = { "" };
	if (schedule_timeline(p, &cal, type, D(date), minutes, a, na, &t, &n,
	                      &err) != CP_OK)
		fail_msg("%s %s %s: %s", p->id, type, date, err.msg);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char due[CP_DATE_STRLEN];
		date_format(t[i].due, due);
		size_t used = strlen(buf);
		snprintf(buf + used, size - used, "%s %s\n", due, t[i].step->id);
		/* step_index points back at the step. */
		assert_ptr_equal(t[i].step,
		                 &policy_meeting_find(p, type)->steps[t[i].step_index]);
	}
	assert_int_equal(n, policy_meeting_find(p, type)->nsteps);
	free(t);
}

static void expect(const policy *p, const char *type, const char *date,
                   int minutes, const char *anchor, const char *adate,
                   const char *want)
{
	char got[4096];
	timeline_text(p, type, date, minutes, anchor, adate, got, sizeof got);
	if (strcmp(got, want))
		fail_msg("%s %s on %s:\n--- got\n%s--- want\n%s", p->id, type, date,
		         got, want);
}

/* ---- generic ------------------------------------------------------------ */

/* Generic ICPC and RCPC share one procedure (000, 001):
 * -10, -10, -7, -5, -5, -3 working days, on the day, +5 working days. */

static void generic_icpc_christmas(void **state)
{
	(void)state;
	/* Wed 6 Jan 2027.  Back: 5, 4 Jan (2); 3-2 weekend, 1 Jan New Year;
	 * 31, 30, 29 Dec (5); 28 Boxing Day substitute, 27-26 weekend, 25
	 * Christmas; 24 (6), 23 (7), 22, 21 (9); 20-19 weekend; Fri 18 (10).
	 * Forward: 7, 8 (2), 11, 12, Wed 13 Jan (5). */
	expect(generic, "icpc", "2027-01-06", -1, NULL, NULL,
	       "2026-12-18 invite-list\n"
	       "2026-12-18 notify-family-professionals\n"
	       "2026-12-23 family-report-sharing\n"
	       "2026-12-29 cfa-with-family\n"
	       "2026-12-29 agency-reports\n"
	       "2026-12-31 pre-conference-discussion\n"
	       "2027-01-06 decisions-and-register\n"
	       "2027-01-13 plan-to-all\n");
}

static void generic_icpc_easter(void **state)
{
	(void)state;
	/* Wed 31 Mar 2027.  Back: 30 (1); 29 Easter Monday, 28-27 weekend,
	 * 26 Good Friday; 25 (2), 24 (3), 23 (4), 22 (5), 19 (6), 18 (7),
	 * 17, 16, Mon 15 Mar (10).  Forward: 1, 2 Apr (2), 5, 6, Wed 7 (5). */
	expect(generic, "icpc", "2027-03-31", -1, NULL, NULL,
	       "2027-03-15 invite-list\n"
	       "2027-03-15 notify-family-professionals\n"
	       "2027-03-18 family-report-sharing\n"
	       "2027-03-22 cfa-with-family\n"
	       "2027-03-22 agency-reports\n"
	       "2027-03-24 pre-conference-discussion\n"
	       "2027-03-31 decisions-and-register\n"
	       "2027-04-07 plan-to-all\n");
}

static void generic_rcpc_christmas(void **state)
{
	(void)state;
	/* Fri 31 Dec 2027.  Back: 30 (1), 29 (2); 28, 27 substitutes, 26-25
	 * weekend; 24 (3), 23 (4), 22 (5), 21 (6), 20 (7), 17 (8), 16,
	 * Wed 15 Dec (10).  Forward: 1-2 Jan weekend, 3 Jan New Year
	 * substitute; 4, 5, 6, 7 (4), Mon 10 Jan 2028 (5). */
	expect(generic, "rcpc", "2027-12-31", -1, NULL, NULL,
	       "2027-12-15 invite-list\n"
	       "2027-12-15 notify-family-professionals\n"
	       "2027-12-20 family-report-sharing\n"
	       "2027-12-22 cfa-with-family\n"
	       "2027-12-22 agency-reports\n"
	       "2027-12-24 pre-conference-discussion\n"
	       "2027-12-31 decisions-and-register\n"
	       "2028-01-10 plan-to-all\n");
}

static void generic_rcpc_easter(void **state)
{
	(void)state;
	/* Wed 19 Apr 2028.  Back: 18 (1); 17 Easter Monday, 16-15 weekend,
	 * 14 Good Friday; 13 (2), 12 (3), 11 (4), 10 (5), 7 (6), 6 (7), 5,
	 * 4, Mon 3 Apr (10).  Forward: 20, 21 (2), 24, 25, Wed 26 (5). */
	expect(generic, "rcpc", "2028-04-19", -1, NULL, NULL,
	       "2028-04-03 invite-list\n"
	       "2028-04-03 notify-family-professionals\n"
	       "2028-04-06 family-report-sharing\n"
	       "2028-04-10 cfa-with-family\n"
	       "2028-04-10 agency-reports\n"
	       "2028-04-12 pre-conference-discussion\n"
	       "2028-04-19 decisions-and-register\n"
	       "2028-04-26 plan-to-all\n");
}

/* Generic CLA review: -5 working days, -1 working day, on the day, +5. */

static void generic_cla_christmas(void **state)
{
	(void)state;
	/* Wed 5 Jan 2028.  Back: 4 (1); 3 New Year substitute, 2-1 weekend;
	 * 31 Dec (2), 30 (3), 29 (4); 28, 27 substitutes, 26-25 weekend;
	 * Fri 24 Dec (5).  Forward: 6, 7 (2), 10, 11, Wed 12 Jan (5). */
	expect(generic, "cla-review", "2028-01-05", -1, NULL, NULL,
	       "2027-12-24 review-report-invites\n"
	       "2028-01-04 gather-views\n"
	       "2028-01-05 minutes-on-mosaic\n"
	       "2028-01-06 update-absent-parents\n"
	       "2028-01-12 plan-to-all\n");
	/* Wed 6 Jan 2027: -5 is Tue 29 Dec 2026 (as the ICPC above); -1 is
	 * Tue 5 Jan; +5 is Wed 13 Jan. */
	expect(generic, "cla-review", "2027-01-06", -1, NULL, NULL,
	       "2026-12-29 review-report-invites\n"
	       "2027-01-05 gather-views\n"
	       "2027-01-06 minutes-on-mosaic\n"
	       "2027-01-07 update-absent-parents\n"
	       "2027-01-13 plan-to-all\n");
}

static void generic_cla_easter(void **state)
{
	(void)state;
	/* Wed 19 Apr 2028: -5 Mon 10 Apr (as the RCPC above); -1 Tue 18;
	 * +5 Wed 26 Apr. */
	expect(generic, "cla-review", "2028-04-19", -1, NULL, NULL,
	       "2028-04-10 review-report-invites\n"
	       "2028-04-18 gather-views\n"
	       "2028-04-19 minutes-on-mosaic\n"
	       "2028-04-20 update-absent-parents\n"
	       "2028-04-26 plan-to-all\n");
	/* Tue 30 Mar 2027 (Easter Tuesday): -1 is Thu 25 Mar (29 Easter
	 * Monday, weekend, 26 Good Friday); -5: 25 (1), 24, 23, 22 (4),
	 * Fri 19 Mar (5); +5: 31 Mar, 1, 2 Apr (3), 5, Tue 6 Apr (5). */
	expect(generic, "cla-review", "2027-03-30", -1, NULL, NULL,
	       "2027-03-19 review-report-invites\n"
	       "2027-03-25 gather-views\n"
	       "2027-03-30 minutes-on-mosaic\n"
	       "2027-03-31 update-absent-parents\n"
	       "2027-04-06 plan-to-all\n");
}

/* ---- Hounslow ----------------------------------------------------------- */

/* ICPC: invite-letters -5 WD, share-reports-with-family -3 WD,
 * sw-chair-discussion / parent-call / reports-in -1 WD,
 * reports-to-professionals on the day, decision-on-lcs 24 working hours
 * after (issue 18: the next working day, at the same time), plan-to-parents
 * +1 WD, minutes-out +20 WD. */

static void hounslow_icpc_christmas(void **state)
{
	(void)state;
	/* Wed 6 Jan 2027 (counts as in generic_icpc_christmas): -5 Tue 29
	 * Dec, -3 Thu 31 Dec, -1 Tue 5 Jan.  24 working hours, no time: from
	 * 00:00 Wed 6 to 00:00 Thu 7 Jan.  +1: Thu 7.  +20: 7, 8
	 * (2), 11-15 (7), 18-22 (12), 25-29 (17), 1, 2, Wed 3 Feb (20). */
	static const char want[] =
	       "2026-12-29 invite-letters\n"
	       "2026-12-31 share-reports-with-family\n"
	       "2027-01-05 sw-chair-discussion\n"
	       "2027-01-05 parent-call\n"
	       "2027-01-05 reports-in\n"
	       "2027-01-06 reports-to-professionals\n"
	       "2027-01-07 decision-on-lcs\n"
	       "2027-01-07 plan-to-parents\n"
	       "2027-02-03 minutes-out\n";
	expect(hounslow, "icpc", "2027-01-06", -1, NULL, NULL, want);
	/* A 10:00 start: 24 working hours is Thu 7 Jan 10:00: the same day. */
	expect(hounslow, "icpc", "2027-01-06", 600, NULL, NULL, want);
}

static void hounslow_icpc_easter(void **state)
{
	(void)state;
	/* Thu 25 Mar 2027, the day before Good Friday.  Back: 24 (1), 23,
	 * 22 (3), 19, 18 (5).  24 working hours from 14:00: 10 of Thursday,
	 * none of Good Friday to Easter Monday, 14 of Tue 30 Mar (24 clock
	 * hours fell on Good Friday, moved back to the conference day).  +1
	 * WD: 26 Good Friday, 27-28 weekend, 29 Easter Monday -> Tue 30 Mar.
	 * +20: 30, 31, 1, 2 Apr (4), 5-9 (9), 12-16 (14), 19-23 (19), Mon
	 * 26 Apr (20). */
	expect(hounslow, "icpc", "2027-03-25", 14 * 60, NULL, NULL,
	       "2027-03-18 invite-letters\n"
	       "2027-03-22 share-reports-with-family\n"
	       "2027-03-24 sw-chair-discussion\n"
	       "2027-03-24 parent-call\n"
	       "2027-03-24 reports-in\n"
	       "2027-03-25 reports-to-professionals\n"
	       "2027-03-30 decision-on-lcs\n"
	       "2027-03-30 plan-to-parents\n"
	       "2027-04-26 minutes-out\n");
	/* Wed 31 Mar 2027: -5 Mon 22 Mar, -3 Wed 24, -1 Tue 30 (29-26
	 * closed); 24 working hours: Thu 1 Apr; +1: Thu 1 Apr; +20: 1, 2 (2), 5-9
	 * (7), 12-16 (12), 19-23 (17), 26, 27, Wed 28 Apr (20). */
	expect(hounslow, "icpc", "2027-03-31", -1, NULL, NULL,
	       "2027-03-22 invite-letters\n"
	       "2027-03-24 share-reports-with-family\n"
	       "2027-03-30 sw-chair-discussion\n"
	       "2027-03-30 parent-call\n"
	       "2027-03-30 reports-in\n"
	       "2027-03-31 reports-to-professionals\n"
	       "2027-04-01 decision-on-lcs\n"
	       "2027-04-01 plan-to-parents\n"
	       "2027-04-28 minutes-out\n");
}

/* Issue 18: "within 24hrs" after a Friday conference is Monday, at the
 * same time; with a bank holiday Monday, the Tuesday; with no time known,
 * the same (from the start of the Friday). */
static void hounslow_icpc_friday(void **state)
{
	(void)state;
	/* Fri 14 May 2027 10:00: -5 Fri 7, -3 Tue 11, -1 Thu 13.  24 working
	 * hours: 14 of Friday, 10 of Mon 17.  +1: Mon 17.  +20: 17-21 (5),
	 * 24-28 (10), 31 May bank holiday, 1-4 Jun (14), 7-11 (19), Mon 14
	 * Jun (20). */
	static const char want[] =
	       "2027-05-07 invite-letters\n"
	       "2027-05-11 share-reports-with-family\n"
	       "2027-05-13 sw-chair-discussion\n"
	       "2027-05-13 parent-call\n"
	       "2027-05-13 reports-in\n"
	       "2027-05-14 reports-to-professionals\n"
	       "2027-05-17 decision-on-lcs\n"
	       "2027-05-17 plan-to-parents\n"
	       "2027-06-14 minutes-out\n";
	expect(hounslow, "icpc", "2027-05-14", 600, NULL, NULL, want);
	expect(hounslow, "icpc", "2027-05-14", -1, NULL, NULL, want);
	expect(hounslow, "icpc", "2027-05-14", 23 * 60 + 59, NULL, NULL, want);
	/* Fri 28 May 2027, Mon 31 May a bank holiday: -5 Fri 21, -3 Tue 25,
	 * -1 Thu 27.  24 working hours (10:00 or no time): Tue 1 Jun.  +1:
	 * Tue 1 Jun.  +20: 1-4 (4), 7-11 (9), 14-18 (14), 21-25 (19), Mon 28
	 * Jun (20). */
	static const char bank[] =
	       "2027-05-21 invite-letters\n"
	       "2027-05-25 share-reports-with-family\n"
	       "2027-05-27 sw-chair-discussion\n"
	       "2027-05-27 parent-call\n"
	       "2027-05-27 reports-in\n"
	       "2027-05-28 reports-to-professionals\n"
	       "2027-06-01 decision-on-lcs\n"
	       "2027-06-01 plan-to-parents\n"
	       "2027-06-28 minutes-out\n";
	expect(hounslow, "icpc", "2027-05-28", 600, NULL, NULL, bank);
	expect(hounslow, "icpc", "2027-05-28", -1, NULL, NULL, bank);
}

/* RCPC: pre-conference-core-group -10 WD, share-reports-with-family -5 WD,
 * sw-chair-discussion / reports-in / next-date-check -1 WD,
 * reports-to-professionals on the day, chair-info-to-minute-taker and
 * decision-on-lcs 24 working hours after, plan-to-parents +1 WD, minutes-out
 * +20 WD. */

static void hounslow_rcpc_christmas(void **state)
{
	(void)state;
	/* Fri 31 Dec 2027 (counts as generic_rcpc_christmas): -10 Wed 15,
	 * -5 Wed 22, -1 Thu 30 Dec.  24 working hours, no time: all of Fri
	 * 31 Dec, then 1-2 weekend, 3 Jan substitute -> Tue 4 Jan 00:00 (24
	 * clock hours fell on Sat 1 Jan, moved back to the conference day).
	 * +1: Tue 4.
	 * +20: 4-7 (4), 10-14 (9), 17-21 (14), 24-28 (19), Mon 31 Jan (20). */
	/* The one-to-one written review's four chair's steps (002), in the
	 * timeline though made only for a review held that way: on the day,
	 * +1 (Tue 4) and +3 (Thu 6) working days. */
	expect(hounslow, "rcpc", "2027-12-31", -1, NULL, NULL,
	       "2027-12-15 pre-conference-core-group\n"
	       "2027-12-22 share-reports-with-family\n"
	       "2027-12-30 sw-chair-discussion\n"
	       "2027-12-30 reports-in\n"
	       "2027-12-30 next-date-check\n"
	       "2027-12-31 written-reports-reviewed\n"
	       "2027-12-31 one-to-one-discussion\n"
	       "2027-12-31 reports-to-professionals\n"
	       "2028-01-04 case-summary-sent\n"
	       "2028-01-04 chair-info-to-minute-taker\n"
	       "2028-01-04 decision-on-lcs\n"
	       "2028-01-04 plan-to-parents\n"
	       "2028-01-06 final-decision\n"
	       "2028-01-31 minutes-out\n");
}

static void hounslow_rcpc_easter(void **state)
{
	(void)state;
	/* Wed 19 Apr 2028 (counts as generic_rcpc_easter): -10 Mon 3 Apr,
	 * -5 Mon 10 Apr, -1 Tue 18.  24 working hours: Thu 20.  +1: Thu 20.  +20:
	 * 20, 21 (2), 24-28 (7), 1 May Early May bank holiday, 2-5 (11),
	 * 8-12 (16), 15, 16, 17, Thu 18 May (20). */
	expect(hounslow, "rcpc", "2028-04-19", -1, NULL, NULL,
	       "2028-04-03 pre-conference-core-group\n"
	       "2028-04-10 share-reports-with-family\n"
	       "2028-04-18 sw-chair-discussion\n"
	       "2028-04-18 reports-in\n"
	       "2028-04-18 next-date-check\n"
	       "2028-04-19 written-reports-reviewed\n"
	       "2028-04-19 one-to-one-discussion\n"
	       "2028-04-19 reports-to-professionals\n"
	       "2028-04-20 case-summary-sent\n"
	       "2028-04-20 chair-info-to-minute-taker\n"
	       "2028-04-20 decision-on-lcs\n"
	       "2028-04-20 plan-to-parents\n"
	       "2028-04-24 final-decision\n"
	       "2028-05-18 minutes-out\n");
}

static void hounslow_cla(void **state)
{
	(void)state;
	/* Hounslow keeps generic's CLA review: the same dates. */
	expect(hounslow, "cla-review", "2028-01-05", -1, NULL, NULL,
	       "2027-12-24 review-report-invites\n"
	       "2028-01-04 gather-views\n"
	       "2028-01-05 minutes-on-mosaic\n"
	       "2028-01-06 update-absent-parents\n"
	       "2028-01-12 plan-to-all\n");
	expect(hounslow, "cla-review", "2028-04-19", -1, NULL, NULL,
	       "2028-04-10 review-report-invites\n"
	       "2028-04-18 gather-views\n"
	       "2028-04-19 minutes-on-mosaic\n"
	       "2028-04-20 update-absent-parents\n"
	       "2028-04-26 plan-to-all\n");
}

/* ---- Swindon ------------------------------------------------------------ */

/* ICPC: invite-list and invite-list-check 4 WD after s47-start,
 * partner-notice -6 WD, chair-sw-conversation -3 WD, reports-available
 * 2 calendar days before (earlier off a closed day). */

static void swindon_icpc_christmas(void **state)
{
	(void)state;
	/* Wed 6 Jan 2027, s47 started Tue 22 Dec 2026.  4 WD after: 23, 24
	 * (2); 25 Christmas, 26-27 weekend, 28 Boxing Day substitute; 29,
	 * Wed 30 Dec (4).  -6 WD from 6 Jan: 5, 4, 31, 30, 29 (5), 24 Dec
	 * (6).  -3: Thu 31 Dec.  2 days before Wed 6 Jan: Mon 4 Jan, open. */
	expect(swindon, "icpc", "2027-01-06", -1, "s47-start", "2026-12-22",
	       "2026-12-24 partner-notice\n"
	       "2026-12-30 invite-list\n"
	       "2026-12-30 invite-list-check\n"
	       "2026-12-31 chair-sw-conversation\n"
	       "2027-01-04 reports-available\n"
	       "2027-01-06 decisions-and-register\n"
	       "2027-01-06 next-rcpc-date\n"
	       "2027-01-13 plan-to-all\n");
}

static void swindon_icpc_easter(void **state)
{
	(void)state;
	/* Wed 31 Mar 2027, s47 started Mon 22 Mar.  4 WD after: 23, 24, 25
	 * (3); 26 Good Friday, 27-28, 29 Easter Monday; Tue 30 (4).  -6 WD:
	 * 30 (1), 25, 24, 23, 22 (5), Fri 19 Mar (6).  -3: Wed 24.  2 days
	 * before: Mon 29 Mar, Easter Monday -> earlier: 28-27 weekend, 26
	 * Good Friday -> Thu 25 Mar. */
	expect(swindon, "icpc", "2027-03-31", -1, "s47-start", "2027-03-22",
	       "2027-03-19 partner-notice\n"
	       "2027-03-24 chair-sw-conversation\n"
	       "2027-03-25 reports-available\n"
	       "2027-03-30 invite-list\n"
	       "2027-03-30 invite-list-check\n"
	       "2027-03-31 decisions-and-register\n"
	       "2027-03-31 next-rcpc-date\n"
	       "2027-04-07 plan-to-all\n");
}

static void swindon_icpc_needs_s47(void **state)
{
	(void)state;
	timeline_entry *t = (timeline_entry *)1;
	size_t n = 5;
	cp_error err = { "" };
	assert_int_equal(schedule_timeline(swindon, &cal, "icpc", D("2027-03-31"),
	                                   -1, NULL, 0, &t, &n, &err),
	                 CP_BADINPUT);
	assert_null(t);
	assert_int_equal(n, 0);
	assert_string_equal(err.msg,
	    "the icpc step 'invite-list' counts from s47-start, which this meeting does not have: give --anchor s47-start=YYYY-MM-DD");
	/* An anchor of another name does not help. */
	anchor_date a = { "care-start", D("2027-03-01") };
	assert_int_equal(schedule_timeline(swindon, &cal, "icpc", D("2027-03-31"),
	                                   -1, &a, 1, &t, &n, &err),
	                 CP_BADINPUT);
	/* Unknown meeting type. */
	assert_int_equal(schedule_timeline(swindon, &cal, "icpcc", D("2027-03-31"),
	                                   -1, NULL, 0, &t, &n, &err),
	                 CP_BADINPUT);
	assert_string_equal(err.msg, "policy 'swindon' has no meeting type 'icpcc'");
	/* Outside the bank-holiday years. */
	assert_int_equal(schedule_timeline(generic, &cal, "icpc", D("2031-01-15"),
	                                   -1, NULL, 0, &t, &n, &err),
	                 CP_BADINPUT);
	assert_non_null(strstr(err.msg, "outside the bank holidays known for england-and-wales"));
}

/* RCPC: invite-list 13 days before, chair-sw-conversation -3 WD,
 * reports-available 5 days before (calendar days move earlier off a
 * closed day); the next RCPC's date set on the day (the conference that
 * sets it owns it, issue 18), generic's decisions on the day and plan to
 * all 5 WD after. */

static void swindon_rcpc_christmas(void **state)
{
	(void)state;
	/* Fri 31 Dec 2027.  13 days before: Sat 18 Dec -> Fri 17.  -3 WD:
	 * 30, 29, (28, 27 substitutes, weekend) Fri 24 Dec.  5 days before:
	 * Sun 26 Dec -> 25 Saturday -> Fri 24 Dec.  +5 WD: (3 Jan
	 * substitute) 4, 5, 6, 7, Mon 10 Jan. */
	expect(swindon, "rcpc", "2027-12-31", -1, NULL, NULL,
	       "2027-12-17 invite-list\n"
	       "2027-12-24 chair-sw-conversation\n"
	       "2027-12-24 reports-available\n"
	       "2027-12-31 decisions-and-register\n"
	       "2027-12-31 next-rcpc-date\n"
	       "2028-01-10 plan-to-all\n");
}

static void swindon_rcpc_easter(void **state)
{
	(void)state;
	/* Wed 19 Apr 2028.  13 days before: Thu 6 Apr.  -3 WD: 18 (1), (17-14 closed) 13, Wed 12 Apr
	 * (3).  5 days before: Fri 14 Apr, Good Friday -> Thu 13 Apr. */
	expect(swindon, "rcpc", "2028-04-19", -1, NULL, NULL,
	       "2028-04-06 invite-list\n"
	       "2028-04-12 chair-sw-conversation\n"
	       "2028-04-13 reports-available\n"
	       "2028-04-19 decisions-and-register\n"
	       "2028-04-19 next-rcpc-date\n"
	       "2028-04-26 plan-to-all\n");
}

/* CLA review: invite-list 16 days before, invites-out 15 days before,
 * review-report -5 WD, iro-sw-conversation -3 WD. */

static void swindon_cla_christmas(void **state)
{
	(void)state;
	/* Wed 12 Jan 2028.  16 days before: Mon 27 Dec 2027, the Christmas
	 * substitute -> 26-25 weekend -> Fri 24 Dec.  15 days before: Tue 28
	 * Dec, Boxing Day substitute -> Fri 24 Dec.  -3 WD: 11, 10, Fri 7
	 * Jan. */
	expect(swindon, "cla-review", "2028-01-12", -1, NULL, NULL,
	       "2027-12-24 invite-list\n"
	       "2027-12-24 invites-out\n"
	       "2028-01-05 review-report\n"
	       "2028-01-07 iro-sw-conversation\n"
	       "2028-01-12 minutes-on-mosaic\n"
	       "2028-01-13 update-absent-parents\n"
	       "2028-01-19 plan-to-all\n");
	/* Wed 5 Jan 2028: 16 days before Mon 20 Dec, 15 Tue 21 Dec (open);
	 * -3 WD: 4 (1), (3 Jan, weekend) 31 (2), Thu 30 Dec (3). */
	expect(swindon, "cla-review", "2028-01-05", -1, NULL, NULL,
	       "2027-12-20 invite-list\n"
	       "2027-12-21 invites-out\n"
	       "2027-12-24 review-report\n"
	       "2027-12-30 iro-sw-conversation\n"
	       "2028-01-05 minutes-on-mosaic\n"
	       "2028-01-06 update-absent-parents\n"
	       "2028-01-12 plan-to-all\n");
}

static void swindon_cla_easter(void **state)
{
	(void)state;
	/* Wed 3 May 2028.  16 days before: Mon 17 Apr, Easter Monday ->
	 * 16-15 weekend, 14 Good Friday -> Thu 13 Apr.  15 days before: Tue
	 * 18 Apr, open.  -3 WD: 2 (1), 1 May bank holiday, 30-29 weekend,
	 * 28 (2), Thu 27 Apr (3). */
	expect(swindon, "cla-review", "2028-05-03", -1, NULL, NULL,
	       "2028-04-13 invite-list\n"
	       "2028-04-18 invites-out\n"
	       "2028-04-25 review-report\n"
	       "2028-04-27 iro-sw-conversation\n"
	       "2028-05-03 minutes-on-mosaic\n"
	       "2028-05-04 update-absent-parents\n"
	       "2028-05-10 plan-to-all\n");
	/* Wed 19 Apr 2028: 16 days before Mon 3 Apr, 15 Tue 4 Apr (open);
	 * -3 WD: Wed 12 Apr (as the RCPC). */
	expect(swindon, "cla-review", "2028-04-19", -1, NULL, NULL,
	       "2028-04-03 invite-list\n"
	       "2028-04-04 invites-out\n"
	       "2028-04-10 review-report\n"
	       "2028-04-12 iro-sw-conversation\n"
	       "2028-04-19 minutes-on-mosaic\n"
	       "2028-04-20 update-absent-parents\n"
	       "2028-04-26 plan-to-all\n");
}

static void swindon_transfer(void **state)
{
	(void)state;
	/* The first Monday after; a bank holiday Monday moves later. */
	/* Fri 28 May 2027: Mon 31 May is the Spring bank holiday -> Tue 1 Jun. */
	expect(swindon, "transfer", "2027-05-28", -1, NULL, NULL,
	       "2027-06-01 notify-sqa\n");
	/* Wed 22 Dec 2027: Mon 27, Tue 28 substitutes -> Wed 29 Dec. */
	expect(swindon, "transfer", "2027-12-22", -1, NULL, NULL,
	       "2027-12-29 notify-sqa\n");
	/* Mon 10 May 2027: strictly after -> Mon 17 May. */
	expect(swindon, "transfer", "2027-05-10", -1, NULL, NULL,
	       "2027-05-17 notify-sqa\n");
}

/* ---- escalation dates --------------------------------------------------- */

static void escalation(void **state)
{
	(void)state;
	cp_date out = 0;
	cp_error err = { "" };
	char buf[CP_DATE_STRLEN];
	const policy_meeting *m = policy_meeting_find(swindon, "icpc");
	const policy_step *s = policy_step_find(m, "invite-list"); /* 1 WD after */
	assert_string_equal(s->id, "invite-list");
	/* Due Thu 24 Dec 2026: the first late working day is Tue 29 Dec
	 * (25 Christmas, weekend, 28 Boxing Day substitute). */
	assert_int_equal(schedule_escalation_date(s, &cal, D("2026-12-24"), &out, &err), CP_OK);
	date_format(out, buf);
	assert_string_equal(buf, "2026-12-29");
	/* Hounslow's 24-hour step escalates the working day after. Due
	 * Fri 31 Dec 2027 -> Tue 4 Jan 2028. */
	m = policy_meeting_find(hounslow, "rcpc");
	for (size_t i = 0; i < m->nsteps; i++)
		if (!strcmp(m->steps[i].id, "decision-on-lcs"))
			s = &m->steps[i];
	assert_string_equal(s->id, "decision-on-lcs");
	assert_int_equal(schedule_escalation_date(s, &cal, D("2027-12-31"), &out, &err), CP_OK);
	date_format(out, buf);
	assert_string_equal(buf, "2028-01-04");
	/* A step that does not escalate. */
	s = &policy_meeting_find(generic, "icpc")->steps[0];
	assert_int_equal(schedule_escalation_date(s, &cal, D("2027-01-06"), &out, &err),
	                 CP_BADINPUT);
	assert_string_equal(err.msg, "step 'invite-list' does not escalate");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generic_icpc_christmas),
		cmocka_unit_test(generic_icpc_easter),
		cmocka_unit_test(generic_rcpc_christmas),
		cmocka_unit_test(generic_rcpc_easter),
		cmocka_unit_test(generic_cla_christmas),
		cmocka_unit_test(generic_cla_easter),
		cmocka_unit_test(hounslow_icpc_christmas),
		cmocka_unit_test(hounslow_icpc_easter),
		cmocka_unit_test(hounslow_icpc_friday),
		cmocka_unit_test(hounslow_rcpc_christmas),
		cmocka_unit_test(hounslow_rcpc_easter),
		cmocka_unit_test(hounslow_cla),
		cmocka_unit_test(swindon_icpc_christmas),
		cmocka_unit_test(swindon_icpc_easter),
		cmocka_unit_test(swindon_icpc_needs_s47),
		cmocka_unit_test(swindon_rcpc_christmas),
		cmocka_unit_test(swindon_rcpc_easter),
		cmocka_unit_test(swindon_cla_christmas),
		cmocka_unit_test(swindon_cla_easter),
		cmocka_unit_test(swindon_transfer),
		cmocka_unit_test(escalation),
	};
	return cmocka_run_group_tests_name("schedule", tests, setup, teardown);
}

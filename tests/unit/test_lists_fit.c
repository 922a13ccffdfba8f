/* test_lists_fit.c - lists that fit: the month list run on a Monday
 * after a 1st that fell on a weekend, rows by date then time, cells cut
 * at a word's end with a mark, column widths fitted to a terminal's
 * width, and the text at a width (cut) and without one (whole). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework.h"
#include "lists.h"
#include "text.h"

#define OK(x) do { cp_error e_; cp_status s_ = (x); \
	if (s_ != CP_OK) fail_msg("%s: %s", #x, e_.msg); } while (0)
#define e e_

static cp_date Dy(int y, int m, int d)
{
	cp_date out;
	date_from_ymd(y, m, d, &out);
	return out;
}

static void month_is(cp_date run, cp_date from, cp_date to)
{
	cp_date f, t;
	lists_span(LIST_MONTH, run, &f, &t);
	assert_int_equal(f, from);
	assert_int_equal(t, to);
}

static void test_month_on_a_monday(void **state)
{
	(void)state;
	/* Monday 3 May 2027; 1 May was a Saturday: May, not June */
	assert_int_equal(date_weekday(Dy(2027, 5, 3)), 1);
	month_is(Dy(2027, 5, 3), Dy(2027, 5, 1), Dy(2027, 5, 31));
	/* Monday 2 Aug 2027; 1 Aug a Sunday: August */
	assert_int_equal(date_weekday(Dy(2027, 8, 2)), 1);
	month_is(Dy(2027, 8, 2), Dy(2027, 8, 1), Dy(2027, 8, 31));
	/* a plain Monday mid-month: the next month, as before */
	assert_int_equal(date_weekday(Dy(2027, 5, 10)), 1);
	month_is(Dy(2027, 5, 10), Dy(2027, 6, 1), Dy(2027, 6, 30));
	/* the Tuesday after, and the weekend itself: the next month */
	month_is(Dy(2027, 5, 4), Dy(2027, 6, 1), Dy(2027, 6, 30));
	month_is(Dy(2027, 5, 2), Dy(2027, 6, 1), Dy(2027, 6, 30));
	/* a Monday the 2nd or 3rd whose 1st was a weekday cannot happen;
	 * a Monday the 4th is past the weekend: Monday 4 Oct 2027 */
	assert_int_equal(date_weekday(Dy(2027, 10, 4)), 1);
	month_is(Dy(2027, 10, 4), Dy(2027, 11, 1), Dy(2027, 11, 30));
	/* the 1st itself */
	month_is(Dy(2027, 5, 1), Dy(2027, 5, 1), Dy(2027, 5, 31));
}

static void test_fit_cell(void **state)
{
	(void)state;
	char out[128];
	const char *title = "Conference report on the index child available";
	/* whole when it fits */
	assert_int_equal(lists_fit_cell("short", 10, out, sizeof out), 5);
	assert_string_equal(out, "short");
	/* cut at a word's end, with the mark */
	int w = lists_fit_cell(title, 20, out, sizeof out);
	assert_string_equal(out, "Conference report~");
	assert_int_equal(w, text_width(out));
	assert_true(w <= 20);
	/* one long word is cut where it must be, marked */
	lists_fit_cell("Safeguarding", 6, out, sizeof out);
	assert_string_equal(out, "Safeg~");
	/* display columns, not bytes: "Zoë Åda~" is 8 columns in 10 bytes
	 * (the space is too early to end at) */
	assert_int_equal(lists_fit_cell("Zoë Ådahl-Øster", 8, out, sizeof out),
	                 8);
	assert_string_equal(out, "Zoë Åda~");
	/* control characters never get through */
	lists_fit_cell("a\x1b[31mb", 40, out, sizeof out);
	assert_null(strchr(out, '\x1b'));
}

static void test_fit_widths(void **state)
{
	(void)state;
	int natural[] = { 10, 40, 6, 30 }, least[] = { 4, 5, 6, 5 }, out[4];
	/* no limit: natural */
	lists_fit_widths(natural, least, 4, 2, 0, out);
	assert_int_equal(out[1], 40);
	/* 60 columns: 86 + 6 gaps = 92; the widest give first, the short
	 * ones keep their width */
	lists_fit_widths(natural, least, 4, 2, 60, out);
	assert_int_equal(out[0] + out[1] + out[2] + out[3] + 6, 60);
	assert_int_equal(out[0], 10);
	assert_int_equal(out[2], 6);
	assert_true(out[1] >= out[3] - 1 && out[1] <= out[3] + 1);
	/* narrower than the headings allow: no column below its heading */
	lists_fit_widths(natural, least, 4, 2, 10, out);
	for (int c = 0; c < 4; c++)
		assert_int_equal(out[c], least[c]);
}

/* A table built by hand: a long title in the middle column. */
static const char *const cols[] = { "date", "item", "who" };

static void test_text_width(void **state)
{
	(void)state;
	char *c0[] = { "2027-05-10",
	               "Conference report on the index child available on CD",
	               "Ann Social" };
	list_row rows[1] = { { .cells = c0, .group = "" } };
	list_table lt = { .kind = LIST_WEEK, .title = "A list",
	                  .today = Dy(2027, 5, 10), .cols = cols, .ncols = 3,
	                  .rows = rows, .nrows = 1 };
	char *text;
	cp_error err;
	/* no width (a pipe): every cell whole */
	assert_int_equal(lists_render_text(&lt, 0, &text, NULL, &err), CP_OK);
	assert_non_null(strstr(text, "available on CD  Ann Social\n"));
	assert_null(strchr(text, '~'));
	free(text);
	/* 50 columns: the title cut at a word's end with "~"; no line
	 * wider than 50 */
	assert_int_equal(lists_render_text(&lt, 50, &text, NULL, &err), CP_OK);
	assert_non_null(strstr(text, "Conference report on the~   Ann Social"));
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		assert_true(text_width(line) <= 50);
	free(text);
}

/* A cell longer than any buffer (a meeting's agency reports) is whole in
 * a pipe, and cut with the mark at a width. */
static void test_long_cell(void **state)
{
	(void)state;
	char longest[1600];
	memset(longest, 'a', sizeof longest - 1);
	for (size_t i = 9; i < sizeof longest - 1; i += 10)
		longest[i] = ' ';
	longest[sizeof longest - 1] = '\0';
	char *c0[] = { "2027-05-10", longest, "x" };
	list_row rows[1] = { { .cells = c0, .group = "" } };
	list_table lt = { .kind = LIST_WEEK, .title = "A list",
	                  .today = Dy(2027, 5, 10), .cols = cols, .ncols = 3,
	                  .rows = rows, .nrows = 1 };
	char *text, out[2048];
	cp_error err;
	assert_int_equal(lists_render_text(&lt, 0, &text, NULL, &err), CP_OK);
	assert_non_null(strstr(text, longest));
	free(text);
	assert_int_equal(lists_render_text(&lt, 80, &text, NULL, &err), CP_OK);
	assert_null(strstr(text, longest));
	assert_non_null(strstr(text, "aaaaaaaaa~"));
	free(text);
	/* asked to fit more columns than it can hold: still marked */
	lists_fit_cell(longest, 1800, out, sizeof out);
	assert_int_equal(out[strlen(out) - 1], '~');
}

/* ---- rows by date, then time (a store) -------------------------------- */
static char dir[256];

static void add_worker(casework *cw, const char *login, role_set roles,
                       const char *mgr)
{
	cp_worker w = { (char *)login, (char *)login, roles, "North",
	                (char *)mgr, false, "" };
	OK(casework_worker_add(cw, &w, &e));
}

static void add_child(casework *cw, const char *id, const char *sw)
{
	cp_child c;
	cp_child_init(&c);
	c.id = (char *)id;
	c.name = (char *)id;
	c.social_worker = (char *)sw;
	OK(casework_child_add(cw, &c, &e));
}

static void add_icpc(casework *cw, const char *child, cp_date d, int minutes)
{
	char warn[CW_WARN_MAX];
	cw_meeting_new in = { .child_id = child, .type = "icpc", .date = d,
	                      .minutes = minutes, .chair = "chair1",
	                      .minute_taker = "mt1", .how = HOW_TEAMS };
	uint64_t id = 0;
	OK(casework_meeting_add(cw, &in, &id, warn, &e));
}

static void test_rows_by_time(void **state)
{
	(void)state;
	casework cw;
	snprintf(dir, sizeof dir, "/tmp/cpdesk-fit-XXXXXX");
	assert_non_null(mkdtemp(dir));
	strcat(dir, "/db");
	OK(casework_init(dir, "policies/generic.yaml", "admin", NULL, &e));
	OK(casework_open(&cw, dir, "data/bank-holidays.json", "admin", &e));
	cw.now = 1735689600;   /* 2025-01-01 */
	add_worker(&cw, "sw1", ROLE_BIT(ROLE_SOCIAL_WORKER), NULL);
	add_worker(&cw, "chair1", ROLE_BIT(ROLE_CP_CHAIR), NULL);
	add_worker(&cw, "mt1", ROLE_BIT(ROLE_MINUTE_TAKER), NULL);
	add_child(&cw, "LATE", "sw1");
	add_child(&cw, "EARLY", "sw1");
	add_child(&cw, "NEXTDAY", "sw1");
	/* booked in this order: the 14:00 first, then the 09:30 */
	add_icpc(&cw, "NEXTDAY", Dy(2025, 3, 21), 8 * 60);
	add_icpc(&cw, "LATE", Dy(2025, 3, 20), 14 * 60);
	add_icpc(&cw, "EARLY", Dy(2025, 3, 20), 9 * 60 + 30);
	for (policy_list_kind k = LIST_WEEK; k <= LIST_MONTH; k++) {
		list_table lt;
		cp_date on = k == LIST_MONTH ? Dy(2025, 3, 1) : Dy(2025, 3, 17);
		OK(lists_build(&cw, k, on, Dy(2025, 3, 17), &lt, &e));
		assert_int_equal(lt.nrows, 3);
		assert_string_equal(lt.rows[0].child_id, "EARLY");
		assert_string_equal(lt.rows[0].cells[2], "09:30");
		assert_string_equal(lt.rows[1].child_id, "LATE");
		assert_string_equal(lt.rows[1].cells[2], "14:00");
		assert_string_equal(lt.rows[2].child_id, "NEXTDAY");
		list_table_free(&lt);
	}
	casework_close(&cw);
	char cmd[600];
	*strrchr(dir, '/') = '\0';
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_month_on_a_monday),
		cmocka_unit_test(test_fit_cell),
		cmocka_unit_test(test_fit_widths),
		cmocka_unit_test(test_text_width),
		cmocka_unit_test(test_long_cell),
		cmocka_unit_test(test_rows_by_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

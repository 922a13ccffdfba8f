/* fuzz_holidays.c - libFuzzer harness for the bank-holiday file reader,
 * and the calendar built from whatever it accepts.
 *
 * Differential too: holidays_parse (cJSON for plain JSON, libyaml for
 * the rest) against holidays_parse_yaml (libyaml alone, the reference).
 * Whatever the reference accepts, holidays_parse must accept with the
 * same divisions, days and titles; whatever holidays_parse refuses, it
 * must refuse with the reference's message.  holidays_parse may accept
 * valid JSON that libyaml cannot read (a key over 1,024 characters, a
 * key and its ':' on two lines, an escaped surrogate pair), but never a
 * file the reference refuses for what it says (a missing date, a gap in
 * the years, nesting too deep, ...). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

static void differ(const char *what, const char *a, const char *b)
{
	fprintf(stderr, "fuzz_holidays: the readers differ on %s:\n"
	        "  holidays_parse:      %s\n  holidays_parse_yaml: %s\n",
	        what, a ? a : "(none)", b ? b : "(none)");
	abort();
}

static void same_files(const holiday_file *a, const holiday_file *b)
{
	char x[32], y[32];
	if (a->ndivisions != b->ndivisions) {
		snprintf(x, sizeof x, "%zu", a->ndivisions);
		snprintf(y, sizeof y, "%zu", b->ndivisions);
		differ("the number of divisions", x, y);
	}
	for (size_t i = 0; i < a->ndivisions; i++) {
		const holiday_division *p = &a->divisions[i], *q = &b->divisions[i];
		if (strcmp(p->name, q->name))
			differ("a division's name", p->name, q->name);
		if (p->nevents != q->nevents || p->first_year != q->first_year ||
		    p->last_year != q->last_year) {
			snprintf(x, sizeof x, "%zu %d-%d", p->nevents,
			         p->first_year, p->last_year);
			snprintf(y, sizeof y, "%zu %d-%d", q->nevents,
			         q->first_year, q->last_year);
			differ("a division's events and years", x, y);
		}
		for (size_t j = 0; j < p->nevents; j++) {
			if (p->events[j].date != q->events[j].date) {
				snprintf(x, sizeof x, "%d", (int)p->events[j].date);
				snprintf(y, sizeof y, "%d", (int)q->events[j].date);
				differ("an event's date", x, y);
			}
			if (strcmp(p->events[j].title, q->events[j].title))
				differ("an event's title", p->events[j].title,
				       q->events[j].title);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	holiday_file *hf = NULL, *ref = NULL;
	cp_error err = { "" }, rerr = { "" };
	if (!holidays_fast_reader()) {
		/* the comparison would be libyaml with itself */
		fprintf(stderr, "fuzz_holidays: libcjson.so.1 did not load\n");
		abort();
	}
	cp_status st = holidays_parse("fuzz.json", data, size, &hf, &err);
	cp_status rst = holidays_parse_yaml("fuzz.json", data, size, &ref, &rerr);
	if (rst == CP_OK && st != CP_OK)
		differ("a file the reference accepts", err.msg, "ok");
	if (st != CP_OK && (st != rst || strcmp(err.msg, rerr.msg)))
		differ("a refused file's message", err.msg, rerr.msg);
	if (st == CP_OK && rst != CP_OK &&
	    !strstr(rerr.msg, ": not valid JSON/YAML: "))
		differ("a file the reference refuses for its content", "ok",
		       rerr.msg);
	if (st == CP_OK && rst == CP_OK)
		same_files(hf, ref);
	holidays_free(ref);
	if (st != CP_OK)
		return 0;
	for (size_t i = 0; i < hf->ndivisions; i++) {
		calendar cal;
		if (calendar_init(&cal, hf, hf->divisions[i].name, NULL, 0,
		                  &err) != CP_OK)
			continue;
		cp_date out;
		calendar_add_workdays(&cal, cal.first + 10, 20, &out, &err);
		calendar_add_workdays(&cal, cal.last - 10, -20, &out, &err);
		calendar_fini(&cal);
	}
	holidays_free(hf);
	return 0;
}

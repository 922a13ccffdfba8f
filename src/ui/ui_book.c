/* ui_book.c - booking a meeting for a child at a free time of the
 * conference diary (issue 17): the form offers the times slots_find
 * gives (working days, nobody needed already busy, within what the
 * cadence allows), the chair and minute taker may be left to allocate,
 * and the confirmation page says how it stands against the cadence
 * before anything is written (one casework_meeting_add). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "schedule.h"
#include "slots.h"
#include "ui_actions.h"
#include "ui_common.h"
#include "ui_form.h"

enum { BK_CHILD, BK_TYPE, BK_CHAIR, BK_MINUTE, BK_FROM, BK_SLOT, BK_REASON };
#define BOOK_SLOTS UI_CHOICES_MAX

/* The times on offer, and what they stand against. */
typedef struct book_ctx {
	slot slots[BOOK_SLOTS];
	char text[BOOK_SLOTS][40], mark[BOOK_SLOTS][40];
	cp_date latest, book_by;
	char types[UI_CHOICES_MAX][48];
	/* What the times were read for: every key checks every field, and
	 * the same question is not asked again (nor put on the record
	 * again), so the time chosen stays chosen. */
	char asked[4 * FORM_VALUE + 64];
	char why[UI_TEXT];           /* no time on offer: why ("" if some) */
} book_ctx;

static int minutes_now(void)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return tm.tm_hour * 60 + tm.tm_min;
}

/* The form's first day to look from (a date field: the form says when
 * it is not a date): blank is today; one before today says so (false). */
static bool from_date(ui_app *a, ui_form *f, cp_date *out)
{
	ui_field *fl = &f->f[BK_FROM];
	*out = CP_DATE_NONE;
	if (!fl->value[0]) {
		snprintf(fl->msg, sizeof fl->msg, "blank: from today");
		return true;
	}
	if (fl->bad || !ui_form_date(fl, out))
		return false;
	if (*out < a->today) {
		fl->bad = true;
		snprintf(fl->msg, sizeof fl->msg, "before today");
		return false;
	}
	return true;
}

/* The free times for what the form says now (the first BOOK_SLOTS). */
static void refresh_slots(ui_app *a, ui_form *f)
{
	book_ctx *b = f->ctx;
	ui_field *sl = &f->f[BK_SLOT];
	cp_date from;
	bool from_ok = from_date(a, f, &from);
	char asked[sizeof b->asked];
	snprintf(asked, sizeof asked, "%s\037%s\037%s\037%s\037%s",
	         f->f[BK_CHILD].value, ui_form_choice(&f->f[BK_TYPE]),
	         f->f[BK_CHAIR].value, f->f[BK_MINUTE].value,
	         from_ok ? f->f[BK_FROM].value : "\037bad");
	if (!strcmp(asked, b->asked))
		return;
	memcpy(b->asked, asked, sizeof asked);
	slots_query q = { .child = f->f[BK_CHILD].value,
	                  .type = ui_form_choice(&f->f[BK_TYPE]),
	                  .chair = f->f[BK_CHAIR].value,
	                  .minute_taker = f->f[BK_MINUTE].value,
	                  .today = a->today, .from = CP_DATE_NONE,
	                  .to = CP_DATE_NONE, .where = "console: book",
	                  .now = minutes_now() };
	slots_result r;
	cp_error err;
	sl->nchoices = sl->choice = 0;
	b->why[0] = '\0';
	q.from = from;
	if (!from_ok) {
		snprintf(b->why, sizeof b->why, "the first day is not right");
		return;
	}
	cp_status st = slots_find(&a->cw, &q, &r, &err);
	if (st == CP_BADINPUT || st == CP_REFUSED) {
		/* no rule leads to it (an ICPC with no strategy meeting), or the
		 * last lawful day is before the first (marked late): four weeks */
		slots_result_free(&r);
		q.to = (q.from != CP_DATE_NONE ? q.from : a->today) + 28;
		st = slots_find(&a->cw, &q, &r, &err);
	}
	if (st != CP_OK) {
		slots_result_free(&r);
		snprintf(b->why, sizeof b->why, "%.200s", err.msg);
		return;
	}
	b->latest = r.latest;
	b->book_by = r.book_by;
	for (size_t i = 0; i < r.n && i < BOOK_SLOTS; i++) {
		char ds[CP_DATE_STRLEN];
		date_format(r.v[i].date, ds);
		b->slots[i] = r.v[i];
		snprintf(b->text[i], sizeof b->text[i], "%s %s %02d:%02d",
		         date_weekday_name(r.v[i].date), ds, r.v[i].minutes / 60,
		         r.v[i].minutes % 60);
		const char *m = slot_mark_name(slots_mark(&r, r.v[i].date));
		snprintf(b->mark[i], sizeof b->mark[i], "%s", *m ? m : "free");
		sl->choices[i] = b->text[i];
		sl->choice_labels[i] = b->mark[i];
		sl->nchoices++;
	}
	if (!sl->nchoices)
		snprintf(b->why, sizeof b->why, "no free time in the window: "
		         "choose another chair or minute taker");
	slots_result_free(&r);
}

static void book_check(ui_app *a, ui_form *f, size_t i)
{
	const book_ctx *b = f->ctx;
	if (i == BK_CHILD || i == BK_TYPE || i == BK_CHAIR || i == BK_MINUTE ||
	    i == BK_FROM)
		refresh_slots(a, f);
	if (i == BK_SLOT && b->why[0]) {
		f->f[i].bad = true;
		snprintf(f->f[i].msg, sizeof f->f[i].msg, "%s", b->why);
	}
	if (i == BK_CHAIR && !f->f[i].value[0])
		snprintf(f->f[i].msg, sizeof f->f[i].msg, "blank: to allocate");
	if (i == BK_MINUTE && !f->f[i].value[0])
		snprintf(f->f[i].msg, sizeof f->f[i].msg, "blank: to allocate");
}

static const slot *chosen(const ui_form *f)
{
	const book_ctx *b = f->ctx;
	const ui_field *sl = &f->f[BK_SLOT];
	return sl->nchoices ? &b->slots[sl->choice] : NULL;
}

/* How many of the meeting's steps would be due before today (steps that
 * count from an anchor not known here are not counted). */
static size_t steps_due_before(ui_app *a, const ui_form *f, const slot *s)
{
	timeline_entry *tl;
	size_t n, late = 0;
	cp_error err;
	if (schedule_timeline(a->cw.pol, a->cw.cal,
	                      ui_form_choice(&f->f[BK_TYPE]), s->date, s->minutes,
	                      NULL, 0, &tl, &n, &err) != CP_OK)
		return 0;
	for (size_t i = 0; i < n; i++)
		late += tl[i].due < a->today;
	free(tl);
	return late;
}

static bool book_preview(ui_app *a, ui_form *f)
{
	const book_ctx *b = f->ctx;
	const slot *s = chosen(f);
	if (!s)
		return false;
	ui_form_line(f, "Book a %s for child %s", ui_form_choice(&f->f[BK_TYPE]),
	             f->f[BK_CHILD].value);
	ui_form_line(f, "On %s", ui_form_choice(&f->f[BK_SLOT]));
	ui_form_line(f, "Chair: %s; minute taker: %s",
	             f->f[BK_CHAIR].value[0] ? f->f[BK_CHAIR].value
	                                     : "(to allocate)",
	             f->f[BK_MINUTE].value[0] ? f->f[BK_MINUTE].value
	                                      : "(to allocate)");
	char ls[CP_DATE_STRLEN];
	if (b->latest == CP_DATE_NONE)
		ui_form_line(f, "No cadence rule leads to it.");
	else if (s->date > b->latest) {
		date_format(b->latest, ls);
		if (!f->f[BK_REASON].value[0]) {
			ui_status(a, true, "%d days past the cadence's %s: give the "
			          "exception's reason", (int)(s->date - b->latest), ls);
			return false;
		}
		ui_form_line(f, "LATE: the cadence allows it until %s; %d days "
		             "late, an exception", ls, (int)(s->date - b->latest));
	} else {
		date_format(b->latest, ls);
		ui_form_line(f, "In time: the cadence allows it until %s.", ls);
	}
	if (f->f[BK_REASON].value[0])
		ui_form_line(f, "Exception reason: %s", f->f[BK_REASON].value);
	size_t late = steps_due_before(a, f, s);
	if (late)
		ui_form_line(f, "%zu of its steps are due before today: overdue "
		             "from the start.", late);
	return true;
}

static cp_status book_submit(ui_app *a, ui_form *f, char *ok, size_t size,
                             cp_error *err)
{
	const slot *s = chosen(f);
	if (!s)
		return cp_fail(err, CP_BADINPUT, "choose a free time");
	cw_meeting_new in = {
		.child_id = f->f[BK_CHILD].value,
		.type = ui_form_choice(&f->f[BK_TYPE]), .date = s->date,
		.minutes = s->minutes, .chair = f->f[BK_CHAIR].value,
		.minute_taker = f->f[BK_MINUTE].value, .how = HOW_UNKNOWN,
		.reason = f->f[BK_REASON].value[0] ? f->f[BK_REASON].value : NULL,
	};
	uint64_t id = 0;
	char warn[CW_WARN_MAX] = "";
	cp_status st = casework_meeting_add(&a->cw, &in, &id, warn, err);
	if (st == CP_OK)
		snprintf(ok, size, "Booked meeting %llu.%s%s",
		         (unsigned long long)id, warn[0] ? " Note: " : "", warn);
	return st;
}

void ui_action_book(ui_app *a, const char *child_id)
{
	ui_form *f = ui_form_new("Book a meeting");
	book_ctx *b = f ? calloc(1, sizeof *b) : NULL;
	if (!b) {
		ui_form_free(f);
		ui_status(a, true, "out of memory");
		return;
	}
	f->ctx = b;
	f->ctx_free = free;
	ui_form_add(f, "Child", FLD_TEXT, true, child_id ? child_id : "");
	ui_field *t = ui_form_add(f, "Type", FLD_CHOICE, true, "");
	const policy *p = a->cw.pol;
	for (size_t i = 0; i < p->nmeetings && i < UI_CHOICES_MAX; i++) {
		snprintf(b->types[i], sizeof b->types[i], "%s", p->meetings[i].type);
		t->choices[t->nchoices] = b->types[i];
		t->choice_labels[t->nchoices] = p->meetings[i].title;
		if (!strcmp(b->types[i], "icpc"))
			t->choice = t->nchoices;
		t->nchoices++;
	}
	ui_form_add(f, "Chair", FLD_TEXT, false, "");
	ui_form_add(f, "Minute taker", FLD_TEXT, false, "");
	ui_form_add(f, "From", FLD_DATE, false, "");
	ui_form_add(f, "Free time", FLD_CHOICE, true, "");
	ui_form_add(f, "Exception reason", FLD_TEXT, false, "");
	f->check = book_check;
	f->preview = book_preview;
	f->submit = book_submit;
	ui_form_open(a, f);          /* checks every field: reads the times */
	ui_status(a, false, "Book a meeting: Left/Right choose the type and the "
	          "free time (From: a later first day); Enter on the last field "
	          "to review.");
}

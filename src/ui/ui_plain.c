/* ui_plain.c - the line-by-line mode (`cpdesk --plain`, issue 20): the
 * console for screen readers and braille displays.
 *
 * Lines from stdin, lines to stdout, no drawing characters and no
 * cursor movement: each view as numbered lines, a row opened by its
 * number, an action by its console key or a word ("done 3"), each
 * field of a form asked on a line of its own.  It is the console's app
 * with another front (ui_front.h): the same session, views, permissions
 * and forms (ui_actions.c), so it can do what the console does and no
 * more.  Like the console it puts what it read on the record before it
 * shows it (query_flush_reads), and stops when it cannot. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <wchar.h>

#include "query.h"
#include "text.h"
#include "ui_common.h"
#include "ui_detail.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_front.h"
#include "ui_plain.h"
#include "ui_text.h"
#include "ui_view.h"

#define LINE_MAX_BYTES 4096
#define PLAIN_ROWS_MAX (UI_ROWS_MAX * 2)

typedef struct plain {
	ui_app *a;
	FILE *in, *out;
	bool prompt_ends_line;      /* input is not a terminal: a log reads
	                               one prompt a line */
	size_t rows[PLAIN_ROWS_MAX]; /* number n (from 1) is the view's row
	                               rows[n - 1], as last listed */
	size_t nrows;
	cp_status audit;            /* a failed record of what was read */
	cp_error audit_err;
} plain;

/* ---- output ------------------------------------------------------------- */

/* What was read goes on the record before it is shown (query.h); false:
 * it could not, and nothing more is shown. */
static bool recorded(plain *p)
{
	if (p->audit == CP_OK)
		p->audit = query_flush_reads(&p->a->cw, &p->audit_err);
	return p->audit == CP_OK;
}

/* One line, made safe and put in the locale's character set; nothing
 * before what was read is on the record. */
static void say(plain *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(plain *p, const char *fmt, ...)
{
	char line[LINE_MAX_BYTES], shown[LINE_MAX_BYTES];
	if (!recorded(p))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(p->out, "%s\n", ui_text_for_terminal(line, shown, sizeof shown));
}

static void say_line(void *ctx, const char *line)
{
	say(ctx, "%s", line);
}

/* The status line, as a line of its own, once. */
static void say_status(plain *p)
{
	if (p->a->status[0])
		say(p, "%s%s", p->a->status_error ? "Error: " : "", p->a->status);
	p->a->status[0] = '\0';
	p->a->status_error = false;
}

/* ---- input -------------------------------------------------------------- */

/* A prompt, then a line into buf without its end; false at the end of
 * input. */
static bool ask(plain *p, const char *prompt, char *buf, size_t size)
{
	char shown[LINE_MAX_BYTES];
	if (!recorded(p))
		return false;
	fprintf(p->out, "%s%s", ui_text_for_terminal(prompt, shown, sizeof shown),
	        p->prompt_ends_line ? "\n" : "");
	fflush(p->out);
	if (!fgets(buf, (int)size, p->in))
		return false;
	size_t n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && !feof(p->in)) {   /* longer than buf: skip it */
		int c;
		while ((c = fgetc(p->in)) != EOF && c != '\n')
			;
	}
	buf[n] = '\0';
	return true;
}

/* ---- views -------------------------------------------------------------- */

static ui_view *current(plain *p)
{
	return p->a->views[p->a->cur];
}

/* The current view as read, listed: pickable rows numbered. */
static void print_view(plain *p)
{
	ui_view *v = current(p);
	if (!recorded(p))
		return;
	say(p, "%s:", v->cls->name);
	p->nrows = 0;
	if (!v->cls->plain_row) {
		say(p, "This view is not offered line by line yet; the console "
		    "(cpdesk console) shows it.");
		say_status(p);
		return;
	}
	char row[LINE_MAX_BYTES];
	bool pick = false;
	size_t shown = 0;
	for (size_t i = 0; v->cls->plain_row(v, p->a, i, row, sizeof row, &pick);
	     i++, shown++) {
		if (pick && p->nrows < PLAIN_ROWS_MAX) {
			p->rows[p->nrows++] = i;
			say(p, "%zu. %s", p->nrows, row);
		} else {
			say(p, "%s", row);
		}
	}
	if (!shown)
		say(p, "Nothing to show.");
	say_status(p);
}

/* The same, read again first. */
static void list_view(plain *p)
{
	ui_app_reload(p->a);
	print_view(p);
}

/* Select row number n as last listed; false (having said why) when
 * there is none. */
static bool pick(plain *p, unsigned long n)
{
	ui_view *v = current(p);
	if (n == 0 || n > p->nrows || !v->cls->plain_pick) {
		say(p, "No row %lu here: the rows are numbered 1 to %zu (list "
		    "shows them again).", n, p->nrows);
		return false;
	}
	v->cls->plain_pick(v, p->a, p->rows[n - 1]);
	return true;
}

/* The selected task or meeting in full, and its meeting's timeline. */
static void show_detail(plain *p, const ui_sel *sel)
{
	ui_detail d = { 0 };
	cp_error err;
	if (ui_detail_load(p->a, &d, sel->task_id, sel->meeting_id, &err) !=
	    CP_OK) {
		say(p, "Error: cannot open the record: %s", err.msg);
	} else if (recorded(p)) {
		ui_detail_lines(p->a, &d, say_line, p);
		if (d.have_meeting) {
			say(p, "Timeline:");
			ui_timeline_lines(p->a, &d, say_line, p);
		}
	}
	ui_detail_free(&d);
}

/* n: select row n and open it as Enter does; a task or meeting is
 * shown in full, what opens a list (a child, a worker) is listed. */
static void open_row(plain *p, unsigned long n)
{
	if (!pick(p, n))
		return;
	ui_view *v = current(p);
	ui_sel sel = { 0 };
	if (v->cls->selected)
		v->cls->selected(v, &sel);
	if (sel.task_id || sel.meeting_id) {
		show_detail(p, &sel);
		say_status(p);
		return;
	}
	v->cls->key(v, p->a, ACT_OPEN, 0, false);
	list_view(p);
}

/* ---- forms -------------------------------------------------------------- */

/* A choice typed as its value, its label or its number. */
static bool set_choice(ui_field *fl, const char *typed)
{
	char *end;
	unsigned long k = strtoul(typed, &end, 10);
	if (*typed && !*end && k >= 1 && k <= fl->nchoices) {
		fl->choice = k - 1;
		return true;
	}
	for (size_t i = 0; i < fl->nchoices; i++)
		if (!strcasecmp(typed, fl->choices[i]) ||
		    (fl->choice_labels[i] &&
		     !strcasecmp(typed, fl->choice_labels[i]))) {
			fl->choice = i;
			return true;
		}
	return false;
}

static void say_choices(plain *p, const ui_field *fl)
{
	for (size_t i = 0; i < fl->nchoices; i++)
		say(p, "  %zu. %s%s%s", i + 1, fl->choices[i],
		    fl->choice_labels[i] ? ": " : "",
		    fl->choice_labels[i] ? fl->choice_labels[i] : "");
}

/* Ask field i until it is good; false when the form is left (a full
 * stop, or the end of input). */
static bool ask_field(plain *p, ui_form *f, size_t i)
{
	ui_field *fl = &f->f[i];
	if (fl->kind == FLD_CHOICE)
		say_choices(p, fl);
	for (;;) {
		char prompt[UI_TEXT * 3], line[LINE_MAX_BYTES];
		const char *now = fl->kind == FLD_CHOICE ? ui_form_choice(fl)
		                                         : fl->value;
		snprintf(prompt, sizeof prompt, "%s%s%s%s%s%s: ", fl->label,
		         fl->required ? " (required)" : "",
		         *now ? ", Enter keeps " : "", now,
		         fl->msg[0] ? "; " : "", fl->msg);
		if (!ask(p, prompt, line, sizeof line) || !strcmp(line, "."))
			return false;
		if (!line[0]) {
			/* kept as it is */
		} else if (!strcmp(line, "-") && fl->kind != FLD_CHOICE) {
			fl->value[0] = '\0';          /* emptied (the console's ^U) */
			fl->suggested = false;
			fl->edited = true;
		} else if (!text_is_clean(line) || strlen(line) >= FORM_VALUE) {
			say(p, "%s: not taken (control characters, or longer than "
			    "%d bytes); type it again.", fl->label, FORM_VALUE - 1);
			continue;
		} else if (fl->kind == FLD_CHOICE) {
			if (!set_choice(fl, line)) {
				say(p, "%s: '%s' is not one of the choices.", fl->label,
				    line);
				say_choices(p, fl);
				continue;
			}
		} else {
			memcpy(fl->value, line, strlen(line) + 1);  /* fits: above */
			fl->suggested = false;
			fl->edited = true;
			fl->back = 0;
		}
		ui_form_check_all(p->a, f);
		if (!fl->bad)
			return true;
		say(p, "%s: %s", fl->label, fl->msg);
	}
}

/* Ask every field, then the confirmation; write on y.  The form is
 * closed (a->form NULL) when this returns. */
static void run_form(plain *p)
{
	ui_app *a = p->a;
	ui_form *f = a->form;
	a->status[0] = '\0';     /* the console's "fill in, Enter ..." */
	say(p, "%s. One line a field; Enter keeps what is said, a minus sign "
	    "empties it; a full stop alone leaves the form, writing nothing.",
	    f->title);
	if (f->note[0])
		say(p, "%s", f->note);
	size_t from = 0;          /* the field to ask first */
	for (;;) {
		size_t i = from;
		from = 0;
		while (i < f->nf && ask_field(p, f, i))
			i++;
		if (i < f->nf)
			break;
		if (!ui_form_review(a, f)) {
			say_status(p);    /* which field, and what is wrong */
			from = f->cur;    /* asked again from there */
			continue;
		}
		a->status[0] = '\0';
		say(p, "Confirm: %s", f->title);
		for (size_t k = 0; k < f->nlines; k++)
			say(p, "%s", f->lines[k]);
		char line[16], ok[UI_TEXT];
		if (!ask(p, "Write it? y or n: ", line, sizeof line))
			break;
		if (strcasecmp(line, "y") && strcasecmp(line, "yes")) {
			f->confirming = false;
			say(p, "Nothing written; the fields again (Enter keeps each, "
			    "a full stop leaves).");
			continue;
		}
		if (ui_form_submit(a, f, ok, sizeof ok)) {
			a->status[0] = '\0';
			say(p, "%s", ok);
			return;
		}
		say_status(p);   /* not written, and why; the fields again */
	}
	ui_form_free(a->form);
	a->form = NULL;
	say(p, "Left the form; nothing written.");
}

/* ---- commands ----------------------------------------------------------- */

/* The words for the work keys (the keys work too: "d 3"). */
static const struct { const char *word; ui_action act; } act_words[] = {
	{ "done", ACT_DONE }, { "skip", ACT_SKIP }, { "report", ACT_REPORT },
	{ "move", ACT_MOVE }, { "cancel", ACT_CANCEL },
	{ "outcome", ACT_OUTCOME }, { "allocate", ACT_ALLOCATE },
	{ "book", ACT_BOOK }, { "consult", ACT_CONSULT },
	{ "use", ACT_POLICY_USE }, { "edit", ACT_EDIT_CHILD },
	{ "worker", ACT_EDIT_WORKER }, { "approve", ACT_APPROVE },
	{ "refuse", ACT_REFUSE },
};

static ui_action work_word(const char *w)
{
	for (size_t i = 0; i < sizeof act_words / sizeof act_words[0]; i++)
		if (!strcasecmp(w, act_words[i].word))
			return act_words[i].act;
	if (w[0] && !w[1])
		return ui_keys_lookup(KCTX_WORK, (unsigned char)w[0], false);
	return ACT_NONE;
}

/* A view's word: its name without "My " ("queue", "Consultations"). */
static const char *view_name(const ui_view_class *c)
{
	return !strncasecmp(c->name, "My ", 3) ? c->name + 3 : c->name;
}

/* A view by its word, or the first three letters of it or more. */
static long view_word(plain *p, const char *w)
{
	size_t len = strlen(w);
	for (size_t i = 0; i < p->a->nviews && len >= 3; i++)
		if (!strncasecmp(view_name(p->a->views[i]->cls), w, len))
			return (long)i;
	return -1;
}

/* Words for the view's own keys: another period, the next list. */
static ui_action view_key(const char *w)
{
	return !strcasecmp(w, "earlier") ? ACT_EARLIER :
	       !strcasecmp(w, "later") ? ACT_LATER :
	       !strcasecmp(w, "next") ? ACT_OPEN : ACT_NONE;
}

static void help(plain *p)
{
	bool offered[ACT_COUNT];
	ui_actions_offered(p->a, offered);
	say(p, "Commands, one a line:");
	say(p, "  list, or an empty line: the view again, its rows numbered");
	say(p, "  a number, or open and a number: that row in full, or what "
	    "it opens");
	say(p, "  back: out of what a number opened");
	say(p, "  search and a name or id: children");
	say(p, "  earlier, later: Meetings four weeks, Team a team, Timeliness "
	    "a month; next: Lists' next list");
	say(p, "  filter: Meetings, whose (in turn); filter and a team or a "
	    "login: Team");
	for (size_t i = 0; i < p->a->nviews; i++) {
		const ui_view_class *c = p->a->views[i]->cls;
		if (!c->available || c->available(p->a))
			say(p, "  view %zu, or %s: %s", i + 1, view_name(c),
			    ui_keys_help((ui_action)(ACT_VIEW_QUEUE + (int)i)));
	}
	for (size_t i = 0; i < sizeof act_words / sizeof act_words[0]; i++)
		if (offered[act_words[i].act])
			say(p, "  %s and a number, or %s: %s", act_words[i].word,
			    ui_keys_name(KCTX_WORK, act_words[i].act),
			    ui_keys_help(act_words[i].act));
	say(p, "  help: this; quit: leave");
}

static void to_view(plain *p, long i)
{
	if (i < 0 || (size_t)i >= p->a->nviews) {
		say(p, "No such view: help lists them.");
		return;
	}
	ui_app_switch(p->a, i, 0);       /* reads it */
	if (p->a->cur != (size_t)i) {
		say_status(p);               /* not offered to this worker: why */
		return;
	}
	print_view(p);
}

/* Typed into the view as keys: UTF-8 as characters. */
static void type_into(plain *p, ui_view *v, const char *s)
{
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	size_t left = strlen(s);
	while (left > 0) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, s, left, &ps);
		if (r == (size_t)-1 || r == (size_t)-2 || r == 0)
			break;
		v->cls->key(v, p->a, ACT_NONE, (int)wc, true);
		s += r;
		left -= r;
	}
}

/* "search NAME": the view that searches (Children), as if typed. */
static void search(plain *p, const char *what)
{
	for (size_t i = 0; i < p->a->nviews; i++) {
		ui_view *v = p->a->views[i];
		if (!v->cls->search)
			continue;
		p->a->cur = i;
		v->cls->search(v);
		type_into(p, v, what);
		v->cls->key(v, p->a, ACT_F_ENTER, '\n', true);
		list_view(p);
		return;
	}
}

/* "filter [TEXT]": the view's f (Meetings: whose meetings, in turn;
 * Team: a team or a login, typed). */
static void filter_view(plain *p, const char *what)
{
	ui_view *v = current(p);
	v->cls->key(v, p->a, ACT_FILTER, 'f', true);
	if (v->cls->typing && v->cls->typing(v)) {
		type_into(p, v, what ? what : "");
		v->cls->key(v, p->a, ACT_F_ENTER, '\n', true);
	}
	list_view(p);
}

/* A work action on row n (0: what is selected), then its form. */
static void act(plain *p, ui_action act, unsigned long n)
{
	if (n && !pick(p, n))
		return;
	ui_app_act(p->a, act);
	if (!recorded(p))          /* a form read its meeting or child */
		return;
	if (!p->a->form) {
		say_status(p);   /* why not */
		return;
	}
	run_form(p);
	list_view(p);
}

static unsigned long number(const char *s)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);
	return *s && !*end ? n : 0;
}

/* One line typed; false: quit. */
static bool command(plain *p, char *line)
{
	char *word = strtok(line, " \t"), *rest = strtok(NULL, "");
	while (rest && (*rest == ' ' || *rest == '\t'))
		rest++;
	if (!word || !strcasecmp(word, "list") || !strcasecmp(word, "l")) {
		list_view(p);
		return true;
	}
	if (!strcasecmp(word, "quit") || !strcasecmp(word, "q") ||
	    !strcasecmp(word, "exit"))
		return false;
	ui_action a = work_word(word);
	if (!strcasecmp(word, "help") || !strcmp(word, "?"))
		help(p);
	else if (number(word))
		open_row(p, number(word));
	else if (!strcasecmp(word, "open") && rest)
		open_row(p, number(rest));
	else if (!strcasecmp(word, "back")) {
		current(p)->cls->key(current(p), p->a, ACT_BACK, 0, false);
		list_view(p);
	} else if (view_key(word) != ACT_NONE && !rest) {
		current(p)->cls->key(current(p), p->a, view_key(word), 0, false);
		list_view(p);
	} else if (!strcasecmp(word, "view") && rest)
		to_view(p, (long)number(rest) - 1);
	else if (a != ACT_NONE && (!rest || number(rest)))   /* consult: not
	                                                        the view */
		act(p, a, rest ? number(rest) : 0);
	else if (a != ACT_NONE)
		say(p, "%s takes the number of a row, e.g. %s 1.", word, word);
	else if (view_word(p, word) >= 0)
		to_view(p, view_word(p, word));
	else if ((!strcasecmp(word, "search") || !strcmp(word, "/")) && rest)
		search(p, rest);
	else if (!strcasecmp(word, "filter") || !strcmp(word, "f"))
		filter_view(p, rest);
	else
		say(p, "Not a command: '%s' (help lists them).", word);
	return true;
}

cp_status ui_plain_run(const ui_start *start, cp_error *err)
{
	static ui_app app;      /* one per process; large, so not on the stack */
	plain p = { .a = &app, .in = stdin, .out = stdout,
	            .prompt_ends_line = !isatty(STDIN_FILENO) };
	CP_TRY(ui_app_open(&app, start, err));
	app.line_mode = true;
	app.rows = UI_MIN_ROWS;    /* a page's worth, for the views that ask */
	app.cols = UI_MIN_COLS;
	char today[32];
	ui_date_long(app.today, today, sizeof today);
	say(&p, "cpdesk, line by line. You are %s (%s); today is %s. Type help "
	    "for the commands, quit to leave.", app.me_name,
	    app.me.worker.login, today);
	list_view(&p);
	char line[LINE_MAX_BYTES];
	while (p.audit == CP_OK && ask(&p, "> ", line, sizeof line) &&
	       command(&p, line) && p.audit == CP_OK)
		;
	cp_status st = CP_OK;
	if (p.audit == CP_OK)   /* read since the last thing shown */
		p.audit = query_flush_reads(&app.cw, &p.audit_err);
	if (p.audit != CP_OK)
		st = cp_fail(err, p.audit, "cannot record in the audit trail what "
		             "was read, so the line-by-line mode stopped: %s",
		             p.audit_err.msg);
	ui_app_close(&app);
	return st;
}

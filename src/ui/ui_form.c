/* ui_form.c - forms that check every field on every key and write only
 * after a confirmation page; a failed write keeps everything typed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "ui_common.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_keys.h"
#include "ui_theme.h"

ui_form *ui_form_new(const char *title)
{
	ui_form *f = calloc(1, sizeof *f);
	if (f)
		snprintf(f->title, sizeof f->title, "%s", title);
	return f;
}

ui_field *ui_form_add(ui_form *f, const char *label, ui_field_kind kind,
                      bool required, const char *value)
{
	if (f->nf >= FORM_FIELDS)
		return NULL;
	ui_field *fl = &f->f[f->nf++];
	memset(fl, 0, sizeof *fl);
	fl->label = label;
	fl->kind = kind;
	fl->required = required;
	ui_form_suggest(fl, value);
	return fl;
}

void ui_form_suggest(ui_field *fl, const char *value)
{
	snprintf(fl->value, sizeof fl->value, "%s", value ? value : "");
	fl->suggested = fl->kind != FLD_CHOICE && fl->value[0];
	fl->back = 0;
}

void ui_form_free(ui_form *f)
{
	if (!f)
		return;
	query_meeting_record_free(&f->rec);
	if (f->ctx_free)
		f->ctx_free(f->ctx);
	free(f);
}

void ui_form_line(ui_form *f, const char *fmt, ...)
{
	if (f->nlines >= FORM_LINES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->lines[f->nlines++], UI_TEXT, fmt, ap);
	va_end(ap);
}

const char *ui_form_choice(const ui_field *fl)
{
	return fl->nchoices ? fl->choices[fl->choice] : "";
}

bool ui_form_date(const ui_field *fl, cp_date *out)
{
	*out = CP_DATE_NONE;
	if (!fl->value[0])
		return true;
	cp_error err;
	return date_parse(fl->value, out, &err) == CP_OK;
}

bool ui_form_time(const ui_field *fl, int *out)
{
	*out = -1;
	if (!fl->value[0])
		return true;
	int h, m;
	char end;
	if (sscanf(fl->value, "%2d:%2d%c", &h, &m, &end) != 2 ||
	    strlen(fl->value) != 5 || h < 0 || h > 23 || m < 0 || m > 59)
		return false;
	*out = h * 60 + m;
	return true;
}

/* The checks every field of a kind gets; a form's own check follows. */
static void check_field(ui_app *a, ui_form *f, size_t i)
{
	ui_field *fl = &f->f[i];
	fl->bad = false;
	fl->msg[0] = '\0';
	bool empty = fl->value[0] == '\0';
	switch (fl->kind) {
	case FLD_TEXT:
		if (fl->required && empty) {
			fl->bad = true;
			snprintf(fl->msg, sizeof fl->msg, "required");
		}
		break;
	case FLD_DATE: {
		cp_date d;
		if (empty) {
			fl->bad = fl->required;
			snprintf(fl->msg, sizeof fl->msg, fl->required ?
			         "required (YYYY-MM-DD)" : "blank: none");
		} else if (!ui_form_date(fl, &d)) {
			fl->bad = true;
			snprintf(fl->msg, sizeof fl->msg, "not a date (YYYY-MM-DD)");
		} else {
			const char *closed = calendar_covers(a->cw.cal, d) ?
				calendar_reason_closed(a->cw.cal, d) : NULL;
			snprintf(fl->msg, sizeof fl->msg, "%s%s%s",
			         date_weekday_name(d), closed ? ": not a working day, " : "",
			         closed ? closed : "");
		}
		break;
	}
	case FLD_TIME: {
		int m;
		if (!ui_form_time(fl, &m)) {
			fl->bad = true;
			snprintf(fl->msg, sizeof fl->msg, "not a time (HH:MM)");
		} else if (empty) {
			snprintf(fl->msg, sizeof fl->msg, "blank: keep");
		}
		break;
	}
	case FLD_CHOICE:
		if (fl->nchoices && fl->choice_labels[fl->choice])
			snprintf(fl->msg, sizeof fl->msg, "%s",
			         fl->choice_labels[fl->choice]);
		break;
	}
	if (f->check)
		f->check(a, f, i);
}

void ui_form_check_all(ui_app *a, ui_form *f)
{
	for (size_t i = 0; i < f->nf; i++)
		check_field(a, f, i);
}

static void close_form(ui_app *a)
{
	ui_form_free(a->form);
	a->form = NULL;
}

void ui_form_open(ui_app *a, ui_form *f)
{
	ui_form_free(a->form);
	a->form = f;
	ui_form_check_all(a, f);
}

bool ui_form_review(ui_app *a, ui_form *f)
{
	ui_form_check_all(a, f);
	for (size_t i = 0; i < f->nf; i++)
		if (f->f[i].bad) {
			f->cur = i;
			ui_status(a, true, "%s: %s", f->f[i].label, f->f[i].msg);
			return false;
		}
	f->nlines = 0;
	if (f->preview && !f->preview(a, f))
		return false;
	f->confirming = true;
	ui_status(a, false, "Check what will be written, then %s to write it.",
	          ui_keys_name(KCTX_CONFIRM, ACT_YES));
	return true;
}

bool ui_form_submit(ui_app *a, ui_form *f, char *ok, size_t size)
{
	snprintf(ok, size, "Written.");
	cp_error err = { "" };
	cp_status st = f->submit(a, f, ok, size, &err);
	f->confirming = false;
	if (st != CP_OK) {
		/* keep every field as typed: only say why */
		snprintf(f->error, sizeof f->error, "Not written: %s",
		         err.msg[0] ? err.msg : "failed");
		ui_status(a, true, "%s", f->error);
		return false;
	}
	close_form(a);
	return true;
}

/* The cursor's byte offset in the value (back kept within it). */
static size_t cursor_at(ui_field *fl)
{
	size_t len = strlen(fl->value);
	if (fl->back > len)
		fl->back = len;
	return len - fl->back;
}

/* The length of the character before (or at) offset at. */
static size_t char_before(const char *v, size_t at)
{
	size_t n = at;
	while (n > 0 && (v[n - 1] & 0xC0) == 0x80)
		n--;
	return n > 0 ? at - n + 1 : 0;
}

static size_t char_at(const char *v, size_t at)
{
	size_t n = v[at] ? 1 : 0;
	while (v[at + n] && (v[at + n] & 0xC0) == 0x80)
		n++;
	return n;
}

static void type_char(ui_field *fl, int ch)
{
	if (fl->kind == FLD_CHOICE) {
		if (ch == ' ' && fl->nchoices)
			fl->choice = (fl->choice + 1) % fl->nchoices;
		return;
	}
	/* a suggestion is selected: what is typed replaces it */
	if (fl->suggested) {
		fl->value[0] = '\0';
		fl->back = 0;
	}
	fl->suggested = false;
	fl->edited = true;
	/* the character, checked as ui_text_append checks it, put in at
	 * the cursor */
	char mb[16] = "";
	size_t at = cursor_at(fl), len = strlen(fl->value);
	if (!ui_text_append(mb, sizeof mb, ch) ||
	    len + strlen(mb) + 1 > sizeof fl->value)
		return;
	memmove(fl->value + at + strlen(mb), fl->value + at, len - at + 1);
	memcpy(fl->value + at, mb, strlen(mb));
}

/* Backspace, Ctrl-U: the value as it is shown, edited (a suggestion
 * too: it is taken as typed).  Backspace takes the character before the
 * cursor. */
static void edit_value(ui_field *fl, bool clear)
{
	if (clear) {
		fl->value[0] = '\0';
		fl->back = 0;
	} else {
		size_t at = cursor_at(fl), n = char_before(fl->value, at);
		memmove(fl->value + at - n, fl->value + at,
		        strlen(fl->value + at) + 1);
	}
	fl->suggested = false;
	fl->edited = true;
}

/* Left, Right, Home, End in a text field: the cursor moves. */
static void move_cursor(ui_field *fl, ui_action act)
{
	size_t at = cursor_at(fl);
	if (act == ACT_F_LEFT)
		fl->back += char_before(fl->value, at);
	else if (act == ACT_F_RIGHT)
		fl->back -= char_at(fl->value, at);
	else if (act == ACT_F_HOME)
		fl->back = strlen(fl->value);
	else
		fl->back = 0;
	fl->suggested = false;   /* kept, to type on */
}

/* The whole of what is wrong on the status line, which a field's line
 * may cut at 80 columns: the field being typed in first, then any other
 * filled in that its value made wrong (a move's date by its time). */
static void say_wrong(ui_app *a, const ui_form *f)
{
	const ui_field *wrong = NULL;
	for (size_t i = 0; i < f->nf && !wrong; i++) {
		const ui_field *fl = &f->f[(f->cur + i) % f->nf];
		if (fl->bad && fl->value[0])
			wrong = fl;
	}
	if (wrong)
		ui_status(a, true, "%s: %s", wrong->label, wrong->msg);
	else if (a->status_error)
		ui_status(a, false, "%s", "");
}

/* A key for the fields; true when the field's value may have changed. */
static bool field_key(ui_app *a, ui_form *f, int key, bool fkey)
{
	ui_field *fl = &f->f[f->cur];
	switch (ui_keys_lookup(KCTX_FORM, key, fkey)) {
	case ACT_F_NEXT: f->cur = (f->cur + 1) % f->nf; return false;
	case ACT_F_PREV: f->cur = (f->cur + f->nf - 1) % f->nf; return false;
	case ACT_F_LEFT:
		if (fl->kind == FLD_CHOICE && fl->nchoices)
			fl->choice = (fl->choice + fl->nchoices - 1) % fl->nchoices;
		else if (fl->kind != FLD_CHOICE)
			move_cursor(fl, ACT_F_LEFT);
		return true;
	case ACT_F_RIGHT:
		if (fl->kind == FLD_CHOICE && fl->nchoices)
			fl->choice = (fl->choice + 1) % fl->nchoices;
		else if (fl->kind != FLD_CHOICE)
			move_cursor(fl, ACT_F_RIGHT);
		fl->suggested = false;   /* keep the suggestion, type on */
		return true;
	case ACT_F_HOME:
	case ACT_F_END:
		if (fl->kind != FLD_CHOICE)
			move_cursor(fl, ui_keys_lookup(KCTX_FORM, key, fkey));
		return false;
	case ACT_F_ENTER:
		if (f->cur + 1 < f->nf)
			f->cur++;
		else
			ui_form_review(a, f);
		return false;
	case ACT_F_ERASE: edit_value(fl, false); return true;
	case ACT_F_CLEAR: edit_value(fl, true); return true;
	case ACT_F_ABORT:
		close_form(a);
		ui_status(a, false, "Left the form: nothing written.");
		return false;
	default:
		/* no C0, DEL or C1 controls into a field: they would
		 * reach the store and, from there, other terminals */
		if (fkey || key < 32 || (key >= 127 && key < 160) ||
		    key > 0x10FFFF || (key >= 0xD800 && key <= 0xDFFF))
			return false;
		type_char(fl, key);
		return true;
	}
}

bool ui_form_key(ui_app *a, int key, bool fkey, char *ok, size_t size)
{
	ui_form *f = a->form;
	if (f->confirming) {
		ui_action act = ui_keys_lookup(KCTX_CONFIRM, key, fkey);
		if (act == ACT_YES)
			return ui_form_submit(a, f, ok, size);
		if (act == ACT_NO) {
			f->confirming = false;
			ui_status(a, false, "Nothing written; change the form or Esc.");
		}
		return false;
	}
	if (field_key(a, f, key, fkey)) {
		check_field(a, f, f->cur);
		/* some checks depend on other fields (a move's date and time) */
		ui_form_check_all(a, f);
		say_wrong(a, f);
	}
	return false;
}

static void draw_box(int y, int x, int h, int w)
{
	attr_t at = ui_theme(TH_BORDER);
	ui_clear(y, x, h, w);
	attron(at);
	mvhline(y, x, ACS_HLINE, w);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvvline(y, x, ACS_VLINE, h);
	mvvline(y, x + w - 1, ACS_VLINE, h);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attroff(at);
}

/* Add the n bytes at s to out (size bytes, holding *len). */
static void add_bytes(char *out, size_t size, size_t *len, const char *s,
                      size_t n)
{
	if (*len + n + 1 > size)
		return;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

/* What of a value fits w columns with the cursor (byte offset at) in
 * sight: from the start while the cursor is within the first columns,
 * else far enough on that it shows; "…" where text is out of sight, so
 * what was typed first is reached again with Home (or Left).  *cx: the
 * cursor's column in what is shown. */
static void field_window(const char *v, size_t at, int w, char *out,
                         size_t size, int *cx)
{
	static const char mark[] = "\u2026";
	size_t start = 0, len = 0;
	if (text_width(v) > w) {
		char head[FORM_VALUE];
		snprintf(head, sizeof head, "%.*s", (int)at, v);
		/* a column for the mark before, one for the cursor after */
		while (head[start] && text_width(head + start) > w - 2)
			start += char_at(head, start);
	}
	int used = 0;
	out[0] = '\0';
	if (start) {
		add_bytes(out, size, &len, mark, strlen(mark));
		used = 1;
	}
	*cx = -1;
	for (size_t i = start; v[i];) {
		if (i == at)
			*cx = used;
		size_t k = char_at(v, i);
		char one[8];
		snprintf(one, sizeof one, "%.*s", (int)k, v + i);
		int cw = text_width(one);
		if (used + cw > w - (v[i + k] ? 1 : 0)) {
			add_bytes(out, size, &len, mark, strlen(mark));
			break;
		}
		add_bytes(out, size, &len, v + i, k);
		used += cw;
		i += k;
	}
	if (*cx < 0)
		*cx = used;
}

static void draw_fields(ui_app *a, ui_form *f, int y, int x, int w)
{
	int lw = 18, vw = w - lw - 2;
	/* more fields than rows (a family's outcome at 80x24): the rows
	 * around the current one */
	size_t rows = (size_t)(a->rows - 10 > 1 ? a->rows - 10 : 1);
	size_t first = f->cur >= rows ? f->cur - rows + 1 : 0;
	for (size_t i = first; i < f->nf && i < first + rows; i++) {
		ui_field *fl = &f->f[i];
		bool cur = i == f->cur;
		int yy = y + (int)(i - first);
		ui_putf(yy, x, lw, cur ? A_BOLD : A_NORMAL, true, "%s%s%s:",
		        cur ? ">" : " ", fl->label, fl->required ? "*" : "");
		char shown[FORM_VALUE + 16];
		int at_col = 0;
		if (fl->kind == FLD_CHOICE)
			snprintf(shown, sizeof shown, "< %s >", ui_form_choice(fl));
		else
			field_window(fl->value, cursor_at(fl), vw / 2, shown,
			             sizeof shown, &at_col);
		attr_t at = fl->suggested ? ui_theme(TH_SELECTED) :
		            cur ? ui_theme(TH_FIELD) : A_NORMAL;
		int used = ui_put(yy, x + lw, vw, at, false, shown);
		/* where typing goes; a choice's row from its start */
		if (cur)
			ui_cursor_at(yy, fl->kind == FLD_CHOICE ? x : x + lw + at_col);
		char msg[UI_TEXT + 40];
		snprintf(msg, sizeof msg, "%s%s%s", fl->msg,
		         fl->msg[0] && cur && fl->suggested ? "; " : "",
		         cur && fl->suggested ? "typing replaces it" : "");
		if (msg[0])
			ui_put(yy, x + lw + used + 2, vw - used - 2,
			       fl->bad ? ui_theme(TH_OVERDUE) : ui_theme(TH_DIM),
			       false, msg);
	}
}

/* The form's note, wrapped at spaces into rows of w columns (bytes: a
 * row of other letters is only shorter) below the fields. */
static void draw_note(const ui_form *f, int y, int x, int w)
{
	const char *p = f->note;
	for (int row = 0; *p && row < FORM_NOTE_ROWS; row++) {
		size_t n = strlen(p);
		if (n > (size_t)w) {
			n = (size_t)w;
			while (n > 1 && p[n] != ' ')
				n--;
			if (n <= 1)
				n = (size_t)w;
		}
		char line[UI_TEXT * 2];
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		ui_put(y + row, x, w, A_NORMAL, false, line);
		p += n;
		while (*p == ' ')
			p++;
	}
}

void ui_form_draw(ui_app *a)
{
	ui_form *f = a->form;
	int w = a->cols - 4 < 100 ? a->cols - 4 : 100;
	int notes = f->note[0] && !f->confirming ? FORM_NOTE_ROWS + 1 : 0;
	int h = f->confirming ? (int)f->nlines + 5 : (int)f->nf + 6 + notes;
	if (h > a->rows - 4)
		h = a->rows - 4;
	int y = (a->rows - h) / 2, x = (a->cols - w) / 2;
	draw_box(y, x, h, w);
	ui_putf(y, x + 2, w - 4, ui_theme(TH_HEADING), false, " %s%s ",
	        f->confirming ? "Confirm: " : "", f->title);
	char keys[UI_TEXT];
	if (f->confirming) {
		ui_cursor_at(y + 2, x + 2);     /* the page's first line */
		for (size_t i = 0; i < f->nlines && (int)i < h - 4; i++)
			ui_put(y + 2 + (int)i, x + 2, w - 4, A_NORMAL, false,
			       f->lines[i]);
		snprintf(keys, sizeof keys, "%s: write it    %s/%s: back to the "
		         "form (nothing written yet)",
		         ui_keys_name(KCTX_CONFIRM, ACT_YES),
		         ui_keys_name(KCTX_CONFIRM, ACT_NO), "Esc");
		ui_put(y + h - 2, x + 2, w - 4, A_BOLD, false, keys);
		return;
	}
	draw_fields(a, f, y + 2, x + 2, w - 4);
	if (notes)
		draw_note(f, y + h - 3 - FORM_NOTE_ROWS, x + 2, w - 4);
	if (f->error[0])
		ui_put(y + h - 3, x + 2, w - 4, ui_theme(TH_ERROR), false, f->error);
	snprintf(keys, sizeof keys, "Enter: next/review  Up/Down: field  "
	         "Left/Right/Home: move, choose  Esc: leave  *required");
	ui_put(y + h - 2, x + 2, w - 4, ui_theme(TH_DIM), false, keys);
}

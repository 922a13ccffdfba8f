/* ui_form.h - forms that validate as you type.
 *
 * A form is a few fields, each checked on every key (a date field says
 * "not a date" while it is not one), then a confirmation page that shows
 * what will be written (for a move, every deadline old -> new).  Nothing
 * is written before `y`; a refused or failed write puts the reason on the
 * form and keeps every field as typed. */
#ifndef CPDESK_UI_FORM_H
#define CPDESK_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include "ui_app.h"

#define FORM_FIELDS 18   /* the outcome form: 7 + a plan a child (8) */
#define FORM_VALUE 256
#define FORM_LINES 24
#define FORM_NOTE_ROWS 3

typedef enum { FLD_TEXT, FLD_DATE, FLD_TIME, FLD_CHOICE } ui_field_kind;


/* The most choices a field offers (Left/Right go round them). */
#define UI_CHOICES_MAX 32

typedef struct ui_field {
	const char *label;
	ui_field_kind kind;
	bool required;
	char value[FORM_VALUE];      /* UTF-8 as typed */
	const char *choices[UI_CHOICES_MAX];     /* FLD_CHOICE */
	const char *choice_labels[UI_CHOICES_MAX];
	size_t nchoices, choice;
	char msg[UI_TEXT];           /* live check: what is wrong, or a hint */
	bool bad;
	/* The value was put there by the form, not typed (a pre-filled
	 * field: a suggestion, today, the current value).  Shown selected;
	 * the first printable key replaces it (issue 18: "School" + typing
	 * "Health" is "Health"); Backspace and Ctrl-U edit it as usual,
	 * Right keeps it to type on. */
	bool suggested;
	bool edited;                 /* changed by a key since it opened */
	/* The cursor, as bytes before the value's end (0: at the end, so a
	 * value put there by the form keeps it there); Left/Right, Home and
	 * End move it, typing and Backspace work at it. */
	size_t back;
} ui_field;

typedef struct ui_form ui_form;
typedef struct ui_form {
	char title[UI_TEXT];
	ui_field f[FORM_FIELDS];
	size_t nf, cur;
	bool confirming;
	char lines[FORM_LINES][UI_TEXT]; /* the confirmation page */
	size_t nlines;
	char error[sizeof(cp_error) + 16]; /* why the last write failed */
	/* what the form is about */
	void *ctx;                   /* its opener's, for the callbacks */
	void (*ctx_free)(void *ctx); /* frees ctx with the form (may be NULL) */
	uint64_t meeting_id, task_id;
	query_meeting_record rec;    /* a meeting form's meeting in full */
	size_t nplans;               /* outcome: its plan fields, one a child */
	char labels[MEETING_CHILDREN_MAX][24]; /* their labels */
	char choice_label[80];       /* a choice's label made for this form */
	cp_date task_due;            /* task done: the task */
	char task_title[UI_TEXT];
	/* said under the fields before they are filled in (the cancel form:
	 * whose approval it needs), wrapped over up to FORM_NOTE_ROWS rows */
	char note[UI_TEXT * 2];
	/* extra live check of field i (after the generic one) */
	void (*check)(ui_app *a, ui_form *f, size_t i);
	/* fill lines[] for the confirmation page; false: not ready */
	bool (*preview)(ui_app *a, ui_form *f);
	/* write; on failure err says why; ok_msg for the status line */
	cp_status (*submit)(ui_app *a, ui_form *f, char *ok_msg, size_t size,
	                    cp_error *err);
} ui_form;

ui_form *ui_form_new(const char *title);
/* A field; a non-empty value of a text, date or time field is
 * suggested (above). */
ui_field *ui_form_add(ui_form *f, const char *label, ui_field_kind kind,
                      bool required, const char *value);
/* Put a value in a field as the form's suggestion (not typed). */
void ui_form_suggest(ui_field *fl, const char *value);
void ui_form_free(ui_form *f);
/* Run every field's check (when a form opens). */
void ui_form_check_all(ui_app *a, ui_form *f);
/* Put f over the view (closing any other) with every field checked. */
void ui_form_open(ui_app *a, ui_form *f);
/* A key for the open form; closes it (a->form = NULL) when done.  true
 * when it wrote: ok then says what, for the status line once the caller
 * has re-read the store. */
bool ui_form_key(ui_app *a, int key, bool fkey, char *ok, size_t size);
void ui_form_draw(ui_app *a);
/* Check every field and fill the confirmation page: true when it is
 * ready to write (confirming), else the status line says which field is
 * wrong and f->cur is on it.  What Enter on the last field does. */
bool ui_form_review(ui_app *a, ui_form *f);
/* Write (what y on the confirmation page does): true when written (the
 * form is closed, ok says what); else f->error and the status line say
 * why and every field is kept. */
bool ui_form_submit(ui_app *a, ui_form *f, char *ok, size_t size);
/* Add a line to the confirmation page. */
void ui_form_line(ui_form *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The value of a choice field. */
const char *ui_form_choice(const ui_field *fl);
/* Parse a date field; blank gives CP_DATE_NONE.  false when bad. */
bool ui_form_date(const ui_field *fl, cp_date *out);
/* Parse HH:MM; blank gives -1.  false when bad. */
bool ui_form_time(const ui_field *fl, int *out);

#endif

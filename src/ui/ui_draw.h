/* ui_draw.h - drawing strings safely; where the body of the screen is.
 *
 * Every string goes through text_sanitize before it reaches the terminal
 * and is clipped by display columns (wide characters count two). */
#ifndef CPDESK_UI_DRAW_H
#define CPDESK_UI_DRAW_H

#include <curses.h>
#include "ui_app.h"

#define UI_MIN_ROWS 24
#define UI_MIN_COLS 80

/* Draw s at y,x in at most w columns with attr; pad the rest of w with
 * spaces when pad.  Returns the columns drawn (text only). */
int ui_put(int y, int x, int w, attr_t attr, bool pad, const char *s);
/* printf into a buffer, then ui_put. */
int ui_putf(int y, int x, int w, attr_t attr, bool pad, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Word-wrap s into the box from y to ymax (exclusive); returns the next
 * free row.  The last line ends in "..." when text is left over. */
int ui_wrap(int y, int x, int w, int ymax, attr_t attr, const char *s);
/* A horizontal rule with a title: "-- Detail ------". */
void ui_rule(int y, int x, int w, const char *title);
/* Clear a box. */
void ui_clear(int y, int x, int h, int w);

/* The terminal cursor sits on the selected row's first character in
 * every view and form, visible, so that screen readers and tmux's copy
 * mode follow the selection (issue 20).  A view draws its selected row
 * in the style ui_selected_at returns, which also records where the row
 * starts (the last one recorded wins: a form over the view, a chooser
 * over a list); what is not a row of a list (a form's field, the first
 * line of a scrolled page) says ui_cursor_at.  The console forgets the
 * place before drawing a screen and shows the cursor there after it
 * (ui_cursor_show); nothing recorded: the body's first row. */
attr_t ui_selected_at(int y, int x);
void ui_cursor_at(int y, int x);
void ui_cursor_forget(void);
void ui_cursor_show(void);

/* Header (3 rows), status and hint lines (ui_chrome.h); the body is
 * what is between. */
int ui_body_top(void);
int ui_body_height(const ui_app *a);
/* "Mon 2027-05-10". */
void ui_date_long(cp_date d, char *buf, size_t size);
/* "05-10 Mon". */
void ui_date_short(cp_date d, char *buf, size_t size);

#endif

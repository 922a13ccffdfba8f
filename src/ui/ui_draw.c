/* ui_draw.c - safe text drawing: clipped, padded, wrapped, dated.
 *
 * Strings are sanitised here, at the last moment before the terminal,
 * so no path can forget it; widths are display columns (wcwidth), so a
 * name in Welsh, Polish or Bengali lines up like an ASCII one. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "text.h"
#include "ui_draw.h"
#include "ui_text.h"
#include "ui_theme.h"

int ui_put(int y, int x, int w, attr_t attr, bool pad, const char *s)
{
	if (w <= 0 || y < 0 || x < 0)
		return 0;
	char clean[2048];
	wchar_t wbuf[1024];
	ui_text_for_terminal(s, clean, sizeof clean);
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	const char *p = clean;
	size_t left = strlen(clean), n = 0;
	int cols = 0;
	while (left > 0 && n < sizeof wbuf / sizeof wbuf[0] - 1) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, p, left, &ps);
		if (r == (size_t)-1 || r == (size_t)-2) {
			/* not in this locale's set (ui_text_for_terminal
			 * converted it): a placeholder, move on */
			memset(&ps, 0, sizeof ps);
			wc = L'?';
			r = 1;
		} else if (r == 0) {
			break;
		}
		int cw = wcwidth(wc);
		if (cw < 0) {
			wc = L'?';
			cw = 1;
		}
		if (cols + cw > w)
			break;
		wbuf[n++] = wc;
		cols += cw;
		p += r;
		left -= r;
	}
	wbuf[n] = L'\0';
	attr_t old_attr;
	short old_pair;
	attr_get(&old_attr, &old_pair, NULL);
	attrset(attr);
	mvaddnwstr(y, x, wbuf, (int)n);
	if (pad && cols < w)
		mvhline(y, x + cols, ' ', w - cols);
	attr_set(old_attr, old_pair, NULL);
	return cols;
}

int ui_putf(int y, int x, int w, attr_t attr, bool pad, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return ui_put(y, x, w, attr, pad, buf);
}

/* Display width of the first len bytes of s (sanitised UTF-8). */
static int span_width(const char *s, size_t len)
{
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	int cols = 0;
	while (len > 0) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, s, len, &ps);
		if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
			memset(&ps, 0, sizeof ps);
			r = 1;
			wc = L'?';
		}
		int cw = wcwidth(wc);
		cols += cw < 0 ? 1 : cw;
		s += r;
		len -= r;
	}
	return cols;
}

int ui_wrap(int y, int x, int w, int ymax, attr_t attr, const char *s)
{
	char clean[4096];
	text_sanitize(s ? s : "", clean, sizeof clean);
	const char *p = clean;
	while (*p && y < ymax && w > 0) {
		while (*p == ' ')
			p++;
		/* the longest run of words that fits in w columns */
		size_t len = strlen(p), cut = 0, i = 0;
		if (span_width(p, len) <= w) {
			cut = len;
		} else {
			while (i < len) {
				size_t j = i;
				while (j < len && p[j] != ' ')
					j++;
				if (span_width(p, j) > w)
					break;
				cut = j;
				i = j + 1;
			}
			if (cut == 0) {  /* one long word: cut it by columns */
				cut = 1;
				while (cut < len && span_width(p, cut + 1) <= w)
					cut++;
				while (cut < len && (p[cut] & 0xC0) == 0x80)
					cut--;
			}
		}
		char line[1024];
		size_t n = cut < sizeof line - 1 ? cut : sizeof line - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		p += cut;
		if (y == ymax - 1 && *p && w > 3) {
			/* the last row: say that text goes on */
			while (n > 0 && span_width(line, n) > w - 3)
				n--;
			while (n > 0 && (line[n] & 0xC0) == 0x80)
				n--;
			memcpy(line + n, "...", 4);
		}
		ui_put(y++, x, w, attr, false, line);
	}
	return y;
}

void ui_rule(int y, int x, int w, const char *title)
{
	attr_t a = ui_theme(TH_BORDER);
	attron(a);
	mvhline(y, x, '-', w);
	attroff(a);
	if (title && *title)
		ui_putf(y, x + 2, w - 4, ui_theme(TH_HEADING), false, " %s ",
		        title);
}

void ui_clear(int y, int x, int h, int w)
{
	for (int i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
}

void ui_date_long(cp_date d, char *buf, size_t size)
{
	if (d == CP_DATE_NONE) {
		snprintf(buf, size, "(no date)");
		return;
	}
	char iso[CP_DATE_STRLEN];
	date_format(d, iso);
	snprintf(buf, size, "%s %s", date_weekday_name(d), iso);
}

void ui_date_short(cp_date d, char *buf, size_t size)
{
	if (d == CP_DATE_NONE) {
		snprintf(buf, size, "--");
		return;
	}
	char iso[CP_DATE_STRLEN];
	date_format(d, iso);
	snprintf(buf, size, "%s %s", iso + 5, date_weekday_name(d));
}

int ui_body_top(void)
{
	return 3;
}

int ui_body_height(const ui_app *a)
{
	return a->rows - 5;
}

/* ---- the terminal cursor ------------------------------------------------ */

/* Where the selected row starts on the screen being drawn; -1: nothing
 * selected yet.  One place for the one cursor, as stdscr is one. */
static int cursor_y = -1, cursor_x = -1;

void ui_cursor_at(int y, int x)
{
	cursor_y = y;
	cursor_x = x;
}

attr_t ui_selected_at(int y, int x)
{
	ui_cursor_at(y, x);
	return ui_theme(TH_SELECTED);
}

void ui_cursor_forget(void)
{
	cursor_y = cursor_x = -1;
}

void ui_cursor_show(void)
{
	if (cursor_y < 0)
		ui_cursor_at(ui_body_top(), 0);
	move(cursor_y, cursor_x);
	curs_set(1);
}

/* ui_draw.c - safe text drawing and the console's chrome.
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
#include "ui_keys.h"
#include "ui_policy.h"
#include "ui_theme.h"

int ui_put(int y, int x, int w, attr_t attr, bool pad, const char *s)
{
	if (w <= 0 || y < 0 || x < 0)
		return 0;
	char clean[2048];
	wchar_t wbuf[1024];
	text_sanitize(s ? s : "", clean, sizeof clean);
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	const char *p = clean;
	size_t left = strlen(clean), n = 0;
	int cols = 0;
	while (left > 0 && n < sizeof wbuf / sizeof wbuf[0] - 1) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, p, left, &ps);
		if (r == (size_t)-1 || r == (size_t)-2) {
			/* not UTF-8 in this locale: show a placeholder, move on */
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

static const char *const view_names[VIEW_COUNT] = {
	"My queue", "Meetings", "Children", "Consultations", "Lists",
	"Policy",
};

static void draw_header(ui_app *a)
{
	attr_t h = ui_theme(TH_HEADER);
	char today[32], counts[96], roles[160];
	ui_date_long(a->today, today, sizeof today);
	int tw = (int)strlen(today) + 2;
	ui_putf(0, 0, a->cols - tw, h, true, " cpdesk | %s", a->cw.pol->title);
	ui_putf(0, a->cols - tw, tw, h, true, " %s", today);

	roles[0] = '\0';
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!(a->me.roles & ROLE_BIT(r)))
			continue;
		size_t len = strlen(roles);
		snprintf(roles + len, sizeof roles - len, "%s%s", len ? ", " : "",
		         policy_role_title(a->cw.pol, (cp_role)r));
	}
	snprintf(counts, sizeof counts, "  Overdue %zu%s  Today %zu%s  This week %zu%s ",
	         a->q.counts[GROUP_OVERDUE], a->q.more[GROUP_OVERDUE] ? "+" : "",
	         a->q.counts[GROUP_TODAY], a->q.more[GROUP_TODAY] ? "+" : "",
	         a->q.counts[GROUP_WEEK], a->q.more[GROUP_WEEK] ? "+" : "");
	int cw = (int)strlen(counts);
	ui_putf(1, 0, a->cols - cw, A_BOLD, true, " %s (%s) | %s", a->me_name,
	        a->me.login, roles);
	ui_put(1, a->cols - cw, cw,
	       a->q.counts[GROUP_OVERDUE] ? ui_theme(TH_OVERDUE) : A_BOLD,
	       true, counts);

	int x = 0;
	mvhline(2, 0, ' ', a->cols);
	for (int v = 0; v < VIEW_COUNT && x < a->cols; v++) {
		if (v == VIEW_POLICY && !ui_policy_allowed(a))
			continue;   /* not offered to those who may not switch */
		char tab[40];
		snprintf(tab, sizeof tab, " %d %s ", v + 1, view_names[v]);
		x += ui_put(2, x, a->cols - x,
		            ui_theme(v == (int)a->view ? TH_TAB_ON : TH_TAB),
		            false, tab) + 1;
	}
}

void ui_draw_chrome(ui_app *a)
{
	draw_header(a);
	ui_put(a->rows - 2, 0, a->cols,
	       ui_theme(a->status_error ? TH_ERROR : TH_STATUS), true,
	       a->status);
	char hints[512];
	size_t hsize = (size_t)a->cols < sizeof hints ? (size_t)a->cols : sizeof hints;
	bool opened = (a->view == VIEW_QUEUE && a->q.opened) ||
	              (a->view == VIEW_MEETINGS && a->mt.opened) ||
	              (a->view == VIEW_CHILDREN && a->ch.opened) ||
	              (a->view == VIEW_POLICY && ui_policy_opened(a));
	bool offered[ACT_COUNT];
	ui_actions_offered(a, offered);
	ui_keys_hints((int)a->view, opened, offered, hints, hsize);
	ui_putf(a->rows - 1, 0, a->cols, ui_theme(TH_HINT), true, " %s", hints);
}

void ui_draw_help(ui_app *a)
{
	static char lines[160][96];
	bool offered[ACT_COUNT];
	ui_actions_offered(a, offered);
	size_t n = ui_keys_help_lines(lines, 160, offered);
	int y0 = ui_body_top(), h = ui_body_height(a);
	ui_clear(y0, 0, h, a->cols);
	ui_rule(y0, 0, a->cols, "Help: every key (j/k scroll, any other key closes)");
	/* two columns when the terminal is wide enough */
	int ncol = a->cols >= 180 ? 2 : 1, cw = a->cols / ncol;
	size_t per = (size_t)(h - 1) * (size_t)ncol;
	if (a->help_top + per > n)
		a->help_top = n > per ? n - per : 0;
	size_t i = a->help_top;
	for (int c = 0; c < ncol; c++)
		for (int y = 1; y < h && i < n; y++, i++) {
			bool title = lines[i][0] && lines[i][0] != ' ';
			ui_put(y0 + y, c * cw + 1, cw - 2,
			       title ? ui_theme(TH_HEADING) : A_NORMAL, false,
			       lines[i]);
		}
}

void ui_draw_too_small(ui_app *a)
{
	erase();
	const char *msg = "Terminal too small (need 80x24)";
	char now[32];
	snprintf(now, sizeof now, "now %dx%d", a->cols, a->rows);
	int y = a->rows / 2;
	ui_put(y > 0 ? y - 1 : 0, 0, a->cols, A_BOLD, false, msg);
	ui_put(y, 0, a->cols, A_NORMAL, false, now);
}

/* ui_chrome.c - the header, tabs, status and hint lines and the help
 * page.  Tabs and hints come from the view table (ui_view.h), and keys
 * from the key table, so neither can disagree with what the keys do. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "text.h"
#include "ui_chrome.h"
#include "ui_common.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_theme.h"
#include "ui_view.h"

static bool offered_view(ui_app *a, const ui_view *v)
{
	return !v->cls->available || v->cls->available(a);
}

/* How the tabs are drawn: the first of these that fits the width.  A
 * tab is "N name" with a space each side (wide) or none (tight), then a
 * gap; short names are whole words ("Queue", "Consult"); past them each
 * name but the current one's is cut to one length (cap). */
typedef struct tab_fit {
	bool short_names, tight;
	size_t cap;                /* SIZE_MAX: names whole */
} tab_fit;

static const char *tab_name(const ui_view *v, const tab_fit *f)
{
	return f->short_names && v->cls->short_name ? v->cls->short_name
	                                            : v->cls->name;
}

/* The columns the offered tabs take drawn as f says. */
static int tabs_width(ui_app *a, const tab_fit *f)
{
	int used = 0;
	for (size_t i = 0; i < a->nviews; i++) {
		if (!offered_view(a, a->views[i]))
			continue;
		size_t len = strlen(tab_name(a->views[i], f));
		if (i != a->cur && len > f->cap)
			len = f->cap;
		used += (int)len + (i + 1 >= 10 ? 2 : 1) + (len ? 1 : 0) +
		        (f->tight ? 0 : 2) + 1;
	}
	return used;
}

static tab_fit tabs_fit(ui_app *a)
{
	static const tab_fit tries[] = {
		{ false, false, SIZE_MAX }, { true, false, SIZE_MAX },
		{ true, true, SIZE_MAX },
	};
	for (size_t i = 0; i < sizeof tries / sizeof *tries; i++)
		if (tabs_width(a, &tries[i]) <= a->cols)
			return tries[i];
	tab_fit f = { true, true, 20 };
	while (f.cap > 0 && tabs_width(a, &f) > a->cols)
		f.cap--;
	return f;
}

static void draw_tabs(ui_app *a)
{
	int x = 0;
	tab_fit f = tabs_fit(a);
	const char *pad = f.tight ? "" : " ";
	mvhline(2, 0, ' ', a->cols);
	for (size_t i = 0; i < a->nviews && x < a->cols; i++) {
		if (!offered_view(a, a->views[i]))
			continue;   /* e.g. Policy, to those who may not switch */
		char tab[40];
		const char *name = tab_name(a->views[i], &f);
		size_t len = strlen(name);
		if (i != a->cur && len > f.cap)
			len = f.cap;
		if (len)
			snprintf(tab, sizeof tab, "%s%zu %.*s%s", pad, i + 1, (int)len,
			         name, pad);
		else
			snprintf(tab, sizeof tab, "%s%zu%s", pad, i + 1, pad);
		x += ui_put(2, x, a->cols - x,
		            ui_theme(i == a->cur ? TH_TAB_ON : TH_TAB),
		            false, tab) + 1;
	}
}

/* A role's title in fewer columns, still in words: "(...)" left out,
 * and the words 004 itself shortens (TM/SM) or that have a short form
 * of their own.  "QA administrator" -> "QA admin", "Service manager" ->
 * "SM", "SQA (QA Team)" -> "SQA", "Director of Social Work" ->
 * "Director". */
static void role_short(const char *title, char *out, size_t size)
{
	static const char *const words[][2] = {
		{ "administrator", "admin" }, { "Administrator", "Admin" },
		{ "administration", "admin" }, { "Conference clerk", "Clerk" },
		{ " of social work", "" }, { " of Social Work", "" },
		{ "service manager", "SM" }, { "Service manager", "SM" },
		{ "team manager", "TM" }, { "Team manager", "TM" },
		{ "minute taker", "minutes" }, { "Minute taker", "Minutes" },
	};
	char buf[160];
	size_t n = 0;
	for (const char *p = title; *p && n + 1 < sizeof buf;) {
		if (*p == '(') {            /* "(QA Team)": left out */
			const char *e = strchr(p, ')');
			p = e ? e + 1 : p + strlen(p);
			while (n && buf[n - 1] == ' ' && (*p == ' ' || !*p))
				n--;
			continue;
		}
		size_t i = 0, k = sizeof words / sizeof words[0];
		for (; i < k; i++)
			if (!strncmp(p, words[i][0], strlen(words[i][0])))
				break;
		if (i < k && strlen(words[i][1]) + n + 1 < sizeof buf) {
			memcpy(buf + n, words[i][1], strlen(words[i][1]));
			n += strlen(words[i][1]);
			p += strlen(words[i][0]);
		} else {
			buf[n++] = *p++;
		}
	}
	buf[n] = '\0';
	snprintf(out, size, "%s", buf);
}

/* The worker's roles in at most w columns: the policy's titles; if they
 * do not fit, their short forms; then the roles that fit whole, in
 * order, and "+N" for the rest, so no role is cut into a look-alike. */
static void roles_text(ui_app *a, int w, char *out, size_t size)
{
	for (int pass = 0; pass < 3; pass++) {
		size_t len = 0;
		int left = 0;
		out[0] = '\0';
		for (int r = 0; r < ROLE_COUNT; r++) {
			if (!(a->me.worker.roles & ROLE_BIT(r)))
				continue;
			char t[160];
			const char *title = policy_role_title(a->cw.pol, (cp_role)r);
			if (pass)
				role_short(title, t, sizeof t);
			else
				snprintf(t, sizeof t, "%s", title);
			char more[16];
			snprintf(more, sizeof more, ", +%d", ROLE_COUNT);
			int room = w - (pass == 2 ? (int)strlen(more) : 0);
			if ((len && text_width(out) + 2 + text_width(t) > room)
			    || (!len && text_width(t) > room && pass == 2)) {
				left++;
				continue;
			}
			snprintf(out + len, size - len, "%s%s", len ? ", " : "", t);
			len = strlen(out);
		}
		if (pass == 2 && left) {
			size_t l2 = strlen(out);
			snprintf(out + l2, size - l2, "%s+%d", l2 ? ", " : "", left);
		}
		if (!left && text_width(out) <= w)
			return;
	}
}

static void draw_header(ui_app *a)
{
	attr_t h = ui_theme(TH_HEADER);
	char today[32], counts[96], roles[320], who[160];
	ui_date_long(a->today, today, sizeof today);
	int tw = (int)strlen(today) + 2;
	ui_putf(0, 0, a->cols - tw, h, true, " cpdesk | %s", a->cw.pol->title);
	ui_putf(0, a->cols - tw, tw, h, true, " %s", today);

	const size_t *n = a->counts;
	const bool *more = a->more;
	snprintf(counts, sizeof counts,
	         "  Overdue %zu%s  Today %zu%s  This week %zu%s ",
	         n[QUERY_GROUP_OVERDUE], more[QUERY_GROUP_OVERDUE] ? "+" : "",
	         n[QUERY_GROUP_TODAY], more[QUERY_GROUP_TODAY] ? "+" : "",
	         n[QUERY_GROUP_WEEK], more[QUERY_GROUP_WEEK] ? "+" : "");
	int cw = (int)strlen(counts);
	snprintf(who, sizeof who, " %s (%s) | ", a->me_name, a->me.worker.login);
	roles_text(a, a->cols - cw - text_width(who) - 1, roles, sizeof roles);
	ui_putf(1, 0, a->cols - cw, A_BOLD, true, "%s%s", who, roles);
	ui_put(1, a->cols - cw, cw,
	       n[QUERY_GROUP_OVERDUE] ? ui_theme(TH_OVERDUE) : A_BOLD,
	       true, counts);
	draw_tabs(a);
}

void ui_draw_chrome(ui_app *a)
{
	draw_header(a);
	ui_put(a->rows - 2, 0, a->cols,
	       ui_theme(a->status_error ? TH_ERROR : TH_STATUS), true,
	       a->status);
	char hints[512];
	size_t hsize = (size_t)a->cols < sizeof hints ? (size_t)a->cols : sizeof hints;
	const ui_view *v = a->views[a->cur];
	bool opened = v->cls->opened && v->cls->opened(v);
	bool offered[ACT_COUNT];
	ui_actions_offered(a, offered);
	ui_keys_hints(v->cls->hints, v->cls->open_hint, opened, offered, hints,
	              hsize);
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

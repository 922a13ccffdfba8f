/* ui_team.c - Team: a manager's workers, each with their children, open
 * and overdue tasks, what is due this week and next, and a heat map of
 * the deadlines of the next 8 weeks (team.h reads the figures, from the
 * indexes; they name no child, so nothing goes on the record).
 *
 * Offered to those whose roles see other workers' cases (team_may: a
 * team's, a service's or every case, as the policy's permissions say).
 * Enter on a worker opens their queue (query_queue_get, as My queue
 * shows one's own, on the record as "console: team queue"); Enter on a
 * task there opens it in full (the child, the meeting and its timeline,
 * as My queue's Enter); Esc goes back.  [ and ] show the team before or
 * after among those the actor may see; f takes a team's name or a
 * worker's login: a worker the actor may not see is refused, saying why,
 * as a child is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "team.h"
#include "text.h"
#include "ui_common.h"
#include "ui_detail.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layout.h"
#include "ui_theme.h"
#include "ui_view.h"

#define GROUP_LIMIT 200          /* a queue group's rows, as My queue */
#define WIDE 104                 /* from here, words in full and logins */

/* A line of the team: a team's heading (w NULL) or a worker. */
typedef struct trow {
	const team_worker *w;
	const char *team;
} trow;

/* A line of a worker's queue: a group's heading (t NULL) or a task. */
typedef struct qline {
	int group;
	const query_task *t;
} qline;

typedef struct team_view {
	ui_view base;
	char team[UI_NAME];          /* the team shown; "": the actor's own */
	team_figures fig;
	trow *rows;
	ui_list list;
	bool typing;                 /* f: a team or a login being typed */
	char typed[UI_NAME];
	/* a worker's queue (Enter on a worker) */
	bool opened;
	char login[MODEL_ID_MAX + 1];
	char who[UI_NAME];
	query_queue queue;
	qline *qlines;
	ui_list qlist;
	bool task_opened;            /* Enter on a task: it in full */
	ui_detail det;
} team_view;

static bool row_ok(const void *ctx, size_t i)
{
	return ((const team_view *)ctx)->rows[i].w != NULL;
}

static bool qline_ok(const void *ctx, size_t i)
{
	return ((const team_view *)ctx)->qlines[i].t != NULL;
}

static const team_worker *selected_worker(const team_view *v)
{
	return v->list.sel < v->list.n ? v->rows[v->list.sel].w : NULL;
}

static const query_task *selected_task(const team_view *v)
{
	return v->opened && v->qlist.sel < v->qlist.n ? v->qlines[v->qlist.sel].t
	                                             : NULL;
}

static bool team_available(ui_app *a)
{
	cp_error err;
	return team_may(&a->cw, &err) == CP_OK;
}

/* ---- the team ---------------------------------------------------------- */

/* The rows: a heading before each team's workers when they span teams. */
static cp_status build_rows(team_view *v)
{
	const team_figures *f = &v->fig;
	bool several = false;
	for (size_t i = 1; i < f->n && !several; i++)
		several = strcmp(f->v[i].team, f->v[0].team) != 0;
	trow *rows = calloc(2 * f->n + 1, sizeof *rows);
	if (!rows)
		return CP_FAILED;
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (several && (!i || strcmp(f->v[i].team, f->v[i - 1].team)))
			rows[n++].team = f->v[i].team;
		rows[n].team = f->v[i].team;
		rows[n++].w = &f->v[i];
	}
	free(v->rows);
	v->rows = rows;
	v->list.n = n;
	return CP_OK;
}

/* Read the team v->team (the selection kept by login); a team that can no
 * longer be read (gone, or no longer to be seen) gives way to one's own. */
static cp_status read_team(team_view *v, ui_app *a)
{
	char keep[MODEL_ID_MAX + 1] = "";
	if (selected_worker(v))
		snprintf(keep, sizeof keep, "%s", selected_worker(v)->login);
	team_filter f = { .team = v->team, .today = a->today };
	team_figures read;
	cp_error err;
	cp_status st = team_read(&a->cw, &f, &read, &err);
	if (st != CP_OK && v->team[0]) {
		ui_status(a, true, "%s", err.msg);
		v->team[0] = '\0';
		return read_team(v, a);
	}
	if (st != CP_OK) {
		ui_status(a, true, "cannot read your team: %s", err.msg);
		return st;
	}
	team_figures_free(&v->fig);
	v->fig = read;
	CP_TRY(build_rows(v));
	v->list.sel = 0;
	for (size_t i = 0; keep[0] && i < v->list.n; i++)
		if (v->rows[i].w && !strcmp(v->rows[i].w->login, keep))
			v->list.sel = i;
	ui_list_fix(&v->list, 0, row_ok, v);
	return CP_OK;
}

/* ---- a worker's queue -------------------------------------------------- */

static void close_worker(team_view *v)
{
	v->opened = v->task_opened = false;
	query_queue_free(&v->queue);
	free(v->qlines);
	v->qlines = NULL;
	v->qlist.n = 0;
}

/* The queue read (by group, due, kind, id), a heading before each group. */
static cp_status queue_lines(team_view *v)
{
	const query_tasks *ts = &v->queue.tasks;
	qline *l = calloc(ts->n + QUERY_GROUP_COUNT + 1, sizeof *l);
	if (!l)
		return CP_FAILED;
	size_t n = 0, j = 0;
	for (int g = 0; g < QUERY_GROUP_COUNT; g++) {
		l[n++].group = g;
		for (; j < ts->n && ts->v[j].group == g; j++, n++) {
			l[n].group = g;
			l[n].t = &ts->v[j];
		}
	}
	free(v->qlines);
	v->qlines = l;
	v->qlist.n = n;
	return CP_OK;
}

/* Read v->login's queue; refused (another team's) or failed: said on the
 * status line, and false. */
static bool read_worker(team_view *v, ui_app *a)
{
	uint64_t keep = selected_task(v) ? selected_task(v)->task.id : 0;
	query_queue q;
	cp_error err;
	if (query_queue_get(&a->cw, v->login, a->today, GROUP_LIMIT,
	                    "console: team queue", &q, &err) != CP_OK) {
		ui_status(a, true, "%s", err.msg);
		return false;
	}
	query_queue_free(&v->queue);
	v->queue = q;
	if (queue_lines(v) != CP_OK) {
		ui_status(a, true, "out of memory");
		return false;
	}
	for (size_t i = 0; keep && i < v->qlist.n; i++)
		if (v->qlines[i].t && v->qlines[i].t->task.id == keep)
			v->qlist.sel = i;
	ui_list_fix(&v->qlist, 0, qline_ok, v);
	return true;
}

/* The name shown for a login: the row's, else the worker's record's. */
static void name_of(team_view *v, ui_app *a, const char *login)
{
	for (size_t i = 0; i < v->fig.n; i++)
		if (!strcmp(v->fig.v[i].login, login)) {
			ui_copy(v->who, sizeof v->who, v->fig.v[i].name);
			return;
		}
	char *name = NULL;
	cp_error err;
	const char *one[1] = { login };
	if (query_worker_names(&a->cw, one, 1, &name, &err) == CP_OK && name)
		ui_copy(v->who, sizeof v->who, name);
	else
		ui_copy(v->who, sizeof v->who, login);
	free(name);
}

/* Open login's queue (Enter on a worker, or a login typed after f). */
static void open_worker(team_view *v, ui_app *a, const char *login)
{
	char was[MODEL_ID_MAX + 1];
	snprintf(was, sizeof was, "%s", v->login);
	snprintf(v->login, sizeof v->login, "%s", login);
	v->qlist.sel = v->qlist.top = 0;
	if (!read_worker(v, a)) {
		snprintf(v->login, sizeof v->login, "%s", was);
		return;
	}
	v->opened = true;
	v->task_opened = false;
	name_of(v, a, login);
}

/* ---- loading ----------------------------------------------------------- */

static cp_status team_load(ui_view *vv, ui_app *a, bool shown)
{
	team_view *v = (team_view *)vv;
	(void)shown;
	if (!team_available(a))
		return CP_REFUSED;
	if (v->opened && !read_worker(v, a))
		close_worker(v);        /* no longer to be seen: back to the team */
	if (v->opened && v->task_opened) {
		const query_task *t = selected_task(v);
		ui_detail_show(a, &v->det, t ? t->task.id : 0,
		               t ? t->task.meeting_id : 0);
	}
	if (v->opened)
		return CP_OK;
	return read_team(v, a);
}

/* ---- drawing: the team ------------------------------------------------- */

/* Columns: the worker, then the figures (each right-aligned, a space
 * before), then a cell a week. */
typedef struct cols {
	int name, fig[5], cell, heat;   /* widths; heat: where the weeks start */
	bool wide;
} cols;

static cols layout(int w)
{
	cols c = { .wide = w >= WIDE };
	static const int narrow[5] = { 9, 5, 8, 5, 5 }, wide[5] = { 9, 6, 9, 11, 11 };
	int figs = 0;
	for (int i = 0; i < 5; i++)
		figs += c.fig[i] = c.wide ? wide[i] : narrow[i];
	c.cell = c.wide ? 5 : 4;
	c.name = w - figs - c.cell * TEAM_WEEKS - 1;
	if (c.name > 40)
		c.name = 40;
	c.heat = c.name + figs + 1;
	return c;
}

static void draw_headers(team_view *v, const cols *c, int y, int w)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static const char *const narrow[5] = { "Children", "Open", "Overdue",
	                                       "This", "Next" };
	static const char *const wide[5] = { "Children", "Open", "Overdue",
	                                     "This week", "Next week" };
	attr_t h = ui_theme(TH_HEADING);
	ui_put(y, 0, w, A_NORMAL, true, "");
	ui_put(y + 1, 0, w, h, true, "Worker");
	if (!c->wide)   /* "Due" over "This" and "Next" */
		ui_putf(y, c->name + c->fig[0] + c->fig[1] + c->fig[2],
		        c->fig[3] + c->fig[4], h, false, "%*s%*s", c->fig[3],
		        "Due", c->fig[4], "Due");
	int x = c->name;
	for (int i = 0; i < 5; i++) {
		const char *t = c->wide ? wide[i] : narrow[i];
		ui_putf(y + 1, x, c->fig[i], h, false, "%*s", c->fig[i], t);
		x += c->fig[i];
	}
	int last = -1;
	for (int i = 0; i < TEAM_WEEKS; i++) {
		int yy, m, d;
		date_to_ymd(v->fig.week0 + 7 * i, &yy, &m, &d);
		if (m != last)
			ui_put(y, c->heat + c->cell * i + (c->cell - 3), 3, h, false,
			       months[m - 1]);
		last = m;
		ui_putf(y + 1, c->heat + c->cell * i, c->cell, h, false, "%*d",
		        c->cell, d);
	}
}

static void draw_cells(const team_counts *n, const cols *c, int y, attr_t sel)
{
	static const ui_style style[TEAM_HEAT_COUNT] = {
		TH_NORMAL, TH_HEAT_LIGHT, TH_HEAT_BUSY, TH_HEAT_HEAVY };
	for (int i = 0; i < TEAM_WEEKS; i++) {
		char cell[16];
		team_heat_cell(n->week[i], cell, sizeof cell);
		team_heat h = team_heat_of(n->week[i]);
		attr_t at = h == TEAM_HEAT_NONE ? sel : ui_theme(style[h]);
		if (!ui_theme_colour())
			at |= sel;
		int x = c->heat + c->cell * i;
		ui_put(y, x, 1, sel, true, "");
		ui_putf(y, x + 1, c->cell - 1, at, false, "%*s", c->cell - 1, cell);
	}
}

static void draw_figures(const team_counts *n, const cols *c, int y,
                         attr_t at)
{
	const size_t f[5] = { n->children, n->open, n->overdue,
	                      TEAM_THIS_WEEK(n), TEAM_NEXT_WEEK(n) };
	int x = c->name;
	for (int i = 0; i < 5; i++) {
		attr_t a = i == 2 && f[i] ? (at | ui_theme(TH_OVERDUE)) : at;
		ui_putf(y, x, c->fig[i], a, true, "%*zu", c->fig[i], f[i]);
		x += c->fig[i];
	}
}

static void draw_worker(const team_worker *w, const cols *c, int y, int wd,
                        bool sel)
{
	attr_t at = sel ? ui_selected_at(y, 0) : A_NORMAL;
	char who[UI_TEXT];
	if (c->wide)
		snprintf(who, sizeof who, " %s (%s)%s", w->name, w->login,
		         w->left ? " left" : "");
	else
		snprintf(who, sizeof who, " %s%s", w->name, w->left ? " (left)" : "");
	ui_put(y, 0, wd, at, true, "");
	ui_put(y, 0, c->name, at, true, who);
	draw_figures(&w->n, c, y, at);
	draw_cells(&w->n, c, y, at);
}

static void draw_team(team_view *v, ui_app *a, int y, int h)
{
	int w = a->cols, ymax = y + h;
	cols c = layout(w);
	char title[UI_TEXT], day[32];
	ui_date_long(a->today, day, sizeof day);
	if (v->team[0])
		snprintf(title, sizeof title, "Team: %s (%zu %s), %s", v->team,
		         v->fig.n, v->fig.n == 1 ? "worker" : "workers", day);
	else
		snprintf(title, sizeof title, "Your workers (%zu), %s", v->fig.n,
		         day);
	ui_rule(y, 0, w, title);
	ui_putf(y + 1, 0, w, ui_theme(TH_DIM), true,
	        "Enter: their queue  %s: a team or a login  %s %s: team "
	        "before/after (%zu you may see)",
	        ui_keys_name(KCTX_LIST, ACT_FILTER),
	        ui_keys_name(KCTX_LIST, ACT_EARLIER),
	        ui_keys_name(KCTX_LIST, ACT_LATER), v->fig.teams.n);
	if (v->typing) {
		ui_putf(y + 1, 0, w, A_BOLD, true, "Team or login: %s_", v->typed);
	}
	draw_headers(v, &c, y + 2, w);
	int top = y + 4, rows = ymax - top - 2;   /* total and key below */
	if (!v->fig.n) {
		ui_put(top + 1, 2, w - 2, A_NORMAL, false,
		       "No workers: you manage no one, and nobody else is in your "
		       "team.");
		ui_put(top + 2, 2, w - 2, A_NORMAL, false,
		       "Choose a team: ] the next, or f and type its name.");
		return;
	}
	if (rows < 1)
		rows = 1;
	ui_list_fix(&v->list, (size_t)rows, row_ok, v);
	for (int i = 0; i < rows && v->list.top + (size_t)i < v->list.n; i++) {
		size_t r = v->list.top + (size_t)i;
		const trow *row = &v->rows[r];
		if (!row->w)
			ui_putf(top + i, 0, w, ui_theme(TH_HEADING), true, "%s",
			        *row->team ? row->team : "No team");
		else
			draw_worker(row->w, &c, top + i, w, r == v->list.sel &&
			            !v->typing);
	}
	int ty = top + (rows < (int)v->list.n ? rows : (int)v->list.n);
	ui_put(ty, 0, c.name, A_BOLD, true, " Total");
	draw_figures(&v->fig.total, &c, ty, A_BOLD);
	draw_cells(&v->fig.total, &c, ty, A_BOLD);
	ui_put(ymax - 1, 0, w, ui_theme(TH_DIM), true, team_heat_legend);
}

/* ---- drawing: a worker's queue ----------------------------------------- */

static void draw_task(const qline *l, int y, int w, bool sel)
{
	const query_task *t = l->t;
	attr_t at = l->group == QUERY_GROUP_OVERDUE ? ui_theme(TH_OVERDUE) :
	            l->group == QUERY_GROUP_TODAY ? ui_theme(TH_TODAY) : A_NORMAL;
	if (sel)
		at |= ui_selected_at(y, 0);
	char due[CP_DATE_STRLEN], meeting[48];
	date_format(t->task.due, due);
	ui_task_meeting(t, meeting, sizeof meeting);
	int cw = w >= 120 ? 26 : 16, mw = 17;
	ui_put(y, 0, w, at, true, "");
	ui_putf(y, 0, 13, at, true, "%s %s",
	        t->task.kind == TASK_ESCALATION ? "^" :
	        t->task.kind == TASK_REMINDER ? "*" :
	        l->group == QUERY_GROUP_OVERDUE ? "!" : " ", due);
	ui_put(y, 13, cw, at, true, t->child_name);
	ui_put(y, 14 + cw, mw, at, true, meeting);
	ui_put(y, 14 + cw + mw, w - 14 - cw - mw, at, true, t->task.title);
}

static void draw_queue(team_view *v, ui_app *a, int y, int h)
{
	int w = a->cols;
	char title[UI_TEXT];
	snprintf(title, sizeof title, "%s (%s): their queue (Esc: back)",
	         v->who, v->login);
	ui_rule(y, 0, w, title);
	int rows = h - 1;
	ui_list_fix(&v->qlist, (size_t)rows, qline_ok, v);
	for (int i = 0; i < rows && v->qlist.top + (size_t)i < v->qlist.n; i++) {
		size_t r = v->qlist.top + (size_t)i;
		const qline *l = &v->qlines[r];
		if (!l->t) {
			size_t n = v->queue.counts[l->group];
			ui_putf(y + 1 + i, 0, w, ui_theme(TH_HEADING), true,
			        "%s (%zu%s)%s", query_group_name(l->group), n,
			        v->queue.more[l->group] ? "+" : "",
			        n ? "" : ": nothing due");
			continue;
		}
		draw_task(l, y + 1 + i, w, r == v->qlist.sel);
	}
	if (v->queue.tasks.n == 0 && rows > QUERY_GROUP_COUNT + 1)
		ui_putf(y + 2 + QUERY_GROUP_COUNT, 2, w - 2, A_NORMAL, false,
		        "No open tasks of %s's that you may see.", v->who);
}

static void team_draw(ui_view *vv, ui_app *a, int y, int h)
{
	team_view *v = (team_view *)vv;
	if (v->opened && v->task_opened) {
		ui_detail_full(a, &v->det, y, h, "Task (Esc: back to the queue)");
		return;
	}
	if (v->opened) {
		draw_queue(v, a, y, h);
		return;
	}
	draw_team(v, a, y, h);
}

/* ---- keys -------------------------------------------------------------- */

/* [ or ]: the team before or after, among "" (one's own) and the teams
 * the actor may see. */
static void step_team(team_view *v, ui_app *a, int dir)
{
	const str_vec *t = &v->fig.teams;
	long n = (long)t->n + 1, at = 0;
	for (size_t i = 0; v->team[0] && i < t->n; i++)
		if (!strcmp(t->v[i], v->team))
			at = (long)i + 1;
	at = ((at + dir) % n + n) % n;
	ui_copy(v->team, sizeof v->team, at ? t->v[at - 1] : "");
	v->list.sel = v->list.top = 0;
	read_team(v, a);
}

/* f, Enter: a worker's login opens their queue (refused when not the
 * actor's to see); anything else is a team's name; nothing, one's own. */
static void choose(team_view *v, ui_app *a)
{
	cp_worker w;
	bool found = false;
	cp_error err;
	if (v->typed[0] &&
	    query_worker(&a->cw, v->typed, &w, &found, &err) == CP_OK && found) {
		cp_worker_free(&w);
		open_worker(v, a, v->typed);
		return;
	}
	a->status[0] = '\0';
	a->status_error = false;
	ui_copy(v->team, sizeof v->team, v->typed);
	v->list.sel = v->list.top = 0;
	read_team(v, a);        /* not there, or not theirs: says why */
}

static bool typing_key(team_view *v, ui_app *a, ui_action act, int ch,
                       bool is_char)
{
	switch (act) {
	case ACT_F_ENTER:
		v->typing = false;
		choose(v, a);
		return true;
	case ACT_F_ABORT:
		v->typing = false;
		a->status[0] = '\0';
		return true;
	case ACT_F_ERASE: ui_text_erase(v->typed); return true;
	case ACT_F_CLEAR: v->typed[0] = '\0'; return true;
	default:
		return is_char && ch >= 32 && ch != 127 &&
		       ui_text_append(v->typed, sizeof v->typed, ch);
	}
}

static bool queue_key(team_view *v, ui_app *a, ui_action act)
{
	if (v->task_opened) {
		if (act == ACT_BACK)
			v->task_opened = false;
		return act == ACT_BACK;
	}
	if (ui_list_key(&v->qlist, act, ui_body_height(a) / 2, qline_ok, v))
		return true;
	const query_task *t = selected_task(v);
	if (act == ACT_OPEN && t) {
		v->task_opened = ui_detail_open(a, &v->det, t->task.id,
		                                t->task.meeting_id);
		return true;
	}
	if (act == ACT_BACK) {
		close_worker(v);
		read_team(v, a);
		return true;
	}
	return false;
}

static bool team_key(ui_view *vv, ui_app *a, ui_action act, int ch,
                     bool is_char)
{
	team_view *v = (team_view *)vv;
	if (v->typing)
		return typing_key(v, a, act, ch, is_char);
	if (v->opened)
		return queue_key(v, a, act);
	if (ui_list_key(&v->list, act, ui_body_height(a) / 2, row_ok, v))
		return true;
	switch (act) {
	case ACT_OPEN:
		if (selected_worker(v))
			open_worker(v, a, selected_worker(v)->login);
		return true;
	case ACT_EARLIER:
	case ACT_LATER:
		step_team(v, a, act == ACT_LATER ? 1 : -1);
		return true;
	case ACT_FILTER:
		v->typing = true;
		v->typed[0] = '\0';
		ui_status(a, false, "Type a team's name or a worker's login; "
		          "Enter to show it, Esc to stop");
		return true;
	default:
		return false;
	}
}

static void team_selected(const ui_view *vv, ui_sel *out)
{
	const team_view *v = (const team_view *)vv;
	const query_task *t = selected_task(v);
	if (!t)
		return;
	out->meeting_id = t->task.meeting_id;
	out->child_id = t->task.child_id;
}

static bool team_opened(const ui_view *vv)
{
	return ((const team_view *)vv)->opened;
}

static bool team_typing(const ui_view *vv)
{
	return ((const team_view *)vv)->typing;
}

static void team_free(ui_view *vv)
{
	team_view *v = (team_view *)vv;
	close_worker(v);
	team_figures_free(&v->fig);
	free(v->rows);
	v->rows = NULL;
	v->list.n = 0;
	ui_detail_free(&v->det);
}

static const ui_action team_hints[] = { ACT_OPEN, ACT_NONE };

/* The line-by-line mode: the workers with their figures in words (the
 * heat map's weeks as numbers), or the opened worker's queue. */
static bool team_plain_row(const ui_view *vv, ui_app *a, size_t i, char *buf,
                           size_t size, bool *pick)
{
	const team_view *v = (const team_view *)vv;
	(void)a;
	if (v->opened) {
		if (i == 0) {
			*pick = false;
			snprintf(buf, size, "%s's queue (back: the team):", v->who);
			return true;
		}
		if (i - 1 >= v->qlist.n)
			return false;
		const qline *l = &v->qlines[i - 1];
		*pick = l->t != NULL;
		if (!l->t) {
			snprintf(buf, size, "%s:", query_group_name(l->group));
			return true;
		}
		char due[32], meeting[48];
		ui_date_long(l->t->task.due, due, sizeof due);
		ui_task_meeting(l->t, meeting, sizeof meeting);
		snprintf(buf, size, "Due %s%s: %s, %s: %s", due,
		         l->group == QUERY_GROUP_OVERDUE ? ", overdue" : "",
		         l->t->child_name, meeting, l->t->task.title);
		return true;
	}
	if (i >= v->list.n)
		return false;
	const trow *r = &v->rows[i];
	*pick = r->w != NULL;
	if (!r->w) {
		snprintf(buf, size, "Team %s:", r->team);
		return true;
	}
	const team_counts *n = &r->w->n;
	size_t len = (size_t)snprintf(buf, size, "%s (%s)%s: children %zu, "
	        "open %zu, overdue %zu, due this week %zu, next week %zu; "
	        "by week", r->w->name, r->w->login, r->w->left ? ", left" : "",
	        n->children, n->open, n->overdue, TEAM_THIS_WEEK(n),
	        TEAM_NEXT_WEEK(n));
	for (int k = 0; k < TEAM_WEEKS && len < size; k++)
		len += (size_t)snprintf(buf + len, size - len, " %zu", n->week[k]);
	return true;
}

static void team_plain_pick(ui_view *vv, ui_app *a, size_t i)
{
	team_view *v = (team_view *)vv;
	(void)a;
	if (v->opened) {
		v->qlist.sel = i - 1;
		v->task_opened = false;
	} else {
		v->list.sel = i;
	}
}

const ui_view_class ui_team_class = {
	.name = "Team",
	.size = sizeof(team_view),
	.hints = team_hints,
	.available = team_available,
	.unavailable = "The Team view is not available to you: it is for those "
	               "whose roles see other workers' cases (the policy's "
	               "permissions).",
	.load = team_load,
	.draw = team_draw,
	.key = team_key,
	.selected = team_selected,
	.opened = team_opened,
	.typing = team_typing,
	.free = team_free,
	.plain_row = team_plain_row,
	.plain_pick = team_plain_pick,
};

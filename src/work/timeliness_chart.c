/* timeliness_chart.c - the timeliness figures handed to the chart module
 * (chart_render.h) as plain data: a series a measure, a team's heat map
 * (team.h), the pages. */
#include <stdio.h>
#include <stdlib.h>

#include "chart_module.h"
#include "team.h"
#include "timeliness.h"

/* The title, the grid, a page a measure, then the heat map's pages (a
 * national director's hundreds of workers: as many as fit). */
#define CHART_PAGES_MAX (2 + TM_COUNT + 64)

typedef struct chart_data {
	char labels[TM_MONTHS_MAX][8];
	const char *label_ptr[TM_MONTHS_MAX];
	int tenths[TM_COUNT][TM_MONTHS_MAX];
	unsigned due[TM_COUNT][TM_MONTHS_MAX];
	chart_series series[TM_COUNT];
	char line[4][512];
	const char *lines[4];
	chart_page pages[CHART_PAGES_MAX];
} chart_data;

static void fill_series(const timeliness *t, chart_data *c)
{
	for (size_t mo = 0; mo < t->nmonths; mo++) {
		char d[CP_DATE_STRLEN];
		date_format(t->month[mo], d);
		snprintf(c->labels[mo], sizeof c->labels[mo], "%.7s", d);
		c->label_ptr[mo] = c->labels[mo];
	}
	for (int m = 0; m < TM_COUNT; m++) {
		for (size_t mo = 0; mo < t->nmonths; mo++) {
			c->tenths[m][mo] = tm_percent_tenths(&t->by_month[mo][m]);
			c->due[m][mo] = t->by_month[mo][m].due;
		}
		c->series[m] = (chart_series){
			.title = tm_measure_title((tm_measure)m), .n = t->nmonths,
			.labels = c->label_ptr, .tenths = c->tenths[m], .due = c->due[m],
			.total_due = t->total[m].due, .total_on_time = t->total[m].on_time,
			.total_tenths = tm_percent_tenths(&t->total[m]),
		};
	}
}

static void fill_lines(const timeliness *t, chart_data *c)
{
	char f[CP_DATE_STRLEN], to[CP_DATE_STRLEN], td[CP_DATE_STRLEN];
	date_format(t->from, f);
	date_format(t->to, to);
	date_format(t->today, td);
	const char *team = *t->team ? t->team : "every team the reader sees";
	snprintf(c->line[0], sizeof c->line[0], "%s to %s, team: %s, policy: %s",
	         f, to, team, t->policy_id);
	snprintf(c->line[1], sizeof c->line[1], "Team: %s", team);
	snprintf(c->line[2], sizeof c->line[2], "Policy: %s (%s)", t->policy_id,
	         t->policy_title);
	snprintf(c->line[3], sizeof c->line[3], "As of %s; each meeting counted "
	         "in the month it was held (doc/timeliness.md)", td);
	for (int i = 0; i < 4; i++)
		c->lines[i] = c->line[i];
}

static cp_status draw(const timeliness *t, tm_chart_kind kind,
                      const chart_heat *heat, unsigned char **out,
                      size_t *len, cp_error *err);

/* The heat map as the chart module takes it: its strings live in h (a
 * block the caller frees with heat_free). */
typedef struct heat_data {
	chart_heat heat;
	char title[256], week[TEAM_WEEKS][8];
	const char *weeks[TEAM_WEEKS];
	const char **names, **cells;
	char (*text)[8];
	unsigned char *levels;
} heat_data;

static void heat_free(heat_data *h)
{
	free(h->names);
	free(h->cells);
	free(h->text);
	free(h->levels);
}

static cp_status heat_fill(const team_figures *f, heat_data *h, cp_error *err)
{
	size_t cells = f->n * TEAM_WEEKS;
	h->names = calloc(f->n ? f->n : 1, sizeof *h->names);
	h->cells = calloc(cells ? cells : 1, sizeof *h->cells);
	h->text = calloc(cells ? cells : 1, sizeof *h->text);
	h->levels = calloc(cells ? cells : 1, 1);
	if (!h->names || !h->cells || !h->text || !h->levels)
		return cp_oom(err);
	for (size_t w = 0; w < TEAM_WEEKS; w++) {
		char d[CP_DATE_STRLEN];
		date_format(f->week0 + 7 * (cp_date)w, d);
		snprintf(h->week[w], sizeof h->week[w], "%.5s", d + 5);
		h->weeks[w] = h->week[w];
	}
	for (size_t r = 0; r < f->n; r++) {
		h->names[r] = f->v[r].name;
		for (size_t w = 0; w < TEAM_WEEKS; w++) {
			size_t i = r * TEAM_WEEKS + w, due = f->v[r].n.week[w];
			team_heat_cell(due, h->text[i], sizeof h->text[i]);
			h->cells[i] = h->text[i];
			h->levels[i] = (unsigned char)team_heat_of(due);
		}
	}
	char td[CP_DATE_STRLEN];
	date_format(f->today, td);
	snprintf(h->title, sizeof h->title, "Deadlines per worker per week, "
	         "%s%s, as of %s", *f->team ? "team " : "the reader's workers",
	         f->team, td);
	h->heat = (chart_heat){
		.title = h->title, .legend = team_heat_legend, .nweeks = TEAM_WEEKS,
		.weeks = h->weeks, .nrows = f->n, .names = h->names,
		.cells = h->cells, .levels = h->levels,
	};
	return CP_OK;
}

cp_status timeliness_chart(const timeliness *t, tm_chart_kind kind,
                           const team_figures *team, unsigned char **out,
                           size_t *len, cp_error *err)
{
	heat_data *h = NULL;
	if (kind == TM_CHART_PDF && team && team->n) {
		if (!(h = calloc(1, sizeof *h)))
			return cp_oom(err);
		cp_status st = heat_fill(team, h, err);
		if (st != CP_OK) {
			heat_free(h);
			free(h);
			return st;
		}
	}
	cp_status st = draw(t, kind, h ? &h->heat : NULL, out, len, err);
	if (h)
		heat_free(h);
	free(h);
	return st;
}

static cp_status draw(const timeliness *t, tm_chart_kind kind,
                      const chart_heat *heat, unsigned char **out,
                      size_t *len, cp_error *err)
{
	*out = NULL;
	*len = 0;
	chart_data *c = calloc(1, sizeof *c);
	if (!c)
		return cp_oom(err);
	fill_series(t, c);
	fill_lines(t, c);
	size_t np = 0;
	if (kind == TM_CHART_PDF)
		c->pages[np++] = (chart_page){ CHART_PAGE_TITLE, 0 };
	c->pages[np++] = (chart_page){ CHART_PAGE_GRID, 0 };
	for (size_t m = 0; kind == TM_CHART_PDF && m < TM_COUNT; m++)
		c->pages[np++] = (chart_page){ CHART_PAGE_SERIES, m };
	for (size_t r = 0; heat && r < heat->nrows && np < CHART_PAGES_MAX;
	     r += CHART_HEAT_ROWS)
		c->pages[np++] = (chart_page){ CHART_PAGE_HEAT, r };
	chart_doc doc = {
		.title = "Timeliness of child protection conferences and CLA reviews",
		.lines = c->lines, .nlines = 4, .series = c->series,
		.nseries = TM_COUNT, .heat = heat, .pages = c->pages, .npages = np,
	};
	chart_format f = kind == TM_CHART_PDF ? CHART_PDF :
	                 kind == TM_CHART_PNG ? CHART_PNG : CHART_SVG;
	chart_module mod;
	cp_status st = chart_module_open(&mod, err);
	char why[512] = "";
	if (st == CP_OK && mod.render(&doc, f, out, len, why, sizeof why) != 0)
		st = cp_fail(err, CP_FAILED, "timeliness chart: %s", why);
	chart_module_close(&mod);
	free(c);
	return st;
}

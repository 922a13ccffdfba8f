/* chart_render.h - the chart writer (cairo), kept in a module of its own.
 *
 * cairo brings pixman, libpng, FreeType, fontconfig and X libraries with
 * it: linked into cpdesk, every command would pay for loading them for
 * the one command that draws.  So the figures are handed over as plain
 * data (below) and the cairo part, chart_render.c, is built as the module
 * cpdesk-chart.so, which `report timeliness --pdf/--png/--svg` loads
 * (chart_module.h), as `export ics` loads cpdesk-ics.so.  The module
 * needs nothing from cpdesk but this header.
 *
 * A document is a list of pages, each of a kind with a draw function of
 * its own in chart_render.c (page_draw[]): a new kind of page is one
 * more chart_page_kind, the data it needs in chart_doc, and one more
 * draw function, as the team's heat map was. */
#ifndef CPDESK_CHART_RENDER_H
#define CPDESK_CHART_RENDER_H

#include <stddef.h>
#include "module_head.h"

/* Bump with any change to the structs or the function below (2: the
 * heat map). */
#define CHART_RENDER_ABI 2

/* The fonts (Debian's fonts-dejavu-core; the Makefile's deps install
 * it): read from these files, so a missing font is an error, never a
 * silent substitute. */
#ifndef CPDESK_FONT_DIR
#define CPDESK_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif
#define CHART_FONT_REGULAR CPDESK_FONT_DIR "/DejaVuSans.ttf"
#define CHART_FONT_BOLD    CPDESK_FONT_DIR "/DejaVuSans-Bold.ttf"

/* One measure's monthly trend. */
typedef struct chart_series {
	const char *title;            /* "ICPC within 15 WD of ..." */
	size_t n;                     /* months */
	const char *const *labels;    /* n: "2027-03" */
	const int *tenths;            /* n: tenths of a per cent on time,
	                                 -1 when none was due that month */
	const unsigned *due;          /* n: how many were due */
	unsigned total_due, total_on_time;
	int total_tenths;             /* -1: none due in the period */
} chart_series;

/* A team's deadlines per worker per week (team.h's heat map): a row a
 * worker, a column a week, the cell's count and level (0 nothing due to
 * 3 heavy: team_heat) and its text, the same without colour. */
typedef struct chart_heat {
	const char *title;            /* "Team: Blue, 4 workers, as of ..." */
	const char *legend;           /* what the cells mean */
	size_t nweeks;
	const char *const *weeks;     /* nweeks: "05-10" (the Monday) */
	size_t nrows;
	const char *const *names;     /* nrows */
	const char *const *cells;     /* nrows * nweeks: "3", "5+", "." */
	const unsigned char *levels;  /* nrows * nweeks: 0..3 */
} chart_heat;

/* The heat map's rows on a page. */
#define CHART_HEAT_ROWS 28

typedef enum {
	CHART_PAGE_TITLE,     /* the title and lines, and a table of totals */
	CHART_PAGE_GRID,      /* every series, small multiples */
	CHART_PAGE_SERIES,    /* one series, large (chart_page.series) */
	CHART_PAGE_HEAT,      /* the heat map's rows from chart_page.series */
	CHART_PAGE_KIND_COUNT
} chart_page_kind;

typedef struct chart_page {
	chart_page_kind kind;
	size_t series;                /* CHART_PAGE_SERIES: which;
	                                 CHART_PAGE_HEAT: the first row */
} chart_page;

typedef struct chart_doc {
	const char *title;            /* on every page's head */
	const char *const *lines;     /* the title page's: period, team, ... */
	size_t nlines;
	const chart_series *series;
	size_t nseries;
	const chart_heat *heat;       /* or NULL: no heat map page */
	const chart_page *pages;      /* PNG and SVG: exactly one */
	size_t npages;
} chart_doc;

typedef enum { CHART_PDF, CHART_PNG, CHART_SVG, CHART_FORMAT_COUNT }
	chart_format;

/* Draw doc as f into memory: 0 with *out malloc'd and *len its length;
 * otherwise -1 with the reason in err (a font missing, out of memory, a
 * PNG or SVG of other than one page). */
typedef int (*chart_render_fn)(const chart_doc *doc, chart_format f,
                               unsigned char **out, size_t *len, char *err,
                               size_t errsize);

/* What the module exports, under the symbol CHART_RENDER_SYMBOL. */
typedef struct chart_render_module {
	module_head head;             /* CHART_RENDER_ABI, CPDESK_VERSION */
	chart_render_fn render;
} chart_render_module;

#define CHART_RENDER_SYMBOL "cpdesk_chart_render_module"

/* The writer itself (chart_render.c): linked into the module, and into
 * the unit tests directly. */
int chart_render(const chart_doc *doc, chart_format f, unsigned char **out,
                 size_t *len, char *err, size_t errsize);

#endif

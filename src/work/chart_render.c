/* chart_render.c - the chart writer, with cairo (chart_render.h).
 * Built into the module cpdesk-chart.so; uses nothing of cpdesk but
 * chart_render.h, and is the only file that includes cairo.
 *
 * Pages are A4 landscape (842 x 595 points); a PNG is drawn at twice
 * that, 1684 x 1190 pixels.  Text is drawn from the font files named in
 * chart_render.h through FreeType, with cairo's text API. */
#include <cairo.h>
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_render.h"

#define PAGE_W 842.0
#define PAGE_H 595.0
#define MARGIN 36.0

/* ---- output into memory ------------------------------------------------- */
typedef struct sink {
	unsigned char *p;
	size_t n, cap;
	bool oom;
} sink;

static cairo_status_t sink_write(void *ctx, const unsigned char *data,
                                 unsigned int len)
{
	sink *s = ctx;
	if (s->n + len > s->cap) {
		size_t cap = s->cap ? s->cap : 65536;
		while (cap < s->n + len)
			cap *= 2;
		unsigned char *p = realloc(s->p, cap);
		if (!p) {
			s->oom = true;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		s->p = p;
		s->cap = cap;
	}
	memcpy(s->p + s->n, data, len);
	s->n += len;
	return CAIRO_STATUS_SUCCESS;
}

/* ---- fonts --------------------------------------------------------------- */
typedef struct pen {
	cairo_t *cr;
	cairo_font_face_t *regular, *bold;
} pen;

static const cairo_user_data_key_t face_key;

static void face_done(void *face)
{
	FT_Done_Face(face);
}

/* A cairo face for a font file; the FreeType face is freed with it. */
static cairo_font_face_t *font_open(FT_Library lib, const char *path,
                                    char *err, size_t errsize)
{
	FT_Face face;
	FT_Error fe = FT_New_Face(lib, path, 0, &face);
	if (fe) {
		snprintf(err, errsize, "cannot read the font %s (FreeType error "
		         "%d): apt-get install fonts-dejavu-core", path, fe);
		return NULL;
	}
	cairo_font_face_t *ff = cairo_ft_font_face_create_for_ft_face(face, 0);
	if (cairo_font_face_status(ff) != CAIRO_STATUS_SUCCESS ||
	    cairo_font_face_set_user_data(ff, &face_key, face, face_done) !=
	    CAIRO_STATUS_SUCCESS) {
		cairo_font_face_destroy(ff);
		FT_Done_Face(face);
		snprintf(err, errsize, "cannot use the font %s", path);
		return NULL;
	}
	return ff;
}

typedef enum { LEFT, CENTRE, RIGHT } align;

static void text(const pen *p, bool bold, double size, double x, double y,
                 align a, const char *s)
{
	cairo_set_font_face(p->cr, bold ? p->bold : p->regular);
	cairo_set_font_size(p->cr, size);
	cairo_text_extents_t e;
	cairo_text_extents(p->cr, s, &e);
	double dx = a == LEFT ? 0 : a == CENTRE ? e.x_advance / 2 : e.x_advance;
	cairo_move_to(p->cr, x - dx, y);
	cairo_show_text(p->cr, s);
}

static void textf(const pen *p, bool bold, double size, double x, double y,
                  align a, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
static void textf(const pen *p, bool bold, double size, double x, double y,
                  align a, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	text(p, bold, size, x, y, a, buf);
}

static void grey(cairo_t *cr, double v)
{
	cairo_set_source_rgb(cr, v, v, v);
}

/* "82.5%" or "-" */
static const char *pct(int tenths, char out[16])
{
	if (tenths < 0)
		snprintf(out, 16, "-");
	else
		snprintf(out, 16, "%d.%d%%", tenths / 10, tenths % 10);
	return out;
}

/* ---- a series as a line over bars ---------------------------------------- */
typedef struct rect {
	double x, y, w, h;
} rect;

static double y_of(rect plot, int tenths)
{
	return plot.y + plot.h - plot.h * tenths / 1000.0;
}

static void axes(const pen *p, rect plot, double fs)
{
	cairo_t *cr = p->cr;
	cairo_set_line_width(cr, 0.5);
	for (int v = 0; v <= 100; v += 25) {
		double y = y_of(plot, v * 10);
		grey(cr, v ? 0.85 : 0.4);
		cairo_move_to(cr, plot.x, y);
		cairo_line_to(cr, plot.x + plot.w, y);
		cairo_stroke(cr);
		grey(cr, 0.35);
		textf(p, false, fs, plot.x - 4, y + fs / 3, RIGHT, "%d%%", v);
	}
}

/* How many were due each month, as pale bars up to a third of the plot. */
static void due_bars(const pen *p, const chart_series *s, rect plot)
{
	unsigned most = 0;
	for (size_t i = 0; i < s->n; i++)
		most = s->due[i] > most ? s->due[i] : most;
	if (!most)
		return;
	double slot = plot.w / (double)s->n;
	cairo_set_source_rgb(p->cr, 0.84, 0.89, 0.95);
	for (size_t i = 0; i < s->n; i++) {
		double h = plot.h / 3 * s->due[i] / most;
		cairo_rectangle(p->cr, plot.x + slot * i + slot * 0.2,
		                plot.y + plot.h - h, slot * 0.6, h);
	}
	cairo_fill(p->cr);
}

static void month_labels(const pen *p, const chart_series *s, rect plot,
                         double fs)
{
	double slot = plot.w / (double)s->n;
	size_t step = 1;
	while (slot * step < fs * 4.2)
		step++;
	grey(p->cr, 0.3);
	for (size_t i = 0; i < s->n; i += step) {
		double x = plot.x + slot * (i + 0.5);
		text(p, false, fs, x, plot.y + plot.h + fs * 1.3, CENTRE, s->labels[i]);
		textf(p, false, fs * 0.85, x, plot.y + plot.h + fs * 2.5, CENTRE,
		      "%u due", s->due[i]);
	}
}

/* The trend: a line through the months with any due (broken across a
 * month with none), a dot on each, its value beside it when asked. */
static void trend(const pen *p, const chart_series *s, rect plot, bool values,
                  double fs)
{
	cairo_t *cr = p->cr;
	double slot = plot.w / (double)s->n;
	bool drawing = false;
	cairo_set_source_rgb(cr, 0.09, 0.27, 0.55);
	cairo_set_line_width(cr, fs / 5);
	for (size_t i = 0; i < s->n; i++) {
		double x = plot.x + slot * (i + 0.5);
		if (s->tenths[i] < 0) {
			drawing = false;
			continue;
		}
		if (drawing)
			cairo_line_to(cr, x, y_of(plot, s->tenths[i]));
		else
			cairo_move_to(cr, x, y_of(plot, s->tenths[i]));
		drawing = true;
	}
	cairo_stroke(cr);
	for (size_t i = 0; i < s->n; i++) {
		if (s->tenths[i] < 0)
			continue;
		double x = plot.x + slot * (i + 0.5), y = y_of(plot, s->tenths[i]);
		cairo_new_path(cr);    /* not joined to the last label's end */
		cairo_arc(cr, x, y, fs / 3, 0, 6.2832);
		cairo_fill(cr);
		if (values) {
			char b[16];
			text(p, false, fs * 0.9, x, y - fs * 0.7, CENTRE,
			     pct(s->tenths[i], b));
		}
	}
}

/* A series in r: its title, its total, the chart. */
static void series_chart(const pen *p, const chart_series *s, rect r,
                         double fs, bool values)
{
	char b[16];
	grey(p->cr, 0.1);
	text(p, true, fs * 1.15, r.x, r.y + fs * 1.2, LEFT, s->title);
	grey(p->cr, 0.35);
	if (s->total_tenths < 0)
		text(p, false, fs, r.x, r.y + fs * 2.6, LEFT,
		     "none due in the period");
	else
		textf(p, false, fs, r.x, r.y + fs * 2.6, LEFT,
		      "%s on time: %u of %u", pct(s->total_tenths, b),
		      s->total_on_time, s->total_due);
	rect plot = { r.x + fs * 3.2, r.y + fs * 4, r.w - fs * 3.6,
	              r.h - fs * 7.5 };
	if (!s->n || plot.h <= 0 || plot.w <= 0)
		return;
	due_bars(p, s, plot);
	axes(p, plot, fs * 0.85);
	month_labels(p, s, plot, fs * 0.85);
	trend(p, s, plot, values, fs);
}

/* ---- pages ----------------------------------------------------------------- */
static void page_head(const pen *p, const chart_doc *d, const char *what)
{
	grey(p->cr, 0.4);
	text(p, false, 9, MARGIN, MARGIN * 0.7, LEFT, d->title);
	if (d->nlines)
		text(p, false, 9, PAGE_W - MARGIN, MARGIN * 0.7, RIGHT, d->lines[0]);
	grey(p->cr, 0.1);
	text(p, true, 15, MARGIN, MARGIN + 14, LEFT, what);
}

static void draw_title(const pen *p, const chart_doc *d, const chart_page *pg)
{
	(void)pg;
	double y = MARGIN + 40;
	grey(p->cr, 0.05);
	text(p, true, 20, MARGIN, y, LEFT, d->title);
	y += 34;
	for (size_t i = 0; i < d->nlines; i++, y += 19) {
		grey(p->cr, 0.25);
		text(p, false, 13, MARGIN, y, LEFT, d->lines[i]);
	}
	y += 20;
	grey(p->cr, 0.1);
	text(p, true, 11, MARGIN, y, LEFT, "Measure");
	text(p, true, 11, PAGE_W - MARGIN - 170, y, RIGHT, "Due");
	text(p, true, 11, PAGE_W - MARGIN - 90, y, RIGHT, "On time");
	text(p, true, 11, PAGE_W - MARGIN, y, RIGHT, "%");
	cairo_set_line_width(p->cr, 0.6);
	cairo_move_to(p->cr, MARGIN, y + 5);
	cairo_line_to(p->cr, PAGE_W - MARGIN, y + 5);
	cairo_stroke(p->cr);
	for (size_t i = 0; i < d->nseries; i++) {
		const chart_series *s = &d->series[i];
		char b[16];
		y += 20;
		text(p, false, 11, MARGIN, y, LEFT, s->title);
		textf(p, false, 11, PAGE_W - MARGIN - 170, y, RIGHT, "%u", s->total_due);
		textf(p, false, 11, PAGE_W - MARGIN - 90, y, RIGHT, "%u",
		      s->total_on_time);
		text(p, true, 11, PAGE_W - MARGIN, y, RIGHT, pct(s->total_tenths, b));
	}
}

static void draw_grid(const pen *p, const chart_doc *d, const chart_page *pg)
{
	(void)pg;
	page_head(p, d, "Per cent on time, month by month");
	size_t cols = 3, rows = (d->nseries + cols - 1) / cols;
	double top = MARGIN + 26, w = (PAGE_W - 2 * MARGIN) / cols;
	double h = rows ? (PAGE_H - top - MARGIN * 0.6) / rows : 0;
	for (size_t i = 0; i < d->nseries; i++) {
		rect r = { MARGIN + w * (i % cols), top + h * (i / cols), w - 14,
		           h - 8 };
		series_chart(p, &d->series[i], r, 7.5, false);
	}
}

static void draw_series(const pen *p, const chart_doc *d, const chart_page *pg)
{
	if (pg->series >= d->nseries)
		return;
	const chart_series *s = &d->series[pg->series];
	page_head(p, d, "Per cent on time, month by month");
	rect r = { MARGIN, MARGIN + 30, PAGE_W - 2 * MARGIN,
	           PAGE_H - 2 * MARGIN - 30 };
	series_chart(p, s, r, 12, s->n <= 24);
}

/* ---- the heat map ------------------------------------------------------- */

/* A level's fill: white to a deep blue, so that the cell's text (dark on
 * the light ones, white on the heavy) always reads. */
static void heat_fill(cairo_t *cr, unsigned char level)
{
	static const double shade[4][3] = {
		{ 1.00, 1.00, 1.00 }, { 0.82, 0.88, 0.96 },
		{ 0.49, 0.63, 0.85 }, { 0.09, 0.24, 0.55 },
	};
	const double *c = shade[level < 4 ? level : 3];
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

static void draw_heat(const pen *p, const chart_doc *d, const chart_page *pg)
{
	const chart_heat *h = d->heat;
	if (!h || pg->series >= h->nrows)
		return;
	page_head(p, d, h->title);
	double name_w = 190, top = MARGIN + 44, row_h = 17;
	double cell_w = (PAGE_W - 2 * MARGIN - name_w) / (h->nweeks ? h->nweeks : 1);
	grey(p->cr, 0.25);
	text(p, true, 9, MARGIN, top - 6, LEFT, "Worker / week of");
	for (size_t w = 0; w < h->nweeks; w++)
		text(p, true, 9, MARGIN + name_w + cell_w * (w + 0.5), top - 6,
		     CENTRE, h->weeks[w]);
	size_t end = pg->series + CHART_HEAT_ROWS;
	for (size_t r = pg->series; r < h->nrows && r < end; r++) {
		double y = top + row_h * (double)(r - pg->series);
		grey(p->cr, 0.1);
		text(p, false, 9, MARGIN, y + row_h * 0.7, LEFT, h->names[r]);
		for (size_t w = 0; w < h->nweeks; w++) {
			size_t i = r * h->nweeks + w;
			double x = MARGIN + name_w + cell_w * (double)w;
			heat_fill(p->cr, h->levels[i]);
			cairo_rectangle(p->cr, x + 1, y + 1, cell_w - 2, row_h - 2);
			cairo_fill(p->cr);
			grey(p->cr, h->levels[i] >= 3 ? 1.0 : 0.1);
			text(p, h->levels[i] >= 2, 9, x + cell_w / 2, y + row_h * 0.7,
			     CENTRE, h->cells[i]);
		}
	}
	grey(p->cr, 0.35);
	text(p, false, 9, MARGIN, PAGE_H - MARGIN * 0.6, LEFT, h->legend);
}

/* One draw function a kind of page. */
typedef void (*page_fn)(const pen *p, const chart_doc *d,
                        const chart_page *pg);
static const page_fn page_draw[CHART_PAGE_KIND_COUNT] = {
	[CHART_PAGE_TITLE] = draw_title,
	[CHART_PAGE_GRID] = draw_grid,
	[CHART_PAGE_SERIES] = draw_series,
	[CHART_PAGE_HEAT] = draw_heat,
};

static void draw_page(const pen *p, const chart_doc *d, const chart_page *pg)
{
	cairo_save(p->cr);
	cairo_set_source_rgb(p->cr, 1, 1, 1);
	cairo_paint(p->cr);
	if ((unsigned)pg->kind < CHART_PAGE_KIND_COUNT && page_draw[pg->kind])
		page_draw[pg->kind](p, d, pg);
	cairo_restore(p->cr);
}

/* ---- the whole --------------------------------------------------------------- */
static cairo_surface_t *surface_for(chart_format f, sink *out)
{
	switch (f) {
	case CHART_PDF:
		return cairo_pdf_surface_create_for_stream(sink_write, out, PAGE_W,
		                                           PAGE_H);
	case CHART_SVG:
		return cairo_svg_surface_create_for_stream(sink_write, out, PAGE_W,
		                                           PAGE_H);
	case CHART_PNG:
		return cairo_image_surface_create(CAIRO_FORMAT_RGB24,
		                                  (int)PAGE_W * 2, (int)PAGE_H * 2);
	default:
		return NULL;
	}
}

static int draw_all(const chart_doc *d, chart_format f, pen *p, sink *out,
                    char *err, size_t errsize)
{
	cairo_surface_t *sf = surface_for(f, out);
	if (!sf || cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errsize, "cannot make the drawing surface");
		cairo_surface_destroy(sf);
		return -1;
	}
	p->cr = cairo_create(sf);
	if (f == CHART_PNG)
		cairo_scale(p->cr, 2, 2);
	for (size_t i = 0; i < d->npages; i++) {
		draw_page(p, d, &d->pages[i]);
		if (f != CHART_PNG)
			cairo_show_page(p->cr);
	}
	cairo_status_t cs = cairo_status(p->cr);
	cairo_destroy(p->cr);
	p->cr = NULL;
	if (cs == CAIRO_STATUS_SUCCESS && f == CHART_PNG)
		cs = cairo_surface_write_to_png_stream(sf, sink_write, out);
	cairo_surface_finish(sf);
	if (cs == CAIRO_STATUS_SUCCESS)
		cs = cairo_surface_status(sf);
	cairo_surface_destroy(sf);
	if (cs != CAIRO_STATUS_SUCCESS || out->oom) {
		snprintf(err, errsize, "cannot draw the chart: %s",
		         out->oom ? "out of memory" : cairo_status_to_string(cs));
		return -1;
	}
	return 0;
}

int chart_render(const chart_doc *doc, chart_format f, unsigned char **out,
                 size_t *len, char *err, size_t errsize)
{
	*out = NULL;
	*len = 0;
	if ((unsigned)f >= CHART_FORMAT_COUNT || !doc->npages ||
	    (f != CHART_PDF && doc->npages != 1)) {
		snprintf(err, errsize, "a PNG or SVG chart is one page, a PDF one "
		         "or more");
		return -1;
	}
	FT_Library lib;
	if (FT_Init_FreeType(&lib)) {
		snprintf(err, errsize, "cannot start FreeType");
		return -1;
	}
	pen p = { 0 };
	sink s = { 0 };
	int rc = -1;
	p.regular = font_open(lib, CHART_FONT_REGULAR, err, errsize);
	p.bold = p.regular ? font_open(lib, CHART_FONT_BOLD, err, errsize) : NULL;
	if (p.bold)
		rc = draw_all(doc, f, &p, &s, err, errsize);
	cairo_font_face_destroy(p.regular);
	cairo_font_face_destroy(p.bold);
	/* cairo keeps recent fonts cached; empty its caches so that the
	 * faces, then FreeType, are freed (this module is cairo's only user
	 * in the process) */
	cairo_debug_reset_static_data();
	FT_Done_FreeType(lib);
	if (rc) {
		free(s.p);
		return -1;
	}
	*out = s.p;
	*len = s.n;
	return 0;
}

/* What cpdesk looks up after dlopen (chart_module.c). */
extern const chart_render_module cpdesk_chart_render_module;
const chart_render_module cpdesk_chart_render_module = {
	{ CHART_RENDER_ABI, CPDESK_VERSION }, chart_render
};

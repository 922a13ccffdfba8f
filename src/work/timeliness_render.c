/* timeliness_render.c - the timeliness figures as text, CSV or JSON.
 *
 * Strings in a timeliness are sanitised when built; CSV cells that a
 * spreadsheet would run get a leading quote, as the lists' do
 * (lists_render.c, whose writers are private to it). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "timeliness.h"
#include "vec.h"

typedef struct buf {
	char *p;
	size_t n, cap;
	bool oom;
} buf;

static void put(buf *b, const char *s, size_t len)
{
	if (b->oom)
		return;
	if (!vec_reserve((void **)&b->p, &b->cap, b->n + len + 1, 1, 4096)) {
		b->oom = true;
		return;
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
	b->p[b->n] = '\0';
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void putf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (k > 0)
		put(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

/* "75.0" (no sign, no %), or "" when none was due. */
static const char *pct(const tm_tally *t, char out[16])
{
	int p = tm_percent_tenths(t);
	if (p < 0)
		snprintf(out, 16, "%s", "");
	else
		snprintf(out, 16, "%d.%d", p / 10, p % 10);
	return out;
}

/* The change from the month before in points ("+5.0"), or "". */
static const char *change(const timeliness *t, size_t mo, tm_measure m,
                          char out[16])
{
	int now = tm_percent_tenths(&t->by_month[mo][m]);
	int was = mo ? tm_percent_tenths(&t->by_month[mo - 1][m]) : -1;
	if (now < 0 || was < 0) {
		snprintf(out, 16, "%s", "");
		return out;
	}
	int d = now - was;
	snprintf(out, 16, "%c%d.%d", d < 0 ? '-' : '+', abs(d) / 10, abs(d) % 10);
	return out;
}

static const char *ymd(cp_date d, char out[CP_DATE_STRLEN])
{
	if (d == CP_DATE_NONE)
		snprintf(out, CP_DATE_STRLEN, "%s", "");
	else
		date_format(d, out);
	return out;
}

static const char *ym(cp_date d, char out[CP_DATE_STRLEN])
{
	date_format(d, out);
	out[7] = '\0';
	return out;
}

/* ---- text ---------------------------------------------------------------- */
/* s cut to at most w columns (a "~" marks the cut), padded to w. */
static void cell(buf *b, const char *s, int w)
{
	char cut[512];
	text_sanitize(s, cut, sizeof cut);
	size_t len = strlen(cut);
	bool cutted = false;
	while (len && text_width(cut) > w) {
		do
			len--;
		while (len && ((unsigned char)cut[len] & 0xC0) == 0x80);
		cut[len] = '\0';
		cutted = true;
	}
	if (cutted && len) {
		do
			len--;
		while (len && ((unsigned char)cut[len] & 0xC0) == 0x80);
		cut[len] = '\0';
		strcat(cut, "~");
	}
	puts_(b, cut);
	for (int k = text_width(cut); k < w; k++)
		puts_(b, " ");
}

static void text_head(const timeliness *t, buf *b)
{
	char f[CP_DATE_STRLEN], to[CP_DATE_STRLEN], td[CP_DATE_STRLEN];
	putf(b, "Timeliness %s to %s, %s%s (as of %s)\n", ymd(t->from, f),
	     ymd(t->to, to), *t->team ? "team " : "every team you see",
	     t->team, ymd(t->today, td));
	putf(b, "Policy: %s (%s)\n", t->policy_id, t->policy_title);
	puts_(b, "Counted in the month each meeting is held; see doc/timeliness.md.\n");
}

static void text_summary(const timeliness *t, buf *b)
{
	puts_(b, "\nMeasure                                   Due  On time      %  Not yet  Left out\n");
	for (int m = 0; m < TM_COUNT; m++) {
		const tm_tally *x = &t->total[m];
		char p[16];
		cell(b, tm_measure_title((tm_measure)m), 40);
		putf(b, "%5u  %7u  %5s%s  %7u  %8u\n", x->due, x->on_time,
		     pct(x, p), x->due ? "%" : " ", x->pending, x->left_out);
	}
}

static void text_months(const timeliness *t, buf *b)
{
	puts_(b, "\nBy month (change: points from the month before)\n");
	for (int m = 0; m < TM_COUNT; m++) {
		putf(b, "%s\n", tm_measure_title((tm_measure)m));
		puts_(b, "  Month      Due  On time       %  Change\n");
		for (size_t mo = 0; mo < t->nmonths; mo++) {
			const tm_tally *x = &t->by_month[mo][m];
			char p[16], c[16], d[CP_DATE_STRLEN];
			putf(b, "  %-7s  %5u  %7u  %6s%s  %6s\n", ym(t->month[mo], d),
			     x->due, x->on_time, pct(x, p), x->due ? "%" : " ",
			     change(t, mo, (tm_measure)m, c));
		}
	}
}

static void text_late(const timeliness *t, buf *b)
{
	putf(b, "\nCases late (%zu)\n", t->nlate);
	if (!t->nlate)
		return;
	puts_(b, "Measure        Child                 Meeting            Due         Done        WD  Why\n");
	for (size_t i = 0; i < t->nlate; i++) {
		const tm_late *l = &t->late[i];
		char who[256], mt[64], du[CP_DATE_STRLEN], dn[CP_DATE_STRLEN];
		char why[512];
		snprintf(who, sizeof who, "%s %s", l->child_id, l->child_name);
		snprintf(mt, sizeof mt, "%llu %s", (unsigned long long)l->meeting_id,
		         l->meeting_type);
		snprintf(why, sizeof why, "%s%s%s", l->what,
		         *l->what && *l->reason ? ": " : "", l->reason);
		cell(b, tm_measure_id(l->measure), 13);
		puts_(b, "  ");
		cell(b, who, 20);
		puts_(b, "  ");
		cell(b, mt, 17);
		putf(b, "  %-10s  %-10s  %3d  ", ymd(l->due, du),
		     l->done == CP_DATE_NONE ? "not yet" : ymd(l->done, dn),
		     l->days_late);
		put(b, why, strlen(why));
		puts_(b, "\n");
	}
}

static void text_rest(const timeliness *t, buf *b)
{
	putf(b, "\nAgency reports by agency (%zu)\n", t->nagencies);
	if (t->nagencies)
		puts_(b, "Agency                          Due  On time       %\n");
	for (size_t i = 0; i < t->nagencies; i++) {
		char p[16];
		cell(b, t->agencies[i].agency, 30);
		putf(b, "%5u  %7u  %6s%s\n", t->agencies[i].t.due,
		     t->agencies[i].t.on_time, pct(&t->agencies[i].t, p),
		     t->agencies[i].t.due ? "%" : "");
	}
	putf(b, "\nCancelled (%zu)\n", t->ncancels);
	if (t->ncancels)
		puts_(b, "Date        Meeting           Child                 Why (approved by)\n");
	for (size_t i = 0; i < t->ncancels; i++) {
		const tm_cancel *c = &t->cancels[i];
		char d[CP_DATE_STRLEN], mt[64], who[256];
		snprintf(mt, sizeof mt, "%llu %s", (unsigned long long)c->meeting_id,
		         c->meeting_type);
		snprintf(who, sizeof who, "%s %s", c->child_id, c->child_name);
		putf(b, "%-10s  ", ymd(c->date, d));
		cell(b, mt, 16);
		puts_(b, "  ");
		cell(b, who, 20);
		putf(b, "  %s%s%s%s\n", *c->reason ? c->reason : "(no reason)",
		     *c->approved_by ? " (" : "", c->approved_by,
		     *c->approved_by ? ")" : "");
	}
}

/* ---- CSV ----------------------------------------------------------------- */
static bool formula_like(const char *s)
{
	return *s && strchr("=+-@\t\r", *s) != NULL;
}

static void csv_field(buf *b, const char *s)
{
	/* a change of "-5.0" is a number; anything else first '-' is text */
	bool inert = formula_like(s) && strspn(s, "+-0123456789.") != strlen(s);
	if (!inert && !strpbrk(s, ",\"\r\n")) {
		puts_(b, s);
		return;
	}
	puts_(b, inert ? "\"'" : "\"");
	for (const char *p = s; *p; p++)
		put(b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
	puts_(b, "\"");
}

static const char *const csv_cols[] = {
	"section", "measure", "month", "due", "on_time", "percent", "change",
	"not_yet", "left_out", "child", "name", "meeting", "type",
	"meeting_date", "due_date", "done_date", "working_days_late", "what",
	"reason", "approved_by", NULL
};
enum { NCSV = 20 };

static void csv_row(buf *b, const char *const v[NCSV])
{
	for (int i = 0; i < NCSV; i++) {
		if (i)
			puts_(b, ",");
		csv_field(b, v[i] ? v[i] : "");
	}
	puts_(b, "\r\n");
}

static void csv_tally(buf *b, const char *section, const char *measure,
                      const char *month, const tm_tally *x, const char *chg)
{
	char due[16], on[16], p[16], ny[16], lo[16];
	snprintf(due, sizeof due, "%u", x->due);
	snprintf(on, sizeof on, "%u", x->on_time);
	snprintf(ny, sizeof ny, "%u", x->pending);
	snprintf(lo, sizeof lo, "%u", x->left_out);
	const char *v[NCSV] = { section, measure, month, due, on, pct(x, p), chg,
	                        ny, lo };
	csv_row(b, v);
}

static void csv_late(buf *b, const tm_late *l)
{
	char mid[24], md[CP_DATE_STRLEN], du[CP_DATE_STRLEN], dn[CP_DATE_STRLEN];
	char days[16];
	snprintf(mid, sizeof mid, "%llu", (unsigned long long)l->meeting_id);
	snprintf(days, sizeof days, "%d", l->days_late);
	const char *v[NCSV] = {
		"late", tm_measure_id(l->measure), NULL, NULL, NULL, NULL, NULL,
		NULL, NULL, l->child_id, l->child_name, mid, l->meeting_type,
		ymd(l->meeting_date, md), ymd(l->due, du), ymd(l->done, dn), days,
		l->what, l->reason, NULL
	};
	csv_row(b, v);
}

static void csv_cancel(buf *b, const tm_cancel *c)
{
	char mid[24], md[CP_DATE_STRLEN];
	snprintf(mid, sizeof mid, "%llu", (unsigned long long)c->meeting_id);
	const char *v[NCSV] = {
		"cancelled", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		c->child_id, c->child_name, mid, c->meeting_type, ymd(c->date, md),
		NULL, NULL, NULL, NULL, c->reason, c->approved_by
	};
	csv_row(b, v);
}

static void render_csv(const timeliness *t, buf *b)
{
	csv_row(b, csv_cols);
	for (int m = 0; m < TM_COUNT; m++) {
		const char *id = tm_measure_id((tm_measure)m);
		csv_tally(b, "total", id, "", &t->total[m], "");
		for (size_t mo = 0; mo < t->nmonths; mo++) {
			char d[CP_DATE_STRLEN], c[16];
			csv_tally(b, "month", id, ym(t->month[mo], d), &t->by_month[mo][m],
			          change(t, mo, (tm_measure)m, c));
		}
	}
	for (size_t i = 0; i < t->nlate; i++)
		csv_late(b, &t->late[i]);
	for (size_t i = 0; i < t->nagencies; i++) {
		char due[16], on[16], p[16];
		snprintf(due, sizeof due, "%u", t->agencies[i].t.due);
		snprintf(on, sizeof on, "%u", t->agencies[i].t.on_time);
		const char *v[NCSV] = { "agency", "reports", NULL, due, on,
		                        pct(&t->agencies[i].t, p) };
		v[17] = t->agencies[i].agency;
		csv_row(b, v);
	}
	for (size_t i = 0; i < t->ncancels; i++)
		csv_cancel(b, &t->cancels[i]);
}

/* ---- JSON ---------------------------------------------------------------- */
static void json_str(buf *b, const char *s)
{
	puts_(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			putf(b, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			putf(b, "\\u%04x", *p);
		else
			put(b, (const char *)p, 1);
	}
	puts_(b, "\"");
}

static void json_date(buf *b, cp_date d)
{
	char s[CP_DATE_STRLEN];
	if (d == CP_DATE_NONE)
		puts_(b, "null");
	else
		json_str(b, ymd(d, s));
}

/* A number written as text ("75.0", "+5.0"), or null for "". */
static void json_num(buf *b, const char *s)
{
	puts_(b, *s == '+' ? s + 1 : *s ? s : "null");
}

static void json_tally(buf *b, const tm_tally *x)
{
	char p[16];
	putf(b, "\"due\": %u, \"on_time\": %u, \"percent\": ", x->due, x->on_time);
	json_num(b, pct(x, p));
	putf(b, ", \"not_yet\": %u, \"left_out\": %u", x->pending, x->left_out);
}

static void json_measure(const timeliness *t, buf *b, tm_measure m)
{
	puts_(b, "    {\"id\": ");
	json_str(b, tm_measure_id(m));
	puts_(b, ", \"title\": ");
	json_str(b, tm_measure_title(m));
	puts_(b, ", ");
	json_tally(b, &t->total[m]);
	puts_(b, ",\n     \"months\": [");
	for (size_t mo = 0; mo < t->nmonths; mo++) {
		char d[CP_DATE_STRLEN], c[16];
		puts_(b, mo ? ",\n       {\"month\": " : "\n       {\"month\": ");
		json_str(b, ym(t->month[mo], d));
		puts_(b, ", ");
		json_tally(b, &t->by_month[mo][m]);
		puts_(b, ", \"change\": ");
		json_num(b, change(t, mo, m, c));
		puts_(b, "}");
	}
	puts_(b, "]}");
}

static void json_late(buf *b, const tm_late *l)
{
	puts_(b, "{\"measure\": ");
	json_str(b, tm_measure_id(l->measure));
	puts_(b, ", \"child\": ");
	json_str(b, l->child_id);
	puts_(b, ", \"name\": ");
	json_str(b, l->child_name);
	putf(b, ", \"meeting\": %llu, \"type\": ", (unsigned long long)l->meeting_id);
	json_str(b, l->meeting_type);
	puts_(b, ", \"meeting_date\": ");
	json_date(b, l->meeting_date);
	puts_(b, ", \"due\": ");
	json_date(b, l->due);
	puts_(b, ", \"done\": ");
	json_date(b, l->done);
	putf(b, ", \"working_days_late\": %d, \"what\": ", l->days_late);
	json_str(b, l->what);
	puts_(b, ", \"reason\": ");
	json_str(b, l->reason);
	puts_(b, "}");
}

static void json_cancel(buf *b, const tm_cancel *c)
{
	puts_(b, "{\"date\": ");
	json_date(b, c->date);
	putf(b, ", \"meeting\": %llu, \"type\": ", (unsigned long long)c->meeting_id);
	json_str(b, c->meeting_type);
	puts_(b, ", \"child\": ");
	json_str(b, c->child_id);
	puts_(b, ", \"name\": ");
	json_str(b, c->child_name);
	puts_(b, ", \"reason\": ");
	json_str(b, c->reason);
	puts_(b, ", \"approved_by\": ");
	json_str(b, c->approved_by);
	puts_(b, "}");
}

static void render_json(const timeliness *t, buf *b)
{
	puts_(b, "{\n  \"from\": ");
	json_date(b, t->from);
	puts_(b, ", \"to\": ");
	json_date(b, t->to);
	puts_(b, ", \"today\": ");
	json_date(b, t->today);
	puts_(b, ",\n  \"team\": ");
	json_str(b, t->team);
	puts_(b, ", \"policy\": ");
	json_str(b, t->policy_id);
	puts_(b, ", \"policy_title\": ");
	json_str(b, t->policy_title);
	puts_(b, ",\n  \"measures\": [\n");
	for (int m = 0; m < TM_COUNT; m++) {
		json_measure(t, b, (tm_measure)m);
		puts_(b, m + 1 < TM_COUNT ? ",\n" : "\n");
	}
	puts_(b, "  ],\n  \"late\": [");
	for (size_t i = 0; i < t->nlate; i++) {
		puts_(b, i ? ",\n    " : "\n    ");
		json_late(b, &t->late[i]);
	}
	puts_(b, "],\n  \"agencies\": [");
	for (size_t i = 0; i < t->nagencies; i++) {
		puts_(b, i ? ",\n    {\"agency\": " : "\n    {\"agency\": ");
		json_str(b, t->agencies[i].agency);
		puts_(b, ", ");
		json_tally(b, &t->agencies[i].t);
		puts_(b, "}");
	}
	puts_(b, "],\n  \"cancelled\": [");
	for (size_t i = 0; i < t->ncancels; i++) {
		puts_(b, i ? ",\n    " : "\n    ");
		json_cancel(b, &t->cancels[i]);
	}
	puts_(b, "]\n}\n");
}

cp_status timeliness_render(const timeliness *t, list_format f, char **out,
                            size_t *len, cp_error *err)
{
	buf b = { 0 };
	*out = NULL;
	puts_(&b, "");
	switch (f) {
	case LIST_FMT_TEXT:
		text_head(t, &b);
		text_summary(t, &b);
		text_months(t, &b);
		text_late(t, &b);
		text_rest(t, &b);
		break;
	case LIST_FMT_CSV: render_csv(t, &b); break;
	case LIST_FMT_JSON: render_json(t, &b); break;
	default:
		free(b.p);
		return cp_fail(err, CP_BADINPUT, "timeliness: unknown format");
	}
	if (b.oom) {
		free(b.p);
		return cp_oom(err);
	}
	*out = b.p;
	if (len)
		*len = b.n;
	return CP_OK;
}

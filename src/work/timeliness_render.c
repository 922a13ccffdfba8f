/* timeliness_render.c - the timeliness figures as text, CSV or JSON.
 *
 * Strings in a timeliness are sanitised when built; CSV cells that a
 * spreadsheet would run get a leading quote, as the lists' do
 * (lists_render.c, whose writers are private to it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "timeliness.h"
#include "strbuf.h"

typedef strbuf buf;

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
	strbuf_puts(b, cut);
	for (int k = text_width(cut); k < w; k++)
		strbuf_puts(b, " ");
}

static void text_head(const timeliness *t, buf *b)
{
	char f[CP_DATE_STRLEN], to[CP_DATE_STRLEN], td[CP_DATE_STRLEN];
	strbuf_printf(b, "Timeliness %s to %s, %s%s (as of %s)\n", ymd(t->from, f),
	     ymd(t->to, to), *t->team ? "team " : "every team you see",
	     t->team, ymd(t->today, td));
	strbuf_printf(b, "Policy: %s (%s)\n", t->policy_id, t->policy_title);
	strbuf_puts(b, "Counted in the month each meeting is held; see doc/timeliness.md.\n");
}

static void text_summary(const timeliness *t, buf *b)
{
	strbuf_puts(b, "\nMeasure                                   Due  On time      %  Not yet  Left out\n");
	for (int m = 0; m < TM_COUNT; m++) {
		const tm_tally *x = &t->total[m];
		char p[16];
		cell(b, tm_measure_title((tm_measure)m), 40);
		strbuf_printf(b, "%5u  %7u  %5s%s  %7u  %8u\n", x->due, x->on_time,
		     pct(x, p), x->due ? "%" : " ", x->pending, x->left_out);
	}
}

static void text_months(const timeliness *t, buf *b)
{
	strbuf_puts(b, "\nBy month (change: points from the month before)\n");
	for (int m = 0; m < TM_COUNT; m++) {
		strbuf_printf(b, "%s\n", tm_measure_title((tm_measure)m));
		strbuf_puts(b, "  Month      Due  On time       %  Change\n");
		for (size_t mo = 0; mo < t->nmonths; mo++) {
			const tm_tally *x = &t->by_month[mo][m];
			char p[16], c[16], d[CP_DATE_STRLEN];
			strbuf_printf(b, "  %-7s  %5u  %7u  %6s%s  %6s\n", ym(t->month[mo], d),
			     x->due, x->on_time, pct(x, p), x->due ? "%" : " ",
			     change(t, mo, (tm_measure)m, c));
		}
	}
}

static void text_late(const timeliness *t, buf *b)
{
	strbuf_printf(b, "\nCases late (%zu)\n", t->nlate);
	if (!t->nlate)
		return;
	strbuf_puts(b, "Measure        Child                 Meeting            Due         Done        WD  Why\n");
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
		strbuf_puts(b, "  ");
		cell(b, who, 20);
		strbuf_puts(b, "  ");
		cell(b, mt, 17);
		strbuf_printf(b, "  %-10s  %-10s  %3d  ", ymd(l->due, du),
		     l->done == CP_DATE_NONE ? "not yet" : ymd(l->done, dn),
		     l->days_late);
		strbuf_add(b, why, strlen(why));
		strbuf_puts(b, "\n");
	}
}

static void text_rest(const timeliness *t, buf *b)
{
	strbuf_printf(b, "\nAgency reports by agency (%zu)\n", t->nagencies);
	if (t->nagencies)
		strbuf_puts(b, "Agency                          Due  On time       %\n");
	for (size_t i = 0; i < t->nagencies; i++) {
		char p[16];
		cell(b, t->agencies[i].agency, 30);
		strbuf_printf(b, "%5u  %7u  %6s%s\n", t->agencies[i].t.due,
		     t->agencies[i].t.on_time, pct(&t->agencies[i].t, p),
		     t->agencies[i].t.due ? "%" : "");
	}
	strbuf_printf(b, "\nCancelled (%zu)\n", t->ncancels);
	if (t->ncancels)
		strbuf_puts(b, "Date        Meeting           Child                 Why (approved by)\n");
	for (size_t i = 0; i < t->ncancels; i++) {
		const tm_cancel *c = &t->cancels[i];
		char d[CP_DATE_STRLEN], mt[64], who[256];
		snprintf(mt, sizeof mt, "%llu %s", (unsigned long long)c->meeting_id,
		         c->meeting_type);
		snprintf(who, sizeof who, "%s %s", c->child_id, c->child_name);
		strbuf_printf(b, "%-10s  ", ymd(c->date, d));
		cell(b, mt, 16);
		strbuf_puts(b, "  ");
		cell(b, who, 20);
		strbuf_printf(b, "  %s%s%s%s\n", *c->reason ? c->reason : "(no reason)",
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
		strbuf_puts(b, s);
		return;
	}
	strbuf_puts(b, inert ? "\"'" : "\"");
	for (const char *p = s; *p; p++)
		strbuf_add(b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
	strbuf_puts(b, "\"");
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
			strbuf_puts(b, ",");
		csv_field(b, v[i] ? v[i] : "");
	}
	strbuf_puts(b, "\r\n");
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
	strbuf_puts(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_printf(b, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			strbuf_printf(b, "\\u%04x", *p);
		else
			strbuf_add(b, (const char *)p, 1);
	}
	strbuf_puts(b, "\"");
}

static void json_date(buf *b, cp_date d)
{
	char s[CP_DATE_STRLEN];
	if (d == CP_DATE_NONE)
		strbuf_puts(b, "null");
	else
		json_str(b, ymd(d, s));
}

/* A number written as text ("75.0", "+5.0"), or null for "". */
static void json_num(buf *b, const char *s)
{
	strbuf_puts(b, *s == '+' ? s + 1 : *s ? s : "null");
}

static void json_tally(buf *b, const tm_tally *x)
{
	char p[16];
	strbuf_printf(b, "\"due\": %u, \"on_time\": %u, \"percent\": ", x->due, x->on_time);
	json_num(b, pct(x, p));
	strbuf_printf(b, ", \"not_yet\": %u, \"left_out\": %u", x->pending, x->left_out);
}

static void json_measure(const timeliness *t, buf *b, tm_measure m)
{
	strbuf_puts(b, "    {\"id\": ");
	json_str(b, tm_measure_id(m));
	strbuf_puts(b, ", \"title\": ");
	json_str(b, tm_measure_title(m));
	strbuf_puts(b, ", ");
	json_tally(b, &t->total[m]);
	strbuf_puts(b, ",\n     \"months\": [");
	for (size_t mo = 0; mo < t->nmonths; mo++) {
		char d[CP_DATE_STRLEN], c[16];
		strbuf_puts(b, mo ? ",\n       {\"month\": " : "\n       {\"month\": ");
		json_str(b, ym(t->month[mo], d));
		strbuf_puts(b, ", ");
		json_tally(b, &t->by_month[mo][m]);
		strbuf_puts(b, ", \"change\": ");
		json_num(b, change(t, mo, m, c));
		strbuf_puts(b, "}");
	}
	strbuf_puts(b, "]}");
}

static void json_late(buf *b, const tm_late *l)
{
	strbuf_puts(b, "{\"measure\": ");
	json_str(b, tm_measure_id(l->measure));
	strbuf_puts(b, ", \"child\": ");
	json_str(b, l->child_id);
	strbuf_puts(b, ", \"name\": ");
	json_str(b, l->child_name);
	strbuf_printf(b, ", \"meeting\": %llu, \"type\": ", (unsigned long long)l->meeting_id);
	json_str(b, l->meeting_type);
	strbuf_puts(b, ", \"meeting_date\": ");
	json_date(b, l->meeting_date);
	strbuf_puts(b, ", \"due\": ");
	json_date(b, l->due);
	strbuf_puts(b, ", \"done\": ");
	json_date(b, l->done);
	strbuf_printf(b, ", \"working_days_late\": %d, \"what\": ", l->days_late);
	json_str(b, l->what);
	strbuf_puts(b, ", \"reason\": ");
	json_str(b, l->reason);
	strbuf_puts(b, "}");
}

static void json_cancel(buf *b, const tm_cancel *c)
{
	strbuf_puts(b, "{\"date\": ");
	json_date(b, c->date);
	strbuf_printf(b, ", \"meeting\": %llu, \"type\": ", (unsigned long long)c->meeting_id);
	json_str(b, c->meeting_type);
	strbuf_puts(b, ", \"child\": ");
	json_str(b, c->child_id);
	strbuf_puts(b, ", \"name\": ");
	json_str(b, c->child_name);
	strbuf_puts(b, ", \"reason\": ");
	json_str(b, c->reason);
	strbuf_puts(b, ", \"approved_by\": ");
	json_str(b, c->approved_by);
	strbuf_puts(b, "}");
}

static void render_json(const timeliness *t, buf *b)
{
	strbuf_puts(b, "{\n  \"from\": ");
	json_date(b, t->from);
	strbuf_puts(b, ", \"to\": ");
	json_date(b, t->to);
	strbuf_puts(b, ", \"today\": ");
	json_date(b, t->today);
	strbuf_puts(b, ",\n  \"team\": ");
	json_str(b, t->team);
	strbuf_puts(b, ", \"policy\": ");
	json_str(b, t->policy_id);
	strbuf_puts(b, ", \"policy_title\": ");
	json_str(b, t->policy_title);
	strbuf_puts(b, ",\n  \"measures\": [\n");
	for (int m = 0; m < TM_COUNT; m++) {
		json_measure(t, b, (tm_measure)m);
		strbuf_puts(b, m + 1 < TM_COUNT ? ",\n" : "\n");
	}
	strbuf_puts(b, "  ],\n  \"late\": [");
	for (size_t i = 0; i < t->nlate; i++) {
		strbuf_puts(b, i ? ",\n    " : "\n    ");
		json_late(b, &t->late[i]);
	}
	strbuf_puts(b, "],\n  \"agencies\": [");
	for (size_t i = 0; i < t->nagencies; i++) {
		strbuf_puts(b, i ? ",\n    {\"agency\": " : "\n    {\"agency\": ");
		json_str(b, t->agencies[i].agency);
		strbuf_puts(b, ", ");
		json_tally(b, &t->agencies[i].t);
		strbuf_puts(b, "}");
	}
	strbuf_puts(b, "],\n  \"cancelled\": [");
	for (size_t i = 0; i < t->ncancels; i++) {
		strbuf_puts(b, i ? ",\n    " : "\n    ");
		json_cancel(b, &t->cancels[i]);
	}
	strbuf_puts(b, "]\n}\n");
}

cp_status timeliness_render(const timeliness *t, list_format f, char **out,
                            size_t *len, cp_error *err)
{
	buf b = { 0 };
	*out = NULL;
	strbuf_puts(&b, "");
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

/* lists_fit.c - fitting a table's cells and columns to a width, for the
 * text of a list (lists_render.c) and the console's Lists view. */
#include <stdbool.h>
#include <string.h>

#include "lists.h"
#include "text.h"

/* The display width of the UTF-8 sequence at s (its length in *len). */
static int char_width(const char *s, size_t *len)
{
	char one[8];
	size_t n = 1;
	while (n < sizeof one - 1 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n++;
	memcpy(one, s, n);
	one[n] = '\0';
	*len = n;
	return text_width(one);
}

int lists_fit_cell(const char *s, int w, char *out, size_t size)
{
	char clean[1024];
	/* a cell longer than clean is cut here, so it is never whole */
	bool longer = strlen(s ? s : "") >= sizeof clean - 1;
	text_sanitize(s ? s : "", clean, sizeof clean);
	if (!size)
		return 0;
	out[0] = '\0';
	if (w <= 0)
		return 0;
	int full = text_width(clean);
	if (full <= w && !longer && strlen(clean) < size) {
		memcpy(out, clean, strlen(clean) + 1);
		return full;
	}
	/* the longest start of at most w - 1 columns, then the mark */
	size_t used = 0, space = 0;
	int cols = 0, space_cols = 0;
	while (clean[used]) {
		size_t len;
		int cw = char_width(clean + used, &len);
		if (cols + cw > w - 1 || used + len + 2 > size)
			break;
		if (clean[used] == ' ') {
			space = used;
			space_cols = cols;
		}
		used += len;
		cols += cw;
	}
	/* end at a word's end when one is near: "Conference report~", not
	 * "Conference rep~"; a single long word is cut where it must be */
	if (space && space_cols * 2 >= w - 1 && clean[used] != ' ') {
		used = space;
		cols = space_cols;
	}
	while (used && clean[used - 1] == ' ') {
		used--;
		cols--;
	}
	memcpy(out, clean, used);
	out[used] = '~';
	out[used + 1] = '\0';
	return cols + 1;
}

void lists_fit_widths(const int *natural, const int *least, size_t n, int gap,
                      int width, int *out)
{
	long total = n ? (long)gap * (long)(n - 1) : 0;
	for (size_t c = 0; c < n; c++) {
		out[c] = natural[c];
		total += out[c];
	}
	if (width <= 0)
		return;
	/* narrow the widest column a column at a time, so the narrow ones
	 * (dates, ids, states) stay whole as long as anything can give */
	while (total > width) {
		size_t widest = n;
		for (size_t c = 0; c < n; c++)
			if (out[c] > least[c] &&
			    (widest == n || out[c] > out[widest]))
				widest = c;
		if (widest == n)
			return;   /* the headings alone are wider: as narrow as may be */
		out[widest]--;
		total--;
	}
}

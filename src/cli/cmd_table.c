/* cmd_table.c - a text table aligned by display width (cmd_table.h). */
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "text.h"
#include "vec.h"

void cmd_table_init(cmd_table *t, size_t ncols, const char *const *heads)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols < CMD_TABLE_COLS ? ncols : CMD_TABLE_COLS;
	t->heads = heads;
}

cp_status cmd_table_row(cmd_table *t, const char *const *cells,
                        cp_error *err)
{
	size_t need = (t->nrows + 1) * t->ncols;
	if (!vec_reserve((void **)&t->cells, &t->cap, need, sizeof *t->cells,
	                 16 * t->ncols))
		return cp_oom(err);
	char **row = t->cells + t->nrows * t->ncols;
	for (size_t c = 0; c < t->ncols; c++) {
		row[c] = text_sanitize_dup(cells[c] ? cells[c] : "");
		if (!row[c]) {
			while (c)
				free(row[--c]);
			return cp_oom(err);
		}
	}
	t->nrows++;
	return CP_OK;
}

static void put_row(FILE *out, const cmd_table *t, const char *const *cells,
                    const int *w)
{
	size_t last = t->ncols;   /* no padding after the last cell given */
	while (last > 1 && !*cells[last - 1])
		last--;
	for (size_t c = 0; c < last; c++) {
		fputs(cells[c], out);
		if (c + 1 < last)
			fprintf(out, "%*s", w[c] - text_width(cells[c]) + 2, "");
	}
	fputc('\n', out);
}

void cmd_table_print(const cmd_table *t, FILE *out)
{
	int w[CMD_TABLE_COLS] = { 0 };
	if (!t->nrows)
		return;
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = text_width(t->heads[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			int k = text_width(t->cells[r * t->ncols + c]);
			if (k > w[c])
				w[c] = k;
		}
	}
	put_row(out, t, t->heads, w);
	for (size_t r = 0; r < t->nrows; r++)
		put_row(out, t, (const char *const *)(t->cells + r * t->ncols), w);
}

void cmd_table_free(cmd_table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

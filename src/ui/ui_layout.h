/* ui_layout.h - a cursor over rows, some of which may be headings (not
 * selectable): views keep tasks grouped under "Overdue", meetings under
 * their day. */
#ifndef CPDESK_UI_LAYOUT_H
#define CPDESK_UI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ui_list {
	size_t n, sel, top;
} ui_list;

typedef bool (*ui_row_ok)(const void *ctx, size_t i);  /* selectable? */
void ui_list_move(ui_list *l, long delta, ui_row_ok ok, const void *ctx);
void ui_list_home(ui_list *l, bool end, ui_row_ok ok, const void *ctx);
void ui_list_fix(ui_list *l, size_t height, ui_row_ok ok, const void *ctx);
/* Movement keys (ui_keys.h actions); true when the action was one. */
bool ui_list_key(ui_list *l, int action, long page, ui_row_ok ok,
                 const void *ctx);

#endif

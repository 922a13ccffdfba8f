/* ui_theme.h - colours when the terminal has them and NO_COLOR is unset
 * or empty; otherwise bold, reverse and underline, chosen so that overdue
 * work still stands out on a vt100. */
#ifndef CPDESK_UI_THEME_H
#define CPDESK_UI_THEME_H

#include <stdbool.h>
#include <curses.h>

typedef enum {
	TH_NORMAL, TH_HEADER, TH_TAB, TH_TAB_ON, TH_HEADING, TH_SELECTED,
	TH_OVERDUE, TH_TODAY, TH_DONE, TH_DIM, TH_ERROR, TH_STATUS, TH_HINT,
	TH_MEETING_DAY, TH_BORDER, TH_FORM, TH_FIELD,
	TH_HEAT_LIGHT, TH_HEAT_BUSY, TH_HEAT_HEAVY, /* the Team view's heat map */
	TH_COUNT
} ui_style;

/* After initscr: picks colours or monochrome. */
void ui_theme_init(void);
attr_t ui_theme(ui_style s);
bool ui_theme_colour(void);

#endif

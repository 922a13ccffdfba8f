/* ui_theme.c - colour or monochrome attributes for each kind of text.
 *
 * Colour only when the terminal has it and NO_COLOR is unset or empty
 * (https://no-color.org).  The monochrome scheme does not lean on colour
 * at all: overdue rows are bold and underlined, the selection reverse,
 * so a vt100 shows the same distinctions. */
#include <stdlib.h>

#include "ui_theme.h"

static attr_t styles[TH_COUNT];
static bool colour;

static void mono(void)
{
	styles[TH_NORMAL] = A_NORMAL;
	styles[TH_HEADER] = A_REVERSE;
	styles[TH_TAB] = A_NORMAL;
	styles[TH_TAB_ON] = A_REVERSE | A_BOLD;
	styles[TH_HEADING] = A_BOLD | A_UNDERLINE;
	styles[TH_SELECTED] = A_REVERSE;
	styles[TH_OVERDUE] = A_BOLD | A_UNDERLINE;
	styles[TH_TODAY] = A_BOLD;
	styles[TH_DONE] = A_NORMAL;
	styles[TH_DIM] = A_NORMAL;
	styles[TH_ERROR] = A_BOLD | A_REVERSE;
	styles[TH_STATUS] = A_NORMAL;
	styles[TH_HINT] = A_REVERSE;
	styles[TH_MEETING_DAY] = A_BOLD | A_REVERSE;
	styles[TH_BORDER] = A_NORMAL;
	styles[TH_FORM] = A_NORMAL;
	styles[TH_FIELD] = A_UNDERLINE;
	/* the cells' text says how heavy a week is ("5+", "9#"); bold and
	 * reverse only make the heavier ones stand out */
	styles[TH_HEAT_LIGHT] = A_NORMAL;
	styles[TH_HEAT_BUSY] = A_BOLD;
	styles[TH_HEAT_HEAVY] = A_BOLD | A_REVERSE;
}

void ui_theme_init(void)
{
	const char *nc = getenv("NO_COLOR");
	mono();
	colour = has_colors() && !(nc && *nc);
	if (!colour || start_color() == ERR) {
		colour = false;
		return;
	}
	use_default_colors();
	short bg = -1;
	init_pair(1, COLOR_WHITE, COLOR_BLUE);   /* header */
	init_pair(2, COLOR_RED, bg);             /* overdue */
	init_pair(3, COLOR_YELLOW, bg);          /* today */
	init_pair(4, COLOR_GREEN, bg);           /* done */
	init_pair(5, COLOR_CYAN, bg);            /* headings, rules */
	init_pair(6, COLOR_WHITE, COLOR_RED);    /* errors, a heavy week */
	init_pair(7, COLOR_BLACK, COLOR_CYAN);   /* selected tab, hints */
	init_pair(8, COLOR_BLACK, COLOR_YELLOW); /* meeting day, busy week */
	init_pair(9, COLOR_BLACK, COLOR_GREEN);  /* a light week */
	styles[TH_HEADER] = COLOR_PAIR(1) | A_BOLD;
	styles[TH_TAB_ON] = COLOR_PAIR(7) | A_BOLD;
	styles[TH_HEADING] = COLOR_PAIR(5) | A_BOLD;
	/* colour AND bold, so overdue still stands out to the colour-blind */
	styles[TH_OVERDUE] = COLOR_PAIR(2) | A_BOLD;
	styles[TH_TODAY] = COLOR_PAIR(3) | A_BOLD;
	styles[TH_DONE] = COLOR_PAIR(4);
	styles[TH_DIM] = A_DIM;
	styles[TH_ERROR] = COLOR_PAIR(6) | A_BOLD;
	styles[TH_HINT] = COLOR_PAIR(7);
	styles[TH_MEETING_DAY] = COLOR_PAIR(8) | A_BOLD;
	styles[TH_BORDER] = COLOR_PAIR(5);
	styles[TH_HEAT_LIGHT] = COLOR_PAIR(9);
	styles[TH_HEAT_BUSY] = COLOR_PAIR(8);
	styles[TH_HEAT_HEAVY] = COLOR_PAIR(6) | A_BOLD;
}

attr_t ui_theme(ui_style s)
{
	return s < TH_COUNT ? styles[s] : A_NORMAL;
}

bool ui_theme_colour(void)
{
	return colour;
}

/* minscreen.c - the console's baseline: a minimal ncurses program that
 * draws one full screen (a header, 20 rows of a list, a status line) and
 * waits for a key (q ends it; any key when MINSCREEN_EXIT is set ends it
 * after drawing).  CPDESK_TIMING=1 prints, on stderr after endwin, the
 * time from main() to the first screen, as the console does. */
#include <locale.h>
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(void)
{
	double t0 = now_ms();
	setlocale(LC_ALL, "");
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	attron(A_REVERSE);
	mvhline(0, 0, ' ', cols);
	mvprintw(0, 1, "minscreen - the baseline");
	attroff(A_REVERSE);
	for (int i = 1; i < rows - 1; i++)
		mvprintw(i, 2, "row %02d  2025-03-%02d  a task of the queue", i,
		         1 + i % 28);
	mvprintw(rows - 1, 1, "MINSCREEN-DRAWN");
	refresh();
	double first = now_ms() - t0;
	if (!getenv("MINSCREEN_EXIT"))
		while (getch() != 'q')
			;
	endwin();
	const char *timing = getenv("CPDESK_TIMING");
	if (timing && *timing)
		fprintf(stderr, "minscreen: first screen in %.3f ms\n", first);
	return 0;
}

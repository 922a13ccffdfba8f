/* minscreen.c - the console's baseline: a minimal ncurses program that
 * draws one full screen (a header, 20 rows of a list, a status line) and
 * waits for a key (q ends it; any key when MINSCREEN_EXIT is set ends it
 * after drawing).  CPDESK_TIMING=1 prints, on stderr after endwin, the
 * time from main() to the first screen, as the console does.
 *
 * minscreen --plain: no ncurses at all; writes MINSCREEN-PLAIN and waits
 * for a key: the floor of what tmux takes to start any program and show
 * what it writes (bench/tmuxtime.c). */
#include <locale.h>
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int plain(double t0)
{
	struct termios old, raw;
	int tty = tcgetattr(0, &old) == 0;
	if (tty) {
		raw = old;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		tcsetattr(0, TCSANOW, &raw);
	}
	static const char msg[] = "MINSCREEN-PLAIN\r\n";
	if (write(1, msg, sizeof msg - 1) < 0)
		return 1;
	double first = now_ms() - t0;
	char c;
	while (read(0, &c, 1) == 1 && c != 'q')
		;
	if (tty)
		tcsetattr(0, TCSANOW, &old);
	const char *timing = getenv("CPDESK_TIMING");
	if (timing && *timing)
		fprintf(stderr, "minscreen: first screen in %.3f ms\n", first);
	return 0;
}

int main(int argc, char **argv)
{
	double t0 = now_ms();
	if (argc > 1 && !strcmp(argv[1], "--plain"))
		return plain(t0);
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

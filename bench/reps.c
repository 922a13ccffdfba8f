/* reps.c - run a command N times; print its wall time (median, p95) and
 * peak RSS.  The bench's own timing loop: no hyperfine needed.
 *
 *   reps N CMD [ARGS...]
 *   reps N CMD [ARGS...] --vs CMD_B [ARGS...]
 *
 * Prints one line to stdout: "median_us p95_us maxrss_kb fails min_us"
 * (the minimum: what a run costs when nothing else is running).
 * With --vs the two commands run in turn, A B A B ..., N times each, and
 * the line holds A's five figures, then B's, then the median of the
 * ratios A/B taken pair by pair: a machine whose speed drifts (another
 * user's build) moves both runs of a pair alike, where two blocks of N
 * runs one after the other each see a different machine.
 * The command's stdout goes to /dev/null; stderr is kept. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

typedef struct runs {
	char **argv;
	double *t;
	long maxrss;
	int fails;
} runs;

/* One run of r's command: its wall time into r->t[i]; -1 when it could
 * not be run at all. */
static int run_once(runs *r, int i)
{
	double t0 = now_us();
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return -1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 1);
		execvp(r->argv[0], r->argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return -1;
	}
	r->t[i] = now_us() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		r->fails++;
	if (ru.ru_maxrss > r->maxrss)
		r->maxrss = ru.ru_maxrss;
	return 0;
}

static void print_runs(runs *r, int n)
{
	qsort(r->t, (size_t)n, sizeof *r->t, cmp);
	int p95 = (int)((n - 1) * 0.95 + 0.5);
	printf("%.0f %.0f %ld %d %.0f", r->t[(n - 1) / 2], r->t[p95], r->maxrss,
	       r->fails, r->t[0]);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: reps N CMD [ARGS...] [--vs CMD_B [ARGS...]]\n");
		return 2;
	}
	int n = atoi(argv[1]);
	if (n < 1)
		n = 1;
	runs r[2] = { { .argv = argv + 2 } };
	int nr = 1;
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--vs")) {
			argv[i] = NULL;
			if (i == 2 || i + 1 >= argc) {
				fprintf(stderr, "reps: a command before and after --vs\n");
				return 2;
			}
			r[1].argv = argv + i + 1;
			nr = 2;
			break;
		}
	double *ratio = calloc((size_t)n, sizeof *ratio);
	for (int k = 0; k < nr; k++)
		if (!(r[k].t = calloc((size_t)n, sizeof *r[k].t)) || !ratio)
			return 3;
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < nr; k++)
			if (run_once(&r[k], i) < 0)
				return 3;
		if (nr == 2)
			ratio[i] = r[1].t[i] > 0 ? r[0].t[i] / r[1].t[i] : 0;
	}
	for (int k = 0; k < nr; k++) {
		if (k)
			putchar(' ');
		print_runs(&r[k], n);
	}
	if (nr == 2) {
		qsort(ratio, (size_t)n, sizeof *ratio, cmp);
		printf(" %.3f", ratio[(n - 1) / 2]);
	}
	putchar('\n');
	for (int k = 0; k < nr; k++)
		free(r[k].t);
	free(ratio);
	return 0;
}

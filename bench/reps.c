/* reps.c - run a command N times; print its wall time (median, p95) and
 * peak RSS.  The bench's own timing loop: no hyperfine needed.
 *
 *   reps N CMD [ARGS...]
 *
 * Prints one line to stdout: "median_us p95_us maxrss_kb fails min_us"
 * (the minimum: what a run costs when nothing else is running).
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

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: reps N CMD [ARGS...]\n");
		return 2;
	}
	int n = atoi(argv[1]);
	if (n < 1)
		n = 1;
	double *t = calloc((size_t)n, sizeof *t);
	long maxrss = 0;
	int fails = 0;
	if (!t)
		return 3;
	for (int i = 0; i < n; i++) {
		double t0 = now_us();
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 3;
		}
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			if (fd >= 0)
				dup2(fd, 1);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		int status;
		struct rusage ru;
		if (wait4(pid, &status, 0, &ru) < 0) {
			perror("wait4");
			return 3;
		}
		t[i] = now_us() - t0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fails++;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	qsort(t, (size_t)n, sizeof *t, cmp);
	int p95 = (int)((n - 1) * 0.95 + 0.5);
	printf("%.0f %.0f %ld %d %.0f\n", t[(n - 1) / 2], t[p95], maxrss, fails,
	       t[0]);
	free(t);
	return 0;
}

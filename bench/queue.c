/* queue.c - one worker's queue, in process: open the store once, then
 * time store_tasks_for_assignee (inside a reused read transaction, as the
 * console does) many times.
 *
 *   queue DIR LOGIN [ITERATIONS]
 *
 * stdout, one line: "open_median_us P95 open_rows all_median_us P95
 * all_rows maxrss_kb": the open queue (status open, any date), then the
 * worker's whole history (open, done and cancelled). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "store.h"

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

typedef struct counter {
	size_t n;
	long sum;   /* touch the record so nothing is optimised away */
} counter;

static bool count(void *ctx, const cp_task *k)
{
	counter *c = ctx;
	c->n++;
	c->sum += k->due;
	return true;
}

static int run(store *s, const char *login, bool all, int iters,
               double *med, double *p95, size_t *rows)
{
	double *t = calloc((size_t)iters, sizeof *t);
	cp_error err;
	if (!t)
		return -1;
	for (int i = 0; i < iters; i++) {
		counter c = { 0 };
		store_txn *tx;
		double t0 = now_us();
		if (store_read_begin(s, &tx, &err) != CP_OK) {
			fprintf(stderr, "queue: %s\n", err.msg);
			free(t);
			return -1;
		}
		for (int st = 0; st < (all ? TASK_STATUS_COUNT : 1); st++)
			if (store_tasks_for_assignee(tx, login, (task_status)st,
			                             CP_DATE_NONE, STORE_DATE_MAX, 0,
			                             count, &c, &err) != CP_OK) {
				fprintf(stderr, "queue: %s\n", err.msg);
				store_read_end(tx);
				free(t);
				return -1;
			}
		store_read_end(tx);
		t[i] = now_us() - t0;
		*rows = c.n;
	}
	qsort(t, (size_t)iters, sizeof *t, cmp);
	*med = t[(iters - 1) / 2];
	*p95 = t[(int)((iters - 1) * 0.95 + 0.5)];
	free(t);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: queue DIR LOGIN [ITERATIONS]\n");
		return 2;
	}
	int iters = argc > 3 ? atoi(argv[3]) : 2000;
	if (iters < 1)
		iters = 1;
	store *s;
	cp_error err;
	if (store_open(argv[1], NULL, &s, &err) != CP_OK) {
		fprintf(stderr, "queue: %s\n", err.msg);
		return 3;
	}
	double om, op, am, ap;
	size_t on = 0, an = 0;
	if (run(s, argv[2], false, iters, &om, &op, &on) ||
	    run(s, argv[2], true, iters, &am, &ap, &an)) {
		store_close(s);
		return 3;
	}
	store_close(s);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%.1f %.1f %zu %.1f %.1f %zu %ld\n", om, op, on, am, ap, an,
	       ru.ru_maxrss);
	return 0;
}

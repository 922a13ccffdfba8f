/* reader_probe.c - how long a reader waits while others write.
 *
 *   reader_probe DB STOPFILE [MAX_READS]
 *
 * Opens the store once and, until STOPFILE exists (or MAX_READS reads),
 * every 2 ms times one read: begin a read transaction, scan every worker's open
 * queue (a screenful each, as the console does) and every meeting of a
 * month, end.  Prints one line:
 *   reads=N worst_ms=X worst_begin_ms=Y mean_ms=Z
 * Exit 0, or 3 when a read failed (the message on stderr).  Built by
 * the Makefile into $(BUILD)/tests; used by reliability_concurrency.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

typedef struct names {
	char **v;
	size_t n, cap;
} names;

static bool add_worker(void *ctx, const cp_worker *w)
{
	names *nm = ctx;
	if (nm->n == nm->cap) {
		size_t cap = nm->cap ? nm->cap * 2 : 16;
		char **v = realloc(nm->v, cap * sizeof *v);
		if (!v)
			return false;
		nm->v = v;
		nm->cap = cap;
	}
	if (!(nm->v[nm->n] = strdup(w->login)))
		return false;
	nm->n++;
	return true;
}

static bool count_task(void *ctx, const cp_task *k)
{
	(void)k;
	(*(size_t *)ctx)++;
	return true;
}

static bool count_meeting(void *ctx, const cp_meeting *m)
{
	(void)m;
	(*(size_t *)ctx)++;
	return true;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: reader_probe DB STOPFILE [MAX_READS]\n");
		return 2;
	}
	long max_reads = argc == 4 ? atol(argv[3]) : 0;
	store *s;
	cp_error err;
	if (store_open(argv[1], NULL, &s, &err) != CP_OK) {
		fprintf(stderr, "reader_probe: %s\n", err.msg);
		return 3;
	}
	double worst = 0, worst_begin = 0, total = 0;
	long reads = 0;
	int rc = 0;
	size_t seen = 0;
	while (access(argv[2], F_OK) != 0 && (!max_reads || reads < max_reads)) {
		names nm = {0};
		store_txn *t;
		double t0 = now_ms();
		if (store_read_begin(s, &t, &err) != CP_OK) {
			fprintf(stderr, "reader_probe: %s\n", err.msg);
			rc = 3;
			break;
		}
		double t1 = now_ms();
		cp_status st = store_worker_list(t, add_worker, &nm, &err);
		for (size_t i = 0; st == CP_OK && i < nm.n; i++)
			st = store_tasks_for_assignee(t, nm.v[i], TASK_OPEN,
			                              CP_DATE_NONE, STORE_DATE_MAX,
			                              20, count_task, &seen, &err);
		if (st == CP_OK)
			st = store_meetings_between(t, CP_DATE_NONE, STORE_DATE_MAX,
			                            200, count_meeting, &seen, &err);
		store_read_end(t);
		double t2 = now_ms();
		for (size_t i = 0; i < nm.n; i++)
			free(nm.v[i]);
		free(nm.v);
		if (st != CP_OK) {
			fprintf(stderr, "reader_probe: %s\n", err.msg);
			rc = 3;
			break;
		}
		if (t1 - t0 > worst_begin)
			worst_begin = t1 - t0;
		if (t2 - t0 > worst)
			worst = t2 - t0;
		total += t2 - t0;
		reads++;
		/* a console polls; a spinning probe would only measure how
		 * it starves the writers of CPU */
		struct timespec pause = { 0, 2 * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
	store_close(s);
	printf("reads=%ld worst_ms=%.3f worst_begin_ms=%.3f mean_ms=%.3f\n",
	       reads, worst, worst_begin, reads ? total / (double)reads : 0.0);
	return rc;
}

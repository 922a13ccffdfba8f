/* gen.c - build a benchmark store of a given size, reproducibly.
 *
 *   gen DIR POLICY HOLIDAYS CHILDREN SEED TODAY
 *
 * Writes straight through the store API (store.h), the way a bulk load
 * from another case system would: workers in a director / service
 * manager / team manager / social worker hierarchy, chairs, IROs, minute
 * takers and QA pools (the shape of `cpdesk demo`), then children, each
 * with up to two years of meetings (child protection conferences every
 * 3-6 months, CLA reviews at 20 working days, 3 months, then every 6)
 * and every meeting's tasks from the stored policy's timeline, assigned
 * by role as casework_meeting_add would.  Past meetings are held and
 * their tasks nearly all done; meetings up to 12 weeks ahead are
 * scheduled with open tasks.  No audit entries (a bulk load).
 *
 * Large transactions (BATCH children each, ~300,000 tasks: every commit
 * rewrites the index pages the batch touched, which is nearly all of
 * ix.tasks.assignee, and waits for fsync; 5,000 a batch made that 30
 * times at national scale, 20,000 makes it 8); records with rising ids
 * are appended in key order.  Everything follows from CHILDREN, SEED and
 * TODAY; the batch size changes only the store's change counter (one
 * per commit), not a record.
 *
 * stdout: "children N workers N meetings N tasks N records N seconds S
 *          busiest LOGIN open N" (one line); progress on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "casework.h"
#include "heap.h"

#define BATCH 20000

enum { K_CIN, K_CP, K_CLA };

typedef struct gen {
	casework cw;
	size_t nchildren;
	cp_date today;
	uint64_t rng, batch_rng;
	size_t next_child;          /* first child of the current batch */
	/* people, by index: logins are made from the index */
	size_t nteams, nsw, nchairs, niros, nmins;
	size_t meetings, tasks, records, batch_meetings, batch_tasks,
	       batch_records;
} gen;

static uint64_t rnd(gen *g)
{
	uint64_t z = (g->rng += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int rn(gen *g, int n)
{
	return n > 0 ? (int)(rnd(g) % (uint64_t)n) : 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- staff --------------------------------------------------------------- */
static void login_of(char *buf, size_t size, const char *kind, size_t i)
{
	snprintf(buf, size, "%s%06zu", kind, i);
}

static cp_status put_worker(store_txn *t, const char *login, role_set roles,
                            const char *team, const char *manager,
                            cp_error *err)
{
	char name[64];
	snprintf(name, sizeof name, "Bench %s", login);
	cp_worker w = { .login = (char *)login, .name = name, .roles = roles,
	                .team = (char *)team, .manager = (char *)manager };
	return store_worker_put(t, &w, err);
}

#define RB(r) ROLE_BIT(ROLE_##r)

static cp_status add_staff(gen *g, store_txn *t, cp_error *err)
{
	char l[32], m[32], team[48];
	cp_status st = CP_OK;
	st = put_worker(t, "director", RB(DIRECTOR), "Directorate", "", err);
	if (st == CP_OK)
		st = put_worker(t, "smsafe", RB(SERVICE_MANAGER), "Safeguarding",
		                "director", err);
	if (st == CP_OK)
		st = put_worker(t, "qamanager", RB(QA_MANAGER), "QA", "director",
		                err);
	for (int i = 0; st == CP_OK && i < 2; i++) {
		login_of(l, sizeof l, "qa", (size_t)i);
		st = put_worker(t, l, RB(QA_ADMIN), "QA", "qamanager", err);
	}
	for (size_t i = 0; st == CP_OK && i < g->nchairs; i++) {
		login_of(l, sizeof l, "chair", i);
		st = put_worker(t, l, RB(CP_CHAIR), "Safeguarding", "smsafe", err);
	}
	for (size_t i = 0; st == CP_OK && i < g->niros; i++) {
		login_of(l, sizeof l, "iro", i);
		st = put_worker(t, l, RB(IRO), "IRO Service", "smsafe", err);
	}
	for (size_t i = 0; st == CP_OK && i < g->nmins; i++) {
		login_of(l, sizeof l, "clerk", i);
		st = put_worker(t, l, RB(MINUTE_TAKER), "QA", "qamanager", err);
	}
	for (size_t i = 0; st == CP_OK && i < g->nteams; i++) {
		snprintf(team, sizeof team, "Team %zu", i + 1);
		login_of(m, sizeof m, "tm", i);
		st = put_worker(t, m, RB(TEAM_MANAGER), team, "smsafe", err);
		for (size_t j = 0; st == CP_OK && j < 4; j++) {
			login_of(l, sizeof l, "sw", i * 4 + j);
			st = put_worker(t, l, RB(SOCIAL_WORKER), team, m, err);
		}
	}
	g->records += 5 + g->nchairs + g->niros + g->nmins + g->nteams * 5;
	return st;
}

/* ---- meetings and tasks -------------------------------------------------- */
typedef struct people {
	char sw[32], tm[32], chair[32], clerk[32];
} people;

static const char *assignee(const people *p, cp_role r)
{
	switch (r) {
	case ROLE_SOCIAL_WORKER: return p->sw;
	case ROLE_TEAM_MANAGER: return p->tm;
	case ROLE_SERVICE_MANAGER: return "smsafe";
	case ROLE_CP_CHAIR: case ROLE_IRO: return p->chair;
	case ROLE_MINUTE_TAKER: return p->clerk;
	case ROLE_QA_ADMIN: return POOL_QA_ADMIN;
	case ROLE_QA_MANAGER: return POOL_QA_MANAGER;
	default: return POOL_DIRECTOR;
	}
}

static cp_status add_meeting(gen *g, store_txn *t, const cp_child *c,
                             const people *p, const char *type, cp_date date,
                             int nth, uint64_t prev, const anchor_date *an,
                             size_t nan, uint64_t *id, cp_error *err)
{
	cp_meeting m;
	cp_meeting_init(&m);
	cp_status st = store_next_id(t, SEQ_MEETING, id, err);
	if (st != CP_OK)
		return st;
	m.id = *id;
	m.child_id = c->id;
	m.type = (char *)type;
	m.date = date;
	m.minutes = 570 + 30 * rn(g, 12);
	m.chair = (char *)p->chair;
	m.minute_taker = (char *)p->clerk;
	m.how = HOW_TEAMS;
	m.anchors = (anchor_date *)an;
	m.nanchors = nan;
	m.nth = nth;
	m.prev_id = prev;
	bool held = date < g->today;
	m.status = held ? MEETING_HELD : MEETING_SCHEDULED;
	if (held) {
		m.outcome.decision = "Plan continues; reviewed with the family";
		m.outcome.plan = strcmp(type, "cla-review") ? PLAN_CP : PLAN_NA;
		m.outcome.attendees = "Parent\nSocial worker\nSchool";
		m.outcome.reports = "Social worker's report";
		m.outcome.summary = "Risks and strengths mapped.";
	}
	st = store_meeting_put(t, &m, err);
	g->batch_meetings++;
	g->batch_records++;
	timeline_entry *tl = NULL;
	size_t n = 0;
	if (st == CP_OK)
		st = schedule_timeline(g->cw.pol, g->cw.cal, type, date, m.minutes,
		                       an, nan, &tl, &n, err);
	for (size_t i = 0; st == CP_OK && i < n; i++) {
		const policy_step *s = tl[i].step;
		cp_task k;
		cp_task_init(&k);
		if ((st = store_next_id(t, SEQ_TASK, &k.id, err)) != CP_OK)
			break;
		k.meeting_id = m.id;
		k.child_id = c->id;
		k.step_id = s->id;
		k.role = s->role;
		k.title = s->title;
		k.assignee = (char *)assignee(p, s->role);
		k.due = tl[i].due;
		k.kind = TASK_STEP;
		k.status = TASK_OPEN;
		/* past deadlines: nearly all done, a few overdue */
		int pct = k.due < g->today - 56 ? 998 : 920;
		if (k.due < g->today && rn(g, 1000) < pct) {
			k.status = TASK_DONE;
			k.done_by = k.assignee[0] == '@' ? "qa000000" : k.assignee;
			k.done_at = (int64_t)k.due * 86400 + 9 * 3600 +
			            rn(g, 8 * 3600);
		}
		/* a new id: no old record to look up */
		st = store_task_insert(t, &k, err);
		g->batch_tasks++;
		g->batch_records++;
	}
	free(tl);
	return st;
}

static cp_status add_child(gen *g, store_txn *t, size_t i, cp_error *err)
{
	char id[32], name[48];
	people p;
	size_t sw = i % g->nsw;
	snprintf(id, sizeof id, "C%08zu", i + 1);
	snprintf(name, sizeof name, "Child %zu", i + 1);
	login_of(p.sw, sizeof p.sw, "sw", sw);
	login_of(p.tm, sizeof p.tm, "tm", sw / 4);
	login_of(p.clerk, sizeof p.clerk, "clerk", (size_t)rn(g, (int)g->nmins));
	int r = rn(g, 100);
	int kind = r < 25 ? K_CIN : r < 55 ? K_CP : K_CLA;
	if (kind == K_CLA)
		login_of(p.chair, sizeof p.chair, "iro", (size_t)rn(g, (int)g->niros));
	else
		login_of(p.chair, sizeof p.chair, "chair",
		         (size_t)rn(g, (int)g->nchairs));
	/* the case opened up to two years ago */
	cp_date start = g->today - 14 - rn(g, 716);
	cp_child c;
	cp_child_init(&c);
	c.id = id;
	c.name = name;
	c.dob = start - 30 - rn(g, 16 * 365);
	c.social_worker = p.sw;
	c.family_pref = (family_pref)(1 + rn(g, 3));
	cp_status st = child_open_since(&c, start - rn(g, 90),
	                                kind == K_CP ? start : CP_DATE_NONE,
	                                kind == K_CLA ? start : CP_DATE_NONE, err);
	if (st == CP_OK)
		st = store_child_put(t, &c, err);
	child_episodes_free(&c);
	g->batch_records++;
	if (st != CP_OK || kind == K_CIN)
		return st;
	cp_date horizon = g->today + 84, d;
	anchor_date an;
	size_t nan = 1;
	uint64_t prev = 0, mid;
	cp_error e;
	if (kind == K_CP) {
		snprintf(an.name, sizeof an.name, "s47-start");
		an.date = start - 14;
		d = start;
		for (int nth = 1; st == CP_OK && d <= horizon; nth++) {
			if (calendar_workday_on_or_before(g->cw.cal, d, &d, &e) != CP_OK)
				break;
			st = add_meeting(g, t, &c, &p, nth == 1 ? "icpc" : "rcpc", d,
			                 nth == 1 ? 1 : nth - 1, prev,
			                 nth == 1 ? &an : NULL, nth == 1 ? nan : 0,
			                 &mid, err);
			prev = mid;
			d = date_add_months(d, nth == 1 ? 3 : 6) - rn(g, 10);
		}
	} else {
		snprintf(an.name, sizeof an.name, "care-start");
		an.date = start;
		if (calendar_add_workdays(g->cw.cal, start, 18, &d, &e) != CP_OK)
			d = start + 25;
		for (int nth = 1; st == CP_OK && d <= horizon; nth++) {
			if (calendar_workday_on_or_before(g->cw.cal, d, &d, &e) != CP_OK)
				break;
			st = add_meeting(g, t, &c, &p, "cla-review", d, nth, prev,
			                 nth == 1 ? &an : NULL, nth == 1 ? nan : 0,
			                 &mid, err);
			prev = mid;
			d = date_add_months(d, nth == 1 ? 3 : 6) - rn(g, 10);
		}
	}
	return st;
}

static cp_status batch_txn(store_txn *t, void *ctx, cp_error *err)
{
	gen *g = ctx;
	/* store_write may run this again after growing the map: start the
	 * batch over from its saved state */
	g->rng = g->batch_rng;
	g->batch_meetings = g->batch_tasks = g->batch_records = 0;
	cp_status st = CP_OK;
	if (g->next_child == 0)
		st = add_staff(g, t, err);
	size_t end = g->next_child + BATCH;
	if (end > g->nchildren)
		end = g->nchildren;
	for (size_t i = g->next_child; st == CP_OK && i < end; i++)
		st = add_child(g, t, i, err);
	return st;
}

/* The social worker with the most open tasks: the queue to time. */
typedef struct busiest {
	store_txn *t;
	char login[MODEL_ID_MAX + 1];
	size_t best, count;
	cp_error *err;
} busiest;

static bool count_task(void *ctx, const cp_task *k)
{
	(void)k;
	((busiest *)ctx)->count++;
	return true;
}

static bool each_worker(void *ctx, const cp_worker *w)
{
	busiest *b = ctx;
	if (!(w->roles & RB(SOCIAL_WORKER)))
		return true;
	b->count = 0;
	if (store_tasks_for_assignee(b->t, w->login, TASK_OPEN, CP_DATE_NONE,
	                             STORE_DATE_MAX, 0, count_task, b, b->err)
	    != CP_OK)
		return false;
	if (b->count > b->best) {
		b->best = b->count;
		snprintf(b->login, sizeof b->login, "%s", w->login);
	}
	return true;
}

int main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr,
		        "usage: gen DIR POLICY HOLIDAYS CHILDREN SEED TODAY\n");
		return 2;
	}
	gen *g = calloc(1, sizeof *g);
	cp_error err;
	if (!g)
		return 3;
	g->nchildren = strtoul(argv[4], NULL, 10);
	g->batch_rng = strtoull(argv[5], NULL, 10);
	if (date_parse(argv[6], &g->today, &err) != CP_OK) {
		fprintf(stderr, "gen: %s\n", err.msg);
		return 2;
	}
	g->nteams = g->nchildren / 60 + 1;
	g->nsw = g->nteams * 4;
	g->nchairs = g->nchildren / 40 + 3;
	g->niros = g->nchildren / 50 + 2;
	g->nmins = g->nchildren / 60 + 2;
	/* a map large enough that the build never has to grow it */
	store_open_opts o = { .mapsize = ((size_t)1 << 30) +
	                                 g->nchildren * (size_t)40000 };
	double t0 = now_s();
	/* more than a batch dirties: LMDB keeps its dirty pages for reuse */
	heap_prefer_huge_pages((size_t)256 << 20);
	cp_status st = casework_init(argv[1], argv[2], "bench", &o, &err);
	if (st == CP_OK)
		st = casework_open(&g->cw, argv[1], argv[3], "bench", &err);
	if (st == CP_OK)
		st = store_bulk_load_begin(g->cw.st, &err);
	while (st == CP_OK && (g->next_child < g->nchildren || !g->next_child)) {
		st = store_write(g->cw.st, batch_txn, g, &err);
		g->batch_rng = g->rng;
		g->meetings += g->batch_meetings;
		g->tasks += g->batch_tasks;
		g->records += g->batch_records;
		g->next_child += BATCH;
		fprintf(stderr, "\rgen: %zu/%zu children, %zu tasks",
		        g->next_child < g->nchildren ? g->next_child : g->nchildren,
		        g->nchildren, g->tasks);
		if (!g->nchildren)
			break;
	}
	fprintf(stderr, "\n");
	if (st == CP_OK)   /* on disk, timed */
		st = store_bulk_load_end(g->cw.st, &err);
	double secs = now_s() - t0;
	busiest b = { .err = &err };
	if (st == CP_OK && (st = store_read_begin(g->cw.st, &b.t, &err)) == CP_OK) {
		st = store_worker_list(b.t, each_worker, &b, &err);
		store_read_end(b.t);
	}
	if (st != CP_OK) {
		fprintf(stderr, "gen: %s\n", err.msg);
		casework_close(&g->cw);
		return 3;
	}
	printf("children %zu workers %zu meetings %zu tasks %zu records %zu "
	       "seconds %.3f busiest %s open %zu\n", g->nchildren,
	       5 + g->nchairs + g->niros + g->nmins + g->nteams * 5, g->meetings,
	       g->tasks, g->records, secs, b.login, b.best);
	casework_close(&g->cw);
	free(g);
	return 0;
}

/* gen.c - build a benchmark store of a given size, reproducibly.
 *
 *   gen DIR POLICY HOLIDAYS CHILDREN SEED TODAY [FAMILIES]
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
 * Families (issue 16; FAMILIES 1, the default): a third of ICPCs are for
 * 2, 3 or 4 siblings of one household (a family record, each child's
 * family_id), with the index child's social worker, team and chair.  As
 * casework_meeting_add makes them: one meeting (the index child, its
 * siblings), one set of tasks on the index child, and a task for each
 * child of the steps the policy marks per-child.  A held meeting's
 * outcome holds a decision for each child (as casework_meeting_outcome
 * records it, also for a meeting of one child); at the ICPC one sibling
 * in 8 is decided no plan, stays a child in need and is not at the
 * reviews, which are for the children still on the plan.  The share of
 * child protection units is lowered so that, counted in children, the
 * mix stays 25% in need, 30% at an ICPC (on a plan a little under: the
 * no-plan siblings), 45% looked after, as without families.  FAMILIES 0: no
 * families, and the store is the one the generator made before issue 16
 * (the same random draws, meetings, dates and tasks; each held meeting
 * now carries its one decision).
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
 *          busiest LOGIN open N families N icpcs N family-icpcs N
 *          siblings-no-plan N icpc-children N" (one line); progress on
 *          stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "casework.h"
#include "heap.h"

#define BATCH 20000

enum { K_CIN, K_CP, K_CLA };

/* The most children a household's conference is for here (2-4). */
#define SIBLINGS_MAX 4

typedef struct gen {
	casework cw;
	size_t nchildren;
	cp_date today;
	uint64_t rng, batch_rng;
	size_t next_child;          /* first child of the current batch */
	size_t batch_end;           /* one past its last (a household is
	                               never split between batches) */
	bool families;              /* a third of ICPCs for siblings */
	/* people, by index: logins are made from the index */
	size_t nteams, nsw, nchairs, niros, nmins;
	size_t meetings, tasks, records, batch_meetings, batch_tasks,
	       batch_records;
	/* what the families made (counted in the batch, like the rest) */
	size_t families_n, icpcs, family_icpcs, no_plan, icpc_children,
	       batch_families, batch_icpcs, batch_family_icpcs, batch_no_plan,
	       batch_icpc_children;
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

/* The children a meeting is for, the index child first, and what a held
 * meeting decides for each (a CP conference's; a CLA review's is n/a). */
typedef struct kids {
	const char *id[SIBLINGS_MAX];
	plan_decision plan[SIBLINGS_MAX];
	size_t n;
} kids;

static cp_status add_meeting(gen *g, store_txn *t, const kids *kd,
                             cp_category category, const people *p,
                             const char *type, cp_date date, int nth,
                             uint64_t prev, const anchor_date *an, size_t nan,
                             uint64_t *id, cp_error *err)
{
	cp_meeting m;
	cp_meeting_init(&m);
	char *sib[SIBLINGS_MAX];
	cp_decision dec[SIBLINGS_MAX];
	cp_status st = store_next_id(t, SEQ_MEETING, id, err);
	if (st != CP_OK)
		return st;
	m.id = *id;
	m.child_id = (char *)kd->id[0];
	for (size_t i = 1; i < kd->n; i++)
		sib[i - 1] = (char *)kd->id[i];
	m.siblings = kd->n > 1 ? sib : NULL;
	m.nsiblings = kd->n - 1;
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
		/* a decision for each child, and the meeting's own from them, as
		 * casework_meeting_outcome records it (cw_decide) */
		bool cla = !strcmp(type, "cla-review"), any = false, none = true;
		for (size_t i = 0; i < kd->n; i++) {
			plan_decision pl = cla ? PLAN_NA : kd->plan[i];
			dec[i] = (cp_decision){ .child_id = (char *)kd->id[i],
			                        .plan = pl,
			                        .category = pl == PLAN_CP ? category
			                                    : CP_CATEGORY_UNKNOWN };
			any |= pl == PLAN_CP;
			none &= pl == PLAN_NONE;
		}
		m.outcome.decision = "Plan continues; reviewed with the family";
		m.outcome.decisions = dec;
		m.outcome.ndecisions = kd->n;
		m.outcome.plan = any ? PLAN_CP : none ? PLAN_NONE : dec[0].plan;
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
	/* as casework's make_tasks: one set on the index child, and a task
	 * for each child of a per-child step.  Siblings share the index
	 * child's social worker, team manager and chair here, so each
	 * child's task goes to the same person casework would name. */
	for (size_t i = 0; st == CP_OK && i < n; i++) {
		const policy_step *s = tl[i].step;
		size_t each = s->per_child ? kd->n : 1;
		for (size_t c = 0; st == CP_OK && c < each; c++) {
			cp_task k;
			cp_task_init(&k);
			if ((st = store_next_id(t, SEQ_TASK, &k.id, err)) != CP_OK)
				break;
			k.meeting_id = m.id;
			k.child_id = (char *)kd->id[c];
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
	}
	free(tl);
	return st;
}

/* Child i, or with families a household from child i: the family
 * record, the children's records, their meetings and tasks.  *used gets
 * the number of children made (1-4). */
static cp_status add_unit(gen *g, store_txn *t, size_t i, size_t *used,
                          cp_error *err)
{
	char id[SIBLINGS_MAX][32], name[48], fam[32], famname[48];
	people p;
	size_t sw = i % g->nsw, nk = 1;
	login_of(p.sw, sizeof p.sw, "sw", sw);
	login_of(p.tm, sizeof p.tm, "tm", sw / 4);
	login_of(p.clerk, sizeof p.clerk, "clerk", (size_t)rn(g, (int)g->nmins));
	int kind;
	cp_category cat = CP_CATEGORY_UNKNOWN;
	if (!g->families) {
		int r = rn(g, 100);
		kind = r < 25 ? K_CIN : r < 55 ? K_CP : K_CLA;
	} else {
		/* a unit is in need 25, on a plan 18, looked after 45 times in
		 * 88; a third of plan units are households of 2-4 (3 on
		 * average), so 18 units make 30 children: in children the mix
		 * is 25:30:45 as without families */
		int r = rn(g, 88);
		kind = r < 25 ? K_CIN : r < 43 ? K_CP : K_CLA;
		if (kind == K_CP) {
			cat = (cp_category)(CP_CATEGORY_NEGLECT + rn(g, 5));
			if (rn(g, 3) == 0)
				nk = 2 + (size_t)rn(g, 3);
			if (nk > g->nchildren - i)
				nk = g->nchildren - i;
		}
	}
	*used = nk;
	if (kind == K_CLA)
		login_of(p.chair, sizeof p.chair, "iro", (size_t)rn(g, (int)g->niros));
	else
		login_of(p.chair, sizeof p.chair, "chair",
		         (size_t)rn(g, (int)g->nchairs));
	/* the case opened up to two years ago */
	cp_date start = g->today - 14 - rn(g, 716);
	cp_date dob = start - 30 - rn(g, 16 * 365);
	family_pref pref = (family_pref)(1 + rn(g, 3));
	cp_date cin = start - rn(g, 90);
	cp_status st = CP_OK;
	fam[0] = '\0';
	if (nk > 1) {
		snprintf(fam, sizeof fam, "F%08zu", i + 1);
		snprintf(famname, sizeof famname, "Household %zu", i + 1);
		cp_family f = { .id = fam, .name = famname };
		st = store_family_put(t, &f, err);
		g->batch_families++;
		g->batch_records++;
	}
	/* the ICPC is for every child; the reviews for those on the plan */
	kids icpc = { .n = 0 }, rcpc = { .n = 0 };
	for (size_t k = 0; st == CP_OK && k < nk; k++) {
		bool plan = kind == K_CP;
		if (k > 0) {   /* a sibling: born apart, one in 8 not on the plan */
			dob = start - 30 - rn(g, 16 * 365);
			if (rn(g, 8) == 0) {
				plan = false;
				g->batch_no_plan++;
			}
		}
		snprintf(id[k], sizeof id[k], "C%08zu", i + k + 1);
		snprintf(name, sizeof name, "Child %zu", i + k + 1);
		cp_child c;
		cp_child_init(&c);
		c.id = id[k];
		c.name = name;
		c.dob = dob;
		c.social_worker = p.sw;
		c.family_pref = pref;
		c.family_id = fam;
		st = child_open_since(&c, cin, plan ? start : CP_DATE_NONE,
		                      kind == K_CLA ? start : CP_DATE_NONE, err);
		if (st == CP_OK && plan && cat != CP_CATEGORY_UNKNOWN)
			((cp_episode *)child_open_episode(&c, EPISODE_CP))->category =
			    cat;
		if (st == CP_OK)
			st = store_child_put(t, &c, err);
		child_episodes_free(&c);
		g->batch_records++;
		icpc.id[icpc.n] = id[k];
		icpc.plan[icpc.n++] = plan ? PLAN_CP : PLAN_NONE;
		if (plan) {
			rcpc.id[rcpc.n] = id[k];
			rcpc.plan[rcpc.n++] = PLAN_CP;
		}
	}
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
			if (nth == 1) {
				g->batch_icpcs++;
				g->batch_family_icpcs += nk > 1;
				g->batch_icpc_children += nk;
			}
			st = add_meeting(g, t, nth == 1 ? &icpc : &rcpc, cat, &p,
			                 nth == 1 ? "icpc" : "rcpc", d,
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
			st = add_meeting(g, t, &icpc, cat, &p, "cla-review", d, nth,
			                 prev, nth == 1 ? &an : NULL, nth == 1 ? nan : 0,
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
	g->batch_families = g->batch_icpcs = g->batch_family_icpcs = 0;
	g->batch_no_plan = g->batch_icpc_children = 0;
	cp_status st = CP_OK;
	if (g->next_child == 0)
		st = add_staff(g, t, err);
	size_t end = g->next_child + BATCH, i = g->next_child, used = 1;
	if (end > g->nchildren)
		end = g->nchildren;
	/* a household that starts in this batch ends in it */
	for (; st == CP_OK && i < end; i += used)
		st = add_unit(g, t, i, &used, err);
	g->batch_end = i;
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
	if (argc != 7 && argc != 8) {
		fprintf(stderr, "usage: gen DIR POLICY HOLIDAYS CHILDREN SEED TODAY "
		        "[FAMILIES]\n");
		return 2;
	}
	gen *g = calloc(1, sizeof *g);
	cp_error err;
	if (!g)
		return 3;
	g->nchildren = strtoul(argv[4], NULL, 10);
	g->batch_rng = strtoull(argv[5], NULL, 10);
	g->families = argc < 8 || strcmp(argv[7], "0");
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
		g->families_n += g->batch_families;
		g->icpcs += g->batch_icpcs;
		g->family_icpcs += g->batch_family_icpcs;
		g->no_plan += g->batch_no_plan;
		g->icpc_children += g->batch_icpc_children;
		g->next_child = g->batch_end;
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
	       "seconds %.3f busiest %s open %zu families %zu icpcs %zu "
	       "family-icpcs %zu siblings-no-plan %zu icpc-children %zu\n",
	       g->nchildren,
	       5 + g->nchairs + g->niros + g->nmins + g->nteams * 5, g->meetings,
	       g->tasks, g->records, secs, b.login, b.best, g->families_n,
	       g->icpcs, g->family_icpcs, g->no_plan, g->icpc_children);
	casework_close(&g->cw);
	free(g);
	return 0;
}

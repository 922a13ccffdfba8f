/* demo.c - "Demo Borough": a fictional borough with staff in every role
 * and children at every stage, for trying the console and load tests.
 *
 * Everything goes through the casework batch API (the same rules as real
 * use: tasks generated from the policy, cadence checked, audit written)
 * inside one store_write.  store_write may run the callback again after
 * growing the map, so all state is rebuilt from the seed on each run. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "vec.h"

/* Invented names: nobody real should turn up in a demo. */
static const char *const staff_first[] = {
	"Ada", "Basil", "Clementine", "Digby", "Esme", "Florian", "Gwendolyn",
	"Horatio", "Imogen", "Jasper", "Kit", "Lavinia", "Mungo", "Nell",
	"Orla", "Percival", "Quentin", "Rosalind", "Septimus", "Tabitha",
	"Ulric", "Violet", "Wilfred", "Xanthe", "Yorick", "Zinnia", "Amos",
	"Bryony", "Cosmo", "Delphine"
};
static const char *const child_first[] = {
	"Alfie", "Bea", "Cody", "Daisy", "Ellis", "Freya", "Gus", "Hattie",
	"Isla", "Jude", "Kai", "Lola", "Milo", "Nia", "Ollie", "Poppy",
	"Reggie", "Sunny", "Teddy", "Willow", "Arlo", "Bonnie", "Caspian",
	"Dotty", "Ezra", "Fern", "Hugo", "Ivy", "Jonah", "Marnie"
};
static const char *const surnames[] = {
	"Applewhite", "Bramblecombe", "Quillfeather", "Thistlewood", "Marrowby",
	"Pennyfeather", "Fernsby", "Hollowell", "Kettleborough", "Larkspur",
	"Mossbank", "Nettlefold", "Oakhurst", "Puddingstone", "Ravensdale",
	"Saltmarsh", "Tumbledown", "Underhill", "Vellacott", "Wickerby",
	"Yarrowby", "Zennorton", "Crumplehorn", "Dapplegate", "Elderbrook",
	"Foxglove", "Gorsemoor", "Heatherwick", "Inkpenny", "Juniperdale"
};
#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static const char *const team_kinds[3] = {
	"Assessment Team", "Child Protection Team", "Children Looked After Team"
};
static const char *const agencies[] = {
	"Police", "School", "Health visitor", "GP", "Probation", "Housing"
};

typedef str_vec pool;   /* the logins of one role */

enum { P_DIRECTOR, P_QA_MANAGER, P_QA_ADMIN, P_SM_SAFE, P_SM_CLA, P_CHAIR,
       P_IRO, P_MINUTE, P_TM0, P_TM1, P_TM2, P_SW0, P_SW1, P_SW2,
       P_QA_REVIEW, P_COUNT };

typedef struct demo {
	casework *cw;
	store_txn *t;
	const demo_opts *o;
	uint64_t rng;
	pool pools[P_COUNT];
	const char *you;          /* the Unix login, or NULL */
	demo_stats st;
	cp_date today;
} demo;

static uint64_t rnd(demo *d)
{
	/* splitmix64: small, fast and the same on every machine. */
	uint64_t z = (d->rng += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int rn(demo *d, int n)
{
	return n > 0 ? (int)(rnd(d) % (uint64_t)n) : 0;
}

static const char *pick(demo *d, const pool *p)
{
	return p->n ? p->v[rn(d, (int)p->n)] : NULL;
}

static cp_status pool_add(pool *p, const char *login, cp_error *err)
{
	return str_vec_add(p, login) ? CP_OK : cp_oom(err);
}

static void pools_free(demo *d)
{
	for (int i = 0; i < P_COUNT; i++)
		str_vec_free(&d->pools[i]);
}

/* ---- dates ---------------------------------------------------------------- */

static cp_date workday(demo *d, cp_date x)
{
	cp_date out;
	cp_error e;
	return calendar_workday_on_or_after(d->cw->cal, x, &out, &e) == CP_OK
	       ? out : x;
}

static cp_date add_wd(demo *d, cp_date x, int n)
{
	cp_date out;
	cp_error e;
	return calendar_add_workdays(d->cw->cal, x, n, &out, &e) == CP_OK
	       ? out : x + n;
}

/* The latest date the cadence allows for `next` after `type` on `held`. */
static cp_date cadence_by(demo *d, const char *type, cp_date held,
                          const char *next)
{
	next_meeting *nx;
	size_t n;
	cp_error e;
	cp_date by = CP_DATE_NONE;
	if (schedule_next(d->cw->pol, d->cw->cal, type, 1, held, &nx, &n,
	                  &e) != CP_OK)
		return by;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(nx[i].type, next))
			by = nx[i].by;
	free(nx);
	return by;
}

/* A date for the next meeting: before its deadline, and mostly inside the
 * demo's window of 12 weeks ahead. */
static cp_date next_date(demo *d, const char *type, cp_date held,
                         const char *next)
{
	cp_date by = cadence_by(d, type, held, next);
	if (by == CP_DATE_NONE)
		return CP_DATE_NONE;
	cp_date last = by < d->today + 84 ? by : d->today + 84;
	cp_date x = add_wd(d, last, -rn(d, 10));
	if (x <= d->today)
		x = add_wd(d, d->today, 1 + rn(d, 5));
	cp_date out;
	cp_error e;
	if (x > by && calendar_workday_on_or_before(d->cw->cal, by, &out,
	                                            &e) == CP_OK)
		x = out;
	return x;
}

/* ---- workers -------------------------------------------------------------- */

static cp_status add_worker(demo *d, const char *name_first,
                            const char *name_last, role_set roles,
                            const char *team, const char *manager, int into,
                            cp_error *err)
{
	char login[64], name[96];
	snprintf(name, sizeof name, "%s %s", name_first, name_last);
	size_t n = (size_t)snprintf(login, sizeof login, "%c%s",
	                            tolower((unsigned char)name_first[0]),
	                            name_last);
	for (size_t i = 1; i < n; i++)
		login[i] = (char)tolower((unsigned char)login[i]);
	for (int k = 2;; k++) {
		cp_worker old;
		bool found;
		cp_status st = store_worker_get(d->t, login, &old, &found, err);
		if (st != CP_OK)
			return st;
		if (!found && !(d->you && !strcmp(login, d->you)))
			break;
		if (found)
			cp_worker_free(&old);
		snprintf(login + n, sizeof login - n, "%d", k);
	}
	cp_worker w = { .login = login, .name = name, .roles = roles,
	                .team = (char *)team, .manager = (char *)manager };
	cp_status st = casework_worker_add_txn(d->cw, d->t, &w, err);
	if (st == CP_OK && into >= 0)
		st = pool_add(&d->pools[into], login, err);
	d->st.workers += st == CP_OK;
	return st;
}

static cp_status add_staff(demo *d, int n, role_set roles, const char *team,
                           const char *manager, int into, cp_error *err)
{
	cp_status st = CP_OK;
	for (int i = 0; st == CP_OK && i < n; i++)
		st = add_worker(d, staff_first[rn(d, NELEM(staff_first))],
		                surnames[rn(d, NELEM(surnames))], roles, team,
		                manager, into, err);
	return st;
}

#define RB(r) ROLE_BIT(ROLE_##r)

static cp_status add_teams(demo *d, size_t units, cp_error *err)
{
	cp_status st = CP_OK;
	for (int k = 0; st == CP_OK && k < 3; k++) {
		const char *sm = d->pools[k == 2 ? P_SM_CLA : P_SM_SAFE].v[0];
		for (size_t u = 0; st == CP_OK && u < units; u++) {
			char team[64];
			if (u)
				snprintf(team, sizeof team, "%s %zu", team_kinds[k], u + 1);
			else
				snprintf(team, sizeof team, "%s", team_kinds[k]);
			pool *tms = &d->pools[P_TM0 + k];
			st = add_staff(d, 1, RB(TEAM_MANAGER), team, sm, P_TM0 + k, err);
			if (st == CP_OK)
				st = add_staff(d, 4, RB(SOCIAL_WORKER), team,
				               tms->v[tms->n - 1], P_SW0 + k, err);
			/* You join the first assessment team. */
			if (st == CP_OK && d->you && k == 0 && u == 0) {
				/* the console shows "You (login)" */
				cp_worker w = { .login = (char *)d->you, .name = "You",
				                .roles = RB(SOCIAL_WORKER) | RB(QA_ADMIN),
				                .team = team, .manager = tms->v[tms->n - 1] };
				st = casework_worker_add_txn(d->cw, d->t, &w, err);
				d->st.workers += st == CP_OK;
			}
		}
	}
	return st;
}

static cp_status add_workers(demo *d, cp_error *err)
{
	size_t n = d->o->children;
	size_t units = n / 180 + 1;
	cp_status st = add_staff(d, 1, RB(DIRECTOR), "Directorate", NULL,
	                         P_DIRECTOR, err);
	const char *dir = st == CP_OK ? d->pools[P_DIRECTOR].v[0] : NULL;
	/* The head of the Safeguarding Service is also the Safeguarding
	 * Service Manager who agrees cancellations (001). */
	if (st == CP_OK)
		st = add_staff(d, 1, RB(SERVICE_MANAGER) | RB(SAFEGUARDING_MANAGER),
		               "Safeguarding Service", dir, P_SM_SAFE, err);
	if (st == CP_OK)
		st = add_staff(d, 1, RB(SERVICE_MANAGER),
		               "Children Looked After Service", dir, P_SM_CLA, err);
	if (st == CP_OK)
		st = add_staff(d, 1, RB(QA_MANAGER), "Quality Assurance", dir,
		               P_QA_MANAGER, err);
	/* Swindon's QA & Review Service Manager (004 point 17), someone
	 * else than the QA manager; named without the random draws, so the
	 * rest of the demo is the same people and children as before. */
	if (st == CP_OK)
		st = add_worker(d, "Hester", "Hawthornden", RB(QA_REVIEW_MANAGER),
		                "Quality Assurance and Review", dir, P_QA_REVIEW,
		                err);
	const char *qam = st == CP_OK ? d->pools[P_QA_MANAGER].v[0] : NULL;
	if (st == CP_OK)
		st = add_staff(d, 2, RB(QA_ADMIN), "Quality Assurance", qam,
		               P_QA_ADMIN, err);
	if (st == CP_OK)
		st = add_staff(d, 2 + (int)(n / 60), RB(MINUTE_TAKER),
		               "Quality Assurance", qam, P_MINUTE, err);
	if (st == CP_OK)
		st = add_staff(d, 3 + (int)(n / 40), RB(CP_CHAIR), "Safeguarding Service",
		               d->pools[P_SM_SAFE].v[0], P_CHAIR, err);
	if (st == CP_OK)
		st = add_staff(d, 2 + (int)(n / 50), RB(IRO), "IRO Service",
		               d->pools[P_SM_CLA].v[0], P_IRO, err);
	if (st == CP_OK)
		st = add_teams(d, units, err);
	return st;
}

/* ---- meetings ------------------------------------------------------------- */

static const char *chair_for(demo *d, const char *type)
{
	const policy_meeting *pm = policy_meeting_find(d->cw->pol, type);
	if (!pm || pm->chair_role == ROLE_SOCIAL_WORKER)
		return NULL;   /* a core group: the child's social worker */
	return pick(d, &d->pools[pm->chair_role == ROLE_IRO ? P_IRO : P_CHAIR]);
}

typedef struct done_ids {
	uint64_t *v;
	size_t n, cap;
	cp_date before;
	bool oom;
} done_ids;

static bool collect_past_open(void *ctx, const cp_task *k)
{
	done_ids *l = ctx;
	if (k->status != TASK_OPEN || k->due >= l->before)
		return true;
	if (!vec_room((void **)&l->v, &l->cap, l->n, sizeof *l->v, 16))
		return !(l->oom = true);
	l->v[l->n++] = k->id;
	return true;
}

/* Most tasks already due are done (by whoever holds them, on the day they
 * fell due); the rest are the overdue ones the console shows in red. */
static cp_status do_past_tasks(demo *d, uint64_t mid, int percent,
                               cp_error *err)
{
	done_ids l = { .before = d->today };
	cp_status st = store_tasks_for_meeting(d->t, mid, collect_past_open, &l,
	                                       err);
	if (st == CP_OK && l.oom)
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < l.n; i++) {
		if (rn(d, 100) >= percent)
			continue;
		cp_task k;
		bool found;
		if ((st = store_task_get(d->t, l.v[i], &k, &found, err)) != CP_OK ||
		    !found)
			continue;
		const char *by = k.assignee[0] == '@'
		                 ? pick(d, &d->pools[P_QA_ADMIN]) : k.assignee;
		int64_t when = (int64_t)k.due * 86400 + 9 * 3600 + rn(d, 8 * 3600);
		st = casework_task_done_txn(d->cw, d->t, k.id, by, when,
		                            rn(d, 3) ? "" : "Done; saved on the case file",
		                            err);
		cp_task_free(&k);
		d->st.tasks_done += st == CP_OK;
	}
	free(l.v);
	return st;
}

static cp_status add_reports(demo *d, uint64_t mid, cp_date date,
                             cp_error *err)
{
	int n = 2 + rn(d, 3);
	cp_status st = CP_OK;
	size_t last = NELEM(agencies);
	for (int i = 0; st == CP_OK && i < n; i++) {
		size_t a = (size_t)(i + rn(d, 2)) % NELEM(agencies);
		cp_date got = date - 5 - rn(d, 5), shared = CP_DATE_NONE;
		if (got >= d->today || rn(d, 5) == 0)
			got = CP_DATE_NONE;      /* still expected */
		else if (rn(d, 3))
			shared = got + 1 < d->today ? got + 1 : CP_DATE_NONE;
		/* one report an agency: the same one twice would record a
		 * second arrival (the draws are made either way, so the rest
		 * of the borough is as before) */
		if (a == last)
			continue;
		last = a;
		st = casework_report_received_txn(d->cw, d->t, mid, agencies[a],
		                                  got, shared, err);
		d->st.reports += st == CP_OK;
	}
	return st;
}

typedef struct mtg {
	const char *type;
	cp_date date;
	anchor_date anchors[2];
	size_t nanchors;
	const char *chair;
	const char *const *siblings;   /* a family meeting's other children */
	size_t nsiblings;
} mtg;

static void set_anchor(demo *d, mtg *m, const char *name, cp_date when)
{
	if (!policy_anchor_find(d->cw->pol, name) || m->nanchors == 2)
		return;
	snprintf(m->anchors[m->nanchors].name, sizeof m->anchors[0].name, "%s",
	         name);
	m->anchors[m->nanchors++].date = when;
}

static bool is_conference(const char *type)
{
	return !strcmp(type, "icpc") || !strcmp(type, "rcpc");
}

static cp_status add_meeting(demo *d, const char *child, mtg *m,
                             uint64_t *id, cp_error *err)
{
	static const int times[] = { 570, 600, 630, 660, 810, 840, 900 };
	static const meeting_how hows[] = { HOW_TEAMS, HOW_TEAMS, HOW_TEAMS,
	                                    HOW_PHONE, HOW_IN_PERSON, HOW_SKYPE };
	*id = 0;
	if (!policy_meeting_find(d->cw->pol, m->type))
		return CP_OK;           /* this policy has no such meeting */
	if (!m->chair)
		m->chair = chair_for(d, m->type);
	meeting_how how = hows[rn(d, NELEM(hows))];
	if (!strcmp(m->type, "rcpc") && rn(d, 8) == 0)
		how = HOW_ONE_TO_ONE_WRITTEN;   /* Hounslow's procedure, 002 */
	cw_meeting_new in = {
		.child_id = child, .siblings = m->siblings,
		.nsiblings = m->nsiblings, .type = m->type, .date = m->date,
		.minutes = times[rn(d, NELEM(times))], .chair = m->chair,
		.minute_taker = pick(d, &d->pools[P_MINUTE]), .how = how,
		.anchors = m->anchors, .nanchors = m->nanchors,
		/* Only recorded when a date breaks the cadence (another policy's
		 * rules): then the demo shows an exception, as real life does. */
		.reason = "Date set by the chair's and family's availability"
	};
	char warn[CW_WARN_MAX];
	cp_status st = casework_meeting_add_txn(d->cw, d->t, &in, id, warn, err);
	d->st.meetings += st == CP_OK;
	if (st == CP_OK && is_conference(m->type) && m->date < d->today + 21)
		st = add_reports(d, *id, m->date, err);
	if (st == CP_OK)
		st = do_past_tasks(d, *id, m->date < d->today ? 92 : 70, err);
	return st;
}

/* Meeting id held as o says; *nid the next one booked (0: none). */
static cp_status record_outcome(demo *d, uint64_t id, const cw_outcome *o,
                                uint64_t *nid, cp_error *err)
{
	char warn[CW_WARN_MAX];
	*nid = 0;
	cp_status st = casework_meeting_outcome_txn(d->cw, d->t, id, o, nid,
	                                            warn, err);
	d->st.held += st == CP_OK;
	d->st.meetings += st == CP_OK && *nid;
	return st;
}

/* Hold meeting `id` and schedule `next` (NULL: none) on `when`. */
static cp_status hold(demo *d, uint64_t id, const char *type,
                      plan_decision plan, const char *next, cp_date when,
                      uint64_t *next_id, cp_error *err)
{
	static const char *const decisions[] = {
		"Child protection plan under the category of neglect",
		"Child protection plan under the category of emotional abuse",
		"No plan: continue support as a child in need",
		"Care plan endorsed; contact arrangements continue",
	};
	*next_id = 0;
	if (!id)
		return CP_OK;
	int pick = plan == PLAN_CP ? rn(d, 2) : 0;   /* the same draws as before */
	const char *decision = plan == PLAN_CP ? decisions[pick]
	                     : plan == PLAN_NONE ? decisions[2] : decisions[3];
	cw_outcome o = {
		.decision = strcmp(type, "strategy") ? decision
		            : "Threshold met: section 47 enquiry; ICPC to be convened",
		.plan = plan,
		.category = plan != PLAN_CP ? CP_CATEGORY_UNKNOWN
		            : pick ? CP_CATEGORY_EMOTIONAL : CP_CATEGORY_NEGLECT,
		.attendees = "Parent\nSocial worker\nSchool\nHealth visitor",
		.reports = "Social worker's report\nSchool report",
		.views_missing = rn(d, 4) ? "" : "Father did not take part; his views "
		                 "were sought by phone but he did not answer",
		.summary = "Risks and strengths mapped; the plan was agreed with the family.",
		.schedule_next = next != NULL && policy_meeting_find(d->cw->pol, next),
		.next_type = next, .next_date = when, .next_minutes = -2,
		.next_reason = "Date set by the chair's and family's availability",
		.convene = CONVENE_YES,   /* the demo's strategy meetings do */
	};
	uint64_t nid = 0;
	cp_status st = record_outcome(d, id, &o, &nid, err);
	if (st == CP_OK && nid) {
		*next_id = nid;
		st = do_past_tasks(d, nid, 80, err);
	}
	return st;
}

/* ---- children ------------------------------------------------------------- */

typedef enum { S_CIN_LONG, S_PIPELINE, S_CP, S_LAC_NEW, S_LAC, S_COUNT }
	stage;

static cp_date wd_back(demo *d, cp_date x)
{
	cp_date out;
	cp_error e;
	return calendar_workday_on_or_before(d->cw->cal, x, &out, &e) == CP_OK
	       ? out : x;
}

static cp_status consult(demo *d, const char *child, const char *kind,
                         cp_date when, const char *chair, uint64_t meeting,
                         cp_error *err)
{
	if (!policy_consult_kind_find(d->cw->pol, kind) || when >= d->today)
		return CP_OK;
	cp_consult c;
	cp_consult_init(&c);
	c.kind = (char *)kind;
	c.date = when;
	c.chair = (char *)(chair ? chair : pick(d, &d->pools[P_CHAIR]));
	c.child_id = (char *)child;
	c.decision = rn(d, 2) ? "Proceed to an initial child protection conference"
	                      : "Continue as a child in need; review in three months";
	c.notes = "Discussed with the social worker and team manager";
	c.meeting_id = meeting;
	c.took_part = "The social worker and their team manager";
	c.plan = "Weekly visits; school and health checks reviewed monthly";
	c.progressing = PROGRESS_YES;
	uint64_t id;
	cp_status st = casework_consult_add_txn(d->cw, d->t, &c, true, &id, err);
	d->st.consults += st == CP_OK;
	return st;
}

static const char *approver_for(demo *d, cp_role r)
{
	static const int pool_of[ROLE_COUNT] = {
		[ROLE_SOCIAL_WORKER] = P_SW1, [ROLE_TEAM_MANAGER] = P_TM1,
		[ROLE_SERVICE_MANAGER] = P_SM_SAFE, [ROLE_CP_CHAIR] = P_CHAIR,
		[ROLE_IRO] = P_IRO, [ROLE_MINUTE_TAKER] = P_MINUTE,
		[ROLE_QA_ADMIN] = P_QA_ADMIN, [ROLE_QA_MANAGER] = P_QA_MANAGER,
		[ROLE_DIRECTOR] = P_DIRECTOR,
		[ROLE_SAFEGUARDING_MANAGER] = P_SM_SAFE,
		[ROLE_QA_REVIEW_MANAGER] = P_QA_REVIEW
	};
	return pick(d, &d->pools[pool_of[r]]);
}

/* Now and then a future meeting is cancelled (with the approvers the
 * policy names) or brought forward a day or two. */
static cp_status disturb(demo *d, uint64_t id, cp_date date, cp_error *err)
{
	if (!id || date <= d->today + 3)
		return CP_OK;
	int roll = rn(d, 100);
	if (roll < 5) {
		const char *who[ROLE_COUNT];
		size_t n = 0;
		for (int r = 0; r < ROLE_COUNT; r++)
			if (d->cw->pol->approvals[REQUEST_CANCEL_MEETING].approvers &
			    ROLE_BIT(r))
				who[n++] = approver_for(d, (cp_role)r);
		return casework_meeting_cancel_agreed_txn(d->cw, d->t, id,
		    "Family moved out of the borough; case transferred", who, n, err);
	}
	if (roll < 12) {
		char warn[CW_WARN_MAX];
		cw_request_result r;
		cp_date to = wd_back(d, date - 1 - rn(d, 2));
		if (to > d->today)
			return casework_meeting_move_txn(d->cw, d->t, id, to, -2, false,
			    "Chair on leave; brought forward with the family's agreement",
			    &r, warn, err);
	}
	return CP_OK;
}

typedef struct booked_cg {
	cp_date after;
	uint64_t id;
	cp_date date;
} booked_cg;

static bool find_core_group(void *ctx, const cp_meeting *m)
{
	booked_cg *b = ctx;
	if (m->status != MEETING_SCHEDULED || m->date <= b->after ||
	    strcmp(m->type, "core-group"))
		return true;
	b->id = m->id;
	b->date = m->date;
	return false;
}

/* The core group the conference of day c booked with its outcome (the
 * policy's cadence): held, booking the next, when its day has passed. */
static cp_status first_core_group(demo *d, const char *child, cp_date c,
                                  cp_error *err)
{
	booked_cg b = { .after = c };
	uint64_t none;
	CP_TRY(store_meetings_for_child(d->t, child, find_core_group, &b, err));
	if (!b.id)
		return CP_OK;
	d->st.meetings++;
	CP_TRY(do_past_tasks(d, b.id, b.date < d->today ? 92 : 70, err));
	if (b.date >= d->today)
		return CP_OK;
	return hold(d, b.id, "core-group", PLAN_NA, "core-group", CP_DATE_NONE,
	            &none, err);
}

static cp_status stage_pipeline(demo *d, const char *id, cp_date s,
                                cp_date c, bool plan, cp_error *err)
{
	mtg m = { .type = "strategy", .date = s };
	uint64_t sid, icpc = 0, next;
	set_anchor(d, &m, "s47-start", s);
	cp_status st = add_meeting(d, id, &m, &sid, err);
	if (st == CP_OK && s < d->today)
		st = consult(d, id, "strategy-consultation", s, m.chair, sid, err);
	if (st != CP_OK || s >= d->today)
		return st;
	if (sid) {
		st = hold(d, sid, "strategy", PLAN_NA, "icpc", c, &icpc, err);
	} else {
		mtg i = { .type = "icpc", .date = c };
		set_anchor(d, &i, "s47-start", s);
		st = add_meeting(d, id, &i, &icpc, err);
	}
	if (st != CP_OK || c >= d->today || !icpc)
		return st;
	if (!plan)
		return hold(d, icpc, "icpc", PLAN_NONE, NULL, CP_DATE_NONE, &next,
		            err);
	st = hold(d, icpc, "icpc", PLAN_CP, "rcpc",
	          next_date(d, "icpc", c, "rcpc"), &next, err);
	if (st == CP_OK)
		st = first_core_group(d, id, c, err);
	return st;
}

static cp_status stage_cp(demo *d, const char *id, bool first, cp_date h,
                          cp_error *err)
{
	mtg m = { .type = first ? "icpc" : "rcpc", .date = h };
	uint64_t mid, next = 0, cgid = 0;
	if (first)
		set_anchor(d, &m, "s47-start", add_wd(d, h, -12));
	cp_status st = add_meeting(d, id, &m, &mid, err);
	if (st == CP_OK)
		st = hold(d, mid, m.type, PLAN_CP, "rcpc",
		          next_date(d, m.type, h, "rcpc"), &next, err);
	mtg cg = { .type = "core-group",
	           .date = workday(d, d->today + 3 + rn(d, 30)) };
	if (st == CP_OK && first)
		st = first_core_group(d, id, h, err);
	else if (st == CP_OK)
		st = add_meeting(d, id, &cg, &cgid, err);
	if (st == CP_OK && !first)
		st = disturb(d, cgid, cg.date, err);
	if (st == CP_OK && next) {
		cp_meeting nm;
		bool found = false;
		st = store_meeting_get(d->t, next, &nm, &found, err);
		if (st == CP_OK && found) {
			cp_date nd = nm.date;
			cp_meeting_free(&nm);
			st = disturb(d, next, nd, err);
		}
	}
	return st;
}

static cp_status stage_lac(demo *d, const char *id, cp_date care_start,
                           cp_date review, bool anchored, cp_error *err)
{
	mtg m = { .type = "cla-review", .date = review };
	uint64_t mid, next;
	/* An established child's first review in the store does not count
	 * from the care start (that deadline passed long ago). */
	if (anchored)
		set_anchor(d, &m, "care-start", care_start);
	cp_status st = add_meeting(d, id, &m, &mid, err);
	if (st == CP_OK && review < d->today)
		st = hold(d, mid, "cla-review", PLAN_NA, "cla-review",
		          next_date(d, "cla-review", review, "cla-review"), &next,
		          err);
	return st;
}

static stage pick_stage(demo *d, size_t i)
{
	static const stage yours[] = { S_PIPELINE, S_CP, S_LAC_NEW, S_CIN_LONG,
	                               S_CP, S_PIPELINE };
	if (d->you && i < NELEM(yours))
		return yours[i];
	int r = rn(d, 100);
	return r < 20 ? S_CIN_LONG : r < 40 ? S_PIPELINE : r < 70 ? S_CP
	     : r < 80 ? S_LAC_NEW : S_LAC;
}

static cp_status add_one_child(demo *d, size_t i, cp_error *err)
{
	cp_date T = d->today;
	stage s = pick_stage(d, i);
	static const int team_of[S_COUNT] = { 0, 0, 1, 2, 2 };
	const char *sw = d->you && i < 6 ? d->you
	               : pick(d, &d->pools[P_SW0 + team_of[s]]);
	char id[32], name[96];
	snprintf(id, sizeof id, "DB%06zu", 100001 + i);
	snprintf(name, sizeof name, "%s %s", child_first[rn(d, NELEM(child_first))],
	         surnames[rn(d, NELEM(surnames))]);
	cp_child c;
	cp_child_init(&c);
	c.id = id;
	c.name = name;
	c.social_worker = (char *)sw;
	c.dob = T - 30 - rn(d, 17 * 365);
	c.family_pref = (family_pref)(1 + rn(d, 3));
	/* Dates first: the child's status must match its meetings. */
	bool first = rn(d, 4) == 0, plan = rn(d, 10) < 7;
	cp_date a = CP_DATE_NONE, b = CP_DATE_NONE;
	cp_date cin = CP_DATE_NONE, cp = CP_DATE_NONE, lac = CP_DATE_NONE;
	switch (s) {
	case S_CIN_LONG:
		cin = date_add_months(T, -(12 + rn(d, 24))) - rn(d, 28);
		break;
	case S_PIPELINE:
		a = workday(d, T - 56 + rn(d, 70));
		b = add_wd(d, a, 8 + rn(d, 6));
		cin = a - 14 - rn(d, 200);
		if (a < T && b < T && plan)
			cp = b;
		break;
	case S_CP:
		a = wd_back(d, T - 2 - rn(d, 54));
		cp = first ? a : date_add_months(a, -(3 + rn(d, 15)));
		cin = cp - rn(d, 90);
		break;
	case S_LAC_NEW:
		a = T - 7 - rn(d, 35);
		b = add_wd(d, a, 14 + rn(d, 5));
		lac = a;
		break;
	default:
		a = date_add_months(T, -(6 + rn(d, 30)));
		b = wd_back(d, T - 2 - rn(d, 54));
		lac = a;
		break;
	}
	cp_status st = child_open_since(&c, cin, cp, lac, err);
	if (st == CP_OK)
		st = casework_child_add_txn(d->cw, d->t, &c, err);
	child_episodes_free(&c);
	d->st.children += st == CP_OK;
	if (st != CP_OK)
		return st;
	switch (s) {
	case S_CIN_LONG:
		return rn(d, 2) ? consult(d, id, "case-mapping", T - 10 - rn(d, 150),
		                          NULL, 0, err) : CP_OK;
	case S_PIPELINE: return stage_pipeline(d, id, a, b, plan, err);
	case S_CP: return stage_cp(d, id, first, a, err);
	case S_LAC_NEW: return stage_lac(d, id, a, b, true, err);
	default: return stage_lac(d, id, a, b, false, err);
	}
}

/* ---- families: siblings conferenced together ------------------------------ */

/* The family's ICPC held: a decision for each child (a plan, with its
 * category, for most), the review for those on a plan. */
static cp_status hold_family(demo *d, uint64_t id, const char *const *kids,
                             size_t n, cp_date c, cp_error *err)
{
	static const cp_category cats[] = { CP_CATEGORY_NEGLECT,
		CP_CATEGORY_EMOTIONAL, CP_CATEGORY_PHYSICAL, CP_CATEGORY_MULTIPLE };
	cw_child_decision dec[MEETING_CHILDREN_MAX];
	cp_category cat = cats[rn(d, NELEM(cats))];
	for (size_t i = 0; i < n; i++)
		dec[i] = (cw_child_decision){ kids[i],
		    i && rn(d, 4) == 0 ? PLAN_NONE : PLAN_CP, cat };
	cw_outcome o = {
		.decision = "Child protection plans for the children named; "
		            "the others continue as children in need",
		.decisions = dec, .ndecisions = n,
		.attendees = "Mother\nFather\nSocial worker\nSchool\nHealth visitor",
		.reports = "Social worker's report (on the index child)\nSchool report",
		.views_missing = "",
		.summary = "One conference for the household; each child's plan agreed.",
		.schedule_next = true, .next_type = "rcpc",
		.next_date = next_date(d, "icpc", c, "rcpc"), .next_minutes = -2,
		.next_reason = "Date set by the chair's and family's availability",
	};
	uint64_t nid;
	return record_outcome(d, id, &o, &nid, err);
}

static cp_status add_family(demo *d, size_t f, cp_error *err)
{
	cp_date T = d->today;
	const char *surname = surnames[rn(d, NELEM(surnames))];
	char fid[16], fname[64], ids[4][16], names[4][96];
	const char *kids[4];
	snprintf(fid, sizeof fid, "FAM%04zu", f + 1);
	snprintf(fname, sizeof fname, "The %s household", surname);
	cp_family fam = { fid, fname };
	CP_TRY(casework_family_add_txn(d->cw, d->t, &fam, err));
	size_t n = 2 + (size_t)rn(d, 3);
	const char *sw = pick(d, &d->pools[P_SW0]);
	cp_date cin = date_add_months(T, -(1 + rn(d, 8)));
	size_t first = (size_t)rn(d, NELEM(child_first));
	for (size_t i = 0; i < n; i++) {
		snprintf(ids[i], sizeof ids[i], "DF%05zu", 4 * f + i + 1);
		/* siblings' first names differ */
		snprintf(names[i], sizeof names[i], "%s %s",
		         child_first[(first + 5 * i) % NELEM(child_first)], surname);
		kids[i] = ids[i];
		cp_child c;
		cp_child_init(&c);
		c.id = ids[i];
		c.name = names[i];
		c.social_worker = (char *)sw;
		c.family_id = fid;
		c.dob = T - 200 - rn(d, 15 * 365);
		c.family_pref = FAMILY_PREF_SECURE_EMAIL;
		cp_status st = child_open_since(&c, cin, CP_DATE_NONE, CP_DATE_NONE,
		                                err);
		if (st == CP_OK)
			st = casework_child_add_txn(d->cw, d->t, &c, err);
		child_episodes_free(&c);
		CP_TRY(st);
		d->st.children++;
	}
	d->st.families++;
	/* Half held lately (plans decided, the review booked), half to come. */
	bool held = rn(d, 2);
	cp_date c = held ? wd_back(d, T - 3 - rn(d, 40))
	                 : workday(d, T + 2 + rn(d, 18));
	mtg m = { .type = "icpc", .date = c, .siblings = kids + 1,
	          .nsiblings = n - 1 };
	set_anchor(d, &m, "s47-start", add_wd(d, c, -12));
	uint64_t id;
	CP_TRY(add_meeting(d, kids[0], &m, &id, err));
	return held && id ? hold_family(d, id, kids, n, c, err) : CP_OK;
}

/* ---- the transaction ------------------------------------------------------ */

static bool any_worker(void *ctx, const cp_worker *w)
{
	(void)w;
	*(bool *)ctx = true;
	return false;
}

static bool any_child(void *ctx, const cp_child *c)
{
	(void)c;
	*(bool *)ctx = true;
	return false;
}

static cp_status demo_txn(store_txn *t, void *ctx, cp_error *err)
{
	demo *d = ctx;
	bool used = false;
	/* A rerun after the map grew starts from the seed again. */
	pools_free(d);
	memset(&d->st, 0, sizeof d->st);
	d->rng = d->o->seed;
	d->t = t;
	cp_status st = store_worker_list(t, any_worker, &used, err);
	if (st == CP_OK && !used)
		st = store_children_all(t, any_child, &used, err);
	if (st == CP_OK && used)
		return cp_fail(err, CP_REFUSED,
		    "demo: the store already holds workers or children: give an "
		    "empty store (cpdesk --db NEWDIR init --policy FILE; then demo)");
	if (st == CP_OK)
		st = add_workers(d, err);
	for (size_t i = 0; st == CP_OK && i < d->o->children; i++) {
		st = add_one_child(d, i, err);
		if (d->o->progress)
			d->o->progress("demo: children", i + 1, d->o->children);
	}
	/* after the children: their draws, and so the lists, stay as they
	 * were for a demo without families */
	for (size_t f = 0; st == CP_OK && f < d->o->families; f++)
		st = add_family(d, f, err);
	/* the consultations' readers read them (steps of no meeting) */
	if (st == CP_OK)
		st = do_past_tasks(d, TASK_NO_MEETING, 100, err);
	return st;
}

cp_status demo_fill(casework *cw, const demo_opts *o, demo_stats *out,
                    cp_error *err)
{
	demo d = { .cw = cw, .o = o, .today = o->today };
	if (o->children > DEMO_MAX_CHILDREN ||
	    o->families > DEMO_MAX_CHILDREN / 4)
		return cp_fail(err, CP_BADINPUT, "demo: at most %lu children and "
		               "%lu families", DEMO_MAX_CHILDREN,
		               DEMO_MAX_CHILDREN / 4);
	if (o->login && model_id_valid(o->login, false))
		d.you = o->login;
	/* the demo writes history: the date rules are for what people book */
	bool dated = cw->dated;
	cw->dated = false;
	cp_status st = store_write(cw->st, demo_txn, &d, err);
	cw->dated = dated;
	if (o->progress)
		o->progress(NULL, 0, 0);
	if (st == CP_OK && out)
		*out = d.st;
	pools_free(&d);
	return st;
}

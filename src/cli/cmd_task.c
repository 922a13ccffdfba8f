/* cmd_task.c - task list (the queue) and task done. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_util.h"
#include "escalate.h"
#include "permit.h"
#include "text.h"
#include "vec.h"

typedef struct task_query {
	const char *user;      /* NULL: the actor */
	bool all, overdue, tsv, any_status;
	task_status status;
	cp_date before;        /* due before this, or STORE_DATE_MAX */
	cp_date today;
} task_query;

/* The meeting facts a task line shows, looked up once per meeting. */
typedef struct meeting_fact {
	uint64_t id;
	char *type;
	cp_date date;
} meeting_fact;

typedef struct task_vec {
	cp_task *v;
	size_t n, cap;
	bool oom;
	const task_query *q;
	permit *pm;            /* only what the actor may see is listed */
	store_txn *t;
	meeting_fact *known;   /* facts the queue index gave with the tasks */
	size_t nknown, capknown;
	cp_status st;          /* a read that failed inside a callback */
	cp_error err;
} task_vec;

static bool task_wanted(const task_query *q, const cp_task *k)
{
	if (!q->any_status && k->status != q->status)
		return false;
	if (q->overdue && (k->status != TASK_OPEN || k->due >= q->today))
		return false;
	return k->due < q->before;
}

static bool collect_task(void *ctx, const cp_task *k)
{
	task_vec *tv = ctx;
	if (!task_wanted(tv->q, k) || !permit_sees_task(tv->pm, tv->t, k))
		return true;
	if (tv->n == tv->cap) {
		size_t cap = tv->cap ? tv->cap * 2 : 256;
		cp_task *nv = realloc(tv->v, cap * sizeof *nv);
		if (!nv)
			return !(tv->oom = true);
		tv->v = nv;
		tv->cap = cap;
	}
	cp_error e;
	if (cp_task_copy(&tv->v[tv->n], k, &e) != CP_OK)
		return !(tv->oom = true);
	tv->n++;
	return true;
}

/* An open task from the queue index, with its meeting's facts: no
 * meeting lookup later (load_facts).  The TSV shows no title, so the task
 * itself is read only for the table. */
static bool collect_queued(void *ctx, const store_queue_row *r)
{
	task_vec *tv = ctx;
	size_t before = tv->n;
	cp_task k = { .id = r->id, .meeting_id = r->meeting_id,
	              .child_id = (char *)r->child_id,
	              .step_id = (char *)r->step_id, .role = r->role,
	              .assignee = (char *)r->assignee, .due = r->due,
	              .status = TASK_OPEN, .kind = r->kind };
	cp_task whole;
	bool found = false, kept;
	if (!tv->q->tsv) {
		tv->st = store_task_get(tv->t, r->id, &whole, &found, &tv->err);
		if (tv->st == CP_OK && !found)
			tv->st = cp_fail(&tv->err, CP_FAILED, "task %llu is in the "
			    "queue index but not in the store (the store is "
			    "damaged: cpdesk check-store)",
			    (unsigned long long)r->id);
		if (tv->st != CP_OK)
			return false;
		kept = collect_task(tv, &whole);
		cp_task_free(&whole);
	} else {
		kept = collect_task(tv, &k);
	}
	if (!kept || tv->n == before)
		return !tv->oom;
	if (!vec_room((void **)&tv->known, &tv->capknown, tv->nknown,
	              sizeof *tv->known, 32))
		return !(tv->oom = true);
	meeting_fact *f = &tv->known[tv->nknown];
	f->id = r->meeting_id;
	f->date = r->meeting_date;
	f->type = strdup(r->meeting_type);
	if (!f->type)
		return !(tv->oom = true);
	tv->nknown++;
	return true;
}

static int task_cmp(const void *a, const void *b)
{
	const cp_task *x = a, *y = b;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The pools a worker's roles make them part of. */
static size_t pools_of(const cp_worker *w, const char **out)
{
	size_t n = 0;
	if (w->roles & ROLE_BIT(ROLE_QA_ADMIN))
		out[n++] = POOL_QA_ADMIN;
	if (w->roles & ROLE_BIT(ROLE_QA_MANAGER))
		out[n++] = POOL_QA_MANAGER;
	if (w->roles & ROLE_BIT(ROLE_DIRECTOR))
		out[n++] = POOL_DIRECTOR;
	return n;
}

static cp_status scan_assignee(store_txn *t, const char *who, task_vec *tv,
                               cp_error *err)
{
	const task_query *q = tv->q;
	cp_date to = q->before == STORE_DATE_MAX ? STORE_DATE_MAX : q->before - 1;
	if (q->overdue && q->today - 1 < to)
		to = q->today - 1;
	cp_status st = CP_OK;
	for (int s = 0; st == CP_OK && s < TASK_STATUS_COUNT; s++)
		if (!q->any_status && (task_status)s != q->status)
			continue;
		else if (s == TASK_OPEN)
			st = store_queue_for_assignee(t, who, CP_DATE_NONE, to, 0,
			                              collect_queued, tv, err);
		else
			st = store_tasks_for_assignee(t, who, (task_status)s,
			                              CP_DATE_NONE, to, 0, collect_task,
			                              tv, err);
	return st;
}

static cp_status scan_tasks(store_txn *t, const char *actor, task_vec *tv,
                            cp_error *err)
{
	if (tv->q->all)
		return store_tasks_all(t, collect_task, tv, err);
	const char *who = tv->q->user ? tv->q->user : actor;
	cp_worker w;
	bool found = false;
	const char *pools[3];
	size_t npools = 0;
	cp_status st = store_worker_get(t, who, &w, &found, err);
	if (st != CP_OK)
		return st;
	if (found) {
		npools = pools_of(&w, pools);
		cp_worker_free(&w);
	} else if (who[0] != '@') {
		return cp_fail(err, CP_BADINPUT,
		               "task list: '%s' is not a worker in this store "
		               "(cpdesk worker list; or give --as LOGIN / --user)",
		               cmd_s(who));
	}
	st = scan_assignee(t, who, tv, err);
	for (size_t i = 0; st == CP_OK && i < npools; i++)
		st = scan_assignee(t, pools[i], tv, err);
	return st;
}

static int fact_cmp(const void *a, const void *b)
{
	const meeting_fact *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* One lookup per distinct meeting: a queue of thousands stays fast. */
static cp_status load_facts(store_txn *t, const task_vec *tv,
                            meeting_fact **out, size_t *nout, cp_error *err)
{
	meeting_fact *f = calloc(tv->n ? tv->n : 1, sizeof *f);
	if (!f)
		return cp_oom(err);
	for (size_t i = 0; i < tv->n; i++)
		f[i].id = tv->v[i].meeting_id;
	qsort(f, tv->n, sizeof *f, fact_cmp);
	size_t n = 0;
	for (size_t i = 0; i < tv->n; i++)
		if (!n || f[n - 1].id != f[i].id)
			f[n++].id = f[i].id;
	if (tv->nknown)
		qsort(tv->known, tv->nknown, sizeof *tv->known, fact_cmp);
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < n; i++) {
		cp_meeting m;
		bool found = false;
		const meeting_fact *k = tv->nknown ?
		    bsearch(&f[i], tv->known, tv->nknown, sizeof *f, fact_cmp) :
		    NULL;
		f[i].date = CP_DATE_NONE;
		if (k) {
			f[i].date = k->date;
			f[i].type = strdup(k->type);
			if (!f[i].type)
				st = cp_oom(err);
			continue;
		}
		st = store_meeting_get(t, f[i].id, &m, &found, err);
		if (st == CP_OK && found) {
			f[i].type = m.type;   /* take ownership of the string */
			m.type = NULL;
			f[i].date = m.date;
			cp_meeting_free(&m);
		}
	}
	*out = f;
	*nout = n;
	return st;
}

static const meeting_fact *fact_find(const meeting_fact *f, size_t n,
                                     uint64_t id)
{
	meeting_fact key = { .id = id };
	return bsearch(&key, f, n, sizeof *f, fact_cmp);
}

static void print_tsv(const task_vec *tv, const meeting_fact *f, size_t nf)
{
	printf("id\tdue\tchild\tmeeting\ttype\tmeeting_date\tstep\trole\t"
	       "assignee\tstatus\n");
	for (size_t i = 0; i < tv->n; i++) {
		const cp_task *k = &tv->v[i];
		const meeting_fact *m = fact_find(f, nf, k->meeting_id);
		printf("%llu\t%s\t%s\t%llu\t%s\t%s\t%s\t%s\t%s\t%s\n",
		       (unsigned long long)k->id, cmd_date(k->due),
		       cmd_s(k->child_id), (unsigned long long)k->meeting_id,
		       cmd_s(m && m->type ? m->type : ""),
		       m ? cmd_date(m->date) : "-", cmd_s(k->step_id),
		       role_name(k->role) ? role_name(k->role) : "?",
		       cmd_s(k->assignee), task_status_name(k->status));
	}
}

static int group_of(cp_date due, cp_date today)
{
	if (due < today)
		return 0;
	if (due == today)
		return 1;
	return due <= date_week_start(today) + 6 ? 2 : 3;
}

static void print_table(const task_vec *tv, const meeting_fact *f, size_t nf,
                        cp_date today)
{
	static const char *const groups[] = { "Overdue", "Today", "This week",
	                                      "Later" };
	int shown = -1, marks = 0;
	if (!tv->n) {
		printf("No tasks.\n");
		return;
	}
	for (size_t i = 0; i < tv->n; i++) {
		const cp_task *k = &tv->v[i];
		const meeting_fact *m = fact_find(f, nf, k->meeting_id);
		int g = group_of(k->due, today);
		if (g != shown) {
			printf("%s%s\n", shown < 0 ? "" : "\n", groups[g]);
			printf("  %-14s %-7s %-12s %-22s %-14s %-14s %s\n", "Due",
			       "Task", "Child", "Meeting", "Role", "Assignee", "What");
			shown = g;
		}
		char meeting[64];
		snprintf(meeting, sizeof meeting, "%s %s",
		         m && m->type ? cmd_s(m->type) : "?",
		         m ? cmd_date(m->date) : "-");
		printf("  %s %s %-7llu %-12s %-22s %-14s %-14s %s%s%s\n",
		       date_weekday_name(k->due), cmd_date(k->due),
		       (unsigned long long)k->id, cmd_s(k->child_id), meeting,
		       role_name(k->role) ? role_name(k->role) : "?",
		       cmd_s(k->assignee),
		       k->kind == TASK_ESCALATION ? "^ " :
		       k->kind == TASK_REMINDER ? "* " : "", cmd_s(k->title),
		       k->status == TASK_OPEN ? "" :
		       k->status == TASK_DONE ? " [done]" : " [cancelled]");
		marks |= k->kind == TASK_ESCALATION ? 1 : k->kind == TASK_REMINDER ? 2 : 0;
	}
	if (marks)
		printf("\n%s%s%s(the task number is the step's: 'task done' ends it)\n",
		       marks & 1 ? "^ escalation: the step is late  " : "",
		       marks & 2 ? "* reminder  " : "", "");
}

static cp_status task_list_args(int argc, char **argv, task_query *q,
                                cp_error *err)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "all", no_argument, NULL, 'a' },
		{ "overdue", no_argument, NULL, 'o' },
		{ "due-before", required_argument, NULL, 'b' },
		{ "status", required_argument, NULL, 's' },
		{ "tsv", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	cp_status st = CP_OK;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u': q->user = optarg; break;
		case 'a': q->all = true; break;
		case 'o': q->overdue = true; break;
		case 't': q->tsv = true; break;
		case 'b': st = cmd_parse_date("--due-before", optarg, &q->before,
		                              err); break;
		case 's':
			if (!strcmp(optarg, "any"))
				q->any_status = true;
			else if (!task_status_parse(optarg, &q->status))
				st = cp_fail(err, CP_BADINPUT,
				    "--status '%s': open, done, cancelled or any",
				    cmd_s(optarg));
			break;
		default: st = cmd_bad_option("task list", argc, argv, err);
		}
	}
	if (st == CP_OK && optind != argc)
		st = cp_fail(err, CP_BADINPUT,
		             "task list: unexpected argument '%s' (try --help)",
		             cmd_s(argv[optind]));
	if (st == CP_OK && q->user && q->all)
		st = cp_fail(err, CP_BADINPUT,
		             "task list: --user and --all: choose one");
	return st;
}

/* Escalations and reminders for the person whose queue this is, worked
 * out from the date (escalate.h), as extra lines: kind escalation or
 * reminder, step "escalation:STEP" / "reminder:STEP", due the day it was
 * raised, assignee the person or pool it went to. */
static cp_status add_derived(casework *cw, store_txn *t, const char *who,
                             task_vec *tv, cp_error *err)
{
	const task_query *q = tv->q;
	if (q->all || (!q->any_status && q->status != TASK_OPEN))
		return CP_OK;
	esc_list el = { 0 };
	cp_status st = escalate_for_viewer(cw, t, who, q->today, q->today,
	                                   q->today, &el, err);
	for (size_t i = 0; st == CP_OK && i < el.n; i++) {
		const esc_item *it = &el.v[i];
		char step[320];
		snprintf(step, sizeof step, "%s:%s", task_kind_name(it->kind),
		         it->task.step_id);
		cp_task k = it->task;     /* borrowed fields; copied below */
		k.kind = it->kind;
		k.step_id = step;
		k.title = it->title;
		k.assignee = it->to;
		k.role = it->to_role;
		k.due = it->date;
		k.status = TASK_OPEN;
		collect_task(tv, &k);
		if (tv->oom)
			st = cp_oom(err);
	}
	esc_list_free(&el);
	return st;
}

static cp_status list_in(casework *cw, const char *actor, task_vec *tv,
                         cp_error *err)
{
	store_txn *t;
	meeting_fact *f = NULL;
	size_t nf = 0;
	cp_status st = store_read_begin(cw->st, &t, err);
	if (st != CP_OK)
		return st;
	tv->pm = cw->pm;
	tv->t = t;
	st = scan_tasks(t, actor, tv, err);
	if (st == CP_OK && tv->st != CP_OK) {
		st = tv->st;
		*err = tv->err;
	}
	if (st == CP_OK && !tv->oom)
		st = add_derived(cw, t, tv->q->user ? tv->q->user : actor, tv, err);
	if (st == CP_OK && tv->oom)
		st = cp_oom(err);
	if (st == CP_OK) {
		if (tv->n)
			qsort(tv->v, tv->n, sizeof *tv->v, task_cmp);
		st = load_facts(t, tv, &f, &nf, err);
	}
	store_read_end(t);
	if (st == CP_OK) {
		if (tv->q->tsv)
			print_tsv(tv, f, nf);
		else
			print_table(tv, f, nf, tv->q->today);
	}
	for (size_t i = 0; f && i < nf; i++)
		free(f[i].type);
	free(f);
	return st;
}

cp_status cmd_task_list(const cli_ctx *ctx, int argc, char **argv)
{
	task_query q = { .status = TASK_OPEN, .before = STORE_DATE_MAX,
	                 .today = ctx->today };
	task_vec tv = { .q = &q };
	cp_error err;
	casework cw;
	cp_status st = task_list_args(argc, argv, &q, &err);
	if (st == CP_OK && (st = cmd_open(ctx, &cw, &err)) == CP_OK) {
		st = list_in(&cw, cmd_actor(ctx), &tv, &err);
		casework_close(&cw);
	}
	for (size_t i = 0; i < tv.n; i++)
		cp_task_free(&tv.v[i]);
	free(tv.v);
	for (size_t i = 0; i < tv.nknown; i++)
		free(tv.known[i].type);
	free(tv.known);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

cp_status cmd_task_done(const cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' }, { NULL, 0, NULL, 0 }
	};
	const char *note = NULL;
	cp_error err;
	cp_status st = CP_OK;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			note = optarg;
		else
			st = cmd_bad_option("task done", argc, argv, &err);
	}
	uint64_t id = 0;
	if (st == CP_OK && argc - optind != 1)
		st = cp_fail(&err, CP_BADINPUT, "task done: give one task ID");
	if (st == CP_OK)
		st = cmd_parse_id("task done: ID", argv[optind], &id, &err);
	if (st == CP_OK && note && !text_is_clean(note))
		st = cp_fail(&err, CP_BADINPUT,
		             "--note holds control characters or invalid UTF-8");
	casework cw;
	if (st == CP_OK && (st = cmd_open(ctx, &cw, &err)) == CP_OK) {
		st = casework_task_done(&cw, id, cmd_actor(ctx), 0, note, &err);
		casework_close(&cw);
	}
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

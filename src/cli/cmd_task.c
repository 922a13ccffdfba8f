/* cmd_task.c - task list (the queue) and task done. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "query.h"

/* ---- task list --------------------------------------------------------- */

static const char *const status_choices[] = {
	"open", "done", "not-needed", "missed", "cancelled", "closed", "any",
	NULL
};

static struct {
	char *user;
	bool all, overdue, tsv;
	const char *status;
	cp_date before;
} list = { .before = CP_DATE_NONE };

static cp_status check_list(const cli_ctx *ctx, cp_error *err)
{
	(void)ctx;
	if (list.user && list.all)
		return cp_fail(err, CP_BADINPUT,
		               "task list: --user and --all: choose one");
	return CP_OK;
}

/* By due date, then id (the queue's own order puts kinds first). */
static int task_cmp(const void *a, const void *b)
{
	const cp_task *x = &((const query_task *)a)->task;
	const cp_task *y = &((const query_task *)b)->task;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->kind > y->kind) - (x->kind < y->kind);
}

/* The table's order: by group (a reminder in force is today's whenever
 * it started), then as task_cmp. */
static int group_cmp(const void *a, const void *b)
{
	const query_task *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return task_cmp(a, b);
}

/* Newest closed first, then by id. */
static int closed_cmp(const void *a, const void *b)
{
	const cp_task *x = &((const query_task *)a)->task;
	const cp_task *y = &((const query_task *)b)->task;
	cp_date dx = x->done_on != CP_DATE_NONE ? x->done_on
	             : date_of_moment(x->done_at),
	        dy = y->done_on != CP_DATE_NONE ? y->done_on
	             : date_of_moment(y->done_at);
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static void print_tsv(const query_tasks *q)
{
	printf("id\tdue\tchild\tmeeting\ttype\tmeeting_date\tstep\trole\t"
	       "assignee\tstatus\n");
	for (size_t i = 0; i < q->n; i++) {
		const query_task *r = &q->v[i];
		const cp_task *k = &r->task;
		printf("%llu\t%s\t%s\t%llu\t%s\t%s\t%s\t%s\t%s\t%s\n",
		       (unsigned long long)k->id, cmd_date(k->due),
		       cmd_s(k->child_id), (unsigned long long)k->meeting_id,
		       cmd_s(r->meeting_type), cmd_date(r->meeting_date),
		       cmd_s(k->step_id),
		       role_name(k->role) ? role_name(k->role) : "?",
		       cmd_s(k->assignee), task_status_name(k->status));
	}
}

static void print_row(const query_task *r)
{
	const cp_task *k = &r->task;
	char meeting[64];
	if (k->meeting_id == TASK_NO_MEETING)   /* the child's own step */
		snprintf(meeting, sizeof meeting, "(the child's)");
	else
		snprintf(meeting, sizeof meeting, "%s %s",
		         *r->meeting_type ? cmd_s(r->meeting_type) : "?",
		         cmd_date(r->meeting_date));
	printf("  %s %s %-7llu %-12s %-22s %-14s %-14s %s%s%s%s%s\n",
	       date_weekday_name(k->due), cmd_date(k->due),
	       (unsigned long long)k->id, cmd_s(k->child_id), meeting,
	       role_name(k->role) ? role_name(k->role) : "?", cmd_s(k->assignee),
	       k->kind == TASK_ESCALATION ? "^ " :
	       k->kind == TASK_REMINDER ? "* " : "", cmd_s(k->title),
	       k->status == TASK_OPEN ? "" : " [", k->status == TASK_OPEN ? "" :
	       task_status_name(k->status), k->status == TASK_OPEN ? "" : "]");
}

/* The day a closed task was done (as stated) or closed. */
static cp_date closed_day(const cp_task *k)
{
	return k->done_on != CP_DATE_NONE ? k->done_on
	       : date_of_moment(k->done_at);
}

/* Closed tasks, by the day they were closed (newest first), with who
 * closed them and the note or reason: not under "Overdue". */
static void print_closed(const query_tasks *q)
{
	cp_date shown = 0;
	bool first = true;
	for (size_t i = 0; i < q->n; i++) {
		const cp_task *k = &q->v[i].task;
		cp_date d = closed_day(k);
		if (first || d != shown) {
			printf("%s%s %s\n", first ? "" : "\n",
			       d == CP_DATE_NONE ? "?" : date_weekday_name(d),
			       cmd_date(d));
			shown = d;
			first = false;
		}
		print_row(&q->v[i]);
		printf("      %s by %s%s%s\n", task_status_name(k->status),
		       cmd_s(k->done_by), k->note && *k->note ? ": " : "",
		       cmd_s(k->note));
	}
}

static void print_table(const query_tasks *q)
{
	int shown = -1, marks = 0;
	if (!q->n) {
		printf("No tasks.\n");
		return;
	}
	if (q->v[0].task.status != TASK_OPEN &&
	    q->v[0].task.status != TASK_CANCELLED) {
		print_closed(q);
		return;
	}
	for (size_t i = 0; i < q->n; i++) {
		const cp_task *k = &q->v[i].task;
		int g = q->v[i].group;   /* a reminder is today's, not overdue */
		if (g != shown) {
			printf("%s%s\n", shown < 0 ? "" : "\n", query_group_name(g));
			printf("  %-14s %-7s %-12s %-22s %-14s %-14s %s\n", "Due",
			       "Task", "Child", "Meeting", "Role", "Assignee", "What");
			shown = g;
		}
		print_row(&q->v[i]);
		marks |= k->kind == TASK_ESCALATION ? 1 :
		         k->kind == TASK_REMINDER ? 2 : 0;
	}
	if (marks)
		printf("\n%s%s(the task number is the step's: 'task done' ends it)\n",
		       marks & 1 ? "^ escalation: the step is late  " : "",
		       marks & 2 ? "* reminder: from its date until the step is "
		                   "done  " : "");
}

static unsigned wanted_statuses(void)
{
	task_status s = TASK_OPEN;
	if (list.status && !strcmp(list.status, "any"))
		return QUERY_STATUS_ANY;
	if (list.status && !strcmp(list.status, "closed"))
		return QUERY_STATUS(TASK_DONE) | QUERY_STATUS(TASK_NOT_NEEDED) |
		       QUERY_STATUS(TASK_MISSED);
	if (list.status)
		task_status_parse(list.status, &s);
	return QUERY_STATUS(s);
}

static cp_status run_list(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	query_task_filter f = {
		.assignee = list.user, .all = list.all,
		.statuses = wanted_statuses(), .from = CP_DATE_NONE,
		.to = list.before == CP_DATE_NONE ? QUERY_DATE_MAX : list.before - 1,
		.overdue = list.overdue, .derived = true, .details = !list.tsv,
		.today = ctx->today
	};
	query_tasks q;
	cp_status st = query_task_list(cw, &f, "task list", &q, err);
	if (st == CP_BADINPUT || st == CP_REFUSED)
		cp_error_prefix(err, "task list: ");
	CP_TRY(st);
	bool closed = list.status && (!strcmp(list.status, "done") ||
	              !strcmp(list.status, "not-needed") ||
	              !strcmp(list.status, "missed") ||
	              !strcmp(list.status, "closed"));
	if (q.n > 1)
		qsort(q.v, q.n, sizeof *q.v, closed ? closed_cmp :
		      list.tsv ? task_cmp : group_cmp);
	if (list.tsv)
		print_tsv(&q);
	else
		print_table(&q);
	query_tasks_free(&q);
	return CP_OK;
}

static const cli_opt list_opts[] = {
	CLI_OPT(STR, "user", &list.user, .value = "LOGIN",
	        .help = "another worker's queue (and their pools), as the "
	                "policy lets you see it"),
	CLI_OPT(FLAG, "all", &list.all, .help = "every task in the store"),
	CLI_OPT(FLAG, "overdue", &list.overdue,
	        .help = "only open tasks due before today"),
	CLI_OPT(DATE, "due-before", &list.before,
	        .help = "only tasks due before DATE (not on it)"),
	CLI_OPT(CHOICE, "status", &list.status, .choices = status_choices,
	        .help = "open (default), done, not-needed, missed, cancelled, "
	                "closed (done, not needed or missed) or any"),
	CLI_OPT(FLAG, "tsv", &list.tsv,
	        .help = "tab-separated, with a header line"),
	{ 0 }
};

/* ---- task done, task skip -------------------------------------------- */

static struct {
	uint64_t id;
	char *note;
	cp_date on;
} done = { .on = CP_DATE_NONE };

static struct {
	uint64_t id;
	char *reason;
} skip;

/* "task 12 done (Send the invite list) on 2027-05-07": what it did. */
static void say_closed(casework *cw, uint64_t id, const char *title,
                       const char *how, cp_date on)
{
	(void)cw;
	cmd_note("task %llu %s (%s)%s%s", (unsigned long long)id, how,
	         cmd_s(title), on != CP_DATE_NONE ? " on " : "",
	         on != CP_DATE_NONE ? cmd_date(on) : "");
}

static cp_status run_done(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	char title[CW_TITLE_MAX] = "";
	cw_close c = { .task_id = done.id, .as = TASK_DONE, .on = done.on,
	               .note = done.note, .by = cw->actor, .title = title };
	CP_TRY(casework_task_close(cw, &c, err));
	say_closed(cw, done.id, title, "done", done.on);
	return CP_OK;
}

static cp_status run_skip(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)ctx;
	char title[CW_TITLE_MAX] = "";
	cw_close c = { .task_id = skip.id, .as = TASK_NOT_NEEDED,
	               .on = CP_DATE_NONE, .note = skip.reason, .by = cw->actor,
	               .title = title };
	CP_TRY(casework_task_close(cw, &c, err));
	say_closed(cw, skip.id, title, "marked not needed", CP_DATE_NONE);
	return CP_OK;
}

static const cli_opt done_args[] = {
	CLI_OPT(ID, "ID", &done.id, .help = "the task"),
	{ 0 }
};

static const cli_opt done_opts[] = {
	CLI_OPT(TEXT, "note", &done.note, .help = "a note kept with the task"),
	CLI_OPT(DATE, "on", &done.on,
	        .help = "the day it was done, when earlier than today (work "
	                "done on Friday, recorded on Monday)"),
	{ 0 }
};

static const cli_opt skip_args[] = {
	CLI_OPT(ID, "ID", &skip.id, .help = "the task"),
	{ 0 }
};

static const cli_opt skip_opts[] = {
	CLI_OPT(TEXT, "reason", &skip.reason, .flags = CLI_REQUIRED,
	        .help = "why the step is not needed for this meeting"),
	{ 0 }
};

/* ---- the table --------------------------------------------------------- */

static const cli_command commands[] = {
	{ .name = "task list", .summary = "the queue: tasks by due date",
	  .opts = list_opts, .check = check_list, .needs = CLI_NEEDS_SESSION,
	  .run = run_list,
	  .help =
	  "By default your own open tasks and those of the pools your roles\n"
	  "belong to (@qa-admin, @qa-manager, @director, @safeguarding-manager,\n"
	  "@qa-review-manager), with the escalations and reminders in force,\n"
	  "grouped Overdue, Today, This week (to Sunday) and Later relative to\n"
	  "--today.  --user LOGIN is another worker's, as the policy's\n"
	  "permissions let you see their cases (a team manager their team's,\n"
	  "a service manager their line's); a worker you may not see is\n"
	  "refused (exit 1), saying why.  With --tsv the first line is\n"
	  "  id<TAB>due<TAB>child<TAB>meeting<TAB>type<TAB>meeting_date<TAB>\n"
	  "  step<TAB>role<TAB>assignee<TAB>status\n" },
	{ .name = "task done", .summary = "mark a task done",
	  .args = done_args, .opts = done_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_done,
	  .help =
	  "Records who (the acting login), when, and the day it was done\n"
	  "(--on, not after today; the lists count lateness from that day).\n"
	  "Who may: the task's holder (a pool's: anyone holding its role),\n"
	  "their managers up the line, and the roles the policy's closing:\n"
	  "for-others names; anyone else is refused (exit 1), saying who may.\n"
	  "Refused too when the task is already closed or cancelled, saying\n"
	  "how, by whom and when.  Says in one line on stderr what it did.\n" },
	{ .name = "task skip", .summary = "mark a step not needed",
	  .args = skip_args, .opts = skip_opts, .needs = CLI_NEEDS_SESSION,
	  .run = run_skip,
	  .help =
	  "Closes an open step as not needed for its meeting, with the\n"
	  "reason, by the roles the policy's closing: not-needed names (a\n"
	  "manager or the chair, in the shipped policies); others are refused\n"
	  "(exit 1).  A step not needed is never late: it leaves the queue and\n"
	  "stays out of the exception report.\n" },
	{ 0 }
};

const cli_group cmds_task = { "task", "Tasks", commands };

/* ui_queue.c - My queue: the worker's open tasks by when they are due.
 *
 * The queue as query_queue_get reads it: the worker's and their pools'
 * open tasks from the queue index, each group limited -- Overdue (before
 * today), Today, This week (to Sunday), Later -- with the escalations and
 * reminders in force (a reminder under Today from the day it started
 * until its step is closed), each with its child's name and meeting
 * (its status too: a cancelled meeting is marked).  Put on the record
 * as "console: queue".  Above them, when there are any, the requests
 * for approval the worker may answer (issue 18: a meeting's
 * cancellation or late move), y to approve and n to refuse
 * (ui_approve.c), read as "console: queue approvals".  While another view is shown only the
 * header's counts are read (query_queue_counts), which name no child. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_approve.h"
#include "ui_common.h"
#include "ui_detail.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layout.h"
#include "ui_theme.h"
#include "ui_view.h"

#define GROUP_LIMIT 200
#define GROUP_APPROVALS QUERY_GROUP_COUNT   /* a heading's group: above */

typedef struct qrow {
	bool heading;          /* a group heading, e.g. "Overdue (3)" */
	int group;
	const query_task *t;   /* into the view's queue (NULL: a heading);
	                          kind TASK_ESCALATION / TASK_REMINDER rows
	                          are derived (escalate.h), marked ^ / * */
	const query_request *req;   /* a request to answer (t NULL) */
	char meeting[48];      /* "ICPC 05-24", and " cancelled" */
} qrow;

typedef struct queue_view {
	ui_view base;
	query_queue queue;       /* what was read; rows point into it */
	query_requests reqs;     /* the requests the worker may answer */
	qrow *rows;
	ui_list list;
	bool opened;             /* Enter: detail and timeline full size */
	ui_detail det;           /* the selected task's */
} queue_view;

/* "ICPC 05-17": the meeting's type short and its day, if it was read. */
static void meeting_label(const query_task *t, char *buf, size_t size)
{
	char type[16], iso[CP_DATE_STRLEN];
	buf[0] = '\0';
	if (t->meeting_status == MEETING_STATUS_COUNT)
		return;
	ui_type_short(t->meeting_type, type, sizeof type);
	date_format(t->meeting_date, iso);
	snprintf(buf, size, "%s %s%s", type, iso + 5,
	         t->meeting_status == MEETING_CANCELLED ? " cancelled" : "");
}

static bool row_ok(const void *ctx, size_t i)
{
	const queue_view *q = ctx;
	return !q->rows[i].heading;
}

/* The task selected (NULL: a heading or a request). */
static const qrow *selected_row(const queue_view *q)
{
	if (q->list.sel >= q->list.n || !q->rows[q->list.sel].t)
		return NULL;
	return &q->rows[q->list.sel];
}

static const query_request *selected_req(const queue_view *q)
{
	return q->list.sel < q->list.n ? q->rows[q->list.sel].req : NULL;
}

/* The requests' heading and rows first (none: nothing); *n counts. */
static void request_rows(const query_requests *reqs, qrow *rows, size_t *n)
{
	if (!reqs->n)
		return;
	rows[*n].heading = true;
	rows[(*n)++].group = GROUP_APPROVALS;
	for (size_t i = 0; i < reqs->n; i++, (*n)++) {
		char type[16], iso[CP_DATE_STRLEN];
		rows[*n].group = GROUP_APPROVALS;
		rows[*n].req = &reqs->v[i];
		ui_type_short(reqs->v[i].meeting_type, type, sizeof type);
		date_format(reqs->v[i].meeting_date, iso);
		snprintf(rows[*n].meeting, sizeof rows[*n].meeting, "%s %s", type,
		         iso + 5);
	}
}

/* The queue read (already by group, due, kind, id), a heading before
 * each group; the view keeps it. */
static cp_status group_rows(queue_view *q, query_queue *read,
                            query_requests *reqs)
{
	const query_tasks *ts = &read->tasks;
	qrow *rows = calloc(ts->n + QUERY_GROUP_COUNT + reqs->n + 1,
	                    sizeof *rows);
	if (!rows)
		return CP_FAILED;
	size_t n = 0, j = 0;
	request_rows(reqs, rows, &n);
	for (int g = 0; g < QUERY_GROUP_COUNT; g++) {
		rows[n].heading = true;
		rows[n++].group = g;
		for (; j < ts->n && ts->v[j].group == g; j++, n++) {
			rows[n].group = g;
			rows[n].t = &ts->v[j];
			meeting_label(&ts->v[j], rows[n].meeting,
			              sizeof rows[n].meeting);
		}
	}
	free(q->rows);
	query_queue_free(&q->queue);
	query_requests_free(&q->reqs);
	q->queue = *read;
	q->reqs = *reqs;
	q->rows = rows;
	q->list.n = n;
	return CP_OK;
}

/* The requests the worker may approve or refuse now (their own, and
 * those waiting for others, are in cpdesk approvals --mine). */
static cp_status read_requests(ui_app *a, query_requests *out, cp_error *err)
{
	CP_TRY(query_requests_get(&a->cw, true, "console: queue approvals", out,
	                          err));
	size_t keep = 0;
	for (size_t i = 0; i < out->n; i++) {
		if (out->v[i].may_approve)
			out->v[keep++] = out->v[i];
		else
			query_request_free(&out->v[i]);
	}
	out->n = keep;
	return CP_OK;
}

/* The worker's queue; an administrator who is not a worker has none. */
static cp_status read_queue(queue_view *q, ui_app *a)
{
	query_queue read = { 0 };
	query_requests reqs = { 0 };
	cp_error err;
	cp_status st = CP_OK;
	if (a->me.is_worker)
		st = query_queue_get(&a->cw, a->me.worker.login, a->today,
		                     GROUP_LIMIT, "console: queue", &read, &err);
	if (st == CP_OK && a->me.is_worker) {
		st = read_requests(a, &reqs, &err);
		if (st != CP_OK)
			query_queue_free(&read);
	}
	if (st != CP_OK) {
		ui_status(a, true, "cannot read your queue: %s", err.msg);
		return st;
	}
	memcpy(a->counts, read.counts, sizeof a->counts);
	memcpy(a->more, read.more, sizeof a->more);
	if ((st = group_rows(q, &read, &reqs)) != CP_OK) {
		query_queue_free(&read);
		query_requests_free(&reqs);
	}
	return st;
}

/* Only the header's counts, while the queue is not on screen. */
static cp_status read_counts(ui_app *a)
{
	query_queue c;
	cp_error err;
	cp_status st = query_queue_counts(&a->cw, &a->me, a->today, GROUP_LIMIT,
	                                  &c, &err);
	if (st != CP_OK) {
		ui_status(a, true, "cannot read your queue: %s", err.msg);
		return st;
	}
	memcpy(a->counts, c.counts, sizeof a->counts);
	memcpy(a->more, c.more, sizeof a->more);
	query_queue_free(&c);
	return CP_OK;
}

/* The detail pane: the task's, or the meeting a request is about. */
static void show_selected(queue_view *q, ui_app *a)
{
	const qrow *r = selected_row(q);
	const query_request *req = selected_req(q);
	ui_detail_show(a, &q->det, r ? r->t->task.id : 0,
	               r ? r->t->task.meeting_id : req ? req->req.object_id : 0);
}

static cp_status queue_load(ui_view *v, ui_app *a, bool shown)
{
	queue_view *q = (queue_view *)v;
	if (!shown)
		return read_counts(a);
	const qrow *was = selected_row(q);
	const query_request *wreq = selected_req(q);
	uint64_t keep = was ? was->t->task.id : 0;
	uint64_t keep_req = wreq ? wreq->req.id : 0;
	CP_TRY(read_queue(q, a));
	for (size_t i = 0; (keep || keep_req) && i < q->list.n; i++)
		if ((q->rows[i].t && q->rows[i].t->task.id == keep) ||
		    (q->rows[i].req && q->rows[i].req->req.id == keep_req))
			q->list.sel = i;
	ui_list_fix(&q->list, 0, row_ok, q);
	show_selected(q, a);
	return CP_OK;
}

/* "? 2027-05-10  Ada Brown  ICPC 05-24  Cancel? Family moved away": the
 * day it was asked, the child, the meeting, what is asked (a late move
 * with its new day: "Move to 06-21?"), the reason, who asked. */
static void draw_request(const qrow *row, bool sel, int y, int x, int w,
                         int cw, int mw)
{
	const query_request *r = row->req;
	attr_t at = sel ? ui_selected_at(y, x) : A_NORMAL;
	char asked[CP_DATE_STRLEN];
	date_format(r->req.made_on, asked);
	ui_put(y, x, w, at, true, "");
	ui_putf(y, x, 13, at, true, "? %s", asked);
	ui_put(y, x + 13, cw, at, true, r->child_name);
	ui_put(y, x + 14 + cw, mw, at, true, row->meeting);
	char what[32] = "Cancel?";
	if (r->req.kind == REQUEST_LATE_MOVE) {
		char to[CP_DATE_STRLEN];
		date_format(r->req.move_date, to);
		snprintf(what, sizeof what, "Move to %s?", to + 5);
	}
	ui_putf(y, x + 14 + cw + mw, w - 14 - cw - mw, at, true,
	        "%s %s (%s)", what, r->req.reason, r->requester_name);
}

static void draw_list(queue_view *q, int y, int x, int h, int w)
{
	ui_list_fix(&q->list, (size_t)h, row_ok, q);
	int cw = w >= 120 ? 26 : 16, mw = 17;
	for (int i = 0; i < h; i++) {
		size_t r = q->list.top + (size_t)i;
		if (r >= q->list.n)
			break;
		const qrow *row = &q->rows[r];
		const size_t *counts = q->queue.counts;
		if (row->heading && row->group == GROUP_APPROVALS) {
			ui_putf(y + i, x, w, ui_theme(TH_HEADING), true,
			        "Approvals (%zu): %s approve, %s refuse", q->reqs.n,
			        ui_keys_name(KCTX_WORK, ACT_APPROVE),
			        ui_keys_name(KCTX_WORK, ACT_REFUSE));
			continue;
		}
		if (row->req) {
			draw_request(row, r == q->list.sel, y + i, x, w, cw, mw);
			continue;
		}
		if (row->heading) {
			ui_putf(y + i, x, w, ui_theme(TH_HEADING), true, "%s (%zu%s)%s",
			        query_group_name(row->group), counts[row->group],
			        q->queue.more[row->group] ? "+" : "",
			        counts[row->group] ? "" : ": nothing due");
			continue;
		}
		const query_task *t = row->t;
		bool sel = r == q->list.sel;
		attr_t at = row->group == QUERY_GROUP_OVERDUE ? ui_theme(TH_OVERDUE) :
		            row->group == QUERY_GROUP_TODAY ? ui_theme(TH_TODAY) : A_NORMAL;
		if (sel)
			at |= ui_selected_at(y + i, x);
		char due[CP_DATE_STRLEN];
		date_format(t->task.due, due);
		ui_put(y + i, x, w, at, true, "");
		int cx = x;
		cx += ui_putf(y + i, cx, 13, at, true, "%s %s",
		              t->task.kind == TASK_ESCALATION ? "^" :
		              t->task.kind == TASK_REMINDER ? "*" :
		              row->group == QUERY_GROUP_OVERDUE ? "!" : " ", due) ;
		cx = x + 13;
		ui_put(y + i, cx, cw, at, true, t->child_name);
		cx += cw + 1;
		ui_put(y + i, cx, mw, at, true, row->meeting);
		cx += mw;
		ui_put(y + i, cx, x + w - cx, at, true, t->task.title);
	}
	int below = (int)q->list.n + 1;   /* a blank row after the headings */
	if (q->list.n - (q->reqs.n ? q->reqs.n + 1 : 0) <= QUERY_GROUP_COUNT &&
	    h > below)
		ui_put(y + below, x + 2, w - 2, A_NORMAL, false,
		       "No open tasks are assigned to you.");
}

static void queue_draw(ui_view *v, ui_app *a, int y, int h)
{
	queue_view *q = (queue_view *)v;
	int w = a->cols;
	if (q->opened) {
		ui_detail_full(a, &q->det, y, h, "Detail (Esc: back)");
		return;
	}
	if (w >= 140) {
		int lw = w * 48 / 100, dh = (h - 1) * 55 / 100;
		ui_rule(y, 0, lw, "My queue");
		draw_list(q, y + 1, 0, h - 1, lw - 1);
		ui_rule(y, lw, w - lw, "Detail");
		ui_detail_draw(a, &q->det, y + 1, lw + 1, dh, w - lw - 1);
		ui_rule(y + 1 + dh, lw, w - lw, "Timeline");
		ui_timeline_draw(a, &q->det, y + 2 + dh, lw + 1, h - 2 - dh,
		                 w - lw - 1);
		return;
	}
	int qh = h * 45 / 100;
	if (qh < 7)
		qh = 7;
	draw_list(q, y, 0, qh, w);
	int dw = w * 56 / 100;
	ui_rule(y + qh, 0, dw, "Detail");
	ui_rule(y + qh, dw, w - dw, "Timeline");
	ui_detail_draw(a, &q->det, y + qh + 1, 0, h - qh - 1, dw - 1);
	ui_timeline_draw(a, &q->det, y + qh + 1, dw + 1, h - qh - 1, w - dw - 1);
}

static bool queue_key_moved(queue_view *q, ui_app *a, ui_action act)
{
	if (ui_list_key(&q->list, act, ui_body_height(a) / 2, row_ok, q))
		return true;
	const qrow *r = selected_row(q);
	if (act == ACT_OPEN && r) {
		/* the record is read again, and on the record (memo: not again
		 * if the pane already put it there): no entry, no record */
		q->opened = ui_detail_open(a, &q->det, r->t->task.id,
		                           r->t->task.meeting_id);
		return true;
	}
	if (act == ACT_BACK && q->opened) {
		q->opened = false;
		return true;
	}
	return false;
}

/* A key that moved the cursor: the detail follows the row selected. */
static bool queue_key(ui_view *v, ui_app *a, ui_action act, int ch,
                      bool is_char)
{
	queue_view *q = (queue_view *)v;
	(void)ch;
	(void)is_char;
	if (act == ACT_APPROVE || act == ACT_REFUSE) {
		const query_request *req = selected_req(q);
		if (req)
			ui_approve_form(a, req, act == ACT_APPROVE);
		else
			ui_status(a, false, "Select a request under Approvals first");
		return true;
	}
	if (act == ACT_OPEN || act == ACT_BACK)
		return queue_key_moved(q, a, act);
	if (!queue_key_moved(q, a, act))
		return false;
	show_selected(q, a);
	return true;
}

static void queue_selected(const ui_view *v, ui_sel *out)
{
	const queue_view *q = (const queue_view *)v;
	const qrow *r = selected_row(q);
	const query_request *req = selected_req(q);
	if (req)
		out->meeting_id = req->req.object_id;
	if (r) {
		out->task_id = r->t->task.id;
		out->task_due = r->t->task.due;
		out->task_title = r->t->task.title;
		out->meeting_id = r->t->task.meeting_id;
	}
	/* a consultation is about the child whose detail is shown */
	out->child_id = ui_detail_child(&q->det);
}

static bool queue_opened(const ui_view *v)
{
	return ((const queue_view *)v)->opened;
}

static void queue_free(ui_view *v)
{
	queue_view *q = (queue_view *)v;
	free(q->rows);
	query_queue_free(&q->queue);
	query_requests_free(&q->reqs);
	ui_detail_free(&q->det);
}

static const ui_action queue_hints[] = {
	ACT_OPEN, ACT_DONE, ACT_SKIP, ACT_REPORT, ACT_MOVE, ACT_OUTCOME,
	ACT_NONE
};

/* A row for the line-by-line mode: words where the screen has marks. */
static bool queue_plain_row(const ui_view *v, ui_app *a, size_t i, char *buf,
                            size_t size, bool *pick)
{
	const queue_view *q = (const queue_view *)v;
	(void)a;
	if (i >= q->list.n)
		return false;
	const qrow *row = &q->rows[i];
	*pick = !row->heading;
	if (row->heading && row->group == GROUP_APPROVALS) {
		snprintf(buf, size, "Approvals (%zu), approve or refuse:", q->reqs.n);
	} else if (row->heading) {
		size_t n = q->queue.counts[row->group];
		snprintf(buf, size, "%s (%zu%s)%s", query_group_name(row->group), n,
		         q->queue.more[row->group] ? " or more" : "",
		         n ? ":" : ": nothing due");
	} else if (row->req) {
		const query_request *r = row->req;
		char asked[CP_DATE_STRLEN], to[CP_DATE_STRLEN] = "";
		date_format(r->req.made_on, asked);
		if (r->req.kind == REQUEST_LATE_MOVE)
			date_format(r->req.move_date, to);
		snprintf(buf, size, "Asked %s: %s, %s: %s%s%s, %s (asked by %s)",
		         asked, r->child_name, row->meeting, *to ? "move to " : "cancel",
		         to, "?", r->req.reason, r->requester_name);
	} else {
		const query_task *t = row->t;
		char due[32];
		ui_date_long(t->task.due, due, sizeof due);
		snprintf(buf, size, "%sDue %s%s: %s, %s: %s",
		         t->task.kind == TASK_ESCALATION ? "Escalation. " :
		         t->task.kind == TASK_REMINDER ? "Reminder. " : "", due,
		         row->group == QUERY_GROUP_OVERDUE ? ", overdue" : "",
		         t->child_name, row->meeting, t->task.title);
	}
	return true;
}

static void queue_plain_pick(ui_view *v, ui_app *a, size_t i)
{
	queue_view *q = (queue_view *)v;
	q->list.sel = i;
	show_selected(q, a);     /* selected's child is the detail's */
}

const ui_view_class ui_queue_class = {
	.name = "My queue",
	.short_name = "Queue",
	.size = sizeof(queue_view),
	.hints = queue_hints,
	.always = true,
	.lists_tasks = true,
	.load = queue_load,
	.draw = queue_draw,
	.key = queue_key,
	.selected = queue_selected,
	.opened = queue_opened,
	.free = queue_free,
	.plain_row = queue_plain_row,
	.plain_pick = queue_plain_pick,
};

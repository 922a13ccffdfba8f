/* ui_queue.c - My queue: the worker's open tasks by when they are due.
 *
 * Four range scans of the queue index per assignee (the worker, and the
 * pools their roles serve), each limited: Overdue (before today), Today,
 * This week (to Sunday), Later.  Only those rows are read, with the
 * child's name and the meeting for each (its status too: a cancelled
 * meeting is marked, which the queue index does not hold). */
#include <stdlib.h>
#include <string.h>

#include "escalate.h"
#include "ui_common.h"
#include "ui_detail.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_layout.h"
#include "ui_theme.h"
#include "ui_view.h"

#define GROUP_LIMIT 200

typedef struct qrow {
	bool heading;          /* a group heading, e.g. "Overdue (3)" */
	int group;
	uint64_t task_id, meeting_id;
	cp_date due;
	char child[UI_NAME];
	char meeting[48];      /* "ICPC 2027-05-24" */
	char title[UI_TEXT];
	int kind;              /* task_kind: TASK_ESCALATION / TASK_REMINDER
	                          rows are derived (escalate.h), marked ^ / * */
} qrow;

typedef struct queue_view {
	ui_view base;
	qrow *rows;
	ui_list list;
	size_t counts[GROUP_COUNT];
	bool more[GROUP_COUNT];  /* the group has more than were read */
	bool opened;             /* Enter: detail and timeline full size */
	ui_detail det;           /* the selected task's */
} queue_view;

static const char *const group_names[GROUP_COUNT] = {
	"Overdue", "Today", "This week", "Later",
};

typedef struct qscan {
	queue_view *q;
	qrow *rows;
	size_t n, cap;
	int group;
	size_t seen;
	bool full;
	cp_status st;
} qscan;

static bool take_task(void *ctx, const cp_task *k)
{
	qscan *s = ctx;
	if (s->seen >= GROUP_LIMIT) {
		s->full = true;
		return false;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		qrow *r = realloc(s->rows, cap * sizeof *r);
		if (!r) {
			s->st = CP_FAILED;
			return false;
		}
		s->rows = r;
		s->cap = cap;
	}
	qrow *r = &s->rows[s->n++];
	memset(r, 0, sizeof *r);
	r->group = s->group;
	r->task_id = k->id;
	r->meeting_id = k->meeting_id;
	r->due = k->due;
	ui_copy(r->title, sizeof r->title, k->title);
	/* child id for now; replaced by the name below */
	ui_copy(r->child, sizeof r->child, k->child_id);
	s->seen++;
	return true;
}

static int row_cmp(const void *x, const void *y)
{
	const qrow *a = x, *b = y;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->task_id < b->task_id ? -1 : a->task_id > b->task_id;
}

/* Child names and meetings for the rows read. */
static void resolve(store_txn *t, qrow *rows, size_t n)
{
	cp_error err;
	for (size_t i = 0; i < n; i++) {
		cp_child c = { 0 };
		cp_meeting m = { 0 };
		bool found = false;
		if (store_child_get(t, rows[i].child, &c, &found, &err) == CP_OK &&
		    found)
			ui_copy(rows[i].child, sizeof rows[i].child, c.name);
		cp_child_free(&c);
		if (store_meeting_get(t, rows[i].meeting_id, &m, &found, &err) ==
		    CP_OK && found) {
			char type[16], iso[CP_DATE_STRLEN];
			ui_type_short(m.type, type, sizeof type);
			date_format(m.date, iso);
			snprintf(rows[i].meeting, sizeof rows[i].meeting, "%s %s%s",
			         type, iso + 5,
			         m.status == MEETING_CANCELLED ? " cancelled" : "");
		}
		cp_meeting_free(&m);
	}
}

static cp_status scan_groups(ui_app *a, store_txn *t, qscan *s, cp_error *err)
{
	queue_view *q = s->q;
	cp_date week_end = date_week_start(a->today) + 6;
	const cp_date from[GROUP_COUNT] = { CP_DATE_NONE, a->today, a->today + 1,
	                                    week_end + 1 };
	const cp_date to[GROUP_COUNT] = { a->today - 1, a->today, week_end,
	                                  STORE_DATE_MAX };
	for (int g = 0; g < GROUP_COUNT; g++) {
		s->group = g;
		s->seen = 0;
		s->full = false;
		if (to[g] < from[g])
			continue;
		for (size_t p = 0; p <= a->npools; p++) {
			const char *who = p == 0 ? a->me.login : a->pools[p - 1];
			cp_status st = store_tasks_for_assignee(t, who, TASK_OPEN,
			        from[g], to[g], GROUP_LIMIT + 1 - s->seen, take_task,
			        s, err);
			if (st != CP_OK)
				return st;
			if (s->st != CP_OK)
				return cp_fail(err, s->st, "out of memory");
		}
		q->counts[g] = s->seen;
		q->more[g] = s->full;
	}
	return CP_OK;
}

/* Escalations in force and today's reminders for this worker, worked out
 * from the date (escalate.h): range scans of the open tasks of the
 * worker and those who report to them, not of the store. */
static cp_status scan_derived(ui_app *a, store_txn *t, qscan *s,
                              cp_error *err)
{
	esc_list el = { 0 };
	cp_status st = escalate_for_viewer(&a->cw, t, a->me.login, a->today,
	                                   a->today, a->today, &el, err);
	for (size_t i = 0; st == CP_OK && i < el.n; i++) {
		const esc_item *it = &el.v[i];
		int g = it->date < a->today ? GROUP_OVERDUE : GROUP_TODAY;
		s->group = g;
		s->seen = 0;
		cp_task k = it->task;   /* lent to take_task, which copies */
		k.title = it->title;
		k.due = it->date;
		if (!take_task(s, &k))
			break;
		s->rows[s->n - 1].kind = (int)it->kind;
		s->q->counts[g]++;
	}
	esc_list_free(&el);
	if (st == CP_OK && s->st != CP_OK)
		st = cp_fail(err, s->st, "out of memory");
	return st;
}

static bool row_ok(const void *ctx, size_t i)
{
	const queue_view *q = ctx;
	return !q->rows[i].heading;
}

static const qrow *selected_row(const queue_view *q)
{
	if (q->list.sel >= q->list.n || q->rows[q->list.sel].heading)
		return NULL;
	return &q->rows[q->list.sel];
}

/* The rows read, sorted, with a heading before each group. */
static cp_status group_rows(queue_view *q, qrow *read, size_t nread)
{
	if (nread > 1)   /* qsort(NULL, 0) is undefined */
		qsort(read, nread, sizeof *read, row_cmp);
	qrow *rows = malloc((nread + GROUP_COUNT) * sizeof *rows);
	if (!rows)
		return CP_FAILED;
	size_t n = 0, j = 0;
	for (int g = 0; g < GROUP_COUNT; g++) {
		memset(&rows[n], 0, sizeof rows[n]);
		rows[n].heading = true;
		rows[n++].group = g;
		while (j < nread && read[j].group == g)
			rows[n++] = read[j++];
	}
	free(q->rows);
	q->rows = rows;
	q->list.n = n;
	return CP_OK;
}

static cp_status read_queue(queue_view *q, ui_app *a)
{
	store_txn *t = ui_read_begin(a);
	if (!t)
		return CP_FAILED;
	qscan s = { .q = q, .st = CP_OK };
	cp_error err;
	memset(q->counts, 0, sizeof q->counts);
	cp_status st = scan_groups(a, t, &s, &err);
	if (st == CP_OK)
		st = scan_derived(a, t, &s, &err);
	if (st == CP_OK)
		resolve(t, s.rows, s.n);
	store_read_end(t);
	if (st != CP_OK) {
		free(s.rows);
		ui_status(a, true, "cannot read your queue: %s", err.msg);
		return st;
	}
	st = group_rows(q, s.rows, s.n);
	free(s.rows);
	return st;
}

/* Rows (and the header's counts) always; the detail only when shown. */
static cp_status queue_load(ui_view *v, ui_app *a, bool shown)
{
	queue_view *q = (queue_view *)v;
	const qrow *was = selected_row(q);
	uint64_t keep = was ? was->task_id : 0;
	cp_status st = read_queue(q, a);
	if (st != CP_OK)
		return st;
	memcpy(a->counts, q->counts, sizeof a->counts);
	memcpy(a->more, q->more, sizeof a->more);
	for (size_t i = 0; keep && i < q->list.n; i++)
		if (q->rows[i].task_id == keep && !q->rows[i].heading)
			q->list.sel = i;
	ui_list_fix(&q->list, 0, row_ok, q);
	if (shown) {
		const qrow *r = selected_row(q);
		ui_detail_load(a, &q->det, r ? r->task_id : 0,
		               r ? r->meeting_id : 0);
	}
	return CP_OK;
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
		if (row->heading) {
			ui_putf(y + i, x, w, ui_theme(TH_HEADING), true, "%s (%zu%s)%s",
			        group_names[row->group], q->counts[row->group],
			        q->more[row->group] ? "+" : "",
			        q->counts[row->group] ? "" : ": nothing due");
			continue;
		}
		bool sel = r == q->list.sel;
		attr_t at = row->group == GROUP_OVERDUE ? ui_theme(TH_OVERDUE) :
		            row->group == GROUP_TODAY ? ui_theme(TH_TODAY) : A_NORMAL;
		if (sel)
			at |= ui_theme(TH_SELECTED);
		char due[CP_DATE_STRLEN];
		date_format(row->due, due);
		ui_put(y + i, x, w, at, true, "");
		int cx = x;
		cx += ui_putf(y + i, cx, 13, at, true, "%s %s",
		              row->kind == TASK_ESCALATION ? "^" :
		              row->kind == TASK_REMINDER ? "*" :
		              row->group == GROUP_OVERDUE ? "!" : " ", due) ;
		cx = x + 13;
		ui_put(y + i, cx, cw, at, true, row->child);
		cx += cw + 1;
		ui_put(y + i, cx, mw, at, true, row->meeting);
		cx += mw;
		ui_put(y + i, cx, x + w - cx, at, true, row->title);
	}
	if (q->list.n <= GROUP_COUNT && h > 5)
		ui_put(y + 5, x + 2, w - 2, A_NORMAL, false,
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
		/* opening the record is on the record (no entry, no record) */
		cp_error err;
		if (casework_meeting_viewed(&a->cw, r->meeting_id, "console",
		                            &err) != CP_OK) {
			ui_status(a, true, "cannot open the record: %s", err.msg);
			return true;
		}
		q->opened = true;
		return true;
	}
	if (act == ACT_BACK && q->opened) {
		q->opened = false;
		return true;
	}
	return false;
}

/* Any key of the queue's may change the row selected: its detail follows. */
static bool queue_key(ui_view *v, ui_app *a, ui_action act, int ch,
                      bool is_char)
{
	queue_view *q = (queue_view *)v;
	(void)ch;
	(void)is_char;
	if (!queue_key_moved(q, a, act))
		return false;
	const qrow *r = selected_row(q);
	ui_detail_load(a, &q->det, r ? r->task_id : 0, r ? r->meeting_id : 0);
	return true;
}

static void queue_selected(const ui_view *v, ui_sel *out)
{
	const queue_view *q = (const queue_view *)v;
	const qrow *r = selected_row(q);
	if (r) {
		out->task_id = r->task_id;
		out->task_due = r->due;
		out->task_title = r->title;
		out->meeting_id = r->meeting_id;
	}
	/* a consultation is about the child whose detail is shown */
	if (q->det.have_child)
		out->child_id = q->det.child.id;
}

static bool queue_opened(const ui_view *v)
{
	return ((const queue_view *)v)->opened;
}

static void queue_free(ui_view *v)
{
	queue_view *q = (queue_view *)v;
	free(q->rows);
	ui_detail_free(&q->det);
}

static const ui_action queue_hints[] = {
	ACT_OPEN, ACT_DONE, ACT_REPORT, ACT_MOVE, ACT_CANCEL, ACT_OUTCOME,
	ACT_NONE
};

const ui_view_class ui_queue_class = {
	.name = "My queue",
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
};

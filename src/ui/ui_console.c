/* ui_console.c - the console: who is looking, the terminal, the loop,
 * and dispatch to the views through their table (ui_view.h).
 *
 * The loop is a small state machine: a form, the help page, the search
 * field or the current view (through its class) gets each key; the work
 * keys open a form on what the view has selected.  Between keys getch waits at
 * most half a second (no busy loop), and each wake-up compares the
 * store's change counter so another user's write shows within a second.
 * Signal handlers only set a flag; the loop notices it and restores the
 * terminal on the way out, as it does for q and for fatal errors. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "query.h"
#include "session.h"
#include "ui_actions.h"
#include "ui_app.h"
#include "ui_chrome.h"
#include "ui_common.h"
#include "ui_draw.h"
#include "ui_edit.h"
#include "ui_form.h"
#include "ui_front.h"
#include "ui_keys.h"
#include "ui_theme.h"
#include "ui_view.h"

#define POLL_MS 500

/* The views, in tab order: view N is key N and tab N. */
static const ui_view_class *const view_classes[] = {
	&ui_queue_class, &ui_meetings_class, &ui_children_class,
	&ui_consults_class, &ui_lists_class, &ui_policy_class, &ui_team_class,
	&ui_timeliness_class,
};
#define NCLASSES (sizeof view_classes / sizeof view_classes[0])

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static ui_view *current(ui_app *a)
{
	return a->views[a->cur];
}

static bool view_offered(ui_app *a, const ui_view *v)
{
	return !v->cls->available || v->cls->available(a);
}

/* The stored policy was switched (here, or by another process): load
 * it, so that what is shown and every deadline worked out from now on
 * follow it.  Not while a form is open: it may point into the policy
 * (consultation kinds); the reload after it closes does it. */
static void sync_policy(ui_app *a)
{
	if (a->form)
		return;
	policy_stamp now;
	cp_error err;
	if (policy_status_stamp(&a->cw, &now, &err) != CP_OK) {
		ui_status(a, true, "cannot read the store's policy: %s", err.msg);
		return;
	}
	if (policy_stamp_same(&now, &a->pol_stamp))
		return;
	if (policy_status_reload(&a->cw, &a->pol_stamp, &err) != CP_OK) {
		a->pol_stamp = now;      /* say it once, not on every reload */
		ui_status(a, true, "the store's policy was switched but cannot "
		          "be loaded (restart the console): %s", err.msg);
		return;
	}
	char id[64];
	ui_copy(id, sizeof id, a->cw.pol->id);
	ui_status(a, false, "The store's policy is now %s: deadlines follow it.",
	          id);
}

/* Re-read what is on screen (after a write or a change): the current
 * view, and the views the header needs (the queue's counts). */
void ui_app_reload(ui_app *a)
{
	sync_policy(a);
	for (size_t i = 0; i < a->nviews; i++) {
		ui_view *v = a->views[i];
		if (v->cls->always && i != a->cur)
			v->cls->load(v, a, false);
	}
	current(a)->cls->load(current(a), a, true);
	a->draw = true;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Another process wrote: re-read what is on screen, keeping selections. */
static void poll_store(ui_app *a)
{
	bool changed = false;
	cp_error err;
	if (session_changed(&a->cw, &a->counter, &changed, &err) != CP_OK) {
		ui_status(a, true, "cannot read the store: %s", err.msg);
		return;
	}
	if (changed)
		ui_app_reload(a);
}

static void draw_all(ui_app *a)
{
	getmaxyx(stdscr, a->rows, a->cols);
	ui_cursor_forget();
	if (a->rows < UI_MIN_ROWS || a->cols < UI_MIN_COLS) {
		ui_draw_too_small(a);
		ui_cursor_show();
		wnoutrefresh(stdscr);
		return;
	}
	erase();
	ui_draw_chrome(a);
	if (a->help)
		ui_draw_help(a);
	else
		current(a)->cls->draw(current(a), a, ui_body_top(),
		                      ui_body_height(a));
	if (a->form)
		ui_form_draw(a);   /* puts the cursor in its field */
	ui_cursor_show();      /* on what the screen has selected */
	/* Not to the terminal yet: run_loop records the reads first. */
	wnoutrefresh(stdscr);
}

/* To view i; dir (+1 Tab, -1 Shift-Tab, 0 a number key) steps over the
 * views not offered to this worker (Policy, to those who may not switch
 * the policy; Team, to those who see no other worker's cases).  My queue
 * is offered to everyone. */
void ui_app_switch(ui_app *a, long i, int dir)
{
	long n = (long)a->nviews;
	i = (i % n + n) % n;
	if (!view_offered(a, a->views[i]) && dir == 0) {
		ui_status(a, false, "%s", a->views[i]->cls->unavailable);
		return;
	}
	/* past every view not offered (Policy, Team and Timeliness, to a social
	 * worker); My queue is offered to all */
	for (long k = 0; k < n && !view_offered(a, a->views[i]); k++)
		i = (i + dir + n) % n;
	a->cur = (size_t)i;
	a->status[0] = '\0';
	a->status_error = false;
	ui_app_reload(a);
}

/* A form for the meeting selected in the current view. */
static void meeting_action(ui_app *a, ui_action act, uint64_t mid)
{
	if (!mid) {
		ui_status(a, false, "Select a meeting first (My queue, Meetings, "
		          "or a child's meetings)");
		return;
	}
	switch (act) {
	case ACT_REPORT: ui_action_report(a, mid); break;
	case ACT_MOVE: ui_action_move(a, mid); break;
	case ACT_CANCEL: ui_action_cancel(a, mid); break;
	case ACT_OUTCOME: ui_action_outcome(a, mid); break;
	case ACT_ALLOCATE: ui_action_allocate(a, mid); break;
	default: break;
	}
}

/* How to get to a view: "press 2", or in the line-by-line mode, where a
 * number is a row, "type view 2". */
static const char *to_view(ui_app *a, ui_action view)
{
	static char buf[32];
	if (a->line_mode)
		snprintf(buf, sizeof buf, "type view %d",
		         (int)(view - ACT_VIEW_QUEUE) + 1);
	else
		snprintf(buf, sizeof buf, "press %s",
		         ui_keys_name(KCTX_GLOBAL, view));
	return buf;
}

/* d r m x o a u e w: the view's own first (Policy's u), else a form on what
 * the view has selected. */
void ui_app_act(ui_app *a, ui_action act)
{
	ui_view *v = current(a);
	/* u is offered only to those who may switch the policy: to anyone
	 * else it does nothing; any other key for what the worker may not do
	 * says why, and does nothing */
	if (act == ACT_POLICY_USE) {
		bool offered[ACT_COUNT];
		ui_actions_offered(a, offered);
		if (!offered[act])
			return;
	} else if (!ui_action_offered(a, act)) {
		return;
	}
	if (v->cls->key(v, a, act, 0, false))
		return;
	ui_sel sel = { 0 };
	if (v->cls->selected)
		v->cls->selected(v, &sel);
	if (act == ACT_POLICY_USE)
		ui_status(a, false, "%s switches the policy in the Policy view "
		          "(%s)", ui_keys_name(KCTX_WORK, ACT_POLICY_USE),
		          to_view(a, ACT_VIEW_POLICY));
	else if ((act == ACT_DONE || act == ACT_SKIP) && !v->cls->lists_tasks)
		ui_status(a, false, "%s works on a task in My queue (%s)",
		          ui_keys_name(KCTX_WORK, act), to_view(a, ACT_VIEW_QUEUE));
	else if (act == ACT_DONE)
		ui_action_done(a, &sel);
	else if (act == ACT_SKIP)
		ui_action_skip(a, &sel);
	else if (act == ACT_CONSULT)
		ui_action_consult(a, sel.child_id);
	else if (act == ACT_BOOK)
		ui_action_book(a, sel.child_id);
	else if (act == ACT_EDIT_CHILD)
		ui_edit_child(a, sel.child_id);
	else if (act == ACT_EDIT_WORKER)
		ui_edit_worker(a);
	else if (act == ACT_APPROVE || act == ACT_REFUSE)
		ui_status(a, false, "%s approves, %s refuses a request in My "
		          "queue's Approvals (%s)",
		          ui_keys_name(KCTX_WORK, ACT_APPROVE),
		          ui_keys_name(KCTX_WORK, ACT_REFUSE),
		          to_view(a, ACT_VIEW_QUEUE));
	else
		meeting_action(a, act, sel.meeting_id);
}

static void help_key(ui_app *a, int key, bool fkey)
{
	ui_action act = ui_keys_lookup(KCTX_LIST, key, fkey);
	if (act == ACT_DOWN)
		a->help_top++;
	else if (act == ACT_UP && a->help_top > 0)
		a->help_top--;
	else if (act == ACT_PGDN)
		a->help_top += 10;
	else if (act == ACT_PGUP)
		a->help_top = a->help_top > 10 ? a->help_top - 10 : 0;
	else
		a->help = false;
}

/* /: the first view that searches (Children) starts typing, shown. */
static void start_search(ui_app *a)
{
	for (size_t i = 0; i < a->nviews; i++) {
		ui_view *v = a->views[i];
		if (!v->cls->search)
			continue;
		const char *prompt = v->cls->search(v);
		if (i != a->cur)
			ui_app_switch(a, (long)i, 0);
		ui_status(a, false, "%s", prompt);
		return;
	}
}

/* A key for a form, the help page or a search being typed; false when
 * none of them is open. */
static bool modal_key(ui_app *a, int key, bool fkey)
{
	ui_view *v = current(a);
	if (a->form) {
		char ok[UI_TEXT];
		if (ui_form_key(a, key, fkey, ok, sizeof ok)) {
			ui_app_reload(a);
			ui_status(a, false, "%s", ok);
		}
		return true;
	}
	if (a->help) {
		help_key(a, key, fkey);
		return true;
	}
	if (v->cls->typing && v->cls->typing(v)) {
		v->cls->key(v, a, ui_keys_lookup(KCTX_SEARCH, key, fkey), key,
		            !fkey);
		return true;
	}
	return false;
}

static void handle_key(ui_app *a, int key, bool fkey)
{
	a->draw = true;
	if (modal_key(a, key, fkey))
		return;
	ui_action act = ui_keys_lookup(KCTX_GLOBAL, key, fkey);
	if (act == ACT_NONE)
		act = ui_keys_lookup(KCTX_LIST, key, fkey);
	if (act == ACT_NONE)
		act = ui_keys_lookup(KCTX_WORK, key, fkey);
	switch (act) {
	case ACT_NONE: return;
	case ACT_QUIT: a->quit = true; return;
	case ACT_HELP: a->help = true; a->help_top = 0; return;
	case ACT_REDRAW: clearok(curscr, TRUE); ui_app_reload(a); return;
	case ACT_VIEW_QUEUE: case ACT_VIEW_MEETINGS: case ACT_VIEW_CHILDREN:
	case ACT_VIEW_CONSULTS: case ACT_VIEW_LISTS: case ACT_VIEW_POLICY:
	case ACT_VIEW_TEAM:
	case ACT_VIEW_TIMELINESS:
		if ((size_t)(act - ACT_VIEW_QUEUE) < a->nviews)
			ui_app_switch(a, (long)(act - ACT_VIEW_QUEUE), 0);
		return;
	case ACT_VIEW_NEXT: ui_app_switch(a, (long)a->cur + 1, 1); return;
	case ACT_VIEW_PREV: ui_app_switch(a, (long)a->cur - 1, -1); return;
	case ACT_SEARCH: start_search(a); return;
	case ACT_DONE: case ACT_SKIP: case ACT_REPORT: case ACT_MOVE:
	case ACT_CANCEL:
	case ACT_OUTCOME: case ACT_ALLOCATE: case ACT_BOOK: case ACT_CONSULT:
	case ACT_POLICY_USE:
	case ACT_EDIT_CHILD: case ACT_EDIT_WORKER:
	case ACT_APPROVE: case ACT_REFUSE:
		ui_app_act(a, act);
		return;
	default:
		current(a)->cls->key(current(a), a, act, 0, false);
		return;
	}
}

static void run_loop(ui_app *a, long started, long *first_ms)
{
	long last_poll = now_ms();
	a->draw = true;
	while (!a->quit && !stop_signal) {
		if (a->draw) {
			draw_all(a);
			a->draw = false;
			/* what it shows goes on the record before it reaches the
			 * terminal: no record, nothing shown */
			a->read_audit = query_flush_reads(&a->cw, &a->read_audit_err);
			if (a->read_audit != CP_OK)
				break;
			doupdate();
			if (*first_ms < 0)
				*first_ms = now_ms() - started;
		}
		wint_t wch = 0;
		int r = get_wch(&wch);
		if (r == ERR) {
			poll_store(a);
			last_poll = now_ms();
			continue;
		}
		if (r == KEY_CODE_YES && wch == KEY_RESIZE) {
			/* ncurses has resized stdscr; repaint it all */
			clearok(curscr, TRUE);
			a->draw = true;
			continue;
		}
		handle_key(a, (int)wch, r == KEY_CODE_YES);
		if (now_ms() - last_poll >= POLL_MS) {
			poll_store(a);
			last_poll = now_ms();
		}
	}
}

/* ---- starting and ending ------------------------------------------------ */

/* Who is looking (an administrator who is not a worker has no queue of
 * their own and sees every case). */
static cp_status find_worker(ui_app *a, cp_error *err)
{
	CP_TRY(query_me_get(&a->cw, &a->me, err));
	const cp_worker *w = &a->me.worker;
	ui_copy(a->me_name, sizeof a->me_name, w->name[0] ? w->name : w->login);
	return CP_OK;
}

static cp_status terminal_usable(cp_error *err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cp_fail(err, CP_BADINPUT,
		               "the console needs a terminal (stdin and stdout); "
		               "in scripts use the commands (cpdesk --help)");
	const char *term = getenv("TERM");
	if (!term || !*term || !strcmp(term, "dumb"))
		return cp_fail(err, CP_BADINPUT,
		               "the console needs a terminal that can move the "
		               "cursor (TERM is '%s'); set TERM, e.g. "
		               "TERM=xterm-256color, or use the commands "
		               "(cpdesk --help)", term ? term : "");
	return CP_OK;
}

static cp_status start_curses(SCREEN **scr, cp_error *err)
{
	*scr = newterm(NULL, stdout, stdin);
	if (!*scr)
		return cp_fail(err, CP_BADINPUT,
		               "the console cannot drive terminal type '%s'; set "
		               "TERM, or use the commands (cpdesk --help)",
		               getenv("TERM"));
	set_term(*scr);
	const char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		endwin();
		delscreen(*scr);
		*scr = NULL;
		return cp_fail(err, CP_BADINPUT,
		               "terminal type '%s' cannot move the cursor; set "
		               "TERM, or use the commands (cpdesk --help)",
		               getenv("TERM"));
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	timeout(POLL_MS);
	ui_theme_init();
	return CP_OK;
}

/* One instance of each view class, zeroed (each starts empty). */
static cp_status views_new(ui_app *a, cp_error *err)
{
	for (size_t i = 0; i < NCLASSES && i < UI_VIEWS_MAX; i++) {
		ui_view *v = calloc(1, view_classes[i]->size);
		if (!v)
			return cp_oom(err);
		v->cls = view_classes[i];
		a->views[a->nviews++] = v;
	}
	return CP_OK;
}

void ui_app_close(ui_app *a)
{
	ui_form_free(a->form);
	a->form = NULL;
	for (size_t i = 0; i < a->nviews; i++) {
		a->views[i]->cls->free(a->views[i]);
		free(a->views[i]);
	}
	a->nviews = 0;
	query_me_free(&a->me);
	session_close(&a->cw);
}

/* The session as for the commands (session.h: who acts, with what
 * rights), who is looking, the views; nothing on the terminal yet. */
cp_status ui_app_open(ui_app *a, const ui_start *start, cp_error *err)
{
	session_opts o = { .db = start->db, .unix_login = start->login,
	                   .root = getuid() == 0, .as = start->as };
	memset(a, 0, sizeof *a);
	a->today = start->today;
	CP_TRY(session_open(&a->cw, &o, err));
	a->cw.dated = true;            /* the date rules, as on the command line */
	a->cw.today = a->today;
	/* the screen first, its reads written straight after (query.h) */
	query_defer_reads(&a->cw, true);
	/* what cw.pol was loaded from (read just after it: a switch in
	 * between is missed until the next one) */
	cp_error e;
	if (policy_status_stamp(&a->cw, &a->pol_stamp, &e) != CP_OK)
		a->pol_stamp.known = false;   /* the first reload loads it again */
	cp_status st;
	if ((st = find_worker(a, err)) != CP_OK ||
	    (st = views_new(a, err)) != CP_OK)
		ui_app_close(a);
	return st;
}

cp_status ui_console_run(const ui_start *start, cp_error *err)
{
	static ui_app app;      /* one per process; large, so not on the stack */
	ui_app *a = &app;
	long started = now_ms(), first_ms = -1;
	CP_TRY(ui_app_open(a, start, err));
	cp_status usable = terminal_usable(err);
	if (usable != CP_OK) {
		ui_app_close(a);
		return usable;
	}
	struct sigaction sa, old_int, old_term, old_hup;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;   /* no SA_RESTART: wake getch */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);

	SCREEN *scr = NULL;
	cp_status st = start_curses(&scr, err);
	if (st == CP_OK) {
		bool changed;
		cp_error e;
		getmaxyx(stdscr, a->rows, a->cols);
		session_changed(&a->cw, &a->counter, &changed, &e);
		ui_app_reload(a);
		if (!a->status[0])
			ui_status(a, false, "Welcome, %s. ? lists every key.",
			          a->me_name);
		run_loop(a, started, &first_ms);
		endwin();
		delscreen(scr);
		if (a->read_audit == CP_OK)   /* loaded since the last draw */
			a->read_audit = query_flush_reads(&a->cw, &a->read_audit_err);
		if (a->read_audit != CP_OK)
			st = cp_fail(err, a->read_audit, "cannot record in the audit "
			             "trail what the screen showed, so the console "
			             "stopped: %s", a->read_audit_err.msg);
		/* for benchmarks: how long from start to the first screen */
		const char *timing = getenv("CPDESK_TIMING");
		if (timing && *timing)
			fprintf(stderr, "cpdesk: first screen in %ld ms\n", first_ms);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	ui_app_close(a);
	return st;
}

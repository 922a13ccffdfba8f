/* ui_keys.h - the console's key table: one place that binds keys to
 * actions, from which the help screen and the key-hint line are made,
 * so that help can never disagree with what the keys do. */
#ifndef CPDESK_UI_KEYS_H
#define CPDESK_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	ACT_NONE,
	/* everywhere */
	ACT_QUIT, ACT_HELP, ACT_REDRAW,
	ACT_VIEW_QUEUE, ACT_VIEW_MEETINGS, ACT_VIEW_CHILDREN, ACT_VIEW_CONSULTS,
	ACT_VIEW_LISTS, ACT_VIEW_POLICY, ACT_VIEW_TEAM,
	ACT_VIEW_TIMELINESS,   /* after the other views: their keys count up */
	ACT_VIEW_NEXT, ACT_VIEW_PREV,
	/* lists */
	ACT_UP, ACT_DOWN, ACT_TOP, ACT_BOTTOM, ACT_PGUP, ACT_PGDN,
	ACT_OPEN, ACT_BACK, ACT_SEARCH, ACT_FILTER, ACT_EARLIER, ACT_LATER,
	ACT_LEFT, ACT_RIGHT, ACT_FAR_LEFT, ACT_FAR_RIGHT, ACT_COLUMNS, /* Lists */
	/* what staff do */
	ACT_DONE, ACT_SKIP, ACT_REPORT, ACT_MOVE, ACT_CANCEL, ACT_OUTCOME,
	ACT_ALLOCATE,
	ACT_BOOK,
	ACT_CONSULT,
	ACT_POLICY_USE,
	/* corrections (ui_edit.c) */
	ACT_EDIT_CHILD, ACT_EDIT_WORKER,
	ACT_APPROVE, ACT_REFUSE,   /* a request for approval (My queue) */
	/* in a form */
	ACT_F_NEXT, ACT_F_PREV, ACT_F_LEFT, ACT_F_RIGHT, ACT_F_ENTER,
	ACT_F_ERASE, ACT_F_CLEAR, ACT_F_ABORT,
	ACT_F_HOME, ACT_F_END,
	/* confirming a write */
	ACT_YES, ACT_NO,
	ACT_COUNT
} ui_action;

/* Where a binding applies. */
typedef enum {
	KCTX_GLOBAL, KCTX_LIST, KCTX_WORK, KCTX_SEARCH, KCTX_FORM, KCTX_CONFIRM,
	KCTX_COUNT
} ui_kctx;

typedef struct ui_binding {
	int key;               /* a character or a KEY_* code */
	bool fkey;             /* key is a KEY_* code (from KEY_CODE_YES) */
	ui_kctx ctx;
	ui_action act;
} ui_binding;

/* The action bound to a key in a context (ACT_NONE when none). */
ui_action ui_keys_lookup(ui_kctx ctx, int key, bool fkey);
/* The help text as lines: "  j Down        Move down".  n lines.
 * offered[act] false: the worker may not take act, so it is not listed
 * (NULL: every action is offered). */
size_t ui_keys_help_lines(char (*lines)[96], size_t max,
                          const bool *offered);
/* The key-hint line for a view (short, fits size): its actions (at most
 * 7, ending ACT_NONE), Enter named open_hint ("open" when NULL), Esc
 * first when it opened something; without the actions not offered. */
void ui_keys_hints(const ui_action *acts, const char *open_hint,
                   bool opened, const bool *offered, char *buf,
                   size_t size);
/* What act does, as help says it ("" when help has no line for it). */
const char *ui_keys_help(ui_action act);
/* Name of the first key bound to act in ctx ("d", "Enter"). */
const char *ui_keys_name(ui_kctx ctx, ui_action act);

#endif

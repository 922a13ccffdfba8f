/* ui_keys.c - the key table, its help screen and hint line.
 *
 * Bindings live only here.  The help screen and the hint line are
 * generated from this table, so they always say what the keys do. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui_keys.h"

#define CTRL(c) ((c) & 0x1f)

static const ui_binding bindings[] = {
	{ 'q', false, KCTX_GLOBAL, ACT_QUIT },
	{ '?', false, KCTX_GLOBAL, ACT_HELP },
	{ KEY_F(1), true, KCTX_GLOBAL, ACT_HELP },
	{ CTRL('l'), false, KCTX_GLOBAL, ACT_REDRAW },
	{ '1', false, KCTX_GLOBAL, ACT_VIEW_QUEUE },
	{ '2', false, KCTX_GLOBAL, ACT_VIEW_MEETINGS },
	{ '3', false, KCTX_GLOBAL, ACT_VIEW_CHILDREN },
	{ '4', false, KCTX_GLOBAL, ACT_VIEW_CONSULTS },
	{ '5', false, KCTX_GLOBAL, ACT_VIEW_LISTS },
	{ '6', false, KCTX_GLOBAL, ACT_VIEW_POLICY },
	{ '7', false, KCTX_GLOBAL, ACT_VIEW_TEAM },
	{ '8', false, KCTX_GLOBAL, ACT_VIEW_TIMELINESS },
	{ '\t', false, KCTX_GLOBAL, ACT_VIEW_NEXT },
	{ KEY_BTAB, true, KCTX_GLOBAL, ACT_VIEW_PREV },
	{ '/', false, KCTX_GLOBAL, ACT_SEARCH },

	{ KEY_UP, true, KCTX_LIST, ACT_UP },
	{ 'k', false, KCTX_LIST, ACT_UP },
	{ KEY_DOWN, true, KCTX_LIST, ACT_DOWN },
	{ 'j', false, KCTX_LIST, ACT_DOWN },
	{ KEY_HOME, true, KCTX_LIST, ACT_TOP },
	{ 'g', false, KCTX_LIST, ACT_TOP },
	{ KEY_END, true, KCTX_LIST, ACT_BOTTOM },
	{ 'G', false, KCTX_LIST, ACT_BOTTOM },
	{ KEY_PPAGE, true, KCTX_LIST, ACT_PGUP },
	{ CTRL('b'), false, KCTX_LIST, ACT_PGUP },
	{ KEY_NPAGE, true, KCTX_LIST, ACT_PGDN },
	{ CTRL('f'), false, KCTX_LIST, ACT_PGDN },
	{ '\n', false, KCTX_LIST, ACT_OPEN },
	{ '\r', false, KCTX_LIST, ACT_OPEN },
	{ KEY_ENTER, true, KCTX_LIST, ACT_OPEN },
	{ 'l', false, KCTX_LIST, ACT_OPEN },
	{ 'f', false, KCTX_LIST, ACT_FILTER },
	{ '[', false, KCTX_LIST, ACT_EARLIER },
	{ ']', false, KCTX_LIST, ACT_LATER },
	{ 27, false, KCTX_LIST, ACT_BACK },
	{ 'h', false, KCTX_LIST, ACT_BACK },
	{ KEY_BACKSPACE, true, KCTX_LIST, ACT_BACK },
	{ KEY_LEFT, true, KCTX_LIST, ACT_LEFT },
	{ KEY_RIGHT, true, KCTX_LIST, ACT_RIGHT },
	{ '<', false, KCTX_LIST, ACT_FAR_LEFT },
	{ '>', false, KCTX_LIST, ACT_FAR_RIGHT },
	{ 'c', false, KCTX_LIST, ACT_COLUMNS },

	{ 'd', false, KCTX_WORK, ACT_DONE },
	{ 's', false, KCTX_WORK, ACT_SKIP },
	{ 'r', false, KCTX_WORK, ACT_REPORT },
	{ 'm', false, KCTX_WORK, ACT_MOVE },
	{ 'x', false, KCTX_WORK, ACT_CANCEL },
	{ 'o', false, KCTX_WORK, ACT_OUTCOME },
	{ 'A', false, KCTX_WORK, ACT_ALLOCATE },
	{ 'b', false, KCTX_WORK, ACT_BOOK },
	{ 'a', false, KCTX_WORK, ACT_CONSULT },
	{ 'u', false, KCTX_WORK, ACT_POLICY_USE },
	{ 'e', false, KCTX_WORK, ACT_EDIT_CHILD },
	{ 'w', false, KCTX_WORK, ACT_EDIT_WORKER },
	{ 'y', false, KCTX_WORK, ACT_APPROVE },
	{ 'n', false, KCTX_WORK, ACT_REFUSE },

	{ '\n', false, KCTX_SEARCH, ACT_F_ENTER },
	{ '\r', false, KCTX_SEARCH, ACT_F_ENTER },
	{ KEY_ENTER, true, KCTX_SEARCH, ACT_F_ENTER },
	{ KEY_DOWN, true, KCTX_SEARCH, ACT_F_ENTER },
	{ 27, false, KCTX_SEARCH, ACT_F_ABORT },
	{ KEY_BACKSPACE, true, KCTX_SEARCH, ACT_F_ERASE },
	{ 127, false, KCTX_SEARCH, ACT_F_ERASE },
	{ 8, false, KCTX_SEARCH, ACT_F_ERASE },
	{ CTRL('u'), false, KCTX_SEARCH, ACT_F_CLEAR },

	{ '\t', false, KCTX_FORM, ACT_F_NEXT },
	{ KEY_DOWN, true, KCTX_FORM, ACT_F_NEXT },
	{ KEY_BTAB, true, KCTX_FORM, ACT_F_PREV },
	{ KEY_UP, true, KCTX_FORM, ACT_F_PREV },
	{ KEY_LEFT, true, KCTX_FORM, ACT_F_LEFT },
	{ KEY_RIGHT, true, KCTX_FORM, ACT_F_RIGHT },
	{ '\n', false, KCTX_FORM, ACT_F_ENTER },
	{ '\r', false, KCTX_FORM, ACT_F_ENTER },
	{ KEY_ENTER, true, KCTX_FORM, ACT_F_ENTER },
	{ KEY_BACKSPACE, true, KCTX_FORM, ACT_F_ERASE },
	{ 127, false, KCTX_FORM, ACT_F_ERASE },
	{ 8, false, KCTX_FORM, ACT_F_ERASE },
	{ CTRL('u'), false, KCTX_FORM, ACT_F_CLEAR },
	{ KEY_HOME, true, KCTX_FORM, ACT_F_HOME },
	{ CTRL('a'), false, KCTX_FORM, ACT_F_HOME },
	{ KEY_END, true, KCTX_FORM, ACT_F_END },
	{ CTRL('e'), false, KCTX_FORM, ACT_F_END },
	{ 27, false, KCTX_FORM, ACT_F_ABORT },

	{ 'y', false, KCTX_CONFIRM, ACT_YES },
	{ 'Y', false, KCTX_CONFIRM, ACT_YES },
	{ 'n', false, KCTX_CONFIRM, ACT_NO },
	{ 27, false, KCTX_CONFIRM, ACT_NO },
};
#define NBINDINGS (sizeof bindings / sizeof bindings[0])

static const char *const ctx_titles[KCTX_COUNT] = {
	"Everywhere", "Moving in lists", "Work (on the selected row)",
	"Typing a search (Children)", "In a form", "Confirming a write",
};

static const char *const act_help[ACT_COUNT] = {
	[ACT_QUIT] = "Quit (the terminal is restored)",
	[ACT_HELP] = "This help (any key closes it)",
	[ACT_REDRAW] = "Redraw the screen and re-read the store",
	[ACT_VIEW_QUEUE] = "My queue: overdue, today, this week, later",
	[ACT_VIEW_MEETINGS] = "Meetings: the diary, four weeks day by day",
	[ACT_VIEW_CHILDREN] = "Children: search, a child's meetings and history",
	[ACT_VIEW_CONSULTS] = "Consultations you logged as chair",
	[ACT_VIEW_LISTS] = "Lists (weekly and exception lists)",
	[ACT_VIEW_POLICY] = "Policy: files checked, preview and switch",
	[ACT_VIEW_TEAM] = "Team: your workers' load, a heat map; their queues",
	[ACT_VIEW_TIMELINESS] = "Timeliness: on time by month, cases late",
	[ACT_VIEW_NEXT] = "Next view",
	[ACT_VIEW_PREV] = "Previous view",
	[ACT_SEARCH] = "Search children by name or id",
	[ACT_UP] = "Up",
	[ACT_DOWN] = "Down",
	[ACT_TOP] = "First row",
	[ACT_BOTTOM] = "Last row",
	[ACT_PGUP] = "Page up",
	[ACT_PGDN] = "Page down",
	[ACT_OPEN] = "Open: full detail, a meeting, a child",
	[ACT_BACK] = "Back out of what Enter opened",
	[ACT_FILTER] = "Meetings: a chair's, a minute taker's, all; Team: type a team or login; Consultations: those logged, or the month's case mapping",
	[ACT_EARLIER] = "Meetings: four weeks before; Team: the team before; Timeliness, case mapping: a month",
	[ACT_LATER] = "Meetings: the next four weeks; Team: the next team; Timeliness, case mapping: a month",
	[ACT_LEFT] = "Lists: scroll a column left",
	[ACT_RIGHT] = "Lists: scroll a column right (the columns cut off)",
	[ACT_FAR_LEFT] = "Lists: back to the first columns",
	[ACT_FAR_RIGHT] = "Lists: jump to the last columns",
	[ACT_COLUMNS] = "Lists: choose the columns shown and their order",
	[ACT_DONE] = "Mark the task done (the day it was done, a note)",
	[ACT_SKIP] = "Mark the step not needed, with the reason (managers, chairs)",
	[ACT_REPORT] = "Record a report received / shared with family",
	[ACT_MOVE] = "Move the meeting (date, reason; shows deadlines)",
	[ACT_CANCEL] = "Cancel the meeting (reason; asks the approvers)",
	[ACT_OUTCOME] = "Record the meeting's outcome",
	[ACT_ALLOCATE] = "Allocate the meeting's chair and minute taker",
	[ACT_BOOK] = "Book a meeting for the child at a free time",
	[ACT_CONSULT] = "Log a consultation (chairs)",
	[ACT_POLICY_USE] = "Switch to the selected policy file (Policy view)",
	[ACT_EDIT_CHILD] = "Correct the selected child's record (audited)",
	[ACT_EDIT_WORKER] = "Correct a worker's record (type the login)",
	[ACT_APPROVE] = "Approve the request selected in My queue's Approvals",
	[ACT_REFUSE] = "Refuse the request selected there (a reason)",
	[ACT_F_NEXT] = "Next field",
	[ACT_F_PREV] = "Previous field",
	[ACT_F_LEFT] = "Previous choice; in a text field, the cursor left",
	[ACT_F_RIGHT] = "Next choice; cursor right; keep a highlighted value, type on",
	[ACT_F_HOME] = "The start of the field's value",
	[ACT_F_END] = "The end of the field's value",
	[ACT_F_ENTER] = "Next field; on the last, review before writing",
	[ACT_F_ERASE] = "Delete a character (typing replaces a highlighted value)",
	[ACT_F_CLEAR] = "Clear the field",
	[ACT_F_ABORT] = "Leave without writing anything",
	[ACT_YES] = "Write it",
	[ACT_NO] = "Back to the form (nothing written)",
};

ui_action ui_keys_lookup(ui_kctx ctx, int key, bool fkey)
{
	/* Enter arrives as '\n', '\r' or KEY_ENTER depending on the
	 * terminal; Backspace as KEY_BACKSPACE, DEL or ^H. */
	for (size_t i = 0; i < NBINDINGS; i++)
		if (bindings[i].ctx == ctx && bindings[i].key == key &&
		    bindings[i].fkey == fkey)
			return bindings[i].act;
	return ACT_NONE;
}

static const char *binding_name(const ui_binding *b, char buf[16])
{
	if (b->fkey) {
		switch (b->key) {
		case KEY_UP: return "Up";
		case KEY_DOWN: return "Down";
		case KEY_LEFT: return "Left";
		case KEY_RIGHT: return "Right";
		case KEY_HOME: return "Home";
		case KEY_END: return "End";
		case KEY_PPAGE: return "PgUp";
		case KEY_NPAGE: return "PgDn";
		case KEY_BTAB: return "Shift-Tab";
		case KEY_ENTER: return NULL;      /* same as Enter */
		case KEY_BACKSPACE: return "Backspace";
		case KEY_F(1): return "F1";
		default: return "?";
		}
	}
	switch (b->key) {
	case '\t': return "Tab";
	case '\n': return "Enter";
	case '\r': return NULL;
	case 27: return "Esc";
	case 127: case 8: return NULL;     /* shown as Backspace */
	case ' ': return "Space";
	default: break;
	}
	if (b->key < 32)
		snprintf(buf, 16, "Ctrl-%c", b->key + 'A' - 1);
	else
		snprintf(buf, 16, "%c", b->key);
	return buf;
}

const char *ui_keys_help(ui_action act)
{
	return act < ACT_COUNT && act_help[act] ? act_help[act] : "";
}

const char *ui_keys_name(ui_kctx ctx, ui_action act)
{
	/* a few buffers in turn, so one printf may hold several names */
	static char bufs[4][16];
	static unsigned next;
	char *buf = bufs[next++ % 4];
	for (size_t i = 0; i < NBINDINGS; i++)
		if (bindings[i].ctx == ctx && bindings[i].act == act) {
			const char *n = binding_name(&bindings[i], buf);
			if (n)
				return n;
		}
	return "";
}

/* All keys of one action in one context: "j/Down". */
static void keys_of(ui_kctx ctx, ui_action act, char *out, size_t size)
{
	out[0] = '\0';
	char buf[16];
	for (size_t i = 0; i < NBINDINGS; i++) {
		if (bindings[i].ctx != ctx || bindings[i].act != act)
			continue;
		const char *n = binding_name(&bindings[i], buf);
		if (!n)
			continue;
		size_t len = strlen(out);
		snprintf(out + len, size - len, "%s%s", len ? " " : "", n);
	}
}

size_t ui_keys_help_lines(char (*lines)[96], size_t max,
                          const bool *offered)
{
	size_t n = 0;
	for (int c = 0; c < KCTX_COUNT && n < max; c++) {
		if (c > 0 && n < max)
			lines[n++][0] = '\0';
		if (n < max)
			snprintf(lines[n++], 96, "%s", ctx_titles[c]);
		bool seen[ACT_COUNT] = { false };
		for (size_t i = 0; i < NBINDINGS && n < max; i++) {
			const ui_binding *b = &bindings[i];
			if (b->ctx != (ui_kctx)c || seen[b->act])
				continue;
			/* what the worker may not do is not offered */
			if (offered && !offered[b->act])
				continue;
			seen[b->act] = true;
			char keys[64];
			keys_of(b->ctx, b->act, keys, sizeof keys);
			const char *text = act_help[b->act] ? act_help[b->act] : "";
			/* the search field reuses form actions with its own meaning */
			if (b->ctx == KCTX_SEARCH && b->act == ACT_F_ENTER)
				text = "Stop typing; move in the results";
			else if (b->ctx == KCTX_SEARCH && b->act == ACT_F_ABORT)
				text = "Stop typing (the search stays)";
			snprintf(lines[n++], 96, "  %-20.20s %.72s", keys, text);
		}
	}
	return n;
}

typedef struct hint_item {
	ui_kctx ctx;
	ui_action act;
} hint_item;

void ui_keys_hints(const ui_action *acts, const char *open_hint,
                   bool opened, const bool *offered, char *buf, size_t size)
{
	static const char *const short_name[ACT_COUNT] = {
		[ACT_OPEN] = "open", [ACT_BACK] = "back", [ACT_DONE] = "done",
		[ACT_SKIP] = "not needed",
		[ACT_REPORT] = "report", [ACT_MOVE] = "move",
		[ACT_CANCEL] = "cancel", [ACT_OUTCOME] = "outcome",
		[ACT_ALLOCATE] = "allocate", [ACT_BOOK] = "book",
		[ACT_FILTER] = "filter",
		[ACT_CONSULT] = "log consultation", [ACT_SEARCH] = "search",
		[ACT_HELP] = "help", [ACT_QUIT] = "quit",
		[ACT_VIEW_NEXT] = "views", [ACT_POLICY_USE] = "switch policy",
		[ACT_EDIT_CHILD] = "edit", [ACT_EDIT_WORKER] = "edit worker",
		[ACT_APPROVE] = "approve", [ACT_REFUSE] = "refuse",
	};
	hint_item items[12];
	size_t n = 0;
	if (opened)
		items[n++] = (hint_item){ KCTX_LIST, ACT_BACK };
	for (int i = 0; acts && i < 7 && acts[i] != ACT_NONE; i++)
		if (!(opened && acts[i] == ACT_OPEN) &&
		    (!offered || offered[acts[i]]))
			items[n++] = (hint_item){
				acts[i] == ACT_OPEN ? KCTX_LIST : KCTX_WORK, acts[i] };
	items[n++] = (hint_item){ KCTX_GLOBAL, ACT_SEARCH };
	items[n++] = (hint_item){ KCTX_GLOBAL, ACT_VIEW_NEXT };
	/* help and quit always show: they are the way to everything else */
	char tail[64];
	snprintf(tail, sizeof tail, "%s %s  %s %s",
	         ui_keys_name(KCTX_GLOBAL, ACT_HELP), short_name[ACT_HELP],
	         ui_keys_name(KCTX_GLOBAL, ACT_QUIT), short_name[ACT_QUIT]);
	size_t len = 0, room = size > strlen(tail) + 2 ? size - strlen(tail) - 2 : 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char item[48];
		const char *what = short_name[items[i].act];
		if (items[i].act == ACT_OPEN && open_hint)
			what = open_hint;
		int w = snprintf(item, sizeof item, "%s %s  ",
		                 ui_keys_name(items[i].ctx, items[i].act), what);
		if (w < 0 || len + (size_t)w >= room)
			break;
		memcpy(buf + len, item, (size_t)w + 1);
		len += (size_t)w;
	}
	snprintf(buf + len, size - len, "%s", tail);
}

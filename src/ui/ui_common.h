/* ui_common.h - what every part of the console shares: the status line,
 * safe copies of strings, and which actions the worker's roles allow.
 * Below the views and the dispatcher, calling neither. */
#ifndef CPDESK_UI_COMMON_H
#define CPDESK_UI_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include "ui_app.h"
#include "ui_keys.h"

/* Set the status line (printf-style); error lines are drawn to stand out. */
void ui_status(ui_app *a, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sanitised copy, for strings from the store. */
void ui_copy(char *dst, size_t size, const char *src);
/* "ICPC" for "icpc": meeting types shown short and upper case. */
void ui_type_short(const char *type, char *buf, size_t size);
/* Typing into a field of size bytes: append the character ch as UTF-8
 * (false when it does not fit, is no character, or is one typed text may
 * not hold: text_is_clean), erase the last. */
bool ui_text_append(char *s, size_t size, int ch);
void ui_text_erase(char *s);
/* "ICPC 05-17" (" cancelled" after it when it is): a task's meeting, its
 * type short and its day, as the queues show it; "" when the meeting was
 * not read. */
void ui_task_meeting(const query_task *t, char *buf, size_t size);
/* A display name as query.h gives it, or "(none)" for no one. */
const char *ui_or_none(const char *name);

/* Which actions the worker's roles allow (the policy's permissions):
 * the others are not offered in hints, help or keys. */
void ui_actions_offered(ui_app *a, bool offered[ACT_COUNT]);
/* The same for one action; when not offered, says so on the status line. */
bool ui_action_offered(ui_app *a, ui_action act);

#endif

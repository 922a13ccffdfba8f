/* text.h - making untrusted strings safe to show and to store.
 *
 * Names from a CSV or a policy file may hold control characters, terminal
 * escape sequences or invalid UTF-8.  Nothing of that reaches a terminal. */
#ifndef CPDESK_TEXT_H
#define CPDESK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* NULL as "": records built by callers may leave strings NULL. */
static inline const char *text_or_empty(const char *s) { return s ? s : ""; }
static inline bool text_nonempty(const char *s) { return s && *s; }

/* Copy src to dst (size bytes, always NUL-terminated), replacing control
 * characters (C0, DEL, C1), bidirectional controls and characters that
 * take no room (zero-width spaces and joiners, U+FEFF, U+180E ...) with
 * a visible '?', and invalid UTF-8 with U+FFFD; never splits a UTF-8
 * sequence when truncating.  Returns dst. */
char *text_sanitize(const char *src, char *dst, size_t size);
/* Same, allocating; NULL on out-of-memory. */
char *text_sanitize_dup(const char *src);
/* True when s is valid UTF-8 without any of those: what typed or
 * imported names and notes must be. */
bool text_is_clean(const char *s);
/* Number of terminal columns s takes (after sanitising). */
int text_width(const char *s);

#endif

/* ui_text.h - text made fit for the user's terminal, by both front ends
 * that draw on it (the console, ui_draw; the line-by-line mode, plain).
 *
 * Sanitised (text.h) first; then, where the locale's character set is
 * not UTF-8 (LANG=C, en_GB.ISO-8859-1), converted into it with iconv's
 * //TRANSLIT, so "Zoë Brontë" reads "Zoe Bronte" on a braille display
 * or a speech synthesiser, not "Zo??" (issue 20).  No curses here. */
#ifndef CPDESK_UI_TEXT_H
#define CPDESK_UI_TEXT_H

#include <stddef.h>

/* The most bytes of one string these functions convert; the rest is cut. */
#define UI_TEXT_MAX 4096

/* Copy s (UTF-8, untrusted; NULL as "") to dst (size bytes, always
 * NUL-terminated) in the locale's character set, safe to print: what
 * the character set cannot hold is transliterated, or a '?' per
 * character.  Returns dst. */
char *ui_text_for_terminal(const char *s, char *dst, size_t size);
/* Whether the locale's character set is UTF-8 (nl_langinfo(CODESET)). */
int ui_text_locale_is_utf8(void);

#endif

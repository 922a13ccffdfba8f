/* strbuf.h - a growing text buffer for renderers that write a whole
 * document into memory (the lists, the timeliness figures).  Out of
 * memory is remembered, not returned at each call: the writer checks
 * `oom` once at the end. */
#ifndef CPDESK_STRBUF_H
#define CPDESK_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strbuf {
	char *p;          /* NUL-terminated once anything is added; malloc'd */
	size_t n, cap;
	bool oom;         /* an addition failed: p holds what came before */
} strbuf;

/* Add len bytes of s. */
void strbuf_add(strbuf *b, const char *s, size_t len);
/* Add the string s. */
void strbuf_puts(strbuf *b, const char *s);
/* Add printf's output, up to 1023 bytes of it. */
void strbuf_printf(strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Add n spaces (none when n <= 0). */
void strbuf_pad(strbuf *b, int n);

#endif

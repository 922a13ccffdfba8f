/* strbuf.c - a growing text buffer (strbuf.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "strbuf.h"
#include "vec.h"

void strbuf_add(strbuf *b, const char *s, size_t len)
{
	if (b->oom)
		return;
	if (!vec_reserve((void **)&b->p, &b->cap, b->n + len + 1, 1, 4096)) {
		b->oom = true;
		return;
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
	b->p[b->n] = '\0';
}

void strbuf_puts(strbuf *b, const char *s)
{
	strbuf_add(b, s, strlen(s));
}

void strbuf_printf(strbuf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (k > 0)
		strbuf_add(b, tmp, (size_t)k < sizeof tmp ? (size_t)k
		                                          : sizeof tmp - 1);
}

void strbuf_pad(strbuf *b, int n)
{
	static const char spaces[] = "                                ";
	while (n > 0) {
		int k = n < (int)sizeof spaces - 1 ? n : (int)sizeof spaces - 1;
		strbuf_add(b, spaces, (size_t)k);
		n -= k;
	}
}

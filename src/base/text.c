/* text.c - sanitising untrusted strings for terminals and the store.
 *
 * Controls (C0, DEL, C1 - so ESC and CSI can never reach a terminal),
 * bidirectional controls and characters that take no room (is_control)
 * become '?'; bytes that are not valid UTF-8 become U+FFFD, one per
 * maximal invalid subpart (as Unicode recommends). */
/* wcwidth() is X/Open. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Decode one code point at s; -1 when invalid.  *len is the bytes it
 * takes (at least 1; for an invalid sequence, its valid prefix). */
static int32_t decode(const unsigned char *s, size_t *len)
{
	unsigned char b = s[0];
	*len = 1;
	if (b < 0x80)
		return b;
	int need;
	int32_t cp;
	unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
	if (b >= 0xC2 && b <= 0xDF) {
		need = 1, cp = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 2, cp = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0;      /* overlong */
		else if (b == 0xED)
			hi = 0x9F;      /* surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 3, cp = b & 0x07;
		if (b == 0xF0)
			lo = 0x90;      /* overlong */
		else if (b == 0xF4)
			hi = 0x8F;      /* above U+10FFFF */
	} else {
		return -1;              /* stray continuation, C0/C1, F5..FF */
	}
	for (int i = 1; i <= need; i++) {
		unsigned char c = s[i]; /* a NUL stops here: it is no continuation */
		if (c < lo || c > hi)
			return -1;
		cp = (cp << 6) | (c & 0x3F);
		*len = (size_t)i + 1;
		lo = 0x80, hi = 0xBF;
	}
	return cp;
}

/* C0, DEL and C1 controls; the Unicode format characters that reorder
 * or break a line on a terminal -- the line and paragraph separators and
 * the bidi embeddings, overrides and isolates (U+2028 to U+202E, U+2066
 * to U+2069): a name holding U+202E would show its tail reversed
 * ("Trojan Source"); and those that take no room at all, so that two
 * names that look the same are different, or a name hides what it is:
 * the bidi marks (U+061C, U+200E, U+200F), the zero-width space, joiners
 * and no-break space (U+200B to U+200D, U+2060, U+FEFF), the invisible
 * operators and deprecated format characters (U+2061 to U+206F) and the
 * Mongolian vowel separator (U+180E). */
static bool is_control(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
	       cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
	       cp == 0xFEFF;
}

/* Write the sanitised form of src into dst (cap bytes, no NUL), stopping
 * before the first piece that does not fit; dst NULL just counts.
 * Returns the bytes written (or needed). */
static size_t sanitize(const char *src, char *dst, size_t cap)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t out = 0;
	while (*s) {
		size_t len;
		int32_t cp = decode(s, &len);
		const char *piece = (const char *)s;
		size_t plen = len;
		if (cp < 0)
			piece = REPLACEMENT, plen = 3;
		else if (is_control(cp))
			piece = "?", plen = 1;
		if (dst) {
			if (plen > cap - out)
				break;
			memcpy(dst + out, piece, plen);
		}
		out += plen;
		s += len;
	}
	return out;
}

char *text_sanitize(const char *src, char *dst, size_t size)
{
	if (size == 0)
		return dst;
	size_t n = src ? sanitize(src, dst, size - 1) : 0;
	dst[n] = '\0';
	return dst;
}

char *text_sanitize_dup(const char *src)
{
	if (!src)
		src = "";
	size_t n = sanitize(src, NULL, 0);
	char *dst = malloc(n + 1);
	if (!dst)
		return NULL;
	sanitize(src, dst, n);
	dst[n] = '\0';
	return dst;
}

bool text_is_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (p && *p) {
		size_t len;
		int32_t cp = decode(p, &len);
		if (cp < 0 || is_control(cp))
			return false;
		p += len;
	}
	return true;
}

/* Widths must not depend on whether the caller ran setlocale(): consult
 * wcwidth under a UTF-8 locale of our own when one exists. */
static locale_t utf8_locale(void)
{
	static locale_t loc;
	static bool tried;
	if (!tried) {
		tried = true;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		if (!loc)
			loc = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", (locale_t)0);
	}
	return loc;
}

int text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	locale_t loc = utf8_locale();
	locale_t old = loc ? uselocale(loc) : (locale_t)0;
	long width = 0;
	while (p && *p && width < INT32_MAX / 2) {
		size_t len;
		int32_t cp = decode(p, &len);
		int w = 1; /* '?' for a control, U+FFFD for invalid bytes */
		if (cp >= 0 && !is_control(cp)) {
			w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);
			if (w < 0)
				w = 1;
		}
		width += w;
		p += len;
	}
	if (loc)
		uselocale(old);
	return (int)width;
}

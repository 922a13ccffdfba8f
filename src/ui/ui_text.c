/* ui_text.c - text for the terminal in the locale's character set.
 *
 * glibc takes //TRANSLIT's tables from the calling thread's LC_CTYPE,
 * and the C locale's have no accented letters (it gives "Zo?"), so the
 * conversion borrows C.UTF-8's tables (uselocale) where the system has
 * them; the character set converted to stays the user's. */
#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "text.h"
#include "ui_text.h"

int ui_text_locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return !strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "UTF8");
}

/* Bytes of the UTF-8 character starting with lead (sanitised text). */
static size_t utf8_length(unsigned char lead)
{
	return lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/* iconv from in to out, a '?' for what it refuses; out stays
 * NUL-terminated and is cut where it is full. */
static void convert(iconv_t cd, char *in, char *out, size_t size)
{
	size_t inleft = strlen(in), outleft = size - 1;
	char *op = out;
	while (inleft > 0 && outleft > 0) {
		if (iconv(cd, &in, &inleft, &op, &outleft) != (size_t)-1)
			break;
		if (errno != EILSEQ && errno != EINVAL)
			break;                      /* E2BIG: out is full */
		size_t skip = utf8_length((unsigned char)*in);
		skip = skip < inleft ? skip : inleft;
		in += skip;
		inleft -= skip;
		*op++ = '?';
		outleft--;
	}
	iconv(cd, NULL, NULL, &op, &outleft);   /* a stateful set's reset */
	*op = '\0';
}

char *ui_text_for_terminal(const char *s, char *dst, size_t size)
{
	if (size == 0)
		return dst;
	if (ui_text_locale_is_utf8())
		return text_sanitize(s ? s : "", dst, size);
	char clean[UI_TEXT_MAX], to[64];
	text_sanitize(s ? s : "", clean, sizeof clean);
	snprintf(to, sizeof to, "%s//TRANSLIT", nl_langinfo(CODESET));
	locale_t tables = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	locale_t old = tables ? uselocale(tables) : (locale_t)0;
	iconv_t cd = iconv_open(to, "UTF-8");
	if (cd == (iconv_t)-1) {
		/* a character set iconv does not know: ASCII is in every one */
		cd = iconv_open("ASCII//TRANSLIT", "UTF-8");
	}
	if (cd != (iconv_t)-1) {
		convert(cd, clean, dst, size);
		iconv_close(cd);
	} else {
		/* no iconv at all: what is not ASCII is a '?' a character */
		size_t n = 0;
		for (const char *p = clean; *p && n + 1 < size;
		     p += utf8_length((unsigned char)*p))
			dst[n++] = (unsigned char)*p < 0x80 ? *p : '?';
		dst[n] = '\0';
	}
	if (tables) {
		uselocale(old);
		freelocale(tables);
	}
	return dst;
}

/* test_text.c - sanitising controls and bad UTF-8, and display widths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

#define FFFD "\xEF\xBF\xBD"

static void check(const char *in, const char *want)
{
	char buf[256];
	assert_string_equal(text_sanitize(in, buf, sizeof buf), want);
	char *dup = text_sanitize_dup(in);
	assert_non_null(dup);
	assert_string_equal(dup, want);
	assert_true(text_is_clean(dup));
	free(dup);
}

static void test_clean_text_unchanged(void **state)
{
	(void)state;
	check("", "");
	check("Jane Smith", "Jane Smith");
	check("New Year\xE2\x80\x99s Day", "New Year\xE2\x80\x99s Day");
	check("Zo\xC3\xAB \xE5\xB1\xB1\xE7\x94\xB0 \xF0\x9F\x98\x80",
	      "Zo\xC3\xAB \xE5\xB1\xB1\xE7\x94\xB0 \xF0\x9F\x98\x80");
	assert_true(text_is_clean("New Year\xE2\x80\x99s Day"));
}

static void test_escapes_and_controls(void **state)
{
	(void)state;
	check("\033[2J\033]0;owned\007", "?[2J?]0;owned?");
	check("a\tb\nc\rd", "a?b?c?d");
	check("del\x7F", "del?");
	check("\x01\x1F", "??");
	/* C1 controls, encoded in UTF-8: U+0085 NEL and U+009B CSI. */
	check("x\xC2\x85y\xC2\x9B" "2J", "x?y?2J");
	assert_false(text_is_clean("\033[31m"));
	assert_false(text_is_clean("a\xC2\x9B"));
	/* bidi overrides and isolates, line separators: refused, shown '?' */
	assert_false(text_is_clean("Rtl\xE2\x80\xAEgnp.exe"));   /* U+202E */
	assert_false(text_is_clean("a\xE2\x81\xA6" "b"));           /* U+2066 */
	assert_false(text_is_clean("a\xE2\x80\xA8" "b"));           /* U+2028 */
	assert_true(text_is_clean("a\xE2\x80\x94" "b"));            /* em dash */
	char rtl[16];
	assert_string_equal(text_sanitize("R\xE2\x80\xAEx", rtl, sizeof rtl), "R?x");
}

/* Issue 15: characters that take no room, and the bidi marks, would let
 * a name hide what it is ("Ann" and "An\u200Bn" look alike): refused in
 * what is typed or imported, and shown as '?' from the store or a
 * policy.  Their neighbours are left alone. */
static void test_invisible(void **state)
{
	(void)state;
	static const char *const hidden[] = {
		"\xD8\x9C",     /* U+061C arabic letter mark */
		"\xE1\xA0\x8E", /* U+180E mongolian vowel separator */
		"\xE2\x80\x8B", /* U+200B zero width space */
		"\xE2\x80\x8C", /* U+200C zero width non-joiner */
		"\xE2\x80\x8D", /* U+200D zero width joiner */
		"\xE2\x80\x8E", /* U+200E left-to-right mark */
		"\xE2\x80\x8F", /* U+200F right-to-left mark */
		"\xE2\x81\xA0", /* U+2060 word joiner */
		"\xE2\x81\xA4", /* U+2064 invisible plus */
		"\xE2\x81\xAF", /* U+206F nominal digit shapes */
		"\xEF\xBB\xBF", /* U+FEFF zero width no-break space */
	};
	for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
		char in[32], out[32];
		snprintf(in, sizeof in, "An%sn", hidden[i]);
		assert_false(text_is_clean(in));
		assert_string_equal(text_sanitize(in, out, sizeof out), "An?n");
		assert_int_equal(text_width(in), 4);
	}
	/* neighbours that show: hyphen U+2010, ellipsis U+2026, U+FEFE */
	assert_true(text_is_clean("a\xE2\x80\x90" "b\xE2\x80\xA6"));
	assert_true(text_is_clean("\xEF\xBB\xBE"));
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	check("a\x80z", "a" FFFD "z");                /* stray continuation */
	check("\xC0\xAF", FFFD FFFD);                 /* overlong '/' */
	check("\xE0\x80\xAF", FFFD FFFD FFFD);         /* overlong, 3 bytes */
	check("\xF0\x80\x80\xAF", FFFD FFFD FFFD FFFD); /* overlong, 4 bytes */
	check("\xED\xA0\x80", FFFD FFFD FFFD);         /* surrogate U+D800 */
	check("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD); /* above U+10FFFF */
	check("\xF5\x80", FFFD FFFD);
	check("\xFF", FFFD);
	check("ab\xE2\x80", "ab" FFFD);                /* truncated at the end */
	check("\xE2\x80z", FFFD "z");                  /* truncated mid-string */
	check("\xF0\x9F\x98", FFFD);
	check("\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF");  /* U+10FFFF is fine */
	assert_false(text_is_clean("\xC0\xAF"));
	assert_false(text_is_clean("\xED\xA0\x80"));
}

static void test_truncation(void **state)
{
	(void)state;
	char buf[8];
	memset(buf, 'x', sizeof buf);
	/* "ab" + 3-byte "’" = 5 bytes; a 5-byte buffer holds only "ab". */
	assert_string_equal(text_sanitize("ab\xE2\x80\x99" "c", buf, 5), "ab");
	assert_string_equal(text_sanitize("ab\xE2\x80\x99" "c", buf, 6),
	                    "ab\xE2\x80\x99");
	assert_string_equal(text_sanitize("\xF0\x9F\x98\x80", buf, 4), "");
	assert_string_equal(text_sanitize("\xF0\x9F\x98\x80", buf, 5),
	                    "\xF0\x9F\x98\x80");
	/* A replacement character is not split either. */
	assert_string_equal(text_sanitize("a\xFF", buf, 4), "a");
	assert_string_equal(text_sanitize("abcdefghij", buf, sizeof buf),
	                    "abcdefg");
	assert_string_equal(text_sanitize("abc", buf, 1), "");
	buf[0] = 'q';
	text_sanitize("abc", buf, 0); /* writes nothing */
	assert_int_equal(buf[0], 'q');
	assert_string_equal(text_sanitize(NULL, buf, sizeof buf), "");
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("Jane"), 4);
	assert_int_equal(text_width("New Year\xE2\x80\x99s Day"), 14);
	assert_int_equal(text_width("\xE5\xB1\xB1\xE7\x94\xB0"), 4); /* 山田 */
	assert_int_equal(text_width("\xF0\x9F\x98\x80"), 2);         /* 😀 */
	assert_int_equal(text_width("e\xCC\x81"), 1); /* e + combining acute */
	assert_int_equal(text_width("\033[2J"), 4);   /* shown as "?[2J" */
	assert_int_equal(text_width("a\xFF" "b"), 3);  /* U+FFFD is 1 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_text_unchanged),
		cmocka_unit_test(test_escapes_and_controls),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_width),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}

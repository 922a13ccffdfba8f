/* test_ui_text.c - text for the terminal (ui_text.h): as sanitised in a
 * UTF-8 locale; transliterated, one '?' a character at worst, in one
 * that is not (issue 20); escape sequences neutralised in both; cut
 * without overflowing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <string.h>

#include "ui_text.h"

#define ZOE "Zo\xC3\xAB Bront\xC3\xAB"       /* Zoë Brontë */
#define LUKASZ "\xC5\x81ukasz"                 /* Łukasz */
#define LI "Li \xE6\x9D\x8E"                   /* Li 李 */

/* The locale for a test (tests/tools/run-unit.sh reads one summary a
 * binary, so one group, each test choosing its locale). */
static void in_locale(const char *name)
{
	assert_non_null(setlocale(LC_CTYPE, name));
}

static const char *shown(const char *s)
{
	static char buf[256];
	return ui_text_for_terminal(s, buf, sizeof buf);
}

static void test_utf8_locale_keeps_names(void **state)
{
	(void)state;
	in_locale("C.UTF-8");
	assert_true(ui_text_locale_is_utf8());
	assert_string_equal(shown(ZOE), ZOE);
	assert_string_equal(shown(LI), LI);
	assert_string_equal(shown("\033[2Jx"), "?[2Jx");
	assert_string_equal(shown(NULL), "");
}

static void test_c_locale_transliterates(void **state)
{
	(void)state;
	in_locale("C");
	assert_false(ui_text_locale_is_utf8());
	assert_string_equal(shown(ZOE), "Zoe Bronte");
	assert_string_equal(shown(LUKASZ), "Lukasz");
	assert_string_equal(shown(LI), "Li ?");        /* one '?', not three */
	assert_string_equal(shown("Ann Social"), "Ann Social");
}

static void test_c_locale_still_sanitises(void **state)
{
	(void)state;
	in_locale("C");
	assert_string_equal(shown("\033]0;owned\007" ZOE), "?]0;owned?Zoe Bronte");
	assert_string_equal(shown("bad \xC3 byte"), "bad ? byte");
}

static void test_cut_to_the_buffer(void **state)
{
	(void)state;
	in_locale("C");
	char small[6];
	memset(small, 'x', sizeof small);
	assert_string_equal(ui_text_for_terminal(ZOE, small, sizeof small),
	                    "Zoe B");
	char one[1] = { 'x' };
	assert_string_equal(ui_text_for_terminal(ZOE, one, sizeof one), "");
	char none[1] = { 'x' };
	ui_text_for_terminal(ZOE, none, 0);             /* writes nothing */
	assert_int_equal(none[0], 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_locale_keeps_names),
		cmocka_unit_test(test_c_locale_transliterates),
		cmocka_unit_test(test_c_locale_still_sanitises),
		cmocka_unit_test(test_cut_to_the_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

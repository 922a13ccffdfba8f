/* test_vec.c - growable arrays: vec_room is vec_reserve for one more
 * element; capacities double from `first`; sizes that overflow are
 * refused and leave the array as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "vec.h"

static void test_room_doubles(void **state)
{
	(void)state;
	int *v = NULL;
	size_t cap = 0;
	for (size_t n = 0; n < 100; n++) {
		assert_true(vec_room((void **)&v, &cap, n, sizeof *v, 16));
		assert_true(cap > n);
		v[n] = (int)n;
	}
	assert_int_equal(cap, 128);   /* 16, 32, 64, 128 */
	for (int i = 0; i < 100; i++)
		assert_int_equal(v[i], i);
	free(v);
}

static void test_reserve_jumps(void **state)
{
	(void)state;
	char *b = NULL;
	size_t cap = 0;
	assert_true(vec_reserve((void **)&b, &cap, 1000, 1, 64));
	assert_int_equal(cap, 1024);
	assert_true(vec_reserve((void **)&b, &cap, 1024, 1, 64));
	assert_int_equal(cap, 1024);  /* enough already: no change */
	free(b);
	b = NULL;
	cap = 0;
	assert_true(vec_reserve((void **)&b, &cap, 3, 1, 0));   /* first 0 */
	assert_true(cap >= 3);
	free(b);
}

static void test_overflow_refused(void **state)
{
	(void)state;
	char *b = NULL;
	size_t cap = 0;
	assert_false(vec_reserve((void **)&b, &cap, SIZE_MAX / 2 + 2, 4, 16));
	assert_null(b);
	assert_int_equal(cap, 0);
	assert_false(vec_room((void **)&b, &cap, SIZE_MAX, 1, 16));
	assert_null(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_room_doubles),
		cmocka_unit_test(test_reserve_jumps),
		cmocka_unit_test(test_overflow_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_hidx.c - the hash index over a caller's array (hidx.h): every
 * element found after the table grows, absent keys not found, elements
 * whose hashes collide told apart by the caller's comparison. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hidx.h"

#define N 5000
static char keys[N][16];

static bool key_is(const void *ctx, size_t pos)
{
	return !strcmp(keys[pos], ctx);
}

static void test_find_after_growth(void **state)
{
	(void)state;
	hidx x = { 0 };
	assert_int_equal(hidx_find(&x, hidx_hash_str("a"), key_is, "a"),
	                 HIDX_NONE);
	for (size_t i = 0; i < N; i++) {
		snprintf(keys[i], sizeof keys[i], "w%06zu", i * 7);
		assert_true(hidx_add(&x, hidx_hash_str(keys[i]), i));
	}
	assert_true(x.n == N && x.cap >= 2 * N);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(hidx_find(&x, hidx_hash_str(keys[i]), key_is,
		                           keys[i]), i);
	assert_int_equal(hidx_find(&x, hidx_hash_str("w000001"), key_is,
	                           "w000001"), HIDX_NONE);
	hidx_free(&x);
	assert_true(x.slot == NULL && x.cap == 0 && x.n == 0);
}

static void test_collisions(void **state)
{
	(void)state;
	hidx x = { 0 };
	/* every element under one hash: only the comparison tells them apart */
	for (size_t i = 0; i < 300; i++) {
		snprintf(keys[i], sizeof keys[i], "k%zu", i);
		assert_true(hidx_add(&x, 42, i));
	}
	for (size_t i = 0; i < 300; i++)
		assert_int_equal(hidx_find(&x, 42, key_is, keys[i]), i);
	assert_int_equal(hidx_find(&x, 42, key_is, "k300"), HIDX_NONE);
	assert_int_equal(hidx_find(&x, 43, key_is, "k1"), HIDX_NONE);
	hidx_free(&x);
	/* ids: nearby numbers spread */
	assert_true(hidx_hash_u64(1) != hidx_hash_u64(2));
	assert_true((hidx_hash_u64(1) & 63) != (hidx_hash_u64(2) & 63) ||
	            (hidx_hash_u64(2) & 63) != (hidx_hash_u64(3) & 63));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_after_growth),
		cmocka_unit_test(test_collisions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

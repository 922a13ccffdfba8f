/* test_heap.c - the huge-page hint for a big write's heap: refused for
 * small sizes; for a big one the heap range it reserves is marked for
 * huge pages (VmFlags "hg" in /proc/self/smaps) and malloc goes on
 * working in it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "heap.h"

static bool thp_possible(void)
{
	char line[256] = "";
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	if (!f)
		return false;
	bool ok = fgets(line, sizeof line, f) && !strstr(line, "[never]");
	fclose(f);
	return ok;
}

/* A mapping marked MADV_HUGEPAGE ("hg") of at least `bytes`. */
static bool smaps_has_huge_range(size_t bytes)
{
	char line[512];
	unsigned long lo = 0, hi = 0;
	bool found = false;
	FILE *f = fopen("/proc/self/smaps", "r");
	assert_non_null(f);
	while (!found && fgets(line, sizeof line, f)) {
		unsigned long a, b;
		if (sscanf(line, "%lx-%lx ", &a, &b) == 2) {
			lo = a;
			hi = b;
		} else if (!strncmp(line, "VmFlags:", 8)) {
			found = strstr(line, " hg") && hi - lo >= bytes;
		}
	}
	fclose(f);
	return found;
}

static void test_small_refused(void **state)
{
	(void)state;
	assert_false(heap_prefer_huge_pages(0));
	assert_false(heap_prefer_huge_pages(4096));
	assert_false(smaps_has_huge_range(1));
}

static void test_big_marked(void **state)
{
	(void)state;
	/* a sanitizer's malloc is not glibc's: the hint does not apply */
	if (!thp_possible() || getenv("CPDESK_SANITIZED"))
		skip();
	assert_true(heap_prefer_huge_pages((size_t)64 << 20));
	assert_true(smaps_has_huge_range((size_t)60 << 20));
	/* small blocks come from that heap and hold what is written */
	enum { N = 4096 };
	static unsigned char *blocks[N];
	for (int i = 0; i < N; i++) {
		blocks[i] = malloc(4096);
		assert_non_null(blocks[i]);
		memset(blocks[i], i & 0xff, 4096);
	}
	for (int i = 0; i < N; i++) {
		assert_int_equal(blocks[i][i % 4096], i & 0xff);
		free(blocks[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_refused),
		cmocka_unit_test(test_big_marked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

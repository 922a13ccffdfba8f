/* heap.c - hints about this process's heap.
 *
 * A policy switch dirties a large part of the store in one transaction,
 * and LMDB mallocs each dirty page (4 KB) separately: at national scale a
 * million small blocks, each a page fault the first time it is written.
 * With glibc's malloc those blocks come from the top of the main heap, so
 * growing the heap once and marking that range MADV_HUGEPAGE lets the
 * kernel fault it in 2 MB at a time (THP "madvise" mode, Debian's
 * default).  Nothing here affects what is computed or written. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "heap.h"

#define HUGE_PAGE ((size_t)2 << 20)
/* LMDB holds at most 2^17 dirty pages (512 MB) before it spills them to
 * the file; and this stays below M_TRIM_THRESHOLD (an int) */
#define HEAP_HINT_MAX ((size_t)768 << 20)

bool heap_prefer_huge_pages(size_t bytes)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
	if (bytes < 8 * HUGE_PAGE)
		return false;
	if (bytes > HEAP_HINT_MAX)
		bytes = HEAP_HINT_MAX;   /* the rest faults in as before */
	/* The block must come from the heap (brk), not a mapping of its
	 * own, and stay in the heap when freed (no trimming). */
	if (!mallopt(M_TRIM_THRESHOLD, INT32_MAX) || !mallopt(M_MMAP_MAX, 0))
		return false;
	char *p = malloc(bytes);
	mallopt(M_MMAP_MAX, 65536);   /* glibc's default again */
	if (!p)
		return false;
	uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	uintptr_t hi = ((uintptr_t)p + bytes) & ~(uintptr_t)(HUGE_PAGE - 1);
	int rc = madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	free(p);
	return rc == 0;
#else
	(void)bytes;
	return false;
#endif
}

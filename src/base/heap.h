/* heap.h - hints about this process's heap. */
#ifndef CPDESK_HEAP_H
#define CPDESK_HEAP_H

#include <stdbool.h>
#include <stddef.h>

/* Before a write that will malloc many small blocks, up to about `bytes`
 * (LMDB keeps every page a transaction dirties in a 4 KB block of its
 * own): grow the heap by that much and ask the kernel to back it with
 * transparent huge pages, so it is faulted in 2 MB at a time instead of
 * 4 KB.  Only address space is reserved; nothing is touched.  A hint:
 * false (and no harm) when the C library or the kernel does not support
 * it or refuses.  At most 768 MiB; the heap is not trimmed afterwards (for
 * a command that ends when its write does). */
bool heap_prefer_huge_pages(size_t bytes);

#endif

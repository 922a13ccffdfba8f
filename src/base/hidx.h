/* hidx.h - a hash index over the caller's array.
 *
 * The caller keeps its elements in its own growable array (vec.h); the
 * index keeps (hash, position) pairs and asks the caller to compare keys,
 * so finding an element costs O(1) instead of a linear search.  Used by
 * the lookup caches of the lists and escalations, which at national
 * scale hold tens of thousands of workers, meetings and children. */
#ifndef CPDESK_HIDX_H
#define CPDESK_HIDX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HIDX_NONE SIZE_MAX

typedef struct hidx_slot {
	uint64_t hash;
	size_t pos1;          /* position + 1; 0 = empty */
} hidx_slot;

typedef struct hidx {
	hidx_slot *slot;
	size_t cap, n;        /* cap: 0 or a power of two */
} hidx;

/* Does the element at pos have the key the caller looks for? */
typedef bool (*hidx_eq)(const void *ctx, size_t pos);

uint64_t hidx_hash_str(const char *s);
uint64_t hidx_hash_u64(uint64_t v);

/* The position of an element with hash h that eq accepts, or HIDX_NONE. */
size_t hidx_find(const hidx *x, uint64_t h, hidx_eq eq, const void *ctx);
/* Remember that the element at pos has hash h.  false on out of memory
 * (x is unchanged). */
bool hidx_add(hidx *x, uint64_t h, size_t pos);
void hidx_free(hidx *x);   /* zeroes it */

#endif

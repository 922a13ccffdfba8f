/* hidx.c - a hash index over the caller's array (see hidx.h): open
 * addressing, linear probing, at most half full. */
#include <stdlib.h>
#include <string.h>

#include "hidx.h"

uint64_t hidx_hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;   /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

uint64_t hidx_hash_u64(uint64_t v)
{
	v ^= v >> 33;                         /* murmur3's finaliser */
	v *= 0xff51afd7ed558ccdull;
	v ^= v >> 33;
	v *= 0xc4ceb9fe1a85ec53ull;
	return v ^ (v >> 33);
}

size_t hidx_find(const hidx *x, uint64_t h, hidx_eq eq, const void *ctx)
{
	if (!x->cap)
		return HIDX_NONE;
	for (size_t i = h & (x->cap - 1);; i = (i + 1) & (x->cap - 1)) {
		const hidx_slot *s = &x->slot[i];
		if (!s->pos1)
			return HIDX_NONE;
		if (s->hash == h && eq(ctx, s->pos1 - 1))
			return s->pos1 - 1;
	}
}

static void place(hidx_slot *slot, size_t cap, uint64_t h, size_t pos1)
{
	size_t i = h & (cap - 1);
	while (slot[i].pos1)
		i = (i + 1) & (cap - 1);
	slot[i].hash = h;
	slot[i].pos1 = pos1;
}

bool hidx_add(hidx *x, uint64_t h, size_t pos)
{
	if (2 * (x->n + 1) > x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 64;
		if (cap > SIZE_MAX / sizeof *x->slot)
			return false;
		hidx_slot *ns = calloc(cap, sizeof *ns);
		if (!ns)
			return false;
		for (size_t i = 0; i < x->cap; i++)
			if (x->slot[i].pos1)
				place(ns, cap, x->slot[i].hash, x->slot[i].pos1);
		free(x->slot);
		x->slot = ns;
		x->cap = cap;
	}
	place(x->slot, x->cap, h, pos + 1);
	x->n++;
	return true;
}

void hidx_free(hidx *x)
{
	free(x->slot);
	memset(x, 0, sizeof *x);
}

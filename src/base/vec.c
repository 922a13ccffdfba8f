/* vec.c - growable arrays. */
#include <stdint.h>
#include <stdlib.h>

#include "vec.h"

bool vec_room(void **arr, size_t *cap, size_t n, size_t elem, size_t first)
{
	return n < SIZE_MAX && vec_reserve(arr, cap, n + 1, elem, first);
}

bool vec_reserve(void **arr, size_t *cap, size_t need, size_t elem,
                 size_t first)
{
	if (need <= *cap)
		return true;
	size_t want = *cap ? *cap : first ? first : 1;
	while (want < need) {
		if (want > SIZE_MAX / 2)
			return false;
		want *= 2;
	}
	if (want > SIZE_MAX / elem)
		return false;
	void *p = realloc(*arr, want * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = want;
	return true;
}

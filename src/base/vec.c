/* vec.c - growable arrays. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

void *vec_push_zeroed(void **arr, size_t n, size_t elem)
{
	if (n >= SIZE_MAX / elem - 1)
		return NULL;
	void *p = realloc(*arr, (n + 1) * elem);
	if (!p)
		return NULL;
	*arr = p;
	memset((char *)p + n * elem, 0, elem);
	return (char *)p + n * elem;
}

bool str_vec_addn(str_vec *sv, const char *s, size_t len)
{
	if (!vec_room((void **)&sv->v, &sv->cap, sv->n, sizeof *sv->v, 8) ||
	    !(sv->v[sv->n] = strndup(s, len)))
		return false;
	sv->n++;
	return true;
}

bool str_vec_add(str_vec *sv, const char *s)
{
	return str_vec_addn(sv, s, strlen(s));
}

bool str_vec_has(const str_vec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

bool str_vec_add_once(str_vec *sv, const char *s)
{
	return str_vec_has(sv, s) || str_vec_add(sv, s);
}

void str_vec_free(str_vec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof *sv);
}

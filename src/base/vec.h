/* vec.h - growable arrays: room for one more element.
 *
 * Callers keep (pointer, count, capacity) in their own structs; this is
 * the one place the doubling lives. */
#ifndef CPDESK_VEC_H
#define CPDESK_VEC_H

#include <stdbool.h>
#include <stddef.h>

/* Make *arr (capacity *cap elements of elem bytes) hold at least n + 1
 * elements, doubling from `first`.  false on out of memory (the array is
 * left as it was). */
bool vec_room(void **arr, size_t *cap, size_t n, size_t elem, size_t first);

/* Make *arr hold at least `need` elements, doubling from `first` as many
 * times as that takes (text buffers appending a string of any length).
 * false on out of memory (the array is left as it was). */
bool vec_reserve(void **arr, size_t *cap, size_t need, size_t elem,
                 size_t first);

/* Grow an array that keeps no capacity (small, built once: a policy's
 * steps) by one zeroed element at index n: a pointer to it, or NULL on
 * out of memory (the array is left as it was). */
void *vec_push_zeroed(void **arr, size_t n, size_t elem);

/* A list of owned strings (each a copy), e.g. logins. */
typedef struct str_vec {
	char **v;
	size_t n, cap;
} str_vec;
/* Append a copy of s (len bytes of it with str_vec_addn); false on out of
 * memory (nothing added). */
bool str_vec_add(str_vec *sv, const char *s);
bool str_vec_addn(str_vec *sv, const char *s, size_t len);
/* The same unless s is in already: a small set. */
bool str_vec_add_once(str_vec *sv, const char *s);
bool str_vec_has(const str_vec *sv, const char *s);
void str_vec_free(str_vec *sv);   /* frees every string; zeroes it */

#endif

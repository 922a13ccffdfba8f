/* fuzz_policy.c - libFuzzer harness for the policy loader.
 *
 * The input is one or two files separated by a NUL byte: the first is the
 * policy, the second what any extends: name reads (the first again when
 * the name ends in "self.yaml", so cycles get exercised). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

typedef struct { const char *a, *b; size_t alen, blen; } files;

static cp_status reader(void *ctx, const char *name, char **text,
                        size_t *len, cp_error *err)
{
	const files *f = ctx;
	size_t nlen = strlen(name);
	bool self = nlen >= 9 && !strcmp(name + nlen - 9, "self.yaml");
	const char *src = self ? f->a : f->b;
	size_t n = self ? f->alen : f->blen;
	if (!src)
		return cp_fail(err, CP_BADINPUT, "%s: no such file", name);
	*text = malloc(n + 1);
	if (!*text)
		return cp_fail(err, CP_FAILED, "out of memory");
	memcpy(*text, src, n);
	(*text)[n] = '\0';
	*len = n;
	return CP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	files f = { text, NULL, size, 0 };
	if (nul) {
		f.alen = (size_t)(nul - text);
		f.b = nul + 1;
		f.blen = size - f.alen - 1;
	}
	policy *p = NULL;
	cp_error err;
	if (policy_load_mem("fuzz.yaml", f.a, f.alen, reader, &f, &p, &err) ==
	    CP_OK)
		policy_free(p);
	return 0;
}

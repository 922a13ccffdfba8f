/* status.c - filling cp_error messages. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "status.h"

cp_status cp_fail(cp_error *err, cp_status st, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return st;
}

cp_status cp_oom(cp_error *err)
{
	return cp_fail(err, CP_FAILED, "out of memory: close other programs, "
	               "or ask for a larger memory limit, and try again");
}

void cp_error_prefix(cp_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	char prefix[sizeof err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	/* Shift the old message right, then put the prefix in front. */
	size_t cap = sizeof err->msg - 1;
	size_t plen = strlen(prefix);
	size_t olen = strnlen(err->msg, cap);
	if (plen > cap)
		plen = cap;
	if (olen > cap - plen)
		olen = cap - plen;
	memmove(err->msg + plen, err->msg, olen);
	memcpy(err->msg, prefix, plen);
	err->msg[plen + olen] = '\0';
}

/* status.h - how every fallible function in cpdesk reports failure.
 *
 * A function that can fail returns a cp_status and, on failure, fills a
 * cp_error with one line saying what went wrong, where, and what to do.
 * The numeric values are the program's exit codes. */
#ifndef CPDESK_STATUS_H
#define CPDESK_STATUS_H

#include <stddef.h>

typedef enum {
	CP_OK = 0,        /* done */
	CP_REFUSED = 1,   /* a rule or permission says no */
	CP_BADINPUT = 2,  /* the input (argument, file, date) is wrong */
	CP_FAILED = 3     /* the system failed: I/O, memory, a damaged store */
} cp_status;

typedef struct {
	char msg[1024];
} cp_error;

/* Fill err (if not NULL) with a printf-style message and return st. */
cp_status cp_fail(cp_error *err, cp_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Out of memory: CP_FAILED with the one message every layer gives. */
cp_status cp_oom(cp_error *err);

/* Return x's status from the calling function unless it is CP_OK. */
#define CP_TRY(x) \
	do { cp_status cp_try_ = (x); if (cp_try_ != CP_OK) return cp_try_; } while (0)

/* Prefix an existing message, e.g. with "policies/x.yaml: ". */
void cp_error_prefix(cp_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif

/* cmd_util.h - printing for the commands: strings from the store and
 * from the command line made safe for a terminal, dates and times as
 * text, notes and warnings on stderr. */
#ifndef CPDESK_CMD_UTIL_H
#define CPDESK_CMD_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include "date.h"
#include "status.h"

/* A store string made safe for a terminal or a TSV cell (no control
 * characters, so no tab or newline).  Returns one of a ring of static
 * buffers: up to 16 results may be used at once (one printf). */
const char *cmd_s(const char *s);
/* The same, cut to 60 columns ("..."): what was typed, quoted in a
 * message that must fit a terminal's line. */
const char *cmd_q(const char *s);
/* The same for long text (notes, summaries): printed whole. */
void cmd_put_clean(FILE *out, const char *s);
/* Dates and times as text; ring buffers like cmd_s. */
const char *cmd_date(cp_date d);
const char *cmd_hhmm(int minutes);
const char *cmd_moment(int64_t unix_seconds);

/* Print casework's warning (if any) on stderr. */
void cmd_warn(const char *warn);
/* Print a note ("added worker x") on stderr: never on stdout. */
void cmd_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write data to path atomically (a temporary file beside it, then
 * rename), mode 0600: the file holds case data.  opt ("--output") names
 * the option in messages. */
cp_status cmd_write_file(const char *opt, const char *path, const void *data,
                         size_t len, cp_error *err);

#endif

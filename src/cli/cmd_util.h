/* cmd_util.h - what the store commands (cmd_*.c) share: opening the
 * store as the acting worker, parsing dates and times, and printing
 * strings from the store safely.  Internal to src/. */
#ifndef CPDESK_CMD_UTIL_H
#define CPDESK_CMD_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include "casework.h"
#include "cli.h"
#include "store.h"

/* Who acts: --as, else the Unix login. */
const char *cmd_actor(const cli_ctx *ctx);
/* The acting login must be usable as an audit "who" and a task's done-by. */
cp_status cmd_check_actor(const cli_ctx *ctx, cp_error *err);

/* The store directory (--db, $CPDESK_DB, the default). */
cp_status cmd_db_path(const cli_ctx *ctx, char *buf, size_t size,
                      cp_error *err);
/* Open the store with its policy and calendar, and work out who acts
 * (permit.h): the Unix user, or --as LOGIN where the policy allows it.
 * cw->pm is set; cw->actor is the acting login. */
cp_status cmd_open(const cli_ctx *ctx, casework *cw, cp_error *err);
/* The same, for a command only some roles may run at all (import,
 * policy use, backup): refused with the role needed otherwise. */
cp_status cmd_open_for(const cli_ctx *ctx, casework *cw, access_action act,
                       cp_error *err);

/* "--time" HH:MM -> minutes past midnight. */
cp_status cmd_parse_time(const char *opt, const char *s, int *minutes,
                         cp_error *err);
/* A date option: the error names the option. */
cp_status cmd_parse_date(const char *opt, const char *s, cp_date *out,
                         cp_error *err);
/* A positive id ("12"); what names the thing for the error. */
cp_status cmd_parse_id(const char *what, const char *s, uint64_t *out,
                       cp_error *err);
cp_status cmd_parse_count(const char *opt, const char *s, unsigned long max,
                          unsigned long *out, cp_error *err);

/* getopt_long's complaint about argv, as one line. */
cp_status cmd_bad_option(const char *cmd, int argc, char **argv,
                         cp_error *err);

/* A store string made safe for a terminal or a TSV cell (no control
 * characters, so no tab or newline).  Returns one of a ring of static
 * buffers: up to 16 results may be used at once (one printf). */
const char *cmd_s(const char *s);
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


/* Commands defined outside cmd_store.c, listed in its table. */
cp_status cmd_meeting_add(const cli_ctx *ctx, int argc, char **argv);
cp_status cmd_meeting_move(const cli_ctx *ctx, int argc, char **argv);
cp_status cmd_meeting_cancel(const cli_ctx *ctx, int argc, char **argv);
cp_status cmd_meeting_outcome(const cli_ctx *ctx, int argc, char **argv);
cp_status cmd_meeting_show(const cli_ctx *ctx, int argc, char **argv);
cp_status cmd_task_list(const cli_ctx *ctx, int argc, char **argv);
cp_status cmd_task_done(const cli_ctx *ctx, int argc, char **argv);
cp_status cmd_import(const cli_ctx *ctx, int argc, char **argv);
extern const char cmd_import_help[];

#endif

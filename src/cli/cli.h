/* cli.h - the command table and the options every command shares.
 *
 * Each cmd_*.c module exports one NULL-terminated table of commands;
 * main.c parses the global options, finds the command and runs it. */
#ifndef CPDESK_CLI_H
#define CPDESK_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "date.h"
#include "status.h"

typedef struct cli_ctx {
	const char *db;        /* --db, else $CPDESK_DB, else NULL (default) */
	const char *as;        /* --as LOGIN, or NULL */
	const char *login;     /* the Unix user running cpdesk */
	cp_date today;         /* --today, else the local date */
	bool today_given;
	const char *argv0;
} cli_ctx;

typedef struct cli_command {
	const char *name;      /* "timeline", "policy check", "meeting add" */
	const char *synopsis;  /* one line: the arguments */
	const char *summary;   /* one line: what it does */
	const char *help;      /* the full --help text after the synopsis */
	/* argv[0] is the last word of the command's name. */
	cp_status (*run)(const cli_ctx *ctx, int argc, char **argv);
} cli_command;

extern const cli_command cmds_calendar[]; /* workdays */
extern const cli_command cmds_policy[];   /* policy check, timeline, next */
extern const cli_command cmds_store[];    /* init, worker, child, meeting, task, ... */
extern const cli_command cmds_list[];     /* list NAME (issue 5) */
extern const cli_command cmds_ui[];       /* console */
extern const cli_command cmds_export[];   /* export ics */
extern const cli_command cmds_mail[];     /* mail week, chaser, ... */
extern const cli_command cmds_admin[];    /* policy show/diff/use, backup */

/* Print "cpdesk: message" on stderr; returns st. */
cp_status cli_report(cp_status st, const cp_error *err);

/* True when argv has -h or --help before any "--". */
bool cli_wants_help(int argc, char **argv);
void cli_print_help(const cli_command *c, FILE *out);

/* Progress on a terminal only: quiet when stderr is not a tty.  what
 * NULL ends it (cw_progress_fn's convention). */
void cli_progress(const char *what, size_t done, size_t total);
void cli_progress_end(void);

#endif

/* cli.h - the command table and its dispatcher.
 *
 * A command is declared, not parsed.  Each cmd_NOUN.c owns one group of
 * commands; each command names its words ("meeting add"), its
 * positional arguments and options (a type, a value name, one line of
 * help), what it needs (nothing, a session, a session whose actor may
 * take an action), a summary and its long help.  Every option and
 * argument points at the variable it fills, in a static struct of the
 * command's own file, through a member of cli_out chosen by its type:
 * a pointer of the wrong type does not compile.
 *
 * One dispatcher (cli_main) parses the global options, finds the command
 * (the longest run of words), parses and checks its options and
 * arguments, runs its check, opens the session, runs it, closes the
 * session and reports a failure as one line "cpdesk: ..." on stderr.
 * --help, the man page's command sections (cpdesk help --man) and the
 * bash completion (cpdesk help --bash-completion) are written from the
 * same tables, so they cannot drift from what is parsed. */
#ifndef CPDESK_CLI_H
#define CPDESK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "access.h"
#include "casework.h"
#include "date.h"
#include "role.h"
#include "schedule.h"
#include "session.h"
#include "status.h"
#include "vec.h"

/* ---- what an option or argument holds ---------------------------------- */
typedef enum cli_type {
	CLI_FLAG,     /* bool: given or not (options only) */
	CLI_STR,      /* char *: as typed (argv's own string), checked where
	                 it is used (a file, a command, a case id); .valid
	                 checks more */
	CLI_TEXT,     /* char *: printable text (text_is_clean) */
	CLI_LOGIN,    /* char *: a login (model_id_valid) */
	CLI_DATE,     /* cp_date: YYYY-MM-DD */
	CLI_TIME,     /* int: minutes past midnight, written HH:MM */
	CLI_ID,       /* uint64_t: a positive record id */
	CLI_COUNT,    /* unsigned long from .min to .max */
	CLI_CHOICE,   /* const char *: one of .choices (the table's string) */
	CLI_ROLES,    /* role_set: ROLE[,ROLE...]; repeated, or'd together */
	CLI_ANCHOR,   /* cli_anchors: NAME=DATE (anchor_add), repeatable */
	CLI_STRS,     /* cli_list: as typed (files), one a use, repeatable */
	CLI_TEXTS,    /* cli_list: printable text, one a use, repeatable */
	CLI_LOGINS,   /* cli_list: logins, repeatable and comma-separated */
	CLI_TYPE_COUNT
} cli_type;

typedef struct cli_anchors {
	anchor_date v[ANCHORS_MAX];
	size_t n;
} cli_anchors;

/* Repeated values: copies owned by the list, freed by the dispatcher
 * after the command has run. */
typedef str_vec cli_list;

/* Where a value goes: the member CLI_OPT picks for the type. */
typedef union cli_out {
	bool *flag;
	char **str;              /* argv's strings: records take char * */
	const char **choice;
	cp_date *date;
	int *minutes;
	uint64_t *id;
	unsigned long *count;
	role_set *roles;
	cli_anchors *anchors;
	cli_list *list;
} cli_out;

/* Option and argument flags. */
#define CLI_REQUIRED 1u   /* an option that must be given (text: not "") */
#define CLI_OPTIONAL 2u   /* an argument that may be left out */
#define CLI_HIDDEN   4u   /* not in help, man page or completion */
#define CLI_OPENS_STORE 8u /* needs no session, but opens a store itself
                              (session_init, session_check_store, the
                              console): a privileged run keeps its group
                              until then */

/* An option (name "reason": --reason) or a positional argument (name
 * "DATE"); the same fields serve both. */
typedef struct cli_opt {
	const char *name;
	cli_type type;
	cli_out out;
	const char *value;       /* the value's name: "TEXT", "LOGIN"; NULL:
	                            the type's, or a choice's a|b|c (given:
	                            its help lists the choices) */
	const char *help;        /* one line */
	unsigned flags;
	const char *const *choices;  /* CLI_CHOICE: NULL-terminated */
	unsigned long min, max;  /* CLI_COUNT's range; a list's most values */
	bool (*valid)(const char *s);  /* CLI_STR, CLI_TEXT, CLI_TEXTS: */
	const char *expect;      /* ... else "--to 'x' is not EXPECT" */
	const char *missing;     /* CLI_REQUIRED: the message when it is
	                            not given (NULL: "give --NAME VALUE") */
} cli_opt;

/* Declare an option or argument of type T filling *ptr, e.g.
 *   CLI_OPT(DATE, "date", &a.date, .value = "DATE", .help = "...")
 * The member of cli_out follows from T, so a pointer to a variable of
 * another type is a compile error. */
#define CLI_OPT(T, name_, ptr_, ...) \
	{ .name = (name_), .type = CLI_##T, .out.CLI_MEMBER(T) = (ptr_), \
	  __VA_ARGS__ }
#define CLI_MEMBER(T) CLI_MEMBER_##T
#define CLI_MEMBER_FLAG flag
#define CLI_MEMBER_STR str
#define CLI_MEMBER_TEXT str
#define CLI_MEMBER_LOGIN str
#define CLI_MEMBER_DATE date
#define CLI_MEMBER_TIME minutes
#define CLI_MEMBER_ID id
#define CLI_MEMBER_COUNT count
#define CLI_MEMBER_CHOICE choice
#define CLI_MEMBER_ROLES roles
#define CLI_MEMBER_ANCHOR anchors
#define CLI_MEMBER_STRS list
#define CLI_MEMBER_TEXTS list
#define CLI_MEMBER_LOGINS list

/* ---- a command --------------------------------------------------------- */
/* The context every command gets: the global options and who runs. */
typedef struct cli_group cli_group;
typedef struct cli_command cli_command;
typedef struct cli_ctx {
	session_opts session;  /* --db (else $CPDESK_DB), --as, the Unix user */
	cp_date today;         /* --today, else the local date */
	const cli_group *const *groups;   /* every command (help) */
	const cli_command *cmd;           /* the one running */
} cli_ctx;

typedef enum cli_needs {
	CLI_NEEDS_NOTHING,     /* opens nothing (or opens its own store) */
	CLI_NEEDS_SESSION,     /* the store, as the acting worker */
	CLI_NEEDS_ACTION       /* the same, for an actor allowed .action */
} cli_needs;

struct cli_command {
	const char *name;      /* "timeline", "policy check", "meeting add" */
	const char *summary;   /* one line: what it does */
	const char *help;      /* prose, after the options; lines indented
	                          by two spaces are shown as they are */
	const cli_opt *opts;   /* NULL, or ends with { 0 } */
	const cli_opt *args;   /* positional; NULL, or ends with { 0 }; a
	                          repeatable type takes the rest */
	cli_needs needs;
	access_action action;  /* CLI_NEEDS_ACTION */
	/* Rules between options, checked before the store is opened. */
	cp_status (*check)(const cli_ctx *ctx, cp_error *err);
	/* The work; cw is the open session (NULL when it needs nothing).
	 * A failure fills err (printed as one line), or empties it when the
	 * command has said what went wrong itself (cli_reported). */
	cp_status (*run)(const cli_ctx *ctx, casework *cw, cp_error *err);
	unsigned flags;        /* CLI_HIDDEN */
};

/* The commands of one noun (one cmd_*.c file). */
struct cli_group {
	const char *name;      /* "child": cpdesk child --help lists them */
	const char *title;     /* "Children" */
	const cli_command *commands;   /* ends with { 0 } */
};

/* One a file: cmd_worker.c ... cmd_console.c; cli_doc.c's help. */
extern const cli_group cmds_worker, cmds_child, cmds_family, cmds_plan,
	cmds_care, cmds_cin, cmds_meeting, cmds_approve, cmds_diary, cmds_task,
	cmds_team,
	cmds_report, cmds_consult, cmds_audit, cmds_list, cmds_mail,
	cmds_export, cmds_policy, cmds_calendar, cmds_admin, cmds_console,
	cmds_help;
extern const cli_group cmds_timeliness;   /* cmd_timeliness.c */

/* Run cpdesk: argv as main gets it; returns the exit status. */
int cli_main(int argc, char **argv, const cli_group *const *groups);

/* ---- for the commands -------------------------------------------------- */
/* Print "cpdesk: message" on stderr; returns st. */
cp_status cli_report(cp_status st, const cp_error *err);
/* The failure was reported already (several lines, or one a file):
 * the dispatcher prints nothing more.  Returns st. */
cp_status cli_reported(cp_status st, cp_error *err);

/* Progress on a terminal only: quiet when stderr is not a tty.  what
 * NULL ends it (cw_progress_fn's convention). */
void cli_progress(const char *what, size_t done, size_t total);
void cli_progress_end(void);

/* ---- parsing and help (cli_args.c, cli_help.c) ------------------------- */
/* Fill the command's variables from argv (the words after the command's
 * name): options anywhere, "--" ends them, --name=value or --name value,
 * a unique prefix of a name; "-5" is an argument, not an option. */
cp_status cli_parse(const cli_command *c, int argc, char **argv,
                    cp_error *err);
/* For .valid: a login or case id (1-MODEL_ID_MAX letters, digits, '.',
 * '_' or '-'). */
bool cli_valid_id(const char *s);
#define CLI_ID_EXPECT \
	"an id (1-" CLI_XSTR(MODEL_ID_MAX) " letters, digits, '.', '_' or '-')"
#define CLI_XSTR(x) CLI_STR_(x)
#define CLI_STR_(x) #x
/* Free what cli_parse allocated (repeated values). */
void cli_parse_free(const cli_command *c);

/* The usage line's words after "cpdesk NAME", e.g. "ID DATE --reason
 * TEXT [--time HH:MM]"; `required` only: what must be given. */
void cli_synopsis(const cli_command *c, bool required, char *buf,
                  size_t size);
/* Whether an option of type t may be given more than once (an
 * argument of such a type takes the rest of the command line). */
bool cli_type_repeats(cli_type t);
/* The value's name as help shows it ("HH:MM", "text|csv|json"). */
const char *cli_value_name(const cli_opt *o, char *buf, size_t size);

/* The option's line of help; a choice with a value name lists its
 * choices after it ("how it is held: teams, skype, ..."). */
const char *cli_help_line(const cli_opt *o, char *buf, size_t size);

void cli_print_usage(const cli_group *const *groups, FILE *out);
void cli_print_help(const cli_command *c, FILE *out);
/* cpdesk NOUN --help: the commands whose first word (or group) is noun;
 * false when there are none. */
bool cli_print_noun(const cli_group *const *groups, const char *noun,
                    FILE *out);
/* The commands of noun as "add, list or show" in buf; how many. */
size_t cli_noun_words(const cli_group *const *groups, const char *noun,
                      char *buf, size_t size);

#endif

/* cli_help.c - what the command table says about itself: cpdesk --help,
 * NOUN --help and COMMAND --help (cli_doc.c writes the man page and
 * the completion).  Nothing here is written by hand per command: help
 * cannot disagree with what cli_args.c parses. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Where make install puts the guides (Makefile: DOCDIR, built in). */
#ifndef CPDESK_DOCDIR
#define CPDESK_DOCDIR "/usr/local/share/doc/cpdesk"
#endif

#define HELP_COLUMN 24   /* where an option's help starts */
#define WIDTH 79         /* a terminal's line, less one */

static bool shown(unsigned flags)
{
	return !(flags & CLI_HIDDEN);
}

bool cli_type_repeats(cli_type t)
{
	return t == CLI_STRS || t == CLI_TEXTS || t == CLI_LOGINS ||
	       t == CLI_ANCHOR || t == CLI_ROLES;
}

const char *cli_value_name(const cli_opt *o, char *buf, size_t size)
{
	static const char *const names[CLI_TYPE_COUNT] = {
		[CLI_STR] = "VALUE", [CLI_TEXT] = "TEXT", [CLI_LOGIN] = "LOGIN",
		[CLI_DATE] = "DATE", [CLI_TIME] = "HH:MM", [CLI_ID] = "ID",
		[CLI_COUNT] = "N", [CLI_ROLES] = "ROLE[,ROLE...]",
		[CLI_ANCHOR] = "NAME=DATE", [CLI_STRS] = "VALUE", [CLI_TEXTS] = "TEXT",
		[CLI_LOGINS] = "LOGIN"
	};
	size_t used = 0;
	buf[0] = '\0';
	if (o->value || o->type != CLI_CHOICE)
		snprintf(buf, size, "%s", o->value ? o->value
		         : names[o->type] ? names[o->type] : "");
	else
		for (size_t i = 0; o->choices[i] && used < size; i++)
			used += (size_t)snprintf(buf + used, size - used, "%s%s",
			                         i ? "|" : "", o->choices[i]);
	return buf;
}

const char *cli_help_line(const cli_opt *o, char *buf, size_t size)
{
	size_t used = 0;
	used += (size_t)snprintf(buf, size, "%s", o->help ? o->help : "");
	if (o->type != CLI_CHOICE || !o->value)
		return buf;
	for (size_t i = 0; o->choices[i] && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		                         i ? ", " : ": ", o->choices[i]);
	return buf;
}

/* "--name VALUE", "--tsv", or an argument's "NAME". */
static const char *opt_words(const cli_opt *o, bool arg, char *buf,
                             size_t size)
{
	char v[256];
	if (arg)
		snprintf(buf, size, "%s", o->name);
	else if (o->type == CLI_FLAG)
		snprintf(buf, size, "--%s", o->name);
	else
		snprintf(buf, size, "--%s %s", o->name,
		         cli_value_name(o, v, sizeof v));
	return buf;
}

static void append(char *buf, size_t size, size_t *used, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t size, size_t *used, const char *fmt,
                   ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (*used < size)
		*used += (size_t)vsnprintf(buf + *used, size - *used, fmt, ap);
	va_end(ap);
}

void cli_synopsis(const cli_command *c, bool required, char *buf,
                  size_t size)
{
	size_t used = 0;
	char w[300];
	buf[0] = '\0';
	for (const cli_opt *a = c->args; a && a->name; a++)
		append(buf, size, &used, (a->flags & CLI_OPTIONAL) ? "%s[%s]" :
		       cli_type_repeats(a->type) ? "%s%s..." : "%s%s", used ? " " : "",
		       a->name);
	for (const cli_opt *o = c->opts; o && o->name; o++)
		if (o->flags & CLI_REQUIRED)
			append(buf, size, &used, "%s%s", used ? " " : "",
			       opt_words(o, false, w, sizeof w));
	for (const cli_opt *o = c->opts; !required && o && o->name; o++)
		if (!(o->flags & CLI_REQUIRED) && shown(o->flags))
			append(buf, size, &used, cli_type_repeats(o->type) ? "%s[%s]..."
			       : "%s[%s]", used ? " " : "",
			       opt_words(o, false, w, sizeof w));
}

/* ---- --help ------------------------------------------------------------ */

/* text from column `col` on, wrapped at spaces outside brackets so that
 * no line passes WIDTH; continued lines start at column `indent`. */
static void print_wrapped(FILE *out, const char *text, int col, int indent)
{
	while (*text) {
		int room = WIDTH - col, depth = 0, cut = -1, any = -1;
		int len = (int)strlen(text);
		for (int i = 0; i < len && i <= room; i++) {
			depth += text[i] == '[' ? 1 : text[i] == ']' ? -1 : 0;
			if (text[i] == ' ')
				any = i;
			if (text[i] == ' ' && !depth)
				cut = i;
		}
		if (len <= room)
			cut = len;
		else if (cut < 0)   /* inside a bracket, else too long a word */
			cut = any >= 0 ? any : (int)strcspn(text, " ");
		fprintf(out, "%.*s\n", cut, text);
		text += cut + (text[cut] == ' ');
		if (*text)
			fprintf(out, "%*s", indent, "");
		col = indent;
	}
}

static void print_item(FILE *out, const char *words, const char *help)
{
	int w = (int)strlen(words);
	if (w + 4 > HELP_COLUMN)
		fprintf(out, "  %s\n%*s", words, HELP_COLUMN, "");
	else
		fprintf(out, "  %-*s", HELP_COLUMN - 2, words);
	print_wrapped(out, help, HELP_COLUMN, HELP_COLUMN);
}

static void print_items(const cli_command *c, FILE *out)
{
	char w[300], h[1024];
	bool any = false;
	for (const cli_opt *a = c->args; a && a->name; a++)
		if (a->help && (any = true))
			print_item(out, a->name, cli_help_line(a, h, sizeof h));
	for (const cli_opt *o = c->opts; o && o->name; o++)
		if (shown(o->flags) && (any = true))
			print_item(out, opt_words(o, false, w, sizeof w),
			           cli_help_line(o, h, sizeof h));
	if (any)
		fputc('\n', out);
}

void cli_print_help(const cli_command *c, FILE *out)
{
	char syn[2048];
	const char *help = c->help ? c->help : "";
	size_t hl = strlen(help);
	cli_synopsis(c, false, syn, sizeof syn);
	int col = fprintf(out, "usage: cpdesk %s%s", c->name, *syn ? " " : "");
	if (*syn)
		print_wrapped(out, syn, col, col);
	else
		fputc('\n', out);
	fprintf(out, "\n%s\n\n", c->summary);
	print_items(c, out);
	if (hl)
		fprintf(out, "%s%s", help, help[hl - 1] == '\n' ? "" : "\n");
}

static void print_group(const cli_group *g, const char *noun, FILE *out)
{
	bool titled = false;
	for (const cli_command *c = g->commands; c->name; c++) {
		size_t nl = noun ? strlen(noun) : 0;
		if (!shown(c->flags) || (noun && strcmp(g->name, noun) &&
		    (strncmp(c->name, noun, nl) || c->name[nl] != ' ')))
			continue;
		if (!titled && (titled = true))
			fprintf(out, "%s:\n", g->title);
		fprintf(out, "  %-18s %s\n", c->name, c->summary);
	}
	if (titled)
		fputc('\n', out);
}

void cli_print_usage(const cli_group *const *groups, FILE *out)
{
	fprintf(out,
	    "usage: cpdesk [--db NAME|DIR] [--as LOGIN] [--today YYYY-MM-DD] [COMMAND [ARGS]]\n"
	    "\n"
	    "With no command, cpdesk opens the console on your queue; cpdesk\n"
	    "--plain opens it line by line, for screen readers (console --help).\n"
	    "\n");
	for (size_t g = 0; groups[g]; g++)
		print_group(groups[g], NULL, out);
	fprintf(out,
	    "Global options:\n"
	    "  --db NAME|DIR       a shared store by NAME, or a store of your own (default\n"
	    "                      $CPDESK_DB, else the only shared one, else\n"
	    "                      $XDG_DATA_HOME/cpdesk)\n"
	    "  --as LOGIN          act as another worker (where the policy allows)\n"
	    "  --today DATE        take DATE as today (for planning and tests)\n"
	    "  --help, --version\n"
	    "\n"
	    "cpdesk COMMAND --help describes a command, cpdesk NOUN --help (e.g.\n"
	    "cpdesk child --help) a noun's commands; see cpdesk(1), cpdesk-policy(5)\n"
	    "and the guides named doc/NAME.md, in %s.\n"
	    "Exit status: 0 done, 1 refused, 2 bad input, 3 system failure.\n",
	    CPDESK_DOCDIR);
}

size_t cli_noun_words(const cli_group *const *groups, const char *noun,
                      char *buf, size_t size)
{
	size_t n = 0, used = 0, nl = strlen(noun);
	const char *last = NULL;
	buf[0] = '\0';
	for (size_t g = 0; groups[g]; g++)
		for (const cli_command *c = groups[g]->commands; c->name; c++) {
			bool word = !strncmp(c->name, noun, nl) && c->name[nl] == ' ';
			if (!shown(c->flags) || (!word && strcmp(groups[g]->name, noun)))
				continue;
			if (last)
				append(buf, size, &used, "%s%s", n > 1 ? ", " : "", last);
			last = word ? c->name + nl + 1 : c->name;
			n++;
		}
	if (last)
		append(buf, size, &used, "%s%s", n > 1 ? " or " : "", last);
	return n;
}

bool cli_print_noun(const cli_group *const *groups, const char *noun,
                    FILE *out)
{
	char which[512];
	if (!cli_noun_words(groups, noun, which, sizeof which))
		return false;
	fprintf(out, "usage: cpdesk %s COMMAND [ARGS]\n\n", noun);
	for (size_t g = 0; groups[g]; g++)
		print_group(groups[g], noun, out);
	fprintf(out, "cpdesk COMMAND --help describes one.\n");
	return true;
}

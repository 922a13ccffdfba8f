/* cli_doc.c - the hidden command `cpdesk help`: the man page's command
 * sections (--man; `make man` puts them into doc/cpdesk.1), the bash
 * completion (--bash-completion; build/cpdesk.bash) and the table as
 * TSV (--table: what tests/e2e/cli_help.sh compares the others with),
 * all written from the command tables; and `cpdesk complete`, what the
 * completion asks the store for (logins, child ids) and the shipped
 * policies. */
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "paths.h"
#include "priv.h"
#include "query.h"

static struct {
	bool man, bash, table;
	cli_list words;
} help;

static bool shown(unsigned flags)
{
	return !(flags & CLI_HIDDEN);
}

/* ---- troff ------------------------------------------------------------- */

/* Text for troff: a backslash as \e, the dashes that start a word (an
 * option) as \-, and a line that would start with . or ' guarded. */
static void roff(FILE *out, const char *s, size_t len)
{
	bool start = true, dash = false;
	if (len && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", out);
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		dash = ch == '-' && (start || dash);
		if (ch == '\\')
			fputs("\\e", out);
		else if (dash)
			fputs("\\-", out);
		else
			fputc(ch, out);
		start = strchr(" [(|/=,", ch) != NULL;
	}
}

static void roff_s(FILE *out, const char *s)
{
	roff(out, s, strlen(s));
}

/* A line of text as roff() writes it, broken at spaces into lines of at
 * most ROFF_WIDTH bytes (mandoc -T lint asks it of a page's source; troff
 * fills them again).  A word longer than that stays whole on its line. */
#define ROFF_WIDTH 80
static void roff_text(FILE *out, const char *s, size_t len)
{
	char *text = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&text, &size);
	if (!mem) {            /* no memory: unwrapped, as before */
		roff(out, s, len);
		fputc('\n', out);
		return;
	}
	roff(mem, s, len);
	fclose(mem);
	for (const char *line = text; *line;) {
		size_t n = strlen(line), cut = n;
		if (n > ROFF_WIDTH) {
			const char *sp = memchr(line, ' ', n);
			for (const char *q = sp; q && q - line <= ROFF_WIDTH;
			     q = memchr(q + 1, ' ', n - (size_t)(q + 1 - line)))
				sp = q;
			cut = sp ? (size_t)(sp - line) : n;
		}
		/* a line the break starts with . or ' would be a request */
		if (line != text && (*line == '.' || *line == '\''))
			fputs("\\&", out);
		fprintf(out, "%.*s\n", (int)cut, line);
		line += cut + (line[cut] == ' ');
	}
	free(text);
}

/* prefix and s in a font (B bold, I italic), then roman again. */
static void roff_font(FILE *out, char font, const char *prefix,
                      const char *s)
{
	fprintf(out, "\\f%c%s", font, prefix);
	roff_s(out, s);
	fputs("\\fR", out);
}

static void man_opt_words(FILE *out, const cli_opt *o, bool arg)
{
	char v[256];
	if (arg) {
		roff_font(out, 'I', "", o->name);
		return;
	}
	roff_font(out, 'B', "\\-\\-", o->name);
	if (o->type != CLI_FLAG) {
		fputc(' ', out);
		roff_font(out, 'I', "", cli_value_name(o, v, sizeof v));
	}
}

static void man_synopsis(FILE *out, const cli_command *c)
{
	roff_font(out, 'B', "cpdesk ", c->name);
	for (const cli_opt *a = c->args; a && a->name; a++) {
		fputs(a->flags & CLI_OPTIONAL ? " [" : " ", out);
		man_opt_words(out, a, true);
		fputs(a->flags & CLI_OPTIONAL ? "]" :
		      cli_type_repeats(a->type) ? "..." : "", out);
	}
	for (int req = 1; req >= 0; req--)
		for (const cli_opt *o = c->opts; o && o->name; o++) {
			if (!(o->flags & CLI_REQUIRED) != !req || !shown(o->flags))
				continue;
			fputs(req ? " " : " [", out);
			man_opt_words(out, o, false);
			fputs(req ? "" : cli_type_repeats(o->type) ? "]..." : "]", out);
		}
	fputc('\n', out);
}

/* Long help: paragraphs as .PP, lines indented by two spaces as they
 * are (.nf), inside .RS. */
static void man_prose(FILE *out, const char *s)
{
	bool pre = false, para = true;
	while (*s) {
		size_t len = strcspn(s, "\n");
		bool blank = len == 0, indented = !strncmp(s, "  ", 2);
		if (pre && !indented) {
			fputs(".fi\n.RE\n", out);
			pre = false;
			para = true;
		}
		if (blank) {
			para = true;
		} else if (indented) {
			if (!pre)
				fputs(".RS\n.nf\n", out);
			pre = true;
			roff(out, s + 2, len - 2);
			fputc('\n', out);
		} else {
			if (para)
				fputs(".PP\n", out);
			para = false;
			roff_text(out, s, len);
		}
		s += len + (s[len] == '\n');
	}
	if (pre)
		fputs(".fi\n.RE\n", out);
}

static void man_item(FILE *out, const cli_opt *o, bool arg)
{
	char h[1024];
	fputs(".TP\n", out);
	man_opt_words(out, o, arg);
	fputc('\n', out);
	cli_help_line(o, h, sizeof h);
	roff_text(out, h, strlen(h));
}

static void man_command(FILE *out, const cli_command *c)
{
	fputs(".SS \"", out);
	roff_s(out, c->name);
	fputs("\"\n", out);
	man_synopsis(out, c);
	fprintf(out, ".PP\n%c", toupper((unsigned char)c->summary[0]));
	roff_s(out, c->summary + 1);
	fputs(".\n", out);
	for (const cli_opt *a = c->args; a && a->name; a++)
		if (a->help)
			man_item(out, a, true);
	for (const cli_opt *o = c->opts; o && o->name; o++)
		if (shown(o->flags))
			man_item(out, o, false);
	if (c->help)
		man_prose(out, c->help);
}

static void man_page(const cli_group *const *groups, FILE *out)
{
	fputs(".SH COMMANDS\n"
	      "Each command with its options, as\n"
	      ".B cpdesk\n"
	      ".I COMMAND\n"
	      ".B \\-\\-help\n"
	      "prints them;\n"
	      ".B cpdesk\n"
	      ".I NOUN\n"
	      ".B \\-\\-help\n"
	      "lists a noun's commands.\n", out);
	for (size_t g = 0; groups[g]; g++)
		for (const cli_command *c = groups[g]->commands; c->name; c++)
			if (shown(c->flags))
				man_command(out, c);
}

/* ---- bash completion --------------------------------------------------- */

/* Whether o names a child: an argument CHILD, an option --child, or the
 * ID of a child command that takes an existing child (not child add). */
static bool names_child(const cli_command *c, const cli_opt *o, bool arg)
{
	if (arg && !strcmp(o->name, "ID"))
		return !strncmp(c->name, "child ", 6) && strcmp(c->name, "child add");
	return !strcmp(o->name, arg ? "CHILD" : "child");
}

/* What completes a value, by its type and name: @user (the host's
 * accounts), @login (the store's workers), @child (the child ids one sees), @policy (*.yaml, and the
 * shipped policies), @file, @dir, @command; NULL: free text. */
static const char *bash_kind(const cli_command *c, const cli_opt *o,
                             bool arg)
{
	const char *name = o->value ? o->value : o->name;
	if (arg && o->type == CLI_LOGIN && strstr(c->name, " add"))
		return "@user";    /* worker add: a Unix login, not yet a worker */
	if (o->type == CLI_LOGIN || o->type == CLI_LOGINS)
		return "@login";
	if (o->type != CLI_STR && o->type != CLI_STRS)
		return NULL;
	if (names_child(c, o, arg))
		return "@child";
	if (!strcmp(name, "LOGIN"))      /* a login or a pool (task list) */
		return "@login";
	if (arg ? !strncmp(c->name, "policy ", 7) && !strcmp(name, "FILE")
	        : !strcmp(o->name, "policy"))
		return "@policy";
	return strstr(name, "DIR") ? "@dir" : strstr(name, "FILE") ? "@file"
	     : strstr(name, "CMD") ? "@command" : NULL;
}

/* The case line for what completes an option's value ('CMD --OPTION')
 * or an argument ('CMD N'): its choices, or one of bash_kind's. */
static void bash_values(FILE *out, const cli_command *c, const cli_opt *o,
                        bool arg, size_t pos)
{
	const char *kind = bash_kind(c, o, arg);
	if (o->type != CLI_CHOICE && !kind)
		return;
	if (!arg)
		fprintf(out, "\t'%s --%s') echo '", c->name, o->name);
	else   /* a repeated argument: this position and every one after it */
		fprintf(out, cli_type_repeats(o->type) ? "\t'%s '[%zu-9]*) echo '"
		        : "\t'%s %zu') echo '", c->name, pos);
	if (o->type != CLI_CHOICE)
		fputs(kind, out);
	for (size_t i = 0; o->type == CLI_CHOICE && o->choices[i]; i++)
		fprintf(out, "%s%s", i ? " " : "", o->choices[i]);
	fputs("' ;;\n", out);
}

static void bash_case_values(FILE *out, const cli_command *c)
{
	size_t pos = 1;
	for (const cli_opt *o = c->opts; o && o->name; o++)
		if (shown(o->flags))
			bash_values(out, c, o, false, 0);
	for (const cli_opt *a = c->args; a && a->name; a++, pos++)
		bash_values(out, c, a, true, pos);
}

static void bash_tables(const cli_group *const *groups, FILE *out)
{
	fputs("# The commands, one a line.\n_cpdesk_commands='", out);
	for (size_t g = 0, n = 0; groups[g]; g++)
		for (const cli_command *c = groups[g]->commands; c->name; c++)
			if (shown(c->flags))
				fprintf(out, "%s%s", n++ ? "\n" : "", c->name);
	fputs("'\n\n# A command's options: \"=\" marks one that takes a value.\n"
	      "_cpdesk_options()\n{\n\tcase $1 in\n", out);
	for (size_t g = 0; groups[g]; g++)
		for (const cli_command *c = groups[g]->commands; c->name; c++) {
			if (!shown(c->flags))
				continue;
			fprintf(out, "\t'%s') echo '", c->name);
			for (const cli_opt *o = c->opts; o && o->name; o++)
				if (shown(o->flags))
					fprintf(out, "%s--%s%s", o == c->opts ? "" : " ",
					        o->name, o->type == CLI_FLAG ? "" : "=");
			fputs("' ;;\n", out);
		}
	fputs("\tesac\n}\n\n# What completes an option's value ('CMD --OPTION') or "
	      "an argument\n# ('CMD N'): words, or @user, @login, @child, "
	      "@policy, @file, @dir,\n# @command.\n"
	      "_cpdesk_values()\n{\n\tcase $1 in\n", out);
	for (size_t g = 0; groups[g]; g++)
		for (const cli_command *c = groups[g]->commands; c->name; c++)
			if (shown(c->flags))
				bash_case_values(out, c);
	fputs("\tesac\n}\n", out);
}

/* The logic, the same for every table. */
static const char bash_logic[] =
	"\n"
	"_cpdesk_is_command()\n"
	"{\n"
	"\tcase $'\\n'\"$_cpdesk_commands\"$'\\n' in\n"
	"\t*$'\\n'\"$1\"$'\\n'*) return 0 ;;\n"
	"\tesac\n"
	"\treturn 1\n"
	"}\n"
	"\n"
	"# What `cpdesk complete KIND PREFIX` says (logins, children, policies),\n"
	"# with the global options given before the command (--db, --as).\n"
	"_cpdesk_ask()\n"
	"{\n"
	"\t\"${COMP_WORDS[0]}\" \"${_cpdesk_globals[@]}\" complete \"$@\" 2>/dev/null\n"
	"}\n"
	"\n"
	"# COMPREPLY from words, or logins, child ids, policy files, files,\n"
	"# directories or commands.\n"
	"_cpdesk_reply()\n"
	"{\n"
	"\tlocal pre= word=$2\n"
	"\tcase $1 in\n"
	"\t@login|@child)  # the last of a comma-separated list\n"
	"\t\tcase $word in *,*) pre=${word%,*},; word=${word##*,} ;; esac\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -P \"$pre\" \\\n"
	"\t\t    -W \"$(_cpdesk_ask \"${1#@}\" \"$word\")\" -- \"$word\") ;;\n"
	"\t@policy) compopt -o filenames 2>/dev/null\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -f -X '!*.yaml' -- \"$2\";\n"
	"\t\t    compgen -d -- \"$2\";\n"
	"\t\t    compgen -W \"$(_cpdesk_ask policy \"$2\")\" -- \"$2\") ;;\n"
	"\t@file) compopt -o filenames 2>/dev/null\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$2\") ;;\n"
	"\t@dir) compopt -o filenames 2>/dev/null\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -d -- \"$2\") ;;\n"
	"\t@command) mapfile -t COMPREPLY < <(compgen -c -- \"$2\") ;;\n"
	"\t@user) mapfile -t COMPREPLY < <(compgen -u -- \"$2\") ;;\n"
	"\t*) mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$2\") ;;\n"
	"\tesac\n"
	"}\n"
	"\n"
	"# The words of the commands whose first words are $1 (\"\" for all).\n"
	"_cpdesk_words()\n"
	"{\n"
	"\tlocal c\n"
	"\twhile IFS= read -r c; do\n"
	"\t\tif [ -z \"$1\" ]; then echo \"${c%% *}\"\n"
	"\t\telif [ \"${c#\"$1 \"}\" != \"$c\" ]; then echo \"${c#\"$1 \"}\"\n"
	"\t\tfi\n"
	"\tdone <<<\"$_cpdesk_commands\" | sort -u\n"
	"}\n"
	"\n"
	"_cpdesk()\n"
	"{\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	"\tlocal i=1 cmd= j k n opts\n"
	"\tlocal -a _cpdesk_globals   # for _cpdesk_ask\n"
	"\tCOMPREPLY=()\n"
	"\t# the global options, before the command\n"
	"\twhile [ \"$i\" -lt \"$COMP_CWORD\" ]; do\n"
	"\t\tcase ${COMP_WORDS[i]} in\n"
	"\t\t--db|--as|--today) i=$((i + 2)) ;;\n"
	"\t\t-*) i=$((i + 1)) ;;\n"
	"\t\t*) break ;;\n"
	"\t\tesac\n"
	"\tdone\n"
	"\t_cpdesk_globals=(\"${COMP_WORDS[@]:1:i-1}\")\n"
	"\tif [ \"$i\" -gt \"$COMP_CWORD\" ]; then\n"
	"\t\tcase $prev in\n"
	"\t\t--db) _cpdesk_reply @dir \"$cur\" ;;\n"
	"\t\t--as) _cpdesk_globals=(\"${COMP_WORDS[@]:1:COMP_CWORD-2}\")\n"
	"\t\t\t_cpdesk_reply @login \"$cur\" ;;\n"
	"\t\tesac\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\t# the command: two words, else one\n"
	"\tif [ $((i + 2)) -le \"$COMP_CWORD\" ] &&\n"
	"\t   _cpdesk_is_command \"${COMP_WORDS[i]} ${COMP_WORDS[i+1]}\"; then\n"
	"\t\tcmd=\"${COMP_WORDS[i]} ${COMP_WORDS[i+1]}\"; j=$((i + 2))\n"
	"\telif [ $((i + 1)) -le \"$COMP_CWORD\" ] &&\n"
	"\t     _cpdesk_is_command \"${COMP_WORDS[i]}\"; then\n"
	"\t\tcmd=${COMP_WORDS[i]}; j=$((i + 1))\n"
	"\telif [ \"$i\" = \"$COMP_CWORD\" ]; then\n"
	"\t\tcase $cur in\n"
	"\t\t-*) _cpdesk_reply '--db --as --today --help --version' \"$cur\" ;;\n"
	"\t\t*) _cpdesk_reply \"$(_cpdesk_words '')\" \"$cur\" ;;\n"
	"\t\tesac\n"
	"\t\treturn 0\n"
	"\telse\n"
	"\t\t[ $((i + 1)) = \"$COMP_CWORD\" ] &&\n"
	"\t\t    _cpdesk_reply \"$(_cpdesk_words \"${COMP_WORDS[i]}\") --help\" \"$cur\"\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\topts=\" $(_cpdesk_options \"$cmd\") \"\n"
	"\tif [ \"$COMP_CWORD\" -gt \"$j\" ] && [ \"${opts#* \"$prev\"= }\" != \"$opts\" ]; then\n"
	"\t\t_cpdesk_reply \"$(_cpdesk_values \"$cmd $prev\")\" \"$cur\"\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\tif [ \"${cur#-}\" != \"$cur\" ]; then\n"
	"\t\t_cpdesk_reply \"${opts//=/} --help\" \"$cur\"\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\t# which argument: the words that are not options or their values\n"
	"\tn=1; k=$j\n"
	"\twhile [ \"$k\" -lt \"$COMP_CWORD\" ]; do\n"
	"\t\tcase ${COMP_WORDS[k]} in\n"
	"\t\t--*=*) ;;\n"
	"\t\t--*) [ \"${opts#* \"${COMP_WORDS[k]}\"= }\" != \"$opts\" ] && k=$((k + 1)) ;;\n"
	"\t\t*) n=$((n + 1)) ;;\n"
	"\t\tesac\n"
	"\t\tk=$((k + 1))\n"
	"\tdone\n"
	"\t_cpdesk_reply \"$(_cpdesk_values \"$cmd $n\")\" \"$cur\"\n"
	"\treturn 0\n"
	"}\n"
	"\n"
	"complete -F _cpdesk cpdesk\n";

static void bash_completion(const cli_group *const *groups, FILE *out)
{
	fputs("# bash completion for cpdesk(1): its commands, their options and "
	      "the values\n# those take.  Written by `cpdesk help "
	      "--bash-completion` from the command\n# table (make builds "
	      "build/cpdesk.bash): do not edit.\n\n", out);
	bash_tables(groups, out);
	fputs(bash_logic, out);
}

/* ---- the table --------------------------------------------------------- */

static void table_row(FILE *out, const cli_command *c, const cli_opt *o,
                      bool arg)
{
	char v[256];
	fprintf(out, "%s\t%s\t%s%s\t%s\t", c->name, arg ? "arg" : "opt",
	        arg ? "" : "--", o->name,
	        o->type == CLI_FLAG ? "" : cli_value_name(o, v, sizeof v));
	for (size_t i = 0; o->type == CLI_CHOICE && o->choices[i]; i++)
		fprintf(out, "%s%s", i ? " " : "", o->choices[i]);
	fputc('\n', out);
}

/* command, kind (command, arg, opt), name, value, choices: one a line. */
static void table(const cli_group *const *groups, FILE *out)
{
	for (size_t g = 0; groups[g]; g++)
		for (const cli_command *c = groups[g]->commands; c->name; c++) {
			if (!shown(c->flags))
				continue;
			fprintf(out, "%s\tcommand\t%s\t\t\n", c->name, groups[g]->name);
			for (const cli_opt *a = c->args; a && a->name; a++)
				table_row(out, c, a, true);
			for (const cli_opt *o = c->opts; o && o->name; o++)
				if (shown(o->flags))
					table_row(out, c, o, false);
		}
}

/* ---- cpdesk help ------------------------------------------------------- */

static const cli_command *named(const cli_group *const *groups,
                                const char *name)
{
	for (size_t g = 0; groups[g]; g++)
		for (const cli_command *c = groups[g]->commands; c->name; c++)
			if (!strcmp(c->name, name))
				return c;
	return NULL;
}

static cp_status run_help(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	(void)cw;
	char name[256] = "";
	for (size_t i = 0, used = 0; i < help.words.n && used < sizeof name; i++)
		used += (size_t)snprintf(name + used, sizeof name - used, "%s%s",
		                         i ? " " : "", help.words.v[i]);
	const cli_command *c = named(ctx->groups, name);
	if (help.man)
		man_page(ctx->groups, stdout);
	else if (help.bash)
		bash_completion(ctx->groups, stdout);
	else if (help.table)
		table(ctx->groups, stdout);
	else if (c)
		cli_print_help(c, stdout);
	else if (!*name)
		cli_print_usage(ctx->groups, stdout);
	else if (!cli_print_noun(ctx->groups, name, stdout))
		return cp_fail(err, CP_BADINPUT, "help: no command '%.100s' (try "
		               "cpdesk --help)", name);
	if (fflush(stdout) != 0)
		return cp_fail(err, CP_FAILED, "help: cannot write the output");
	return CP_OK;
}

/* ---- cpdesk complete --------------------------------------------------- */

static struct {
	const char *kind;
	char *prefix;
} comp;

/* The store's current workers whose login starts with prefix. */
static cp_status complete_logins(casework *cw, const char *prefix,
                                 cp_error *err)
{
	cp_worker_vec v;
	CP_TRY(query_workers(cw, 0, true, &v, err));
	for (size_t i = 0; i < v.n; i++)
		if (!strncmp(v.v[i].login, prefix, strlen(prefix)))
			printf("%s\n", v.v[i].login);
	cp_worker_vec_free(&v);
	return CP_OK;
}

/* The ids of the children the actor sees that match prefix (query.h's
 * search: by id, or by name): a read on the record, how="completion",
 * like any listing of children. */
static cp_status complete_children(casework *cw, const char *prefix,
                                   cp_error *err)
{
	query_children q;
	query_child_filter f = { .search = prefix };
	CP_TRY(query_child_list(cw, &f, "completion", &q, err));
	for (size_t i = 0; i < q.n; i++)
		printf("%s\n", q.v[i].child.id);
	query_children_free(&q);
	return CP_OK;
}

static int is_policy_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 5 && !strcmp(d->d_name + n - 5, ".yaml");
}

/* The shipped policies (PREFIX/share/cpdesk/policies) whose path starts
 * with prefix. */
static cp_status complete_policies(const char *prefix, cp_error *err)
{
	char dir[PATH_MAX];
	struct dirent **names;
	CP_TRY(paths_data("policies", dir, sizeof dir, err));
	int n = scandir(dir, &names, is_policy_file, alphasort);
	if (n < 0)
		return cp_fail(err, CP_FAILED, "cannot list %s", dir);
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX + 256];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (!strncmp(path, prefix, strlen(prefix)))
			printf("%s\n", path);
		free(names[i]);
	}
	free(names);
	return CP_OK;
}

/* Child ids complete from the first character typed: a whole caseload
 * (every case, for QA staff) would be as many reads on the record. */
static cp_status run_complete(const cli_ctx *ctx, casework *unused,
                              cp_error *err)
{
	(void)unused;
	const char *prefix = comp.prefix ? comp.prefix : "";
	bool child = !strcmp(comp.kind, "child");
	casework cw;
	cp_status st;
	if (!strcmp(comp.kind, "policy") || (child && !*prefix)) {
		CP_TRY(priv_drop(err));    /* no store: the group goes first */
		st = child ? CP_OK : complete_policies(prefix, err);
	} else {
		CP_TRY(session_open(&cw, &ctx->session, err));
		cw.dated = true;
		cw.today = ctx->today;
		st = child ? complete_children(&cw, prefix, err)
		     : complete_logins(&cw, prefix, err);
		session_close(&cw);
	}
	if (st == CP_OK && fflush(stdout) != 0)
		return cp_fail(err, CP_FAILED, "complete: cannot write the output");
	return st;
}

static const char *const complete_kinds[] = { "login", "child", "policy",
                                              NULL };

static const cli_opt complete_args[] = {
	CLI_OPT(CHOICE, "KIND", &comp.kind, .choices = complete_kinds,
	        .help = "what to complete"),
	CLI_OPT(STR, "PREFIX", &comp.prefix, .flags = CLI_OPTIONAL,
	        .help = "what has been typed of it"),
	{ 0 }
};

static const cli_opt help_opts[] = {
	CLI_OPT(FLAG, "man", &help.man,
	        .help = "the man page's COMMANDS section, in troff"),
	CLI_OPT(FLAG, "bash-completion", &help.bash,
	        .help = "the bash completion script"),
	CLI_OPT(FLAG, "table", &help.table,
	        .help = "every command, argument and option, as TSV"),
	{ 0 }
};

static const cli_opt help_args[] = {
	CLI_OPT(TEXTS, "WORD", &help.words, .flags = CLI_OPTIONAL,
	        .help = "a command or noun to describe"),
	{ 0 }
};

static const cli_command help_commands[] = {
	{ .name = "help", .summary = "describe a command, or write the man "
	  "page's commands or the completion from the table",
	  .opts = help_opts, .args = help_args, .run = run_help,
	  .flags = CLI_HIDDEN },
	/* Opens the store itself (logins, children) or none (policies). */
	{ .name = "complete", .summary = "for the bash completion: logins, "
	  "child ids you see, policies",
	  .args = complete_args, .run = run_complete,
	  .flags = CLI_HIDDEN | CLI_OPENS_STORE },
	{ 0 }
};

const cli_group cmds_help = { "help", "Help", help_commands };

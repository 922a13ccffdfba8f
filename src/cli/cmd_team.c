/* cmd_team.c - cpdesk team: a manager's workers, their children, open,
 * overdue and coming work, and a heat map of the weeks ahead (team.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_util.h"
#include "team.h"
#include "text.h"

#define NAME_W 26      /* the worker column, in terminal columns */
#define CELL_W 5       /* a week of the heat map */

static const char *const format_choices[] = { "text", "csv", "json", NULL };

static struct {
	char *team;
	const char *format;
} tm;

/* ---- text -------------------------------------------------------------- */

/* Colour on a terminal that has it, unless NO_COLOR is set and not
 * empty (https://no-color.org); the cells read the same without. */
static bool want_colour(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	return isatty(STDOUT_FILENO) && !(nc && *nc) && term && *term &&
	       strcmp(term, "dumb") != 0;
}

/* s (sanitised) in exactly w columns: cut with "~" when wider. */
static void put_cell(const char *s, int w)
{
	char cut[256];
	text_sanitize(s, cut, sizeof cut);
	int k = text_width(cut);
	if (k > w) {
		size_t len = strlen(cut);
		while (len && text_width(cut) > w - 1) {
			do
				len--;
			while (len && ((unsigned char)cut[len] & 0xC0) == 0x80);
			cut[len] = '\0';
		}
		k = text_width(cut) + 1;
		printf("%s~", cut);
	} else {
		fputs(cut, stdout);
	}
	printf("%*s", w - k, "");
}

static void put_worker(const team_worker *w)
{
	char who[200];
	snprintf(who, sizeof who, "%s (%s)%s", w->name, w->login,
	         w->left ? " left" : "");
	put_cell(who, NAME_W);
}

static bool several_teams(const team_figures *t)
{
	for (size_t i = 1; i < t->n; i++)
		if (strcmp(t->v[i].team, t->v[0].team))
			return true;
	return false;
}

/* A team's heading before its first row, when the rows span teams. */
static void team_heading(const team_figures *t, size_t i, bool teams)
{
	if (!teams || (i && !strcmp(t->v[i].team, t->v[i - 1].team)))
		return;
	size_t n = 0;
	for (size_t j = i; j < t->n && !strcmp(t->v[j].team, t->v[i].team); j++)
		n++;
	printf("%s (%zu)\n", *t->v[i].team ? cmd_s(t->v[i].team) : "No team",
	       n);
}

static void figures_row(const team_counts *c)
{
	printf("%8zu %5zu %8zu %10zu %10zu\n", c->children, c->open,
	       c->overdue, TEAM_THIS_WEEK(c), TEAM_NEXT_WEEK(c));
}

static void print_figures(const team_figures *t, bool teams)
{
	put_cell("Worker", NAME_W);
	printf("Children  Open  Overdue  This week  Next week\n");
	for (size_t i = 0; i < t->n; i++) {
		team_heading(t, i, teams);
		put_worker(&t->v[i]);
		figures_row(&t->v[i].n);
	}
	put_cell("Total", NAME_W);
	figures_row(&t->total);
}

/* The months over the weeks: a month's name over its first Monday. */
static void month_line(const team_figures *t)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char line[NAME_W + CELL_W * TEAM_WEEKS + 8];
	memset(line, ' ', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	int last = -1;
	for (int i = 0; i < TEAM_WEEKS; i++) {
		int y, m, d;
		date_to_ymd(t->week0 + 7 * i, &y, &m, &d);
		if (m == last)
			continue;
		last = m;
		memcpy(line + NAME_W + CELL_W * i + 1, months[m - 1], 3);
	}
	size_t len = strlen(line);
	while (len && line[len - 1] == ' ')
		line[--len] = '\0';
	printf("%s\n", line);
}

static void heat_cells(const team_counts *c, bool colour)
{
	/* background: none, green, yellow, red (bold) */
	static const char *const on[TEAM_HEAT_COUNT] = {
		"", "\033[30;42m", "\033[30;43m", "\033[1;37;41m" };
	for (int i = 0; i < TEAM_WEEKS; i++) {
		char cell[16];
		team_heat_cell(c->week[i], cell, sizeof cell);
		team_heat h = team_heat_of(c->week[i]);
		if (colour && h != TEAM_HEAT_NONE)
			printf(" %s%*s\033[0m", on[h], CELL_W - 1, cell);
		else
			printf("%*s", CELL_W, cell);
	}
	printf("\n");
}

static void print_heat(const team_figures *t, bool teams, bool colour)
{
	printf("\nOpen tasks due a week (weeks from Monday; this week from "
	       "today)\n");
	month_line(t);
	put_cell("Worker", NAME_W);
	for (int i = 0; i < TEAM_WEEKS; i++) {
		int y, m, d;
		date_to_ymd(t->week0 + 7 * i, &y, &m, &d);
		printf("%*d", CELL_W, d);
	}
	printf("\n");
	for (size_t i = 0; i < t->n; i++) {
		team_heading(t, i, teams);
		put_worker(&t->v[i]);
		heat_cells(&t->v[i].n, colour);
	}
	printf("%s\n", team_heat_legend);
}

/* "Team: Blue (4 workers)", or the actor's own: "Your workers (4)". */
static void print_title(const team_figures *t)
{
	if (*t->team)
		printf("Team: %s (%zu %s)", cmd_s(t->team), t->n,
		       t->n == 1 ? "worker" : "workers");
	else
		printf("Your workers (%zu)", t->n);
	printf(", as of %s %s\n\n", date_weekday_name(t->today),
	       cmd_date(t->today));
}

static void print_none(const team_figures *t)
{
	char teams[600] = "";
	size_t used = 0;
	for (size_t i = 0; i < t->teams.n && used < sizeof teams - 1; i++) {
		int k = snprintf(teams + used, sizeof teams - used, "%s%s",
		                 i ? ", " : "", cmd_s(t->teams.v[i]));
		if (k < 0)
			break;
		used += (size_t)k;
	}
	printf("No workers: you manage no one, and nobody else is in your "
	       "team.\n");
	if (t->teams.n)
		printf("Choose a team with --team NAME; teams you may see: %s\n",
		       teams);
}

static void print_text(const team_figures *t)
{
	print_title(t);
	if (!t->n) {
		print_none(t);
		return;
	}
	bool teams = several_teams(t);
	print_figures(t, teams);
	print_heat(t, teams, want_colour());
}

/* ---- CSV (RFC 4180) -------------------------------------------------------
 * A cell a spreadsheet would run (= + - @, a tab or CR first) is made
 * inert with a leading ' inside quotes, as the lists do. */
static void csv_field(const char *s)
{
	bool inert = *s && strchr("=+-@\t\r", *s);
	if (!inert && !strpbrk(s, ",\"\r\n")) {
		fputs(s, stdout);
		return;
	}
	fputs(inert ? "\"'" : "\"", stdout);
	for (; *s; s++)
		fputs(*s == '"' ? "\"\"" : (char[2]){ *s, 0 }, stdout);
	putchar('"');
}

static void print_csv(const team_figures *t)
{
	printf("login,name,team,left,children,open,overdue,this_week,"
	       "next_week");
	for (int i = 0; i < TEAM_WEEKS; i++)
		printf(",week_%s", cmd_date(t->week0 + 7 * i));
	printf(",later\r\n");
	for (size_t i = 0; i < t->n; i++) {
		const team_worker *w = &t->v[i];
		const team_counts *c = &w->n;
		csv_field(w->login);
		putchar(',');
		csv_field(w->name);
		putchar(',');
		csv_field(w->team);
		printf(",%s,%zu,%zu,%zu,%zu,%zu", w->left ? "yes" : "no",
		       c->children, c->open, c->overdue, TEAM_THIS_WEEK(c),
		       TEAM_NEXT_WEEK(c));
		for (int k = 0; k < TEAM_WEEKS; k++)
			printf(",%zu", c->week[k]);
		printf(",%zu\r\n", c->later);
	}
}

/* ---- JSON -------------------------------------------------------------- */
static void json_str(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void json_counts(const team_counts *c)
{
	printf("\"children\": %zu, \"open\": %zu, \"overdue\": %zu, "
	       "\"this_week\": %zu, \"next_week\": %zu, \"due_by_week\": [",
	       c->children, c->open, c->overdue, TEAM_THIS_WEEK(c),
	       TEAM_NEXT_WEEK(c));
	for (int i = 0; i < TEAM_WEEKS; i++)
		printf("%s%zu", i ? ", " : "", c->week[i]);
	printf("], \"later\": %zu", c->later);
}

static void print_json(const team_figures *t)
{
	printf("{\n  \"team\": ");
	if (*t->team)
		json_str(t->team);
	else
		printf("null");
	printf(",\n  \"today\": \"%s\",\n  \"weeks\": [", cmd_date(t->today));
	for (int i = 0; i < TEAM_WEEKS; i++)
		printf("%s\"%s\"", i ? ", " : "", cmd_date(t->week0 + 7 * i));
	printf("],\n  \"workers\": [");
	for (size_t i = 0; i < t->n; i++) {
		const team_worker *w = &t->v[i];
		printf("%s\n    {\"login\": ", i ? "," : "");
		json_str(w->login);
		printf(", \"name\": ");
		json_str(w->name);
		printf(", \"team\": ");
		json_str(w->team);
		printf(", \"left\": %s, ", w->left ? "true" : "false");
		json_counts(&w->n);
		printf("}");
	}
	printf("%s],\n  \"total\": {", t->n ? "\n  " : "");
	json_counts(&t->total);
	printf("},\n  \"teams\": [");
	for (size_t i = 0; i < t->teams.n; i++) {
		printf("%s", i ? ", " : "");
		json_str(t->teams.v[i]);
	}
	printf("]\n}\n");
}

/* ---- the command ------------------------------------------------------- */

static cp_status run_team(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	team_filter f = { .team = tm.team, .today = ctx->today };
	team_figures t;
	cp_status st = team_read(cw, &f, &t, err);
	if (st != CP_OK) {
		cp_error_prefix(err, "team: ");
		return st;
	}
	if (tm.format && !strcmp(tm.format, "csv"))
		print_csv(&t);
	else if (tm.format && !strcmp(tm.format, "json"))
		print_json(&t);
	else
		print_text(&t);
	team_figures_free(&t);
	if (fflush(stdout) != 0)
		return cp_fail(err, CP_FAILED, "team: cannot write the output");
	return CP_OK;
}

static const cli_opt opts[] = {
	CLI_OPT(TEXT, "team", &tm.team, .value = "NAME",
	        .help = "one team you may see (the workers' team, as worker "
	                "list shows it)"),
	CLI_OPT(CHOICE, "format", &tm.format, .choices = format_choices,
	        .help = "text (default; a heat map in colour on a terminal), "
	                "csv (RFC 4180) or json"),
	{ 0 }
};

static const cli_command commands[] = {
	{ .name = "team",
	  .summary = "a manager's workers: children, open, overdue, due; a heat map",
	  .opts = opts, .needs = CLI_NEEDS_SESSION, .run = run_team,
	  .help =
	  "For each worker of your team -- a team manager's reports and team,\n"
	  "a service manager's teams (everyone below them in the line), or\n"
	  "with --team NAME that team -- the children allocated to them, their\n"
	  "open tasks, how many are overdue, due this week (today to Sunday)\n"
	  "and next week; then a heat map of the open tasks due each week for\n"
	  "8 weeks from this one (weeks run Monday to Sunday), each cell the\n"
	  "number due, marked by how heavy the week is:\n"
	  "  .  nothing   3  one to three   5+  four to seven   9#  eight or more\n"
	  "On a terminal the cells are coloured too, unless NO_COLOR is set.\n"
	  "Whom you may see is the policy's permissions (see:): as for a child\n"
	  "allocated to the worker.  For those whose roles see no other\n"
	  "worker's cases (a social worker, a chair) it is refused (exit 1),\n"
	  "as is a team none of whose workers you may see; a team nobody is in\n"
	  "is exit 2.  The figures count every open task assigned to the\n"
	  "worker (done, not needed, missed and cancelled ones never), and\n"
	  "name no child, so nothing is put on the record.  A worker's tasks:\n"
	  "task list --user LOGIN.  CSV has a line a worker:\n"
	  "  login,name,team,left,children,open,overdue,this_week,next_week,\n"
	  "  week_MONDAY (8 of them),later\n"
	  "JSON is one object: team, today, weeks (their Mondays), workers,\n"
	  "total and the teams you may ask for.  See doc/console.md (Team).\n" },
	{ 0 }
};

const cli_group cmds_team = { "team", "Teams", commands };

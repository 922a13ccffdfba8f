/* team.h - a manager's team at a glance: each worker's children, open
 * and overdue tasks, what is due this week and next, and a heat map of
 * the deadlines of the weeks ahead.  Read here for the console's Team
 * view, `cpdesk team` and any other renderer of the same figures (a PDF
 * draws the heat map from team_figures and team_heat_of).
 *
 * Who is in it comes from the staff records (each worker's team and line
 * manager); whom the actor may see, from the policy's permissions:
 * seeing a worker is as seeing a child allocated to them
 * (permit_sees_worker), so a team manager sees their team and their
 * reports, a service manager everyone below them in the line and their
 * own team, the roles that see every case everyone.
 *   - With no team named: the workers the actor manages (everyone whose
 *     line of management leads up to them) and the others of the actor's
 *     own team, those they may see: a team manager's reports, a service
 *     manager's teams.
 *   - With a team named: that team's workers the actor may see.  No
 *     worker of that team in the store is CP_BADINPUT; none the actor
 *     may see, CP_REFUSED saying why.
 * The actor is not a row (My queue is theirs); a worker marked as left
 * is, while children or open tasks are still theirs.
 *
 * Weeks run Monday to Sunday.  A task counts once in `overdue` when due
 * before today, else in the week it is due (week[0], this week, from
 * today to Sunday; week[1], next week; ...) or in `later`.  Only open
 * tasks count: done, not needed, missed and cancelled ones never do.
 *
 * Read in one read transaction from the indexes alone: the staff records
 * (few and small), each worker's number of children (ix.children.worker,
 * a count) and their open tasks' due dates (the queue index,
 * ix.tasks.queue: a range a worker).  No task, meeting or child record is
 * read and no child is named, so nothing is put on the record.  The
 * counts are the worker's load: every open task assigned to their login
 * (not their pools', not escalations), whichever child it is about;
 * their queue (query_queue_get) lists the tasks the actor may see. */
#ifndef CPDESK_TEAM_H
#define CPDESK_TEAM_H

#include <stdbool.h>
#include <stddef.h>
#include "casework.h"
#include "date.h"
#include "status.h"
#include "vec.h"

#define TEAM_WEEKS 8      /* the heat map's weeks, this one first */

typedef struct team_counts {
	size_t children;      /* allocated to them as social worker */
	size_t open;          /* open tasks assigned to them */
	size_t overdue;       /* of those, due before today */
	size_t week[TEAM_WEEKS]; /* due in week i (Monday week0 + 7i to
	                         Sunday), from today: week[0] is this week's
	                         rest, week[1] next week */
	size_t later;         /* due after the last of those weeks */
} team_counts;

/* Due this week (today to Sunday) and next week (Monday to Sunday). */
#define TEAM_THIS_WEEK(c) ((c)->week[0])
#define TEAM_NEXT_WEEK(c) ((c)->week[1])

/* Count one open task due on `due` as of `today` (c->open and one of
 * overdue, week[] or later). */
void team_count_due(team_counts *c, cp_date due, cp_date today);
/* Add b's counts to a's. */
void team_counts_add(team_counts *a, const team_counts *b);

typedef struct team_worker {
	char *login, *name, *team;   /* sanitised; name is the login when the
	                                record has none */
	bool left;                   /* marked as left */
	team_counts n;
} team_worker;

typedef struct team_figures {
	char *team;           /* the team asked for (sanitised); "" for the
	                         actor's own workers */
	cp_date today;
	cp_date week0;        /* Monday of today's week */
	team_worker *v;       /* by team, then name, then login */
	size_t n, cap;
	team_counts total;    /* the rows' sum */
	str_vec teams;        /* every team with a worker the actor may see,
	                         sorted (sanitised): what may be asked for */
} team_figures;

typedef struct team_filter {
	const char *team;     /* NULL or "": the actor's own workers */
	cp_date today;
} team_filter;

/* Does the actor see any worker's work besides their own: does one of
 * their roles see a team's, a service's or every case (the policy's
 * permissions: see:)?  The Team view is offered, and `cpdesk team`
 * answered, only then.  When not, CP_REFUSED saying so. */
cp_status team_may(casework *cw, cp_error *err);

/* The figures (above).  out is filled (free with team_figures_free) only
 * on CP_OK. */
cp_status team_read(casework *cw, const team_filter *f, team_figures *out,
                    cp_error *err);
void team_figures_free(team_figures *t);   /* zeroes it */

/* ---- the heat map ------------------------------------------------------
 * How heavy a week is, by the number of open tasks due in it.  A renderer
 * shows the level (a colour, a shade) and, so that it reads the same
 * without colour, the cell's text. */
typedef enum {
	TEAM_HEAT_NONE,       /* nothing due */
	TEAM_HEAT_LIGHT,      /* 1 to 3 */
	TEAM_HEAT_BUSY,       /* 4 to 7 */
	TEAM_HEAT_HEAVY,      /* 8 or more */
	TEAM_HEAT_COUNT
} team_heat;
#define TEAM_HEAT_BUSY_FROM 4
#define TEAM_HEAT_HEAVY_FROM 8

team_heat team_heat_of(size_t due);
/* A cell as text, the same with colour or without: "." for nothing due,
 * else the number, then '+' when busy and '#' when heavy: "3", "5+",
 * "12#".  size >= 8. */
void team_heat_cell(size_t due, char *buf, size_t size);
/* One line saying what the cells mean. */
extern const char team_heat_legend[];

#endif

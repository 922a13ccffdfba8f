/* import.c - workers, children and meetings from a CSV export (import.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "import.h"
#include "import_map.h"
#include "schedule.h"
#include "text.h"
#include "vec.h"

#define MSG_MAX 1280

#define BIT(c) (1u << (c))
/* Which columns apply to each kind. */
static const unsigned applies[K_COUNT] = {
	[K_WORKER] = BIT(C_RECORD) | BIT(C_LOGIN) | BIT(C_NAME) | BIT(C_ROLES) |
	             BIT(C_TEAM) | BIT(C_MANAGER),
	[K_CHILD] = BIT(C_RECORD) | BIT(C_ID) | BIT(C_NAME) |
	            BIT(C_SOCIAL_WORKER) | BIT(C_DOB) | BIT(C_CIN) | BIT(C_CP) |
	            BIT(C_LAC) | BIT(C_FAMILY),
	[K_MEETING] = BIT(C_RECORD) | BIT(C_CHILD) | BIT(C_TYPE) | BIT(C_DATE) |
	              BIT(C_TIME) | BIT(C_CHAIR) | BIT(C_MINUTE_TAKER) |
	              BIT(C_HELD) | BIT(C_ANCHORS) | BIT(C_REASON),
};
static const unsigned required[K_COUNT] = {
	[K_WORKER] = BIT(C_LOGIN) | BIT(C_NAME) | BIT(C_ROLES),
	[K_CHILD] = BIT(C_ID) | BIT(C_NAME) | BIT(C_SOCIAL_WORKER),
	[K_MEETING] = BIT(C_CHILD) | BIT(C_TYPE) | BIT(C_DATE),
};

typedef struct row {
	enum import_kind kind;
	unsigned long line;
	char *cell[NCOL];          /* NULL when empty */
	role_set roles;
	cp_date dates[4];          /* dob, cin, cp, lac / meeting date */
	family_pref family;
	int minutes;
	meeting_how how;
	anchor_date anchors[ANCHORS_MAX];
	size_t nanchors;
	bool bad;
	int badcell;               /* the field whose cell is wrong, or -1 */
	unsigned long cell_line[NCOL], cell_col[NCOL];   /* where each is */
	int depth;                 /* workers: managers in the file above */
} row;

typedef struct import_ctx {
	const char *file;
	const import_map *map;       /* NULL: cpdesk's own columns */
	import_date_format dates;
	csv_reader *cr;              /* while the rows are read */
	casework *cw;
	cw_progress_fn progress;
	import_result *res;
	row *rows;
	size_t nrows, cap;
	int colmap[CSV_FIELDS_MAX];  /* field index -> column, -1 unused */
	size_t ncols;
	int fixed_kind;              /* -1: from the record column */
	size_t nparse_probs, probcap;
	row **workers;               /* the good worker rows, managers first */
	size_t nworkers;
} import_ctx;

bool import_time_parse(const char *s, int *minutes)
{
	int h, m;
	char extra;
	if (strlen(s) != 5 || sscanf(s, "%2d:%2d%c", &h, &m, &extra) != 2 ||
	    h < 0 || h > 23 || m < 0 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}

static cp_status problem_add(import_ctx *ic, unsigned long line,
                             unsigned long col, const char *msg,
                             cp_error *err)
{
	import_result *r = ic->res;
	if (!vec_room((void **)&r->problems, &ic->probcap, r->nproblems,
	              sizeof *r->problems, 32))
		return cp_oom(err);
	char *m = strdup(msg);
	if (!m)
		return cp_oom(err);
	r->problems[r->nproblems++] = (import_problem){ line, col, m };
	return CP_OK;
}

/* ---- the header -------------------------------------------------------- */

/* The field of the file's column i: by cpdesk's own names, or by the map
 * (-1: a column the map ignores; *mc the map's column). */
static cp_status header_field(import_ctx *ic, const char *h, size_t i,
                              int *field, const import_map_column **mc,
                              cp_error *err)
{
	unsigned long line, col;
	csv_field_where(ic->cr, i, &line, &col);
	if (!h[strspn(h, " \t")])
		return cp_fail(err, CP_BADINPUT, "%s:%lu:%lu: column %zu has no "
		               "heading: give it one%s, or delete the column",
		               ic->file, line, col, i + 1,
		               ic->map ? " that the map names" : "");
	if (!ic->map) {
		if ((*field = import_field_find(h)) >= 0)
			return CP_OK;
		return cp_fail(err, CP_BADINPUT, "%s:%lu:%lu: unknown column '%.80s' "
		               "(see cpdesk import --help, or give --map for another "
		               "system's export)", ic->file, line, col, h);
	}
	const import_map_column *c = import_map_column_find(ic->map, h);
	if (c) {
		*field = c->field;
		*mc = c;
		return CP_OK;
	}
	return cp_fail(err, CP_BADINPUT, "%s:%lu:%lu: column '%.80s' is not in "
	               "the map %s (%s): map it to a cpdesk field, or to ignore",
	               ic->file, line, col, h, ic->map->name, ic->map->file);
}

/* With a map, a field every row needs and no column gives is the map's
 * mistake, said once rather than on every row. */
static cp_status check_required(const import_ctx *ic, unsigned have,
                                unsigned long line, cp_error *err)
{
	if (!ic->map || ic->fixed_kind < 0)
		return CP_OK;
	for (int c = 0; c < NCOL; c++)
		if ((required[ic->fixed_kind] & BIT(c)) && !(have & BIT(c)))
			return cp_fail(err, CP_BADINPUT, "%s:%lu: no column gives %s, "
			               "which every %s row needs: map one to it in %s, "
			               "or give it under set:", ic->file, line,
			               import_field_names[c],
			               import_kind_names[ic->fixed_kind], ic->map->file);
	return CP_OK;
}

static cp_status read_header(import_ctx *ic, char **f, size_t n,
                             unsigned long line, cp_error *err)
{
	unsigned have = 0;
	const import_map_column *seen[CSV_FIELDS_MAX] = { 0 };
	ic->ncols = n;
	for (size_t i = 0; i < n; i++) {
		int c = -1;
		unsigned long fl, fc;
		CP_TRY(header_field(ic, f[i], i, &c, &seen[i], err));
		ic->colmap[i] = c;
		csv_field_where(ic->cr, i, &fl, &fc);
		for (size_t j = 0; c >= 0 && seen[i] && j < i; j++)
			if (seen[j] == seen[i])
				return cp_fail(err, CP_BADINPUT, "%s:%lu:%lu: the heading "
				               "'%.80s' appears twice: which is %s?",
				               ic->file, fl, fc, f[i],
				               import_field_names[c]);
		if (c >= 0 && (have & BIT(c)) && !(ic->map && c == C_NAME))
			return cp_fail(err, CP_BADINPUT,
			    "%s:%lu:%lu: a second column gives %s: one only",
			    ic->file, fl, fc, import_field_names[c]);
		if (c >= 0)
			have |= BIT((unsigned)c);
	}
	for (int c = 0; ic->map && c < NCOL; c++)
		if (ic->map->set[c])
			have |= BIT((unsigned)c);
	ic->fixed_kind = ic->map && ic->map->record >= 0 ? ic->map->record
	               : (have & BIT(C_RECORD)) ? -1
	               : (have & BIT(C_ROLES)) ? K_WORKER
	               : (have & BIT(C_TYPE)) ? K_MEETING
	               : (have & BIT(C_SOCIAL_WORKER)) ? K_CHILD : -2;
	if (ic->fixed_kind == -2)
		return cp_fail(err, CP_BADINPUT,
		    "%s:%lu: cannot tell what the rows are: add a record column "
		    "(worker, child or meeting)%s", ic->file, line,
		    ic->map ? ", or record: to the map" : "");
	return check_required(ic, have, line, err);
}

/* ---- one row: false with msg when it is bad ---------------------------- */

/* The date in field f, if given, into *out (CP_DATE_NONE if not). */
static bool check_date(row *r, int f, import_date_format fmt, cp_date *out,
                       char *msg)
{
	cp_error e;
	*out = CP_DATE_NONE;
	if (!r->cell[f])
		return true;
	if (fmt == IMPORT_DATE_ISO && date_parse(r->cell[f], out, &e) != CP_OK)
		snprintf(msg, MSG_MAX, "%s: %s", import_field_names[f], e.msg);
	else if (fmt == IMPORT_DATE_DMY && !import_date_parse(r->cell[f], fmt, out))
		snprintf(msg, MSG_MAX, "%s '%.40s' is not a date written DD/MM/YYYY "
		         "(e.g. 05/03/2019 for 5 March 2019)", import_field_names[f],
		         r->cell[f]);
	else
		return true;
	r->badcell = f;
	return false;
}

static bool check_dates(row *r, import_date_format fmt, char *msg)
{
	static const int cols[4] = { C_DOB, C_CIN, C_CP, C_LAC };
	for (int i = 0; i < 4; i++)
		if (!check_date(r, cols[i], fmt, &r->dates[i], msg))
			return false;
	return true;
}

/* NAME=DATE;NAME=DATE (spaces and tabs separate too). */
static bool check_anchors(row *r, char *msg)
{
	cp_error e;
	for (const char *p = r->cell[C_ANCHORS]; p && *p;) {
		p += strspn(p, "; \t");
		size_t len = strcspn(p, "; \t");
		if (len && anchor_add(r->anchors, &r->nanchors, p, len, &e)) {
			snprintf(msg, MSG_MAX, "anchors: %s", e.msg);
			r->badcell = C_ANCHORS;
			return false;
		}
		p += len;
	}
	return true;
}

static bool check_worker(row *r, char *msg)
{
	const char *bad;
	if (!role_set_parse(r->cell[C_ROLES], &r->roles, &bad) || !r->roles) {
		snprintf(msg, MSG_MAX, "roles: unknown role at '%.80s'",
		         bad ? bad : r->cell[C_ROLES]);
		r->badcell = C_ROLES;
		return false;
	}
	if (r->cell[C_MANAGER] && !model_id_valid(r->cell[C_MANAGER], false)) {
		snprintf(msg, MSG_MAX, "manager: not a login (letters, digits, "
		         ". _ -)");
		r->badcell = C_MANAGER;
	} else if (!model_id_valid(r->cell[C_LOGIN], false)) {
		snprintf(msg, MSG_MAX, "login: letters, digits, '.', '_' or '-' "
		         "only");
		r->badcell = C_LOGIN;
	} else {
		return true;
	}
	return false;
}

static bool check_child(row *r, import_date_format fmt, char *msg)
{
	if (!model_id_valid(r->cell[C_ID], false)) {
		snprintf(msg, MSG_MAX, "id: letters, digits, '.', '_' or '-' only");
		r->badcell = C_ID;
	} else if (r->cell[C_FAMILY] &&
	           !family_pref_parse(r->cell[C_FAMILY], &r->family)) {
		snprintf(msg, MSG_MAX, "family_reports: secure-email, post or "
		         "hand-delivered");
		r->badcell = C_FAMILY;
	} else {
		return check_dates(r, fmt, msg);
	}
	return false;
}

static bool check_meeting(row *r, import_date_format fmt, char *msg)
{
	if (!check_date(r, C_DATE, fmt, &r->dates[0], msg))
		return false;
	if (r->cell[C_TIME] && !import_time_parse(r->cell[C_TIME], &r->minutes)) {
		snprintf(msg, MSG_MAX, "time '%.80s': write HH:MM (24-hour), e.g. "
		         "10:30", r->cell[C_TIME]);
		r->badcell = C_TIME;
	} else if (r->cell[C_HELD] &&
	           (!meeting_how_parse(r->cell[C_HELD], &r->how) ||
	            r->how == HOW_UNKNOWN)) {
		snprintf(msg, MSG_MAX, "held: teams, skype, phone, in-person or "
		         "one-to-one-written");
		r->badcell = C_HELD;
	} else {
		return check_anchors(r, msg);
	}
	return false;
}

static bool check_kind_fields(row *r, import_date_format fmt, char *msg)
{
	if (r->kind == K_WORKER)
		return check_worker(r, msg);
	if (r->kind == K_CHILD)
		return check_child(r, fmt, msg);
	return check_meeting(r, fmt, msg);
}

static bool check_row(row *r, import_date_format fmt, char *msg)
{
	for (int c = 0; c < NCOL; c++) {
		if (r->cell[c] && !text_is_clean(r->cell[c]))
			snprintf(msg, MSG_MAX, "%s: control characters, hidden "
			         "(zero-width or bidirectional) characters or invalid "
			         "UTF-8", import_field_names[c]);
		else if (r->cell[c] && !(applies[r->kind] & BIT(c)))
			snprintf(msg, MSG_MAX, "column %s does not apply to a %s row",
			         import_field_names[c], import_kind_names[r->kind]);
		else if (!r->cell[c] && (required[r->kind] & BIT(c)))
			snprintf(msg, MSG_MAX, "%s row without %s",
			         import_kind_names[r->kind], import_field_names[c]);
		else
			continue;
		r->badcell = r->cell[c] ? c : -1;
		return false;
	}
	return check_kind_fields(r, fmt, msg);
}

static bool blank_record(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (f[i][strspn(f[i], " \t")])
			return false;
	return true;
}

/* v (len bytes) into the row's cell c; a second column of the name (a
 * map's forename and surname) is joined with a space. */
static bool put_cell(row *r, int c, const char *v, size_t len)
{
	char *old = r->cell[c];
	size_t had = old ? strlen(old) + 1 : 0;
	char *s = malloc(had + len + 1);
	if (!s)
		return false;
	if (old)
		memcpy(s, old, had - 1), s[had - 1] = ' ';
	memcpy(s + had, v, len);
	s[had + len] = '\0';
	free(old);
	r->cell[c] = s;
	return true;
}

/* The cells, trimmed; NULL for an empty one.  CP_FAILED: out of memory. */
static cp_status take_cells(const import_ctx *ic, row *r, char **f, size_t n,
                            cp_error *err)
{
	for (size_t i = 0; i < n; i++) {
		int c = ic->colmap[i];
		const char *v = f[i] + strspn(f[i], " \t");
		size_t len = strlen(v);
		while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		if (c < 0 || !len)
			continue;
		if (!r->cell[c])
			csv_field_where(ic->cr, i, &r->cell_line[c], &r->cell_col[c]);
		if (!put_cell(r, c, v, len))
			return cp_oom(err);
	}
	for (int c = 0; ic->map && c < NCOL; c++)
		if (ic->map->set[c] && !(r->cell[c] = strdup(ic->map->set[c])))
			return cp_oom(err);
	return CP_OK;
}

/* Their values as cpdesk's, where the map translates them: CP_BADINPUT
 * with msg for a value the map does not have. */
static cp_status translate_cells(const import_ctx *ic, row *r, char *msg,
                                 cp_error *err)
{
	for (int c = 0; ic->map && c < NCOL; c++) {
		if (!r->cell[c] || ic->map->set[c])
			continue;
		const char *to = import_map_value(ic->map, c, r->cell[c]);
		if (!to) {
			snprintf(msg, MSG_MAX, "%s '%.80s' is not among the map's "
			         "values for %s: add it under values: %s: in %s",
			         import_field_names[c], r->cell[c],
			         import_field_names[c], import_field_names[c],
			         ic->map->file);
			r->badcell = c;
			return CP_BADINPUT;
		}
		if (to == r->cell[c])
			continue;
		char *s = strdup(to);
		if (!s)
			return cp_oom(err);
		free(r->cell[c]);
		r->cell[c] = s;
	}
	return CP_OK;
}

/* The row's kind: the file's, else its record column. */
static bool row_kind(const import_ctx *ic, row *r, char *msg)
{
	const char *k = r->cell[C_RECORD] ? r->cell[C_RECORD] : "";
	r->kind = (enum import_kind)ic->fixed_kind;
	if (ic->fixed_kind >= 0)
		return true;
	for (int i = 0; i < K_COUNT; i++)
		if (!strcasecmp(k, import_kind_names[i])) {
			r->kind = (enum import_kind)i;
			return true;
		}
	snprintf(msg, MSG_MAX, "record '%.80s': worker, child or meeting", k);
	r->badcell = C_RECORD;
	return false;
}

static cp_status fill_row(import_ctx *ic, row *r, char **f, size_t n,
                          cp_error *err)
{
	char msg[MSG_MAX];
	cp_status st = CP_OK;
	r->minutes = -1;
	r->badcell = -1;
	if (n != ic->ncols)
		snprintf(msg, sizeof msg, "%zu fields, the header has %zu", n,
		         ic->ncols);
	else if (take_cells(ic, r, f, n, err) != CP_OK)
		return CP_FAILED;
	else if ((st = translate_cells(ic, r, msg, err)) == CP_FAILED)
		return st;
	else if (st == CP_OK && row_kind(ic, r, msg) &&
	         check_row(r, ic->dates, msg))
		return CP_OK;
	r->bad = true;
	if (r->badcell >= 0 && r->cell_col[r->badcell])
		return problem_add(ic, r->cell_line[r->badcell],
		                   r->cell_col[r->badcell], msg, err);
	return problem_add(ic, r->line, 0, msg, err);
}

static cp_status read_rows(import_ctx *ic, csv_reader *cr, cp_error *err)
{
	char **f;
	size_t n;
	unsigned long line;
	bool eof, header = false;
	cp_status st;
	ic->cr = cr;
	while ((st = csv_next(cr, &f, &n, &line, &eof, err)) == CP_OK && !eof) {
		if (blank_record(f, n))
			continue;
		if (!header) {
			CP_TRY(read_header(ic, f, n, line, err));
			header = true;
			continue;
		}
		if (!vec_room((void **)&ic->rows, &ic->cap, ic->nrows,
		              sizeof *ic->rows, 256))
			return cp_oom(err);
		row *r = &ic->rows[ic->nrows++];
		memset(r, 0, sizeof *r);
		r->line = line;
		CP_TRY(fill_row(ic, r, f, n, err));
	}
	if (st == CP_OK && !header)
		st = cp_fail(err, CP_BADINPUT, "%s: empty: the first line names the "
		             "columns (see cpdesk import --help)", ic->file);
	return st;
}

/* The same worker or child twice in one file is a mistake in the export. */
static const char *key_of(const row *r)
{
	return r->cell[r->kind == K_WORKER ? C_LOGIN : C_ID];
}

static int key_cmp(const void *a, const void *b)
{
	const row *x = *(row *const *)a, *y = *(row *const *)b;
	int c = strcmp(key_of(x), key_of(y));
	if (!c && x->kind != y->kind)
		c = x->kind < y->kind ? -1 : 1;
	return c ? c : (x->line < y->line ? -1 : 1);
}

static cp_status check_duplicates(import_ctx *ic, cp_error *err)
{
	row **keyed = malloc((ic->nrows ? ic->nrows : 1) * sizeof *keyed);
	size_t n = 0;
	cp_status st = CP_OK;
	if (!keyed)
		return cp_oom(err);
	for (size_t i = 0; i < ic->nrows; i++)
		if (!ic->rows[i].bad && ic->rows[i].kind != K_MEETING)
			keyed[n++] = &ic->rows[i];
	if (n > 1)
		qsort(keyed, n, sizeof *keyed, key_cmp);
	for (size_t i = 1; st == CP_OK && i < n; i++) {
		row *a = keyed[i - 1], *b = keyed[i];
		if (a->kind != b->kind || strcmp(key_of(a), key_of(b)))
			continue;
		char msg[200];
		snprintf(msg, sizeof msg, "%s %.80s is already on line %lu",
		         import_kind_names[b->kind], key_of(b), a->line);
		b->bad = true;
		st = problem_add(ic, b->line, 0, msg, err);
	}
	free(keyed);
	return st;
}

/* ---- workers, managers first --------------------------------------------
 * worker add refuses a manager who is not a worker yet, and a file lists
 * people in any order: the worker rows are applied by depth in the
 * file's lines of management (a manager not in the file counts as none),
 * then by line.  A circle of managers in the file is a bad row. */

static int login_cmp(const void *a, const void *b)
{
	const row *x = *(row *const *)a, *y = *(row *const *)b;
	return strcmp(x->cell[C_LOGIN], y->cell[C_LOGIN]);
}

/* The row of the file's worker `login` (byname sorted by login). */
static row *worker_row(row **byname, size_t n, const char *login)
{
	if (!login)
		return NULL;
	row key = { 0 }, *k = &key, **hit;
	key.cell[C_LOGIN] = (char *)login;
	hit = bsearch(&k, byname, n, sizeof *byname, login_cmp);
	return hit ? *hit : NULL;
}

/* r's depth: walk up to a row whose depth is known (or no manager in
 * the file), then set each on the way.  path has room for n rows: a
 * walk longer than the rows is a circle.  -1: not known yet; -2: on a
 * circle. */
static cp_status set_depth(import_ctx *ic, row **byname, size_t n, row *r,
                           row **path, cp_error *err)
{
	size_t np = 0;
	int base = -1;
	row *at = r;
	while (at && at->depth == -1 && np < n) {
		path[np++] = at;
		at = worker_row(byname, n, at->cell[C_MANAGER]);
	}
	if (at)
		base = at->depth;   /* -1 still: the walk went round */
	bool circle = at && base < 0;
	while (np--)
		path[np]->depth = circle ? -2 : ++base;
	if (!circle || r->bad)
		return CP_OK;
	char msg[MSG_MAX];
	snprintf(msg, sizeof msg, "manager %.80s: the line of management "
	         "above this worker goes round in a circle in this file: give "
	         "one of its workers a manager outside it, or none",
	         r->cell[C_MANAGER]);
	r->bad = true;
	return problem_add(ic, r->line, 0, msg, err);
}

static int depth_cmp(const void *a, const void *b)
{
	const row *x = *(row *const *)a, *y = *(row *const *)b;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static cp_status order_workers(import_ctx *ic, cp_error *err)
{
	size_t n = 0;
	for (size_t i = 0; i < ic->nrows; i++)
		n += ic->rows[i].kind == K_WORKER && !ic->rows[i].bad;
	row **byname = malloc((n ? n : 1) * sizeof *byname);
	row **path = malloc((n ? n : 1) * sizeof *path);
	ic->workers = malloc((n ? n : 1) * sizeof *ic->workers);
	if (!byname || !path || !ic->workers) {
		free(byname);
		free(path);
		return cp_oom(err);
	}
	n = 0;
	for (size_t i = 0; i < ic->nrows; i++)
		if (ic->rows[i].kind == K_WORKER && !ic->rows[i].bad) {
			ic->rows[i].depth = -1;
			byname[n++] = &ic->rows[i];
		}
	qsort(byname, n, sizeof *byname, login_cmp);
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < n; i++)
		st = set_depth(ic, byname, n, byname[i], path, err);
	for (size_t i = 0; st == CP_OK && i < n; i++)
		if (!byname[i]->bad)
			ic->workers[ic->nworkers++] = byname[i];
	qsort(ic->workers, ic->nworkers, sizeof *ic->workers, depth_cmp);
	free(byname);
	free(path);
	return st;
}

/* ---- the write --------------------------------------------------------- */

static cp_status apply_row(import_ctx *ic, store_txn *t, row *r,
                           cp_error *err)
{
	if (r->kind == K_WORKER) {
		cp_worker w = { .login = r->cell[C_LOGIN], .name = r->cell[C_NAME],
		                .roles = r->roles, .team = r->cell[C_TEAM],
		                .manager = r->cell[C_MANAGER] };
		return casework_worker_add_txn(ic->cw, t, &w, err);
	}
	if (r->kind == K_CHILD) {
		cp_child c = { .id = r->cell[C_ID], .name = r->cell[C_NAME],
		               .social_worker = r->cell[C_SOCIAL_WORKER],
		               .dob = r->dates[0], .family_pref = r->family,
		               .expected_birth = CP_DATE_NONE };
		cp_status st = child_open_since(&c, r->dates[1], r->dates[2],
		                                r->dates[3], err);
		if (st == CP_OK)
			st = casework_child_add_txn(ic->cw, t, &c, err);
		child_episodes_free(&c);
		return st;
	}
	cw_meeting_new m = {
		.child_id = r->cell[C_CHILD], .type = r->cell[C_TYPE],
		.date = r->dates[0], .minutes = r->minutes,
		.chair = r->cell[C_CHAIR], .minute_taker = r->cell[C_MINUTE_TAKER],
		.how = r->how, .anchors = r->anchors, .nanchors = r->nanchors,
		.reason = r->cell[C_REASON]
	};
	uint64_t id;
	char warn[CW_WARN_MAX] = "";
	return casework_meeting_add_txn(ic->cw, t, &m, &id, warn, err);
}

static void drop_problems(import_result *res, size_t keep)
{
	for (size_t i = keep; i < res->nproblems; i++)
		free(res->problems[i].msg);
	res->nproblems = keep;
}

static cp_status import_txn(store_txn *t, void *vctx, cp_error *err)
{
	import_ctx *ic = vctx;
	import_result *res = ic->res;
	size_t done = 0, *counts[K_COUNT] = { &res->workers, &res->children,
	                                      &res->meetings };
	/* store_write may run this again after growing the map: start over. */
	drop_problems(res, ic->nparse_probs);
	res->workers = res->children = res->meetings = 0;
	for (int k = 0; k < K_COUNT; k++) {
		size_t n = k == K_WORKER ? ic->nworkers : ic->nrows;
		for (size_t i = 0; i < n; i++) {
			row *r = k == K_WORKER ? ic->workers[i] : &ic->rows[i];
			cp_error e;
			if (r->kind != (enum import_kind)k || r->bad)
				continue;
			cp_status st = apply_row(ic, t, r, &e);
			if (st == CP_FAILED) {   /* the system, not the row */
				*err = e;
				return st;
			}
			if (st != CP_OK)
				CP_TRY(problem_add(ic, r->line, 0, e.msg, err));
			(*counts[k])++;
			if (ic->progress)
				ic->progress("import", ++done, ic->nrows);
		}
	}
	if (res->nproblems)
		return cp_fail(err, CP_BADINPUT, "bad rows");
	return CP_OK;
}

static int prob_cmp(const void *a, const void *b)
{
	const import_problem *x = a, *y = b;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* The file as UTF-8 CSV: converted from its encoding when one is given
 * (the map's, or --encoding). */
static cp_status open_rows(const char *path, const char *encoding,
                           csv_reader **cr, cp_error *err)
{
	if (!encoding)
		return csv_open(path, cr, err);
	char *raw, *text;
	size_t len, tlen;
	CP_TRY(import_encoding_check(encoding, err));
	CP_TRY(csv_read_file(path, &raw, &len, err));
	/* Excel's "CSV UTF-8" read as windows-1252 would make its mark part
	 * of the first heading: say what it is instead. */
	bool utf8 = !strcasecmp(encoding, "UTF-8") ||
	            !strcasecmp(encoding, "UTF8");
	cp_status st = !utf8 && len >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3)
	    ? cp_fail(err, CP_BADINPUT, "%s:1:1: the file starts with a UTF-8 "
	              "byte-order mark, but is read as %s: give --encoding UTF-8",
	              path, encoding)
	    : import_to_utf8(path, encoding, raw ? raw : "", len, &text, &tlen,
	                     err);
	free(raw);
	if (st != CP_OK)
		return st;
	st = csv_open_mem(path, text, tlen, cr, err);
	free(text);
	return st;
}

/* The date format: --date-format, else the map's, else cpdesk's. */
static cp_status pick_dates(const import_options *o, const import_map *map,
                            import_date_format *out, cp_error *err)
{
	*out = map ? map->date_format : IMPORT_DATE_ISO;
	if (o->date_format && !import_date_format_parse(o->date_format, out))
		return cp_fail(err, CP_BADINPUT, "--date-format %.40s: DD/MM/YYYY or "
		               "YYYY-MM-DD", o->date_format);
	return CP_OK;
}

cp_status import_csv(casework *cw, const char *path, cw_progress_fn progress,
                     import_result *res, cp_error *err)
{
	import_options none = { 0 };
	return import_csv_with(cw, path, &none, progress, res, err);
}

cp_status import_csv_with(casework *cw, const char *path,
                          const import_options *o, cw_progress_fn progress,
                          import_result *res, cp_error *err)
{
	import_map map = { 0 };
	import_ctx ic = { .file = path, .cw = cw, .progress = progress,
	                  .res = res };
	csv_reader *cr = NULL;
	memset(res, 0, sizeof *res);
	if (o->map) {
		CP_TRY(import_map_load(o->map, &map, err));
		ic.map = &map;
	}
	cp_status st = pick_dates(o, ic.map, &ic.dates, err);
	if (st == CP_OK)
		st = open_rows(path, o->encoding ? o->encoding
		                     : ic.map ? ic.map->encoding : NULL, &cr, err);
	if (st == CP_OK) {
		st = read_rows(&ic, cr, err);
		csv_close(cr);
	}
	if (st == CP_OK)
		st = check_duplicates(&ic, err);
	if (st == CP_OK)
		st = order_workers(&ic, err);
	ic.nparse_probs = res->nproblems;
	/* Run the write even after bad rows: the store's refusals (unknown
	 * worker, child exists) are reported too; the transaction aborts. */
	/* The rows are the case system's record, history and all: the
	 * date rules are for what people book here. */
	bool dated = cw->dated;
	cw->dated = false;
	if (st == CP_OK)
		st = store_write(cw->st, import_txn, &ic, err);
	cw->dated = dated;
	if (progress)
		progress(NULL, 0, 0);
	if (res->nproblems > 1)
		qsort(res->problems, res->nproblems, sizeof *res->problems, prob_cmp);
	for (size_t i = 0; i < ic.nrows; i++)
		for (int c = 0; c < NCOL; c++)
			free(ic.rows[i].cell[c]);
	free(ic.rows);
	free(ic.workers);
	if (ic.map)
		import_map_free(&map);
	return st;
}

void import_result_free(import_result *res)
{
	drop_problems(res, 0);
	free(res->problems);
	memset(res, 0, sizeof *res);
}

/* import.c - workers, children and meetings from a CSV export (import.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "import.h"
#include "schedule.h"
#include "text.h"
#include "vec.h"

#define MSG_MAX 1280

enum col {
	C_RECORD, C_ID, C_LOGIN, C_NAME, C_ROLES, C_TEAM, C_MANAGER,
	C_SOCIAL_WORKER, C_DOB, C_CIN, C_CP, C_LAC, C_FAMILY, C_CHILD, C_TYPE,
	C_DATE, C_TIME, C_CHAIR, C_MINUTE_TAKER, C_HELD, C_ANCHORS, C_REASON,
	NCOL
};

static const char *const col_names[NCOL] = {
	"record", "id", "login", "name", "roles", "team", "manager",
	"social_worker", "dob", "cin_since", "cp_since", "looked_after_since",
	"family_reports", "child", "type", "date", "time", "chair",
	"minute_taker", "held", "anchors", "reason"
};

enum kind { K_WORKER, K_CHILD, K_MEETING, K_COUNT };
static const char *const kind_names[K_COUNT] = { "worker", "child", "meeting" };

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
	enum kind kind;
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
	int depth;                 /* workers: managers in the file above */
} row;

typedef struct import_ctx {
	const char *file;
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
                             const char *msg, cp_error *err)
{
	import_result *r = ic->res;
	if (!vec_room((void **)&r->problems, &ic->probcap, r->nproblems,
	              sizeof *r->problems, 32))
		return cp_oom(err);
	char *m = strdup(msg);
	if (!m)
		return cp_oom(err);
	r->problems[r->nproblems++] = (import_problem){ line, m };
	return CP_OK;
}

/* ---- the header -------------------------------------------------------- */

static int col_find(const char *raw)
{
	char name[64];
	size_t n = 0;
	while (*raw == ' ')
		raw++;
	for (; *raw && n + 1 < sizeof name; raw++)
		name[n++] = (*raw == '-' || *raw == ' ') ? '_'
		          : (char)(*raw >= 'A' && *raw <= 'Z' ? *raw + 32 : *raw);
	while (n && name[n - 1] == '_')
		n--;
	name[n] = '\0';
	if (!strcmp(name, "role"))
		return C_ROLES;
	for (int c = 0; c < NCOL; c++)
		if (!strcmp(name, col_names[c]))
			return c;
	return -1;
}

static cp_status read_header(import_ctx *ic, char **f, size_t n,
                             unsigned long line, cp_error *err)
{
	unsigned have = 0;
	ic->ncols = n;
	for (size_t i = 0; i < n; i++) {
		int c = col_find(f[i]);
		if (c < 0)
			return cp_fail(err, CP_BADINPUT,
			    "%s:%lu: unknown column '%.80s' (see cpdesk import --help)",
			    ic->file, line, f[i]);
		if (have & BIT(c))
			return cp_fail(err, CP_BADINPUT,
			    "%s:%lu: column '%s' appears twice", ic->file, line,
			    col_names[c]);
		have |= BIT((unsigned)c);
		ic->colmap[i] = c;
	}
	ic->fixed_kind = (have & BIT(C_RECORD)) ? -1
	               : (have & BIT(C_ROLES)) ? K_WORKER
	               : (have & BIT(C_TYPE)) ? K_MEETING
	               : (have & BIT(C_SOCIAL_WORKER)) ? K_CHILD : -2;
	if (ic->fixed_kind == -2)
		return cp_fail(err, CP_BADINPUT,
		    "%s:%lu: cannot tell what the rows are: add a record column "
		    "(worker, child or meeting)", ic->file, line);
	return CP_OK;
}

/* ---- one row: false with msg when it is bad ---------------------------- */

static bool check_dates(row *r, char *msg)
{
	static const int cols[4] = { C_DOB, C_CIN, C_CP, C_LAC };
	cp_error e;
	for (int i = 0; i < 4; i++) {
		r->dates[i] = CP_DATE_NONE;
		if (r->cell[cols[i]] &&
		    date_parse(r->cell[cols[i]], &r->dates[i], &e) != CP_OK) {
			snprintf(msg, MSG_MAX, "%s: %s", col_names[cols[i]], e.msg);
			return false;
		}
	}
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
		return false;
	}
	if (r->cell[C_MANAGER] && !model_id_valid(r->cell[C_MANAGER], false))
		snprintf(msg, MSG_MAX, "manager: not a login (letters, digits, "
		         ". _ -)");
	else if (!model_id_valid(r->cell[C_LOGIN], false))
		snprintf(msg, MSG_MAX, "login: letters, digits, '.', '_' or '-' "
		         "only");
	else
		return true;
	return false;
}

static bool check_kind_fields(row *r, char *msg)
{
	cp_error e;
	if (r->kind == K_WORKER)
		return check_worker(r, msg);
	if (r->kind == K_CHILD) {
		if (!model_id_valid(r->cell[C_ID], false))
			snprintf(msg, MSG_MAX, "id: letters, digits, '.', '_' or '-' "
			         "only");
		else if (r->cell[C_FAMILY] &&
		         !family_pref_parse(r->cell[C_FAMILY], &r->family))
			snprintf(msg, MSG_MAX, "family_reports: secure-email, post or "
			         "hand-delivered");
		else
			return check_dates(r, msg);
		return false;
	}
	if (date_parse(r->cell[C_DATE], &r->dates[0], &e) != CP_OK)
		snprintf(msg, MSG_MAX, "date: %s", e.msg);
	else if (r->cell[C_TIME] && !import_time_parse(r->cell[C_TIME],
	                                                &r->minutes))
		snprintf(msg, MSG_MAX, "time '%.80s': write HH:MM (24-hour), e.g. "
		         "10:30", r->cell[C_TIME]);
	else if (r->cell[C_HELD] && (!meeting_how_parse(r->cell[C_HELD], &r->how) ||
	                             r->how == HOW_UNKNOWN))
		snprintf(msg, MSG_MAX, "held: teams, skype, phone, in-person or "
		         "one-to-one-written");
	else
		return check_anchors(r, msg);
	return false;
}

static bool check_row(row *r, char *msg)
{
	for (int c = 0; c < NCOL; c++) {
		if (r->cell[c] && !text_is_clean(r->cell[c]))
			snprintf(msg, MSG_MAX, "%s: control characters, hidden "
			         "(zero-width or bidirectional) characters or invalid "
			         "UTF-8", col_names[c]);
		else if (r->cell[c] && !(applies[r->kind] & BIT(c)))
			snprintf(msg, MSG_MAX, "column %s does not apply to a %s row",
			         col_names[c], kind_names[r->kind]);
		else if (!r->cell[c] && (required[r->kind] & BIT(c)))
			snprintf(msg, MSG_MAX, "%s row without %s", kind_names[r->kind],
			         col_names[c]);
		else
			continue;
		return false;
	}
	return check_kind_fields(r, msg);
}

static bool blank_record(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (f[i][strspn(f[i], " \t")])
			return false;
	return true;
}

/* The cells, trimmed; NULL for an empty one.  CP_FAILED: out of memory. */
static cp_status take_cells(const import_ctx *ic, row *r, char **f, size_t n,
                            cp_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = f[i] + strspn(f[i], " \t");
		size_t len = strlen(v);
		while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		if (len && !(r->cell[ic->colmap[i]] = strndup(v, len)))
			return cp_oom(err);
	}
	return CP_OK;
}

/* The row's kind: the file's, else its record column. */
static bool row_kind(const import_ctx *ic, row *r, char *msg)
{
	const char *k = r->cell[C_RECORD] ? r->cell[C_RECORD] : "";
	r->kind = (enum kind)ic->fixed_kind;
	if (ic->fixed_kind >= 0)
		return true;
	for (int i = 0; i < K_COUNT; i++)
		if (!strcasecmp(k, kind_names[i])) {
			r->kind = (enum kind)i;
			return true;
		}
	snprintf(msg, MSG_MAX, "record '%.80s': worker, child or meeting", k);
	return false;
}

static cp_status fill_row(import_ctx *ic, row *r, char **f, size_t n,
                          cp_error *err)
{
	char msg[MSG_MAX];
	r->minutes = -1;
	if (n != ic->ncols)
		snprintf(msg, sizeof msg, "%zu fields, the header has %zu", n,
		         ic->ncols);
	else if (take_cells(ic, r, f, n, err) != CP_OK)
		return CP_FAILED;
	else if (row_kind(ic, r, msg) && check_row(r, msg))
		return CP_OK;
	r->bad = true;
	return problem_add(ic, r->line, msg, err);
}

static cp_status read_rows(import_ctx *ic, csv_reader *cr, cp_error *err)
{
	char **f;
	size_t n;
	unsigned long line;
	bool eof, header = false;
	cp_status st;
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
		         kind_names[b->kind], key_of(b), a->line);
		b->bad = true;
		st = problem_add(ic, b->line, msg, err);
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
	return problem_add(ic, r->line, msg, err);
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
			if (r->kind != (enum kind)k || r->bad)
				continue;
			cp_status st = apply_row(ic, t, r, &e);
			if (st == CP_FAILED) {   /* the system, not the row */
				*err = e;
				return st;
			}
			if (st != CP_OK)
				CP_TRY(problem_add(ic, r->line, e.msg, err));
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

cp_status import_csv(casework *cw, const char *path, cw_progress_fn progress,
                     import_result *res, cp_error *err)
{
	import_ctx ic = { .file = path, .cw = cw, .progress = progress,
	                  .res = res };
	csv_reader *cr;
	memset(res, 0, sizeof *res);
	CP_TRY(csv_open(path, &cr, err));
	cp_status st = read_rows(&ic, cr, err);
	csv_close(cr);
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
	return st;
}

void import_result_free(import_result *res)
{
	drop_problems(res, 0);
	free(res->problems);
	memset(res, 0, sizeof *res);
}

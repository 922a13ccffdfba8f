/* cmd_import.c - workers, children and meetings from a CSV export.
 *
 * Two passes: every row is read and checked on its own first (all bad
 * rows reported, not just the first); then every row is applied through
 * casework in ONE write transaction, in the order workers, children,
 * meetings, so that rows may refer to people listed later in the file.
 * Any bad row in either pass aborts the transaction: nothing is written
 * unless every row is good. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_util.h"
#include "csv.h"
#include "text.h"

const char cmd_import_help[] =
	"FILE.csv is RFC 4180 CSV (quoted fields, \"\" for a quote, CRLF or LF,\n"
	"an optional UTF-8 BOM) whose first line names the columns, in any\n"
	"order (case, '-' and spaces do not matter):\n"
	"\n"
	"  record              worker, child or meeting: what the row is\n"
	"  login name roles team manager                       (worker)\n"
	"  id name social_worker dob cin_since cp_since\n"
	"     looked_after_since family_reports                (child)\n"
	"  child type date time chair minute_taker held anchors reason\n"
	"                                                      (meeting)\n"
	"\n"
	"One file may hold all three kinds with a record column, or a file\n"
	"may hold one kind and no record column: a header with roles is\n"
	"workers, with type is meetings, with social_worker is children.\n"
	"Required: worker login, name, roles; child id, name, social_worker;\n"
	"meeting child, type, date.  Empty cells are \"not given\"; a cell in a\n"
	"column that does not apply to the row's kind is an error.  Dates are\n"
	"YYYY-MM-DD, time HH:MM; roles are comma-separated (quote the cell);\n"
	"family_reports is secure-email, post or hand-delivered; held is\n"
	"teams, skype, phone, in-person or one-to-one-written; anchors is\n"
	"NAME=DATE;NAME=DATE (e.g. s47-start=2027-04-20).\n"
	"\n"
	"Rows are applied workers first, then children, then meetings (each\n"
	"with its tasks), so a row may name a worker listed further down.\n"
	"Every bad row is reported as FILE:LINE: what is wrong, and nothing is\n"
	"written unless every row is good: the import is one transaction.\n"
	"Example:\n"
	"\n"
	"  record,login,name,roles,team,manager,id,social_worker,child,type,date\n"
	"  worker,tmgr,Tia Manager,team-manager,Team A,,,,,,\n"
	"  worker,asw,Ann Worker,social-worker,Team A,tmgr,,,,,\n"
	"  child,,Ben Child,,,,AB1,asw,,,\n"
	"  meeting,,,,,,,,AB1,core-group,2027-05-04\n";

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

#define MAX_ANCHORS 8

typedef struct row {
	enum kind kind;
	unsigned long line;
	char *cell[NCOL];          /* NULL when empty */
	role_set roles;
	cp_date dates[4];          /* dob, cin, cp, lac / meeting date */
	family_pref family;
	int minutes;
	meeting_how how;
	anchor_date anchors[MAX_ANCHORS];
	size_t nanchors;
	bool bad;
} row;

typedef struct problem {
	unsigned long line;
	char *msg;
} problem;

typedef struct import_ctx {
	const char *file;
	casework *cw;
	row *rows;
	size_t nrows, cap;
	int colmap[CSV_FIELDS_MAX];  /* field index -> column, -1 unused */
	size_t ncols;
	int fixed_kind;              /* -1: from the record column */
	problem *probs;
	size_t nprobs, probcap, nparse_probs;
	size_t counts[K_COUNT];
	bool oom;
} import_ctx;

static cp_status problem_add(import_ctx *ic, unsigned long line,
                             const char *msg, cp_error *err)
{
	if (ic->nprobs == ic->probcap) {
		size_t cap = ic->probcap ? ic->probcap * 2 : 32;
		problem *n = realloc(ic->probs, cap * sizeof *n);
		if (!n)
			return cp_oom(err);
		ic->probs = n;
		ic->probcap = cap;
	}
	char *m = strdup(msg);
	if (!m)
		return cp_oom(err);
	ic->probs[ic->nprobs++] = (problem){ line, m };
	return CP_OK;
}

/* ---- the header ----------------------------------------------------------- */

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
			    "%s:%lu: unknown column '%s' (see cpdesk import --help)",
			    cmd_s(ic->file), line, cmd_s(f[i]));
		if (have & BIT(c))
			return cp_fail(err, CP_BADINPUT,
			    "%s:%lu: column '%s' appears twice", cmd_s(ic->file), line,
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
		    "(worker, child or meeting)", cmd_s(ic->file), line);
	return CP_OK;
}

/* ---- one row -------------------------------------------------------------- */

static const char *check_dates(row *r)
{
	static const int cols[4] = { C_DOB, C_CIN, C_CP, C_LAC };
	static char msg[1280];
	cp_error e;
	for (int i = 0; i < 4; i++) {
		r->dates[i] = CP_DATE_NONE;
		if (r->cell[cols[i]] &&
		    date_parse(r->cell[cols[i]], &r->dates[i], &e) != CP_OK) {
			snprintf(msg, sizeof msg, "%s: %s", col_names[cols[i]], e.msg);
			return msg;
		}
	}
	return NULL;
}

static const char *check_anchors(row *r)
{
	static char msg[1280];
	const char *p = r->cell[C_ANCHORS];
	while (p && *p) {
		p += strspn(p, "; \t");
		if (!*p)
			break;
		size_t len = strcspn(p, "; \t");
		const char *eq = memchr(p, '=', len);
		cp_error e;
		char date[CP_DATE_STRLEN + 8];
		if (r->nanchors == MAX_ANCHORS)
			return "anchors: at most 8";
		anchor_date *a = &r->anchors[r->nanchors];
		size_t dlen = eq ? len - (size_t)(eq - p) - 1 : 0;
		if (!eq || eq == p || (size_t)(eq - p) >= sizeof a->name ||
		    dlen >= sizeof date)
			return "anchors: write NAME=YYYY-MM-DD;NAME=YYYY-MM-DD";
		memcpy(a->name, p, (size_t)(eq - p));
		a->name[eq - p] = '\0';
		memcpy(date, eq + 1, dlen);
		date[dlen] = '\0';
		if (date_parse(date, &a->date, &e) != CP_OK) {
			snprintf(msg, sizeof msg, "anchors: %s: %s", a->name, e.msg);
			return msg;
		}
		r->nanchors++;
		p += len;
	}
	return NULL;
}

static const char *check_kind_fields(row *r)
{
	cp_error e;
	const char *bad;
	static char msg[1280];
	switch (r->kind) {
	case K_WORKER:
		if (!role_set_parse(r->cell[C_ROLES], &r->roles, &bad) || !r->roles) {
			snprintf(msg, sizeof msg, "roles: unknown role at '%s'",
			         cmd_s(bad ? bad : r->cell[C_ROLES]));
			return msg;
		}
		if (r->cell[C_MANAGER] && !model_id_valid(r->cell[C_MANAGER], false))
			return "manager: not a login (letters, digits, . _ -)";
		return model_id_valid(r->cell[C_LOGIN], false) ? NULL
		       : "login: letters, digits, '.', '_' or '-' only";
	case K_CHILD:
		if (!model_id_valid(r->cell[C_ID], false))
			return "id: letters, digits, '.', '_' or '-' only";
		if (r->cell[C_FAMILY] && !family_pref_parse(r->cell[C_FAMILY],
		                                            &r->family))
			return "family_reports: secure-email, post or hand-delivered";
		return check_dates(r);
	default:
		if (date_parse(r->cell[C_DATE], &r->dates[0], &e) != CP_OK) {
			snprintf(msg, sizeof msg, "date: %s", e.msg);
			return msg;
		}
		if (r->cell[C_TIME] &&
		    cmd_parse_time("time", r->cell[C_TIME], &r->minutes, &e)) {
			snprintf(msg, sizeof msg, "%s", e.msg);
			return msg;
		}
		if (r->cell[C_HELD] && (!meeting_how_parse(r->cell[C_HELD], &r->how) ||
		                        r->how == HOW_UNKNOWN))
			return "held: teams, skype, phone, in-person or "
			       "one-to-one-written";
		return check_anchors(r);
	}
}

static const char *check_row(row *r)
{
	static char msg[1280];
	for (int c = 0; c < NCOL; c++) {
		if (r->cell[c] && !text_is_clean(r->cell[c])) {
			snprintf(msg, sizeof msg, "%s: control characters or invalid "
			         "UTF-8", col_names[c]);
			return msg;
		}
		if (r->cell[c] && !(applies[r->kind] & BIT(c))) {
			snprintf(msg, sizeof msg, "column %s does not apply to a %s row",
			         col_names[c], kind_names[r->kind]);
			return msg;
		}
		if (!r->cell[c] && (required[r->kind] & BIT(c))) {
			snprintf(msg, sizeof msg, "%s row without %s", kind_names[r->kind],
			         col_names[c]);
			return msg;
		}
	}
	return check_kind_fields(r);
}

static bool blank_record(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (f[i][strspn(f[i], " \t")])
			return false;
	return true;
}

static const char *fill_row(import_ctx *ic, row *r, char **f, size_t n)
{
	static char msg[1280];
	if (n != ic->ncols) {
		snprintf(msg, sizeof msg, "%zu fields, the header has %zu", n,
		         ic->ncols);
		return msg;
	}
	for (size_t i = 0; i < n; i++) {
		const char *v = f[i];
		size_t len = strlen(v);
		while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		v += strspn(v, " \t");
		len = len > (size_t)(v - f[i]) ? len - (size_t)(v - f[i]) : 0;
		if (len && !(r->cell[ic->colmap[i]] = strndup(v, len))) {
			ic->oom = true;
			return "out of memory";
		}
	}
	r->kind = (enum kind)ic->fixed_kind;
	if (ic->fixed_kind < 0) {
		const char *k = r->cell[C_RECORD] ? r->cell[C_RECORD] : "";
		int i;
		for (i = 0; i < K_COUNT && strcasecmp(k, kind_names[i]); i++)
			;
		if (i == K_COUNT) {
			snprintf(msg, sizeof msg,
			         "record '%s': worker, child or meeting", cmd_s(k));
			return msg;
		}
		r->kind = (enum kind)i;
	}
	r->minutes = -1;
	return check_row(r);
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
			if ((st = read_header(ic, f, n, line, err)) != CP_OK)
				return st;
			header = true;
			continue;
		}
		if (ic->nrows == ic->cap) {
			size_t cap = ic->cap ? ic->cap * 2 : 256;
			row *nr = realloc(ic->rows, cap * sizeof *nr);
			if (!nr)
				return cp_oom(err);
			ic->rows = nr;
			ic->cap = cap;
		}
		row *r = &ic->rows[ic->nrows++];
		memset(r, 0, sizeof *r);
		r->line = line;
		const char *bad = fill_row(ic, r, f, n);
		if (ic->oom)
			return cp_oom(err);
		if (bad) {
			r->bad = true;
			if ((st = problem_add(ic, line, bad, err)) != CP_OK)
				return st;
		}
	}
	if (st == CP_OK && !header)
		st = cp_fail(err, CP_BADINPUT, "%s: empty: the first line names the "
		             "columns (see cpdesk import --help)", cmd_s(ic->file));
	return st;
}

/* The same worker or child twice in one file is a mistake in the export. */
static int key_cmp(const void *a, const void *b)
{
	const row *x = *(row *const *)a, *y = *(row *const *)b;
	int c = strcmp(x->cell[x->kind == K_WORKER ? C_LOGIN : C_ID],
	               y->cell[y->kind == K_WORKER ? C_LOGIN : C_ID]);
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
		if (a->kind != b->kind || strcmp(a->cell[a->kind == K_WORKER ? C_LOGIN : C_ID],
		           b->cell[b->kind == K_WORKER ? C_LOGIN : C_ID]))
			continue;
		char msg[200];
		snprintf(msg, sizeof msg, "%s %s is already on line %lu",
		         kind_names[b->kind],
		         cmd_s(b->cell[b->kind == K_WORKER ? C_LOGIN : C_ID]),
		         a->line);
		b->bad = true;
		st = problem_add(ic, b->line, msg, err);
	}
	free(keyed);
	return st;
}

/* ---- the write ------------------------------------------------------------ */

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
		               .dob = r->dates[0], .cin_since = r->dates[1],
		               .cp_since = r->dates[2],
		               .looked_after_since = r->dates[3],
		               .family_pref = r->family };
		return casework_child_add_txn(ic->cw, t, &c, err);
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

static cp_status import_txn(store_txn *t, void *vctx, cp_error *err)
{
	import_ctx *ic = vctx;
	size_t done = 0;
	/* store_write may run this again after growing the map: start over. */
	for (size_t i = ic->nparse_probs; i < ic->nprobs; i++)
		free(ic->probs[i].msg);
	ic->nprobs = ic->nparse_probs;
	memset(ic->counts, 0, sizeof ic->counts);
	for (int k = 0; k < K_COUNT; k++) {
		for (size_t i = 0; i < ic->nrows; i++) {
			row *r = &ic->rows[i];
			if (r->kind != (enum kind)k || r->bad)
				continue;
			cp_error e;
			cp_status st = apply_row(ic, t, r, &e);
			if (st == CP_FAILED) {   /* the system, not the row */
				*err = e;
				return st;
			}
			if (st != CP_OK && (st = problem_add(ic, r->line, e.msg, err)))
				return st;
			ic->counts[k]++;
			cli_progress("import", ++done, ic->nrows);
		}
	}
	if (ic->nprobs)
		return cp_fail(err, CP_BADINPUT, "bad rows");
	return CP_OK;
}

static int prob_cmp(const void *a, const void *b)
{
	const problem *x = a, *y = b;
	return x->line < y->line ? -1 : x->line > y->line;
}

static void import_free(import_ctx *ic)
{
	for (size_t i = 0; i < ic->nrows; i++)
		for (int c = 0; c < NCOL; c++)
			free(ic->rows[i].cell[c]);
	free(ic->rows);
	for (size_t i = 0; i < ic->nprobs; i++)
		free(ic->probs[i].msg);
	free(ic->probs);
}

static cp_status report_problems(import_ctx *ic)
{
	if (ic->nprobs > 1)
		qsort(ic->probs, ic->nprobs, sizeof *ic->probs, prob_cmp);
	for (size_t i = 0; i < ic->nprobs; i++)
		fprintf(stderr, "%s:%lu: %s\n", cmd_s(ic->file), ic->probs[i].line,
		        cmd_s(ic->probs[i].msg));
	fprintf(stderr, "cpdesk: import: %zu bad row%s in %s; nothing was "
	        "imported (fix %s and run it again)\n", ic->nprobs,
	        ic->nprobs == 1 ? "" : "s", cmd_s(ic->file),
	        ic->nprobs == 1 ? "it" : "them");
	return CP_BADINPUT;
}

static cp_status import_file(const cli_ctx *ctx, import_ctx *ic,
                             cp_error *err)
{
	csv_reader *cr;
	cp_status st = csv_open(ic->file, &cr, err);
	if (st != CP_OK)
		return st;
	st = read_rows(ic, cr, err);
	csv_close(cr);
	if (st == CP_OK)
		st = check_duplicates(ic, err);
	if (st != CP_OK)
		return st;
	ic->nparse_probs = ic->nprobs;
	casework cw;
	if ((st = cmd_open_for(ctx, &cw, ACCESS_IMPORT, err)) != CP_OK)
		return st;
	ic->cw = &cw;
	/* Run the write even after bad rows: the store's refusals (unknown
	 * worker, child exists) are reported too; the transaction aborts. */
	st = store_write(cw.st, import_txn, ic, err);
	cli_progress_end();
	ic->cw = NULL; /* cw lives only in this function */
	casework_close(&cw);
	return st;
}

cp_status cmd_import(const cli_ctx *ctx, int argc, char **argv)
{
	cp_error err;
	if (argc != 2 || argv[1][0] == '-')
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "import: give one FILE.csv (try cpdesk import --help)"), &err);
	import_ctx ic = { .file = argv[1] };
	cp_status st = import_file(ctx, &ic, &err);
	if (st == CP_BADINPUT && ic.nprobs)
		st = report_problems(&ic);
	else if (st != CP_OK)
		cli_report(st, &err);
	else
		cmd_note("imported %s: %zu workers, %zu children, %zu meetings",
		         cmd_s(ic.file), ic.counts[K_WORKER], ic.counts[K_CHILD],
		         ic.counts[K_MEETING]);
	import_free(&ic);
	return st;
}

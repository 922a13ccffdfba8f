/* cmd_store.c - the store's commands: init, workers, children, reports,
 * consultations, audit, demo and the consistency check.  Meetings, tasks
 * and import live in cmd_meeting.c, cmd_task.c and cmd_import.c; every
 * store command is listed in the one table at the end of this file. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd_util.h"
#include "permit.h"
#include "lists.h"
#include "demo.h"
#include "paths.h"
#include "text.h"

/* Names and notes typed on the command line must be printable text:
 * escape sequences in a name would reach every colleague's terminal. */
static cp_status check_text(const char *opt, const char *s, cp_error *err)
{
	if (s && !text_is_clean(s))
		return cp_fail(err, CP_BADINPUT,
		               "%s holds control characters or invalid UTF-8: "
		               "give plain text", opt);
	return CP_OK;
}

static cp_status check_login(const char *opt, const char *s, cp_error *err)
{
	if (s && !model_id_valid(s, false))
		return cp_fail(err, CP_BADINPUT,
		               "%s '%s': a login is 1-%d letters, digits, '.', "
		               "'_' or '-'", opt, cmd_s(s), MODEL_ID_MAX);
	return CP_OK;
}

/* ---- init ---------------------------------------------------------------- */

static cp_status run_init(const cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "policy", required_argument, NULL, 'p' }, { NULL, 0, NULL, 0 }
	};
	const char *pol = NULL;
	cp_error err;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'p')
			return cli_report(cmd_bad_option("init", argc, argv, &err), &err);
		pol = optarg;
	}
	if (optind != argc)
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "init: unexpected argument '%s' (the store is --db DIR)",
		    cmd_s(argv[optind])), &err);
	if (!pol)
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "init: which policy? give --policy FILE, e.g. "
		    "--policy policies/generic.yaml"), &err);
	char dir[PATH_MAX];
	cp_status st;
	/* The Unix user who creates the store is its administrator (with
	 * root), whatever --as says: see permit.h. */
	store_open_opts o = { .login = ctx->login };
	if ((st = cmd_check_actor(ctx, &err)) != CP_OK ||
	    (st = cmd_db_path(ctx, dir, sizeof dir, &err)) != CP_OK ||
	    (st = casework_init(dir, pol, cmd_actor(ctx), &o, &err)) != CP_OK)
		return cli_report(st, &err);
	cmd_note("created the store %s with the policy %s", cmd_s(dir),
	         cmd_s(pol));
	return CP_OK;
}

/* ---- worker add / list ---------------------------------------------------- */

static cp_status worker_add_args(int argc, char **argv, cp_worker *w,
                                 cp_error *err)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "roles", required_argument, NULL, 'r' },
		{ "team", required_argument, NULL, 't' },
		{ "manager", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	const char *roles = NULL;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': w->name = optarg; break;
		case 'r': roles = optarg; break;
		case 't': w->team = optarg; break;
		case 'm': w->manager = optarg; break;
		default: return cmd_bad_option("worker add", argc, argv, err);
		}
	}
	if (argc - optind != 1)
		return cp_fail(err, CP_BADINPUT,
		    "worker add: give one LOGIN, then --name and --role (try --help)");
	w->login = argv[optind];
	cp_status st;
	if ((st = check_login("worker add: LOGIN", w->login, err)) != CP_OK ||
	    (st = check_login("--manager", w->manager, err)) != CP_OK ||
	    (st = check_text("--name", w->name, err)) != CP_OK ||
	    (st = check_text("--team", w->team, err)) != CP_OK)
		return st;
	if (!w->name || !*w->name)
		return cp_fail(err, CP_BADINPUT,
		               "worker add: give --name \"Full Name\"");
	if (!roles)
		return cp_fail(err, CP_BADINPUT,
		    "worker add: give --role ROLE[,ROLE...], e.g. --role social-worker");
	const char *bad;
	if (!role_set_parse(roles, &w->roles, &bad) || !w->roles)
		return cp_fail(err, CP_BADINPUT,
		    "--role: unknown role at '%s' (roles: social-worker, "
		    "team-manager, service-manager, cp-chair, iro, minute-taker, "
		    "qa-admin, qa-manager, director)", cmd_s(bad ? bad : roles));
	return CP_OK;
}

static cp_status run_worker_add(const cli_ctx *ctx, int argc, char **argv)
{
	cp_worker w = { 0 };
	cp_error err;
	cp_status st = worker_add_args(argc, argv, &w, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	casework cw;
	if ((st = cmd_open(ctx, &cw, &err)) != CP_OK)
		return cli_report(st, &err);
	st = casework_worker_add(&cw, &w, &err);
	casework_close(&cw);
	if (st != CP_OK)
		return cli_report(st, &err);
	cmd_note("added worker %s", cmd_s(w.login));
	return CP_OK;
}

typedef struct worker_vec {
	cp_worker *v;
	size_t n, cap;
	bool oom;
} worker_vec;

static bool collect_worker(void *ctx, const cp_worker *w)
{
	worker_vec *wv = ctx;
	if (wv->n == wv->cap) {
		size_t cap = wv->cap ? wv->cap * 2 : 64;
		cp_worker *nv = realloc(wv->v, cap * sizeof *nv);
		if (!nv)
			return !(wv->oom = true);
		wv->v = nv;
		wv->cap = cap;
	}
	cp_error e;
	if (cp_worker_copy(&wv->v[wv->n], w, &e) != CP_OK)
		return !(wv->oom = true);
	wv->n++;
	return true;
}

static void worker_vec_free(worker_vec *wv)
{
	for (size_t i = 0; i < wv->n; i++)
		cp_worker_free(&wv->v[i]);
	free(wv->v);
	memset(wv, 0, sizeof *wv);
}

static cp_status load_workers(store *s, worker_vec *wv, cp_error *err)
{
	store_txn *t;
	memset(wv, 0, sizeof *wv);
	cp_status st = store_read_begin(s, &t, err);
	if (st != CP_OK)
		return st;
	st = store_worker_list(t, collect_worker, wv, err);
	store_read_end(t);
	if (st == CP_OK && wv->oom)
		st = cp_oom(err);
	if (st != CP_OK)
		worker_vec_free(wv);
	return st;
}

static void print_workers(const worker_vec *wv, bool tsv, role_set only,
                          bool current)
{
	if (tsv)
		printf("login\tname\troles\tteam\tmanager\tleft\n");
	else
		printf("%-16s %-26s %-34s %-22s %s\n", "Login", "Name", "Roles",
		       "Team", "Manager");
	for (size_t i = 0; i < wv->n; i++) {
		const cp_worker *w = &wv->v[i];
		if ((only && !(w->roles & only)) || (current && w->left))
			continue;
		char roles[256];
		role_set_format(w->roles, roles, sizeof roles);
		if (tsv)
			printf("%s\t%s\t%s\t%s\t%s\t%s\n", cmd_s(w->login),
			       cmd_s(w->name), roles, cmd_s(w->team),
			       cmd_s(w->manager), w->left ? "yes" : "no");
		else
			printf("%-16s %-26s %-34s %-22s %s%s\n", cmd_s(w->login),
			       cmd_s(w->name), roles, cmd_s(w->team),
			       cmd_s(w->manager), w->left ? " (left)" : "");
	}
}

static cp_status run_worker_list(const cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tsv", no_argument, NULL, 't' },
		{ "role", required_argument, NULL, 'r' },
		{ "current", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	bool tsv = false, current = false;
	role_set only = 0;
	cp_error err;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		cp_role r;
		if (c == 't')
			tsv = true;
		else if (c == 'c')
			current = true;
		else if (c == 'r' && role_parse(optarg, &r))
			only |= ROLE_BIT(r);
		else if (c == 'r')
			return cli_report(cp_fail(&err, CP_BADINPUT,
			    "--role '%s': not a role (e.g. social-worker, cp-chair)",
			    cmd_s(optarg)), &err);
		else
			return cli_report(cmd_bad_option("worker list", argc, argv,
			                                 &err), &err);
	}
	casework cw;
	worker_vec wv;
	cp_status st = cmd_open(ctx, &cw, &err);
	if (st == CP_OK) {
		st = load_workers(cw.st, &wv, &err);
		casework_close(&cw);
	}
	if (st != CP_OK)
		return cli_report(st, &err);
	print_workers(&wv, tsv, only, current);
	worker_vec_free(&wv);
	return CP_OK;
}

/* ---- worker left ------------------------------------------------------------ */

static cp_status run_worker_left(const cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' }, { NULL, 0, NULL, 0 }
	};
	const char *reason = NULL;
	cp_error err;
	cp_status st;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'r')
			return cli_report(cmd_bad_option("worker left", argc, argv,
			                                 &err), &err);
		reason = optarg;
	}
	if (argc - optind != 1)
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "worker left: give one LOGIN and --reason TEXT (try --help)"),
		    &err);
	const char *login = argv[optind];
	if ((st = check_login("worker left: LOGIN", login, &err)) != CP_OK ||
	    (st = check_text("--reason", reason, &err)) != CP_OK)
		return cli_report(st, &err);
	if (!reason || !*reason)
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "worker left: give --reason TEXT (it goes in the audit trail)"),
		    &err);
	casework cw;
	if ((st = cmd_open(ctx, &cw, &err)) != CP_OK)
		return cli_report(st, &err);
	st = casework_worker_leave(&cw, login, reason, &err);
	casework_close(&cw);
	if (st != CP_OK)
		return cli_report(st, &err);
	cmd_note("marked worker %s as left: no new work is given to them",
	         cmd_s(login));
	return CP_OK;
}

/* ---- child add / list / show ---------------------------------------------- */

static cp_status child_date_opt(int c, const char *arg, cp_child *ch,
                                cp_error *err)
{
	switch (c) {
	case 'b': return cmd_parse_date("--dob", arg, &ch->dob, err);
	case 'i': return cmd_parse_date("--cin-since", arg, &ch->cin_since, err);
	case 'c': return cmd_parse_date("--cp-since", arg, &ch->cp_since, err);
	case 'l': return cmd_parse_date("--looked-after-since", arg,
	                                &ch->looked_after_since, err);
	case 'f':
		if (!family_pref_parse(arg, &ch->family_pref))
			return cp_fail(err, CP_BADINPUT,
			    "--family-reports '%s': secure-email, post or "
			    "hand-delivered", cmd_s(arg));
		return CP_OK;
	}
	return CP_BADINPUT;
}

static cp_status child_add_args(int argc, char **argv, cp_child *ch,
                                cp_error *err)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "social-worker", required_argument, NULL, 's' },
		{ "dob", required_argument, NULL, 'b' },
		{ "cin-since", required_argument, NULL, 'i' },
		{ "cp-since", required_argument, NULL, 'c' },
		{ "looked-after-since", required_argument, NULL, 'l' },
		{ "family-reports", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	cp_status st;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			ch->name = optarg;
		else if (c == 's')
			ch->social_worker = optarg;
		else if (c == '?' || c == ':')
			return cmd_bad_option("child add", argc, argv, err);
		else if ((st = child_date_opt(c, optarg, ch, err)) != CP_OK)
			return st;
	}
	if (argc - optind != 1)
		return cp_fail(err, CP_BADINPUT,
		    "child add: give one ID, then --name and --social-worker "
		    "(try --help)");
	ch->id = argv[optind];
	if (!model_id_valid(ch->id, false))
		return cp_fail(err, CP_BADINPUT,
		    "child add: ID '%s': 1-%d letters, digits, '.', '_' or '-'",
		    cmd_s(ch->id), MODEL_ID_MAX);
	if ((st = check_text("--name", ch->name, err)) != CP_OK)
		return st;
	if (!ch->name || !*ch->name)
		return cp_fail(err, CP_BADINPUT, "child add: give --name \"Full Name\"");
	if (!ch->social_worker)
		return cp_fail(err, CP_BADINPUT,
		    "child add: give --social-worker LOGIN (the allocated worker)");
	return check_login("--social-worker", ch->social_worker, err);
}

static cp_status run_child_add(const cli_ctx *ctx, int argc, char **argv)
{
	cp_child ch;
	cp_child_init(&ch);
	cp_error err;
	cp_status st = child_add_args(argc, argv, &ch, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	casework cw;
	if ((st = cmd_open(ctx, &cw, &err)) != CP_OK)
		return cli_report(st, &err);
	st = casework_child_add(&cw, &ch, &err);
	casework_close(&cw);
	if (st != CP_OK)
		return cli_report(st, &err);
	cmd_note("added child %s", cmd_s(ch.id));
	return CP_OK;
}

static const char *child_status(const cp_child *c)
{
	static char buf[128];
	if (c->looked_after_since != CP_DATE_NONE)
		snprintf(buf, sizeof buf, "looked after since %s",
		         cmd_date(c->looked_after_since));
	else if (c->cp_since != CP_DATE_NONE)
		snprintf(buf, sizeof buf, "CP plan since %s", cmd_date(c->cp_since));
	else if (c->cin_since != CP_DATE_NONE)
		snprintf(buf, sizeof buf, "child in need since %s",
		         cmd_date(c->cin_since));
	else
		snprintf(buf, sizeof buf, "no status recorded");
	return buf;
}

typedef struct child_list_ctx {
	bool tsv;
	size_t n;
	permit *pm;           /* only the children the reader sees */
	store_txn *t;
} child_list_ctx;

static bool print_child_row(void *vctx, const cp_child *c)
{
	child_list_ctx *lc = vctx;
	if (!permit_sees_child(lc->pm, lc->t, c))
		return true;
	lc->n++;
	if (lc->tsv)
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cmd_s(c->id),
		       cmd_s(c->name), cmd_date(c->dob), cmd_s(c->social_worker),
		       cmd_date(c->cin_since), cmd_date(c->cp_since),
		       cmd_date(c->looked_after_since),
		       family_pref_name(c->family_pref));
	else
		printf("%-12s %-28s %-16s %s\n", cmd_s(c->id), cmd_s(c->name),
		       cmd_s(c->social_worker), child_status(c));
	return true;
}

static cp_status run_child_list(const cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tsv", no_argument, NULL, 't' },
		{ "social-worker", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	child_list_ctx lc = { 0 };
	const char *sw = NULL;
	cp_error err;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 't')
			lc.tsv = true;
		else if (c == 's')
			sw = optarg;
		else
			return cli_report(cmd_bad_option("child list", argc, argv,
			                                 &err), &err);
	}
	casework cw;
	store_txn *t;
	cp_status st = cmd_open(ctx, &cw, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	if (lc.tsv)
		printf("id\tname\tdob\tsocial_worker\tcin_since\tcp_since\t"
		       "looked_after_since\tfamily_reports\n");
	if ((st = store_read_begin(cw.st, &t, &err)) == CP_OK) {
		lc.pm = cw.pm;
		lc.t = t;
		st = sw ? store_children_for_worker(t, sw, print_child_row, &lc, &err)
		        : store_children_all(t, print_child_row, &lc, &err);
		store_read_end(t);
	}
	casework_close(&cw);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

typedef struct id_vec {
	uint64_t *v;
	size_t n, cap;
	bool oom;
} id_vec;

static bool collect_meeting_id(void *ctx, const cp_meeting *m)
{
	id_vec *iv = ctx;
	if (iv->n == iv->cap) {
		size_t cap = iv->cap ? iv->cap * 2 : 16;
		uint64_t *nv = realloc(iv->v, cap * sizeof *nv);
		if (!nv)
			return !(iv->oom = true);
		iv->v = nv;
		iv->cap = cap;
	}
	iv->v[iv->n++] = m->id;
	return true;
}

static bool print_open_task(void *ctx, const cp_task *k)
{
	(void)ctx;
	if (k->status == TASK_OPEN)
		printf("      task %-6llu due %s  %-14s %-16s %s\n",
		       (unsigned long long)k->id, cmd_date(k->due),
		       role_name(k->role) ? role_name(k->role) : "?",
		       cmd_s(k->assignee), cmd_s(k->title));
	return true;
}

static bool print_consult_brief(void *ctx, const cp_consult *c)
{
	(void)ctx;
	printf("  %-6llu %s  %-26s chair %-14s %s\n", (unsigned long long)c->id,
	       cmd_date(c->date), cmd_s(c->kind), cmd_s(c->chair),
	       cmd_s(c->decision));
	return true;
}

static cp_status show_child_meetings(store_txn *t, const char *id,
                                     cp_error *err)
{
	id_vec iv = { 0 };
	cp_status st = store_meetings_for_child(t, id, collect_meeting_id, &iv,
	                                        err);
	if (st == CP_OK && iv.oom)
		st = cp_oom(err);
	printf("\nMeetings:%s\n", iv.n ? "" : " none");
	for (size_t i = 0; st == CP_OK && i < iv.n; i++) {
		cp_meeting m;
		bool found;
		if ((st = store_meeting_get(t, iv.v[i], &m, &found, err)) != CP_OK ||
		    !found)
			continue;
		printf("  %-6llu %s %-5s %-12s %-10s chair %s\n",
		       (unsigned long long)m.id, cmd_date(m.date),
		       cmd_hhmm(m.minutes), cmd_s(m.type),
		       meeting_status_name(m.status), cmd_s(m.chair));
		if (m.status == MEETING_SCHEDULED || m.status == MEETING_HELD)
			st = store_tasks_for_meeting(t, m.id, print_open_task, NULL,
			                             err);
		cp_meeting_free(&m);
	}
	free(iv.v);
	return st;
}

static cp_status show_child(store_txn *t, const char *id, cp_error *err)
{
	cp_child c;
	bool found;
	cp_status st = store_child_get(t, id, &c, &found, err);
	if (st != CP_OK)
		return st;
	if (!found)
		return cp_fail(err, CP_BADINPUT,
		               "child show: no child '%s' in the store "
		               "(cpdesk child list shows them)", cmd_s(id));
	printf("Child %s: %s\n", cmd_s(c.id), cmd_s(c.name));
	printf("  Date of birth:     %s\n", cmd_date(c.dob));
	printf("  Social worker:     %s\n", cmd_s(c.social_worker));
	printf("  Child in need:     %s\n", cmd_date(c.cin_since));
	printf("  CP plan since:     %s\n", cmd_date(c.cp_since));
	printf("  Looked after since:%s%s\n", " ", cmd_date(c.looked_after_since));
	printf("  Reports to family: %s\n", family_pref_name(c.family_pref));
	cp_child_free(&c);
	if ((st = show_child_meetings(t, id, err)) != CP_OK)
		return st;
	printf("\nConsultations:\n");
	return store_consults_for_child(t, id, print_consult_brief, NULL, err);
}

static cp_status run_child_show(const cli_ctx *ctx, int argc, char **argv)
{
	cp_error err;
	if (argc != 2 || argv[1][0] == '-')
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "child show: give one child ID (try --help)"), &err);
	casework cw;
	store_txn *t;
	cp_status st = cmd_open(ctx, &cw, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	/* On the record before it is shown (issue 6): no record, no show. */
	st = casework_child_viewed(&cw, argv[1], "child show", &err);
	if (st == CP_BADINPUT)
		cp_fail(&err, CP_BADINPUT, "child show: no child '%s' in the store "
		        "(cpdesk child list shows them)", cmd_s(argv[1]));
	if (st == CP_OK && (st = store_read_begin(cw.st, &t, &err)) == CP_OK) {
		st = show_child(t, argv[1], &err);
		store_read_end(t);
	}
	casework_close(&cw);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

/* ---- report-received ------------------------------------------------------ */

static cp_status run_report(const cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "shared-with-family", required_argument, NULL, 's' },
		{ "expected", no_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	cp_date received = ctx->today, shared = CP_DATE_NONE;
	cp_error err;
	cp_status st = CP_OK;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			st = cmd_parse_date("--date", optarg, &received, &err);
		else if (c == 's')
			st = cmd_parse_date("--shared-with-family", optarg, &shared,
			                    &err);
		else if (c == 'e')
			received = CP_DATE_NONE;
		else
			st = cmd_bad_option("report-received", argc, argv, &err);
	}
	if (st != CP_OK)
		return cli_report(st, &err);
	uint64_t mid;
	if (argc - optind != 2)
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "report-received: give MEETING and AGENCY, e.g. 12 Police "
		    "(try --help)"), &err);
	const char *agency = argv[optind + 1];
	if ((st = cmd_parse_id("report-received: MEETING", argv[optind], &mid,
	                       &err)) != CP_OK ||
	    (st = check_text("AGENCY", agency, &err)) != CP_OK)
		return cli_report(st, &err);
	if (!*agency)
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "report-received: AGENCY is empty (e.g. Police, School)"), &err);
	casework cw;
	if ((st = cmd_open(ctx, &cw, &err)) != CP_OK)
		return cli_report(st, &err);
	st = casework_report_received(&cw, mid, agency, received, shared, &err);
	casework_close(&cw);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

/* ---- consult add / list / due --------------------------------------------- */

static cp_status consult_args(int argc, char **argv, cp_consult *k,
                              const char **sw, cp_error *err)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "date", required_argument, NULL, 'd' },
		{ "decision", required_argument, NULL, 'D' },
		{ "note", required_argument, NULL, 'n' },
		{ "chair", required_argument, NULL, 'c' },
		{ "social-worker", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	cp_status st = CP_OK;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': k->kind = optarg; break;
		case 'd': st = cmd_parse_date("--date", optarg, &k->date, err); break;
		case 'D': k->decision = optarg; break;
		case 'n': k->notes = optarg; break;
		case 'c': k->chair = optarg; break;
		case 's': *sw = optarg; break;
		default: st = cmd_bad_option("consult add", argc, argv, err);
		}
	}
	if (st != CP_OK)
		return st;
	if (argc - optind != 1)
		return cp_fail(err, CP_BADINPUT,
		    "consult add: give one CHILD, then --kind and --date (try --help)");
	k->child_id = argv[optind];
	if (!k->kind)
		return cp_fail(err, CP_BADINPUT,
		    "consult add: give --kind KIND (the policy's consultation "
		    "kinds, e.g. strategy-consultation)");
	if (k->date == CP_DATE_NONE)
		return cp_fail(err, CP_BADINPUT, "consult add: give --date YYYY-MM-DD");
	if ((st = check_text("--decision", k->decision, err)) != CP_OK ||
	    (st = check_text("--note", k->notes, err)) != CP_OK ||
	    (st = check_login("--chair", k->chair, err)) != CP_OK)
		return st;
	return check_login("--social-worker", *sw, err);
}

static cp_status run_consult_add(const cli_ctx *ctx, int argc, char **argv)
{
	cp_consult k;
	cp_consult_init(&k);
	const char *sw = NULL;
	cp_error err;
	cp_status st = consult_args(argc, argv, &k, &sw, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	k.social_worker = (char *)sw;
	casework cw;
	uint64_t id = 0;
	if ((st = cmd_open(ctx, &cw, &err)) != CP_OK)
		return cli_report(st, &err);
	st = casework_consult_add(&cw, &k, &id, &err);
	casework_close(&cw);
	if (st != CP_OK)
		return cli_report(st, &err);
	printf("%llu\n", (unsigned long long)id);
	return CP_OK;
}

typedef struct consult_print {
	bool tsv;
	const char *child;     /* filter when listing by chair */
	permit *pm;            /* only what the reader sees */
	store_txn *t;
} consult_print;

static bool print_consult_row(void *vctx, const cp_consult *c)
{
	consult_print *cp = vctx;
	if (cp->child && strcmp(cp->child, c->child_id))
		return true;
	if (!permit_sees_consult(cp->pm, cp->t, c))
		return true;
	if (cp->tsv) {
		printf("%llu\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		       (unsigned long long)c->id, cmd_date(c->date), cmd_s(c->kind),
		       cmd_s(c->chair), cmd_s(c->child_id), cmd_s(c->social_worker),
		       cmd_s(c->decision), cmd_s(c->notes));
		return true;
	}
	printf("%-6llu %s  %-26s %-14s %-12s %-14s %s\n",
	       (unsigned long long)c->id, cmd_date(c->date), cmd_s(c->kind),
	       cmd_s(c->chair), cmd_s(c->child_id), cmd_s(c->social_worker),
	       cmd_s(c->decision));
	return true;
}

typedef struct consult_query {
	const char *chair, *child;
	bool all, tsv, due;
	cp_date from, to;
} consult_query;

static cp_status consult_list_args(int argc, char **argv, consult_query *q,
                                   cp_error *err)
{
	static const struct option opts[] = {
		{ "chair", required_argument, NULL, 'c' },
		{ "child", required_argument, NULL, 'C' },
		{ "all", no_argument, NULL, 'a' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "tsv", no_argument, NULL, 'T' },
		{ "case-mapping-due", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	cp_status st = CP_OK;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': q->chair = optarg; break;
		case 'C': q->child = optarg; break;
		case 'a': q->all = true; break;
		case 'T': q->tsv = true; break;
		case 'd': q->due = true; break;
		case 'f': st = cmd_parse_date("--from", optarg, &q->from, err); break;
		case 't': st = cmd_parse_date("--to", optarg, &q->to, err); break;
		default: st = cmd_bad_option("consult list", argc, argv, err);
		}
	}
	if (st == CP_OK && optind != argc)
		st = cp_fail(err, CP_BADINPUT,
		             "consult list: unexpected argument '%s' (try --help)",
		             cmd_s(argv[optind]));
	return st;
}

/* Children in need open long enough for a chair's case mapping (seed 003
 * 4.) and not mapped within the policy's look-back: lists.c works them
 * out (the case-mapping list shows the same children). */
static cp_status list_mapping_due(const casework *cw, store_txn *t,
                                  cp_date today, bool tsv, cp_error *err)
{
	lists_mapping_due *v = NULL;
	size_t n = 0;
	cp_status st = lists_mapping_due_txn(cw, t, today, &v, &n, err);
	if (st != CP_OK)
		return st;
	if (tsv)
		printf("child\tname\tsocial_worker\tcin_since\n");
	for (size_t i = 0; i < n; i++)
		printf(tsv ? "%s\t%s\t%s\t%s\n" : "%-12s %-28s %-16s open since %s\n",
		       cmd_s(v[i].child_id), cmd_s(v[i].name),
		       cmd_s(v[i].social_worker), cmd_date(v[i].cin_since));
	lists_mapping_due_free(v, n);
	return CP_OK;
}

static cp_status consult_scan(const cli_ctx *ctx, casework *cw, store_txn *t,
                              const consult_query *q, cp_error *err)
{
	consult_print cp = { .tsv = q->tsv, .pm = cw->pm, .t = t };
	if (q->due)
		return list_mapping_due(cw, t, ctx->today, q->tsv, err);
	if (q->tsv)
		printf("id\tdate\tkind\tchair\tchild\tsocial_worker\tdecision\tnote\n");
	if (q->child && !q->chair && !q->all)
		return store_consults_for_child(t, q->child, print_consult_row, &cp,
		                                err);
	cp.child = q->child;
	if (!q->all)
		return store_consults_for_chair(t, q->chair ? q->chair : cmd_actor(ctx),
		                                q->from, q->to, 0, print_consult_row,
		                                &cp, err);
	worker_vec wv = { 0 };
	cp_status st = store_worker_list(t, collect_worker, &wv, err);
	if (st == CP_OK && wv.oom)
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < wv.n; i++)
		st = store_consults_for_chair(t, wv.v[i].login, q->from, q->to, 0,
		                              print_consult_row, &cp, err);
	worker_vec_free(&wv);
	return st;
}

static cp_status run_consult_list(const cli_ctx *ctx, int argc, char **argv)
{
	consult_query q = { .from = CP_DATE_NONE, .to = STORE_DATE_MAX };
	cp_error err;
	cp_status st = consult_list_args(argc, argv, &q, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	casework cw;
	store_txn *t;
	if ((st = cmd_open(ctx, &cw, &err)) != CP_OK)
		return cli_report(st, &err);
	if ((st = store_read_begin(cw.st, &t, &err)) == CP_OK) {
		st = consult_scan(ctx, &cw, t, &q, &err);
		store_read_end(t);
	}
	casework_close(&cw);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

/* ---- audit ---------------------------------------------------------------- */

static int64_t local_midnight(cp_date d, int add_days)
{
	int y, m, dd;
	date_to_ymd(d + add_days, &y, &m, &dd);
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd,
	                 .tm_isdst = -1 };
	return (int64_t)mktime(&tm);
}

typedef struct audit_print {
	const store_audit_filter *f;
	bool tsv;
	permit *pm;            /* entries about children the reader cannot
	                          see are left out */
	store_txn *t;
} audit_print;

static bool audit_seen(const audit_print *ap, const cp_audit *a)
{
	if (permit_sees_all(ap->pm) || !a->child_id[0])
		return true;
	cp_child c;
	bool found = false;
	cp_error e;
	if (store_child_get(ap->t, a->child_id, &c, &found, &e) != CP_OK ||
	    !found)
		return false;
	bool seen = permit_sees_child(ap->pm, ap->t, &c);
	cp_child_free(&c);
	return seen;
}

static bool print_audit(void *vctx, const cp_audit *a)
{
	const audit_print *ap = vctx;
	const store_audit_filter *f = ap->f;
	if (!audit_seen(ap, a))
		return true;
	/* Both filters apply even if the store indexes only one of them. */
	if ((f->login && strcmp(f->login, a->login)) ||
	    (f->child_id && strcmp(f->child_id, a->child_id)) ||
	    (f->since && a->time < f->since) || (f->until && a->time > f->until))
		return true;
	if (ap->tsv) {
		printf("%llu\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		       (unsigned long long)a->seq, cmd_moment(a->time),
		       cmd_s(a->login), cmd_s(a->action), cmd_s(a->object),
		       cmd_s(a->child_id), cmd_s(a->before), cmd_s(a->after));
		return true;
	}
	printf("#%llu %s %s %s %s%s%s", (unsigned long long)a->seq,
	       cmd_moment(a->time), cmd_s(a->login), cmd_s(a->action),
	       cmd_s(a->object), *a->child_id ? " child " : "",
	       cmd_s(a->child_id));
	/* A read on the record (casework_child_viewed): one line, saying
	 * where it was read, e.g. (how="child show"). */
	if (!strcmp(a->action, "child.view") && !*a->before) {
		printf(" (%s)\n", cmd_s(a->after));
		return true;
	}
	fputc('\n', stdout);
	if (*a->before) {
		fputs("  before: ", stdout);
		cmd_put_clean(stdout, a->before);
		fputc('\n', stdout);
	}
	if (*a->after) {
		fputs("  after:  ", stdout);
		cmd_put_clean(stdout, a->after);
		fputc('\n', stdout);
	}
	return true;
}

static cp_status audit_args(int argc, char **argv, store_audit_filter *f,
                            bool *tsv, cp_error *err)
{
	static const struct option opts[] = {
		{ "child", required_argument, NULL, 'c' },
		{ "user", required_argument, NULL, 'u' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "limit", required_argument, NULL, 'l' },
		{ "newest-first", no_argument, NULL, 'n' },
		{ "tsv", no_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 }
	};
	cp_status st = CP_OK;
	cp_date d;
	unsigned long lim;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': f->child_id = optarg; break;
		case 'u': f->login = optarg; break;
		case 'n': f->newest_first = true; break;
		case 'T': *tsv = true; break;
		case 'f':
			if ((st = cmd_parse_date("--from", optarg, &d, err)) == CP_OK)
				f->since = local_midnight(d, 0);
			break;
		case 't':
			if ((st = cmd_parse_date("--to", optarg, &d, err)) == CP_OK)
				f->until = local_midnight(d, 1) - 1;
			break;
		case 'l':
			if ((st = cmd_parse_count("--limit", optarg, 100000000UL, &lim,
			                          err)) == CP_OK)
				f->limit = lim;
			break;
		default: st = cmd_bad_option("audit", argc, argv, err);
		}
	}
	if (st == CP_OK && optind != argc)
		st = cp_fail(err, CP_BADINPUT,
		             "audit: unexpected argument '%s' (try --help)",
		             cmd_s(argv[optind]));
	return st;
}

static cp_status run_audit(const cli_ctx *ctx, int argc, char **argv)
{
	store_audit_filter f = { 0 };
	bool tsv = false;
	cp_error err;
	cp_status st = audit_args(argc, argv, &f, &tsv, &err);
	if (st != CP_OK)
		return cli_report(st, &err);
	casework cw;
	store_txn *t;
	if ((st = cmd_open_for(ctx, &cw, ACCESS_READ_AUDIT, &err)) != CP_OK)
		return cli_report(st, &err);
	audit_print ap = { &f, tsv, cw.pm, NULL };
	if (tsv)
		printf("seq\ttime\tlogin\taction\tobject\tchild\tbefore\tafter\n");
	if ((st = store_read_begin(cw.st, &t, &err)) == CP_OK) {
		ap.t = t;
		st = store_audit_scan(t, &f, print_audit, &ap, &err);
		store_read_end(t);
	}
	casework_close(&cw);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

/* ---- demo and check-store ------------------------------------------------- */

static cp_status run_demo(const cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "children", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	demo_opts o = { .children = 60, .seed = 1, .today = ctx->today,
	                .progress = cli_progress,
	                .login = ctx->login };
	cp_error err;
	cp_status st = CP_OK;
	unsigned long v;
	int c;
	opterr = 0;
	optind = 1;
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'c' && (st = cmd_parse_count("--children", optarg,
		                                      DEMO_MAX_CHILDREN, &v,
		                                      &err)) == CP_OK)
			o.children = v;
		else if (c == 's' && (st = cmd_parse_count("--seed", optarg,
		                                           ULONG_MAX, &v,
		                                           &err)) == CP_OK)
			o.seed = v;
		else if (c != 'c' && c != 's')
			st = cmd_bad_option("demo", argc, argv, &err);
	}
	if (st == CP_OK && optind != argc)
		st = cp_fail(&err, CP_BADINPUT,
		             "demo: unexpected argument '%s' (try --help)",
		             cmd_s(argv[optind]));
	if (st != CP_OK)
		return cli_report(st, &err);
	casework cw;
	demo_stats ds;
	if ((st = cmd_open_for(ctx, &cw, ACCESS_IMPORT, &err)) != CP_OK)
		return cli_report(st, &err);
	st = demo_fill(&cw, &o, &ds, &err);
	casework_close(&cw);
	if (st != CP_OK)
		return cli_report(st, &err);
	cmd_note("demo: %zu workers, %zu children, %zu meetings (%zu held), "
	         "%zu tasks done, %zu reports, %zu consultations",
	         ds.workers, ds.children, ds.meetings, ds.held, ds.tasks_done,
	         ds.reports, ds.consults);
	return CP_OK;
}

static cp_status run_check_store(const cli_ctx *ctx, int argc, char **argv)
{
	cp_error err;
	(void)argv;
	if (argc != 1)
		return cli_report(cp_fail(&err, CP_BADINPUT,
		    "check-store: takes no arguments (the store is --db DIR)"), &err);
	char dir[PATH_MAX];
	store *s = NULL;
	cp_status st;
	if ((st = cmd_db_path(ctx, dir, sizeof dir, &err)) != CP_OK ||
	    (st = store_open(dir, NULL, &s, &err)) != CP_OK)
		return cli_report(st, &err);
	st = store_check_consistency(s, &err);
	store_close(s);
	if (st != CP_OK)
		return cli_report(st, &err);
	/* Then every meeting against its policy timeline. */
	char hol[PATH_MAX];
	casework cw;
	size_t nm = 0;
	if ((st = paths_holidays(hol, sizeof hol, &err)) != CP_OK ||
	    (st = casework_open(&cw, dir, hol, NULL, &err)) != CP_OK)
		return cli_report(st, &err);
	st = casework_check_meetings(&cw, &nm, &err);
	casework_close(&cw);
	if (st != CP_OK)
		return cli_report(st, &err);
	printf("%s: consistent (%zu meetings have all their tasks)\n",
	       cmd_s(dir), nm);
	return CP_OK;
}

/* ---- the table ------------------------------------------------------------ */

const cli_command cmds_store[] = {
	{ "init", "--policy FILE", "create a borough's store with its policy",
	  "Creates the store (the directory --db, else $CPDESK_DB, else\n"
	  "$XDG_DATA_HOME/cpdesk) group-shared (0770/0660) and stores a copy\n"
	  "of the policy FILE and every file of its extends: chain, so the\n"
	  "store keeps working when the files on disk change.\n"
	  "\n"
	  "  --policy FILE   e.g. policies/generic.yaml\n"
	  "\n"
	  "Refused (exit 1) when DIR already holds a store.\n",
	  run_init },
	{ "worker add", "LOGIN --name NAME --role ROLE[,ROLE...] [--team TEAM] [--manager LOGIN]",
	  "add a member of staff",
	  "LOGIN is the worker's Unix user name.  Roles: social-worker,\n"
	  "team-manager, service-manager, cp-chair, iro, minute-taker, qa-admin,\n"
	  "qa-manager, director (several with commas).  --manager is the\n"
	  "worker's line manager (a social worker's team manager; a team\n"
	  "manager's service manager): tasks for those roles go to them.  The\n"
	  "manager need not be added first.\n"
	  "\n"
	  "Refused (exit 1) when LOGIN exists.\n",
	  run_worker_add },
	{ "worker list", "[--role ROLE] [--current] [--tsv]", "list the staff",
	  "One worker a line: login, name, roles, team, manager, and \"(left)\"\n"
	  "for a worker who has left.\n"
	  "\n"
	  "  --role ROLE  only workers holding ROLE (may be repeated)\n"
	  "  --current    only workers who have not left\n"
	  "  --tsv        login<TAB>name<TAB>roles<TAB>team<TAB>manager<TAB>left\n"
	  "               (left: yes or no)\n",
	  run_worker_list },
	{ "worker left", "LOGIN --reason TEXT", "mark a worker as left",
	  "Records that LOGIN has left: no new work (children, meetings, tasks)\n"
	  "is given to them, and 'worker list' shows them as left.  In the audit\n"
	  "trail as worker.left with the reason.\n"
	  "\n"
	  "Refused (exit 1), nothing written, while they still hold children,\n"
	  "open tasks, scheduled meetings as chair or minute taker, or manage\n"
	  "current workers: the message gives the counts; move the work first\n"
	  "with 'cpdesk reassign --from LOGIN --to LOGIN --reason TEXT'.  Also\n"
	  "refused when LOGIN has already left.\n",
	  run_worker_left },
	{ "child add", "ID --name NAME --social-worker LOGIN [--dob DATE] [--cin-since DATE] [--cp-since DATE] [--looked-after-since DATE] [--family-reports secure-email|post|hand-delivered]",
	  "add a child",
	  "ID is the borough's case-system id.  The allocated social worker\n"
	  "must be a known worker who has not left.  The status dates say\n"
	  "since when the child is a child in need, on a child protection plan\n"
	  "or looked after.  --family-reports is how the family receives\n"
	  "conference reports (seed 000).\n"
	  "\n"
	  "Refused (exit 1) when ID exists or the social worker is unknown.\n",
	  run_child_add },
	{ "child list", "[--social-worker LOGIN] [--tsv]", "list children",
	  "Every child (or one worker's), by id, with their status.\n"
	  "\n"
	  "  --tsv  id<TAB>name<TAB>dob<TAB>social_worker<TAB>cin_since<TAB>\n"
	  "         cp_since<TAB>looked_after_since<TAB>family_reports\n",
	  run_child_list },
	{ "child show", "ID", "a child's record, meetings, open tasks and consultations",
	  "Prints the child's record, meetings (with their open tasks) and\n"
	  "consultations.  The read is on the record: an audit entry\n"
	  "child.view (who, when, how=\"child show\"), written before anything\n"
	  "is shown ('cpdesk audit --child ID' lists it).\n",
	  run_child_show },
	{ "meeting add", "CHILD TYPE DATE [--time HH:MM] [--chair LOGIN] [--minute-taker LOGIN] [--held HOW] [--anchor NAME=DATE]... [--reason TEXT]",
	  "schedule a meeting and generate its tasks",
	  "TYPE is a meeting type of the store's policy (icpc, rcpc, cla-review,\n"
	  "core-group, strategy, ...).  The tasks of the policy's timeline are\n"
	  "generated in the same transaction, each assigned to whoever holds\n"
	  "the step's role: the social worker, their manager, the chair, the\n"
	  "minute taker, or the QA pools.  Someone needed but missing is a\n"
	  "refusal naming who.\n"
	  "\n"
	  "  --time HH:MM         start time (steps counted in hours need it)\n"
	  "  --chair LOGIN        the CP chair or IRO (must hold the type's chair role)\n"
	  "  --minute-taker LOGIN\n"
	  "  --held HOW           teams, skype, phone, in-person, one-to-one-written\n"
	  "  --anchor NAME=DATE   s47-start, care-start, ... (steps and cadence count from them)\n"
	  "  --reason TEXT        needed when DATE is later than the cadence allows;\n"
	  "                       recorded as a cadence exception\n"
	  "\n"
	  "Prints the new meeting's id alone on stdout; warnings (a chair's\n"
	  "clash) go to stderr.\n",
	  cmd_meeting_add },
	{ "meeting move", "ID DATE --reason TEXT [--time HH:MM]",
	  "move a meeting; its open tasks move with it",
	  "Open tasks get due dates for the new date; done and cancelled ones\n"
	  "stay as they are.  A date later than the cadence allows is recorded\n"
	  "as a cadence exception with the reason.  --time sets a new start\n"
	  "time (default: keep it).\n",
	  cmd_meeting_move },
	{ "meeting cancel", "ID --reason TEXT [--approved-by LOGIN]...",
	  "cancel a meeting; its open tasks become cancelled",
	  "A reason is required.  Where the policy names approvers (e.g. the\n"
	  "safeguarding service manager) --approved-by must name a worker\n"
	  "holding that role, or one for each role when the policy needs all.\n"
	  "Repeat --approved-by or separate logins with commas.\n",
	  cmd_meeting_cancel },
	{ "meeting outcome", "ID --decision TEXT [--plan cp-plan|no-plan|n/a] [--attendees TEXT]... [--reports TEXT]... [--views-not-available TEXT] [--summary TEXT] [--next DATE] [--next-type TYPE] [--next-time HH:MM] [--next-reason TEXT] [--no-next]",
	  "record what a meeting decided; schedule the next one",
	  "Marks the meeting held and records the outcome seed 002 lists.\n"
	  "--plan is required for ICPCs and RCPCs (cp-plan or no-plan); other\n"
	  "meetings default to n/a.  Unless the plan is no-plan or --no-next is\n"
	  "given, the next meeting is scheduled per the policy's cadence (same\n"
	  "chair, minute taker and way of meeting) on --next DATE, else on the\n"
	  "latest date the cadence allows; its id is printed alone on stdout.\n"
	  "A chair already busy that day is a warning on stderr.\n"
	  "\n"
	  "  --attendees, --reports   one per option (repeat them)\n"
	  "  --views-not-available    why the child's or parents' views were not\n"
	  "                           available (seed 001)\n"
	  "  --next-type TYPE         which meeting follows (default: the cadence's\n"
	  "                           first rule for this type)\n"
	  "  --next-reason TEXT       needed when --next is later than the cadence\n"
	  "                           allows (recorded as an exception)\n",
	  cmd_meeting_outcome },
	{ "meeting show", "ID", "a meeting with its tasks and reports",
	  "Prints the meeting, its tasks and its agency reports.  The read is on\n"
	  "the record: an audit entry child.view for the meeting's child (who,\n"
	  "when, how=\"meeting show\"), written before anything is shown.\n",
	  cmd_meeting_show },
	{ "task list", "[--user LOGIN | --all] [--overdue] [--due-before DATE] [--status open|done|cancelled|any] [--tsv]",
	  "the queue: tasks by due date",
	  "By default your own open tasks and those of the pools your roles\n"
	  "belong to (@qa-admin, @qa-manager, @director), grouped Overdue,\n"
	  "Today, This week (to Sunday) and Later relative to --today.\n"
	  "\n"
	  "  --user LOGIN      another worker's queue (and their pools)\n"
	  "  --all             every task in the store\n"
	  "  --overdue         only open tasks due before today\n"
	  "  --due-before DATE only tasks due before DATE (not on it)\n"
	  "  --status S        open (default), done, cancelled or any\n"
	  "  --tsv             id<TAB>due<TAB>child<TAB>meeting<TAB>type<TAB>\n"
	  "                    meeting_date<TAB>step<TAB>role<TAB>assignee<TAB>status\n",
	  cmd_task_list },
	{ "task done", "ID [--note TEXT]", "mark a task done",
	  "Records who (the acting login) and when.  Refused (exit 1) when the\n"
	  "task is already done or cancelled, saying by whom and when.\n",
	  cmd_task_done },
	{ "report-received", "MEETING AGENCY [--date DATE] [--shared-with-family DATE] [--expected]",
	  "record an agency's report for a meeting",
	  "AGENCY names who sent it (Police, School, Health visitor, ...).\n"
	  "--date is when it came in (default: today); --shared-with-family\n"
	  "when it went to the family; --expected records it as expected but\n"
	  "not yet received.  Running it again updates the row.\n",
	  run_report },
	{ "consult add", "CHILD --kind KIND --date DATE [--decision TEXT] [--note TEXT] [--chair LOGIN] [--social-worker LOGIN]",
	  "log a consultation with a CP chair (LL Consultation form)",
	  "KIND is one of the policy's consultation kinds (generic:\n"
	  "strategy-consultation, pre-s47-discussion, re-referral-case-mapping,\n"
	  "case-mapping).  The chair is you unless --chair says otherwise; the\n"
	  "social worker is the child's unless given.  Prints the new id.\n",
	  run_consult_add },
	{ "consult list", "[--chair LOGIN | --child ID | --all] [--from DATE] [--to DATE] [--case-mapping-due] [--tsv]",
	  "list consultations, or children due a case mapping",
	  "By default the consultations you chaired.\n"
	  "\n"
	  "  --case-mapping-due  children in need open 12 months or more (the\n"
	  "                      policy's period) not case-mapped within the\n"
	  "                      policy's look-back: the monthly list (seed 003)\n"
	  "  --tsv               id<TAB>date<TAB>kind<TAB>chair<TAB>child<TAB>\n"
	  "                      social_worker<TAB>decision<TAB>note\n",
	  run_consult_list },
	{ "import", "FILE.csv", "import workers, children and meetings from CSV",
	  cmd_import_help, cmd_import },
	{ "demo", "[--children N] [--seed N]", "fill an empty store with a fictional borough",
	  "Fills an EMPTY store (refused otherwise) with \"Demo Borough\":\n"
	  "workers in every role in three teams, you (the Unix login) as a\n"
	  "social worker and QA administrator, and N children (default 60,\n"
	  "at most 200000) at every stage: children in need open over a year,\n"
	  "conferences coming up, CP plans with reviews, looked-after children\n"
	  "with CLA reviews.  Meetings run from about 8 weeks before --today to\n"
	  "12 weeks after; some are held with outcomes, some tasks are done and\n"
	  "some overdue; reports and consultations are logged.  All names are\n"
	  "invented.  The same --seed gives the same borough.  Everything is\n"
	  "written in one transaction: all of it or nothing.\n",
	  run_demo },
	{ "audit", "[--child ID] [--user LOGIN] [--from DATE] [--to DATE] [--limit N] [--newest-first] [--tsv]",
	  "the audit trail: who changed what, before and after; who read what",
	  "Every change with its time, who made it, the record before and after;\n"
	  "and every read of a child's record (child.view: child show, meeting\n"
	  "show, the console), on one line with where it was read, e.g.\n"
	  "  #41 2025-03-12 10:02 sw1 child.view child:C1 child C1 (how=\"child show\")\n"
	  "\n"
	  "  --child ID      only entries about this child (changes and reads)\n"
	  "  --user LOGIN    only entries by this worker\n"
	  "  --from/--to     dates (local time, inclusive)\n"
	  "  --limit N, --newest-first\n"
	  "  --tsv           seq<TAB>time<TAB>login<TAB>action<TAB>object<TAB>\n"
	  "                  child<TAB>before<TAB>after\n",
	  run_audit },
	{ "check-store", "", "check every index against its records (tests, repair)",
	  "Opens the store and walks every index against its records and back,\n"
	  "and every task against its meeting and child; then every meeting's\n"
	  "step tasks against its policy timeline (one task a step, no more).\n"
	  "Prints 'DIR: consistent (N meetings have all their tasks)' and\n"
	  "exits 0, or says what is wrong and exits 3.\n"
	  "Used by the crash tests after killing a writer.\n",
	  run_check_store },
	{ NULL, NULL, NULL, NULL, NULL }
};

/* cmd_mail.c - mail week|fortnight|month|exceptions|case-mapping|chaser|
 * escalation: draft RFC 5322 messages from the store and the policy, into
 * a Maildir, through a sendmail command, or on standard output.  Nothing
 * is sent without --sendmail. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_util.h"
#include "escalate.h"
#include "permit.h"
#include "ics.h"
#include "lists.h"
#include "mail.h"
#include "text.h"

#define MAX_TO 32

typedef struct mail_opts {
	const char *name;         /* the command's last word */
	char from[MAIL_ADDR_MAX + 1];
	const char *domain;
	const char *to[MAX_TO];
	size_t nto;
	const char *maildir;
	const char *sendmail;
	cp_date date;
	uint64_t meeting;
	bool names;
	cp_date today;
} mail_opts;

/* ---- a list of owned strings -------------------------------------------- */
typedef struct svec {
	char **v;
	size_t n, cap;
	bool oom;
} svec;

static void sv_add(svec *sv, const char *s)
{
	if (sv->oom)
		return;
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return;
	if (sv->n == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 8;
		char **nv = realloc(sv->v, cap * sizeof *nv);
		if (!nv) {
			sv->oom = true;
			return;
		}
		sv->v = nv;
		sv->cap = cap;
	}
	if (!(sv->v[sv->n] = strdup(s)))
		sv->oom = true;
	else
		sv->n++;
}

static bool sv_has(const svec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

static void sv_free(svec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof *sv);
}

/* ---- a growing text ------------------------------------------------------ */
typedef struct text {
	char *s;
	size_t n, cap;
	bool oom;
} text;

static void tx_add(text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void tx_add(text *t, const char *fmt, ...)
{
	if (t->oom)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		t->oom = true;
		return;
	}
	if (t->n + (size_t)n + 1 > t->cap) {
		size_t cap = t->n + (size_t)n + 1 + t->cap * 2;
		char *ns = realloc(t->s, cap);
		if (!ns) {
			t->oom = true;
			return;
		}
		t->s = ns;
		t->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->n, t->cap - t->n, fmt, ap);
	va_end(ap);
	t->n += (size_t)n;
}

/* ---- the messages before delivery --------------------------------------- */
typedef struct draft {
	char *text;
	size_t len;
	char *summary;            /* "week list to sm1, sm2" for stderr */
} draft;

typedef struct drafts {
	draft *v;
	size_t n, cap;
} drafts;

static void drafts_free(drafts *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].text);
		free(d->v[i].summary);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

/* Format one message and keep it; recipients are logins (mapped to
 * login@domain) unless --to overrides them. */
static cp_status draft_add(drafts *d, const mail_opts *o, const svec *logins,
                           const svec *cc_logins, const char *subject,
                           const char *body, cp_error *err)
{
	const char *to[MAX_TO], *cc[MAX_TO];
	char buf[2 * MAX_TO][MAIL_ADDR_MAX + 1];
	size_t nto = 0, ncc = 0, nb = 0;
	if (o->nto) {
		for (size_t i = 0; i < o->nto; i++)
			to[nto++] = o->to[i];
	} else {
		if (logins->n > MAX_TO || (cc_logins && cc_logins->n > MAX_TO))
			return cp_fail(err, CP_BADINPUT, "mail %s: more than %d "
			               "recipients: give --to a list address", o->name,
			               MAX_TO);
		for (size_t i = 0; i < logins->n; i++) {
			snprintf(buf[nb], sizeof buf[nb], "%s@%s", logins->v[i],
			         o->domain);
			to[nto++] = buf[nb++];
		}
		for (size_t i = 0; cc_logins && i < cc_logins->n; i++) {
			snprintf(buf[nb], sizeof buf[nb], "%s@%s", cc_logins->v[i],
			         o->domain);
			cc[ncc++] = buf[nb++];
		}
	}
	if (!nto)
		return cp_fail(err, CP_REFUSED, "mail %s: no one to send it to",
		               o->name);
	mail_msg m = { .from = o->from, .to = to, .nto = nto, .cc = cc,
	               .ncc = ncc, .subject = subject, .body = body };
	char *msg;
	size_t len;
	cp_status st = mail_format(&m, &msg, &len, err);
	if (st != CP_OK)
		return st;
	text sum = { 0 };
	tx_add(&sum, "%s to", o->name);
	for (size_t i = 0; i < nto; i++)
		tx_add(&sum, "%s%s", i ? ", " : " ", to[i]);
	if (!sum.oom && d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		draft *nv = realloc(d->v, cap * sizeof *nv);
		if (nv) {
			d->v = nv;
			d->cap = cap;
		}
	}
	if (sum.oom || d->n == d->cap) {
		free(msg);
		free(sum.s);
		return cp_oom(err);
	}
	d->v[d->n++] = (draft){ msg, len, sum.s };
	return CP_OK;
}

/* Deliver every draft (all were made first: a failure while drafting
 * delivers nothing). */
static cp_status deliver(const drafts *d, const mail_opts *o, cp_error *err)
{
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < d->n; i++) {
		const draft *m = &d->v[i];
		if (o->maildir) {
			char name[320];
			st = mail_maildir_deliver(o->maildir, m->text, m->len, name,
			                          sizeof name, err);
			if (st == CP_OK)
				cmd_note("%s: %s/new/%s", m->summary, cmd_s(o->maildir),
				         cmd_s(name));
		} else if (o->sendmail) {
			st = mail_sendmail(o->sendmail, m->text, m->len, err);
			if (st == CP_OK)
				cmd_note("%s: handed to %s", m->summary, cmd_s(o->sendmail));
		} else {
			st = mail_mbox_write(stdout, o->from, 0, m->text, m->len, err);
		}
	}
	if (st == CP_OK && d->n && !o->maildir && !o->sendmail)
		cmd_note("%zu message%s drafted on standard output; nothing sent "
		         "(--maildir DIR or --sendmail CMD to deliver)", d->n,
		         d->n == 1 ? "" : "s");
	return st;
}

/* ---- recipients ----------------------------------------------------------- */
typedef struct role_scan {
	role_set roles;
	svec *out;
} role_scan;

static bool add_holder(void *ctx, const cp_worker *w)
{
	role_scan *rs = ctx;
	if (!w->left && (w->roles & rs->roles))
		sv_add(rs->out, w->login);
	return true;
}

/* Current workers holding any of roles, by login. */
static cp_status holders(store_txn *t, role_set roles, svec *out,
                         cp_error *err)
{
	role_scan rs = { roles, out };
	cp_status st = store_worker_list(t, add_holder, &rs, err);
	if (st == CP_OK && out->oom)
		st = cp_oom(err);
	return st;
}

/* A login or a pool (@director) to logins. */
static cp_status resolve(store_txn *t, const char *who, svec *out,
                         cp_error *err)
{
	if (!strcmp(who, POOL_DIRECTOR))
		return holders(t, ROLE_BIT(ROLE_DIRECTOR), out, err);
	if (!strcmp(who, POOL_QA_MANAGER))
		return holders(t, ROLE_BIT(ROLE_QA_MANAGER), out, err);
	if (!strcmp(who, POOL_QA_ADMIN))
		return holders(t, ROLE_BIT(ROLE_QA_ADMIN), out, err);
	if (who[0] && who[0] != '@')
		sv_add(out, who);
	return out->oom ? cp_oom(err) : CP_OK;
}

/* "Ava Brown (C12)" with --names, else "C12 A.B.". */
static cp_status child_label(store_txn *t, const char *id, bool names,
                             char *buf, size_t size, cp_error *err)
{
	cp_child c;
	bool found = false;
	char ini[64];
	cp_status st = store_child_get(t, id, &c, &found, err);
	if (st != CP_OK)
		return st;
	if (!found) {
		snprintf(buf, size, "%s", cmd_s(id));
		return CP_OK;
	}
	if (names) {
		snprintf(buf, size, "%s (%s)", cmd_s(c.name), cmd_s(id));
	} else {
		ics_initials(cmd_s(c.name), ini, sizeof ini);
		snprintf(buf, size, "%s%s%s", cmd_s(id), ini[0] ? " " : "", ini);
	}
	cp_child_free(&c);
	return CP_OK;
}

static void worker_name(store_txn *t, const char *login, char *buf,
                        size_t size)
{
	cp_worker w;
	bool found = false;
	cp_error e;
	if (login && *login &&
	    store_worker_get(t, login, &w, &found, &e) == CP_OK && found) {
		snprintf(buf, size, "%s (%s)", cmd_s(w.name), cmd_s(login));
		cp_worker_free(&w);
	} else {
		snprintf(buf, size, "%s", login && *login ? cmd_s(login) : "none");
	}
}

static const char *type_title(const policy *p, const char *type)
{
	const policy_meeting *pm = policy_meeting_find(p, type);
	return cmd_s(pm && pm->title && *pm->title ? pm->title : type);
}

static void when_due(cp_date due, cp_date today, char *buf, size_t size)
{
	if (due < today)
		snprintf(buf, size, "%d day%s late", today - due,
		         today - due == 1 ? "" : "s");
	else if (due == today)
		snprintf(buf, size, "due today");
	else
		snprintf(buf, size, "due in %d day%s", due - today,
		         due - today == 1 ? "" : "s");
}

static const char *footer =
	"\n-- \nDrafted by cpdesk from the case store.  Reply to the sender "
	"if\nsomething here is wrong; the store is the record.\n";

/* ---- mail LIST ------------------------------------------------------------ */
static cp_status draft_list(casework *cw, const mail_opts *o,
                            policy_list_kind kind, drafts *d, cp_error *err)
{
	const policy_list *pl = &cw->pol->lists[kind];
	svec to = { 0 };
	list_table lt;
	store_txn *t;
	cp_status st;
	if (!o->nto && (!pl->present || !pl->to))
		return cp_fail(err, CP_BADINPUT, "mail %s: the policy's lists: has "
		               "no %s entry with to: roles; give --to ADDRESS",
		               o->name, o->name);
	if ((st = store_read_begin(cw->st, &t, err)) != CP_OK)
		return st;
	if (!o->nto)
		st = holders(t, pl->to, &to, err);
	store_read_end(t);
	if (st == CP_OK && !o->nto && !to.n) {
		char roles[200];
		role_set_format(pl->to, roles, sizeof roles);
		st = cp_fail(err, CP_REFUSED, "mail %s: no current worker holds "
		             "the role%s %s that lists.%s.to names; give --to "
		             "ADDRESS", o->name, strchr(roles, ',') ? "s" : "",
		             roles, o->name);
	}
	if (st != CP_OK) {
		sv_free(&to);
		return st;
	}
	if ((st = lists_build(cw, kind, o->date, o->today, &lt, err)) != CP_OK) {
		sv_free(&to);
		return st;
	}
	char *rendered = NULL;
	st = lists_render(&lt, LIST_FMT_TEXT, &rendered, NULL, err);
	if (st == CP_OK) {
		char subject[600];
		mail_subject(cw->pol->mail_subject_prefix,
		             pl->subject && *pl->subject ? pl->subject : lt.title,
		             subject, sizeof subject);
		text body = { 0 };
		tx_add(&body, "%s%s", rendered, footer);
		st = body.oom ? cp_oom(err)
		              : draft_add(d, o, &to, NULL, subject, body.s, err);
		free(body.s);
	}
	free(rendered);
	list_table_free(&lt);
	sv_free(&to);
	return st;
}

/* ---- mail chaser ----------------------------------------------------------- */
typedef struct sw_tasks {
	const char *sw;
	cp_task v[64];
	size_t n;
	bool oom;
} sw_tasks;

static bool keep_sw_task(void *ctx, const cp_task *k)
{
	sw_tasks *s = ctx;
	if (k->status != TASK_OPEN || k->kind != TASK_STEP ||
	    strcmp(k->assignee, s->sw) || s->n == 64)
		return true;
	if (cp_task_copy(&s->v[s->n], k, NULL) != CP_OK)
		return !(s->oom = true);
	s->n++;
	return true;
}

static cp_status draft_chaser(casework *cw, const mail_opts *o, drafts *d,
                              cp_error *err)
{
	store_txn *t;
	cp_meeting m;
	cp_child c;
	bool found = false, have_m = false, have_c = false;
	sw_tasks tasks = { 0 };
	svec to = { 0 }, cc = { 0 };
	text body = { 0 };
	char subject[600], child[400], swname[300], chair[300];
	cp_status st = store_read_begin(cw->st, &t, err);
	if (st != CP_OK)
		return st;
	st = store_meeting_get(t, o->meeting, &m, &found, err);
	if (st == CP_OK && !found)
		st = cp_fail(err, CP_BADINPUT, "mail chaser: no meeting %llu "
		             "(cpdesk child show ID lists a child's meetings)",
		             (unsigned long long)o->meeting);
	have_m = st == CP_OK;
	if (st == CP_OK)
		st = permit_meeting(cw->pm, t, PERMIT_SEE, &m, err);
	if (st == CP_OK && m.status != MEETING_SCHEDULED)
		st = cp_fail(err, CP_REFUSED, "mail chaser: meeting %llu is %s: "
		             "there is no report to chase",
		             (unsigned long long)o->meeting,
		             meeting_status_name(m.status));
	if (st == CP_OK && (st = store_child_get(t, m.child_id, &c, &found,
	                                         err)) == CP_OK && !found)
		st = cp_fail(err, CP_FAILED, "mail chaser: meeting %llu names "
		             "child %s, who is not in the store",
		             (unsigned long long)o->meeting, cmd_s(m.child_id));
	have_c = st == CP_OK;
	if (st == CP_OK) {
		tasks.sw = c.social_worker;
		st = store_tasks_for_meeting(t, m.id, keep_sw_task, &tasks, err);
	}
	if (st == CP_OK && tasks.oom)
		st = cp_oom(err);
	if (st == CP_OK && !tasks.n)
		st = cp_fail(err, CP_REFUSED, "mail chaser: meeting %llu: the "
		             "social worker %s has nothing outstanding for it",
		             (unsigned long long)o->meeting,
		             cmd_s(c.social_worker));
	if (st == CP_OK)
		st = child_label(t, c.id, o->names, child, sizeof child, err);
	if (st == CP_OK) {
		worker_name(t, c.social_worker, swname, sizeof swname);
		worker_name(t, m.chair, chair, sizeof chair);
		sv_add(&to, c.social_worker);
		if (m.chair[0])   /* seed 002: chase, and forward to the chair */
			sv_add(&cc, m.chair);
		char when[40] = "";
		if (m.minutes >= 0)
			snprintf(when, sizeof when, " at %s", cmd_hhmm(m.minutes));
		snprintf(subject, sizeof subject, "%s", "");
		char s[500];
		snprintf(s, sizeof s, "Report needed for the %s on %s (%s)",
		         type_title(cw->pol, m.type), cmd_date(m.date), child);
		mail_subject(cw->pol->mail_subject_prefix, s, subject,
		             sizeof subject);
		tx_add(&body, "Dear %s,\n\nThe %s for %s is on %s %s%s (meeting "
		       "%llu, chair %s).\nStill outstanding from you:\n\n", swname,
		       type_title(cw->pol, m.type), child, date_weekday_name(m.date),
		       cmd_date(m.date), when, (unsigned long long)m.id, chair);
		for (size_t i = 0; i < tasks.n; i++) {
			char due[40];
			when_due(tasks.v[i].due, o->today, due, sizeof due);
			tx_add(&body, "  - %s: %s %s (%s)\n", cmd_s(tasks.v[i].title),
			       date_weekday_name(tasks.v[i].due),
			       cmd_date(tasks.v[i].due), due);
		}
		tx_add(&body, "\nPlease complete these and record them before the "
		       "meeting, sharing\nreports with the family where that is "
		       "right.  The chair is copied in.\n%s", footer);
	}
	store_read_end(t);
	if (st == CP_OK && (to.oom || cc.oom || body.oom))
		st = cp_oom(err);
	if (st == CP_OK)
		st = draft_add(d, o, &to, &cc, subject, body.s, err);
	for (size_t i = 0; i < tasks.n; i++)
		cp_task_free(&tasks.v[i]);
	if (have_m)
		cp_meeting_free(&m);
	if (have_c)
		cp_child_free(&c);
	sv_free(&to);
	sv_free(&cc);
	free(body.s);
	return st;
}

/* ---- mail escalation ------------------------------------------------------- */
static cp_status draft_escalations(casework *cw, const mail_opts *o,
                                   drafts *d, cp_error *err)
{
	store_txn *t;
	esc_list el = { 0 };
	svec people = { 0 };
	cp_status st = store_read_begin(cw->st, &t, err);
	if (st != CP_OK)
		return st;
	st = escalate_raised_between(cw, t, o->date, o->date, o->today, &el, err);
	/* who gets what: every login an item goes to (pools expanded) */
	svec *per = NULL;   /* per[i]: the logins of item i */
	if (st == CP_OK && el.n && !(per = calloc(el.n, sizeof *per)))
		st = cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < el.n; i++) {
		/* only what the sender may see (per[i] stays empty) */
		if (el.v[i].kind != TASK_ESCALATION ||
		    !permit_sees_task(cw->pm, t, &el.v[i].task))
			continue;
		st = resolve(t, el.v[i].to, &per[i], err);
		for (size_t j = 0; st == CP_OK && j < per[i].n; j++)
			sv_add(&people, per[i].v[j]);
	}
	if (st == CP_OK && people.oom)
		st = cp_oom(err);
	if (st == CP_OK && o->nto && people.n) {   /* --to: one message */
		sv_free(&people);
		sv_add(&people, "");
	}
	for (size_t p = 0; st == CP_OK && p < people.n; p++) {
		const char *who = people.v[p];
		text body = { 0 };
		size_t count = 0;
		char first[300] = "", name[300];
		if (*who)
			worker_name(t, who, name, sizeof name);
		tx_add(&body, "%s%s%s\n\nEscalations raised on %s %s:\n",
		       *who ? "Dear " : "", *who ? name : "", *who ? "," : "",
		       date_weekday_name(o->date), cmd_date(o->date));
		for (size_t i = 0; st == CP_OK && i < el.n; i++) {
			bool mine = !*who && per[i].n;
			for (size_t j = 0; !mine && j < per[i].n; j++)
				mine = !strcmp(per[i].v[j], who);
			for (size_t j = 0; mine && j < i; j++)   /* listed already */
				if (el.v[j].task.id == el.v[i].task.id && per[j].n &&
				    (!*who || sv_has(&per[j], who)))
					mine = false;
			if (!mine)
				continue;
			const esc_item *it = &el.v[i];
			char child[400], sw[300], due[40];
			st = child_label(t, it->task.child_id, o->names, child,
			                 sizeof child, err);
			worker_name(t, it->task.assignee, sw, sizeof sw);
			when_due(it->task.due, o->today, due, sizeof due);
			if (!count++)
				snprintf(first, sizeof first, "%s", cmd_s(it->title));
			tx_add(&body, "\n  %zu. %s\n     Child %s: %s on %s %s\n"
			       "     %s (task %llu) with %s, due %s (%s)\n", count,
			       cmd_s(it->title), child,
			       type_title(cw->pol, it->meeting_type),
			       date_weekday_name(it->meeting_date),
			       cmd_date(it->meeting_date), cmd_s(it->task.title),
			       (unsigned long long)it->task.id, sw, cmd_date(it->task.due),
			       due);
		}
		tx_add(&body, "\nPlease see that these are done, or record why "
		       "not.  Escalations end\nwhen the task is marked done "
		       "(cpdesk task done ID).\n%s", footer);
		char s[400], subject[600];
		if (count == 1)
			snprintf(s, sizeof s, "%s", first);
		else
			snprintf(s, sizeof s, "%zu escalations raised on %s", count,
			         cmd_date(o->date));
		mail_subject(cw->pol->mail_subject_prefix, s, subject,
		             sizeof subject);
		svec one = { 0 };
		if (*who)
			sv_add(&one, who);
		if (st == CP_OK && (body.oom || one.oom))
			st = cp_oom(err);
		if (st == CP_OK && count)
			st = draft_add(d, o, &one, NULL, subject, body.s, err);
		sv_free(&one);
		free(body.s);
	}
	store_read_end(t);
	for (size_t i = 0; per && i < el.n; i++)
		sv_free(&per[i]);
	free(per);
	sv_free(&people);
	esc_list_free(&el);
	if (st == CP_OK && !d->n)
		cmd_note("no escalations raised on %s: nothing to send",
		         cmd_date(o->date));
	return st;
}

/* ---- the command ------------------------------------------------------------ */
static cp_status mail_args(const cli_ctx *ctx, int argc, char **argv,
                           mail_opts *o, cp_error *err)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "domain", required_argument, NULL, 'D' },
		{ "to", required_argument, NULL, 't' },
		{ "maildir", required_argument, NULL, 'm' },
		{ "sendmail", required_argument, NULL, 's' },
		{ "date", required_argument, NULL, 'd' },
		{ "meeting", required_argument, NULL, 'M' },
		{ "names", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	char cmd[40];
	snprintf(cmd, sizeof cmd, "mail %s", o->name);
	cp_status st = CP_OK;
	int c;
	opterr = 0;
	optind = 1;
	o->date = o->today = ctx->today;
	mail_default_from(o->from, sizeof o->from);
	while (st == CP_OK &&
	       (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!mail_address_valid(optarg))
				st = cp_fail(err, CP_BADINPUT, "--from '%s' is not a mail "
				             "address (write local@domain)", cmd_s(optarg));
			else
				snprintf(o->from, sizeof o->from, "%s", optarg);
			break;
		case 'D': o->domain = optarg; break;
		case 't':
			if (!mail_address_valid(optarg))
				st = cp_fail(err, CP_BADINPUT, "--to '%s' is not a mail "
				             "address (write local@domain)", cmd_s(optarg));
			else if (o->nto == MAX_TO)
				st = cp_fail(err, CP_BADINPUT, "--to: at most %d", MAX_TO);
			else
				o->to[o->nto++] = optarg;
			break;
		case 'm': o->maildir = optarg; break;
		case 's': o->sendmail = optarg; break;
		case 'd': st = cmd_parse_date("--date", optarg, &o->date, err); break;
		case 'M': st = cmd_parse_id("--meeting", optarg, &o->meeting, err);
		          break;
		case 'n': o->names = true; break;
		default: st = cmd_bad_option(cmd, argc, argv, err);
		}
	}
	if (st == CP_OK && optind != argc)
		st = cp_fail(err, CP_BADINPUT, "%s: unexpected argument '%s' (try "
		             "--help)", cmd, cmd_s(argv[optind]));
	if (st == CP_OK && o->domain) {
		char probe[MAIL_ADDR_MAX + 1];
		snprintf(probe, sizeof probe, "x@%s", o->domain);
		if (!mail_address_valid(probe))
			st = cp_fail(err, CP_BADINPUT, "--domain '%s' is not a mail "
			             "domain (e.g. example.gov.uk)", cmd_s(o->domain));
	}
	if (st == CP_OK && !o->domain && !o->nto)
		st = cp_fail(err, CP_BADINPUT, "%s: give --domain DOMAIN (LOGIN@"
		             "DOMAIN for each worker) or --to ADDRESS", cmd);
	if (st == CP_OK && o->maildir && o->sendmail)
		st = cp_fail(err, CP_BADINPUT, "%s: --maildir and --sendmail: "
		             "choose one", cmd);
	if (st == CP_OK && ((o->maildir && !*o->maildir) ||
	                    (o->sendmail && !*o->sendmail)))
		st = cp_fail(err, CP_BADINPUT, "%s: --maildir and --sendmail need "
		             "a value", cmd);
	if (st == CP_OK && !strcmp(o->name, "chaser") && !o->meeting)
		st = cp_fail(err, CP_BADINPUT, "mail chaser: give --meeting ID");
	if (st == CP_OK && strcmp(o->name, "chaser") && o->meeting)
		st = cp_fail(err, CP_BADINPUT, "%s: --meeting is for mail chaser",
		             cmd);
	return st;
}

static cp_status run_mail(const cli_ctx *ctx, int argc, char **argv)
{
	mail_opts o = { .name = argv[0] };
	drafts d = { 0 };
	cp_error err;
	casework cw;
	policy_list_kind kind = LIST_WEEK;
	bool is_list = lists_parse_name(o.name, &kind);
	cp_status st = mail_args(ctx, argc, argv, &o, &err);
	if (st == CP_OK && (st = cmd_open(ctx, &cw, &err)) == CP_OK) {
		if (is_list)
			st = draft_list(&cw, &o, kind, &d, &err);
		else if (!strcmp(o.name, "chaser"))
			st = draft_chaser(&cw, &o, &d, &err);
		else
			st = draft_escalations(&cw, &o, &d, &err);
		casework_close(&cw);
	}
	if (st == CP_OK)
		st = deliver(&d, &o, &err);
	drafts_free(&d);
	return st == CP_OK ? CP_OK : cli_report(st, &err);
}

#define MAIL_COMMON \
	"  --domain DOMAIN  a worker's address is LOGIN@DOMAIN\n" \
	"  --to ADDRESS     send to ADDRESS instead (repeatable)\n" \
	"  --from ADDRESS   the sender (default cpdesk@HOSTNAME)\n" \
	"  --maildir DIR    write each message into the Maildir DIR (new/)\n" \
	"  --sendmail CMD   pipe each message to CMD, e.g.\n" \
	"                   '/usr/sbin/sendmail -t -i'\n" \
	"\n" \
	"With neither --maildir nor --sendmail the messages are printed\n" \
	"(mbox format) and nothing is sent.  Subjects start with the policy's\n" \
	"mail: subject-prefix.  See doc/export.md.\n"

#define MAIL_LIST(NAME, WHAT) \
	{ "mail " NAME, "(--domain DOMAIN | --to ADDRESS) [--date DATE] [--from ADDRESS] [--maildir DIR | --sendmail CMD]", \
	  "draft the " WHAT " to the roles the policy names", \
	  "Drafts one message with `cpdesk list " NAME " --date DATE` as text,\n" \
	  "to every current worker holding a role of the policy's\n" \
	  "lists: " NAME ": to:, with its subject:.\n" \
	  "\n" \
	  "  --date DATE      the list's date (default: today)\n" \
	  MAIL_COMMON, run_mail }

const cli_command cmds_mail[] = {
	MAIL_LIST("week", "week's list"),
	MAIL_LIST("fortnight", "two-week list"),
	MAIL_LIST("month", "month-ahead list"),
	MAIL_LIST("exceptions", "weekly exception report"),
	MAIL_LIST("case-mapping", "case-mapping list"),
	{ "mail chaser", "--meeting ID (--domain DOMAIN | --to ADDRESS) [--names] [--from ADDRESS] [--maildir DIR | --sendmail CMD]",
	  "draft a late-report chaser to a meeting's social worker",
	  "Drafts a message to the child's social worker, copied to the chair,\n"
	  "listing their open tasks for the meeting (seed 002: minute takers\n"
	  "chase reports the day before).  Refused when the meeting is not\n"
	  "scheduled or nothing is outstanding.\n"
	  "\n"
	  "  --meeting ID     the meeting\n"
	  "  --names          the child's full name (default: id and initials)\n"
	  MAIL_COMMON, run_mail },
	{ "mail escalation", "(--domain DOMAIN | --to ADDRESS) [--date DATE] [--names] [--from ADDRESS] [--maildir DIR | --sendmail CMD]",
	  "draft the escalations raised today to the managers they go to",
	  "One message to each worker an escalation raised on DATE goes to\n"
	  "(the policy's escalate: to: roles, pools expanded to the workers\n"
	  "holding the role), listing those escalations.  Nothing raised: no\n"
	  "message, exit 0.\n"
	  "\n"
	  "  --date DATE      the day the escalations were raised (default: today)\n"
	  "  --names          children's full names (default: id and initials)\n"
	  MAIL_COMMON, run_mail },
	{ NULL, NULL, NULL, NULL, NULL }
};

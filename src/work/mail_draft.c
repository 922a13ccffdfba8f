/* mail_draft.c - the messages `cpdesk mail` drafts (mail_draft.h).
 * Bodies are written to memory streams (open_memstream); mail_format
 * sanitises subject and body. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate.h"
#include "ics.h"
#include "mail_draft.h"
#include "permit.h"
#include "query.h"
#include "text.h"
#include "vec.h"

static const char footer[] =
	"\n-- \nDrafted by cpdesk from the case store.  Reply to the sender "
	"if\nsomething here is wrong; the store is the record.\n";

/* ---- logins: distinct, owned ------------------------------------------- */
typedef str_vec logins;

static cp_status logins_add(logins *l, const char *s, cp_error *err)
{
	return str_vec_add_once(l, s) ? CP_OK : cp_oom(err);
}

/* ---- the drafts -------------------------------------------------------- */
void mail_drafts_free(mail_drafts *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].text);
		free(d->v[i].summary);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

/* A stream's text, once written; false when it could not be. */
static bool stream_done(FILE *f, char **s)
{
	bool ok = f && !ferror(f);
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok) {
		free(*s);
		*s = NULL;
	}
	return ok;
}

/* Recipients: --to's addresses, else LOGIN@DOMAIN for each login. */
static cp_status addresses(const mail_draft_opts *o, const logins *l,
                           char (*buf)[MAIL_ADDR_MAX + 1], const char **out,
                           size_t *n, cp_error *err)
{
	*n = 0;
	if (l && l->n > MAIL_DRAFT_TO_MAX)
		return cp_fail(err, CP_BADINPUT, "mail %s: more than %d recipients: "
		               "give --to a list address", o->name,
		               MAIL_DRAFT_TO_MAX);
	for (size_t i = 0; l && i < l->n; i++) {
		snprintf(buf[i], sizeof buf[i], "%s@%s", l->v[i], o->domain);
		out[(*n)++] = buf[i];
	}
	return CP_OK;
}

static cp_status keep(mail_drafts *d, const mail_draft_opts *o,
                      const char *const *to, size_t nto, char *msg,
                      size_t len, cp_error *err)
{
	char *sum = NULL;
	size_t sl = 0;
	FILE *f = open_memstream(&sum, &sl);
	if (f)
		fprintf(f, "%s to", o->name);
	for (size_t i = 0; f && i < nto; i++)
		fprintf(f, "%s%s", i ? ", " : " ", to[i]);
	if (!stream_done(f, &sum) ||
	    !vec_room((void **)&d->v, &d->cap, d->n, sizeof *d->v, 8)) {
		free(msg);
		free(sum);
		return cp_oom(err);
	}
	d->v[d->n++] = (mail_draft){ msg, len, sum };
	return CP_OK;
}

/* Format one message (with an attachment, or none) and keep it. */
static cp_status draft_add(mail_drafts *d, const mail_draft_opts *o,
                           const logins *to_logins, const logins *cc_logins,
                           const char *subject, const char *body,
                           const mail_attachment *attachment, cp_error *err)
{
	char buf[2][MAIL_DRAFT_TO_MAX][MAIL_ADDR_MAX + 1];
	const char *to[MAIL_DRAFT_TO_MAX], *cc[MAIL_DRAFT_TO_MAX];
	size_t nto = 0, ncc = 0;
	if (o->nto) {
		for (size_t i = 0; i < o->nto && i < MAIL_DRAFT_TO_MAX; i++)
			to[nto++] = o->to[i];
	} else {
		CP_TRY(addresses(o, to_logins, buf[0], to, &nto, err));
		CP_TRY(addresses(o, cc_logins, buf[1], cc, &ncc, err));
	}
	if (!nto)
		return cp_fail(err, CP_REFUSED, "mail %s: no one to send it to",
		               o->name);
	mail_msg m = { .from = o->from, .to = to, .nto = nto, .cc = cc,
	               .ncc = ncc, .subject = subject, .body = body,
	               .attachment = attachment };
	char *msg;
	size_t len;
	CP_TRY(mail_format(o->writer, &m, &msg, &len, err));
	return keep(d, o, to, nto, msg, len, err);
}

/* ---- names (query.h reads them, and records the children's) ------------ */

/* "Ava Brown (C12)" with names, else "C12 A.B."; the id alone for a
 * child not known (query_child_names gave the id for the name). */
static void child_label(const char *id, const char *name, bool names,
                        char *buf, size_t size)
{
	char ini[64];
	if (!strcmp(name, id)) {
		snprintf(buf, size, "%s", id);
	} else if (names) {
		snprintf(buf, size, "%s (%s)", name, id);
	} else {
		ics_initials(name, ini, sizeof ini);
		snprintf(buf, size, "%s%s%s", id, ini[0] ? " " : "", ini);
	}
}

/* "Ann Social (asocial)"; the login for one not known; "none". */
static void person(const char *login, const char *name, char *buf,
                   size_t size)
{
	if (!*login)
		snprintf(buf, size, "none");
	else if (strcmp(name, login))
		snprintf(buf, size, "%s (%s)", name, login);
	else
		snprintf(buf, size, "%s", login);
}

static void names_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* A date as text, for one printf (C11: the temporary lives that long). */
typedef struct ymd_text {
	char s[CP_DATE_STRLEN];
} ymd_text;

static ymd_text ymd(cp_date d)
{
	ymd_text t;
	date_format(d, t.s);
	return t;
}

static const char *type_title(const policy *p, const char *type)
{
	const policy_meeting *pm = policy_meeting_find(p, type);
	return pm && text_nonempty(pm->title) ? pm->title : type;
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

/* ---- a list ------------------------------------------------------------ */

/* The current workers holding the list's to: roles (none with --to). */
static cp_status list_recipients(casework *cw, const policy_list *pl,
                                 const mail_draft_opts *o, logins *to,
                                 cp_error *err)
{
	if (o->nto)
		return CP_OK;
	if (!pl->present || !pl->to)
		return cp_fail(err, CP_BADINPUT, "mail %s: the policy's lists: has "
		               "no %s entry with to: roles; give --to ADDRESS",
		               o->name, o->name);
	cp_worker_vec wv;
	CP_TRY(query_workers(cw, pl->to, true, &wv, err));
	cp_status st = CP_OK;
	for (size_t i = 0; st == CP_OK && i < wv.n; i++)
		st = logins_add(to, wv.v[i].login, err);
	cp_worker_vec_free(&wv);
	if (st == CP_OK && !to->n) {
		char roles[200];
		role_set_format(pl->to, roles, sizeof roles);
		st = cp_fail(err, CP_REFUSED, "mail %s: no current worker holds "
		             "the role%s %s that lists.%s.to names; give --to "
		             "ADDRESS", o->name, strchr(roles, ',') ? "s" : "",
		             roles, o->name);
	}
	return st;
}

/* Words of s on lines of at most MAIL_DRAFT_WIDTH columns (a word
 * longer than that on a line of its own). */
static void wrap(FILE *f, const char *s)
{
	int col = 0;
	while (*s) {
		size_t n = strcspn(s, " ");
		char word[512];
		snprintf(word, sizeof word, "%.*s", (int)n, s);
		int w = text_width(word);
		if (col && col + 1 + w > MAIL_DRAFT_WIDTH) {
			fputc('\n', f);
			col = 0;
		} else if (col) {
			fputc(' ', f);
			col++;
		}
		fputs(word, f);
		col += w;
		s += n;
		s += strspn(s, " ");
	}
	fputc('\n', f);
}

/* A row in a line: its first cells (date, day, time, type, child ...),
 * the empty ones left out, cut to fit after the indent. */
static void row_line(FILE *f, const list_table *lt, const list_row *r)
{
	char line[1024] = "", cut[1024];
	size_t used = 0;
	for (size_t c = 0; c < lt->ncols && c < 6 && used < sizeof line; c++) {
		const char *cell = r->cells[c];
		if (!*cell || !strcmp(cell, "-"))
			continue;
		used += (size_t)snprintf(line + used, sizeof line - used, "%s%s",
		                         used ? "  " : "", cell);
	}
	lists_fit_cell(line, MAIL_DRAFT_WIDTH - 2, cut, sizeof cut);
	fprintf(f, "  %s\n", cut);
}

/* The text part: what the list is, for which dates, how many rows, the
 * first few, and where the rest is. */
static void list_text(FILE *f, const list_table *lt, const char *file)
{
	size_t shown = lt->nrows < MAIL_DRAFT_ROWS ? lt->nrows : MAIL_DRAFT_ROWS;
	char line[300];
	wrap(f, lt->title);
	snprintf(line, sizeof line, "%s %s to %s %s: %zu entr%s%s",
	         date_weekday_name(lt->from), ymd(lt->from).s,
	         date_weekday_name(lt->to), ymd(lt->to).s, lt->nrows,
	         lt->nrows == 1 ? "y" : "ies",
	         !lt->nrows ? "." : shown < lt->nrows ? "; the first:" : ":");
	fputc('\n', f);
	wrap(f, line);
	if (shown)
		fputc('\n', f);
	for (size_t i = 0; i < shown; i++)
		row_line(f, lt, &lt->rows[i]);
	if (shown < lt->nrows)
		fprintf(f, "  ... and %zu more\n", lt->nrows - shown);
	snprintf(line, sizeof line, "The full list is attached as CSV (%s), "
	         "to open in a spreadsheet; \"late\" is as of %s %s.", file,
	         date_weekday_name(lt->today), ymd(lt->today).s);
	fputc('\n', f);
	wrap(f, line);
}

/* The message: the text part and the list as CSV, as `cpdesk list NAME
 * --format csv` writes it. */
static cp_status list_message(const list_table *lt, const mail_draft_opts *o,
                              const logins *to, const char *subject,
                              mail_drafts *out, cp_error *err)
{
	char *csv = NULL, *body = NULL, file[64];
	size_t csv_len = 0, bl = 0;
	snprintf(file, sizeof file, "%s-%s.csv", o->name, ymd(lt->from).s);
	CP_TRY(lists_render(lt, LIST_FMT_CSV, &csv, &csv_len, err));
	FILE *f = open_memstream(&body, &bl);
	if (f) {
		list_text(f, lt, file);
		fputs(footer, f);
	}
	mail_attachment att = { .filename = file, .type = "text",
	                        .subtype = "csv", .data = csv, .len = csv_len };
	cp_status st = stream_done(f, &body)
	    ? draft_add(out, o, to, NULL, subject, body, &att, err)
	    : cp_oom(err);
	free(body);
	free(csv);
	return st;
}

cp_status mail_draft_list(casework *cw, policy_list_kind kind,
                          const mail_draft_opts *o, mail_drafts *out,
                          cp_error *err)
{
	const policy_list *pl = &cw->pol->lists[kind];
	logins to = { 0 };
	list_table lt;
	char where[32], subject[600];
	snprintf(where, sizeof where, "mail %s", o->name);
	cp_status st = list_recipients(cw, pl, o, &to, err);
	if (st == CP_OK &&
	    (st = query_list(cw, kind, o->date, o->today, where, &lt, err)) ==
	    CP_OK) {
		mail_subject(cw->pol->mail_subject_prefix,
		             text_nonempty(pl->subject) ? pl->subject : lt.title,
		             subject, sizeof subject);
		st = list_message(&lt, o, &to, subject, out, err);
		list_table_free(&lt);
	}
	str_vec_free(&to);
	return st;
}

/* ---- a chaser ---------------------------------------------------------- */
typedef struct chase {
	cp_meeting m;
	cp_child c;
	cp_task_vec tasks;       /* the social worker's open step tasks */
	bool have_m, have_c;
	cp_status st;
	cp_error *err;
} chase;

static bool keep_sw_task(void *ctx, const cp_task *k)
{
	chase *ch = ctx;
	if (k->status != TASK_OPEN || k->kind != TASK_STEP ||
	    strcmp(k->assignee, ch->c.social_worker) || ch->tasks.n == 64)
		return true;
	ch->st = cp_task_vec_push(&ch->tasks, k, ch->err);
	return ch->st == CP_OK;
}

static cp_status chase_in(casework *cw, store_txn *t, uint64_t id, chase *ch,
                          cp_error *err)
{
	bool found = false, hidden = false;
	char clean[MODEL_ID_MAX * 3 + 1];
	CP_TRY(store_meeting_get(t, id, &ch->m, &found, err));
	ch->have_m = found;
	cp_status st = found ? permit_meeting(cw->pm, t, PERMIT_SEE, &ch->m, err)
	                     : CP_OK;
	/* a meeting of a child the actor may not see: as one not there */
	if (st == CP_REFUSED)
		st = permit_hides(cw->pm, t, ch->m.child_id, &hidden, err);
	if (st == CP_OK && (!found || hidden))
		return cp_fail(err, CP_BADINPUT, "mail chaser: no meeting %llu "
		               "(cpdesk child show ID lists a child's meetings)",
		               (unsigned long long)id);
	CP_TRY(st);
	if (ch->m.status != MEETING_SCHEDULED)
		return cp_fail(err, CP_REFUSED, "mail chaser: meeting %llu is %s: "
		               "there is no report to chase", (unsigned long long)id,
		               meeting_status_name(ch->m.status));
	CP_TRY(store_child_get(t, ch->m.child_id, &ch->c, &found, err));
	text_sanitize(ch->m.child_id, clean, sizeof clean);
	if (!found)
		return cp_fail(err, CP_FAILED, "mail chaser: meeting %llu names "
		               "child %s, who is not in the store",
		               (unsigned long long)id, clean);
	ch->have_c = true;
	/* a family meeting seen through a sibling: the reports are on the
	 * index child, whom (and whose worker) the actor may not know of */
	if (!permit_sees_child(cw->pm, t, &ch->c))
		return cp_fail(err, CP_REFUSED, "mail chaser: meeting %llu's "
		               "reports are written on a child of the family you "
		               "do not see: that child's team or the QA team "
		               "chases them", (unsigned long long)id);
	CP_TRY(store_tasks_for_meeting(t, id, keep_sw_task, ch, err));
	CP_TRY(ch->st);
	text_sanitize(ch->c.social_worker, clean, sizeof clean);
	if (!ch->tasks.n)
		return cp_fail(err, CP_REFUSED, "mail chaser: meeting %llu: the "
		               "social worker %s has nothing outstanding for it",
		               (unsigned long long)id, clean);
	return CP_OK;
}

/* The meeting, its child and the social worker's open tasks, in one read. */
static cp_status chase_read(casework *cw, uint64_t id, chase *ch,
                            cp_error *err)
{
	store_txn *t;
	CP_TRY(store_read_begin(cw->st, &t, err));
	cp_status st = chase_in(cw, t, id, ch, err);
	store_read_end(t);
	return st;
}

/* names: the social worker's and the chair's. */
static void chase_write(FILE *f, const policy *p, const chase *ch,
                        const char *child, char *const names[2],
                        cp_date today)
{
	const cp_meeting *m = &ch->m;
	char sw[300], chair[300], when[40] = "", due[40];
	person(ch->c.social_worker, names[0], sw, sizeof sw);
	person(m->chair, names[1], chair, sizeof chair);
	if (m->minutes >= 0)
		snprintf(when, sizeof when, " at %02d:%02d", m->minutes / 60,
		         m->minutes % 60);
	fprintf(f, "Dear %s,\n\nThe %s for %s is on %s %s%s (meeting %llu, "
	        "chair %s).\nStill outstanding from you:\n\n", sw,
	        type_title(p, m->type), child, date_weekday_name(m->date),
	        ymd(m->date).s, when, (unsigned long long)m->id, chair);
	for (size_t i = 0; i < ch->tasks.n; i++) {
		const cp_task *k = &ch->tasks.v[i];
		when_due(k->due, today, due, sizeof due);
		fprintf(f, "  - %s: %s %s (%s)\n", k->title,
		        date_weekday_name(k->due), ymd(k->due).s, due);
	}
	fprintf(f, "\nPlease complete these and record them before the "
	        "meeting, sharing\nreports with the family where that is "
	        "right.  The chair is copied in.\n%s", footer);
}

static cp_status chase_draft(casework *cw, const mail_draft_opts *o,
                             const chase *ch, const char *child_name,
                             char *const names[2], mail_drafts *out,
                             cp_error *err)
{
	char child[1024], s[1200], subject[1300], *body = NULL;
	size_t bl = 0;
	logins to = { 0 }, cc = { 0 };
	child_label(ch->c.id, child_name, o->names, child, sizeof child);
	snprintf(s, sizeof s, "Report needed for the %s on %s (%s)",
	         type_title(cw->pol, ch->m.type), ymd(ch->m.date).s, child);
	mail_subject(cw->pol->mail_subject_prefix, s, subject, sizeof subject);
	FILE *f = open_memstream(&body, &bl);
	if (f)
		chase_write(f, cw->pol, ch, child, names, o->today);
	cp_status st = stream_done(f, &body) ? CP_OK : cp_oom(err);
	if (st == CP_OK)
		st = logins_add(&to, ch->c.social_worker, err);
	/* Hounslow's procedure (002): chase, and copy the chair in */
	if (st == CP_OK && ch->m.chair[0])
		st = logins_add(&cc, ch->m.chair, err);
	if (st == CP_OK)
		st = draft_add(out, o, &to, &cc, subject, body, NULL, err);
	str_vec_free(&to);
	str_vec_free(&cc);
	free(body);
	return st;
}

cp_status mail_draft_chaser(casework *cw, const mail_draft_opts *o,
                            mail_drafts *out, cp_error *err)
{
	chase ch = { .st = CP_OK, .err = err };
	char *child = NULL, *names[2] = { NULL, NULL };
	cp_status st = chase_read(cw, o->meeting, &ch, err);
	if (st == CP_OK)
		st = query_child_names(cw, (const char *const[]){ ch.c.id }, 1,
		                       "mail chaser", &child, err);
	if (st == CP_OK)
		st = query_worker_names(cw, (const char *const[]){
		                            ch.c.social_worker, ch.m.chair }, 2,
		                        names, err);
	if (st == CP_OK)
		st = chase_draft(cw, o, &ch, child, names, out, err);
	free(child);
	free(names[0]);
	free(names[1]);
	if (ch.have_m)
		cp_meeting_free(&ch.m);
	if (ch.have_c)
		cp_child_free(&ch.c);
	cp_task_vec_free(&ch.tasks);
	return st;
}

/* ---- escalations and reminders ----------------------------------------- */
/* One message a person, listing the escalations raised (or the reminders
 * dated) on the day: the same drafting for both, the words by kind. */
typedef struct esc_mail {
	casework *cw;
	const mail_draft_opts *o;
	task_kind kind;          /* TASK_ESCALATION or TASK_REMINDER */
	const char *where;       /* "mail escalation", "mail reminders" */
	esc_list el;
	logins *per;             /* per[i]: who item i goes to (none: the
	                            sender may not see it, or no one holds the
	                            role) */
	logins people;           /* everyone, in order */
	size_t *slot;            /* item i's names are child[slot[i]] ... */
	char **child, **sw;      /* names of the items that go to someone */
	size_t nnamed;
	char **names;            /* people's */
} esc_mail;

typedef struct role_scan {
	role_set roles;
	logins *out;
	cp_status st;
	cp_error *err;
} role_scan;

static bool add_holder(void *ctx, const cp_worker *w)
{
	role_scan *rs = ctx;
	if (!w->left && (w->roles & rs->roles))
		rs->st = logins_add(rs->out, w->login, rs->err);
	return rs->st == CP_OK;
}

/* A login, or a pool (@director) as the current workers in its role. */
static cp_status resolve(store_txn *t, const char *who, logins *out,
                         cp_error *err)
{
	role_scan rs = { 0, out, CP_OK, err };
	cp_role r;
	if (pool_role(who, &r))
		rs.roles = ROLE_BIT(r);
	else
		return who[0] && who[0] != '@' ? logins_add(out, who, err) : CP_OK;
	CP_TRY(store_worker_list(t, add_holder, &rs, err));
	return rs.st;
}

/* Who gets what: the items of the kind the sender may see. */
static cp_status esc_recipients(esc_mail *e, store_txn *t, cp_error *err)
{
	if (e->el.n && !(e->per = calloc(e->el.n, sizeof *e->per)))
		return cp_oom(err);
	for (size_t i = 0; i < e->el.n; i++) {
		const esc_item *it = &e->el.v[i];
		if (it->kind != e->kind ||
		    !permit_sees_task(e->cw->pm, t, &it->task))
			continue;
		CP_TRY(resolve(t, it->to, &e->per[i], err));
		for (size_t j = 0; j < e->per[i].n; j++)
			CP_TRY(logins_add(&e->people, e->per[i].v[j], err));
	}
	return CP_OK;
}

static cp_status esc_read(esc_mail *e, cp_error *err)
{
	store_txn *t;
	CP_TRY(store_read_begin(e->cw->st, &t, err));
	cp_status st = e->kind == TASK_REMINDER
	    ? escalate_reminders_between(e->cw, t, e->o->since != CP_DATE_NONE
	                                 ? e->o->since : e->o->date, e->o->date,
	                                 &e->el, err)
	    : escalate_raised_between(e->cw, t, e->o->date, e->o->date,
	                              e->o->today, &e->el, err);
	if (st == CP_OK)
		st = esc_recipients(e, t, err);
	store_read_end(t);
	return st;
}

/* The names the messages show: the children (their read recorded) and
 * assignees of the items that go to someone, and the people. */
static cp_status esc_names(esc_mail *e, cp_error *err)
{
	size_t n = e->el.n ? e->el.n : 1, k = 0;
	const char **ids = calloc(n, sizeof *ids), **who = calloc(n, sizeof *who);
	e->slot = calloc(n, sizeof *e->slot);
	e->child = calloc(n, sizeof *e->child);
	e->sw = calloc(n, sizeof *e->sw);
	e->names = calloc(e->people.n ? e->people.n : 1, sizeof *e->names);
	cp_status st = ids && who && e->slot && e->child && e->sw && e->names
	               ? CP_OK : cp_oom(err);
	for (size_t i = 0; st == CP_OK && i < e->el.n; i++)
		if (e->per[i].n) {
			e->slot[i] = k;
			ids[k] = e->el.v[i].task.child_id;
			who[k++] = e->el.v[i].task.assignee;
		}
	if (st == CP_OK)
		st = query_child_names(e->cw, ids, k, e->where, e->child, err);
	if (st == CP_OK && (e->nnamed = k) > 0)
		st = query_worker_names(e->cw, who, k, e->sw, err);
	if (st == CP_OK)
		st = query_worker_names(e->cw, (const char *const *)e->people.v,
		                        e->people.n, e->names, err);
	free(ids);
	free(who);
	return st;
}

/* Item i goes in the message of person p (-1 with --to: everyone's),
 * once (a task's two reminders on two days are two items). */
static bool esc_mine(const esc_mail *e, size_t i, const char *who)
{
	const esc_item *it = &e->el.v[i];
	bool mine = who ? str_vec_has(&e->per[i], who) : e->per[i].n > 0;
	for (size_t j = 0; mine && j < i; j++)
		if (e->el.v[j].task.id == it->task.id &&
		    e->el.v[j].date == it->date &&
		    !strcmp(e->el.v[j].title, it->title) && e->per[j].n &&
		    (!who || str_vec_has(&e->per[j], who)))
			mine = false;
	return mine;
}

/* "raised on Wed 2025-03-12", "dated Wed 2025-03-12", or "dated from
 * 2025-03-10 to 2025-03-12" (reminders with --since). */
static void esc_span(const esc_mail *e, bool weekday, char *buf,
                     size_t size)
{
	const mail_draft_opts *o = e->o;
	if (e->kind == TASK_REMINDER && o->since != CP_DATE_NONE &&
	    o->since < o->date)
		snprintf(buf, size, "dated from %s to %s", ymd(o->since).s,
		         ymd(o->date).s);
	else
		snprintf(buf, size, "%s %s%s%s",
		         e->kind == TASK_REMINDER ? "dated" : "raised on",
		         weekday ? date_weekday_name(o->date) : "",
		         weekday ? " " : "", ymd(o->date).s);
}

static void esc_write_item(const esc_mail *e, FILE *f, size_t count,
                           size_t i)
{
	const esc_item *it = &e->el.v[i];
	char child[1024], sw[300], due[40];
	child_label(it->task.child_id, e->child[e->slot[i]], e->o->names, child,
	            sizeof child);
	person(it->task.assignee, e->sw[e->slot[i]], sw, sizeof sw);
	when_due(it->task.due, e->o->today, due, sizeof due);
	fprintf(f, "\n  %zu. %s\n", count, it->title);
	if (it->kind == TASK_REMINDER)
		fprintf(f, "     Reminder of %s %s, until the task is done\n",
		        date_weekday_name(it->date), ymd(it->date).s);
	fprintf(f, "     Child %s: %s on %s %s\n"
	        "     %s (task %llu) with %s, due %s (%s)\n",
	        child, type_title(e->cw->pol, it->meeting_type),
	        date_weekday_name(it->meeting_date), ymd(it->meeting_date).s,
	        it->task.title, (unsigned long long)it->task.id, sw,
	        ymd(it->task.due).s, due);
}

/* Person p's items (p -1: all) into f; how many, and the first's title. */
static size_t esc_items(const esc_mail *e, FILE *f, long p,
                        const char **first)
{
	const char *who = p < 0 ? NULL : e->people.v[p];
	char name[300], span[80];
	size_t count = 0;
	bool rem = e->kind == TASK_REMINDER;
	if (who)
		person(who, e->names[p], name, sizeof name);
	esc_span(e, true, span, sizeof span);
	fprintf(f, "%s%s%s\n\n%s %s:\n", who ? "Dear " : "", who ? name : "",
	        who ? "," : "", rem ? "Reminders" : "Escalations", span);
	for (size_t i = 0; i < e->el.n; i++)
		if (esc_mine(e, i, who)) {
			if (!count++)
				*first = e->el.v[i].title;
			esc_write_item(e, f, count, i);
		}
	fprintf(f, "\nPlease see that these are done, or record why not.  "
	        "%s end\nwhen the task is marked done (cpdesk task done ID).\n%s",
	        rem ? "Reminders" : "Escalations", footer);
	return count;
}

/* One message: to person p, or to --to's addresses (p -1). */
static cp_status esc_message(const esc_mail *e, long p, mail_drafts *out,
                             cp_error *err)
{
	char *body = NULL, s[400], subject[600], span[80];
	const char *first = "";
	size_t bl = 0, count = 0;
	logins one = { 0 };
	FILE *f = open_memstream(&body, &bl);
	if (f)
		count = esc_items(e, f, p, &first);
	cp_status st = stream_done(f, &body) ? CP_OK : cp_oom(err);
	esc_span(e, false, span, sizeof span);
	if (count == 1)
		snprintf(s, sizeof s, "%s", first);
	else
		snprintf(s, sizeof s, "%zu %s %s", count, e->kind == TASK_REMINDER
		         ? "reminders" : "escalations", span);
	mail_subject(e->cw->pol->mail_subject_prefix, s, subject, sizeof subject);
	if (st == CP_OK && p >= 0)
		st = logins_add(&one, e->people.v[p], err);
	if (st == CP_OK && count)
		st = draft_add(out, e->o, &one, NULL, subject, body, NULL, err);
	str_vec_free(&one);
	free(body);
	return st;
}

static void esc_free(esc_mail *e)
{
	for (size_t i = 0; e->per && i < e->el.n; i++)
		str_vec_free(&e->per[i]);
	free(e->per);
	free(e->slot);
	names_free(e->child, e->nnamed);
	names_free(e->sw, e->nnamed);
	names_free(e->names, e->people.n);
	str_vec_free(&e->people);
	esc_list_free(&e->el);
}

static cp_status esc_mail_draft(esc_mail *e, mail_drafts *out,
                                cp_error *err)
{
	const mail_draft_opts *o = e->o;
	cp_status st = esc_read(e, err);
	if (st == CP_OK)
		st = esc_names(e, err);
	if (st == CP_OK && o->nto && e->people.n)   /* --to: one message */
		st = esc_message(e, -1, out, err);
	for (size_t p = 0; st == CP_OK && !o->nto && p < e->people.n; p++)
		st = esc_message(e, (long)p, out, err);
	esc_free(e);
	return st;
}

cp_status mail_draft_reminders(casework *cw, const mail_draft_opts *o,
                               mail_drafts *out, cp_error *err)
{
	esc_mail e = { .cw = cw, .o = o, .kind = TASK_REMINDER,
	               .where = "mail reminders" };
	return esc_mail_draft(&e, out, err);
}

cp_status mail_draft_escalations(casework *cw, const mail_draft_opts *o,
                                 mail_drafts *out, cp_error *err)
{
	esc_mail e = { .cw = cw, .o = o, .kind = TASK_ESCALATION,
	               .where = "mail escalation" };
	return esc_mail_draft(&e, out, err);
}


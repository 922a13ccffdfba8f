/* cmd_mail.c - mail week|fortnight|month|exceptions|case-mapping|chaser|
 * escalation|reminders: messages drafted from the store (mail_draft.h), then put
 * into a Maildir, through a sendmail command, or on standard output.
 * Nothing is sent without --sendmail. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "mail_draft.h"

static struct {
	char *from, *domain, *maildir, *sendmail;
	cli_list to;
	cp_date date, since;
	uint64_t meeting;
	bool names;
} mo = { .date = CP_DATE_NONE, .since = CP_DATE_NONE };

static bool domain_valid(const char *d)
{
	char probe[MAIL_ADDR_MAX + 1];
	snprintf(probe, sizeof probe, "x@%s", d);
	return mail_address_valid(probe);
}

static cp_status check_mail(const cli_ctx *ctx, cp_error *err)
{
	const char *cmd = ctx->cmd->name;
	if (!mo.domain && !mo.to.n)
		return cp_fail(err, CP_BADINPUT, "%s: give --domain DOMAIN (LOGIN@"
		               "DOMAIN for each worker) or --to ADDRESS", cmd);
	if (mo.maildir && mo.sendmail)
		return cp_fail(err, CP_BADINPUT, "%s: --maildir and --sendmail: "
		               "choose one", cmd);
	if ((mo.maildir && !*mo.maildir) || (mo.sendmail && !*mo.sendmail))
		return cp_fail(err, CP_BADINPUT, "%s: --maildir and --sendmail need "
		               "a value", cmd);
	if (mo.since != CP_DATE_NONE &&
	    mo.since > (mo.date != CP_DATE_NONE ? mo.date : ctx->today))
		return cp_fail(err, CP_BADINPUT, "%s: --since is after --date (or "
		               "today): give the first day, then the last", cmd);
	return CP_OK;
}

/* Every draft, once all were made: a failure while drafting sends none. */
static cp_status deliver(const mail_drafts *d, const char *from,
                         cp_error *err)
{
	for (size_t i = 0; i < d->n; i++) {
		const mail_draft *m = &d->v[i];
		char name[320];
		if (mo.maildir) {
			CP_TRY(mail_maildir_deliver(mo.maildir, m->text, m->len, name,
			                            sizeof name, err));
			cmd_note("%s: %s/cur/%s", m->summary, cmd_s(mo.maildir),
			         cmd_s(name));
		} else if (mo.sendmail) {
			CP_TRY(mail_sendmail(mo.sendmail, m->text, m->len, err));
			cmd_note("%s: handed to %s", m->summary, cmd_s(mo.sendmail));
		} else {
			CP_TRY(mail_mbox_write(stdout, from, 0, m->text, m->len, err));
		}
	}
	if (d->n && !mo.maildir && !mo.sendmail)
		cmd_note("%zu message%s drafted on standard output; nothing sent "
		         "(--maildir DIR or --sendmail CMD to deliver)", d->n,
		         d->n == 1 ? "" : "s");
	return CP_OK;
}

static cp_status run_mail(const cli_ctx *ctx, casework *cw, cp_error *err)
{
	char from[MAIL_ADDR_MAX + 1];
	mail_draft_opts o = {
		.name = strchr(ctx->cmd->name, ' ') + 1, .from = mo.from,
		.domain = mo.domain, .to = (const char *const *)mo.to.v,
		.nto = mo.to.n, .today = ctx->today, .meeting = mo.meeting,
		.names = mo.names, .since = mo.since,
		.date = mo.date != CP_DATE_NONE ? mo.date : ctx->today
	};
	policy_list_kind kind;
	mail_drafts d = { 0 };
	mail_writer w;
	if (!o.from) {
		mail_default_from(from, sizeof from);
		o.from = from;
	}
	CP_TRY(mail_writer_open(&w, err));
	o.writer = &w;
	cp_status st;
	if (lists_parse_name(o.name, &kind))
		st = mail_draft_list(cw, kind, &o, &d, err);
	else if (!strcmp(o.name, "chaser"))
		st = mail_draft_chaser(cw, &o, &d, err);
	else if (!strcmp(o.name, "reminders")) {
		if ((st = mail_draft_reminders(cw, &o, &d, err)) == CP_OK && !d.n)
			cmd_note("no reminders dated %s%s with their step still open: "
			         "nothing to send", o.since != CP_DATE_NONE &&
			         o.since < o.date ? "up to " : "", cmd_date(o.date));
	} else if ((st = mail_draft_escalations(cw, &o, &d, err)) == CP_OK && !d.n)
		cmd_note("no escalations raised on %s: nothing to send",
		         cmd_date(o.date));
	mail_writer_close(&w);
	if (st == CP_OK)
		st = deliver(&d, o.from, err);
	mail_drafts_free(&d);
	return st;
}

/* Every mail command's ways of addressing and delivering. */
#define MAIL_OPTS                                                            \
	CLI_OPT(STR, "domain", &mo.domain, .value = "DOMAIN",                    \
	        .valid = domain_valid,                                          \
	        .expect = "a mail domain (e.g. example.gov.uk)",                \
	        .help = "a worker's address is LOGIN@DOMAIN"),                  \
	CLI_OPT(TEXTS, "to", &mo.to, .value = "ADDRESS",                         \
	        .max = MAIL_DRAFT_TO_MAX, .valid = mail_address_valid,          \
	        .expect = "a mail address (write local@domain)",                \
	        .help = "send to ADDRESS instead (repeatable)"),                \
	CLI_OPT(STR, "from", &mo.from, .value = "ADDRESS",                       \
	        .valid = mail_address_valid,                                    \
	        .expect = "a mail address (write local@domain)",                \
	        .help = "the sender (default cpdesk@MAILNAME: /etc/mailname, else the host)"), \
	CLI_OPT(STR, "maildir", &mo.maildir, .value = "DIR",                     \
	        .help = "write each message into the Maildir DIR as a draft "   \
	                "(cur/, flag D)"),                                         \
	CLI_OPT(STR, "sendmail", &mo.sendmail, .value = "CMD",                   \
	        .help = "pipe each message to CMD, e.g. "                       \
	                "'/usr/sbin/sendmail -t -i'")

static const cli_opt list_opts[] = {
	CLI_OPT(DATE, "date", &mo.date,
	        .help = "the list's date (default: today)"),
	MAIL_OPTS,
	CLI_OPT(FLAG, "names", &mo.names, .flags = CLI_HIDDEN,
	        .help = "(names no child)"),
	{ 0 }
};

static const cli_opt chaser_opts[] = {
	CLI_OPT(ID, "meeting", &mo.meeting, .flags = CLI_REQUIRED,
	        .help = "the meeting"),
	CLI_OPT(FLAG, "names", &mo.names,
	        .help = "the child's full name (default: id and initials)"),
	MAIL_OPTS,
	CLI_OPT(DATE, "date", &mo.date, .flags = CLI_HIDDEN,
	        .help = "(not used)"),
	{ 0 }
};

static const cli_opt escalation_opts[] = {
	CLI_OPT(DATE, "date", &mo.date,
	        .help = "the day the escalations were raised (default: today)"),
	CLI_OPT(FLAG, "names", &mo.names,
	        .help = "children's full names (default: id and initials)"),
	MAIL_OPTS,
	{ 0 }
};

static const cli_opt reminders_opts[] = {
	CLI_OPT(DATE, "date", &mo.date,
	        .help = "the day the reminders are dated (default: today)"),
	CLI_OPT(DATE, "since", &mo.since,
	        .help = "also those dated from this day on (e.g. after a "
	                "weekend)"),
	CLI_OPT(FLAG, "names", &mo.names,
	        .help = "children's full names (default: id and initials)"),
	MAIL_OPTS,
	{ 0 }
};

#define MAIL_DELIVERY                                                         \
	"With neither --maildir nor --sendmail the messages are printed\n"        \
	"(mbox format) and nothing is sent.  Subjects start with the policy's\n"  \
	"mail: subject-prefix.  The children a message names are on the\n"       \
	"record (how=\"mail NAME\").  See doc/export.md.\n"

#define MAIL_LIST(NAME, WHAT)                                                 \
	{ .name = "mail " NAME,                                                   \
	  .summary = "draft the " WHAT " to the roles the policy names",          \
	  .opts = list_opts, .check = check_mail, .needs = CLI_NEEDS_SESSION,     \
	  .run = run_mail,                                                        \
	  .help =                                                                 \
	  "Drafts one message to every current worker holding a role of the\n"   \
	  "policy's lists: " NAME ": to:, with its subject:: a short text (the\n" \
	  "list's dates, how many entries, the first few) and the whole of\n"    \
	  "`cpdesk list " NAME " --date DATE --format csv` attached as\n"        \
	  NAME "-FIRSTDAY.csv.\n"                                                \
	  "\n" MAIL_DELIVERY }

static const cli_command commands[] = {
	MAIL_LIST("week", "week's list"),
	MAIL_LIST("fortnight", "two-week list"),
	MAIL_LIST("month", "month-ahead list"),
	MAIL_LIST("exceptions", "weekly exception report"),
	MAIL_LIST("case-mapping", "case-mapping list"),
	{ .name = "mail chaser",
	  .summary = "draft a late-report chaser to a meeting's social worker",
	  .opts = chaser_opts, .check = check_mail, .needs = CLI_NEEDS_SESSION,
	  .run = run_mail,
	  .help =
	  "Drafts a message to the child's social worker, copied to the chair,\n"
	  "listing their open tasks for the meeting (Hounslow's procedure,\n"
	  "002: minute takers chase reports the day before).  Refused when the meeting is not\n"
	  "scheduled or nothing is outstanding.\n"
	  "\n" MAIL_DELIVERY },
	{ .name = "mail escalation",
	  .summary = "draft the escalations raised today to the managers they "
	             "go to",
	  .opts = escalation_opts, .check = check_mail,
	  .needs = CLI_NEEDS_SESSION, .run = run_mail,
	  .help =
	  "One message to each worker an escalation raised on DATE goes to\n"
	  "(the policy's escalate: to: roles, pools expanded to the workers\n"
	  "holding the role), listing those escalations.  Nothing raised: no\n"
	  "message, exit 0.\n"
	  "\n" MAIL_DELIVERY },
	{ .name = "mail reminders",
	  .summary = "draft the reminders dated today to the workers they go to",
	  .opts = reminders_opts, .check = check_mail,
	  .needs = CLI_NEEDS_SESSION, .run = run_mail,
	  .help =
	  "One message to each worker a reminder dated DATE goes to (the\n"
	  "policy's remind: entries on its steps: at:, to: roles resolved for\n"
	  "the child as the queue resolves them), listing those reminders.\n"
	  "Only reminders whose step is still open: one done, not needed,\n"
	  "missed or cancelled is not sent.  With --since FIRST, those dated\n"
	  "FIRST to DATE.  One reminder: its title is the subject (Swindon's:\n"
	  "\"URGENT CLA/CP: SQA asks for the invite list ...\").  None: no\n"
	  "message, exit 0.  The same reminders stay in the queues of those\n"
	  "they go to, marked *, until the step is done.\n"
	  "\n" MAIL_DELIVERY },
	{ 0 }
};

const cli_group cmds_mail = { "mail", "Mail", commands };

/* mail_draft.h - the messages `cpdesk mail` drafts from the store and the
 * policy (doc/export.md):
 *   - a management list (lists.h), in short with the whole list as CSV
 *     attached, to the current workers holding the roles the policy's
 *     lists: NAME: to: names, with its subject;
 *   - a late-report chaser to a meeting's social worker, copied to the
 *     chair, listing their open step tasks for it (Hounslow's procedure, 002);
 *   - the escalations raised on a day, one message to each worker they
 *     go to (pools expanded to the workers holding the role);
 *   - the reminders dated a day (or from a day to another) whose step is
 *     still open, one message to each worker they go to, likewise.
 * Each message is formatted (mail.h) and kept; nothing is sent: the
 * caller delivers them once all are drafted, so a failure while drafting
 * delivers nothing.  Only what the actor may see goes in, and the
 * children a message names are put on the record (query_note_children,
 * where "mail NAME"). */
#ifndef CPDESK_MAIL_DRAFT_H
#define CPDESK_MAIL_DRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "casework.h"
#include "lists.h"
#include "mail.h"
#include "status.h"

/* The text part's width, and how many of a list's rows it shows (the
 * whole list is the CSV attachment). */
#define MAIL_DRAFT_WIDTH 72
#define MAIL_DRAFT_ROWS 5

/* The most addresses a message goes to (To: and Cc: each). */
#define MAIL_DRAFT_TO_MAX 32

typedef struct mail_draft {
	char *text;              /* the RFC 5322 message */
	size_t len;
	char *summary;           /* "week to a@x, b@x", for a note */
} mail_draft;

typedef struct mail_drafts {
	mail_draft *v;
	size_t n, cap;
} mail_drafts;
void mail_drafts_free(mail_drafts *d);   /* zeroes it */

typedef struct mail_draft_opts {
	const char *name;        /* week ... case-mapping, chaser, escalation,
	                            reminders */
	const mail_writer *writer;   /* the MIME writer (mail_writer_open) */
	const char *from;        /* the sender's address */
	const char *domain;      /* a worker's address is LOGIN@DOMAIN */
	const char *const *to;   /* else every message to these addresses */
	size_t nto;
	cp_date date;            /* the list's date; the day escalations were
	                            raised, reminders dated (the last) */
	cp_date since;           /* reminders: the first day they are dated;
	                            CP_DATE_NONE: `date` alone */
	cp_date today;
	uint64_t meeting;        /* chaser: the meeting */
	bool names;              /* children's full names (else id and
	                            initials) */
} mail_draft_opts;

/* One message: a short text part (what the list is, its dates, how many
 * entries, the first MAIL_DRAFT_ROWS, at most MAIL_DRAFT_WIDTH columns)
 * and the whole list as a CSV attachment, NAME-FROM.csv, as `cpdesk list
 * NAME --format csv` writes it.  No to: roles in the policy and no --to:
 * CP_BADINPUT; nobody holds those roles: CP_REFUSED. */
cp_status mail_draft_list(casework *cw, policy_list_kind kind,
                          const mail_draft_opts *o, mail_drafts *out,
                          cp_error *err);
/* One message; refused when the meeting is not scheduled or its social
 * worker has nothing outstanding for it. */
cp_status mail_draft_chaser(casework *cw, const mail_draft_opts *o,
                            mail_drafts *out, cp_error *err);
/* A message a person; none (out->n 0, CP_OK) when nothing was raised. */
cp_status mail_draft_escalations(casework *cw, const mail_draft_opts *o,
                                 mail_drafts *out, cp_error *err);
/* A message a person the reminders dated o->since..o->date (their steps
 * open) go to, the subject the reminder's title under the policy's
 * prefix; none (out->n 0, CP_OK) when there are none. */
cp_status mail_draft_reminders(casework *cw, const mail_draft_opts *o,
                               mail_drafts *out, cp_error *err);

#endif

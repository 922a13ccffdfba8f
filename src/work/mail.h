/* mail.h - RFC 5322 messages, and where they go: a Maildir, a
 * sendmail-compatible command, or an mbox-style stream.
 *
 * The MIME is GMime's, in the module cpdesk-mail.so (mail_render.h),
 * loaded once for a run (mail_writer_open): text/plain in UTF-8, 7bit
 * when every line is ASCII and at most 78 characters, quoted-printable
 * otherwise; a non-ASCII subject RFC 2047 encoded; with an attachment
 * (a list as CSV), both in a multipart/mixed.  What goes in is checked
 * and made safe here first: addresses must be plain local@domain, the
 * subject and body are sanitised (text_sanitize: no control character,
 * so no CR or LF from a name can start a header).  Line ends are LF,
 * the local convention of Maildir files and of sendmail's standard
 * input.  Nothing here sends anything on its own: only mail_sendmail
 * runs a command, and only the one it is given. */
#ifndef CPDESK_MAIL_H
#define CPDESK_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "mail_render.h"
#include "status.h"

#define MAIL_ADDR_MAX 254

typedef struct mail_msg {
	const char *from;            /* an address: local@domain */
	const char *const *to;       /* addresses; at least one */
	size_t nto;
	const char *const *cc;       /* may be NULL */
	size_t ncc;
	const char *subject;         /* UTF-8 (sanitised here) */
	const char *body;            /* UTF-8, LF line ends (sanitised here,
	                                keeping newlines and tabs) */
	int64_t date;                /* Unix seconds; 0 = the clock */
	const mail_attachment *attachment;   /* or NULL (lent) */
} mail_msg;

/* The MIME writer, loaded from its module (module.h). */
typedef struct mail_writer {
	void *handle;
	mail_render_fn render;
} mail_writer;

/* Load cpdesk-mail.so (beside the program, or installed) and check it
 * was built for this cpdesk; on failure nothing stays open and err says
 * which file and why. */
cp_status mail_writer_open(mail_writer *w, cp_error *err);
void mail_writer_close(mail_writer *w);

/* True for a plain address local@domain: no spaces, quotes, angle
 * brackets, commas or control characters; a dotted domain. */
bool mail_address_valid(const char *addr);

/* The system's mail name (Debian policy, 11.6): what follows the @ of
 * mail sent from this machine. */
#ifndef MAIL_MAILNAME_FILE
#define MAIL_MAILNAME_FILE "/etc/mailname"
#endif

/* "cpdesk@MAILNAME": the first word of /etc/mailname when it has one,
 * else the host name, else "localhost" (characters an address may not
 * hold made '-'). */
void mail_default_from(char *buf, size_t size);
/* The same from another file than /etc/mailname (the tests). */
void mail_from_for(const char *mailname_file, char *buf, size_t size);

/* "PREFIX: SUBJECT", or SUBJECT when the prefix is empty or SUBJECT
 * already starts with it. */
void mail_subject(const char *prefix, const char *subject, char *buf,
                  size_t size);

/* The whole message (headers, blank line, body), written by w.  *out
 * malloc'd and NUL-terminated; *len (may be NULL) its length. */
cp_status mail_format(const mail_writer *w, const mail_msg *m, char **out,
                      size_t *len, cp_error *err);

/* Deliver a draft into the Maildir dir (dir, dir/tmp, dir/new and
 * dir/cur are made 0700 when missing): written to tmp/, synced, linked
 * into cur/ under a unique name with the Draft flag
 * (time.MusecPpidQn.host:2,D), mode 0600: a mail client shows it among
 * the drafts, to be read and sent by a person.  The file's name (not
 * the path) goes to name (may be NULL). */
cp_status mail_maildir_deliver(const char *dir, const char *msg, size_t len,
                               char *name, size_t name_size, cp_error *err);

/* Pipe msg to `/bin/sh -c cmd` (e.g. "/usr/sbin/sendmail -t -i"); the
 * command's standard output goes to our standard error.  CP_FAILED
 * unless it exits 0. */
cp_status mail_sendmail(const char *cmd, const char *msg, size_t len,
                        cp_error *err);

/* Write msg to f as one mbox (mboxrd) entry: a "From " line, the
 * message with ">From " quoting, a blank line. */
cp_status mail_mbox_write(FILE *f, const char *from, int64_t date,
                          const char *msg, size_t len, cp_error *err);

#endif

/* mail_render.h - the MIME writer (GMime), kept in a module of its own.
 *
 * GMime brings GLib with it: linked into cpdesk, every command would pay
 * for loading it for the one that drafts mail.  So mail.c hands the
 * message over as plain data (below), already checked and made safe,
 * and the GMime part, mail_render.c, is built as the module
 * cpdesk-mail.so, which `cpdesk mail` loads (module.h), as `export ics`
 * loads cpdesk-ics.so.  The module needs nothing from cpdesk but this
 * header and module_head.h. */
#ifndef CPDESK_MAIL_RENDER_H
#define CPDESK_MAIL_RENDER_H

#include <stddef.h>
#include <stdint.h>
#include "module_head.h"

/* Bump with any change to the structs or the function below. */
#define MAIL_RENDER_ABI 1

/* A file sent with the message (Content-Disposition: attachment). */
typedef struct mail_attachment {
	const char *filename;   /* "week-2025-03-10.csv" (ASCII) */
	const char *type;       /* "text", */
	const char *subtype;    /* "csv" */
	const char *data;       /* UTF-8 text, sent base64 so that its bytes
	                           (CRLF line ends) arrive as they are */
	size_t len;
} mail_attachment;

typedef struct mail_render_msg {
	const char *from;       /* checked addresses: local@domain */
	const char *const *to;
	size_t nto;
	const char *const *cc;
	size_t ncc;
	const char *subject;    /* UTF-8, one line, no control characters */
	const char *body;       /* UTF-8, LF line ends, no control characters
	                           but newline */
	int64_t date;           /* Unix seconds, written in local time */
	const char *message_id; /* without the angle brackets */
	const mail_attachment *attachment;   /* or NULL: text/plain alone */
} mail_render_msg;

/* Write m as an RFC 5322 message: the headers (the subject RFC 2047
 * encoded when it is not ASCII, lines folded), Auto-Submitted:
 * auto-generated, a text/plain UTF-8 part (7bit when every line is ASCII
 * and at most 78 characters, quoted-printable otherwise) and, with an
 * attachment, both in a multipart/mixed.  LF line ends.  Returns 0 with
 * *out malloc'd (NUL-terminated) and *len its length; otherwise -1 with
 * the reason in err. */
typedef int (*mail_render_fn)(const mail_render_msg *m, char **out,
                              size_t *len, char *err, size_t errsize);

/* What the module exports, under the symbol MAIL_RENDER_SYMBOL. */
typedef struct mail_render_module {
	module_head head;       /* MAIL_RENDER_ABI, CPDESK_VERSION */
	mail_render_fn render;
} mail_render_module;

#define MAIL_RENDER_SYMBOL "cpdesk_mail_render_module"

/* The writer itself (mail_render.c): linked into the module, and into
 * the unit tests directly. */
int mail_render(const mail_render_msg *m, char **out, size_t *len,
                char *err, size_t errsize);

#endif

/* mail_render.c - the MIME writer, GMime's (mail_render.h); built as the
 * module cpdesk-mail.so. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "mail_render.h"

/* GMime keeps its type registrations for the life of the process: set up
 * once (the module stays loaded: module.h's keep_loaded). */
static void gmime_once(void)
{
	static bool done;
	if (!done) {
		g_mime_init();
		done = true;
	}
}

/* What mail.h always promised: 7bit only when every line is ASCII and
 * fits in 78 characters (RFC 5322 2.1.1), else quoted-printable. */
static bool plain_7bit(const char *s)
{
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n')
			col = 0;
		else if (*p >= 0x80 || ++col > 78)
			return false;
	}
	return true;
}

static GMimeObject *text_part(const char *body)
{
	GMimeTextPart *tp = g_mime_text_part_new_with_subtype("plain");
	g_mime_text_part_set_text(tp, body);
	g_mime_text_part_set_charset(tp, "utf-8");
	g_mime_part_set_content_encoding(GMIME_PART(tp), plain_7bit(body)
	                                 ? GMIME_CONTENT_ENCODING_7BIT
	                                 : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	return GMIME_OBJECT(tp);
}

static GMimeObject *attachment_part(const mail_attachment *a)
{
	GMimePart *part = g_mime_part_new_with_type(a->type, a->subtype);
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset",
	                                         "utf-8");
	g_mime_object_set_disposition(GMIME_OBJECT(part),
	                              GMIME_DISPOSITION_ATTACHMENT);
	g_mime_part_set_filename(part, a->filename);
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(a->data, a->len);
	GMimeDataWrapper *dw =
		g_mime_data_wrapper_new_with_stream(s, GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(part, dw);
	g_object_unref(dw);
	g_object_unref(s);
	g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
	return GMIME_OBJECT(part);
}

static void add_mailboxes(GMimeMessage *msg, GMimeAddressType type,
                          const char *const *addr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		g_mime_message_add_mailbox(msg, type, NULL, addr[i]);
}

static GMimeMessage *build(const mail_render_msg *m)
{
	GMimeMessage *msg = g_mime_message_new(TRUE);
	add_mailboxes(msg, GMIME_ADDRESS_TYPE_FROM, &m->from, 1);
	add_mailboxes(msg, GMIME_ADDRESS_TYPE_TO, m->to, m->nto);
	add_mailboxes(msg, GMIME_ADDRESS_TYPE_CC, m->cc, m->ncc);
	g_mime_message_set_subject(msg, m->subject, "utf-8");
	GDateTime *when = g_date_time_new_from_unix_local(m->date);
	g_mime_message_set_date(msg, when);
	g_date_time_unref(when);
	g_mime_message_set_message_id(msg, m->message_id);
	/* RFC 3834: no out-of-office replies to a generated message */
	g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted",
	                         "auto-generated", NULL);
	GMimeObject *body = text_part(m->body);
	if (m->attachment) {
		GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
		GMimeObject *att = attachment_part(m->attachment);
		g_mime_multipart_add(mixed, body);
		g_mime_multipart_add(mixed, att);
		g_object_unref(body);
		g_object_unref(att);
		body = GMIME_OBJECT(mixed);
	}
	g_mime_message_set_mime_part(msg, body);
	g_object_unref(body);
	return msg;
}

int mail_render(const mail_render_msg *m, char **out, size_t *len,
                char *err, size_t errsize)
{
	*out = NULL;
	gmime_once();
	GMimeMessage *msg = build(m);
	GMimeFormatOptions *fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_UNIX);
	char *text = g_mime_object_to_string(GMIME_OBJECT(msg), fo);
	g_mime_format_options_free(fo);
	g_object_unref(msg);
	size_t n = text ? strlen(text) : 0;
	*out = text ? malloc(n + 1) : NULL;
	if (*out)
		memcpy(*out, text, n + 1);
	g_free(text);
	if (!*out) {
		snprintf(err, errsize, "out of memory writing a message");
		return -1;
	}
	if (len)
		*len = n;
	return 0;
}

/* What cpdesk looks up after dlopen (mail.h's mail_writer_open). */
extern const mail_render_module cpdesk_mail_render_module;
const mail_render_module cpdesk_mail_render_module = {
	{ MAIL_RENDER_ABI, CPDESK_VERSION }, mail_render
};

/* test_mail.c - the sender's address: the system's mail name
 * (/etc/mailname) when it has one, else the host name; the address kept
 * to the characters an address may hold.  Messages written by the MIME
 * writer (mail_render.c, linked here directly rather than loaded): no
 * header injected from a subject, the encodings, the attachment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mail.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void test_mailname_first(void **state)
{
	(void)state;
	char dir[] = "/tmp/cpdesk-mailname-XXXXXX", path[64], from[300];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/mailname", dir);
	write_file(path, "mail.borough.gov.uk\n");
	mail_from_for(path, from, sizeof from);
	assert_string_equal(from, "cpdesk@mail.borough.gov.uk");
	assert_true(mail_address_valid(from));
	/* only its first word; what an address may not hold made '-' */
	write_file(path, "mx_1.borough.gov.uk extra words\n");
	mail_from_for(path, from, sizeof from);
	assert_string_equal(from, "cpdesk@mx-1.borough.gov.uk");
	/* empty or missing: the host name, never an empty domain */
	write_file(path, "\n");
	mail_from_for(path, from, sizeof from);
	assert_true(strlen(from) > strlen("cpdesk@"));
	assert_int_equal(unlink(path), 0);
	mail_from_for(path, from, sizeof from);
	char host[256] = "";
	if (gethostname(host, sizeof host - 1) == 0 && host[0] &&
	    !strpbrk(host, "_/:"))
		assert_string_equal(from + strlen("cpdesk@"), host);
	assert_int_equal(rmdir(dir), 0);
}

static const mail_writer writer = { NULL, mail_render };
static const char *const to[] = { "a@example.gov.uk" };

static char *format(const mail_msg *m)
{
	char *out = NULL;
	size_t len = 0;
	cp_error err = { "" };
	assert_int_equal(mail_format(&writer, m, &out, &len, &err), CP_OK);
	assert_int_equal(len, strlen(out));
	return out;
}

/* A header line (at a line start, before the blank line) starting so. */
static bool has_header(const char *msg, const char *start)
{
	size_t n = strlen(start);
	for (const char *p = msg; *p && *p != '\n'; p = strchr(p, '\n') + 1) {
		if (!strncmp(p, start, n))
			return true;
		if (!strchr(p, '\n'))
			break;
	}
	return false;
}

static void test_subject_no_injection(void **state)
{
	(void)state;
	mail_msg m = { .from = "cpdesk@example.gov.uk", .to = to, .nto = 1,
	               .subject = "Bo Zed\r\nBcc: evil@example.org\nX-Evil: 1",
	               .body = "Hello\n", .date = 1700000000 };
	char *msg = format(&m);
	assert_false(has_header(msg, "Bcc:"));
	assert_false(has_header(msg, "X-Evil:"));
	assert_true(has_header(msg, "Subject: Bo Zed"));
	assert_true(has_header(msg, "Auto-Submitted: auto-generated"));
	assert_true(has_header(msg, "Content-Transfer-Encoding: 7bit"));
	assert_non_null(strstr(msg, "\n\nHello\n"));
	free(msg);
}

static void test_encodings(void **state)
{
	(void)state;
	char body[200];
	memset(body, 'x', 120);
	strcpy(body + 120, "\n");
	mail_msg m = { .from = "cpdesk@example.gov.uk", .to = to, .nto = 1,
	               .subject = "Caf\xc3\xa9 list", .body = body,
	               .date = 1700000000 };
	char *msg = format(&m);
	/* a line over 78 characters: quoted-printable, no raw line over 76 */
	assert_true(has_header(msg, "Content-Transfer-Encoding: quoted-printable"));
	for (const char *p = strstr(msg, "\n\n") + 2; *p;) {
		size_t n = strcspn(p, "\n");
		assert_true(n <= 76);
		p += n + (p[n] == '\n');
	}
	/* a non-ASCII subject: an encoded word, never raw 8-bit */
	assert_non_null(strstr(msg, "=?UTF-8?"));
	assert_null(strstr(msg, "\xc3\xa9"));
	free(msg);
	cp_error err = { "" };
	char *out = NULL;
	mail_msg bad = m;
	bad.to = (const char *const[]){ "a b@example.gov.uk" };
	assert_int_equal(mail_format(&writer, &bad, &out, NULL, &err),
	                 CP_BADINPUT);
	assert_null(out);
	assert_non_null(strstr(err.msg, "not a mail address"));
}

static void test_attachment(void **state)
{
	(void)state;
	static const char csv[] = "date,child\r\n2027-05-17,AB123\r\n";
	mail_attachment a = { "week-2027-05-10.csv", "text", "csv", csv,
	                      sizeof csv - 1 };
	mail_msg m = { .from = "cpdesk@example.gov.uk", .to = to, .nto = 1,
	               .subject = "Week", .body = "The list is attached.\n",
	               .date = 1700000000, .attachment = &a };
	char *msg = format(&m);
	assert_true(has_header(msg, "Content-Type: multipart/mixed"));
	assert_non_null(strstr(msg, "Content-Type: text/csv"));
	assert_non_null(strstr(msg, "filename=week-2027-05-10.csv"));
	assert_non_null(strstr(msg, "Content-Transfer-Encoding: base64"));
	/* base64 of the CSV's first bytes, "date,chi" */
	assert_non_null(strstr(msg, "ZGF0ZSxjaGls"));
	assert_non_null(strstr(msg, "The list is attached."));
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mailname_first),
		cmocka_unit_test(test_subject_no_injection),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_attachment),
	};
	return cmocka_run_group_tests_name("mail", tests, NULL, NULL);
}

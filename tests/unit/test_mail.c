/* test_mail.c - the sender's address: the system's mail name
 * (/etc/mailname) when it has one, else the host name; the address kept
 * to the characters an address may hold. */
#include <setjmp.h>
#include <stdarg.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mailname_first),
	};
	return cmocka_run_group_tests_name("mail", tests, NULL, NULL);
}

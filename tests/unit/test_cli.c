/* test_cli.c - the command table's parser (cli_args.c) and what help
 * makes of a table (cli_help.c): each type, where options may stand,
 * "--", "-5", prefixes, repeats, required options and argument counts,
 * and the messages, which name the option and fit a line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char *const colours[] = { "red", "green", NULL };

static struct {
	bool flag;
	char *text, *login, *file, *word;
	const char *colour;
	cp_date date;
	int minutes;
	uint64_t id;
	unsigned long count;
	role_set roles;
	cli_anchors anchors;
	cli_list notes, logins, files;
} v;

static const cli_opt opts[] = {
	CLI_OPT(FLAG, "flag", &v.flag, .help = "a flag"),
	CLI_OPT(TEXT, "text", &v.text, .flags = CLI_REQUIRED,
	        .help = "some text"),
	CLI_OPT(LOGIN, "login", &v.login, .help = "a login"),
	CLI_OPT(DATE, "date", &v.date, .help = "a date"),
	CLI_OPT(TIME, "time", &v.minutes, .help = "a time"),
	CLI_OPT(COUNT, "count", &v.count, .min = 1, .max = 10, .help = "1-10"),
	CLI_OPT(CHOICE, "colour", &v.colour, .choices = colours,
	        .help = "a colour"),
	CLI_OPT(ROLES, "role", &v.roles, .help = "roles"),
	CLI_OPT(ANCHOR, "anchor", &v.anchors, .help = "anchors"),
	CLI_OPT(TEXTS, "note", &v.notes, .max = 2, .help = "notes"),
	CLI_OPT(LOGINS, "approved-by", &v.logins, .help = "logins"),
	CLI_OPT(STR, "word", &v.word, .value = "WORD", .flags = CLI_HIDDEN,
	        .help = "hidden"),
	{ 0 }
};

static const cli_opt args[] = {
	CLI_OPT(ID, "ID", &v.id, .help = "an id"),
	CLI_OPT(STRS, "FILE", &v.files, .flags = CLI_OPTIONAL, .help = "files"),
	{ 0 }
};

static const cli_command cmd = { .name = "thing do", .summary = "do it",
                                 .opts = opts, .args = args };

static cp_error err;

/* Parse the words of a NULL-terminated list, from fresh variables. */
static cp_status parse(const char *first, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	cli_parse_free(&cmd);
	memset(&v, 0, sizeof v);
	v.date = CP_DATE_NONE;
	va_start(ap, first);
	for (const char *a = first; a && argc < 32; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	memset(&err, 0, sizeof err);
	return cli_parse(&cmd, argc, argv, &err);
}

static void assert_says(const char *want)
{
	if (!strstr(err.msg, want))
		fail_msg("'%s' lacks '%s'", err.msg, want);
}

static void test_every_type(void **state)
{
	(void)state;
	assert_int_equal(parse("--flag", "--text", "hi", "--login=sw1",
	                       "--date", "2027-05-11", "--time", "09:30",
	                       "--count", "3", "--colour", "green", "--role",
	                       "iro,cp-chair", "--role", "director", "--anchor",
	                       "s47-start=2027-04-20", "--note", "a", "--note",
	                       "b", "--approved-by", "sm1, sm2", "--approved-by",
	                       "sm3", "12", "f1", "f2", NULL), CP_OK);
	assert_true(v.flag);
	assert_string_equal(v.text, "hi");
	assert_string_equal(v.login, "sw1");
	cp_date want;
	assert_true(date_from_ymd(2027, 5, 11, &want));
	assert_int_equal(v.date, want);
	assert_int_equal(v.minutes, 9 * 60 + 30);
	assert_int_equal(v.count, 3);
	assert_ptr_equal(v.colour, colours[1]);
	assert_int_equal(v.roles, ROLE_BIT(ROLE_IRO) | ROLE_BIT(ROLE_CP_CHAIR) |
	                          ROLE_BIT(ROLE_DIRECTOR));
	assert_int_equal(v.anchors.n, 1);
	assert_string_equal(v.anchors.v[0].name, "s47-start");
	assert_int_equal(v.notes.n, 2);
	assert_string_equal(v.notes.v[1], "b");
	assert_int_equal(v.logins.n, 3);
	assert_string_equal(v.logins.v[1], "sm2");
	assert_int_equal(v.id, 12);
	assert_int_equal(v.files.n, 2);
	cli_parse_free(&cmd);
	assert_int_equal(v.files.n, 0);
}

static void test_where_options_stand(void **state)
{
	(void)state;
	/* anywhere, a unique prefix, "--" ends them, "-5" is an argument */
	assert_int_equal(parse("7", "--te", "x", "--", "--flag", NULL), CP_OK);
	assert_int_equal(v.id, 7);
	assert_false(v.flag);
	assert_string_equal(v.files.v[0], "--flag");
	assert_int_equal(parse("--text", "x", "1", "-5", NULL), CP_OK);
	assert_string_equal(v.files.v[0], "-5");
	/* --text takes the next word, whatever it is */
	assert_int_equal(parse("--text", "--flag", "1", NULL), CP_OK);
	assert_string_equal(v.text, "--flag");
	assert_false(v.flag);
	/* the last of a repeated single value wins */
	assert_int_equal(parse("--text", "a", "--text", "b", "1", NULL), CP_OK);
	assert_string_equal(v.text, "b");
	/* a hidden option still parses */
	assert_int_equal(parse("--text", "a", "--word", "w", "1", NULL), CP_OK);
	assert_string_equal(v.word, "w");
}

static void test_bad_options(void **state)
{
	(void)state;
	assert_int_equal(parse("--bogus", "1", NULL), CP_BADINPUT);
	assert_says("thing do: unknown option or missing value '--bogus'");
	assert_int_equal(parse("-x", NULL), CP_BADINPUT);
	assert_says("unknown option");
	assert_int_equal(parse("--co", "1", NULL), CP_BADINPUT); /* ambiguous */
	assert_int_equal(parse("--flag=yes", NULL), CP_BADINPUT);
	assert_says("--flag takes no value");
	assert_int_equal(parse("1", "--text", NULL), CP_BADINPUT);
	assert_says("--text needs a value: TEXT");
	assert_int_equal(parse("--text", "a\033b", "1", NULL), CP_BADINPUT);
	assert_says("--text holds control characters");
	assert_int_equal(parse("--text", "a", "--login", "a b", "1", NULL),
	                 CP_BADINPUT);
	assert_says("--login 'a b': a login is");
	assert_int_equal(parse("--text", "a", "--date", "2027-02-30", "1", NULL),
	                 CP_BADINPUT);
	assert_says("--date: '2027-02-30' is not a date");
	assert_int_equal(parse("--text", "a", "--time", "25:00", "1", NULL),
	                 CP_BADINPUT);
	assert_says("--time '25:00': write HH:MM");
	assert_int_equal(parse("--text", "a", "--count", "0", "1", NULL),
	                 CP_BADINPUT);
	assert_says("--count '0': a whole number from 1 to 10");
	assert_int_equal(parse("--text", "a", "--colour", "blue", "1", NULL),
	                 CP_BADINPUT);
	assert_says("--colour 'blue': red or green");
	assert_int_equal(parse("--text", "a", "--role", "wizard", "1", NULL),
	                 CP_BADINPUT);
	assert_says("--role: unknown role at 'wizard'");
	assert_int_equal(parse("--text", "a", "--anchor", "s47", "1", NULL),
	                 CP_BADINPUT);
	assert_says("--anchor 's47': write NAME=YYYY-MM-DD");
	assert_int_equal(parse("--text", "a", "--note", "1", "--note", "2",
	                       "--note", "3", "1", NULL), CP_BADINPUT);
	assert_says("--note: at most 2");
	assert_int_equal(parse("--text", "a", "--approved-by", "ok,b d", "1",
	                       NULL), CP_BADINPUT);
	assert_says("--approved-by 'b d': not a login");
}

static void test_arguments_and_required(void **state)
{
	(void)state;
	assert_int_equal(parse("--text", "a", NULL), CP_BADINPUT);
	assert_says("thing do: give ID (usage: cpdesk thing do ID [FILE] --text TEXT)");
	assert_int_equal(parse("--text", "a", "abc", NULL), CP_BADINPUT);
	assert_says("thing do: ID 'abc': write the number cpdesk printed");
	assert_int_equal(parse("1", NULL), CP_BADINPUT);
	assert_says("thing do: give --text TEXT: some text");
	assert_int_equal(parse("1", "--text", "", NULL), CP_BADINPUT);
	assert_says("give --text TEXT");
}

static void test_long_values_cut_short(void **state)
{
	(void)state;
	char big[4000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(parse("--text", "a", "--login", big, "1", NULL),
	                 CP_BADINPUT);
	assert_true(strlen(err.msg) < 160);
	assert_says("...'");
}

static void test_help_from_the_table(void **state)
{
	(void)state;
	char syn[1024], buf[256];
	cli_synopsis(&cmd, false, syn, sizeof syn);
	assert_string_equal(syn, "ID [FILE] --text TEXT [--flag] [--login LOGIN] "
	                    "[--date DATE] [--time HH:MM] [--count N] "
	                    "[--colour red|green] [--role ROLE[,ROLE...]]... "
	                    "[--anchor NAME=DATE]... [--note TEXT]... "
	                    "[--approved-by LOGIN]...");
	assert_string_equal(cli_value_name(&opts[6], buf, sizeof buf),
	                    "red|green");
	cli_opt named = opts[6];
	named.value = "C";
	assert_string_equal(cli_help_line(&named, buf, sizeof buf),
	                    "a colour: red, green");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_type),
		cmocka_unit_test(test_where_options_stand),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_arguments_and_required),
		cmocka_unit_test(test_long_values_cut_short),
		cmocka_unit_test(test_help_from_the_table),
	};
	int rc = cmocka_run_group_tests_name("cli", tests, NULL, NULL);
	cli_parse_free(&cmd);
	return rc;
}

/* test_restore.c - store_restore: a backup put in place of a store,
 * the replaced one kept aside; refused, the store untouched, while
 * another process has it open, and for a directory that is a link. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "store.h"

static char top[64], db[128], bk[128];

static int setup(void **state)
{
	(void)state;
	snprintf(top, sizeof top, "/tmp/cpdesk-restore-XXXXXX");
	assert_non_null(mkdtemp(top));
	snprintf(db, sizeof db, "%s/db", top);
	snprintf(bk, sizeof bk, "%s/bk", top);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	return system(cmd);
}

static cp_status put_child(store_txn *t, void *ctx, cp_error *err)
{
	cp_child c;
	cp_child_init(&c);
	c.id = ctx;
	c.name = "A child";
	c.social_worker = "sw";
	return store_child_put(t, &c, err);
}

static store *open_at(const char *dir, bool create)
{
	store *s;
	cp_error e;
	store_open_opts o = { .create = create, .login = "t" };
	if (store_open(dir, &o, &s, &e) != CP_OK)
		fail_msg("%s", e.msg);
	return s;
}

static void add(const char *dir, char *id)
{
	cp_error e;
	store *s = open_at(dir, true);
	if (store_write(s, put_child, id, &e) != CP_OK)
		fail_msg("%s", e.msg);
	store_close(s);
}

static bool has(const char *dir, const char *id)
{
	store *s = open_at(dir, false);
	store_txn *t;
	cp_error e;
	cp_child c;
	bool found = false;
	assert_int_equal(store_read_begin(s, &t, &e), CP_OK);
	assert_int_equal(store_child_get(t, id, &c, &found, &e), CP_OK);
	if (found)
		cp_child_free(&c);
	store_read_end(t);
	store_close(s);
	return found;
}

/* db holds A (in the backup) and B (after it). */
static void make_pair(void)
{
	cp_error e;
	add(db, "A");
	store *s = open_at(db, false);
	assert_int_equal(store_backup(s, bk, &e), CP_OK);
	store_close(s);
	add(db, "B");
}

static cp_status restore_from_backup(char *aside, size_t asize, cp_error *e)
{
	store *b = open_at(bk, false);
	cp_status st = store_restore(b, db, NULL, aside, asize, e);
	store_close(b);
	return st;
}

static void test_restore_keeps_aside(void **state)
{
	(void)state;
	char aside[512];
	cp_error e;
	struct stat sb;
	make_pair();
	if (restore_from_backup(aside, sizeof aside, &e) != CP_OK)
		fail_msg("%s", e.msg);
	assert_true(has(db, "A"));
	assert_false(has(db, "B"));
	assert_non_null(strstr(aside, "/.db.replaced-"));
	assert_true(has(aside, "B"));     /* the replaced store, whole */
	assert_int_equal(stat(db, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	assert_true(has(bk, "A"));        /* the backup stays */
}

static void test_refused_while_open(void **state)
{
	(void)state;
	char aside[512];
	cp_error e;
	int go[2], ready[2];
	make_pair();
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {   /* another process with the store open */
		store *s;
		char c = 0;
		if (store_open(db, NULL, &s, &e) != CP_OK)
			_exit(1);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(2);
		store_close(s);
		_exit(0);
	}
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(restore_from_backup(aside, sizeof aside, &e),
	                 CP_REFUSED);
	assert_non_null(strstr(e.msg, "is in use"));
	assert_int_equal(write(go[1], "g", 1), 1);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(has(db, "B"));        /* untouched */
	for (int i = 0; i < 2; i++) {
		close(go[i]);
		close(ready[i]);
	}
}

static void test_refused_through_a_link(void **state)
{
	(void)state;
	char aside[512], real[160];
	cp_error e;
	make_pair();
	snprintf(real, sizeof real, "%s/real", top);
	assert_int_equal(rename(db, real), 0);
	assert_int_equal(symlink(real, db), 0);
	assert_int_equal(restore_from_backup(aside, sizeof aside, &e),
	                 CP_FAILED);
	assert_non_null(strstr(e.msg, "not the directory it names"));
	assert_true(has(real, "B"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_restore_keeps_aside, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_refused_while_open, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_refused_through_a_link, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

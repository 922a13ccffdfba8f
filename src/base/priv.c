/* priv.c - the store group of a setgid run, and giving it up (priv.h). */
#define _GNU_SOURCE   /* setresgid, getresgid */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

#include "priv.h"

static bool started, held;
static gid_t store_gid;

/* fs.suid_dumpable 1 ("debug") makes a process that changes its ids
 * dumpable, so traceable by its user, until it says otherwise: between
 * setresgid and the prctl after it, with the store open. */
static bool suid_dumpable_is_1(void)
{
	char c = '0';
	int fd = open("/proc/sys/fs/suid_dumpable", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = '0';
		close(fd);
	}
	return c == '1';
}

cp_status priv_start(cp_error *err)
{
	gid_t rgid = getgid(), egid = getegid();
	store_gid = egid;
	started = egid != rgid || getauxval(AT_SECURE) != 0;
	held = egid != rgid;
	/* The kernel makes a setgid exec non-dumpable; say so ourselves (and
	 * again after the drop: priv_drop). */
	if (started && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return cp_fail(err, CP_FAILED, "cannot make the process "
		               "non-dumpable: %s", strerror(errno));
	if (held && suid_dumpable_is_1())
		return cp_fail(err, CP_FAILED, "fs.suid_dumpable is 1 on this host: "
		               "cpdesk would be open to tracing by its user for a "
		               "moment when it gives up the stores' group; ask IT to "
		               "set it to 0 (sysctl fs.suid_dumpable=0)");
	/* After the group is given up, curses would trust these (it checks
	 * only that the ids agree) and parse a terminal description of the
	 * user's choosing while the store is open: a privileged run uses
	 * the system's.  The home directory comes from the password
	 * database then (~/.terminfo is not read). */
	if (started) {
		unsetenv("TERMINFO");
		unsetenv("TERMINFO_DIRS");
		unsetenv("TERMCAP");
		unsetenv("HOME");
	}
	return CP_OK;
}

bool priv_started(void) { return started; }
bool priv_held(void) { return held; }
unsigned priv_store_gid(void) { return (unsigned)store_gid; }

cp_status priv_drop(cp_error *err)
{
	if (!held)
		return CP_OK;
	gid_t g = getgid(), r, e, s;
	if (setresgid(g, g, g) != 0 || getresgid(&r, &e, &s) != 0 ||
	    r != g || e != g || s != g)
		return cp_fail(err, CP_FAILED, "cannot give up the store's group: "
		               "%s; stopping", strerror(errno));
	held = false;
	/* Changing ids resets "dumpable" from fs.suid_dumpable, which may be
	 * 1: the user could then read the store's pages through /proc. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 ||
	    prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
		return cp_fail(err, CP_FAILED, "cannot stay non-dumpable after "
		               "giving up the store's group; stopping");
	return CP_OK;
}

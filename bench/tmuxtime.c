/* tmuxtime.c - time a full-screen program in a real terminal (tmux):
 * start to the first full screen, and keypresses to their redraw.
 *
 *   tmuxtime RUNS COLSxROWS MARKER [KEY=WAIT ...] -- CMD [ARGS...]
 *
 * One tmux server (its own socket, no config) and one control-mode
 * client (tmux -C) that tmux streams every pane's output to as it
 * arrives (%output lines): nothing is polled and no tmux process is
 * started per look, so the figures are the program's and tmux's, not a
 * shell loop's.  Each run opens a new window running CMD (tmux executes
 * it directly, no shell; CPDESK_TIMING=1 in its environment); the clock
 * starts when that command is written to tmux, and the first screen is
 * the moment the pane's output (escape sequences removed) holds MARKER,
 * which should be on the screen's last line (ncurses draws top to
 * bottom).  Then each KEY is sent with send-keys and timed to WAIT
 * appearing in the output after it; WAIT "~" means "any output, then
 * 30 ms of quiet" (the time of the last chunk).  Finally q is sent and
 * the program's own "first screen in N ms" line (CPDESK_TIMING) is read
 * from its output or its last screen (remain-on-exit).  A new window a
 * run: respawning a dead pane can take the tmux 3.3 server down.
 *
 * stdout: one line per figure, "NAME median_us p95_us ok_runs":
 * "first", "inside" (the program's own figure), then "key:KEY" for each
 * key; a figure with no good run prints -1.  Failures on stderr;
 * $TMUXTIME_TRACE names a file for everything tmux said.  Exit 0 unless
 * tmux could not be started. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXKEYS 8
#define TAIL 65536 /* the pane output kept for matching */
#define WAIT_MS 20000
#define QUIET_MS 30

static int to_tmux = -1, from_tmux = -1;
static char sock[512];     /* the tmux server's socket file */
static pid_t tmux_pid;
static char line[1 << 20];
static size_t line_len;
static char screen[TAIL];  /* pane output since the last arm(), escapes removed */
static size_t screen_len;
static int esc_state;      /* 0 text, 1 after ESC, 2 in CSI, 3 in OSC/string */
static FILE *trace;        /* $TMUXTIME_TRACE: every line from tmux */

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "tmuxtime: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (to_tmux >= 0) { /* take the server down with us */
		static const char bye[] = "kill-server\n";
		if (write(to_tmux, bye, sizeof bye - 1) < 0)
			perror("tmuxtime: kill-server");
		sleep(1);
	}
	if (sock[0])
		unlink(sock);
	exit(3);
}

static void send_cmd(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void send_cmd(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof buf - 1)
		die("command too long");
	if (trace)
		fprintf(trace, "%.3f > %s\n", now_us() / 1000, buf);
	buf[n++] = '\n';
	for (int off = 0; off < n;) {
		ssize_t w = write(to_tmux, buf + off, (size_t)(n - off));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			die("writing to tmux: %s", strerror(errno));
		off += (int)w;
	}
}

/* Keep one byte of pane output, dropping terminal escape sequences and
 * the shift-in/shift-out of the line-drawing set. */
static void keep(unsigned char c)
{
	switch (esc_state) {
	case 1:
		if (c == '[')
			esc_state = 2;
		else if (c == ']' || c == 'P' || c == '_' || c == '^')
			esc_state = 3;
		else if (c < 0x20 || c > 0x2F) /* final byte; 0x20-0x2F go on */
			esc_state = 0;
		return;
	case 2:
		if (c >= 0x40 && c <= 0x7E)
			esc_state = 0;
		return;
	case 3:
		if (c == 0x07 || c == 0x1B) /* BEL, or ESC of ST */
			esc_state = c == 0x1B ? 1 : 0;
		return;
	}
	if (c == 0x1B) {
		esc_state = 1;
		return;
	}
	if (c == 0x0E || c == 0x0F)
		return;
	if (screen_len == sizeof screen - 1) { /* keep the newer half */
		memmove(screen, screen + sizeof screen / 2,
		        sizeof screen / 2 - 1);
		screen_len = sizeof screen / 2 - 1;
	}
	screen[screen_len++] = (char)(c ? c : ' ');
	screen[screen_len] = '\0';
}

/* A command's reply: the lines between %begin and %end. */
static int in_block, replies;
static char pane[32];      /* the pane of the current run, "%N" */
static const char *target; /* wait_for's text, and when it showed */
static double target_at = -1;
static double last_out_at; /* the latest chunk of output since arm() */
static int outputs;        /* and how many there were */
static char reply[TAIL];
static size_t reply_len;

/* "%output %ID text": text escapes bytes below 32 and '\' as \ooo. */
static int take_line(void)
{
	static const char pfx[] = "%output ";
	if (!strncmp(line, "%begin ", 7)) {
		in_block = 1;
		reply[reply_len = 0] = '\0';
		return 0;
	}
	if (in_block) {
		if (!strncmp(line, "%end ", 5) || !strncmp(line, "%error ", 7)) {
			in_block = 0;
			replies++;
		} else {
			size_t n = strlen(line);
			if (n + 2 < sizeof reply - reply_len) {
				memcpy(reply + reply_len, line, n);
				reply_len += n;
				reply[reply_len++] = '\n';
				reply[reply_len] = '\0';
			}
		}
		return 0;
	}
	if (strncmp(line, pfx, sizeof pfx - 1))
		return 0;
	const char *id = line + sizeof pfx - 1;
	const char *p = strchr(id, ' ');
	if (!p || !pane[0] || strncmp(id, pane, (size_t)(p - id)) ||
	    pane[p - id])
		return 0; /* another pane's */
	for (p++; *p; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '7' && p[2] && p[3]) {
			keep((unsigned char)((p[1] - '0') * 64 + (p[2] - '0') * 8 +
			                     (p[3] - '0')));
			p += 3;
		} else {
			keep((unsigned char)*p);
		}
	}
	last_out_at = now_us();
	outputs++;
	if (target && target_at < 0 && strstr(screen, target))
		target_at = last_out_at;
	return 1;
}

/* Read what tmux sent, for at most ms; returns 1 when a chunk of pane
 * output arrived (*at: when), 2 when a command's reply did, 0 on
 * time-out, -1 when tmux went away. */
static int pump(int ms, double *at)
{
	int had = replies;
	double deadline = now_us() + ms * 1000.0;
	for (;;) {
		/* One line at a time: a reply may name the pane whose output
		 * follows it in the same read. */
		char *nl;
		while ((nl = memchr(line, '\n', line_len))) {
			*nl = '\0';
			size_t used = (size_t)(nl - line) + 1;
			if (trace)
				fprintf(trace, "%.3f %s\n", now_us() / 1000, line);
			int got = take_line();
			memmove(line, line + used, line_len - used);
			line_len -= used;
			if (got) {
				*at = now_us();
				return 1;
			}
			if (replies != had)
				return 2;
		}
		double left = deadline - now_us();
		if (left <= 0)
			return 0;
		struct pollfd pf = { .fd = from_tmux, .events = POLLIN };
		int r = poll(&pf, 1, (int)(left / 1000) + 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		if (line_len == sizeof line - 1)
			die("a line from tmux over %zu bytes", sizeof line);
		ssize_t n = read(from_tmux, line + line_len, sizeof line - 1 - line_len);
		if (n <= 0)
			return -1;
		line_len += (size_t)n;
	}
}

static void arm(void)
{
	screen_len = 0;
	screen[0] = '\0';
	target_at = -1;
	outputs = 0;
}

/* Wait for text in the output since arm(); the time the chunk that
 * completed it arrived (it may have come while waiting for a reply), or
 * -1. */
static double wait_for(const char *text, double t0)
{
	double at = 0;
	target = text;
	while (target_at < 0) {
		if (now_us() - t0 > WAIT_MS * 1000.0 ||
		    pump((int)(WAIT_MS - (now_us() - t0) / 1000), &at) < 0)
			break;
	}
	target = NULL;
	return target_at;
}

/* Send a command and wait for its reply (its lines in reply[]). */
static int query(const char *cmd)
{
	double at, t0 = now_us();
	int want = replies + 1;
	send_cmd("%s", cmd);
	while (replies < want)
		if (pump((int)(WAIT_MS - (now_us() - t0) / 1000), &at) < 0 ||
		    now_us() - t0 > WAIT_MS * 1000.0)
			return -1;
	return 0;
}

static int query_fmt(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int query_fmt(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return query(buf);
}

/* Wait until the pane's program has gone (tmux marks the pane dead), so
 * that its last output is in and its window can be closed. */
static void wait_dead(void)
{
	char cmd[96];
	snprintf(cmd, sizeof cmd, "display -p -t %s '#{pane_dead}'", pane);
	for (int i = 0; i < 500; i++) {
		if (query(cmd) < 0 ||
		    !strcmp(reply, "1\n"))
			return;
		usleep(2000);
	}
	fprintf(stderr, "tmuxtime: the program did not exit\n");
}

/* Any output since arm(), then QUIET_MS of none: the time of the last
 * chunk, or -1. */
static double wait_quiet(double t0)
{
	double at;
	while (outputs == 0)
		if (now_us() - t0 > WAIT_MS * 1000.0 || pump(WAIT_MS, &at) < 0)
			return -1;
	for (;;) {
		double quiet_from = now_us();
		int r;
		while ((r = pump(QUIET_MS, &at)) == 2) /* replies don't count */
			if (now_us() - quiet_from > QUIET_MS * 1000.0)
				break;
		if (r < 0)
			return -1;
		if (r != 1)
			return last_out_at;
	}
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *name, double *v, int n)
{
	if (n == 0) {
		printf("%s -1 -1 0\n", name);
		return;
	}
	qsort(v, (size_t)n, sizeof *v, cmp);
	int p95 = (int)((n - 1) * 0.95 + 0.5);
	printf("%s %.0f %.0f %d\n", name, v[(n - 1) / 2], v[p95], n);
}

/* The command for respawn-pane, each argument single-quoted for tmux. */
static void quote_args(char *out, size_t cap, char **argv)
{
	size_t o = 0;
	for (; *argv; argv++) {
		if (o + 4 >= cap)
			die("command too long");
		out[o++] = ' ';
		out[o++] = '\'';
		for (const char *s = *argv; *s; s++) {
			if (o + 6 >= cap)
				die("command too long");
			if (*s == '\'') {
				memcpy(out + o, "'\\''", 4);
				o += 4;
			} else {
				out[o++] = *s;
			}
		}
		out[o++] = '\'';
	}
	out[o] = '\0';
}

int main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: tmuxtime RUNS COLSxROWS MARKER "
		        "[KEY=WAIT ...] -- CMD [ARGS...]\n");
		return 2;
	}
	int runs = atoi(argv[1]), cols = 0, rows = 0;
	if (runs < 1 || sscanf(argv[2], "%dx%d", &cols, &rows) != 2)
		die("bad RUNS or COLSxROWS");
	const char *marker = argv[3];
	const char *keys[MAXKEYS], *waits[MAXKEYS];
	int nkeys = 0, i = 4;
	for (; i < argc && strcmp(argv[i], "--"); i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq || nkeys == MAXKEYS)
			die("bad key step '%s'", argv[i]);
		*eq = '\0';
		keys[nkeys] = argv[i];
		waits[nkeys++] = eq + 1;
	}
	if (i + 1 >= argc)
		die("no command");
	char cmd[4096];
	quote_args(cmd, sizeof cmd, argv + i + 1);
	if (argc - i - 1 == 1) /* tmux runs one argument with a shell */
		strncat(cmd, " ''", sizeof cmd - strlen(cmd) - 1);

	if (getenv("TMUXTIME_TRACE"))
		if ((trace = fopen(getenv("TMUXTIME_TRACE"), "w")))
			setvbuf(trace, NULL, _IOLBF, 0);
	/* our own socket file, removed at the end (a -L name would leave
	 * one behind in /tmp/tmux-UID after kill-server) */
	const char *tmp = getenv("TMPDIR");
	snprintf(sock, sizeof sock, "%s/tmuxtime-%ld.sock",
	         tmp && *tmp ? tmp : "/tmp", (long)getpid());
	int in[2], out[2];
	if (pipe(in) || pipe(out))
		die("pipe: %s", strerror(errno));
	signal(SIGPIPE, SIG_IGN);
	char geom_x[16], geom_y[16];
	snprintf(geom_x, sizeof geom_x, "%d", cols);
	snprintf(geom_y, sizeof geom_y, "%d", rows);
	tmux_pid = fork();
	if (tmux_pid < 0)
		die("fork: %s", strerror(errno));
	if (tmux_pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execlp("tmux", "tmux", "-S", sock, "-f", "/dev/null", "-C",
		       "new-session", "-x", geom_x, "-y", geom_y, "sleep",
		       "1000000", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	to_tmux = in[1];
	from_tmux = out[0];
	char size[32];
	snprintf(size, sizeof size, "%dx%d", cols, rows);
	send_cmd("set -g status off");
	send_cmd("set -wg remain-on-exit on"); /* a window option: the last
	                                        * screen stays to be read */
	send_cmd("refresh-client -C %s", size);
	double at;
	while (pump(300, &at) > 0) /* settle */
		;

	double *first = calloc((size_t)runs, sizeof *first);
	double *inside = calloc((size_t)runs, sizeof *inside);
	double *kt = calloc((size_t)(runs * MAXKEYS), sizeof *kt);
	int nfirst = 0, ninside = 0, nk[MAXKEYS] = { 0 };
	if (!first || !inside || !kt)
		die("out of memory");
	for (int r = 0; r < runs; r++) {
		/* A new window a run (respawning a dead pane can take the tmux
		 * 3.3 server down); tmux executes CMD itself, no shell. */
		arm();
		pane[0] = '\0';
		double t0 = now_us();
		if (query_fmt("new-window -P -F '#{pane_id}' -e CPDESK_TIMING=1%s",
		              cmd) < 0 || sscanf(reply, "%%%30[0-9]", pane + 1) != 1)
			die("new-window failed: %s", reply);
		pane[0] = '%';
		double t1 = wait_for(marker, t0);
		if (t1 < 0) {
			fprintf(stderr, "tmuxtime: run %d: no '%s' within %d s; "
			        "the pane showed: %.300s\n", r + 1, marker,
			        WAIT_MS / 1000, screen);
			continue;
		}
		first[nfirst++] = t1 - t0;
		while (pump(50, &at) > 0) /* let the first screen finish */
			;
		for (int k = 0; k < nkeys; k++) {
			arm();
			double k0 = now_us();
			query_fmt("send-keys -t %s %s", pane, keys[k]);
			double k1 = strcmp(waits[k], "~") ? wait_for(waits[k], k0)
			                                  : wait_quiet(k0);
			if (k1 < 0) {
				fprintf(stderr, "tmuxtime: run %d: key %s: no '%s'\n",
				        r + 1, keys[k], waits[k]);
				break;
			}
			kt[k * runs + nk[k]++] = k1 - k0;
			while (pump(50, &at) > 0)
				;
		}
		/* q, then the program's own figure from the dead pane's screen
		 * (tmux keeps it: remain-on-exit). */
		arm();
		double q0 = now_us();
		query_fmt("send-keys -t %s q", pane);
		/* the line comes after endwin, just before the exit */
		target = " ms";
		while (target_at < 0 || !strstr(screen, "first screen in "))
			if (now_us() - q0 > 3e6 || pump(100, &at) < 0)
				break;
		target = NULL;
		wait_dead();
		const char *p = strstr(screen, "first screen in ");
		double ms;
		if (!p && query_fmt("capture-pane -p -t %s", pane) == 0)
			p = strstr(reply, "first screen in ");
		if (p && sscanf(p, "first screen in %lf", &ms) == 1)
			inside[ninside++] = ms * 1000;
		else
			fprintf(stderr, "tmuxtime: run %d: no timing line after q\n",
			        r + 1);
		query_fmt("kill-pane -t %s", pane);
	}
	report("first", first, nfirst);
	report("inside", inside, ninside);
	for (int k = 0; k < nkeys; k++) {
		char name[64];
		snprintf(name, sizeof name, "key:%s", keys[k]);
		report(name, kt + k * runs, nk[k]);
	}
	send_cmd("kill-server");
	close(to_tmux);
	while (pump(500, &at) >= 0 && line_len)
		;
	waitpid(tmux_pid, NULL, 0);
	unlink(sock);
	free(first);
	free(inside);
	free(kt);
	return 0;
}

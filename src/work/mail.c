/* mail.c - RFC 5322 messages and their delivery (mail.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mail.h"
#include "module.h"
#include "strbuf.h"
#include "text.h"

/* ---- addresses ---------------------------------------------------------- */
bool mail_address_valid(const char *addr)
{
	if (!addr)
		return false;
	size_t len = strlen(addr);
	const char *at = strrchr(addr, '@');
	if (!len || len > MAIL_ADDR_MAX || !at || at == addr || !at[1] ||
	    strchr(addr, '@') != at)
		return false;
	for (const char *p = addr; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c >= 0x7f || strchr("\"(),:;<>[\\]", c))
			return false;
	}
	const char *d = at + 1;
	if (d[0] == '.' || d[strlen(d) - 1] == '.' ||
	    strstr(d, ".."))
		return false;
	for (; *d; d++)
		if (!((*d >= 'a' && *d <= 'z') || (*d >= 'A' && *d <= 'Z') ||
		      (*d >= '0' && *d <= '9') || *d == '-' || *d == '.'))
			return false;
	return true;
}

/* The mail name of the system (Debian's /etc/mailname: "the visible
 * mail name of the system", what the MTA puts after the @), else "". */
static void system_mailname(const char *file, char *buf, size_t size)
{
	buf[0] = '\0';
	FILE *f = fopen(file, "re");
	if (!f)
		return;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, " \t\r\n")] = '\0';
}

void mail_default_from(char *buf, size_t size)
{
	mail_from_for(MAIL_MAILNAME_FILE, buf, size);
}

void mail_from_for(const char *mailname_file, char *buf, size_t size)
{
	char host[256] = "";
	system_mailname(mailname_file, host, sizeof host);
	if (!host[0] && (gethostname(host, sizeof host - 1) != 0 || !host[0]))
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	for (char *p = host; *p; p++)   /* keep it an address */
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			*p = '-';
	snprintf(buf, size, "cpdesk@%s", host);
}

void mail_subject(const char *prefix, const char *subject, char *buf,
                  size_t size)
{
	size_t pl = prefix ? strlen(prefix) : 0;
	if (!pl || !strncmp(subject, prefix, pl))
		snprintf(buf, size, "%s", subject);
	else
		snprintf(buf, size, "%s: %s", prefix, subject);
}

/* ---- dates -------------------------------------------------------------- */
static const char *const wdays[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
                                     "Fri", "Sat" };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
                                      "Jun", "Jul", "Aug", "Sep", "Oct",
                                      "Nov", "Dec" };

static int64_t now_or(int64_t when)
{
	return when ? when : (int64_t)time(NULL);
}

/* Body text made safe: invalid UTF-8 and control characters other than
 * newline replaced (text_sanitize), line by line; tabs made spaces. */
static char *clean_body(const char *body)
{
	strbuf b = { 0 };
	const char *p = body ? body : "";
	strbuf_puts(&b, "");   /* an empty body is "", not NULL */
	while (*p && !b.oom) {
		size_t n = strcspn(p, "\n");
		char *line = strndup(p, n);
		if (!line)
			break;
		for (char *q = line; *q; q++)
			if (*q == '\t')
				*q = ' ';
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		char *clean = text_sanitize_dup(line);
		free(line);
		if (!clean)
			break;
		strbuf_puts(&b, clean);
		strbuf_puts(&b, "\n");
		free(clean);
		p += n + (p[n] == '\n');
	}
	if (b.oom || *p) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

static unsigned counter;

static void random_tag(char out[17])
{
	unsigned char r[8] = { 0 };
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, r, sizeof r) != (ssize_t)sizeof r)
			memset(r, 0, sizeof r);
		close(fd);
	}
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
}

/* ---- the writer (cpdesk-mail.so) --------------------------------------- */
static const module_spec mail_spec = {
	.file = "cpdesk-mail.so", .symbol = MAIL_RENDER_SYMBOL,
	.abi = MAIL_RENDER_ABI, .what = "mail",
	.needs = "is GMime installed? apt-get install libgmime-3.0-0",
	/* GLib's type system is set up once and never torn down */
	.keep_loaded = true,
};

cp_status mail_writer_open(mail_writer *w, cp_error *err)
{
	memset(w, 0, sizeof *w);
	const module_head *head;
	CP_TRY(module_open(&mail_spec, &w->handle, &head, err));
	/* the head is the exported struct's first member */
	w->render = ((const mail_render_module *)head)->render;
	return w->render ? CP_OK : module_refuse(&mail_spec, &w->handle, err);
}

void mail_writer_close(mail_writer *w)
{
	module_close(&w->handle);
	w->render = NULL;
}

static cp_status check_addresses(const mail_msg *m, cp_error *err)
{
	if (!mail_address_valid(m->from))
		return cp_fail(err, CP_BADINPUT, "'%s' is not a mail address "
		               "(write local@domain)", m->from ? m->from : "");
	if (!m->nto)
		return cp_fail(err, CP_BADINPUT, "a message needs a recipient");
	for (size_t i = 0; i < m->nto + m->ncc; i++) {
		const char *a = i < m->nto ? m->to[i] : m->cc[i - m->nto];
		if (!mail_address_valid(a)) {
			char clean[MAIL_ADDR_MAX + 1];
			return cp_fail(err, CP_BADINPUT, "'%s' is not a mail address "
			               "(write local@domain)",
			               text_sanitize(a ? a : "", clean, sizeof clean));
		}
	}
	return CP_OK;
}

cp_status mail_format(const mail_writer *w, const mail_msg *m, char **out,
                      size_t *len, cp_error *err)
{
	*out = NULL;
	CP_TRY(check_addresses(m, err));
	/* the subject is one line: a CR or LF in a name is shown, never
	 * obeyed (text_sanitize) */
	char *subject = text_sanitize_dup(m->subject ? m->subject : "");
	char *body = clean_body(m->body);
	if (!subject || !body) {
		free(subject);
		free(body);
		return cp_oom(err);
	}
	char id[MAIL_ADDR_MAX + 128], tag[17], why[256] = "";
	int64_t when = now_or(m->date);
	random_tag(tag);
	snprintf(id, sizeof id, "cpdesk.%lld.%ld.%u.%s@%s", (long long)when,
	         (long)getpid(), ++counter, tag, strrchr(m->from, '@') + 1);
	mail_render_msg rm = {
		.from = m->from, .to = m->to, .nto = m->nto, .cc = m->cc,
		.ncc = m->ncc, .subject = subject, .body = body, .date = when,
		.message_id = id, .attachment = m->attachment,
	};
	size_t n = 0;
	int rc = w->render(&rm, out, &n, why, sizeof why);
	free(subject);
	free(body);
	if (rc != 0)
		return cp_fail(err, CP_FAILED, "writing a message: %s", why);
	if (len)
		*len = n;
	return CP_OK;
}

/* ---- delivery ----------------------------------------------------------- */
static cp_status ensure_dir(const char *path, cp_error *err)
{
	if (mkdir(path, 0700) == 0 || errno == EEXIST) {
		struct stat sb;
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			return CP_OK;
		return cp_fail(err, CP_BADINPUT, "--maildir: %s is not a directory",
		               path);
	}
	return cp_fail(err, CP_FAILED, "--maildir: cannot make %s: %s", path,
	               strerror(errno));
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

cp_status mail_maildir_deliver(const char *dir, const char *msg, size_t len,
                               char *name, size_t name_size, cp_error *err)
{
	static const char *const subs[] = { "tmp", "new", "cur" };
	char path[PATH_MAX], tmp[PATH_MAX], fin[PATH_MAX], host[128] = "";
	char clean[PATH_MAX];
	text_sanitize(dir, clean, sizeof clean);
	cp_status st = ensure_dir(dir, err);
	for (size_t i = 0; st == CP_OK && i < 3; i++) {
		if (snprintf(path, sizeof path, "%s/%s", dir, subs[i]) >=
		    (int)sizeof path)
			return cp_fail(err, CP_BADINPUT, "--maildir: path too long");
		st = ensure_dir(path, err);
	}
	if (st != CP_OK)
		return st;
	if (gethostname(host, sizeof host - 1) != 0 || !host[0])
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	for (char *p = host; *p; p++)
		if (*p == '/' || *p == ':')
			*p = '_';
	struct timeval tv;
	gettimeofday(&tv, NULL);
	char base[300];
	snprintf(base, sizeof base, "%lld.M%ldP%ldQ%u.%s", (long long)tv.tv_sec,
	         (long)tv.tv_usec, (long)getpid(), ++counter, host);
	/* a draft, not a message received: in cur/ with the Draft flag, as
	 * mail clients keep their own drafts (Maildir's ":2,D") */
	if (snprintf(tmp, sizeof tmp, "%s/tmp/%s", dir, base) >= (int)sizeof tmp ||
	    snprintf(fin, sizeof fin, "%s/cur/%s:2,D", dir, base) >=
	    (int)sizeof fin)
		return cp_fail(err, CP_BADINPUT, "--maildir: path too long");
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return cp_fail(err, CP_FAILED, "--maildir %s: cannot create "
		               "tmp/%s: %s", clean, base, strerror(errno));
	bool ok = write_all(fd, msg, len) && fsync(fd) == 0;
	int e = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	/* link(2) refuses to replace: a name clash cannot lose a message */
	if (ok && link(tmp, fin) != 0) {
		ok = false;
		e = errno;
	}
	unlink(tmp);
	if (!ok)
		return cp_fail(err, CP_FAILED, "--maildir %s: cannot write a "
		               "message: %s", clean, strerror(e));
	if (name)
		snprintf(name, name_size, "%s:2,D", base);
	return CP_OK;
}

cp_status mail_sendmail(const char *cmd, const char *msg, size_t len,
                        cp_error *err)
{
	char clean[256];
	text_sanitize(cmd, clean, sizeof clean);
	int fds[2];
	if (pipe(fds) != 0)
		return cp_fail(err, CP_FAILED, "--sendmail: pipe: %s",
		               strerror(errno));
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		return cp_fail(err, CP_FAILED, "--sendmail: fork: %s", strerror(e));
	}
	if (pid == 0) {   /* the child: stdin from the pipe, stdout to stderr */
		close(fds[1]);
		if (dup2(fds[0], 0) < 0 || dup2(2, 1) < 0)
			_exit(127);
		close(fds[0]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	/* A command that exits early must not kill us with SIGPIPE. */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	bool wrote = write_all(fds[1], msg, len);
	int e = errno;
	close(fds[1]);
	sigaction(SIGPIPE, &old, NULL);
	int status = 0;
	pid_t r;
	while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (r < 0)
		return cp_fail(err, CP_FAILED, "--sendmail '%s': wait: %s", clean,
		               strerror(errno));
	if (WIFSIGNALED(status))
		return cp_fail(err, CP_FAILED, "--sendmail '%s' was killed by "
		               "signal %d", clean, WTERMSIG(status));
	if (WEXITSTATUS(status) != 0)
		return cp_fail(err, CP_FAILED, "--sendmail '%s' exited with status "
		               "%d", clean, WEXITSTATUS(status));
	if (!wrote)
		return cp_fail(err, CP_FAILED, "--sendmail '%s' did not read the "
		               "message: %s", clean, strerror(e));
	return CP_OK;
}

cp_status mail_mbox_write(FILE *f, const char *from, int64_t date,
                          const char *msg, size_t len, cp_error *err)
{
	time_t t = (time_t)now_or(date);
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof tm);
	fprintf(f, "From %s %s %s %2d %02d:%02d:%02d %04d\n",
	        from && *from ? from : "MAILER-DAEMON", wdays[tm.tm_wday % 7],
	        months[tm.tm_mon % 12], tm.tm_mday, tm.tm_hour, tm.tm_min,
	        tm.tm_sec, tm.tm_year + 1900);
	const char *p = msg, *end = msg + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		const char *q = p;
		while (q < p + n && *q == '>')
			q++;
		if ((size_t)(p + n - q) >= 5 && !strncmp(q, "From ", 5))
			fputc('>', f);
		fwrite(p, 1, n, f);
		p += n;
	}
	if (len && msg[len - 1] != '\n')
		fputc('\n', f);
	fputc('\n', f);
	if (fflush(f) != 0 || ferror(f))
		return cp_fail(err, CP_FAILED, "writing the messages: %s",
		               strerror(errno));
	return CP_OK;
}

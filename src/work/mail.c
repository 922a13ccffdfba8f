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
#include "text.h"
#include "vec.h"

/* ---- a growing string --------------------------------------------------- */
typedef struct sbuf {
	char *s;
	size_t n, cap;
	bool oom;
} sbuf;

static void sb_addn(sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (!vec_reserve((void **)&b->s, &b->cap, b->n + n + 1, 1, 1024)) {
		b->oom = true;
		return;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void sb_add(sbuf *b, const char *s) { sb_addn(b, s, strlen(s)); }

static void sb_printf(sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		b->oom = true;
	else
		sb_addn(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

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

/* RFC 5322 date in local time, English names whatever the locale. */
static void rfc5322_date(int64_t when, char *buf, size_t size)
{
	time_t t = (time_t)when;
	struct tm tm;
	if (!localtime_r(&t, &tm)) {
		snprintf(buf, size, "Thu, 01 Jan 1970 00:00:00 +0000");
		return;
	}
	long off = tm.tm_gmtoff / 60;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld",
	         wdays[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	         tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, sign,
	         off / 60, off % 60);
}

static int64_t now_or(int64_t when)
{
	return when ? when : (int64_t)time(NULL);
}

/* ---- header encoding ---------------------------------------------------- */
static bool all_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void sb_base64(sbuf *b, const unsigned char *p, size_t n)
{
	char q[4];
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		q[0] = b64[(v >> 18) & 63];
		q[1] = b64[(v >> 12) & 63];
		q[2] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? b64[v & 63] : '=';
		sb_addn(b, q, 4);
	}
}

/* "Name: value", folded at spaces so lines stay within 78 characters
 * where the words allow; a non-ASCII value as RFC 2047 encoded words
 * of at most 39 bytes of text each (never splitting a character). */
static void sb_header(sbuf *b, const char *name, const char *value)
{
	size_t col = strlen(name) + 2;
	sb_add(b, name);
	sb_add(b, ": ");
	if (!all_ascii(value)) {
		const unsigned char *p = (const unsigned char *)value;
		size_t n = strlen(value), i = 0;
		bool first = true;
		while (i < n) {
			size_t take = 0;
			while (i + take < n) {
				size_t c = 1;
				while (i + take + c < n && (p[i + take + c] & 0xc0) == 0x80)
					c++;
				if (take + c > 39)
					break;
				take += c;
			}
			if (!take)   /* cannot happen with valid UTF-8; be safe */
				take = 1;
			if (!first)
				sb_add(b, "\n ");
			sb_add(b, "=?UTF-8?B?");
			sb_base64(b, p + i, take);
			sb_add(b, "?=");
			first = false;
			i += take;
		}
		sb_add(b, "\n");
		return;
	}
	const char *s = value;
	bool first = true;
	while (*s) {
		size_t w = strcspn(s, " ");
		if (!first && col + 1 + w > 78) {
			sb_add(b, "\n ");
			col = 1;
		} else if (!first) {
			sb_add(b, " ");
			col++;
		}
		sb_addn(b, s, w);
		col += w;
		first = false;
		s += w;
		while (*s == ' ')
			s++;
	}
	sb_add(b, "\n");
}

/* "To: a, b": addresses one after another, folded after commas. */
static void sb_addr_header(sbuf *b, const char *name,
                           const char *const *addr, size_t n)
{
	size_t col = strlen(name) + 2;
	sb_add(b, name);
	sb_add(b, ": ");
	for (size_t i = 0; i < n; i++) {
		size_t w = strlen(addr[i]);
		if (i && col + 2 + w > 78) {
			sb_add(b, ",\n ");
			col = 1;
		} else if (i) {
			sb_add(b, ", ");
			col += 2;
		}
		sb_add(b, addr[i]);
		col += w;
	}
	sb_add(b, "\n");
}

/* ---- body encoding ------------------------------------------------------ */
static bool body_plain(const char *s)
{
	size_t col = 0;
	bool line_start = true;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n') {
			col = 0;
			line_start = true;
			continue;
		}
		if (line_start && (!strncmp(p, "From ", 5) || !strcmp(p, ".") ||
		                   !strncmp(p, ".\n", 2)))
			return false;
		line_start = false;
		if (c >= 0x80 || (c < ' ' && c != '\t') || c == 0x7f || ++col > 78)
			return false;
	}
	return true;
}

/* Quoted-printable (RFC 2045 6.7): lines at most 76 characters; "From "
 * and "." at the start of a line encoded, so no mbox or SMTP quoting
 * ever touches the body. */
static void sb_qp(sbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n') {
			sb_add(b, "\n");
			col = 0;
			continue;
		}
		char tok[4];
		size_t tl;
		bool eol = p[1] == '\n' || p[1] == '\0';
		bool lit = (*p >= 33 && *p <= 126 && *p != '=') ||
		           ((*p == ' ' || *p == '\t') && !eol);
		if (col == 0 && (*p == '.' ||
		                 (*p == 'F' && !strncmp((const char *)p, "From ", 5))))
			lit = false;
		if (lit) {
			tok[0] = (char)*p;
			tl = 1;
		} else {
			tok[0] = '=';
			tok[1] = hex[*p >> 4];
			tok[2] = hex[*p & 15];
			tl = 3;
		}
		/* room for the token and, unless the line ends here, a soft "=" */
		if (col + tl > (eol ? 76u : 75u)) {
			sb_add(b, "=\n");
			col = 0;
			if (*p == '.' || *p == 'F') {   /* now at a line start */
				tok[0] = '=';
				tok[1] = hex[*p >> 4];
				tok[2] = hex[*p & 15];
				tl = 3;
			}
		}
		sb_addn(b, tok, tl);
		col += tl;
	}
}

/* Body text made safe: invalid UTF-8 and control characters other than
 * newline and tab replaced (text_sanitize), line by line. */
static char *clean_body(const char *body)
{
	sbuf b = { 0 };
	const char *p = body ? body : "";
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = malloc(n + 1);
		if (!line) {
			free(b.s);
			return NULL;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		for (char *q = line; *q; q++)
			if (*q == '\t')
				*q = ' ';
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		char *clean = text_sanitize_dup(line);
		free(line);
		if (!clean) {
			free(b.s);
			return NULL;
		}
		sb_add(&b, clean);
		free(clean);
		sb_add(&b, "\n");
		p += n;
		if (*p == '\n')
			p++;
	}
	if (!b.s)
		sb_add(&b, "");
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
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

cp_status mail_format(const mail_msg *m, char **out, size_t *len,
                      cp_error *err)
{
	*out = NULL;
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
	char *subject = text_sanitize_dup(m->subject ? m->subject : "");
	char *body = clean_body(m->body);
	if (!subject || !body) {
		free(subject);
		free(body);
		return cp_oom(err);
	}
	int64_t when = now_or(m->date);
	char date[64], tag[17];
	rfc5322_date(when, date, sizeof date);
	random_tag(tag);
	const char *domain = strrchr(m->from, '@') + 1;
	sbuf b = { 0 };
	sb_addr_header(&b, "From", &m->from, 1);
	sb_addr_header(&b, "To", m->to, m->nto);
	if (m->ncc)
		sb_addr_header(&b, "Cc", m->cc, m->ncc);
	sb_header(&b, "Subject", subject);
	sb_printf(&b, "Date: %s\n", date);
	sb_printf(&b, "Message-ID: <cpdesk.%lld.%ld.%u.%s@%s>\n",
	          (long long)when, (long)getpid(), ++counter, tag, domain);
	sb_add(&b, "MIME-Version: 1.0\n");
	sb_add(&b, "Content-Type: text/plain; charset=UTF-8\n");
	bool plain = body_plain(body);
	sb_printf(&b, "Content-Transfer-Encoding: %s\n",
	          plain ? "7bit" : "quoted-printable");
	/* RFC 3834: no out-of-office replies to a generated list */
	sb_add(&b, "Auto-Submitted: auto-generated\n");
	sb_add(&b, "\n");
	if (plain)
		sb_add(&b, body);
	else
		sb_qp(&b, body);
	free(subject);
	free(body);
	if (b.oom) {
		free(b.s);
		return cp_oom(err);
	}
	*out = b.s;
	if (len)
		*len = b.n;
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

/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redact.h"
#include "util.h"

const char *argv0 = "relkit";

void
setprogname(const char *arg0)
{
	const char *s;

	if (!arg0 || !*arg0)
		return;
	s = strrchr(arg0, '/');
	argv0 = s ? s + 1 : arg0;
}

void
vweprintf(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);
	char *msg, *safe;

	/* every message through redact(): no URL's user-info shown */
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	safe = redact(msg ? msg : fmt);
	fprintf(stderr, "%s: %s", argv0, safe);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
	free(safe);
	free(msg);
}

void
weprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vweprintf(fmt, ap);
	va_end(ap);
}

void
eprintf(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vweprintf(fmt, ap);
	va_end(ap);
	exit(status);
}

void *
emalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		eprintf(EXIT_USAGE, "out of memory");
	return p;
}

void *
ecalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);

	if (!p)
		eprintf(EXIT_USAGE, "out of memory");
	return p;
}

void *
erealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		eprintf(EXIT_USAGE, "out of memory");
	return p;
}

char *
estrdup(const char *s)
{
	return estrndup(s, strlen(s));
}

char *
estrndup(const char *s, size_t n)
{
	char *p = emalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int
fshut(FILE *fp, const char *name)
{
	int ret = 0;

	if (fflush(fp) == EOF || ferror(fp)) {
		weprintf("%s: write error:", name);
		ret = -1;
	}
	if (fp != stdout && fp != stderr && fclose(fp) == EOF && ret == 0) {
		weprintf("%s: close:", name);
		ret = -1;
	}
	return ret;
}

void
printversion(void)
{
	printf("%s (relkit) %s\n", argv0, RELKIT_VERSION);
	exit(fshut(stdout, "stdout") ? EXIT_USAGE : EXIT_DONE);
}

int
getopt_std(int argc, char *argv[], const char *optstring,
           const struct option *more)
{
	static struct option all[16];
	static int init;
	size_t n = 0;

	if (!init) {
		while (more && more[n].name && n < 13) {
			all[n] = more[n];
			n++;
		}
		all[n++] = (struct option){ "help", no_argument, NULL, 'h' };
		all[n++] = (struct option){ "version", no_argument, NULL, 'V' };
		memset(&all[n], 0, sizeof all[n]);
		/* getopt's own messages start with argv[0] */
		argv[0] = (char *)argv0;
		init = 1;
	}
	return getopt_long(argc, argv, optstring, all, NULL);
}

void
synopsis_exit(const char *synopsis, int help)
{
	FILE *fp = help ? stdout : stderr;
	const char *p;

	for (p = synopsis; *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			fputs(argv0, fp);
			p++;
		} else {
			putc(*p, fp);
		}
	}
	if (!help)
		exit(EXIT_USAGE);
	exit(fshut(stdout, "stdout") ? EXIT_USAGE : EXIT_DONE);
}

void
stdopt_exit(int c, const char *synopsis)
{
	if (c == 'V')
		printversion();
	synopsis_exit(synopsis, c == 'h');
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - b->len - 1)
		eprintf(EXIT_USAGE, "out of memory");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 256;
	while (b->cap < need)
		b->cap = b->cap > SIZE_MAX / 2 ? need : b->cap * 2;
	b->p = erealloc(b->p, b->cap);
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		eprintf(EXIT_USAGE, "format error");
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

int
readfile(const char *path, struct buf *b, size_t limit)
{
	int fd, r;

	if (!path || strcmp(path, "-") == 0)
		return readfd(STDIN_FILENO, "<stdin>", b, limit);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		weprintf("%s:", path);
		return -1;
	}
	r = readfd(fd, path, b, limit);
	close(fd);
	return r;
}

int
readfd(int fd, const char *name, struct buf *b, size_t limit)
{
	char tmp[65536];
	struct stat st;
	ssize_t r;

	b->len = 0;
	/* a regular file's size known: one allocation, not a doubling */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (size_t)st.st_size <= limit)
		buf_grow(b, (size_t)st.st_size);
	buf_grow(b, 0);
	b->p[0] = '\0';
	for (;;) {
		r = read(fd, tmp, sizeof tmp);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			weprintf("%s:", name);
			return -1;
		}
		if (r == 0)
			break;
		if ((size_t)r > limit - b->len) {
			weprintf("%s: larger than %zu bytes", name, limit);
			return -1;
		}
		buf_add(b, tmp, (size_t)r);
	}
	return 0;
}

size_t
lineno_at(const char *s, size_t off)
{
	size_t n = 1, i;

	for (i = 0; i < off; i++)
		if (s[i] == '\n')
			n++;
	return n;
}

int
writeall(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0) {
		w = write(fd, c, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
onpath(const char *prog)
{
	const char *path = getenv("PATH"), *p, *q;

	for (p = path; p && *p; p = *q ? q + 1 : q) {
		struct buf b = { 0 };

		q = strchr(p, ':');
		if (!q)
			q = p + strlen(p);
		buf_add(&b, p, (size_t)(q - p));
		buf_addf(&b, "/%s", prog);
		if (access(b.p, X_OK) == 0)
			return b.p;
		buf_free(&b);
	}
	return NULL;
}

void
copytrim(char *out, size_t size, const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

int
endswith(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !strcmp(s + n - m, suf);
}

void *
eappend(void *p, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		if (*cap > SIZE_MAX / 2 / size)
			eprintf(EXIT_USAGE, "out of memory");
		*cap = *cap ? *cap * 2 : 16;
		p = erealloc(p, *cap * size);
	}
	memset((char *)p + *n * size, 0, size);
	(*n)++;
	return p;
}

/* relkit — MIT licence, see LICENSE. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "meta.h"
#include "util.h"

void
meta_append(struct meta_field **f, size_t *n, size_t *cap, const char *name,
            size_t nlen, size_t line)
{
	*f = eappend(*f, n, cap, sizeof **f);
	(*f)[*n - 1].name = estrndup(name, nlen);
	(*f)[*n - 1].line = line;
}

void
meta_fields_free(struct meta_field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].name);
		free(f[i].value);
	}
	free(f);
}

static void
add_field(struct meta *m, const char *name, size_t nlen, size_t line)
{
	meta_append(&m->f, &m->n, &m->cap, name, nlen, line);
}

/* Field names: printable ASCII except ':' (RFC 822 "ftext"). */
static size_t
namelen(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == ':' || (unsigned char)s[i] <= ' ' ||
		    (unsigned char)s[i] >= 127)
			break;
	return i;
}

static int
fail(struct meta *m, size_t line, const char *why, size_t *errline,
     const char **err)
{
	meta_free(m);
	*errline = line;
	*err = why;
	return -1;
}

int
meta_parse(const char *src, size_t len, struct meta *m, size_t *errline,
           const char **err)
{
	const char *p = src, *end = src + len, *eol, *nl;
	const char *nul = len ? memchr(src, '\0', len) : NULL;
	struct buf val = { 0 };
	size_t line = 0, ll;
	int have = 0;

	memset(m, 0, sizeof *m);
	if (nul)
		return fail(m, lineno_at(src, nul - src), "NUL byte", errline, err);
	while (p < end) {
		line++;
		nl = memchr(p, '\n', end - p);
		eol = nl ? nl : end;
		ll = eol - p;
		if (ll > 0 && p[ll - 1] == '\r')
			ll--;
		if (ll == 0) {          /* end of the header */
			p = nl ? nl + 1 : end;
			break;
		}
		if (*p == ' ' || *p == '\t') {
			if (!have) {
				buf_free(&val);
				return fail(m, line, "continuation line before any field",
				            errline, err);
			}
			buf_add(&val, "\n", 1);
			buf_add(&val, p, ll);
		} else {
			size_t k = namelen(p, ll), v;

			if (k == 0 || k == ll || p[k] != ':') {
				/* Python's email parser: a line that is no field
				 * starts the body (a field name is printable ASCII
				 * other than ':' and space) */
				if (have && p[0] != ':')
					break;
				buf_free(&val);
				return fail(m, line, "not a header field (Name: value)",
				            errline, err);
			}
			if (have) {
				m->f[m->n - 1].value = estrndup(val.p ? val.p : "", val.len);
				val.len = 0;
			}
			add_field(m, p, k, line);
			have = 1;
			for (v = k + 1; v < ll && (p[v] == ' ' || p[v] == '\t'); v++)
				;
			buf_add(&val, p + v, ll - v);
		}
		p = nl ? nl + 1 : end;
	}
	if (have)
		m->f[m->n - 1].value = estrndup(val.p ? val.p : "", val.len);
	buf_free(&val);
	if (m->n == 0)
		return fail(m, line ? line : 1, "no header fields", errline, err);
	if (p < end)
		m->body = estrndup(p, end - p);
	return 0;
}

char *
meta_dedent(const char *v)
{
	struct buf b = { 0 };
	const char *s = v, *nl;

	buf_grow(&b, strlen(v));
	b.p[0] = '\0';
	for (;;) {
		nl = strchr(s, '\n');
		if (s != v && strncmp(s, "        ", 8) == 0)
			s += 8;
		buf_add(&b, s, nl ? (size_t)(nl - s + 1) : strlen(s));
		if (!nl)
			break;
		s = nl + 1;
	}
	return b.p;
}

const char *
meta_get(const struct meta *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcasecmp(m->f[i].name, name))
			return m->f[i].value;
	return NULL;
}

size_t
meta_count(const struct meta *m, const char *name)
{
	size_t i, c = 0;

	for (i = 0; i < m->n; i++)
		c += !strcasecmp(m->f[i].name, name);
	return c;
}

void
meta_free(struct meta *m)
{
	meta_fields_free(m->f, m->n);
	free(m->body);
	memset(m, 0, sizeof *m);
}

/* relkit — MIT licence, see LICENSE. */
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "util.h"

/*
 * One CSV field starting at *pp (within end) into f. Leaves *pp on the
 * ',' or line end after it. -1 on a bad quote.
 */
static int
field(const char **pp, const char *end, struct buf *f)
{
	const char *p = *pp;

	f->len = 0;
	buf_grow(f, 0);
	f->p[0] = '\0';
	if (p < end && *p == '"') {
		for (p++;; p++) {
			if (p >= end)
				return -1;
			if (*p == '"') {
				if (p + 1 < end && p[1] == '"') {
					buf_add(f, "\"", 1);
					p++;
					continue;
				}
				p++;
				break;
			}
			buf_add(f, p, 1);
		}
		if (p < end && *p != ',' && *p != '\n' && *p != '\r')
			return -1;
	} else {
		const char *s = p;

		while (p < end && *p != ',' && *p != '\n' && *p != '\r') {
			if (*p == '"')
				return -1;
			p++;
		}
		buf_add(f, s, p - s);
	}
	*pp = p;
	return 0;
}

static int
fail(struct record *r, size_t line, const char *why, size_t *errline,
     const char **err)
{
	record_free(r);
	*errline = line;
	*err = why;
	return -1;
}

static void
add(struct record *r, struct buf f[3], size_t line)
{
	struct record_entry *e;
	char *eq;

	r->e = eappend(r->e, &r->n, &r->cap, sizeof *r->e);
	e = &r->e[r->n - 1];
	e->path = estrndup(f[0].p, f[0].len);
	eq = strchr(f[1].p, '=');
	e->algo = estrndup(f[1].p, eq ? (size_t)(eq - f[1].p) : f[1].len);
	e->hash = estrdup(eq ? eq + 1 : "");
	e->size = f[2].len ? strtoll(f[2].p, NULL, 10) : -1;
	e->line = line;
}

int
record_parse(const char *src, size_t len, struct record *r, size_t *errline,
             const char **err)
{
	const char *p = src, *end = src + len;
	struct buf f[3] = { { 0 }, { 0 }, { 0 } };
	size_t line = 0, k, i;
	int ret = -1;
	const char *why = NULL;

	memset(r, 0, sizeof *r);
	if (len && memchr(src, '\0', len)) {
		why = "NUL byte";
		line = lineno_at(src, (const char *)memchr(src, '\0', len) - src);
		goto out;
	}
	while (p < end) {
		line++;
		if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
			p += *p == '\r' ? 2 : 1;
			continue;
		}
		for (k = 0; k < 3; k++) {
			if (k > 0) {
				if (p >= end || *p != ',') {
					why = "not three fields (path,hash,size)";
					goto out;
				}
				p++;
			}
			if (field(&p, end, &f[k]) < 0) {
				why = "bad CSV quoting";
				goto out;
			}
		}
		if (p < end && *p == ',') {
			why = "not three fields (path,hash,size)";
			goto out;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p != '\n') {
			why = "bad line end";
			goto out;
		}
		if (p < end)
			p++;
		if (f[0].len == 0) {
			why = "empty path";
			goto out;
		}
		if (f[1].len && !strchr(f[1].p, '=')) {
			why = "hash field is not ALGORITHM=DIGEST";
			goto out;
		}
		for (i = 0; i < f[2].len; i++)
			if (f[2].p[i] < '0' || f[2].p[i] > '9' || i >= 18) {
				why = "size is not a number";
				goto out;
			}
		add(r, f, line);
	}
	ret = 0;
out:
	for (k = 0; k < 3; k++)
		buf_free(&f[k]);
	if (ret < 0)
		return fail(r, line, why, errline, err);
	return 0;
}

void
record_free(struct record *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->e[i].path);
		free(r->e[i].algo);
		free(r->e[i].hash);
	}
	free(r->e);
	memset(r, 0, sizeof *r);
}

void
b64url_nopad(const unsigned char *p, size_t n, char *out)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t i;
	unsigned v;

	for (i = 0; i + 2 < n; i += 3) {
		v = p[i] << 16 | p[i + 1] << 8 | p[i + 2];
		*out++ = tab[v >> 18];
		*out++ = tab[v >> 12 & 63];
		*out++ = tab[v >> 6 & 63];
		*out++ = tab[v & 63];
	}
	if (n - i == 1) {
		v = p[i] << 16;
		*out++ = tab[v >> 18];
		*out++ = tab[v >> 12 & 63];
	} else if (n - i == 2) {
		v = p[i] << 16 | p[i + 1] << 8;
		*out++ = tab[v >> 18];
		*out++ = tab[v >> 12 & 63];
		*out++ = tab[v >> 6 & 63];
	}
	*out = '\0';
}

/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "simple.h"
#include "utf8.h"
#include "util.h"

static _Thread_local char errbuf[256];

void
simple_free(struct simple_page *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->f[i].filename);
		free(p->f[i].url);
		free(p->f[i].requires_python);
	}
	free(p->f);
	p->f = NULL;
	p->n = p->cap = 0;
}

const struct simple_file *
simple_find(const struct simple_page *p, const char *filename)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->f[i].filename, filename) == 0)
			return &p->f[i];
	return NULL;
}

static struct simple_file *
newfile(struct simple_page *p)
{
	struct simple_file *f;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->f = erealloc(p->f, p->cap * sizeof *p->f);
	}
	f = &p->f[p->n++];
	memset(f, 0, sizeof *f);
	return f;
}

/* 64 hex digits into out (lowercase). 0, or -1 when s is not that. */
static int
sethex(char out[65], const char *s, size_t n)
{
	size_t i;

	if (n != 64)
		return -1;
	for (i = 0; i < 64; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return -1;
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[64] = '\0';
	return 0;
}

static int
fail(struct simple_page *p, const char **err, const char *msg)
{
	simple_free(p);
	*err = msg;
	return -1;
}

/* A JSON string member without embedded NULs; NULL if absent or null. */
static int
jstr(json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
		return -1;
	*out = json_string_value(v);
	return 0;
}

/* PEP 700's upload-time, "YYYY-MM-DDTHH:MM:SS[.ffffff]Z": seconds
 * since the epoch, or 0. */
static long long
isotime(const char *s)
{
	struct tm tm = { 0 };
	const char *e = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);

	if (!e)
		return 0;
	if (*e == '.')
		e += 1 + strspn(e + 1, "0123456789");
	if (strcmp(e, "Z") != 0 && strcmp(e, "+00:00") != 0)
		return 0;
	return (long long)timegm(&tm);
}

int
simple_parse_json(const char *src, size_t len, struct simple_page *p,
                  const char **err)
{
	json_error_t je;
	json_t *root, *meta, *files, *e;
	const char *s;
	size_t i;

	memset(p, 0, sizeof *p);
	if (len > SIMPLE_PAGE_LIMIT)
		return fail(p, err, "page too large");
	root = json_loadb(src, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		snprintf(errbuf, sizeof errbuf, "JSON line %d: %s", je.line, je.text);
		return fail(p, err, errbuf);
	}
	if (!json_is_object(root)) {
		json_decref(root);
		return fail(p, err, "JSON page is not an object");
	}
	meta = json_object_get(root, "meta");
	if (meta) {
		json_t *av = json_is_object(meta) ?
		    json_object_get(meta, "api-version") : NULL;
		if (!json_is_string(av) ||
		    strncmp(json_string_value(av), "1.", 2) != 0) {
			json_decref(root);
			return fail(p, err, "unsupported meta.api-version (want 1.x)");
		}
	}
	files = json_object_get(root, "files");
	if (!json_is_array(files)) {
		json_decref(root);
		return fail(p, err, "JSON page has no \"files\" array");
	}
	if (json_array_size(files) > SIMPLE_MAX_FILES) {
		json_decref(root);
		return fail(p, err, "too many files");
	}
	json_array_foreach(files, i, e) {
		struct simple_file *f;
		json_t *v;
		const char *msg = NULL;

		if (!json_is_object(e)) {
			msg = "a files[] entry is not an object";
			goto bad;
		}
		f = newfile(p);
		if (jstr(e, "filename", &s) < 0 || !s || !*s) {
			msg = "a files[] entry has no filename";
			goto bad;
		}
		f->filename = estrdup(s);
		if (jstr(e, "url", &s) < 0 || !s || !*s) {
			msg = "a files[] entry has no url";
			goto bad;
		}
		f->url = estrdup(s);
		v = json_object_get(e, "hashes");
		if (v && !json_is_object(v)) {
			msg = "a files[] entry has bad hashes";
			goto bad;
		}
		if (v && json_object_get(v, "sha256")) {
			json_t *h = json_object_get(v, "sha256");
			if (!json_is_string(h) || sethex(f->sha256,
			    json_string_value(h), json_string_length(h)) < 0) {
				msg = "a files[] entry has a bad sha256";
				goto bad;
			}
		}
		v = json_object_get(e, "size");
		if (v) {
			if (!json_is_integer(v) || json_integer_value(v) < 0) {
				msg = "a files[] entry has a bad size";
				goto bad;
			}
			f->size = (unsigned long long)json_integer_value(v);
			f->has_size = 1;
		}
		v = json_object_get(e, "yanked");
		if (v && !json_is_boolean(v) && !json_is_string(v)) {
			msg = "a files[] entry has a bad yanked";
			goto bad;
		}
		f->yanked = v && (json_is_true(v) || json_is_string(v));
		if (jstr(e, "requires-python", &s) < 0) {
			msg = "a files[] entry has a bad requires-python";
			goto bad;
		}
		if (s)
			f->requires_python = estrdup(s);
		if (jstr(e, "upload-time", &s) == 0 && s)
			f->upload_time = isotime(s);
		continue;
bad:
		json_decref(root);
		return fail(p, err, msg);
	}
	json_decref(root);
	return 0;
}

/* ---- HTML ------------------------------------------------------------- */

/* Length of the entity at s[0..n) (s[0] == '&') and its character in *c;
 * 0 when it is not one we know (then '&' stands for itself). */
static size_t
entity(const char *s, size_t n, unsigned long *c)
{
	static const struct { const char *name; unsigned long c; } named[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' },
		{ "quot;", '"' }, { "apos;", '\'' }, { "nbsp;", 0xa0 },
	};
	size_t i, k;

	if (n >= 3 && s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X';
		unsigned long v = 0;

		i = hex ? 3 : 2;
		for (k = i; k < n && k < i + 8; k++) {
			int d;
			if (hex && isxdigit((unsigned char)s[k]))
				d = isdigit((unsigned char)s[k]) ? s[k] - '0' :
				    tolower((unsigned char)s[k]) - 'a' + 10;
			else if (!hex && isdigit((unsigned char)s[k]))
				d = s[k] - '0';
			else
				break;
			v = v * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (k == i || k >= n || s[k] != ';')
			return 0;
		if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			v = 0xfffd;
		*c = v;
		return k + 1;
	}
	for (i = 0; i < sizeof named / sizeof named[0]; i++) {
		k = strlen(named[i].name);
		if (n > k && memcmp(s + 1, named[i].name, k) == 0) {
			*c = named[i].c;
			return k + 1;
		}
	}
	return 0;
}

/* s[0..n) with entities decoded, NUL bytes dropped, malloc'd. */
static char *
decode(const char *s, size_t n)
{
	struct buf b = { 0 };
	size_t i, k;
	unsigned long c;

	for (i = 0; i < n; i++) {
		if (s[i] == '&' && (k = entity(s + i, n - i, &c)) > 0) {
			utf8_put(&b, c);
			i += k - 1;
		} else if (s[i] != '\0') {
			buf_add(&b, s + i, 1);
		}
	}
	buf_add(&b, "", 1);
	return b.p;
}

static int
isws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The last path segment of url (before ? and #), percent-decoded. */
static char *
urlbase(const char *url)
{
	size_t n = strcspn(url, "?#"), s = n, i;
	struct buf b = { 0 };

	while (s > 0 && url[s - 1] != '/')
		s--;
	for (i = s; i < n; i++) {
		if (url[i] == '%' && i + 2 < n && hexval(url[i + 1]) >= 0 &&
		    hexval(url[i + 2]) >= 0) {
			char c = (char)(hexval(url[i + 1]) * 16 + hexval(url[i + 2]));
			if (c != '\0' && c != '/')
				buf_add(&b, &c, 1);
			i += 2;
		} else {
			buf_add(&b, url + i, 1);
		}
	}
	buf_add(&b, "", 1);
	return b.p;
}

struct attrs {
	const char *href, *rp, *yanked;    /* raw values, not decoded */
	size_t hrefn, rpn, yankedn;
};

/* Parse the attributes of an <a> tag from s[*i]; stop after '>'.
 * 0, or -1 when the tag is not closed. */
static int
tagattrs(const char *s, size_t n, size_t *pi, struct attrs *a)
{
	size_t i = *pi;

	memset(a, 0, sizeof *a);
	for (;;) {
		size_t ns, ne, vs = 0, ve = 0;
		int has = 0;

		while (i < n && (isws(s[i]) || s[i] == '/'))
			i++;
		if (i >= n)
			return -1;
		if (s[i] == '>') {
			*pi = i + 1;
			return 0;
		}
		ns = i;
		while (i < n && !isws(s[i]) && s[i] != '=' && s[i] != '>' &&
		       s[i] != '/')
			i++;
		ne = i;
		if (ne == ns)   /* a lone '=' */
			i++;
		while (i < n && isws(s[i]))
			i++;
		if (i < n && s[i] == '=' && ne > ns) {
			i++;
			while (i < n && isws(s[i]))
				i++;
			if (i >= n)
				return -1;
			if (s[i] == '"' || s[i] == '\'') {
				const char *q = memchr(s + i + 1, s[i], n - i - 1);
				if (!q)
					return -1;
				vs = i + 1;
				ve = (size_t)(q - s);
				i = ve + 1;
			} else {
				vs = i;
				while (i < n && !isws(s[i]) && s[i] != '>')
					i++;
				ve = i;
			}
			has = 1;
		}
		if (ne == ns)
			continue;
		/* The first of repeated attributes counts, as in HTML. */
#define ATTR(nm, f, fl) \
		if (ne - ns == sizeof nm - 1 && \
		    strncasecmp(s + ns, nm, ne - ns) == 0 && !a->f) { \
			a->f = has ? s + vs : s + ns; \
			a->fl = has ? ve - vs : 0; \
		}
		ATTR("href", href, hrefn)
		ATTR("data-requires-python", rp, rpn)
		ATTR("data-yanked", yanked, yankedn)
#undef ATTR
	}
}

static size_t
findci(const char *s, size_t n, size_t from, const char *pat)
{
	size_t m = strlen(pat), i;

	for (i = from; i + m <= n; i++)
		if (strncasecmp(s + i, pat, m) == 0)
			return i;
	return n;
}

int
simple_parse_html(const char *src, size_t len, struct simple_page *p,
                  const char **err)
{
	size_t i = 0;

	memset(p, 0, sizeof *p);
	if (len > SIMPLE_PAGE_LIMIT)
		return fail(p, err, "page too large");
	while (i < len) {
		const char *lt = memchr(src + i, '<', len - i);
		struct attrs a;
		struct simple_file *f;
		size_t te;
		char *frag, *text;

		if (!lt)
			break;
		i = (size_t)(lt - src);
		if (len - i >= 4 && memcmp(src + i, "<!--", 4) == 0) {
			size_t e = findci(src, len, i + 4, "-->");
			i = e < len ? e + 3 : len;
			continue;
		}
		if (len - i < 3 || (src[i + 1] != 'a' && src[i + 1] != 'A') ||
		    !(isws(src[i + 2]) || src[i + 2] == '>' || src[i + 2] == '/')) {
			i++;
			continue;
		}
		i += 2;
		if (tagattrs(src, len, &i, &a) < 0)
			return fail(p, err, "truncated page: an <a> tag is not closed");
		if (!a.href || a.hrefn == 0)
			continue;
		if (p->n >= SIMPLE_MAX_FILES)
			return fail(p, err, "too many links");
		f = newfile(p);
		f->url = decode(a.href, a.hrefn);
		frag = strchr(f->url, '#');
		if (frag) {
			*frag++ = '\0';
			if (strncmp(frag, "sha256=", 7) == 0 &&
			    sethex(f->sha256, frag + 7, strcspn(frag + 7, "&")) < 0) {
				free(f->url);
				p->n--;
				return fail(p, err, "a link has a bad #sha256= fragment");
			}
		}
		if (a.rp)
			f->requires_python = decode(a.rp, a.rpn);
		f->yanked = a.yanked != NULL;
		te = i;
		while (te < len && src[te] != '<')
			te++;
		while (i < te && isws(src[i]))
			i++;
		while (te > i && isws(src[te - 1]))
			te--;
		text = decode(src + i, te - i);
		if (*text) {
			f->filename = text;
		} else {
			free(text);
			f->filename = urlbase(f->url);
		}
		if (!*f->filename) {
			free(f->filename);
			free(f->url);
			free(f->requires_python);
			p->n--;
		}
	}
	return 0;
}

void
simple_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#x27;"); break;
		default: buf_add(b, s, 1);
		}
	}
}

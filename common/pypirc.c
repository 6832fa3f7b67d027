/* relkit — MIT licence, see LICENSE. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "pypirc.h"
#include "util.h"
#include "utf8.h"

/* str.isspace() */
static int
isws(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) ||
	       c == 0x85 || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	       c == 0x202f || c == 0x205f || c == 0x3000;
}

/* The input is valid UTF-8 by now, so these cannot fail. */
static size_t
cplen(const char *p, const char *e, uint32_t *cp)
{
	return utf8_decode(p, (size_t)(e - (p)), cp);
}

/* Length of the white space at the start of [p, e). */
static size_t
lspace(const char *p, const char *e)
{
	const char *q = p;
	uint32_t c;
	size_t k;

	while (q < e && (k = cplen(q, e, &c)) && isws(c))
		q += k;
	return (size_t)(q - p);
}

/* Where [p, e) ends once trailing white space is dropped. */
static const char *
rstrip(const char *p, const char *e)
{
	const char *end = p, *q = p;
	uint32_t c;
	size_t k;

	while (q < e && (k = cplen(q, e, &c))) {
		q += k;
		if (!isws(c))
			end = q;
	}
	return end;
}

static int
cased(locale_t loc, uint32_t c)
{
	return loc && (towlower_l((wint_t)c, loc) != (wint_t)c ||
	               towupper_l((wint_t)c, loc) != (wint_t)c);
}

/*
 * str.lower(): the C library's Unicode table (C.UTF-8), plus the two
 * mappings that are not one to one: U+0130 lowers to "i\u0307", and a
 * final capital sigma to U+03C2 (a cased letter before it, none after).
 */
static char *
lower(const char *p, const char *e, size_t *len)
{
	static locale_t loc;
	static int tried;
	struct buf b = { 0 };
	uint32_t c, prev = 0, next;
	size_t k;

	if (!tried) {
		tried = 1;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	buf_add(&b, "", 0);
	while (p < e && (k = cplen(p, e, &c))) {
		uint32_t l = c;

		if (c == 0x130) {
			buf_adds(&b, "i\xcc\x87");
			prev = c;
			p += k;
			continue;
		}
		if (c == 0x3a3) {
			int after = p + k < e && cplen(p + k, e, &next) &&
			            cased(loc, next);

			l = cased(loc, prev) && !after ? 0x3c2 : 0x3c3;
		} else if (c >= 0x80 && loc)
			l = (uint32_t)towlower_l((wint_t)c, loc);
		else if (c >= 'A' && c <= 'Z')
			l = c + 32;
		utf8_put(&b, l);
		prev = c;
		p += k;
	}
	*len = b.len;
	return b.p;
}

static struct pypirc_key *
findkeyn(const struct pypirc_section *s, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < s->nkeys; i++)
		if (s->keys[i].nlen == n && memcmp(s->keys[i].name, name, n) == 0)
			return &s->keys[i];
	return NULL;
}

static struct pypirc_key *
findkey(const struct pypirc_section *s, const char *name)
{
	return findkeyn(s, name, strlen(name));
}

static const struct pypirc_section *
sectionn(const struct pypirc *c, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < c->nsecs; i++)
		if (c->secs[i].nlen == n && memcmp(c->secs[i].name, name, n) == 0)
			return &c->secs[i];
	return NULL;
}

const struct pypirc_section *
pypirc_section(const struct pypirc *c, const char *name)
{
	return sectionn(c, name, strlen(name));
}

const struct pypirc_key *
pypirc_get(const struct pypirc *c, const char *section, const char *key)
{
	const struct pypirc_section *s;
	const struct pypirc_key *k;

	if (strcmp(section, "DEFAULT") == 0)
		return findkey(&c->defaults, key);
	if (!(s = pypirc_section(c, section)))
		return NULL;
	if ((k = findkey(s, key)))
		return k;
	return findkey(&c->defaults, key);
}

static void
addline(struct pypirc_key *k, const char *p, size_t n)
{
	k->value = erealloc(k->value, k->vlen + 1 + n + 1);
	k->value[k->vlen++] = '\n';
	memcpy(k->value + k->vlen, p, n);
	k->vlen += n;
	k->value[k->vlen] = '\0';
}

/* The line (1-based) of byte off, lines ending at \n, \r\n or \r. */
static size_t
countlines(const char *s, size_t off)
{
	size_t i, line = 1;

	for (i = 0; i < off; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n')))
			line++;
	return line;
}

/* The first problem wins; later lines are still read, as configparser
 * reads on after a line it cannot parse. */
static void
fail(size_t *line, const char **why, size_t at, const char *reason)
{
	if (!*why) {
		*line = at;
		*why = reason;
	}
}

int
pypirc_parse(const char *s, size_t n, struct pypirc *c, size_t *line,
             const char **why)
{
	const char *e = s + n, *p = s;
	struct pypirc_section *cur = NULL;
	struct pypirc_key *opt = NULL;
	size_t lineno = 0, indent = 0, i;
	uint32_t cp;

	memset(c, 0, sizeof *c);
	*why = NULL;
	*line = 0;
	for (i = 0; i < n; ) {
		size_t k = utf8_decode(s + i, (size_t)(e - (s + i)), &cp);

		if (!k) {
			*line = countlines(s, i);
			*why = "not UTF-8";
			return -1;
		}
		i += k;
	}
	while (p < e) {
		const char *le = p, *a, *b, *next;
		size_t curind = 0;

		while (le < e && *le != '\n' && *le != '\r')
			le++;
		next = le;
		if (next < e && *next == '\r' && next + 1 < e && next[1] == '\n')
			next += 2;
		else if (next < e)
			next++;
		lineno++;
		a = p + lspace(p, le);
		b = rstrip(a, le);
		if (a < b && (*a == '#' || *a == ';')) {
			p = next;
			continue;
		}
		if (a == b) {
			if (cur && opt)
				addline(opt, "", 0);
			p = next;
			continue;
		}
		for (const char *q = p; q < a; curind++) {
			q += cplen(q, a, &cp);
		}
		if (cur && opt && curind > indent) {
			addline(opt, a, (size_t)(b - a));
			p = next;
			continue;
		}
		indent = curind;
		if (*a == '[' && b - a >= 3) {
			const char *rb = b - 1;

			while (rb > a + 1 && *rb != ']')
				rb--;
			if (rb > a + 1) {
				size_t nl = (size_t)(rb - a - 1);
				char *name = emalloc(nl + 1);

				memcpy(name, a + 1, nl);
				name[nl] = '\0';
				opt = NULL;
				if (nl == 7 && memcmp(name, "DEFAULT", 7) == 0) {
					free(name);
					cur = &c->defaults;
				} else if (sectionn(c, name, nl)) {
					free(name);
					fail(line, why, lineno, "a section given twice");
					goto out;
				} else {
					c->secs = erealloc(c->secs,
					                   (c->nsecs + 1) * sizeof *c->secs);
					cur = &c->secs[c->nsecs++];
					memset(cur, 0, sizeof *cur);
					cur->name = name;
					cur->nlen = nl;
					cur->line = lineno;
				}
				p = next;
				continue;
			}
		}
		if (!cur) {
			fail(line, why, lineno, "a line before the first [section]");
			goto out;
		}
		{
			const char *d = a, *ne, *v;
			char *name;
			size_t nl;

			while (d < b && *d != '=' && *d != ':')
				d++;
			if (d == b) {
				fail(line, why, lineno, "neither a [section] nor key = value");
				p = next;
				continue;
			}
			ne = rstrip(a, d);
			if (ne == a)
				fail(line, why, lineno, "a key with no name");
			name = lower(a, ne, &nl);
			if (findkeyn(cur, name, nl)) {
				free(name);
				fail(line, why, lineno, "a key given twice in its section");
				goto out;
			}
			v = d + 1;
			v += lspace(v, b);
			cur->keys = erealloc(cur->keys,
			                     (cur->nkeys + 1) * sizeof *cur->keys);
			opt = &cur->keys[cur->nkeys++];
			opt->name = name;
			opt->nlen = nl;
			opt->vlen = (size_t)(b - v);
			opt->value = emalloc(opt->vlen + 1);
			memcpy(opt->value, v, opt->vlen);
			opt->value[opt->vlen] = '\0';
			opt->line = lineno;
		}
		p = next;
	}
out:
	if (*why) {
		pypirc_free(c);
		return -1;
	}
	/* configparser joins the lines and strips the end of the whole */
	for (i = 0; i <= c->nsecs; i++) {
		struct pypirc_section *sec = i < c->nsecs ? &c->secs[i] : &c->defaults;

		for (size_t j = 0; j < sec->nkeys; j++) {
			struct pypirc_key *k = &sec->keys[j];

			k->vlen = (size_t)(rstrip(k->value, k->value + k->vlen) - k->value);
			k->value[k->vlen] = '\0';
		}
	}
	return 0;
}

int
pypirc_listed(const char *list, const char *name)
{
	const char *p = list, *e = list + strlen(list), *w;
	size_t n = strlen(name);
	uint32_t cp;
	size_t k;

	for (;;) {
		p += lspace(p, e);
		if (p >= e)
			return 0;
		w = p;
		while (p < e && (k = utf8_decode(p, (size_t)(e - (p)), &cp)) && !isws(cp))
			p += k;
		if (p < e && !k)
			p++;
		if ((size_t)(p - w) == n && memcmp(w, name, n) == 0)
			return 1;
	}
}

static void
section_free(struct pypirc_section *s)
{
	size_t i;

	for (i = 0; i < s->nkeys; i++) {
		free(s->keys[i].name);
		explicit_bzero(s->keys[i].value, s->keys[i].vlen);
		free(s->keys[i].value);
	}
	free(s->keys);
	free(s->name);
}

void
pypirc_free(struct pypirc *c)
{
	size_t i;

	for (i = 0; i < c->nsecs; i++)
		section_free(&c->secs[i]);
	free(c->secs);
	section_free(&c->defaults);
	memset(c, 0, sizeof *c);
}

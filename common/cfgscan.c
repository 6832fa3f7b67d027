/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cfgscan.h"
#include "utf8.h"
#include "util.h"

static size_t
eol(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != '\n')
		i++;
	return i;
}

static size_t
skipsp(const char *s, size_t end, size_t i)
{
	while (i < end && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Skip a TOML value starting at i (string, array, inline table, scalar);
 * returns the offset just past it, counting newlines into *line. On error
 * returns (size_t)-1. */
static size_t
skipvalue(const char *s, size_t len, size_t i, size_t *line, int *isstring,
          size_t *str, size_t *strend)
{
	int depth = 0;

	*isstring = 0;
	*str = *strend = i;
	if (i < len && (s[i] == '"' || s[i] == '\'')) {
		char q = s[i];
		int triple = i + 2 < len && s[i + 1] == q && s[i + 2] == q;
		size_t j = i + (triple ? 3 : 1);

		*str = j;
		for (; j < len; j++) {
			if (s[j] == '\\' && q == '"') {
				j++;
				if (j < len && s[j] == '\n')
					(*line)++;
				continue;
			}
			if (s[j] == '\n') {
				if (!triple)
					return (size_t)-1;
				(*line)++;
			}
			if (s[j] == q && (!triple ||
			    (j + 2 < len && s[j + 1] == q && s[j + 2] == q))) {
				*strend = j;
				*isstring = !triple;
				j += triple ? 3 : 1;
				/* TOML allows up to two more quotes ending a
				 * multi-line string */
				while (triple && j < len && s[j] == q)
					j++;
				return j;
			}
		}
		return (size_t)-1;
	}
	for (; i < len; i++) {
		char c = s[i];

		if (c == '"' || c == '\'') {
			int dummy;
			size_t a, b;
			i = skipvalue(s, len, i, line, &dummy, &a, &b);
			if (i == (size_t)-1)
				return i;
			i--;
			continue;
		}
		if (c == '[' || c == '{')
			depth++;
		else if (c == ']' || c == '}') {
			if (--depth < 0)
				return (size_t)-1;
		} else if (c == '#') {
			if (depth == 0)
				return i;
			i = eol(s, len, i);
			i--;
			continue;
		} else if (c == '\n') {
			if (depth == 0)
				return i;
			(*line)++;
		}
		if (depth == 0 && c != '[' && c != '{' && (c == ']' || c == '}'))
			return i + 1;
	}
	return depth == 0 ? i : (size_t)-1;
}

static void
add(struct cfgscan *cs, struct cfgkey *k)
{
	cs->k = eappend(cs->k, &cs->n, &cs->cap, sizeof *cs->k);
	cs->k[cs->n - 1] = *k;
}

/* The table name of a header line [ a . "b" ] as "a.b". */
static char *
tablename(const char *s, size_t a, size_t b)
{
	struct buf n = { 0 };
	size_t i;

	buf_adds(&n, "");
	for (i = a; i < b; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '"' || s[i] == '\'')
			continue;
		buf_add(&n, s + i, 1);
	}
	return n.p;
}

static void
put(struct buf *out, struct buf *m, const char *p, size_t n, size_t from)
{
	size_t k, o;

	buf_add(out, p, n);
	for (k = 0; m && k < n; k++) {
		o = from == CFG_ESCAPED ? CFG_ESCAPED : from + k;
		buf_add(m, &o, sizeof o);
	}
}

int
toml_unescape(const char *s, size_t a, size_t b, int basic, int multi,
              struct buf *out, size_t **map)
{
	struct buf m = { 0 };
	struct buf *mp = map ? &m : NULL;
	size_t i = a;

	buf_add(out, "", 0);
	if (multi && i < b && s[i] == '\n')
		i++;
	else if (multi && i + 1 < b && s[i] == '\r' && s[i + 1] == '\n')
		i += 2;
	while (i < b) {
		char c;
		unsigned long v = 0;
		size_t k, want;

		if (!basic || s[i] != '\\' || i + 1 >= b) {
			put(out, mp, s + i, 1, i);
			i++;
			continue;
		}
		c = s[i + 1];
		if (multi && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
			/* a line-ending backslash eats blanks and line ends */
			for (k = i + 1; k < b && (s[k] == ' ' || s[k] == '\t'); k++)
				;
			if (k < b && (s[k] == '\n' || s[k] == '\r')) {
				while (k < b && strchr(" \t\r\n", s[k]) && s[k])
					k++;
				i = k;
				continue;
			}
			goto bad;
		}
		want = c == 'u' ? 4 : c == 'U' ? 8 : 0;
		if (want == 0) {
			static const char simple[] = "b\bt\tn\nf\fr\r\"\"\\\\";
			const char *p;
			for (p = simple; *p; p += 2)
				if (*p == c)
					break;
			if (!*p)
				goto bad;
			put(out, mp, p + 1, 1, CFG_ESCAPED);
			i += 2;
			continue;
		}
		for (k = i + 2; k < i + 2 + want; k++) {
			int h = k < b ? hexval((unsigned char)s[k]) : -1;
			if (h < 0)
				goto bad;
			v = v * 16 + (unsigned long)h;
		}
		if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			goto bad;
		{
			char u[4];
			size_t n = utf8_encode(u, v);

			put(out, mp, u, n, CFG_ESCAPED);
		}
		i = k;
	}
	if (map) {
		buf_add(&m, &b, sizeof b);
		*map = (size_t *)(void *)m.p;
	}
	return 0;
bad:
	buf_free(&m);
	if (map)
		*map = NULL;
	return -1;
}

/* The dotted key s[a..b) ("a . 'b' . \"c\"") onto out, parts joined by
 * CFG_SEP, quotes and escapes removed. */
static void
keypath(const char *s, size_t a, size_t b, struct buf *out)
{
	size_t i = a, e;
	int first = 1;

	while (i < b) {
		while (i < b && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == b)
			break;
		if (!first)
			buf_adds(out, CFG_SEP);
		first = 0;
		if (s[i] == '"' || s[i] == '\'') {
			char q = s[i];
			for (e = i + 1; e < b && s[e] != q; e++)
				if (q == '"' && s[e] == '\\')
					e++;
			if (e > b)
				e = b;
			if (toml_unescape(s, i + 1, e, q == '"', 0, out, NULL) < 0)
				buf_add(out, s + i + 1, e - i - 1);
			i = e + 1;
		} else {
			for (e = i; e < b && s[e] != '.' && s[e] != ' ' &&
			     s[e] != '\t'; e++)
				;
			buf_add(out, s + i, e - i);
			i = e;
		}
		while (i < b && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < b && s[i] == '.')
			i++;
	}
}

static char *
joinpath(const char *prefix, const char *s, size_t a, size_t b)
{
	struct buf p = { 0 };

	buf_adds(&p, prefix);
	if (*prefix)
		buf_adds(&p, CFG_SEP);
	keypath(s, a, b, &p);
	return p.p;
}

/* Blanks, line ends and comments inside an inline table. */
static size_t
skipblank(const char *s, size_t len, size_t i, size_t *line)
{
	while (i < len) {
		if (s[i] == '#')
			i = eol(s, len, i);
		else if (s[i] == '\n')
			(*line)++, i++;
		else if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')
			i++;
		else
			break;
	}
	return i;
}

/*
 * The keys of the inline table at s[i] == '{', whose path is path, *line
 * the line of s[i]. Returns the offset past its '}' with *line at it, or
 * NOEND when it does not parse (the caller skips it whole; the keys
 * read so far stay). A nested table is read once, by the recursion, not
 * skipped over first: each level rescanning the rest would cost the
 * square of the input.
 */
#define NOEND ((size_t)-1)

static size_t
inltable(const char *s, size_t len, size_t i, size_t *line, const char *table,
         const char *path, struct cfgscan *cs, int depth)
{
	if (depth > CFG_MAX_NEST) {
		/* tomllib itself gives up at a few hundred levels */
		cs->errline = *line;
		cs->err = "inline tables nested too deeply";
		return NOEND;
	}
	for (i = skipblank(s, len, i + 1, line); i < len && s[i] != '}'; ) {
		struct cfgkey k;
		size_t ks = i, ke, v, after, kline = *line, at;

		while (i < len && s[i] != '=' && s[i] != '}' && s[i] != ',' &&
		       s[i] != '\n') {
			if (s[i] == '"' || s[i] == '\'') {
				char q = s[i++];
				while (i < len && s[i] != q && s[i] != '\n')
					i += q == '"' && s[i] == '\\' ? 2 : 1;
			}
			i++;
		}
		if (i >= len || s[i] != '=')
			return NOEND;
		for (ke = i; ke > ks && (s[ke - 1] == ' ' || s[ke - 1] == '\t'); ke--)
			;
		v = i + 1;
		while (v < len && (s[v] == ' ' || s[v] == '\t'))
			v++;
		memset(&k, 0, sizeof k);
		k.table = estrdup(table);
		k.key = s + ks;
		k.keylen = ke - ks;
		k.line = kline;
		k.val = v;
		k.path = joinpath(path, s, ks, ke);
		k.inl = 1;
		at = cs->n;
		if (v < len && s[v] == '{') {
			size_t l2 = *line;

			k.str = k.strend = v;
			add(cs, &k);
			after = inltable(s, len, v, &l2, table, cs->k[at].path,
			                 cs, depth + 1);
			if (cs->err)
				return NOEND;
			if (after == NOEND) {
				int isstr;
				size_t a, b;
				after = skipvalue(s, len, v, line, &isstr, &a, &b);
				if (after == NOEND) {
					/* not even skipped: this key and the
					 * ones read inside it go */
					while (cs->n > at) {
						cs->n--;
						free(cs->k[cs->n].table);
						free(cs->k[cs->n].path);
					}
					return NOEND;
				}
			} else
				*line = l2;
		} else {
			if (v < len && strchr("\"'[", s[v]) && s[v]) {
				after = skipvalue(s, len, v, line, &k.isstring,
				                  &k.str, &k.strend);
			} else {
				for (after = v; after < len &&
				     !strchr(",}\n \t#", s[after]); after++)
					;
				if (after == v)
					after = NOEND;
			}
			if (after == NOEND) {
				free(k.table);
				free(k.path);
				return NOEND;
			}
			k.basic = k.isstring && s[v] == '"';
			add(cs, &k);
		}
		cs->k[at].valend = after;
		i = skipblank(s, len, after, line);
		if (i < len && s[i] == ',')
			i = skipblank(s, len, i + 1, line);
		else if (i >= len || s[i] != '}')
			return NOEND;
	}
	return i < len ? i + 1 : NOEND;
}

/* A scan under way: the text, the current table and its dotted path. */
struct scan {
	const char *s;
	size_t len, line;
	enum cfgsyntax syn;
	struct cfgscan *cs;
	char *table, *tpath;
};

static int
fail(struct scan *sc, size_t line, const char *err)
{
	sc->cs->errline = line;
	sc->cs->err = err;
	return -1;
}

/* A [table] or [[array of tables]] header at j; 0 or -1. */
static int
header(struct scan *sc, size_t j, size_t end)
{
	const char *s = sc->s;
	int dbl = j + 1 < end && s[j + 1] == '[';
	size_t a = j + (dbl ? 2 : 1), b = a;

	while (b < end && s[b] != ']')
		b++;
	if (b == end)
		return fail(sc, sc->line, "unterminated table header");
	free(sc->table);
	sc->table = tablename(s, a, b);
	free(sc->tpath);
	sc->tpath = joinpath("", s, a, b);
	return 0;
}

/* Where the key starting at j ends: its '=' (TOML; quoted parts
 * skipped) or its '=' or ':' (INI); end when there is none. */
static size_t
keyend(const struct scan *sc, size_t j, size_t end)
{
	const char *s = sc->s;

	if (sc->syn != CFG_TOML) {
		while (j < end && s[j] != '=' && s[j] != ':')
			j++;
		return j;
	}
	while (j < end && s[j] != '=') {
		if (s[j] == '"' || s[j] == '\'') {
			char q = s[j++];

			while (j < end && s[j] != q)
				j++;
		}
		j++;
	}
	return j;
}

/* A TOML value at k->val (it may run over lines, and an inline table's
 * keys are added too); the end of its last line into *e. 0 or -1. */
static int
toml_value(struct scan *sc, struct cfgkey *k, size_t ks, size_t ke,
           size_t end, size_t *e)
{
	const char *s = sc->s;
	size_t v = k->val, startline = sc->line, after, l2;

	after = skipvalue(s, sc->len, v, &sc->line, &k->isstring, &k->str,
	                  &k->strend);
	if (after == (size_t)-1 || v == end) {
		free(k->table);
		return fail(sc, startline, v == end ? "missing value" :
		            "unterminated string, array or table");
	}
	k->valend = after;
	while (k->valend > v && isspace((unsigned char)s[k->valend - 1]))
		k->valend--;
	k->basic = k->isstring && s[v] == '"';
	k->path = joinpath(sc->tpath, s, ks, ke);
	*e = eol(s, sc->len, after);
	add(sc->cs, k);
	if (s[v] == '{') {
		l2 = startline;
		inltable(s, sc->len, v, &l2, sc->table,
		         sc->cs->k[sc->cs->n - 1].path, sc->cs, 1);
		if (sc->cs->err)
			return -1;
	}
	return 0;
}

/* An INI value: it runs to the end of the line; an inline comment needs
 * whitespace before ';' or '#'. The key is its path, lower-cased. */
static void
ini_value(struct scan *sc, struct cfgkey *k, size_t ks, size_t ke,
          size_t end)
{
	const char *s = sc->s;
	size_t v = k->val, x = v;

	while (x < end && !((s[x] == '#' || s[x] == ';') && x > v &&
	       (s[x - 1] == ' ' || s[x - 1] == '\t')))
		x++;
	while (x > v && (s[x - 1] == ' ' || s[x - 1] == '\t'))
		x--;
	k->valend = x;
	k->isstring = 1;
	k->str = v;
	k->strend = x;
	k->path = estrndup(s + ks, ke - ks);
	for (x = 0; k->path[x]; x++)
		k->path[x] = (char)tolower((unsigned char)k->path[x]);
	add(sc->cs, k);
}

/* key = value at j (the line's first non-blank); *e may move on past a
 * TOML value of several lines. 0 or -1. */
static int
keyvalue(struct scan *sc, size_t j, size_t end, size_t *e)
{
	const char *s = sc->s;
	struct cfgkey k;
	size_t ks = j, ke;

	memset(&k, 0, sizeof k);
	j = keyend(sc, j, end);
	if (j >= end)
		return fail(sc, sc->line, sc->syn == CFG_TOML ?
		            "expected key = value" :
		            "expected key = value or a [section]");
	ke = j;
	while (ke > ks && (s[ke - 1] == ' ' || s[ke - 1] == '\t'))
		ke--;
	k.table = estrdup(sc->table);
	k.key = s + ks;
	k.keylen = ke - ks;
	k.line = sc->line;
	k.val = skipsp(s, end, j + 1);
	if (sc->syn == CFG_TOML)
		return toml_value(sc, &k, ks, ke, end, e);
	ini_value(sc, &k, ks, ke, end);
	return 0;
}

int
cfgscan(const char *s, size_t len, enum cfgsyntax syn, struct cfgscan *cs)
{
	struct scan sc = { s, len, 1, syn, cs, estrdup(""), estrdup("") };
	size_t i = 0;
	int r = 0;

	memset(cs, 0, sizeof *cs);
	while (i < len && r == 0) {
		size_t e = eol(s, len, i), j = skipsp(s, e, i), end = e;

		if (end > j && s[end - 1] == '\r')
			end--;
		if (j == end || s[j] == '#' || (syn == CFG_INI && s[j] == ';'))
			;       /* blank or comment */
		else if (s[j] == '[')
			r = header(&sc, j, end);
		else if (syn == CFG_INI && j > i)
			;       /* an indented line continues the previous value */
		else
			r = keyvalue(&sc, j, end, &e);
		i = e < len ? e + 1 : len;
		sc.line++;
	}
	free(sc.table);
	free(sc.tpath);
	if (r < 0)
		cfgscan_free(cs);
	return r;
}

void
cfgscan_free(struct cfgscan *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		free(cs->k[i].table);
		free(cs->k[i].path);
	}
	free(cs->k);
	cs->k = NULL;
	cs->n = cs->cap = 0;
}

int
cfgkey_path(const struct cfgkey *k, ...)
{
	struct buf want = { 0 };
	const char *part;
	va_list ap;
	int same;

	buf_adds(&want, "");
	va_start(ap, k);
	while ((part = va_arg(ap, const char *)) != NULL) {
		if (want.len)
			buf_adds(&want, CFG_SEP);
		buf_adds(&want, part);
	}
	va_end(ap);
	same = k->path && strcmp(k->path, want.p) == 0;
	buf_free(&want);
	return same;
}

int
cfgkey_is(const struct cfgkey *k, const char *name)
{
	size_t n = strlen(name);
	const char *p = k->key;
	size_t l = k->keylen;

	if (l >= 2 && (p[0] == '"' || p[0] == '\'') && p[l - 1] == p[0]) {
		p++;
		l -= 2;
	}
	return l == n && memcmp(p, name, n) == 0;
}

/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cfgscan.h"
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
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 16;
		cs->k = erealloc(cs->k, cs->cap * sizeof *cs->k);
	}
	cs->k[cs->n++] = *k;
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

int
cfgscan(const char *s, size_t len, enum cfgsyntax syn, struct cfgscan *cs)
{
	size_t i = 0, line = 1;
	char *table = estrdup("");

	memset(cs, 0, sizeof *cs);
	while (i < len) {
		size_t e = eol(s, len, i), j = skipsp(s, e, i), end = e;

		if (end > j && s[end - 1] == '\r')
			end--;
		if (j == end || s[j] == '#' || (syn == CFG_INI && s[j] == ';')) {
			/* blank or comment */
		} else if (s[j] == '[') {
			int dbl = j + 1 < end && s[j + 1] == '[';
			size_t a = j + (dbl ? 2 : 1), b = a;
			while (b < end && s[b] != ']')
				b++;
			if (b == end) {
				cs->errline = line;
				cs->err = "unterminated table header";
				goto fail;
			}
			free(table);
			table = tablename(s, a, b);
		} else if (syn == CFG_INI && j > i) {
			/* an indented line continues the previous value */
		} else {
			/* key = value */
			struct cfgkey k;
			size_t ks = j, ke, v;

			memset(&k, 0, sizeof k);
			if (syn == CFG_TOML) {
				while (j < end && s[j] != '=') {
					if (s[j] == '"' || s[j] == '\'') {
						char q = s[j++];
						while (j < end && s[j] != q)
							j++;
					}
					j++;
				}
			} else {
				while (j < end && s[j] != '=' && s[j] != ':')
					j++;
			}
			if (j >= end) {
				cs->errline = line;
				cs->err = syn == CFG_TOML ? "expected key = value" :
				          "expected key = value or a [section]";
				goto fail;
			}
			ke = j;
			while (ke > ks && (s[ke - 1] == ' ' || s[ke - 1] == '\t'))
				ke--;
			v = skipsp(s, end, j + 1);
			k.table = estrdup(table);
			k.key = s + ks;
			k.keylen = ke - ks;
			k.line = line;
			k.val = v;
			if (syn == CFG_TOML) {
				size_t startline = line, after;
				after = skipvalue(s, len, v, &line, &k.isstring, &k.str,
				                  &k.strend);
				if (after == (size_t)-1 || v == end) {
					free(k.table);
					cs->errline = startline;
					cs->err = v == end ? "missing value" :
					          "unterminated string, array or table";
					goto fail;
				}
				k.valend = after;
				while (k.valend > v && isspace((unsigned char)s[k.valend - 1]))
					k.valend--;
				e = eol(s, len, after);
			} else {
				/* INI: the value runs to the end of the line; an
				 * inline comment needs whitespace before ';' or '#' */
				size_t x = v;
				while (x < end && !((s[x] == '#' || s[x] == ';') &&
				       x > v && (s[x - 1] == ' ' || s[x - 1] == '\t')))
					x++;
				while (x > v && (s[x - 1] == ' ' || s[x - 1] == '\t'))
					x--;
				k.valend = x;
				k.isstring = 1;
				k.str = v;
				k.strend = x;
			}
			add(cs, &k);
		}
		i = e < len ? e + 1 : len;
		line++;
	}
	free(table);
	return 0;
fail:
	free(table);
	cfgscan_free(cs);
	return -1;
}

void
cfgscan_free(struct cfgscan *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		free(cs->k[i].table);
	free(cs->k);
	cs->k = NULL;
	cs->n = cs->cap = 0;
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

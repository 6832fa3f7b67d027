/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "notes.h"
#include "util.h"

struct line {
	size_t a, e; /* the text s[a..e), without its line end */
};

struct head {
	size_t first, body; /* its first line, the line after it */
	size_t ta, te;      /* the title's text */
	int level;
};

enum notes_syntax
notes_syntax_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && strchr(dot, '/'))
		dot = NULL;
	if (dot && (strcasecmp(dot, ".md") == 0 ||
	            strcasecmp(dot, ".markdown") == 0))
		return NOTES_MD;
	if (dot && (strcasecmp(dot, ".rst") == 0 || strcasecmp(dot, ".txt") == 0))
		return NOTES_RST;
	return NOTES_AUTO;
}

static int
word(int c)
{
	return isalnum(c) || c == '_';
}

int
notes_heading_has(const char *t, size_t n, const char *version)
{
	size_t vn = strlen(version), i;

	if (!vn || vn > n)
		return 0;
	for (i = 0; i + vn <= n; i++) {
		unsigned char l = i ? (unsigned char)t[i - 1] : ' ';
		unsigned char r = i + vn < n ? (unsigned char)t[i + vn] : ' ';
		unsigned char r2 = i + vn + 1 < n ? (unsigned char)t[i + vn + 1] : ' ';

		if (memcmp(t + i, version, vn) != 0)
			continue;
		/* "v1.2.0" and "V1.2.0" count, "xv1.2.0" does not */
		if ((l == 'v' || l == 'V') && (i < 2 || !word((unsigned char)t[i - 2])))
			l = ' ';
		if (word(l) || l == '.' || l == '+')
			continue;
		if (word(r) || r == '+' || ((r == '.' || r == '-') && word(r2)))
			continue;
		return 1;
	}
	return 0;
}

static int
blank(const char *s, const struct line *l)
{
	size_t i;

	for (i = l->a; i < l->e; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* The end of l's text with trailing blanks left out. */
static size_t
rtrim(const char *s, size_t a, size_t e)
{
	while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	return e;
}

/* Characters in s[a..e), UTF-8 continuation bytes not counted. */
static size_t
width(const char *s, size_t a, size_t e)
{
	size_t w = 0;

	for (; a < e; a++)
		w += ((unsigned char)s[a] & 0xc0) != 0x80;
	return w;
}

/* The character of an adornment line (at least two of one punctuation
 * character, nothing else), or 0. */
static int
adorn(const char *s, const struct line *l, enum notes_syntax syn)
{
	size_t e = rtrim(s, l->a, l->e), i;
	int c;

	if (e - l->a < 2)
		return 0;
	c = (unsigned char)s[l->a];
	if (syn == NOTES_MD ? c != '=' && c != '-' :
	    !strchr("=-~^*+#\"'`:_<>", c))
		return 0;
	for (i = l->a; i < e; i++)
		if (s[i] != c)
			return 0;
	return c;
}

/* A Markdown fence line ("```", "~~~", up to three spaces in): its
 * character and length in *c and *len, else 0. */
static int
fence(const char *s, const struct line *l, int *c, size_t *len)
{
	size_t i = l->a, k = 0;

	while (i < l->e && s[i] == ' ' && k < 3)
		i++, k++;
	if (i >= l->e || (s[i] != '`' && s[i] != '~'))
		return 0;
	*c = s[i];
	for (k = 0; i < l->e && s[i] == *c; i++)
		k++;
	*len = k;
	return k >= 3;
}

/* A '#' heading at line l: its level, and its title in *ta, *te. */
static int
atx(const char *s, const struct line *l, size_t *ta, size_t *te)
{
	size_t i = l->a, k = 0, e;
	int n = 0;

	while (i < l->e && s[i] == ' ' && k < 3)
		i++, k++;
	while (i < l->e && s[i] == '#' && n < 7)
		i++, n++;
	if (n < 1 || n > 6 || (i < l->e && s[i] != ' ' && s[i] != '\t'))
		return 0;
	while (i < l->e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	e = rtrim(s, i, l->e);
	/* a closing run of '#' after a blank goes */
	k = e;
	while (k > i && s[k - 1] == '#')
		k--;
	if (k == i || s[k - 1] == ' ' || s[k - 1] == '\t')
		e = rtrim(s, i, k);
	*ta = i;
	*te = e;
	return n;
}

/* The level of an underline style (c, with an overline or not): fixed
 * for Markdown, else its rank in the order styles first appear in. */
static int
rank(int *styles, int *nstyles, int c, int over, enum notes_syntax syn)
{
	int key = c | over << 8, i;

	if (syn == NOTES_MD)
		return c == '=' ? 1 : 2;
	for (i = 0; i < *nstyles; i++)
		if (styles[i] == key)
			return i + 1;
	if (*nstyles < 64)
		styles[(*nstyles)++] = key;
	return *nstyles;
}

static size_t
split(const char *s, size_t n, struct line **out)
{
	struct line *v = NULL;
	size_t nl = 0, cap = 0, i = 0;

	while (i < n) {
		const char *nlp = memchr(s + i, '\n', n - i);
		size_t e = nlp ? (size_t)(nlp - s) : n;

		if (nl == cap) {
			cap = cap ? cap * 2 : 64;
			v = erealloc(v, cap * sizeof *v);
		}
		v[nl].a = i;
		v[nl].e = e > i && s[e - 1] == '\r' ? e - 1 : e;
		nl++;
		i = nlp ? e + 1 : n;
	}
	*out = v;
	return nl;
}

/* Is line l a Markdown link definition ("[label]: target")? */
static int
linkdef(const char *s, const struct line *l)
{
	size_t i = l->a;

	while (i < l->e && s[i] == ' ')
		i++;
	if (i >= l->e || s[i] != '[')
		return 0;
	while (i < l->e && s[i] != ']')
		i++;
	return i + 1 < l->e && s[i + 1] == ':';
}

int
notes_section(const char *s, size_t n, const char *version,
              enum notes_syntax syn, size_t *a, size_t *b, size_t *line)
{
	struct line *L;
	struct head h, found = { 0 };
	size_t nl = split(s, n, &L), i = 0, after = 0, fl = 0, k, last;
	int styles[64], nstyles = 0, fc = 0, infence = 0, have = 0, c;
	int tail = 0; /* the section runs to the end of the file */

	while (i < nl) {
		int prevblank = i == 0 || i == after || blank(s, &L[i - 1]);
		size_t ta, te;
		int lv;

		if (syn != NOTES_RST) {
			int fc2;
			size_t fl2;

			if (fence(s, &L[i], &fc2, &fl2)) {
				if (!infence)
					infence = 1, fc = fc2, fl = fl2;
				else if (fc2 == fc && fl2 >= fl)
					infence = 0;
				i++;
				continue;
			}
			if (infence) {
				i++;
				continue;
			}
		}
		h.first = i;
		h.level = 0;
		if (syn != NOTES_RST && (lv = atx(s, &L[i], &ta, &te)) > 0) {
			h.body = i + 1, h.ta = ta, h.te = te, h.level = lv;
		} else if (syn != NOTES_MD && prevblank && i + 2 < nl &&
		           (c = adorn(s, &L[i], syn)) && !blank(s, &L[i + 1]) &&
		           adorn(s, &L[i + 2], syn) == c &&
		           rtrim(s, L[i + 2].a, L[i + 2].e) - L[i + 2].a ==
		           rtrim(s, L[i].a, L[i].e) - L[i].a) {
			ta = L[i + 1].a;
			while (s[ta] == ' ' || s[ta] == '\t')
				ta++;
			h.body = i + 3, h.ta = ta, h.te = rtrim(s, ta, L[i + 1].e);
			h.level = rank(styles, &nstyles, c, 1, syn);
		} else if (prevblank && i + 1 < nl && !blank(s, &L[i]) &&
		           s[L[i].a] != ' ' && s[L[i].a] != '\t' &&
		           !adorn(s, &L[i], syn) && (c = adorn(s, &L[i + 1], syn))) {
			size_t te2 = rtrim(s, L[i].a, L[i].e);
			size_t ul = rtrim(s, L[i + 1].a, L[i + 1].e) - L[i + 1].a;

			/* docutils: an underline shorter than its title and
			 * than four characters underlines nothing */
			if (syn == NOTES_MD || ul >= 4 || ul >= width(s, L[i].a, te2)) {
				h.body = i + 2, h.ta = L[i].a, h.te = te2;
				h.level = rank(styles, &nstyles, c, 0, syn);
			}
		}
		if (!h.level) {
			i++;
			continue;
		}
		after = h.body;
		if (have && h.level <= found.level) {
			last = h.first;
			goto cut;
		}
		if (!have && notes_heading_has(s + h.ta, h.te - h.ta, version))
			found = h, have = 1;
		i = h.body;
	}
	if (!have) {
		free(L);
		return 0;
	}
	last = nl;
	tail = 1;
cut:
	k = found.body;
	while (k < last && blank(s, &L[k]))
		k++;
	/* keep-a-changelog's link definitions close the file */
	while (last > k && (blank(s, &L[last - 1]) ||
	                    (tail && linkdef(s, &L[last - 1]))))
		last--;
	if (k >= last) {
		free(L);
		return 0;
	}
	*a = L[k].a;
	*b = L[last - 1].e;
	*line = found.first + (found.body - found.first == 3 ? 2 : 1);
	free(L);
	return 1;
}

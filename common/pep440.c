/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pep440.h"

static int
num(const char **p, unsigned long *out)
{
	const char *s = *p;
	unsigned long v = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		if (v > (ULONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	*p = s;
	return 0;
}

static int
issep(char c)
{
	return c == '.' || c == '-' || c == '_';
}

/* Case-insensitive prefix match; advances *p on success. */
static int
word(const char **p, const char *w)
{
	size_t n = strlen(w);

	if (strncasecmp(*p, w, n) != 0)
		return 0;
	*p += n;
	return 1;
}

int
pep440_parse(const char *s, struct pep440 *v, const char **why)
{
	const char *p = s, *q;
	unsigned long n;

	memset(v, 0, sizeof *v);
	*why = "not a PEP 440 version";
	while (isspace((unsigned char)*p))
		p++;
	if (*p == 'v' || *p == 'V')
		p++;
	/* epoch */
	q = p;
	if (num(&q, &n) == 0 && *q == '!') {
		v->epoch = n;
		p = q + 1;
	}
	/* release */
	for (;;) {
		if (v->nrel == PEP440_MAXREL) {
			*why = "too many release segments";
			return -1;
		}
		if (num(&p, &v->rel[v->nrel]) < 0)
			return -1;
		v->nrel++;
		if (*p == '.' && isdigit((unsigned char)p[1]))
			p++;
		else
			break;
	}
	/* pre-release */
	q = p;
	if (issep(*q))
		q++;
	{
		char kind = 0;
		if (word(&q, "alpha")) kind = 'a';
		else if (word(&q, "beta")) kind = 'b';
		else if (word(&q, "preview") || word(&q, "pre") || word(&q, "rc"))
			kind = 'c';
		else if (word(&q, "a")) kind = 'a';
		else if (word(&q, "b")) kind = 'b';
		else if (word(&q, "c")) kind = 'c';
		if (kind) {
			const char *r = q;
			if (issep(*r))
				r++;
			v->pre = kind;
			if (num(&r, &v->pren) == 0)
				q = r;
			else
				v->pren = 0;
			p = q;
		}
	}
	/* post-release */
	q = p;
	if (*q == '-' && isdigit((unsigned char)q[1])) {
		q++;
		num(&q, &v->post);
		v->haspost = 1;
		p = q;
	} else {
		if (issep(*q))
			q++;
		if (word(&q, "post") || word(&q, "rev") || word(&q, "r")) {
			const char *r = q;
			if (issep(*r))
				r++;
			v->haspost = 1;
			if (num(&r, &v->post) == 0)
				q = r;
			p = q;
		}
	}
	/* dev-release */
	q = p;
	if (issep(*q))
		q++;
	if (word(&q, "dev")) {
		const char *r = q;
		if (issep(*r))
			r++;
		v->hasdev = 1;
		if (num(&r, &v->dev) == 0)
			q = r;
		p = q;
	}
	/* local */
	if (*p == '+') {
		size_t i = 0;
		int seg = 0;
		p++;
		while (*p && !isspace((unsigned char)*p)) {
			char c = *p++;
			if (isalnum((unsigned char)c)) {
				seg++;
				c = (char)tolower((unsigned char)c);
			} else if (issep(c)) {
				if (seg == 0)
					return -1;
				seg = 0;
				c = '.';
			} else
				return -1;
			if (i + 1 >= sizeof v->local) {
				*why = "local version label too long";
				return -1;
			}
			v->local[i++] = c;
		}
		if (seg == 0)
			return -1;
		v->local[i] = '\0';
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		return -1;
	*why = NULL;
	return 0;
}

void
pep440_format(const struct pep440 *v, char *out, size_t size)
{
	size_t i, n = 0;

#define PUT(...) do { int k = snprintf(out + n, n < size ? size - n : 0, __VA_ARGS__); \
	if (k > 0) n += (size_t)k; } while (0)
	if (size)
		out[0] = '\0';
	if (v->epoch)
		PUT("%lu!", v->epoch);
	for (i = 0; i < v->nrel; i++)
		PUT("%s%lu", i ? "." : "", v->rel[i]);
	if (v->pre)
		PUT("%s%lu", v->pre == 'c' ? "rc" : v->pre == 'a' ? "a" : "b", v->pren);
	if (v->haspost)
		PUT(".post%lu", v->post);
	if (v->hasdev)
		PUT(".dev%lu", v->dev);
	if (v->local[0])
		PUT("+%s", v->local);
#undef PUT
}

int
pep440_normalize(const char *s, char *out, size_t size, const char **why)
{
	struct pep440 v;

	if (pep440_parse(s, &v, why) < 0)
		return -1;
	pep440_format(&v, out, size);
	return 0;
}

static int
ucmp(unsigned long a, unsigned long b)
{
	return a < b ? -1 : a > b;
}

/* Compare local labels segment by segment: numbers beat strings. */
static int
localcmp(const char *a, const char *b)
{
	if (!*a || !*b)
		return (*a != 0) - (*b != 0);
	while (*a || *b) {
		size_t la = strcspn(a, "."), lb = strcspn(b, ".");
		int na = la && strspn(a, "0123456789") >= la;
		int nb = lb && strspn(b, "0123456789") >= lb;
		int c;

		if (!*a)
			return -1;
		if (!*b)
			return 1;
		if (na && nb)
			c = ucmp(strtoul(a, NULL, 10), strtoul(b, NULL, 10));
		else if (na != nb)
			c = na ? 1 : -1;
		else {
			c = strncmp(a, b, la < lb ? la : lb);
			if (!c)
				c = ucmp(la, lb);
		}
		if (c)
			return c;
		a += la + (a[la] == '.');
		b += lb + (b[lb] == '.');
	}
	return 0;
}

int
pep440_cmp(const struct pep440 *a, const struct pep440 *b)
{
	size_t i, n = a->nrel > b->nrel ? a->nrel : b->nrel;
	int c;
	/* Rank of the pre/post/dev part: a dev release with no pre or post
	 * sorts before every pre-release of the same release. */
	int ra, rb;

	if ((c = ucmp(a->epoch, b->epoch)))
		return c;
	for (i = 0; i < n; i++) {
		unsigned long x = i < a->nrel ? a->rel[i] : 0;
		unsigned long y = i < b->nrel ? b->rel[i] : 0;
		if ((c = ucmp(x, y)))
			return c;
	}
	ra = a->pre ? 1 : (a->hasdev && !a->haspost) ? 0 : 2;
	rb = b->pre ? 1 : (b->hasdev && !b->haspost) ? 0 : 2;
	if ((c = ra - rb))
		return c;
	if (a->pre && b->pre) {
		if ((c = a->pre - b->pre))
			return c;
		if ((c = ucmp(a->pren, b->pren)))
			return c;
	}
	if ((c = a->haspost - b->haspost))
		return c;
	if (a->haspost && (c = ucmp(a->post, b->post)))
		return c;
	/* a dev release sorts before the same version without .dev */
	if ((c = b->hasdev - a->hasdev))
		return c;
	if (a->hasdev && (c = ucmp(a->dev, b->dev)))
		return c;
	return localcmp(a->local, b->local);
}

static int
ispre(const struct pep440 *v)
{
	return v->pre || v->hasdev;
}

/* Same epoch and release, the shorter padded with zeros? */
static int
samebase(const struct pep440 *a, const struct pep440 *b)
{
	size_t i, n = a->nrel > b->nrel ? a->nrel : b->nrel;

	if (a->epoch != b->epoch)
		return 0;
	for (i = 0; i < n; i++)
		if ((i < a->nrel ? a->rel[i] : 0) != (i < b->nrel ? b->rel[i] : 0))
			return 0;
	return 1;
}

/* v's release starts with p's first k release numbers (epoch equal). */
static int
prefix(const struct pep440 *v, const struct pep440 *p, size_t k)
{
	size_t i;

	if (v->epoch != p->epoch)
		return 0;
	for (i = 0; i < k; i++)
		if ((i < v->nrel ? v->rel[i] : 0) != p->rel[i])
			return 0;
	return 1;
}

/* One clause: op (1 to 3 characters) and the version text t. */
static int
clause(const char *op, const char *t, const struct pep440 *v)
{
	struct pep440 w;
	const char *why;
	char buf[256];
	size_t n = strlen(t);
	int star = n >= 2 && strcmp(t + n - 2, ".*") == 0, c;

	if (strcmp(op, "===") == 0) {
		char vs[256];
		pep440_format(v, vs, sizeof vs);
		return strcasecmp(vs, t) == 0;
	}
	if (n >= sizeof buf)
		return -1;
	memcpy(buf, t, n + 1);
	if (star) {
		if (strcmp(op, "==") && strcmp(op, "!="))
			return -1;
		buf[n - 2] = '\0';
	}
	if (pep440_parse(buf, &w, &why) < 0)
		return -1;
	if (star) {
		int in;
		if (w.pre || w.haspost || w.hasdev || w.local[0])
			return -1; /* "==1.0rc1.*": not met in practice */
		in = prefix(v, &w, w.nrel);
		return op[0] == '=' ? in : !in;
	}
	c = pep440_cmp(v, &w);
	if (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0) {
		int eq = c == 0;
		if (!w.local[0] && v->local[0]) {
			/* "==1.0" holds 1.0+local */
			struct pep440 u = *v;
			u.local[0] = '\0';
			eq = pep440_cmp(&u, &w) == 0;
		}
		return op[0] == '=' ? eq : !eq;
	}
	if (strcmp(op, "~=") == 0)
		return w.nrel < 2 ? -1 : c >= 0 && prefix(v, &w, w.nrel - 1);
	if (strcmp(op, ">=") == 0)
		return c >= 0;
	if (strcmp(op, "<=") == 0)
		return c <= 0;
	if (strcmp(op, "<") == 0)
		return c < 0 && !(!ispre(&w) && ispre(v) && samebase(v, &w));
	if (strcmp(op, ">") == 0)
		return c > 0 && !(!w.haspost && v->haspost && samebase(v, &w)) &&
		       !(v->local[0] && samebase(v, &w));
	return -1;
}

int
pep440_spec_contains(const char *s, size_t n, const struct pep440 *v)
{
	size_t i = 0;
	int all = 1;

	while (i < n) {
		char op[4], t[256];
		size_t k = 0, m = 0;
		int r;

		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
			i++;
		if (i >= n)
			break;
		while (i < n && strchr("=!<>~", s[i]) && s[i] && k < 3)
			op[k++] = s[i++];
		op[k] = '\0';
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		while (i < n && s[i] != ',' && s[i] != ' ' && s[i] != '\t' &&
		       m + 1 < sizeof t)
			t[m++] = s[i++];
		t[m] = '\0';
		if (k == 0 || m == 0)
			return -1;
		if ((r = clause(op, t, v)) < 0)
			return -1;
		all &= r;
	}
	return all;
}

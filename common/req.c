/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pep440.h"
#include "pyname.h"
#include "req.h"
#include "util.h"

/* The source and the logical line being parsed. */
struct lp {
	const char *s;
	size_t end;   /* end of the requirement text (comment cut off) */
	size_t line;  /* physical line at off */
	size_t off;
};

/* A line break inside a logical line is a backslash, maybe \r, then \n:
 * it reads as a space, as pip joins the lines. */
static size_t
isjoin(const char *s, size_t i, size_t end)
{
	if (s[i] != '\\')
		return 0;
	if (i + 1 < end && s[i + 1] == '\n')
		return 2;
	if (i + 2 < end && s[i + 1] == '\r' && s[i + 2] == '\n')
		return 3;
	return 0;
}

static int
isws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

static size_t
skipws(const char *s, size_t i, size_t end)
{
	size_t j;

	for (;;) {
		if (i < end && isws(s[i]))
			i++;
		else if (i < end && (j = isjoin(s, i, end)))
			i += j;
		else
			return i;
	}
}

/* End of the token at i: the next whitespace or joint. */
static size_t
tokend(const char *s, size_t i, size_t end)
{
	while (i < end && !isws(s[i]) && !isjoin(s, i, end))
		i++;
	return i;
}

static size_t
countnl(const char *s, size_t a, size_t b)
{
	size_t n = 0;

	for (; a < b; a++)
		n += s[a] == '\n';
	return n;
}

static int
has(const char *s, size_t a, size_t b, const char *lit)
{
	size_t n = strlen(lit);

	return b >= a && b - a >= n && memcmp(s + a, lit, n) == 0;
}

/* Is c one of set (never NUL, which strchr would find)? */
static int
oneof(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

static int
isnamechar(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

size_t
req_localsuffix(const char *s, size_t n)
{
	const char *p = memchr(s, '+', n);
	size_t i;

	if (p)
		return n - (size_t)(p - s);
	for (i = n; i > 0; i--) {
		if (s[i - 1] == '_')
			return i < n ? n - (i - 1) : 0;
		if (!isalpha((unsigned char)s[i - 1]))
			return 0;
	}
	return 0;
}

static const char *const archext[] = {
	".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".zip", NULL
};

static void
fragment(const char *s, size_t a, size_t b, struct requrl *u)
{
	while (a < b) {
		size_t e = a, eq;

		while (e < b && s[e] != '&')
			e++;
		if (has(s, a, e, "egg=")) {
			u->hasegg = 1;
			u->eggname.a = a + 4;
			u->eggname.b = e;
			for (eq = a + 4; eq + 1 < e; eq++)
				if (s[eq] == '=' && s[eq + 1] == '=')
					break;
			if (eq + 1 < e) {
				u->eggname.b = eq;
				u->haseggver = 1;
				u->eggver.a = eq + 2;
				u->eggver.b = e - req_localsuffix(s + eq + 2, e - eq - 2);
			}
		} else if (has(s, a, e, "subdirectory=")) {
			u->hassubdir = 1;
			u->subdir.a = a + 13;
			u->subdir.b = e;
		} else {
			/* pip checks the archive against #sha256=... */
			static const char *const algo[] = { "md5=", "sha1=",
			    "sha224=", "sha256=", "sha384=", "sha512=", NULL };
			size_t k;
			for (k = 0; algo[k]; k++)
				if (has(s, a, e, algo[k])) {
					u->hasdigest = 1;
					u->digest.a = a;
					u->digest.b = e;
				}
		}
		a = e + 1;
	}
}

void
req_url(const char *s, size_t a, size_t b, struct requrl *u)
{
	size_t i, host, path, hash = b, qend, at;

	memset(u, 0, sizeof *u);
	u->url.a = a;
	u->url.b = b;
	for (i = a; i < b; i++)
		if (s[i] == '#') {
			hash = i;
			break;
		}
	u->repo.a = a;
	u->repo.b = hash;
	fragment(s, hash < b ? hash + 1 : b, b, u);
	for (host = a; host + 2 < hash; host++)
		if (s[host] == ':' && s[host + 1] == '/' && s[host + 2] == '/')
			break;
	if (host + 2 >= hash)
		return; /* a path, not a URL */
	for (path = host + 3; path < hash && s[path] != '/'; path++)
		;
	if (memchr(s + a, '+', host - a)) {
		/* a VCS URL: the ref follows the last '@' of the path */
		u->reftype = REF_VCS;
		for (at = hash; at > path && s[at - 1] != '@'; at--)
			;
		if (at > path) {
			u->hasref = 1;
			u->ref.a = at;
			u->repo.b = at - 1;
			if (has(s, at, hash, "refs/tags/") && hash > at + 10)
				u->ref.a += 10; /* the prefix stays */
		} else {
			u->ref.a = hash;
			u->repo.b = hash;
		}
		u->ref.b = hash;
		return;
	}
	for (qend = path; qend < hash && s[qend] != '?'; qend++)
		;
	for (i = path; i + 9 <= qend; i++) {
		const char *const *x;
		size_t r;

		if (!has(s, i, qend, "/archive/"))
			continue;
		r = i + 9;
		if (has(s, r, qend, "refs/tags/"))
			r += 10;
		else if (has(s, r, qend, "refs/heads/"))
			r += 11;
		for (x = archext; *x; x++) {
			size_t n = strlen(*x), e;

			if (qend - r <= n || memcmp(s + qend - n, *x, n) != 0)
				continue;
			e = qend - n;
			if (memchr(s + r, '/', e - r))
				break;
			u->reftype = REF_ARCHIVE;
			u->hasref = 1;
			u->ref.a = r;
			u->ref.b = e;
			u->repo.b = i;
			return;
		}
		return;
	}
}

/* name[extras] then "@ URL" or specifiers, in [i, end). */
static void
spec(const struct lp *L, size_t i, struct req *r)
{
	const char *s = L->s;
	size_t end = L->end, n = i, e, nclause = 0;
	int pin = 0;
	struct reqspan v = { 0, 0 };

	while (n < end && isnamechar(s[n]))
		n++;
	if (!pep508_valid_name(s + i, n - i)) {
		r->kind = REQ_OTHER;
		return;
	}
	r->hasname = 1;
	r->name.a = i;
	r->name.b = n;
	r->kind = REQ_SPEC;
	i = skipws(s, n, end);
	if (i < end && s[i] == '[') {
		while (i < end && s[i] != ']')
			i++;
		if (i == end) {
			r->kind = REQ_OTHER;
			return;
		}
		i = skipws(s, i + 1, end);
	}
	if (i < end && s[i] == '@') {
		i = skipws(s, i + 1, end);
		e = tokend(s, i, end);
		if (e == i) {
			r->kind = REQ_OTHER;
			return;
		}
		r->kind = REQ_URL;
		req_url(s, i, e, &r->u);
		return;
	}
	if (i < end && s[i] == '(')
		i = skipws(s, i + 1, end);
	/* clauses: OP VERSION [, OP VERSION]... */
	while (i < end && oneof(s[i], "=!<>~")) {
		size_t op = i;

		while (i < end && oneof(s[i], "=!<>~"))
			i++;
		pin = (i - op == 2 && has(s, op, i, "==")) ||
		      (i - op == 3 && has(s, op, i, "==="));
		i = skipws(s, i, end);
		v.a = i;
		while (i < end && (isalnum((unsigned char)s[i]) ||
		                   oneof(s[i], ".*+!_-")))
			i++;
		v.b = i;
		if (nclause++ == 0)
			r->specs.a = op;
		r->specs.b = i;
		i = skipws(s, i, end);
		if (i < end && s[i] == ',')
			i = skipws(s, i + 1, end);
		else
			break;
	}
	r->nclause = nclause;
	if (nclause == 1 && pin && v.b > v.a &&
	    !memchr(s + v.a, '*', v.b - v.a)) {
		r->haspin = 1;
		r->pin.a = v.a;
		r->pin.b = v.b - req_localsuffix(s + v.a, v.b - v.a);
	}
}

static int
isurl(const char *s, size_t a, size_t b)
{
	size_t i;

	for (i = a; i + 2 < b && (isalnum((unsigned char)s[i]) || s[i] == '+' ||
	                          s[i] == '.' || s[i] == '-'); i++)
		;
	return i > a && i + 2 < b && s[i] == ':' && s[i + 1] == '/' &&
	       s[i + 2] == '/';
}

/* The requirement text starting at i, within [i, lim): the rest of the
 * line, or the inside of quotes. */
static void
requirement(const struct lp *L, size_t i, size_t lim, struct req *r)
{
	size_t e = tokend(L->s, i, lim);

	if (isurl(L->s, i, e)) {
		r->kind = REQ_URL;
		req_url(L->s, i, e, &r->u);
	} else if (i < lim && isalnum((unsigned char)L->s[i])) {
		struct lp sub = *L;
		sub.end = lim;
		spec(&sub, i, r);
	} else
		r->kind = REQ_OTHER;
}

/* Scan the options from i on for --hash. */
static void
options(const struct lp *L, size_t i, struct req *r)
{
	const char *s = L->s;

	for (i = skipws(s, i, L->end); i < L->end; i = skipws(s, i, L->end)) {
		size_t e = tokend(s, i, L->end);

		if (!r->hashash && has(s, i, e, "--hash")) {
			r->hashash = 1;
			r->hashline = L->line + countnl(s, L->off, i);
		}
		i = e;
	}
}

static void
logical(const struct lp *L, struct req *r)
{
	const char *s = L->s;
	size_t i = skipws(s, L->off, L->end), e;

	if (i == L->end) {
		r->kind = REQ_NONE;
		return;
	}
	if (s[i] != '-') {
		/* the requirement runs up to the first option */
		requirement(L, i, L->end, r);
		for (e = i; e < L->end; ) {
			e = skipws(s, tokend(s, e, L->end), L->end);
			if (e < L->end && s[e] == '-')
				break;
		}
		options(L, e, r);
		return;
	}
	e = tokend(s, i, L->end);
	if (has(s, i, e, "-e") || has(s, i, e, "--editable")) {
		size_t v = i + (s[i + 1] == 'e' ? 2 : 10), ve;

		if (v < e && s[v] == '=')
			v++;
		if (v == e)
			v = skipws(s, e, L->end);
		r->editable = 1;
		if (v < L->end && (s[v] == '"' || s[v] == '\'')) {
			for (ve = v + 1; ve < L->end && s[ve] != s[v]; ve++)
				;
			if (ve == L->end) {
				r->kind = REQ_OTHER;
				return;
			}
			requirement(L, v + 1, ve, r);
			ve++;
		} else {
			ve = tokend(s, v, L->end);
			if (ve == v) {
				r->kind = REQ_OTHER;
				return;
			}
			requirement(L, v, L->end, r);
		}
		if (r->kind == REQ_SPEC)
			r->kind = REQ_OTHER; /* -e takes a URL or a path */
		options(L, ve, r);
		return;
	}
	r->kind = REQ_OPTION;
	options(L, i, r);
}

/* Is the physical line [a, b) a comment line (only blanks before '#')? */
static int
commentline(const char *s, size_t a, size_t b)
{
	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	return a < b && s[a] == '#';
}

void
req_parse(const char *s, size_t len, struct reqfile *rf)
{
	req_parse_span(s, 0, len, 1, rf);
}

size_t
req_next(const char *s, size_t i, size_t len, size_t *line, struct req *r)
{
	struct lp L;
	size_t p = i, e, ce, c, nl = 0;

	memset(r, 0, sizeof *r);
	r->line = *line;
	r->off = i;
	/* gather the physical lines of one logical line */
	for (;;) {
		for (e = p; e < len && s[e] != '\n'; e++)
			;
		ce = e > p && s[e - 1] == '\r' ? e - 1 : e;
		if (e < len && ce > p && s[ce - 1] == '\\' &&
		    !commentline(s, p, ce)) {
			p = e + 1;
			nl++;
			continue;
		}
		break;
	}
	r->end = ce;
	r->lastline = *line + nl;
	/* a comment: '#' at a line start or after whitespace */
	for (c = i; c < ce; c++)
		if (s[c] == '#' && (c == i || isws(s[c - 1])))
			break;
	L.s = s;
	L.end = c;
	L.line = *line;
	L.off = i;
	logical(&L, r);
	*line += nl + 1;
	return e < len ? e + 1 : len;
}

void
req_parse_span(const char *s, size_t i, size_t len, size_t line,
               struct reqfile *rf)
{
	memset(rf, 0, sizeof *rf);
	while (i < len) {
		if (rf->n == rf->cap) {
			rf->cap = rf->cap ? rf->cap * 2 : 64;
			rf->r = erealloc(rf->r, rf->cap * sizeof *rf->r);
		}
		i = req_next(s, i, len, &line, &rf->r[rf->n++]);
	}
}

void
req_free(struct reqfile *rf)
{
	free(rf->r);
	rf->r = NULL;
	rf->n = rf->cap = 0;
}

int
req_project(const char *s, const struct req *r, struct reqspan *name)
{
	size_t i;

	if (r->hasname) {
		*name = r->name;
		return 1;
	}
	if (r->kind != REQ_URL)
		return 0;
	if (r->u.hasegg && r->u.eggname.b > r->u.eggname.a) {
		*name = r->u.eggname;
		return 1;
	}
	if (r->u.hassubdir) {
		*name = r->u.subdir;
		while (name->b > name->a && s[name->b - 1] == '/')
			name->b--;
		for (i = name->b; i > name->a && s[i - 1] != '/'; i--)
			;
		name->a = i;
		return name->b > name->a;
	}
	return 0;
}

/* The repository part of a URL: host (no user, port kept) and path
 * (no ".git", no trailing '/'). */
static void
repoparts(const char *s, size_t n, struct reqspan *host, struct reqspan *path)
{
	size_t i, p;

	for (i = 0; i + 2 < n; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			break;
	i = i + 2 < n ? i + 3 : 0;
	for (p = i; p < n && s[p] != '/'; p++)
		;
	host->a = i;
	host->b = p;
	for (; i < p; i++)
		if (s[i] == '@')
			host->a = i + 1;
	while (n > p && s[n - 1] == '/')
		n--;
	if (n - p >= 4 && memcmp(s + n - 4, ".git", 4) == 0)
		n -= 4;
	while (n > p && s[n - 1] == '/')
		n--;
	path->a = p;
	path->b = n;
}

/* A host compared without case and without the scheme's default port
 * (":443" for https, ":80" for http). */
static int
samehost(const char *s, struct reqspan h1, const char *r, struct reqspan h2)
{
	static const char *const dflt[] = { ":443", ":80", NULL };
	size_t k, n;

	for (k = 0; dflt[k]; k++) {
		n = strlen(dflt[k]);
		if (h1.b - h1.a > n && memcmp(s + h1.b - n, dflt[k], n) == 0)
			h1.b -= n;
		if (h2.b - h2.a > n && memcmp(r + h2.b - n, dflt[k], n) == 0)
			h2.b -= n;
	}
	return h1.b - h1.a == h2.b - h2.a &&
	       strncasecmp(s + h1.a, r + h2.a, h1.b - h1.a) == 0;
}

int
req_samerepo(const char *s, size_t n, const char *repo)
{
	struct requrl u;
	struct reqspan h1, p1, h2, p2;
	size_t m = strlen(repo);
	int nocase;

	req_url(s, 0, n, &u);
	n = u.repo.b;
	repoparts(s, n, &h1, &p1);
	repoparts(repo, m, &h2, &p2);
	if (!samehost(s, h1, repo, h2) || p1.b - p1.a != p2.b - p2.a)
		return 0;
	/* GitHub's owner and repository names are case-insensitive */
	nocase = (h2.b - h2.a >= 10 &&
	          strncasecmp(repo + h2.a, "github.com", 10) == 0) ||
	         (h2.b - h2.a >= 14 &&
	          strncasecmp(repo + h2.a, "www.github.com", 14) == 0);
	return nocase ? strncasecmp(s + p1.a, repo + p2.a, p1.b - p1.a) == 0 :
	                memcmp(s + p1.a, repo + p2.a, p1.b - p1.a) == 0;
}

void
req_newtag(const char *old, size_t n, const char *tag, char *out, size_t size)
{
	const char *v = "";

	if (n > 1 && (old[0] == 'v' || old[0] == 'V') &&
	    isdigit((unsigned char)old[1]) && tag[0] != 'v' && tag[0] != 'V') {
		char buf[256];
		struct pep440 pv;
		const char *why;

		if (n - 1 < sizeof buf) {
			memcpy(buf, old + 1, n - 1);
			buf[n - 1] = '\0';
			if (pep440_parse(buf, &pv, &why) == 0)
				v = old[0] == 'V' ? "V" : "v";
		}
	}
	snprintf(out, size, "%s%s", v, tag);
}

const char *
req_badtag(const char *tag)
{
	size_t n = strlen(tag), i;

	if (n == 0)
		return "empty";
	if (n > 200)
		return "longer than 200 characters";
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tag[i];
		if (c <= ' ' || c >= 0x7f || strchr("~^:?*[\\#%@", c))
			return "a space, a control character or one of ~^:?*[\\#%@ "
			       "(git or a URL would not carry it)";
	}
	if (tag[0] == '-' || tag[0] == '/')
		return "starts with - or /";
	if (strstr(tag, "..") || strstr(tag, "//"))
		return "holds .. or //";
	if (tag[n - 1] == '/' || tag[n - 1] == '.' ||
	    (n >= 5 && strcmp(tag + n - 5, ".lock") == 0))
		return "ends with /, . or .lock";
	return NULL;
}

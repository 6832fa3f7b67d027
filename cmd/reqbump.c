/* relkit — MIT licence, see LICENSE. */
/* reqbump: move the pins of some packages in requirement files (and uv
 * sources in pyproject.toml) to a new release tag. */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgscan.h"
#include "edit.h"
#include "pyscan.h"
#include "pep440.h"
#include "pyname.h"
#include "req.h"
#include "util.h"
#include "uvsrc.h"

struct opts {
	char **pkgs;
	size_t npkgs;
	size_t *found;       /* per package: pinned lines or sources seen */
	const char *repo;    /* -u */
	const char *tag;     /* -t TAG, else VERSION as given: the tag in URLs */
	int exacttag;        /* -t: written as given, no "v" kept */
	char version[256];   /* VERSION's normal form: pins and egg versions */
	char **branch;       /* per package: where a source follows a branch */
	int sibling;         /* -s: sibling pins, ranges checked, none needed */
	int compat;          /* -c: a sibling's ~=V that VERSION is outside moves */
	struct pep440 pv;    /* VERSION parsed, for the ranges */
	int verbose;
	int ninputs, ncalls; /* the last input makes the final check */
	int failed;
	size_t changed;
	struct buf report;   /* -v, printed once every input is good */
};

/* An edit: s[a..b) becomes the text at pool offset t. The texts are
 * few (the version, the tag, "v" + the tag), kept once each, so that an
 * edit takes 24 bytes: 52 MB of pins are edited in memory near their
 * size. */
struct edit {
	size_t a, b;
	unsigned t, tn;
};

struct edits {
	struct edit *e;
	size_t n, cap;
	struct buf pool; /* the texts, each ended by a NUL */
};

static const char *
etext(const struct edits *E, const struct edit *e)
{
	return E->pool.p + e->t;
}

static void
edits_free(struct edits *E)
{
	free(E->e);
	buf_free(&E->pool);
}

static const char synopsis[] =
    "usage: %s [-i] [-v] [-t TAG] [-u REPO_URL] -p PACKAGE [-p PACKAGE]... "
    "VERSION [FILE...]\n"
    "       %s -s [-c] [-i] [-v] [-t TAG] -p PACKAGE [-p PACKAGE]... VERSION "
    "[FILE...]\n";

static void
usage(void)
{
	synopsis_exit(synopsis, 0);
}

/* Does s[0..n) name a -p package? */
static int
package(const struct opts *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < o->npkgs; i++)
		if (pep503_eq(s, n, o->pkgs[i], strlen(o->pkgs[i])))
			return 1;
	return 0;
}

/* A pin of s[0..n) seen: it counts for every -p that names it. */
static void
seen(struct opts *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < o->npkgs; i++)
		if (pep503_eq(s, n, o->pkgs[i], strlen(o->pkgs[i])))
			o->found[i]++;
}

/* Replace s[a..b) with text; 1 if that is a change. */
static int
add(struct edits *E, const char *s, size_t a, size_t b, const char *text)
{
	struct edit *e;
	size_t t = 0, n = strlen(text);

	if (n == b - a && memcmp(s + a, text, b - a) == 0)
		return 0;
	if (E->n == E->cap) {
		E->cap = E->cap ? E->cap * 2 : 16;
		E->e = erealloc(E->e, E->cap * sizeof *E->e);
	}
	while (t < E->pool.len && strcmp(E->pool.p + t, text) != 0)
		t += strlen(E->pool.p + t) + 1;
	if (t >= E->pool.len) {
		t = E->pool.len;
		buf_add(&E->pool, text, n + 1);
	}
	e = &E->e[E->n++];
	e->a = a;
	e->b = b;
	e->t = (unsigned)t;
	e->tn = (unsigned)n;
	return 1;
}

/* A new tag in place of s[a..b). */
static int
addtag(struct edits *E, const char *s, size_t a, size_t b, const struct opts *o)
{
	char tag[256];

	if (o->exacttag)
		return add(E, s, a, b, o->tag);
	req_newtag(s + a, b - a, o->tag, tag, sizeof tag);
	return add(E, s, a, b, tag);
}

static int
fromrepo(const struct opts *o, const char *s, struct reqspan url)
{
	return !o->repo || req_samerepo(s + url.a, url.b - url.a, o->repo);
}

/* The version of a lone compatible-release clause "~= V" in s[sp.a..sp.b)
 * with as many release numbers as VERSION (so that VERSION in its place
 * keeps what the clause allows: ~=1.45.0.dev to ~=1.46.0.dev0, never
 * ~=1.45 to ~=2.0.0): its span in *v, 1; else 0. */
static int
compatver(const struct opts *o, const char *s, struct reqspan sp,
          struct reqspan *v)
{
	char t[256];
	struct pep440 old;
	const char *why;
	size_t i = sp.a;

	if (sp.b - sp.a < 3 || s[i] != '~' || s[i + 1] != '=')
		return 0;
	for (i += 2; i < sp.b && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	if (i == sp.b || sp.b - i >= sizeof t)
		return 0;
	memcpy(t, s + i, sp.b - i);
	t[sp.b - i] = '\0';
	if (pep440_parse(t, &old, &why) < 0 || old.nrel != o->pv.nrel)
		return 0;
	v->a = i;
	v->b = sp.b;
	return 1;
}

/* The requirement lines in s[a..b), whose first line is line. */
static int
bump_lines(const char *path, const char *s, size_t a, size_t b, size_t line,
           struct opts *o, struct edits *E)
{
	struct req rq;
	const struct req *r = &rq;
	int st = 0;

	/* one logical line at a time: no array of them */
	while (a < b) {
		struct reqspan nm;
		size_t before = E->n;
		int ch = 0;

		a = req_next(s, a, b, &line, &rq);
		if (!req_project(s, r, &nm) || !package(o, s + nm.a, nm.b - nm.a))
			continue;
		if (r->kind == REQ_URL) {
			if (!fromrepo(o, s, r->u.url))
				continue;
			if (!r->u.hasref) {
				weprintf("%s:%zu: %.*s: no release tag in %.*s%s", path,
				         r->line, (int)(nm.b - nm.a), s + nm.a,
				         (int)(r->u.url.b - r->u.url.a), s + r->u.url.a,
				         r->u.reftype == REF_VCS ? " (no @TAG)" : "");
				st = worst(st, EXIT_USAGE);
				continue;
			}
			ch |= addtag(E, s, r->u.ref.a, r->u.ref.b, o);
			if (r->u.haseggver)
				ch |= add(E, s, r->u.eggver.a, r->u.eggver.b,
				          o->version);
		} else if (r->kind == REQ_SPEC && r->haspin && !o->repo) {
			ch |= add(E, s, r->pin.a, r->pin.b, o->version);
		} else if (r->kind == REQ_SPEC && r->nclause && o->sibling) {
			/* a range of a sibling: it stays, if VERSION is in it */
			struct reqspan cv;
			int in = pep440_spec_contains(s + r->specs.a,
			                              r->specs.b - r->specs.a, &o->pv);
			if (in == 0 && o->compat && r->nclause == 1 &&
			    compatver(o, s, r->specs, &cv)) {
				/* -c: "~=1.45.0.dev" follows to "~=1.46.0.dev0" */
				ch |= add(E, s, cv.a, cv.b, o->version);
			} else if (in == 0) {
				weprintf("%s:%zu: %.*s %.*s excludes %s: widen the "
				         "range or pin %s", path, r->line,
				         (int)(nm.b - nm.a), s + nm.a,
				         (int)(r->specs.b - r->specs.a), s + r->specs.a,
				         o->version, o->version);
				st = worst(st, EXIT_NOTHOLD);
			} else if (in < 0)
				weprintf("note: %s:%zu: %.*s %.*s: not a specifier set "
				         "this reads; not checked against %s", path,
				         r->line, (int)(nm.b - nm.a), s + nm.a,
				         (int)(r->specs.b - r->specs.a), s + r->specs.a,
				         o->version);
			if (!ch)
				continue;
		} else
			continue;
		seen(o, s + nm.a, nm.b - nm.a);
		if (ch && r->kind == REQ_URL && r->u.hasdigest) {
			weprintf("%s:%zu: %.*s: the URL carries #%.*s: it would go "
			         "stale with the new tag; edit this line by hand",
			         path, r->line, (int)(nm.b - nm.a), s + nm.a,
			         (int)(r->u.digest.b - r->u.digest.a),
			         s + r->u.digest.a);
			st = worst(st, EXIT_USAGE);
			E->n = before;
		} else if (ch && r->hashash) {
			weprintf("%s:%zu: %.*s is pinned with --hash (line %zu): its "
			         "hashes would go stale; edit this line by hand or "
			         "regenerate it", path, r->line, (int)(nm.b - nm.a),
			         s + nm.a, r->hashline);
			st = worst(st, EXIT_USAGE);
			E->n = before;
		}
	}
	return st;
}

/* A PEP 508 string of a TOML file, s[a..b): its value with escapes
 * decoded is what pip reads; each edit of it maps back to bytes of the
 * file written without escapes, or the string is refused. */
static int
bump_string(const char *path, const char *s, size_t a, size_t b, int flags,
            size_t line, struct opts *o, struct edits *E)
{
	struct buf d = { 0 };
	struct edits D = { NULL, 0, 0, { NULL, 0, 0 } };
	size_t *map = NULL, i, k;
	int st;

	if (!(flags & UVDEP_BASIC) && !(flags & UVDEP_MULTI))
		return bump_lines(path, s, a, b, line, o, E);
	if (toml_unescape(s, a, b, flags & UVDEP_BASIC, flags & UVDEP_MULTI, &d,
	                  &map) < 0) {
		weprintf("%s:%zu: a bad escape in a TOML string", path, line);
		buf_free(&d);
		return EXIT_USAGE;
	}
	st = bump_lines(path, d.p, 0, d.len, line, o, &D);
	for (i = 0; i < D.n; i++) {
		struct edit *e = &D.e[i];
		int plain = map[e->a] != CFG_ESCAPED;

		for (k = e->a + 1; plain && k < e->b; k++)
			plain = map[k] != CFG_ESCAPED && map[k] == map[k - 1] + 1;
		if (!plain) {
			weprintf("%s:%zu: %.*s: the text to change is written with "
			         "escapes; edit it by hand", path, line,
			         (int)d.len, d.p);
			st = worst(st, EXIT_USAGE);
			D.n = 0;
			break;
		}
		k = e->b > e->a ? map[e->b - 1] + 1 : map[e->a];
		e->a = map[e->a];
		e->b = k;
	}
	for (i = 0; i < D.n; i++)
		add(E, s, D.e[i].a, D.e[i].b, etext(&D, &D.e[i]));
	edits_free(&D);
	free(map);
	buf_free(&d);
	return st;
}

/* Is s[p->a..p->b) a Poetry exact version, "0.8.2", "==0.8.2" or
 * "=0.8.2", written without escapes? Narrows *p to the version. */
static int
poetrypin(const char *s, struct reqspan *p)
{
	size_t a = p->a, b = p->b, i;
	struct pep440 v;
	const char *why;
	char ver[256];

	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	if (a < b && s[a] == '=')
		a++;
	if (a < b && s[a] == '=')
		a++;
	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	if (b == a || b - a >= sizeof ver || !isdigit((unsigned char)s[a]))
		return 0;
	for (i = a; i < b; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr(".-_+!", s[i]))
			return 0;
	memcpy(ver, s + a, b - a);
	ver[b - a] = 0;
	if (pep440_parse(ver, &v, &why) < 0)
		return 0;
	p->a = a;
	p->b = memchr(s + a, '+', b - a) ? (size_t)((const char *)memchr(s + a,
	    '+', b - a) - s) : b; /* a local label stays, as in "x==0.8.2+git" */
	return 1;
}

/* The line of offset off in s, counted on from the last call while the
 * offsets grow, as the sources of a file come: not from the start each
 * time, which would be quadratic in a file of many sources. */
struct linectr {
	size_t pos, line;
};

static size_t
line_at(struct linectr *lc, const char *s, size_t off)
{
	if (off < lc->pos) {
		lc->pos = 0;
		lc->line = 1;
	}
	lc->line += lineno_at(s + lc->pos, off - lc->pos) - 1;
	lc->pos = off;
	return lc->line;
}

/*
 * A git source of a -p package that follows a branch (branch = "main", or
 * no tag, rev or branch: the default one) is no release pin: it stays,
 * and a note says so; if the package has no pin anywhere, final() names
 * this source and what to do in place of "no pinned requirement".
 */
static void
branchsource(const char *path, const struct buf *in, const struct uvsrc *v,
             size_t line, struct opts *o)
{
	struct buf what = { 0 };
	size_t i;

	if (v->has[UV_BRANCH])
		buf_addf(&what, "branch = \"%.*s\"",
		         (int)(v->f[UV_BRANCH].b - v->f[UV_BRANCH].a),
		         in->p + v->f[UV_BRANCH].a);
	else
		buf_adds(&what, "the default branch (no tag, rev or branch)");
	weprintf("note: %s:%zu: %s: the git source follows %s, not a release "
	         "tag: it stays as it is", path, line, v->name, what.p);
	for (i = 0; i < o->npkgs; i++)
		if (!o->branch[i] &&
		    pep503_eq(v->name, strlen(v->name), o->pkgs[i],
		              strlen(o->pkgs[i]))) {
			struct buf b = { 0 };
			buf_addf(&b, "%s:%zu follows %s", path, line, what.p);
			o->branch[i] = b.p;
		}
	buf_free(&what);
}

static int
bump_toml(const char *path, const struct buf *in, struct opts *o,
          struct edits *E)
{
	struct linectr lc = { 0, 1 };
	struct uvsrcs u;
	size_t i, pos, line;
	int st = 0;

	if (uvsrc_scan(in->p, in->len, &u) < 0) {
		weprintf("%s:%zu: %s", path, u.errline, u.err);
		return EXIT_USAGE;
	}
	for (i = 0; i < u.n; i++) {
		const struct uvsrc *v = &u.s[i];

		if (!package(o, v->name, strlen(v->name)))
			continue;
		if (v->has[UV_URL]) {
			struct requrl url;

			if (!fromrepo(o, in->p, v->f[UV_URL]))
				continue;
			req_url(in->p, v->f[UV_URL].a, v->f[UV_URL].b, &url);
			if (!url.hasref) {
				weprintf("%s:%zu: %s: no release tag in %.*s", path,
				         line_at(&lc, in->p, v->f[UV_URL].a), v->name,
				         (int)(url.url.b - url.url.a), in->p + url.url.a);
				st = worst(st, EXIT_USAGE);
				continue;
			}
			if (addtag(E, in->p, url.ref.a, url.ref.b, o) &&
			    url.hasdigest) {
				E->n--;
				weprintf("%s:%zu: %s: the URL carries #%.*s: it would "
				         "go stale with the new tag; edit it by hand",
				         path, line_at(&lc, in->p, v->f[UV_URL].a), v->name,
				         (int)(url.digest.b - url.digest.a),
				         in->p + url.digest.a);
				st = worst(st, EXIT_USAGE);
				continue;
			}
		} else if (v->has[UV_VERSION] && !v->strict) {
			/* Poetry's exact version "0.8.2" or "==0.8.2"; a range
			 * ("^0.8", ">=0.8,<1") is no pin, nor a plain pin with -u */
			struct reqspan p = v->f[UV_VERSION];

			if (o->repo || !poetrypin(in->p, &p))
				continue;
			add(E, in->p, p.a, p.b, o->version);
		} else if (v->has[UV_GIT]) {
			int f = v->has[UV_TAG] ? UV_TAG : v->has[UV_REV] ? UV_REV : -1;

			if (!fromrepo(o, in->p, v->f[UV_GIT]))
				continue; /* another repository */
			if (f < 0) {
				branchsource(path, in, v, line_at(&lc, in->p, v->off),
				             o);
				continue;
			}
			addtag(E, in->p, v->f[f].a, v->f[f].b, o);
		} else
			continue;
		seen(o, v->name, strlen(v->name));
	}
	/* PEP 508 strings: "aloha==0.8.2", "aloha @ git+https://...@0.8.2" */
	for (i = 0, pos = 0, line = 1; i < u.ndep; i++) {
		line += lineno_at(in->p + pos, u.dep[i].a - pos) - 1;
		pos = u.dep[i].a;
		st = worst(st, bump_string(path, in->p, u.dep[i].a, u.dep[i].b,
		                           u.depflags[i], line, o, E));
	}
	uvsrc_free(&u);
	return st;
}


/* The requirement strings in a Python value s[a..b): string literals,
 * comments skipped. One written with escapes or over lines is refused
 * if it is one to change. */
static int
bump_pystrings(const char *path, const char *s, size_t a, size_t b,
               struct linectr *lc, struct opts *o, struct edits *E)
{
	size_t i = a;
	int st = 0;

	while (i < b) {
		size_t p = i, q, cs, ce, ql;
		int plain = 1, simple = 1;
		char c;

		if (s[i] == '#') {
			while (i < b && s[i] != '\n')
				i++;
			continue;
		}
		while (p < b && p - i < 2 && strchr("rRuUbBfF", s[p]) && s[p])
			p++;
		if (p >= b || (s[p] != '\'' && s[p] != '"') ||
		    (i > a && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))) {
			i++;
			continue;
		}
		for (q = i; q < p; q++)
			if (strchr("bBfF", s[q]))
				plain = 0;
		c = s[p];
		ql = p + 2 < b && s[p + 1] == c && s[p + 2] == c ? 3 : 1;
		cs = q = p + ql;
		for (;;) {
			if (q >= b)
				return st; /* pyscan read it whole: not reached */
			if (s[q] == '\\') {
				simple = 0;
				q += 2;
				continue;
			}
			if (s[q] == '\n' || s[q] == '\r')
				simple = 0;
			if (s[q] == c && (ql == 1 ||
			    (q + 2 < b && s[q + 1] == c && s[q + 2] == c)))
				break;
			q++;
		}
		ce = q;
		i = q + ql;
		if (!plain)
			continue;
		if (simple) {
			st = worst(st, bump_lines(path, s, cs, ce,
			                          line_at(lc, s, cs), o, E));
		} else {
			struct edits D = { NULL, 0, 0, { NULL, 0, 0 } };
			int r = bump_lines(path, s, cs, ce, line_at(lc, s, cs), o,
			                   &D);
			if (D.n) {
				weprintf("%s:%zu: %.*s: the text to change is written "
				         "with escapes or over lines; edit it by hand",
				         path, line_at(lc, s, cs), (int)(ce - cs),
				         s + cs);
				r = worst(r, EXIT_USAGE);
			}
			st = worst(st, r);
			edits_free(&D);
		}
	}
	return st;
}

/* setup.py: the strings of install_requires, extras_require,
 * setup_requires and tests_require keywords of module-level calls, and
 * of the constant one names (install_requires=REQUIRES). */
static int
bump_py(const char *path, const struct buf *in, struct opts *o,
        struct edits *E)
{
	static const char *const kw[] = { "install_requires", "extras_require",
	    "setup_requires", "tests_require", NULL };
	struct linectr lc = { 0, 1 };
	struct pyscan ps;
	size_t i, j, k;
	int st = 0;

	if (pyscan(in->p, in->len, &ps) < 0) {
		weprintf("%s:%zu: %s", path, ps.errline, ps.err);
		return EXIT_USAGE;
	}
	for (i = 0; i < ps.n; i++) {
		const struct pyassign *a = &ps.a[i];

		if (!a->keyword)
			continue;
		for (k = 0; kw[k]; k++)
			if (strlen(kw[k]) == a->namelen &&
			    !memcmp(kw[k], a->name, a->namelen))
				break;
		if (!kw[k])
			continue;
		if (a->kind != PV_NAME) {
			st = worst(st, bump_pystrings(path, in->p, a->val, a->valend,
			                              &lc, o, E));
			continue;
		}
		for (j = 0; j < ps.n; j++) {
			const struct pyassign *d = &ps.a[j];
			if (!d->keyword && d->namelen == a->valend - a->val &&
			    !memcmp(d->name, in->p + a->val, d->namelen))
				st = worst(st, bump_pystrings(path, in->p, d->val,
				                              d->valend, &lc, o, E));
		}
	}
	pyscan_free(&ps);
	return st;
}

/* setup.cfg: install_requires, setup_requires and tests_require of
 * [options] and every key of [options.extras_require], each a value over
 * the indented lines after the key, a requirement a line. */
static int
bump_cfg(const char *path, const struct buf *in, struct opts *o,
         struct edits *E)
{
	struct cfgscan cs;
	size_t i;
	int st = 0;

	if (cfgscan(in->p, in->len, CFG_INI, &cs) < 0) {
		weprintf("%s:%zu: %s", path, cs.errline, cs.err);
		return EXIT_USAGE;
	}
	for (i = 0; i < cs.n; i++) {
		const struct cfgkey *k = &cs.k[i];
		const char *s = in->p;
		size_t e;

		if (!(strcmp(k->table, "options") == 0 &&
		      (!strcmp(k->path, "install_requires") ||
		       !strcmp(k->path, "setup_requires") ||
		       !strcmp(k->path, "tests_require"))) &&
		    strcmp(k->table, "options.extras_require") != 0)
			continue;
		/* the value's lines: this one, then the indented or blank */
		for (e = k->val; e < in->len && s[e] != '\n'; e++)
			;
		while (e < in->len) {
			size_t n = e + 1, x = n;
			while (x < in->len && (s[x] == ' ' || s[x] == '\t'))
				x++;
			if (n >= in->len || (x == n && s[n] != '\n' && s[n] != '\r'))
				break;
			for (e = n; e < in->len && s[e] != '\n'; e++)
				;
		}
		st = worst(st, bump_lines(path, s, k->val, e, k->line, o, E));
	}
	cfgscan_free(&cs);
	return st;
}

static int
istoml(const char *path, const struct buf *in)
{
	size_t n = strlen(path), i = 0;

	if (n >= 5 && strcmp(path + n - 5, ".toml") == 0)
		return 1;
	if (strcmp(path, "<stdin>") != 0)
		return 0;
	/* on standard input, a [table] header: no requirement starts so */
	while (i < in->len) {
		while (i < in->len && in->p[i] && strchr(" \t\r\n", in->p[i]))
			i++;
		if (i < in->len && in->p[i] != '#')
			return in->p[i] == '[';
		while (i < in->len && in->p[i] != '\n')
			i++;
	}
	return 0;
}

static int
cmpedit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	return x->a < y->a ? -1 : x->a > y->a;
}

/* -v: each changed physical line, old -> new. */
static void
report(const char *path, const struct buf *in, const struct edits *E,
       struct buf *rep)
{
	size_t i = 0, j, ls, le, c, pos = 0, line = 1;

	while (i < E->n) {
		for (ls = E->e[i].a; ls > 0 && in->p[ls - 1] != '\n'; ls--)
			;
		for (le = E->e[i].a; le < in->len && in->p[le] != '\n'; le++)
			;
		/* edits are sorted: count lines from the previous one on */
		line += lineno_at(in->p + pos, ls - pos) - 1;
		pos = ls;
		if (le > ls && in->p[le - 1] == '\r')
			le--;
		buf_addf(rep, "%s:%zu: %.*s -> ", path, line, (int)(le - ls),
		         in->p + ls);
		for (c = ls, j = i; j < E->n && E->e[j].a < le; j++) {
			buf_add(rep, in->p + c, E->e[j].a - c);
			buf_add(rep, etext(E, &E->e[j]), E->e[j].tn);
			c = E->e[j].b;
		}
		buf_add(rep, in->p + c, le - c);
		buf_adds(rep, "\n");
		i = j;
	}
}

/* After the last input: every package found, something changed. */
static int
final(struct opts *o)
{
	size_t i;
	int st = 0;

	/* -s: siblings need not pin each other everywhere */
	for (i = 0; i < o->npkgs && !o->sibling; i++) {
		if (o->found[i])
			continue;
		if (o->branch[i])
			weprintf("no pinned requirement of %s: its source at %s, "
			         "which no release moves; pin the release there "
			         "with tag = \"%s\" in place of the branch (reqbump "
			         "then moves it each release), or leave -p %s out",
			         o->pkgs[i], o->branch[i], o->tag, o->pkgs[i]);
		else
			weprintf("no pinned requirement of %s%s%s", o->pkgs[i],
			         o->repo ? " from " : "", o->repo ? o->repo : "");
		st = EXIT_NOTHOLD;
	}
	if (st == 0 && o->changed == 0 && !o->sibling) {
		if (o->exacttag)
			weprintf("no line changed: every pin is already at %s "
			         "(tag %s)", o->version, o->tag);
		else
			weprintf("no line changed: every pin is already at %s",
			         o->tag);
		st = EXIT_NOTHOLD;
	}
	if (st == 0 && o->verbose && o->report.len)
		fwrite(o->report.p, 1, o->report.len, stderr);
	return st;
}

static int
bump(const char *path, const struct buf *in, struct buf *out, void *arg)
{
	struct opts *o = arg;
	struct edits E = { NULL, 0, 0, { NULL, 0, 0 } };
	size_t i, c = 0;
	int st;

	st = istoml(path, in) ? bump_toml(path, in, o, &E) :
	     endswith(path, ".py") ? bump_py(path, in, o, &E) :
	     endswith(path, ".cfg") ? bump_cfg(path, in, o, &E) :
	                        bump_lines(path, in->p, 0, in->len, 1, o, &E);
	if (E.n)
		qsort(E.e, E.n, sizeof *E.e, cmpedit);
	out->len = 0;
	buf_grow(out, in->len); /* pins keep their length, mostly */
	for (i = 0; i < E.n; i++) {
		buf_add(out, in->p + c, E.e[i].a - c);
		buf_add(out, etext(&E, &E.e[i]), E.e[i].tn);
		c = E.e[i].b;
	}
	buf_add(out, in->p + c, in->len - c);
	if (o->verbose)
		report(path, in, &E, &o->report);
	o->changed += E.n;
	edits_free(&E);
	if (st)
		o->failed = 1;
	if (++o->ncalls == o->ninputs && !o->failed)
		st = final(o);
	return st;
}

static int
setversion(struct opts *o, const char *arg)
{
	struct pep440 v;
	const char *why;

	if (pep440_parse(arg, &v, &why) < 0) {
		weprintf("%s: %s", arg, why);
		return -1;
	}
	if (v.local[0]) {
		weprintf("%s: a release tag has no local version label", arg);
		return -1;
	}
	pep440_format(&v, o->version, sizeof o->version);
	o->pv = v;
	if (!o->tag)
		o->tag = arg;
	if (strcmp(arg, o->version) != 0)
		weprintf("note: pins and egg versions get %s, in PEP 440 normal "
		         "form; tags get %s", o->version, o->tag);
	return 0;
}

int
main(int argc, char *argv[])
{
	static struct opts o; /* static: what it holds stays reachable */
	const char *why;
	int c, inplace = 0, st;
	size_t i;

	setprogname(argv[0]);
	o.pkgs = ecalloc((size_t)argc, sizeof *o.pkgs);
	while ((c = getopt_std(argc, argv, "chip:st:u:vV", NULL)) != -1) {
		switch (c) {
		case 'c': o.compat = 1; break;
		case 'i': inplace = 1; break;
		case 's': o.sibling = 1; break;
		case 't':
			if ((why = req_badtag(optarg))) {
				weprintf("-t %s: not a tag: %s", optarg, why);
				usage();
			}
			o.tag = optarg;
			o.exacttag = 1;
			break;
		case 'p':
			if (!pep508_valid_name(optarg, strlen(optarg))) {
				weprintf("-p %s: not a package name", optarg);
				usage();
			}
			o.pkgs[o.npkgs++] = optarg;
			break;
		case 'u':
			if (!strchr(optarg, '/')) {
				weprintf("-u %s: not a repository URL", optarg);
				usage();
			}
			o.repo = optarg;
			break;
		case 'v': o.verbose = 1; break;
		case 'V': printversion();
		case 'h':
			free(o.pkgs);
			synopsis_exit(synopsis, 1);
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (o.compat && !o.sibling) {
		weprintf("-c goes with -s: it moves the ranges siblings hold of "
		         "each other");
		usage();
	}
	if (o.sibling && o.repo) {
		weprintf("-s and -u do not go together: a sibling's pins name "
		         "no repository");
		usage();
	}
	if (o.npkgs == 0) {
		weprintf("no package: give at least one -p PACKAGE");
		usage();
	}
	if (argc < 1)
		usage();
	if (inplace && argc < 2) {
		weprintf("-i needs at least one FILE");
		usage();
	}
	if (setversion(&o, argv[0]) < 0) {
		free(o.pkgs);
		return EXIT_USAGE;
	}
	o.found = ecalloc(o.npkgs, sizeof *o.found);
	o.branch = ecalloc(o.npkgs, sizeof *o.branch);
	o.ninputs = argc > 1 ? argc - 1 : 1;
	st = edit_files(inplace, argv + 1, argc - 1, bump, &o);
	for (i = 0; i < o.npkgs; i++)
		free(o.branch[i]);
	free(o.branch);
	free(o.found);
	free(o.pkgs);
	buf_free(&o.report);
	return st;
}

/* relkit — MIT licence, see LICENSE. */
/* setver: set, print or check the version string of Python and TOML files. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfgscan.h"
#include "edit.h"
#include "pep440.h"
#include "pyscan.h"
#include "util.h"

enum ftype { F_AUTO, F_PY, F_TOML, F_CFG };

struct opts {
	const char *name;   /* -n */
	enum ftype type;    /* -t */
	char version[256];  /* normalised VERSION */
	int mismatch;       /* -c: files that differ */
	int verbose;        /* -v */
	int setting;        /* VERSION is written */
};

/* Where the version text sits in a file. */
struct hit {
	size_t line, a, b;  /* the literal's content [a, b) */
	int py, raw;        /* a Python string, an r'' one */
	int toml;           /* a TOML basic string */
};

static const char synopsis[] =
	"usage: %s [-iv] [-n NAME] [-t TYPE] VERSION [FILE...]\n"
	"       %s -g [-v] [-n NAME] [-t TYPE] [FILE...]\n"
	"       %s -c VERSION [-v] [-n NAME] [-t TYPE] FILE...\n"
	"       %s -N VERSION\n"
	"       %s -C VERSION OTHER\n"
	"       %s -X RULE VERSION\n";

static void
usage(void)
{
	synopsis_exit(synopsis, 0);
}

static enum ftype
typeof_file(const char *path, enum ftype forced)
{
	size_t n;

	if (forced != F_AUTO)
		return forced;
	n = strlen(path);
	if (n >= 5 && strcmp(path + n - 5, ".toml") == 0)
		return F_TOML;
	if (n >= 4 && strcmp(path + n - 4, ".cfg") == 0)
		return F_CFG;
	return F_PY;
}

static int
is_version_name(const char *s, size_t n)
{
	return (n == 11 && memcmp(s, "__version__", 11) == 0) ||
	       (n == 7 && memcmp(s, "VERSION", 7) == 0) ||
	       (n > 8 && memcmp(s + n - 8, "_VERSION", 8) == 0);
}

static int
eq(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(s, name, n) == 0;
}

/* Candidates named in a message; the count says how many in all. */
#define LISTMAX 20

/* Report a choice among several candidates: "file:line NAME" each. */
static void
ambiguous(const char *path, struct buf *list, size_t n)
{
	weprintf("%s: %zu version assignments, pick one with -n: %s", path, n,
	         list->p);
}

/*
 * The module-level bindings sorted by name, then by place: each name's
 * bindings found by a binary search, so that a file of 80,000 of them is
 * read in n log n, not n squared. run[i] is the first binding of the
 * statement of binding i ("A = B = '1.0'" binds two names to one
 * literal), taken[] marks the statements already a candidate.
 */
struct names {
	const struct pyscan *ps;
	size_t *ix, n;
	size_t *run;
	unsigned char *taken;
};

static const struct pyscan *sortps;

static int
cmpname(const char *a, size_t an, const char *b, size_t bn)
{
	int r = memcmp(a, b, an < bn ? an : bn);

	return r ? r : an < bn ? -1 : an > bn;
}

static int
cmpix(const void *x, const void *y)
{
	const struct pyassign *a = &sortps->a[*(const size_t *)x];
	const struct pyassign *b = &sortps->a[*(const size_t *)y];
	int r = cmpname(a->name, a->namelen, b->name, b->namelen);

	if (r)
		return r;
	return *(const size_t *)x < *(const size_t *)y ? -1 :
	       *(const size_t *)x > *(const size_t *)y;
}

static void
names_init(struct names *N, const struct pyscan *ps)
{
	size_t i;

	N->ps = ps;
	N->ix = ecalloc(ps->n + 1, sizeof *N->ix);
	N->run = ecalloc(ps->n + 1, sizeof *N->run);
	N->taken = ecalloc(ps->n + 1, 1);
	N->n = 0;
	for (i = 0; i < ps->n; i++) {
		const struct pyassign *a = &ps->a[i];
		if (!a->keyword)
			N->ix[N->n++] = i;
		N->run[i] = i > 0 && !a->keyword && !ps->a[i - 1].keyword &&
		            ps->a[i - 1].val == a->val ? N->run[i - 1] : i;
	}
	sortps = ps;
	qsort(N->ix, N->n, sizeof *N->ix, cmpix);
}

static void
names_free(struct names *N)
{
	free(N->ix);
	free(N->run);
	free(N->taken);
}

/* The bindings of name n: N->ix[*lo .. return value). */
static size_t
names_find(const struct names *N, const char *name, size_t n, size_t *lo)
{
	size_t a = 0, b = N->n, m;

	while (a < b) { /* the first not below name */
		const struct pyassign *p = &N->ps->a[N->ix[m = a + (b - a) / 2]];
		if (cmpname(p->name, p->namelen, name, n) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	for (b = N->n; a < b; ) { /* the first above it */
		const struct pyassign *p = &N->ps->a[N->ix[m = a + (b - a) / 2]];
		if (cmpname(p->name, p->namelen, name, n) <= 0)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

/* The candidates of name (literal bindings first) onto c, as
 * pyscan_pick chooses them. */
static void
addname(struct names *N, const char *name, size_t n, size_t *c, size_t *nc,
        const char *path, int verbose)
{
	const struct pyscan *ps = N->ps;
	size_t lo, hi = names_find(N, name, n, &lo), k, nlit = 0, first, nexpr;

	if (hi == lo)
		return;
	first = N->ix[lo];
	for (k = lo; k < hi; k++)
		if (pv_literal(ps->a[N->ix[k]].kind) && nlit++ == 0)
			first = N->ix[k];
	nexpr = nlit ? (hi - lo) - nlit : 0;
	for (k = lo; k < hi; k++) {
		size_t i = N->ix[k];
		const struct pyassign *a = &ps->a[i];
		if (i < first || (nlit && !pv_literal(a->kind)))
			continue;
		if (N->taken[N->run[i]])
			continue; /* A = B = "1.0": one literal */
		N->taken[N->run[i]] = 1;
		c[(*nc)++] = i;
	}
	if (verbose && nexpr)
		weprintf("%s:%zu: %.*s: the literal is the candidate; %zu other "
		         "binding%s to an expression passed over", path,
		         ps->a[first].line, (int)n, name, nexpr,
		         nexpr > 1 ? "s" : "");
}

/* Is name n bound at module level? */
static int
bound(const struct names *N, const char *name, size_t n)
{
	size_t lo;

	return names_find(N, name, n, &lo) > lo;
}

static int
find_py(const char *path, const struct buf *src, const struct opts *o,
        struct hit *h)
{
	struct pyscan ps;
	struct names N;
	struct buf list = { 0 };
	size_t i, n = 0, nc = 0, *c;
	struct pyassign *pick;
	int st = 0, anylit = 0;
	const char *kw = o->name ? o->name : "version";

	if (pyscan(src->p, src->len, &ps) < 0) {
		weprintf("%s:%zu: %s", path, ps.errline, ps.err);
		return EXIT_USAGE;
	}
	names_init(&N, &ps);
	c = ecalloc(ps.n + 1, sizeof *c);
	if (o->name)
		addname(&N, o->name, strlen(o->name), c, &nc, path, o->verbose);
	else
		for (i = 0; i < ps.n; i++) {
			struct pyassign *a = &ps.a[i];
			size_t lo;

			if (a->keyword || !is_version_name(a->name, a->namelen))
				continue;
			/* each name once, at its first binding */
			names_find(&N, a->name, a->namelen, &lo);
			if (N.ix[lo] == i)
				addname(&N, a->name, a->namelen, c, &nc, path,
				        o->verbose);
		}
	/* version=... of module-level calls; version=NAME is NAME's */
	if (!o->name || nc == 0)
		for (i = 0; i < ps.n; i++) {
			struct pyassign *a = &ps.a[i];
			const char *v = src->p + a->val;
			size_t vn = a->valend - a->val;

			if (!a->keyword || !eq(a->name, a->namelen, kw))
				continue;
			if (a->kind == PV_NAME && bound(&N, v, vn)) {
				if (o->verbose)
					weprintf("%s:%zu: %s=%.*s names the constant "
					         "%.*s", path, a->line, kw, (int)vn, v,
					         (int)vn, v);
				{
					char *nm = estrndup(v, vn);
					addname(&N, nm, vn, c, &nc, path, o->verbose);
					free(nm);
				}
			} else
				c[nc++] = i;
		}
	for (i = 0; i < nc; i++)
		anylit |= pv_literal(ps.a[c[i]].kind);
	pick = NULL;
	for (i = 0; i < nc; i++) {
		struct pyassign *a = &ps.a[c[i]];
		/* an expression counts only when there is no literal */
		if (anylit && !pv_literal(a->kind))
			continue;
		if (n < LISTMAX)
			buf_addf(&list, "%s%s:%zu %.*s", n ? ", " : "", path,
			         a->line, (int)a->namelen, a->name);
		else if (n == LISTMAX)
			buf_adds(&list, ", ...");
		n++;
		pick = a;
	}
	if (n == 0) {
		if (o->name)
			weprintf("%s: no assignment of %s", path, o->name);
		else
			weprintf("%s: no version assignment found", path);
		st = EXIT_NOTHOLD;
	} else if (n > 1) {
		ambiguous(path, &list, n);
		st = EXIT_NOTHOLD;
	} else if (pick->kind != PV_STRING) {
		weprintf("%s:%zu: %.*s is not a string literal: %.*s", path,
		         pick->line, (int)pick->namelen, pick->name,
		         (int)(pick->valend - pick->val), src->p + pick->val);
		st = EXIT_NOTHOLD;
	} else {
		h->line = pick->line;
		h->a = pick->str;
		h->b = pick->strend;
		h->raw = pick->raw;
		h->py = 1;
		h->toml = 0;
	}
	free(c);
	names_free(&N);
	buf_free(&list);
	pyscan_free(&ps);
	return st;
}

/* A [project] whose dynamic list names "version": say so, and where
 * the build backend reads it (hatch's path, setuptools' attr or file),
 * in place of "no version key". 1 if said. */
static int
dynamic(const char *path, const char *s, const struct cfgscan *cs)
{
	const struct cfgkey *dyn = NULL, *from = NULL;
	size_t i;

	for (i = 0; i < cs->n; i++) {
		const struct cfgkey *k = &cs->k[i];
		size_t vl = k->valend - k->val;

		if (cfgkey_path(k, "project", "dynamic", NULL) &&
		    (memmem(s + k->val, vl, "\"version\"", 9) ||
		     memmem(s + k->val, vl, "'version'", 9)))
			dyn = k;
		else if (!from &&
		         (cfgkey_path(k, "tool", "hatch", "version", "path", NULL) ||
		          cfgkey_path(k, "tool", "setuptools", "dynamic", "version",
		                      NULL)))
			from = k;
	}
	if (!dyn)
		return 0;
	if (from)
		weprintf("%s:%zu: [project] version is dynamic: the build backend "
		         "reads it from %s:%zu %.*s", path, dyn->line, path,
		         from->line, (int)(from->valend - from->val), s + from->val);
	else
		weprintf("%s:%zu: [project] version is dynamic: the build backend "
		         "sets it (from version control or a file it names)", path,
		         dyn->line);
	return 1;
}

static int
find_cfg(const char *path, const struct buf *src, const struct opts *o,
         enum ftype t, struct hit *h)
{
	struct cfgscan cs;
	struct buf list = { 0 };
	const char *key = o->name ? o->name : "version";
	size_t i, n = 0;
	struct cfgkey *pick = NULL;
	int st = 0;

	if (cfgscan(src->p, src->len, t == F_TOML ? CFG_TOML : CFG_INI, &cs) < 0) {
		weprintf("%s:%zu: %s", path, cs.errline, cs.err);
		return EXIT_USAGE;
	}
	for (i = 0; i < cs.n; i++) {
		struct cfgkey *k = &cs.k[i];
		int want;

		if (t == F_TOML)
			/* [project] version, project.version, project = {...} */
			want = cfgkey_path(k, "project", key, NULL) ||
			       cfgkey_path(k, "tool", "poetry", key, NULL);
		else {
			/* configparser reads keys in lower case */
			size_t kl = strlen(key);
			want = !strcmp(k->table, "metadata") &&
			       strlen(k->path) == kl && !strncasecmp(k->path, key, kl);
		}
		if (!want)
			continue;
		if (n < LISTMAX)
			buf_addf(&list, "%s%s:%zu [%s] %s", n ? ", " : "", path,
			         k->line, k->table, key);
		else if (n == LISTMAX)
			buf_adds(&list, ", ...");
		n++;
		pick = k;
	}
	if (n == 0 && t == F_TOML && !o->name && dynamic(path, src->p, &cs)) {
		st = EXIT_NOTHOLD;
	} else if (n == 0) {
		weprintf("%s: no %s key in %s", path, key,
		         t == F_TOML ? "[project] or [tool.poetry]" : "[metadata]");
		st = EXIT_NOTHOLD;
	} else if (n > 1) {
		ambiguous(path, &list, n);
		st = EXIT_NOTHOLD;
	} else if (!pick->isstring ||
	           (t == F_CFG && (memchr(src->p + pick->str, ':',
	                                  pick->strend - pick->str) ||
	                           pick->strend == pick->str))) {
		/* setup.cfg "attr: pkg.__version__" or "file: VERSION" */
		weprintf("%s:%zu: %s is not a literal version: %.*s", path,
		         pick->line, key, (int)(pick->valend - pick->val),
		         src->p + pick->val);
		st = EXIT_NOTHOLD;
	} else if (t == F_CFG && o->setting && pick->strend - pick->str >= 2 &&
	           strchr("\"'", src->p[pick->str]) &&
	           src->p[pick->strend - 1] == src->p[pick->str]) {
		weprintf("%s:%zu: %s = %.*s: setuptools reads the quotes as part of "
		         "the version; remove them", path, pick->line, key,
		         (int)(pick->strend - pick->str), src->p + pick->str);
		st = EXIT_NOTHOLD;
	} else {
		h->line = pick->line;
		h->a = pick->str;
		h->b = pick->strend;
		h->py = h->raw = 0;
		h->toml = t == F_TOML && pick->basic;
	}
	buf_free(&list);
	cfgscan_free(&cs);
	return st;
}

static int
find(const char *path, const struct buf *src, const struct opts *o,
     struct hit *h)
{
	enum ftype t = typeof_file(path, o->type);

	if (t == F_PY)
		return find_py(path, src, o, h);
	return find_cfg(path, src, o, t, h);
}

/* The version as Python reads it: escapes decoded. */
static int
value(const char *path, const struct buf *in, const struct hit *h,
      struct buf *val)
{
	if (h->toml) {
		if (toml_unescape(in->p, h->a, h->b, 1, 0, val, NULL) < 0) {
			weprintf("%s:%zu: a bad escape in the version", path,
			         h->line);
			return EXIT_USAGE;
		}
		return 0;
	}
	if (!h->py) {
		buf_add(val, in->p + h->a, h->b - h->a);
		return 0;
	}
	if (py_unescape(in->p + h->a, h->b - h->a, h->raw, val) < 0) {
		weprintf("%s:%zu: the version holds a \\N{...} escape, which "
		         "setver does not decode", path, h->line);
		return EXIT_NOTHOLD;
	}
	return 0;
}

static int
set_one(const char *name, const struct buf *in, struct buf *out, void *arg)
{
	struct opts *o = arg;
	struct hit h;
	int st = find(name, in, o, &h);

	if (st)
		return st;
	buf_splice(in, h.a, h.b, o->version, strlen(o->version), out);
	return 0;
}

static int
get_one(const char *name, const struct buf *in, struct buf *val, void *arg)
{
	struct hit h;
	int st = find(name, in, arg, &h);

	if (st)
		return st;
	return value(name, in, &h, val);
}

static int
check(char **files, int n, struct opts *o)
{
	struct buf in = { 0 }, val = { 0 };
	int i, st = 0;

	for (i = 0; i < n; i++) {
		struct hit h;
		char norm[256];
		const char *why;
		int r;

		if (edit_read(files[i], &in) < 0) {
			st = worst(st, EXIT_USAGE);
			continue;
		}
		if ((r = find(files[i], &in, o, &h))) {
			st = worst(st, r);
			continue;
		}
		val.len = 0;
		if ((r = value(files[i], &in, &h, &val))) {
			st = worst(st, r);
			continue;
		}
		buf_add(&val, "", 1);
		if (pep440_normalize(val.p, norm, sizeof norm, &why) == 0 &&
		    strcmp(norm, o->version) == 0)
			continue;
		printf("%s\t%s\n", files[i], val.p);
		st = worst(st, EXIT_NOTHOLD);
	}
	buf_free(&in);
	buf_free(&val);
	if (fshut(stdout, "<stdout>") < 0)
		st = EXIT_USAGE;
	return st;
}

static int
setversion(struct opts *o, const char *arg, int quiet)
{
	const char *why;

	if (pep440_normalize(arg, o->version, sizeof o->version, &why) < 0) {
		weprintf("%s: %s", arg, why);
		return -1;
	}
	if (!quiet && strcmp(arg, o->version) != 0)
		weprintf("note: %s is written in PEP 440 normal form as %s", arg,
		         o->version);
	return 0;
}

/* -N: VERSION's PEP 440 normal form, or why it is none. */
static int
normal(const char *arg)
{
	char out[256];
	const char *why;

	if (pep440_normalize(arg, out, sizeof out, &why) < 0) {
		weprintf("%s: %s", arg, why);
		return EXIT_USAGE;
	}
	puts(out);
	return fshut(stdout, "stdout") ? EXIT_USAGE : EXIT_DONE;
}

/* -C: how VERSION stands to OTHER, as one word. */
static int
compare(const char *a, const char *b)
{
	struct pep440 va, vb;
	const char *why;
	int r;

	if (pep440_parse(a, &va, &why) < 0) {
		weprintf("%s: %s", a, why);
		return EXIT_USAGE;
	}
	if (pep440_parse(b, &vb, &why) < 0) {
		weprintf("%s: %s", b, why);
		return EXIT_USAGE;
	}
	r = pep440_cmp(&va, &vb);
	puts(r > 0 ? "greater" : r < 0 ? "less" : "equal");
	return fshut(stdout, "stdout") ? EXIT_USAGE : EXIT_DONE;
}

/* -X: the development version after VERSION by RULE: its release
 * number RULE raised (the later ones zero, at least three numbers; a
 * pre-release keeps its kind and number), then .dev0. */
static int
next(const char *rule, const char *arg)
{
	static const char *const rules[] = { "major", "minor", "patch" };
	struct pep440 v;
	const char *why;
	size_t i, k, n;

	for (i = 0; i < 3 && strcmp(rule, rules[i]) != 0; i++)
		;
	if (i == 3) {
		weprintf("-X %s: not major, minor or patch", rule);
		usage();
	}
	if (pep440_parse(arg, &v, &why) < 0) {
		weprintf("%s: %s", arg, why);
		return EXIT_USAGE;
	}
	n = v.pre ? i + 1 : 3;
	if (n < v.nrel)
		n = v.nrel;
	if (v.epoch)
		printf("%lu!", v.epoch);
	for (k = 0; k < n; k++) {
		unsigned long r = k < v.nrel ? v.rel[k] : 0;

		printf("%s%lu", k ? "." : "", k < i ? r : k == i ? r + 1 : 0);
	}
	if (v.pre)
		printf("%s%lu", v.pre == 'c' ? "rc" : v.pre == 'a' ? "a" : "b",
		       v.pren);
	puts(".dev0");
	return fshut(stdout, "stdout") ? EXIT_USAGE : EXIT_DONE;
}

int
main(int argc, char *argv[])
{
	struct opts o;
	int c, inplace = 0, get = 0, norm = 0, cmp = 0;
	const char *checkv = NULL, *rule = NULL;

	setprogname(argv[0]);
	memset(&o, 0, sizeof o);
	while ((c = getopt_std(argc, argv, "Cc:ghiNn:t:vVX:", NULL)) != -1) {
		switch (c) {
		case 'X': rule = optarg; break;
		case 'C': cmp = 1; break;
		case 'N': norm = 1; break;
		case 'c': checkv = optarg; break;
		case 'g': get = 1; break;
		case 'i': inplace = 1; break;
		case 'n': o.name = optarg; break;
		case 't':
			if (!strcmp(optarg, "python") || !strcmp(optarg, "py"))
				o.type = F_PY;
			else if (!strcmp(optarg, "toml"))
				o.type = F_TOML;
			else if (!strcmp(optarg, "cfg") || !strcmp(optarg, "ini"))
				o.type = F_CFG;
			else {
				weprintf("-t %s: not python, toml or cfg", optarg);
				usage();
			}
			break;
		case 'v': o.verbose = 1; break;
		case 'V': printversion();
		case 'h':
			synopsis_exit(synopsis, 1);
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (rule) {
		if (norm || cmp || get || checkv || inplace || o.name ||
		    o.type != F_AUTO || argc != 1) {
			weprintf("-X takes RULE VERSION and no other option");
			usage();
		}
		return next(rule, argv[0]);
	}
	if (norm || cmp) {
		if (norm && cmp) {
			weprintf("-N and -C do not go together");
			usage();
		}
		if (get || checkv || inplace || o.name || o.type != F_AUTO ||
		    argc != (norm ? 1 : 2)) {
			weprintf(norm ? "-N takes one VERSION and no other option"
			              : "-C takes VERSION OTHER and no other option");
			usage();
		}
		return norm ? normal(argv[0]) : compare(argv[0], argv[1]);
	}
	if (o.name && !*o.name) {
		weprintf("-n: empty name");
		usage();
	}
	if ((get && checkv) || ((get || checkv) && inplace)) {
		weprintf("-g, -c and -i do not go together");
		usage();
	}
	if (get)
		return get_files(argv, argc, get_one, &o);
	if (checkv) {
		if (argc == 0) {
			weprintf("-c needs at least one FILE");
			usage();
		}
		if (setversion(&o, checkv, 1) < 0)
			return EXIT_USAGE;
		return check(argv, argc, &o);
	}
	if (argc < 1)
		usage();
	if (inplace && argc < 2) {
		weprintf("-i needs at least one FILE");
		usage();
	}
	if (setversion(&o, argv[0], 0) < 0)
		return EXIT_USAGE;
	o.setting = 1;
	return edit_files(inplace, argv + 1, argc - 1, set_one, &o);
}

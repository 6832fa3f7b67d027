/* relkit — MIT licence, see LICENSE. */
/* setver: set, print or check the version string of Python and TOML files. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
};

/* Where the version text sits in a file. */
struct hit {
	size_t line, a, b;  /* the literal's content [a, b) */
};

static const char synopsis[] =
	"usage: %s [-i] [-n NAME] [-t TYPE] VERSION [FILE...]\n"
	"       %s -g [-n NAME] [-t TYPE] [FILE...]\n"
	"       %s -c VERSION [-n NAME] [-t TYPE] FILE...\n";

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

/* Report a choice among several candidates: "file:line NAME" each. */
static void
ambiguous(const char *path, struct buf *list, size_t n)
{
	weprintf("%s: %zu version assignments, pick one with -n: %s", path, n,
	         list->p);
}

static int
find_py(const char *path, const struct buf *src, const struct opts *o,
        struct hit *h)
{
	struct pyscan ps;
	struct buf list = { 0 };
	size_t i, j, n = 0;
	struct pyassign *pick = NULL;
	int st = 0;

	if (pyscan(src->p, src->len, &ps) < 0) {
		weprintf("%s:%zu: %s", path, ps.errline, ps.err);
		return EXIT_USAGE;
	}
	for (i = 0; i < ps.n; i++) {
		struct pyassign *a = &ps.a[i];
		int want;

		if (o->name)
			want = eq(a->name, a->namelen, o->name);
		else if (a->keyword) {
			want = eq(a->name, a->namelen, "version");
			/* version=SOME_VERSION follows a constant set above */
			if (want && a->kind == PV_NAME)
				for (j = 0; j < ps.n; j++)
					if (!ps.a[j].keyword &&
					    ps.a[j].namelen == a->valend - a->val &&
					    memcmp(ps.a[j].name, src->p + a->val,
					           ps.a[j].namelen) == 0)
						want = 0;
		} else
			want = is_version_name(a->name, a->namelen);
		if (!want)
			continue;
		buf_addf(&list, "%s%s:%zu %.*s", n ? ", " : "", path, a->line,
		         (int)a->namelen, a->name);
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
	}
	buf_free(&list);
	pyscan_free(&ps);
	return st;
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
		int table = t == F_TOML ?
		    (!strcmp(k->table, "project") || !strcmp(k->table, "tool.poetry")) :
		    !strcmp(k->table, "metadata");

		if (!table || !cfgkey_is(k, key))
			continue;
		buf_addf(&list, "%s%s:%zu [%s] %s", n ? ", " : "", path, k->line,
		         k->table, key);
		n++;
		pick = k;
	}
	if (n == 0) {
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
	} else {
		h->line = pick->line;
		h->a = pick->str;
		h->b = pick->strend;
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

static int
set_one(const char *name, const struct buf *in, struct buf *out, void *arg)
{
	struct opts *o = arg;
	struct hit h;
	int st = find(name, in, o, &h);

	if (st)
		return st;
	splice(in, h.a, h.b, o->version, strlen(o->version), out);
	return 0;
}

static int
get_one(const char *name, const struct buf *in, struct buf *val, void *arg)
{
	struct hit h;
	int st = find(name, in, arg, &h);

	if (st)
		return st;
	buf_add(val, in->p + h.a, h.b - h.a);
	return 0;
}

static int
check(char **files, int n, struct opts *o)
{
	struct buf in = { 0 };
	int i, st = 0;

	for (i = 0; i < n; i++) {
		struct hit h;
		char norm[256];
		const char *why;
		int r;

		if (readfile(files[i], &in, RELKIT_TEXT_LIMIT) < 0) {
			st = worst(st, EXIT_USAGE);
			continue;
		}
		if ((r = find(files[i], &in, o, &h))) {
			st = worst(st, r);
			continue;
		}
		in.p[h.b] = '\0';
		if (pep440_normalize(in.p + h.a, norm, sizeof norm, &why) == 0 &&
		    strcmp(norm, o->version) == 0)
			continue;
		printf("%s\t%s\n", files[i], in.p + h.a);
		st = worst(st, EXIT_NOTHOLD);
	}
	buf_free(&in);
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

int
main(int argc, char *argv[])
{
	struct opts o;
	int c, inplace = 0, get = 0;
	const char *checkv = NULL;

	setprogname(argv[0]);
	memset(&o, 0, sizeof o);
	while ((c = getopt(argc, argv, "c:ghin:t:V")) != -1) {
		switch (c) {
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
		case 'V': printversion();
		case 'h':
			synopsis_exit(synopsis, 1);
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
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
	return edit_files(inplace, argv + 1, argc - 1, set_one, &o);
}

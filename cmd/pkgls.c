/* relkit — MIT licence, see LICENSE. */
/* pkgls: list, inspect and police what an sdist or a wheel holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "dist.h"
#include "distcheck.h"
#include "meta.h"
#include "pathpat.h"
#include "util.h"

struct opts {
	int list, longlist, meta, check;
	struct pathpat deny, allow;
	int several;
};

static const char synopsis[] =
    "usage: %s [-l] [-m] [-x GLOB]... [-X FILE] [-a GLOB]... [-c] ARCHIVE...\n"
    "       %s -d OLD NEW\n";

static void
usage(void)
{
	synopsis_exit(synopsis, 0);
}

/* "ARCHIVE<TAB>" when several archives are listed. */
static void
prefix(struct buf *b, const struct opts *o, const struct dist *d)
{
	if (!o->several)
		return;
	dist_quote(b, d->path);
	buf_add(b, "\t", 1);
}

static void
list(struct dist *d, const struct opts *o, struct buf *b)
{
	char when[32];
	struct tm tm;
	time_t t;
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct dist_entry *e = &d->e[i];

		b->len = 0;
		prefix(b, o, d);
		if (o->longlist) {
			t = (time_t)e->mtime;
			if (!gmtime_r(&t, &tm) ||
			    !strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm))
				strcpy(when, "?");
			buf_addf(b, "%c\t%llu\t%04o\t%s\t", e->type, e->size,
			         e->mode & 07777, when);
		}
		dist_quote(b, e->path);
		if (o->longlist && e->type == 'l') {
			const char *t = dist_link(d, i);

			buf_adds(b, e->ltype == 'h' ? " link to " : " -> ");
			if (t)
				dist_quote(b, t);
			else
				buf_adds(b, "?");
		}
		buf_add(b, "\n", 1);
		fwrite(b->p, 1, b->len, stdout);
	}
}

/* Print the core metadata; -1 if there is none to print. */
static int
show_meta(struct dist *d, const struct opts *o, struct buf *b)
{
	struct buf src = { 0 };
	struct meta m;
	char *member;
	const char *err;
	size_t i, line;

	if (dist_metadata(d, &src, &member) < 0) {
		buf_free(&src);
		return -1;
	}
	if (meta_parse(src.p, src.len, &m, &line, &err) < 0) {
		weprintf("%s: %s:%zu: %s", d->path, member, line, err);
		free(member);
		buf_free(&src);
		return -1;
	}
	free(member);
	buf_free(&src);
	for (i = 0; i < m.n; i++) {
		if (o->meta < 2 && !strcasecmp(m.f[i].name, "Description"))
			continue;
		b->len = 0;
		prefix(b, o, d);
		dist_quote(b, m.f[i].name);
		buf_add(b, "\t", 1);
		dist_quote(b, m.f[i].value);
		buf_add(b, "\n", 1);
		fwrite(b->p, 1, b->len, stdout);
	}
	if (o->meta >= 2 && m.body) {
		b->len = 0;
		prefix(b, o, d);
		buf_adds(b, "Description\t");
		dist_quote(b, m.body);
		buf_add(b, "\n", 1);
		fwrite(b->p, 1, b->len, stdout);
	}
	meta_free(&m);
	return 0;
}

/* Is path a kind of file PyPI takes (a wheel or a .tar.gz sdist)? */
static int
pypi_kind(const char *path)
{
	return endswith(path, ".whl") || endswith(path, ".tar.gz");
}

/* One archive: 0, 1 (violations) or 2 (unusable). */
static int
one(const char *path, const struct opts *o, struct buf *b)
{
	struct check c = { .what = CHECK_SAFETY | CHECK_GLOBS,
	                   .deny = &o->deny, .allow = &o->allow };
	struct findings f = { path, 0 };
	struct dist d;
	size_t bad;
	int st = EXIT_DONE;

	if (dist_open(path, &d) < 0)
		return EXIT_USAGE;
	if (o->list)
		list(&d, o, b);
	if (o->meta && show_meta(&d, o, b) < 0)
		st = EXIT_USAGE;
	if (o->check)
		c.what |= CHECK_STRUCT | CHECK_ARCHIVE |
		          (pypi_kind(path) ? CHECK_RULES : 0);
	bad = check_dist(&d, &c, &f);
	if (c.have_meta)
		meta_free(&c.meta);
	if (bad && st == EXIT_DONE)
		st = EXIT_NOTHOLD;
	dist_close(&d);
	return st;
}

static int
diff(const char *old, const char *new)
{
	struct dist a, b;
	size_t n;

	if (dist_open(old, &a) < 0)
		return EXIT_USAGE;
	if (dist_open(new, &b) < 0) {
		dist_close(&a);
		return EXIT_USAGE;
	}
	if (a.type != b.type) {
		weprintf("%s, %s: not both sdists or both wheels", old, new);
		dist_close(&a);
		dist_close(&b);
		return EXIT_USAGE;
	}
	n = dist_diff(&a, &b, stdout);
	dist_close(&a);
	dist_close(&b);
	return n ? EXIT_NOTHOLD : EXIT_DONE;
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct buf b = { 0 };
	int c, d = 0, st = EXIT_DONE, r, i;

	setprogname(argv[0]);
	memset(&o, 0, sizeof o);
	while ((c = getopt_std(argc, argv, "a:cdhlmVx:X:", NULL)) != -1) {
		switch (c) {
		case 'a': pathpat_add(&o.allow, optarg); break;
		case 'c': o.check = 1; break;
		case 'd': d = 1; break;
		case 'l': o.longlist = 1; break;
		case 'm': o.meta++; break;
		case 'x': pathpat_add(&o.deny, optarg); break;
		case 'X':
			if (pathpat_load(&o.deny, optarg) < 0)
				return EXIT_USAGE;
			break;
		default: stdopt_exit(c, synopsis);
		}
	}
	argc -= optind;
	argv += optind;
	if (d) {
		if (argc != 2 || o.check || o.longlist || o.meta || o.deny.n ||
		    o.allow.n) {
			weprintf("-d takes OLD NEW and no other option");
			usage();
		}
		st = diff(argv[0], argv[1]);
		return fshut(stdout, "<stdout>") ? EXIT_USAGE : st;
	}
	if (argc < 1)
		usage();
	/* Plain listing unless only checks or metadata were asked for. */
	o.list = o.longlist ||
	    !(o.meta || o.check || o.deny.n || o.allow.n);
	o.several = argc > 1;
	for (i = 0; i < argc; i++) {
		r = one(argv[i], &o, &b);
		if (r > st)
			st = r;
	}
	buf_free(&b);
	pathpat_free(&o.deny);
	pathpat_free(&o.allow);
	if (fshut(stdout, "<stdout>"))
		return EXIT_USAGE;
	return st;
}

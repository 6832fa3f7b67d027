/* relkit — MIT licence, see LICENSE. */
/* provbump: bump PROVISION_VERSION in a server repo's version.py. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "pyscan.h"
#include "util.h"

static const char NAME[] = "PROVISION_VERSION";

static const char synopsis[] =
    "usage: %s [-i] [--major] [FILE...]\n"
    "       %s -g [FILE...]\n";

/* The two numbers of the value and where they are. */
struct prov {
	struct pyassign a;
	size_t pos[2], end[2];
	unsigned long n[2];
};

static void
usage(void)
{
	synopsis_exit(synopsis, 0);
}

/* A decimal number at s[*i]: its value, *i moved past it. 0 or -1. */
static int
number(const char *s, size_t *i, size_t end, unsigned long *v)
{
	size_t j = *i;
	char *e;

	while (j < end && isdigit((unsigned char)s[j]))
		j++;
	if (j == *i || (s[*i] == '0' && j - *i > 1))
		return -1;
	errno = 0;
	*v = strtoul(s + *i, &e, 10);
	if (errno || (size_t)(e - s) != j || *v == (unsigned long)-1)
		return -1;
	*i = j;
	return 0;
}

/* Blanks, continued lines and comments inside brackets. */
static size_t
skip(const char *s, size_t i, size_t end)
{
	while (i < end) {
		if (s[i] == '#')
			while (i < end && s[i] != '\n')
				i++;
		else if (isspace((unsigned char)s[i]) || s[i] == '\\')
			i++;
		else
			break;
	}
	return i;
}

/* (MAJOR, MINOR), maybe with a trailing comma, over lines. */
static int
tuple(const char *s, struct prov *p)
{
	size_t i = p->a.val, end = p->a.valend;
	int k;

	if (s[i] != '(')
		return -1;
	for (k = 0; k < 2; k++) {
		i = skip(s, i + 1, end);
		p->pos[k] = i;
		if (number(s, &i, end, &p->n[k]) < 0)
			return -1;
		p->end[k] = i;
		i = skip(s, i, end);
		if (i == end || (s[i] != ',' && !(k == 1 && s[i] == ')')))
			return -1;
	}
	if (s[i] == ',')
		i = skip(s, i + 1, end);
	return i + 1 == end && s[i] == ')' ? 0 : -1;
}

/* 'MAJOR.MINOR' */
static int
dotted(const char *s, struct prov *p)
{
	size_t i = p->a.str;

	p->pos[0] = i;
	if (number(s, &i, p->a.strend, &p->n[0]) < 0 || i == p->a.strend ||
	    s[i] != '.')
		return -1;
	p->end[0] = i++;
	p->pos[1] = i;
	if (number(s, &i, p->a.strend, &p->n[1]) < 0)
		return -1;
	p->end[1] = i;
	return i == p->a.strend ? 0 : -1;
}

static int
find(const char *path, const struct buf *in, struct prov *p)
{
	int st = py_find_one(path, in, NAME, &p->a);

	if (st)
		return st;
	if ((p->a.kind == PV_STRING && dotted(in->p, p) == 0) ||
	    (p->a.kind == PV_OTHER && tuple(in->p, p) == 0))
		return 0;
	weprintf("%s:%zu: %s is not a tuple (MAJOR, MINOR) or a string "
	         "'MAJOR.MINOR' of numbers: %.*s", path, p->a.line, NAME,
	         (int)(p->a.valend - p->a.val), in->p + p->a.val);
	return EXIT_USAGE;
}

static int
bump(const char *path, const struct buf *in, struct buf *out, void *arg)
{
	int major = *(int *)arg;
	struct prov p;
	char a[32], b[32];
	int st = find(path, in, &p);

	if (st)
		return st;
	if ((major ? p.n[0] : p.n[1]) >= (unsigned long)-2) {
		weprintf("%s:%zu: %s: the number is too large to bump", path,
		         p.a.line, NAME);
		return EXIT_USAGE;
	}
	snprintf(a, sizeof a, "%lu", major ? p.n[0] + 1 : p.n[0]);
	snprintf(b, sizeof b, "%lu", major ? 0 : p.n[1] + 1);
	out->len = 0;
	buf_add(out, in->p, p.pos[0]);
	buf_adds(out, a);
	buf_add(out, in->p + p.end[0], p.pos[1] - p.end[0]);
	buf_adds(out, b);
	buf_add(out, in->p + p.end[1], in->len - p.end[1]);
	return 0;
}

static int
get(const char *path, const struct buf *in, struct buf *val, void *arg)
{
	struct prov p;
	int st = find(path, in, &p);

	(void)arg;
	if (st)
		return st;
	buf_addf(val, "%lu.%lu", p.n[0], p.n[1]);
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "major", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 }
	};
	int c, inplace = 0, getv = 0, major = 0;

	setprogname(argv[0]);
	while ((c = getopt_std(argc, argv, "ghiV", longopts)) != -1) {
		switch (c) {
		case 'g': getv = 1; break;
		case 'i': inplace = 1; break;
		case 'M': major = 1; break;
		case 'V': printversion();
		case 'h':
			synopsis_exit(synopsis, 1);
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (getv && (inplace || major)) {
		weprintf("-g does not go with -i or --major");
		usage();
	}
	if (getv)
		return get_files(argv, argc, get, NULL);
	if (inplace && argc < 1) {
		weprintf("-i needs at least one FILE");
		usage();
	}
	return edit_files(inplace, argv, argc, bump, &major);
}

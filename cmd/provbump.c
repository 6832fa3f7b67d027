/* relkit — MIT licence, see LICENSE. */
/* provbump: bump PROVISION_VERSION in a server repo's version.py. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "edit.h"
#include "pyscan.h"
#include "util.h"

static const char NAME[] = "PROVISION_VERSION";

static const char synopsis[] =
    "usage: %s [-i] [--major] [-m REASON] [FILE...]\n"
    "       %s -g [FILE...]\n";

/* The two numbers of the value and where they are. */
struct prov {
	struct pyassign a;
	size_t pos[2], end[2];
	unsigned long n[2];
};

struct bumpopts {
	int major;
	const char *reason; /* -m: the comment's new reason, or NULL */
	char today[16];     /* YYYY-MM-DD */
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

/* The value's trailing comment "# bumped YYYY-MM-DD ...": *from and *to
 * delimit the date and what follows it up to the line end. 0 or -1. */
static int
bumpcomment(const struct buf *in, const struct prov *p, size_t *from,
            size_t *to)
{
	static const char word[] = "bumped ";
	const char *s = in->p;
	size_t i = p->a.valend, k;

	while (i < in->len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == in->len || s[i] != '#')
		return -1;
	for (i++; i < in->len && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	if (in->len - i < sizeof word - 1 + 10 ||
	    memcmp(s + i, word, sizeof word - 1) != 0)
		return -1;
	i += sizeof word - 1;
	for (k = 0; k < 10; k++)
		if (k == 4 || k == 7 ? s[i + k] != '-' :
		    !isdigit((unsigned char)s[i + k]))
			return -1;
	*from = i;
	for (i += 10; i < in->len && s[i] != '\n' && s[i] != '\r'; i++)
		;
	*to = i;
	return 0;
}

static int
bump(const char *path, const struct buf *in, struct buf *out, void *arg)
{
	const struct bumpopts *o = arg;
	int major = o->major;
	struct prov p;
	char a[32], b[32];
	size_t cfrom = 0, cto = 0;
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
	if (o->reason && bumpcomment(in, &p, &cfrom, &cto) == 0) {
		buf_add(out, in->p + p.end[1], cfrom - p.end[1]);
		buf_adds(out, o->today);
		if (*o->reason) {
			buf_adds(out, " ");
			buf_adds(out, o->reason);
		}
		buf_add(out, in->p + cto, in->len - cto);
	} else
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
		{ "reason", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct bumpopts bo = { 0 };
	int c, inplace = 0, getv = 0;
	const char *e;
	time_t now;
	struct tm tm;

	setprogname(argv[0]);
	while ((c = getopt_std(argc, argv, "ghim:V", longopts)) != -1) {
		switch (c) {
		case 'g': getv = 1; break;
		case 'i': inplace = 1; break;
		case 'M': bo.major = 1; break;
		case 'm': bo.reason = optarg; break;
		default: stdopt_exit(c, synopsis);
		}
	}
	argc -= optind;
	argv += optind;
	if (getv && (inplace || bo.major || bo.reason)) {
		weprintf("-g does not go with -i, --major or -m");
		usage();
	}
	if (bo.reason && strpbrk(bo.reason, "\n\r"))
		eprintf(EXIT_USAGE, "-m: the reason must be one line");
	/* SOURCE_DATE_EPOCH (reproducible builds) fixes "today" for tests. */
	now = (e = getenv("SOURCE_DATE_EPOCH")) && *e ?
	      (time_t)strtoll(e, NULL, 10) : time(NULL);
	if (!(e && *e ? gmtime_r(&now, &tm) : localtime_r(&now, &tm)) ||
	    !strftime(bo.today, sizeof bo.today, "%Y-%m-%d", &tm))
		eprintf(EXIT_USAGE, "cannot tell today's date");
	if (getv)
		return get_files(argv, argc, get, NULL);
	if (inplace && argc < 1) {
		weprintf("-i needs at least one FILE");
		usage();
	}
	return edit_files(inplace, argv, argc, bump, &bo);
}

/* relkit — MIT licence, see LICENSE. */
/* setconst: set or print a module-level Python constant. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "pyscan.h"
#include "util.h"

struct opts {
	const char *name, *value;
};

static const char synopsis[] =
    "usage: %s [-i] NAME VALUE [FILE...]\n"
    "       %s -g NAME [FILE...]\n";

static void
usage(void)
{
	synopsis_exit(synopsis, 0);
}

/* The constant's literal, or a status after a message. */
static int
find(const char *path, const struct buf *in, const struct opts *o,
     struct pyassign *a)
{
	int st = py_find_one(path, in, o->name, a);

	if (st)
		return st;
	if (a->kind != PV_STRING && a->kind != PV_CONST && a->kind != PV_NUMBER) {
		weprintf("%s:%zu: %s is not set to a literal: %.*s", path, a->line,
		         o->name, (int)(a->valend - a->val), in->p + a->val);
		return EXIT_NOTHOLD;
	}
	return 0;
}

static int
set_one(const char *path, const struct buf *in, struct buf *out, void *arg)
{
	struct opts *o = arg;
	struct pyassign a;
	int st = find(path, in, o, &a);

	if (st)
		return st;
	splice(in, a.val, a.valend, o->value, strlen(o->value), out);
	return 0;
}

static int
get_one(const char *path, const struct buf *in, struct buf *val, void *arg)
{
	struct pyassign a;
	int st = find(path, in, arg, &a);

	if (st)
		return st;
	buf_add(val, in->p + a.val, a.valend - a.val);
	return 0;
}

static int
isidentifier(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

int
main(int argc, char *argv[])
{
	struct opts o = { NULL, NULL };
	int c, inplace = 0, get = 0;

	setprogname(argv[0]);
	while ((c = getopt(argc, argv, "ghiV")) != -1) {
		switch (c) {
		case 'g': get = 1; break;
		case 'i': inplace = 1; break;
		case 'V': printversion();
		case 'h':
			synopsis_exit(synopsis, 1);
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (get && inplace) {
		weprintf("-g and -i do not go together");
		usage();
	}
	if (argc < (get ? 1 : 2))
		usage();
	o.name = argv[0];
	if (!isidentifier(o.name)) {
		weprintf("%s: not a Python name", o.name);
		return EXIT_USAGE;
	}
	if (get)
		return get_files(argv + 1, argc - 1, get_one, &o);
	o.value = argv[1];
	if (!py_is_literal(o.value, strlen(o.value))) {
		weprintf("%s: not a Python literal (True, False, None, a number "
		         "or a quoted string)", o.value);
		return EXIT_USAGE;
	}
	if (inplace && argc < 3) {
		weprintf("-i needs at least one FILE");
		usage();
	}
	return edit_files(inplace, argv + 2, argc - 2, set_one, &o);
}

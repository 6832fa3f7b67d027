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
	int verbose;
};

static const char synopsis[] =
    "usage: %s [-iv] NAME VALUE [FILE...]\n"
    "       %s -g [-v] NAME [FILE...]\n";

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
	int st = py_find_one_v(path, in, o->name, a, o->verbose);

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
	buf_splice(in, a.val, a.valend, o->value, strlen(o->value), out);
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

/* A Python name: ASCII letters, digits and '_', or any other character
 * (UTF-8), not starting with a digit, not a keyword. A name Python would
 * not take is simply never found in a file. */
static int
isidentifier(const char *s)
{
	static const char *const kw[] = { "False", "None", "True", "and", "as",
	    "assert", "async", "await", "break", "class", "continue", "def",
	    "del", "elif", "else", "except", "finally", "for", "from", "global",
	    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
	    "pass", "raise", "return", "try", "while", "with", "yield", NULL };
	const char *p;
	size_t i;

	if (!*s || (*s >= '0' && *s <= '9') || !py_is_utf8(s, strlen(s)))
		return 0;
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x80 && !((*p >= 'A' && *p <= 'Z') ||
		    (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_'))
			return 0;
	for (i = 0; kw[i]; i++)
		if (strcmp(kw[i], s) == 0)
			return 0;
	return 1;
}

int
main(int argc, char *argv[])
{
	struct opts o = { NULL, NULL, 0 };
	int c, inplace = 0, get = 0;

	setprogname(argv[0]);
	while ((c = getopt_std(argc, argv, "+ghivV", NULL)) != -1) {
		switch (c) {
		case 'g': get = 1; break;
		case 'i': inplace = 1; break;
		case 'v': o.verbose = 1; break;
		default: stdopt_exit(c, synopsis);
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

/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_PYSCAN_H
#define RELKIT_PYSCAN_H

#include <stddef.h>

/*
 * A scanner of Python source that knows strings (all prefixes, triple
 * quotes), comments, brackets and line continuations well enough to find
 * assignments without ever mistaking text inside a string or a comment for
 * code. It finds
 *   - module-level statements "NAME = expr" (and "NAME: ann = expr") that
 *     start in column 0, and
 *   - keyword arguments "NAME=expr" inside a call's brackets,
 * and returns the byte spans of their right-hand sides.
 */
enum pyval {
	PV_STRING,  /* one plain string literal ('', "", r'', u'', triple) */
	PV_CONST,   /* True, False or None */
	PV_NUMBER,  /* an integer or float literal, maybe negative */
	PV_NAME,    /* a bare name */
	PV_OTHER    /* anything else: calls, f-strings, bytes, tuples ... */
};

struct pyassign {
	const char *name;  /* points into the source */
	size_t namelen;
	size_t line;       /* 1-based line of the name */
	size_t off;        /* offset of the name */
	size_t val, valend;/* right-hand side, without a trailing comment */
	enum pyval kind;
	size_t str, strend;/* PV_STRING: the text between the quotes */
	int keyword;       /* 1: keyword argument in a call; 0: module level */
};

struct pyscan {
	struct pyassign *a;
	size_t n, cap;
	/* on failure: line and reason of the first syntax problem */
	size_t errline;
	const char *err;
};

/* Scan src[0..len). 0, or -1 with errline/err set (unterminated string,
 * unbalanced bracket). */
int pyscan(const char *src, size_t len, struct pyscan *ps);
void pyscan_free(struct pyscan *ps);

/* Is s[0..n) a Python literal a program may write as a constant value:
 * True, False, None, an integer, a float, or one quoted string? */
int py_is_literal(const char *s, size_t n);

#endif

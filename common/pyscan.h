/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_PYSCAN_H
#define RELKIT_PYSCAN_H

#include <stddef.h>

#include "util.h"

/*
 * A scanner of Python source that knows strings (all prefixes, triple
 * quotes), comments, brackets and line continuations well enough to find
 * assignments without ever mistaking text inside a string or a comment for
 * code. It finds
 *   - module-level simple statements in column 0 (after a form feed, also
 *     after ';') "NAME = expr", "NAME: ann = expr", each NAME of a chain
 *     "A = B = expr", and "NAME op= expr" (an expression, never a literal);
 *   - keyword arguments "NAME=expr" of calls in module scope: not in a
 *     def or class body, a def or class header or a decorator line,
 * and returns the byte spans of their right-hand sides. A value in
 * parentheses, "(\n 'text'\n)", is the literal inside them. Line ends
 * are LF, CRLF or a lone CR, as Python reads them; a UTF-8 BOM is skipped.
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
	int raw;           /* PV_STRING: an r'' string (no escapes) */
	int augmented;     /* NAME += expr */
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

/* Is the kind a literal (a string, number, True, False or None)? */
int pv_literal(enum pyval k);

/*
 * The module-level bindings of name[0..namelen) among ps->a: a name bound
 * to a literal once and elsewhere to expressions has the literal as its
 * candidate. Returns how many candidates there are (0, 1 or more) and the
 * first one's index in *first; *nexpr counts the expression bindings
 * passed over for a literal.
 */
size_t pyscan_pick(const struct pyscan *ps, const char *name, size_t namelen,
                   size_t *first, size_t *nexpr);

/* Is s[0..n) valid UTF-8, as Python source must be? */
int py_is_utf8(const char *s, size_t n);

/*
 * The value Python gives the string contents s[0..n) (raw: an r'' string),
 * appended to out. -1 when it holds a \N{...} escape, which needs
 * Unicode's name table.
 */
int py_unescape(const char *s, size_t n, int raw, struct buf *out);

/* Is s[0..n) a Python literal a program may write as a constant value:
 * True, False, None, an integer, a float, or one quoted string? */
int py_is_literal(const char *s, size_t n);

#endif

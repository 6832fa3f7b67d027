/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_META_H
#define RELKIT_META_H

#include <stddef.h>

/*
 * Core metadata (PKG-INFO, METADATA; also WHEEL): RFC 822 style header
 * fields, then after an empty line the body (the description).
 */
struct meta_field {
	char *name;
	char *value;    /* continuation lines joined with '\n', kept verbatim */
	size_t line;    /* 1-based line of the field name */
};
struct meta {
	struct meta_field *f; /* in file order; multi-use fields repeat */
	size_t n, cap;
	char *body;           /* the message body (description) or NULL */
};

/*
 * Parse src[0..len) into m (which need not be initialised). CRLF line ends
 * are accepted. After the first field, a line that is not a field (no
 * colon, or a space in the name) ends the header and starts the body, as
 * Python's email parser reads it. 0, or -1 with *errline (1-based) and *err set; nothing is
 * printed and m is left empty.
 */
int meta_parse(const char *src, size_t len, struct meta *m,
               size_t *errline, const char **err);

/*
 * An old-style Description field's value as the text it holds: each
 * continuation line loses the 8 spaces of indentation distutils and
 * setuptools write (as the email parser and twine 4 read it). malloc'd.
 */
char *meta_dedent(const char *v);

/* First value of a field, name compared case-insensitively; NULL if none. */
const char *meta_get(const struct meta *m, const char *name);

/* How many times the field occurs. */
size_t meta_count(const struct meta *m, const char *name);

void meta_free(struct meta *m);

/* A list of fields (f, n of cap) as struct meta and the upload form hold
 * them: one more field, name the first nlen bytes of name (copied), no
 * value yet; and the list freed. */
void meta_append(struct meta_field **f, size_t *n, size_t *cap,
                 const char *name, size_t nlen, size_t line);
void meta_fields_free(struct meta_field *f, size_t n);

#endif

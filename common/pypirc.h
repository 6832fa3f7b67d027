/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_PYPIRC_H
#define RELKIT_PYPIRC_H

#include <stddef.h>

/*
 * An INI file read as Python's configparser.RawConfigParser() reads it
 * (the .pypirc twine reads): UTF-8, lines split at \n, \r\n and \r, of any
 * length; '#' or ';' first on a line is a comment, never inline; a line
 * indented deeper than the key's line continues its value (blank lines
 * inside kept as "\n"); "key = value" or "key: value", the key lowered
 * (Unicode lower, as str.lower), key and value stripped of Unicode white
 * space; [DEFAULT] supplies keys to every section; a section or a key
 * given twice is an error. No interpolation.
 */

struct pypirc_key {
	char *name;   /* lowered, UTF-8 */
	size_t nlen;  /* bytes of name (it may hold NUL bytes, as configparser
	                 allows) */
	char *value;  /* lines joined by '\n', trailing white space stripped */
	size_t vlen;  /* bytes of value (it may hold NUL bytes) */
	size_t line;  /* 1-based line of "name =" */
};

struct pypirc_section {
	char *name;   /* as written, case kept */
	size_t nlen;  /* bytes of name */
	size_t line;
	struct pypirc_key *keys;
	size_t nkeys;
};

struct pypirc {
	struct pypirc_section *secs;
	size_t nsecs;
	struct pypirc_section defaults; /* [DEFAULT]; name NULL */
};

/*
 * Parse n bytes. 0, or -1 with *line the 1-based line of the first
 * problem and *why a static reason (never a piece of the input).
 */
int pypirc_parse(const char *s, size_t n, struct pypirc *c, size_t *line,
                 const char **why);

/* A section by name ("DEFAULT" is not one), or NULL. */
const struct pypirc_section *pypirc_section(const struct pypirc *c,
                                            const char *name);

/*
 * configparser's get(section, key): the section's key, else [DEFAULT]'s;
 * NULL when the section does not exist (for "DEFAULT", [DEFAULT]'s key).
 * key is given lowered.
 */
const struct pypirc_key *pypirc_get(const struct pypirc *c,
                                    const char *section, const char *key);

/* Is name one of the words of list (split at white space, as str.split)? */
int pypirc_listed(const char *list, const char *name);

void pypirc_free(struct pypirc *c);

#endif

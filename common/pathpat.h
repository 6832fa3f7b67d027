/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_PATHPAT_H
#define RELKIT_PATHPAT_H

#include <stddef.h>

/*
 * Lists of member-path globs (pkgls -x, -X, -a). A glob matches the whole
 * path with fnmatch(3) and no flags: '*' and '?' also match '/', and a
 * leading '.' is not special.
 */
struct pathpat {
	char **pat;
	size_t n, cap;
};

void pathpat_add(struct pathpat *pp, const char *glob);

/*
 * Add the globs of a file: one a line; blank lines and lines whose first
 * non-blank character is '#' skipped; blanks around a glob dropped.
 * 0, or -1 with a message printed.
 */
int pathpat_load(struct pathpat *pp, const char *path);

/* The first glob matching path, or NULL. */
const char *pathpat_match(const struct pathpat *pp, const char *path);

void pathpat_free(struct pathpat *pp);

#endif

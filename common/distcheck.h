/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_DISTCHECK_H
#define RELKIT_DISTCHECK_H

#include <stdio.h>

#include "check.h"
#include "dist.h"
#include "pathpat.h"

/*
 * Policing a distribution (pkgls), for the check driver (check.h): every
 * check hands each violation to the findings f ("prog: ARCHIVE: MEMBER:
 * reason") and returns how many it found.
 */

/* Total declared size past which -c does not inflate members to hash them. */
#define DISTCHECK_HASH_LIMIT ((unsigned long long)2 << 30)

/*
 * Member names unsafe to extract (dist_unsafe), tar members Python's
 * 'data' filter refuses (dist_unsafe_link), and duplicate names.
 */
size_t distcheck_safety(const struct dist *d, struct findings *f);

/*
 * Members matching a deny glob; with a non-empty allow list, members
 * (other than directories) matching none of its globs.
 */
size_t distcheck_globs(const struct dist *d, const struct pathpat *deny,
                       const struct pathpat *allow, struct findings *f);

/*
 * Structural checks. Wheels: file name, one *.dist-info, METADATA and WHEEL
 * (Wheel-Version) present once, RECORD lists every member with a matching
 * hash and size, names and versions agree. sdists: one top directory
 * NAME-VERSION/, PKG-INFO in it, agreement with the file name. Both:
 * member names that are not UTF-8, compiled Python files, empty modules.
 */
size_t distcheck_struct(struct dist *d, struct findings *f);

/*
 * The member name with the version taken out of the sdist's top directory
 * or the wheel's NAME-VERSION.dist-info / .data directory (malloc'd).
 */
char *dist_unversioned(const struct dist *d, const char *path);

/*
 * Print "+PATH" for members of b not in a and "-PATH" for members of a not
 * in b (unversioned, sorted, quoted). Returns how many lines.
 */
size_t dist_diff(const struct dist *a, const struct dist *b, FILE *out);

#endif

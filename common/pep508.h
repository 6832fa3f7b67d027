/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_PEP508_H
#define RELKIT_PEP508_H

/*
 * Validation (no evaluation) of PEP 508 dependency specifiers and PEP 440
 * specifier sets, with the grammar packaging 26 parses: the same strings
 * pass and fail.
 */

/* Is s a dependency specifier? *why set on failure; *url set to 1 when
 * it is a direct reference (name @ url). */
int pep508_req_ok(const char *s, int *url, const char **why);

/* Is s a specifier set (comma-separated, may be empty), as
 * Requires-Python holds? */
int pep508_specset_ok(const char *s, const char **why);

#endif

/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_PYNAME_H
#define RELKIT_PYNAME_H

#include <stddef.h>

/*
 * PEP 503 project names: lowercase, every run of '-', '_' and '.' is one
 * '-'. Writes the normalised form of s[0..n) into out (NUL-terminated,
 * truncated to size-1). Returns the full length of the normalised name.
 */
size_t pep503_normalize(const char *s, size_t n, char *out, size_t size);

/* Do s[0..n) and t[0..m) name the same project? */
int pep503_eq(const char *s, size_t n, const char *t, size_t m);

/* Is s[0..n) a valid distribution name (PEP 508: letters, digits, '-',
 * '_', '.', starting and ending with a letter or digit)? */
int pep508_valid_name(const char *s, size_t n);

#endif

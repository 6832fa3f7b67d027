/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_PEP440_H
#define RELKIT_PEP440_H

#include <stddef.h>

#define PEP440_MAXREL 16

/* A parsed PEP 440 version. */
struct pep440 {
	unsigned long epoch;
	unsigned long rel[PEP440_MAXREL];
	size_t nrel;
	char pre;               /* 0, 'a', 'b' or 'c' (rc) */
	unsigned long pren;
	int haspost;
	unsigned long post;
	int hasdev;
	unsigned long dev;
	char local[128];        /* normalised local label, "" if none */
};

/*
 * Parse s (NUL-terminated). Accepts every spelling PEP 440 allows (a
 * leading 'v', '-' or '_' separators, "alpha", "rc", "c", "-1" post, ...).
 * 0 on success, -1 if s is not a version (with *why set).
 */
int pep440_parse(const char *s, struct pep440 *v, const char **why);

/* The normalised form of v into out (size at least 256). */
void pep440_format(const struct pep440 *v, char *out, size_t size);

/* Parse and normalise in one go. 0 or -1 (with *why). */
int pep440_normalize(const char *s, char *out, size_t size, const char **why);

/* <0, 0, >0 as a sorts before, with or after b. */
int pep440_cmp(const struct pep440 *a, const struct pep440 *b);

/*
 * Does the PEP 440 specifier set s[0..n) (">=0.8, <1.0", "~=0.8.1",
 * "==0.8.*", "!=0.8.3") hold v? Pre-releases count as any version does
 * (as pip takes one asked for by name). 1 yes, 0 no, -1 when a clause
 * does not parse.
 */
int pep440_spec_contains(const char *s, size_t n, const struct pep440 *v);

#endif

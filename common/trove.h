/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_TROVE_H
#define RELKIT_TROVE_H

#include <stddef.h>

/*
 * The trove classifier list PyPI takes, read at run time from the
 * trove-classifiers package when it is installed (Debian's
 * python3-trove-classifiers): the file $RELKIT_TROVE, or else
 * /usr/lib/python3/dist-packages/trove_classifiers/__init__.py.
 */
struct trove {
	char **c;          /* the classifiers, then the deprecated ones */
	size_t n;
	char **dep;        /* deprecated classifiers */
	char **by;         /* what replaces each ("" for nothing), "', '"-joined */
	size_t ndep, cap, dcap;
	char version[64];  /* the package's version, or "" */
	const char *path;  /* the file read */
};

/* Load the list; 0, or -1 when there is none (t left empty). */
int trove_load(struct trove *t);

/* Is c in the list (deprecated ones included)? */
int trove_known(const struct trove *t, const char *c);

/* Does c's top category ("Topic" of "Topic :: X") exist in the list? */
int trove_top_known(const struct trove *t, const char *c);

/* If c is deprecated: what replaces it ("" for nothing); else NULL. */
const char *trove_deprecated(const struct trove *t, const char *c);

void trove_free(struct trove *t);

#endif

/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_FORM_H
#define RELKIT_FORM_H

#include "digest.h"
#include "dist.h"
#include "meta.h"

/*
 * The form of one upload (legacy upload API, twine 7's field names and
 * order), without the file itself ("content"): name: value pairs in the
 * order they are sent, a field repeated for each value of a multi-use
 * one.
 */
struct form {
	struct meta_field *f;
	size_t n, cap;
};

/* The form of the file of type whose core metadata is m: the action and
 * protocol, name (twine's spelling), version, filetype, pyversion and
 * metadata_version, each metadata field that goes in the form (those
 * pypirules.h says are dropped left out; the body, when there is one, as
 * the description), then the digests. Appended to out. */
void pyrule_form(const struct meta *m, enum dist_type type,
                 const char *pyversion, const struct digests *dg,
                 struct form *out);

void form_add(struct form *f, const char *name, const char *value);
void form_free(struct form *f);

#endif

/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_UPARGS_H
#define RELKIT_UPARGS_H

#include <stddef.h>

/*
 * twine upload's operands: dists, their GPG signatures (FILE.asc) and
 * PEP 740 attestations (FILE.*.attestation), paired as twine's
 * _split_inputs pairs them: a signature by its base name being the dist's
 * plus ".asc", attestations by their base name starting with the dist's.
 */
struct upargs {
	char **dists;
	size_t ndists;
	char **sigs, **atts; /* all of each kind, as given */
	size_t nsigs, natts;
};

void upargs_split(char **args, size_t n, struct upargs *u);
/* The signature given for dist, or NULL. */
const char *upargs_sig(const struct upargs *u, const char *dist);
/* The attestations of dist as the "attestations" field twine sends (a
 * JSON array of the files' JSON), malloc'd; NULL with a message when a
 * file is not JSON or dist has none. */
char *upargs_attestations(const struct upargs *u, const char *dist);
/* The text of dist's signature, sent as twine's gpg_signature: the one
 * given, else (made: -s ran) dist.asc; "" when there is none; NULL with
 * a message when it cannot be read, is empty or holds a NUL byte. */
char *upargs_sigtext(const struct upargs *u, const char *dist, int made);
void upargs_free(struct upargs *u);

#endif

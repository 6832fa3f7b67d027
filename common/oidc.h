/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_OIDC_H
#define RELKIT_OIDC_H

#include <time.h>

#include "upload.h"

/*
 * Trusted Publishing, as twine 6.1+ does it: the audience from the
 * index's /_/oidc/audience, an OIDC token from the CI (GitHub Actions:
 * ACTIONS_ID_TOKEN_REQUEST_URL with ACTIONS_ID_TOKEN_REQUEST_TOKEN;
 * GitLab CI: GITLAB_CI and <AUDIENCE>_ID_TOKEN, the audience upper-cased,
 * other characters as '_'; Google Cloud: the metadata server's
 * identity endpoint), exchanged at /_/oidc/mint-token for an upload
 * token (user __token__). A token is minted again once it has less than
 * five minutes left (its "expires", else 15 minutes after minting), as
 * twine 6.2 does. stderr says a token was minted, never the token.
 */
struct oidc {
	char *origin;  /* scheme://host[:port] of the upload URL */
	char *token;   /* the minted upload token, or NULL */
	time_t expires;
	int minted;    /* how many so far */
	char **old;    /* tokens replaced, kept until oidc_free: a request
	                  may still hold one */
	size_t nold;
};

/* Is this a CI job that can give an OIDC token (GitHub, GitLab, or a
 * Google Cloud machine: GCE_METADATA_HOST set or its DMI name)? */
int oidc_available(void);

/* Mint a first token for upload_url; c gives TLS settings and -v. 0, or
 * -1 with a message (the index's reasons, never a token). */
int oidc_mint(struct oidc *o, const struct up_conf *c, const char *upload_url);

/* Before each upload: mint afresh when the token nears its end, and point
 * c->password at the current one. 0, or -1 with a message. */
int oidc_refresh(struct oidc *o, struct up_conf *c);

/* Once the last upload is done: burn every token minted (PyPI's
 * /_/oidc/burn-token, warehouse#20197), so that none outlives the run.
 * A refusal is a warning, not an error: the token expires anyway. */
void oidc_burn(struct oidc *o, const struct up_conf *c);

void oidc_free(struct oidc *o);

#endif

/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_CREDS_H
#define RELKIT_CREDS_H

#include "oidc.h"
#include "repo.h"

/*
 * What twine 7 does when the command line, the environment and the
 * .pypirc leave a credential unknown: the password from the `keyring`
 * command (service: the upload URL, user: the username) when it is on
 * PATH; then Trusted Publishing (oidc.h) when the username is __token__
 * and the job runs on a CI that gives OIDC tokens (o and c not NULL:
 * o gets the minted token, r->password a copy); then, when interactive and stdin is a terminal, a prompt on
 * /dev/tty ("Enter your username: ", "Enter your API token: " for PyPI,
 * else "Enter your password: "; the password without echo). A client
 * certificate with no password is enough, as in twine. 0, or -1 with a
 * message saying where to put what is missing (never a credential).
 */
int creds_complete(struct repo *r, int interactive, struct oidc *o,
                   const struct up_conf *c);

/* twine's bool_from_env: set and not 0, false, no or off (any case). */
int creds_env_flag(const char *name);

/*
 * The CA bundle to verify TLS with: --cert, TWINE_CERT or ca_cert (in
 * r->cert already), else REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, SSL_CERT_FILE
 * (as requests and OpenSSL read them under twine), else NULL: the system's.
 */
const char *creds_ca_bundle(const struct repo *r);

#endif

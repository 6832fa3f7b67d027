/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_CREDS_H
#define RELKIT_CREDS_H

#include "oidc.h"
#include "repo.h"

/* --trusted-publishing, as uv names its values */
enum creds_tp { CREDS_TP_AUTOMATIC, CREDS_TP_ALWAYS, CREDS_TP_NEVER };

/* "automatic", "always" or "never": its value, or -1. */
int creds_tp_mode(const char *s);

/*
 * Should Trusted Publishing mint the password? Only when none is known
 * and the username is __token__ (or unknown, with always), and then:
 * automatic, on PyPI's and TestPyPI's own upload URLs only (twine's
 * is_pypi: another index could ask for a PyPI audience and mint a PyPI
 * token with what it is sent) and on a CI that gives OIDC tokens;
 * always, on any index; never, not at all. 1 or 0.
 */
int creds_tp_wanted(const struct repo *r, enum creds_tp mode);

/*
 * What twine 7 does when the command line, the environment and the
 * .pypirc leave a credential unknown: the username from the keyring
 * (get_credential(URL, None)), then a prompt; the password from the
 * keyring (get_password(URL, username)); then Trusted Publishing (see
 * creds_tp_wanted; o and c not NULL: o gets the minted token,
 * r->password a copy); then, when interactive and stdin is a terminal,
 * a prompt on /dev/tty ("Enter your username: ", "Enter your API
 * token: " for PyPI, else "Enter your password: "; the password without
 * echo). The keyring is asked through the Python that runs the keyring
 * command on PATH, the service and username on its stdin, never in an
 * argv (a username may be a token). A client certificate with no
 * password is enough, as in twine. 0, or -1 with a message saying where
 * to put what is missing (never a credential). verbose: say where each
 * credential came from.
 */
int creds_complete(struct repo *r, int interactive, enum creds_tp tp,
                   int verbose, struct oidc *o, const struct up_conf *c);

/* twine 7's bool_from_env: set, not empty, and not 0, false or no (any
 * case); "off" is on, as in twine. */
int creds_env_flag(const char *name);

/*
 * The CA bundle to verify TLS with: --cert, TWINE_CERT or ca_cert (in
 * r->cert already), else REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, SSL_CERT_FILE
 * (as requests and OpenSSL read them under twine), else NULL: the system's.
 */
const char *creds_ca_bundle(const struct repo *r);

#endif

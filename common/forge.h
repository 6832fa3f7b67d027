/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_FORGE_H
#define RELKIT_FORGE_H

#include <jansson.h>
#include <time.h>

/*
 * A repository's pull requests and release pages on GitHub or GitLab,
 * through their REST APIs (libcurl, jansson). The token (GH_TOKEN, then
 * GITHUB_TOKEN; GITLAB_TOKEN, then CI_JOB_TOKEN) goes only to the API's
 * origin (and to GitHub's upload host for assets), never over plain
 * http except to loopback, never on a redirect: a redirect is reported,
 * not followed. A rate limit (403 or 429 with Retry-After, or with
 * x-ratelimit-remaining 0 and x-ratelimit-reset) is waited for when the
 * wait fits in the bound (RELKIT_FORGE_MAX_WAIT seconds, default 300).
 */

enum forge_kind { FORGE_UNKNOWN, FORGE_GITHUB, FORGE_GITLAB };

/* Where a git remote URL points: https://host/o/r.git, git@host:o/r.git,
 * ssh://[user@]host[:port]/o/r, git://host/o/r; GitLab's subgroups. */
struct forge_remote {
	char *host;   /* lower-cased */
	char *path;   /* "owner/name", "group/sub/name"; no ".git" */
	char *origin; /* "https://host[:port]" for an http(s) URL, else NULL */
};

/* 0, or -1 with the reason in *why (a constant string; the URL is not
 * repeated, as it may hold a credential). */
int forge_parse_remote(const char *url, struct forge_remote *r,
                       const char **why);
void forge_remote_free(struct forge_remote *r);

/* Is path a repository path of kind k (GitHub: owner/name; GitLab:
 * group[/subgroup…]/name)? 0, or -1 with *why. */
int forge_path_ok(enum forge_kind k, const char *path, const char **why);

/* "github", "gitlab" (any case) -> kind; else FORGE_UNKNOWN. */
enum forge_kind forge_kind_named(const char *s);
const char *forge_kind_name(enum forge_kind k);
/* The kind a host is: github.com, gitlab.com, a gitlab.* host, or the
 * CI's own server (GITHUB_SERVER_URL, CI_SERVER_HOST). */
enum forge_kind forge_kind_of_host(const char *host);

/* The API base, without a final '/': GITHUB_API_URL or CI_API_V4_URL
 * when set, else derived from r's host when it is not github.com or
 * gitlab.com (https://HOST/api/v3, https://HOST/api/v4), else
 * https://api.github.com, https://gitlab.com/api/v4. malloc'd. */
char *forge_api_base(enum forge_kind k, const struct forge_remote *r);

/* The API's own words in an error answer's body (GitHub's message and
 * errors[], GitLab's message as string, list or object, error and
 * error_description), on one line with control characters escaped;
 * else the body's start as text. malloc'd, or NULL for an empty body. */
char *forge_message(const char *body, size_t n);

/* Seconds to wait before asking again after an answer with this status
 * and these headers (NULL when absent), or -1 when it is not a rate
 * limit. */
long forge_ratelimit_wait(long status, const char *retry_after,
                          const char *remaining, const char *reset,
                          time_t now);

struct forge {
	enum forge_kind kind;
	char *api;          /* API base */
	char *path;         /* the repository's path */
	char *id;           /* "repos/o/r" or "projects/g%2Fr" */
	char *token;        /* wiped by forge_free */
	const char *tokenvar; /* the variable it came from */
	int jobtoken;       /* CI_JOB_TOKEN: the JOB-TOKEN header */
	int verbose;        /* requests on stderr (no headers, no bodies) */
	long maxwait;       /* longest rate-limit wait, seconds */
	long backoff_ms;    /* first wait before retrying a GET */
	long timeout;       /* seconds without progress */
	char *cacert;       /* the CA bundle TLS is verified with (NULL: the
	                     * system's): REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE,
	                     * SSL_CERT_FILE, as pypiup reads them */
};

/* Set f up: the API base checked (https, or http to loopback), the
 * token from the environment. 0, or -1 with a message. */
int forge_open(struct forge *f, enum forge_kind k, const char *api,
               const char *path);
void forge_free(struct forge *f);

/*
 * Each: 0 done, -1 with a message. *url (malloc'd) the page's address.
 * preflight: one read of the repository, with the token.
 * pr: the open pull (merge) request from head into base, found (*reused
 * 1) or opened with title and body (*reused 0).
 * release: the release of tag, found or created with name and body;
 * *rel (when not NULL) its JSON, for forge_asset.
 * asset: attach the file at path to the release, unless an asset of
 * that name is there (*skipped 1; another size is an error).
 */
int forge_preflight(struct forge *f, char **url);
int forge_pr(struct forge *f, const char *head, const char *base,
             const char *title, const char *body, char **url, int *reused);
int forge_release(struct forge *f, const char *tag, const char *name,
                  const char *body, char **url, int *reused, json_t **rel);
int forge_asset(struct forge *f, json_t *rel, const char *tag,
                const char *path, int *skipped);

#endif

/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_UPLOAD_H
#define RELKIT_UPLOAD_H

#include "pypirules.h"
#include "simple.h"

/*
 * HTTP for uploads (libcurl): one multipart/form-data POST per file,
 * streamed from disk with a Content-Length known in advance (no chunked
 * encoding, no Expect: 100-continue), and GETs of simple index pages.
 * Redirects are never followed, TLS is always verified, Basic auth goes
 * with the first request and only to the upload URL's origin.
 * Connection errors, timeouts and 5xx answers are retried with
 * exponential backoff (bounded), honouring Retry-After; 4xx never.
 */

struct up_conf {
	const char *username, *password; /* NULL: no Authorization */
	const char *cert, *client_cert;  /* CA bundle, client PEM; or NULL */
	long timeout;      /* seconds without progress before giving up */
	int attempts;      /* tries per request, at least 1 */
	long backoff_ms;   /* first wait between tries; doubles each time */
	long max_wait;     /* longest wait (s) for Retry-After or backoff */
	int verbose;       /* requests and responses on stderr, no credentials */
	int progress;      /* progress line on stderr */
	int quiet;         /* no notes on retries */
};

struct up_result {
	long status;        /* HTTP status of the last answer, 0 if none */
	char reason[512];   /* the server's reason (status line or body), or
	                       why there was no answer */
	char location[1024]; /* Location of a redirect, else "" */
};

/* curl_global_init, once per program. 0 or -1 with a message. */
int up_init(void);
void up_cleanup(void);

/* A boundary that cannot collide by chance (random, 32 hex digits). */
void up_boundary(char out[64]);

/* The fields of f on stderr, one "> name: value" line each (the first
 * line of a value, at most 72 bytes), then the file's name and size. */
void up_show_form(const struct form *f, const char *filename,
                  unsigned long long size);

/* POST form and the file at path (sent as "content", file name filename).
 * 0 when the server answered (any status, in r), -1 when it did not
 * after every try (r->reason says why). */
int up_post(const struct up_conf *c, const char *url, const struct form *f,
            const char *path, const char *filename, struct up_result *r);

/* Read the project's page under index_url (ending in '/'): PEP 691 JSON,
 * else PEP 503 HTML. A 404 is an empty page. auth: send the credentials
 * of c (the caller checks the origin). 0, or -1 with a message. */
int up_get_page(const struct up_conf *c, const char *index_url,
                const char *project, int auth, struct simple_page *p);

#endif

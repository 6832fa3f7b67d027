/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_UPLOAD_H
#define RELKIT_UPLOAD_H

#include "form.h"
#include "simple.h"

/*
 * HTTP for uploads (libcurl): one multipart/form-data POST per file,
 * streamed from disk with a Content-Length known in advance (no chunked
 * encoding, no Expect: 100-continue), and GETs of simple index pages.
 * Redirects are never followed, TLS is always verified, Basic auth goes
 * with the first request and only to the upload URL's origin.
 * Connection errors, timeouts and 5xx answers are retried with
 * exponential backoff (bounded), honouring Retry-After; 4xx never.
 * Several uploads may run at once, one per thread, each with its own
 * handle; connections are kept in one cache for the next request, one
 * a thread; what they print goes through the terminal's lock (meter.h).
 */

/* The most uploads at once (pypiup -j): a connection each is kept. */
#define UP_MAX_JOBS 64

struct up_conf {
	const char *username, *password; /* NULL: no Authorization */
	const char *cert, *client_cert;  /* CA bundle, client PEM; or NULL */
	long timeout;      /* seconds without progress before giving up,
	                      while connecting and sending */
	long answer_timeout; /* seconds to wait for the answer once the
	                      whole body is sent (0: timeout) */
	int attempts;      /* tries per request, at least 1 */
	long backoff_ms;   /* first wait between tries; doubles each time */
	long max_wait;     /* longest wait (s) for Retry-After or backoff */
	int verbose;       /* requests and responses on stderr, no credentials */
	int progress;      /* on stderr: 1 a line for the upload, 2 one
	                      line for all uploads at once (meter_start) */
	int quiet;         /* no notes on retries */
	int senders;       /* at most this many bodies on the way at once,
	                      across threads (0: no limit) */
	/* Called before every request (each try of each file), on a copy
	 * of the configuration that the request then uses: it may replace
	 * username and password (a fresh token). It may run in several
	 * threads at once; the strings it sets must stay valid until the
	 * request's up_post or up_get_page returns. -1 stops the request. */
	int (*refresh)(void *arg, struct up_conf *c);
	void *refresh_arg;
};

struct up_result {
	long status;        /* HTTP status of the last answer, 0 if none */
	char reason[512];   /* the server's reason (status line or body), or
	                       why there was no answer */
	char location[1024]; /* Location of a redirect, else "" */
	int landed;         /* no answer, but before a retry the index
	                       listed the file (see up_post_file) */
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

/* up_post, and before any retry of a file whose body was sent in full,
 * landed(arg) asks the index whether it already has the file: 1 yes
 * (up_post_file returns 0 with status 0 and r->landed set, not sending
 * it again), 0 no, -1 cannot tell (the retry goes ahead). */
int up_post_file(const struct up_conf *c, const char *url,
                 const struct form *f, const char *path,
                 const char *filename, int (*landed)(void *arg), void *arg,
                 struct up_result *r);

/* Read the project's page under index_url (ending in '/'): PEP 691 JSON,
 * else PEP 503 HTML. A 404 is an empty page, and so is a redirect to
 * another origin (scheme, host or port): pypiserver's fallback to PyPI
 * for a project it does not hold; it is not followed. A redirect within
 * the origin is an error (a wrong index URL). auth: send the
 * credentials of c (the caller checks the origin). found (or NULL): 0
 * when the page was a 404 or a redirect to another origin (a project
 * the index does not hold), else 1; moved (movedsize bytes, or NULL):
 * the URL of a redirect to another origin, user-info hidden, else "".
 * 0, or -1 with a message. */
int up_get_page(const struct up_conf *c, const char *index_url,
                const char *project, int auth, struct simple_page *p,
                int *found, char *moved, size_t movedsize);

#endif

/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_RECORD_H
#define RELKIT_RECORD_H

#include <stddef.h>

/* A wheel's RECORD: CSV lines "path,algorithm=urlsafe-b64-nopad,size". */
struct record_entry {
	char *path;
	char *algo;         /* "" when the hash field is empty */
	char *hash;         /* the encoded digest, "" when empty */
	long long size;     /* -1 when the size field is empty */
	size_t line;
};
struct record {
	struct record_entry *e;
	size_t n, cap;
};

/*
 * Parse src[0..len). Fields may be quoted CSV ("a,b" and "" for a quote);
 * every line has three fields; CRLF accepted; blank lines skipped.
 * 0, or -1 with *errline and *err set (nothing printed, r left empty).
 */
int record_parse(const char *src, size_t len, struct record *r,
                 size_t *errline, const char **err);
void record_free(struct record *r);

/* URL-safe base64 without padding of n bytes into out (4n/3+3 bytes). */
void b64url_nopad(const unsigned char *p, size_t n, char *out);

#endif

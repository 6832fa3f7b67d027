/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_DIGEST_H
#define RELKIT_DIGEST_H

/* The digests an index wants for an upload, from one streaming pass. */
struct digests {
	char sha256[65];      /* lowercase hex */
	char blake2_256[65];  /* lowercase hex, BLAKE2b with digest size 32 */
	unsigned long long size;
};

/*
 * sha256 (OpenSSL) and BLAKE2b-256 (libb2) of the file at path ("-" is
 * stdin), read once in fixed-size chunks: constant memory whatever the
 * size. The two hashes run in two threads over the same buffers.
 * 0, or -1 with a message printed.
 */
int digest_file(const char *path, struct digests *d);

/* Lowercase hex of n bytes into out (2n+1 bytes). */
void digest_hex(const unsigned char *p, size_t n, char *out);

#endif

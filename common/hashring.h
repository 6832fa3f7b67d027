/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_HASHRING_H
#define RELKIT_HASHRING_H

#include <stddef.h>

/*
 * A second thread that hashes what this one reads: the reader fills a
 * ring of HASHRING_NBUF buffers of HASHRING_BUFSZ bytes and hands each
 * over; the thread calls fn(arg, bytes, n) on them in order. A buffer is
 * refilled only once the thread is done with it, so memory stays at
 * NBUF * BUFSZ, and reading (or inflating) and hashing overlap: a big
 * file or member is hashed in about half the time. Used by digest.c (a
 * file's BLAKE2b beside its sha256) and distcheck.c (a wheel member's
 * RECORD hash while the next chunk inflates).
 */
enum { HASHRING_NBUF = 4, HASHRING_BUFSZ = 256 << 10 };

struct hashring;

/* Start the thread; NULL when it cannot be started (then hash in line). */
struct hashring *hashring_start(void (*fn)(void *, const void *, size_t),
                                void *arg);

/* The next buffer to fill (HASHRING_BUFSZ bytes), once the thread is done
 * with it; then hashring_push hands its first n bytes over. */
unsigned char *hashring_buf(struct hashring *h);
void hashring_push(struct hashring *h, size_t n);

/* Copy n bytes in, handing each buffer over as it fills (a dist_stream
 * callback: always 0). */
int hashring_write(void *h, const void *p, size_t n);

/* Hand over what hashring_write left, wait until all is hashed, stop the
 * thread and free h. */
void hashring_end(struct hashring *h);

#endif

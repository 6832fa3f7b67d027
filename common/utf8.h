/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_UTF8_H
#define RELKIT_UTF8_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * UTF-8 as Python's strict codec takes it: no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing past U+10FFFF. NUL is a character
 * like any other.
 */

/* The code point at p (n >= 1 bytes there) into *cp (if cp is not NULL):
 * its length, 1 to 4, or 0 when p does not start a valid sequence. */
size_t utf8_decode(const void *p, size_t n, uint32_t *cp);

/* Is p[0..n) valid UTF-8? 1 or 0. */
int utf8_valid(const void *p, size_t n);

/* The encoding of c (at most U+10FFFF: not checked, nor are surrogates)
 * into u: its length, 1 to 4. */
size_t utf8_encode(char u[4], unsigned long c);

/* The encoding of c appended to b, as utf8_encode. */
void utf8_put(struct buf *b, unsigned long c);

#endif

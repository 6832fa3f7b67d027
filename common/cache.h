/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_CACHE_H
#define RELKIT_CACHE_H

#include <stddef.h>

#include "util.h"

/*
 * Verdicts worth keeping between runs (a description's rendering), one
 * small file a key under $RELKIT_CACHE_DIR, else $XDG_CACHE_HOME/relkit,
 * else $HOME/.cache/relkit; RELKIT_CACHE_DIR set empty keeps nothing.
 * A key is any bytes (its sha256 names the file, in a directory for its
 * kind). The cache is a hint: a missing, unreadable or unwritable cache
 * is no error and prints nothing, and the caller checks what it reads.
 */

/* The entry of kind for key into out (at most 64 kB): 1, or 0 if none. */
int cache_get(const char *kind, const void *key, size_t keylen,
              struct buf *out);

/* Store data as the entry, whole or not at all (a temporary file renamed). */
void cache_put(const char *kind, const void *key, size_t keylen,
               const void *data, size_t len);

/*
 * A file's stamp, "SIZE MTIME_NS PATH", for an entry to record what it
 * was made from; cache_stamp_ok says whether a line still holds.
 */
int cache_stamp_ok(const char *line, size_t len);

#endif

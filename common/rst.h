/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_RST_H
#define RELKIT_RST_H

#include <stddef.h>

#include "util.h"

/*
 * Whether a reStructuredText description renders as PyPI renders it:
 * readme_renderer, run by $PYTHON (or /usr/bin/python3) through child.h,
 * once per distinct text in a run, its verdict kept in the cache
 * (cache.h) while the interpreter and the renderer's files are
 * unchanged. 0 it renders; 1 it does not (docutils' first message added
 * to why); -1 it could not be checked (why says why: no Python, no
 * readme_renderer).
 */
int rst_check(const char *text, struct buf *why);

/*
 * A kept verdict (the cache entry, len bytes): 0 it rendered, 1 it did
 * not (the message added to why), -1 the entry does not parse or a file
 * it was made from has changed since.
 */
int rst_entry(const char *e, size_t len, struct buf *why);

#endif

/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_CHILD_H
#define RELKIT_CHILD_H

#include <stddef.h>

#include "util.h"

/*
 * The one way relkit runs another program (the keyring's Python,
 * readme_renderer's, gpg): posix_spawnp of argv (argv[0] looked up on
 * PATH), nothing secret in argv (a question goes on stdin), then wait.
 *
 * in: inlen bytes written to its stdin, then closed (NULL: stdin is
 * inherited). out: its stdout, of which the first outmax bytes are kept
 * (NULL: stdout is inherited). CHILD_QUIET sends its stderr to
 * /dev/null. Every byte read passes through a buffer that is wiped
 * after, so that a secret answer is left only in out.
 *
 * The wait status (as waitpid gives it), or -1 with errno set when it
 * could not be started (no such program, no pipe).
 */
enum { CHILD_QUIET = 1 };

int child_run(char *const argv[], const char *in, size_t inlen,
              struct buf *out, size_t outmax, int flags);

#endif

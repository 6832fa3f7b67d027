/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_SIGN_H
#define RELKIT_SIGN_H

/* Sign path as twine does: SIGN_WITH --detach-sign [--local-user ID] -a
 * PATH, making PATH.asc; "gpg" not on PATH: gpg2, with a warning. 0, or
 * -1 with a message. */
int sign_file(const char *sign_with, const char *identity, const char *path);

#endif

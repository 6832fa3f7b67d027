/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_ARCHCHECK_H
#define RELKIT_ARCHCHECK_H

#include "dist.h"
#include "util.h"

/* PyPI's compression-ratio rule: past this many declared bytes in all... */
#define ARCH_RATIO_MIN_SIZE ((unsigned long long)64 << 20)
/* ...the declared bytes may be at most this many times the file's size. */
#define ARCH_RATIO 50

/*
 * What PyPI (warehouse's upload view) checks of an archive's bytes before
 * it takes an upload, each refusal in PyPI's words, one a line in msg
 * (appended): for wheels and .zip sdists, the compression ratio, the
 * compression methods, the WHEEL file or the top directory and PKG-INFO,
 * then validate_zipfile's walk of every record (stopping at the first
 * fault, as it does), a missing RECORD or METADATA and an entry_points.txt
 * that does not parse; for .tar.gz sdists, a zip polyglot, sparse members,
 * the top directory and PKG-INFO. Refusals that PyPI gives without words
 * are described in parentheses. Returns how many lines were added.
 * d must have been opened by name (not "-").
 */
int archcheck_pypi_check(struct dist *d, struct buf *msg);

/*
 * warehouse's validate_zipfile on the zip file d (a wheel, or opened with
 * dist_open_zip): NULL when it passes, else its message.
 */
const char *archcheck_validate_zip(struct dist *d);

/*
 * Does entry_points.txt (s, n bytes) parse as warehouse parses it
 * (UTF-8, configparser with '=' and strict duplicates, names in
 * console_scripts and gui_scripts matching [\w.-]+)? NULL, or why not.
 */
const char *archcheck_entry_points(const char *s, size_t n, struct buf *why);

#endif

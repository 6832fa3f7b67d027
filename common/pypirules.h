/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_PYPIRULES_H
#define RELKIT_PYPIRULES_H

#include <stddef.h>

#include "dist.h"
#include "meta.h"
#include "util.h"

/*
 * The checks PyPI makes on an upload that can be made offline, and which
 * metadata goes in the upload form (form.h). Each check appends one
 * line per problem to msg, in PyPI's words where it has them, and
 * returns the number of problems (0: fine).
 */

/* Metadata, as the form pypiup sends it and PyPI validates it:
 * Metadata-Version PyPI accepts, a valid Name, a valid PEP 440 Version
 * without a local label, a one-line Summary of at most 512 characters,
 * no field newer than the Metadata-Version (other than those the form
 * leaves out), http(s) URLs, Project-URL "Label, URL" with labels of at
 * most 32 characters and no label twice, valid e-mail addresses, PEP 508
 * Requires-Dist without direct references, Provides-Dist and
 * Obsoletes-Dist, a specifier set in Requires-Python, a known
 * Description-Content-Type, valid Dynamic and Provides-Extra, an SPDX
 * License-Expression and no License beside it, and classifiers against
 * the trove-classifiers list when the system has one. */
int pyrule_meta(const struct meta *m, struct buf *msg);

/* The file name (base name, no directory) against the metadata's name
 * and version: a sdist is exactly NAME-VERSION.tar.gz (PEP 625), a wheel
 * NAME-VERSION(-BUILD)?-PY-ABI-PLATFORM.whl with NAME naming the same
 * project and VERSION equal to the metadata's. On success the wheel's
 * python tag (or "source") goes into pyversion. */
int pyrule_filename(const char *base, enum dist_type type, const char *name,
                    const char *version, char *pyversion, size_t size,
                    struct buf *msg);

/* Under Metadata-Version 2.4 and later, each License-File is in the
 * wheel's .dist-info/licenses/ or the sdist's top directory. */
int pyrule_license_files(const struct dist *d, const struct meta *m,
                         struct buf *msg);

/* Is t (lower case) a wheel platform tag PyPI takes? */
int pyrule_platform_ok(const char *t);

/* The Metadata-Version a field came with if it is newer than mv (so PyPI
 * refuses it under mv), else NULL. */
const char *pyrule_field_newer(const char *header, const char *mv);

/* Is the header one that goes in the upload form? */
int pyrule_form_has(const char *header);

/* The upload form's field for a core-metadata header (twine 7's names),
 * or NULL; *multi (may be NULL) is set when each value is a part. */
const char *pyrule_form_field(const char *header, int *multi);

/* Is the header one older backends write under too old a
 * Metadata-Version, which pypiup (as twine) leaves out of the form
 * rather than have PyPI refuse the upload (setuptools < 77 writes
 * License-File under 2.1)? */
int pyrule_dropped(const char *header, const char *mv);

/*
 * Every rule above on the metadata m of the dist d, whose file is named
 * base: the file name's python tag into pyversion, and, for a
 * reStructuredText description, PyPI's renderer (rst.h) once per
 * distinct text. Lines starting "warning: " (a check that could not be
 * made, or a verdict that depends on data newer than the system's) and
 * "note: " (a field left out of the form) are not problems. Whether the
 * wheel has the METADATA PyPI reads is archcheck's.
 */
void pyrule_dist(const struct dist *d, const char *base, const struct meta *m,
                 char *pyversion, size_t size, struct buf *msg);

/* One release (name, version) may have one sdist. kinds[i] is the type of
 * file i, names[i] and versions[i] its metadata's. Problems name files
 * by bases[i]. */
int pyrule_one_sdist(size_t n, const char *const *bases,
                     const enum dist_type *kinds, const char *const *names,
                     const char *const *versions, struct buf *msg);

/* twine's spelling of a distribution name: runs of characters other than
 * letters, digits and '.' become '-'. malloc'd. */
char *pyrule_safe_name(const char *name);

#endif

/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_CHECK_H
#define RELKIT_CHECK_H

#include <stddef.h>

#include "digest.h"
#include "dist.h"
#include "meta.h"
#include "pathpat.h"
#include "util.h"

/*
 * The one check driver: whether PyPI would take a file, and what pkgls
 * polices beyond that, decided by one module per thing checked
 * (distcheck.c: member names and the wheel's or sdist's structure;
 * archcheck.c: the archive's bytes as PyPI reads them; pypirules.c: the
 * metadata and the file name), each finding handed to one sink and
 * printed by one printer. pkgls -c and pypiup (and its -n) both call it;
 * the archive is opened once.
 */

/* The findings about one archive. */
struct findings {
	const char *path;       /* the archive, as named */
	size_t problems;        /* findings other than warnings and notes */
};

/*
 * One finding, printed on stderr as "prog: PATH: MEMBER:LINE: text"
 * (PATH and MEMBER quoted as dist_quote quotes them; no MEMBER when
 * member is NULL, no ":LINE" when line is 0). Text that starts
 * "warning: " (a check that could not be made) or "note: " is no problem;
 * anything else is counted in f->problems.
 */
void finding(struct findings *f, const char *member, size_t line,
             const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Each line of msg (a rule module's list, one finding a line) a finding,
 * printed after prefix pre (may be ""), a problem unless the line starts
 * "warning: " or "note: ". msg is emptied. The problems added. */
size_t findings_lines(struct findings *f, const char *pre, struct buf *msg);

/*
 * What to check of one archive, in this order: names, globs, structure,
 * the archive's bytes, then the rules on an archive that passed all of
 * those (pkgls -c). With CHECK_RULES_FIRST, PyPI's order instead: the
 * rules first, as PyPI validates the form and the file name before it
 * reads the archive, then the names, then the archive's bytes only when
 * nothing before found a problem (pypiup).
 */
enum {
	CHECK_SAFETY = 1,       /* unsafe, link-escaping and duplicate names */
	CHECK_GLOBS = 2,        /* deny and allow globs */
	CHECK_STRUCT = 4,       /* the wheel's or sdist's structure (pkgls) */
	CHECK_ARCHIVE = 8,      /* the archive's bytes as PyPI reads them */
	CHECK_RULES = 16,       /* the metadata and the file name */
	CHECK_RULES_FIRST = 32, /* PyPI's order */
};

struct check {
	unsigned what;                          /* CHECK_* */
	const struct pathpat *deny, *allow;     /* for CHECK_GLOBS */
	/* filled by CHECK_RULES: */
	struct meta meta;                       /* the core metadata */
	char pyversion[64];                     /* "source" or the python tag */
	int have_meta;                          /* meta was read */
};

/* Check d as c->what asks, findings into f; the number of problems (a
 * wheel with no metadata to read counts one). c->meta is c's to free
 * (meta_free) when have_meta is set. */
size_t check_dist(struct dist *d, struct check *c, struct findings *f);

/* One file to upload, checked (pypiup). */
struct pyfile {
	const char *path;      /* as given */
	const char *base;      /* its last component */
	enum dist_type type;
	struct meta meta;
	const char *name, *version; /* the metadata's, pointing into meta */
	char pyversion[64];    /* "source" or the wheel's python tag */
	struct digests dg;
	int state;             /* the caller's */
};

/* Open and check every file (its names, its bytes as PyPI reads them,
 * then its metadata and name), then one sdist per release, and digest
 * those that pass. The number of files that failed. Each f[i] needs
 * path set and the rest zeroed; pyfile_free releases them. */
int pyrule_check_files(struct pyfile *f, size_t n);
void pyfile_free(struct pyfile *f, size_t n);

#endif

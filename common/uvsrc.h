/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_UVSRC_H
#define RELKIT_UVSRC_H

#include <stddef.h>

#include "req.h"

/*
 * The [tool.uv.sources] of a pyproject.toml, found with cfgscan:
 *   NAME = { git = "URL", tag = "T", subdirectory = "D" }
 *   NAME = { url = "https://host/repo/archive/T.zip", subdirectory = "D" }
 *   NAME = [ { git = ..., marker = ... }, { ... } ]
 *   [tool.uv.sources.NAME] with one key a line, or dotted keys
 *   NAME.git = "URL", NAME.tag = "T";
 * and Poetry's git and url dependencies, in [tool.poetry.dependencies],
 * [tool.poetry.dev-dependencies] and [tool.poetry.group.G.dependencies]:
 *   NAME = { git = "URL", tag = "T" }, and version constraints
 *   NAME = "C" or NAME = { version = "C", ... } (UV_VERSION; the caller
 *   tells an exact pin "0.8.2" or "==0.8.2" from a range "^0.8").
 * Each source is one record; its string fields are the spans between
 * the quotes, so a caller rewrites them and keeps the TOML around them.
 *
 * The PEP 508 strings of the same file are listed as well, as spans
 * between their quotes: [project] dependencies, every list of
 * [project.optional-dependencies] and [dependency-groups], and the
 * dev-, constraint- and override-dependencies of [tool.uv].
 */
#define UVDEP_BASIC 1 /* a "basic" string: escapes to decode */
#define UVDEP_MULTI 2 /* triple-quoted */

enum uvfield { UV_GIT, UV_URL, UV_TAG, UV_REV, UV_BRANCH, UV_SUBDIR, UV_VERSION,
               UV_NFIELD };

struct uvsrc {
	char *name;                  /* the package key, quotes removed */
	size_t off;                  /* where the source starts */
	int has[UV_NFIELD];
	struct reqspan f[UV_NFIELD]; /* string contents */
	int dotted;                  /* NAME.FIELD keys or a NAME table */
	int strict;                  /* in [tool.uv.sources], not Poetry's */
};

struct uvsrcs {
	struct uvsrc *s;
	size_t n, cap;
	struct reqspan *dep;         /* PEP 508 strings */
	unsigned char *depflags;     /* each: UVDEP_BASIC, UVDEP_MULTI */
	size_t ndep, depcap;
	size_t errline;
	const char *err;
};

/* 0, or -1 with errline/err set (the file does not scan as TOML, or a
 * source is not an inline table). */
int uvsrc_scan(const char *s, size_t len, struct uvsrcs *u);
void uvsrc_free(struct uvsrcs *u);

#endif

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
 *   [tool.uv.sources.NAME] with one key a line.
 * Each source is one record; its string fields are the spans between
 * the quotes, so a caller rewrites them and keeps the TOML around them.
 *
 * The PEP 508 strings of the same file are listed as well, as spans
 * between their quotes: [project] dependencies, every list of
 * [project.optional-dependencies] and [dependency-groups], and the
 * dev-, constraint- and override-dependencies of [tool.uv].
 */
enum uvfield { UV_GIT, UV_URL, UV_TAG, UV_REV, UV_BRANCH, UV_SUBDIR, UV_NFIELD };

struct uvsrc {
	char *name;                  /* the package key, quotes removed */
	size_t off;                  /* where the source starts */
	int has[UV_NFIELD];
	struct reqspan f[UV_NFIELD]; /* string contents */
};

struct uvsrcs {
	struct uvsrc *s;
	size_t n, cap;
	struct reqspan *dep;         /* PEP 508 strings */
	size_t ndep, depcap;
	size_t errline;
	const char *err;
};

/* 0, or -1 with errline/err set (the file does not scan as TOML, or a
 * source is not an inline table). */
int uvsrc_scan(const char *s, size_t len, struct uvsrcs *u);
void uvsrc_free(struct uvsrcs *u);

#endif

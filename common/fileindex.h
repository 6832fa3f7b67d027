/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_FILEINDEX_H
#define RELKIT_FILEINDEX_H

#include "simple.h"

/*
 * A static PEP 503 index in a directory, for file:// URLs:
 *   ROOT/simple/index.html             one link per project, sorted
 *   ROOT/simple/<normalized>/index.html  one link per file, sorted:
 *       <a href="FILE#sha256=HEX" data-requires-python="...">FILE</a>
 *   ROOT/simple/<normalized>/FILE      the files
 * so that pip install --index-url file://ROOT/simple/ NAME works. Every
 * file is written to a temporary in its own directory, fsync'd and renamed
 * into place; pages are regenerated from the directory's content (the
 * sha256 and requires-python of files already listed come from the old
 * page). Publishers of one ROOT are serialised by a lock file,
 * ROOT/simple/.lock. Failures print "prog: path: reason" and return -1.
 */

/* The project's current page (an empty page if the project is absent);
 * p need not be initialised. 0 or -1. */
int fileindex_read(const char *root, const char *project, struct simple_page *p);

/*
 * Add the file at path (streamed copy, constant memory) for project, under
 * its base name. sha256 is the file's (lowercase or uppercase hex; NULL:
 * computed during the copy); a copy whose content does not match it is
 * refused. requires_python may be NULL. Returns 0 added, 1 already there
 * with the same sha256 (nothing written), -1 on error, including a clash:
 * the same file name with another sha256.
 */
int fileindex_publish(const char *root, const char *project, const char *path,
                      const char *sha256, const char *requires_python);

#endif

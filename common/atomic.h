/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_ATOMIC_H
#define RELKIT_ATOMIC_H

#include <stddef.h>

/*
 * All-or-nothing replacement of one or more files. Each new content is
 * staged in a temporary file in the target's own directory (anonymous via
 * O_TMPFILE where the file system allows, so a killed process leaves no
 * name behind), written, given the original's mode and fsync'd. Nothing
 * is renamed until every file is staged; a failure anywhere before the
 * commit leaves every original untouched.
 */
struct atomic_file {
	char *path;    /* the file to replace (symlinks resolved) */
	char *tmpname; /* named temp, or NULL while anonymous */
	int fd;
	int unsynced;  /* atomic_create: the caller is still writing */
	char *bakname; /* atomic_commit: a link to the old file, for undo */
	int bakfd;
	int isnew;     /* atomic_commit: no file was there before */
};

struct atomic_set {
	struct atomic_file *f;
	size_t n, cap;
};

/* Stage data as the new content of path. 0, or -1 with a message printed. */
int atomic_stage(struct atomic_set *s, const char *path, const void *data,
                 size_t len);
/*
 * Move every staged file into place. 0, or -1 with a message printed.
 * Each file to replace is first checked to be replaceable (atomic_stage:
 * a regular file, not a mount point, in a writable directory that is
 * not append-only, itself not append-only or immutable) and linked to
 * a backup name; a rename that fails anyway puts the files already
 * renamed back.
 */
int atomic_commit(struct atomic_set *s);
/* Drop everything staged; the originals stay as they are. */
void atomic_abort(struct atomic_set *s);

/*
 * Stage a file to be created at path (or to replace the one there, whose
 * mode is not kept): the caller writes the content to the descriptor
 * returned, which the set owns, so a copy of any size streams through
 * constant memory. atomic_commit fsyncs and renames it with the others.
 * The descriptor, or -1 with a message printed.
 */
int atomic_create(struct atomic_set *s, const char *path, unsigned mode);

/* Remove the temps a killed process left beside path (a SIGKILL between
 * a temp's link and its rename); atomic_stage does it too. */
void atomic_sweep(const char *path);

/* Replace one file: stage and commit. 0 or -1. */
int atomic_write(const char *path, const void *data, size_t len);

#endif

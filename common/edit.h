/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_EDIT_H
#define RELKIT_EDIT_H

#include "pyscan.h"
#include "util.h"

/*
 * The shared driver of every editing program (design.md conventions):
 * no FILE: filter stdin to stdout; FILEs: each result to stdout; in place:
 * every file validated and staged before any is renamed, all or nothing.
 *
 * fn turns in into out for the file called name. It returns 0, or an exit
 * status (1 or 2) after printing its own message.
 */
typedef int (*edit_fn)(const char *name, const struct buf *in, struct buf *out,
                       void *arg);

int edit_files(int inplace, char **files, int nfiles, edit_fn fn, void *arg);

/*
 * Read a FILE of an editor whole (NULL or "-": standard input). A named
 * file that is not a regular one (a FIFO, a device, a directory) is
 * refused without blocking. 0, or -1 after a message.
 */
int edit_read(const char *path, struct buf *b);

/*
 * The shared driver of "-g": fn puts the value found in name into val
 * and returns 0, or an exit status after a message. One input prints the
 * bare value, several print FILE<TAB>VALUE, as grep does with names.
 */
typedef int (*get_fn)(const char *name, const struct buf *in, struct buf *val,
                      void *arg);

int get_files(char **files, int nfiles, get_fn fn, void *arg);

/* Worst of two exit statuses. */
int worst(int a, int b);

/*
 * The one module-level assignment of name in a Python source. 0 with *out
 * set; 1 when absent or assigned more than once (every line named); 2 when
 * the source does not scan. Messages name the file and line. A name bound
 * once to a literal and elsewhere to expressions is the literal's; with
 * verbose, a note on stderr says so.
 */
int py_find_one(const char *path, const struct buf *src, const char *name,
                struct pyassign *out);
int py_find_one_v(const char *path, const struct buf *src, const char *name,
                  struct pyassign *out, int verbose);

/* Copy in to out, replacing [a, b) with rep. */
void buf_splice(const struct buf *in, size_t a, size_t b, const char *rep,
            size_t replen, struct buf *out);

#endif

/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_UTIL_H
#define RELKIT_UTIL_H

#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define RELKIT_VERSION "0.1.0"

/* Exit statuses shared by every program (design.md). */
enum { EXIT_DONE = 0, EXIT_NOTHOLD = 1, EXIT_USAGE = 2 };

extern const char *argv0;

/* Remember the program name (basename of argv[0]) for messages. */
void setprogname(const char *arg0);

/* "prog: message" on stderr; a format ending in ':' appends strerror(errno). */
void weprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vweprintf(const char *fmt, va_list ap);
/* The same, then exit with status. */
void eprintf(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

void *emalloc(size_t n);
void *ecalloc(size_t n, size_t m);
void *erealloc(void *p, size_t n);
char *estrdup(const char *s);
char *estrndup(const char *s, size_t n);

/* Flush and close a stream; report a failed write. Returns 0 or -1. */
int fshut(FILE *fp, const char *name);

/* Print the toolkit version as "prog (relkit) VERSION" and exit 0. */
void printversion(void) __attribute__((noreturn));

/*
 * Print a synopsis, each "%s" in it standing for the program name: with
 * help set, on stdout and exit 0 (-h); else on stderr and exit 2 (a usage
 * error).
 */
void synopsis_exit(const char *synopsis, int help) __attribute__((noreturn));

/* What getopt_std gave that no program takes otherwise: -V the version,
 * -h the synopsis on stdout (exit 0), anything else (an unknown option or
 * a missing argument) the synopsis on stderr (exit 2). */
void stdopt_exit(int c, const char *synopsis) __attribute__((noreturn));

/*
 * getopt_long(3) over optstring and the long options more (NULL or ending
 * in a zero entry, at most 13), plus --help as -h and --version as -V;
 * getopt's own messages name the program as weprintf does.
 */
int getopt_std(int argc, char *argv[], const char *optstring,
               const struct option *more);

/* The value of the hexadecimal digit c, or -1. */
int hexval(int c);

/* Little-endian integers, as zip records store them. */
static inline unsigned
le16(const unsigned char *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

static inline unsigned long
le32(const unsigned char *p)
{
	return p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
	       (unsigned long)p[3] << 24;
}

static inline unsigned long long
le64(const unsigned char *p)
{
	return le32(p) | (unsigned long long)le32(p + 4) << 32;
}

/* A growable byte buffer. */
struct buf {
	char *p;
	size_t len, cap;
};
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);

/*
 * Read a whole file (or stdin when path is NULL or "-") into b, at most
 * limit bytes. Returns 0, or -1 with a message already printed
 * ("prog: path: reason").
 */
int readfile(const char *path, struct buf *b, size_t limit);
/* The same from an open descriptor, name for messages. */
int readfd(int fd, const char *name, struct buf *b, size_t limit);

/* Default cap on a source file read whole: 64 MiB. */
#define RELKIT_TEXT_LIMIT ((size_t)64 << 20)

/* Line number (1-based) of byte offset off in s. */
size_t lineno_at(const char *s, size_t off);

/* Write n bytes to fd, retrying on EINTR and short writes. 0 or -1. */
int writeall(int fd, const void *p, size_t n);

/* prog's path in a directory of PATH (malloc'd), or NULL. */
char *onpath(const char *prog);

/* s[0..n) with white space trimmed at both ends into out (size bytes,
 * cut to fit, NUL-terminated). */
void copytrim(char *out, size_t size, const char *s, size_t n);

/*
 * The array p of *n elements of size bytes each (room for *cap) with one
 * more at its end, zeroed: the array, moved when it had to grow (its room
 * doubled, or 16 to start with); *n and *cap updated. Usage:
 * a->e = eappend(a->e, &a->n, &a->cap, sizeof *a->e); e = &a->e[a->n - 1];
 */
void *eappend(void *p, size_t *n, size_t *cap, size_t size);

/* Does s end with suf? */
int endswith(const char *s, const char *suf);

#endif

/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_DIST_H
#define RELKIT_DIST_H

#include <stddef.h>

#include "util.h"

/*
 * Distributions: sdists (libarchive: .tar.gz .tgz .tar.bz2 .tar.xz .zip)
 * and wheels (read here: the end record, zip64 end record and central
 * directory as Python's zipfile finds them; listing never inflates; a
 * member is read through its local header: stored, deflate (zlib),
 * bzip2 (libbz2) and LZMA (liblzma), the methods zipfile reads).
 */
enum dist_type { DIST_SDIST = 1, DIST_WHEEL = 2 };

struct dist_entry {
	char *path;           /* member name as stored (may be non-UTF-8) */
	char type;            /* 'f' file, 'd' directory, 'l' symlink or hard
	                         link, 'o' other */
	unsigned long long size;   /* uncompressed size as declared */
	unsigned long long csize;  /* compressed size (wheels; 0 if unknown) */
	unsigned mode;        /* permission bits */
	long long mtime;      /* seconds since the epoch (wheels: the DOS
	                         time read as UTC) */
	char *link;           /* tar: the target of a symlink or hard link
	                         (NULL otherwise); 'l' wheel members: see
	                         dist_link */
	char ltype;           /* tar links: 's' symlink, 'h' hard link */
	char sparse;          /* tar: a sparse member (GNU or PAX) */
	char lesc;            /* tar, once extracted: 'l' a link leaving the
	                         archive, 'b' beneath a symlink leaving it,
	                         'x' past the symlinks followed (see
	                         dist_unsafe_link); else 0 */
	char dev;             /* tar 'o' members: 'c' character device, 'b'
	                         block device, 'p' FIFO, 's' socket */
	/* wheels: the central directory record */
	unsigned method;      /* compression method */
	unsigned flags;       /* general purpose bits */
	unsigned sys;         /* made by: 0 FAT, 3 Unix, ... */
	unsigned long crc;
	unsigned long long offset; /* of the local header in the file */
};

struct dist {
	enum dist_type type;
	char *path;           /* as given */
	struct dist_entry *e; /* every member, in archive order */
	size_t n;
	/* private */
	size_t cap;
	int tar;              /* sdists: a tar (not a zip) */
	/* wheels: the end record as zipfile reads it */
	int zfd;              /* the open file, or -1 */
	unsigned long long zsize;      /* file size */
	unsigned long long cd_off;     /* central directory start in the file */
	unsigned long long cd_size;    /* its declared size */
	int zip64;            /* a zip64 end record was used */
	int fd;               /* "-": stdin spooled to an unlinked file; or -1 */
};

/* Caps on hostile archives. */
#define DIST_META_LIMIT ((size_t)16 << 20)      /* a metadata file */
#define DIST_MAX_MEMBERS ((size_t)1 << 20)      /* members listed */
#define DIST_PATH_MAX 4096                      /* bytes in a member name */
#define DIST_STDIN_LIMIT ((unsigned long long)4 << 30) /* "-" spooled */
/* sdists: declared member sizes in all (a compressed tar is inflated whole
   to list it, so this bounds the time a listing takes) */
#define DIST_SDIST_LIMIT ((unsigned long long)4 << 30)

/*
 * Open and list. Type from the file name (.whl = wheel; .tar.gz/.tgz,
 * .tar.bz2, .tar.xz, .zip = sdist); "-" = an sdist on stdin.
 * 0, or -1 with a message printed (and d left closed).
 */
int dist_open(const char *path, struct dist *d);

/* Open path as a zip archive whatever its name (a .zip sdist, read as a
   wheel is: d->type is DIST_WHEEL). 0 or -1 with a message. */
int dist_open_zip(const char *path, struct dist *d);

/*
 * The target of member i when it is a link: a tar link's name, or a wheel
 * symlink's content (read on the first call, at most DIST_PATH_MAX bytes).
 * NULL when it is not a link or cannot be read (message printed).
 */
const char *dist_link(struct dist *d, size_t i);

/*
 * Why a tar member is unsafe to extract as Python's tarfile 'data' filter
 * (PEP 706) sees it -- a link with an absolute target or one leaving the
 * archive, a device or FIFO, a name beneath a symlink that leaves the
 * archive -- in out (cleared first); 0 if it is safe.
 */
int dist_unsafe_link(const struct dist *d, size_t i, struct buf *out);

/*
 * Would zipfile.is_zipfile call path a zip: an end record, and a central
 * directory record where it points (or an empty archive)? Quiet.
 */
int dist_is_zip(const char *path);

/* Index of the first member named exactly member, or -1. */
long dist_find(const struct dist *d, const char *member);

/*
 * Stream member i's data to fn in chunks. Stops at limit bytes: returns
 * 1 (no message) if the member holds more. 0 when done; -1 with a message
 * for a corrupt or unreadable member, or when fn returns nonzero.
 */
int dist_stream(struct dist *d, size_t i, unsigned long long limit,
                int (*fn)(void *arg, const void *p, size_t n), void *arg);

/* Read one member whole into out, refusing (-1, message) past limit bytes. */
int dist_read(struct dist *d, const char *member, size_t limit, struct buf *out);

/*
 * The core metadata file: PKG-INFO in the sdist's single top directory,
 * or METADATA in the wheel's {name}-{version}.dist-info/ of its file name
 * (else its one *.dist-info/ directory); its member name
 * in *member (malloc'd). A file declared larger than DIST_META_LIMIT is
 * refused before reading. 0 or -1 with a message.
 */
int dist_metadata(struct dist *d, struct buf *out, char **member);

/*
 * "NAME-VERSION.dist-info/" appended to out, NAME-VERSION being the file
 * name of the wheel at path up to its second '-' (as PyPI reads it).
 * 0, or -1 (out unchanged) when the name has no second '-'.
 */
int dist_info_dir(const char *path, struct buf *out);

void dist_close(struct dist *d);

/*
 * Why a member name is unsafe to extract ("absolute path", "'..'
 * component", "backslash", "empty name"), or NULL if it is not.
 */
const char *dist_unsafe(const char *path);

/*
 * Append s to b printable on one line: valid UTF-8 stays as is; a
 * backslash becomes "\\", tab "\t", newline "\n", carriage return "\r",
 * and any other control character or byte that is not UTF-8 "\xHH".
 */
void dist_quote(struct buf *b, const char *s);

/* dist_quote for a message's text, in which a backslash stays as is. */
void dist_quote_text(struct buf *b, const char *s);

/* Is s valid UTF-8 (C0 and C1 control characters allowed)? */
int dist_utf8(const char *s);

/* Is s plain ASCII (no byte of 0x80 or more)? */
int dist_ascii(const char *s);

#endif

/* relkit — MIT licence, see LICENSE. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <unzip.h>

#include "dist.h"

enum { CHUNK = 64 << 10 };

static int
endswith(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !strcmp(s + n - m, suf);
}

static struct dist_entry *
add_entry(struct dist *d, const char *name)
{
	struct dist_entry *e;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->e = erealloc(d->e, d->cap * sizeof *d->e);
		if (d->type == DIST_WHEEL)
			d->zpos = erealloc(d->zpos, d->cap * sizeof(unz64_file_pos));
	}
	e = &d->e[d->n++];
	memset(e, 0, sizeof *e);
	e->path = estrdup(name);
	return e;
}

static long long
dostime(const tm_unz *t)
{
	struct tm tm = { 0 };

	tm.tm_sec = t->tm_sec;
	tm.tm_min = t->tm_min;
	tm.tm_hour = t->tm_hour;
	tm.tm_mday = t->tm_mday;
	tm.tm_mon = t->tm_mon;
	tm.tm_year = t->tm_year - 1900;
	return (long long)timegm(&tm);
}

/*
 * minizip's stdio callbacks cost an lseek(2) per fseek, two per member
 * while walking the central directory. These read through one buffer
 * with pread(2), so a seek is only arithmetic.
 */
struct zfd {
	int fd;
	unsigned long long pos, size, boff;
	size_t blen;
	int err;
	unsigned char buf[CHUNK];
};

static voidpf ZCALLBACK
z_open(voidpf opaque, const void *name, int mode)
{
	struct zfd *z;
	struct stat st;
	int fd;

	(void)opaque;
	if ((mode & ZLIB_FILEFUNC_MODE_READWRITEFILTER) != ZLIB_FILEFUNC_MODE_READ)
		return NULL;
	if ((fd = open(name, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (!S_ISREG(st.st_mode))
			errno = EINVAL;
		close(fd);
		return NULL;
	}
	z = emalloc(sizeof *z);
	z->fd = fd;
	z->pos = z->boff = 0;
	z->blen = 0;
	z->size = st.st_size;
	z->err = 0;
	return z;
}

static uLong ZCALLBACK
z_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
	struct zfd *z = stream;
	unsigned char *out = buf;
	uLong got = 0;
	ssize_t n;

	(void)opaque;
	while (got < size) {
		if (z->pos >= z->boff && z->pos < z->boff + z->blen) {
			size_t k = z->boff + z->blen - z->pos;

			if (k > size - got)
				k = size - got;
			memcpy(out + got, z->buf + (z->pos - z->boff), k);
			got += k;
			z->pos += k;
			continue;
		}
		if (size - got >= CHUNK) {      /* large reads bypass the buffer */
			n = pread(z->fd, out + got, size - got, z->pos);
			if (n <= 0)
				break;
			got += n;
			z->pos += n;
			continue;
		}
		n = pread(z->fd, z->buf, CHUNK, z->pos);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			z->err |= n < 0;
			break;
		}
		z->boff = z->pos;
		z->blen = n;
	}
	return got;
}

static uLong ZCALLBACK
z_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
	(void)opaque, (void)stream, (void)buf, (void)size;
	return 0;
}

static ZPOS64_T ZCALLBACK
z_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((struct zfd *)stream)->pos;
}

static long ZCALLBACK
z_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
	struct zfd *z = stream;

	(void)opaque;
	switch (origin) {
	case ZLIB_FILEFUNC_SEEK_SET: z->pos = off; break;
	case ZLIB_FILEFUNC_SEEK_CUR: z->pos += off; break;
	case ZLIB_FILEFUNC_SEEK_END: z->pos = z->size + off; break;
	default: return -1;
	}
	return 0;
}

static int ZCALLBACK
z_close(voidpf opaque, voidpf stream)
{
	struct zfd *z = stream;

	(void)opaque;
	close(z->fd);
	free(z);
	return 0;
}

static int ZCALLBACK
z_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((struct zfd *)stream)->err;
}

static int
open_wheel(struct dist *d)
{
	zlib_filefunc64_def ff = { z_open, z_read, z_write, z_tell, z_seek,
	                           z_close, z_error, NULL };
	unz_global_info64 gi;
	unz_file_info64 fi;
	char name[DIST_PATH_MAX + 1];
	struct dist_entry *e;
	unsigned long ext;
	int r;

	d->zip = unzOpen2_64(d->path, &ff);
	if (!d->zip) {
		if (access(d->path, R_OK) != 0)
			weprintf("%s:", d->path);
		else
			weprintf("%s: not a zip archive, or truncated (no central "
			         "directory)", d->path);
		return -1;
	}
	if (unzGetGlobalInfo64(d->zip, &gi) != UNZ_OK) {
		weprintf("%s: corrupt zip central directory", d->path);
		return -1;
	}
	for (r = unzGoToFirstFile(d->zip); r == UNZ_OK; r = unzGoToNextFile(d->zip)) {
		if (d->n >= DIST_MAX_MEMBERS) {
			weprintf("%s: more than %zu members", d->path,
			         (size_t)DIST_MAX_MEMBERS);
			return -1;
		}
		if (unzGetCurrentFileInfo64(d->zip, &fi, name, sizeof name, NULL, 0,
		                            NULL, 0) != UNZ_OK)
			break;
		if (fi.size_filename > DIST_PATH_MAX) {
			weprintf("%s: member %zu: name longer than %d bytes", d->path,
			         d->n + 1, DIST_PATH_MAX);
			return -1;
		}
		name[fi.size_filename] = '\0';
		if (strlen(name) != fi.size_filename) {
			weprintf("%s: member %zu: NUL byte in its name", d->path, d->n + 1);
			return -1;
		}
		e = add_entry(d, name);
		unzGetFilePos64(d->zip, (unz64_file_pos *)d->zpos + d->n - 1);
		e->size = fi.uncompressed_size;
		e->csize = fi.compressed_size;
		e->mtime = dostime(&fi.tmu_date);
		e->type = endswith(name, "/") ? 'd' : 'f';
		e->mode = e->type == 'd' ? 0755 : 0644;
		ext = fi.external_fa >> 16;
		if ((fi.version >> 8) == 3 && ext) {     /* made on Unix */
			e->mode = ext & 07777;
			/* Writers such as bdist_wheel store permission bits
			 * without a file type: the name decides then. */
			if ((ext & S_IFMT) == 0)
				;
			else if (S_ISDIR(ext))
				e->type = 'd';
			else if (S_ISLNK(ext))
				e->type = 'l';
			else if (!S_ISREG(ext))
				e->type = 'o';
		}
	}
	if (r != UNZ_END_OF_LIST_OF_FILE) {
		weprintf("%s: corrupt zip central directory (member %zu)", d->path,
		         d->n + 1);
		return -1;
	}
	return 0;
}

/* Spool stdin into an unlinked temporary file, so it can be reread. */
static int
spool_stdin(struct dist *d)
{
	FILE *fp;
	char *p;
	unsigned long long total = 0;
	struct stat st;
	ssize_t n;

	/* a regular file at its start needs no copy */
	if (fstat(0, &st) == 0 && S_ISREG(st.st_mode) &&
	    lseek(0, 0, SEEK_CUR) == 0) {
		if ((d->fd = dup(0)) < 0)
			weprintf("<stdin>: dup:");
		return d->fd < 0 ? -1 : 0;
	}
	if (!(fp = tmpfile())) {
		weprintf("<stdin>: temporary file:");
		return -1;
	}
	d->fd = dup(fileno(fp));
	fclose(fp);
	if (d->fd < 0) {
		weprintf("<stdin>: temporary file:");
		return -1;
	}
	p = emalloc(CHUNK);
	for (;;) {
		n = read(0, p, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			weprintf("<stdin>:");
			break;
		}
		if (n == 0) {
			free(p);
			return 0;
		}
		total += n;
		if (total > DIST_STDIN_LIMIT) {
			weprintf("<stdin>: larger than %llu bytes", DIST_STDIN_LIMIT);
			break;
		}
		if (writeall(d->fd, p, n) < 0) {
			weprintf("<stdin>: temporary file:");
			break;
		}
	}
	free(p);
	return -1;
}

static struct archive *
ar_open(struct dist *d)
{
	struct archive *a = archive_read_new();
	int r;

	if (!a)
		eprintf(EXIT_USAGE, "out of memory");
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	if (d->fd >= 0) {
		if (lseek(d->fd, 0, SEEK_SET) < 0) {
			weprintf("<stdin>: seek:");
			archive_read_free(a);
			return NULL;
		}
		r = archive_read_open_fd(a, d->fd, CHUNK);
	} else {
		r = archive_read_open_filename(a, d->path, CHUNK);
	}
	if (r != ARCHIVE_OK) {
		if (d->fd < 0 && access(d->path, R_OK) != 0)
			weprintf("%s:", d->path);
		else
			weprintf("%s: %s", d->path, archive_error_string(a));
		archive_read_free(a);
		return NULL;
	}
	return a;
}

static int
open_sdist(struct dist *d)
{
	struct archive *a;
	struct archive_entry *ae;
	struct dist_entry *e;
	const char *name;
	unsigned long long total = 0;
	int r, ret = -1;

	if (!strcmp(d->path, "-") && spool_stdin(d) < 0)
		return -1;
	if (!(a = ar_open(d)))
		return -1;
	while ((r = archive_read_next_header(a, &ae)) != ARCHIVE_EOF) {
		if (r < ARCHIVE_WARN) {
			weprintf("%s: %s", d->path, archive_error_string(a));
			goto out;
		}
		if (d->n >= DIST_MAX_MEMBERS) {
			weprintf("%s: more than %zu members", d->path,
			         (size_t)DIST_MAX_MEMBERS);
			goto out;
		}
		name = archive_entry_pathname(ae);
		if (!name)
			name = archive_entry_pathname_utf8(ae);
		if (!name) {
			weprintf("%s: member %zu: no usable name", d->path, d->n + 1);
			goto out;
		}
		if (strlen(name) > DIST_PATH_MAX) {
			weprintf("%s: member %zu: name longer than %d bytes", d->path,
			         d->n + 1, DIST_PATH_MAX);
			goto out;
		}
		e = add_entry(d, name);
		e->size = archive_entry_size_is_set(ae) ? archive_entry_size(ae) : 0;
		if ((total += e->size) > DIST_SDIST_LIMIT || e->size > DIST_SDIST_LIMIT) {
			weprintf("%s: members declare more than %llu bytes in all",
			         d->path, DIST_SDIST_LIMIT);
			goto out;
		}
		e->mode = archive_entry_perm(ae);
		e->mtime = archive_entry_mtime(ae);
		switch (archive_entry_filetype(ae)) {
		case AE_IFREG: e->type = archive_entry_hardlink(ae) ? 'l' : 'f'; break;
		case AE_IFDIR: e->type = 'd'; break;
		case AE_IFLNK: e->type = 'l'; break;
		default: e->type = archive_entry_hardlink(ae) ? 'l' : 'o'; break;
		}
	}
	if (d->n == 0) {
		weprintf("%s: empty archive", d->path);
		goto out;
	}
	ret = 0;
out:
	archive_read_free(a);
	return ret;
}

int
dist_open(const char *path, struct dist *d)
{
	int r;

	memset(d, 0, sizeof *d);
	d->fd = -1;
	d->path = estrdup(path);
	if (endswith(path, ".whl"))
		d->type = DIST_WHEEL;
	else if (!strcmp(path, "-") || endswith(path, ".tar.gz") ||
	         endswith(path, ".tgz") || endswith(path, ".tar.bz2") ||
	         endswith(path, ".tar.xz") || endswith(path, ".zip"))
		d->type = DIST_SDIST;
	else {
		weprintf("%s: not a distribution name (.whl, .tar.gz, .tgz, "
		         ".tar.bz2, .tar.xz or .zip)", path);
		dist_close(d);
		return -1;
	}
	r = d->type == DIST_WHEEL ? open_wheel(d) : open_sdist(d);
	if (r < 0)
		dist_close(d);
	return r;
}

long
dist_find(const struct dist *d, const char *member)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(d->e[i].path, member))
			return (long)i;
	return -1;
}

static int
feed(const char *data, size_t n, unsigned long long *total,
     unsigned long long limit, int (*fn)(void *, const void *, size_t),
     void *arg)
{
	if (n > limit - *total) {
		if (limit > *total)
			fn(arg, data, limit - *total);
		return 1;
	}
	*total += n;
	return fn(arg, data, n) ? -1 : 0;
}

static int
stream_wheel(struct dist *d, size_t i, unsigned long long limit,
             int (*fn)(void *, const void *, size_t), void *arg)
{
	const char *name = d->e[i].path;
	unsigned long long total = 0;
	char *p;
	int n, r = 0, c;

	if (unzGoToFilePos64(d->zip, (unz64_file_pos *)d->zpos + i) != UNZ_OK ||
	    unzOpenCurrentFile(d->zip) != UNZ_OK) {
		weprintf("%s: %s: cannot open member (corrupt or unsupported "
		         "compression)", d->path, name);
		return -1;
	}
	p = emalloc(CHUNK);
	while ((n = unzReadCurrentFile(d->zip, p, CHUNK)) > 0)
		if ((r = feed(p, n, &total, limit, fn, arg)) != 0)
			break;
	free(p);
	c = unzCloseCurrentFile(d->zip);
	if (r == -1)
		return -1;
	if (r == 1)
		return 1;
	if (n < 0 || c == UNZ_CRCERROR) {
		weprintf("%s: %s: corrupt member data%s", d->path, name,
		         c == UNZ_CRCERROR ? " (CRC mismatch)" : "");
		return -1;
	}
	if (total != d->e[i].size) {
		weprintf("%s: %s: %llu bytes, not the %llu declared", d->path, name,
		         total, d->e[i].size);
		return -1;
	}
	return 0;
}

static int
stream_sdist(struct dist *d, size_t i, unsigned long long limit,
             int (*fn)(void *, const void *, size_t), void *arg)
{
	struct archive *a;
	struct archive_entry *ae;
	unsigned long long total = 0;
	size_t k;
	char *p;
	la_ssize_t n;
	int r = -1;

	if (!(a = ar_open(d)))
		return -1;
	for (k = 0; k <= i; k++)
		if (archive_read_next_header(a, &ae) < ARCHIVE_WARN) {
			weprintf("%s: %s", d->path, archive_error_string(a));
			archive_read_free(a);
			return -1;
		}
	p = emalloc(CHUNK);
	while ((n = archive_read_data(a, p, CHUNK)) > 0)
		if ((r = feed(p, n, &total, limit, fn, arg)) != 0)
			break;
	if (n == 0)
		r = 0;
	else if (n < 0)
		weprintf("%s: %s: %s", d->path, d->e[i].path, archive_error_string(a));
	free(p);
	archive_read_free(a);
	return r;
}

int
dist_stream(struct dist *d, size_t i, unsigned long long limit,
            int (*fn)(void *arg, const void *p, size_t n), void *arg)
{
	if (i >= d->n)
		return -1;
	if (d->type == DIST_WHEEL)
		return stream_wheel(d, i, limit, fn, arg);
	return stream_sdist(d, i, limit, fn, arg);
}

static int
to_buf(void *arg, const void *p, size_t n)
{
	buf_add(arg, p, n);
	return 0;
}

int
dist_read(struct dist *d, const char *member, size_t limit, struct buf *out)
{
	long i = dist_find(d, member);
	int r;

	if (i < 0) {
		weprintf("%s: %s: no such member", d->path, member);
		return -1;
	}
	if (d->e[i].size > limit) {
		weprintf("%s: %s: %llu bytes, more than the %zu allowed", d->path,
		         member, d->e[i].size, limit);
		return -1;
	}
	out->len = 0;
	buf_grow(out, 0);
	out->p[0] = '\0';
	r = dist_stream(d, i, limit, to_buf, out);
	if (r == 1)
		weprintf("%s: %s: more than %zu bytes", d->path, member, limit);
	return r ? -1 : 0;
}

/* Length of the first component of a member name. */
static size_t
toplen(const char *p)
{
	const char *s = strchr(p, '/');

	return s ? (size_t)(s - p) : strlen(p);
}

/* "NAME-VERSION.dist-info/METADATA" from a wheel's path, or NULL. */
static char *
wheel_metadata_member(const char *path)
{
	const char *b = strrchr(path, '/'), *d1, *d2;
	char *m;

	b = b ? b + 1 : path;
	if (!(d1 = strchr(b, '-')) || !(d2 = strchr(d1 + 1, '-')))
		return NULL;
	m = emalloc((size_t)(d2 - b) + sizeof ".dist-info/METADATA");
	sprintf(m, "%.*s.dist-info/METADATA", (int)(d2 - b), b);
	return m;
}

int
dist_metadata(struct dist *d, struct buf *out, char **member)
{
	const char *want = d->type == DIST_WHEEL ? "METADATA" : "PKG-INFO";
	const char *top = NULL;
	size_t i, n, tn = 0;
	char *name = NULL;
	int r;

	*member = NULL;
	/* A wheel's is {name}-{version}.dist-info/METADATA of its file name,
	 * as PyPI reads it; other *.dist-info directories do not count. */
	if (d->type == DIST_WHEEL && (name = wheel_metadata_member(d->path)) &&
	    dist_find(d, name) >= 0) {
		r = dist_read(d, name, DIST_META_LIMIT, out);
		if (r < 0) {
			free(name);
			return -1;
		}
		*member = name;
		return 0;
	}
	free(name);
	for (i = 0; i < d->n; i++) {
		const char *p = d->e[i].path;

		n = toplen(p);
		if (d->type == DIST_WHEEL &&
		    !(n > 10 && !strncmp(p + n - 10, ".dist-info", 10)))
			continue;
		if (!top) {
			top = p;
			tn = n;
		} else if (n != tn || strncmp(p, top, n)) {
			weprintf(d->type == DIST_WHEEL ?
			         "%s: more than one *.dist-info directory" :
			         "%s: more than one top directory", d->path);
			return -1;
		}
	}
	if (!top) {
		weprintf("%s: no %s", d->path, d->type == DIST_WHEEL ?
		         "*.dist-info directory" : "top directory");
		return -1;
	}
	name = emalloc(tn + strlen(want) + 2);
	sprintf(name, "%.*s/%s", (int)tn, top, want);
	r = dist_read(d, name, DIST_META_LIMIT, out);
	if (r < 0) {
		free(name);
		return -1;
	}
	*member = name;
	return 0;
}

void
dist_close(struct dist *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->e[i].path);
	free(d->e);
	if (d->zip)
		unzClose(d->zip);
	free(d->zpos);
	if (d->fd >= 0)
		close(d->fd);
	free(d->path);
	memset(d, 0, sizeof *d);
	d->fd = -1;
}

const char *
dist_unsafe(const char *path)
{
	const char *p = path, *s;
	size_t n;

	if (!*path)
		return "empty name";
	if (*path == '/')
		return "absolute path";
	if (strchr(path, '\\'))
		return "backslash in name";
	if (((*path >= 'A' && *path <= 'Z') || (*path >= 'a' && *path <= 'z')) &&
	    path[1] == ':')
		return "drive letter";
	for (;;) {
		s = strchr(p, '/');
		n = s ? (size_t)(s - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return "'..' component";
		if (!s)
			return NULL;
		p = s + 1;
	}
}

/* Length of the valid UTF-8 sequence at p (non-ASCII), or 0. */
static size_t
utf8len(const unsigned char *p)
{
	unsigned c = p[0];

	if (c >= 0xc2 && c <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f))
			return 0;        /* overlong, surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

void
dist_quote(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p) {
		if (*p == '\\')
			buf_add(b, "\\\\", 2);
		else if (*p == '\t')
			buf_add(b, "\\t", 2);
		else if (*p == '\n')
			buf_add(b, "\\n", 2);
		else if (*p == '\r')
			buf_add(b, "\\r", 2);
		else if (*p >= ' ' && *p < 0x7f)
			buf_add(b, p, 1);
		else if (*p >= 0x80 && (n = utf8len(p)) > 0 &&
		         !(p[0] == 0xc2 && p[1] < 0xa0)) {   /* C1 controls */
			buf_add(b, p, n);
			p += n;
			continue;
		} else
			buf_addf(b, "\\x%02x", *p);
		p++;
	}
}

int
dist_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p) {
		if (*p < 0x80)
			p++;
		else if ((n = utf8len(p)) > 0)
			p += n;
		else
			return 0;
	}
	return 1;
}

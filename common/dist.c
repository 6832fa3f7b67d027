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
#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include "dist.h"
#include "utf8.h"

enum { CHUNK = 64 << 10 };

static struct dist_entry *
add_entry(struct dist *d, const char *name)
{
	struct dist_entry *e;

	d->e = eappend(d->e, &d->n, &d->cap, sizeof *d->e);
	e = &d->e[d->n - 1];
	e->path = estrdup(name);
	return e;
}

int
dist_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static long long
dostime(unsigned date, unsigned tim)
{
	struct tm tm = { 0 };

	tm.tm_sec = (tim & 0x1f) * 2;
	tm.tm_min = (tim >> 5) & 0x3f;
	tm.tm_hour = tim >> 11;
	tm.tm_mday = date & 0x1f;
	tm.tm_mon = ((date >> 5) & 0xf) - 1;
	tm.tm_year = (date >> 9) + 80;
	return (long long)timegm(&tm);
}

/* Read n bytes at off; 0, or -1 when the file ends first. */
static int
zread(const struct dist *d, void *p, size_t n, unsigned long long off)
{
	size_t got = 0;
	ssize_t r;

	if (off > d->zsize || n > d->zsize - off)
		return -1;
	while (got < n) {
		r = pread(d->zfd, (char *)p + got, n - got, off + got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += r;
	}
	return 0;
}

enum { EOCD = 22, LOC64 = 20, EOCD64 = 56, CDREC = 46, LOCHDR = 30 };

/*
 * The end record: in the last 22 bytes with no comment, else the last
 * signature in the final 64 KiB; then a zip64 locator right before it and
 * a zip64 end record right before that, whose values replace the end
 * record's -- as Python's zipfile (_EndRecData) looks for them.
 */
static int
find_end(struct dist *d, unsigned long long *loc, unsigned long long *cdoff,
         unsigned long long *cdsize)
{
	unsigned char *buf, *p = NULL;
	unsigned char l64[LOC64], e64[EOCD64];
	unsigned long long start;
	size_t n, k;

	if (d->zsize < EOCD)
		return -1;
	start = d->zsize > (1u << 16) + EOCD ? d->zsize - (1u << 16) - EOCD : 0;
	n = d->zsize - start;
	buf = emalloc(n);
	if (zread(d, buf, n, start) < 0) {
		free(buf);
		return -1;
	}
	if (!memcmp(buf + n - EOCD, "PK\5\6", 4) && !buf[n - 2] && !buf[n - 1])
		p = buf + n - EOCD;
	else
		for (k = n - 4 + 1; k-- > 0;)
			if (!memcmp(buf + k, "PK\5\6", 4)) {
				if (n - k >= EOCD)
					p = buf + k;
				break;
			}
	if (!p) {
		free(buf);
		return -1;
	}
	*loc = start + (p - buf);
	*cdsize = le32(p + 12);
	*cdoff = le32(p + 16);
	free(buf);
	d->zip64 = 0;
	if (*loc < LOC64 || zread(d, l64, LOC64, *loc - LOC64) < 0 ||
	    memcmp(l64, "PK\6\7", 4))
		return 0;
	if (le32(l64 + 4) != 0 || le32(l64 + 16) > 1)
		return -2;
	if (*loc < LOC64 + EOCD64 ||
	    zread(d, e64, EOCD64, *loc - LOC64 - EOCD64) < 0 ||
	    memcmp(e64, "PK\6\6", 4))
		/* a zip64 end record longer than 56 bytes (extensible data)
		 * is not where the locator ends: say that, not a bad offset */
		return zread(d, e64, EOCD64, le64(l64 + 8)) == 0 &&
		       memcmp(e64, "PK\6\6", 4) == 0 && le64(e64 + 4) > 44 ? -3 : 0;
	*cdsize = le64(e64 + 40);
	*cdoff = le64(e64 + 48);
	d->zip64 = 1;
	return 0;
}

/*
 * The zip64 extra field's sizes and offset for the fields set to ~0.
 * 0, or -1 with the faulty extra field's id in *bad.
 */
static int
zip64_extra(const unsigned char *x, size_t n, struct dist_entry *e,
            unsigned *bad)
{
	unsigned tp, ln;
	const unsigned char *q;
	size_t left;

	while (n >= 4) {
		tp = le16(x);
		ln = le16(x + 2);
		*bad = tp;
		if (ln + 4 > n)
			return -1;
		if (tp == 1) {
			q = x + 4;
			left = ln;
			if (e->size == 0xffffffffu) {
				if (left < 8)
					return -1;
				e->size = le64(q), q += 8, left -= 8;
			}
			if (e->csize == 0xffffffffu) {
				if (left < 8)
					return -1;
				e->csize = le64(q), q += 8, left -= 8;
			}
			if (e->offset == 0xffffffffu) {
				if (left < 8)
					return -1;
				e->offset = le64(q);
			}
		}
		x += ln + 4;
		n -= ln + 4;
	}
	return 0;
}

static int
open_wheel(struct dist *d)
{
	unsigned long long loc, cdoff, cdsize, concat, pos;
	unsigned char *cd, *r;
	struct dist_entry *e;
	struct stat st;
	unsigned fn, xn, cn, ver, xid = 0;
	unsigned long ext;
	char *name;
	int f;

	if ((d->zfd = open(d->path, O_RDONLY | O_CLOEXEC)) < 0) {
		weprintf("%s:", d->path);
		return -1;
	}
	if (fstat(d->zfd, &st) < 0 || !S_ISREG(st.st_mode)) {
		weprintf("%s: not a regular file", d->path);
		return -1;
	}
	d->zsize = st.st_size;
	if ((f = find_end(d, &loc, &cdoff, &cdsize)) < 0) {
		weprintf(f == -2 ? "%s: a zip archive spanning several disks" :
		         f == -3 ? "%s: a zip64 end record with extensible data "
		         "(PyPI: ZIP64 extensible data not allowed)" :
		         "%s: not a zip archive, or truncated (no central "
		         "directory)", d->path);
		return -1;
	}
	/* The central directory ends where the (zip64) end record starts;
	 * bytes before the archive (zipfile's "concat") shift every offset. */
	if (cdsize > loc || cdsize + (d->zip64 ? LOC64 + EOCD64 : 0) > loc) {
		weprintf("%s: corrupt zip end record (bad offset for the central "
		         "directory: %llu bytes before it)", d->path, cdsize);
		return -1;
	}
	d->cd_off = loc - cdsize - (d->zip64 ? LOC64 + EOCD64 : 0);
	concat = d->cd_off - cdoff;     /* modulo 2^64: may be negative */
	d->cd_size = cdsize;
	cd = emalloc(cdsize ? cdsize : 1);
	if (zread(d, cd, cdsize, d->cd_off) < 0) {
		free(cd);
		weprintf("%s: corrupt zip central directory", d->path);
		return -1;
	}
	for (pos = 0; pos < cdsize; pos += CDREC + fn + xn + cn) {
		r = cd + pos;
		if (cdsize - pos < CDREC || memcmp(r, "PK\1\2", 4)) {
			weprintf("%s: corrupt zip central directory (member %zu: %s)",
			         d->path, d->n + 1, cdsize - pos < CDREC ? "truncated" :
			         "bad signature");
			goto bad;
		}
		fn = le16(r + 28), xn = le16(r + 30), cn = le16(r + 32);
		if (CDREC + fn + xn + cn > cdsize - pos) {
			weprintf("%s: corrupt zip central directory (member %zu: "
			         "truncated)", d->path, d->n + 1);
			goto bad;
		}
		if (d->n >= DIST_MAX_MEMBERS) {
			weprintf("%s: more than %zu members", d->path,
			         (size_t)DIST_MAX_MEMBERS);
			goto bad;
		}
		if (fn > DIST_PATH_MAX) {
			weprintf("%s: member %zu: name longer than %d bytes", d->path,
			         d->n + 1, DIST_PATH_MAX);
			goto bad;
		}
		if (memchr(r + CDREC, '\0', fn)) {
			weprintf("%s: member %zu: NUL byte in its name", d->path, d->n + 1);
			goto bad;
		}
		name = estrndup((const char *)r + CDREC, fn);
		e = add_entry(d, name);
		free(name);
		ver = le16(r + 4);
		e->sys = ver >> 8;
		e->flags = le16(r + 8);
		e->method = le16(r + 10);
		e->mtime = dostime(le16(r + 14), le16(r + 12));
		e->crc = le32(r + 16);
		e->csize = le32(r + 20);
		e->size = le32(r + 24);
		e->offset = le32(r + 42);
		if (zip64_extra(r + CDREC + fn, xn, e, &xid) < 0) {
			weprintf("%s: %s: corrupt extra field %04x in the central "
			         "directory", d->path, e->path, xid);
			goto bad;
		}
		e->offset += concat;
		e->type = fn && r[CDREC + fn - 1] == '/' ? 'd' : 'f';
		e->mode = e->type == 'd' ? 0755 : 0644;
		/* The high 16 bits hold Unix mode bits when a writer put them
		 * there, whatever system it names (pip 23.2.1 names FAT). */
		ext = le32(r + 38) >> 16;
		if (ext) {
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
	free(cd);
	return 0;
bad:
	free(cd);
	return -1;
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

/* The archive, its members (raw: the uncompressed bytes, one "member"). */
static struct archive *
ar_open(struct dist *d, int raw)
{
	struct archive *a = archive_read_new();
	int r;

	if (!a)
		eprintf(EXIT_USAGE, "out of memory");
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	if (raw) {
		archive_read_support_format_raw(a);
	} else {
		archive_read_support_format_tar(a);
		archive_read_support_format_zip(a);
	}
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

static void walk_links(struct dist *d);

/* A tar header's number field (octal, or base-256 when the top bit is
 * set). */
static unsigned long long
tarnum(const unsigned char *p, size_t n)
{
	unsigned long long v = 0;

	if (*p & 0x80) {
		v = *p & 0x3f;
		while (--n && v < (1ULL << 55))
			v = v << 8 | *++p;
		return v;
	}
	for (; n && (*p == ' ' || *p == '\0'); p++, n--)
		;
	for (; n && *p >= '0' && *p <= '7' && v < (1ULL << 60); p++, n--)
		v = v << 3 | (unsigned)(*p - '0');
	return v;
}

/* The pax records in x ("LEN key=value\n"): a path or linkpath holding
 * a NUL sets *found to member; a size= is kept for the next member. */
static void
paxrecords(struct buf *x, long *found, long member,
           unsigned long long *size, int *sized)
{
	size_t o = 0;

	buf_add(x, "", 1);   /* strtoul stops at the end */
	x->len--;
	while (o < x->len) {
		char *e, *sp = memchr(x->p + o, ' ', x->len - o);
		unsigned long rl = strtoul(x->p + o, &e, 10);
		size_t vl;

		if (!sp || e != sp || rl == 0 || rl > x->len - o ||
		    (size_t)(sp + 1 - (x->p + o)) >= rl)
			break;
		vl = rl - (size_t)(sp + 1 - (x->p + o));
		if ((vl > 5 && !strncmp(sp + 1, "path=", 5)) ||
		    (vl > 9 && !strncmp(sp + 1, "linkpath=", 9)))
			if (memchr(sp + 1, '\0', vl))
				*found = member;
		if (vl > 5 && !strncmp(sp + 1, "size=", 5)) {
			*size = strtoull(sp + 6, NULL, 10);
			*sized = 1;
		}
		o += rl;
	}
	x->len = 0;
}

/*
 * libarchive cuts a pax path= or linkpath= at a NUL byte and lists the
 * rest as the name; tarfile keeps it and cannot extract it. Read the
 * uncompressed tar again for its pax headers: the member (from 1) whose
 * name holds a NUL, 0 if none, -1 when the headers cannot be read.
 */
static long
pax_nul(struct dist *d)
{
	struct archive *a = ar_open(d, 1);
	struct archive_entry *ae;
	unsigned char hdr[512];
	struct buf x = { 0 };
	unsigned long long skip = 0, want = 0, pad = 0, paxsize = 0, size;
	size_t have = 0;
	long member = 0, found = 0;
	int paxsz = 0, end = 0;
	char chunk[CHUNK];
	la_ssize_t n;

	if (!a || archive_read_next_header(a, &ae) != ARCHIVE_OK) {
		if (a)
			archive_read_free(a);
		return -1;
	}
	while (!found && !end &&
	       (n = archive_read_data(a, chunk, sizeof chunk)) > 0) {
		const unsigned char *p = (const unsigned char *)chunk;
		size_t left = (size_t)n, k;

		while (left && !found && !end) {
			if (want) {     /* an extension's records */
				k = want < left ? (size_t)want : left;
				if (x.len < DIST_META_LIMIT)
					buf_add(&x, p, k);
				p += k, left -= k, want -= k;
				if (want == 0) {
					paxrecords(&x, &found, member + 1, &paxsize,
					           &paxsz);
					skip = pad;
				}
				continue;
			}
			if (skip) {     /* data, padding */
				k = skip < left ? (size_t)skip : left;
				p += k, left -= k, skip -= k;
				continue;
			}
			k = sizeof hdr - have < left ? sizeof hdr - have : left;
			memcpy(hdr + have, p, k);
			p += k, left -= k, have += k;
			if (have < sizeof hdr)
				continue;
			have = 0;
			if (!hdr[0] && !memcmp(hdr, hdr + 1, sizeof hdr - 1)) {
				end = 1;
				break;
			}
			size = tarnum(hdr + 124, 12);
			if (hdr[156] == 'x' || hdr[156] == 'g') {
				x.len = 0;
				want = size;
				pad = (size + 511) / 512 * 512 - size;
				if (hdr[156] == 'g')
					paxsz = 0;   /* a global size= is no member's */
				if (!want)
					skip = 0;
				continue;
			}
			if (!strchr("LK", hdr[156])) {
				/* a member; as tarfile: no data after links,
				 * devices, directories, FIFOs */
				if (paxsz)
					size = paxsize;
				paxsz = 0;
				member++;
				if (hdr[156] && strchr("123456", hdr[156]))
					size = 0;
			}
			skip = (size + 511) / 512 * 512;
		}
	}
	buf_free(&x);
	archive_read_free(a);
	return found;
}

static int
open_sdist(struct dist *d)
{
	struct archive *a;
	struct archive_entry *ae;
	struct dist_entry *e;
	const char *name, *lt;
	unsigned long long total = 0;
	int r, ret = -1, pax = 0;
	long nul;

	if (!strcmp(d->path, "-") && spool_stdin(d) < 0)
		return -1;
	if (!(a = ar_open(d, 0)))
		return -1;
	d->tar = 1;
	while ((r = archive_read_next_header(a, &ae)) != ARCHIVE_EOF) {
		if (d->n == 0 && r >= ARCHIVE_WARN)
			d->tar = archive_format(a) != ARCHIVE_FORMAT_ZIP &&
			    (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) !=
			    ARCHIVE_FORMAT_ZIP;
		if (r < ARCHIVE_WARN) {
			weprintf("%s: %s", d->path, archive_error_string(a));
			goto out;
		}
		pax |= archive_format(a) == ARCHIVE_FORMAT_TAR_PAX_INTERCHANGE ||
		       archive_format(a) == ARCHIVE_FORMAT_TAR_PAX_RESTRICTED;
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
		case AE_IFCHR: e->type = 'o', e->dev = 'c'; break;
		case AE_IFBLK: e->type = 'o', e->dev = 'b'; break;
		case AE_IFIFO: e->type = 'o', e->dev = 'p'; break;
		case AE_IFSOCK: e->type = 'o', e->dev = 's'; break;
		default: e->type = archive_entry_hardlink(ae) ? 'l' : 'o'; break;
		}
		e->sparse = archive_entry_sparse_count(ae) > 0;
		if ((lt = archive_entry_hardlink(ae))) {
			e->type = 'l', e->ltype = 'h';
		} else if (e->type == 'l') {
			lt = archive_entry_symlink(ae);
			e->ltype = 's';
		}
		if (e->type == 'l') {
			if (!lt)
				lt = e->ltype == 'h' ?
				    archive_entry_hardlink_utf8(ae) :
				    archive_entry_symlink_utf8(ae);
			e->link = estrdup(lt ? lt : "");
		}
	}
	if (d->n == 0) {
		weprintf("%s: empty archive", d->path);
		goto out;
	}
	if (pax && (nul = pax_nul(d)) != 0) {
		if (nul < 0)
			weprintf("%s: cannot read its pax headers", d->path);
		else {
			struct buf q = { 0 };

			dist_quote(&q, (size_t)nul <= d->n ? d->e[nul - 1].path : "");
			weprintf("%s: member %ld (%s): NUL byte in its name", d->path,
			         nul, q.p ? q.p : "");
			buf_free(&q);
		}
		goto out;
	}
	if (d->tar)
		walk_links(d);
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
	d->fd = d->zfd = -1;
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

int
dist_open_zip(const char *path, struct dist *d)
{
	memset(d, 0, sizeof *d);
	d->fd = d->zfd = -1;
	d->path = estrdup(path);
	d->type = DIST_WHEEL;
	if (open_wheel(d) < 0) {
		dist_close(d);
		return -1;
	}
	return 0;
}

int
dist_is_zip(const char *path)
{
	struct dist d;
	unsigned long long loc, off, size;
	unsigned char sig[4];
	struct stat st;
	int r = 0;

	memset(&d, 0, sizeof d);
	if ((d.zfd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if (fstat(d.zfd, &st) == 0 && S_ISREG(st.st_mode)) {
		d.zsize = st.st_size;
		int fe = find_end(&d, &loc, &off, &size);

		if (fe == -3)   /* a zip, one to be refused by name */
			r = 1;
		else if (fe == 0)
			r = (off == 0 && size == 0) ||
			    (zread(&d, sig, 4, off) == 0 && !memcmp(sig, "PK\1\2", 4));
	}
	close(d.zfd);
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
to_buf_(void *arg, const void *p, size_t n)
{
	buf_add(arg, p, n);
	return 0;
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

/* Decompression of one wheel member, whatever its method. */
struct zdec {
	unsigned method;
	z_stream z;
	bz_stream bz;
	lzma_stream lz;
	int init, end;
};

/* An LZMA member's dictionary: no larger than the member needs (its
 * declared size; a match reaches no further back than the output), and
 * never past this (xz's largest preset, 9, takes 64 MiB). */
#define LZMA_DICT_MAX ((uint32_t)64 << 20)

/* Start; for LZMA, hdr holds the member's first bytes (its properties),
 * size is its declared size. */
static const char *
zdec_init(struct zdec *s, unsigned method, const unsigned char *hdr, size_t n,
          unsigned long long size, size_t *skip)
{
	lzma_filter f[2];

	memset(s, 0, sizeof *s);
	s->method = method;
	*skip = 0;
	switch (method) {
	case 0:
		break;
	case 8:
		if (inflateInit2(&s->z, -15) != Z_OK)
			return "cannot start zlib";
		break;
	case 12:
		if (BZ2_bzDecompressInit(&s->bz, 0, 0) != BZ_OK)
			return "cannot start libbz2";
		break;
	case 14:
		/* version (2 bytes), properties size (2), properties */
		if (n < 4 || n < 4 + le16(hdr + 2))
			return "corrupt member data (LZMA header)";
		f[0].id = LZMA_FILTER_LZMA1;
		f[0].options = NULL;
		f[1].id = LZMA_VLI_UNKNOWN;
		if (lzma_properties_decode(&f[0], NULL, hdr + 4, le16(hdr + 2)) !=
		    LZMA_OK)
			return "corrupt member data (LZMA properties)";
		{
			lzma_options_lzma *o = f[0].options;

			if (o->dict_size > size)
				o->dict_size = size < 4096 ? 4096 : (uint32_t)size;
			if (o->dict_size > LZMA_DICT_MAX) {
				free(f[0].options);
				return "LZMA dictionary larger than 64 MiB";
			}
		}
		*skip = 4 + le16(hdr + 2);
		if (lzma_raw_decoder(&s->lz, f) != LZMA_OK) {
			free(f[0].options);
			return "cannot start liblzma";
		}
		free(f[0].options);
		break;
	default:
		return NULL;
	}
	s->init = 1;
	return "";
}

/*
 * Turn in[*used..n) into out; *made bytes out. 1 at the stream's end,
 * 0 for more, -1 corrupt.
 */
static int
zdec_run(struct zdec *s, const unsigned char *in, size_t n, size_t *used,
         unsigned char *out, size_t cap, size_t *made)
{
	int r;

	switch (s->method) {
	case 0:
		*made = n - *used < cap ? n - *used : cap;
		memcpy(out, in + *used, *made);
		*used += *made;
		return 0;
	case 8:
		s->z.next_in = (unsigned char *)in + *used;
		s->z.avail_in = n - *used;
		s->z.next_out = out;
		s->z.avail_out = cap;
		r = inflate(&s->z, Z_NO_FLUSH);
		*used = n - s->z.avail_in;
		*made = cap - s->z.avail_out;
		if (r == Z_STREAM_END)
			return 1;
		return r == Z_OK || (r == Z_BUF_ERROR && *made == 0 &&
		                     *used == n) ? 0 : -1;
	case 12:
		s->bz.next_in = (char *)in + *used;
		s->bz.avail_in = n - *used;
		s->bz.next_out = (char *)out;
		s->bz.avail_out = cap;
		r = BZ2_bzDecompress(&s->bz);
		*used = n - s->bz.avail_in;
		*made = cap - s->bz.avail_out;
		return r == BZ_STREAM_END ? 1 : r == BZ_OK ? 0 : -1;
	default:
		s->lz.next_in = in + *used;
		s->lz.avail_in = n - *used;
		s->lz.next_out = out;
		s->lz.avail_out = cap;
		r = lzma_code(&s->lz, LZMA_RUN);
		*used = n - s->lz.avail_in;
		*made = cap - s->lz.avail_out;
		return r == LZMA_STREAM_END ? 1 : r == LZMA_OK ||
		       r == LZMA_BUF_ERROR ? 0 : -1;
	}
}

static void
zdec_end(struct zdec *s)
{
	if (!s->init)
		return;
	if (s->method == 8)
		inflateEnd(&s->z);
	else if (s->method == 12)
		BZ2_bzDecompressEnd(&s->bz);
	else if (s->method == 14)
		lzma_end(&s->lz);
	s->init = 0;
}

static const char *
method_name(unsigned m)
{
	switch (m) {
	case 1: return "shrink";
	case 6: return "implode";
	case 9: return "deflate64";
	case 10: return "PKWARE DCL implode";
	case 18: return "IBM TERSE";
	case 19: return "IBM LZ77";
	case 20: return "zstd (old number)";
	case 93: return "zstd";
	case 94: return "MP3";
	case 95: return "xz";
	case 96: return "JPEG";
	case 97: return "WavPack";
	case 98: return "PPMd";
	case 99: return "AES encryption";
	default: return "unknown";
	}
}

/*
 * Where member i's data starts: its local header read and compared with
 * the central directory (name, as zipfile compares them). 0 or -1 with a
 * message.
 */
static int
local_data(struct dist *d, size_t i, unsigned long long *off)
{
	const struct dist_entry *e = &d->e[i];
	unsigned char h[LOCHDR];
	size_t fn = strlen(e->path);
	char *name;
	int same;

	if (zread(d, h, LOCHDR, e->offset) < 0 || memcmp(h, "PK\3\4", 4)) {
		weprintf("%s: %s: no local header at offset %llu", d->path, e->path,
		         e->offset);
		return -1;
	}
	name = emalloc(le16(h + 26) + 1);
	same = le16(h + 26) == fn &&
	       zread(d, name, fn, e->offset + LOCHDR) == 0 &&
	       !memcmp(name, e->path, fn) &&
	       (dist_ascii(e->path) || !((le16(h + 6) ^ e->flags) & 0x800));
	free(name);
	if (!same) {
		weprintf("%s: %s: the local header names another file than the "
		         "central directory", d->path, e->path);
		return -1;
	}
	*off = e->offset + LOCHDR + le16(h + 26) + le16(h + 28);
	if (*off > d->zsize || e->csize > d->zsize - *off) {
		weprintf("%s: %s: data past the end of the file", d->path, e->path);
		return -1;
	}
	return 0;
}

static int
stream_wheel(struct dist *d, size_t i, unsigned long long limit,
             int (*fn)(void *, const void *, size_t), void *arg)
{
	const struct dist_entry *e = &d->e[i];
	unsigned long long off, left, total = 0;
	unsigned char *in, *out;
	size_t n = 0, used = 0, made, skip;
	unsigned long crc = crc32(0, NULL, 0);
	struct zdec s;
	const char *why;
	int r = 0, z = 0;

	if (e->flags & 0x41) {
		weprintf("%s: %s: encrypted", d->path, e->path);
		return -1;
	}
	if (e->flags & 0x20) {
		weprintf("%s: %s: compressed patched data (flag bit 5)", d->path,
		         e->path);
		return -1;
	}
	if (e->method != 0 && e->method != 8 && e->method != 12 &&
	    e->method != 14) {
		weprintf("%s: %s: compression method %u (%s) not supported", d->path,
		         e->path, e->method, method_name(e->method));
		return -1;
	}
	if (local_data(d, i, &off) < 0)
		return -1;
	in = emalloc(CHUNK);
	out = emalloc(CHUNK);
	left = e->csize;
	n = left < CHUNK ? left : CHUNK;
	if (zread(d, in, n, off) < 0)
		n = 0;
	off += n, left -= n;
	why = zdec_init(&s, e->method, in, n, e->size, &skip);
	if (!why || *why) {
		weprintf("%s: %s: %s", d->path, e->path, why);
		free(in), free(out);
		return -1;
	}
	used = skip;
	for (;;) {
		if (used == n && left > 0) {
			n = left < CHUNK ? left : CHUNK;
			if (zread(d, in, n, off) < 0) {
				z = -1;
				break;
			}
			off += n, left -= n, used = 0;
		}
		size_t was = used;

		z = zdec_run(&s, in, n, &used, out, CHUNK, &made);
		if (made) {
			crc = crc32(crc, out, made);
			if ((r = feed((char *)out, made, &total, limit, fn, arg)) != 0)
				break;
		}
		if (z != 0)
			break;
		if (!made && used == n && left == 0)
			break;          /* input done */
		if (!made && used == was) {
			z = -1;         /* no progress */
			break;
		}
	}
	zdec_end(&s);
	free(in), free(out);
	if (r == -1)
		return -1;
	if (r == 1)
		return 1;
	if (z < 0 || (z == 0 && e->method != 0 && e->method != 14)) {
		weprintf("%s: %s: corrupt member data%s", d->path, e->path,
		         z < 0 ? "" : " (ends early)");
		return -1;
	}
	if (total != e->size) {
		weprintf("%s: %s: %llu bytes, not the %llu declared", d->path,
		         e->path, total, e->size);
		return -1;
	}
	if (crc != e->crc) {
		weprintf("%s: %s: corrupt member data (CRC mismatch)", d->path,
		         e->path);
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

	if (!(a = ar_open(d, 0)))
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

const char *
dist_link(struct dist *d, size_t i)
{
	struct dist_entry *e = &d->e[i];
	struct buf b = { 0 };
	int r;

	if (e->type != 'l' || e->link || d->type != DIST_WHEEL)
		return e->type == 'l' ? e->link : NULL;
	r = dist_stream(d, i, DIST_PATH_MAX, to_buf_, &b);
	if (r == 1)
		weprintf("%s: %s: a link target longer than %d bytes", d->path,
		         e->path, DIST_PATH_MAX);
	if (r != 0) {
		buf_free(&b);
		return NULL;
	}
	buf_add(&b, "", 1);
	e->link = b.p;
	return e->link;
}

/*
 * Extraction, played out: where each tar member lands once the symlinks
 * stored before it are followed, as tarfile's 'data' filter sees it
 * with realpath(3) on the files extracted so far. Symlinks are kept by
 * where they land (their directory resolved), not by the name stored,
 * so a chain through links stored under other names is followed; each
 * step is a hash look-up, so the pass is linear in the names' lengths.
 */
#define LINK_HOPS 40                    /* realpath gives up: a loop */
/* components walked in all: linear in the names (each member's walk
 * and its link's, a few symlinks followed), whatever the links do */
#define LINK_STEPS(namebytes) (4 * (namebytes) + ((size_t)1 << 20))

struct landed {
	char *key;           /* where the symlink landed ("" the root) */
	size_t len;
	unsigned long h;
	size_t e;            /* its member */
};

struct walk {
	const struct dist *d;
	struct landed *t;    /* open addressing, a power of two */
	size_t cap, n;
	size_t steps;        /* budget left */
	struct buf cur;      /* the resolved path so far */
	unsigned long *hs;   /* hash of cur at each of its components */
	size_t *ends;        /* cur's length at each component */
	size_t depth, dcap;
	struct buf queue;    /* what is left to walk */
};

static unsigned long
hmix(unsigned long h, const char *p, size_t n)
{
	while (n--)
		h = (h ^ (unsigned char)*p++) * 1099511628211UL;
	return h;
}

#define HROOT 14695981039346656037UL

static struct landed *
slot(struct walk *w, const char *k, size_t n, unsigned long h)
{
	size_t i = h & (w->cap - 1);

	while (w->t[i].key && !(w->t[i].h == h && w->t[i].len == n &&
	                        !memcmp(w->t[i].key, k, n)))
		i = (i + 1) & (w->cap - 1);
	return &w->t[i];
}

static void
land(struct walk *w, const char *k, size_t n, unsigned long h, size_t e)
{
	struct landed *s;

	if (2 * (w->n + 1) > w->cap) {
		struct landed *old = w->t;
		size_t oc = w->cap, i;

		w->cap = oc ? 2 * oc : 64;
		w->t = ecalloc(w->cap, sizeof *w->t);
		for (i = 0; i < oc; i++)
			if (old[i].key)
				*slot(w, old[i].key, old[i].len, old[i].h) = old[i];
		free(old);
	}
	s = slot(w, k, n, h);
	if (!s->key) {
		s->key = estrndup(k, n);
		s->len = n;
		s->h = h;
		w->n++;
	}
	s->e = e;
}

static long
lookup(const struct walk *w)
{
	const struct landed *s;

	if (!w->n)
		return -1;
	s = slot((struct walk *)w, w->cur.p, w->cur.len, w->hs[w->depth]);
	return s->key ? (long)s->e : -1;
}

static void
push(struct walk *w, const char *c, size_t n)
{
	unsigned long h = w->hs[w->depth];

	if (w->depth + 2 > w->dcap) {
		w->dcap = 2 * w->dcap + 16;
		w->hs = erealloc(w->hs, w->dcap * sizeof *w->hs);
		w->ends = erealloc(w->ends, w->dcap * sizeof *w->ends);
	}
	if (w->depth) {
		buf_add(&w->cur, "/", 1);
		h = hmix(h, "/", 1);
	}
	buf_add(&w->cur, c, n);
	w->depth++;
	w->hs[w->depth] = hmix(h, c, n);
	w->ends[w->depth] = w->cur.len;
}

static void
pop(struct walk *w)
{
	w->depth--;
	w->cur.len = w->depth ? w->ends[w->depth] : 0;
}

/*
 * Resolve path from the root into w->cur: 0 inside the archive, 1
 * leaving it, -1 out of budget. The last component is followed too when
 * follow is set (realpath, and open(2) of a file); *via when a symlink
 * was.
 */
static int
resolve(struct walk *w, const char *path, int follow, int *via)
{
	size_t hops = 0, at = 0, n;
	const char *c;

	w->cur.len = 0;
	w->depth = 0;
	w->queue.len = 0;
	buf_adds(&w->queue, path);
	buf_add(&w->queue, "", 1);
	*via = 0;
	while (at + 1 < w->queue.len) {
		long j;

		if (w->steps == 0)
			return -1;
		w->steps--;
		c = w->queue.p + at;
		n = strcspn(c, "/");
		at += n + (c[n] == '/');
		if (n == 0 || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			if (!w->depth)
				return 1;
			pop(w);
			continue;
		}
		push(w, c, n);
		if ((!follow && at + 1 >= w->queue.len) || (j = lookup(w)) < 0)
			continue;
		/* a symlink: its target, then the rest, from its directory */
		*via = 1;
		if (++hops > LINK_HOPS)
			return 0;   /* realpath gives up on a loop */
		pop(w);
		{
			const char *t = w->d->e[j].link ? w->d->e[j].link : "";
			struct buf nq = { 0 };

			if (*t == '/')
				return 1;
			buf_adds(&nq, t);
			buf_add(&nq, "/", 1);
			buf_add(&nq, w->queue.p + at, w->queue.len - at);
			buf_free(&w->queue);
			w->queue = nq;
			at = 0;
		}
	}
	return 0;
}

/* Play the extraction through once, marking each member's lesc. */
static void
walk_links(struct dist *d)
{
	struct walk w = { .d = d };
	struct buf p = { 0 };
	size_t i, names = 0;
	int via, r;

	for (i = 0; i < d->n; i++)
		names += strlen(d->e[i].path) +
		         (d->e[i].link ? strlen(d->e[i].link) : 0);
	w.steps = LINK_STEPS(names);

	w.dcap = 16;
	w.hs = emalloc(w.dcap * sizeof *w.hs);
	w.ends = emalloc(w.dcap * sizeof *w.ends);
	w.hs[0] = HROOT;
	w.ends[0] = 0;
	for (i = 0; i < d->n; i++) {
		struct dist_entry *e = &d->e[i];
		const char *name = e->path, *sep;
		int link = e->type == 'l', sym = link && e->ltype == 's';

		while (*name == '/')
			name++;
		if (link && e->link && *e->link != '/') {
			/* a symlink's target from its own directory; a hard
			 * link's from the root */
			p.len = 0;
			if (sym && (sep = strrchr(name, '/')))
				buf_add(&p, name, (size_t)(sep - name + 1));
			buf_adds(&p, e->link);
			buf_add(&p, "", 1);
			if ((r = resolve(&w, p.p, 1, &via)) != 0)
				e->lesc = r > 0 ? 'l' : 'x';
		}
		if (dist_unsafe(e->path) || (!w.n && !sym))
			continue;
		/* where it lands: a link is made there, a file opened */
		r = resolve(&w, name, !link, &via);
		if (r != 0 && (via || r < 0)) {
			if (!e->lesc)
				e->lesc = r > 0 ? 'b' : 'x';
		} else if (sym && r == 0)
			land(&w, w.cur.p ? w.cur.p : "", w.cur.len, w.hs[w.depth], i);
	}
	for (i = 0; i < w.cap; i++)
		free(w.t[i].key);
	free(w.t);
	free(w.hs);
	free(w.ends);
	buf_free(&w.cur);
	buf_free(&w.queue);
	buf_free(&p);
}

int
dist_unsafe_link(const struct dist *d, size_t i, struct buf *out)
{
	const struct dist_entry *e = &d->e[i];

	out->len = 0;
	buf_add(out, "", 1);
	out->len = 0;
	if (!d->tar)
		return 0;
	if (e->type == 'o') {
		buf_adds(out, e->dev == 'c' ? "a character device" :
		         e->dev == 'b' ? "a block device" : e->dev == 'p' ? "a FIFO" :
		         "a special file");
		return 1;
	}
	if (e->type == 'l' && e->link && *e->link == '/') {
		buf_addf(out, "%s to an absolute path", e->ltype == 'h' ?
		         "a hard link" : "a symlink");
		return 1;
	}
	if (e->lesc == 'l')
		buf_addf(out, "a %s leaving the archive",
		         e->ltype == 'h' ? "hard link" : "symlink");
	else if (e->lesc == 'b')
		buf_adds(out, "beneath a symlink leaving the archive");
	else if (e->lesc == 'x')
		buf_adds(out, "behind more symlinks than can be followed");
	return out->len > 0;
}

/* Length of the first component of a member name. */
static size_t
toplen(const char *p)
{
	const char *s = strchr(p, '/');

	return s ? (size_t)(s - p) : strlen(p);
}

int
dist_info_dir(const char *path, struct buf *out)
{
	const char *b = strrchr(path, '/'), *d1, *d2;

	b = b ? b + 1 : path;
	if (!(d1 = strchr(b, '-')) || !(d2 = strchr(d1 + 1, '-')))
		return -1;
	buf_addf(out, "%.*s.dist-info/", (int)(d2 - b), b);
	return 0;
}

/* "NAME-VERSION.dist-info/METADATA" from a wheel's path, or NULL. */
static char *
wheel_metadata_member(const char *path)
{
	struct buf m = { 0 };

	if (dist_info_dir(path, &m) < 0)
		return NULL;
	buf_adds(&m, "METADATA");
	return m.p;
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

	for (i = 0; i < d->n; i++) {
		free(d->e[i].path);
		free(d->e[i].link);
	}
	free(d->e);
	if (d->zfd >= 0)
		close(d->zfd);
	if (d->fd >= 0)
		close(d->fd);
	free(d->path);
	memset(d, 0, sizeof *d);
	d->fd = d->zfd = -1;
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

static void
quote(struct buf *b, const char *s, int backslash)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *e = p + strlen(s);
	size_t n;

	while (*p) {
		if (*p == '\\' && backslash)
			buf_add(b, "\\\\", 2);
		else if (*p == '\t')
			buf_add(b, "\\t", 2);
		else if (*p == '\n')
			buf_add(b, "\\n", 2);
		else if (*p == '\r')
			buf_add(b, "\\r", 2);
		else if (*p >= ' ' && *p < 0x7f)
			buf_add(b, p, 1);
		else if (*p >= 0x80 && (n = utf8_decode(p, e - p, NULL)) > 0 &&
		         !(p[0] == 0xc2 && p[1] < 0xa0)) {   /* C1 controls */
			buf_add(b, p, n);
			p += n;
			continue;
		} else
			buf_addf(b, "\\x%02x", *p);
		p++;
	}
}

void
dist_quote(struct buf *b, const char *s)
{
	quote(b, s, 1);
}

void
dist_quote_text(struct buf *b, const char *s)
{
	quote(b, s, 0);
}

int
dist_utf8(const char *s)
{
	return utf8_valid(s, strlen(s));
}

/* relkit — MIT licence, see LICENSE. */
/*
 * PyPI's archive checks (warehouse: forklift/legacy.py _is_valid_dist_file
 * and the wheel checks of the upload view, utils/zipfiles.py
 * validate_zipfile, utils/wheel.py validate_entrypoints), done again on
 * the archive's bytes, with PyPI's messages.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archcheck.h"
#include "utf8.h"

/* ---- a set of byte strings */

struct sset {
	char **s;
	size_t *n;
	long *v;
	size_t cap, len;
};

static size_t
shash(const char *s, size_t n)
{
	size_t h = 1469598103934665603ull, i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static long *
sset_slot(struct sset *t, const char *s, size_t n, int add)
{
	size_t i, k;

	if (add && (t->len + 1) * 2 > t->cap) {
		struct sset o = *t;

		t->cap = t->cap ? t->cap * 2 : 64;
		t->s = calloc(t->cap, sizeof *t->s);
		t->n = calloc(t->cap, sizeof *t->n);
		t->v = calloc(t->cap, sizeof *t->v);
		if (!t->s || !t->n || !t->v)
			eprintf(EXIT_USAGE, "out of memory");
		t->len = 0;
		for (k = 0; k < o.cap; k++)
			if (o.s[k])
				*sset_slot(t, o.s[k], o.n[k], 1) = o.v[k], free(o.s[k]);
		free(o.s), free(o.n), free(o.v);
	}
	if (!t->cap)
		return NULL;
	for (i = shash(s, n) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		if (!t->s[i]) {
			if (!add)
				return NULL;
			t->s[i] = emalloc(n + 1);
			memcpy(t->s[i], s, n);
			t->s[i][n] = '\0';
			t->n[i] = n;
			t->v[i] = -1;
			t->len++;
			return &t->v[i];
		}
		if (t->n[i] == n && !memcmp(t->s[i], s, n))
			return &t->v[i];
	}
}

static int
sset_has(struct sset *t, const char *s, size_t n)
{
	return sset_slot(t, s, n, 0) != NULL;
}

static void
sset_free(struct sset *t)
{
	size_t k;

	for (k = 0; k < t->cap; k++)
		free(t->s[k]);
	free(t->s), free(t->n), free(t->v);
	memset(t, 0, sizeof *t);
}

/* ---- reading the file in order, as validate_zipfile's fp does */

struct rd {
	int fd;
	unsigned long long pos, size, boff;
	size_t blen;
	unsigned char buf[64 << 10];
};

/* n bytes at the position (which then moves on); -1 when the file ends. */
static int
rd_read(struct rd *r, void *p, size_t n)
{
	unsigned char *out = p;
	ssize_t k;

	while (n > 0) {
		if (r->pos >= r->boff && r->pos < r->boff + r->blen) {
			size_t m = r->boff + r->blen - r->pos;

			m = m < n ? m : n;
			memcpy(out, r->buf + (r->pos - r->boff), m);
			out += m, n -= m, r->pos += m;
			continue;
		}
		if (r->pos >= r->size)
			return -1;
		k = pread(r->fd, r->buf, sizeof r->buf, r->pos);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		r->boff = r->pos;
		r->blen = k;
	}
	return 0;
}

static int
unprintable(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

#define MALFORMED "Malformed zip file"

/* One local file header (after its signature); NULL or the fault. */
static const char *
local_header(struct rd *r, struct sset *files, const struct dist *d,
             char **name, size_t *nlen)
{
	unsigned char h[26], *x, *xp;
	unsigned flags, method, fn, xn, id, ln;
	unsigned long long csize, fsize, q;
	struct sset seen = { 0 };
	const char *why = NULL;
	long *ix;
	size_t left;

	if (rd_read(r, h, 26) < 0)
		return MALFORMED;
	flags = le16(h + 2), method = le16(h + 4);
	csize = le32(h + 14), fsize = le32(h + 18);
	fn = le16(h + 22), xn = le16(h + 24);
	*name = emalloc(fn + 1);
	*nlen = fn;
	x = emalloc(xn + 1);
	if (rd_read(r, *name, fn) < 0 || rd_read(r, x, xn) < 0) {
		free(x);
		return MALFORMED;
	}
	(*name)[fn] = '\0';
	if (unprintable((unsigned char *)*name, fn)) {
		free(x);
		return "Invalid character in filename";
	}
	for (xp = x, left = xn; left && !why;) {
		if (left < 4) {
			why = MALFORMED;
			break;
		}
		id = le16(xp), ln = le16(xp + 2);
		if (ln + 4 > left) {
			why = MALFORMED;
			break;
		}
		if ((id == 1 || id == 0x7075) && sset_has(&seen, (char *)xp, 2)) {
			why = "Invalid duplicate extra in local file";
			break;
		}
		*sset_slot(&seen, (char *)xp, 2, 1) = 1;
		if (id == 1) {
			if (ln != 0 && ln != 8 && ln != 16 && ln != 24 && ln != 28)
				why = MALFORMED;
			else if (ln == 0) {
				if (csize == 0xffffffffu || fsize == 0xffffffffu)
					why = MALFORMED;
			} else if (ln == 8) {
				if (method != 0)
					why = MALFORMED;
				q = le64(xp + 4);
				csize = q;
				if (fsize == 0xffffffffu)
					fsize = q;
			} else {
				if (fsize == 0xffffffffu)
					fsize = le64(xp + 4);
				csize = le64(xp + 12);
			}
		} else if (id == 0x7075) {
			/* version (1), name CRC (4), then the name */
			const unsigned char *u = xp + 4 + 5;
			size_t un = ln > 5 ? ln - 5 : 0;

			if (ln < 5)
				u = xp + 4 + ln, un = 0;
			if (unprintable(u, un))
				why = "Invalid character in filename";
			else if (!utf8_valid(u, un))
				why = "Filename not valid UTF-8";
		}
		xp += ln + 4, left -= ln + 4;
	}
	free(x);
	sset_free(&seen);
	if (why)
		return why;
	if (flags & 8)
		return "ZIP contains a data descriptor";
	if (!utf8_valid(*name, fn))
		return "Filename not unicode";
	if (!(ix = sset_slot(files, *name, fn, 0)) || *ix < 0)
		return "Filename not in central directory";
	if (d->e[*ix].csize != csize || d->e[*ix].size != fsize) {
		/* PyPI's words, and the member (its name checked printable) */
		static _Thread_local char msg[160];

		snprintf(msg, sizeof msg, "%s (member %.100s%s)",
		         d->e[*ix].csize != csize ? "Mis-matched data size" :
		         "Mis-matched file size", *name, fn > 100 ? "..." : "");
		return msg;
	}
	r->pos += csize;
	return NULL;
}

const char *
archcheck_validate_zip(struct dist *d)
{
	struct rd *r = emalloc(sizeof *r);
	struct sset files = { 0 }, local = { 0 }, cdn = { 0 };
	unsigned char sig[4], h[52];
	unsigned long long cd_records = 0, cd_size = 0, cd_offset = 0;
	unsigned long long e_records = 0, e_size = 0, e_offset = 0;
	int have_cd = 0, have_e = 0, exp64 = 0, act64 = 0;
	const char *why = NULL;
	char *name;
	size_t i, nlen;
	unsigned fn, xn, cn;

	r->fd = d->zfd;
	r->pos = r->boff = 0;
	r->blen = 0;
	r->size = d->zsize;
	/* zipfile's view of the central directory, by name (the last wins);
	   a name without the UTF-8 flag is decoded as cp437 there, which no
	   non-ASCII local name decoded as UTF-8 equals */
	for (i = 0; i < d->n; i++)
		if ((d->e[i].flags & 0x800) || dist_ascii(d->e[i].path))
			*sset_slot(&files, d->e[i].path, strlen(d->e[i].path), 1) =
			    (long)i;
	for (;;) {
		if (rd_read(r, sig, 4) < 0) {
			why = MALFORMED;
			break;
		}
		if (!memcmp(sig, "PK\5\6", 4) && exp64 && !act64) {
			why = MALFORMED;
			break;
		}
		if (!memcmp(sig, "PK\1\2", 4)) {
			if (!have_cd)
				cd_offset = r->pos - 4, have_cd = 1;
			cd_records++;
			if (rd_read(r, h, 42) < 0) {
				why = MALFORMED;
				break;
			}
			fn = le16(h + 24), xn = le16(h + 26), cn = le16(h + 28);
			if (cn) {
				why = "Comment in central directory";
				break;
			}
			name = emalloc(fn + xn + 1);
			if (rd_read(r, name, fn) < 0 || rd_read(r, name + fn, xn) < 0) {
				free(name);
				why = MALFORMED;
				break;
			}
			if (unprintable((unsigned char *)name, fn))
				why = "Invalid character in filename";
			else if (sset_has(&cdn, name, fn))
				why = "Duplicate filename in central directory";
			else if (!sset_has(&local, name, fn))
				why = "Missing filename in local headers";
			cd_size += 46 + fn + xn;
			if (!why)
				sset_slot(&cdn, name, fn, 1);
			free(name);
			if (why)
				break;
		} else if (!memcmp(sig, "PK\3\4", 4)) {
			name = NULL;
			why = local_header(r, &files, d, &name, &nlen);
			if (!why && sset_has(&local, name, nlen))
				why = "Duplicate filename in local headers";
			if (!why)
				sset_slot(&local, name, nlen, 1);
			free(name);
			if (why)
				break;
		} else if (!memcmp(sig, "PK\5\6", 4)) {
			if (!have_cd)
				cd_offset = r->pos - 4, have_cd = 1;
			if (rd_read(r, h, 18) < 0 || le16(h + 4) != le16(h + 6)) {
				why = MALFORMED;
				break;
			}
			if (!(act64 && have_e)) {
				e_records = le16(h + 6);
				e_size = le32(h + 8);
				e_offset = le32(h + 12);
				have_e = 1;
			}
			r->pos += le16(h + 16);
			if (e_records != cd_records)
				why = "Mismatched central directory records";
			else if (e_offset != cd_offset)
				why = "Mismatched central directory offset";
			else if (e_size != cd_size)
				why = "Mismatched central directory size";
			break;
		} else if (!memcmp(sig, "PK\6\6", 4)) {
			exp64 = 1;
			if (rd_read(r, h, 52) < 0 || le64(h + 20) != le64(h + 28)) {
				why = MALFORMED;
				break;
			}
			e_records = le64(h + 28);
			e_size = le64(h + 36);
			e_offset = le64(h + 44);
			have_e = 1;
			if (le64(h) != 44) {
				why = "ZIP64 extensible data not allowed";
				break;
			}
		} else if (!memcmp(sig, "PK\6\7", 4)) {
			if (rd_read(r, h, 16) < 0) {
				why = MALFORMED;
				break;
			}
			act64 = 1;
		} else {
			why = "Unknown record signature";
			break;
		}
	}
	if (!why && cdn.len != local.len)
		why = "Mis-matched local headers and central directory";
	if (!why && r->pos != d->zsize)
		why = "Trailing data";
	sset_free(&files);
	sset_free(&local);
	sset_free(&cdn);
	free(r);
	return why;
}

/* ---- entry_points.txt as configparser reads it */

/* Bytes of the Unicode white space character at p (str.isspace), or 0. */
static size_t
wslen(const unsigned char *p, const unsigned char *end)
{
	size_t n = end - p;

	if (!n)
		return 0;
	if (*p == ' ' || (*p >= 0x09 && *p <= 0x0d) || (*p >= 0x1c && *p <= 0x1f))
		return 1;
	if (n >= 2 && p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0))
		return 2;
	if (n >= 3 && p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80)
		return 3;       /* U+1680 */
	if (n >= 3 && p[0] == 0xe2 && p[1] == 0x80 &&
	    (p[2] <= 0x8a || p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf))
		return 3;       /* U+2000..200A, 2028, 2029, 202F */
	if (n >= 3 && p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f)
		return 3;       /* U+205F */
	if (n >= 3 && p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;       /* U+3000 */
	return 0;
}

/* Is the character before end white space? Its length, or 0. */
static size_t
wsback(const unsigned char *start, const unsigned char *end)
{
	size_t k;

	for (k = 1; k <= 3 && k <= (size_t)(end - start); k++)
		if (wslen(end - k, end) == k)
			return k;
	return 0;
}

/* Strip white space from both ends of [*a, *b). */
static void
strip(const unsigned char **a, const unsigned char **b)
{
	size_t k;

	while (*a < *b && (k = wslen(*a, *b)))
		*a += k;
	while (*b > *a && (k = wsback(*a, *b)))
		*b -= k;
}

/* One entry point name: [\w.-]+ (non-ASCII taken as word characters). */
static int
ep_name_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!*p)
		return 0;
	for (; *p; p++)
		if (!(*p >= 0x80 || (*p >= '0' && *p <= '9') ||
		      (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      *p == '_' || *p == '.' || *p == '-'))
			return 0;
	return 1;
}

const char *
archcheck_entry_points(const char *src, size_t len, struct buf *why)
{
	const unsigned char *s = (const unsigned char *)src, *end = s + len;
	const unsigned char *l, *le, *a, *b, *eq;
	struct sset sect = { 0 }, opts = { 0 }, names = { 0 };
	struct buf key = { 0 }, cur = { 0 };
	size_t lineno = 0, indent = 0, ci, k, i;
	int insect = 0, haveopt = 0, perr = 0, scripts = 0, isdef = 0;
	const char *ret = NULL;

	why->len = 0;
	buf_add(why, "", 1);
	why->len = 0;
	if (!utf8_valid(s, len)) {
		buf_adds(why, "entry_points.txt is not decodable as UTF-8");
		return why->p;
	}
	for (l = s; l < end; l = le + (le < end)) {
		le = memchr(l, '\n', end - l);
		if (!le)
			le = end;
		lineno++;
		a = l, b = le;
		strip(&a, &b);
		if (a == b || *a == '#' || *a == ';')
			continue;       /* empty, or a comment */
		for (ci = 0, k = 0; l + k < le && (i = wslen(l + k, le)); k += i)
			ci++;
		if (insect && haveopt && ci > indent)
			continue;       /* a continuation line */
		indent = ci;
		if (*a == '[' && b - a >= 3 &&
		    (eq = memrchr(a + 2, ']', b - a - 2)) && eq > a + 1 &&
		    !memchr(a, '\n', b - a)) {
			cur.len = 0;
			buf_add(&cur, a + 1, eq - a - 1);
			buf_add(&cur, "", 1);
			cur.len--;
			isdef = !strcmp(cur.p, "DEFAULT");
			if (!isdef) {
				if (sset_has(&sect, cur.p, cur.len)) {
					buf_addf(why, "entry_points.txt is not a valid INI "
					         "file: section %s given twice (line %zu)",
					         cur.p, lineno);
					ret = why->p;
					goto out;
				}
				sset_slot(&sect, cur.p, cur.len, 1);
			}
			scripts = !strcmp(cur.p, "console_scripts") ||
			          !strcmp(cur.p, "gui_scripts");
			insect = 1;
			haveopt = 0;
			continue;
		}
		if (!insect) {
			buf_addf(why, "entry_points.txt is not a valid INI file: no "
			         "section header before line %zu", lineno);
			ret = why->p;
			goto out;
		}
		eq = memchr(a, '=', b - a);
		if (!eq) {
			perr = perr ? perr : (int)lineno;
			haveopt = 0;
			continue;
		}
		{
			const unsigned char *ka = a, *kb = eq;

			strip(&ka, &kb);
			if (ka == kb)
				perr = perr ? perr : (int)lineno;
			key.len = 0;
			buf_add(&key, cur.p, cur.len);
			buf_add(&key, "\n", 1);
			buf_add(&key, ka, kb - ka);
			if (sset_has(&opts, key.p, key.len)) {
				buf_addf(why, "entry_points.txt is not a valid INI file: "
				         "option %.*s given twice in %s (line %zu)",
				         (int)(kb - ka), ka, cur.p, lineno);
				ret = why->p;
				goto out;
			}
			sset_slot(&opts, key.p, key.len, 1);
			haveopt = ka != kb;
			if (scripts || isdef) {
				/* names to check: in a scripts section, or in
				   DEFAULT (which every section inherits) */
				key.len = 0;
				buf_adds(&key, isdef ? "D" : "S");
				buf_add(&key, ka, kb - ka);
				sset_slot(&names, key.p, key.len, 1);
			}
		}
	}
	if (perr) {
		buf_addf(why, "entry_points.txt is not a valid INI file: line %d is "
		         "not NAME = VALUE", perr);
		ret = why->p;
		goto out;
	}
	/* the names of console_scripts and gui_scripts (with DEFAULT's when
	   either section exists) */
	{
		int any = sset_has(&sect, "console_scripts", 15) ||
		          sset_has(&sect, "gui_scripts", 11);

		for (k = 0; k < names.cap; k++) {
			if (!names.s[k])
				continue;
			if (names.s[k][0] == 'D' && !any)
				continue;
			if (!ep_name_ok(names.s[k] + 1)) {
				buf_addf(why, "invalid entry point name '%s'",
				         names.s[k] + 1);
				ret = why->p;
				goto out;
			}
		}
	}
out:
	sset_free(&sect);
	sset_free(&opts);
	sset_free(&names);
	buf_free(&key);
	buf_free(&cur);
	return ret;
}

/* ---- the archive as a whole */

/*
 * os.path.commonpath of the member names, as _commonpath in legacy.py
 * uses it: components "" and "." dropped, then the longest common run of
 * components; "/" before it when every name is absolute. -1 when some
 * names are absolute and some not (commonpath raises ValueError).
 */
static int
commonpath(const struct dist *d, struct buf *out)
{
	size_t i, clen = 0, n;
	int abs0 = 0;

	out->len = 0;
	buf_add(out, "", 1);
	out->len = 0;
	if (!d->n)
		return 0;
	abs0 = d->e[0].path[0] == '/';
	for (i = 0; i < d->n; i++) {
		const char *p = d->e[i].path, *c, *s;
		struct buf norm = { 0 };

		if ((p[0] == '/') != abs0) {
			return -1;
		}
		/* the name with "" and "." components dropped */
		for (c = p; *c; c = s + (*s == '/')) {
			s = strchr(c, '/');
			if (!s)
				s = c + strlen(c);
			n = s - c;
			if (!n || (n == 1 && *c == '.'))
				continue;
			if (norm.len)
				buf_add(&norm, "/", 1);
			buf_add(&norm, c, n);
		}
		buf_add(&norm, "", 1);
		norm.len--;
		if (i == 0) {
			buf_add(out, norm.p, norm.len);
			clen = norm.len;
		} else {
			size_t k = 0, lastcut = 0;

			/* longest common prefix ending at a component boundary */
			while (k < clen && k < norm.len && out->p[k] == norm.p[k]) {
				k++;
				if (out->p[k - 1] == '/')
					lastcut = k - 1;
			}
			if (!(k == clen && (k == norm.len || norm.p[k] == '/')) &&
			    !(k == norm.len && (k == clen || out->p[k] == '/')))
				k = lastcut;
			clen = k;
		}
		buf_free(&norm);
	}
	out->len = clen;
	buf_add(out, "", 1);
	out->len--;
	if (abs0) {
		struct buf t = { 0 };

		buf_add(&t, "/", 1);
		buf_add(&t, out->p, out->len);
		buf_add(&t, "", 1);
		t.len--;
		buf_free(out);
		*out = t;
	}
	return 0;
}

/* Is there a member named exactly name (trailing slashes stripped)? */
static int
has_member(const struct dist *d, const char *name, int strip_slash)
{
	size_t i, n = strlen(name), m;

	for (i = 0; i < d->n; i++) {
		const char *p = d->e[i].path;

		m = strlen(p);
		while (strip_slash && m > 0 && p[m - 1] == '/')
			m--;
		if (m == n && !memcmp(p, name, n))
			return 1;
	}
	return 0;
}

static int
add(struct buf *msg, const char *fmt, const char *a, const char *b)
{
	buf_addf(msg, fmt, a ? a : "", b ? b : "");
	buf_add(msg, "\n", 1);
	return 1;
}

/* tarfile.is_tarfile of an uncompressed file: a good first header. */
static int
tar_header(struct dist *d)
{
	unsigned char h[512];
	unsigned long us = 256, chk = 0;
	long ss = 256;
	size_t i;
	int nul = 1;

	if (d->zsize < 512 || pread(d->zfd, h, 512, 0) != 512)
		return 0;
	for (i = 0; i < 512; i++)
		nul &= h[i] == 0;
	if (nul)
		return 0;
	for (i = 0; i < 512; i++)
		if (i < 148 || i >= 156) {
			us += h[i];
			ss += (signed char)h[i];
		}
	if (h[148] == 0200 || h[148] == 0377)
		return 0;       /* base-256: not in a zip's first bytes */
	/* int(nts(field).strip() or "0", 8) */
	{
		char f[9];
		size_t a = 0, b;

		memcpy(f, h + 148, 8);
		f[8] = '\0';
		b = strlen(f);
		while (a < b && (f[a] == ' ' || (f[a] >= 9 && f[a] <= 13)))
			a++;
		while (b > a && (f[b - 1] == ' ' || (f[b - 1] >= 9 && f[b - 1] <= 13)))
			b--;
		for (i = a; i < b; i++) {
			if (f[i] < '0' || f[i] > '7')
				return 0;
			chk = chk * 8 + (f[i] - '0');
		}
	}
	return chk == us || (long)chk == ss;
}

static int
check_zip(struct dist *z, const char *path, struct buf *msg, int wheel)
{
	const char *base = strrchr(path, '/'), *why;
	unsigned long long total = 0;
	struct buf b = { 0 }, t = { 0 };
	size_t i, dl = 0;
	int bad = 0, r;

	base = base ? base + 1 : path;
	if (tar_header(z))
		return add(msg, "File is both a zip and a tar file", NULL, NULL);
	for (i = 0; i < z->n; i++)
		total += z->e[i].size;
	if (total > ARCH_RATIO_MIN_SIZE && z->zsize &&
	    (double)total / (double)z->zsize > ARCH_RATIO) {
		buf_addf(msg, "File exceeds compression ratio of %d\n", ARCH_RATIO);
		return 1;
	}
	for (i = 0; i < z->n; i++)
		if (z->e[i].method != 0 && z->e[i].method != 8)
			return add(msg, "File does not use a supported compression type",
			           NULL, NULL);
	if (!wheel) {
		r = commonpath(z, &t);
		if (r < 0)
			bad += add(msg, "(PyPI fails: absolute and relative member names "
			           "mixed)", NULL, NULL);
		else if (!t.len || !strcmp(t.p, "/"))
			bad += add(msg, "Incorrect number of top-level directories in "
			           "sdist", NULL, NULL);
		else {
			buf_adds(&t, "/PKG-INFO");
			if (!has_member(z, t.p, 0))
				bad += add(msg, "PKG-INFO not found at %s", t.p, NULL);
		}
		buf_free(&t);
		if (bad)
			return bad;
	} else {
		if (dist_info_dir(path, &t) < 0)
			return add(msg, "Unable to parse name and version from wheel "
			           "filename", NULL, NULL);
		dl = t.len;
		buf_adds(&t, "WHEEL");
		if (!has_member(z, t.p, 0)) {
			bad += add(msg, "WHEEL not found at %s", t.p, NULL);
			goto out;
		}
	}
	if ((why = archcheck_validate_zip(z))) {
		bad += add(msg, "ZIP archive not accepted: %s. See https://docs.pypi"
		           ".org/archives for more information", why, NULL);
		goto out;
	}
	if (!wheel)
		goto out;
	/* the upload view's wheel checks, in its order */
	t.len = dl;
	buf_adds(&t, "RECORD");
	if (!has_member(z, t.p, 0) || dist_read(z, t.p, DIST_META_LIMIT, &b) < 0 ||
	    !utf8_valid(b.p, b.len)) {
		buf_addf(msg, "Wheel '%s' does not contain the required RECORD file: "
		         "%s\n", base, t.p);
		bad++;
		goto out;
	}
	t.len = dl;
	buf_adds(&t, "entry_points.txt");
	if (has_member(z, t.p, 0) && dist_read(z, t.p, DIST_META_LIMIT, &b) == 0) {
		struct buf w = { 0 };

		if (archcheck_entry_points(b.p, b.len, &w)) {
			buf_addf(msg, "Wheel '%s' has invalid entry points defined in the "
			         "entry_points.txt file (%s)\n", base, w.p);
			bad++;
		}
		buf_free(&w);
		if (bad)
			goto out;
	}
	t.len = dl;
	buf_adds(&t, "METADATA");
	if (!has_member(z, t.p, 0)) {
		buf_addf(msg, "Wheel '%s' does not contain the required METADATA "
		         "file: %s\n", base, t.p);
		bad++;
	}
out:
	buf_free(&b);
	buf_free(&t);
	return bad;
}

static int
check_tar(struct dist *d, struct buf *msg)
{
	struct buf t = { 0 };
	unsigned char mg[2];
	FILE *f;
	size_t i;
	int bad = 0, r, iszip = 0;

	/* zipfile.is_zipfile, quietly: is there an end record? */
	if ((f = fopen(d->path, "rb"))) {
		if (fread(mg, 1, 2, f) != 2 || mg[0] != 0x1f || mg[1] != 0x8b) {
			fclose(f);
			return add(msg, "(PyPI fails: a .tar.gz that is not "
			           "gzip-compressed)", NULL, NULL);
		}
		fclose(f);
	}
	iszip = dist_is_zip(d->path);
	if (iszip)
		return add(msg, "File is both a zip and a tar file", NULL, NULL);
	for (i = 0; i < d->n; i++)
		if (d->e[i].sparse)
			return add(msg, "tar archive not accepted: Sparse members are not "
			           "allowed. See https://docs.pypi.org/archives for more "
			           "information", NULL, NULL);
	r = commonpath(d, &t);
	if (r < 0)
		bad += add(msg, "(PyPI fails: absolute and relative member names "
		           "mixed)", NULL, NULL);
	else if (!t.len || !strcmp(t.p, "/"))
		bad += add(msg, "Incorrect number of top-level directories in sdist",
		           NULL, NULL);
	else {
		buf_adds(&t, "/PKG-INFO");
		if (!has_member(d, t.p, 1))
			bad += add(msg, "PKG-INFO not found at %s", t.p, NULL);
	}
	buf_free(&t);
	return bad;
}

int
archcheck_pypi_check(struct dist *d, struct buf *msg)
{
	struct dist z;
	int bad;

	if (!strcmp(d->path, "-"))
		return 0;
	if (d->type == DIST_WHEEL)
		return check_zip(d, d->path, msg, 1);
	if (endswith(d->path, ".zip")) {
		if (dist_open_zip(d->path, &z) < 0)
			return add(msg, "File is not a zipfile", NULL, NULL);
		bad = check_zip(&z, d->path, msg, 0);
		dist_close(&z);
		return bad;
	}
	if (endswith(d->path, ".tar.gz"))
		return check_tar(d, msg);
	return 0;       /* .tgz, .tar.bz2, .tar.xz: refused by name (pypirules) */
}

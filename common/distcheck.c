/* relkit — MIT licence, see LICENSE. */
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "distcheck.h"
#include "hashring.h"
#include "meta.h"
#include "pep440.h"
#include "pyname.h"
#include "record.h"

/* Member indices sorted by name (stable: archive order among equals). */
static const struct dist *sort_d;

static int
by_name(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(sort_d->e[i].path, sort_d->e[j].path);

	return c ? c : (i > j) - (i < j);
}

static size_t *
sorted(const struct dist *d)
{
	size_t *ix = emalloc((d->n ? d->n : 1) * sizeof *ix), i;

	for (i = 0; i < d->n; i++)
		ix[i] = i;
	sort_d = d;
	qsort(ix, d->n, sizeof *ix, by_name);
	return ix;
}

size_t
distcheck_safety(const struct dist *d, struct findings *f)
{
	size_t *ix = sorted(d), i, j, bad = 0;
	const char *why;

	struct buf w = { 0 };

	for (i = 0; i < d->n; i++) {
		if ((why = dist_unsafe(d->e[i].path))) {
			finding(f, d->e[i].path, 0, "unsafe name: %s", why);
			bad++;
		}
		if (dist_unsafe_link(d, i, &w)) {
			if (d->e[i].type == 'l')
				finding(f, d->e[i].path, 0, "unsafe: %s (%s)", w.p,
				               d->e[i].link);
			else
				finding(f, d->e[i].path, 0, "unsafe: %s", w.p);
			bad++;
		}
	}
	buf_free(&w);
	for (i = 0; i < d->n; i = j) {
		for (j = i + 1; j < d->n &&
		     !strcmp(d->e[ix[i]].path, d->e[ix[j]].path); j++)
			;
		if (j - i > 1) {
			finding(f, d->e[ix[i]].path, 0, "duplicate member (%zu times)",
			               j - i);
			bad++;
		}
	}
	free(ix);
	return bad;
}

size_t
distcheck_globs(const struct dist *d, const struct pathpat *deny,
                const struct pathpat *allow, struct findings *f)
{
	const char *g;
	size_t i, bad = 0;

	for (i = 0; i < d->n; i++) {
		const struct dist_entry *e = &d->e[i];

		if ((g = pathpat_match(deny, e->path))) {
			finding(f, e->path, 0, "denied by %s", g);
			bad++;
		} else if (allow->n && e->type != 'd' &&
		           !pathpat_match(allow, e->path)) {
			finding(f, e->path, 0, "matches no allowed glob");
			bad++;
		}
	}
	return bad;
}

static const char *
basename_(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int
endsn(const char *s, size_t n, const char *suf)
{
	size_t m = strlen(suf);

	return n >= m && !memcmp(s + n - m, suf, m);
}

/* Compare two versions as PEP 440 does; 0 equal, 1 differ, -1 not one. */
static int
vercmp(const char *a, const char *b)
{
	struct pep440 va, vb;
	const char *why;

	if (pep440_parse(a, &va, &why) < 0 || pep440_parse(b, &vb, &why) < 0)
		return strcmp(a, b) ? -1 : 0;
	return pep440_cmp(&va, &vb) != 0;
}

/* Does NAME/VERSION from where agree with the metadata's? */
static size_t
agree(struct findings *f, const char *where, const char *name, size_t nlen,
      const char *ver, const struct meta *m)
{
	const char *mn = meta_get(m, "Name"), *mv = meta_get(m, "Version");
	size_t bad = 0;
	int c;

	if (mn && !pep503_eq(name, nlen, mn, strlen(mn))) {
		finding(f, NULL, 0, "name %.*s in the %s is not %s from the "
		               "metadata", (int)nlen, name, where, mn);
		bad++;
	}
	if (mv && (c = vercmp(ver, mv)) != 0) {
		finding(f, NULL, 0, "version %s in the %s %s %s from the "
		               "metadata", ver, where,
		               c < 0 ? "is not a PEP 440 version, or not" : "is not",
		               mv);
		bad++;
	}
	return bad;
}

/* Read and parse a metadata-style member; counts violations in *bad. */
static int
read_meta(struct dist *d, const char *member, struct meta *m, size_t *bad,
          struct findings *f)
{
	struct buf b = { 0 };
	size_t line;
	const char *err;
	int r;

	if (dist_read(d, member, DIST_META_LIMIT, &b) < 0) {
		(*bad)++;
		buf_free(&b);
		return -1;
	}
	r = meta_parse(b.p, b.len, m, &line, &err);
	buf_free(&b);
	if (r < 0) {
		finding(f, member, 0, "line %zu: %s", line, err);
		(*bad)++;
	}
	return r;
}

static size_t
check_meta_fields(struct findings *f, const char *member,
                  const struct meta *m)
{
	static const char *const need[] = { "Metadata-Version", "Name", "Version" };
	size_t i, bad = 0;

	for (i = 0; i < 3; i++) {
		if (!meta_get(m, need[i])) {
			finding(f, member, 0, "no %s field", need[i]);
			bad++;
		} else if (i > 0 && meta_count(m, need[i]) > 1) {
			finding(f, member, 0, "%s given more than once", need[i]);
			bad++;
		}
	}
	return bad;
}

/* Checks for every archive: names, bytecode, empty modules. */
static size_t
check_members(const struct dist *d, struct findings *f)
{
	size_t i, bad = 0;

	for (i = 0; i < d->n; i++) {
		const struct dist_entry *e = &d->e[i];
		const char *b = basename_(e->path);
		size_t n = strlen(e->path);

		if (!dist_utf8(e->path)) {
			finding(f, e->path, 0, "name is not UTF-8");
			bad++;
		}
		if (strstr(e->path, "__pycache__/") || !strcmp(b, "__pycache__") ||
		    endsn(e->path, n, ".pyc") || endsn(e->path, n, ".pyo")) {
			finding(f, e->path, 0, "compiled Python file");
			bad++;
		}
		/* An empty module is no fault: pip installs it, PyPI takes it,
		 * and real projects ship them (test fixtures, placeholders). */
	}
	return bad;
}

/* The file name without directory and suffix, or NULL for stdin. */
static char *
stem(const struct dist *d)
{
	static const char *const sfx[] = { ".whl", ".tar.gz", ".tgz", ".tar.bz2",
	                                   ".tar.xz", ".zip" };
	const char *b = basename_(d->path);
	size_t i, n = strlen(b);

	if (!strcmp(d->path, "-"))
		return NULL;
	for (i = 0; i < sizeof sfx / sizeof *sfx; i++)
		if (endsn(b, n, sfx[i]))
			return estrndup(b, n - strlen(sfx[i]));
	return estrdup(b);
}

static size_t
toplen(const char *p)
{
	const char *s = strchr(p, '/');

	return s ? (size_t)(s - p) : strlen(p);
}

static size_t
check_sdist(struct dist *d, struct findings *f)
{
	char *st = stem(d), *member = NULL;
	const char *top = d->e[0].path, *dash;
	size_t tn = toplen(top), i, bad = 0;
	struct meta m;
	int topdir = 0;

	for (i = 0; i < d->n; i++) {
		const char *p = d->e[i].path;

		if (toplen(p) != tn || strncmp(p, top, tn)) {
			finding(f, p, 0, "outside the top directory %.*s/", (int)tn,
			               top);
			bad++;
		} else if (p[tn] == '\0' && d->e[i].type != 'd') {
			finding(f, p, 0, "a file where the top directory should be");
			bad++;
		} else {
			topdir |= p[tn] == '/';
		}
	}
	if (!topdir) {
		finding(f, NULL, 0, "no top directory");
		bad++;
		goto out;
	}
	if (st && (strlen(st) != tn || strncmp(st, top, tn))) {
		finding(f, NULL, 0, "top directory %.*s/ is not named after the "
		               "file (%s/)", (int)tn, top, st);
		bad++;
	}
	member = emalloc(tn + 10);
	sprintf(member, "%.*s/PKG-INFO", (int)tn, top);
	if (dist_find(d, member) < 0) {
		finding(f, NULL, 0, "no %s", member);
		bad++;
		goto out;
	}
	if (read_meta(d, member, &m, &bad, f) < 0)
		goto out;
	bad += check_meta_fields(f, member, &m);
	dash = memrchr(top, '-', tn);
	if (!dash)
		finding(f, NULL, 0, "top directory %.*s/ is not NAME-VERSION/",
		               (int)tn, top), bad++;
	else {
		char *ver = estrndup(dash + 1, top + tn - dash - 1);

		bad += agree(f, "top directory", top, dash - top, ver, &m);
		free(ver);
	}
	meta_free(&m);
out:
	free(member);
	free(st);
	return bad;
}

struct hashctx {
	EVP_MD_CTX *ctx;
};

static int
hash_cb(void *arg, const void *p, size_t n)
{
	return EVP_DigestUpdate(((struct hashctx *)arg)->ctx, p, n) ? 0 : -1;
}

static void
evp_cb(void *ctx, const void *p, size_t n)
{
	EVP_DigestUpdate(ctx, p, n);
}

/* A member of a MiB or more is hashed by a hash ring (hashring.h) while
 * this thread reads and inflates the next chunks: the two cost about the
 * same, so a big wheel is checked in about half the time. */
enum { HBIG = 1 << 20 };

static int
stream_hashed(struct dist *d, size_t i, unsigned long long limit,
              struct hashctx *hc)
{
	struct hashring *h = hashring_start(evp_cb, hc->ctx);
	int st;

	if (!h)
		return dist_stream(d, i, limit, hash_cb, hc);
	st = dist_stream(d, i, limit, hashring_write, h);
	hashring_end(h);
	return st;
}

static int
by_rpath(const void *a, const void *b)
{
	return strcmp(((const struct record_entry *)a)->path,
	              ((const struct record_entry *)b)->path);
}

/* Verify one member against its RECORD line. */
static size_t
verify(struct dist *d, size_t i, const struct record_entry *r, int hash,
       struct findings *f)
{
	const struct dist_entry *e = &d->e[i];
	const EVP_MD *md;
	struct hashctx hc;
	unsigned char out[EVP_MAX_MD_SIZE];
	char enc[EVP_MAX_MD_SIZE * 2];
	unsigned len;
	size_t bad = 0;
	int st;

	if (!*r->hash) {
		finding(f, e->path, 0, "no hash in RECORD");
		return 1;
	}
	if (strcmp(r->algo, "sha256") && strcmp(r->algo, "sha384") &&
	    strcmp(r->algo, "sha512")) {
		finding(f, e->path, 0, "RECORD hash algorithm %s is not sha256, "
		               "sha384 or sha512", r->algo);
		return 1;
	}
	if (r->size < 0 || (unsigned long long)r->size != e->size) {
		if (r->size < 0)
			finding(f, e->path, 0, "no size in RECORD");
		else
			finding(f, e->path, 0, "RECORD size %lld, archive size %llu",
			               r->size, e->size);
		bad++;
	}
	if (!hash)
		return bad;
	md = EVP_get_digestbyname(r->algo);
	hc.ctx = EVP_MD_CTX_new();
	if (!md || !hc.ctx || !EVP_DigestInit_ex(hc.ctx, md, NULL))
		eprintf(EXIT_USAGE, "%s: cannot initialise OpenSSL", r->algo);
	if (e->size >= HBIG)
		st = stream_hashed(d, i, e->size, &hc);
	else
		st = dist_stream(d, i, e->size, hash_cb, &hc);
	if (st == 1) {
		finding(f, e->path, 0, "inflates beyond its declared %llu bytes",
		               e->size);
		bad++;
	} else if (st < 0) {
		bad++;          /* dist_stream named the fault */
	} else {
		EVP_DigestFinal_ex(hc.ctx, out, &len);
		b64url_nopad(out, len, enc);
		if (strcmp(enc, r->hash)) {
			finding(f, e->path, 0, "%s in RECORD does not match the "
			               "content", r->algo);
			bad++;
		}
	}
	EVP_MD_CTX_free(hc.ctx);
	return bad;
}

static size_t
check_record(struct dist *d, const char *di, size_t dn, struct findings *f)
{
	struct buf b = { 0 }, name = { 0 };
	struct record rec;
	struct record_entry key, *r;
	unsigned long long total = 0;
	size_t i, line, bad = 0, rn;
	const char *err;
	int hash = 1;

	buf_addf(&name, "%.*s/RECORD", (int)dn, di);
	if (dist_find(d, name.p) < 0) {
		finding(f, NULL, 0, "no %s", name.p);
		buf_free(&name);
		return 1;
	}
	if (dist_read(d, name.p, DIST_META_LIMIT, &b) < 0) {
		buf_free(&b);   /* dist_read may have grown it */
		buf_free(&name);
		return 1;
	}
	if (record_parse(b.p, b.len, &rec, &line, &err) < 0) {
		finding(f, name.p, 0, "line %zu: %s", line, err);
		buf_free(&b);
		buf_free(&name);
		return 1;
	}
	buf_free(&b);
	rn = name.len;
	if (rec.n > 1) /* an empty RECORD has no array to sort */
		qsort(rec.e, rec.n, sizeof *rec.e, by_rpath);
	for (i = 0; i + 1 < rec.n; i++)
		if (!strcmp(rec.e[i].path, rec.e[i + 1].path)) {
			finding(f, rec.e[i].path, 0, "listed twice in RECORD (lines "
			               "%zu and %zu)", rec.e[i].line, rec.e[i + 1].line);
			bad++;
		}
	for (i = 0; i < d->n; i++)
		if (d->e[i].type != 'd')
			total += d->e[i].size;
	if (total > DISTCHECK_HASH_LIMIT) {
		finding(f, NULL, 0, "members declare %llu bytes in all, more than "
		               "the %llu hashed: RECORD hashes not checked", total,
		               DISTCHECK_HASH_LIMIT);
		bad++;
		hash = 0;
	}
	for (i = 0; i < d->n; i++) {
		const struct dist_entry *e = &d->e[i];

		if (e->type == 'd')
			continue;
		if (!strncmp(e->path, name.p, rn) &&
		    (!e->path[rn] || !strcmp(e->path + rn, ".jws") ||
		     !strcmp(e->path + rn, ".p7s")))
			continue;       /* RECORD itself and its signatures */
		key.path = e->path;
		r = rec.n ? bsearch(&key, rec.e, rec.n, sizeof *rec.e, by_rpath) : NULL;
		if (!r) {
			finding(f, e->path, 0, "not in RECORD");
			bad++;
			continue;
		}
		r->line = 0;    /* seen */
		bad += verify(d, i, r, hash, f);
	}
	for (i = 0; i < rec.n; i++)
		if (rec.e[i].line && strcmp(rec.e[i].path, name.p) &&
		    dist_find(d, rec.e[i].path) < 0) {
			finding(f, rec.e[i].path, 0, "in RECORD but not in the "
			               "archive");
			bad++;
		}
	record_free(&rec);
	buf_free(&name);
	return bad;
}

static size_t
check_wheel(struct dist *d, struct findings *f)
{
	char *st = stem(d), *parts[6];
	const char *di = NULL, *dash;
	size_t i, n, dn = 0, np = 0, bad = 0;
	struct buf name = { 0 };
	struct meta m, w;
	char *s, *sp;

	for (i = 0; i < d->n; i++) {
		const char *p = d->e[i].path;

		n = toplen(p);
		if (!endsn(p, n, ".dist-info"))
			continue;
		if (!di) {
			di = p;
			dn = n;
		} else if (n != dn || strncmp(p, di, n)) {
			/* PyPI takes the one the file name names; pip installs
			 * none of it */
			finding(f, NULL, 0, "more than one .dist-info directory: "
			               "%.*s/ and %.*s/ (pip refuses to install it: "
			               "\"multiple .dist-info directories found\")",
			               (int)dn, di, (int)n, p);
			bad++;
			goto out;
		}
	}
	if (!di) {
		finding(f, NULL, 0, "no NAME-VERSION.dist-info directory");
		bad++;
		goto out;
	}
	/* NAME-VERSION[-BUILD]-PYTHON-ABI-PLATFORM */
	for (s = strtok_r(st, "-", &sp); s && np < 6; s = strtok_r(NULL, "-", &sp))
		parts[np++] = s;
	if (s || np < 5) {
		finding(f, NULL, 0, "file name is not NAME-VERSION[-BUILD]-"
		               "PYTHON-ABI-PLATFORM.whl");
		bad++;
		np = 0;
	}
	for (i = 0; i < 3; i++) {
		static const char *const fn[] = { "METADATA", "WHEEL", "RECORD" };
		size_t k, c = 0;

		name.len = 0;
		buf_addf(&name, "%.*s/%s", (int)dn, di, fn[i]);
		for (k = 0; k < d->n; k++)
			c += !strcmp(d->e[k].path, name.p);
		if (c == 0 && i < 2) {
			finding(f, NULL, 0, "no %s", name.p);
			bad++;
		}
		if (c > 1)      /* named already by distcheck_safety */
			bad++;
	}
	name.len = 0;
	buf_addf(&name, "%.*s/WHEEL", (int)dn, di);
	if (dist_find(d, name.p) >= 0 && read_meta(d, name.p, &w, &bad, f) == 0) {
		if (!meta_get(&w, "Wheel-Version")) {
			finding(f, name.p, 0, "no Wheel-Version field");
			bad++;
		}
		meta_free(&w);
	}
	name.len = 0;
	buf_addf(&name, "%.*s/METADATA", (int)dn, di);
	if (dist_find(d, name.p) >= 0 && read_meta(d, name.p, &m, &bad, f) == 0) {
		bad += check_meta_fields(f, name.p, &m);
		dash = memrchr(di, '-', dn - 10);
		if (!dash) {
			finding(f, NULL, 0, "%.*s/ is not NAME-VERSION.dist-info/",
			               (int)dn, di);
			bad++;
		} else {
			char *ver = estrndup(dash + 1, di + dn - 10 - dash - 1);

			bad += agree(f, ".dist-info directory", di, dash - di, ver, &m);
			free(ver);
		}
		if (np)
			bad += agree(f, "file name", parts[0], strlen(parts[0]),
			             parts[1], &m);
		meta_free(&m);
	}
	bad += check_record(d, di, dn, f);
out:
	buf_free(&name);
	free(st);
	return bad;
}

size_t
distcheck_struct(struct dist *d, struct findings *f)
{
	size_t bad = check_members(d, f);

	return bad + (d->type == DIST_WHEEL ? check_wheel(d, f) :
	               check_sdist(d, f));
}

char *
dist_unversioned(const struct dist *d, const char *path)
{
	size_t n = toplen(path), cut = n;
	const char *dash;
	struct buf b = { 0 };

	if (d->type == DIST_WHEEL) {
		if (endsn(path, n, ".dist-info"))
			cut = n - 10;
		else if (endsn(path, n, ".data"))
			cut = n - 5;
		else
			return estrdup(path);
	}
	dash = memrchr(path, '-', cut);
	if (!dash)
		return estrdup(path);
	buf_add(&b, path, dash - path);
	buf_adds(&b, path + cut);
	return b.p;
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **
names(const struct dist *d)
{
	char **v = emalloc((d->n + 1) * sizeof *v);
	size_t i;

	for (i = 0; i < d->n; i++)
		v[i] = dist_unversioned(d, d->e[i].path);
	qsort(v, d->n, sizeof *v, by_str);
	v[d->n] = NULL;
	return v;
}

static void
put(FILE *out, char sign, const char *s)
{
	struct buf b = { 0 };

	buf_add(&b, &sign, 1);
	dist_quote(&b, s);
	buf_add(&b, "\n", 1);
	fwrite(b.p, 1, b.len, out);
	buf_free(&b);
}

size_t
dist_diff(const struct dist *a, const struct dist *b, FILE *out)
{
	char **va = names(a), **vb = names(b);
	size_t i = 0, j = 0, k, lines = 0;
	int c;

	while (i < a->n || j < b->n) {
		c = i >= a->n ? 1 : j >= b->n ? -1 : strcmp(va[i], vb[j]);
		if (c == 0) {
			i++, j++;
			continue;
		}
		/* a name repeated on one side counts once */
		if ((c < 0 && i > 0 && !strcmp(va[i], va[i - 1])) ||
		    (c > 0 && j > 0 && !strcmp(vb[j], vb[j - 1]))) {
			c < 0 ? i++ : j++;
			continue;
		}
		put(out, c < 0 ? '-' : '+', c < 0 ? va[i] : vb[j]);
		c < 0 ? i++ : j++;
		lines++;
	}
	for (k = 0; k < a->n; k++)
		free(va[k]);
	for (k = 0; k < b->n; k++)
		free(vb[k]);
	free(va);
	free(vb);
	return lines;
}

/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "archcheck.h"
#include "pep440.h"
#include "pyname.h"
#include "pypirules.h"

#define SUMMARY_MAX 512
#define URL_LABEL_MAX 32

static const char *const metaversions[] = {
	"1.0", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5", NULL
};

/* Characters, not bytes, of UTF-8 text. */
static size_t
u8nlen(const char *s, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static size_t
u8len(const char *s)
{
	return u8nlen(s, strlen(s));
}

static const char *
trimmed(const char *s, size_t *len)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*len = n;
	return s;
}

int
pyrule_meta(const struct meta *m, struct buf *msg)
{
	const char *mv = meta_get(m, "Metadata-Version");
	const char *name = meta_get(m, "Name");
	const char *ver = meta_get(m, "Version");
	const char *sum = meta_get(m, "Summary");
	const char *why;
	struct pep440 v;
	size_t i, n;
	int bad = 0;

	if (!mv) {
		buf_adds(msg, "no Metadata-Version in the metadata\n");
		bad++;
	} else {
		for (i = 0; metaversions[i] && strcmp(mv, metaversions[i]); i++)
			;
		if (!metaversions[i]) {
			buf_addf(msg, "Metadata-Version %s is not one PyPI accepts "
			         "(1.0, 1.1, 1.2, 2.1 to 2.5)\n", mv);
			bad++;
		}
	}
	if (!name) {
		buf_adds(msg, "no Name in the metadata\n");
		bad++;
	} else if (!pep508_valid_name(name, strlen(name))) {
		buf_addf(msg, "Name %s is not a valid project name (letters, "
		         "digits, '-', '_', '.', starting and ending with a letter "
		         "or digit)\n", name);
		bad++;
	}
	if (!ver) {
		buf_adds(msg, "no Version in the metadata\n");
		bad++;
	} else if (pep440_parse(ver, &v, &why) < 0) {
		buf_addf(msg, "Version %s: %s\n", ver, why);
		bad++;
	} else if (v.local[0]) {
		buf_addf(msg, "Version %s: local versions (+%s) are not allowed "
		         "on PyPI\n", ver, v.local);
		bad++;
	}
	if (sum && strchr(sum, '\n')) {
		buf_adds(msg, "Summary: multiple lines are not allowed\n");
		bad++;
	}
	if (sum && u8len(sum) > SUMMARY_MAX) {
		buf_addf(msg, "Summary is %zu characters; PyPI allows at most %d\n",
		         u8len(sum), SUMMARY_MAX);
		bad++;
	}
	for (i = 0; i < m->n; i++) {
		const struct meta_field *f = &m->f[i];

		if (strcasecmp(f->name, "Project-URL") == 0) {
			const char *comma = strchr(f->value, ',');
			const char *label;

			if (!comma) {
				buf_addf(msg, "line %zu: Project-URL %s is not "
				         "\"Label, URL\"\n", f->line, f->value);
				bad++;
				continue;
			}
			label = f->value;
			while (*label == ' ')
				label++;
			n = (size_t)(comma - label);
			while (n > 0 && label[n - 1] == ' ')
				n--;
			if (u8nlen(label, n) > URL_LABEL_MAX) {
				buf_addf(msg, "line %zu: Project-URL label %.*s is %zu "
				         "characters; PyPI allows at most %d\n", f->line,
				         (int)n, label, u8nlen(label, n), URL_LABEL_MAX);
				bad++;
			}
		} else if (strcasecmp(f->name, "Requires-Dist") == 0) {
			const char *s = trimmed(f->value, &n);
			const char *semi = memchr(s, ';', n);
			const char *at = memchr(s, '@', semi ? (size_t)(semi - s) : n);

			if (at) {
				buf_addf(msg, "line %zu: Requires-Dist %.*s: direct URL "
				         "references are not allowed on PyPI\n", f->line,
				         (int)n, s);
				bad++;
			}
		}
	}
	return bad;
}

/* Do the version strings s[0..n) and t name the same PEP 440 version
 * (1.0 and 1.0.0 do)? */
static int
sameversion(const char *s, size_t n, const char *t)
{
	struct pep440 a, b;
	const char *why;
	char *tmp = estrndup(s, n);
	int same = pep440_parse(tmp, &a, &why) == 0 &&
	           pep440_parse(t, &b, &why) == 0 && pep440_cmp(&a, &b) == 0;

	free(tmp);
	return same;
}

static int
sdistname(const char *base, const char *name, const char *version,
          struct buf *msg)
{
	char norm[256];
	size_t i, n, len = strlen(base), nlen;
	const char *ext = ".tar.gz", *vs;

	nlen = pep503_normalize(name, strlen(name), norm, sizeof norm);
	if (nlen >= sizeof norm)
		nlen = sizeof norm - 1;
	for (i = 0; i < nlen; i++)
		if (norm[i] == '-')
			norm[i] = '_';
	n = strlen(ext);
	if (len < n || strcmp(base + len - n, ext) != 0) {
		buf_addf(msg, "%s: PyPI accepts only .tar.gz source "
		         "distributions\n", base);
		return 1;
	}
	vs = base + nlen + 1;
	if (len <= nlen + 1 + n || strncmp(base, norm, nlen) != 0 ||
	    base[nlen] != '-' ||
	    !sameversion(vs, (size_t)(base + len - n - vs), version)) {
		buf_addf(msg, "%s: the file name must be %s-%s.tar.gz (PEP 625: "
		         "the normalised project name with '_' for '-', then "
		         "the version)\n", base, norm, version);
		return 1;
	}
	return 0;
}

static int
wheelpart(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.+!", s[i]))
			return 0;
	return 1;
}

static int
wheelname(const char *base, const char *name, const char *version,
          char *pyversion, size_t size, struct buf *msg)
{
	const char *part[7];
	size_t plen[7], np = 0, len = strlen(base), i;
	const char *p, *end;

	if (len < 4 || strcmp(base + len - 4, ".whl") != 0) {
		buf_addf(msg, "%s: a wheel's name ends in .whl\n", base);
		return 1;
	}
	end = base + len - 4;
	for (p = base; np < 7;) {
		const char *d = memchr(p, '-', (size_t)(end - p));

		part[np] = p;
		plen[np++] = d ? (size_t)(d - p) : (size_t)(end - p);
		if (!d)
			break;
		p = d + 1;
	}
	for (i = 0; i < np && wheelpart(part[i], plen[i]); i++)
		;
	if ((np != 5 && np != 6) || i != np ||
	    (np == 6 && !isdigit((unsigned char)part[2][0]))) {
		buf_addf(msg, "%s: not a wheel file name "
		         "(NAME-VERSION[-BUILD]-PYTHON-ABI-PLATFORM.whl)\n", base);
		return 1;
	}
	if (!pep503_eq(part[0], plen[0], name, strlen(name))) {
		buf_addf(msg, "%s: the file name's project %.*s is not the "
		         "metadata's %s\n", base, (int)plen[0], part[0], name);
		return 1;
	}
	if (!sameversion(part[1], plen[1], version)) {
		buf_addf(msg, "%s: the file name's version %.*s is not the "
		         "metadata's %s\n", base, (int)plen[1], part[1], version);
		return 1;
	}
	i = np - 3;
	snprintf(pyversion, size, "%.*s", (int)plen[i], part[i]);
	return 0;
}

int
pyrule_filename(const char *base, enum dist_type type, const char *name,
                const char *version, char *pyversion, size_t size,
                struct buf *msg)
{
	if (strpbrk(base, "\"\\\r\n")) {
		buf_adds(msg, "the file name holds a quote, backslash or line "
		         "break\n");
		return 1;
	}
	if (type == DIST_WHEEL)
		return wheelname(base, name, version, pyversion, size, msg);
	if (sdistname(base, name, version, msg))
		return 1;
	snprintf(pyversion, size, "source");
	return 0;
}

static int
hasmember(const struct dist *d, const char *path)
{
	long i = dist_find(d, path);

	return i >= 0 && d->e[i].type == 'f';
}

int
pyrule_members(const struct dist *d, const char *member, struct buf *msg)
{
	static const char *const need[] = { "WHEEL", "RECORD" };
	const char *slash = strrchr(member, '/');
	size_t i, dir = slash ? (size_t)(slash - member + 1) : 0;
	int bad = 0;

	if (d->type != DIST_WHEEL)
		return 0;
	for (i = 0; i < sizeof need / sizeof need[0]; i++) {
		struct buf p = { 0 };

		buf_add(&p, member, dir);
		buf_adds(&p, need[i]);
		if (!hasmember(d, p.p)) {
			buf_addf(msg, "the wheel has no %s\n", p.p);
			bad++;
		}
		buf_free(&p);
	}
	return bad;
}

int
pyrule_one_sdist(size_t n, const char *const *bases,
                 const enum dist_type *kinds, const char *const *names,
                 const char *const *versions, struct buf *msg)
{
	size_t i, j;
	int bad = 0;

	for (i = 0; i < n; i++) {
		if (kinds[i] != DIST_SDIST)
			continue;
		for (j = 0; j < i; j++)
			if (kinds[j] == DIST_SDIST &&
			    pep503_eq(names[i], strlen(names[i]), names[j],
			              strlen(names[j])) &&
			    sameversion(versions[i], strlen(versions[i]),
			                versions[j])) {
				buf_addf(msg, "%s: a second sdist for %s %s (after %s); "
				         "PyPI allows one sdist per release\n", bases[i],
				         names[i], versions[i], bases[j]);
				bad++;
				break;
			}
	}
	return bad;
}

/* Core-metadata headers and their form fields; multi: one part per value. */
static const struct {
	const char *header, *field;
	int multi;
} fieldmap[] = {
	{ "Summary", "summary", 0 },
	{ "Description", "description", 0 },
	{ "Keywords", "keywords", 0 },
	{ "Home-page", "home_page", 0 },
	{ "Author", "author", 0 },
	{ "Author-email", "author_email", 0 },
	{ "Maintainer", "maintainer", 0 },
	{ "Maintainer-email", "maintainer_email", 0 },
	{ "License", "license", 0 },
	{ "Download-URL", "download_url", 0 },
	{ "Requires-Python", "requires_python", 0 },
	{ "Description-Content-Type", "description_content_type", 0 },
	{ "License-Expression", "license_expression", 0 },
	{ "Classifier", "classifiers", 1 },
	{ "Platform", "platform", 1 },
	{ "Supported-Platform", "supported_platform", 1 },
	{ "Requires-Dist", "requires_dist", 1 },
	{ "Provides-Dist", "provides_dist", 1 },
	{ "Obsoletes-Dist", "obsoletes_dist", 1 },
	{ "Requires-External", "requires_external", 1 },
	{ "Provides-Extra", "provides_extra", 1 },
	{ "Dynamic", "dynamic", 1 },
	{ "License-File", "license_file", 1 },
	{ "Requires", "requires", 1 },
	{ "Provides", "provides", 1 },
	{ "Obsoletes", "obsoletes", 1 },
	{ "Project-URL", "project_urls", 1 },
};

void
form_add(struct form *f, const char *name, const char *value)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->f = erealloc(f->f, f->cap * sizeof *f->f);
	}
	f->f[f->n].name = estrdup(name);
	f->f[f->n].value = estrdup(value);
	f->n++;
}

void
form_free(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->f[i].name);
		free(f->f[i].value);
	}
	free(f->f);
	memset(f, 0, sizeof *f);
}

char *
pyrule_safe_name(const char *name)
{
	struct buf b = { 0 };
	const char *s;
	int inrun = 0;

	buf_grow(&b, strlen(name));
	b.p[0] = '\0';
	for (s = name; *s; s++) {
		if (isalnum((unsigned char)*s) || *s == '.') {
			buf_add(&b, s, 1);
			inrun = 0;
		} else if (!inrun) {
			buf_adds(&b, "-");
			inrun = 1;
		}
	}
	return b.p;
}

void
pyrule_form(const struct meta *m, enum dist_type type, const char *pyversion,
            const struct digests *dg, struct form *out)
{
	const char *v, *body = m->body;
	char *safe;
	size_t i, k, nmap = sizeof fieldmap / sizeof fieldmap[0];
	int done[sizeof fieldmap / sizeof fieldmap[0]] = { 0 };

	form_add(out, ":action", "file_upload");
	form_add(out, "protocol_version", "1");
	safe = pyrule_safe_name((v = meta_get(m, "Name")) ? v : "");
	form_add(out, "name", safe);
	free(safe);
	form_add(out, "version", (v = meta_get(m, "Version")) ? v : "");
	form_add(out, "filetype", type == DIST_WHEEL ? "bdist_wheel" : "sdist");
	form_add(out, "pyversion", pyversion);
	form_add(out, "metadata_version",
	         (v = meta_get(m, "Metadata-Version")) ? v : "");
	for (i = 0; i < m->n; i++) {
		for (k = 0; k < nmap; k++)
			if (strcasecmp(m->f[i].name, fieldmap[k].header) == 0)
				break;
		if (k == nmap || (done[k] && !fieldmap[k].multi))
			continue;
		/* the body, when there is one, is the description */
		if (strcmp(fieldmap[k].field, "description") == 0 && body &&
		    *body)
			continue;
		form_add(out, fieldmap[k].field, m->f[i].value);
		done[k] = 1;
	}
	if (body && *body)
		form_add(out, "description", body);
	form_add(out, "sha256_digest", dg->sha256);
	form_add(out, "blake2_256_digest", dg->blake2_256);
}

/* Print each line of msg as "prog: path: line"; the number of lines. */
static int
report(const char *path, struct buf *msg)
{
	char *s, *nl;
	int n = 0;

	for (s = msg->p; s && *s; s = nl + 1, n++) {
		nl = strchr(s, '\n');
		*nl = '\0';
		weprintf("%s: %s", path, s);
	}
	msg->len = 0;
	return n;
}

static int
check_file(struct pyfile *u)
{
	struct dist d;
	struct buf md = { 0 }, msg = { 0 };
	char *member = NULL;
	const char *err, *slash = strrchr(u->path, '/');
	size_t line;
	int bad = 0;

	u->base = slash ? slash + 1 : u->path;
	if (dist_open(u->path, &d) < 0)
		return -1;
	u->type = d.type;
	if (dist_metadata(&d, &md, &member) < 0)
		bad = 1;
	else if (meta_parse(md.p, md.len, &u->meta, &line, &err) < 0) {
		weprintf("%s: %s:%zu: %s", u->path, member, line, err);
		bad = 1;
	} else {
		pyrule_members(&d, member, &msg);
		pyrule_meta(&u->meta, &msg);
		u->name = meta_get(&u->meta, "Name");
		u->version = meta_get(&u->meta, "Version");
		if (u->name && u->version)
			pyrule_filename(u->base, u->type, u->name, u->version,
			                u->pyversion, sizeof u->pyversion, &msg);
		bad = report(u->path, &msg) > 0;
	}
	if (!bad && digest_file(u->path, &u->dg) < 0)
		bad = 1;
	free(member);
	buf_free(&md);
	buf_free(&msg);
	dist_close(&d);
	return bad ? -1 : 0;
}

int
pyrule_check_files(struct pyfile *f, size_t n)
{
	const char **bases = ecalloc(n, sizeof *bases);
	const char **names = ecalloc(n, sizeof *names);
	const char **versions = ecalloc(n, sizeof *versions);
	enum dist_type *kinds = ecalloc(n, sizeof *kinds);
	struct buf msg = { 0 };
	size_t i, k = 0;
	int bad = 0;

	for (i = 0; i < n; i++) {
		/* the archive as PyPI reads its bytes (archcheck.c) */
		if (check_file(&f[i]) < 0 || archive_pypi_refusals(f[i].path) != 0) {
			bad++;
			continue;
		}
		bases[k] = f[i].base;
		names[k] = f[i].name;
		versions[k] = f[i].version;
		kinds[k++] = f[i].type;
	}
	if (pyrule_one_sdist(k, bases, kinds, names, versions, &msg) > 0) {
		char *s, *nl;

		for (s = msg.p; *s; s = nl + 1, bad++) {
			nl = strchr(s, '\n');
			*nl = '\0';
			weprintf("%s", s);
		}
	}
	free(bases);
	free(names);
	free(versions);
	free(kinds);
	buf_free(&msg);
	return bad;
}

void
pyfile_free(struct pyfile *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		meta_free(&f[i].meta);
}

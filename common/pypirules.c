/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "pep440.h"
#include "pep508.h"
#include "pyname.h"
#include "pypirules.h"
#include "rst.h"
#include "spdx.h"
#include "trove.h"

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

int pyrule_form_has(const char *header);

/* The Metadata-Version each field of the form came with (packaging's
 * table); a field not listed has been there since 1.0. */
static const struct {
	const char *header, *added;
} ages[] = {
	{ "Supported-Platform", "1.1" }, { "Download-URL", "1.1" },
	{ "Classifier", "1.1" }, { "Requires", "1.1" }, { "Provides", "1.1" },
	{ "Obsoletes", "1.1" }, { "Maintainer", "1.2" },
	{ "Maintainer-email", "1.2" }, { "Requires-Dist", "1.2" },
	{ "Requires-Python", "1.2" }, { "Requires-External", "1.2" },
	{ "Project-URL", "1.2" }, { "Provides-Dist", "1.2" },
	{ "Obsoletes-Dist", "1.2" }, { "Description-Content-Type", "2.1" },
	{ "Provides-Extra", "2.1" }, { "Dynamic", "2.2" },
	{ "License-Expression", "2.4" }, { "License-File", "2.4" },
};

/* Index of a Metadata-Version in metaversions, or -1. */
static int
mvindex(const char *mv)
{
	int i;

	for (i = 0; mv && metaversions[i]; i++)
		if (!strcmp(mv, metaversions[i]))
			return i;
	return -1;
}

/* The version a field came with if it is newer than mv, else NULL. */
const char *
pyrule_field_newer(const char *header, const char *mv)
{
	size_t i;
	int have = mvindex(mv);

	if (have < 0)
		return NULL;
	for (i = 0; i < sizeof ages / sizeof ages[0]; i++)
		if (!strcasecmp(header, ages[i].header))
			return mvindex(ages[i].added) > have ? ages[i].added : NULL;
	return NULL;
}

int
pyrule_dropped(const char *header, const char *mv)
{
	return !strcasecmp(header, "License-File") &&
	       pyrule_field_newer(header, mv);
}

/* What packaging says of a License-File path (after "'PATH' is invalid
 * for 'license-file', "), in its order; NULL for a good one. Windows
 * paths as pathlib's PureWindowsPath: a drive and a root, or a share,
 * are absolute; a backslash, an empty or '.' component or a trailing
 * '/' change its as_posix(). */
static const char *
license_file_bad(const char *s)
{
	const char *c;
	size_t n = strlen(s);

	if (strstr(s, ".."))
		return "parent directory indicators are not allowed";
	if (strchr(s, '*'))
		return "paths must be resolved";
	if (s[0] == '/' || s[0] == '\\' ||
	    (isalpha((unsigned char)s[0]) && s[1] == ':' &&
	     (s[2] == '/' || s[2] == '\\')))
		return "paths must be relative";
	if (strchr(s, '\\') || strstr(s, "//") || s[n - 1] == '/')
		return "paths must use '/' delimiter";
	for (c = s; c; c = strchr(c, '/')) {
		if (*c == '/')
			c++;
		if (c[0] == '.' && (c[1] == '/' || !c[1]))
			return "paths must use '/' delimiter";
	}
	return NULL;
}

/* The fields packaging lets Dynamic name and warehouse takes. */
static const char *const dynamic_ok[] = {
	"platform", "supported-platform", "summary", "description",
	"description-content-type", "keywords", "home-page", "download-url",
	"author", "author-email", "maintainer", "maintainer-email", "license",
	"license-expression", "license-file", "classifier", "requires-dist",
	"requires-python", "requires-external", "project-url",
	"provides-extra", "provides-dist", "obsoletes-dist", "requires",
	"provides", "obsoletes", "import-name", "import-namespace", NULL
};

static int
inlist(const char *const *l, const char *s, size_t n)
{
	for (; *l; l++)
		if (strlen(*l) == n && !strncasecmp(*l, s, n))
			return 1;
	return 0;
}

/* Description-Content-Type as packaging checks it; NULL or the reason. */
static const char *
content_type_bad(const char *v, struct buf *why)
{
	static const char *const types[] = { "text/plain", "text/x-rst",
	                                     "text/markdown", NULL };
	const char *p = v, *semi;
	size_t n;
	int md;

	while (*p == ' ' || *p == '\t')
		p++;
	semi = strchr(p, ';');
	n = semi ? (size_t)(semi - p) : strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (!inlist(types, p, n)) {
		buf_addf(why, "'description-content-type' must be one of "
		         "['text/plain', 'text/x-rst', 'text/markdown'], not '%s'",
		         v);
		return why->p;
	}
	md = n == 13;
	while (semi) {
		const char *k = semi + 1, *eq, *val, *end;
		size_t kn, vn;

		semi = strchr(k, ';');
		end = semi ? semi : k + strlen(k);
		while (k < end && (*k == ' ' || *k == '\t'))
			k++;
		if (!(eq = memchr(k, '=', (size_t)(end - k))))
			continue;
		kn = (size_t)(eq - k);
		while (kn > 0 && k[kn - 1] == ' ')
			kn--;
		val = eq + 1;
		while (val < end && *val == ' ')
			val++;
		vn = (size_t)(end - val);
		while (vn > 0 && val[vn - 1] == ' ')
			vn--;
		if (vn >= 2 && val[0] == '"' && val[vn - 1] == '"')
			val++, vn -= 2;
		if (kn == 7 && !strncasecmp(k, "charset", 7) &&
		    !(vn == 5 && !strncasecmp(val, "utf-8", 5))) {
			buf_addf(why, "'description-content-type' can only specify "
			         "the UTF-8 charset, not '%.*s'", (int)vn, val);
			return why->p;
		}
		if (md && kn == 7 && !strncasecmp(k, "variant", 7) &&
		    !(vn == 3 && !strncmp(val, "GFM", 3)) &&
		    !(vn == 10 && !strncmp(val, "CommonMark", 10))) {
			buf_addf(why, "valid Markdown variants for "
			         "'description-content-type' are ['GFM', "
			         "'CommonMark'], not '%.*s'", (int)vn, val);
			return why->p;
		}
	}
	return NULL;
}

static struct trove trove;

/* Could a newer list hold c? Every classifier is segments joined by
 * " :: ", none empty, none with white space at either end: one that is
 * not is in no list, old or new. */
static int
classifier_shape(const char *c)
{
	const char *p = c, *e;

	for (;;) {
		e = strstr(p, " :: ");
		if (!e)
			e = p + strlen(p);
		if (e == p || isspace((unsigned char)*p) ||
		    isspace((unsigned char)e[-1]) || memchr(p, ':', (size_t)(e - p)))
			return 0;
		if (!*e)
			return 1;
		p = e + 4;
	}
}
static struct spdx_list spdx;
static int spdx_state; /* 0 not tried, 1 loaded, -1 none */
static int trove_state; /* 0 not tried, 1 loaded, -1 none */

static void
classifiers(const struct meta *m, struct buf *msg, int *bad)
{
	size_t i;
	int warned = 0;
	const char *by;

	for (i = 0; i < m->n; i++) {
		const char *c = m->f[i].value;

		if (strcasecmp(m->f[i].name, "Classifier"))
			continue;
		if (!trove_state)
			trove_state = trove_load(&trove) == 0 ? 1 : -1;
		if (trove_state < 0) {
			if (!warned++)
				buf_adds(msg, "warning: classifiers not checked: no "
				         "trove-classifiers list (Debian: "
				         "python3-trove-classifiers)\n");
			continue;
		}
		if ((by = trove_deprecated(&trove, c)) != NULL) {
			if (*by)
				buf_addf(msg, "line %zu: The classifier '%s' has been "
				         "deprecated, use one of [%s] instead.\n",
				         m->f[i].line, c, by);
			else
				buf_addf(msg, "line %zu: The classifier '%s' has been "
				         "deprecated.\n", m->f[i].line, c);
			(*bad)++;
		} else if (trove_known(&trove, c))
			;
		else if (!trove_top_known(&trove, c) || !classifier_shape(c)) {
			buf_addf(msg, "line %zu: '%s' is not a valid classifier.\n",
			         m->f[i].line, c);
			(*bad)++;
		} else
			buf_addf(msg, "warning: line %zu: '%s' is not in "
			         "trove-classifiers%s%s (%s): PyPI refuses it if its "
			         "newer list lacks it too\n", m->f[i].line, c,
			         *trove.version ? " " : "", trove.version, trove.path);
	}
}

/* A core metadata field that packaging's parse_email knows (twine 7
 * refuses any other); License-File before 2.4 is setuptools' own, which
 * twine drops. */
static int
known_field(const char *name, const char *mv)
{
	(void)mv;
	return pyrule_form_has(name) || !strcasecmp(name, "Metadata-Version") ||
	       !strcasecmp(name, "Name") || !strcasecmp(name, "Version") ||
	       !strcasecmp(name, "Import-Name") ||
	       !strcasecmp(name, "Import-Namespace");
}

/* One form field being checked: problems go to msg, counted in *bad;
 * Project-URL labels are gathered in labels, one a line. */
struct fieldck {
	const struct meta_field *f;
	const char *mv;
	struct buf *msg, *labels;
	int *bad;
};

static void bad(struct fieldck *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A problem with the field, on its line. */
static void
bad(struct fieldck *c, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	buf_addf(c->msg, "line %zu: %s\n", c->f->line, s ? s : fmt);
	free(s);
	(*c->bad)++;
}

/* s lower-cased into low (size bytes), at most n bytes of it. */
static const char *
lower(const char *s, size_t n, char *low, size_t size)
{
	size_t i;

	for (i = 0; i < n && s[i] && i < size - 1; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = '\0';
	return low;
}

static void
ck_url(struct fieldck *c)
{
	if (*c->f->value && !addr_url_ok(c->f->value))
		bad(c, "'%s' is not a valid url.", c->f->value);
}

static void
ck_email(struct fieldck *c)
{
	char addr[512];
	const char *why;

	if (addr_email_of(c->f->value, addr, sizeof addr) &&
	    !addr_email_ok(addr, &why))
		bad(c, "'%s' is not a valid email address: %s", addr, why);
}

/* Requires-Dist, Provides-Dist, Obsoletes-Dist: PEP 508, no direct
 * reference (PyPI words the first its own way). */
static void
ck_dist(struct fieldck *c)
{
	const char *v = c->f->value, *why;
	int url, req = !strcasecmp(c->f->name, "Requires-Dist");

	if (!pep508_req_ok(v, &url, &why))
		bad(c, req ? "'%s' is invalid for 'requires-dist' (%s)" :
		    "'%s' is invalid: %s", v, why);
	else if (url)
		bad(c, req ? "Can't have direct dependency: %s" :
		    "Can't have direct dependency: '%s'", v);
}

static void
ck_requires_python(struct fieldck *c)
{
	const char *why;

	if (!pep508_specset_ok(c->f->value, &why))
		bad(c, "'%s' is invalid for 'requires-python'", c->f->value);
}

static void
ck_content_type(struct fieldck *c)
{
	struct buf w = { 0 };
	const char *why;

	if (*c->f->value && (why = content_type_bad(c->f->value, &w)) != NULL)
		bad(c, "%s", why);
	buf_free(&w);
}

static void
ck_dynamic(struct fieldck *c)
{
	static const char *const never[] = { "name", "version",
	                                     "metadata-version", NULL };
	const char *v = c->f->value;
	size_t n = strlen(v);
	char low[64];

	if (inlist(never, v, n))
		bad(c, "'%s' is not allowed as a dynamic field",
		    lower(v, n, low, sizeof low));
	else if (n == 7 && !strcasecmp(v, "dynamic"))
		/* a field packaging knows, so warehouse's own list says no */
		bad(c, "Dynamic field 'dynamic' is not a valid dynamic field.");
	else if (!inlist(dynamic_ok, v, n))
		bad(c, "'%s' is not a valid dynamic field",
		    lower(v, n, low, sizeof low));
}

static void
ck_license_expression(struct fieldck *c)
{
	const char *v = c->f->value, *why;
	char id[128];
	int ok = spdx_ok(v, &why);

	if (ok && !spdx_state)
		spdx_state = spdx_load(&spdx) == 0 ? 1 : -1;
	if (!ok)
		bad(c, "'%s' is invalid for 'license-expression' (%s)", v, why);
	else if (spdx_state < 0 || !spdx_unknown(&spdx, v, id, sizeof id))
		;
	else if (spdx.pypi)
		/* packaging's list is the one PyPI checks against */
		bad(c, "'%s' is invalid for 'license-expression' (unknown "
		    "licence '%s' in SPDX list %s of %s)", v, id, spdx.version,
		    spdx.path);
	else
		buf_addf(c->msg, "warning: line %zu: '%s' is not in the SPDX list "
		         "of %s: PyPI refuses it if its newer list lacks it too\n",
		         c->f->line, id, spdx.path);
}

static void
ck_license_file(struct fieldck *c)
{
	const char *why;

	if (*c->f->value && !pyrule_dropped(c->f->name, c->mv) &&
	    (why = license_file_bad(c->f->value)) != NULL)
		bad(c, "'%s' is invalid for 'license-file', %s", c->f->value, why);
}

static void
ck_provides_extra(struct fieldck *c)
{
	if (!pep508_valid_name(c->f->value, strlen(c->f->value)))
		bad(c, "'%s' is invalid for 'provides-extra'", c->f->value);
}

/* "Label, URL" */
static void
ck_project_url(struct fieldck *c)
{
	const char *comma = strchr(c->f->value, ',');
	const char *label = c->f->value, *u = comma ? comma + 1 : "";
	size_t n = comma ? (size_t)(comma - label) : strlen(label);
	char *key;

	while (n > 0 && isspace((unsigned char)*label))
		label++, n--;
	while (n > 0 && isspace((unsigned char)label[n - 1]))
		n--;
	while (isspace((unsigned char)*u))
		u++;
	key = estrndup(label, n);
	buf_adds(c->labels, key);
	buf_add(c->labels, "\n", 1);
	if (n == 0)
		bad(c, "Project-URL: Must have a label");
	else if (u8nlen(label, n) > URL_LABEL_MAX)
		bad(c, "Project-URL: '%s' must be 32 characters or less.", key);
	else if (!*u)
		bad(c, "Project-URL: Must have a URL");
	else if (!addr_url_ok(u))
		bad(c, "Project-URL: '%s' is not a valid url", u);
	free(key);
}

/* The checks on a form field's value, by header (PyPI's words). */
static const struct {
	const char *header;
	void (*check)(struct fieldck *);
} field_checks[] = {
	{ "Home-page", ck_url },
	{ "Download-URL", ck_url },
	{ "Author-email", ck_email },
	{ "Maintainer-email", ck_email },
	{ "Requires-Dist", ck_dist },
	{ "Provides-Dist", ck_dist },
	{ "Obsoletes-Dist", ck_dist },
	{ "Requires-Python", ck_requires_python },
	{ "Description-Content-Type", ck_content_type },
	{ "Dynamic", ck_dynamic },
	{ "License-Expression", ck_license_expression },
	{ "License-File", ck_license_file },
	{ "Provides-Extra", ck_provides_extra },
	{ "Project-URL", ck_project_url },
};

/* The checks on one form field: not newer than the Metadata-Version,
 * then its value. */
static void
field_rules(const struct meta_field *f, const char *mv, struct buf *msg,
            int *nbad, struct buf *labels)
{
	struct fieldck c = { f, mv, msg, labels, nbad };
	const char *added;
	char low[64];
	size_t k;

	if ((added = pyrule_field_newer(f->name, mv)) &&
	    !pyrule_dropped(f->name, mv)) {
		bad(&c, "%s introduced in metadata version %s, not %s",
		    lower(f->name, sizeof low, low, sizeof low), added, mv);
		return;
	}
	for (k = 0; k < sizeof field_checks / sizeof *field_checks; k++)
		if (!strcasecmp(f->name, field_checks[k].header)) {
			field_checks[k].check(&c);
			return;
		}
}

/* Do two Project-URL labels repeat? labels: one a line. */
static int
duplicate_label(const char *labels)
{
	const char *a, *b, *ea, *eb;

	for (a = labels; *a; a = ea + 1) {
		ea = strchr(a, '\n');
		for (b = ea + 1; *b; b = eb + 1) {
			eb = strchr(b, '\n');
			if (ea - a == eb - b && !strncmp(a, b, (size_t)(ea - a)))
				return 1;
		}
	}
	return 0;
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
	struct buf labels = { 0 };
	size_t i;
	int bad = 0;

	if (!mv) {
		buf_adds(msg, "no Metadata-Version in the metadata\n");
		bad++;
	} else {
		for (i = 0; metaversions[i] && strcmp(mv, metaversions[i]); i++)
			;
		if (!metaversions[i]) {
			buf_addf(msg, "'%s' is not a valid metadata version (PyPI "
			         "accepts 1.0, 1.1, 1.2, 2.1 to 2.5)\n", mv);
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
		buf_addf(msg, "The use of local versions in '%s' is not allowed."
		         "\n", ver);
		bad++;
	}
	if (sum && strchr(sum, '\n')) {
		buf_adds(msg, "'summary' must be a single line\n");
		bad++;
	}
	if (sum && u8len(sum) > SUMMARY_MAX) {
		buf_addf(msg, "'summary' field must be %d characters or less. "
		         "(it has %zu)\n", SUMMARY_MAX, u8len(sum));
		bad++;
	}
	for (i = 0; i < m->n; i++) {
		const struct meta_field *f = &m->f[i];

		if (!known_field(f->name, mv)) {
			char low[64];
			size_t k;

			for (k = 0; f->name[k] && k < sizeof low - 1; k++)
				low[k] = (char)tolower((unsigned char)f->name[k]);
			low[k] = '\0';
			buf_addf(msg, "line %zu: Invalid distribution metadata: "
			         "unrecognized or malformed field '%s' (twine 7 "
			         "refuses it)\n", f->line, low);
			bad++;
			continue;
		}
		/* PyPI ignores a field sent once and empty */
		if (!*f->value && meta_count(m, f->name) == 1)
			continue;
		if (mv && pyrule_form_has(f->name))
			field_rules(f, mv, msg, &bad, &labels);
	}
	if (labels.p && duplicate_label(labels.p)) {
		buf_adds(msg, "'project_urls' has invalid data (two Project-URL "
		         "with one label)\n");
		bad++;
	}
	buf_free(&labels);
	if (meta_get(m, "License") && *meta_get(m, "License") &&
	    meta_get(m, "License-Expression") &&
	    *meta_get(m, "License-Expression")) {
		buf_adds(msg, "License is deprecated when License-Expression is "
		         "present. Only License-Expression should be present.\n");
		bad++;
	}
	classifiers(m, msg, &bad);
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

/* name normalised with '_' for '-' into out. */
static void
underscored(const char *name, char *out, size_t size)
{
	size_t i, n = pep503_normalize(name, strlen(name), out, size);

	if (n >= size)
		n = size - 1;
	for (i = 0; i < n; i++)
		if (out[i] == '-')
			out[i] = '_';
}

static int
sdistname(const char *base, const char *name, const char *version,
          struct buf *msg)
{
	char norm[256], nv[256], want[600];
	size_t len = strlen(base), n = strlen(".tar.gz");
	const char *why;

	if (pep440_normalize(version, nv, sizeof nv, &why) < 0) {
		if (len < n || strcmp(base + len - n, ".tar.gz") != 0) {
			buf_addf(msg, "%s: PyPI accepts only .tar.gz source "
			         "distributions\n", base);
			return 1;
		}
		return 0;       /* pyrule_meta says why */
	}
	underscored(name, norm, sizeof norm);
	snprintf(want, sizeof want, "%s-%s.tar.gz", norm, nv);
	if (len < n || strcmp(base + len - n, ".tar.gz") != 0) {
		/* a .zip: PyPI reads it, then wants the .tar.gz name */
		buf_addf(msg, "Filename '%s' is invalid, should be '%s'. (PyPI "
		         "accepts only .tar.gz source distributions)\n", base, want);
		return 1;
	}
	if (strcmp(base, want) == 0)
		return 0;
	buf_addf(msg, "Filename '%s' is invalid, should be '%s'.", base, want);
	if (strncmp(base, norm, strlen(norm)) || base[strlen(norm)] != '-')
		buf_adds(msg, " (PEP 625; the build backend is older than that: "
		         "setuptools >= 69.3 and flit_core >= 3.10 name sdists "
		         "right)");
	else
		buf_adds(msg, " (PEP 625: the version in normal form)");
	buf_adds(msg, "\n");
	return 1;
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
oneof(const char *s, size_t n, const char *const *l)
{
	for (; *l; l++)
		if (strlen(*l) == n && !strncmp(*l, s, n))
			return 1;
	return 0;
}

/* "N_" at s: the position after it, or NULL. */
static const char *
num_(const char *s)
{
	if (!isdigit((unsigned char)*s))
		return NULL;
	while (isdigit((unsigned char)*s))
		s++;
	return *s == '_' ? s + 1 : NULL;
}

int
pyrule_platform_ok(const char *t)
{
	static const char *const fixed[] = {
		"any", "win32", "win_arm64", "win_amd64", "win_ia64",
		"manylinux1_x86_64", "manylinux1_i686", "manylinux2010_x86_64",
		"manylinux2010_i686", "manylinux2014_x86_64", "manylinux2014_i686",
		"manylinux2014_aarch64", "manylinux2014_armv7l",
		"manylinux2014_ppc64", "manylinux2014_ppc64le",
		"manylinux2014_s390x", "linux_armv6l", "linux_armv7l", NULL
	};
	static const char *const mac[] = { "ppc", "ppc64", "i386", "x86_64",
		"arm64", "intel", "fat", "fat3", "fat64", "universal",
		"universal2", NULL };
	static const char *const macmajor[] = { "11", "12", "13", "14", "15",
	                                        "26", NULL };
	static const char *const linux_[] = { "x86_64", "i686", "aarch64",
		"armv7l", "ppc64le", "s390x", "riscv64", NULL };
	static const char *const ios[] = { "arm64", "x86_64", NULL };
	static const char *const android[] = { "armeabi_v7a", "arm64_v8a",
	                                       "x86", "x86_64", NULL };
	const char *p, *q, *r;

	if (oneof(t, strlen(t), fixed))
		return 1;
	if (!strncmp(t, "macosx_", 7) && (p = num_(t + 7)) && (q = num_(p))) {
		if ((size_t)(p - t - 8) == 2 && !strncmp(t + 7, "10", 2))
			return oneof(q, strlen(q), mac);
		return oneof(t + 7, (size_t)(p - t - 8), macmajor) &&
		       q - p == 2 && *p == '0' && oneof(q, strlen(q), mac);
	}
	if ((!strncmp(t, "manylinux_", 10) || !strncmp(t, "musllinux_", 10)) &&
	    (p = num_(t + 10)) && (q = num_(p)))
		return oneof(q, strlen(q), linux_) ||
		       (t[0] == 'm' && t[1] == 'a' && !strcmp(q, "ppc64"));
	if (!strncmp(t, "ios_", 4) && (p = num_(t + 4)) && (q = num_(p))) {
		/* the arch runs to the last _iphoneos or _iphonesimulator */
		const char *last = NULL;

		for (r = q; (r = strchr(r, '_')) != NULL; r++)
			if (!strncmp(r, "_iphoneos", 9) ||
			    !strncmp(r, "_iphonesimulator", 16))
				last = r;
		return last && oneof(q, (size_t)(last - q), ios);
	}
	if (!strncmp(t, "android_", 8) && (p = num_(t + 8)))
		return oneof(p, strlen(p), android);
	if (!strncmp(t, "pyemscripten_", 13) && (p = num_(t + 13)) &&
	    (q = num_(p)))
		return !strncmp(q, "wasm32", 6);
	return 0;
}

static int
wheelname(const char *base, const char *name, const char *version,
          char *pyversion, size_t size, struct buf *msg)
{
	const char *part[7];
	size_t plen[7], np = 0, len = strlen(base), i;
	const char *p, *end, *t;
	char norm[256], nv[256], fv[256], tag[256];

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
	for (t = part[np - 1]; t < end; t += i + 1) {
		for (i = 0; t + i < end && t[i] != '.'; i++)
			tag[i < sizeof tag - 1 ? i : sizeof tag - 1] =
			    (char)tolower((unsigned char)t[i]);
		tag[i < sizeof tag - 1 ? i : sizeof tag - 1] = '\0';
		if (!pyrule_platform_ok(tag)) {
			buf_addf(msg, "Binary wheel '%s' has an unsupported platform "
			         "tag '%s'.\n", base, tag);
			return 1;
		}
	}
	underscored(name, norm, sizeof norm);
	if (!pep503_eq(part[0], plen[0], name, strlen(name))) {
		buf_addf(msg, "Start filename for '%s' with '%s'.\n", name, norm);
		return 1;
	}
	if (plen[0] != strlen(norm) || strncmp(part[0], norm, plen[0])) {
		buf_addf(msg, "Filename '%s' should contain the normalized "
		         "project name '%s', not '%.*s'.\n", base, norm,
		         (int)plen[0], part[0]);
		return 1;
	}
	if (!sameversion(part[1], plen[1], version)) {
		char *v = estrndup(part[1], plen[1]);
		const char *why;

		if (pep440_normalize(v, fv, sizeof fv, &why) < 0)
			snprintf(fv, sizeof fv, "%s", v);
		if (pep440_normalize(version, nv, sizeof nv, &why) < 0)
			snprintf(nv, sizeof nv, "%s", version);
		buf_addf(msg, "Version in filename should be '%s' not '%s'.\n", nv,
		         fv);
		free(v);
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
	const char *p;

	for (p = base; *p; p++)
		if ((unsigned char)*p < 32 || *p == 127) {
			buf_adds(msg, "Cannot upload a file with non-printable "
			         "characters (ordinals 0-31) or the DEL character "
			         "(ordinal 127) in the name.\n");
			return 1;
		}
	if (strchr(base, '\\')) {
		buf_adds(msg, "Cannot upload a file with '/' or '\\' in the "
		         "name.\n");
		return 1;
	}
	if (strchr(base, '"')) {
		/* PyPI takes it, but a multipart header cannot carry it as
		 * twine sends it (requests writes %22) */
		buf_adds(msg, "the file name holds a quote\n");
		return 1;
	}
	if (!endswith(base, ".tar.gz") && !endswith(base, ".whl") &&
	    !endswith(base, ".zip")) {
		buf_adds(msg, "Invalid file extension: Use .tar.gz, .whl or .zip "
		         "extension. See https://www.python.org/dev/peps/pep-0527 "
		         "and https://peps.python.org/pep-0715/ for more "
		         "information\n");
		return 1;
	}
	if (type == DIST_WHEEL)
		return wheelname(base, name, version, pyversion, size, msg);
	if (sdistname(base, name, version, msg))
		return 1;
	snprintf(pyversion, size, "source");
	return 0;
}

int
pyrule_license_files(const struct dist *d, const struct meta *m,
                     struct buf *msg)
{
	const char *base = strrchr(d->path, '/');
	struct buf p = { 0 };
	size_t i, top = 0, dl = 0;
	int bad = 0;

	if (mvindex(meta_get(m, "Metadata-Version")) < mvindex("2.4"))
		return 0;
	base = base ? base + 1 : d->path;
	if (d->type == DIST_WHEEL) {
		if (dist_info_dir(d->path, &p) < 0)
			return 0;
		dl = p.len;
	} else if (d->n > 0)
		top = strcspn(d->e[0].path, "/");
	for (i = 0; i < m->n; i++) {
		if (strcasecmp(m->f[i].name, "License-File") || !*m->f[i].value ||
		    license_file_bad(m->f[i].value))
			continue;
		p.len = dl;
		if (d->type == DIST_WHEEL)
			buf_addf(&p, "licenses/%s", m->f[i].value);
		else
			buf_addf(&p, "%.*s/%s", (int)top, d->e[0].path,
			         m->f[i].value);
		if (dist_find(d, p.p) < 0) {
			buf_addf(msg, "License-File %s does not exist in distribution "
			         "file %s at %s\n", m->f[i].value, base, p.p);
			bad++;
		}
	}
	buf_free(&p);
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

const char *
pyrule_form_field(const char *header, int *multi)
{
	size_t k;

	for (k = 0; k < sizeof fieldmap / sizeof fieldmap[0]; k++)
		if (!strcasecmp(header, fieldmap[k].header)) {
			if (multi)
				*multi = fieldmap[k].multi;
			return fieldmap[k].field;
		}
	return NULL;
}

int
pyrule_form_has(const char *header)
{
	return pyrule_form_field(header, NULL) != NULL;
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

static void
description(const struct meta *m, struct buf *msg, int *bad)
{
	const char *ct = meta_get(m, "Description-Content-Type"), *d;
	char *dd = NULL;
	size_t n = 0;
	struct buf why = { 0 };
	int verdict;

	if (ct) {
		while (*ct == ' ')
			ct++;
		n = strcspn(ct, "; \t");
	}
	if (n && !(n == 10 && !strncasecmp(ct, "text/x-rst", 10)))
		return;         /* Markdown and plain text always render */
	if (m->body && *m->body)
		d = m->body;
	else if ((d = meta_get(m, "Description")) != NULL)
		d = dd = meta_dedent(d);
	if (!d || !*d) {
		free(dd);
		return;
	}
	verdict = rst_check(d, &why);
	if (verdict > 0) {
		if (n)
			buf_adds(msg, "The description failed to render for "
			         "'text/x-rst'.");
		else
			buf_adds(msg, "The description failed to render in the "
			         "default format of reStructuredText.");
		buf_addf(msg, "%s%s\n", why.len ? " " : "", why.p ? why.p : "");
		(*bad)++;
	} else if (verdict < 0)
		buf_addf(msg, "warning: the description's rendering not checked: "
		         "%s\n", why.p ? why.p : "");
	buf_free(&why);
	free(dd);
}

void
pyrule_dist(const struct dist *d, const char *base, const struct meta *m,
            char *pyversion, size_t size, struct buf *msg)
{
	const char *name = meta_get(m, "Name"), *version = meta_get(m, "Version");
	const char *mv = meta_get(m, "Metadata-Version");
	int bad = 0;
	size_t i;

	pyrule_meta(m, msg);
	if (name && version)
		pyrule_filename(base, d->type, name, version, pyversion, size, msg);
	pyrule_license_files(d, m, msg);
	description(m, msg, &bad);
	for (i = 0; i < m->n; i++)
		if (pyrule_dropped(m->f[i].name, mv) &&
		    meta_count(m, m->f[i].name) > 0 &&
		    !strcasecmp(m->f[i].name, "License-File")) {
			buf_addf(msg, "note: %s left out of the upload form: it came "
			         "with Metadata-Version %s and the file declares %s\n",
			         m->f[i].name, pyrule_field_newer(m->f[i].name, mv), mv);
			break;
		}
}

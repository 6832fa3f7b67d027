/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "spdx.h"
#include "util.h"

enum { OPERAND, OR, AND, WITH, OPEN, CLOSE };

/* The token at *p (parentheses are tokens of their own, the rest is split
 * at white space); its length in *n. 0 at the end. */
static int
token(const char **p, size_t *n, int *kind)
{
	const char *s = *p, *e;

	while (isspace((unsigned char)*s))
		s++;
	*p = s;
	if (!*s)
		return 0;
	if (*s == '(' || *s == ')') {
		*n = 1;
		*kind = *s == '(' ? OPEN : CLOSE;
		return 1;
	}
	for (e = s; *e && !isspace((unsigned char)*e) && *e != '(' &&
	     *e != ')'; e++)
		;
	*n = (size_t)(e - s);
	if (*n == 2 && strncasecmp(s, "or", 2) == 0)
		*kind = OR;
	else if (*n == 3 && strncasecmp(s, "and", 3) == 0)
		*kind = AND;
	else if (*n == 4 && strncasecmp(s, "with", 4) == 0)
		*kind = WITH;
	else
		*kind = OPERAND;
	return 1;
}

static int
licenseref_ok(const char *s, size_t n)
{
	size_t i, k = strlen("LicenseRef-");

	if (n < k || strncasecmp(s, "LicenseRef-", k) != 0)
		return 1;
	for (i = k; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '.' && s[i] != '-')
			return 0;
	return 1;
}

int
spdx_ok(const char *s, const char **why)
{
	const char *p = s;
	size_t n;
	int kind, prev = -1, want_operand = 1, depth = 0, after_with = 0;

	*why = "not a licence expression";
	while (token(&p, &n, &kind)) {
		if (want_operand) {
			if (kind == OPEN && !after_with)
				depth++;
			else if (kind == OPERAND) {
				if (!after_with && !licenseref_ok(p, n)) {
					*why = "a LicenseRef- holds only letters, digits, "
					       "'.' and '-'";
					return 0;
				}
				want_operand = 0;
				if (after_with)
					kind = WITH;    /* no WITH after an exception */
				after_with = 0;
			} else
				return 0;
		} else {
			if (kind == CLOSE) {
				if (--depth < 0)
					return 0;
			} else if (kind == OR || kind == AND)
				want_operand = 1;
			else if (kind == WITH && prev == OPERAND)
				want_operand = after_with = 1;
			else
				return 0;
		}
		prev = kind;
		p += n;
	}
	return !want_operand && depth == 0;
}

#define PYDIR "/usr/lib/python3/dist-packages"
#define NODEDIR "/usr/share/nodejs"

static void
add(char ***v, size_t *n, size_t *cap, const char *s, size_t len)
{
	size_t i;
	char *d;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 512;
		*v = erealloc(*v, *cap * sizeof **v);
	}
	d = estrndup(s, len);
	for (i = 0; i < len; i++)
		d[i] = (char)tolower((unsigned char)d[i]);
	(*v)[(*n)++] = d;
}

/* packaging's _spdx.py: VERSION = '...', then the 'id': '...' values of
 * LICENSES and, after the line that starts EXCEPTIONS, of EXCEPTIONS. */
static int
read_py(struct spdx_list *l, const char *path)
{
	struct buf src = { 0 };
	const char *p, *q, *e;
	int inex = 0;

	if (access(path, R_OK) < 0 || readfile(path, &src, 16 << 20) < 0) {
		buf_free(&src);
		return -1;
	}
	for (p = src.p; p && *p; p = q ? q + 1 : NULL) {
		q = strchr(p, '\n');
		e = q ? q : p + strlen(p);
		if (!strncmp(p, "EXCEPTIONS", 10))
			inex = 1;
		else if (!strncmp(p, "VERSION = '", 11)) {
			const char *v = p + 11, *z = memchr(v, '\'', (size_t)(e - v));

			if (z)
				snprintf(l->version, sizeof l->version, "%.*s",
				         (int)(z - v), v);
		} else {
			const char *k = strstr(p, "'id': '"), *z;

			if (k && k < e && (z = memchr(k + 7, '\'', (size_t)(e - k - 7)))) {
				if (inex)
					add(&l->ex, &l->nex, &l->excap, k + 7,
					    (size_t)(z - k - 7));
				else
					add(&l->id, &l->n, &l->cap, k + 7,
					    (size_t)(z - k - 7));
			}
		}
	}
	buf_free(&src);
	return l->n ? 0 : -1;
}

/* A JSON array of strings (node-spdx-license-ids, node-spdx-exceptions). */
static int
read_json(char ***v, size_t *n, size_t *cap, const char *path)
{
	struct buf src = { 0 };
	const char *p, *z;

	if (access(path, R_OK) < 0 || readfile(path, &src, 16 << 20) < 0) {
		buf_free(&src);
		return -1;
	}
	for (p = src.p; (p = strchr(p, '"')) != NULL; p = z + 1) {
		if (!(z = strchr(p + 1, '"')))
			break;
		add(v, n, cap, p + 1, (size_t)(z - p - 1));
	}
	buf_free(&src);
	return 0;
}

int
spdx_load(struct spdx_list *l)
{
	static const char *const py[] = {
		PYDIR "/packaging/licenses/_spdx.py",
		PYDIR "/pip/_vendor/packaging/licenses/_spdx.py", NULL };
	const char *env = getenv("RELKIT_SPDX");
	size_t i, k;

	memset(l, 0, sizeof *l);
	if (env && *env) {
		snprintf(l->path, sizeof l->path, "%s", env);
		k = strlen(env);
		if (k > 3 && !strcmp(env + k - 3, ".py")) {
			if (read_py(l, env) < 0)
				return spdx_free(l), -1;
			l->pypi = 1;
			return 0;
		}
		if (read_json(&l->id, &l->n, &l->cap, env) < 0 || !l->n)
			return spdx_free(l), -1;
		return 0;
	}
	for (i = 0; py[i]; i++)
		if (read_py(l, py[i]) == 0) {
			snprintf(l->path, sizeof l->path, "%s", py[i]);
			l->pypi = 1;
			return 0;
		} else
			spdx_free(l);
	snprintf(l->path, sizeof l->path, "%s",
	         NODEDIR "/spdx-license-ids/index.json");
	if (read_json(&l->id, &l->n, &l->cap, l->path) < 0 || !l->n)
		return spdx_free(l), -1;
	read_json(&l->id, &l->n, &l->cap,
	          NODEDIR "/spdx-license-ids/deprecated.json");
	read_json(&l->ex, &l->nex, &l->excap, NODEDIR "/spdx-exceptions/index.json");
	return 0;
}

static int
holds(char *const *v, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(v[i]) == len && !strncasecmp(v[i], s, len))
			return 1;
	return 0;
}

int
spdx_unknown(const struct spdx_list *l, const char *s, char *out,
             size_t outsz)
{
	const char *p = s;
	size_t n, k;
	int kind, after_with = 0;

	while (token(&p, &n, &kind)) {
		if (kind == WITH)
			after_with = 1;
		else if (kind == OPERAND) {
			k = n;
			if (!after_with && k > 0 && p[k - 1] == '+')
				k--;
			if (after_with ? !holds(l->ex, l->nex, p, k) :
			    !(k >= 11 && !strncasecmp(p, "LicenseRef-", 11)) &&
			    !holds(l->id, l->n, p, k)) {
				snprintf(out, outsz, "%.*s", (int)n, p);
				return 1;
			}
			after_with = 0;
		}
		p += n;
	}
	return 0;
}

void
spdx_free(struct spdx_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->id[i]);
	for (i = 0; i < l->nex; i++)
		free(l->ex[i]);
	free(l->id);
	free(l->ex);
	l->id = l->ex = NULL;
	l->n = l->cap = l->nex = l->excap = 0;
}

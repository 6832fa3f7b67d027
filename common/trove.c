/* relkit — MIT licence, see LICENSE. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trove.h"
#include "util.h"

#define TROVE_DIR "/usr/lib/python3/dist-packages"

/* The package's version from the trove_classifiers-V.dist-info beside
 * the module's directory. */
static void
version_of(struct trove *t, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	const char *p = "trove_classifiers-";
	size_t k = strlen(p), n;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (strncmp(e->d_name, p, k) == 0 && n > k + 10 &&
		    strcmp(e->d_name + n - 10, ".dist-info") == 0) {
			snprintf(t->version, sizeof t->version, "%.*s",
			         (int)(n - 10 - k), e->d_name + k);
			break;
		}
	}
	closedir(d);
}

static void
push(char ***v, size_t *n, size_t *cap, char *s)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*v = erealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = s;
}

int
trove_load(struct trove *t)
{
	const char *env = getenv("RELKIT_TROVE");
	struct buf src = { 0 };
	const char *p, *q, *end;
	enum { NONE, LIST, DICT } where = NONE;
	int inlist = 0;
	size_t n, bycap = 0;

	memset(t, 0, sizeof *t);
	t->path = env && *env ? env : TROVE_DIR "/trove_classifiers/__init__.py";
	if (access(t->path, R_OK) < 0 || readfile(t->path, &src, 16 << 20) < 0) {
		buf_free(&src);
		t->path = NULL;
		return -1;
	}
	if (!env || !*env)
		version_of(t, TROVE_DIR);
	end = src.p + src.len;
	for (p = src.p; p < end; p++) {
		if (where == NONE) {
			if (p == src.p || p[-1] == '\n') {
				if (!strncmp(p, "sorted_classifiers", 18))
					where = LIST;
				else if (!strncmp(p, "deprecated_classifiers", 22))
					where = DICT;
			}
			continue;
		}
		if ((*p == ']' || *p == '}') && p[-1] == '\n') {
			where = NONE;
			continue;
		}
		if (*p == '[')
			inlist = 1;
		else if (*p == ']')
			inlist = 0;
		if (*p != '"')
			continue;
		if (!(q = memchr(p + 1, '"', (size_t)(end - p - 1))))
			break;
		n = (size_t)(q - p - 1);
		if (where == LIST)
			push(&t->c, &t->n, &t->cap, estrndup(p + 1, n));
		else if (!inlist) {
			push(&t->dep, &t->ndep, &t->dcap, estrndup(p + 1, n));
			t->by = erealloc(t->by, t->dcap * sizeof *t->by);
			t->by[t->ndep - 1] = estrdup("");
			bycap = t->ndep;
		} else if (bycap) {
			char *old = t->by[t->ndep - 1];
			struct buf b = { 0 };

			buf_adds(&b, old);
			buf_addf(&b, "%s'%.*s'", *old ? ", " : "", (int)n, p + 1);
			free(old);
			t->by[t->ndep - 1] = b.p;
		}
		p = q;
	}
	buf_free(&src);
	if (t->n == 0) {
		trove_free(t);
		return -1;
	}
	return 0;
}

int
trove_known(const struct trove *t, const char *c)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->c[i], c))
			return 1;
	return trove_deprecated(t, c) != NULL;
}

int
trove_top_known(const struct trove *t, const char *c)
{
	size_t i, k = strcspn(c, ":");

	while (k > 0 && c[k - 1] == ' ')
		k--;
	for (i = 0; i < t->n; i++)
		if (!strncmp(t->c[i], c, k) && (t->c[i][k] == ' ' ||
		                                 !t->c[i][k]))
			return 1;
	return 0;
}

const char *
trove_deprecated(const struct trove *t, const char *c)
{
	size_t i;

	for (i = 0; i < t->ndep; i++)
		if (!strcmp(t->dep[i], c))
			return t->by[i];
	return NULL;
}

void
trove_free(struct trove *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->c[i]);
	for (i = 0; i < t->ndep; i++) {
		free(t->dep[i]);
		free(t->by[i]);
	}
	free(t->c);
	free(t->dep);
	free(t->by);
	memset(t, 0, sizeof *t);
}

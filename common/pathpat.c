/* relkit — MIT licence, see LICENSE. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "pathpat.h"
#include "util.h"

void
pathpat_add(struct pathpat *pp, const char *glob)
{
	pp->pat = eappend(pp->pat, &pp->n, &pp->cap, sizeof *pp->pat);
	pp->pat[pp->n - 1] = estrdup(glob);
}

static int
isblank_(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int
pathpat_load(struct pathpat *pp, const char *path)
{
	struct buf b = { 0 };
	char *p, *e, *nl;

	if (readfile(path, &b, RELKIT_TEXT_LIMIT) < 0) {
		buf_free(&b);
		return -1;
	}
	if (memchr(b.p, '\0', b.len)) {
		weprintf("%s:%zu: NUL byte", path,
		         lineno_at(b.p, (char *)memchr(b.p, '\0', b.len) - b.p));
		buf_free(&b);
		return -1;
	}
	for (p = b.p; p < b.p + b.len; p = nl + 1) {
		nl = memchr(p, '\n', b.p + b.len - p);
		if (!nl)
			nl = b.p + b.len;
		*nl = '\0';
		while (isblank_(*p))
			p++;
		for (e = nl; e > p && isblank_(e[-1]); e--)
			;
		*e = '\0';
		if (*p && *p != '#')
			pathpat_add(pp, p);
	}
	buf_free(&b);
	return 0;
}

const char *
pathpat_match(const struct pathpat *pp, const char *path)
{
	size_t i;

	for (i = 0; i < pp->n; i++)
		if (fnmatch(pp->pat[i], path, 0) == 0)
			return pp->pat[i];
	return NULL;
}

void
pathpat_free(struct pathpat *pp)
{
	size_t i;

	for (i = 0; i < pp->n; i++)
		free(pp->pat[i]);
	free(pp->pat);
	memset(pp, 0, sizeof *pp);
}

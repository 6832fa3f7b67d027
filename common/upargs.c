/* relkit — MIT licence, see LICENSE. */
#include <fnmatch.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "upargs.h"
#include "util.h"

static const char *
base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static void
push(char ***v, size_t *n, char *s)
{
	*v = erealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = s;
}

void
upargs_split(char **args, size_t n, struct upargs *u)
{
	size_t i;

	memset(u, 0, sizeof *u);
	for (i = 0; i < n; i++) {
		if (fnmatch("*.asc", args[i], 0) == 0)
			push(&u->sigs, &u->nsigs, args[i]);
		else if (fnmatch("*.*.attestation", args[i], 0) == 0)
			push(&u->atts, &u->natts, args[i]);
		else
			push(&u->dists, &u->ndists, args[i]);
	}
}

const char *
upargs_sig(const struct upargs *u, const char *dist)
{
	const char *b = base(dist);
	size_t i, n = strlen(b);

	/* twine keys signatures by base name; the last one given wins */
	for (i = u->nsigs; i-- > 0; ) {
		const char *s = base(u->sigs[i]);

		if (strncmp(s, b, n) == 0 && strcmp(s + n, ".asc") == 0)
			return u->sigs[i];
	}
	return NULL;
}

char *
upargs_attestations(const struct upargs *u, const char *dist)
{
	const char *b = base(dist);
	json_t *arr = json_array();
	char *out = NULL;
	size_t i;

	for (i = 0; i < u->natts; i++) {
		json_error_t e;
		json_t *j;

		if (strncmp(base(u->atts[i]), b, strlen(b)) != 0)
			continue;
		if (!(j = json_load_file(u->atts[i], JSON_DECODE_ANY, &e))) {
			weprintf("%s:%d: not JSON: %s", u->atts[i], e.line, e.text);
			goto out;
		}
		json_array_append_new(arr, j);
	}
	if (json_array_size(arr) == 0) {
		weprintf("%s: --attestations, but no attestation for it "
		         "(%s.*.attestation)", dist, b);
		goto out;
	}
	out = json_dumps(arr, JSON_COMPACT | JSON_ENCODE_ANY);
out:
	json_decref(arr);
	return out;
}

char *
upargs_sigtext(const struct upargs *u, const char *dist, int made)
{
	const char *given = upargs_sig(u, dist);
	struct buf path = { 0 }, b = { 0 };
	char *ret = NULL;

	if (!given && !made)
		return estrdup("");
	if (given)
		buf_adds(&path, given);
	else
		buf_addf(&path, "%s.asc", dist);
	if (readfile(path.p, &b, 1 << 20) < 0)
		goto out;
	if (b.len == 0 || memchr(b.p, '\0', b.len)) {
		weprintf("%s: empty, or binary: not an ASCII-armoured signature",
		         path.p);
		goto out;
	}
	buf_add(&b, "", 1);
	ret = b.p;
	b.p = NULL;
out:
	buf_free(&b);
	buf_free(&path);
	return ret;
}

void
upargs_free(struct upargs *u)
{
	free(u->dists);
	free(u->sigs);
	free(u->atts);
	memset(u, 0, sizeof *u);
}

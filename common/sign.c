/* relkit — MIT licence, see LICENSE. */
#include <errno.h>
#include <fnmatch.h>
#include <jansson.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sign.h"
#include "util.h"

extern char **environ;

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

int
sign_file(const char *sign_with, const char *identity, const char *path)
{
	char *argv[8];
	int i = 0, st;
	pid_t pid;

	argv[i++] = (char *)sign_with;
	argv[i++] = "--detach-sign";
	if (identity) {
		argv[i++] = "--local-user";
		argv[i++] = (char *)identity;
	}
	argv[i++] = "-a";
	argv[i++] = (char *)path;
	argv[i] = NULL;
	if (strcmp(sign_with, "gpg") == 0) {
		/* twine's fallback; PATH is searched first rather than a
		 * failed spawn's ENOENT trusted, which not every posix_spawn
		 * reports (valgrind's, for one) */
		char *gpg = onpath("gpg");

		if (!gpg) {
			weprintf("warning: gpg is not on PATH; trying gpg2");
			argv[0] = (char *)(sign_with = "gpg2");
		}
		free(gpg);
	}
	st = posix_spawnp(&pid, sign_with, NULL, NULL, argv, environ);
	if (st) {
		errno = st;
		weprintf("%s:", sign_with);
		return -1;
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		weprintf("%s: %s failed to sign it", path, sign_with);
		return -1;
	}
	return 0;
}

/* relkit — MIT licence, see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "edit.h"

int
worst(int a, int b)
{
	return a > b ? a : b;
}

int
edit_files(int inplace, char **files, int nfiles, edit_fn fn, void *arg)
{
	struct buf *in, *out;
	struct atomic_set set = { NULL, 0, 0 };
	int i, n = nfiles ? nfiles : 1, st = 0, r;

	in = ecalloc((size_t)n, sizeof *in);
	out = ecalloc((size_t)n, sizeof *out);
	/* Read and transform everything first: nothing is written, not even
	 * to stdout, until every input has been validated. */
	for (i = 0; i < n; i++) {
		const char *path = nfiles ? files[i] : NULL;
		const char *name = path && strcmp(path, "-") ? path : "<stdin>";

		if (readfile(path, &in[i], RELKIT_TEXT_LIMIT) < 0) {
			st = worst(st, EXIT_USAGE);
			continue;
		}
		r = fn(name, &in[i], &out[i], arg);
		st = worst(st, r);
	}
	if (st)
		goto done;
	if (inplace) {
		for (i = 0; i < n; i++) {
			if (in[i].len == out[i].len &&
			    memcmp(in[i].p, out[i].p, in[i].len) == 0) {
				/* unchanged: leave it alone, but not the
				 * temps an earlier killed run left */
				atomic_sweep(files[i]);
				continue;
			}
			if (atomic_stage(&set, files[i], out[i].p, out[i].len) < 0) {
				atomic_abort(&set);
				st = EXIT_USAGE;
				goto done;
			}
		}
		if (atomic_commit(&set) < 0)
			st = EXIT_USAGE;
	} else {
		for (i = 0; i < n; i++)
			fwrite(out[i].p, 1, out[i].len, stdout);
		if (fshut(stdout, "<stdout>") < 0)
			st = EXIT_USAGE;
	}
done:
	for (i = 0; i < n; i++) {
		buf_free(&in[i]);
		buf_free(&out[i]);
	}
	free(in);
	free(out);
	return st;
}

int
get_files(char **files, int nfiles, get_fn fn, void *arg)
{
	struct buf in = { 0 }, val = { 0 };
	int i, n = nfiles ? nfiles : 1, st = 0, r;

	for (i = 0; i < n; i++) {
		const char *path = nfiles ? files[i] : NULL;
		const char *name = path && strcmp(path, "-") ? path : "<stdin>";

		if (readfile(path, &in, RELKIT_TEXT_LIMIT) < 0) {
			st = worst(st, EXIT_USAGE);
			continue;
		}
		val.len = 0;
		buf_add(&val, "", 0);
		r = fn(name, &in, &val, arg);
		if (r) {
			st = worst(st, r);
			continue;
		}
		if (nfiles > 1)
			printf("%s\t", name);
		fwrite(val.p, 1, val.len, stdout);
		putchar('\n');
	}
	buf_free(&in);
	buf_free(&val);
	if (fshut(stdout, "<stdout>") < 0)
		st = EXIT_USAGE;
	return st;
}

static int
samename(const struct pyassign *a, const char *name)
{
	return a->namelen == strlen(name) && memcmp(a->name, name, a->namelen) == 0;
}

int
py_find_one(const char *path, const struct buf *src, const char *name,
            struct pyassign *out)
{
	struct pyscan ps;
	size_t i, found = 0;
	struct buf lines = { 0 };

	if (pyscan(src->p, src->len, &ps) < 0) {
		weprintf("%s:%zu: %s", path, ps.errline, ps.err);
		return EXIT_USAGE;
	}
	for (i = 0; i < ps.n; i++) {
		if (ps.a[i].keyword || !samename(&ps.a[i], name))
			continue;
		if (found++ == 0)
			*out = ps.a[i];
		buf_addf(&lines, "%s%s:%zu", found > 1 ? ", " : "", path,
		         ps.a[i].line);
	}
	pyscan_free(&ps);
	if (found == 0) {
		weprintf("%s: no module-level assignment of %s", path, name);
		return EXIT_NOTHOLD;
	}
	if (found > 1) {
		weprintf("%s: %s is assigned %zu times at module level: %s", path,
		         name, found, lines.p);
		buf_free(&lines);
		return EXIT_NOTHOLD;
	}
	buf_free(&lines);
	return 0;
}

void
splice(const struct buf *in, size_t a, size_t b, const char *rep,
       size_t replen, struct buf *out)
{
	out->len = 0;
	buf_add(out, in->p, a);
	buf_add(out, rep, replen);
	buf_add(out, in->p + b, in->len - b);
}

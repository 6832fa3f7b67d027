/* relkit — MIT licence, see LICENSE. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "edit.h"

int
worst(int a, int b)
{
	return a > b ? a : b;
}

/* What a file type is called in a message. */
static const char *
filetype(mode_t m)
{
	return S_ISFIFO(m) ? "a FIFO" : S_ISDIR(m) ? "a directory" :
	       S_ISCHR(m) ? "a character device" :
	       S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" :
	       "a special file";
}

int
edit_read(const char *path, struct buf *b)
{
	struct stat st;
	int fd, r;

	if (!path || strcmp(path, "-") == 0)
		return readfile(NULL, b, RELKIT_TEXT_LIMIT);
	/* O_NONBLOCK: a FIFO with no writer, or a device, must not hang
	 * the open; what is not a regular file is then refused. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		weprintf("%s:", path);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		weprintf("%s:", path);
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		weprintf("%s: %s, not a regular file", path,
		         filetype(st.st_mode));
		close(fd);
		return -1;
	}
	r = readfd(fd, path, b, RELKIT_TEXT_LIMIT);
	close(fd);
	return r;
}

int
edit_files(int inplace, char **files, int nfiles, edit_fn fn, void *arg)
{
	struct buf *in, *out;
	struct atomic_set set = { NULL, 0, 0 };
	int i, n = nfiles ? nfiles : 1, st = 0, r;

	/* standard input cannot be replaced: "-" would be a file named so */
	for (i = 0; inplace && i < nfiles; i++)
		if (strcmp(files[i], "-") == 0) {
			weprintf("-: standard input cannot be edited in place "
			         "(-i); name the file, or drop -i to filter");
			return EXIT_USAGE;
		}
	in = ecalloc((size_t)n, sizeof *in);
	out = ecalloc((size_t)n, sizeof *out);
	/* Read and transform everything first: nothing is written, not even
	 * to stdout, until every input has been validated. */
	for (i = 0; i < n; i++) {
		const char *path = nfiles ? files[i] : NULL;
		const char *name = path && strcmp(path, "-") ? path : "<stdin>";

		if (edit_read(path, &in[i]) < 0) {
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

		if (edit_read(path, &in) < 0) {
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

int
py_find_one(const char *path, const struct buf *src, const char *name,
            struct pyassign *out)
{
	return py_find_one_v(path, src, name, out, 0);
}

int
py_find_one_v(const char *path, const struct buf *src, const char *name,
              struct pyassign *out, int verbose)
{
	struct pyscan ps;
	size_t i, first, nexpr, found, n = strlen(name), nl = 0;
	struct buf lines = { 0 };
	int lit;

	if (pyscan(src->p, src->len, &ps) < 0) {
		weprintf("%s:%zu: %s", path, ps.errline, ps.err);
		return EXIT_USAGE;
	}
	found = pyscan_pick(&ps, name, n, &first, &nexpr);
	if (found == 0) {
		pyscan_free(&ps);
		weprintf("%s: no module-level assignment of %s", path, name);
		return EXIT_NOTHOLD;
	}
	lit = pv_literal(ps.a[first].kind);
	*out = ps.a[first];
	for (i = 0; i < ps.n; i++) {
		const struct pyassign *a = &ps.a[i];
		if (a->keyword || a->namelen != n || memcmp(a->name, name, n) ||
		    (lit && !pv_literal(a->kind)))
			continue;
		/* the first 20: a file of 80,000 is named by its count */
		if (++nl <= 20)
			buf_addf(&lines, "%s%s:%zu", lines.len ? ", " : "", path,
			         a->line);
		else if (nl == 21)
			buf_adds(&lines, ", ...");
	}
	if (found > 1) {
		weprintf("%s: %s is assigned %zu times at module level: %s", path,
		         name, found, lines.p);
		buf_free(&lines);
		pyscan_free(&ps);
		return EXIT_NOTHOLD;
	}
	if (verbose && nexpr) {
		lines.len = 0;
		nl = 0;
		for (i = 0; i < ps.n; i++) {
			const struct pyassign *a = &ps.a[i];
			if (a->keyword || a->namelen != n ||
			    memcmp(a->name, name, n) || pv_literal(a->kind))
				continue;
			if (++nl <= 20)
				buf_addf(&lines, "%s%zu", lines.len ? ", " : "",
				         a->line);
			else if (nl == 21)
				buf_adds(&lines, ", ...");
		}
		weprintf("%s:%zu: %s: the literal is the candidate; line%s %s "
		         "bind%s it to an expression", path, out->line, name,
		         nexpr > 1 ? "s" : "", lines.p, nexpr > 1 ? "" : "s");
	}
	buf_free(&lines);
	pyscan_free(&ps);
	return 0;
}

void
buf_splice(const struct buf *in, size_t a, size_t b, const char *rep,
       size_t replen, struct buf *out)
{
	out->len = 0;
	buf_add(out, in->p, a);
	buf_add(out, rep, replen);
	buf_add(out, in->p + b, in->len - b);
}

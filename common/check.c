/* relkit — MIT licence, see LICENSE. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archcheck.h"
#include "check.h"
#include "distcheck.h"
#include "pypirules.h"

/* Is the text a problem (not a warning or a note)? */
static int
problem(const char *text)
{
	return strncmp(text, "warning: ", 9) && strncmp(text, "note: ", 6);
}

/* The one printer: "prog: PATH: MEMBER:LINE: PRE TEXT", the names quoted
 * and the text's control characters escaped. */
static void
put(struct findings *f, const char *member, size_t line, const char *pre,
    const char *text, int counted)
{
	struct buf b = { 0 };

	if (f->path) {
		dist_quote(&b, f->path);
		buf_add(&b, ": ", 2);
	}
	if (member) {
		dist_quote(&b, member);
		if (line)
			buf_addf(&b, ":%zu", line);
		buf_add(&b, ": ", 2);
	}
	buf_adds(&b, pre);
	/* the text may hold what an archive or its metadata says */
	dist_quote_text(&b, text);
	f->problems += counted != 0;
	weprintf("%s", b.p);
	buf_free(&b);
}

void
finding(struct findings *f, const char *member, size_t line, const char *fmt,
        ...)
{
	va_list ap;
	char *text;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		eprintf(EXIT_USAGE, "out of memory");
	put(f, member, line, "", text, problem(text));
	free(text);
}

size_t
findings_lines(struct findings *f, const char *pre, struct buf *msg)
{
	size_t before = f->problems;
	char *s, *nl;

	for (s = msg->p; s && *s; s = nl + 1) {
		nl = strchr(s, '\n');
		*nl = '\0';
		put(f, NULL, 0, pre, s, problem(s));
	}
	msg->len = 0;
	if (msg->p)
		*msg->p = '\0';
	return f->problems - before;
}

/*
 * The metadata and the file name (pypirules.c): the core metadata read
 * and parsed (one problem when there is none, the reason printed), then
 * every rule on it; the number of problems.
 */
static size_t
rules(struct dist *d, struct check *c, struct findings *f)
{
	struct buf md = { 0 }, msg = { 0 };
	char *member = NULL;
	const char *err, *slash = strrchr(d->path, '/'), *base;
	size_t line, n;

	base = slash ? slash + 1 : d->path;
	memset(&c->meta, 0, sizeof c->meta);
	if (dist_metadata(d, &md, &member) < 0) {
		buf_free(&md);
		return 1;
	}
	c->have_meta = 1;
	if (meta_parse(md.p, md.len, &c->meta, &line, &err) < 0) {
		finding(f, member, line, "%s", err);
		free(member);
		buf_free(&md);
		return 1;
	}
	free(member);
	buf_free(&md);
	pyrule_dist(d, base, &c->meta, c->pyversion, sizeof c->pyversion, &msg);
	n = findings_lines(f, "", &msg);
	buf_free(&msg);
	return n;
}

size_t
check_dist(struct dist *d, struct check *c, struct findings *f)
{
	struct buf msg = { 0 };
	int first = (c->what & CHECK_RULES_FIRST) != 0;
	size_t bad = 0;

	c->have_meta = 0;
	if (first && (c->what & CHECK_RULES))
		bad += rules(d, c, f);
	if (c->what & CHECK_SAFETY)
		bad += distcheck_safety(d, f);
	if (c->what & CHECK_GLOBS)
		bad += distcheck_globs(d, c->deny, c->allow, f);
	if (c->what & CHECK_STRUCT)
		bad += distcheck_struct(d, f);
	if ((c->what & CHECK_ARCHIVE) && !(first && bad)) {
		archcheck_pypi_check(d, &msg);
		bad += findings_lines(f, "PyPI: ", &msg);
		buf_free(&msg);
	}
	/* else the rules last, on an archive that passed all the above */
	if (!first && (c->what & CHECK_RULES) && !bad)
		bad += rules(d, c, f);
	return bad;
}

int
pyrule_check_files(struct pyfile *f, size_t n)
{
	const char **bases = ecalloc(n, sizeof *bases);
	const char **names = ecalloc(n, sizeof *names);
	const char **versions = ecalloc(n, sizeof *versions);
	enum dist_type *kinds = ecalloc(n, sizeof *kinds);
	struct findings all = { NULL, 0 };
	struct buf msg = { 0 };
	size_t i, k = 0;
	int bad = 0;

	for (i = 0; i < n; i++) {
		struct check c = { .what = CHECK_RULES | CHECK_RULES_FIRST |
		                           CHECK_SAFETY | CHECK_ARCHIVE };
		struct findings one = { f[i].path, 0 };
		const char *slash = strrchr(f[i].path, '/');
		struct dist d;
		int fail;

		f[i].base = slash ? slash + 1 : f[i].path;
		if (dist_open(f[i].path, &d) < 0) {
			bad++;
			continue;
		}
		f[i].type = d.type;
		fail = check_dist(&d, &c, &one) > 0;
		dist_close(&d);
		if (c.have_meta) {
			f[i].meta = c.meta;
			memcpy(f[i].pyversion, c.pyversion, sizeof f[i].pyversion);
			f[i].name = meta_get(&f[i].meta, "Name");
			f[i].version = meta_get(&f[i].meta, "Version");
		}
		if (fail || digest_file(f[i].path, &f[i].dg) < 0) {
			bad++;
			continue;
		}
		bases[k] = f[i].base;
		names[k] = f[i].name;
		versions[k] = f[i].version;
		kinds[k++] = f[i].type;
	}
	pyrule_one_sdist(k, bases, kinds, names, versions, &msg);
	bad += (int)findings_lines(&all, "", &msg);
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

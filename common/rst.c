/* relkit — MIT licence, see LICENSE. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cache.h"
#include "child.h"
#include "rst.h"

/* What readme_renderer said of a text (at most this much is kept). */
#define RST_OUT_MAX 16384

/* The script's exit statuses: 0 rendered, 4 not, 3 no readme_renderer.
 * Its output starts with "stamps N" and N lines "SIZE MTIME_NS PATH" of
 * the interpreter and the renderer's files, then the messages. */
static const char render_py[] =
	"import sys\n"
	"try:\n"
	"    import io, os, readme_renderer.rst as r\n"
	"except ImportError:\n"
	"    sys.exit(3)\n"
	"s = io.StringIO()\n"
	"t = sys.stdin.buffer.read().decode('utf-8', 'surrogateescape')\n"
	"bad = r.render(t, stream=s) is None\n"
	"try:\n"
	"    fs = [os.path.realpath(sys.executable)] + [os.path.abspath(\n"
	"        sys.modules[m].__file__) for m in ('readme_renderer.rst',\n"
	"        'readme_renderer.clean', 'docutils',\n"
	"        'docutils.parsers.rst.states')]\n"
	"    st = [os.stat(f) for f in fs]\n"
	"    sys.stdout.write('stamps %d\\n' % len(fs) + ''.join('%d %d %s\\n'\n"
	"        % (x.st_size, x.st_mtime_ns, f) for x, f in zip(st, fs)))\n"
	"except Exception:\n"
	"    sys.stdout.write('stamps 0\\n')\n"
	"if bad:\n"
	"    sys.stdout.write(s.getvalue())\n"
	"    sys.exit(4)\n";

/*
 * A verdict is kept in the cache (cache.h) under the interpreter and the
 * text, with the stamps of the files that made it: "VERDICT\nWHY\n"
 * then the stamp lines. It holds while every stamp does, so a check
 * before the upload (release.mk's step 3) spares the uploads the render.
 */
static void
rst_key(struct buf *k, const char *py, const char *text)
{
	buf_adds(k, "rst 1");
	buf_add(k, "", 1);
	buf_adds(k, py);
	buf_add(k, "", 1);
	buf_adds(k, text);
}

int
rst_entry(const char *e, size_t len, struct buf *why)
{
	const char *p = e, *end = e + len, *nl;
	int stamps = 0;

	if (len < 4 || (p[0] != '0' && p[0] != '1') || p[1] != '\n')
		return -1;
	if (!(nl = memchr(p + 2, '\n', (size_t)(end - p - 2))) ||
	    memchr(p + 2, '\0', (size_t)(nl - p - 2)))
		return -1;
	for (p = nl + 1; p < end; p = nl + 1, stamps++)
		if (!(nl = memchr(p, '\n', (size_t)(end - p))) ||
		    !cache_stamp_ok(p, (size_t)(nl - p)))
			return -1;
	if (stamps == 0)
		return -1;
	nl = memchr(e + 2, '\n', len - 2);
	buf_add(why, e + 2, (size_t)(nl - e - 2));
	return e[0] - '0';
}

static int
rst_cached(const struct buf *key, struct buf *why)
{
	struct buf e = { 0 };
	int verdict = -1;

	if (cache_get("rst", key->p, key->len, &e))
		verdict = rst_entry(e.p, e.len, why);
	buf_free(&e);
	return verdict;
}

/* Where the messages start in the script's output o: after the "stamps
 * N" line and its N stamp lines; *nstamps is N, or 0 when the lines are
 * not all there. */
static size_t
stamps_end(const struct buf *o, size_t *nstamps)
{
	const char *p;
	size_t off = 0, i;

	*nstamps = 0;
	if (o->len <= 7 || strncmp(o->p, "stamps ", 7))
		return 0;
	*nstamps = strtoul(o->p + 7, NULL, 10);
	p = memchr(o->p, '\n', o->len);
	off = p ? (size_t)(p - o->p) + 1 : o->len;
	for (i = 0; i < *nstamps && off < o->len; i++) {
		if (!(p = memchr(o->p + off, '\n', o->len - off))) {
			*nstamps = 0;
			return off;
		}
		off = (size_t)(p - o->p) + 1;
	}
	if (i < *nstamps)
		*nstamps = 0;
	return off;
}

/* Keep the verdict with the stamp lines of o (up to off). */
static void
keep(const struct buf *key, int verdict, const struct buf *why,
     const struct buf *o, size_t off)
{
	struct buf e = { 0 };
	const char *s1 = (const char *)memchr(o->p, '\n', o->len) + 1;

	buf_addf(&e, "%d\n%s\n", verdict, why->p ? why->p : "");
	buf_add(&e, s1, (size_t)(o->p + off - s1));
	cache_put("rst", key->p, key->len, e.p, e.len);
	buf_free(&e);
}

static int
render(const char *text, struct buf *why)
{
	const char *py = getenv("PYTHON");
	struct buf o = { 0 }, key = { 0 };
	size_t nstamps, off;
	int st, verdict;
	char *argv[4];

	if (!py || !*py)
		py = "/usr/bin/python3";
	rst_key(&key, py, text);
	if ((verdict = rst_cached(&key, why)) >= 0) {
		buf_free(&key);
		return verdict;
	}
	argv[0] = (char *)py;
	argv[1] = "-c";
	argv[2] = (char *)render_py;
	argv[3] = NULL;
	st = child_run(argv, text, strlen(text), &o, RST_OUT_MAX, 0);
	verdict = st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st) == 0 ? 0 :
	          WEXITSTATUS(st) == 4 ? 1 : -1;
	if (verdict < 0) {
		buf_addf(why, st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 3 ?
		         "%s has no readme_renderer (Debian: python3-readme-renderer)" :
		         "%s did not run", py);
	} else {
		off = stamps_end(&o, &nstamps);
		if (verdict == 1)
			buf_add(why, o.p ? o.p + off : "",
			        off < o.len ? strcspn(o.p + off, "\n") : 0);
		if (nstamps > 0)
			keep(&key, verdict, why, &o, off);
	}
	buf_free(&o);
	buf_free(&key);
	return verdict;
}

/* Distinct texts already rendered in this run, and what came of each. */
static struct rendered {
	char *text;
	int verdict;
	char *why;
} *seen;
static size_t nseen;

int
rst_check(const char *text, struct buf *why)
{
	struct buf w = { 0 };
	size_t i;

	for (i = 0; i < nseen && strcmp(seen[i].text, text); i++)
		;
	if (i == nseen) {
		seen = erealloc(seen, (nseen + 1) * sizeof *seen);
		seen[i].text = estrdup(text);
		seen[i].verdict = render(text, &w);
		seen[i].why = estrdup(w.p ? w.p : "");
		nseen++;
		buf_free(&w);
	}
	buf_adds(why, seen[i].why);
	return seen[i].verdict;
}

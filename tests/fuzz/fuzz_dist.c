/* relkit — MIT licence, see LICENSE. */
/* The archive readers on arbitrary bytes: the input is written to a temp
 * file and opened as a wheel (.whl, dist.c's zip reader), as a .zip and
 * as an sdist (.tar.gz, libarchive); every member is listed, quoted,
 * checked (links too) and read with a small cap, the core metadata looked
 * up, pkgls's policing run (safety, globs, structure with RECORD hashes,
 * unversioned names) and PyPI's archive checks; the input is also parsed
 * as an entry_points.txt. */
#include <string.h>
#include <unistd.h>

#include "archcheck.h"
#include "dist.h"
#include "distcheck.h"
#include "fuzz.h"

static char dir[] = "/tmp/relkit-fuzz-dist-XXXXXX";

static void
cleanup(void)
{
	rmdir(dir);
}

static int
sink(void *arg, const void *p, size_t n)
{
	(void)p;
	*(size_t *)arg += n;
	return 0;
}

static void
one(const char *path, const uint8_t *data, size_t size)
{
	struct dist d;
	struct findings fs = { path, 0 };
	struct buf b = { 0 }, q = { 0 };
	char *member = NULL;
	size_t i;
	FILE *f;

	f = fopen(path, "wb");
	FUZZ_ASSERT(f != NULL);
	FUZZ_ASSERT(fwrite(data, 1, size, f) == size && fclose(f) == 0);
	if (dist_open(path, &d) < 0)
		return;
	FUZZ_ASSERT(d.n <= DIST_MAX_MEMBERS);
	for (i = 0; i < d.n && i < 64; i++) {
		size_t got = 0;
		int r;

		FUZZ_ASSERT(d.e[i].path != NULL);
		FUZZ_ASSERT(strlen(d.e[i].path) <= DIST_PATH_MAX);
		q.len = 0;
		dist_quote(&q, d.e[i].path);
		(void)dist_unsafe(d.e[i].path);
		FUZZ_ASSERT(dist_find(&d, d.e[i].path) >= 0);
		r = dist_stream(&d, i, 4096, sink, &got);
		FUZZ_ASSERT(r == -1 || got <= 4096);
		(void)dist_link(&d, i);
		if (dist_unsafe_link(&d, i, &q))
			FUZZ_ASSERT(q.len > 0);
	}
	if (d.n) {
		b.len = 0;
		if (dist_read(&d, d.e[0].path, 4096, &b) == 0)
			FUZZ_ASSERT(b.len <= 4096);
	}
	FUZZ_ASSERT(distcheck_safety(&d, &fs) == fs.problems);
	{
		struct pathpat deny = { 0 }, allow = { 0 };

		pathpat_add(&deny, "*/logo.*");
		pathpat_add(&allow, "*.py");
		(void)distcheck_globs(&d, &deny, &allow, &fs);
		pathpat_free(&deny);
		pathpat_free(&allow);
	}
	(void)distcheck_struct(&d, &fs);
	for (i = 0; i < d.n && i < 64; i++)
		free(dist_unversioned(&d, d.e[i].path));
	b.len = 0;
	if (dist_metadata(&d, &b, &member) == 0) {
		FUZZ_ASSERT(member != NULL && b.len <= DIST_META_LIMIT);
		free(member);
	}
	b.len = 0;
	{
		int k = archcheck_pypi_check(&d, &b);

		FUZZ_ASSERT(k >= 0 && (k == 0) == (b.len == 0));
	}
	buf_free(&b);
	buf_free(&q);
	dist_close(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];

	static int ready;

	if (!ready) {
		FUZZ_ASSERT(mkdtemp(dir) != NULL);
		atexit(cleanup);
		ready = 1;
	}
	snprintf(path, sizeof path, "%s/x-1.0-py3-none-any.whl", dir);
	one(path, data, size);
	unlink(path);
	snprintf(path, sizeof path, "%s/x-1.0.tar.gz", dir);
	one(path, data, size);
	unlink(path);
	snprintf(path, sizeof path, "%s/x-1.0.zip", dir);
	one(path, data, size);
	unlink(path);
	{
		struct buf w = { 0 };
		const char *why = archcheck_entry_points((const char *)data,
		    size, &w);

		FUZZ_ASSERT(!why || *why);
		buf_free(&w);
	}
	return 0;
}

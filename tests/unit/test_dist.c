/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "dist.h"

static char dir[] = "/tmp/relkit-dist.XXXXXX";
static char whl[256], tgz[256], links[256], fat[256];

/* A small zip writer for the fixtures (deflated members, no zip64): the
 * members' local headers and data go to the file as they come, the central
 * directory is kept in memory and written by zclose. */
struct zw {
	FILE *f;
	unsigned char cd[4096];
	size_t ncd;
	unsigned n;
};

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static void
put32(unsigned char *p, unsigned long v)
{
	put16(p, v & 0xffff);
	put16(p + 2, (v >> 16) & 0xffff);
}

static void
zopen(struct zw *z, const char *path)
{
	memset(z, 0, sizeof *z);
	z->f = fopen(path, "wb");
	assert_non_null(z->f);
}

static void
zadd_by(struct zw *z, const char *name, const char *data, unsigned mode,
        unsigned madeby)
{
	unsigned char out[1024], lh[30], *c;
	size_t nlen = strlen(name), dlen = strlen(data), clen;
	unsigned long crc = crc32(0, (const Bytef *)data, (uInt)dlen);
	long off = ftell(z->f);
	z_stream zs;

	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, -15, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (Bytef *)data;
	zs.avail_in = (uInt)dlen;
	zs.next_out = out;
	zs.avail_out = sizeof out;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	clen = sizeof out - zs.avail_out;
	deflateEnd(&zs);

	put32(lh, 0x04034b50);
	put16(lh + 4, 20);                      /* version needed */
	put16(lh + 6, 0);                       /* flags */
	put16(lh + 8, 8);                       /* deflate */
	put16(lh + 10, 3 << 11);                /* 03:00 */
	put16(lh + 12, (44 << 9) | (1 << 5) | 2); /* 2024-01-02 */
	put32(lh + 14, crc);
	put32(lh + 18, clen);
	put32(lh + 22, dlen);
	put16(lh + 26, nlen);
	put16(lh + 28, 0);
	assert_int_equal(fwrite(lh, 1, 30, z->f), 30);
	assert_int_equal(fwrite(name, 1, nlen, z->f), nlen);
	assert_int_equal(fwrite(out, 1, clen, z->f), clen);

	assert_true(z->ncd + 46 + nlen <= sizeof z->cd);
	c = z->cd + z->ncd;
	put32(c, 0x02014b50);
	put16(c + 4, madeby << 8);              /* version made by */
	memcpy(c + 6, lh + 4, 26);              /* needed .. name length */
	put16(c + 32, 0);                       /* comment length */
	put16(c + 34, 0);                       /* disk */
	put16(c + 36, 0);                       /* internal attributes */
	put32(c + 38, (unsigned long)mode << 16);
	put32(c + 42, (unsigned long)off);
	memcpy(c + 46, name, nlen);
	z->ncd += 46 + nlen;
	z->n++;
}

static void
zadd(struct zw *z, const char *name, const char *data, unsigned mode)
{
	zadd_by(z, name, data, mode, 3);
}

static void
zclose(struct zw *z)
{
	unsigned char e[22];
	long off = ftell(z->f);

	put32(e, 0x06054b50);
	put16(e + 4, 0);
	put16(e + 6, 0);
	put16(e + 8, z->n);
	put16(e + 10, z->n);
	put32(e + 12, z->ncd);
	put32(e + 16, (unsigned long)off);
	put16(e + 20, 0);
	assert_int_equal(fwrite(z->cd, 1, z->ncd, z->f), z->ncd);
	assert_int_equal(fwrite(e, 1, 22, z->f), 22);
	assert_int_equal(fclose(z->f), 0);
}

/* A tar link, device or FIFO. */
static void
tlink(struct archive *a, const char *name, unsigned type, const char *sym,
      const char *hard)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, 0644);
	if (sym)
		archive_entry_set_symlink(e, sym);
	if (hard)
		archive_entry_set_hardlink(e, hard);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	archive_entry_free(e);
}

static void
tadd(struct archive *a, const char *name, const char *data, unsigned type)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, type == AE_IFDIR ? 0755 : 0644);
	archive_entry_set_size(e, strlen(data));
	archive_entry_set_mtime(e, 1700000000, 0);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	if (*data)
		assert_int_equal(archive_write_data(a, data, strlen(data)),
		                 (la_ssize_t)strlen(data));
	archive_entry_free(e);
}

static int
setup(void **state)
{
	struct zw zw, *z = &zw;
	struct archive *a;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(whl, sizeof whl, "%s/demo-1.0-py3-none-any.whl", dir);
	zopen(z, whl);
	zadd(z, "demo/__init__.py", "x = 1\n", S_IFREG | 0644);
	zadd(z, "demo/run", "#!/bin/sh\n", S_IFREG | 0755);
	zadd(z, "demo-1.0.dist-info/", "", S_IFDIR | 0755);
	zadd(z, "demo-1.0.dist-info/METADATA", "Name: demo\nVersion: 1.0\n",
	     S_IFREG | 0644);
	zadd(z, "demo-1.0.dist-info/RECORD", "", S_IFREG | 0644);
	zclose(z);

	snprintf(tgz, sizeof tgz, "%s/demo-1.0.tar.gz", dir);
	a = archive_write_new();
	archive_write_add_filter_gzip(a);
	archive_write_set_format_pax_restricted(a);
	assert_int_equal(archive_write_open_filename(a, tgz), ARCHIVE_OK);
	tadd(a, "demo-1.0", "", AE_IFDIR);
	tadd(a, "demo-1.0/PKG-INFO", "Name: demo\nVersion: 1.0\n", AE_IFREG);
	tadd(a, "demo-1.0/demo.py", "print(1)\n", AE_IFREG);
	archive_write_close(a);
	archive_write_free(a);

	snprintf(links, sizeof links, "%s/links-1.0.tar.gz", dir);
	a = archive_write_new();
	archive_write_add_filter_gzip(a);
	archive_write_set_format_pax_restricted(a);
	assert_int_equal(archive_write_open_filename(a, links), ARCHIVE_OK);
	tadd(a, "links-1.0/PKG-INFO", "Name: links\nVersion: 1.0\n", AE_IFREG);
	tlink(a, "links-1.0/abs", AE_IFLNK, "/etc/passwd", NULL);       /* 1 */
	tlink(a, "links-1.0/up", AE_IFLNK, "../../x", NULL);            /* 2 */
	tlink(a, "links-1.0/in", AE_IFLNK, "../links-1.0/PKG-INFO", NULL);
	tlink(a, "links-1.0/hard", AE_IFREG, NULL, "/etc/shadow");      /* 4 */
	tlink(a, "links-1.0/hardin", AE_IFREG, NULL, "links-1.0/PKG-INFO");
	tlink(a, "links-1.0/fifo", AE_IFIFO, NULL, NULL);               /* 6 */
	tlink(a, "links-1.0/tmp", AE_IFLNK, "/tmp", NULL);
	tadd(a, "links-1.0/tmp/x", "x", AE_IFREG);                     /* 8 */
	tlink(a, "links-1.0/dot", AE_IFLNK, ".", NULL);
	tadd(a, "links-1.0/dot/y", "y", AE_IFREG);                     /* 10 */
	/* a chain stored under other names: a/b lands as links-1.0/b ->
	 * .., the root, so a/b/c -> .. leaves it (issue 25) */
	tlink(a, "links-1.0/a", AE_IFLNK, ".", NULL);
	tlink(a, "links-1.0/a/b", AE_IFLNK, "..", NULL);
	tlink(a, "links-1.0/a/b/c", AE_IFLNK, "..", NULL);              /* 13 */
	tadd(a, "links-1.0/a/b/c/p", "p", AE_IFREG);
	tlink(a, "links-1.0/loop", AE_IFLNK, "loop/x", NULL);           /* 15 */
	tadd(a, "links-1.0/b/z", "z", AE_IFREG);
	archive_write_close(a);
	archive_write_free(a);

	snprintf(fat, sizeof fat, "%s/fat-1.0-py3-none-any.whl", dir);
	zopen(z, fat);
	zadd_by(z, "fat/a.py", "x = 1\n", S_IFREG | 0666, 0);
	zadd_by(z, "fat/b.py", "x = 2\n", 0, 0);
	zclose(z);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static void
test_wheel(void **state)
{
	struct dist d;
	struct buf b = { 0 };
	char *member;

	(void)state;
	assert_int_equal(dist_open(whl, &d), 0);
	assert_int_equal(d.type, DIST_WHEEL);
	assert_int_equal(d.n, 5);
	assert_string_equal(d.e[0].path, "demo/__init__.py");
	assert_int_equal(d.e[0].type, 'f');
	assert_int_equal(d.e[0].size, 6);
	assert_true(d.e[0].csize > 0);
	assert_int_equal(d.e[0].mode, 0644);
	assert_int_equal(d.e[0].mtime, 1704164400);   /* 2024-01-02 03:00 UTC */
	assert_int_equal(d.e[1].mode, 0755);
	assert_int_equal(d.e[2].type, 'd');
	assert_int_equal(dist_find(&d, "demo-1.0.dist-info/RECORD"), 4);
	assert_int_equal(dist_find(&d, "nope"), -1);
	assert_int_equal(dist_read(&d, "demo/run", 100, &b), 0);
	assert_string_equal(b.p, "#!/bin/sh\n");
	/* refused past the limit, before and while reading */
	assert_int_equal(dist_read(&d, "demo/run", 5, &b), -1);
	assert_int_equal(dist_read(&d, "nope", 100, &b), -1);
	assert_int_equal(dist_metadata(&d, &b, &member), 0);
	assert_string_equal(member, "demo-1.0.dist-info/METADATA");
	assert_string_equal(b.p, "Name: demo\nVersion: 1.0\n");
	free(member);
	/* members read out of order: the positions are kept */
	assert_int_equal(dist_read(&d, "demo/__init__.py", 100, &b), 0);
	assert_string_equal(b.p, "x = 1\n");
	buf_free(&b);
	dist_close(&d);
}

static void
test_sdist(void **state)
{
	struct dist d;
	struct buf b = { 0 };
	char *member;

	(void)state;
	assert_int_equal(dist_open(tgz, &d), 0);
	assert_int_equal(d.type, DIST_SDIST);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.e[0].path, "demo-1.0/");
	assert_int_equal(d.e[0].type, 'd');
	assert_int_equal(d.e[1].size, 24);
	assert_int_equal(d.e[1].mtime, 1700000000);
	assert_int_equal(d.e[2].mode, 0644);
	assert_int_equal(dist_metadata(&d, &b, &member), 0);
	assert_string_equal(member, "demo-1.0/PKG-INFO");
	assert_string_equal(b.p, "Name: demo\nVersion: 1.0\n");
	free(member);
	assert_int_equal(dist_read(&d, "demo-1.0/demo.py", 9, &b), 0);
	assert_string_equal(b.p, "print(1)\n");
	assert_int_equal(dist_read(&d, "demo-1.0/demo.py", 8, &b), -1);
	buf_free(&b);
	dist_close(&d);
}

static void
test_bad(void **state)
{
	struct dist d;
	char p[300];
	FILE *fp;

	(void)state;
	assert_int_equal(dist_open("demo-1.0.rpm", &d), -1);
	assert_int_equal(dist_open("/nonexistent/x.whl", &d), -1);
	assert_int_equal(dist_open("/nonexistent/x.tar.gz", &d), -1);
	snprintf(p, sizeof p, "%s/junk-1.0.whl", dir);
	fp = fopen(p, "w");
	fputs("not a zip\n", fp);
	fclose(fp);
	assert_int_equal(dist_open(p, &d), -1);
	snprintf(p, sizeof p, "%s/junk-1.0.tar.gz", dir);
	fp = fopen(p, "w");
	fputs("not a tar\n", fp);
	fclose(fp);
	assert_int_equal(dist_open(p, &d), -1);
}

static void
test_unsafe(void **state)
{
	(void)state;
	assert_null(dist_unsafe("a/b/c.py"));
	assert_null(dist_unsafe("a/..b/c..")); /* only a whole component */
	assert_string_equal(dist_unsafe("/etc/x"), "absolute path");
	assert_string_equal(dist_unsafe("../x"), "'..' component");
	assert_string_equal(dist_unsafe("a/../../x"), "'..' component");
	assert_string_equal(dist_unsafe("a/.."), "'..' component");
	assert_string_equal(dist_unsafe("a\\b"), "backslash in name");
	assert_string_equal(dist_unsafe("C:x"), "drive letter");
	assert_string_equal(dist_unsafe(""), "empty name");
}

static void
test_links(void **state)
{
	static const char *const want[] = {
		NULL, "a symlink to an absolute path", "a symlink leaving the archive",
		NULL, "a hard link to an absolute path", NULL, "a FIFO",
		"a symlink to an absolute path",
		"beneath a symlink leaving the archive", NULL, NULL,
		NULL, NULL, "a symlink leaving the archive",
		"beneath a symlink leaving the archive",
		NULL,   /* a loop: realpath gives up, as tarfile does */
		NULL,   /* through links-1.0/b -> .., to the root: inside */
	};
	struct dist d;
	struct buf w = { 0 };
	size_t i;

	(void)state;
	assert_int_equal(dist_open(links, &d), 0);
	assert_int_equal(d.n, 17);
	assert_string_equal(d.e[1].link, "/etc/passwd");
	assert_int_equal(d.e[1].ltype, 's');
	assert_int_equal(d.e[4].type, 'l');
	assert_int_equal(d.e[4].ltype, 'h');
	assert_string_equal(dist_link(&d, 4), "/etc/shadow");
	assert_int_equal(d.e[6].dev, 'p');
	assert_null(dist_link(&d, 0));
	for (i = 0; i < d.n; i++) {
		int r = dist_unsafe_link(&d, i, &w);

		if (want[i]) {
			assert_int_equal(r, 1);
			assert_string_equal(w.p, want[i]);
		} else {
			assert_int_equal(r, 0);
			assert_int_equal(w.len, 0);
		}
	}
	buf_free(&w);
	dist_close(&d);
}

static void
test_fat_and_zip(void **state)
{
	struct dist d;
	struct buf b = { 0 };

	(void)state;
	assert_int_equal(dist_open(fat, &d), 0);
	/* made on FAT: the Unix bits the writer put there are shown */
	assert_int_equal(d.e[0].sys, 0);
	assert_int_equal(d.e[0].mode, 0666);
	assert_int_equal(d.e[1].mode, 0644);    /* none there: the default */
	assert_int_equal(d.e[0].method, 8);
	assert_int_equal(dist_read(&d, "fat/b.py", 100, &b), 0);
	assert_string_equal(b.p, "x = 2\n");
	dist_close(&d);
	assert_int_equal(dist_is_zip(fat), 1);
	assert_int_equal(dist_is_zip(tgz), 0);
	assert_int_equal(dist_is_zip("/nonexistent"), 0);
	/* a zip read as a zip whatever its name */
	assert_int_equal(dist_open_zip(whl, &d), 0);
	assert_int_equal(d.n, 5);
	dist_close(&d);
	assert_int_equal(dist_open_zip(tgz, &d), -1);
	buf_free(&b);
}

static void
test_quote(void **state)
{
	struct buf b = { 0 };

	(void)state;
	dist_quote(&b, "a b\tc\nd\\e\x01\x7f caf\xc3\xa9 \xff\xfe \xe2\x82 \xc2\x85");
	assert_string_equal(b.p, "a b\\tc\\nd\\\\e\\x01\\x7f caf\xc3\xa9 "
	                         "\\xff\\xfe \\xe2\\x82 \\xc2\\x85");
	b.len = 0;
	/* overlong and surrogate forms are not UTF-8 */
	dist_quote(&b, "\xc0\xaf \xed\xa0\x80 \xf0\x9f\x98\x80");
	assert_string_equal(b.p, "\\xc0\\xaf \\xed\\xa0\\x80 \xf0\x9f\x98\x80");
	buf_free(&b);
}

/* NAME-VERSION.dist-info/ from a wheel's file name; none without two '-'. */
static void
test_info_dir(void **state)
{
	struct buf b = { 0 };

	(void)state;
	assert_int_equal(dist_info_dir("d/demo-1.0-py3-none-any.whl", &b), 0);
	assert_string_equal(b.p, "demo-1.0.dist-info/");
	assert_int_equal(dist_info_dir("a_b-2-x.whl", &b), 0);
	assert_string_equal(b.p, "demo-1.0.dist-info/a_b-2.dist-info/");
	b.len = 3;
	assert_int_equal(dist_info_dir("d-1.0/demo.whl", &b), -1);
	assert_int_equal(dist_info_dir("demo-1.0.whl", &b), -1);
	assert_int_equal(b.len, 3);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wheel),
		cmocka_unit_test(test_sdist),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_unsafe),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_fat_and_zip),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_info_dir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

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

#include "archcheck.h"

static char dir[] = "/tmp/relkit-archcheck.XXXXXX";

/* archcheck_entry_points's verdict on s: NULL (parses) or its reason. */
static const char *
ep(const char *s, struct buf *w)
{
	return archcheck_entry_points(s, strlen(s), w);
}

static void
test_entry_points(void **state)
{
	struct buf w = { 0 };

	(void)state;
	/* as configparser takes them */
	assert_null(ep("", &w));
	assert_null(ep("# only a comment\n", &w));
	assert_null(ep("[console_scripts]\ndemo = demo:main\n", &w));
	assert_null(ep("[console_scripts]\ndemo=demo:main\r\n", &w));
	assert_null(ep("[console_scripts]\ndemo = demo:\n  main\n\n  more\n", &w));
	assert_null(ep("[demo.plugins]\nany name = x:y\n", &w));
	assert_null(ep("[console_scripts]\n\xc3\xa9t\xc3\xa9 = x:y\n", &w));
	assert_null(ep("[x]\na = 1\n[DEFAULT]\nb = 2\n[DEFAULT]\nc = 3\n", &w));
	assert_null(ep("[x]  trailing]\na = 1\n", &w));
	assert_null(ep("[console_scripts]\n\xc2\xa0\na = b\n", &w)); /* NBSP line */
	assert_null(ep("[console_scripts]\nDemo = a\ndemo = b\n", &w));
	/* and refused */
	assert_string_equal(ep("a = b\n", &w), "entry_points.txt is not a valid "
	                    "INI file: no section header before line 1");
	assert_string_equal(ep("\xef\xbb\xbf[x]\n", &w), "entry_points.txt is not "
	                    "a valid INI file: no section header before line 1");
	assert_string_equal(ep("[x]\n[x]\n", &w), "entry_points.txt is not a valid "
	                    "INI file: section x given twice (line 2)");
	assert_string_equal(ep("[x]\na = 1\na = 2\n", &w), "entry_points.txt is not "
	                    "a valid INI file: option a given twice in x (line 3)");
	assert_string_equal(ep("[x]\nnovalue\n", &w), "entry_points.txt is not a "
	                    "valid INI file: line 2 is not NAME = VALUE");
	assert_string_equal(ep("[x]\n= v\n", &w), "entry_points.txt is not a valid "
	                    "INI file: line 2 is not NAME = VALUE");
	assert_string_equal(ep("[x]\na : b\n", &w), "entry_points.txt is not a "
	                    "valid INI file: line 2 is not NAME = VALUE");
	assert_string_equal(ep("[gui_scripts]\n../x = a:b\n", &w),
	                    "invalid entry point name '../x'");
	assert_string_equal(ep("[console_scripts]\na b = c:d\n", &w),
	                    "invalid entry point name 'a b'");
	/* DEFAULT's names count in console_scripts, not elsewhere */
	assert_null(ep("[DEFAULT]\na/b = 1\n[x]\n", &w));
	assert_string_equal(ep("[DEFAULT]\na/b = 1\n[console_scripts]\n", &w),
	                    "invalid entry point name 'a/b'");
	assert_string_equal(archcheck_entry_points("[x]\n\xff", 5, &w),
	                    "entry_points.txt is not decodable as UTF-8");
	buf_free(&w);
}

static void
tadd(struct archive *a, const char *name, const char *data)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, strlen(data));
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	assert_int_equal(archive_write_data(a, data, strlen(data)),
	                 (la_ssize_t)strlen(data));
	archive_entry_free(e);
}

/* An sdist of the members given (name, data, ..., NULL). */
static void
mktar(const char *path, ...)
{
	struct archive *a = archive_write_new();
	const char *n, *data;
	va_list ap;

	archive_write_add_filter_gzip(a);
	archive_write_set_format_pax_restricted(a);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	va_start(ap, path);
	while ((n = va_arg(ap, const char *))) {
		data = va_arg(ap, const char *);
		tadd(a, n, data);
	}
	va_end(ap);
	archive_write_close(a);
	archive_write_free(a);
}

static int
verdict(const char *path, struct buf *m)
{
	struct dist d;
	int n;

	m->len = 0;
	buf_add(m, "", 1);
	m->len = 0;
	assert_int_equal(dist_open(path, &d), 0);
	n = archcheck_pypi_check(&d, m);
	dist_close(&d);
	return n;
}

static void
test_sdist_top(void **state)
{
	char p[300];
	struct buf m = { 0 };

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/a-1.0.tar.gz", dir);
	mktar(p, "a-1.0/PKG-INFO", "Name: a\n", "a-1.0/setup.py", "", NULL);
	assert_int_equal(verdict(p, &m), 0);
	assert_string_equal(m.p, "");
	/* commonpath drops "." components; the member keeps its "./" */
	mktar(p, "./a-1.0/PKG-INFO", "Name: a\n", "a-1.0/x", "", NULL);
	assert_int_equal(verdict(p, &m), 1);
	assert_string_equal(m.p, "PKG-INFO not found at a-1.0/PKG-INFO\n");
	/* PKG-INFO alone: its own path is the common one */
	mktar(p, "a-1.0/PKG-INFO", "Name: a\n", NULL);
	assert_int_equal(verdict(p, &m), 1);
	assert_string_equal(m.p, "PKG-INFO not found at a-1.0/PKG-INFO/PKG-INFO\n");
	mktar(p, "a-1.0/PKG-INFO", "Name: a\n", "b/x", "", NULL);
	assert_int_equal(verdict(p, &m), 1);
	assert_string_equal(m.p, "Incorrect number of top-level directories in "
	                    "sdist\n");
	mktar(p, "a-1.0/PKG-INFO", "Name: a\n", "/abs", "", NULL);
	assert_int_equal(verdict(p, &m), 1);
	assert_string_equal(m.p, "(PyPI fails: absolute and relative member "
	                    "names mixed)\n");
	/* a common prefix that is not a whole component */
	mktar(p, "a-1.0/PKG-INFO", "Name: a\n", "a-1.0x/y", "", NULL);
	assert_int_equal(verdict(p, &m), 1);
	assert_string_equal(m.p, "Incorrect number of top-level directories in "
	                    "sdist\n");
	/* .tar.bz2 and .tgz: refused by name elsewhere, not checked here */
	snprintf(p, sizeof p, "%s/a-1.0.tgz", dir);
	mktar(p, "b/x", "", "c/y", "", NULL);
	assert_int_equal(verdict(p, &m), 0);
	buf_free(&m);
	snprintf(p, sizeof p, "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_points),
		cmocka_unit_test(test_sdist_top),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

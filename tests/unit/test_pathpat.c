/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pathpat.h"

/* The checklist's globs (pkgls(1)). */
static void
test_checklist(void **state)
{
	struct pathpat pp = { 0 };

	(void)state;
	pathpat_add(&pp, "*/logo.*");
	assert_non_null(pathpat_match(&pp, "a-1.0/a/bots/x/logo.png"));
	assert_non_null(pathpat_match(&pp, "a/logo.svg"));
	assert_null(pathpat_match(&pp, "logo.png"));
	assert_null(pathpat_match(&pp, "a/logos/x.png"));
	pathpat_free(&pp);
	pathpat_add(&pp, "*/assets/*");
	assert_non_null(pathpat_match(&pp, "a-1.0/a/assets/x/y.css"));
	assert_non_null(pathpat_match(&pp, "a-1.0/assets/"));
	assert_null(pathpat_match(&pp, "assets/x"));
	pathpat_free(&pp);
	pathpat_add(&pp, "*.md");
	assert_non_null(pathpat_match(&pp, "a-1.0/README.md"));
	assert_non_null(pathpat_match(&pp, "a-1.0/docs/x/y.md"));
	assert_null(pathpat_match(&pp, "a-1.0/README.mdx"));
	pathpat_free(&pp);
	pathpat_add(&pp, "*/fixtures/*.json");
	assert_non_null(pathpat_match(&pp, "a/tests/fixtures/x.json"));
	assert_non_null(pathpat_match(&pp, "a/fixtures/deep/er/x.json"));
	assert_null(pathpat_match(&pp, "a/fixtures/x.yaml"));
	pathpat_free(&pp);
}

static void
test_first(void **state)
{
	struct pathpat pp = { 0 };

	(void)state;
	assert_null(pathpat_match(&pp, "x"));
	pathpat_add(&pp, "*.py");
	pathpat_add(&pp, "a/*");
	pathpat_add(&pp, ".hidden");
	assert_string_equal(pathpat_match(&pp, "a/b.py"), "*.py");
	assert_string_equal(pathpat_match(&pp, "a/b.txt"), "a/*");
	assert_non_null(pathpat_match(&pp, ".hidden"));
	pathpat_free(&pp);
}

static void
test_load(void **state)
{
	char path[] = "/tmp/relkit-pathpat.XXXXXX";
	const char *text = "# comment\n\n  */logo.*  \n\t# indented\r\n*.md\r\nlast";
	struct pathpat pp = { 0 };
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(pathpat_load(&pp, path), 0);
	unlink(path);
	assert_int_equal(pp.n, 3);
	assert_string_equal(pp.pat[0], "*/logo.*");
	assert_string_equal(pp.pat[1], "*.md");
	assert_string_equal(pp.pat[2], "last");
	pathpat_free(&pp);
	assert_int_equal(pathpat_load(&pp, "/nonexistent/relkit"), -1);
	assert_int_equal(pp.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checklist),
		cmocka_unit_test(test_first),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

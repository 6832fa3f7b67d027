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

#include "spdx.h"

/* packaging 26's canonicalize_license_expression on each (the syntax;
 * which identifiers exist is not checked here). */
static const struct {
	int ok;
	const char *s;
} exprs[] = {
	{ 1, "MIT" }, { 0, "MIT OR" }, { 1, "mit and (apache-2.0 or bsd-2-clause)" },
	{ 0, "(MIT" }, { 0, "MIT)" }, { 0, "()" }, { 0, "MIT WITH" },
	{ 1, "MIT WITH Classpath-exception-2.0" }, { 0, "(MIT) WITH x" },
	{ 0, "MIT WITH (x)" }, { 1, "LicenseRef-Foo" }, { 0, "LicenseRef-Foo+" },
	{ 0, "LicenseRef-a_b" }, { 0, "MIT MIT" }, { 0, "" }, { 1, "GPL-2.0+" },
	{ 0, "MIT AND OR BSD" }, { 1, "((MIT))" }, { 0, "   " },
	{ 0, "MIT WITH x WITH y" },
};

static void
test_expressions(void **state)
{
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof exprs / sizeof exprs[0]; i++)
		if (spdx_ok(exprs[i].s, &why) != exprs[i].ok)
			fail_msg("%s: wanted %d", exprs[i].s, exprs[i].ok);
	assert_int_equal(spdx_ok("LicenseRef-a_b", &why), 0);
	assert_string_equal(why, "a LicenseRef- holds only letters, digits, '.' "
	                    "and '-'");
	assert_int_equal(spdx_ok("MIT OR", &why), 0);
	assert_string_equal(why, "not a licence expression");
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* packaging's list: licences, then exceptions after EXCEPTIONS; case,
 * '+', LicenseRef- and WITH as packaging reads them. */
static void
test_list_py(void **state)
{
	char py[] = "/tmp/spdx-unit-XXXXXX.py", out[64];
	struct spdx_list l;
	int fd = mkstemps(py, 3);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_file(py, "VERSION = '3.1'\nLICENSES: dict = {\n"
	           "    'mit': {'id': 'MIT', 'deprecated': False},\n"
	           "    'gpl-2.0': {'id': 'GPL-2.0', 'deprecated': True},\n}\n"
	           "EXCEPTIONS: dict = {\n"
	           "    'llvm-exception': {'id': 'LLVM-exception', 'deprecated': "
	           "False},\n}\n");
	setenv("RELKIT_SPDX", py, 1);
	assert_int_equal(spdx_load(&l), 0);
	assert_int_equal(l.pypi, 1);
	assert_string_equal(l.version, "3.1");
	assert_int_equal(l.n, 2);
	assert_int_equal(l.nex, 1);
	assert_int_equal(spdx_unknown(&l, "mit+ OR (GPL-2.0 WITH llvm-exception)",
	                              out, sizeof out), 0);
	assert_int_equal(spdx_unknown(&l, "LicenseRef-X AND MIT", out,
	                              sizeof out), 0);
	assert_int_equal(spdx_unknown(&l, "MIT AND Apache-2.0", out, sizeof out), 1);
	assert_string_equal(out, "Apache-2.0");
	/* an exception is looked up among exceptions only */
	assert_int_equal(spdx_unknown(&l, "MIT WITH MIT", out, sizeof out), 1);
	assert_string_equal(out, "MIT");
	assert_int_equal(spdx_unknown(&l, "llvm-exception", out, sizeof out), 1);
	spdx_free(&l);
	unlink(py);
}

/* A JSON list is not packaging's; a list that is not there is none. */
static void
test_list_json(void **state)
{
	char js[] = "/tmp/spdx-unit-XXXXXX";
	struct spdx_list l;
	char out[16];
	int fd = mkstemp(js);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_file(js, "[\n\t\"MIT\",\n\t\"0BSD\"\n]\n");
	setenv("RELKIT_SPDX", js, 1);
	assert_int_equal(spdx_load(&l), 0);
	assert_int_equal(l.pypi, 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(spdx_unknown(&l, "0bsd", out, sizeof out), 0);
	spdx_free(&l);
	write_file(js, "[]\n");
	assert_int_equal(spdx_load(&l), -1);
	unlink(js);
	assert_int_equal(spdx_load(&l), -1);
	setenv("RELKIT_SPDX", "/nonexistent/x.py", 1);
	assert_int_equal(spdx_load(&l), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expressions),
		cmocka_unit_test(test_list_py),
		cmocka_unit_test(test_list_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

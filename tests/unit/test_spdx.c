/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expressions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

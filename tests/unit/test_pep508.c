/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "pep508.h"

/* Verdicts of packaging 26 (Requirement, SpecifierSet) on each string. */
static const struct {
	int ok, url;
	const char *s;
} reqs[] = {
	{ 1, 0, "foo" }, { 1, 0, "foo>=1.0" }, { 0, 0, "foo >=" },
	{ 1, 0, "foo (>=1.0,<2)" },
	{ 1, 0, "foo[bar,baz]>=1; python_version<'3.8'" },
	{ 0, 0, "foo[bar baz]" }, { 0, 0, "foo[" }, { 1, 0, "foo==1.0.*" },
	{ 0, 0, "foo>=1.0.*" }, { 0, 0, "foo~=1" }, { 1, 0, "foo~=1.0" },
	{ 1, 0, "foo==1.0+local" }, { 0, 0, "foo>=1.0+local" },
	{ 1, 1, "foo @ https://x/y.whl" },
	{ 1, 1, "foo @ https://x/y.whl ; extra == 'a'" }, { 0, 1, "foo @" },
	{ 1, 0, "foo; os_name == 'nt' and (sys_platform != 'x' or "
	        "extra == \"t\")" },
	{ 0, 0, "foo; python_version" }, { 0, 0, "foo; python_version < " },
	{ 1, 0, "foo; 'a' not in extra" }, { 1, 0, "foo; platform.machine == 'x'" },
	{ 1, 0, "foo===anything" }, { 1, 0, "1foo" }, { 0, 0, "-foo" },
	{ 0, 0, "foo-" }, { 1, 0, "foo_bar.baz" },
	{ 1, 0, "foo>=1.0a1.post2.dev3" }, { 1, 0, "foo>=v1.0" },
	{ 1, 0, "foo>=1!2.0" }, { 0, 0, "foo; bogus_var == 'x'" },
	{ 0, 0, "foo,bar" }, { 1, 0, "foo>=1," }, { 0, 0, "foo>=1 extra" },
	{ 0, 0, "foo; (python_version > '3'" }, { 0, 0, "foo (>=1" },
	{ 1, 0, " foo " }, { 1, 0, "foo>=1.0-1" }, { 1, 0, "foo>=1.0.r" },
	{ 0, 0, "" },
};

static const struct {
	int ok;
	const char *s;
} specs[] = {
	{ 1, "" }, { 1, ">=3.8" }, { 1, ">=3.8, !=3.9.*" }, { 0, ">=3.x" },
	{ 1, ">=3," }, { 1, "==3.*" }, { 0, ">3.*" }, { 0, "~=3" }, { 0, "3.8" },
	{ 1, ">= 3.8 , < 4" }, { 1, "===foo" }, { 0, ">=3.8;" },
};

static void
test_requirements(void **state)
{
	const char *why;
	size_t i;
	int url;

	(void)state;
	for (i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
		why = NULL;
		if (pep508_req_ok(reqs[i].s, &url, &why) != reqs[i].ok)
			fail_msg("%s: wanted %d", reqs[i].s, reqs[i].ok);
		if (reqs[i].ok)
			assert_int_equal(url, reqs[i].url);
		else
			assert_non_null(why);
	}
	assert_int_equal(pep508_req_ok("foo >=", &url, &why), 0);
	assert_string_equal(why, "expected a version specifier, ';' or the end");
	assert_int_equal(pep508_req_ok("foo; python_version <", &url, &why), 0);
	assert_string_equal(why, "expected a marker variable or quoted string");
}

static void
test_specifier_sets(void **state)
{
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof specs / sizeof specs[0]; i++)
		if (pep508_specset_ok(specs[i].s, &why) != specs[i].ok)
			fail_msg("%s: wanted %d", specs[i].s, specs[i].ok);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requirements),
		cmocka_unit_test(test_specifier_sets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct pair {
	int a;
	char b[13];
};

/* One more zeroed element a call, the room doubling, the old kept. */
static void
test_eappend(void **state)
{
	struct pair *p = NULL;
	size_t n = 0, cap = 0, i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		p = eappend(p, &n, &cap, sizeof *p);
		assert_int_equal(n, i + 1);
		assert_true(cap >= n && cap <= 2 * n + 16);
		assert_int_equal(p[i].a, 0);
		assert_int_equal(p[i].b[12], 0);
		p[i].a = (int)i;
		memset(p[i].b, 'x', sizeof p[i].b);
	}
	assert_int_equal(cap, 1024);
	for (i = 0; i < n; i++)
		assert_int_equal(p[i].a, (int)i);
	free(p);
}

static void
test_endswith(void **state)
{
	(void)state;
	assert_true(endswith("a-1.tar.gz", ".tar.gz"));
	assert_true(endswith(".whl", ".whl"));
	assert_true(endswith("x", ""));
	assert_false(endswith("a-1.tgz", ".tar.gz"));
	assert_false(endswith("gz", ".tar.gz"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eappend),
		cmocka_unit_test(test_endswith),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "pyname.h"

#define EQ(a, b) pep503_eq(a, strlen(a), b, strlen(b))

static void
test_normalize(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(pep503_normalize("Aloha.Bots", 10, out, sizeof out), 10);
	assert_string_equal(out, "aloha-bots");
	pep503_normalize("a__-._b", 7, out, sizeof out);
	assert_string_equal(out, "a-b");
	/* truncation still terminates and reports the full length */
	assert_int_equal(pep503_normalize("abcdef", 6, out, 4), 6);
	assert_string_equal(out, "abc");
}

static void
test_eq(void **state)
{
	(void)state;
	assert_true(EQ("aloha_bots", "aloha-bots"));
	assert_true(EQ("Aloha.Bots", "aloha__bots"));
	assert_false(EQ("aloha-extras", "aloha"));
	assert_false(EQ("alohahq", "aloha"));
	assert_false(EQ("aloha", "aloha-"));
	assert_false(EQ("alohabots", "aloha-bots"));
}

static void
test_valid(void **state)
{
	(void)state;
	assert_true(pep508_valid_name("aloha_bots", 10));
	assert_true(pep508_valid_name("A", 1));
	assert_false(pep508_valid_name("-a", 2));
	assert_false(pep508_valid_name("a_", 2));
	assert_false(pep508_valid_name("a b", 3));
	assert_false(pep508_valid_name("", 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_eq),
		cmocka_unit_test(test_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

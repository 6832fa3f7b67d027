/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "creds.h"

static void
test_tp_mode(void **state)
{
	(void)state;
	assert_int_equal(creds_tp_mode("automatic"), CREDS_TP_AUTOMATIC);
	assert_int_equal(creds_tp_mode("always"), CREDS_TP_ALWAYS);
	assert_int_equal(creds_tp_mode("never"), CREDS_TP_NEVER);
	assert_int_equal(creds_tp_mode("Always"), -1);
	assert_int_equal(creds_tp_mode(""), -1);
}

/* Trusted Publishing only where it cannot hand a PyPI token away. */
static void
test_tp_wanted(void **state)
{
	struct repo r = { .username = "__token__", .pypi = 1 };

	(void)state;
	unsetenv("GITLAB_CI");
	unsetenv("ACTIONS_ID_TOKEN_REQUEST_URL");
	unsetenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
	setenv("GCE_METADATA_HOST", "", 1);
	/* automatic needs a CI; the DMI name of a test machine may say
	 * Google, so only the CI case is asserted positively */
	setenv("GITLAB_CI", "true", 1);
	assert_true(creds_tp_wanted(&r, CREDS_TP_AUTOMATIC));
	assert_false(creds_tp_wanted(&r, CREDS_TP_NEVER));
	/* another index: never automatically */
	r.pypi = 0;
	assert_false(creds_tp_wanted(&r, CREDS_TP_AUTOMATIC));
	assert_true(creds_tp_wanted(&r, CREDS_TP_ALWAYS));
	/* a username not __token__, a password known, a file:// index */
	r.pypi = 1;
	r.username = "alice";
	assert_false(creds_tp_wanted(&r, CREDS_TP_AUTOMATIC));
	assert_false(creds_tp_wanted(&r, CREDS_TP_ALWAYS));
	r.username = NULL;
	assert_false(creds_tp_wanted(&r, CREDS_TP_AUTOMATIC));
	assert_true(creds_tp_wanted(&r, CREDS_TP_ALWAYS));
	r.username = "__token__";
	r.password = "pypi-x";
	assert_false(creds_tp_wanted(&r, CREDS_TP_AUTOMATIC));
	assert_false(creds_tp_wanted(&r, CREDS_TP_ALWAYS));
	r.password = NULL;
	r.file_root = "/tmp";
	assert_false(creds_tp_wanted(&r, CREDS_TP_ALWAYS));
	unsetenv("GITLAB_CI");
}

/* twine 7's bool_from_env: only 0, false and no (any case) are off. */
static void
test_env_flag(void **state)
{
	static const struct { const char *v; int on; } t[] = {
		{ "1", 1 }, { "true", 1 }, { "yes", 1 }, { "off", 1 }, { "x", 1 },
		{ "0", 0 }, { "false", 0 }, { "FALSE", 0 }, { "No", 0 }, { "", 0 },
	};
	size_t i;

	(void)state;
	unsetenv("RELKIT_TEST_FLAG");
	assert_false(creds_env_flag("RELKIT_TEST_FLAG"));
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		setenv("RELKIT_TEST_FLAG", t[i].v, 1);
		assert_int_equal(creds_env_flag("RELKIT_TEST_FLAG"), t[i].on);
	}
	unsetenv("RELKIT_TEST_FLAG");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tp_mode),
		cmocka_unit_test(test_tp_wanted),
		cmocka_unit_test(test_env_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rst.h"

static char dir[] = "/tmp/test_rst.XXXXXX";
static char py[256], cache[256];

/* A stand-in for Python: reads the text, answers as the script does. */
static void
standin(const char *body)
{
	FILE *f = fopen(py, "w");

	assert_non_null(f);
	fprintf(f, "#!/bin/sh\ncat >/dev/null\n%s\n", body);
	fclose(f);
	assert_int_equal(chmod(py, 0755), 0);
}

static int
setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(py, sizeof py, "%s/python", dir);
	snprintf(cache, sizeof cache, "%s/cache", dir);
	setenv("PYTHON", py, 1);
	setenv("RELKIT_CACHE_DIR", cache, 1);
	return 0;
}

static void
test_verdicts(void **state)
{
	struct buf why = { 0 };

	(void)state;
	standin("printf 'stamps 0\\n<string>:2: (ERROR/3) bad\\nmore\\n'; exit 4");
	assert_int_equal(rst_check("*bad", &why), 1);
	assert_string_equal(why.p, "<string>:2: (ERROR/3) bad");
	/* the same text again in this run: not rendered again */
	standin("exit 0");
	why.len = 0;
	assert_int_equal(rst_check("*bad", &why), 1);
	assert_string_equal(why.p, "<string>:2: (ERROR/3) bad");
	why.len = 0;
	assert_int_equal(rst_check("good", &why), 0);
	assert_int_equal(why.len, 0);
	standin("exit 3");
	assert_int_equal(rst_check("no renderer", &why), -1);
	assert_non_null(strstr(why.p, "has no readme_renderer"));
	why.len = 0;
	standin("kill -TERM $$");
	assert_int_equal(rst_check("killed", &why), -1);
	assert_non_null(strstr(why.p, "did not run"));
	buf_free(&why);
}

static void
test_no_python(void **state)
{
	struct buf why = { 0 };

	(void)state;
	setenv("PYTHON", "/nonexistent/python3", 1);
	assert_int_equal(rst_check("text", &why), -1);
	assert_string_equal(why.p, "/nonexistent/python3 did not run");
	buf_free(&why);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_no_python),
	};
	int r = cmocka_run_group_tests(tests, setup, NULL);
	char cmd[300];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		r = 1;
	return r;
}

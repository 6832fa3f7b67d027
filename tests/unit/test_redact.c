/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "redact.h"

static void
is(const char *in, const char *want)
{
	char *s = redact(in);

	assert_string_equal(s, want);
	free(s);
}

static void
test_redact(void **state)
{
	(void)state;
	is("https://__token__:pypi-abc@upload.pypi.org/legacy/: 403",
	   "https://********@upload.pypi.org/legacy/: 403");
	is("a http://u@h/x and ftp://u:p:q@h:1?x@y b",
	   "a http://********@h/x and ftp://********@h:1?x@y b");
	is("https://h/p@q", "https://h/p@q");
	is("no URL: user:pass@host", "no URL: user:pass@host");
	is("http://a@b@c/", "http://********@c/");
	is("", "");
	is("://@", "://********@");
	/* a password with '#', '/', '?' or a space: no URL as parsed, hidden
	 * all the same (issue 25) */
	is("--repository-url: http://alice:s3cr#t@host/: not a URL",
	   "--repository-url: http://********@host/: not a URL");
	is("x: http://alice:s3cr/t@host/: not a URL",
	   "x: http://********@host/: not a URL");
	is("x: http://alice:s3cr?t@host/: not a URL",
	   "x: http://********@host/: not a URL");
	is("x: http://alice:s3 cr@host/: not a URL",
	   "x: http://********@host/: not a URL");
	is("x: http://h:1:/x: not a URL", "x: http://h:1:/x: not a URL");
	is("http://[::1]:8080/a@b https://h:443/x", "http://[::1]:8080/a@b https://h:443/x");
}

static void
test_split(void **state)
{
	char *u, *p, *s;

	(void)state;
	s = url_split_userinfo("https://__token__:pypi-x:y@h:8/legacy/", &u, &p);
	assert_string_equal(s, "https://h:8/legacy/");
	assert_string_equal(u, "__token__");
	assert_string_equal(p, "pypi-x:y");
	free(s), free(u), free(p);
	s = url_split_userinfo("http://only@h/", &u, &p);
	assert_string_equal(s, "http://h/");
	assert_string_equal(u, "only");
	assert_null(p);
	free(s), free(u);
	s = url_split_userinfo("https://h/a@b", &u, &p);
	assert_string_equal(s, "https://h/a@b");
	assert_null(u);
	assert_null(p);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

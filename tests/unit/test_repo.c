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

#include "repo.h"

static char cfg[] = "/tmp/relkit-test-repo.XXXXXX";

static void
clearenv_twine(void)
{
	unsetenv("TWINE_USERNAME");
	unsetenv("TWINE_PASSWORD");
	unsetenv("TWINE_REPOSITORY");
	unsetenv("TWINE_REPOSITORY_URL");
	unsetenv("TWINE_CERT");
}

static int
setup(void **state)
{
	int fd = mkstemp(cfg);
	static const char text[] =
	    "[distutils]\n"
	    "index-servers =\n"
	    "    pypi\n"
	    "    local\n"
	    "    remote nourl\n"
	    "\n"
	    "[pypi]\n"
	    "username = __token__\n"
	    "password = pypi-fromfile\n"
	    "\n"
	    "[local]\n"
	    "repository = http://127.0.0.1:8080/legacy/\n"
	    "username = alice\n"
	    "password = s3cret\n"
	    "ca_cert = /etc/ssl/local.pem\n"
	    "\n"
	    "[remote]\n"
	    "repository = http://example.org/upload\n"
	    "\n"
	    "[nourl]\n"
	    "username = bob\n"
	    "\n"
	    "[unlisted]\n"
	    "repository = https://example.org/legacy/\n";

	(void)state;
	if (fd < 0 || write(fd, text, sizeof text - 1) != (ssize_t)(sizeof text - 1))
		return -1;
	fchmod(fd, 0600);
	close(fd);
	clearenv_twine();
	setenv("HOME", "/nonexistent-relkit-home", 1);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(cfg);
	return 0;
}

static void
test_index_from_upload(void **state)
{
	char *s;

	(void)state;
	s = repo_index_from_upload("http://127.0.0.1:1/legacy/");
	assert_string_equal(s, "http://127.0.0.1:1/simple/");
	free(s);
	s = repo_index_from_upload("https://h/pypi/legacy");
	assert_string_equal(s, "https://h/pypi/simple/");
	free(s);
	s = repo_index_from_upload("https://h/upload");
	assert_string_equal(s, "https://h/upload/simple/");
	free(s);
	s = repo_index_from_upload("https://h/repo/");
	assert_string_equal(s, "https://h/repo/simple/");
	free(s);
	/* "legacy" only as a whole last segment */
	s = repo_index_from_upload("legacy");
	assert_string_equal(s, "legacy/simple/");
	free(s);
	s = repo_index_from_upload("https://h/nolegacy");
	assert_string_equal(s, "https://h/nolegacy/simple/");
	free(s);
}

static void
test_loopback(void **state)
{
	(void)state;
	assert_true(repo_url_is_loopback("http://127.0.0.1:8080/legacy/"));
	assert_true(repo_url_is_loopback("http://127.1.2.3/"));
	assert_true(repo_url_is_loopback("http://localhost/"));
	assert_true(repo_url_is_loopback("http://[::1]:9/"));
	assert_false(repo_url_is_loopback("http://127.0.0.1.example.org/"));
	assert_false(repo_url_is_loopback("http://10.0.0.1/"));
	assert_false(repo_url_is_loopback("http://localhost.example.org/"));
	assert_false(repo_url_is_loopback("not a url"));
}

static void
test_check_url(void **state)
{
	(void)state;
	assert_int_equal(repo_check_url("x", "https://upload.pypi.org/legacy/", 0), 0);
	assert_int_equal(repo_check_url("x", "http://127.0.0.1:5/legacy/", 0), 0);
	assert_int_equal(repo_check_url("x", "http://example.org/legacy/", 0), -1);
	assert_int_equal(repo_check_url("x", "http://example.org/legacy/", 1), 0);
	assert_int_equal(repo_check_url("x", "ftp://example.org/", 1), -1);
	assert_int_equal(repo_check_url("x", "https://u:p@example.org/", 0), -1);
	assert_int_equal(repo_check_url("x", "", 0), -1);
}

static void
test_same_origin(void **state)
{
	(void)state;
	assert_true(repo_same_origin("https://h/legacy/", "https://H:443/simple/"));
	assert_false(repo_same_origin("https://upload.pypi.org/legacy/",
	                              "https://pypi.org/simple/"));
	assert_false(repo_same_origin("http://127.0.0.1:1/", "http://127.0.0.1:2/"));
	assert_false(repo_same_origin("http://h/", "https://h/"));
}

static void
test_builtin(void **state)
{
	struct repo_opts o = { .name = "testpypi" };
	struct repo r;

	(void)state;
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.upload_url, REPO_TESTPYPI_UPLOAD);
	assert_string_equal(r.index_url, REPO_TESTPYPI_INDEX);
	assert_null(r.password);
	assert_int_equal(repo_need_credentials(&r), -1);
	repo_free(&r);
	o.name = NULL; /* default: pypi */
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.upload_url, REPO_PYPI_UPLOAD);
	assert_string_equal(r.index_url, REPO_PYPI_INDEX);
	repo_free(&r);
}

static void
test_pypirc(void **state)
{
	struct repo_opts o = { .name = "local", .config_file = cfg };
	struct repo r;

	(void)state;
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.upload_url, "http://127.0.0.1:8080/legacy/");
	assert_string_equal(r.index_url, "http://127.0.0.1:8080/simple/");
	assert_string_equal(r.username, "alice");
	assert_string_equal(r.password, "s3cret");
	assert_string_equal(r.cert, "/etc/ssl/local.pem");
	assert_int_equal(repo_need_credentials(&r), 0);
	repo_free(&r);

	o.name = "pypi";
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.upload_url, REPO_PYPI_UPLOAD);
	assert_string_equal(r.username, "__token__");
	assert_string_equal(r.password, "pypi-fromfile");
	repo_free(&r);

	o.name = "remote"; /* plain http, not loopback */
	assert_int_equal(repo_resolve(&o, &r), -1);
	o.allow_http = 1;
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.index_url, "http://example.org/upload/simple/");
	assert_null(r.username);
	repo_free(&r);

	o.name = "nourl";
	assert_int_equal(repo_resolve(&o, &r), -1);
	o.name = "absent";
	assert_int_equal(repo_resolve(&o, &r), -1);
	o.name = "unlisted"; /* twine reads only what index-servers lists */
	assert_int_equal(repo_resolve(&o, &r), -1);
	o.name = "local";
	o.config_file = "/nonexistent/pypirc";
	assert_int_equal(repo_resolve(&o, &r), -1);
}

static void
test_env(void **state)
{
	struct repo_opts o = { .config_file = cfg };
	struct repo r;

	(void)state;
	setenv("TWINE_REPOSITORY", "local", 1);
	setenv("TWINE_PASSWORD", "pypi-fromenv", 1);
	setenv("TWINE_CERT", "/env.pem", 1);
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.upload_url, "http://127.0.0.1:8080/legacy/");
	/* the section's username stays; the env password wins */
	assert_string_equal(r.username, "alice");
	assert_string_equal(r.password, "pypi-fromenv");
	assert_string_equal(r.cert, "/env.pem");
	repo_free(&r);

	setenv("TWINE_REPOSITORY_URL", "http://127.0.0.1:9/legacy/", 1);
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.upload_url, "http://127.0.0.1:9/legacy/");
	/* a token with no username means __token__ */
	assert_string_equal(r.username, "__token__");
	repo_free(&r);

	/* TWINE_REPOSITORY_URL is --repository-url's default: it beats -r */
	o.name = "pypi";
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.upload_url, "http://127.0.0.1:9/legacy/");
	repo_free(&r);

	/* user-info in the URL: the credentials, dropped from the URL; the
	 * environment's password still wins, as in twine */
	unsetenv("TWINE_REPOSITORY_URL");
	o.url = "https://u%40x:p:q@example.org/legacy/";
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.upload_url, "https://example.org/legacy/");
	assert_string_equal(r.username, "u%40x");
	assert_string_equal(r.password, "pypi-fromenv");
	repo_free(&r);
	unsetenv("TWINE_PASSWORD");
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.password, "p:q");
	repo_free(&r);
	/* legacy PyPI takes no uploads (twine's test_deprecated_repo) */
	o.url = "http://pypi.python.org/pypi";
	assert_int_equal(repo_resolve(&o, &r), -1);
	o.url = "https://testpypi.python.org/pypi";
	assert_int_equal(repo_resolve(&o, &r), -1);
	/* PyPI: __token__ unless told otherwise, whatever the .pypirc says */
	o.url = "http://upload.pypi.org/legacy/";
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.upload_url, REPO_PYPI_UPLOAD);
	assert_true(r.pypi);
	assert_string_equal(r.username, "__token__");
	repo_free(&r);
	setenv("TWINE_USERNAME", "", 1);
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.username, "__token__");
	repo_free(&r);
	/* elsewhere an empty TWINE_USERNAME is an empty name */
	o.url = "https://example.org/legacy/";
	setenv("TWINE_PASSWORD", "", 1);
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_false(r.pypi);
	assert_string_equal(r.username, "");
	assert_string_equal(r.password, "");
	repo_free(&r);
	unsetenv("TWINE_USERNAME");
	setenv("TWINE_PASSWORD", "pypi-fromenv", 1);
	o.url = NULL;

	o.name = NULL;
	o.url = "https://example.org/x/legacy/";
	o.index_url = "https://example.org/idx";
	o.username = "carol";
	setenv("TWINE_USERNAME", "dave", 1);
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.index_url, "https://example.org/idx/");
	assert_string_equal(r.username, "carol");
	repo_free(&r);
	clearenv_twine();
}

/* Write text to a fresh config and resolve name from it. */
static int
resolve_text(const char *text, const char *name, struct repo *r)
{
	char path[] = "/tmp/relkit-test-repo2.XXXXXX";
	struct repo_opts o = { .name = name, .config_file = path };
	int fd = mkstemp(path), rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	fchmod(fd, 0600);
	close(fd);
	rc = repo_resolve(&o, r);
	unlink(path);
	return rc;
}

/* twine's tests/test_utils.py cases, as pypiup sees them */
static void
test_twine_cases(void **state)
{
	struct repo r;

	(void)state;
	/* test_get_config: index-servers = pypi, [pypi] user and password;
	 * on PyPI the username is __token__ (twine 6+) */
	assert_int_equal(resolve_text("[distutils]\nindex-servers = pypi\n\n"
	    "[pypi]\nusername = testuser\npassword = testpassword\n", "pypi",
	    &r), 0);
	assert_string_equal(r.upload_url, REPO_PYPI_UPLOAD);
	assert_string_equal(r.username, "__token__");
	assert_string_equal(r.password, "testpassword");
	repo_free(&r);
	/* test_get_config_no_distutils: testpypi is known */
	assert_int_equal(resolve_text("[pypi]\nusername = testuser\n",
	    "testpypi", &r), 0);
	assert_string_equal(r.upload_url, REPO_TESTPYPI_UPLOAD);
	assert_null(r.password);
	repo_free(&r);
	/* test_get_config_no_section: listed, no section: unknown; and
	 * testpypi not listed is unknown too */
	assert_int_equal(resolve_text("[distutils]\nindex-servers = pypi foo\n"
	    "[pypi]\nusername = u\n", "foo", &r), -1);
	assert_int_equal(resolve_text("[distutils]\nindex-servers = pypi foo\n",
	    "testpypi", &r), -1);
	/* test_get_config_override_pypi_url */
	assert_int_equal(resolve_text("[pypi]\nrepository = http://127.0.0.1:9/\n",
	    "pypi", &r), 0);
	assert_string_equal(r.upload_url, "http://127.0.0.1:9/");
	assert_false(r.pypi);
	repo_free(&r);
	/* test_empty_userpass: empty values are values, not missing */
	assert_int_equal(resolve_text("[pypi]\nrepository = http://127.0.0.1:9/\n"
	    "username=\npassword=\n", "pypi", &r), 0);
	assert_string_equal(r.username, "");
	assert_string_equal(r.password, "");
	repo_free(&r);
	/* test_get_repository_config_missing_repository */
	assert_int_equal(resolve_text("", "missing-repository", &r), -1);
	/* test_get_repository_config_invalid_syntax */
	assert_int_equal(resolve_text("\n    username = testuser\n", "pypi", &r), -1);
	assert_int_equal(resolve_text("[pypi]\npypi-lolololol\n", "pypi", &r), -1);
	assert_int_equal(resolve_text("pypi-lolololol\n", "pypi", &r), -1);
	/* test_values_from_env_non_pypi: the environment beats the file */
	setenv("TWINE_USERNAME", "someusername", 1);
	setenv("TWINE_PASSWORD", "pypipassword", 1);
	assert_int_equal(resolve_text("[distutils]\nindex-servers =\n    notpypi\n"
	    "\n[notpypi]\nrepository: https://upload.example.org/legacy/\n"
	    "username:other\npassword:password\n", "notpypi", &r), 0);
	assert_string_equal(r.upload_url, "https://upload.example.org/legacy/");
	assert_string_equal(r.username, "someusername");
	assert_string_equal(r.password, "pypipassword");
	repo_free(&r);
	clearenv_twine();
}

static void
test_file_url(void **state)
{
	struct repo_opts o = { .url = "file:///tmp/some%20index/" };
	struct repo r;

	(void)state;
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.file_root, "/tmp/some index");
	assert_null(r.index_url);
	assert_int_equal(repo_need_credentials(&r), 0);
	repo_free(&r);
	o.url = "file://otherhost/x";
	assert_int_equal(repo_resolve(&o, &r), -1);
}

/* issue 24: where twine 7 is right */
static void
test_twine7(void **state)
{
	char path[] = "/tmp/relkit-test-repo-ui.XXXXXX";
	static const char text[] =
	    "[distutils]\nindex-servers = ui bare\n"
	    "[ui]\nrepository = https://bob:pw@example.org/legacy/\n"
	    "username = carol\npassword = p3\n"
	    "[bare]\nrepository = https://bob:pw@example.org/legacy/\n";
	struct repo_opts o = { .config_file = path };
	struct repo r;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	/* an empty TWINE_REPOSITORY names the section "": an error */
	setenv("TWINE_REPOSITORY", "", 1);
	assert_int_equal(repo_resolve(&o, &r), -1);
	/* ... unless a URL is given */
	o.url = "https://example.org/legacy/";
	assert_int_equal(repo_resolve(&o, &r), 0);
	repo_free(&r);
	o.url = NULL;
	unsetenv("TWINE_REPOSITORY");
	/* a .pypirc URL with user-info: used without it, the section's
	 * credentials first */
	o.name = "ui";
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.upload_url, "https://example.org/legacy/");
	assert_string_equal(r.username, "carol");
	assert_string_equal(r.password, "p3");
	assert_string_equal(r.user_from, path);
	repo_free(&r);
	o.name = "bare";
	assert_int_equal(repo_resolve(&o, &r), 0);
	assert_string_equal(r.upload_url, "https://example.org/legacy/");
	assert_string_equal(r.username, "bob");
	assert_string_equal(r.password, "pw");
	assert_string_equal(r.pass_from, "the URL's user-info");
	repo_free(&r);
	/* ~/ in --config-file is HOME */
	setenv("HOME", "/tmp", 1);
	{
		char tilde[64];

		snprintf(tilde, sizeof tilde, "~/%s", path + 5);
		o.config_file = tilde;
		assert_int_equal(repo_resolve(&o, &r), 0);
		assert_string_equal(r.config, path);
		repo_free(&r);
	}
	setenv("HOME", "/nonexistent-relkit-home", 1);
	/* a URL with no host */
	o.config_file = path;
	o.url = "https:///legacy/";
	assert_int_equal(repo_resolve(&o, &r), -1);
	o.url = "https://u:p@/legacy/";
	assert_int_equal(repo_resolve(&o, &r), -1);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_from_upload),
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_check_url),
		cmocka_unit_test(test_same_origin),
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_pypirc),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_twine_cases),
		cmocka_unit_test(test_file_url),
		cmocka_unit_test(test_twine7),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

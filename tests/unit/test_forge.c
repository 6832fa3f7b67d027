/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "forge.h"

/* "host path origin" of url, or "! why". */
static void
remote(const char *url, const char *want)
{
	struct forge_remote r;
	const char *why = NULL;
	char got[512];

	if (forge_parse_remote(url, &r, &why) < 0) {
		snprintf(got, sizeof got, "! %s", why);
		assert_null(r.host);
	} else {
		snprintf(got, sizeof got, "%s %s %s", r.host, r.path,
		         r.origin ? r.origin : "-");
		forge_remote_free(&r);
	}
	assert_string_equal(got, want);
}

static void
test_remote(void **state)
{
	(void)state;
	remote("https://github.com/o/r.git", "github.com o/r https://github.com");
	remote("https://github.com/o/r", "github.com o/r https://github.com");
	remote("https://github.com/o/r/", "github.com o/r https://github.com");
	remote("HTTPS://GitHub.COM/o/r.GIT", "github.com o/r https://github.com");
	remote("git@github.com:o/r.git", "github.com o/r -");
	remote("github.com:o/r", "github.com o/r -");
	remote("git@github.com:/o/r.git", "github.com o/r -");
	remote("ssh://git@github.com/o/r.git", "github.com o/r -");
	remote("ssh://git@gitlab.example.org:2222/g/sub/r.git",
	       "gitlab.example.org g/sub/r -");
	remote("git+ssh://h/o/r", "h o/r -");
	remote("git://h/o/r", "h o/r -");
	remote("https://x-access-token:s3cret@github.com/o/r.git",
	       "github.com o/r https://github.com");
	remote("https://u@p@gitlab.com/a/b/c/d", "gitlab.com a/b/c/d https://gitlab.com");
	remote("http://127.0.0.1:8080/o/r", "127.0.0.1 o/r http://127.0.0.1:8080");
	remote("https://[::1]:8443/o/r", "[::1] o/r https://[::1]:8443");
	remote("https://gitlab.com/g/r.name_x-y.git", "gitlab.com g/r.name_x-y https://gitlab.com");

	remote("/srv/git/r.git", "! not a remote URL (a local path?)");
	remote("./o/r", "! not a remote URL (a local path?)");
	remote("c:/o/r", "c o/r -"); /* git reads it as ssh to host c */
	remote("file:///srv/o/r", "! not an https, ssh or git URL");
	remote("ftp://h/o/r", "! not an https, ssh or git URL");
	remote("https://github.com", "! no repository path in the URL");
	remote("https://github.com/o", "! the path is not owner/name (or group/…/name)");
	remote("https://github.com/o//r", "! the path is not owner/name (or group/…/name)");
	remote("https://github.com/o/../r", "! the path is not owner/name (or group/…/name)");
	remote("https://gitlab.com/g/-/r", "! the path is not owner/name (or group/…/name)");
	remote("https://github.com/o/r%2e", "! the path is not owner/name (or group/…/name)");
	remote("ssh://h/~u/r", "! the path is not owner/name (or group/…/name)");
	remote("https://github.com/o/r?x", "! a query or fragment in the URL");
	remote("https://github.com/o/r#x", "! a query or fragment in the URL");
	remote("https://gith ub.com/o/r", "! control character or blank in the URL");
	remote("https://github.com/o/r\n", "! control character or blank in the URL");
	remote("https://:443/o/r", "! no host in the URL");
	remote("https://h:x/o/r", "! bad port in the URL");
	remote("https://h:123456/o/r", "! bad port in the URL");
	remote("https://h_x/o/r", "! bad host in the URL");
	remote("https://[::1/o/r", "! bad host in the URL");
	remote("", "! not a remote URL (a local path?)");
}

static void
test_path_ok(void **state)
{
	const char *why;

	(void)state;
	assert_int_equal(forge_path_ok(FORGE_GITHUB, "o/r", &why), 0);
	assert_int_equal(forge_path_ok(FORGE_GITHUB, "g/s/r", &why), -1);
	assert_string_equal(why, "not owner/name");
	assert_int_equal(forge_path_ok(FORGE_GITLAB, "g/s/r", &why), 0);
	assert_int_equal(forge_path_ok(FORGE_GITLAB, "r", &why), -1);
	assert_int_equal(forge_path_ok(FORGE_GITLAB, "g/r/", &why), -1);
	assert_int_equal(forge_path_ok(FORGE_GITLAB, "/g/r", &why), -1);
}

static void
test_kind_and_api(void **state)
{
	struct forge_remote r;
	const char *why;
	char *api;

	(void)state;
	unsetenv("GITHUB_API_URL");
	unsetenv("CI_API_V4_URL");
	unsetenv("GITHUB_SERVER_URL");
	unsetenv("CI_SERVER_HOST");
	assert_int_equal(forge_kind_named("GitHub"), FORGE_GITHUB);
	assert_int_equal(forge_kind_named("gitlab"), FORGE_GITLAB);
	assert_int_equal(forge_kind_named("gitea"), FORGE_UNKNOWN);
	assert_int_equal(forge_kind_of_host("github.com"), FORGE_GITHUB);
	assert_int_equal(forge_kind_of_host("gitlab.example.org"), FORGE_GITLAB);
	assert_int_equal(forge_kind_of_host("ghe.corp"), FORGE_UNKNOWN);
	setenv("GITHUB_SERVER_URL", "https://GHE.corp:8443", 1);
	assert_int_equal(forge_kind_of_host("ghe.corp"), FORGE_GITHUB);
	unsetenv("GITHUB_SERVER_URL");
	setenv("CI_SERVER_HOST", "code.corp", 1);
	assert_int_equal(forge_kind_of_host("code.corp"), FORGE_GITLAB);
	unsetenv("CI_SERVER_HOST");

	api = forge_api_base(FORGE_GITHUB, NULL);
	assert_string_equal(api, "https://api.github.com");
	free(api);
	api = forge_api_base(FORGE_GITLAB, NULL);
	assert_string_equal(api, "https://gitlab.com/api/v4");
	free(api);
	assert_int_equal(forge_parse_remote("https://ghe.corp:8443/o/r", &r, &why), 0);
	api = forge_api_base(FORGE_GITHUB, &r);
	assert_string_equal(api, "https://ghe.corp:8443/api/v3");
	free(api);
	forge_remote_free(&r);
	assert_int_equal(forge_parse_remote("git@code.corp:g/s/r", &r, &why), 0);
	api = forge_api_base(FORGE_GITLAB, &r);
	assert_string_equal(api, "https://code.corp/api/v4");
	free(api);
	setenv("CI_API_V4_URL", "https://code.corp/gitlab/api/v4//", 1);
	api = forge_api_base(FORGE_GITLAB, &r);
	assert_string_equal(api, "https://code.corp/gitlab/api/v4");
	free(api);
	unsetenv("CI_API_V4_URL");
	forge_remote_free(&r);
}

static void
msg(const char *body, const char *want)
{
	char *m = forge_message(body, strlen(body));

	if (!want)
		assert_null(m);
	else {
		assert_non_null(m);
		assert_string_equal(m, want);
	}
	free(m);
}

static void
test_message(void **state)
{
	(void)state;
	msg("{\"message\":\"Not Found\",\"documentation_url\":\"https://x\"}",
	    "Not Found");
	msg("{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":"
	    "\"PullRequest\",\"code\":\"custom\",\"message\":\"A pull request "
	    "already exists for o:b.\"}]}",
	    "Validation Failed: A pull request already exists for o:b.");
	msg("{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":"
	    "\"Release\",\"code\":\"already_exists\",\"field\":\"tag_name\"}]}",
	    "Validation Failed: tag_name already_exists");
	msg("{\"message\":[\"Another open merge request already exists\"]}",
	    "Another open merge request already exists");
	msg("{\"message\":{\"name\":[\"is too long\",\"is bad\"]}}",
	    "name is too long: name is bad");
	msg("{\"error\":\"invalid_token\",\"error_description\":\"expired\"}",
	    "invalid_token: expired");
	msg("{\"message\":\"a\\u001b[31m\\nb\\u0007c\\u009bd\\\\\"}",
	    "a\\x1b[31m\\nb\\x07c\\xc2\\x9bd\\\\");
	msg("<html>Bad gateway\r\n</html>", "<html>Bad gateway\\r");
	msg("\xff\xfe", "\\xff\\xfe");
	msg("", NULL);
	msg("{}", "{}");
}

static void
test_ratelimit(void **state)
{
	(void)state;
	assert_int_equal(forge_ratelimit_wait(200, "5", NULL, NULL, 0), -1);
	assert_int_equal(forge_ratelimit_wait(429, "5", NULL, NULL, 0), 5);
	assert_int_equal(forge_ratelimit_wait(403, " 7\r\n", NULL, NULL, 0), 7);
	assert_int_equal(forge_ratelimit_wait(403, NULL, "0", "1000", 990), 11);
	assert_int_equal(forge_ratelimit_wait(403, NULL, "0", "1000", 2000), 1);
	/* a 403 with requests left is a refusal, not a limit */
	assert_int_equal(forge_ratelimit_wait(403, NULL, "12", "1000", 990), -1);
	assert_int_equal(forge_ratelimit_wait(403, NULL, NULL, NULL, 0), -1);
	/* GitHub's secondary limit without headers: a minute */
	assert_int_equal(forge_ratelimit_wait(429, NULL, NULL, NULL, 0), 60);
	/* an HTTP-date Retry-After is not a number of seconds */
	assert_int_equal(forge_ratelimit_wait(429, "Wed, 21 Oct 2026 07:28:00 GMT",
	                                      NULL, NULL, 0), 60);
	assert_int_equal(forge_ratelimit_wait(429, "999999999999999", NULL, NULL, 0), 60);
	assert_int_equal(forge_ratelimit_wait(429, "99999999", NULL, NULL, 0), 86400);
}

static void
test_open(void **state)
{
	struct forge f;

	(void)state;
	unsetenv("GH_TOKEN");
	unsetenv("GITHUB_TOKEN");
	unsetenv("GITLAB_TOKEN");
	unsetenv("CI_JOB_TOKEN");
	assert_int_equal(forge_open(&f, FORGE_GITHUB, "https://api.github.com", "o/r"), -1);
	setenv("GITHUB_TOKEN", "t2", 1);
	assert_int_equal(forge_open(&f, FORGE_GITHUB, "https://api.github.com", "o/r"), 0);
	assert_string_equal(f.tokenvar, "GITHUB_TOKEN");
	assert_string_equal(f.id, "repos/o/r");
	forge_free(&f);
	setenv("GH_TOKEN", "t1", 1);
	assert_int_equal(forge_open(&f, FORGE_GITHUB, "https://api.github.com", "o/r"), 0);
	assert_string_equal(f.token, "t1");
	forge_free(&f);
	assert_int_equal(forge_open(&f, FORGE_GITHUB, "http://api.example", "o/r"), -1);
	assert_int_equal(forge_open(&f, FORGE_GITHUB, "http://127.0.0.1:9/x", "o/r"), 0);
	forge_free(&f);
	setenv("CI_JOB_TOKEN", "j", 1);
	assert_int_equal(forge_open(&f, FORGE_GITLAB, "https://gitlab.com/api/v4", "g/s/r"), 0);
	assert_string_equal(f.id, "projects/g%2Fs%2Fr");
	assert_true(f.jobtoken);
	forge_free(&f);
	setenv("GITLAB_TOKEN", "p", 1);
	assert_int_equal(forge_open(&f, FORGE_GITLAB, "https://gitlab.com/api/v4", "g/s/r"), 0);
	assert_false(f.jobtoken);
	assert_string_equal(f.tokenvar, "GITLAB_TOKEN");
	forge_free(&f);
}

/* The CA bundle: REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, SSL_CERT_FILE, the
 * first set and not empty, as pypiup reads them; none: the system's. */
static void
test_cacert(void **state)
{
	struct forge f;

	(void)state;
	setenv("GH_TOKEN", "t1", 1);
	unsetenv("REQUESTS_CA_BUNDLE");
	unsetenv("CURL_CA_BUNDLE");
	unsetenv("SSL_CERT_FILE");
	assert_int_equal(forge_open(&f, FORGE_GITHUB, "https://api.github.com", "o/r"), 0);
	assert_null(f.cacert);
	forge_free(&f);
	setenv("SSL_CERT_FILE", "/ca/ssl.pem", 1);
	assert_int_equal(forge_open(&f, FORGE_GITHUB, "https://api.github.com", "o/r"), 0);
	assert_string_equal(f.cacert, "/ca/ssl.pem");
	forge_free(&f);
	setenv("CURL_CA_BUNDLE", "/ca/curl.pem", 1);
	setenv("REQUESTS_CA_BUNDLE", "", 1);
	assert_int_equal(forge_open(&f, FORGE_GITHUB, "https://api.github.com", "o/r"), 0);
	assert_string_equal(f.cacert, "/ca/curl.pem");
	forge_free(&f);
	setenv("REQUESTS_CA_BUNDLE", "/ca/requests.pem", 1);
	assert_int_equal(forge_open(&f, FORGE_GITHUB, "https://api.github.com", "o/r"), 0);
	assert_string_equal(f.cacert, "/ca/requests.pem");
	forge_free(&f);
	/* a refused open leaves nothing to free */
	assert_int_equal(forge_open(&f, FORGE_GITHUB, "http://api.example", "o/r"), -1);
	unsetenv("REQUESTS_CA_BUNDLE");
	unsetenv("CURL_CA_BUNDLE");
	unsetenv("SSL_CERT_FILE");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remote),
		cmocka_unit_test(test_path_ok),
		cmocka_unit_test(test_kind_and_api),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_ratelimit),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_cacert),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

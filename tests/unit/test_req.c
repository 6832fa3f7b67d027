/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "req.h"

/* The text of span sp in s, for comparing. */
static char got[512];
static const char *
txt(const char *s, struct reqspan sp)
{
	size_t n = sp.b - sp.a;

	assert_true(sp.b >= sp.a && n < sizeof got);
	memcpy(got, s + sp.a, n);
	got[n] = '\0';
	return got;
}

static const char *
proj(const char *s, const struct req *r)
{
	struct reqspan n;

	if (!req_project(s, r, &n))
		return "";
	return txt(s, n);
}

static void
test_shapes(void **state)
{
	const char *s =
	    "https://github.com/a/api/archive/0.8.2.zip#egg=aloha==0.8.2+git&subdirectory=aloha\n"
	    "git+https://github.com/a/api.git@0.8.2#egg=aloha_bots==0.8.2+git&subdirectory=aloha_bots\n"
	    "-e \"git+https://github.com/a/api.git@0.4.1#egg=aloha==0.4.1_git&subdirectory=aloha\"\n"
	    "aloha @ git+https://github.com/a/api.git@0.8.2#subdirectory=aloha\n"
	    "aloha-bots @ https://github.com/a/api/archive/refs/tags/0.8.2.tar.gz#subdirectory=x/aloha_bots ; python_version >= \"3.9\"\n"
	    "aloha==0.8.2\n"
	    "aloha[extra]==0.8.2  # comment\n";
	struct reqfile rf;

	(void)state;
	req_parse(s, strlen(s), &rf);
	assert_int_equal(rf.n, 7);

	assert_int_equal(rf.r[0].kind, REQ_URL);
	assert_int_equal(rf.r[0].u.reftype, REF_ARCHIVE);
	assert_string_equal(txt(s, rf.r[0].u.ref), "0.8.2");
	assert_string_equal(txt(s, rf.r[0].u.eggver), "0.8.2");
	assert_string_equal(txt(s, rf.r[0].u.repo), "https://github.com/a/api");
	assert_string_equal(proj(s, &rf.r[0]), "aloha");

	assert_int_equal(rf.r[1].u.reftype, REF_VCS);
	assert_string_equal(txt(s, rf.r[1].u.ref), "0.8.2");
	assert_string_equal(txt(s, rf.r[1].u.repo), "git+https://github.com/a/api.git");
	assert_string_equal(proj(s, &rf.r[1]), "aloha_bots");

	assert_true(rf.r[2].editable);
	assert_int_equal(rf.r[2].kind, REQ_URL);
	assert_string_equal(txt(s, rf.r[2].u.ref), "0.4.1");
	assert_string_equal(txt(s, rf.r[2].u.eggver), "0.4.1");
	assert_int_equal(rf.r[2].line, 3);

	assert_true(rf.r[3].hasname);
	assert_string_equal(proj(s, &rf.r[3]), "aloha");
	assert_string_equal(txt(s, rf.r[3].u.ref), "0.8.2");
	assert_false(rf.r[3].u.hasegg);

	assert_string_equal(proj(s, &rf.r[4]), "aloha-bots");
	assert_string_equal(txt(s, rf.r[4].u.ref), "0.8.2");
	assert_string_equal(txt(s, rf.r[4].u.subdir), "x/aloha_bots");

	assert_int_equal(rf.r[5].kind, REQ_SPEC);
	assert_true(rf.r[5].haspin);
	assert_string_equal(txt(s, rf.r[5].pin), "0.8.2");

	assert_true(rf.r[6].haspin);
	assert_string_equal(proj(s, &rf.r[6]), "aloha");
	assert_string_equal(txt(s, rf.r[6].pin), "0.8.2");
	req_free(&rf);
}

static void
test_lines(void **state)
{
	const char *s =
	    "# comment \\\n"                       /* 1: not continued */
	    "aloha==1.0 \\\r\n"                     /* 2 */
	    "    --hash=sha256:00 \\\n"             /* 3 */
	    "    --hash=sha256:11\n"                /* 4 */
	    "\n"                                    /* 5 */
	    "-r base.in\n"                          /* 6 */
	    "aloha>=1,<2\n"                         /* 7 */
	    "aloha==1.*\n"                          /* 8 */
	    "./local/path\n"                        /* 9 */
	    "x==1 # --hash=sha256:00\n"             /* 10 */
	    "-e .\n"                                /* 11 */
	    "aloha == 2.0 ; python_version<'3'";    /* 12, no newline */
	struct reqfile rf;

	(void)state;
	req_parse(s, strlen(s), &rf);
	assert_int_equal(rf.n, 10);
	assert_int_equal(rf.r[0].kind, REQ_NONE);
	assert_int_equal(rf.r[1].line, 2);
	assert_int_equal(rf.r[1].lastline, 4);
	assert_true(rf.r[1].haspin);
	assert_true(rf.r[1].hashash);
	assert_int_equal(rf.r[1].hashline, 3);
	assert_int_equal(rf.r[2].kind, REQ_NONE);
	assert_int_equal(rf.r[3].kind, REQ_OPTION);
	assert_int_equal(rf.r[4].kind, REQ_SPEC);
	assert_false(rf.r[4].haspin);
	assert_false(rf.r[5].haspin);
	assert_int_equal(rf.r[6].kind, REQ_OTHER);
	assert_false(rf.r[7].hashash);
	assert_int_equal(rf.r[8].kind, REQ_OTHER);
	assert_int_equal(rf.r[9].line, 12);
	assert_string_equal(txt(s, rf.r[9].pin), "2.0");
	req_free(&rf);
}

static void
test_url(void **state)
{
	struct requrl u;
	const char *s;

	(void)state;
	s = "git+ssh://git@github.com/a/api.git#egg=x";
	req_url(s, 0, strlen(s), &u);
	assert_int_equal(u.reftype, REF_VCS);
	assert_false(u.hasref);
	s = "https://example.org/x-1.0.tar.gz";
	req_url(s, 0, strlen(s), &u);
	assert_int_equal(u.reftype, REF_NONE);
	assert_false(u.hasref);
	s = "https://h/o/r/archive/refs/heads/main.tar.bz2?x=1#subdirectory=d";
	req_url(s, 0, strlen(s), &u);
	assert_int_equal(u.reftype, REF_ARCHIVE);
	assert_string_equal(txt(s, u.ref), "main");
	assert_string_equal(txt(s, u.subdir), "d");
	s = "https://h/o/r/archive/a/b.zip";
	req_url(s, 0, strlen(s), &u);
	assert_false(u.hasref);
	s = "git+https://h/o/r.git@refs/tags/v1.0#egg=x";
	req_url(s, 0, strlen(s), &u);
	assert_string_equal(txt(s, u.ref), "v1.0");
	assert_string_equal(txt(s, u.repo), "git+https://h/o/r.git");
	s = "./archive/1.0.zip";
	req_url(s, 0, strlen(s), &u);
	assert_false(u.hasref);
}

static void
test_span(void **state)
{
	/* a requirement string inside a TOML file: offsets and lines of
	 * the whole file */
	const char *s = "[project]\ndependencies = [\"aloha==0.8.2\"]\n";
	size_t a = (size_t)(strchr(s, '"') - s) + 1, b = a + 12;
	struct reqfile rf;

	(void)state;
	req_parse_span(s, a, b, 2, &rf);
	assert_int_equal(rf.n, 1);
	assert_int_equal(rf.r[0].line, 2);
	assert_int_equal(rf.r[0].off, a);
	assert_string_equal(txt(s, rf.r[0].pin), "0.8.2");
	req_free(&rf);
}

static void
test_suffix(void **state)
{
	(void)state;
	assert_int_equal(req_localsuffix("0.8.2+git", 9), 4);
	assert_int_equal(req_localsuffix("0.4.1_git", 9), 4);
	assert_int_equal(req_localsuffix("0.8.2", 5), 0);
	assert_int_equal(req_localsuffix("1.0_rc1", 7), 0);
	assert_int_equal(req_localsuffix("1.0_", 4), 0);
	assert_int_equal(req_localsuffix("git", 3), 0);
}

static void
test_samerepo(void **state)
{
	const char *r = "https://github.com/aloha/python-aloha-api";
#define SAME(u) req_samerepo(u, strlen(u), r)

	(void)state;
	assert_true(SAME("git+https://github.com/aloha/python-aloha-api.git@0.8.2#egg=x"));
	assert_true(SAME("https://github.com/aloha/python-aloha-api/archive/0.8.2.zip"));
	assert_true(SAME("git+ssh://git@GITHUB.COM/aloha/python-aloha-api/@1"));
	assert_true(SAME("https://github.com/aloha/python-aloha-api.git"));
	assert_false(SAME("https://github.com/aloha/python-aloha-api-x.git"));
	assert_false(SAME("https://github.com/someone/python-aloha-api.git"));
	assert_false(SAME("https://gitlab.com/aloha/python-aloha-api.git"));
	assert_false(SAME("https://github.com/aloha/python-aloha-api/archive/0.8.2/x.zip"));
	assert_true(req_samerepo("https://github.com/aloha/api", 28,
	                         "github.com/aloha/api/"));
#undef SAME
}

static void
test_newtag(void **state)
{
	char out[64];

	(void)state;
	req_newtag("v0.8.2", 6, "0.9.0", out, sizeof out);
	assert_string_equal(out, "v0.9.0");
	req_newtag("0.8.2", 5, "0.9.0", out, sizeof out);
	assert_string_equal(out, "0.9.0");
	req_newtag("v0.8.2", 6, "v0.9.0", out, sizeof out);
	assert_string_equal(out, "v0.9.0");
	req_newtag("vendor", 6, "0.9.0", out, sizeof out);
	assert_string_equal(out, "0.9.0");
	req_newtag("v1x", 3, "0.9.0", out, sizeof out);
	assert_string_equal(out, "0.9.0");
	req_newtag("0123abc", 7, "0.9.0", out, sizeof out);
	assert_string_equal(out, "0.9.0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_span),
		cmocka_unit_test(test_suffix),
		cmocka_unit_test(test_samerepo),
		cmocka_unit_test(test_newtag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

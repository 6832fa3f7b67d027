/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

/* stderr into a file while fn runs; what was written, in out. */
static char errtext[4096];

static void
capture_start(FILE **tmp, int *saved)
{
	fflush(stderr);
	*tmp = tmpfile();
	assert_non_null(*tmp);
	*saved = dup(2);
	assert_true(dup2(fileno(*tmp), 2) == 2);
}

static const char *
capture_end(FILE *tmp, int saved)
{
	size_t n;

	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(errtext, 1, sizeof errtext - 1, tmp);
	errtext[n] = '\0';
	fclose(tmp);
	return errtext;
}

static void
test_finding(void **state)
{
	struct findings f = { "dist/a\tb.whl", 0 };
	FILE *tmp;
	int saved;

	(void)state;
	setprogname("pkgls");
	capture_start(&tmp, &saved);
	finding(&f, NULL, 0, "no %s", "top directory");
	finding(&f, "a-1.dist-info/METADATA", 3, "bad\033[31m line");
	finding(&f, "x/y", 0, "warning: %d not checked", 2);
	finding(&f, NULL, 0, "note: left out");
	finding(&f, NULL, 0, "'\\' stays");
	assert_string_equal(capture_end(tmp, saved),
	    "pkgls: dist/a\\tb.whl: no top directory\n"
	    "pkgls: dist/a\\tb.whl: a-1.dist-info/METADATA:3: bad\\x1b[31m line\n"
	    "pkgls: dist/a\\tb.whl: x/y: warning: 2 not checked\n"
	    "pkgls: dist/a\\tb.whl: note: left out\n"
	    "pkgls: dist/a\\tb.whl: '\\' stays\n");
	/* warnings and notes are no problems */
	assert_int_equal(f.problems, 3);
}

static void
test_findings_lines(void **state)
{
	struct findings f = { "s.tar.gz", 0 }, none = { NULL, 0 };
	struct buf msg = { 0 };
	FILE *tmp;
	int saved;

	(void)state;
	setprogname("pypiup");
	buf_adds(&msg, "one\nwarning: two\nthree\n");
	capture_start(&tmp, &saved);
	assert_int_equal(findings_lines(&f, "PyPI: ", &msg), 2);
	assert_int_equal(msg.len, 0);
	assert_int_equal(findings_lines(&f, "", &msg), 0);
	buf_adds(&msg, "a release's line\n");
	assert_int_equal(findings_lines(&none, "", &msg), 1);
	assert_string_equal(capture_end(tmp, saved),
	    "pypiup: s.tar.gz: PyPI: one\n"
	    "pypiup: s.tar.gz: PyPI: warning: two\n"
	    "pypiup: s.tar.gz: PyPI: three\n"
	    "pypiup: a release's line\n");
	buf_free(&msg);
}

static struct dist_entry ents[4];

/* The driver on a dist in memory: names and globs, counted. */
static void
test_check_dist(void **state)
{
	static const char *names[] = { "a-1/", "a-1/PKG-INFO", "../up", "a-1/x.pyc" };
	struct pathpat deny = { 0 }, allow = { 0 };
	struct check c = { .what = CHECK_SAFETY | CHECK_GLOBS,
	                   .deny = &deny, .allow = &allow };
	struct findings f = { "a-1.tar.gz", 0 };
	struct dist d;
	FILE *tmp;
	int saved;
	size_t i;

	(void)state;
	setprogname("pkgls");
	memset(&d, 0, sizeof d);
	d.type = DIST_SDIST;
	d.path = "a-1.tar.gz";
	d.e = ents;
	d.n = 4;
	for (i = 0; i < 4; i++) {
		memset(&ents[i], 0, sizeof ents[i]);
		ents[i].path = (char *)names[i];
		ents[i].type = i ? 'f' : 'd';
	}
	pathpat_add(&deny, "*.pyc");
	capture_start(&tmp, &saved);
	assert_int_equal(check_dist(&d, &c, &f), 2);
	assert_string_equal(capture_end(tmp, saved),
	    "pkgls: a-1.tar.gz: ../up: unsafe name: '..' component\n"
	    "pkgls: a-1.tar.gz: a-1/x.pyc: denied by *.pyc\n");
	assert_int_equal(f.problems, 2);
	assert_false(c.have_meta);
	/* the rules only on what passed: not asked here, so none read */
	c.what |= CHECK_RULES;
	capture_start(&tmp, &saved);
	assert_int_equal(check_dist(&d, &c, &f), 2);
	capture_end(tmp, saved);
	assert_false(c.have_meta);
	pathpat_free(&deny);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finding),
		cmocka_unit_test(test_findings_lines),
		cmocka_unit_test(test_check_dist),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

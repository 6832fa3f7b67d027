/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"

#define PARSE(s, m, l, e) meta_parse(s, strlen(s), m, l, e)

static void
test_fields(void **state)
{
	const char *src =
	    "Metadata-Version: 2.1\r\n"
	    "Name: aloha_bots\r\n"
	    "Version: 0.9.0\r\n"
	    "Classifier: A\r\n"
	    "Classifier: B\r\n"
	    "License: line one\r\n"
	    "        line two\r\n"
	    "requires-dist: x>=1\r\n"
	    "Empty:\r\n"
	    "\r\n"
	    "The description.\r\nSecond line.\r\n";
	struct meta m;
	size_t line;
	const char *err;

	(void)state;
	assert_int_equal(PARSE(src, &m, &line, &err), 0);
	assert_int_equal(m.n, 8);
	assert_string_equal(meta_get(&m, "name"), "aloha_bots");
	assert_string_equal(meta_get(&m, "VERSION"), "0.9.0");
	assert_string_equal(meta_get(&m, "Classifier"), "A");
	assert_int_equal(meta_count(&m, "classifier"), 2);
	assert_string_equal(m.f[4].value, "B");
	assert_int_equal(m.f[4].line, 5);
	assert_string_equal(meta_get(&m, "License"), "line one\n        line two");
	assert_string_equal(meta_get(&m, "Requires-Dist"), "x>=1");
	assert_string_equal(meta_get(&m, "Empty"), "");
	assert_null(meta_get(&m, "Summary"));
	assert_string_equal(m.body, "The description.\r\nSecond line.\r\n");
	meta_free(&m);
	assert_int_equal(m.n, 0);
}

static void
test_nobody(void **state)
{
	struct meta m;
	size_t line;
	const char *err;

	(void)state;
	assert_int_equal(PARSE("Name: x", &m, &line, &err), 0);
	assert_string_equal(meta_get(&m, "Name"), "x");
	assert_null(m.body);
	meta_free(&m);
	assert_int_equal(PARSE("Name: x\n\n", &m, &line, &err), 0);
	assert_null(m.body);
	meta_free(&m);
}

/* After a field, a line that is no field starts the body, as Python's
 * email parser reads it (a false refusal before). */
static void
test_body_without_blank_line(void **state)
{
	struct meta m;
	size_t line = 0;
	const char *err = NULL;

	(void)state;
	assert_int_equal(PARSE("Name: x\nnot a field\nVersion: 1\n", &m, &line,
	                       &err), 0);
	assert_int_equal(m.n, 1);
	assert_string_equal(m.body, "not a field\nVersion: 1\n");
	meta_free(&m);
	assert_int_equal(PARSE("Name: x\nBad Name: y\n", &m, &line, &err), 0);
	assert_string_equal(m.body, "Bad Name: y\n");
	meta_free(&m);
	assert_int_equal(PARSE("Name: x\n\xc3\xa9t\xc3\xa9: y\n", &m, &line,
	                       &err), 0);
	assert_string_equal(m.body, "\xc3\xa9t\xc3\xa9: y\n");
	meta_free(&m);
	/* an empty field name is no body: PyPI refuses it */
	assert_int_equal(PARSE("Name: x\n: y\n", &m, &line, &err), -1);
	assert_int_equal(line, 2);
}

static void
test_dedent(void **state)
{
	char *d;

	(void)state;
	d = meta_dedent("Title\n        =====\n        \n          indented\n"
	                "   three\n\tTab");
	assert_string_equal(d, "Title\n=====\n\n  indented\n   three\n\tTab");
	free(d);
	d = meta_dedent("        first line keeps its spaces");
	assert_string_equal(d, "        first line keeps its spaces");
	free(d);
	d = meta_dedent("");
	assert_string_equal(d, "");
	free(d);
}

static void
test_errors(void **state)
{
	struct meta m;
	size_t line = 0;
	const char *err = NULL;

	(void)state;
	assert_int_equal(PARSE("not a field\nName: x\n", &m, &line, &err), -1);
	assert_int_equal(line, 1);
	assert_string_equal(err, "not a header field (Name: value)");
	assert_int_equal(m.n, 0);
	assert_int_equal(PARSE(" cont\n", &m, &line, &err), -1);
	assert_int_equal(line, 1);
	assert_string_equal(err, "continuation line before any field");
	assert_int_equal(PARSE("", &m, &line, &err), -1);
	assert_string_equal(err, "no header fields");
	assert_int_equal(PARSE("\nbody only", &m, &line, &err), -1);
	assert_int_equal(PARSE(": x\n", &m, &line, &err), -1);
	assert_int_equal(PARSE("Bad Name: x\n", &m, &line, &err), -1);
	assert_int_equal(meta_parse("A: 1\nB: \0\n", 10, &m, &line, &err), -1);
	assert_int_equal(line, 2);
	assert_string_equal(err, "NUL byte");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_nobody),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_body_without_blank_line),
		cmocka_unit_test(test_dedent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

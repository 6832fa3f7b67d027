/* relkit — MIT licence, see LICENSE. */
/* pypirc: configparser's rules, case by case. With --dump FILE..., prints
 * each file's parse as one JSON line instead (tests/pypirc.t compares it
 * with Python's configparser). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pypirc.h"
#include "util.h"

static struct pypirc c;
static size_t eline;
static const char *why;

static int
parse(const char *s)
{
	return pypirc_parse(s, strlen(s), &c, &eline, &why);
}

static const char *
get(const char *sec, const char *key)
{
	const struct pypirc_key *k = pypirc_get(&c, sec, key);

	return k ? k->value : NULL;
}

static void
test_long_token(void **state)
{
	struct buf b = { 0 };
	char tok[301];

	(void)state;
	memset(tok, 'A', 300);
	memcpy(tok, "pypi-", 5);
	tok[300] = '\0';
	buf_addf(&b, "[pypi]\nusername = __token__\npassword = %s\n", tok);
	assert_int_equal(parse(b.p), 0);
	assert_string_equal(get("pypi", "password"), tok);
	pypirc_free(&c);
	buf_free(&b);
}

static void
test_indent(void **state)
{
	(void)state;
	/* keys indented alike are separate keys */
	assert_int_equal(parse("[local]\n    repository = http://h/\n"
	                       "    username = u\n    password = p\n"), 0);
	assert_string_equal(get("local", "repository"), "http://h/");
	assert_string_equal(get("local", "username"), "u");
	assert_string_equal(get("local", "password"), "p");
	pypirc_free(&c);
	/* deeper: a continuation, blank lines inside kept, trailing dropped */
	assert_int_equal(parse("[distutils]\nindex-servers =\n  pypi\n\n  local\n"
	                       "\n\n[x]\na = 1\n"), 0);
	assert_string_equal(get("distutils", "index-servers"), "\npypi\n\nlocal");
	pypirc_free(&c);
	/* a comment inside a continuation is skipped */
	assert_int_equal(parse("[s]\nk = a\n  # no\n  b\n"), 0);
	assert_string_equal(get("s", "k"), "a\nb");
	pypirc_free(&c);
	/* a deeper [header] is part of the value */
	assert_int_equal(parse("[s]\nk = a\n  [t]\n"), 0);
	assert_string_equal(get("s", "k"), "a\n[t]");
	assert_null(pypirc_section(&c, "t"));
	pypirc_free(&c);
}

static void
test_values(void **state)
{
	(void)state;
	assert_int_equal(parse("[s]\npassword = abc ;def\nA: b=c\n"
	                       "USERname=x # y\nempty =\n"), 0);
	assert_string_equal(get("s", "password"), "abc ;def");
	assert_string_equal(get("s", "a"), "b=c");
	assert_string_equal(get("s", "username"), "x # y");
	assert_string_equal(get("s", "empty"), "");
	pypirc_free(&c);
	/* \r and \r\n end lines; Unicode white space is stripped */
	assert_int_equal(parse("[s]\rk =\xc2\xa0v\xe3\x80\x80\r\nj = w\n"), 0);
	assert_string_equal(get("s", "k"), "v");
	assert_string_equal(get("s", "j"), "w");
	pypirc_free(&c);
	/* a header is [ up to the last ] */
	assert_int_equal(parse("[a]b] x\nk = v\n"), 0);
	assert_string_equal(get("a]b", "k"), "v");
	pypirc_free(&c);
	/* Unicode lower: \xc3\x84 is A-umlaut */
	assert_int_equal(parse("[s]\n\xc3\x84 = 1\n"), 0);
	assert_string_equal(get("s", "\xc3\xa4"), "1");
	pypirc_free(&c);
}

static void
test_default(void **state)
{
	(void)state;
	assert_int_equal(parse("[DEFAULT]\nusername = d\n[a]\n[b]\nusername = b\n"
	                       "[DEFAULT]\npassword = p\n"), 0);
	assert_string_equal(get("a", "username"), "d");
	assert_string_equal(get("a", "password"), "p");
	assert_string_equal(get("b", "username"), "b");
	assert_string_equal(get("DEFAULT", "username"), "d");
	assert_null(get("nosuch", "username"));
	assert_null(pypirc_section(&c, "DEFAULT"));
	pypirc_free(&c);
}

/* configparser keeps NUL bytes in names and values */
static void
test_nul(void **state)
{
	static const char text[] = "[a\0b]\nk\0x = v\0w\n[a\0c]\nk\0y = 1\n";

	(void)state;
	assert_int_equal(pypirc_parse(text, sizeof text - 1, &c, &eline, &why), 0);
	assert_int_equal(c.nsecs, 2);
	assert_int_equal(c.secs[0].nlen, 3);
	assert_int_equal(c.secs[0].keys[0].nlen, 3);
	assert_int_equal(c.secs[0].keys[0].vlen, 3);
	assert_int_equal(memcmp(c.secs[0].keys[0].value, "v\0w", 3), 0);
	pypirc_free(&c);
}

static void
fails(const char *s, size_t line)
{
	assert_int_equal(parse(s), -1);
	assert_int_equal(eline, line);
	assert_non_null(why);
	assert_null(strstr(why, "SECRET"));
}

static void
test_errors(void **state)
{
	(void)state;
	fails("[s]\npassword = SECRET\nPassword = SECRET\n", 3);
	fails("[s]\n[t]\n[s]\n", 3);
	fails("[DEFAULT]\na=1\n[DEFAULT]\nA=2\n", 4);
	fails("password = SECRET\n", 1);
	fails("# c\n\n  [s]\nSECRET\n", 4);
	fails("[s]\n= SECRET\n", 2);
	fails("[s]\nk = \xff\n", 2);
	fails("[s]\r\rk = \xed\xa0\x80\n", 3);
	fails("[]\n", 1);
}

static void
jstr(const char *s, size_t n)
{
	size_t i;

	putchar('"');
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void
jsec(const struct pypirc_section *s)
{
	size_t i;

	putchar('{');
	for (i = 0; i < s->nkeys; i++) {
		if (i)
			putchar(',');
		jstr(s->keys[i].name, s->keys[i].nlen);
		putchar(':');
		jstr(s->keys[i].value, s->keys[i].vlen);
	}
	putchar('}');
}

static int
dump(int argc, char *argv[])
{
	int i;

	for (i = 0; i < argc; i++) {
		struct buf b = { 0 };
		size_t j;

		if (readfile(argv[i], &b, RELKIT_TEXT_LIMIT) < 0)
			return 2;
		if (pypirc_parse(b.p ? b.p : "", b.len, &c, &eline, &why) < 0)
			printf("{\"ok\":false,\"line\":%zu}\n", eline);
		else {
			printf("{\"ok\":true,\"defaults\":");
			jsec(&c.defaults);
			printf(",\"sections\":[");
			for (j = 0; j < c.nsecs; j++) {
				printf("%s[", j ? "," : "");
				jstr(c.secs[j].name, c.secs[j].nlen);
				putchar(',');
				jsec(&c.secs[j]);
				putchar(']');
			}
			printf("]}\n");
			pypirc_free(&c);
		}
		buf_free(&b);
	}
	return fshut(stdout, "<stdout>") ? 2 : 0;
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_token),
		cmocka_unit_test(test_indent),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nul),
	};

	if (argc > 1 && strcmp(argv[1], "--dump") == 0)
		return dump(argc - 2, argv + 2);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

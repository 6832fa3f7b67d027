/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <stdlib.h>

#include "cfgscan.h"

static struct cfgscan cs;

static const struct cfgkey *
find(const char *table, const char *key)
{
	size_t i;

	for (i = 0; i < cs.n; i++)
		if (!strcmp(cs.k[i].table, table) && cfgkey_is(&cs.k[i], key))
			return &cs.k[i];
	return NULL;
}

static void
span(const char *src, size_t a, size_t b, const char *want)
{
	assert_int_equal(b - a, strlen(want));
	assert_memory_equal(src + a, want, b - a);
}

static void
test_toml(void **state)
{
	const char *src =
	    "top = 1\n"
	    "[project]\n"
	    "name = \"x\"\n"
	    "description = \"\"\"\n[fake]\nversion = \"no\"\n\"\"\"\n"
	    "classifiers = [\n  \"a\", # c\n  \"b\",\n]\n"
	    "\"version\" = '0.6.6'  # comment\n"
	    "num = 12 # trailing\n"
	    "[ tool . \"uv\" . sources ]\n"
	    "aloha = { url = \"https://x/0.8.2.zip\", subdirectory = \"aloha\" }\n"
	    "[[array]]\nk = 1\n";
	const struct cfgkey *k;

	(void)state;
	assert_int_equal(cfgscan(src, strlen(src), CFG_TOML, &cs), 0);
	assert_non_null(find("", "top"));
	assert_null(find("fake", "version"));
	k = find("project", "version");
	assert_non_null(k);
	assert_int_equal(k->line, 12);
	assert_true(k->isstring);
	span(src, k->str, k->strend, "0.6.6");
	k = find("project", "num");
	span(src, k->val, k->valend, "12");
	assert_false(k->isstring);
	k = find("project", "classifiers");
	assert_int_equal(k->line, 8);
	k = find("tool.uv.sources", "aloha");
	assert_non_null(k);
	assert_int_equal(src[k->val], '{');
	assert_int_equal(src[k->valend - 1], '}');
	assert_non_null(find("array", "k"));
	cfgscan_free(&cs);
}

static void
test_ini(void **state)
{
	const char *src =
	    "[metadata]\r\nname = x\r\nversion = 1.2.3 ; note\r\n"
	    "long = a\n  continued = no\n[options]\nversion: 7\n";
	const struct cfgkey *k;

	(void)state;
	assert_int_equal(cfgscan(src, strlen(src), CFG_INI, &cs), 0);
	k = find("metadata", "version");
	assert_non_null(k);
	span(src, k->str, k->strend, "1.2.3");
	assert_null(find("metadata", "continued"));
	k = find("options", "version");
	span(src, k->str, k->strend, "7");
	cfgscan_free(&cs);
}

static void
test_errors(void **state)
{
	const char *bad[] = { "[x\n", "a = \"open\n", "a = [1,\n", "novalue\n",
	    "a =\n", "a = '''x\n" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(cfgscan(bad[i], strlen(bad[i]), CFG_TOML, &cs), -1);
		assert_int_equal(cs.errline, 1);
		assert_non_null(cs.err);
	}
}

static const struct cfgkey *
findpath(const char *path)
{
	size_t i;

	for (i = 0; i < cs.n; i++)
		if (!strcmp(cs.k[i].path, path))
			return &cs.k[i];
	return NULL;
}

/* Key paths: dotted and quoted keys, inline tables, INI case. */
static void
test_paths(void **state)
{
	const char *src =
	    "project.version = \"1.0\"\n"
	    "tool = { poetry = { version = '2.0', n = 3 }, x = [1,\n 2] }\n"
	    "[a . \"b.c\"]\n"
	    "\"k\\u0065y\" . sub = \"v\\u002e1\"\n";
	const struct cfgkey *k;

	(void)state;
	assert_int_equal(cfgscan(src, strlen(src), CFG_TOML, &cs), 0);
	k = findpath("project" CFG_SEP "version");
	assert_non_null(k);
	assert_true(cfgkey_path(k, "project", "version", NULL));
	assert_false(k->inl);
	k = findpath("tool" CFG_SEP "poetry" CFG_SEP "version");
	assert_non_null(k);
	assert_true(k->inl && k->isstring && !k->basic);
	assert_int_equal(k->line, 2);
	span(src, k->str, k->strend, "2.0");
	k = findpath("tool" CFG_SEP "poetry" CFG_SEP "n");
	span(src, k->val, k->valend, "3");
	k = findpath("tool" CFG_SEP "x");
	span(src, k->val, k->valend, "[1,\n 2]");
	k = findpath("a" CFG_SEP "b.c" CFG_SEP "key" CFG_SEP "sub");
	assert_non_null(k);
	assert_int_equal(k->line, 5);
	assert_true(k->basic);
	cfgscan_free(&cs);

	assert_int_equal(cfgscan("[metadata]\nVersion = 1\n", 23, CFG_INI, &cs), 0);
	assert_string_equal(cs.k[0].path, "version");
	cfgscan_free(&cs);
}

static void
test_unescape(void **state)
{
	const char s[] = "a\\\"b\\u00e9\\tz";
	const char ml[] = "\nx \\\n   y";
	struct buf b = { 0 };
	size_t *map;

	(void)state;
	assert_int_equal(toml_unescape(s, 0, sizeof s - 1, 1, 0, &b, &map), 0);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.p, "a\"b\xc3\xa9\tz", 7);
	assert_int_equal(map[0], 0);
	assert_int_equal(map[1], CFG_ESCAPED);
	assert_int_equal(map[2], 3);
	assert_int_equal(map[3], CFG_ESCAPED);
	assert_int_equal(map[6], sizeof s - 2);
	assert_int_equal(map[7], sizeof s - 1);
	free(map);
	b.len = 0;
	assert_int_equal(toml_unescape(s, 0, sizeof s - 1, 0, 0, &b, NULL), 0);
	assert_int_equal(b.len, sizeof s - 1);
	b.len = 0;
	assert_int_equal(toml_unescape(ml, 0, sizeof ml - 1, 1, 1, &b, NULL), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.p, "x y", 3);
	b.len = 0;
	assert_int_equal(toml_unescape("\\q", 0, 2, 1, 0, &b, NULL), -1);
	assert_int_equal(toml_unescape("\\ud800", 0, 6, 1, 0, &b, NULL), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_toml),
		cmocka_unit_test(test_ini),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

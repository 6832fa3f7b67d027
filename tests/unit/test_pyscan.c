/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "pyscan.h"

static struct pyscan ps;

static const struct pyassign *
find(const char *name, int keyword)
{
	size_t i;

	for (i = 0; i < ps.n; i++)
		if (ps.a[i].keyword == keyword && ps.a[i].namelen == strlen(name) &&
		    memcmp(ps.a[i].name, name, ps.a[i].namelen) == 0)
			return &ps.a[i];
	return NULL;
}

static void
span(const char *src, size_t a, size_t b, const char *want)
{
	assert_int_equal(b - a, strlen(want));
	assert_memory_equal(src + a, want, b - a);
}

static void
test_module_level(void **state)
{
	const char *src =
	    "'''doc\n__version__ = \"no\"\n'''\n"
	    "# X = 1\n"
	    "__version__ = \"0.9.1\"  # c\n"
	    "FLAG: bool = True\n"
	    "T = (330, 9)\n"
	    "N = -3\n"
	    "S = r'a\\'b'\n"
	    "F = f\"{x}\"\n"
	    "B = b'x'\n"
	    "C = 'a' 'b'\n"
	    "A = B = 1\n"
	    "def f():\n    INNER = 1\n"
	    "if x:\n    Y = 2\n"
	    "LONG = \\\n    'cont'\n";
	const struct pyassign *a;

	(void)state;
	assert_int_equal(pyscan(src, strlen(src), &ps), 0);
	a = find("__version__", 0);
	assert_non_null(a);
	assert_int_equal(a->line, 5);
	assert_int_equal(a->kind, PV_STRING);
	span(src, a->str, a->strend, "0.9.1");
	span(src, a->val, a->valend, "\"0.9.1\"");
	assert_int_equal(find("FLAG", 0)->kind, PV_CONST);
	a = find("T", 0);
	assert_int_equal(a->kind, PV_OTHER);
	span(src, a->val, a->valend, "(330, 9)");
	assert_int_equal(find("N", 0)->kind, PV_NUMBER);
	a = find("S", 0);
	assert_int_equal(a->kind, PV_STRING);
	span(src, a->str, a->strend, "a\\'b");
	assert_int_equal(find("F", 0)->kind, PV_OTHER);
	assert_int_equal(find("B", 0)->kind, PV_OTHER);
	assert_int_equal(find("C", 0)->kind, PV_OTHER);
	/* a chain binds every name to the one value */
	assert_int_equal(find("A", 0)->kind, PV_NUMBER);
	assert_null(find("X", 0));
	assert_null(find("INNER", 0));
	assert_null(find("Y", 0));
	a = find("LONG", 0);
	assert_non_null(a);
	span(src, a->str, a->strend, "cont");
	pyscan_free(&ps);
}

static void
test_keywords(void **state)
{
	const char *src =
	    "setup(\n    name='x',\n    version='0.5.7',\n"
	    "    extras={'a': f(version='no')},\n"
	    "    cmp=a == b,\n)\n"
	    "g(version=get_version())\n";
	const struct pyassign *a;
	size_t i, nv = 0;

	(void)state;
	assert_int_equal(pyscan(src, strlen(src), &ps), 0);
	a = find("version", 1);
	assert_non_null(a);
	assert_int_equal(a->line, 3);
	span(src, a->str, a->strend, "0.5.7");
	for (i = 0; i < ps.n; i++)
		if (ps.a[i].keyword && ps.a[i].namelen == 7 &&
		    !memcmp(ps.a[i].name, "version", 7)) {
			nv++;
			if (ps.a[i].line == 7) {
				assert_int_equal(ps.a[i].kind, PV_OTHER);
				span(src, ps.a[i].val, ps.a[i].valend, "get_version()");
			}
		}
	assert_int_equal(nv, 3);
	assert_null(find("cmp", 0));
	pyscan_free(&ps);
}

static void
test_shapes(void **state)
{
	const char src[] =
	    "\xef\xbb\xbf" "V1 = '1'; V2 = \"2\"\r"
	    "\fV3 = (\n    'three'\n)\r\n"
	    "T = ('t',)\n"
	    "V1 += 'x'\n"
	    "def f(version='no'):\n    g(version='no')\n"
	    "class C(B, version='no'):\n    pass\n"
	    "@deco(version='no')\ndef h(): pass\n"
	    "if True: V4 = 'no'; setup(version='yes')\n"
	    "match = 1\n"
	    "(version) = 1\n"
	    "N = (-1)\n";
	const struct pyassign *a;
	size_t i, nv = 0, nv1 = 0;

	(void)state;
	assert_int_equal(pyscan(src, sizeof src - 1, &ps), 0);
	a = find("V1", 0);
	assert_non_null(a);
	span(src, a->str, a->strend, "1");
	a = find("V2", 0);
	assert_non_null(a);
	assert_int_equal(a->line, 1);
	span(src, a->str, a->strend, "2");
	a = find("V3", 0);
	assert_non_null(a);
	assert_int_equal(a->line, 2);
	assert_int_equal(a->kind, PV_STRING);
	span(src, a->val, a->valend, "'three'");
	assert_int_equal(find("T", 0)->kind, PV_OTHER);
	assert_null(find("V4", 0));
	assert_non_null(find("match", 0));
	a = find("N", 0);
	assert_int_equal(a->kind, PV_NUMBER);
	span(src, a->val, a->valend, "-1");
	for (i = 0; i < ps.n; i++) {
		if (ps.a[i].keyword) {
			nv++;
			span(src, ps.a[i].str, ps.a[i].strend, "yes");
		}
		if (!ps.a[i].keyword && ps.a[i].namelen == 2 &&
		    !memcmp(ps.a[i].name, "V1", 2)) {
			nv1++;
			if (ps.a[i].augmented)
				assert_int_equal(ps.a[i].kind, PV_OTHER);
		}
	}
	assert_int_equal(nv, 1);
	assert_int_equal(nv1, 2);
	{
		size_t first, nexpr;
		assert_int_equal(pyscan_pick(&ps, "V1", 2, &first, &nexpr), 1);
		assert_int_equal(nexpr, 1);
		assert_int_equal(ps.a[first].kind, PV_STRING);
	}
	pyscan_free(&ps);
}

static void
test_unescape(void **state)
{
	struct buf b = { 0 };

	(void)state;
	assert_int_equal(py_unescape("1.0\\x2e1\\u00e9\\101\\q", 20, 0, &b), 0);
	assert_int_equal(b.len, 10);
	assert_memory_equal(b.p, "1.0.1\xc3\xa9" "A\\q", 10);
	b.len = 0;
	assert_int_equal(py_unescape("a\\x2e", 6, 1, &b), 0);
	assert_memory_equal(b.p, "a\\x2e", 6);
	b.len = 0;
	assert_int_equal(py_unescape("\\N{EM DASH}", 11, 0, &b), -1);
	b.len = 0;
	assert_int_equal(py_unescape("\\x4", 3, 0, &b), -1);
	buf_free(&b);
}

static void
test_errors(void **state)
{
	const char *bad[] = { "x = 'abc\n", "x = (1,\n", "x = 1)\n", "x = '''abc\n",
	    "x = [1}\n", "\"\\" };
	size_t lines[] = { 1, 1, 1, 1, 1, 1 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(pyscan(bad[i], strlen(bad[i]), &ps), -1);
		assert_non_null(ps.err);
		assert_int_equal(ps.errline, lines[i]);
	}
}

static void
test_crlf_and_bytes(void **state)
{
	const char src[] = "# \xff\xfe\r\nV = '1'\r\nW = 2";
	const struct pyassign *a;

	(void)state;
	assert_int_equal(pyscan(src, sizeof src - 1, &ps), 0);
	a = find("V", 0);
	assert_non_null(a);
	assert_int_equal(a->line, 2);
	span(src, a->val, a->valend, "'1'");
	a = find("W", 0);
	assert_non_null(a);
	span(src, a->val, a->valend, "2");
	pyscan_free(&ps);
}

static void
test_literal(void **state)
{
	const char *yes[] = { "True", "False", "None", "0", "-12", "1_000",
	    "0x1F", "1.5e-3", "'x'", "\"a b\"", "r'x'", "1J", "00", "0_0",
	    "0x_1f", ".5", "5.", "07j", "09.5", "u'x'", "'\\u00e9'", "'caf\xc3\xa9'" };
	const char *no[] = { "", "yes", "1+1", "'x", "f'x'", "b'x'", "os.x",
	    "True # c", "1x", "0x", "(1, 2)", "'a' 'b'", "1\n", "01", "007",
	    "09", "0_7", "1_", "1__0", "1._5", "1_.5", "1e", "1e_5", "ur'x'",
	    "'\\x1'", "'\\N{EM DASH}'", "r'\\'", "'\xff'", "'\\U00110000'" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		assert_true(py_is_literal(yes[i], strlen(yes[i])));
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_false(py_is_literal(no[i], strlen(no[i])));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_module_level),
		cmocka_unit_test(test_keywords),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_crlf_and_bytes),
		cmocka_unit_test(test_literal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

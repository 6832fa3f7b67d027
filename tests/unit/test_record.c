/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/sha.h>
#include <string.h>

#include "record.h"

#define PARSE(s, r, l, e) record_parse(s, strlen(s), r, l, e)

static void
test_parse(void **state)
{
	const char *src =
	    "demo/__init__.py,sha256=AAAA,6\n"
	    "\"demo/a,b.py\",sha256=BB-_,12\r\n"
	    "\"demo/q\"\"q.py\",,\n"
	    "\n"
	    "demo-1.0.dist-info/RECORD,,";
	struct record r;
	size_t line;
	const char *err;

	(void)state;
	assert_int_equal(PARSE(src, &r, &line, &err), 0);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.e[0].path, "demo/__init__.py");
	assert_string_equal(r.e[0].algo, "sha256");
	assert_string_equal(r.e[0].hash, "AAAA");
	assert_int_equal(r.e[0].size, 6);
	assert_string_equal(r.e[1].path, "demo/a,b.py");
	assert_string_equal(r.e[1].hash, "BB-_");
	assert_int_equal(r.e[1].size, 12);
	assert_string_equal(r.e[2].path, "demo/q\"q.py");
	assert_string_equal(r.e[2].algo, "");
	assert_int_equal(r.e[2].size, -1);
	assert_int_equal(r.e[3].line, 5);
	record_free(&r);
	assert_int_equal(PARSE("", &r, &line, &err), 0);
	assert_int_equal(r.n, 0);
}

static void
test_errors(void **state)
{
	struct record r;
	size_t line = 0;
	const char *err = NULL;

	(void)state;
	assert_int_equal(PARSE("a,sha256=x,1\nb,sha256=x\n", &r, &line, &err), -1);
	assert_int_equal(line, 2);
	assert_string_equal(err, "not three fields (path,hash,size)");
	assert_int_equal(r.n, 0);
	assert_int_equal(PARSE("a,b,c,d\n", &r, &line, &err), -1);
	assert_string_equal(err, "not three fields (path,hash,size)");
	assert_int_equal(PARSE("\"a,sha256=x,1\n", &r, &line, &err), -1);
	assert_string_equal(err, "bad CSV quoting");
	assert_int_equal(PARSE("a\"b,,\n", &r, &line, &err), -1);
	assert_string_equal(err, "bad CSV quoting");
	assert_int_equal(PARSE("\"a\"x,,\n", &r, &line, &err), -1);
	assert_int_equal(PARSE(",sha256=x,1\n", &r, &line, &err), -1);
	assert_string_equal(err, "empty path");
	assert_int_equal(PARSE("a,nohash,1\n", &r, &line, &err), -1);
	assert_string_equal(err, "hash field is not ALGORITHM=DIGEST");
	assert_int_equal(PARSE("a,sha256=x,-1\n", &r, &line, &err), -1);
	assert_string_equal(err, "size is not a number");
	assert_int_equal(PARSE("a,sha256=x,1234567890123456789\n", &r, &line,
	                       &err), -1);
	assert_int_equal(PARSE("a,,\rb\n", &r, &line, &err), -1);
	assert_string_equal(err, "bad line end");
	assert_int_equal(record_parse("a,\0,\n", 5, &r, &line, &err), -1);
	assert_string_equal(err, "NUL byte");
}

static void
test_b64(void **state)
{
	unsigned char md[32];
	char out[64];

	(void)state;
	b64url_nopad((const unsigned char *)"", 0, out);
	assert_string_equal(out, "");
	b64url_nopad((const unsigned char *)"f", 1, out);
	assert_string_equal(out, "Zg");
	b64url_nopad((const unsigned char *)"fo", 2, out);
	assert_string_equal(out, "Zm8");
	b64url_nopad((const unsigned char *)"foo", 3, out);
	assert_string_equal(out, "Zm9v");
	b64url_nopad((const unsigned char *)"\xfb\xff", 2, out);
	assert_string_equal(out, "-_8");
	/* the RECORD form of the sha256 of nothing */
	SHA256((const unsigned char *)"", 0, md);
	b64url_nopad(md, 32, out);
	assert_string_equal(out, "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_b64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

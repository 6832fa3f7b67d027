/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

/* utf8_decode of the n bytes s: its length, and the code point. */
static size_t
dec(const char *s, size_t n, uint32_t *cp)
{
	*cp = 0xfffffffful;
	return utf8_decode(s, n, cp);
}

static void
test_decode(void **state)
{
	uint32_t c;

	(void)state;
	assert_int_equal(dec("A", 1, &c), 1);
	assert_int_equal(c, 'A');
	assert_int_equal(dec("\0x", 2, &c), 1);
	assert_int_equal(c, 0);
	assert_int_equal(dec("\x7f", 1, &c), 1);
	assert_int_equal(dec("\xc2\x80", 2, &c), 2);
	assert_int_equal(c, 0x80);
	assert_int_equal(dec("\xc3\xa9z", 3, &c), 2);
	assert_int_equal(c, 0xe9);
	assert_int_equal(dec("\xdf\xbf", 2, &c), 2);
	assert_int_equal(c, 0x7ff);
	assert_int_equal(dec("\xe0\xa0\x80", 3, &c), 3);
	assert_int_equal(c, 0x800);
	assert_int_equal(dec("\xed\x9f\xbf", 3, &c), 3);
	assert_int_equal(c, 0xd7ff);
	assert_int_equal(dec("\xee\x80\x80", 3, &c), 3);
	assert_int_equal(c, 0xe000);
	assert_int_equal(dec("\xef\xbf\xbf", 3, &c), 3);
	assert_int_equal(c, 0xffff);
	assert_int_equal(dec("\xf0\x90\x80\x80", 4, &c), 4);
	assert_int_equal(c, 0x10000);
	assert_int_equal(dec("\xf4\x8f\xbf\xbf", 4, &c), 4);
	assert_int_equal(c, 0x10ffff);
	assert_int_equal(utf8_decode("\xe2\x82\xac", 3, NULL), 3);
}

static void
test_refused(void **state)
{
	uint32_t c;

	(void)state;
	assert_int_equal(dec("\x80", 1, &c), 0);          /* continuation */
	assert_int_equal(dec("\xbf", 1, &c), 0);
	assert_int_equal(dec("\xc0\x80", 2, &c), 0);      /* overlong NUL */
	assert_int_equal(dec("\xc1\xbf", 2, &c), 0);      /* overlong */
	assert_int_equal(dec("\xe0\x9f\xbf", 3, &c), 0);  /* overlong */
	assert_int_equal(dec("\xed\xa0\x80", 3, &c), 0);  /* surrogate */
	assert_int_equal(dec("\xed\xbf\xbf", 3, &c), 0);
	assert_int_equal(dec("\xf0\x8f\xbf\xbf", 4, &c), 0); /* overlong */
	assert_int_equal(dec("\xf4\x90\x80\x80", 4, &c), 0); /* > 10FFFF */
	assert_int_equal(dec("\xf5\x80\x80\x80", 4, &c), 0);
	assert_int_equal(dec("\xff", 1, &c), 0);
	assert_int_equal(dec("\xc3(", 2, &c), 0);         /* bad trail */
	assert_int_equal(dec("\xe2\x82(", 3, &c), 0);
	assert_int_equal(dec("\xf0\x90\x80(", 4, &c), 0);
	/* complete in memory, but past n */
	assert_int_equal(dec("\xc3\xa9", 1, &c), 0);
	assert_int_equal(dec("\xe2\x82\xac", 2, &c), 0);
	assert_int_equal(dec("\xf0\x90\x80\x80", 3, &c), 0);
	assert_int_equal(c, 0xfffffffful);                /* left alone */
}

static void
test_valid(void **state)
{
	(void)state;
	assert_int_equal(utf8_valid("", 0), 1);
	assert_int_equal(utf8_valid("abc", 3), 1);
	assert_int_equal(utf8_valid("a\0b", 3), 1);
	assert_int_equal(utf8_valid("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	    14), 1);
	assert_int_equal(utf8_valid("caf\xc3\xa9", 4), 0);  /* cut */
	assert_int_equal(utf8_valid("a\xed\xa0\x80z", 5), 0);
	assert_int_equal(utf8_valid("a\xc0\x80", 3), 0);
	assert_int_equal(utf8_valid("\xff", 1), 0);
	assert_int_equal(utf8_valid("ab\x80", 3), 0);
}

static void
test_encode(void **state)
{
	struct buf b = { 0 };
	char u[4];

	(void)state;
	assert_int_equal(utf8_encode(u, 'x'), 1);
	assert_memory_equal(u, "x", 1);
	assert_int_equal(utf8_encode(u, 0), 1);
	assert_int_equal(u[0], 0);
	assert_int_equal(utf8_encode(u, 0xe9), 2);
	assert_memory_equal(u, "\xc3\xa9", 2);
	assert_int_equal(utf8_encode(u, 0x7ff), 2);
	assert_memory_equal(u, "\xdf\xbf", 2);
	assert_int_equal(utf8_encode(u, 0x20ac), 3);
	assert_memory_equal(u, "\xe2\x82\xac", 3);
	assert_int_equal(utf8_encode(u, 0xd800), 3);        /* not checked */
	assert_memory_equal(u, "\xed\xa0\x80", 3);
	assert_int_equal(utf8_encode(u, 0x1f600), 4);
	assert_memory_equal(u, "\xf0\x9f\x98\x80", 4);
	assert_int_equal(utf8_encode(u, 0x10ffff), 4);
	assert_memory_equal(u, "\xf4\x8f\xbf\xbf", 4);

	utf8_put(&b, 'a');
	utf8_put(&b, 0xe9);
	utf8_put(&b, 0x20ac);
	utf8_put(&b, 0x1f600);
	assert_int_equal(b.len, 10);
	assert_memory_equal(b.p, "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10);
	buf_free(&b);
}

/* Every scalar value encodes and decodes back; the sequences of 2, 3 and
 * 4 bytes that decode are exactly as many as the values of that length. */
static void
test_every_value(void **state)
{
	unsigned long c, ok[5] = { 0 };
	unsigned a, x, y, z;
	unsigned char s[4];
	uint32_t d;
	size_t n;
	char u[4];

	(void)state;
	for (c = 0; c <= 0x10ffff; c++) {
		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		n = utf8_encode(u, c);
		assert_int_equal(utf8_decode(u, n, &d), n);
		assert_int_equal(d, c);
	}
	for (a = 0x80; a < 0x100; a++)
		for (x = 0; x < 0x100; x++) {
			s[0] = (unsigned char)a, s[1] = (unsigned char)x;
			if (utf8_decode(s, 2, &d) == 2)
				ok[2]++;
			if (a < 0xe0 || (x & 0xc0) != 0x80)
				continue;
			for (y = 0x80; y < 0xc0; y++) {
				s[2] = (unsigned char)y;
				if (utf8_decode(s, 3, &d) == 3)
					ok[3]++;
				if (a < 0xf0)
					continue;
				for (z = 0x80; z < 0xc0; z++) {
					s[3] = (unsigned char)z;
					if (utf8_decode(s, 4, &d) == 4)
						ok[4]++;
				}
			}
		}
	assert_int_equal(ok[2], 0x800 - 0x80);
	assert_int_equal(ok[3], 0x10000 - 0x800 - 0x800);
	assert_int_equal(ok[4], 0x110000 - 0x10000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_every_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

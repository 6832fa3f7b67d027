/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "hashring.h"

/* A stand-in hash: a running sum and the order bytes came in. */
struct sum {
	unsigned long long n, h;
};

static void
add(void *arg, const void *p, size_t n)
{
	struct sum *s = arg;
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		s->h = s->h * 31 + b[i];
	s->n += n;
}

static unsigned char data[3 * HASHRING_BUFSZ * HASHRING_NBUF + 12345];

static void
fill(void)
{
	size_t i;

	for (i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 7 + i / 251);
}

/* Written in odd pieces, through many turns of the ring: the same bytes
 * in the same order as hashed in line. */
static void
test_write(void **state)
{
	struct sum a = { 0, 0 }, b = { 0, 0 };
	struct hashring *h;
	size_t off, k;

	(void)state;
	fill();
	add(&a, data, sizeof data);
	h = hashring_start(add, &b);
	assert_non_null(h);
	for (off = 0; off < sizeof data; off += k) {
		k = 1 + (off * 13) % 70001;
		if (k > sizeof data - off)
			k = sizeof data - off;
		assert_int_equal(hashring_write(h, data + off, k), 0);
	}
	hashring_end(h);
	assert_int_equal(b.n, sizeof data);
	assert_true(a.h == b.h);
}

/* Filled in place (digest.c's way), short buffers among them. */
static void
test_buf_push(void **state)
{
	struct sum a = { 0, 0 }, b = { 0, 0 };
	struct hashring *h;
	unsigned char *p;
	size_t off = 0, k, turn;

	(void)state;
	fill();
	h = hashring_start(add, &b);
	assert_non_null(h);
	for (turn = 0; off < sizeof data; turn++) {
		k = turn % 3 ? HASHRING_BUFSZ : 1000;
		if (k > sizeof data - off)
			k = sizeof data - off;
		p = hashring_buf(h);
		memcpy(p, data + off, k);
		hashring_push(h, k);
		add(&a, data + off, k);
		off += k;
	}
	hashring_end(h);
	assert_int_equal(b.n, sizeof data);
	assert_true(a.h == b.h);
}

/* Nothing written: the thread stops, nothing hashed. */
static void
test_empty(void **state)
{
	struct sum b = { 0, 0 };
	struct hashring *h = hashring_start(add, &b);

	(void)state;
	assert_non_null(h);
	hashring_end(h);
	assert_int_equal(b.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_buf_push),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

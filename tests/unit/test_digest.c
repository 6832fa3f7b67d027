/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <blake2.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "util.h"

static char tmpl[] = "/tmp/relkit-digest.XXXXXX";

static const char *
mkfile(const void *p, size_t n)
{
	int fd;

	strcpy(tmpl, "/tmp/relkit-digest.XXXXXX");
	fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	assert_int_equal(writeall(fd, p, n), 0);
	close(fd);
	return tmpl;
}

static void
test_known(void **state)
{
	struct digests d;

	(void)state;
	assert_int_equal(digest_file(mkfile("abc", 3), &d), 0);
	unlink(tmpl);
	assert_string_equal(d.sha256,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_string_equal(d.blake2_256,
	    "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	assert_int_equal(d.size, 3);
}

static void
test_empty(void **state)
{
	struct digests d;

	(void)state;
	assert_int_equal(digest_file(mkfile("", 0), &d), 0);
	unlink(tmpl);
	assert_string_equal(d.sha256,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_string_equal(d.blake2_256,
	    "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	assert_int_equal(d.size, 0);
}

/* The first word printed by a command on path. */
static void
run(const char *cmd, const char *path, char *out, size_t size)
{
	char line[512];
	FILE *fp;

	snprintf(line, sizeof line, "%s '%s'", cmd, path);
	fp = popen(line, "r");
	assert_non_null(fp);
	assert_non_null(fgets(out, size, fp));
	pclose(fp);
	out[strcspn(out, " \n")] = '\0';
}

/* Many chunks, wrapping the buffer ring several times, odd tail. */
static void
test_large(void **state)
{
	size_t n = (3 << 20) + 12345, i;
	unsigned char *p = malloc(n), md[32];
	char hex[200];
	struct digests d;
	blake2b_state s;

	(void)state;
	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 2654435761u >> 13);
	assert_int_equal(digest_file(mkfile(p, n), &d), 0);
	/* cross-check with coreutils */
	run("sha256sum", tmpl, hex, sizeof hex);
	assert_string_equal(d.sha256, hex);
	run("b2sum -l 256", tmpl, hex, sizeof hex);
	assert_string_equal(d.blake2_256, hex);
	unlink(tmpl);
	assert_int_equal(d.size, n);
	SHA256(p, n, md);
	digest_hex(md, 32, hex);
	assert_string_equal(d.sha256, hex);
	blake2b_init(&s, 32);
	blake2b_update(&s, p, n);
	blake2b_final(&s, md, 32);
	digest_hex(md, 32, hex);
	assert_string_equal(d.blake2_256, hex);
	free(p);
}

static void
test_missing(void **state)
{
	struct digests d;

	(void)state;
	assert_int_equal(digest_file("/nonexistent/relkit-digest", &d), -1);
	/* a directory opens but cannot be read */
	assert_int_equal(digest_file("/", &d), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

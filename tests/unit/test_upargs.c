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

#include "upargs.h"

static char dir[] = "/tmp/test_upargs.XXXXXX";

static char *
put(const char *name, const char *text)
{
	char *p;
	FILE *f;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

/* twine's _split_inputs: by name alone, signatures by base name. */
static void
test_split(void **state)
{
	char *args[] = { "dist/a-1.tar.gz", "dist/a-1.tar.gz.asc",
	                 "a-1-py3-none-any.whl", "sigs/a-1-py3-none-any.whl.asc",
	                 "a-1.tar.gz.publish.attestation", "other/a-1.tar.gz.asc" };
	struct upargs u;

	(void)state;
	upargs_split(args, 6, &u);
	assert_int_equal(u.ndists, 2);
	assert_int_equal(u.nsigs, 3);
	assert_int_equal(u.natts, 1);
	assert_string_equal(u.dists[1], "a-1-py3-none-any.whl");
	/* the last one given for a base name wins */
	assert_string_equal(upargs_sig(&u, "dist/a-1.tar.gz"), "other/a-1.tar.gz.asc");
	assert_string_equal(upargs_sig(&u, "x/a-1-py3-none-any.whl"),
	                    "sigs/a-1-py3-none-any.whl.asc");
	assert_null(upargs_sig(&u, "a-1.tar"));
	upargs_free(&u);
	assert_int_equal(u.ndists, 0);
}

static void
test_files(void **state)
{
	char *dist, *sig, *att, *bad, *args[4], *s;
	struct upargs u;

	(void)state;
	assert_non_null(mkdtemp(dir));
	dist = put("a-1.tar.gz", "x");
	sig = put("a-1.tar.gz.asc", "-----BEGIN PGP SIGNATURE-----\n");
	att = put("a-1.tar.gz.publish.attestation", "{\"version\": 1}");
	bad = put("b-1.tar.gz.publish.attestation", "{not json");
	args[0] = dist, args[1] = sig, args[2] = att, args[3] = bad;
	upargs_split(args, 4, &u);
	s = upargs_sigtext(&u, dist, 0);
	assert_string_equal(s, "-----BEGIN PGP SIGNATURE-----\n");
	free(s);
	s = upargs_attestations(&u, dist);
	assert_string_equal(s, "[{\"version\":1}]");
	free(s);
	/* b's attestation is not JSON; c has none: NULL, said */
	assert_null(upargs_attestations(&u, "b-1.tar.gz"));
	assert_null(upargs_attestations(&u, "c-1.tar.gz"));
	/* no signature given, none made: ""; made but missing: NULL */
	s = upargs_sigtext(&u, "c-1.tar.gz", 0);
	assert_string_equal(s, "");
	free(s);
	assert_null(upargs_sigtext(&u, "/nonexistent/c-1.tar.gz", 1));
	upargs_free(&u);
	unlink(dist), unlink(sig), unlink(att), unlink(bad);
	free(dist), free(sig), free(att), free(bad);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "distcheck.h"

static struct dist_entry ents[8];

static void
mk(struct dist *d, enum dist_type t, const char **names, size_t n)
{
	size_t i;

	memset(d, 0, sizeof *d);
	d->type = t;
	d->path = "x";
	d->e = ents;
	d->n = n;
	for (i = 0; i < n; i++) {
		memset(&ents[i], 0, sizeof ents[i]);
		ents[i].path = (char *)names[i];
		ents[i].type = names[i][strlen(names[i]) - 1] == '/' ? 'd' : 'f';
	}
}

#define UNV(d, p, want) do { \
	char *s_ = dist_unversioned(d, p); \
	assert_string_equal(s_, want); \
	free(s_); \
} while (0)

static void
test_unversioned(void **state)
{
	struct dist d;

	(void)state;
	mk(&d, DIST_SDIST, NULL, 0);
	UNV(&d, "aloha_bots-0.9.0/setup.py", "aloha_bots/setup.py");
	UNV(&d, "aloha_bots-0.9.0/", "aloha_bots/");
	UNV(&d, "aloha_bots-0.9.0", "aloha_bots");
	UNV(&d, "noversion/x", "noversion/x");
	mk(&d, DIST_WHEEL, NULL, 0);
	UNV(&d, "aloha_bots-0.9.0.dist-info/RECORD", "aloha_bots.dist-info/RECORD");
	UNV(&d, "aloha_bots-0.9.0.data/scripts/x", "aloha_bots.data/scripts/x");
	UNV(&d, "aloha_bots/x-1.py", "aloha_bots/x-1.py");
	UNV(&d, "a-b.dist-info", "a.dist-info");
}

static void
test_safety_globs(void **state)
{
	const char *names[] = { "a/x.py", "../e", "a/x.py", "/abs", "a/d/" };
	struct pathpat deny = { 0 }, allow = { 0 };
	struct findings f = { "t.whl", 0 };
	struct dist d;

	(void)state;
	mk(&d, DIST_WHEEL, names, 5);
	/* two unsafe names and one duplicate, each a finding */
	assert_int_equal(distcheck_safety(&d, &f), 3);
	assert_int_equal(f.problems, 3);
	pathpat_add(&deny, "*e");
	assert_int_equal(distcheck_globs(&d, &deny, &allow, &f), 1);
	assert_int_equal(f.problems, 4);
	pathpat_add(&allow, "a/*");
	/* ../e is denied; /abs is not allowed; a/d/ is a directory */
	assert_int_equal(distcheck_globs(&d, &deny, &allow, &f), 2);
	assert_int_equal(f.problems, 6);
	pathpat_free(&deny);
	pathpat_free(&allow);
}

static void
test_diff(void **state)
{
	const char *a[] = { "p-1.0/", "p-1.0/x", "p-1.0/y", "p-1.0/y" };
	const char *b[] = { "p-2.0/", "p-2.0/z", "p-2.0/x" };
	struct dist_entry ea[4];
	struct dist da, db;
	char out[256] = "";
	FILE *fp;

	(void)state;
	mk(&da, DIST_SDIST, a, 4);
	memcpy(ea, ents, sizeof ea);
	da.e = ea;
	mk(&db, DIST_SDIST, b, 3);
	fp = fmemopen(out, sizeof out, "w");
	assert_int_equal(dist_diff(&da, &db, fp), 2);
	fclose(fp);
	assert_string_equal(out, "-p/y\n+p/z\n");
	memset(out, 0, sizeof out);
	fp = fmemopen(out, sizeof out, "w");
	assert_int_equal(dist_diff(&da, &da, fp), 0);
	fclose(fp);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unversioned),
		cmocka_unit_test(test_safety_globs),
		cmocka_unit_test(test_diff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

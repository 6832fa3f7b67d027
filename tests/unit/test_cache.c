/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "rst.h"
#include "util.h"

static char dir[] = "/tmp/relkit-cache-XXXXXX";

static void
rm_rf(void)
{
	char cmd[300];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

static void
test_put_get(void **state)
{
	struct buf b = { 0 };
	char sub[300];

	(void)state;
	snprintf(sub, sizeof sub, "%s/deeper/still", dir);
	setenv("RELKIT_CACHE_DIR", sub, 1);
	assert_int_equal(cache_get("k", "key", 3, &b), 0);
	cache_put("k", "key", 3, "value\n", 6);
	assert_int_equal(cache_get("k", "key", 3, &b), 1);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.p, "value\n", 6);
	/* another key, another kind: nothing */
	assert_int_equal(cache_get("k", "kez", 3, &b), 0);
	assert_int_equal(cache_get("j", "key", 3, &b), 0);
	/* keys are bytes: a NUL is part of them */
	cache_put("k", "a\0b", 3, "x", 1);
	assert_int_equal(cache_get("k", "a\0c", 3, &b), 0);
	assert_int_equal(cache_get("k", "a\0b", 3, &b), 1);
	/* the directories are the user's own */
	{
		struct stat st;

		assert_int_equal(stat(sub, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0700);
	}
	/* replaced whole */
	cache_put("k", "key", 3, "v2", 2);
	assert_int_equal(cache_get("k", "key", 3, &b), 1);
	assert_int_equal(b.len, 2);
	buf_free(&b);
}

static void
test_nothing_kept(void **state)
{
	struct buf b = { 0 };
	char file[300];
	FILE *f;

	(void)state;
	/* set and empty: no cache */
	setenv("RELKIT_CACHE_DIR", "", 1);
	cache_put("k", "key", 3, "value", 5);
	assert_int_equal(cache_get("k", "key", 3, &b), 0);
	/* no HOME, no XDG_CACHE_HOME: no cache */
	unsetenv("RELKIT_CACHE_DIR");
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	cache_put("k", "key", 3, "value", 5);
	assert_int_equal(cache_get("k", "key", 3, &b), 0);
	/* XDG_CACHE_HOME, then HOME */
	setenv("XDG_CACHE_HOME", dir, 1);
	cache_put("x", "key", 3, "xdg", 3);
	snprintf(file, sizeof file, "%s/relkit", dir);
	setenv("RELKIT_CACHE_DIR", file, 1);
	assert_int_equal(cache_get("x", "key", 3, &b), 1);
	unsetenv("RELKIT_CACHE_DIR");
	unsetenv("XDG_CACHE_HOME");
	setenv("HOME", dir, 1);
	cache_put("h", "key", 3, "home", 4);
	snprintf(file, sizeof file, "%s/.cache/relkit", dir);
	setenv("RELKIT_CACHE_DIR", file, 1);
	assert_int_equal(cache_get("h", "key", 3, &b), 1);
	assert_memory_equal(b.p, "home", 4);
	/* too large to keep */
	setenv("RELKIT_CACHE_DIR", dir, 1);
	{
		size_t n = (size_t)64 << 10;
		char *big = calloc(1, n + 1);

		assert_non_null(big);
		cache_put("d", "big", 3, big, n + 1);
		assert_int_equal(cache_get("d", "big", 3, &b), 0);
		free(big);
	}
	/* a kind that is a file, not a directory: nothing, no error */
	snprintf(file, sizeof file, "%s/plain", dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	cache_put("plain", "key", 3, "x", 1);
	assert_int_equal(cache_get("plain", "key", 3, &b), 0);
	buf_free(&b);
}

static void
test_stamps(void **state)
{
	char file[300], line[400], bad[400];
	struct buf why = { 0 }, e = { 0 };
	struct stat st;
	FILE *f;

	(void)state;
	snprintf(file, sizeof file, "%s/stamped", dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("one\n", f);
	fclose(f);
	assert_int_equal(stat(file, &st), 0);
	snprintf(line, sizeof line, "%lld %lld%09ld %s", (long long)st.st_size,
	         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, file);
	assert_true(cache_stamp_ok(line, strlen(line)));
	snprintf(bad, sizeof bad, "%lld %lld%09ld %s", (long long)st.st_size + 1,
	         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, file);
	assert_false(cache_stamp_ok(bad, strlen(bad)));
	snprintf(bad, sizeof bad, "%lld 1 %s", (long long)st.st_size, file);
	assert_false(cache_stamp_ok(bad, strlen(bad)));
	assert_false(cache_stamp_ok("4 5 relative/path", 17));
	assert_false(cache_stamp_ok("x 5 /etc", 8));
	assert_false(cache_stamp_ok("", 0));
	snprintf(bad, sizeof bad, "1 2 %s/none", dir);
	assert_false(cache_stamp_ok(bad, strlen(bad)));

	/* entries: verdict, message, stamps */
	buf_addf(&e, "1\nno good\n%s\n", line);
	assert_int_equal(rst_entry(e.p, e.len, &why), 1);
	assert_string_equal(why.p, "no good");
	why.len = 0;
	e.len = 0;
	buf_addf(&e, "0\n\n%s\n%s\n", line, line);
	assert_int_equal(rst_entry(e.p, e.len, &why), 0);
	assert_int_equal(why.len, 0);
	e.len = 0;
	buf_addf(&e, "0\n\n");                 /* no stamp: not trusted */
	assert_int_equal(rst_entry(e.p, e.len, &why), -1);
	e.len = 0;
	buf_addf(&e, "2\n\n%s\n", line);       /* no such verdict */
	assert_int_equal(rst_entry(e.p, e.len, &why), -1);
	e.len = 0;
	buf_addf(&e, "0\n\n%s", line);         /* cut short */
	assert_int_equal(rst_entry(e.p, e.len, &why), -1);
	/* the file changes: the verdict goes */
	f = fopen(file, "a");
	assert_non_null(f);
	fputs("two\n", f);
	fclose(f);
	e.len = 0;
	buf_addf(&e, "0\n\n%s\n", line);
	assert_int_equal(rst_entry(e.p, e.len, &why), -1);
	assert_int_equal(why.len, 0);
	buf_free(&e);
	buf_free(&why);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get),
		cmocka_unit_test(test_nothing_kept),
		cmocka_unit_test(test_stamps),
	};
	int rc;

	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rm_rf();
	return rc;
}

/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "util.h"

static char dir[] = "/tmp/relkit-atomic-XXXXXX";

static void
put(const char *name, const char *text, mode_t mode)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(p, mode);
}

static char *
get(const char *name)
{
	char p[256];
	struct buf b = { 0 };

	snprintf(p, sizeof p, "%s/%s", dir, name);
	assert_int_equal(readfile(p, &b, 1 << 20), 0);
	return b.p;
}

static int
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static void
test_write_keeps_mode(void **state)
{
	char p[256];
	struct stat st;
	char *s;

	(void)state;
	put("a", "old\n", 0640);
	snprintf(p, sizeof p, "%s/a", dir);
	assert_int_equal(atomic_write(p, "new\n", 4), 0);
	s = get("a");
	assert_string_equal(s, "new\n");
	free(s);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(entries(), 1);
}

static void
test_all_or_nothing(void **state)
{
	struct atomic_set set = { NULL, 0, 0 };
	char p1[256], p2[256], p3[256];
	char *s;

	(void)state;
	put("b", "b0", 0644);
	put("c", "c0", 0644);
	snprintf(p1, sizeof p1, "%s/b", dir);
	snprintf(p2, sizeof p2, "%s/c", dir);
	snprintf(p3, sizeof p3, "%s/missing/d", dir);
	assert_int_equal(atomic_stage(&set, p1, "b1", 2), 0);
	assert_int_equal(atomic_stage(&set, p2, "c1", 2), 0);
	assert_int_equal(atomic_stage(&set, p3, "d1", 2), -1);
	atomic_abort(&set);
	s = get("b");
	assert_string_equal(s, "b0");
	free(s);
	s = get("c");
	assert_string_equal(s, "c0");
	free(s);
	/* nothing staged is left behind */
	assert_int_equal(entries(), 3);

	assert_int_equal(atomic_stage(&set, p1, "b1", 2), 0);
	assert_int_equal(atomic_stage(&set, p2, "c1", 2), 0);
	assert_int_equal(atomic_commit(&set), 0);
	s = get("b");
	assert_string_equal(s, "b1");
	free(s);
	s = get("c");
	assert_string_equal(s, "c1");
	free(s);
	assert_int_equal(entries(), 3);
}

static void
test_refusals(void **state)
{
	char p[256];

	(void)state;
	snprintf(p, sizeof p, "%s", dir);
	assert_int_equal(atomic_write(p, "x", 1), -1);   /* a directory */
	put("ro", "keep", 0444);
	snprintf(p, sizeof p, "%s/ro", dir);
	assert_int_equal(atomic_write(p, "x", 1), -1);   /* read-only */
	snprintf(p, sizeof p, "%s/nope", dir);
	assert_int_equal(atomic_write(p, "x", 1), -1);   /* absent */
}

/* atomic_create: a new file appears whole at commit, with the mode given;
 * an abort leaves no trace; a file there is replaced; no directory: -1. */
static void
test_create(void **state)
{
	struct atomic_set s = { NULL, 0, 0 };
	struct stat st;
	char p[256], *t;
	int fd, n = entries();

	(void)state;
	snprintf(p, sizeof p, "%s/new", dir);
	fd = atomic_create(&s, p, 0640);
	assert_true(fd >= 0);
	assert_int_equal(writeall(fd, "abc\n", 4), 0);
	assert_int_equal(access(p, F_OK), -1);      /* not there before commit */
	assert_int_equal(atomic_commit(&s), 0);
	t = get("new");
	assert_string_equal(t, "abc\n");
	free(t);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(entries(), n + 1);

	fd = atomic_create(&s, p, 0644);             /* replace */
	assert_true(fd >= 0);
	assert_int_equal(writeall(fd, "xy", 2), 0);
	assert_int_equal(atomic_commit(&s), 0);
	t = get("new");
	assert_string_equal(t, "xy");
	free(t);

	snprintf(p, sizeof p, "%s/gone", dir);
	fd = atomic_create(&s, p, 0644);
	assert_true(fd >= 0);
	assert_int_equal(writeall(fd, "z", 1), 0);
	atomic_abort(&s);
	assert_int_equal(access(p, F_OK), -1);
	assert_int_equal(entries(), n + 1);

	snprintf(p, sizeof p, "%s/no/such/dir/x", dir);
	assert_int_equal(atomic_create(&s, p, 0644), -1);
	assert_int_equal(s.n, 0);
}

/* A rename that fails after others (the target turned into a directory
 * between staging and commit, as a bind mount can appear) puts the files
 * already renamed back, the very inode of each, and leaves no temp. */
static void
test_undo(void **state)
{
	struct atomic_set s = { NULL, 0, 0 };
	struct stat before, after;
	char p1[256], p2[256], p3[256], *t;
	int fd, n;

	(void)state;
	put("u1", "u1-old", 0640);
	put("u2", "u2-old", 0644);
	n = entries();
	snprintf(p1, sizeof p1, "%s/u1", dir);
	snprintf(p2, sizeof p2, "%s/u2", dir);
	snprintf(p3, sizeof p3, "%s/u3", dir);
	assert_int_equal(stat(p1, &before), 0);
	assert_int_equal(atomic_stage(&s, p1, "u1-new", 6), 0);
	fd = atomic_create(&s, p3, 0644);          /* a new file, undone too */
	assert_true(fd >= 0);
	assert_int_equal(writeall(fd, "u3", 2), 0);
	assert_int_equal(atomic_stage(&s, p2, "u2-new", 6), 0);
	assert_int_equal(unlink(p2), 0);
	assert_int_equal(mkdir(p2, 0755), 0);
	assert_int_equal(atomic_commit(&s), -1);
	t = get("u1");
	assert_string_equal(t, "u1-old");
	free(t);
	assert_int_equal(stat(p1, &after), 0);
	assert_true(after.st_ino == before.st_ino);
	assert_int_equal(after.st_mode & 07777, 0640);
	assert_int_equal(access(p3, F_OK), -1);
	assert_int_equal(entries(), n);            /* no temp, no backup */
	assert_int_equal(rmdir(p2), 0);
}

/* A commit that works leaves no backup behind. */
static void
test_no_backup_left(void **state)
{
	struct atomic_set s = { NULL, 0, 0 };
	char p1[256], *t;
	int n;

	(void)state;
	put("v1", "v1-old", 0644);
	n = entries();
	snprintf(p1, sizeof p1, "%s/v1", dir);
	assert_int_equal(atomic_stage(&s, p1, "v1-new", 6), 0);
	assert_int_equal(atomic_commit(&s), 0);
	t = get("v1");
	assert_string_equal(t, "v1-new");
	free(t);
	assert_int_equal(entries(), n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_keeps_mode),
		cmocka_unit_test(test_all_or_nothing),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_undo),
		cmocka_unit_test(test_no_backup_left),
	};
	setprogname("test_atomic");
	/* the refusals print their messages; keep the TAP stream clean */
	if (!freopen("/dev/null", "w", stderr))
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}

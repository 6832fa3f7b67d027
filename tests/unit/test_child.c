/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "child.h"

static void
test_in_out(void **state)
{
	char *argv[] = { "sh", "-c", "tr a-z A-Z; echo err >&2; exit 3", NULL };
	struct buf out = { 0 };
	int st;

	(void)state;
	st = child_run(argv, "hello\n", 6, &out, 1024, CHILD_QUIET);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 3);
	assert_int_equal(out.len, 6);
	assert_memory_equal(out.p, "HELLO\n", 6);
	buf_free(&out);
}

/* Output past outmax is read (the child is not stopped) but not kept. */
static void
test_limit(void **state)
{
	char *argv[] = { "sh", "-c", "head -c 100000 /dev/zero; exit 0", NULL };
	struct buf out = { 0 };
	int st;

	(void)state;
	st = child_run(argv, NULL, 0, &out, 1000, 0);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(out.len, 1000);
	buf_free(&out);
}

/* A child that reads nothing: the writer is not killed by SIGPIPE. */
static void
test_unread_input(void **state)
{
	static char big[1 << 18];
	char *argv[] = { "true", NULL };
	struct buf out = { 0 };
	int st;

	(void)state;
	memset(big, 'x', sizeof big);
	st = child_run(argv, big, sizeof big, &out, 10, 0);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(out.len, 0);
	buf_free(&out);
}

static void
test_no_program(void **state)
{
	char *argv[] = { "/nonexistent/relkit-no-such-program", NULL };
	struct buf out = { 0 };

	(void)state;
	errno = 0;
	assert_int_equal(child_run(argv, "x", 1, &out, 10, 0), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(out.len, 0);
	buf_free(&out);
}

/* A status other than an exit: a signal. */
static void
test_signalled(void **state)
{
	char *argv[] = { "sh", "-c", "kill -TERM $$", NULL };
	int st;

	(void)state;
	st = child_run(argv, NULL, 0, NULL, 0, 0);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), 15);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_out),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_unread_input),
		cmocka_unit_test(test_no_program),
		cmocka_unit_test(test_signalled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

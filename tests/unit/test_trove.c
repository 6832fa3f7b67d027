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

#include "trove.h"

/* The shape of trove_classifiers/__init__.py. */
static const char list[] =
    "from typing import Dict, List, Set\n\n"
    "# A set of classifier names\n"
    "sorted_classifiers: List[str] = [\n"
    "    \"Development Status :: 1 - Planning\",\n"
    "    \"Topic :: Utilities\",\n"
    "    \"Typing :: Typed\",\n"
    "]\n\n"
    "classifiers: Set[str] = set(sorted_classifiers)\n\n"
    "deprecated_classifiers: Dict[str, List[str]] = {\n"
    "    \"Natural Language :: Ukranian\": [\"Natural Language :: Ukrainian\"],\n"
    "    \"Topic :: Two\": [\n        \"Topic :: A\",\n        \"Topic :: B\",\n"
    "    ],\n"
    "    \"Topic :: Communications :: Chat :: AOL Instant Messenger\": [],\n"
    "}\n";

static void
test_load(void **state)
{
	char path[] = "/tmp/relkit-trove.XXXXXX";
	struct trove t;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, list, strlen(list)), (long)strlen(list));
	close(fd);
	setenv("RELKIT_TROVE", path, 1);
	assert_int_equal(trove_load(&t), 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.ndep, 3);
	assert_true(trove_known(&t, "Topic :: Utilities"));
	assert_true(trove_known(&t, "Natural Language :: Ukranian"));
	assert_false(trove_known(&t, "Topic :: Utilities "));
	assert_false(trove_known(&t, "Foo :: Bar"));
	assert_true(trove_top_known(&t, "Topic :: Brand New"));
	assert_true(trove_top_known(&t, "Typing :: Other"));
	assert_false(trove_top_known(&t, "Foo :: Bar"));
	assert_false(trove_top_known(&t, "Top :: X"));
	assert_string_equal(trove_deprecated(&t, "Natural Language :: Ukranian"),
	                    "'Natural Language :: Ukrainian'");
	assert_string_equal(trove_deprecated(&t, "Topic :: Two"),
	                    "'Topic :: A', 'Topic :: B'");
	assert_string_equal(trove_deprecated(&t, "Topic :: Communications :: "
	                                     "Chat :: AOL Instant Messenger"), "");
	assert_null(trove_deprecated(&t, "Topic :: Utilities"));
	assert_string_equal(t.version, "");
	trove_free(&t);
	unlink(path);
	/* none there */
	assert_int_equal(trove_load(&t), -1);
	/* a file without the list */
	setenv("RELKIT_TROVE", "/dev/null", 1);
	assert_int_equal(trove_load(&t), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

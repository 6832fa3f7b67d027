/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "notes.h"

/* The section of version in s, or NULL; its heading's line in *line. */
static char *
sect(const char *s, const char *version, enum notes_syntax syn, size_t *line)
{
	size_t a, b, l = 0;
	char *r;

	if (!notes_section(s, strlen(s), version, syn, &a, &b, &l))
		return NULL;
	r = malloc(b - a + 1);
	memcpy(r, s + a, b - a);
	r[b - a] = '\0';
	if (line)
		*line = l;
	return r;
}

static void
is(const char *s, const char *version, enum notes_syntax syn, const char *want)
{
	char *got = sect(s, version, syn, NULL);

	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_heading_has(void **state)
{
	(void)state;
	assert_true(notes_heading_has("[1.2.0] - 2026-01-05", 20, "1.2.0"));
	assert_true(notes_heading_has("v1.2.0", 6, "1.2.0"));
	assert_true(notes_heading_has("Version 1.2.0.", 14, "1.2.0"));
	assert_true(notes_heading_has("aloha 1.2.0 (2026-01-05)", 24, "1.2.0"));
	assert_true(notes_heading_has("release-1.2.0", 13, "1.2.0"));
	assert_false(notes_heading_has("1.2.0rc1", 8, "1.2.0"));
	assert_false(notes_heading_has("11.2.0", 6, "1.2.0"));
	assert_false(notes_heading_has("1.2.0.1", 7, "1.2.0"));
	assert_false(notes_heading_has("1.2.0+local", 11, "1.2.0"));
	assert_false(notes_heading_has("1.2.0-2", 7, "1.2.0"));
	assert_false(notes_heading_has("xv1.2.0", 7, "1.2.0"));
	assert_false(notes_heading_has("0.1.2.0", 7, "1.2.0"));
	assert_false(notes_heading_has("1.2", 3, "1.2.0"));
	assert_false(notes_heading_has("anything", 8, ""));
	/* the length is the heading's, not the string's */
	assert_false(notes_heading_has("1.2.0", 4, "1.2.0"));
}

static void
test_markdown(void **state)
{
	const char *kac =
	    "# Changelog\n\n## [Unreleased]\n\n- wip\n\n"
	    "## [1.2.0] - 2026-01-05\r\n\r\n### Fixed\r\n\r\n- a\r\n\r\n"
	    "## [1.1.0] - 2025-01-01\n- b\n\n[1.2.0]: https://x/1\n[1.1.0]: https://x/2\n";
	size_t line = 0;
	char *s;

	(void)state;
	is(kac, "1.2.0", NOTES_MD, "### Fixed\r\n\r\n- a");
	is(kac, "1.1.0", NOTES_MD, "- b");
	is(kac, "1.0.0", NOTES_MD, NULL);
	s = sect(kac, "1.2.0", NOTES_MD, &line);
	assert_int_equal(line, 7);
	free(s);
	/* '#' inside a fence is code; a heading deeper than ours stays in */
	is("## 2.0\n\n```\n## 1.0\n```\n#### deep\ntext\n# 1.0\nold\n", "2.0",
	   NOTES_MD, "```\n## 1.0\n```\n#### deep\ntext");
	is("## 2.0\n~~~~\n## 1.0\n~~~\nstill code\n~~~~\n## 1.0\nx\n", "1.0",
	   NOTES_MD, "x");
	/* closing hashes, up to three spaces in, no blank after '#' */
	is("   ## 3.0 ##\nnew\n##3.0\n", "3.0", NOTES_MD, "new\n##3.0");
	/* Setext headings: '=' over '-' */
	is("Changes\n=======\n\n2.0\n---\n\n- x\n\n1.0\n---\n- y\n", "2.0",
	   NOTES_MD, "- x");
	/* a section with nothing in it is none */
	is("## 2.0\n\n## 1.0\n- y\n", "2.0", NOTES_MD, NULL);
	/* a link definition in the middle of the file stays */
	is("## 2.0\n[a]: b\n## 1.0\n", "2.0", NOTES_MD, "[a]: b");
	/* the first heading holding the version wins */
	is("## 2.0\nfirst\n## 2.0\nsecond\n", "2.0", NOTES_MD, "first");
	/* no final newline */
	is("## 2.0\nlast line", "2.0", NOTES_MD, "last line");
}

static void
test_rst(void **state)
{
	const char *towncrier =
	    "aloha 2.0 (2026-01-05)\n======================\n\n"
	    "Features\n--------\n\n- f (#1)\n\n"
	    "Bugfixes\n--------\n\n- b (#2)\n\n\n"
	    "aloha 1.0 (2025-01-01)\n======================\n\nNo significant changes.\n";
	const char *zest =
	    "=========\nChangelog\n=========\n\n"
	    "2.0.1 (unreleased)\n------------------\n\n- Nothing changed yet.\n\n\n"
	    "2.0 (2026-01-05)\n----------------\n\n- Fix.\n  [me]\n\n"
	    "1.0 (2025-01-01)\n----------------\n\n- Initial.\n";

	(void)state;
	is(towncrier, "2.0", NOTES_RST,
	   "Features\n--------\n\n- f (#1)\n\nBugfixes\n--------\n\n- b (#2)");
	is(towncrier, "1.0", NOTES_RST, "No significant changes.");
	is(zest, "2.0", NOTES_RST, "- Fix.\n  [me]");
	is(zest, "2.0.1", NOTES_RST, "- Nothing changed yet.");
	is(zest, "1.0", NOTES_AUTO, "- Initial.");
	/* '#' is no heading in reStructuredText */
	is("2.0\n~~~\n# 1.0\nx\n", "1.0", NOTES_RST, NULL);
	/* an underline shorter than its title and than four characters */
	is("Version 2.0\n~~\n\nx\n", "2.0", NOTES_RST, NULL);
	is("Version 2.0\n~~~~\n\nx\n", "2.0", NOTES_RST, "x");
	/* a title needs a blank line (or a heading) before it */
	is("text\n2.0\n===\nx\n", "2.0", NOTES_RST, NULL);
	/* an indented line is not a title */
	is("  2.0\n===\nx\n", "2.0", NOTES_RST, NULL);
	/* overline and underline of different lengths: docutils
	 * refuses the title */
	is("=====\n2.0\n===\nx\n", "2.0", NOTES_RST, NULL);
}

static void
test_syntax_of(void **state)
{
	(void)state;
	assert_int_equal(notes_syntax_of("CHANGELOG.md"), NOTES_MD);
	assert_int_equal(notes_syntax_of("docs/HISTORY.MARKDOWN"), NOTES_MD);
	assert_int_equal(notes_syntax_of("CHANGES.rst"), NOTES_RST);
	assert_int_equal(notes_syntax_of("CHANGES.txt"), NOTES_RST);
	assert_int_equal(notes_syntax_of("NEWS"), NOTES_AUTO);
	assert_int_equal(notes_syntax_of("v1.0/NEWS"), NOTES_AUTO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heading_has),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_rst),
		cmocka_unit_test(test_syntax_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

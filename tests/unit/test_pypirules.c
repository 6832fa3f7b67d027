/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "pypirules.h"

#include "goodmeta.h"

/* Problems of text: their count, and the messages in msg. */
static int
metaproblems(const char *text, struct buf *msg)
{
	struct meta m;
	size_t line;
	const char *err;
	int n;

	assert_int_equal(meta_parse(text, strlen(text), &m, &line, &err), 0);
	msg->len = 0;
	n = pyrule_meta(&m, msg);
	meta_free(&m);
	return n;
}

static void
test_meta_good(void **state)
{
	struct buf msg = { 0 };

	(void)state;
	assert_int_equal(metaproblems(good, &msg), 0);
	buf_free(&msg);
}

static void
test_meta_bad(void **state)
{
	struct buf msg = { 0 }, t = { 0 };
	int i;

	(void)state;
	assert_int_equal(metaproblems("Metadata-Version: 2.0\nName: a\n"
	                              "Version: 1\n", &msg), 1);
	assert_non_null(strstr(msg.p, "'2.0' is not a valid metadata version"));
	assert_int_equal(metaproblems("Metadata-Version: 2.4\nName: a\n"
	                              "Version: 1.0+local.1\n", &msg), 1);
	assert_non_null(strstr(msg.p, "The use of local versions in"));
	assert_int_equal(metaproblems("Metadata-Version: 2.4\nName: -a\n"
	                              "Version: x.y\n", &msg), 2);
	assert_int_equal(metaproblems("Metadata-Version: 2.4\n", &msg), 2);
	assert_int_equal(metaproblems("Name: a\nVersion: 1\n", &msg), 1);
	/* summary: 512 characters pass, 513 do not; characters, not bytes */
	buf_adds(&t, "Metadata-Version: 2.1\nName: a\nVersion: 1\nSummary: ");
	for (i = 0; i < 512; i++)
		buf_adds(&t, "\xc3\xa9");
	buf_adds(&t, "\n");
	assert_int_equal(metaproblems(t.p, &msg), 0);
	t.len -= 1;
	buf_adds(&t, "x\n");
	assert_int_equal(metaproblems(t.p, &msg), 1);
	assert_non_null(strstr(msg.p, "must be 512 characters or less. (it has 513)"));
	assert_int_equal(metaproblems("Metadata-Version: 2.1\nName: a\n"
	                              "Version: 1\nSummary: one\n  two\n", &msg), 1);
	assert_non_null(strstr(msg.p, "'summary' must be a single line"));
	/* Project-URL labels: 32 characters pass, 33 do not */
	assert_int_equal(metaproblems("Metadata-Version: 2.1\nName: a\n"
	    "Version: 1\nProject-URL: 12345678901234567890123456789012, "
	    "https://x/\n", &msg), 0);
	assert_int_equal(metaproblems("Metadata-Version: 2.1\nName: a\n"
	    "Version: 1\nProject-URL: 123456789012345678901234567890123, "
	    "https://x/\n", &msg), 1);
	assert_non_null(strstr(msg.p, "must be 32 characters or less"));
	assert_int_equal(metaproblems("Metadata-Version: 2.1\nName: a\n"
	    "Version: 1\nProject-URL: https://x/\n", &msg), 1);
	/* direct URL references */
	assert_int_equal(metaproblems("Metadata-Version: 2.1\nName: a\n"
	    "Version: 1\nRequires-Dist: b @ https://x/b.whl\n"
	    "Requires-Dist: c; python_version < \"3.8\"\n", &msg), 1);
	assert_non_null(strstr(msg.p, "Can't have direct dependency: "
	                         "b @ https://x/b.whl"));
	buf_free(&msg);
	buf_free(&t);
}

#define FN(base, type, name, ver) \
	(msg.len = 0, pyrule_filename(base, type, name, ver, py, sizeof py, &msg))

static void
test_filename(void **state)
{
	struct buf msg = { 0 };
	char py[64];

	(void)state;
	assert_int_equal(FN("aloha_bots-1.0.0.tar.gz", DIST_SDIST, "Aloha.Bots",
	                    "1.0.0"), 0);
	assert_string_equal(py, "source");
	assert_int_equal(FN("aloha-bots-1.0.0.tar.gz", DIST_SDIST, "aloha-bots",
	                    "1.0.0"), 1);
	assert_non_null(strstr(msg.p, "aloha_bots-1.0.0.tar.gz"));
	assert_int_equal(FN("Aloha_Bots-1.0.0.tar.gz", DIST_SDIST, "aloha_bots",
	                    "1.0.0"), 1);
	assert_int_equal(FN("aloha_bots-1.0.1.tar.gz", DIST_SDIST, "aloha_bots",
	                    "1.0.0"), 1);
	assert_int_equal(FN("aloha_bots-1.0.0.zip", DIST_SDIST, "aloha_bots",
	                    "1.0.0"), 1);
	assert_non_null(strstr(msg.p, "only .tar.gz"));
	/* PyPI reads a .zip sdist, then wants the .tar.gz name */
	assert_string_equal(msg.p, "Filename 'aloha_bots-1.0.0.zip' is invalid, "
	                    "should be 'aloha_bots-1.0.0.tar.gz'. (PyPI accepts "
	                    "only .tar.gz source distributions)\n");
	/* other endings: PEP 527's refusal */
	assert_int_equal(FN("aloha_bots-1.0.0.tgz", DIST_SDIST, "aloha_bots",
	                    "1.0.0"), 1);
	assert_string_equal(msg.p, "Invalid file extension: Use .tar.gz, .whl or "
	                    ".zip extension. See https://www.python.org/dev/peps/"
	                    "pep-0527 and https://peps.python.org/pep-0715/ for "
	                    "more information\n");
	assert_int_equal(FN("aloha_bots-1.0.0.tar.bz2", DIST_SDIST, "aloha_bots",
	                    "1.0.0"), 1);
	assert_non_null(strstr(msg.p, "Invalid file extension: "));
	/* control characters and DEL, a backslash: PyPI's words */
	assert_int_equal(FN("aloha_bots-1.0.0\t.tar.gz", DIST_SDIST, "aloha_bots",
	                    "1.0.0"), 1);
	assert_string_equal(msg.p, "Cannot upload a file with non-printable "
	                    "characters (ordinals 0-31) or the DEL character "
	                    "(ordinal 127) in the name.\n");
	assert_int_equal(FN("a\177-1.0.0-py3-none-any.whl", DIST_WHEEL, "a",
	                    "1.0.0"), 1);
	assert_non_null(strstr(msg.p, "(ordinal 127) in the name."));
	assert_int_equal(FN("a\\b-1.0.0-py3-none-any.whl", DIST_WHEEL, "a",
	                    "1.0.0"), 1);
	assert_string_equal(msg.p, "Cannot upload a file with '/' or '\\' in "
	                    "the name.\n");
	/* printable non-ASCII is no fault of the name as such */
	assert_int_equal(FN("aloha_bots-1.0.0.tar.gz", DIST_SDIST, "aloha_bots",
	                    "1.0.0"), 0);
	/* the same PEP 440 version, spelt otherwise */
	assert_int_equal(FN("aloha_bots-1.0.tar.gz", DIST_SDIST, "aloha_bots",
	                    "1.0.0"), 1);
	assert_non_null(strstr(msg.p, "should be 'aloha_bots-1.0.0.tar.gz'. "
	                       "(PEP 625: the version in normal form)"));
	assert_int_equal(FN("aloha_bots-1.0rc1.tar.gz", DIST_SDIST, "aloha_bots",
	                    "1.0RC1"), 0);
	assert_int_equal(FN("aloha_bots-1.0RC1.tar.gz", DIST_SDIST, "aloha_bots",
	                    "1.0RC1"), 1);
	assert_int_equal(FN("virtualenv-clone-0.5.8.tar.gz", DIST_SDIST,
	                    "virtualenv-clone", "0.5.8"), 1);
	assert_non_null(strstr(msg.p, "should be 'virtualenv_clone-0.5.8.tar.gz'. "
	                       "(PEP 625; the build backend is older than that: "
	                       "setuptools >= 69.3 and flit_core >= 3.10 name "
	                       "sdists right)"));
	assert_int_equal(FN("aloha_bots-1.0.0-py3-none-any.whl", DIST_WHEEL,
	                    "aloha-bots", "1.0.0"), 0);
	assert_string_equal(py, "py3");
	assert_int_equal(FN("aloha_bots-1.0.0-2-cp311-cp311-manylinux_2_17_x86_64"
	                    ".manylinux2014_x86_64.whl", DIST_WHEEL, "aloha-bots",
	                    "1.0.0"), 0);
	assert_string_equal(py, "cp311");
	assert_int_equal(FN("aloha_bots-1.0.0rc1-py3-none-any.whl", DIST_WHEEL,
	                    "aloha-bots", "1.0.0-rc1"), 0);
	assert_int_equal(FN("other-1.0.0-py3-none-any.whl", DIST_WHEEL,
	                    "aloha-bots", "1.0.0"), 1);
	assert_int_equal(FN("aloha_bots-1.0.1-py3-none-any.whl", DIST_WHEEL,
	                    "aloha-bots", "1.0.0"), 1);
	assert_non_null(strstr(msg.p, "Version in filename should be '1.0.0' "
	                       "not '1.0.1'."));
	assert_int_equal(FN("aloha_bots-1.0.0-py3-any.whl", DIST_WHEEL,
	                    "aloha-bots", "1.0.0"), 1);
	assert_int_equal(FN("aloha_bots-1.0.0-x-py3-none-any.whl", DIST_WHEEL,
	                    "aloha-bots", "1.0.0"), 1);
	assert_int_equal(FN("a\"b-1.0.0-py3-none-any.whl", DIST_WHEEL,
	                    "a", "1.0.0"), 1);
	assert_string_equal(msg.p, "the file name holds a quote\n");
	buf_free(&msg);
}

static void
test_one_sdist(void **state)
{
	const char *bases[] = { "a-1.tar.gz", "a-1-py3-none-any.whl",
	                        "a-1.0.tar.gz", "a-2.tar.gz" };
	const enum dist_type kinds[] = { DIST_SDIST, DIST_WHEEL, DIST_SDIST,
	                                 DIST_SDIST };
	const char *names[] = { "a", "a", "A", "a" };
	const char *versions[] = { "1", "1", "1.0", "2" };
	struct buf msg = { 0 };

	(void)state;
	assert_int_equal(pyrule_one_sdist(2, bases, kinds, names, versions,
	                                  &msg), 0);
	assert_int_equal(pyrule_one_sdist(4, bases, kinds, names, versions,
	                                  &msg), 1);
	assert_non_null(strstr(msg.p, "a-1.0.tar.gz: a second sdist"));
	buf_free(&msg);
}

static void
test_field_ages(void **state)
{
	(void)state;
	assert_string_equal(pyrule_field_newer("License-Expression", "2.1"), "2.4");
	assert_string_equal(pyrule_field_newer("license-file", "2.3"), "2.4");
	assert_null(pyrule_field_newer("License-Expression", "2.4"));
	assert_null(pyrule_field_newer("License-Expression", "2.5"));
	assert_string_equal(pyrule_field_newer("Dynamic", "2.1"), "2.2");
	assert_string_equal(pyrule_field_newer("Classifier", "1.0"), "1.1");
	assert_null(pyrule_field_newer("Summary", "1.0"));
	assert_null(pyrule_field_newer("Dynamic", "9.9"));      /* said elsewhere */
	assert_true(pyrule_form_has("requires-dist"));
	assert_false(pyrule_form_has("Import-Name"));
}

static void
test_platforms(void **state)
{
	static const char *const ok[] = {
		"any", "win32", "win_amd64", "manylinux1_x86_64",
		"manylinux2014_aarch64", "linux_armv7l", "macosx_10_9_x86_64",
		"macosx_10_15_universal2", "macosx_11_0_arm64", "macosx_26_0_arm64",
		"manylinux_2_17_x86_64", "manylinux_2_28_ppc64", "musllinux_1_2_riscv64",
		"ios_13_0_arm64_iphoneos", "ios_12_0_x86_64_iphonesimulator",
		"android_21_arm64_v8a", "pyemscripten_2024_0_wasm32", NULL
	};
	static const char *const bad[] = {
		"linux_x86_64", "bogus_os", "macosx_11_1_arm64", "macosx_16_0_arm64",
		"macosx_10_9_sparc", "musllinux_1_2_ppc64", "manylinux_2_17",
		"manylinux_x_17_x86_64", "ios_13_0_arm64", "ios_13_0_arm_iphoneos",
		"android_21_mips", "pyemscripten_2024_0_wasm64", "", "win_amd64x",
		NULL
	};
	size_t i;

	(void)state;
	for (i = 0; ok[i]; i++)
		if (!pyrule_platform_ok(ok[i]))
			fail_msg("%s refused", ok[i]);
	for (i = 0; bad[i]; i++)
		if (pyrule_platform_ok(bad[i]))
			fail_msg("%s accepted", bad[i]);
}

/* The rules added for PyPI's checks, one problem each. */
static void
test_meta_rules(void **state)
{
	static const struct {
		const char *lines, *want;
	} cases[] = {
		{ "Metadata-Version: 2.1\nLicense-Expression: MIT\n",
		  "license-expression introduced in metadata version 2.4, not 2.1" },
		{ "Metadata-Version: 2.4\nLicense-Expression: MIT OR\n",
		  "'MIT OR' is invalid for 'license-expression'" },
		{ "Metadata-Version: 2.4\nLicense-Expression: MIT\nLicense: MIT\n",
		  "License is deprecated when License-Expression is present." },
		{ "Metadata-Version: 2.1\nHome-page: example.com\n",
		  "'example.com' is not a valid url." },
		{ "Metadata-Version: 2.1\nProject-URL: , https://x/\n"
		  "Project-URL: A, https://x/\n", "Must have a label" },
		{ "Metadata-Version: 2.1\nProject-URL: A, https://x/\n"
		  "Project-URL: A, https://y/\n", "'project_urls' has invalid data" },
		{ "Metadata-Version: 2.1\nAuthor-email: joe@example..com\n",
		  "'joe@example..com' is not a valid email address" },
		{ "Metadata-Version: 2.1\nRequires-Dist: foo >=\n",
		  "'foo >=' is invalid for 'requires-dist'" },
		{ "Metadata-Version: 2.1\nRequires-Python: >=3.x\n",
		  "'>=3.x' is invalid for 'requires-python'" },
		{ "Metadata-Version: 2.1\nObsoletes-Dist: foo @ https://x/\n",
		  "Can't have direct dependency: 'foo @ https://x/'" },
		{ "Metadata-Version: 2.1\nProvides-Dist: foo >=\n",
		  "'foo >=' is invalid:" },
		{ "Metadata-Version: 2.1\nDescription-Content-Type: text/markdown; "
		  "variant=Foo\n", "valid Markdown variants for "
		  "'description-content-type' are ['GFM', 'CommonMark'], not 'Foo'" },
		{ "Metadata-Version: 2.2\nDynamic: Name\n",
		  "'name' is not allowed as a dynamic field" },
		{ "Metadata-Version: 2.2\nDynamic: dynamic\n",
		  "'dynamic' is not a valid dynamic field" },
		{ "Metadata-Version: 2.1\nProvides-Extra: a b\n",
		  "'a b' is invalid for 'provides-extra'" },
	};
	static const char *const fine[] = {
		"Metadata-Version: 2.1\nDescription-Content-Type: "
		"text/markdown; charset=UTF-8; variant=CommonMark\n",
		"Metadata-Version: 2.1\nDescription-Content-Type: TEXT/X-RST\n",
		"Metadata-Version: 2.1\nHome-page: \n",  /* empty once: ignored */
		"Metadata-Version: 2.1\nLicense-File: LICENSE\n", /* left out */
		"Metadata-Version: 2.1\nAuthor-email: a@b.com, c@d..com\n",
		"Metadata-Version: 2.2\nDynamic: License-File\n",
		"Metadata-Version: 2.4\nLicense-Expression: LicenseRef-Mine\n"
		"License: \n",
	};
	struct buf msg = { 0 }, t = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		t.len = 0;
		buf_adds(&t, cases[i].lines);
		buf_adds(&t, "Name: a\nVersion: 1\n");
		if (metaproblems(t.p, &msg) != 1 || !strstr(msg.p, cases[i].want))
			fail_msg("%s: got %s", cases[i].lines, msg.p ? msg.p : "");
	}
	/* packaging takes "dynamic" in Dynamic; warehouse's list does not */
	assert_int_equal(metaproblems("Metadata-Version: 2.2\nDynamic: Dynamic\n"
	                              "Name: a\nVersion: 1\n", &msg), 1);
	assert_string_equal(msg.p, "line 2: Dynamic field 'dynamic' is not a "
	                    "valid dynamic field.\n");
	for (i = 0; i < sizeof fine / sizeof fine[0]; i++) {
		t.len = 0;
		buf_adds(&t, fine[i]);
		buf_adds(&t, "Name: a\nVersion: 1\n");
		if (metaproblems(t.p, &msg) != 0)
			fail_msg("%s: got %s", fine[i], msg.p);
	}
	buf_free(&msg);
	buf_free(&t);
}

static void
test_safe_name(void **state)
{
	char *s;

	(void)state;
	s = pyrule_safe_name("aloha__bots-.x");
	assert_string_equal(s, "aloha-bots-.x");
	free(s);
	s = pyrule_safe_name("Zope.Interface");
	assert_string_equal(s, "Zope.Interface");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meta_good),
		cmocka_unit_test(test_meta_bad),
		cmocka_unit_test(test_filename),
		cmocka_unit_test(test_one_sdist),
		cmocka_unit_test(test_safe_name),
		cmocka_unit_test(test_field_ages),
		cmocka_unit_test(test_platforms),
		cmocka_unit_test(test_meta_rules),
	};

	/* no classifier list: these tests do not depend on the system's */
	setenv("RELKIT_TROVE", "/nonexistent", 1);

	return cmocka_run_group_tests(tests, NULL, NULL);
}

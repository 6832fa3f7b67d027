/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"

#include "goodmeta.h"

static const char *
field(const struct form *f, const char *name, size_t nth)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0 && nth-- == 0)
			return f->f[i].value;
	return NULL;
}

static void
test_form(void **state)
{
	struct meta m;
	struct form f = { 0 };
	struct digests dg = { .sha256 = "ab", .blake2_256 = "cd", .size = 1 };
	size_t line;
	const char *err;

	(void)state;
	assert_int_equal(meta_parse(good, strlen(good), &m, &line, &err), 0);
	pyrule_form(&m, DIST_WHEEL, "py3", &dg, &f);
	assert_string_equal(field(&f, ":action", 0), "file_upload");
	assert_string_equal(field(&f, "protocol_version", 0), "1");
	assert_string_equal(field(&f, "name", 0), "aloha-bots");
	assert_string_equal(field(&f, "version", 0), "1.0.0");
	assert_string_equal(field(&f, "filetype", 0), "bdist_wheel");
	assert_string_equal(field(&f, "pyversion", 0), "py3");
	assert_string_equal(field(&f, "metadata_version", 0), "2.1");
	assert_string_equal(field(&f, "home_page", 0), "https://example.org/");
	assert_string_equal(field(&f, "keywords", 0), "chat, bots");
	assert_string_equal(field(&f, "classifiers", 1),
	                    "License :: OSI Approved :: MIT License");
	assert_string_equal(field(&f, "requires_dist", 1),
	                    "rich ; extra == \"fancy\"");
	assert_string_equal(field(&f, "provides_extra", 0), "fancy");
	assert_string_equal(field(&f, "project_urls", 0),
	                    "Source, https://example.org/src");
	assert_string_equal(field(&f, "description", 0), "# Aloha bots\n");
	assert_null(field(&f, "description", 1));
	assert_string_equal(field(&f, "sha256_digest", 0), "ab");
	assert_string_equal(field(&f, "blake2_256_digest", 0), "cd");
	assert_null(field(&f, "md5_digest", 0));
	assert_null(field(&f, "content", 0));
	form_free(&f);
	meta_free(&m);
}

/* The form leaves out License-File under Metadata-Version < 2.4 (twine
 * does the same) and sends an old Description field dedented. */
static void
test_form_old_metadata(void **state)
{
	static const char old[] =
	    "Metadata-Version: 2.1\nName: a\nVersion: 1\n"
	    "License-File: LICENSE\nLicense-File: NOTICE\n"
	    "Description: Title\n        =====\n        \n        Text.\n";
	static const char new[] =
	    "Metadata-Version: 2.4\nName: a\nVersion: 1\n"
	    "License-File: LICENSE\n";
	struct meta m;
	struct form f = { 0 };
	struct digests dg = { .sha256 = "ab", .blake2_256 = "cd", .size = 1 };
	size_t line;
	const char *err;

	(void)state;
	assert_int_equal(meta_parse(old, strlen(old), &m, &line, &err), 0);
	pyrule_form(&m, DIST_SDIST, "source", &dg, &f);
	assert_null(field(&f, "license_file", 0));
	assert_string_equal(field(&f, "description", 0), "Title\n=====\n\nText.");
	form_free(&f);
	meta_free(&m);
	assert_int_equal(meta_parse(new, strlen(new), &m, &line, &err), 0);
	pyrule_form(&m, DIST_WHEEL, "py3", &dg, &f);
	assert_string_equal(field(&f, "license_file", 0), "LICENSE");
	form_free(&f);
	meta_free(&m);
}

/* A header given twice that takes one value: the first one sent. */
static void
test_form_once(void **state)
{
	static const char twice[] =
	    "Metadata-Version: 2.1\nName: a\nVersion: 1\n"
	    "Summary: one\nSummary: two\nPlatform: x\nPlatform: y\n";
	struct meta m;
	struct form f = { 0 };
	struct digests dg = { .sha256 = "ab", .blake2_256 = "cd", .size = 1 };
	size_t line;
	const char *err;

	(void)state;
	assert_int_equal(meta_parse(twice, strlen(twice), &m, &line, &err), 0);
	pyrule_form(&m, DIST_SDIST, "source", &dg, &f);
	assert_string_equal(field(&f, "summary", 0), "one");
	assert_null(field(&f, "summary", 1));
	assert_string_equal(field(&f, "platform", 1), "y");
	assert_string_equal(field(&f, "filetype", 0), "sdist");
	form_add(&f, "comment", "c");
	assert_string_equal(f.f[f.n - 1].name, "comment");
	assert_string_equal(f.f[f.n - 1].value, "c");
	form_free(&f);
	assert_int_equal(f.n, 0);
	assert_null(f.f);
	meta_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_form_old_metadata),
		cmocka_unit_test(test_form_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

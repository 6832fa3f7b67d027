/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "simple.h"
#include "util.h"

#define H1 "3478d40df45a78eaecadd3f50ebc5634bada181c423c64a2853e41a9071a8516"
#define H2 "A584DB447DFD6A941F7010E2B079EDE7D12E503C256F3F28DB9F5B732860201F"
#define H2L "a584db447dfd6a941f7010e2b079ede7d12e503c256f3f28db9f5b732860201f"

static int
html(const char *s, struct simple_page *p, const char **err)
{
	return simple_parse_html(s, strlen(s), p, err);
}

static int
json(const char *s, struct simple_page *p, const char **err)
{
	return simple_parse_json(s, strlen(s), p, err);
}

static void
test_html_pep503(void **state)
{
	struct simple_page p;
	const struct simple_file *f;
	const char *err = NULL;
	const char *page =
	    "<!DOCTYPE html><html><head><title>Links for x</title></head><body>\n"
	    "<!-- <a href=\"commented.whl\">commented.whl</a> -->\n"
	    "<a href=\"/files/x/x-1.0.tar.gz#sha256=" H1 "\" "
	    "data-requires-python=\"&gt;=3.7, &lt;4\">x-1.0.tar.gz</a><br/>\n"
	    "<A HREF='../../x/x-1.0-py3-none-any.whl#sha256=" H2 "' data-yanked>\n"
	    "  x-1.0-py3-none-any.whl </A>\n"
	    "<a data-yanked=\"bad\" href=x-0.9.tar.gz#md5=abc>x-0.9.tar.gz</a>\n"
	    "<abbr href=\"no.whl\">no</abbr><a name=anchor>no href</a>\n"
	    "<a href=\"x-2.0.tar.gz?a=1&amp;b=2\" data-requires-python='&#62;=3.8&#x2C;!=3.9.*'></a>\n"
	    "</body></html>\n";

	(void)state;
	assert_int_equal(html(page, &p, &err), 0);
	assert_int_equal(p.n, 4);
	f = simple_find(&p, "x-1.0.tar.gz");
	assert_non_null(f);
	assert_string_equal(f->url, "/files/x/x-1.0.tar.gz");
	assert_string_equal(f->sha256, H1);
	assert_string_equal(f->requires_python, ">=3.7, <4");
	assert_false(f->yanked);
	assert_false(f->has_size);
	f = simple_find(&p, "x-1.0-py3-none-any.whl");
	assert_non_null(f);
	assert_string_equal(f->url, "../../x/x-1.0-py3-none-any.whl");
	assert_string_equal(f->sha256, H2L);
	assert_null(f->requires_python);
	assert_true(f->yanked);
	f = simple_find(&p, "x-0.9.tar.gz");
	assert_non_null(f);
	assert_string_equal(f->sha256, "");
	assert_true(f->yanked);
	/* empty link text: the file name comes from the URL */
	f = simple_find(&p, "x-2.0.tar.gz");
	assert_non_null(f);
	assert_string_equal(f->url, "x-2.0.tar.gz?a=1&b=2");
	assert_string_equal(f->requires_python, ">=3.8,!=3.9.*");
	assert_null(simple_find(&p, "commented.whl"));
	assert_null(simple_find(&p, "no"));
	simple_free(&p);
	assert_int_equal(p.n, 0);
}

static void
test_html_entities(void **state)
{
	struct simple_page p;
	const char *err = NULL;

	(void)state;
	/* unknown, unterminated and out-of-range entities */
	assert_int_equal(html("<a href=\"a&b&unknown;&#0;&#x110000;&#xD800;&#12\">t&amp;&#233;&#12</a>",
	                      &p, &err), 0);
	assert_int_equal(p.n, 1);
	/* the decoded '#' starts the fragment */
	assert_string_equal(p.f[0].url, "a&b&unknown;\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd&");
	assert_string_equal(p.f[0].filename, "t&\xc3\xa9&#12");
	simple_free(&p);
	/* percent-decoding of a URL's file name */
	assert_int_equal(html("<a href=\"https://h/p/x%2By-1.0.tar.gz%zz#sha256=" H1 "\"></a>",
	                      &p, &err), 0);
	assert_string_equal(p.f[0].filename, "x+y-1.0.tar.gz%zz");
	simple_free(&p);
}

static void
test_html_errors(void **state)
{
	struct simple_page p;
	const char *err = NULL;

	(void)state;
	assert_int_equal(html("<a href=\"x.whl#sha256=abc\">x.whl</a>", &p, &err), -1);
	assert_string_equal(err, "a link has a bad #sha256= fragment");
	assert_int_equal(p.n, 0);
	assert_null(p.f);
	assert_int_equal(html("<a href=\"x.whl#sha256=" H1 "\">x</a><a href=\"y", &p, &err), -1);
	assert_string_equal(err, "truncated page: an <a> tag is not closed");
	assert_int_equal(p.n, 0);
	assert_int_equal(html("<a href=x.whl", &p, &err), -1);
	assert_int_equal(html("<a href=", &p, &err), -1);
	assert_int_equal(html("<a", &p, &err), 0);
	assert_int_equal(html("", &p, &err), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(simple_parse_html("x", SIMPLE_PAGE_LIMIT + 1, &p, &err), -1);
	assert_string_equal(err, "page too large");
}

static void
test_html_hostile(void **state)
{
	struct simple_page p;
	const char *err;
	char *s = malloc(1 << 16);
	size_t i, j;
	unsigned r = 12345;
	static const char alpha[] = "<a href=\"'#sha256=&;#x0123456789> /\n-!data-yanked";

	(void)state;
	/* Random soup of the characters that matter: never a crash, and
	 * whatever is returned is well formed (ASan checks the rest). */
	for (j = 0; j < 2000; j++) {
		size_t n = (r = r * 1103515245u + 12345u) % 300;
		for (i = 0; i < n; i++) {
			r = r * 1103515245u + 12345u;
			s[i] = alpha[(r >> 16) % (sizeof alpha - 1)];
		}
		if (simple_parse_html(s, n, &p, &err) == 0) {
			for (i = 0; i < p.n; i++) {
				assert_non_null(p.f[i].filename);
				assert_true(p.f[i].filename[0] != '\0');
				assert_non_null(p.f[i].url);
			}
			simple_free(&p);
		} else {
			assert_non_null(err);
			assert_int_equal(p.n, 0);
		}
	}
	/* no NUL terminator needed: parse exactly len bytes */
	memset(s, 'a', 1 << 16);
	memcpy(s, "<a href=", 8);
	assert_int_equal(simple_parse_html(s, 1 << 16, &p, &err), -1);
	free(s);
}

static void
test_json(void **state)
{
	struct simple_page p;
	const struct simple_file *f;
	const char *err = NULL;

	(void)state;
	assert_int_equal(json("{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"x\", \"files\": ["
	    "{\"filename\": \"x-1.0.tar.gz\", \"url\": \"https://f/x-1.0.tar.gz\","
	    " \"hashes\": {\"sha256\": \"" H2 "\", \"md5\": \"00\"}, \"requires-python\": \">=3.7\","
	    " \"size\": 882, \"yanked\": false},"
	    "{\"filename\": \"x-0.9.tar.gz\", \"url\": \"x-0.9.tar.gz\", \"hashes\": {},"
	    " \"requires-python\": null, \"yanked\": \"broken\"},"
	    "{\"filename\": \"x-0.8.tar.gz\", \"url\": \"x-0.8.tar.gz\", \"hashes\": {}, \"yanked\": true}"
	    "], \"versions\": [\"1.0\"]}", &p, &err), 0);
	assert_int_equal(p.n, 3);
	f = simple_find(&p, "x-1.0.tar.gz");
	assert_non_null(f);
	assert_string_equal(f->url, "https://f/x-1.0.tar.gz");
	assert_string_equal(f->sha256, H2L);
	assert_string_equal(f->requires_python, ">=3.7");
	assert_true(f->has_size);
	assert_int_equal(f->size, 882);
	assert_false(f->yanked);
	f = simple_find(&p, "x-0.9.tar.gz");
	assert_string_equal(f->sha256, "");
	assert_null(f->requires_python);
	assert_false(f->has_size);
	assert_true(f->yanked);
	assert_true(simple_find(&p, "x-0.8.tar.gz")->yanked);
	assert_null(simple_find(&p, "x-0.7.tar.gz"));
	simple_free(&p);
	assert_int_equal(json("{\"files\": []}", &p, &err), 0);
	assert_int_equal(p.n, 0);
	simple_free(&p);
}

static void
test_json_errors(void **state)
{
	static const struct { const char *src, *err; } t[] = {
		{ "", NULL },
		{ "[]", "JSON page is not an object" },
		{ "{\"files\": {}}", "JSON page has no \"files\" array" },
		{ "{\"meta\": {\"api-version\": \"2.0\"}, \"files\": []}", "unsupported meta.api-version (want 1.x)" },
		{ "{\"meta\": 1, \"files\": []}", "unsupported meta.api-version (want 1.x)" },
		{ "{\"files\": [1]}", "a files[] entry is not an object" },
		{ "{\"files\": [{\"url\": \"u\"}]}", "a files[] entry has no filename" },
		{ "{\"files\": [{\"filename\": \"\", \"url\": \"u\"}]}", "a files[] entry has no filename" },
		{ "{\"files\": [{\"filename\": \"f\"}]}", "a files[] entry has no url" },
		{ "{\"files\": [{\"filename\": \"f\", \"url\": \"u\", \"hashes\": []}]}", "a files[] entry has bad hashes" },
		{ "{\"files\": [{\"filename\": \"f\", \"url\": \"u\", \"hashes\": {\"sha256\": \"abc\"}}]}", "a files[] entry has a bad sha256" },
		{ "{\"files\": [{\"filename\": \"f\", \"url\": \"u\", \"size\": -1}]}", "a files[] entry has a bad size" },
		{ "{\"files\": [{\"filename\": \"f\", \"url\": \"u\", \"size\": \"1\"}]}", "a files[] entry has a bad size" },
		{ "{\"files\": [{\"filename\": \"f\", \"url\": \"u\", \"yanked\": 1}]}", "a files[] entry has a bad yanked" },
		{ "{\"files\": [{\"filename\": \"f\", \"url\": \"u\", \"requires-python\": 3}]}", "a files[] entry has a bad requires-python" },
		{ "{\"files\": [{\"filename\": \"a\\u0000b\", \"url\": \"u\"}]}", NULL },
		{ "{\"files\": [], \"files\": []}", NULL },
	};
	struct simple_page p;
	const char *err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		err = NULL;
		assert_int_equal(json(t[i].src, &p, &err), -1);
		assert_non_null(err);
		if (t[i].err)
			assert_string_equal(err, t[i].err);
		assert_int_equal(p.n, 0);
		assert_null(p.f);
	}
	/* entries after a good one are freed too */
	assert_int_equal(json("{\"files\": [{\"filename\": \"f\", \"url\": \"u\"}, 2]}", &p, &err), -1);
	assert_int_equal(p.n, 0);
	assert_int_equal(simple_parse_json("{}", SIMPLE_PAGE_LIMIT + 1, &p, &err), -1);
	assert_string_equal(err, "page too large");
}

static void
test_escape(void **state)
{
	struct buf b = { 0 };

	(void)state;
	simple_escape(&b, "<4,>=3.7 & \"q\" 'a'");
	buf_add(&b, "", 1);
	assert_string_equal(b.p, "&lt;4,&gt;=3.7 &amp; &quot;q&quot; &#x27;a&#x27;");
	buf_free(&b);
}

/* PEP 700's upload-time, for PyPI's 14-day rule */
static void
test_upload_time(void **state)
{
	struct simple_page p;
	const char *err;

	(void)state;
	assert_int_equal(json("{\"meta\": {\"api-version\": \"1.1\"}, \"files\": ["
	    "{\"filename\": \"a-1.0.tar.gz\", \"url\": \"a\", \"hashes\": {},"
	    " \"upload-time\": \"2026-07-01T12:00:00.123456Z\"},"
	    "{\"filename\": \"a-1.1.tar.gz\", \"url\": \"b\", \"hashes\": {},"
	    " \"upload-time\": \"2026-07-01T12:00:00Z\"},"
	    "{\"filename\": \"a-1.2.tar.gz\", \"url\": \"c\", \"hashes\": {},"
	    " \"upload-time\": \"yesterday\"},"
	    "{\"filename\": \"a-1.3.tar.gz\", \"url\": \"d\", \"hashes\": {}}]}",
	    &p, &err), 0);
	assert_int_equal(p.n, 4);
	assert_true(p.f[0].upload_time == 1782907200LL);
	assert_true(p.f[1].upload_time == 1782907200LL);
	assert_true(p.f[2].upload_time == 0);
	assert_true(p.f[3].upload_time == 0);
	simple_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_pep503),
		cmocka_unit_test(test_html_entities),
		cmocka_unit_test(test_html_errors),
		cmocka_unit_test(test_html_hostile),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_upload_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "uvsrc.h"

static char got[256];
static const char *
field(const char *s, const struct uvsrc *u, enum uvfield f)
{
	size_t n;

	if (!u->has[f])
		return "(none)";
	n = u->f[f].b - u->f[f].a;
	assert_true(n < sizeof got);
	memcpy(got, s + u->f[f].a, n);
	got[n] = '\0';
	return got;
}

static void
test_forms(void **state)
{
	const char *s =
	    "[project]\n"
	    "dependencies = [\"aloha\"]\n"
	    "[tool.uv.sources]\n"
	    "aloha = { git = \"https://h/a.git\", tag = \"0.8.2\", subdirectory = \"aloha\" }\n"
	    "\"aloha.bots\" = { url = 'https://h/a/archive/0.8.2.zip', extra = { x = [1, \"}\"] } }\n"
	    "b = [\n"
	    "  { git = \"https://h/b\", rev = \"abc\" },  # first\n"
	    "  { path = \"../b\", editable = true },\n"
	    "]\n"
	    "[tool.uv.sources.c]\n"
	    "git = \"https://h/c\"\n"
	    "'tag' = \"1.0\"\n"
	    "[tool.uv.sources.d]\n"
	    "branch = \"main\"\n"
	    "[tool.other]\n"
	    "tag = \"9\"\n";
	struct uvsrcs u;

	(void)state;
	assert_int_equal(uvsrc_scan(s, strlen(s), &u), 0);
	assert_int_equal(u.n, 6);
	assert_string_equal(u.s[0].name, "aloha");
	assert_string_equal(field(s, &u.s[0], UV_GIT), "https://h/a.git");
	assert_string_equal(field(s, &u.s[0], UV_TAG), "0.8.2");
	assert_string_equal(field(s, &u.s[0], UV_SUBDIR), "aloha");
	assert_string_equal(u.s[1].name, "aloha.bots");
	assert_string_equal(field(s, &u.s[1], UV_URL), "https://h/a/archive/0.8.2.zip");
	assert_string_equal(field(s, &u.s[1], UV_TAG), "(none)");
	assert_string_equal(u.s[2].name, "b");
	assert_string_equal(field(s, &u.s[2], UV_REV), "abc");
	assert_string_equal(u.s[3].name, "b");
	assert_string_equal(field(s, &u.s[3], UV_GIT), "(none)");
	assert_string_equal(u.s[4].name, "c");
	assert_string_equal(field(s, &u.s[4], UV_TAG), "1.0");
	assert_string_equal(u.s[5].name, "d");
	assert_string_equal(field(s, &u.s[5], UV_BRANCH), "main");
	uvsrc_free(&u);
}

static void
test_deps(void **state)
{
	const char *s =
	    "[project]\n"
	    "dependencies = [\n"
	    "  \"a==1\",  # c, \"not=1\"\n"
	    "  'b @ git+https://h/b@1',\n"
	    "  \"esc\\\"aped\",\n"
	    "  { include-group = \"x\" },\n"
	    "]\n"
	    "optional = [\"not==1\"]\n"
	    "[project.optional-dependencies]\n"
	    "e = [\"c==1\"]\n"
	    "[dependency-groups]\n"
	    "dev = [{ include-group = \"e\" }, \"d\"]\n"
	    "[tool.uv]\n"
	    "override-dependencies = [\"e\"]\n"
	    "package = true\n";
	const char *want[] = { "a==1", "b @ git+https://h/b@1", "esc\\\"aped",
	    "c==1", "d", "e" };
	const int flags[] = { UVDEP_BASIC, 0, UVDEP_BASIC, UVDEP_BASIC,
	    UVDEP_BASIC, UVDEP_BASIC };
	struct uvsrcs u;
	size_t i;

	(void)state;
	assert_int_equal(uvsrc_scan(s, strlen(s), &u), 0);
	assert_int_equal(u.n, 0);
	assert_int_equal(u.ndep, 6);
	for (i = 0; i < 6; i++) {
		assert_int_equal(u.depflags[i], flags[i]);
		assert_int_equal(u.dep[i].b - u.dep[i].a, strlen(want[i]));
		assert_memory_equal(s + u.dep[i].a, want[i], strlen(want[i]));
	}
	uvsrc_free(&u);
}

/* Dotted keys, [tool.uv] sources.NAME, Poetry's git dependencies. */
static void
test_dotted_poetry(void **state)
{
	const char *s =
	    "[tool.uv.sources]\n"
	    "zulip.git = \"https://g/z\"\n"
	    "zulip . tag = 'v1'\n"
	    "[tool.uv]\n"
	    "sources.\"bots\" = { git = \"https://g/z\", rev = \"1\" }\n"
	    "[tool.poetry.dependencies]\n"
	    "python = \"^3.9\"\n"
	    "req = { version = \"^2\", optional = true }\n"
	    "pz = { git = \"https://g/z.git\", tag = \"0.8.2\" }\n"
	    "[tool.poetry.group.dev.dependencies]\n"
	    "pd = [{ git = \"https://g/z\", branch = \"main\" }]\n";
	const char *names[] = { "zulip", "bots", "python", "req", "pz", "pd" };
	struct uvsrcs u;
	size_t i;

	(void)state;
	assert_int_equal(uvsrc_scan(s, strlen(s), &u), 0);
	assert_int_equal(u.n, 6);
	for (i = 0; i < 6; i++)
		assert_string_equal(u.s[i].name, names[i]);
	assert_true(u.s[0].has[UV_GIT] && u.s[0].has[UV_TAG]);
	assert_memory_equal(s + u.s[0].f[UV_TAG].a, "v1", 2);
	assert_true(u.s[1].has[UV_REV]);
	/* Poetry's version constraints, for reqbump to tell pins from ranges */
	assert_true(u.s[2].has[UV_VERSION] && !u.s[2].has[UV_GIT]);
	assert_int_equal(u.s[2].f[UV_VERSION].b - u.s[2].f[UV_VERSION].a, 4);
	assert_memory_equal(s + u.s[2].f[UV_VERSION].a, "^3.9", 4);
	assert_true(u.s[3].has[UV_VERSION]);
	assert_memory_equal(s + u.s[3].f[UV_VERSION].a, "^2\"", 3);
	assert_memory_equal(s + u.s[4].f[UV_TAG].a, "0.8.2", 5);
	assert_true(!u.s[4].has[UV_VERSION]);
	assert_true(u.s[5].has[UV_BRANCH] && !u.s[5].has[UV_TAG]);
	uvsrc_free(&u);
}

static void
test_errors(void **state)
{
	struct uvsrcs u;
	const char *bad[] = {
		"[tool.uv.sources]\na = \"x\"\n",
		"[tool.uv.sources]\na = [\"x\"]\n",
		"[tool.uv.sources]\na = { git = \"x\" tag = \"y\" }\n",
		"[tool.uv.sources]\na = { = \"x\" }\n",
		"[tool.uv.sources\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(uvsrc_scan(bad[i], strlen(bad[i]), &u), -1);
		assert_non_null(u.err);
		assert_true(u.errline == 1 || u.errline == 2);
	}
	assert_int_equal(uvsrc_scan("", 0, &u), 0);
	assert_int_equal(u.n, 0);
	uvsrc_free(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_deps),
		cmocka_unit_test(test_dotted_poetry),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

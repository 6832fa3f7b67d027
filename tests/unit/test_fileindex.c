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

#include "fileindex.h"
#include "util.h"

/* sha256 of "one\n", "two\n" */
#define S1 "2c8b08da5ce60398e1f19af0e5dccc744df274b826abe585eaba68c525434806"
#define S2 "27dd8ed44a83ff94d557f9fd0412ed5a8cbca69ea04922d88c01184a07300a5a"

static char root[256], work[256];

static void
writef(const char *path, const char *s)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(s, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *
slurp(const char *path)
{
	struct buf b = { 0 };

	if (readfile(path, &b, 1 << 20) < 0)
		return NULL;
	buf_add(&b, "", 1);
	return b.p;
}

static int
setup(void **state)
{
	char t[] = "/tmp/relkit-fileindex.XXXXXX";

	(void)state;
	if (!mkdtemp(t))
		return -1;
	snprintf(root, sizeof root, "%s/index", t);
	snprintf(work, sizeof work, "%s", t);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
	return system(cmd) == 0 ? 0 : -1;
}

static void
p(char *out, size_t n, const char *rel)
{
	snprintf(out, n, "%s/%s", work, rel);
}

static void
test_publish_and_read(void **state)
{
	char f1[512], f2[512], page[512], *s;
	struct simple_page pg;
	const struct simple_file *f;
	struct stat st1, st2;

	(void)state;
	p(f1, sizeof f1, "Aloha_Bots-1.0.tar.gz");
	p(f2, sizeof f2, "aloha_bots-1.0-py3-none-any.whl");
	writef(f1, "one\n");
	writef(f2, "two\n");
	/* absent project: an empty page */
	assert_int_equal(fileindex_read(root, "aloha-bots", &pg), 0);
	assert_int_equal(pg.n, 0);
	assert_int_equal(fileindex_publish(root, "Aloha.Bots", f1, S1, "<4,>=3.7"), 0);
	assert_int_equal(fileindex_publish(root, "aloha_bots", f2,
	    "27DD8ED44A83FF94D557F9FD0412ED5A8CBCA69EA04922D88C01184A07300A5A", NULL), 0);
	snprintf(page, sizeof page, "%s/simple/aloha-bots/index.html", root);
	s = slurp(page);
	assert_non_null(s);
	assert_string_equal(s,
	    "<!DOCTYPE html>\n<html>\n<head>\n"
	    "<meta name=\"pypi:repository-version\" content=\"1.0\">\n"
	    "<title>Links for aloha-bots</title>\n</head>\n<body>\n"
	    "<h1>Links for aloha-bots</h1>\n"
	    "<a href=\"Aloha_Bots-1.0.tar.gz#sha256=" S1 "\" data-requires-python=\"&lt;4,&gt;=3.7\">Aloha_Bots-1.0.tar.gz</a><br>\n"
	    "<a href=\"aloha_bots-1.0-py3-none-any.whl#sha256=" S2 "\">aloha_bots-1.0-py3-none-any.whl</a><br>\n"
	    "</body>\n</html>\n");
	free(s);
	snprintf(page, sizeof page, "%s/simple/index.html", root);
	s = slurp(page);
	assert_non_null(strstr(s, "<a href=\"aloha-bots/\">aloha-bots</a><br>\n"));
	free(s);
	assert_int_equal(fileindex_read(root, "ALOHA-bots", &pg), 0);
	assert_int_equal(pg.n, 2);
	f = simple_find(&pg, "Aloha_Bots-1.0.tar.gz");
	assert_non_null(f);
	assert_string_equal(f->sha256, S1);
	assert_string_equal(f->requires_python, "<4,>=3.7");
	assert_string_equal(f->url, "Aloha_Bots-1.0.tar.gz");
	f = simple_find(&pg, "aloha_bots-1.0-py3-none-any.whl");
	assert_string_equal(f->sha256, S2);
	assert_null(f->requires_python);
	simple_free(&pg);

	/* the same file again: 1, nothing rewritten */
	snprintf(page, sizeof page, "%s/simple/aloha-bots/index.html", root);
	assert_int_equal(stat(page, &st1), 0);
	assert_int_equal(fileindex_publish(root, "aloha-bots", f1, S1, NULL), 1);
	assert_int_equal(fileindex_publish(root, "aloha-bots", f1, NULL, NULL), 1);
	assert_int_equal(stat(page, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);

	/* other bytes under the same name: a clash, the index unchanged */
	writef(f1, "other\n");
	assert_int_equal(fileindex_publish(root, "aloha-bots", f1, NULL, NULL), -1);
	snprintf(page, sizeof page, "%s/simple/aloha-bots/Aloha_Bots-1.0.tar.gz", root);
	s = slurp(page);
	assert_string_equal(s, "one\n");
	free(s);
	/* the page keeps requires-python of the files it lists */
	p(f2, sizeof f2, "aloha_bots-2.0.tar.gz");
	writef(f2, "two\n");
	assert_int_equal(fileindex_publish(root, "aloha-bots", f2, S2, ">=3.8"), 0);
	assert_int_equal(fileindex_read(root, "aloha-bots", &pg), 0);
	assert_int_equal(pg.n, 3);
	assert_string_equal(simple_find(&pg, "Aloha_Bots-1.0.tar.gz")->requires_python, "<4,>=3.7");
	assert_string_equal(simple_find(&pg, "aloha_bots-2.0.tar.gz")->requires_python, ">=3.8");
	simple_free(&pg);
}

static int
countdots(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") &&
		    strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void
test_errors(void **state)
{
	char f1[512], dir[512], x[600];
	struct simple_page pg;

	(void)state;
	p(f1, sizeof f1, "x-1.0.tar.gz");
	writef(f1, "one\n");
	/* the content does not match the sha256 given: nothing left behind */
	assert_int_equal(fileindex_publish(root, "x", f1, S2, NULL), -1);
	snprintf(dir, sizeof dir, "%s/simple/x", root);
	assert_int_equal(countdots(dir), 0);
	snprintf(x, sizeof x, "%s/x-1.0.tar.gz", dir);
	assert_int_equal(access(x, F_OK), -1);
	assert_int_equal(fileindex_publish(root, "x", f1, "abc", NULL), -1);
	assert_int_equal(fileindex_publish(root, "x", f1, S1 "0", NULL), -1);
	assert_int_equal(fileindex_publish(root, "-x", f1, S1, NULL), -1);
	assert_int_equal(fileindex_publish(root, "x y", f1, S1, NULL), -1);
	assert_int_equal(fileindex_read(root, "x y", &pg), -1);
	p(x, sizeof x, ".hidden");
	writef(x, "one\n");
	assert_int_equal(fileindex_publish(root, "x", x, S1, NULL), -1);
	p(x, sizeof x, "index.html");
	writef(x, "one\n");
	assert_int_equal(fileindex_publish(root, "x", x, S1, NULL), -1);
	p(x, sizeof x, "absent.tar.gz");
	assert_int_equal(fileindex_publish(root, "x", x, S1, NULL), -1);
	assert_int_equal(fileindex_publish(root, "x", x, NULL, NULL), -1);
	/* a root that is a file */
	p(x, sizeof x, "plain");
	writef(x, "");
	assert_int_equal(fileindex_publish(x, "x", f1, S1, NULL), -1);
	/* a page that does not parse */
	assert_int_equal(fileindex_publish(root, "x", f1, S1, NULL), 0);
	snprintf(x, sizeof x, "%s/index.html", dir);
	writef(x, "<a href=\"x-1.0.tar.gz#sha256=bad\">x-1.0.tar.gz</a>");
	assert_int_equal(fileindex_read(root, "x", &pg), -1);
	assert_int_equal(fileindex_publish(root, "x", f1, S1, NULL), -1);
}

static void
test_recovery(void **state)
{
	char f1[512], x[600], *s;
	struct simple_page pg;

	(void)state;
	/* a file in the directory but on no page (an interrupted publish,
	 * or dropped in by hand): same bytes are listed, other bytes clash */
	snprintf(x, sizeof x, "%s", root);
	mkdir(x, 0777);
	snprintf(x, sizeof x, "%s/simple", root);
	mkdir(x, 0777);
	snprintf(x, sizeof x, "%s/simple/y", root);
	mkdir(x, 0777);
	snprintf(x, sizeof x, "%s/simple/y/y-1.0.tar.gz", root);
	writef(x, "one\n");
	snprintf(x, sizeof x, "%s/simple/y/y-0.9.tar.gz", root);
	writef(x, "two\n");
	p(f1, sizeof f1, "y-1.0.tar.gz");
	writef(f1, "two\n");
	assert_int_equal(fileindex_publish(root, "y", f1, NULL, NULL), -1);
	writef(f1, "one\n");
	assert_int_equal(fileindex_publish(root, "y", f1, NULL, "&"), 0);
	assert_int_equal(fileindex_read(root, "y", &pg), 0);
	assert_int_equal(pg.n, 2);
	assert_string_equal(pg.f[0].filename, "y-0.9.tar.gz");
	assert_string_equal(pg.f[0].sha256, S2);
	assert_string_equal(pg.f[1].sha256, S1);
	assert_string_equal(pg.f[1].requires_python, "&");
	simple_free(&pg);
	snprintf(x, sizeof x, "%s/simple/index.html", root);
	s = slurp(x);
	assert_non_null(strstr(s, "<a href=\"y/\">y</a>"));
	free(s);
}

static void
test_big(void **state)
{
	char f1[512], x[600], cmd[1200];
	FILE *fp;
	size_t i;
	static char block[1 << 16];

	(void)state;
	/* several copy chunks, and a name that needs escaping in a URL */
	p(f1, sizeof f1, "z-1.0+x y.tar.gz");
	fp = fopen(f1, "w");
	assert_non_null(fp);
	for (i = 0; i < sizeof block; i++)
		block[i] = (char)(i * 7 + 3);
	for (i = 0; i < 50; i++)
		fwrite(block, 1, sizeof block, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(fileindex_publish(root, "z", f1, NULL, NULL), 0);
	snprintf(x, sizeof x, "%s/simple/z/z-1.0+x y.tar.gz", root);
	snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", f1, x);
	assert_int_equal(system(cmd), 0);
	snprintf(x, sizeof x, "%s/simple/z/index.html", root);
	{
		char *s = slurp(x);
		assert_non_null(strstr(s, "<a href=\"z-1.0+x%20y.tar.gz#sha256="));
		free(s);
	}
}

/* pip installs from the file:// index, in a fresh venv. */
static void
test_pip(void **state)
{
	const char *py = getenv("PYTHON");
	char whl[512], cmd[4096], shaf[512], sha[80] = "", log[512];
	FILE *fp;
	int r;

	(void)state;
	if (!py || !*py || access(py, X_OK) < 0 || getenv("RELKIT_NO_PIP"))
		skip();
	p(whl, sizeof whl, "relkit_fi-1.0-py3-none-any.whl");
	p(shaf, sizeof shaf, "whl.sha");
	p(log, sizeof log, "pip.log");
	snprintf(cmd, sizeof cmd,
	    "timeout 60 '%s' - '%s' '%s' >'%s' 2>&1 <<'EOF'\n"
	    "import hashlib, sys, zipfile\n"
	    "d = 'relkit_fi-1.0.dist-info/'\n"
	    "with zipfile.ZipFile(sys.argv[1], 'w') as z:\n"
	    "    z.writestr('relkit_fi.py', 'VALUE = 7\\n')\n"
	    "    z.writestr(d + 'METADATA', 'Metadata-Version: 2.1\\nName: relkit-fi\\nVersion: 1.0\\nRequires-Python: >=3.7\\n')\n"
	    "    z.writestr(d + 'WHEEL', 'Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n')\n"
	    "    z.writestr(d + 'RECORD', '')\n"
	    "open(sys.argv[2], 'w').write(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())\n"
	    "EOF\n", py, whl, shaf, log);
	assert_int_equal(system(cmd), 0);
	fp = fopen(shaf, "r");
	assert_non_null(fp);
	assert_non_null(fgets(sha, sizeof sha, fp));
	fclose(fp);
	assert_int_equal(fileindex_publish(root, "relkit.FI", whl, sha, ">=3.7"), 0);
	snprintf(cmd, sizeof cmd,
	    "cd '%s' && timeout 120 '%s' -m venv venv >>'%s' 2>&1 && "
	    "PIP_CONFIG_FILE=/dev/null timeout 120 venv/bin/python -m pip --disable-pip-version-check "
	    "--no-cache-dir install --index-url 'file://%s/simple/' relkit-fi==1.0 >>'%s' 2>&1 && "
	    "test \"$(venv/bin/python -c 'import relkit_fi; print(relkit_fi.VALUE)')\" = 7",
	    work, py, log, root, log);
	r = system(cmd);
	if (r != 0) {
		char *s = slurp(log);
		fprintf(stderr, "# pip: %s\n", s ? s : "(no log)");
		free(s);
	}
	assert_int_equal(r, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_publish_and_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recovery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pip, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

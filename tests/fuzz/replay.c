/* relkit — MIT licence, see LICENSE. */
/* A main for the fuzz harnesses without libFuzzer: runs the harness once
 * on each FILE (or every file of a directory). make check uses it to
 * replay the seed corpora and every input a fuzzer once broke. */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "util.h"

static int
one(const char *path)
{
	struct buf b = { 0 };

	if (readfile(path, &b, (size_t)64 << 20) < 0)
		return -1;
	/* An empty input still gets a valid, distinct pointer. */
	buf_grow(&b, 1);
	LLVMFuzzerTestOneInput((const uint8_t *)b.p, b.len);
	buf_free(&b);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct stat st;
	int i, ret = 0, n = 0;

	setprogname(argv[0]);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *e;
			struct buf p = { 0 };

			if (!d) {
				weprintf("%s:", argv[i]);
				ret = 2;
				continue;
			}
			while ((e = readdir(d))) {
				if (e->d_name[0] == '.')
					continue;
				p.len = 0;
				buf_addf(&p, "%s/%s", argv[i], e->d_name);
				if (one(p.p) < 0)
					ret = 2;
				n++;
			}
			closedir(d);
			buf_free(&p);
		} else {
			if (one(argv[i]) < 0)
				ret = 2;
			n++;
		}
	}
	printf("%d inputs\n", n);
	return ret;
}

/* relkit — MIT licence, see LICENSE. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "child.h"
#include "sign.h"
#include "util.h"

int
sign_file(const char *sign_with, const char *identity, const char *path)
{
	char *argv[8];
	int i = 0, st;

	argv[i++] = (char *)sign_with;
	argv[i++] = "--detach-sign";
	if (identity) {
		argv[i++] = "--local-user";
		argv[i++] = (char *)identity;
	}
	argv[i++] = "-a";
	argv[i++] = (char *)path;
	argv[i] = NULL;
	if (strcmp(sign_with, "gpg") == 0) {
		/* twine's fallback; PATH is searched first rather than a
		 * failed spawn's ENOENT trusted, which not every posix_spawn
		 * reports (valgrind's, for one) */
		char *gpg = onpath("gpg");

		if (!gpg) {
			weprintf("warning: gpg is not on PATH; trying gpg2");
			argv[0] = (char *)(sign_with = "gpg2");
		}
		free(gpg);
	}
	if ((st = child_run(argv, NULL, 0, NULL, 0, 0)) == -1) {
		weprintf("%s:", sign_with);
		return -1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		weprintf("%s: %s failed to sign it", path, sign_with);
		return -1;
	}
	return 0;
}

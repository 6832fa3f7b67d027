/* relkit — MIT licence, see LICENSE. */
/* .pypirc files on arbitrary bytes: pypirc_parse directly (every key it
 * gives is found again by pypirc_get, lowered, with no NUL in its name),
 * then through repo_resolve, the first byte picking the repository asked
 * for. Whatever resolves has an upload URL that is https, loopback http
 * or a file: URL naming an absolute directory. */
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "pypirc.h"
#include "repo.h"

static char path[] = "/tmp/relkit-fuzz-pypirc-XXXXXX";

static void
cleanup(void)
{
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *names[] = { NULL, "pypi", "testpypi", "local", "a b" };
	static int fd = -1;
	struct repo_opts o;
	struct repo r;

	struct pypirc c;
	const char *why;
	size_t line, i, j;

	if (size < 1)
		return 0;
	if (pypirc_parse((const char *)data + 1, size - 1, &c, &line, &why) == 0) {
		for (i = 0; i <= c.nsecs; i++) {
			const struct pypirc_section *s = i < c.nsecs ? &c.secs[i] :
			                                 &c.defaults;

			for (j = 0; j < s->nkeys; j++) {
				const struct pypirc_key *k = pypirc_get(&c,
				    i < c.nsecs ? s->name : "DEFAULT", s->keys[j].name);

				/* names holding NUL cannot be asked for by C string */
				if (strlen(s->keys[j].name) == s->keys[j].nlen &&
				    (i == c.nsecs || strlen(s->name) == s->nlen))
					FUZZ_ASSERT(k == &s->keys[j]);
				FUZZ_ASSERT(s->keys[j].line >= 1 && s->keys[j].line <= size);
				FUZZ_ASSERT(strlen(s->keys[j].value) <= s->keys[j].vlen);
				for (size_t m = 0; m < s->keys[j].nlen; m++)
					FUZZ_ASSERT(s->keys[j].name[m] < 'A' ||
					            s->keys[j].name[m] > 'Z');
			}
		}
		pypirc_free(&c);
	} else
		FUZZ_ASSERT(why && line >= 1 && line <= size);
	if (fd < 0) {
		fd = mkstemp(path);
		FUZZ_ASSERT(fd >= 0);
		fchmod(fd, 0600);
		atexit(cleanup);
	}
	FUZZ_ASSERT(ftruncate(fd, 0) == 0);
	FUZZ_ASSERT(pwrite(fd, data + 1, size - 1, 0) == (ssize_t)(size - 1));
	memset(&o, 0, sizeof o);
	o.name = names[data[0] % 5];
	o.config_file = path;
	memset(&r, 0, sizeof r);
	if (repo_resolve(&o, &r) == 0) {
		FUZZ_ASSERT(r.upload_url != NULL);
		if (!strncasecmp(r.upload_url, "file:", 5))
			FUZZ_ASSERT(r.file_root && r.file_root[0] == '/');
		else
			FUZZ_ASSERT(!strncasecmp(r.upload_url, "https://", 8) ||
			            repo_url_is_loopback(r.upload_url));
		(void)repo_need_credentials(&r);
		repo_free(&r);
	}
	return 0;
}

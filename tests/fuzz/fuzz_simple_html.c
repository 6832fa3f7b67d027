/* relkit — MIT licence, see LICENSE. */
/* PEP 503 HTML project pages on arbitrary bytes. */
#include <string.h>

#include "fuzz.h"
#include "simple.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct simple_page p;
	const char *err = NULL;
	char *src;
	size_t i;

	src = calloc(size ? size : 1, 1);
	memcpy(src, data, size);
	memset(&p, 0, sizeof p);
	if (simple_parse_html(src, size, &p, &err) == 0) {
		for (i = 0; i < p.n; i++) {
			FUZZ_ASSERT(p.f[i].filename && p.f[i].url);
			FUZZ_ASSERT(strlen(p.f[i].sha256) == 0 || strlen(p.f[i].sha256) == 64);
			FUZZ_ASSERT(simple_find(&p, p.f[i].filename) != NULL);
		}
	} else {
		FUZZ_ASSERT(err != NULL && p.n == 0);
	}
	simple_free(&p);
	{
		/* Escaping what was read gives text without markup. */
		struct buf b = { 0 };
		char *t = strndup(src, size);

		simple_escape(&b, t);
		FUZZ_ASSERT(b.len == 0 || !memchr(b.p, '<', b.len));
		FUZZ_ASSERT(b.len == 0 || !memchr(b.p, '"', b.len));
		buf_free(&b);
		free(t);
	}
	free(src);
	return 0;
}

/* relkit — MIT licence, see LICENSE. */
/* The forge's parsers on arbitrary bytes: a remote URL gives a host and
 * a path of owner/name shape or a reason; an API answer's message is one
 * line without control characters; a rate-limit wait is bounded. */
#include <string.h>

#include "forge.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct forge_remote r;
	const char *why = NULL, *p;
	char *s, *m;
	long w;

	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (forge_parse_remote(s, &r, &why) == 0) {
		FUZZ_ASSERT(r.host && *r.host && r.path);
		FUZZ_ASSERT(forge_path_ok(FORGE_GITLAB, r.path, &why) == 0);
		for (p = r.path; *p; p++)
			FUZZ_ASSERT(*p > ' ' && *p < 0x7f && *p != '@' && *p != ':');
		forge_remote_free(&r);
	} else
		FUZZ_ASSERT(why && !r.host && !r.path);
	m = forge_message((const char *)data, size);
	if (m) {
		for (p = m; *p; p++)
			FUZZ_ASSERT((unsigned char)*p >= ' ' && *p != 0x7f);
		free(m);
	} else /* no words, and the body's first line empty */
		FUZZ_ASSERT(size == 0 || data[0] == '\n' || data[0] == '\0');
	/* the first half as Retry-After, the rest as a reset time */
	w = forge_ratelimit_wait(429, s, "0", s + size / 2, 1000);
	FUZZ_ASSERT(w >= 0 && w <= 86400);
	w = forge_ratelimit_wait(403, NULL, s, s + size / 2, 1000);
	FUZZ_ASSERT(w >= -1 && w <= 86400);
	free(s);
	return 0;
}

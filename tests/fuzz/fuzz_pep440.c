/* relkit — MIT licence, see LICENSE. */
/* PEP 440 on arbitrary strings: a version that parses formats into a
 * normal form that parses again to the same version, and normalising is
 * idempotent. */
#include <string.h>

#include "fuzz.h"
#include "pep440.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pep440 v, w;
	const char *why;
	char *s, out[256], again[256];

	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (pep440_parse(s, &v, &why) == 0) {
		pep440_format(&v, out, sizeof out);
		FUZZ_ASSERT(strlen(out) < sizeof out);
		FUZZ_ASSERT(pep440_parse(out, &w, &why) == 0);
		FUZZ_ASSERT(pep440_cmp(&v, &w) == 0);
		pep440_format(&w, again, sizeof again);
		FUZZ_ASSERT(strcmp(out, again) == 0);
		FUZZ_ASSERT(pep440_normalize(s, again, sizeof again, &why) == 0);
		FUZZ_ASSERT(strcmp(out, again) == 0);
		/* Small buffers truncate, never overflow. */
		pep440_format(&v, again, 8);
		FUZZ_ASSERT(strlen(again) < 8);
	} else {
		FUZZ_ASSERT(why != NULL);
	}
	free(s);
	return 0;
}

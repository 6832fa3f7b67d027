/* relkit — MIT licence, see LICENSE. */
/* PEP 440 on arbitrary strings: a version that parses formats into a
 * normal form that parses again to the same version, and normalising is
 * idempotent; the same bytes as a specifier set, against a few versions,
 * answer 1, 0 or -1 and never read past them; a set of one exact clause
 * holds its own version. */
#include <stdio.h>
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
	{
		static const char *const vs[] = { "0", "1.0", "1.0rc1",
		    "1.0.post1", "2!1.0.dev3", "1.0+loc", NULL };
		size_t i;
		char *spec = malloc(size ? size : 1);

		/* not NUL-terminated: a read past size is a finding */
		memcpy(spec, data, size);
		for (i = 0; vs[i]; i++) {
			int r;
			FUZZ_ASSERT(pep440_parse(vs[i], &w, &why) == 0);
			r = pep440_spec_contains(spec, size, &w);
			FUZZ_ASSERT(r == 1 || r == 0 || r == -1);
		}
		free(spec);
		if (pep440_parse(s, &v, &why) == 0 && !strpbrk(s, ", \t") &&
		    size < 200) {
			char eq[256];
			snprintf(eq, sizeof eq, "==%s", s);
			FUZZ_ASSERT(pep440_spec_contains(eq, strlen(eq), &v) == 1);
		}
	}
	free(s);
	return 0;
}

/* relkit — MIT licence, see LICENSE. */
/* PEP 503 / PEP 508 names on arbitrary bytes: normalising is idempotent,
 * truncation is safe, and a name equals its own normal form. */
#include <string.h>

#include "fuzz.h"
#include "pyname.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *out, *again, small[4];
	size_t n, m;

	s = calloc(size ? size : 1, 1);
	if (size)
		memcpy(s, data, size);
	out = malloc(size + 1);
	again = malloc(size + 1);
	n = pep503_normalize(s, size, out, size + 1);
	FUZZ_ASSERT(n <= size);
	/* Names come from C strings: a NUL ends the visible name. */
	if (!memchr(s, '\0', size))
		FUZZ_ASSERT(strlen(out) == n);
	m = pep503_normalize(out, n, again, size + 1);
	FUZZ_ASSERT(m == n && memcmp(out, again, n) == 0);
	FUZZ_ASSERT(pep503_eq(s, size, out, n));
	FUZZ_ASSERT(pep503_normalize(s, size, small, sizeof small) == n);
	FUZZ_ASSERT(memchr(small, '\0', sizeof small) != NULL);
	if (pep508_valid_name(s, size))
		FUZZ_ASSERT(size > 0);
	free(s);
	free(out);
	free(again);
	return 0;
}

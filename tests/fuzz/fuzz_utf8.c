/* relkit — MIT licence, see LICENSE. */
/* UTF-8 on arbitrary bytes: utf8_valid agrees with a walk of
 * utf8_decode, a decoded sequence is never longer than what is there, and
 * it encodes back to the same bytes; bounded decoding ignores what is past
 * the bound. */
#include <string.h>

#include "fuzz.h"
#include "utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i = 0, k, m;
	uint32_t c;
	char u[4];
	int ok = 1;

	while (i < size) {
		k = utf8_decode(data + i, size - i, &c);
		if (k == 0) {
			ok = 0;
			i++;
			continue;
		}
		FUZZ_ASSERT(k <= 4 && k <= size - i);
		FUZZ_ASSERT(c <= 0x10ffff && (c < 0xd800 || c > 0xdfff));
		m = utf8_encode(u, c);
		FUZZ_ASSERT(m == k && memcmp(u, data + i, k) == 0);
		FUZZ_ASSERT(utf8_decode(data + i, k, NULL) == k);
		FUZZ_ASSERT(utf8_decode(data + i, k - 1 ? k - 1 : 1, NULL) ==
		    (k == 1 ? 1 : 0));
		i += k;
	}
	FUZZ_ASSERT(utf8_valid(data, size) == ok);
	return 0;
}

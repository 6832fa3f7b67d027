/* relkit — MIT licence, see LICENSE. */
/* Kept readme_renderer verdicts (the cache's entries) on arbitrary bytes:
 * a verdict is 0 or 1 only for an entry with stamps that all hold, and
 * its message is one line taken from the entry. */
#include <string.h>

#include "fuzz.h"
#include "rst.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf why = { 0 };
	int v = rst_entry((const char *)data, size, &why);

	FUZZ_ASSERT(v >= -1 && v <= 1);
	if (v < 0)
		FUZZ_ASSERT(why.len == 0);
	else {
		FUZZ_ASSERT(size >= 4 && data[0] == '0' + v && data[1] == '\n');
		FUZZ_ASSERT(why.len + 2 < size);
		FUZZ_ASSERT(!memchr(why.p ? why.p : "", '\n', why.len));
		FUZZ_ASSERT(why.len == 0 || !memcmp(why.p, data + 2, why.len));
	}
	buf_free(&why);
	return 0;
}

/* relkit — MIT licence, see LICENSE. */
/* A wheel's RECORD (CSV) on arbitrary bytes. */
#include <string.h>

#include "fuzz.h"
#include "record.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record r;
	const char *err = NULL;
	size_t errline = 0, i;
	char *src, *enc;

	src = calloc(size ? size : 1, 1);
	memcpy(src, data, size);
	if (record_parse(src, size, &r, &errline, &err) == 0) {
		for (i = 0; i < r.n; i++) {
			FUZZ_ASSERT(r.e[i].path && r.e[i].algo && r.e[i].hash);
			FUZZ_ASSERT(r.e[i].size >= -1 && r.e[i].line >= 1);
		}
		record_free(&r);
	} else {
		FUZZ_ASSERT(err != NULL && errline >= 1);
	}
	enc = malloc(size * 4 / 3 + 4);
	b64url_nopad((const unsigned char *)src, size, enc);
	FUZZ_ASSERT(strlen(enc) == (size * 4 + 2) / 3);
	FUZZ_ASSERT(!strpbrk(enc, "+/="));
	free(enc);
	free(src);
	return 0;
}

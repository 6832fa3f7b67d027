/* relkit — MIT licence, see LICENSE. */
/* Changelog sections on arbitrary bytes: the first line is the version,
 * the rest the changelog, read in each syntax; a section found lies
 * inside the text, after its heading, and is not blank at either end. */
#include <string.h>

#include "fuzz.h"
#include "notes.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nl = memchr(s, '\n', size);
	size_t vn = nl ? (size_t)(nl - s) : size, a, b, line, n;
	char *v = malloc(vn + 1);
	int syn;

	memcpy(v, s, vn);
	v[vn] = '\0';
	s = nl ? nl + 1 : s + size;
	n = size - (size_t)(s - (const char *)data);
	for (syn = NOTES_AUTO; syn <= NOTES_RST; syn++) {
		if (!notes_section(s, n, v, syn, &a, &b, &line))
			continue;
		FUZZ_ASSERT(a < b && b <= n && line >= 1);
		FUZZ_ASSERT(s[a] != '\n' && s[b - 1] != '\n');
		FUZZ_ASSERT(a > 0 && memchr(s, '\n', a) != NULL);
		FUZZ_ASSERT(strlen(v) > 0);
	}
	notes_heading_has(s, n, v);
	free(v);
	return 0;
}

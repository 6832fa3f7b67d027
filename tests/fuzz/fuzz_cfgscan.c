/* relkit — MIT licence, see LICENSE. */
/* The TOML/INI key scanner on arbitrary bytes; the first byte picks the
 * syntax. Every key and value span lies inside the input. */
#include <string.h>

#include "cfgscan.h"
#include "fuzz.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfgscan cs;
	enum cfgsyntax syn;
	char *src;
	size_t i;

	if (size < 1)
		return 0;
	syn = data[0] & 1 ? CFG_INI : CFG_TOML;
	data++, size--;
	src = calloc(size ? size : 1, 1);
	if (size)
		memcpy(src, data, size);
	memset(&cs, 0, sizeof cs);
	if (cfgscan(src, size, syn, &cs) == 0) {
		for (i = 0; i < cs.n; i++) {
			const struct cfgkey *k = &cs.k[i];

			FUZZ_ASSERT(k->table != NULL);
			FUZZ_ASSERT(k->key >= src && k->key + k->keylen <= src + size);
			FUZZ_ASSERT(k->val <= k->valend && k->valend <= size);
			FUZZ_ASSERT(k->line >= 1 &&
			            (k->inl || k->line == lineno_at(src, (size_t)(k->key - src))));
			FUZZ_ASSERT(k->path != NULL);
			if (k->isstring) {
				struct buf b = { 0 };
				size_t *map = NULL, j;
				FUZZ_ASSERT(k->str <= k->strend && k->strend <= size);
				if (syn == CFG_TOML &&
				    toml_unescape(src, k->str, k->strend, k->basic, 0,
				                  &b, &map) == 0) {
					for (j = 0; j < b.len; j++)
						FUZZ_ASSERT(map[j] == CFG_ESCAPED ||
						            (map[j] >= k->str &&
						             map[j] < k->strend &&
						             src[map[j]] == b.p[j]));
					FUZZ_ASSERT(map[b.len] == k->strend);
				}
				free(map);
				buf_free(&b);
			}
			(void)cfgkey_is(k, "version");
		}
	} else {
		FUZZ_ASSERT(cs.err != NULL && cs.errline >= 1);
	}
	cfgscan_free(&cs);
	free(src);
	return 0;
}

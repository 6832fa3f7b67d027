/* relkit — MIT licence, see LICENSE. */
/* [tool.uv.sources] of a pyproject.toml on arbitrary bytes: every field
 * span lies inside the input. */
#include <string.h>

#include "fuzz.h"
#include "uvsrc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uvsrcs u;
	char *src;
	size_t i;
	int k;

	src = calloc(size ? size : 1, 1);
	memcpy(src, data, size);
	memset(&u, 0, sizeof u);
	if (uvsrc_scan(src, size, &u) == 0) {
		for (i = 0; i < u.n; i++) {
			FUZZ_ASSERT(u.s[i].name != NULL && u.s[i].off <= size);
			for (k = 0; k < UV_NFIELD; k++)
				if (u.s[i].has[k])
					FUZZ_ASSERT(u.s[i].f[k].a <= u.s[i].f[k].b &&
					            u.s[i].f[k].b <= size);
		}
	} else {
		FUZZ_ASSERT(u.err != NULL && u.errline >= 1);
	}
	uvsrc_free(&u);
	free(src);
	return 0;
}

/* relkit — MIT licence, see LICENSE. */
/* [tool.uv.sources] of a pyproject.toml on arbitrary bytes: every field
 * span lies inside the input. */
#include <string.h>

#include "fuzz.h"
#include "cfgscan.h"
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
		for (i = 0; i < u.ndep; i++) {
			struct buf b = { 0 };
			size_t *map = NULL;

			FUZZ_ASSERT(u.dep[i].a <= u.dep[i].b && u.dep[i].b <= size);
			if (toml_unescape(src, u.dep[i].a, u.dep[i].b,
			                  u.depflags[i] & UVDEP_BASIC,
			                  u.depflags[i] & UVDEP_MULTI, &b, &map) == 0)
				FUZZ_ASSERT(map[b.len] == u.dep[i].b);
			free(map);
			buf_free(&b);
		}
	} else {
		FUZZ_ASSERT(u.err != NULL && u.errline >= 1);
	}
	uvsrc_free(&u);
	free(src);
	return 0;
}

/* relkit — MIT licence, see LICENSE. */
/* The Python assignment scanner on arbitrary bytes: every span it returns
 * lies inside the input, in order, and the literal test never reads past
 * the span it is given. */
#include <string.h>

#include "fuzz.h"
#include "pyscan.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pyscan ps;
	char *src;
	size_t i;

	/* An exact-size copy, so ASan sees any read past the end. */
	src = calloc(size ? size : 1, 1);
	if (size)
		memcpy(src, data, size);
	memset(&ps, 0, sizeof ps);
	if (pyscan(src, size, &ps) == 0) {
		for (i = 0; i < ps.n; i++) {
			const struct pyassign *a = &ps.a[i];

			FUZZ_ASSERT(a->name >= src && a->namelen > 0);
			FUZZ_ASSERT(a->off == (size_t)(a->name - src));
			FUZZ_ASSERT(a->off + a->namelen <= size);
			FUZZ_ASSERT(a->val <= a->valend && a->valend <= size);
			/* lines count LF, CRLF and lone CR: never fewer than LFs */
			FUZZ_ASSERT(a->line >= 1 && a->line >= lineno_at(src, a->off));
			if (a->kind == PV_STRING)
				FUZZ_ASSERT(a->val <= a->str && a->str <= a->strend &&
				            a->strend <= a->valend);
			if (a->kind == PV_STRING) {
				struct buf b = { 0 };
				(void)py_unescape(src + a->str, a->strend - a->str,
				                  a->raw, &b);
				buf_free(&b);
			}
			/* "X += 1" binds X to an expression, not to its literal */
			if (!a->augmented && py_is_literal(src + a->val, a->valend - a->val))
				FUZZ_ASSERT(a->kind != PV_OTHER && a->kind != PV_NAME);
		}
	} else {
		FUZZ_ASSERT(ps.err != NULL);
		FUZZ_ASSERT(ps.errline >= 1);
	}
	pyscan_free(&ps);
	(void)py_is_literal(src, size);
	free(src);
	return 0;
}

/* relkit — MIT licence, see LICENSE. */
/* Core metadata (PKG-INFO, METADATA) on arbitrary bytes, then PyPI's
 * offline metadata checks and the upload form built from what parsed. */
#include <string.h>

#include "form.h"
#include "fuzz.h"
#include "meta.h"
#include "pypirules.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct meta m;
	struct buf msg = { 0 };
	struct form form = { 0 };
	struct digests dg;
	const char *err = NULL;
	size_t errline = 0, i;
	char *src, pyv[64];

	src = calloc(size ? size : 1, 1);
	memcpy(src, data, size);
	if (meta_parse(src, size, &m, &errline, &err) == 0) {
		for (i = 0; i < m.n; i++) {
			FUZZ_ASSERT(m.f[i].name && m.f[i].value);
			FUZZ_ASSERT(m.f[i].line >= 1);
			FUZZ_ASSERT(meta_get(&m, m.f[i].name) != NULL);
			FUZZ_ASSERT(meta_count(&m, m.f[i].name) >= 1);
		}
		(void)pyrule_meta(&m, &msg);
		if (meta_get(&m, "Name") && meta_get(&m, "Version")) {
			(void)pyrule_filename("x-1.0-py3-none-any.whl", DIST_WHEEL,
			                      meta_get(&m, "Name"), meta_get(&m, "Version"),
			                      pyv, sizeof pyv, &msg);
			(void)pyrule_filename("x-1.0.tar.gz", DIST_SDIST,
			                      meta_get(&m, "Name"), meta_get(&m, "Version"),
			                      pyv, sizeof pyv, &msg);
		}
		memset(&dg, 0, sizeof dg);
		strcpy(dg.sha256, "0");
		strcpy(dg.blake2_256, "0");
		pyrule_form(&m, DIST_WHEEL, "py3", &dg, &form);
		form_free(&form);
		meta_free(&m);
	} else {
		FUZZ_ASSERT(err != NULL && errline >= 1);
		FUZZ_ASSERT(m.n == 0);
	}
	buf_free(&msg);
	free(src);
	return 0;
}

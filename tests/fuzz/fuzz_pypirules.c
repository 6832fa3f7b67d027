/* relkit — MIT licence, see LICENSE. */
/* The string validators of PyPI's rules on arbitrary bytes: PEP 508
 * requirements and specifier sets, SPDX expressions, URLs and e-mail
 * addresses, wheel platform tags, the Description dedent, and the same
 * bytes read as a trove-classifiers list. */
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "fuzz.h"
#include "meta.h"
#include "pep508.h"
#include "pypirules.h"
#include "spdx.h"
#include "trove.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	const char *why = NULL;
	char *s, addr[512], *d;
	struct trove t;
	size_t i;
	int url;
	FILE *fp;

	s = calloc(size + 1, 1);
	memcpy(s, data, size);
	if (!pep508_req_ok(s, &url, &why))
		FUZZ_ASSERT(why != NULL);
	why = NULL;
	if (!pep508_specset_ok(s, &why))
		FUZZ_ASSERT(why != NULL);
	why = NULL;
	if (!spdx_ok(s, &why))
		FUZZ_ASSERT(why != NULL);
	(void)addr_url_ok(s);
	if (addr_email_of(s, addr, sizeof addr)) {
		FUZZ_ASSERT(strlen(addr) > 0);
		why = NULL;
		if (!addr_email_ok(addr, &why))
			FUZZ_ASSERT(why != NULL);
	}
	(void)pyrule_platform_ok(s);
	d = meta_dedent(s);
	FUZZ_ASSERT(strlen(d) <= strlen(s));
	free(d);
	if (!*path) {
		snprintf(path, sizeof path, "/tmp/relkit-fuzz-trove.%ld",
		         (long)getpid());
		setenv("RELKIT_TROVE", path, 1);
	}
	if ((fp = fopen(path, "w")) != NULL) {
		fwrite(data, 1, size, fp);
		fclose(fp);
		if (trove_load(&t) == 0) {
			FUZZ_ASSERT(t.n > 0);
			for (i = 0; i < t.n; i++)
				FUZZ_ASSERT(trove_known(&t, t.c[i]));
			for (i = 0; i < t.ndep; i++)
				FUZZ_ASSERT(trove_deprecated(&t, t.dep[i]) != NULL);
			trove_free(&t);
		}
		unlink(path);
	}
	free(s);
	return 0;
}

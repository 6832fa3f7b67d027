/* relkit — MIT licence, see LICENSE. */
/* The string validators of PyPI's rules on arbitrary bytes: PEP 508
 * requirements and specifier sets, SPDX expressions, URLs and e-mail
 * addresses, wheel platform tags, the Description dedent, and the same
 * bytes read as a trove-classifiers list and as an SPDX list (packaging's
 * _spdx.py and a JSON array), each identifier read back as known. */
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
	static char path[64], spy[64], sjs[64];
	static const char *const lists[] = { spy, sjs };
	struct spdx_list l;
	char out[256];
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
	if (!*spy) {
		snprintf(spy, sizeof spy, "/tmp/relkit-fuzz-spdx.%ld.py",
		         (long)getpid());
		snprintf(sjs, sizeof sjs, "/tmp/relkit-fuzz-spdx.%ld.json",
		         (long)getpid());
	}
	for (i = 0; i < 2; i++) {
		if ((fp = fopen(lists[i], "w")) == NULL)
			continue;
		fwrite(data, 1, size, fp);
		fclose(fp);
		setenv("RELKIT_SPDX", lists[i], 1);
		if (spdx_load(&l) == 0) {
			size_t k;

			FUZZ_ASSERT(l.n > 0);
			FUZZ_ASSERT(l.pypi == (i == 0));
			/* an identifier that is one token of an expression */
			for (k = 0; k < l.n; k++)
				if (spdx_ok(l.id[k], &why) && !strpbrk(l.id[k],
				    "+() \t\n\v\f\r"))
					FUZZ_ASSERT(!spdx_unknown(&l, l.id[k], out,
					                          sizeof out));
			if (spdx_ok(s, &why))
				(void)spdx_unknown(&l, s, out, sizeof out);
			spdx_free(&l);
		}
		unlink(lists[i]);
	}
	free(s);
	return 0;
}

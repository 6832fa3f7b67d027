/* relkit — MIT licence, see LICENSE. */
/* Requirement files on arbitrary bytes: logical lines cover the input in
 * order, every span lies inside its line, and the helpers reqbump uses on
 * each line stay inside their spans. */
#include <string.h>

#include "fuzz.h"
#include "req.h"

static void
span(const struct req *r, struct reqspan s, size_t size)
{
	FUZZ_ASSERT(s.a <= s.b && s.b <= size);
	(void)r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reqfile rf;
	char *src, tag[256];
	size_t i, prev = 0;

	src = calloc(size ? size : 1, 1);
	memcpy(src, data, size);
	memset(&rf, 0, sizeof rf);
	req_parse(src, size, &rf);
	for (i = 0; i < rf.n; i++) {
		const struct req *r = &rf.r[i];
		struct reqspan name;

		FUZZ_ASSERT(r->off <= r->end && r->end <= size);
		FUZZ_ASSERT(r->off >= prev);
		FUZZ_ASSERT(r->line >= 1 && r->line <= r->lastline);
		prev = r->end;
		if (r->hasname)
			span(r, r->name, size);
		if (r->haspin) {
			span(r, r->pin, size);
			(void)req_localsuffix(src + r->pin.a, r->pin.b - r->pin.a);
		}
		if (r->kind == REQ_URL) {
			span(r, r->u.url, size);
			span(r, r->u.repo, size);
			if (r->u.hasref) {
				span(r, r->u.ref, size);
				req_newtag(src + r->u.ref.a, r->u.ref.b - r->u.ref.a,
				           "v2.0", tag, sizeof tag);
				FUZZ_ASSERT(strlen(tag) < sizeof tag);
			}
			if (r->u.hasegg)
				span(r, r->u.eggname, size);
			if (r->u.haseggver)
				span(r, r->u.eggver, size);
			if (r->u.hassubdir)
				span(r, r->u.subdir, size);
			(void)req_samerepo(src + r->u.url.a, r->u.url.b - r->u.url.a,
			                   "https://github.com/zulip/zulip.git");
		}
		if (req_project(src, r, &name))
			span(r, name, size);
	}
	req_free(&rf);
	free(src);
	return 0;
}
